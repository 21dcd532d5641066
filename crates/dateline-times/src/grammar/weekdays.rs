//! Weekdays, parts of the day after them, and weekends.
//!
//! Separate because a weekday is the one form resolved purely by tense within the week of
//! the anchor: "Friday" is the last Friday in a past clause and the next one in a future
//! clause. "Friday night" widens the span but keeps the day's value; "the weekend" is an
//! ISO week's weekend.

use super::{Hit, Matcher, NO_ANCHOR, Tense};
use crate::calendar::{self as cal, PARTS};
use crate::lexicon::Lex;
use dateline_doc::TimeExpr;

impl<'a> Matcher<'a> {
    pub(super) fn weekend(&self, start: usize, end: usize, shift: i64) -> Option<Hit> {
        let Some(a) = self.anchor else {
            return Some(self.unresolved(
                start,
                end,
                TimeExpr::DATE,
                "weekend",
                NO_ANCHOR,
                "weekend",
            ));
        };
        let d = cal::add_days(a, 7 * shift)?;
        let mut h = self.hit(
            start,
            end,
            Some(format!("{}-WE", cal::fmt_week(d))),
            TimeExpr::DATE,
            "weekend",
            "weekend",
        );
        h.anchored = true;
        Some(h)
    }

    pub(super) fn weekday(&self, i: usize) -> Option<Hit> {
        let Lex::Weekday(wd, plural) = self.lex(i) else {
            return None;
        };
        if !self.capitalized(i) {
            return None;
        }
        let wd = wd as i32;
        if plural {
            let mut v = format!("XXXX-WXX-{wd}");
            let mut end = i + 1;
            if let Lex::Part(p) = self.lex(i + 1) {
                v.push('T');
                v.push_str(PARTS[p as usize]);
                end += 1;
            } else if let Lex::Unit(..) = self.lex(i + 1) {
                return None;
            }
            return Some(self.hit(i, end, Some(v), TimeExpr::SET, "day", "weekday-plural"));
        }
        // "on Tuesday nights", "on Monday and Thursday evenings": a set, like "Mondays".
        let mut k = i + 1;
        if matches!(self.low(k), "and" | "or") && matches!(self.lex(k + 1), Lex::Weekday(_, false))
        {
            k += 2;
        }
        if let Lex::Parts(p) = self.lex(k) {
            let end = if k == i + 1 { k + 1 } else { i + 1 };
            let v = format!("XXXX-WXX-{wd}T{}", PARTS[p as usize]);
            return Some(self.hit(i, end, Some(v), TimeExpr::SET, "day", "weekday-plural"));
        }
        // "Friday, Aug. 15, 2025": the date decides.
        let mut j = i + 1;
        if self.is(j, ",") {
            j += 1;
        }
        if matches!(self.lex(j), Lex::Month(_)) {
            if let Some(mut h) = self.month(j)
                && h.grain == Some("day")
            {
                h.start = i;
                h.rule = "weekday-date";
                // Without a year, the weekday says which year is meant.
                if h.anchored
                    && let (Some(d), Some(a)) = (h.day, self.anchor)
                    && cal::weekday(d) != wd
                {
                    let ay = a.year() as i32;
                    let (m, dd) = (d.month() as i32, d.day() as i32);
                    if let Some(d2) = [ay, ay - 1, ay + 1]
                        .into_iter()
                        .filter_map(|y| cal::date(y, m, dd))
                        .find(|c| cal::weekday(*c) == wd)
                    {
                        h.day = Some(d2);
                        h.value = Some(cal::fmt_day(d2));
                    }
                }
                return Some(h);
            }
        } else if self.day_num(j).is_some()
            && let Some(mut h) = self.day_month(j)
        {
            h.start = i;
            h.rule = "weekday-date";
            return Some(h);
        }
        let Some(a) = self.anchor else {
            return Some(self.unresolved(i, i + 1, TimeExpr::DATE, "day", NO_ANCHOR, "weekday"));
        };
        let d = match self.tense(i, i + 1) {
            Tense::Future => cal::weekday_after(a, wd, false),
            _ => cal::weekday_before(a, wd, false),
        };
        let h = self.day_hit(i, i + 1, d, true, "weekday");
        Some(self.with_time(self.with_part(h)))
    }

    /// "Friday night": the span takes the part of the day, the value stays at the day (the
    /// way TempEval and GUM annotate it; "tonight" and "this morning" keep the part).
    pub(super) fn with_part(&self, mut h: Hit) -> Hit {
        if let Lex::Part(_) = self.lex(h.end)
            && h.grain == Some("day")
        {
            h.end += 1;
        }
        h
    }
}
