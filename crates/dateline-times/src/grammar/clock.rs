//! Times of day: "10:30 a.m.", "10 p.m. EDT", "noon", "22:30 GMT".
//!
//! Separate because clock times have their own token shapes (colons, "a.m.", zone names)
//! and attach to a day rather than standing alone: [`Matcher::clock`] reads a time and an
//! optional day after it, and [`Matcher::with_time`] extends a day-grain hit ("Friday at
//! 10 a.m.") with the time's suffix.

use super::{Hit, Matcher, NO_ANCHOR};
use crate::calendar as cal;
use crate::lexicon::{Deictic, Lex};
use dateline_doc::{TimeExpr, TokenKind};

impl<'a> Matcher<'a> {
    /// A day-grain hit extended by a time of day: "Friday at 10 a.m.", "Aug. 15 at noon".
    pub(super) fn with_time(&self, h: Hit) -> Hit {
        if h.grain != Some("day") {
            return h;
        }
        let j = if self.is(h.end, "at") {
            h.end + 1
        } else {
            h.end
        };
        let Some((hh, mm, end)) = self.clock_parts(j) else {
            return h;
        };
        let mut h = h;
        h.end = end;
        if let Some(v) = h.value.as_mut() {
            v.push_str(&time_suffix(hh, mm));
        }
        h.kind = TimeExpr::TIME;
        h.grain = Some(if mm == 0 { "hour" } else { "minute" });
        h
    }

    /// "10:30 a.m.", "10 p.m. EDT", "noon", "22:30 GMT", followed by an optional day.
    pub(super) fn clock(&self, i: usize) -> Option<Hit> {
        let (hh, mm, end) = self.clock_parts(i)?;
        let grain = if mm == 0 { "hour" } else { "minute" };
        // "10 p.m. Wednesday", "noon Thursday", "10:30 a.m. on Friday", "3 p.m. today"
        let day_at = |j: usize| {
            let j = if self.is(j, "on") { j + 1 } else { j };
            match self.lex(j) {
                Lex::Weekday(_, false) => self
                    .weekday(j)
                    .filter(|h| h.grain == Some("day") && h.end == j + 1),
                Lex::Deictic(Deictic::Today | Deictic::Yesterday | Deictic::Tomorrow) => {
                    self.deictic(j).filter(|h| h.end == j + 1)
                }
                _ => None,
            }
        };
        let (base, end, anchored) = match day_at(end) {
            Some(d) => (d.value.clone(), d.end, true),
            // The same time in another zone between them, "10:35 a.m. (0735 GMT) Friday":
            // the day is the time's, and stays an expression of its own.
            None => match self.after_other_zone(end).and_then(day_at) {
                Some(d) => (d.value.clone(), end, true),
                None => (self.anchor.map(cal::fmt_day), end, true),
            },
        };
        let mut h = self.hit(i, end, None, TimeExpr::TIME, grain, "clock");
        h.anchored = anchored;
        match base {
            Some(b) => h.value = Some(format!("{b}{}", time_suffix(hh, mm))),
            None => h.reason = Some(NO_ANCHOR),
        }
        Some(h)
    }

    /// The token after a parenthesis at `i` that holds a time of day and nothing more:
    /// "(0735 GMT)", "(1430 local time)", "(3:35 a.m. EDT)".
    fn after_other_zone(&self, i: usize) -> Option<usize> {
        if !self.is(i, "(") {
            return None;
        }
        let military = self.kind(i + 1) == Some(TokenKind::Number)
            && self.raw(i + 1).len() == 4
            && self.raw(i + 1).bytes().all(|b| b.is_ascii_digit());
        let end = if military {
            self.zone_end(i + 2)?
        } else {
            self.clock_parts(i + 1)?.2
        };
        self.is(end, ")").then_some(end + 1)
    }

    /// The end of a time zone's name at `i` ("GMT", "EDT", "local time"), if one is there.
    fn zone_end(&self, i: usize) -> Option<usize> {
        if let Lex::Zone(_) = self.lex(i)
            && self.raw(i).bytes().all(|c| c.is_ascii_uppercase())
        {
            Some(i + 1)
        } else if self.is(i, "local") && self.is(i + 1, "time") {
            Some(i + 2)
        } else {
            None
        }
    }

    /// Where a time of day that ends right before `s` starts ("9 a.m. EST" before
    /// "Tuesday"), or `s` when none does.
    pub(super) fn clock_start_before(&self, s: usize) -> usize {
        (s.saturating_sub(4)..s)
            .find(|&k| self.clock_parts(k).is_some_and(|(_, _, e)| e == s))
            .unwrap_or(s)
    }

    /// Hours, minutes and the end of a time of day at `i`. A zone name after the time
    /// ("10 p.m. EDT") belongs to the span but not to the value: TIMEX3 values in TimeBank
    /// and TempEval give the local clock time, the way the text does.
    fn clock_parts(&self, i: usize) -> Option<(i32, i32, usize)> {
        let (mut hh, mm, mut end, explicit) = match self.lex(i) {
            Lex::Noon => (12, 0, i + 1, true),
            Lex::Midnight => (0, 0, i + 1, true),
            _ => {
                if self.kind(i) != Some(TokenKind::Number) {
                    return None;
                }
                let s = self.raw(i);
                if let Some((h, m)) = s.split_once(':') {
                    if m.len() != 2 || h.is_empty() || h.len() > 2 {
                        return None;
                    }
                    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                    if h > 24 || m > 59 {
                        return None;
                    }
                    (h, m, i + 1, true)
                } else {
                    let h: i32 = self.int(i)?;
                    if !(1..=12).contains(&h) || s.len() > 2 {
                        return None;
                    }
                    (h, 0, i + 1, false)
                }
            }
        };
        let mut ampm = false;
        if let Lex::AmPm(pm) = self.lex(end) {
            ampm = true;
            if pm && hh < 12 {
                hh += 12;
            } else if !pm && hh == 12 {
                hh = 0;
            }
            end += 1;
        } else if self.is(end, "o'clock") {
            ampm = true;
            end += 1;
        }
        if !explicit && !ampm {
            return None;
        }
        Some((hh, mm, self.zone_end(end).unwrap_or(end)))
    }
}

fn time_suffix(hh: i32, mm: i32) -> String {
    format!("T{hh:02}:{mm:02}")
}
