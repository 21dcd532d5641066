//! What the server's integration tests share: requests through the router with no socket
//! (`tower::ServiceExt::oneshot`), their answers, and the small rows fixtures are made of.

#![allow(dead_code)] // each test file uses its part

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use dateline_store::DocPlace;
use serde_json::Value;
use tower::ServiceExt;

/// A response read in full.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The message of a JSON error.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    /// The body as JSON lines.
    pub fn lines(&self) -> Vec<Value> {
        self.text()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 256 << 20)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// A city at (`lat`, `lon`), mentioned once.
pub fn place(name: &str, country: &str, geonameid: u32, lat: f64, lon: f64) -> DocPlace {
    DocPlace {
        name: name.into(),
        country: Some(country.into()),
        subdivision: None,
        feature: "city",
        lat,
        lon,
        geonameid: Some(geonameid),
        mentions: 1,
    }
}
