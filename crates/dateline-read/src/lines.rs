//! Bounded line reading: `BufRead::read_until` alone would buffer a 10 GB line without a
//! newline (a binary file read as JSONL, garbage in a WARC file) entirely in memory.

use std::io::{self, BufRead, ErrorKind, Read};

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// End of input, nothing read.
    Eof,
    /// A line (including its `\n`, if it had one) is in the buffer.
    Line,
    /// The line was longer than the limit; it was skipped through its `\n`.
    TooLong,
}

/// Reads one line of at most `limit` bytes (not counting the `\n`) into `buf`, which is
/// cleared first.
pub(crate) fn read_line<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    // `+ 2` leaves room for the `\r\n` that does not count against the limit.
    let n = r.by_ref().take(limit as u64 + 2).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(LineRead::Eof);
    }
    if trim_eol(buf).len() > limit {
        let complete = buf.last() == Some(&b'\n');
        buf.clear();
        if !complete {
            skip_line(r)?;
        }
        return Ok(LineRead::TooLong);
    }
    Ok(LineRead::Line)
}

/// Discards input through the next `\n` (or to the end).
pub(crate) fn skip_line<R: BufRead>(r: &mut R) -> io::Result<()> {
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', chunk) {
            Some(i) => {
                r.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = chunk.len();
                r.consume(n);
            }
        }
    }
}

/// The line without its `\n` / `\r\n`.
pub(crate) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads everything up to `limit` bytes; `Ok(None)` when the input is longer.
pub(crate) fn read_all<R: Read>(r: R, limit: usize) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    r.take(limit as u64 + 1).read_to_end(&mut out)?;
    if out.len() > limit {
        return Ok(None);
    }
    Ok(Some(out))
}

/// Reads up to `n` bytes (fewer only at the end of the input), for format sniffing.
///
/// A read error does not lose the bytes before it: they are returned with the error, so
/// the reader can still process them and report the error where it occurs (a WARC file
/// cut short is read up to the cut and the damaged record is named).
pub(crate) fn read_prefix<R: Read>(r: &mut R, n: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut out = Vec::with_capacity(n);
    let err = r.take(n as u64).read_to_end(&mut out).err();
    (out, err)
}

/// A reader that fails once with a stored error, then reports the end of input: what is
/// left of a stream after a failed read.
pub(crate) struct Failed(pub(crate) Option<io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

impl BufRead for Failed {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(&[]),
        }
    }

    fn consume(&mut self, _: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_not_buffered() {
        let mut r = io::Cursor::new(b"short\nxxxxxxxxxxxxxxxxxxxx\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 8).unwrap(), LineRead::Line);
        assert_eq!(trim_eol(&buf), b"short");
        assert_eq!(read_line(&mut r, &mut buf, 8).unwrap(), LineRead::TooLong);
        assert_eq!(read_line(&mut r, &mut buf, 8).unwrap(), LineRead::Line);
        assert_eq!(buf, b"last");
        assert_eq!(read_line(&mut r, &mut buf, 8).unwrap(), LineRead::Eof);
    }

    #[test]
    fn a_line_of_exactly_the_limit_fits() {
        let mut r = io::Cursor::new(b"12345678\r\n".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 8).unwrap(), LineRead::Line);
        assert_eq!(trim_eol(&buf), b"12345678");
    }
}
