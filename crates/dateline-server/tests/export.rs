//! Downloads (`format=csv|jsonl` on the list routes) over a hand-made store with more
//! quotes than two download pages hold, driven with `tower::ServiceExt::oneshot`.
//!
//! The corpus: 40 documents of 110 quoted sentences each (made-up words, so that no two
//! documents look like copies of one story), two documents to a day; a newest one whose
//! only quote holds a comma, quotation marks, a line break and markup; places on the
//! first twelve documents.

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::http::{Request, StatusCode, header};
use dateline_doc::{Doc, Metadata, Published};
use dateline_server::export::PAGE;
use dateline_server::{Config, router};
use dateline_store::query::{DocRow, Filters, QuoteRow, View};
use dateline_store::{DocActor, DocQuote, Prepared, Store};
use serde_json::Value;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
mod common;

use common::{Answer, get, place};
use tower::ServiceExt;

const DOCS: usize = 40;
const QUOTES_PER_DOC: usize = 110;
const TRICKY: &str = "He said, \"no\",\nthen <left>";

fn prepared(key: &str, day: &str, text: &str) -> Prepared {
    let mut meta = Metadata::with_id(key);
    meta.published = Some(Published::parse(day).unwrap());
    meta.title = Some(format!("Notes {key}"));
    let d = Doc::new(meta, text.to_string()).unwrap();
    dateline_store::prepare(&d, key.to_string())
}

fn speaker() -> DocActor {
    DocActor::new(
        "Ada Lovelace".into(),
        "person",
        Some("GBR".into()),
        None,
        vec!["analyst".into()],
        1,
        vec![("Ada Lovelace".into(), 1)],
    )
}

/// A quote of the first actor over characters `start .. end`.
fn quote(text: &str, start: usize, end: usize) -> DocQuote {
    debug_assert!(end <= text.chars().count());
    DocQuote {
        start: start as u32,
        end: end as u32,
        kind: "utterance",
        speakers: vec![0],
        speaker_text: None,
        speaker_rule: "explicit",
        confidence: Some(0.75),
        sentence_start: start as u32,
        sentence_end: end as u32,
    }
}

/// Document `i`: `QUOTES_PER_DOC` sentences of made-up words, each one quote.
fn filler(i: usize) -> Prepared {
    let mut state = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        format!("w{}", state % 5000)
    };
    let mut text = String::new();
    let mut spans = Vec::new();
    for s in 0..QUOTES_PER_DOC {
        let start = text.chars().count();
        text.push_str(&format!("Sentence {s} of {i}:"));
        for _ in 0..6 {
            text.push(' ');
            text.push_str(&word());
        }
        text.push('.');
        spans.push((start, text.chars().count()));
        text.push(' ');
    }
    let day = format!("2025-01-{:02}", i / 2 + 1);
    let mut p = prepared(&format!("doc-{i:02}"), &day, text.trim_end());
    p.actors = vec![speaker()];
    p.quotes = spans
        .into_iter()
        .map(|(start, end)| quote(&p.text, start, end))
        .collect();
    if i < 5 {
        p.places = vec![place("Anchorage", "US", 5879400, 10.5, -20.25)];
    } else if i < 12 {
        p.places = vec![place("London", "GB", 2643743, 10.5, -20.25)];
    }
    p
}

fn store_path() -> PathBuf {
    static PATH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let store = Store::create(&path).unwrap();
        store.begin().unwrap();
        for i in 0..DOCS {
            store.put(filler(i)).unwrap();
        }
        let text = format!("A tricky note. {TRICKY} the room, said Ada Lovelace.");
        let mut tricky = prepared("tricky", "2025-03-01", &text);
        let start = text[..text.find(TRICKY).unwrap()].chars().count();
        tricky.actors = vec![speaker()];
        tricky.quotes = vec![quote(&text, start, start + TRICKY.chars().count())];
        store.put(tricky).unwrap();
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

async fn get_ok(app: &Router, uri: &str) -> Answer {
    let a = get(app, uri).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&a.body)
    );
    a
}

/// Every item of a list, walked page by page with the JSON API's cursors.
async fn paged(app: &Router, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut uri = format!("{path}{sep}limit=1000");
    for _ in 0..100 {
        let v = get_ok(app, &uri).await.json();
        items.extend(v["items"].as_array().unwrap().iter().cloned());
        match v["next"].as_str() {
            Some(next) => uri = format!("{path}{sep}limit=1000&cursor={next}"),
            None => return items,
        }
    }
    panic!("paging {path} does not end");
}

/// RFC 4180 records: fields in quotes may hold commas, `""` and line breaks; every
/// record ends with CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a record ends with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            '\n' => panic!("a bare LF outside quotes"),
            other => field.push(other),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "the last record is complete"
    );
    records
}

fn header_line<T: View>() -> Vec<String> {
    T::COLUMNS.iter().map(|c| c.to_string()).collect()
}

#[tokio::test]
async fn quotes_download_in_full_in_the_order_of_the_pages() {
    let app = app();
    let pages = paged(&app, "/api/quotes").await;
    let total = DOCS * QUOTES_PER_DOC + 1;
    assert_eq!(pages.len(), total);
    assert!(total > 2 * PAGE, "the download crosses two page boundaries");

    // JSONL: every row once, as the pages give it, in their order; `limit` and `cursor`
    // do not cut a download.
    let a = get_ok(&app, "/api/quotes?format=jsonl&limit=5&cursor=o100").await;
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/x-ndjson");
    assert_eq!(
        a.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"dateline-quotes.jsonl\""
    );
    assert!(
        !a.headers.contains_key(header::CONTENT_LENGTH),
        "streamed, not sized in advance"
    );
    assert!(a.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let lines = a.lines();
    assert_eq!(lines.len(), total);
    assert!(lines == pages, "JSONL rows differ from the pages");

    // CSV: a header, then the cells `dateline query --format csv` writes, row for row.
    let a = get_ok(&app, "/api/quotes?format=csv").await;
    assert_eq!(a.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        a.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"dateline-quotes.csv\""
    );
    let records = parse_csv(a.text());
    assert_eq!(records[0], header_line::<QuoteRow>());
    let store = Store::open(&store_path()).unwrap();
    let all = store
        .quotes(&Filters {
            limit: total + 10,
            ..Filters::new()
        })
        .unwrap();
    assert_eq!(all.len(), total);
    let as_paged: Vec<Value> = all
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    assert!(as_paged == pages, "the store's order is the pages' order");
    let expected: Vec<Vec<String>> = all.iter().map(View::cells).collect();
    assert_eq!(records.len(), total + 1);
    assert!(
        records[1..] == expected[..],
        "CSV rows differ from the pages"
    );
    // Every row exactly once (offsets within a document are unique).
    let keys: std::collections::BTreeSet<(String, String)> = records[1..]
        .iter()
        .map(|r| (r[8].clone(), r[10].clone()))
        .collect();
    assert_eq!(keys.len(), total);
}

#[tokio::test]
async fn a_cell_with_a_comma_quotes_and_a_line_break_is_quoted() {
    let app = app();
    let a = get_ok(&app, "/api/quotes?format=csv&from=2025-03").await;
    let expected_cell = "\"He said, \"\"no\"\",\nthen <left>\"";
    assert!(a.text().starts_with("text,speaker,"), "{}", a.text());
    assert!(
        a.text()
            .contains(&format!("\r\n{expected_cell},Ada Lovelace,")),
        "{}",
        a.text()
    );
    let records = parse_csv(a.text());
    assert_eq!(records.len(), 2);
    assert_eq!(records[1][0], TRICKY);
    // JSONL escapes markup as every JSON response does, and reads back the same.
    let a = get_ok(&app, "/api/quotes?format=jsonl&from=2025-03").await;
    assert!(!a.text().contains('<'), "{}", a.text());
    assert!(a.text().contains("\\u003cleft\\u003e"), "{}", a.text());
    assert_eq!(a.lines()[0]["text"], TRICKY);
}

#[tokio::test]
async fn every_list_downloads_with_its_name_and_type() {
    let app = app();
    for (path, name) in [
        ("/api/docs?q=", "docs"),
        ("/api/quotes?speaker=Ada", "quotes"),
        ("/api/actors?", "actors"),
        ("/api/events?", "events"),
        ("/api/places?", "places"),
    ] {
        let pages = paged(&app, path).await;
        let json = get_ok(&app, &format!("{path}&format=json&limit=1000")).await;
        assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
        assert!(json.json()["items"].is_array(), "{path}");
        let a = get_ok(&app, &format!("{path}&format=jsonl")).await;
        assert_eq!(a.headers[header::CONTENT_TYPE], "application/x-ndjson");
        assert_eq!(
            a.headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"dateline-{name}.jsonl\"").as_str()
        );
        assert!(a.lines() == pages, "{path}");
        let a = get_ok(&app, &format!("{path}&format=csv")).await;
        assert_eq!(a.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            a.headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"dateline-{name}.csv\"").as_str()
        );
        let records = parse_csv(a.text());
        assert_eq!(records.len(), pages.len() + 1, "{path}");
        let header: Vec<&str> = records[0].iter().map(String::as_str).collect();
        let fields: Vec<String> = match pages.first() {
            Some(Value::Object(o)) => o.keys().cloned().collect(),
            _ => header.iter().map(|h| h.to_string()).collect(),
        };
        let mut sorted = header.clone();
        sorted.sort_unstable();
        let mut fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(sorted, fields, "{path}: the CSV header names the fields");
    }
    let docs = paged(&app, "/api/docs").await;
    assert_eq!(docs.len(), DOCS + 1);

    // The timeline: one row per query and bucket, led by the query.
    let uri = "/api/timeline?q=Sentence&q=tricky&by=month";
    let series = get_ok(&app, uri).await.json()["series"].clone();
    let mut expected = Vec::new();
    for s in series.as_array().unwrap() {
        for item in s["items"].as_array().unwrap() {
            let mut row = serde_json::Map::new();
            row.insert("q".into(), s["q"].clone());
            row.extend(item.as_object().unwrap().clone());
            expected.push(Value::Object(row));
        }
    }
    assert_eq!(expected.len(), 4, "two queries over two months");
    let a = get_ok(&app, &format!("{uri}&format=jsonl")).await;
    assert_eq!(
        a.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"dateline-timeline.jsonl\""
    );
    assert_eq!(a.lines(), expected);
    let a = get_ok(&app, &format!("{uri}&format=csv")).await;
    let records = parse_csv(a.text());
    assert_eq!(
        records[0],
        ["q", "bucket", "matching", "total", "share", "tone"]
    );
    let firsts: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        firsts,
        [
            ("Sentence", "2025-01"),
            ("Sentence", "2025-03"),
            ("tricky", "2025-01"),
            ("tricky", "2025-03")
        ]
    );
    assert_eq!(records[4][2..5], ["1", "1", "1"]);
}

#[tokio::test]
async fn bad_filters_are_a_json_400_before_any_byte() {
    let app = app();
    for (uri, needle) in [
        ("/api/quotes?format=csv&from=August", "as a date"),
        ("/api/docs?format=jsonl&q=%28%29", "nothing to search for"),
        ("/api/actors?format=csv&type=planet", "unknown actor type"),
        ("/api/events?format=csv&root=4", "two-digit CAMEO root"),
        ("/api/places?format=csv&limit=ten", "limit"),
        ("/api/quotes?format=xml", "json, csv or jsonl"),
        ("/api/timeline?q=a&format=pdf", "json, csv or jsonl"),
        (
            "/api/timeline?q=Sentence&q=%28%29&format=csv",
            "nothing to search for",
        ),
        (
            "/api/timeline?q=Sentence&by=year&format=csv",
            "day, week or month",
        ),
        ("/api/docs?place=Anchorage", "not a place id"),
        ("/api/docs?format=csv&place=1.5", "not a place id"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.headers[header::CONTENT_TYPE], "application/json", "{uri}");
        assert!(
            !a.headers.contains_key(header::CONTENT_DISPOSITION),
            "{uri}"
        );
        let error = a.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(needle), "{uri}: {error}");
    }
}

#[tokio::test]
async fn documents_of_a_place() {
    let app = app();
    let places = paged(&app, "/api/places").await;
    let id = |name: &str| {
        places
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["id"].as_i64().unwrap())
            .unwrap()
    };
    let ids = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    let anchorage = paged(&app, &format!("/api/docs?place={}", id("Anchorage"))).await;
    assert_eq!(
        ids(&anchorage),
        ["doc-04", "doc-03", "doc-02", "doc-01", "doc-00"]
    );
    let london = paged(&app, &format!("/api/docs?place={}", id("London"))).await;
    assert_eq!(london.len(), 7);
    // With a search, and as a download.
    let a = get_ok(
        &app,
        &format!("/api/docs?place={}&q=Sentence&format=csv", id("London")),
    )
    .await;
    let records = parse_csv(a.text());
    assert_eq!(records[0], header_line::<DocRow>());
    let mut found: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "doc-05", "doc-06", "doc-07", "doc-08", "doc-09", "doc-10", "doc-11"
        ]
    );
    let none = get_ok(&app, "/api/docs?place=999999").await.json();
    assert_eq!(none["items"], Value::Array(Vec::new()));
}

/// The body's data frames, waiting `pause` before each: a client that reads slowly.
async fn read_slowly(body: Body, pause: Duration) -> Result<Vec<u8>, String> {
    let mut body = body;
    let mut out = Vec::new();
    loop {
        tokio::time::sleep(pause).await;
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => return Ok(out),
            Some(Ok(frame)) => out.extend_from_slice(&frame.into_data().unwrap_or_default()),
            Some(Err(e)) => return Err(e.to_string()),
        }
    }
}

#[tokio::test]
async fn a_download_that_keeps_flowing_outlives_the_request_time_limit() {
    // Requests are cut after the limit and a second; this download takes longer.
    let limit = Duration::from_millis(700);
    let app = app_with(|c| c.request_timeout = limit);
    let started = Instant::now();
    let request = Request::get("/api/quotes?format=csv")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = read_slowly(response.into_body(), Duration::from_millis(800))
        .await
        .expect("the download is not cut");
    assert!(
        started.elapsed() > limit + Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let records = parse_csv(std::str::from_utf8(&body).unwrap());
    assert_eq!(records.len(), DOCS * QUOTES_PER_DOC + 2);
}

#[tokio::test]
async fn the_openapi_document_describes_downloads() {
    let doc: Value = serde_json::from_str(&dateline_server::openapi_json()).unwrap();
    for path in [
        "/api/docs",
        "/api/quotes",
        "/api/actors",
        "/api/events",
        "/api/places",
        "/api/timeline",
    ] {
        let get = &doc["paths"][path]["get"];
        let format = get["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "format")
            .unwrap_or_else(|| panic!("{path}: no format parameter"));
        assert_eq!(
            format["schema"]["enum"],
            serde_json::json!(["json", "csv", "jsonl"]),
            "{path}"
        );
        let content = &get["responses"]["200"]["content"];
        for media in ["application/json", "text/csv", "application/x-ndjson"] {
            assert!(content[media].is_object(), "{path}: {media}");
        }
        assert!(
            get["responses"]["200"]["headers"]["Content-Disposition"].is_object(),
            "{path}"
        );
    }
    let place = doc["paths"]["/api/docs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "place")
        .expect("docs take a place");
    assert_eq!(place["schema"]["type"], "integer");
}
