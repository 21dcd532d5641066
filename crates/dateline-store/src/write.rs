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
use crate::link::roles_json;
use crate::prepare::Prepared;
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

/// Full-text rows waiting for the commit.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    /// (document id, title, text)
    docs: Vec<(i64, Option<String>, String)>,
    /// LSH band key → documents of this transaction (inserted in key order at the commit,
    /// which keeps the index's pages in cache; consulted with the table meanwhile).
    lsh: std::collections::HashMap<i64, Vec<i64>>,
}

/// A document's contribution to the corpus counters: (actor, mentions) and (place,
/// mentions), each corpus actor or place once.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub actors: Vec<(i64, i64)>,
    pub places: Vec<(i64, i64)>,
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
            for band in dedup::band_keys(sig) {
                pending.lsh.entry(band).or_default().push(id);
            }
        }
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
        // plenty to find a copy.
        let marks = vec!["?"; dedup::BANDS].join(", ");
        let bands = dedup::band_keys(sig);
        let mut candidates: Vec<i64> = conn
            .prepare_cached(&format!(
                "SELECT doc FROM lsh WHERE band IN ({marks}) GROUP BY doc ORDER BY count(*) DESC LIMIT 256"
            ))?
            .query_map(rusqlite::params_from_iter(bands), |r| r.get::<_, i64>(0))?
            .filter(|d| d.as_ref().map_or(true, |d| *d != itself))
            .collect::<Result<_, _>>()?;
        {
            let pending = self.pending.borrow();
            for band in &bands {
                for &d in pending.lsh.get(band).into_iter().flatten() {
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
        if old.canonical {
            self.count(old.id, -1)?;
        }
        let indexed = {
            let mut pending = self.pending.borrow_mut();
            let before = pending.docs.len();
            pending.docs.retain(|(d, _, _)| *d != old.id);
            pending.docs.len() == before
        };
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
            let mut pending = self.pending.borrow_mut();
            for band in dedup::band_keys(&sig) {
                delete.execute([band, old.id])?;
                if let Some(docs) = pending.lsh.get_mut(&band) {
                    docs.retain(|d| *d != old.id);
                }
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
        // Statements are taken from the cache once per document, not once per row.
        let mut insert_actor = conn.prepare_cached(
            "INSERT OR REPLACE INTO doc_actors(doc, local, actor, mentions, roles) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (local, actor) in doc.actors.iter().enumerate() {
            let corpus = self.linker.borrow_mut().actor(conn, actor)?;
            corpus_ids.push(corpus);
            match counts.actors.iter_mut().find(|(a, _)| *a == corpus) {
                Some((_, m)) => *m += i64::from(actor.mentions),
                None => counts.actors.push((corpus, i64::from(actor.mentions))),
            }
            insert_actor.execute(params![
                id,
                local as i64,
                corpus,
                actor.mentions,
                roles_json(&actor.roles)
            ])?;
        }
        let corpus = |local: u32| corpus_ids.get(local as usize).copied();

        let mut insert_quote = conn.prepare_cached(
            "INSERT INTO quotes(id, doc, start, end, kind, speaker, speaker_text, speaker_rule, confidence,
             sentence_start, sentence_end) VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (n, q) in doc.quotes.iter().enumerate() {
            let quote = first_row + n as i64;
            if quote > last_row {
                break;
            }
            let speaker = q.speakers.first().and_then(|&s| corpus(s));
            insert_quote.execute(params![
                id,
                q.start,
                q.end,
                q.kind,
                speaker,
                q.speaker_text,
                q.speaker_rule,
                q.confidence,
                q.sentence_start,
                q.sentence_end,
                quote
            ])?;
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

        let mut insert_event = conn.prepare_cached(
            "INSERT INTO events(doc, start, end, date, source, target, source_actor, target_actor,
             code, root, goldstein, quad_class, plover, negated, modality, id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        for (n, e) in doc.events.iter().enumerate() {
            let event = first_row + n as i64;
            if event > last_row {
                break;
            }
            insert_event.execute(params![
                id,
                e.start,
                e.end,
                e.date,
                e.source,
                e.target,
                e.source_actor.and_then(corpus),
                e.target_actor.and_then(corpus),
                e.code,
                e.code.get(..2).unwrap_or(&e.code),
                e.goldstein,
                e.quad_class,
                e.plover,
                e.negated,
                e.modality,
                event
            ])?;
        }

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

    /// Writes the full-text rows kept for the commit.
    pub(crate) fn flush_fulltext(&self) -> Result<(), StoreError> {
        self.linker.borrow_mut().flush(&self.conn)?;
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        let mut docs = self
            .conn
            .prepare_cached("INSERT INTO docs_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?;
        for (id, title, text) in &pending.docs {
            docs.execute(params![id, title, text])?;
        }
        let mut lsh: Vec<(i64, i64)> = pending
            .lsh
            .iter()
            .flat_map(|(band, docs)| docs.iter().map(move |d| (*band, *d)))
            .collect();
        lsh.sort_unstable();
        let mut insert = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO lsh(band, doc) VALUES (?1, ?2)")?;
        for (band, doc) in lsh {
            insert.execute([band, doc])?;
        }
        Ok(())
    }
}
