//! Runs the events layer over a JSONL file of documents (`id`, `text`, optional
//! `published`) and writes FORMAT.md JSON lines, for `shared/eval/score.py`:
//!
//! `cargo run --release -p dateline-events --example events_jsonl -- IN.jsonl > OUT.jsonl`
//!
//! `--unknown-actors` also codes events between actors without a CAMEO code (as "---"),
//! to measure action coding on text with fictional actors. `--show FILE [DATE]` prints the coded events of a plain-text article with their evidence
//! instead (DATE is its publication date). `--repeat N` runs the analysis N times and reports,
//! on stderr, the time spent in the pipeline (tokens to places) and in the events layer.

use anyhow::Context as _;
use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_events::EventCoder;
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).context("--repeat N")?.parse()?;
        args.drain(i..i + 2);
    }
    let unknown = args.iter().any(|a| a == "--unknown-actors");
    args.retain(|a| a != "--unknown-actors");
    let show = args.first().is_some_and(|a| a == "--show");
    if show {
        args.remove(0);
    }
    let input = args
        .first()
        .context("usage: events_jsonl [--show FILE [DATE]] [--repeat N] IN.jsonl")?
        .clone();
    let kb = Arc::new(Kb::open(Path::new("data/kb/dateline.kb")).context("data/kb/dateline.kb")?);
    let pipeline = Pipeline::for_layers(
        &[Layer::Quotes, Layer::Times, Layer::Places],
        &Resources::with_kb(kb),
    )?;
    let coder = EventCoder::new().with_unknown_actors(unknown);
    let text = std::fs::read_to_string(&input).with_context(|| input.clone())?;
    if show {
        let mut meta = Metadata::with_id(input.as_str());
        meta.published = args.get(1).and_then(|p| Published::parse(p).ok());
        let mut doc = Doc::new(meta, text)?;
        pipeline.run(&mut doc);
        coder.run(&mut doc);
        print_events(&doc);
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
    let (mut pipeline_time, mut events_time) = (Duration::ZERO, Duration::ZERO);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for round in 0..repeat {
        for (meta, text) in &docs {
            let mut doc = Doc::new(meta.clone(), text.clone())?;
            let t0 = Instant::now();
            pipeline.run(&mut doc);
            let t1 = Instant::now();
            coder.run(&mut doc);
            let t2 = Instant::now();
            pipeline_time += t1 - t0;
            events_time += t2 - t1;
            if round == 0 {
                dateline_doc::json::to_writer(&mut out, &doc, &[Layer::Events], false)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    if repeat > 1 {
        eprintln!(
            "{} docs x {repeat}: pipeline (to places) {:.3}s, events {:.3}s = +{:.1}%",
            docs.len(),
            pipeline_time.as_secs_f64(),
            events_time.as_secs_f64(),
            100.0 * events_time.as_secs_f64() / pipeline_time.as_secs_f64()
        );
    }
    Ok(())
}

fn print_events(doc: &Doc) {
    for e in &doc.events {
        let slice = |s: Option<dateline_doc::Span>| s.map_or("", |s| doc.slice(s));
        let place = e
            .place
            .and_then(|p| doc.places.get(p as usize))
            .map_or("-", |p| p.name.as_str());
        println!(
            "{} -> {} {} ({}, {:?}, G {:+.1}, Q{}) {:?} [{} / {}] date {} ({}{}) place {} ({}){}{}{} conf {:.2}",
            e.source,
            e.target,
            e.code,
            e.provenance.rule,
            e.plover.unwrap_or("-"),
            e.goldstein,
            e.quad_class,
            doc.slice(e.trigger),
            slice(e.source_mention),
            slice(e.target_mention),
            e.date.as_deref().unwrap_or("-"),
            e.date_rule,
            e.date_span
                .map_or(String::new(), |s| format!(" {:?}", doc.slice(s))),
            place,
            e.place_rule.unwrap_or("-"),
            e.modality
                .map_or(String::new(), |m| format!(" modality {m}")),
            if e.negated { " negated" } else { "" },
            e.quote.map_or(String::new(), |q| format!(" quote #{q}")),
            e.provenance.confidence.unwrap_or(0.0),
        );
    }
}
