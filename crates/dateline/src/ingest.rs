//! `dateline ingest`: inputs → readers → pipeline (all cores) → the corpus store.
//!
//! Workers analyse and prepare each document ([`dateline_store::prepare()`]: JSON,
//! compression, hashes, MinHash); one writer thread owns the SQLite connection and only runs
//! SQL, so writing overlaps analysis instead of pausing it. The writer commits every
//! [`COMMIT_DOCS`] documents, [`COMMIT_BYTES`] or [`COMMIT_EVERY`], whichever comes first; each document is
//! written whole or not at all, so a killed ingest loses at most the last uncommitted
//! batch, and running it again stores what is missing (unchanged documents are skipped).

use crate::IngestArgs;
use crate::analyze::{
    DEFAULT_LAYERS, analyze_record_unless, check_size, known_total_bytes, no_panic, record_bytes,
};
use crate::progress::Progress;
use anyhow::Context;
use dateline_doc::{Doc, Published};
use dateline_pipeline::{OrderedRunner, Pipeline, RunnerConfig};
use dateline_read::{InputKind, InputSpec, ReadError, Record};
use dateline_store::{Outcome, Prepared, Store};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Documents per transaction at most. Each commit writes out what the transaction summed
/// per actor and per name and flushes the full-text buffer, so larger transactions cost
/// less per document: at 100,000 generated articles, 5,000 rather than 1,000 cut the
/// writer's CPU from 50 s to 39 s and ingest's time by a tenth, for ~180 MB more peak memory.
pub const COMMIT_DOCS: u64 = 5000;
/// Bytes of text and annotations per transaction at most (the store keeps a transaction's
/// documents until it commits, to write them again after a failed one).
pub const COMMIT_BYTES: usize = 64 << 20;
/// Time between commits at most.
pub const COMMIT_EVERY: Duration = Duration::from_secs(10);

/// Prepared documents waiting for the writer, at most…
const WRITER_QUEUE: usize = 4096;
/// …and their text and annotations in bytes, at most (see [`crate::queue`]).
const WRITER_QUEUE_BYTES: usize = 64 << 20;

/// The bytes an item holds in the writer's queue.
fn queued_bytes(item: &Item) -> usize {
    match item {
        Item::Doc(doc, _) => doc.text.len() + doc.annotations.len(),
        Item::Unchanged(_) | Item::Failed(..) => 0,
    }
}

/// CPU time the last writer thread of this process used, in nanoseconds (`u64::MAX` when
/// not known): `dateline bench ingest` reports how much of ingest is the store's own work.
pub(crate) static WRITER_CPU_NS: AtomicU64 = AtomicU64::new(u64::MAX);

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub copies: u64,
    pub failed: u64,
    /// Failures by reason, for the summary.
    pub reasons: BTreeMap<String, u64>,
    pub bytes: u64,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.copies += other.copies;
        self.failed += other.failed;
        self.bytes += other.bytes;
        for (k, v) in &other.reasons {
            *self.reasons.entry(k.clone()).or_default() += v;
        }
    }

    fn fail(&mut self, message: &str) {
        self.failed += 1;
        // "NAME: REASON": group by the reason (names contain no ": ").
        let reason = message.split_once(": ").map_or(message, |(_, r)| r);
        let reason: String = reason.chars().take(80).collect();
        *self.reasons.entry(reason).or_default() += 1;
    }
}

/// What a worker hands to the writer.
enum Item {
    Doc(Box<Prepared>, usize),
    /// Stored already with the same text: not analysed.
    Unchanged(usize),
    Failed(String, usize),
}

/// The parts of a run that stay the same between batches (and between watch rounds).
pub struct Ingest {
    pipeline: Pipeline,
    runner: OrderedRunner,
    published: Option<Published>,
    kind: InputKind,
    quiet: bool,
    stop: Arc<AtomicBool>,
    db: PathBuf,
    /// The store held no document when this run began: no look-up can find one (the
    /// writer still catches repeats within the run).
    was_empty: AtomicBool,
    /// `--max-doc-bytes` (0 = no limit).
    max_doc_bytes: u64,
    /// Documents per transaction at most ([`COMMIT_DOCS`] unless a test asks otherwise).
    commit_docs: u64,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let published = args
        .published
        .as_deref()
        .map(Published::parse)
        .transpose()
        .context("--published")?;
    let kind: InputKind = args
        .input_format
        .parse()
        .map_err(|e: String| anyhow::anyhow!(e))?;
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| PathBuf::from("dateline.db"));
    let mut paths = args.paths.clone();
    if paths.is_empty() && args.watch.is_none() {
        if std::io::stdin().is_terminal() {
            anyhow::bail!(
                "no input: name files or folders to ingest, - to read standard input, or --watch FOLDER"
            );
        }
        paths.push(PathBuf::from("-"));
    }
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let pipeline = Pipeline::for_layers(&DEFAULT_LAYERS, &resources)
        .context("ingest analyses every layer: it needs the knowledge base and the tone lexicon")?;
    let runner = OrderedRunner::new(RunnerConfig {
        jobs: args.jobs.unwrap_or(0),
        ..RunnerConfig::default()
    })
    .context("cannot start worker threads")?;
    // Open (and create or migrate) the store before any work, so that a bad --db fails fast.
    drop(Store::create(&db).with_context(|| format!("cannot open the store {}", db.display()))?);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C leaves at once; the store stays consistent either way.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let ingest = Ingest {
        pipeline,
        runner,
        published,
        kind,
        quiet: args.quiet,
        stop: stop.clone(),
        db: db.clone(),
        was_empty: AtomicBool::new(false),
        max_doc_bytes: args.max_doc_bytes,
        commit_docs: args.commit_docs.max(1),
    };

    let started = Instant::now();
    let mut total = Counts::default();
    if !paths.is_empty() {
        let counts = ingest.run(&paths)?;
        total.add(&counts);
    }
    if let Some(folder) = &args.watch {
        let counts = crate::watch::watch(&ingest, folder)?;
        total.add(&counts);
    }
    if !args.quiet {
        eprintln!(
            "{}",
            summary(&db, &total, started.elapsed(), ingest.runner.threads())
        );
        if stop.load(Ordering::SeqCst) && args.watch.is_none() {
            eprintln!(
                "dateline: interrupted; every document written so far is complete, and the same command again adds the rest"
            );
        }
    }
    let interrupted = stop.load(Ordering::SeqCst) && args.watch.is_none();
    Ok(if interrupted {
        // As a shell reports a process ended by Ctrl-C: the input was not all stored.
        ExitCode::from(130)
    } else if total.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn summary(db: &Path, c: &Counts, elapsed: Duration, threads: usize) -> String {
    let secs = elapsed.as_secs_f64().max(1e-9);
    let mb = c.bytes as f64 / 1e6;
    let mut s = format!(
        "dateline: {}: {} new, {} updated, {} unchanged, {} cop{}, {} failed ({mb:.1} MB in {secs:.2} s, {:.1} MB/s, {threads} threads)",
        db.display(),
        c.new,
        c.updated,
        c.unchanged,
        c.copies,
        if c.copies == 1 { "y" } else { "ies" },
        c.failed,
        mb / secs,
    );
    if !c.reasons.is_empty() {
        let reasons: Vec<String> = c
            .reasons
            .iter()
            .map(|(why, n)| format!("{n} × {why}"))
            .collect();
        s.push_str(&format!("\ndateline: failed: {}", reasons.join("; ")));
    }
    s
}

impl Ingest {
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Ctrl-C was pressed.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Analyses and stores every document of `paths`.
    pub fn run(&self, paths: &[PathBuf]) -> anyhow::Result<Counts> {
        let db = self.db.as_path();
        let specs: Vec<InputSpec> = paths
            .iter()
            .map(|p| InputSpec::new(p).with_kind(self.kind))
            .collect();
        let total_bytes = known_total_bytes(paths);
        let progress = Progress::new(!self.quiet && std::io::stderr().is_terminal(), total_bytes);
        let mut store =
            Store::create(db).with_context(|| format!("cannot open the store {}", db.display()))?;
        self.was_empty.store(store.is_empty()?, Ordering::Relaxed);
        // Room for most of a transaction's documents: while the writer commits (a second or
        // two for 5,000 documents), the workers go on analysing instead of waiting for it.
        // With room for 512, a 100,000-document ingest took 90 s instead of 81.
        let (tx, rx) = crate::queue::bounded::<Item>(WRITER_QUEUE, WRITER_QUEUE_BYTES);
        let mut inputs = dateline_read::open(&specs);
        let stop = &self.stop;
        let result = std::thread::scope(|scope| {
            let writer = std::thread::Builder::new()
                .name("dateline-store".into())
                .spawn_scoped(scope, || {
                    write_all(&mut store, rx, &progress, self.commit_docs)
                });
            let writer = match writer {
                Ok(w) => w,
                Err(e) => return Err(anyhow::anyhow!("cannot start the store writer: {e}")),
            };
            self.runner.run(
                &mut inputs,
                |item: &Result<Record, ReadError>| item.as_ref().map_or(0, record_bytes),
                |item| {
                    if stop.load(Ordering::Relaxed) {
                        return None;
                    }
                    Some(self.prepare_one(item))
                },
                |item| {
                    if let Some(item) = item {
                        let size = queued_bytes(&item);
                        // The writer only goes away after an error it reports itself.
                        let _ = tx.send(item, size);
                    }
                },
            );
            drop(tx);
            writer
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the store writer stopped")))
        });
        progress.finish();
        result
    }

    fn prepare_one(&self, item: Result<Record, ReadError>) -> Item {
        let record = match item {
            Ok(r) => r,
            Err(e) => return Item::Failed(e.to_string(), 0),
        };
        let bytes = record_bytes(&record);
        if let Err(message) = check_size(&record, self.max_doc_bytes) {
            return Item::Failed(message, bytes);
        }
        let id_given = record.id_given;
        // A document the store already has with the same text is not analysed again.
        let known = |doc: &Doc| {
            let check = !self.was_empty.load(Ordering::Relaxed);
            check && {
                let key = dateline_store::key(&doc.meta, id_given, doc.text());
                stored_unchanged(&self.db, &key, doc.text())
            }
        };
        let name = record.name.clone();
        match analyze_record_unless(record, &self.pipeline, self.published, known) {
            Ok(Some(doc)) => {
                let key = dateline_store::key(&doc.meta, id_given, doc.text());
                match no_panic(&name, || Ok(dateline_store::prepare(&doc, key))) {
                    Ok(prepared) => Item::Doc(Box::new(prepared), bytes),
                    Err(message) => Item::Failed(message, bytes),
                }
            }
            Ok(None) => Item::Unchanged(bytes),
            Err(message) => Item::Failed(message, bytes),
        }
    }
}

/// Whether the store has `key` with this text, read through this worker thread's own
/// read-only connection (WAL lets it read while the writer writes). Documents written in
/// the current, uncommitted transaction are not seen: the writer then finds them unchanged.
fn stored_unchanged(db: &Path, key: &str, text: &str) -> bool {
    thread_local! {
        static READER: std::cell::RefCell<Option<(PathBuf, Store)>> =
            const { std::cell::RefCell::new(None) };
    }
    READER.with(|r| {
        let mut r = r.borrow_mut();
        if r.as_ref().is_none_or(|(p, _)| p != db) {
            *r = Store::open(db).ok().map(|s| (db.to_path_buf(), s));
        }
        r.as_ref()
            .and_then(|(_, store)| store.has_text(key, text).ok())
            .unwrap_or(false)
    })
}

/// The writer thread: every prepared document into the store, in input order.
fn write_all(
    store: &mut Store,
    rx: crate::queue::Receiver<Item>,
    progress: &Progress,
    commit_docs: u64,
) -> anyhow::Result<Counts> {
    let mut counts = Counts::default();
    let mut in_tx = 0u64;
    let mut tx_bytes = 0usize;
    let mut last_commit = Instant::now();
    let mut done = 0u64;
    store.begin()?;
    for item in rx {
        match item {
            Item::Doc(doc, bytes) => {
                counts.bytes += bytes as u64;
                tx_bytes += doc.text.len() + doc.annotations.len();
                let id = doc.id.clone();
                match store.put(*doc) {
                    Ok(Outcome::New) => counts.new += 1,
                    Ok(Outcome::Copy) => counts.copies += 1,
                    Ok(Outcome::Updated) => counts.updated += 1,
                    Ok(Outcome::Unchanged) => counts.unchanged += 1,
                    Err(e) => {
                        let message = format!("{id}: cannot store: {e}");
                        progress.println(&format!("dateline: error: {message}"));
                        counts.fail(&message);
                    }
                }
                in_tx += 1;
            }
            Item::Unchanged(bytes) => {
                counts.bytes += bytes as u64;
                counts.unchanged += 1;
            }
            Item::Failed(message, bytes) => {
                counts.bytes += bytes as u64;
                progress.println(&format!("dateline: error: {message}"));
                counts.fail(&message);
            }
        }
        done += 1;
        progress.update(done, counts.bytes);
        if in_tx >= commit_docs
            || tx_bytes >= COMMIT_BYTES
            || (in_tx > 0 && last_commit.elapsed() >= COMMIT_EVERY)
        {
            store.commit()?;
            store.begin()?;
            in_tx = 0;
            tx_bytes = 0;
            last_commit = Instant::now();
        }
    }
    store.commit()?;
    store.checkpoint()?;
    let cpu = crate::bench::thread_cpu().map_or(u64::MAX, |s| (s * 1e9) as u64);
    WRITER_CPU_NS.store(cpu, Ordering::Relaxed);
    Ok(counts)
}
