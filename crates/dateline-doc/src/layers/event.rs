//! The `events` layer: coded who-did-what-to-whom.
//!
//! The JSON keeps the three fields `shared/eval/FORMAT.md` scores (`source`, `target`,
//! `code`) and adds what an analyst needs to trust or discard an event: the CAMEO root and
//! base codes, Goldstein value and QuadClass, the PLOVER type (with mode and context where
//! the text gives them), negation and modality, the words that triggered it, the actor
//! mentions it was read from, its date and how that date was chosen, its place, and the
//! quotation it came from. Descriptive fields are `&'static str` chosen by code, like
//! [`Provenance`] names, so the type needs no companion enums.

use crate::json::{Offsets, ToJson, actor_id, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A coded event: who did what to whom.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// The sentence it was read from.
    pub span: Span,
    /// CAMEO-style actor code of the source ("USAGOV", "RUS").
    pub source: String,
    /// CAMEO-style actor code of the target.
    pub target: String,
    /// Full CAMEO event code ("043", "0871"); root and base are its first 2 and 3 digits.
    pub code: String,
    /// Goldstein scale value of the code (-10 conflict … +10 cooperation).
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// PLOVER event type ("CONSULT", "THREATEN"); `None` for CAMEO 01 statements, which
    /// PLOVER does not code.
    pub plover: Option<&'static str>,
    /// PLOVER mode where the text gives it ("visit", "conventional-military").
    pub mode: Option<&'static str>,
    /// PLOVER context where the text gives it ("military", "economic", "diplomatic").
    pub context: Option<&'static str>,
    /// The words that triggered the event ("threatened … to attack", "summit").
    pub trigger: Span,
    /// Mentions of the source and target actors the event was read from.
    pub source_mention: Option<Span>,
    pub target_mention: Option<Span>,
    /// Indexes into [`crate::Doc::actors`], where the participants are actors.
    pub source_actor: Option<u32>,
    pub target_actor: Option<u32>,
    /// The trigger was negated and the code turned into a rejection ("refused to meet",
    /// "would not provide support").
    pub negated: bool,
    /// "intent", "future", "conditional", "appeal" or "threat" when the action is not
    /// asserted as done; "reported" when the text gives it as a speaker's claim ("Iran said
    /// the United States had attacked"); `None` for an asserted event.
    pub modality: Option<&'static str>,
    /// ISO 8601 date (TIMEX3 value) of the event.
    pub date: Option<String>,
    /// How `date` was chosen: "sentence-time" (a time expression of the sentence),
    /// "publication" (the article's date) or "none".
    pub date_rule: &'static str,
    /// The time expression the date comes from.
    pub date_span: Option<Span>,
    /// Index into [`crate::Doc::places`] of the event's location.
    pub place: Option<u32>,
    /// How `place` was chosen: "sentence-place" or "dateline".
    pub place_rule: Option<&'static str>,
    /// Index into [`crate::Doc::quotes`] of the quotation the event was read from.
    pub quote: Option<u32>,
    pub provenance: Provenance,
}

impl Event {
    /// The CAMEO root code ("04").
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }

    /// The CAMEO base code ("043").
    pub fn base(&self) -> &str {
        self.code.get(..3).unwrap_or(&self.code)
    }
}

impl ToJson for Event {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let span = |s: Span| json!({"start": o.start(s), "end": o.end(s)});
        let mut v = json!({
            "start": o.start(self.span),
            "end": o.end(self.span),
            "source": self.source,
            "target": self.target,
            "code": self.code,
            "root": self.root(),
            "base": self.base(),
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover,
            "trigger": span(self.trigger),
            "negated": self.negated,
            "date": self.date,
            "date_rule": self.date_rule,
        });
        if let Some(map) = v.as_object_mut() {
            let opt = [
                ("mode", self.mode),
                ("context", self.context),
                ("modality", self.modality),
                ("place_rule", self.place_rule),
            ];
            for (k, x) in opt {
                if let Some(x) = x {
                    map.insert(k.into(), json!(x));
                }
            }
            if let Some(s) = self.source_mention {
                map.insert("source_mention".into(), span(s));
            }
            if let Some(s) = self.target_mention {
                map.insert("target_mention".into(), span(s));
            }
            if let Some(a) = self.source_actor {
                map.insert("source_actor".into(), json!(actor_id(a)));
            }
            if let Some(a) = self.target_actor {
                map.insert("target_actor".into(), json!(actor_id(a)));
            }
            if let Some(s) = self.date_span {
                map.insert("date_mention".into(), span(s));
            }
            if let Some(p) = self.place {
                map.insert("place".into(), json!(p));
            }
            if let Some(q) = self.quote {
                map.insert("quote".into(), json!(q));
            }
        }
        with_provenance(v, &self.provenance)
    }
}
