//! The `tone` layer: document and sentence tone in the shape of GDELT's V2Tone.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// Tone scores of a stretch of text (GDELT V2Tone fields).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ToneScores {
    /// Positive minus negative score, -100 … 100.
    pub tone: f64,
    /// Percentage of words with a positive score.
    pub positive: f64,
    /// Percentage of words with a negative score.
    pub negative: f64,
    /// Percentage of words with any emotional score.
    pub polarity: f64,
    /// Percentage of words that are active verbs or verbs of action.
    pub activity_density: f64,
    /// Percentage of words that are first/second-person pronouns (self and group reference).
    pub self_group_density: f64,
    pub word_count: u32,
}

impl ToneScores {
    fn json(&self) -> Value {
        json!({
            "tone": self.tone,
            "positive": self.positive,
            "negative": self.negative,
            "polarity": self.polarity,
            "activity_density": self.activity_density,
            "self_group_density": self.self_group_density,
            "word_count": self.word_count,
        })
    }
}

/// The tone of a document and of each sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tone {
    pub document: ToneScores,
    pub sentences: Vec<(Span, ToneScores)>,
    pub provenance: Provenance,
}

impl ToJson for Tone {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let sentences: Vec<Value> = self
            .sentences
            .iter()
            .map(|(span, scores)| {
                let mut v = scores.json();
                if let Some(m) = v.as_object_mut() {
                    m.insert("start".into(), o.start(*span).into());
                    m.insert("end".into(), o.end(*span).into());
                }
                v
            })
            .collect();
        let mut v = self.document.json();
        if let Some(m) = v.as_object_mut() {
            m.insert("sentences".into(), Value::Array(sentences));
        }
        with_provenance(v, &self.provenance)
    }
}
