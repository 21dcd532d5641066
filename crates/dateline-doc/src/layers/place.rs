//! The `places` layer: place mentions resolved to the gazetteer.

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A place mention resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub span: Span,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub provenance: Provenance,
}

impl ToJson for Place {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        with_provenance(
            json!({
                "start": o.start(self.span),
                "end": o.end(self.span),
                "name": self.name,
                "lat": self.lat,
                "lon": self.lon,
                "country": self.country,
            }),
            &self.provenance,
        )
    }
}
