//! Time expressions in news, normalised against the publication date.
//!
//! News gives its dates relative to the day it was written ("on Friday", "last week",
//! "a February meeting"), so a date a user can sort by needs the publication date as an
//! anchor and the sentence's tense (a past-tense "Friday" is the last one, a future-tense
//! "Monday" the next one). [`TimeTagger`] finds expressions with a rule grammar over the
//! tokens of each sentence and writes TimeML/TIMEX3 values (the convention of TempEval and
//! HeidelTime, a profile of ISO 8601): dates at the grain the text supports (`2025-08-15`,
//! `2022-02`, `1867`, `199X` for "the 1990s"), times (`2025-08-15T10:30`, `2025-08-15TNI`),
//! durations set apart from points in time (`PT3H`, `P80Y`, `PXY`), sets (`XXXX-WXX-1`) and
//! the vague `PRESENT_REF` / `PAST_REF` / `FUTURE_REF`.
//!
//! Every expression carries its type and grain and, when relative, the anchor it was
//! resolved against. When an expression cannot be resolved (no publication date; "31
//! February") the span is kept with `value: None` and a `reason`, rather than a guess.
//!
//! How the tense of a clause is read (`grammar::Matcher::tense`): the nearest cue within
//! eight tokens either side, the left one first. Auxiliaries and irregular past forms are
//! cues; a bare "-ed" word counts on the right only within three tokens (further right it
//! is mostly a participle of a noun phrase: "by August in a search for markets untouched
//! by ..."); planning verbs ("planned", "scheduled", "expected", "postponed") look ahead
//! when they come before the date and are not cues after it ("On Friday, the government
//! planned ..."); "as soon as Tuesday" / "as early as Tuesday" is an earliest date, so
//! future. A day and month without a year that tense would move a whole year away while the
//! same day this year is within a month of the publication date keeps this year (deadlines
//! set in past-tense clauses: "decided he should leave by Jan. 14", written Jan. 5). "Over
//! the weekend" written Monday to Friday is the weekend just past (the ISO week before),
//! unless the clause looks ahead. "That year", "later that month" go back to the last year
//! or month the text mentioned at any grain ("in June 1998 ... later that year" → 1998),
//! "the next day" to the last day.
//!
//! Design:
//! * `lexicon` classifies each token once (one hash lookup on a reused lower-case buffer);
//! * `grammar` is a longest-match parser over those classes with bounded look-ahead, so a
//!   document costs time linear in its tokens;
//! * `calendar` does the arithmetic with `jiff`, total over every input (no panics).

mod calendar;
mod grammar;
mod lexicon;

use dateline_doc::{Doc, Layer, Provenance, Span, TimeExpr, TokenKind};
use grammar::{Hit, Matcher, coarse_date};
use lexicon::{Lex, Lexicon};

/// The component name recorded in provenance.
pub const COMPONENT: &str = "times";

/// Finds and normalises time expressions. Build once, share between threads.
pub struct TimeTagger {
    lexicon: Lexicon,
}

impl Default for TimeTagger {
    fn default() -> Self {
        TimeTagger::new()
    }
}

impl TimeTagger {
    pub fn new() -> TimeTagger {
        TimeTagger {
            lexicon: Lexicon::new(),
        }
    }

    /// Adds [`Layer::Times`] to a document that has tokens and sentences.
    pub fn run(&self, doc: &mut Doc) {
        let times = self.find(doc);
        doc.times = times;
        doc.mark_done(Layer::Times, Provenance::rule(COMPONENT, "timex-rules-v1"));
    }

    /// The time expressions of `doc`, in text order.
    pub fn find(&self, doc: &Doc) -> Vec<TimeExpr> {
        let anchor = doc.meta.published.map(|p| p.date);
        let text = doc.normalized_text();
        let mut out = Vec::new();
        let mut lex: Vec<Lex> = Vec::new();
        let mut low: Vec<(u32, u32)> = Vec::new();
        let mut buf = String::new();
        let mut reference = anchor;
        let mut reference_month = anchor;
        let mut reference_year = anchor;
        for sentence in &doc.sentences {
            let toks = doc.sentence_tokens(sentence);
            lex.clear();
            low.clear();
            buf.clear();
            let mut any = false;
            for t in toks {
                let s = &text[t.norm.range()];
                let start = buf.len() as u32;
                let word = s.strip_suffix('.').filter(|w| !w.is_empty()).unwrap_or(s);
                for c in word.chars() {
                    buf.push(c.to_ascii_lowercase());
                }
                low.push((start, buf.len() as u32));
                let l = match t.kind {
                    TokenKind::Word | TokenKind::Abbreviation | TokenKind::Clitic
                        if word.is_ascii() && word.len() <= 16 =>
                    {
                        self.lexicon.get(&buf[start as usize..])
                    }
                    _ => Lex::Other,
                };
                any |= l != Lex::Other || t.kind == TokenKind::Number;
                lex.push(l);
            }
            if !any {
                continue;
            }
            let mut m = Matcher {
                toks,
                text,
                lex: &lex,
                low: &low,
                buf: &buf,
                anchor,
                reference,
                reference_month,
                reference_year,
                lexicon: &self.lexicon,
                last_tense: std::cell::Cell::new(grammar::Tense::Unknown),
            };
            let mut i = 0;
            while i < toks.len() {
                match m.at(i) {
                    Some(h) if h.end > i && h.start <= i => {
                        if let Some(d) = h.day {
                            reference = Some(d);
                            m.reference = reference;
                        }
                        if let Some((d, has_month)) = h.value.as_deref().and_then(coarse_date) {
                            reference_year = Some(d);
                            m.reference_year = reference_year;
                            if has_month {
                                reference_month = Some(d);
                                m.reference_month = reference_month;
                            }
                        }
                        let end = h.end.min(toks.len());
                        out.push(to_expr(&h, toks, anchor));
                        i = end;
                    }
                    _ => i += 1,
                }
            }
        }
        out
    }
}

fn to_expr(h: &Hit, toks: &[dateline_doc::Token], anchor: Option<jiff::civil::Date>) -> TimeExpr {
    let start = toks[h.start].span.start as usize;
    let end = toks[h.end.min(toks.len()) - 1].span.end as usize;
    TimeExpr {
        span: Span::new(start, end),
        value: h.value.clone(),
        kind: h.kind,
        grain: h.grain,
        anchor: if h.anchored { anchor } else { None },
        reason: h.reason,
        provenance: Provenance::rule(COMPONENT, h.rule),
    }
}
