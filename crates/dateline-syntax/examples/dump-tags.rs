//! Writes the tagger's output for comparison with other taggers (`tools/parity.py`,
//! `tools/silver_spacy.py`; development time only).
//!
//! ```text
//! cargo run --release -p dateline-syntax --example dump-tags -- \
//!     [--model PATH] [--limit N] IN.jsonl... > tags.jsonl
//! ```
//!
//! One output line per input document: `{"id", "sentences": [{"words", "tags", "text",
//! "spaces"}]}`, where `words` are the forms the tagger saw (treebank spelling), `text` the
//! tokens as normalised by dateline-text and `spaces` whether white space follows each
//! token.

use std::io::Write;
use std::path::PathBuf;

use dateline_doc::{Doc, Metadata, Token};
use dateline_syntax::{DEFAULT_MODEL, Tagger, segments, sentence_words, tag_doc};
use serde_json::json;

fn main() {
    let mut model = PathBuf::from(DEFAULT_MODEL);
    let mut limit = usize::MAX;
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = args.next().expect("--model needs a path").into(),
            "--limit" => {
                limit = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--limit needs a number")
            }
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    let tagger = Tagger::load(&model).unwrap_or_else(|e| panic!("{e}"));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut n = 0;
    for path in &inputs {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if n >= limit {
                break;
            }
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let Some(t) = v.get("text").and_then(|t| t.as_str()) else {
                continue;
            };
            let id = v.get("id").cloned().unwrap_or(json!(n));
            let mut d = Doc::new(Metadata::with_id("dump"), t.to_string()).expect("a document");
            dateline_text::segment(&mut d);
            let tags = tag_doc(&tagger, &d);
            let mut sentences = Vec::new();
            for r in segments(&d) {
                let mut words = Vec::new();
                sentence_words(&d, r.clone(), &mut words);
                let norm: Vec<&str> = r.clone().map(|i| d.token_norm(&d.tokens[i])).collect();
                let spaces: Vec<bool> = r
                    .clone()
                    .map(|i| {
                        d.tokens
                            .get(i + 1)
                            .is_some_and(|t: &Token| t.has(Token::SPACE_BEFORE))
                    })
                    .collect();
                let t: Vec<&str> = tags[r].iter().map(|t| t.as_str()).collect();
                sentences.push(json!({"words": words, "tags": t, "text": norm, "spaces": spaces}));
            }
            writeln!(out, "{}", json!({"id": id, "sentences": sentences})).expect("stdout");
            n += 1;
        }
    }
}
