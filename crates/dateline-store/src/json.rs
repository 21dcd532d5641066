//! How a document's annotations are kept, and given back exactly as `dateline analyze`
//! wrote them.
//!
//! The store keeps a document's metadata and layers in the packed binary form of
//! [`dateline_doc::pack`], compressed with Zstandard; the text is in its own column (full-text
//! search and snippets need it there). Reading a document back unpacks it with its text and
//! writes its JSON with the same writer `analyze` uses: the result is byte for byte the line
//! `analyze --format jsonl` writes.
//!
//! Why not the JSON itself, as stores before version 4 of the format kept it (the JSON after
//! its `"text"` member, compressed): writing JSON is a fifth of analysing a document, and the
//! packed form is a fraction of its size. Those stores' blobs are still read: a blob whose
//! content starts like JSON is JSON, one that starts with [`dateline_doc::pack::MAGIC`] is
//! packed.

use crate::StoreError;
use crate::prepare::compress;
use dateline_doc::{Doc, Layer, pack};

/// The compressed packed form of `doc` (with `layers`).
pub(crate) fn annotations(doc: &Doc, layers: &[Layer]) -> Vec<u8> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        pack::encode(doc, layers, &mut buf);
        let out = compress(&buf);
        // A very long document's buffer is not kept for the rest of the run.
        if buf.capacity() > 16 << 20 {
            *buf = Vec::new();
        }
        out
    })
}

/// What a stored blob holds: a packed document, or (from a store before version 4) JSON.
enum Stored {
    Packed(Box<Doc>),
    Json(String),
}

/// Reads a stored blob with its document's id and text.
fn read(id: &str, text: String, annotations: &[u8]) -> Result<Stored, StoreError> {
    let bytes = decompress(id, annotations)?;
    if bytes.starts_with(&pack::MAGIC) {
        return pack::decode(&bytes, text)
            .map(|doc| Stored::Packed(Box::new(doc)))
            .map_err(|e| corrupt(id, e));
    }
    legacy_json(id, &text, bytes).map(Stored::Json)
}

fn corrupt(id: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("annotations of {id:?}: {e}"))
}

/// The stored document, rebuilt from its id, text and stored annotations.
pub(crate) fn stored_doc(id: &str, text: String, annotations: &[u8]) -> Result<Doc, StoreError> {
    match read(id, text, annotations)? {
        Stored::Packed(doc) => Ok(*doc),
        Stored::Json(json) => dateline_doc::from_json(&json).map_err(|e| corrupt(id, e)),
    }
}

/// The document's JSON line from its stored parts.
pub(crate) fn document(id: &str, text: String, annotations: &[u8]) -> Result<String, StoreError> {
    let doc = match read(id, text, annotations)? {
        Stored::Packed(doc) => doc,
        Stored::Json(json) => return Ok(json),
    };
    let mut out = Vec::with_capacity(doc.text().len().saturating_mul(8).min(16 << 20) + 256);
    // Writing into a Vec fails only on non-string map keys, which DocJson never writes.
    let _ = dateline_doc::json::to_writer(&mut out, &doc, &Layer::ALL, false);
    String::from_utf8(out).map_err(|e| StoreError::Corrupt(format!("JSON of {id:?}: {e}")))
}

/// Largest declared size decompressed in one allocation; a larger one (only from a
/// damaged blob: a document's annotations are a few megabytes at most) is streamed.
const ONE_ALLOCATION: u64 = 256 << 20;

/// The blob's bytes. A blob from [`compress`] is one frame that declares its size: it is
/// decompressed into one buffer with the thread's kept context (making a context for
/// each document was a twentieth of serving one). Anything else, or any failure, goes
/// through the streaming decoder, whose error is the one reported.
fn decompress(id: &str, annotations: &[u8]) -> Result<Vec<u8>, StoreError> {
    thread_local! {
        static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    let declared = zstd::zstd_safe::get_frame_content_size(annotations)
        .ok()
        .flatten()
        .filter(|&n| n <= ONE_ALLOCATION);
    let quick = declared.and_then(|n| {
        DECOMPRESSOR.with(|d| {
            let mut d = d.borrow_mut();
            if d.is_none() {
                *d = zstd::bulk::Decompressor::new().ok();
            }
            let bytes = d.as_mut()?.decompress(annotations, n as usize).ok()?;
            (bytes.len() as u64 == n).then_some(bytes)
        })
    });
    match quick {
        Some(bytes) => Ok(bytes),
        None => zstd::stream::decode_all(annotations).map_err(|e| corrupt(id, e)),
    }
}

/// A blob written before the packed form: the JSON after the `"text"` member (or, from a
/// document whose JSON did not start with its id and text, the whole JSON).
fn legacy_json(id: &str, text: &str, bytes: Vec<u8>) -> Result<String, StoreError> {
    let suffix = String::from_utf8(bytes).map_err(|e| corrupt(id, e))?;
    if suffix.starts_with('{') {
        return Ok(suffix);
    }
    let mut out = String::with_capacity(text.len() + id.len() + 32 + suffix.len());
    out.push_str("{\"id\":");
    out.push_str(&serde_json::to_string(id).unwrap_or_default());
    out.push_str(",\"text\":");
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
    out.push_str(&suffix);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::{Metadata, Provenance, Sentence, Span};

    #[test]
    fn gives_back_the_same_json() {
        let text = "“Nein,” she said.\nA \"second\" line.";
        let mut doc = Doc::new(Metadata::with_id("d\"1"), text.into()).unwrap();
        doc.sentences.push(Sentence {
            span: Span::new(0, text.len()),
            tokens: 0..0,
            provenance: Provenance::rule("sentences", "end-of-text"),
        });
        doc.mark_done(Layer::Sentences, Provenance::rule("sentences", "rules"));
        let mut expected = Vec::new();
        dateline_doc::json::to_writer(&mut expected, &doc, &[Layer::Sentences], false).unwrap();
        let stored = annotations(&doc, &[Layer::Sentences]);
        let back = document("d\"1", text.into(), &stored).unwrap();
        assert_eq!(back.as_bytes(), expected.as_slice());
        assert!(document("x", "y".into(), b"not zstd").is_err());
        assert_eq!(
            stored_doc("d\"1", text.into(), &stored).unwrap().sentences,
            doc.sentences
        );
    }

    #[test]
    fn every_zstd_blob_decompresses_whatever_its_frames_declare() {
        let bytes: Vec<u8> = (0..100_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        // One frame with its size (what `compress` writes), twice on one thread.
        for _ in 0..2 {
            assert_eq!(decompress("a", &compress(&bytes)).unwrap(), bytes);
        }
        // Frames without a declared size, and two frames one after the other.
        let streamed = zstd::stream::encode_all(bytes.as_slice(), 3).unwrap();
        assert_eq!(decompress("b", &streamed).unwrap(), bytes);
        let mut two = compress(&bytes[..1000]);
        two.extend(compress(&bytes[1000..]));
        assert_eq!(decompress("c", &two).unwrap(), bytes);
        // Frames cut short, a long one and a short one.
        let whole = compress(&bytes);
        assert!(decompress("d", &whole[..whole.len() / 2]).is_err());
        let mut lying = compress(b"short");
        lying.truncate(lying.len() - 1);
        assert!(decompress("e", &lying).is_err());
    }

    #[test]
    fn reads_the_json_blobs_of_stores_before_the_packed_form() {
        let text = "A line.";
        let json = r#"{"id":"old","text":"A line.","provenance":{"sentences":{"component":"sentences","rule":"rules"}},"sentences":[{"start":0,"end":7,"rule":"end-of-text"}]}"#;
        let suffix = &json[json.find(",\"provenance\"").unwrap()..];
        let blob = compress(suffix.as_bytes());
        assert_eq!(document("old", text.into(), &blob).unwrap(), json);
        let back = stored_doc("old", text.into(), &blob).unwrap();
        assert_eq!(back.sentences.len(), 1);
        // A whole JSON kept as is.
        assert_eq!(
            document("old", text.into(), &compress(json.as_bytes())).unwrap(),
            json
        );
    }
}
