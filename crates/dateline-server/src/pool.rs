//! Read-only stores for the request handlers, a fixed number of them.
//!
//! A [`Store`] holds one SQLite connection and is `Send` but not `Sync`: one query at a
//! time. The pool keeps `readers` stores opened at start (so a missing or foreign file is
//! refused before the server listens), lends one to each query, and runs the query on
//! tokio's blocking threads (`spawn_blocking`), never on the threads that serve
//! connections. A semaphore with one permit per store bounds the queries running at once;
//! the others wait their turn, under the same time limit.
//!
//! A query that outlives the limit is stopped with SQLite's interrupt (the connection's
//! `InterruptHandle`), so that a runaway search gives its store back instead of holding it.
//! A query that panics (a bug) loses its store, which is opened anew; the client gets a
//! 500 JSON error.

use crate::error::ApiError;
use dateline_store::{Store, StoreError};
use rusqlite::InterruptHandle;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// A store and the handle that interrupts its running query.
struct Reader {
    store: Store,
    interrupt: Arc<InterruptHandle>,
}

impl Reader {
    fn open(path: &Path) -> Result<Reader, StoreError> {
        let store = Store::open(path)?;
        let interrupt = Arc::new(store.connection().get_interrupt_handle());
        Ok(Reader { store, interrupt })
    }
}

/// The stores, and the limit on one query's time.
pub(crate) struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Reader>>,
    permits: Arc<Semaphore>,
    limit: Duration,
}

impl Pool {
    /// Opens `readers` stores of the file at `path`.
    pub(crate) fn open(path: &Path, readers: usize, limit: Duration) -> Result<Pool, StoreError> {
        let readers = readers.max(1);
        let idle = (0..readers)
            .map(|_| Reader::open(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(idle),
            permits: Arc::new(Semaphore::new(readers)),
            limit,
        })
    }

    fn take(&self) -> Option<Reader> {
        self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None)
    }

    fn give(&self, reader: Reader) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(reader);
        }
    }

    /// Runs `query` on a store on a blocking thread, within the time limit.
    pub(crate) async fn run<T, F>(self: &Arc<Self>, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let limit = self.limit;
        let permit = tokio::time::timeout(limit, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::timeout(limit))?
            .map_err(|_| ApiError::unavailable("the server is stopping"))?;
        let reader = self.take();
        let interrupt = reader.as_ref().map(|r| r.interrupt.clone());
        let pool = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            // The permit is held until the store is back: never more queries than stores.
            let _permit = permit;
            let reader = match reader {
                Some(r) => r,
                None => Reader::open(&pool.path).map_err(ApiError::from)?,
            };
            match catch_unwind(AssertUnwindSafe(|| query(&reader.store))) {
                Ok(result) => {
                    pool.give(reader);
                    result
                }
                // The store's state is unknown after a panic: it is dropped, and the next
                // query opens another.
                Err(_) => Err(ApiError::internal("a query panicked (a dateline bug)")),
            }
        });
        match tokio::time::timeout(limit, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(ApiError::internal(format!("query task: {join}"))),
            Err(_) => {
                if let Some(handle) = interrupt {
                    handle.interrupt();
                }
                Err(ApiError::timeout(limit))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn empty_store() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        drop(Store::create(&path).unwrap());
        (dir, path)
    }

    #[tokio::test]
    async fn a_query_past_the_limit_is_interrupted_and_its_store_comes_back() {
        let (_dir, path) = empty_store();
        let pool = Arc::new(Pool::open(&path, 1, Duration::from_millis(200)).unwrap());
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
                       SELECT count(*) FROM c";
        let err = pool
            .run(move |store| {
                let n: i64 = store
                    .connection()
                    .query_row(endless, [], |r| r.get(0))
                    .map_err(StoreError::from)?;
                Ok(n)
            })
            .await
            .unwrap_err();
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(err.message.contains("took longer"), "{}", err.message);
        // The only store was interrupted, not lost: the next query gets it.
        let documents = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
        assert_eq!(documents, 0);
    }

    #[tokio::test]
    async fn a_panicking_query_loses_its_store_and_another_is_opened() {
        let (_dir, path) = empty_store();
        let pool = Arc::new(Pool::open(&path, 1, Duration::from_secs(5)).unwrap());
        let err = pool
            .run(|_| -> Result<(), ApiError> { panic!("a bug") })
            .await
            .unwrap_err();
        assert_eq!(err.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!err.message.contains("a bug"));
        let documents = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
        assert_eq!(documents, 0);
    }
}
