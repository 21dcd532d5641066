//! Name keys: how actor names from different documents are compared, and how corpus-level
//! actor keys are spelled.
//!
//! Documents write one actor many ways ("Vladimir Putin", "Putin", "Putin's", "U.S.",
//! "US"). Within a document the entities layer already joins them; across documents the
//! store compares [`normalize`]d names: lower case, possessives and periods dropped, runs of
//! spaces and hyphens made one space. Accents are kept: "Zelenskyy" and "Zelensky" are
//! different spellings that only a variant list can join, while stripping accents would
//! need Unicode decomposition tables for a small gain.

/// The comparison form of a name.
pub fn normalize(name: &str) -> String {
    let trimmed = name.trim();
    let base = ["'s", "’s", "'", "’"]
        .iter()
        .find_map(|s| trimmed.strip_suffix(s))
        .unwrap_or(trimmed);
    let mut out = String::with_capacity(base.len());
    let mut space = false;
    for c in base.chars() {
        if c == '.' {
            continue;
        }
        if c.is_whitespace() || c == '-' || c == '_' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The last word of a normalized person name ("putin" for "vladimir putin"), when the name
/// has more than one word. Generational suffixes are skipped ("martin luther king jr" →
/// "king").
pub fn surname(normalized: &str) -> Option<&str> {
    let mut words: Vec<&str> = normalized.split(' ').collect();
    while let Some(last) = words.last()
        && matches!(*last, "jr" | "sr" | "ii" | "iii" | "iv")
    {
        words.pop();
    }
    (words.len() > 1).then(|| words[words.len() - 1])
}

/// A URL-safe key for a name: "vladimir-putin", "nato", "são-paulo" (letters stay as
/// written, so keys in other scripts stay readable).
/// Letters and digits are kept (lower-cased), everything else becomes one hyphen.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '.' && c != '\'' && c != '’' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("actor");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_spellings() {
        assert_eq!(normalize("Vladimir  Putin"), "vladimir putin");
        assert_eq!(normalize("Putin’s"), "putin");
        assert_eq!(normalize("U.S."), "us");
        assert_eq!(normalize("Elmendorf-Richardson"), "elmendorf richardson");
        assert_eq!(normalize("  NATO "), "nato");
    }

    #[test]
    fn surnames_and_slugs() {
        assert_eq!(surname("vladimir putin"), Some("putin"));
        assert_eq!(surname("martin luther king jr"), Some("king"));
        assert_eq!(surname("putin"), None);
        assert_eq!(slug("Vladimir Putin"), "vladimir-putin");
        assert_eq!(slug("U.S. Senate"), "us-senate");
        assert_eq!(slug("Zelensky's office"), "zelenskys-office");
        assert_eq!(slug("—"), "actor");
    }
}
