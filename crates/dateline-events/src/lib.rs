//! The `events` layer: who did what to whom, coded in CAMEO and PLOVER, with the evidence.
//!
//! GDELT, PETRARCH and POLECAT code millions of events, but a user cannot see which words
//! of which sentence an event rests on. This crate codes fewer events, each with its
//! evidence: the sentence, the trigger words, the source and target mentions, the date and
//! how it was chosen, the place and the quotation it came from.
//!
//! How (see [`extract`]): the actors layer gives every participant
//! mention with a code ([`args`]); a hand-written lexicon of verbs and nouns gives the
//! actions ([`lexicon`], `data/triggers.tsv`); short patterns between them decide who is
//! the source and who the target (subject … verb … object, passives with "by",
//! nominalisations with a possessive or "by", "between X and Y"); words in front of the
//! trigger decide negation and modality; the times, places and quotes layers give date,
//! location and quotation. Code tables (Goldstein, QuadClass, PLOVER) are in [`codes`].
//! With the part-of-speech tagger, [`structure`] also codes the verb groups the patterns left
//! alone through PETRARCH2's verb dictionary, over the chunker's frames; with the dependency
//! parser too, a sentence where that reading leaves an event whose participants stand apart
//! from its trigger is read again over the frames of the parse, which also decide which of
//! the patterns' events stand.
//!
//! Everything is built once in [`EventCoder::new`] and shared read-only; [`EventCoder::run`]
//! does no I/O, never panics on any text, and works in time linear in the document (every
//! search is bounded by a fixed window and each sentence by a fixed number of events).

pub mod args;
pub mod codes;
pub mod extract;
pub mod lexicon;
pub use dateline_petrarch as petrarch;
pub mod structure;
mod verbal;

use std::sync::Arc;

use dateline_doc::{Doc, Layer, Provenance};
use dateline_syntax::{DepParser, Tagger};

/// The component name recorded in provenance.
pub const COMPONENT: &str = "events";

/// The event coder: lexicons built once, shared by every worker.
pub struct EventCoder {
    lexicon: lexicon::Lexicon,
    entity_lexicon: dateline_entities::lexicon::Lexicon,
    unknown_actors: bool,
    /// The part-of-speech tagger for the structural coder ([`structure`]); without it only
    /// the word patterns run.
    tagger: Option<Arc<Tagger>>,
    /// The dependency parser; with it (and the tagger) the structural coder reads tags and
    /// verb frames from a parse.
    parser: Option<Arc<DepParser>>,
}

impl Default for EventCoder {
    fn default() -> Self {
        EventCoder::new()
    }
}

impl EventCoder {
    pub fn new() -> EventCoder {
        EventCoder {
            lexicon: lexicon::Lexicon::builtin(),
            entity_lexicon: dateline_entities::lexicon::Lexicon::builtin(),
            unknown_actors: false,
            tagger: None,
            parser: None,
        }
    }

    /// Also codes events from sentence structure ([`structure`]): the verb groups the word
    /// patterns left alone, through PETRARCH2's verb dictionary.
    pub fn with_tagger(mut self, tagger: Option<Arc<Tagger>>) -> EventCoder {
        self.tagger = tagger;
        self
    }

    /// Reads sentence structure from a dependency parse (with the tagger also given).
    pub fn with_parser(mut self, parser: Option<Arc<DepParser>>) -> EventCoder {
        self.parser = parser;
        self
    }

    /// Also writes events between actors that have no CAMEO code, as "---" (CAMEO's code for
    /// an unknown actor): actors the entities layer gave no country, and capitalized names it
    /// missed altogether. Off by default: such events cannot be aggregated by actor; on, it
    /// lets the action coding be measured on text with unknown (e.g. fictional) actors.
    /// Either way unknown participants take part in the patterns (see [`args`]).
    pub fn with_unknown_actors(mut self, on: bool) -> EventCoder {
        self.unknown_actors = on;
        self
    }

    /// Adds the `events` layer. Needs tokens, sentences, entities and actors; uses quotes,
    /// times and places when present (without them events have no quote, only the
    /// publication date, and no place).
    pub fn run(&self, doc: &mut Doc) {
        let events = extract::extract(
            doc,
            &self.lexicon,
            &self.entity_lexicon,
            self.tagger.as_deref(),
            self.parser.as_deref(),
            self.unknown_actors,
        );
        doc.events = events;
        doc.mark_done(Layer::Events, Provenance::rule(COMPONENT, "patterns-v2"));
    }
}
