//! Text layers for news: normalization, tokens, sentences and paragraphs.
//!
//! The stages, in order:
//!
//! 1. [`normalize`] smooths typographic variants (NBSP, soft hyphens, zero-width
//!    characters, curly quotes, unusual hyphens, ligatures) into a matching view of the
//!    text that keeps an exact map back to the original ([`dateline_doc::NormalizedText`]).
//! 2. [`tokenize`] cuts the normalized text into tokens with news in mind: abbreviations and
//!    titles keep their period ("U.S.", "Lt.", "Jan."), initials stay initials ("George W.
//!    Bush"), numbers keep their separators ("7.2", "3,000"), possessive clitics split off
//!    ("Trump" + "’s"), and every token records the white space before it.
//! 3. [`split_sentences`] groups tokens into sentences and paragraphs, from punctuation, the
//!    class of an abbreviation, the word after a possible boundary and the line structure
//!    of the document (headline and byline lines, hard-wrapped text).
//!
//! Everything here is pure: text in, annotations out. [`segment`] runs all three on a
//! [`dateline_doc::Doc`].

mod abbreviations;
mod normalize;
mod sentences;
mod tokenize;

pub use abbreviations::{AbbreviationClass, abbreviation_class};
pub use normalize::normalize;
pub use sentences::{Segmentation, split_sentences};
pub use tokenize::tokenize;

use dateline_doc::{Doc, Layer, Provenance};

/// The component name recorded in provenance for the tokenizer.
pub const TOKENIZER: &str = "tokenizer";
/// The component name recorded in provenance for the sentence splitter.
pub const SENTENCIZER: &str = "sentencizer";

/// Normalizes and tokenizes `doc` (adds the normalized view and [`Layer::Tokens`]).
pub fn tokenize_doc(doc: &mut Doc) {
    let normalized = normalize(doc.text());
    doc.set_normalized(normalized);
    let tokens = tokenize(doc.normalized_text(), doc.normalized());
    doc.tokens = tokens;
    doc.mark_done(Layer::Tokens, Provenance::rule(TOKENIZER, "news-rules-v1"));
}

/// Splits a tokenized `doc` into sentences and paragraphs.
pub fn split_doc(doc: &mut Doc) {
    let Segmentation {
        sentences,
        paragraphs,
    } = split_sentences(doc.normalized_text(), &doc.tokens, doc.text());
    doc.sentences = sentences;
    doc.paragraphs = paragraphs;
    let provenance = Provenance::rule(SENTENCIZER, "news-rules-v1");
    doc.mark_done(Layer::Sentences, provenance);
    doc.mark_done(Layer::Paragraphs, provenance);
}

/// Tokens, sentences and paragraphs in one call.
pub fn segment(doc: &mut Doc) {
    tokenize_doc(doc);
    split_doc(doc);
}

#[cfg(test)]
mod robustness {
    //! Random text from an alphabet rich in the characters the rules look at (multi-byte
    //! letters, every quotation mark and dash, invisible characters, digits and periods):
    //! segmentation must never panic and its spans must be well formed.
    use super::*;
    use dateline_doc::Metadata;

    const ALPHABET: &[&str] = &[
        "a",
        "B",
        "z",
        "л",
        "З",
        "é",
        "ß",
        "中",
        "🦀",
        "\u{301}",
        ".",
        ".",
        "..",
        "…",
        "?",
        "!",
        ",",
        ":",
        ";",
        "'",
        "’",
        "‘",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "„",
        "-",
        "–",
        "—",
        "(",
        ")",
        "$",
        "%",
        "7",
        "3.5",
        "U.S.",
        "Mr.",
        "Jan.",
        "No.",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\u{a0}",
        "\u{ad}",
        "\u{200b}",
        "\u{feff}",
        "\t",
        "\r\n",
        "@x",
        "#y",
        "http://a.b/c.",
        "a@b.cd",
        "don't",
        "’s",
        "\u{0}",
        "\u{7f}",
        "\u{85}",
        "ﬁ",
        "Ｘ",
    ];

    #[test]
    fn random_text_never_breaks_segmentation() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            let mut doc = Doc::new(Metadata::with_id("random"), text.clone()).unwrap();
            segment(&mut doc);
            let mut last_end = 0;
            for t in &doc.tokens {
                assert!(
                    t.span.start >= last_end && t.span.start < t.span.end,
                    "{text:?} {:?} {:?}",
                    doc.normalized(),
                    doc.tokens
                );
                assert!(text.is_char_boundary(t.span.start as usize), "{text:?}");
                assert!(text.is_char_boundary(t.span.end as usize), "{text:?}");
                assert!(doc.normalized_text().is_char_boundary(t.norm.end as usize));
                last_end = t.span.end;
            }
            let mut last = 0;
            for s in &doc.sentences {
                assert!(
                    s.span.start >= last && s.span.end as usize <= text.len(),
                    "{text:?}"
                );
                assert!(s.tokens.start < s.tokens.end);
                last = s.span.end;
            }
            let covered: u32 = doc
                .sentences
                .iter()
                .map(|s| s.tokens.end - s.tokens.start)
                .sum();
            assert_eq!(
                covered as usize,
                doc.tokens.len(),
                "every token in one sentence: {text:?}"
            );
        }
    }
}
