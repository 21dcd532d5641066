//! Library-level tests of the corpus store, without the analysis pipeline: documents are
//! prepared from bare `Doc`s (`dateline_store::prepare`) and given actors, quotes, events
//! and places by hand.

use dateline_doc::{Doc, Metadata, Published};
use dateline_store::query::Filters;
use dateline_store::{
    DocActor, DocEvent, DocPlace, DocQuote, Outcome, Prepared, Store, StoreError,
};
use std::path::PathBuf;

/// A wire story of about a hundred words, and a syndicated copy of it (other header and
/// footer, two words changed): one story for the MinHash test.
const STORY: &str = "Leaders of the two countries met on Friday at a military base outside \
    the city for talks that lasted nearly three hours, but they announced no agreement on a \
    ceasefire. The visiting president said the meeting had been productive and that many \
    points had been agreed, while his host warned against any attempt by third parties to \
    derail the progress made so far. Officials from both delegations said further meetings \
    were possible in the coming weeks, and analysts said the summit had given the visiting \
    leader a long-sought return to the world stage after years of isolation.";

fn syndicated() -> String {
    format!(
        "By Staff Reporters | Regional Daily\n\n{}\n\nCopyright 2025 Regional Daily. All rights reserved.",
        STORY
            .replace("nearly three hours", "almost three hours")
            .replace("productive", "useful")
    )
}

const OTHER_STORY: &str = "The city council voted on Tuesday to expand the bus network, \
    adding twelve routes and extending night service across the northern districts. The \
    mayor said the plan would be paid for by a new parking levy, which opponents called a \
    tax on commuters who have no other way to reach their jobs.";

const THIRD_STORY: &str = "Farmers in the eastern valley began the grape harvest two weeks \
    early this year after a dry and unusually warm summer, and growers expect smaller yields \
    but sweeter fruit, according to the regional wine association.";

/// A fresh store in a temporary folder (removed with the folder).
fn new_store() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.db");
    let store = Store::create(&path).unwrap();
    (dir, path, store)
}

/// A prepared document with no layers: identity, text, hash, signature and JSON are real
/// (from `prepare`), actors, quotes, events and places are added by the tests.
fn doc(key: &str, day: &str, text: &str) -> Prepared {
    let mut meta = Metadata::with_id(key);
    meta.published = Some(Published::parse(day).unwrap());
    meta.title = Some(format!("Title of {key}"));
    meta.url = Some(format!("https://example.org/{key}"));
    let d = Doc::new(meta, text.to_string()).unwrap();
    let p = dateline_store::prepare(&d, key.to_string());
    assert_eq!(p.key, key);
    assert_eq!(p.day.as_deref(), Some(day));
    assert!(p.actors.is_empty() && p.quotes.is_empty());
    p
}

fn person(name: &str, country: Option<&str>, mentions: u32, variants: &[(&str, u32)]) -> DocActor {
    DocActor::new(
        name.to_string(),
        "person",
        country.map(str::to_string),
        None,
        Vec::new(),
        mentions,
        variants.iter().map(|(v, n)| (v.to_string(), *n)).collect(),
    )
}

/// A direct quote of `speaker` (an index into the document's actors) covering `words` in
/// the document's text; its sentence is the same span (what `--about` searches).
fn quote(doc: &Prepared, speaker: u32, words: &str) -> DocQuote {
    let byte = doc
        .text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} is not in {:?}", doc.key));
    let start = doc.text[..byte].chars().count() as u32;
    let end = start + words.chars().count() as u32;
    DocQuote {
        start,
        end,
        kind: "utterance",
        speakers: vec![speaker],
        speaker_text: None,
        speaker_rule: "explicit",
        confidence: Some(0.9),
        sentence_start: start,
        sentence_end: end,
    }
}

fn event(code: &str, source: u32, target: u32) -> DocEvent {
    DocEvent {
        start: 0,
        end: 10,
        date: None,
        source: "RUSGOV".into(),
        target: "USAGOV".into(),
        source_actor: Some(source),
        target_actor: Some(target),
        code: code.into(),
        goldstein: 1.0,
        quad_class: 1,
        plover: Some("CONSULT"),
        negated: false,
        modality: None,
    }
}

fn place(name: &str, country: &str, geonameid: u32, mentions: u32) -> DocPlace {
    DocPlace {
        name: name.into(),
        country: Some(country.into()),
        subdivision: None,
        feature: "city",
        lat: 50.0,
        lon: 30.0,
        geonameid: Some(geonameid),
        mentions,
    }
}

/// Puts documents in one transaction and returns their outcomes.
fn put_all(store: &Store, docs: &[&Prepared]) -> Vec<Outcome> {
    store.begin().unwrap();
    let out = docs
        .iter()
        .map(|d| store.put((*d).clone()).unwrap())
        .collect();
    store.commit().unwrap();
    out
}

fn all_copies() -> Filters {
    let mut f = Filters::new();
    f.all_copies = true;
    f
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .connection()
        .query_row(sql, [], |r| r.get::<_, i64>(0))
        .unwrap()
}

/// The canonical document keys (the representative of each story), in ingest order.
fn representatives(store: &Store) -> Vec<String> {
    let mut stmt = store
        .connection()
        .prepare("SELECT key FROM docs WHERE canonical = 1 ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// One actor by name (through the `actors` view), as (name, country, mentions, documents).
fn actor(store: &Store, name: &str, f: &Filters) -> Vec<(String, Option<String>, i64, i64)> {
    let mut f = f.clone();
    f.q = Some(name.to_string());
    store
        .actors(&f)
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.country, a.mentions, a.documents))
        .collect()
}

#[test]
fn outcomes_new_copy_updated_unchanged() {
    let (_dir, _path, store) = new_store();
    let a = doc("wire-1", "2025-08-15", STORY);
    let exact = doc("mirror-1", "2025-08-15", STORY);
    let near = doc("regional-1", "2025-08-16", &syndicated());
    let other = doc("council-1", "2025-07-01", OTHER_STORY);
    assert_eq!(
        put_all(&store, &[&a, &a, &exact, &near, &other]),
        [
            Outcome::New,
            Outcome::Unchanged,
            Outcome::Copy,
            Outcome::Copy,
            Outcome::New
        ]
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.clusters), (4, 2));
    assert_eq!(stats.from.as_deref(), Some("2025-07-01"));
    assert_eq!(stats.to.as_deref(), Some("2025-08-16"));
    assert!(stats.file_size > 0);
    assert_eq!(stats.schema_version, dateline_store::schema::VERSION);
    // The three versions of the story share a cluster; the first one stored represents it.
    let clusters: Vec<(String, i64, i64)> = {
        let mut stmt = store
            .connection()
            .prepare("SELECT key, cluster, canonical FROM docs ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(clusters[0].1, clusters[1].1);
    assert_eq!(clusters[0].1, clusters[2].1);
    assert_ne!(clusters[0].1, clusters[3].1);
    assert_eq!(
        clusters.iter().map(|c| c.2).collect::<Vec<_>>(),
        [1, 0, 0, 1]
    );
    let docs = store.docs(&Filters::new()).unwrap();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["wire-1", "council-1"], "newest first, one per story");
    assert_eq!(docs[0].copies, 2);
    assert_eq!(store.docs(&all_copies()).unwrap().len(), 4);

    // Same key, same text again in a later run: unchanged. Same key, new text: updated.
    assert_eq!(put_all(&store, &[&a, &other]), [Outcome::Unchanged; 2]);
    let edited = doc("council-1", "2025-07-01", THIRD_STORY);
    assert_eq!(put_all(&store, &[&edited]), [Outcome::Updated]);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.clusters), (4, 2));
    let json = store.document("council-1").unwrap().expect("stored");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["text"], THIRD_STORY);
    let mut f = Filters::new();
    f.q = Some("parking levy".into());
    assert!(store.docs(&f).unwrap().is_empty(), "old text still indexed");
    f.q = Some("grape harvest".into());
    assert_eq!(store.docs(&f).unwrap().len(), 1);
    store.check().unwrap();
}

#[test]
fn copies_are_found_across_commits_and_across_writers() {
    // A store opened empty skips LSH look-ups of keys it has not written; those it wrote in
    // an earlier transaction, and those another writer added since, must still be found.
    let (_dir, path, store) = new_store();
    assert_eq!(
        put_all(&store, &[&doc("wire-1", "2025-08-15", STORY)]),
        [Outcome::New]
    );
    assert_eq!(
        put_all(&store, &[&doc("regional-1", "2025-08-16", &syndicated())]),
        [Outcome::Copy]
    );
    let other = Store::create(&path).unwrap();
    assert_eq!(
        put_all(&other, &[&doc("council-1", "2025-07-01", OTHER_STORY)]),
        [Outcome::New]
    );
    let copy = OTHER_STORY.replace("twelve routes", "12 routes");
    assert_eq!(
        put_all(&store, &[&doc("council-copy", "2025-07-02", &copy)]),
        [Outcome::Copy]
    );
}

#[test]
fn representative_updated_into_another_story_promotes_the_next_copy() {
    let (_dir, _path, store) = new_store();
    let mut a = doc("wire-1", "2025-08-15", STORY);
    a.actors = vec![person("Vladimir Putin", Some("RUS"), 3, &[("Putin", 2)])];
    a.places = vec![place("Anchorage", "US", 5879400, 2)];
    let mut copy = doc("regional-1", "2025-08-16", &syndicated());
    copy.actors = vec![person("Vladimir Putin", Some("RUS"), 2, &[("Putin", 1)])];
    copy.places = vec![place("Anchorage", "US", 5879400, 1)];
    assert_eq!(put_all(&store, &[&a, &copy]), [Outcome::New, Outcome::Copy]);
    assert_eq!(representatives(&store), ["wire-1"]);
    // Counters add up the representative only.
    assert_eq!(
        actor(&store, "Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 3, 1)]
    );
    assert_eq!(
        actor(&store, "Putin", &all_copies()),
        [("Vladimir Putin".into(), Some("RUS".into()), 5, 2)]
    );
    let places = store.places(&Filters::new()).unwrap();
    assert_eq!((places[0].mentions, places[0].documents), (2, 1));

    // The representative is rewritten into a different story: the copy now represents
    // the first story, and the new text is a story of its own.
    let mut a2 = doc("wire-1", "2025-08-15", OTHER_STORY);
    a2.actors = vec![person("Vladimir Putin", Some("RUS"), 5, &[("Putin", 4)])];
    assert_eq!(put_all(&store, &[&a2]), [Outcome::Updated]);
    assert_eq!(representatives(&store), ["wire-1", "regional-1"]);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.clusters), (2, 2));
    let rep_ok = count(
        &store,
        "SELECT count(*) FROM clusters c JOIN docs d ON d.id = c.rep
         WHERE d.canonical = 1 AND d.cluster = c.id",
    );
    assert_eq!(rep_ok, 2, "every cluster's rep is its canonical document");
    assert_eq!(
        count(&store, "SELECT sum(size) FROM clusters"),
        2,
        "cluster sizes"
    );
    // Putin: 2 mentions in the promoted copy + 5 in the new story, two stories.
    assert_eq!(
        actor(&store, "Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 7, 2)]
    );
    // Anchorage is now only in the promoted copy.
    let places = store.places(&Filters::new()).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!((places[0].mentions, places[0].documents), (1, 1));
    let docs = store.docs(&Filters::new()).unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.copies == 0), "{docs:?}");
    let mut listed = Vec::new();
    store
        .documents(false, |line| {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            listed.push(v["id"].as_str().unwrap().to_string());
            Ok(())
        })
        .unwrap();
    assert_eq!(listed, ["wire-1", "regional-1"]);
    store.check().unwrap();
}

#[test]
fn a_copy_updated_into_another_story_leaves_it() {
    let (_dir, _path, store) = new_store();
    let mut a = doc("wire-1", "2025-08-15", STORY);
    a.actors = vec![person("Vladimir Putin", Some("RUS"), 3, &[])];
    let mut copy = doc("regional-1", "2025-08-16", &syndicated());
    copy.actors = vec![person("Vladimir Putin", Some("RUS"), 2, &[])];
    assert_eq!(put_all(&store, &[&a, &copy]), [Outcome::New, Outcome::Copy]);
    let mut copy2 = doc("regional-1", "2025-08-16", THIRD_STORY);
    copy2.actors = vec![person("Vladimir Putin", Some("RUS"), 4, &[])];
    assert_eq!(put_all(&store, &[&copy2]), [Outcome::Updated]);
    assert_eq!(representatives(&store), ["wire-1", "regional-1"]);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.clusters), (2, 2));
    // The first story keeps its representative and its counts; the copy's new story adds
    // its own.
    assert_eq!(
        actor(&store, "Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 7, 2)]
    );
    let docs = store.docs(&Filters::new()).unwrap();
    assert!(docs.iter().all(|d| d.copies == 0), "{docs:?}");
    // And back into the first story: a copy again.
    assert_eq!(put_all(&store, &[&copy]), [Outcome::Updated]);
    assert_eq!(representatives(&store), ["wire-1"]);
    assert_eq!(store.stats().unwrap().clusters, 1);
    assert_eq!(
        actor(&store, "Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 3, 1)]
    );
    store.check().unwrap();
}

#[test]
fn actor_counters_count_each_story_once_and_link_across_documents() {
    let (_dir, _path, store) = new_store();
    // The surname alone first, the full name with a country later: one actor.
    let mut d1 = doc("d1", "2025-07-27", THIRD_STORY);
    d1.actors = vec![person("Putin", None, 2, &[("Putin", 1)])];
    d1.quotes = vec![quote(&d1, 0, "the grape harvest two weeks early")];
    let mut d2 = doc(
        "d2",
        "2025-08-15",
        &format!("{STORY} NATO expansion is a threat, Putin said."),
    );
    d2.actors = vec![
        person(
            "Vladimir Putin",
            Some("RUS"),
            4,
            &[("Vladimir Putin", 1), ("Putin", 2)],
        ),
        person(
            "Donald Trump",
            Some("USA"),
            3,
            &[("Donald Trump", 1), ("Trump", 1)],
        ),
    ];
    d2.quotes = vec![quote(&d2, 0, "NATO expansion is a threat")];
    d2.events = vec![event("040", 0, 1)];
    // An exact copy of d2 counts nothing more.
    let mut d2copy = d2.clone();
    d2copy.key = "d2-mirror".into();
    d2copy.id = "d2-mirror".into();
    // The same name with another country is another person.
    let mut d3 = doc("d3", "2025-06-01", OTHER_STORY);
    d3.actors = vec![person(
        "Vladimir Putin",
        Some("USA"),
        1,
        &[("Vladimir Putin", 1)],
    )];
    assert_eq!(
        put_all(&store, &[&d1, &d2, &d2copy, &d3]),
        [Outcome::New, Outcome::New, Outcome::Copy, Outcome::New]
    );
    let mut f = Filters::new();
    f.q = Some("Vladimir Putin".into());
    f.country = Some("RUS".into());
    let rows = store.actors(&f).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let putin = &rows[0];
    assert_eq!(putin.name, "Vladimir Putin", "the fuller name wins");
    assert_eq!(putin.key, "putin", "keys never change");
    assert_eq!(putin.country.as_deref(), Some("RUS"));
    assert_eq!((putin.mentions, putin.documents), (6, 2));
    assert!(
        putin.variants.contains(&"Putin".to_string()),
        "{:?}",
        putin.variants
    );
    assert!(putin.variants.contains(&"Vladimir Putin".to_string()));
    let mut f = Filters::new();
    f.country = Some("USA".into());
    f.kind = Some("person".into());
    let americans: Vec<String> = store
        .actors(&f)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(americans, ["Donald Trump", "Vladimir Putin"]);
    // All copies: d2's mirror counts too.
    let rows: Vec<(i64, i64)> = store
        .actors(&{
            let mut f = all_copies();
            f.q = Some("putin".into());
            f.country = Some("RUS".into());
            f
        })
        .unwrap()
        .iter()
        .map(|a| (a.mentions, a.documents))
        .collect();
    assert_eq!(rows, [(10, 3)]);
    // Every counter equals the sum over representative documents.
    let drift = count(
        &store,
        "SELECT count(*) FROM actors a WHERE a.mentions != (SELECT ifnull(sum(da.mentions), 0)
           FROM doc_actors da JOIN docs d ON d.id = da.doc WHERE da.actor = a.id AND d.canonical = 1)
         OR a.documents != (SELECT count(DISTINCT da.doc) FROM doc_actors da JOIN docs d ON d.id = da.doc
           WHERE da.actor = a.id AND d.canonical = 1)",
    );
    assert_eq!(drift, 0);
    // Quotes by surname, case-insensitive, from both documents that name him.
    let mut f = Filters::new();
    f.speaker = Some("PUTIN".into());
    let quotes = store.quotes(&f).unwrap();
    assert_eq!(
        quotes.iter().map(|q| q.doc.as_str()).collect::<Vec<_>>(),
        ["d2", "d1"]
    );
    assert!(
        quotes
            .iter()
            .all(|q| q.speaker.as_deref() == Some("Vladimir Putin")
                && q.speaker_country.as_deref() == Some("RUS"))
    );
    f.speaker = None;
    f.about = Some("NATO".into());
    assert_eq!(store.quotes(&f).unwrap().len(), 1);
    // Events by name and by code prefix.
    let mut f = Filters::new();
    f.source = Some("Putin".into());
    assert_eq!(store.events(&f).unwrap().len(), 1);
    f.source = Some("RUS".into());
    assert_eq!(store.events(&f).unwrap().len(), 1);
    f.source = Some("Donald Trump".into());
    assert!(store.events(&f).unwrap().is_empty());
    f.all_copies = true;
    f.source = Some("RUS".into());
    assert_eq!(store.events(&f).unwrap().len(), 2);
}

#[test]
fn update_within_one_transaction_and_across_transactions_replaces_every_row() {
    let (_dir, _path, store) = new_store();
    let mut v1 = doc(
        "k",
        "2025-08-02",
        &format!("{STORY} NATO is moving its infrastructure closer."),
    );
    v1.actors = vec![person("Vladimir Putin", Some("RUS"), 2, &[])];
    v1.quotes = vec![quote(&v1, 0, "NATO is moving its infrastructure closer")];
    v1.events = vec![event("040", 0, 0)];
    v1.places = vec![place("Moscow", "RU", 524901, 1)];
    let mut v2 = doc(
        "k",
        "2025-08-02",
        &format!("{OTHER_STORY} We are ready to meet at any moment."),
    );
    v2.actors = vec![person("Vladimir Putin", Some("RUS"), 1, &[])];
    v2.quotes = vec![quote(&v2, 0, "We are ready to meet at any moment")];
    // v1 and v2 in one transaction (the full-text rows of v1 are still pending).
    store.begin().unwrap();
    assert_eq!(store.put(v1.clone()).unwrap(), Outcome::New);
    assert_eq!(store.put(v2.clone()).unwrap(), Outcome::Updated);
    store.commit().unwrap();
    let check = |store: &Store, gone: &str, kept: &str| {
        let mut f = Filters::new();
        f.about = Some(gone.into());
        assert!(store.quotes(&f).unwrap().is_empty(), "quote about {gone}");
        f.about = Some(kept.into());
        assert_eq!(store.quotes(&f).unwrap().len(), 1, "quote about {kept}");
        let stats = store.stats().unwrap();
        assert_eq!((stats.documents, stats.clusters, stats.quotes), (1, 1, 1));
        store.check().unwrap();
    };
    check(&store, "infrastructure", "ready");
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.places), (0, 0));
    assert_eq!(
        actor(&store, "Vladimir Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 1, 1)]
    );
    let mut f = Filters::new();
    f.q = Some("ceasefire".into());
    assert!(store.docs(&f).unwrap().is_empty());
    // And back again in a later transaction.
    assert_eq!(put_all(&store, &[&v1]), [Outcome::Updated]);
    check(&store, "ready", "infrastructure");
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.places), (1, 1));
    assert_eq!(
        actor(&store, "Vladimir Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 2, 1)]
    );
}

/// A store where a document ("bad") failed in the middle of its put: "first" was stored
/// in an earlier transaction; "mid" before the failure in the same transaction, and
/// "second" (a copy of "mid"'s story) and "third" after it.
fn store_with_a_failed_put() -> (tempfile::TempDir, Store) {
    let (dir, _path, store) = new_store();
    let mut first = doc(
        "first",
        "2025-08-01",
        &format!("{STORY} This was a first quote about talks."),
    );
    first.actors = vec![person("Vladimir Putin", Some("RUS"), 2, &[("Putin", 2)])];
    first.quotes = vec![quote(&first, 0, "a first quote about talks")];
    assert_eq!(put_all(&store, &[&first]), [Outcome::New]);

    // Every event coded 999 makes the insert fail, after the document row, its actors and
    // its quotes are written.
    store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_999 BEFORE INSERT ON events WHEN NEW.code = '999'
             BEGIN SELECT RAISE(ABORT, 'event 999 refused'); END;",
        )
        .unwrap();
    let mut mid = doc("mid", "2025-08-02", THIRD_STORY);
    mid.actors = vec![person("Vladimir Putin", Some("RUS"), 1, &[("Putin", 1)])];
    mid.quotes = vec![quote(&mid, 0, "the grape harvest two weeks early")];
    mid.events = vec![event("040", 0, 0)];
    mid.places = vec![place("Moscow", "RU", 524901, 1)];
    let mut bad = doc(
        "bad",
        "2025-08-02",
        &format!("{OTHER_STORY} A zebra crossing of marmalade."),
    );
    bad.actors = vec![
        person("Vladimir Putin", Some("RUS"), 1, &[("Vova", 1)]),
        person("Ghost Writer", Some("GBR"), 1, &[("Ghost Writer", 1)]),
    ];
    bad.quotes = vec![quote(&bad, 1, "zebra crossing of marmalade")];
    bad.events = vec![event("999", 1, 0)];
    bad.places = vec![place("Nowhere", "GB", 1, 1)];
    let mut second = doc("second", "2025-08-03", THIRD_STORY);
    second.actors = vec![person("Vladimir Putin", Some("RUS"), 5, &[("Putin", 1)])];
    let mut third = doc("third", "2025-08-04", OTHER_STORY);
    third.actors = vec![person("Vladimir Putin", Some("RUS"), 1, &[])];
    third.quotes = vec![quote(&third, 0, "The city council voted")];

    store.begin().unwrap();
    assert_eq!(store.put(mid).unwrap(), Outcome::New);
    let err = store.put(bad).unwrap_err();
    assert!(err.to_string().contains("event 999 refused"), "{err}");
    assert_eq!(store.put(second).unwrap(), Outcome::Copy);
    assert_eq!(store.put(third).unwrap(), Outcome::New);
    store.commit().unwrap();
    (dir, store)
}

#[test]
fn a_failing_put_leaves_no_rows_and_the_batch_goes_on() {
    let (_dir, store) = store_with_a_failed_put();
    let keys: Vec<String> = {
        let mut stmt = store
            .connection()
            .prepare("SELECT key FROM docs ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(keys, ["first", "mid", "second", "third"]);
    let stats = store.stats().unwrap();
    assert_eq!(
        (
            stats.documents,
            stats.clusters,
            stats.quotes,
            stats.events,
            stats.places
        ),
        (4, 3, 3, 1, 1)
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM actors WHERE name = 'Ghost Writer'"
        ),
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM places WHERE name = 'Nowhere'"),
        0
    );
    let mut f = Filters::new();
    f.q = Some("harvest".into());
    assert_eq!(store.docs(&f).unwrap().len(), 1, "mid is searchable");
    f.all_copies = true;
    assert_eq!(store.docs(&f).unwrap().len(), 2, "and second, its copy");
    f.q = Some("council".into());
    assert_eq!(store.docs(&f).unwrap().len(), 1, "third, not bad");
    for (about, n) in [("harvest", 1), ("council", 1), ("first", 1)] {
        let mut f = Filters::new();
        f.about = Some(about.into());
        assert_eq!(store.quotes(&f).unwrap().len(), n, "quotes about {about}");
    }
    // The failed document counted nothing: Putin in first (2), mid (1), third (1).
    assert_eq!(
        actor(&store, "Putin", &Filters::new()),
        [("Vladimir Putin".into(), Some("RUS".into()), 4, 3)]
    );
    let places = store.places(&Filters::new()).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!(
        (places[0].name.as_str(), places[0].documents),
        ("Moscow", 1)
    );
    store.check().unwrap();
    store
        .connection()
        .execute_batch("INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)")
        .expect("docs_fts matches docs");
}

#[test]
fn a_failing_put_leaves_no_searchable_quote() {
    let (_dir, store) = store_with_a_failed_put();
    // The failed document's quote is not searchable, and no other document's quote
    // answers for it.
    let mut f = Filters::new();
    f.about = Some("marmalade".into());
    let found = store.quotes(&f).unwrap();
    assert!(
        found.is_empty(),
        "a rolled-back quote is still indexed: {found:?}"
    );
}

#[test]
fn a_failing_put_records_none_of_its_names() {
    let (_dir, store) = store_with_a_failed_put();
    let mut f = Filters::new();
    f.q = Some("Vova".into());
    let found = store.actors(&f).unwrap();
    assert!(
        found.is_empty(),
        "a rolled-back document's name variant was kept: {found:?}"
    );
    let vova = count(
        &store,
        "SELECT count(*) FROM actor_names WHERE name = 'vova'",
    );
    assert_eq!(vova, 0, "a rolled-back document's name variant was kept");
}

#[test]
fn a_failing_update_keeps_the_previous_version_whole() {
    let (_dir, _path, store) = new_store();
    store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_999 BEFORE INSERT ON events WHEN NEW.code = '999'
             BEGIN SELECT RAISE(ABORT, 'event 999 refused'); END;",
        )
        .unwrap();
    let mut v1 = doc(
        "k",
        "2025-08-01",
        &format!("{STORY} NATO moved its infrastructure closer to our borders."),
    );
    v1.actors = vec![person("Vladimir Putin", Some("RUS"), 2, &[])];
    v1.quotes = vec![quote(&v1, 0, "infrastructure closer to our borders")];
    let mut v2 = doc("k", "2025-08-01", OTHER_STORY);
    v2.actors = vec![person("Vladimir Putin", Some("RUS"), 1, &[])];
    v2.events = vec![event("999", 0, 0)];
    // The new version fails in the transaction that stored the first one.
    store.begin().unwrap();
    assert_eq!(store.put(v1.clone()).unwrap(), Outcome::New);
    assert!(store.put(v2.clone()).is_err());
    store.commit().unwrap();
    let json = store.document("k").unwrap().expect("v1 is kept");
    assert!(json.contains("nearly three hours"));
    let mut f = Filters::new();
    f.q = Some("ceasefire".into());
    assert_eq!(
        store.docs(&f).unwrap().len(),
        1,
        "the kept version is not searchable"
    );
    let mut f = Filters::new();
    f.about = Some("infrastructure".into());
    assert_eq!(
        store.quotes(&f).unwrap().len(),
        1,
        "the kept version's quote is not searchable"
    );
    store.check().unwrap();
}

#[test]
fn open_refuses_missing_foreign_and_newer_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.db");
    assert!(matches!(Store::open(&missing), Err(StoreError::Missing(p)) if p == missing));
    assert!(!missing.exists(), "open must not create the file");

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "these are not the droids you are looking for\n".repeat(200),
    )
    .unwrap();
    let err = Store::open(&text)
        .err()
        .expect("a text file is not a store");
    assert!(!err.to_string().is_empty());
    assert!(
        matches!(
            err,
            StoreError::Open { .. } | StoreError::Sqlite(_) | StoreError::Invalid(_)
        ),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read(&text).unwrap(),
        "these are not the droids you are looking for\n"
            .repeat(200)
            .as_bytes()
    );

    // A SQLite file that is not a store.
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hello');")
        .unwrap();
    let err = Store::open(&other).err().expect("not a store");
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("not a dateline store")),
        "{err:?}"
    );

    // A store from a newer dateline: refused by open and by create.
    let newer = dir.path().join("newer.db");
    drop(Store::create(&newer).unwrap());
    {
        let store = Store::create(&newer).unwrap();
        store
            .connection()
            .pragma_update(None, "user_version", dateline_store::schema::VERSION + 1)
            .unwrap();
    }
    for result in [Store::open(&newer), Store::create(&newer)] {
        match result {
            Err(StoreError::TooNew { found, known }) => {
                assert_eq!(found, dateline_store::schema::VERSION + 1);
                assert_eq!(known, dateline_store::schema::VERSION);
            }
            Err(e) => panic!("expected TooNew, got {e:?}"),
            Ok(_) => panic!("expected TooNew, the store opened"),
        }
    }
}

#[test]
fn a_version_1_store_gets_its_signatures_computed_again() {
    use dateline_store::dedup;
    let (_dir, path, store) = new_store();
    put_all(&store, &[&doc("a", "2025-08-01", STORY)]);
    // As a version-1 store: other signatures and LSH keys.
    store
        .connection()
        .execute_batch(
            "UPDATE docs SET minhash = zeroblob(240); DELETE FROM lsh;
             INSERT INTO lsh(band, doc) VALUES (1, 1), (2, 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(store);

    let store = Store::create(&path).unwrap();
    let sig = dedup::signature(STORY).unwrap();
    let stored: Vec<u8> = store
        .connection()
        .query_row("SELECT minhash FROM docs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, dedup::to_bytes(&sig));
    let mut keys: Vec<i64> = store
        .connection()
        .prepare("SELECT band FROM lsh ORDER BY band")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = dedup::band_keys(&sig).to_vec();
    expected.sort();
    expected.dedup();
    keys.dedup();
    assert_eq!(keys, expected);
    // The recomputed keys find the syndicated copy.
    assert_eq!(
        put_all(&store, &[&doc("b", "2025-08-02", &syndicated())]),
        vec![Outcome::Copy]
    );
    assert!(store.check().is_ok());
}

#[test]
fn a_version_2_store_loses_its_quote_index_and_still_finds_quotes_by_topic() {
    let (_dir, path, store) = new_store();
    let mut d = doc(
        "a",
        "2025-08-01",
        &format!("{STORY} The Zürich talks were useful, Putin said."),
    );
    d.actors = vec![person("Vladimir Putin", Some("RUS"), 1, &[])];
    d.quotes = vec![quote(&d, 0, "The Zürich talks were useful")];
    put_all(&store, &[&d]);
    store
        .connection()
        .execute_batch(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5(context, content='', contentless_delete=1);
             PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(store);

    let store = Store::create(&path).unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'quotes_fts'"
        ),
        0
    );
    // Words of the quote's sentence, accents folded as the full-text index folds them;
    // words of the document outside the sentence do not make the quote about them.
    for (about, n) in [("zurich talks", 1), ("\"talks were\"", 1), ("ceasefire", 0)] {
        let mut f = Filters::new();
        f.about = Some(about.into());
        assert_eq!(store.quotes(&f).unwrap().len(), n, "quotes about {about}");
    }
    assert!(store.check().is_ok());
}

#[test]
fn open_is_read_only() {
    let (_dir, path, store) = new_store();
    put_all(&store, &[&doc("a", "2025-08-01", STORY)]);
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.stats().unwrap().documents, 1);
    assert!(
        reader.connection().execute("DELETE FROM docs", []).is_err(),
        "a store opened for queries accepted a write"
    );
    assert!(reader.begin().is_err() || reader.put(doc("b", "2025-08-02", OTHER_STORY)).is_err());
    drop(reader);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a query changed the file"
    );
}

#[test]
fn a_store_opened_for_queries_can_be_checked() {
    let (_dir, path, store) = new_store();
    put_all(&store, &[&doc("a", "2025-08-01", STORY)]);
    store.check().unwrap();
    drop(store);
    // `check` is documented for checks and tools; a healthy store opened read-only must
    // not be reported as damaged.
    let reader = Store::open(&path).unwrap();
    match reader.check() {
        Ok(()) => {}
        Err(e) => panic!("a healthy store opened with Store::open fails its check: {e}"),
    }
}

#[test]
fn documents_are_streamed_in_ingest_order_and_given_back_whole() {
    let (_dir, path, store) = new_store();
    let texts = [STORY, OTHER_STORY, THIRD_STORY];
    let docs: Vec<Prepared> = (0..6)
        .map(|i| {
            // Documents 3..6 repeat 0..3 exactly: copies.
            doc(&format!("doc-{i}"), "2025-08-01", texts[i % 3])
        })
        .collect();
    let refs: Vec<&Prepared> = docs.iter().collect();
    assert_eq!(
        put_all(&store, &refs),
        [
            Outcome::New,
            Outcome::New,
            Outcome::New,
            Outcome::Copy,
            Outcome::Copy,
            Outcome::Copy
        ]
    );
    drop(store);
    let store = Store::open(&path).unwrap();
    let mut seen = Vec::new();
    let n = store
        .documents(true, |line| {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            seen.push((
                v["id"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
                v["published"].as_str().unwrap().to_string(),
            ));
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 6);
    for (i, (id, text, published)) in seen.iter().enumerate() {
        assert_eq!(id, &format!("doc-{i}"));
        assert_eq!(text, texts[i % 3]);
        assert_eq!(published, "2025-08-01");
    }
    let mut canonical = 0;
    assert_eq!(
        store
            .documents(false, |_| {
                canonical += 1;
                Ok(())
            })
            .unwrap(),
        3
    );
    assert_eq!(canonical, 3);
    // Streaming: an error from the consumer stops the stream at once.
    let mut calls = 0;
    let err = store
        .documents(true, |_| {
            calls += 1;
            if calls == 2 {
                Err(StoreError::Invalid("enough".into()))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!(calls, 2);
    assert!(matches!(err, StoreError::Invalid(m) if m == "enough"));
    // One document by id.
    let one = store.document("doc-4").unwrap().expect("doc-4 is stored");
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(
        (v["id"].as_str(), v["text"].as_str()),
        (Some("doc-4"), Some(OTHER_STORY))
    );
    assert!(store.document("doc-99").unwrap().is_none());
}

#[test]
fn filters_reject_bad_input_with_clear_errors() {
    let (_dir, _path, store) = new_store();
    put_all(&store, &[&doc("a", "2025-08-01", STORY)]);
    let mut f = Filters::new();
    f.from = Some("August".into());
    let err = store.docs(&f).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("August"), "{err}");
    let mut f = Filters::new();
    f.kind = Some("robot".into());
    assert!(matches!(store.actors(&f), Err(StoreError::Invalid(_))));
    let mut f = Filters::new();
    f.root = Some("4".into());
    assert!(matches!(store.events(&f), Err(StoreError::Invalid(_))));
    let mut f = Filters::new();
    f.by = Some("year".into());
    assert!(matches!(
        store.timeline("talks", &f),
        Err(StoreError::Invalid(_))
    ));
    // FTS syntax in user text is searched for, not executed.
    let mut f = Filters::new();
    f.q = Some("talks AND NEAR(\"".into());
    assert!(store.docs(&f).is_ok());
    // Date ranges: a month counts whole.
    let mut f = Filters::new();
    f.from = Some("2025-08".into());
    f.to = Some("2025-08".into());
    assert_eq!(store.docs(&f).unwrap().len(), 1);
    f.from = Some("2025-08-02".into());
    assert!(store.docs(&f).unwrap().is_empty());
}
