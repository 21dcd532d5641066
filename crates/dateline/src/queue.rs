//! A channel bounded twice: by items and by bytes.
//!
//! Why: `ingest` hands prepared documents to its single store writer through a queue long
//! enough to keep the workers analysing while the writer commits (thousands of documents).
//! Counted in items alone, such a queue of large documents (a WARC of 10 MB pages) would
//! hold gigabytes; counted in bytes too, memory stays bounded whatever the input. A send
//! waits while the queue holds its bytes, unless the queue is empty (an item larger than
//! the whole budget still goes through, alone), and never waits once the receiver is gone.

use std::sync::{Arc, Condvar, Mutex, mpsc};

/// Bytes queued, and whether the receiver is gone.
#[derive(Default)]
struct Budget {
    state: Mutex<(usize, bool)>,
    freed: Condvar,
}

impl Budget {
    fn acquire(&self, bytes: usize, limit: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 > 0 && state.0 + bytes > limit && !state.1 {
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.0 += bytes;
    }

    fn release(&self, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = state.0.saturating_sub(bytes);
        self.freed.notify_all();
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.freed.notify_all();
    }
}

pub struct Sender<T> {
    tx: mpsc::SyncSender<(T, usize)>,
    budget: Arc<Budget>,
    limit: usize,
}

pub struct Receiver<T> {
    /// `None` only while dropping: the channel closes before the budget does, so that a
    /// sender woken by the close finds the receiver gone.
    rx: Option<mpsc::Receiver<(T, usize)>>,
    budget: Arc<Budget>,
}

/// A queue of at most `items` items and `bytes` bytes (as the sender sizes them).
pub fn bounded<T>(items: usize, bytes: usize) -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = mpsc::sync_channel(items);
    let budget = Arc::new(Budget::default());
    (
        Sender {
            tx,
            budget: budget.clone(),
            limit: bytes,
        },
        Receiver {
            rx: Some(rx),
            budget,
        },
    )
}

impl<T> Sender<T> {
    /// Queues `item` of `size` bytes, waiting for room; gives it back when the receiver is
    /// gone.
    pub fn send(&self, item: T, size: usize) -> Result<(), T> {
        self.budget.acquire(size, self.limit);
        self.tx.send((item, size)).map_err(|e| {
            self.budget.release(size);
            e.0.0
        })
    }
}

impl<T> Iterator for Receiver<T> {
    type Item = T;

    /// The next item, once every sender is gone and the queue is empty `None`.
    fn next(&mut self) -> Option<T> {
        let (item, size) = self.rx.as_ref()?.recv().ok()?;
        self.budget.release(size);
        Some(item)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        drop(self.rx.take());
        self.budget.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn items_arrive_in_order_and_an_oversized_item_passes_alone() {
        let (tx, rx) = bounded::<u32>(8, 10);
        let sender = std::thread::spawn(move || {
            for (i, size) in [4, 4, 100, 1, 1].into_iter().enumerate() {
                tx.send(i as u32, size).unwrap();
            }
        });
        let got: Vec<u32> = rx.collect();
        sender.join().unwrap();
        assert_eq!(got, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_full_budget_makes_the_sender_wait_until_the_receiver_takes() {
        let (tx, mut rx) = bounded::<u32>(8, 10);
        tx.send(0, 8).unwrap();
        let sender = std::thread::spawn(move || {
            tx.send(1, 8).unwrap();
        });
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !sender.is_finished(),
            "16 bytes queued against a budget of 10"
        );
        assert_eq!(rx.next(), Some(0));
        sender.join().unwrap();
        assert_eq!(rx.next(), Some(1));
        assert_eq!(rx.next(), None);
    }

    #[test]
    fn a_sender_never_waits_once_the_receiver_is_gone() {
        let (tx, rx) = bounded::<u32>(8, 10);
        tx.send(0, 8).unwrap();
        let sender = std::thread::spawn(move || tx.send(1, 8));
        std::thread::sleep(Duration::from_millis(20));
        drop(rx);
        assert_eq!(sender.join().unwrap(), Err(1));
    }
}
