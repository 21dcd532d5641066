//! End-to-end tests of the corpus store: `dateline ingest`, `dateline query` and
//! `dateline export --db`, driven as a user would, on the hand-written corpus in
//! `tests/fixtures/corpus/` with the fixture knowledge base.
//!
//! The corpus: eight wire articles over June–August 2025 (`articles.jsonl`), a syndicated
//! copy of the Alaska summit story and an exact copy of the Kyiv story under other ids
//! (`copies.jsonl`), and a later version of the Kremlin story under its own id
//! (`updated.jsonl`). Putin is "Russian President Vladimir Putin" in the summit story,
//! "Vladimir Putin" with no title in the Kremlin story and only "Putin" in the naval
//! parade story.

mod common;

use dateline_store::Store;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// One test's folder: the fixture knowledge base and lexicon, stores and outputs, all
/// removed when the test ends.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: common::fixture_dir(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("corpus.db")
    }

    fn db_arg(&self) -> String {
        self.db().to_str().unwrap().to_string()
    }

    /// `dateline` with the fixture KB and lexicon, run in the test's folder.
    fn cmd(&self) -> Command {
        common::dateline_in(self.dir.path())
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run dateline")
    }

    /// `dateline ingest --db corpus.db INPUTS`.
    fn ingest(&self, inputs: &[&str]) -> Output {
        let db = self.db_arg();
        let mut args = vec!["ingest", "--db", db.as_str()];
        args.extend_from_slice(inputs);
        self.run(&args)
    }

    /// The articles and their copies, ingested; the summary is checked.
    fn ingest_corpus(&self) {
        let out = self.ingest(&[&corpus("articles.jsonl"), &corpus("copies.jsonl")]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("8 new, 0 updated, 0 unchanged, 2 copies, 0 failed"),
            "{}",
            stderr(&out)
        );
    }

    /// `dateline query --db corpus.db ARGS --format jsonl`, rows parsed.
    fn query(&self, args: &[&str]) -> Vec<Value> {
        let out = self.query_raw(args, "jsonl");
        assert!(
            out.status.success(),
            "query {args:?} failed: {}",
            stderr(&out)
        );
        json_lines(&out.stdout)
    }

    fn query_raw(&self, args: &[&str], format: &str) -> Output {
        let db = self.db_arg();
        let mut all = vec!["query", "--db", db.as_str()];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", format]);
        self.run(&all)
    }

    fn stats(&self) -> Value {
        let rows = self.query(&["stats"]);
        assert_eq!(rows.len(), 1);
        rows.into_iter().next().unwrap()
    }

    /// `dateline analyze --format jsonl ARGS`: the documents as analyze gives them.
    fn analyze(&self, args: &[&str]) -> Vec<u8> {
        let mut all = vec!["analyze", "--format", "jsonl", "-q"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        out.stdout
    }
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

fn str_of<'a>(row: &'a Value, field: &str) -> &'a str {
    row[field]
        .as_str()
        .unwrap_or_else(|| panic!("no string {field:?} in {row}"))
}

fn int_of(row: &Value, field: &str) -> i64 {
    row[field]
        .as_i64()
        .unwrap_or_else(|| panic!("no integer {field:?} in {row}"))
}

/// The values of one field over rows, in order.
fn column<'a>(rows: &'a [Value], field: &str) -> Vec<&'a str> {
    rows.iter().map(|r| str_of(r, field)).collect()
}

/// A quote's text without the punctuation the closing mark leaves inside it.
fn bare(quote: &str) -> &str {
    quote.trim_end_matches([',', '.', ' '])
}

/// The "N new, N updated, N unchanged, N copies, N failed" numbers of an ingest summary.
fn summary_counts(stderr: &str) -> [u64; 5] {
    let line = stderr
        .lines()
        .find(|l| l.contains(" new, ") && l.contains(" failed"))
        .unwrap_or_else(|| panic!("no ingest summary in {stderr:?}"));
    let after = line.splitn(3, ": ").nth(2).unwrap_or(line);
    let numbers: Vec<u64> = after
        .split(", ")
        .take(5)
        .map(|part| {
            let n = part.trim().split(' ').next().unwrap();
            n.parse()
                .unwrap_or_else(|_| panic!("bad count {part:?} in {line:?}"))
        })
        .collect();
    numbers.try_into().unwrap()
}

const CANONICAL: [&str; 8] = [
    "wire-0605-london",
    "wire-0620-sanctions",
    "wire-0710-kyiv",
    "wire-0715-tbilisi",
    "wire-0727-navy",
    "wire-0802-kremlin",
    "wire-0815-summit",
    "wire-0820-paris",
];

// ---------------------------------------------------------------------------------------
// Ingest: outcomes, idempotency, updates, failures, crashes.
// ---------------------------------------------------------------------------------------

#[test]
fn ingest_counts_new_documents_and_copies_and_copies_share_a_story() {
    let env = Env::new();
    env.ingest_corpus();
    let stats = env.stats();
    assert_eq!(int_of(&stats, "documents"), 10);
    assert_eq!(int_of(&stats, "clusters"), 8, "two copies, eight stories");
    assert_eq!(str_of(&stats, "from"), "2025-06-05");
    assert_eq!(str_of(&stats, "to"), "2025-08-20");
    assert!(int_of(&stats, "file_size") > 0);
    // The quote and event rows are the layers' own, copies included.
    let analysed = json_lines(&env.analyze(&[&corpus("articles.jsonl"), &corpus("copies.jsonl")]));
    let total = |layer: &str| -> i64 {
        analysed
            .iter()
            .map(|d| d[layer].as_array().map_or(0, |a| a.len() as i64))
            .sum()
    };
    assert_eq!(int_of(&stats, "quotes"), total("quotes"));
    assert_eq!(int_of(&stats, "events"), total("events"));

    // The syndicated copy and the exact copy join their originals' stories.
    let docs = env.query(&["docs", "--all-copies"]);
    assert_eq!(docs.len(), 10);
    let cluster = |id: &str| {
        let row = docs.iter().find(|d| d["id"] == id).unwrap();
        (int_of(row, "cluster"), int_of(row, "copies"))
    };
    assert_eq!(
        cluster("regional-daily-4471").0,
        cluster("wire-0815-summit").0
    );
    assert_eq!(cluster("mirror-kyiv-0710").0, cluster("wire-0710-kyiv").0);
    assert_eq!(cluster("wire-0815-summit").1, 1);
    assert_eq!(cluster("wire-0605-london").1, 0);
    let distinct: BTreeSet<i64> = docs.iter().map(|d| int_of(d, "cluster")).collect();
    assert_eq!(distinct.len(), 8);
    // By default each story once, represented by the first document stored.
    let ids: BTreeSet<String> = env
        .query(&["docs"])
        .iter()
        .map(|d| str_of(d, "id").to_string())
        .collect();
    assert_eq!(ids, CANONICAL.iter().map(|s| s.to_string()).collect());
}

#[test]
fn quiet_ingest_writes_no_summary_and_jobs_and_published_apply() {
    let env = Env::new();
    let text = env.path("harbour.txt");
    std::fs::write(
        &text,
        "Dock workers in Hamburg ended a two-day strike on Monday after the port operator \
         agreed to raise wages by six percent.\n",
    )
    .unwrap();
    let db = env.db_arg();
    let out = env.run(&[
        "ingest",
        "-q",
        "--jobs",
        "1",
        "--published",
        "2025-07-04",
        "--db",
        &db,
        text.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "-q writes nothing on success");
    let docs = env.query(&["docs"]);
    assert_eq!(docs.len(), 1);
    assert_eq!(str_of(&docs[0], "published"), "2025-07-04");
    assert_eq!(str_of(&docs[0], "id"), text.to_str().unwrap());
}

#[test]
fn ingest_uses_dateline_db_in_the_working_directory_by_default() {
    let env = Env::new();
    let out = env.run(&["ingest", &corpus("articles.jsonl")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.path("dateline.db").is_file());
    let out = env.run(&["query", "stats", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(int_of(&json_lines(&out.stdout)[0], "documents"), 8);
}

#[test]
fn ingesting_the_same_input_again_changes_nothing() {
    let env = Env::new();
    env.ingest_corpus();
    let views: [&[&str]; 5] = [
        &["actors", "--all-copies"],
        &["quotes", "--all-copies"],
        &["events", "--all-copies"],
        &["places", "--all-copies"],
        &["docs", "--all-copies"],
    ];
    let before: Vec<Vec<Value>> = views.iter().map(|v| env.query(v)).collect();
    let mut stats_before = env.stats();

    let out = env.ingest(&[&corpus("articles.jsonl"), &corpus("copies.jsonl")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        summary_counts(&stderr(&out)),
        [0, 0, 10, 0, 0],
        "{}",
        stderr(&out)
    );
    let mut stats_after = env.stats();
    for s in [&mut stats_before, &mut stats_after] {
        s.as_object_mut().unwrap().remove("file_size");
    }
    assert_eq!(stats_after, stats_before);
    for (view, rows) in views.iter().zip(&before) {
        assert_eq!(&env.query(view), rows, "{view:?} changed");
    }
}

#[test]
fn an_updated_document_replaces_the_stored_one() {
    let env = Env::new();
    env.ingest_corpus();
    let nato_docs = |env: &Env| int_of(&env.query(&["actors", "--q", "NATO"])[0], "documents");
    assert_eq!(nato_docs(&env), 4);
    let out = env.ingest(&[&corpus("updated.jsonl")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        summary_counts(&stderr(&out)),
        [0, 1, 0, 0, 0],
        "{}",
        stderr(&out)
    );
    let stats = env.stats();
    assert_eq!(
        (int_of(&stats, "documents"), int_of(&stats, "clusters")),
        (10, 8)
    );

    // The new text and title are stored and searchable; the old words are not.
    let found = env.query(&["docs", "--q", "venue"]);
    assert_eq!(column(&found, "id"), ["wire-0802-kremlin"]);
    assert_eq!(
        str_of(&found[0], "title"),
        "Putin says Russia ready for summit within weeks"
    );
    assert!(env.query(&["docs", "--q", "infrastructure"]).is_empty());
    // The old quotes are gone, the new one is there.
    let putin: Vec<String> = env
        .query(&["quotes", "--speaker", "Putin"])
        .iter()
        .filter(|q| q["doc"] == "wire-0802-kremlin")
        .map(|q| bare(str_of(q, "text")).to_string())
        .collect();
    assert!(
        putin.contains(&"We are ready to meet at any moment".to_string()),
        "{putin:?}"
    );
    assert!(
        !putin
            .iter()
            .any(|q| q.contains("ignore") || q.contains("infrastructure")),
        "{putin:?}"
    );
    assert!(env.query(&["quotes", "--about", "ignore"]).is_empty());
    // Counters follow: NATO is no longer in that story.
    assert_eq!(nato_docs(&env), 3);
    let timeline = env.query(&["timeline", "NATO", "--by", "month"]);
    let august = timeline.iter().find(|r| r["bucket"] == "2025-08").unwrap();
    assert_eq!(
        (int_of(august, "matching"), int_of(august, "total")),
        (2, 3)
    );
    // The stored JSON is the new version's, as analyze gives it.
    let out = env.run(&["export", "--db", &env.db_arg(), "--format", "jsonl", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = String::from_utf8(out.stdout).unwrap();
    let analysed = String::from_utf8(env.analyze(&[&corpus("updated.jsonl")])).unwrap();
    let line = exported
        .lines()
        .find(|l| l.starts_with("{\"id\":\"wire-0802-kremlin\""))
        .expect("the updated document is exported");
    assert_eq!(line, analysed.trim_end());
}

#[test]
fn bad_documents_are_reported_and_the_good_ones_stored() {
    let env = Env::new();
    let folder = env.path("inbox");
    std::fs::create_dir(&folder).unwrap();
    let articles = std::fs::read_to_string(corpus("articles.jsonl")).unwrap();
    let lines: Vec<&str> = articles.lines().collect();
    std::fs::write(
        folder.join("batch.jsonl"),
        format!(
            "{}\n{}\n{{\"id\": \"broken\", \"text\": \"unterminated\n{{\"id\": \"empty-one\", \"text\": \"   \"}}\n{}\n",
            lines[0], lines[1], lines[2]
        ),
    )
    .unwrap();
    std::fs::write(
        folder.join("blob.bin"),
        b"PK\x03\x04\x00\x00\x14\x00binary\x00\x01\x02",
    )
    .unwrap();
    let out = env.ingest(&[folder.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("batch.jsonl:3") && err.contains("invalid JSON"),
        "{err}"
    );
    assert!(
        err.contains("batch.jsonl:4") && err.contains("empty document"),
        "{err}"
    );
    assert!(err.contains("blob.bin") && err.contains("binary"), "{err}");
    assert_eq!(summary_counts(&err), [3, 0, 0, 0, 3], "{err}");
    let stats = env.stats();
    assert_eq!(int_of(&stats, "documents"), 3);
    let ids: BTreeSet<String> = env
        .query(&["docs"])
        .iter()
        .map(|d| str_of(d, "id").to_string())
        .collect();
    assert_eq!(
        ids,
        ["wire-0605-london", "wire-0620-sanctions", "wire-0710-kyiv"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}

#[test]
fn a_document_over_max_doc_bytes_is_reported_and_not_stored() {
    let env = Env::new();
    let folder = env.path("inbox");
    std::fs::create_dir(&folder).unwrap();
    let sentence = "The ministers met in London on Tuesday. ";
    std::fs::write(folder.join("short.txt"), sentence).unwrap();
    std::fs::write(folder.join("long.txt"), sentence.repeat(50)).unwrap();
    let db = env.db_arg();
    let inbox = folder.to_str().unwrap();
    let out = env.run(&["ingest", "--db", &db, "--max-doc-bytes", "1K", inbox]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("long.txt: document is 2 KB, over --max-doc-bytes 1 KB; raise the limit"),
        "{err}"
    );
    assert_eq!(summary_counts(&err), [1, 0, 0, 0, 1], "{err}");
    assert_eq!(int_of(&env.stats(), "documents"), 1);
    // With the limit raised, the same command stores it.
    let out = env.run(&["ingest", "--db", &db, "--max-doc-bytes", "0", inbox]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(int_of(&env.stats(), "documents"), 2);
}

#[test]
fn documents_without_ids_are_known_by_url_or_text() {
    let env = Env::new();
    let file = env.path("noids.jsonl");
    let line = |url: Option<&str>, text: &str| {
        let mut v = serde_json::json!({"published": "2025-07-01", "text": text});
        if let Some(u) = url {
            v["url"] = Value::String(u.to_string());
        }
        v.to_string()
    };
    let a = line(
        Some("https://example.org/a"),
        "The harbour reopened on Monday after a week of repairs.",
    );
    let b = line(
        Some("https://example.org/b"),
        "Grain exports rose for the third month in a row, traders said.",
    );
    let c = line(None, "A new bridge over the river will open in the spring.");
    std::fs::write(&file, format!("{a}\n{b}\n{c}\n")).unwrap();
    let path = file.to_str().unwrap();
    let out = env.ingest(&[path]);
    assert_eq!(
        summary_counts(&stderr(&out)),
        [3, 0, 0, 0, 0],
        "{}",
        stderr(&out)
    );
    // Other lines, same documents: a position in a file is not an identity.
    std::fs::write(&file, format!("{c}\n{b}\n{a}\n")).unwrap();
    let out = env.ingest(&[path]);
    assert_eq!(
        summary_counts(&stderr(&out)),
        [0, 0, 3, 0, 0],
        "{}",
        stderr(&out)
    );
    // A new text at a known URL replaces it; a new text without URL is a new document.
    let a2 = line(
        Some("https://example.org/a"),
        "The harbour reopened on Tuesday after ten days of repairs.",
    );
    let c2 = line(
        None,
        "A second bridge over the river will open in the summer.",
    );
    std::fs::write(&file, format!("{a2}\n{b}\n{c2}\n")).unwrap();
    let out = env.ingest(&[path]);
    assert_eq!(
        summary_counts(&stderr(&out)),
        [1, 1, 1, 0, 0],
        "{}",
        stderr(&out)
    );
    assert_eq!(int_of(&env.stats(), "documents"), 4);
    let hits = env.query(&["docs", "--q", "harbour"]);
    assert_eq!(hits.len(), 1);
    assert!(str_of(&hits[0], "snippet").contains("Tuesday"), "{hits:?}");

    // Standard input: known by its text.
    for expected in [[1, 0, 0, 0, 0], [0, 0, 1, 0, 0]] {
        let mut child = env
            .cmd()
            .args(["ingest", "--db", &env.db_arg(), "-"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(b"Rail workers voted to accept the pay offer on Friday.\n")
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(summary_counts(&stderr(&out)), expected, "{}", stderr(&out));
    }
    assert_eq!(int_of(&env.stats(), "documents"), 5);
}

/// A larger input of distinct articles: each fixture article with a paragraph of
/// generated words of its own, so that no two are near-duplicates.
fn generated_corpus(path: &Path, n: usize) {
    let articles: Vec<Value> = json_lines(&std::fs::read(corpus("articles.jsonl")).unwrap());
    let syllables = [
        "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "pi", "da", "fe", "go", "hu", "ji",
        "bo",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = String::new();
    for i in 0..n {
        let mut words = Vec::with_capacity(150);
        for _ in 0..150 {
            let mut w = String::new();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                w.push_str(syllables[(state % 16) as usize]);
            }
            words.push(w);
        }
        let mut doc = articles[i % articles.len()].clone();
        doc["id"] = Value::String(format!("gen-{i:05}"));
        let text = format!(
            "{}\n\nArchive note {i}: {}.",
            str_of(&doc, "text"),
            words.join(" ")
        );
        doc["text"] = Value::String(text);
        out.push_str(&serde_json::to_string(&doc).unwrap());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// Documents committed so far (0 while the store cannot be read yet).
fn committed(db: &Path) -> i64 {
    Store::open(db)
        .and_then(|s| s.stats())
        .map_or(0, |s| s.documents)
}

/// Every consistency check a store must pass: SQLite's integrity check, the store's own
/// check, full-text indexes matching their content, unique keys, every document whole
/// (its quote, event and actor rows match its JSON), counters and clusters adding up.
/// Returns the stored document ids.
fn assert_consistent(db: &Path) -> BTreeSet<String> {
    let store = Store::open(db).unwrap();
    let conn = store.connection();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() };
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(
        one("SELECT count(*) FROM docs"),
        one("SELECT count(DISTINCT key) FROM docs"),
        "duplicate keys"
    );
    // Per document: rows against the JSON layers.
    let mut rows: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    {
        let mut stmt = conn
            .prepare(
                "SELECT d.doc_id,
                   (SELECT count(*) FROM quotes q WHERE q.doc = d.id),
                   (SELECT count(*) FROM events e WHERE e.doc = d.id),
                   (SELECT count(*) FROM doc_actors a WHERE a.doc = d.id)
                 FROM docs d",
            )
            .unwrap();
        let mut it = stmt.query([]).unwrap();
        while let Some(r) = it.next().unwrap() {
            rows.insert(
                r.get(0).unwrap(),
                (r.get(1).unwrap(), r.get(2).unwrap(), r.get(3).unwrap()),
            );
        }
    }
    let mut ids = BTreeSet::new();
    store
        .documents(true, |line| {
            let v: Value = serde_json::from_str(&line).expect("stored JSON parses");
            let id = str_of(&v, "id").to_string();
            let len = |layer: &str| v[layer].as_array().map_or(0, |a| a.len() as i64);
            assert_eq!(
                rows.get(&id),
                Some(&(len("quotes"), len("events"), len("actors"))),
                "rows of {id} do not match its JSON"
            );
            assert!(
                v["sentences"].as_array().is_some_and(|s| !s.is_empty()),
                "{id}"
            );
            ids.insert(id);
            Ok(())
        })
        .unwrap();
    assert_eq!(ids.len(), rows.len());
    // Orphans: rows of documents that are not stored.
    for table in ["quotes", "events"] {
        assert_eq!(
            one(&format!(
                "SELECT count(*) FROM {table} WHERE doc NOT IN (SELECT id FROM docs)"
            )),
            0,
            "orphan {table}"
        );
    }
    assert_eq!(
        one("SELECT count(*) FROM doc_actors WHERE doc NOT IN (SELECT id FROM docs)"),
        0
    );
    // Counters: each actor's mentions and documents over representative documents.
    assert_eq!(
        one("SELECT count(*) FROM actors a WHERE a.mentions != (SELECT ifnull(sum(da.mentions), 0)
               FROM doc_actors da JOIN docs d ON d.id = da.doc WHERE da.actor = a.id AND d.canonical = 1)
             OR a.documents != (SELECT count(DISTINCT da.doc) FROM doc_actors da JOIN docs d ON d.id = da.doc
               WHERE da.actor = a.id AND d.canonical = 1)"),
        0,
        "actor counters drifted"
    );
    // Clusters: sizes add up, one representative each.
    assert_eq!(
        one("SELECT ifnull(sum(size), 0) FROM clusters"),
        one("SELECT count(*) FROM docs")
    );
    assert_eq!(
        one("SELECT count(*) FROM clusters c WHERE c.size != (SELECT count(*) FROM docs d WHERE d.cluster = c.id)
             OR 1 != (SELECT count(*) FROM docs d WHERE d.cluster = c.id AND d.canonical = 1 AND d.id = c.rep)"),
        0,
        "cluster sizes or representatives"
    );
    drop(store);
    // The store's own check and the full-text index against its content table (both
    // write FTS5 commands: a writable connection).
    let writer = Store::create(db).unwrap();
    writer.check().unwrap();
    writer
        .connection()
        .execute_batch("INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)")
        .expect("docs_fts matches docs");
    ids
}

#[cfg(unix)]
#[test]
fn a_killed_ingest_leaves_whole_documents_and_running_it_again_completes_it() {
    use std::os::unix::process::ExitStatusExt;
    const N: usize = 2000;
    let env = Env::new();
    let input = env.path("big.jsonl");
    generated_corpus(&input, N);
    let input = input.to_str().unwrap().to_string();
    let db = env.db();

    let mut child = env
        .cmd()
        // Small transactions, so that the kill lands between two commits.
        .args([
            "ingest",
            "-q",
            "--commit-docs",
            "200",
            "--db",
            &env.db_arg(),
            &input,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ingest ended ({status}) before it could be killed; make the input larger");
        }
        if committed(&db) > 0 {
            // Into the next transaction, then kill.
            std::thread::sleep(Duration::from_millis(300));
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "killed mid-way: {status}");

    // Straight after the crash: queries work, and every stored document is whole.
    let out = env.query_raw(&["stats"], "jsonl");
    assert!(
        out.status.success(),
        "query after a crash: {}",
        stderr(&out)
    );
    let partial = assert_consistent(&db);
    let done = partial.len();
    eprintln!("killed after {done} of {N} documents were committed");
    assert!(
        done > 0 && done < N,
        "{done} of {N} documents after the kill"
    );

    // The same command again stores the rest.
    let out = env.ingest(&[&input]);
    assert!(out.status.success(), "{}", stderr(&out));
    let [new, updated, unchanged, copies, failed] = summary_counts(&stderr(&out));
    assert_eq!((updated, failed), (0, 0), "{}", stderr(&out));
    assert_eq!(unchanged as usize, done, "{}", stderr(&out));
    assert_eq!((new + copies) as usize, N - done, "{}", stderr(&out));
    assert_eq!(copies, 0, "the generated documents are distinct stories");
    let ids = assert_consistent(&db);
    let expected: BTreeSet<String> = (0..N).map(|i| format!("gen-{i:05}")).collect();
    assert_eq!(ids, expected);
    let stats = env.stats();
    assert_eq!(int_of(&stats, "documents"), N as i64);
    assert_eq!(int_of(&stats, "clusters"), N as i64);
    // A document's own words find it, once.
    let hit = env.query(&["docs", "--q", "\"Archive note 1234\""]);
    assert_eq!(column(&hit, "id"), ["gen-01234"]);
}

// ---------------------------------------------------------------------------------------
// Queries with known answers.
// ---------------------------------------------------------------------------------------

#[test]
fn quotes_by_speaker_surname_any_case() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&["quotes", "--speaker", "putin"]);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|q| (str_of(q, "doc"), bare(str_of(q, "text"))))
        .collect();
    // Every quote of Putin's, newest story first, in text order; none of anyone else's.
    assert_eq!(
        got,
        [
            (
                "wire-0815-summit",
                "NATO expansion remains a direct threat to the security of Russia"
            ),
            (
                "wire-0815-summit",
                "any settlement must address what he called the root causes of the conflict"
            ),
            (
                "wire-0802-kremlin",
                "Russia was open to talks with the United States but would not accept foreign troops in Ukraine"
            ),
            (
                "wire-0802-kremlin",
                "NATO is moving its infrastructure ever closer to our borders"
            ),
            ("wire-0802-kremlin", "We cannot ignore that"),
            (
                "wire-0727-navy",
                "The navy will receive nineteen new ships this year"
            ),
        ]
    );
    for q in &rows {
        assert_eq!(str_of(q, "speaker"), "Vladimir Putin", "{q}");
        assert_eq!(str_of(q, "speaker_country"), "RUS", "{q}");
        assert_eq!(q["speaker_key"], rows[0]["speaker_key"], "one actor");
        // Evidence: the quote lies inside its sentence.
        let (start, end) = (int_of(q, "start"), int_of(q, "end"));
        assert!(start < end);
        assert!(
            str_of(q, "sentence").contains(bare(str_of(q, "text"))),
            "{q}"
        );
        assert!(q["published"].is_string());
    }
    assert_eq!(rows[0]["speaker_role"], "President");
    // Every spelling finds the same quotes.
    for name in ["Vladimir Putin", "PUTIN", "vladimir putin"] {
        assert_eq!(env.query(&["quotes", "--speaker", name]), rows, "{name}");
    }
    // Another speaker's quotes are his alone.
    let zelensky = env.query(&["quotes", "--speaker", "Zelensky"]);
    assert_eq!(zelensky.len(), 4, "{zelensky:?}");
    assert!(
        zelensky
            .iter()
            .all(|q| q["speaker"] == "Volodymyr Zelensky" && q["speaker_country"] == "UKR")
    );
    assert!(
        env.query(&["quotes", "--speaker", "Nobody Atall"])
            .is_empty()
    );
}

#[test]
fn quotes_about_nato_in_august() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&[
        "quotes", "--about", "NATO", "--from", "2025-08", "--to", "2025-08",
    ]);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|q| {
            (
                str_of(q, "doc"),
                str_of(q, "speaker"),
                bare(str_of(q, "text")),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "wire-0815-summit",
                "Vladimir Putin",
                "NATO expansion remains a direct threat to the security of Russia"
            ),
            (
                "wire-0802-kremlin",
                "Vladimir Putin",
                "NATO is moving its infrastructure ever closer to our borders"
            ),
        ]
    );
    // Without dates, Zelensky's NATO quote of July too.
    let all = env.query(&["quotes", "--about", "nato"]);
    assert_eq!(
        all.iter()
            .map(|q| bare(str_of(q, "text")))
            .collect::<Vec<_>>(),
        [
            "NATO expansion remains a direct threat to the security of Russia",
            "NATO is moving its infrastructure ever closer to our borders",
            "Ukraine’s future is in NATO",
        ]
    );
    // Speaker and topic together; a day range inside August.
    let both = env.query(&[
        "quotes",
        "--about",
        "NATO",
        "--speaker",
        "Putin",
        "--to",
        "2025-08-10",
    ]);
    assert_eq!(column(&both, "doc"), ["wire-0802-kremlin"]);
    // With every copy, the syndicated summit story says it again.
    let copies = env.query(&[
        "quotes",
        "--about",
        "NATO",
        "--from",
        "2025-08",
        "--to",
        "2025-08",
        "--all-copies",
    ]);
    assert_eq!(
        column(&copies, "doc"),
        [
            "regional-daily-4471",
            "wire-0815-summit",
            "wire-0802-kremlin"
        ]
    );
}

#[test]
fn actors_are_linked_across_documents() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&["actors", "--q", "Vladimir Putin"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let putin = &rows[0];
    assert_eq!(str_of(putin, "name"), "Vladimir Putin");
    assert_eq!(str_of(putin, "type"), "person");
    assert_eq!(str_of(putin, "country"), "RUS");
    let roles: Vec<&str> = putin["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(roles.contains(&"President"), "{roles:?}");
    let variants: Vec<&str> = putin["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        variants.contains(&"Putin") && variants.contains(&"Vladimir Putin"),
        "{variants:?}"
    );
    // Named in three stories: the naval parade ("Putin" only), the Kremlin story and the
    // summit; his mentions are the sum of the three documents' (copies not counted).
    assert_eq!(int_of(putin, "documents"), 3);
    let analysed = json_lines(&env.analyze(&[&corpus("articles.jsonl")]));
    let mentions: i64 = analysed
        .iter()
        .flat_map(|d| d["actors"].as_array().cloned().unwrap_or_default())
        .filter(|a| a["name"].as_str().is_some_and(|n| n.ends_with("Putin")))
        .map(|a| a["mentions"].as_array().map_or(1, |m| m.len() as i64))
        .sum();
    assert_eq!(int_of(putin, "mentions"), mentions);
    // With every copy: the syndicated summit story names him too.
    let all = env.query(&["actors", "--q", "Putin", "--all-copies"]);
    let in_copy: i64 = json_lines(&env.analyze(&[&corpus("copies.jsonl")]))
        .iter()
        .flat_map(|d| d["actors"].as_array().cloned().unwrap_or_default())
        .filter(|a| a["name"].as_str().is_some_and(|n| n.ends_with("Putin")))
        .map(|a| a["mentions"].as_array().map_or(1, |m| m.len() as i64))
        .sum();
    assert!(in_copy > 0);
    assert_eq!(
        (int_of(&all[0], "documents"), int_of(&all[0], "mentions")),
        (4, mentions + in_copy)
    );
    // An actor named only in a copy counts only with --all-copies.
    assert!(env.query(&["actors", "--q", "Regional Daily"]).is_empty());
    let regional = env.query(&["actors", "--q", "Regional Daily", "--all-copies"]);
    assert_eq!(column(&regional, "name"), ["Regional Daily"]);
    // Any name the documents used finds the same actor.
    for q in ["putin", "PUTIN", str_of(putin, "key")] {
        let found = env.query(&["actors", "--q", q]);
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0]["key"], putin["key"], "{q}");
    }
    // NATO by its acronym and by its name.
    let nato = env.query(&["actors", "--q", "NATO"]);
    assert_eq!(nato.len(), 1);
    assert_eq!(str_of(&nato[0], "type"), "org");
    assert_eq!(
        env.query(&["actors", "--q", "North Atlantic Treaty Organization"]),
        nato
    );
}

#[test]
fn actors_by_type_and_country() {
    let env = Env::new();
    env.ingest_corpus();
    let names = |args: &[&str]| -> BTreeSet<String> {
        env.query(args)
            .iter()
            .map(|a| str_of(a, "name").to_string())
            .collect()
    };
    assert_eq!(
        names(&["actors", "--type", "person", "--country", "RUS"]),
        BTreeSet::from(["Vladimir Putin".to_string()])
    );
    assert_eq!(
        names(&["actors", "--type", "person", "--country", "usa"]),
        BTreeSet::from(["Donald Trump".to_string()])
    );
    assert_eq!(
        names(&["actors", "--type", "person"]),
        [
            "Donald Trump",
            "Emmanuel Macron",
            "Keir Starmer",
            "Vladimir Putin",
            "Volodymyr Zelensky"
        ]
        .into_iter()
        .map(String::from)
        .collect()
    );
    let orgs = env.query(&["actors", "--type", "org"]);
    assert!(orgs.iter().all(|a| a["type"] == "org"));
    assert!(
        orgs.iter()
            .any(|a| a["name"] == "Kremlin" && a["country"] == "RUS")
    );
    let russian = env.query(&["actors", "--country", "RUS"]);
    assert!(russian.iter().all(|a| a["country"] == "RUS"));
    assert!(russian.iter().any(|a| a["name"] == "Moscow"));
    // Most mentioned first.
    let all = env.query(&["actors"]);
    let mentions: Vec<i64> = all.iter().map(|a| int_of(a, "mentions")).collect();
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "{mentions:?}");
    assert_eq!(env.query(&["actors", "--limit", "3"]).len(), 3);
    let out = env.query_raw(&["actors", "--type", "robot"], "jsonl");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("robot"), "{}", stderr(&out));
}

#[test]
fn events_by_code_prefix_by_name_root_and_date() {
    let env = Env::new();
    env.ingest_corpus();
    // The summit: Putin (RUSGOV) met Trump (USAGOV).
    let summit = |rows: &[Value]| {
        rows.iter().any(|e| {
            e["doc"] == "wire-0815-summit" && e["source"] == "RUSGOV" && e["target"] == "USAGOV"
        })
    };
    let rus = env.query(&["events", "--source", "RUS"]);
    assert!(summit(&rus), "RUS matches RUSGOV: {rus:?}");
    assert!(rus.iter().all(|e| str_of(e, "source").starts_with("RUS")));
    let e = rus.iter().find(|e| e["doc"] == "wire-0815-summit").unwrap();
    assert_eq!(str_of(e, "root"), "04");
    assert_eq!(str_of(e, "source_name"), "Vladimir Putin");
    assert_eq!(str_of(e, "target_name"), "Donald Trump");
    assert_eq!(str_of(e, "date"), "2025-08-15");
    assert!(str_of(e, "sentence").contains("met US President Donald Trump"));
    assert_eq!(int_of(e, "quad_class"), 1);
    assert!(e["goldstein"].is_number());
    // The sanctions threat: USA matches USAGOV, root 13 (threaten).
    let usa = env.query(&["events", "--source", "USA"]);
    assert!(usa.iter().all(|e| str_of(e, "source").starts_with("USA")));
    let threat = usa
        .iter()
        .find(|e| e["doc"] == "wire-0620-sanctions")
        .expect("the sanctions threat");
    assert_eq!(
        (str_of(threat, "source"), str_of(threat, "target")),
        ("USAGOV", "RUS")
    );
    assert_eq!(str_of(threat, "root"), "13");
    assert_eq!(
        column(&env.query(&["events", "--root", "13"]), "doc"),
        ["wire-0620-sanctions"]
    );
    // By name, any spelling: Putin is the source of the summit event and of the praise
    // for the sailors (newest first).
    for name in ["Vladimir Putin", "putin"] {
        let rows = env.query(&["events", "--source", name]);
        assert_eq!(
            column(&rows, "doc"),
            ["wire-0815-summit", "wire-0727-navy"],
            "{name}"
        );
    }
    assert_eq!(
        column(&env.query(&["events", "--target", "Donald Trump"]), "doc"),
        ["wire-0815-summit"]
    );
    let trump_to_russia = env.query(&["events", "--source", "Trump", "--target", "RUS"]);
    assert_eq!(column(&trump_to_russia, "doc"), ["wire-0620-sanctions"]);
    // Dates.
    let august = env.query(&["events", "--from", "2025-08"]);
    assert!(!august.is_empty());
    assert!(august.iter().all(|e| str_of(e, "date") >= "2025-08-01"));
    assert!(env.query(&["events", "--to", "2025-05"]).is_empty());
    // Copies: the syndicated summit story's event too.
    let with_copies = env.query(&["events", "--source", "RUS", "--all-copies"]);
    assert_eq!(with_copies.len(), rus.len() + 1);
    assert!(
        with_copies
            .iter()
            .any(|e| e["doc"] == "regional-daily-4471")
    );
    let out = env.query_raw(&["events", "--root", "4"], "jsonl");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn timeline_shares_per_month_and_week() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&["timeline", "NATO", "--by", "month"]);
    let got: Vec<(&str, i64, i64)> = rows
        .iter()
        .map(|r| {
            (
                str_of(r, "bucket"),
                int_of(r, "matching"),
                int_of(r, "total"),
            )
        })
        .collect();
    // NATO: the Kyiv story in July; the Kremlin, summit and Paris stories in August.
    assert_eq!(
        got,
        [("2025-06", 0, 2), ("2025-07", 1, 3), ("2025-08", 3, 3)]
    );
    for r in &rows {
        let share = r["share"].as_f64().unwrap();
        let expected = int_of(r, "matching") as f64 / int_of(r, "total") as f64;
        assert!((share - expected).abs() < 1e-9, "{r}");
    }
    let copies = env.query(&["timeline", "NATO", "--by", "month", "--all-copies"]);
    let got: Vec<(i64, i64)> = copies
        .iter()
        .map(|r| (int_of(r, "matching"), int_of(r, "total")))
        .collect();
    assert_eq!(got, [(0, 2), (2, 4), (4, 4)]);
    // Weeks start on Monday: the Kremlin story (Saturday 2 August) is in the week of 28 July.
    let weeks = env.query(&[
        "timeline",
        "NATO",
        "--by",
        "week",
        "--from",
        "2025-07-26",
        "--to",
        "2025-08-03",
    ]);
    let got: Vec<(&str, i64, i64)> = weeks
        .iter()
        .map(|r| {
            (
                str_of(r, "bucket"),
                int_of(r, "matching"),
                int_of(r, "total"),
            )
        })
        .collect();
    assert_eq!(got, [("2025-07-21", 0, 1), ("2025-07-28", 1, 1)]);
    let days = env.query(&["timeline", "Putin", "--by", "day", "--from", "2025-08"]);
    assert_eq!(
        days.iter()
            .map(|r| (str_of(r, "bucket"), int_of(r, "matching")))
            .collect::<Vec<_>>(),
        [("2025-08-02", 1), ("2025-08-15", 1), ("2025-08-20", 0)]
    );
}

#[test]
fn cooccurring_actors_by_documents() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&["cooccur", "Putin"]);
    let by_name: BTreeMap<&str, i64> = rows
        .iter()
        .map(|r| (str_of(r, "name"), int_of(r, "documents")))
        .collect();
    assert!(!by_name.contains_key("Vladimir Putin"), "{by_name:?}");
    // NATO and Russia in the Kremlin and summit stories; Trump in the summit only.
    assert_eq!(by_name.get("North Atlantic Treaty Organization"), Some(&2));
    assert_eq!(by_name.get("Russia"), Some(&2));
    assert_eq!(by_name.get("Donald Trump"), Some(&1));
    assert_eq!(by_name.get("Kremlin"), Some(&1));
    // Nobody from stories without Putin.
    for absent in [
        "Volodymyr Zelensky",
        "Keir Starmer",
        "Emmanuel Macron",
        "Tbilisi",
    ] {
        assert!(!by_name.contains_key(absent), "{absent}: {by_name:?}");
    }
    let docs: Vec<i64> = rows.iter().map(|r| int_of(r, "documents")).collect();
    assert!(docs.windows(2).all(|w| w[0] >= w[1]), "{docs:?}");
    assert_eq!(env.query(&["cooccur", "Putin", "--top", "2"]).len(), 2);
    // The copy of the summit story counts with --all-copies.
    let copies = env.query(&["cooccur", "Putin", "--all-copies"]);
    let trump = copies.iter().find(|r| r["name"] == "Donald Trump").unwrap();
    assert_eq!(int_of(trump, "documents"), 2);
    assert!(env.query(&["cooccur", "Nobody Atall"]).is_empty());
}

#[test]
fn places_with_coordinates_and_counts() {
    let env = Env::new();
    env.ingest_corpus();
    let rows = env.query(&["places"]);
    let find = |rows: &[Value], name: &str| -> Value {
        rows.iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {rows:?}"))
            .clone()
    };
    let anchorage = find(&rows, "Anchorage");
    assert_eq!(str_of(&anchorage, "country"), "US");
    assert!((anchorage["lat"].as_f64().unwrap() - 61.218).abs() < 0.01);
    assert!((anchorage["lon"].as_f64().unwrap() + 149.9).abs() < 0.01);
    assert_eq!(
        (
            int_of(&anchorage, "mentions"),
            int_of(&anchorage, "documents")
        ),
        (2, 1)
    );
    // Moscow, Russia (not Moscow, Idaho).
    let moscow = find(&rows, "Moscow");
    assert_eq!(str_of(&moscow, "country"), "RU");
    assert!((moscow["lat"].as_f64().unwrap() - 55.75).abs() < 0.01);
    let kyiv = find(&rows, "Kyiv");
    assert_eq!(
        (int_of(&kyiv, "mentions"), int_of(&kyiv, "documents")),
        (2, 1)
    );
    let mentions: Vec<i64> = rows.iter().map(|p| int_of(p, "mentions")).collect();
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "{mentions:?}");
    // With every copy: the exact copy of the Kyiv story and the syndicated summit story.
    let all = env.query(&["places", "--all-copies"]);
    let kyiv = find(&all, "Kyiv");
    assert_eq!(
        (int_of(&kyiv, "mentions"), int_of(&kyiv, "documents")),
        (4, 2)
    );
    let anchorage = find(&all, "Anchorage");
    assert_eq!(
        (
            int_of(&anchorage, "mentions"),
            int_of(&anchorage, "documents")
        ),
        (4, 2)
    );
    // By name.
    let q = env.query(&["places", "--q", "kyiv"]);
    assert_eq!(column(&q, "name"), ["Kyiv"]);
    let georgian = env.query(&["places", "--country", "GE"]);
    assert_eq!(
        georgian
            .iter()
            .map(|p| str_of(p, "name"))
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["Georgia", "Tbilisi"])
    );
}

#[test]
fn docs_by_full_text_and_dates() {
    let env = Env::new();
    env.ingest_corpus();
    let hits = env.query(&[
        "docs", "--q", "Putin", "--from", "2025-08", "--to", "2025-08",
    ]);
    assert_eq!(
        column(&hits, "id").into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from(["wire-0802-kremlin", "wire-0815-summit"])
    );
    for h in &hits {
        assert!(str_of(h, "snippet").contains("[Putin]"), "{h}");
        assert!(
            h["url"]
                .as_str()
                .unwrap()
                .starts_with("https://wire.example/")
        );
        assert!(h["cluster"].is_i64());
    }
    let july = env.query(&[
        "docs",
        "--q",
        "Putin",
        "--from",
        "2025-07-01",
        "--to",
        "2025-07-31",
    ]);
    assert_eq!(column(&july, "id"), ["wire-0727-navy"]);
    // BM25: the story about air defence (in its title and text) before the one that
    // mentions air defence once.
    let ranked = env.query(&["docs", "--q", "air defence"]);
    assert_eq!(
        column(&ranked, "id"),
        ["wire-0605-london", "wire-0710-kyiv"]
    );
    // All words must occur; a phrase is a phrase.
    assert_eq!(
        column(&env.query(&["docs", "--q", "naval parade"]), "id"),
        ["wire-0727-navy"]
    );
    assert!(env.query(&["docs", "--q", "\"parade naval\""]).is_empty());
    // Without a search: the newest first.
    let newest = env.query(&["docs", "--limit", "2"]);
    assert_eq!(
        column(&newest, "id"),
        ["wire-0820-paris", "wire-0815-summit"]
    );
    assert_eq!(
        column(&env.query(&["docs", "--to", "2025-06"]), "id"),
        ["wire-0620-sanctions", "wire-0605-london"]
    );
    // Copies with --all-copies.
    let with_copies = env.query(&["docs", "--q", "Putin", "--from", "2025-08", "--all-copies"]);
    assert_eq!(with_copies.len(), 3);
    assert!(with_copies.iter().any(|d| d["id"] == "regional-daily-4471"));
}

#[test]
fn csv_headers_carry_the_contract_fields() {
    let env = Env::new();
    env.ingest_corpus();
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["docs"],
            &["id", "url", "title", "published", "cluster", "snippet"],
        ),
        (
            &["quotes"],
            &[
                "text",
                "speaker",
                "speaker_country",
                "speaker_role",
                "doc",
                "published",
                "start",
                "end",
            ],
        ),
        (
            &["actors"],
            &[
                "key",
                "name",
                "type",
                "country",
                "roles",
                "mentions",
                "documents",
                "variants",
            ],
        ),
        (
            &["events"],
            &[
                "date",
                "source",
                "target",
                "code",
                "root",
                "goldstein",
                "quad_class",
                "doc",
                "sentence",
            ],
        ),
        (
            &["timeline", "NATO"],
            &["bucket", "matching", "total", "share", "tone"],
        ),
        (&["cooccur", "Putin"], &["name", "documents"]),
        (
            &["places"],
            &["name", "country", "lat", "lon", "mentions", "documents"],
        ),
        (
            &["stats"],
            &[
                "documents",
                "clusters",
                "quotes",
                "actors",
                "events",
                "from",
                "to",
                "file_size",
            ],
        ),
    ];
    for (args, fields) in cases {
        let out = env.query_raw(args, "csv");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        // The contract's fields, in the contract's order.
        let positions: Vec<usize> = fields
            .iter()
            .map(|f| {
                header
                    .iter()
                    .position(|h| h == f)
                    .unwrap_or_else(|| panic!("{args:?}: no {f:?} in {header:?}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{args:?}: {header:?}"
        );
        // One line per row (fields with newlines or commas are quoted).
        let rows = env.query(args);
        assert!(!rows.is_empty(), "{args:?}");
    }
    // Lists are joined, quotes escaped, one record per row.
    let out = env.query_raw(&["actors", "--q", "Putin"], "csv");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].contains("Vladimir Putin") && lines[1].contains("RUS"),
        "{text}"
    );
    let timeline = env.query_raw(&["timeline", "NATO"], "csv");
    let text = String::from_utf8(timeline.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("bucket,matching,total,share,tone")
    );
    assert!(
        text.lines().any(|l| l.starts_with("2025-07,1,3,0.3333")),
        "{text}"
    );
}

#[test]
fn text_format_is_a_readable_table() {
    let env = Env::new();
    env.ingest_corpus();
    let out = env.query_raw(&["stats"], "text");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let field = |name: &str| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    assert_eq!(field("documents").as_deref(), Some("10"), "{text}");
    assert_eq!(field("clusters").as_deref(), Some("8"), "{text}");
    let out = env.query_raw(&["quotes", "--speaker", "putin"], "text");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("text") && lines[0].contains("speaker"),
        "{text}"
    );
    assert_eq!(lines.len(), 7, "a header and six quotes: {text}");
    assert!(
        lines[1..].iter().all(|l| l.contains("Vladimir Putin")),
        "{text}"
    );
    let out = env.query_raw(&["quotes", "--speaker", "Nobody Atall"], "text");
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "(no rows)");
}

#[test]
fn a_missing_store_and_bad_filters_are_clear_errors() {
    let env = Env::new();
    let missing = env.path("nothing.db");
    let out = env.run(&["query", "--db", missing.to_str().unwrap(), "stats"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("nothing.db") && err.contains("no such store"),
        "{err}"
    );
    assert!(!missing.exists(), "a query must not create the store");
    let out = env.run(&[
        "export",
        "--db",
        missing.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Not a store at all.
    let notes = env.path("notes.db");
    std::fs::write(&notes, "just some notes\n".repeat(100)).unwrap();
    let out = env.run(&["query", "--db", notes.to_str().unwrap(), "stats"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("notes.db"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));

    env.ingest_corpus();
    for args in [
        &["docs", "--from", "August"][..],
        &["quotes", "--to", "2025-13"],
        &["events", "--from", "2025-02-30"],
        &["timeline", "NATO", "--from", "25-08"],
    ] {
        let out = env.query_raw(args, "jsonl");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("YYYY-MM-DD"), "{args:?}: {err}");
        assert!(err.contains(args[args.len() - 1]), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = env.query_raw(&["timeline", "NATO", "--by", "year"], "jsonl");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("year"), "{}", stderr(&out));
    // Search syntax in user text is harmless.
    let out = env.query_raw(&["docs", "--q", "NATO AND (\"*"], "jsonl");
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Export from the store.
// ---------------------------------------------------------------------------------------

#[test]
fn exported_documents_are_byte_identical_to_analyze() {
    let env = Env::new();
    // A plain-text document with no date of its own, dated by --published.
    let text = env.path("harbour.txt");
    std::fs::write(
        &text,
        "Dock workers in Hamburg ended a two-day strike on Monday. “We won,” union leader \
         Mary Keller said.\n",
    )
    .unwrap();
    let text = text.to_str().unwrap().to_string();
    let inputs = [corpus("articles.jsonl"), corpus("copies.jsonl"), text];
    let db = env.db_arg();
    let mut args: Vec<&str> = vec!["ingest", "-q", "--published", "2025-08-16", "--db", &db];
    args.extend(inputs.iter().map(String::as_str));
    let out = env.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));

    let mut analyze_args = vec!["--published", "2025-08-16"];
    analyze_args.extend(inputs.iter().map(String::as_str));
    let analysed = String::from_utf8(env.analyze(&analyze_args)).unwrap();
    let out = env.run(&[
        "export",
        "--db",
        &db,
        "--format",
        "jsonl",
        "--all-copies",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = String::from_utf8(out.stdout).unwrap();
    assert_eq!(exported.lines().count(), 11);
    for (a, e) in analysed.lines().zip(exported.lines()) {
        assert_eq!(e, a, "stored JSON differs from analyze");
    }
    assert_eq!(exported, analysed);
    let harbour = json_lines(exported.lines().last().unwrap().as_bytes());
    assert_eq!(harbour[0]["published"], "2025-08-16");

    // Each story once by default: the copies are left out.
    let out = env.run(&["export", "--db", &db, "--format", "jsonl", "-q"]);
    let canonical = String::from_utf8(out.stdout).unwrap();
    let expected: Vec<&str> = analysed
        .lines()
        .filter(|l| {
            !l.starts_with("{\"id\":\"regional-daily-4471\"")
                && !l.starts_with("{\"id\":\"mirror-kyiv-0710\"")
        })
        .collect();
    assert_eq!(canonical.lines().collect::<Vec<_>>(), expected);

    // Without --to or --format there is nothing to write: a usage error.
    let out = env.run(&["export", "--db", &db]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--to"), "{}", stderr(&out));
    // Reading a store and inputs at once is refused.
    let out = env.run(&[
        "export",
        "--db",
        &db,
        "--format",
        "jsonl",
        &corpus("articles.jsonl"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // --to DIR with --format jsonl writes documents.jsonl there.
    let dir = env.path("docs-out");
    let out = env.run(&[
        "export",
        "--db",
        &db,
        "--format",
        "jsonl",
        "--to",
        dir.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("documents.jsonl")).unwrap(),
        canonical
    );
}

#[test]
fn exported_tables_match_export_of_the_inputs() {
    let env = Env::new();
    env.ingest_corpus();
    let db = env.db_arg();
    let from_store = env.path("from-store");
    let from_inputs = env.path("from-inputs");
    let out = env.run(&[
        "export",
        "--db",
        &db,
        "--all-copies",
        "--to",
        from_store.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env.run(&[
        "export",
        "-q",
        "--to",
        from_inputs.to_str().unwrap(),
        &corpus("articles.jsonl"),
        &corpus("copies.jsonl"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = [
        "documents.csv",
        "actors.csv",
        "quotes.csv",
        "events.csv",
        "gdelt-events.tsv",
        "gkg.tsv",
    ];
    for f in files {
        let a = std::fs::read(from_store.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let b = std::fs::read(from_inputs.join(f)).unwrap();
        assert!(
            a == b,
            "{f} differs between export --db and export of the inputs"
        );
    }

    // Each story once: one row per document and per event of the representatives.
    let dir = env.path("tables");
    let out = env.run(&["export", "--db", &db, "--to", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("8 documents"), "{err}");
    let rows = |f: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(f))
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let documents = rows("documents.csv");
    assert_eq!(documents.len(), 1 + 8, "a header and eight stories");
    assert!(documents[0].starts_with("doc_id,"));
    for id in CANONICAL {
        assert!(
            documents.iter().any(|l| l.starts_with(&format!("{id},"))),
            "{id}"
        );
    }
    let events = env.query(&["events", "--limit", "1000"]);
    assert_eq!(rows("events.csv").len(), 1 + events.len());
    assert_eq!(
        rows("gdelt-events.tsv").len(),
        events.len(),
        "GDELT has no header"
    );
    assert_eq!(rows("gkg.tsv").len(), 8);
    let quotes = env.query(&["quotes", "--limit", "1000"]);
    assert_eq!(rows("quotes.csv").len(), 1 + quotes.len());
    let gdelt = rows("gdelt-events.tsv");
    assert!(
        gdelt.iter().all(|l| l.split('\t').count() == 61),
        "GDELT 2.0 has 61 columns"
    );
    assert!(
        gdelt
            .iter()
            .any(|l| l.contains("RUSGOV") && l.contains("USAGOV"))
    );
}

// ---------------------------------------------------------------------------------------
// Watching a folder.
// ---------------------------------------------------------------------------------------

/// Polls `ready` every 100 ms for up to ten seconds.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The stored JSON of one document, when there is one.
fn stored(db: &Path, id: &str) -> Option<Value> {
    let store = Store::open(db).ok()?;
    let json = store.document(id).ok()??;
    serde_json::from_str(&json).ok()
}

#[cfg(unix)]
#[test]
fn watch_ingests_new_and_changed_files_and_stops_cleanly_on_sigint() {
    let env = Env::new();
    let folder = env.path("inbox");
    std::fs::create_dir(&folder).unwrap();
    let db = env.db();
    let mut child = env
        .cmd()
        .args([
            "ingest",
            "-q",
            "--watch",
            folder.to_str().unwrap(),
            "--db",
            &env.db_arg(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_for("the store", || Store::open(&db).is_ok());
        // Give the watcher a moment after the (empty) first pass.
        std::thread::sleep(Duration::from_millis(300));
        let articles = std::fs::read_to_string(corpus("articles.jsonl")).unwrap();
        let lines: Vec<&str> = articles.lines().collect();
        // A download in progress is not read; a finished file is.
        std::fs::write(folder.join("later.jsonl.part"), format!("{}\n", lines[1])).unwrap();
        std::fs::write(folder.join("london.jsonl"), format!("{}\n", lines[0])).unwrap();
        wait_for("the new file", || committed(&db) >= 1);
        assert!(stored(&db, "wire-0605-london").is_some());
        assert!(
            stored(&db, "wire-0620-sanctions").is_none(),
            ".part files are skipped"
        );

        // The file changes: its document is updated in place.
        let mut doc: Value = serde_json::from_str(lines[0]).unwrap();
        let changed = format!(
            "{} A second package will follow in the autumn.",
            str_of(&doc, "text")
        );
        doc["text"] = Value::String(changed.clone());
        std::fs::write(folder.join("london.jsonl"), format!("{doc}\n")).unwrap();
        wait_for("the changed file", || {
            stored(&db, "wire-0605-london").is_some_and(|d| d["text"] == changed.as_str())
        });
        assert_eq!(committed(&db), 1);
        // Another file with two documents.
        std::fs::write(
            folder.join("more.jsonl"),
            format!("{}\n{}\n", lines[2], lines[3]),
        )
        .unwrap();
        wait_for("two more documents", || committed(&db) == 3);
        let stats = env.stats();
        assert_eq!(int_of(&stats, "clusters"), 3);
    }));

    // Ctrl-C: the watcher stops after the current batch and exits cleanly.
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut err);
    }
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
    let status = status.expect("ingest --watch did not stop within 10 s of SIGINT");
    assert!(status.success(), "exit status {status} after SIGINT: {err}");
    assert!(!err.contains("error"), "{err}");
    assert_consistent(&db);
}
