//! Errors as the API gives them: a status and `{"error": "..."}`, never a stack trace.
//!
//! Messages meant for the user (a bad date, an unknown actor type, a body too large) are
//! given as they are; internal failures (SQLite, a panic) are logged on the server's
//! standard error and answered with a generic message, so that nothing about the machine
//! or the schema leaks to a client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_store::StoreError;
use serde::Serialize;

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
    }

    /// A failure that is not the client's: logged here, answered without details.
    pub fn internal(log: impl std::fmt::Display) -> ApiError {
        eprintln!("dateline serve: error: {log}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error (the server's log has the details)",
        )
    }

    /// The request took longer than the server allows.
    pub fn timeout(limit: std::time::Duration) -> ApiError {
        ApiError::unavailable(format!(
            "the request took longer than {} s and was stopped; narrow the filters",
            limit.as_secs_f64()
        ))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Invalid(message) => ApiError::bad_request(message),
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                ApiError::unavailable("the query was stopped (it took too long)")
            }
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                error: &self.message,
            }),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
