//! Durations, offsets from the anchor or reference, hyphenated forms, and sets.
//!
//! Separate because a duration is a length, not a position: "three hours", "the past three
//! months", "8-month-old" become ISO 8601 durations ([`duration_value`]), while "two days
//! ago" and "a year later" turn one into a date. Sets ("every Monday", "weekly") share the
//! unit reading. Hyphenated words live here too, since most are durations ("16-hour"),
//! with "mid-1996" and "mid-August" handed on to the date parsers.

use super::{Hit, Matcher, NO_ANCHOR, NO_REFERENCE, NO_SUCH_DATE, Qty, periods::decade_value};
use crate::calendar::{self as cal, PARTS, SEASONS};
use crate::lexicon::{Lex, Rel, Unit};
use dateline_doc::TimeExpr;

impl<'a> Matcher<'a> {
    /// "about", "nearly", "more than", "at least", "up to" before a duration.
    pub(super) fn approx(&self, i: usize) -> Option<Hit> {
        let w = self.low(i);
        let j = match w {
            "more" | "less" | "fewer" if self.is(i + 1, "than") => i + 2,
            "at" if matches!(self.low(i + 1), "least" | "most") => i + 2,
            "up" if self.is(i + 1, "to") => i + 2,
            "about" | "around" | "nearly" | "almost" | "roughly" | "approximately" | "over"
            | "under" => i + 1,
            _ => return None,
        };
        let mut h = self.duration(j, j)?;
        h.start = i;
        Some(h)
    }

    /// "three hours", "the past three months", "two days ago", "a year earlier", "weeks".
    pub(super) fn duration(&self, i: usize, start: usize) -> Option<Hit> {
        let mut j = i;
        let mut with_the = false;
        if self.is(j, "the") {
            with_the = true;
            j += 1;
        }
        let mut rel = None;
        if let Lex::Rel(r @ (Rel::Past | Rel::Last | Rel::Next | Rel::Coming | Rel::Previous)) =
            self.lex(j)
        {
            rel = Some(r);
            j += 1;
        } else if matches!(self.low(j), "first" | "final") && with_the {
            rel = Some(Rel::Next);
            j += 1;
        } else if let Lex::Rel(Rel::Recent) = self.lex(j) {
            // "recent years": an unspecified stretch up to now.
            if let Some((u, true)) = self.unit(j + 1) {
                return Some(self.hit(
                    start,
                    j + 2,
                    Some(vague_duration(u)),
                    TimeExpr::DURATION,
                    "vague",
                    "recent-units",
                ));
            }
            return None;
        } else if with_the {
            return None;
        }
        let (q, k) = match self.qty(j) {
            Some(x) => x,
            None => {
                // "the past week": one unit.
                let (u, plural) = self.unit(j)?;
                if rel.is_none() {
                    // Bare plural units after "for", "in", "within": "for weeks".
                    let prev = if start > 0 { self.low(start - 1) } else { "" };
                    if !plural || !matches!(prev, "for" | "in" | "within" | "over") {
                        return None;
                    }
                    return Some(self.hit(
                        start,
                        j + 1,
                        Some(vague_duration(u)),
                        TimeExpr::DURATION,
                        "vague",
                        "bare-units",
                    ));
                }
                // "last week" (no "the") is a date; "the past week" and "past week" are
                // durations.
                if rel == Some(Rel::Last) && !with_the || rel == Some(Rel::Next) {
                    return None;
                }
                if plural {
                    return Some(self.hit(
                        start,
                        j + 1,
                        Some(vague_duration(u)),
                        TimeExpr::DURATION,
                        "vague",
                        "past-units",
                    ));
                }
                return Some(self.hit(
                    start,
                    j + 1,
                    Some(duration_value(1.0, u)?),
                    TimeExpr::DURATION,
                    unit_grain(u),
                    "past-unit",
                ));
            }
        };
        let mut k = k;
        if matches!(
            self.low(k),
            "more" | "additional" | "full" | "straight" | "consecutive" | "long" | "whole"
        ) {
            k += 1;
        }
        let (u, plural) = self.unit(k)?;
        // "2018 day five" is a year, not 2018 days; "a second" is an ordinal.
        if let Qty::N(n) = q
            && !plural
            && (n > 999.0 || u == Unit::Second && self.lex(j) == Lex::Article)
        {
            return None;
        }
        let mut end = k + 1;
        let mut q = q;
        // "a year and a half"
        if self.is(end, "and")
            && matches!(self.lex(end + 1), Lex::Article)
            && self.lex(end + 2) == Lex::Half
            && let Qty::N(n) = q
        {
            q = Qty::N(n + 0.5);
            end += 3;
        }
        // "a quarter of a million", "a quarter of the vote", "rose by a quarter": a
        // fraction, not three months.
        if u == Unit::Quarter
            && !plural
            && matches!(q, Qty::N(n) if n == 1.0)
            && end == k + 1
            && (self.is(end, "of") || prev_word(self, start) == "by")
        {
            return None;
        }
        // "two days ago" is a point in time. "A day earlier", "two hours later" stay
        // durations: TimeML marks the length and leaves the point to the event it is
        // measured from.
        if rel.is_none() && self.lex(end) == Lex::Ago {
            return Some(self.ago(start, end + 1, q, u, -1, true));
        }
        // "a week or so ago"
        if rel.is_none()
            && self.is(end, "or")
            && self.is(end + 1, "so")
            && self.lex(end + 2) == Lex::Ago
        {
            return Some(self.ago(start, end + 3, q, u, -1, true));
        }
        // "Islam will one day be ...": some day to come, not a length of one day.
        if self.is(j, "one")
            && u == Unit::Day
            && !plural
            && end == k + 1
            && !matches!(
                prev_word(self, start),
                "for"
                    | "in"
                    | "within"
                    | "over"
                    | "than"
                    | "about"
                    | "of"
                    | "just"
                    | "only"
                    | "per"
                    | "each"
                    | "every"
                    | "the"
                    | "after"
                    | "before"
                    | "first"
                    | "last"
                    | "and"
                    | "or"
                    | "by"
                    | "to"
                    | "at"
                    | "on"
            )
            && self.tense(start, end) == super::Tense::Future
        {
            let mut h = self.vague(start, end, "FUTURE_REF", "one-day");
            h.anchored = true;
            return Some(h);
        }
        let prev = if start > 0 { self.low(start - 1) } else { "" };
        let set = matches!(prev, "once" | "twice" | "per") || self.is(start, "per");
        let value = match q {
            Qty::N(n) => duration_value(n, u)?,
            Qty::Vague => vague_duration(u),
        };
        let kind = if set {
            TimeExpr::SET
        } else {
            TimeExpr::DURATION
        };
        let grain = if matches!(q, Qty::Vague) {
            "vague"
        } else {
            unit_grain(u)
        };
        Some(self.hit(start, end, Some(value), kind, grain, "duration"))
    }

    /// "two days ago" (from the anchor) or "two days later" (from the reference).
    fn ago(&self, start: usize, end: usize, q: Qty, u: Unit, sign: i64, anchor: bool) -> Hit {
        let base = if anchor { self.anchor } else { self.reference };
        let rule = if anchor {
            "ago"
        } else {
            "offset-from-reference"
        };
        let Some(base) = base else {
            let reason = if anchor { NO_ANCHOR } else { NO_REFERENCE };
            return self.unresolved(start, end, TimeExpr::DATE, unit_grain(u), reason, rule);
        };
        let Qty::N(n) = q else {
            let v = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            let mut h = self.vague(start, end, v, rule);
            h.anchored = true;
            return h;
        };
        let whole = n.round() as i64;
        let (y, m) = (base.year() as i32, base.month() as i32);
        let mut h = match u {
            Unit::Day | Unit::Hour | Unit::Minute | Unit::Second | Unit::Weekend => {
                let days = if u == Unit::Day { whole } else { 0 };
                let d = cal::add_days(base, sign * days);
                self.day_hit(start, end, d, true, rule)
            }
            Unit::Week | Unit::Fortnight => {
                let k = if u == Unit::Fortnight { 14 } else { 7 };
                let d = cal::add_days(base, sign * k * whole);
                let mut h = self.hit(
                    start,
                    end,
                    d.map(cal::fmt_week),
                    TimeExpr::DATE,
                    "week",
                    rule,
                );
                h.reason = d.is_none().then_some(NO_SUCH_DATE);
                h
            }
            Unit::Month | Unit::Quarter => {
                let k = if u == Unit::Quarter { 3 } else { 1 };
                let (ny, nm) =
                    cal::shift_month(y, m, (sign * k * whole).clamp(-120000, 120000) as i32);
                let v = cal::fmt_month(ny, nm);
                let mut h = self.hit(start, end, v, TimeExpr::DATE, "month", rule);
                h.reason = h.value.is_none().then_some(NO_SUCH_DATE);
                h
            }
            Unit::Year | Unit::Decade | Unit::Century => {
                let k = match u {
                    Unit::Decade => 10,
                    Unit::Century => 100,
                    _ => 1,
                };
                let ny = y as i64 + sign * k * whole;
                let v = i32::try_from(ny).ok().and_then(cal::fmt_year);
                let mut h = self.hit(start, end, v, TimeExpr::DATE, "year", rule);
                h.reason = h.value.is_none().then_some(NO_SUCH_DATE);
                h
            }
        };
        h.anchored = true;
        h
    }

    /// "three-hour", "16-hour", "8-month-old", "mid-1996", "mid-August", "twenty-four-hour".
    pub(super) fn hyphenated(&self, i: usize) -> Option<Hit> {
        let w = self.low(i);
        let mut parts = w.split('-');
        let first = parts.next()?;
        if matches!(first, "mid" | "early" | "late") {
            let rest = &w[first.len() + 1..];
            return self.mid_word(i, rest);
        }
        let mut n: Option<f64> = None;
        let mut unit = None;
        for part in w.split('-') {
            if unit.is_some() {
                break;
            }
            if let Ok(x) = part.parse::<u32>() {
                n = Some(n.unwrap_or(0.0) + x as f64);
                continue;
            }
            match self.lexicon.get(part) {
                Lex::Num(x) => n = Some(n.unwrap_or(0.0) + x as f64),
                Lex::Half if n.is_none() => n = Some(0.5),
                Lex::Unit(u, false) if n.is_some() => unit = Some(u),
                Lex::Ord(2) if part == "second" && n.is_some() => unit = Some(Unit::Second),
                _ => return None,
            }
        }
        let (n, u) = (n?, unit?);
        // "six-year-old": an age, which TimeML does not annotate.
        if u == Unit::Year && w.ends_with("-old") {
            return None;
        }
        Some(self.hit(
            i,
            i + 1,
            Some(duration_value(n, u)?),
            TimeExpr::DURATION,
            unit_grain(u),
            "hyphenated-duration",
        ))
    }

    /// The part after "mid-": a year, a decade, or a month.
    fn mid_word(&self, i: usize, rest: &str) -> Option<Hit> {
        if let Ok(y) = rest.parse::<i32>()
            && rest.len() == 4
            && (1000..=2100).contains(&y)
        {
            return Some(self.hit(
                i,
                i + 1,
                cal::fmt_year(y),
                TimeExpr::DATE,
                "year",
                "mid-year",
            ));
        }
        if let Some(d) = rest.strip_suffix('s')
            && d.len() == 4
            && let Ok(y) = d.parse::<i32>()
        {
            return Some(self.hit(
                i,
                i + 1,
                Some(decade_value(y)),
                TimeExpr::DATE,
                "decade",
                "mid-decade",
            ));
        }
        if let Lex::Month(m) = self.lexicon.get(rest) {
            return Some(self.bare_month(i, i + 1, m as i32, "mid-month"));
        }
        None
    }

    /// "every Monday", "each July", "every two weeks", "every day".
    pub(super) fn every(&self, i: usize) -> Option<Hit> {
        let j = i + 1;
        let (v, grain, end) = match self.lex(j) {
            Lex::Weekday(wd, _) => (format!("XXXX-WXX-{wd}"), "day", j + 1),
            Lex::Month(m) => (format!("XXXX-{m:02}"), "month", j + 1),
            Lex::Season(s) => (format!("XXXX-{}", SEASONS[s as usize]), "season", j + 1),
            Lex::Part(p) => (
                format!("XXXX-XX-XXT{}", PARTS[p as usize]),
                "part_of_day",
                j + 1,
            ),
            Lex::Unit(u, false) => (duration_value(1.0, u)?, unit_grain(u), j + 1),
            Lex::Other if self.is(j, "other") => {
                let (u, _) = self.unit(j + 1)?;
                (duration_value(2.0, u)?, unit_grain(u), j + 2)
            }
            _ => {
                let (q, k) = self.qty(j)?;
                let (u, _) = self.unit(k)?;
                let Qty::N(n) = q else { return None };
                (duration_value(n, u)?, unit_grain(u), k + 1)
            }
        };
        Some(self.hit(i, end, Some(v), TimeExpr::SET, grain, "every"))
    }

    pub(super) fn periodic(&self, i: usize, u: Unit) -> Option<Hit> {
        if self.capitalized(i) && i > 0 {
            return None; // "the Daily Telegraph"
        }
        Some(self.hit(
            i,
            i + 1,
            Some(duration_value(1.0, u)?),
            TimeExpr::SET,
            unit_grain(u),
            "periodic",
        ))
    }
}

pub(super) fn unit_grain(u: Unit) -> &'static str {
    match u {
        Unit::Second => "second",
        Unit::Minute => "minute",
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Weekend => "weekend",
        Unit::Week | Unit::Fortnight => "week",
        Unit::Month => "month",
        Unit::Quarter => "quarter",
        Unit::Year => "year",
        Unit::Decade => "decade",
        Unit::Century => "century",
    }
}

/// ISO 8601 duration of `n` units ("PT3H", "P80Y", "P2Y6M"); `None` for numbers too large
/// to be a length of time anyone means.
pub fn duration_value(n: f64, u: Unit) -> Option<String> {
    if !n.is_finite() || !(0.0..=1.0e6).contains(&n) {
        return None;
    }
    let (n, unit, time) = match u {
        Unit::Second => (n, 'S', true),
        Unit::Minute => (n, 'M', true),
        Unit::Hour => (n, 'H', true),
        Unit::Day => (n, 'D', false),
        Unit::Weekend => (n * 2.0, 'D', false),
        Unit::Week => (n, 'W', false),
        Unit::Fortnight => (n * 2.0, 'W', false),
        Unit::Month => (n, 'M', false),
        Unit::Quarter => (n * 3.0, 'M', false),
        Unit::Year => (n, 'Y', false),
        Unit::Decade => (n * 10.0, 'Y', false),
        Unit::Century => (n * 100.0, 'Y', false),
    };
    let t = if time { "T" } else { "" };
    if n.fract() == 0.0 {
        return Some(format!("P{t}{}{unit}", n as u64));
    }
    // Half units: "2 1/2 years" → P2Y6M, "1.5 hours" → PT1H30M.
    let (smaller, per) = match unit {
        'Y' => ('M', 12.0),
        'D' if !time => {
            return Some(format!(
                "P{}DT{}H",
                n.trunc() as u64,
                (n.fract() * 24.0).round() as u64
            ));
        }
        'H' => ('M', 60.0),
        'M' if time => ('S', 60.0),
        'M' => ('D', 30.0),
        'W' => ('D', 7.0),
        _ => return Some(format!("P{t}{n}{unit}")),
    };
    let whole = n.trunc() as u64;
    let part = (n.fract() * per).round() as u64;
    Some(if whole == 0 {
        format!("P{t}{part}{smaller}")
    } else {
        format!("P{t}{whole}{unit}{part}{smaller}")
    })
}

fn vague_duration(u: Unit) -> String {
    match u {
        Unit::Second => "PTXS",
        Unit::Minute => "PTXM",
        Unit::Hour => "PTXH",
        Unit::Day | Unit::Weekend => "PXD",
        Unit::Week | Unit::Fortnight => "PXW",
        Unit::Month | Unit::Quarter => "PXM",
        Unit::Year => "PXY",
        Unit::Decade => "PXDE",
        Unit::Century => "PXCE",
    }
    .to_string()
}

/// The lower-cased word before token `i`, or "" at the start of the sentence.
fn prev_word<'a>(m: &Matcher<'a>, i: usize) -> &'a str {
    if i > 0 { m.low(i - 1) } else { "" }
}
