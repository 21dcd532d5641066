//! WARC 1.0/1.1 files, plain or gzip-compressed (CC-NEWS writes each record as its own
//! gzip member; the caller wraps such input in a `MultiGzDecoder`, which streams across
//! members).
//!
//! Only `response` records of successful HTML fetches become documents: HTTP status 200
//! and `Content-Type: text/html` or `application/xhtml+xml`. Every other record (warcinfo,
//! request, metadata, revisit, redirects, 404s, images) is skipped without being buffered
//! and counted by reason for the end-of-run summary.
//!
//! The crawl date (`WARC-Date`) is kept in `extra["warc_date"]` and deliberately **not**
//! used as the publication date: a page fetched today may be years old, and a wrong
//! anchor date would silently shift every relative time expression.
//!
//! Damage handling: a record cut short (truncated file or gzip stream) yields one error
//! naming `path#record-N` and ends the file; bytes between records that are not a WARC
//! header yield one error, after which the reader skips to the next `WARC/` line.

use std::io::{self, BufRead, ErrorKind, Read};

use dateline_doc::Metadata;
use serde_json::Value;

use crate::lines::{LineRead, read_all, read_line, trim_eol};
use crate::{Payload, ReadError, ReadErrorKind, Record, SkipCounts};

/// Longest header line accepted (WARC and HTTP headers; long URLs fit easily).
const MAX_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 1000;
/// Largest HTML page taken from a WARC record; bigger ones are reported and skipped.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

enum Step {
    Record(Box<Record>),
    Skipped,
    Eof,
}

/// Streams the HTML documents of one WARC file.
pub struct WarcReader<R> {
    name: String,
    reader: R,
    record_no: u64,
    done: bool,
    /// After a structural error: skip lines silently until the next `WARC/` line.
    resync: bool,
    line: Vec<u8>,
    skipped: SkipCounts,
}

impl<R: BufRead> WarcReader<R> {
    /// `reader` yields the uncompressed WARC bytes; `name` is used in messages
    /// (`name#record-N`).
    pub fn new(name: impl Into<String>, reader: R) -> WarcReader<R> {
        WarcReader {
            name: name.into(),
            reader,
            record_no: 0,
            done: false,
            resync: false,
            line: Vec::new(),
            skipped: SkipCounts::new(),
        }
    }

    /// Records read but not turned into documents, by reason (`"WARC request"`,
    /// `"WARC response: HTTP 404"`, `"WARC response: image/jpeg"`).
    pub fn skipped(&self) -> &SkipCounts {
        &self.skipped
    }

    pub(crate) fn take_skipped(&mut self) -> SkipCounts {
        std::mem::take(&mut self.skipped)
    }

    fn record_name(&self, n: u64) -> String {
        format!("{}#record-{}", self.name, n)
    }

    fn count(&mut self, reason: String) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// An error after which this file cannot be read further.
    fn fatal(&mut self, name: String, e: io::Error) -> ReadError {
        self.done = true;
        let kind = if e.kind() == ErrorKind::UnexpectedEof {
            ReadErrorKind::Truncated(format!("the input ends early ({e})"))
        } else {
            ReadErrorKind::Io(e)
        };
        ReadError::new(name, kind)
    }

    /// A broken record header: report it and look for the next record.
    fn broken(&mut self, name: String, why: String) -> ReadError {
        self.resync = true;
        ReadError::new(name, ReadErrorKind::Warc(why))
    }

    fn step(&mut self) -> Result<Step, ReadError> {
        // The version line, after the blank lines that end the previous record.
        loop {
            let next = self.record_name(self.record_no + 1);
            let found = match read_line(&mut self.reader, &mut self.line, MAX_LINE) {
                Err(e) => return Err(self.fatal(next, e)),
                Ok(LineRead::Eof) => return Ok(Step::Eof),
                Ok(LineRead::TooLong) => None,
                Ok(LineRead::Line) => Some(trim_eol(&self.line)),
            };
            match found {
                Some(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Some(l) if l.starts_with(b"WARC/") => break,
                _ if self.resync => continue,
                found => {
                    let what = match found {
                        Some(l) => format!("{:?}", snippet(l)),
                        None => "a line longer than 64 KiB".to_string(),
                    };
                    let why = format!(
                        "expected a WARC/1.0 or WARC/1.1 record header after record {}, found {what}; skipping to the next record",
                        self.record_no
                    );
                    return Err(self.broken(next, why));
                }
            }
        }
        self.resync = false;
        self.record_no += 1;
        let name = self.record_name(self.record_no);

        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match read_line(&mut self.reader, &mut self.line, MAX_LINE) {
                Err(e) => return Err(self.fatal(name, e)),
                Ok(LineRead::Eof) => {
                    self.done = true;
                    return Err(ReadError::new(
                        name,
                        ReadErrorKind::Truncated("the input ends inside the record header".into()),
                    ));
                }
                Ok(LineRead::TooLong) => {
                    return Err(
                        self.broken(name, "a WARC header line is longer than 64 KiB".into())
                    );
                }
                Ok(LineRead::Line) => {}
            }
            let l = trim_eol(&self.line);
            if l.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                return Err(self.broken(name, "more than 1000 WARC header lines".into()));
            }
            if matches!(l[0], b' ' | b'\t') {
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(String::from_utf8_lossy(l).trim());
                }
                continue;
            }
            let Some(colon) = memchr::memchr(b':', l) else {
                let why = format!("malformed WARC header line {:?}", snippet(l));
                return Err(self.broken(name, why));
            };
            let key = String::from_utf8_lossy(&l[..colon])
                .trim()
                .to_ascii_lowercase();
            let value = String::from_utf8_lossy(&l[colon + 1..]).trim().to_string();
            headers.push((key, value));
        }
        let get = |k: &str| {
            headers
                .iter()
                .find(|(h, _)| h == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return Err(self.broken(name, "missing or invalid Content-Length header".into()));
        };
        let wtype = get("warc-type")
            .unwrap_or("(no WARC-Type)")
            .to_ascii_lowercase();
        // Some writers omit the record's Content-Type; the HTTP head parser below decides
        // then (a body that is not HTTP is skipped as "malformed HTTP header").
        let is_http = get("content-type")
            .is_none_or(|c| c.to_ascii_lowercase().starts_with("application/http"));
        if wtype != "response" || !is_http {
            self.skip_body(&name, len)?;
            let reason = if wtype == "response" {
                "WARC response: not HTTP".to_string()
            } else {
                format!("WARC {wtype}")
            };
            self.count(reason);
            return Ok(Step::Skipped);
        }

        // A header present but empty ("WARC-Target-URI:") gives nothing: the record is then
        // named by its place in the file, as one without the header.
        let given = |k: &str| get(k).filter(|v| !v.is_empty());
        let uri = given("warc-target-uri")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').trim())
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        let warc_date = given("warc-date").map(str::to_string);
        let record_id = given("warc-record-id").map(str::to_string);

        let mut body = (&mut self.reader).take(len);
        let head = match read_http_head(&mut body) {
            Ok(h) => h,
            Err(e) => return Err(self.fatal(name, e)),
        };
        let skip_reason = match &head {
            None => Some("WARC response: malformed HTTP header".to_string()),
            Some(h) if h.status != 200 => Some(format!("WARC response: HTTP {}", h.status)),
            Some(h) => match h.mime.as_deref() {
                Some("text/html" | "application/xhtml+xml") => None,
                Some(m) => Some(format!("WARC response: {m}")),
                None => Some("WARC response: no Content-Type".to_string()),
            },
        };
        let remaining = body.limit();
        if let Some(reason) = skip_reason {
            self.skip_body(&name, remaining)?;
            self.count(reason);
            return Ok(Step::Skipped);
        }
        let Some(head) = head else {
            return Ok(Step::Skipped);
        };
        if remaining > MAX_PAGE_BYTES as u64 {
            self.skip_body(&name, remaining)?;
            return Err(ReadError::new(
                name,
                ReadErrorKind::TooLarge {
                    limit: MAX_PAGE_BYTES,
                },
            ));
        }
        let mut bytes = Vec::with_capacity(remaining as usize);
        if let Err(e) = body.read_to_end(&mut bytes) {
            return Err(self.fatal(name, e));
        }
        if bytes.len() as u64 != remaining {
            self.done = true;
            return Err(ReadError::new(
                name,
                ReadErrorKind::Truncated(format!(
                    "the record body ends after {} of {len} bytes",
                    len - remaining + bytes.len() as u64
                )),
            ));
        }
        let bytes = match decode_transfer(bytes, &head) {
            Ok(b) => b,
            Err(why) => return Err(ReadError::new(name, ReadErrorKind::Warc(why))),
        };

        let id_given = uri.is_some();
        let mut meta = Metadata::with_id(uri.clone().unwrap_or_else(|| name.clone()));
        meta.url = uri;
        if let Some(d) = warc_date {
            meta.extra.insert("warc_date".into(), Value::String(d));
        }
        if let Some(id) = record_id {
            meta.extra
                .insert("warc_record_id".into(), Value::String(id));
        }
        Ok(Step::Record(Box::new(Record {
            name,
            meta,
            payload: Payload::Html {
                bytes,
                charset: head.charset,
            },
            id_given,
        })))
    }

    /// Discards `n` body bytes without buffering them.
    fn skip_body(&mut self, name: &str, n: u64) -> Result<(), ReadError> {
        match io::copy(&mut (&mut self.reader).take(n), &mut io::sink()) {
            Ok(copied) if copied == n => Ok(()),
            Ok(copied) => {
                self.done = true;
                Err(ReadError::new(
                    name,
                    ReadErrorKind::Truncated(format!(
                        "the record body ends {} bytes early",
                        n - copied
                    )),
                ))
            }
            Err(e) => Err(self.fatal(name.to_string(), e)),
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.step() {
                Ok(Step::Record(r)) => return Some(Ok(*r)),
                Ok(Step::Skipped) => {}
                Ok(Step::Eof) => self.done = true,
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

struct HttpHead {
    status: u16,
    /// Lowercased media type without parameters.
    mime: Option<String>,
    charset: Option<String>,
    content_encoding: Option<String>,
    chunked: bool,
}

/// Reads the status line and headers of an HTTP response; `Ok(None)` if they are not
/// HTTP.
fn read_http_head<R: BufRead>(body: &mut R) -> io::Result<Option<HttpHead>> {
    let mut line = Vec::new();
    let mut head = HttpHead {
        status: 0,
        mime: None,
        charset: None,
        content_encoding: None,
        chunked: false,
    };
    let mut first = true;
    for _ in 0..MAX_HEADER_LINES {
        match read_line(body, &mut line, MAX_LINE)? {
            LineRead::Eof if first => return Ok(None),
            LineRead::Eof => return Ok(Some(head)),
            LineRead::TooLong => return Ok(None),
            LineRead::Line => {}
        }
        let l = String::from_utf8_lossy(trim_eol(&line)).into_owned();
        if first {
            first = false;
            let mut parts = l.split_whitespace();
            if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) {
                return Ok(None);
            }
            match parts.next().and_then(|c| c.parse().ok()) {
                Some(code) => head.status = code,
                None => return Ok(None),
            }
            continue;
        }
        if l.is_empty() {
            return Ok(Some(head));
        }
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => {
                let mut params = v.split(';');
                let mime = params.next().unwrap_or("").trim().to_ascii_lowercase();
                head.mime = (!mime.is_empty()).then_some(mime);
                for p in params {
                    if let Some((pk, pv)) = p.split_once('=')
                        && pk.trim().eq_ignore_ascii_case("charset")
                    {
                        let cs = pv.trim().trim_matches(['"', '\'']).trim();
                        head.charset = (!cs.is_empty()).then(|| cs.to_string());
                    }
                }
            }
            "content-encoding" => head.content_encoding = Some(v.to_ascii_lowercase()),
            "transfer-encoding" => head.chunked = v.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    Ok(None)
}

/// Undoes chunked transfer coding and gzip/deflate content coding, which some crawlers
/// store as received (Common Crawl removes them and renames the headers).
fn decode_transfer(bytes: Vec<u8>, head: &HttpHead) -> Result<Vec<u8>, String> {
    let bytes = if head.chunked {
        dechunk(&bytes).ok_or("malformed chunked HTTP body")?
    } else {
        bytes
    };
    let too_large = || format!("the decompressed page exceeds {MAX_PAGE_BYTES} bytes");
    match head.content_encoding.as_deref() {
        None | Some("" | "identity") => Ok(bytes),
        Some("gzip" | "x-gzip") => read_all(
            flate2::read::MultiGzDecoder::new(&bytes[..]),
            MAX_PAGE_BYTES,
        )
        .map_err(|e| format!("cannot gunzip the HTTP body: {e}"))?
        .ok_or_else(too_large),
        Some("deflate") => {
            let zlib = read_all(flate2::read::ZlibDecoder::new(&bytes[..]), MAX_PAGE_BYTES);
            match zlib {
                Ok(Some(b)) => Ok(b),
                Ok(None) => Err(too_large()),
                // Many servers send raw deflate despite the name.
                Err(_) => read_all(
                    flate2::read::DeflateDecoder::new(&bytes[..]),
                    MAX_PAGE_BYTES,
                )
                .map_err(|e| format!("cannot inflate the HTTP body: {e}"))?
                .ok_or_else(too_large),
            }
        }
        Some(other) => Err(format!("unsupported HTTP Content-Encoding {other:?}")),
    }
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = memchr::memchr(b'\n', b)?;
        let size_line = std::str::from_utf8(&b[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

fn snippet(l: &[u8]) -> String {
    let s = String::from_utf8_lossy(&l[..l.len().min(60)]).into_owned();
    if l.len() > 60 { format!("{s}…") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
        assert_eq!(dechunk(b"10\r\nshort"), None);
    }
}
