//! The `times` layer: time expressions normalised against the publication date.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A time expression and its normalised ISO 8601 value.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub span: Span,
    /// `None` when the expression could not be resolved.
    pub value: Option<String>,
    pub provenance: Provenance,
}

impl ToJson for TimeExpr {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "value": self.value,
            }),
            &self.provenance,
        )
    }
}
