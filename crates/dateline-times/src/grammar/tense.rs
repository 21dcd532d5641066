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
        let t = self.clause_tense(s, e);
        if t == Tense::Unknown {
            return self.last_tense.get();
        }
        self.last_tense.set(t);
        t
    }

    /// The tense from the cues around `[s, e)` alone.
    fn clause_tense(&self, s: usize, e: usize) -> Tense {
        const WINDOW: usize = 8;
        // A bare "-ed" word to the right is more often a participle of the noun phrase that
        // follows ("by August in the search for markets untouched by ...") than the clause's
        // verb, so it counts only close to the expression.
        const RIGHT_PARTICIPLE: usize = 3;
        // How far left an auxiliary or modal still sets the tense when nothing is closer.
        const LONG_WINDOW: usize = 16;
        let n = self.toks.len();
        // "as soon as Tuesday", "as early as next week": an earliest date, in the future.
        if s >= 3 && self.is(s - 1, "as") && self.is(s - 3, "as") {
            return Tense::Future;
        }
        // "since March": a starting point, always behind.
        if s > 0 && self.is(s - 1, "since") {
            return Tense::Past;
        }
        if self.governed_by_infinitive(s, LONG_WINDOW) {
            return Tense::Future;
        }
        // A deadline given by a present perfect runs from now: "has given the relatives
        // until 9 a.m. Tuesday" ("gave them until Tuesday" stays past).
        let before_clock = self.clock_start_before(s);
        if before_clock > 0
            && matches!(self.low(before_clock - 1), "until" | "till")
            && (2..=WINDOW.min(before_clock)).find_map(|d| {
                let i = before_clock - d;
                let t = self.cue(i, true);
                let perfect = |k: usize| matches!(self.low(k), "has" | "have");
                (t != Tense::Unknown).then(|| perfect(i) || i > 0 && perfect(i - 1))
            }) == Some(true)
        {
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
                let i = e + d - 1;
                let t = self.cue(i, false);
                if t != Tense::Unknown
                    && (d <= RIGHT_PARTICIPLE || !self.weak_past(i))
                    && !self.attribution_after(s, e, i)
                {
                    return t;
                }
            }
        }
        // Nothing close: the clause's auxiliary or modal may stand further left, before a
        // long subject or object ("will be named commander of the ... for a mission in
        // December"). Only unambiguous cues count that far, not a bare "-ed" word.
        for d in WINDOW + 1..=LONG_WINDOW.min(s) {
            let i = s - d;
            if matches!(self.low(i), "." | ";" | ":" | "?" | "!") {
                break;
            }
            if matches!(
                self.low(i),
                "will"
                    | "would"
                    | "'ll"
                    | "shall"
                    | "wo"
                    | "was"
                    | "were"
                    | "had"
                    | "did"
                    | "has"
                    | "have"
            ) {
                let t = self.cue(i, true);
                if t != Tense::Unknown {
                    return t;
                }
            }
        }
        // A date that opens the sentence ("On Tuesday, the national nurses' association
        // plans to ...") is followed by the subject, which may be long, and then its verb.
        if self.fronted(s) {
            for i in e + WINDOW..(e + LONG_WINDOW).min(n) {
                if matches!(self.low(i), "." | ";" | ":" | "?" | "!") {
                    break;
                }
                let t = self.cue(i, false);
                if t != Tense::Unknown && !self.weak_past(i) {
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

    /// Whether the cue at `i`, right of the expression `[s, e)`, is the verb of an
    /// attribution after a comma ("... leave on Thursday, Castro said"): the reporting
    /// clause has its own tense, not the reported one's. An expression that opens the
    /// sentence ("On Friday, the minister said") belongs to that clause, so there it counts.
    fn attribution_after(&self, s: usize, e: usize, i: usize) -> bool {
        !self.fronted(s)
            && matches!(
                self.low(i),
                "said"
                    | "says"
                    | "say"
                    | "told"
                    | "added"
                    | "reported"
                    | "announced"
                    | "stated"
                    | "explained"
                    | "noted"
                    | "insisted"
                    | "claimed"
                    | "predicted"
                    | "warned"
            )
            && (e..i).any(|k| self.is(k, ",") || self.kind(k) == Some(TokenKind::Quote))
    }

    /// Whether an expression starting at `s` opens its sentence, perhaps after a
    /// preposition, a conjunction or a quotation mark: "On Friday, ...", "And today, ...".
    fn fronted(&self, s: usize) -> bool {
        s == 0
            || s == 1
                && (self.kind(0) != Some(TokenKind::Word)
                    || matches!(self.low(0), "on" | "by" | "late" | "early" | "and" | "but"))
    }

    /// "was going to", "are scheduled to" at `i`.
    fn plan_auxiliary(&self, i: usize) -> bool {
        matches!(
            self.low(i),
            "is" | "are" | "was" | "were" | "'s" | "be" | "been"
        ) && governs_infinitive(self.low(i + 1))
            && self.is(i + 2, "to")
    }

    /// Whether the nearest tense cue before `s` is a verb governing a to-infinitive that
    /// the expression belongs to: "talks that are supposed to conclude by May, ...".
    fn governed_by_infinitive(&self, s: usize, window: usize) -> bool {
        for d in 1..=window.min(s) {
            let i = s - d;
            if self.is(i + 1, "to") && governs_infinitive(self.low(i)) || self.plan_auxiliary(i) {
                return true;
            }
            if self.cue(i, true) != Tense::Unknown {
                return false;
            }
        }
        false
    }

    fn cue(&self, i: usize, left: bool) -> Tense {
        let w = self.low(i);
        let prev = if i > 0 { self.low(i - 1) } else { "" };
        let next = self.low(i + 1);
        // A verb that governs a to-infinitive looks ahead from its own time: "decided to
        // admit them in early March", "were planning to drive there on Monday", "is due to
        // come into effect on Thursday". Before the date only: after it, the verb is the
        // clause's own ("On Monday, they agreed to ...").
        if next == "to" && left && governs_infinitive(w) {
            return Tense::Future;
        }
        // "was going to", "were scheduled to": a plan, whatever the auxiliary's tense, for a
        // date it governs (to its right). A date before it is the clause's own and takes
        // its tense from elsewhere ("early Thursday, as he was about to leave").
        if self.plan_auxiliary(i) {
            return if left { Tense::Future } else { Tense::Unknown };
        }
        match w {
            "will" | "'ll" | "shall" | "wo" | "intends" | "upcoming" | "tomorrow" | "expects" => {
                return Tense::Future;
            }
            // "next to the embassy" is a place.
            "next" if next != "to" => return Tense::Future,
            // Reported future: "said the father would travel on Thursday".
            "would" if left => return Tense::Future,
            // "plans to" is a plan; "vacation plans" is a noun.
            "plans" | "aims" if next == "to" => return Tense::Future,
            // ("As planned", "as previously scheduled": what was planned has happened.)
            // Planning verbs govern a later date when they come first ("planned to leave
            // on Thursday", "postponed until Tuesday"); after the date they are the
            // clause's own past ("On Friday, the government planned ...").
            "plan" | "planned" | "planning" | "scheduled" | "slated" | "expected" | "postponed"
            | "delayed"
                if left && !matches!(prev, "as" | "previously" | "originally" | "already") =>
            {
                return Tense::Future;
            }
            "going" | "set" | "due" | "poised" | "is" | "are" if next == "to" => {
                return Tense::Future;
            }
            // A scheduled act in the present tense is still to come: "the talks begin
            // Monday", "Arafat meets Albright on Friday" ("did not meet Monday" is past).
            _ if left && scheduled_present(w) && !matches!(prev, "did" | "n't" | "not" | "to") => {
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

/// Present-tense forms of verbs of scheduled acts: a meeting, a journey, a session or a
/// term that starts. Forms that are also common nouns ("visit", "start", "end") are left
/// out: "during his visit Monday" is past.
fn scheduled_present(w: &str) -> bool {
    matches!(
        w,
        "meets"
            | "meet"
            | "begins"
            | "begin"
            | "starts"
            | "opens"
            | "arrives"
            | "arrive"
            | "visits"
            | "travels"
            | "leaves"
            | "returns"
            | "resumes"
            | "resume"
            | "convenes"
            | "convene"
            | "heads"
            | "expires"
    )
}

/// Verbs and adjectives whose to-infinitive names something still to come: "decided to",
/// "planning to", "due to", "set to".
fn governs_infinitive(w: &str) -> bool {
    matches!(
        w,
        "going"
            | "about"
            | "due"
            | "set"
            | "poised"
            | "slated"
            | "scheduled"
            | "expected"
            | "supposed"
            | "likely"
            | "unlikely"
            | "ready"
            | "prepared"
            | "preparing"
            | "plan"
            | "plans"
            | "planned"
            | "planning"
            | "decided"
            | "decide"
            | "agreed"
            | "agree"
            | "promised"
            | "promise"
            | "vowed"
            | "vow"
            | "pledged"
            | "pledge"
            | "threatened"
            | "hope"
            | "hopes"
            | "hoped"
            | "hoping"
            | "want"
            | "wants"
            | "wanted"
            | "intend"
            | "intends"
            | "intended"
            | "aim"
            | "aims"
            | "aimed"
            | "seek"
            | "seeks"
            | "sought"
            | "expect"
            | "expects"
            | "proposed"
            | "voted"
    )
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
