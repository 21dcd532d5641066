//! `dateline ingest --watch FOLDER`: keep ingesting what a feed reader or crawler drops
//! into a folder.
//!
//! The folder is ingested once, then watched (inotify through the `notify` crate). Paths
//! that are created, written or moved in are collected until the folder has been quiet for
//! [`QUIET`] (a file being written arrives as many events), then ingested as one batch.
//! Identity makes this idempotent: a file whose text did not change is skipped, one that
//! changed replaces its earlier version. Hidden files and editors' or downloaders'
//! temporary files (`.part`, `.tmp`, `~`) are ignored. Ctrl-C stops after the current
//! batch is committed.

use crate::ingest::{Counts, Ingest};
use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the folder must be quiet before the collected files are ingested.
pub const QUIET: Duration = Duration::from_millis(500);

pub fn watch(ingest: &Ingest, folder: &Path) -> anyhow::Result<Counts> {
    if !folder.is_dir() {
        anyhow::bail!("--watch {}: not a folder", folder.display());
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("cannot watch folders on this system")?;
    watcher
        .watch(folder, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", folder.display()))?;
    let mut total = ingest.run(&[folder.to_path_buf()])?;
    if !ingest.quiet() {
        eprintln!(
            "dateline: watching {} for new and changed files (Ctrl-C stops)",
            folder.display()
        );
    }
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    let mut last_event = Instant::now();
    while !ingest.stopped() {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) => {
                let relevant = matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Any
                );
                if relevant {
                    pending.extend(event.paths.into_iter().filter(|p| wanted(p)));
                    last_event = Instant::now();
                }
            }
            Ok(Err(e)) => eprintln!("dateline: warning: watching {}: {e}", folder.display()),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if !pending.is_empty() && last_event.elapsed() >= QUIET {
            let files: Vec<PathBuf> = std::mem::take(&mut pending)
                .into_iter()
                .filter(|p| p.is_file())
                .collect();
            if !files.is_empty() {
                let counts = ingest.run(&files)?;
                if !ingest.quiet() {
                    eprintln!(
                        "dateline: {} file{}: {} new, {} updated, {} unchanged, {} copies, {} failed",
                        files.len(),
                        if files.len() == 1 { "" } else { "s" },
                        counts.new,
                        counts.updated,
                        counts.unchanged,
                        counts.copies,
                        counts.failed
                    );
                }
                total.add(&counts);
            }
        }
    }
    Ok(total)
}

/// Whether a path is a document rather than a hidden or temporary file.
fn wanted(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !(name.starts_with('.')
        || name.ends_with('~')
        || [".part", ".tmp", ".crdownload", ".swp"]
            .iter()
            .any(|s| name.ends_with(s)))
}
