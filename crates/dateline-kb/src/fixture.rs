//! The hand-written test KB behind [`crate::Kb::fixture`].
//!
//! Small, but it keeps the ambiguities the places and entities layers must handle: Georgia
//! (GE) vs Georgia (US-GA), Paris (FR) vs Paris (Texas), Moscow (RU) vs Moscow (Idaho),
//! Washington the city, the state and the seat of government, Albany vs Albania, Jordan
//! the country, the town and the first name, "Kiev"/"Kyiv", "São Paulo" with diacritics,
//! Mexico the country and the State of Mexico inside it.
//! Coordinates and populations are GeoNames' (rounded); demonyms and seats come from the
//! crate's tables, restricted to the fixture's countries.

use std::sync::OnceLock;

use crate::builder::*;
use crate::{Gender, Kb, tables};

/// (alpha-2, alpha-3, name, alternates, lat, lon, population, capital)
#[allow(clippy::type_complexity)]
const COUNTRIES: &[(&str, &str, &str, &[&str], f64, f64, u64, &str)] = &[
    (
        "US",
        "USA",
        "United States",
        &["United States of America", "America", "U.S.", "US", "USA"],
        39.76,
        -98.5,
        327_167_434,
        "Washington",
    ),
    (
        "RU",
        "RUS",
        "Russia",
        &["Russian Federation"],
        60.0,
        100.0,
        144_478_050,
        "Moscow",
    ),
    ("UA", "UKR", "Ukraine", &[], 49.0, 32.0, 44_622_516, "Kyiv"),
    (
        "GB",
        "GBR",
        "United Kingdom",
        &["UK", "Britain", "Great Britain"],
        54.75844,
        -2.69531,
        66_488_991,
        "London",
    ),
    (
        "GE",
        "GEO",
        "Georgia",
        &["Sakartvelo"],
        42.0,
        43.5,
        3_731_000,
        "Tbilisi",
    ),
    (
        "FR",
        "FRA",
        "France",
        &["French Republic"],
        46.0,
        2.0,
        66_987_244,
        "Paris",
    ),
    (
        "DE",
        "DEU",
        "Germany",
        &["Deutschland"],
        51.5,
        10.5,
        82_927_922,
        "Berlin",
    ),
    (
        "CN",
        "CHN",
        "China",
        &["People's Republic of China"],
        35.0,
        105.0,
        1_411_778_724,
        "Beijing",
    ),
    ("AL", "ALB", "Albania", &[], 41.0, 20.0, 2_866_376, "Tirana"),
    (
        "JO",
        "JOR",
        "Jordan",
        &["Hashemite Kingdom of Jordan"],
        31.0,
        36.0,
        9_956_011,
        "Amman",
    ),
    (
        "BR",
        "BRA",
        "Brazil",
        &[],
        -10.0,
        -55.0,
        209_469_333,
        "Brasília",
    ),
    (
        "MX",
        "MEX",
        "Mexico",
        &[],
        23.0,
        -102.0,
        126_190_788,
        "Mexico City",
    ),
];

/// (code, name, alternates, kind, geonames admin1, lat, lon)
#[allow(clippy::type_complexity)]
const SUBDIVISIONS: &[(&str, &str, &[&str], &str, &str, f64, f64)] = &[
    (
        "US-AK",
        "Alaska",
        &["State of Alaska"],
        "State",
        "AK",
        64.446,
        -149.6809,
    ),
    (
        "US-GA",
        "Georgia",
        &["State of Georgia"],
        "State",
        "GA",
        32.6782,
        -83.2230,
    ),
    ("US-TX", "Texas", &[], "State", "TX", 31.2504, -99.2506),
    (
        "US-NY",
        "New York",
        &["New York State"],
        "State",
        "NY",
        43.0003,
        -75.4999,
    ),
    (
        "US-WA",
        "Washington",
        &["Washington State"],
        "State",
        "WA",
        47.5001,
        -120.5015,
    ),
    ("US-ID", "Idaho", &[], "State", "ID", 44.5, -114.25),
    (
        "US-DC",
        "District of Columbia",
        &[],
        "District",
        "DC",
        38.9165,
        -77.0002,
    ),
    ("UA-30", "Kyiv", &["Kiev"], "City", "12", 50.4547, 30.5238),
    ("GB-ENG", "England", &[], "Country", "ENG", 52.5, -1.5),
    (
        "MX-MEX",
        "México",
        &["State of Mexico"],
        "State",
        "15",
        19.4839,
        -99.69,
    ),
    (
        "FR-IDF",
        "Île-de-France",
        &["Ile-de-France"],
        "Metropolitan region",
        "11",
        48.5,
        2.5,
    ),
];

/// (geonameid, name, alternates, country, admin1, lat, lon, population)
#[allow(clippy::type_complexity)]
const PLACES: &[(u32, &str, &[&str], &str, &str, f64, f64, u64)] = &[
    (
        3530597,
        "Mexico City",
        &["Ciudad de México"],
        "MX",
        "09",
        19.42847,
        -99.12766,
        12_294_193,
    ),
    (
        3515302,
        "Toluca",
        &[],
        "MX",
        "15",
        19.28786,
        -99.65324,
        489_333,
    ),
    (
        5879400,
        "Anchorage",
        &["Ankoridzh"],
        "US",
        "AK",
        61.21806,
        -149.90028,
        289_600,
    ),
    (
        4282497,
        "Anchorage",
        &[],
        "US",
        "KY",
        38.26674,
        -85.53302,
        2_420,
    ),
    (
        524901,
        "Moscow",
        &["Moskva", "Moscou", "Moskau"],
        "RU",
        "48",
        55.75204,
        37.61781,
        10_381_222,
    ),
    (
        5601538,
        "Moscow",
        &["Moskva"],
        "US",
        "ID",
        46.73239,
        -117.00017,
        25_060,
    ),
    (
        703448,
        "Kyiv",
        &["Kiev", "Kijev", "Kyjiv"],
        "UA",
        "12",
        50.45466,
        30.5238,
        2_952_301,
    ),
    (
        2988507,
        "Paris",
        &["Lutetia", "Paname"],
        "FR",
        "11",
        48.85341,
        2.3488,
        2_138_551,
    ),
    (
        4717560,
        "Paris",
        &[],
        "US",
        "TX",
        33.66094,
        -95.55551,
        24_782,
    ),
    (
        611717,
        "Tbilisi",
        &["Tiflis", "Tiblisi"],
        "GE",
        "51",
        41.69143,
        44.83412,
        1_049_498,
    ),
    (
        4140963,
        "Washington",
        &[
            "Washington DC",
            "Washington D.C.",
            "District of Columbia",
            "D.C.",
        ],
        "US",
        "DC",
        38.89511,
        -77.03637,
        689_545,
    ),
    (
        5106834,
        "Albany",
        &[],
        "US",
        "NY",
        42.65258,
        -73.75623,
        97_856,
    ),
    (
        3183875,
        "Tirana",
        &["Tirane", "Tiranë"],
        "AL",
        "50",
        41.3275,
        19.81889,
        374_801,
    ),
    (
        2643743,
        "London",
        &["Londres", "Londra"],
        "GB",
        "ENG",
        51.50853,
        -0.12574,
        8_961_989,
    ),
    (
        2950159,
        "Berlin",
        &[],
        "DE",
        "16",
        52.52437,
        13.41053,
        3_426_354,
    ),
    (
        1816670,
        "Beijing",
        &["Peking", "Pekin"],
        "CN",
        "22",
        39.9075,
        116.39723,
        18_960_744,
    ),
    (
        250441,
        "Amman",
        &[],
        "JO",
        "16",
        31.95522,
        35.94503,
        1_275_857,
    ),
    (
        5029500,
        "Jordan",
        &[],
        "US",
        "MN",
        44.66691,
        -93.62635,
        6_373,
    ),
    (
        3448439,
        "São Paulo",
        &["Sao Paulo", "Sampa"],
        "BR",
        "27",
        -23.5475,
        -46.63611,
        10_021_295,
    ),
    (
        3469058,
        "Brasília",
        &[],
        "BR",
        "07",
        -15.77972,
        -47.92972,
        2_207_718,
    ),
];

const FIRST_NAMES: &[(&str, Gender)] = &[
    ("John", Gender::Male),
    ("Donald", Gender::Male),
    ("Vladimir", Gender::Male),
    ("Volodymyr", Gender::Male),
    ("Sergei", Gender::Male),
    ("Mary", Gender::Female),
    ("Olena", Gender::Female),
    ("Angela", Gender::Female),
    ("Andrea", Gender::Either),
    ("Jordan", Gender::Either),
];

const CONTINENTS: &[(&str, &str, f64, f64)] = &[
    ("EU", "Europe", 48.69096, 9.14062),
    ("AS", "Asia", 29.84064, 89.29688),
];

/// The fixture as KB file bytes (built once per process).
pub fn fixture_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| fixture_builder().finish().bytes)
}

pub(crate) fn fixture_kb() -> Kb {
    // The fixture is built by this crate's own writer; a failure here is a bug in the crate,
    // caught by its tests.
    Kb::from_bytes(fixture_bytes().to_vec()).expect("the fixture KB is well-formed")
}

/// A builder holding the fixture's records, for tests that want to add their own.
pub fn fixture_builder() -> KbBuilder {
    let mut b = KbBuilder::new();
    let mut alpha3 = Vec::new();
    for &(a2, a3, name, alts, lat, lon, pop, capital) in COUNTRIES {
        alpha3.push(a3);
        let _ = b.add_country(CountrySpec {
            alpha2: a2.into(),
            alpha3: a3.into(),
            name: name.into(),
            alternates: alts.iter().map(|s| s.to_string()).collect(),
            lat,
            lon,
            population: pop,
            geonameid: None,
            capital: Some(capital.into()),
        });
    }
    for &(code, name, alts, kind, admin1, lat, lon) in SUBDIVISIONS {
        let _ = b.add_subdivision(SubdivisionSpec {
            code: code.into(),
            name: name.into(),
            alternates: alts.iter().map(|s| s.to_string()).collect(),
            kind: kind.into(),
            level: 1,
            parent: None,
            geonames_admin1: Some(admin1.into()),
            geonameid: None,
            lat,
            lon,
            estimated: false,
            population: None,
        });
    }
    for &(gid, name, alts, cc, admin1, lat, lon, pop) in PLACES {
        let _ = b.add_place(PlaceSpec {
            geonameid: gid,
            name: name.into(),
            alternates: alts.iter().map(|s| s.to_string()).collect(),
            country: cc.into(),
            admin1: Some(admin1.into()),
            lat,
            lon,
            population: pop,
        });
    }
    for &(code, name, lat, lon) in CONTINENTS {
        let _ = b.add_continent(ContinentSpec {
            code: code.into(),
            name: name.into(),
            lat,
            lon,
            ..ContinentSpec::default()
        });
    }
    let keep = |actor: &str| alpha3.contains(&actor) || actor == "EU" || actor == "EUR";
    for d in tables::demonyms().0.into_iter().filter(|d| keep(&d.actor)) {
        let _ = b.add_demonym(d);
    }
    for s in tables::seats().0.into_iter().filter(|s| keep(&s.actor)) {
        let _ = b.add_seat(s);
    }
    for &(name, g) in FIRST_NAMES {
        let _ = b.add_first_name(name, g);
    }
    b.meta("fixture", serde_json::Value::Bool(true));
    b
}
