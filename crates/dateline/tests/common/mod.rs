//! What the CLI's end-to-end tests share: a folder holding the fixture knowledge base and a
//! tone lexicon of a few words, and the `dateline` binary set up to use them.

#![allow(dead_code)] // each test file uses its part

use std::path::Path;
use std::process::{Command, Stdio};

/// A temporary folder with `fixture.kb` and `lexicon.txt` (VADER's format).
pub fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fixture.kb"), dateline_kb::fixture_bytes()).unwrap();
    std::fs::write(
        dir.path().join("lexicon.txt"),
        "useful\t1.9\t0.7\t[2, 2]\nattack\t-2.1\t0.8\t[-2, -2]\ncautious\t-0.4\t0.5\t[0, -1]\n",
    )
    .unwrap();
    dir
}

/// `dateline` with the KB and lexicon of `dir` (a [`fixture_dir`]), run in `dir`.
pub fn dateline_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.env("DATELINE_KB", dir.join("fixture.kb"));
    cmd.env("DATELINE_LEXICON", dir.join("lexicon.txt"));
    cmd.current_dir(dir);
    cmd.stdin(Stdio::null());
    cmd
}
