//! PETRARCH2's dictionaries, read into typed Rust structures.
//!
//! Why: issue 12 asks for events coded from sentence structure (subject, verb group, objects,
//! prepositional phrases from `dateline-syntax`) through a verb and phrase dictionary, with
//! actors resolved through a dictionary with date ranges. PETRARCH2's CAMEO verb dictionary
//! and the Phoenix actor and agent dictionaries (MIT, Open Event Data; vendored under
//! `data/petrarch2/` with their `LICENSE`, see THIRD-PARTY-DATA.md) are the most complete
//! such dictionaries in the open. This crate only *reads* them; `dateline-events` codes
//! with them and `dateline-entities` recognises well-known people through [`phoenix`].
//! It is a crate of its own so that both can use it without one depending on the other.
//!
//! Everything here parses from `&str` and does no I/O: the caller `include_str!`s the files
//! or reads them. Parsing never fails as a whole: a line that cannot be read is kept in the
//! dictionary's `skipped` list with its line number, text and a [`LineError`] saying why,
//! and the rest is read. Parsing all the vendored files takes a few tens of milliseconds in
//! a release build (see `tests/petrarch_dictionaries.rs`), so it is done once per process.
//!
//! * [`verbs`]: `CAMEO.2.0.txt`, synonym sets, verb blocks, patterns, transformations.
//! * [`actors`]: `Phoenix.*.actors.txt`, names with aliases and dated codes; look-up of a
//!   name on a date by longest match.
//! * [`agents`]: `Phoenix.agents.txt`, agent nouns (police, rebels, minister) with
//!   `~COP`-style codes and their plurals.
//!
//! Common rules of the files (PETRARCH's own reader behaves the same way): a line whose
//! first character is `#` is a comment, and so is everything from the first `#` on a line;
//! blank lines are skipped; words are upper case and `_` joins the words of a phrase.

pub mod actors;
pub mod agents;
pub mod verbs;

use actors::ActorDictionary;
use std::sync::OnceLock;

/// The Phoenix actor dictionaries of PETRARCH2 (vendored under `data/petrarch2/`, MIT),
/// amended by dateline's own `data/actors/dateline.actors.txt` (leaders after Phoenix's
/// end around 2015, and terms Phoenix leaves open that have ended), parsed on first use and
/// shared by every thread.
pub fn phoenix() -> &'static ActorDictionary {
    static DICTIONARY: OnceLock<ActorDictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut d = ActorDictionary::parse_files(&[
            (
                "Phoenix.Countries.actors.txt",
                include_str!("../../../data/petrarch2/Phoenix.Countries.actors.txt"),
            ),
            (
                "Phoenix.International.actors.txt",
                include_str!("../../../data/petrarch2/Phoenix.International.actors.txt"),
            ),
            (
                "Phoenix.MilNonState.actors.txt",
                include_str!("../../../data/petrarch2/Phoenix.MilNonState.actors.txt"),
            ),
        ]);
        d.amend(
            "dateline.actors.txt",
            include_str!("../../../data/actors/dateline.actors.txt"),
        );
        d
    })
}

use std::fmt;

/// Why a line of a dictionary file could not be read. The line is skipped; the rest of the
/// file is read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("code not closed by ']'")]
    UnclosedCode,
    #[error("no code in [...] at the end of the line")]
    MissingCode,
    #[error("malformed code {0:?}")]
    BadCode(String),
    #[error("invalid date {0:?} (expected YYMMDD or YYYYMMDD, a real calendar day)")]
    BadDate(String),
    #[error("text after the code (a comment without '#'?): {0:?}")]
    TextAfterCode(String),
    #[error("unbalanced {0}")]
    Unbalanced(&'static str),
    #[error("no '*' (verb position) in the pattern")]
    NoVerbMarker,
    #[error("more than one '*' in the pattern")]
    ManyVerbMarkers,
    #[error("empty {0}")]
    Empty(&'static str),
    #[error("{0} outside any {1}")]
    Outside(&'static str, &'static str),
    #[error("unknown substitution marker !{0}!")]
    UnknownMarker(String),
    #[error("undefined synset {0} (the pattern is dropped, as PETRARCH does)")]
    UnknownSynset(String),
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// A line that could not be read: where, what, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line number in the file.
    pub line: usize,
    /// The line as it is in the file (without the newline).
    pub text: String,
    pub error: LineError,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {} ({:?})", self.line, self.error, self.text)
    }
}

/// A calendar day, comparable; stored as `YYYYMMDD` in one integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

impl Date {
    /// A date from year, month and day; `None` unless it is a real calendar day.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days || year > 9999 {
            return None;
        }
        Some(Date(year * 10_000 + month * 100 + day))
    }

    /// Reads the dictionaries' dates: `YYYYMMDD`, or `YYMMDD` where, as in KEDS, TABARI and
    /// PETRARCH, `00`–`30` are 2000–2030 and `31`–`99` are 1931–1999.
    pub fn parse(s: &str) -> Option<Date> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        match s.len() {
            6 => {
                let yy = n(0..2)?;
                let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
                Date::new(year, n(2..4)?, n(4..6)?)
            }
            8 => Date::new(n(0..4)?, n(4..6)?, n(6..8)?),
            _ => None,
        }
    }

    pub fn year(self) -> u32 {
        self.0 / 10_000
    }
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }
    pub fn day(self) -> u32 {
        self.0 % 100
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// The lines of a file with their 1-based numbers, comments removed (`#` to the end of the
/// line) and trailing white space trimmed; blank results are left out. Leading white space is
/// kept: the actor files mark date lines with a tab.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let content = match raw.find('#') {
            Some(p) => &raw[..p],
            None => raw,
        };
        let content = content.trim_end();
        (!content.trim_start().is_empty()).then_some((i + 1, raw, content))
    })
}

/// Splits a dictionary phrase (`PRESIDENT_BARACK_OBAMA`, `U.S._VICE_PRESIDENT_`) into its
/// upper-case words: `_` and blanks separate words, empty words (from a trailing `_`) drop.
/// Words are folded as look-ups fold text ([`push_key`]).
pub fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut key = String::with_capacity(w.len());
            push_key(&mut key, w);
            key
        })
        .collect()
}

/// Appends a word as a dictionary key: upper case, diacritics removed. The dictionaries
/// are written in ASCII ("ERDOGAN", "SEBASTIEN_LECORNU"); news text often keeps the marks
/// ("Erdoğan", "Sébastien Lecornu").
pub(crate) fn push_key(key: &mut String, word: &str) {
    use unicode_normalization::UnicodeNormalization;
    if word.is_ascii() {
        let from = key.len();
        key.push_str(word);
        key[from..].make_ascii_uppercase();
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            key.push(c.to_ascii_uppercase());
            continue;
        }
        let c = match c {
            'ł' | 'Ł' => 'L',
            'ø' | 'Ø' => 'O',
            'đ' | 'Đ' => 'D',
            'ı' => 'I',
            c => c,
        };
        for d in std::iter::once(c).nfd() {
            if !('\u{0300}'..='\u{036F}').contains(&d) {
                key.extend(d.to_uppercase());
            }
        }
    }
}

/// Regular English plural of a noun written in upper case, the rule the verb synsets and
/// the agents use: `…S`, `…SH`, `…CH`, `…X`, `…Z` → `ES`; consonant + `Y` → `IES`; else `S`.
pub fn plural_noun(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    if n == 0 {
        return String::new();
    }
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    if word.ends_with('S')
        || word.ends_with("SH")
        || word.ends_with("CH")
        || word.ends_with('X')
        || word.ends_with('Z')
    {
        format!("{word}ES")
    } else if b[n - 1] == b'Y' && n > 1 && !vowel(b[n - 2]) {
        format!("{}IES", &word[..n - 1])
    } else {
        format!("{word}S")
    }
}

/// The first `found(key, len)` for the longest prefix of `tokens` (at most `max_words`
/// words), keyed as the dictionaries key their phrases: upper case, one space between
/// words.
pub(crate) fn longest_prefix<S: AsRef<str>, T>(
    tokens: &[S],
    max_words: usize,
    mut found: impl FnMut(&str, usize) -> Option<T>,
) -> Option<T> {
    let mut key = String::new();
    for len in (1..=tokens.len().min(max_words)).rev() {
        key.clear();
        for (i, t) in tokens[..len].iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            push_key(&mut key, t.as_ref());
        }
        if let Some(hit) = found(&key, len) {
            return Some(hit);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("090120"), Date::new(2009, 1, 20));
        assert_eq!(Date::parse("780101"), Date::new(1978, 1, 1));
        assert_eq!(Date::parse("300101"), Date::new(2030, 1, 1));
        assert_eq!(Date::parse("310101"), Date::new(1931, 1, 1));
        assert_eq!(Date::parse("18970101"), Date::new(1897, 1, 1));
        assert_eq!(Date::parse("120229"), Date::new(2012, 2, 29));
        assert_eq!(Date::parse("110229"), None);
        assert_eq!(Date::parse("101301"), None);
        assert_eq!(Date::parse("1012"), None);
        assert_eq!(Date::parse("10a201"), None);
        assert_eq!(Date::new(2009, 1, 20).unwrap().to_string(), "2009-01-20");
        assert!(Date::parse("090120") < Date::parse("090121"));
    }

    #[test]
    fn words_and_plurals() {
        assert_eq!(
            phrase_words("U.S._VICE_PRESIDENT_"),
            ["U.S.", "VICE", "PRESIDENT"]
        );
        assert_eq!(phrase_words("ab cd_"), ["AB", "CD"]);
        assert_eq!(plural_noun("MILITIA"), "MILITIAS");
        assert_eq!(plural_noun("ARMY"), "ARMIES");
        assert_eq!(plural_noun("ENVOY"), "ENVOYS");
        assert_eq!(plural_noun("BOSS"), "BOSSES");
        assert_eq!(plural_noun("CHURCH"), "CHURCHES");
    }

    #[test]
    fn comments_and_blank_lines() {
        let lines: Vec<_> = content_lines("# c\n\nA [X] # note\n\t[Y]\n   \n").collect();
        assert_eq!(lines, [(3, "A [X] # note", "A [X]"), (4, "\t[Y]", "\t[Y]")]);
    }
}
