//! The views of a corpus: each written once, here, for `dateline query` and the HTTP API.
//!
//! A view takes [`Filters`] and returns typed rows that serialize to JSON; [`View::COLUMNS`]
//! lists the fields in order, for CSV and the terminal table. Filters compose (all given
//! filters must hold). Names (`--speaker`, `--source`, `cooccur NAME` …) are matched
//! against corpus actors and every variant any document used, case-insensitively
//! ([`Store::actor_ids`]). Unless `all_copies` is set, a story told by several documents
//! (syndicated copies) counts once: only each story's representative is read. Lists of
//! dated items come newest first; `docs --q` comes by BM25 relevance.
//!
//! Every query is parameterised; user text reaches FTS5 only through [`fts_query`], which
//! quotes each word so that no input is read as FTS syntax.

use crate::names;
use crate::{Store, StoreError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params_from_iter};
use serde::Serialize;

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

/// SQL text and its parameters, built up filter by filter.
struct Sql {
    text: String,
    params: Vec<SqlValue>,
}

impl Sql {
    fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            params: Vec::new(),
        }
    }

    /// Appends `clause` with one parameter per `?` in it.
    fn and(&mut self, clause: &str, values: impl IntoIterator<Item = SqlValue>) {
        self.text.push_str(" AND ");
        self.text.push_str(clause);
        self.params.extend(values);
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `(?, ?, …)` for a list of ids.
    fn in_list(ids: &[i64]) -> String {
        let marks = vec!["?"; ids.len().max(1)].join(", ");
        format!("({marks})")
    }
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

fn ints(ids: &[i64]) -> Vec<SqlValue> {
    if ids.is_empty() {
        // `IN (?)` with a value no row has: an empty match, not an SQL error.
        return vec![SqlValue::Integer(i64::MIN)];
    }
    ids.iter().map(|&i| SqlValue::Integer(i)).collect()
}

/// A date bound from `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (`end` false) or last
/// day it covers.
pub fn date_bound(s: &str, end: bool) -> Result<String, StoreError> {
    let s = s.trim();
    let bad = || {
        StoreError::Invalid(format!(
            "cannot read {s:?} as a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        ))
    };
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Result<i32, StoreError> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let year = num(parts.first().copied().unwrap_or(""), 4)?;
    let month = match parts.get(1) {
        Some(m) => Some(num(m, 2)?),
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => Some(num(d, 2)?),
        None => None,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    let month_v = month.unwrap_or(if end { 12 } else { 1 });
    if !(1..=12).contains(&month_v) {
        return Err(bad());
    }
    let first = jiff::civil::Date::new(year as i16, month_v as i8, 1).map_err(|_| bad())?;
    let date = match day {
        Some(d) => {
            jiff::civil::Date::new(year as i16, month_v as i8, d as i8).map_err(|_| bad())?
        }
        None if end => first.last_of_month(),
        None => first,
    };
    Ok(date.to_string())
}

/// A user's search text as an FTS5 query: each word quoted (so that nothing is read as
/// syntax), `"a phrase"` kept as a phrase, a trailing `*` kept as a prefix search, `OR`
/// between words kept; otherwise all words must occur.
pub fn fts_query(user: &str) -> Result<String, StoreError> {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = user.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, next) = match after.find('"') {
                Some(i) => (&after[..i], &after[i + 1..]),
                None => (after, ""),
            };
            let words: Vec<&str> = phrase.split_whitespace().collect();
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ").replace('"', "")));
            }
            rest = next.trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if word == "OR" {
            if !parts.is_empty() && parts.last().is_some_and(|p| p != "OR") {
                parts.push("OR".into());
            }
            continue;
        }
        let (stem, prefix) = match word.strip_suffix('*') {
            Some(s) => (s, true),
            None => (word, false),
        };
        // Only letters and digits make FTS tokens; the rest would only confuse the parser.
        let clean: String = stem
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
        if clean.is_empty() {
            continue;
        }
        parts.push(format!("\"{clean}\"{}", if prefix { "*" } else { "" }));
    }
    while parts.last().is_some_and(|p| p == "OR") {
        parts.pop();
    }
    if parts.is_empty() {
        return Err(StoreError::Invalid(format!(
            "nothing to search for in {user:?}"
        )));
    }
    Ok(parts.join(" "))
}

/// A list's own conditions as the chosen plan needs them: as they are when they drive the
/// query, else with their columns behind `+`, so that SQLite tests them on each row of
/// the newest documents instead of looking every listed value up for every document.
fn driven_by(conditions: &str, alias: &str, drive: bool) -> String {
    if drive {
        conditions.to_string()
    } else {
        conditions
            .replace(&format!(" {alias}"), &format!(" +{alias}"))
            .replace(&format!("({alias}"), &format!("(+{alias}"))
    }
}

/// Documents `cooccur` reads at most (the latest ingested that mention the actor).
pub const COOCCUR_DOCS: usize = 5000;

/// Above this many matching rows, a list of quotes or events is read newest document
/// first (stopping at the page) rather than by collecting and sorting every match.
const DRIVE: usize = 2000;

/// Whether a `--source`/`--target` value is a CAMEO code rather than a name: upper-case
/// letters in groups of three ("USA", "RUSGOV", "IGO").
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() % 3 == 0 && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl Store {
    /// Corpus actors a name refers to: an actor key, else every actor any document called
    /// that (full names before surnames), else actors whose name contains it.
    pub fn actor_ids(&self, name: &str) -> Result<Vec<i64>, StoreError> {
        let conn = &self.conn;
        if let Some(id) = conn
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")?
            .query_row([name.trim()], |r| r.get::<_, i64>(0))
            .optional()?
        {
            return Ok(vec![id]);
        }
        let norm = names::normalize(name);
        if norm.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT actor, surname FROM actor_names WHERE name = ?1 ORDER BY surname, count DESC",
        )?;
        let found: Vec<(i64, bool)> = stmt
            .query_map([&norm], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?
            .collect::<Result<_, _>>()?;
        let full: Vec<i64> = found.iter().filter(|(_, s)| !s).map(|(a, _)| *a).collect();
        if !full.is_empty() {
            return Ok(full);
        }
        if !found.is_empty() {
            return Ok(found.into_iter().map(|(a, _)| a).collect());
        }
        let like = format!("%{}%", name.trim().replace(['%', '_'], ""));
        let ids = conn
            .prepare_cached(
                "SELECT id FROM actors WHERE name LIKE ?1 ORDER BY mentions DESC LIMIT 50",
            )?
            .query_map([like], |r| r.get::<_, i64>(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// `docs`: documents by full text (BM25) and date, else the newest.
    pub fn docs(&self, f: &Filters) -> Result<Vec<DocRow>, StoreError> {
        let sql = match &f.q {
            Some(q) => {
                let fts = fts_query(q)?;
                let ids = self.ranked_docs(&fts, f)?;
                // Snippets for the page only: snippet() on every match before the sort
                // would cost more than the search.
                let mut sql = Sql::new(&format!(
                    "SELECT d.doc_id, d.url, d.title, d.published, d.cluster,
                     snippet(docs_fts, 1, '[', ']', '…', 20), d.tone,
                     (SELECT size FROM clusters WHERE id = d.cluster) - 1, d.id
                     FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid
                     WHERE docs_fts MATCH ? AND docs_fts.rowid IN {}",
                    Sql::in_list(&ids)
                ));
                sql.params.push(text(&fts));
                sql.params.extend(ints(&ids));
                let mut rows =
                    self.rows(&sql, |r| Ok((r.get::<_, i64>(8)?, doc_row(r, false)?)))?;
                in_order(&mut rows, &ids);
                return Ok(rows.into_iter().map(|(_, r)| r).collect());
            }
            None => {
                let mut sql = Sql::new(
                    "SELECT d.doc_id, d.url, d.title, d.published, d.cluster,
                     substr(d.text, 1, 240), d.tone,
                     (SELECT size FROM clusters WHERE id = d.cluster) - 1
                     FROM docs d WHERE 1",
                );
                self.date_filters(&mut sql, f, "d.day")?;
                if !f.all_copies {
                    sql.and("d.canonical = 1", []);
                }
                sql.push(" ORDER BY d.day DESC, d.id DESC");
                self.page(&mut sql, f);
                sql
            }
        };
        self.rows(&sql, |r| doc_row(r, true))
    }

    /// The ids of a page of documents matching a full-text query, best first (BM25, the
    /// title weighing four times the text).
    ///
    /// FTS5 first ranks on its own (`ORDER BY rank`, its fastest path) a few times more
    /// matches than the page needs, and copies and documents outside the dates are dropped
    /// after; only if that leaves the page short (a narrow date range) does the slower path
    /// run, which joins every match with its document to filter first.
    fn ranked_docs(&self, fts: &str, f: &Filters) -> Result<Vec<i64>, StoreError> {
        let want = f.offset + f.limit.max(1);
        let k = want * 4 + 64;
        let top = Sql {
            text: "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT ?".into(),
            params: vec![text(fts), SqlValue::Integer(k as i64)],
        };
        let ranked: Vec<i64> = self.rows(&top, |r| r.get(0))?;
        let mut kept = ranked.clone();
        let filtered = !f.all_copies || f.from.is_some() || f.to.is_some();
        if filtered && !ranked.is_empty() {
            let mut keep = Sql {
                text: format!(
                    "SELECT id FROM docs d WHERE id IN {}",
                    Sql::in_list(&ranked)
                ),
                params: ints(&ranked),
            };
            self.date_filters(&mut keep, f, "d.day")?;
            if !f.all_copies {
                keep.and("d.canonical = 1", []);
            }
            let wanted: std::collections::HashSet<i64> =
                self.rows(&keep, |r| r.get(0))?.into_iter().collect();
            kept.retain(|id| wanted.contains(id));
        }
        if kept.len() >= want || ranked.len() < k {
            return Ok(kept
                .into_iter()
                .skip(f.offset)
                .take(f.limit.max(1))
                .collect());
        }
        let mut top = Sql::new(
            "SELECT d.id FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ?",
        );
        top.params.push(text(fts));
        // `+` keeps SQLite from walking the date index and probing the full-text index
        // once per document: the search drives, dates only filter.
        self.date_filters(&mut top, f, "+d.day")?;
        if !f.all_copies {
            top.and("+d.canonical = 1", []);
        }
        top.push(" ORDER BY bm25(docs_fts, 4.0, 1.0), d.id DESC");
        self.page(&mut top, f);
        self.rows(&top, |r| r.get(0))
    }

    /// `quotes`: who said what, by speaker, topic and date.
    pub fn quotes(&self, f: &Filters) -> Result<Vec<QuoteRow>, StoreError> {
        // Two steps: the page's quote ids (filters and order only, no text read), then
        // the rows of those ids with their text and sentence.
        let mut own = Sql::new("");
        if let Some(name) = &f.speaker {
            let ids = self.actor_ids(name)?;
            if ids.is_empty() {
                let like = format!("%{}%", name.trim().replace(['%', '_'], ""));
                own.and("q.speaker_text LIKE ?", [SqlValue::Text(like)]);
            } else {
                let list = Sql::in_list(&ids);
                let mut values = ints(&ids);
                values.extend(ints(&ids));
                own.and(
                    &format!(
                        "(q.speaker IN {list} OR q.id IN (SELECT quote FROM quote_speakers WHERE actor IN {list}))"
                    ),
                    values,
                );
            }
        }
        if let Some(about) = &f.about {
            own.and(
                "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
                [text(&fts_query(about)?)],
            );
        }
        let from_quotes = !own.text.is_empty() && self.fewer_than(DRIVE, "quotes q", &own)?;
        let mut sql = Sql::new(if from_quotes {
            "SELECT q.id FROM quotes q JOIN docs d ON d.id = q.doc WHERE 1"
        } else {
            "SELECT q.id FROM docs d JOIN quotes q ON q.id BETWEEN d.id * 1048576 AND d.id * 1048576 + 1048575
             WHERE 1"
        });
        sql.text.push_str(&driven_by(&own.text, "q.", from_quotes));
        sql.params.extend(own.params);
        self.newest_first(&mut sql, f, from_quotes, "q.id")?;
        let ids: Vec<i64> = self.rows(&sql, |r| r.get(0))?;
        let sql = Sql {
            text: format!(
                "SELECT substr(d.text, q.start + 1, q.end - q.start), a.name, q.speaker_text, a.key,
                 a.country, (SELECT roles FROM doc_actors da WHERE da.doc = q.doc AND da.actor = q.speaker LIMIT 1),
                 q.kind, q.speaker_rule, q.confidence, d.doc_id, d.published, q.start, q.end,
                 substr(d.text, q.sentence_start + 1, q.sentence_end - q.sentence_start), q.id
                 FROM quotes q JOIN docs d ON d.id = q.doc LEFT JOIN actors a ON a.id = q.speaker
                 WHERE q.id IN {}",
                Sql::in_list(&ids)
            ),
            params: ints(&ids),
        };
        let mut rows = self.rows(&sql, |r| {
            let id: i64 = r.get(14)?;
            let roles: Option<String> = r.get(5)?;
            let role = roles
                .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
                .filter(|l| !l.is_empty())
                .map(|l| l.join("; "));
            Ok(QuoteRow {
                text: r.get(0)?,
                speaker: r.get::<_, Option<String>>(1)?.or(r.get(2)?),
                speaker_key: r.get(3)?,
                speaker_country: r.get(4)?,
                speaker_role: role,
                kind: r.get(6)?,
                speaker_rule: r.get(7)?,
                confidence: r.get::<_, Option<f64>>(8)?.map(|c| c as f32),
                doc: r.get(9)?,
                published: r.get(10)?,
                start: r.get(11)?,
                end: r.get(12)?,
                sentence: r.get(13)?,
            }
            .with_id(id))
        })?;
        in_order(&mut rows, &ids);
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    /// `actors`: corpus-level actors by name, type and country, most mentioned first.
    pub fn actors(&self, f: &Filters) -> Result<Vec<ActorRow>, StoreError> {
        let counts = if f.all_copies {
            "(SELECT ifnull(sum(mentions), 0) FROM doc_actors WHERE actor = a.id),
             (SELECT count(DISTINCT doc) FROM doc_actors WHERE actor = a.id)"
        } else {
            "a.mentions, a.documents"
        };
        let mut sql = Sql::new(&format!(
            "SELECT a.id, a.key, a.name, a.type, a.country, a.code, a.roles, {counts}
             FROM actors a WHERE 1"
        ));
        if !f.all_copies {
            sql.and("a.documents > 0", []);
        }
        if let Some(q) = &f.q {
            let ids = self.actor_ids(q)?;
            sql.and(&format!("a.id IN {}", Sql::in_list(&ids)), ints(&ids));
        }
        if let Some(kind) = &f.kind {
            let kind = kind.trim().to_ascii_lowercase();
            let kind = match kind.as_str() {
                "organisation" | "organization" | "orgs" => "org".to_string(),
                "people" | "persons" => "person".to_string(),
                _ => kind,
            };
            if !["person", "org", "place", "group"].contains(&kind.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "unknown actor type {kind:?} (person, org, place or group)"
                )));
            }
            sql.and("a.type = ?", [SqlValue::Text(kind)]);
        }
        if let Some(country) = &f.country {
            sql.and(
                "a.country = ?",
                [SqlValue::Text(country.trim().to_ascii_uppercase())],
            );
        }
        sql.push(if f.all_copies {
            " ORDER BY 8 DESC, a.id"
        } else {
            " ORDER BY a.mentions DESC, a.id"
        });
        self.page(&mut sql, f);
        let mut rows = self.rows(&sql, |r| {
            let roles: String = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                ActorRow {
                    key: r.get(1)?,
                    name: r.get(2)?,
                    kind: r.get(3)?,
                    country: r.get(4)?,
                    code: r.get(5)?,
                    roles: serde_json::from_str(&roles).unwrap_or_default(),
                    mentions: r.get(7)?,
                    documents: r.get(8)?,
                    variants: Vec::new(),
                },
            ))
        })?;
        for (id, row) in &mut rows {
            row.variants = self.variants(*id)?;
        }
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    /// The names documents used for an actor, as written, most frequent first.
    pub fn variants(&self, actor: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT written FROM actor_names WHERE actor = ?1 AND surname = 0
             ORDER BY count DESC, name LIMIT 25",
        )?;
        let mut out: Vec<String> = Vec::new();
        for w in stmt.query_map([actor], |r| r.get::<_, String>(0))? {
            let w = w?;
            if !out.contains(&w) {
                out.push(w);
            }
        }
        Ok(out)
    }

    /// `events`: who did what to whom, by participant, root code and date.
    pub fn events(&self, f: &Filters) -> Result<Vec<EventRow>, StoreError> {
        // Two steps, as for quotes: the page's event ids, then their rows.
        let mut own = Sql::new("");
        for (value, code_col, actor_col) in [
            (&f.source, "e.source", "e.source_actor"),
            (&f.target, "e.target", "e.target_actor"),
        ] {
            let Some(v) = value else { continue };
            let v = v.trim();
            if is_code(v) {
                own.and(
                    &format!("({code_col} = ? OR {code_col} GLOB ?)"),
                    [text(v), SqlValue::Text(format!("{v}*"))],
                );
            } else {
                let ids = self.actor_ids(v)?;
                own.and(
                    &format!("{actor_col} IN {}", Sql::in_list(&ids)),
                    ints(&ids),
                );
            }
        }
        if let Some(root) = &f.root {
            let root = root.trim();
            if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
                return Err(StoreError::Invalid(format!(
                    "--root takes a two-digit CAMEO root code (01 … 20), not {root:?}"
                )));
            }
            own.and("e.root = ?", [text(root)]);
        }
        let from_events = !own.text.is_empty() && self.fewer_than(DRIVE, "events e", &own)?;
        let mut sql = Sql::new(if from_events {
            "SELECT e.id FROM events e JOIN docs d ON d.id = e.doc WHERE 1"
        } else {
            "SELECT e.id FROM docs d JOIN events e ON e.id BETWEEN d.id * 1048576 AND d.id * 1048576 + 1048575
             WHERE 1"
        });
        sql.text.push_str(&driven_by(&own.text, "e.", from_events));
        sql.params.extend(own.params);
        // An event is dated by its own date where it has one, at whatever grain ("2022-02"
        // lies within --from 2022-01 --to 2022-03), else by its document's day.
        let date = "substr(ifnull(e.date, d.day), 1, 10)";
        if let Some(from) = &f.from {
            sql.and(
                &format!("{date} >= substr(?, 1, length({date}))"),
                [SqlValue::Text(date_bound(from, false)?)],
            );
        }
        if let Some(to) = &f.to {
            sql.and(
                &format!("{date} <= ?"),
                [SqlValue::Text(date_bound(to, true)?)],
            );
        }
        let no_dates = Filters {
            from: None,
            to: None,
            ..f.clone()
        };
        self.newest_first(&mut sql, &no_dates, from_events, "e.id")?;
        let ids: Vec<i64> = self.rows(&sql, |r| r.get(0))?;
        let sql = Sql {
            text: format!(
                "SELECT e.date, e.source, sa.name, e.target, ta.name, e.code, e.root, e.goldstein,
                 e.quad_class, e.plover, e.negated, e.modality, d.doc_id, d.published, e.start, e.end,
                 substr(d.text, e.start + 1, e.end - e.start), e.id
                 FROM events e JOIN docs d ON d.id = e.doc
                 LEFT JOIN actors sa ON sa.id = e.source_actor
                 LEFT JOIN actors ta ON ta.id = e.target_actor WHERE e.id IN {}",
                Sql::in_list(&ids)
            ),
            params: ints(&ids),
        };
        let mut rows = self.rows(&sql, |r| {
            let id: i64 = r.get(17)?;
            Ok(EventRow {
                date: r.get(0)?,
                source: r.get(1)?,
                source_name: r.get(2)?,
                target: r.get(3)?,
                target_name: r.get(4)?,
                code: r.get(5)?,
                root: r.get(6)?,
                goldstein: r.get::<_, f64>(7)? as f32,
                quad_class: r.get(8)?,
                plover: r.get(9)?,
                negated: r.get::<_, i64>(10)? != 0,
                modality: r.get(11)?,
                doc: r.get(12)?,
                published: r.get(13)?,
                start: r.get(14)?,
                end: r.get(15)?,
                sentence: r.get(16)?,
            }
            .with_id(id))
        })?;
        in_order(&mut rows, &ids);
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    /// `timeline`: the share of documents that match, per day, week or month, with their
    /// mean tone. Buckets with documents but no match are kept (share 0).
    pub fn timeline(&self, q: &str, f: &Filters) -> Result<Vec<TimelineRow>, StoreError> {
        let bucket = match f.by.as_deref().unwrap_or("month") {
            "day" => "d.day",
            "week" => "date(d.day, '-6 days', 'weekday 1')",
            "month" => "substr(d.day, 1, 7)",
            other => {
                return Err(StoreError::Invalid(format!(
                    "--by takes day, week or month, not {other:?}"
                )));
            }
        };
        let canonical = if f.all_copies {
            ""
        } else {
            " AND d.canonical = 1"
        };
        let mut dates = Sql::new("");
        self.date_filters(&mut dates, f, "d.day")?;
        // The search drives the matching side (`+` keeps the date index out of it).
        let hits_filter = dates.text.replace("d.day", "+d.day");
        let hits_canonical = canonical.replace("d.canonical", "+d.canonical");
        let sql_text = format!(
            "WITH totals AS (
                SELECT {bucket} AS b, count(*) AS total FROM docs d
                WHERE d.day IS NOT NULL{canonical}{dates} GROUP BY b),
             hits AS (
                SELECT {bucket} AS b, count(*) AS m, avg(d.tone) AS tone
                FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid
                WHERE docs_fts MATCH ? AND +d.day IS NOT NULL{hits_canonical}{hits_filter} GROUP BY b)
             SELECT totals.b, ifnull(hits.m, 0), totals.total, hits.tone
             FROM totals LEFT JOIN hits ON hits.b = totals.b ORDER BY totals.b",
            dates = dates.text,
        );
        let mut params = dates.params.clone();
        params.push(text(&fts_query(q)?));
        params.extend(dates.params);
        let sql = Sql {
            text: sql_text,
            params,
        };
        self.rows(&sql, |r| {
            let matching: i64 = r.get(1)?;
            let total: i64 = r.get(2)?;
            Ok(TimelineRow {
                bucket: r.get(0)?,
                matching,
                total,
                share: if total > 0 {
                    matching as f64 / total as f64
                } else {
                    0.0
                },
                tone: r.get(3)?,
            })
        })
    }

    /// `cooccur`: the actors that appear in the same documents as `name`, by documents.
    /// For an actor in more than [`COOCCUR_DOCS`] documents, the counts are over the
    /// latest that many (by ingest order): a hub's neighbours are found in bounded time.
    pub fn cooccur(
        &self,
        name: &str,
        top: usize,
        f: &Filters,
    ) -> Result<Vec<CooccurRow>, StoreError> {
        let ids = self.actor_ids(name)?;
        let list = Sql::in_list(&ids);
        let canonical = if f.all_copies {
            ""
        } else {
            " AND d.canonical = 1"
        };
        let mut dates = Sql::new("");
        self.date_filters(&mut dates, f, "d.day")?;
        let text_sql = format!(
            "WITH with_actor AS MATERIALIZED (
                SELECT DISTINCT da.doc FROM doc_actors da JOIN docs d ON d.id = da.doc
                WHERE da.actor IN {list}{canonical}{dates} ORDER BY da.doc DESC LIMIT {COOCCUR_DOCS})
             SELECT a.key, a.name, a.type, a.country, count(DISTINCT da.doc) AS n, sum(da.mentions)
             FROM doc_actors da JOIN with_actor w ON w.doc = da.doc JOIN actors a ON a.id = da.actor
             WHERE da.actor NOT IN {list}
             GROUP BY da.actor ORDER BY n DESC, 6 DESC, a.id LIMIT ?",
            dates = dates.text
        );
        let mut params = ints(&ids);
        params.extend(dates.params);
        params.extend(ints(&ids));
        params.push(SqlValue::Integer(top.max(1) as i64));
        self.rows(
            &Sql {
                text: text_sql,
                params,
            },
            |r| {
                Ok(CooccurRow {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    country: r.get(3)?,
                    documents: r.get(4)?,
                    mentions: r.get(5)?,
                })
            },
        )
    }

    /// `places`: places on the map, most mentioned first.
    pub fn places(&self, f: &Filters) -> Result<Vec<PlaceRow>, StoreError> {
        let mut sql = if f.all_copies {
            Sql::new(
                "SELECT p.id, p.name, p.country, p.subdivision, p.feature, p.lat, p.lon, p.geonameid,
                 (SELECT ifnull(sum(mentions), 0) FROM doc_places WHERE place = p.id) AS m,
                 (SELECT count(*) FROM doc_places WHERE place = p.id)
                 FROM places p WHERE 1",
            )
        } else {
            Sql::new(
                "SELECT p.id, p.name, p.country, p.subdivision, p.feature, p.lat, p.lon, p.geonameid,
                 p.mentions AS m, p.documents FROM places p WHERE p.documents > 0",
            )
        };
        if let Some(q) = &f.q {
            let like = format!("%{}%", q.trim().replace(['%', '_'], ""));
            sql.and(
                "(p.name LIKE ? OR p.country = ? OR p.subdivision = ?)",
                [
                    SqlValue::Text(like),
                    SqlValue::Text(q.trim().to_ascii_uppercase()),
                    SqlValue::Text(q.trim().to_ascii_uppercase()),
                ],
            );
        }
        if let Some(country) = &f.country {
            sql.and(
                "p.country = ?",
                [SqlValue::Text(country.trim().to_ascii_uppercase())],
            );
        }
        sql.push(" ORDER BY m DESC, p.id");
        self.page(&mut sql, f);
        self.rows(&sql, |r| {
            Ok(PlaceRow {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                subdivision: r.get(3)?,
                feature: r.get(4)?,
                lat: r.get(5)?,
                lon: r.get(6)?,
                geonameid: r.get(7)?,
                mentions: r.get(8)?,
                documents: r.get(9)?,
            })
        })
    }

    /// `stats`: what the store holds.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let conn = &self.conn;
        let count = |sql: &str| -> Result<i64, StoreError> {
            Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?)
        };
        let (from, to): (Option<String>, Option<String>) = conn.query_row(
            "SELECT min(day), max(day) FROM docs WHERE day IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let mut wal = self.path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Stats {
            documents: count("SELECT count(*) FROM docs")?,
            clusters: count("SELECT count(*) FROM clusters")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            actors: count("SELECT count(*) FROM actors WHERE documents > 0")?,
            events: count("SELECT count(*) FROM events")?,
            places: count("SELECT count(*) FROM places WHERE documents > 0")?,
            from,
            to,
            file_size: size(&self.path) + size(std::path::Path::new(&wal)),
            schema_version: count("PRAGMA user_version")?,
        })
    }

    /// Whether fewer than `n` rows of `table` meet `conditions` (counted up to `n` only).
    fn fewer_than(&self, n: usize, table: &str, conditions: &Sql) -> Result<bool, StoreError> {
        let sql = Sql {
            text: format!(
                "SELECT count(*) FROM (SELECT 1 FROM {table} WHERE 1{} LIMIT {n})",
                conditions.text
            ),
            params: conditions.params.clone(),
        };
        let count: Vec<i64> = self.rows(&sql, |r| r.get(0))?;
        Ok(count.first().is_some_and(|&c| (c as usize) < n))
    }

    /// Date and copy filters, newest-first order and the page, for a list of rows that
    /// belong to documents. `by_rows`: the rows' own filters drive the query (few rows
    /// match), so the date index must not (`+`); else the date index drives and the scan
    /// stops at the page.
    fn newest_first(
        &self,
        sql: &mut Sql,
        f: &Filters,
        by_rows: bool,
        id: &str,
    ) -> Result<(), StoreError> {
        let p = if by_rows { "+" } else { "" };
        self.date_filters(sql, f, &format!("{p}d.day"))?;
        if !f.all_copies {
            sql.and(&format!("{p}d.canonical = 1"), []);
        }
        sql.push(&format!(" ORDER BY d.day DESC, d.id DESC, {id}"));
        self.page(sql, f);
        Ok(())
    }

    fn date_filters(&self, sql: &mut Sql, f: &Filters, column: &str) -> Result<(), StoreError> {
        if let Some(from) = &f.from {
            sql.and(
                &format!("{column} >= ?"),
                [SqlValue::Text(date_bound(from, false)?)],
            );
        }
        if let Some(to) = &f.to {
            sql.and(
                &format!("{column} <= ?"),
                [SqlValue::Text(date_bound(to, true)?)],
            );
        }
        Ok(())
    }

    fn page(&self, sql: &mut Sql, f: &Filters) {
        sql.push(" LIMIT ? OFFSET ?");
        sql.params.push(SqlValue::Integer(f.limit.max(1) as i64));
        sql.params.push(SqlValue::Integer(f.offset as i64));
    }

    fn rows<T>(
        &self,
        sql: &Sql,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&sql.text)?;
        let rows = stmt
            .query_map(params_from_iter(sql.params.iter()), map)?
            .collect::<Result<Vec<T>, _>>();
        rows.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("fts5") => {
                StoreError::Invalid(format!("search: {msg}"))
            }
            other => StoreError::Sqlite(other),
        })
    }
}

/// A `docs` row from its first eight columns; `lead` makes the snippet the text's opening.
fn doc_row(r: &rusqlite::Row<'_>, lead_snippet: bool) -> rusqlite::Result<DocRow> {
    let snippet: String = r.get(5)?;
    Ok(DocRow {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        published: r.get(3)?,
        cluster: r.get(4)?,
        snippet: if lead_snippet {
            lead(&snippet)
        } else {
            snippet
        },
        tone: r.get(6)?,
        copies: r.get::<_, Option<i64>>(7)?.unwrap_or(0).max(0),
    })
}

/// Pairs a row with the id it was read by.
trait WithId: Sized {
    fn with_id(self, id: i64) -> (i64, Self) {
        (id, self)
    }
}

impl WithId for QuoteRow {}
impl WithId for EventRow {}

/// Puts rows read by `WHERE id IN (…)` back in the order of `ids`.
fn in_order<T>(rows: &mut [(i64, T)], ids: &[i64]) {
    let rank: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    rows.sort_by_key(|(id, _)| rank.get(id).copied().unwrap_or(usize::MAX));
}

/// The opening of a text for a list: up to about 200 characters, cut at a word.
fn lead(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 200 {
        return flat;
    }
    let cut: String = flat.chars().take(200).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        assert_eq!(date_bound("2025-08", false).unwrap(), "2025-08-01");
        assert_eq!(date_bound("2025-08", true).unwrap(), "2025-08-31");
        assert_eq!(date_bound("2024-02", true).unwrap(), "2024-02-29");
        assert_eq!(date_bound("2025", true).unwrap(), "2025-12-31");
        assert_eq!(date_bound("2025-08-16", true).unwrap(), "2025-08-16");
        for bad in [
            "August",
            "2025-13",
            "2025-02-30",
            "25-08-01",
            "2025-08-01-01",
            "",
        ] {
            assert!(date_bound(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_text_becomes_safe_fts() {
        assert_eq!(fts_query("NATO summit").unwrap(), "\"NATO\" \"summit\"");
        assert_eq!(
            fts_query("\"Black Sea\" grain").unwrap(),
            "\"Black Sea\" \"grain\""
        );
        assert_eq!(
            fts_query("sanction* OR tariff").unwrap(),
            "\"sanction\"* OR \"tariff\""
        );
        assert_eq!(
            fts_query("a:b NEAR( ) -x").unwrap(),
            "\"a b\" \"NEAR\" \"x\""
        );
        assert!(fts_query("  ( ) ").is_err());
        assert_eq!(fts_query("OR peace OR").unwrap(), "\"peace\"");
    }

    #[test]
    fn codes_and_names() {
        assert!(is_code("USA") && is_code("RUSGOV") && is_code("IGO"));
        assert!(!is_code("Putin") && !is_code("NATO") && !is_code("US"));
    }
}
