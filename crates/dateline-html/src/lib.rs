//! Main text and metadata from a news web page.
//!
//! (Being written: this first version takes the text of `<p>` elements and the `<title>`;
//! the real extractor replaces the body of [`extract`] without changing its signature.)

use std::borrow::Cow;

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
/// Content-Type header), then a `<meta charset>` declaration, then detection.
pub fn decode<'a>(bytes: &'a [u8], charset_hint: Option<&str>) -> (Cow<'a, str>, &'static encoding_rs::Encoding) {
    let enc = charset_hint
        .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, enc, _) = enc.decode(bytes);
    (text, enc)
}

/// Extracts the article from a page.
pub fn extract(bytes: &[u8], charset_hint: Option<&str>) -> Result<Article, HtmlError> {
    if bytes.contains(&0) {
        return Err(HtmlError::Binary);
    }
    let (html, enc) = decode(bytes, charset_hint);
    let doc = scraper::Html::parse_document(&html);
    let p = scraper::Selector::parse("p").expect("static selector");
    let t = scraper::Selector::parse("title").expect("static selector");
    let blocks: Vec<String> = doc
        .select(&p)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    if blocks.is_empty() {
        return Err(HtmlError::NoText);
    }
    Ok(Article {
        text: blocks.join("\n\n"),
        title: doc.select(&t).next().map(|e| e.text().collect::<String>().trim().to_string()),
        encoding: enc.name(),
        ..Article::default()
    })
}
