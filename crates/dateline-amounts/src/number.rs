//! Reading one amount at a token position: hedge, currency, number, scale, unit.

use crate::lexicon::{Lexicon, Word};
use dateline_doc::{Amount, Token, TokenKind};

/// An amount found in a sentence, in token indices.
#[derive(Debug, Clone)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub unit: String,
    pub kind: &'static str,
    pub bound: Option<&'static str>,
    pub vague: bool,
    pub rule: &'static str,
}

impl Found {
    /// An amount over tokens `span.0..span.1`; a vague number is a lower bound.
    fn new(
        span: (usize, usize),
        value: f64,
        unit: &str,
        kind: &'static str,
        vague: bool,
        rule: &'static str,
    ) -> Found {
        Found {
            start: span.0,
            end: span.1,
            value,
            unit: unit.to_string(),
            kind,
            bound: vague.then_some(Amount::AT_LEAST),
            vague,
            rule,
        }
    }
}

pub struct Sentence<'a> {
    pub toks: &'a [Token],
    pub text: &'a str,
    pub words: &'a [Word],
    pub low: &'a [(u32, u32)],
    pub buf: &'a str,
    pub lexicon: &'a Lexicon,
}

/// A number read from the text: its value, where it ends, and whether it is an order of
/// magnitude ("thousands") rather than a figure.
struct Num {
    value: f64,
    end: usize,
    vague: bool,
}

/// Plural nouns that do not end in "s" but count people or things.
const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "children",
    "men",
    "women",
    "police",
    "personnel",
    "staff",
    "cattle",
    "sheep",
    "livestock",
    "aircraft",
    "fish",
    "deer",
    "civilians",
    "militia",
    "crew",
    "infantry",
    "feet",
    "teeth",
    "geese",
    "mice",
    "data",
    "media",
    "youth",
];

/// Words that, after a number, make it something other than a count.
const NOT_COUNTED: &[&str] = &[
    "times", "percent", "per", "points", "point", "th", "st", "nd", "rd", "s", "votes-to",
];

impl<'a> Sentence<'a> {
    #[inline]
    fn word(&self, i: usize) -> Word {
        self.words.get(i).copied().unwrap_or(Word::Other)
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

    fn is(&self, i: usize, w: &str) -> bool {
        self.low(i) == w
    }

    /// No space between tokens `i - 1` and `i` ("US" + "$").
    fn tight(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| !t.has(Token::SPACE_BEFORE))
    }

    /// The amount starting at token `i`, if any.
    pub fn at(&self, i: usize) -> Option<Found> {
        // Hedge: "more than", "at least", "up to", "about", "as many as".
        let (bound, j) = self.hedge(i);
        let mut f = self.money_or_count(j)?;
        if bound.is_some() {
            f.start = i;
            f.bound = bound.or(f.bound);
        }
        Some(f)
    }

    fn hedge(&self, i: usize) -> (Option<&'static str>, usize) {
        match (self.low(i), self.low(i + 1), self.low(i + 2)) {
            ("more" | "upwards", "than", _) | ("at", "least", _) | ("well", "over", _) => {
                (Some(Amount::AT_LEAST), i + 2)
            }
            ("less" | "fewer", "than", _) | ("up", "to", _) | ("at", "most", _) => {
                (Some(Amount::AT_MOST), i + 2)
            }
            ("as", "many" | "much", "as") => (Some(Amount::AT_MOST), i + 3),
            ("an", "estimated", _) => (Some(Amount::ABOUT), i + 2),
            ("over", ..) => (Some(Amount::AT_LEAST), i + 1),
            ("under", ..) => (Some(Amount::AT_MOST), i + 1),
            (
                "about" | "around" | "approximately" | "roughly" | "nearly" | "almost" | "some"
                | "estimated",
                ..,
            ) => (Some(Amount::ABOUT), i + 1),
            _ => (None, i),
        }
    }

    fn money_or_count(&self, i: usize) -> Option<Found> {
        // Currency before the number: "$7.2 million", "US$40", "Rs 300", "€3bn".
        if let Some((code, j)) = self.currency_before(i) {
            let n = self.number(j)?;
            let (value, end) = self.scaled(n.value, n.end);
            return Some(Found {
                start: i,
                end,
                value,
                unit: code.to_string(),
                kind: Amount::MONEY,
                bound: None,
                vague: n.vague,
                rule: "currency-before",
            });
        }
        // Fractions as percentages: "a third of", "two-thirds of", "half of".
        if let Some(f) = self.fraction(i) {
            return Some(f);
        }
        let n = self.number(i)?;
        if self.not_an_amount(i, n.end) {
            return None;
        }
        let (value, end) = self.scaled(n.value, n.end);
        // Ratios as percentages: "3 in 10 voters", "one in five".
        if self.is(end, "in") || self.is(end, "out") && self.is(end + 1, "of") {
            let k = if self.is(end, "in") { end + 1 } else { end + 2 };
            if let Some(d) = self.number(k)
                && !d.vague
                && d.value > value
                && value > 0.0
            {
                let pct = (value / d.value * 10000.0).round() / 100.0;
                return Some(Found::new(
                    (i, d.end),
                    pct,
                    "percent",
                    Amount::PERCENT,
                    false,
                    "ratio",
                ));
            }
        }
        // Percentages: "3.5%", "50 per cent", "12 percent", "2 percentage points".
        match self.word(end) {
            Word::Percent => {
                return Some(Found::new(
                    (i, end + 1),
                    value,
                    "percent",
                    Amount::PERCENT,
                    n.vague,
                    "percent",
                ));
            }
            Word::Per if self.is(end + 1, "cent") => {
                return Some(Found::new(
                    (i, end + 2),
                    value,
                    "percent",
                    Amount::PERCENT,
                    n.vague,
                    "percent",
                ));
            }
            _ if self.is(end, "percentage") && self.is(end + 1, "points") => {
                return Some(Found::new(
                    (i, end + 2),
                    value,
                    "percentage points",
                    Amount::PERCENT,
                    n.vague,
                    "percentage-points",
                ));
            }
            _ => {}
        }
        // Subunits: "40 pence", "99 cents".
        if let Some(code) = match self.low(end) {
            "pence" | "p" if self.low(end) != "p" || self.tight(end) => Some("GBP"),
            "cents" | "cent" if !self.is(end - 1, "per") => Some("USD"),
            "kopecks" | "kopeks" => Some("RUB"),
            _ => None,
        } {
            return Some(Found::new(
                (i, end + 1),
                value / 100.0,
                code,
                Amount::MONEY,
                n.vague,
                "subunit",
            ));
        }
        // Currency after: "7.2 million dollars", "1.5 trillion roubles", "40 Canadian dollars".
        if let Some((code, e)) = self.currency_after(end) {
            return Some(Found::new(
                (i, e),
                value,
                code,
                Amount::MONEY,
                n.vague,
                "currency-after",
            ));
        }
        // "millions of dollars"
        if n.vague && self.is(end, "of") {
            if let Some((code, e)) = self.currency_after(end + 1) {
                return Some(Found::new(
                    (i, e),
                    value,
                    code,
                    Amount::MONEY,
                    true,
                    "currency-after",
                ));
            }
        }
        // Counts: "12 killed", "two million refugees", "thousands of protesters".
        self.count(i, end, value, n.vague)
    }

    fn currency_before(&self, i: usize) -> Option<(&'static str, usize)> {
        match self.word(i) {
            // "US$40", "C$5", "HK$3": a prefix glued to the sign.
            Word::DollarCountry(_) | Word::Other | Word::Article
                if self.raw(i + 1) == "$" && self.tight(i + 1) && self.raw(i).len() <= 2 =>
            {
                let code = match self.low(i) {
                    "us" | "u.s." => "USD",
                    "c" | "ca" => "CAD",
                    "a" | "au" => "AUD",
                    "nz" => "NZD",
                    "hk" => "HKD",
                    "s" => "SGD",
                    "r" => "BRL",
                    _ => return None,
                };
                Some((code, i + 2))
            }
            Word::CurrencyBefore(c) => {
                // A code written as a word needs a number right after it; "try" is a verb.
                let sign = self.kind(i) == Some(TokenKind::Symbol);
                let upper = self.raw(i).chars().next().is_some_and(char::is_uppercase);
                if !sign && !upper {
                    return None;
                }
                let j = i + 1;
                if self.kind(j) == Some(TokenKind::Number) || sign {
                    Some((c, j))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// "dollars", "Canadian dollars", "Hong Kong dollars", "US dollars", "euros".
    fn currency_after(&self, i: usize) -> Option<(&'static str, usize)> {
        match self.word(i) {
            Word::CurrencyAfter(c) => {
                // "won" and "real" are words too: only right after a number.
                Some((c, i + 1))
            }
            Word::DollarCountry(c) => {
                let j = if self.is(i, "hong") && self.is(i + 1, "kong")
                    || self.is(i, "new") && self.is(i + 1, "zealand")
                    || self.is(i, "south") && self.is(i + 1, "african")
                {
                    i + 2
                } else {
                    i + 1
                };
                match self.word(j) {
                    Word::CurrencyAfter(_)
                        if matches!(
                            self.low(j),
                            "dollar"
                                | "dollars"
                                | "rupee"
                                | "rupees"
                                | "pound"
                                | "pounds"
                                | "franc"
                                | "francs"
                                | "peso"
                                | "pesos"
                                | "rand"
                        ) =>
                    {
                        Some((c, j + 1))
                    }
                    Word::CurrencyAfter(c2) => Some((c2, j + 1)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A number at `i`: digits ("7.2", "250,000", "3bn"), words ("two", "twenty-five",
    /// "a hundred"), magnitudes ("thousands").
    fn number(&self, i: usize) -> Option<Num> {
        if let Some(n) = self.fraction_of_scale(i) {
            return Some(n);
        }
        match self.word(i) {
            Word::Magnitude(v) => {
                // "tens of thousands", "hundreds of millions": the product.
                if self.is(i + 1, "of")
                    && let Word::Magnitude(w) | Word::Scale(w) = self.word(i + 2)
                    && w > v
                    && matches!(self.low(i + 2), "thousands" | "millions" | "billions")
                {
                    return Some(Num {
                        value: v * w,
                        end: i + 3,
                        vague: true,
                    });
                }
                Some(Num {
                    value: v,
                    end: i + 1,
                    vague: true,
                })
            }
            Word::Scale(v) if self.is(i, "millions") && self.is(i + 1, "of") => Some(Num {
                value: v,
                end: i + 1,
                vague: true,
            }),
            Word::Num(v) => {
                let mut v = v;
                let mut end = i + 1;
                if v >= 20.0
                    && let Word::Num(u) = self.word(end)
                    && u < 10.0
                {
                    v += u;
                    end += 1;
                }
                Some(Num {
                    value: v,
                    end,
                    vague: false,
                })
            }
            Word::Article => match self.word(i + 1) {
                Word::Scale(v) if v >= 100.0 && !self.is(i + 1, "m") && !self.is(i + 1, "b") => {
                    Some(Num {
                        value: 1.0,
                        end: i + 1,
                        vague: false,
                    })
                }
                Word::Num(12.0) if self.is(i + 1, "dozen") => Some(Num {
                    value: 12.0,
                    end: i + 2,
                    vague: false,
                }),
                _ => None,
            },
            _ if self.kind(i) == Some(TokenKind::Number) => self.digits(i),
            _ if self.low(i).contains('-') => {
                // "twenty-five"
                let mut total = 0.0;
                for part in self.low(i).split('-') {
                    match self.lexicon.get(part) {
                        Word::Num(n) => total += n,
                        _ => return None,
                    }
                }
                Some(Num {
                    value: total,
                    end: i + 1,
                    vague: false,
                })
            }
            _ => None,
        }
    }

    /// A digit token, with a glued scale suffix ("3bn", "40m", "5k").
    fn digits(&self, i: usize) -> Option<Num> {
        let s = self.low(i);
        let numeric_end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(s.len());
        let (num, suffix) = s.split_at(numeric_end);
        if num.is_empty() || num.starts_with(['.', ',']) || num.ends_with(['.', ',']) {
            return None;
        }
        // Thousands separators must group by three ("3,000"), not list ("1,2").
        let clean: String = num.chars().filter(|c| *c != ',').collect();
        if num.contains(',')
            && num
                .split(',')
                .skip(1)
                .any(|g| g.len() != 3 || g.contains('.') && g.find('.') != Some(3))
        {
            return None;
        }
        let mut value: f64 = clean.parse().ok()?;
        if !suffix.is_empty() {
            match self.lexicon.get(suffix) {
                Word::Scale(v) if suffix != "hundred" => value *= v,
                _ => return None,
            }
        }
        value.is_finite().then_some(Num {
            value,
            end: i + 1,
            vague: false,
        })
    }

    /// Multiplies by the scale words that follow ("7.2 million", "1.5 trillion", "3
    /// hundred thousand").
    fn scaled(&self, mut value: f64, mut end: usize) -> (f64, usize) {
        for _ in 0..3 {
            match self.word(end) {
                Word::Scale(v) if !(self.is(end, "millions") && self.is(end + 1, "of")) => {
                    // "m" and "b" are scales only glued or right after a number token.
                    if matches!(self.low(end), "m" | "b" | "k") && !self.tight(end) {
                        break;
                    }
                    value *= v;
                    end += 1;
                }
                _ => break,
            }
        }
        (value, end)
    }

    /// A fraction of a scale word: "half a million", "a quarter of a million", "three
    /// quarters of a billion", "two-thirds of a million". The number ends before the
    /// scale, which [`Self::scaled`] then applies (so "half a million" is 500,000, not the
    /// million that "a million" alone would give).
    fn fraction_of_scale(&self, i: usize) -> Option<Num> {
        let (percent, next) = self.fraction_words(i)?;
        // "half a million"; "a quarter of a million"; "half of a million" is rare but read
        // the same.
        let article = if self.is(next, "of") { next + 1 } else { next };
        if !matches!(self.word(article), Word::Article) {
            return None;
        }
        match self.word(article + 1) {
            Word::Scale(v)
                if v >= 1000.0 && !self.is(article + 1, "m") && !self.is(article + 1, "b") =>
            {
                Some(Num {
                    value: percent / 100.0,
                    end: article + 1,
                    vague: false,
                })
            }
            _ => None,
        }
    }

    /// The words of a fraction at `i` ("a third", "two-thirds", "half", "three
    /// quarters"): its value in percent and the token after it.
    fn fraction_words(&self, i: usize) -> Option<(f64, usize)> {
        Some(match (self.word(i), self.word(i + 1)) {
            (Word::Article | Word::Num(1.0), Word::Fraction(v)) if !self.is(i + 1, "half") => {
                (v, i + 2)
            }
            (Word::Num(n), Word::Fraction(v)) if n > 1.0 && n < 10.0 => (n * v, i + 2),
            (Word::Fraction(50.0), _) if self.is(i, "half") => (50.0, i + 1),
            _ if self.low(i).contains('-') => {
                let (a, b) = self.low(i).split_once('-')?;
                match (self.lexicon.get(a), self.lexicon.get(b)) {
                    (Word::Num(n), Word::Fraction(v)) if n < 10.0 => (n * v, i + 1),
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    /// "a third of", "two-thirds of", "half of", "three quarters of".
    fn fraction(&self, i: usize) -> Option<Found> {
        let (value, end) = self.fraction_words(i)?;
        // Only fractions of something: "a third of the budget" (but "a quarter of a
        // million" is a number, see `fraction_of_scale`).
        if !self.is(end, "of") || self.fraction_of_scale(i).is_some() {
            return None;
        }
        Some(Found::new(
            (i, end),
            (value * 100.0).round() / 100.0,
            "percent",
            Amount::PERCENT,
            false,
            "fraction",
        ))
    }

    /// Numbers that are years, dates, times, ages, durations, ordinals or labels.
    fn not_an_amount(&self, i: usize, end: usize) -> bool {
        let prev = if i > 0 { self.word(i - 1) } else { Word::Other };
        let next = self.word(end);
        let s = self.low(i);
        if matches!(prev, Word::Blocker | Word::Month)
            || matches!(next, Word::Month | Word::TimeUnit)
        {
            return true;
        }
        if self.kind(i) == Some(TokenKind::Number) {
            // Times (10:30), fractions and dates (24/7, 8/15), ordinals (15th), decades
            // (1990s), hyphenated (16-hour, 3-1).
            if s.contains([':', '/', '-'])
                || s.ends_with("th")
                || s.ends_with("st")
                || s.ends_with("nd")
                || s.ends_with("rd")
            {
                return true;
            }
            if s.ends_with('s') && !s.ends_with("bn") {
                return true;
            }
            // A four-digit year without a separator: "in 1867", "the 2018 summit".
            if s.len() == 4
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.as_bytes()[0] != b'0'
                && (1000..=2100).contains(&s.parse::<u32>().unwrap_or(0))
                && !matches!(
                    self.word(end),
                    Word::Percent | Word::CurrencyAfter(_) | Word::Scale(_)
                )
            {
                return true;
            }
        }
        // Followed by a time unit in a hyphenated word ("three-hour") is the tokenizer's
        // single token, handled above; "first", "second" are not numbers here.
        false
    }

    /// A count: the number and the noun it counts.
    fn count(&self, i: usize, end: usize, value: f64, vague: bool) -> Option<Found> {
        let mut j = end;
        if vague {
            // "thousands of protesters"; "thousands" alone counts nothing named.
            if !self.is(j, "of") {
                return None;
            }
            j += 1;
        } else if self.is(j, "of") {
            // "2,000 of them", "two of the three" are not counts of a named noun.
            return None;
        }
        // "12 killed", "at least 30 dead": casualties count people.
        if let Word::Casualty = self.word(j)
            && !vague
        {
            let mut f = Found::new(
                (i, j + 1),
                value,
                "people",
                Amount::COUNT,
                false,
                "casualties",
            );
            f.rule = "casualties";
            return Some(f);
        }
        if vague
            && matches!(
                self.low(j),
                "the" | "these" | "those" | "his" | "her" | "their"
            )
        {
            j += 1;
        }
        // Up to two modifiers before the noun: "12 Ukrainian soldiers", "3,000 new jobs".
        for k in j..(j + 3).min(self.toks.len()) {
            let w = self.low(k);
            let word = self.word(k);
            if !matches!(self.kind(k), Some(TokenKind::Word)) {
                return None;
            }
            if matches!(
                word,
                Word::Function | Word::TimeUnit | Word::Month | Word::Hedge(_)
            ) || NOT_COUNTED.contains(&w)
            {
                return None;
            }
            let plural =
                (w.len() > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us"))
                    || IRREGULAR_PLURALS.contains(&w);
            // "one word", "one candidate": a single thing is not a count worth reporting.
            if plural {
                if self.capitalized(k) && !IRREGULAR_PLURALS.contains(&w) && k > 0 {
                    // "3 Ukrainians" is fine; "300 Ventures" likely a name: accept only
                    // demonym-looking plurals ending in "ans"/"ese".
                    if !(w.ends_with("ans") || w.ends_with("ese") || w.ends_with("is")) {
                        return None;
                    }
                }
                return Some(Found {
                    start: i,
                    end: k + 1,
                    value,
                    unit: w.to_string(),
                    kind: Amount::COUNT,
                    bound: vague.then_some(Amount::AT_LEAST),
                    vague,
                    rule: if vague { "vague-count" } else { "count" },
                });
            }
        }
        None
    }

    fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }
}
