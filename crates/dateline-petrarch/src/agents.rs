//! The Phoenix agent dictionary (`Phoenix.agents.txt`).
//!
//! Why: many sources and targets are not named countries but kinds of people ("police",
//! "rebels", "iranian officials", "the foreign minister"). CAMEO codes them with an agent
//! code added to the country code (`IRN` + `GOV`), or alone when no country is known. This
//! module reads the agent nouns with their codes and plurals and finds the longest agent
//! phrase at the start of a token sequence.
//!
//! # Format
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     a substitution set
//! POLICE_OFFICIAL [~COP]                        phrase, code; regular plural generated
//! POLICE {} [~COP]                              `{}`: no plural
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]  an irregular plural
//! CONGRESS!PERSON! [~LEG]                       one entry per member of the set, no plurals
//! !MINIST! FOR_MINES [~GOV]                     a blank: other words may come in between
//! PEACEKEEPING_TROOPS {} [IGO~]                 `CODE~`: the code goes before the actor's
//! ```
//!
//! `~CODE` (nearly all) is appended to the actor code; `CODE~` is put in front of it. Words
//! joined by `_` are consecutive; a blank between words lets other words come in between
//! (phrases with such gaps are kept in [`Agent::singular`] but [`AgentDictionary::lookup`]
//! only matches consecutive phrases). The regular plural is [`super::plural_noun`] of the
//! last word, also for phrases written with a trailing `_` (the file's header says regular
//! plurals were removed from it because the coder generates them).

use foldhash::HashMap;

use super::{LineError, Skipped, content_lines, plural_noun};

/// Where an agent code goes relative to the actor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `~GOV`: after the actor's code (`IRN` → `IRNGOV`).
    After,
    /// `IGO~`: before it.
    Before,
}

/// An agent code: `[~COP]` → `COP`, after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCode {
    pub code: String,
    pub placement: Placement,
}

impl AgentCode {
    fn parse(s: &str) -> Result<AgentCode, LineError> {
        let s = s.trim();
        let bad = || LineError::BadCode(s.to_string());
        let (code, placement) = match (s.strip_prefix('~'), s.strip_suffix('~')) {
            (Some(c), None) => (c, Placement::After),
            (None, Some(c)) => (c, Placement::Before),
            _ => return Err(bad()),
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad());
        }
        Ok(AgentCode {
            code: code.to_uppercase(),
            placement,
        })
    }

    /// Combines with an actor code (`IRN`, `~GOV` → `IRNGOV`; `UN`, `IGO~` → `IGOUN`).
    pub fn apply(&self, actor: &str) -> String {
        match self.placement {
            Placement::After => format!("{actor}{}", self.code),
            Placement::Before => format!("{}{actor}", self.code),
        }
    }
}

/// A phrase: runs of consecutive words; between runs other words may occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentPhrase {
    pub segments: Vec<Vec<String>>,
}

impl AgentPhrase {
    fn parse(s: &str) -> AgentPhrase {
        AgentPhrase {
            segments: s
                .split_whitespace()
                .map(|seg| {
                    seg.split('_')
                        .filter(|w| !w.is_empty())
                        .map(str::to_uppercase)
                        .collect()
                })
                .filter(|seg: &Vec<String>| !seg.is_empty())
                .collect(),
        }
    }

    /// Whether the words must all be consecutive.
    pub fn is_consecutive(&self) -> bool {
        self.segments.len() == 1
    }

    fn plural(&self) -> AgentPhrase {
        let mut p = self.clone();
        if let Some(w) = p.segments.last_mut().and_then(|s| s.last_mut()) {
            *w = plural_noun(w);
        }
        p
    }
}

/// One line of the file (after substitution sets are expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The phrase, or one phrase per member of a substitution set.
    pub singular: Vec<AgentPhrase>,
    /// Plural phrases: generated, given in `{…}`, or none.
    pub plural: Vec<AgentPhrase>,
    pub code: AgentCode,
    pub line: usize,
}

/// A phrase found by [`AgentDictionary::lookup`].
#[derive(Debug, Clone, Copy)]
pub struct AgentMatch<'a> {
    pub agent: &'a Agent,
    pub len: usize,
    pub plural: bool,
}

/// The parsed agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDictionary {
    /// Substitution sets: `PERSON` → `MAN`, `MEN`, …
    pub markers: Vec<(String, Vec<String>)>,
    pub agents: Vec<Agent>,
    pub skipped: Vec<Skipped>,
    /// Phrases defined again by a later line (the later one wins).
    pub shadowed: usize,
    index: HashMap<String, (usize, bool)>,
    max_words: usize,
}

impl AgentDictionary {
    /// Parses the text of `Phoenix.agents.txt` (or a file in the same format).
    pub fn parse(text: &str) -> AgentDictionary {
        let mut d = AgentDictionary::default();
        for (line, raw, content) in content_lines(text) {
            if let Err(error) = d.line(content.trim(), line) {
                d.skipped.push(Skipped {
                    line,
                    text: raw.to_string(),
                    error,
                });
            }
        }
        for (i, a) in d.agents.iter().enumerate() {
            let forms = a.singular.iter().map(|p| (p, false));
            for (p, plural) in forms.chain(a.plural.iter().map(|p| (p, true))) {
                if !p.is_consecutive() {
                    continue;
                }
                d.max_words = d.max_words.max(p.segments[0].len());
                if d.index
                    .insert(p.segments[0].join(" "), (i, plural))
                    .is_some()
                {
                    d.shadowed += 1;
                }
            }
        }
        d
    }

    fn line(&mut self, c: &str, line: usize) -> Result<(), LineError> {
        if c.contains('!') && c.contains('=') {
            let (lhs, rhs) = c.split_once('=').expect("checked");
            let name = lhs
                .trim()
                .strip_prefix('!')
                .and_then(|s| s.strip_suffix('!'));
            let name = name.filter(|n| !n.is_empty() && !n.contains('!'));
            let name = name.ok_or(LineError::Malformed("substitution set"))?;
            let items: Vec<String> = rhs
                .split(',')
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                return Err(LineError::Empty("substitution set"));
            }
            self.markers.push((name.to_uppercase(), items));
            return Ok(());
        }
        let open = c.rfind('[').ok_or(LineError::MissingCode)?;
        let rest = &c[open + 1..];
        let close = rest.find(']').ok_or(LineError::UnclosedCode)?;
        if !rest[close + 1..].trim().is_empty() {
            return Err(LineError::TextAfterCode(
                rest[close + 1..].trim().to_string(),
            ));
        }
        let code = AgentCode::parse(&rest[..close])?;
        let body = c[..open].trim();
        let (phrase, plural_text) = match body.find('{') {
            Some(o) => {
                let r = &body[o + 1..];
                let e = r.find('}').ok_or(LineError::Unbalanced("'{'"))?;
                if !r[e + 1..].trim().is_empty() {
                    return Err(LineError::Malformed("agent (text after '}')"));
                }
                (body[..o].trim(), Some(r[..e].trim()))
            }
            None => (body, None),
        };
        if phrase.is_empty() {
            return Err(LineError::Empty("agent phrase"));
        }
        let (singular, plural) = if let Some(start) = phrase.find('!') {
            let end = phrase[start + 1..]
                .find('!')
                .map(|e| start + 1 + e)
                .ok_or(LineError::Malformed("substitution marker"))?;
            let name = &phrase[start + 1..end];
            let items = self
                .markers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
                .ok_or_else(|| LineError::UnknownMarker(name.to_string()))?;
            let singular: Vec<AgentPhrase> = items
                .iter()
                .map(|it| {
                    AgentPhrase::parse(&format!("{}{it}{}", &phrase[..start], &phrase[end + 1..]))
                })
                .collect();
            if singular
                .iter()
                .any(|p| p.segments.iter().flatten().any(|w| w.contains('!')))
            {
                return Err(LineError::Malformed(
                    "agent (more than one substitution marker)",
                ));
            }
            (singular, Vec::new())
        } else {
            let s = AgentPhrase::parse(phrase);
            let plural = match plural_text {
                Some("") => Vec::new(),
                Some(p) => vec![AgentPhrase::parse(p)],
                None => vec![s.plural()],
            };
            (vec![s], plural)
        };
        if singular
            .iter()
            .chain(&plural)
            .any(|p| p.segments.is_empty())
        {
            return Err(LineError::Empty("agent phrase"));
        }
        self.agents.push(Agent {
            singular,
            plural,
            code,
            line,
        });
        Ok(())
    }

    /// Number of phrases (singular and plural) that [`AgentDictionary::lookup`] can find.
    pub fn phrase_count(&self) -> usize {
        self.index.len()
    }

    /// Number of phrases with gaps, which [`AgentDictionary::lookup`] does not match.
    pub fn gapped_count(&self) -> usize {
        self.agents
            .iter()
            .flat_map(|a| a.singular.iter().chain(&a.plural))
            .filter(|p| !p.is_consecutive())
            .count()
    }

    /// The agent whose consecutive phrase is exactly these words (any case; `_` splits).
    pub fn get(&self, phrase: &str) -> Option<AgentMatch<'_>> {
        let words = super::phrase_words(phrase);
        self.index
            .get(&words.join(" "))
            .map(|&(i, plural)| AgentMatch {
                agent: &self.agents[i],
                len: words.len(),
                plural,
            })
    }

    /// The longest agent phrase (consecutive words, any case) at the start of `tokens`.
    pub fn lookup<S: AsRef<str>>(&self, tokens: &[S]) -> Option<AgentMatch<'_>> {
        super::longest_prefix(tokens, self.max_words, |key, len| {
            let &(i, plural) = self.index.get(key)?;
            Some(AgentMatch {
                agent: &self.agents[i],
                len,
                plural,
            })
        })
    }
}
