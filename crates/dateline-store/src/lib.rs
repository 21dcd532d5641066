//! The corpus store: analysed documents kept in one SQLite file, and the queries over them.
//!
//! `dateline analyze` annotates documents and forgets them; users who follow a story for a
//! year need to keep a corpus and ask it questions ("what did Putin say about NATO in
//! August?"). This crate is that corpus, in the manner of datasette: one SQLite file (WAL,
//! FTS5), every view a plain query whose rows are also JSON.
//!
//! * **Writing** ([`Store::put`]): one document at a time from a single writer, inside
//!   transactions the caller groups ([`Store::begin`], [`Store::commit`]). The expensive
//!   part, [`prepare()`], is pure and runs on worker threads. Identity, updates, story
//!   clusters ([`dedup`]) and corpus-level actors ([`names`]) are decided here.
//! * **Reading** ([`query`]): each view (`docs`, `quotes`, `actors`, `events`, `timeline`,
//!   `cooccur`, `places`, `stats`) is written once, here, and serves both `dateline query`
//!   and the HTTP API.
//! * **Giving documents back** ([`Store::documents`]): the JSON of each stored document,
//!   byte for byte what `dateline analyze` wrote, rebuilt from the packed layers ([`json`]);
//!   or the documents themselves ([`Store::stored_docs`]) for tables.
//!
//! The store depends on the document model (`dateline-doc`) only: it never runs analysis,
//! and no analysis crate depends on it. Crash safety is SQLite's: a document and all its
//! rows are written inside one transaction, so a killed ingest leaves every document either
//! whole or absent, and running the same ingest again completes it.

pub mod dedup;
pub mod detail;
mod json;
mod link;
pub mod names;
mod prepare;
pub mod query;
pub mod schema;
mod write;

pub use prepare::{DocActor, DocEvent, DocPlace, DocQuote, Prepared, key, prepare};
pub use write::Outcome;

/// A stored document with its story, as [`Store::documents_with_story`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: String,
    /// The story (cluster) id.
    pub story: i64,
    /// Stored documents that tell the story.
    pub story_size: i64,
    /// Whether this document represents its story.
    pub canonical: bool,
    text: String,
    annotations: Vec<u8>,
}

impl StoredDocument {
    /// The document as `analyze` wrote it (FORMAT.md JSON).
    pub fn json(&self) -> Result<String, StoreError> {
        json::document(&self.id, self.text.clone(), &self.annotations)
    }

    /// The document itself, rebuilt (on whichever thread calls this).
    pub fn doc(self) -> Result<dateline_doc::Doc, StoreError> {
        json::stored_doc(&self.id, self.text, &self.annotations)
    }
}

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{0}: no such store (create one with `dateline ingest --db FILE INPUTS`)")]
    Missing(PathBuf),
    #[error(
        "the store has schema version {found}, newer than this dateline knows ({known}): use a newer dateline"
    )]
    TooNew { found: i64, known: i64 },
    #[error("the store is damaged: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Invalid(String),
}

/// An open corpus store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Full-text rows of the current transaction, written at [`Store::commit`].
    pending: std::cell::RefCell<write::Pending>,
    /// Corpus actors and places of the writer (see [`link`]).
    linker: std::cell::RefCell<link::Linker>,
    /// The documents of the current transaction, to write again after a failed one.
    batch: std::cell::RefCell<Vec<Prepared>>,
    /// Set when a transaction could not be replayed: nothing more is written.
    broken: std::cell::RefCell<Option<String>>,
    /// Every LSH key in the store, while this connection has written all of them (see
    /// [`dedup::BandFilter`]); `None` once that is not known.
    pub(crate) bands: std::cell::RefCell<Option<Box<dedup::BandFilter>>>,
    /// `PRAGMA data_version` at the first transaction: another connection's commit changes
    /// it, and then the filter no longer knows every key.
    data_version: std::cell::Cell<Option<i64>>,
}

impl Store {
    /// Opens a store for writing, creating the file and its schema if needed.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::setup(conn, path, true)
    }

    /// Opens an existing store for queries (read-only: a query never changes the file).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::setup(conn, path, false)
    }

    fn setup(mut conn: Connection, path: &Path, write: bool) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        if write {
            // WAL: readers (queries, the server) never block the writer nor see a half-written
            // transaction; NORMAL sync is durable at every checkpoint and never corrupts.
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(open_err)?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(open_err)?;
            conn.pragma_update(None, "foreign_keys", "OFF")
                .map_err(open_err)?;
            // Checkpoint the log into the database every ~40 MB rather than every 4 MB:
            // fewer, larger copies while ingesting.
            conn.pragma_update(None, "wal_autocheckpoint", 10_000)
                .map_err(open_err)?;
            schema::migrate(&mut conn)?;
        } else {
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(open_err)?;
            if version == 0 {
                return Err(StoreError::Invalid(format!(
                    "{}: not a dateline store (no schema)",
                    path.display()
                )));
            }
            if version != schema::VERSION {
                return Err(StoreError::TooNew {
                    found: version,
                    known: schema::VERSION,
                });
            }
        }
        // Every view and write statement stays prepared (the default cache holds 16, fewer
        // than one document's writes use).
        conn.set_prepared_statement_cache_capacity(256);
        crate::query::register_about(&conn).map_err(open_err)?;
        // Page cache: 128 MB for the writer (its indexes are updated at random places all
        // over a large file), 64 MB for a reader; both are filled only as pages are used.
        conn.pragma_update(None, "cache_size", if write { -131_072 } else { -65_536 })
            .map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        let no_bands = write
            && !conn
                .prepare("SELECT 1 FROM lsh LIMIT 1")
                .and_then(|mut s| s.exists([]))
                .map_err(open_err)?;
        Ok(Store {
            bands: std::cell::RefCell::new(no_bands.then(Box::default)),
            data_version: std::cell::Cell::new(None),
            conn,
            path: path.to_path_buf(),
            pending: Default::default(),
            linker: Default::default(),
            batch: Default::default(),
            broken: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for checks and tools (`PRAGMA integrity_check`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Starts a transaction: every [`Store::put`] until [`Store::commit`] lands together.
    pub fn begin(&self) -> Result<(), StoreError> {
        self.reset();
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        if self.bands.borrow().is_some() {
            let version: i64 = self
                .conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))?;
            match self.data_version.get() {
                None => self.data_version.set(Some(version)),
                // Another connection wrote: its keys are not in the filter.
                Some(v) if v != version => *self.bands.borrow_mut() = None,
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Writes the transaction's actor names and full-text rows, then commits it.
    pub fn commit(&self) -> Result<(), StoreError> {
        if let Some(why) = self.broken.borrow().as_ref() {
            return Err(StoreError::Invalid(why.clone()));
        }
        self.flush_fulltext()?;
        self.conn.execute_batch("COMMIT")?;
        self.batch.borrow_mut().clear();
        Ok(())
    }

    /// Copies the write-ahead log into the database and empties it (at the end of a run: a
    /// log left behind by a process whose last reader closed after the writer would
    /// otherwise keep its size on disk).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// `PRAGMA integrity_check`, and on a store opened for writing also the full-text
    /// index's own check against the documents (FTS5 runs it as a write statement, which a
    /// read-only connection refuses); `Ok` when all pass.
    pub fn check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(StoreError::Corrupt(result));
        }
        if !self.conn.is_readonly(rusqlite::MAIN_DB)? {
            self.conn
                .execute_batch("INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)")
                .map_err(|e| StoreError::Corrupt(format!("full-text index: {e}")))?;
        }
        Ok(())
    }

    /// Every stored document's JSON line (as `dateline analyze --format jsonl` wrote it), in
    /// ingest order, streamed: `each` is called once per document and nothing is collected.
    /// With `all_copies` false, only each story's representative.
    pub fn documents(
        &self,
        all_copies: bool,
        mut each: impl FnMut(String) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let sql = if all_copies {
            "SELECT doc_id, text, annotations FROM docs ORDER BY id"
        } else {
            // `+`: walk the table in row order; the `canonical` index would make SQLite sort
            // every document (text included) in memory before the first one comes out.
            "SELECT doc_id, text, annotations FROM docs WHERE +canonical = 1 ORDER BY id"
        };
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let text: String = row.get(1)?;
            let blob: Vec<u8> = row.get(2)?;
            each(json::document(&id, text, &blob)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every stored document rebuilt as a [`dateline_doc::Doc`] (for tables and text
    /// output), in ingest order, streamed like [`Store::documents`].
    pub fn stored_docs(
        &self,
        all_copies: bool,
        mut each: impl FnMut(dateline_doc::Doc) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        self.documents_with_story(all_copies, |stored| each(stored.doc()?))
    }

    /// Like [`Store::documents`], with each document's story: the stored id, the story
    /// (cluster) it belongs to, how many stored documents tell it, and whether this one
    /// is the story's representative. The document is rebuilt when asked for
    /// ([`StoredDocument::json`], [`StoredDocument::doc`]), so callers can do it on
    /// several threads.
    pub fn documents_with_story(
        &self,
        all_copies: bool,
        mut each: impl FnMut(StoredDocument) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let sql = if all_copies {
            "SELECT d.doc_id, d.text, d.annotations, d.cluster, c.size, d.canonical
             FROM docs d JOIN clusters c ON c.id = d.cluster ORDER BY d.id"
        } else {
            "SELECT d.doc_id, d.text, d.annotations, d.cluster, c.size, d.canonical
             FROM docs d JOIN clusters c ON c.id = d.cluster WHERE +d.canonical = 1 ORDER BY d.id"
        };
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let text: String = row.get(1)?;
            let blob: Vec<u8> = row.get(2)?;
            each(StoredDocument {
                id,
                story: row.get(3)?,
                story_size: row.get(4)?,
                canonical: row.get::<_, i64>(5)? != 0,
                text,
                annotations: blob,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether the store holds no document.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(!self
            .conn
            .prepare_cached("SELECT 1 FROM docs LIMIT 1")?
            .exists([])?)
    }

    /// Whether the store holds `key` with exactly this text.
    pub fn has_text(&self, key: &str, text: &str) -> Result<bool, StoreError> {
        let hash = xxhash_rust::xxh3::xxh3_128(text.as_bytes()).to_be_bytes();
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM docs WHERE key = ?1 AND text_hash = ?2")?
            .exists(rusqlite::params![key, &hash[..]])?)
    }

    /// One stored document's JSON by its id (or key); `None` when there is none.
    pub fn document(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_id, text, annotations FROM docs WHERE doc_id = ?1 OR key = ?1 ORDER BY canonical DESC, id LIMIT 1",
        )?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(row) => {
                let id: String = row.get(0)?;
                let text: String = row.get(1)?;
                let blob: Vec<u8> = row.get(2)?;
                Ok(Some(json::document(&id, text, &blob)?))
            }
            None => Ok(None),
        }
    }
}
