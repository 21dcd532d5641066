//! A nesting-depth and attribute-count cap applied to the markup before parsing.
//!
//! Why: html5ever's tree builder checks "is there a `<p>` in scope" and similar conditions by
//! scanning the stack of open elements, so a document nested N deep costs O(N) per tag and
//! O(N²) overall; 100 000 nested `<div>`s take minutes. No real page nests more than a few
//! hundred elements, so a byte-level pre-pass that tracks approximate depth (start tags minus
//! end tags, ignoring void and auto-closing elements, comments and script/style bodies) and
//! drops tags beyond [`MAX_DEPTH`] keeps all text, costs one scan, and only copies the input
//! when the cap is actually hit.
//!
//! Likewise html5ever's tokenizer compares each attribute's name with every earlier one of
//! the same tag (duplicates are dropped), so one tag with 100 000 attributes took seconds;
//! the same pass reads attributes as the tokenizer does (a `>` inside a quoted value does
//! not end the tag) and cuts every tag after [`MAX_ATTRS`] attributes.

use std::borrow::Cow;

/// Deepest nesting passed to the parser.
pub(crate) const MAX_DEPTH: usize = 1024;

/// Most attributes of one tag passed to the parser.
pub(crate) const MAX_ATTRS: usize = 128;

/// Elements that never contain others or close themselves implicitly; counting them would
/// make sloppy but ordinary pages (thousands of unclosed `<p>`/`<li>`) look deep.
fn uncounted(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"br",
        b"img",
        b"meta",
        b"link",
        b"input",
        b"hr",
        b"source",
        b"wbr",
        b"area",
        b"col",
        b"embed",
        b"param",
        b"track",
        b"base",
        b"p",
        b"li",
        b"td",
        b"th",
        b"tr",
        b"option",
        b"dt",
        b"dd",
        b"keygen",
        b"colgroup",
        b"tbody",
        b"thead",
        b"tfoot",
        b"html",
        b"head",
        b"body",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Returns `html` unchanged unless its nesting exceeds [`MAX_DEPTH`] or a tag has more than
/// [`MAX_ATTRS`] attributes, else a copy with the tags beyond the depth cap removed (their
/// text stays) and the attributes beyond the count cap dropped.
pub(crate) fn cap_depth(html: &str) -> Cow<'_, str> {
    let (max, too_many_attrs) = scan(html, None);
    if max <= MAX_DEPTH && !too_many_attrs {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    scan(html, Some(&mut out));
    Cow::Owned(out)
}

/// Walks the tags; returns the maximum depth seen and whether a tag has too many
/// attributes. With `out`, copies everything except tags that open or close beyond the
/// depth cap and attributes beyond the count cap.
fn scan(html: &str, mut out: Option<&mut String>) -> (usize, bool) {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut too_many_attrs = false;
    let mut i = 0usize;
    let mut copied = 0usize;
    while let Some(rel) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + rel;
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &b[name_start..name_start + name_len];
        let (gt, cut) = tag_end(b, name_start + name_len);
        too_many_attrs |= cut.is_some();
        let Some(gt) = gt else {
            // A tag the input ends inside: the parser drops it, and with it the attributes.
            if cut.is_some()
                && let Some(o) = out.as_deref_mut()
            {
                o.push_str(&html[copied..lt]);
                copied = b.len();
            }
            break;
        };
        i = gt + 1;
        let raw_text = [
            &b"script"[..],
            b"style",
            b"textarea",
            b"title",
            b"xmp",
            b"plaintext",
        ]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name));
        let counted = !(uncounted(name) || (!closing && b[gt - 1] == b'/'));
        let beyond = if !counted || (!closing && raw_text) {
            false
        } else if closing {
            let beyond = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
            beyond
        } else {
            depth += 1;
            max = max.max(depth);
            depth > MAX_DEPTH
        };
        if let Some(o) = out.as_deref_mut() {
            if beyond {
                o.push_str(&html[copied..lt]);
                copied = gt + 1;
            } else if let Some(cut) = cut {
                o.push_str(&html[copied..cut]);
                o.push('>');
                copied = gt + 1;
            }
        }
        if !closing && raw_text {
            // Skip the body of raw-text elements: their "<" are not tags.
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend_from_slice(name);
            i = find_ci(b, i, &close).unwrap_or(b.len());
        }
    }
    if let Some(o) = out {
        o.push_str(&html[copied.min(b.len())..]);
    }
    (max, too_many_attrs)
}

/// Reads the attributes of a tag whose name ends at `from` as an HTML tokenizer does (a
/// `>` inside a quoted value does not end the tag). Returns the index of the `>` that ends
/// it (`None` if the input ends first) and, if the tag has more than [`MAX_ATTRS`]
/// attributes, the index where the first one beyond the cap starts.
fn tag_end(b: &[u8], from: usize) -> (Option<usize>, Option<usize>) {
    let space = |c: u8| c.is_ascii_whitespace();
    let mut i = from;
    let mut count = 0usize;
    let mut cut = None;
    loop {
        while i < b.len() && (space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => return (None, cut),
            Some(b'>') => return (Some(i), cut),
            Some(_) => {}
        }
        count += 1;
        if count == MAX_ATTRS + 1 {
            cut = Some(i);
        }
        // The name (its first character may be `=`), then an optional `= value`.
        i += 1;
        while i < b.len() && !(space(b[i]) || matches!(b[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => match b[i + 1..].iter().position(|&c| c == q) {
                Some(p) => i += p + 2,
                None => return (None, cut),
            },
            _ => {
                while i < b.len() && !space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

/// Substring search that jumps between occurrences of the needle's first byte (always `<`
/// or `-` here), which `position` scans for quickly.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    find_by(b, from, needle, |w, n| w == n)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    find_by(b, from, needle, |w, n| w.eq_ignore_ascii_case(n))
}

fn find_by(
    b: &[u8],
    from: usize,
    needle: &[u8],
    eq: impl Fn(&[u8], &[u8]) -> bool,
) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i < b.len() {
        let p = i + b[i..].iter().position(|&c| c == first)?;
        if b.len() - p >= needle.len() && eq(&b[p..p + needle.len()], needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let html = "<div><p>a<p>b<script>if (a<b) {}</script></div>";
        assert!(matches!(cap_depth(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_pages_are_capped_and_keep_text() {
        let mut html = String::new();
        for _ in 0..MAX_DEPTH + 50 {
            html.push_str("<div>");
        }
        html.push_str("deep text");
        for _ in 0..MAX_DEPTH + 50 {
            html.push_str("</div>");
        }
        let capped = cap_depth(&html);
        assert!(capped.contains("deep text"));
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
    }

    #[test]
    fn attributes_beyond_the_cap_are_dropped_quotes_respected() {
        let attrs: String = (0..MAX_ATTRS + 40)
            .map(|i| format!(" a{i}=\"x > y\""))
            .collect();
        let html = format!("<div id=top{attrs}>kept text</div><p>after</p>");
        let capped = cap_depth(&html);
        assert!(capped.contains(&format!("a{}=", MAX_ATTRS - 2)));
        assert!(!capped.contains(&format!("a{}=", MAX_ATTRS - 1)));
        assert!(capped.ends_with(">kept text</div><p>after</p>"));
        // A tag the input ends inside goes, as the parser would drop it.
        let open: String = (0..MAX_ATTRS + 1).map(|i| format!(" b{i}")).collect();
        assert_eq!(cap_depth(&format!("<p>text</p><div{open}")), "<p>text</p>");
        let few = "<a href=\"/x\" title='>' class=c>link</a>";
        assert!(matches!(cap_depth(few), Cow::Borrowed(_)));
        // The parser keeps the same text either way.
        let doc = scraper::Html::parse_document(&capped);
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "kept textafter");
    }
}
