//! Tone scores in the shape of GDELT V2Tone, per document and per sentence.
//!
//! One pass over the tokens. A *word* is a token of kind word, abbreviation or number (clitics
//! such as "'s" and "n't" are not words of their own; "n't" negates). For each word:
//!
//! * a **negator** ("not", "n't", "no", "never", "without" …) opens a negation scope over
//!   the next three words; a **booster** ("very", "extremely" …) or **dampener**
//!   ("slightly", "somewhat" …) sets the weight of the next scored word within two words;
//!   punctuation (commas, colons, terminal marks, dashes), a sentence start, and "but",
//!   "yet", "however", "although", "though", "while" close both scopes. Negators and
//!   intensifiers are not scored themselves;
//! * a word with a lexicon valence `v` (lower-cased normalized form, looked up whole) is
//!   *scored*, unless it lies inside an entity span ("United States", "Peace Corps") or is
//!   one of a few words that news prose uses as function words ("like", "kind", "well" …).
//!   Inside a negation scope its valence becomes `-0.74 · v` (VADER's negation constant);
//!   it counts with weight `w` = the intensifier's factor (1.3 for boosters, 0.7 for
//!   dampeners) or 1;
//! * a verb of action (`lists::ACTION_VERBS` and its inflections) is an *activity* word;
//!   a first- or second-person pronoun (I, me, my, we, us, our, you, your …) a *self/group
//!   reference*.
//!
//! With `N` words, over the document or one sentence:
//!
//! | GDELT V2Tone field | here |
//! |---|---|
//! | Positive Score | `100 · Σ w` over scored words whose valence is > 0, `/ N` |
//! | Negative Score | `100 · Σ w` over scored words whose valence is < 0, `/ N` (a positive number, as in GDELT) |
//! | Tone | Positive − Negative (-100 … 100) |
//! | Polarity | Positive + Negative: the share of emotionally charged words |
//! | Activity Reference Density | `100 · (activity words) / N` |
//! | Self/Group Reference Density | `100 · (first/second-person pronouns) / N` |
//! | Word Count | `N` |
//!
//! What is approximated: GDELT's own tone dictionary and its activity dictionary are not
//! public; here the valences come from the VADER lexicon (7,500 entries rated by ten people,
//! tuned to social media but fine for news) and activity from a verb list written for
//! dateline (physical, military, diplomatic, economic and legal acts; not speech or
//! cognition). As in GDELT the scores count words (weighted only by intensifiers), not the
//! strength of each valence: the VADER magnitude decides only the sign. The scored words are
//! kept in [`Tone::words`] as evidence.

use crate::lexicon::ToneLexicon;
use crate::lists::{
    INTENSIFIERS, NEGATORS, NOT_SCORED, SCOPE_BREAKERS, SELF_GROUP, is_action_verb,
};
use dateline_doc::{Doc, Layer, Provenance, Span, TokenKind, Tone, ToneScores};
use std::sync::Arc;

/// The component name recorded in provenance.
pub const COMPONENT: &str = "tone";
/// The rule set (lexicon + this crate's lists and formulas).
pub const RULE: &str = "vader-gdelt-v2tone-v1";

/// VADER's scalar for a negated valence.
const NEGATION_SCALAR: f32 = -0.74;
/// How many words a negator reaches.
const NEGATION_REACH: u8 = 3;
/// How many words an intensifier reaches.
const INTENSIFIER_REACH: u8 = 2;

/// Scores tone with a lexicon; built once, shared by every worker.
#[derive(Debug, Clone)]
pub struct ToneScorer {
    lexicon: Arc<ToneLexicon>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    words: u32,
    positive: f64,
    negative: f64,
    active: u32,
    self_group: u32,
}

/// One token's part of the tallies in two bytes (a `Tally` per token took 32: a document
/// of ten megabytes has two million tokens). `weight` indexes the few distinct weights a
/// document uses (1 and the intensifiers' factors), so [`Mark::tally`] gives back exactly
/// the `Tally` the token made.
#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    flags: u8,
    weight: u8,
}

const WORD: u8 = 1;
const ACTIVE: u8 = 2;
const SELF_GROUP_WORD: u8 = 4;
const POSITIVE: u8 = 8;
const NEGATIVE: u8 = 16;

// Every weight is 1 or an intensifier's factor: they fit the byte.
const _: () = assert!(INTENSIFIERS.len() < 255);

impl Mark {
    fn tally(self, weights: &[f64]) -> Tally {
        let w = weights.get(self.weight as usize).copied().unwrap_or(0.0);
        Tally {
            words: u32::from(self.flags & WORD != 0),
            positive: if self.flags & POSITIVE != 0 { w } else { 0.0 },
            negative: if self.flags & NEGATIVE != 0 { w } else { 0.0 },
            active: u32::from(self.flags & ACTIVE != 0),
            self_group: u32::from(self.flags & SELF_GROUP_WORD != 0),
        }
    }
}

/// The index of `w` in `weights`, added if new.
fn weight_index(weights: &mut Vec<f64>, w: f64) -> u8 {
    match weights.iter().position(|x| x.to_bits() == w.to_bits()) {
        Some(i) => i as u8,
        None => {
            weights.push(w);
            (weights.len() - 1) as u8
        }
    }
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.words += o.words;
        self.positive += o.positive;
        self.negative += o.negative;
        self.active += o.active;
        self.self_group += o.self_group;
    }

    fn scores(&self) -> ToneScores {
        if self.words == 0 {
            return ToneScores::default();
        }
        let n = f64::from(self.words);
        let positive = 100.0 * self.positive / n;
        let negative = 100.0 * self.negative / n;
        ToneScores {
            tone: positive - negative,
            positive,
            negative,
            polarity: positive + negative,
            activity_density: 100.0 * f64::from(self.active) / n,
            self_group_density: 100.0 * f64::from(self.self_group) / n,
            word_count: self.words,
        }
    }
}

impl ToneScorer {
    pub fn new(lexicon: impl Into<Arc<ToneLexicon>>) -> ToneScorer {
        ToneScorer {
            lexicon: lexicon.into(),
        }
    }

    /// Adds the `tone` layer (needs tokens and sentences; uses entities when present).
    pub fn run(&self, doc: &mut Doc) {
        let tone = self.score(doc);
        doc.tone = Some(tone);
        doc.mark_done(Layer::Tone, Provenance::rule(COMPONENT, RULE));
    }

    /// The tone of `doc` without changing it.
    pub fn score(&self, doc: &Doc) -> Tone {
        let mut entity_spans: Vec<Span> = doc.entities.iter().map(|e| e.span).collect();
        entity_spans.sort_unstable();
        let mut next_entity = 0usize;

        let mut per_token: Vec<Mark> = vec![Mark::default(); doc.tokens.len()];
        let mut weights: Vec<f64> = Vec::new();
        let mut words: Vec<(Span, f32, &'static str)> = Vec::new();
        let sentence_starts: Vec<u32> = doc.sentences.iter().map(|s| s.tokens.start).collect();
        let mut next_sentence = 0usize;

        let mut negation_left = 0u8;
        let mut intensifier: Option<(f64, u8)> = None;
        let mut lower = String::new();

        for (i, token) in doc.tokens.iter().enumerate() {
            while next_sentence < sentence_starts.len()
                && sentence_starts[next_sentence] as usize <= i
            {
                if sentence_starts[next_sentence] as usize == i {
                    negation_left = 0;
                    intensifier = None;
                }
                next_sentence += 1;
            }
            match token.kind {
                TokenKind::Word | TokenKind::Abbreviation | TokenKind::Number => {}
                TokenKind::Clitic => {
                    if doc.token_norm(token).eq_ignore_ascii_case("n't") {
                        negation_left = NEGATION_REACH;
                    }
                    continue;
                }
                TokenKind::Terminal | TokenKind::Punct | TokenKind::Dash => {
                    negation_left = 0;
                    intensifier = None;
                    continue;
                }
                _ => continue,
            }
            lower.clear();
            for c in doc.token_norm(token).chars() {
                lower.extend(c.to_lowercase());
            }
            let w = lower.as_str();
            let mark = &mut per_token[i];
            mark.flags |= WORD;
            if SCOPE_BREAKERS.contains(&w) {
                negation_left = 0;
                intensifier = None;
                continue;
            }
            if NEGATORS.contains(&w) {
                negation_left = NEGATION_REACH;
                continue;
            }
            if let Some(&(_, factor)) = INTENSIFIERS.iter().find(|(x, _)| *x == w) {
                intensifier = Some((factor, INTENSIFIER_REACH));
                negation_left = negation_left.saturating_sub(1);
                continue;
            }
            if SELF_GROUP.contains(&w) {
                mark.flags |= SELF_GROUP_WORD;
            }
            if is_action_verb(w) {
                mark.flags |= ACTIVE;
            }
            while next_entity < entity_spans.len()
                && entity_spans[next_entity].end <= token.span.start
            {
                next_entity += 1;
            }
            let in_entity = entity_spans
                .get(next_entity)
                .is_some_and(|e| e.start <= token.span.start && token.span.end <= e.end);
            let valence = if in_entity || NOT_SCORED.contains(&w) {
                None
            } else {
                self.lexicon.valence(w)
            };
            if let Some(v) = valence.filter(|v| *v != 0.0) {
                let negated = negation_left > 0;
                let (weight, boosted) = match intensifier {
                    Some((f, _)) => (f, Some(f > 1.0)),
                    None => (1.0, None),
                };
                let v = if negated { v * NEGATION_SCALAR } else { v };
                mark.flags |= if v > 0.0 { POSITIVE } else { NEGATIVE };
                mark.weight = weight_index(&mut weights, weight);
                let rule = match (negated, boosted) {
                    (false, None) => Tone::LEXICON,
                    (true, None) => Tone::NEGATED,
                    (false, Some(true)) => Tone::BOOSTED,
                    (false, Some(false)) => Tone::DAMPENED,
                    (true, Some(true)) => Tone::NEGATED_BOOSTED,
                    (true, Some(false)) => Tone::NEGATED_DAMPENED,
                };
                words.push((token.span, v * weight as f32, rule));
                intensifier = None;
            }
            negation_left = negation_left.saturating_sub(1);
            intensifier = intensifier.and_then(|(f, left)| (left > 1).then_some((f, left - 1)));
        }

        let mut document = Tally::default();
        for t in &per_token {
            document.add(&t.tally(&weights));
        }
        let sentences = doc
            .sentences
            .iter()
            .map(|s| {
                let mut tally = Tally::default();
                let range = s.tokens.start as usize..(s.tokens.end as usize).min(per_token.len());
                for t in per_token.get(range).unwrap_or_default() {
                    tally.add(&t.tally(&weights));
                }
                (s.span, tally.scores())
            })
            .collect();
        Tone {
            document: document.scores(),
            sentences,
            words,
            provenance: Provenance::rule(COMPONENT, RULE),
        }
    }
}
