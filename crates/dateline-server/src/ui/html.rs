//! Writing HTML safely: every piece of text from the corpus goes through [`esc`] (element
//! content and attribute values alike), and a page is the [`layout`] around a body.
//!
//! Pages are built as strings on the server: no template engine (one more dependency for
//! a few pages), no client-side rendering of article text (so nothing the corpus contains
//! is ever handed to the DOM as markup). Scripts only add behaviour to what is rendered.

use std::fmt::Write;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe as element content and as a
/// quoted attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_esc(&mut out, text);
    out
}

/// Appends `text`, escaped as [`esc`] does.
pub fn push_esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A path segment or query value, percent-encoded (everything but unreserved characters).
pub fn url_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string from the pairs whose value is not empty (`?a=1&b=2`, or "" for none).
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let parts: Vec<String> = pairs
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{}={}", url_part(k), url_part(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The link of a document's page.
pub fn doc_href(id: &str) -> String {
    format!("/doc/{}", url_part(id))
}

/// The link of an actor's page.
pub fn actor_href(key: &str) -> String {
    format!("/actors/{}", url_part(key))
}

/// The navigation entries: path and label.
const NAV: &[(&str, &str)] = &[
    ("/", "Search"),
    ("/quotes", "Quotes"),
    ("/actors", "Actors"),
    ("/map", "Map"),
    ("/timeline", "Timeline"),
];

/// A whole page: head (the embedded stylesheet and script), navigation with `active`
/// marked, a heading and the body.
pub fn layout(title: &str, active: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, label) in NAV {
        let current = if *href == active {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(nav, "<li><a href=\"{href}\"{current}>{label}</a></li>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · dateline</title><link rel=\"icon\" href=\"data:,\">\
<link rel=\"stylesheet\" href=\"/assets/app.css\"><script src=\"/assets/app.js\" defer></script>\
</head><body><header><a class=\"brand\" href=\"/\">dateline</a><nav aria-label=\"Views\"><ul>{nav}</ul></nav></header>\
<main id=\"main\">{body}</main>\
<footer>dateline · every fact with its evidence · <a href=\"/api/openapi.json\">API</a></footer></body></html>\n",
        title = esc(title),
    )
}

/// Links that download a list in full: the API route with the page's filters and
/// `format=csv` / `format=jsonl`.
pub fn downloads(api: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::from("<p class=\"downloads\">Download all: ");
    for (i, format) in ["csv", "jsonl"].iter().enumerate() {
        let mut all: Vec<(&str, &str)> = pairs.to_vec();
        all.push(("format", format));
        if i > 0 {
            out.push_str(" · ");
        }
        let _ = write!(
            out,
            "<a class=\"download\" href=\"{}{}\" download>{}</a>",
            api,
            esc(&query_string(all)),
            format.to_ascii_uppercase()
        );
    }
    out.push_str("</p>");
    out
}

/// "1 mention", "2,300 mentions": a count and its noun.
pub fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A number with thousands separators.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<img src=x onerror=\"a('b')\"> & co"),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co"
        );
    }

    #[test]
    fn query_strings_skip_empty_values_and_encode() {
        assert_eq!(query_string([("q", ""), ("from", "")]), "");
        assert_eq!(
            query_string([("q", "NATO & Putin"), ("to", "2025-08")]),
            "?q=NATO%20%26%20Putin&to=2025-08"
        );
        assert_eq!(doc_href("a/b?c#d"), "/doc/a%2Fb%3Fc%23d");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(-1000), "-1,000");
    }
}
