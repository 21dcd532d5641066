//! JSONL: one document per line, `{"id", "text" | "html", "published", "url", "title",
//! "byline", "language", "source", ...}`.
//!
//! Lines are read one at a time with a bounded buffer, so a file of any size streams and a
//! single line may be as long as a document may be (gold files carry 600 KB HTML pages per
//! line). The `text` value is carried through exactly as the JSON string decodes: no
//! trimming, no normalisation, because gold annotations index into it.

use std::io::BufRead;

use dateline_doc::{Metadata, Published};
use serde_json::{Map, Value};

use crate::lines::{LineRead, read_line, trim_eol};
use crate::{MAX_RECORD_BYTES, Payload, ReadError, ReadErrorKind, Record};

/// Keys of annotation layers that dateline writes itself; an input's own versions of them
/// (e.g. a previous run's output fed back in, or gold `body`) are dropped rather than
/// carried along in `extra` and written out next to the fresh ones.
pub const ANNOTATION_KEYS: &[&str] = &[
    "sentences",
    "tokens",
    "paragraphs",
    "entities",
    "quotes",
    "times",
    "places",
    "amounts",
    "events",
    "body",
];

/// Buffers above this are released after a line instead of being kept for the next one,
/// so one huge line does not pin its memory for the rest of the file.
const KEEP_BUFFER: usize = 1 << 20;

/// Streams the records of one JSONL input.
pub struct JsonlReader<R> {
    name: String,
    reader: R,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// `name` is used in messages and for ids of lines without one (`name:LINE`).
    pub fn new(name: impl Into<String>, reader: R) -> JsonlReader<R> {
        JsonlReader {
            name: name.into(),
            reader,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            if self.buf.capacity() > KEEP_BUFFER {
                self.buf = Vec::new();
            }
            let read = read_line(&mut self.reader, &mut self.buf, MAX_RECORD_BYTES);
            self.line_no += 1;
            let name = format!("{}:{}", self.name, self.line_no);
            match read {
                Err(e) => {
                    // An I/O error is not tied to one line; retrying would likely loop.
                    self.done = true;
                    return Some(Err(ReadError::new(name, ReadErrorKind::Io(e))));
                }
                Ok(LineRead::Eof) => self.done = true,
                Ok(LineRead::TooLong) => {
                    return Some(Err(ReadError::new(
                        name,
                        ReadErrorKind::TooLarge {
                            limit: MAX_RECORD_BYTES,
                        },
                    )));
                }
                Ok(LineRead::Line) => {
                    if self.buf.capacity() > KEEP_BUFFER
                        && self.buf.capacity() > self.buf.len() * 9 / 8
                    {
                        // A huge line leaves up to 2x slack from buffer doubling; the JSON
                        // parser needs as much again for its copy.
                        self.buf.shrink_to_fit();
                    }
                    let mut line = trim_eol(&self.buf);
                    if self.line_no == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_line(line, &name).map_err(|k| ReadError::new(name, k)));
                }
            }
        }
        None
    }
}

fn parse_line(line: &[u8], name: &str) -> Result<Record, ReadErrorKind> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| ReadErrorKind::BadLine(format!("invalid JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(ReadErrorKind::BadLine(format!(
            "expected a JSON object, found {}",
            json_type(&value)
        )));
    };
    record_from_object(map, name)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Builds a record from one JSONL object. If a line has both `text` and `html`, `text`
/// wins (it is what the producer wants analysed) and `html` is dropped.
fn record_from_object(map: Map<String, Value>, name: &str) -> Result<Record, ReadErrorKind> {
    let mut meta = Metadata::default();
    let mut text = None;
    let mut html = None;
    for (key, value) in map {
        match key.as_str() {
            "text" | "html" => {
                let s = match value {
                    Value::String(s) => s,
                    Value::Null => continue,
                    other => {
                        return Err(ReadErrorKind::BadLine(format!(
                            "\"{key}\" must be a string, found {}",
                            json_type(&other)
                        )));
                    }
                };
                if key == "text" {
                    text = Some(s);
                } else {
                    html = Some(s);
                }
            }
            "id" => match value {
                Value::String(s) => meta.id = s,
                Value::Number(n) => meta.id = n.to_string(),
                Value::Null => {}
                other => meta.id = other.to_string(),
            },
            "published" => match value {
                Value::String(s) => set_published(&mut meta, s),
                Value::Null => {}
                other => {
                    meta.extra.insert("published_raw".into(), other);
                }
            },
            "url" | "title" | "byline" | "language" | "source" => {
                let slot = match key.as_str() {
                    "url" => &mut meta.url,
                    "title" => &mut meta.title,
                    "byline" => &mut meta.byline,
                    "language" => &mut meta.language,
                    _ => &mut meta.source,
                };
                match value {
                    Value::String(s) => *slot = Some(s),
                    Value::Null => {}
                    other => {
                        meta.extra.insert(key, other);
                    }
                }
            }
            k if ANNOTATION_KEYS.contains(&k) => {}
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }
    let id_given = !meta.id.is_empty();
    if !id_given {
        meta.id = name.to_string();
    }
    let payload = match (text, html) {
        (Some(t), _) => Payload::Text(t),
        (None, Some(h)) => Payload::Html {
            bytes: h.into_bytes(),
            // The JSON string is already Unicode: a `<meta charset>` inside must not
            // make the extractor re-decode it.
            charset: Some("utf-8".into()),
        },
        (None, None) => {
            return Err(ReadErrorKind::BadLine(
                "the object has neither a \"text\" nor an \"html\" string".into(),
            ));
        }
    };
    Ok(Record {
        name: name.to_string(),
        meta,
        payload,
        id_given,
    })
}

/// Parses a publication date; one that cannot be read is kept verbatim in
/// `extra["published_raw"]` rather than dropped.
pub(crate) fn set_published(meta: &mut Metadata, raw: String) {
    match Published::parse(&raw) {
        Ok(p) => meta.published = Some(p),
        Err(_) => {
            meta.extra
                .insert("published_raw".into(), Value::String(raw));
        }
    }
}
