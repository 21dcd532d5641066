//! Converts textblob-aptagger's pickle into the tagger's compact model file.
//!
//! `dateline-syntax-build --pickle PATH [--out data/sources/textblob-aptagger/pos-perceptron.bin]`
//!
//! `scripts/fetch-syntax.sh` extracts the pickle from the wheel and runs this. The model is
//! written to a temporary file beside the target, read back, and then renamed into place.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dateline_syntax::{DEFAULT_MODEL, Tagger, pickle};

fn usage(msg: &str) -> ExitCode {
    eprintln!("dateline-syntax-build: {msg}");
    eprintln!("usage: dateline-syntax-build --pickle PATH [--out {DEFAULT_MODEL}]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut input: Option<PathBuf> = None;
    let mut out = PathBuf::from(DEFAULT_MODEL);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--pickle" => match args.next() {
                Some(v) => input = Some(v.into()),
                None => return usage("--pickle needs a file name"),
            },
            "--out" => match args.next() {
                Some(v) => out = v.into(),
                None => return usage("--out needs a file name"),
            },
            "-h" | "--help" => {
                println!("usage: dateline-syntax-build --pickle PATH [--out {DEFAULT_MODEL}]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let Some(input) = input else {
        return usage("--pickle is required");
    };
    match run(&input, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dateline-syntax-build: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let t = Instant::now();
    let bytes = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let builder = pickle::builder_from_pickle(&bytes).map_err(|e| e.to_string())?;
    let pickle_ms = t.elapsed().as_secs_f64() * 1e3;
    let model = builder.to_bytes().map_err(|e| e.to_string())?;
    let t = Instant::now();
    let tagger = Tagger::from_bytes(&model).map_err(|e| format!("the model just written: {e}"))?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, &model).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("{}: {e}", out.display()))?;
    let s = tagger.stats();
    eprintln!(
        "dateline-syntax-build: wrote {} ({:.2} MB): {} classes, {} tag-dictionary words, {} features, {} weights; pickle read in {pickle_ms:.0} ms, model loads in {load_ms:.1} ms",
        out.display(),
        model.len() as f64 / 1e6,
        s.classes,
        s.tagdict,
        s.features,
        s.weights
    );
    Ok(())
}
