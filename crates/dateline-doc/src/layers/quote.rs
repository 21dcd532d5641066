//! The `quotes` layer: direct quotations and reported speech.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A quotation (direct) or an attribution of reported speech (indirect).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted words, quotation marks excluded.
    pub span: Span,
    /// Canonical names of the speakers; empty when unknown.
    pub speakers: Vec<String>,
    pub indirect: bool,
    pub provenance: Provenance,
}

impl ToJson for Quote {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let speaker = match self.speakers.as_slice() {
            [] => Value::Null,
            [one] => json!(one),
            many => json!(many),
        };
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "speaker": speaker,
                "kind": if self.indirect { "indirect" } else { "direct" },
            }),
            &self.provenance,
        )
    }
}
