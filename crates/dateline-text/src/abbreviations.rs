//! Abbreviations that keep their period, grouped by how they behave at a sentence end.
//!
//! A period after "Mr" never ends a sentence; one after "Inc" often does ("… at Acme Inc.
//! The company said …"); one after "Jan" does unless a day number follows. The class tells
//! the sentence splitter which question to ask of the next word.
//!
//! Words that are also ordinary English words ("Miss", "Mass", "Wash", "Ill", "No", "Sat")
//! count as abbreviations only when capitalized (and "No." only before a number, which the
//! tokenizer checks), so "He did not miss." still ends a sentence.

/// How an abbreviation behaves before a possible sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationClass {
    /// Titles and honorifics: always followed by a name, never end a sentence.
    Title,
    /// Months: followed by a day or year, rarely end a sentence.
    Month,
    /// Everything else (Inc., Corp., Calif., etc., U.S.): may end a sentence.
    Other,
    /// A single capital letter: an initial ("George W. Bush").
    Initial,
}

const TITLES: &[&str] = &[
    "adm", "amb", "atty", "brig", "capt", "cdr", "cmdr", "col", "cpl", "cpt", "det", "dr", "fr",
    "gen", "gov", "hon", "insp", "jr", "lt", "maj", "messrs", "mlle", "mme", "mmes", "mr", "mrs",
    "ms", "msgr", "pres", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "sr", "sra",
    "srta", "supt",
];

const MONTHS: &[&str] = &[
    "apr", "aug", "dec", "feb", "jan", "jul", "jun", "mar", "nov", "oct", "sep", "sept",
];

const OTHERS: &[&str] = &[
    "al", "ala", "approx", "ariz", "ark", "assn", "ave", "blvd", "bros", "ca", "calif", "cf", "co",
    "colo", "conn", "corp", "del", "dept", "est", "etc", "fig", "figs", "fla", "fri", "ft", "ga",
    "hwy", "ibid", "ill", "inc", "ind", "kan", "kans", "ky", "la", "llc", "llp", "ltd", "mass",
    "md", "mich", "minn", "miss", "mo", "mon", "mont", "mt", "neb", "nebr", "nev", "nos", "okla",
    "ore", "pa", "penn", "plc", "pp", "rd", "sat", "st", "ste", "sun", "tenn", "tex", "thu",
    "thur", "thurs", "tue", "tues", "univ", "va", "viz", "vol", "vols", "vs", "vt", "wash", "wed",
    "wis", "wisc", "wyo",
];

// Every list is sorted (a test checks) so look-ups are binary searches.

/// Abbreviations that are also common lowercase words: only capitalized forms count.
const CAPITALIZED_ONLY: &[&str] = &[
    "al", "ark", "ca", "co", "col", "conn", "cpl", "dec", "del", "det", "est", "fig", "ft", "gen",
    "gov", "ill", "ind", "jun", "kan", "la", "mar", "mass", "miss", "mo", "mon", "mt", "ore", "pa",
    "pres", "rep", "rev", "sat", "sen", "st", "ste", "sun", "wash", "wed",
];

/// The class of `word` (without its period) if it is an abbreviation that keeps its period.
/// Multi-part forms with inner periods ("U.S", "a.m", "Ph.D") are [`AbbreviationClass::Other`].
pub fn abbreviation_class(word: &str) -> Option<AbbreviationClass> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if chars.next().is_none() {
        return first.is_uppercase().then_some(AbbreviationClass::Initial);
    }
    if word.contains('.') {
        return Some(AbbreviationClass::Other);
    }
    if word.len() > 7 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut lower = [0u8; 8];
    for (dst, b) in lower.iter_mut().zip(word.bytes()) {
        *dst = b.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&lower[..word.len()]).ok()?;
    if !first.is_uppercase() && CAPITALIZED_ONLY.binary_search(&lower).is_ok() {
        return None;
    }
    if TITLES.binary_search(&lower).is_ok() {
        Some(AbbreviationClass::Title)
    } else if MONTHS.binary_search(&lower).is_ok() {
        Some(AbbreviationClass::Month)
    } else if OTHERS.binary_search(&lower).is_ok() {
        Some(AbbreviationClass::Other)
    } else {
        None
    }
}

const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Even",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Last",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "Not",
    "Now",
    "Of",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "To",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "With",
    "Yet",
    "You",
    "Your",
];

/// Words that, capitalized after a period that might end a sentence, make it likely that
/// it did: function words start sentences, names rarely follow them. "U.S. The" ends a
/// sentence; "U.S. President" does not.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    STARTERS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [TITLES, MONTHS, OTHERS, CAPITALIZED_ONLY, STARTERS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn classes() {
        use AbbreviationClass::*;
        assert_eq!(abbreviation_class("Mr"), Some(Title));
        assert_eq!(abbreviation_class("Lt"), Some(Title));
        assert_eq!(abbreviation_class("Feb"), Some(Month));
        assert_eq!(abbreviation_class("Inc"), Some(Other));
        assert_eq!(abbreviation_class("U.S"), Some(Other));
        assert_eq!(abbreviation_class("W"), Some(Initial));
        assert_eq!(abbreviation_class("Calif"), Some(Other));
        assert_eq!(abbreviation_class("miss"), None);
        assert_eq!(abbreviation_class("Miss"), Some(Other));
        assert_eq!(abbreviation_class("deal"), None);
        assert_eq!(abbreviation_class("a"), None);
    }
}
