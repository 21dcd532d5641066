//! `dateline bench`: throughput of reading + analysis, on one core and on all cores.
//!
//! Timings come from whole runs over real files, through the same readers and pipeline as
//! `analyze` (output rendering excluded), so the figures are what a user gets. Peak memory
//! is the process's high-water mark (VmHWM), reset before each run through
//! `/proc/self/clear_refs` where Linux allows it.

use crate::BenchArgs;
use crate::analyze::{analyze_record, record_bytes};
use crate::corpus;
use anyhow::Context;
use dateline_doc::Layer;
use dateline_pipeline::{OrderedRunner, Pipeline, Resources, RunnerConfig};
use dateline_read::InputSpec;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

struct Measurement {
    docs: u64,
    failed: u64,
    bytes: u64,
    sentences: u64,
    secs: f64,
    peak_rss_mb: Option<f64>,
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args.threads.clone().unwrap_or_else(|| {
        let mut t = vec![1, cores];
        t.dedup();
        t
    });
    let text_pipeline = Pipeline::for_layers(&[Layer::Sentences], &Resources::text_only())?;
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let mut pipelines = vec![("sentences", text_pipeline)];
    // Each step adds layers to the one before, so the difference between two rows is the
    // cost of the layers it adds.
    let steps: [(&str, &[Layer]); 3] = [
        ("+entities", &[Layer::Entities, Layer::Actors]),
        ("+quotes", &[Layer::Entities, Layer::Actors, Layer::Quotes]),
        ("all", &crate::analyze::DEFAULT_LAYERS),
    ];
    for (label, layers) in steps {
        match Pipeline::for_layers(layers, &resources) {
            Ok(p) => pipelines.push((label, p)),
            Err(e) => {
                eprintln!("only text layers timed: {e}");
                break;
            }
        }
    }

    let (dir, temporary) = match &args.keep_corpus {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("dateline-bench-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let corpus_path = dir.join("corpus.jsonl");
    let started = Instant::now();
    let file = std::fs::File::create(&corpus_path)
        .with_context(|| format!("cannot create {}", corpus_path.display()))?;
    let mut w = BufWriter::new(file);
    let docs = corpus::write_jsonl(&mut w, args.size_mb * 1_000_000, 2025)?;
    drop(w);
    eprintln!(
        "generated {docs} articles ({} MB) in {:.1} s at {}",
        args.size_mb,
        started.elapsed().as_secs_f64(),
        corpus_path.display()
    );

    let mut inputs: Vec<(String, PathBuf)> = vec![("generated corpus".into(), corpus_path.clone())];
    for f in &args.files {
        inputs.push((f.display().to_string(), f.clone()));
    }
    println!(
        "reading + analysis up to the named layers; MB = input payload (text or HTML) bytes; machine: {cores} cores"
    );
    println!(
        "{:<40} {:<10} {:>7} {:>8} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "input", "layers", "threads", "docs", "seconds", "docs/s", "MB/s", "MB/s/core", "peak MB"
    );
    for (name, path) in &inputs {
        for (label, pipeline) in &pipelines {
            for &t in &threads {
                let m = measure(path, t, pipeline)?;
                println!(
                    "{:<40} {:<10} {:>7} {:>8} {:>9.2} {:>9.0} {:>9.1} {:>10.1} {:>8}",
                    shorten(name, 40),
                    label,
                    t,
                    m.docs,
                    m.secs,
                    m.docs as f64 / m.secs,
                    m.bytes as f64 / 1e6 / m.secs,
                    m.bytes as f64 / 1e6 / m.secs / t as f64,
                    m.peak_rss_mb
                        .map_or("n/a".to_string(), |p| format!("{p:.0}")),
                );
                if m.failed > 0 {
                    println!("    ({} documents failed to read)", m.failed);
                }
            }
        }
    }
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(path: &Path, threads: usize, pipeline: &Pipeline) -> anyhow::Result<Measurement> {
    let runner = OrderedRunner::new(RunnerConfig {
        jobs: threads,
        ..RunnerConfig::default()
    })?;
    reset_peak_rss();
    let started = Instant::now();
    let mut m = Measurement {
        docs: 0,
        failed: 0,
        bytes: 0,
        sentences: 0,
        secs: 0.0,
        peak_rss_mb: None,
    };
    let mut inputs = dateline_read::open(&[InputSpec::new(path)]);
    runner.run(
        &mut inputs,
        |item| item.as_ref().map_or(0, record_bytes),
        |item| {
            let record = item.map_err(|e| e.to_string())?;
            let bytes = record_bytes(&record);
            analyze_record(record, pipeline, None).map(|doc| (bytes, doc.sentences.len()))
        },
        |result: Result<(usize, usize), String>| match result {
            Ok((bytes, sentences)) => {
                m.docs += 1;
                m.bytes += bytes as u64;
                m.sentences += sentences as u64;
            }
            Err(_) => m.failed += 1,
        },
    );
    m.secs = started.elapsed().as_secs_f64().max(1e-9);
    m.peak_rss_mb = peak_rss_mb();
    Ok(m)
}

fn shorten(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        s.to_string()
    } else {
        let tail: String = s.chars().skip(n - (max - 1)).collect();
        format!("…{tail}")
    }
}

/// Resets the kernel's peak-RSS counter for this process (Linux ≥ 4.0; a no-op elsewhere).
pub(crate) fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory of this process, in MB, where the OS reports it.
pub(crate) fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time of the calling thread in seconds, where the OS gives it precisely (Linux:
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`): on a shared machine, time spent waiting for
/// a core is not the document's cost. (`/proc/thread-self/schedstat` only moves at
/// scheduler ticks, too coarse for a 10 KB document.)
pub(crate) fn thread_cpu() -> Option<f64> {
    cpu_clock(3)
}

/// CPU time of the whole process (every thread, live or ended) in seconds, where the OS
/// gives it (Linux: `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`).
pub(crate) fn process_cpu() -> Option<f64> {
    cpu_clock(2)
}

#[cfg(target_os = "linux")]
fn cpu_clock(clock: i32) -> Option<f64> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on 64-bit Linux, the
    // only layout this is compiled for) into the valid, exclusively borrowed `t`.
    let ok = cfg!(target_pointer_width = "64") && unsafe { clock_gettime(clock, &mut t) } == 0;
    ok.then(|| t.tv_sec as f64 + t.tv_nsec as f64 / 1e9)
}

#[cfg(not(target_os = "linux"))]
fn cpu_clock(_clock: i32) -> Option<f64> {
    None
}
