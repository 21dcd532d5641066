//! `POST /api/analyze`: a document analysed on request and given back, not stored.
//!
//! The pipeline is built once when the server starts (by the CLI, with the same layers
//! and resources as `dateline analyze`) and shared by every request; each analysis runs
//! on a blocking thread, at most one per core at a time, so that a burst of large bodies
//! queues instead of starving the store's queries. The answer is the JSON line
//! `dateline analyze --format jsonl` would write for the same text and publication date
//! (the id is `-`, as for standard input, unless the JSON body gives one).

use crate::error::ApiError;
use axum::http::StatusCode;
use dateline_doc::{Doc, Layer, Metadata, Published, json};
use dateline_pipeline::Pipeline;
use serde::Deserialize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use utoipa::ToSchema;

/// A built pipeline and the layers its output carries.
pub struct Analyzer {
    pipeline: Pipeline,
    layers: Vec<Layer>,
}

impl Analyzer {
    pub fn new(pipeline: Pipeline, layers: Vec<Layer>) -> Analyzer {
        Analyzer { pipeline, layers }
    }

    /// Analyses one document and renders its JSON (FORMAT.md shape, character offsets).
    pub fn analyze(&self, meta: Metadata, text: String) -> Result<Vec<u8>, ApiError> {
        let mut doc = Doc::new(meta, text)
            .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()))?;
        catch_unwind(AssertUnwindSafe(|| {
            self.pipeline.run(&mut doc);
            let mut buf = Vec::with_capacity(doc.text().len() * 2 + 256);
            json::to_writer(&mut buf, &doc, &self.layers, false).map(|()| buf)
        }))
        .map_err(|_| ApiError::internal("analysis panicked (a dateline bug)"))?
        .map_err(ApiError::internal)
    }
}

/// The JSON body of `POST /api/analyze`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    /// The article text (UTF-8).
    pub text: String,
    /// Publication date (e.g. `2025-08-16`, `2025-08-16T03:10:00Z`): the anchor for
    /// relative times ("Friday").
    pub published: Option<String>,
    /// Carried through to the output as `id` [default: `-`].
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// The document to analyse from a request body, by its content type.
pub(crate) fn read_body(
    content_type: Option<&str>,
    body: &[u8],
    published: Option<String>,
) -> Result<(Metadata, String), ApiError> {
    let media = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let is_json = media == "application/json" || media.ends_with("+json");
    let (mut meta, text, published) = if is_json {
        let request: AnalyzeRequest = serde_json::from_slice(body).map_err(|e| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the JSON body cannot be read: {e} (expected {{\"text\": ..., \"published\": ...}})"),
            )
        })?;
        if published.is_some() {
            return Err(ApiError::bad_request(
                "give `published` in the JSON body, not as a query parameter",
            ));
        }
        let mut meta = Metadata::with_id(request.id.unwrap_or_else(|| "-".into()));
        meta.title = request.title;
        meta.url = request.url;
        (meta, request.text, request.published)
    } else if media.is_empty() || media == "text/plain" {
        let text = std::str::from_utf8(body)
            .map_err(|_| ApiError::bad_request("the body is not UTF-8 text"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        (Metadata::with_id("-"), text.to_string(), published)
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "cannot analyse a body of type {media:?}: send text/plain, or application/json with {{\"text\": ...}}"
            ),
        ));
    };
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("there is no text to analyse"));
    }
    if let Some(p) = published
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        meta.published = Some(
            Published::parse(p).map_err(|e| ApiError::bad_request(format!("published: {e}")))?,
        );
    }
    Ok((meta, text))
}
