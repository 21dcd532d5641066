//! The `amounts` layer: money, percentages and counts.
//!
//! GDELT's Amounts/Counts model (a number and the thing counted) plus the percentages it
//! leaves out. `value` is always the full number ("$7.2 million" → 7200000), so amounts sort
//! and sum without reparsing; `bound` and `vague` keep what the text hedged ("more than 300",
//! "thousands of protesters" → 1000 with `vague`) instead of dropping it.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A quantity: money, a percentage, or a count of something.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub span: Span,
    /// Always finite (amounts whose number does not fit an `f64` are not emitted).
    pub value: f64,
    /// ISO 4217 code, `percent`, or the counted noun.
    pub unit: String,
    /// What the amount measures: [`Amount::MONEY`] (`unit` is an ISO 4217 code),
    /// [`Amount::PERCENT`] (`unit` is `percent`, `value` in percent: 3.5 for "3.5%") or
    /// [`Amount::COUNT`] (`unit` is the counted noun, lower case: "people", "refugees").
    /// Plain strings chosen by code, like [`Provenance`] names.
    pub kind: &'static str,
    /// A hedge the text puts on the number: [`Amount::ABOUT`] ("about", "nearly"),
    /// [`Amount::AT_LEAST`] ("more than", "at least", "thousands of") or
    /// [`Amount::AT_MOST`] ("up to", "fewer than").
    pub bound: Option<&'static str>,
    /// The number is an order of magnitude, not a figure ("thousands", "dozens").
    pub vague: bool,
    pub provenance: Provenance,
}

impl Amount {
    pub const MONEY: &'static str = "money";
    pub const PERCENT: &'static str = "percent";
    pub const COUNT: &'static str = "count";
    pub const ABOUT: &'static str = "about";
    pub const AT_LEAST: &'static str = "at_least";
    pub const AT_MOST: &'static str = "at_most";
}

impl ToJson for Amount {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let mut v = json!({
            "start": o.start(self.span),
            "end": o.end(self.span),
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
        });
        if let Some(map) = v.as_object_mut() {
            if let Some(b) = self.bound {
                map.insert("bound".into(), json!(b));
            }
            if self.vague {
                map.insert("vague".into(), json!(true));
            }
        }
        with_provenance(v, &self.provenance)
    }
}
