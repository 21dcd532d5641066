//! Which reader an input needs: by file extension first (cheap, and what the user meant
//! when naming a file `x.txt`), then by sniffing the first bytes (stdin, unknown
//! extensions, `.gz` files whose inner format is unknown).

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The format of an input; `Auto` detects it per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum InputKind {
    #[default]
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One web page per file.
    Html,
    /// RSS 0.9x/1.0/2.0 or Atom: one document per item/entry.
    Feed,
    /// WARC 1.0/1.1: one document per HTML response record.
    Warc,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Auto => "auto",
            InputKind::Text => "text",
            InputKind::Jsonl => "jsonl",
            InputKind::Html => "html",
            InputKind::Feed => "feed",
            InputKind::Warc => "warc",
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Accepts `auto text txt jsonl ndjson html htm feed rss atom xml warc` (any case).
impl FromStr for InputKind {
    type Err = String;

    fn from_str(s: &str) -> Result<InputKind, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "auto" => InputKind::Auto,
            "text" | "txt" => InputKind::Text,
            "jsonl" | "ndjson" => InputKind::Jsonl,
            "html" | "htm" => InputKind::Html,
            "feed" | "rss" | "atom" | "xml" => InputKind::Feed,
            "warc" => InputKind::Warc,
            _ => {
                return Err(format!(
                    "unknown input format {s:?} (expected auto, text, jsonl, html, feed or warc)"
                ));
            }
        })
    }
}

/// The kind a file name implies, ignoring a trailing `.gz` (`x.warc.gz` is WARC,
/// `x.jsonl.gz` JSONL, a bare `x.gz` says nothing).
pub(crate) fn by_extension(path: &Path) -> Option<InputKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "txt" | "text" => InputKind::Text,
        "jsonl" | "ndjson" => InputKind::Jsonl,
        "html" | "htm" | "xhtml" => InputKind::Html,
        "xml" | "rss" | "atom" | "rdf" => InputKind::Feed,
        "warc" => InputKind::Warc,
        _ => return None,
    })
}

pub(crate) fn is_gzip(prefix: &[u8]) -> bool {
    prefix.starts_with(&[0x1f, 0x8b])
}

/// The kind the first bytes of an input suggest; never `Auto`.
pub(crate) fn sniff(prefix: &[u8]) -> InputKind {
    let p = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = p
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(p.len());
    let p = &p[start..];
    if p.starts_with(b"WARC/") {
        return InputKind::Warc;
    }
    if p.starts_with(b"{") {
        return InputKind::Jsonl;
    }
    if !p.starts_with(b"<") {
        return InputKind::Text;
    }
    let lower = p.to_ascii_lowercase();
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
        return InputKind::Feed;
    }
    if has(b"<!doctype html") || has(b"<html") || has(b"<head") || has(b"<body") {
        return InputKind::Html;
    }
    if lower.starts_with(b"<?xml") {
        // XML but no feed root in sight: let the feed reader say what it is instead.
        return InputKind::Feed;
    }
    InputKind::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        let k = |p: &str| by_extension(Path::new(p));
        assert_eq!(k("a/b.TXT"), Some(InputKind::Text));
        assert_eq!(k("cc-news.warc.gz"), Some(InputKind::Warc));
        assert_eq!(k("x.ndjson"), Some(InputKind::Jsonl));
        assert_eq!(k("x.jsonl.gz"), Some(InputKind::Jsonl));
        assert_eq!(k("feed.rss"), Some(InputKind::Feed));
        assert_eq!(k("x.gz"), None);
        assert_eq!(k("README"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"WARC/1.1\r\n"), InputKind::Warc);
        assert_eq!(sniff(b"\xEF\xBB\xBF  {\"id\":1}"), InputKind::Jsonl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            InputKind::Feed
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf="),
            InputKind::Feed
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><html xmlns="),
            InputKind::Html
        );
        assert_eq!(sniff(b"The mayor said on Friday"), InputKind::Text);
        assert_eq!(sniff(b""), InputKind::Text);
        assert_eq!("RSS".parse::<InputKind>(), Ok(InputKind::Feed));
        assert!("pdf".parse::<InputKind>().is_err());
    }
}
