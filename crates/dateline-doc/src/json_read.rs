//! Reading a document back from its JSON: the inverse of [`crate::json`].
//!
//! A corpus store keeps each analysed document as the JSON that [`crate::json::to_writer`]
//! writes (the shape of `shared/eval/FORMAT.md`, with character offsets); the CSV and GDELT
//! tables (`dateline-export`) and any API that serves documents need the [`Doc`] again, and
//! re-running the pipeline for that would be slow and could give different answers after an
//! upgrade. [`from_json`] rebuilds the `Doc` from the JSON alone.
//!
//! # What comes back
//!
//! Everything the JSON carries, so that writing the rebuilt `Doc` with the layers it has
//! (`to_writer(&doc, &Layer::ALL, false)`) gives the same bytes as the JSON it was read
//! from: the metadata (`id`, `text`, `published` at its grain, `url`, `title`, `byline`,
//! `language`, `source`, the extra fields under `meta`), the per-layer provenance and the
//! [`Doc::has_layer`] marks (a layer is marked when it has a `provenance` entry, which the
//! writer gives every layer it writes; `tone` and `substance` built without a value have
//! only that entry), and every field of every annotation of the twelve layers. Character
//! offsets are turned back into byte offsets with one table per document, built in one pass
//! over the text (none for ASCII text).
//!
//! # What is not restored
//!
//! The JSON does not carry these; they get the values below.
//!
//! * The **normalized text** ([`Doc::normalized_text`]) is rebuilt from the tokens' `norm`
//!   strings: inside each token whose `norm` is written, the part between the longest common
//!   prefix and suffix of the original and the normalized token is one [`Edit`]; everything
//!   outside tokens is kept as in the original. So [`Doc::token_norm`] gives every token's
//!   normalized form back, but what the normalizer changed *between* tokens (a no-break space
//!   → a space, a zero-width character removed) is not redone, and where it changed
//!   something, the [`Token::norm`] offsets after that point differ from the original ones
//!   (they index the rebuilt text). Without a tokens layer there is no normalized view
//!   ([`Doc::normalized`] is `None`).
//! * **[`Token::flags`]** are recomputed from the text between tokens, with the meaning the
//!   flags document: white space (or a control character) → `SPACE_BEFORE`, one line break
//!   (`\n`, U+0085, U+2028, U+2029) → `LINE_BEFORE`, two or more → `PARAGRAPH_BEFORE` too.
//!   This is what `dateline-text`'s tokenizer sets; it is recomputed, not read.
//! * **[`Sentence::tokens`]** is recomputed as the tokens that start inside the sentence's
//!   span when the tokens layer is in the JSON, and is `0..0` when it is not.
//! * The **provenance of sentences and paragraphs** is written as a `rule` only: the
//!   component is taken from the layer's provenance (`provenance.sentences.component`), and
//!   the confidence is `None`.
//! * **[`Quote::cue_lemma`] without a cue**: the lemma is written inside `cue`, so a lemma
//!   without a cue span is lost (`None`).
//! * **Rounded numbers** stay rounded: tone scores, tone word valences and the substance
//!   ratio are written with four decimals and come back as written (writing them again
//!   gives the same four decimals). Non-finite numbers are written as `null` and come back
//!   as NaN (an infinity becomes NaN).
//! * **Derived fields** are not read: an event's `root` and `base` (they are computed from
//!   its `code`), a substance layer's `statements_total`.
//! * The **order of [`Doc::layer_provenance`]** is [`Layer`] order (the JSON keeps a map
//!   sorted by layer name, not the order the components ran in).
//! * Metadata: `published` is written to the second, so sub-second times and seconds of a
//!   UTC offset (which the writer already drops) are not restored.
//!
//! # Input checks
//!
//! Input is never trusted: a value of the wrong type, a missing required field, an offset
//! past the text or a start after its end, tokens out of order or overlapping, an unknown
//! token kind, entity label, actor type, mention kind or gender, an actor id that is not
//! `A<index>` of an actor in the JSON, a place, quote or actor index past its list (so a
//! JSON written without the layer that its references point into cannot be read), a date
//! that does not parse, a layer key without its `provenance` entry: each is a
//! [`FromJsonError`] naming the field by its path (`events[3].source_actor`). Unknown keys
//! are ignored (a layer this version does not know, extra fields of an annotation). The
//! names that the annotation types keep as `&'static str` (rules, components, kinds) are an
//! open vocabulary chosen by code and are not checked against a list, but a name longer
//! than 256 bytes, or more than 16,384 distinct names in one process, is an error (see
//! `intern`).
//!
//! # Numbers
//!
//! The JSON text is parsed here rather than with `serde_json`, whose default (without its
//! `float_roundtrip` feature) may read a 17-digit float one unit in the last place off,
//! which would change a latitude when it is written again. Every number is read from its
//! text with the standard library's correctly rounded parser (`f32` fields as `f32`).
//! [`from_value`] takes a `serde_json::Value` that is already parsed; its floats are only as
//! exact as the parser that made it.

use crate::doc::{Doc, DocError, Layer, MAX_DOC_BYTES};
use crate::layers::{
    Actor, Amount, Entity, Event, Evidence, Mention, Paragraph, Place, Quote, Sentence, Statement,
    Substance, TimeExpr, Token, TokenKind, Tone, ToneScores,
};
use crate::meta::{Metadata, Published};
use crate::norm::{Edit, NormalizedText};
use crate::span::{Provenance, Span};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// Why a JSON document could not be read back into a [`Doc`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FromJsonError {
    /// The input is not JSON (or nests deeper than 128 levels).
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A required field is absent.
    #[error("{path}: missing")]
    Missing { path: String },
    /// A field holds the wrong kind of JSON value.
    #[error("{path}: expected {expected}, found {found}")]
    Type {
        path: String,
        expected: &'static str,
        found: &'static str,
    },
    /// A field's value cannot be taken: an unknown name, a number out of range, an offset
    /// past the text, a start after its end, a reference past its list.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    /// The text is too long to be a document.
    #[error("text: {0}")]
    Doc(#[from] DocError),
}

impl FromJsonError {
    /// The path of the field at fault (`entities[2].label`), when the input was JSON.
    pub fn path(&self) -> Option<&str> {
        match self {
            FromJsonError::Missing { path }
            | FromJsonError::Type { path, .. }
            | FromJsonError::Invalid { path, .. } => Some(path),
            FromJsonError::Syntax { .. } => None,
            FromJsonError::Doc(_) => Some("text"),
        }
    }
}

type Result<T, E = FromJsonError> = std::result::Result<T, E>;

/// Reads a document from the JSON that [`crate::json::to_writer`] writes (compact or
/// pretty). See the [module docs](self) for what is restored and what is checked.
pub fn from_json(json: &str) -> Result<Doc> {
    let node = Parser::parse(json)?;
    read_doc(&node)
}

/// Reads a document from an already parsed JSON value (see [`from_json`]; floats are only
/// as exact as the parser that made `value`).
pub fn from_value(value: &Value) -> Result<Doc> {
    read_doc(&Node::from_value(value))
}

// ---------------------------------------------------------------------------------------
// A small JSON parser that keeps numbers as text.

/// A parsed JSON value. Numbers keep their text, so each field reads it at its own type
/// with a correctly rounded parser; strings borrow from the input unless they hold escapes.
#[derive(Debug)]
enum Node<'a> {
    Null,
    Bool(bool),
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Fields in input order; a repeated key is read as its last value, like `serde_json`.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::String(_) => "a string",
            Node::Array(_) => "an array",
            Node::Object(_) => "an object",
        }
    }

    fn from_value(value: &'a Value) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            // `Number`'s text is the shortest that reads back as the same number.
            Value::Number(n) => Node::Number(Cow::Owned(n.to_string())),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::from_value(v)))
                    .collect(),
            ),
        }
    }

    /// The node as a `serde_json::Value` (for `meta`), numbers read as `serde_json` would:
    /// integers as `u64`/`i64` where they fit, everything else as `f64`.
    fn to_value(&self, path: &Path<'_>) -> Result<Value> {
        Ok(match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(raw) => Value::Number(
                json_number(raw)
                    .ok_or_else(|| invalid(path, format!("number {raw} is out of range")))?,
            ),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| n.to_value(&path.index(i)))
                    .collect::<Result<_>>()?,
            ),
            Node::Object(fields) => {
                let mut map = Map::new();
                for (k, v) in fields {
                    map.insert(k.to_string(), v.to_value(&path.key(k))?);
                }
                Value::Object(map)
            }
        })
    }
}

/// A JSON number's text as `serde_json` reads it without its optional features.
fn json_number(raw: &str) -> Option<Number> {
    if !raw.contains(['.', 'e', 'E']) {
        if let Some(digits) = raw.strip_prefix('-') {
            match raw.parse::<i64>() {
                // serde_json reads "-0" as the float -0.0.
                Ok(0) => return Number::from_f64(-0.0),
                Ok(n) => return Some(n.into()),
                Err(_) => return Number::from_f64(-digits.parse::<f64>().ok()?),
            }
        }
        if let Ok(n) = raw.parse::<u64>() {
            return Some(n.into());
        }
    }
    Number::from_f64(raw.parse::<f64>().ok()?)
}

/// Nesting deeper than this is refused (as `serde_json` does), so that no input can
/// exhaust the stack.
const MAX_DEPTH: usize = 128;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn parse(text: &'a str) -> Result<Node<'a>> {
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        };
        p.skip_space();
        let node = p.value()?;
        p.skip_space();
        if p.at < p.bytes.len() {
            return Err(p.error("trailing characters after the JSON value"));
        }
        Ok(node)
    }

    fn error(&self, message: &str) -> FromJsonError {
        let mut at = self.at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        FromJsonError::Syntax {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Node<'a>> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Node::String(self.string()?)),
            Some(b't') => self.literal("true", Node::Bool(true)),
            Some(b'f') => self.literal("false", Node::Bool(false)),
            Some(b'n') => self.literal("null", Node::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, node: Node<'a>) -> Result<Node<'a>> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(node)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested more than 128 levels deep"));
        }
        self.at += 1;
        self.skip_space();
        Ok(())
    }

    fn object(&mut self) -> Result<Node<'a>> {
        self.enter()?;
        let mut fields = Vec::new();
        if !self.eat(b'}') {
            loop {
                self.skip_space();
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a key in double quotes"));
                }
                let key = self.string()?;
                self.skip_space();
                if !self.eat(b':') {
                    return Err(self.error("expected ':' after the key"));
                }
                self.skip_space();
                fields.push((key, self.value()?));
                self.skip_space();
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected ',' or '}'"));
                }
            }
        }
        self.depth -= 1;
        Ok(Node::Object(fields))
    }

    fn array(&mut self) -> Result<Node<'a>> {
        self.enter()?;
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                self.skip_space();
                items.push(self.value()?);
                self.skip_space();
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.error("expected ',' or ']'"));
                }
            }
        }
        self.depth -= 1;
        Ok(Node::Array(items))
    }

    /// A string; `self.at` is on its opening quote. Borrowed unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.at += 1;
        let start = self.at;
        // Every byte the loops stop at is ASCII, so every slice below is on char boundaries.
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
                }
                Some(b'\\') => break,
                Some(b) if b < 0x20 => return Err(self.error("control character in a string")),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(b) if b < 0x20 => return Err(self.error("control character in a string")),
                Some(_) => {
                    let run = self.at;
                    while let Some(b) = self.peek() {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.at += 1;
                    }
                    out.push_str(&self.text[run..self.at]);
                }
            }
        }
    }

    /// The character of an escape; `self.at` is just after the backslash.
    fn escape(&mut self) -> Result<char> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let high = self.hex4()?;
                let code = match high {
                    0xd800..=0xdbff => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(self.error("unpaired surrogate in a \\u escape"));
                        }
                        let low = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&low) {
                            return Err(self.error("unpaired surrogate in a \\u escape"));
                        }
                        0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
                    }
                    0xdc00..=0xdfff => {
                        return Err(self.error("unpaired surrogate in a \\u escape"));
                    }
                    _ => high,
                };
                return char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"));
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits in a \\u escape"))?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// A number, checked against the JSON grammar and kept as text.
    fn number(&mut self) -> Result<Node<'a>> {
        let start = self.at;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid number")),
        }
        if self.eat(b'.') {
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("invalid number: no digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.error("invalid number: no digit in the exponent"));
            }
            self.digits();
        }
        Ok(Node::Number(Cow::Borrowed(&self.text[start..self.at])))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Paths for error messages, built on the stack and formatted only when there is an error.

#[derive(Clone, Copy)]
enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    seg: Option<Seg<'p>>,
}

impl<'p> Path<'p> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: None,
    };

    fn key<'q>(&'q self, key: &'q str) -> Path<'q> {
        Path {
            parent: Some(self),
            seg: Some(Seg::Key(key)),
        }
    }

    fn index(&self, i: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            seg: Some(Seg::Index(i)),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(seg) = self.seg else {
            return f.write_str("(document)");
        };
        let parent = self.parent.filter(|p| p.seg.is_some());
        if let Some(parent) = parent {
            parent.fmt(f)?;
        }
        match seg {
            Seg::Key(k) if parent.is_none() => f.write_str(k),
            Seg::Key(k) => write!(f, ".{k}"),
            Seg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

fn invalid(path: &Path<'_>, message: impl Into<String>) -> FromJsonError {
    FromJsonError::Invalid {
        path: path.to_string(),
        message: message.into(),
    }
}

fn wrong_type(path: &Path<'_>, expected: &'static str, found: &Node<'_>) -> FromJsonError {
    FromJsonError::Type {
        path: path.to_string(),
        expected,
        found: found.kind(),
    }
}

// ---------------------------------------------------------------------------------------
// Typed access to a JSON object's fields.

type Fields<'a> = [(Cow<'a, str>, Node<'a>)];

/// An object node and its path.
#[derive(Clone, Copy)]
struct Obj<'n, 'a, 'p> {
    fields: &'n Fields<'a>,
    path: &'p Path<'p>,
}

impl<'n, 'a, 'p> Obj<'n, 'a, 'p> {
    fn new(node: &'n Node<'a>, path: &'p Path<'p>) -> Result<Self> {
        match node {
            Node::Object(fields) => Ok(Obj { fields, path }),
            other => Err(wrong_type(path, "an object", other)),
        }
    }

    fn child(&self, key: &'static str) -> Path<'p> {
        Path {
            parent: Some(self.path),
            seg: Some(Seg::Key(key)),
        }
    }

    fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The field, `None` when absent or null.
    fn present(&self, key: &str) -> Option<&'n Node<'a>> {
        self.get(key).filter(|v| !matches!(v, Node::Null))
    }

    fn req(&self, key: &'static str) -> Result<&'n Node<'a>> {
        self.get(key).ok_or_else(|| FromJsonError::Missing {
            path: self.child(key).to_string(),
        })
    }

    fn str(&self, key: &'static str) -> Result<&'n str> {
        match self.req(key)? {
            Node::String(s) => Ok(s),
            other => Err(wrong_type(&self.child(key), "a string", other)),
        }
    }

    fn opt_str(&self, key: &'static str) -> Result<Option<&'n str>> {
        match self.present(key) {
            None => Ok(None),
            Some(Node::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_type(&self.child(key), "a string", other)),
        }
    }

    fn opt_string(&self, key: &'static str) -> Result<Option<String>> {
        Ok(self.opt_str(key)?.map(str::to_string))
    }

    /// A name kept as `&'static str` (see [`intern`]).
    fn name(&self, key: &'static str) -> Result<&'static str> {
        let s = self.str(key)?;
        intern(s).map_err(|m| invalid(&self.child(key), m))
    }

    fn opt_name(&self, key: &'static str) -> Result<Option<&'static str>> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(s) => intern(s)
                .map(Some)
                .map_err(|m| invalid(&self.child(key), m)),
        }
    }

    /// A value of one of the layer enums, by its serde name.
    fn named<T: DeserializeOwned>(&self, key: &'static str, what: &str) -> Result<T> {
        let s = self.str(key)?;
        enum_by_name(s).ok_or_else(|| invalid(&self.child(key), format!("unknown {what} {s:?}")))
    }

    fn bool(&self, key: &'static str) -> Result<bool> {
        match self.req(key)? {
            Node::Bool(b) => Ok(*b),
            other => Err(wrong_type(&self.child(key), "a boolean", other)),
        }
    }

    /// A flag written only when set.
    fn flag(&self, key: &'static str) -> Result<bool> {
        match self.present(key) {
            None => Ok(false),
            Some(Node::Bool(b)) => Ok(*b),
            Some(other) => Err(wrong_type(&self.child(key), "a boolean", other)),
        }
    }

    fn u64(&self, key: &'static str) -> Result<u64> {
        uint(self.req(key)?, &self.child(key))
    }

    fn u32(&self, key: &'static str) -> Result<u32> {
        narrow(self.u64(key)?, &self.child(key))
    }

    fn opt_u32(&self, key: &'static str) -> Result<Option<u32>> {
        match self.present(key) {
            None => Ok(None),
            Some(n) => narrow(uint(n, &self.child(key))?, &self.child(key)).map(Some),
        }
    }

    /// A float; `null` (how the writer writes NaN and infinities) reads as NaN.
    fn f64(&self, key: &'static str) -> Result<f64> {
        match self.req(key)? {
            Node::Null => Ok(f64::NAN),
            Node::Number(raw) => raw
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| invalid(&self.child(key), format!("number {raw} is out of range"))),
            other => Err(wrong_type(&self.child(key), "a number", other)),
        }
    }

    fn f32(&self, key: &'static str) -> Result<f32> {
        f32_of(self.req(key)?, &self.child(key))
    }

    fn arr(&self, key: &'static str) -> Result<&'n [Node<'a>]> {
        match self.req(key)? {
            Node::Array(items) => Ok(items),
            other => Err(wrong_type(&self.child(key), "an array", other)),
        }
    }

    /// `component`, `rule` and `confidence` of an annotation.
    fn provenance(&self) -> Result<Provenance> {
        Ok(Provenance {
            component: self.name("component")?,
            rule: self.name("rule")?,
            confidence: match self.get("confidence") {
                None => None,
                Some(n) => Some(f32_of(n, &self.child("confidence"))?),
            },
        })
    }
}

/// A non-negative integer.
fn uint(node: &Node<'_>, path: &Path<'_>) -> Result<u64> {
    match node {
        Node::Number(raw) => raw
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| raw.parse::<u64>().ok())
            .flatten()
            .ok_or_else(|| {
                invalid(
                    path,
                    format!("expected a non-negative integer, found {raw}"),
                )
            }),
        other => Err(wrong_type(path, "a non-negative integer", other)),
    }
}

fn narrow<T: TryFrom<u64>>(n: u64, path: &Path<'_>) -> Result<T> {
    T::try_from(n).map_err(|_| invalid(path, format!("{n} is out of range")))
}

/// An `f32`, read from the number's text at `f32` precision; `null` reads as NaN.
fn f32_of(node: &Node<'_>, path: &Path<'_>) -> Result<f32> {
    match node {
        Node::Null => Ok(f32::NAN),
        Node::Number(raw) => raw
            .parse::<f32>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| invalid(path, format!("number {raw} is out of range"))),
        other => Err(wrong_type(path, "a number", other)),
    }
}

fn enum_by_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    T::deserialize(de).ok()
}

fn items<'n, 'a>(node: &'n Node<'a>, path: &Path<'_>) -> Result<&'n [Node<'a>]> {
    match node {
        Node::Array(items) => Ok(items),
        other => Err(wrong_type(path, "an array", other)),
    }
}

/// `null`, a name, or a list of names (how quotes and statements write their speakers).
fn names(node: &Node<'_>, path: &Path<'_>) -> Result<Vec<String>> {
    match node {
        Node::Null => Ok(Vec::new()),
        Node::String(s) => Ok(vec![s.to_string()]),
        Node::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| match n {
                Node::String(s) => Ok(s.to_string()),
                other => Err(wrong_type(&path.index(i), "a string", other)),
            })
            .collect(),
        other => Err(wrong_type(
            path,
            "null, a string or an array of strings",
            other,
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Names kept as `&'static str`.

/// The longest name [`intern`] takes: the longest written by code is about 50 bytes.
const MAX_NAME_LEN: usize = 256;
/// How many distinct names [`intern`] keeps: the code's vocabulary is a few hundred.
const MAX_NAMES: usize = 16_384;

/// Returns a `&'static str` equal to `name`, leaking each distinct name once per process.
///
/// The annotation types keep their rules, components and categories as `&'static str`
/// because code chooses them: they cost nothing to copy or compare and need no allocation
/// per annotation. A `Doc` read from JSON must hand such names back without knowing every
/// crate's vocabulary, so each distinct name is leaked once and shared by every later
/// document: the memory is bounded by the vocabulary (small and fixed by code), not by the
/// number of documents read. Input that invents names without end (a corrupt or hostile
/// store) is stopped by the caps on length and count, which turn it into an error.
pub(crate) fn intern(name: &str) -> Result<&'static str, String> {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    if name.is_empty() {
        return Ok("");
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!(
            "a name of {} bytes (names chosen by code are at most {MAX_NAME_LEN})",
            name.len()
        ));
    }
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = names.get(name) {
        return Ok(known);
    }
    if names.len() >= MAX_NAMES {
        return Err(format!(
            "more than {MAX_NAMES} distinct names read in this process ({name:?} is new)"
        ));
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    Ok(leaked)
}

// ---------------------------------------------------------------------------------------
// Character offsets to byte offsets.

/// The byte offset of every character of a text (and of its end), built in one pass.
struct CharTable {
    /// Empty for ASCII text, where characters and bytes coincide.
    bytes: Vec<u32>,
    chars: usize,
}

impl CharTable {
    /// `text` is at most [`MAX_DOC_BYTES`] long, so every offset fits a `u32`.
    fn new(text: &str) -> CharTable {
        if text.is_ascii() {
            return CharTable {
                bytes: Vec::new(),
                chars: text.len(),
            };
        }
        let bytes: Vec<u32> = text
            .char_indices()
            .map(|(b, _)| b as u32)
            .chain(std::iter::once(text.len() as u32))
            .collect();
        CharTable {
            chars: bytes.len() - 1,
            bytes,
        }
    }

    fn byte(&self, char_offset: u64, path: &Path<'_>) -> Result<u32> {
        if char_offset > self.chars as u64 {
            return Err(invalid(
                path,
                format!(
                    "offset {char_offset} is past the end of the text ({} characters)",
                    self.chars
                ),
            ));
        }
        Ok(if self.bytes.is_empty() {
            char_offset as u32
        } else {
            self.bytes[char_offset as usize]
        })
    }
}

// ---------------------------------------------------------------------------------------
// The document.

/// What every layer reader needs: the text's offset table and the layer provenance.
struct Ctx {
    table: CharTable,
    layer_provenance: [Option<Provenance>; Layer::ALL.len()],
}

impl Ctx {
    /// `start` and `end` of an object, as a byte span.
    fn span(&self, o: &Obj<'_, '_, '_>) -> Result<Span> {
        let (start, end) = (o.u64("start")?, o.u64("end")?);
        let start_byte = self.table.byte(start, &o.child("start"))?;
        let end_byte = self.table.byte(end, &o.child("end"))?;
        if start > end {
            return Err(invalid(o.path, format!("start {start} is after end {end}")));
        }
        Ok(Span {
            start: start_byte,
            end: end_byte,
        })
    }

    /// A `{"start", "end"}` object under `key`.
    fn span_at(&self, o: &Obj<'_, '_, '_>, key: &'static str) -> Result<Span> {
        let path = o.child(key);
        self.span(&Obj::new(o.req(key)?, &path)?)
    }

    fn opt_span_at(&self, o: &Obj<'_, '_, '_>, key: &'static str) -> Result<Option<Span>> {
        let path = o.child(key);
        match o.present(key) {
            None => Ok(None),
            Some(n) => self.span(&Obj::new(n, &path)?).map(Some),
        }
    }

    /// Reads every item of the array under `key` with `read`.
    fn list<T>(
        &self,
        o: &Obj<'_, '_, '_>,
        key: &'static str,
        mut read: impl FnMut(&Obj<'_, '_, '_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let path = o.child(key);
        let nodes = o.arr(key)?;
        let mut out = Vec::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            let p = path.index(i);
            out.push(read(&Obj::new(n, &p)?)?);
        }
        Ok(out)
    }
}

/// Parses an actor id (`"A3"`) and checks that the actor exists.
fn actor_ref(node: &Node<'_>, path: &Path<'_>, actors: usize) -> Result<u32> {
    let Node::String(id) = node else {
        return Err(wrong_type(path, "an actor id such as \"A0\"", node));
    };
    let index = id
        .strip_prefix('A')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .filter(|d| *d == "0" || !d.starts_with('0'))
        .and_then(|d| d.parse::<u32>().ok())
        .ok_or_else(|| invalid(path, format!("{id:?} is not an actor id such as \"A0\"")))?;
    if index as usize >= actors {
        return Err(invalid(
            path,
            format!("{id:?} names no actor (the JSON has {actors})"),
        ));
    }
    Ok(index)
}

fn opt_actor_ref(o: &Obj<'_, '_, '_>, key: &'static str, actors: usize) -> Result<Option<u32>> {
    match o.present(key) {
        None => Ok(None),
        Some(n) => actor_ref(n, &o.child(key), actors).map(Some),
    }
}

/// Checks an index into a list of `len` items (`what` names the list).
fn index_in(o: &Obj<'_, '_, '_>, key: &'static str, len: usize, what: &str) -> Result<Option<u32>> {
    let Some(i) = o.opt_u32(key)? else {
        return Ok(None);
    };
    if i as usize >= len {
        return Err(invalid(
            &o.child(key),
            format!("{i} is past the {what} (the JSON has {len})"),
        ));
    }
    Ok(Some(i))
}

fn read_doc(node: &Node<'_>) -> Result<Doc> {
    let root = Path::ROOT;
    let o = Obj::new(node, &root)?;
    let text = o.str("text")?;
    if text.len() > MAX_DOC_BYTES {
        return Err(DocError::TooLarge {
            size: text.len(),
            limit: MAX_DOC_BYTES,
        }
        .into());
    }
    let meta = read_meta(&o)?;

    let mut layer_provenance: [Option<Provenance>; Layer::ALL.len()] = Default::default();
    if let Some(p) = o.present("provenance") {
        let path = o.child("provenance");
        let map = Obj::new(p, &path)?;
        for (name, value) in map.fields {
            // A layer of a later version is ignored like any unknown key.
            if let Some(layer) = Layer::from_name(name) {
                let lp = path.key(name);
                layer_provenance[layer as usize] = Some(Obj::new(value, &lp)?.provenance()?);
            }
        }
    }
    for layer in Layer::ALL {
        if o.get(layer.name()).is_some() && layer_provenance[layer as usize].is_none() {
            return Err(FromJsonError::Missing {
                path: format!("provenance.{}", layer.name()),
            });
        }
    }
    let ctx = Ctx {
        table: CharTable::new(text),
        layer_provenance,
    };
    let mut doc = Doc::new(meta, text.to_string())?;
    let has = |layer: Layer| o.get(layer.name()).is_some();

    if has(Layer::Tokens) {
        let (tokens, normalized) = read_tokens(&ctx, &o, text)?;
        doc.tokens = tokens;
        doc.set_normalized(normalized);
    }
    if has(Layer::Sentences) {
        let component = segment_component(&ctx, Layer::Sentences);
        doc.sentences = ctx.list(&o, "sentences", |s| {
            let span = ctx.span(s)?;
            Ok(Sentence {
                span,
                tokens: sentence_tokens(&doc.tokens, span),
                provenance: Provenance::rule(component, s.name("rule")?),
            })
        })?;
    }
    if has(Layer::Paragraphs) {
        let component = segment_component(&ctx, Layer::Paragraphs);
        doc.paragraphs = ctx.list(&o, "paragraphs", |p| {
            Ok(Paragraph {
                span: ctx.span(p)?,
                provenance: Provenance::rule(component, p.name("rule")?),
            })
        })?;
    }
    if has(Layer::Actors) {
        doc.actors = read_actors(&ctx, &o)?;
    }
    let actors = doc.actors.len();
    if has(Layer::Entities) {
        doc.entities = ctx.list(&o, "entities", |e| {
            Ok(Entity {
                span: ctx.span(e)?,
                label: e.named("label", "entity label")?,
                name: e.str("name")?.to_string(),
                actor: opt_actor_ref(e, "actor", actors)?,
                provenance: e.provenance()?,
            })
        })?;
    }
    if has(Layer::Quotes) {
        doc.quotes = ctx.list(&o, "quotes", |q| read_quote(&ctx, q, actors))?;
    }
    if has(Layer::Times) {
        doc.times = ctx.list(&o, "times", |t| read_time(&ctx, t))?;
    }
    if has(Layer::Places) {
        doc.places = ctx.list(&o, "places", |p| read_place(&ctx, p))?;
    }
    if has(Layer::Amounts) {
        doc.amounts = ctx.list(&o, "amounts", |a| {
            Ok(Amount {
                span: ctx.span(a)?,
                value: a.f64("value")?,
                unit: a.str("unit")?.to_string(),
                kind: a.name("kind")?,
                bound: a.opt_name("bound")?,
                vague: a.flag("vague")?,
                provenance: a.provenance()?,
            })
        })?;
    }
    if has(Layer::Events) {
        let (places, quotes) = (doc.places.len(), doc.quotes.len());
        doc.events = ctx.list(&o, "events", |e| {
            read_event(&ctx, e, actors, places, quotes)
        })?;
    }
    if let Some(n) = o.present("tone") {
        let path = o.child("tone");
        doc.tone = Some(read_tone(&ctx, &Obj::new(n, &path)?)?);
    }
    if let Some(n) = o.present("substance") {
        let path = o.child("substance");
        let quotes = doc.quotes.len();
        doc.substance = Some(read_substance(&ctx, &Obj::new(n, &path)?, quotes)?);
    }

    for layer in Layer::ALL {
        if let Some(p) = ctx.layer_provenance[layer as usize] {
            doc.mark_done(layer, p);
        }
    }
    Ok(doc)
}

fn read_meta(o: &Obj<'_, '_, '_>) -> Result<Metadata> {
    let published = match o.opt_str("published")? {
        None => None,
        Some(s) => {
            Some(Published::parse(s).map_err(|e| invalid(&o.child("published"), e.to_string()))?)
        }
    };
    let extra = match o.present("meta") {
        None => Map::new(),
        Some(n @ Node::Object(_)) => match n.to_value(&o.child("meta"))? {
            Value::Object(map) => map,
            _ => Map::new(),
        },
        Some(other) => return Err(wrong_type(&o.child("meta"), "an object", other)),
    };
    Ok(Metadata {
        id: o.str("id")?.to_string(),
        url: o.opt_string("url")?,
        title: o.opt_string("title")?,
        byline: o.opt_string("byline")?,
        published,
        language: o.opt_string("language")?,
        source: o.opt_string("source")?,
        extra,
    })
}

/// The component of sentence and paragraph annotations, which the JSON writes once, in the
/// layer's provenance.
fn segment_component(ctx: &Ctx, layer: Layer) -> &'static str {
    ctx.layer_provenance[layer as usize].map_or("", |p| p.component)
}

/// The tokens that start inside `span` (tokens are in text order, without overlaps).
fn sentence_tokens(tokens: &[Token], span: Span) -> Range<u32> {
    let from = tokens.partition_point(|t| t.span.start < span.start);
    let to = tokens
        .partition_point(|t| t.span.start < span.end)
        .max(from);
    from as u32..to as u32
}

/// Tokens, and the normalized view rebuilt from their `norm` strings (see the module docs).
fn read_tokens(
    ctx: &Ctx,
    o: &Obj<'_, '_, '_>,
    text: &str,
) -> Result<(Vec<Token>, Option<NormalizedText>)> {
    let mut tokens = Vec::new();
    let mut norm_text = String::new();
    let mut edits = Vec::new();
    // Original bytes before `copied` are in `norm_text`, and so are the tokens before.
    let mut copied = 0usize;
    let path = o.child("tokens");
    for (i, n) in o.arr("tokens")?.iter().enumerate() {
        let p = path.index(i);
        let t = Obj::new(n, &p)?;
        let span = ctx.span(&t)?;
        let kind: TokenKind = t.named("kind", "token kind")?;
        let (start, end) = (span.start as usize, span.end as usize);
        if start < copied {
            return Err(invalid(
                &p,
                "tokens overlap or are out of order (each must start at or after the end of the one before)",
            ));
        }
        let gap = &text[copied..start];
        norm_text.push_str(gap);
        let norm_start = norm_text.len();
        let original = &text[start..end];
        match t.opt_str("norm")? {
            Some(norm) if norm != original => {
                edits.push(token_edit(original, norm, start, norm_start));
                norm_text.push_str(norm);
            }
            _ => norm_text.push_str(original),
        }
        copied = end;
        let norm_end = u32::try_from(norm_text.len())
            .map_err(|_| invalid(&p, "the normalized text is too long"))?;
        tokens.push(Token {
            span,
            norm: Span {
                start: norm_start as u32,
                end: norm_end,
            },
            kind,
            flags: gap_flags(gap),
        });
    }
    if edits.is_empty() {
        return Ok((tokens, None));
    }
    norm_text.push_str(&text[copied..]);
    Ok((
        tokens,
        Some(NormalizedText {
            text: norm_text,
            edits,
        }),
    ))
}

/// The edit that turns a token's original text into its normalized text: what lies between
/// their longest common prefix and suffix (whole characters).
fn token_edit(original: &str, norm: &str, orig_at: usize, norm_at: usize) -> Edit {
    let prefix: usize = original
        .chars()
        .zip(norm.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = original[prefix..]
        .chars()
        .rev()
        .zip(norm[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    Edit {
        norm: (norm_at + prefix) as u32,
        orig: (orig_at + prefix) as u32,
        norm_len: (norm.len() - prefix - suffix) as u32,
        orig_len: (original.len() - prefix - suffix) as u32,
    }
}

/// A token's flags from the text between it and the token before, as the flags define them.
fn gap_flags(gap: &str) -> u8 {
    let mut space = false;
    let mut lines = 0;
    for c in gap.chars() {
        space |= c.is_whitespace() || c.is_control();
        if matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            lines += 1;
        }
    }
    let mut flags = 0;
    if space {
        flags |= Token::SPACE_BEFORE;
    }
    if lines >= 1 {
        flags |= Token::LINE_BEFORE;
    }
    if lines >= 2 {
        flags |= Token::PARAGRAPH_BEFORE;
    }
    flags
}

fn read_actors(ctx: &Ctx, o: &Obj<'_, '_, '_>) -> Result<Vec<Actor>> {
    let mut position = 0usize;
    ctx.list(o, "actors", |a| {
        let id = a.str("id")?;
        if id != crate::json::actor_id(position as u32) {
            return Err(invalid(
                &a.child("id"),
                format!("actor {position} has id {id:?} (ids are \"A\" and the position)"),
            ));
        }
        position += 1;
        let roles_path = a.child("roles");
        let roles = a
            .arr("roles")?
            .iter()
            .enumerate()
            .map(|(i, n)| match n {
                Node::String(s) => Ok(s.to_string()),
                other => Err(wrong_type(&roles_path.index(i), "a string", other)),
            })
            .collect::<Result<_>>()?;
        let gender = match a.present("gender") {
            None => None,
            Some(_) => Some(a.named("gender", "gender")?),
        };
        Ok(Actor {
            name: a.str("name")?.to_string(),
            kind: a.named("type", "actor type")?,
            roles,
            country: a.opt_string("country")?,
            code: a.opt_string("code")?,
            gender,
            mentions: ctx.list(a, "mentions", |m| {
                Ok(Mention {
                    span: ctx.span(m)?,
                    kind: m.named("kind", "mention kind")?,
                    provenance: m.provenance()?,
                })
            })?,
            evidence: ctx.list(a, "evidence", |e| {
                Ok(Evidence {
                    span: ctx.span(e)?,
                    what: e.name("what")?,
                    value: e.str("value")?.to_string(),
                    provenance: e.provenance()?,
                })
            })?,
        })
    })
}

fn read_quote(ctx: &Ctx, q: &Obj<'_, '_, '_>, actors: usize) -> Result<Quote> {
    let speaker_actors = match q.present("speaker_actors") {
        None => Vec::new(),
        Some(n) => {
            let path = q.child("speaker_actors");
            items(n, &path)?
                .iter()
                .enumerate()
                .map(|(i, a)| actor_ref(a, &path.index(i), actors))
                .collect::<Result<_>>()?
        }
    };
    let (cue, cue_lemma) = match q.present("cue") {
        None => (None, None),
        Some(n) => {
            let path = q.child("cue");
            let c = Obj::new(n, &path)?;
            (Some(ctx.span(&c)?), c.opt_string("lemma")?)
        }
    };
    Ok(Quote {
        span: ctx.span(q)?,
        kind: q.name("kind")?,
        utterance: q.u32("utterance")?,
        speakers: names(q.req("speaker")?, &q.child("speaker"))?,
        speaker_actors,
        speaker_span: ctx.opt_span_at(q, "speaker_mention")?,
        speaker_description: q.opt_string("speaker_description")?,
        speaker_rule: q.name("speaker_rule")?,
        cue,
        cue_lemma,
        unclosed: q.flag("unclosed")?,
        provenance: q.provenance()?,
    })
}

fn read_time(ctx: &Ctx, t: &Obj<'_, '_, '_>) -> Result<TimeExpr> {
    let anchor = match t.opt_str("anchor")? {
        None => None,
        Some(s) => Some(
            s.parse::<jiff::civil::Date>()
                .map_err(|e| invalid(&t.child("anchor"), format!("{s:?} is not a date: {e}")))?,
        ),
    };
    Ok(TimeExpr {
        span: ctx.span(t)?,
        value: t.opt_string("value")?,
        kind: t.name("type")?,
        grain: t.opt_name("grain")?,
        anchor,
        reason: t.opt_name("reason")?,
        provenance: t.provenance()?,
    })
}

fn read_place(ctx: &Ctx, p: &Obj<'_, '_, '_>) -> Result<Place> {
    Ok(Place {
        span: ctx.span(p)?,
        name: p.str("name")?.to_string(),
        lat: p.f64("lat")?,
        lon: p.f64("lon")?,
        country: p.opt_string("country")?,
        subdivision: p.opt_string("subdivision")?,
        feature: p.name("feature")?,
        geonameid: p.opt_u32("geonameid")?,
        mention: p.name("mention")?,
        estimated: p.flag("estimated")?,
        provenance: p.provenance()?,
    })
}

fn read_event(
    ctx: &Ctx,
    e: &Obj<'_, '_, '_>,
    actors: usize,
    places: usize,
    quotes: usize,
) -> Result<Event> {
    Ok(Event {
        span: ctx.span(e)?,
        source: e.str("source")?.to_string(),
        target: e.str("target")?.to_string(),
        code: e.str("code")?.to_string(),
        goldstein: e.f32("goldstein")?,
        quad_class: narrow(e.u64("quad_class")?, &e.child("quad_class"))?,
        plover: e.opt_name("plover")?,
        mode: e.opt_name("mode")?,
        context: e.opt_name("context")?,
        trigger: ctx.span_at(e, "trigger")?,
        source_mention: ctx.opt_span_at(e, "source_mention")?,
        target_mention: ctx.opt_span_at(e, "target_mention")?,
        source_actor: opt_actor_ref(e, "source_actor", actors)?,
        target_actor: opt_actor_ref(e, "target_actor", actors)?,
        negated: e.bool("negated")?,
        modality: e.opt_name("modality")?,
        date: e.opt_string("date")?,
        date_rule: e.name("date_rule")?,
        date_span: ctx.opt_span_at(e, "date_mention")?,
        place: index_in(e, "place", places, "places")?,
        place_rule: e.opt_name("place_rule")?,
        quote: index_in(e, "quote", quotes, "quotes")?,
        provenance: e.provenance()?,
    })
}

fn read_scores(o: &Obj<'_, '_, '_>) -> Result<ToneScores> {
    Ok(ToneScores {
        tone: o.f64("tone")?,
        positive: o.f64("positive")?,
        negative: o.f64("negative")?,
        polarity: o.f64("polarity")?,
        activity_density: o.f64("activity_density")?,
        self_group_density: o.f64("self_group_density")?,
        word_count: o.u32("word_count")?,
    })
}

fn read_tone(ctx: &Ctx, t: &Obj<'_, '_, '_>) -> Result<Tone> {
    Ok(Tone {
        document: read_scores(t)?,
        sentences: ctx.list(t, "sentences", |s| Ok((ctx.span(s)?, read_scores(s)?)))?,
        words: ctx.list(t, "words", |w| {
            Ok((ctx.span(w)?, w.f32("valence")?, w.name("rule")?))
        })?,
        provenance: t.provenance()?,
    })
}

fn read_substance(ctx: &Ctx, s: &Obj<'_, '_, '_>, quotes: usize) -> Result<Substance> {
    Ok(Substance {
        ratio: s.f64("ratio")?,
        concrete: s.u32("concrete")?,
        vague: s.u32("vague")?,
        hedged: s.u32("hedged")?,
        statements: ctx.list(s, "statements", |st| {
            let quotes_path = st.child("quotes");
            let quote_indexes = st
                .arr("quotes")?
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let p = quotes_path.index(i);
                    let q: u32 = narrow(uint(n, &p)?, &p)?;
                    if q as usize >= quotes {
                        return Err(invalid(
                            &p,
                            format!("{q} is past the quotes (the JSON has {quotes})"),
                        ));
                    }
                    Ok(q)
                })
                .collect::<Result<_>>()?;
            Ok(Statement {
                span: ctx.span(st)?,
                parts: ctx.list(st, "parts", |p| ctx.span(p))?,
                quotes: quote_indexes,
                speakers: names(st.req("speaker")?, &st.child("speaker"))?,
                class: st.name("class")?,
                reason: st.name("reason")?,
                evidence: ctx.list(st, "evidence", |e| Ok((ctx.span(e)?, e.name("what")?)))?,
                provenance: st.provenance()?,
            })
        })?,
        provenance: s.provenance()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_writer;
    use crate::layers::{ActorKind, EntityLabel, Gender, MentionKind};
    use jiff::civil::{date, time};
    use jiff::tz::Offset;
    use serde_json::json;

    fn write_layers(doc: &Doc, layers: &[Layer], pretty: bool) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, doc, layers, pretty).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn write(doc: &Doc) -> String {
        write_layers(doc, &Layer::ALL, false)
    }

    /// Reads `doc`'s JSON back, checks that writing the result gives the same bytes (from
    /// compact and from pretty JSON), and returns it.
    fn round_trip(doc: &Doc) -> Doc {
        let json = write(doc);
        let back = from_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
        assert_eq!(write(&back), json);
        let pretty = write_layers(doc, &Layer::ALL, true);
        let from_pretty = from_json(&pretty).unwrap_or_else(|e| panic!("{e}\n{pretty}"));
        assert_eq!(write(&from_pretty), json);
        back
    }

    /// The byte span of the `n`th occurrence (from 0) of `needle` in `text`.
    fn at(text: &str, needle: &str, n: usize) -> Span {
        let start = text
            .match_indices(needle)
            .nth(n)
            .unwrap_or_else(|| panic!("{needle:?} #{n} not in the text"))
            .0;
        Span::new(start, start + needle.len())
    }

    /// From the start of `from` to the end of `to`.
    fn between(text: &str, from: &str, to: &str) -> Span {
        at(text, from, 0).cover(at(text, to, 0))
    }

    /// A toy normalizer and tokenizer for the tests (the real ones live in `dateline-text`,
    /// which depends on this crate): curly quotes and apostrophes become straight, `…`
    /// becomes `...`, NBSP and control characters a space, U+0085/U+2028/U+2029 a line
    /// break, soft hyphens and zero-width spaces are dropped, one edit per character; words
    /// and numbers are runs of alphanumerics (with inner `.`/`,` between digits), `'s`
    /// after a word is a clitic, `...` one token, anything else one character. Flags as the
    /// real tokenizer sets them.
    fn segment(doc: &mut Doc) {
        let text = doc.text().to_string();
        let mut norm = String::new();
        let mut edits = Vec::new();
        for (i, c) in text.char_indices() {
            let to = match c {
                '’' | '‘' => "'",
                '“' | '”' => "\"",
                '…' => "...",
                '\u{a0}' => " ",
                '\u{ad}' | '\u{200b}' => "",
                '\u{85}' | '\u{2028}' | '\u{2029}' => "\n",
                c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => " ",
                _ => {
                    norm.push(c);
                    continue;
                }
            };
            edits.push(Edit {
                norm: norm.len() as u32,
                orig: i as u32,
                norm_len: to.len() as u32,
                orig_len: c.len_utf8() as u32,
            });
            norm.push_str(to);
        }
        let nt = NormalizedText {
            text: norm.clone(),
            edits,
        };
        let chars: Vec<(usize, char)> = norm.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(norm.len(), |&(b, _)| b);
        let mut tokens = Vec::new();
        let (mut k, mut flags, mut lines) = (0, 0u8, 0);
        while k < chars.len() {
            let c = chars[k].1;
            if c.is_whitespace() {
                flags |= Token::SPACE_BEFORE;
                lines += usize::from(c == '\n');
                k += 1;
                continue;
            }
            if lines >= 2 {
                flags |= Token::PARAGRAPH_BEFORE | Token::LINE_BEFORE;
            } else if lines == 1 {
                flags |= Token::LINE_BEFORE;
            }
            let start = k;
            let kind = if c.is_alphanumeric() {
                k += 1;
                while k < chars.len() {
                    let c = chars[k].1;
                    let inner = matches!(c, '.' | ',')
                        && chars[k - 1].1.is_ascii_digit()
                        && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit());
                    if !(c.is_alphanumeric() || inner) {
                        break;
                    }
                    k += 1;
                }
                if c.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                }
            } else if norm[chars[k].0..].starts_with("...") {
                k += 3;
                TokenKind::Ellipsis
            } else if c == '\'' && start > 0 && chars.get(k + 1).is_some_and(|n| n.1 == 's') {
                k += 2;
                TokenKind::Clitic
            } else {
                k += 1;
                match c {
                    '"' | '\'' => TokenKind::Quote,
                    '—' => TokenKind::Dash,
                    '.' | '?' | '!' => TokenKind::Terminal,
                    '$' | '€' | '%' | '🦀' => TokenKind::Symbol,
                    _ => TokenKind::Punct,
                }
            };
            let (s, e) = (chars[start].0, end_of(k));
            tokens.push(Token {
                span: Span::new(nt.start_to_original(s), nt.end_to_original(e)),
                norm: Span::new(s, e),
                kind,
                flags: if kind == TokenKind::Clitic { 0 } else { flags },
            });
            flags = 0;
            lines = 0;
        }
        doc.tokens = tokens;
        doc.set_normalized((!nt.edits.is_empty()).then_some(nt));
        doc.mark_done(
            Layer::Tokens,
            Provenance::rule("tokenizer", "news-rules-v1"),
        );
    }

    /// The tokens inside a span, as the sentence splitter records them.
    fn token_range(doc: &Doc, span: Span) -> Range<u32> {
        let from = doc
            .tokens
            .iter()
            .position(|t| t.span.start >= span.start)
            .unwrap();
        let to = doc
            .tokens
            .iter()
            .rposition(|t| t.span.end <= span.end)
            .unwrap();
        from as u32..to as u32 + 1
    }

    const TEXT: &str = "KYIV, Ukraine — “We will not give up,” said Olena Kova\u{ad}lenko, \
        Ukraine’s envoy, on Friday… She met Sergei Ivanov in Zürich 🦀.\n\n“The talks were \
        productive,” she said, “but no deal.” Russia pledged €7.2 million and 300 troops; \
        officials said prices rose 3.5%.";

    /// A document with every field of every layer filled, Options both set and not.
    fn full_doc() -> Doc {
        let t = TEXT;
        let mut meta = Metadata::with_id("doc-ü-1");
        meta.url = Some("https://example.com/kyiv?a=1&b=ü".into());
        meta.title = Some("Talks, \"treaty\" & <more> — ü".into());
        meta.byline = Some("By A. Writer".into());
        meta.published = Some(Published {
            date: date(2025, 8, 16),
            time: Some(time(3, 10, 0, 0)),
            offset: Some(Offset::from_seconds(5 * 3600 + 30 * 60).unwrap()),
        });
        meta.language = Some("en-GB".into());
        meta.source = Some("Example News".into());
        let extra = json!({
            "feed": {"name": "Wire ü", "items": [1, -2, 3.5, true, null, "s\u{1}\"\\"]},
            "big": u64::MAX,
            "neg": i64::MIN,
            "float": 0.1,
            "tiny": 5e-324,
            "neg_zero": -0.0,
            "empty": {},
        });
        meta.extra = extra.as_object().unwrap().clone();
        let mut doc = Doc::new(meta, t.to_string()).unwrap();
        segment(&mut doc);

        let seg = |rule| Provenance::rule("sentencizer", rule);
        let s1 = between(t, "KYIV", "Friday…");
        let s2 = between(t, "She met", "🦀.");
        let s3 = between(t, "“The talks", "deal.”");
        let s4 = between(t, "Russia pledged", "3.5%.");
        doc.sentences = [
            (s1, "terminal"),
            (s2, "terminal"),
            (s3, "blank-line"),
            (s4, "end-of-text"),
        ]
        .into_iter()
        .map(|(span, rule)| Sentence {
            span,
            tokens: token_range(&doc, span),
            provenance: seg(rule),
        })
        .collect();
        doc.paragraphs = vec![
            Paragraph {
                span: s1.cover(s2),
                provenance: seg("blank-line"),
            },
            Paragraph {
                span: s3.cover(s4),
                provenance: seg("end-of-text"),
            },
        ];
        let sentences = Provenance::rule("sentencizer", "news-rules-v1");
        doc.mark_done(Layer::Sentences, sentences);
        doc.mark_done(Layer::Paragraphs, sentences);

        let ent = Provenance::rule("entities", "kb");
        let olena = at(t, "Olena Kova\u{ad}lenko", 0);
        let ivanov = at(t, "Sergei Ivanov", 0);
        let she = at(t, "She", 0);
        let she2 = at(t, "she", 0);
        let russia = at(t, "Russia", 0);
        let ukraines = at(t, "Ukraine’s", 0);
        doc.actors = vec![
            Actor {
                name: "Olena Kovalenko".into(),
                kind: ActorKind::Person,
                roles: vec!["envoy".into(), "former minister".into()],
                country: Some("UKR".into()),
                code: Some("UKRGOV".into()),
                gender: Some(Gender::Female),
                mentions: vec![
                    Mention {
                        span: olena,
                        kind: MentionKind::Name,
                        provenance: Provenance::rule("entities", "name"),
                    },
                    Mention {
                        span: she,
                        kind: MentionKind::Pronoun,
                        provenance: Provenance::rule("entities", "pronoun").with_confidence(0.8),
                    },
                    Mention {
                        span: she2,
                        kind: MentionKind::Pronoun,
                        provenance: Provenance::rule("entities", "pronoun").with_confidence(0.7),
                    },
                ],
                evidence: vec![
                    Evidence {
                        span: at(t, "envoy", 0),
                        what: "role",
                        value: "envoy".into(),
                        provenance: Provenance::rule("entities", "apposition"),
                    },
                    Evidence {
                        span: ukraines,
                        what: "country",
                        value: "UKR".into(),
                        provenance: Provenance::rule("entities", "possessive")
                            .with_confidence(0.75),
                    },
                    Evidence {
                        span: she,
                        what: "gender",
                        value: "female".into(),
                        provenance: Provenance::rule("entities", "pronoun"),
                    },
                ],
            },
            Actor {
                name: "Sergei Ivanov".into(),
                kind: ActorKind::Person,
                roles: vec![],
                country: None,
                code: None,
                gender: None,
                mentions: vec![Mention {
                    span: ivanov,
                    kind: MentionKind::Name,
                    provenance: Provenance::rule("entities", "name"),
                }],
                evidence: vec![],
            },
            Actor {
                name: "Russia".into(),
                kind: ActorKind::Country,
                roles: vec![],
                country: Some("RUS".into()),
                code: Some("RUS".into()),
                gender: None,
                mentions: vec![Mention {
                    span: russia,
                    kind: MentionKind::Metonym,
                    provenance: Provenance::rule("entities", "country"),
                }],
                evidence: vec![],
            },
            Actor {
                name: "Ukraine".into(),
                kind: ActorKind::Group,
                roles: vec![],
                country: Some("UKR".into()),
                code: None,
                gender: Some(Gender::Male),
                mentions: vec![
                    Mention {
                        span: at(t, "Ukraine", 0),
                        kind: MentionKind::Name,
                        provenance: Provenance::rule("entities", "country"),
                    },
                    Mention {
                        span: ukraines,
                        kind: MentionKind::Demonym,
                        provenance: Provenance::rule("entities", "demonym"),
                    },
                ],
                evidence: vec![],
            },
        ];
        doc.entities = vec![
            Entity {
                span: at(t, "KYIV", 0),
                label: EntityLabel::Gpe,
                name: "Kyiv".into(),
                actor: None,
                provenance: ent,
            },
            Entity {
                span: at(t, "Ukraine", 0),
                label: EntityLabel::Gpe,
                name: "Ukraine".into(),
                actor: Some(3),
                provenance: ent.with_confidence(0.9),
            },
            Entity {
                span: olena,
                label: EntityLabel::Person,
                name: "Olena Kovalenko".into(),
                actor: Some(0),
                provenance: Provenance::rule("entities", "first-name").with_confidence(0.95),
            },
            Entity {
                span: ivanov,
                label: EntityLabel::Person,
                name: "Sergei Ivanov".into(),
                actor: Some(1),
                provenance: ent,
            },
            Entity {
                span: at(t, "Zürich", 0),
                label: EntityLabel::Loc,
                name: "Zürich".into(),
                actor: None,
                provenance: ent,
            },
            Entity {
                span: russia,
                label: EntityLabel::Gpe,
                name: "Russia".into(),
                actor: Some(2),
                provenance: ent,
            },
        ];
        for (i, label) in [
            EntityLabel::Org,
            EntityLabel::Fac,
            EntityLabel::Norp,
            EntityLabel::Event,
            EntityLabel::Misc,
        ]
        .into_iter()
        .enumerate()
        {
            doc.entities.push(Entity {
                span: at(t, ["talks", "troops"][i % 2], 0),
                label,
                name: format!("thing {i}"),
                actor: None,
                provenance: Provenance::rule("entities", "test"),
            });
        }
        let actors = Provenance::rule("entities", "news-rules-v1");
        doc.mark_done(Layer::Entities, actors);
        doc.mark_done(Layer::Actors, actors);

        let said = at(t, "said", 0);
        doc.quotes = vec![
            Quote {
                span: at(t, "We will not give up,", 0),
                kind: Quote::UTTERANCE,
                utterance: 0,
                speakers: vec!["Olena Kovalenko".into()],
                speaker_actors: vec![0],
                speaker_span: Some(olena),
                speaker_description: None,
                speaker_rule: Quote::BY_EXPLICIT,
                cue: Some(said),
                cue_lemma: Some("say".into()),
                unclosed: false,
                provenance: Provenance::rule("quotes", "said-name").with_confidence(0.9),
            },
            Quote {
                span: at(t, "The talks were productive,", 0),
                kind: Quote::UTTERANCE,
                utterance: 1,
                speakers: vec!["Olena Kovalenko".into()],
                speaker_actors: vec![0],
                speaker_span: Some(she2),
                speaker_description: None,
                speaker_rule: Quote::BY_PRONOUN,
                cue: Some(at(t, "said", 1)),
                cue_lemma: Some("say".into()),
                unclosed: false,
                provenance: Provenance::rule("quotes", "said-pronoun"),
            },
            Quote {
                span: at(t, "but no deal.", 0),
                kind: Quote::UTTERANCE,
                utterance: 1,
                speakers: vec!["Olena Kovalenko".into()],
                speaker_actors: vec![0],
                speaker_span: None,
                speaker_description: None,
                speaker_rule: Quote::BY_CONTINUITY,
                cue: None,
                cue_lemma: None,
                unclosed: false,
                provenance: Provenance::rule("quotes", "continued"),
            },
            Quote {
                span: at(t, "prices rose 3.5%", 0),
                kind: Quote::INDIRECT,
                utterance: 2,
                speakers: vec!["Olena Kovalenko".into(), "Sergei Ivanov".into()],
                speaker_actors: vec![0, 1],
                speaker_span: Some(at(t, "officials", 0)),
                speaker_description: Some("officials".into()),
                speaker_rule: Quote::BY_DESCRIPTION,
                cue: Some(at(t, "said", 2)),
                cue_lemma: None,
                unclosed: true,
                provenance: Provenance::rule("quotes", "reported"),
            },
            Quote {
                span: at(t, "deal", 0),
                kind: Quote::SCARE,
                utterance: 3,
                speakers: vec![],
                speaker_actors: vec![],
                speaker_span: None,
                speaker_description: None,
                speaker_rule: Quote::BY_NONE,
                cue: None,
                cue_lemma: None,
                unclosed: false,
                provenance: Provenance::rule("quotes", "scare").with_confidence(0.3),
            },
        ];
        doc.mark_done(Layer::Quotes, Provenance::rule("quotes", "news-rules-v1"));

        let friday = at(t, "Friday", 0);
        doc.times = vec![
            TimeExpr {
                span: friday,
                value: Some("2025-08-15".into()),
                kind: TimeExpr::DATE,
                grain: Some("day"),
                anchor: Some(date(2025, 8, 16)),
                reason: None,
                provenance: Provenance::rule("times", "weekday").with_confidence(0.8),
            },
            TimeExpr {
                span: at(t, "prices", 0),
                value: None,
                kind: TimeExpr::DURATION,
                grain: None,
                anchor: None,
                reason: Some("no publication date to anchor a relative expression"),
                provenance: Provenance::rule("times", "test"),
            },
        ];
        doc.mark_done(Layer::Times, Provenance::rule("times", "timex3"));

        doc.places = vec![
            Place {
                span: at(t, "KYIV", 0),
                name: "Kyiv".into(),
                lat: 50.4547,
                lon: 30.5238,
                country: Some("UA".into()),
                subdivision: Some("UA-30".into()),
                feature: "city",
                geonameid: Some(703_448),
                mention: "name",
                estimated: false,
                provenance: Provenance::rule("places", "dateline").with_confidence(0.6),
            },
            Place {
                span: at(t, "Zürich", 0),
                name: "Zürich".into(),
                // Seventeen significant digits: one unit in the last place off with
                // serde_json's default float parser.
                lat: 0.100_000_001_490_116_12,
                lon: 8.541_694_000_000_001,
                country: None,
                subdivision: None,
                feature: "unlisted",
                geonameid: None,
                mention: "name",
                estimated: true,
                provenance: Provenance::rule("places", "nearby"),
            },
            Place {
                span: ukraines,
                name: "Ukraine".into(),
                lat: 49.0,
                lon: -32.0,
                country: Some("UA".into()),
                subdivision: None,
                feature: "country",
                geonameid: Some(690_791),
                mention: "demonym",
                estimated: false,
                provenance: Provenance::rule("places", "demonym"),
            },
        ];
        doc.mark_done(Layer::Places, Provenance::rule("places", "gazetteer"));

        let amount = Provenance::rule("amounts", "number");
        doc.amounts = vec![
            Amount {
                span: at(t, "€7.2 million", 0),
                value: 7_200_000.0,
                unit: "EUR".into(),
                kind: Amount::MONEY,
                bound: None,
                vague: false,
                provenance: amount.with_confidence(0.99),
            },
            Amount {
                span: at(t, "300 troops", 0),
                value: 300.0,
                unit: "troops".into(),
                kind: Amount::COUNT,
                bound: Some(Amount::AT_LEAST),
                vague: true,
                provenance: amount,
            },
            Amount {
                span: at(t, "3.5%", 0),
                value: 3.5,
                unit: "percent".into(),
                kind: Amount::PERCENT,
                bound: Some(Amount::ABOUT),
                vague: false,
                provenance: amount,
            },
            Amount {
                span: at(t, "300", 0),
                value: 0.300_000_000_000_000_04,
                unit: "x".into(),
                kind: Amount::COUNT,
                bound: Some(Amount::AT_MOST),
                vague: false,
                provenance: amount,
            },
        ];
        doc.mark_done(Layer::Amounts, Provenance::rule("amounts", "news-rules-v1"));

        doc.events = vec![
            Event {
                span: s2,
                source: "UKRGOV".into(),
                target: "RUS".into(),
                code: "036".into(),
                goldstein: 4.0,
                quad_class: 1,
                plover: Some("CONSULT"),
                mode: Some("visit"),
                context: Some("diplomatic"),
                trigger: at(t, "met", 0),
                source_mention: Some(she),
                target_mention: Some(ivanov),
                source_actor: Some(0),
                target_actor: Some(1),
                negated: false,
                modality: None,
                date: Some("2025-08-15".into()),
                date_rule: "sentence-time",
                date_span: Some(friday),
                place: Some(1),
                place_rule: Some("sentence-place"),
                quote: None,
                provenance: Provenance::rule("events", "meet").with_confidence(0.7),
            },
            Event {
                span: s1,
                source: "UKR".into(),
                target: "RUS".into(),
                code: "0233".into(),
                goldstein: -2.8,
                quad_class: 3,
                plover: None,
                mode: None,
                context: None,
                trigger: at(t, "give up", 0),
                source_mention: None,
                target_mention: None,
                source_actor: None,
                target_actor: None,
                negated: true,
                modality: Some("intent"),
                date: None,
                date_rule: "none",
                date_span: None,
                place: None,
                place_rule: None,
                quote: Some(0),
                provenance: Provenance::rule("events", "give-up"),
            },
            Event {
                span: s4,
                source: "RUS".into(),
                target: "UKR".into(),
                code: "07".into(),
                goldstein: 7.4,
                quad_class: 2,
                plover: Some("AID"),
                mode: None,
                context: Some("economic"),
                trigger: at(t, "pledged", 0),
                source_mention: Some(russia),
                target_mention: None,
                source_actor: Some(2),
                target_actor: None,
                negated: false,
                modality: Some("future"),
                date: Some("2025-08-16".into()),
                date_rule: "publication",
                date_span: None,
                place: Some(0),
                place_rule: Some("dateline"),
                quote: Some(3),
                provenance: Provenance::rule("events", "pledge"),
            },
        ];
        doc.mark_done(Layer::Events, Provenance::rule("events", "cameo"));

        let scores = |tone: f64, words: u32| ToneScores {
            tone,
            positive: 2.5,
            negative: 1.25,
            polarity: 3.75,
            activity_density: 12.3457,
            self_group_density: 0.0,
            word_count: words,
        };
        doc.tone = Some(Tone {
            document: scores(1.25, 48),
            sentences: vec![(s1, scores(-3.3333, 17)), (s3, scores(0.0, 9))],
            words: vec![
                (at(t, "give up", 0), -0.74, Tone::NEGATED),
                (at(t, "productive", 0), 1.9, Tone::LEXICON),
                (at(t, "deal", 0), 2.4567, Tone::BOOSTED),
                (at(t, "rose", 0), 0.5, Tone::DAMPENED),
                (at(t, "troops", 0), -1.25, Tone::NEGATED_BOOSTED),
                (at(t, "pledged", 0), 0.1, Tone::NEGATED_DAMPENED),
            ],
            provenance: Provenance::rule("tone", "vader").with_confidence(0.5),
        });
        doc.mark_done(Layer::Tone, Provenance::rule("tone", "v2tone"));

        let st = Provenance::rule("substance", "rules");
        doc.substance = Some(Substance {
            ratio: 0.3333,
            concrete: 1,
            vague: 1,
            hedged: 1,
            statements: vec![
                Statement {
                    span: doc.quotes[0].span,
                    parts: vec![doc.quotes[0].span],
                    quotes: vec![0],
                    speakers: vec!["Olena Kovalenko".into()],
                    class: Statement::CONCRETE,
                    reason: "actor + action + date",
                    evidence: vec![
                        (at(t, "We", 0), Statement::EV_ACTOR),
                        (at(t, "give up", 0), Statement::EV_ACTION),
                    ],
                    provenance: st.with_confidence(0.8),
                },
                Statement {
                    span: doc.quotes[1].span.cover(doc.quotes[2].span),
                    parts: vec![doc.quotes[1].span, doc.quotes[2].span],
                    quotes: vec![1, 2],
                    speakers: vec![],
                    class: Statement::VAGUE,
                    reason: "evaluation only",
                    evidence: vec![
                        (at(t, "productive", 0), Statement::EV_EVALUATION),
                        (at(t, "no deal", 0), Statement::EV_NEGATED),
                    ],
                    provenance: st,
                },
                Statement {
                    span: doc.quotes[3].span,
                    parts: vec![doc.quotes[3].span],
                    quotes: vec![3],
                    speakers: vec!["Olena Kovalenko".into(), "Sergei Ivanov".into()],
                    class: Statement::HEDGE,
                    reason: "hedged",
                    evidence: vec![],
                    provenance: st,
                },
            ],
            provenance: Provenance::rule("substance", "statements"),
        });
        doc.mark_done(
            Layer::Substance,
            Provenance::rule("substance", "rules-v1").with_confidence(0.25),
        );
        doc
    }

    fn sorted_provenance(doc: &Doc) -> Vec<(Layer, Provenance)> {
        let mut v = doc.layer_provenance().to_vec();
        v.sort_by_key(|(l, _)| *l);
        v
    }

    /// Every field the JSON carries is equal.
    fn assert_same(a: &Doc, b: &Doc) {
        assert_eq!(a.meta, b.meta);
        assert_eq!(a.text(), b.text());
        assert_eq!(a.tokens.len(), b.tokens.len());
        for (x, y) in a.tokens.iter().zip(&b.tokens) {
            assert_eq!(
                (x.span, x.kind, x.flags, a.token_norm(x)),
                (y.span, y.kind, y.flags, b.token_norm(y))
            );
        }
        assert_eq!(a.sentences, b.sentences);
        assert_eq!(a.paragraphs, b.paragraphs);
        assert_eq!(a.entities, b.entities);
        assert_eq!(a.actors, b.actors);
        assert_eq!(a.quotes, b.quotes);
        assert_eq!(a.times, b.times);
        assert_eq!(a.places, b.places);
        assert_eq!(a.amounts, b.amounts);
        assert_eq!(a.events, b.events);
        assert_eq!(a.tone, b.tone);
        assert_eq!(a.substance, b.substance);
        assert_eq!(
            a.layers().collect::<Vec<_>>(),
            b.layers().collect::<Vec<_>>()
        );
        assert_eq!(sorted_provenance(a), sorted_provenance(b));
    }

    #[test]
    fn every_field_of_every_layer_round_trips() {
        let doc = full_doc();
        assert_ne!(doc.text().len(), doc.text().chars().count());
        assert!(doc.normalized().is_some());
        let back = round_trip(&doc);
        assert_same(&doc, &back);
        // Normalization only touched characters inside tokens, so the normalized view, the
        // tokens' normalized spans and flags come back exactly.
        assert_eq!(doc.tokens, back.tokens);
        assert_eq!(doc.normalized(), back.normalized());
        assert_eq!(doc.layers().count(), 12);
        // The JSON really holds what the test means it to.
        let v: Value = serde_json::from_str(&write(&doc)).unwrap();
        assert_eq!(v["tokens"].as_array().unwrap().len(), doc.tokens.len());
        assert!(
            v["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["norm"] == "Kovalenko")
        );
        assert_eq!(
            v["quotes"][3]["speaker"],
            json!(["Olena Kovalenko", "Sergei Ivanov"])
        );
        assert_eq!(v["quotes"][3]["cue"]["lemma"], Value::Null);
        assert_eq!(v["events"][1]["negated"], true);
        assert_eq!(v["published"], "2025-08-16T03:10:00+05:30");
    }

    #[test]
    fn floats_come_back_to_the_bit() {
        let text = "x".repeat(12);
        let mut doc = Doc::new(Metadata::with_id("f"), text).unwrap();
        let values = [
            0.1,
            0.100_000_001_490_116_12,
            0.300_000_000_000_000_04,
            1e21,
            1e-7,
            5e-324,
            2.225_073_858_507_201_4e-308,
            f64::MAX,
            -0.0,
            123_456_789.123_456_79,
            48.856_601_715_087_89,
            9_007_199_254_740_993.0,
            -149.900_28,
        ];
        for (i, &v) in values.iter().enumerate() {
            doc.places.push(Place {
                span: Span::new(i % 12, i % 12 + 1),
                name: format!("p{i}"),
                lat: v,
                lon: -v,
                country: None,
                subdivision: None,
                feature: "city",
                geonameid: None,
                mention: "name",
                estimated: false,
                provenance: Provenance {
                    confidence: Some(v as f32).filter(|c| c.is_finite()),
                    ..Provenance::rule("places", "test")
                },
            });
        }
        doc.mark_done(Layer::Places, Provenance::rule("places", "test"));
        let back = round_trip(&doc);
        for (a, b) in doc.places.iter().zip(&back.places) {
            assert_eq!(a.lat.to_bits(), b.lat.to_bits(), "{}", a.lat);
            assert_eq!(a.lon.to_bits(), b.lon.to_bits(), "{}", a.lon);
            assert_eq!(a.provenance, b.provenance);
        }
    }

    #[test]
    fn non_finite_numbers_are_written_as_null_and_read_as_nan() {
        let mut doc = Doc::new(Metadata::with_id("n"), "Nowhere.".into()).unwrap();
        doc.places.push(Place {
            span: Span::new(0, 7),
            name: "Nowhere".into(),
            lat: f64::NAN,
            lon: f64::INFINITY,
            country: None,
            subdivision: None,
            feature: "unlisted",
            geonameid: None,
            mention: "name",
            estimated: false,
            provenance: Provenance::rule("places", "x").with_confidence(f32::NAN),
        });
        doc.mark_done(Layer::Places, Provenance::rule("places", "x"));
        let back = round_trip(&doc);
        assert!(back.places[0].lat.is_nan() && back.places[0].lon.is_nan());
        assert!(back.places[0].provenance.confidence.unwrap().is_nan());
    }

    #[test]
    fn normalization_between_tokens_is_not_restored() {
        // The no-break space lies between tokens: the normalizer made it a space, which the
        // JSON does not say, so the rebuilt normalized text keeps it.
        let mut doc = Doc::new(
            Metadata::with_id("nbsp"),
            "Mr\u{a0}Kova\u{ad}lenko’s “deal”…".into(),
        )
        .unwrap();
        segment(&mut doc);
        let back = round_trip(&doc);
        assert_same(&doc, &back);
        assert_eq!(back.normalized_text(), "Mr\u{a0}Kovalenko's \"deal\"...");
        assert_eq!(doc.normalized_text(), "Mr Kovalenko's \"deal\"...");
        assert_eq!(doc.tokens[1].norm, Span::new(3, 12));
        assert_eq!(back.tokens[1].norm, Span::new(4, 13));
        // Tokens' normalized forms are what matching uses, and they are the same.
        let norms: Vec<&str> = back.tokens.iter().map(|t| back.token_norm(t)).collect();
        assert_eq!(norms, ["Mr", "Kovalenko", "'s", "\"", "deal", "\"", "..."]);
    }

    #[test]
    fn flags_and_sentence_tokens_are_recomputed() {
        let text = "One two.\nThree\r\n\r\nFour\u{2028}five\u{85}six\u{3}seven \u{200b}eight";
        let mut doc = Doc::new(Metadata::with_id("f"), text.into()).unwrap();
        segment(&mut doc);
        let span = at(text, "Three", 0).cover(at(text, "eight", 0));
        doc.sentences = vec![Sentence {
            span,
            tokens: token_range(&doc, span),
            provenance: Provenance::rule("sentencizer", "end-of-text"),
        }];
        doc.mark_done(Layer::Sentences, Provenance::rule("sentencizer", "rules"));
        let back = round_trip(&doc);
        assert_same(&doc, &back);
        let flags: Vec<u8> = back.tokens.iter().map(|t| t.flags).collect();
        assert_eq!(flags, [0, 1, 0, 3, 7, 3, 3, 1, 1]);

        // Without tokens in the JSON, sentences hold no tokens.
        let json = write_layers(&doc, &[Layer::Sentences], false);
        let back = from_json(&json).unwrap();
        assert!(back.tokens.is_empty() && back.normalized().is_none());
        assert_eq!(back.sentences[0].tokens, 0..0);
        assert_eq!(back.sentences[0].span, span);
        assert_eq!(write(&back), json);
    }

    #[test]
    fn only_the_layers_written_come_back() {
        let doc = full_doc();
        let json = write_layers(&doc, &[Layer::Tokens, Layer::Sentences, Layer::Tone], false);
        let back = from_json(&json).unwrap();
        assert_eq!(
            back.layers().collect::<Vec<_>>(),
            [Layer::Tokens, Layer::Sentences, Layer::Tone]
        );
        assert!(back.entities.is_empty() && back.substance.is_none());
        assert_eq!(write(&back), json);

        // A layer marked done without a value (tone without a lexicon match) is only in
        // the provenance, and stays marked.
        let mut doc = Doc::new(Metadata::with_id("t"), "Calm.".into()).unwrap();
        doc.mark_done(Layer::Tone, Provenance::rule("tone", "vader"));
        let back = round_trip(&doc);
        assert!(back.has_layer(Layer::Tone) && back.tone.is_none());
    }

    #[test]
    fn metadata_round_trips_at_every_grain() {
        for published in [
            None,
            Some("2025-08-16"),
            Some("2025-08-16T03:10:00"),
            Some("2025-08-16T03:10:00Z"),
            Some("2025-08-16T23:59:59-05:00"),
            Some("0999-01-02T00:00:00+14:00"),
        ] {
            let mut meta = Metadata::with_id("");
            meta.published = published.map(|p| Published::parse(p).unwrap());
            let doc = Doc::new(meta, String::new()).unwrap();
            let back = round_trip(&doc);
            assert_eq!(back.meta, doc.meta);
            assert_eq!(
                back.meta.published.map(|p| p.to_string()).as_deref(),
                published
            );
        }
    }

    #[test]
    fn reads_a_parsed_value_too() {
        let mut doc = full_doc();
        // serde_json's default parser can be a unit off on seventeen-digit floats.
        doc.places[1].lat = 0.5;
        doc.places[1].lon = 8.25;
        doc.amounts[3].value = 0.25;
        let json = write(&doc);
        let value: Value = serde_json::from_str(&json).unwrap();
        let back = from_value(&value).unwrap();
        assert_eq!(write(&back), json);
        assert_same(&doc, &back);
    }

    #[test]
    fn names_are_interned_once() {
        let a = intern(&String::from("sentence-time")).unwrap();
        let b = intern(&String::from("sentence-time")).unwrap();
        assert!(std::ptr::eq(a, b));
        assert_eq!(intern("").unwrap(), "");
        assert!(intern(&"x".repeat(MAX_NAME_LEN + 1)).is_err());
    }

    #[test]
    fn paths_read_like_the_json() {
        let root = Path::ROOT;
        let events = root.key("events");
        let third = events.index(3);
        assert_eq!(
            third.key("source_actor").to_string(),
            "events[3].source_actor"
        );
        assert_eq!(root.to_string(), "(document)");
        assert_eq!(root.key("id").to_string(), "id");
    }

    /// Applies `change` to the JSON of the full document and reads it.
    fn read_changed(change: impl FnOnce(&mut Value)) -> Result<Doc> {
        let mut v: Value = serde_json::from_str(&write(&full_doc())).unwrap();
        change(&mut v);
        from_json(&v.to_string())
    }

    /// Sets (or adds) the value at a JSON pointer.
    fn set(pointer: &'static str, value: Value) -> impl FnOnce(&mut Value) {
        move |v: &mut Value| {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match v
                .pointer_mut(parent)
                .unwrap_or_else(|| panic!("no {parent}"))
            {
                Value::Object(map) => {
                    map.insert(key.to_string(), value);
                }
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
                _ => panic!("{parent} holds no fields"),
            }
        }
    }

    fn remove(pointer: &'static str) -> impl FnOnce(&mut Value) {
        move |v: &mut Value| {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let parent = if parent.is_empty() {
                &mut *v
            } else {
                v.pointer_mut(parent).unwrap()
            };
            assert!(
                parent.as_object_mut().unwrap().remove(key).is_some(),
                "{pointer}"
            );
        }
    }

    #[test]
    fn malformed_fields_are_errors_naming_them() {
        type Change = Box<dyn FnOnce(&mut Value)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(remove("/id")), "id"),
            (Box::new(set("/id", json!(7))), "id"),
            (Box::new(set("/text", json!(null))), "text"),
            (Box::new(set("/published", json!("yesterday"))), "published"),
            (Box::new(set("/url", json!(["x"]))), "url"),
            (Box::new(set("/meta", json!([1]))), "meta"),
            (Box::new(remove("/provenance/tokens")), "provenance.tokens"),
            (Box::new(set("/provenance", json!("all"))), "provenance"),
            (
                Box::new(set("/provenance/entities/rule", json!(3))),
                "provenance.entities.rule",
            ),
            (
                Box::new(set("/provenance/substance/confidence", json!("high"))),
                "provenance.substance.confidence",
            ),
            (Box::new(set("/tokens", json!({}))), "tokens"),
            (Box::new(set("/tokens/0", json!("KYIV"))), "tokens[0]"),
            (
                Box::new(set("/tokens/0/kind", json!("wordy"))),
                "tokens[0].kind",
            ),
            (Box::new(set("/tokens/1/start", json!(0))), "tokens[1]"),
            (
                Box::new(set("/tokens/0/end", json!(100_000))),
                "tokens[0].end",
            ),
            (
                Box::new(set("/tokens/0/start", json!(-1))),
                "tokens[0].start",
            ),
            (
                Box::new(set("/tokens/0/start", json!(1.5))),
                "tokens[0].start",
            ),
            (
                Box::new(set("/tokens/0/start", json!(1e30))),
                "tokens[0].start",
            ),
            (
                Box::new(set("/tokens/0/norm", json!(false))),
                "tokens[0].norm",
            ),
            (Box::new(set("/sentences/1/end", json!(0))), "sentences[1]"),
            (Box::new(remove("/sentences/0/rule")), "sentences[0].rule"),
            (
                Box::new(set("/paragraphs/0/start", json!("0"))),
                "paragraphs[0].start",
            ),
            (
                Box::new(set("/entities/0/label", json!("PERSONX"))),
                "entities[0].label",
            ),
            (
                Box::new(set("/entities/2/actor", json!("A99"))),
                "entities[2].actor",
            ),
            (
                Box::new(set("/entities/2/actor", json!("B1"))),
                "entities[2].actor",
            ),
            (
                Box::new(set("/entities/2/actor", json!("A01"))),
                "entities[2].actor",
            ),
            (
                Box::new(set("/entities/2/actor", json!(0))),
                "entities[2].actor",
            ),
            (
                Box::new(set("/entities/0/component", json!("x".repeat(300)))),
                "entities[0].component",
            ),
            (Box::new(remove("/entities/0/name")), "entities[0].name"),
            (Box::new(set("/actors/1/id", json!("A5"))), "actors[1].id"),
            (
                Box::new(set("/actors/0/type", json!("robot"))),
                "actors[0].type",
            ),
            (
                Box::new(set("/actors/0/gender", json!("other"))),
                "actors[0].gender",
            ),
            (
                Box::new(set("/actors/0/roles", json!("envoy"))),
                "actors[0].roles",
            ),
            (
                Box::new(set("/actors/0/roles/1", json!(1))),
                "actors[0].roles[1]",
            ),
            (
                Box::new(set("/actors/0/mentions/1/kind", json!("alias"))),
                "actors[0].mentions[1].kind",
            ),
            (
                Box::new(set("/actors/0/evidence/0/end", json!(10_000))),
                "actors[0].evidence[0].end",
            ),
            (
                Box::new(set("/quotes/0/speaker", json!(3))),
                "quotes[0].speaker",
            ),
            (
                Box::new(set("/quotes/3/speaker/1", json!(null))),
                "quotes[3].speaker[1]",
            ),
            (
                Box::new(set("/quotes/0/speaker_actors/0", json!("A99"))),
                "quotes[0].speaker_actors[0]",
            ),
            (
                Box::new(set("/quotes/0/utterance", json!(-1))),
                "quotes[0].utterance",
            ),
            (
                Box::new(set("/quotes/0/utterance", json!(5_000_000_000u64))),
                "quotes[0].utterance",
            ),
            (
                Box::new(remove("/quotes/0/cue/start")),
                "quotes[0].cue.start",
            ),
            (
                Box::new(set("/quotes/0/unclosed", json!(1))),
                "quotes[0].unclosed",
            ),
            (
                Box::new(set("/times/0/anchor", json!("2025-13-45"))),
                "times[0].anchor",
            ),
            (Box::new(remove("/times/0/type")), "times[0].type"),
            (
                Box::new(set("/places/0/lat", json!("north"))),
                "places[0].lat",
            ),
            (
                Box::new(set("/places/0/geonameid", json!(4_294_967_296u64))),
                "places[0].geonameid",
            ),
            (
                Box::new(set("/amounts/0/vague", json!("yes"))),
                "amounts[0].vague",
            ),
            (
                Box::new(set("/events/0/place", json!(99))),
                "events[0].place",
            ),
            (
                Box::new(set("/events/1/quote", json!(99))),
                "events[1].quote",
            ),
            (
                Box::new(set("/events/0/quad_class", json!(300))),
                "events[0].quad_class",
            ),
            (
                Box::new(set("/events/0/source_actor", json!("A4"))),
                "events[0].source_actor",
            ),
            (Box::new(remove("/events/0/trigger")), "events[0].trigger"),
            (
                Box::new(set("/events/0/trigger/end", json!(0))),
                "events[0].trigger",
            ),
            (
                Box::new(set("/events/0/negated", json!("no"))),
                "events[0].negated",
            ),
            (
                Box::new(set("/events/0/goldstein", json!([]))),
                "events[0].goldstein",
            ),
            (
                Box::new(set("/tone/words/0/valence", json!("high"))),
                "tone.words[0].valence",
            ),
            (
                Box::new(set("/tone/sentences/0/word_count", json!(1.5))),
                "tone.sentences[0].word_count",
            ),
            (Box::new(remove("/tone/rule")), "tone.rule"),
            (
                Box::new(set("/substance/statements/0/quotes/0", json!(99))),
                "substance.statements[0].quotes[0]",
            ),
            (
                Box::new(set("/substance/statements/0/speaker", json!({}))),
                "substance.statements[0].speaker",
            ),
            (
                Box::new(set("/substance/statements/1/parts/1/start", json!(9999))),
                "substance.statements[1].parts[1].start",
            ),
        ];
        for (change, path) in cases {
            let err = read_changed(change).expect_err(path);
            assert_eq!(err.path(), Some(path), "{err}");
            assert!(err.to_string().starts_with(path), "{err}");
        }
        // Without the layer its references point into, a reference is an error too.
        let json = write_layers(&full_doc(), &[Layer::Entities], false);
        let err = from_json(&json).unwrap_err();
        assert_eq!(err.path(), Some("entities[1].actor"), "{err}");
        // Numbers too large for the type they are read at.
        let json = write(&full_doc()).replacen("\"value\":7200000.0", "\"value\":1e400", 1);
        let err = from_json(&json).unwrap_err();
        assert_eq!(err.path(), Some("amounts[0].value"), "{err}");
        let err = from_json(r#"{"id":"x","text":"","meta":{"a":[1e999]}}"#).unwrap_err();
        assert_eq!(err.path(), Some("meta.a[0]"), "{err}");
        // Not an object.
        let err = from_json("[]").unwrap_err();
        assert_eq!(err.path(), Some("(document)"), "{err}");
        // Unknown keys and layers are ignored.
        let doc = read_changed(|v| {
            v["sentiment"] = json!([1, 2]);
            v["provenance"]["sentiment"] = json!({"component": "x", "rule": "y"});
            v["entities"][0]["extra"] = json!({"a": 1});
        })
        .unwrap();
        assert_eq!(write(&doc), write(&full_doc()));
    }

    #[test]
    fn syntax_errors_are_errors() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        for bad in [
            "",
            "   ",
            "{",
            "{\"id\":",
            "[1,2",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{,}",
            "[1,]",
            "{'a':1}",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00x\"",
            "\"a\u{1}b\"",
            "\"unterminated",
            "01",
            "1.",
            "-",
            "1e",
            "1e+",
            ".5",
            "+1",
            "{} x",
            "nul",
            "tru",
            "NaN",
            deep.as_str(),
        ] {
            match from_json(bad) {
                Err(FromJsonError::Syntax { .. }) => {}
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        let err = from_json("{\n  \"id\": \"a\",\n  \"text\": tru\n}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not valid JSON at line 3, column 11: expected a JSON value"
        );
        // Escapes are read, including surrogate pairs.
        let doc = from_json(r#"{"id":"\u00fc\ud83e\udd80\n\"\\\/\b\f\r\t","text":"x"}"#).unwrap();
        assert_eq!(doc.meta.id, "ü🦀\n\"\\/\u{8}\u{c}\r\t");
    }

    /// A small deterministic generator for the mutation test.
    fn lcg(state: &mut u64) -> usize {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*state >> 33) as usize
    }

    #[test]
    fn damaged_json_never_panics() {
        let json = write(&full_doc());
        // Every prefix is incomplete JSON.
        for (i, _) in json.char_indices() {
            assert!(from_json(&json[..i]).is_err(), "prefix of {i} bytes");
        }
        // Random replacements: whatever is read must write without panicking.
        let chars: Vec<char> = json.chars().collect();
        let pool = [
            '0', '9', '-', '"', '\\', '{', '}', '[', ']', ',', ':', 'A', '1', '.', 'e', 'n', ' ',
            'ü', 'x',
        ];
        let mut state = 7;
        let mut read = 0;
        for _ in 0..3000 {
            let mut c = chars.clone();
            for _ in 0..1 + lcg(&mut state) % 3 {
                let i = lcg(&mut state) % c.len();
                c[i] = pool[lcg(&mut state) % pool.len()];
            }
            let s: String = c.into_iter().collect();
            if let Ok(doc) = from_json(&s) {
                read += 1;
                let _ = write(&doc);
            }
        }
        assert!(read > 0, "some changes (inside strings) still read");
    }
}
