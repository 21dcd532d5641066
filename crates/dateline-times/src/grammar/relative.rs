//! Relative expressions: "last / next / this / the following ..." and deictic words.
//!
//! Separate because these shift a unit containing the anchor (or, for "the following
//! year", the reference date the text last mentioned) by a signed count: "last week",
//! "next March", "this year", "the next day", and deictic words such as "today",
//! "yesterday", "tonight".

use super::{Hit, Matcher, NO_ANCHOR, NO_REFERENCE, Tense, durations::unit_grain};
use crate::calendar::{self as cal, PARTS, SEASONS};
use crate::lexicon::{Deictic, Lex, Rel, Unit};
use dateline_doc::TimeExpr;
use jiff::civil::Date;

impl<'a> Matcher<'a> {
    pub(super) fn relative(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Rel(mut rel) = self.lex(i) else {
            return None;
        };
        let with_the = start < i;
        let mut j = i + 1;
        // "this past Friday", "this coming Sunday"
        if rel == Rel::This {
            match self.lex(j) {
                Lex::Rel(Rel::Past) => {
                    rel = Rel::Last;
                    j += 1;
                }
                Lex::Rel(Rel::Coming) => {
                    rel = Rel::Coming;
                    j += 1;
                }
                _ => {}
            }
        }
        let target = self.lex(j);
        // Reference-based: "the following year", "the next day", "that day", "the same day".
        let from_reference = matches!(rel, Rel::Following | Rel::Same | Rel::That)
            || (with_the && matches!(rel, Rel::Next | Rel::Previous));
        if from_reference {
            let Lex::Unit(u, false) = target else {
                return None;
            };
            if !with_the && rel != Rel::That {
                return None;
            }
            let shift = match rel {
                Rel::Following | Rel::Next => 1,
                Rel::Previous => -1,
                _ => 0,
            };
            // "that year" goes back to the last year mentioned even when no day was
            // ("returned to Cuba in June 1998 ... later that year").
            let reference = match u {
                Unit::Year | Unit::Decade | Unit::Century => self.reference_year,
                Unit::Month | Unit::Quarter => self.reference_month,
                _ => self.reference,
            };
            let Some(r) = reference.or(self.anchor) else {
                return Some(self.unresolved(
                    start,
                    j + 1,
                    TimeExpr::DATE,
                    unit_grain(u),
                    NO_REFERENCE,
                    "reference",
                ));
            };
            let mut h = self.shifted(start, j + 1, r, u, shift, "reference")?;
            h.anchored = true;
            return Some(h);
        }
        if matches!(rel, Rel::Recent | Rel::Past) {
            return None;
        }
        let shift: i64 = match rel {
            Rel::Last | Rel::Previous => -1,
            Rel::Next | Rel::Coming => 1,
            _ => 0,
        };
        if with_the && rel == Rel::Last {
            // "the last week" is a duration (see `duration`); "the last Friday" is rare.
            return None;
        }
        let Some(a) = self.anchor else {
            return match target {
                Lex::Unit(..)
                | Lex::Weekday(..)
                | Lex::Month(_)
                | Lex::Season(_)
                | Lex::Part(_) => Some(self.unresolved(
                    start,
                    j + 1,
                    TimeExpr::DATE,
                    "day",
                    NO_ANCHOR,
                    "relative",
                )),
                _ => None,
            };
        };
        let (ay, am) = (a.year() as i32, a.month() as i32);
        let mut h = match target {
            Lex::Unit(Unit::Weekend, false) => self.weekend(start, j + 1, shift)?,
            Lex::Unit(u, false) => self.shifted(start, j + 1, a, u, shift, "relative")?,
            Lex::Weekday(wd, false) => {
                // "this coming Sunday, March 8": the date decides.
                if let Some(mut h) = self.weekday(j).filter(|h| h.rule == "weekday-date") {
                    h.start = start;
                    return Some(h);
                }
                let wd = wd as i32;
                let d = match shift {
                    -1 => cal::weekday_before(a, wd, true),
                    1 => cal::weekday_after(a, wd, true),
                    _ => match self.tense(start, j + 1) {
                        Tense::Future => cal::weekday_after(a, wd, false),
                        _ => cal::weekday_before(a, wd, false),
                    },
                };
                self.with_part(self.day_hit(start, j + 1, d, true, "relative-weekday"))
            }
            Lex::Month(m) if self.capitalized(j) => {
                let m = m as i32;
                let y = match shift {
                    -1 if m < am => ay,
                    -1 => ay - 1,
                    1 if m > am => ay,
                    1 => ay + 1,
                    _ => ay,
                };
                let mut h = self.hit(
                    start,
                    j + 1,
                    cal::fmt_month(y, m),
                    TimeExpr::DATE,
                    "month",
                    "relative-month",
                );
                if let Some(h2) = self.day_after_month(&h, j + 1, y, m) {
                    h = h2;
                }
                h
            }
            Lex::Season(s) => {
                let s = s as i32;
                let cur = cal::season_of(am);
                // January and February belong to the winter that began the year before.
                let ay = if am <= 2 { ay - 1 } else { ay };
                let y = match shift {
                    -1 if s < cur => ay,
                    -1 => ay - 1,
                    1 if s > cur => ay,
                    1 => ay + 1,
                    _ => ay,
                };
                self.hit(
                    start,
                    j + 1,
                    cal::fmt_year(y).map(|v| format!("{v}-{}", SEASONS[s as usize])),
                    TimeExpr::DATE,
                    "season",
                    "relative-season",
                )
            }
            Lex::Part(p) => {
                let d = match shift {
                    -1 => cal::add_days(a, -1),
                    1 => cal::add_days(a, 1),
                    _ => Some(a),
                };
                let mut h = self.day_hit(start, j + 1, d, true, "relative-part-of-day");
                if let Some(v) = h.value.as_mut() {
                    v.push('T');
                    v.push_str(PARTS[p as usize]);
                    h.kind = TimeExpr::TIME;
                    h.grain = Some("part_of_day");
                }
                h
            }
            _ => return None,
        };
        h.anchored = true;
        Some(h)
    }

    /// "Month" followed by a day ("last May 5") is rare; kept for "next March 3".
    fn day_after_month(&self, _h: &Hit, j: usize, y: i32, m: i32) -> Option<Hit> {
        let d = self.day_num(j)?;
        Some(self.day_hit(
            _h.start,
            j + 1,
            cal::date(y, m, d),
            true,
            "relative-month-day",
        ))
    }

    /// The unit containing `base` shifted by `shift` units: "last week", "next month".
    pub(super) fn shifted(
        &self,
        start: usize,
        end: usize,
        base: Date,
        u: Unit,
        shift: i64,
        rule: &'static str,
    ) -> Option<Hit> {
        let (y, m) = (base.year() as i32, base.month() as i32);
        let h = match u {
            Unit::Day => self.day_hit(start, end, cal::add_days(base, shift), true, rule),
            Unit::Week | Unit::Fortnight => {
                let d = cal::add_days(base, 7 * shift)?;
                self.hit(
                    start,
                    end,
                    Some(cal::fmt_week(d)),
                    TimeExpr::DATE,
                    "week",
                    rule,
                )
            }
            Unit::Month => {
                let (ny, nm) = cal::shift_month(y, m, shift as i32);
                self.hit(
                    start,
                    end,
                    cal::fmt_month(ny, nm),
                    TimeExpr::DATE,
                    "month",
                    rule,
                )
            }
            Unit::Quarter => {
                let q = (m - 1) / 3 + shift as i32;
                let (ny, nq) = (y + q.div_euclid(4), q.rem_euclid(4) + 1);
                self.hit(
                    start,
                    end,
                    cal::fmt_year(ny).map(|v| format!("{v}-Q{nq}")),
                    TimeExpr::DATE,
                    "quarter",
                    rule,
                )
            }
            Unit::Year => self.hit(
                start,
                end,
                cal::fmt_year(y + shift as i32),
                TimeExpr::DATE,
                "year",
                rule,
            ),
            Unit::Decade => self.hit(
                start,
                end,
                Some(format!("{}X", y / 10 + shift as i32)),
                TimeExpr::DATE,
                "decade",
                rule,
            ),
            Unit::Century => self.hit(
                start,
                end,
                Some(format!("{:02}", y / 100 + shift as i32)),
                TimeExpr::DATE,
                "century",
                rule,
            ),
            Unit::Weekend => return self.weekend(start, end, shift),
            Unit::Hour | Unit::Minute | Unit::Second => return None,
        };
        let mut h = h;
        h.anchored = true;
        Some(h)
    }

    pub(super) fn deictic(&self, i: usize) -> Option<Hit> {
        let Lex::Deictic(d) = self.lex(i) else {
            return None;
        };
        let start = if i > 0 && self.is(i - 1, "right") && d == Deictic::Now {
            i - 1
        } else {
            i
        };
        let shift = match d {
            Deictic::Now | Deictic::Currently | Deictic::Nowadays => {
                return Some(self.vague(start, i + 1, "PRESENT_REF", "now"));
            }
            Deictic::Recently | Deictic::Previously => {
                return Some(self.vague(start, i + 1, "PAST_REF", "recently"));
            }
            Deictic::Today | Deictic::Tonight => 0,
            Deictic::Yesterday => -1,
            Deictic::Tomorrow => 1,
        };
        let Some(a) = self.anchor else {
            return Some(self.unresolved(i, i + 1, TimeExpr::DATE, "day", NO_ANCHOR, "deictic"));
        };
        let h = self.day_hit(i, i + 1, cal::add_days(a, shift), true, "deictic");
        if d == Deictic::Tonight {
            let mut h = h;
            if let Some(v) = h.value.as_mut() {
                v.push_str("TNI");
            }
            h.kind = TimeExpr::TIME;
            h.grain = Some("part_of_day");
            return Some(h);
        }
        Some(self.with_time(self.with_part(h)))
    }
}
