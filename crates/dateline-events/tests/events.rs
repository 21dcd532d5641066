//! End-to-end tests of the events layer on hand-written sentences, with the fixture
//! knowledge base and the real pipeline components.

use dateline_doc::{Doc, Event, Layer, Metadata, Published};
use dateline_events::EventCoder;
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let res = Resources::with_kb(Arc::new(Kb::fixture()));
        Pipeline::for_layers(&[Layer::Quotes, Layer::Times, Layer::Places], &res).unwrap()
    })
}

fn coder() -> &'static EventCoder {
    static C: OnceLock<EventCoder> = OnceLock::new();
    C.get_or_init(EventCoder::new)
}

fn run(text: &str) -> Doc {
    let mut meta = Metadata::with_id("t");
    meta.published = Some(Published::parse("2025-08-16").unwrap());
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    pipeline().run(&mut doc);
    coder().run(&mut doc);
    assert!(doc.has_layer(Layer::Events));
    doc
}

fn triples(doc: &Doc) -> Vec<(String, String, String)> {
    doc.events
        .iter()
        .map(|e| (e.source.clone(), e.target.clone(), e.root().to_string()))
        .collect()
}

fn has(doc: &Doc, source: &str, target: &str, root: &str) -> bool {
    let t = triples(doc);
    t.iter()
        .any(|(s, g, r)| s == source && g == target && r == root)
}

fn find<'a>(doc: &'a Doc, root: &str) -> &'a Event {
    doc.events
        .iter()
        .find(|e| e.root() == root)
        .unwrap_or_else(|| panic!("no {root} event in {:?}", triples(doc)))
}

/// One sentence per root class: (text, source, target, root).
#[test]
fn codes_each_supported_root_class() {
    let cases = [
        ("Russia welcomed Ukraine on Monday.", "RUS", "UKR", "01"),
        ("Russia urged Ukraine to negotiate.", "RUS", "UKR", "02"),
        ("Russia offered Ukraine a new deal.", "RUS", "UKR", "03"),
        (
            "Russia met Ukraine in Tbilisi on Monday.",
            "RUS",
            "UKR",
            "04",
        ),
        (
            "France praised Germany for its patience.",
            "FRA",
            "DEU",
            "05",
        ),
        (
            "France will cooperate with Germany on energy.",
            "FRA",
            "DEU",
            "06",
        ),
        (
            "France sent humanitarian aid to Ukraine.",
            "FRA",
            "UKR",
            "07",
        ),
        (
            "Russia released Ukrainian soldiers on Monday.",
            "RUS",
            "UKRMIL",
            "08",
        ),
        ("France demanded answers from Russia.", "FRA", "RUS", "10"),
        ("Germany criticised Russia on Monday.", "DEU", "RUS", "11"),
        ("Ukraine rejected Russia outright.", "UKR", "RUS", "12"),
        (
            "Russia threatened Ukraine with severe consequences.",
            "RUS",
            "UKR",
            "13",
        ),
        (
            "Ukrainian protesters staged a protest against Russia.",
            "UKROPP",
            "RUS",
            "14",
        ),
        ("France imposed sanctions on Russia.", "FRA", "RUS", "16"),
        (
            "Russian police arrested Ukrainian students.",
            "RUSCOP",
            "UKREDU",
            "17",
        ),
        (
            "Russia assassinated a Ukrainian general.",
            "RUS",
            "UKRMIL",
            "18",
        ),
        ("Russia attacked Ukraine on Monday.", "RUS", "UKR", "19"),
    ];
    let mut failures = Vec::new();
    for (text, s, t, r) in cases {
        let doc = run(text);
        if !has(&doc, s, t, r) {
            failures.push(format!(
                "{text:?}: want {s} {t} {r}, got {:?}",
                triples(&doc)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn metonyms_code_as_governments_and_events_carry_evidence() {
    let doc = run("Moscow attacked Kyiv on Friday.");
    let e = find(&doc, "19");
    assert_eq!((e.source.as_str(), e.target.as_str()), ("RUSGOV", "UKRGOV"));
    assert_eq!(doc.slice(e.trigger), "attacked");
    assert_eq!(e.date.as_deref(), Some("2025-08-15"));
    assert_eq!(e.date_rule, "sentence-time");
    assert_eq!(e.quad_class, 4);
    assert_eq!(e.goldstein, -10.0);
    assert_eq!(e.plover, Some("ASSAULT"));
    assert_eq!(doc.slice(e.source_mention.unwrap()), "Moscow");
    assert_eq!(doc.slice(e.span), doc.text());
}

#[test]
fn meetings_relate_both_parties_with_place_and_date() {
    let doc = run("Anchorage, Alaska: Russia and France held a summit on Friday.");
    assert!(
        has(&doc, "RUS", "FRA", "04") && has(&doc, "FRA", "RUS", "04"),
        "{:?}",
        triples(&doc)
    );
    let e = find(&doc, "04");
    assert_eq!(e.date.as_deref(), Some("2025-08-15"));
    let place = &doc.places[e.place.unwrap() as usize];
    assert!(
        matches!(place.name.as_str(), "Anchorage" | "Alaska"),
        "{}",
        place.name
    );
    let doc = run("Talks between Russia and Ukraine resumed.");
    assert!(
        has(&doc, "RUS", "UKR", "04") && has(&doc, "UKR", "RUS", "04"),
        "{:?}",
        triples(&doc)
    );
}

#[test]
fn negation_turns_cooperation_into_rejection_and_drops_negated_conflict() {
    let doc = run("France would not provide aid to Ukraine.");
    let e = find(&doc, "12");
    assert!(e.negated);
    assert_eq!((e.source.as_str(), e.target.as_str()), ("FRA", "UKR"));
    let doc = run("Russia refused to meet Ukraine.");
    assert!(has(&doc, "RUS", "UKR", "12"), "{:?}", triples(&doc));
    let doc = run("Russia did not attack Ukraine.");
    assert!(doc.events.is_empty(), "{:?}", triples(&doc));
}

#[test]
fn modality_intent_threat_and_appeal() {
    let doc = run("Russia vowed to attack Ukraine.");
    let e = find(&doc, "13");
    assert_eq!(e.code, "138");
    assert_eq!(e.modality, Some("threat"));
    assert_eq!(doc.slice(e.trigger), "vowed to attack");
    let doc = run("France is seeking to meet Russia.");
    assert_eq!(find(&doc, "03").code, "036");
    let doc = run("France wants Germany to attack Russia.");
    let e = find(&doc, "02");
    assert_eq!(e.target, "DEU");
    let doc = run("France will visit Russia next week.");
    assert_eq!(find(&doc, "04").modality, Some("future"));
    let doc = run("France warned of consequences for Russia if it attacks Ukraine.");
    assert!(has(&doc, "FRA", "RUS", "13"), "{:?}", triples(&doc));
    let hyp = find(&doc, "19");
    assert_eq!(hyp.modality, Some("conditional"));
    assert_eq!(hyp.source, "RUS");
}

#[test]
fn historical_events_take_their_own_date() {
    let doc = run(
        "Putin came to Anchorage since Russia launched the invasion of Ukraine in February 2022.",
    );
    let e = find(&doc, "19");
    assert_eq!((e.source.as_str(), e.target.as_str()), ("RUS", "UKR"));
    assert_eq!(e.date.as_deref(), Some("2022-02"));
    let doc = run("Russia attacked Ukraine.");
    let e = find(&doc, "19");
    assert_eq!(e.date.as_deref(), Some("2025-08-16"));
    assert_eq!(e.date_rule, "publication");
}

#[test]
fn passives_and_nominalisations() {
    let doc = run("Ukraine was attacked by Russia on Monday.");
    assert!(has(&doc, "RUS", "UKR", "19"), "{:?}", triples(&doc));
    assert!(!has(&doc, "UKR", "RUS", "19"));
    let doc = run("Russia's threat of sanctions against France worried markets.");
    assert!(has(&doc, "RUS", "FRA", "13"), "{:?}", triples(&doc));
}

#[test]
fn events_inside_quotes_keep_the_quote_and_the_speaker() {
    let doc = run("“We will never attack France, but we condemn Germany,” Vladimir Putin said.");
    let e = find(&doc, "11");
    assert!(e.quote.is_some(), "{e:?}");
    assert_eq!(e.target, "DEU");
    // The speaker's claim, marked as such.
    assert_eq!(e.modality, Some("reported"));
    assert!(
        !doc.events.iter().any(|e| e.root() == "19"),
        "{:?}",
        triples(&doc)
    );
}

#[test]
fn bad_input_is_bounded_and_safe() {
    // No actors, no verbs, empty text.
    for text in [
        "",
        "   ",
        "attack attack attack.",
        "Russia Ukraine France Germany.",
    ] {
        let doc = run(text);
        assert!(doc.events.is_empty(), "{text:?}: {:?}", triples(&doc));
    }
    // Twenty actors and one verb: a bounded number of events, quickly.
    let many = ["Russia", "Ukraine", "France", "Germany", "China"]
        .repeat(4)
        .join(", ");
    let text = format!("{many} and Brazil met on Monday.");
    let t0 = Instant::now();
    let doc = run(&text);
    assert!(doc.events.len() <= 32, "{}", doc.events.len());
    // Deeply nested quotations and a long run-on sentence.
    let nested = format!(
        "{}Russia attacked Ukraine{}",
        "“‘".repeat(200),
        "’”".repeat(200)
    );
    let doc2 = run(&nested);
    let long = "Russia attacked Ukraine and ".repeat(2000);
    let _ = run(&long);
    assert!(t0.elapsed().as_secs() < 20, "too slow: {:?}", t0.elapsed());
    assert!(doc2.events.len() <= 32);
}

fn run_with(coder: &EventCoder, text: &str) -> Doc {
    let mut meta = Metadata::with_id("t");
    meta.published = Some(Published::parse("2025-08-16").unwrap());
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    pipeline().run(&mut doc);
    coder.run(&mut doc);
    doc
}

#[test]
fn names_the_entities_layer_missed_are_unknown_actors() {
    let text = "Zorvania is about to restore full diplomatic ties with Quelmark.";
    // Written as "---" only when asked for …
    let unknown = EventCoder::new().with_unknown_actors(true);
    let doc = run_with(&unknown, text);
    assert!(has(&doc, "---", "---", "06"), "{:?}", triples(&doc));
    // … and left out by default.
    let doc = run(text);
    assert!(doc.events.is_empty(), "{:?}", triples(&doc));
    // An unknown name still takes its place: the appeal's target is the unknown
    // "Zorblat", not Germany.
    let doc = run("France wants Zorblat to attack Germany.");
    assert!(
        !doc.events.iter().any(|e| e.source == "FRA"),
        "{:?}",
        triples(&doc)
    );
    // Sentence-initial common words and triggers are not names.
    let doc = run_with(&unknown, "Talks between France and Germany resumed.");
    assert!(
        doc.events.iter().all(|e| e.source != "---"),
        "{:?}",
        triples(&doc)
    );
}

#[test]
fn reported_future_cooperation_is_intent() {
    let doc = run("France announced it would free Ukrainian soldiers.");
    let e = find(&doc, "03");
    assert_eq!(e.code, "035");
    assert_eq!(e.modality, Some("intent"));
    assert_eq!(e.source, "FRA");
}

#[test]
fn objects_of_verbs_and_light_verb_objects() {
    // "support" after a past verb is a noun whose source follows "from": no event has
    // Germany as the source of support.
    let doc = run("Germany enjoyed support from France.");
    assert!(
        !doc.events.iter().any(|e| e.source == "DEU"),
        "{:?}",
        triples(&doc)
    );
    let doc = run("Russian soldiers engaged Ukrainian soldiers in a firefight.");
    assert!(has(&doc, "RUSMIL", "UKRMIL", "19"), "{:?}", triples(&doc));
    let doc = run("France expelled Ukrainian students.");
    assert_eq!(find(&doc, "17").code, "174");
    let doc = run("France and Germany seek to deepen their partnership.");
    assert!(has(&doc, "FRA", "DEU", "03"), "{:?}", triples(&doc));
}

#[test]
fn no_actor_acts_on_itself_but_a_former_president_is_not_the_government() {
    // A Ukrainian official warning about what his own government will do: no UKRGOV →
    // UKRGOV threat.
    let doc = run(
        "Ukrainian Foreign Minister Olena Marchenko warned that Kyiv would not accept the deal.",
    );
    assert!(
        doc.events.iter().all(|e| e.source != e.target),
        "{:?}",
        triples(&doc)
    );
    // The sitting president blaming a former one is an event between two actors.
    let doc = run("US President Donald Trump blamed former US President John Smith for the war.");
    assert!(has(&doc, "USAGOV", "USAELI", "11"), "{:?}", triples(&doc));
}

/// A headline and the lead that tells the same event again give one event, dated by the
/// lead; the same action on two named days is two events.
#[test]
fn an_event_told_twice_is_one_event() {
    let doc = run("Russia attacks Ukraine.\n\nRussia attacked Ukraine on Friday, officials said.");
    let attacks: Vec<&Event> = doc.events.iter().filter(|e| e.root() == "19").collect();
    assert_eq!(attacks.len(), 1, "{:?}", triples(&doc));
    assert_eq!(attacks[0].date.as_deref(), Some("2025-08-15"));
    assert_eq!(attacks[0].date_rule, "sentence-time");
    let doc = run("Russia attacked Ukraine on Monday. Russia attacked Ukraine again on Friday.");
    let attacks = doc.events.iter().filter(|e| e.root() == "19").count();
    assert_eq!(attacks, 2, "{:?}", triples(&doc));
}
