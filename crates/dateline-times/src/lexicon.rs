//! The words time expressions are made of, classified once into a table.
//!
//! Matching looks every token up here exactly once (lower-cased, a trailing period dropped),
//! so the grammar in `grammar.rs` works on small `Copy` classes instead of strings.

use dateline_doc::english::{MONTHS, ONES, TENS, WEEKDAYS};
use foldhash::{HashMap, HashMapExt};

/// A calendar unit, as in "three days", "last month", "every week".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Words that point from the anchor: "last", "next", "this", "past", ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    Last,
    Next,
    This,
    Past,
    Coming,
    Previous,
    Following,
    Same,
    That,
    Recent,
}

/// Words that are a time expression on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deictic {
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    Now,
    Currently,
    Recently,
    Previously,
    Nowadays,
}

/// "early", "late", "mid": modifiers TimeML keeps out of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mod {
    Early,
    Late,
    Mid,
    End,
    Start,
}

/// Fixed-date or rule-based holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// Month and day.
    Fixed(u8, u8),
    /// The n-th (1-based; 5 = last) weekday (1 = Monday) of a month.
    Nth(u8, u8, u8),
}

/// The class of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lex {
    Other,
    Month(u8),
    /// 1 = Monday … 7 = Sunday; `true` for the plural ("Mondays").
    Weekday(u8, bool),
    /// A unit; `true` for the plural.
    Unit(Unit, bool),
    /// "one" … "ninety"; "twenty-four" is split and summed by the grammar.
    Num(u32),
    Hundred,
    /// "first" … "thirty-first".
    Ord(u32),
    /// "a", "an".
    Article,
    /// "several", "few", "many", "some": a vague quantity.
    Vague,
    Couple,
    Half,
    /// 0 spring, 1 summer, 2 fall, 3 winter.
    Season(u8),
    /// 0 morning, 1 afternoon, 2 evening, 3 night.
    Part(u8),
    /// The plural: "mornings", "nights" ("on Tuesday nights").
    Parts(u8),
    Rel(Rel),
    Deictic(Deictic),
    Ago,
    Earlier,
    Later,
    Mod(Mod),
    Every,
    /// "daily", "weekly", ...
    Periodic(Unit),
    /// `true` for p.m.
    AmPm(bool),
    /// Offset from UTC in minutes; `None` for "local time".
    Zone(Option<i16>),
    Noon,
    Midnight,
    Holiday(Holiday),
    /// "about", "nearly", "more than", "over", "at least", "up to", "almost".
    Approx,
    The,
    Of,
    And,
    At,
    On,
    In,
    Future,
    Fiscal,
    Millennium,
    /// "the nineties": the tens digit.
    Decade(u8),
}

/// The word table, built once.
pub struct Lexicon {
    words: HashMap<String, Lex>,
}

const ORDINALS: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORD: [&str; 2] = ["twentieth", "thirtieth"];

impl Lexicon {
    pub fn new() -> Lexicon {
        let mut w: HashMap<String, Lex> = HashMap::with_capacity(400);
        for (i, m) in MONTHS.iter().enumerate() {
            w.insert(m.to_string(), Lex::Month(i as u8 + 1));
            if m.len() > 3 {
                w.insert(m[..3].to_string(), Lex::Month(i as u8 + 1));
            }
        }
        w.insert("sept".into(), Lex::Month(9));
        // "may" and "march" are common words: the grammar checks their context.
        for (i, d) in WEEKDAYS.iter().enumerate() {
            let n = i as u8 + 1;
            w.insert(d.to_string(), Lex::Weekday(n, false));
            w.insert(d[..3].to_string(), Lex::Weekday(n, false));
            w.insert(format!("{d}s"), Lex::Weekday(n, true));
        }
        for (k, v) in [("tues", 2), ("wed", 3), ("thur", 4), ("thurs", 4)] {
            w.insert(k.to_string(), Lex::Weekday(v, false));
        }
        // "sun", "sat", "mar", "jun" and "jan" are rarely anything else in news, but "sun"
        // and "sat" are: drop them.
        w.remove("sun");
        w.remove("sat");
        w.remove("mon");
        w.remove("fri");
        for (i, n) in ONES.iter().enumerate() {
            w.insert(n.to_string(), Lex::Num(i as u32));
        }
        for (i, n) in TENS.iter().enumerate() {
            w.insert(n.to_string(), Lex::Num(20 + 10 * i as u32));
        }
        for (i, n) in ORDINALS.iter().enumerate().skip(1) {
            w.insert(n.to_string(), Lex::Ord(i as u32));
        }
        for (i, n) in TENS_ORD.iter().enumerate() {
            w.insert(n.to_string(), Lex::Ord(20 + 10 * i as u32));
        }
        // "second" is also the unit; the grammar reads it as one after a number.
        w.insert("second".into(), Lex::Ord(2));
        w.insert("hundred".into(), Lex::Hundred);
        w.insert("dozen".into(), Lex::Num(12));
        let units: [(&str, Unit); 12] = [
            ("second", Unit::Second),
            ("minute", Unit::Minute),
            ("hour", Unit::Hour),
            ("day", Unit::Day),
            ("weekend", Unit::Weekend),
            ("week", Unit::Week),
            ("fortnight", Unit::Fortnight),
            ("month", Unit::Month),
            ("quarter", Unit::Quarter),
            ("year", Unit::Year),
            ("decade", Unit::Decade),
            ("century", Unit::Century),
        ];
        for (name, u) in units {
            if name != "second" {
                w.insert(name.to_string(), Lex::Unit(u, false));
            }
            let plural = if name == "century" {
                "centuries".to_string()
            } else {
                format!("{name}s")
            };
            w.insert(plural, Lex::Unit(u, true));
        }
        for (k, u) in [
            ("sec", Unit::Second),
            ("secs", Unit::Second),
            ("min", Unit::Minute),
            ("mins", Unit::Minute),
            ("hr", Unit::Hour),
            ("hrs", Unit::Hour),
            ("yr", Unit::Year),
            ("yrs", Unit::Year),
        ] {
            w.insert(k.to_string(), Lex::Unit(u, k.ends_with('s')));
        }
        for (k, v) in [
            ("a", Lex::Article),
            ("an", Lex::Article),
            ("several", Lex::Vague),
            ("few", Lex::Vague),
            ("many", Lex::Vague),
            ("some", Lex::Vague),
            ("couple", Lex::Couple),
            ("half", Lex::Half),
            ("spring", Lex::Season(0)),
            ("summer", Lex::Season(1)),
            ("fall", Lex::Season(2)),
            ("autumn", Lex::Season(2)),
            ("winter", Lex::Season(3)),
            ("morning", Lex::Part(0)),
            ("afternoon", Lex::Part(1)),
            ("evening", Lex::Part(2)),
            ("night", Lex::Part(3)),
            ("overnight", Lex::Part(3)),
            ("mornings", Lex::Parts(0)),
            ("afternoons", Lex::Parts(1)),
            ("evenings", Lex::Parts(2)),
            ("nights", Lex::Parts(3)),
            ("last", Lex::Rel(Rel::Last)),
            ("next", Lex::Rel(Rel::Next)),
            ("this", Lex::Rel(Rel::This)),
            ("past", Lex::Rel(Rel::Past)),
            ("coming", Lex::Rel(Rel::Coming)),
            ("upcoming", Lex::Rel(Rel::Coming)),
            ("previous", Lex::Rel(Rel::Previous)),
            ("prior", Lex::Rel(Rel::Previous)),
            ("preceding", Lex::Rel(Rel::Previous)),
            ("following", Lex::Rel(Rel::Following)),
            ("same", Lex::Rel(Rel::Same)),
            ("that", Lex::Rel(Rel::That)),
            ("recent", Lex::Rel(Rel::Recent)),
            ("today", Lex::Deictic(Deictic::Today)),
            ("tonight", Lex::Deictic(Deictic::Tonight)),
            ("yesterday", Lex::Deictic(Deictic::Yesterday)),
            ("tomorrow", Lex::Deictic(Deictic::Tomorrow)),
            ("now", Lex::Deictic(Deictic::Now)),
            ("currently", Lex::Deictic(Deictic::Currently)),
            ("recently", Lex::Deictic(Deictic::Recently)),
            ("previously", Lex::Deictic(Deictic::Previously)),
            ("nowadays", Lex::Deictic(Deictic::Nowadays)),
            ("ago", Lex::Ago),
            ("earlier", Lex::Earlier),
            ("later", Lex::Later),
            ("early", Lex::Mod(Mod::Early)),
            ("late", Lex::Mod(Mod::Late)),
            ("mid", Lex::Mod(Mod::Mid)),
            ("middle", Lex::Mod(Mod::Mid)),
            ("end", Lex::Mod(Mod::End)),
            ("beginning", Lex::Mod(Mod::Start)),
            ("start", Lex::Mod(Mod::Start)),
            ("every", Lex::Every),
            ("each", Lex::Every),
            ("daily", Lex::Periodic(Unit::Day)),
            ("nightly", Lex::Periodic(Unit::Day)),
            ("weekly", Lex::Periodic(Unit::Week)),
            ("monthly", Lex::Periodic(Unit::Month)),
            ("quarterly", Lex::Periodic(Unit::Quarter)),
            ("annually", Lex::Periodic(Unit::Year)),
            ("yearly", Lex::Periodic(Unit::Year)),
            ("hourly", Lex::Periodic(Unit::Hour)),
            ("a.m", Lex::AmPm(false)),
            ("am", Lex::AmPm(false)),
            ("p.m", Lex::AmPm(true)),
            ("pm", Lex::AmPm(true)),
            ("noon", Lex::Noon),
            ("midday", Lex::Noon),
            ("midnight", Lex::Midnight),
            ("about", Lex::Approx),
            ("around", Lex::Approx),
            ("nearly", Lex::Approx),
            ("almost", Lex::Approx),
            ("roughly", Lex::Approx),
            ("approximately", Lex::Approx),
            ("over", Lex::Approx),
            ("under", Lex::Approx),
            ("least", Lex::Approx),
            ("than", Lex::Approx),
            ("more", Lex::Approx),
            ("less", Lex::Approx),
            ("up", Lex::Approx),
            ("the", Lex::The),
            ("of", Lex::Of),
            ("and", Lex::And),
            ("at", Lex::At),
            ("on", Lex::On),
            ("in", Lex::In),
            ("future", Lex::Future),
            ("fiscal", Lex::Fiscal),
            ("millennium", Lex::Millennium),
            ("christmas", Lex::Holiday(Holiday::Fixed(12, 25))),
            ("halloween", Lex::Holiday(Holiday::Fixed(10, 31))),
            ("thanksgiving", Lex::Holiday(Holiday::Nth(11, 4, 4))),
        ] {
            w.insert(k.to_string(), v);
        }
        for (k, d) in [
            ("twenties", 2),
            ("thirties", 3),
            ("forties", 4),
            ("fifties", 5),
            ("sixties", 6),
            ("seventies", 7),
            ("eighties", 8),
            ("nineties", 9),
        ] {
            w.insert(k.to_string(), Lex::Decade(d));
        }
        // Time zones news uses; the offset is the standard one named.
        for (k, mins) in [
            ("gmt", 0),
            ("utc", 0),
            ("bst", 60),
            ("cet", 60),
            ("cest", 120),
            ("eet", 120),
            ("msk", 180),
            ("ist", 330),
            ("jst", 540),
            ("aest", 600),
            ("est", -300),
            ("edt", -240),
            ("cst", -360),
            ("cdt", -300),
            ("mst", -420),
            ("mdt", -360),
            ("pst", -480),
            ("pdt", -420),
            ("akdt", -480),
            ("akst", -540),
        ] {
            w.insert(k.to_string(), Lex::Zone(Some(mins)));
        }
        Lexicon { words: w }
    }

    /// The class of a lower-cased word (a trailing period already dropped).
    #[inline]
    pub fn get(&self, lower: &str) -> Lex {
        self.words.get(lower).copied().unwrap_or(Lex::Other)
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}

/// Holidays named by two or more words, matched by the grammar on lower-cased tokens.
pub const MULTI_WORD_HOLIDAYS: &[(&[&str], Holiday)] = &[
    (&["new", "year", "'s", "day"], Holiday::Fixed(1, 1)),
    (&["new", "year", "'s", "eve"], Holiday::Fixed(12, 31)),
    (&["christmas", "eve"], Holiday::Fixed(12, 24)),
    (&["christmas", "day"], Holiday::Fixed(12, 25)),
    (&["boxing", "day"], Holiday::Fixed(12, 26)),
    (&["valentine", "'s", "day"], Holiday::Fixed(2, 14)),
    (&["independence", "day"], Holiday::Fixed(7, 4)),
    (&["thanksgiving", "day"], Holiday::Nth(11, 4, 4)),
    (&["labor", "day"], Holiday::Nth(9, 1, 1)),
    (&["memorial", "day"], Holiday::Nth(5, 1, 5)),
    (&["veterans", "day"], Holiday::Fixed(11, 11)),
    (&["new", "year"], Holiday::Fixed(1, 1)),
];
