//! Substance: which statements commit someone to something concrete.
//!
//! Summit coverage is full of statements that sound like results and commit nobody
//! ("productive talks", "shared understandings", "wide areas of agreement"). No peer system
//! measures this; analysts do it by hand. This module marks each statement and gives the
//! document the share of concrete ones, with the words that decided it.
//!
//! ## Statements
//!
//! A statement is one utterance of the `quotes` layer: the quote spans that share an
//! utterance number (a quotation split by "he said" is one statement), of kind utterance,
//! fragment or indirect (reported speech: its content clause). Scare quotes are not
//! statements. Only the statement's own words (its parts) are read.
//!
//! ## Evidence found in a statement's words
//!
//! * **actor**: a mention of an actor (name, pronoun, metonym, demonym) or an entity of
//!   label PERSON, ORG, GPE or NORP; in a direct quotation with a known speaker, also "I",
//!   "we", "me", "us", "my", "our" (the speaker commits);
//! * **action**: a verb of action (`lists::ACTION_VERBS`: sign, withdraw, deploy, pay, meet,
//!   impose, release … in any form), not negated;
//! * **date**: a time expression of the `times` layer of type date or time with a value, or a
//!   duration right after "within" or "by" (a deadline);
//! * **number**: an amount of the `amounts` layer that is not vague ("some", "many" are), or a
//!   number token outside any time expression;
//! * **place**: a place of the `places` layer;
//! * **mechanism**: a noun of `lists::MECHANISMS` (treaty, agreement, ceasefire, deadline,
//!   sanctions, inspections, roadmap …) that is specific (after a determiner or a number,
//!   or capitalized inside a name: "the Minsk Agreement") and not negated;
//! * **evaluation**: a word or phrase of `lists::EVALUATIONS` ("productive",
//!   "constructive", "useful", "positive", "shared understandings", "wide areas of
//!   agreement", "step forward" …), longest match first;
//! * **hedge**: a word or phrase of `lists::HEDGES` ("might", "could", "may" in lower case,
//!   "possibly", "perhaps", "hope", "at least not for now" …), longest match first;
//! * **negated**: a mechanism or action within three words after a negator ("no deal",
//!   "not sign").
//!
//! ## Classes
//!
//! 1. **hedge** when a hedge is present (a commitment that "might" happen commits nobody);
//! 2. else **concrete** when the statement has an actor, an action, and at least one anchor
//!    (date, number, place or mechanism);
//! 3. else **vague**, with the reason: "evaluation only" when an evaluation is present,
//!    else "denies a commitment" when a mechanism or action is negated ("no deal"),
//!    otherwise what is missing ("no actor or action", "no action", "no actor", "no date,
//!    number, place or mechanism").
//!
//! The document's `ratio` is concrete statements ÷ all statements (0 when there are none).
//!
//! Limits: words are matched, not parsed, so the actor need not be the subject of the action
//! ("Russia" and "withdraw" in one statement count even if Russia is the one withdrawn
//! from), and a concrete commitment inside an otherwise hedged statement is classed as a
//! hedge.

use crate::lists::{
    ACTION_VERBS, DETERMINERS, EVALUATIONS, HEDGES, MECHANISMS, NEGATORS, is_action_verb,
};
use dateline_doc::{
    Doc, EntityLabel, Layer, Provenance, Quote, Span, Statement, Substance, TimeExpr, TokenKind,
};
use foldhash::{HashSet, HashSetExt};
use std::collections::BTreeMap;

/// The component name recorded in provenance.
pub const COMPONENT: &str = "substance";
/// The rule set.
pub const RULE: &str = "substance-rules-v1";

/// Marks statements as concrete, vague or hedged; built once, shared by every worker.
#[derive(Debug, Clone)]
pub struct SubstanceScorer {
    /// Evaluation and hedge phrases split into words, longest first.
    evaluations: Vec<Vec<&'static str>>,
    hedges: Vec<Vec<&'static str>>,
}

impl Default for SubstanceScorer {
    fn default() -> Self {
        SubstanceScorer::new()
    }
}

fn phrases(list: &[&'static str]) -> Vec<Vec<&'static str>> {
    let mut v: Vec<Vec<&'static str>> = list
        .iter()
        .map(|p| p.split(' ').collect::<Vec<_>>())
        .collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.len()));
    v
}

/// A word of a statement: token index, span, lower-cased normalized form.
struct Word {
    span: Span,
    lower: String,
    original: String,
    kind: TokenKind,
}

impl SubstanceScorer {
    pub fn new() -> SubstanceScorer {
        debug_assert!(!ACTION_VERBS.is_empty());
        SubstanceScorer {
            evaluations: phrases(EVALUATIONS),
            hedges: phrases(HEDGES),
        }
    }

    /// Adds the `substance` layer (needs quotes; uses actors, entities, times, places and
    /// amounts when present).
    pub fn run(&self, doc: &mut Doc) {
        let substance = self.score(doc);
        doc.substance = Some(substance);
        doc.mark_done(Layer::Substance, Provenance::rule(COMPONENT, RULE));
    }

    /// The substance of `doc` without changing it.
    pub fn score(&self, doc: &Doc) -> Substance {
        let mut utterances: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
        let mut first_start: BTreeMap<u32, u32> = BTreeMap::new();
        for (i, q) in doc.quotes.iter().enumerate() {
            if q.kind == Quote::SCARE {
                continue;
            }
            let start = *first_start.entry(q.utterance).or_insert(q.span.start);
            utterances
                .entry((start, q.utterance))
                .or_default()
                .push(i as u32);
        }
        let index = SpanIndex::new(doc);
        let statements: Vec<Statement> = utterances
            .into_values()
            .map(|quotes| self.statement(doc, &index, quotes))
            .collect();
        let count = |class: &str| statements.iter().filter(|s| s.class == class).count() as u32;
        let concrete = count(Statement::CONCRETE);
        Substance {
            ratio: if statements.is_empty() {
                0.0
            } else {
                f64::from(concrete) / statements.len() as f64
            },
            concrete,
            vague: count(Statement::VAGUE),
            hedged: count(Statement::HEDGE),
            statements,
            provenance: Provenance::rule(COMPONENT, RULE),
        }
    }

    fn statement(&self, doc: &Doc, index: &SpanIndex, quotes: Vec<u32>) -> Statement {
        let mut parts: Vec<Span> = quotes
            .iter()
            .map(|&i| doc.quotes[i as usize].span)
            .collect();
        parts.sort_unstable();
        let first = &doc.quotes[quotes[0] as usize];
        let direct = !first.is_indirect();
        // `parts` is sorted by start; with the largest end so far, "does a part hold (or
        // overlap) this span" is a binary search (a statement can be an utterance of
        // thousands of parts: a quotation reopened paragraph after paragraph).
        let mut reach: Vec<u32> = Vec::with_capacity(parts.len());
        for p in &parts {
            reach.push(reach.last().map_or(p.end, |&r: &u32| r.max(p.end)));
        }
        let inside = |s: Span| {
            let n = parts.partition_point(|p| p.start <= s.start);
            n > 0 && reach[n - 1] >= s.end
        };
        let overlaps = |s: Span| {
            let n = parts.partition_point(|p| p.start < s.end);
            n > 0 && reach[n - 1] > s.start
        };

        let words = statement_words(doc, &parts);
        let words_sorted = words.windows(2).all(|w| w[0].span.start <= w[1].span.start);
        let mut evidence: Vec<(Span, &'static str)> = Vec::new();

        // Phrases: hedges and evaluations, longest match first, no overlap between them.
        let mut taken = vec![false; words.len()];
        let mut has_hedge = false;
        let mut has_evaluation = false;
        for (list, what) in [
            (&self.hedges, Statement::EV_HEDGE),
            (&self.evaluations, Statement::EV_EVALUATION),
        ] {
            let mut i = 0;
            while i < words.len() {
                let hit = list.iter().find(|p| {
                    i + p.len() <= words.len()
                        && (0..p.len()).all(|k| !taken[i + k] && words[i + k].lower == p[k])
                        // "May" the month is not a hedge.
                        && !(p.len() == 1 && p[0] == "may" && words[i].original != "may")
                });
                match hit {
                    Some(p) => {
                        let span = words[i].span.cover(words[i + p.len() - 1].span);
                        evidence.push((span, what));
                        for t in &mut taken[i..i + p.len()] {
                            *t = true;
                        }
                        if what == Statement::EV_HEDGE {
                            has_hedge = true;
                        } else {
                            has_evaluation = true;
                        }
                        i += p.len();
                    }
                    None => i += 1,
                }
            }
        }

        // Actions and mechanisms, with negation.
        let mut has_action = false;
        let mut has_mechanism = false;
        let mut has_negated = false;
        let mut negation_left = 0u8;
        for (i, w) in words.iter().enumerate() {
            if matches!(
                w.kind,
                TokenKind::Terminal | TokenKind::Punct | TokenKind::Dash
            ) {
                negation_left = 0;
                continue;
            }
            let lw = w.lower.as_str();
            if NEGATORS.contains(&lw) {
                negation_left = 3;
                continue;
            }
            let negated = negation_left > 0;
            negation_left = negation_left.saturating_sub(1);
            // Words of a date ("March 3") or a name are not actions or mechanisms.
            if taken[i]
                || covered(&index.times, w.span)
                || (covered(&index.entities, w.span) && !MECHANISMS.contains(&lw))
            {
                continue;
            }
            if MECHANISMS.contains(&lw) {
                let prev = i.checked_sub(1).map(|p| &words[p]);
                let after_determiner = prev.is_some_and(|p| {
                    DETERMINERS.contains(&p.lower.as_str()) || p.kind == TokenKind::Number
                });
                let in_name = w.original.starts_with(|c: char| c.is_uppercase())
                    && prev.is_some_and(|p| p.original.starts_with(|c: char| c.is_uppercase()));
                if negated {
                    evidence.push((w.span, Statement::EV_NEGATED));
                    has_negated = true;
                } else if after_determiner || in_name {
                    evidence.push((w.span, Statement::EV_MECHANISM));
                    has_mechanism = true;
                }
            } else if is_action_verb(lw) {
                if negated {
                    evidence.push((w.span, Statement::EV_NEGATED));
                    has_negated = true;
                } else {
                    evidence.push((w.span, Statement::EV_ACTION));
                    has_action = true;
                }
            }
        }

        // The statement's extent: only annotations near it are looked at.
        let (lo, hi) = (
            parts.first().map_or(0, |p| p.start),
            parts.last().map_or(0, |p| p.end),
        );

        // Actors.
        let mut actor_spans: Vec<Span> = Vec::new();
        for (span, _) in near(&index.mentions, lo, hi) {
            if inside(span) {
                actor_spans.push(span);
            }
        }
        for e in near(&index.entity_order, lo, hi).map(|(_, i)| &doc.entities[i as usize]) {
            if matches!(
                e.label,
                EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Norp
            ) && inside(e.span)
            {
                actor_spans.push(e.span);
            }
        }
        if direct && !first.speakers.is_empty() {
            for w in &words {
                if matches!(w.lower.as_str(), "i" | "we" | "me" | "us" | "my" | "our") {
                    actor_spans.push(w.span);
                }
            }
        }
        actor_spans.sort_unstable();
        actor_spans.dedup();
        let has_actor = !actor_spans.is_empty();
        evidence.extend(actor_spans.iter().map(|&s| (s, Statement::EV_ACTOR)));

        // Anchors: dates, numbers, places.
        let mut anchor: Option<&'static str> = if has_mechanism {
            Some("actor + action + mechanism")
        } else {
            None
        };
        let mut time_spans: Vec<Span> = Vec::new();
        for t in near(&index.time_order, lo, hi).map(|(_, i)| &doc.times[i as usize]) {
            if !overlaps(t.span) {
                continue;
            }
            time_spans.push(t.span);
            let dated = matches!(t.kind, TimeExpr::DATE | TimeExpr::TIME) && t.value.is_some();
            let deadline = t.kind == TimeExpr::DURATION
                && word_just_before(&words, words_sorted, t.span.start)
                    .is_some_and(|p| matches!(words[p].lower.as_str(), "within" | "by"));
            if dated || deadline {
                evidence.push((t.span, Statement::EV_DATE));
                anchor = Some("actor + action + date");
            }
        }
        let mut number_spans: Vec<Span> = Vec::new();
        for a in near(&index.amount_order, lo, hi).map(|(_, i)| &doc.amounts[i as usize]) {
            if overlaps(a.span) && !a.vague {
                number_spans.push(a.span);
            }
        }
        // Numbers not already inside a time or an amount (and each token once): the times
        // and amounts are fixed, so they are looked up sorted; a number word added before
        // can only hold this one if it is the same token (tokens never overlap).
        let in_times = Holders::new(&time_spans);
        let in_amounts = Holders::new(&number_spans);
        let mut added: HashSet<Span> = HashSet::new();
        for w in &words {
            if w.kind == TokenKind::Number
                && !in_times.holds(w.span)
                && !in_amounts.holds(w.span)
                && !added.contains(&w.span)
            {
                added.insert(w.span);
                number_spans.push(w.span);
            }
        }
        if !number_spans.is_empty() {
            anchor.get_or_insert("actor + action + number");
            evidence.extend(number_spans.iter().map(|&s| (s, Statement::EV_NUMBER)));
        }
        for p in near(&index.place_order, lo, hi).map(|(_, i)| &doc.places[i as usize]) {
            if inside(p.span) {
                evidence.push((p.span, Statement::EV_PLACE));
                anchor.get_or_insert("actor + action + place");
            }
        }

        let (class, reason) = if has_hedge {
            (Statement::HEDGE, "hedged")
        } else if has_actor
            && has_action
            && let Some(anchor) = anchor
        {
            (Statement::CONCRETE, anchor)
        } else if has_evaluation {
            (Statement::VAGUE, "evaluation only")
        } else if has_negated {
            (Statement::VAGUE, "denies a commitment")
        } else if !has_action && !has_actor {
            (Statement::VAGUE, "no actor or action")
        } else if !has_action {
            (Statement::VAGUE, "no action")
        } else if !has_actor {
            (Statement::VAGUE, "no actor")
        } else {
            (Statement::VAGUE, "no date, number, place or mechanism")
        };
        evidence.sort_by_key(|(s, _)| *s);
        evidence.dedup();
        let span = parts
            .iter()
            .copied()
            .reduce(Span::cover)
            .unwrap_or_default();
        Statement {
            span,
            parts,
            quotes,
            speakers: first.speakers.clone(),
            class,
            reason,
            evidence,
            provenance: Provenance::rule(COMPONENT, class_rule(class)),
        }
    }
}

/// The first word (in `words` order) that ends at or before `at` and starts less than 8
/// bytes before it: "within" in "within 30 days". Words are in text order unless the
/// statement's parts overlap, in which case they are scanned.
fn word_just_before(words: &[Word], sorted: bool, at: u32) -> Option<usize> {
    let fits = |w: &Word| w.span.end <= at && w.span.start + 8 > at;
    if !sorted {
        return words.iter().position(fits);
    }
    let from = words.partition_point(|w| w.span.start + 8 <= at);
    (from..words.len())
        .take_while(|&i| words[i].span.start <= at)
        .find(|&i| fits(&words[i]))
}

/// Spans sorted by start with the largest end so far: "does one of them contain this
/// span" in O(log n).
struct Holders {
    spans: Vec<Span>,
    reach: Vec<u32>,
}

impl Holders {
    fn new(spans: &[Span]) -> Holders {
        let mut spans = spans.to_vec();
        spans.sort_unstable();
        let mut reach: Vec<u32> = Vec::with_capacity(spans.len());
        for s in &spans {
            reach.push(reach.last().map_or(s.end, |&r: &u32| r.max(s.end)));
        }
        Holders { spans, reach }
    }

    fn holds(&self, span: Span) -> bool {
        let n = self.spans.partition_point(|s| s.start <= span.start);
        n > 0 && self.reach[n - 1] >= span.end
    }
}

/// Sorted spans of times and entities, for "is this word inside one" in O(log n), and
/// every layer's items sorted by position, so a statement looks only at the items near it
/// (a document of thousands of quotes stays linear, not quadratic).
struct SpanIndex {
    times: Vec<Span>,
    entities: Vec<Span>,
    /// (span, actor index) of every actor mention.
    mentions: Vec<(Span, u32)>,
    entity_order: Vec<(Span, u32)>,
    time_order: Vec<(Span, u32)>,
    amount_order: Vec<(Span, u32)>,
    place_order: Vec<(Span, u32)>,
}

/// How far before a statement an annotation may start and still overlap it.
const LOOK_BACK: u32 = 1024;

fn ordered(spans: impl Iterator<Item = Span>) -> Vec<(Span, u32)> {
    let mut v: Vec<(Span, u32)> = spans.enumerate().map(|(i, s)| (s, i as u32)).collect();
    v.sort_unstable();
    v
}

/// Indexes of the items of `order` that start in `[lo - LOOK_BACK, hi)`.
fn near(order: &[(Span, u32)], lo: u32, hi: u32) -> impl Iterator<Item = (Span, u32)> + '_ {
    let from = order.partition_point(|(s, _)| s.start < lo.saturating_sub(LOOK_BACK));
    order[from..]
        .iter()
        .take_while(move |(s, _)| s.start < hi)
        .copied()
}

impl SpanIndex {
    fn new(doc: &Doc) -> SpanIndex {
        let mut times: Vec<Span> = doc.times.iter().map(|t| t.span).collect();
        let mut entities: Vec<Span> = doc.entities.iter().map(|e| e.span).collect();
        times.sort_unstable();
        entities.sort_unstable();
        let mut mentions: Vec<(Span, u32)> = doc
            .actors
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.mentions.iter().map(move |m| (m.span, i as u32)))
            .collect();
        mentions.sort_unstable();
        SpanIndex {
            times,
            entities,
            mentions,
            entity_order: ordered(doc.entities.iter().map(|e| e.span)),
            time_order: ordered(doc.times.iter().map(|t| t.span)),
            amount_order: ordered(doc.amounts.iter().map(|a| a.span)),
            place_order: ordered(doc.places.iter().map(|p| p.span)),
        }
    }
}

/// Whether one of `sorted` spans contains `span` (spans may nest; the few before the
/// insertion point that could contain it are checked).
fn covered(sorted: &[Span], span: Span) -> bool {
    let end = sorted.partition_point(|s| s.start <= span.start);
    sorted[..end].iter().rev().take(8).any(|s| s.contains(span))
}

fn class_rule(class: &str) -> &'static str {
    match class {
        Statement::CONCRETE => "actor+action+anchor",
        Statement::HEDGE => "hedge-word",
        _ => "no-commitment",
    }
}

/// The tokens inside the statement's parts, in order, quotation marks left out.
fn statement_words(doc: &Doc, parts: &[Span]) -> Vec<Word> {
    let mut out = Vec::new();
    for p in parts {
        let first = doc.tokens.partition_point(|t| t.span.start < p.start);
        for t in doc.tokens[first..]
            .iter()
            .take_while(|t| t.span.end <= p.end)
        {
            if matches!(t.kind, TokenKind::Quote) {
                continue;
            }
            let norm = doc.token_norm(t);
            out.push(Word {
                span: t.span,
                lower: norm.to_lowercase(),
                original: norm.to_string(),
                kind: t.kind,
            });
        }
    }
    out
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn holders_and_the_word_before_agree_with_scans() {
        let spans: Vec<Span> = (0..60usize)
            .map(|i| Span::new((i * 13) % 97, (i * 13) % 97 + i % 9))
            .collect();
        let holders = Holders::new(&spans);
        let words: Vec<Word> = (0..40usize)
            .map(|i| Word {
                span: Span::new(i * 3, i * 3 + 1 + i % 2),
                lower: String::new(),
                original: String::new(),
                kind: TokenKind::Word,
            })
            .collect();
        for a in 0..130usize {
            for len in 0..5 {
                let span = Span::new(a, a + len);
                assert_eq!(
                    holders.holds(span),
                    spans.iter().any(|s| s.contains(span)),
                    "{span:?}"
                );
            }
            let at = a as u32;
            let scan = words
                .iter()
                .position(|w| w.span.end <= at && w.span.start + 8 > at);
            assert_eq!(word_just_before(&words, true, at), scan, "{at}");
            assert_eq!(word_just_before(&words, false, at), scan, "{at}");
        }
    }
}
