//! `analyze_batch`: a record batch in, one output row per input row, on all cores.
//!
//! The rows are cut into chunks that the worker pool analyses in parallel; each worker
//! builds the output columns of its chunk itself (analysis, the document JSON, and the
//! nested columns parsed back from that JSON), so the Python thread that called only joins
//! the chunks in order at the end. A row that cannot be analysed (no text, empty, too
//! large, a panic) gets its message in the `error` column and nulls elsewhere; the batch
//! goes on, as the CLI goes on past a bad document.

use crate::columns::{Column, ColumnError, offset};
use crate::engine::Engine;
use crate::input::{InputError, Rows};
use crate::schema;
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use dateline_doc::Published;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Why a whole batch failed (a bad row never fails the batch).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Column(#[from] ColumnError),
}

/// Options that apply to every row.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    /// The publication date of rows that carry none (the CLI's `--published`).
    pub published: Option<Published>,
    /// The CLI's `--max-doc-bytes` (0 = no limit).
    pub max_doc_bytes: u64,
}

/// Rows per chunk: enough that joining chunks costs nothing, few enough that every worker
/// gets several (a document takes about a millisecond).
const MAX_CHUNK: usize = 32;

/// The output columns of some rows: the document's own (from its JSON), `json`, `error`.
struct Chunk {
    doc: Column,
    json: Column,
    error: Column,
}

impl Chunk {
    fn new(doc_type: &DataType) -> Result<Chunk, ColumnError> {
        Ok(Chunk {
            doc: Column::new(doc_type)?,
            json: Column::new(&DataType::Utf8)?,
            error: Column::new(&DataType::Utf8)?,
        })
    }

    /// Appends one row: the analysed document, or its id and the reason it has none.
    fn push(&mut self, engine: &Engine, rows: &Rows<'_>, row: usize, options: BatchOptions) {
        let Column::Utf8 {
            offsets,
            data,
            valid,
        } = &mut self.json
        else {
            unreachable!("Chunk::new makes the json column Utf8")
        };
        // The JSON is written straight into the json column, and read from there.
        let start = data.len();
        let analysed = rows
            .record(row)
            .map_err(|e| e.to_string())
            .and_then(|record| {
                engine.analyze_into(record, options.published, options.max_doc_bytes, data)
            })
            .and_then(|_doc| {
                self.doc.append_json(&data[start..]).map_err(|e| {
                    data.truncate(start);
                    format!(
                        "{}: cannot read the document's JSON back: {e}",
                        rows.name(row)
                    )
                })
            });
        match analysed {
            Ok(()) => {
                // UTF-8 (the writer serializes Rust strings); checked again, with the rest of
                // the column, when the Arrow array is built.
                offsets.push(offset(data.len()));
                valid.push(true);
                self.error.append_null();
            }
            Err(message) => {
                let mut id = Map::new();
                id.insert("id".into(), Value::String(rows.name(row)));
                self.doc.append(&Value::Object(id));
                self.json.append_null();
                self.error.append_str(&message);
            }
        }
    }

    /// The record batch, its columns finished on the pool's workers (finishing checks
    /// every string column's UTF-8).
    fn finish(self, pool: &rayon::ThreadPool) -> Result<RecordBatch, BatchError> {
        let Column::Struct { children, .. } = self.doc else {
            unreachable!("the document columns are a struct")
        };
        let mut all = children;
        all.push(self.json);
        all.push(self.error);
        let columns = pool.install(|| {
            all.into_par_iter()
                .map(Column::finish)
                .collect::<Result<Vec<_>, _>>()
        })?;
        let schema = Arc::new(schema::output_schema());
        Ok(RecordBatch::try_new(schema, columns).map_err(ColumnError::from)?)
    }
}

/// The output columns that come from the document JSON (all but `json` and `error`).
fn doc_type() -> DataType {
    DataType::Struct(
        schema::output_fields()
            .iter()
            .filter(|f| !matches!(f.name().as_str(), "json" | "error"))
            .cloned()
            .collect(),
    )
}

/// Analyses every row of `batch` on `pool`.
pub fn analyze_batch(
    engine: &Engine,
    pool: &rayon::ThreadPool,
    batch: &RecordBatch,
    options: BatchOptions,
) -> Result<RecordBatch, BatchError> {
    let rows = Rows::new(batch)?;
    let doc_type = doc_type();
    let n = rows.len();
    let chunk = (n / (pool.current_num_threads() * 4)).clamp(1, MAX_CHUNK);
    let chunks: Vec<Chunk> = pool.install(|| {
        (0..n.div_ceil(chunk))
            .into_par_iter()
            .map(|c| {
                let mut out = Chunk::new(&doc_type)?;
                for row in c * chunk..n.min((c + 1) * chunk) {
                    out.push(engine, &rows, row, options);
                }
                Ok(out)
            })
            .collect::<Result<Vec<_>, ColumnError>>()
    })?;
    join(chunks, &doc_type, pool)?.finish(pool)
}

/// The chunks joined in order into one, each top-level column on its own worker (joining
/// copies every byte of the output once).
fn join(
    chunks: Vec<Chunk>,
    doc_type: &DataType,
    pool: &rayon::ThreadPool,
) -> Result<Chunk, ColumnError> {
    let mut all = Chunk::new(doc_type)?;
    let mut docs = Vec::with_capacity(chunks.len());
    let mut jsons = Vec::with_capacity(chunks.len());
    for c in chunks {
        all.error.extend(c.error);
        jsons.push(c.json);
        docs.push(c.doc);
    }
    let Chunk { doc, json, .. } = &mut all;
    let Column::Struct {
        children, valid, ..
    } = doc
    else {
        unreachable!("the document columns are a struct")
    };
    // The chunks' document columns, grouped by field.
    let mut by_field: Vec<Vec<Column>> = children.iter().map(|_| Vec::new()).collect();
    for doc in docs {
        if let Column::Struct {
            children: columns,
            valid: v,
            ..
        } = doc
        {
            valid.extend(v);
            for (field, column) in by_field.iter_mut().zip(columns) {
                field.push(column);
            }
        }
    }
    pool.install(|| {
        rayon::join(
            || jsons.into_iter().for_each(|p| json.extend(p)),
            || {
                children
                    .par_iter_mut()
                    .zip(by_field)
                    .for_each(|(column, parts)| parts.into_iter().for_each(|p| column.extend(p)))
            },
        )
    });
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::{ARTICLE, fixture_engine};
    use crate::engine::{DEFAULT_MAX_DOC_BYTES, text_record};
    use arrow_array::cast::AsArray;
    use arrow_array::{Array, ArrayRef, StringArray};
    use std::sync::Arc;

    fn options() -> BatchOptions {
        BatchOptions {
            published: None,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Every key path of `v` with the JSON type there, e.g. `quotes[].cue.start number`.
    fn key_paths(v: &Value, path: &str, out: &mut Vec<(String, &'static str)>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    key_paths(x, &format!("{path}.{k}"), out);
                }
            }
            Value::Array(items) => items
                .iter()
                .for_each(|x| key_paths(x, &format!("{path}[]"), out)),
            Value::Null => {}
            Value::Bool(_) => out.push((path.to_string(), "bool")),
            Value::Number(n) if n.is_f64() => out.push((path.to_string(), "float")),
            Value::Number(_) => out.push((path.to_string(), "int")),
            Value::String(_) => out.push((path.to_string(), "string")),
        }
    }

    /// Where two arrays first differ (a path of child indexes), if they do.
    fn first_difference(
        a: &arrow_data::ArrayData,
        b: &arrow_data::ArrayData,
        path: &str,
    ) -> Option<String> {
        for (i, (x, y)) in a.child_data().iter().zip(b.child_data()).enumerate() {
            if let Some(p) = first_difference(x, y, &format!("{path}/{i}")) {
                return Some(p);
            }
        }
        if a.data_type() == &DataType::Float64 && a.nulls() == b.nulls() {
            // serde_json without its float_roundtrip feature may be off by one unit in the last place;
            // the scanner's (Rust's own) is correctly rounded, as Python's json is.
            let (x, y) = (a.buffer::<f64>(0), b.buffer::<f64>(0));
            let close = x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| p == q || (p - q).abs() <= p.abs() * 1e-15);
            return (!close).then(|| format!("{path}: {x:?} != {y:?}"));
        }
        let own = |d: &arrow_data::ArrayData| (d.data_type().clone(), d.len(), d.nulls().cloned());
        let same_buffers = a
            .buffers()
            .iter()
            .zip(b.buffers())
            .all(|(x, y)| x.as_slice() == y.as_slice());
        (own(a) != own(b) || !same_buffers || a.child_data().len() != b.child_data().len())
            .then(|| format!("{path}: {a:?} != {b:?}"))
    }

    /// The schema's type at a key path (`[]` steps into a list), if it has one.
    fn schema_type(path: &str) -> Option<DataType> {
        let mut ty = DataType::Struct(schema::output_fields().clone());
        for step in path.trim_start_matches('.').split('.') {
            let (name, lists) = (step.trim_end_matches("[]"), step.matches("[]").count());
            let DataType::Struct(fields) = &ty else {
                return None;
            };
            ty = fields.find(name)?.1.data_type().clone();
            for _ in 0..lists {
                let DataType::List(item) = &ty else {
                    return None;
                };
                ty = item.data_type().clone();
            }
        }
        Some(ty)
    }

    #[test]
    fn every_key_the_json_writer_writes_has_a_column_of_its_type() {
        let engine = fixture_engine();
        let texts = [
            ARTICLE,
            "MOSCOW — Russia attacked Kyiv overnight, Ukrainian officials said, and at least 12 people were killed. \"We will respond,\" President Volodymyr Zelensky said on Friday. The United States pledged $500 million in aid, about 3% of the budget.",
            "He said they \"will not accept any deal that ignores the people\" and warned of consequences, according to two officials, who said the talks could fail by March 2026.",
        ];
        let mut seen = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let published = Published::parse("2025-09-26").ok();
            let a = engine
                .analyze(
                    text_record(text.to_string(), Some(format!("d{i}")), published),
                    None,
                    0,
                )
                .unwrap();
            let mut doc: Map<String, Value> = serde_json::from_slice(&a.json).unwrap();
            doc.retain(|k, _| schema::json_keys().any(|c| c == k));
            key_paths(&Value::Object(doc), "", &mut seen);
            // Straight from the JSON text, the columns are what the values give.
            let mut from_text = Column::new(&doc_type()).unwrap();
            from_text.append_json(&a.json).unwrap();
            let mut from_values = Column::new(&doc_type()).unwrap();
            from_values.append(&serde_json::from_slice(&a.json).unwrap());
            if let Some(path) = first_difference(
                &from_text.finish().unwrap().to_data(),
                &from_values.finish().unwrap().to_data(),
                "",
            ) {
                panic!("reading the JSON text and its values differ at {path}");
            }
        }
        seen.sort();
        seen.dedup();
        assert!(
            seen.iter().any(|(p, _)| p == ".events[].trigger.start"),
            "{seen:?}"
        );
        assert!(
            seen.iter().any(|(p, _)| p == ".amounts[].value"),
            "{seen:?}"
        );
        for (path, json_type) in &seen {
            let ty = schema_type(path).unwrap_or_else(|| panic!("no column for {path}"));
            let fits = match (json_type, &ty) {
                (&"string", DataType::Utf8) | (&"bool", DataType::Boolean) => true,
                (&"int", DataType::Int64 | DataType::Float64) => true,
                (&"float", DataType::Float64) => true,
                // A quote's `speaker`: one name or a list of names.
                (&"string", DataType::List(item)) => item.data_type() == &DataType::Utf8,
                _ => false,
            };
            assert!(fits, "{path}: JSON {json_type} in a {ty} column");
        }
    }

    #[test]
    fn rows_come_out_in_order_with_errors_in_their_rows() {
        let engine = fixture_engine();
        let n = 70;
        let ids: Vec<String> = (0..n).map(|i| format!("doc-{i}")).collect();
        let texts: Vec<Option<String>> = (0..n)
            .map(|i| match i {
                5 => None,
                9 => Some("   ".into()),
                _ => Some(format!("Story {i}. {ARTICLE}")),
            })
            .collect();
        let batch = RecordBatch::try_from_iter([
            ("id", Arc::new(StringArray::from(ids.clone())) as ArrayRef),
            ("text", Arc::new(StringArray::from(texts.clone()))),
            (
                "published",
                Arc::new(StringArray::from(vec!["2025-09-26"; n])),
            ),
        ])
        .unwrap();
        let serial = analyze_batch(&engine, &pool(1), &batch, options()).unwrap();
        let parallel = analyze_batch(&engine, &pool(3), &batch, options()).unwrap();
        assert_eq!(
            serial, parallel,
            "the result does not depend on the threads"
        );
        assert_eq!(parallel.num_rows(), n);
        assert_eq!(parallel.schema().fields(), schema::output_fields());
        let col = |name: &str| {
            parallel
                .column_by_name(name)
                .unwrap()
                .as_string::<i32>()
                .clone()
        };
        let (id, json, error, text) = (col("id"), col("json"), col("error"), col("text"));
        for i in 0..n {
            assert_eq!(id.value(i), ids[i]);
            match i {
                5 => assert_eq!(
                    error.value(i),
                    "doc-5: the row has neither a \"text\" nor an \"html\" value"
                ),
                9 => assert_eq!(error.value(i), "doc-9: empty document"),
                _ => {
                    assert!(error.is_null(i));
                    assert_eq!(text.value(i), texts[i].as_deref().unwrap());
                    // The JSON is what analyze writes for the same record.
                    let one = engine
                        .analyze(
                            text_record(
                                texts[i].clone().unwrap(),
                                Some(ids[i].clone()),
                                Published::parse("2025-09-26").ok(),
                            ),
                            None,
                            0,
                        )
                        .unwrap();
                    assert_eq!(json.value(i).as_bytes(), one.json.as_slice());
                }
            }
        }
        assert!(json.is_null(5) && json.is_null(9));
        let quotes = parallel.column_by_name("quotes").unwrap().as_list::<i32>();
        assert!(quotes.is_null(5));
        assert!(quotes.value_length(0) > 0);
    }

    #[test]
    fn an_empty_batch_gives_an_empty_result() {
        let batch = RecordBatch::try_from_iter([(
            "text",
            Arc::new(StringArray::from(Vec::<String>::new())) as ArrayRef,
        )])
        .unwrap();
        let out = analyze_batch(&fixture_engine(), &pool(2), &batch, options()).unwrap();
        assert_eq!(out.num_rows(), 0);
        assert_eq!(out.num_columns(), schema::output_fields().len());
    }
}
