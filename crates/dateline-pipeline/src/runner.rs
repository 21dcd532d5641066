//! Ordered parallel processing of a stream.
//!
//! Reading is sequential (files, decompression, JSONL lines arrive in order) and cheap;
//! analysis is the expensive part. A reader thread cuts the input into batches and hands
//! them over a channel of capacity one, so it reads batch N+1 while the workers analyse
//! batch N. Each batch is processed by a rayon pool and its results are delivered in input
//! order. Memory is bounded by about three batches, whatever the input's size.

use rayon::prelude::*;
use std::sync::mpsc;

/// Sizes of the work units.
#[derive(Debug, Clone, Copy)]
pub struct RunnerConfig {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// A batch closes after this many items…
    pub batch_items: usize,
    /// …or after this many bytes of input (as `weight` measures it).
    pub batch_bytes: usize,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            jobs: 0,
            batch_items: 512,
            batch_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Runs a function over a stream on a thread pool, delivering results in input order.
pub struct OrderedRunner {
    pool: rayon::ThreadPool,
    config: RunnerConfig,
}

impl OrderedRunner {
    pub fn new(config: RunnerConfig) -> Result<OrderedRunner, rayon::ThreadPoolBuildError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.jobs)
            .thread_name(|i| format!("dateline-worker-{i}"))
            .build()?;
        Ok(OrderedRunner { pool, config })
    }

    /// The number of worker threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Applies `work` to every item of `input` in parallel and passes each result to `sink`
    /// in input order. `weight` sizes an item (its bytes) for batching.
    pub fn run<T, U, I, W, F, S>(&self, input: I, weight: W, work: F, mut sink: S)
    where
        T: Send,
        U: Send,
        I: Iterator<Item = T> + Send,
        W: Fn(&T) -> usize + Send,
        F: Fn(T) -> U + Sync,
        S: FnMut(U),
    {
        let RunnerConfig {
            batch_items,
            batch_bytes,
            ..
        } = self.config;
        let batch_items = batch_items.max(1);
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Vec<T>>(1);
            scope.spawn(move || {
                let mut batch = Vec::new();
                let mut bytes = 0usize;
                for item in input {
                    bytes += weight(&item);
                    batch.push(item);
                    if batch.len() >= batch_items || bytes >= batch_bytes {
                        if tx.send(std::mem::take(&mut batch)).is_err() {
                            return;
                        }
                        bytes = 0;
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
            });
            for batch in rx {
                let results: Vec<U> = self
                    .pool
                    .install(|| batch.into_par_iter().map(&work).collect());
                for r in results {
                    sink(r);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_input_order_across_batches() {
        let runner = OrderedRunner::new(RunnerConfig {
            jobs: 4,
            batch_items: 7,
            batch_bytes: usize::MAX,
        })
        .unwrap();
        let mut out = Vec::new();
        runner.run(0..1000u64, |_| 1, |x| x * 2, |y| out.push(y));
        assert_eq!(out, (0..1000u64).map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn closes_batches_by_size() {
        let runner = OrderedRunner::new(RunnerConfig {
            jobs: 2,
            batch_items: 1000,
            batch_bytes: 10,
        })
        .unwrap();
        let mut out = Vec::new();
        runner.run(
            ["aaaaaaaaaaaa", "b", "c"].into_iter(),
            |s| s.len(),
            str::to_uppercase,
            |y| out.push(y),
        );
        assert_eq!(out, ["AAAAAAAAAAAA", "B", "C"]);
    }
}
