//! A rule-based tokenizer for news text.
//!
//! It runs over the normalized text (so "Trump’s" is seen as "Trump's" and a soft hyphen
//! never splits a name) and records each token's span in both the normalized and the
//! original text. The rules are the ones news needs and general tokenizers get wrong:
//!
//! * abbreviations keep their period when the word is a known abbreviation ("Lt.", "Inc.",
//!   "Calif."), has inner periods ("U.S.", "a.m.", "Ph.D."), or is a single capital letter
//!   (the initial in "George W. Bush"); "No." only before a number;
//! * numbers keep decimal points, thousands separators, times and fractions ("7.2",
//!   "3,000", "10:30", "24/7"), and hyphenated words stay whole ("three-hour",
//!   "Elmendorf-Richardson", "COVID-19");
//! * possessive and contracted clitics split off their host ("Trump" + "'s", "do" + "n't");
//! * quotation marks of every style are tokens of their own, as are en/em dashes;
//! * URLs, e-mail addresses, @handles and #hashtags stay whole.

use crate::abbreviations::abbreviation_class;
use dateline_doc::{NormalizedText, Span, Token, TokenKind};

/// Tokenizes the normalized text `norm`; `map` (the normalization, when there was one)
/// carries spans back to the original text.
pub fn tokenize(norm: &str, map: Option<&NormalizedText>) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(norm.len() / 5 + 1);
    let cursor = Cursor {
        text: norm,
        bytes: norm.as_bytes(),
    };
    let mut i = 0;
    let mut flags = 0u8;
    let mut newlines = 0u32;
    while i < norm.len() {
        let b = cursor.bytes[i];
        if b == b' ' {
            flags |= Token::SPACE_BEFORE;
            i += 1;
            continue;
        }
        let c = cursor.char_at(i);
        if c.is_whitespace() {
            flags |= Token::SPACE_BEFORE;
            if c == '\n' {
                newlines += 1;
            }
            i += c.len_utf8();
            continue;
        }
        if newlines >= 2 {
            flags |= Token::PARAGRAPH_BEFORE | Token::LINE_BEFORE;
        } else if newlines == 1 {
            flags |= Token::LINE_BEFORE;
        }
        let start = i;
        let (end, kind) = cursor.scan(i, c);
        let mut push = |s: usize, e: usize, kind: TokenKind, flags: u8| {
            tokens.push(Token {
                span: Span::new(s, e),
                norm: Span::new(s, e),
                kind,
                flags,
            });
        };
        if kind == TokenKind::Word {
            if let Some(split) = clitic_split(&norm[start..end]) {
                push(start, start + split, TokenKind::Word, flags);
                push(start + split, end, TokenKind::Clitic, 0);
            } else {
                push(start, end, kind, flags);
            }
        } else {
            push(start, end, kind, flags);
        }
        i = end;
        flags = 0;
        newlines = 0;
    }
    if let Some(map) = map {
        map_to_original(&mut tokens, map);
    }
    tokens
}

/// Sets each token's original span from its normalized one. Tokens come in text order, so
/// one forward pass maps them all. Two tokens cut from one replaced character (the "..."
/// of "…" split by a rule) would overlap in the original; they are merged into one.
fn map_to_original(tokens: &mut Vec<Token>, map: &NormalizedText) {
    let mut mapper = map.ordered_mapper();
    let mut out = 0usize;
    for i in 0..tokens.len() {
        let mut t = tokens[i];
        t.span = Span::new(
            mapper.start(t.norm.start as usize),
            mapper.end(t.norm.end as usize),
        );
        if out > 0 && t.span.start < tokens[out - 1].span.end {
            let prev = &mut tokens[out - 1];
            prev.span = prev.span.cover(t.span);
            prev.norm = prev.norm.cover(t.norm);
            continue;
        }
        tokens[out] = t;
        out += 1;
    }
    tokens.truncate(out);
}

/// Where a clitic starts inside a word, if the word ends in one ("Trump's" → 5).
fn clitic_split(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let n = b.len();
    // Checked on the last bytes: this runs for every word.
    if n >= 3 && b[n - 2] == b'\'' && matches!(b[n - 1] | 0x20, b's' | b'd' | b'm') {
        return Some(n - 2);
    }
    if n >= 4 && b[n - 3] == b'\'' {
        let tail = [b[n - 2] | 0x20, b[n - 1] | 0x20];
        if matches!(&tail, b"re" | b"ve" | b"ll") {
            return Some(n - 3);
        }
    }
    if n >= 4 && (b[n - 3] | 0x20) == b'n' && b[n - 2] == b'\'' && (b[n - 1] | 0x20) == b't' {
        return Some(n - 3);
    }
    None
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

const URL_PREFIXES: [&str; 3] = ["http://", "https://", "www."];

impl Cursor<'_> {
    #[inline]
    fn char_at(&self, i: usize) -> char {
        let b = self.bytes[i];
        if b < 0x80 {
            b as char
        } else {
            self.text[i..].chars().next().unwrap_or(' ')
        }
    }

    #[inline]
    fn peek(&self, i: usize) -> Option<char> {
        (i < self.bytes.len()).then(|| self.char_at(i))
    }

    /// Scans one token starting at `i` (whose first char is `c`); returns its end and kind.
    fn scan(&self, i: usize, c: char) -> (usize, TokenKind) {
        if matches!(c, 'h' | 'H' | 'w' | 'W') && self.starts_url(i) {
            return (self.scan_url(i), TokenKind::Url);
        }
        if is_word_char(c) {
            return self.scan_word(i, c);
        }
        let next = self.peek(i + c.len_utf8());
        match c {
            '@' | '#' if next.is_some_and(|n| n.is_alphanumeric()) => {
                let end = self.run(i + 1, |ch| ch.is_alphanumeric() || ch == '_');
                (end, TokenKind::Tag)
            }
            '.' => {
                let end = self.run(i, |ch| ch == '.');
                if end - i >= 2 {
                    (end, TokenKind::Ellipsis)
                } else {
                    (
                        self.run(end, |ch| ch == '?' || ch == '!'),
                        TokenKind::Terminal,
                    )
                }
            }
            '?' | '!' => (
                self.run(i, |ch| ch == '?' || ch == '!'),
                TokenKind::Terminal,
            ),
            '"' | '\'' | '`' | '«' | '»' | '‹' | '›' | '「' | '」' | '『' | '』' => {
                (i + c.len_utf8(), TokenKind::Quote)
            }
            '—' | '–' | '―' | '‒' | '⸺' | '⸻' => (
                self.run(i, |ch| matches!(ch, '—' | '–' | '―' | '‒' | '⸺' | '⸻')),
                TokenKind::Dash,
            ),
            '-' => {
                let end = self.run(i, |ch| ch == '-');
                let spaced = i == 0
                    || self.text[..i].ends_with(char::is_whitespace)
                        && self.peek(end).is_none_or(char::is_whitespace);
                if end - i >= 2 || spaced {
                    (end, TokenKind::Dash)
                } else {
                    (end, TokenKind::Punct)
                }
            }
            '$' | '€' | '£' | '¥' | '₹' | '₽' | '₩' | '₺' | '₴' | '¢' | '₪' | '₦' | '%' | '‰'
            | '&' | '+' | '=' | '<' | '>' | '°' | '©' | '®' | '™' | '§' | '¶' | '•' | '·' => {
                (i + c.len_utf8(), TokenKind::Symbol)
            }
            _ if c.is_ascii_punctuation() || ('\u{2000}'..='\u{206f}').contains(&c) => {
                (i + c.len_utf8(), TokenKind::Punct)
            }
            _ => (i + c.len_utf8(), TokenKind::Symbol),
        }
    }

    /// End of the run of chars satisfying `keep`, from `i`.
    fn run(&self, mut i: usize, keep: impl Fn(char) -> bool) -> usize {
        while let Some(c) = self.peek(i) {
            if !keep(c) {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    fn starts_url(&self, i: usize) -> bool {
        let rest = &self.bytes[i..];
        URL_PREFIXES
            .iter()
            .any(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
    }

    fn scan_url(&self, i: usize) -> usize {
        let mut end = self.run(i, |c| !c.is_whitespace() && !matches!(c, '"' | '<' | '>'));
        // Sentence punctuation and closing brackets after a URL belong to the sentence.
        while end > i {
            let last = self.text[..end].chars().next_back().unwrap_or(' ');
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'') {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        end
    }

    /// The word so far (`start..i`, `i` at a hyphen) is the party letter of a US
    /// politician's tag in brackets: "(R-S.C.)", "(D-N.Y.)", "(I-Vt.)".
    fn party_letter(&self, start: usize, i: usize) -> bool {
        i == start + 1
            && matches!(self.peek(start), Some('R' | 'D' | 'I'))
            && self.text[..start].ends_with('(')
            && self.peek(i + 1).is_some_and(|c| c.is_ascii_uppercase())
    }

    fn scan_word(&self, start: usize, first: char) -> (usize, TokenKind) {
        let numeric = first.is_ascii_digit();
        let mut i = start + first.len_utf8();
        // Length of the current period-separated segment, for "U.S" / "Ph.D".
        let mut segment_start = start;
        let mut inner_period = false;
        let mut prev = first;
        while let Some(c) = self.peek(i) {
            let next = self.peek(i + c.len_utf8());
            let joined = if is_word_char(c) {
                true
            } else {
                match c {
                    // "(R-S.C.)", "(D-Calif.)": a party's letter, then the state's
                    // abbreviation, which is a token of its own.
                    '-' if self.party_letter(start, i) => false,
                    '-' => next.is_some_and(is_word_char) && is_word_char(prev),
                    '\'' => prev.is_alphabetic() && next.is_some_and(char::is_alphabetic),
                    '.' if numeric => {
                        prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
                    }
                    '.' => {
                        let seg = self.text[segment_start..i].chars().count();
                        seg <= 2
                            && prev.is_alphabetic()
                            && next.is_some_and(char::is_alphabetic)
                            && self
                                .peek(i + 1 + next.map_or(0, char::len_utf8))
                                .is_none_or(|n| !n.is_alphabetic() || seg == 1)
                    }
                    ',' if numeric => prev.is_ascii_digit() && self.thousands_group(i + 1),
                    '/' | ':' if numeric => {
                        prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())
                    }
                    '&' => prev.is_uppercase() && next.is_some_and(char::is_uppercase),
                    // UTF-8 read as Latin-1 ("FranÃ§ois" for "François"): the second byte
                    // after "Ã" or "Â" is part of the letter the two spell.
                    '\u{a1}'..='\u{bf}' => matches!(prev, 'Ã' | 'Â'),
                    _ => false,
                }
            };
            if !joined {
                break;
            }
            if c == '.' && !numeric {
                inner_period = true;
                segment_start = i + 1;
            }
            prev = c;
            i += c.len_utf8();
        }
        if numeric {
            return (i, TokenKind::Number);
        }
        // An e-mail address: word@word.tld
        if self.peek(i) == Some('@') {
            let end = self.run(i + 1, |c| {
                c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
            });
            let domain = self.text[i + 1..end].trim_end_matches('.');
            if domain.contains('.') {
                return (i + 1 + domain.len(), TokenKind::Email);
            }
        }
        // A period that starts an ellipsis ("Inc..." / "X…") is not an abbreviation's.
        if self.peek(i) == Some('.') && self.peek(i + 1) != Some('.') {
            let word = &self.text[start..i];
            let keeps_period = inner_period
                || abbreviation_class(word).is_some()
                || (word.eq_ignore_ascii_case("no") && self.digit_follows(i + 1));
            if keeps_period {
                return (i + 1, TokenKind::Abbreviation);
            }
        }
        (i, TokenKind::Word)
    }

    /// Three digits at `i` and then no fourth: a thousands group.
    fn thousands_group(&self, i: usize) -> bool {
        let b = &self.bytes[i.min(self.bytes.len())..];
        b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && b.get(3).is_none_or(|d| !d.is_ascii_digit())
    }

    /// A number starts at `i`, after optional spaces.
    fn digit_follows(&self, i: usize) -> bool {
        let j = self.run(i, |c| c == ' ');
        self.peek(j).is_some_and(|c| c.is_ascii_digit())
    }
}

/// Letters, digits and combining marks make up words.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    fn toks(text: &str) -> Vec<(String, TokenKind)> {
        let n = normalize(text);
        let norm = n.as_ref().map_or(text, |n| n.text.as_str());
        tokenize(norm, n.as_ref())
            .into_iter()
            .map(|t| (text[t.span.range()].to_string(), t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        toks(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn abbreviations_titles_and_initials_keep_their_period() {
        assert_eq!(
            words("Lt. Col. Smith met George W. Bush in the U.S. on Jan. 5."),
            [
                "Lt.", "Col.", "Smith", "met", "George", "W.", "Bush", "in", "the", "U.S.", "on",
                "Jan.", "5", "."
            ]
        );
        assert_eq!(
            words("Acme Inc. and Sen. Doe"),
            ["Acme", "Inc.", "and", "Sen.", "Doe"]
        );
        assert_eq!(words("at 10 a.m. sharp"), ["at", "10", "a.m.", "sharp"]);
        assert_eq!(words("No. 5 but no."), ["No.", "5", "but", "no", "."]);
        assert_eq!(
            words("the U.K.-led plan"),
            ["the", "U.K.", "-", "led", "plan"]
        );
    }

    #[test]
    fn a_party_tag_splits_its_letter_from_the_state() {
        assert_eq!(
            words("Graham (R-S.C.) said"),
            ["Graham", "(", "R", "-", "S.C.", ")", "said"]
        );
        assert_eq!(
            words("Sanders (I-Vt.) and R-S.C. and T-Mobile (D-NY)"),
            [
                "Sanders", "(", "I", "-", "Vt.", ")", "and", "R-S", ".", "C.", "and", "T-Mobile",
                "(", "D", "-", "NY", ")"
            ]
        );
    }

    #[test]
    fn numbers_money_and_percentages() {
        assert_eq!(words("$7.2 million"), ["$", "7.2", "million"]);
        assert_eq!(
            words("3.5% of 3,000 people"),
            ["3.5", "%", "of", "3,000", "people"]
        );
        assert_eq!(words("open 24/7 at 10:30"), ["open", "24/7", "at", "10:30"]);
        assert_eq!(words("in 1,2,3"), ["in", "1", ",", "2", ",", "3"]);
        assert_eq!(words("the 1990s"), ["the", "1990s"]);
    }

    #[test]
    fn clitics_split_and_hyphens_join() {
        assert_eq!(
            words("Trump’s three-hour talks"),
            ["Trump", "’s", "three-hour", "talks"]
        );
        assert_eq!(words("don't O'Brien"), ["do", "n't", "O'Brien"]);
        assert_eq!(toks("Trump’s")[1], ("’s".to_string(), TokenKind::Clitic));
    }

    #[test]
    fn punctuation_quotes_dashes_and_ellipses() {
        assert_eq!(
            toks("“Deal…” — he said -- no?!"),
            [
                ("“".into(), TokenKind::Quote),
                ("Deal".into(), TokenKind::Word),
                ("…".into(), TokenKind::Ellipsis),
                ("”".into(), TokenKind::Quote),
                ("—".into(), TokenKind::Dash),
                ("he".into(), TokenKind::Word),
                ("said".into(), TokenKind::Word),
                ("--".into(), TokenKind::Dash),
                ("no".into(), TokenKind::Word),
                ("?!".into(), TokenKind::Terminal),
            ]
        );
    }

    #[test]
    fn urls_emails_and_tags() {
        assert_eq!(
            toks("See https://example.org/a?b=1. Mail desk@example.com or @dateline #news"),
            [
                ("See".into(), TokenKind::Word),
                ("https://example.org/a?b=1".into(), TokenKind::Url),
                (".".into(), TokenKind::Terminal),
                ("Mail".into(), TokenKind::Word),
                ("desk@example.com".into(), TokenKind::Email),
                ("or".into(), TokenKind::Word),
                ("@dateline".into(), TokenKind::Tag),
                ("#news".into(), TokenKind::Tag),
            ]
        );
    }

    #[test]
    fn multibyte_letters_after_periods_and_ellipses_after_initials() {
        assert_eq!(words("еды.За ним"), ["еды", ".", "За", "ним"]);
        assert_eq!(words("Ｘ… and X..."), ["Ｘ", "…", "and", "X", "..."]);
        assert_eq!(words("Inc... and"), ["Inc", "...", "and"]);
    }

    #[test]
    fn invisible_characters_do_not_split_words() {
        assert_eq!(
            words("Zelen\u{ad}sky\u{a0}said"),
            ["Zelen\u{ad}sky", "said"]
        );
    }

    #[test]
    fn a_letter_spelled_in_two_latin_1_characters_stays_in_its_word() {
        // UTF-8 read as Latin-1: "ç" as "Ã§", "é" as "Ã©"; the signs alone still split.
        assert_eq!(
            words("FranÃ§ois HollandÃ© said § 5"),
            ["FranÃ§ois", "HollandÃ©", "said", "§", "5"]
        );
    }

    #[test]
    fn records_whitespace_and_line_breaks() {
        let text = "A b\nC\n\nD";
        let t = tokenize(text, None);
        assert!(!t[0].has(Token::SPACE_BEFORE));
        assert!(t[1].has(Token::SPACE_BEFORE) && !t[1].has(Token::LINE_BEFORE));
        assert!(t[2].has(Token::LINE_BEFORE) && !t[2].has(Token::PARAGRAPH_BEFORE));
        assert!(t[3].has(Token::PARAGRAPH_BEFORE));
    }
}
