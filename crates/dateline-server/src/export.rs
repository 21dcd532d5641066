//! Downloads: every row of a list as CSV or JSONL, streamed, with no row cap.
//!
//! The six list routes (`/api/docs`, `quotes`, `actors`, `events`, `places`, `timeline`)
//! take `format=csv` or `format=jsonl` besides the default `json` page. A download is
//! every row the filters match: `limit` and `cursor` are checked as usual but do not
//! apply (a UI passes its page's state through, and a download must never be that page).
//!
//! How the rows flow:
//!
//! * **Pages of [`PAGE`] rows**, read with the same store view as the JSON page (written
//!   once, in `dateline-store`, shared with `dateline query`) and `Filters { limit,
//!   offset }`; no SQL here. A page shorter than [`PAGE`] is the last, as a JSON page with
//!   no `next` is (the views return `limit` rows unless the list ends). The timeline's
//!   pages are its queries: one per `q`, its rows led by a `q` column (`SeriesRow`).
//! * **Each page is one pool run** (`Pool::run`): it waits for a store like any request
//!   (tokio's semaphore is fair, so API requests queued meanwhile go first), is read and
//!   encoded on a blocking thread, and gives the store back at once. A download never
//!   holds a store between pages, so a long one cannot starve the API, and the pool's
//!   time limit (SQLite's interrupt) applies to each page, not to the whole download.
//! * **A bounded channel** of `BUFFERED` (2) encoded pages joins the reading task to the
//!   response body: when the client reads slowly, `send` waits and no further page is
//!   read (back-pressure; memory stays at a few pages per download). When the client goes
//!   away, the body and its receiver are dropped, `send` fails, and the reading stops.
//! * **Time limit**: the `guard` middleware times the handler only until it returns the
//!   response (headers and a body not yet read), so a download that keeps flowing is
//!   never cut by it; only a single page past the limit is.
//! * **Snapshots**: each page is its own read, so a download made while `dateline ingest`
//!   writes to the same file may see the store change between pages (a row shifted by a
//!   new one can come twice or not at all), as walking the JSON pages would. Reading
//!   offsets from the start, a deep page costs more than the first; the views' own
//!   orders are kept, so this stays one implementation with `dateline query`.
//!
//! Errors: the first page is read before the response is made, so a bad filter (a bad
//! date, an unknown actor type, an empty search) is the normal JSON 400; the timeline's
//! other queries are checked up front too. An error after the first byte cannot change
//! the status any more: it is logged on standard error and the body is cut off without
//! its end (HTTP/1.1: no last chunk), so the client sees a failed download rather than a
//! short file that looks whole.
//!
//! Encoding: CSV as `dateline query --format csv` writes it (RFC 4180 quoting by
//! `dateline_export::csv::CsvWriter`, a header of [`View::COLUMNS`], cells by
//! [`View::cells`]); JSONL as one JSON object per line, the rows as the JSON pages
//! serialize them, with [`escape_markup`] applied as to every JSON response.

use crate::error::ApiError;
use crate::escape_markup;
use crate::params::given;
use crate::pool::Pool;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dateline_export::csv::CsvWriter;
use dateline_store::query::{Filters, TimelineRow, View};
use dateline_store::{Store, StoreError};
use serde::Serialize;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Rows read per page of a download (one pool run each).
pub const PAGE: usize = 2000;

/// Encoded pages waiting for the client at most, per download.
const BUFFERED: usize = 2;

/// What a download is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Download {
    Csv,
    Jsonl,
}

impl Download {
    /// `format`: `None` for the JSON page (no value, `json`), else the download's format.
    pub(crate) fn read(format: Option<String>) -> Result<Option<Download>, ApiError> {
        match given(format).as_deref() {
            None | Some("json") => Ok(None),
            Some("csv") => Ok(Some(Download::Csv)),
            Some("jsonl") => Ok(Some(Download::Jsonl)),
            Some(other) => Err(ApiError::bad_request(format!(
                "format takes json, csv or jsonl, not {other:?}"
            ))),
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Download::Csv => "text/csv; charset=utf-8",
            Download::Jsonl => "application/x-ndjson",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Download::Csv => "csv",
            Download::Jsonl => "jsonl",
        }
    }
}

/// Reads page `n` (from 0) of a download: its rows, and whether another page may follow.
pub(crate) type Pages<T> =
    Arc<dyn Fn(&Store, usize) -> Result<(Vec<T>, bool), StoreError> + Send + Sync>;

/// The pages of a list view: `filters` with [`PAGE`] rows from `n * PAGE`.
pub(crate) fn by_offset<T, F>(filters: Filters, view: F) -> Pages<T>
where
    F: Fn(&Store, &Filters) -> Result<Vec<T>, StoreError> + Send + Sync + 'static,
{
    pages_of(filters, view, PAGE)
}

fn pages_of<T, F>(filters: Filters, view: F, page: usize) -> Pages<T>
where
    F: Fn(&Store, &Filters) -> Result<Vec<T>, StoreError> + Send + Sync + 'static,
{
    Arc::new(move |store, n| {
        let f = Filters {
            limit: page,
            offset: n * page,
            ..filters.clone()
        };
        let rows = view(store, &f)?;
        let more = rows.len() >= page;
        Ok((rows, more))
    })
}

/// A timeline row of a download: the query it answers, then the bucket's fields.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeriesRow {
    q: String,
    #[serde(flatten)]
    row: TimelineRow,
}

impl View for SeriesRow {
    const COLUMNS: &'static [&'static str] = &["q", "bucket", "matching", "total", "share", "tone"];
}

/// The pages of a timeline download: one per query, in the order given.
pub(crate) fn by_query(queries: Vec<String>, filters: Filters) -> Pages<SeriesRow> {
    Arc::new(move |store, n| {
        let Some(q) = queries.get(n) else {
            return Ok((Vec::new(), false));
        };
        let rows = store
            .timeline(q, &filters)?
            .into_iter()
            .map(|row| SeriesRow { q: q.clone(), row })
            .collect();
        Ok((rows, n + 1 < queries.len()))
    })
}

/// The response of a download named `dateline-{name}.{csv,jsonl}`: the first page is read
/// here (its error is the response), the others by a task of their own as the client
/// reads.
pub(crate) async fn download<T: View + Send + 'static>(
    pool: &Arc<Pool>,
    name: &str,
    format: Download,
    pages: Pages<T>,
) -> Result<Response, ApiError> {
    let (chunks, _reader) = start(pool.clone(), format, pages).await?;
    let disposition = format!(
        "attachment; filename=\"dateline-{name}.{}\"",
        format.extension()
    );
    let disposition = HeaderValue::from_str(&disposition).map_err(ApiError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(Chunks(chunks)),
    )
        .into_response())
}

/// Why a download was cut off after its first byte (the log has the details).
#[derive(Debug, thiserror::Error)]
#[error("the download stopped: {0}")]
pub(crate) struct Cut(String);

type Chunk = Result<Bytes, Cut>;

/// Reads the first page, and starts the task that reads the others (if any) into the
/// channel whose receiving end is returned.
async fn start<T: View + Send + 'static>(
    pool: Arc<Pool>,
    format: Download,
    pages: Pages<T>,
) -> Result<(mpsc::Receiver<Chunk>, Option<JoinHandle<usize>>), ApiError> {
    let (first, more) = read(&pool, format, &pages, 0).await?;
    let (tx, rx) = mpsc::channel(BUFFERED);
    if !first.is_empty() {
        // The channel is new and `rx` is here: this cannot wait or fail.
        tx.send(Ok(first))
            .await
            .map_err(|_| ApiError::internal("download: the channel closed at once"))?;
    }
    let reader = more.then(|| tokio::spawn(pump(pool, format, pages, tx)));
    Ok((rx, reader))
}

/// Page `n`, read and encoded on a blocking thread in one pool run.
async fn read<T: View + Send + 'static>(
    pool: &Arc<Pool>,
    format: Download,
    pages: &Pages<T>,
    n: usize,
) -> Result<(Bytes, bool), ApiError> {
    let pages = pages.clone();
    pool.run(move |store| {
        let (rows, more) = pages(store, n)?;
        Ok((encode(format, &rows, n == 0)?, more))
    })
    .await
}

/// Reads pages from the second on into `tx` until the last, an error, or a client gone.
/// Returns the pages read (for tests).
async fn pump<T: View + Send + 'static>(
    pool: Arc<Pool>,
    format: Download,
    pages: Pages<T>,
    tx: mpsc::Sender<Chunk>,
) -> usize {
    let mut n = 1;
    loop {
        if tx.is_closed() {
            return n;
        }
        match read(&pool, format, &pages, n).await {
            Ok((chunk, more)) => {
                n += 1;
                // An empty chunk would read as the end of a chunked body: skip it.
                if !chunk.is_empty() && tx.send(Ok(chunk)).await.is_err() {
                    return n; // the client went away
                }
                if !more {
                    return n;
                }
            }
            Err(e) => {
                eprintln!(
                    "dateline serve: a download stopped after {n} pages: {}",
                    e.message
                );
                let _ = tx.send(Err(Cut(e.message))).await;
                return n;
            }
        }
    }
}

/// Rows as CSV records (with the header line before the first page) or JSONL lines.
fn encode<T: View>(format: Download, rows: &[T], first: bool) -> Result<Bytes, ApiError> {
    let mut out: Vec<u8> = Vec::with_capacity(rows.len() * 256 + 256);
    match format {
        Download::Csv => {
            if first {
                CsvWriter::record(&mut out, T::COLUMNS).map_err(ApiError::internal)?;
            }
            for row in rows {
                CsvWriter::record(&mut out, &row.cells()).map_err(ApiError::internal)?;
            }
        }
        Download::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, row).map_err(ApiError::internal)?;
                out.push(b'\n');
            }
            out = escape_markup(out);
        }
    }
    Ok(Bytes::from(out))
}

/// The channel's receiving end as the stream of a response body.
struct Chunks(mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::HttpBody;
    use dateline_store::query::PlaceRow;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn empty_pool() -> (tempfile::TempDir, Arc<Pool>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        drop(Store::create(&path).unwrap());
        let pool = Pool::open(&path, 1, Duration::from_secs(5)).unwrap();
        (dir, Arc::new(pool))
    }

    fn place(id: i64, name: &str) -> PlaceRow {
        PlaceRow {
            id,
            name: name.into(),
            country: None,
            subdivision: None,
            feature: "city".into(),
            lat: 1.5,
            lon: -2.25,
            geonameid: None,
            mentions: 1,
            documents: 1,
        }
    }

    /// Pages of `size` rows counted from `n * size`, `last` the final page's index (none:
    /// endless), an error instead of page `fail`.
    fn counting(
        size: usize,
        last: Option<usize>,
        fail: Option<usize>,
        reads: Arc<AtomicUsize>,
    ) -> Pages<PlaceRow> {
        Arc::new(move |_, n| {
            reads.fetch_add(1, Ordering::SeqCst);
            if fail == Some(n) {
                return Err(StoreError::Invalid("disk on fire".into()));
            }
            let rows = (0..size)
                .map(|i| place((n * size + i) as i64, "P"))
                .collect();
            Ok((rows, last != Some(n)))
        })
    }

    /// The body's frames as they come: data, or the error that cut it.
    async fn frames(body: Body) -> Vec<Result<Bytes, String>> {
        let mut body = body;
        let mut out = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            match frame {
                Ok(f) => out.extend(f.into_data().ok().map(Ok)),
                Err(e) => out.push(Err(e.to_string())),
            }
        }
        out
    }

    #[test]
    fn formats_are_json_csv_or_jsonl() {
        assert_eq!(Download::read(None).unwrap(), None);
        assert_eq!(Download::read(Some(String::new())).unwrap(), None);
        assert_eq!(Download::read(Some("json".into())).unwrap(), None);
        assert_eq!(
            Download::read(Some(" csv ".into())).unwrap(),
            Some(Download::Csv)
        );
        assert_eq!(
            Download::read(Some("jsonl".into())).unwrap(),
            Some(Download::Jsonl)
        );
        let err = Download::read(Some("xml".into())).unwrap_err();
        assert_eq!(err.status, axum::http::StatusCode::BAD_REQUEST);
        assert!(
            err.message.contains("json, csv or jsonl"),
            "{}",
            err.message
        );
    }

    #[test]
    fn csv_quotes_cells_and_jsonl_escapes_markup() {
        let rows = [
            place(1, "Said, \"no\"\nthen <b>left</b>"),
            place(2, "Plain"),
        ];
        let csv = encode(Download::Csv, &rows, true).unwrap();
        assert_eq!(
            std::str::from_utf8(&csv).unwrap(),
            "id,name,country,subdivision,feature,lat,lon,geonameid,mentions,documents\r\n\
             1,\"Said, \"\"no\"\"\nthen <b>left</b>\",,,city,1.5,-2.25,,1,1\r\n\
             2,Plain,,,city,1.5,-2.25,,1,1\r\n"
        );
        let later = encode(Download::Csv, &rows[1..], false).unwrap();
        assert_eq!(&later[..], b"2,Plain,,,city,1.5,-2.25,,1,1\r\n");
        let jsonl = encode(Download::Jsonl, &rows, true).unwrap();
        let text = std::str::from_utf8(&jsonl).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(
            !text.contains('<') && text.contains("\\u003cb\\u003e"),
            "{text}"
        );
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first, serde_json::to_value(&rows[0]).unwrap());
    }

    #[tokio::test]
    async fn every_page_arrives_once_in_order_and_the_stream_ends() {
        let (_dir, pool) = empty_pool();
        let reads = Arc::new(AtomicUsize::new(0));
        let pages = counting(3, Some(4), None, reads.clone());
        let (mut rx, reader) = start(pool, Download::Jsonl, pages).await.unwrap();
        let mut ids = Vec::new();
        while let Some(chunk) = rx.recv().await {
            for line in std::str::from_utf8(&chunk.unwrap()).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                ids.push(v["id"].as_i64().unwrap());
            }
        }
        assert_eq!(ids, (0..15).collect::<Vec<i64>>());
        assert_eq!(reader.unwrap().await.unwrap(), 5);
        assert_eq!(reads.load(Ordering::SeqCst), 5);
    }

    #[tokio::test]
    async fn offset_pages_end_at_the_first_short_page() {
        let (_dir, pool) = empty_pool();
        let all: Vec<PlaceRow> = (0..7).map(|i| place(i, "P")).collect();
        let view = move |_: &Store, f: &Filters| -> Result<Vec<PlaceRow>, StoreError> {
            Ok(all.iter().skip(f.offset).take(f.limit).cloned().collect())
        };
        let (mut rx, reader) = start(pool, Download::Csv, pages_of(Filters::new(), view, 3))
            .await
            .unwrap();
        let mut text = String::new();
        while let Some(chunk) = rx.recv().await {
            text.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
        }
        let ids: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(ids, ["0", "1", "2", "3", "4", "5", "6"]);
        assert_eq!(text.matches("id,name").count(), 1, "one header");
        assert_eq!(reader.unwrap().await.unwrap(), 3);
    }

    #[tokio::test]
    async fn a_client_that_goes_away_stops_the_reading() {
        let (_dir, pool) = empty_pool();
        let reads = Arc::new(AtomicUsize::new(0));
        let pages = counting(10, None, None, reads.clone());
        let (mut rx, reader) = start(pool, Download::Csv, pages).await.unwrap();
        assert!(rx.recv().await.unwrap().is_ok());
        drop(rx);
        let read = tokio::time::timeout(Duration::from_secs(10), reader.unwrap())
            .await
            .expect("an endless download stops when its client is gone")
            .unwrap();
        // The page read, the ones buffered, and at most one in flight.
        assert!(read <= 2 + BUFFERED + 1, "{read} pages read");
        assert_eq!(reads.load(Ordering::SeqCst), read);
    }

    #[tokio::test]
    async fn a_slow_client_holds_the_reading_back() {
        let (_dir, pool) = empty_pool();
        let reads = Arc::new(AtomicUsize::new(0));
        let pages = counting(10, None, None, reads.clone());
        let (mut rx, _reader) = start(pool, Download::Csv, pages).await.unwrap();
        assert!(rx.recv().await.unwrap().is_ok());
        tokio::time::sleep(Duration::from_millis(300)).await;
        // One page taken, the channel full, one more read and waiting to be sent.
        assert!(
            reads.load(Ordering::SeqCst) <= 2 + BUFFERED,
            "{} pages read ahead of the client",
            reads.load(Ordering::SeqCst)
        );
    }

    #[tokio::test]
    async fn an_error_before_the_first_byte_is_the_response() {
        let (_dir, pool) = empty_pool();
        let pages = counting(3, None, Some(0), Arc::new(AtomicUsize::new(0)));
        let err = download(&pool, "places", Download::Csv, pages)
            .await
            .unwrap_err();
        assert_eq!(err.status, axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(err.message, "disk on fire");
    }

    #[tokio::test]
    async fn an_error_mid_stream_cuts_the_body_off() {
        let (_dir, pool) = empty_pool();
        let pages = counting(3, None, Some(2), Arc::new(AtomicUsize::new(0)));
        let response = download(&pool, "places", Download::Csv, pages)
            .await
            .unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_DISPOSITION],
            "attachment; filename=\"dateline-places.csv\""
        );
        let frames = frames(response.into_body()).await;
        assert_eq!(frames.len(), 3, "{frames:?}");
        assert!(frames[..2].iter().all(Result::is_ok));
        let cut = frames[2].as_ref().unwrap_err();
        assert!(cut.contains("disk on fire"), "{cut}");
    }

    #[tokio::test]
    async fn a_timeline_download_has_a_row_per_query_and_bucket() {
        let row = SeriesRow {
            q: "Putin".into(),
            row: TimelineRow {
                bucket: "2025-08".into(),
                matching: 1,
                total: 4,
                share: 0.25,
                tone: None,
            },
        };
        assert_eq!(row.cells(), ["Putin", "2025-08", "1", "4", "0.25", ""]);
        let v = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut columns = SeriesRow::COLUMNS.to_vec();
        columns.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, columns);
        // A query past the last gives nothing (the pages end before it).
        let (_dir, pool) = empty_pool();
        let pages = by_query(vec!["a".into()], Filters::new());
        let (rows, more) = pool.run(move |s| Ok(pages(s, 1)?)).await.unwrap();
        assert!(rows.is_empty() && !more);
    }
}
