//! Invented articles analysed by the full pipeline (fixture knowledge base, a few tone
//! words), written as Parquet with small row groups and read back with the parquet crate's
//! Arrow reader; and the rows of a document read back from its JSON (as a corpus store
//! gives it) equal the rows of the analysed document.

use dateline_doc::{Doc, Layer, Metadata, Published, from_json, json};
use dateline_kb::Kb;
use dateline_parquet::{Options, ParquetWriter, Rows, Story, TABLES};
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::ToneLexicon;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

const LEXICON: &str = "welcome\t2.0\nsafe\t1.9\nfailed\t-2.3\nangry\t-2.5\nhope\t1.9\n";

/// (id, published, text): three short wire stories written for this test.
const ARTICLES: [(&str, &str, &str); 3] = [
    (
        "port-strike",
        "2025-03-04T09:30:00+01:00",
        "ROTTERDAM, Netherlands — Dock workers in Rotterdam ended a three-day strike on \
Tuesday after the port authority agreed to higher pay.\n\n\
“We are glad to be back, and the deal is fair,” union leader Pieter de Vries told reporters. \
He added that “nobody wanted the ships to wait.”\n\n\
The Dutch government welcomed the agreement. Prime Minister Anna Bakker said the port was \
safe again.",
    ),
    (
        "grain-talks",
        "2025-03-05",
        "ANKARA — Turkey will host talks between Russia and Ukraine on grain shipments next \
week, Turkish officials said on Wednesday.\n\n\
Russian Foreign Minister Sergei Orlov said Moscow was ready to meet in Istanbul. \
“There is hope,” said Ukrainian President Volodymyr Petrenko, “but we have been here \
before.”\n\n\
Talks last year failed, and Russia attacked Odesa in July.",
    ),
    // No date, a title only, and text with no annotations to speak of.
    ("quiet-day", "", "Nothing happened today."),
];

fn analysed() -> Vec<Doc> {
    let lexicon = ToneLexicon::from_str(LEXICON).unwrap();
    let resources = Resources::with_kb(Arc::new(Kb::fixture())).with_lexicon(Arc::new(lexicon));
    let pipeline = Pipeline::full(&resources);
    ARTICLES
        .iter()
        .map(|&(id, published, text)| {
            let mut meta = Metadata::with_id(id);
            meta.published = (!published.is_empty()).then(|| Published::parse(published).unwrap());
            meta.title = Some(format!("{id} | headline"));
            meta.extra
                .insert("desk".into(), serde_json::json!({"name": "europe", "n": 3}));
            let mut doc = Doc::new(meta, text.to_string()).unwrap();
            pipeline.run(&mut doc);
            doc
        })
        .collect()
}

/// A table read back: its column names, rows (each row its fields in column order) and
/// number of row groups.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Field>>,
    groups: usize,
}

impl Table {
    fn read(path: &Path) -> Table {
        let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
        let meta = reader.metadata();
        let columns = meta
            .file_metadata()
            .schema_descr()
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let groups = meta.num_row_groups();
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
        Table {
            columns,
            rows,
            groups,
        }
    }

    fn column(&self, name: &str) -> Vec<&Field> {
        let i = self.columns.iter().position(|c| c == name).unwrap();
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

    fn lists(&self, name: &str) -> Vec<Vec<String>> {
        self.column(name)
            .into_iter()
            .map(|f| match f {
                Field::ListInternal(list) => list
                    .elements()
                    .iter()
                    .map(|e| match e {
                        Field::Str(s) => s.clone(),
                        _ => "∅".to_string(),
                    })
                    .collect(),
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    }
}

#[test]
fn rows_of_a_document_read_back_from_json_are_the_same() {
    for doc in analysed() {
        let mut out = Vec::new();
        json::to_writer(&mut out, &doc, &Layer::ALL, false).unwrap();
        let back = from_json(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(Rows::render(&back), Rows::render(&doc), "{}", doc.meta.id);
    }
}

#[test]
fn tables_are_written_in_row_groups_and_read_back() {
    let docs = analysed();
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        row_group_rows: 2,
        ..Options::default()
    };
    let mut writer = ParquetWriter::create(dir.path(), options).unwrap();
    let mut expected = [0usize; 5];
    // Row groups: one closes after each document that brings the buffer to 2 rows or more.
    let (mut buffered, mut groups) = ([0usize; 5], [0usize; 5]);
    for (i, doc) in docs.iter().enumerate() {
        let mut rows = Rows::render(doc);
        if i == 0 {
            rows.set_story(Story {
                id: 7,
                size: 2,
                canonical: true,
            });
        }
        for (t, n) in rows.counts().into_iter().enumerate() {
            expected[t] += n;
            buffered[t] += n;
            if buffered[t] >= 2 {
                groups[t] += 1;
                buffered[t] = 0;
            }
        }
        writer.write(rows).unwrap();
    }
    // Nothing under its final name until the files are complete.
    assert!(!dir.path().join("quotes.parquet").exists());
    let summary = writer.finish().unwrap();
    assert_eq!(summary.documents, 3);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");

    for (t, (name, columns)) in TABLES.iter().enumerate() {
        let want = expected[t];
        let table = Table::read(&dir.path().join(name));
        assert_eq!(table.rows.len(), want, "{name}");
        let want_columns: Vec<&str> = columns.iter().map(|c| c.name).collect();
        assert_eq!(table.columns, want_columns, "{name}");
        let want_groups = groups[t] + usize::from(buffered[t] > 0);
        assert_eq!(
            table.groups, want_groups,
            "{name}: row groups for {want} rows"
        );
    }
    assert!(expected[1] >= 3, "quotes: {expected:?}");
    assert!(
        groups.iter().any(|&g| g > 1),
        "some table has several row groups: {groups:?}"
    );

    // documents.parquet: one row per document, in order, with dates and instants.
    let d = Table::read(&dir.path().join("documents.parquet"));
    assert_eq!(
        d.strings("doc_id"),
        ["port-strike", "grain-talks", "quiet-day"].map(|s| Some(s.to_string()))
    );
    let date = d.column("published_date");
    assert_eq!(*date[0], Field::Date(20_151), "2025-03-04");
    assert_eq!(*date[2], Field::Null);
    let at = d.column("published_at");
    // 09:30 at +01:00 is 08:30 UTC.
    assert_eq!(
        *at[0],
        Field::TimestampMicros((20_151 * 86_400 + 8 * 3600 + 1800) * 1_000_000)
    );
    assert_eq!(*at[1], Field::Null, "a date alone has no instant");
    let story = d.column("story");
    assert_eq!(*story[0], Field::Long(7));
    assert_eq!(*story[1], Field::Null);
    assert_eq!(*d.column("canonical")[0], Field::Bool(true));
    assert_eq!(
        *d.column("quotes")[0],
        Field::Int(docs[0].quotes.len() as i32)
    );
    assert_eq!(*d.column("chars")[2], Field::Long(23));
    assert_eq!(
        d.strings("meta")[0].as_deref(),
        Some(r#"{"desk":{"n":3,"name":"europe"}}"#)
    );
    assert_eq!(
        d.strings("text")[2].as_deref(),
        Some("Nothing happened today.")
    );
    assert!(matches!(d.column("tone")[0], Field::Double(_)));

    // quotes.parquet: speakers as a list, as the documents have them.
    let q = Table::read(&dir.path().join("quotes.parquet"));
    let speakers = q.lists("speakers");
    let want: Vec<Vec<String>> = docs
        .iter()
        .flat_map(|d| d.quotes.iter().map(|q| q.speakers.clone()))
        .collect();
    assert_eq!(speakers, want);
    assert!(
        speakers
            .iter()
            .any(|s| s == &["Pieter de Vries".to_string()])
    );
    let texts = q.strings("text");
    let sentences = q.strings("sentence");
    for (t, s) in texts.iter().zip(&sentences) {
        let (t, s) = (t.as_deref().unwrap(), s.as_deref().unwrap());
        assert!(s.contains(t), "the sentence {s:?} holds the quote {t:?}");
    }
    let codes = q.lists("speaker_codes");
    let actors = q.lists("speaker_actors");
    for (c, a) in codes.iter().zip(&actors) {
        assert_eq!(c.len(), a.len(), "one code (or null) per speaker actor");
    }

    // actors.parquet: roles as lists; events.parquet: CAMEO codes as the layer has them.
    let a = Table::read(&dir.path().join("actors.parquet"));
    let roles: Vec<Vec<String>> = docs
        .iter()
        .flat_map(|d| d.actors.iter().map(|a| a.roles.clone()))
        .collect();
    assert_eq!(a.lists("roles"), roles);
    let e = Table::read(&dir.path().join("events.parquet"));
    let codes: Vec<Option<String>> = docs
        .iter()
        .flat_map(|d| d.events.iter().map(|e| Some(e.code.clone())))
        .collect();
    assert_eq!(e.strings("event_code"), codes);
}

#[test]
fn an_unfinished_export_leaves_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = ParquetWriter::create(dir.path(), Options::default()).unwrap();
    writer.write(Rows::render(&analysed()[2])).unwrap();
    drop(writer);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
