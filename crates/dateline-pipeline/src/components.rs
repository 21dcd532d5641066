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

/// Declares a component wrapping an analysis type that has `run(&self, &mut Doc)`: the
/// wrapper only states the component's name and the layers it needs and adds.
macro_rules! component {
    ($(#[$attr:meta])* $name:ident($inner:ty), $label:expr, needs [$($need:ident),*], adds [$($add:ident),*]) => {
        $(#[$attr])*
        pub struct $name($inner);

        impl Component for $name {
            fn name(&self) -> &'static str {
                $label
            }
            fn needs(&self) -> &'static [Layer] {
                &[$(Layer::$need),*]
            }
            fn adds(&self) -> &'static [Layer] {
                &[$(Layer::$add),*]
            }
            fn run(&self, doc: &mut Doc) {
                self.0.run(doc);
            }
        }
    };
}

component!(
    /// Entities and actors (`dateline_entities`), with the knowledge base.
    Entities(EntityRecognizer), dateline_entities::actors::COMPONENT,
    needs [Tokens, Sentences], adds [Entities, Actors]
);

impl Entities {
    pub fn new(kb: Arc<Kb>) -> Entities {
        Entities(EntityRecognizer::new(kb))
    }
}

component!(
    /// Quotations, speakers and reported speech (`dateline_quotes`).
    Quotes(QuoteFinder), dateline_quotes::COMPONENT,
    needs [Tokens, Sentences, Paragraphs, Entities, Actors], adds [Quotes]
);

impl Default for Quotes {
    fn default() -> Self {
        Quotes(QuoteFinder::new())
    }
}

component!(
    /// Places resolved to the gazetteer (`dateline_places`).
    Places(PlaceResolver), "places",
    needs [Tokens, Sentences, Entities, Actors], adds [Places]
);

impl Places {
    pub fn new(kb: Arc<Kb>) -> Places {
        Places(PlaceResolver::new(kb))
    }
}

component!(
    /// Time expressions normalised against the publication date (`dateline_times`).
    Times(TimeTagger), "times",
    needs [Tokens, Sentences], adds [Times]
);

impl Default for Times {
    fn default() -> Self {
        Times(TimeTagger::new())
    }
}

component!(
    /// Money, percentages and counts (`dateline_amounts`).
    Amounts(AmountTagger), "amounts",
    needs [Tokens, Sentences], adds [Amounts]
);

impl Default for Amounts {
    fn default() -> Self {
        Amounts(AmountTagger::new())
    }
}

component!(
    /// Coded events: who did what to whom (`dateline_events`).
    Events(EventCoder), dateline_events::COMPONENT,
    needs [Tokens, Sentences, Entities, Actors, Quotes, Times, Places], adds [Events]
);

impl Default for Events {
    fn default() -> Self {
        Events(EventCoder::new())
    }
}

impl Events {
    /// The coder with the part-of-speech tagger, which adds events read from sentence
    /// structure (`dateline_events::structure`).
    pub fn with_tagger(tagger: Option<Arc<dateline_syntax::Tagger>>) -> Events {
        Events(EventCoder::new().with_tagger(tagger))
    }

    /// The coder with the tagger and the dependency parser (see
    /// `dateline_syntax::dep::frames`).
    pub fn with_syntax(
        tagger: Option<Arc<dateline_syntax::Tagger>>,
        parser: Option<Arc<dateline_syntax::DepParser>>,
    ) -> Events {
        Events(EventCoder::new().with_tagger(tagger).with_parser(parser))
    }
}

component!(
    /// Document and sentence tone from the VADER lexicon (`dateline_tone`).
    Tone(ToneScorer), "tone",
    needs [Tokens, Sentences, Entities], adds [Tone]
);

impl Tone {
    pub fn new(lexicon: Arc<ToneLexicon>) -> Tone {
        Tone(ToneScorer::new(lexicon))
    }
}

component!(
    /// Concrete commitments versus vague statements (`dateline_tone::SubstanceScorer`).
    Substance(SubstanceScorer), "substance",
    needs [Tokens, Sentences, Entities, Actors, Quotes, Times, Places, Amounts], adds [Substance]
);

impl Default for Substance {
    fn default() -> Self {
        Substance(SubstanceScorer::new())
    }
}
