//! Reading the model's files as the spaCy wheel ships them: thinc's MessagePack models
//! (`tok2vec/model`, `tagger/model`, `parser/model`), the tag names (`tagger/cfg`, JSON),
//! the parser's actions (`parser/moves`) and the norm table (`vocab/lookups.bin`).
//!
//! Layers are found by their node names and shapes, and every shape is checked against
//! the next layer's, so a different model is refused with a message rather than run.

use std::collections::HashMap;

use super::DepError;
use super::arc_eager::Move;
use super::msgpack::{self, Value};
use super::net::{HashEmbed, LayerNorm, Linear, Lower, Matrix, Maxout, Tok2Vec};

fn bad(msg: impl Into<String>) -> DepError {
    DepError::Format(msg.into())
}

/// A thinc model file: its nodes (names), attributes and parameters.
struct ThincModel<'a> {
    nodes: Vec<(String, &'a Value<'a>)>,
    attrs: &'a [Value<'a>],
    params: &'a [Value<'a>],
}

impl<'a> ThincModel<'a> {
    fn new(root: &'a Value<'a>, what: &str) -> Result<ThincModel<'a>, DepError> {
        let field = |name: &str| {
            root.get(name)
                .and_then(Value::as_array)
                .ok_or_else(|| bad(format!("{what}: no `{name}` list")))
        };
        let nodes = field("nodes")?
            .iter()
            .map(|n| {
                let name = n
                    .get("name")
                    .and_then(Value::text)
                    .unwrap_or("")
                    .to_string();
                (name, n)
            })
            .collect();
        Ok(ThincModel {
            nodes,
            attrs: field("attrs")?,
            params: field("params")?,
        })
    }

    /// Indexes of the nodes named `name`, in order.
    fn named(&self, name: &str) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].0 == name)
            .collect()
    }

    fn param(&self, node: usize, name: &str) -> Result<(Vec<usize>, Vec<f32>), DepError> {
        let array = self
            .params
            .get(node)
            .and_then(|p| p.get(name))
            .ok_or_else(|| {
                bad(format!(
                    "node {node} ({}) has no `{name}`",
                    self.nodes[node].0
                ))
            })?;
        ndarray(array)
    }

    /// An attribute, itself stored as a MessagePack-encoded value.
    fn attr_int(&self, node: usize, name: &str) -> Option<i128> {
        let raw = self.attrs.get(node)?.get(name)?.as_bytes()?;
        msgpack::parse(raw).ok()?.as_int()
    }
}

/// A msgpack-numpy array of little-endian `f4`: its shape and values.
fn ndarray(value: &Value<'_>) -> Result<(Vec<usize>, Vec<f32>), DepError> {
    let kind = value.get("type").and_then(Value::text).unwrap_or("");
    if kind != "<f4" {
        return Err(bad(format!("array of type {kind:?}, expected <f4")));
    }
    let shape: Vec<usize> = value
        .get("shape")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("array without shape"))?
        .iter()
        .map(|d| d.as_int().and_then(|d| usize::try_from(d).ok()))
        .collect::<Option<_>>()
        .ok_or_else(|| bad("array with a bad shape"))?;
    let data = value
        .get("data")
        .and_then(Value::as_bytes)
        .ok_or_else(|| bad("array without data"))?;
    let count = shape.iter().product::<usize>();
    if data.len() != count * 4 {
        return Err(bad(format!(
            "array of shape {shape:?} holds {} bytes",
            data.len()
        )));
    }
    let values = data
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Ok((shape, values))
}

fn matrix(shape: &[usize], data: Vec<f32>, rows: usize) -> Result<Matrix, DepError> {
    let total: usize = shape.iter().product();
    if rows == 0 || total % rows != 0 {
        return Err(bad(format!("cannot view {shape:?} as {rows} rows")));
    }
    Ok(Matrix::weights(rows, total / rows, data))
}

fn maxout(m: &ThincModel<'_>, node: usize) -> Result<Maxout, DepError> {
    let (shape, w) = m.param(node, "W")?;
    let (_, b) = m.param(node, "b")?;
    let [units, pieces, _] = shape[..] else {
        return Err(bad(format!("maxout weights of shape {shape:?}")));
    };
    Ok(Maxout {
        units,
        pieces,
        w: matrix(&shape, w, units * pieces)?,
        b,
    })
}

fn layer_norm(m: &ThincModel<'_>, node: usize) -> Result<LayerNorm, DepError> {
    Ok(LayerNorm {
        g: m.param(node, "G")?.1,
        b: m.param(node, "b")?.1,
    })
}

fn linear(m: &ThincModel<'_>, node: usize) -> Result<Linear, DepError> {
    let (shape, w) = m.param(node, "W")?;
    let (_, b) = m.param(node, "b")?;
    let rows = *shape
        .first()
        .ok_or_else(|| bad("linear layer without shape"))?;
    if b.len() != rows {
        return Err(bad("linear layer: bias and weights disagree"));
    }
    Ok(Linear {
        w: matrix(&shape, w, rows)?,
        b,
    })
}

pub fn tok2vec(bytes: &[u8]) -> Result<Tok2Vec, DepError> {
    let root = msgpack::parse(bytes)?;
    let m = ThincModel::new(&root, "tok2vec/model")?;
    let mut embeds = Vec::new();
    for node in m.named("hashembed") {
        let (shape, e) = m.param(node, "E")?;
        let seed = m
            .attr_int(node, "seed")
            .and_then(|s| u32::try_from(s).ok())
            .ok_or_else(|| bad("hash embedding without seed"))?;
        let rows = *shape.first().unwrap_or(&0);
        embeds.push((
            m.attr_int(node, "column").unwrap_or(0),
            HashEmbed {
                seed,
                table: matrix(&shape, e, rows)?,
            },
        ));
    }
    embeds.sort_by_key(|(column, _)| *column);
    let embeds: Vec<HashEmbed> = embeds.into_iter().map(|(_, e)| e).collect();
    if embeds.len() != 6 {
        return Err(bad(format!("{} hash embeddings, expected 6", embeds.len())));
    }
    let width = embeds[0].table.cols;
    let maxouts = m.named("maxout");
    let norms = m.named("layernorm");
    if maxouts.len() != norms.len() || maxouts.is_empty() {
        return Err(bad("tok2vec: maxout and layernorm layers do not pair up"));
    }
    let mut layers = Vec::new();
    for (&mo, &ln) in maxouts.iter().zip(&norms) {
        layers.push((maxout(&m, mo)?, layer_norm(&m, ln)?));
    }
    let reduce = layers.remove(0);
    if reduce.0.w.cols != width * embeds.len() || reduce.0.units != width {
        return Err(bad(
            "tok2vec: the first maxout does not take the embeddings",
        ));
    }
    if layers
        .iter()
        .any(|(mo, ln)| mo.w.cols != 3 * width || mo.units != width || ln.g.len() != width)
    {
        return Err(bad("tok2vec: an encoder block is not a window of one word"));
    }
    // The encoder's `with_array` pads each document with zero rows (`pad`).
    let pad = (0..m.nodes.len())
        .filter(|&i| m.nodes[i].0.starts_with("with_array(residual"))
        .find_map(|i| m.attr_int(i, "pad"))
        .and_then(|p| usize::try_from(p).ok())
        .unwrap_or(0);
    Ok(Tok2Vec::new(embeds, reduce, layers, width, pad))
}

pub fn tagger(bytes: &[u8], cfg: &[u8]) -> Result<(Linear, Vec<String>), DepError> {
    let root = msgpack::parse(bytes)?;
    let m = ThincModel::new(&root, "tagger/model")?;
    let node = *m
        .named("softmax")
        .first()
        .ok_or_else(|| bad("tagger/model: no softmax layer"))?;
    let layer = linear(&m, node)?;
    let cfg: serde_json::Value =
        serde_json::from_slice(cfg).map_err(|e| bad(format!("tagger/cfg: {e}")))?;
    let labels: Vec<String> = cfg
        .get("labels")
        .and_then(|l| l.as_array())
        .ok_or_else(|| bad("tagger/cfg: no labels"))?
        .iter()
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    if labels.len() != layer.outputs() {
        return Err(bad("tagger: labels and outputs disagree"));
    }
    Ok((layer, labels))
}

/// The parser's layers and its actions (move, label id), with the label names.
pub struct ParserParts {
    pub project: Linear,
    pub lower: Lower,
    pub upper: Linear,
    pub actions: Vec<(Move, u16)>,
    pub labels: Vec<String>,
}

pub fn parser(bytes: &[u8], moves: &[u8]) -> Result<ParserParts, DepError> {
    let root = msgpack::parse(bytes)?;
    let m = ThincModel::new(&root, "parser/model")?;
    let upper_node = m.nodes[0]
        .1
        .get("refs")
        .and_then(|r| r.get("upper"))
        .and_then(Value::as_int)
        .and_then(|i| usize::try_from(i).ok())
        .ok_or_else(|| bad("parser/model: no upper layer"))?;
    let project_node = *m
        .named("linear")
        .iter()
        .find(|&&i| i != upper_node)
        .ok_or_else(|| bad("parser/model: no projection layer"))?;
    let lower_node = *m
        .named("precomputable_affine")
        .first()
        .ok_or_else(|| bad("parser/model: no precomputable affine layer"))?;
    let (shape, w) = m.param(lower_node, "W")?;
    let [features, hidden, pieces, _] = shape[..] else {
        return Err(bad(format!("lower layer of shape {shape:?}")));
    };
    let lower = Lower {
        features,
        hidden,
        pieces,
        w: matrix(&shape, w, features * hidden * pieces)?,
        b: m.param(lower_node, "b")?.1,
        pad: m.param(lower_node, "pad")?.1,
    };
    let project = linear(&m, project_node)?;
    let upper = linear(&m, upper_node)?;
    if project.outputs() != lower.w.cols
        || upper.w.cols != hidden
        || lower.b.len() != hidden * pieces
        || lower.pad.len() != features * hidden * pieces
        || features != 8
    {
        return Err(bad("parser/model: layer shapes do not chain"));
    }
    let (actions, labels) = actions(moves)?;
    if actions.len() != upper.outputs() {
        return Err(bad(format!(
            "parser: {} actions for {} outputs",
            actions.len(),
            upper.outputs()
        )));
    }
    Ok(ParserParts {
        project,
        lower,
        upper,
        actions,
        labels,
    })
}

/// The actions in the order of the model's outputs: moves in order, each move's labels by
/// training frequency, most frequent first (ties: the label later in byte order first),
/// as spaCy orders them.
/// The parser's actions (move, label id) in output order, and the label names.
type Actions = (Vec<(Move, u16)>, Vec<String>);

fn actions(bytes: &[u8]) -> Result<Actions, DepError> {
    let root = msgpack::parse(bytes)?;
    let json = root
        .get("moves")
        .and_then(Value::text)
        .ok_or_else(|| bad("parser/moves: no moves"))?;
    let moves: HashMap<String, HashMap<String, i64>> =
        serde_json::from_str(json).map_err(|e| bad(format!("parser/moves: {e}")))?;
    let mut keyed: Vec<(i128, Vec<(i64, String)>)> = Vec::new();
    for (key, labels) in moves {
        let index: i128 = key
            .parse()
            .map_err(|_| bad(format!("parser/moves: move {key:?}")))?;
        let mut labels: Vec<(i64, String)> = labels.into_iter().map(|(l, f)| (f, l)).collect();
        labels.sort();
        labels.reverse();
        keyed.push((index, labels));
    }
    keyed.sort_by_key(|(i, _)| *i);
    let mut names: Vec<String> = Vec::new();
    let mut ids: HashMap<String, u16> = HashMap::new();
    let mut out = Vec::new();
    for (index, labels) in keyed {
        let mv = Move::from_index(index).ok_or_else(|| bad(format!("unknown move {index}")))?;
        for (_, label) in labels {
            let next = names.len() as u16;
            let id = *ids.entry(label.clone()).or_insert_with(|| {
                names.push(label.clone());
                next
            });
            out.push((mv, id));
        }
    }
    // A lifted arc's label loses its decoration ("dobj||xcomp" -> "dobj"): every part
    // gets an id, so the parse never meets a label without one.
    for name in names.clone() {
        for part in name.split("||") {
            if !names.iter().any(|n| n == part) {
                names.push(part.to_string());
            }
        }
    }
    Ok((out, names))
}

/// The `lexeme_norm` table: hash of a word → its norm.
pub fn norms(bytes: &[u8]) -> Result<HashMap<u64, String>, DepError> {
    let root = msgpack::parse(bytes)?;
    let table = root
        .get("lexeme_norm")
        .ok_or_else(|| bad("vocab/lookups.bin: no lexeme_norm table"))?;
    let Value::Map(entries) = table else {
        return Err(bad("vocab/lookups.bin: lexeme_norm is not a table"));
    };
    let mut out = HashMap::with_capacity(entries.len());
    for (key, value) in entries {
        if let (Some(key), Some(norm)) = (key.as_int(), value.text()) {
            out.insert(key as u64, norm.to_string());
        }
    }
    Ok(out)
}
