//! CSV tables (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a
//! comma, a quotation mark, CR or LF (quotation marks doubled inside).
//!
//! | file | one row per | columns |
//! |---|---|---|
//! | documents.csv | document | [`DOCUMENT_COLUMNS`]: id, metadata, layer counts, V2Tone fields, substance |
//! | actors.csv | actor | [`ACTOR_COLUMNS`]: id, name, kind, country, CAMEO-style code, roles, first mention |
//! | quotes.csv | quote span | [`QUOTE_COLUMNS`]: span, kind, speakers, cue, the words, substance class |
//! | events.csv | event | [`EVENT_COLUMNS`]: span, actors, CAMEO code/base/root, QuadClass, Goldstein, date, place, trigger |
//!
//! Spans are character offsets into the document's text; lists inside a field (roles,
//! speakers) are joined with "; ". Actor ids are those of the JSON output ("A0", "A1" …).

use crate::util::num;
use crate::{ExportError, Sink};
use dateline_doc::{CharOffsets, Doc, Span, Statement};
use std::io::Write;
use std::path::Path;

pub const FILES: [&str; 4] = ["documents.csv", "actors.csv", "quotes.csv", "events.csv"];

pub const DOCUMENT_COLUMNS: [&str; 24] = [
    "doc_id",
    "url",
    "title",
    "source",
    "published",
    "language",
    "chars",
    "sentences",
    "entities",
    "actors",
    "quotes",
    "events",
    "tone",
    "positive",
    "negative",
    "polarity",
    "activity_density",
    "self_group_density",
    "word_count",
    "substance_ratio",
    "statements",
    "concrete",
    "vague",
    "hedged",
];

pub const ACTOR_COLUMNS: [&str; 11] = [
    "doc_id",
    "actor_id",
    "name",
    "kind",
    "country",
    "code",
    "roles",
    "gender",
    "mentions",
    "first_start",
    "first_end",
];

pub const QUOTE_COLUMNS: [&str; 14] = [
    "doc_id",
    "quote_index",
    "start",
    "end",
    "kind",
    "utterance",
    "speakers",
    "speaker_actors",
    "speaker_rule",
    "cue",
    "confidence",
    "substance_class",
    "substance_reason",
    "text",
];

pub const EVENT_COLUMNS: [&str; 25] = [
    "doc_id",
    "event_index",
    "start",
    "end",
    "source",
    "source_actor",
    "target",
    "target_actor",
    "code",
    "base_code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover",
    "negated",
    "modality",
    "date",
    "date_rule",
    "place",
    "lat",
    "lon",
    "country",
    "trigger",
    "quote_index",
    "rule",
];

/// Writes RFC 4180 records to any `Write`.
pub struct CsvWriter;

impl CsvWriter {
    /// Writes one record (CRLF-terminated).
    pub fn record<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> std::io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            Self::field(out, f.as_ref())?;
        }
        out.write_all(b"\r\n")
    }

    fn field<W: Write>(out: &mut W, f: &str) -> std::io::Result<()> {
        if !f.contains([',', '"', '\r', '\n']) {
            return out.write_all(f.as_bytes());
        }
        out.write_all(b"\"")?;
        for (i, part) in f.split('"').enumerate() {
            if i > 0 {
                out.write_all(b"\"\"")?;
            }
            out.write_all(part.as_bytes())?;
        }
        out.write_all(b"\"")
    }
}

pub(crate) struct CsvTables {
    documents: Sink,
    actors: Sink,
    quotes: Sink,
    events: Sink,
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl CsvTables {
    pub(crate) fn create(dir: &Path) -> Result<CsvTables, ExportError> {
        let mut t = CsvTables {
            documents: Sink::create(dir, FILES[0])?,
            actors: Sink::create(dir, FILES[1])?,
            quotes: Sink::create(dir, FILES[2])?,
            events: Sink::create(dir, FILES[3])?,
        };
        for (sink, header) in [
            (&mut t.documents, &DOCUMENT_COLUMNS[..]),
            (&mut t.actors, &ACTOR_COLUMNS[..]),
            (&mut t.quotes, &QUOTE_COLUMNS[..]),
            (&mut t.events, &EVENT_COLUMNS[..]),
        ] {
            CsvWriter::record(&mut sink.out, header).map_err(|e| sink.err(e))?;
        }
        Ok(t)
    }

    pub(crate) fn into_sinks(self) -> [Sink; 4] {
        [self.documents, self.actors, self.quotes, self.events]
    }

    pub(crate) fn write(&mut self, rows: &CsvRows) -> Result<(), ExportError> {
        let sinks = [
            &mut self.documents,
            &mut self.actors,
            &mut self.quotes,
            &mut self.events,
        ];
        for (sink, (bytes, n)) in sinks.into_iter().zip(rows.tables.iter().zip(rows.rows)) {
            sink.out.write_all(bytes).map_err(|e| sink.err(e))?;
            sink.rows += n;
        }
        Ok(())
    }
}

/// One document's rows of the four tables, rendered to bytes (see [`crate::render`]).
#[derive(Debug, Clone, Default)]
pub struct CsvRows {
    tables: [Vec<u8>; 4],
    rows: [u64; 4],
}

impl CsvRows {
    fn push(&mut self, table: usize, row: &[String]) {
        // Writing into a Vec cannot fail.
        let _ = CsvWriter::record(&mut self.tables[table], row);
        self.rows[table] += 1;
    }

    pub(crate) fn render(doc: &Doc, o: &CharOffsets<'_>) -> CsvRows {
        let mut out = CsvRows::default();
        let id = doc.meta.id.as_str();
        let start = |s: Span| o.char_offset(s.start as usize).to_string();
        let end = |s: Span| o.char_offset(s.end as usize).to_string();

        // documents.csv
        let m = &doc.meta;
        let mut row: Vec<String> = vec![
            id.to_string(),
            opt(&m.url),
            opt(&m.title),
            opt(&m.source),
            m.published.map(|p| p.to_string()).unwrap_or_default(),
            opt(&m.language),
            o.char_offset(doc.text().len()).to_string(),
            doc.sentences.len().to_string(),
            doc.entities.len().to_string(),
            doc.actors.len().to_string(),
            doc.quotes.len().to_string(),
            doc.events.len().to_string(),
        ];
        match &doc.tone {
            Some(t) => {
                let d = &t.document;
                row.extend([
                    num(d.tone, 4),
                    num(d.positive, 4),
                    num(d.negative, 4),
                    num(d.polarity, 4),
                    num(d.activity_density, 4),
                    num(d.self_group_density, 4),
                    d.word_count.to_string(),
                ]);
            }
            None => row.extend(std::iter::repeat_n(String::new(), 7)),
        }
        match &doc.substance {
            Some(s) => row.extend([
                num(s.ratio, 4),
                s.statements.len().to_string(),
                s.concrete.to_string(),
                s.vague.to_string(),
                s.hedged.to_string(),
            ]),
            None => row.extend(std::iter::repeat_n(String::new(), 5)),
        }
        out.push(0, &row);

        // actors.csv
        for (i, a) in doc.actors.iter().enumerate() {
            let first = a.mentions.iter().map(|m| m.span).min();
            let row = [
                id.to_string(),
                dateline_doc::json::actor_id(i as u32),
                a.name.clone(),
                serde_name(&a.kind),
                opt(&a.country),
                opt(&a.code),
                a.roles.join("; "),
                a.gender.map(|g| serde_name(&g)).unwrap_or_default(),
                a.mentions.len().to_string(),
                first.map(start).unwrap_or_default(),
                first.map(end).unwrap_or_default(),
            ];
            out.push(1, &row);
        }

        // quotes.csv
        let statement_of = |qi: usize| -> Option<&Statement> {
            doc.substance
                .as_ref()?
                .statements
                .iter()
                .find(|s| s.quotes.contains(&(qi as u32)))
        };
        for (i, q) in doc.quotes.iter().enumerate() {
            let st = statement_of(i);
            let row = [
                id.to_string(),
                i.to_string(),
                start(q.span),
                end(q.span),
                q.kind.to_string(),
                q.utterance.to_string(),
                q.speakers.join("; "),
                q.speaker_actors
                    .iter()
                    .map(|&a| dateline_doc::json::actor_id(a))
                    .collect::<Vec<_>>()
                    .join("; "),
                q.speaker_rule.to_string(),
                q.cue.map(|c| doc.slice(c).to_string()).unwrap_or_default(),
                q.provenance
                    .confidence
                    .map(|c| num(f64::from(c), 3))
                    .unwrap_or_default(),
                st.map(|s| s.class.to_string()).unwrap_or_default(),
                st.map(|s| s.reason.to_string()).unwrap_or_default(),
                doc.slice(q.span).to_string(),
            ];
            out.push(2, &row);
        }

        // events.csv
        for (i, e) in doc.events.iter().enumerate() {
            let place = e.place.and_then(|p| doc.places.get(p as usize));
            let row = [
                id.to_string(),
                i.to_string(),
                start(e.span),
                end(e.span),
                e.source.clone(),
                e.source_actor
                    .map(dateline_doc::json::actor_id)
                    .unwrap_or_default(),
                e.target.clone(),
                e.target_actor
                    .map(dateline_doc::json::actor_id)
                    .unwrap_or_default(),
                e.code.clone(),
                e.base().to_string(),
                e.root().to_string(),
                if e.quad_class == 0 {
                    String::new()
                } else {
                    e.quad_class.to_string()
                },
                num(f64::from(e.goldstein), 1),
                e.plover.unwrap_or_default().to_string(),
                e.negated.to_string(),
                e.modality.unwrap_or_default().to_string(),
                opt(&e.date),
                e.date_rule.to_string(),
                place.map(|p| p.name.clone()).unwrap_or_default(),
                place.map(|p| num(p.lat, 4)).unwrap_or_default(),
                place.map(|p| num(p.lon, 4)).unwrap_or_default(),
                place.and_then(|p| p.country.clone()).unwrap_or_default(),
                if e.trigger.is_empty() {
                    String::new()
                } else {
                    doc.slice(e.trigger).to_string()
                },
                e.quote.map(|q| q.to_string()).unwrap_or_default(),
                e.provenance.rule.to_string(),
            ];
            out.push(3, &row);
        }
        out
    }
}

/// The snake_case name a serde enum serializes to ("person", "country").
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(fields: &[&str]) -> String {
        let mut out = Vec::new();
        CsvWriter::record(&mut out, fields).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(rec(&["a", "b c", ""]), "a,b c,\r\n");
        assert_eq!(rec(&["x,y"]), "\"x,y\"\r\n");
        assert_eq!(
            rec(&["he said \"no\"", "two\nlines"]),
            "\"he said \"\"no\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(rec(&["“curly” ok"]), "“curly” ok\r\n");
    }
}
