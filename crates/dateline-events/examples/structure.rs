//! Shows how the structural coder reads sentences: tags, chunks, verb groups with their
//! participants, the actors the events layer sees, and the events written. A development
//! tool for the event coder (issue 12), not part of the product:
//!
//! ```text
//! echo "Germany lodged a protest against Turkey." | \
//!   cargo run --release -p dateline-events --example structure
//! ```
//!
//! Reads one sentence (or document) per line; needs `data/kb/dateline.kb` and the POS model
//! (`scripts/setup.sh`), or `$DATELINE_KB` / `$DATELINE_POS_MODEL`. With the parser's model
//! (`$DATELINE_DEP_MODEL`, default `data/sources/spacy-en-core-web-sm`) it also prints each
//! sentence's dependency parse and the verb frames read from it, which the events layer uses
//! in sentences where the chunker's reading leaves an event.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use dateline_doc::{Doc, Layer, Metadata};
use dateline_pipeline::{Pipeline, Resources};

fn main() -> anyhow::Result<()> {
    let var = |name: &str, default: &str| {
        std::env::var_os(name).map_or_else(|| PathBuf::from(default), PathBuf::from)
    };
    let kb = dateline_kb::Kb::open(&var("DATELINE_KB", "data/kb/dateline.kb"))?;
    let tagger =
        dateline_syntax::Tagger::load(&var("DATELINE_POS_MODEL", dateline_syntax::DEFAULT_MODEL))?;
    let tagger = Arc::new(tagger);
    let parser = dateline_syntax::DepParser::load(&var(
        "DATELINE_DEP_MODEL",
        dateline_syntax::dep::DEFAULT_DEP_MODEL,
    ))
    .ok()
    .map(Arc::new);
    let resources = Resources::with_kb(Arc::new(kb))
        .with_tagger(Some(tagger.clone()))
        .with_parser(parser.clone());
    let pipeline = Pipeline::for_layers(&[Layer::Events], &resources)?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut doc = Doc::new(Metadata::with_id("stdin"), line.clone())?;
        pipeline.run(&mut doc);
        let syntax = dateline_syntax::analyze_doc(&tagger, &doc);
        println!("== {line}");
        for s in &syntax.sentences {
            let base = s.tokens.start;
            let word = |i: usize| doc.token_norm(&doc.tokens[base + i]).to_string();
            let text = |r: std::ops::Range<usize>| {
                r.map(|i| format!("{}/{}", word(i), syntax.tags[base + i].as_str()))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for c in &s.chunks.chunks {
                print!("[{} {}] ", c.kind.as_str(), text(c.tokens.clone()));
            }
            println!();
            print_frames("VG", &s.chunks, &word);
        }
        if let Some(parser) = &parser {
            for range in dateline_syntax::segments(&doc) {
                let parse = dateline_syntax::parse_tokens(parser, &doc, range.clone());
                let word = |i: usize| doc.slice(doc.tokens[range.start + i].span);
                let arcs: Vec<String> = (0..parse.heads.len())
                    .map(|i| {
                        format!(
                            "{}/{} <-{}- {}",
                            word(i),
                            parser.tag_name(parse.tags[i]),
                            parser.label_name(parse.labels[i]),
                            word(parse.heads[i])
                        )
                    })
                    .collect();
                println!("  PARSE {}", arcs.join("  "));
                let mut words = Vec::new();
                dateline_syntax::sentence_words(&doc, range.clone(), &mut words);
                let tags: Vec<_> = parse.tags.iter().map(|&t| parser.penn_tag(t)).collect();
                let mut chunks = dateline_syntax::chunk(&words, &tags);
                dateline_syntax::dep::frames::relate(&mut chunks, &parse, parser, &words);
                let texts: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                print_frames("FRAME", &chunks, &|i| texts[i].clone());
            }
        }
        for a in &doc.actors {
            println!("  actor {:?} code={:?} kind={:?}", a.name, a.code, a.kind);
        }
        for e in &doc.events {
            println!(
                "  EVENT {} → {} {} ({}) {:?}",
                e.source,
                e.target,
                e.code,
                e.provenance.rule,
                doc.slice(e.trigger)
            );
        }
    }
    Ok(())
}

/// Each verb group's frame on one line, headed by `label`.
fn print_frames(label: &str, chunks: &dateline_syntax::Chunks, word: &dyn Fn(usize) -> String) {
    let np = |c: usize| {
        let ch = &chunks.chunks[c];
        ch.tokens.clone().map(word).collect::<Vec<_>>().join(" ")
    };
    for vg in &chunks.verbs {
        println!(
            "  {label} {:?} voice={:?} neg={} modal={:?} gov={:?} subj={:?} obj={:?} preps={:?} agent={:?}",
            word(vg.head),
            vg.voice,
            vg.is_negated(),
            vg.modal.map(|m| m.1),
            vg.governors
                .iter()
                .map(|g| (word(g.0), g.1))
                .collect::<Vec<_>>(),
            vg.subjects.iter().map(|&c| np(c)).collect::<Vec<_>>(),
            vg.objects.iter().map(|&c| np(c)).collect::<Vec<_>>(),
            vg.preps
                .iter()
                .map(|p| format!("{} {}", np(p.prep), np(p.object)))
                .collect::<Vec<_>>(),
            vg.agent.map(np),
        );
    }
}
