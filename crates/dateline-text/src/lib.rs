//! Text layers for news: normalization, tokens, sentences and paragraphs.
//!
//! The stages, in order:
//!
//! 1. [`normalize`] smooths typographic variants (NBSP, soft hyphens, zero-width
//!    characters, curly quotes, unusual hyphens, ligatures) into a matching view of the
//!    text that keeps an exact map back to the original ([`dateline_doc::NormalizedText`]).
//! 2. [`tokenize`] cuts the normalized text into tokens with news in mind: abbreviations and
//!    titles keep their period ("U.S.", "Lt.", "Jan."), initials stay initials ("George W.
//!    Bush"), numbers keep their separators ("7.2", "3,000"), possessive clitics split off
//!    ("Trump" + "’s"), and every token records the white space before it.
//! 3. [`split_sentences`] groups tokens into sentences and paragraphs, from punctuation, the
//!    class of an abbreviation, the word after a possible boundary and the line structure
//!    of the document (headline and byline lines, hard-wrapped text).
//!
//! Everything here is pure: text in, annotations out. [`segment`] runs all three on a
//! [`dateline_doc::Doc`].

mod abbreviations;
mod normalize;
mod sentences;
mod tokenize;

pub use abbreviations::{AbbreviationClass, abbreviation_class};
pub use normalize::normalize;
pub use sentences::{Segmentation, split_sentences};
pub use tokenize::tokenize;

use dateline_doc::{Doc, Layer, Provenance};

/// The component name recorded in provenance for the tokenizer.
pub const TOKENIZER: &str = "tokenizer";
/// The component name recorded in provenance for the sentence splitter.
pub const SENTENCIZER: &str = "sentencizer";

/// Normalizes and tokenizes `doc` (adds the normalized view and [`Layer::Tokens`]).
pub fn tokenize_doc(doc: &mut Doc) {
    let normalized = normalize(doc.text());
    doc.set_normalized(normalized);
    let tokens = tokenize(doc.normalized_text(), doc.normalized());
    doc.tokens = tokens;
    doc.mark_done(Layer::Tokens, Provenance::rule(TOKENIZER, "news-rules-v1"));
}

/// Splits a tokenized `doc` into sentences and paragraphs.
pub fn split_doc(doc: &mut Doc) {
    let Segmentation {
        sentences,
        paragraphs,
    } = split_sentences(doc.normalized_text(), &doc.tokens, doc.text());
    doc.sentences = sentences;
    doc.paragraphs = paragraphs;
    let provenance = Provenance::rule(SENTENCIZER, "news-rules-v1");
    doc.mark_done(Layer::Sentences, provenance);
    doc.mark_done(Layer::Paragraphs, provenance);
}

/// Tokens, sentences and paragraphs in one call.
pub fn segment(doc: &mut Doc) {
    tokenize_doc(doc);
    split_doc(doc);
}
