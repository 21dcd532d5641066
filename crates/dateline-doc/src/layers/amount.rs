//! The `amounts` layer: money, percentages and counts.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A quantity: money, a percentage, or a count of something.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub span: Span,
    pub value: f64,
    /// ISO 4217 code, `percent`, or the counted noun.
    pub unit: String,
    pub provenance: Provenance,
}

impl ToJson for Amount {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "value": self.value,
                "unit": self.unit,
            }),
            &self.provenance,
        )
    }
}
