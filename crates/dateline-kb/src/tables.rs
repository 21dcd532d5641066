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

/// Regions, water bodies, islands and mountain ranges that no gazetteer source lists (or
/// lists only as the provinces they are cut into), news names often, and the
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
    // Former countries, which ISO 3166-1 no longer lists.
    (
        &["Soviet Union", "USSR", "U.S.S.R."],
        "Soviet Union",
        60.0,
        90.0,
        "",
    ),
    (&["Yugoslavia"], "Yugoslavia", 44.0, 20.5, ""),
    (&["Czechoslovakia"], "Czechoslovakia", 49.5, 17.0, ""),
    (&["East Germany"], "East Germany", 52.0, 12.5, "DE"),
    (&["West Germany"], "West Germany", 50.5, 8.5, "DE"),
    (&["Ottoman Empire"], "Ottoman Empire", 39.0, 35.0, ""),
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
    // Lakes, seas and straits.
    (&["Great Lakes"], "Great Lakes", 45.0, -84.0, ""),
    (&["Lake Erie"], "Lake Erie", 42.2, -81.2, ""),
    (&["Lake Ontario"], "Lake Ontario", 43.7, -77.9, ""),
    (&["Lake Huron"], "Lake Huron", 44.8, -82.4, ""),
    (&["Lake Superior"], "Lake Superior", 47.7, -87.5, ""),
    (&["Lake Michigan"], "Lake Michigan", 44.0, -87.0, "US"),
    (&["Lake Victoria"], "Lake Victoria", -1.0, 33.0, ""),
    (&["Lake Tanganyika"], "Lake Tanganyika", -6.0, 29.5, ""),
    (&["Lake Chad"], "Lake Chad", 13.0, 14.5, ""),
    (&["Lake Baikal"], "Lake Baikal", 53.5, 108.0, "RU"),
    (&["Dead Sea"], "Dead Sea", 31.5, 35.5, ""),
    (&["Sea of Azov"], "Sea of Azov", 46.0, 36.5, ""),
    (&["Aegean Sea", "Aegean"], "Aegean Sea", 39.0, 25.0, ""),
    (
        &["Adriatic Sea", "Adriatic"],
        "Adriatic Sea",
        43.0,
        15.0,
        "",
    ),
    (&["Sea of Japan"], "Sea of Japan", 40.0, 135.0, ""),
    (&["East China Sea"], "East China Sea", 30.0, 125.0, ""),
    (&["Arabian Sea"], "Arabian Sea", 14.0, 65.0, ""),
    (&["Bay of Bengal"], "Bay of Bengal", 15.0, 88.0, ""),
    (&["Gulf of Aden"], "Gulf of Aden", 12.5, 48.0, ""),
    (&["Strait of Hormuz"], "Strait of Hormuz", 26.6, 56.3, ""),
    (&["Taiwan Strait"], "Taiwan Strait", 24.0, 119.5, ""),
    (&["English Channel"], "English Channel", 50.2, -1.0, ""),
    // Islands that are no single province.
    (&["Sumatra"], "Sumatra", 0.0, 102.0, "ID"),
    (&["Borneo"], "Borneo", 1.0, 114.0, ""),
    (&["Sulawesi"], "Sulawesi", -2.0, 121.0, "ID"),
    (&["Luzon"], "Luzon", 16.0, 121.0, "PH"),
    (&["Mindanao"], "Mindanao", 8.0, 125.0, "PH"),
    (&["Honshu"], "Honshu", 36.0, 138.0, "JP"),
    (&["New Guinea"], "New Guinea", -5.5, 141.0, ""),
    // Mountain ranges and deltas.
    (
        &["Ural Mountains", "Urals"],
        "Ural Mountains",
        60.0,
        59.0,
        "RU",
    ),
    (&["Alps"], "Alps", 46.5, 10.0, ""),
    (&["Himalayas", "Himalaya"], "Himalayas", 28.0, 84.0, ""),
    (&["Hindu Kush"], "Hindu Kush", 35.5, 70.0, ""),
    (
        &["Appalachians", "Appalachia"],
        "Appalachia",
        38.0,
        -81.0,
        "US",
    ),
    (&["Danube Delta"], "Danube Delta", 45.1, 29.3, "RO"),
    (&["Nile Delta"], "Nile Delta", 30.9, 31.0, "EG"),
    (&["Mekong Delta"], "Mekong Delta", 10.0, 105.8, "VN"),
    (&["Niger Delta"], "Niger Delta", 5.0, 6.0, "NG"),
    // Parts of continents, and of countries, that news names as places.
    (&["Western Europe"], "Western Europe", 48.0, 5.0, ""),
    (&["Eastern Europe"], "Eastern Europe", 50.0, 30.0, ""),
    (&["Central Europe"], "Central Europe", 49.0, 15.0, ""),
    (&["Northern Europe"], "Northern Europe", 60.0, 15.0, ""),
    (&["Southern Europe"], "Southern Europe", 41.0, 15.0, ""),
    (&["North Africa"], "North Africa", 27.0, 14.0, ""),
    (&["Southern Africa"], "Southern Africa", -25.0, 25.0, ""),
    (&["Central America"], "Central America", 13.0, -86.0, ""),
    (&["South Asia"], "South Asia", 22.0, 80.0, ""),
    (&["East Asia"], "East Asia", 35.0, 115.0, ""),
    (&["West Midlands"], "West Midlands", 52.5, -1.9, "GB"),
    (&["East Anglia"], "East Anglia", 52.4, 1.0, "GB"),
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
