//! Main text and metadata from a news web page.
//!
//! The pipeline is: sniff for binary input and pick the encoding ([`decode`]), parse with
//! html5ever (through `scraper`, a spec-compliant parser that copes with any broken markup
//! the way browsers do) after capping pathological nesting ([`depth`]), flatten the tree into a pre-order array ([`dom`]), collect metadata
//! ([`metadata`]), prune page furniture by tag, visibility and class/id vocabulary
//! ([`boilerplate`]), then cut the rest into text blocks and elect the article container by
//! a link-density-aware vote ([`score`]).
//!
//! Every pass over the tree is an index loop over the flat array, never recursion, so
//! pathological nesting cannot overflow the stack; per-node work avoids allocation so the
//! whole extraction stays several times faster than parsing-heavy Python extractors.

use std::borrow::Cow;

mod boilerplate;
mod decode;
mod depth;
mod dom;
mod metadata;
mod score;

/// What a page says about itself and its article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The article's main text: blocks (paragraphs, headings, list items) separated by a
    /// blank line, whitespace inside a block collapsed, no navigation or boilerplate.
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The publication date/time as the page wrote it (ISO 8601 or similar); the caller
    /// parses it.
    pub published: Option<String>,
    pub language: Option<String>,
    /// Site or publication name (og:site_name, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The canonical URL when the page declares one.
    pub canonical_url: Option<String>,
    pub description: Option<String>,
    /// The character encoding the page was decoded from ("UTF-8", "windows-1252").
    pub encoding: &'static str,
}

/// Why a page yielded no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlError {
    /// The bytes are not a text document (NUL bytes, an image, a PDF…).
    Binary,
    /// The page parsed but holds no readable text.
    NoText,
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HtmlError::Binary => f.write_str("not an HTML page: the bytes look binary"),
            HtmlError::NoText => f.write_str("the page holds no readable article text"),
        }
    }
}

impl std::error::Error for HtmlError {}

/// Decodes `bytes` to text: BOM, then the `charset_hint` (e.g. from an HTTP
/// Content-Type header; a bare label or the whole header value), then a `<meta charset>`
/// declaration in the first 4 KB, then detection.
pub fn decode<'a>(
    bytes: &'a [u8],
    charset_hint: Option<&str>,
) -> (Cow<'a, str>, &'static encoding_rs::Encoding) {
    decode::decode(bytes, charset_hint)
}

/// Below this many alphanumeric characters, an extraction with class-based pruning is
/// suspected of having pruned the article itself and is retried without it.
const RETRY_BELOW: usize = 200;

/// Extracts the article from a page.
pub fn extract(bytes: &[u8], charset_hint: Option<&str>) -> Result<Article, HtmlError> {
    if decode::looks_binary(bytes) {
        return Err(HtmlError::Binary);
    }
    let (html, enc) = decode::decode(bytes, charset_hint);
    let html = depth::cap_depth(&html);
    let doc = scraper::Html::parse_document(&html);
    let dom = dom::Dom::build(&doc);
    let meta = metadata::collect(&dom).finish();

    let mut text = main_text(&dom, true);
    if score::text_chars(&text) < RETRY_BELOW {
        let relaxed = main_text(&dom, false);
        if score::text_chars(&relaxed) > score::text_chars(&text) {
            text = relaxed;
        }
    }
    // A publisher's own articleBody is the best source when the page's markup hides most of
    // the body (client-side rendering, paywall teasers): prefer it when it is much longer.
    if let Some(body) = meta.ld_body.as_deref() {
        let (lb, lt) = (score::text_chars(body), score::text_chars(&text));
        if lb > 2 * lt && lb > 500 {
            text = body.to_string();
        }
    }
    if text.is_empty() {
        return Err(HtmlError::NoText);
    }
    Ok(Article {
        text,
        title: meta.title,
        byline: meta.byline,
        published: meta.published,
        language: meta.language,
        site_name: meta.site_name,
        canonical_url: meta.canonical_url,
        description: meta.description,
        encoding: enc.name(),
    })
}

fn main_text(dom: &dom::Dom<'_>, use_classes: bool) -> String {
    let mask = score::prune_mask(dom, use_classes);
    let blocks = score::build_blocks(dom, &mask);
    let region = score::choose_region(dom, &blocks, &mask);
    if region.is_empty() {
        // No prose-like block anywhere (a short notice, a photo page): return the readable
        // blocks of the whole page rather than nothing.
        return score::region_text(&blocks, &[(0, dom.nodes.len() as u32)], dom);
    }
    score::region_text(&blocks, &region, dom)
}

/// Runs [`extract`] and returns a human-readable trace of its decisions (pruned subtrees,
/// candidate containers and scores, merged siblings, dropped blocks), for diagnosing why a
/// page came out wrong.
#[doc(hidden)]
pub fn explain(bytes: &[u8], charset_hint: Option<&str>) -> String {
    score::explain_start();
    let r = extract(bytes, charset_hint);
    let mut lines = score::explain_take();
    lines.push(format!("result: {:?}", r.map(|a| a.text.len())));
    lines.join("\n")
}
