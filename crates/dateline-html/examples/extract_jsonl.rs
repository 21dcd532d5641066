//! Runs the extractor over a JSONL file of pages (`{"id", "html", …}` per line) and writes
//! `{"id", "text"}` per line to stdout, the format `score.py --layers body` reads.
//! The throughput (MB of HTML per second, extraction only, JSON parsing excluded) goes to
//! stderr so that speed regressions show up next to quality changes.
//!
//! Usage: `cargo run --release -p dateline-html --example extract_jsonl -- PAGES.jsonl [REPEAT]`
//! (REPEAT > 1 runs the extraction that many times to get a steadier speed figure.)

use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: extract_jsonl PAGES.jsonl [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("cannot open {path}: {e}");
        std::process::exit(2);
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bytes = 0usize;
    let mut elapsed = Duration::ZERO;
    let mut pages = 0usize;
    let mut failed = 0usize;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{path}:{}: read error: {e}", n + 1);
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{path}:{}: bad JSON: {e}", n + 1);
                continue;
            }
        };
        let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let html = v.get("html").and_then(|h| h.as_str()).unwrap_or("");
        let mut text = String::new();
        for _ in 0..repeat {
            let start = Instant::now();
            let res = dateline_html::extract(html.as_bytes(), None);
            elapsed += start.elapsed();
            bytes += html.len();
            text = match res {
                Ok(a) => a.text,
                Err(e) => {
                    eprintln!("{path}:{}: {e}", n + 1);
                    failed += 1;
                    String::new()
                }
            };
        }
        pages += 1;
        let rec = serde_json::json!({ "id": id, "text": text });
        writeln!(out, "{rec}").expect("write stdout");
    }
    out.flush().expect("flush stdout");
    let secs = elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "{pages} pages, {failed} failed extractions, {:.1} MB in {:.3} s: {:.1} MB/s",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
}
