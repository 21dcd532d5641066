//! The runtime API on the hand-written fixture KB: no download needed.

use dateline_kb::{
    CountrySpec, Entry, EntryRef, Gender, Invalid, Kb, KbBuilder, KbError, Kind, PlaceSpec,
    SeatKind, SubdivisionSpec, fixture_builder, fixture_bytes,
};

fn kinds(kb: &Kb, name: &str) -> Vec<(Kind, String)> {
    kb.lookup(name)
        .into_iter()
        .map(|h| {
            let e = kb.entry(h.entry);
            (e.kind(), e.country_code().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn kb_is_send_sync_and_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Kb>();
}

#[test]
fn lookup_by_name_and_alternate() {
    let kb = Kb::fixture();
    let hits = kb.lookup("Anchorage");
    assert_eq!(hits.len(), 2);
    // Most populous first: Anchorage, Alaska before Anchorage, Kentucky.
    let Entry::Place(p) = kb.entry(hits[0].entry) else {
        panic!()
    };
    assert_eq!(
        (p.name, p.country, p.admin1, p.geonameid),
        ("Anchorage", "US", "AK", 5879400)
    );
    assert!((p.lat - 61.218).abs() < 0.01 && (p.lon + 149.9).abs() < 0.01);
    let Some(sub) = p.subdivision else {
        panic!("Anchorage links to Alaska")
    };
    assert_eq!(kb.entry(sub).name(), "Alaska");

    let kiev = kb.lookup("Kiev");
    assert!(kiev.iter().all(|h| h.alternate));
    assert!(
        kiev.iter()
            .any(|h| matches!(kb.entry(h.entry), Entry::Place(p) if p.name == "Kyiv"))
    );
    let kyiv = kb.lookup("KYIV");
    assert!(kyiv.iter().any(|h| !h.alternate));
    assert!(kb.lookup("Atlantis").is_empty());
    assert!(kb.lookup("   ").is_empty());
}

#[test]
fn lookup_folds_diacritics_and_punctuation() {
    let kb = Kb::fixture();
    for q in ["Sao Paulo", "SÃO PAULO", "São Paulo", "sao-paulo"] {
        let hits = kb.lookup(q);
        assert!(
            hits.iter().any(|h| kb.entry(h.entry).name() == "São Paulo"),
            "{q}"
        );
    }
    let loose = kb.lookup("Sao Paulo");
    // "Sao Paulo" is also a listed alternate: an exact alternate match, not a loose one.
    assert!(!loose[0].loose);
    assert!(
        kb.lookup("Tiranë")
            .iter()
            .any(|h| kb.entry(h.entry).name() == "Tirana")
    );
    assert!(
        kb.lookup("Tirane")
            .iter()
            .any(|h| kb.entry(h.entry).name() == "Tirana")
    );
    assert!(
        kb.lookup("Washington DC")
            .iter()
            .any(|h| matches!(kb.entry(h.entry), Entry::Place(p) if p.admin1 == "DC"))
    );
    assert!(kb.lookup("washington, d.c.").iter().any(|h| h.loose));
    assert!(
        kb.lookup("Ile de France")
            .iter()
            .any(|h| kb.entry(h.entry).name() == "Île-de-France")
    );
}

#[test]
fn ambiguities_are_all_returned() {
    let kb = Kb::fixture();
    let georgia = kinds(&kb, "Georgia");
    assert!(georgia.contains(&(Kind::Country, "GE".into())));
    assert!(georgia.contains(&(Kind::Subdivision, "US".into())));
    assert_eq!(georgia[0].0, Kind::Country, "countries sort first");

    let paris = kinds(&kb, "Paris");
    assert!(paris.contains(&(Kind::Place, "FR".into())));
    assert!(paris.contains(&(Kind::Place, "US".into())));
    assert!(paris.contains(&(Kind::Seat, String::new())));

    let washington = kinds(&kb, "Washington");
    assert!(washington.contains(&(Kind::Place, "US".into())));
    assert!(washington.contains(&(Kind::Subdivision, "US".into())));
    assert!(washington.contains(&(Kind::Seat, String::new())));

    let jordan = kinds(&kb, "Jordan");
    assert!(jordan.contains(&(Kind::Country, "JO".into())));
    assert!(jordan.contains(&(Kind::Place, "US".into())));
    assert_eq!(kb.first_name_gender("Jordan"), Some(Gender::Either));

    assert!(kinds(&kb, "Albany").iter().all(|k| k.0 == Kind::Place));
    assert_eq!(
        kinds(&kb, "Albania"),
        vec![(Kind::Country, "AL".to_string())]
    );
}

#[test]
fn countries_by_both_codes() {
    let kb = Kb::fixture();
    let us = kb.country("US").unwrap();
    assert_eq!(
        (us.alpha2, us.alpha3, us.name),
        ("US", "USA", "United States")
    );
    assert_eq!(kb.country("usa").unwrap().id, us.id);
    let capital = kb.entry(us.capital.unwrap());
    assert!(matches!(capital, Entry::Place(p) if p.name == "Washington" && p.admin1 == "DC"));
    let ru = kb.country("RUS").unwrap();
    assert_eq!((ru.lat, ru.lon), (60.0, 100.0));
    assert_eq!(kb.country("GE").unwrap().name, "Georgia");
    assert!(kb.country("XX").is_none());
    assert!(kb.country("XXX").is_none());
    assert!(kb.country("").is_none());
    assert!(kb.country("USAA").is_none());
    assert_eq!(kb.countries().count(), 12);
    let codes: Vec<&str> = kb.countries().map(|c| c.alpha2).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    // Aliases.
    assert!(
        kb.lookup("UK")
            .iter()
            .any(|h| kb.entry(h.entry).country_code() == Some("GB"))
    );
    assert!(
        kb.lookup("U.S.")
            .iter()
            .any(|h| kb.entry(h.entry).country_code() == Some("US"))
    );
}

#[test]
fn subdivisions() {
    let kb = Kb::fixture();
    let ak = kb.subdivision("us-ak").unwrap();
    assert_eq!(
        (ak.name, ak.kind, ak.country, ak.level),
        ("Alaska", "State", "US", 1)
    );
    assert!(
        ak.lat > 63.0,
        "Alaska resolves to the state's centre, not Anchorage"
    );
    assert!(kb.subdivision("US-ZZ").is_none());
    assert!(kb.subdivision("").is_none());
    let hits = kb.lookup("Alaska");
    assert!(matches!(kb.entry(hits[0].entry), Entry::Subdivision(s) if s.code == "US-AK"));
}

#[test]
fn demonyms_and_seats() {
    let kb = Kb::fixture();
    let d = kb.lookup_entries("Ukrainian");
    assert!(
        matches!(d[..], [Entry::Demonym(d)] if d.actor == "UKR" && !d.plural && d.country.is_some())
    );
    let d = kb.lookup_entries("Americans");
    assert!(matches!(d[..], [Entry::Demonym(d)] if d.actor == "USA" && d.plural));
    let d = kb.lookup_entries("European");
    assert!(matches!(d[..], [Entry::Demonym(d)] if d.actor == "EUR" && d.country.is_none()));
    assert!(matches!(kb.lookup_entries("Russians")[..], [Entry::Demonym(d)] if d.actor == "RUS"));

    let s = kb.lookup_entries("the Kremlin");
    let [Entry::Seat(k)] = s[..] else {
        panic!("{s:?}")
    };
    assert_eq!((k.actor, k.kind), ("RUS", SeatKind::Building));
    assert_eq!(kb.entry(k.country.unwrap()).country_code(), Some("RU"));
    assert!(
        kb.lookup_entries("White House")
            .iter()
            .any(|e| matches!(e, Entry::Seat(s) if s.actor == "USA"))
    );
    assert!(
        kb.lookup_entries("Downing Street")
            .iter()
            .any(|e| matches!(e, Entry::Seat(s) if s.actor == "GBR"))
    );
    assert!(
        kb.lookup_entries("Élysée")
            .iter()
            .any(|e| matches!(e, Entry::Seat(s) if s.actor == "FRA"))
    );
    assert!(
        kb.lookup_entries("Elysee")
            .iter()
            .any(|e| matches!(e, Entry::Seat(s) if s.actor == "FRA"))
    );
    assert!(
        kb.lookup_entries("Brussels")
            .iter()
            .any(|e| matches!(e, Entry::Seat(s) if s.actor == "EU" && s.kind == SeatKind::IgoSeat))
    );
    let moscow = kb.lookup_entries("Moscow");
    assert!(
        moscow.iter().any(
            |e| matches!(e, Entry::Seat(s) if s.actor == "RUS" && s.kind == SeatKind::Capital)
        )
    );
    assert!(
        moscow
            .iter()
            .any(|e| matches!(e, Entry::Place(p) if p.country == "US"))
    );
}

#[test]
fn first_names() {
    let kb = Kb::fixture();
    assert_eq!(kb.first_name_gender("John"), Some(Gender::Male));
    assert_eq!(kb.first_name_gender("MARY"), Some(Gender::Female));
    assert_eq!(kb.first_name_gender("Andrea"), Some(Gender::Either));
    assert_eq!(kb.first_name_gender("Zebulon"), None);
    assert_eq!(kb.first_name_gender(""), None);
}

#[test]
fn stats_count_kinds() {
    let s = Kb::fixture().stats();
    assert_eq!(s.countries, 12);
    assert_eq!(s.subdivisions, 11);
    assert_eq!(s.places, 20);
    assert_eq!(s.continents, 2);
    assert!(s.demonyms > 10 && s.seats > 10, "{s}");
    assert_eq!(
        s.entries,
        s.countries + s.subdivisions + s.places + s.demonyms + s.seats + s.continents
    );
    assert_eq!(s.first_names, 10);
}

#[test]
fn round_trip_through_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.kb");
    std::fs::write(&path, fixture_bytes()).unwrap();
    let kb = Kb::open(&path).unwrap();
    let mem = Kb::fixture();
    assert_eq!(kb.stats(), mem.stats());
    for q in ["Georgia", "Kiev", "Sao Paulo", "the Kremlin", "Americans"] {
        assert_eq!(kb.lookup(q), mem.lookup(q));
    }
    for i in 0..kb.len() as u32 {
        assert_eq!(kb.entry(EntryRef(i)), mem.entry(EntryRef(i)));
    }
    // Same records in, same bytes out.
    assert_eq!(fixture_builder().finish().bytes, fixture_bytes());
    assert!(kb.meta().contains("fixture"));
}

#[test]
fn missing_file_says_how_to_fix_it() {
    let err = Kb::open(std::path::Path::new("/nonexistent/dateline.kb")).unwrap_err();
    assert!(matches!(err, KbError::Missing { .. }));
    assert!(err.to_string().contains("scripts/fetch-kb.sh"), "{err}");
}

#[test]
fn corrupt_or_truncated_files_are_errors_not_panics() {
    let good = fixture_bytes().to_vec();
    assert!(matches!(Kb::from_bytes(Vec::new()), Err(KbError::BadMagic)));
    assert!(matches!(
        Kb::from_bytes(b"hello world, not a KB".to_vec()),
        Err(KbError::BadMagic)
    ));
    let mut v = good.clone();
    v[8] = 99;
    assert!(matches!(
        Kb::from_bytes(v),
        Err(KbError::Version { found: 99, .. })
    ));
    // Every truncation is refused cleanly.
    for len in (0..good.len())
        .step_by(97)
        .chain([good.len() - 1, 8, 159, 160])
    {
        let r = Kb::from_bytes(good[..len].to_vec());
        assert!(r.is_err(), "truncated to {len} bytes was accepted");
    }
    // Flipping bytes anywhere must never panic, at open or at use.
    for pos in (0..good.len()).step_by(13) {
        let mut v = good.clone();
        v[pos] ^= 0xA5;
        if let Ok(kb) = Kb::from_bytes(v) {
            for q in ["Georgia", "Paris", "Kiev", "Americans", "Sao Paulo"] {
                for h in kb.lookup(q) {
                    let _ = kb.entry(h.entry).name();
                }
            }
            let _ = kb.country("US");
            let _ = kb.country("USA");
            let _ = kb.first_name_gender("John");
            let _ = kb.stats();
        }
    }
    // An id from elsewhere does not panic either.
    let kb = Kb::fixture();
    let _ = kb.entry(EntryRef(u32::MAX - 5));
}

#[test]
fn builder_validates_rows() {
    let mut b = KbBuilder::new();
    let place = |lat: f64, lon: f64| PlaceSpec {
        geonameid: 1,
        name: "Somewhere".into(),
        country: "US".into(),
        lat,
        lon,
        ..PlaceSpec::default()
    };
    assert_eq!(b.add_place(place(91.0, 0.0)), Err(Invalid::BadCoordinates));
    assert_eq!(b.add_place(place(-90.5, 0.0)), Err(Invalid::BadCoordinates));
    assert_eq!(
        b.add_place(place(0.0, 180.01)),
        Err(Invalid::BadCoordinates)
    );
    assert_eq!(
        b.add_place(place(f64::NAN, 0.0)),
        Err(Invalid::BadCoordinates)
    );
    assert_eq!(
        b.add_place(place(0.0, f64::INFINITY)),
        Err(Invalid::BadCoordinates)
    );
    assert!(b.add_place(place(90.0, -180.0)).is_ok());
    assert_eq!(
        b.add_place(PlaceSpec {
            name: " \u{200b} ".into(),
            ..place(0.0, 0.0)
        }),
        Err(Invalid::EmptyName)
    );
    assert!(matches!(
        b.add_place(PlaceSpec {
            country: "U1".into(),
            ..place(0.0, 0.0)
        }),
        Err(Invalid::BadCode(_))
    ));
    let country = CountrySpec {
        alpha2: "XA".into(),
        alpha3: "XAA".into(),
        name: "Xa".into(),
        ..CountrySpec::default()
    };
    assert!(b.add_country(country.clone()).is_ok());
    assert!(matches!(b.add_country(country), Err(Invalid::Duplicate(_))));
    assert!(matches!(
        b.add_subdivision(SubdivisionSpec {
            code: "USAK".into(),
            name: "x".into(),
            ..SubdivisionSpec::default()
        }),
        Err(Invalid::BadCode(_))
    ));
    // A second-level area without an ISO code goes under its GeoNames admin code.
    assert!(
        b.add_subdivision(SubdivisionSpec {
            code: "XA.01.219".into(),
            name: "Oconee County".into(),
            level: 2,
            ..SubdivisionSpec::default()
        })
        .is_ok()
    );
    for bad in ["XA..219", "XA.01.21-9", "XA.", "XA.0123456789ABCDEFG"] {
        assert!(
            matches!(
                b.add_subdivision(SubdivisionSpec {
                    code: bad.into(),
                    name: "x".into(),
                    ..SubdivisionSpec::default()
                }),
                Err(Invalid::BadCode(_))
            ),
            "{bad}"
        );
    }
    let kb = Kb::from_bytes(b.finish().bytes).unwrap();
    assert_eq!(kb.stats().places, 1);
    assert_eq!(kb.stats().countries, 1);
    let area = kb.lookup("Oconee County");
    assert_eq!(area.len(), 1);
    assert!(matches!(kb.entry(area[0].entry), Entry::Subdivision(s) if s.code == "XA.01.219"));
}

#[test]
fn empty_kb_works() {
    let kb = Kb::from_bytes(KbBuilder::new().finish().bytes).unwrap();
    assert!(kb.is_empty());
    assert!(kb.lookup("Paris").is_empty());
    assert!(kb.country("US").is_none());
    assert_eq!(kb.first_name_gender("John"), None);
}
