//! Detail views: everything the corpus knows about one item, for a page of its own.
//!
//! The list views ([`crate::query`]) answer "which actors, quotes, events …"; a detail
//! view answers "tell me about this one" — the HTTP API's `GET /api/actors/{key}` and the
//! web UI's actor page. A detail view is assembled from the list views where one exists
//! (an actor's quotes are [`Store::quotes`] with the actor as speaker, its network is
//! [`Store::cooccur`]), so that a row looks the same wherever it appears, and adds only
//! the queries no list has (names with their counts, mentions per month). Copies of a
//! syndicated story count once unless [`Filters::all_copies`] is set, as everywhere.

use crate::query::{ActorRow, CooccurRow, Filters, QuoteRow, View};
use crate::{Store, StoreError};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// Quotes and co-occurring actors an actor's detail lists at most.
pub const DETAIL_ITEMS: usize = 20;

/// Names an actor's detail lists at most.
pub const DETAIL_VARIANTS: usize = 200;

/// One corpus actor in full.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorDetail {
    /// The actor's row, as the `actors` view gives it.
    pub actor: ActorRow,
    /// Every name documents used for it (as first written), most frequent first.
    pub variants: Vec<VariantRow>,
    /// Mentions and documents per month of publication, oldest first.
    pub months: Vec<MonthRow>,
    /// Its newest quotations (at most [`DETAIL_ITEMS`]), as the `quotes` view gives them.
    pub quotes: Vec<QuoteRow>,
    /// The actors that appear in the same documents, by documents (at most
    /// [`DETAIL_ITEMS`]), as the `cooccur` view gives them.
    pub cooccurring: Vec<CooccurRow>,
}

/// A name documents used for an actor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VariantRow {
    pub name: String,
    /// How often documents used it.
    pub count: i64,
}

/// An actor's attention in one month.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    pub mentions: i64,
    pub documents: i64,
}

impl View for MonthRow {
    const COLUMNS: &'static [&'static str] = &["month", "mentions", "documents"];
}

impl Store {
    /// The actor whose key is `key`, with its names, mentions per month, newest quotes and
    /// co-occurring actors; `None` when no actor has that key (or, unless `all_copies`,
    /// when it appears only in copies of stories).
    pub fn actor_detail(&self, key: &str, f: &Filters) -> Result<Option<ActorDetail>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        let scoped = Filters {
            all_copies: f.all_copies,
            limit: DETAIL_ITEMS,
            ..Filters::new()
        };
        let row = self
            .actors(&Filters {
                q: Some(key.to_string()),
                limit: 1,
                ..scoped.clone()
            })?
            .into_iter()
            .find(|a| a.key == key);
        let Some(actor) = row else {
            return Ok(None);
        };
        let quotes = self.quotes(&Filters {
            speaker: Some(key.to_string()),
            ..scoped.clone()
        })?;
        let cooccurring = self.cooccur(key, DETAIL_ITEMS, &scoped)?;
        Ok(Some(ActorDetail {
            actor,
            variants: self.variant_counts(id)?,
            months: self.actor_months(id, f.all_copies)?,
            quotes,
            cooccurring,
        }))
    }

    /// Whether an actor has the key `key`.
    pub fn actor_exists(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM actors WHERE key = ?1")?
            .exists([key])?)
    }

    /// An actor's mentions and documents per month, oldest first (the actor page's
    /// chart, as a list of its own); `None` when no actor has the key `key`.
    pub fn actor_months_of(
        &self,
        key: &str,
        f: &Filters,
    ) -> Result<Option<Vec<MonthRow>>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM actors WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => Ok(Some(self.actor_months(id, f.all_copies)?)),
            None => Ok(None),
        }
    }

    /// The names documents used for an actor with their counts, most frequent first.
    fn variant_counts(&self, actor: i64) -> Result<Vec<VariantRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT written, count FROM actor_names WHERE actor = ?1 AND surname = 0
             ORDER BY count DESC, name LIMIT {DETAIL_VARIANTS}"
        ))?;
        let mut out: Vec<VariantRow> = Vec::new();
        let rows = stmt.query_map([actor], |r| {
            Ok(VariantRow {
                name: r.get(0)?,
                count: r.get(1)?,
            })
        })?;
        for row in rows {
            let row = row?;
            // Two normalized names may have been first written alike ("Putin", "PUTIN"
            // normalize apart only in rare scripts): one entry each, counts added.
            match out.iter_mut().find(|v| v.name == row.name) {
                Some(v) => v.count += row.count,
                None => out.push(row),
            }
        }
        Ok(out)
    }

    /// An actor's mentions and documents per month of publication (undated documents are
    /// left out), oldest first.
    fn actor_months(&self, actor: i64, all_copies: bool) -> Result<Vec<MonthRow>, StoreError> {
        let canonical = if all_copies {
            ""
        } else {
            " AND d.canonical = 1"
        };
        let sql = format!(
            "SELECT substr(d.day, 1, 7) AS m, sum(da.mentions), count(DISTINCT da.doc)
             FROM doc_actors da JOIN docs d ON d.id = da.doc
             WHERE da.actor = ?1 AND d.day IS NOT NULL{canonical}
             GROUP BY m ORDER BY m"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([actor], |r| {
                Ok(MonthRow {
                    month: r.get(0)?,
                    mentions: r.get(1)?,
                    documents: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

/// A stored document with what the corpus adds to it: for the web UI's article page.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentDetail {
    /// The document, exactly as [`Store::document`] gives it (FORMAT.md JSON).
    pub json: String,
    /// The corpus actor key of each of the document's actors, by position in its
    /// `actors` layer (`None`: not linked, e.g. a document stored before linking).
    pub actor_keys: Vec<Option<String>>,
    /// The other stored documents of the same story: (id, title, published).
    pub copies: Vec<(String, Option<String>, Option<String>)>,
}

impl Store {
    /// The document whose id (or store key) is `id`, with its actors' corpus keys and the
    /// other documents of its story; `None` when no document has that id.
    pub fn document_detail(&self, id: &str) -> Result<Option<DocumentDetail>, StoreError> {
        let row: Option<(i64, i64, String, String, Vec<u8>)> = self
            .conn
            .prepare_cached(
                "SELECT id, cluster, doc_id, text, annotations FROM docs WHERE doc_id = ?1 OR key = ?1
                 ORDER BY canonical DESC, id LIMIT 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let Some((row, cluster, doc_id, text, blob)) = row else {
            return Ok(None);
        };
        let json = crate::json::document(&doc_id, text, &blob)?;
        let mut actor_keys: Vec<Option<String>> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT da.local, a.key FROM doc_actors da JOIN actors a ON a.id = da.actor WHERE da.doc = ?1",
        )?;
        let linked =
            stmt.query_map([row], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for pair in linked {
            let (local, key) = pair?;
            let local = usize::try_from(local).unwrap_or(usize::MAX);
            if local < 100_000 {
                if actor_keys.len() <= local {
                    actor_keys.resize(local + 1, None);
                }
                actor_keys[local] = Some(key);
            }
        }
        let copies = self
            .conn
            .prepare_cached(
                "SELECT doc_id, title, published FROM docs WHERE cluster = ?1 AND id != ?2 ORDER BY day, id LIMIT 50",
            )?
            .query_map([cluster, row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(DocumentDetail {
            json,
            actor_keys,
            copies,
        }))
    }
}
