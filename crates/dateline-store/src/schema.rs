//! The store's schema and its migrations.
//!
//! The schema version is SQLite's `PRAGMA user_version`. [`MIGRATIONS`] holds one SQL script
//! per version; opening a store runs, in one transaction each, every script above the
//! file's version, so a store written by an older dateline is brought up to date on first
//! open and a crash during a migration leaves the old version intact. A file whose version
//! is newer than this build knows is refused rather than misread.
//!
//! ## Tables (version 4: `annotations` packed; versions up to 3 kept JSON there; version 2 also had `quotes_fts`, a full-text index of each quote's sentences; version 1 had MinHash signatures by 60 hash functions)
//!
//! | table | one row per | notes |
//! |---|---|---|
//! | `docs` | stored document | `key` (identity, unique), `doc_id` (the id in the JSON), url, title, source, `published` as given, `day` (`YYYY-MM-DD`), `text`, `text_hash` (XXH3-128), `cluster`, `canonical` (1 for the story's representative), `tone`, `words`, `annotations` (metadata and layers packed by `dateline_doc::pack`, Zstandard-compressed; up to version 3, the JSON after `"text"`, which is still read), `minhash` (signature, 60 × u32) |
//! | `docs_fts` | document | FTS5 over title and text, external content (`docs`); BM25 ranking, snippets. Rows are added at each commit (see `write`) |
//! | `clusters` | story | `rep` (the representative document), `size` |
//! | `lsh` | (band key, document) | MinHash LSH index: 20 keys per document (removed through the document's stored signature) |
//! | `actors` | corpus-level actor | `key` (stable, URL-safe), canonical `name`, `type` (person, org, place, group), `country` (ISO 3166-1 alpha-3), `code` (CAMEO), `roles` (JSON list), `mentions` and `documents` (over representative documents only) |
//! | `actor_names` | (normalized name, actor) | every name a document used for the actor, normalized (`name`) and as first written (`written`), with counts; `surname` marks the last name of a person added as a weaker key |
//! | `doc_actors` | (document, document-level actor) | the corpus actor it was linked to, its mentions and roles in that document |
//! | `quotes` | quotation | character offsets into the document text, kind, first speaker (corpus actor), speaker text and rule, the sentences around it (offsets: what `--about` searches) |
//! | `quote_speakers` | (quote, actor) | every speaker of a quote said by several people (a quote with one speaker has it in `quotes.speaker` only) |
//! | `events` | coded event | CAMEO codes, Goldstein, QuadClass, PLOVER, source/target codes and corpus actors, the sentence (offsets) |
//! | `places` | gazetteer entry | name, country (ISO alpha-2), subdivision, feature, lat/lon, GeoNames id, `mentions`/`documents` (representative documents) |
//! | `doc_places` | (document, place) | mentions in that document |
//! | `store_meta` | setting | `created_by` (dateline version), `created_at` |
//!
//! The small columns of `docs` come first: SQLite reads a row's columns in order and a
//! long text spills into overflow pages, so a timeline that needs `day` and `tone` of
//! thousands of rows never touches the text.
//!
//! Quote and event ids are `document id × 2^20 + n`: a document's rows are one id range,
//! deleted without an index on `doc` (a document keeps its first 2^20 quotes and events).
//!
//! Offsets in `quotes` and `events` are character offsets, as in the JSON output, so that
//! SQLite's `substr()` (which counts characters) reads the evidence straight from
//! `docs.text`.

use crate::StoreError;
use rusqlite::Connection;

/// The schema this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// One script per schema version: `MIGRATIONS[0]` takes an empty file to version 1. A
/// version whose change is in the data, not the tables, also has a step in Rust
/// ([`data_step`]), run after its script in the same transaction.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4];

/// Version 4: `docs.annotations` of new documents are packed (`dateline_doc::pack`) rather
/// than JSON. No table changes and nothing to convert: blobs written before are still read
/// (see `json`). The version says that a build which knows only JSON blobs must not
/// open the file.
const V4: &str = "";

/// Version 3: no full-text index of quotes; `--about` reads a quote's sentences from its
/// document's text, found through `docs_fts` (see `query::about`).
const V3: &str = "DROP TABLE IF EXISTS quotes_fts;";

/// Version 2: MinHash signatures by one-permutation hashing (see [`crate::dedup`]). Every
/// stored signature and LSH key is computed again from the stored text ([`resign`]);
/// story clusters found before stay as they are.
const V2: &str = "DELETE FROM lsh;";

const V1: &str = r#"
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE clusters (
    id   INTEGER PRIMARY KEY,
    rep  INTEGER NOT NULL,
    size INTEGER NOT NULL
);

CREATE TABLE docs (
    id          INTEGER PRIMARY KEY,
    canonical   INTEGER NOT NULL,
    cluster     INTEGER NOT NULL REFERENCES clusters(id),
    day         TEXT,
    tone        REAL,
    words       INTEGER,
    key         TEXT NOT NULL UNIQUE,
    doc_id      TEXT NOT NULL,
    published   TEXT,
    url         TEXT,
    title       TEXT,
    source      TEXT,
    text_hash   BLOB NOT NULL,
    minhash     BLOB,
    text        TEXT NOT NULL,
    annotations BLOB NOT NULL
);
CREATE INDEX docs_day ON docs(canonical, day);
CREATE INDEX docs_doc_id ON docs(doc_id);
CREATE INDEX docs_hash ON docs(text_hash);
CREATE INDEX docs_cluster ON docs(cluster);

CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, text, content='docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
-- `ORDER BY rank` is BM25 with the title weighing four times the text.
INSERT INTO docs_fts(docs_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
CREATE TABLE lsh (
    band INTEGER NOT NULL,
    doc  INTEGER NOT NULL,
    PRIMARY KEY (band, doc)
) WITHOUT ROWID;

CREATE TABLE actors (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    country   TEXT,
    code      TEXT,
    roles     TEXT NOT NULL DEFAULT '[]',
    mentions  INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actors_type ON actors(type, mentions);
CREATE INDEX actors_mentions ON actors(mentions);

CREATE TABLE actor_names (
    name    TEXT NOT NULL,
    actor   INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    surname INTEGER NOT NULL DEFAULT 0,
    written TEXT NOT NULL,
    PRIMARY KEY (name, actor)
) WITHOUT ROWID;
CREATE INDEX actor_names_actor ON actor_names(actor);

CREATE TABLE doc_actors (
    doc      INTEGER NOT NULL,
    local    INTEGER NOT NULL,
    actor    INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    roles    TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc, local)
) WITHOUT ROWID;
CREATE INDEX doc_actors_actor ON doc_actors(actor, doc);

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    speaker        INTEGER,
    speaker_text   TEXT,
    speaker_rule   TEXT NOT NULL,
    confidence     REAL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE quote_speakers (
    quote INTEGER NOT NULL,
    actor INTEGER NOT NULL,
    PRIMARY KEY (quote, actor)
) WITHOUT ROWID;
CREATE INDEX quote_speakers_actor ON quote_speakers(actor, quote);

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    context, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    doc          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    date         TEXT,
    source       TEXT NOT NULL,
    target       TEXT NOT NULL,
    source_actor INTEGER,
    target_actor INTEGER,
    code         TEXT NOT NULL,
    root         TEXT NOT NULL,
    goldstein    REAL NOT NULL,
    quad_class   INTEGER NOT NULL,
    plover       TEXT,
    negated      INTEGER NOT NULL,
    modality     TEXT
);
CREATE INDEX events_source_actor ON events(source_actor);
CREATE INDEX events_target_actor ON events(target_actor);

CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    country     TEXT,
    subdivision TEXT,
    feature     TEXT NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    geonameid   INTEGER,
    mentions    INTEGER NOT NULL DEFAULT 0,
    documents   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX places_identity ON places(name, ifnull(country, ''), ifnull(geonameid, -1));
CREATE INDEX places_mentions ON places(mentions);

CREATE TABLE doc_places (
    doc      INTEGER NOT NULL,
    place    INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc, place)
) WITHOUT ROWID;
CREATE INDEX doc_places_place ON doc_places(place, doc);
"#;

/// Brings the file to [`VERSION`], one transaction per migration.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(StoreError::TooNew {
            found: current,
            known: VERSION,
        });
    }
    for (i, script) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(script)?;
        data_step(&tx, i + 1)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        if i == 0 {
            tx.execute(
                "INSERT INTO store_meta(key, value) VALUES ('created_by', ?1), ('created_at', datetime('now'))",
                [concat!("dateline ", env!("CARGO_PKG_VERSION"))],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The Rust part of migrating to `version`, if it has one.
fn data_step(conn: &Connection, version: usize) -> Result<(), StoreError> {
    match version {
        2 => resign(conn),
        _ => Ok(()),
    }
}

/// Computes every document's MinHash signature and LSH keys again from its text.
fn resign(conn: &Connection) -> Result<(), StoreError> {
    let mut read = conn.prepare("SELECT id, text FROM docs ORDER BY id")?;
    let mut update = conn.prepare("UPDATE docs SET minhash = ?2 WHERE id = ?1")?;
    let mut insert = conn.prepare("INSERT OR IGNORE INTO lsh(band, doc) VALUES (?1, ?2)")?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let text: String = row.get(1)?;
        let sig = crate::dedup::signature(&text);
        update.execute(rusqlite::params![
            id,
            sig.as_ref().map(crate::dedup::to_bytes)
        ])?;
        for band in sig.iter().flat_map(crate::dedup::band_keys) {
            insert.execute([band, id])?;
        }
    }
    Ok(())
}
