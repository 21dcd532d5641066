//! `dateline bench syntax`: the syntax layer's own throughput, one thread, in words per
//! second: the part-of-speech perceptron with the chunker (what the events layer used before
//! the parse), and the dependency parser (token vectors, tagger, transition parser) with the
//! verb frames read from its parse.
//!
//! Why a command of its own: inside `dateline bench` the parser runs only on the sentences
//! with two participants, mixed with every other layer's work; the figure is the
//! layer's speed on every word. Documents are segmented first (not timed), then every
//! sentence goes through each stage in turn, several rounds, and the fastest round counts.

use crate::BenchSyntaxArgs;
use crate::analyze::analyze_record;
use crate::corpus;
use anyhow::Context;
use dateline_doc::{Doc, Layer};
use dateline_pipeline::{Pipeline, Resources};
use dateline_read::InputSpec;
use std::io::BufWriter;
use std::ops::Range;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(args: BenchSyntaxArgs) -> anyhow::Result<ExitCode> {
    let loaded = Instant::now();
    let tagger = crate::kb::tagger().context("the part-of-speech model is missing")?;
    let tagger_ms = loaded.elapsed().as_secs_f64() * 1e3;
    let loaded = Instant::now();
    let parser = crate::kb::parser().context("the parser model is missing")?;
    let parser_ms = loaded.elapsed().as_secs_f64() * 1e3;

    let dir = std::env::temp_dir().join(format!("dateline-bench-syntax-{}", std::process::id()));
    let mut paths = args.files.clone();
    if paths.is_empty() {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("corpus.jsonl");
        let file = std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::new(file);
        corpus::write_jsonl(&mut w, (args.size_mb * 1e6) as usize, 2025)?;
        drop(w);
        paths.push(path);
    }
    let pipeline = Pipeline::for_layers(&[Layer::Sentences], &Resources::text_only())?;
    let mut docs: Vec<Doc> = Vec::new();
    let mut failed = 0;
    for record in dateline_read::open(&paths.iter().map(InputSpec::new).collect::<Vec<_>>()) {
        match record
            .map_err(|e| e.to_string())
            .and_then(|r| analyze_record(r, &pipeline, None))
        {
            Ok(doc) => docs.push(doc),
            Err(_) => failed += 1,
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let sentences: Vec<(usize, Range<usize>)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            dateline_syntax::segments(doc)
                .into_iter()
                .map(move |r| (d, r))
        })
        .collect();
    let words: usize = sentences.iter().map(|(_, r)| r.len()).sum();
    if words == 0 {
        anyhow::bail!("no words to parse in the input");
    }

    let rounds = args.rounds.max(1);
    let fastest = |f: &dyn Fn() -> usize| -> f64 {
        (0..rounds)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
            .max(1e-9)
    };
    let perceptron = fastest(&|| {
        let mut n = 0;
        for doc in &docs {
            n += dateline_syntax::analyze_doc(&tagger, doc).sentences.len();
        }
        n
    });
    let parse = fastest(&|| {
        let mut n = 0;
        for (d, range) in &sentences {
            n += dateline_syntax::parse_tokens(&parser, &docs[*d], range.clone())
                .heads
                .len();
        }
        n
    });
    let frames = fastest(&|| {
        let mut n = 0;
        let mut words: Vec<&str> = Vec::new();
        for (d, range) in &sentences {
            let doc = &docs[*d];
            let parse = dateline_syntax::parse_tokens(&parser, doc, range.clone());
            let tags: Vec<_> = parse.tags.iter().map(|&t| parser.penn_tag(t)).collect();
            words.clear();
            dateline_syntax::sentence_words(doc, range.clone(), &mut words);
            let mut chunks = dateline_syntax::chunk(&words, &tags);
            dateline_syntax::dep::frames::relate(&mut chunks, &parse, &parser, &words);
            n += chunks.verbs.len();
        }
        n
    });
    println!(
        "syntax layer, one thread: {} documents ({failed} unreadable), {} sentences, {words} words; fastest of {rounds} rounds",
        docs.len(),
        sentences.len()
    );
    println!(
        "{:<46} {:>9} {:>12} {:>10}",
        "stage", "seconds", "words/s", "load ms"
    );
    let row = |name: &str, secs: f64, load: Option<f64>| {
        println!(
            "{name:<46} {secs:>9.3} {:>12.0} {:>10}",
            words as f64 / secs,
            load.map_or(String::new(), |l| format!("{l:.0}"))
        );
    };
    row("perceptron tags + chunks", perceptron, Some(tagger_ms));
    row(
        "dependency parse (vectors, tags, arcs)",
        parse,
        Some(parser_ms),
    );
    row("dependency parse + chunks + verb frames", frames, None);
    Ok(ExitCode::SUCCESS)
}
