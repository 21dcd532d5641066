//! The `substance` layer: concrete commitments apart from vague evaluations and hedges.
//!
//! The rules are in the crate docs of `dateline-tone` (module `substance`); this module
//! holds the values and writes their JSON. Classes and evidence kinds are `&'static str`
//! chosen by code: the constants on [`Statement`] are the whole vocabulary.

use crate::json::{ItemsFn, LazyObject, Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// One statement (a quoted utterance, a quoted fragment, or reported speech) and how
/// concrete it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// From the first to the last word of the statement (narration between the parts of a
    /// split quotation included; [`Statement::parts`] has the words themselves).
    pub span: Span,
    /// The spans of the statement's own words (one per quote span of the utterance).
    pub parts: Vec<Span>,
    /// Indexes into [`crate::Doc::quotes`] of those quote spans.
    pub quotes: Vec<u32>,
    /// The speakers' canonical names (empty when unknown).
    pub speakers: Vec<String>,
    /// [`Statement::CONCRETE`], [`Statement::HEDGE`] or [`Statement::VAGUE`].
    pub class: &'static str,
    /// Why, in a few words ("actor + action + date", "evaluation only", "hedged").
    pub reason: &'static str,
    /// The words that made it concrete (an actor, an action, a date, a number, a place, a
    /// named mechanism) or vague (an evaluation) or hedged, each with its kind (the
    /// `EV_*` constants).
    pub evidence: Vec<(Span, &'static str)>,
    pub provenance: Provenance,
}

impl Statement {
    /// An actor, an action and a date, number, place or named mechanism, unhedged.
    pub const CONCRETE: &'static str = "concrete";
    /// Hedged ("might", "could", "possibly", "at least not for now"), whatever else it has.
    pub const HEDGE: &'static str = "hedge";
    /// Neither: evaluations ("productive", "shared understandings") or words without anchor.
    pub const VAGUE: &'static str = "vague";

    pub const EV_ACTOR: &'static str = "actor";
    pub const EV_ACTION: &'static str = "action";
    pub const EV_DATE: &'static str = "date";
    pub const EV_NUMBER: &'static str = "number";
    pub const EV_PLACE: &'static str = "place";
    pub const EV_MECHANISM: &'static str = "mechanism";
    pub const EV_EVALUATION: &'static str = "evaluation";
    pub const EV_HEDGE: &'static str = "hedge";
    /// A mechanism or action that the statement denies ("no deal").
    pub const EV_NEGATED: &'static str = "negated";
}

/// How much concrete substance a document's statements carry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Substance {
    /// Concrete statements ÷ all statements, 0–1 (0 when there are no statements).
    pub ratio: f64,
    pub concrete: u32,
    pub vague: u32,
    pub hedged: u32,
    pub statements: Vec<Statement>,
    pub provenance: Provenance,
}

impl ToJson for Substance {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        serde_json::to_value(self.to_json_lazy(o)).unwrap_or(Value::Null)
    }
}

impl Substance {
    /// The substance layer's JSON, its statements made one at a time as they are written.
    pub fn to_json_lazy<'a>(&'a self, o: &'a Offsets<'a>) -> LazyObject<'a> {
        let head = match with_provenance(
            json!({
                "ratio": (self.ratio * 10_000.0).round() / 10_000.0,
                "statements_total": self.statements.len(),
                "concrete": self.concrete,
                "vague": self.vague,
                "hedged": self.hedged,
            }),
            &self.provenance,
        ) {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        let statements: ItemsFn<'a> =
            Box::new(move || Box::new(self.statements.iter().map(move |s| s.to_json(o))));
        LazyObject {
            head,
            lists: vec![("statements", statements)],
        }
    }
}

impl Statement {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let evidence: Vec<Value> = self
            .evidence
            .iter()
            .map(|(span, what)| json!({"start": o.start(*span), "end": o.end(*span), "what": what}))
            .collect();
        let parts: Vec<Value> = self
            .parts
            .iter()
            .map(|p| json!({"start": o.start(*p), "end": o.end(*p)}))
            .collect();
        let speaker = match self.speakers.as_slice() {
            [] => Value::Null,
            [one] => json!(one),
            many => json!(many),
        };
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "parts": parts,
                "quotes": self.quotes,
                "speaker": speaker,
                "class": self.class,
                "reason": self.reason,
                "evidence": evidence,
            }),
            &self.provenance,
        )
    }
}
