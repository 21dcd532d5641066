//! The document model every dateline stage shares.
//!
//! A [`Doc`] owns the original text of one news document exactly as it was read, its
//! [`Metadata`], and the annotation layers that pipeline components add to it (tokens,
//! sentences, paragraphs, and later entities, quotes, times, places, amounts, events).
//!
//! Two rules hold for every layer:
//!
//! * **Spans are byte ranges into the original text** ([`Span`]). Byte ranges make slicing
//!   free inside Rust; the conversion to the character (code point) offsets that the JSON
//!   output and `shared/eval/FORMAT.md` use happens once, at the edge, in [`json`] (and
//!   back, for documents read from stored JSON, in [`json_read`]).
//! * **Every annotation says where it came from** ([`Provenance`]): the component, the rule
//!   or model inside it, and a confidence where one exists. Tokens are the exception that
//!   proves the rule: there are millions of them, so their provenance is recorded once per
//!   layer (see [`Doc::layer_provenance`]).
//!
//! This crate does no I/O and knows nothing about how text is segmented or read.

mod doc;
pub mod english;
pub mod json;
pub mod json_read;
mod layers;
mod meta;
mod norm;
mod offsets;
pub mod pack;
mod span;

pub use doc::{Doc, DocError, Layer, MAX_DOC_BYTES};
pub use json_read::{FromJsonError, from_json, from_value};
pub use layers::{
    Actor, ActorKind, Amount, Entity, EntityLabel, Event, Evidence, Gender, Mention, MentionKind,
    Paragraph, Place, Quote, Sentence, Statement, Substance, TimeExpr, Token, TokenKind, Tone,
    ToneScores,
};
pub use meta::{Metadata, Published, PublishedParseError};
pub use norm::{Edit, NormalizedText, OrderedMapper};
pub use offsets::CharOffsets;
pub use span::{Provenance, Span};
