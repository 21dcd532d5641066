//! `dateline query`: the store's views on the command line, as a table, JSONL or CSV.
//!
//! The views themselves are in `dateline_store::query` (the HTTP API uses the same ones);
//! this module only maps flags to filters and writes rows.

use crate::{QueryArgs, QueryFormat, QueryView};
use anyhow::Context;
use dateline_export::csv::CsvWriter;
use dateline_store::Store;
use dateline_store::query::{Filters, View};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| PathBuf::from("dateline.db"));
    let store = Store::open(&db)?;
    let format = args.format.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            QueryFormat::Text
        } else {
            QueryFormat::Jsonl
        }
    });
    let mut f = Filters::new();
    f.limit = args.limit;
    f.all_copies = args.all_copies;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match args.view {
        QueryView::Docs { q, from, to } => {
            (f.q, f.from, f.to) = (q, from, to);
            write(&mut out, format, &store.docs(&f)?)
        }
        QueryView::Quotes {
            speaker,
            about,
            from,
            to,
        } => {
            (f.speaker, f.about, f.from, f.to) = (speaker, about, from, to);
            write(&mut out, format, &store.quotes(&f)?)
        }
        QueryView::Actors { q, kind, country } => {
            (f.q, f.kind, f.country) = (q, kind, country);
            write(&mut out, format, &store.actors(&f)?)
        }
        QueryView::Events {
            source,
            target,
            root,
            from,
            to,
        } => {
            (f.source, f.target, f.root, f.from, f.to) = (source, target, root, from, to);
            write(&mut out, format, &store.events(&f)?)
        }
        QueryView::Timeline { text, by, from, to } => {
            (f.by, f.from, f.to) = (Some(by), from, to);
            write(&mut out, format, &store.timeline(&text, &f)?)
        }
        QueryView::Cooccur { name, top } => {
            write(&mut out, format, &store.cooccur(&name, top, &f)?)
        }
        QueryView::Places { q, country } => {
            (f.q, f.country) = (q, country);
            write(&mut out, format, &store.places(&f)?)
        }
        QueryView::Stats => write(&mut out, format, &[store.stats()?]),
    };
    match result.and_then(|()| out.flush().map_err(Into::into)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e).context("cannot write output"),
    }
}

/// Writes rows in the chosen format.
fn write<T: View>(out: &mut impl Write, format: QueryFormat, rows: &[T]) -> anyhow::Result<()> {
    match format {
        QueryFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        QueryFormat::Csv => {
            CsvWriter::record(out, T::COLUMNS)?;
            for row in rows {
                CsvWriter::record(out, &row.cells())?;
            }
        }
        QueryFormat::Text => table::<T>(out, rows)?,
    }
    Ok(())
}

/// A terminal table: one line per row, long cells cut; a record (stats) as `field value`
/// lines.
fn table<T: View>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
    const WIDTH: usize = 48;
    if rows.is_empty() {
        writeln!(out, "(no rows)")?;
        return Ok(());
    }
    let cut = |s: &str| -> String {
        let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() > WIDTH {
            let mut t: String = flat.chars().take(WIDTH - 1).collect();
            t.push('…');
            t
        } else {
            flat
        }
    };
    let data: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.cells().iter().map(|c| cut(c)).collect())
        .collect();
    if T::RECORD {
        let w = T::COLUMNS.iter().map(|c| c.len()).max().unwrap_or(0);
        for (c, v) in T::COLUMNS.iter().zip(&data[0]) {
            writeln!(out, "{c:>w$}  {v}")?;
        }
        return Ok(());
    }
    let widths: Vec<usize> = (0..T::COLUMNS.len())
        .map(|i| {
            data.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(T::COLUMNS[i].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(c.chars().count())));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, T::COLUMNS)?;
    for r in &data {
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        line(out, &refs)?;
    }
    Ok(())
}
