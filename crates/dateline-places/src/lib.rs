//! Places on the map: every place mention of a document resolved to a gazetteer entry.
//!
//! The entity layer finds the names (GPE, LOC, FAC) and the nationality words (NORP); this
//! crate decides *which* place each one is, using nothing but the embedded knowledge base
//! (`dateline-kb`: countries, ISO 3166-2 subdivisions, GeoNames places of ≥ 500 people,
//! continents, demonyms, seats of power) and the document itself. No search server, no
//! network: a lookup is an `fst` walk, and every decision below is a handful of arithmetic
//! on the few candidates a name has.
//!
//! # Why the document decides
//!
//! A gazetteer says that "Georgia" is a country and a US state, that there are a dozen
//! Parises and forty Springfields; only the text says which one is meant. The signals, in
//! the order of their strength (see [`resolve`] for the numbers):
//!
//! 1. **An explicit container**: "Paris, Texas", "Gainesville, Ga.", "Albany, N.Y.",
//!    "Tbilisi, Georgia" — a name followed by a comma and a state, country or AP state
//!    abbreviation. The container is itself resolved consistently with what it contains.
//! 2. **One sense per discourse**: every mention of the same name in a document is the same
//!    place, so "Paris" later in a story about "Paris, Texas" is in Texas.
//! 3. **The focus of the article**: the countries and first-level subdivisions that the
//!    other mentions (names and demonyms: "Georgian troops") point to. A story full of
//!    Tbilisi and "Georgian" is about the country; one about Athens and Gainesville, Ga. is
//!    about the state. A name never votes for itself.
//! 4. **Proximity**: local news names places near each other; a candidate close to the
//!    other places of the story beats a bigger one far away.
//! 5. **Priors**: countries and continents before states, states before towns, then
//!    population, capitals first; display names before alternate and diacritic-free
//!    matches. A country's own name is the country, never a province or town inside it
//!    that shares the name ("Mexico", not the State of Mexico beside Mexico City); a name
//!    with its kind of subdivision ("Washington state", "the state of Washington", "Kabul
//!    province") is the subdivision.
//! 6. **The publisher** (the document's own metadata, `meta.extra["source_domain"]` as the
//!    CLI keeps a JSONL `source_domain`, else the host of `meta.url`): the domain's country
//!    (a country-code TLD; `.com`/`.net`/`.org`/`.us`, registered mostly by US publishers,
//!    count as the US) votes in the focus like one more mention, so a local story with few
//!    places ("Alexandria woman charged ...") does not fall to the biggest namesake abroad;
//!    and a name the domain itself carries ("Paris" for a paper at `parisbeacon.com`) is the
//!    paper's town, so a town of that country gets +3. Nothing is specific to a publisher:
//!    both rules read only the domain's TLD and letters.
//!
//! Metonyms ("Washington and Moscow remain far apart": the actors layer marks them) are
//! mapped to their city but flagged `mention: "metonym"`, so a map can leave them out;
//! demonyms ("Ukrainian") are mapped to their country or continent and flagged
//! `mention: "demonym"` ([`PlaceOptions`] turns either off). "European" is a demonym of the
//! continent, never a hamlet called European.
//!
//! Names the gazetteer lacks (military bases, streets, counties, parks) are placed through
//! their container ("Joint Base Elmendorf-Richardson in Anchorage"), a namesake town for a
//! county, another mention of the same name placed that way, or else the nearest resolved
//! town of the same sentence; such places are flagged `estimated` with a low confidence and
//! the rule that placed them. These guesses are only made where they tend to be right (on
//! the LGL development set the unrestricted versions were wrong 28 times in 61 and 23 in
//! 41):
//! * beyond the sentence, no guess (the name is left unmapped);
//! * a county's namesake town counts only within 80 km of a town the story resolved: there
//!   is no town of DeKalb in DeKalb County, Georgia, and the DeKalb in Illinois is far
//!   from an Atlanta story's other places;
//! * a guess that lands outside the story's country (the most frequent country of the
//!   resolved places, the publisher's counting once) is dropped: "Henry County" beside a
//!   misread "Paris" went to France;
//! * only the strong placements (namesake, container) are copied to the other mentions of
//!   the name; a nearest-place guess copied across the story multiplied its error;
//! * one exception to the sentence bound: a street, park or square written as an address
//!   ("at 1517 Locust Street", "on Hills Road", not "Wall Street firms") goes to the story's
//!   town (rule `story-town`) when the story is local: one town, named at least twice and in
//!   at least half of the towns' mentions. On LGL it placed 19 more of the gold's streets
//!   and parks; in 1,372 news texts, by my reading, 30 of its 33 placements were right.
//!
//! Besides the entity layer's place names, two kinds of mention are found here: a US state
//! abbreviation after "Place," ("Ga.", "N.Y.", "TX"; rule `state-abbreviation`) and a
//! country, US state or demonym inside another name ("the Georgia School Boards
//! Association", "Clarke County Board of Education", "Cypriot-flagged"; rule
//! `inside-name`), which LGL annotates as place mentions.
//!
//! # Cost
//!
//! Per document: one KB lookup per distinct name, then a few passes over the mentions and
//! their candidates (candidates per name are capped). No scan of the KB happens per
//! document; tables the KB lacks (state abbreviations, regions) are resolved once when the
//! resolver is built.

mod areas;
mod mentions;
pub mod resolve;
pub mod tables;

use dateline_doc::{Doc, Layer, Provenance};
use dateline_kb::{Entry, EntryRef, Kb};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::Arc;

/// The component name recorded in provenance.
pub const COMPONENT: &str = "places";

/// What the resolver maps besides names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceOptions {
    /// Map nationality words to their country or continent ("Ukrainian" → Ukraine), flagged
    /// `mention: "demonym"`. LGL annotates them as place mentions; GeoVirus does not.
    pub demonyms: bool,
    /// Map capitals used for their government ("Moscow said") to the city, flagged
    /// `mention: "metonym"`.
    pub metonyms: bool,
    /// Place names the gazetteer lacks through their container or the nearest resolved
    /// place (flagged `estimated`).
    pub unlisted: bool,
    /// Find place names inside other names ("the Georgia School Boards Association",
    /// "Clarke County Board of Education"), as LGL annotates them; rule `inside-name`.
    pub embedded: bool,
}

impl Default for PlaceOptions {
    fn default() -> PlaceOptions {
        PlaceOptions {
            demonyms: true,
            metonyms: true,
            unlisted: true,
            embedded: true,
        }
    }
}

/// The places component: read-only after construction, `Send + Sync`, shared by workers.
pub struct PlaceResolver {
    kb: Arc<Kb>,
    options: PlaceOptions,
    /// AP abbreviation ("Ga.") → US state subdivision.
    state_abbrevs: HashMap<String, EntryRef>,
    /// Postal code ("GA") → US state subdivision; trusted only as a container.
    postal: HashMap<&'static str, EntryRef>,
    /// National capitals (place entries).
    capitals: HashSet<EntryRef>,
    /// Continents by GeoNames code.
    continents: HashMap<String, EntryRef>,
    /// Region names (exact key) → index into [`tables::REGIONS`].
    regions: HashMap<String, usize>,
}

impl PlaceResolver {
    pub fn new(kb: Arc<Kb>) -> PlaceResolver {
        PlaceResolver::with_options(kb, PlaceOptions::default())
    }

    pub fn with_options(kb: Arc<Kb>, options: PlaceOptions) -> PlaceResolver {
        let mut state_abbrevs = HashMap::new();
        let mut postal = HashMap::new();
        for &(abbrevs, code, iso, name) in tables::US_STATES {
            let found = kb
                .lookup(name)
                .into_iter()
                .find_map(|h| match kb.entry(h.entry) {
                    Entry::Subdivision(s) if s.code == iso => Some(h.entry),
                    _ => None,
                });
            let Some(id) = found else { continue };
            postal.insert(code, id);
            for a in abbrevs {
                state_abbrevs.insert(dateline_kb::norm::normalize(a), id);
            }
        }
        let capitals = kb.countries().filter_map(|c| c.capital).collect();
        let mut continents = HashMap::new();
        for name in [
            "Europe",
            "Africa",
            "Asia",
            "North America",
            "South America",
            "Oceania",
            "Antarctica",
        ] {
            for h in kb.lookup(name) {
                if let Entry::Continent(c) = kb.entry(h.entry) {
                    continents.insert(c.code.to_string(), h.entry);
                }
            }
        }
        let mut regions = HashMap::new();
        for (i, (names, ..)) in tables::REGIONS.iter().enumerate() {
            for n in *names {
                regions.insert(dateline_kb::norm::normalize(n), i);
            }
        }
        PlaceResolver {
            kb,
            options,
            state_abbrevs,
            postal,
            capitals,
            continents,
            regions,
        }
    }

    /// Adds the `places` layer. Needs tokens, sentences, entities and actors; without the
    /// entity layer there is nothing to resolve and the layer is empty.
    pub fn run(&self, doc: &mut Doc) {
        let mentions = mentions::collect(self, doc);
        let places = resolve::resolve(self, doc, mentions);
        doc.places = places;
        doc.mark_done(
            Layer::Places,
            Provenance::rule(COMPONENT, "gazetteer-context-v1"),
        );
    }
}

#[cfg(test)]
mod tests;
