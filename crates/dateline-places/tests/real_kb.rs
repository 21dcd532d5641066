//! Place choices that need the real gazetteer (`data/kb/dateline.kb`, built by
//! `scripts/setup.sh`; the tests say SKIPPED without it). Sentences written for the test.

use dateline_doc::{Doc, Layer, Metadata};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_places::PlaceResolver;
use std::path::PathBuf;
use std::sync::Arc;

fn kb(test: &str) -> Option<Arc<Kb>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/kb/dateline.kb");
    match Kb::open(&path) {
        Ok(kb) => Some(Arc::new(kb)),
        Err(_) => {
            eprintln!("{test}: SKIPPED, needs data/kb/dateline.kb (scripts/setup.sh)");
            None
        }
    }
}

fn places(kb: &Arc<Kb>, text: &str) -> Vec<(String, f64, f64)> {
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone())).unwrap();
    let mut doc = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
    pipeline.run(&mut doc);
    PlaceResolver::new(kb.clone()).run(&mut doc);
    doc.places
        .iter()
        .map(|p| (doc.slice(p.span).to_string(), p.lat, p.lon))
        .collect()
}

fn at<'a>(found: &'a [(String, f64, f64)], name: &str) -> &'a (String, f64, f64) {
    found
        .iter()
        .find(|p| p.0 == name)
        .unwrap_or_else(|| panic!("no place {name:?} in {found:?}"))
}

#[test]
fn a_city_under_its_own_name_beats_a_town_that_once_had_it() {
    // Korolyov, near Moscow, was called Kaliningrad until 1996: the story's focus on
    // Moscow must not pull the Baltic city's name there.
    let Some(kb) = kb("a_city_under_its_own_name_beats_a_town_that_once_had_it") else {
        return;
    };
    let found = places(
        &kb,
        "Officials in Moscow said on Monday that new missiles would be installed in \
         Kaliningrad, a Russian enclave on the Polish border.",
    );
    let k = at(&found, "Kaliningrad");
    assert!(
        (k.1 - 54.7).abs() < 0.5 && (k.2 - 20.5).abs() < 0.5,
        "{k:?}"
    );
}

#[test]
fn cities_named_like_their_province_are_the_cities() {
    let Some(kb) = kb("cities_named_like_their_province_are_the_cities") else {
        return;
    };
    let found = places(
        &kb,
        "Shelling hit Kherson on Monday. Troops raided Jenin. Protesters marched in Buenos Aires.",
    );
    for (name, lat, lon) in [
        ("Kherson", 46.64, 32.61),
        ("Jenin", 32.46, 35.30),
        ("Buenos Aires", -34.61, -58.38),
    ] {
        let p = at(&found, name);
        assert!((p.1 - lat).abs() < 0.2 && (p.2 - lon).abs() < 0.2, "{p:?}");
    }
}
