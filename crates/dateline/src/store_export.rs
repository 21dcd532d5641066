//! `dateline export --db FILE`: tables and documents from a corpus store, streamed.
//!
//! Documents are read one at a time in ingest order, so memory stays flat whatever the
//! corpus size. `--format jsonl` writes each stored document's JSON exactly as
//! `dateline analyze` wrote it (no re-analysis); tables and the other formats rebuild the
//! document from that JSON (`dateline_doc::from_json`) and go through the same writers as
//! `dateline export` on fresh inputs.

use crate::output::{Rendered, Writer};
use crate::{ExportArgs, Format};
use anyhow::Context;
use dateline_doc::Layer;
use dateline_export::{ExportFormat, Exporter};
use dateline_store::{Store, StoreError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(db: &Path, args: &ExportArgs, formats: &[ExportFormat]) -> anyhow::Result<ExitCode> {
    let store = Store::open(db)?;
    let all = args.all_copies;
    let n = match args.analyze.format {
        Some(format) => {
            let path: Option<PathBuf> = match (&args.to, &args.analyze.output) {
                (Some(dir), _) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    let ext = match format {
                        Format::Jsonl => "jsonl",
                        Format::Json => "json",
                        Format::Text => "txt",
                        // Handled by export_parquet before this point.
                        Format::Parquet => "parquet",
                    };
                    Some(dir.join(format!("documents.{ext}")))
                }
                (None, out) => out.clone(),
            };
            let mut writer = Writer::create(format, path.as_deref())?;
            let n = if format == Format::Jsonl {
                store.documents(all, |line| {
                    writer.write(&Rendered::from_jsonl(line)).map_err(io_error)
                })
            } else {
                store.stored_docs(all, |doc| {
                    let layers: Vec<Layer> = doc.layers().collect();
                    writer
                        .write(&Rendered::new(&doc, &layers, format))
                        .map_err(io_error)
                })
            };
            let n = match n {
                Err(StoreError::Invalid(e)) if e.contains("Broken pipe") => {
                    return Ok(ExitCode::SUCCESS);
                }
                other => other?,
            };
            writer.finish().context("cannot write output")?;
            if let Some(p) = path {
                eprintln!("dateline: wrote {} ({n} documents)", p.display());
            }
            n
        }
        None => {
            let Some(dir) = &args.to else {
                anyhow::bail!(
                    "--to DIR: the folder to write the tables into (or --format jsonl for the documents)"
                );
            };
            let mut exporter = Exporter::create(dir, formats)
                .with_context(|| format!("cannot write tables into {}", dir.display()))?;
            let n = store.stored_docs(all, |doc| {
                exporter
                    .write_rendered(&dateline_export::render(&doc, formats))
                    .map_err(|e| StoreError::Invalid(e.to_string()))
            })?;
            let summary = exporter.finish().context("cannot write tables")?;
            for (path, rows) in &summary.files {
                eprintln!("dateline: wrote {} ({rows} rows)", path.display());
            }
            n
        }
    };
    if !args.analyze.quiet {
        eprintln!("dateline: {n} documents from {}", db.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn io_error(e: std::io::Error) -> StoreError {
    StoreError::Invalid(e.to_string())
}
