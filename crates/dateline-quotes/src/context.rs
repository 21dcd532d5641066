//! Per-document indexes that the speaker rules read: which actor and entity each token
//! belongs to, which tokens are inside quotation marks, and each token's paragraph and
//! sentence. Built once per document in linear time, so every rule is a look-up.

use crate::lexicon::{Cue, NO_CUE, QuoteLexicon};
use dateline_doc::{ActorKind, Doc, MentionKind, Span, TokenKind};

pub const NONE: u32 = u32::MAX;

pub struct Context<'a> {
    pub doc: &'a Doc,
    /// Token → actor whose mention covers it.
    pub actor_at: Vec<u32>,
    /// Token → the kind of that mention.
    pub mention_kind_at: Vec<Option<MentionKind>>,
    /// Token → entity covering it (entities without an actor included).
    pub entity_at: Vec<u32>,
    /// Token → inside a direct quotation (marks included).
    pub in_quote: Vec<bool>,
    pub paragraph_of: Vec<u32>,
    pub sentence_of: Vec<u32>,
    /// For word tokens that have capitals, the byte range of their lower-cased
    /// normalized form in `lower_text` (the others are read from the normalized text);
    /// `(0, 0)` otherwise. One buffer per document, no allocation per token.
    lower_at: Vec<(u32, u32)>,
    lower_text: String,
    /// Token → cue index ([`QuoteLexicon::cue_id`]), looked up once per document.
    cue_at: Vec<u16>,
    lex: &'a QuoteLexicon,
}

/// The tokens a span covers, as a range of token indexes.
fn token_range(doc: &Doc, span: Span) -> std::ops::Range<usize> {
    let a = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let b = doc.tokens.partition_point(|t| t.span.start < span.end);
    a..b.max(a)
}

/// Token → index of the covering item, for items given as spans.
fn cover(doc: &Doc, spans: impl Iterator<Item = (Span, u32)>) -> Vec<u32> {
    let mut at = vec![NONE; doc.tokens.len()];
    for (span, index) in spans {
        for slot in &mut at[token_range(doc, span)] {
            *slot = index;
        }
    }
    at
}

/// Token → index of the covering segment (segments in order, covering every token).
fn segment_of(doc: &Doc, spans: &[Span]) -> Vec<u32> {
    let mut out = Vec::with_capacity(doc.tokens.len());
    let mut s = 0;
    for t in &doc.tokens {
        while s + 1 < spans.len() && spans[s].end <= t.span.start {
            s += 1;
        }
        out.push(s as u32);
    }
    out
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Doc, lex: &'a QuoteLexicon) -> Context<'a> {
        let mut actor_at = vec![NONE; doc.tokens.len()];
        let mut mention_kind_at = vec![None; doc.tokens.len()];
        for (i, a) in doc.actors.iter().enumerate() {
            for m in &a.mentions {
                for t in token_range(doc, m.span) {
                    actor_at[t] = i as u32;
                    mention_kind_at[t] = Some(m.kind);
                }
            }
        }
        let entity_at = cover(
            doc,
            doc.entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.span, i as u32)),
        );
        let paragraphs: Vec<Span> = doc.paragraphs.iter().map(|p| p.span).collect();
        let sentences: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
        let mut lower_at = vec![(0u32, 0u32); doc.tokens.len()];
        let mut lower_text = String::new();
        let mut cue_at = vec![NO_CUE; doc.tokens.len()];
        for (i, t) in doc.tokens.iter().enumerate() {
            if !matches!(
                t.kind,
                TokenKind::Word | TokenKind::Abbreviation | TokenKind::Clitic
            ) {
                continue;
            }
            let norm = doc.token_norm(t);
            let lower = if norm.bytes().any(|b| b.is_ascii_uppercase())
                || (!norm.is_ascii() && norm.chars().any(char::is_uppercase))
            {
                let start = lower_text.len();
                if norm.is_ascii() {
                    lower_text.extend(norm.bytes().map(|b| b.to_ascii_lowercase() as char));
                } else {
                    lower_text.push_str(&norm.to_lowercase());
                }
                lower_at[i] = (start as u32, lower_text.len() as u32);
                &lower_text[start..]
            } else {
                norm
            };
            cue_at[i] = lex.cue_id(lower);
        }
        Context {
            doc,
            actor_at,
            mention_kind_at,
            entity_at,
            in_quote: vec![false; doc.tokens.len()],
            paragraph_of: segment_of(doc, &paragraphs),
            sentence_of: segment_of(doc, &sentences),
            lower_at,
            lower_text,
            cue_at,
            lex,
        }
    }

    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    /// The lower-cased word at `i` ("" for punctuation and marks).
    #[inline]
    pub fn lower(&self, i: usize) -> &str {
        let (a, b) = self.lower_at[i];
        if a < b {
            return &self.lower_text[a as usize..b as usize];
        }
        match self.doc.tokens[i].kind {
            TokenKind::Word | TokenKind::Abbreviation | TokenKind::Clitic => {
                self.doc.token_norm(&self.doc.tokens[i])
            }
            _ => "",
        }
    }

    /// The cue word at `i` (a speech verb, or a cue verb or noun), if any.
    #[inline]
    pub fn cue(&self, i: usize) -> Option<Cue<'a>> {
        self.lex.cue_of(self.cue_at[i])
    }

    /// The original text of token `i`.
    #[inline]
    pub fn text(&self, i: usize) -> &'a str {
        self.doc.slice(self.doc.tokens[i].span)
    }

    #[inline]
    pub fn kind(&self, i: usize) -> TokenKind {
        self.doc.tokens[i].kind
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        matches!(self.kind(i), TokenKind::Word | TokenKind::Abbreviation)
            && self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    pub fn actor(&self, i: usize) -> Option<u32> {
        let a = self.actor_at[i];
        (a != NONE).then_some(a)
    }

    pub fn actor_kind(&self, actor: u32) -> ActorKind {
        self.doc.actors[actor as usize].kind
    }

    pub fn is_person(&self, actor: u32) -> bool {
        self.actor_kind(actor) == ActorKind::Person
    }

    /// Token `i` starts a new paragraph.
    pub fn starts_paragraph(&self, i: usize) -> bool {
        i == 0 || self.paragraph_of[i - 1] != self.paragraph_of[i]
    }

    pub fn starts_sentence(&self, i: usize) -> bool {
        i == 0 || self.sentence_of[i - 1] != self.sentence_of[i]
    }

    /// Token range of the sentence holding token `i`.
    pub fn sentence_range(&self, i: usize) -> std::ops::Range<usize> {
        let s = &self.doc.sentences[self.sentence_of[i] as usize];
        s.tokens.start as usize..s.tokens.end as usize
    }

    /// The span of tokens `a..b` (non-empty).
    pub fn span(&self, a: usize, b: usize) -> Span {
        self.doc.tokens[a].span.cover(self.doc.tokens[b - 1].span)
    }
}
