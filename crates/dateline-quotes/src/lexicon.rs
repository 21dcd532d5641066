//! The words quotation finding turns on: cue verbs and nouns, the small words that may
//! stand between a speaker and its verb, and pronouns.
//!
//! Speech verbs and person nouns are shared with the entities crate (one list for the whole
//! project); the verbs and nouns that only matter for quotations ("called it “…”", "the
//! remark: “…”") are in this crate's `data/`. Everything is built once per process.

use dateline_entities::lexicon::Lexicon;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hash for short words (the look-up runs once per word of every
/// document; SipHash's flood resistance buys nothing for a fixed, built-in key set).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<V> = HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;

/// No cue at a token (see [`QuoteLexicon::cue_id`]).
pub const NO_CUE: u16 = u16::MAX;

/// What kind of word introduces a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Verb,
    Noun,
}

/// A cue word: its lemma and kind.
#[derive(Debug, Clone, Copy)]
pub struct Cue<'a> {
    pub lemma: &'a str,
    pub kind: CueKind,
}

/// Look-up tables for quotation finding.
pub struct QuoteLexicon {
    pub entities: Lexicon,
    /// Every cue: (lemma, kind), indexed by [`QuoteLexicon::cue_id`].
    cues: Vec<(Box<str>, CueKind)>,
    /// Lower-case form → index into `cues`: the shared speech verbs, then this crate's
    /// verbs and nouns.
    forms: WordMap<u16>,
    /// Longest form in bytes (longer words are not looked up).
    longest: usize,
}

/// The project's speech verbs, kept with the entities crate (one list for the whole
/// project); read here too so that one look-up per word answers every cue.
const SPEECH_VERBS: &str = include_str!("../../dateline-entities/data/speech_verbs.txt");

/// Adverbs and auxiliaries that may stand between a speaker and its verb ("Putin once again
/// insisted", "he has also said").
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "also",
    "again",
    "once",
    "has",
    "have",
    "had",
    "been",
    "be",
    "was",
    "were",
    "is",
    "are",
    "would",
    "will",
    "could",
    "should",
    "may",
    "might",
    "did",
    "does",
    "do",
    "then",
    "later",
    "just",
    "still",
    "even",
    "never",
    "always",
    "often",
    "first",
    "further",
    "later",
    "now",
    "soon",
    "previously",
    "had",
    "not",
    "n't",
    "only",
    "too",
    "both",
    "all",
    "earlier",
];

/// Subject pronouns and the number they refer to.
pub fn pronoun_number(lower: &str) -> Option<bool> {
    match lower {
        "he" | "she" | "him" | "her" | "his" => Some(false),
        "they" | "them" | "their" => Some(true),
        _ => None,
    }
}

/// First and second person pronouns and "it": speakers that have no actor.
pub fn is_other_pronoun(lower: &str) -> bool {
    matches!(lower, "i" | "we" | "you" | "it" | "one" | "who")
}

impl QuoteLexicon {
    pub fn builtin() -> QuoteLexicon {
        let mut cues: Vec<(Box<str>, CueKind)> = Vec::new();
        let mut forms = WordMap::default();
        let mut add = |form: &str, lemma: &str, kind: CueKind| {
            let form = form.trim().to_lowercase();
            if form.is_empty() || forms.contains_key(form.as_str()) {
                return;
            }
            let lemma = lemma.trim().to_lowercase();
            let id = match cues.iter().position(|(l, k)| **l == *lemma && *k == kind) {
                Some(id) => id,
                None => {
                    cues.push((lemma.into_boxed_str(), kind));
                    cues.len() - 1
                }
            };
            forms.insert(form.into_boxed_str(), id as u16);
        };
        // The shared speech verbs (the entities crate's list, read in its own format:
        // form, then lemma when it differs). A form that is also a cue noun ("claims")
        // stays a verb.
        for line in SPEECH_VERBS.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t').map(str::trim);
            let form = cols.next().unwrap_or("");
            let lemma = cols.next().filter(|l| !l.is_empty()).unwrap_or(form);
            add(form, lemma, CueKind::Verb);
        }
        for (text, kind) in [
            (include_str!("../data/cue_verbs.txt"), CueKind::Verb),
            (include_str!("../data/cue_nouns.txt"), CueKind::Noun),
        ] {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let mut cols = line.split('\t');
                let (Some(lemma), Some(list)) = (cols.next(), cols.next()) else {
                    continue;
                };
                for form in list.split_whitespace() {
                    add(form, lemma, kind);
                }
            }
        }
        let longest = forms.keys().map(|f| f.len()).max().unwrap_or(0);
        QuoteLexicon {
            entities: Lexicon::builtin(),
            cues,
            forms,
            longest,
        }
    }

    /// The cue index of a lower-case word, or [`NO_CUE`].
    #[inline]
    pub fn cue_id(&self, lower: &str) -> u16 {
        if lower.len() < 2 || lower.len() > self.longest {
            return NO_CUE;
        }
        self.forms.get(lower).copied().unwrap_or(NO_CUE)
    }

    /// The cue with index `id`.
    #[inline]
    pub fn cue_of(&self, id: u16) -> Option<Cue<'_>> {
        self.cues
            .get(id as usize)
            .map(|(lemma, kind)| Cue { lemma, kind: *kind })
    }

    /// The cue a lower-case word is, if any.
    pub fn cue(&self, lower: &str) -> Option<Cue<'_>> {
        self.cue_of(self.cue_id(lower))
    }

    pub fn may_stand_before_verb(&self, lower: &str) -> bool {
        BETWEEN_SUBJECT_AND_VERB.contains(&lower)
            || (lower.len() > 4 && lower.ends_with("ly") && !lower.ends_with("ally"))
            || lower.ends_with("ally")
    }

    /// A lower-case noun for an unnamed person or group ("spokesman", "officials").
    pub fn is_person_word(&self, lower: &str) -> bool {
        self.entities.person_word(lower).is_some()
            || matches!(
                lower,
                "president" | "prime" | "candidate" | "nominee" | "senator" | "congressman"
            )
    }

    pub fn person_word_plural(&self, lower: &str) -> bool {
        self.entities.person_word(lower).is_some_and(|p| p.plural)
    }
}
