//! End-to-end tests of both steps (`open` + `decode`) on invented news inputs.

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use dateline_read::{
    Document, InputKind, InputSpec, Inputs, Payload, ReadError, ReadErrorKind, Record, decode, open,
};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_all(specs: &[InputSpec]) -> Vec<Result<Record, ReadError>> {
    open(specs).collect()
}

fn read_path(p: &Path) -> Vec<Result<Record, ReadError>> {
    read_all(&[InputSpec::new(p)])
}

fn ok(item: &Result<Record, ReadError>) -> &Record {
    match item {
        Ok(r) => r,
        Err(e) => panic!("expected a record, got error: {e}"),
    }
}

fn err(item: &Result<Record, ReadError>) -> String {
    match item {
        Ok(r) => panic!("expected an error, got record {}", r.name),
        Err(e) => e.to_string(),
    }
}

fn doc(r: &Result<Record, ReadError>) -> Document {
    decode(ok(r).clone()).unwrap_or_else(|e| panic!("decode failed: {e}"))
}

fn html_of(r: &Record) -> String {
    match &r.payload {
        Payload::Html { bytes, .. } => String::from_utf8(bytes.clone()).unwrap(),
        other => panic!("expected HTML payload, got {other:?}"),
    }
}

// ---------------------------------------------------------------- plain text and folders

#[test]
fn plain_text_file_is_one_document_with_its_path_as_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.txt");
    let text = "The harbor master said on Tuesday that two cargo ships ran aground.\n";
    fs::write(&path, text).unwrap();
    let items = read_path(&path);
    assert_eq!(items.len(), 1);
    let rec = ok(&items[0]);
    assert_eq!(rec.meta.id, path.display().to_string());
    assert_eq!(rec.name, path.display().to_string());
    assert_eq!(rec.payload, Payload::Bytes(text.as_bytes().to_vec()));
    let d = doc(&items[0]);
    assert_eq!(d.text, text);
    assert!(!d.meta.extra.contains_key("encoding"));
}

#[test]
fn folder_is_walked_recursively_in_sorted_order_and_errors_do_not_stop_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("news");
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(
        root.join("b.txt"),
        "Second story about the regional election.",
    )
    .unwrap();
    fs::write(root.join("a.txt"), "First story about the new bridge.").unwrap();
    fs::write(root.join(".hidden.txt"), "never read").unwrap();
    fs::write(root.join(".git/config"), "never read").unwrap();
    fs::write(
        root.join("sub/c.jsonl"),
        "{\"id\":\"c1\",\"text\":\"One.\"}\n{\"id\":\"c2\",\"text\":\"Two.\"}\n",
    )
    .unwrap();
    fs::write(
        root.join("sub/page.html"),
        fs::read(fixture("article.html")).unwrap(),
    )
    .unwrap();
    // A dangling symlink cannot be read, not even by root.
    std::os::unix::fs::symlink(root.join("missing.txt"), root.join("dangling.txt")).unwrap();
    let locked = root.join("locked.txt");
    fs::write(&locked, "Locked story.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root ignores file permissions: then the locked file is simply read.
    let privileged = fs::read(&locked).is_ok();

    let items = read_path(&root);
    let names: Vec<String> = items
        .iter()
        .map(|i| match i {
            Ok(r) => format!("ok {}", r.name),
            Err(e) => format!("err {}", e.name),
        })
        .collect();
    let p = |s: &str| root.join(s).display().to_string();
    let expected = vec![
        format!("ok {}", p("a.txt")),
        format!("ok {}", p("b.txt")),
        format!("err {}", p("dangling.txt")),
        format!(
            "{} {}",
            if privileged { "ok" } else { "err" },
            p("locked.txt")
        ),
        format!("ok {}:1", p("sub/c.jsonl")),
        format!("ok {}:2", p("sub/c.jsonl")),
        format!("ok {}", p("sub/page.html")),
    ];
    assert_eq!(names, expected);
    assert_eq!(ok(&items[0]).meta.id, p("a.txt"));
    assert_eq!(doc(&items[0]).text, "First story about the new bridge.");
    assert!(
        err(&items[2]).contains("dangling.txt: cannot read"),
        "{}",
        err(&items[2])
    );
    if !privileged {
        assert!(
            err(&items[3]).contains("ermission denied"),
            "{}",
            err(&items[3])
        );
    }
    assert_eq!(ok(&items[4]).meta.id, "c1");
    assert!(matches!(ok(&items[6]).payload, Payload::Html { .. }));
    assert_eq!(ok(&items[6]).meta.id, p("sub/page.html"));
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let items = read_path(Path::new("/definitely/not/here.txt"));
    assert_eq!(items.len(), 1);
    let msg = err(&items[0]);
    assert!(
        msg.starts_with("/definitely/not/here.txt: cannot read: "),
        "{msg}"
    );
}

#[test]
fn forced_kind_overrides_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.txt");
    fs::write(
        &path,
        "{\"id\":\"a\",\"text\":\"Alpha.\"}\n{\"id\":\"b\",\"text\":\"Beta.\"}\n",
    )
    .unwrap();
    let as_text = read_path(&path);
    assert_eq!(as_text.len(), 1);
    let forced = read_all(&[InputSpec::new(&path).with_kind(InputKind::Jsonl)]);
    let ids: Vec<_> = forced.iter().map(|r| ok(r).meta.id.clone()).collect();
    assert_eq!(ids, ["a", "b"]);
}

// ---------------------------------------------------------------- stdin-like readers

#[test]
fn stdin_text_is_one_document_with_id_dash() {
    let text = "Dockworkers in Port Alder walked out on Monday.";
    let items: Vec<_> = Inputs::from_reader("stdin", InputKind::Auto, Cursor::new(text)).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(ok(&items[0]).meta.id, "-");
    assert_eq!(doc(&items[0]).text, text);
}

#[test]
fn stdin_jsonl_is_detected_by_its_first_brace() {
    let input = "\n  {\"id\":\"s1\",\"text\":\"First.\"}\n{\"text\":\"Second.\"}\n";
    let items: Vec<_> = Inputs::from_reader("stdin", InputKind::Auto, Cursor::new(input)).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(ok(&items[0]).meta.id, "s1");
    assert_eq!(ok(&items[1]).meta.id, "stdin:3");
    assert_eq!(ok(&items[1]).payload, Payload::Text("Second.".into()));
}

#[test]
fn gzipped_stream_is_decompressed_and_sniffed() {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(b"{\"id\":\"z\",\"text\":\"Compressed news.\"}\n")
        .unwrap();
    let bytes = gz.finish().unwrap();
    let items: Vec<_> =
        Inputs::from_reader("stdin", InputKind::Auto, Cursor::new(bytes.clone())).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(ok(&items[0]).meta.id, "z");
    // And as a file named x.jsonl.gz.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl.gz");
    fs::write(&path, bytes).unwrap();
    let items = read_path(&path);
    assert_eq!(doc(&items[0]).text, "Compressed news.");
}

// ---------------------------------------------------------------- JSONL

#[test]
fn jsonl_fields_extra_html_and_bad_lines() {
    let path = fixture("sample.jsonl");
    let p = path.display().to_string();
    let items = read_path(&path);
    assert_eq!(items.len(), 6, "{items:?}");

    let r = ok(&items[0]);
    assert_eq!(r.name, format!("{p}:1"));
    assert_eq!(r.meta.id, "wire-1");
    // Carried byte for byte, leading/trailing spaces included.
    assert_eq!(
        r.payload,
        Payload::Text(
            "  Officials in Brandmoor said on Friday that the water plant will reopen.\nTwo engineers were hired.  "
                .into()
        )
    );
    assert_eq!(r.meta.published.unwrap().to_string(), "2025-08-15");
    assert_eq!(r.meta.url.as_deref(), Some("https://wire.example/1"));
    assert_eq!(r.meta.title.as_deref(), Some("Water plant to reopen"));
    assert_eq!(r.meta.byline.as_deref(), Some("Sam Hale"));
    assert_eq!(r.meta.language.as_deref(), Some("en"));
    assert_eq!(r.meta.source.as_deref(), Some("Wire Example"));
    assert_eq!(r.meta.extra.get("topic"), Some(&json!("utilities")));
    assert_eq!(r.meta.extra.get("priority"), Some(&json!(2)));
    for dropped in ["entities", "tokens", "body", "text", "id", "published"] {
        assert!(!r.meta.extra.contains_key(dropped), "{dropped} kept");
    }
    let d = doc(&items[0]);
    assert!(d.text.starts_with("  Officials in Brandmoor"));

    // Line 2 is blank; line 3 has no id and an unreadable date.
    let r = ok(&items[1]);
    assert_eq!(r.meta.id, format!("{p}:3"));
    assert_eq!(r.meta.published, None);
    assert_eq!(
        r.meta.extra.get("published_raw"),
        Some(&json!("the day before yesterday"))
    );

    let e = err(&items[2]);
    assert!(e.starts_with(&format!("{p}:4: invalid JSON")), "{e}");
    let e = err(&items[3]);
    assert_eq!(e, format!("{p}:5: expected a JSON object, found an array"));
    let e = err(&items[4]);
    assert!(
        e.starts_with(&format!("{p}:6: ")) && e.contains("neither"),
        "{e}"
    );

    let r = ok(&items[5]);
    assert_eq!(r.meta.id, "page-1");
    match &r.payload {
        Payload::Html { bytes, charset } => {
            assert!(bytes.starts_with(b"<html><head><title>Page title"));
            assert_eq!(charset.as_deref(), Some("utf-8"));
        }
        other => panic!("{other:?}"),
    }
    let d = doc(&items[5]);
    assert!(d.text.contains("maritime history"), "{}", d.text);
    assert_eq!(d.meta.title.as_deref(), Some("Page title"));
    assert_eq!(d.meta.url.as_deref(), Some("https://wire.example/page"));
}

#[test]
fn jsonl_title_from_the_line_wins_over_the_page_title() {
    let line = r#"{"id":"x","title":"Editor's title","html":"<html><head><title>Page</title></head><body><p>The port reopened on Sunday.</p></body></html>"}"#;
    let items: Vec<_> = Inputs::from_reader("in", InputKind::Jsonl, Cursor::new(line)).collect();
    let d = doc(&items[0]);
    assert_eq!(d.meta.title.as_deref(), Some("Editor's title"));
    assert_eq!(d.text, "The port reopened on Sunday.");
}

// ---------------------------------------------------------------- feeds

#[test]
fn rss2_items_become_documents() {
    let path = fixture("rss2.xml");
    let p = path.display().to_string();
    let mut inputs = open(&[InputSpec::new(&path)]);
    let items: Vec<_> = inputs.by_ref().collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(inputs.skipped().get("feed item without text"), Some(&1));

    let r = ok(&items[0]);
    assert_eq!(r.name, format!("{p}#item-1"));
    assert_eq!(r.meta.id, "gazette-ferry-0815");
    assert_eq!(
        r.meta.url.as_deref(),
        Some("https://gazette.example/2025/08/ferry")
    );
    assert_eq!(
        r.meta.title.as_deref(),
        Some("Council approves & funds new ferry terminal")
    );
    assert_eq!(r.meta.byline.as_deref(), Some("Maria Okafor"));
    assert_eq!(
        r.meta.published.unwrap().to_string(),
        "2025-08-15T18:30:00Z"
    );
    assert_eq!(r.meta.source.as_deref(), Some("The Harbor Gazette"));
    assert_eq!(r.meta.language.as_deref(), Some("en-us"));
    assert_eq!(
        r.meta.extra.get("feed"),
        Some(&json!({"title": "The Harbor Gazette", "link": "https://gazette.example/"}))
    );
    assert_eq!(
        r.meta.extra.get("categories"),
        Some(&json!(["Politics", "Transport"]))
    );
    assert!(
        html_of(r).contains("<p>\"This is a generational project,\" Mayor Lena Brandt said.</p>")
    );
    let d = doc(&items[0]);
    assert!(d.text.contains("voted 7-2 on Thursday"), "{}", d.text);
    assert!(d.text.contains("generational project"));
    assert!(!d.text.contains("teaser"));

    // Entity-escaped HTML in <description>.
    let r = ok(&items[1]);
    assert_eq!(r.meta.id, "https://gazette.example/2025/08/storm");
    assert_eq!(r.meta.byline.as_deref(), Some("Tom Reyes"));
    assert!(html_of(r).contains("<b>high winds</b>"));
    let d = doc(&items[1]);
    assert!(
        d.text
            .contains("Route 9 was closed early Saturday after high winds toppled trees."),
        "{}",
        d.text
    );

    // Plain-text description, guid as URL, unreadable date kept raw.
    let r = ok(&items[2]);
    assert_eq!(r.meta.id, "https://gazette.example/2025/08/festival");
    assert_eq!(
        r.meta.url.as_deref(),
        Some("https://gazette.example/2025/08/festival")
    );
    assert_eq!(r.meta.published, None);
    assert_eq!(
        r.meta.extra.get("published_raw"),
        Some(&json!("sometime next week"))
    );
    assert_eq!(
        r.payload,
        Payload::Text(
            "The annual harbor festival will run from September 5 to September 7, organizers said."
                .into()
        )
    );
}

#[test]
fn rss1_rdf_items_become_documents() {
    let items = read_path(&fixture("rss1.rdf"));
    assert_eq!(items.len(), 1, "{items:?}");
    let r = ok(&items[0]);
    assert_eq!(r.meta.id, "https://valley.example/news/dam");
    assert_eq!(
        r.meta.url.as_deref(),
        Some("https://valley.example/news/dam")
    );
    assert_eq!(
        r.meta.title.as_deref(),
        Some("Engineers inspect Millbrook dam")
    );
    assert_eq!(r.meta.byline.as_deref(), Some("Ana Lima"));
    assert_eq!(r.meta.language.as_deref(), Some("pt-BR"));
    assert_eq!(r.meta.source.as_deref(), Some("Valley Courier"));
    assert_eq!(
        r.meta.published.unwrap().to_string(),
        "2025-08-12T09:00:00+02:00"
    );
    assert_eq!(
        r.meta.extra.get("categories"),
        Some(&json!(["Infrastructure"]))
    );
    assert_eq!(
        doc(&items[0]).text,
        "State engineers spent Tuesday inspecting the Millbrook dam after residents reported cracks."
    );
}

#[test]
fn atom_entries_become_documents() {
    let items = read_path(&fixture("atom.xml"));
    assert_eq!(items.len(), 2, "{items:?}");
    let r = ok(&items[0]);
    assert_eq!(r.meta.id, "tag:ledger.example,2025:rail-strike");
    assert_eq!(
        r.meta.url.as_deref(),
        Some("https://ledger.example/rail-strike")
    );
    assert_eq!(
        r.meta.title.as_deref(),
        Some("Rail strike ends after talks")
    );
    assert_eq!(r.meta.byline.as_deref(), Some("Priya Natarajan"));
    assert_eq!(r.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(r.meta.source.as_deref(), Some("Northern Ledger"));
    // <published> wins over <updated>.
    assert_eq!(
        r.meta.published.unwrap().to_string(),
        "2025-08-14T21:15:00+01:00"
    );
    assert_eq!(r.meta.extra.get("categories"), Some(&json!(["Labour"])));
    assert_eq!(
        r.meta.extra.get("feed"),
        Some(&json!({"title": "Northern Ledger", "link": "https://ledger.example/"}))
    );
    let html = html_of(r);
    assert!(
        html.contains("<p>Train drivers will return to work on Monday, the union said.</p>"),
        "{html}"
    );
    let d = doc(&items[0]);
    assert!(d.text.contains("Train drivers will return"), "{}", d.text);
    assert!(
        d.text.contains("4% over two years & ends the dispute"),
        "{}",
        d.text
    );
    assert!(
        !d.text.contains("Unions and operators"),
        "content wins over summary"
    );

    let r = ok(&items[1]);
    assert_eq!(
        r.meta.url.as_deref(),
        Some("https://ledger.example/library")
    );
    assert_eq!(
        r.meta.published.unwrap().to_string(),
        "2025-08-13T12:00:00Z"
    );
    assert!(
        matches!(&r.payload, Payload::Text(t) if t.starts_with("The central library reopened"))
    );
}

#[test]
fn not_a_feed_is_one_clear_error() {
    let path = fixture("not-a-feed.xml");
    let items = read_path(&path);
    assert_eq!(items.len(), 1);
    let e = err(&items[0]);
    assert!(
        e.starts_with(&format!("{}: not an RSS or Atom feed: ", path.display())),
        "{e}"
    );

    let items = read_path(&fixture("sitemap.xml"));
    assert_eq!(items.len(), 1);
    assert!(err(&items[0]).ends_with(
        "not an RSS or Atom feed: the root element is <urlset>, expected <rss>, <rdf:RDF> or <feed>"
    ));

    let items: Vec<_> =
        Inputs::from_reader("j", InputKind::Feed, Cursor::new("{\"id\":1}")).collect();
    assert_eq!(items.len(), 1);
    assert!(err(&items[0]).starts_with("j: not an RSS or Atom feed: "));
}

#[test]
fn broken_and_truncated_feeds_keep_the_items_before_the_damage() {
    let broken = "<rss><channel><item><title>Good</title><description>Fine text.</description></item>\
                  <item><title>Bad</tit></item></channel></rss>";
    let items: Vec<_> =
        Inputs::from_reader("b.xml", InputKind::Feed, Cursor::new(broken)).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(ok(&items[0]).payload, Payload::Text("Fine text.".into()));
    assert!(
        err(&items[1]).starts_with("b.xml: malformed feed XML: "),
        "{}",
        err(&items[1])
    );

    let cut = "<rss><channel><item><description>Whole.</description></item><item><description>Cut";
    let items: Vec<_> = Inputs::from_reader("c.xml", InputKind::Feed, Cursor::new(cut)).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(ok(&items[0]).payload, Payload::Text("Whole.".into()));
    assert!(matches!(
        &items[1],
        Err(ReadError {
            kind: ReadErrorKind::Truncated(_),
            ..
        })
    ));
}

// ---------------------------------------------------------------- WARC

fn warc_record(kind: &str, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"WARC/1.0\r\n");
    out.extend_from_slice(format!("WARC-Type: {kind}\r\n").as_bytes());
    out.extend_from_slice(b"WARC-Date: 2025-08-16T04:00:00Z\r\n");
    out.extend_from_slice(
        format!("WARC-Record-ID: <urn:uuid:{kind}-{}>\r\n", block.len()).as_bytes(),
    );
    if let Some(u) = uri {
        out.extend_from_slice(format!("WARC-Target-URI: {u}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(status: &str, content_type: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra_headers}\r\n")
            .into_bytes();
    out.extend_from_slice(body);
    out
}

const RESPONSE: &str = "application/http; msgtype=response";

fn crawl_records() -> Vec<Vec<u8>> {
    let page = "<html><head><title>Caf\u{e9} strike</title></head><body><p>Waiters at the Caf\u{e9} Central walked out on Friday over unpaid overtime.</p></body></html>";
    let (page_1252, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    vec![
        warc_record(
            "warcinfo",
            None,
            "application/warc-fields",
            b"software: test-crawler\r\n",
        ),
        warc_record(
            "request",
            Some("https://news.example/cafe"),
            "application/http; msgtype=request",
            b"GET /cafe HTTP/1.1\r\nHost: news.example\r\n\r\n",
        ),
        warc_record(
            "response",
            Some("https://news.example/cafe"),
            RESPONSE,
            &http_response("200 OK", "text/html; charset=windows-1252", "", &page_1252),
        ),
        warc_record(
            "response",
            Some("https://news.example/gone"),
            RESPONSE,
            &http_response(
                "404 Not Found",
                "text/html",
                "",
                b"<html><body><p>Not here.</p></body></html>",
            ),
        ),
        warc_record(
            "response",
            Some("https://news.example/photo.jpg"),
            RESPONSE,
            &http_response(
                "200 OK",
                "image/jpeg",
                "",
                b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00",
            ),
        ),
        warc_record(
            "metadata",
            Some("https://news.example/cafe"),
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
    ]
}

fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(r).unwrap();
        out.extend_from_slice(&gz.finish().unwrap());
    }
    out
}

#[test]
fn warc_gz_yields_html_responses_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = gzip_members(&crawl_records());
    // By extension, and by sniffing a name that says nothing.
    for file in ["crawl.warc.gz", "crawl.bin"] {
        let path = dir.path().join(file);
        fs::write(&path, &bytes).unwrap();
        let mut inputs = open(&[InputSpec::new(&path)]);
        let items: Vec<_> = inputs.by_ref().collect();
        assert_eq!(items.len(), 1, "{items:?}");
        let r = ok(&items[0]);
        assert_eq!(r.name, format!("{}#record-3", path.display()));
        assert_eq!(r.meta.id, "https://news.example/cafe");
        assert_eq!(r.meta.url.as_deref(), Some("https://news.example/cafe"));
        assert_eq!(
            r.meta.published, None,
            "a crawl date is not a publication date"
        );
        assert_eq!(
            r.meta.extra.get("warc_date"),
            Some(&json!("2025-08-16T04:00:00Z"))
        );
        assert!(
            r.meta.extra["warc_record_id"]
                .as_str()
                .unwrap()
                .starts_with("<urn:uuid:response-")
        );
        match &r.payload {
            Payload::Html { charset, bytes } => {
                assert_eq!(charset.as_deref(), Some("windows-1252"));
                assert!(bytes.starts_with(b"<html><head><title>Caf\xe9 strike"));
            }
            other => panic!("{other:?}"),
        }
        let d = doc(&items[0]);
        assert_eq!(
            d.text,
            "Waiters at the Caf\u{e9} Central walked out on Friday over unpaid overtime."
        );
        assert_eq!(d.meta.title.as_deref(), Some("Caf\u{e9} strike"));
        let skipped: Vec<(String, u64)> = inputs
            .skipped()
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("WARC metadata".to_string(), 1),
                ("WARC request".to_string(), 1),
                ("WARC response: HTTP 404".to_string(), 1),
                ("WARC response: image/jpeg".to_string(), 1),
                ("WARC warcinfo".to_string(), 1),
            ]
        );
    }
}

#[test]
fn truncated_warc_gz_reports_the_record_and_stops() {
    let records = crawl_records();
    let first_two = gzip_members(&records[..2]).len();
    let bytes = gzip_members(&records);
    let third = gzip_members(&records[2..3]).len();
    // Cut in the middle of the third member (the HTML response).
    let cut = &bytes[..first_two + third / 2];
    let items: Vec<_> =
        Inputs::from_reader("cut.warc.gz", InputKind::Auto, Cursor::new(cut.to_vec())).collect();
    assert_eq!(items.len(), 1, "{items:?}");
    let e = err(&items[0]);
    assert!(e.starts_with("cut.warc.gz#record-3: "), "{e}");
    assert!(matches!(
        &items[0],
        Err(ReadError {
            kind: ReadErrorKind::Truncated(_) | ReadErrorKind::Io(_),
            ..
        })
    ));

    // Every cut point terminates without a panic, and never yields more than the one page.
    for n in (0..bytes.len()).step_by(5) {
        let items: Vec<_> =
            Inputs::from_reader("cut", InputKind::Warc, Cursor::new(bytes[..n].to_vec())).collect();
        assert!(items.iter().filter(|i| i.is_ok()).count() <= 1);
        assert!(
            items.iter().filter(|i| i.is_err()).count() <= 1,
            "cut at {n}: {items:?}"
        );
    }
}

#[test]
fn plain_warc_with_garbage_resyncs_and_truncated_record_is_reported() {
    let page = |t: &str| {
        format!(
            "<html><head><title>{t}</title></head><body><p>{t} happened in the valley on Sunday.</p></body></html>"
        )
    };
    let mut bytes = warc_record(
        "response",
        Some("https://a.example/1"),
        RESPONSE,
        &http_response("200 OK", "text/html", "", page("Flood").as_bytes()),
    );
    bytes.extend_from_slice(b"this is garbage\r\nmore garbage\r\n");
    // A chunked, gzip-encoded response as some crawlers store it.
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(page("Fire").as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
    chunked.extend_from_slice(&gz);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    bytes.extend(warc_record(
        "response",
        Some("https://a.example/2"),
        RESPONSE,
        &http_response(
            "200 OK",
            "application/xhtml+xml",
            "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        ),
    ));
    let whole = bytes.len();
    bytes.extend(warc_record(
        "response",
        Some("https://a.example/3"),
        RESPONSE,
        &http_response("200 OK", "text/html", "", page("Storm").as_bytes()),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.warc");
    fs::write(&path, &bytes[..bytes.len() - 40]).unwrap();
    let p = path.display().to_string();
    let items = read_path(&path);
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(ok(&items[0]).meta.id, "https://a.example/1");
    let e = err(&items[1]);
    assert!(
        e.starts_with(&format!(
            "{p}#record-2: expected a WARC/1.0 or WARC/1.1 record header after record 1"
        )),
        "{e}"
    );
    assert!(e.contains("this is garbage"));
    assert_eq!(ok(&items[2]).name, format!("{p}#record-2"));
    assert_eq!(ok(&items[2]).meta.id, "https://a.example/2");
    assert_eq!(
        doc(&items[2]).text,
        "Fire happened in the valley on Sunday."
    );
    let e = err(&items[3]);
    assert!(e.starts_with(&format!("{p}#record-3: truncated: ")), "{e}");
    assert!(whole < bytes.len());
}

// ---------------------------------------------------------------- decoding bytes

#[test]
fn invalid_utf8_is_decoded_as_the_detected_legacy_encoding() {
    let items = read_path(&fixture("windows-1252.txt"));
    let d = doc(&items[0]);
    assert_eq!(
        d.text,
        "Caf\u{e9} owners in Sa\u{f4}ne said the \u{201c}new rules\u{201d} would cost them \u{20ac}2,000 a year \u{2014} and many will close.\n"
    );
    assert_eq!(d.meta.extra.get("encoding"), Some(&json!("windows-1252")));
}

#[test]
fn binary_and_empty_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("photo.png");
    fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let blank = dir.path().join("blank.txt");
    fs::write(&blank, b" \n\t\r\n ").unwrap();
    for (path, why) in [
        (&bin, "binary file"),
        (&empty, "empty document"),
        (&blank, "empty document"),
    ] {
        let items = read_path(path);
        assert_eq!(items.len(), 1);
        let e = decode(ok(&items[0]).clone()).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: {why}", path.display()));
    }
}

#[test]
fn html_file_is_extracted() {
    let path = fixture("article.html");
    let items = read_path(&path);
    assert_eq!(items.len(), 1);
    assert_eq!(ok(&items[0]).meta.id, path.display().to_string());
    let d = doc(&items[0]);
    assert!(
        d.text
            .contains("Repairs on the Elm Street bridge will begin in May"),
        "{}",
        d.text
    );
    assert_eq!(
        d.meta.title.as_deref(),
        Some("Bridge repairs to start in May")
    );
}

#[test]
fn an_empty_target_uri_is_no_id() {
    // "WARC-Target-URI:" with nothing after it, as a broken crawler may write: the record is
    // named by its place in the file, as one without the header, never by an empty id.
    let page =
        "<html><body><p>The council met on Monday to discuss the flood defences.</p></body></html>";
    let mut bytes = Vec::new();
    for uri in ["", "<>", "  "] {
        bytes.extend(warc_record(
            "response",
            Some(uri),
            RESPONSE,
            &http_response("200 OK", "text/html", "", page.as_bytes()),
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty-uri.warc");
    fs::write(&path, &bytes).unwrap();
    let p = path.display().to_string();
    let items = read_path(&path);
    assert_eq!(items.len(), 3, "{items:?}");
    for (i, item) in items.iter().enumerate() {
        let record = ok(item);
        assert_eq!(record.meta.id, format!("{p}#record-{}", i + 1));
        assert_eq!(record.meta.url, None);
        assert!(!record.id_given);
    }
}
