//! Exports of invented articles analysed with the fixture knowledge base, a hand-written
//! tone lexicon, and events added by hand (the events coder is a separate crate): the CSV
//! tables parse back with their headers' column counts and offsets that slice the text, and
//! the TSV rows have GDELT's column counts with fields where the codebooks put them.
//!
//! Set `DATELINE_EXPORT_DIR=/some/dir` to keep the files of `gdelt_rows_line_up_with_the_codebooks`
//! (for `tests/check_gdelt_columns.py`, which loads them with the `gdelt` package's column
//! names).

use dateline_doc::{Doc, Event, Layer, Metadata, Provenance, Published, Span};
use dateline_export::csv::{ACTOR_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS};
use dateline_export::gdelt::EVENT_COLUMNS as GDELT_EVENT_COLUMNS;
use dateline_export::gkg::GKG_COLUMNS;
use dateline_export::{ExportFormat, Exporter};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::{SubstanceScorer, ToneLexicon, ToneScorer};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

const LEXICON: &str = "good\t1.9\nproductive\t1.5\nwar\t-2.9\nthreat\t-2.4\n";

const TEXT_A: &str = "Paris, France: Maria Lopez met the French foreign minister in Paris on Friday, \
officials said.\n\n“We will sign the treaty in Kyiv on March 3, and we will pay $7.2 million,” \
Lopez said. “The talks were productive, \"good\" even,” she said.\n\nThe war goes on.";

const TEXT_B: &str = "No quotes here. Ukraine’s army held its ground near Kyiv.";

fn analyse(id: &str, text: &str, url: Option<&str>) -> Doc {
    let resources = Resources::with_kb(Arc::new(Kb::fixture()));
    let pipeline = Pipeline::for_layers(
        &[Layer::Quotes, Layer::Times, Layer::Places, Layer::Amounts],
        &resources,
    )
    .unwrap();
    let mut meta = Metadata::with_id(id);
    meta.published = Some(Published::parse("2025-08-16T03:10:00Z").unwrap());
    meta.url = url.map(str::to_string);
    meta.title = Some("Talks, \"treaty\" & <more>".into());
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    pipeline.run(&mut doc);
    ToneScorer::new(ToneLexicon::from_str(LEXICON).unwrap()).run(&mut doc);
    SubstanceScorer::new().run(&mut doc);
    doc
}

/// Adds two events by hand, as the events coder would.
fn add_events(doc: &mut Doc) {
    let first_sentence = doc.sentences[0].span;
    let paris = doc
        .places
        .iter()
        .position(|p| p.name == "Paris")
        .map(|p| p as u32);
    let lopez = doc
        .actors
        .iter()
        .position(|a| a.name == "Maria Lopez")
        .map(|a| a as u32);
    let met = doc.text().find("met").unwrap();
    doc.events = vec![
        Event {
            span: first_sentence,
            source: "USAGOV".into(),
            target: "FRAGOV".into(),
            code: "043".into(),
            goldstein: 2.8,
            quad_class: 1,
            trigger: Span::new(met, met + 3),
            source_actor: lopez,
            date: Some("2025-08-15".into()),
            date_rule: "sentence-time",
            place: paris,
            provenance: Provenance::rule("events", "test"),
            ..Event::default()
        },
        Event {
            span: doc.sentences.last().unwrap().span,
            source: "RUSMIL".into(),
            target: "UKR".into(),
            code: "190".into(),
            goldstein: -10.0,
            quad_class: 4,
            date: Some("2022-02".into()),
            date_rule: "sentence-time",
            provenance: Provenance::rule("events", "test"),
            ..Event::default()
        },
    ];
    doc.mark_done(Layer::Events, Provenance::rule("events", "test"));
}

/// A small RFC 4180 reader for the test: records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            '\n' => panic!("bare LF outside quotes"),
            _ => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "last record without CRLF"
    );
    records
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn chars(text: &str, start: &str, end: &str) -> String {
    let (s, e): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn formats_parse_from_their_names() {
    assert_eq!(
        ExportFormat::from_str("gdelt-events").unwrap(),
        ExportFormat::GdeltEvents
    );
    for f in ExportFormat::ALL {
        assert_eq!(ExportFormat::from_str(f.name()).unwrap(), f);
    }
    let err = ExportFormat::from_str("xml").unwrap_err().to_string();
    assert!(err.contains("csv, gdelt-events, gkg"), "{err}");
}

#[test]
fn csv_tables_parse_back_with_offsets_into_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = analyse("doc,a", TEXT_A, Some("https://www.example.com/talks"));
    add_events(&mut a);
    let b = analyse("doc-b", TEXT_B, None);
    let mut ex = Exporter::create(dir.path(), &[ExportFormat::Csv]).unwrap();
    ex.write(&a).unwrap();
    ex.write(&b).unwrap();
    let summary = ex.finish().unwrap();
    assert_eq!(summary.documents, 2);
    assert_eq!(summary.files.len(), 4);
    assert!(!dir.path().join("gkg.tsv").exists());

    for (name, header) in [
        ("documents.csv", &DOCUMENT_COLUMNS[..]),
        ("actors.csv", &ACTOR_COLUMNS[..]),
        ("quotes.csv", &QUOTE_COLUMNS[..]),
        ("events.csv", &EVENT_COLUMNS[..]),
    ] {
        let records = parse_csv(&read(dir.path(), name));
        assert_eq!(records[0], header, "{name} header");
        for r in &records[1..] {
            assert_eq!(r.len(), header.len(), "{name}: {r:?}");
        }
        let rows = summary
            .files
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap()
            .1;
        assert_eq!(rows as usize, records.len() - 1, "{name} row count");
    }

    let docs = parse_csv(&read(dir.path(), "documents.csv"));
    assert_eq!(docs.len(), 3);
    // The id with a comma was quoted and reads back whole.
    assert_eq!(docs[1][0], "doc,a");
    assert_eq!(docs[1][1], "https://www.example.com/talks");
    assert_eq!(docs[1][2], "Talks, \"treaty\" & <more>");
    assert_eq!(docs[1][4], "2025-08-16T03:10:00Z");
    let col = |name: &str| DOCUMENT_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(docs[1][col("chars")], TEXT_A.chars().count().to_string());
    assert_eq!(docs[1][col("events")], "2");
    assert!(!docs[1][col("tone")].is_empty());
    assert!(!docs[1][col("substance_ratio")].is_empty());
    assert_eq!(docs[2][0], "doc-b");
    assert_eq!(docs[2][col("statements")], "0");

    // Quote rows: the text column equals the text under the character offsets, and the
    // substance class of the statement is carried.
    let quotes = parse_csv(&read(dir.path(), "quotes.csv"));
    assert!(quotes.len() >= 3, "{quotes:?}");
    for q in &quotes[1..] {
        assert_eq!(q[0], "doc,a");
        assert_eq!(chars(TEXT_A, &q[2], &q[3]), q[13], "{q:?}");
    }
    let sign = quotes
        .iter()
        .find(|q| q[13].contains("sign the treaty"))
        .unwrap();
    assert_eq!(sign[6], "Maria Lopez");
    assert_eq!(sign[11], "concrete");
    // A quotation holding a comma and straight quotation marks round-trips.
    assert!(quotes.iter().any(|q| q[13].contains("\"good\" even")));

    let actors = parse_csv(&read(dir.path(), "actors.csv"));
    let lopez = actors.iter().find(|r| r[2] == "Maria Lopez").unwrap();
    assert_eq!(lopez[3], "person");
    assert_eq!(chars(TEXT_A, &lopez[9], &lopez[10]), "Maria Lopez");

    let events = parse_csv(&read(dir.path(), "events.csv"));
    assert_eq!(events.len(), 3);
    assert_eq!(&events[1][8..12], ["043", "043", "04", "1"]);
    assert_eq!(events[1][18], "Paris");
    assert_eq!(events[1][22], "met");
    assert_eq!(&events[2][8..11], ["190", "190", "19"]);
    assert_eq!(events[2][16], "2022-02");
}

#[test]
fn gdelt_rows_line_up_with_the_codebooks() {
    let kept = std::env::var_os("DATELINE_EXPORT_DIR");
    let tmp = tempfile::tempdir().unwrap();
    let dir = kept.as_deref().map_or(tmp.path(), Path::new);
    let mut a = analyse("doc-a", TEXT_A, Some("https://www.example.com/talks"));
    add_events(&mut a);
    let b = analyse("doc-b", TEXT_B, None);
    let mut ex = Exporter::create(dir, &[ExportFormat::GdeltEvents, ExportFormat::Gkg]).unwrap();
    ex.write(&a).unwrap();
    ex.write(&b).unwrap();
    ex.finish().unwrap();
    assert!(!dir.join("documents.csv").exists() || kept.is_some());

    let events = read(dir, "gdelt-events.tsv");
    let rows: Vec<Vec<&str>> = events.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| {
        GDELT_EVENT_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    for r in &rows {
        assert_eq!(r.len(), 61);
    }
    let r = &rows[0];
    assert_eq!(r[col("GlobalEventID")], "1");
    assert_eq!(r[col("Day")], "20250815");
    assert_eq!(r[col("MonthYear")], "202508");
    assert_eq!(r[col("Year")], "2025");
    assert_eq!(r[col("FractionDate")], "2025.6219");
    assert_eq!(r[col("Actor1Code")], "USAGOV");
    assert_eq!(r[col("Actor1Name")], "MARIA LOPEZ");
    assert_eq!(r[col("Actor1CountryCode")], "USA");
    assert_eq!(r[col("Actor1Type1Code")], "GOV");
    assert_eq!(r[col("Actor2Code")], "FRAGOV");
    assert_eq!(r[col("Actor2CountryCode")], "FRA");
    assert_eq!(r[col("IsRootEvent")], "1");
    assert_eq!(r[col("EventCode")], "043");
    assert_eq!(r[col("EventBaseCode")], "043");
    assert_eq!(r[col("EventRootCode")], "04");
    assert_eq!(r[col("QuadClass")], "1");
    assert_eq!(r[col("GoldsteinScale")], "2.8");
    assert_eq!(r[col("NumMentions")], "1");
    assert!(r[col("AvgTone")].parse::<f64>().is_ok());
    assert_eq!(r[col("ActionGeo_Type")], "4");
    assert_eq!(r[col("ActionGeo_FullName")], "Paris");
    assert_eq!(r[col("ActionGeo_CountryCode")], "FR");
    assert!(r[col("ActionGeo_Lat")].starts_with("48.8"));
    assert!(r[col("ActionGeo_Long")].starts_with("2.3"));
    assert_eq!(r[col("DATEADDED")], "20250816031000");
    assert_eq!(r[col("SOURCEURL")], "https://www.example.com/talks");
    let r = &rows[1];
    assert_eq!(r[col("GlobalEventID")], "2");
    assert_eq!(r[col("Day")], "20220201");
    assert_eq!(r[col("Actor1CountryCode")], "RUS");
    assert_eq!(r[col("Actor1Type1Code")], "MIL");
    assert_eq!(r[col("IsRootEvent")], "0");
    assert_eq!(r[col("EventRootCode")], "19");
    assert_eq!(r[col("QuadClass")], "4");
    assert_eq!(r[col("ActionGeo_Type")], "");

    let gkg = read(dir, "gkg.tsv");
    let rows: Vec<Vec<&str>> = gkg.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r.len(), 27);
    }
    let col = |name: &str| GKG_COLUMNS.iter().position(|c| *c == name).unwrap();
    let r = &rows[0];
    assert_eq!(r[col("GKGRECORDID")], "20250816031000-1");
    assert_eq!(r[col("V2.1DATE")], "20250816031000");
    assert_eq!(r[col("V2SOURCECOLLECTIONIDENTIFIER")], "1");
    assert_eq!(r[col("V2SOURCECOMMONNAME")], "example.com");
    assert!(r[col("V1PERSONS")].contains("Maria Lopez"));
    assert!(r[col("V2ENHANCEDPERSONS")].contains("Maria Lopez,15"));
    assert!(
        r[col("V1LOCATIONS")].contains("4#Paris#FR#"),
        "{}",
        r[col("V1LOCATIONS")]
    );
    assert_eq!(r[col("V1.5TONE")].split(',').count(), 7);
    assert!(
        r[col("V2.1ENHANCEDDATES")].contains("#3#"),
        "{}",
        r[col("V2.1ENHANCEDDATES")]
    );
    assert!(r[col("V2GCAM")].starts_with("wc:"));
    let quotations = r[col("V2.1QUOTATIONS")];
    let first: Vec<&str> = quotations.split('#').next().unwrap().split('|').collect();
    assert_eq!(first.len(), 4, "{quotations}");
    assert_eq!(
        chars(
            TEXT_A,
            first[0],
            &(first[0].parse::<usize>().unwrap() + first[1].parse::<usize>().unwrap()).to_string()
        ),
        first[3]
    );
    assert_eq!(first[2], "said");
    assert!(
        r[col("V2.1AMOUNTS")].contains("7200000,USD,"),
        "{}",
        r[col("V2.1AMOUNTS")]
    );
    assert_eq!(
        r[col("V2EXTRASXML")],
        "<PAGE_TITLE>Talks, \"treaty\" &amp; &lt;more&gt;</PAGE_TITLE>"
    );
    let r = &rows[1];
    assert_eq!(r[col("GKGRECORDID")], "20250816031000-2");
    assert_eq!(r[col("V2SOURCECOLLECTIONIDENTIFIER")], "2");
    assert_eq!(r[col("V2DOCUMENTIDENTIFIER")], "doc-b");
    assert_eq!(r[col("V2.1QUOTATIONS")], "");
}

/// Column names as the PyPI `gdelt` package (gdeltPyR 0.1.14, `data/events2.csv` and
/// `data/gkg2.csv`) names them, a reader's view of the same codebooks. Ours follow the
/// codebooks' spelling; they must line up position by position.
const READER_EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

const READER_GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
];

/// A codebook name without its version prefix and the words readers drop
/// ("V2ENHANCEDLOCATIONS" → "LOCATIONS", "V2.1DATE" → "DATE", "V2EXTRASXML" → "EXTRAS").
fn bare(name: &str) -> String {
    let mut n = name.to_uppercase();
    for prefix in ["V2.1", "V1.5", "V1", "V2"] {
        if let Some(rest) = n.strip_prefix(prefix) {
            n = rest.to_string();
            break;
        }
    }
    n.replace("ENHANCED", "").replace("XML", "")
}

#[test]
fn column_names_match_a_gdelt_reader() {
    for (i, (ours, theirs)) in GDELT_EVENT_COLUMNS
        .iter()
        .zip(READER_EVENT_COLUMNS)
        .enumerate()
    {
        // The codebook calls column 2 "Day"; the SQL-era name readers use is "SQLDATE".
        let same = ours.eq_ignore_ascii_case(theirs) || (*ours == "Day" && theirs == "SQLDATE");
        assert!(same, "event column {i}: {ours} vs {theirs}");
    }
    for (i, (ours, theirs)) in GKG_COLUMNS.iter().zip(READER_GKG_COLUMNS).enumerate() {
        assert_eq!(
            bare(ours),
            bare(theirs),
            "GKG column {i}: {ours} vs {theirs}"
        );
    }
}

#[test]
fn constant_memory_streaming_of_many_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = analyse("d", TEXT_A, None);
    add_events(&mut doc);
    let mut ex = Exporter::create(
        dir.path(),
        &[
            ExportFormat::Csv,
            ExportFormat::GdeltEvents,
            ExportFormat::Gkg,
        ],
    )
    .unwrap();
    for _ in 0..500 {
        ex.write(&doc).unwrap();
    }
    let summary = ex.finish().unwrap();
    let rows = |name: &str| {
        summary
            .files
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap()
            .1
    };
    assert_eq!(rows("documents.csv"), 500);
    assert_eq!(rows("gdelt-events.tsv"), 1000);
    assert_eq!(rows("gkg.tsv"), 500);
    let last = read(dir.path(), "gdelt-events.tsv");
    assert!(last.lines().last().unwrap().starts_with("1000\t"));
}

#[test]
fn unwritable_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let err = Exporter::create(&file.join("sub"), &[ExportFormat::Csv])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("plain-file"), "{err}");
}

#[test]
fn rendering_on_threads_writes_the_same_bytes() {
    let mut a = analyse("doc-a", TEXT_A, Some("https://example.com/a"));
    add_events(&mut a);
    let b = analyse("doc-b", TEXT_B, None);
    let docs = [a, b.clone(), b];
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ex = Exporter::create(one.path(), &ExportFormat::ALL).unwrap();
    for d in &docs {
        ex.write(d).unwrap();
    }
    ex.finish().unwrap();
    let rendered: Vec<dateline_export::Rendered> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .iter()
            .map(|d| s.spawn(move || dateline_export::render(d, &ExportFormat::ALL)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut ex = Exporter::create(two.path(), &ExportFormat::ALL).unwrap();
    for r in &rendered {
        ex.write_rendered(r).unwrap();
    }
    ex.finish().unwrap();
    for f in ExportFormat::ALL {
        for name in f.files() {
            assert_eq!(read(one.path(), name), read(two.path(), name), "{name}");
        }
    }
    let gkg = read(two.path(), "gkg.tsv");
    let ids: Vec<&str> = gkg.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(
        ids,
        ["20250816031000-1", "20250816031000-2", "20250816031000-3"]
    );
}
