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
