//! The Phoenix actor dictionaries (`Phoenix.Countries.actors.txt`,
//! `Phoenix.International.actors.txt`, `Phoenix.MilNonState.actors.txt`).
//!
//! Why: issue 12 wants bare names of well-known people ("Obama", "Erdogan") and
//! organisations resolved to CAMEO actor codes, and the code of a person depends on the
//! date: Barack Obama is `USAELI` (elite) until 2009-01-20 and `USAGOV` after. This module
//! reads the entries and answers "which code does this name have on this day" by the
//! longest dictionary name at the start of a token sequence.
//!
//! # Format
//!
//! An entry is a primary name line followed by optional alias lines and date lines:
//!
//! ```text
//! BARACK_OBAMA                      primary name; `_` joins words, a trailing `_` is ignored
//! +PRESIDENT_OBAMA_                 an alias
//!     [USAELI 780101-000101]        a code between two dates (inclusive)
//!     [USAGOV >090120]              a code from a date on;  `<date`: up to a date
//! AFGHANISTAN_  [AFG]               a code on the primary line; `[CODE]` alone is undated
//! JAMES_BYRNES_  ; CountryInfo.txt  text after `;` is a comment
//! ANN_VENEMAN_ [USAGOV 010120-050120] [IGOUNOKID >050501]   several codes on one line
//! ```
//!
//! Dates are `YYMMDD` (00–30 → 20xx) or `YYYYMMDD` ([`super::Date::parse`]). An undated code
//! is the default, used when no dated code covers the day.
//!
//! Names are compared as upper-case words (`Mr. Obama` → `MR.` `OBAMA`). When the same name
//! is defined twice (in one file or across files) the later definition wins, as in PETRARCH,
//! whose reader overwrites; [`ActorDictionary::shadowed`] counts such names.
//!
//! Phoenix's leader lists end around 2015: they know no Donald Trump or Volodymyr Zelensky,
//! and terms that were open then stay open (Angela Merkel `DEUGOV >051122` would still be
//! chancellor). dateline's own `data/actors/dateline.actors.txt`, in the same format, adds
//! later leaders and closes ended terms; [`ActorDictionary::amend`] reads it so that a
//! corrected entry replaces Phoenix's entry together with all of its aliases.

use foldhash::HashMap;

use super::{Date, LineError, Skipped, content_lines, phrase_words};

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSpan {
    /// `[CODE]`: the default code.
    Always,
    /// `[CODE <date]`: up to and including the date.
    Until(Date),
    /// `[CODE >date]`: from the date on.
    From(Date),
    /// `[CODE date-date]`: between the dates, both included.
    Between(Date, Date),
}

impl DateSpan {
    pub fn contains(self, d: Date) -> bool {
        match self {
            DateSpan::Always => true,
            DateSpan::Until(e) => d <= e,
            DateSpan::From(s) => d >= s,
            DateSpan::Between(s, e) => s <= d && d <= e,
        }
    }
}

/// A code with the dates it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub span: DateSpan,
}

/// One entry: a name, its aliases and its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: Vec<String>,
    pub aliases: Vec<Vec<String>>,
    pub roles: Vec<Role>,
    /// Index of the file in [`ActorDictionary::files`].
    pub file: usize,
    pub line: usize,
    /// A person: the entry comes from PETRARCH's leader lists, whose primary name lines
    /// carry the comment `# CountryInfo.txt` (heads of state and government, ministers,
    /// opposition leaders; about 18,000 in `Phoenix.Countries.actors.txt`), or, in an
    /// amending file, the comment `# person`. Countries, organisations and groups have no
    /// such mark.
    pub person: bool,
}

impl Actor {
    /// The code on a day: the first dated code whose span holds the day, else the default
    /// (the last undated code); `None` if neither (PETRARCH's null code).
    pub fn code_on(&self, date: Date) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.span != DateSpan::Always && r.span.contains(date))
            .or_else(|| self.default_role())
            .map(|r| r.code.as_str())
    }

    /// The undated code, if any.
    pub fn default_role(&self) -> Option<&Role> {
        self.roles.iter().rev().find(|r| r.span == DateSpan::Always)
    }
}

/// A name found by [`ActorDictionary::lookup`].
#[derive(Debug, Clone, Copy)]
pub struct ActorMatch<'a> {
    pub actor: &'a Actor,
    /// How many of the given tokens the name covers.
    pub len: usize,
    /// The actor's code on the day asked for.
    pub code: Option<&'a str>,
}

/// Actor entries of one or more files, indexed by name and alias.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    /// File names, as given to [`ActorDictionary::add`].
    pub files: Vec<String>,
    pub actors: Vec<Actor>,
    /// Lines that could not be read, per file (index into `files`).
    pub skipped: Vec<(usize, Skipped)>,
    /// Names (primary or alias) defined again by a later entry.
    pub shadowed: usize,
    index: HashMap<String, usize>,
    max_words: usize,
}

fn parse_role(inner: &str) -> Result<Role, LineError> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or(LineError::MissingCode)?;
    if code.contains(['[', ']', '<', '>']) {
        return Err(LineError::BadCode(code.to_string()));
    }
    // `> 140608` (a blank after the sign) occurs a dozen times: read it as `>140608`.
    let dates: Option<String> = match (parts.next(), parts.next()) {
        (None, _) => None,
        (Some(sign @ ("<" | ">")), Some(d)) => Some(format!("{sign}{d}")),
        (Some(d), None) => Some(d.to_string()),
        (Some(_), Some(extra)) => return Err(LineError::TextAfterCode(extra.to_string())),
    };
    if let Some(extra) = parts.next() {
        return Err(LineError::TextAfterCode(extra.to_string()));
    }
    let date = |s: &str| Date::parse(s).ok_or_else(|| LineError::BadDate(s.to_string()));
    let span = match dates.as_deref() {
        None => DateSpan::Always,
        Some(d) => {
            if let Some(s) = d.strip_prefix('>') {
                DateSpan::From(date(s)?)
            } else if let Some(s) = d.strip_prefix('<') {
                DateSpan::Until(date(s)?)
            } else if let Some((a, b)) = d.split_once('-') {
                DateSpan::Between(date(a)?, date(b)?)
            } else {
                return Err(LineError::Malformed(
                    "date restriction (no '<', '>' or '-')",
                ));
            }
        }
    };
    Ok(Role {
        code: code.to_uppercase(),
        span,
    })
}

/// Splits `NAME [CODE …] [CODE …] ; comment` into the name and its roles (TABARI allowed
/// several date restrictions on one line, and the International file uses that).
fn split_name(s: &str) -> Result<(&str, Vec<Role>), LineError> {
    let s = match s.find(';') {
        Some(p) => &s[..p],
        None => s,
    };
    let Some(o) = s.find('[') else {
        if s.contains(']') {
            return Err(LineError::Unbalanced("']'"));
        }
        return Ok((s.trim(), Vec::new()));
    };
    let mut roles = Vec::new();
    let mut rest = &s[o..];
    while let Some(r) = rest.strip_prefix('[') {
        let c = r.find(']').ok_or(LineError::UnclosedCode)?;
        roles.push(parse_role(&r[..c])?);
        rest = r[c + 1..].trim_start();
    }
    if !rest.is_empty() {
        return Err(LineError::TextAfterCode(rest.to_string()));
    }
    Ok((s[..o].trim(), roles))
}

impl ActorDictionary {
    pub fn new() -> ActorDictionary {
        ActorDictionary::default()
    }

    /// Parses several files in order (later definitions of a name win).
    pub fn parse_files(files: &[(&str, &str)]) -> ActorDictionary {
        let mut d = ActorDictionary::new();
        for (name, text) in files {
            d.add(name, text);
        }
        d
    }

    /// Parses one actor file and adds its entries.
    pub fn add(&mut self, file_name: &str, text: &str) {
        let first = self.parse(file_name, text);
        for i in first..self.actors.len() {
            self.index_names(i);
        }
    }

    /// Parses a file of corrections and additions (dateline's own `dateline.actors.txt`).
    /// An entry that shares a name or alias with an earlier entry replaces that entry as a
    /// whole: every name of the earlier entry now finds the new one, so a term of office
    /// that has ended can be closed without repeating the earlier entry's aliases. The new
    /// entry is a person if it says so (`# person` after its name) or replaces a person.
    pub fn amend(&mut self, file_name: &str, text: &str) {
        let first = self.parse(file_name, text);
        for i in first..self.actors.len() {
            let a = &self.actors[i];
            let mut earlier: Vec<usize> = std::iter::once(&a.name)
                .chain(&a.aliases)
                .filter_map(|w| self.index.get(&w.join(" ")).copied())
                .filter(|&j| j < first)
                .collect();
            earlier.sort_unstable();
            earlier.dedup();
            for j in earlier {
                self.actors[i].person |= self.actors[j].person;
                let old = &self.actors[j];
                let names: Vec<String> = std::iter::once(&old.name)
                    .chain(&old.aliases)
                    .map(|w| w.join(" "))
                    .collect();
                for key in names {
                    if let Some(slot) = self.index.get_mut(&key)
                        && *slot == j
                    {
                        *slot = i;
                        self.shadowed += 1;
                    }
                }
            }
            self.index_names(i);
        }
    }

    /// Indexes an entry's name and aliases (a later entry of the same name wins).
    fn index_names(&mut self, i: usize) {
        let a = &self.actors[i];
        for words in std::iter::once(&a.name).chain(&a.aliases) {
            self.max_words = self.max_words.max(words.len());
            if self.index.insert(words.join(" "), i).is_some() {
                self.shadowed += 1;
            }
        }
    }

    /// Reads the entries of one file into `actors`, unindexed; returns the first new index.
    fn parse(&mut self, file_name: &str, text: &str) -> usize {
        let file = self.files.len();
        self.files.push(file_name.to_string());
        let first = self.actors.len();
        let mut current: Option<usize> = None;
        for (line, raw, content) in content_lines(text) {
            let c = content.trim_start();
            let result = if c.starts_with('[') {
                match current {
                    None => Err(LineError::Outside("date line", "actor entry")),
                    Some(a) => split_name(c).and_then(|(name, role)| {
                        if !name.is_empty() {
                            return Err(LineError::Malformed("date line"));
                        }
                        self.actors[a].roles.extend(role);
                        Ok(())
                    }),
                }
            } else if let Some(alias) = c.strip_prefix('+') {
                match current {
                    None => Err(LineError::Outside("alias", "actor entry")),
                    Some(a) => split_name(alias).and_then(|(name, role)| {
                        let words = phrase_words(name);
                        if words.is_empty() {
                            return Err(LineError::Empty("alias"));
                        }
                        // A code on an alias line belongs to the entry (seen once or twice).
                        self.actors[a].roles.extend(role);
                        self.actors[a].aliases.push(words);
                        Ok(())
                    }),
                }
            } else {
                split_name(c).and_then(|(name, role)| {
                    let words = phrase_words(name);
                    if words.is_empty() {
                        return Err(LineError::Empty("actor name"));
                    }
                    let comment = raw.split_once('#').map_or("", |(_, c)| c.trim());
                    let person = raw.contains("CountryInfo.txt") || comment == "person";
                    self.actors.push(Actor {
                        name: words,
                        aliases: Vec::new(),
                        roles: role,
                        file,
                        line,
                        person,
                    });
                    current = Some(self.actors.len() - 1);
                    Ok(())
                })
            };
            if let Err(error) = result {
                self.skipped.push((
                    file,
                    Skipped {
                        line,
                        text: raw.to_string(),
                        error,
                    },
                ));
            }
        }
        first
    }

    /// Number of aliases over all entries.
    pub fn alias_count(&self) -> usize {
        self.actors.iter().map(|a| a.aliases.len()).sum()
    }

    /// Number of distinct names (primary and aliases) that can be looked up.
    pub fn name_count(&self) -> usize {
        self.index.len()
    }

    /// The entry whose name or alias is exactly these words (any case; `_` splits words).
    pub fn get(&self, name: &str) -> Option<&Actor> {
        self.index
            .get(&phrase_words(name).join(" "))
            .map(|&i| &self.actors[i])
    }

    /// The person entry whose name or alias is `words` (any case) as a whole, also with
    /// hyphens read as word breaks ("Kim Jong-un" is `KIM_JONG_UN`).
    pub fn person(&self, words: &[&str]) -> Option<&Actor> {
        let key = words.join(" ").to_uppercase();
        self.get(&key)
            .or_else(|| {
                key.contains('-')
                    .then(|| self.get(&key.replace('-', " ")))
                    .flatten()
            })
            .filter(|a| a.person)
    }

    /// The longest dictionary name at the start of `tokens` (words, any case), with the
    /// actor's code on `date`. `tokens` beyond the longest name in the dictionary are not
    /// looked at.
    pub fn lookup<S: AsRef<str>>(&self, tokens: &[S], date: Date) -> Option<ActorMatch<'_>> {
        super::longest_prefix(tokens, self.max_words, |key, len| {
            let actor = &self.actors[*self.index.get(key)?];
            Some(ActorMatch {
                actor,
                len,
                code: actor.code_on(date),
            })
        })
    }
}
