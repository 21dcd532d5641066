//! Reading a document's JSON text straight into the output columns.
//!
//! `analyze_batch` gets every annotation from the JSON the CLI writes (so the columns hold
//! exactly what `dateline analyze` prints), and reads that JSON back once per document.
//! Going through `serde_json::Value` (a map per object, a string per key) cost more than
//! writing the JSON did, and even a serde visitor spends most of its time validating and
//! handing over every short string. This reader walks the bytes once, driven by the
//! column types: object keys are compared as bytes with the fields (the field of the k-th
//! key of the previous object is tried first, since the writer keeps an order), strings
//! are unescaped straight into the column's data, and values no column wants are skipped
//! without being decoded (iteratively, so a deeply nested `meta` cannot exhaust the
//! stack). The type rules are those of [`Column::append`]; a test checks that both give
//! the same columns for real documents. UTF-8 is checked once per column when the Arrow
//! array is built.
//!
//! The input is the writer's own output, but the reader never trusts it: malformed JSON is
//! an error naming the byte offset, never a panic or an endless loop.

use crate::columns::{Column, offset};

/// Malformed JSON.
#[derive(Debug, thiserror::Error)]
#[error("malformed JSON at byte {at}: {what}")]
pub struct ScanError {
    pub at: usize,
    pub what: &'static str,
}

type Result<T> = std::result::Result<T, ScanError>;

/// Appends the JSON value in `json` to `column` (on error, `column` may hold part of it:
/// [`Column::append_json`] truncates it back).
pub fn append(column: &mut Column, json: &[u8]) -> Result<()> {
    let mut s = Scanner { b: json, i: 0 };
    s.value(column)?;
    s.ws();
    if s.i != s.b.len() {
        return Err(s.err("characters after the value"));
    }
    Ok(())
}

/// A number as written, and its value.
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    /// An integer outside i64, or a number with a fraction or exponent.
    Float(f64),
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    fn err(&self, what: &'static str) -> ScanError {
        ScanError { at: self.i, what }
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    /// The next byte that is not whitespace (not consumed).
    fn peek(&mut self) -> Result<u8> {
        self.ws();
        self.b
            .get(self.i)
            .copied()
            .ok_or_else(|| self.err("unexpected end"))
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("expected null, true or false"))
        }
    }

    fn value(&mut self, col: &mut Column) -> Result<()> {
        match self.peek()? {
            b'n' => {
                self.literal(b"null")?;
                col.append_null();
            }
            b't' => {
                self.literal(b"true")?;
                put_bool(col, true);
            }
            b'f' => {
                self.literal(b"false")?;
                put_bool(col, false);
            }
            b'"' => self.string(col)?,
            b'[' => self.array(col)?,
            b'{' => self.object(col)?,
            _ => {
                let (text, number) = self.number()?;
                put_number(col, text, number);
            }
        }
        Ok(())
    }

    fn string(&mut self, col: &mut Column) -> Result<()> {
        match col {
            Column::Utf8 {
                offsets,
                data,
                valid,
            } => {
                self.unescape_into(data)?;
                offsets.push(offset(data.len()));
                valid.push(true);
            }
            Column::List { item, .. } => {
                self.string(item)?;
                col.close_list();
            }
            other => {
                self.skip_string()?;
                other.append_null();
            }
        }
        Ok(())
    }

    fn array(&mut self, col: &mut Column) -> Result<()> {
        if let Column::List { item, .. } = col {
            self.i += 1;
            if self.peek()? == b']' {
                self.i += 1;
            } else {
                loop {
                    self.value(item)?;
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(self.err("expected , or ]")),
                    }
                }
            }
            col.close_list();
            return Ok(());
        }
        self.other(col)
    }

    fn object(&mut self, col: &mut Column) -> Result<()> {
        match col {
            Column::Struct {
                fields,
                children,
                valid,
                key_hint,
            } => {
                let row = valid.len();
                self.i += 1;
                if self.peek()? == b'}' {
                    self.i += 1;
                } else {
                    for k in 0.. {
                        if self.peek()? != b'"' {
                            return Err(self.err("expected a key"));
                        }
                        let mut escaped = Vec::new();
                        let key = self.key(&mut escaped)?;
                        if self.peek()? != b':' {
                            return Err(self.err("expected :"));
                        }
                        self.i += 1;
                        let hinted = key_hint
                            .get(k)
                            .copied()
                            .filter(|&f| fields[f].name().as_bytes() == key);
                        let field = hinted.or_else(|| {
                            let found = fields.iter().position(|f| f.name().as_bytes() == key);
                            if let Some(f) = found {
                                if k < key_hint.len() {
                                    key_hint[k] = f;
                                } else if k == key_hint.len() {
                                    key_hint.push(f);
                                }
                            }
                            found
                        });
                        // A repeated key keeps its first value.
                        match field.filter(|&f| children[f].len() == row) {
                            Some(f) => self.value(&mut children[f])?,
                            None => self.skip()?,
                        }
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected , or }")),
                        }
                    }
                }
                for child in children.iter_mut().filter(|c| c.len() == row) {
                    child.append_null();
                }
                valid.push(true);
                Ok(())
            }
            Column::List { item, .. } => {
                self.object(item)?;
                col.close_list();
                Ok(())
            }
            other => self.other(other),
        }
    }

    /// An array or object where no list or struct is expected: its JSON text into a
    /// `Utf8` column, else skipped and a null.
    fn other(&mut self, col: &mut Column) -> Result<()> {
        let start = self.i;
        self.skip()?;
        match col {
            Column::Utf8 {
                offsets,
                data,
                valid,
            } => {
                data.extend_from_slice(&self.b[start..self.i]);
                offsets.push(offset(data.len()));
                valid.push(true);
            }
            other => other.append_null(),
        }
        Ok(())
    }

    /// An object key: borrowed from the input, or unescaped into `buf` when it has escapes.
    fn key<'k>(&mut self, buf: &'k mut Vec<u8>) -> Result<&'k [u8]>
    where
        'a: 'k,
    {
        let start = self.i + 1;
        let rest = &self.b[start..];
        if let Some(end) = memchr::memchr2(b'"', b'\\', rest)
            && rest[end] == b'"'
        {
            self.i = start + end + 1;
            return Ok(&self.b[start..start + end]);
        }
        self.unescape_into(buf)?;
        Ok(buf)
    }

    /// The string at `self.i` (a `"`), unescaped, appended to `out`.
    fn unescape_into(&mut self, out: &mut Vec<u8>) -> Result<()> {
        self.i += 1;
        loop {
            let rest = &self.b[self.i..];
            let Some(k) = memchr::memchr2(b'"', b'\\', rest) else {
                return Err(self.err("unterminated string"));
            };
            out.extend_from_slice(&rest[..k]);
            self.i += k;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Ok(());
            }
            self.escape(out)?;
        }
    }

    /// One escape sequence at `self.i` (a backslash).
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let Some(&c) = self.b.get(self.i + 1) else {
            return Err(self.err("unterminated string"));
        };
        self.i += 2;
        let byte = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let unit = self.hex4()?;
                let ch = if (0xD800..0xDC00).contains(&unit) && self.b[self.i..].starts_with(b"\\u")
                {
                    let at = self.i;
                    self.i += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    } else {
                        // Not a pair: the first is a lone surrogate, the second is read anew.
                        self.i = at;
                        None
                    }
                } else {
                    char::from_u32(unit)
                };
                let ch = ch.unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            _ => return Err(self.err("unknown escape")),
        };
        out.push(byte);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .b
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("short \\u escape"))?;
        let mut v = 0;
        for &d in digits {
            let x = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.err("bad \\u escape"))?;
            v = v * 16 + x;
        }
        self.i += 4;
        Ok(v)
    }

    fn skip_string(&mut self) -> Result<()> {
        self.i += 1;
        loop {
            let Some(k) = memchr::memchr2(b'"', b'\\', &self.b[self.i..]) else {
                return Err(self.err("unterminated string"));
            };
            self.i += k;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Ok(());
            }
            // A backslash and the character it escapes (a \u's digits are plain bytes).
            self.i += 2;
            if self.i > self.b.len() {
                return Err(self.err("unterminated string"));
            }
        }
    }

    /// Skips one value of any depth without recursion.
    fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.i += 1;
                }
                b',' | b':' if depth > 0 => self.i += 1,
                _ => {
                    let start = self.i;
                    while matches!(
                        self.b.get(self.i),
                        Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.')
                    ) {
                        self.i += 1;
                    }
                    if self.i == start {
                        return Err(self.err("unexpected character"));
                    }
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// A JSON number: its text and value.
    fn number(&mut self) -> Result<(&'a [u8], Number)> {
        let start = self.i;
        let digits = |s: &mut Self| {
            let from = s.i;
            while matches!(s.b.get(s.i), Some(b'0'..=b'9')) {
                s.i += 1;
            }
            s.i > from
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if !digits(self) {
            return Err(self.err("expected a value"));
        }
        let mut integer = true;
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            integer = false;
            if !digits(self) {
                return Err(self.err("expected digits after ."));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            integer = false;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("expected digits in the exponent"));
            }
        }
        let text = &self.b[start..self.i];
        if integer && let Some(v) = integer_value(text) {
            return Ok((text, Number::Int(v)));
        }
        // Only ASCII digits, signs, `.` and `e` were taken: always UTF-8.
        let s = std::str::from_utf8(text).map_err(|_| self.err("bad number"))?;
        let v = s.parse().map_err(|_| self.err("bad number"))?;
        Ok((text, Number::Float(v)))
    }
}

/// `-?[0-9]+` as an i64, or None when it does not fit.
fn integer_value(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut v: i64 = 0;
    for &d in digits {
        let d = i64::from(d - b'0');
        v = v.checked_mul(10)?;
        v = if negative {
            v.checked_sub(d)?
        } else {
            v.checked_add(d)?
        };
    }
    Some(v)
}

fn put_bool(col: &mut Column, v: bool) {
    match col {
        Column::Boolean { values, valid } => {
            values.push(v);
            valid.push(true);
        }
        Column::Utf8 { .. } => col.append_str(if v { "true" } else { "false" }),
        Column::List { item, .. } => {
            put_bool(item, v);
            col.close_list();
        }
        other => other.append_null(),
    }
}

fn put_number(col: &mut Column, text: &[u8], number: Number) {
    match (col, number) {
        (Column::Int64 { values, valid }, Number::Int(v)) => {
            values.push(v);
            valid.push(true);
        }
        (Column::Float64 { values, valid }, Number::Int(v)) => {
            values.push(v as f64);
            valid.push(true);
        }
        (Column::Float64 { values, valid }, Number::Float(v)) => {
            values.push(v);
            valid.push(true);
        }
        (
            Column::Utf8 {
                offsets,
                data,
                valid,
            },
            _,
        ) => {
            data.extend_from_slice(text);
            offsets.push(offset(data.len()));
            valid.push(true);
        }
        (col @ Column::List { .. }, number) => {
            if let Column::List { item, .. } = col {
                put_number(item, text, number);
            }
            col.close_list();
        }
        (other, _) => other.append_null(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_schema::{DataType, Field, Fields};
    use serde_json::{Value, json};
    use std::sync::Arc;

    fn ty() -> DataType {
        let item = DataType::Struct(Fields::from(vec![
            Field::new("start", DataType::Int64, true),
            Field::new("name", DataType::Utf8, true),
            Field::new("score", DataType::Float64, true),
            Field::new("flag", DataType::Boolean, true),
            Field::new(
                "speaker",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                true,
            ),
            Field::new(
                "span",
                DataType::Struct(Fields::from(vec![Field::new("end", DataType::Int64, true)])),
                true,
            ),
        ]));
        DataType::Struct(Fields::from(vec![
            Field::new("id", DataType::Utf8, true),
            Field::new(
                "items",
                DataType::List(Arc::new(Field::new("item", item, true))),
                true,
            ),
            Field::new("raw", DataType::Utf8, true),
        ]))
    }

    /// Both ways into a column give the same arrays.
    fn same(json: &str) {
        let mut scanned = Column::new(&ty()).unwrap();
        scanned.append_json(json.as_bytes()).unwrap();
        let mut parsed = Column::new(&ty()).unwrap();
        parsed.append(&serde_json::from_str::<Value>(json).unwrap());
        assert_eq!(
            scanned.finish().unwrap().to_data(),
            parsed.finish().unwrap().to_data(),
            "{json}"
        );
    }

    #[test]
    fn reads_what_values_read() {
        same(
            r#"{"id":"a","items":[{"start":1,"name":"x","score":0.5,"flag":true,"speaker":"S","span":{"end":3}},{"name":null,"speaker":["A","B"],"start":2,"score":7}],"raw":null}"#,
        );
        same(r#"{"items":[], "id": "caf\u00e9 \"q\" \\ \n \ud83d\ude00"}"#);
        same(
            r#" { "id" : "1" , "extra" : {"deep": [[[{"a": "}"}]]], "n": -1.5e3} , "items" : null } "#,
        );
        same(r#"{"id":12,"items":[{"start":"no","score":"no","flag":1,"speaker":null,"span":5}]}"#);
        same(r#"{"items":{"start":3},"id":"x"}"#);
        same(r#"{"items":[{"start":-9223372036854775808,"score":-0.0}]}"#);
        same(r#"{"id":null,"items":[{"start":18446744073709551615}]}"#);
        same(r#"{}"#);
        same(r#"null"#);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_value_and_huge_numbers_are_infinite() {
        let mut c = Column::new(&ty()).unwrap();
        c.append_json(br#"{"id":"x","id":"repeated","items":[{"score":1e400}]}"#)
            .unwrap();
        let mut expected = Column::new(&ty()).unwrap();
        expected.append(&json!({"id": "x", "items": [{"score": f64::INFINITY}]}));
        // json! writes an infinite float as null: put the value in by hand.
        if let Column::Struct { children, .. } = &mut expected
            && let Column::List { item, .. } = &mut children[1]
            && let Column::Struct { children, .. } = item.as_mut()
            && let Column::Float64 { values, valid } = &mut children[2]
        {
            values[0] = f64::INFINITY;
            valid[0] = true;
        }
        assert_eq!(
            c.finish().unwrap().to_data(),
            expected.finish().unwrap().to_data()
        );
    }

    #[test]
    fn a_lone_surrogate_becomes_a_replacement_character() {
        let mut c = Column::new(&DataType::Utf8).unwrap();
        c.append_json(br#""a\ud800b\udc00\ud800\ud800c""#).unwrap();
        let array = c.finish().unwrap();
        let s = arrow_array::cast::AsArray::as_string::<i32>(&array)
            .value(0)
            .to_string();
        assert_eq!(s, "a\u{fffd}b\u{fffd}\u{fffd}\u{fffd}c");
    }

    #[test]
    fn malformed_json_is_an_error_and_leaves_the_column_as_it_was() {
        let mut c = Column::new(&ty()).unwrap();
        c.append_json(br#"{"id":"ok"}"#).unwrap();
        for bad in [
            &br#"{"id":"x""#[..],
            br#"{"id":"x",}"#,
            br#"{"items":[1,]}"#,
            br#"{"id":"x"} trailing"#,
            br#"{"id":"\q"}"#,
            br#"{"raw":[[[[[[[[["#,
            br#"{"id":"\u12"}"#,
            br#"{"items":[{"start":-}]}"#,
            b"",
        ] {
            assert!(
                c.append_json(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
            assert_eq!(c.len(), 1);
        }
        c.append(&json!({"id": "after"}));
        let array = c.finish_struct().unwrap();
        assert_eq!(arrow_array::Array::len(&array), 2);
    }

    #[test]
    fn deep_nesting_that_no_column_wants_is_skipped_without_recursion() {
        let deep = format!(
            "{{\"extra\":{}{},\"id\":\"d\"}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        let mut c = Column::new(&ty()).unwrap();
        c.append_json(deep.as_bytes()).unwrap();
        assert_eq!(c.len(), 1);
    }
}
