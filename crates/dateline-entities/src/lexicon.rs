//! The hand-written lexicons (files in `data/`, compiled into the binary) and the fast
//! look-up structures built from them once per process.
//!
//! Why compiled in: they are small (tens of KB), they are part of the code's behaviour (a
//! rule is only as good as its word list), and a binary that carries them cannot run with
//! mismatched versions. The geographic knowledge base, which is large and fetched from
//! registry packages, is separate (`dateline-kb`).

use foldhash::{HashMap, HashMapExt, HashSet};

/// A title or office from `titles.tsv`.
#[derive(Debug, Clone)]
pub struct Title {
    /// The words of the title as written ("Lt.", "Col.").
    pub words: Vec<String>,
    /// Canonical role ("Senator" for "Sen."); empty for honorifics.
    pub role: String,
    pub gender: Option<dateline_doc::Gender>,
    /// CAMEO-style sector code the title implies ("GOV", "MIL"), or empty.
    pub sector: String,
}

/// A known organisation from `orgs.tsv`.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: String,
    pub country: String,
    pub cameo: String,
    pub kind: String,
}

/// Where an organisation cue word stands in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuePosition {
    /// The last word: "Acme Corp.", "Labour Party".
    Head,
    /// The first word, before "of": "Bank of England", "Ministry of Defence".
    Prefix,
    Any,
}

/// A noun for a person or group ("official", "rebels").
#[derive(Debug, Clone)]
pub struct PersonWord {
    pub plural: bool,
    pub gender: Option<dateline_doc::Gender>,
    pub sector: String,
}

/// Every lexicon, ready for look-up.
pub struct Lexicon {
    /// Titles by their first word, longest first.
    titles: HashMap<String, Vec<Title>>,
    pub title_modifiers: HashSet<String>,
    /// Organisation cues by word.
    org_cues: HashMap<String, CuePosition>,
    /// Known organisations: lower-cased name or alias → index into `orgs`.
    org_names: HashMap<String, u32>,
    pub orgs: Vec<Org>,
    common_words: HashSet<String>,
    ambiguous_words: HashSet<String>,
    time_words: HashSet<String>,
    /// Speech verb → lemma.
    speech_verbs: HashMap<String, String>,
    person_words: HashMap<String, PersonWord>,
    /// Peoples and faiths without a country ("Kurdish", "Moslems"), as written.
    groups: HashSet<String>,
    /// Words of the longest title and of the longest organisation name or alias: a longer
    /// run of words cannot be one, so matching looks no further.
    longest_title: usize,
    longest_org_name: usize,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn gender(code: &str) -> Option<dateline_doc::Gender> {
    match code {
        "m" => Some(dateline_doc::Gender::Male),
        "f" => Some(dateline_doc::Gender::Female),
        _ => None,
    }
}

fn field<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

fn dash_empty(s: &str) -> String {
    if s == "-" {
        String::new()
    } else {
        s.to_string()
    }
}

impl Lexicon {
    /// Builds the look-up tables from the compiled-in files.
    pub fn builtin() -> Lexicon {
        Lexicon::from_sources(&Sources {
            titles: include_str!("../data/titles.tsv"),
            title_modifiers: include_str!("../data/title_modifiers.txt"),
            org_cues: include_str!("../data/org_cues.tsv"),
            orgs: include_str!("../data/orgs.tsv"),
            common_words: include_str!("../data/common_words.txt"),
            ambiguous_words: include_str!("../data/ambiguous_words.txt"),
            time_words: include_str!("../data/time_words.txt"),
            speech_verbs: include_str!("../data/speech_verbs.txt"),
            person_words: include_str!("../data/person_words.tsv"),
            groups: include_str!("../data/groups.tsv"),
        })
    }

    pub fn from_sources(src: &Sources<'_>) -> Lexicon {
        let mut titles: HashMap<String, Vec<Title>> = HashMap::new();
        for row in rows(src.titles) {
            let words: Vec<String> = field(&row, 0)
                .split_whitespace()
                .map(String::from)
                .collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            titles.entry(first).or_default().push(Title {
                words,
                role: dash_empty(field(&row, 1)),
                gender: gender(field(&row, 2)),
                sector: dash_empty(field(&row, 3)),
            });
        }
        for list in titles.values_mut() {
            list.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        }
        let words = |text: &str| -> HashSet<String> {
            rows(text)
                .map(|r| field(&r, 0).to_string())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let lower_words = |text: &str| -> HashSet<String> {
            rows(text)
                .map(|r| field(&r, 0).to_lowercase())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let org_cues = rows(src.org_cues)
            .map(|r| {
                let pos = match field(&r, 1) {
                    "head" => CuePosition::Head,
                    "prefix" => CuePosition::Prefix,
                    _ => CuePosition::Any,
                };
                (field(&r, 0).to_string(), pos)
            })
            .collect();
        let mut orgs = Vec::new();
        let mut org_names = HashMap::new();
        for row in rows(src.orgs) {
            let name = field(&row, 0);
            if name.is_empty() {
                continue;
            }
            let index = orgs.len() as u32;
            orgs.push(Org {
                name: name.to_string(),
                country: dash_empty(field(&row, 2)),
                cameo: dash_empty(field(&row, 3)),
                kind: dash_empty(field(&row, 4)),
            });
            for alias in std::iter::once(name).chain(field(&row, 1).split('|')) {
                // Acronyms match only as written: "WHO" is not "Who".
                let key = if is_acronym(alias) {
                    alias.trim().to_string()
                } else {
                    name_key(alias)
                };
                if !key.is_empty() {
                    org_names.entry(key).or_insert(index);
                }
            }
        }
        let speech_verbs = rows(src.speech_verbs)
            .map(|r| {
                let lemma = match field(&r, 1) {
                    "" => field(&r, 0),
                    l => l,
                };
                (field(&r, 0).to_lowercase(), lemma.to_lowercase())
            })
            .collect();
        let person_words = rows(src.person_words)
            .map(|r| {
                (
                    field(&r, 0).to_lowercase(),
                    PersonWord {
                        plural: field(&r, 1) == "pl",
                        gender: gender(field(&r, 2)),
                        sector: dash_empty(field(&r, 3)),
                    },
                )
            })
            .collect();
        let longest_title = titles
            .values()
            .flatten()
            .map(|t: &Title| t.words.len())
            .max()
            .unwrap_or(0);
        let longest_org_name = org_names
            .keys()
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(0);
        Lexicon {
            longest_title,
            longest_org_name,
            titles,
            title_modifiers: lower_words(src.title_modifiers),
            org_cues,
            org_names,
            orgs,
            common_words: lower_words(src.common_words),
            ambiguous_words: lower_words(src.ambiguous_words),
            time_words: words(src.time_words)
                .into_iter()
                .map(|w| w.to_lowercase())
                .collect(),
            speech_verbs,
            person_words,
            groups: rows(src.groups)
                .filter_map(|row| row.first().map(|w| w.to_string()))
                .collect(),
        }
    }

    /// A people or faith with no country of its own, written as `groups.tsv` writes it
    /// ("Kurdish", "Moslems", "Shi'ite").
    pub fn is_group(&self, word: &str) -> bool {
        self.groups.contains(word)
    }

    /// The longest title starting at `words[0]`, matched case-sensitively (titles are
    /// capitalized before names: "President Putin", but "the president said").
    pub fn title_at<'a>(&'a self, words: &[&str]) -> Option<&'a Title> {
        let first = words.first()?;
        self.titles.get(*first)?.iter().find(|t| {
            t.words.len() <= words.len() && t.words.iter().zip(words).all(|(a, b)| a == b)
        })
    }

    /// Words of the longest title: [`Lexicon::title_at`] never reads further.
    pub fn longest_title(&self) -> usize {
        self.longest_title
    }

    /// Words of the longest organisation name or alias (as [`Lexicon::org`] keys them).
    pub fn longest_org_name(&self) -> usize {
        self.longest_org_name
    }

    pub fn is_title_modifier(&self, word: &str) -> bool {
        with_lowercase(word, |lower| self.title_modifiers.contains(lower))
    }

    pub fn org_cue(&self, word: &str) -> Option<CuePosition> {
        self.org_cues.get(word).copied()
    }

    /// A known organisation by name or alias (case-insensitive, except acronyms).
    pub fn org(&self, name: &str) -> Option<(u32, &Org)> {
        let i = *self
            .org_names
            .get(name.trim())
            .filter(|_| is_acronym(name))
            .or_else(|| self.org_names.get(&name_key(name)))?;
        Some((i, &self.orgs[i as usize]))
    }

    /// A word that is common in running text and rarely a name on its own.
    pub fn is_common(&self, word: &str) -> bool {
        with_lowercase(word, |lower| {
            self.common_words.contains(lower) && !self.ambiguous_words.contains(lower)
        })
    }

    /// Months, weekdays, seasons and holidays, with or without an abbreviation's period
    /// ("Sept", "Sept.").
    pub fn is_time_word(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.time_words.contains(&lower)
            || self.time_words.contains(lower.trim_end_matches('.'))
            || self
                .time_words
                .contains(&format!("{}.", lower.trim_end_matches('.')))
    }

    /// The lemma of a speech verb ("warned" → "warn").
    pub fn speech_verb(&self, word: &str) -> Option<&str> {
        self.speech_verbs.get(word).map(String::as_str)
    }

    pub fn person_word(&self, word: &str) -> Option<&PersonWord> {
        with_lowercase(word, |lower| self.person_words.get(lower))
    }
}

/// The source texts of every lexicon (so tests can build small ones).
pub struct Sources<'a> {
    pub titles: &'a str,
    pub title_modifiers: &'a str,
    pub org_cues: &'a str,
    pub orgs: &'a str,
    pub common_words: &'a str,
    pub ambiguous_words: &'a str,
    pub time_words: &'a str,
    pub speech_verbs: &'a str,
    pub person_words: &'a str,
    pub groups: &'a str,
}

/// Calls `f` with `word` in lower case, without allocating for short ASCII words (the
/// common case: these look-ups run for every capitalized token).
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.len() <= 32 && word.is_ascii() {
        let mut buf = [0u8; 32];
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        f(std::str::from_utf8(bytes).unwrap_or(""))
    } else {
        f(&word.to_lowercase())
    }
}

/// All capitals (and digits, periods, ampersands), at least two letters: "WHO", "U.N.".
fn is_acronym(s: &str) -> bool {
    let s = s.trim();
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '&' | '-'))
}

/// The key names are compared by: lower case, straight apostrophes, single spaces, no
/// leading "the".
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | '‘' => key.push('\''),
                _ => key.extend(c.to_lowercase()),
            }
        }
    }
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}
