//! The rows of an input record batch as the records `dateline analyze` reads from JSONL.
//!
//! A row is read the way `dateline-read` reads a JSONL object, so that a DataFrame made
//! from a JSONL file gives the documents the CLI gives for that file: `text` wins over
//! `html` (an HTML string is extracted as already-decoded Unicode; raw page bytes in a
//! binary `html` column have their charset detected, as a WARC page does); `id` may be a
//! string or an integer (written in decimal); a `published` value that cannot be read as a
//! date is kept as `meta.published_raw` rather than failing the row; `url`, `title`,
//! `byline`, `language` and `source` fill the metadata. Other columns are ignored.
//!
//! Spark, Parquet and pyarrow's JSON reader give dates and timestamps typed: a
//! `date32`/`date64` `published` is the day (`2025-08-16`), a timestamp is the instant in
//! UTC to the second (`2025-08-16T03:10:00Z`); without a time zone, the wall-clock time with
//! no offset, and only the day when that is midnight (see [`instant`]).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use dateline_doc::{Metadata, Published};
use dateline_read::{Payload, ReadError, ReadErrorKind, Record};
use std::borrow::Cow;

/// A batch whose columns cannot be read as documents (a batch-level error, unlike a bad
/// row).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(
        "the batch has neither a \"text\" nor an \"html\" column (its columns: {0}); name the article column text"
    )]
    NoText(String),
    #[error("column \"{column}\" has type {ty}, which cannot be read as {wanted}")]
    Type {
        column: String,
        ty: DataType,
        wanted: &'static str,
    },
}

/// Reads one cell of a column as text.
type TextCell<'a> = Box<dyn Fn(usize) -> Option<Cow<'a, str>> + Send + Sync + 'a>;

/// An `html` cell: a string (already Unicode) or the page's bytes.
enum Html<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

type HtmlCell<'a> = Box<dyn Fn(usize) -> Option<Html<'a>> + Send + Sync + 'a>;

/// The known columns of one input batch, read row by row (from any thread).
pub struct Rows<'a> {
    len: usize,
    id: Option<TextCell<'a>>,
    text: Option<TextCell<'a>>,
    html: Option<HtmlCell<'a>>,
    published: Option<TextCell<'a>>,
    url: Option<TextCell<'a>>,
    title: Option<TextCell<'a>>,
    byline: Option<TextCell<'a>>,
    language: Option<TextCell<'a>>,
    source: Option<TextCell<'a>>,
}

impl<'a> Rows<'a> {
    pub fn new(batch: &'a RecordBatch) -> Result<Rows<'a>, InputError> {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .filter(|c| c.data_type() != &DataType::Null)
        };
        let strings = |name: &'static str| -> Result<Option<TextCell<'a>>, InputError> {
            column(name).map(|c| strings(name, c)).transpose()
        };
        let rows = Rows {
            len: batch.num_rows(),
            id: column("id").map(ids).transpose()?,
            text: strings("text")?,
            html: column("html").map(html).transpose()?,
            published: column("published").map(published).transpose()?,
            url: strings("url")?,
            title: strings("title")?,
            byline: strings("byline")?,
            language: strings("language")?,
            source: strings("source")?,
        };
        if rows.text.is_none() && rows.html.is_none() {
            let names: Vec<&str> = batch
                .schema_ref()
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect();
            return Err(InputError::NoText(names.join(", ")));
        }
        Ok(rows)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The row's id, or `row N` (from 0, within this batch) when it has none: the
    /// document's id in the output and its name in messages.
    pub fn name(&self, row: usize) -> String {
        self.id
            .as_ref()
            .and_then(|id| id(row))
            .map_or_else(|| format!("row {row}"), Cow::into_owned)
    }

    /// The row as the record a JSONL object with the same fields becomes.
    pub fn record(&self, row: usize) -> Result<Record, ReadError> {
        let get =
            |cell: &Option<TextCell<'a>>| cell.as_ref().and_then(|c| c(row)).map(Cow::into_owned);
        let id = get(&self.id);
        let id_given = id.is_some();
        let name = id.clone().unwrap_or_else(|| format!("row {row}"));
        let mut meta = Metadata::with_id(name.clone());
        meta.url = get(&self.url);
        meta.title = get(&self.title);
        meta.byline = get(&self.byline);
        meta.language = get(&self.language);
        meta.source = get(&self.source);
        if let Some(raw) = get(&self.published) {
            match Published::parse(&raw) {
                Ok(p) => meta.published = Some(p),
                Err(_) => {
                    meta.extra
                        .insert("published_raw".into(), serde_json::Value::String(raw));
                }
            }
        }
        let payload = match (get(&self.text), self.html.as_ref().and_then(|h| h(row))) {
            (Some(text), _) => Payload::Text(text),
            (None, Some(Html::Text(h))) => Payload::Html {
                bytes: h.as_bytes().to_vec(),
                // Already Unicode: a `<meta charset>` inside must not re-decode it.
                charset: Some("utf-8".into()),
            },
            (None, Some(Html::Bytes(b))) => Payload::Html {
                bytes: b.to_vec(),
                charset: None,
            },
            (None, None) => {
                return Err(ReadError::new(
                    name,
                    ReadErrorKind::BadLine(
                        "the row has neither a \"text\" nor an \"html\" value".into(),
                    ),
                ));
            }
        };
        Ok(Record {
            name,
            meta,
            payload,
            id_given,
        })
    }
}

fn type_error(name: &str, c: &ArrayRef, wanted: &'static str) -> InputError {
    InputError::Type {
        column: name.to_string(),
        ty: c.data_type().clone(),
        wanted,
    }
}

/// A string column (UTF-8 of any offset width, or a string view).
fn strings<'a>(name: &str, c: &'a ArrayRef) -> Result<TextCell<'a>, InputError> {
    Ok(match c.data_type() {
        DataType::Utf8 => {
            let a = c.as_string::<i32>();
            Box::new(move |i| a.is_valid(i).then(|| Cow::Borrowed(a.value(i))))
        }
        DataType::LargeUtf8 => {
            let a = c.as_string::<i64>();
            Box::new(move |i| a.is_valid(i).then(|| Cow::Borrowed(a.value(i))))
        }
        DataType::Utf8View => {
            let a = c.as_string_view();
            Box::new(move |i| a.is_valid(i).then(|| Cow::Borrowed(a.value(i))))
        }
        _ => return Err(type_error(name, c, "text")),
    })
}

/// Integers, written in decimal, as the JSONL reader writes a numeric id.
macro_rules! integer_cells {
    ($c:expr, $($dt:ident => $t:ty),*) => {
        match $c.data_type() {
            $(DataType::$dt => {
                let a = $c.as_primitive::<$t>();
                Some(Box::new(move |i: usize| a.is_valid(i).then(|| Cow::Owned(a.value(i).to_string()))) as TextCell<'_>)
            })*
            _ => None,
        }
    };
}

fn ids(c: &ArrayRef) -> Result<TextCell<'_>, InputError> {
    if let Ok(cells) = strings("id", c) {
        return Ok(cells);
    }
    integer_cells!(c,
        Int8 => Int8Type, Int16 => Int16Type, Int32 => Int32Type, Int64 => Int64Type,
        UInt8 => UInt8Type, UInt16 => UInt16Type, UInt32 => UInt32Type, UInt64 => UInt64Type)
    .ok_or_else(|| type_error("id", c, "text or an integer"))
}

fn html(c: &ArrayRef) -> Result<HtmlCell<'_>, InputError> {
    if let Ok(text) = strings("html", c) {
        // Strings are borrowed from the array, so the Cow is always borrowed here.
        return Ok(Box::new(move |i| match text(i)? {
            Cow::Borrowed(s) => Some(Html::Text(s)),
            Cow::Owned(_) => None,
        }));
    }
    Ok(match c.data_type() {
        DataType::Binary => {
            let a = c.as_binary::<i32>();
            Box::new(move |i| a.is_valid(i).then(|| Html::Bytes(a.value(i))))
        }
        DataType::LargeBinary => {
            let a = c.as_binary::<i64>();
            Box::new(move |i| a.is_valid(i).then(|| Html::Bytes(a.value(i))))
        }
        DataType::BinaryView => {
            let a = c.as_binary_view();
            Box::new(move |i| a.is_valid(i).then(|| Html::Bytes(a.value(i))))
        }
        _ => return Err(type_error("html", c, "text or bytes")),
    })
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
fn day(days: i64) -> Option<String> {
    let ts = jiff::Timestamp::from_second(days.checked_mul(86_400)?).ok()?;
    Some(jiff::tz::Offset::UTC.to_datetime(ts).date().to_string())
}

/// An instant as RFC 3339 in UTC to the second; without a time zone, the wall-clock time
/// with no offset, or only the day when that is midnight: readers that infer types (such
/// as pyarrow's JSON reader, under `ray.data.read_json`) turn `"2025-08-16"` into such a
/// timestamp, and the date alone is what the source said.
fn instant(ts: Option<jiff::Timestamp>, zoned: bool) -> Option<String> {
    let ts = jiff::Timestamp::from_second(ts?.as_second()).ok()?;
    if zoned {
        return Some(ts.to_string());
    }
    let wall = jiff::tz::Offset::UTC.to_datetime(ts);
    Some(if wall.time() == jiff::civil::Time::midnight() {
        wall.date().to_string()
    } else {
        wall.to_string()
    })
}

fn published(c: &ArrayRef) -> Result<TextCell<'_>, InputError> {
    if let Ok(text) = strings("published", c) {
        return Ok(text);
    }
    Ok(match c.data_type() {
        DataType::Date32 => {
            let a = c.as_primitive::<Date32Type>();
            Box::new(move |i| {
                a.is_valid(i)
                    .then(|| day(i64::from(a.value(i))))
                    .flatten()
                    .map(Cow::Owned)
            })
        }
        DataType::Date64 => {
            let a = c.as_primitive::<Date64Type>();
            Box::new(move |i| {
                a.is_valid(i)
                    .then(|| day(a.value(i).div_euclid(86_400_000)))
                    .flatten()
                    .map(Cow::Owned)
            })
        }
        DataType::Timestamp(unit, tz) => {
            let zoned = tz.is_some();
            let at = |v: i64| match unit {
                TimeUnit::Second => jiff::Timestamp::from_second(v).ok(),
                TimeUnit::Millisecond => jiff::Timestamp::from_millisecond(v).ok(),
                TimeUnit::Microsecond => jiff::Timestamp::from_microsecond(v).ok(),
                TimeUnit::Nanosecond => jiff::Timestamp::from_nanosecond(i128::from(v)).ok(),
            };
            let value: Box<dyn Fn(usize) -> Option<i64> + Send + Sync> = match unit {
                TimeUnit::Second => {
                    let a = c.as_primitive::<TimestampSecondType>();
                    Box::new(move |i| a.is_valid(i).then(|| a.value(i)))
                }
                TimeUnit::Millisecond => {
                    let a = c.as_primitive::<TimestampMillisecondType>();
                    Box::new(move |i| a.is_valid(i).then(|| a.value(i)))
                }
                TimeUnit::Microsecond => {
                    let a = c.as_primitive::<TimestampMicrosecondType>();
                    Box::new(move |i| a.is_valid(i).then(|| a.value(i)))
                }
                TimeUnit::Nanosecond => {
                    let a = c.as_primitive::<TimestampNanosecondType>();
                    Box::new(move |i| a.is_valid(i).then(|| a.value(i)))
                }
            };
            Box::new(move |i| instant(value(i).and_then(at), zoned).map(Cow::Owned))
        }
        _ => {
            return Err(type_error(
                "published",
                c,
                "a date (text, date or timestamp)",
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BinaryArray, Date32Array, Int64Array, StringArray, StringViewArray,
        TimestampMicrosecondArray,
    };
    use std::sync::Arc;

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).unwrap()
    }

    #[test]
    fn rows_read_like_jsonl_objects() {
        let b = batch(vec![
            (
                "id",
                Arc::new(StringArray::from(vec![Some("a"), None, Some("c")])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![
                    Some("Hello."),
                    None,
                    Some("Text wins."),
                ])),
            ),
            (
                "html",
                Arc::new(StringArray::from(vec![
                    None,
                    Some("<p>Page</p>"),
                    Some("<p>x</p>"),
                ])),
            ),
            (
                "published",
                Arc::new(StringArray::from(vec![
                    Some("2025-08-16"),
                    Some("someday"),
                    None,
                ])),
            ),
            (
                "url",
                Arc::new(StringArray::from(vec![
                    Some("https://x.example/a"),
                    None,
                    None,
                ])),
            ),
            ("other", Arc::new(Int64Array::from(vec![1, 2, 3]))),
        ]);
        let rows = Rows::new(&b).unwrap();
        assert_eq!(rows.len(), 3);
        let a = rows.record(0).unwrap();
        assert_eq!(a.meta.id, "a");
        assert!(a.id_given);
        assert_eq!(a.payload, Payload::Text("Hello.".into()));
        assert_eq!(a.meta.published, Published::parse("2025-08-16").ok());
        assert_eq!(a.meta.url.as_deref(), Some("https://x.example/a"));
        let b1 = rows.record(1).unwrap();
        assert_eq!(b1.name, "row 1");
        assert_eq!(b1.meta.id, "row 1");
        assert!(!b1.id_given);
        assert!(
            matches!(b1.payload, Payload::Html { ref charset, .. } if charset.as_deref() == Some("utf-8"))
        );
        assert_eq!(b1.meta.extra["published_raw"], "someday");
        assert_eq!(
            rows.record(2).unwrap().payload,
            Payload::Text("Text wins.".into())
        );
    }

    #[test]
    fn a_row_without_text_is_an_error_naming_it() {
        let b = batch(vec![
            (
                "id",
                Arc::new(Int64Array::from(vec![Some(7), None])) as ArrayRef,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![None::<&str>, None])),
            ),
        ]);
        let rows = Rows::new(&b).unwrap();
        assert_eq!(
            rows.record(0).unwrap_err().to_string(),
            "7: the row has neither a \"text\" nor an \"html\" value"
        );
        assert_eq!(rows.name(1), "row 1");
    }

    #[test]
    fn typed_dates_views_and_bytes() {
        let b = batch(vec![
            (
                "text",
                Arc::new(StringViewArray::from(vec!["One.", "Two."])) as ArrayRef,
            ),
            ("published", Arc::new(Date32Array::from(vec![20_316, 0]))),
        ]);
        let rows = Rows::new(&b).unwrap();
        assert_eq!(
            rows.record(0).unwrap().meta.published,
            Published::parse("2025-08-16").ok()
        );
        assert_eq!(
            rows.record(0).unwrap().payload,
            Payload::Text("One.".into())
        );
        let ts = TimestampMicrosecondArray::from(vec![1_755_314_200_000_000]).with_timezone("UTC");
        let b = batch(vec![
            (
                "html",
                Arc::new(BinaryArray::from(vec![&b"<p>Caf\xe9</p>"[..]])) as ArrayRef,
            ),
            ("published", Arc::new(ts)),
        ]);
        let rows = Rows::new(&b).unwrap();
        let r = rows.record(0).unwrap();
        assert_eq!(
            r.meta.published,
            Published::parse("2025-08-16T03:16:40Z").ok()
        );
        assert!(matches!(r.payload, Payload::Html { charset: None, .. }));
        // Naive timestamps: midnight is the day alone (pyarrow's JSON reader makes
        // "2025-08-16" one), any other time stays.
        let naive = arrow_array::TimestampSecondArray::from(vec![1_755_302_400, 1_755_314_200]);
        let b = batch(vec![
            (
                "text",
                Arc::new(StringArray::from(vec!["a", "b"])) as ArrayRef,
            ),
            ("published", Arc::new(naive)),
        ]);
        let rows = Rows::new(&b).unwrap();
        let day = rows.record(0).unwrap().meta.published.unwrap();
        assert_eq!(day.to_string(), "2025-08-16");
        let at = rows.record(1).unwrap().meta.published.unwrap();
        assert_eq!(at.to_string(), "2025-08-16T03:16:40");
    }

    #[test]
    fn batches_that_cannot_be_documents_are_refused() {
        let b = batch(vec![(
            "body",
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        )]);
        assert_eq!(
            Rows::new(&b).err().unwrap().to_string(),
            "the batch has neither a \"text\" nor an \"html\" column (its columns: body); name the article column text"
        );
        let b = batch(vec![(
            "text",
            Arc::new(Int64Array::from(vec![1])) as ArrayRef,
        )]);
        assert_eq!(
            Rows::new(&b).err().unwrap().to_string(),
            "column \"text\" has type Int64, which cannot be read as text"
        );
    }
}
