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

mod about;
mod facets;
mod page;
mod rows;
mod sql;
mod texts;

pub(crate) use about::register as register_about;
pub use facets::{ActorFacet, FACET_DOCS, Facets, PlaceFacet};
pub use rows::*;
pub use sql::{COOCCUR_DOCS, date_bound, fts_query};

use crate::names;
use crate::{Store, StoreError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params_from_iter};
use sql::{DRIVE, Sql, driven_by, ints, is_code, text};

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
                place_filter(&mut sql, f);
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
            text: format!(
                "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT {k}"
            ),
            params: vec![text(fts)],
        };
        let ranked: Vec<i64> = self.rows(&top, |r| r.get(0))?;
        let mut kept = ranked.clone();
        let filtered = !f.all_copies || f.from.is_some() || f.to.is_some() || f.place.is_some();
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
            place_filter(&mut keep, f);
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
        place_filter(&mut top, f);
        top.push(" ORDER BY bm25(docs_fts, 4.0, 1.0), d.id DESC");
        self.page(&mut top, f);
        self.rows(&top, |r| r.get(0))
    }

    /// `quotes`: who said what, by speaker, topic and date.
    pub fn quotes(&self, f: &Filters) -> Result<Vec<QuoteRow>, StoreError> {
        // Two steps, from one snapshot of the store: the page's quotes (filters and order,
        // the quotes' own columns only), then what they show of their documents and
        // speakers (`page`).
        self.snapshot(|| {
            let quotes = self.quote_page(f)?;
            self.quote_rows(quotes)
        })
    }

    /// The quotes on `f`'s page, in order.
    fn quote_page(&self, f: &Filters) -> Result<Vec<page::Stored>, StoreError> {
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
        let from_quotes = !own.text.is_empty() && self.fewer_than(DRIVE, "quotes q", &own)?;
        // `--about`: the documents that match, then each of their quotes' sentences, in
        // Rust (see `about`). Few matching documents drive the query; many only filter
        // the newest documents, walked by date.
        let mut by_docs = false;
        let mut about_sql = Sql::new("");
        if let Some(search) = &f.about {
            let fts = fts_query(search)?;
            let mut matching = Sql::new("");
            matching.and("docs_fts MATCH ?", [text(&fts)]);
            by_docs = !from_quotes && self.fewer_than(DRIVE, "docs_fts", &matching)?;
            about_sql.and(
                &format!(
                    "{}d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)
                     AND {}(substr(d.text, q.sentence_start + 1, q.sentence_end - q.sentence_start), ?)",
                    if by_docs { "" } else { "+" },
                    about::FUNCTION
                ),
                [text(&fts), text(search)],
            );
        }
        let mut sql = Sql::new(&if from_quotes {
            format!(
                "SELECT {} FROM quotes q JOIN docs d ON d.id = q.doc WHERE 1",
                page::COLUMNS
            )
        } else {
            format!(
                "SELECT {} FROM docs d JOIN quotes q ON q.id BETWEEN d.id * 1048576 AND d.id * 1048576 + 1048575
                 WHERE 1",
                page::COLUMNS
            )
        });
        sql.text.push_str(&driven_by(&own.text, "q.", from_quotes));
        sql.params.extend(own.params);
        sql.text.push_str(&about_sql.text);
        sql.params.extend(about_sql.params);
        self.newest_first(&mut sql, f, from_quotes || by_docs, "q.id")?;
        self.rows(&sql, page::stored)
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
                 e.doc, e.id
                 FROM events e JOIN docs d ON d.id = e.doc
                 LEFT JOIN actors sa ON sa.id = e.source_actor
                 LEFT JOIN actors ta ON ta.id = e.target_actor WHERE e.id IN {}",
                Sql::in_list(&ids)
            ),
            params: ints(&ids),
        };
        let mut rows = self.rows(&sql, |r| {
            let id: i64 = r.get(17)?;
            let span = (r.get::<_, i64>(16)?, r.get(14)?, r.get(15)?);
            let row = EventRow {
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
                sentence: String::new(),
            };
            Ok((id, (row, span)))
        })?;
        in_order(&mut rows, &ids);
        let wanted: Vec<(i64, i64, i64)> = rows.iter().map(|(_, (_, s))| *s).collect();
        let mut texts = self.spans(&wanted)?.into_iter();
        Ok(rows
            .into_iter()
            .map(|(_, (mut row, _))| {
                row.sentence = texts.next().unwrap_or_default();
                row
            })
            .collect())
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
             GROUP BY da.actor ORDER BY n DESC, 6 DESC, a.id LIMIT {top}",
            dates = dates.text,
            top = top.max(1)
        );
        let mut params = ints(&ids);
        params.extend(dates.params);
        params.extend(ints(&ids));
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

    /// The page's bounds, written as numbers: SQLite's planner reads a bound `LIMIT ?`
    /// and so prepares the statement again whenever it is bound, on every page.
    fn page(&self, sql: &mut Sql, f: &Filters) {
        sql.push(&format!(" LIMIT {} OFFSET {}", f.limit.max(1), f.offset));
    }

    /// Runs `read` in one read transaction, so that its statements see one state of the
    /// store (a concurrent ingest commits before or after, not between them) and take
    /// the database's shared lock once, not once per statement. Inside a transaction
    /// already, `read` runs in it.
    fn snapshot<T>(&self, read: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        if !self.conn.is_autocommit() {
            return read();
        }
        self.conn.execute_batch("BEGIN")?;
        let result = read();
        // A read changes nothing: ending it cannot lose work, only release the lock.
        let end = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let value = result?;
        end?;
        Ok(value)
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

/// `docs`: only the documents that mention the place `f.place`.
fn place_filter(sql: &mut Sql, f: &Filters) {
    if let Some(place) = f.place {
        sql.and(
            "d.id IN (SELECT doc FROM doc_places WHERE place = ?)",
            [SqlValue::Integer(place)],
        );
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
