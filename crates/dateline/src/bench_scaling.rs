//! `dateline bench scaling`: does the cost of one document grow linearly with its length?
//!
//! One base text (generated news articles, or `--text FILE`) is repeated 1×, 2×, 4×, …
//! (joined by blank lines) up to `--max-mb`, and each size is analysed as a single
//! document with every default layer on one thread. Each size runs in a child process (the
//! binary itself, with the hidden `--child N`), so its peak memory (VmHWM) is that size's
//! own, not the high-water mark of a larger size measured before it. A child first
//! analyses the base text once (warming the knowledge base's pages), then the measured
//! document at least four times and for at least `--min-secs`, and reports the fastest run
//! by the CPU time of its thread (on a shared machine, waiting for a core or the slower
//! runs measure other work); memory is read on the first run. Times cover the pipeline
//! only; rendering the document as JSONL is timed apart, streamed into the output (as
//! `analyze` writes a long document), so its peak memory counts too.

use crate::BenchScalingArgs;
use crate::bench::{peak_rss_mb, reset_peak_rss, thread_cpu};
use anyhow::{Context, bail};
use dateline_doc::{Doc, Metadata, Published};
use dateline_pipeline::{DEFAULT_LAYERS, Pipeline};
use serde_json::json;
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// Runs per size at least: every other one times each component (and the first also
/// reads memory); the others time the pipeline alone, without reading the clock between
/// components, and give the headline figure.
const MIN_RUNS: usize = 4;

/// One measured run in a child: pipeline seconds, JSON rendering seconds, and, for an
/// instrumented run, per component (name, seconds, peak MB while it ran).
struct Run {
    secs: f64,
    wall: f64,
    render_secs: f64,
    components: Option<Vec<(&'static str, f64, f64)>>,
}

/// What a child reports for one size.
struct Sample {
    bytes: usize,
    runs: usize,
    secs: f64,
    wall_secs: f64,
    render_secs: f64,
    before_mb: f64,
    analysis_peak_mb: f64,
    peak_mb: f64,
    /// Per component: name, seconds, peak MB while it ran.
    components: Vec<(String, f64, f64)>,
}

/// Measures from now: CPU time where available, else wall time.
struct Stopwatch {
    wall: Instant,
    cpu: Option<f64>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    /// (seconds by the chosen clock, wall seconds).
    fn read(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        match (self.cpu, thread_cpu()) {
            (Some(a), Some(b)) => (b - a, wall),
            _ => (wall, wall),
        }
    }
}

pub fn run(args: BenchScalingArgs) -> anyhow::Result<ExitCode> {
    if let Some(factor) = args.child {
        return child(&args, factor);
    }
    let base = base_text(&args)?;
    let max_bytes = (args.max_mb * 1e6) as usize;
    let mut factors = vec![1usize];
    while repeated_len(&base, factors[factors.len() - 1] * 2) <= max_bytes {
        factors.push(factors[factors.len() - 1] * 2);
    }
    let exe = std::env::current_exe().context("cannot find the dateline binary")?;
    let source = match &args.text {
        Some(p) => p.display().to_string(),
        None => "generated news articles".to_string(),
    };
    println!(
        "length scaling: one document of the base text repeated; all default layers, one thread, each size in its own process"
    );
    let clock = if thread_cpu().is_some() {
        "CPU seconds of the analysing thread"
    } else {
        "wall seconds"
    };
    println!(
        "base: {source}, {} bytes; seconds = {clock}, fastest of the runs; wall = the same run by the wall clock; JSON = rendering the document as JSONL",
        base.len()
    );
    println!(
        "memory = the process's VmHWM: before the document (knowledge base pages, lexicons, one run of the base text), after analysis, and peak (with the JSON)"
    );
    println!(
        "{:>10} {:>6} {:>5} {:>9} {:>7} {:>7} {:>8} {:>8} {:>10} {:>12} {:>8}",
        "size",
        "×",
        "runs",
        "seconds",
        "wall",
        "s/MB",
        "MB/s",
        "JSON s",
        "before MB",
        "analysed MB",
        "peak MB"
    );
    let mut samples = Vec::new();
    for &factor in &factors {
        let mut cmd = Command::new(&exe);
        cmd.args(["bench", "scaling", "--child"])
            .arg(factor.to_string())
            .arg("--base-kb")
            .arg(args.base_kb.to_string())
            .arg("--min-secs")
            .arg(args.min_secs.to_string());
        if let Some(t) = &args.text {
            cmd.arg("--text").arg(t);
        }
        if let Some(kb) = &args.kb {
            cmd.arg("--kb").arg(kb);
        }
        if let Some(l) = &args.lexicon {
            cmd.arg("--lexicon").arg(l);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::inherit());
        let out = cmd.output().context("cannot run the measuring process")?;
        if !out.status.success() {
            bail!("measuring {factor}× failed ({})", out.status);
        }
        let s = parse_sample(&out.stdout)
            .with_context(|| format!("measuring {factor}×: unreadable report"))?;
        let mb = s.bytes as f64 / 1e6;
        println!(
            "{:>10} {:>6} {:>5} {:>9.4} {:>7.3} {:>7.3} {:>8.2} {:>8.3} {:>10.0} {:>12.0} {:>8.0}",
            human_size(s.bytes),
            factor,
            s.runs,
            s.secs,
            s.wall_secs,
            s.secs / mb,
            mb / s.secs,
            s.render_secs,
            s.before_mb,
            s.analysis_peak_mb,
            s.peak_mb
        );
        samples.push(s);
    }
    let per_mb: Vec<f64> = samples
        .iter()
        .map(|s| s.secs / (s.bytes as f64 / 1e6))
        .collect();
    let (first, last) = (per_mb[0], per_mb[per_mb.len() - 1]);
    let max = per_mb.iter().copied().fold(f64::MIN, f64::max);
    let min = per_mb.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "s/MB of the largest ÷ s/MB of the smallest: {:.2} (highest ÷ lowest over all sizes: {:.2}; 1.00 = linear)",
        last / first,
        max / min
    );
    // Per component: where the time and the memory of each size go.
    if let Some(s) = samples.first() {
        let header = |what: &str| {
            let mut h = format!("{what:>10}");
            for (name, ..) in &s.components {
                h.push_str(&format!(" {:>11}", shorten(name, 11)));
            }
            h
        };
        println!("s/MB per component:");
        println!("{}", header("size"));
        for s in &samples {
            let mb = s.bytes as f64 / 1e6;
            let mut row = format!("{:>10}", human_size(s.bytes));
            for (_, secs, _) in &s.components {
                row.push_str(&format!(" {:>11.4}", secs / mb));
            }
            println!("{row}");
        }
        println!("peak MB while each component ran (first run):");
        println!("{}", header("size"));
        for s in &samples {
            let mut row = format!("{:>10}", human_size(s.bytes));
            for (_, _, peak) in &s.components {
                row.push_str(&format!(" {:>11.0}", peak));
            }
            println!("{row}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One child: the base text repeated `factor` times, measured in this process.
fn child(args: &BenchScalingArgs, factor: usize) -> anyhow::Result<ExitCode> {
    let base = base_text(args)?;
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let pipeline = Pipeline::for_layers(&DEFAULT_LAYERS, &resources).context(
        "bench scaling analyses every layer: it needs the knowledge base and the tone lexicon",
    )?;
    let published = Published::parse("2025-09-26").context("the benchmark's date")?;
    let make = |text: String| {
        let mut meta = Metadata::with_id("bench-scaling");
        meta.published = Some(published);
        Doc::new(meta, text).map_err(|e| anyhow::anyhow!("the benchmark text: {e}"))
    };
    // Warm-up: the knowledge-base pages this text touches come into memory once.
    pipeline.run(&mut make(base.clone())?);
    let before_mb = peak_rss_mb().unwrap_or(0.0);
    let bytes = repeated_len(&base, factor);
    let started = Instant::now();
    let mut runs: Vec<Run> = Vec::new();
    let mut analysis_peak_mb = before_mb;
    let mut peak_mb = before_mb;
    while runs.len() < MIN_RUNS
        || (started.elapsed().as_secs_f64() < args.min_secs && runs.len() < 1000)
    {
        // Memory is read on the first run only: later ones start with what the allocator
        // kept of the run before (the JSON of a document with one huge annotation can
        // leave much).
        let first = runs.is_empty();
        let instrumented = runs.len() % 2 == 0;
        let mut doc = make(repeat(&base, factor))?;
        if first {
            reset_peak_rss();
        }
        let watch = Stopwatch::start();
        let components = if instrumented {
            let mut components = Vec::new();
            let mut lap = Stopwatch::start();
            pipeline.run_timed(&mut doc, |name, _| {
                let (secs, _) = lap.read();
                // Each component's own high-water mark (the counter is reset after it where
                // Linux allows; else these are running maxima, still true peaks).
                let peak = if first {
                    let peak = peak_rss_mb().unwrap_or(0.0);
                    reset_peak_rss();
                    peak
                } else {
                    0.0
                };
                components.push((name, secs, peak));
                lap = Stopwatch::start();
            });
            Some(components)
        } else {
            pipeline.run(&mut doc);
            None
        };
        let (secs, wall) = watch.read();
        let watch = Stopwatch::start();
        // Into the output as `analyze` writes a long document (`output::DEFER_BYTES`):
        // streamed, not held whole in memory.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
        dateline_doc::json::to_writer(&mut out, &doc, &DEFAULT_LAYERS, false)
            .context("rendering JSON")?;
        let (render_secs, _) = watch.read();
        drop(out);
        drop(doc);
        if first && let Some(c) = &components {
            let analysis = c.iter().map(|c| c.2).fold(0.0, f64::max);
            analysis_peak_mb = analysis_peak_mb.max(analysis);
            peak_mb = peak_mb.max(analysis).max(peak_rss_mb().unwrap_or(0.0));
        }
        runs.push(Run {
            secs,
            wall,
            render_secs,
            components,
        });
    }
    // The fastest runs: on a shared machine the others measure other work too, and every
    // size has at least MIN_RUNS runs, so none is favoured. The headline comes from the
    // runs that did not stop the clock between components.
    let plain = runs
        .iter()
        .filter(|r| r.components.is_none())
        .min_by(|a, b| a.secs.total_cmp(&b.secs));
    let timed = runs
        .iter()
        .filter(|r| r.components.is_some())
        .min_by(|a, b| a.secs.total_cmp(&b.secs));
    let (Some(plain), Some(timed)) = (plain, timed) else {
        bail!("no run measured");
    };
    // Memory per component from the first run, times from the fastest instrumented run.
    let first_peaks: Vec<f64> = runs[0]
        .components
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|c| c.2)
        .collect();
    let report = json!({
        "bytes": bytes,
        "runs": runs.len(),
        "secs": plain.secs,
        "wall_secs": plain.wall,
        "render_secs": plain.render_secs,
        "before_mb": before_mb,
        "analysis_peak_mb": analysis_peak_mb,
        "peak_mb": peak_mb,
        "components": timed
            .components
            .as_deref()
            .unwrap_or_default()
            .iter()
            .zip(&first_peaks)
            .map(|((n, s, _), m)| json!([n, s, m]))
            .collect::<Vec<_>>(),
        "clock": if thread_cpu().is_some() { "cpu" } else { "wall" },
    });
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn parse_sample(stdout: &[u8]) -> anyhow::Result<Sample> {
    let line = String::from_utf8_lossy(stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim())?;
    let num = |k: &str| v[k].as_f64().with_context(|| format!("no {k}"));
    let components = v["components"]
        .as_array()
        .context("no components")?
        .iter()
        .filter_map(|c| Some((c[0].as_str()?.to_string(), c[1].as_f64()?, c[2].as_f64()?)))
        .collect();
    Ok(Sample {
        bytes: num("bytes")? as usize,
        runs: num("runs")? as usize,
        secs: num("secs")?.max(1e-9),
        wall_secs: num("wall_secs")?,
        render_secs: num("render_secs")?,
        before_mb: num("before_mb")?,
        analysis_peak_mb: num("analysis_peak_mb")?,
        peak_mb: num("peak_mb")?,
        components,
    })
}

/// The base text: `--text FILE`, or generated articles cut at the last paragraph break
/// within `--base-kb`.
fn base_text(args: &BenchScalingArgs) -> anyhow::Result<String> {
    if let Some(path) = &args.text {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {} as UTF-8 text", path.display()))?;
        if text.trim().is_empty() {
            bail!("{} is empty", path.display());
        }
        return Ok(text);
    }
    let want = args.base_kb.max(1) * 1000;
    let mut jsonl = Vec::new();
    crate::corpus::write_jsonl(&mut jsonl, want * 2, 2025)?;
    let mut text = String::new();
    for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line)?;
        let article = v["text"].as_str().unwrap_or_default();
        let needed = if text.is_empty() { 0 } else { 2 } + article.len();
        if text.len() + needed > want {
            // Fill up to the size with whole paragraphs of this article.
            for para in article.split("\n\n") {
                if text.len() + 2 + para.len() > want {
                    break;
                }
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(para);
            }
            break;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(article);
    }
    if text.is_empty() {
        bail!("--base-kb {} is too small for one article", args.base_kb);
    }
    Ok(text)
}

/// The base text `factor` times, joined by blank lines.
fn repeat(base: &str, factor: usize) -> String {
    let mut s = String::with_capacity(repeated_len(base, factor));
    for i in 0..factor {
        if i > 0 {
            s.push_str("\n\n");
        }
        s.push_str(base);
    }
    s
}

fn repeated_len(base: &str, factor: usize) -> usize {
    base.len() * factor + 2 * factor.saturating_sub(1)
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} KB", bytes as f64 / 1e3)
    }
}

fn shorten(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_join_with_blank_lines() {
        assert_eq!(repeat("a.", 3), "a.\n\na.\n\na.");
        assert_eq!(repeated_len("a.", 3), repeat("a.", 3).len());
        assert_eq!(repeated_len("a.", 1), 2);
    }
}
