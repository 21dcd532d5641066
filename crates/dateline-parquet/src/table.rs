//! One Parquet file: per column, the values and the definition and repetition levels of the
//! rows buffered so far, written as one row group whenever enough rows or bytes are
//! buffered.
//!
//! The file is written with the parquet crate's own column writers rather than through
//! Arrow arrays: the tables are flat (a list of strings is the only nesting), so the levels
//! are simple to compute here, and leaving out the crate's `arrow` feature (arrow-array,
//! arrow-select, arrow-ipc and the Arrow writer) makes the release build several minutes
//! of CPU cheaper.
//!
//! Levels: a required column has none; an optional one has definition level 1 for a value
//! and 0 for null. A list (`name (LIST) { repeated group list { optional binary element } }`)
//! has one entry per item, or one entry with definition level 0 for an empty list (the
//! list being required); an item has level 2, or 1 when null; the repetition level is 0 for
//! a row's first entry and 1 for the next items.

use crate::rows::Cell;
use crate::schema::{Column, Kind, parquet_schema};
use crate::{Options, ParquetExportError};
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::ColumnPath;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The values of one column (nulls have no value, only a level). Strings are copied into
/// one buffer (`ends` marks where each ends), so that each row's strings are freed as soon
/// as they are appended.
enum Values {
    Bytes { data: Vec<u8>, ends: Vec<usize> },
    Int32(Vec<i32>),
    Int64(Vec<i64>),
    Double(Vec<f64>),
    Bool(Vec<bool>),
}

/// One column's buffered rows.
struct ColumnBuffer {
    kind: Kind,
    required: bool,
    values: Values,
    definitions: Vec<i16>,
    repetitions: Vec<i16>,
}

impl ColumnBuffer {
    fn new(column: &Column) -> ColumnBuffer {
        let values = match column.kind {
            Kind::Str | Kind::StrList => Values::Bytes {
                data: Vec::new(),
                ends: Vec::new(),
            },
            Kind::Int32 | Kind::Date => Values::Int32(Vec::new()),
            Kind::Int64 | Kind::Timestamp => Values::Int64(Vec::new()),
            Kind::Float64 => Values::Double(Vec::new()),
            Kind::Bool => Values::Bool(Vec::new()),
        };
        ColumnBuffer {
            kind: column.kind,
            required: column.required,
            values,
            definitions: Vec::new(),
            repetitions: Vec::new(),
        }
    }

    /// Appends one row's value; returns the bytes of text it added. A value of the wrong
    /// type is a bug in the rows: it is written as null (or the type's empty value in a
    /// required column).
    fn append(&mut self, cell: Cell) -> usize {
        if self.kind == Kind::StrList {
            return self.append_list(cell);
        }
        let present = match (&mut self.values, cell) {
            (Values::Bytes { data, ends }, Cell::Str(s)) => {
                data.extend_from_slice(s.as_bytes());
                ends.push(data.len());
                self.level(true);
                return s.len();
            }
            (Values::Int32(v), Cell::Int(n)) => {
                v.push(n.clamp(i32::MIN.into(), i32::MAX.into()) as i32);
                true
            }
            (Values::Int64(v), Cell::Int(n)) => {
                v.push(n);
                true
            }
            (Values::Double(v), Cell::Float(x)) => {
                v.push(x);
                true
            }
            (Values::Bool(v), Cell::Bool(x)) => {
                v.push(x);
                true
            }
            (_, cell) => {
                debug_assert!(
                    cell == Cell::Null && !self.required,
                    "a {cell:?} in a {:?} column",
                    self.kind
                );
                false
            }
        };
        if !present && self.required {
            self.push_empty();
        }
        self.level(present);
        0
    }

    /// The definition level of an optional column's value (a required one has none).
    fn level(&mut self, present: bool) {
        if !self.required {
            self.definitions.push(i16::from(present));
        }
    }

    /// The empty value of the column's type, for a required column given no value.
    fn push_empty(&mut self) {
        match &mut self.values {
            Values::Bytes { data, ends } => ends.push(data.len()),
            Values::Int32(v) => v.push(0),
            Values::Int64(v) => v.push(0),
            Values::Double(v) => v.push(0.0),
            Values::Bool(v) => v.push(false),
        }
    }

    fn append_list(&mut self, cell: Cell) -> usize {
        let items = match cell {
            Cell::List(items) => items,
            other => {
                debug_assert!(other == Cell::Null, "a {other:?} in a list column");
                Vec::new()
            }
        };
        let Values::Bytes { data, ends } = &mut self.values else {
            return 0;
        };
        // Lists are written as required: never null, maybe empty.
        if items.is_empty() {
            self.definitions.push(0);
            self.repetitions.push(0);
            return 0;
        }
        let mut bytes = 0;
        for (i, item) in items.into_iter().enumerate() {
            self.repetitions.push(i16::from(i > 0));
            match item {
                Some(s) => {
                    bytes += s.len();
                    data.extend_from_slice(s.as_bytes());
                    ends.push(data.len());
                    self.definitions.push(2);
                }
                None => self.definitions.push(1),
            }
        }
        bytes
    }

    /// Writes the buffered rows into the row group's column and empties the buffer.
    fn write_to(&mut self, column: &mut SerializedColumnWriter<'_>) -> Result<(), ParquetError> {
        let nested = self.kind == Kind::StrList;
        let definitions = (nested || !self.required).then_some(self.definitions.as_slice());
        let repetitions = nested.then_some(self.repetitions.as_slice());
        match &mut self.values {
            Values::Bytes { data, ends } => {
                let all = ByteArray::from(std::mem::take(data));
                let mut start = 0;
                let values: Vec<ByteArray> = ends
                    .iter()
                    .map(|&end| {
                        let value = all.slice(start, end - start);
                        start = end;
                        value
                    })
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, definitions, repetitions)?;
                ends.clear();
            }
            Values::Int32(v) => {
                column
                    .typed::<Int32Type>()
                    .write_batch(v, definitions, repetitions)?;
                v.clear();
            }
            Values::Int64(v) => {
                column
                    .typed::<Int64Type>()
                    .write_batch(v, definitions, repetitions)?;
                v.clear();
            }
            Values::Double(v) => {
                column
                    .typed::<DoubleType>()
                    .write_batch(v, definitions, repetitions)?;
                v.clear();
            }
            Values::Bool(v) => {
                column
                    .typed::<BoolType>()
                    .write_batch(v, definitions, repetitions)?;
                v.clear();
            }
        }
        self.definitions.clear();
        self.repetitions.clear();
        Ok(())
    }
}

/// One table's file, written under a temporary name and renamed when complete, so that a
/// reader never sees a file without its footer.
pub(crate) struct TableWriter {
    width: usize,
    buffers: Vec<ColumnBuffer>,
    /// Rows and bytes of text buffered.
    rows: usize,
    bytes: usize,
    written: u64,
    options: Options,
    writer: Option<SerializedFileWriter<File>>,
    path: PathBuf,
    partial: PathBuf,
}

impl TableWriter {
    pub(crate) fn create(
        dir: &Path,
        name: &'static str,
        columns: &'static [Column],
        options: Options,
    ) -> Result<TableWriter, ParquetExportError> {
        let path = dir.join(name);
        let partial = dir.join(format!("{name}.partial"));
        let write_err = |source| ParquetExportError::Write {
            path: partial.clone(),
            source,
        };
        let schema = parquet_schema(name, columns).map_err(write_err)?;
        let level = ZstdLevel::try_new(options.zstd_level).unwrap_or_default();
        let mut props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(level))
            .set_created_by(format!("dateline {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![
                KeyValue::new("dateline.table".into(), name.to_string()),
                KeyValue::new(
                    "dateline.schema_version".into(),
                    crate::SCHEMA_VERSION.to_string(),
                ),
            ]));
        // Whole texts are all different: a dictionary would only be built to be dropped.
        if name == "documents.parquet" {
            props = props.set_column_dictionary_enabled(ColumnPath::from("text"), false);
        }
        let file = File::create(&partial).map_err(|source| ParquetExportError::Create {
            path: partial.clone(),
            source,
        })?;
        let writer =
            SerializedFileWriter::new(file, schema, Arc::new(props.build())).map_err(write_err)?;
        Ok(TableWriter {
            width: columns.len(),
            buffers: columns.iter().map(ColumnBuffer::new).collect(),
            rows: 0,
            bytes: 0,
            written: 0,
            options,
            writer: Some(writer),
            path,
            partial,
        })
    }

    /// Appends rows (their cells one after the other); writes a row group when enough is
    /// buffered.
    pub(crate) fn write(&mut self, cells: Vec<Cell>) -> Result<(), ParquetExportError> {
        let rows = cells.len() / self.width;
        for (i, cell) in cells.into_iter().enumerate() {
            self.bytes += self.buffers[i % self.width].append(cell);
        }
        self.rows += rows;
        if self.rows >= self.options.row_group_rows || self.bytes >= self.options.row_group_bytes {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), ParquetExportError> {
        if self.rows == 0 {
            return Ok(());
        }
        if let Some(writer) = &mut self.writer {
            write_row_group(writer, &mut self.buffers).map_err(|source| {
                ParquetExportError::Write {
                    path: self.partial.clone(),
                    source,
                }
            })?;
        }
        self.written += self.rows as u64;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Writes what is left and the footer, and gives the file its name.
    pub(crate) fn finish(mut self) -> Result<(PathBuf, u64), ParquetExportError> {
        self.flush()?;
        if let Some(writer) = self.writer.take() {
            writer.close().map_err(|source| ParquetExportError::Write {
                path: self.partial.clone(),
                source,
            })?;
        }
        std::fs::rename(&self.partial, &self.path).map_err(|source| {
            ParquetExportError::Create {
                path: self.path.clone(),
                source,
            }
        })?;
        Ok((self.path.clone(), self.written))
    }
}

fn write_row_group(
    writer: &mut SerializedFileWriter<File>,
    buffers: &mut [ColumnBuffer],
) -> Result<(), ParquetError> {
    let mut group = writer.next_row_group()?;
    let mut buffers = buffers.iter_mut();
    while let Some(mut column) = group.next_column()? {
        let buffer = buffers
            .next()
            .ok_or_else(|| ParquetError::General("more columns than buffers".into()))?;
        buffer.write_to(&mut column)?;
        column.close()?;
    }
    group.close()?;
    Ok(())
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        // Not finished (an error, or the export was abandoned): no half-written file stays.
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}
