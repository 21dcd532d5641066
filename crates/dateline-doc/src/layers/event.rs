//! The `events` layer: coded who-did-what-to-whom.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A coded event: who did what to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The sentence (or clause) it was read from.
    pub span: Span,
    pub source: String,
    pub target: String,
    /// CAMEO code, e.g. "043".
    pub code: String,
    pub provenance: Provenance,
}

impl ToJson for Event {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "source": self.source,
                "target": self.target,
                "code": self.code,
            }),
            &self.provenance,
        )
    }
}
