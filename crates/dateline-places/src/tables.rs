//! Small hand-written tables the knowledge base does not carry.
//!
//! * **US state abbreviations.** News writes "Gainesville, Ga." and "Albany, N.Y." (AP
//!   style) or "Austin, TX" (postal codes). GeoNames has neither as alternate names, and
//!   they are the strongest disambiguation signal a local report gives, so they are listed
//!   here and resolved to the KB's ISO 3166-2 subdivisions when the resolver is built.
//!   Postal codes are only trusted right after "Place," ("IN", "OR", "ME" are words).
//! * **Regions and water bodies.** "Middle East", "Midwest", "Gulf of Mexico" are
//!   mapped by news readers but are not populated places; GeoNames-style reference points
//!   are given for the few that news names most. A region is never a country
//!   (`country: None`).
//! * **Region codes of demonyms** ("European" → the continent Europe): the KB's demonym
//!   entries point at CAMEO region codes, which are mapped to continents or regions here.

/// (AP abbreviations, postal code, ISO 3166-2 code, full name).
pub const US_STATES: &[(&[&str], &str, &str, &str)] = &[
    (&["Ala."], "AL", "US-AL", "Alabama"),
    (&[], "AK", "US-AK", "Alaska"),
    (&["Ariz."], "AZ", "US-AZ", "Arizona"),
    (&["Ark."], "AR", "US-AR", "Arkansas"),
    (&["Calif.", "Cal."], "CA", "US-CA", "California"),
    (&["Colo."], "CO", "US-CO", "Colorado"),
    (&["Conn."], "CT", "US-CT", "Connecticut"),
    (&["Del."], "DE", "US-DE", "Delaware"),
    (&["Fla."], "FL", "US-FL", "Florida"),
    (&["Ga."], "GA", "US-GA", "Georgia"),
    (&[], "HI", "US-HI", "Hawaii"),
    (&[], "ID", "US-ID", "Idaho"),
    (&["Ill."], "IL", "US-IL", "Illinois"),
    (&["Ind."], "IN", "US-IN", "Indiana"),
    (&[], "IA", "US-IA", "Iowa"),
    (&["Kan.", "Kans."], "KS", "US-KS", "Kansas"),
    (&["Ky."], "KY", "US-KY", "Kentucky"),
    (&["La."], "LA", "US-LA", "Louisiana"),
    (&[], "ME", "US-ME", "Maine"),
    (&["Md."], "MD", "US-MD", "Maryland"),
    (&["Mass."], "MA", "US-MA", "Massachusetts"),
    (&["Mich."], "MI", "US-MI", "Michigan"),
    (&["Minn."], "MN", "US-MN", "Minnesota"),
    (&["Miss."], "MS", "US-MS", "Mississippi"),
    (&["Mo."], "MO", "US-MO", "Missouri"),
    (&["Mont."], "MT", "US-MT", "Montana"),
    (&["Neb.", "Nebr."], "NE", "US-NE", "Nebraska"),
    (&["Nev."], "NV", "US-NV", "Nevada"),
    (&["N.H."], "NH", "US-NH", "New Hampshire"),
    (&["N.J."], "NJ", "US-NJ", "New Jersey"),
    (&["N.M."], "NM", "US-NM", "New Mexico"),
    (&["N.Y."], "NY", "US-NY", "New York"),
    (&["N.C."], "NC", "US-NC", "North Carolina"),
    (&["N.D."], "ND", "US-ND", "North Dakota"),
    (&[], "OH", "US-OH", "Ohio"),
    (&["Okla."], "OK", "US-OK", "Oklahoma"),
    (&["Ore.", "Oreg."], "OR", "US-OR", "Oregon"),
    (&["Pa.", "Penn."], "PA", "US-PA", "Pennsylvania"),
    (&["R.I."], "RI", "US-RI", "Rhode Island"),
    (&["S.C."], "SC", "US-SC", "South Carolina"),
    (&["S.D."], "SD", "US-SD", "South Dakota"),
    (&["Tenn."], "TN", "US-TN", "Tennessee"),
    (&["Tex."], "TX", "US-TX", "Texas"),
    (&[], "UT", "US-UT", "Utah"),
    (&["Vt."], "VT", "US-VT", "Vermont"),
    (&["Va."], "VA", "US-VA", "Virginia"),
    (&["Wash."], "WA", "US-WA", "Washington"),
    (&["W.Va.", "W. Va."], "WV", "US-WV", "West Virginia"),
    (&["Wis.", "Wisc."], "WI", "US-WI", "Wisconsin"),
    (&["Wyo."], "WY", "US-WY", "Wyoming"),
    (&["D.C."], "DC", "US-DC", "District of Columbia"),
];

/// Regions and water bodies (the table is the KB crate's: the entity layer reads the same
/// names as places).
pub use dateline_kb::tables::REGIONS;

/// The continent code (GeoNames) or region display name a CAMEO region code of a demonym
/// stands for.
pub fn region_of_code(code: &str) -> Option<RegionRef> {
    Some(match code {
        "EUR" => RegionRef::Continent("EU"),
        "AFR" => RegionRef::Continent("AF"),
        "ASA" => RegionRef::Continent("AS"),
        "NAM" => RegionRef::Continent("NA"),
        "SAM" => RegionRef::Continent("SA"),
        "OCE" => RegionRef::Continent("OC"),
        "MEA" => RegionRef::Region("Middle East"),
        "LAM" => RegionRef::Region("Latin America"),
        _ => return None,
    })
}

/// Where a region code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionRef {
    /// A continent of the KB, by GeoNames continent code.
    Continent(&'static str),
    /// An entry of [`REGIONS`], by display name.
    Region(&'static str),
}

/// Suffixes of names for second-level divisions and other areas the gazetteer of
/// populated places lacks: "DeKalb County", "Orleans Parish".
pub const AREA_SUFFIXES: &[&str] = &[
    "county",
    "parish",
    "township",
    "borough",
    "district",
    "municipality",
    "province",
    "region",
    "oblast",
];
