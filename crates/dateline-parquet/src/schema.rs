//! The five tables' columns: name, type, whether a value is always there, and what it
//! holds. The crate documentation and the README's table list are written from these; a
//! test checks that the README names every column.

use parquet::basic::{ConvertedType, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::errors::ParquetError;
use parquet::schema::types::{Type, TypePtr};
use std::sync::Arc;

/// A column's type, as Parquet readers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 string (Parquet BYTE_ARRAY, STRING).
    Str,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// 64-bit float.
    Float64,
    /// Boolean.
    Bool,
    /// Calendar date (days since 1970-01-01; Parquet DATE).
    Date,
    /// Instant in microseconds since 1970-01-01 UTC (Parquet TIMESTAMP, adjusted to UTC).
    Timestamp,
    /// A list of strings (Parquet LIST of STRING; its items may be null).
    StrList,
}

impl Kind {
    /// The name used in the documentation (DuckDB's names).
    pub fn sql_name(self) -> &'static str {
        match self {
            Kind::Str => "VARCHAR",
            Kind::Int32 => "INTEGER",
            Kind::Int64 => "BIGINT",
            Kind::Float64 => "DOUBLE",
            Kind::Bool => "BOOLEAN",
            Kind::Date => "DATE",
            Kind::Timestamp => "TIMESTAMP WITH TIME ZONE",
            Kind::StrList => "VARCHAR[]",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether every row has a value (a list column that is never null may be empty).
    pub required: bool,
    pub about: &'static str,
}

const fn col(name: &'static str, kind: Kind, required: bool, about: &'static str) -> Column {
    Column {
        name,
        kind,
        required,
        about,
    }
}

use Kind::{Bool, Date, Float64, Int32, Int64, Str, StrList, Timestamp};

/// `documents.parquet`: one row per document.
pub const DOCUMENTS: &[Column] = &[
    col(
        "doc_id",
        Str,
        true,
        "the document's id, as in the JSON output",
    ),
    col("url", Str, false, "metadata as read"),
    col("title", Str, false, "metadata as read"),
    col("byline", Str, false, "metadata as read"),
    col("source", Str, false, "publication or site name"),
    col(
        "language",
        Str,
        false,
        "BCP 47 tag as the source declared it",
    ),
    col(
        "published",
        Str,
        false,
        "publication date at its grain, ISO 8601 (`2025-08-15` or `2025-08-15T10:00:00Z`)",
    ),
    col(
        "published_date",
        Date,
        false,
        "the publication date (the day as the source gave it)",
    ),
    col(
        "published_at",
        Timestamp,
        false,
        "the publication instant in UTC when the source gave a time (a time without offset is read as UTC); null for a date alone",
    ),
    col(
        "chars",
        Int64,
        true,
        "length of the text in characters (code points)",
    ),
    col(
        "word_count",
        Int32,
        false,
        "words counted by the tone layer (GDELT V2Tone word count)",
    ),
    col(
        "sentences",
        Int32,
        false,
        "number of sentences; null when the layer was not built (as for every count below)",
    ),
    col("paragraphs", Int32, false, "number of paragraphs"),
    col("entities", Int32, false, "number of entity mentions"),
    col(
        "actors",
        Int32,
        false,
        "number of actors (rows in actors.parquet)",
    ),
    col(
        "quotes",
        Int32,
        false,
        "number of quotes (rows in quotes.parquet)",
    ),
    col("times", Int32, false, "number of time expressions"),
    col(
        "places",
        Int32,
        false,
        "number of place mentions (rows in places.parquet)",
    ),
    col("amounts", Int32, false, "number of amounts"),
    col(
        "events",
        Int32,
        false,
        "number of coded events (rows in events.parquet)",
    ),
    col(
        "tone",
        Float64,
        false,
        "V2Tone tone: positive minus negative (4 decimals)",
    ),
    col("positive", Float64, false, "V2Tone positive score"),
    col("negative", Float64, false, "V2Tone negative score"),
    col("polarity", Float64, false, "V2Tone polarity"),
    col(
        "activity_density",
        Float64,
        false,
        "V2Tone activity reference density",
    ),
    col(
        "self_group_density",
        Float64,
        false,
        "V2Tone self/group reference density",
    ),
    col(
        "substance_ratio",
        Float64,
        false,
        "share of concrete statements (4 decimals)",
    ),
    col(
        "statements",
        Int32,
        false,
        "statements the substance layer classified",
    ),
    col("concrete", Int32, false, "concrete statements"),
    col("vague", Int32, false, "vague statements"),
    col("hedged", Int32, false, "hedged statements"),
    col(
        "story",
        Int64,
        false,
        "the story cluster in the corpus store (export --db only; copies of a story share it)",
    ),
    col(
        "story_size",
        Int32,
        false,
        "documents in that story, copies included (export --db only)",
    ),
    col(
        "canonical",
        Bool,
        false,
        "whether this document represents its story (export --db only)",
    ),
    col(
        "meta",
        Str,
        false,
        "every other input field, as a JSON object; null when there is none",
    ),
    col("text", Str, true, "the document's text, as analysed"),
];

/// `quotes.parquet`: one row per quote (direct, fragment, scare or indirect).
pub const QUOTES: &[Column] = &[
    col("doc_id", Str, true, "the document"),
    col(
        "quote_index",
        Int32,
        true,
        "position in the document's quotes layer (0-based)",
    ),
    col(
        "start",
        Int64,
        true,
        "first character of the quote (offsets in characters, end exclusive)",
    ),
    col("end", Int64, true, "end of the quote"),
    col("text", Str, true, "the quoted words"),
    col("kind", Str, true, "utterance, fragment, scare or indirect"),
    col(
        "utterance",
        Int32,
        true,
        "quotes of one utterance (split or multi-paragraph) share this number",
    ),
    col(
        "speakers",
        StrList,
        true,
        "the speakers' names (empty when unattributed; several for a joint quote)",
    ),
    col(
        "speaker_actors",
        StrList,
        true,
        "the speakers' actor ids in actors.parquet (A0, A1 …)",
    ),
    col(
        "speaker_codes",
        StrList,
        true,
        "CAMEO-style codes of those actors (an item is null when the actor has none)",
    ),
    col(
        "speaker_countries",
        StrList,
        true,
        "ISO 3166-1 alpha-3 countries of those actors (an item is null when unknown)",
    ),
    col(
        "speaker_rule",
        Str,
        true,
        "how the speaker was found: explicit, pronoun, description, continuity, nearest, none",
    ),
    col(
        "speaker_description",
        Str,
        false,
        "the describing phrase for an unnamed speaker (\"a senior official\")",
    ),
    col(
        "cue",
        Str,
        false,
        "the speech verb or cue as written (\"said\")",
    ),
    col("cue_lemma", Str, false, "its lemma (\"say\")"),
    col("rule", Str, true, "the rule that found the quote"),
    col(
        "confidence",
        Float64,
        false,
        "confidence of the attribution",
    ),
    col(
        "unclosed",
        Bool,
        true,
        "whether the closing quotation mark was missing",
    ),
    col(
        "sentence_start",
        Int64,
        true,
        "start of the sentence(s) the quote is in",
    ),
    col("sentence_end", Int64, true, "end of those sentences"),
    col(
        "sentence",
        Str,
        true,
        "the text of those sentences (the quote's evidence)",
    ),
    col(
        "substance_class",
        Str,
        false,
        "concrete, hedge or vague: the substance class of the statement the quote belongs to",
    ),
    col("substance_reason", Str, false, "why"),
];

/// `actors.parquet`: one row per actor of a document.
pub const ACTORS: &[Column] = &[
    col("doc_id", Str, true, "the document"),
    col(
        "actor_id",
        Str,
        true,
        "the actor's id in its document (A0, A1 …), as quotes and events name it",
    ),
    col("name", Str, true, "canonical name"),
    col(
        "type",
        Str,
        true,
        "person, organisation, country, place or group",
    ),
    col("roles", StrList, true, "roles and titles (\"President\")"),
    col("country", Str, false, "ISO 3166-1 alpha-3"),
    col(
        "code",
        Str,
        false,
        "CAMEO-style actor code (\"USAGOV\", \"RUS\")",
    ),
    col(
        "gender",
        Str,
        false,
        "male or female, for people where the text says",
    ),
    col(
        "mentions",
        Int32,
        true,
        "mentions in the document (names, pronouns, metonyms, demonyms)",
    ),
    col(
        "variants",
        StrList,
        true,
        "the distinct names the document uses for the actor, in order of appearance",
    ),
    col("first_start", Int64, false, "first mention: start"),
    col("first_end", Int64, false, "first mention: end"),
];

/// `events.parquet`: one row per coded event, GDELT-like columns.
pub const EVENTS: &[Column] = &[
    col("doc_id", Str, true, "the document"),
    col(
        "event_index",
        Int32,
        true,
        "position in the document's events layer (0-based)",
    ),
    col(
        "day",
        Date,
        false,
        "GDELT's Day: the event's date (a month or year gives its first day), else the publication date",
    ),
    col(
        "date",
        Str,
        false,
        "the event's date as coded (ISO 8601 at its grain)",
    ),
    col("date_rule", Str, true, "where the date came from"),
    col(
        "source_code",
        Str,
        true,
        "Actor1Code: CAMEO-style code of the source (may be empty)",
    ),
    col(
        "source_name",
        Str,
        false,
        "Actor1Name: the source actor's canonical name",
    ),
    col(
        "source_country",
        Str,
        false,
        "Actor1CountryCode: the source actor's country, ISO 3166-1 alpha-3",
    ),
    col(
        "source_actor",
        Str,
        false,
        "the source's actor id in actors.parquet",
    ),
    col("target_code", Str, true, "Actor2Code"),
    col("target_name", Str, false, "Actor2Name"),
    col("target_country", Str, false, "Actor2CountryCode"),
    col("target_actor", Str, false, "the target's actor id"),
    col(
        "event_code",
        Str,
        true,
        "EventCode: full CAMEO code (\"0431\")",
    ),
    col(
        "event_base_code",
        Str,
        true,
        "EventBaseCode: its first three digits",
    ),
    col(
        "event_root_code",
        Str,
        true,
        "EventRootCode: its first two digits",
    ),
    col(
        "quad_class",
        Int32,
        false,
        "QuadClass 1–4 (null when the coder left it unset)",
    ),
    col(
        "goldstein",
        Float64,
        false,
        "GoldsteinScale −10…10 (null with quad_class)",
    ),
    col("plover", Str, false, "PLOVER event type"),
    col(
        "negated",
        Bool,
        true,
        "whether the event is negated (\"did not meet\")",
    ),
    col("mode", Str, false, "PLOVER mode"),
    col("context", Str, false, "PLOVER context"),
    col(
        "modality",
        Str,
        false,
        "modality (future, intent, conditional, appeal, threat …); null for what happened",
    ),
    col(
        "is_root_event",
        Bool,
        true,
        "IsRootEvent: the event is in the first paragraph",
    ),
    col(
        "place_name",
        Str,
        false,
        "ActionGeo_FullName: the event's place",
    ),
    col("place_lat", Float64, false, "ActionGeo_Lat"),
    col("place_lon", Float64, false, "ActionGeo_Long"),
    col(
        "place_country",
        Str,
        false,
        "ActionGeo_CountryCode as ISO 3166-1 alpha-2 (GDELT: FIPS)",
    ),
    col(
        "place_subdivision",
        Str,
        false,
        "ActionGeo_ADM1Code as ISO 3166-2 (GDELT: FIPS)",
    ),
    col(
        "place_geonameid",
        Int64,
        false,
        "ActionGeo_FeatureID: GeoNames id",
    ),
    col("start", Int64, true, "the event's span: start"),
    col("end", Int64, true, "the event's span: end"),
    col("trigger", Str, false, "the trigger words (\"met\")"),
    col(
        "sentence_start",
        Int64,
        true,
        "the evidence sentence: start",
    ),
    col("sentence_end", Int64, true, "the evidence sentence: end"),
    col("sentence", Str, true, "the evidence sentence's text"),
    col(
        "quote_index",
        Int32,
        false,
        "the quote the event was said in (quotes.parquet quote_index)",
    ),
    col("rule", Str, true, "the pattern that coded the event"),
    col("confidence", Float64, false, "confidence"),
];

/// `places.parquet`: one row per place mention.
pub const PLACES: &[Column] = &[
    col("doc_id", Str, true, "the document"),
    col(
        "place_index",
        Int32,
        true,
        "position in the document's places layer (0-based; events' places point here)",
    ),
    col("start", Int64, true, "the mention: start"),
    col("end", Int64, true, "the mention: end"),
    col("text", Str, true, "the mention as written"),
    col("name", Str, true, "the gazetteer name"),
    col("lat", Float64, true, "latitude (WGS 84)"),
    col("lon", Float64, true, "longitude"),
    col("country", Str, false, "ISO 3166-1 alpha-2"),
    col(
        "subdivision",
        Str,
        false,
        "ISO 3166-2 first-level subdivision",
    ),
    col(
        "feature",
        Str,
        true,
        "country, subdivision, city, unlisted, continent or region",
    ),
    col("geonameid", Int64, false, "GeoNames id"),
    col(
        "mention",
        Str,
        true,
        "how the place was mentioned: name, metonym (\"Washington\" for a government) or demonym (\"Ukrainian\")",
    ),
    col(
        "estimated",
        Bool,
        true,
        "whether the place is not in the gazetteer and was placed through its container or a nearby town",
    ),
    col("rule", Str, true, "the resolution rule"),
    col("confidence", Float64, false, "confidence"),
];

/// The five tables, in file order.
pub const TABLES: [(&str, &[Column]); 5] = [
    ("documents.parquet", DOCUMENTS),
    ("quotes.parquet", QUOTES),
    ("actors.parquet", ACTORS),
    ("events.parquet", EVENTS),
    ("places.parquet", PLACES),
];

/// The Parquet schema of a table: one field per column, with logical types (and the
/// equivalent converted types, for older readers). A list is the standard three-level
/// LIST (`name (LIST) { repeated group list { optional binary element (STRING) } }`).
pub fn parquet_schema(table: &str, columns: &[Column]) -> Result<TypePtr, ParquetError> {
    let fields = columns
        .iter()
        .map(|c| column_type(c).map(Arc::new))
        .collect::<Result<Vec<_>, _>>()?;
    let name = table.trim_end_matches(".parquet");
    Ok(Arc::new(
        Type::group_type_builder(name).with_fields(fields).build()?,
    ))
}

fn column_type(c: &Column) -> Result<Type, ParquetError> {
    let repetition = if c.required {
        Repetition::REQUIRED
    } else {
        Repetition::OPTIONAL
    };
    let primitive = |physical, logical: Option<LogicalType>, converted| {
        Type::primitive_type_builder(c.name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .with_converted_type(converted)
            .build()
    };
    match c.kind {
        Kind::Str => primitive(
            Physical::BYTE_ARRAY,
            Some(LogicalType::String),
            ConvertedType::UTF8,
        ),
        Kind::Int32 => primitive(Physical::INT32, None, ConvertedType::NONE),
        Kind::Int64 => primitive(Physical::INT64, None, ConvertedType::NONE),
        Kind::Float64 => primitive(Physical::DOUBLE, None, ConvertedType::NONE),
        Kind::Bool => primitive(Physical::BOOLEAN, None, ConvertedType::NONE),
        Kind::Date => primitive(
            Physical::INT32,
            Some(LogicalType::Date),
            ConvertedType::DATE,
        ),
        Kind::Timestamp => primitive(
            Physical::INT64,
            Some(LogicalType::timestamp(true, TimeUnit::MICROS)),
            ConvertedType::TIMESTAMP_MICROS,
        ),
        Kind::StrList => {
            let element = Type::primitive_type_builder("element", Physical::BYTE_ARRAY)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::String))
                .with_converted_type(ConvertedType::UTF8)
                .build()?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(c.name)
                .with_repetition(repetition)
                .with_logical_type(Some(LogicalType::List))
                .with_converted_type(ConvertedType::LIST)
                .with_fields(vec![Arc::new(list)])
                .build()
        }
    }
}
