//! Name normalization: the two keys every name is indexed under.
//!
//! News text and gazetteers spell the same name in many ways: case ("KYIV", "Kyiv"), curly
//! or straight apostrophes ("Côte d’Ivoire"), runs of whitespace, diacritics dropped by
//! wire services ("Sao Paulo", "Bogota"), punctuation ("St. Louis", "Washington, D.C.").
//! Every name in the KB is therefore indexed under two keys, and every query is looked up
//! under the same two keys:
//!
//! * the **exact key** ([`normalize`]): lower-cased (Unicode case folding via
//!   `to_lowercase`), all apostrophe-like characters (’ ‘ ʼ ʻ ` ´ ′) made `'`, all dashes
//!   made `-`, invisible characters (soft hyphen, zero-width) removed, whitespace
//!   collapsed to one space and trimmed, and one leading article `the ` removed (news writes
//!   "the Kremlin", "the Hague", "the Gambia"; gazetteers mostly do not).
//! * the **loose key** ([`fold`]): the exact key with diacritics removed (canonical
//!   decomposition, combining marks dropped, and ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ/ð→d, þ→th,
//!   ı→i, ħ→h), apostrophes and periods removed, hyphens and commas made spaces.
//!
//! The loose key is only stored when it differs from the exact key, so "Kyiv" costs one key
//! and "São Paulo" two ("são paulo", "sao paulo"). A query "Sao Paulo" hits the loose key
//! of "São Paulo"; a query "São Paulo" hits its exact key. Lookups are case-insensitive on
//! purpose: whether "US" or "us", "Nice" or "nice" is a name is the caller's decision,
//! made from the text, not the KB's.

use unicode_normalization::UnicodeNormalization;

/// The exact key of `name` (see the module docs). Empty when `name` has no visible
/// characters.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}' | '\u{2032}' => {
                '\''
            }
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                continue;
            }
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            c => c,
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    if let Some(rest) = out.strip_prefix("the ")
        && !rest.is_empty()
    {
        return rest.to_string();
    }
    out
}

/// The loose key of an exact key (the output of [`normalize`]); see the module docs.
pub fn fold(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut pending_space = false;
    let push = |out: &mut String, s: &str, pending_space: &mut bool| {
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push_str(s);
    };
    for c in key.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let mut buf = [0u8; 4];
        let s: &str = match c {
            '\'' | '.' => continue,
            '-' | ',' | ' ' => {
                pending_space = true;
                continue;
            }
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'ø' => "o",
            'ł' => "l",
            'đ' | 'ð' => "d",
            'þ' => "th",
            'ı' => "i",
            'ħ' => "h",
            c => c.encode_utf8(&mut buf),
        };
        push(&mut out, s, &mut pending_space);
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `s` is written in Latin script only (ASCII, Latin-1, Latin Extended A/B and
/// Additional, combining diacritics, modifier apostrophes). The build keeps only such
/// alternate names: news in English writes "Moskva" but not "Москва".
pub fn is_latin(s: &str) -> bool {
    s.chars().all(|c| {
        (c.is_ascii() && !c.is_ascii_control())
            || matches!(c,
                '\u{00C0}'..='\u{024F}'
                | '\u{1E00}'..='\u{1EFF}'
                | '\u{0300}'..='\u{036F}'
                | '\u{02BB}' | '\u{02BC}' | '\u{2019}' | '\u{2018}' | '\u{00A0}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_key() {
        assert_eq!(normalize("  KYIV "), "kyiv");
        assert_eq!(normalize("Côte d’Ivoire"), "côte d'ivoire");
        assert_eq!(normalize("New\u{a0} York\n City"), "new york city");
        assert_eq!(normalize("the Kremlin"), "kremlin");
        assert_eq!(normalize("The Hague"), "hague");
        assert_eq!(normalize("The"), "the");
        assert_eq!(normalize("Winston–Salem"), "winston-salem");
        assert_eq!(normalize("Ber\u{ad}lin"), "berlin");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("   "), "");
    }

    #[test]
    fn loose_key() {
        assert_eq!(fold(&normalize("São Paulo")), "sao paulo");
        assert_eq!(fold(&normalize("Bogotá")), "bogota");
        assert_eq!(fold(&normalize("Łódź")), "lodz");
        assert_eq!(fold(&normalize("Straße")), "strasse");
        assert_eq!(fold(&normalize("Washington, D.C.")), "washington dc");
        assert_eq!(fold(&normalize("St. Louis")), "st louis");
        assert_eq!(fold(&normalize("Khar’kiv")), "kharkiv");
        assert_eq!(fold(&normalize("Winston-Salem")), "winston salem");
        assert_eq!(fold(&normalize("İstanbul")), "istanbul");
        assert_eq!(fold("kyiv"), "kyiv");
    }

    #[test]
    fn latin_script() {
        assert!(is_latin("Moskva"));
        assert!(is_latin("Kænugarður"));
        assert!(is_latin("Mát-xcơ-va"));
        assert!(!is_latin("Москва"));
        assert!(!is_latin("莫斯科"));
    }
}
