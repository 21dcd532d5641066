//! The trigger lexicon (`data/triggers.tsv`): words that say what was done, with their
//! CAMEO codes.
//!
//! Why hand-written and inflected here: the CAMEO and PLOVER codebooks define categories,
//! not word lists, and the coders' own dictionaries are not ours to copy. Each entry gives a
//! lemma once; the regular forms (-s, -ed, -ing, with and without a doubled final
//! consonant) are generated, so "attack" matches "attacked" and "attacking" without a
//! tagger. Over-generated forms ("meeted") are harmless: they never occur in text.

use foldhash::{HashMap, HashMapExt};

/// Part of speech of an entry, which decides where its actors are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
    /// A verb whose "to"-complement carries the action ("vowed to attack").
    Head,
}

/// How a head verb changes its complement's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadKind {
    /// "vowed to", "plans to": intent (cooperation) or threat (force).
    Intent,
    /// "threatened to": a threat.
    Threat,
    /// "refused to", "declined to": a rejection.
    Refuse,
    /// "agreed to", "prepared to": the complement's own code.
    Pass,
}

/// One trigger entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: String,
    pub pos: Pos,
    /// Words after the first; "~" is a gap of up to [`GAP`] words.
    pub rest: Vec<String>,
    pub symmetric: bool,
    /// A place after "in"/"at" may be the target.
    pub locative: bool,
    pub head: Option<HeadKind>,
    pub mode: Option<&'static str>,
    pub context: Option<&'static str>,
}

/// Most words a "~" in a pattern may skip.
pub const GAP: usize = 4;

/// The lexicon: first-word form → entries starting with it.
pub struct Lexicon {
    pub entries: Vec<Entry>,
    first: HashMap<String, Vec<u32>>,
}

/// A match of an entry at a token position.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    pub entry: u32,
    /// Number of tokens from the first to the last matched word, inclusive.
    pub len: usize,
}

fn leak(s: &str) -> &'static str {
    // The vocabulary of modes and contexts is a handful of strings from the compiled-in
    // file, interned once per process through this table.
    const KNOWN: &[&str] = &[
        "visit",
        "host",
        "mediate",
        "diplomatic",
        "intelligence",
        "military",
        "economic",
        "humanitarian",
        "asylum",
        "prisoners",
        "legal",
        "arrest",
        "explosives",
        "conventional-military",
        "blockade",
        "occupy",
        "small-arms",
        "artillery",
        "aerial",
    ];
    KNOWN.iter().find(|k| **k == s).copied().unwrap_or("other")
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular verb forms of a lemma (and some harmless over-generation).
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let b = lemma.as_bytes();
    let Some(&last) = b.last() else {
        return out;
    };
    let prev = if b.len() >= 2 { b[b.len() - 2] } else { b'a' };
    if last == b'e' {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        if lemma.ends_with("ee") {
            out.push(format!("{lemma}ing"));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == b'y' && !is_vowel(prev) {
        let stem = &lemma[..lemma.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else {
        if matches!(last, b's' | b'x' | b'z' | b'o')
            || lemma.ends_with("sh")
            || lemma.ends_with("ch")
        {
            out.push(format!("{lemma}es"));
        } else {
            out.push(format!("{lemma}s"));
        }
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        // Doubled final consonant: "ban" → "banned", "plan" → "planning".
        if !is_vowel(last) && is_vowel(prev) && !matches!(last, b'w' | b'x' | b'y') {
            let c = last as char;
            out.push(format!("{lemma}{c}ed"));
            out.push(format!("{lemma}{c}ing"));
        }
    }
    out
}

/// Singular and plural of a noun.
pub fn noun_forms(noun: &str) -> Vec<String> {
    let mut out = vec![noun.to_string()];
    if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") || noun.ends_with('x') {
        out.push(format!("{noun}es"));
    } else if noun.ends_with('y') && !noun.ends_with("ey") && !noun.ends_with("ay") {
        out.push(format!("{}ies", &noun[..noun.len() - 1]));
    } else {
        out.push(format!("{noun}s"));
    }
    out
}

impl Lexicon {
    /// The compiled-in lexicon.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(include_str!("../data/triggers.tsv"))
    }

    /// Parses the `triggers.tsv` format; malformed lines are skipped (the file's test
    /// checks that none is).
    pub fn parse(src: &str) -> Lexicon {
        let mut entries = Vec::new();
        let mut first: HashMap<String, Vec<u32>> = HashMap::new();
        for line in src.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let (Some(code), Some(pos), Some(pattern)) = (cols.first(), cols.get(1), cols.get(2))
            else {
                continue;
            };
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let pos = match *pos {
                "v" => Pos::Verb,
                "n" => Pos::Noun,
                "h" => Pos::Head,
                _ => continue,
            };
            let mut words = pattern.split_whitespace();
            let Some(head_word) = words.next() else {
                continue;
            };
            let rest: Vec<String> = words.map(str::to_lowercase).collect();
            let mut entry = Entry {
                code: code.to_string(),
                pos,
                rest,
                symmetric: false,
                locative: false,
                head: None,
                mode: None,
                context: None,
            };
            for flag in &cols[3..] {
                match *flag {
                    "sym" => entry.symmetric = true,
                    "loc" => entry.locative = true,
                    "h=intent" => entry.head = Some(HeadKind::Intent),
                    "h=threat" => entry.head = Some(HeadKind::Threat),
                    "h=refuse" => entry.head = Some(HeadKind::Refuse),
                    "h=pass" => entry.head = Some(HeadKind::Pass),
                    f => {
                        if let Some(m) = f.strip_prefix("mode=") {
                            entry.mode = Some(leak(m));
                        } else if let Some(c) = f.strip_prefix("ctx=") {
                            entry.context = Some(leak(c));
                        }
                    }
                }
            }
            let index = entries.len() as u32;
            let mut forms = Vec::new();
            // Every alternative is inflected ("criticize|criticise"); irregular forms
            // ("meet|met") over-generate harmlessly.
            for w in head_word.split('|') {
                let w = w.to_lowercase();
                match pos {
                    Pos::Noun => forms.extend(noun_forms(&w)),
                    _ => forms.extend(verb_forms(&w)),
                }
            }
            forms.sort();
            forms.dedup();
            for f in forms {
                first.entry(f).or_default().push(index);
            }
            entries.push(entry);
        }
        Lexicon { entries, first }
    }

    /// Whether some entry starts with this (lower-cased) word form.
    pub fn starts_entry(&self, word: &str) -> bool {
        self.first.contains_key(word)
    }

    /// Every entry matching at `i` of `words` (lower-cased), longest first.
    pub fn matches_at(&self, words: &[&str], i: usize) -> Vec<Match> {
        let Some(ids) = words.get(i).and_then(|w| self.first.get(*w)) else {
            return Vec::new();
        };
        let mut out: Vec<Match> = ids
            .iter()
            .filter_map(|&id| {
                let e = &self.entries[id as usize];
                match_rest(&e.rest, words, i + 1).map(|end| Match {
                    entry: id,
                    len: end - i,
                })
            })
            .collect();
        out.sort_by_key(|m| std::cmp::Reverse(m.len));
        out
    }
}

/// Matches pattern words from `j`; returns the end (exclusive) of the match.
fn match_rest(rest: &[String], words: &[&str], mut j: usize) -> Option<usize> {
    let mut k = 0;
    while k < rest.len() {
        if rest[k] == "~" {
            let next = rest.get(k + 1)?;
            let found = (j..(j + GAP + 1).min(words.len())).find(|&x| words[x] == next)?;
            j = found + 1;
            k += 2;
        } else {
            if words.get(j) != Some(&rest[k].as_str()) {
                return None;
            }
            j += 1;
            k += 1;
        }
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_and_parses_every_line() {
        assert!(verb_forms("accuse").contains(&"accused".to_string()));
        assert!(verb_forms("deny").contains(&"denied".to_string()));
        assert!(verb_forms("ban").contains(&"banned".to_string()));
        assert!(noun_forms("talk").contains(&"talks".to_string()));
        let src = include_str!("../data/triggers.tsv");
        let lines = src
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let lex = Lexicon::builtin();
        assert_eq!(
            lex.entries.len(),
            lines,
            "a line of triggers.tsv is malformed"
        );
        let words = ["threatened", "heavy", "sanctions", "on", "x"];
        let m = lex.matches_at(&words, 0);
        assert_eq!(lex.entries[m[0].entry as usize].code, "1312");
        assert_eq!(m[0].len, 3);
    }
}
