//! The response shapes as OpenAPI schemas.
//!
//! The rows themselves are `dateline-store`'s (`query::DocRow`, `detail::ActorDetail` …),
//! serialized as they are: the store stays free of HTTP and OpenAPI concerns, so these
//! structs describe them here, field for field, and are never built. The tests check each
//! one against the real serialized rows (every field named, none missing), so the
//! description cannot drift from what the server sends.

#![allow(dead_code)]

use utoipa::ToSchema;

/// A stored document in a list.
#[derive(ToSchema)]
pub struct DocRow {
    /// The document's id as its input gave it (a JSONL id, a path, a URL).
    id: String,
    url: Option<String>,
    title: Option<String>,
    /// The publication date as the document gives it.
    published: Option<String>,
    /// The story cluster (syndicated copies share one).
    cluster: i64,
    /// With `q`: the matching passage, matches in `[` `]`; else the text's opening.
    snippet: String,
    /// Document tone (GDELT V2Tone "tone").
    tone: Option<f64>,
    /// Other stored documents of the same story.
    copies: i64,
}

/// A quotation with its speaker and evidence.
#[derive(ToSchema)]
pub struct QuoteRow {
    text: String,
    /// The speaker's canonical corpus name, else the words that name the speaker.
    speaker: Option<String>,
    /// The corpus actor key of the speaker (`GET /api/actors/{key}`).
    speaker_key: Option<String>,
    speaker_country: Option<String>,
    /// The speaker's roles as this document gives them.
    speaker_role: Option<String>,
    /// `utterance` (direct) or `indirect` (reported speech).
    kind: String,
    /// How the speaker was found (explicit, pronoun, description, continuity …).
    speaker_rule: String,
    confidence: Option<f32>,
    /// The document's id (`GET /api/docs/{id}`).
    doc: String,
    published: Option<String>,
    /// Character offsets of the quote in the document text.
    start: i64,
    end: i64,
    /// The quote's sentence.
    sentence: String,
}

/// A corpus-level actor.
#[derive(ToSchema)]
pub struct ActorRow {
    /// Stable, URL-safe key (`GET /api/actors/{key}`).
    key: String,
    name: String,
    /// person, org, place or group.
    #[schema(rename = "type")]
    kind: String,
    /// ISO 3166-1 alpha-3.
    country: Option<String>,
    /// CAMEO actor code.
    code: Option<String>,
    roles: Vec<String>,
    mentions: i64,
    documents: i64,
    /// Names documents used, most frequent first (at most 25).
    variants: Vec<String>,
}

/// A coded event: who did what to whom.
#[derive(ToSchema)]
pub struct EventRow {
    date: Option<String>,
    /// CAMEO actor code of the source.
    source: String,
    source_name: Option<String>,
    target: String,
    target_name: Option<String>,
    /// CAMEO event code (full), and its two-digit root.
    code: String,
    root: String,
    goldstein: f32,
    quad_class: i64,
    plover: Option<String>,
    negated: bool,
    modality: Option<String>,
    doc: String,
    published: Option<String>,
    /// Character offsets of the sentence in the document text.
    start: i64,
    end: i64,
    sentence: String,
}

/// One bucket of a timeline.
#[derive(ToSchema)]
pub struct TimelineRow {
    /// `YYYY-MM-DD` (day; week: its Monday) or `YYYY-MM` (month).
    bucket: String,
    /// Documents matching the query.
    matching: i64,
    /// Documents in the bucket.
    total: i64,
    /// matching / total.
    share: f64,
    /// Mean tone of the matching documents.
    tone: Option<f64>,
}

/// An actor that appears in the same documents as another.
#[derive(ToSchema)]
pub struct CooccurRow {
    key: String,
    name: String,
    #[schema(rename = "type")]
    kind: String,
    country: Option<String>,
    /// Documents both appear in.
    documents: i64,
    /// Mentions of this actor in those documents.
    mentions: i64,
}

/// A place on the map.
#[derive(ToSchema)]
pub struct PlaceRow {
    id: i64,
    name: String,
    /// ISO 3166-1 alpha-2.
    country: Option<String>,
    subdivision: Option<String>,
    feature: String,
    lat: f64,
    lon: f64,
    geonameid: Option<i64>,
    mentions: i64,
    documents: i64,
}

/// What the store holds.
#[derive(ToSchema)]
pub struct Stats {
    /// Stored documents (copies included).
    documents: i64,
    /// Distinct stories.
    clusters: i64,
    quotes: i64,
    actors: i64,
    events: i64,
    places: i64,
    /// First and last publication day.
    from: Option<String>,
    to: Option<String>,
    /// Bytes on disk (the database and its write-ahead log).
    file_size: u64,
    schema_version: i64,
}

/// A name documents used for an actor.
#[derive(ToSchema)]
pub struct VariantRow {
    name: String,
    count: i64,
}

/// An actor's attention in one month.
#[derive(ToSchema)]
pub struct MonthRow {
    /// `YYYY-MM`.
    month: String,
    mentions: i64,
    documents: i64,
}

/// One actor in full.
#[derive(ToSchema)]
pub struct ActorDetail {
    actor: ActorRow,
    /// Every name documents used, with counts, most frequent first.
    variants: Vec<VariantRow>,
    /// Mentions and documents per month, oldest first.
    months: Vec<MonthRow>,
    /// Its newest quotations (at most 20).
    quotes: Vec<QuoteRow>,
    /// Actors in the same documents, by documents (at most 20).
    cooccurring: Vec<CooccurRow>,
}

/// An actor's months (the whole list; `next` is always null).
#[derive(ToSchema)]
pub struct MonthPage {
    items: Vec<MonthRow>,
    next: Option<String>,
}

/// An actor's co-occurring actors (the whole list; `next` is always null).
#[derive(ToSchema)]
pub struct CooccurPage {
    items: Vec<CooccurRow>,
    next: Option<String>,
}

/// A page of documents.
#[derive(ToSchema)]
pub struct DocPage {
    items: Vec<DocRow>,
    /// The `cursor` of the next page; null on the last.
    next: Option<String>,
}

/// A page of quotations.
#[derive(ToSchema)]
pub struct QuotePage {
    items: Vec<QuoteRow>,
    next: Option<String>,
}

/// A page of actors.
#[derive(ToSchema)]
pub struct ActorPage {
    items: Vec<ActorRow>,
    next: Option<String>,
}

/// A page of events.
#[derive(ToSchema)]
pub struct EventPage {
    items: Vec<EventRow>,
    next: Option<String>,
}

/// A page of places.
#[derive(ToSchema)]
pub struct PlacePage {
    items: Vec<PlaceRow>,
    next: Option<String>,
}

/// One query's timeline.
#[derive(ToSchema)]
pub struct TimelineSeries {
    /// The query as given.
    q: String,
    items: Vec<TimelineRow>,
}

/// Timelines of one or more queries, over the same buckets.
#[derive(ToSchema)]
pub struct Timeline {
    /// `day`, `week` or `month`.
    by: String,
    /// One series per `q`, in the order given.
    series: Vec<TimelineSeries>,
}

/// What a list is answered as: `json`, a page; `csv` or `jsonl`, every matching row as a
/// streamed download (`Content-Disposition: attachment; filename="dateline-quotes.csv"`).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Jsonl,
}

/// Every error response.
#[derive(ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person.
    error: String,
}

/// An annotated document in the shape of FORMAT.md (`id`, `text`, metadata, every layer
/// with character offsets and provenance), as `dateline analyze --format jsonl` writes it.
#[derive(ToSchema)]
pub struct Document(serde_json::Value);
