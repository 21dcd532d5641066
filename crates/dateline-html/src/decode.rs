//! Bytes to text: binary sniffing and character-encoding choice.
//!
//! The order follows what browsers do, because pages are written to display correctly in a
//! browser, not to be self-consistent: a byte-order mark wins over everything (it cannot be
//! there by accident), then the transport's `Content-Type` charset (the caller's hint), then a
//! `<meta charset>` / `<meta http-equiv=Content-Type>` declaration in the first 4 KB (the
//! HTML prescan window, kept small so a 50 MB page costs nothing here), and only then
//! statistical detection. Detection runs only when the bytes are not valid UTF-8, since
//! valid UTF-8 of any length is overwhelmingly likely to really be UTF-8, and the validity
//! check is far cheaper than `chardetng`.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// How many leading bytes the `<meta charset>` prescan looks at (the HTML standard's 1024 is
/// too small for real news pages with long `<head>` preambles; 4 KB catches nearly all).
const PRESCAN: usize = 4096;

/// How many leading bytes the binary sniffer inspects.
const SNIFF: usize = 8192;

/// True when the bytes are evidently not a text document: a known binary signature, a NUL
/// byte in the first 8 KB, or many control bytes. UTF-16 with a BOM is text (it is full of
/// NULs), so the BOM check comes first.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            return false;
        }
    }
    const MAGIC: &[&[u8]] = &[
        b"%PDF-",
        b"\x89PNG",
        b"GIF87a",
        b"GIF89a",
        b"\xFF\xD8\xFF",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"BZh",
        b"\xFD7zXZ",
        b"7z\xBC\xAF",
        b"\x7FELF",
        b"RIFF",
        b"OggS",
        b"fLaC",
        b"ID3",
        b"\x00\x00\x01\x00",
        b"wOFF",
        b"wOF2",
    ];
    if MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.contains(&0) {
        return true;
    }
    // Control bytes other than tab, newline, form feed, carriage return and escape are
    // (nearly) never in HTML; a few can be stray, a high share means binary.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls * 20 > head.len().max(1)
}

/// Picks the encoding for `bytes` (see the module doc for the order) and decodes them.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    charset_hint: Option<&str>,
) -> (Cow<'a, str>, &'static Encoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, enc);
    }
    let enc = charset_hint
        .and_then(encoding_from_hint)
        .or_else(|| prescan_meta(&bytes[..bytes.len().min(PRESCAN)]))
        .unwrap_or_else(|| detect(bytes));
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text, enc)
}

/// Accepts a bare label ("utf-8") or a whole Content-Type value
/// ("text/html; charset=ISO-8859-1"): callers pass whichever they have.
fn encoding_from_hint(hint: &str) -> Option<&'static Encoding> {
    let label = match find_ci(hint.as_bytes(), b"charset") {
        Some(pos) => charset_value(&hint.as_bytes()[pos + 7..])?,
        None => hint.trim().as_bytes(),
    };
    for_label(label)
}

/// Maps a label the way a browser does for a document: UTF-16 labels in an ASCII-compatible
/// byte stream are a lie (the declaration itself was readable as ASCII), so they mean UTF-8;
/// `x-user-defined` means windows-1252.
fn for_label(label: &[u8]) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label)?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    if enc == encoding_rs::X_USER_DEFINED {
        return Some(encoding_rs::WINDOWS_1252);
    }
    if enc == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(enc)
}

/// Finds `charset=` inside `<meta …>` tags of the prescan window. Covers both
/// `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while let Some(rel) = find_ci(&head[at..], b"<meta") {
        let start = at + rel + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(pos) = find_ci(tag, b"charset") {
            if let Some(enc) = charset_value(&tag[pos + 7..]).and_then(for_label) {
                return Some(enc);
            }
        }
        at = end;
    }
    None
}

/// Reads the value after `charset`: optional spaces, `=`, optional quote, then up to a
/// delimiter.
fn charset_value(rest: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while i < rest.len() && rest[i].is_ascii_whitespace() {
        i += 1;
    }
    if rest.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < rest.len() && (rest[i].is_ascii_whitespace() || rest[i] == b'"' || rest[i] == b'\'') {
        i += 1;
    }
    let start = i;
    while i < rest.len() && !matches!(rest[i], b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t') {
        i += 1;
    }
    (i > start).then(|| &rest[start..i])
}

/// Valid UTF-8 is taken as UTF-8; otherwise chardetng guesses among legacy encodings.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A few hundred KB are plenty for a confident guess and bound the cost on huge pages.
    det.feed(&bytes[..bytes.len().min(512 * 1024)], true);
    // UTF-8 stays allowed: a mostly-UTF-8 page with a few damaged bytes (truncation, a
    // pasted legacy snippet) is still UTF-8.
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// ASCII case-insensitive substring search.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_may_be_a_whole_content_type() {
        let (_, enc) = decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1"));
        assert_eq!(enc.name(), "windows-1252");
    }

    #[test]
    fn meta_http_equiv_is_found() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head>";
        assert_eq!(prescan_meta(html).map(|e| e.name()), Some("windows-1251"));
    }

    #[test]
    fn bom_wins_over_hint() {
        let (text, enc) = decode(b"\xEF\xBB\xBFhello", Some("windows-1252"));
        assert_eq!(enc.name(), "UTF-8");
        assert_eq!(text, "hello");
    }

    #[test]
    fn utf16_meta_label_means_utf8() {
        let (_, enc) = decode(b"<meta charset=utf-16><p>x</p>", None);
        assert_eq!(enc.name(), "UTF-8");
    }

    #[test]
    fn sniffs_binary() {
        assert!(looks_binary(b"%PDF-1.7 ..."));
        assert!(looks_binary(b"<html>\0\0\0"));
        assert!(!looks_binary(b"<html><body>hi</body></html>"));
        assert!(!looks_binary(b"\xFF\xFE<\0h\0"));
    }
}
