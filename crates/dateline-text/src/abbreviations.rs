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
    "gen", "gov", "hon", "insp", "lt", "maj", "messrs", "mme", "mmes", "mlle", "mr", "mrs", "ms",
    "msgr", "pres", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "supt", "sr", "sra",
    "srta", "jr",
];

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

const OTHERS: &[&str] = &[
    // Companies and organisations.
    "assn", "bros", "co", "corp", "dept", "inc", "llc", "llp", "ltd", "plc", "univ",
    // Latin and reference words.
    "al", "approx", "cf", "ca", "etc", "ibid", "vs", "viz", "est", "fig", "figs", "vol", "vols",
    "pp", "nos", // Places in addresses and US state abbreviations in AP style.
    "ave", "blvd", "hwy", "mt", "rd", "st", "ste", "ft", "ala", "ariz", "ark", "calif", "colo",
    "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich",
    "minn", "miss", "mo", "mont", "neb", "nebr", "nev", "okla", "ore", "pa", "penn", "tenn", "tex",
    "va", "vt", "wash", "wis", "wisc", "wyo", // Weekdays in datelines.
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Abbreviations that are also common lowercase words: only capitalized forms count.
const CAPITALIZED_ONLY: &[&str] = &[
    "ca", "co", "del", "est", "fig", "ill", "ind", "la", "mass", "miss", "mo", "pa", "sat", "sun",
    "wash", "wed", "mar", "jun", "al", "ft", "mt", "st", "ste", "dec", "gen", "rep", "col", "det",
    "rev", "sen", "gov", "pres", "ore", "ark", "conn", "kan", "mon", "cpl",
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
    if CAPITALIZED_ONLY.contains(&lower) && !first.is_uppercase() {
        return None;
    }
    if TITLES.contains(&lower) {
        Some(AbbreviationClass::Title)
    } else if MONTHS.contains(&lower) {
        Some(AbbreviationClass::Month)
    } else if OTHERS.contains(&lower) {
        Some(AbbreviationClass::Other)
    } else {
        None
    }
}

/// Words that, capitalized after a period that might end a sentence, make it likely that
/// it did: function words start sentences, names rarely follow them. "U.S. The" ends a
/// sentence; "U.S. President" does not.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    const STARTERS: &[&str] = &[
        "A",
        "About",
        "According",
        "After",
        "Again",
        "Although",
        "Also",
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
    STARTERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

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
