//! Builds the dateline knowledge base from the fetched sources.
//!
//! `dateline-kb-build [--sources data/sources] [--out data/kb/dateline.kb]`
//!
//! `scripts/fetch-kb.sh` fetches the sources and runs this.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut sources = PathBuf::from("data/sources");
    let mut out = PathBuf::from("data/kb/dateline.kb");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sources" => match args.next() {
                Some(v) => sources = v.into(),
                None => return usage("--sources needs a folder"),
            },
            "--out" => match args.next() {
                Some(v) => out = v.into(),
                None => return usage("--out needs a file name"),
            },
            "-h" | "--help" => {
                println!(
                    "usage: dateline-kb-build [--sources data/sources] [--out data/kb/dateline.kb]"
                );
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let stats = match dateline_kb::build::build(&sources, &out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dateline-kb-build: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "dateline-kb-build: wrote {} ({:.1} MB) in {:.2} s",
        out.display(),
        stats.bytes as f64 / 1e6,
        stats.millis as f64 / 1e3
    );
    eprintln!(
        "  {} countries, {} subdivisions ({} with estimated coordinates), {} places ({} alternate names), {} demonyms, {} seats, {} continents, {} first names, {} name keys",
        stats.countries,
        stats.subdivisions,
        stats.subdivisions_estimated,
        stats.places,
        stats.place_alternates,
        stats.demonyms,
        stats.seats,
        stats.continents,
        stats.first_names,
        stats.name_keys
    );
    eprintln!(
        "  {} links left unresolved (places without a known subdivision, IGO actors)",
        stats.unresolved_links
    );
    for (why, n) in &stats.skipped {
        eprintln!("  skipped {n}: {why}");
    }
    let t = Instant::now();
    match dateline_kb::Kb::open(&out) {
        Ok(kb) => eprintln!(
            "  check: opened in {:.2} ms: {}",
            t.elapsed().as_secs_f64() * 1e3,
            kb.stats()
        ),
        Err(e) => {
            eprintln!("dateline-kb-build: the KB just written does not open: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!(
        "dateline-kb-build: {msg}\nusage: dateline-kb-build [--sources data/sources] [--out data/kb/dateline.kb]"
    );
    ExitCode::from(2)
}
