//! Writing one prepared document: identity, updates, story clusters, corpus actors, places.
//!
//! Full-text rows (`docs_fts`) and LSH keys are kept aside in [`Pending`] and written by
//! [`Store::commit`], in the same transaction: FTS5 buffers its index in memory until the
//! next savepoint, and the savepoint that makes each document atomic would otherwise flush
//! that buffer once per document (a third of all write time).
//!
//! Counters (`actors.mentions`, `actors.documents`, `places.*`) count each story once: they
//! add up the representative document of each cluster only. When a representative is
//! replaced or leaves its story, the next oldest copy takes its place and its counts.

use crate::dedup::{self, SAME_STORY};
use crate::prepare::Prepared;
use crate::{Store, StoreError};
use rusqlite::{Connection, OptionalExtension, ToSql, params};

/// Full-text rows waiting for the commit.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    /// (document id, title, text)
    docs: Vec<(i64, Option<String>, String)>,
    /// LSH keys of this transaction's documents (inserted in key order at the commit,
    /// which keeps the index's pages in cache; consulted with the table meanwhile).
    lsh: PendingLsh,
    /// `doc_actors` rows of this transaction: (actor, doc, local, mentions, roles). Written
    /// in (actor, doc) order at the commit, or before anything reads the table
    /// ([`Store::flush_doc_actors`]): in that order the `(actor, doc)` index is filled page
    /// after page, where row by row each insert landed on another actor's page (the single
    /// largest cost of writing a document).
    actors: Vec<(i64, i64, i64, u32, String)>,
    /// The documents written in this transaction: only a document among them can have
    /// rows still waiting here, so replacing any other touches none of these lists.
    in_tx: rustc_hash::FxHashSet<i64>,
}

/// LSH keys waiting for the commit: for each band key, the documents that have it, as a
/// chain through one list (no allocation per key; nearly every key has one document).
#[derive(Debug, Default)]
pub(crate) struct PendingLsh {
    /// Band key → its last entry in `entries`.
    heads: rustc_hash::FxHashMap<i64, u32>,
    /// (band key, document, the previous entry of the same key or `u32::MAX`); a removed
    /// document's entries have document -1.
    entries: Vec<(i64, i64, u32)>,
}

impl PendingLsh {
    fn add(&mut self, band: i64, doc: i64) {
        let previous = self
            .heads
            .insert(band, self.entries.len() as u32)
            .unwrap_or(u32::MAX);
        self.entries.push((band, doc, previous));
    }

    /// The documents with this band key.
    fn docs(&self, band: i64) -> impl Iterator<Item = i64> + '_ {
        let mut at = self.heads.get(&band).copied().unwrap_or(u32::MAX);
        std::iter::from_fn(move || {
            while let Some(&(_, doc, previous)) = self.entries.get(at as usize) {
                at = previous;
                if doc >= 0 {
                    return Some(doc);
                }
            }
            None
        })
    }

    fn remove(&mut self, doc: i64) {
        for entry in self.entries.iter_mut().filter(|e| e.1 == doc) {
            entry.1 = -1;
        }
    }

    /// Every (band key, document), sorted; the keys are forgotten (their memory kept for
    /// the next transaction).
    fn drain_sorted(&mut self) -> Vec<(i64, i64)> {
        let mut rows: Vec<(i64, i64)> = self
            .entries
            .iter()
            .filter(|e| e.1 >= 0)
            .map(|e| (e.0, e.1))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        self.heads.clear();
        self.entries.clear();
        rows
    }
}

/// A document's contribution to the corpus counters: (actor, mentions) and (place,
/// mentions), each corpus actor or place once.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub actors: Vec<(i64, i64)>,
    pub places: Vec<(i64, i64)>,
}

/// Rows per multi-row `INSERT` at most.
const ROWS_PER_INSERT: usize = 32;

/// Inserts rows of `W` values each, [`ROWS_PER_INSERT`] per statement: `head` is the
/// statement up to `VALUES`. A document's two dozen actors or dozen quotes then take one or
/// two statements instead of one each; what SQLite does per statement (binding, starting
/// and resetting the program, opening cursors) was a fifth of a row's cost.
fn insert_rows<const W: usize>(
    conn: &Connection,
    head: &str,
    rows: &[[&dyn ToSql; W]],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let row = format!("({})", vec!["?"; W].join(", "));
        let sql = format!(
            "{head} VALUES {}",
            vec![row.as_str(); chunk.len()].join(", ")
        );
        let values: Vec<&dyn ToSql> = chunk.iter().flatten().copied().collect();
        conn.prepare_cached(&sql)?.execute(values.as_slice())?;
    }
    Ok(())
}

/// The id range of a document's quotes and events (see [`crate::schema`]).
pub(crate) fn row_ids(doc: i64) -> (i64, i64) {
    (doc << 20, (doc << 20) + (1 << 20) - 1)
}

/// What [`Store::put`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A document the store did not have, and a story it did not have.
    New,
    /// A document the store did not have, of a story it had (an exact or near copy).
    Copy,
    /// A document already stored under the same key with a different text: replaced.
    Updated,
    /// Already stored with the same text: nothing written.
    Unchanged,
}

/// The row of a stored document that a put needs.
struct Existing {
    id: i64,
    hash: Vec<u8>,
    canonical: bool,
    cluster: i64,
}

impl Store {
    /// Writes one document (inside the caller's transaction, see [`Store::begin`]). The
    /// document is written whole or not at all: when a write fails, the transaction is
    /// rolled back and the documents put before in it are written again (the store keeps
    /// them until [`Store::commit`]), so the batch goes on without the failed one.
    ///
    /// A savepoint per document would do the same with less memory, but it made FTS5 flush
    /// its buffer and SQLite journal every page twice: 15% of all ingest time for a failure
    /// that almost never happens.
    pub fn put(&self, doc: Prepared) -> Result<Outcome, StoreError> {
        if let Some(why) = self.broken.borrow().as_ref() {
            return Err(StoreError::Invalid(why.clone()));
        }
        match self.put_inner(&doc) {
            Ok(outcome) => {
                self.batch.borrow_mut().push(doc);
                Ok(outcome)
            }
            Err(e) => {
                if let Err(again) = self.replay() {
                    let why = format!(
                        "the transaction was lost ({again}); its documents were not stored"
                    );
                    *self.broken.borrow_mut() = Some(why);
                }
                Err(e)
            }
        }
    }

    /// Rolls the transaction back and writes its documents again.
    fn replay(&self) -> Result<(), StoreError> {
        let docs = std::mem::take(&mut *self.batch.borrow_mut());
        self.conn.execute_batch("ROLLBACK")?;
        self.reset();
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        for doc in docs {
            if let Err(e) = self.put_inner(&doc) {
                let _ = self.conn.execute_batch("ROLLBACK");
                self.reset();
                return Err(e);
            }
            self.batch.borrow_mut().push(doc);
        }
        Ok(())
    }

    /// Forgets everything kept for the current transaction (after a rollback).
    pub(crate) fn reset(&self) {
        self.batch.borrow_mut().clear();
        *self.pending.borrow_mut() = Pending::default();
        *self.linker.borrow_mut() = crate::link::Linker::default();
    }

    fn put_inner(&self, doc: &Prepared) -> Result<Outcome, StoreError> {
        let conn = &self.conn;
        let existing = conn
            .prepare_cached("SELECT id, text_hash, canonical, cluster FROM docs WHERE key = ?1")?
            .query_row([&doc.key], |r| {
                Ok(Existing {
                    id: r.get(0)?,
                    hash: r.get(1)?,
                    canonical: r.get::<_, i64>(2)? != 0,
                    cluster: r.get(3)?,
                })
            })
            .optional()?;
        if let Some(old) = &existing
            && old.hash == doc.text_hash
        {
            return Ok(Outcome::Unchanged);
        }
        if let Some(old) = &existing {
            self.remove_rows(old)?;
        }
        let found = self.find_story(doc, existing.as_ref().map(|e| e.id))?;
        let (cluster, canonical) = match found {
            Some(c) => {
                conn.prepare_cached("UPDATE clusters SET size = size + 1 WHERE id = ?1")?
                    .execute([c])?;
                (c, false)
            }
            None => {
                conn.prepare_cached("INSERT INTO clusters(rep, size) VALUES (0, 1)")?
                    .execute([])?;
                (conn.last_insert_rowid(), true)
            }
        };
        let signature = doc.signature.as_ref().map(dedup::to_bytes);
        // A replaced document keeps its row id (its quotes' and events' ids derive from it).
        conn.prepare_cached(
            "INSERT OR REPLACE INTO docs(id, key, doc_id, url, title, source, published, day, text,
             text_hash, cluster, canonical, tone, words, annotations, minhash)
             VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            doc.key,
            doc.id,
            doc.url,
            doc.title,
            doc.source,
            doc.published,
            doc.day,
            doc.text,
            &doc.text_hash[..],
            cluster,
            canonical,
            doc.tone,
            doc.words,
            doc.annotations,
            signature,
            existing.as_ref().map(|old| old.id),
        ])?;
        let id = conn.last_insert_rowid();
        if canonical {
            conn.prepare_cached("UPDATE clusters SET rep = ?2 WHERE id = ?1")?
                .execute([cluster, id])?;
        }
        if let Some(sig) = &doc.signature {
            let mut pending = self.pending.borrow_mut();
            let mut filter = self.bands.borrow_mut();
            for band in dedup::band_keys(sig) {
                pending.lsh.add(band, id);
                if let Some(f) = filter.as_mut() {
                    f.insert(band);
                }
            }
        }
        self.pending.borrow_mut().in_tx.insert(id);
        let counts = self.write_rows(id, doc)?;
        self.pending
            .borrow_mut()
            .docs
            .push((id, doc.title.clone(), doc.text.clone()));
        if canonical {
            self.linker.borrow_mut().add_counts(&counts);
        }
        Ok(match (existing, canonical) {
            (Some(_), _) => Outcome::Updated,
            (None, true) => Outcome::New,
            (None, false) => Outcome::Copy,
        })
    }

    /// The story a document belongs to: an exact copy's, else the most similar
    /// near-duplicate's at or above [`SAME_STORY`]; `None` for a new story.
    fn find_story(&self, doc: &Prepared, itself: Option<i64>) -> Result<Option<i64>, StoreError> {
        let conn = &self.conn;
        let itself = itself.unwrap_or(-1);
        let exact = conn
            .prepare_cached("SELECT cluster FROM docs WHERE text_hash = ?1 AND id != ?2 LIMIT 1")?
            .query_row(params![&doc.text_hash[..], itself], |r| r.get::<_, i64>(0))
            .optional()?;
        if exact.is_some() {
            return Ok(exact);
        }
        let Some(sig) = &doc.signature else {
            return Ok(None);
        };
        // Documents sharing a band with this one, most shared bands first; a band of pure
        // boilerplate can match thousands of documents, and the best few hundred are
        // plenty to find a copy. One look-up per band, counted here (a single query with
        // the bands as an `IN` list made SQLite group and sort in temporary b-trees); a
        // band shared by more than 4,096 documents gives its newest 4,096, as a copy of a
        // wire story is most likely among the recent ones.
        let bands = dedup::band_keys(sig);
        let mut counts: rustc_hash::FxHashMap<i64, u32> = Default::default();
        let mut lookup = conn
            .prepare_cached("SELECT doc FROM lsh WHERE band = ?1 ORDER BY doc DESC LIMIT 4096")?;
        let filter = self.bands.borrow();
        for band in &bands {
            if filter.as_ref().is_some_and(|f| !f.may_contain(*band)) {
                continue;
            }
            let mut rows = lookup.query([band])?;
            while let Some(row) = rows.next()? {
                let d: i64 = row.get(0)?;
                if d != itself {
                    *counts.entry(d).or_default() += 1;
                }
            }
        }
        let mut shared: Vec<(i64, u32)> = counts.into_iter().collect();
        shared.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut candidates: Vec<i64> = shared.iter().take(256).map(|(d, _)| *d).collect();
        {
            let pending = self.pending.borrow();
            for band in &bands {
                for d in pending.lsh.docs(*band) {
                    if d != itself && !candidates.contains(&d) {
                        candidates.push(d);
                    }
                }
            }
        }
        let mut best: Option<(f64, i64)> = None;
        let mut stmt = conn.prepare_cached("SELECT minhash, cluster FROM docs WHERE id = ?1")?;
        for d in candidates {
            let row = stmt
                .query_row([d], |r| {
                    Ok((r.get::<_, Option<Vec<u8>>>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()?;
            let Some((Some(blob), cluster)) = row else {
                continue;
            };
            let Some(other) = dedup::from_bytes(&blob) else {
                continue;
            };
            let s = dedup::similarity(sig, &other);
            if s >= SAME_STORY && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, cluster));
            }
        }
        Ok(best.map(|(_, c)| c))
    }

    /// Deletes the rows that hang off a stored document (before it is replaced), leaving
    /// its story and the counters as if it had never been there.
    fn remove_rows(&self, old: &Existing) -> Result<(), StoreError> {
        let conn = &self.conn;
        let in_tx = self.pending.borrow().in_tx.contains(&old.id);
        if in_tx {
            // The counters and deletions below read its `doc_actors` rows.
            self.flush_doc_actors()?;
        }
        if old.canonical {
            self.count(old.id, -1)?;
        }
        // A document of this transaction is not in the full-text index yet.
        let indexed = !in_tx;
        if in_tx {
            let mut pending = self.pending.borrow_mut();
            pending.docs.retain(|(d, _, _)| *d != old.id);
            pending.lsh.remove(old.id);
        }
        if indexed {
            conn.prepare_cached(
                "INSERT INTO docs_fts(docs_fts, rowid, title, text)
                 SELECT 'delete', id, title, text FROM docs WHERE id = ?1",
            )?
            .execute([old.id])?;
        }
        let signature: Option<Vec<u8>> = conn
            .prepare_cached("SELECT minhash FROM docs WHERE id = ?1")?
            .query_row([old.id], |r| r.get(0))?;
        if let Some(sig) = signature.as_deref().and_then(dedup::from_bytes) {
            let mut delete = conn.prepare_cached("DELETE FROM lsh WHERE band = ?1 AND doc = ?2")?;
            for band in dedup::band_keys(&sig) {
                delete.execute([band, old.id])?;
            }
        }
        let (lo, hi) = row_ids(old.id);
        for sql in [
            "DELETE FROM quote_speakers WHERE quote BETWEEN ?1 AND ?2",
            "DELETE FROM quotes WHERE id BETWEEN ?1 AND ?2",
            "DELETE FROM events WHERE id BETWEEN ?1 AND ?2",
        ] {
            conn.prepare_cached(sql)?.execute([lo, hi])?;
        }
        for sql in [
            "DELETE FROM doc_actors WHERE doc = ?1",
            "DELETE FROM doc_places WHERE doc = ?1",
        ] {
            conn.prepare_cached(sql)?.execute([old.id])?;
        }
        conn.prepare_cached("UPDATE clusters SET size = size - 1 WHERE id = ?1")?
            .execute([old.cluster])?;
        let next: Option<i64> = conn
            .prepare_cached("SELECT min(id) FROM docs WHERE cluster = ?1 AND id != ?2")?
            .query_row([old.cluster, old.id], |r| r.get(0))?;
        match next {
            None => {
                conn.prepare_cached("DELETE FROM clusters WHERE id = ?1")?
                    .execute([old.cluster])?;
            }
            Some(next) if old.canonical => {
                if self.pending.borrow().in_tx.contains(&next) {
                    self.flush_doc_actors()?;
                }
                conn.prepare_cached("UPDATE docs SET canonical = 1 WHERE id = ?1")?
                    .execute([next])?;
                conn.prepare_cached("UPDATE clusters SET rep = ?2 WHERE id = ?1")?
                    .execute([old.cluster, next])?;
                self.count(next, 1)?;
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// Adds (`sign` 1) or takes away (-1) a document's mentions from the corpus counters.
    fn count(&self, doc: i64, sign: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE actors SET mentions = actors.mentions + ?2 * d.m, documents = actors.documents + ?2
                 FROM (SELECT actor, sum(mentions) AS m FROM doc_actors WHERE doc = ?1 GROUP BY actor) AS d
                 WHERE actors.id = d.actor",
            )?
            .execute([doc, sign])?;
        self.conn
            .prepare_cached(
                "UPDATE places SET mentions = places.mentions + ?2 * d.m, documents = places.documents + ?2
                 FROM (SELECT place, mentions AS m FROM doc_places WHERE doc = ?1) AS d
                 WHERE places.id = d.place",
            )?
            .execute([doc, sign])?;
        Ok(())
    }

    /// Writes actors, quotes, events and places of a document; returns the document's
    /// counts for the corpus counters.
    fn write_rows(&self, id: i64, doc: &Prepared) -> Result<Counts, StoreError> {
        let conn = &self.conn;
        let mut counts = Counts::default();
        let (first_row, last_row) = row_ids(id);
        let mut corpus_ids = Vec::with_capacity(doc.actors.len());
        for actor in &doc.actors {
            let corpus = self.linker.borrow_mut().actor(conn, actor)?;
            corpus_ids.push(corpus);
            match counts.actors.iter_mut().find(|(a, _)| *a == corpus) {
                Some((_, m)) => *m += i64::from(actor.mentions),
                None => counts.actors.push((corpus, i64::from(actor.mentions))),
            }
        }
        self.pending.borrow_mut().actors.extend(
            doc.actors
                .iter()
                .zip(&corpus_ids)
                .enumerate()
                .map(|(local, (actor, &corpus))| {
                    (
                        corpus,
                        id,
                        local as i64,
                        actor.mentions,
                        actor.keys.roles.clone(),
                    )
                }),
        );
        let corpus = |local: u32| corpus_ids.get(local as usize).copied();

        // A document keeps its first 2^20 quotes and events (their ids are a range).
        let quotes = &doc.quotes[..doc.quotes.len().min((last_row - first_row + 1) as usize)];
        let quote_ids: Vec<i64> = (0..quotes.len() as i64).map(|n| first_row + n).collect();
        let speakers: Vec<Option<i64>> = quotes
            .iter()
            .map(|q| q.speakers.first().and_then(|&s| corpus(s)))
            .collect();
        let rows: Vec<[&dyn ToSql; 11]> = quotes
            .iter()
            .zip(&quote_ids)
            .zip(&speakers)
            .map(|((q, quote), speaker)| {
                [
                    quote as &dyn ToSql,
                    &id,
                    &q.start,
                    &q.end,
                    &q.kind,
                    speaker,
                    &q.speaker_text,
                    &q.speaker_rule,
                    &q.confidence,
                    &q.sentence_start,
                    &q.sentence_end,
                ]
            })
            .collect();
        insert_rows(
            conn,
            "INSERT INTO quotes(id, doc, start, end, kind, speaker, speaker_text, speaker_rule,
             confidence, sentence_start, sentence_end)",
            &rows,
        )?;
        for (q, &quote) in quotes.iter().zip(&quote_ids) {
            // The first speaker is `quotes.speaker`; a quote said by several people (both
            // leaders' "productive") lists every speaker here.
            let several = q.speakers.len() > 1;
            for &s in q.speakers.iter().filter(|_| several) {
                if let Some(actor) = corpus(s) {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO quote_speakers(quote, actor) VALUES (?1, ?2)",
                    )?
                    .execute([quote, actor])?;
                }
            }
        }

        let events = &doc.events[..doc.events.len().min((last_row - first_row + 1) as usize)];
        let event_ids: Vec<i64> = (0..events.len() as i64).map(|n| first_row + n).collect();
        let ends: Vec<(Option<i64>, Option<i64>, &str)> = events
            .iter()
            .map(|e| {
                (
                    e.source_actor.and_then(corpus),
                    e.target_actor.and_then(corpus),
                    e.code.get(..2).unwrap_or(&e.code),
                )
            })
            .collect();
        let rows: Vec<[&dyn ToSql; 16]> = events
            .iter()
            .zip(&event_ids)
            .zip(&ends)
            .map(|((e, event), (source, target, root))| {
                [
                    event as &dyn ToSql,
                    &id,
                    &e.start,
                    &e.end,
                    &e.date,
                    &e.source,
                    &e.target,
                    source,
                    target,
                    &e.code,
                    root,
                    &e.goldstein,
                    &e.quad_class,
                    &e.plover,
                    &e.negated,
                    &e.modality,
                ]
            })
            .collect();
        insert_rows(
            conn,
            "INSERT INTO events(id, doc, start, end, date, source, target, source_actor,
             target_actor, code, root, goldstein, quad_class, plover, negated, modality)",
            &rows,
        )?;

        for p in &doc.places {
            let place = self.linker.borrow_mut().place(conn, p)?;
            match counts.places.iter_mut().find(|(x, _)| *x == place) {
                Some((_, m)) => *m += i64::from(p.mentions),
                None => counts.places.push((place, i64::from(p.mentions))),
            }
            conn.prepare_cached(
                "INSERT INTO doc_places(doc, place, mentions) VALUES (?1, ?2, ?3)
                 ON CONFLICT(doc, place) DO UPDATE SET mentions = mentions + excluded.mentions",
            )?
            .execute(params![id, place, p.mentions])?;
        }
        Ok(counts)
    }

    /// Writes the `doc_actors` rows kept aside, in (actor, doc) order.
    pub(crate) fn flush_doc_actors(&self) -> Result<(), StoreError> {
        let mut pending = self.pending.borrow_mut();
        let rows = &mut pending.actors;
        rows.sort_unstable_by_key(|r| (r.0, r.1, r.2));
        let values: Vec<[&dyn ToSql; 5]> = rows
            .iter()
            .map(|(actor, doc, local, mentions, roles)| {
                [doc as &dyn ToSql, local, actor, mentions, roles]
            })
            .collect();
        insert_rows(
            &self.conn,
            "INSERT OR REPLACE INTO doc_actors(doc, local, actor, mentions, roles)",
            &values,
        )?;
        drop(values);
        // Emptied, its memory kept for the next transaction.
        rows.clear();
        Ok(())
    }

    /// Writes the full-text rows kept for the commit.
    pub(crate) fn flush_fulltext(&self) -> Result<(), StoreError> {
        self.flush_doc_actors()?;
        self.linker.borrow_mut().flush(&self.conn)?;
        let mut pending = self.pending.borrow_mut();
        let mut docs = self
            .conn
            .prepare_cached("INSERT INTO docs_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?;
        pending.in_tx.clear();
        for (id, title, text) in pending.docs.drain(..) {
            docs.execute(params![id, title, text])?;
        }
        let lsh = pending.lsh.drain_sorted();
        let rows: Vec<[&dyn ToSql; 2]> = lsh.iter().map(|(b, d)| [b as &dyn ToSql, d]).collect();
        insert_rows(&self.conn, "INSERT OR IGNORE INTO lsh(band, doc)", &rows)?;
        Ok(())
    }
}
