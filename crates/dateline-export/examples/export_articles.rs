//! Analyses plain-text articles (pipeline layers, tone, substance; events when a coder
//! adds them) and exports them:
//!
//! `cargo run -p dateline-export --example export_articles -- OUT_DIR csv,gdelt-events,gkg
//! ARTICLE.txt… [--published DATE] [--kb data/kb/dateline.kb]`
//!
//! The tone lexicon is read from `dateline_tone::DEFAULT_LEXICON` (run
//! `scripts/fetch-lexicons.sh` first).

use anyhow::Context as _;
use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_export::{ExportFormat, Exporter};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::{DEFAULT_LEXICON, SubstanceScorer, ToneLexicon, ToneScorer};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut take = |name: &str| -> Option<String> {
        let i = args.iter().position(|a| a == name)?;
        let v = args.get(i + 1).cloned();
        args.drain(i..(i + 2).min(args.len()));
        v
    };
    let published = take("--published")
        .map(|p| Published::parse(&p))
        .transpose()?;
    let kb_path = take("--kb").unwrap_or_else(|| "data/kb/dateline.kb".into());
    let [out, formats, inputs @ ..] = args.as_slice() else {
        anyhow::bail!(
            "usage: export_articles OUT_DIR FORMATS ARTICLE… [--published DATE] [--kb KB]"
        );
    };
    let formats: Vec<ExportFormat> = formats
        .split(',')
        .map(ExportFormat::from_str)
        .collect::<Result<_, _>>()?;
    let kb = Arc::new(Kb::open(Path::new(&kb_path)).with_context(|| kb_path.clone())?);
    let pipeline = Pipeline::for_layers(
        &[Layer::Quotes, Layer::Times, Layer::Places, Layer::Amounts],
        &Resources::with_kb(kb),
    )?;
    let tone = ToneScorer::new(ToneLexicon::load(Path::new(DEFAULT_LEXICON))?);
    let substance = SubstanceScorer::new();
    let mut exporter = Exporter::create(Path::new(out), &formats)?;
    for input in inputs {
        let mut meta = Metadata::with_id(input.as_str());
        meta.published = published;
        let text = std::fs::read_to_string(input).with_context(|| input.clone())?;
        let mut doc = Doc::new(meta, text)?;
        pipeline.run(&mut doc);
        tone.run(&mut doc);
        substance.run(&mut doc);
        exporter.write(&doc)?;
    }
    let summary = exporter.finish()?;
    for (path, rows) in summary.files {
        eprintln!("{}: {rows} rows", path.display());
    }
    Ok(())
}
