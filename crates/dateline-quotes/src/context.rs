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
    /// Last word of a person's name, ASCII lower case → the first such person (a
    /// transcript's speaker label: "PENCE:").
    pub person_by_last_word: foldhash::HashMap<String, u32>,
    /// Last word of a role, ASCII lower case → the one actor holding such a role, or
    /// `None` when several do ("the president" is someone only when one actor is).
    pub role_holder: foldhash::HashMap<String, Option<u32>>,
    /// An organisation's head noun, ASCII lower case → the one organisation so named, or
    /// `None` when several are ("the ministry" is a body only when one ministry is named);
    /// asked only for a word no person's role ends with.
    pub body_holder: foldhash::HashMap<String, Option<u32>>,
    /// Running counts over `in_quote`, made on first need (once `in_quote` is final).
    counts: std::cell::OnceCell<QuoteCounts>,
    /// The first actor of a long range ([`crate::speakers::Finder::first_actor`]): every
    /// quotation of a sentence of thousands of tokens asks it of the same sentence.
    pub first_actor_memo: std::cell::RefCell<
        foldhash::HashMap<(usize, usize, bool), Option<crate::speakers::Speaker>>,
    >,
}

/// Per token position p, how many tokens before p are inside quotation marks, and how many
/// are commas outside them: "is any token of `a..b` quoted?" costs two look-ups, which
/// keeps a sentence of thousands of tokens with many cues linear.
struct QuoteCounts {
    quoted: Vec<u32>,
    commas: Vec<u32>,
}

/// Ranges up to this many tokens are scanned; longer ones use [`QuoteCounts`].
const SCAN: usize = 64;

/// Token → index of the covering item, for items given as spans (a later item wins).
fn cover(doc: &Doc, spans: impl Iterator<Item = (Span, u32)>) -> Vec<u32> {
    let mut at = vec![NONE; doc.tokens.len()];
    let (spans, indexes): (Vec<Span>, Vec<u32>) = spans.unzip();
    for (r, index) in doc.token_ranges(&spans).into_iter().zip(indexes) {
        for slot in &mut at[r] {
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
        let spans: Vec<Span> = doc
            .actors
            .iter()
            .flat_map(|a| a.mentions.iter().map(|m| m.span))
            .collect();
        let mut ranges = doc.token_ranges(&spans).into_iter();
        for (i, a) in doc.actors.iter().enumerate() {
            for m in &a.mentions {
                for t in ranges.next().unwrap_or(0..0) {
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
        let mut person_by_last_word = foldhash::HashMap::default();
        let mut role_holder: foldhash::HashMap<String, Option<u32>> = foldhash::HashMap::default();
        let mut body_holder: foldhash::HashMap<String, Option<u32>> = foldhash::HashMap::default();
        for (i, a) in doc.actors.iter().enumerate() {
            if a.kind == ActorKind::Person
                && let Some(last) = a.name.rsplit(' ').next()
            {
                person_by_last_word
                    .entry(last.to_ascii_lowercase())
                    .or_insert(i as u32);
            }
            let mut words: Vec<String> = a
                .roles
                .iter()
                .filter_map(|r| r.rsplit(' ').next())
                .map(str::to_ascii_lowercase)
                .collect();
            // An organisation is the holder of its head noun: "the ministry" is the one
            // "Foreign Ministry" or "Ministry of Defence" of the story, "the agency" its
            // one "International Atomic Energy Agency" (the word before the first "of",
            // else the last word).
            if a.kind == ActorKind::Organisation {
                let name = a.name.split_once(" of ").map_or(a.name.as_str(), |x| x.0);
                if let Some(head) = name
                    .rsplit(' ')
                    .next()
                    .filter(|h| h.len() > 2 && h.chars().skip(1).all(|c| c.is_ascii_lowercase()))
                {
                    body_holder
                        .entry(head.to_ascii_lowercase())
                        .and_modify(|holder| *holder = None)
                        .or_insert(Some(i as u32));
                }
            }
            words.sort_unstable();
            words.dedup();
            for w in words {
                role_holder
                    .entry(w)
                    .and_modify(|holder| *holder = None)
                    .or_insert(Some(i as u32));
            }
        }
        Context {
            person_by_last_word,
            role_holder,
            body_holder,
            counts: std::cell::OnceCell::new(),
            first_actor_memo: Default::default(),
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

    /// Only valid once `in_quote` is final (the speaker rules run after the pairing).
    fn counts(&self) -> &QuoteCounts {
        self.counts.get_or_init(|| {
            let n = self.len();
            let mut c = QuoteCounts {
                quoted: Vec::with_capacity(n + 1),
                commas: Vec::with_capacity(n + 1),
            };
            let (mut q, mut k) = (0u32, 0u32);
            for i in 0..n {
                c.quoted.push(q);
                c.commas.push(k);
                q += u32::from(self.in_quote[i]);
                k += u32::from(!self.in_quote[i] && self.text(i) == ",");
            }
            c.quoted.push(q);
            c.commas.push(k);
            c
        })
    }

    /// Some token of `a..b` is inside quotation marks.
    pub fn any_quoted(&self, a: usize, b: usize) -> bool {
        if b <= a + SCAN {
            return (a..b).any(|i| self.in_quote[i]);
        }
        let c = self.counts();
        c.quoted[b] > c.quoted[a]
    }

    /// Some token of `a..b` is a comma outside quotation marks.
    pub fn any_comma_outside_quotes(&self, a: usize, b: usize) -> bool {
        if b <= a + SCAN {
            return (a..b).any(|i| !self.in_quote[i] && self.text(i) == ",");
        }
        let c = self.counts();
        c.commas[b] > c.commas[a]
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

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::Metadata;

    #[test]
    fn token_ranges_agree_with_binary_searches() {
        let mut doc = Doc::new(
            Metadata::with_id("t"),
            "“We will act,” said Maria Lopez. Trump's aides met in Paris, Texas.".to_string(),
        )
        .unwrap();
        dateline_text::segment(&mut doc);
        let len = doc.text().len();
        let mut spans: Vec<Span> = Vec::new();
        for a in 0..len {
            for b in [a, a + 1, a + 4, a + 20] {
                spans.push(Span::new(a, b.min(len)));
            }
        }
        spans.reverse();
        for (span, r) in spans.iter().zip(doc.token_ranges(&spans)) {
            let a = doc.tokens.partition_point(|t| t.span.end <= span.start);
            let b = doc.tokens.partition_point(|t| t.span.start < span.end);
            assert_eq!(r, a..b.max(a), "{span:?}");
        }
    }
}
