//! The `quotes` layer: direct quotations and reported speech.
//!
//! One [`Quote`] is one span of quoted words. An utterance that the text splits into
//! several spans ("“We want peace,” he said, “but not at any price.”", or a quotation that
//! runs over several paragraphs with the opening mark repeated) gives several `Quote`s with
//! the same [`Quote::utterance`] number. Reported speech without quotation marks is in the
//! same layer with [`Quote::kind`] `"indirect"`.
//!
//! Kinds and speaker rules are `&'static str` chosen by code (like [`crate::Evidence::what`]):
//! the constants on [`Quote`] are the whole vocabulary.

use crate::json::{Offsets, ToJson, actor_id, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A quotation (direct) or an attribution of reported speech (indirect).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted words, quotation marks excluded (for indirect speech: the content clause).
    pub span: Span,
    /// What the span is: [`Quote::UTTERANCE`], [`Quote::FRAGMENT`], [`Quote::SCARE`] or
    /// [`Quote::INDIRECT`].
    pub kind: &'static str,
    /// Spans of one utterance share this number (numbered from 0 in text order).
    pub utterance: u32,
    /// Canonical names of the speakers (actor names); empty when unknown.
    pub speakers: Vec<String>,
    /// Indexes into [`crate::Doc::actors`] of the speakers, where they are actors.
    pub speaker_actors: Vec<u32>,
    /// The words that name the speaker where the speaker was found ("he", "Putin",
    /// "a Kremlin spokesman").
    pub speaker_span: Option<Span>,
    /// A speaker known only by description ("a Kremlin spokesman", "officials") that the
    /// text does not tie to one actor with certainty.
    pub speaker_description: Option<String>,
    /// How the speaker was found: one of the `BY_*` constants.
    pub speaker_rule: &'static str,
    /// The verb or noun that introduces the quotation ("said", "according to", "remark").
    pub cue: Option<Span>,
    /// The cue's lemma ("say" for "said", "remark" for "remarks").
    pub cue_lemma: Option<String>,
    /// The opening mark is never closed: the span runs to the end of its paragraph.
    pub unclosed: bool,
    /// Rule and confidence of the whole annotation (the speaker's confidence for speech,
    /// lowered for scare quotes and unclosed marks).
    pub provenance: Provenance,
}

impl Quote {
    /// A complete statement: a sentence or more of someone's words.
    pub const UTTERANCE: &'static str = "utterance";
    /// A few quoted words inside narration ("described the talks as “productive”").
    pub const FRAGMENT: &'static str = "fragment";
    /// Quotation marks around a title, nickname or ironic word that nobody need have said.
    pub const SCARE: &'static str = "scare";
    /// Reported speech without quotation marks.
    pub const INDIRECT: &'static str = "indirect";

    /// The speaker is named by a cue pattern ("Putin said", "said Putin", "X: “…”").
    pub const BY_EXPLICIT: &'static str = "explicit";
    /// A pronoun ("he said", "they both described") resolved to actors.
    pub const BY_PRONOUN: &'static str = "pronoun";
    /// A description ("the president said", "officials said").
    pub const BY_DESCRIPTION: &'static str = "description";
    /// Carried from an earlier quotation of the same paragraph or the paragraph before.
    pub const BY_CONTINUITY: &'static str = "continuity";
    /// The person the sentence is about, without a cue: a guess.
    pub const BY_NEAREST: &'static str = "nearest";
    /// No speaker found.
    pub const BY_NONE: &'static str = "none";

    /// The rule of reported speech whose attribution follows it ("North Korea fired two
    /// missiles, South Korea's military said."): the source of a report, not a claim made
    /// against the facts it reports, so events inside it are not marked `reported`.
    pub const RULE_SAID_AFTER: &'static str = "reported-speech-after";

    pub fn is_indirect(&self) -> bool {
        self.kind == Quote::INDIRECT
    }
}

impl ToJson for Quote {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let speaker = match self.speakers.as_slice() {
            [] => Value::Null,
            [one] => json!(one),
            many => json!(many),
        };
        let mut value = json!({
            "start": o.start(self.span),
            "end": o.end(self.span),
            "speaker": speaker,
            "kind": self.kind,
            "utterance": self.utterance,
            "speaker_rule": self.speaker_rule,
        });
        if let Some(map) = value.as_object_mut() {
            if !self.speaker_actors.is_empty() {
                let ids: Vec<String> = self.speaker_actors.iter().map(|&a| actor_id(a)).collect();
                map.insert("speaker_actors".into(), json!(ids));
            }
            if let Some(s) = self.speaker_span {
                map.insert(
                    "speaker_mention".into(),
                    json!({"start": o.start(s), "end": o.end(s)}),
                );
            }
            if let Some(d) = &self.speaker_description {
                map.insert("speaker_description".into(), json!(d));
            }
            if let Some(c) = self.cue {
                map.insert(
                    "cue".into(),
                    json!({"start": o.start(c), "end": o.end(c), "lemma": self.cue_lemma}),
                );
            }
            if self.unclosed {
                map.insert("unclosed".into(), json!(true));
            }
        }
        with_provenance(value, &self.provenance)
    }
}
