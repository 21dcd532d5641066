//! Hand-written word lists (written for dateline; no dictionary file was copied).
//!
//! All entries are lower case and compared with the lower-cased normalized token
//! ("’" → "'"). Verbs are listed by their base form; [`is_action_verb`] accepts the regular
//! inflections and the irregular forms listed beside them.

/// Words that flip the valence of the next few words ("not good", "never productive").
/// "no" and "not" are also in the VADER lexicon (as negative words); as negators they are
/// not scored themselves.
pub const NEGATORS: &[&str] = &[
    "not", "n't", "no", "never", "neither", "nor", "none", "nobody", "nothing", "nowhere",
    "without", "cannot", "hardly", "barely", "scarcely", "aint", "isnt", "dont", "doesnt", "didnt",
    "wont", "cant", "couldnt", "wouldnt", "shouldnt", "wasnt", "werent",
];

/// Words that end a negation's or intensifier's reach besides punctuation.
pub const SCOPE_BREAKERS: &[&str] = &["but", "yet", "however", "although", "though", "while"];

/// Intensifiers: the weight the next scored word counts with (boosters > 1, dampeners < 1).
pub const INTENSIFIERS: &[(&str, f64)] = &[
    ("absolutely", 1.3),
    ("completely", 1.3),
    ("deeply", 1.3),
    ("enormously", 1.3),
    ("entirely", 1.3),
    ("especially", 1.3),
    ("exceptionally", 1.3),
    ("extremely", 1.3),
    ("greatly", 1.3),
    ("highly", 1.3),
    ("hugely", 1.3),
    ("incredibly", 1.3),
    ("immensely", 1.3),
    ("most", 1.3),
    ("particularly", 1.3),
    ("profoundly", 1.3),
    ("really", 1.3),
    ("so", 1.3),
    ("thoroughly", 1.3),
    ("totally", 1.3),
    ("tremendously", 1.3),
    ("truly", 1.3),
    ("utterly", 1.3),
    ("very", 1.3),
    ("fairly", 0.7),
    ("marginally", 0.7),
    ("mildly", 0.7),
    ("moderately", 0.7),
    ("partly", 0.7),
    ("quite", 0.7),
    ("rather", 0.7),
    ("slightly", 0.7),
    ("somewhat", 0.7),
];

/// Words the VADER lexicon scores that are, in news prose, mostly function words or parts
/// of fixed phrases ("like" a preposition, "kind of", "as well", "please note").
pub const NOT_SCORED: &[&str] = &["like", "kind", "well", "please", "yes", "pretty", "ok"];

/// First- and second-person pronouns: GDELT's "self/group reference" words.
pub const SELF_GROUP: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Verbs of action (GDELT's "activity" words, approximated): physical, military,
/// diplomatic, economic and legal acts, not speech, cognition or evaluation. Base forms.
pub const ACTION_VERBS: &[&str] = &[
    "abandon",
    "abduct",
    "accept",
    "acquire",
    "act",
    "adopt",
    "advance",
    "agree",
    "aid",
    "airlift",
    "allocate",
    "annex",
    "approve",
    "arm",
    "arrest",
    "assassinate",
    "assault",
    "attack",
    "ban",
    "battle",
    "besiege",
    "block",
    "blockade",
    "bomb",
    "boycott",
    "breach",
    "build",
    "buy",
    "cancel",
    "capture",
    "cede",
    "charge",
    "clash",
    "close",
    "commit",
    "conclude",
    "confiscate",
    "convene",
    "cooperate",
    "cut",
    "deliver",
    "demolish",
    "deploy",
    "deport",
    "destroy",
    "detain",
    "dismantle",
    "dispatch",
    "donate",
    "drop",
    "eject",
    "enact",
    "end",
    "enforce",
    "evacuate",
    "execute",
    "expel",
    "export",
    "extend",
    "fight",
    "finance",
    "fire",
    "freeze",
    "fund",
    "halt",
    "hit",
    "hold",
    "host",
    "impose",
    "import",
    "implement",
    "invade",
    "invest",
    "jail",
    "kill",
    "launch",
    "legislate",
    "lend",
    "lift",
    "loan",
    "march",
    "meet",
    "mobilize",
    "mobilise",
    "move",
    "negotiate",
    "occupy",
    "open",
    "pass",
    "pay",
    "pledge",
    "protest",
    "provide",
    "pull",
    "raid",
    "ratify",
    "rebuild",
    "reduce",
    "release",
    "relocate",
    "remove",
    "repay",
    "rescue",
    "resume",
    "retaliate",
    "retreat",
    "return",
    "reverse",
    "sanction",
    "seize",
    "sell",
    "send",
    "settle",
    "shell",
    "shoot",
    "sign",
    "station",
    "storm",
    "strike",
    "supply",
    "surrender",
    "suspend",
    "terminate",
    "trade",
    "transfer",
    "vacate",
    "veto",
    "visit",
    "vote",
    "withdraw",
    "wound",
];

/// Irregular past forms (and participles) of [`ACTION_VERBS`].
pub const ACTION_IRREGULAR: &[&str] = &[
    "bought",
    "built",
    "cut",
    "dealt",
    "drove",
    "fought",
    "froze",
    "frozen",
    "held",
    "hit",
    "lent",
    "met",
    "paid",
    "sent",
    "shot",
    "sold",
    "struck",
    "stricken",
    "withdrew",
    "withdrawn",
    "rebuilt",
    "undertook",
    "undertaken",
];

/// Evaluations: words and phrases that grade talks without saying what was done.
/// Matched as whole words on the lower-cased normalized text of a statement.
pub const EVALUATIONS: &[&str] = &[
    "productive",
    "constructive",
    "useful",
    "positive",
    "fruitful",
    "successful",
    "excellent",
    "great",
    "good",
    "frank",
    "candid",
    "cordial",
    "warm",
    "thorough",
    "respectful",
    "mutually respectful",
    "meaningful",
    "substantive",
    "historic",
    "important step",
    "step forward",
    "step in the right direction",
    "progress",
    "emerging progress",
    "shared understanding",
    "shared understandings",
    "common understanding",
    "mutual understanding",
    "understandings",
    "common ground",
    "areas of agreement",
    "wide areas of agreement",
    "many points were agreed",
    "good chemistry",
    "good relationship",
    "great relationship",
    "fair balance",
    "legitimate security concerns",
];

/// Hedges: words and phrases that keep a statement from committing anyone.
pub const HEDGES: &[&str] = &[
    "might",
    "could",
    "may",
    "possibly",
    "possible",
    "perhaps",
    "maybe",
    "probably",
    "likely",
    "potentially",
    "hopefully",
    "hope",
    "hopes",
    "hoped",
    "would like",
    "wish",
    "try to",
    "consider",
    "considering",
    "explore",
    "exploring",
    "in principle",
    "not for now",
    "at least not for now",
    "for now",
    "in the future",
    "at some point",
    "eventually",
    "sooner or later",
];

/// Nouns of a concrete mechanism: a named instrument, procedure or deadline that binds.
/// They count when the statement does not deny them ("no deal") and they are specific:
/// capitalized inside a name ("the Minsk Agreement"), or after a determiner or a number
/// ("a ceasefire", "the deadline", "two treaties").
pub const MECHANISMS: &[&str] = &[
    "accord",
    "accords",
    "agreement",
    "agreements",
    "armistice",
    "ceasefire",
    "ceasefires",
    "cease-fire",
    "contract",
    "convention",
    "corridor",
    "deadline",
    "deal",
    "exchange",
    "framework",
    "guarantee",
    "guarantees",
    "inspection",
    "inspections",
    "inspectors",
    "law",
    "mechanism",
    "memorandum",
    "moratorium",
    "monitors",
    "monitoring",
    "pact",
    "peacekeepers",
    "protocol",
    "resolution",
    "roadmap",
    "sanctions",
    "timetable",
    "treaty",
    "treaties",
    "truce",
    "verification",
    "withdrawal",
];

/// Words before a mechanism noun that make it specific.
pub const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "new",
    "binding", "formal", "written", "signed",
];

/// The action verbs as a set: [`is_action_verb`] runs for every word of every document.
static ACTION_SET: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| ACTION_VERBS.iter().copied().collect());

static IRREGULAR_SET: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| ACTION_IRREGULAR.iter().copied().collect());

/// True when `word` (lower case) is an action verb in any common form.
pub fn is_action_verb(word: &str) -> bool {
    if IRREGULAR_SET.contains(word) || ACTION_SET.contains(word) {
        return true;
    }
    let base = |w: &str| ACTION_SET.contains(w);
    // -ies / -ied → -y ("supplied")
    for suffix in ["ies", "ied"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
            && base(&format!("{stem}y"))
        {
            return true;
        }
    }
    for suffix in ["s", "es", "d", "ed", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() < 2 {
                continue;
            }
            if base(stem) {
                return true;
            }
            // dropped e ("closing", "seized" is covered by "d")
            if suffix == "ing" && base(&format!("{stem}e")) {
                return true;
            }
            // doubled consonant ("cutting", "banned", "shelled" stays with "shell")
            let b = stem.as_bytes();
            // (an ASCII letter: two equal bytes ending a multi-byte character are no
            // doubled consonant, and cutting one off would split the character)
            if (suffix == "ing" || suffix == "ed")
                && b.len() >= 3
                && b[b.len() - 1].is_ascii_alphabetic()
                && b[b.len() - 1] == b[b.len() - 2]
                && base(&stem[..stem.len() - 1])
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fuzz finding (ingest, UTF-16 read as bytes): a word whose stem ends in a
    /// character with two equal final bytes ("湹" is E6 B9 B9) before "ed"/"ing" was cut
    /// inside that character as if it were a doubled consonant.
    #[test]
    fn multi_byte_stems_are_not_doubled_consonants() {
        assert!(!is_action_verb("慲潌湹ed"));
        assert!(!is_action_verb("慲潌湹ing"));
        assert!(!is_action_verb("ééed"));
    }

    #[test]
    fn action_verbs_in_every_form() {
        for w in [
            "attack",
            "attacks",
            "attacked",
            "attacking",
            "closing",
            "closed",
            "supplied",
            "supplies",
            "cutting",
            "banned",
            "met",
            "struck",
            "withdrew",
            "signing",
        ] {
            assert!(is_action_verb(w), "{w}");
        }
        for w in [
            "said",
            "hope",
            "described",
            "productive",
            "s",
            "ing",
            "ed",
            "table",
        ] {
            assert!(!is_action_verb(w), "{w}");
        }
    }
}
