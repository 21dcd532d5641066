//! The normalized (matching) view of a text.
//!
//! What changes, and why:
//!
//! | original | becomes | why |
//! |---|---|---|
//! | NBSP, thin, figure and other Unicode spaces | `' '` | they separate words like a space |
//! | U+2028/2029, NEL | `'\n'` | they break lines like a newline |
//! | soft hyphen, zero-width space/joiners, word joiner, BOM | removed | invisible; "Zelen\u{ad}sky" is "Zelensky" |
//! | ‘ ’ ‚ ‛ ′ and fullwidth ' | `'` | "Trump’s" and "Trump's" are one word |
//! | “ ” „ ‟ ″ and fullwidth " | `"` | one quotation mark to match |
//! | ‐ ‑ − ﹣ and fullwidth - | `-` | hyphens and minus signs inside words and numbers |
//! | … | `...` | one ellipsis form |
//! | ﬀ ﬁ ﬂ ﬃ ﬄ | `ff fi fl ffi ffl` | PDF-to-HTML text keeps ligatures |
//! | other fullwidth ASCII | ASCII | East Asian typesetting of Latin text |
//! | control characters | `' '` | never part of a word |
//!
//! En and em dashes and guillemets stay: they carry meaning the tokenizer needs. Curly
//! quotes are still visible in the original text, where the quote layer reads their
//! direction. Case is never changed.

use dateline_doc::{Edit, NormalizedText};

/// What one character becomes.
enum Change {
    Keep,
    Drop,
    Char(char),
    Str(&'static str),
}

#[inline]
fn change(c: char) -> Change {
    match c {
        '\t' | '\n' | '\r' => Change::Keep,
        '\u{0}'..='\u{1f}' | '\u{7f}' => Change::Char(' '),
        '\u{85}' => Change::Char('\n'),
        '\u{80}'..='\u{9f}' => Change::Char(' '),
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            Change::Char(' ')
        }
        '\u{2028}' | '\u{2029}' => Change::Char('\n'),
        '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Change::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => Change::Char('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => Change::Char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2212}' | '\u{fe63}' => Change::Char('-'),
        '\u{2026}' => Change::Str("..."),
        '\u{fb00}' => Change::Str("ff"),
        '\u{fb01}' => Change::Str("fi"),
        '\u{fb02}' => Change::Str("fl"),
        '\u{fb03}' => Change::Str("ffi"),
        '\u{fb04}' => Change::Str("ffl"),
        '\u{ff01}'..='\u{ff5e}' => {
            // Fullwidth forms sit at a fixed distance from ASCII.
            Change::Char(char::from_u32(c as u32 - 0xfee0).unwrap_or(c))
        }
        _ => Change::Keep,
    }
}

/// The normalized view of `text`, or `None` when it would equal `text` (the common case
/// for plain ASCII, which is detected without allocating).
pub fn normalize(text: &str) -> Option<NormalizedText> {
    let first = first_change(text)?;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut edits: Vec<Edit> = Vec::new();
    // Unchanged text is copied in runs, not character by character.
    let mut run_start = 0;
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && (b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r')) {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let width = c.len_utf8();
        let mut buf = [0u8; 4];
        let replacement: &str = match change(c) {
            Change::Keep => {
                i += width;
                continue;
            }
            Change::Drop => "",
            Change::Char(r) => r.encode_utf8(&mut buf),
            Change::Str(s) => s,
        };
        out.push_str(&text[run_start..i]);
        push_edit(&mut edits, out.len(), i, replacement.len(), width);
        out.push_str(replacement);
        i += width;
        run_start = i;
    }
    out.push_str(&text[run_start..]);
    Some(NormalizedText { text: out, edits })
}

/// Records an edit, merging it into the previous one when they touch (runs of deleted
/// zero-width characters become one edit).
fn push_edit(edits: &mut Vec<Edit>, norm: usize, orig: usize, norm_len: usize, orig_len: usize) {
    if let Some(last) = edits.last_mut()
        && (last.orig + last.orig_len) as usize == orig
        && (last.norm + last.norm_len) as usize == norm
        && (norm_len == 0 || last.norm_len == 0)
    {
        last.norm_len += norm_len as u32;
        last.orig_len += orig_len as u32;
        return;
    }
    edits.push(Edit {
        norm: norm as u32,
        orig: orig as u32,
        norm_len: norm_len as u32,
        orig_len: orig_len as u32,
    });
}

/// Byte offset of the first character that normalization changes.
fn first_change(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Fast path over ASCII: only control characters change there.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            break;
        }
        if (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f {
            return Some(i);
        }
        i += 1;
    }
    text[i..]
        .char_indices()
        .find(|(_, c)| !matches!(change(*c), Change::Keep))
        .map(|(j, _)| i + j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s)
            .map(|n| n.text)
            .unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn plain_text_needs_no_copy() {
        assert!(normalize("Plain ASCII text, with\ttabs and\nnewlines.").is_none());
        assert!(normalize("Ünïcödé letters stay — and dashes too «»").is_none());
    }

    #[test]
    fn smooths_typographic_variants() {
        assert_eq!(norm("Trump’s “deal”"), "Trump's \"deal\"");
        assert_eq!(norm("Zelen\u{ad}sky"), "Zelensky");
        assert_eq!(norm("7.2\u{a0}million"), "7.2 million");
        assert_eq!(norm("wait…"), "wait...");
        assert_eq!(norm("\u{fb01}nal"), "final");
        assert_eq!(norm("a\u{200b}\u{200d}b"), "ab");
        assert_eq!(norm("−5 and \u{2011}x"), "-5 and -x");
        assert_eq!(norm("ＡＢＣ"), "ABC");
    }

    #[test]
    fn maps_spans_back_to_the_original() {
        let text = "“Zelen\u{ad}sky’s” deal… ﬁne";
        let n = normalize(text).unwrap();
        // Each normalized word maps back to the original characters around it.
        for word in ["Zelensky", "'s", "deal", "...", "fine", "\""] {
            let ns = n.text.find(word).unwrap();
            let ne = ns + word.len();
            let os = n.start_to_original(ns);
            let oe = n.end_to_original(ne);
            let orig = &text[os..oe];
            let expected = match word {
                "Zelensky" => "Zelen\u{ad}sky",
                "'s" => "’s",
                "..." => "…",
                "fine" => "ﬁne",
                "\"" => "“",
                w => w,
            };
            assert_eq!(orig, expected, "for {word:?}");
        }
    }

    #[test]
    fn spans_skip_deleted_characters_at_their_edges() {
        let text = "\u{feff}word\u{200b} next";
        let n = normalize(text).unwrap();
        assert_eq!(n.text, "word next");
        let (s, e) = (n.start_to_original(0), n.end_to_original(4));
        assert_eq!(&text[s..e], "word");
    }
}
