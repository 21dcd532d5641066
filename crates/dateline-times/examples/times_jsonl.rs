//! Runs the time tagger over a JSONL file (`id`, `text`, optional `published`) and writes
//! the `times` layer in the evaluation format (`shared/eval/FORMAT.md`):
//! `cargo run --release -p dateline-times --example times_jsonl -- IN.jsonl > OUT.jsonl`.
//! With `--bench`, prints throughput to stderr instead of writing output.
use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_times::TimeTagger;
use std::io::{BufRead, BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: times_jsonl [--bench] IN.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let tagger = TimeTagger::new();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.expect("readable input");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            eprintln!("{path}:{}: {e}", n + 1);
            std::process::exit(1)
        });
        let mut meta = Metadata::with_id(v["id"].as_str().unwrap_or_default());
        meta.published = v["published"]
            .as_str()
            .and_then(|p| Published::parse(p).ok());
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let mut doc = Doc::new(meta, text).expect("document size");
        dateline_text::segment(&mut doc);
        docs.push(doc);
    }
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let started = std::time::Instant::now();
    let rounds = if bench { 5 } else { 1 };
    for _ in 0..rounds {
        for doc in &mut docs {
            tagger.run(doc);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if bench {
        let n: usize = docs.iter().map(|d| d.times.len()).sum();
        eprintln!(
            "{} docs, {:.2} MB, {n} times: {:.1} MB/s (tagger only, after segmentation)",
            docs.len(),
            bytes as f64 / 1e6,
            (bytes * rounds) as f64 / 1e6 / secs
        );
        return;
    }
    for doc in &docs {
        dateline_doc::json::to_writer(&mut out, doc, &[Layer::Times], false).expect("write");
        out.write_all(b"\n").expect("write");
    }
}
