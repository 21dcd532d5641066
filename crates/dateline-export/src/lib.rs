//! Exports: analysed documents written as CSV tables and as GDELT-shaped TSV rows, so that
//! spreadsheets, databases and existing GDELT tooling can read dateline's output.
//!
//! [`Exporter`] writes one document at a time and keeps nothing of it afterwards (constant
//! memory whatever the corpus size); every file is buffered and flushed by
//! [`Exporter::finish`]. To render on worker threads, call [`render`] there (pure: a
//! document in, bytes out) and [`Exporter::write_rendered`] in the ordered writer, which
//! only copies bytes and numbers the rows. Formats ([`ExportFormat`]):
//!
//! * `csv` — four RFC 4180 tables ([`csv`]): `documents.csv`, `actors.csv`, `quotes.csv`,
//!   `events.csv`, one row per item, each with the document id and spans as character
//!   offsets (Unicode code points, end exclusive, as in `shared/eval/FORMAT.md`).
//! * `gdelt-events` — `gdelt-events.tsv`, one row per event in the 61 columns of the GDELT
//!   2.0 Event codebook ([`gdelt::EVENT_COLUMNS`]), tab-separated, no header, like GDELT's
//!   own `.export.CSV` files.
//! * `gkg` — `gkg.tsv`, one row per document in the 27 columns of the GKG 2.1 codebook
//!   ([`gkg::GKG_COLUMNS`]), tab-separated, no header.
//!
//! Where GDELT uses FIPS 10-4 codes (`*Geo_CountryCode`, `*Geo_ADM1Code`, the locations
//! blocks of the GKG), dateline writes ISO codes: ISO 3166-1 alpha-2 for countries ("US",
//! "RU"; FIPS would say "US", "RS") and ISO 3166-2 for first-level subdivisions ("US-AK";
//! FIPS "USAK"); feature ids are GeoNames ids. Actor country codes are ISO 3166-1 alpha-3 in
//! both GDELT and dateline. A reader that joins GDELT rows with dateline rows on geography
//! must map FIPS to ISO first. The other fields and their gaps are listed in [`gdelt`] and
//! [`gkg`].
//!
//! The CSV writer is written here (forty lines, [`csv::CsvWriter`]) rather than taken from
//! the `csv` crate: the tables only ever write strings and numbers, and quoting is all that
//! RFC 4180 asks.

pub mod csv;
pub mod gdelt;
pub mod gkg;
mod util;

use dateline_doc::Doc;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What an [`Exporter`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// documents.csv, actors.csv, quotes.csv, events.csv.
    Csv,
    /// gdelt-events.tsv: GDELT 2.0 Event rows.
    GdeltEvents,
    /// gkg.tsv: GDELT GKG 2.1 rows.
    Gkg,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::Csv,
        ExportFormat::GdeltEvents,
        ExportFormat::Gkg,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::GdeltEvents => "gdelt-events",
            ExportFormat::Gkg => "gkg",
        }
    }

    /// The files this format writes, relative to the export folder.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            ExportFormat::Csv => &csv::FILES,
            ExportFormat::GdeltEvents => &[gdelt::FILE],
            ExportFormat::Gkg => &[gkg::FILE],
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<ExportFormat, ExportError> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name() == s.trim())
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {0:?} (known: csv, gdelt-events, gkg)")]
    UnknownFormat(String),
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One output file: its path, a buffered writer, and how many rows went into it.
pub(crate) struct Sink {
    pub path: PathBuf,
    pub out: BufWriter<File>,
    pub rows: u64,
}

impl Sink {
    fn create(dir: &Path, name: &str) -> Result<Sink, ExportError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| ExportError::Create {
            path: path.clone(),
            source,
        })?;
        Ok(Sink {
            path,
            out: BufWriter::with_capacity(1 << 16, file),
            rows: 0,
        })
    }

    pub(crate) fn err(&self, source: std::io::Error) -> ExportError {
        ExportError::Write {
            path: self.path.clone(),
            source,
        }
    }

    fn finish(mut self) -> Result<(PathBuf, u64), ExportError> {
        self.out.flush().map_err(|e| self.err(e))?;
        Ok((self.path, self.rows))
    }
}

/// Writes analysed documents to a folder in the chosen formats, one document at a time.
pub struct Exporter {
    csv: Option<csv::CsvTables>,
    events: Option<gdelt::EventsWriter>,
    gkg: Option<gkg::GkgWriter>,
    formats: Vec<ExportFormat>,
    documents: u64,
}

/// One document's rows in some formats, rendered to bytes without the running numbers
/// that only the writer knows. Rendering is pure and can run on the worker threads that
/// analysed the document; [`Exporter::write_rendered`] then only copies bytes, in order.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    csv: Option<csv::CsvRows>,
    events: Option<gdelt::EventRows>,
    gkg: Option<gkg::GkgRow>,
}

/// Renders `doc` in `formats` (see [`Rendered`]).
pub fn render(doc: &Doc, formats: &[ExportFormat]) -> Rendered {
    let offsets = dateline_doc::CharOffsets::new(doc.text());
    Rendered {
        csv: formats
            .contains(&ExportFormat::Csv)
            .then(|| csv::CsvRows::render(doc, &offsets)),
        events: formats
            .contains(&ExportFormat::GdeltEvents)
            .then(|| gdelt::EventRows::render(doc)),
        gkg: formats
            .contains(&ExportFormat::Gkg)
            .then(|| gkg::GkgRow::render(doc, &offsets)),
    }
}

/// What an export wrote: each file with its number of data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    pub documents: u64,
    pub files: Vec<(PathBuf, u64)>,
}

impl Exporter {
    /// Creates (or truncates) the files of `formats` in `dir`, creating `dir` if needed.
    pub fn create(dir: &Path, formats: &[ExportFormat]) -> Result<Exporter, ExportError> {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        let has = |f: ExportFormat| formats.contains(&f);
        Ok(Exporter {
            csv: has(ExportFormat::Csv)
                .then(|| csv::CsvTables::create(dir))
                .transpose()?,
            events: has(ExportFormat::GdeltEvents)
                .then(|| gdelt::EventsWriter::create(dir))
                .transpose()?,
            gkg: has(ExportFormat::Gkg)
                .then(|| gkg::GkgWriter::create(dir))
                .transpose()?,
            formats: formats.to_vec(),
            documents: 0,
        })
    }

    /// Writes one document's rows to every chosen format (renders, then writes).
    pub fn write(&mut self, doc: &Doc) -> Result<(), ExportError> {
        let rendered = render(doc, &self.formats);
        self.write_rendered(&rendered)
    }

    /// Writes a document rendered by [`render`] (possibly on another thread); documents are
    /// numbered (GlobalEventID, GKGRECORDID) in the order they are written here.
    pub fn write_rendered(&mut self, doc: &Rendered) -> Result<(), ExportError> {
        self.documents += 1;
        if let (Some(c), Some(rows)) = (&mut self.csv, &doc.csv) {
            c.write(rows)?;
        }
        if let (Some(e), Some(rows)) = (&mut self.events, &doc.events) {
            e.write(rows)?;
        }
        if let (Some(g), Some(row)) = (&mut self.gkg, &doc.gkg) {
            g.write(row, self.documents)?;
        }
        Ok(())
    }

    /// Flushes every file; returns what was written.
    pub fn finish(self) -> Result<ExportSummary, ExportError> {
        let mut files = Vec::new();
        if let Some(c) = self.csv {
            for sink in c.into_sinks() {
                files.push(sink.finish()?);
            }
        }
        if let Some(e) = self.events {
            files.push(e.into_sink().finish()?);
        }
        if let Some(g) = self.gkg {
            files.push(g.into_sink().finish()?);
        }
        Ok(ExportSummary {
            documents: self.documents,
            files,
        })
    }
}
