//! The valence lexicon: word → mean valence (-4 … 4), read from VADER's `vader_lexicon.txt`.
//!
//! The file is tab-separated: token, mean valence, standard deviation, the ten raters'
//! scores. Only the first two columns are read; blank lines are skipped; line ends may be
//! CRLF (the shipped file's are). Tokens are stored lower-cased.

use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};

/// Where `scripts/fetch-lexicons.sh` puts the VADER lexicon, relative to the checkout.
pub const DEFAULT_LEXICON: &str = "data/sources/vadersentiment/vader_lexicon.txt";

/// Why a lexicon could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error(
        "cannot read the tone lexicon {}: {source}; fetch it with scripts/fetch-lexicons.sh (it downloads vaderSentiment 3.3.2 from PyPI into data/sources/)",
        path.display()
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("tone lexicon{}, line {line}: {reason}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Parse {
        path: Option<PathBuf>,
        line: usize,
        reason: String,
    },
    #[error("tone lexicon{} has no entries", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Empty { path: Option<PathBuf> },
}

/// A word → valence table, shared read-only by every worker.
#[derive(Debug, Clone, Default)]
pub struct ToneLexicon {
    words: HashMap<Box<str>, f32>,
}

impl ToneLexicon {
    /// Reads a lexicon file in VADER's format. The error names the file and says how to
    /// fetch it.
    pub fn load(path: &Path) -> Result<ToneLexicon, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|e| match e {
            LexiconError::Parse { line, reason, .. } => LexiconError::Parse {
                path: Some(path.to_path_buf()),
                line,
                reason,
            },
            LexiconError::Empty { .. } => LexiconError::Empty {
                path: Some(path.to_path_buf()),
            },
            other => other,
        })
    }

    /// Parses a lexicon from text in VADER's format (`token<TAB>valence[<TAB>…]`).
    pub fn parse(text: &str) -> Result<ToneLexicon, LexiconError> {
        let mut words = HashMap::with_capacity(8192);
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let token = cols.next().unwrap_or_default();
            let valence = cols.next().ok_or_else(|| LexiconError::Parse {
                path: None,
                line: i + 1,
                reason: format!("expected `token<TAB>valence`, got {line:?}"),
            })?;
            let valence: f32 = valence.trim().parse().map_err(|_| LexiconError::Parse {
                path: None,
                line: i + 1,
                reason: format!("valence {valence:?} is not a number"),
            })?;
            if !valence.is_finite() || !(-4.0..=4.0).contains(&valence) {
                return Err(LexiconError::Parse {
                    path: None,
                    line: i + 1,
                    reason: format!("valence {valence} is outside -4 … 4"),
                });
            }
            if token.is_empty() {
                continue;
            }
            words.insert(token.to_lowercase().into_boxed_str(), valence);
        }
        if words.is_empty() {
            return Err(LexiconError::Empty { path: None });
        }
        Ok(ToneLexicon { words })
    }

    /// The valence of a lower-cased word, if the lexicon has it.
    #[inline]
    pub fn valence(&self, word: &str) -> Option<f32> {
        self.words.get(word).copied()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl std::str::FromStr for ToneLexicon {
    type Err = LexiconError;

    fn from_str(text: &str) -> Result<ToneLexicon, LexiconError> {
        ToneLexicon::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn reads_vader_format_with_crlf() {
        let lex = ToneLexicon::from_str(
            "good\t1.9\t0.9\t[2, 1]\r\nBad\t-2.5\t0.6\t[-3]\r\n\r\n:)\t2.0\t0.5\t[2]\r\n",
        )
        .unwrap();
        assert_eq!(lex.len(), 3);
        assert_eq!(lex.valence("good"), Some(1.9));
        assert_eq!(lex.valence("bad"), Some(-2.5));
        assert_eq!(lex.valence(":)"), Some(2.0));
        assert_eq!(lex.valence("neutral"), None);
    }

    #[test]
    fn errors_name_the_line_and_the_file() {
        let err = ToneLexicon::parse("good\t1.9\nbad\tminus\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = ToneLexicon::parse("good\t9.5\n").unwrap_err();
        assert!(err.to_string().contains("outside"), "{err}");
        assert!(matches!(
            ToneLexicon::parse("\n\n"),
            Err(LexiconError::Empty { .. })
        ));
        let err = ToneLexicon::load(Path::new("/nonexistent/vader_lexicon.txt")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/nonexistent/vader_lexicon.txt"), "{msg}");
        assert!(msg.contains("scripts/fetch-lexicons.sh"), "{msg}");
    }
}
