//! Sentences and paragraphs from tokens.
//!
//! A boundary is either *hard* (a paragraph break; a line break in text whose lines are
//! units, such as headlines, bylines, one-paragraph-per-line files) or *decided* after a
//! token that may end a sentence: terminal punctuation, an ellipsis, or an abbreviation
//! whose period may double as a full stop. Closing quotation marks and brackets after it
//! belong to the sentence that ends (`… a deal.” For a leader …`). Whether it does end is
//! read from the next word:
//!
//! * lower case continues the sentence (`“Why?” he asked`, `e.g. this`);
//! * after ".", "?" or "!", a capital, a digit or an opening quotation mark starts a new one,
//!   except a capitalized name followed by a speech verb right after a quoted question or
//!   exclamation (`“Why not?” Trump asked`);
//! * after an abbreviation, titles never end a sentence ("Gen. Smith"), and other
//!   abbreviations and initials end one only when a function word follows ("… in the U.S.
//!   The …" but "U.S. President …", "George W. Bush").
//!
//! Text that is hard-wrapped (lines broken mid-sentence, as in e-mail and wire copy) is
//! detected once per document; there single line breaks are just white space.

use crate::SENTENCIZER;
use crate::abbreviations::{AbbreviationClass, abbreviation_class, is_sentence_starter};
use dateline_doc::{Paragraph, Provenance, Sentence, Token, TokenKind};

/// The sentence and paragraph layers of a document.
#[derive(Debug, Default)]
pub struct Segmentation {
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Paragraph>,
}

/// Splits tokens into sentences and paragraphs. `norm` is the normalized text the tokens'
/// `norm` spans index; `original` the text their `span`s index.
pub fn split_sentences(norm: &str, tokens: &[Token], original: &str) -> Segmentation {
    let splitter = Splitter {
        norm,
        original,
        tokens,
        lines_are_breaks: !is_hard_wrapped(norm),
    };
    splitter.split()
}

struct Splitter<'a> {
    norm: &'a str,
    original: &'a str,
    tokens: &'a [Token],
    lines_are_breaks: bool,
}

fn rule(name: &'static str) -> Provenance {
    Provenance::rule(SENTENCIZER, name)
}

impl Splitter<'_> {
    fn split(&self) -> Segmentation {
        let tokens = self.tokens;
        let mut out = Segmentation::default();
        if tokens.is_empty() {
            return out;
        }
        let mut sentence_start = 0usize;
        let mut paragraph_start = 0usize;
        let mut i = 0usize;
        while i < tokens.len() {
            if i > sentence_start
                && let Some(kind) = self.hard_break_before(i)
            {
                self.push_sentence(&mut out, sentence_start, i, kind);
                sentence_start = i;
                self.push_paragraph(&mut out, paragraph_start, i);
                paragraph_start = i;
            } else if i > paragraph_start && self.hard_break_before(i).is_some() {
                self.push_paragraph(&mut out, paragraph_start, i);
                paragraph_start = i;
            }
            if let Some(why) = self.may_end_sentence(i) {
                let after = self.absorb_closers(i + 1);
                if after < tokens.len()
                    && self.hard_break_before(after).is_none()
                    && !self.is_list_marker(sentence_start, i)
                    && self.ends_here(i, after)
                {
                    self.push_sentence(&mut out, sentence_start, after, why);
                    sentence_start = after;
                }
                i = after.max(i + 1);
                continue;
            }
            i += 1;
        }
        self.push_sentence(&mut out, sentence_start, tokens.len(), "end-of-text");
        self.push_paragraph(&mut out, paragraph_start, tokens.len());
        out
    }

    fn push_sentence(&self, out: &mut Segmentation, from: usize, to: usize, why: &'static str) {
        if from >= to {
            return;
        }
        out.sentences.push(Sentence {
            span: self.tokens[from].span.cover(self.tokens[to - 1].span),
            tokens: from as u32..to as u32,
            provenance: rule(why),
        });
    }

    fn push_paragraph(&self, out: &mut Segmentation, from: usize, to: usize) {
        if from >= to {
            return;
        }
        // Like a sentence's, a paragraph's rule says what ended it.
        let why = match self.tokens.get(to) {
            None => "end-of-text",
            Some(next) if next.has(Token::PARAGRAPH_BEFORE) => "blank-line",
            Some(_) => "line-break",
        };
        out.paragraphs.push(Paragraph {
            span: self.tokens[from].span.cover(self.tokens[to - 1].span),
            provenance: rule(why),
        });
    }

    /// The rule name of a hard boundary before token `i`, if there is one.
    fn hard_break_before(&self, i: usize) -> Option<&'static str> {
        let t = &self.tokens[i];
        if t.has(Token::PARAGRAPH_BEFORE) {
            Some("paragraph-break")
        } else if self.lines_are_breaks && t.has(Token::LINE_BEFORE) {
            Some("line-break")
        } else {
            None
        }
    }

    fn norm_text(&self, i: usize) -> &str {
        &self.norm[self.tokens[i].norm.range()]
    }

    fn original_text(&self, i: usize) -> &str {
        &self.original[self.tokens[i].span.range()]
    }

    /// "1." or "12." opening a line is a list marker ("1. Noureddine Morceli (Algeria)"),
    /// not a sentence.
    fn is_list_marker(&self, sentence_start: usize, i: usize) -> bool {
        i == sentence_start + 1
            && self.tokens[sentence_start].kind == TokenKind::Number
            && self.norm_text(i) == "."
            && self.norm_text(sentence_start).len() <= 3
    }

    /// Whether token `i` could end a sentence, and the rule name if it does.
    fn may_end_sentence(&self, i: usize) -> Option<&'static str> {
        match self.tokens[i].kind {
            TokenKind::Terminal => Some("terminal-punctuation"),
            TokenKind::Ellipsis => Some("ellipsis"),
            TokenKind::Abbreviation => {
                let word = self.norm_text(i).trim_end_matches('.');
                (abbreviation_class(word) != Some(AbbreviationClass::Title))
                    .then_some("abbreviation-period")
            }
            _ => None,
        }
    }

    /// The index after the closing quotation marks and brackets that follow token `i - 1`.
    fn absorb_closers(&self, mut j: usize) -> usize {
        while j < self.tokens.len() {
            let t = &self.tokens[j];
            if t.has(Token::LINE_BEFORE) {
                break;
            }
            let closes = match t.kind {
                TokenKind::Quote => {
                    let o = self.original_text(j);
                    matches!(o, "”" | "’" | "»" | "›" | "」" | "』")
                        || !t.has(Token::SPACE_BEFORE) && !self.is_opening(j)
                }
                TokenKind::Punct => {
                    matches!(self.norm_text(j), ")" | "]" | "}") && !t.has(Token::SPACE_BEFORE)
                }
                TokenKind::Terminal => !t.has(Token::SPACE_BEFORE),
                _ => false,
            };
            if !closes {
                break;
            }
            j += 1;
        }
        j
    }

    /// An opening quotation mark or bracket at token `i`.
    fn is_opening(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        match t.kind {
            TokenKind::Quote => match self.original_text(i) {
                "“" | "‘" | "„" | "‚" | "«" | "‹" | "「" | "『" => true,
                "\"" | "'" | "`" => {
                    t.has(Token::SPACE_BEFORE)
                        && self
                            .tokens
                            .get(i + 1)
                            .is_some_and(|n| !n.has(Token::SPACE_BEFORE))
                        || i == 0
                }
                _ => false,
            },
            TokenKind::Punct => matches!(self.norm_text(i), "(" | "[" | "{"),
            _ => false,
        }
    }

    /// Decides whether the sentence ends after token `end_token`, given the next token
    /// `next` (after any closers).
    fn ends_here(&self, end_token: usize, next: usize) -> bool {
        let t = &self.tokens[next];
        if !t.has(Token::SPACE_BEFORE) {
            // "U.S.-led", "example.com": no space, no boundary.
            return false;
        }
        let opening = self.is_opening(next);
        let look = if opening { next + 1 } else { next };
        let Some(look_token) = self.tokens.get(look) else {
            return opening;
        };
        let word = self.norm_text(look);
        let first = word.chars().next().unwrap_or(' ');
        let ending = &self.tokens[end_token];
        match ending.kind {
            TokenKind::Abbreviation => {
                if first.is_ascii_digit() || look_token.kind == TokenKind::Number {
                    return false;
                }
                let class = abbreviation_class(self.norm_text(end_token).trim_end_matches('.'));
                if opening {
                    return class != Some(AbbreviationClass::Month);
                }
                first.is_uppercase() && is_sentence_starter(word)
            }
            TokenKind::Ellipsis => first.is_uppercase() || opening && first.is_alphanumeric(),
            _ => {
                if first.is_lowercase() {
                    return false;
                }
                if first.is_uppercase() && self.is_speech_tag(end_token, next, look) {
                    return false;
                }
                first.is_alphanumeric()
                    || opening
                    || matches!(look_token.kind, TokenKind::Symbol | TokenKind::Quote)
            }
        }
    }

    /// `“Why not?” Trump asked`: a quoted question or exclamation followed by its speaker
    /// and a speech verb is one sentence.
    fn is_speech_tag(&self, end_token: usize, next: usize, look: usize) -> bool {
        let terminal = self.norm_text(end_token);
        if !terminal.contains(['?', '!']) {
            return false;
        }
        let quoted = (end_token + 1..next).any(|j| self.tokens[j].kind == TokenKind::Quote);
        if !quoted {
            return false;
        }
        (look + 1..(look + 3).min(self.tokens.len())).any(|j| is_speech_verb(self.norm_text(j)))
    }
}

fn is_speech_verb(word: &str) -> bool {
    const VERBS: &[&str] = &[
        "said",
        "says",
        "asked",
        "asks",
        "added",
        "adds",
        "told",
        "tells",
        "wrote",
        "writes",
        "replied",
        "replies",
        "shouted",
        "tweeted",
        "posted",
        "explained",
        "continued",
        "insisted",
        "warned",
        "argued",
        "noted",
        "recalled",
        "joked",
        "quipped",
        "cried",
        "exclaimed",
        "declared",
        "demanded",
        "wondered",
    ];
    VERBS.contains(&word)
}

/// Whether the text's single line breaks fall mid-sentence (hard-wrapped copy): some lines
/// end without terminal punctuation and the next line goes on in lower case.
fn is_hard_wrapped(norm: &str) -> bool {
    let mut single_breaks = 0u32;
    let mut mid_sentence = 0u32;
    let mut prev: Option<&str> = None;
    for line in norm.lines() {
        let line = line.trim();
        if line.is_empty() {
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            single_breaks += 1;
            let ends_open = !p.ends_with(['.', '?', '!', ':', '"', '\'', ')', ']']);
            let continues = line.chars().next().is_some_and(char::is_lowercase);
            if ends_open && continues {
                mid_sentence += 1;
            }
        }
        prev = Some(line);
    }
    mid_sentence >= 2 && mid_sentence * 5 >= single_breaks
}

#[cfg(test)]
mod tests {
    use crate::{normalize, tokenize};

    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let n = normalize(text);
        let norm = n.as_ref().map_or(text, |n| n.text.as_str());
        let tokens = tokenize(norm, n.as_ref());
        split_sentences(norm, &tokens, text)
            .sentences
            .into_iter()
            .map(|s| text[s.span.range()].to_string())
            .collect()
    }

    #[test]
    fn titles_initials_and_abbreviations_do_not_split() {
        assert_eq!(
            sentences(
                "Lt. Col. Jane Roe met Sen. John Doe and George W. Bush in Washington, D.C. on Feb. 3. Talks went on."
            ),
            [
                "Lt. Col. Jane Roe met Sen. John Doe and George W. Bush in Washington, D.C. on Feb. 3.",
                "Talks went on.",
            ]
        );
        assert_eq!(
            sentences("Prices rose 3.5% to $7.2 million at Acme Inc. The U.S. President spoke."),
            [
                "Prices rose 3.5% to $7.2 million at Acme Inc.",
                "The U.S. President spoke."
            ]
        );
        assert_eq!(
            sentences("It was made in the U.S. But Dr. Who disagreed."),
            ["It was made in the U.S.", "But Dr. Who disagreed."]
        );
    }

    #[test]
    fn sentences_end_inside_quotations() {
        assert_eq!(
            sentences(
                "He said: “There is no deal until there is a deal.” For a leader, that is new."
            ),
            [
                "He said: “There is no deal until there is a deal.”",
                "For a leader, that is new.",
            ]
        );
        assert_eq!(
            sentences("“Why not?” Trump asked. “Because,” she said."),
            ["“Why not?” Trump asked.", "“Because,” she said."]
        );
        assert_eq!(
            sentences("“Why?” he asked. Nobody knew."),
            ["“Why?” he asked.", "Nobody knew."]
        );
        assert_eq!(
            sentences("It ended (finally.) Then \"We won.\" Next."),
            ["It ended (finally.)", "Then \"We won.\"", "Next."]
        );
    }

    #[test]
    fn numbered_list_items_are_not_sentences() {
        assert_eq!(
            sentences("Results:\n1. Ann Lee (Kenya) 3:54.67\n2. Bo Kim (Chile) 3:55.01"),
            [
                "Results:",
                "1. Ann Lee (Kenya) 3:54.67",
                "2. Bo Kim (Chile) 3:55.01"
            ]
        );
        assert_eq!(
            sentences("It rose by 12. Then it fell."),
            ["It rose by 12.", "Then it fell."]
        );
    }

    #[test]
    fn ellipses_and_dashes() {
        assert_eq!(
            sentences("We waited… and waited... Then it came — late."),
            ["We waited… and waited...", "Then it came — late."]
        );
    }

    #[test]
    fn headlines_bylines_and_datelines() {
        assert_eq!(
            sentences(
                "Leaders Meet in Alaska\nBy Jane Roe\n\nANCHORAGE, Alaska (AP) — The two leaders met on Friday. They talked."
            ),
            [
                "Leaders Meet in Alaska",
                "By Jane Roe",
                "ANCHORAGE, Alaska (AP) — The two leaders met on Friday.",
                "They talked.",
            ]
        );
    }

    #[test]
    fn hard_wrapped_text_joins_lines() {
        let text = "The council met on Monday and\nvoted to close the bridge for\nrepairs. Work starts in May and\nends in June.\n\nA new paragraph.";
        assert_eq!(
            sentences(text),
            [
                "The council met on Monday and\nvoted to close the bridge for\nrepairs.",
                "Work starts in May and\nends in June.",
                "A new paragraph.",
            ]
        );
    }

    #[test]
    fn paragraphs_follow_line_structure() {
        let text = "First one. Second.\nThird para.\n\nFourth.";
        let n = normalize(text);
        let tokens = tokenize(text, n.as_ref());
        let seg = split_sentences(text, &tokens, text);
        let paras: Vec<&str> = seg
            .paragraphs
            .iter()
            .map(|p| &text[p.span.range()])
            .collect();
        assert_eq!(paras, ["First one. Second.", "Third para.", "Fourth."]);
        assert_eq!(seg.sentences.len(), 4);
    }

    #[test]
    fn unbalanced_quotes_and_empty_text() {
        assert_eq!(
            sentences("He said “we will win. Nobody agreed."),
            ["He said “we will win.", "Nobody agreed."]
        );
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n ").is_empty());
    }
}
