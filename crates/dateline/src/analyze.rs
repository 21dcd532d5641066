//! `dateline analyze`: inputs → readers → pipeline (all cores) → writer, in input order.

use crate::output::{Rendered, Writer};
use crate::progress::Progress;
use crate::{AnalyzeArgs, ExportArgs, Format};
use anyhow::{Context, bail};
use dateline_doc::{Doc, Layer, Published};
use dateline_export::{ExportFormat, Exporter};
pub(crate) use dateline_pipeline::no_panic;
use dateline_pipeline::{OrderedRunner, Pipeline, Resources, RunnerConfig};
use dateline_read::{InputKind, InputSpec, ReadError, Record};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// What one document became: its rendered output, or the message of why it failed.
struct Outcome {
    bytes: usize,
    result: Result<Output, String>,
}

/// A document rendered by a worker, ready for the ordered writer.
enum Output {
    Stream(Rendered),
    Tables(dateline_export::Rendered),
}

/// Where results go: one stream (text, JSON, JSONL) or a folder of tables.
enum Sink {
    Stream(Writer),
    Tables(Box<Exporter>),
}

impl Sink {
    /// Writes one document; `Ok(Some(why))` when it was written incomplete (a bug, which
    /// costs that document only).
    fn write(&mut self, output: &Output) -> anyhow::Result<Option<String>> {
        match (self, output) {
            (Sink::Stream(w), Output::Stream(r)) => {
                w.write(r)?;
                Ok(w.take_failure())
            }
            (Sink::Tables(e), Output::Tables(r)) => {
                e.write_rendered(r)?;
                Ok(None)
            }
            _ => anyhow::bail!("internal error: output does not match the sink"),
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Stream(w) => Ok(w.finish()?),
            Sink::Tables(e) => {
                let summary = e.finish()?;
                for (path, rows) in &summary.files {
                    eprintln!("dateline: wrote {} ({rows} rows)", path.display());
                }
                Ok(())
            }
        }
    }
}

/// `dateline export`: analyse, then write tables instead of a stream.
pub fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let formats = args
        .formats
        .iter()
        .map(|f| {
            f.parse::<ExportFormat>()
                .map_err(|e| anyhow::anyhow!("--formats: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(db) = &args.db {
        if !args.analyze.paths.is_empty() {
            bail!("export reads either a store (--db) or inputs, not both");
        }
        return crate::store_export::run(db, &args, &formats);
    }
    let Some(dir) = args.to else {
        bail!("--to DIR: the folder to write the tables into");
    };
    run(args.analyze, Some((dir, formats)))
}

pub fn run(
    args: AnalyzeArgs,
    export: Option<(PathBuf, Vec<ExportFormat>)>,
) -> anyhow::Result<ExitCode> {
    let format = args.format.unwrap_or_else(|| {
        if args.output.is_none() && std::io::stdout().is_terminal() {
            Format::Text
        } else {
            Format::Jsonl
        }
    });
    let default_published = published(&args)?;
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let (pipeline, layers) = choose_layers(args.layers.as_deref(), &resources)?;
    let (paths, specs) = input_specs(&args, "analyze")?;
    let total_bytes = known_total_bytes(&paths);

    let runner = OrderedRunner::new(RunnerConfig {
        jobs: args.jobs.unwrap_or(0),
        ..RunnerConfig::default()
    })
    .context("cannot start worker threads")?;
    let (mut sink, export_formats) = match export {
        Some((dir, formats)) => (
            Sink::Tables(Box::new(Exporter::create(&dir, &formats).with_context(
                || format!("cannot write tables into {}", dir.display()),
            )?)),
            Some(formats),
        ),
        None => (
            Sink::Stream(Writer::create(format, args.output.as_deref())?),
            None,
        ),
    };
    let progress = Progress::new(!args.quiet && std::io::stderr().is_terminal(), total_bytes);
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
            analyze_one(
                item,
                &pipeline,
                &layers,
                default_published,
                format,
                export_formats.as_deref(),
                args.max_doc_bytes,
            )
        },
        |outcome: Outcome| {
            bytes_done += outcome.bytes as u64;
            match outcome.result {
                Ok(rendered) => {
                    if write_error.is_some() {
                        ok += 1;
                    } else {
                        match sink.write(&rendered) {
                            Ok(None) => ok += 1,
                            Ok(Some(message)) => {
                                failed += 1;
                                progress.println(&format!("dateline: error: {message}"));
                            }
                            Err(e) => {
                                ok += 1;
                                stop.store(true, Ordering::Relaxed);
                                write_error = Some(e);
                            }
                        }
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
        let broken_pipe = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
        if broken_pipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e).context("cannot write output");
    }
    sink.finish().context("cannot write output")?;

    if !args.quiet {
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

/// What `analyze` builds and writes when no `--layers` are given (and what `ingest`,
/// `serve` and `bench` build): the pipeline's default.
pub use dateline_pipeline::DEFAULT_LAYERS;

/// `--published`, parsed.
pub(crate) fn published(args: &AnalyzeArgs) -> anyhow::Result<Option<Published>> {
    args.published
        .as_deref()
        .map(Published::parse)
        .transpose()
        .context("--published")
}

/// The inputs named (standard input when none and it is not a terminal), read as
/// `--input-format` says; `verb` names the command in the error when there are none.
pub(crate) fn input_specs(
    args: &AnalyzeArgs,
    verb: &str,
) -> anyhow::Result<(Vec<PathBuf>, Vec<InputSpec>)> {
    let kind: InputKind = args
        .input_format
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    let paths = if args.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("no input: name files or folders to {verb}, or - to read standard input");
        }
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let specs = paths
        .iter()
        .map(|p| InputSpec::new(p).with_kind(kind))
        .collect();
    Ok((paths, specs))
}

/// The closing line of a batch: documents analysed and failed, volume, speed, threads,
/// and what the reader skipped.
pub(crate) fn summary_line(
    ok: u64,
    failed: u64,
    bytes_done: u64,
    elapsed: std::time::Duration,
    threads: usize,
    skipped: &dateline_read::SkipCounts,
) -> String {
    let secs = elapsed.as_secs_f64();
    let mb = bytes_done as f64 / 1e6;
    let mut line = format!(
        "dateline: {ok} document{} analysed, {failed} failed ({mb:.1} MB in {secs:.2} s, {:.1} MB/s, {threads} threads)",
        if ok == 1 { "" } else { "s" },
        mb / secs.max(1e-9),
    );
    if !skipped.is_empty() {
        let parts: Vec<String> = skipped
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        line.push_str(&format!("; skipped: {}", parts.join(", ")));
    }
    line
}

/// The pipeline for the requested layers, and the layers to write.
pub(crate) fn choose_layers(
    requested: Option<&[String]>,
    resources: &Resources,
) -> anyhow::Result<(Pipeline, Vec<Layer>)> {
    match requested {
        None => {
            let pipeline = Pipeline::for_layers(&DEFAULT_LAYERS, resources).context(
                "the default layers need the knowledge base and the tone lexicon (or choose text layers with --layers sentences,paragraphs)",
            )?;
            Ok((pipeline, DEFAULT_LAYERS.to_vec()))
        }
        Some(names) => {
            let mut layers = Vec::new();
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                let layer = Layer::from_name(name).with_context(|| {
                    let all: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
                    format!(
                        "--layers: unknown layer {name:?} (layers: {})",
                        all.join(", ")
                    )
                })?;
                layers.push(layer);
            }
            let pipeline = Pipeline::for_layers(&layers, resources).context("--layers")?;
            Ok((pipeline, layers))
        }
    }
}

fn analyze_one(
    item: Result<Record, ReadError>,
    pipeline: &Pipeline,
    layers: &[Layer],
    default_published: Option<Published>,
    format: Format,
    export: Option<&[ExportFormat]>,
    max_doc_bytes: u64,
) -> Outcome {
    let record = match item {
        Ok(r) => r,
        Err(e) => {
            return Outcome {
                bytes: 0,
                result: Err(e.to_string()),
            };
        }
    };
    let bytes = record_bytes(&record);
    if let Err(message) = check_size(&record, max_doc_bytes) {
        return Outcome {
            bytes,
            result: Err(message),
        };
    }
    let name = record.name.clone();
    let result = analyze_record(record, pipeline, default_published).and_then(|doc| {
        no_panic(&name, || {
            Ok(match export {
                Some(formats) => Output::Tables(dateline_export::render(&doc, formats)),
                None => Output::Stream(Rendered::of(doc, layers, format)),
            })
        })
    });
    Outcome { bytes, result }
}

/// Decodes one record and runs the pipeline on it; the error names the document.
pub(crate) fn analyze_record(
    record: Record,
    pipeline: &Pipeline,
    default_published: Option<Published>,
) -> Result<Doc, String> {
    analyze_record_unless(record, pipeline, default_published, |_| false)?
        .ok_or_else(|| "internal error: a document was skipped".to_string())
}

/// Decodes one record and runs the pipeline on it unless `known` says the decoded document
/// needs no analysis (`Ok(None)`); the error names the document.
pub(crate) fn analyze_record_unless(
    record: Record,
    pipeline: &Pipeline,
    default_published: Option<Published>,
    known: impl Fn(&Doc) -> bool,
) -> Result<Option<Doc>, String> {
    let name = record.name.clone();
    no_panic(&name, || {
        let mut doc = dateline_read::decode(record)
            .map_err(|e| e.to_string())?
            .into_doc(default_published)?;
        if known(&doc) {
            return Ok(None);
        }
        pipeline.run(&mut doc);
        Ok(Some(doc))
    })
}

/// A document larger than `--max-doc-bytes` (0 = no limit) is not analysed: the error
/// names it, its size and the limit.
pub(crate) fn check_size(record: &Record, max_doc_bytes: u64) -> Result<(), String> {
    record.check_size(max_doc_bytes, "--max-doc-bytes")
}

pub(crate) fn record_bytes(record: &Record) -> usize {
    record.payload_len()
}

/// The total input size when every input is a plain file (for a progress bar with an
/// ETA); `None` for stdin, folders and compressed files, whose size in documents is unknown.
pub(crate) fn known_total_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in paths {
        let meta = std::fs::metadata(p).ok()?;
        let gz = p.extension().is_some_and(|e| e == "gz");
        if !meta.is_file() || gz {
            return None;
        }
        total += meta.len();
    }
    Some(total)
}
