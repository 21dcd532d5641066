//! Word tables for amounts, built once: currencies, scales, number words, hedges.

use dateline_doc::english::{MONTH_ABBREVIATIONS, MONTHS, ONES, TENS};
use foldhash::{HashMap, HashMapExt};

/// The class of one token (lower-cased).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Word {
    Other,
    /// A currency sign or code written before the number: "$", "€", "US$", "Rs", "USD".
    CurrencyBefore(&'static str),
    /// A currency name written after the number: "dollars", "roubles", "yen".
    CurrencyAfter(&'static str),
    /// A qualifier that changes "dollars": "Canadian", "Hong Kong" (first word).
    DollarCountry(&'static str),
    /// "million", "bn", "thousand".
    Scale(f64),
    /// "one" … "ninety"; "hundred" is a scale.
    Num(f64),
    /// "a", "an".
    Article,
    /// "dozens", "hundreds", "thousands", "millions": vague magnitudes.
    Magnitude(f64),
    /// "%", "percent".
    Percent,
    /// "per" (of "per cent").
    Per,
    /// "half", "third", "quarter", "thirds", "quarters": a fraction, in percent.
    Fraction(f64),
    /// A hedge word: the bound it sets and how many tokens the hedge has been so far.
    Hedge(&'static str),
    /// Casualty and arrest words that count people: "killed", "dead", "injured".
    Casualty,
    /// Words after which a number is not an amount ("aged", "No.", "page").
    Blocker,
    /// Time units: a number before them is a duration (the times layer's).
    TimeUnit,
    /// A month name: a number next to it is a date.
    Month,
    /// Function words that end a counted noun phrase.
    Function,
}

impl Word {
    /// Whether a sentence containing this word can hold an amount without a digit.
    pub fn starts_number(self) -> bool {
        matches!(
            self,
            Word::Num(_) | Word::Magnitude(_) | Word::Fraction(_) | Word::Article | Word::Scale(_)
        )
    }
}

pub struct Lexicon {
    words: HashMap<String, Word>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let mut w: HashMap<String, Word> = HashMap::with_capacity(512);
        let mut put = |k: &str, v: Word| {
            w.insert(k.to_string(), v);
        };
        for (k, c) in [
            ("$", "USD"),
            ("us$", "USD"),
            ("usd", "USD"),
            ("€", "EUR"),
            ("eur", "EUR"),
            ("£", "GBP"),
            ("gbp", "GBP"),
            ("¥", "JPY"),
            ("jpy", "JPY"),
            ("₹", "INR"),
            ("rs", "INR"),
            ("rs.", "INR"),
            ("inr", "INR"),
            ("₽", "RUB"),
            ("rub", "RUB"),
            ("₩", "KRW"),
            ("krw", "KRW"),
            ("₺", "TRY"),
            ("₴", "UAH"),
            ("uah", "UAH"),
            ("₪", "ILS"),
            ("nis", "ILS"),
            ("₦", "NGN"),
            ("c$", "CAD"),
            ("cad", "CAD"),
            ("a$", "AUD"),
            ("aud", "AUD"),
            ("nz$", "NZD"),
            ("hk$", "HKD"),
            ("hkd", "HKD"),
            ("s$", "SGD"),
            ("r$", "BRL"),
            ("chf", "CHF"),
            ("cny", "CNY"),
            ("rmb", "CNY"),
            ("zar", "ZAR"),
            ("sek", "SEK"),
            ("nok", "NOK"),
            ("dkk", "DKK"),
            ("pln", "PLN"),
            ("mxn", "MXN"),
            ("brl", "BRL"),
            ("try", "TRY"),
        ] {
            put(k, Word::CurrencyBefore(c));
        }
        for (k, c) in [
            ("dollar", "USD"),
            ("dollars", "USD"),
            ("euro", "EUR"),
            ("euros", "EUR"),
            ("pound", "GBP"),
            ("pounds", "GBP"),
            ("sterling", "GBP"),
            ("yen", "JPY"),
            ("yuan", "CNY"),
            ("renminbi", "CNY"),
            ("rupee", "INR"),
            ("rupees", "INR"),
            ("rouble", "RUB"),
            ("roubles", "RUB"),
            ("ruble", "RUB"),
            ("rubles", "RUB"),
            ("hryvnia", "UAH"),
            ("hryvnias", "UAH"),
            ("hryvnas", "UAH"),
            ("peso", "MXN"),
            ("pesos", "MXN"),
            ("franc", "CHF"),
            ("francs", "CHF"),
            ("lira", "TRY"),
            ("liras", "TRY"),
            ("shekel", "ILS"),
            ("shekels", "ILS"),
            ("naira", "NGN"),
            ("rand", "ZAR"),
            ("riyal", "SAR"),
            ("riyals", "SAR"),
            ("dirham", "AED"),
            ("dirhams", "AED"),
            ("won", "KRW"),
            ("reais", "BRL"),
            ("real", "BRL"),
            ("zloty", "PLN"),
            ("zlotys", "PLN"),
            ("kronor", "SEK"),
            ("krona", "SEK"),
            ("kroner", "NOK"),
            ("bitcoin", "XBT"),
        ] {
            put(k, Word::CurrencyAfter(c));
        }
        for (k, c) in [
            ("canadian", "CAD"),
            ("australian", "AUD"),
            ("hong", "HKD"),
            ("singapore", "SGD"),
            ("zealand", "NZD"),
            ("taiwan", "TWD"),
            ("us", "USD"),
            ("u.s.", "USD"),
            ("american", "USD"),
            ("swiss", "CHF"),
            ("mexican", "MXN"),
            ("egyptian", "EGP"),
            ("pakistani", "PKR"),
            ("indian", "INR"),
            ("russian", "RUB"),
            ("ukrainian", "UAH"),
            ("turkish", "TRY"),
            ("chinese", "CNY"),
            ("japanese", "JPY"),
            ("british", "GBP"),
            ("argentine", "ARS"),
            ("philippine", "PHP"),
            ("brazilian", "BRL"),
            ("south", "ZAR"),
        ] {
            put(k, Word::DollarCountry(c));
        }
        for (k, v) in [
            ("thousand", 1e3),
            ("k", 1e3),
            ("million", 1e6),
            ("millions", 1e6),
            ("mn", 1e6),
            ("mln", 1e6),
            ("m", 1e6),
            ("billion", 1e9),
            ("bn", 1e9),
            ("bln", 1e9),
            ("b", 1e9),
            ("trillion", 1e12),
            ("tn", 1e12),
            ("trn", 1e12),
            ("hundred", 1e2),
            ("lakh", 1e5),
            ("lakhs", 1e5),
            ("crore", 1e7),
            ("crores", 1e7),
        ] {
            put(k, Word::Scale(v));
        }
        // "millions" above is a scale after a number ("3 millions" is rare); before "of" it
        // is a magnitude, which the grammar checks first.
        for (k, v) in [
            ("dozens", 12.0),
            ("scores", 20.0),
            ("hundreds", 100.0),
            ("thousands", 1e3),
            ("tens", 10.0),
            ("billions", 1e9),
            ("trillions", 1e12),
        ] {
            put(k, Word::Magnitude(v));
        }
        for (i, k) in ONES.iter().enumerate() {
            put(k, Word::Num(i as f64));
        }
        for (i, k) in TENS.iter().enumerate() {
            put(k, Word::Num(20.0 + 10.0 * i as f64));
        }
        put("dozen", Word::Num(12.0));
        put("a", Word::Article);
        put("an", Word::Article);
        put("%", Word::Percent);
        put("percent", Word::Percent);
        put("pct", Word::Percent);
        put("per", Word::Per);
        for (k, v) in [
            ("half", 50.0),
            ("third", 100.0 / 3.0),
            ("thirds", 100.0 / 3.0),
            ("quarter", 25.0),
            ("quarters", 25.0),
            ("fifth", 20.0),
            ("fifths", 20.0),
            ("tenth", 10.0),
            ("tenths", 10.0),
        ] {
            put(k, Word::Fraction(v));
        }
        for (k, b) in [
            ("about", "about"),
            ("around", "about"),
            ("approximately", "about"),
            ("roughly", "about"),
            ("nearly", "about"),
            ("almost", "about"),
            ("some", "about"),
            ("estimated", "about"),
            ("over", "at_least"),
            ("more", "at_least"),
            ("least", "at_least"),
            ("upwards", "at_least"),
            ("under", "at_most"),
            ("less", "at_most"),
            ("fewer", "at_most"),
            ("up", "at_most"),
            ("most", "at_most"),
        ] {
            put(k, Word::Hedge(b));
        }
        for k in [
            "killed",
            "dead",
            "died",
            "injured",
            "wounded",
            "hurt",
            "arrested",
            "detained",
            "missing",
            "displaced",
            "evacuated",
            "hospitalised",
            "hospitalized",
            "rescued",
            "kidnapped",
            "abducted",
            "executed",
            "jailed",
            "sentenced",
            "infected",
        ] {
            put(k, Word::Casualty);
        }
        for k in [
            "aged", "age", "no.", "no", "number", "page", "pages", "route", "flight", "room",
            "article", "section", "chapter", "model", "version", "volume", "vol.", "#", "grade",
            "level", "phase", "round", "stage", "week", "day", "year", "act",
        ] {
            put(k, Word::Blocker);
        }
        for k in [
            "second",
            "seconds",
            "minute",
            "minutes",
            "hour",
            "hours",
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "months",
            "year",
            "years",
            "decade",
            "decades",
            "century",
            "centuries",
            "a.m.",
            "p.m.",
            "am",
            "pm",
            "o'clock",
            "year-old",
            "years-old",
        ] {
            put(k, Word::TimeUnit);
        }
        for k in MONTHS.iter().chain(&MONTH_ABBREVIATIONS) {
            put(k, Word::Month);
        }
        for k in [
            "of",
            "to",
            "in",
            "and",
            "or",
            "the",
            "for",
            "on",
            "at",
            "by",
            "with",
            "from",
            "than",
            "as",
            "that",
            "this",
            "who",
            "which",
            "were",
            "was",
            "are",
            "is",
            "had",
            "have",
            "has",
            "will",
            "would",
            "be",
            "been",
            "said",
            "says",
            "but",
            "while",
            "after",
            "before",
            "since",
            "into",
            "per",
            "each",
            "its",
            "their",
            "his",
            "her",
            "out",
            "off",
            "last",
            "so",
            "if",
            "when",
            "where",
            "because",
            "including",
            "across",
            "among",
            "between",
            "against",
            "during",
            "without",
            "under",
            "over",
            "about",
            "up",
            "down",
            "them",
            "they",
            "it",
            "he",
            "she",
            "we",
            "you",
            "i",
            "times",
            "more",
            "less",
            "fewer",
            "other",
            "others",
            "such",
            "only",
            "all",
            "both",
            "nearly",
            "almost",
            "a",
            "an",
        ] {
            w.entry(k.to_string()).or_insert(Word::Function);
        }
        Lexicon { words: w }
    }

    #[inline]
    pub fn get(&self, lower: &str) -> Word {
        self.words.get(lower).copied().unwrap_or(Word::Other)
    }
}
