//! Named entities and actors.
//!
//! In a news report the same person appears as "US President Donald Trump", "President
//! Trump", "Trump", "Trump’s" and "he"; a government as "Washington", "Moscow", "the
//! Kremlin". This crate finds the names ([`recognize`]), joins every mention to one actor
//! with its roles and country ([`actors`]) and resolves personal pronouns to people
//! ([`pronouns`]). It writes two layers: `entities` (each named mention with its label,
//! canonical name and actor) and `actors` (each actor with all its mentions, pronouns
//! included, and the evidence for its role, country and gender).
//! Entities may overlap: a facility named after its town ("Greer City Hall") also carries
//! the town as a nested GPE entity with rule `nested-place` (see [`recognize`]).
//!
//! Knowledge comes from two places: the hand-written lexicons in `data/` (titles,
//! organisation cues, known organisations, common words, speech verbs; see
//! [`lexicon::Lexicon`]) and the geographic knowledge base (`dateline-kb`). Both are built
//! once and shared read-only by every worker thread. No I/O happens here.

pub mod actors;
pub mod lexicon;
pub mod pronouns;
pub mod recognize;

use dateline_doc::{Doc, Layer, Provenance};
use dateline_kb::Kb;
use lexicon::Lexicon;
use std::sync::Arc;

/// The entity and actor component.
pub struct EntityRecognizer {
    kb: Arc<Kb>,
    lexicon: Lexicon,
}

impl EntityRecognizer {
    pub fn new(kb: Arc<Kb>) -> EntityRecognizer {
        EntityRecognizer {
            kb,
            lexicon: Lexicon::builtin(),
        }
    }

    /// Adds the `entities` and `actors` layers to a tokenized, sentence-split document.
    pub fn run(&self, doc: &mut Doc) {
        let found = recognize::Recognizer::new(doc, &self.kb, &self.lexicon).run();
        let mut builder = actors::Builder::new(doc, &self.kb, &self.lexicon);
        builder.build(&found);
        pronouns::resolve(doc, &mut builder);
        let (entities, mut actors) = (builder.entities, builder.actors);
        for a in &mut actors {
            a.mentions.sort_by_key(|m| m.span.start);
        }
        doc.entities = entities;
        doc.actors = actors;
        let p = Provenance::rule(actors::COMPONENT, "rules-v1");
        doc.mark_done(Layer::Entities, p);
        doc.mark_done(Layer::Actors, p);
    }
}
