//! Named periods coarser than a day: years, decades, centuries, quarters, seasons, holidays.
//!
//! Separate because these forms pick a span by name or position rather than by a date:
//! "nineteen ninety-six", "the nineties", "20th century", "the first quarter of 2024",
//! "early December" and "earlier this year" (modifiers), "summer 2024", "Christmas".
//! Spans without a year resolve against the anchor and the tense.

use super::{
    Hit, Matcher, NO_ANCHOR, Qty, Tense,
    durations::{duration_value, unit_grain},
    tense::close_over_tense,
};
use crate::calendar::{self as cal, SEASONS};
use crate::lexicon::{Holiday, Lex, MULTI_WORD_HOLIDAYS, Mod, Unit};
use dateline_doc::{TimeExpr, TokenKind};

impl<'a> Matcher<'a> {
    /// "nineteen ninety-six", "nineteen seventy-nine" (transcribed broadcast news).
    pub(super) fn spoken_year(&self, i: usize, n: u32) -> Option<Hit> {
        if !(10..=20).contains(&n) {
            return None;
        }
        let (rest, end) = match self.lex(i + 1) {
            Lex::Num(t) if t >= 10 => match self.lex(i + 2) {
                Lex::Num(u) if t >= 20 && t % 10 == 0 && u < 10 => (t + u, i + 3),
                _ => (t, i + 2),
            },
            Lex::Other if self.low(i + 1).contains('-') => {
                let (q, end) = self.qty(i + 1)?;
                let Qty::N(x) = q else { return None };
                (x as u32, end)
            }
            _ => return None,
        };
        if !(10..100).contains(&rest) {
            return None;
        }
        let y = (n * 100 + rest) as i32;
        Some(self.hit(
            i,
            end,
            cal::fmt_year(y),
            TimeExpr::DATE,
            "year",
            "spoken-year",
        ))
    }

    /// A year written out after a word that announces one ("January nineteen ninety-seven",
    /// "the winter of nineteen ninety-four", "the year two thousand"): the spoken forms,
    /// and "two thousand (and) five", which alone would be a count.
    pub(super) fn spoken_year_after(&self, i: usize) -> Option<(i32, usize)> {
        let Lex::Num(n) = self.lex(i) else {
            return None;
        };
        if (1..=2).contains(&n) && self.is(i + 1, "thousand") {
            let mut j = i + 2;
            if self.is(j, "and") {
                j += 1;
            }
            let (rest, end) = match self.qty(j) {
                Some((Qty::N(x), end))
                    if x.fract() == 0.0
                        && (1.0..100.0).contains(&x)
                        && matches!(self.lex(j), Lex::Num(_) | Lex::Other) =>
                {
                    (x as i32, end)
                }
                _ => (0, i + 2),
            };
            return Some((n as i32 * 1000 + rest, end));
        }
        let h = self.spoken_year(i, n)?;
        let y = h.value.as_deref()?.parse().ok()?;
        Some((y, h.end))
    }

    /// "the nineties", "the sixties": the decade of the anchor's century.
    pub(super) fn decade_word(&self, i: usize, start: usize, d: u8) -> Option<Hit> {
        if start == i {
            return None; // "sixties" alone is usually an age: "in his sixties"
        }
        let century = self.anchor.map_or(19, |a| a.year() as i32 / 100);
        let century = if d as i32 * 10 > 30 && century > 19 {
            19
        } else {
            century
        };
        Some(self.hit(
            start,
            i + 1,
            Some(format!("{century}{d}X")),
            TimeExpr::DATE,
            "decade",
            "decade-word",
        ))
    }

    pub(super) fn ordinal(&self, i: usize) -> Option<Hit> {
        self.ordinal_at(i, i)
    }

    /// "20th century", "the first quarter of 2024", "its fourth year".
    pub(super) fn ordinal_at(&self, i: usize, start: usize) -> Option<Hit> {
        let n = match self.lex(i) {
            Lex::Ord(n) => n as i32,
            _ => {
                let s = self.low(i);
                let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let suffix = &s[digits.len()..];
                if !matches!(suffix, "st" | "nd" | "rd" | "th")
                    || digits.is_empty()
                    || digits.len() > 2
                {
                    return None;
                }
                digits.parse().ok()?
            }
        };
        match self.lex(i + 1) {
            Lex::Other if self.is(i + 1, "century") => {}
            Lex::Unit(Unit::Century, false) => {
                return Some(self.hit(
                    start,
                    i + 2,
                    Some(format!("{:02}", n - 1)),
                    TimeExpr::DATE,
                    "century",
                    "ordinal-century",
                ));
            }
            Lex::Unit(Unit::Quarter, false) | Lex::Half if (1..=4).contains(&n) => {
                let half = self.lex(i + 1) == Lex::Half;
                if half && n > 2 {
                    return None;
                }
                let mut end = i + 2;
                let mut y = None;
                if self.is(end, "of") && self.year(end + 1).is_some() {
                    y = self.year(end + 1);
                    end += 2;
                } else if self.kind(end) == Some(TokenKind::Number) {
                    y = self.year(end);
                    if y.is_some() {
                        end += 1;
                    }
                }
                let anchored = y.is_none();
                if half && anchored {
                    // "the second half" of a match, unless a year is named.
                    return None;
                }
                let y = y.or_else(|| {
                    let a = self.anchor?;
                    let (ay, aq) = (a.year() as i32, (a.month() as i32 - 1) / 3 + 1);
                    Some(match self.tense(start, end) {
                        Tense::Past if n > aq => ay - 1,
                        _ => ay,
                    })
                });
                let tag = if half { 'H' } else { 'Q' };
                let mut h = self.hit(
                    start,
                    end,
                    y.and_then(cal::fmt_year).map(|v| format!("{v}-{tag}{n}")),
                    TimeExpr::DATE,
                    if half { "half_year" } else { "quarter" },
                    "ordinal-quarter",
                );
                h.anchored = anchored;
                if h.value.is_none() {
                    h.reason = Some(NO_ANCHOR);
                }
                return Some(h);
            }
            Lex::Unit(u @ Unit::Year, false) => {
                // "the war, now in its fourth year": how long it has lasted.
                if !(1..=200).contains(&n) {
                    return None;
                }
                return Some(self.hit(
                    start,
                    i + 2,
                    Some(duration_value(n as f64, u)?),
                    TimeExpr::DURATION,
                    unit_grain(u),
                    "ordinal-unit",
                ));
            }
            _ => {}
        }
        None
    }

    pub(super) fn modified(&self, i: usize) -> Option<Hit> {
        self.modified_at(i, i)
    }

    /// "early December", "the late 1970s", "earlier this year", "the end of the year",
    /// "Earlier Sunday", "later today".
    pub(super) fn modified_at(&self, i: usize, start: usize) -> Option<Hit> {
        let l = self.lex(i);
        let mut j = i + 1;
        if matches!(l, Lex::Mod(Mod::End | Mod::Start | Mod::Mid)) {
            if !self.is(j, "of") {
                return (l == Lex::Mod(Mod::Mid)).then_some(()).and(None);
            }
            j += 1;
            // "the end of the year": the year of the anchor.
            if self.is(j, "the")
                && let Lex::Unit(u @ (Unit::Year | Unit::Month | Unit::Week | Unit::Decade), false) =
                    self.lex(j + 1)
                && let Some(a) = self.anchor
            {
                return self.shifted(start, j + 2, a, u, 0, "end-of");
            }
        }
        if matches!(l, Lex::Earlier | Lex::Later)
            && !matches!(
                self.lex(j),
                Lex::Rel(_) | Lex::Weekday(..) | Lex::Deictic(_) | Lex::Month(_)
            )
        {
            return None;
        }
        if matches!(l, Lex::Mod(Mod::Early | Mod::Late)) && self.is(j, "in") {
            return None;
        }
        let mut inner = self
            .at(j)
            .filter(|h| h.start == j && h.kind == TimeExpr::DATE)?;
        inner.start = start;
        Some(inner)
    }

    pub(super) fn season(&self, i: usize) -> Option<Hit> {
        self.season_at(i, i)
    }

    /// "summer 2024", "the summer of 2024", "the winter" (resolved by tense).
    pub(super) fn season_at(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Season(s) = self.lex(i) else {
            return None;
        };
        let code = SEASONS[s as usize];
        let mut j = i + 1;
        if self.is(j, "of") {
            j += 1;
        }
        let spelled = self.year(j).map(|y| (y, j + 1));
        if let Some((y, end)) = spelled.or_else(|| self.spoken_year_after(j)) {
            return Some(self.hit(
                start,
                end,
                cal::fmt_year(y).map(|v| format!("{v}-{code}")),
                TimeExpr::DATE,
                "season",
                "season-year",
            ));
        }
        // A bare season only after "the" or "in": "fall" and "spring" are verbs too.
        let prev = if start > 0 { self.low(start - 1) } else { "" };
        if start == i && prev != "in"
            || self.is(i + 1, "of")
            || !self.low(i).starts_with(['s', 'w', 'a'])
        {
            return None;
        }
        let a = self.anchor?;
        let (ay, cur) = (a.year() as i32, cal::season_of(a.month() as i32));
        let y = match self.tense(start, i + 1) {
            Tense::Past if s as i32 > cur => ay - 1,
            Tense::Future if (s as i32) < cur => ay + 1,
            _ => ay,
        };
        let mut h = self.hit(
            start,
            i + 1,
            cal::fmt_year(y).map(|v| format!("{v}-{code}")),
            TimeExpr::DATE,
            "season",
            "season",
        );
        h.anchored = true;
        Some(h)
    }

    pub(super) fn holiday(&self, i: usize) -> Option<Hit> {
        self.holiday_at(i, i)
    }

    pub(super) fn holiday_at(&self, i: usize, start: usize) -> Option<Hit> {
        let (hol, mut end) = match self.lex(i) {
            Lex::Holiday(h) if self.capitalized(i) => {
                // Prefer the multi-word form ("Christmas Eve").
                self.multi_holiday(i).unwrap_or((h, i + 1))
            }
            _ => self.multi_holiday(i)?,
        };
        let year = self.year(end);
        if year.is_some() {
            end += 1;
        }
        let resolve = |y: i32| match hol {
            Holiday::Fixed(m, d) => cal::date(y, m as i32, d as i32),
            Holiday::Nth(m, n, wd) => cal::nth_weekday(y, m as i32, n as i32, wd as i32),
        };
        if let Some(y) = year {
            return Some(self.day_hit(start, end, resolve(y), false, "holiday"));
        }
        let Some(a) = self.anchor else {
            return Some(self.unresolved(start, end, TimeExpr::DATE, "day", NO_ANCHOR, "holiday"));
        };
        let ay = a.year() as i32;
        let this = resolve(ay)?;
        let days = (this - a).get_days() as i64;
        let d = match self.tense(start, end) {
            Tense::Past if this > a => resolve(ay - 1),
            Tense::Future if this < a => resolve(ay + 1),
            // No tense: as for "Aug. 15", news mostly reports what happened.
            Tense::Unknown if days > 90 => resolve(ay - 1),
            _ => Some(this),
        };
        let d = d.map(|c| close_over_tense(a, c, this));
        Some(self.day_hit(start, end, d, true, "holiday"))
    }

    fn multi_holiday(&self, i: usize) -> Option<(Holiday, usize)> {
        if !self.capitalized(i) {
            return None;
        }
        MULTI_WORD_HOLIDAYS.iter().find_map(|(words, h)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| self.low(i + k) == *w)
                .then_some((*h, i + words.len()))
        })
    }
}

/// TimeML decade value: 1990 → "199X" (the year with its last digit unspecified, as
/// TimeBank writes decades).
pub(super) fn decade_value(y: i32) -> String {
    format!("{:03}X", y / 10)
}
