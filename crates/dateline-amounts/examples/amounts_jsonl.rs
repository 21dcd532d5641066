//! Runs the amount tagger over a JSONL file (`id`, `text`) and writes the `amounts` layer
//! in the evaluation format (`shared/eval/FORMAT.md`):
//! `cargo run --release -p dateline-amounts --example amounts_jsonl -- IN.jsonl > OUT.jsonl`.
//! With `--bench`, prints throughput to stderr instead of writing output.
use dateline_amounts::AmountTagger;
use dateline_doc::{Doc, Layer, Metadata, Published};
use std::io::{BufRead, BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: amounts_jsonl [--bench] IN.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let tagger = AmountTagger::new();
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
    let rounds = if bench { 5 } else { 1 };
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        for doc in &mut docs {
            tagger.run(doc);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if bench {
        let n: usize = docs.iter().map(|d| d.amounts.len()).sum();
        eprintln!(
            "{} docs, {:.2} MB, {n} amounts: {:.1} MB/s (tagger only, after segmentation)",
            docs.len(),
            bytes as f64 / 1e6,
            (bytes * rounds) as f64 / 1e6 / secs
        );
        return;
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for doc in &docs {
        dateline_doc::json::to_writer(&mut out, doc, &[Layer::Amounts], false).expect("write");
        out.write_all(b"\n").expect("write");
    }
}
