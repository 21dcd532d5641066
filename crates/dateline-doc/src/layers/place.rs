//! The `places` layer: place mentions resolved to the gazetteer.
//!
//! The JSON keeps the shape of `shared/eval/FORMAT.md` (`start`, `end`, `name`, `lat`, `lon`,
//! `country` as ISO 3166-1 alpha-2) and adds what a map or a filter needs: the first-level
//! subdivision, the kind of feature, the GeoNames id, how the mention names the place (a
//! name, a nationality word, a capital standing for its government) and whether the
//! coordinates are borrowed from a container or a nearby place rather than the mention's own
//! gazetteer entry. The descriptive fields are plain strings and flags so that the type
//! needs no companion enums (which would need re-exports outside this file).

use crate::json::{Offsets, ToJson, with_provenance};
use crate::span::{Provenance, Span};
use serde_json::{Value, json};

/// A place mention resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub span: Span,
    /// The gazetteer's display name of the place ("Anchorage", "Georgia"); for a name the
    /// gazetteer lacks, the name as written.
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2; `None` for continents and regions that span countries.
    pub country: Option<String>,
    /// ISO 3166-2 code of the first-level subdivision the place lies in (or is): "US-AK".
    pub subdivision: Option<String>,
    /// What the entry is: "country", "subdivision", "city" (a populated place),
    /// "continent", "region", or "unlisted" (a name the gazetteer lacks, placed through
    /// its container or a nearby resolved place).
    pub feature: &'static str,
    /// The GeoNames id of the entry, when it has one.
    pub geonameid: Option<u32>,
    /// "name", "demonym" ("Ukrainian" → Ukraine) or "metonym" ("Moscow" standing for the
    /// Russian government: the city is mapped, flagged so a map can leave it out).
    pub mention: &'static str,
    /// The coordinates are not the mention's own: they come from its container or from a
    /// nearby place in the text (see `provenance.rule`).
    pub estimated: bool,
    pub provenance: Provenance,
}

impl ToJson for Place {
    fn to_json(&self, o: &Offsets<'_>) -> Value {
        let mut v = json!({
            "start": o.start(self.span),
            "end": o.end(self.span),
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "subdivision": self.subdivision,
            "feature": self.feature,
            "mention": self.mention,
        });
        if let Some(map) = v.as_object_mut() {
            if let Some(id) = self.geonameid {
                map.insert("geonameid".into(), json!(id));
            }
            if self.estimated {
                map.insert("estimated".into(), json!(true));
            }
        }
        with_provenance(v, &self.provenance)
    }
}
