//! The knowledge base (KB) of dateline: countries, subdivisions, populated places,
//! continents, demonyms, seats of government and first names.
//!
//! The entities, places and events layers need to answer, for millions of tokens, "what can
//! this name be?" — "Georgia" (the country GE, or the US state US-GA), "Paris" (France, or
//! Texas), "Washington" (the city, the state, or the US government), "Ukrainian" (a
//! demonym of UKR), "the Kremlin" (a seat that stands for RUS), "Sergei" (a male first
//! name). This crate holds that data and answers those questions without I/O.
//!
//! # Why one memory-mapped file
//!
//! The full KB is ~235,000 GeoNames places plus alternate names, ~5,000 ISO 3166-2
//! subdivisions, ~250 countries and ~50,000 first names. Parsing that from JSON at start-up
//! would cost seconds and hundreds of MB on every run and in every test. Instead
//! [`build::build`] turns the fetched sources into one compact file once (see
//! `scripts/fetch-kb.sh`), and [`Kb::open`] memory-maps it: opening checks a header and a
//! section table and costs milliseconds; pages are read lazily by the OS and shared between
//! processes; nothing is copied or deserialized. The file holds fixed-size records, a
//! string pool, and two `fst` maps (name key → entries, first name → gender); the layout is
//! documented in [`format`]. An `fst` map stores sorted keys as a minimized automaton, so
//! ~1M name keys take a few MB and a lookup is a walk of a few dozen bytes.
//!
//! # Names
//!
//! Every name is indexed under an exact key and a loose (diacritic- and punctuation-free)
//! key; see [`norm`] for why and how. Only Latin-script alternate names are kept: the
//! pipeline reads English news, which writes "Kiev", "Kyiv" and "Moskva" but not "Москва".
//! Lookups return every candidate ([`Hit`]): choosing between Georgia the country and
//! Georgia the state is the caller's job, with the text as context. Demonyms and seats are
//! entries of their own so a caller can prefer them over a hamlet called "European".
//!
//! # Tests
//!
//! [`Kb::fixture`] is a small hand-written KB built through the same [`KbBuilder`] as the
//! real one; tests here and in other crates use it and never need the download.

pub mod build;
mod builder;
mod fixture;
pub use fixture::{fixture_builder, fixture_bytes};
pub mod format;
mod kb;
pub mod norm;
pub mod tables;

pub use builder::{
    ContinentSpec, CountrySpec, DemonymSpec, Finished, Invalid, KbBuilder, PlaceSpec, SeatSpec,
    SubdivisionSpec,
};
pub use kb::{
    Continent, Country, Demonym, Entry, EntryRef, Hit, Kb, KbError, KbStats, Kind, Place, Seat,
    Subdivision,
};

/// The gender a first name usually denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Male = 1,
    Female = 2,
    /// Used for both (Andrea, Jordan, Kim), or the sources disagree.
    Either = 3,
}

impl Gender {
    fn from_u64(v: u64) -> Option<Gender> {
        match v {
            1 => Some(Gender::Male),
            2 => Some(Gender::Female),
            3 => Some(Gender::Either),
            _ => None,
        }
    }
}

/// What kind of seat of power a metonym names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeatKind {
    /// A capital city standing for its government ("Moscow said...").
    Capital = 0,
    /// A building or compound ("the Kremlin", "the White House", "Downing Street").
    Building = 1,
    /// A ministry or agency named by its place ("the State Department", "Foggy Bottom").
    Institution = 2,
    /// The seat of an international organization ("Brussels" for the EU).
    IgoSeat = 3,
}

impl SeatKind {
    fn from_u8(v: u8) -> SeatKind {
        match v {
            1 => SeatKind::Building,
            2 => SeatKind::Institution,
            3 => SeatKind::IgoSeat,
            _ => SeatKind::Capital,
        }
    }

    /// Parses the names used in `tables/seats.tsv`.
    pub fn parse(s: &str) -> Option<SeatKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "capital" => Some(SeatKind::Capital),
            "building" => Some(SeatKind::Building),
            "institution" => Some(SeatKind::Institution),
            "igo" | "igoseat" => Some(SeatKind::IgoSeat),
            _ => None,
        }
    }
}
