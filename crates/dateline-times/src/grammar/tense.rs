//! The tense of a clause, which decides the direction of a date without a year or week.
//!
//! Separate because it reads verbs, not time words: the nearest tense cue around an
//! expression ("met Monday", "will meet on Monday") picks the past or future occurrence of
//! "Friday", "February" or "Aug. 15". [`close_over_tense`] keeps a yearless day that lies
//! within a month of the anchor from being moved a whole year by the tense.

use super::{Matcher, Tense};
use dateline_doc::TokenKind;
use jiff::civil::Date;

impl<'a> Matcher<'a> {
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
}

/// A day-and-month without a year moved a whole year away by the clause's tense, when the
/// same day this year lies within a month of the anchor, is the near one: a past-tense
/// clause still sets a deadline nine days ahead ("decided the boy should go home by Jan.
/// 14", written on Jan. 5), and a story rarely names a day almost a year back without its
/// year.
pub(super) fn close_over_tense(anchor: Date, chosen: Date, this: Date) -> Date {
    let far = (chosen - anchor).get_days().unsigned_abs() > 300;
    let near = (this - anchor).get_days().unsigned_abs() <= 31;
    if far && near { this } else { chosen }
}
