//! Arrow columns built from JSON values, driven by a declared type.
//!
//! The annotations reach this crate as the JSON `dateline analyze` writes, so that the
//! columns hold exactly what the CLI prints and the rules for offsets, rounding and field
//! names live in one place (`dateline-doc`). [`Column`] appends one JSON value at a time to
//! plain vectors (offsets, values, validity), which makes two things cheap that arrow-rs's
//! builders do not offer together: appending by a type known only at run time (the schema
//! in [`crate::schema`]), and joining the columns that the workers built for consecutive
//! chunks of a batch ([`Column::extend`]) without the `arrow-select` crate.
//!
//! Conversions are lenient and never fail on a value: a missing key or a JSON null is a
//! null; a number where text is expected is written as its JSON text; a single value where
//! a list is expected is a list of one (a quote's `speaker`); any other mismatch is a null.

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, ListArray, StringArray, StructArray,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, FieldRef, Fields};
use serde_json::Value;
use std::sync::Arc;

/// Why columns could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ColumnError {
    #[error("the output type {0} is not supported")]
    Unsupported(DataType),
    #[error(
        "a column of this batch would hold more than 2 GiB (Arrow's 32-bit offsets): give smaller batches"
    )]
    TooLarge,
    #[error("cannot assemble the output columns: {0}")]
    Arrow(#[from] ArrowError),
}

/// One column under construction.
#[derive(Debug)]
pub enum Column {
    Utf8 {
        offsets: Vec<i32>,
        data: Vec<u8>,
        valid: Vec<bool>,
    },
    Int64 {
        values: Vec<i64>,
        valid: Vec<bool>,
    },
    Float64 {
        values: Vec<f64>,
        valid: Vec<bool>,
    },
    Boolean {
        values: Vec<bool>,
        valid: Vec<bool>,
    },
    List {
        item_field: FieldRef,
        offsets: Vec<i32>,
        valid: Vec<bool>,
        item: Box<Column>,
    },
    Struct {
        fields: Fields,
        children: Vec<Column>,
        valid: Vec<bool>,
        /// For reading JSON: the field of the k-th key of the last object, the likely
        /// field of the k-th key of the next (objects of a layer list keys in one order).
        key_hint: Vec<usize>,
    },
}

impl Column {
    /// An empty column of type `ty` (strings, 64-bit integers and floats, booleans, lists
    /// and structs of those).
    pub fn new(ty: &DataType) -> Result<Column, ColumnError> {
        Ok(match ty {
            DataType::Utf8 => Column::Utf8 {
                offsets: vec![0],
                data: Vec::new(),
                valid: Vec::new(),
            },
            DataType::Int64 => Column::Int64 {
                values: Vec::new(),
                valid: Vec::new(),
            },
            DataType::Float64 => Column::Float64 {
                values: Vec::new(),
                valid: Vec::new(),
            },
            DataType::Boolean => Column::Boolean {
                values: Vec::new(),
                valid: Vec::new(),
            },
            DataType::List(item_field) => Column::List {
                item_field: item_field.clone(),
                offsets: vec![0],
                valid: Vec::new(),
                item: Box::new(Column::new(item_field.data_type())?),
            },
            DataType::Struct(fields) => Column::Struct {
                fields: fields.clone(),
                children: fields
                    .iter()
                    .map(|f| Column::new(f.data_type()))
                    .collect::<Result<_, _>>()?,
                valid: Vec::new(),
                key_hint: Vec::new(),
            },
            other => return Err(ColumnError::Unsupported(other.clone())),
        })
    }

    /// Whether no row was appended yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows appended so far.
    pub fn len(&self) -> usize {
        match self {
            Column::Utf8 { valid, .. }
            | Column::Int64 { valid, .. }
            | Column::Float64 { valid, .. }
            | Column::Boolean { valid, .. }
            | Column::List { valid, .. }
            | Column::Struct { valid, .. } => valid.len(),
        }
    }

    /// Appends one value (see the module docs for how types are reconciled).
    pub fn append(&mut self, value: &Value) {
        match (self, value) {
            (column, Value::Null) => column.append_null(),
            (
                Column::Utf8 {
                    offsets,
                    data,
                    valid,
                },
                value,
            ) => {
                match value {
                    Value::String(s) => data.extend_from_slice(s.as_bytes()),
                    other => data.extend_from_slice(other.to_string().as_bytes()),
                }
                offsets.push(offset(data.len()));
                valid.push(true);
            }
            (Column::Int64 { values, valid }, value) => {
                let v = value.as_i64();
                values.push(v.unwrap_or(0));
                valid.push(v.is_some());
            }
            (Column::Float64 { values, valid }, value) => {
                let v = value.as_f64();
                values.push(v.unwrap_or(0.0));
                valid.push(v.is_some());
            }
            (Column::Boolean { values, valid }, value) => {
                let v = value.as_bool();
                values.push(v.unwrap_or(false));
                valid.push(v.is_some());
            }
            (
                Column::List {
                    offsets,
                    valid,
                    item,
                    ..
                },
                value,
            ) => {
                match value {
                    Value::Array(items) => items.iter().for_each(|x| item.append(x)),
                    one => item.append(one),
                }
                offsets.push(offset(item.len()));
                valid.push(true);
            }
            (
                Column::Struct {
                    fields,
                    children,
                    valid,
                    ..
                },
                Value::Object(map),
            ) => {
                for (field, child) in fields.iter().zip(children.iter_mut()) {
                    match map.get(field.name()) {
                        Some(v) => child.append(v),
                        None => child.append_null(),
                    }
                }
                valid.push(true);
            }
            (column @ Column::Struct { .. }, _) => column.append_null(),
        }
    }

    /// Appends one JSON text, read straight into the columns (see [`crate::scan`]); on
    /// malformed JSON nothing is appended and the error says where.
    pub fn append_json(&mut self, json: &[u8]) -> Result<(), crate::scan::ScanError> {
        let len = self.len();
        let result = crate::scan::append(self, json);
        if result.is_err() {
            self.truncate(len);
        }
        result
    }

    /// Appends a string to a `Utf8` column (any other column is left alone).
    pub fn append_str(&mut self, s: &str) {
        self.append_utf8(s.as_bytes());
    }

    /// Appends bytes that should be UTF-8 to a `Utf8` column; [`Column::finish`] checks
    /// them (with the whole column, in one pass) and fails if they are not.
    pub fn append_utf8(&mut self, s: &[u8]) {
        if let Column::Utf8 {
            offsets,
            data,
            valid,
        } = self
        {
            data.extend_from_slice(s);
            offsets.push(offset(data.len()));
            valid.push(true);
        }
    }

    /// Closes a list whose items were just appended to its item column.
    pub(crate) fn close_list(&mut self) {
        if let Column::List {
            offsets,
            valid,
            item,
            ..
        } = self
        {
            offsets.push(offset(item.len()));
            valid.push(true);
        }
    }

    /// Drops the rows from `len` on.
    pub fn truncate(&mut self, len: usize) {
        match self {
            Column::Utf8 {
                offsets,
                data,
                valid,
            } => {
                offsets.truncate(len + 1);
                data.truncate(
                    offsets
                        .last()
                        .map_or(0, |&o| usize::try_from(o).unwrap_or(0)),
                );
                valid.truncate(len);
            }
            Column::Int64 { values, valid } => {
                values.truncate(len);
                valid.truncate(len);
            }
            Column::Float64 { values, valid } => {
                values.truncate(len);
                valid.truncate(len);
            }
            Column::Boolean { values, valid } => {
                values.truncate(len);
                valid.truncate(len);
            }
            Column::List {
                offsets,
                valid,
                item,
                ..
            } => {
                offsets.truncate(len + 1);
                valid.truncate(len);
                item.truncate(
                    offsets
                        .last()
                        .map_or(0, |&o| usize::try_from(o).unwrap_or(0)),
                );
            }
            Column::Struct {
                children, valid, ..
            } => {
                children.iter_mut().for_each(|c| c.truncate(len));
                valid.truncate(len);
            }
        }
    }

    /// Appends a null.
    pub fn append_null(&mut self) {
        match self {
            Column::Utf8 {
                offsets,
                data,
                valid,
            } => {
                offsets.push(offset(data.len()));
                valid.push(false);
            }
            Column::Int64 { values, valid } => {
                values.push(0);
                valid.push(false);
            }
            Column::Float64 { values, valid } => {
                values.push(0.0);
                valid.push(false);
            }
            Column::Boolean { values, valid } => {
                values.push(false);
                valid.push(false);
            }
            Column::List {
                offsets,
                valid,
                item,
                ..
            } => {
                offsets.push(offset(item.len()));
                valid.push(false);
            }
            Column::Struct {
                children, valid, ..
            } => {
                // A null struct still has a slot in every child.
                children.iter_mut().for_each(Column::append_null);
                valid.push(false);
            }
        }
    }

    /// Appends the rows of `other`, a column of the same type, after this column's.
    pub fn extend(&mut self, other: Column) {
        match (self, other) {
            (
                Column::Utf8 {
                    offsets,
                    data,
                    valid,
                },
                Column::Utf8 {
                    offsets: o,
                    data: d,
                    valid: v,
                },
            ) => {
                let base = data.len();
                offsets.extend(o[1..].iter().map(|&x| shift(base, x)));
                data.extend_from_slice(&d);
                valid.extend(v);
            }
            (
                Column::Int64 { values, valid },
                Column::Int64 {
                    values: x,
                    valid: v,
                },
            ) => {
                values.extend(x);
                valid.extend(v);
            }
            (
                Column::Float64 { values, valid },
                Column::Float64 {
                    values: x,
                    valid: v,
                },
            ) => {
                values.extend(x);
                valid.extend(v);
            }
            (
                Column::Boolean { values, valid },
                Column::Boolean {
                    values: x,
                    valid: v,
                },
            ) => {
                values.extend(x);
                valid.extend(v);
            }
            (
                Column::List {
                    offsets,
                    valid,
                    item,
                    ..
                },
                Column::List {
                    offsets: o,
                    valid: v,
                    item: i,
                    ..
                },
            ) => {
                let base = item.len();
                offsets.extend(o[1..].iter().map(|&x| shift(base, x)));
                valid.extend(v);
                item.extend(*i);
            }
            (
                Column::Struct {
                    children, valid, ..
                },
                Column::Struct {
                    children: c,
                    valid: v,
                    ..
                },
            ) => {
                for (mine, theirs) in children.iter_mut().zip(c) {
                    mine.extend(theirs);
                }
                valid.extend(v);
            }
            // Both sides are always made by `Column::new` from the same type.
            (mine, theirs) => {
                for _ in 0..theirs.len() {
                    mine.append_null();
                }
            }
        }
    }

    /// The finished Arrow array.
    pub fn finish(self) -> Result<ArrayRef, ColumnError> {
        Ok(match self {
            Column::Utf8 {
                offsets,
                data,
                valid,
            } => {
                check_offsets(&offsets)?;
                Arc::new(StringArray::try_new(
                    OffsetBuffer::new(ScalarBuffer::from(offsets)),
                    Buffer::from_vec(data),
                    nulls(valid),
                )?)
            }
            Column::Int64 { values, valid } => Arc::new(Int64Array::try_new(
                ScalarBuffer::from(values),
                nulls(valid),
            )?),
            Column::Float64 { values, valid } => Arc::new(Float64Array::try_new(
                ScalarBuffer::from(values),
                nulls(valid),
            )?),
            Column::Boolean { values, valid } => {
                Arc::new(BooleanArray::new(values.into(), nulls(valid)))
            }
            Column::List {
                item_field,
                offsets,
                valid,
                item,
            } => {
                check_offsets(&offsets)?;
                Arc::new(ListArray::try_new(
                    item_field,
                    OffsetBuffer::new(ScalarBuffer::from(offsets)),
                    item.finish()?,
                    nulls(valid),
                )?)
            }
            Column::Struct {
                fields,
                children,
                valid,
                ..
            } => {
                let len = valid.len();
                let arrays = children
                    .into_iter()
                    .map(Column::finish)
                    .collect::<Result<Vec<_>, _>>()?;
                Arc::new(StructArray::try_new_with_length(
                    fields,
                    arrays,
                    nulls(valid),
                    len,
                )?)
            }
        })
    }

    /// The finished column of a struct type as a `StructArray` (a record batch's columns).
    pub fn finish_struct(self) -> Result<StructArray, ColumnError> {
        let array = self.finish()?;
        array
            .as_any()
            .downcast_ref::<StructArray>()
            .cloned()
            .ok_or_else(|| ColumnError::Unsupported(array.data_type().clone()))
    }
}

/// An offset into a child or data buffer; past `i32::MAX` it saturates to -1, which
/// [`check_offsets`] reports instead of building an invalid array.
pub(crate) fn offset(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(-1)
}

/// An offset of a joined chunk, moved by the length of what precedes it.
fn shift(base: usize, x: i32) -> i32 {
    usize::try_from(x).map_or(-1, |x| offset(base.saturating_add(x)))
}

fn check_offsets(offsets: &[i32]) -> Result<(), ColumnError> {
    if offsets.iter().any(|&o| o < 0) {
        return Err(ColumnError::TooLarge);
    }
    Ok(())
}

fn nulls(valid: Vec<bool>) -> Option<NullBuffer> {
    if valid.iter().all(|&v| v) {
        None
    } else {
        Some(NullBuffer::from(valid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, cast::AsArray, types::Int64Type};
    use arrow_schema::Field;
    use serde_json::json;

    fn item_type() -> DataType {
        DataType::Struct(Fields::from(vec![
            Field::new("start", DataType::Int64, true),
            Field::new("name", DataType::Utf8, true),
            Field::new(
                "speaker",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                true,
            ),
            Field::new("score", DataType::Float64, true),
            Field::new("flag", DataType::Boolean, true),
        ]))
    }

    fn list_type() -> DataType {
        DataType::List(Arc::new(Field::new("item", item_type(), true)))
    }

    #[test]
    fn values_become_typed_nested_columns() {
        let mut c = Column::new(&list_type()).unwrap();
        c.append(&json!([
            {"start": 3, "name": "Erdogan", "speaker": "Erdogan", "score": 0.5, "flag": true},
            {"start": 9, "name": null, "speaker": ["A", "B"], "score": 2},
            {"start": "x", "speaker": null, "extra": 1}
        ]));
        c.append(&Value::Null);
        c.append(&json!([]));
        let array = c.finish().unwrap();
        let lists = array.as_list::<i32>();
        assert_eq!(lists.len(), 3);
        assert!(lists.is_null(1));
        assert_eq!(lists.value_length(0), 3);
        assert_eq!(lists.value_length(2), 0);
        let items = lists.values().as_struct();
        let start = items.column(0).as_primitive::<Int64Type>();
        assert_eq!(start.value(0), 3);
        assert_eq!(start.value(1), 9);
        assert!(
            start.is_null(2),
            "a string where a number belongs is a null"
        );
        let names = items.column(1).as_string::<i32>();
        assert_eq!(names.value(0), "Erdogan");
        assert!(names.is_null(1) && names.is_null(2));
        let speakers = items.column(2).as_list::<i32>();
        assert_eq!(speakers.value_length(0), 1, "one speaker is a list of one");
        assert_eq!(speakers.value_length(1), 2);
        assert!(speakers.is_null(2));
        let score = items
            .column(3)
            .as_primitive::<arrow_array::types::Float64Type>();
        assert_eq!(score.value(1), 2.0);
        let flag = items.column(4).as_boolean();
        assert!(flag.value(0));
        assert!(flag.is_null(1));
    }

    #[test]
    fn chunks_joined_equal_one_column() {
        let rows = [
            json!([{"start": 1, "name": "a", "speaker": ["x"]}]),
            Value::Null,
            json!([{"start": 2, "name": "bb"}, {"start": 3, "speaker": "y"}]),
            json!([]),
            json!([{"name": "cccc", "flag": false}]),
        ];
        let mut whole = Column::new(&list_type()).unwrap();
        rows.iter().for_each(|r| whole.append(r));
        let mut first = Column::new(&list_type()).unwrap();
        let mut second = Column::new(&list_type()).unwrap();
        rows[..2].iter().for_each(|r| first.append(r));
        rows[2..].iter().for_each(|r| second.append(r));
        first.extend(second);
        assert_eq!(
            whole.finish().unwrap().to_data(),
            first.finish().unwrap().to_data()
        );
    }

    #[test]
    fn a_null_struct_keeps_its_children_aligned() {
        let mut c = Column::new(&item_type()).unwrap();
        c.append(&json!({"start": 1, "name": "a"}));
        c.append(&Value::Null);
        c.append(&json!("not an object"));
        c.append(&json!({"start": 4}));
        let array = c.finish_struct().unwrap();
        assert_eq!(array.len(), 4);
        assert!(array.is_null(1) && array.is_null(2));
        let start = array.column(0).as_primitive::<Int64Type>();
        assert_eq!(start.len(), 4);
        assert_eq!(start.value(3), 4);
    }

    #[test]
    fn unsupported_types_are_refused() {
        assert!(matches!(
            Column::new(&DataType::Int32),
            Err(ColumnError::Unsupported(DataType::Int32))
        ));
    }
}
