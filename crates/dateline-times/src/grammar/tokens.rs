//! Token access and quantities: the small readers every sub-parser builds on.
//!
//! Separate because they know nothing of time expressions: they turn token indices into
//! lower-cased text, token classes, integers, days of the month and four-digit years (with
//! the checks that keep counts and money out), and read a number of units ("three", "a
//! couple of", "2 1/2") and a unit word. Out-of-range indices read as nothing, so callers
//! may look ahead freely.

use super::{Matcher, Qty};
use crate::lexicon::{Lex, Unit};
use dateline_doc::TokenKind;

impl<'a> Matcher<'a> {
    #[inline]
    pub(super) fn lex(&self, i: usize) -> Lex {
        self.lex.get(i).copied().unwrap_or(Lex::Other)
    }

    #[inline]
    pub(super) fn low(&self, i: usize) -> &'a str {
        match self.low.get(i) {
            Some(&(s, e)) => &self.buf[s as usize..e as usize],
            None => "",
        }
    }

    #[inline]
    pub(super) fn raw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.norm.range()],
            None => "",
        }
    }

    #[inline]
    pub(super) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    pub(super) fn is(&self, i: usize, word: &str) -> bool {
        self.low(i) == word
    }

    /// A plain unsigned integer token ("15", "2025"; not "3,000" or "7.2").
    pub(super) fn int(&self, i: usize) -> Option<i32> {
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let s = self.raw(i);
        if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }

    /// A day of the month: "15", "15th", "1st".
    pub(super) fn day_num(&self, i: usize) -> Option<i32> {
        if let Lex::Ord(n) = self.lex(i)
            && (1..=31).contains(&n)
        {
            return Some(n as i32);
        }
        if self.kind(i) != Some(TokenKind::Number) {
            // "twenty-second", "thirty-first"
            let (tens, unit) = self.low(i).split_once('-')?;
            return match (self.lexicon.get(tens), self.lexicon.get(unit)) {
                (Lex::Num(t @ (20 | 30)), Lex::Ord(u)) if (1..=9).contains(&u) && t + u <= 31 => {
                    Some((t + u) as i32)
                }
                _ => None,
            };
        }
        let s = self.low(i);
        let digits = s.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        let suffix = &s[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
            || digits.is_empty()
            || digits.len() > 2
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let n: i32 = digits.parse().ok()?;
        (1..=31).contains(&n).then_some(n)
    }

    /// A four-digit year at `i` ("1867", "2025"), with the context checks that keep
    /// counts ("2000 troops") and money out.
    pub(super) fn year(&self, i: usize) -> Option<i32> {
        let y = self.int(i)?;
        if self.raw(i).len() != 4 || !(1000..=2100).contains(&y) {
            return None;
        }
        let prev = if i > 0 { self.low(i - 1) } else { "" };
        if matches!(
            prev,
            "$" | "€"
                | "£"
                | "¥"
                | "#"
                | "no"
                | "number"
                | "route"
                | "flight"
                | "page"
                | "room"
                | "article"
                | "resolution"
                | "section"
                | "rule"
                | "chapter"
                | "model"
                | "version"
        ) {
            return None;
        }
        let next = self.low(i + 1);
        if matches!(
            next,
            "%" | "percent"
                | "per"
                | "million"
                | "billion"
                | "thousand"
                | "people"
                | "troops"
                | "soldiers"
                | "km"
                | "miles"
                | "meters"
                | "metres"
                | "kilometers"
                | "kilometres"
                | "tons"
                | "tonnes"
                | "feet"
                | "pounds"
                | "dollars"
                | "euros"
                | "votes"
                | "members"
                | "cases"
                | "deaths"
                | "workers"
                | "jobs"
                | "units"
                | "homes"
                | "acres"
                | "hectares"
                | "students"
                | "employees"
                | "residents"
                | "seats"
                | "points"
                | "households"
                | "vehicles"
                | "cars"
        ) {
            return None;
        }
        if y < 1800
            && !matches!(
                prev,
                "in" | "since" | "until" | "circa" | "c" | "ad" | "around"
            )
        {
            return None;
        }
        Some(y)
    }

    /// A number of units: "3", "three", "twenty four", "a", "a few", "a couple of",
    /// "2 1/2", "a hundred".
    pub(super) fn qty(&self, i: usize) -> Option<(Qty, usize)> {
        let l = self.lex(i);
        let (mut q, mut j) = match l {
            Lex::Num(n) => {
                let mut n = n as f64;
                let mut j = i + 1;
                if n >= 20.0
                    && let Lex::Num(u) = self.lex(j)
                    && (1..10).contains(&u)
                {
                    n += u as f64;
                    j += 1;
                }
                (Qty::N(n), j)
            }
            Lex::Article => match self.lex(i + 1) {
                Lex::Vague => (Qty::Vague, i + 2),
                Lex::Couple => (Qty::N(2.0), i + 2 + self.is(i + 2, "of") as usize),
                Lex::Hundred => (Qty::N(100.0), i + 2),
                Lex::Num(12) if self.is(i + 1, "dozen") => (Qty::N(12.0), i + 2),
                Lex::Half => (Qty::N(0.5), i + 2),
                _ => (Qty::N(1.0), i + 1),
            },
            Lex::Vague => (Qty::Vague, i + 1),
            Lex::Couple => (Qty::N(2.0), i + 1 + self.is(i + 1, "of") as usize),
            Lex::Half => (Qty::N(0.5), i + 1),
            _ if self.kind(i) == Some(TokenKind::Number) => {
                let s = self.raw(i).replace(',', "");
                let n: f64 = s.parse().ok().filter(|n: &f64| n.is_finite())?;
                let mut j = i + 1;
                let mut n = n;
                if self.raw(j) == "1/2" {
                    n += 0.5;
                    j += 1;
                }
                (Qty::N(n), j)
            }
            _ if self.low(i).contains('-') => {
                // "twenty-four"
                let mut total = 0u32;
                for part in self.low(i).split('-') {
                    match self.lexicon.get(part) {
                        Lex::Num(n) => total += n,
                        _ => return None,
                    }
                }
                (Qty::N(total as f64), i + 1)
            }
            _ => return None,
        };
        if let (Qty::N(n), Lex::Hundred) = (q, self.lex(j)) {
            q = Qty::N(n * 100.0);
            j += 1;
        }
        Some((q, j))
    }

    /// A unit at `i`; "second" counts as the unit here.
    pub(super) fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Lex::Unit(u, p) => Some((u, p)),
            Lex::Ord(2) if self.is(i, "second") => Some((Unit::Second, false)),
            _ => None,
        }
    }
}
