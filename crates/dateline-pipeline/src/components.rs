//! The built-in components. Each is a thin adapter from the [`Component`] interface to the
//! pure functions of the crate that does the work.

use crate::Component;
use dateline_doc::{Doc, Layer};

/// Normalization and tokenization (`dateline_text::tokenize_doc`).
pub struct Tokenizer;

impl Component for Tokenizer {
    fn name(&self) -> &'static str {
        dateline_text::TOKENIZER
    }
    fn needs(&self) -> &'static [Layer] {
        &[]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn run(&self, doc: &mut Doc) {
        dateline_text::tokenize_doc(doc);
    }
}

/// Sentence and paragraph splitting (`dateline_text::split_doc`).
pub struct Sentencizer;

impl Component for Sentencizer {
    fn name(&self) -> &'static str {
        dateline_text::SENTENCIZER
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Paragraphs]
    }
    fn run(&self, doc: &mut Doc) {
        dateline_text::split_doc(doc);
    }
}
