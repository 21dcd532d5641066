//! Measures the tagger: model load time, and tagging and chunking speed on one core.
//!
//! ```text
//! cargo run --release -p dateline-syntax --example syntax-bench -- \
//!     [--model data/sources/textblob-aptagger/pos-perceptron.bin] [--pickle PATH] FILE.jsonl...
//! ```
//!
//! Each input line is a JSON object with a `text`; texts are segmented with dateline-text
//! first (not timed). Speeds are the best of three passes over all texts, single-threaded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dateline_doc::{Doc, Metadata, TokenKind};
use dateline_syntax::{DEFAULT_MODEL, Tagger, analyze_doc, pickle, tag_doc};

fn best_of<F: FnMut()>(n: usize, mut f: F) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let mut model = PathBuf::from(DEFAULT_MODEL);
    let mut pickle_path: Option<PathBuf> = None;
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = args.next().expect("--model needs a path").into(),
            "--pickle" => pickle_path = Some(args.next().expect("--pickle needs a path").into()),
            _ => inputs.push(PathBuf::from(a)),
        }
    }

    let bytes = std::fs::read(&model).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    let t = Instant::now();
    let tagger = Tagger::load(&model).unwrap_or_else(|e| panic!("{e}"));
    let first = t.elapsed();
    let load = best_of(10, || {
        std::hint::black_box(Tagger::from_bytes(&bytes).unwrap());
    });
    println!(
        "model {} ({:.2} MB): first load from file {:.1} ms, from bytes best of 10 {:.1} ms; {:?}",
        model.display(),
        bytes.len() as f64 / 1e6,
        first.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3,
        tagger.stats()
    );
    if let Some(p) = pickle_path {
        let raw = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let t = best_of(3, || {
            let b = pickle::builder_from_pickle(&raw).unwrap();
            std::hint::black_box(b.build().unwrap());
        });
        println!(
            "straight from the pickle {}: best of 3 {:.0} ms",
            p.display(),
            t.as_secs_f64() * 1e3
        );
    }

    let mut docs = Vec::new();
    for path in &inputs {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let Some(t) = v.get("text").and_then(|t| t.as_str()) else {
                continue;
            };
            let mut d = Doc::new(Metadata::with_id("bench"), t.to_string()).expect("a document");
            dateline_text::segment(&mut d);
            docs.push(d);
        }
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let words: usize = docs
        .iter()
        .flat_map(|d| &d.tokens)
        .filter(|t| {
            !matches!(
                t.kind,
                TokenKind::Punct
                    | TokenKind::Quote
                    | TokenKind::Terminal
                    | TokenKind::Dash
                    | TokenKind::Ellipsis
            )
        })
        .count();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let bytes_in: usize = docs.iter().map(|d| d.text().len()).sum();
    println!(
        "{} documents, {sentences} sentences, {tokens} tokens ({words} not punctuation), {:.1} MB",
        docs.len(),
        bytes_in as f64 / 1e6
    );
    if tokens == 0 {
        return;
    }
    let report = |what: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "{what}: {:.1} ms, {:.0} tokens/s, {:.0} words/s (one core)",
            s * 1e3,
            tokens as f64 / s,
            words as f64 / s
        );
    };
    let tag = best_of(3, || {
        for d in &docs {
            std::hint::black_box(tag_doc(&tagger, d));
        }
    });
    report("tag", tag);
    let both = best_of(3, || {
        for d in &docs {
            std::hint::black_box(analyze_doc(&tagger, d));
        }
    });
    report("tag + chunk", both);
    let seg = best_of(3, || {
        for d in &docs {
            let mut c = Doc::new(Metadata::with_id("bench"), d.text().to_string()).unwrap();
            dateline_text::segment(&mut c);
            std::hint::black_box(c);
        }
    });
    report("for comparison, dateline-text segmentation", seg);
}
