//! Properties every input must keep, whatever its bytes.
//!
//! A crawl holds everything: binary files named `.html`, broken encodings, feeds that are
//! half XML, JSONL lines that are not objects. dateline must never panic on them, never
//! hang, and never write an annotation that points outside its text. Each function here
//! takes arbitrary bytes, runs one part of dateline on them, and panics when a property
//! fails:
//!
//! | check | part | properties besides "no panic" |
//! |---|---|---|
//! | [`html`], [`feed`], [`warc`], [`jsonl`] | a reader and the decoding of its records | no reader error is an internal one (a panic caught by the reader) |
//! | [`normalize`] | text normalization with its offset map | normalizing twice changes nothing; every word maps back to an original span that normalizes to the same word |
//! | [`analyze`] | the full analyzer and its JSON | the JSON parses, its text is the document's, every span is in bounds and its `text` (where given) is the text at the span; read back and written again, the JSON is the same; packed as the store keeps it (`dateline_doc::pack`) and unpacked, the JSON is the same |
//! | [`ingest`] | JSONL into a new corpus store | every analysed document is stored (one per key), `PRAGMA integrity_check` and the full-text check pass, every stored document comes back as JSON with spans in bounds |
//! | [`server_query`] | a `GET` on any route of the HTTP API and web UI, with arbitrary parameters | no 5xx answer; a JSON answer parses |
//!
//! The fuzz targets in `fuzz/` (cargo-fuzz, outside the workspace) are one call each to
//! these functions, and `tests/regressions.rs` replays every input kept in
//! `fuzz/regressions/TARGET/` through the same function under `cargo test`, so a finding
//! once fixed stays fixed. [`TARGETS`] lists them by the fuzz targets' names.
//!
//! The analyzer uses the knowledge base and tone lexicon named by `DATELINE_KB` and
//! `DATELINE_LEXICON` when set (the fuzz script sets the real ones), else the small
//! built-in fixture knowledge base and a few lexicon words, so that `cargo test` needs no
//! download; and the part-of-speech model (`DATELINE_POS_MODEL`, else the checkout's when
//! setup has built it), without which the events layer codes from word patterns only.

use dateline_doc::{Doc, Metadata};
use dateline_pipeline::{DEFAULT_LAYERS, Pipeline, Resources};
use dateline_read::{InputKind, Inputs, ReadError, ReadErrorKind};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// A check: panics when `data` breaks a property.
pub type Check = fn(&[u8]);

/// Every check, by the name of its fuzz target.
pub const TARGETS: &[(&str, Check)] = &[
    ("html", html),
    ("feed", feed),
    ("warc", warc),
    ("jsonl", jsonl),
    ("normalize", normalize),
    ("analyze", analyze),
    ("ingest", ingest),
    ("server_query", server_query),
];

/// Records read at most from one input: a few kilobytes can hold thousands of JSONL lines
/// or feed items, and reading them is what is tested, up to this bound.
const MAX_RECORDS: usize = 2_000;

/// Documents analysed at most by [`ingest`] per input (each is a full analysis).
const MAX_INGESTED: usize = 50;

pub fn html(data: &[u8]) {
    read(InputKind::Html, data);
}

pub fn feed(data: &[u8]) {
    read(InputKind::Feed, data);
}

pub fn warc(data: &[u8]) {
    read(InputKind::Warc, data);
}

pub fn jsonl(data: &[u8]) {
    read(InputKind::Jsonl, data);
}

/// Reads `data` as `kind` and decodes every record (HTML extraction, charset detection).
fn read(kind: InputKind, data: &[u8]) {
    let inputs = Inputs::from_reader("fuzz", kind, std::io::Cursor::new(data.to_vec()));
    for item in inputs.take(MAX_RECORDS) {
        match item.and_then(dateline_read::decode) {
            Ok(document) => {
                assert!(!document.meta.id.is_empty(), "a document without an id");
                assert!(
                    !document.text.trim().is_empty(),
                    "an empty document was not reported as one"
                );
            }
            Err(e) => no_internal(&e),
        }
    }
}

/// A reader error must be about the input, never a caught panic.
fn no_internal(e: &ReadError) {
    if let ReadErrorKind::Internal(why) = &e.kind {
        panic!("a reader panicked on {}: {why}", e.name);
    }
}

/// Text normalization and its offset map (see the module docs).
pub fn normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Some(norm) = dateline_text::normalize(&text) else {
        return;
    };
    assert!(
        dateline_text::normalize(&norm.text).is_none(),
        "normalizing the normalized text changed it again"
    );
    let normalized = &norm.text;
    let mut run: Option<usize> = None;
    let mut words = Vec::new();
    for (i, c) in normalized.char_indices() {
        match (c.is_alphanumeric(), run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                words.push((start, i));
                run = None;
            }
            _ => {}
        }
    }
    if let Some(start) = run {
        words.push((start, normalized.len()));
    }
    let mut last = 0;
    for (a, b) in words {
        let s = norm.start_to_original(a);
        let e = norm.end_to_original(b);
        assert!(
            s <= e && e <= text.len(),
            "word {a}..{b} maps to {s}..{e} in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "word {a}..{b} maps to {s}..{e}, not on character boundaries"
        );
        assert!(
            s >= last,
            "word {a}..{b} maps before the previous word's end"
        );
        last = e;
        let original = &text[s..e];
        let again =
            dateline_text::normalize(original).map_or_else(|| original.to_string(), |n| n.text);
        assert_eq!(
            again,
            &normalized[a..b],
            "word {a}..{b} maps back to {original:?}"
        );
    }
}

/// The pipeline every analysing check uses, built once per process.
fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let kb = match std::env::var_os("DATELINE_KB") {
            Some(path) => dateline_kb::Kb::open(std::path::Path::new(&path))
                .unwrap_or_else(|e| panic!("DATELINE_KB: {e}")),
            None => dateline_kb::Kb::from_bytes(dateline_kb::fixture_bytes().to_vec())
                .expect("the fixture knowledge base"),
        };
        let lexicon = match std::env::var_os("DATELINE_LEXICON") {
            Some(path) => dateline_tone::ToneLexicon::load(std::path::Path::new(&path))
                .unwrap_or_else(|e| panic!("DATELINE_LEXICON: {e}")),
            None => dateline_tone::ToneLexicon::parse(
                "good\t1.9\t0.7\t[2, 2]\nattack\t-2.1\t0.8\t[-2, -2]\nwar\t-2.9\t0.8\t[-3, -3]\n",
            )
            .expect("the built-in lexicon"),
        };
        // The part-of-speech model, so that the events layer's structural coder is checked
        // too: `DATELINE_POS_MODEL`, else the checkout's model when setup has built it.
        let model = std::env::var_os("DATELINE_POS_MODEL")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(dateline_syntax::DEFAULT_MODEL)
            });
        let tagger = model
            .exists()
            .then(|| dateline_syntax::Tagger::load(&model))
            .map(|t| Arc::new(t.unwrap_or_else(|e| panic!("{e}"))));
        let resources = Resources::with_kb(Arc::new(kb))
            .with_lexicon(Arc::new(lexicon))
            .with_tagger(tagger);
        Pipeline::full(&resources)
    })
}

/// Every layer of a full analysis, as JSON.
fn json_of(doc: &Doc) -> Vec<u8> {
    let mut out = Vec::new();
    dateline_doc::json::to_writer(&mut out, doc, &DEFAULT_LAYERS, false)
        .expect("a document serializes");
    out
}

/// The full analyzer on `data` as text (see the module docs).
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(mut doc) = Doc::new(Metadata::with_id("fuzz"), text) else {
        return;
    };
    pipeline().run(&mut doc);
    let out = json_of(&doc);
    let value: Value = serde_json::from_slice(&out).expect("the JSON output parses");
    assert_eq!(
        value["text"].as_str(),
        Some(doc.text()),
        "the JSON's text is not the document's"
    );
    check_spans(&value);
    let mut packed = Vec::new();
    dateline_doc::pack::encode(&doc, &DEFAULT_LAYERS, &mut packed);
    let unpacked = dateline_doc::pack::decode(&packed, doc.text().to_string())
        .expect("the packed document unpacks");
    assert!(
        json_of(&unpacked) == out,
        "the document packed and unpacked writes other JSON"
    );
    let back = dateline_doc::json_read::from_value(&value).expect("the JSON output reads back");
    let again = json_of(&back);
    if again != out {
        let at = again
            .iter()
            .zip(&out)
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |v: &[u8]| {
            String::from_utf8_lossy(&v[at.saturating_sub(150)..(at + 150).min(v.len())])
                .into_owned()
        };
        panic!(
            "the JSON read back and written again differs at byte {at}:\nwritten: {}\nagain:   {}",
            show(&out),
            show(&again)
        );
    }
}

/// Every object with integer `start` and `end` in a document's JSON: `start ≤ end ≤` the
/// text's length in characters, and an object's `text`, where it has one, is the text
/// between them. The top-level `meta` is left out: it holds the input's own fields, passed
/// through as given (a JSONL line may carry any `{"start": 5, "end": 3}` of its own).
pub fn check_spans(doc: &Value) {
    let text = doc["text"]
        .as_str()
        .expect("a document's JSON has its text");
    let chars: Vec<char> = text.chars().collect();
    let mut stack = vec![("", doc)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let (Some(start), Some(end)) = (
                    map.get("start").and_then(Value::as_u64),
                    map.get("end").and_then(Value::as_u64),
                ) {
                    let (start, end) = (start as usize, end as usize);
                    assert!(
                        start <= end && end <= chars.len(),
                        "span {start}..{end} under {path:?} out of the text's {} characters",
                        chars.len()
                    );
                    if let Some(said) = map.get("text").and_then(Value::as_str) {
                        let at: String = chars[start..end].iter().collect();
                        assert_eq!(said, at, "the text of span {start}..{end} under {path:?}");
                    }
                }
                for (key, v) in map {
                    if !(path.is_empty() && (key == "text" || key == "meta")) {
                        stack.push((key.as_str(), v));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|v| (path, v))),
            _ => {}
        }
    }
}

/// JSONL into a new store (see the module docs).
pub fn ingest(data: &[u8]) {
    use dateline_store::Store;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::create(&dir.path().join("fuzz.db")).expect("a new store");
    let inputs = Inputs::from_reader(
        "fuzz.jsonl",
        InputKind::Jsonl,
        std::io::Cursor::new(data.to_vec()),
    );
    let mut keys = std::collections::HashSet::new();
    store.begin().expect("a transaction");
    for item in inputs.take(MAX_INGESTED) {
        let Ok(record) = item else { continue };
        let id_given = record.id_given;
        let Ok(document) = dateline_read::decode(record) else {
            continue;
        };
        let Ok(mut doc) = Doc::new(document.meta, document.text) else {
            continue;
        };
        pipeline().run(&mut doc);
        let key = dateline_store::key(&doc.meta, id_given, doc.text());
        let prepared = dateline_store::prepare(&doc, key.clone());
        if let Err(e) = store.put(prepared) {
            panic!("document {key:?} was analysed but not stored: {e}");
        }
        keys.insert(key);
    }
    store.commit().expect("the commit");
    store.check().expect("the store passes its checks");
    let stats = store.stats().expect("stats");
    assert_eq!(stats.documents as usize, keys.len(), "documents stored");
    store
        .documents(true, |json| {
            let value: Value =
                serde_json::from_str(&json).expect("a stored document's JSON parses");
            check_spans(&value);
            Ok(())
        })
        .expect("the documents read back");
}

/// The routes [`server_query`] picks from with its first byte; `{}` is filled with a
/// path segment from the input.
const ROUTES: &[&str] = &[
    "/api/stats",
    "/api/docs",
    "/api/docs/{}",
    "/api/quotes",
    "/api/actors",
    "/api/actors/{}",
    "/api/actors/{}/months",
    "/api/actors/{}/cooccurring",
    "/api/events",
    "/api/timeline",
    "/api/places",
    "/",
    "/doc/{}",
    "/quotes",
    "/actors",
    "/actors/{}",
    "/map",
    "/timeline",
];

/// Texts of the small store the server checks query: names, quotes, places and dates to
/// find.
const STORE_TEXTS: &[(&str, &str)] = &[
    (
        "a",
        "GENEVA — Foreign ministers of France and Germany met in Geneva on Monday. \"We will not accept this,\" said Annalena Baerbock, who warned Russia against an attack.",
    ),
    (
        "b",
        "President Joe Biden spoke with Vladimir Putin on Friday. Biden said the talks were useful. The United Nations welcomed the call, which cost $3 million to arrange.",
    ),
    (
        "c/with:odd id",
        "Protesters marched in Paris on 3 March 2024, police said.",
    ),
];

struct App {
    _dir: tempfile::TempDir,
    router: axum::Router,
    runtime: tokio::runtime::Runtime,
}

fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("serve.db");
        {
            let store = dateline_store::Store::create(&db).expect("a new store");
            store.begin().expect("a transaction");
            for (id, text) in STORE_TEXTS {
                let mut meta = Metadata::with_id(*id);
                meta.published = dateline_doc::Published::parse("2024-03-04").ok();
                let mut doc = Doc::new(meta, text.to_string()).expect("a document");
                pipeline().run(&mut doc);
                let key = dateline_store::key(&doc.meta, true, doc.text());
                store
                    .put(dateline_store::prepare(&doc, key))
                    .expect("stored");
            }
            store.commit().expect("the commit");
        }
        let mut config = dateline_server::Config::new(&db);
        config.readers = 2;
        // Every request reaches the store; a cached answer would hide the query.
        config.cache = false;
        let router = dateline_server::router(config).expect("the router");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        App {
            _dir: dir,
            router,
            runtime,
        }
    })
}

/// A `GET` through the server's router (see the module docs). The first byte picks the
/// route, the bytes up to the first `?` (if the route has a slot) the path segment, the
/// rest are `&`-separated `key=value` parameters, sent percent-encoded as a browser would.
pub fn server_query(data: &[u8]) {
    use tower::ServiceExt;
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let route = ROUTES[pick as usize % ROUTES.len()];
    let rest = String::from_utf8_lossy(rest);
    let (segment, query) = match route.contains("{}") {
        true => rest.split_once('?').unwrap_or((&rest, "")),
        false => ("", rest.as_ref()),
    };
    let segment: String = form_urlencoded::byte_serialize(segment.as_bytes()).collect();
    let mut params = form_urlencoded::Serializer::new(String::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        params.append_pair(k, v);
    }
    let uri = format!("{}?{}", route.replace("{}", &segment), params.finish());
    let Ok(request) = axum::http::Request::get(&uri).body(axum::body::Body::empty()) else {
        return;
    };
    let app = app();
    let (status, content_type, body) = app.runtime.block_on(async {
        let response = app
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = axum::body::to_bytes(response.into_body(), 64 << 20)
            .await
            .expect("the body is read");
        (status, content_type, body)
    });
    assert!(
        !status.is_server_error(),
        "{uri}: {status}: {}",
        String::from_utf8_lossy(&body)
    );
    if content_type.starts_with("application/json") {
        serde_json::from_slice::<Value>(&body)
            .unwrap_or_else(|e| panic!("{uri}: the JSON answer does not parse: {e}"));
    } else if content_type.starts_with("application/x-ndjson") {
        for line in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            serde_json::from_slice::<Value>(line)
                .unwrap_or_else(|e| panic!("{uri}: a JSONL line does not parse: {e}"));
        }
    } else {
        assert!(
            std::str::from_utf8(&body).is_ok(),
            "{uri}: a {content_type} answer is not UTF-8"
        );
    }
}
