//! `dateline serve`: the corpus store as a JSON API, described by an OpenAPI 3 document.
//!
//! The issue this answers: people need to *read and explore* a corpus, not only query it
//! from a terminal — a web UI (a later part) and scripts in any language both want HTTP.
//! This crate is that second front end over the same views as `dateline query`: every
//! route calls one `dateline-store` query (written once, there) and serializes its rows;
//! nothing here knows SQL. It depends on the store, the document model and the pipeline
//! (for `POST /api/analyze`); nothing depends on it but the CLI.
//!
//! Why these pieces:
//!
//! * **axum on tokio** (HTTP/1 only, default features off): the well-kept standard, and a
//!   `Router` is a `tower::Service`, so the tests drive it with `oneshot` and no socket.
//! * **Queries on blocking threads** (`pool`): SQLite calls block, and a `Store` is one
//!   connection (`Send`, not `Sync`); a fixed pool of read-only stores, one per running
//!   query, bounds both concurrency and memory, and SQLite's interrupt stops a query that
//!   outlives the time limit.
//! * **OpenAPI from the code** (utoipa 5, macros only, no Swagger UI bundle): each handler
//!   carries its `#[utoipa::path]`; [`schema`] describes the store's rows so that the
//!   store itself stays free of HTTP concerns, and tests hold the two together.
//! * **Safe by default**: binds loopback; a non-loopback address needs a bearer token or an
//!   explicit `--no-auth` ([`check_addr`]). Every response carries a Content-Security-Policy
//!   that allows no other origin and `X-Content-Type-Options: nosniff`; bodies are capped
//!   (16 MB → 413), pages are capped (1,000 items), requests are timed out (30 s → 503), and
//!   a panic in a handler becomes a 500 JSON error, never a dropped connection or a trace.
//!   Article text is only ever sent as JSON strings (escaped by serde), never as markup.
//!
//! Routes (all JSON; lists are `{"items": [...], "next": cursor-or-null}`; errors are
//! `{"error": "..."}` with 400, 401, 404, 405, 413, 415, 422, 500 or 503):
//!
//! | route | store call |
//! |---|---|
//! | `GET /api/stats` | `Store::stats` |
//! | `GET /api/docs?q=&from=&to=&place=&limit=&cursor=` | `Store::docs` |
//! | `GET /api/docs/{id}` (id percent-encoded) | `Store::document` |
//! | `GET /api/quotes?speaker=&about=&from=&to=&limit=&cursor=` | `Store::quotes` |
//! | `GET /api/actors?q=&type=&country=&limit=&cursor=` | `Store::actors` |
//! | `GET /api/actors/{key}` | `Store::actor_detail` |
//! | `GET /api/actors/{key}/months?format=` | `Store::actor_months_of` |
//! | `GET /api/actors/{key}/cooccurring?top=&format=` | `Store::cooccur` |
//! | `GET /api/events?source=&target=&root=&from=&to=&limit=&cursor=` | `Store::events` |
//! | `GET /api/timeline?q=&q=&by=day\|week\|month&from=&to=` | `Store::timeline`, once per `q` |
//! | `GET /api/places?q=&country=&limit=&cursor=` | `Store::places` |
//! | `POST /api/analyze` (text/plain or JSON) | the pipeline ([`analyze`]) |
//! | `GET /api/openapi.json` | the generated document |
//! | `format=csv\|jsonl` on the six lists: every matching row, a streamed download | the same calls, page by page ([`export`]) |
//!
//! A later web UI adds its pages beside `/api` in [`router`]; the security headers, time
//! limit and panic guard already wrap every route, and the token check covers `/api`.

pub mod analyze;
mod cache;
pub mod error;
pub mod export;
pub mod params;
mod pool;
mod routes;
pub mod schema;
pub mod ui;

pub use analyze::{AnalyzeRequest, Analyzer};
pub use error::ApiError;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use utoipa::OpenApi;

/// Request bodies at most (`POST /api/analyze`): larger ones get 413.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// A request's time at most, by default.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The Content-Security-Policy of every response: nothing from another origin, no
/// plugins, no framing, no inline script (the UI's scripts will be files served here).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Why the server cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Store(#[from] dateline_store::StoreError),
    #[error(
        "{0} is not a loopback address: anyone who can reach it could read the corpus. Give --token TOKEN (clients then send `Authorization: Bearer TOKEN`), or --no-auth to serve it openly on purpose"
    )]
    NeedsAuth(SocketAddr),
    #[error("--token and --no-auth contradict each other: choose one")]
    AuthConflict,
    #[error("the token is empty")]
    EmptyToken,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What a server serves and how.
pub struct Config {
    /// The corpus store (opened read-only).
    pub db: PathBuf,
    /// The bearer token every `/api` request must carry; `None`: no check.
    pub token: Option<String>,
    /// The analysis behind `POST /api/analyze`, or why there is none (answered as 503).
    pub analyzer: Result<Arc<Analyzer>, String>,
    /// Stores open at once, which is the number of queries that run at once.
    pub readers: usize,
    /// Analyses that run at once.
    pub analyses: usize,
    pub request_timeout: Duration,
    pub max_body: usize,
    /// Keep whole answers while the store is unchanged (see `cache`).
    pub cache: bool,
}

impl Config {
    /// Defaults: no token, no analysis, readers and analyses by the number of cores.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            db: db.into(),
            token: None,
            analyzer: Err("analysis is not configured on this server".into()),
            readers: (cores * 2).clamp(2, 16),
            analyses: cores.max(1),
            request_timeout: REQUEST_TIMEOUT,
            max_body: MAX_BODY,
            cache: true,
        }
    }
}

/// Whether the server may listen on `addr` with this authentication; the token to check.
/// A loopback address needs nothing; any other needs a token or an explicit `no_auth`.
pub fn check_addr(
    addr: SocketAddr,
    token: Option<&str>,
    no_auth: bool,
) -> Result<Option<String>, ServerError> {
    match (token, no_auth) {
        (Some(_), true) => Err(ServerError::AuthConflict),
        (Some(t), false) if t.trim().is_empty() => Err(ServerError::EmptyToken),
        (Some(t), false) => Ok(Some(t.to_string())),
        (None, true) => Ok(None),
        (None, false) if addr.ip().is_loopback() => Ok(None),
        (None, false) => Err(ServerError::NeedsAuth(addr)),
    }
}

/// What every handler shares.
pub(crate) struct Shared {
    pub(crate) pool: Arc<pool::Pool>,
    pub(crate) analyzer: Result<Arc<Analyzer>, String>,
    pub(crate) analyses: Arc<Semaphore>,
    pub(crate) openapi: String,
    pub(crate) token: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) max_body: usize,
    pub(crate) cache: Option<cache::Cache>,
}

pub(crate) type AppState = Arc<Shared>;

/// The OpenAPI document, generated from the handlers' attributes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "dateline",
        description = "The corpus store of dateline as a JSON API. Lists are `{\"items\": [...], \"next\": cursor-or-null}`: pass `next` as `cursor` for the next page. Errors are `{\"error\": \"...\"}`. When the server was started with --token, every request needs `Authorization: Bearer TOKEN`."
    ),
    paths(
        routes::stats,
        routes::docs,
        routes::doc,
        routes::quotes,
        routes::actors,
        routes::actor,
        routes::actor_months,
        routes::actor_cooccurring,
        routes::events,
        routes::timeline,
        routes::places,
        routes::analyze,
        openapi_path,
    ),
    components(schemas(AnalyzeRequest)),
    modifiers(&BearerAuth),
    tags(
        (name = "corpus", description = "The views of the corpus store, as `dateline query` gives them"),
        (name = "analysis", description = "Analysis on request, not stored"),
        (name = "meta", description = "This description")
    )
)]
pub struct ApiDoc;

/// Documents `GET /api/openapi.json` itself (the handler returns the cached text).
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "This OpenAPI 3 document", body = Object)))]
#[allow(dead_code)]
fn openapi_path() {}

/// The optional bearer token, in the document.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as JSON text.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot render the OpenAPI document: {e}\"}}"))
}

/// The application: every route with its middleware, over the store at `config.db`
/// (opened here: a missing or foreign file is an error before anything listens).
pub fn router(config: Config) -> Result<Router, ServerError> {
    let pool = pool::Pool::open(&config.db, config.readers, config.request_timeout)?;
    let state: AppState = Arc::new(Shared {
        pool: Arc::new(pool),
        analyzer: config.analyzer,
        analyses: Arc::new(Semaphore::new(config.analyses.max(1))),
        openapi: openapi_json(),
        token: config.token,
        timeout: config.request_timeout,
        max_body: config.max_body,
        cache: config.cache.then(|| cache::Cache::new(&config.db)),
    });
    let api = Router::new()
        .route("/api/stats", get(routes::stats))
        .route("/api/docs", get(routes::docs))
        // A catch-all, so that an id whose `/` was not percent-encoded is found too.
        .route("/api/docs/{*id}", get(routes::doc))
        .route("/api/quotes", get(routes::quotes))
        .route("/api/actors", get(routes::actors))
        .route("/api/actors/{key}", get(routes::actor))
        .route("/api/actors/{key}/months", get(routes::actor_months))
        .route(
            "/api/actors/{key}/cooccurring",
            get(routes::actor_cooccurring),
        )
        .route("/api/events", get(routes::events))
        .route("/api/timeline", get(routes::timeline))
        .route("/api/places", get(routes::places))
        .route("/api/analyze", post(routes::analyze))
        .route("/api/openapi.json", get(routes::openapi))
        .merge(ui::routes())
        .fallback(ui::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed);
    // Outermost last: headers on every response (errors and timeouts included), then the
    // guard (time limit, panics), then the token, then the body limit.
    Ok(api
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(middleware::from_fn_with_state(state.clone(), cached))
        .layer(middleware::from_fn_with_state(state.clone(), authorize))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(middleware::from_fn(security_headers))
        .with_state(state))
}

/// Listens on `addr`, calls `ready` with the address bound (port 0 picks one), and serves
/// until Ctrl-C (SIGINT) or SIGTERM, finishing the requests in flight.
pub fn serve(
    app: Router,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("dateline-server")
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A JSON response from bytes already rendered, with [`escape_markup`] applied.
pub(crate) fn json_bytes(bytes: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from(escape_markup(bytes)),
    )
        .into_response()
}

/// Writes `<`, `>`, `&`, U+2028 and U+2029 in JSON text as `\uXXXX` escapes. The JSON
/// means the same (these characters can only occur inside strings), but no byte of an
/// article can be read as markup by anything that mistakes the response for HTML, or
/// ends a `<script>` element a page embeds the JSON in. Text without them is returned
/// as it is, without a copy.
pub fn escape_markup(bytes: Vec<u8>) -> Vec<u8> {
    // Both searches run at memory speed (`memchr`): answers are tens of kilobytes, and
    // most hold none of these characters. 0xE2 also starts other common characters
    // (curly quotes, dashes), so each is checked and passed over.
    let markup_from = |at: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[at..]).map(|i| at + i);
    let mut markup = markup_from(0);
    let mut out: Option<Vec<u8>> = None;
    // `bytes[..copied]` is in `out`; the search goes on from `at`.
    let (mut copied, mut at) = (0, 0);
    loop {
        let before = markup.unwrap_or(bytes.len());
        let (start, code, len) = match memchr::memchr(0xE2, &bytes[at..before]).map(|i| at + i) {
            Some(i) => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(&last @ (0xA8 | 0xA9))) => {
                    (i, 0x2000 + u32::from(last) - 0x80, 3)
                }
                _ => {
                    at = i + 1;
                    continue;
                }
            },
            None => match markup {
                Some(i) => (i, u32::from(bytes[i]), 1),
                None => break,
            },
        };
        let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 64));
        out.extend_from_slice(&bytes[copied..start]);
        let _ = std::io::Write::write_fmt(out, format_args!("\\u{code:04x}"));
        copied = start + len;
        at = copied;
        if markup == Some(start) {
            markup = markup_from(at);
        }
    }
    match out {
        None => bytes,
        Some(mut out) => {
            out.extend_from_slice(&bytes[copied..]);
            out
        }
    }
}

/// Content-Security-Policy and friends on every response.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The time limit and the panic guard: the request runs as a task of its own, so that a
/// panic anywhere in it becomes a 500 JSON error and a request past the limit a 503.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A little over the query limit: a slow query is interrupted (and reported) first.
    let limit = state.timeout + Duration::from_secs(1);
    let task = tokio::spawn(next.run(request));
    let abort = task.abort_handle();
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) if e.is_panic() => {
            ApiError::internal("a request handler panicked (a dateline bug)").into_response()
        }
        Ok(Err(e)) => ApiError::internal(format!("request task: {e}")).into_response(),
        Err(_) => {
            abort.abort();
            ApiError::timeout(state.timeout).into_response()
        }
    }
}

/// Answers from the response cache when the store is unchanged; keeps new answers.
async fn cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(cache) = state
        .cache
        .as_ref()
        .filter(|_| cache::Cache::cacheable(request.method(), request.uri()))
    else {
        return next.run(request).await;
    };
    let key = request.uri().to_string();
    let stamp = cache.stamp();
    if let Some(hit) = cache.get(&key, &stamp) {
        return hit;
    }
    let response = next.run(request).await;
    if !cache::keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, cache::MAX_ENTRY).await {
        Ok(bytes) => {
            cache.put(key, stamp, &parts.headers, bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => ApiError::internal(format!("reading a response: {e}")).into_response(),
    }
}

/// The cookie that carries the token for the web UI's pages.
const TOKEN_COOKIE: &str = "dateline_token";

/// The token, when the server has one, on every route but the UI's static assets: as
/// `Authorization: Bearer TOKEN` (scripts), or as the cookie a browser gets by opening any
/// page once with `?token=TOKEN` (answered with a redirect to the same page without it).
async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = &state.token else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if path.starts_with("/assets/") {
        return next.run(request).await;
    }
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='))
        .any(|c| same(c.as_bytes(), token.as_bytes()));
    if cookie || bearer.is_some_and(|g| same(g.as_bytes(), token.as_bytes())) {
        return next.run(request).await;
    }
    let api = path == "/api" || path.starts_with("/api/");
    if !api {
        let pairs = params::pairs(request.uri().query());
        if pairs
            .iter()
            .any(|(k, v)| k == "token" && same(v.as_bytes(), token.as_bytes()))
        {
            let rest: Vec<(&str, &str)> = pairs
                .iter()
                .filter(|(k, _)| k != "token")
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let location = format!("{path}{}", ui::html::query_string(rest));
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&location) {
                headers.insert(header::LOCATION, v);
            }
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            )) {
                headers.insert(header::SET_COOKIE, v);
            }
            return response;
        }
        return ui::unauthorized();
    }
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "this server needs `Authorization: Bearer TOKEN` (the --token it was started with)",
    )
    .into_response()
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_needs_no_token_other_addresses_do() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let local6: SocketAddr = "[::1]:8080".parse().unwrap();
        let open: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(check_addr(local, None, false).unwrap(), None);
        assert_eq!(check_addr(local6, None, false).unwrap(), None);
        assert!(matches!(
            check_addr(open, None, false),
            Err(ServerError::NeedsAuth(_))
        ));
        let message = check_addr(open, None, false).unwrap_err().to_string();
        assert!(
            message.contains("--token") && message.contains("--no-auth"),
            "{message}"
        );
        assert_eq!(
            check_addr(open, Some("s3cret"), false).unwrap().as_deref(),
            Some("s3cret")
        );
        assert_eq!(check_addr(open, None, true).unwrap(), None);
        assert!(check_addr(open, Some("x"), true).is_err());
        assert!(check_addr(open, Some(" "), false).is_err());
    }

    #[test]
    fn markup_characters_are_escaped_in_json() {
        let json = serde_json::json!({"text": "a <script>alert(1)</script> & b \u{2028}ok é"});
        let bytes = serde_json::to_vec(&json).unwrap();
        let escaped = escape_markup(bytes);
        let text = String::from_utf8(escaped.clone()).unwrap();
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        assert!(
            text.contains("\\u003cscript\\u003e") && text.contains("\\u2028"),
            "{text}"
        );
        assert!(text.contains('é'));
        let back: serde_json::Value = serde_json::from_slice(&escaped).unwrap();
        assert_eq!(back, json);
        let plain = b"{\"a\":\"b\"}".to_vec();
        assert_eq!(escape_markup(plain.clone()), plain);
    }

    #[test]
    fn markup_escapes_match_a_character_by_character_rewrite() {
        // The plain rewrite the fast search must agree with.
        fn by_chars(text: &str) -> String {
            text.chars()
                .map(|c| match c {
                    '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => format!("\\u{:04x}", c as u32),
                    c => c.to_string(),
                })
                .collect()
        }
        let pieces = [
            "",
            "a",
            "<",
            ">",
            "&",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "“",
            "”",
            "—",
            "€",
            "é",
            "plain words ",
            "\u{202a}",
        ];
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        texts.push("x".repeat(100) + "<" + &"“".repeat(50) + "&\u{2029}");
        for text in texts {
            let got = escape_markup(text.clone().into_bytes());
            assert_eq!(String::from_utf8(got).unwrap(), by_chars(&text), "{text:?}");
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_becomes_a_500_json_error_with_headers() {
        use tower::ServiceExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("empty.db");
        drop(dateline_store::Store::create(&db).unwrap());
        let pool = pool::Pool::open(&db, 1, REQUEST_TIMEOUT).unwrap();
        let state: AppState = Arc::new(Shared {
            pool: Arc::new(pool),
            analyzer: Err(String::new()),
            analyses: Arc::new(Semaphore::new(1)),
            openapi: String::new(),
            token: None,
            timeout: REQUEST_TIMEOUT,
            max_body: MAX_BODY,
            cache: None,
        });
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let app = Router::new()
            .route("/api/boom", get(boom))
            .layer(middleware::from_fn_with_state(state.clone(), guard))
            .layer(middleware::from_fn(security_headers))
            .with_state(state);
        let response = app
            .oneshot(Request::get("/api/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            response
                .headers()
                .contains_key(header::CONTENT_SECURITY_POLICY)
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(
            v["error"].as_str().unwrap().contains("internal error"),
            "{v}"
        );
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
