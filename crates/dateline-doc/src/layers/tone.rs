//! The `tone` layer: document and sentence tone in the shape of GDELT's V2Tone.
//!
//! The scores are computed by `dateline-tone` (its crate docs give every formula); this
//! module holds the values and writes their JSON. Every scored word is kept as evidence
//! ([`Tone::words`]) so that a figure can be traced to the words that made it.

use crate::json::{ItemsFn, LazyObject, Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// Tone scores of a stretch of text (GDELT V2Tone fields, in GDELT's order).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ToneScores {
    /// Positive minus negative score, -100 … 100 (news usually lies within -10 … 10).
    pub tone: f64,
    /// Percentage of words with a positive score (weighted by intensifiers).
    pub positive: f64,
    /// Percentage of words with a negative score (weighted by intensifiers).
    pub negative: f64,
    /// Percentage of words with any emotional score (positive + negative).
    pub polarity: f64,
    /// Percentage of words that are verbs of action.
    pub activity_density: f64,
    /// Percentage of words that are first/second-person pronouns (self and group reference).
    pub self_group_density: f64,
    pub word_count: u32,
}

impl ToneScores {
    fn json(&self) -> Value {
        json!({
            "tone": round4(self.tone),
            "positive": round4(self.positive),
            "negative": round4(self.negative),
            "polarity": round4(self.polarity),
            "activity_density": round4(self.activity_density),
            "self_group_density": round4(self.self_group_density),
            "word_count": self.word_count,
        })
    }
}

/// Four decimals are more than any reading of a percentage needs, and keep the JSON short.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The tone of a document and of each sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tone {
    pub document: ToneScores,
    pub sentences: Vec<(Span, ToneScores)>,
    /// The words with a valence, in text order (the evidence of the scores): the span, the
    /// valence it counted with (the lexicon's -4 … 4 after negation and intensifiers), and
    /// the rule: [`Tone::LEXICON`], [`Tone::NEGATED`], [`Tone::BOOSTED`], [`Tone::DAMPENED`],
    /// or [`Tone::NEGATED_BOOSTED`], [`Tone::NEGATED_DAMPENED`].
    pub words: Vec<(Span, f32, &'static str)>,
    pub provenance: Provenance,
}

impl Tone {
    /// The lexicon's valence as it stands.
    pub const LEXICON: &'static str = "lexicon";
    /// Sign flipped (and damped) by a negator before it ("not good").
    pub const NEGATED: &'static str = "negated";
    /// Weighted up by a booster before it ("extremely productive").
    pub const BOOSTED: &'static str = "boosted";
    /// Weighted down by a dampener before it ("slightly worse").
    pub const DAMPENED: &'static str = "dampened";
    pub const NEGATED_BOOSTED: &'static str = "negated+boosted";
    pub const NEGATED_DAMPENED: &'static str = "negated+dampened";
}

impl ToJson for Tone {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        serde_json::to_value(self.to_json_lazy(o)).unwrap_or(Value::Null)
    }
}

impl Tone {
    /// The tone's JSON, its sentences and words made one at a time as they are written.
    pub fn to_json_lazy<'a>(&'a self, o: &'a Offsets<'a>) -> LazyObject<'a> {
        let head = match with_provenance(self.document.json(), &self.provenance) {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        let sentences: ItemsFn<'a> = Box::new(move || {
            Box::new(self.sentences.iter().map(move |(span, scores)| {
                let mut v = scores.json();
                if let Some(m) = v.as_object_mut() {
                    m.insert("start".into(), o.start(*span).into());
                    m.insert("end".into(), o.end(*span).into());
                }
                v
            }))
        });
        let words: ItemsFn<'a> = Box::new(move || {
            Box::new(self.words.iter().map(move |&(span, valence, rule)| {
                json!({
                    "start": o.start(span),
                    "end": o.end(span),
                    "valence": round4(f64::from(valence)),
                    "rule": rule,
                })
            }))
        });
        LazyObject {
            head,
            lists: vec![("sentences", sentences), ("words", words)],
        }
    }
}
