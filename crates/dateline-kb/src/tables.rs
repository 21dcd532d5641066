//! Hand-written tables compiled into the crate: demonyms, seats of power, country aliases.
//!
//! They are facts written for dateline (see THIRD-PARTY-DATA.md): the sources have no
//! plural demonyms, no metonyms, and miss some names news uses ("UK", "Britain", "DRC").
//! Each is a small TSV under `src/tables/`, parsed at build time; a malformed row is
//! skipped and counted, never a panic.

use crate::SeatKind;
use crate::builder::{DemonymSpec, SeatSpec};

const DEMONYMS: &str = include_str!("tables/demonyms.tsv");
const SEATS: &str = include_str!("tables/seats.tsv");
const COUNTRY_ALIASES: &str = include_str!("tables/country_aliases.tsv");

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Regions and water bodies that no gazetteer source lists, news names often, and the
/// entity layer must not take for organisations ("the West Bank", "Darfur", "the
/// Mideast"): (names, display name, lat, lon, the country it lies in or "" for one that
/// spans several). The points are the regions' middles, rounded; written for dateline.
pub const REGIONS: &[(&[&str], &str, f64, f64, &str)] = &[
    (
        &["Middle East", "Mideast", "Near East"],
        "Middle East",
        33.14,
        35.86,
        "",
    ),
    (&["Midwest", "Middle West"], "Midwest", 41.0, -90.0, "US"),
    (&["New England"], "New England", 43.5, -71.5, "US"),
    (
        &["Pacific Northwest"],
        "Pacific Northwest",
        46.0,
        -121.0,
        "US",
    ),
    (&["Deep South"], "Deep South", 32.5, -87.0, "US"),
    (&["Balkans"], "Balkans", 43.0, 21.0, ""),
    (&["Caucasus"], "Caucasus", 42.5, 44.5, ""),
    (&["Scandinavia"], "Scandinavia", 62.0, 14.0, ""),
    (&["Latin America"], "Latin America", -10.0, -60.0, ""),
    (&["Southeast Asia"], "Southeast Asia", 10.0, 110.0, ""),
    (&["Central Asia"], "Central Asia", 43.0, 65.0, ""),
    (&["Caribbean"], "Caribbean", 15.0, -73.0, ""),
    (&["Horn of Africa"], "Horn of Africa", 8.0, 45.0, ""),
    (&["Sahel"], "Sahel", 14.5, 3.0, ""),
    (&["West Africa"], "West Africa", 12.0, -3.0, ""),
    (&["East Africa"], "East Africa", 0.0, 37.0, ""),
    (&["Siberia"], "Siberia", 60.0, 100.0, "RU"),
    (&["Gulf of Mexico"], "Gulf of Mexico", 25.0, -90.0, ""),
    (
        &["Persian Gulf", "Arabian Gulf"],
        "Persian Gulf",
        27.0,
        51.0,
        "",
    ),
    (&["Red Sea"], "Red Sea", 19.0, 39.5, ""),
    (&["Black Sea"], "Black Sea", 43.0, 35.0, ""),
    (&["Caspian Sea"], "Caspian Sea", 42.0, 50.5, ""),
    (&["Baltic Sea", "Baltic"], "Baltic Sea", 57.0, 19.0, ""),
    (&["North Sea"], "North Sea", 56.0, 3.0, ""),
    (
        &["Mediterranean", "Mediterranean Sea"],
        "Mediterranean Sea",
        35.0,
        18.0,
        "",
    ),
    (&["South China Sea"], "South China Sea", 13.0, 114.0, ""),
    (
        &["Atlantic", "Atlantic Ocean"],
        "Atlantic Ocean",
        10.0,
        -30.0,
        "",
    ),
    (&["North Atlantic"], "North Atlantic Ocean", 40.0, -40.0, ""),
    (
        &["Pacific", "Pacific Ocean"],
        "Pacific Ocean",
        0.0,
        -160.0,
        "",
    ),
    (&["Indian Ocean"], "Indian Ocean", -10.0, 75.0, ""),
    (&["Arctic", "Arctic Ocean"], "Arctic Ocean", 80.0, 0.0, ""),
    (&["Gaza Strip"], "Gaza Strip", 31.42, 34.36, "PS"),
    (&["West Bank"], "West Bank", 31.95, 35.25, "PS"),
    (&["Darfur"], "Darfur", 13.5, 24.5, "SD"),
    (&["Kashmir"], "Kashmir", 34.1, 75.5, ""),
    (&["Kurdistan"], "Kurdistan", 36.5, 44.0, ""),
    (
        &["Golan Heights", "Golan"],
        "Golan Heights",
        33.0,
        35.75,
        "SY",
    ),
    (
        &["Sinai", "Sinai Peninsula"],
        "Sinai Peninsula",
        29.5,
        33.8,
        "EG",
    ),
    (&["Donbas", "Donbass"], "Donbas", 48.3, 38.5, "UA"),
    (&["Levant"], "Levant", 33.5, 36.5, ""),
    (&["Maghreb"], "Maghreb", 31.0, 2.0, ""),
    (&["Patagonia"], "Patagonia", -45.0, -69.0, "AR"),
    (
        &["South Ossetia", "South Ossetian", "South Ossetians"],
        "South Ossetia",
        42.35,
        43.95,
        "GE",
    ),
    (&["Transnistria"], "Transnistria", 47.2, 29.4, "MD"),
    (
        &["Nagorno-Karabakh"],
        "Nagorno-Karabakh",
        39.85,
        46.75,
        "AZ",
    ),
];

/// The demonym table; the second value counts malformed rows.
pub fn demonyms() -> (Vec<DemonymSpec>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    for r in rows(DEMONYMS) {
        if r.len() < 2 {
            bad += 1;
            continue;
        }
        for s in list(r[1]) {
            out.push(DemonymSpec {
                name: s.to_string(),
                actor: r[0].to_string(),
                plural: false,
            });
        }
        for p in list(r.get(2).copied().unwrap_or("")) {
            out.push(DemonymSpec {
                name: p.to_string(),
                actor: r[0].to_string(),
                plural: true,
            });
        }
    }
    (out, bad)
}

/// The seat table; the second value counts malformed rows.
pub fn seats() -> (Vec<SeatSpec>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    for r in rows(SEATS) {
        let parsed = (|| {
            let mut names = r.first()?.split('|').map(str::trim);
            let name = names.next()?.to_string();
            Some(SeatSpec {
                name,
                alternates: names.map(String::from).collect(),
                actor: r.get(1)?.trim().to_string(),
                kind: SeatKind::parse(r.get(2)?)?,
                lat: r.get(3)?.trim().parse().ok()?,
                lon: r.get(4)?.trim().parse().ok()?,
            })
        })();
        match parsed {
            Some(s) => out.push(s),
            None => bad += 1,
        }
    }
    (out, bad)
}

/// (alias, alpha-3) pairs.
pub fn country_aliases() -> Vec<(&'static str, &'static str)> {
    rows(COUNTRY_ALIASES)
        .filter(|r| r.len() >= 2)
        .map(|r| (r[0].trim(), r[1].trim()))
        .collect()
}

/// A plural noun for a singular demonym that has one: "Russian" → "Russians"; none for
/// "-ese", "-ish", "-ch", "Swiss" and the like ("the Chinese", "the French").
pub fn plural_of(singular: &str) -> Option<String> {
    let s = singular.trim();
    let lower = s.to_ascii_lowercase();
    let none = ["ese", "ish", "ch", "ss", "sh", "z", "s"];
    if s.is_empty() || s.contains(' ') && !lower.ends_with('n') && !lower.ends_with('i') {
        return None;
    }
    if none.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    Some(format!("{s}s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_cleanly() {
        let (d, bad) = demonyms();
        assert_eq!(bad, 0);
        assert!(d.len() > 200);
        assert!(
            d.iter()
                .any(|d| d.name == "Americans" && d.plural && d.actor == "USA")
        );
        let (s, bad) = seats();
        assert_eq!(bad, 0);
        assert!(s.len() >= 60, "{}", s.len());
        assert!(s.iter().any(|s| s.name == "Kremlin" && s.actor == "RUS"));
        assert!(country_aliases().contains(&("UK", "GBR")));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural_of("Russian").as_deref(), Some("Russians"));
        assert_eq!(plural_of("Israeli").as_deref(), Some("Israelis"));
        assert_eq!(plural_of("Chinese"), None);
        assert_eq!(plural_of("British"), None);
        assert_eq!(plural_of("French"), None);
        assert_eq!(plural_of("Swiss"), None);
    }
}
