//! Writing results: documents are rendered to bytes by the workers (in parallel), and the
//! writer only concatenates them in order.

use crate::Format;
use crate::render;
use dateline_doc::{Doc, Layer, json};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// One document, rendered in the output format.
pub struct Rendered(Vec<u8>);

impl Rendered {
    pub fn new(doc: &Doc, layers: &[Layer], format: Format) -> Rendered {
        let mut buf = Vec::with_capacity(doc.text().len() * 2 + 256);
        match format {
            Format::Text => render::summary(&mut buf, doc, layers),
            Format::Jsonl => {
                // Writing JSON into a Vec cannot fail: every value is a string, number or map.
                let _ = json::to_writer(&mut buf, doc, layers, false);
                buf.push(b'\n');
            }
            Format::Json => {
                let _ = json::to_writer(&mut buf, doc, layers, true);
            }
            // Parquet is written by `dateline export` (dateline-parquet), never as a stream:
            // `Writer::create` refuses it.
            Format::Parquet => {}
        }
        Rendered(buf)
    }

    /// A document already rendered as one JSON line (from a corpus store).
    pub fn from_jsonl(mut line: String) -> Rendered {
        line.push('\n');
        Rendered(line.into_bytes())
    }
}

/// The output stream.
pub struct Writer {
    format: Format,
    out: BufWriter<Box<dyn Write>>,
    written: u64,
}

impl Writer {
    pub fn create(format: Format, path: Option<&Path>) -> anyhow::Result<Writer> {
        if format == Format::Parquet {
            anyhow::bail!(
                "--format parquet writes files: use `dateline export --format parquet --to DIR`"
            );
        }
        let sink: Box<dyn Write> = match path {
            Some(p) => Box::new(
                File::create(p)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", p.display()))?,
            ),
            None => Box::new(io::stdout().lock()),
        };
        Ok(Writer {
            format,
            out: BufWriter::with_capacity(1 << 16, sink),
            written: 0,
        })
    }

    pub fn write(&mut self, doc: &Rendered) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.out.write_all(&doc.0)?;
        self.written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}
