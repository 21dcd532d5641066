//! Tagging and chunking dateline's own tokens ([`dateline_doc::Doc`]).
//!
//! The weights were trained on the Wall Street Journal treebank, whose tokens follow the
//! Penn conventions. dateline's tokenizer already splits the way they do ("Trump" + "'s",
//! "ca" + "n't", abbreviations keeping their period); what differs is how a few
//! punctuation tokens are spelled, and the tagger only knows the treebank's spelling:
//! brackets are `-LRB-`/`-RRB-` (`-LCB-`/`-RCB-` for braces), opening and closing double
//! quotes are ` `` ` and `''` (single ones `` ` `` and `'`), dashes are `--` and an
//! ellipsis `...`. [`ptb_form`] gives that spelling; the tokens themselves do not change.
//!
//! A document is tagged as one text (previous tags carry over from sentence to sentence,
//! as in the reference and in training), one tag per token.

use std::ops::Range;

use dateline_doc::{Doc, Token, TokenKind};

use crate::chunk::{Chunks, chunk};
use crate::{DepParser, Parse, Tag, Tagger};

/// The treebank spelling of token `i`, which belongs to the sentence `sentence` (a range
/// of token indexes; the direction of a straight quote is read from its neighbours there).
pub fn ptb_form(doc: &Doc, sentence: Range<usize>, i: usize) -> &str {
    let tokens = &doc.tokens;
    let Some(token) = tokens.get(i) else {
        return "";
    };
    let norm = doc.token_norm(token);
    match token.kind {
        TokenKind::Dash => "--",
        TokenKind::Ellipsis => "...",
        TokenKind::Punct => match norm {
            "(" | "[" => "-LRB-",
            ")" | "]" => "-RRB-",
            "{" => "-LCB-",
            "}" => "-RCB-",
            _ => norm,
        },
        TokenKind::Quote => {
            let double = !matches!(
                doc.slice(token.span).chars().next(),
                Some('\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›')
            );
            match (double, quote_opens(doc, sentence, i)) {
                (true, true) => "``",
                (true, false) => "''",
                (false, true) => "`",
                (false, false) => "'",
            }
        }
        _ => norm,
    }
}

/// Whether the quotation mark at `i` opens a quotation: curly marks say so themselves;
/// a straight mark opens when it starts the sentence or follows white space or an opening
/// bracket, and the next token follows it without space.
fn quote_opens(doc: &Doc, sentence: Range<usize>, i: usize) -> bool {
    let tokens = &doc.tokens;
    match doc.slice(tokens[i].span).chars().next() {
        Some('“' | '„' | '‟' | '«' | '‘' | '‚' | '‛' | '‹' | '〝') => return true,
        Some('”' | '»' | '’' | '›' | '〞') => return false,
        _ => {}
    }
    let before = i == sentence.start
        || tokens[i].has(Token::SPACE_BEFORE)
        || tokens
            .get(i.wrapping_sub(1))
            .is_some_and(|t| doc.token_norm(t) == "(" || t.kind == TokenKind::Dash);
    let next_attached = i + 1 < sentence.end
        && tokens
            .get(i + 1)
            .is_some_and(|t| !t.has(Token::SPACE_BEFORE));
    before && next_attached
}

/// The treebank spellings of the tokens in `range` (a sentence), appended to `out`.
pub fn sentence_words<'d>(doc: &'d Doc, range: Range<usize>, out: &mut Vec<&'d str>) {
    for i in range.clone() {
        out.push(ptb_form(doc, range.clone(), i));
    }
}

/// The dependency parse of the tokens `range` of `doc`: their text as written, and whether
/// white space follows each (the parser's input; the treebank spellings of [`ptb_form`] are
/// for the perceptron tagger only).
pub fn parse_tokens(parser: &DepParser, doc: &Doc, range: Range<usize>) -> Parse {
    let range = range.start.min(doc.tokens.len())..range.end.min(doc.tokens.len());
    let mut words: Vec<&str> = Vec::with_capacity(range.len());
    let mut spaces: Vec<bool> = Vec::with_capacity(range.len());
    for i in range {
        let span = doc.tokens[i].span;
        words.push(doc.slice(span));
        let next = doc
            .tokens
            .get(i + 1)
            .map_or(doc.text().len(), |t| t.span.start as usize);
        spaces.push(next > span.end as usize);
    }
    parser.parse(&words, &spaces)
}

/// The token ranges the document is tagged in: its sentences, and any tokens outside them
/// (a document without the sentence layer is one range).
pub fn segments(doc: &Doc) -> Vec<Range<usize>> {
    let n = doc.tokens.len();
    let mut out = Vec::with_capacity(doc.sentences.len() + 1);
    let mut at = 0;
    for s in &doc.sentences {
        let start = (s.tokens.start as usize).clamp(at, n);
        let end = (s.tokens.end as usize).clamp(start, n);
        if start > at {
            out.push(at..start);
        }
        if end > start {
            out.push(start..end);
        }
        at = end;
    }
    if at < n {
        out.push(at..n);
    }
    out
}

/// One tag per token of `doc`.
pub fn tag_doc(tagger: &Tagger, doc: &Doc) -> Vec<Tag> {
    let mut tags = Vec::with_capacity(doc.tokens.len());
    let mut words = Vec::new();
    let mut seq = tagger.sequence();
    for range in segments(doc) {
        words.clear();
        sentence_words(doc, range, &mut words);
        seq.tag_sentence(&words, &mut tags);
    }
    tags
}

/// The chunks of one sentence; their token indexes are relative to `tokens.start`.
#[derive(Debug, Clone)]
pub struct SentenceSyntax {
    pub tokens: Range<usize>,
    pub chunks: Chunks,
}

/// Tags and chunks of a whole document.
#[derive(Debug, Clone)]
pub struct DocSyntax {
    /// One per token.
    pub tags: Vec<Tag>,
    pub sentences: Vec<SentenceSyntax>,
}

/// Tags `doc` and chunks each of its sentences.
pub fn analyze_doc(tagger: &Tagger, doc: &Doc) -> DocSyntax {
    let tags = tag_doc(tagger, doc);
    let mut words = Vec::new();
    let sentences = segments(doc)
        .into_iter()
        .map(|range| {
            words.clear();
            sentence_words(doc, range.clone(), &mut words);
            let chunks = chunk(&words, &tags[range.clone()]);
            SentenceSyntax {
                tokens: range,
                chunks,
            }
        })
        .collect();
    DocSyntax { tags, sentences }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::Metadata;

    fn doc(text: &str) -> Doc {
        let mut d = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
        dateline_text::segment(&mut d);
        d
    }

    fn forms(d: &Doc) -> Vec<&str> {
        let mut out = Vec::new();
        for r in segments(d) {
            sentence_words(d, r, &mut out);
        }
        out
    }

    #[test]
    fn punctuation_is_spelled_as_in_the_treebank() {
        let d = doc("He said “no” (twice) — and 'maybe' ... \"Why?\" can't [x] {y}");
        assert_eq!(
            forms(&d),
            [
                "He", "said", "``", "no", "''", "-LRB-", "twice", "-RRB-", "--", "and", "`",
                "maybe", "'", "...", "``", "Why", "?", "''", "ca", "n't", "-LRB-", "x", "-RRB-",
                "-LCB-", "y", "-RCB-"
            ]
        );
    }

    #[test]
    fn segments_cover_every_token_once() {
        let mut d = doc("One. Two three. Four");
        let n = d.tokens.len();
        let covered: usize = segments(&d).iter().map(|r| r.len()).sum();
        assert_eq!(covered, n);
        d.sentences.clear();
        assert_eq!(segments(&d), vec![0..n]);
        let empty = doc("");
        assert!(segments(&empty).is_empty());
    }

    #[test]
    fn a_document_gets_one_tag_per_token() {
        let mut b = crate::TaggerBuilder::new();
        b.class(Tag::Nn)
            .class(Tag::Period)
            .word_tag(".", Tag::Period);
        let t = b.build().unwrap();
        let d = doc("Germany lodged a protest. Turkey rejected it.");
        let tags = tag_doc(&t, &d);
        assert_eq!(tags.len(), d.tokens.len());
        assert_eq!(tags[4], Tag::Period);
        let s = analyze_doc(&t, &d);
        assert_eq!(s.sentences.len(), 2);
        assert_eq!(s.sentences[1].tokens, 5..9);
    }
}
