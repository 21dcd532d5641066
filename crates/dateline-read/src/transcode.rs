//! UTF-16 containers: a JSONL file or a feed saved as UTF-16 (Windows tools do this, and XML
//! allows it) is transcoded to UTF-8 as it streams, so the line splitter and the XML parser
//! see the bytes they expect. Only input that starts with a UTF-16 byte-order mark is
//! transcoded: without one, UTF-16 cannot be told from binary data in a streaming reader
//! (whole plain-text files are checked by [`crate::decode`], which sees all their bytes).

use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding};

/// The UTF-16 encoding whose byte-order mark starts `prefix`, if any.
pub(crate) fn utf16_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(prefix) {
        Some((enc, _)) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => Some(enc),
        _ => None,
    }
}

/// Decodes a UTF-16 stream (with its byte-order mark) into UTF-8, without the mark.
/// Unpaired surrogates and a dangling odd byte become U+FFFD, as in every other decoder.
pub(crate) struct Utf16Reader<R> {
    inner: R,
    decoder: Decoder,
    out: Box<[u8]>,
    /// `out[pos..len]` is decoded and not yet read.
    pos: usize,
    len: usize,
    done: bool,
}

impl<R: BufRead> Utf16Reader<R> {
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            out: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            done: false,
        }
    }

    /// Decodes the next chunk into `out`; leaves `len == 0` only at the end.
    fn refill(&mut self) -> io::Result<()> {
        self.pos = 0;
        self.len = 0;
        while self.len == 0 && !self.done {
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let (result, read, written, _) = self.decoder.decode_to_utf8(src, &mut self.out, last);
            self.inner.consume(read);
            self.len = written;
            if last && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.len {
            self.refill()?;
        }
        let n = buf.len().min(self.len - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        b
    }

    #[test]
    fn transcodes_across_chunk_boundaries() {
        let text = "{\"id\": \"é\", \"text\": \"😀 Zoë\"}\n".repeat(5000);
        let bytes = utf16le(&text);
        assert_eq!(utf16_bom(&bytes), Some(encoding_rs::UTF_16LE));
        // A tiny buffer splits surrogate pairs and code units between reads.
        let inner = io::BufReader::with_capacity(7, &bytes[..]);
        let mut out = String::new();
        Utf16Reader::new(inner, encoding_rs::UTF_16LE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn utf8_bom_is_not_utf16() {
        assert_eq!(utf16_bom(b"\xEF\xBB\xBF{"), None);
        assert_eq!(utf16_bom(b"\xFE\xFF\x00{"), Some(encoding_rs::UTF_16BE));
    }
}
