//! A small cache of whole responses, for the views people open again and again (the
//! newest quotes, a front page, an article), valid while the store has not changed.
//!
//! A store served by `dateline serve` may still be written by `dateline ingest`, so an
//! answer is kept together with a *stamp* of the store's files (size and modification
//! time of the database and its write-ahead log): every commit changes the log, so a
//! response is served from the cache only while the stamp is the same. Only complete
//! `GET` answers with status 200 are kept, never a streamed download, at most
//! [`MAX_ENTRY`] bytes each and [`MAX_ENTRIES`] in all (the least recently used go first).
//! The key is the path and query as sent; the token check runs before the cache, so a
//! request the server would refuse never reaches it. `--no-cache` turns it off.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Responses kept at most.
pub const MAX_ENTRIES: usize = 512;
/// A response larger than this is not kept.
pub const MAX_ENTRY: usize = 512 * 1024;

/// What the store's files looked like: equal stamps, same data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp(Vec<(u64, Option<SystemTime>)>);

struct Entry {
    stamp: Stamp,
    content_type: HeaderValue,
    body: Bytes,
    used: u64,
}

pub(crate) struct Cache {
    files: Vec<PathBuf>,
    entries: Mutex<(HashMap<String, Entry>, u64)>,
}

impl Cache {
    pub(crate) fn new(db: &Path) -> Cache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Cache {
            files: vec![db.to_path_buf(), PathBuf::from(wal)],
            entries: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// The stamp of the store's files now.
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp(
            self.files
                .iter()
                .map(|f| match std::fs::metadata(f) {
                    Ok(m) => (m.len(), m.modified().ok()),
                    Err(_) => (0, None),
                })
                .collect(),
        )
    }

    /// Whether a request may be answered from the cache (and its answer kept).
    pub(crate) fn cacheable(method: &Method, uri: &axum::http::Uri) -> bool {
        method == Method::GET
            && !uri.path().starts_with("/assets/")
            && !uri.query().is_some_and(|q| q.contains("format="))
    }

    /// The kept response for `key` if the store still has this stamp.
    pub(crate) fn get(&self, key: &str, stamp: &Stamp) -> Option<Response> {
        let mut guard = self.entries.lock().ok()?;
        let (entries, clock) = &mut *guard;
        *clock += 1;
        let now = *clock;
        let entry = entries.get_mut(key)?;
        if entry.stamp != *stamp {
            entries.remove(key);
            return None;
        }
        entry.used = now;
        let mut response = Response::new(Body::from(entry.body.clone()));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, entry.content_type.clone());
        Some(response)
    }

    /// Keeps a response's body read in full (`body`), if it is one to keep.
    pub(crate) fn put(&self, key: String, stamp: Stamp, headers: &HeaderMap, body: Bytes) {
        if body.len() > MAX_ENTRY || headers.contains_key(header::CONTENT_DISPOSITION) {
            return;
        }
        let Some(content_type) = headers.get(header::CONTENT_TYPE).cloned() else {
            return;
        };
        let Ok(mut guard) = self.entries.lock() else {
            return;
        };
        let (entries, clock) = &mut *guard;
        *clock += 1;
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            if let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
            {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key,
            Entry {
                stamp,
                content_type,
                body,
                used: *clock,
            },
        );
    }
}

/// Whether a finished response may be kept: a 200 whose body has a known length (a
/// streamed download has none).
pub(crate) fn keepable(response: &Response) -> bool {
    use axum::body::HttpBody;
    response.status() == StatusCode::OK
        && response
            .body()
            .size_hint()
            .exact()
            .is_some_and(|n| n as usize <= MAX_ENTRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_response_is_served_until_the_store_changes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        std::fs::write(&db, b"one").unwrap();
        let cache = Cache::new(&db);
        let stamp = cache.stamp();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        cache.put(
            "/api/x".into(),
            stamp.clone(),
            &headers,
            Bytes::from_static(b"{}"),
        );
        assert!(cache.get("/api/x", &stamp).is_some());
        assert!(cache.get("/api/y", &stamp).is_none());
        // A commit writes the log: the stamp changes and the entry is dropped.
        std::fs::write(dir.path().join("s.db-wal"), b"frame").unwrap();
        let changed = cache.stamp();
        assert_ne!(changed, stamp);
        assert!(cache.get("/api/x", &changed).is_none());
        assert!(cache.get("/api/x", &stamp).is_none(), "dropped, not kept");
    }

    #[test]
    fn downloads_and_large_bodies_are_not_kept_and_old_entries_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("s.db");
        std::fs::write(&db, b"one").unwrap();
        let cache = Cache::new(&db);
        let stamp = cache.stamp();
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv"));
        let mut download = headers.clone();
        download.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
        cache.put(
            "/a".into(),
            stamp.clone(),
            &download,
            Bytes::from_static(b"x"),
        );
        assert!(cache.get("/a", &stamp).is_none());
        cache.put(
            "/b".into(),
            stamp.clone(),
            &headers,
            Bytes::from(vec![b'x'; MAX_ENTRY + 1]),
        );
        assert!(cache.get("/b", &stamp).is_none());
        for i in 0..MAX_ENTRIES + 10 {
            cache.put(
                format!("/k{i}"),
                stamp.clone(),
                &headers,
                Bytes::from_static(b"x"),
            );
        }
        assert!(cache.get("/k0", &stamp).is_none());
        assert!(
            cache
                .get(&format!("/k{}", MAX_ENTRIES + 9), &stamp)
                .is_some()
        );
        assert!(!Cache::cacheable(
            &Method::GET,
            &"/api/quotes?format=csv".parse().unwrap()
        ));
        assert!(Cache::cacheable(
            &Method::GET,
            &"/api/quotes?speaker=x".parse().unwrap()
        ));
        assert!(!Cache::cacheable(
            &Method::POST,
            &"/api/analyze".parse().unwrap()
        ));
    }
}
