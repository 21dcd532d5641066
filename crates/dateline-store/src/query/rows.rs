//! The filters views take and the rows they return: plain types that serialize to JSON
//! (the API's items, `dateline query --format jsonl`), with their fields listed in order
//! ([`View::COLUMNS`]) for CSV and the terminal table.

use serde::Serialize;
use serde_json::Value;

/// The filters every view may take (each view reads the ones that apply to it).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Full text (`docs`, `timeline`), or a name (`actors`, `places`).
    pub q: Option<String>,
    /// First day, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a month or year counts whole).
    pub to: Option<String>,
    pub speaker: Option<String>,
    /// Words matched in the quote and its sentence.
    pub about: Option<String>,
    /// Actor type: person, org, place, group.
    pub kind: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// A CAMEO actor code (prefix: `USA` matches USA, USAGOV, USAMIL …) or a name.
    pub source: Option<String>,
    pub target: Option<String>,
    /// CAMEO root code, two digits.
    pub root: Option<String>,
    /// Timeline bucket: day, week or month.
    pub by: Option<String>,
    /// A stored place's id (`docs`: the documents that mention it).
    pub place: Option<i64>,
    pub all_copies: bool,
    pub limit: usize,
    /// Rows to skip (the API's cursor).
    pub offset: usize,
}

impl Filters {
    pub fn new() -> Filters {
        Filters {
            limit: 100,
            ..Filters::default()
        }
    }
}

/// A view's row type: its fields, in output order.
pub trait View: Serialize {
    const COLUMNS: &'static [&'static str];
    /// One record of many fields (`stats`): shown as `field: value` lines on a terminal.
    const RECORD: bool = false;

    /// The row's fields as text, in [`View::COLUMNS`] order: the cells of a CSV record or
    /// a terminal table (`dateline query`, the API's `format=csv`). No value is "", a list
    /// is joined with "; ", a float is written with at most four decimals, `true`/`false`
    /// as such.
    fn cells(&self) -> Vec<String> {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        Self::COLUMNS
            .iter()
            .map(|c| cell(value.get(*c).unwrap_or(&Value::Null)))
            .collect()
    }
}

/// One field as the text of a cell (see [`View::cells`]).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => {
                let s = format!("{x:.4}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocRow {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub cluster: i64,
    pub snippet: String,
    pub tone: Option<f64>,
    /// Other stored documents of the same story.
    pub copies: i64,
}

impl View for DocRow {
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "url",
        "title",
        "published",
        "cluster",
        "snippet",
        "tone",
        "copies",
    ];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuoteRow {
    pub text: String,
    /// The speaker's canonical corpus name, else the words that name the speaker.
    pub speaker: Option<String>,
    /// The corpus actor key of the speaker.
    pub speaker_key: Option<String>,
    pub speaker_country: Option<String>,
    /// The speaker's roles as this document gives them.
    pub speaker_role: Option<String>,
    pub kind: String,
    pub speaker_rule: String,
    /// Stored as the annotation's `f32`, written as such (0.6, not 0.6000000238…).
    pub confidence: Option<f32>,
    pub doc: String,
    pub published: Option<String>,
    /// Evidence: the quote's character offsets in the document text, and its sentence.
    pub start: i64,
    pub end: i64,
    pub sentence: String,
}

impl View for QuoteRow {
    const COLUMNS: &'static [&'static str] = &[
        "text",
        "speaker",
        "speaker_key",
        "speaker_country",
        "speaker_role",
        "kind",
        "speaker_rule",
        "confidence",
        "doc",
        "published",
        "start",
        "end",
        "sentence",
    ];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorRow {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub country: Option<String>,
    pub code: Option<String>,
    pub roles: Vec<String>,
    pub mentions: i64,
    pub documents: i64,
    pub variants: Vec<String>,
}

impl View for ActorRow {
    const COLUMNS: &'static [&'static str] = &[
        "key",
        "name",
        "type",
        "country",
        "code",
        "roles",
        "mentions",
        "documents",
        "variants",
    ];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRow {
    pub date: Option<String>,
    pub source: String,
    pub source_name: Option<String>,
    pub target: String,
    pub target_name: Option<String>,
    pub code: String,
    pub root: String,
    pub goldstein: f32,
    pub quad_class: i64,
    pub plover: Option<String>,
    pub negated: bool,
    pub modality: Option<String>,
    pub doc: String,
    pub published: Option<String>,
    /// Evidence: the sentence and its character offsets.
    pub start: i64,
    pub end: i64,
    pub sentence: String,
}

impl View for EventRow {
    const COLUMNS: &'static [&'static str] = &[
        "date",
        "source",
        "source_name",
        "target",
        "target_name",
        "code",
        "root",
        "goldstein",
        "quad_class",
        "plover",
        "negated",
        "modality",
        "doc",
        "published",
        "start",
        "end",
        "sentence",
    ];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineRow {
    pub bucket: String,
    pub matching: i64,
    pub total: i64,
    /// matching / total: attention normalised by the corpus's volume.
    pub share: f64,
    /// Mean document tone of the matching documents.
    pub tone: Option<f64>,
}

impl View for TimelineRow {
    const COLUMNS: &'static [&'static str] = &["bucket", "matching", "total", "share", "tone"];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CooccurRow {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub country: Option<String>,
    /// Documents both appear in.
    pub documents: i64,
    /// Mentions of this actor in those documents.
    pub mentions: i64,
}

impl View for CooccurRow {
    const COLUMNS: &'static [&'static str] =
        &["key", "name", "type", "country", "documents", "mentions"];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRow {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    pub subdivision: Option<String>,
    pub feature: String,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<i64>,
    pub mentions: i64,
    pub documents: i64,
}

impl View for PlaceRow {
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "country",
        "subdivision",
        "feature",
        "lat",
        "lon",
        "geonameid",
        "mentions",
        "documents",
    ];
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Stored documents (copies included).
    pub documents: i64,
    /// Distinct stories.
    pub clusters: i64,
    pub quotes: i64,
    pub actors: i64,
    pub events: i64,
    pub places: i64,
    /// First and last publication day.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Bytes on disk (the database and its write-ahead log).
    pub file_size: u64,
    pub schema_version: i64,
}

impl View for Stats {
    const RECORD: bool = true;
    const COLUMNS: &'static [&'static str] = &[
        "documents",
        "clusters",
        "quotes",
        "actors",
        "events",
        "places",
        "from",
        "to",
        "file_size",
        "schema_version",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_follow_the_columns_and_write_values_as_text() {
        let actor = ActorRow {
            key: "vladimir-putin".into(),
            name: "Vladimir Putin".into(),
            kind: "person".into(),
            country: None,
            code: Some("RUSGOV".into()),
            roles: vec!["President".into(), "leader".into()],
            mentions: 12,
            documents: 3,
            variants: Vec::new(),
        };
        assert_eq!(
            actor.cells(),
            [
                "vladimir-putin",
                "Vladimir Putin",
                "person",
                "",
                "RUSGOV",
                "President; leader",
                "12",
                "3",
                ""
            ]
        );
        let row = TimelineRow {
            bucket: "2025-08".into(),
            matching: 1,
            total: 3,
            share: 1.0 / 3.0,
            tone: Some(-2.5),
        };
        assert_eq!(row.cells(), ["2025-08", "1", "3", "0.3333", "-2.5"]);
        let whole = TimelineRow {
            share: 1.0,
            tone: None,
            ..row
        };
        assert_eq!(whole.cells()[3..], ["1", ""]);
    }
}
