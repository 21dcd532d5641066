//! End-to-end tests: they drive the `dateline` binary as a user would.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The fixture knowledge base, written once per test run: tests never need the download.
fn fixture_kb() -> &'static Path {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dateline-cli-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fixture.kb");
        std::fs::write(&path, dateline_kb::fixture_bytes()).unwrap();
        path
    })
}

/// A tone lexicon of a few words in VADER's format, written once per test run.
fn fixture_lexicon() -> &'static Path {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dateline-cli-lexicon-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("lexicon.txt");
        std::fs::write(
            &path,
            "useful\t1.9\t0.7\t[2, 2]\nattack\t-2.1\t0.8\t[-2, -2]\ncautious\t-0.4\t0.5\t[0, -1]\n",
        )
        .unwrap();
        path
    })
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.env("DATELINE_KB", fixture_kb());
    cmd.env("DATELINE_LEXICON", fixture_lexicon());
    cmd
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run dateline")
}

fn stdout_json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text of a char-offset span of a JSON document.
fn span_text(doc: &serde_json::Value, item: &serde_json::Value) -> String {
    let text = doc["text"].as_str().unwrap();
    let (s, e) = (
        item["start"].as_u64().unwrap() as usize,
        item["end"].as_u64().unwrap() as usize,
    );
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn bundled_example_comes_out_as_its_sentences() {
    let example = workspace().join("examples/harbor-talks.txt");
    let path = example.to_str().unwrap();
    let out = run(&[
        "analyze",
        "--format",
        "jsonl",
        "--published",
        "2025-09-26",
        path,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_json_lines(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["id"], path);
    assert_eq!(doc["published"], "2025-09-26");
    assert_eq!(doc["provenance"]["sentences"]["component"], "sentencizer");
    let sentences: Vec<String> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| span_text(doc, s))
        .collect();
    assert_eq!(sentences.len(), 17, "{sentences:#?}");
    assert_eq!(sentences[1], "By Marta Kowalczyk and Daniel Osei");
    assert_eq!(sentences[4], "\"The details will follow.\"");
    assert_eq!(
        sentences[9],
        "“Neither can the countries that depend on our wheat.”"
    );
    assert!(sentences[14].starts_with("Lt. Col. Ayse Demir,"));
    assert!(sentences[15].contains("goes off... none of that"));
    assert_eq!(
        sentences[16],
        "The delegations are expected to meet again in Geneva on Oct. 14."
    );
    // Tokens are only written when asked for.
    assert!(doc.get("tokens").is_none());
    assert_eq!(doc["paragraphs"].as_array().unwrap().len(), 9);
}

#[test]
fn readable_summary_and_json_array() {
    let example = workspace().join("examples/harbor-talks.txt");
    let out = run(&["analyze", "--format", "text", example.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("17 sentences"), "{text}");
    assert!(text.contains("lead: Rival Leaders Agree"), "{text}");

    let out = run(&[
        "analyze",
        "--format",
        "json",
        fixture("docs.jsonl").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn jsonl_ids_texts_and_extra_fields_pass_through() {
    let out = run(&[
        "analyze",
        "--format",
        "jsonl",
        fixture("docs.jsonl").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_json_lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "a1");
    assert_eq!(
        docs[0]["text"],
        "Officials met on Friday. “We agreed,” one said."
    );
    assert_eq!(docs[0]["meta"]["publisher"], "Example Times");
    // Input annotation layers are not echoed back as if dateline had produced them: the
    // quotes written are dateline's own (the input's had a null speaker at 0..3).
    assert!(docs[0]["meta"].get("quotes").is_none());
    let quotes = docs[0]["quotes"]
        .as_array()
        .expect("dateline's quotes layer");
    assert!(
        quotes.iter().all(|q| q["component"] == "quotes"),
        "{quotes:?}"
    );
    assert!(!quotes.iter().any(|q| q["start"] == 0 && q["end"] == 3));
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
    // A line with `html` goes through the HTML reader.
    assert_eq!(docs[1]["id"], "a2");
    assert_eq!(docs[1]["title"], "Small Page");
    assert!(
        docs[1]["text"]
            .as_str()
            .unwrap()
            .contains("The mayor resigned on Tuesday")
    );
}

#[test]
fn html_page_gives_main_text_and_metadata() {
    let out = run(&[
        "analyze",
        "--format",
        "jsonl",
        fixture("page.html").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = &stdout_json_lines(&out)[0];
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("$48 million flood wall"), "{text}");
    assert!(text.contains("Mayor Ruth Adeyemi said"), "{text}");
    for boilerplate in [
        "cookies",
        "Related stories",
        "All rights reserved",
        "Sports",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate:?} in {text}");
    }
    assert_eq!(doc["title"], "Port City Council Approves Flood Wall");
    assert_eq!(doc["byline"], "Lena Farouk");
    assert_eq!(doc["published"], "2025-03-04T09:30:00Z");
    assert_eq!(doc["source"], "Harbor Gazette");
}

#[test]
fn feed_items_become_documents() {
    let out = run(&[
        "analyze",
        "--format",
        "jsonl",
        fixture("feed.xml").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_json_lines(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["title"], "School Board Delays Budget Vote");
    assert_eq!(docs[0]["url"], "https://ledger.example/budget");
    assert_eq!(docs[0]["byline"], "Omar Reyes");
    assert_eq!(docs[0]["published"], "2025-03-04T18:00:00Z");
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
    assert!(
        docs[1]["text"]
            .as_str()
            .unwrap()
            .contains("Repairs cost $2.1 million")
    );
    assert!(!docs[1]["text"].as_str().unwrap().contains("<p>"));
}

/// One gzip member per record, as CC-NEWS writes them.
fn warc_gz(records: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, uri, body) in records {
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            body.len()
        )
        .into_bytes();
        record.extend_from_slice(body);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&record).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
}

#[test]
fn warc_responses_become_documents_and_the_rest_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>Dam Inspection Ordered</title></head><body><article><p>State engineers ordered an inspection of the Cold Creek dam on Wednesday after heavy rain.</p><p>The dam holds back 12 million cubic meters of water.</p></article></body></html>";
    let ok = http("200 OK", "text/html; charset=utf-8", page);
    let missing = http(
        "404 Not Found",
        "text/html",
        "<html><body>Not found</body></html>",
    );
    let bytes = warc_gz(&[
        ("warcinfo", "", b"software: test"),
        (
            "request",
            "https://news.example/dam",
            b"GET /dam HTTP/1.1\r\n\r\n",
        ),
        ("response", "https://news.example/dam", &ok),
        ("response", "https://news.example/gone", &missing),
    ]);
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, &bytes).unwrap();
    let out = run(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_json_lines(&out);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["url"], "https://news.example/dam");
    assert!(docs[0]["text"].as_str().unwrap().contains("Cold Creek dam"));
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));

    // Cut in the middle of the response record: reported, not a panic, exit status 1.
    let cut = dir.path().join("cut.warc.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = run(&["analyze", "--format", "jsonl", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cut.warc.gz"), "{}", stderr(&out));
}

#[test]
fn bad_documents_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "The storm passed. Roads reopened on Sunday.",
    )
    .unwrap();
    std::fs::write(
        d.join("binary.bin"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0, 0, 0, 9],
    )
    .unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"The caf\xe9 reopened on Monday. Prices rose 5%.",
    )
    .unwrap();
    std::fs::write(
        d.join("lines.jsonl"),
        "{\"id\": \"ok-1\", \"text\": \"First line works.\"}\nthis is not json\n{\"id\": \"ok-2\", \"text\": \"Third line works.\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("notfeed.rss"), "this is not XML at all").unwrap();
    std::fs::write(d.join("broken.html"), "<html><body><div><p>The council met <b>late on Friday and <i>approved the plan after a long debate about costs").unwrap();
    std::fs::write(
        d.join("unbalanced.txt"),
        "He said “we will win. Nobody agreed. Then “another.",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("does-not-exist.txt"), d.join("dangling.txt")).unwrap();

    let out = run(&["analyze", "--format", "jsonl", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for bad in ["binary.bin", "empty.txt", "lines.jsonl:2", "notfeed.rss"] {
        assert!(err.contains(bad), "no error for {bad}: {err}");
    }
    #[cfg(unix)]
    assert!(err.contains("dangling.txt"), "{err}");
    let docs = stdout_json_lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    for good in [
        "good.txt",
        "latin1.txt",
        "ok-1",
        "ok-2",
        "unbalanced.txt",
        "broken.html",
    ] {
        assert!(
            ids.iter().any(|id| id.ends_with(good)),
            "{good} missing from {ids:?}"
        );
    }
    let latin = docs
        .iter()
        .find(|d| d["id"].as_str().unwrap().ends_with("latin1.txt"))
        .unwrap();
    assert_eq!(
        latin["text"],
        "The café reopened on Monday. Prices rose 5%."
    );
    let unbalanced = docs
        .iter()
        .find(|d| d["id"].as_str().unwrap().ends_with("unbalanced.txt"))
        .unwrap();
    assert_eq!(unbalanced["sentences"].as_array().unwrap().len(), 3);
}

#[test]
fn reads_standard_input() {
    let mut child = bin()
        .args(["analyze", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Markets fell. Oil rose 2% on Monday.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_json_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn a_fifty_megabyte_document_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let sentence =
        "The committee met again on Tuesday and said the U.S. plan would cost $7.2 million. ";
    let text = sentence.repeat(50 * 1024 * 1024 / sentence.len() + 1);
    std::fs::write(&path, &text).unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = run(&[
        "analyze",
        "--format",
        "jsonl",
        "--layers",
        "sentences",
        // Over the default limit of 20 MB: analysed when asked for.
        "--max-doc-bytes",
        "0",
        "-o",
        out_path.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&out_path).unwrap();
    let doc: serde_json::Value = serde_json::from_str(written.trim_end()).unwrap();
    let expected = text.len() / sentence.len();
    assert_eq!(doc["sentences"].as_array().unwrap().len(), expected);
}

#[test]
fn a_document_over_max_doc_bytes_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The committee met on Tuesday. ";
    std::fs::write(dir.path().join("a.txt"), sentence).unwrap();
    std::fs::write(dir.path().join("b.txt"), sentence.repeat(100)).unwrap();
    std::fs::write(dir.path().join("c.txt"), sentence).unwrap();
    let folder = dir.path().to_str().unwrap();
    let args = [
        "analyze",
        "--format",
        "jsonl",
        "--layers",
        "sentences",
        "--max-doc-bytes",
        "1K",
        folder,
    ];
    let out = run(&args);
    // The batch goes on; the exit status says a document failed.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout_json_lines(&out).len(), 2);
    let err = stderr(&out);
    assert!(
        err.contains("b.txt: document is 3 KB, over --max-doc-bytes 1 KB; raise the limit"),
        "{err}"
    );
    // 0 means no limit; a bad value is a usage error.
    let mut unlimited = args;
    unlimited[6] = "0";
    let out = run(&unlimited);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout_json_lines(&out).len(), 3);
    let out = run(&["analyze", "--max-doc-bytes", "lots", folder]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let example = workspace().join("examples/harbor-talks.txt");
    let path = example.to_str().unwrap();
    let out = run(&["analyze", "--layers", "nonsense", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown layer \"nonsense\""),
        "{}",
        stderr(&out)
    );
    let out = bin()
        .env("DATELINE_LEXICON", "/nonexistent/lexicon.txt")
        .args(["analyze", "--layers", "tone", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("fetch-lexicons.sh"),
        "{}",
        stderr(&out)
    );
    let out = run(&["analyze", "--published", "31 February 2025", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--published"), "{}", stderr(&out));
}

#[test]
fn entities_and_actors_with_the_fixture_kb() {
    let example = workspace().join("examples/harbor-talks.txt");
    let out = run(&["analyze", "--format", "jsonl", example.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = &stdout_json_lines(&out)[0];
    let entities = doc["entities"].as_array().expect("entities layer");
    let texts: Vec<String> = entities.iter().map(|e| span_text(doc, e)).collect();
    for name in [
        "Recep Tayyip Erdogan",
        "Andrii Sybiha",
        "Sergei Vershinin",
        "Kyiv",
        "Moscow",
    ] {
        assert!(texts.iter().any(|t| t == name), "{name} not in {texts:?}");
    }
    let actors = doc["actors"].as_array().expect("actors layer");
    let sybiha = actors
        .iter()
        .find(|a| a["name"] == "Andrii Sybiha")
        .expect("Sybiha actor");
    assert_eq!(sybiha["type"], "person");
    assert_eq!(sybiha["roles"][0], "Foreign Minister");
    assert_eq!(sybiha["country"], "UKR");
    // "Sybiha was more cautious. He described …": the pronoun joins him.
    let pronouns = sybiha["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "pronoun")
        .count();
    assert!(pronouns >= 1, "{sybiha}");
    // Every entity names its actor, and the actor lists that mention.
    for e in entities {
        if let Some(id) = e["actor"].as_str() {
            let actor = actors.iter().find(|a| a["id"] == id).expect("actor exists");
            assert!(
                actor["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["start"] == e["start"])
            );
        }
    }
}

#[test]
fn a_missing_or_corrupt_kb_says_how_to_build_it() {
    let example = workspace().join("examples/harbor-talks.txt");
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.kb");
    std::fs::write(&corrupt, b"not a knowledge base").unwrap();
    for kb in [dir.path().join("missing.kb"), corrupt] {
        let out = bin()
            .env("DATELINE_KB", &kb)
            .args(["analyze", "--format", "jsonl", example.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("scripts/fetch-kb.sh"),
            "{}",
            stderr(&out)
        );
        // Text layers still work without it.
        let out = bin()
            .env("DATELINE_KB", &kb)
            .args([
                "analyze",
                "--format",
                "jsonl",
                "--layers",
                "sentences",
                example.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn export_writes_csv_and_gdelt_tables() {
    let example = workspace().join("examples/harbor-talks.txt");
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "export",
        "--to",
        dir.path().to_str().unwrap(),
        "--published",
        "2025-09-26",
        example.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "documents.csv",
        "actors.csv",
        "quotes.csv",
        "events.csv",
        "gdelt-events.tsv",
        "gkg.tsv",
    ] {
        assert!(dir.path().join(file).exists(), "{file} missing");
    }
    let documents = std::fs::read_to_string(dir.path().join("documents.csv")).unwrap();
    assert_eq!(
        documents.lines().count(),
        2,
        "header and one document: {documents}"
    );
    let gkg = std::fs::read_to_string(dir.path().join("gkg.tsv")).unwrap();
    assert!(gkg.lines().all(|l| l.split('\t').count() == 27), "{gkg}");
    let events = std::fs::read_to_string(dir.path().join("gdelt-events.tsv")).unwrap();
    assert!(
        events.lines().all(|l| l.split('\t').count() == 61),
        "{events}"
    );
    // The JSON output carries the tone and substance of the document too.
    let out = run(&["analyze", "--format", "jsonl", example.to_str().unwrap()]);
    let doc = &stdout_json_lines(&out)[0];
    assert!(doc["tone"]["word_count"].as_u64().unwrap() > 100);
    assert!(doc["substance"]["ratio"].as_f64().is_some());
}
