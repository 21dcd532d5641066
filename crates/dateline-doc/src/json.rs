//! The JSON shape of a document, as `shared/eval/FORMAT.md` defines it.
//!
//! Offsets are converted here, and only here, from internal byte ranges to character
//! (code point) offsets. Each annotation writes its rule (and confidence, where one exists);
//! the component that built each layer is written once, under `"provenance"`.
//! [`crate::json_read`] reads this shape back into a `Doc`.

use crate::doc::{Doc, Layer};
use crate::layers::{ActorKind, EntityLabel, Gender, MentionKind, TokenKind};
use crate::offsets::CharOffsets;
use crate::span::{Provenance, Span};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Serializes `doc` with the listed layers (those it has; others are skipped).
pub fn to_writer<W: std::io::Write>(
    writer: W,
    doc: &Doc,
    layers: &[Layer],
    pretty: bool,
) -> serde_json::Result<()> {
    let out = DocJson::new(doc, layers);
    if pretty {
        serde_json::to_writer_pretty(writer, &out)
    } else {
        serde_json::to_writer(writer, &out)
    }
}

/// A serializable view of a `Doc` restricted to some layers.
pub struct DocJson<'a> {
    doc: &'a Doc,
    layers: Vec<Layer>,
    offsets: Offsets<'a>,
}

impl<'a> DocJson<'a> {
    pub fn new(doc: &'a Doc, layers: &[Layer]) -> DocJson<'a> {
        DocJson {
            doc,
            layers: Layer::ALL
                .into_iter()
                .filter(|l| layers.contains(l) && doc.has_layer(*l))
                .collect(),
            offsets: Offsets(CharOffsets::new(doc.text())),
        }
    }

    fn start(&self, span: Span) -> usize {
        self.offsets.0.char_offset(span.start as usize)
    }

    fn end(&self, span: Span) -> usize {
        self.offsets.0.char_offset(span.end as usize)
    }

    /// A layer whose type writes its own JSON shape.
    fn layer<'s, T: ToJson>(&'s self, items: &'s [T]) -> impl Serialize + 's {
        Seq(move || items.iter().map(|x| x.to_json(&self.offsets)))
    }
}

/// Converts a document's byte spans to the character offsets of the output.
pub struct Offsets<'a>(CharOffsets<'a>);

impl Offsets<'_> {
    pub fn start(&self, span: Span) -> usize {
        self.0.char_offset(span.start as usize)
    }

    pub fn end(&self, span: Span) -> usize {
        self.0.char_offset(span.end as usize)
    }
}

/// A layer's annotation type that writes its own JSON object (with `start`/`end` from
/// [`Offsets`] and its provenance, see [`with_provenance`]).
pub trait ToJson {
    fn to_json(&self, offsets: &Offsets<'_>) -> serde_json::Value;
}

/// Adds `component`, `rule` and `confidence` to a JSON object.
pub fn with_provenance(mut value: serde_json::Value, p: &Provenance) -> serde_json::Value {
    if let Some(map) = value.as_object_mut() {
        map.insert("component".into(), p.component.into());
        map.insert("rule".into(), p.rule.into());
        if let Some(c) = p.confidence {
            map.insert("confidence".into(), serde_json::json!(c));
        }
    }
    value
}

/// Serializes the items an iterator-making closure yields, as a JSON array, without
/// collecting them first.
struct Seq<F>(F);

/// A JSON object whose small members are a `Value` map (`head`) and whose long lists are
/// made item by item while it is written (`lists`): the same bytes as the one `Value`
/// with every member, without holding every item's `Value` at once. A long document's
/// tone (a member per sentence and per scored word) and substance (per statement) would
/// otherwise be built whole before a byte is written: most of the peak memory of
/// analysing a 10 MB document.
pub struct LazyObject<'a> {
    pub head: serde_json::Map<String, serde_json::Value>,
    pub lists: Vec<(&'static str, ItemsFn<'a>)>,
}

/// The items of one of a [`LazyObject`]'s lists, made again each time it is written.
pub type ItemsFn<'a> = Box<dyn Fn() -> Box<dyn Iterator<Item = serde_json::Value> + 'a> + 'a>;

impl Serialize for LazyObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The members in the order serde_json's own map keeps them (sorted, unless its
        // `preserve_order` feature is on), lists included, so the bytes do not change.
        let mut order = self.head.clone();
        for (key, _) in &self.lists {
            order.insert((*key).to_string(), serde_json::Value::Null);
        }
        let mut m = s.serialize_map(Some(order.len()))?;
        for key in order.keys() {
            match self.lists.iter().find(|(k, _)| k == key) {
                Some((_, items)) => m.serialize_entry(key, &Seq(items))?,
                None => m.serialize_entry(key, &self.head[key])?,
            }
        }
        m.end()
    }
}

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct TokenOut<'a> {
    start: usize,
    end: usize,
    kind: TokenKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    norm: Option<&'a str>,
}

#[derive(Serialize)]
struct SegmentOut {
    start: usize,
    end: usize,
    rule: &'static str,
}

/// The id an actor has in JSON output: "A" and its index.
pub fn actor_id(index: u32) -> String {
    format!("A{index}")
}

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    label: EntityLabel,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct ActorOut<'a, M, E> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: ActorKind,
    roles: &'a [String],
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    mentions: M,
    evidence: E,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    start: usize,
    end: usize,
    kind: MentionKind,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    start: usize,
    end: usize,
    what: &'static str,
    value: &'a str,
    #[serde(flatten)]
    by: &'a Provenance,
}

impl Serialize for DocJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        let meta = &doc.meta;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &meta.id)?;
        m.serialize_entry("text", doc.text())?;
        if let Some(p) = &meta.published {
            m.serialize_entry("published", &p.to_string())?;
        }
        for (key, value) in [
            ("url", &meta.url),
            ("title", &meta.title),
            ("byline", &meta.byline),
            ("language", &meta.language),
            ("source", &meta.source),
        ] {
            if let Some(v) = value {
                m.serialize_entry(key, v)?;
            }
        }
        if !meta.extra.is_empty() {
            m.serialize_entry("meta", &meta.extra)?;
        }
        let provenance: std::collections::BTreeMap<&str, &Provenance> = doc
            .layer_provenance()
            .iter()
            .filter(|(l, _)| self.layers.contains(l))
            .map(|(l, p)| (l.name(), p))
            .collect();
        if !provenance.is_empty() {
            m.serialize_entry("provenance", &provenance)?;
        }
        for &layer in &self.layers {
            let key = layer.name();
            match layer {
                Layer::Tokens => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.tokens.iter().map(|t| {
                            let norm = doc.token_norm(t);
                            TokenOut {
                                start: self.start(t.span),
                                end: self.end(t.span),
                                kind: t.kind,
                                norm: (norm != doc.slice(t.span)).then_some(norm),
                            }
                        })
                    }),
                )?,
                Layer::Sentences => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.sentences.iter().map(|x| SegmentOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            rule: x.provenance.rule,
                        })
                    }),
                )?,
                Layer::Paragraphs => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.paragraphs.iter().map(|x| SegmentOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            rule: x.provenance.rule,
                        })
                    }),
                )?,
                Layer::Entities => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.entities.iter().map(|x| EntityOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            label: x.label,
                            name: &x.name,
                            actor: x.actor.map(actor_id),
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Actors => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.actors.iter().enumerate().map(|(i, a)| ActorOut {
                            id: actor_id(i as u32),
                            name: &a.name,
                            kind: a.kind,
                            roles: &a.roles,
                            country: a.country.as_deref(),
                            code: a.code.as_deref(),
                            gender: a.gender,
                            mentions: Seq(move || {
                                a.mentions.iter().map(|m| MentionOut {
                                    start: self.start(m.span),
                                    end: self.end(m.span),
                                    kind: m.kind,
                                    by: &m.provenance,
                                })
                            }),
                            evidence: Seq(move || {
                                a.evidence.iter().map(|e| EvidenceOut {
                                    start: self.start(e.span),
                                    end: self.end(e.span),
                                    what: e.what,
                                    value: &e.value,
                                    by: &e.provenance,
                                })
                            }),
                        })
                    }),
                )?,
                Layer::Quotes => m.serialize_entry(key, &self.layer(&doc.quotes))?,
                Layer::Times => m.serialize_entry(key, &self.layer(&doc.times))?,
                Layer::Places => m.serialize_entry(key, &self.layer(&doc.places))?,
                Layer::Amounts => m.serialize_entry(key, &self.layer(&doc.amounts))?,
                Layer::Events => m.serialize_entry(key, &self.layer(&doc.events))?,
                Layer::Tone => {
                    if let Some(tone) = &doc.tone {
                        m.serialize_entry(key, &tone.to_json_lazy(&self.offsets))?;
                    }
                }
                Layer::Substance => {
                    if let Some(substance) = &doc.substance {
                        m.serialize_entry(key, &substance.to_json_lazy(&self.offsets))?;
                    }
                }
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Metadata, Published, Sentence};

    #[test]
    fn writes_character_offsets_and_metadata() {
        let mut meta = Metadata::with_id("doc-1");
        meta.published = Some(Published::parse("2025-08-16").unwrap());
        meta.extra.insert("publisher".into(), "Example".into());
        let text = "“Ja,” he said. Next.";
        let mut doc = Doc::new(meta, text.into()).unwrap();
        let second = text.find("Next").unwrap();
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, second - 1),
                tokens: 0..0,
                provenance: Provenance::rule("sentences", "terminal"),
            },
            Sentence {
                span: Span::new(second, text.len()),
                tokens: 0..0,
                provenance: Provenance::rule("sentences", "end-of-text"),
            },
        ];
        doc.mark_done(Layer::Sentences, Provenance::rule("sentences", "rules"));
        let mut out = Vec::new();
        to_writer(&mut out, &doc, &[Layer::Sentences, Layer::Quotes], false).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["id"], "doc-1");
        assert_eq!(v["published"], "2025-08-16");
        assert_eq!(v["meta"]["publisher"], "Example");
        assert_eq!(v["sentences"][0]["start"], 0);
        assert_eq!(v["sentences"][0]["end"], 14);
        assert_eq!(v["sentences"][1]["start"], 15);
        assert_eq!(v["sentences"][1]["end"], 20);
        assert_eq!(v["provenance"]["sentences"]["component"], "sentences");
        // Quotes were asked for but never built: absent, not an empty list.
        assert!(v.get("quotes").is_none());
    }
}
