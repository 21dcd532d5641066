//! `dateline export --format parquet --to DIR`: the five Parquet tables of
//! `dateline-parquet`, from inputs analysed now (on all cores, as `export` does) or from a
//! corpus store (`--db`, each stored document's JSON read back into a `Doc`).
//!
//! A document's rows are rendered on the workers: after analysis (inputs), or after its
//! JSON is read back, in batches of [`STORE_BATCH`] documents as the store streams them out
//! (`--db`). They are appended in input (ingest) order and row groups are written as they
//! fill, so memory stays bounded whatever the corpus size. With `--db`, each document's
//! story (cluster, size, representative) is read beside it in the same order, by one
//! read-only statement on the store's connection.

use crate::analyze::{
    analyze_record, check_size, choose_layers, input_specs, known_total_bytes, no_panic, published,
    record_bytes, summary_line,
};
use crate::progress::Progress;
use crate::{AnalyzeArgs, ExportArgs};
use anyhow::{Context, bail};
use dateline_parquet::{Options, ParquetWriter, Rows, Story, Summary};
use dateline_pipeline::{OrderedRunner, RunnerConfig};
use dateline_read::{ReadError, Record};
use dateline_store::{Store, StoreError, StoredDocument};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(dir) = args.to.clone() else {
        bail!("--to DIR: the folder to write the Parquet files into");
    };
    if args.analyze.output.is_some() {
        bail!("--format parquet writes its files into --to DIR, not to --output");
    }
    match &args.db {
        Some(db) => {
            if !args.analyze.paths.is_empty() {
                bail!("export reads either a store (--db) or inputs, not both");
            }
            from_store(db, &args, &dir)
        }
        None => from_inputs(args.analyze, &dir),
    }
}

fn create(dir: &Path) -> anyhow::Result<ParquetWriter> {
    ParquetWriter::create(dir, Options::default())
        .with_context(|| format!("cannot write Parquet files into {}", dir.display()))
}

fn report(summary: &Summary) {
    for (path, rows) in &summary.files {
        eprintln!("dateline: wrote {} ({rows} rows)", path.display());
    }
}

/// A document analysed by a worker: its rows, or why it failed (empty when skipped after a
/// write error).
struct Outcome {
    bytes: usize,
    result: Result<Rows, String>,
}

fn from_inputs(args: AnalyzeArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let default_published = published(&args)?;
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let (pipeline, _) = choose_layers(args.layers.as_deref(), &resources)?;
    let (paths, specs) = input_specs(&args, "export")?;
    let runner = OrderedRunner::new(RunnerConfig {
        jobs: args.jobs.unwrap_or(0),
        ..RunnerConfig::default()
    })
    .context("cannot start worker threads")?;
    let mut writer = create(dir)?;
    let progress = Progress::new(
        !args.quiet && std::io::stderr().is_terminal(),
        known_total_bytes(&paths),
    );
    let max_doc_bytes = args.max_doc_bytes;
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let (mut ok, mut failed, mut bytes_done) = (0u64, 0u64, 0u64);
    let mut write_error: Option<anyhow::Error> = None;

    let mut inputs = dateline_read::open(&specs);
    runner.run(
        &mut inputs,
        |item: &Result<Record, ReadError>| item.as_ref().map_or(0, record_bytes),
        |item| {
            if stop.load(Ordering::Relaxed) {
                return Outcome {
                    bytes: 0,
                    result: Err(String::new()),
                };
            }
            match item {
                Ok(record) => {
                    let bytes = record_bytes(&record);
                    let name = record.name.clone();
                    let result = check_size(&record, max_doc_bytes).and_then(|()| {
                        let doc = analyze_record(record, &pipeline, default_published)?;
                        no_panic(&name, || Ok(Rows::render(&doc)))
                    });
                    Outcome { bytes, result }
                }
                Err(e) => Outcome {
                    bytes: 0,
                    result: Err(e.to_string()),
                },
            }
        },
        |outcome: Outcome| {
            bytes_done += outcome.bytes as u64;
            match outcome.result {
                Ok(rows) => {
                    ok += 1;
                    if write_error.is_none()
                        && let Err(e) = writer.write(rows)
                    {
                        stop.store(true, Ordering::Relaxed);
                        write_error = Some(e.into());
                    }
                }
                Err(message) if !message.is_empty() => {
                    failed += 1;
                    progress.println(&format!("dateline: error: {message}"));
                }
                Err(_) => {}
            }
            progress.update(ok + failed, bytes_done);
        },
    );
    progress.finish();
    if let Some(e) = write_error {
        return Err(e);
    }
    let summary = writer.finish()?;
    if !args.quiet {
        report(&summary);
        eprintln!(
            "{}",
            summary_line(
                ok,
                failed,
                bytes_done,
                started.elapsed(),
                runner.threads(),
                inputs.skipped()
            )
        );
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Stored documents rebuilt at a time: read in ingest order, rebuilt from their JSON and
/// rendered on all cores, written in order.
const STORE_BATCH: usize = 256;

fn from_store(db: &Path, args: &ExportArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open(db)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.analyze.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut writer = create(dir)?;
    let mut batch: Vec<Stored> = Vec::with_capacity(STORE_BATCH);
    let n = store.documents_with_story(args.all_copies, |doc| {
        batch.push(Stored {
            story: Story {
                id: doc.story,
                size: doc.story_size,
                canonical: doc.canonical,
            },
            id: doc.id.clone(),
            doc,
        });
        if batch.len() >= STORE_BATCH {
            write_batch(&pool, &mut batch, &mut writer)?;
        }
        Ok(())
    })?;
    write_batch(&pool, &mut batch, &mut writer)?;
    let summary = writer.finish()?;
    if !args.analyze.quiet {
        report(&summary);
        eprintln!("dateline: {n} documents from {}", db.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A stored document (rebuilt on a worker) with the id and story the store gives it.
struct Stored {
    doc: StoredDocument,
    id: String,
    story: Story,
}

/// Rebuilds and renders the batch's documents in parallel and writes them in order.
fn write_batch(
    pool: &rayon::ThreadPool,
    batch: &mut Vec<Stored>,
    writer: &mut ParquetWriter,
) -> Result<(), StoreError> {
    let rendered: Vec<Result<Rows, StoreError>> = pool.install(|| {
        batch
            .par_drain(..)
            .map(|stored| {
                let doc = stored
                    .doc
                    .doc()
                    .map_err(|e| StoreError::Corrupt(format!("{}: {e}", stored.id)))?;
                if doc.meta.id != stored.id {
                    return Err(StoreError::Corrupt(format!(
                        "{}: the stored document names another id, {:?}",
                        stored.id, doc.meta.id
                    )));
                }
                let mut rows = Rows::render(&doc);
                rows.set_story(stored.story);
                Ok(rows)
            })
            .collect()
    });
    for rows in rendered {
        writer
            .write(rows?)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
    }
    Ok(())
}
