//! `quotes --about`: matching a search text against a quote's sentences in Rust.
//!
//! Why not a full-text index of quotes: a quote's sentences are already in its document's
//! text, which `docs_fts` indexes. Indexing them a second time, one row per quote, was a
//! fifth of the store writer's work and 7% of the file. So `--about` asks `docs_fts` for
//! the documents that match (every word of a matching sentence is in its document, so no
//! quote is lost), and this module checks each of their quotes' sentences, read from
//! `docs.text` by offset, through the SQL function [`FUNCTION`].
//!
//! It reads the text as FTS5's `unicode61 remove_diacritics 2` tokenizer does: runs of
//! letters and digits, case-folded, accents removed; and the search text as
//! [`search_terms`] does for FTS5: all phrases must occur, `OR` between groups, a
//! trailing `*` matches any word that starts so. `OR` binds looser than the implicit AND,
//! as in FTS5 ("a b OR c" is "(a b) OR c").

use super::sql::{Term, search_terms};
use crate::StoreError;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The SQL function: `dateline_about(text, search)` is 1 when `text` matches `search`.
pub const FUNCTION: &str = "dateline_about";

/// A parsed search text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct About {
    /// Any group matches; in a group, every phrase must occur.
    groups: Vec<Vec<Phrase>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    words: Vec<String>,
    /// The last word is a prefix.
    prefix: bool,
}

impl About {
    pub(crate) fn parse(user: &str) -> Result<About, StoreError> {
        let mut groups = vec![Vec::new()];
        for term in search_terms(user)? {
            match term {
                Term::Or => groups.push(Vec::new()),
                Term::Phrase { words, prefix } => {
                    let words = tokens(&words);
                    if let Some(group) = groups.last_mut()
                        && !words.is_empty()
                    {
                        group.push(Phrase { words, prefix });
                    }
                }
            }
        }
        groups.retain(|g| !g.is_empty());
        Ok(About { groups })
    }

    /// Whether `text` matches.
    pub(crate) fn matches(&self, text: &str) -> bool {
        let words = tokens(text);
        self.groups
            .iter()
            .any(|group| group.iter().all(|p| p.occurs_in(&words)))
    }
}

impl Phrase {
    fn occurs_in(&self, words: &[String]) -> bool {
        let n = self.words.len();
        if n == 0 || words.len() < n {
            return false;
        }
        words.windows(n).any(|w| {
            w.iter()
                .zip(&self.words)
                .enumerate()
                .all(|(i, (have, want))| {
                    if self.prefix && i == n - 1 {
                        have.starts_with(want.as_str())
                    } else {
                        have == want
                    }
                })
        })
    }
}

/// The words of `text` as the full-text index sees them: runs of letters and digits,
/// lower-cased, without accents ("Zürich's" → "zurich", "s").
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
                    word.extend(d.to_lowercase());
                }
            }
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Registers [`FUNCTION`] on a connection. The search text is parsed once per statement
/// (SQLite keeps it as the argument's auxiliary data); a text that is NULL is no match.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        FUNCTION,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let about = ctx.get_or_create_aux(1, |search| -> Result<About, StoreError> {
                About::parse(search.as_str().unwrap_or(""))
            })?;
            let text = ctx.get_raw(0);
            Ok(text.as_str().is_ok_and(|t| about.matches(t)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(search: &str, text: &str) -> bool {
        About::parse(search).unwrap().matches(text)
    }

    #[test]
    fn words_as_the_index_reads_them() {
        assert_eq!(
            tokens("Zürich's NATO-summit, 2025!"),
            ["zurich", "s", "nato", "summit", "2025"]
        );
    }

    #[test]
    fn every_word_a_phrase_or_and_prefix() {
        assert!(matches("nato", "NATO is moving closer."));
        assert!(matches("Zurich talks", "Talks in Zürich went on."));
        assert!(!matches("Zurich talks", "Talks in Geneva went on."));
        assert!(matches("\"black sea\"", "grain across the Black Sea"));
        assert!(!matches("\"black sea\"", "a sea of black flags"));
        assert!(matches("sanction*", "new sanctions were agreed"));
        assert!(!matches("sanction", "new sanctions were agreed"));
        assert!(matches("tariff OR sanction*", "sanctioned banks"));
        // OR binds looser than the implicit AND: (grain ship) OR wheat.
        assert!(matches("grain ship OR wheat", "wheat prices"));
        assert!(!matches("grain ship OR wheat", "grain prices"));
    }

    #[test]
    fn a_search_with_nothing_to_find_is_an_error() {
        assert!(About::parse(" ( ) ").is_err());
    }
}
