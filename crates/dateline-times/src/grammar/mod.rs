//! The grammar: recognises time expressions at a token position and resolves them.
//!
//! A hand-written longest-match parser over the token classes of one sentence
//! ([`Lex`]). Each sub-parser looks a bounded number of tokens ahead, so
//! a sentence costs O(tokens). Resolution happens as soon as an expression is recognised,
//! against the publication date (the anchor), the sentence's tense (for "Friday",
//! "February", "Aug. 15" without a year) and, for "the next day" / "the following year", the
//! last date the text itself mentioned (the reference), as HeidelTime does.
//!
//! # Layout
//!
//! One parser, [`Matcher`], whose methods are spread over files by the job they do; every
//! file adds an `impl` block to the same struct, so a sub-parser calls another wherever it
//! lives. This file keeps the shared types ([`Hit`], [`Tense`], the reasons), the entry
//! point [`Matcher::at`] with its "the ..." dispatcher, and the [`Hit`] constructors.
//!
//! * [`tokens`]: token access (lower-cased text, classes, integers, day numbers, years)
//!   and the quantity-and-unit readers that durations, ordinals and "mid-" forms share.
//! * [`tense`]: the tense of a clause, and the rule that keeps a yearless day near the
//!   anchor.
//! * [`dates`]: absolute dates: "Aug. 15, 2025", "15 August", bare months, years, ISO and
//!   slashed dates.
//! * [`periods`]: named periods coarser than a day: spoken years, decades, centuries,
//!   ordinals ("the first quarter"), modifiers ("early December"), seasons, holidays.
//! * [`weekdays`]: weekdays resolved by tense, parts of the day, weekends.
//! * [`relative`]: "last / next / this / the following ..." and deictic words ("today").
//! * [`durations`]: durations, "ago" / "later" offsets, hyphenated forms, sets ("every
//!   Monday") and the ISO 8601 duration values.
//! * [`clock`]: times of day ("10:30 a.m. EDT", "noon").
//! * [`reference`](mod@reference): the calendar position of a value, by which the caller
//!   tracks the reference date across sentences.

mod clock;
mod dates;
mod durations;
mod periods;
mod reference;
mod relative;
mod tense;
mod tokens;
mod weekdays;

use crate::calendar as cal;
use crate::lexicon::{Lex, Lexicon, Rel, Unit};
use dateline_doc::{TimeExpr, Token, TokenKind};
use jiff::civil::Date;
use std::cell::Cell;

pub use reference::coarse_date;

/// A recognised expression, in token indices of its sentence.
#[derive(Debug, Clone)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
    pub kind: &'static str,
    pub grain: Option<&'static str>,
    /// Resolved against the anchor (or the reference date).
    pub anchored: bool,
    pub reason: Option<&'static str>,
    pub rule: &'static str,
    /// A day-grain date this expression denotes, for later "the next day".
    pub day: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    Unknown,
}

pub const NO_ANCHOR: &str = "no publication date to anchor a relative expression";
const NO_SUCH_DATE: &str = "no such date";
const NO_REFERENCE: &str = "no earlier date in the text to resolve against";

/// One sentence, classified, and the state the matcher keeps across sentences.
pub struct Matcher<'a> {
    pub toks: &'a [Token],
    pub text: &'a str,
    pub lex: &'a [Lex],
    pub low: &'a [(u32, u32)],
    pub buf: &'a str,
    pub anchor: Option<Date>,
    pub reference: Option<Date>,
    /// The last month the text mentioned (at month grain or finer), for "later that month".
    pub reference_month: Option<Date>,
    /// The last year the text mentioned (at any grain from year down), for "that year".
    pub reference_year: Option<Date>,
    pub lexicon: &'a Lexicon,
    /// The last tense read in this sentence, for an expression with no cue of its own
    /// that continues a list ("in Italy in November, back home in December").
    pub last_tense: Cell<Tense>,
}

#[derive(Debug, Clone, Copy)]
enum Qty {
    N(f64),
    Vague,
}

impl<'a> Matcher<'a> {
    /// The longest expression starting at token `i`.
    pub fn at(&self, i: usize) -> Option<Hit> {
        let l = self.lex(i);
        let kind = self.kind(i)?;
        let hyphenated =
            matches!(kind, TokenKind::Word | TokenKind::Number) && self.low(i).contains('-');
        if l == Lex::Other && kind != TokenKind::Number && !hyphenated {
            return None;
        }
        let mut best: Option<Hit> = None;
        let mut take = |h: Option<Hit>| {
            if let Some(h) = h
                && best.as_ref().is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        };
        match l {
            Lex::The => {
                take(self.the(i));
            }
            Lex::Approx | Lex::At | Lex::In => take(self.approx(i)),
            Lex::Month(_) => take(self.month(i)),
            Lex::Weekday(..) => take(self.weekday(i)),
            Lex::Deictic(_) => take(self.deictic(i)),
            Lex::Rel(_) => {
                take(self.relative(i, i));
                take(self.duration(i, i));
            }
            Lex::Mod(_) | Lex::Earlier | Lex::Later => take(self.modified(i)),
            Lex::Every => take(self.every(i)),
            Lex::Periodic(u) => take(self.periodic(i, u)),
            Lex::Holiday(_) | Lex::Other => take(self.holiday(i)),
            Lex::Season(_) => take(self.season(i)),
            Lex::Ord(_) => {
                take(self.ordinal(i));
                take(self.day_month(i));
            }
            Lex::Noon | Lex::Midnight => take(self.clock(i)),
            _ => {}
        }
        if matches!(
            l,
            Lex::Num(_) | Lex::Article | Lex::Vague | Lex::Couple | Lex::Half | Lex::Unit(..)
        ) {
            take(self.duration(i, i));
        }
        if let Lex::Num(n) = l {
            take(self.spoken_year(i, n));
        }
        if let Lex::Decade(d) = l {
            take(self.decade_word(i, i, d));
        }
        if kind == TokenKind::Number {
            take(self.number(i));
            take(self.duration(i, i));
            take(self.day_month(i));
            take(self.ordinal(i));
            take(self.clock(i));
            take(self.conjoined_day(i));
        }
        if hyphenated {
            take(self.hyphenated(i));
        }
        if matches!(l, Lex::Other) && self.low(i) == "new" {
            take(self.holiday(i));
        }
        best
    }

    fn hit(
        &self,
        start: usize,
        end: usize,
        value: Option<String>,
        kind: &'static str,
        grain: &'static str,
        rule: &'static str,
    ) -> Hit {
        Hit {
            start,
            end,
            value,
            kind,
            grain: Some(grain),
            anchored: false,
            reason: None,
            rule,
            day: None,
        }
    }

    /// A date at day grain; `None` date means it does not exist.
    fn day_hit(
        &self,
        start: usize,
        end: usize,
        d: Option<Date>,
        anchored: bool,
        rule: &'static str,
    ) -> Hit {
        let mut h = self.hit(start, end, d.map(cal::fmt_day), TimeExpr::DATE, "day", rule);
        h.anchored = anchored;
        h.day = d;
        if d.is_none() {
            h.reason = Some(if anchored && self.anchor.is_none() {
                NO_ANCHOR
            } else {
                NO_SUCH_DATE
            });
        }
        h
    }

    fn unresolved(
        &self,
        start: usize,
        end: usize,
        kind: &'static str,
        grain: &'static str,
        reason: &'static str,
        rule: &'static str,
    ) -> Hit {
        let mut h = self.hit(start, end, None, kind, grain, rule);
        h.reason = Some(reason);
        h
    }

    fn vague(&self, start: usize, end: usize, value: &str, rule: &'static str) -> Hit {
        let mut h = self.hit(
            start,
            end,
            Some(value.to_string()),
            TimeExpr::DATE,
            "vague",
            rule,
        );
        h.grain = Some("vague");
        h
    }

    fn the(&self, i: usize) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        let mut take = |h: Option<Hit>| {
            if let Some(h) = h
                && best.as_ref().is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        };
        let j = i + 1;
        match self.lex(j) {
            Lex::Future => take(Some(self.vague(i, j + 1, "FUTURE_REF", "the-future"))),
            Lex::Rel(Rel::Past) if self.unit(j + 1).is_none() && self.qty(j + 1).is_none() => {
                take(Some(self.vague(i, j + 1, "PAST_REF", "the-past")));
            }
            Lex::Other if self.is(j, "near") && self.lex(j + 1) == Lex::Future => {
                take(Some(self.vague(i, j + 2, "FUTURE_REF", "the-future")));
            }
            Lex::Unit(Unit::Weekend, false) => {
                // "(over) the weekend": the one just past, unless the clause looks ahead.
                // Written Monday to Friday, the weekend just past lies in the ISO week before.
                let shift = match self.anchor {
                    Some(a) if cal::weekday(a) <= 5 && self.tense(i, j + 1) != Tense::Future => -1,
                    _ => 0,
                };
                take(self.weekend(i, j + 1, shift))
            }
            Lex::Rel(_) => {
                take(self.relative(j, i));
                take(self.duration(i, i));
            }
            Lex::Mod(_) => take(self.modified_at(j, i)),
            Lex::Ord(_) => {
                take(self.ordinal_at(j, i));
                take(self.day_month_at(j, i));
            }
            Lex::Season(_) => take(self.season_at(j, i)),
            Lex::Unit(Unit::Year, false) => {
                // "the year 2000", "the year two thousand"
                let spelled = self.year(j + 1).map(|y| (y, j + 2));
                if let Some((y, end)) = spelled.or_else(|| self.spoken_year_after(j + 1)) {
                    take(Some(self.hit(
                        i,
                        end,
                        cal::fmt_year(y),
                        TimeExpr::DATE,
                        "year",
                        "the-year-n",
                    )));
                }
            }
            // "the week of March 6": the ISO week of that day.
            Lex::Unit(Unit::Week, false) if self.is(j + 1, "of") => {
                if let Some(h) = self.at(j + 2).filter(|h| h.start == j + 2)
                    && let Some(d) = h.day.filter(|_| h.grain == Some("day"))
                {
                    let mut w = self.hit(
                        i,
                        h.end,
                        Some(cal::fmt_week(d)),
                        TimeExpr::DATE,
                        "week",
                        "week-of",
                    );
                    w.anchored = h.anchored;
                    take(Some(w));
                }
            }
            Lex::Holiday(_) | Lex::Other => take(self.holiday_at(j, i)),
            Lex::Decade(d) => take(self.decade_word(j, i, d)),
            _ => {}
        }
        if self.kind(j) == Some(TokenKind::Number) {
            if let Some(mut h) = self.number(j)
                && h.grain.is_some_and(|g| g == "decade" || g == "century")
            {
                h.start = i;
                take(Some(h));
            }
            take(self.day_month_at(j, i));
            take(self.ordinal_at(j, i));
        }
        best
    }
}
