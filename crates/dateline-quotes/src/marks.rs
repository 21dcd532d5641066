//! Quotation marks: which quote tokens open or close a quotation, which are apostrophes,
//! and how they pair.
//!
//! News mixes every style: curly and straight marks in one article, „German“ and «French»
//! marks in wire copy, ‘single’ marks for quotes inside quotes (and for headlines), and the
//! same glyph ’ as closing mark and apostrophe (Trump’s, rock ’n’ roll, the ’90s). A mark's
//! role is decided from its glyph and the characters on either side of it (a mark followed
//! by a letter and preceded by a space opens; one preceded by a letter and followed by a
//! space or punctuation closes), then by pairing with a stack: a closing mark pairs with the
//! nearest open mark of its family (double, single, angle), so “mixed straight and curly"
//! marks pair, and nested quotes are consumed inside the outer one.
//!
//! Paragraphs bound quotations. An opening mark still open at the end of a paragraph either
//! continues (the next paragraph starts with an opening mark of the same family: the news
//! convention for a quotation of several paragraphs) or was never closed; either way the
//! span ends with the paragraph, so a stray mark never swallows the rest of a document.
//! The stack is bounded, so thousands of stray marks cost linear time.

use dateline_doc::{Doc, Span, TokenKind};

/// Mark families: a closing mark pairs only with an opening mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Angle,
}

/// A top-level quotation found by pairing marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; `None` when the span runs to the paragraph's end.
    pub close: Option<usize>,
    /// The quoted text, marks and surrounding white space excluded.
    pub content: Span,
    /// One past the last token of the content.
    pub content_end: usize,
    /// One past the closing mark (`content_end` when unclosed).
    pub after: usize,
    /// Left open at the paragraph's end, and the next paragraph reopens it.
    pub continues: bool,
    /// Left open at the paragraph's end without a continuation.
    pub unclosed: bool,
    /// Opened by a single mark (‘ ' ‚): in a document that quotes with double marks, a
    /// top-level single-quoted span is headline style or a quote inside unmarked speech.
    pub single: bool,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    token: usize,
    family: Family,
    /// Opened by a low mark („ ‚) or a reversed guillemet (»), which “ ‘ « close.
    low: bool,
}

/// The largest number of open marks remembered; deeper nesting is malformed text.
const MAX_OPEN: usize = 16;

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// What may a mark do, from the characters around it.
struct Flank {
    /// Followed by text and not preceded by a letter or digit: "“Yes", " 'no".
    opens: bool,
    /// Preceded by text and not followed by a letter or digit: "yes.”", "no' ".
    closes: bool,
}

fn flank(prev: Option<char>, next: Option<char>) -> Flank {
    let closing_punct = |c: Option<char>| c.is_some_and(|c| ".,;:!?)]}…".contains(c));
    Flank {
        opens: !is_space(next) && !is_alnum(prev) && !closing_punct(prev) && !closing_punct(next),
        closes: !is_space(prev) && !is_alnum(next),
    }
}

fn family(c: char) -> Option<Family> {
    Some(match c {
        '"' | '“' | '”' | '„' | '‟' | '〝' | '〞' | '＂' => Family::Double,
        '\'' | '‘' | '’' | '‚' | '‛' => Family::Single,
        '«' | '»' | '‹' | '›' => Family::Angle,
        _ => return None,
    })
}

/// A single mark that is an apostrophe: inside a word (don’t, 90's), before a decade
/// (’90s), or in "’n’".
fn is_apostrophe(text: &str, span: Span, prev: Option<char>, next: Option<char>) -> bool {
    if is_alnum(prev) && is_alnum(next) {
        return true;
    }
    let after = &text[span.end as usize..];
    if next.is_some_and(|c| c.is_ascii_digit()) {
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        return digits == 2 || after[digits..].starts_with('s');
    }
    // rock ’n’ roll: a lone "n" between two marks.
    let mut rest = after.chars();
    if rest.next() == Some('n')
        && rest
            .next()
            .is_some_and(|c| family(c) == Some(Family::Single))
    {
        return true;
    }
    let before = &text[..span.start as usize];
    let mut back = before.chars().rev();
    back.next() == Some('n')
        && back
            .next()
            .is_some_and(|c| family(c) == Some(Family::Single))
}

/// Finds the top-level quotations of a tokenized document with paragraphs.
pub fn pair(doc: &Doc, paragraph_of: &[u32]) -> Vec<Pair> {
    let text = doc.text();
    let tokens = &doc.tokens;
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let para = paragraph_of[i];
        if i > 0 && paragraph_of[i - 1] != para && !stack.is_empty() {
            close_paragraph(doc, &stack, i, &mut out);
            stack.clear();
        }
        if t.kind != TokenKind::Quote {
            i += 1;
            continue;
        }
        let mut glyph = text[t.span.range()].chars().next().unwrap_or('"');
        // Two straight apostrophes make one double mark (''like this'', in some wires):
        // the first token stands for the mark when it closes, the second when it opens.
        let doubled = glyph == '\''
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.span.start == t.span.end && &text[n.span.range()] == "'");
        let (first, last) = if doubled { (i, i + 1) } else { (i, i) };
        if doubled {
            glyph = '"';
        }
        let Some(fam) = family(glyph) else {
            i += 1;
            continue;
        };
        let prev = text[..tokens[first].span.start as usize]
            .chars()
            .next_back();
        let next = text[tokens[last].span.end as usize..].chars().next();
        if fam == Family::Single && is_apostrophe(text, t.span, prev, next) {
            i += 1;
            continue;
        }
        i = last;
        let f = flank(prev, next);
        let top_low = stack.last().is_some_and(|o| o.family == fam && o.low);
        let has_open = |fam: Family| stack.iter().rev().take(MAX_OPEN).any(|o| o.family == fam);
        let (can_open, can_close, low) = match glyph {
            '„' | '‚' => (true, false, true),
            '“' | '‘' | '‟' | '‛' => (
                f.opens || !f.closes,
                top_low || (f.closes && !f.opens),
                false,
            ),
            '”' | '’' => (
                f.opens && !f.closes && !has_open(fam),
                f.closes || !f.opens,
                false,
            ),
            '«' | '‹' => (!top_low, top_low, false),
            '»' | '›' => {
                let open_here = has_open(Family::Angle);
                (!open_here && f.opens && !f.closes, open_here, true)
            }
            _ => {
                // Straight marks: position decides, and where it cannot, state does.
                let open_here = has_open(fam);
                if f.opens && !f.closes {
                    (true, false, false)
                } else if f.closes && !f.opens {
                    (false, true, false)
                } else {
                    (!open_here && f.opens, open_here, false)
                }
            }
        };
        // A closing mark pairs with the nearest open mark of its family.
        let matching = if can_close {
            stack
                .iter()
                .rev()
                .take(MAX_OPEN)
                .position(|o| o.family == fam)
                .map(|from_top| stack.len() - 1 - from_top)
        } else {
            None
        };
        if let Some(at) = matching {
            let open = stack[at];
            stack.truncate(at);
            if stack.is_empty() && !is_markup(text, tokens[open.token].span) {
                push_pair(doc, open, Some(first), first, &mut out);
                if let Some(p) = out.last_mut().filter(|p| p.close == Some(first)) {
                    p.after = last + 1;
                }
            }
        } else if can_open {
            // A single mark opens a top-level quotation only if it closes in the paragraph
            // (else it is an apostrophe of a kind not recognised above).
            if stack.len() == MAX_OPEN {
                stack.remove(0);
            }
            stack.push(Open {
                token: i,
                family: fam,
                low,
            });
        }
        i += 1;
    }
    if !stack.is_empty() {
        close_paragraph(doc, &stack, tokens.len(), &mut out);
    }
    out
}

/// `="value"`: an attribute in markup left in the text, not a quotation.
fn is_markup(text: &str, open: Span) -> bool {
    text[..open.start as usize].ends_with('=')
}

/// Handles the marks still open when a paragraph ends before token `next_para` (the first
/// token of the next paragraph, or the end).
fn close_paragraph(doc: &Doc, stack: &[Open], next_para: usize, out: &mut Vec<Pair>) {
    // The outermost double or angle mark makes the quotation; single marks left open are
    // apostrophes or headline quotes that never closed.
    let Some(open) = stack.iter().find(|o| o.family != Family::Single) else {
        return;
    };
    if is_markup(doc.text(), doc.tokens[open.token].span) {
        return;
    }
    let continues = doc.tokens.get(next_para).is_some_and(|t| {
        t.kind == TokenKind::Quote
            && doc.text()[t.span.range()]
                .chars()
                .next()
                .and_then(family)
                .is_some_and(|f| f == open.family)
    });
    let before = out.len();
    push_pair(doc, *open, None, next_para, out);
    if let Some(p) = out.get_mut(before) {
        p.continues = continues;
        p.unclosed = !continues;
    }
}

fn push_pair(doc: &Doc, mark: Open, close: Option<usize>, end: usize, out: &mut Vec<Pair>) {
    let tokens = &doc.tokens;
    let open = mark.token;
    if end <= open + 1 {
        return;
    }
    let start = tokens[open].span.end as usize;
    let stop = match close {
        Some(c) => tokens[c].span.start as usize,
        None => tokens[end - 1].span.end as usize,
    };
    let text = doc.text();
    let inner = &text[start..stop];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    if lead + trail >= inner.len() {
        return;
    }
    out.push(Pair {
        open,
        close,
        content: Span::new(start + lead, stop - trail),
        content_end: end,
        after: close.map_or(end, |c| c + 1),
        continues: false,
        unclosed: false,
        single: mark.family == Family::Single,
    });
}
