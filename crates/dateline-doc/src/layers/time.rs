//! The `times` layer: time expressions normalised against the publication date.
//!
//! Values follow TimeML/TIMEX3 (the convention TempEval and HeidelTime use) because it is
//! the one ISO 8601 profile that also covers what news says: `2025-08-15`, `2022-02`,
//! `1867`, decades (`199`), centuries (`19`), weeks (`2025-W33`), seasons (`2025-SU`),
//! parts of day (`2025-08-15TEV`), durations (`PT3H`, `P80Y`, vague `PXY`), sets
//! (`XXXX-WXX-1` for "every Monday") and the vague references `PRESENT_REF`, `PAST_REF`,
//! `FUTURE_REF`. The `type` and `grain` fields say which of those a value is, so a user can
//! sort points in time without parsing the value; `anchor` says which date a relative
//! expression was resolved against; an expression that cannot be resolved keeps its span
//! and says why (`value: null`, `reason`) rather than guessing.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use jiff::civil::Date;
use serde_json::{Value, json};

/// A time expression and its normalised value.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub span: Span,
    /// The TIMEX3 value; `None` when the expression could not be resolved (see `reason`).
    pub value: Option<String>,
    /// The TIMEX3 type: [`TimeExpr::DATE`] (a calendar point or period at day grain or
    /// coarser: "Friday", "February 2022"), [`TimeExpr::TIME`] (with a time of day: "10:30
    /// a.m. Friday", "Friday night"), [`TimeExpr::DURATION`] ("three-hour", "eight
    /// decades") or [`TimeExpr::SET`] ("every Monday"). Plain strings chosen by code, like
    /// [`Provenance`] names.
    pub kind: &'static str,
    /// The unit of the value's most precise part: `second`, `minute`, `hour`,
    /// `part_of_day`, `day`, `week`, `weekend`, `month`, `season`, `quarter`, `half_year`,
    /// `year`, `decade`, `century`, `millennium`, or `vague` (`PRESENT_REF`, `PXY`).
    pub grain: Option<&'static str>,
    /// The date a relative expression was resolved against (the publication date, or a
    /// date mentioned earlier in the text); `None` for absolute expressions.
    pub anchor: Option<Date>,
    /// Why `value` is `None` ("no publication date to anchor a relative expression",
    /// "no such date"), or a note on a value that rests on a guess.
    pub reason: Option<&'static str>,
    pub provenance: Provenance,
}

impl TimeExpr {
    pub const DATE: &'static str = "date";
    pub const TIME: &'static str = "time";
    pub const DURATION: &'static str = "duration";
    pub const SET: &'static str = "set";
}

impl ToJson for TimeExpr {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let mut v = json!({
            "start": o.start(self.span),
            "end": o.end(self.span),
            "value": self.value,
            "type": self.kind,
        });
        if let Some(map) = v.as_object_mut() {
            if let Some(g) = self.grain {
                map.insert("grain".into(), json!(g));
            }
            if let Some(a) = self.anchor {
                map.insert("anchor".into(), json!(a.to_string()));
            }
            if let Some(r) = self.reason {
                map.insert("reason".into(), json!(r));
            }
        }
        with_provenance(v, &self.provenance)
    }
}
