//! The CAMEO verb dictionary (`CAMEO.2.0.txt`): synonym sets, verb blocks, patterns.
//!
//! Why a typed form: a coder over the chunker's structure needs, for a verb group, the
//! block its verb belongs to, the block's default code and the patterns that refine it by
//! the words around the verb (objects, prepositional phrases). This module gives exactly
//! that; matching patterns against chunks is the coder's job (not written yet).
//!
//! # The file, element by element
//!
//! The file has three sections, marked by comment headers, but the reader does not rely on
//! them: each line is recognised by its first character.
//!
//! * `&NAME` starts a **synonym set** ([`Synset`]); the following `+WORD` or `+TWO WORDS` /
//!   `+TWO_WORDS` lines are its phrases. A label ending in `_` (`&AUXVERB1_`) makes no
//!   plurals for any phrase; a phrase ending in `_` (`+CASH_`) makes none for itself; all
//!   others also match their regular plural ([`super::plural_noun`] on the last word).
//! * `--- NAME [CODE] ---` starts a **verb block** ([`VerbBlock`]); `[---]` is the null code
//!   (the bare verb is no event).
//! * A line starting with a letter, or with `+` inside a block, is a **verb** of the block
//!   ([`VerbEntry`]): `HASTEN`, `SPEED {SPEEDING SPEEDS SPED }` (irregular forms: when
//!   `{…}` is present it lists the other forms and none are generated), `GRILL [110]` (a
//!   code for this verb instead of the block's); a `;` starts a comment (TABARI's style,
//!   left on two lines). Multi-word verbs join words with `_` and
//!   mark the inflected word with `+`: `+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]`,
//!   `WIRE_+TAP`. Without `{…}` the regular forms are generated ([`regular_verb_forms`]).
//! * `- … * … [CODE]` is a **pattern** ([`Pattern`]) of the current block: `*` stands for
//!   the verb, words before it are [`Pattern::before`], words after it [`Pattern::after`].
//!   Elements ([`Element`]):
//!   - `WORD`: a noun (the head of its phrase) or another word; `_` joins consecutive words
//!     (`DEBT_RELIEF`); words may hold `-`, `.`, `'`;
//!   - `&NAME`: any phrase of that synonym set;
//!   - `{A B HEAD}`: a noun phrase whose last element is its head, the others modifiers
//!     (words or `&` synsets);
//!   - `(PREP …)`: a prepositional phrase: the preposition (`TO/FOR` lists alternatives),
//!     then its object(s): words, synsets, `{…}` phrases, slot markers; `(TO)` alone is the
//!     bare preposition;
//!   - `$` the **source** slot, `+` the **target** slot (used "where the source and the
//!     target could be confused going by syntax alone", PETRARCH2's docs), `^` skip a noun
//!     phrase, `%` a compound actor (source and target together); these four come from
//!     TABARI's pattern language and PETRARCH2 itself stores them as plain words.
//!
//!   The code: `[042]` one event; `[042:043]` two events, source → target coded 042 and
//!   target → source coded 043 (e.g. visit / host a visit); `[:054]` only the reversed one;
//!   `[---]` no event; one pattern has `[080!]` (kept as [`PatternCode::flagged`]; TABARI's
//!   manual is the only place its meaning could come from, so treat it as 080). A comment
//!   after `#` usually names the verb the pattern came from ([`Pattern::comment`]).
//! * `~ a (a b ATTACK) SAY = a b 015` is a **transformation** ([`Transformation`]): a verb
//!   (SAY) whose source `a` has as its object an event (`a b ATTACK`) becomes the event
//!   `a b 015`; `.` is an unspecified actor, `_` an absent one, `Q` any verb.
//!
//! Codes are read as strings of 2–4 decimal digits (CAMEO codes keep their leading zeros).

use foldhash::HashMap;

use super::{LineError, Skipped, content_lines, phrase_words, plural_noun};

/// The parsed verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    pub transformations: Vec<Transformation>,
    /// Lines that could not be read, and patterns that refer to an undefined synset.
    pub skipped: Vec<Skipped>,
    synset_index: HashMap<String, usize>,
    /// Every verb form (the inflected word) → (block, entry, form) indexes.
    form_index: HashMap<String, Vec<(u32, u32, u32)>>,
}

/// A synonym set: `&CURRENCY` with its `+` phrases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// The label with its `&`, without a trailing `_`.
    pub name: String,
    /// The label ended in `_`: none of its phrases takes a plural.
    pub no_plural: bool,
    pub phrases: Vec<SynsetPhrase>,
    pub line: usize,
}

/// One phrase of a synonym set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynsetPhrase {
    /// Consecutive upper-case words.
    pub words: Vec<String>,
    /// Whether the regular plural of the last word also matches.
    pub plural: bool,
}

impl SynsetPhrase {
    /// The phrase and, if it takes one, its plural.
    pub fn forms(&self) -> Vec<Vec<String>> {
        let mut out = vec![self.words.clone()];
        if self.plural
            && let Some(last) = self.words.last()
        {
            let mut p = self.words.clone();
            *p.last_mut().expect("non-empty") = plural_noun(last);
            out.push(p);
        }
        out
    }
}

/// A code as written in `[...]` after a pattern, a verb or a block header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatternCode {
    /// The event from source to target; `None` for `[---]` and `[:054]`.
    pub forward: Option<String>,
    /// The event from target back to source (`[042:043]` → `043`).
    pub reverse: Option<String>,
    /// A trailing `!` (`[080!]`).
    pub flagged: bool,
}

impl PatternCode {
    /// The null code `---`: no event.
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }

    /// Reads the inside of `[...]`.
    pub fn parse(s: &str) -> Result<PatternCode, LineError> {
        let s = s.trim();
        if s == "---" {
            return Ok(PatternCode::default());
        }
        let (s, flagged) = match s.strip_suffix('!') {
            Some(r) => (r, true),
            None => (s, false),
        };
        let one = |p: &str| -> Result<Option<String>, LineError> {
            if p.is_empty() {
                Ok(None)
            } else if (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(p.to_string()))
            } else {
                Err(LineError::BadCode(s.to_string()))
            }
        };
        let (forward, reverse) = match s.split_once(':') {
            Some((a, b)) => (one(a)?, one(b)?),
            None => (one(s)?, None),
        };
        if forward.is_none() && reverse.is_none() {
            return Err(LineError::BadCode(s.to_string()));
        }
        Ok(PatternCode {
            forward,
            reverse,
            flagged,
        })
    }
}

/// A verb block: synonymous verbs, a default code and the patterns that refine it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The name in the header (`ACCELERATE`), usually its first verb.
    pub name: String,
    /// The block's code, used for every verb without its own.
    pub code: PatternCode,
    pub verbs: Vec<VerbEntry>,
    pub patterns: Vec<Pattern>,
    pub line: usize,
}

/// One verb of a block, with its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    /// The base form as written: one word, or the words of a multi-word verb.
    pub lemma: VerbForm,
    /// This verb's own code, if it has one (`GRILL [110]`).
    pub code: Option<PatternCode>,
    /// Every form that matches this verb, the lemma first: the `{…}` list if the file gives
    /// one, otherwise the generated regular forms.
    pub forms: Vec<VerbForm>,
    /// Whether [`VerbEntry::forms`] came from `{…}` in the file.
    pub irregular: bool,
    pub line: usize,
}

/// A verb form: its words and which of them is the verb (`+ASK_FOR` → `[ASK, FOR]`, 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    pub words: Vec<String>,
    pub verb: usize,
}

impl VerbForm {
    /// The inflected word (the one a tagger tags as a verb).
    pub fn verb_word(&self) -> &str {
        &self.words[self.verb]
    }

    fn parse(s: &str) -> Result<VerbForm, LineError> {
        let parts: Vec<&str> = s.split('_').filter(|w| !w.is_empty()).collect();
        if parts.is_empty() {
            return Err(LineError::Empty("verb"));
        }
        let marked: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].starts_with('+'))
            .collect();
        let verb = match (parts.len(), marked.as_slice()) {
            (_, [i]) => *i,
            (1, []) => 0,
            _ => {
                return Err(LineError::Malformed(
                    "multi-word verb (needs exactly one '+')",
                ));
            }
        };
        let words: Vec<String> = parts
            .iter()
            .map(|w| w.trim_start_matches('+').to_uppercase())
            .collect();
        if words
            .iter()
            .any(|w| w.is_empty() || w.contains(['+', '{', '}', '[', ']', '*']))
        {
            return Err(LineError::Malformed("verb"));
        }
        Ok(VerbForm { words, verb })
    }
}

/// A pattern of a verb block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before the verb, in text order.
    pub before: Vec<Element>,
    /// Elements after the verb, in text order.
    pub after: Vec<Element>,
    pub code: PatternCode,
    /// The text after `#`, trimmed (usually the verb the pattern came from).
    pub comment: Option<String>,
    pub line: usize,
}

/// An element of a pattern (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A word (`_` joins consecutive words).
    Word(String),
    /// `&NAME` (stored with the `&`, without a trailing `_`).
    Synset(String),
    /// `{MOD … HEAD}`: words or synsets; the last is the head.
    Phrase(Vec<Element>),
    /// `(PREP …)`: the preposition (alternatives split at `/`) and its objects.
    Prep {
        preps: Vec<String>,
        objects: Vec<Element>,
    },
    /// `$`
    Source,
    /// `+`
    Target,
    /// `^`
    Skip,
    /// `%`
    Compound,
}

impl Element {
    /// Every synset this element refers to.
    fn synsets<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Element::Synset(s) => out.push(s),
            Element::Phrase(v) | Element::Prep { objects: v, .. } => {
                v.iter().for_each(|e| e.synsets(out))
            }
            _ => {}
        }
    }
}

/// `~ a (b c VERB2) VERB1 = x y CODE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    pub source: String,
    pub inner_source: String,
    pub inner_target: String,
    pub inner_verb: String,
    pub verb: String,
    pub result_source: String,
    pub result_target: String,
    /// A CAMEO code, or `Q` (the inner verb's code).
    pub result_code: String,
    pub line: usize,
}

/// A verb form found by [`VerbDictionary::lookup`].
#[derive(Debug, Clone, Copy)]
pub struct VerbMatch<'a> {
    pub block: &'a VerbBlock,
    pub entry: &'a VerbEntry,
    pub form: &'a VerbForm,
}

impl VerbMatch<'_> {
    /// The code of the bare verb: its own, else its block's.
    pub fn code(&self) -> &PatternCode {
        self.entry.code.as_ref().unwrap_or(&self.block.code)
    }
}

/// Regular forms of an upper-case verb: base, 3rd person (`…S`/`…ES`/`…IES`), past (`…D`,
/// `…IED`, `…ED`) and `…ING` (a final silent `E` dropped, kept after `EE`/`OE`/`YE`).
/// Consonants are not doubled: the dictionary lists such verbs' forms in `{…}`.
pub fn regular_verb_forms(verb: &str) -> [String; 4] {
    let b = verb.as_bytes();
    let n = b.len();
    let vowel = |c: u8| matches!(c, b'A' | b'E' | b'I' | b'O' | b'U');
    let cons_y = n > 1 && b[n - 1] == b'Y' && !vowel(b[n - 2]);
    let stem_y = if cons_y { &verb[..n - 1] } else { verb };
    let third = if verb.ends_with('S')
        || verb.ends_with('X')
        || verb.ends_with('Z')
        || verb.ends_with("SH")
        || verb.ends_with("CH")
        || (verb.ends_with('O') && n > 1 && !vowel(b[n - 2]))
    {
        format!("{verb}ES")
    } else if cons_y {
        format!("{stem_y}IES")
    } else {
        format!("{verb}S")
    };
    let past = if verb.ends_with('E') {
        format!("{verb}D")
    } else if cons_y {
        format!("{stem_y}IED")
    } else {
        format!("{verb}ED")
    };
    let ing = if verb.ends_with('E')
        && n > 2
        && !(verb.ends_with("EE") || verb.ends_with("OE") || verb.ends_with("YE"))
    {
        format!("{}ING", &verb[..n - 1])
    } else {
        format!("{verb}ING")
    };
    [verb.to_string(), third, past, ing]
}

/// Splits off a trailing `[CODE]`: returns the text before it and the inside.
fn split_code(s: &str) -> Result<(&str, Option<&str>), LineError> {
    let Some(open) = s.rfind('[') else {
        return if s.contains(']') {
            Err(LineError::Unbalanced("']'"))
        } else {
            Ok((s, None))
        };
    };
    let rest = &s[open + 1..];
    let Some(close) = rest.find(']') else {
        return Err(LineError::UnclosedCode);
    };
    let after = rest[close + 1..].trim();
    if !after.is_empty() {
        return Err(LineError::TextAfterCode(after.to_string()));
    }
    Ok((&s[..open], Some(&rest[..close])))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Open(char),
    Close(char),
    Star,
    Word(&'a str),
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let special = matches!(c, '(' | ')' | '{' | '}' | '*');
        if c.is_whitespace() || special {
            if let Some(st) = start.take() {
                out.push(Tok::Word(&s[st..i]));
            }
            match c {
                '(' | '{' => out.push(Tok::Open(c)),
                ')' | '}' => out.push(Tok::Close(c)),
                '*' => out.push(Tok::Star),
                _ => {}
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(Tok::Word(&s[st..]));
    }
    out
}

fn word_element(w: &str) -> Result<Element, LineError> {
    Ok(match w {
        "$" => Element::Source,
        "+" => Element::Target,
        "^" => Element::Skip,
        "%" => Element::Compound,
        _ if w.starts_with('&') && w.len() > 1 => {
            Element::Synset(w.trim_end_matches('_').to_uppercase())
        }
        _ if w.contains(['$', '+', '^', '%', '&', '[', ']']) => {
            return Err(LineError::Malformed("pattern word"));
        }
        _ => Element::Word(w.to_uppercase()),
    })
}

/// Parses the elements of one side of a pattern.
fn parse_side(toks: &[Tok<'_>]) -> Result<Vec<Element>, LineError> {
    let mut out = Vec::new();
    let mut i = 0;
    // A `{…}` phrase starting at toks[i] (the `{`): returns it and the index after `}`.
    let phrase = |mut i: usize| -> Result<(Element, usize), LineError> {
        let mut items = Vec::new();
        i += 1;
        loop {
            match toks.get(i) {
                Some(Tok::Word(w)) => items.push(word_element(w)?),
                Some(Tok::Close('}')) => break,
                _ => return Err(LineError::Unbalanced("'{'")),
            }
            i += 1;
        }
        if items.is_empty() {
            return Err(LineError::Empty("{} phrase"));
        }
        Ok((Element::Phrase(items), i + 1))
    };
    while i < toks.len() {
        match toks[i] {
            Tok::Word(w) => {
                out.push(word_element(w)?);
                i += 1;
            }
            Tok::Open('{') => {
                let (e, next) = phrase(i)?;
                out.push(e);
                i = next;
            }
            Tok::Open(_) => {
                let Some(Tok::Word(p)) = toks.get(i + 1) else {
                    return Err(LineError::Malformed("prepositional phrase"));
                };
                let preps: Vec<String> = p.split('/').map(|s| s.to_uppercase()).collect();
                if preps
                    .iter()
                    .any(|p| p.is_empty() || p.contains(['$', '+', '^', '%', '&']))
                {
                    return Err(LineError::Malformed("preposition"));
                }
                let mut objects = Vec::new();
                i += 2;
                loop {
                    match toks.get(i) {
                        Some(Tok::Word(w)) => {
                            objects.push(word_element(w)?);
                            i += 1;
                        }
                        Some(Tok::Open('{')) => {
                            let (e, next) = phrase(i)?;
                            objects.push(e);
                            i = next;
                        }
                        Some(Tok::Close(')')) => {
                            i += 1;
                            break;
                        }
                        _ => return Err(LineError::Unbalanced("'('")),
                    }
                }
                out.push(Element::Prep { preps, objects });
            }
            Tok::Close(c) => {
                return Err(LineError::Unbalanced(if c == ')' { "')'" } else { "'}'" }));
            }
            Tok::Star => return Err(LineError::ManyVerbMarkers),
        }
    }
    Ok(out)
}

fn parse_pattern(content: &str, raw: &str, line: usize) -> Result<Pattern, LineError> {
    let body = &content[1..];
    let (body, code) = split_code(body)?;
    let code = PatternCode::parse(code.ok_or(LineError::MissingCode)?)?;
    let toks = tokens(body);
    let stars: Vec<usize> = (0..toks.len()).filter(|&i| toks[i] == Tok::Star).collect();
    let star = match stars.as_slice() {
        [s] => *s,
        [] => return Err(LineError::NoVerbMarker),
        _ => return Err(LineError::ManyVerbMarkers),
    };
    let before = parse_side(&toks[..star])?;
    let after = parse_side(&toks[star + 1..])?;
    let comment = raw
        .find('#')
        .map(|p| raw[p + 1..].trim().to_string())
        .filter(|c| !c.is_empty());
    Ok(Pattern {
        before,
        after,
        code,
        comment,
        line,
    })
}

fn parse_transformation(content: &str, line: usize) -> Result<Transformation, LineError> {
    let bad = LineError::Malformed("transformation");
    let (lhs, rhs) = content[1..].split_once('=').ok_or(bad.clone())?;
    if lhs.matches('(').count() != 1 || lhs.matches(')').count() != 1 {
        return Err(bad);
    }
    let l: Vec<&str> = lhs
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|s| !s.is_empty())
        .collect();
    let r: Vec<&str> = rhs.split_whitespace().collect();
    match (l.as_slice(), r.as_slice()) {
        ([s, is, it, iv, v], [rs, rt, rc]) => Ok(Transformation {
            source: s.to_string(),
            inner_source: is.to_string(),
            inner_target: it.to_string(),
            inner_verb: iv.to_string(),
            verb: v.to_string(),
            result_source: rs.to_string(),
            result_target: rt.to_string(),
            result_code: rc.to_string(),
            line,
        }),
        _ => Err(bad),
    }
}

/// `---  NAME   [CODE]  ---` (also `[120]---`, seen four times) → name and code.
fn split_header(c: &str) -> Result<(&str, Option<&str>), LineError> {
    let inner = c.trim_start_matches('-');
    let (name, code, rest) = match inner.find('[') {
        Some(o) => {
            let close = inner[o..].find(']').ok_or(LineError::UnclosedCode)? + o;
            (&inner[..o], Some(&inner[o + 1..close]), &inner[close + 1..])
        }
        None => {
            let t = inner.trim_end_matches(|ch: char| ch == '-' || ch.is_whitespace());
            (t, None, &inner[t.len()..])
        }
    };
    if !rest.chars().all(|ch| ch == '-' || ch.is_whitespace()) {
        return Err(LineError::TextAfterCode(rest.trim().to_string()));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(LineError::Empty("block name"));
    }
    Ok((name, code))
}

fn parse_verb(content: &str, line: usize) -> Result<VerbEntry, LineError> {
    // TABARI's `;` comments survive on a few verb lines (`RIP {…};shan 7/11/93`).
    let content = match content.find(';') {
        Some(p) => &content[..p],
        None => content,
    };
    let (text, code) = split_code(content)?;
    let code = code.map(PatternCode::parse).transpose()?;
    let (lemma_text, forms_text) = match text.find('{') {
        Some(o) => {
            let rest = &text[o + 1..];
            let c = rest.find('}').ok_or(LineError::Unbalanced("'{'"))?;
            if !rest[c + 1..].trim().is_empty() {
                return Err(LineError::Malformed("verb line (text after '}')"));
            }
            (&text[..o], Some(&rest[..c]))
        }
        None => (text, None),
    };
    let mut words = lemma_text.split_whitespace();
    let lemma = VerbForm::parse(words.next().ok_or(LineError::Empty("verb"))?)?;
    if words.next().is_some() {
        return Err(LineError::Malformed(
            "verb line (more than one word before '{' or '[')",
        ));
    }
    let mut forms = vec![lemma.clone()];
    let irregular = forms_text.is_some();
    if let Some(ft) = forms_text {
        for f in ft.split_whitespace() {
            forms.push(VerbForm::parse(f)?);
        }
    } else {
        for w in regular_verb_forms(lemma.verb_word()).into_iter().skip(1) {
            let mut f = lemma.clone();
            f.words[f.verb] = w;
            forms.push(f);
        }
    }
    Ok(VerbEntry {
        lemma,
        code,
        forms,
        irregular,
        line,
    })
}

impl VerbDictionary {
    /// Parses the text of `CAMEO.2.0.txt` (or a file in the same format).
    pub fn parse(text: &str) -> VerbDictionary {
        #[derive(Clone, Copy)]
        enum Ctx {
            None,
            Synset(usize),
            Block(usize),
        }
        let mut d = VerbDictionary::default();
        let mut ctx = Ctx::None;
        for (line, raw, content) in content_lines(text) {
            let skip = |d: &mut VerbDictionary, error| {
                d.skipped.push(Skipped {
                    line,
                    text: raw.to_string(),
                    error,
                })
            };
            let c = content.trim_start();
            if c.starts_with('&') {
                let name = c.split_whitespace().next().unwrap_or("");
                if c.split_whitespace().count() != 1 {
                    skip(&mut d, LineError::Malformed("synset label"));
                    ctx = Ctx::None;
                    continue;
                }
                let no_plural = name.ends_with('_');
                d.synsets.push(Synset {
                    name: name.trim_end_matches('_').to_uppercase(),
                    no_plural,
                    phrases: Vec::new(),
                    line,
                });
                ctx = Ctx::Synset(d.synsets.len() - 1);
            } else if c.starts_with("---") {
                let (name, code) = match split_header(c) {
                    Ok(x) => x,
                    Err(e) => {
                        skip(&mut d, e);
                        ctx = Ctx::None;
                        continue;
                    }
                };
                let code = match code.map(PatternCode::parse).transpose() {
                    Ok(c) => c.unwrap_or_default(),
                    Err(e) => {
                        skip(&mut d, e);
                        ctx = Ctx::None;
                        continue;
                    }
                };
                d.blocks.push(VerbBlock {
                    name: name.to_uppercase(),
                    code,
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                    line,
                });
                ctx = Ctx::Block(d.blocks.len() - 1);
            } else if c.starts_with('-') {
                let Ctx::Block(b) = ctx else {
                    skip(&mut d, LineError::Outside("pattern", "verb block"));
                    continue;
                };
                match parse_pattern(c, raw, line) {
                    Ok(p) => d.blocks[b].patterns.push(p),
                    Err(e) => skip(&mut d, e),
                }
            } else if c.starts_with('~') {
                match parse_transformation(c, line) {
                    Ok(t) => d.transformations.push(t),
                    Err(e) => skip(&mut d, e),
                }
            } else if let (Ctx::Synset(s), Some(p)) = (ctx, c.strip_prefix('+')) {
                let set_no_plural = d.synsets[s].no_plural;
                let words = phrase_words(p);
                if words.is_empty() {
                    skip(&mut d, LineError::Empty("synset phrase"));
                    continue;
                }
                let plural = !set_no_plural && !p.trim_end().ends_with('_');
                d.synsets[s].phrases.push(SynsetPhrase { words, plural });
            } else if let Ctx::Block(b) = ctx {
                match parse_verb(c, line) {
                    Ok(v) => d.blocks[b].verbs.push(v),
                    Err(e) => skip(&mut d, e),
                }
            } else {
                skip(&mut d, LineError::Outside("line", "synset or verb block"));
            }
        }
        d.index(text);
        d
    }

    fn index(&mut self, text: &str) {
        self.synset_index = self
            .synsets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        // Patterns that use an undefined synset are dropped, as PETRARCH does.
        let mut unknown = Vec::new();
        for block in &mut self.blocks {
            block.patterns.retain(|p| {
                let mut refs = Vec::new();
                p.before
                    .iter()
                    .chain(&p.after)
                    .for_each(|e| e.synsets(&mut refs));
                match refs.iter().find(|r| !self.synset_index.contains_key(**r)) {
                    Some(r) => {
                        unknown.push((p.line, r.to_string()));
                        false
                    }
                    None => true,
                }
            });
        }
        for (line, name) in unknown {
            let raw = text.lines().nth(line - 1).unwrap_or_default().to_string();
            self.skipped.push(Skipped {
                line,
                text: raw,
                error: LineError::UnknownSynset(name),
            });
        }
        self.skipped.sort_by_key(|s| s.line);
        for (b, block) in self.blocks.iter().enumerate() {
            for (e, entry) in block.verbs.iter().enumerate() {
                for (f, form) in entry.forms.iter().enumerate() {
                    self.form_index
                        .entry(form.verb_word().to_string())
                        .or_default()
                        .push((b as u32, e as u32, f as u32));
                }
            }
        }
    }

    /// The synonym set with this label (with or without `&`, any case).
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        let name = name.trim_end_matches('_').to_uppercase();
        let key = if name.starts_with('&') {
            name
        } else {
            format!("&{name}")
        };
        self.synset_index.get(&key).map(|&i| &self.synsets[i])
    }

    /// The first block with this header name (any case).
    pub fn block(&self, name: &str) -> Option<&VerbBlock> {
        self.blocks
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(name))
    }

    /// Every verb entry one of whose forms has `word` (any case) as its inflected word:
    /// one-word verbs and multi-word verbs (whose other words the caller checks).
    pub fn lookup(&self, word: &str) -> impl Iterator<Item = VerbMatch<'_>> {
        let key = word.to_uppercase();
        self.form_index
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&(b, e, f)| {
                let block = &self.blocks[b as usize];
                let entry = &block.verbs[e as usize];
                VerbMatch {
                    block,
                    entry,
                    form: &entry.forms[f as usize],
                }
            })
    }

    /// Number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// Number of verb entries over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }
}
