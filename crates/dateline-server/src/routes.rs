//! The handlers, one per route, each a thin mapping from parameters to one store view
//! (written once, in `dateline-store`) and from rows to JSON. The `#[utoipa::path]`
//! attribute beside each handler is what `/api/openapi.json` is generated from.
//!
//! The list routes (`docs`, `quotes`, `actors`, `events`, `places`, `timeline`) answer a
//! JSON page by default, and with `format=csv` or `format=jsonl` every matching row as a
//! streamed download (`dateline-quotes.csv` …), read page by page from the same view
//! ([`crate::export`]). A bad filter is a JSON 400 either way; an error once a download
//! has started cuts it off (the status is sent by then).

use crate::analyze::{AnalyzeRequest, read_body};
use crate::error::ApiError;
use crate::export::{self, Download};
use crate::params::{
    ActorListParams, ActorParams, ActorsParams, AnalyzeParams, DocsParams, EventsParams, Paging,
    Params, PlacesParams, QuotesParams, TimelineParams, given, pairs, place_id,
};
use crate::schema;
use crate::{AppState, json_bytes};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use dateline_store::query::{Filters, Stats, View, fts_query};
use dateline_store::{Store, StoreError};
use serde::Serialize;

/// Queries one timeline request may compare.
pub const MAX_SERIES: usize = 4;

/// A path segment's decoded value, or a 400 JSON error (bad percent-encoding, not UTF-8).
fn path_value(value: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    value
        .map(|Path(v)| v)
        .map_err(|e| ApiError::bad_request(format!("path: {}", e.body_text())))
}

fn json<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    // A page of 100 quotes is some 40 kB: room for it at once, not by doubling.
    let mut out = Vec::with_capacity(64 << 10);
    serde_json::to_writer(&mut out, value).map_err(ApiError::internal)?;
    Ok(json_bytes(out))
}

/// A list route's answer: the JSON page of `paging`, or with `format` every row of the
/// list as a download named `dateline-{name}`.
async fn list<T, F>(
    s: &AppState,
    name: &str,
    format: Option<Download>,
    paging: Paging,
    f: Filters,
    view: F,
) -> Result<Response, ApiError>
where
    T: View + Send + 'static,
    F: Fn(&Store, &Filters) -> Result<Vec<T>, StoreError> + Send + Sync + 'static,
{
    match format {
        None => {
            let f = paging.apply(f);
            let rows: Vec<T> = s.pool.run(move |store| Ok(view(store, &f)?)).await?;
            json(&paging.page(rows))
        }
        Some(format) => export::download(&s.pool, name, format, export::by_offset(f, view)).await,
    }
}

#[utoipa::path(get, path = "/api/stats", tag = "corpus",
    responses((status = 200, description = "What the store holds", body = schema::Stats)))]
pub(crate) async fn stats(State(s): State<AppState>) -> Result<Response, ApiError> {
    let stats: Stats = s.pool.run(|store| Ok(store.stats()?)).await?;
    json(&stats)
}

#[utoipa::path(get, path = "/api/docs", tag = "corpus", params(DocsParams),
    responses(
        (status = 200, description = "Documents, by relevance with `q`, else newest first. With `format=csv` or `format=jsonl`: every matching row, streamed as a download", content(
            (schema::DocPage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-docs.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "A bad date, place, format, limit or cursor", body = schema::ErrorBody)))]
pub(crate) async fn docs(
    State(s): State<AppState>,
    Params(p): Params<DocsParams>,
) -> Result<Response, ApiError> {
    let paging = Paging::read(p.limit, p.cursor)?;
    let format = Download::read(p.format)?;
    let f = Filters {
        q: given(p.q),
        from: given(p.from),
        to: given(p.to),
        place: place_id(p.place)?,
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    list(&s, "docs", format, paging, f, Store::docs).await
}

#[utoipa::path(get, path = "/api/docs/{id}", tag = "corpus",
    params(("id" = String, Path, description = "The document's id (or store key), percent-encoded as one path segment: `/` as `%2F`, `%` as `%25`, `?` as `%3F`, `#` as `%23`. An id with unencoded `/` is also accepted.")),
    responses(
        (status = 200, description = "The stored document, exactly as `dateline analyze --format jsonl` wrote it (FORMAT.md shape)", body = schema::Document),
        (status = 404, description = "No stored document has this id", body = schema::ErrorBody)))]
pub(crate) async fn doc(
    State(s): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_value(id)?;
    let lookup = id.clone();
    let found = s
        .pool
        .run(move |store| Ok(store.document(&lookup)?))
        .await?;
    match found {
        Some(json) => Ok(json_bytes(json.into_bytes())),
        None => Err(ApiError::not_found(format!("no document with id {id:?}"))),
    }
}

#[utoipa::path(get, path = "/api/quotes", tag = "corpus", params(QuotesParams),
    responses(
        (status = 200, description = "Quotations, newest first. With `format=csv` or `format=jsonl`: every matching row, streamed as a download", content(
            (schema::QuotePage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-quotes.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "A bad date, format, limit or cursor", body = schema::ErrorBody)))]
pub(crate) async fn quotes(
    State(s): State<AppState>,
    Params(p): Params<QuotesParams>,
) -> Result<Response, ApiError> {
    let paging = Paging::read(p.limit, p.cursor)?;
    let format = Download::read(p.format)?;
    let f = Filters {
        speaker: given(p.speaker),
        about: given(p.about),
        from: given(p.from),
        to: given(p.to),
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    list(&s, "quotes", format, paging, f, Store::quotes).await
}

#[utoipa::path(get, path = "/api/actors", tag = "corpus", params(ActorsParams),
    responses(
        (status = 200, description = "Corpus actors, most mentioned first. With `format=csv` or `format=jsonl`: every matching row, streamed as a download", content(
            (schema::ActorPage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-actors.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "An unknown type, a bad format, limit or cursor", body = schema::ErrorBody)))]
pub(crate) async fn actors(
    State(s): State<AppState>,
    Params(p): Params<ActorsParams>,
) -> Result<Response, ApiError> {
    let paging = Paging::read(p.limit, p.cursor)?;
    let format = Download::read(p.format)?;
    let f = Filters {
        q: given(p.q),
        kind: given(p.kind),
        country: given(p.country),
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    list(&s, "actors", format, paging, f, Store::actors).await
}

#[utoipa::path(get, path = "/api/actors/{key}", tag = "corpus",
    params(("key" = String, Path, description = "The actor's key, as list items carry it"), ActorParams),
    responses(
        (status = 200, description = "The actor, its names, mentions per month, newest quotes and co-occurring actors", body = schema::ActorDetail),
        (status = 404, description = "No actor has this key", body = schema::ErrorBody)))]
pub(crate) async fn actor(
    State(s): State<AppState>,
    key: Result<Path<String>, PathRejection>,
    Params(p): Params<ActorParams>,
) -> Result<Response, ApiError> {
    let key = path_value(key)?;
    let f = Filters {
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    let lookup = key.clone();
    let detail = s
        .pool
        .run(move |store| Ok(store.actor_detail(&lookup, &f)?))
        .await?;
    match detail {
        Some(d) => json(&d),
        None => Err(ApiError::not_found(format!("no actor with key {key:?}"))),
    }
}

/// The whole of a short list (an actor's months or co-occurring actors): one JSON page
/// with `next: null`, or the same rows as a download.
async fn whole<T, F>(
    s: &AppState,
    name: &str,
    format: Option<Download>,
    f: Filters,
    view: F,
) -> Result<Response, ApiError>
where
    T: View + Send + 'static,
    F: Fn(&Store, &Filters) -> Result<Vec<T>, StoreError> + Send + Sync + 'static,
{
    // An offset past 0 is an empty page: the list is read once, however long.
    let once = move |store: &Store, f: &Filters| {
        if f.offset > 0 {
            Ok(Vec::new())
        } else {
            view(store, f)
        }
    };
    match format {
        None => {
            let rows: Vec<T> = s.pool.run(move |store| Ok(once(store, &f)?)).await?;
            json(&crate::params::Page {
                items: rows,
                next: None,
            })
        }
        Some(format) => export::download(&s.pool, name, format, export::by_offset(f, once)).await,
    }
}

/// The actor `key`, or a 404.
async fn known_actor(s: &AppState, key: &str) -> Result<(), ApiError> {
    let lookup = key.to_string();
    let found = s
        .pool
        .run(move |store| Ok(store.actor_exists(&lookup)?))
        .await?;
    if found {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("no actor with key {key:?}")))
    }
}

#[utoipa::path(get, path = "/api/actors/{key}/months", tag = "corpus",
    params(("key" = String, Path, description = "The actor's key"), ActorListParams),
    responses(
        (status = 200, description = "The actor's mentions and documents per month of publication, oldest first (the actor page's chart)", content(
            (schema::MonthPage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson"))),
        (status = 404, description = "No actor has this key", body = schema::ErrorBody)))]
pub(crate) async fn actor_months(
    State(s): State<AppState>,
    key: Result<Path<String>, PathRejection>,
    Params(p): Params<ActorListParams>,
) -> Result<Response, ApiError> {
    let key = path_value(key)?;
    let format = Download::read(p.format)?;
    known_actor(&s, &key).await?;
    let f = Filters {
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    whole(&s, "months", format, f, move |store, f| {
        Ok(store.actor_months_of(&key, f)?.unwrap_or_default())
    })
    .await
}

/// Co-occurring actors a request may ask for at most.
pub const MAX_TOP: usize = 1000;

#[utoipa::path(get, path = "/api/actors/{key}/cooccurring", tag = "corpus",
    params(("key" = String, Path, description = "The actor's key"), ActorListParams),
    responses(
        (status = 200, description = "The actors that appear in the same documents, by shared documents (the actor page's network)", content(
            (schema::CooccurPage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson"))),
        (status = 400, description = "A bad `top` or format", body = schema::ErrorBody),
        (status = 404, description = "No actor has this key", body = schema::ErrorBody)))]
pub(crate) async fn actor_cooccurring(
    State(s): State<AppState>,
    key: Result<Path<String>, PathRejection>,
    Params(p): Params<ActorListParams>,
) -> Result<Response, ApiError> {
    let key = path_value(key)?;
    let format = Download::read(p.format)?;
    let top = match given(p.top) {
        None => 20,
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request(format!("top: {t:?} is not a whole number")))?
            .clamp(1, MAX_TOP),
    };
    known_actor(&s, &key).await?;
    let f = Filters {
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    whole(&s, "cooccurring", format, f, move |store, f| {
        store.cooccur(&key, top, f)
    })
    .await
}

#[utoipa::path(get, path = "/api/events", tag = "corpus", params(EventsParams),
    responses(
        (status = 200, description = "Coded events, newest first. With `format=csv` or `format=jsonl`: every matching row, streamed as a download", content(
            (schema::EventPage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-events.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "A bad root code, date, format, limit or cursor", body = schema::ErrorBody)))]
pub(crate) async fn events(
    State(s): State<AppState>,
    Params(p): Params<EventsParams>,
) -> Result<Response, ApiError> {
    let paging = Paging::read(p.limit, p.cursor)?;
    let format = Download::read(p.format)?;
    let f = Filters {
        source: given(p.source),
        target: given(p.target),
        root: given(p.root),
        from: given(p.from),
        to: given(p.to),
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    list(&s, "events", format, paging, f, Store::events).await
}

/// One query's series in a timeline response.
#[derive(Serialize)]
struct Series {
    q: String,
    items: Vec<dateline_store::query::TimelineRow>,
}

#[derive(Serialize)]
struct Timeline {
    by: String,
    series: Vec<Series>,
}

#[utoipa::path(get, path = "/api/timeline", tag = "corpus", params(TimelineParams),
    responses(
        (status = 200, description = "Per bucket: matching documents, total, share and mean tone; one series per `q`. With `format=csv` or `format=jsonl`: one row per query and bucket, led by `q`, streamed as a download", content(
            (schema::Timeline = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-timeline.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "No `q`, more than four, a bad `by`, date or format", body = schema::ErrorBody)))]
pub(crate) async fn timeline(State(s): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let mut queries: Vec<String> = Vec::new();
    let mut f = Filters::new();
    let mut format = None;
    for (name, value) in pairs(uri.query()) {
        let value = given(Some(value));
        match name.as_str() {
            "q" => queries.extend(value),
            "by" => f.by = value,
            "format" => format = Download::read(value)?,
            "from" => f.from = value,
            "to" => f.to = value,
            "all_copies" => {
                f.all_copies = match value.as_deref() {
                    None | Some("false") => false,
                    Some("true") => true,
                    Some(other) => {
                        return Err(ApiError::bad_request(format!(
                            "all_copies takes true or false, not {other:?}"
                        )));
                    }
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "query parameters: unknown field `{other}`, expected one of `q`, `by`, `from`, `to`, `all_copies`, `format`"
                )));
            }
        }
    }
    if queries.is_empty() {
        return Err(ApiError::bad_request(
            "timeline needs a search: q=TEXT (repeat q to compare up to four)",
        ));
    }
    if queries.len() > MAX_SERIES {
        return Err(ApiError::bad_request(format!(
            "a timeline compares at most {MAX_SERIES} queries, not {}",
            queries.len()
        )));
    }
    if let Some(format) = format {
        // Every query is checked before the first byte; the first page checks the rest.
        for q in &queries {
            fts_query(q)?;
        }
        let pages = export::by_query(queries, f);
        return export::download(&s.pool, "timeline", format, pages).await;
    }
    let by = f.by.clone().unwrap_or_else(|| "month".into());
    let series = timelines(&s, queries, &f)
        .await?
        .into_iter()
        .map(|(q, items)| Series { q, items })
        .collect();
    json(&Timeline { by, series })
}

/// The timeline of each query, read concurrently (one store each), in the order asked.
pub(crate) async fn timelines(
    s: &AppState,
    queries: Vec<String>,
    f: &Filters,
) -> Result<Vec<(String, Vec<dateline_store::query::TimelineRow>)>, ApiError> {
    let tasks: Vec<_> = queries
        .into_iter()
        .map(|q| {
            let pool = s.pool.clone();
            let f = f.clone();
            tokio::spawn(async move {
                let items = pool
                    .run({
                        let q = q.clone();
                        move |store| Ok(store.timeline(&q, &f)?)
                    })
                    .await?;
                Ok::<_, ApiError>((q, items))
            })
        })
        .collect();
    let mut series = Vec::with_capacity(tasks.len());
    for task in tasks {
        series.push(
            task.await
                .map_err(|e| ApiError::internal(format!("timeline task: {e}")))??,
        );
    }
    Ok(series)
}

#[utoipa::path(get, path = "/api/places", tag = "corpus", params(PlacesParams),
    responses(
        (status = 200, description = "Places on the map, most mentioned first. With `format=csv` or `format=jsonl`: every matching row, streamed as a download", content(
            (schema::PlacePage = "application/json"),
            (String = "text/csv"),
            (String = "application/x-ndjson")),
            headers(("Content-Disposition" = String, description = "With `format=csv` or `jsonl`: `attachment; filename=\"dateline-places.csv\"` (or `.jsonl`)"))),
        (status = 400, description = "A bad format, limit or cursor", body = schema::ErrorBody)))]
pub(crate) async fn places(
    State(s): State<AppState>,
    Params(p): Params<PlacesParams>,
) -> Result<Response, ApiError> {
    let paging = Paging::read(p.limit, p.cursor)?;
    let format = Download::read(p.format)?;
    let f = Filters {
        q: given(p.q),
        country: given(p.country),
        all_copies: p.all_copies.unwrap_or(false),
        ..Filters::new()
    };
    list(&s, "places", format, paging, f, Store::places).await
}

#[utoipa::path(post, path = "/api/analyze", tag = "analysis", params(AnalyzeParams),
    request_body(description = "The article: plain UTF-8 text (publication date as `?published=`), or JSON", content(
        (String = "text/plain"),
        (AnalyzeRequest = "application/json"))),
    responses(
        (status = 200, description = "The annotated document, as `dateline analyze --format jsonl` writes it; not stored", body = schema::Document),
        (status = 400, description = "No text, a bad publication date, text that is not UTF-8", body = schema::ErrorBody),
        (status = 413, description = "The body is larger than 16 MB", body = schema::ErrorBody),
        (status = 415, description = "Neither text/plain nor JSON", body = schema::ErrorBody),
        (status = 422, description = "A JSON body that cannot be read", body = schema::ErrorBody),
        (status = 503, description = "Analysis is unavailable (no knowledge base): the message says how to build it", body = schema::ErrorBody)))]
pub(crate) async fn analyze(
    State(s): State<AppState>,
    headers: HeaderMap,
    Params(p): Params<AnalyzeParams>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!(
                    "the body is larger than {} MB",
                    s.max_body as f64 / (1024.0 * 1024.0)
                ),
            )
        } else {
            ApiError::new(status, rejection.body_text())
        }
    })?;
    let analyzer = match &s.analyzer {
        Ok(a) => a.clone(),
        Err(why) => return Err(ApiError::unavailable(why.clone())),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let (meta, text) = read_body(content_type, &body, p.published)?;
    drop(body);
    let limit = s.timeout;
    let permit = tokio::time::timeout(limit, s.analyses.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::timeout(limit))?
        .map_err(|_| ApiError::unavailable("the server is stopping"))?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        analyzer.analyze(meta, text)
    });
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(result)) => Ok(json_bytes(result?)),
        Ok(Err(join)) => Err(ApiError::internal(format!("analysis task: {join}"))),
        Err(_) => Err(ApiError::timeout(limit)),
    }
}

/// `GET /api/openapi.json`: the document built from the attributes above.
pub(crate) async fn openapi(State(s): State<AppState>) -> Response {
    json_bytes(s.openapi.as_bytes().to_vec())
}

/// Any other path: 404, as JSON.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such route: {}", uri.path()))
}

/// A known path with another method: 405, as JSON.
pub(crate) async fn method_not_allowed() -> impl IntoResponse {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this route does not take that method",
    )
}
