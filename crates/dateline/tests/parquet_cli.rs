//! `dateline export --format parquet`, driven as a user would, on the hand-written corpus in
//! `tests/fixtures/corpus/` with the fixture knowledge base: from the inputs and from a
//! corpus store (`--db`), read back with the parquet crate's Arrow reader and checked
//! against the JSONL output of `dateline analyze` of the same inputs.

mod common;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

const TABLES: [&str; 5] = [
    "documents.parquet",
    "quotes.parquet",
    "actors.parquet",
    "events.parquet",
    "places.parquet",
];

/// The columns only a store knows (null in an export of inputs).
const STORE_ONLY: [&str; 3] = ["story", "story_size", "canonical"];

/// One test's folder with the fixture knowledge base and a small tone lexicon.
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

    fn run(&self, args: &[&str]) -> Output {
        common::dateline_in(self.dir.path())
            .args(args)
            .output()
            .expect("run dateline")
    }

    fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
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

/// A table read back with the parquet crate's row reader: column names and rows.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Field>>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let reader = SerializedFileReader::new(file).unwrap();
        let columns = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let rows = reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                row.unwrap()
                    .into_columns()
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            })
            .collect();
        Table { columns, rows }
    }

    fn column(&self, name: &str) -> Vec<&Field> {
        let i = self
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        self.rows.iter().map(|r| &r[i]).collect()
    }

    fn strings(&self, name: &str) -> Vec<Option<String>> {
        self.column(name)
            .into_iter()
            .map(|f| match f {
                Field::Str(s) => Some(s.clone()),
                Field::Null => None,
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    }

    fn ints(&self, name: &str) -> Vec<Option<i64>> {
        self.column(name)
            .into_iter()
            .map(|f| match f {
                Field::Int(n) => Some(i64::from(*n)),
                Field::Long(n) => Some(*n),
                Field::Null => None,
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    }

    fn bools(&self, name: &str) -> Vec<Option<bool>> {
        self.column(name)
            .into_iter()
            .map(|f| match f {
                Field::Bool(b) => Some(*b),
                Field::Null => None,
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    }

    fn lists(&self, name: &str) -> Vec<Vec<String>> {
        self.column(name)
            .into_iter()
            .map(|f| match f {
                Field::ListInternal(list) => list
                    .elements()
                    .iter()
                    .map(|e| match e {
                        Field::Str(s) => s.clone(),
                        other => panic!("{name}: item {other:?}"),
                    })
                    .collect(),
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    }

    /// The rows without the columns only a store knows.
    fn comparable(&self) -> Vec<Vec<Field>> {
        let keep: Vec<usize> = (0..self.columns.len())
            .filter(|&i| !STORE_ONLY.contains(&self.columns[i].as_str()))
            .collect();
        self.rows
            .iter()
            .map(|r| keep.iter().map(|&i| r[i].clone()).collect())
            .collect()
    }
}

/// A quote's speakers in the JSON output: null, a name, or a list of names.
fn json_speakers(quote: &Value) -> Vec<String> {
    match &quote["speaker"] {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
        other => panic!("speaker {other}"),
    }
}

fn layer_len(doc: &Value, layer: &str) -> usize {
    doc[layer].as_array().map_or(0, Vec::len)
}

#[test]
fn parquet_tables_from_inputs_and_from_a_store_match_the_jsonl() {
    let env = Env::new();
    let inputs = [corpus("articles.jsonl"), corpus("copies.jsonl")];
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();

    // The documents as analyze writes them.
    let mut args = vec!["analyze", "--format", "jsonl", "-q"];
    args.extend(&inputs);
    let out = env.ok(&args);
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 10);

    // From the inputs.
    let from_inputs = env.path("from-inputs");
    let mut args = vec!["export", "--format", "parquet", "--to", "from-inputs"];
    args.extend(&inputs);
    let out = env.ok(&args);
    let err = stderr(&out);
    assert!(err.contains("documents.parquet (10 rows)"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&from_inputs)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut want: Vec<&str> = TABLES.to_vec();
    want.sort();
    assert_eq!(names, want, "five files and nothing else");

    // One row per document, in input order.
    let documents = Table::read(&from_inputs.join("documents.parquet"));
    let ids: Vec<Option<String>> = docs
        .iter()
        .map(|d| Some(d["id"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(documents.strings("doc_id"), ids);
    let texts: Vec<Option<String>> = docs
        .iter()
        .map(|d| Some(d["text"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(documents.strings("text"), texts);
    for (layer, column) in [
        ("quotes", "quotes"),
        ("events", "events"),
        ("actors", "actors"),
        ("places", "places"),
    ] {
        let want: Vec<Option<i64>> = docs
            .iter()
            .map(|d| Some(layer_len(d, layer) as i64))
            .collect();
        assert_eq!(documents.ints(column), want, "{column}");
    }
    assert!(documents.ints("story").iter().all(Option::is_none));

    // One row per quote, its speakers as a list, as the JSON has them.
    let quotes = Table::read(&from_inputs.join("quotes.parquet"));
    let json_quotes: Vec<(&str, &Value)> = docs
        .iter()
        .flat_map(|d| {
            let id = d["id"].as_str().unwrap();
            d["quotes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |q| (id, q))
        })
        .collect();
    assert!(json_quotes.len() >= 10, "the corpus has quotes");
    assert_eq!(quotes.rows.len(), json_quotes.len());
    let want_speakers: Vec<Vec<String>> =
        json_quotes.iter().map(|(_, q)| json_speakers(q)).collect();
    assert_eq!(quotes.lists("speakers"), want_speakers);
    assert!(want_speakers.iter().any(|s| !s.is_empty()));
    let want_starts: Vec<Option<i64>> = json_quotes
        .iter()
        .map(|(_, q)| q["start"].as_i64())
        .collect();
    assert_eq!(quotes.ints("start"), want_starts);
    let quote_docs: Vec<Option<String>> = json_quotes
        .iter()
        .map(|(id, _)| Some(id.to_string()))
        .collect();
    assert_eq!(quotes.strings("doc_id"), quote_docs);

    // One row per actor, event and place.
    for (file, layer) in [
        ("actors.parquet", "actors"),
        ("events.parquet", "events"),
        ("places.parquet", "places"),
    ] {
        let want: usize = docs.iter().map(|d| layer_len(d, layer)).sum();
        assert_eq!(
            Table::read(&from_inputs.join(file)).rows.len(),
            want,
            "{file}"
        );
    }
    let events = Table::read(&from_inputs.join("events.parquet"));
    let codes = events.strings("event_code");
    let want_codes: Vec<Option<String>> = docs
        .iter()
        .flat_map(|d| d["events"].as_array().cloned().unwrap_or_default())
        .map(|e| Some(e["code"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(codes, want_codes);

    // From a store holding the same documents, every copy: the same rows.
    let mut args = vec!["ingest", "-q", "--db", "corpus.db"];
    args.extend(&inputs);
    env.ok(&args);
    let from_store = env.path("from-store");
    env.ok(&[
        "export",
        "--db",
        "corpus.db",
        "--all-copies",
        "--format",
        "parquet",
        "--to",
        "from-store",
    ]);
    for table in TABLES {
        let a = Table::read(&from_inputs.join(table));
        let b = Table::read(&from_store.join(table));
        assert_eq!(a.columns, b.columns);
        assert!(
            a.comparable() == b.comparable(),
            "{table} differs between export --db and export of the inputs"
        );
    }

    // The store knows the stories: the two copies share a story with their originals.
    let documents = Table::read(&from_store.join("documents.parquet"));
    let ids = documents.strings("doc_id");
    let story = documents.ints("story");
    let size = documents.ints("story_size");
    let canonical = documents.bools("canonical");
    let by_id: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_deref().unwrap(), i))
        .collect();
    for (copy, original) in [
        ("regional-daily-4471", "wire-0815-summit"),
        ("mirror-kyiv-0710", "wire-0710-kyiv"),
    ] {
        let (c, o) = (by_id[copy], by_id[original]);
        assert_eq!(story[c], story[o], "{copy} is a copy of {original}");
        assert_eq!(size[c], Some(2));
        assert_eq!(canonical[c], Some(false), "{copy}");
        assert_eq!(canonical[o], Some(true), "{original}");
    }
    assert!(story.iter().all(Option::is_some));

    // By default each story once.
    env.ok(&[
        "export",
        "--db",
        "corpus.db",
        "--format",
        "parquet",
        "--to",
        "stories",
        "-q",
    ]);
    let stories = Table::read(&env.path("stories").join("documents.parquet"));
    assert_eq!(stories.rows.len(), 8);
}

#[test]
fn parquet_needs_a_folder_and_is_not_a_stream() {
    let env = Env::new();
    let articles = corpus("articles.jsonl");
    let out = env.run(&["export", "--format", "parquet", &articles]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--to"), "{}", stderr(&out));
    let out = env.run(&["analyze", "--format", "parquet", &articles]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("dateline export --format parquet"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&[
        "export",
        "--format",
        "parquet",
        "--db",
        "missing.db",
        "--to",
        "out",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!env.path("out").join("documents.parquet").exists());
}
