//! The grammar: recognises time expressions at a token position and resolves them.
//!
//! A hand-written longest-match parser over the token classes of one sentence
//! ([`Lex`](crate::lexicon::Lex)). Each sub-parser looks a bounded number of tokens ahead, so
//! a sentence costs O(tokens). Resolution happens as soon as an expression is recognised,
//! against the publication date (the anchor), the sentence's tense (for "Friday",
//! "February", "Aug. 15" without a year) and, for "the next day" / "the following year", the
//! last date the text itself mentioned (the reference), as HeidelTime does.

use crate::calendar::{self as cal, PARTS, SEASONS};
use crate::lexicon::{Deictic, Holiday, Lex, Lexicon, MULTI_WORD_HOLIDAYS, Mod, Rel, Unit};
use dateline_doc::{TimeExpr, Token, TokenKind};
use jiff::civil::Date;

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
}

#[derive(Debug, Clone, Copy)]
enum Qty {
    N(f64),
    Vague,
}

impl<'a> Matcher<'a> {
    // ---- token access -------------------------------------------------------------------

    #[inline]
    fn lex(&self, i: usize) -> Lex {
        self.lex.get(i).copied().unwrap_or(Lex::Other)
    }

    #[inline]
    fn low(&self, i: usize) -> &'a str {
        match self.low.get(i) {
            Some(&(s, e)) => &self.buf[s as usize..e as usize],
            None => "",
        }
    }

    #[inline]
    fn raw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.norm.range()],
            None => "",
        }
    }

    #[inline]
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.low(i) == word
    }

    /// A plain unsigned integer token ("15", "2025"; not "3,000" or "7.2").
    fn int(&self, i: usize) -> Option<i32> {
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
    fn day_num(&self, i: usize) -> Option<i32> {
        if let Lex::Ord(n) = self.lex(i)
            && (1..=31).contains(&n)
        {
            return Some(n as i32);
        }
        if self.kind(i) != Some(TokenKind::Number) {
            return None;
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
    fn year(&self, i: usize) -> Option<i32> {
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

    // ---- tense --------------------------------------------------------------------------

    /// The tense of the clause around tokens `[s, e)`: the nearest tense cue within a few
    /// tokens wins, the left one on a tie (the governing verb usually comes first: "met
    /// Monday", "will meet on Monday").
    pub fn tense(&self, s: usize, e: usize) -> Tense {
        const WINDOW: usize = 8;
        // A bare "-ed" word to the right is more often a participle of the noun phrase that
        // follows ("by August in the search for markets untouched by ...") than the clause's
        // verb, so it counts only close to the expression.
        const RIGHT_PARTICIPLE: usize = 3;
        let n = self.toks.len();
        // "as soon as Tuesday", "as early as next week": an earliest date, in the future.
        if s >= 3 && self.is(s - 1, "as") && self.is(s - 3, "as") {
            return Tense::Future;
        }
        for d in 1..=WINDOW {
            if d <= s {
                let t = self.cue(s - d, true);
                if t != Tense::Unknown {
                    return t;
                }
            }
            if e + d - 1 < n {
                let t = self.cue(e + d - 1, false);
                if t != Tense::Unknown && (d <= RIGHT_PARTICIPLE || !self.weak_past(e + d - 1)) {
                    return t;
                }
            }
        }
        // Without a verb cue, a deadline looks ahead: "by Jan. 14", "until March 6".
        if s > 0 && matches!(self.low(s - 1), "by" | "until" | "till") {
            return Tense::Future;
        }
        Tense::Unknown
    }

    /// Whether the cue at `i` is only the generic "-ed" ending (no auxiliary, no listed
    /// irregular verb).
    fn weak_past(&self, i: usize) -> bool {
        let w = self.low(i);
        w.ends_with("ed")
            && !matches!(
                w,
                "had" | "did" | "planned" | "scheduled" | "expected" | "postponed" | "delayed"
            )
    }

    fn cue(&self, i: usize, left: bool) -> Tense {
        let w = self.low(i);
        let prev = if i > 0 { self.low(i - 1) } else { "" };
        let next = self.low(i + 1);
        match w {
            "will" | "'ll" | "shall" | "wo" | "plans" | "intends" | "upcoming" | "tomorrow"
            | "next" | "aims" | "expects" => return Tense::Future,
            // Planning verbs govern a later date when they come first ("planned to leave
            // on Thursday", "postponed until Tuesday"); after the date they are the
            // clause's own past ("On Friday, the government planned ...").
            "plan" | "planned" | "planning" | "scheduled" | "slated" | "expected" | "postponed"
            | "delayed"
                if left =>
            {
                return Tense::Future;
            }
            "going" | "set" | "due" | "poised" | "is" | "are" if next == "to" => {
                return Tense::Future;
            }
            "has" | "have" | "had"
                if next.ends_with("ed") || next.ends_with("en") || next == "been" =>
            {
                return Tense::Past;
            }
            _ => {}
        }
        // A participle after "be" is passive, not past: "must be returned by Jan. 14".
        let passive = matches!(
            prev,
            "be" | "been" | "being" | "is" | "are" | "am" | "get" | "gets" | "to"
        );
        match w {
            "was" | "were" | "had" | "did" | "ago" | "last" | "yesterday" | "former" => {
                return Tense::Past;
            }
            "said" | "told" | "met" | "went" | "came" | "took" | "made" | "gave" | "held"
            | "began" | "left" | "won" | "lost" | "saw" | "sent" | "fell" | "rose" | "spoke"
            | "ran" | "became" | "found" | "got" | "struck" | "brought" | "thought" | "knew"
            | "led" | "paid" | "sold" | "bought" | "wrote" | "stood" | "broke" | "chose"
            | "flew" | "grew" | "heard" | "kept" | "meant" | "spent" | "shot" | "fought"
                if !passive =>
            {
                return Tense::Past;
            }
            _ => {}
        }
        if w.len() > 4
            && w.ends_with("ed")
            && !passive
            && self.kind(i) == Some(TokenKind::Word)
            && !matches!(
                w,
                "indeed"
                    | "hundred"
                    | "proceed"
                    | "exceed"
                    | "succeed"
                    | "speed"
                    | "breed"
                    | "need"
                    | "feed"
                    | "seed"
                    | "embed"
                    | "united"
                    | "armed"
                    | "based"
                    | "related"
                    | "limited"
                    | "interested"
                    | "concerned"
                    | "expected"
                    | "scheduled"
                    | "supposed"
                    | "detailed"
                    | "advanced"
                    | "red"
                    | "planned"
            )
        {
            return Tense::Past;
        }
        Tense::Unknown
    }

    // ---- entry point --------------------------------------------------------------------

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
        }
        if hyphenated {
            take(self.hyphenated(i));
        }
        if matches!(l, Lex::Other) && self.low(i) == "new" {
            take(self.holiday(i));
        }
        best
    }

    // ---- constructors -------------------------------------------------------------------

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

    // ---- quantities and units ------------------------------------------------------------

    /// A number of units: "3", "three", "twenty four", "a", "a few", "a couple of",
    /// "2 1/2", "a hundred".
    fn qty(&self, i: usize) -> Option<(Qty, usize)> {
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
    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Lex::Unit(u, p) => Some((u, p)),
            Lex::Ord(2) if self.is(i, "second") => Some((Unit::Second, false)),
            _ => None,
        }
    }

    // ---- durations ----------------------------------------------------------------------

    /// "about", "nearly", "more than", "at least", "up to" before a duration.
    fn approx(&self, i: usize) -> Option<Hit> {
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
    fn duration(&self, i: usize, start: usize) -> Option<Hit> {
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
        // "two days ago" is a point in time. "A day earlier", "two hours later" stay
        // durations: TimeML marks the length and leaves the point to the event it is
        // measured from.
        if rel.is_none() && self.lex(end) == Lex::Ago {
            return Some(self.ago(start, end + 1, q, u, -1, true));
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
    fn hyphenated(&self, i: usize) -> Option<Hit> {
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

    // ---- "the ..." ----------------------------------------------------------------------

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
            Lex::Unit(Unit::Year, false) if self.year(j + 1).is_some() => {
                let y = self.year(j + 1)?;
                take(Some(self.hit(
                    i,
                    j + 2,
                    cal::fmt_year(y),
                    TimeExpr::DATE,
                    "year",
                    "the-year-n",
                )));
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

    /// "nineteen ninety-six", "nineteen seventy-nine" (transcribed broadcast news).
    fn spoken_year(&self, i: usize, n: u32) -> Option<Hit> {
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

    /// "the nineties", "the sixties": the decade of the anchor's century.
    fn decade_word(&self, i: usize, start: usize, d: u8) -> Option<Hit> {
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
            Some(format!("{century}{d}")),
            TimeExpr::DATE,
            "decade",
            "decade-word",
        ))
    }

    fn weekend(&self, start: usize, end: usize, shift: i64) -> Option<Hit> {
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

    // ---- relative: last / next / this / the following ... -------------------------------

    fn relative(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Rel(mut rel) = self.lex(i) else {
            return None;
        };
        let with_the = start < i;
        let mut j = i + 1;
        // "this past Friday"
        if rel == Rel::This && self.lex(j) == Lex::Rel(Rel::Past) {
            rel = Rel::Last;
            j += 1;
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
    fn shifted(
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
                Some(format!("{}", y / 10 + shift as i32)),
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

    // ---- months and days ----------------------------------------------------------------

    /// "Aug. 15, 2025", "August 15", "February 2022", "February of 2022", "January this
    /// year", bare "February".
    fn month(&self, i: usize) -> Option<Hit> {
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
        if let Some(y) = self.year(j) {
            return Some(self.hit(
                i,
                j + 1,
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
        if w.len() <= 4 && w != "june" && w != "july" && !self.raw(i).ends_with('.') {
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

    fn bare_month(&self, start: usize, end: usize, m: i32, rule: &'static str) -> Hit {
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
    fn day_month(&self, i: usize) -> Option<Hit> {
        self.day_month_at(i, i)
    }

    fn day_month_at(&self, i: usize, start: usize) -> Option<Hit> {
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

    // ---- weekdays -----------------------------------------------------------------------

    fn weekday(&self, i: usize) -> Option<Hit> {
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
    fn with_part(&self, mut h: Hit) -> Hit {
        if let Lex::Part(_) = self.lex(h.end)
            && h.grain == Some("day")
        {
            h.end += 1;
        }
        h
    }

    /// A day-grain hit extended by a time of day: "Friday at 10 a.m.", "Aug. 15 at noon".
    fn with_time(&self, h: Hit) -> Hit {
        if h.grain != Some("day") {
            return h;
        }
        let j = if self.is(h.end, "at") {
            h.end + 1
        } else {
            h.end
        };
        let Some((hh, mm, zone, end)) = self.clock_parts(j) else {
            return h;
        };
        let mut h = h;
        h.end = end;
        if let Some(v) = h.value.as_mut() {
            v.push_str(&time_suffix(hh, mm, zone));
        }
        h.kind = TimeExpr::TIME;
        h.grain = Some(if mm == 0 { "hour" } else { "minute" });
        h
    }

    // ---- deictic words ------------------------------------------------------------------

    fn deictic(&self, i: usize) -> Option<Hit> {
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

    // ---- numbers ------------------------------------------------------------------------

    /// Years, decades, ISO and slashed dates.
    fn number(&self, i: usize) -> Option<Hit> {
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

    /// "10:30 a.m.", "10 p.m. EDT", "noon", "22:30 GMT", followed by an optional day.
    fn clock(&self, i: usize) -> Option<Hit> {
        let (hh, mm, zone, end) = self.clock_parts(i)?;
        let grain = if mm == 0 { "hour" } else { "minute" };
        // "10 p.m. Wednesday", "noon Thursday", "10:30 a.m. on Friday", "3 p.m. today"
        let j = if self.is(end, "on") { end + 1 } else { end };
        let day = match self.lex(j) {
            Lex::Weekday(_, false) => self
                .weekday(j)
                .filter(|h| h.grain == Some("day") && h.end == j + 1),
            Lex::Deictic(Deictic::Today | Deictic::Yesterday | Deictic::Tomorrow) => {
                self.deictic(j).filter(|h| h.end == j + 1)
            }
            _ => None,
        };
        let (base, end, anchored) = match &day {
            Some(d) => (d.value.clone(), d.end, true),
            None => (self.anchor.map(cal::fmt_day), end, true),
        };
        let mut h = self.hit(i, end, None, TimeExpr::TIME, grain, "clock");
        h.anchored = anchored;
        match base {
            Some(b) => h.value = Some(format!("{b}{}", time_suffix(hh, mm, zone))),
            None => h.reason = Some(NO_ANCHOR),
        }
        Some(h)
    }

    /// Hours, minutes, zone offset and the end of a time of day at `i`.
    fn clock_parts(&self, i: usize) -> Option<(i32, i32, Option<i16>, usize)> {
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
        let mut zone = None;
        if let Lex::Zone(z) = self.lex(end)
            && self.raw(end).bytes().all(|c| c.is_ascii_uppercase())
        {
            zone = z;
            end += 1;
        } else if self.is(end, "local") && self.is(end + 1, "time") {
            end += 2;
        }
        Some((hh, mm, zone, end))
    }

    // ---- ordinals, modifiers, sets, seasons, holidays ----------------------------------

    fn ordinal(&self, i: usize) -> Option<Hit> {
        self.ordinal_at(i, i)
    }

    /// "20th century", "the first quarter of 2024", "its fourth year".
    fn ordinal_at(&self, i: usize, start: usize) -> Option<Hit> {
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

    fn modified(&self, i: usize) -> Option<Hit> {
        self.modified_at(i, i)
    }

    /// "early December", "the late 1970s", "earlier this year", "the end of the year",
    /// "Earlier Sunday", "later today".
    fn modified_at(&self, i: usize, start: usize) -> Option<Hit> {
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

    /// "every Monday", "each July", "every two weeks", "every day".
    fn every(&self, i: usize) -> Option<Hit> {
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

    fn periodic(&self, i: usize, u: Unit) -> Option<Hit> {
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

    fn season(&self, i: usize) -> Option<Hit> {
        self.season_at(i, i)
    }

    /// "summer 2024", "the summer of 2024", "the winter" (resolved by tense).
    fn season_at(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Season(s) = self.lex(i) else {
            return None;
        };
        let code = SEASONS[s as usize];
        let mut j = i + 1;
        if self.is(j, "of") {
            j += 1;
        }
        if let Some(y) = self.year(j) {
            return Some(self.hit(
                start,
                j + 1,
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

    fn holiday(&self, i: usize) -> Option<Hit> {
        self.holiday_at(i, i)
    }

    fn holiday_at(&self, i: usize, start: usize) -> Option<Hit> {
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

/// The calendar position a date value names at year or month grain: `"1998"` → (1998-01-01,
/// false), `"1998-06"` and finer → (1998-06-01, true). Durations, sets and vague values give
/// `None`.
pub fn coarse_date(value: &str) -> Option<(Date, bool)> {
    let b = value.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || b.get(4).is_some_and(|&c| c != b'-')
    {
        return None;
    }
    let y: i32 = value[..4].parse().ok()?;
    let month = value
        .get(5..7)
        .filter(|m| m.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|m| m.parse::<i32>().ok());
    match month {
        Some(m) => Some((cal::date(y, m, 1)?, true)),
        None => Some((cal::date(y, 1, 1)?, false)),
    }
}

/// A day-and-month without a year moved a whole year away by the clause's tense, when the
/// same day this year lies within a month of the anchor, is the near one: a past-tense
/// clause still sets a deadline nine days ahead ("decided the boy should go home by Jan.
/// 14", written on Jan. 5), and a story rarely names a day almost a year back without its
/// year.
fn close_over_tense(anchor: Date, chosen: Date, this: Date) -> Date {
    let far = (chosen - anchor).get_days().unsigned_abs() > 300;
    let near = (this - anchor).get_days().unsigned_abs() <= 31;
    if far && near { this } else { chosen }
}

/// TimeML decade value: 1990 → "199".
fn decade_value(y: i32) -> String {
    format!("{:03}", y / 10)
}

fn time_suffix(hh: i32, mm: i32, zone: Option<i16>) -> String {
    let mut s = format!("T{hh:02}:{mm:02}");
    if let Some(z) = zone {
        if z == 0 {
            s.push('Z');
        } else {
            let sign = if z < 0 { '-' } else { '+' };
            let a = z.unsigned_abs();
            s.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
        }
    }
    s
}

fn unit_grain(u: Unit) -> &'static str {
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
