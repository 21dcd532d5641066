//! A page's evidence: the stored texts its rows point into, and the spans cut from them.
//!
//! Quotes and events keep their offsets in characters (the document model's unit), and
//! the texts are UTF-8. SQLite's `substr()` would walk a text from its start for every
//! span (two per quote: on a long article most of a row's cost), so each document's text
//! is read once and walked once for all of the page's spans in it, with runs of ASCII
//! (most of a news text) skipped a byte per character without decoding.

use super::sql::{Sql, ints};
use crate::{Store, StoreError};
use std::collections::HashMap;

/// What a page shows of a stored document besides its rows: its id, date and text.
pub(super) struct DocText {
    pub(super) doc_id: String,
    pub(super) published: Option<String>,
    pub(super) text: String,
}

impl Store {
    /// The documents of rows `docs` (any order, repeats allowed), sorted by row.
    pub(super) fn doc_texts(&self, docs: &[i64]) -> Result<Vec<(i64, DocText)>, StoreError> {
        let mut docs = docs.to_vec();
        docs.sort_unstable();
        docs.dedup();
        let sql = Sql {
            text: format!(
                "SELECT id, doc_id, published, text FROM docs WHERE id IN {}",
                Sql::in_list(&docs)
            ),
            params: ints(&docs),
        };
        let mut rows = self.rows(&sql, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                DocText {
                    doc_id: r.get(1)?,
                    published: r.get(2)?,
                    text: r.get(3)?,
                },
            ))
        })?;
        rows.sort_unstable_by_key(|(id, _)| *id);
        Ok(rows)
    }

    /// Spans of stored texts: `(document row, start, end)` in characters, in that order.
    /// A span of a document that is gone (a concurrent ingest replaced it) is empty.
    pub(super) fn spans(&self, wanted: &[(i64, i64, i64)]) -> Result<Vec<String>, StoreError> {
        let docs: Vec<i64> = wanted.iter().map(|w| w.0).collect();
        let texts: HashMap<i64, DocText> = self.doc_texts(&docs)?.into_iter().collect();
        let mut by_doc: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, w) in wanted.iter().enumerate() {
            by_doc.entry(w.0).or_default().push(i);
        }
        let mut out = vec![String::new(); wanted.len()];
        for (doc, mine) in by_doc {
            let Some(d) = texts.get(&doc) else { continue };
            let spans: Vec<(i64, i64)> = mine.iter().map(|&i| (wanted[i].1, wanted[i].2)).collect();
            for (i, cut) in mine.into_iter().zip(cut(&d.text, &spans)) {
                out[i] = cut;
            }
        }
        Ok(out)
    }
}

/// The spans `(start, end)` of `text`, in characters, in the order given. Offsets past
/// the end are the end; a negative one is 0; a span that ends before it starts is empty.
pub(super) fn cut(text: &str, spans: &[(i64, i64)]) -> Vec<String> {
    let chars = |c: i64| usize::try_from(c).unwrap_or(0);
    let mut bounds: Vec<usize> = spans
        .iter()
        .flat_map(|&(s, e)| [chars(s), chars(e)])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let bytes = byte_offsets(text, &bounds);
    let at = |c: i64| {
        bounds
            .binary_search(&chars(c))
            .map_or(text.len(), |i| bytes[i])
    };
    spans
        .iter()
        .map(|&(s, e)| {
            let (start, end) = (at(s), at(e));
            text.get(start..end.max(start)).unwrap_or("").to_string()
        })
        .collect()
}

/// The byte offset of each character offset in `bounds` (ascending, no repeats); the
/// text's length for an offset at or past its end.
fn byte_offsets(text: &str, bounds: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let (mut ch, mut at) = (0, 0);
    let mut out = Vec::with_capacity(bounds.len());
    for &target in bounds {
        while ch < target && at < bytes.len() {
            // ASCII: one byte per character, as far as the target at most (a whole run
            // checked at once, most often).
            let run = &bytes[at..(at + (target - ch)).min(bytes.len())];
            let ascii = if run.is_ascii() {
                run.len()
            } else {
                run.iter().position(|b| !b.is_ascii()).unwrap_or(run.len())
            };
            at += ascii;
            ch += ascii;
            if ch < target && at < bytes.len() {
                // `at` is on a character boundary: runs stop before a non-ASCII byte,
                // and a whole character is stepped over here.
                at += text[at..].chars().next().map_or(1, char::len_utf8);
                ch += 1;
            }
        }
        out.push(if ch == target { at } else { text.len() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain walk over characters that `cut` must agree with.
    fn by_chars(text: &str, (s, e): (i64, i64)) -> String {
        let (s, e) = (s.max(0) as usize, e.max(0) as usize);
        text.chars().skip(s).take(e.saturating_sub(s)).collect()
    }

    #[test]
    fn spans_are_cut_by_characters_in_any_text() {
        let texts = [
            "",
            "Plain ASCII, nothing else.",
            "«Nous sommes prêts», a déclaré Zelensky — à Kyiv.",
            "東京で会談が行われた。「合意した」と述べた。",
            "Emoji 🇺🇦 and combining e\u{301} marks, then ASCII again.",
        ];
        for text in texts {
            let n = text.chars().count() as i64;
            let mut spans = Vec::new();
            for s in -1..=n + 2 {
                for e in [s - 1, s, s + 1, s + 3, n, n + 5] {
                    spans.push((s, e));
                }
            }
            let got = cut(text, &spans);
            for (span, got) in spans.iter().zip(got) {
                assert_eq!(got, by_chars(text, *span), "{text:?} {span:?}");
            }
        }
    }
}
