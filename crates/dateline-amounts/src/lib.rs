//! Amounts in news: money with its currency and scale, percentages, and counts of people
//! or things.
//!
//! GDELT reduces a story to "Amounts" and "Counts" (a number and the thing counted); users
//! want to sort and sum them, so every figure here is normalised to one number ("$7.2
//! million" → 7200000, "€3bn" → 3000000000) with a unit: an ISO 4217 code for money,
//! `percent` for percentages (the figure GDELT leaves out), or the counted noun for counts
//! ("two million refugees" → 2000000 `refugees`). Hedges the text puts on a number ("more
//! than", "up to", "thousands of") are kept as a `bound` and a `vague` flag, not dropped.
//!
//! [`AmountTagger`] works on tokens sentence by sentence: each token is classified once
//! through tables built in [`AmountTagger::new`] (currency signs, codes and names, scale
//! words, number words, hedges); a number is then read with what surrounds it in a bounded
//! window, so a document costs time linear in its tokens. Numbers that belong to something
//! else — years, dates, times of day, ages, durations, ordinals, scores — are left alone.
//! A figure too large for an `f64` (or not finite) is skipped rather than emitted as
//! infinity.

mod lexicon;
mod number;

use dateline_doc::{Amount, Doc, Layer, Provenance, Span, Token, TokenKind};
use lexicon::{Lexicon, Word};

/// The component name recorded in provenance.
pub const COMPONENT: &str = "amounts";

/// Finds amounts. Build once, share between threads.
pub struct AmountTagger {
    lexicon: Lexicon,
}

impl Default for AmountTagger {
    fn default() -> Self {
        AmountTagger::new()
    }
}

impl AmountTagger {
    pub fn new() -> AmountTagger {
        AmountTagger {
            lexicon: Lexicon::new(),
        }
    }

    /// Adds [`Layer::Amounts`] to a document that has tokens and sentences.
    pub fn run(&self, doc: &mut Doc) {
        let amounts = self.find(doc);
        doc.amounts = amounts;
        doc.mark_done(
            Layer::Amounts,
            Provenance::rule(COMPONENT, "amount-rules-v1"),
        );
    }

    /// The amounts of `doc`, in text order.
    pub fn find(&self, doc: &Doc) -> Vec<Amount> {
        let text = doc.normalized_text();
        let mut out = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut low: Vec<(u32, u32)> = Vec::new();
        let mut buf = String::new();
        for sentence in &doc.sentences {
            let toks = doc.sentence_tokens(sentence);
            words.clear();
            low.clear();
            buf.clear();
            let mut any = false;
            for t in toks {
                let s = &text[t.norm.range()];
                let start = buf.len() as u32;
                for c in s.chars() {
                    buf.push(c.to_ascii_lowercase());
                }
                low.push((start, buf.len() as u32));
                let w = if s.len() <= 24 {
                    self.lexicon.get(&buf[start as usize..])
                } else {
                    Word::Other
                };
                any |= t.kind == TokenKind::Number || w.starts_number() || s.contains('-');
                words.push(w);
            }
            if !any {
                continue;
            }
            let s = number::Sentence {
                toks,
                text,
                words: &words,
                low: &low,
                buf: &buf,
                lexicon: &self.lexicon,
            };
            let mut i = 0;
            while i < toks.len() {
                match s.at(i) {
                    Some(a) if a.end > i => {
                        if a.value.is_finite() {
                            out.push(to_amount(&a, toks));
                        }
                        i = a.end;
                    }
                    _ => i += 1,
                }
            }
        }
        out
    }
}

fn to_amount(a: &number::Found, toks: &[Token]) -> Amount {
    Amount {
        span: Span::new(
            toks[a.start].span.start as usize,
            toks[a.end - 1].span.end as usize,
        ),
        value: a.value,
        unit: a.unit.clone(),
        kind: a.kind,
        bound: a.bound,
        vague: a.vague,
        provenance: Provenance::rule(COMPONENT, a.rule),
    }
}
