//! Parquet tables of analysed documents, for DuckDB, pandas/pyarrow, Polars and Spark.
//!
//! `dateline export --format parquet --to DIR` (from input files or from a corpus store
//! with `--db`) writes five files:
//!
//! | file | one row per |
//! |---|---|
//! | `documents.parquet` | document: metadata, publication date and instant, counts of every layer, GDELT V2Tone fields, substance, story (from a store), text |
//! | `quotes.parquet` | quote: span, text, kind, speakers as a list with their actor ids, codes and countries, cue, rule, confidence, the sentence around it |
//! | `actors.parquet` | actor of a document: name, type, roles (a list), country, CAMEO-style code, mentions, name variants |
//! | `events.parquet` | coded event, GDELT-like: day, source/target codes, names and countries, CAMEO code/base/root, QuadClass, Goldstein, PLOVER, negation, modality, place, evidence sentence |
//! | `places.parquet` | place mention: gazetteer name, lat/lon, country, subdivision, feature, GeoNames id |
//!
//! Every row of the four item tables carries `doc_id` (join to `documents.parquet`) and
//! its index in the document's layer (`quote_index`, `event_index`, `place_index`,
//! `actor_id` as `A0`, `A1` … the ids the JSON output and the other tables use). Spans are
//! character offsets (Unicode code points, end exclusive) into `documents.text`, as in the
//! JSON output. Strings the analysis leaves out are null; lists are never null (maybe
//! empty). Numbers rounded in the JSON output (tone and substance, four decimals) are
//! rounded the same way, so a store's export equals an export of the same inputs.
//!
//! ## Files
//!
//! Written in row groups of at most [`Options::row_group_rows`] rows (10,000) or
//! [`Options::row_group_bytes`] of text (32 MB), whichever comes first, as documents come:
//! memory stays bounded whatever the corpus size. Compression is Zstandard (level 3),
//! dictionary encoding is on (off for `documents.text`), page statistics are written, and
//! types are Parquet logical types with their converted-type equivalents (STRING/UTF8,
//! DATE, TIMESTAMP(MICROS, UTC)/TIMESTAMP_MICROS, standard three-level LIST), which
//! DuckDB, pyarrow, Polars and Spark read as such. The files are written with the parquet
//! crate's own column writers, not through Arrow (the `arrow` feature would add minutes of
//! release build for nothing these flat tables need). Each file is written as
//! `NAME.parquet.partial` and renamed when complete, so a reader never sees a half-written
//! file. The key-value metadata holds `dateline.table` and `dateline.schema_version`
//! ([`SCHEMA_VERSION`]).
//!
//! ```sql
//! -- DuckDB
//! SELECT speakers[1] AS speaker, count(*) FROM 'out/quotes.parquet'
//! WHERE len(speakers) > 0 GROUP BY 1 ORDER BY 2 DESC LIMIT 10;
//! SELECT d.published_date, e.event_root_code, count(*) FROM 'out/events.parquet' e
//! JOIN 'out/documents.parquet' d USING (doc_id) GROUP BY ALL;
//! ```
//!
//! ## Columns
//!
//! Types are DuckDB's names (`VARCHAR[]` is a Parquet LIST of STRING, `TIMESTAMP WITH TIME
//! ZONE` an INT64 microsecond timestamp adjusted to UTC, `DATE` days since 1970-01-01);
//! "required" columns are never null.
//!
#![doc = include_str!("../SCHEMA.md")]

mod rows;
pub mod schema;
mod table;

pub use rows::{Cell, Rows, Story};
pub use schema::{Column, Kind, TABLES};

use std::path::{Path, PathBuf};
use table::TableWriter;

/// The version of the tables' layout, in each file's key-value metadata
/// (`dateline.schema_version`); raised when a column changes meaning or type.
pub const SCHEMA_VERSION: u32 = 1;

/// The files written, in order.
pub const FILES: [&str; 5] = [
    TABLES[0].0,
    TABLES[1].0,
    TABLES[2].0,
    TABLES[3].0,
    TABLES[4].0,
];

/// How the files are cut and compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// A row group closes once this many rows are buffered (checked after each document).
    pub row_group_rows: usize,
    /// …or this many bytes of text.
    pub row_group_bytes: usize,
    /// Zstandard level (1–22).
    pub zstd_level: i32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            row_group_rows: 10_000,
            row_group_bytes: 32 * 1024 * 1024,
            zstd_level: 3,
        }
    }
}

/// Why writing the tables failed.
#[derive(Debug, thiserror::Error)]
pub enum ParquetExportError {
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: parquet::errors::ParquetError,
    },
}

/// What was written: each file with its number of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub documents: u64,
    pub files: Vec<(PathBuf, u64)>,
}

/// Writes the five tables into a folder, one document at a time (see the crate docs).
///
/// Render each document with [`Rows::render`] (pure; on the worker that analysed it) and
/// pass the rows to [`ParquetWriter::write`] in order; [`ParquetWriter::finish`] completes
/// the files. Dropping the writer unfinished removes the partial files.
pub struct ParquetWriter {
    tables: Vec<TableWriter>,
    documents: u64,
}

impl ParquetWriter {
    /// Creates `dir` if needed and starts the five files in it.
    pub fn create(dir: &Path, options: Options) -> Result<ParquetWriter, ParquetExportError> {
        std::fs::create_dir_all(dir).map_err(|source| ParquetExportError::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        let tables = TABLES
            .iter()
            .map(|(name, columns)| TableWriter::create(dir, name, columns, options))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ParquetWriter {
            tables,
            documents: 0,
        })
    }

    /// Appends one document's rows.
    pub fn write(&mut self, rows: Rows) -> Result<(), ParquetExportError> {
        for (table, cells) in self.tables.iter_mut().zip(rows.tables) {
            table.write(cells)?;
        }
        self.documents += 1;
        Ok(())
    }

    /// Writes the last row groups and the footers, and names the files.
    pub fn finish(self) -> Result<Summary, ParquetExportError> {
        let mut files = Vec::with_capacity(self.tables.len());
        for table in self.tables {
            files.push(table.finish()?);
        }
        Ok(Summary {
            documents: self.documents,
            files,
        })
    }
}

/// The column tables of the documentation (`SCHEMA.md`), written from [`TABLES`].
pub fn schema_markdown() -> String {
    let mut out = String::new();
    for (name, columns) in TABLES {
        out.push_str(&format!(
            "### `{name}`\n\n| column | type | required | meaning |\n|---|---|---|---|\n"
        ));
        for c in columns {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.kind.sql_name(),
                if c.required { "yes" } else { "" },
                c.about.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
