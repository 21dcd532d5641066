//! Building the SQL of a view safely: parameters only ([`Sql`]), user search text made
//! into FTS5 queries that cannot be read as syntax ([`fts_query`]), date bounds at any
//! grain ([`date_bound`]), and the plan choices the views share (which side drives a
//! query, see [`DRIVE`] and [`driven_by`]).

use crate::StoreError;
use rusqlite::types::Value as SqlValue;

/// SQL text and its parameters, built up filter by filter.
pub(super) struct Sql {
    pub(super) text: String,
    pub(super) params: Vec<SqlValue>,
}

impl Sql {
    pub(super) fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            params: Vec::new(),
        }
    }

    /// Appends `clause` with one parameter per `?` in it.
    pub(super) fn and(&mut self, clause: &str, values: impl IntoIterator<Item = SqlValue>) {
        self.text.push_str(" AND ");
        self.text.push_str(clause);
        self.params.extend(values);
    }

    pub(super) fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `(?, ?, …)` for a list of ids.
    pub(super) fn in_list(ids: &[i64]) -> String {
        let marks = vec!["?"; ids.len().max(1)].join(", ");
        format!("({marks})")
    }
}

pub(super) fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

pub(super) fn ints(ids: &[i64]) -> Vec<SqlValue> {
    if ids.is_empty() {
        // `IN (?)` with a value no row has: an empty match, not an SQL error.
        return vec![SqlValue::Integer(i64::MIN)];
    }
    ids.iter().map(|&i| SqlValue::Integer(i)).collect()
}

/// A date bound from `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (`end` false) or last
/// day it covers.
pub fn date_bound(s: &str, end: bool) -> Result<String, StoreError> {
    let s = s.trim();
    let bad = || {
        StoreError::Invalid(format!(
            "cannot read {s:?} as a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        ))
    };
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Result<i32, StoreError> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let year = num(parts.first().copied().unwrap_or(""), 4)?;
    let month = match parts.get(1) {
        Some(m) => Some(num(m, 2)?),
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => Some(num(d, 2)?),
        None => None,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    let month_v = month.unwrap_or(if end { 12 } else { 1 });
    if !(1..=12).contains(&month_v) {
        return Err(bad());
    }
    let first = jiff::civil::Date::new(year as i16, month_v as i8, 1).map_err(|_| bad())?;
    let date = match day {
        Some(d) => {
            jiff::civil::Date::new(year as i16, month_v as i8, d as i8).map_err(|_| bad())?
        }
        None if end => first.last_of_month(),
        None => first,
    };
    Ok(date.to_string())
}

/// One term of a user's search text: a word or a quoted phrase (its words joined by single
/// spaces), with a trailing `*` as a prefix search on its last word; or `OR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Phrase { words: String, prefix: bool },
    Or,
}

/// A user's search text as terms: each word a phrase of one word (so that nothing is read
/// as syntax), `"a phrase"` kept as a phrase, a trailing `*` kept as a prefix search, `OR`
/// between words kept (never first, last or doubled); otherwise all words must occur.
pub(crate) fn search_terms(user: &str) -> Result<Vec<Term>, StoreError> {
    let mut parts: Vec<Term> = Vec::new();
    let mut rest = user.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, next) = match after.find('"') {
                Some(i) => (&after[..i], &after[i + 1..]),
                None => (after, ""),
            };
            let words = alphanumeric_words(phrase);
            if !words.is_empty() {
                parts.push(Term::Phrase {
                    words,
                    prefix: false,
                });
            }
            rest = next.trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        if word == "OR" {
            if parts.last().is_some_and(|p| *p != Term::Or) {
                parts.push(Term::Or);
            }
            continue;
        }
        let (stem, prefix) = match word.strip_suffix('*') {
            Some(s) => (s, true),
            None => (word, false),
        };
        let words = alphanumeric_words(stem);
        if words.is_empty() {
            continue;
        }
        parts.push(Term::Phrase { words, prefix });
    }
    while parts.last() == Some(&Term::Or) {
        parts.pop();
    }
    if parts.is_empty() {
        return Err(StoreError::Invalid(format!(
            "nothing to search for in {user:?}"
        )));
    }
    Ok(parts)
}

/// A user's search text as an FTS5 query (see [`search_terms`]).
pub fn fts_query(user: &str) -> Result<String, StoreError> {
    let parts: Vec<String> = search_terms(user)?
        .into_iter()
        .map(|t| match t {
            Term::Phrase { words, prefix } => {
                format!("\"{words}\"{}", if prefix { "*" } else { "" })
            }
            Term::Or => "OR".into(),
        })
        .collect();
    Ok(parts.join(" "))
}

/// The runs of letters and digits of `s`, joined by single spaces. Only letters and digits
/// make FTS tokens; anything else would only confuse the query parser (a NUL ends its
/// string early: "unterminated string").
fn alphanumeric_words(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list's own conditions as the chosen plan needs them: as they are when they drive the
/// query, else with their columns behind `+`, so that SQLite tests them on each row of
/// the newest documents instead of looking every listed value up for every document.
pub(super) fn driven_by(conditions: &str, alias: &str, drive: bool) -> String {
    if drive {
        conditions.to_string()
    } else {
        conditions
            .replace(&format!(" {alias}"), &format!(" +{alias}"))
            .replace(&format!("({alias}"), &format!("(+{alias}"))
    }
}

/// Documents `cooccur` reads at most (the latest ingested that mention the actor).
pub const COOCCUR_DOCS: usize = 5000;

/// Above this many matching rows, a list of quotes or events is read newest document
/// first (stopping at the page) rather than by collecting and sorting every match.
pub(super) const DRIVE: usize = 2000;

/// Whether a `--source`/`--target` value is a CAMEO code rather than a name: upper-case
/// letters in groups of three ("USA", "RUSGOV", "IGO").
pub(super) fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() % 3 == 0 && s.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        assert_eq!(date_bound("2025-08", false).unwrap(), "2025-08-01");
        assert_eq!(date_bound("2025-08", true).unwrap(), "2025-08-31");
        assert_eq!(date_bound("2024-02", true).unwrap(), "2024-02-29");
        assert_eq!(date_bound("2025", true).unwrap(), "2025-12-31");
        assert_eq!(date_bound("2025-08-16", true).unwrap(), "2025-08-16");
        for bad in [
            "August",
            "2025-13",
            "2025-02-30",
            "25-08-01",
            "2025-08-01-01",
            "",
        ] {
            assert!(date_bound(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_text_becomes_safe_fts() {
        assert_eq!(fts_query("NATO summit").unwrap(), "\"NATO\" \"summit\"");
        assert_eq!(
            fts_query("\"Black Sea\" grain").unwrap(),
            "\"Black Sea\" \"grain\""
        );
        assert_eq!(
            fts_query("sanction* OR tariff").unwrap(),
            "\"sanction\"* OR \"tariff\""
        );
        assert_eq!(
            fts_query("a:b NEAR( ) -x").unwrap(),
            "\"a b\" \"NEAR\" \"x\""
        );
        assert!(fts_query("  ( ) ").is_err());
        assert_eq!(fts_query("OR peace OR").unwrap(), "\"peace\"");
        // Found by fuzzing: a NUL or a stray quotation mark inside a phrase.
        assert_eq!(
            fts_query("G\0x \"s\0\"t{ \"u").unwrap(),
            "\"G x\" \"s\" \"t\" \"u\""
        );
        assert!(fts_query("\"\0\"").is_err());
    }

    #[test]
    fn codes_and_names() {
        assert!(is_code("USA") && is_code("RUSGOV") && is_code("IGO"));
        assert!(!is_code("Putin") && !is_code("NATO") && !is_code("US"));
    }
}
