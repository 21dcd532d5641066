//! Prints the entities and actors of a text file:
//! `cargo run -p dateline-entities --example entities -- FILE [KB]` (without KB: the fixture).
use dateline_doc::{Doc, Metadata};
use dateline_entities::EntityRecognizer;
use dateline_kb::Kb;
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: entities FILE [KB]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let kb = match args.get(2) {
        Some(p) => Kb::open(std::path::Path::new(p)).unwrap_or_else(|e| {
            eprintln!("{p}: {e}");
            std::process::exit(1)
        }),
        None => Kb::fixture(),
    };
    let mut doc = Doc::new(Metadata::with_id(path.as_str()), text).expect("document size");
    dateline_text::segment(&mut doc);
    EntityRecognizer::new(Arc::new(kb)).run(&mut doc);
    for e in &doc.entities {
        println!(
            "{:<30} {:?} {} [{}]",
            doc.slice(e.span),
            e.label,
            e.name,
            e.provenance.rule
        );
    }
    for (i, a) in doc.actors.iter().enumerate() {
        let mentions: Vec<&str> = a.mentions.iter().map(|m| doc.slice(m.span)).collect();
        println!(
            "A{i} {} {:?} roles={:?} country={:?} code={:?} gender={:?} mentions={mentions:?}",
            a.name, a.kind, a.roles, a.country, a.code, a.gender
        );
    }
}
