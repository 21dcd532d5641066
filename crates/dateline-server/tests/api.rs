//! The JSON API on a small hand-made store, driven with `tower::ServiceExt::oneshot` (no
//! socket). The store is written with `dateline_store::prepare` on `Doc`s built here and
//! given actors, quotes, events and places by hand, so every answer below is known.
//!
//! The corpus: three news documents whose ids are a URL (with `?`), a file path and a
//! plain word, and seven short fillers for paging. Putin is "Vladimir Putin" and "Putin"
//! in the Alaska story and "Putin" in the Kremlin story; Starmer speaks in the London one.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dateline_doc::{Doc, Metadata, Published};
use dateline_pipeline::{Pipeline, Resources};
use dateline_server::{Analyzer, Config, router};
use dateline_store::query::View;
use dateline_store::{DocActor, DocEvent, DocQuote, Prepared, Store};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
mod common;

use common::{Answer, get, place, send};

const URL_ID: &str = "https://wire.example/2025/08/15/summit?id=7";
const PATH_ID: &str = "archive/2025/07/kremlin.txt";

const SUMMIT: &str = "ANCHORAGE — Russian President Vladimir Putin met US President Donald \
Trump on Friday. \u{201c}NATO expansion is a threat,\u{201d} Putin said. A reader wrote <script>alert(1)</script> in the comments.";
const KREMLIN: &str = "MOSCOW — The Kremlin said talks would go on. \u{201c}We are ready for \
peace talks,\u{201d} Putin said on Monday.";
const LONDON: &str = "LONDON — \u{201c}Our support for Ukraine will not waver,\u{201d} Starmer \
said on Thursday in London.";

/// A prepared document with no layers (rows are added by the caller).
fn doc(key: &str, day: &str, title: &str, text: &str) -> Prepared {
    let mut meta = Metadata::with_id(key);
    meta.published = Some(Published::parse(day).unwrap());
    meta.title = Some(title.to_string());
    let d = Doc::new(meta, text.to_string()).unwrap();
    dateline_store::prepare(&d, key.to_string())
}

fn person(name: &str, country: &str, mentions: u32, variants: &[(&str, u32)]) -> DocActor {
    DocActor::new(
        name.to_string(),
        "person",
        Some(country.to_string()),
        None,
        vec!["President".to_string()],
        mentions,
        variants.iter().map(|(v, n)| (v.to_string(), *n)).collect(),
    )
}

/// A direct quote of actor `speaker` at the character range of `quoted` in `text`.
fn quote(text: &str, quoted: &str, speaker: u32) -> DocQuote {
    let byte = text.find(quoted).unwrap();
    let start = text[..byte].chars().count() as u32;
    let end = start + quoted.chars().count() as u32;
    DocQuote {
        start,
        end,
        kind: "utterance",
        speakers: vec![speaker],
        speaker_text: None,
        speaker_rule: "explicit",
        confidence: Some(0.5),
        sentence_start: start,
        sentence_end: end,
    }
}

/// The store file, written once per test run.
fn store_path() -> PathBuf {
    static PATH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let store = Store::create(&path).unwrap();

        let mut summit = doc(URL_ID, "2025-08-15", "Putin and Trump meet in Alaska", SUMMIT);
        summit.actors = vec![
            person("Vladimir Putin", "RUS", 3, &[("Vladimir Putin", 1), ("Putin", 2)]),
            person("Donald Trump", "USA", 1, &[("Donald Trump", 1)]),
        ];
        summit.quotes = vec![quote(SUMMIT, "NATO expansion is a threat,", 0)];
        summit.events = vec![DocEvent {
            start: 0,
            end: 20,
            date: Some("2025-08-15".into()),
            source: "RUSGOV".into(),
            target: "USAGOV".into(),
            source_actor: Some(0),
            target_actor: Some(1),
            code: "040".into(),
            goldstein: 1.0,
            quad_class: 1,
            plover: Some("CONSULT"),
            negated: false,
            modality: None,
        }];
        summit.places = vec![place("Anchorage", "US", 5879400, 61.2, -149.9)];

        let mut kremlin = doc(PATH_ID, "2025-07-21", "Kremlin open to talks", KREMLIN);
        kremlin.actors = vec![person("Putin", "RUS", 1, &[("Putin", 1)])];
        kremlin.quotes = vec![quote(KREMLIN, "We are ready for peace talks,", 0)];

        let mut london = doc("london", "2025-06-05", "Britain stands by Ukraine", LONDON);
        london.actors = vec![person("Keir Starmer", "GBR", 1, &[("Starmer", 1)])];
        london.quotes = vec![quote(LONDON, "Our support for Ukraine will not waver,", 0)];
        london.places = vec![place("London", "GB", 2643743, 61.2, -149.9)];

        store.begin().unwrap();
        for p in [summit, kremlin, london] {
            store.put(p).unwrap();
        }
        for i in 1..=7 {
            let text = format!(
                "Filler number {i}: the harbour committee number {i} met about budget item {} and {}.",
                i * 13,
                i * 17
            );
            store
                .put(doc(&format!("filler-{i}"), &format!("2025-06-1{i}"), "Harbour notes", &text))
                .unwrap();
        }
        store.commit().unwrap();
        (dir, path)
    })
    .1
    .clone()
}

fn app_with(change: impl FnOnce(&mut Config)) -> Router {
    let mut config = Config::new(store_path());
    change(&mut config);
    router(config).unwrap()
}

fn app() -> Router {
    app_with(|_| {})
}

/// A full pipeline over the fixture knowledge base and a tiny lexicon, built once.
fn analyzer() -> Arc<Analyzer> {
    static ANALYZER: OnceLock<(tempfile::TempDir, Arc<Analyzer>)> = OnceLock::new();
    ANALYZER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let kb_path = dir.path().join("fixture.kb");
            std::fs::write(&kb_path, dateline_kb::fixture_bytes()).unwrap();
            let kb = Arc::new(dateline_kb::Kb::open(&kb_path).unwrap());
            let lexicon = dateline_tone::ToneLexicon::parse("useful\t1.9\t0.7\t[2, 2]\n").unwrap();
            let resources = Resources::with_kb(kb).with_lexicon(Arc::new(lexicon));
            let layers = dateline_pipeline::DEFAULT_LAYERS.to_vec();
            let pipeline = Pipeline::for_layers(&layers, &resources).unwrap();
            (dir, Arc::new(Analyzer::new(pipeline, layers)))
        })
        .1
        .clone()
}

async fn get_ok(app: &Router, uri: &str) -> Value {
    let a = get(app, uri).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&a.body)
    );
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/json");
    a.json()
}

async fn post(app: &Router, uri: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
    let mut request = Request::post(uri);
    if let Some(ct) = content_type {
        request = request.header(header::CONTENT_TYPE, ct);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

fn strings(items: &Value, field: &str) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap_or_default().to_string())
        .collect()
}

/// `/api/docs/{id}` with the id percent-encoded as one path segment.
fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn stats_count_what_the_store_holds() {
    let v = get_ok(&app(), "/api/stats").await;
    assert_eq!(v["documents"], 10);
    assert_eq!(v["quotes"], 3);
    assert_eq!(v["events"], 1);
    assert_eq!(v["places"], 2);
    assert_eq!(v["from"], "2025-06-05");
    assert_eq!(v["to"], "2025-08-15");
    assert_eq!(v["schema_version"], dateline_store::schema::VERSION);
}

#[tokio::test]
async fn docs_search_filter_and_list_newest_first() {
    let app = app();
    let v = get_ok(&app, "/api/docs?limit=3").await;
    assert_eq!(strings(&v["items"], "id"), [URL_ID, PATH_ID, "filler-7"]);
    assert_eq!(v["next"], "o3");
    let v = get_ok(&app, "/api/docs?q=Putin").await;
    let ids: BTreeSet<String> = strings(&v["items"], "id").into_iter().collect();
    assert_eq!(
        ids,
        BTreeSet::from([URL_ID.to_string(), PATH_ID.to_string()])
    );
    assert_eq!(v["next"], Value::Null);
    let v = get_ok(&app, "/api/docs?q=Putin&from=2025-08&to=2025-08").await;
    assert_eq!(strings(&v["items"], "id"), [URL_ID]);
    assert!(
        v["items"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("[Putin]")
    );
    // An empty value is no value (a form that submits every field).
    let v = get_ok(&app, "/api/docs?q=&from=&to=&limit=&cursor=").await;
    assert_eq!(v["items"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn cursors_walk_every_item_exactly_once() {
    let app = app();
    let mut seen: Vec<String> = Vec::new();
    let mut uri = "/api/docs?limit=3".to_string();
    let mut pages = 0;
    loop {
        let v = get_ok(&app, &uri).await;
        seen.extend(strings(&v["items"], "id"));
        pages += 1;
        match v["next"].as_str() {
            Some(next) => uri = format!("/api/docs?limit=3&cursor={next}"),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), 10);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 10);
    // The same walk over a filtered list (quotes, by speaker).
    let mut texts = Vec::new();
    let mut uri = "/api/quotes?speaker=putin&limit=1".to_string();
    loop {
        let v = get_ok(&app, &uri).await;
        texts.extend(strings(&v["items"], "text"));
        match v["next"].as_str() {
            Some(next) => uri = format!("/api/quotes?speaker=putin&limit=1&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(
        texts,
        [
            "NATO expansion is a threat,",
            "We are ready for peace talks,"
        ]
    );
    // limit is clamped, not refused.
    let v = get_ok(&app, "/api/docs?limit=100000").await;
    assert_eq!(v["items"].as_array().unwrap().len(), 10);
    let v = get_ok(&app, "/api/docs?limit=0").await;
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_document_by_id_is_the_stored_json_even_with_slashes_and_colons() {
    let app = app();
    let store = Store::open(&store_path()).unwrap();
    for id in [URL_ID, PATH_ID, "london"] {
        let v = get_ok(&app, &format!("/api/docs/{}", encode(id))).await;
        assert_eq!(v["id"], id);
        let stored: Value = serde_json::from_str(&store.document(id).unwrap().unwrap()).unwrap();
        assert_eq!(v, stored, "{id}");
    }
    // `/` left unencoded works too (the route takes the rest of the path).
    let v = get_ok(&app, &format!("/api/docs/{PATH_ID}")).await;
    assert_eq!(v["id"], PATH_ID);
    assert_eq!(v["title"], "Kremlin open to talks");
    let a = get(&app, "/api/docs/no%2Fsuch%3Adoc").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.error(), "no document with id \"no/such:doc\"");
    // The article pages take the same ids, and link to each other with them encoded.
    for id in [URL_ID, PATH_ID, "london"] {
        let a = get(&app, &format!("/doc/{}", encode(id))).await;
        assert_eq!(a.status, StatusCode::OK, "{id}");
        assert!(a.text().contains("<article id=\"text\""), "{id}");
    }
    let a = get(&app, "/").await;
    assert!(
        a.text()
            .contains(&format!("href=\"/doc/{}\"", encode(URL_ID)))
    );
    // The reader's text is escaped in the page: the fixture's comment holds a script tag.
    let a = get(&app, &format!("/doc/{}", encode(URL_ID))).await;
    assert!(a.text().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!a.text().contains("<script>alert"));
    let a = get(&app, "/doc/no%2Fsuch%3Adoc").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.text().contains("no document with id"));
}

#[tokio::test]
async fn article_markup_is_data_escaped_in_json() {
    let app = app();
    let a = get(&app, &format!("/api/docs/{}", encode(URL_ID))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let raw = String::from_utf8(a.body.clone()).unwrap();
    assert!(!raw.contains("<script>"), "{raw}");
    assert!(
        raw.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
        "{raw}"
    );
    assert!(
        a.json()["text"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")
    );
    // And in a list's snippet.
    let v = get(&app, "/api/docs?q=comments").await;
    assert!(!String::from_utf8(v.body).unwrap().contains('<'));
}

#[tokio::test]
async fn quotes_by_speaker_topic_and_date() {
    let app = app();
    let v = get_ok(&app, "/api/quotes").await;
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    // Newest first.
    assert_eq!(strings(&v["items"], "doc"), [URL_ID, PATH_ID, "london"]);
    let v = get_ok(&app, "/api/quotes?speaker=Vladimir%20Putin").await;
    // The key is the slug of the first name the corpus saw.
    assert_eq!(
        strings(&v["items"], "speaker_key"),
        ["vladimir-putin", "vladimir-putin"]
    );
    let v = get_ok(&app, "/api/quotes?about=peace").await;
    assert_eq!(
        strings(&v["items"], "text"),
        ["We are ready for peace talks,"]
    );
    assert_eq!(v["items"][0]["speaker"], "Vladimir Putin");
    let v = get_ok(&app, "/api/quotes?from=2025-06&to=2025-06").await;
    assert_eq!(strings(&v["items"], "speaker"), ["Keir Starmer"]);
    assert_eq!(
        v["items"][0]["sentence"],
        "Our support for Ukraine will not waver,"
    );
}

#[tokio::test]
async fn actors_list_with_keys_and_an_actor_in_detail() {
    let app = app();
    let v = get_ok(&app, "/api/actors").await;
    let names = strings(&v["items"], "name");
    assert_eq!(names[0], "Vladimir Putin");
    assert_eq!(v["items"][0]["mentions"], 4);
    assert_eq!(v["items"][0]["documents"], 2);
    let key = v["items"][0]["key"].as_str().unwrap().to_string();
    assert_eq!(key, "vladimir-putin");
    let v = get_ok(&app, "/api/actors?type=person&country=GBR").await;
    assert_eq!(strings(&v["items"], "name"), ["Keir Starmer"]);
    let v = get_ok(&app, "/api/actors?q=Trump").await;
    assert_eq!(strings(&v["items"], "key"), ["donald-trump"]);

    let d = get_ok(&app, &format!("/api/actors/{key}")).await;
    assert_eq!(d["actor"]["key"], key);
    assert_eq!(d["actor"]["type"], "person");
    let variants: Vec<(String, i64)> = d["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [("Putin".to_string(), 3), ("Vladimir Putin".to_string(), 1)]
    );
    assert_eq!(
        d["months"],
        serde_json::json!([
            {"month": "2025-07", "mentions": 1, "documents": 1},
            {"month": "2025-08", "mentions": 3, "documents": 1}
        ])
    );
    assert_eq!(
        strings(&d["quotes"], "text"),
        [
            "NATO expansion is a threat,",
            "We are ready for peace talks,"
        ]
    );
    assert_eq!(strings(&d["cooccurring"], "key"), ["donald-trump"]);
    assert_eq!(d["cooccurring"][0]["documents"], 1);

    let a = get(&app, "/api/actors/nobody-at-all").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.error(), "no actor with key \"nobody-at-all\"");
}

#[tokio::test]
async fn events_by_code_name_and_root() {
    let app = app();
    for uri in [
        "/api/events",
        "/api/events?source=RUS",
        "/api/events?source=Putin&target=USA",
        "/api/events?root=04&from=2025-08-15&to=2025-08-15",
    ] {
        let v = get_ok(&app, uri).await;
        assert_eq!(strings(&v["items"], "code"), ["040"], "{uri}");
        assert_eq!(v["items"][0]["source_name"], "Vladimir Putin");
        assert_eq!(v["items"][0]["target_name"], "Donald Trump");
        assert_eq!(v["items"][0]["doc"], URL_ID);
    }
    let v = get_ok(&app, "/api/events?root=19").await;
    assert_eq!(v["items"], serde_json::json!([]));
    assert_eq!(v["next"], Value::Null);
}

#[tokio::test]
async fn timelines_one_series_per_query() {
    let app = app();
    let v = get_ok(&app, "/api/timeline?q=Putin&q=Ukraine&by=month").await;
    assert_eq!(v["by"], "month");
    let series = v["series"].as_array().unwrap();
    assert_eq!(strings(&v["series"], "q"), ["Putin", "Ukraine"]);
    let putin: Vec<(String, i64, i64)> = series[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["bucket"].as_str().unwrap().to_string(),
                b["matching"].as_i64().unwrap(),
                b["total"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        putin,
        [
            ("2025-06".to_string(), 0, 8),
            ("2025-07".to_string(), 1, 1),
            ("2025-08".to_string(), 1, 1)
        ]
    );
    assert_eq!(series[1]["items"][0]["matching"], 1);
    assert_eq!(series[1]["items"][0]["share"], 0.125);
    let v = get_ok(&app, "/api/timeline?q=Putin&by=day&from=2025-08").await;
    assert_eq!(strings(&v["series"][0]["items"], "bucket"), ["2025-08-15"]);
    for (uri, needle) in [
        ("/api/timeline", "needs a search"),
        ("/api/timeline?q=a&q=b&q=c&q=d&q=e", "at most 4"),
        ("/api/timeline?q=Putin&by=year", "day, week or month"),
        ("/api/timeline?q=Putin&bucket=day", "unknown field `bucket`"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(a.error().contains(needle), "{uri}: {}", a.error());
    }
}

#[tokio::test]
async fn places_by_name_and_country() {
    let app = app();
    let v = get_ok(&app, "/api/places").await;
    let names: BTreeSet<String> = strings(&v["items"], "name").into_iter().collect();
    assert_eq!(names, BTreeSet::from(["Anchorage".into(), "London".into()]));
    let v = get_ok(&app, "/api/places?q=Lond").await;
    assert_eq!(strings(&v["items"], "name"), ["London"]);
    assert_eq!(v["items"][0]["geonameid"], 2643743);
    let v = get_ok(&app, "/api/places?country=US").await;
    assert_eq!(strings(&v["items"], "name"), ["Anchorage"]);
}

#[tokio::test]
async fn bad_values_are_400_with_a_json_reason() {
    let app = app();
    for (uri, needle) in [
        ("/api/docs?from=August", "cannot read \"August\" as a date"),
        ("/api/quotes?to=2025-13", "as a date"),
        ("/api/actors?type=planet", "unknown actor type"),
        ("/api/events?root=4", "two-digit CAMEO root"),
        ("/api/docs?limit=ten", "limit"),
        ("/api/docs?cursor=garbage", "cursor"),
        ("/api/quotes?speker=putin", "unknown field `speker`"),
        ("/api/docs?all_copies=maybe", "query parameters"),
        ("/api/docs?q=%28%29", "nothing to search for"),
        ("/api/docs/%FF%FE", "path"),
        ("/api/actors/%FF", "path"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.headers[header::CONTENT_TYPE], "application/json", "{uri}");
        assert!(a.error().contains(needle), "{uri}: {}", a.error());
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let app = app();
    let a = get(&app, "/api/nothing").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.error(), "no such route: /api/nothing");
    // Outside /api, the web UI answers: a page, or a 404 page in HTML.
    let a = get(&app, "/").await;
    assert_eq!(a.status, StatusCode::OK);
    let a = get(&app, "/nowhere").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let a = post(&app, "/api/stats", None, Vec::new()).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(!a.error().is_empty());
    let a = get(&app, "/api/analyze").await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app_with(|c| c.token = Some("s3cret".into()));
    for (uri, status) in [
        ("/api/stats", StatusCode::UNAUTHORIZED),
        ("/nowhere", StatusCode::UNAUTHORIZED),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, status, "{uri}");
        let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        assert!(!csp.contains("http"), "no other origin: {csp}");
        assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let open = app_with(|_| {});
    let a = get(&open, "/api/stats").await;
    assert!(a.headers.contains_key(header::CONTENT_SECURITY_POLICY));
}

#[tokio::test]
async fn a_token_is_required_when_the_server_has_one() {
    let app = app_with(|c| c.token = Some("s3cret".into()));
    let a = get(&app, "/api/stats").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.error().contains("Bearer"));
    assert_eq!(a.headers[header::WWW_AUTHENTICATE], "Bearer");
    for wrong in ["Bearer nope", "s3cret", "Basic czNjcmV0", "Bearer s3cret2"] {
        let request = Request::get("/api/openapi.json")
            .header(header::AUTHORIZATION, wrong)
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            send(&app, request).await.status,
            StatusCode::UNAUTHORIZED,
            "{wrong}"
        );
    }
    let request = Request::get("/api/stats")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::empty())
        .unwrap();
    let a = send(&app, request).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["documents"], 10);

    // The web UI's pages need it too: a browser gives it once as `?token=`, is sent back
    // to the same page without it, and keeps it in a cookie.
    assert_eq!(get(&app, "/quotes").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&app, "/quotes?token=nope").await.status,
        StatusCode::UNAUTHORIZED
    );
    let a = get(&app, "/quotes?speaker=Putin&token=s3cret").await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.headers[header::LOCATION], "/quotes?speaker=Putin");
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    for uri in ["/quotes?speaker=Putin", "/api/stats"] {
        let request = Request::get(uri)
            .header(header::COOKIE, &pair)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, request).await.status, StatusCode::OK, "{uri}");
    }
    let request = Request::get("/quotes")
        .header(header::COOKIE, "dateline_token=s3cre")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::UNAUTHORIZED);
    // The stylesheet and script are not secret.
    assert_eq!(get(&app, "/assets/app.css").await.status, StatusCode::OK);
}

#[tokio::test]
async fn analyze_takes_text_and_json_and_returns_the_annotated_document() {
    let app = app_with(|c| c.analyzer = Ok(analyzer()));
    let text = "Russian President Vladimir Putin said on Friday that talks would go on. \
                \u{201c}We are ready,\u{201d} Putin said. <img src=x onerror=alert(1)>";
    let a = post(
        &app,
        "/api/analyze?published=2025-08-16",
        Some("text/plain; charset=utf-8"),
        text.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    assert!(!String::from_utf8(a.body.clone()).unwrap().contains('<'));
    let v = a.json();
    assert_eq!(v["id"], "-");
    assert_eq!(v["text"], text);
    assert_eq!(v["published"], "2025-08-16");
    for layer in [
        "sentences",
        "entities",
        "actors",
        "quotes",
        "times",
        "tone",
        "substance",
    ] {
        assert!(v.get(layer).is_some(), "no {layer}: {v}");
    }
    assert!(v["quotes"].as_array().is_some_and(|q| !q.is_empty()), "{v}");
    // "Friday" before 2025-08-16 (a Saturday) is 2025-08-15.
    assert!(
        v["times"].to_string().contains("2025-08-15"),
        "{}",
        v["times"]
    );

    // The same as JSON, with its own date; no content type means text.
    let body = serde_json::json!({"text": text, "published": "2025-08-16", "id": "mine"});
    let a = post(
        &app,
        "/api/analyze",
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let w = a.json();
    assert_eq!(w["id"], "mine");
    assert_eq!(w["quotes"], v["quotes"]);
    assert_eq!(w["times"], v["times"]);
    let a = post(&app, "/api/analyze", None, b"Putin spoke.".to_vec()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["text"], "Putin spoke.");
}

#[tokio::test]
async fn analyze_refuses_bad_bodies_with_the_right_status() {
    let app = app_with(|c| c.analyzer = Ok(analyzer()));
    let json = Some("application/json");
    for (content_type, body, status, needle) in [
        (
            json,
            b"{\"text\": \"unfinished".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "cannot be read",
        ),
        (
            json,
            b"{\"txt\": \"a\"}".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown field",
        ),
        (
            json,
            b"[1, 2]".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "cannot be read",
        ),
        (
            json,
            b"{\"text\": \"a\", \"published\": \"someday\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            "published",
        ),
        (
            json,
            b"{\"text\": \"   \"}".to_vec(),
            StatusCode::BAD_REQUEST,
            "no text",
        ),
        (
            Some("text/plain"),
            vec![0xff, 0xfe, 0x41],
            StatusCode::BAD_REQUEST,
            "UTF-8",
        ),
        (
            Some("image/png"),
            b"x".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "text/plain",
        ),
    ] {
        let a = post(&app, "/api/analyze", content_type, body).await;
        assert_eq!(
            a.status,
            status,
            "{needle}: {}",
            String::from_utf8_lossy(&a.body)
        );
        assert!(a.error().contains(needle), "{needle}: {}", a.error());
    }
    // Over 16 MB: 413, as JSON.
    let big = vec![b'a'; dateline_server::MAX_BODY + 1];
    let a = post(&app, "/api/analyze", Some("text/plain"), big).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.error().contains("16 MB"), "{}", a.error());
    assert!(a.headers.contains_key(header::CONTENT_SECURITY_POLICY));
}

#[tokio::test]
async fn analyze_without_a_knowledge_base_is_503_and_says_how_to_build_it() {
    let app = app_with(|c| {
        c.analyzer = Err(
            "analysis is unavailable on this server: build the KB with scripts/fetch-kb.sh".into(),
        )
    });
    let a = post(&app, "/api/analyze", None, b"Putin spoke.".to_vec()).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(a.error().contains("fetch-kb.sh"));
    // The store is still served.
    assert_eq!(get(&app, "/api/stats").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_missing_store_is_refused_before_serving() {
    let err = router(Config::new("/nonexistent/dateline.db")).unwrap_err();
    assert!(err.to_string().contains("dateline ingest"), "{err}");
}

/// The properties of a schema in the OpenAPI document.
fn properties(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no schema {schema}"))
        .keys()
        .cloned()
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn columns<T: View>() -> BTreeSet<String> {
    T::COLUMNS.iter().map(|c| c.to_string()).collect()
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_matches_the_rows() {
    use dateline_store::query::{
        ActorRow, CooccurRow, DocRow, EventRow, PlaceRow, QuoteRow, Stats, TimelineRow,
    };
    let app = app();
    let doc = get_ok(&app, "/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/stats", "get"),
        ("/api/docs", "get"),
        ("/api/docs/{id}", "get"),
        ("/api/quotes", "get"),
        ("/api/actors", "get"),
        ("/api/actors/{key}", "get"),
        ("/api/actors/{key}/months", "get"),
        ("/api/actors/{key}/cooccurring", "get"),
        ("/api/events", "get"),
        ("/api/timeline", "get"),
        ("/api/places", "get"),
        ("/api/analyze", "post"),
        ("/api/openapi.json", "get"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} missing");
    }
    assert_eq!(paths.as_object().unwrap().len(), 13);
    let params: Vec<&str> = paths["/api/quotes"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in ["speaker", "about", "from", "to", "limit", "cursor"] {
        assert!(params.contains(&p), "{p} in {params:?}");
    }
    let body = &paths["/api/analyze"]["post"]["requestBody"]["content"];
    assert!(body["text/plain"].is_object() && body["application/json"].is_object());

    // Each row schema names exactly the fields the server sends.
    assert_eq!(properties(&doc, "DocRow"), columns::<DocRow>());
    assert_eq!(properties(&doc, "QuoteRow"), columns::<QuoteRow>());
    assert_eq!(properties(&doc, "ActorRow"), columns::<ActorRow>());
    assert_eq!(properties(&doc, "EventRow"), columns::<EventRow>());
    assert_eq!(properties(&doc, "TimelineRow"), columns::<TimelineRow>());
    assert_eq!(properties(&doc, "PlaceRow"), columns::<PlaceRow>());
    assert_eq!(properties(&doc, "CooccurRow"), columns::<CooccurRow>());
    assert_eq!(properties(&doc, "Stats"), columns::<Stats>());
    let sent = get_ok(&app, "/api/docs?limit=1").await;
    assert_eq!(properties(&doc, "DocPage"), keys(&sent));
    assert_eq!(properties(&doc, "DocRow"), keys(&sent["items"][0]));
    let detail = get_ok(&app, "/api/actors/vladimir-putin").await;
    assert_eq!(properties(&doc, "ActorDetail"), keys(&detail));
    assert_eq!(properties(&doc, "VariantRow"), keys(&detail["variants"][0]));
    assert_eq!(properties(&doc, "MonthRow"), keys(&detail["months"][0]));
    let timeline = get_ok(&app, "/api/timeline?q=Putin").await;
    assert_eq!(properties(&doc, "Timeline"), keys(&timeline));
    assert_eq!(
        properties(&doc, "TimelineSeries"),
        keys(&timeline["series"][0])
    );
    assert_eq!(
        properties(&doc, "ErrorBody"),
        BTreeSet::from(["error".to_string()])
    );
}

#[tokio::test]
async fn an_actors_months_and_network_are_lists_of_their_own() {
    let app = app();
    let detail = get_ok(&app, "/api/actors/vladimir-putin").await;
    let months = get_ok(&app, "/api/actors/vladimir-putin/months").await;
    assert_eq!(months["items"], detail["months"]);
    assert!(months["next"].is_null());
    let network = get_ok(&app, "/api/actors/vladimir-putin/cooccurring").await;
    assert_eq!(network["items"], detail["cooccurring"]);
    assert!(!network["items"].as_array().unwrap().is_empty());
    let one = get_ok(&app, "/api/actors/vladimir-putin/cooccurring?top=1").await;
    assert_eq!(one["items"].as_array().unwrap().len(), 1);

    let a = get(&app, "/api/actors/vladimir-putin/months?format=csv").await;
    assert_eq!(a.status, StatusCode::OK);
    let csv = String::from_utf8(a.body.clone()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("month,mentions,documents"));
    assert_eq!(lines.count(), months["items"].as_array().unwrap().len());
    let a = get(&app, "/api/actors/vladimir-putin/cooccurring?format=jsonl").await;
    let rows: Vec<Value> = String::from_utf8(a.body.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(rows), network["items"]);

    assert_eq!(
        get(&app, "/api/actors/nobody/months").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/actors/nobody/cooccurring?format=csv")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let a = get(&app, "/api/actors/vladimir-putin/cooccurring?top=many").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}
