//! Streaming readers: turn files, folders and stdin into documents.
//!
//! Reading is split in two steps because the CLI runs the second one on all cores:
//!
//! 1. [`open`] walks the inputs **sequentially** and yields one [`Record`] per document:
//!    its name (for messages), the [`Metadata`] the container carried, and the still
//!    undecoded [`Payload`]. This step only does cheap, streaming work (splitting a JSONL
//!    file into lines, a feed into items, a WARC file into records) and its memory stays
//!    bounded by the largest single document, never by the size of an input.
//! 2. [`decode`] is a **pure** function from a `Record` to a [`Document`]: HTML extraction,
//!    charset detection and validation, the expensive parts, which the caller runs in
//!    parallel.
//!
//! Errors never stop the whole run: an unreadable file, a broken JSONL line or a corrupt
//! WARC record becomes one `Err` item naming the document (`path`, `path:LINE`,
//! `path#item-N`, `path#record-N`) and iteration continues with the next one.
//!
//! Formats (see [`InputKind`]): plain text, JSONL, HTML, RSS 0.9x/1.0/2.0 and Atom feeds,
//! WARC (plain or gzip-compressed, one gzip member per record as in CC-NEWS). Any input
//! starting with the gzip magic bytes is decompressed transparently, and JSONL or a feed
//! starting with a UTF-16 byte-order mark is transcoded to UTF-8. A reader that panics (a
//! bug) costs only its own input: it becomes that input's error and the next one is read.

mod decode;
mod detect;
mod error;
mod feed;
mod inputs;
mod jsonl;
mod lines;
mod transcode;
mod warc;

use std::collections::BTreeMap;

use dateline_doc::Metadata;

pub use decode::decode;
pub use detect::InputKind;
pub use error::{ReadError, ReadErrorKind};
pub use feed::{FeedReader, MAX_AUTHORS};
pub use inputs::{InputSpec, Inputs, STDIN_NAME, open};
pub use jsonl::{ANNOTATION_KEYS, JsonlReader};
pub use warc::{MAX_PAGE_BYTES, WarcReader};

/// The largest document (file, JSONL line, WARC page) a reader accepts; larger ones are
/// reported as errors instead of being loaded. Matches what a `Doc` can hold.
pub const MAX_RECORD_BYTES: usize = dateline_doc::MAX_DOC_BYTES;

/// Records that were read but deliberately not turned into documents, by reason
/// (`"warc request"`, `"warc response (HTTP 404)"`, `"feed item without text"`), for the
/// summary at the end of a run. A `BTreeMap` so the summary prints in a stable order.
pub type SkipCounts = BTreeMap<String, u64>;

/// One document as read from its container, not yet decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where the document came from, for messages: `path`, `path:LINE`, `path#item-N`,
    /// `path#record-N`, `stdin`.
    pub name: String,
    /// What the container said about the document (`id` is always set).
    pub meta: Metadata,
    pub payload: Payload,
    /// The container named the document: a JSONL `id`, a feed item's guid or link, a WARC
    /// record's target URI, or the path of a whole file. False when `meta.id` only says
    /// where the record sat (`path:LINE`, `#item-N`, `#record-N`) or it came from stdin,
    /// which are no identity: a corpus store then keys the document by URL or text hash.
    pub id_given: bool,
}

impl Record {
    /// The size of the document as the container delivered it, in bytes.
    pub fn payload_len(&self) -> usize {
        match &self.payload {
            Payload::Text(t) => t.len(),
            Payload::Html { bytes, .. } => bytes.len(),
            Payload::Bytes(b) => b.len(),
        }
    }

    /// `Err` with a message naming the document, its size and the limit (as the user set
    /// it: `limit_name` is "--max-doc-bytes" for the CLI) when the document is larger
    /// than `max_bytes`; 0 means no limit.
    pub fn check_size(&self, max_bytes: u64, limit_name: &str) -> Result<(), String> {
        let bytes = self.payload_len() as u64;
        if max_bytes == 0 || bytes <= max_bytes {
            return Ok(());
        }
        Err(format!(
            "{}: document is {}, over {limit_name} {}; raise the limit to analyse it",
            self.name,
            size_text(bytes),
            size_text(max_bytes)
        ))
    }
}

/// "25.3 MB", "640 KB", "900 bytes".
fn size_text(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.0} KB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

/// The content of a [`Record`], in the form the container delivered it.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// Already text (a JSONL `text` field, a plain-text feed description): used unchanged.
    Text(String),
    /// A web page or HTML fragment, to be run through `dateline_html::extract`. `charset`
    /// is the encoding declared outside the bytes (HTTP `Content-Type`), if any.
    Html {
        bytes: Vec<u8>,
        charset: Option<String>,
    },
    /// The raw bytes of a plain-text file: not yet checked for binary content nor decoded.
    Bytes(Vec<u8>),
}

/// A decoded document: what the pipeline analyses.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub name: String,
    pub meta: Metadata,
    pub text: String,
}

impl Document {
    /// The `Doc` to analyse: the record's metadata, with `default_published` where the
    /// record gives no date (the CLI's `--published`, the Python `published=`). The error
    /// names the document.
    pub fn into_doc(
        self,
        default_published: Option<dateline_doc::Published>,
    ) -> Result<dateline_doc::Doc, String> {
        let mut meta = self.meta;
        if meta.published.is_none() {
            meta.published = default_published;
        }
        dateline_doc::Doc::new(meta, self.text).map_err(|e| format!("{}: {e}", self.name))
    }
}
