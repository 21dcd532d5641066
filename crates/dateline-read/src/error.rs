//! The one error type of the readers: always names the document it is about, so a message
//! printed at the end of a long run still says which file, line, item or record failed.

use std::io;

/// A document that could not be read or decoded. Displays as `"<name>: <reason>"`, e.g.
/// `"feed.xml: not an RSS or Atom feed: the root element is <html>"`.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {kind}")]
pub struct ReadError {
    /// The document: `path`, `path:LINE`, `path#item-N`, `path#record-N`, `stdin`.
    pub name: String,
    pub kind: ReadErrorKind,
}

impl ReadError {
    pub fn new(name: impl Into<String>, kind: ReadErrorKind) -> ReadError {
        ReadError {
            name: name.into(),
            kind,
        }
    }
}

/// Why a document could not be read or decoded.
#[derive(Debug, thiserror::Error)]
pub enum ReadErrorKind {
    /// The operating system refused (missing file, permission denied, I/O error, corrupt
    /// gzip data).
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// The document exceeds [`crate::MAX_RECORD_BYTES`] (or a format-specific cap).
    #[error("larger than the limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// NUL bytes or mostly control characters: not a text file.
    #[error("binary file")]
    Binary,
    /// Nothing but whitespace.
    #[error("empty document")]
    Empty,
    /// A JSONL line that is not a JSON object with a `text` or `html` string.
    #[error("{0}")]
    BadLine(String),
    /// A file read as a feed that is not XML or whose root is not `rss`/`rdf:RDF`/`feed`.
    #[error("not an RSS or Atom feed: {0}")]
    NotAFeed(String),
    /// A feed that became malformed after some items were read.
    #[error("malformed feed XML: {0}")]
    Xml(String),
    /// A WARC file whose structure is broken (garbage between records, bad headers).
    #[error("{0}")]
    Warc(String),
    /// The input ends in the middle of a record.
    #[error("truncated: {0}")]
    Truncated(String),
    /// The HTML extractor found no article.
    #[error("{0}")]
    Html(dateline_html::HtmlError),
    /// A reader panicked on this input: a bug in dateline, not the input's fault. The rest
    /// of the input is skipped; other inputs are read as usual.
    #[error("internal error (a dateline bug; please report it): {0}")]
    Internal(String),
}
