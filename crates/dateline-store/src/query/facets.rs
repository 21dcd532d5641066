//! Facets of a search: which actors and places the matching documents mention most.
//!
//! A search result page (the web UI's `/`) shows beside its hits what they are about. The
//! facets are counted over the best [`FACET_DOCS`] matches (by BM25 with a search, else
//! the newest documents in the date range): the counts describe what a reader of the
//! results would see, and the cost stays bounded whatever the corpus size.

use super::sql::{Sql, ints, text};
use super::{Filters, fts_query};
use crate::{Store, StoreError};
use serde::Serialize;

/// Matching documents the facets are counted over, at most.
pub const FACET_DOCS: usize = 1000;

/// An actor among the matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorFacet {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Matching documents that mention it.
    pub documents: i64,
}

/// A place among the matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceFacet {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    /// Matching documents that mention it.
    pub documents: i64,
}

/// The facets of one search.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Facets {
    /// Documents counted (at most [`FACET_DOCS`]).
    pub documents: usize,
    pub actors: Vec<ActorFacet>,
    pub places: Vec<PlaceFacet>,
}

impl Store {
    /// The `top` actors and places of the documents a `docs` search with these filters
    /// finds (`q`, `from`, `to`, `place`, `all_copies`), counted over its best
    /// [`FACET_DOCS`] matches.
    pub fn facets(&self, f: &Filters, top: usize) -> Result<Facets, StoreError> {
        let ids: Vec<i64> = match &f.q {
            Some(q) => {
                let fts = fts_query(q)?;
                let mut sql = Sql::new(
                    "SELECT d.id FROM docs_fts JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ?",
                );
                sql.params.push(text(&fts));
                self.date_filters(&mut sql, f, "+d.day")?;
                if !f.all_copies {
                    sql.and("+d.canonical = 1", []);
                }
                super::place_filter(&mut sql, f);
                sql.push(&format!(" ORDER BY rank LIMIT {FACET_DOCS}"));
                self.rows(&sql, |r| r.get(0))?
            }
            None => {
                let mut sql = Sql::new("SELECT d.id FROM docs d WHERE 1");
                self.date_filters(&mut sql, f, "d.day")?;
                if !f.all_copies {
                    sql.and("d.canonical = 1", []);
                }
                super::place_filter(&mut sql, f);
                sql.push(&format!(
                    " ORDER BY d.day DESC, d.id DESC LIMIT {FACET_DOCS}"
                ));
                self.rows(&sql, |r| r.get(0))?
            }
        };
        // Limits as numbers, not parameters (see `Store::page`).
        let top = top.max(1);
        let actors = Sql {
            text: format!(
                "SELECT a.key, a.name, a.type, count(DISTINCT da.doc) AS n
                 FROM doc_actors da JOIN actors a ON a.id = da.actor
                 WHERE da.doc IN {} GROUP BY da.actor ORDER BY n DESC, a.mentions DESC LIMIT {top}",
                Sql::in_list(&ids)
            ),
            params: ints(&ids),
        };
        let actors = self.rows(&actors, |r| {
            Ok(ActorFacet {
                key: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                documents: r.get(3)?,
            })
        })?;
        let places = Sql {
            text: format!(
                "SELECT p.id, p.name, p.country, count(*) AS n
                 FROM doc_places dp JOIN places p ON p.id = dp.place
                 WHERE dp.doc IN {} GROUP BY dp.place ORDER BY n DESC, p.mentions DESC LIMIT {top}",
                Sql::in_list(&ids)
            ),
            params: ints(&ids),
        };
        let places = self.rows(&places, |r| {
            Ok(PlaceFacet {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                documents: r.get(3)?,
            })
        })?;
        Ok(Facets {
            documents: ids.len(),
            actors,
            places,
        })
    }
}
