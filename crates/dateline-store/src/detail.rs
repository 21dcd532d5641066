//! Detail views: everything the corpus knows about one item, for a page of its own.
//!
//! The list views ([`crate::query`]) answer "which actors, quotes, events …"; a detail
//! view answers "tell me about this one" — the HTTP API's `GET /api/actors/{key}` and the
//! web UI's actor page. A detail view is assembled from the list views where one exists
//! (an actor's quotes are [`Store::quotes`] with the actor as speaker, its network is
//! [`Store::cooccur`]), so that a row looks the same wherever it appears, and adds only
//! the queries no list has (names with their counts, mentions per month). Copies of a
//! syndicated story count once unless [`Filters::all_copies`] is set, as everywhere.

use crate::query::{ActorRow, CooccurRow, Filters, QuoteRow};
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

    /// The names documents used for an actor with their counts, most frequent first.
    fn variant_counts(&self, actor: i64) -> Result<Vec<VariantRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT written, count FROM actor_names WHERE actor = ?1 AND surname = 0
             ORDER BY count DESC, name LIMIT ?2",
        )?;
        let mut out: Vec<VariantRow> = Vec::new();
        let rows = stmt.query_map([actor, DETAIL_VARIANTS as i64], |r| {
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
