//! Replays every input the fuzzers ever failed on (`fuzz/regressions/TARGET/`) through its
//! check, and every file of the malformed-input corpus (`tests/hostile/cases/`) through
//! every check: a finding once fixed stays fixed.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n != "README.md" && !n.starts_with('.'))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs `check` on `input`, naming the input when it fails.
fn replay(target: &str, check: fn(&[u8]), input: &Path) -> Result<(), String> {
    let data = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    std::panic::catch_unwind(|| check(&data)).map_err(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{target} on {}: {why}", input.display())
    })
}

#[test]
fn every_kept_fuzz_finding_passes_its_check() {
    let root = repo().join("fuzz/regressions");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, check) in dateline_props::TARGETS {
        for input in files(&root.join(target)) {
            replayed += 1;
            if let Err(e) = replay(target, *check, &input) {
                failures.push(e);
            }
        }
    }
    // Each target has its folder, even while it has no finding.
    for (target, _) in dateline_props::TARGETS {
        assert!(
            root.join(target).is_dir(),
            "fuzz/regressions/{target} is missing"
        );
    }
    assert!(
        failures.is_empty(),
        "{replayed} replayed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_malformed_input_corpus_passes_every_check() {
    let cases = files(&repo().join("tests/hostile/cases"));
    assert!(
        cases.len() >= 30,
        "tests/hostile/cases has {} files",
        cases.len()
    );
    let mut failures = Vec::new();
    for input in &cases {
        for (target, check) in dateline_props::TARGETS {
            if let Err(e) = replay(target, *check, input) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_violated_property_is_reported() {
    // The checks are not vacuous: a JSON span past the end of its text fails.
    let bad = serde_json::json!({
        "text": "short",
        "entities": [{"start": 2, "end": 9, "text": "ort"}]
    });
    assert!(std::panic::catch_unwind(|| dateline_props::check_spans(&bad)).is_err());
    let wrong_text = serde_json::json!({
        "text": "short",
        "entities": [{"start": 0, "end": 2, "text": "xx"}]
    });
    assert!(std::panic::catch_unwind(|| dateline_props::check_spans(&wrong_text)).is_err());
    let good = serde_json::json!({
        "text": "short",
        "entities": [{"start": 0, "end": 2, "text": "sh"}]
    });
    dateline_props::check_spans(&good);
}
