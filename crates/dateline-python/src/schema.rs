//! The shape of `analyze_batch`'s output: one row per input row, the document's metadata,
//! its text, one nested column per annotation layer, the whole document JSON and an error.
//!
//! The layer columns mirror the JSON that `dateline analyze` writes (shared/eval/FORMAT.md
//! and the `ToJson` impls in `dateline-doc`): every key of every item is a field of the
//! same name, offsets are the same character offsets. Two things differ because a column
//! needs one type: a quote's or statement's `speaker`, a string, a list of names or null
//! in JSON, is always a list of names here (null when nobody is named); and keys the JSON
//! writer leaves out when they have no value are null fields. The layer-level provenance
//! (`"provenance"`), `meta`, `sentences` and `paragraphs` are in the `json` column only.
//!
//! The schema is written once, here; the Spark DDL string (`dateline.spark.SCHEMA`) is made
//! from it, so the two cannot drift apart. A test checks that every key the JSON writer
//! produced on sample articles has a field here.

use arrow_schema::{DataType, Field, Fields, Schema};
use std::sync::{Arc, OnceLock};

fn utf8() -> DataType {
    DataType::Utf8
}

fn int() -> DataType {
    DataType::Int64
}

fn float() -> DataType {
    DataType::Float64
}

fn boolean() -> DataType {
    DataType::Boolean
}

fn list(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

fn object(fields: &[(&str, DataType)]) -> DataType {
    DataType::Struct(struct_fields(fields))
}

fn struct_fields(fields: &[(&str, DataType)]) -> Fields {
    fields
        .iter()
        .map(|(name, ty)| Field::new(*name, ty.clone(), true))
        .collect()
}

/// `{start, end}`: a character range.
fn span() -> DataType {
    object(&[("start", int()), ("end", int())])
}

/// An annotation's fields followed by its provenance (`component`, `rule`, `confidence`),
/// as `dateline_doc::json::with_provenance` adds them.
fn item(fields: &[(&str, DataType)]) -> DataType {
    let mut all = fields.to_vec();
    all.extend([
        ("component", utf8()),
        ("rule", utf8()),
        ("confidence", float()),
    ]);
    object(&all)
}

fn entity() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("label", utf8()),
        ("name", utf8()),
        ("actor", utf8()),
    ])
}

fn actor() -> DataType {
    object(&[
        ("id", utf8()),
        ("name", utf8()),
        ("type", utf8()),
        ("roles", list(utf8())),
        ("country", utf8()),
        ("code", utf8()),
        ("gender", utf8()),
        (
            "mentions",
            list(item(&[("start", int()), ("end", int()), ("kind", utf8())])),
        ),
        (
            "evidence",
            list(item(&[
                ("start", int()),
                ("end", int()),
                ("what", utf8()),
                ("value", utf8()),
            ])),
        ),
    ])
}

fn quote() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("speaker", list(utf8())),
        ("kind", utf8()),
        ("utterance", int()),
        ("speaker_rule", utf8()),
        ("speaker_actors", list(utf8())),
        ("speaker_mention", span()),
        ("speaker_description", utf8()),
        (
            "cue",
            object(&[("start", int()), ("end", int()), ("lemma", utf8())]),
        ),
        ("unclosed", boolean()),
    ])
}

fn time() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("value", utf8()),
        ("type", utf8()),
        ("grain", utf8()),
        ("anchor", utf8()),
        ("reason", utf8()),
    ])
}

fn place() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("name", utf8()),
        ("lat", float()),
        ("lon", float()),
        ("country", utf8()),
        ("subdivision", utf8()),
        ("feature", utf8()),
        ("mention", utf8()),
        ("geonameid", int()),
        ("estimated", boolean()),
    ])
}

fn amount() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("value", float()),
        ("unit", utf8()),
        ("kind", utf8()),
        ("bound", utf8()),
        ("vague", boolean()),
    ])
}

fn event() -> DataType {
    item(&[
        ("start", int()),
        ("end", int()),
        ("source", utf8()),
        ("target", utf8()),
        ("code", utf8()),
        ("root", utf8()),
        ("base", utf8()),
        ("goldstein", float()),
        ("quad_class", int()),
        ("plover", utf8()),
        ("trigger", span()),
        ("negated", boolean()),
        ("date", utf8()),
        ("date_rule", utf8()),
        ("mode", utf8()),
        ("context", utf8()),
        ("modality", utf8()),
        ("place_rule", utf8()),
        ("source_mention", span()),
        ("target_mention", span()),
        ("source_actor", utf8()),
        ("target_actor", utf8()),
        ("date_mention", span()),
        ("place", int()),
        ("quote", int()),
    ])
}

/// GDELT V2Tone-shaped scores, for the document and for each sentence.
fn tone_scores() -> Vec<(&'static str, DataType)> {
    vec![
        ("tone", float()),
        ("positive", float()),
        ("negative", float()),
        ("polarity", float()),
        ("activity_density", float()),
        ("self_group_density", float()),
        ("word_count", int()),
    ]
}

fn tone() -> DataType {
    let mut sentence = vec![("start", int()), ("end", int())];
    sentence.extend(tone_scores());
    let mut fields = tone_scores();
    fields.extend([
        ("sentences", list(object(&sentence))),
        (
            "words",
            list(object(&[
                ("start", int()),
                ("end", int()),
                ("valence", float()),
                ("rule", utf8()),
            ])),
        ),
    ]);
    item(&fields)
}

fn substance() -> DataType {
    let statement = item(&[
        ("start", int()),
        ("end", int()),
        ("parts", list(span())),
        ("quotes", list(int())),
        ("speaker", list(utf8())),
        ("class", utf8()),
        ("reason", utf8()),
        (
            "evidence",
            list(object(&[
                ("start", int()),
                ("end", int()),
                ("what", utf8()),
            ])),
        ),
    ]);
    item(&[
        ("ratio", float()),
        ("statements_total", int()),
        ("concrete", int()),
        ("vague", int()),
        ("hedged", int()),
        ("statements", list(statement)),
    ])
}

/// The columns of `analyze_batch`'s output, in order.
pub fn output_fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| {
        struct_fields(&[
            ("id", utf8()),
            ("published", utf8()),
            ("url", utf8()),
            ("title", utf8()),
            ("byline", utf8()),
            ("language", utf8()),
            ("source", utf8()),
            ("text", utf8()),
            ("entities", list(entity())),
            ("actors", list(actor())),
            ("quotes", list(quote())),
            ("times", list(time())),
            ("places", list(place())),
            ("amounts", list(amount())),
            ("events", list(event())),
            ("tone", tone()),
            ("substance", substance()),
            ("json", utf8()),
            ("error", utf8()),
        ])
    })
}

/// The output columns as an Arrow schema.
pub fn output_schema() -> Schema {
    Schema::new(output_fields().clone())
}

/// Top-level keys of the document JSON that have a column of their own; the others (`meta`,
/// `provenance`, `sentences`, `paragraphs`) are only in the `json` column.
pub fn json_keys() -> impl Iterator<Item = &'static str> {
    output_fields()
        .iter()
        .map(|f| f.name().as_str())
        .filter(|name| !matches!(*name, "json" | "error" | "text"))
}

/// The output schema as a Spark DDL string (`id STRING, ..., entities ARRAY<STRUCT<...>>`),
/// the form `DataFrame.mapInArrow` takes without importing pyspark's type classes. Every
/// name is quoted with backticks, since fields such as `end`, `type` and `class` are SQL
/// keywords.
pub fn spark_ddl() -> String {
    output_fields()
        .iter()
        .map(|f| format!("`{}` {}", f.name(), spark_type(f.data_type())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn spark_type(ty: &DataType) -> String {
    match ty {
        DataType::Utf8 => "STRING".into(),
        DataType::Int64 => "BIGINT".into(),
        DataType::Float64 => "DOUBLE".into(),
        DataType::Boolean => "BOOLEAN".into(),
        DataType::List(item) => format!("ARRAY<{}>", spark_type(item.data_type())),
        DataType::Struct(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| format!("`{}`: {}", f.name(), spark_type(f.data_type())))
                .collect();
            format!("STRUCT<{}>", inner.join(", "))
        }
        // The schema above uses only the types matched here (a test checks it).
        other => format!("/* unsupported {other} */"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types_used(ty: &DataType, out: &mut Vec<String>) {
        match ty {
            DataType::List(item) => types_used(item.data_type(), out),
            DataType::Struct(fields) => fields.iter().for_each(|f| types_used(f.data_type(), out)),
            other => out.push(other.to_string()),
        }
    }

    #[test]
    fn ddl_names_every_column_with_spark_types_only() {
        let ddl = spark_ddl();
        assert!(ddl.starts_with("`id` STRING, `published` STRING"), "{ddl}");
        assert!(
            ddl.contains("`entities` ARRAY<STRUCT<`start`: BIGINT, `end`: BIGINT, `label`: STRING")
        );
        assert!(ddl.ends_with("`json` STRING, `error` STRING"));
        assert!(!ddl.contains("unsupported"), "{ddl}");
        let mut used = Vec::new();
        for f in output_fields() {
            types_used(f.data_type(), &mut used);
        }
        used.sort();
        used.dedup();
        assert_eq!(used, ["Boolean", "Float64", "Int64", "Utf8"]);
    }

    #[test]
    fn json_keys_are_the_layer_and_metadata_columns() {
        let keys: Vec<&str> = json_keys().collect();
        assert_eq!(keys.first(), Some(&"id"));
        assert!(keys.contains(&"events") && keys.contains(&"substance"));
        assert!(!keys.contains(&"json") && !keys.contains(&"text"));
    }
}
