//! Long documents of the shapes that used to cost quadratic time (issue 14): each is
//! analysed by every layer at two sizes, and the larger, four times as long, must not cost
//! much more than four times as much. Before the fixes these took from seconds to minutes
//! (a capitalized run re-labelled for each split, every place name scored against every
//! container, every surname compared with every earlier person, one reopened quotation
//! compared with all its parts …); the sizes are small enough for a debug build.

use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_kb::Kb;
use dateline_pipeline::{DEFAULT_LAYERS, Pipeline, Resources};
use dateline_tone::ToneLexicon;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let lexicon = ToneLexicon::parse("good\t1.9\nbad\t-2.5\nwar\t-2.9\npeace\t2.5\n")
            .expect("a small lexicon");
        let resources = Resources::with_kb(Arc::new(Kb::fixture())).with_lexicon(Arc::new(lexicon));
        Pipeline::for_layers(&DEFAULT_LAYERS, &resources).expect("every layer")
    })
}

fn analyse(text: String) -> (Doc, Duration) {
    let mut meta = Metadata::with_id("long");
    meta.published = Some(Published::parse("2025-08-16").unwrap());
    let mut doc = Doc::new(meta, text).unwrap();
    let started = Instant::now();
    pipeline().run(&mut doc);
    (doc, started.elapsed())
}

/// `make(n)` at n and 4n: the document is analysed, its spans are in bounds, and the
/// larger one costs at most about linearly more (a generous factor: timing on a shared
/// machine is noisy; quadratic cost would be sixteen times and more).
fn scales_linearly(name: &str, make: impl Fn(usize) -> String, n: usize) {
    // A first run warms caches and lazily built tables.
    let _ = analyse(make(n / 4));
    let (small_doc, small) = analyse(make(n));
    let (large_doc, large) = analyse(make(4 * n));
    for doc in [&small_doc, &large_doc] {
        assert!(doc.has_layer(Layer::Events) && doc.has_layer(Layer::Substance));
        let len = doc.text().len() as u32;
        assert!(doc.entities.iter().all(|e| e.span.end <= len), "{name}");
        assert!(doc.quotes.iter().all(|q| q.span.end <= len), "{name}");
        assert!(doc.places.iter().all(|p| p.span.end <= len), "{name}");
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
    assert!(
        ratio < 10.0 || large < Duration::from_millis(300),
        "{name}: {:.0} KB took {small:?}, four times as much took {large:?} ({ratio:.1}×)",
        small_doc.text().len() as f64 / 1e3,
    );
}

#[test]
fn a_headline_of_capitals_without_end() {
    scales_linearly(
        "capitalized run",
        |n| {
            "JOHN SMITH MET THE PRESIDENT OF FRANCE AND THE MINISTER OF DEFENSE IN PARIS ".repeat(n)
        },
        150,
    );
    scales_linearly(
        "title case run",
        |n| {
            "John Smith Met The President Of France And The Minister Of Defense In Paris ".repeat(n)
        },
        150,
    );
}

#[test]
fn thousands_of_different_people() {
    scales_linearly(
        "people",
        |n| {
            (0..n)
                .map(|i| {
                    format!("John Smith{i} met Mary Jones{i}. Smith{i} said Jones{i} agreed.\n\n")
                })
                .collect()
        },
        300,
    );
}

#[test]
fn one_place_in_one_container_again_and_again() {
    scales_linearly(
        "places",
        |n| "Officials in Paris, Texas, met Moscow envoys in Paris and London. ".repeat(n),
        200,
    );
}

#[test]
fn a_quotation_reopened_in_every_paragraph() {
    scales_linearly(
        "reopened quotation",
        |n| {
            (0..n)
                .map(|i| format!("“We said the talks on plan {i} would go on, and it was good\n\n"))
                .collect()
        },
        200,
    );
}

#[test]
fn pronouns_and_descriptions_in_quotes() {
    scales_linearly(
        "pronouns",
        |n| {
            (0..n)
                .map(|i| {
                    format!(
                        "“We will act, and I will lead our people,” the president said. \
                         The United Nations said it would help Acme{i} Corp and its plan. \
                         For a leader who prized his deals, John Smith{i} said little.\n\n"
                    )
                })
                .collect()
        },
        150,
    );
}
