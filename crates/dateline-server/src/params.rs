//! Query-string parameters: parsing, paging and the cursor.
//!
//! Parameters are read from the raw query string by `serde_urlencoded` into structs that
//! refuse unknown names (a misspelt `speker=` is a 400 that names the accepted ones, not a
//! silently unfiltered list). An empty value (`q=`) is the same as no value, so that a
//! form that submits every field works. The timeline takes `q` several times and reads the
//! pairs itself (`pairs`).
//!
//! Paging: `limit` (default [`DEFAULT_LIMIT`], clamped to 1 ..= [`MAX_LIMIT`]) and
//! `cursor`, an opaque string taken from the previous page's `next`. Today a cursor encodes
//! an offset; clients must not build one.
//!
//! `format` (every list): `json`, the default, is the page; `csv` or `jsonl` is a download
//! of every matching row ([`crate::export`]), for which `limit` and `cursor` are checked
//! but do not apply: a download is never capped, nor does it start mid-list.

use crate::error::ApiError;
use crate::schema;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dateline_store::query::Filters;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// Items per page at most (a larger `limit` is clamped).
pub const MAX_LIMIT: usize = 1000;

/// Query parameters of type `T`, or a 400 that says what is wrong.
pub(crate) struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|e| ApiError::bad_request(format!("query parameters: {e}")))
    }
}

/// Every `name=value` pair of the query string, decoded, in order.
pub(crate) fn pairs(parts_query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(parts_query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A value as given, trimmed; `None` when empty.
pub(crate) fn given(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A page of a list: `limit` items from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    pub limit: usize,
    pub offset: usize,
}

impl Paging {
    pub(crate) fn read(limit: Option<String>, cursor: Option<String>) -> Result<Paging, ApiError> {
        let limit = match given(limit) {
            None => DEFAULT_LIMIT,
            Some(l) => l
                .parse::<usize>()
                .map_err(|_| ApiError::bad_request(format!("limit: {l:?} is not a whole number")))?
                .clamp(1, MAX_LIMIT),
        };
        let offset = match given(cursor) {
            None => 0,
            Some(c) => decode_cursor(&c)?,
        };
        Ok(Paging { limit, offset })
    }

    /// `f` reading this page and one item more (to know whether a next page exists).
    pub(crate) fn apply(&self, f: Filters) -> Filters {
        Filters {
            limit: self.limit + 1,
            offset: self.offset,
            ..f
        }
    }

    /// The page of `rows` read with [`Paging::filters`].
    pub(crate) fn page<T>(&self, mut rows: Vec<T>) -> Page<T> {
        let next = (rows.len() > self.limit).then(|| {
            rows.truncate(self.limit);
            encode_cursor(self.offset + self.limit)
        });
        Page { items: rows, next }
    }
}

/// `place`: a stored place's id, or `None` when not given.
pub(crate) fn place_id(value: Option<String>) -> Result<Option<i64>, ApiError> {
    given(value)
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                ApiError::bad_request(format!(
                    "place: {v:?} is not a place id (the `id` of an /api/places item)"
                ))
            })
        })
        .transpose()
}

fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

fn decode_cursor(cursor: &str) -> Result<usize, ApiError> {
    cursor
        .strip_prefix('o')
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "cursor: {cursor:?} is not a cursor this server gave (use the `next` of the previous page)"
            ))
        })
}

/// A list response: `{"items": [...], "next": cursor-or-null}`.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor of the next page; `null` on the last page.
    pub next: Option<String>,
}

/// `GET /api/docs`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DocsParams {
    /// Full-text search (BM25): all words must occur; `"a phrase"`, `word*` and `OR` work.
    /// Without it, the newest documents.
    pub q: Option<String>,
    /// First publication day: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last publication day (a month or year counts whole).
    pub to: Option<String>,
    /// Only documents that mention this place: its `id` in `/api/places`.
    #[param(value_type = Option<i64>)]
    pub place: Option<String>,
    /// Items per page (default 100, at most 1000); not for a download.
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default): this page, `{"items", "next"}`. `csv` or `jsonl`: every matching
    /// row as a download (`limit` and `cursor` do not apply), streamed; CSV cells as
    /// `dateline query --format csv` writes them.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count every copy of a syndicated story (by default a story counts once).
    pub all_copies: Option<bool>,
}

/// `GET /api/quotes`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuotesParams {
    /// A speaker: an actor key or any name documents used ("Putin", "Vladimir Putin").
    pub speaker: Option<String>,
    /// Words to find in the quote or its sentence.
    pub about: Option<String>,
    /// First publication day: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last publication day (a month or year counts whole).
    pub to: Option<String>,
    /// Items per page (default 100, at most 1000); not for a download.
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default): this page, `{"items", "next"}`. `csv` or `jsonl`: every matching
    /// row as a download (`limit` and `cursor` do not apply), streamed; CSV cells as
    /// `dateline query --format csv` writes them.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/actors`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActorsParams {
    /// A name or any variant documents used.
    pub q: Option<String>,
    /// person, org, place or group.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    /// Items per page (default 100, at most 1000); not for a download.
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default): this page, `{"items", "next"}`. `csv` or `jsonl`: every matching
    /// row as a download (`limit` and `cursor` do not apply), streamed; CSV cells as
    /// `dateline query --format csv` writes them.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count mentions in every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/actors/{key}`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActorParams {
    /// Count every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/actors/{key}/months` and `GET /api/actors/{key}/cooccurring`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActorListParams {
    /// `cooccurring`: how many actors (default 20, at most 1000).
    #[param(value_type = Option<u32>)]
    pub top: Option<String>,
    /// `json` (default): `{"items", "next": null}`. `csv` or `jsonl`: the same rows as a
    /// download.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/events`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsParams {
    /// Source: a CAMEO actor code (`USA` matches USA, USAGOV, USAMIL …) or an actor name.
    pub source: Option<String>,
    /// Target: a CAMEO actor code or an actor name.
    pub target: Option<String>,
    /// CAMEO root code, two digits (`04` consult, `19` fight).
    pub root: Option<String>,
    /// First day: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the event's date, else its document's).
    pub from: Option<String>,
    /// Last day (a month or year counts whole).
    pub to: Option<String>,
    /// Items per page (default 100, at most 1000); not for a download.
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default): this page, `{"items", "next"}`. `csv` or `jsonl`: every matching
    /// row as a download (`limit` and `cursor` do not apply), streamed; CSV cells as
    /// `dateline query --format csv` writes them.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/places`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlacesParams {
    /// A place name, or an ISO country or subdivision code.
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Items per page (default 100, at most 1000); not for a download.
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// `json` (default): this page, `{"items", "next"}`. `csv` or `jsonl`: every matching
    /// row as a download (`limit` and `cursor` do not apply), streamed; CSV cells as
    /// `dateline query --format csv` writes them.
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
    /// Count mentions in every copy of a syndicated story.
    pub all_copies: Option<bool>,
}

/// `GET /api/timeline` (read by `pairs`: `q` may repeat).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TimelineParams {
    /// Full-text search; repeat it to compare queries (`q=A&q=B`, at most 4): one series each.
    #[param(style = Form, explode)]
    pub q: Vec<String>,
    /// Bucket: `day`, `week` (starting Monday) or `month` (default).
    pub by: Option<String>,
    /// First publication day: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last publication day (a month or year counts whole).
    pub to: Option<String>,
    /// Count every copy of a syndicated story.
    pub all_copies: Option<bool>,
    /// `json` (default): the series. `csv` or `jsonl`: a download of one row per query and
    /// bucket, led by the query (`q`).
    #[param(value_type = Option<schema::Format>, inline)]
    pub format: Option<String>,
}

/// `POST /api/analyze` (query parameters; a JSON body carries its own `published`).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnalyzeParams {
    /// Publication date of a plain-text body, the anchor for relative times ("Friday").
    pub published: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_reads_limits_and_cursors() {
        let p = Paging::read(None, None).unwrap();
        assert_eq!(
            p,
            Paging {
                limit: 100,
                offset: 0
            }
        );
        let p = Paging::read(Some("5000".into()), Some("o200".into())).unwrap();
        assert_eq!(
            p,
            Paging {
                limit: 1000,
                offset: 200
            }
        );
        let p = Paging::read(Some("0".into()), Some(String::new())).unwrap();
        assert_eq!(
            p,
            Paging {
                limit: 1,
                offset: 0
            }
        );
        assert!(Paging::read(Some("ten".into()), None).is_err());
        assert!(Paging::read(None, Some("200".into())).is_err());
        assert!(Paging::read(None, Some("o-1".into())).is_err());
    }

    #[test]
    fn a_page_has_a_next_cursor_only_when_more_rows_exist() {
        let p = Paging {
            limit: 2,
            offset: 4,
        };
        let page = p.page(vec![1, 2, 3]);
        assert_eq!(page.items, [1, 2]);
        assert_eq!(page.next.as_deref(), Some("o6"));
        let page = p.page(vec![1, 2]);
        assert_eq!(page.next, None);
    }
}
