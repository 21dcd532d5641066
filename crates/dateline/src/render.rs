//! The readable terminal view of a document: what a journalist wants at a glance. Each
//! layer adds its section as it becomes available.

use dateline_doc::{Doc, Layer, TokenKind};
use std::io::Write;

/// Longest excerpt shown for a sentence.
const EXCERPT_CHARS: usize = 160;

pub fn summary(out: &mut Vec<u8>, doc: &Doc, layers: &[Layer]) {
    let meta = &doc.meta;
    let heading = meta.title.as_deref().unwrap_or(&meta.id);
    let _ = writeln!(out, "━━ {}", one_line(heading, 100));
    let mut facts = vec![format!("id {}", meta.id)];
    if let Some(p) = &meta.published {
        facts.push(format!("published {p}"));
    }
    for v in [&meta.source, &meta.byline, &meta.url]
        .into_iter()
        .flatten()
    {
        facts.push(one_line(v, 80));
    }
    let _ = writeln!(out, "   {}", facts.join(" · "));

    let mut counts = Vec::new();
    if doc.has_layer(Layer::Sentences) {
        counts.push(plural(doc.sentences.len(), "sentence"));
    }
    if doc.has_layer(Layer::Paragraphs) {
        counts.push(plural(doc.paragraphs.len(), "paragraph"));
    }
    if doc.has_layer(Layer::Tokens) {
        let words = doc
            .tokens
            .iter()
            .filter(|t| {
                matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation
                )
            })
            .count();
        counts.push(plural(words, "word"));
    }
    counts.push(format!("{} characters", doc.text().chars().count()));
    let _ = writeln!(out, "   {}", counts.join(" · "));

    if layers.contains(&Layer::Sentences)
        && let Some(first) = doc.sentences.first()
    {
        let _ = writeln!(
            out,
            "   lead: {}",
            one_line(doc.slice(first.span), EXCERPT_CHARS)
        );
    }
    out.push(b'\n');
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `text` on one line, white space collapsed, cut at `max` characters with an ellipsis.
fn one_line(text: &str, max: usize) -> String {
    let mut s = String::with_capacity(text.len().min(max * 4));
    let mut n = 0;
    for word in text.split_whitespace() {
        if n > 0 {
            s.push(' ');
            n += 1;
        }
        for c in word.chars() {
            if n >= max {
                s.push('…');
                return s;
            }
            s.push(c);
            n += 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
