//! The words quotation finding turns on: cue verbs and nouns, the small words that may
//! stand between a speaker and its verb, and pronouns.
//!
//! Speech verbs and person nouns are shared with the entities crate (one list for the whole
//! project); the verbs and nouns that only matter for quotations ("called it “…”", "the
//! remark: “…”") are in this crate's `data/`. Everything is built once per process.

use dateline_entities::lexicon::Lexicon;
use std::collections::HashMap;

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
    /// Lower-case form → (lemma, kind), for the cues that are not speech verbs.
    cues: HashMap<String, (String, CueKind)>,
}

/// Adverbs and auxiliaries that may stand between a speaker and its verb ("Putin once again
/// insisted", "he has also said").
const BETWEEN_SUBJECT_AND_VERB: &[&str] = &[
    "also",
    "again",
    "once",
    "has",
    "have",
    "had",
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
        let mut cues = HashMap::new();
        for (text, kind) in [
            (include_str!("../data/cue_verbs.txt"), CueKind::Verb),
            (include_str!("../data/cue_nouns.txt"), CueKind::Noun),
        ] {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let mut cols = line.split('\t');
                let (Some(lemma), Some(forms)) = (cols.next(), cols.next()) else {
                    continue;
                };
                for form in forms.split_whitespace() {
                    cues.insert(form.to_lowercase(), (lemma.trim().to_string(), kind));
                }
            }
        }
        QuoteLexicon {
            entities: Lexicon::builtin(),
            cues,
        }
    }

    /// The cue a lower-case word is, if any. Speech verbs ("said", "warned") come from the
    /// shared lexicon; a form that is also a cue noun there ("claims") stays a verb.
    pub fn cue(&self, lower: &str) -> Option<Cue<'_>> {
        if let Some(lemma) = self.entities.speech_verb(lower) {
            return Some(Cue {
                lemma,
                kind: CueKind::Verb,
            });
        }
        self.cues
            .get(lower)
            .map(|(lemma, kind)| Cue { lemma, kind: *kind })
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
