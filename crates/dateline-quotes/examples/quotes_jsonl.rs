//! Runs the quotes layer over a JSONL file of documents (`id`, `text`, optional
//! `published`) and writes FORMAT.md JSON lines, for `shared/eval/score.py`:
//!
//! `cargo run --release -p dateline-quotes --example quotes_jsonl -- IN.jsonl [KB] > OUT.jsonl`
//!
//! With `--who FILE` it prints "who said what" for a plain-text article instead.
//! `--repeat N` runs the analysis N times and reports, on stderr, the time spent in the
//! pipeline (tokens to actors) and in the quotes layer.

use anyhow::Context as _;
use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_quotes::QuoteFinder;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).context("--repeat N")?.parse()?;
        args.drain(i..i + 2);
    }
    let who = args.first().is_some_and(|a| a == "--who");
    if who {
        args.remove(0);
    }
    let input = args
        .first()
        .context("usage: quotes_jsonl [--who] IN [KB]")?;
    let kb_path = args
        .get(1)
        .map_or("data/kb/dateline.kb", String::as_str)
        .to_string();
    let kb = Arc::new(Kb::open(std::path::Path::new(&kb_path)).with_context(|| kb_path.clone())?);
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb))?;
    let finder = QuoteFinder::new();
    let text = std::fs::read_to_string(input).with_context(|| input.clone())?;
    if who {
        let mut doc = Doc::new(Metadata::with_id(input.as_str()), text)?;
        pipeline.run(&mut doc);
        finder.run(&mut doc);
        print_who_said_what(&doc);
        return Ok(());
    }
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let mut meta = Metadata::with_id(v["id"].as_str().context("id")?);
        meta.published = v["published"]
            .as_str()
            .and_then(|p| Published::parse(p).ok());
        docs.push((meta, v["text"].as_str().context("text")?.to_string()));
    }
    let (mut pipeline_time, mut quotes_time) = (Duration::ZERO, Duration::ZERO);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for round in 0..repeat {
        for (meta, text) in &docs {
            let mut doc = Doc::new(meta.clone(), text.clone())?;
            let t0 = Instant::now();
            pipeline.run(&mut doc);
            let t1 = Instant::now();
            finder.run(&mut doc);
            let t2 = Instant::now();
            pipeline_time += t1 - t0;
            quotes_time += t2 - t1;
            if round == 0 {
                dateline_doc::json::to_writer(
                    &mut out,
                    &doc,
                    &[Layer::Quotes, Layer::Entities],
                    false,
                )?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    if repeat > 1 {
        eprintln!(
            "{} docs x {repeat}: pipeline (to actors) {:.3}s, quotes {:.3}s = +{:.1}%",
            docs.len(),
            pipeline_time.as_secs_f64(),
            quotes_time.as_secs_f64(),
            100.0 * quotes_time.as_secs_f64() / pipeline_time.as_secs_f64()
        );
    }
    Ok(())
}

fn print_who_said_what(doc: &Doc) {
    for q in &doc.quotes {
        let who = if q.speakers.is_empty() {
            q.speaker_description
                .clone()
                .unwrap_or_else(|| "(unknown)".into())
        } else {
            q.speakers.join(" and ")
        };
        let cue = q.cue.map(|c| doc.slice(c)).unwrap_or("-");
        println!(
            "{who:<32} [{} {} via {:?}, cue {cue:?}, {:.2}] {:?}",
            q.kind,
            q.speaker_rule,
            q.speaker_span.map(|s| doc.slice(s)).unwrap_or(""),
            q.provenance.confidence.unwrap_or(0.0),
            doc.slice(q.span)
        );
    }
}
