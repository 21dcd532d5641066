//! The decoding step: pure, CPU-bound, run in parallel by the caller.
//!
//! * HTML goes through `dateline_html::extract`; what the page says about itself fills the
//!   metadata fields the container left empty (a JSONL `title` or a feed item's title win
//!   over the page's, since the producer chose them deliberately).
//! * Plain-text bytes are checked (binary files are rejected rather than analysed as
//!   garbage) and decoded: UTF-8 when valid (a UTF-8 BOM is dropped), UTF-16 when it has a
//!   BOM or its NUL bytes fall in the pattern of UTF-16 text, otherwise the legacy encoding `chardetng` detects (typically windows-1252 or
//!   ISO-8859-x for old news archives). A non-UTF-8 source is recorded in
//!   `meta.extra["encoding"]`, so offsets are known to refer to the decoded text.
//! * Text already given as a string (JSONL `text`) is used byte for byte.

use dateline_doc::{Metadata, Published};
use dateline_html::HtmlError;
use serde_json::Value;

use crate::{Document, Payload, ReadError, ReadErrorKind, Record};

/// Turns a record into a document, or says why it cannot be one. Whitespace-only text is
/// an error (`"empty document"`), so every document has something to analyse.
pub fn decode(record: Record) -> Result<Document, ReadError> {
    let Record {
        name,
        mut meta,
        payload,
        ..
    } = record;
    let text = match payload {
        Payload::Text(t) => Ok(t),
        Payload::Bytes(b) => decode_bytes(b, &mut meta),
        Payload::Html { bytes, charset } => decode_html(&bytes, charset.as_deref(), &mut meta),
    };
    let text = text.map_err(|k| ReadError::new(name.clone(), k))?;
    if text.trim().is_empty() {
        return Err(ReadError::new(name, ReadErrorKind::Empty));
    }
    Ok(Document { name, meta, text })
}

fn decode_html(
    bytes: &[u8],
    charset: Option<&str>,
    meta: &mut Metadata,
) -> Result<String, ReadErrorKind> {
    let article = dateline_html::extract(bytes, charset).map_err(|e| match e {
        HtmlError::Binary => ReadErrorKind::Binary,
        e => ReadErrorKind::Html(e),
    })?;
    fill(&mut meta.title, article.title);
    fill(&mut meta.byline, article.byline);
    fill(&mut meta.language, article.language);
    fill(&mut meta.source, article.site_name);
    fill(&mut meta.url, article.canonical_url);
    if meta.published.is_none()
        && !meta.extra.contains_key("published_raw")
        && let Some(raw) = article.published.filter(|p| !p.trim().is_empty())
    {
        match Published::parse(&raw) {
            Ok(p) => meta.published = Some(p),
            Err(_) => {
                meta.extra
                    .insert("published_raw".into(), Value::String(raw));
            }
        }
    }
    if !article.encoding.is_empty() && !article.encoding.eq_ignore_ascii_case("UTF-8") {
        meta.extra.insert(
            "encoding".into(),
            Value::String(article.encoding.to_string()),
        );
    }
    Ok(article.text)
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.filter(|v| !v.trim().is_empty());
    }
}

fn decode_bytes(bytes: Vec<u8>, meta: &mut Metadata) -> Result<String, ReadErrorKind> {
    // UTF-16 text has NUL bytes but is not binary; only trust it with a BOM.
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, _) = enc.decode_with_bom_removal(&bytes);
        meta.extra
            .insert("encoding".into(), Value::String(enc.name().into()));
        return Ok(text.into_owned());
    }
    if let Some((enc, text)) = bomless_utf16(&bytes) {
        meta.extra
            .insert("encoding".into(), Value::String(enc.name().into()));
        return Ok(text);
    }
    if looks_binary(&bytes) {
        return Err(ReadErrorKind::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(&bytes, true);
            let enc = det.guess(None, chardetng::Utf8Detection::Deny);
            let (text, _, _) = enc.decode(&bytes);
            meta.extra
                .insert("encoding".into(), Value::String(enc.name().into()));
            Ok(text.into_owned())
        }
    }
}

/// UTF-16 without a byte-order mark, recognised by where its NUL bytes fall: in text of a
/// Latin script most code units have a zero high byte, so one byte of each pair is often
/// NUL and the other almost never. The bytes must then decode without a malformed sequence
/// (a trailing odd byte is dropped) into text with no NUL and few control characters;
/// anything else stays binary.
fn bomless_utf16(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, String)> {
    let sample = &bytes[..bytes.len().min(64 * 1024) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    let enc = if odd * 10 >= pairs * 3 && even * 50 <= pairs {
        encoding_rs::UTF_16LE
    } else if even * 10 >= pairs * 3 && odd * 50 <= pairs {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let text =
        enc.decode_without_bom_handling_and_without_replacement(&bytes[..bytes.len() & !1])?;
    let (mut chars, mut control) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\0' {
            return None;
        }
        chars += 1;
        control += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'));
    }
    (control * 10 <= chars).then(|| (enc, text.into_owned()))
}

/// NUL bytes anywhere, or more than 10% control characters (other than tab, newlines,
/// form feed and escape) in the first 64 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    control * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_heuristic() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, b'a', b'b']));
        assert!(!looks_binary(b"Plain\ttext\r\nwith lines\x0c"));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn utf16_with_bom_is_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Mayor".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let mut meta = Metadata::default();
        assert_eq!(decode_bytes(bytes, &mut meta).unwrap(), "Mayor");
        assert_eq!(meta.extra["encoding"], "UTF-16LE");
    }

    #[test]
    fn utf16_without_bom_is_text_and_binary_stays_binary() {
        let text = "Mayor Zoë Brandt said on Monday: “No.”\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut meta = Metadata::default();
        assert_eq!(decode_bytes(le, &mut meta).unwrap(), text);
        assert_eq!(meta.extra["encoding"], "UTF-16LE");
        assert_eq!(decode_bytes(be, &mut meta).unwrap(), text);
        assert_eq!(meta.extra["encoding"], "UTF-16BE");
        // NUL-padded control bytes and stray NULs in text are not UTF-16.
        let words: Vec<u8> = (0u16..200).flat_map(|i| (i % 31).to_le_bytes()).collect();
        assert!(matches!(
            decode_bytes(words, &mut meta),
            Err(ReadErrorKind::Binary)
        ));
        assert!(matches!(
            decode_bytes(b"The bar\0ge hit the bridge".to_vec(), &mut meta),
            Err(ReadErrorKind::Binary)
        ));
    }
}
