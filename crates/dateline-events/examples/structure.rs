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
//! (`scripts/setup.sh`), or `$DATELINE_KB` / `$DATELINE_POS_MODEL`.

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
    let resources = Resources::with_kb(Arc::new(kb)).with_tagger(Some(tagger.clone()));
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
            let np = |c: usize| {
                let ch = &s.chunks.chunks[c];
                ch.tokens.clone().map(word).collect::<Vec<_>>().join(" ")
            };
            for vg in &s.chunks.verbs {
                println!(
                    "  VG {:?} voice={:?} neg={} modal={:?} gov={:?} subj={:?} obj={:?} preps={:?} agent={:?}",
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
