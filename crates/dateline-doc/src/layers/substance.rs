//! The `substance` layer: concrete commitments apart from vague evaluations and hedges.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// One statement (a quote or a reported statement) and how concrete it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub span: Span,
    /// "concrete", "vague" or "hedge".
    pub class: &'static str,
    /// Why: the words that made it concrete (an actor, an action, a date, a number, a
    /// place, a named mechanism) or vague ("productive", "shared understandings").
    pub evidence: Vec<(Span, &'static str)>,
    pub provenance: Provenance,
}

/// How much concrete substance a document's statements carry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Substance {
    /// Concrete statements ÷ all statements, 0–1 (0 when there are no statements).
    pub ratio: f64,
    pub statements: Vec<Statement>,
    pub provenance: Provenance,
}

impl ToJson for Substance {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let statements: Vec<Value> = self
            .statements
            .iter()
            .map(|s| {
                let evidence: Vec<Value> = s
                    .evidence
                    .iter()
                    .map(|(span, what)| json!({"start": o.start(*span), "end": o.end(*span), "what": what}))
                    .collect();
                with_provenance(
                    json!({
                        "start": o.start(s.span),
                        "end": o.end(s.span),
                        "class": s.class,
                        "evidence": evidence,
                    }),
                    &s.provenance,
                )
            })
            .collect();
        with_provenance(
            json!({"ratio": self.ratio, "statements": statements}),
            &self.provenance,
        )
    }
}
