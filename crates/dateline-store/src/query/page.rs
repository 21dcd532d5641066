//! A page of quotes: what the quotes show of their documents and speakers.
//!
//! The view's query chooses the page and reads the quotes' own columns ([`COLUMNS`]).
//! What several quotes share (their document's id, date and text, their speaker, the
//! speaker's roles in that document) is read here once each. A join would read a
//! document's row and a speaker's row again for every quote of theirs: on the first
//! page of a large corpus (100 quotes from 10 documents and 60 speakers) that, and
//! reading each quote a second time by its id, were most of the view's time.
//!
//! A page holds at most a few thousand quotes, so lookups are sorted vectors searched by
//! halves.

use super::QuoteRow;
use super::texts::cut;
use crate::{Store, StoreError};
use rusqlite::OptionalExtension;

/// The quote columns the view's query selects, in the order [`stored`] reads them.
pub(super) const COLUMNS: &str = "q.doc, q.speaker, q.speaker_text, q.kind, q.speaker_rule, \
     q.confidence, q.start, q.end, q.sentence_start, q.sentence_end";

/// A quote's own columns.
pub(super) struct Stored {
    doc: i64,
    speaker: Option<i64>,
    speaker_text: Option<String>,
    kind: String,
    speaker_rule: String,
    confidence: Option<f64>,
    start: i64,
    end: i64,
    sentence: (i64, i64),
}

/// A quote from a row that starts with [`COLUMNS`].
pub(super) fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        doc: r.get(0)?,
        speaker: r.get(1)?,
        speaker_text: r.get(2)?,
        kind: r.get(3)?,
        speaker_rule: r.get(4)?,
        confidence: r.get(5)?,
        start: r.get(6)?,
        end: r.get(7)?,
        sentence: (r.get(8)?, r.get(9)?),
    })
}

/// A speaker's roles in a document, joined with "; ", by `(document, actor)`.
type Roles = Vec<((i64, i64), Option<String>)>;

/// A corpus actor as a quote shows its speaker.
struct Speaker {
    name: String,
    key: String,
    country: Option<String>,
}

/// The value for `key` in `sorted` (sorted by key, no repeats).
fn find<'a, K: Ord, V>(sorted: &'a [(K, V)], key: &K) -> Option<&'a V> {
    sorted
        .binary_search_by(|(k, _)| k.cmp(key))
        .ok()
        .map(|i| &sorted[i].1)
}

/// The distinct values of `items`, sorted.
fn distinct<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut all: Vec<T> = items.collect();
    all.sort_unstable();
    all.dedup();
    all
}

impl Store {
    /// The rows of `quotes`, in their order. A quote whose document is gone (only
    /// possible outside a snapshot) is left out.
    pub(super) fn quote_rows(&self, quotes: Vec<Stored>) -> Result<Vec<QuoteRow>, StoreError> {
        let speakers = self.speakers(&quotes)?;
        let roles = self.speaker_roles(&quotes)?;
        let docs: Vec<i64> = quotes.iter().map(|q| q.doc).collect();
        let docs = self.doc_texts(&docs)?;
        // Each document's spans cut in one walk over its text: quote, then sentence.
        let mut spans: Vec<(i64, Vec<(i64, i64)>)> =
            docs.iter().map(|(id, _)| (*id, Vec::new())).collect();
        for q in &quotes {
            if let Ok(i) = spans.binary_search_by_key(&q.doc, |(id, _)| *id) {
                spans[i].1.extend([(q.start, q.end), q.sentence]);
            }
        }
        let mut cuts: Vec<std::vec::IntoIter<String>> = docs
            .iter()
            .zip(&spans)
            .map(|((_, d), (_, spans))| cut(&d.text, spans).into_iter())
            .collect();
        let mut rows = Vec::with_capacity(quotes.len());
        for q in quotes {
            let Ok(at) = docs.binary_search_by_key(&q.doc, |(id, _)| *id) else {
                continue;
            };
            let doc = &docs[at].1;
            let text = cuts[at].next().unwrap_or_default();
            let sentence = cuts[at].next().unwrap_or_default();
            let speaker = q.speaker.and_then(|id| find(&speakers, &id));
            rows.push(QuoteRow {
                text,
                speaker: speaker.map(|s| s.name.clone()).or(q.speaker_text),
                speaker_key: speaker.map(|s| s.key.clone()),
                speaker_country: speaker.and_then(|s| s.country.clone()),
                speaker_role: q
                    .speaker
                    .and_then(|id| find(&roles, &(q.doc, id)).cloned().flatten()),
                kind: q.kind,
                speaker_rule: q.speaker_rule,
                confidence: q.confidence.map(|c| c as f32),
                doc: doc.doc_id.clone(),
                published: doc.published.clone(),
                start: q.start,
                end: q.end,
                sentence,
            });
        }
        Ok(rows)
    }

    /// The corpus actors who speak in `quotes`, sorted by id.
    fn speakers(&self, quotes: &[Stored]) -> Result<Vec<(i64, Speaker)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, key, country FROM actors WHERE id = ?")?;
        let mut speakers = Vec::new();
        for id in distinct(quotes.iter().filter_map(|q| q.speaker)) {
            let speaker = stmt
                .query_row([id], |r| {
                    Ok(Speaker {
                        name: r.get(0)?,
                        key: r.get(1)?,
                        country: r.get(2)?,
                    })
                })
                .optional()?;
            speakers.extend(speaker.map(|s| (id, s)));
        }
        Ok(speakers)
    }

    /// Each speaker's roles as the quote's document gives them, joined with "; " (none
    /// when the document gives none), by `(document, speaker)` sorted: from the speaker's
    /// first entry among the document's actors, read in one pass over each document's
    /// actors.
    fn speaker_roles(&self, quotes: &[Stored]) -> Result<Roles, StoreError> {
        let wanted = distinct(quotes.iter().filter_map(|q| Some((q.doc, q.speaker?))));
        let mut stmt = self
            .conn
            .prepare_cached("SELECT actor, roles FROM doc_actors WHERE doc = ? ORDER BY local")?;
        let mut roles: Roles = Vec::with_capacity(wanted.len());
        for doc in distinct(wanted.iter().map(|&(doc, _)| doc)) {
            let first = roles.len();
            let mut rows = stmt.query([doc])?;
            while let Some(r) = rows.next()? {
                let key = (doc, r.get::<_, i64>(0)?);
                if wanted.binary_search(&key).is_err()
                    || roles[first..].iter().any(|(k, _)| *k == key)
                {
                    continue;
                }
                let listed: String = r.get(1)?;
                let role = serde_json::from_str::<Vec<String>>(&listed)
                    .ok()
                    .filter(|l| !l.is_empty())
                    .map(|l| l.join("; "));
                roles.push((key, role));
            }
        }
        roles.sort_unstable_by_key(|(k, _)| *k);
        Ok(roles)
    }
}
