//! A small MessagePack reader, enough for the files of a spaCy/thinc model.
//!
//! Why our own: thinc writes a model as one MessagePack document (nodes, attributes,
//! parameters), with arrays in msgpack-numpy's form (a map with `nd`, `type`, `shape` and the
//! raw little-endian bytes under `data`). Reading that needs maps, arrays, strings, binary
//! strings, integers, floats and booleans: about a hundred lines, against a dependency for
//! one load at start-up. Values borrow from the input, so a 6 MB weight file is not copied
//! until its arrays are converted.

use super::DepError;

/// One MessagePack value, borrowing strings and binary data from the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Nil,
    Bool(bool),
    Int(i128),
    Float(f64),
    /// A UTF-8 string (`str` family); kept as bytes, as thinc writes keys both ways.
    Str(&'a [u8]),
    Bin(&'a [u8]),
    Array(Vec<Value<'a>>),
    Map(Vec<(Value<'a>, Value<'a>)>),
    Ext(i8, &'a [u8]),
}

impl<'a> Value<'a> {
    /// The text of a `str` or `bin` value.
    pub fn text(&self) -> Option<&'a str> {
        match self {
            Value::Str(b) | Value::Bin(b) => std::str::from_utf8(b).ok(),
            _ => None,
        }
    }

    /// The value under `key` in a map whose keys are strings (or binary strings).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match self {
            Value::Str(b) | Value::Bin(b) => Some(b),
            _ => None,
        }
    }
}

/// Reads one value from the start of `bytes`; trailing bytes are an error.
pub fn parse(bytes: &[u8]) -> Result<Value<'_>, DepError> {
    let mut reader = Reader { bytes, at: 0 };
    let value = reader.value(0)?;
    if reader.at != bytes.len() {
        return Err(DepError::Format(format!(
            "{} bytes after the MessagePack value",
            bytes.len() - reader.at
        )));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// Deeper than any model file nests; bounds the recursion on damaged input.
const MAX_DEPTH: usize = 64;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DepError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| DepError::Format("MessagePack value cut short".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn uint(&mut self, n: usize) -> Result<u64, DepError> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, DepError> {
        if depth > MAX_DEPTH {
            return Err(DepError::Format("MessagePack nested too deeply".into()));
        }
        let marker = self.take(1)?[0];
        Ok(match marker {
            0x00..=0x7f => Value::Int(i128::from(marker)),
            0x80..=0x8f => self.map(usize::from(marker & 0x0f), depth)?,
            0x90..=0x9f => self.array(usize::from(marker & 0x0f), depth)?,
            0xa0..=0xbf => Value::Str(self.take(usize::from(marker & 0x1f))?),
            0xc0 => Value::Nil,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xc4..=0xc6 => {
                let n = self.uint(1 << (marker - 0xc4))? as usize;
                Value::Bin(self.take(n)?)
            }
            0xc7..=0xc9 => {
                let n = self.uint(1 << (marker - 0xc7))? as usize;
                let kind = self.take(1)?[0] as i8;
                Value::Ext(kind, self.take(n)?)
            }
            0xca => Value::Float(f64::from(f32::from_bits(self.uint(4)? as u32))),
            0xcb => Value::Float(f64::from_bits(self.uint(8)?)),
            0xcc..=0xcf => Value::Int(i128::from(self.uint(1 << (marker - 0xcc))?)),
            0xd0..=0xd3 => {
                let n = 1usize << (marker - 0xd0);
                let raw = self.uint(n)?;
                let shift = 64 - 8 * n as u32;
                Value::Int(i128::from(((raw << shift) as i64) >> shift))
            }
            0xd4..=0xd8 => {
                let kind = self.take(1)?[0] as i8;
                Value::Ext(kind, self.take(1 << (marker - 0xd4))?)
            }
            0xd9..=0xdb => {
                let n = self.uint(1 << (marker - 0xd9))? as usize;
                Value::Str(self.take(n)?)
            }
            0xdc | 0xdd => {
                let n = self.uint(if marker == 0xdc { 2 } else { 4 })? as usize;
                self.array(n, depth)?
            }
            0xde | 0xdf => {
                let n = self.uint(if marker == 0xde { 2 } else { 4 })? as usize;
                self.map(n, depth)?
            }
            0xe0..=0xff => Value::Int(i128::from(marker as i8)),
            0xc1 => return Err(DepError::Format("MessagePack marker 0xc1 is unused".into())),
        })
    }

    fn array(&mut self, n: usize, depth: usize) -> Result<Value<'a>, DepError> {
        // Every element takes at least one byte: a count beyond the input is damage.
        let mut items = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            items.push(self.value(depth + 1)?);
        }
        Ok(Value::Array(items))
    }

    fn map(&mut self, n: usize, depth: usize) -> Result<Value<'a>, DepError> {
        let mut entries = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            let key = self.value(depth + 1)?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_thinc_writes() {
        // {"nd": true, "shape": [2], "data": bin(8)}
        let mut bytes = vec![0x83, 0xa2, b'n', b'd', 0xc3, 0xa5];
        bytes.extend_from_slice(b"shape");
        bytes.extend_from_slice(&[0x91, 0x02, 0xa4]);
        bytes.extend_from_slice(b"data");
        bytes.extend_from_slice(&[0xc4, 0x08]);
        bytes.extend_from_slice(&1.5f32.to_le_bytes());
        bytes.extend_from_slice(&(-2.0f32).to_le_bytes());
        let value = parse(&bytes).unwrap();
        assert_eq!(value.get("nd"), Some(&Value::Bool(true)));
        assert_eq!(
            value
                .get("shape")
                .and_then(|s| s.as_array())
                .map(|s| s.len()),
            Some(1)
        );
        assert_eq!(
            value
                .get("data")
                .and_then(|d| d.as_bytes())
                .map(|d| d.len()),
            Some(8)
        );
    }

    #[test]
    fn integers_of_every_width() {
        assert_eq!(parse(&[0xd0, 0xff]).unwrap(), Value::Int(-1));
        assert_eq!(parse(&[0xd1, 0x80, 0x00]).unwrap(), Value::Int(-32768));
        assert_eq!(parse(&[0xcd, 0x01, 0x00]).unwrap(), Value::Int(256));
        assert_eq!(parse(&[0xe0]).unwrap(), Value::Int(-32));
        assert_eq!(
            parse(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).unwrap(),
            Value::Int(i128::from(u64::MAX))
        );
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        for bytes in [
            &[0xc4, 0x10, 0x00][..],
            &[0xdd, 0xff, 0xff, 0xff, 0xff],
            &[0x92, 0x01],
            &[0xc1],
            &[0x01, 0x02],
            &[],
        ] {
            assert!(parse(bytes).is_err(), "{bytes:?}");
        }
        let deep = vec![0x91; 1000];
        assert!(parse(&deep).is_err());
    }
}
