//! Runs the places layer over a JSONL file and writes `shared/eval/FORMAT.md` lines.
//!
//! ```text
//! cargo run --release -p dateline-places --example places_jsonl -- IN.jsonl [--kb PATH]
//!     [--no-demonyms] [--no-metonyms] [--no-unlisted] [--no-embedded] [--entities] > OUT.jsonl
//! ```
//!
//! Each input line needs `id` and `text`; `published` and `title` are used when present.
//! Reads stdin when the input is `-`. `--entities` also writes the entity layer (to see
//! what the resolver was given).

use dateline_doc::{Doc, Layer, Metadata, Published};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_places::{PlaceOptions, PlaceResolver};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    if let Err(e) = run() {
        eprintln!("places_jsonl: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut input: Option<String> = None;
    let mut kb_path = std::env::var_os("DATELINE_KB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/kb/dateline.kb"));
    let mut options = PlaceOptions::default();
    let mut layers = vec![Layer::Places];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--kb" => kb_path = args.next().ok_or("--kb needs a path")?.into(),
            "--no-demonyms" => options.demonyms = false,
            "--no-metonyms" => options.metonyms = false,
            "--no-unlisted" => options.unlisted = false,
            "--no-embedded" => options.embedded = false,
            "--entities" => layers.push(Layer::Entities),
            _ if input.is_none() => input = Some(a),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    let input = input.ok_or("usage: places_jsonl IN.jsonl|- [--kb PATH] [--no-demonyms] [--no-metonyms] [--no-unlisted]")?;
    let kb = Arc::new(Kb::open(&kb_path).map_err(|e| e.to_string())?);
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone()))
        .map_err(|e| e.to_string())?;
    let resolver = PlaceResolver::with_options(kb, options);
    let reader: Box<dyn BufRead> = if input == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(&input).map_err(|e| format!("{input}: {e}"))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("{input}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{input}:{}: {e}", n + 1))?;
        let id = match &v["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("line-{}", n + 1),
            other => other.to_string(),
        };
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let mut meta = Metadata::with_id(id);
        meta.published = v["published"]
            .as_str()
            .and_then(|p| Published::parse(p).ok());
        meta.title = v["title"].as_str().map(str::to_string);
        // Like the CLI, keep the other fields (`source_domain`) in `meta.extra`.
        if let Some(obj) = v.as_object() {
            for (k, val) in obj {
                if !matches!(k.as_str(), "id" | "text" | "published" | "title" | "places") {
                    meta.extra.insert(k.clone(), val.clone());
                }
            }
        }
        let mut doc = Doc::new(meta, text).map_err(|e| format!("{input}:{}: {e}", n + 1))?;
        pipeline.run(&mut doc);
        resolver.run(&mut doc);
        dateline_doc::json::to_writer(&mut out, &doc, &layers, false).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
