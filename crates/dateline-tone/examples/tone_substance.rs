//! Runs the pipeline, then tone and substance, on a plain-text article and prints the
//! document's tone, every statement with its class, reason and evidence, and the JSON of
//! both layers:
//!
//! `cargo run -p dateline-tone --example tone_substance -- ARTICLE.txt [--published DATE]
//! [--kb data/kb/dateline.kb] [--lexicon data/sources/vadersentiment/vader_lexicon.txt]
//! [--json]`

use anyhow::Context as _;
use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::{DEFAULT_LEXICON, SubstanceScorer, ToneLexicon, ToneScorer};
use std::path::Path;
use std::sync::Arc;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let input = args.first().context(
        "usage: tone_substance ARTICLE [--published DATE] [--kb KB] [--lexicon FILE] [--json]",
    )?;
    let kb_path = opt("--kb").unwrap_or_else(|| "data/kb/dateline.kb".into());
    let lexicon = ToneLexicon::load(Path::new(
        &opt("--lexicon").unwrap_or_else(|| DEFAULT_LEXICON.into()),
    ))?;
    let kb = Arc::new(Kb::open(Path::new(&kb_path)).with_context(|| kb_path.clone())?);
    let pipeline = Pipeline::for_layers(
        &[Layer::Quotes, Layer::Times, Layer::Places, Layer::Amounts],
        &Resources::with_kb(kb),
    )?;
    let mut meta = Metadata::with_id(input.as_str());
    meta.published = opt("--published")
        .map(|p| Published::parse(&p))
        .transpose()?;
    let mut doc = Doc::new(
        meta,
        std::fs::read_to_string(input).with_context(|| input.clone())?,
    )?;
    pipeline.run(&mut doc);
    ToneScorer::new(lexicon).run(&mut doc);
    SubstanceScorer::new().run(&mut doc);

    if args.iter().any(|a| a == "--json") {
        dateline_doc::json::to_writer(
            std::io::stdout().lock(),
            &doc,
            &[Layer::Tone, Layer::Substance],
            true,
        )?;
        println!();
        return Ok(());
    }
    let t = doc.tone.as_ref().context("tone")?;
    let d = &t.document;
    println!(
        "tone {:.2}  positive {:.2}%  negative {:.2}%  polarity {:.2}%  activity {:.2}%  self/group {:.2}%  words {}",
        d.tone,
        d.positive,
        d.negative,
        d.polarity,
        d.activity_density,
        d.self_group_density,
        d.word_count
    );
    let scored: Vec<String> = t
        .words
        .iter()
        .map(|(s, v, r)| {
            format!(
                "{}({v:+.1}{})",
                doc.slice(*s),
                if *r == "lexicon" {
                    String::new()
                } else {
                    format!(" {r}")
                }
            )
        })
        .collect();
    println!("scored words: {}", scored.join(" "));
    let s = doc.substance.as_ref().context("substance")?;
    println!(
        "\nsubstance ratio {:.3}: {} concrete, {} vague, {} hedged of {} statements",
        s.ratio,
        s.concrete,
        s.vague,
        s.hedged,
        s.statements.len()
    );
    for st in &s.statements {
        let words: Vec<&str> = st.parts.iter().map(|p| doc.slice(*p)).collect();
        let ev: Vec<String> = st
            .evidence
            .iter()
            .map(|(sp, what)| format!("{what}:{:?}", doc.slice(*sp)))
            .collect();
        println!(
            "- [{}: {}] {:?} ({}) {}",
            st.class,
            st.reason,
            words.join(" … "),
            st.speakers.join(", "),
            ev.join(" ")
        );
    }
    Ok(())
}
