//! Absolute dates: a month with or without day and year, a day before a month, numbers.
//!
//! Separate because these forms name a calendar position on their own, needing the
//! anchor only for a missing year: "Aug. 15, 2025", "August 15", "February of 2022",
//! "15th of August", bare "February", and numeric years, decades, ISO and slashed dates.

use super::{
    Hit, Matcher, NO_ANCHOR, NO_SUCH_DATE, Tense, periods::decade_value, tense::close_over_tense,
};
use crate::calendar as cal;
use crate::lexicon::{Lex, Rel, Unit};
use dateline_doc::{TimeExpr, TokenKind};

impl<'a> Matcher<'a> {
    /// "Aug. 15, 2025", "August 15", "February 2022", "February of 2022", "January this
    /// year", bare "February".
    pub(super) fn month(&self, i: usize) -> Option<Hit> {
        let Lex::Month(m) = self.lex(i) else {
            return None;
        };
        let m = m as i32;
        if !self.capitalized(i) {
            return None;
        }
        // Month and day.
        if let Some(d) = self.day_num(i + 1) {
            let mut j = i + 2;
            if self.is(j, ",") {
                j += 1;
            }
            if let Some(y) = self.year(j) {
                let h = self.day_hit(i, j + 1, cal::date(y, m, d), false, "month-day-year");
                return Some(self.with_time(h));
            }
            let h = self.month_day(i, i + 2, m, d, "month-day");
            return Some(self.with_time(h));
        }
        // Month and year.
        let mut j = i + 1;
        if self.is(j, ",") || self.is(j, "of") {
            j += 1;
        }
        let spelled = self.year(j).map(|y| (y, j + 1));
        if let Some((y, end)) = spelled.or_else(|| self.spoken_year_after(j)) {
            return Some(self.hit(
                i,
                end,
                cal::fmt_month(y, m),
                TimeExpr::DATE,
                "month",
                "month-year",
            ));
        }
        // "January this year", "June last year"
        if let (Lex::Rel(r @ (Rel::This | Rel::Last | Rel::Next)), Lex::Unit(Unit::Year, false)) =
            (self.lex(i + 1), self.lex(i + 2))
        {
            let Some(a) = self.anchor else {
                return Some(self.unresolved(
                    i,
                    i + 3,
                    TimeExpr::DATE,
                    "month",
                    NO_ANCHOR,
                    "month-rel-year",
                ));
            };
            let y = a.year() as i32
                + match r {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
            let mut h = self.hit(
                i,
                i + 3,
                cal::fmt_month(y, m),
                TimeExpr::DATE,
                "month",
                "month-rel-year",
            );
            h.anchored = true;
            return Some(h);
        }
        // Bare month: an abbreviation needs its period ("Jan" is also a name) ...
        let w = self.low(i);
        if w.len() <= 4 && !matches!(w, "may" | "june" | "july") && !self.raw(i).ends_with('.') {
            return None;
        }
        // ... and "May" and "March" are also words, so they need a date-like context.
        if matches!(w, "may" | "march" | "jan" | "mar" | "jun" | "aug" | "dec") {
            let prev = if i > 0 { self.low(i - 1) } else { "" };
            if !matches!(
                prev,
                "in" | "of"
                    | "since"
                    | "until"
                    | "by"
                    | "from"
                    | "to"
                    | "through"
                    | "between"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
                    | "each"
                    | "every"
                    | "a"
                    | "and"
                    | "or"
                    | "during"
                    | "before"
                    | "after"
                    | "on"
                    | "that"
            ) {
                return None;
            }
        }
        Some(self.bare_month(i, i + 1, m, "month"))
    }

    pub(super) fn bare_month(&self, start: usize, end: usize, m: i32, rule: &'static str) -> Hit {
        let Some(a) = self.anchor else {
            return self.unresolved(start, end, TimeExpr::DATE, "month", NO_ANCHOR, rule);
        };
        let (ay, am) = (a.year() as i32, a.month() as i32);
        let y = match self.tense(start, end) {
            Tense::Past if m > am => ay - 1,
            Tense::Future if m < am => ay + 1,
            // No tense: the nearest such month.
            Tense::Unknown if m - am > 6 => ay - 1,
            Tense::Unknown if am - m > 6 => ay + 1,
            _ => ay,
        };
        let mut h = self.hit(
            start,
            end,
            cal::fmt_month(y, m),
            TimeExpr::DATE,
            "month",
            rule,
        );
        h.anchored = true;
        h
    }

    /// A month and day without a year: the year of the anchor, moved by tense.
    fn month_day(&self, start: usize, end: usize, m: i32, d: i32, rule: &'static str) -> Hit {
        let Some(a) = self.anchor else {
            if cal::date(2000, m, d).is_none() {
                return self.unresolved(start, end, TimeExpr::DATE, "day", NO_SUCH_DATE, rule);
            }
            return self.unresolved(start, end, TimeExpr::DATE, "day", NO_ANCHOR, rule);
        };
        let ay = a.year() as i32;
        // 29 February exists in some years: look at the candidates that exist.
        let Some(this) = cal::date(ay, m, d).or_else(|| cal::date(ay + 1, m, d)) else {
            return self.unresolved(start, end, TimeExpr::DATE, "day", NO_SUCH_DATE, rule);
        };
        let days = (this - a).get_days() as i64;
        let d2 = match self.tense(start, end) {
            Tense::Past if days > 0 => cal::date(ay - 1, m, d),
            Tense::Future if days < 0 => cal::date(ay + 1, m, d),
            // No tense: news mostly reports what happened.
            Tense::Unknown if days > 90 => cal::date(ay - 1, m, d),
            Tense::Unknown if days < -270 => cal::date(ay + 1, m, d),
            _ => Some(this),
        };
        let d2 = d2.map(|c| close_over_tense(a, c, this));
        self.day_hit(start, end, d2, true, rule)
    }

    /// "15 August 2025", "15th of August", "the 15th of August".
    pub(super) fn day_month(&self, i: usize) -> Option<Hit> {
        self.day_month_at(i, i)
    }

    pub(super) fn day_month_at(&self, i: usize, start: usize) -> Option<Hit> {
        let d = self.day_num(i)?;
        let mut j = i + 1;
        if self.is(j, "of") {
            j += 1;
        }
        let Lex::Month(m) = self.lex(j) else {
            return None;
        };
        if !self.capitalized(j) {
            return None;
        }
        let m = m as i32;
        let mut k = j + 1;
        if self.is(k, ",") && self.year(k + 1).is_some() {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return Some(self.with_time(self.day_hit(
                start,
                k + 1,
                cal::date(y, m, d),
                false,
                "day-month-year",
            )));
        }
        Some(self.with_time(self.month_day(start, j + 1, m, d, "day-month")))
    }

    /// The second day of "April 24 and 25" (or "April 24 or 25"), a date of its own: the
    /// month of the first, and its year when one follows ("April 24 and 25, 1999").
    pub(super) fn conjoined_day(&self, i: usize) -> Option<Hit> {
        let d = self.day_num(i)?;
        if i < 3 || !matches!(self.low(i - 1), "and" | "or") || self.day_num(i - 2).is_none() {
            return None;
        }
        let Lex::Month(m) = self.lex(i - 3) else {
            return None;
        };
        if !self.capitalized(i - 3) || self.unit(i + 1).is_some() {
            return None;
        }
        let m = m as i32;
        let mut k = i + 1;
        if self.is(k, ",") && self.year(k + 1).is_some() {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return Some(self.day_hit(i, k + 1, cal::date(y, m, d), false, "conjoined-day"));
        }
        Some(self.month_day(i, i + 1, m, d, "conjoined-day"))
    }

    /// Years, decades, ISO and slashed dates.
    pub(super) fn number(&self, i: usize) -> Option<Hit> {
        let s = self.low(i);
        let b = s.as_bytes();
        // 2025-08-15 / 2025-08
        if b.len() >= 7 && b[4] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
            let y: i32 = s[..4].parse().ok()?;
            let rest: Vec<&str> = s[5..].split('-').collect();
            let m: i32 = rest.first()?.parse().ok()?;
            if rest.len() == 1 && rest[0].len() == 2 {
                if !(1..=12).contains(&m) {
                    return None;
                }
                return Some(self.hit(
                    i,
                    i + 1,
                    cal::fmt_month(y, m),
                    TimeExpr::DATE,
                    "month",
                    "iso",
                ));
            }
            if rest.len() == 2 && rest[0].len() == 2 && rest[1].len() == 2 {
                let d: i32 = rest[1].parse().ok()?;
                return Some(self.with_time(self.day_hit(
                    i,
                    i + 1,
                    cal::date(y, m, d),
                    false,
                    "iso",
                )));
            }
            return None;
        }
        // 8/15/2025, 15/08/2025
        if s.matches('/').count() == 2 {
            let p: Vec<&str> = s.split('/').collect();
            if p[2].len() != 4 || p[0].len() > 2 || p[1].len() > 2 {
                return None;
            }
            let (a, bb, y): (i32, i32, i32) =
                (p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?);
            let (m, d) = if a > 12 { (bb, a) } else { (a, bb) };
            return Some(self.day_hit(i, i + 1, cal::date(y, m, d), false, "slashed"));
        }
        // 1990s, 1800s
        if let Some(d) = s.strip_suffix('s')
            && d.len() == 4
            && d.bytes().all(|c| c.is_ascii_digit())
        {
            let y: i32 = d.parse().ok()?;
            if !(1000..=2100).contains(&y) {
                return None;
            }
            let (v, g) = if y % 100 == 0 {
                (format!("{:02}", y / 100), "century")
            } else {
                (decade_value(y), "decade")
            };
            return Some(self.hit(i, i + 1, Some(v), TimeExpr::DATE, g, "decade"));
        }
        // '90s
        if let Some(d) = s.strip_suffix('s')
            && d.len() == 2
            && i > 0
            && self.kind(i - 1) == Some(TokenKind::Quote)
            && let Ok(n) = d.parse::<i32>()
        {
            let y = if n < 30 { 2000 + n } else { 1900 + n };
            let mut h = self.hit(
                i - 1,
                i + 1,
                Some(decade_value(y)),
                TimeExpr::DATE,
                "decade",
                "decade-short",
            );
            h.start = i - 1;
            return Some(h);
        }
        let y = self.year(i)?;
        Some(self.hit(i, i + 1, cal::fmt_year(y), TimeExpr::DATE, "year", "year"))
    }
}
