//! Prints the sentences of a text file, one per line: `cargo run --example sentences FILE`.
use dateline_doc::{Doc, Metadata};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sentences FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let Ok(mut doc) = Doc::new(Metadata::with_id(&path), text) else {
        eprintln!("{path}: too large");
        std::process::exit(1);
    };
    dateline_text::segment(&mut doc);
    for (i, s) in doc.sentences.iter().enumerate() {
        println!("{:>3} [{}] {}", i + 1, s.provenance.rule, doc.slice(s.span));
    }
}
