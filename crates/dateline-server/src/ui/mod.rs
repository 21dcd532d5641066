//! The web UI: pages over the same store views as the JSON API, rendered on the server.
//!
//! Why this shape: a page is one request that returns complete HTML (fast on a 100k-doc
//! store, readable without script, every state in its URL because every form is a GET),
//! built with the same `dateline-store` calls as `/api` and `dateline query`. Charts and
//! the world map are SVG drawn here ([`charts`], [`map`]); the one script (`app.js`) only
//! shows an annotation's evidence on hover or focus and moves focus to an annotation from
//! the side lists. Assets are compiled into the binary (`include_str!`, and the map
//! outlines by `build.rs` from npm's `world-atlas`): nothing is fetched from another host,
//! and the Content-Security-Policy forbids it anyway. Every text from the corpus passes
//! through [`html::esc`]; see [`article`] for how annotations become elements.
//!
//! | page | store calls |
//! |---|---|
//! | `/?q=&from=&to=&place=&page=` | `docs`, `facets`, `stats` |
//! | `/doc/{id}` | `document_detail` |
//! | `/quotes?speaker=&about=&from=&to=&page=` | `quotes` |
//! | `/actors?q=&type=&country=&page=` | `actors` |
//! | `/actors/{key}` | `actor_detail` |
//! | `/map?q=&country=&place=` | `places`, `docs` with `place` |
//! | `/timeline?q=&q=&by=&from=&to=` | `timeline`, once per `q` |
//!
//! Every list links its full download: the `/api` route with the same filters and
//! `format=csv` or `format=jsonl`.

pub mod article;
pub mod charts;
pub mod html;
pub mod map;

use crate::AppState;
use crate::error::ApiError;
use crate::params::pairs;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use dateline_store::query::{Filters, QuoteRow};
use html::{actor_href, count, doc_href, downloads, esc, layout, query_string, url_part};
use serde_json::Value;
use std::fmt::Write;

/// Items on a page of results.
pub const PAGE: usize = 25;

/// The UI's routes (merged beside `/api` by [`crate::router`]).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search))
        .route("/doc/{*id}", get(doc))
        .route("/quotes", get(quotes))
        .route("/actors", get(actors))
        .route("/actors/{key}", get(actor))
        .route("/map", get(map_page))
        .route("/timeline", get(timeline))
        .route("/assets/{name}", get(asset))
}

/// An error as a page: the status and what went wrong, in the layout.
pub(crate) struct UiError(ApiError);

impl From<ApiError> for UiError {
    fn from(e: ApiError) -> UiError {
        UiError(e)
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let status = self.0.status;
        let body = format!(
            "<h1>{} {}</h1><p class=\"error\">{}</p><p><a href=\"/\">Back to the search</a></p>",
            status.as_u16(),
            esc(status.canonical_reason().unwrap_or("Error")),
            esc(&self.0.message)
        );
        (status, Html(layout("Error", "", &body))).into_response()
    }
}

type PageResult = Result<Html<String>, UiError>;

/// The query string of a page, read leniently (unknown names are ignored: a page is
/// addressed by people, who add parameters by hand).
struct Query(Vec<(String, String)>);

impl Query {
    fn read(uri: &Uri) -> Query {
        Query(pairs(uri.query()))
    }

    /// The first non-empty value of `name`, trimmed ("" when none).
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map_or("", |(_, v)| v.trim())
    }

    fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_string()).filter(|v| !v.is_empty())
    }

    /// Every non-empty value of `name`.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The page number (from 0).
    fn page(&self) -> Result<usize, UiError> {
        match self.get("page") {
            "" => Ok(0),
            p => p
                .parse::<usize>()
                .ok()
                .filter(|&p| p < 1_000_000)
                .ok_or_else(|| {
                    UiError(ApiError::bad_request(format!(
                        "page: {p:?} is not a page number"
                    )))
                }),
        }
    }

    /// The place id of `place=`, if given.
    fn place(&self) -> Result<Option<i64>, UiError> {
        match self.get("place") {
            "" => Ok(None),
            p => p.parse::<i64>().map(Some).map_err(|_| {
                UiError(ApiError::bad_request(format!(
                    "place: {p:?} is not a place id"
                )))
            }),
        }
    }

    fn all_copies(&self) -> bool {
        self.get("all_copies") == "true"
    }
}

/// Filters for page `page` of a list (one row more, to know whether a next page exists).
fn page_filters(page: usize, all_copies: bool) -> Filters {
    Filters {
        limit: PAGE + 1,
        offset: page * PAGE,
        all_copies,
        ..Filters::new()
    }
}

/// "Previous" and "next" links that keep the page's other parameters.
fn pager(path: &str, params: &[(&str, &str)], page: usize, more: bool) -> String {
    let link = |p: usize, label: &str, rel: &str| {
        let number = p.to_string();
        let mut all: Vec<(&str, &str)> = params.to_vec();
        if p > 0 {
            all.push(("page", &number));
        }
        format!(
            "<a rel=\"{rel}\" href=\"{}{}\">{label}</a>",
            path,
            esc(&query_string(all))
        )
    };
    let mut out = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    if page > 0 {
        out.push_str(&link(page - 1, "← Previous", "prev"));
    }
    let _ = write!(out, " <span>Page {}</span> ", page + 1);
    if more {
        out.push_str(&link(page + 1, "Next →", "next"));
    }
    out.push_str("</nav>");
    out
}

/// A labelled text input of a filter form.
fn input(name: &str, label: &str, value: &str, placeholder: &str) -> String {
    format!(
        "<div class=\"field\"><label for=\"f-{name}\">{label}</label><input id=\"f-{name}\" name=\"{name}\" value=\"{}\" placeholder=\"{placeholder}\"></div>",
        esc(value)
    )
}

fn date_inputs(q: &Query) -> String {
    format!(
        "{}{}",
        input("from", "From", q.get("from"), "YYYY-MM-DD"),
        input("to", "To", q.get("to"), "YYYY-MM-DD")
    )
}

/// A layer's name in the plural, for the legend.
fn plural(layer: &str) -> String {
    match layer {
        "entity" => "entities".into(),
        other => format!("{other}s"),
    }
}

/// A publication date, or a dash.
fn day(published: &Option<String>) -> String {
    published
        .as_deref()
        .map(|p| esc(p.get(..10).unwrap_or(p)))
        .unwrap_or_else(|| "undated".into())
}

// ---------------------------------------------------------------------------------------
// `/`: search

async fn search(State(s): State<AppState>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let page = q.page()?;
    let place = q.place()?;
    let f = Filters {
        q: q.opt("q"),
        from: q.opt("from"),
        to: q.opt("to"),
        place,
        ..page_filters(page, q.all_copies())
    };
    // Three reads on three stores at once: the page waits for the slowest, not the sum.
    let facet_filters = f.clone();
    let (rows, facets, stats) = tokio::join!(
        s.pool.run(move |store| Ok(store.docs(&f)?)),
        s.pool
            .run(move |store| Ok(store.facets(&facet_filters, 12)?)),
        s.pool.run(|store| Ok(store.stats()?)),
    );
    let (rows, facets, stats) = (rows?, facets?, stats?);
    let more = rows.len() > PAGE;
    let mut body = String::from("<h1>Search the corpus</h1>");
    let _ = write!(
        body,
        "<form id=\"search\" role=\"search\" action=\"/\" method=\"get\">{}{}{}<button type=\"submit\">Search</button></form>",
        input("q", "Words", q.get("q"), "e.g. ceasefire Putin"),
        date_inputs(&q),
        if place.is_some() {
            format!(
                "<input type=\"hidden\" name=\"place\" value=\"{}\">",
                esc(q.get("place"))
            )
        } else {
            String::new()
        }
    );
    let _ = write!(
        body,
        "<p class=\"muted\">The store holds {} documents ({} stories), {} quotes, {} actors, {} events and {} places{}.</p>",
        count(stats.documents),
        count(stats.clusters),
        count(stats.quotes),
        count(stats.actors),
        count(stats.events),
        count(stats.places),
        match (&stats.from, &stats.to) {
            (Some(a), Some(b)) => format!(", published {} to {}", esc(a), esc(b)),
            _ => String::new(),
        }
    );
    if let Some(p) = place {
        let name = facets
            .places
            .iter()
            .find(|x| x.id == p)
            .map_or_else(|| format!("place {p}"), |x| x.name.clone());
        let without = query_string([
            ("q", q.get("q")),
            ("from", q.get("from")),
            ("to", q.get("to")),
        ]);
        let _ = write!(
            body,
            "<p>Only documents that mention <strong>{}</strong> · <a href=\"/{}\">show all</a></p>",
            esc(&name),
            esc(&without)
        );
    }
    body.push_str(
        "<div class=\"with-aside\"><section aria-labelledby=\"results-h\"><h2 id=\"results-h\">",
    );
    body.push_str(if q.get("q").is_empty() {
        "Newest documents"
    } else {
        "Best matches"
    });
    body.push_str("</h2>");
    if rows.is_empty() {
        body.push_str("<p>No document matches.</p>");
    }
    body.push_str("<ol id=\"results\">");
    for r in rows.iter().take(PAGE) {
        let title = r.title.clone().unwrap_or_else(|| r.id.clone());
        let _ = write!(
            body,
            "<li><a href=\"{}\">{}</a><div class=\"meta\">{}{}{}</div><p class=\"snippet\">{}</p></li>",
            esc(&doc_href(&r.id)),
            esc(&title),
            day(&r.published),
            if r.copies > 0 {
                format!(
                    " · {} other {} of this story",
                    r.copies,
                    if r.copies == 1 { "copy" } else { "copies" }
                )
            } else {
                String::new()
            },
            r.tone
                .map(|t| format!(" · tone {t:+.1}"))
                .unwrap_or_default(),
            esc(&r.snippet)
        );
    }
    body.push_str("</ol>");
    let params = [
        ("q", q.get("q")),
        ("from", q.get("from")),
        ("to", q.get("to")),
        ("place", q.get("place")),
    ];
    body.push_str(&pager("/", &params, page, more));
    body.push_str(&downloads("/api/docs", &params));
    body.push_str("</section><aside aria-label=\"Facets\">");
    let _ = write!(
        body,
        "<section id=\"facet-actors\"><h2>Actors</h2><p class=\"muted\">in the best {} matches</p><ul>",
        count(facets.documents as i64)
    );
    for a in &facets.actors {
        let _ = write!(
            body,
            "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
            esc(&actor_href(&a.key)),
            esc(&a.name),
            esc(&a.kind),
            a.documents
        );
    }
    body.push_str("</ul></section><section id=\"facet-places\"><h2>Places</h2><ul>");
    for p in &facets.places {
        let id = p.id.to_string();
        let _ = write!(
            body,
            "<li><a href=\"/{}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
            esc(&query_string([
                ("q", q.get("q")),
                ("from", q.get("from")),
                ("to", q.get("to")),
                ("place", id.as_str())
            ])),
            esc(&p.name),
            esc(p.country.as_deref().unwrap_or("")),
            p.documents
        );
    }
    body.push_str("</ul></section></aside></div>");
    let title = if q.get("q").is_empty() {
        "Search".to_string()
    } else {
        format!("{} — search", q.get("q"))
    };
    Ok(Html(layout(&title, "/", &body)))
}

// ---------------------------------------------------------------------------------------
// `/doc/{id}`: the annotated article

async fn doc(State(s): State<AppState>, Path(id): Path<String>) -> PageResult {
    let lookup = id.clone();
    let detail = s
        .pool
        .run(move |store| Ok(store.document_detail(&lookup)?))
        .await?
        .ok_or_else(|| UiError(ApiError::not_found(format!("no document with id {id:?}"))))?;
    let doc: Value = serde_json::from_str(&detail.json).map_err(ApiError::internal)?;
    let text = doc.get("text").and_then(Value::as_str).unwrap_or("");
    let title = doc
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            let first: String = text.lines().next().unwrap_or("").chars().take(90).collect();
            if first.is_empty() { id.clone() } else { first }
        });
    let actors = doc
        .get("actors")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let key_of_name = |name: &str| -> Option<String> {
        let i = actors
            .iter()
            .position(|a| a.get("name").and_then(Value::as_str) == Some(name))?;
        detail.actor_keys.get(i).cloned().flatten()
    };
    let (marked, counts) = article::annotated(&doc);
    let mut body = String::new();
    let _ = write!(body, "<h1>{}</h1><p class=\"meta\">", esc(&title));
    let _ = write!(body, "<span>id <code>{}</code></span>", esc(&id));
    if let Some(p) = doc.get("published").and_then(Value::as_str) {
        let _ = write!(body, " · published {}", esc(p));
    }
    if let Some(url) = doc.get("url").and_then(Value::as_str) {
        if url.starts_with("http://") || url.starts_with("https://") {
            let _ = write!(
                body,
                " · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">source</a>",
                esc(url)
            );
        }
    }
    if let Some(tone) = doc.pointer("/tone/tone").and_then(Value::as_f64) {
        let _ = write!(body, " · tone {tone:+.2}");
    }
    if let Some(sub) = doc.get("substance") {
        let concrete = sub.get("concrete").and_then(Value::as_i64).unwrap_or(0);
        let total = sub
            .get("statements_total")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if total > 0 {
            let _ = write!(
                body,
                " · substance: {concrete} concrete of {total} statements"
            );
        }
    }
    let _ = write!(
        body,
        " · <a href=\"/api/docs/{}\">JSON</a></p>",
        esc(&url_part(&id))
    );
    body.push_str("<ul class=\"legend\" aria-label=\"Annotations in this article\">");
    for (layer, n) in &counts {
        let _ = write!(
            body,
            "<li><span class=\"swatch\" data-swatch=\"{layer}\"></span>{}: {n}</li>",
            plural(layer)
        );
    }
    body.push_str(
        "</ul><p class=\"muted hint\">Hover or focus (Tab) an annotation to see its evidence.</p>",
    );
    body.push_str("<div class=\"with-aside doc\"><article id=\"text\" aria-label=\"Article text with annotations\">");
    body.push_str(&marked);
    body.push_str("</article><aside aria-label=\"What the article contains\">");
    let quotes = article::quote_list(&doc, &key_of_name);
    if !quotes.is_empty() {
        let _ = write!(
            body,
            "<section><h2>Quotes</h2><ol class=\"quote-list\">{quotes}</ol></section>"
        );
    }
    let events = article::event_list(&doc);
    if !events.is_empty() {
        let _ = write!(
            body,
            "<section><h2>Events</h2><ol class=\"event-list\">{events}</ol></section>"
        );
    }
    if !actors.is_empty() {
        body.push_str("<section><h2>Actors</h2><ul class=\"actor-list\">");
        for (i, a) in actors.iter().enumerate() {
            let name = a.get("name").and_then(Value::as_str).unwrap_or("?");
            let kind = a.get("type").and_then(Value::as_str).unwrap_or("");
            let mentions = a
                .get("mentions")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let label = match detail.actor_keys.get(i).cloned().flatten() {
                Some(key) => format!("<a href=\"{}\">{}</a>", esc(&actor_href(&key)), esc(name)),
                None => esc(name),
            };
            let extra: Vec<String> = [
                a.get("roles")
                    .and_then(Value::as_array)
                    .map(|r| {
                        r.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                a.get("country")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                a.get("code")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
            let mut about: Vec<String> = vec![kind.to_string()];
            about.extend(extra);
            about.push(format!(
                "{mentions} mention{}",
                if mentions == 1 { "" } else { "s" }
            ));
            about.retain(|s| !s.is_empty());
            let _ = write!(
                body,
                "<li>{label} <span class=\"muted\">{}</span></li>",
                esc(&about.join(" · "))
            );
        }
        body.push_str("</ul></section>");
    }
    if !detail.copies.is_empty() {
        body.push_str("<section><h2>Other copies of this story</h2><ul>");
        for (cid, ctitle, cpub) in &detail.copies {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">{}</span></li>",
                esc(&doc_href(cid)),
                esc(ctitle.as_deref().unwrap_or(cid)),
                day(cpub)
            );
        }
        body.push_str("</ul></section>");
    }
    body.push_str("</aside></div><div id=\"evidence\" role=\"tooltip\" hidden></div>");
    Ok(Html(layout(&title, "", &body)))
}

// ---------------------------------------------------------------------------------------
// `/quotes`

/// One quote as a list item, linked to its place in the article.
fn quote_item(out: &mut String, r: &QuoteRow) {
    let speaker = match (&r.speaker, &r.speaker_key) {
        (Some(name), Some(key)) => {
            format!("<a href=\"{}\">{}</a>", esc(&actor_href(key)), esc(name))
        }
        (Some(name), None) => esc(name),
        _ => "<span class=\"muted\">unknown speaker</span>".into(),
    };
    let about: Vec<String> = [r.speaker_role.clone(), r.speaker_country.clone()]
        .into_iter()
        .flatten()
        .map(|s| esc(&s))
        .collect();
    let _ = write!(
        out,
        "<li><blockquote>{}</blockquote><div class=\"meta\">{speaker}{} · <a href=\"{}#quote-{}\">in {}</a> · {} · {} ({}{})</div></li>",
        article::quoted(&r.text, &r.kind),
        if about.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"muted\">({})</span>", about.join(", "))
        },
        esc(&doc_href(&r.doc)),
        r.start,
        esc(&r.doc),
        day(&r.published),
        esc(&r.kind),
        esc(&r.speaker_rule),
        r.confidence
            .map(|c| format!(", {c:.2}"))
            .unwrap_or_default()
    );
}

async fn quotes(State(s): State<AppState>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let page = q.page()?;
    let f = Filters {
        speaker: q.opt("speaker"),
        about: q.opt("about"),
        from: q.opt("from"),
        to: q.opt("to"),
        ..page_filters(page, q.all_copies())
    };
    let rows = s.pool.run(move |store| Ok(store.quotes(&f)?)).await?;
    let more = rows.len() > PAGE;
    let mut body = String::from("<h1>Quotes</h1>");
    let _ = write!(
        body,
        "<form id=\"filters\" action=\"/quotes\" method=\"get\">{}{}{}<button type=\"submit\">Filter</button></form>",
        input("speaker", "Speaker", q.get("speaker"), "e.g. Putin"),
        input("about", "About", q.get("about"), "e.g. NATO"),
        date_inputs(&q)
    );
    if rows.is_empty() {
        body.push_str("<p>No quote matches.</p>");
    }
    body.push_str("<ol id=\"quotes\">");
    for r in rows.iter().take(PAGE) {
        quote_item(&mut body, r);
    }
    body.push_str("</ol>");
    let params = [
        ("speaker", q.get("speaker")),
        ("about", q.get("about")),
        ("from", q.get("from")),
        ("to", q.get("to")),
    ];
    body.push_str(&pager("/quotes", &params, page, more));
    body.push_str(&downloads("/api/quotes", &params));
    Ok(Html(layout("Quotes", "/quotes", &body)))
}

// ---------------------------------------------------------------------------------------
// `/actors` and `/actors/{key}`

async fn actors(State(s): State<AppState>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let page = q.page()?;
    let f = Filters {
        q: q.opt("q"),
        kind: q.opt("type"),
        country: q.opt("country"),
        ..page_filters(page, q.all_copies())
    };
    let rows = s.pool.run(move |store| Ok(store.actors(&f)?)).await?;
    let more = rows.len() > PAGE;
    let mut body = String::from("<h1>Actors</h1>");
    let mut types = String::from(
        "<label for=\"f-type\">Type</label><select id=\"f-type\" name=\"type\"><option value=\"\">any</option>",
    );
    for t in ["person", "org", "place", "group"] {
        let selected = if q.get("type") == t { " selected" } else { "" };
        let _ = write!(types, "<option{selected}>{t}</option>");
    }
    types.push_str("</select></div>");
    let _ = write!(
        body,
        "<form id=\"filters\" action=\"/actors\" method=\"get\">{}{types}{}<button type=\"submit\">Filter</button></form>",
        input("q", "Name", q.get("q"), "e.g. Zelensky"),
        input(
            "country",
            "Country",
            q.get("country"),
            "ISO alpha-3, e.g. UKR"
        )
    );
    body.push_str("<table id=\"actors\"><thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Type</th><th scope=\"col\">Country</th><th scope=\"col\">Code</th><th scope=\"col\">Mentions</th><th scope=\"col\">Documents</th><th scope=\"col\">Also called</th></tr></thead><tbody>");
    for a in rows.iter().take(PAGE) {
        let variants: Vec<&str> = a
            .variants
            .iter()
            .filter(|v| **v != a.name)
            .take(4)
            .map(String::as_str)
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&actor_href(&a.key)),
            esc(&a.name),
            esc(&a.kind),
            esc(a.country.as_deref().unwrap_or("")),
            esc(a.code.as_deref().unwrap_or("")),
            count(a.mentions),
            count(a.documents),
            esc(&variants.join("; "))
        );
    }
    body.push_str("</tbody></table>");
    if rows.is_empty() {
        body.push_str("<p>No actor matches.</p>");
    }
    let params = [
        ("q", q.get("q")),
        ("type", q.get("type")),
        ("country", q.get("country")),
    ];
    body.push_str(&pager("/actors", &params, page, more));
    body.push_str(&downloads("/api/actors", &params));
    Ok(Html(layout("Actors", "/actors", &body)))
}

async fn actor(State(s): State<AppState>, Path(key): Path<String>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let f = Filters {
        all_copies: q.all_copies(),
        ..Filters::new()
    };
    let lookup = key.clone();
    let d = s
        .pool
        .run(move |store| Ok(store.actor_detail(&lookup, &f)?))
        .await?
        .ok_or_else(|| UiError(ApiError::not_found(format!("no actor with key {key:?}"))))?;
    let a = &d.actor;
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">{}",
        esc(&a.name),
        esc(&a.kind)
    );
    for part in [a.country.as_deref(), a.code.as_deref()]
        .into_iter()
        .flatten()
    {
        let _ = write!(body, " · {}", esc(part));
    }
    if !a.roles.is_empty() {
        let _ = write!(body, " · {}", esc(&a.roles.join(", ")));
    }
    let _ = write!(
        body,
        " · {} in {} · key <code>{}</code> · <a href=\"/api/actors/{}\">JSON</a></p>",
        html::counted(a.mentions, "mention", "mentions"),
        html::counted(a.documents, "document", "documents"),
        esc(&a.key),
        esc(&url_part(&a.key))
    );
    body.push_str("<div class=\"with-aside\"><div>");
    body.push_str("<section><h2>Mentions per month</h2>");
    let months: Vec<(String, i64)> = d
        .months
        .iter()
        .map(|m| (m.month.clone(), m.mentions))
        .collect();
    body.push_str(&charts::bars(
        "mentions",
        &format!("Mentions of {} per month", a.name),
        &months,
    ));
    body.push_str(&downloads(
        &format!("/api/actors/{}/months", url_part(&a.key)),
        &[],
    ));
    body.push_str("</section><section><h2>Appears with</h2>");
    let nodes: Vec<charts::Node> = d
        .cooccurring
        .iter()
        .map(|c| charts::Node {
            key: &c.key,
            name: &c.name,
            kind: &c.kind,
            weight: c.documents,
        })
        .collect();
    body.push_str(&charts::network("network", &a.name, &nodes));
    body.push_str("<table id=\"cooccurring\"><thead><tr><th scope=\"col\">Actor</th><th scope=\"col\">Type</th><th scope=\"col\">Shared documents</th></tr></thead><tbody>");
    for c in &d.cooccurring {
        let _ = write!(
            body,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&actor_href(&c.key)),
            esc(&c.name),
            esc(&c.kind),
            c.documents
        );
    }
    body.push_str("</tbody></table>");
    body.push_str(&downloads(
        &format!("/api/actors/{}/cooccurring", url_part(&a.key)),
        &[("top", "1000")],
    ));
    body.push_str("</section><section><h2>Newest quotes</h2><ol id=\"actor-quotes\">");
    for r in &d.quotes {
        quote_item(&mut body, r);
    }
    let _ = write!(
        body,
        "</ol><p><a href=\"/quotes{}\">All quotes by {}</a></p>",
        esc(&query_string([("speaker", a.key.as_str())])),
        esc(&a.name)
    );
    body.push_str(&downloads("/api/quotes", &[("speaker", a.key.as_str())]));
    body.push_str(
        "</section></div><aside aria-label=\"Names\"><h2>Names used</h2><ul id=\"variants\">",
    );
    for v in &d.variants {
        let _ = write!(
            body,
            "<li>{} <span class=\"muted\">{}</span></li>",
            esc(&v.name),
            v.count
        );
    }
    body.push_str("</ul></aside></div>");
    Ok(Html(layout(&a.name, "/actors", &body)))
}

// ---------------------------------------------------------------------------------------
// `/map`

/// Places drawn on the map at most.
pub const MAP_PLACES: usize = 1000;

async fn map_page(State(s): State<AppState>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let place = q.place()?;
    let page = q.page()?;
    let all_copies = q.all_copies();
    let f = Filters {
        q: q.opt("q"),
        country: q.opt("country"),
        limit: MAP_PLACES,
        all_copies,
        ..Filters::new()
    };
    let (places, docs) = s
        .pool
        .run(move |store| {
            let places = store.places(&f)?;
            let docs = match place {
                Some(p) => Some(store.docs(&Filters {
                    place: Some(p),
                    ..page_filters(page, all_copies)
                })?),
                None => None,
            };
            Ok((places, docs))
        })
        .await?;
    let mut body = String::from("<h1>Places on the map</h1>");
    let _ = write!(
        body,
        "<form id=\"filters\" action=\"/map\" method=\"get\">{}{}<button type=\"submit\">Show</button></form>",
        input("q", "Place", q.get("q"), "e.g. Kyiv"),
        input(
            "country",
            "Country",
            q.get("country"),
            "ISO alpha-2, e.g. UA"
        )
    );
    let selected = place.and_then(|p| places.iter().find(|x| x.id == p));
    let keep = [("q", q.get("q")), ("country", q.get("country"))];
    body.push_str(&map::svg(&places, place, &keep));
    if let (Some(p), Some(docs)) = (place, docs) {
        let name = selected.map_or_else(|| format!("place {p}"), |x| x.name.clone());
        let id = p.to_string();
        let _ = write!(
            body,
            "<section id=\"place-docs\" aria-live=\"polite\"><h2>Documents that mention {}</h2><ol>",
            esc(&name)
        );
        for r in docs.iter().take(PAGE) {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">{}</span></li>",
                esc(&doc_href(&r.id)),
                esc(r.title.as_deref().unwrap_or(&r.id)),
                day(&r.published)
            );
        }
        body.push_str("</ol>");
        let params = [
            ("q", q.get("q")),
            ("country", q.get("country")),
            ("place", id.as_str()),
        ];
        body.push_str(&pager("/map", &params, page, docs.len() > PAGE));
        body.push_str(&downloads("/api/docs", &[("place", id.as_str())]));
        body.push_str("</section>");
    }
    body.push_str("<section><h2>Most mentioned places</h2><table id=\"places\"><thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Country</th><th scope=\"col\">Kind</th><th scope=\"col\">Mentions</th><th scope=\"col\">Documents</th></tr></thead><tbody>");
    for p in places.iter().take(50) {
        let id = p.id.to_string();
        let mut link: Vec<(&str, &str)> = keep.to_vec();
        link.push(("place", &id));
        let _ = write!(
            body,
            "<tr><td><a href=\"/map{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&query_string(link)),
            esc(&p.name),
            esc(p.country.as_deref().unwrap_or("")),
            esc(&p.feature),
            count(p.mentions),
            count(p.documents)
        );
    }
    body.push_str("</tbody></table>");
    body.push_str(&downloads("/api/places", &keep));
    body.push_str("</section>");
    Ok(Html(layout("Map", "/map", &body)))
}

// ---------------------------------------------------------------------------------------
// `/timeline`

async fn timeline(State(s): State<AppState>, uri: Uri) -> PageResult {
    let q = Query::read(&uri);
    let queries: Vec<String> = q
        .all("q")
        .into_iter()
        .take(crate::routes::MAX_SERIES)
        .collect();
    let by = match q.get("by") {
        "" => "month".to_string(),
        b @ ("day" | "week" | "month") => b.to_string(),
        other => {
            return Err(UiError(ApiError::bad_request(format!(
                "by: {other:?} is not day, week or month"
            ))));
        }
    };
    let f = Filters {
        by: Some(by.clone()),
        from: q.opt("from"),
        to: q.opt("to"),
        all_copies: q.all_copies(),
        ..Filters::new()
    };
    let series = crate::routes::timelines(&s, queries.clone(), &f).await?;
    let mut body = String::from(
        "<h1>Attention over time</h1><form id=\"compare\" action=\"/timeline\" method=\"get\"><fieldset><legend>Compare up to four searches</legend>",
    );
    for i in 0..crate::routes::MAX_SERIES {
        let value = queries.get(i).map_or("", String::as_str);
        let _ = write!(
            body,
            "<div class=\"field\"><label for=\"q{i}\">Search {}</label><input id=\"q{i}\" name=\"q\" value=\"{}\"></div>",
            i + 1,
            esc(value)
        );
    }
    body.push_str("</fieldset><div class=\"field\"><label for=\"f-by\">By</label><select id=\"f-by\" name=\"by\">");
    for b in ["day", "week", "month"] {
        let selected = if by == b { " selected" } else { "" };
        let _ = write!(body, "<option{selected}>{b}</option>");
    }
    body.push_str("</select></div>");
    body.push_str(&date_inputs(&q));
    body.push_str("<button type=\"submit\">Compare</button></form>");
    if series.is_empty() {
        body.push_str(
            "<p>Enter a search to see the share of documents that match it over time.</p>",
        );
    } else {
        let share: Vec<charts::Line> = series
            .iter()
            .map(|(label, rows)| charts::Line {
                label,
                points: rows
                    .iter()
                    .map(|r| (r.bucket.clone(), Some(r.share)))
                    .collect(),
            })
            .collect();
        let tone: Vec<charts::Line> = series
            .iter()
            .map(|(label, rows)| charts::Line {
                label,
                points: rows.iter().map(|r| (r.bucket.clone(), r.tone)).collect(),
            })
            .collect();
        body.push_str("<ul class=\"legend\" aria-label=\"Searches\">");
        for (i, (label, rows)) in series.iter().enumerate() {
            let total: i64 = rows.iter().map(|r| r.matching).sum();
            let _ = write!(
                body,
                "<li><span class=\"swatch\" data-series=\"{}\"></span>{} <span class=\"muted\">{} documents</span></li>",
                i % charts::SERIES.len(),
                esc(label),
                count(total)
            );
        }
        body.push_str("</ul><section><h2>Share of documents</h2>");
        body.push_str(&charts::lines(
            "timeline",
            "Share of documents that match each search, per period",
            &share,
            true,
            "series",
        ));
        body.push_str("</section><section><h2>Mean tone of the matching documents</h2>");
        body.push_str(&charts::lines(
            "tone",
            "Mean tone of the matching documents, per period",
            &tone,
            false,
            "tone",
        ));
        body.push_str("</section>");
        let mut params: Vec<(&str, &str)> = queries.iter().map(|t| ("q", t.as_str())).collect();
        params.extend([
            ("by", by.as_str()),
            ("from", q.get("from")),
            ("to", q.get("to")),
        ]);
        body.push_str(&downloads("/api/timeline", &params));
    }
    Ok(Html(layout("Timeline", "/timeline", &body)))
}

/// A page asked for without the server's token: how to give it.
pub(crate) fn unauthorized() -> Response {
    let body = "<h1>401 Unauthorized</h1><p>This server was started with a token. Open any page once with <code>?token=TOKEN</code> added to its address (the browser then keeps it in a cookie), or send <code>Authorization: Bearer TOKEN</code>.</p>";
    (
        StatusCode::UNAUTHORIZED,
        Html(layout("Unauthorized", "", body)),
    )
        .into_response()
}

/// Any other path: a page under `/api` gets the API's JSON 404, any other an HTML one.
pub(crate) async fn not_found(uri: Uri) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        crate::routes::not_found(uri).await.into_response()
    } else {
        UiError(ApiError::not_found(format!("no page at {}", uri.path()))).into_response()
    }
}

// ---------------------------------------------------------------------------------------
// Assets

const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");

async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => {
            return (StatusCode::NOT_FOUND, "no such asset").into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}
