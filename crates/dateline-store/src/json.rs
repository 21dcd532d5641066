//! How a document's JSON is kept, and given back exactly as `dateline analyze` wrote it.
//!
//! The JSON of an analysed document (`shared/eval/FORMAT.md` shape, written by
//! `dateline_doc::json`) always begins `{"id":ID,"text":TEXT`. The text is already in the
//! `docs` table (full-text search and snippets need it there), so the store keeps only what
//! follows it, compressed with Zstandard: about a fifth of the JSON's size. Reading a document back
//! rebuilds the prefix from the stored id and text; the result is byte for byte the line
//! `analyze --format jsonl` writes.

use crate::StoreError;
use crate::prepare::compress;
use dateline_doc::{Doc, Layer};

/// The compressed JSON of `doc` (with `layers`) after its `"text"` member.
pub(crate) fn annotations(doc: &Doc, layers: &[Layer]) -> Vec<u8> {
    let mut full = Vec::with_capacity(doc.text().len() * 8 + 256);
    // Serializing into a Vec fails only on non-string map keys, which DocJson never writes.
    let _ = dateline_doc::json::to_writer(&mut full, doc, layers, false);
    // Not reachable while DocJson writes id and text first; if it ever did not, the whole
    // JSON is kept (it starts with `{`, which `document` recognises) rather than lose anything.
    let cut = after_text(&full).unwrap_or(0);
    compress(&full[cut..])
}

/// Where `{"id":"…","text":"…"` ends in a document's JSON.
fn after_text(json: &[u8]) -> Option<usize> {
    let rest = json.strip_prefix(b"{\"id\":")?;
    let id_end = 6 + string_end(rest)?;
    let rest = json[id_end..].strip_prefix(b",\"text\":")?;
    Some(id_end + 8 + string_end(rest)?)
}

/// The length of the JSON string at the start of `bytes` (quotes included).
fn string_end(bytes: &[u8]) -> Option<usize> {
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The document's JSON line from its stored parts.
pub(crate) fn document(id: &str, text: &str, annotations: &[u8]) -> Result<String, StoreError> {
    let bytes = zstd::stream::decode_all(annotations)
        .map_err(|e| StoreError::Corrupt(format!("annotations of {id:?}: {e}")))?;
    let suffix = String::from_utf8(bytes)
        .map_err(|e| StoreError::Corrupt(format!("annotations of {id:?}: {e}")))?;
    if suffix.starts_with('{') {
        return Ok(suffix);
    }
    let mut out = prefix(id, text);
    out.push_str(&suffix);
    Ok(out)
}

fn prefix(id: &str, text: &str) -> String {
    let mut p = String::with_capacity(text.len() + id.len() + 32);
    p.push_str("{\"id\":");
    p.push_str(&serde_json::to_string(id).unwrap_or_default());
    p.push_str(",\"text\":");
    p.push_str(&serde_json::to_string(text).unwrap_or_default());
    p
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
        let back = document("d\"1", text, &stored).unwrap();
        assert_eq!(back.as_bytes(), expected.as_slice());
        assert!(document("x", "y", b"not zstd").is_err());
    }
}
