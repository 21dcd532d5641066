//! The built-in components. Each is a thin adapter from the [`Component`] interface to the
//! pure functions of the crate that does the work.

use crate::Component;
use dateline_doc::{Doc, Layer};
use dateline_entities::EntityRecognizer;
use dateline_kb::Kb;
use std::sync::Arc;

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

/// Entities and actors (`dateline_entities`), with the knowledge base.
pub struct Entities(EntityRecognizer);

impl Entities {
    pub fn new(kb: Arc<Kb>) -> Entities {
        Entities(EntityRecognizer::new(kb))
    }
}

impl Component for Entities {
    fn name(&self) -> &'static str {
        dateline_entities::actors::COMPONENT
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Entities, Layer::Actors]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}
