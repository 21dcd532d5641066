//! Writing results: documents are rendered to bytes by the workers (in parallel), and the
//! writer only concatenates them in order.
//!
//! A long document is the exception: its JSON is about thirteen times its text (130 MB for
//! a 10 MB page), so holding it whole would double the peak memory of analysing it. From
//! [`DEFER_BYTES`] of text, the worker hands the analysed document itself to the writer,
//! which serializes it straight into the output stream.

use crate::Format;
use crate::render;
use dateline_doc::{Doc, Layer, json};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Text length from which a document's JSON is written by the writer, straight into the
/// output, rather than rendered in memory by the worker.
pub const DEFER_BYTES: usize = 1 << 20;

/// One document, rendered in the output format (or, when long, still to be rendered).
pub struct Rendered(Body);

enum Body {
    Bytes(Vec<u8>),
    Deferred {
        doc: Box<Doc>,
        layers: Vec<Layer>,
        format: Format,
    },
}

impl Rendered {
    pub fn new(doc: &Doc, layers: &[Layer], format: Format) -> Rendered {
        let mut buf = Vec::with_capacity(doc.text().len() * 2 + 256);
        match format {
            Format::Text => render::summary(&mut buf, doc, layers),
            // Writing JSON into a Vec cannot fail: every value is a string, number or map.
            _ => {
                let _ = write_json(&mut buf, doc, layers, format);
            }
        }
        Rendered(Body::Bytes(buf))
    }

    /// Like [`Rendered::new`], but a JSON document of [`DEFER_BYTES`] or more is kept as it
    /// is and serialized by [`Writer::write`].
    pub fn of(doc: Doc, layers: &[Layer], format: Format) -> Rendered {
        if doc.text().len() >= DEFER_BYTES && matches!(format, Format::Jsonl | Format::Json) {
            Rendered(Body::Deferred {
                doc: Box::new(doc),
                layers: layers.to_vec(),
                format,
            })
        } else {
            Rendered::new(&doc, layers, format)
        }
    }

    /// A document already rendered as one JSON line (from a corpus store).
    pub fn from_jsonl(mut line: String) -> Rendered {
        line.push('\n');
        Rendered(Body::Bytes(line.into_bytes()))
    }
}

/// A document's JSON in `format` (one line for JSONL). Parquet is written by `dateline
/// export` (dateline-parquet), never as a stream: `Writer::create` refuses it.
fn write_json(out: &mut impl Write, doc: &Doc, layers: &[Layer], format: Format) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            json::to_writer(&mut *out, doc, layers, false)?;
            out.write_all(b"\n")
        }
        Format::Json => Ok(json::to_writer(out, doc, layers, true)?),
        Format::Text | Format::Parquet => Ok(()),
    }
}

/// The output stream.
pub struct Writer {
    format: Format,
    out: BufWriter<Box<dyn Write>>,
    written: u64,
    /// Why the last document written failed (a deferred one whose serialization panicked).
    failed: Option<String>,
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
            failed: None,
        })
    }

    pub fn write(&mut self, doc: &Rendered) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        match &doc.0 {
            Body::Bytes(bytes) => self.out.write_all(bytes)?,
            Body::Deferred {
                doc,
                layers,
                format,
            } => {
                let out = &mut self.out;
                // As the workers' rendering is guarded (see `analyze::no_panic`): a bug in
                // serializing one document ends that document's line, not the run.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    write_json(out, doc, layers, *format)
                }))
                .unwrap_or_else(|_| {
                    self.failed = Some(format!(
                        "{}: internal error while writing its JSON (a dateline bug; please report it)",
                        doc.meta.id
                    ));
                    self.out.write_all(b"\n")
                })?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Why the document just written is incomplete, if it is (see [`Writer::write`]).
    pub fn take_failure(&mut self) -> Option<String> {
        self.failed.take()
    }

    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::{Metadata, Sentence, Span};

    /// A long document with a layer, written deferred and in memory: the same bytes.
    #[test]
    fn a_long_document_is_written_as_a_short_one_would_be() {
        let sentence = "The council met on Monday and voted to expand the bus network. ";
        let text = sentence.repeat(DEFER_BYTES / sentence.len() + 1);
        let mut doc = Doc::new(Metadata::with_id("long"), text).unwrap();
        doc.sentences = vec![Sentence {
            span: Span::new(0, sentence.len() - 1),
            tokens: 0..0,
            provenance: dateline_doc::Provenance::rule("sentences", "terminal"),
        }];
        let layers = [Layer::Sentences];
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Jsonl, Format::Json] {
            let mut bytes = Vec::new();
            for (name, rendered) in [
                ("memory", Rendered::new(&doc, &layers, format)),
                ("deferred", Rendered::of(doc.clone(), &layers, format)),
            ] {
                assert_eq!(
                    matches!(rendered.0, Body::Deferred { .. }),
                    name == "deferred"
                );
                let path = dir.path().join(name);
                let mut w = Writer::create(format, Some(&path)).unwrap();
                w.write(&rendered).unwrap();
                assert_eq!(w.take_failure(), None);
                w.finish().unwrap();
                bytes.push(std::fs::read(&path).unwrap());
            }
            assert_eq!(bytes[0], bytes[1], "{format:?}");
            assert!(bytes[0].len() > DEFER_BYTES);
        }
    }
}
