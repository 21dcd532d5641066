//! The built-in components. Each is a thin adapter from the [`Component`] interface to the
//! pure functions of the crate that does the work.

use crate::Component;
use dateline_amounts::AmountTagger;
use dateline_doc::{Doc, Layer};
use dateline_entities::EntityRecognizer;
use dateline_events::EventCoder;
use dateline_kb::Kb;
use dateline_places::PlaceResolver;
use dateline_quotes::QuoteFinder;
use dateline_times::TimeTagger;
use dateline_tone::{SubstanceScorer, ToneLexicon, ToneScorer};
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

/// Quotations, speakers and reported speech (`dateline_quotes`).
pub struct Quotes(QuoteFinder);

impl Quotes {
    pub fn new() -> Quotes {
        Quotes(QuoteFinder::new())
    }
}

impl Default for Quotes {
    fn default() -> Self {
        Quotes::new()
    }
}

impl Component for Quotes {
    fn name(&self) -> &'static str {
        dateline_quotes::COMPONENT
    }
    fn needs(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Paragraphs,
            Layer::Entities,
            Layer::Actors,
        ]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

/// Places resolved to the gazetteer (`dateline_places`).
pub struct Places(PlaceResolver);

impl Places {
    pub fn new(kb: Arc<Kb>) -> Places {
        Places(PlaceResolver::new(kb))
    }
}

impl Component for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn needs(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Entities,
            Layer::Actors,
        ]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

/// Time expressions normalised against the publication date (`dateline_times`).
pub struct Times(TimeTagger);

impl Component for Times {
    fn name(&self) -> &'static str {
        "times"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

impl Default for Times {
    fn default() -> Self {
        Times(TimeTagger::new())
    }
}

/// Money, percentages and counts (`dateline_amounts`).
pub struct Amounts(AmountTagger);

impl Component for Amounts {
    fn name(&self) -> &'static str {
        "amounts"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Amounts]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

impl Default for Amounts {
    fn default() -> Self {
        Amounts(AmountTagger::new())
    }
}

/// Coded events: who did what to whom (`dateline_events`).
pub struct Events(EventCoder);

impl Default for Events {
    fn default() -> Self {
        Events(EventCoder::new())
    }
}

impl Component for Events {
    fn name(&self) -> &'static str {
        dateline_events::COMPONENT
    }
    fn needs(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Entities,
            Layer::Actors,
            Layer::Quotes,
            Layer::Times,
            Layer::Places,
        ]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

/// Document and sentence tone from the VADER lexicon (`dateline_tone`).
pub struct Tone(ToneScorer);

impl Tone {
    pub fn new(lexicon: Arc<ToneLexicon>) -> Tone {
        Tone(ToneScorer::new(lexicon))
    }
}

impl Component for Tone {
    fn name(&self) -> &'static str {
        "tone"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Entities]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Tone]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}

/// Concrete commitments versus vague statements (`dateline_tone::SubstanceScorer`).
pub struct Substance(SubstanceScorer);

impl Default for Substance {
    fn default() -> Self {
        Substance(SubstanceScorer::new())
    }
}

impl Component for Substance {
    fn name(&self) -> &'static str {
        "substance"
    }
    fn needs(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Entities,
            Layer::Actors,
            Layer::Quotes,
            Layer::Times,
            Layer::Places,
            Layer::Amounts,
        ]
    }
    fn adds(&self) -> &'static [Layer] {
        &[Layer::Substance]
    }
    fn run(&self, doc: &mut Doc) {
        self.0.run(doc);
    }
}
