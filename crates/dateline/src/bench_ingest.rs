//! `dateline bench ingest`: what keeping a corpus costs.
//!
//! On a generated corpus of distinct articles (see `corpus::write_varied_jsonl`) it
//! measures, on the same machine and threads:
//!
//! 1. `analyze --format jsonl` to /dev/null (the baseline: analysis plus JSON rendering);
//! 2. `ingest` into a new store: throughput as a share of the baseline, peak memory;
//! 3. `ingest` of the same corpus again (everything unchanged: the cost of identity checks);
//! 4. store size per document and against the input text;
//! 5. query latency: each view run as a whole `dateline query` command (process start,
//!    opening the store, the query, the output), over several parameters, p50 and p95.
//!
//! Analysis and ingest run in this process, one after the other, with the peak-RSS counter
//! reset between them, so each peak is that step's own.

use crate::bench::{peak_rss_mb, process_cpu, reset_peak_rss};
use crate::{AnalyzeArgs, BenchIngestArgs, Format, IngestArgs};
use anyhow::Context;
use dateline_store::Store;
use dateline_store::query::Filters;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// Makes the arguments of a query's i-th run.
type ArgsFor<'a> = Box<dyn Fn(usize) -> Vec<String> + 'a>;

pub fn run(args: BenchIngestArgs) -> anyhow::Result<ExitCode> {
    let (dir, temporary) = match &args.keep {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("dateline-bench-ingest-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let corpus = dir.join(format!("corpus-{}.jsonl", args.docs));
    if !corpus.exists() {
        let started = Instant::now();
        let file = std::fs::File::create(&corpus)
            .with_context(|| format!("cannot create {}", corpus.display()))?;
        let mut w = BufWriter::new(file);
        crate::corpus::write_varied_jsonl(&mut w, args.docs, 2026)?;
        drop(w);
        eprintln!(
            "generated {} articles in {:.1} s at {}",
            args.docs,
            started.elapsed().as_secs_f64(),
            corpus.display()
        );
    }
    let input_bytes = std::fs::metadata(&corpus)?.len();
    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let db = dir.join(format!("bench-{}.db", args.docs));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }

    println!(
        "corpus: {} generated articles, {:.1} MB of JSONL; {threads} threads",
        args.docs,
        input_bytes as f64 / 1e6
    );
    println!(
        "{:<34} {:>9} {:>9} {:>8} {:>10} {:>8} {:>8}",
        "step", "seconds", "docs/s", "MB/s", "MB/s/core", "CPU s", "peak MB"
    );
    let row = |label: &str, secs: f64, cpu: Option<f64>, peak: Option<f64>| {
        println!(
            "{:<34} {:>9.2} {:>9.0} {:>8.2} {:>10.2} {:>8} {:>8}",
            label,
            secs,
            args.docs as f64 / secs,
            input_bytes as f64 / 1e6 / secs,
            input_bytes as f64 / 1e6 / secs / threads as f64,
            cpu.map_or("n/a".into(), |c| format!("{c:.1}")),
            peak.map_or("n/a".into(), |p| format!("{p:.0}")),
        );
    };
    // CPU seconds since `before`, when the OS gives process CPU time.
    let cpu_since = |before: Option<f64>| Some(process_cpu()? - before?);

    let analyze = AnalyzeArgs {
        paths: vec![corpus.clone()],
        format: Some(Format::Jsonl),
        published: None,
        layers: None,
        jobs: Some(threads),
        input_format: "jsonl".into(),
        output: Some(PathBuf::from("/dev/null")),
        quiet: true,
        kb: args.kb.clone(),
        lexicon: args.lexicon.clone(),
        max_doc_bytes: 0,
    };
    reset_peak_rss();
    let cpu = process_cpu();
    let started = Instant::now();
    crate::analyze::run(analyze, None)?;
    let analyze_secs = started.elapsed().as_secs_f64();
    let analyze_cpu = cpu_since(cpu);
    row(
        "analyze --format jsonl > /dev/null",
        analyze_secs,
        analyze_cpu,
        peak_rss_mb(),
    );

    let ingest = |label: &str| -> anyhow::Result<(f64, Option<f64>)> {
        reset_peak_rss();
        let cpu = process_cpu();
        let started = Instant::now();
        crate::ingest::run(IngestArgs {
            paths: vec![corpus.clone()],
            db: Some(db.clone()),
            published: None,
            jobs: Some(threads),
            input_format: "jsonl".into(),
            quiet: true,
            watch: None,
            kb: args.kb.clone(),
            lexicon: args.lexicon.clone(),
            max_doc_bytes: 0,
            commit_docs: crate::ingest::COMMIT_DOCS,
        })?;
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_since(cpu);
        row(label, secs, cpu, peak_rss_mb());
        Ok((secs, cpu))
    };
    let (ingest_secs, ingest_cpu) = ingest("ingest (new store)")?;
    let writer_ns = crate::ingest::WRITER_CPU_NS.load(std::sync::atomic::Ordering::Relaxed);
    ingest("ingest again (all unchanged)")?;
    println!(
        "ingest throughput = {:.0}% of analyze",
        100.0 * analyze_secs / ingest_secs
    );
    // Where ingest's extra time goes: the single writer thread (SQL, full text, linking)
    // against the workers (analysis plus JSON, compression and MinHash for the store).
    if let (Some(total), Some(base)) = (ingest_cpu, analyze_cpu)
        && writer_ns != u64::MAX
    {
        let writer = writer_ns as f64 / 1e9;
        println!(
            "ingest CPU {total:.1} s = store writer thread {writer:.1} s + workers and reading {:.1} s (analyze: {base:.1} s)",
            total - writer
        );
    }

    let store = Store::open(&db)?;
    let stats = store.stats()?;
    let text_bytes: i64 = store.connection().query_row(
        "SELECT sum(length(CAST(text AS BLOB))) FROM docs",
        [],
        |r| r.get(0),
    )?;
    println!(
        "store: {} documents, {} stories, {} actors, {} quotes, {} events; {:.1} MB = {:.0} bytes/document = {:.2} × the text ({:.1} MB)",
        stats.documents,
        stats.clusters,
        stats.actors,
        stats.quotes,
        stats.events,
        stats.file_size as f64 / 1e6,
        stats.file_size as f64 / stats.documents.max(1) as f64,
        stats.file_size as f64 / text_bytes.max(1) as f64,
        text_bytes as f64 / 1e6,
    );

    // Parameters for the queries: the corpus's own most frequent names and words.
    let mut f = Filters::new();
    f.limit = args.queries;
    f.kind = Some("person".into());
    let people: Vec<String> = store.actors(&f)?.into_iter().map(|a| a.name).collect();
    f.kind = Some("org".into());
    let orgs: Vec<String> = store.actors(&f)?.into_iter().map(|a| a.name).collect();
    let words = [
        "ceasefire",
        "budget",
        "trade",
        "bridge",
        "flood",
        "election",
        "vaccine",
        "port",
        "pension",
        "security",
    ];
    let pick =
        |list: &[String], i: usize| list.get(i % list.len().max(1)).cloned().unwrap_or_default();
    let exe = std::env::current_exe()?;
    println!(
        "query latency: whole `dateline query … --format jsonl` commands, {} runs each",
        args.queries
    );
    println!(
        "{:<44} {:>8} {:>8} {:>8}",
        "view", "p50 ms", "p95 ms", "max ms"
    );
    let db_s = db.display().to_string();
    let views: Vec<(&str, ArgsFor)> = vec![
        (
            "quotes --speaker NAME",
            Box::new(|i| vec!["quotes".into(), "--speaker".into(), pick(&people, i)]),
        ),
        (
            "quotes --about WORD",
            Box::new(|i| {
                vec![
                    "quotes".into(),
                    "--about".into(),
                    words[i % words.len()].into(),
                ]
            }),
        ),
        (
            "actors --q NAME",
            Box::new(|i| vec!["actors".into(), "--q".into(), pick(&people, i)]),
        ),
        ("actors (top 100)", Box::new(|_| vec!["actors".into()])),
        (
            "events --source NAME",
            Box::new(|i| vec!["events".into(), "--source".into(), pick(&people, i)]),
        ),
        (
            "events --source USA --root 04",
            Box::new(|_| {
                vec![
                    "events".into(),
                    "--source".into(),
                    "USA".into(),
                    "--root".into(),
                    "04".into(),
                ]
            }),
        ),
        (
            "docs --q WORD",
            Box::new(|i| vec!["docs".into(), "--q".into(), words[i % words.len()].into()]),
        ),
        (
            "docs --q \"TWO WORDS\" --from --to",
            Box::new(|i| {
                vec![
                    "docs".into(),
                    "--q".into(),
                    format!(
                        "{} {}",
                        words[i % words.len()],
                        words[(i + 3) % words.len()]
                    ),
                    "--from".into(),
                    "2025-03".into(),
                    "--to".into(),
                    "2025-09".into(),
                ]
            }),
        ),
        (
            "timeline WORD --by week",
            Box::new(|i| {
                vec![
                    "timeline".into(),
                    words[i % words.len()].into(),
                    "--by".into(),
                    "week".into(),
                ]
            }),
        ),
        (
            "cooccur NAME",
            Box::new(|i| vec!["cooccur".into(), pick(&orgs, i)]),
        ),
        ("places", Box::new(|_| vec!["places".into()])),
        ("stats", Box::new(|_| vec!["stats".into()])),
    ];
    for (label, make) in &views {
        let mut times = Vec::new();
        for i in 0..args.queries.max(1) {
            let mut cmd = Command::new(&exe);
            cmd.arg("query")
                .arg("--db")
                .arg(&db_s)
                .arg("--format")
                .arg("jsonl");
            cmd.args(make(i));
            cmd.stdout(Stdio::null()).stderr(Stdio::piped());
            let started = Instant::now();
            let out = cmd.output()?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if !out.status.success() {
                anyhow::bail!(
                    "query {label} failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        times.sort_by(f64::total_cmp);
        let at =
            |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "{:<44} {:>8.1} {:>8.1} {:>8.1}",
            label,
            at(0.5),
            at(0.95),
            times[times.len() - 1]
        );
    }
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        println!("kept {} and {}", corpus.display(), db.display());
    }
    Ok(ExitCode::SUCCESS)
}
