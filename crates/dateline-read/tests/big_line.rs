//! A 50 MB single-line JSONL document streams through with bounded extra memory.
//!
//! Its own test binary, so the counting allocator sees only this test's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use dateline_read::{InputSpec, Payload, open};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const PARAGRAPH: &str = "The regional transit authority said on Thursday that night buses will run every \
                         twenty minutes from October, a change riders had requested for years.\\n";

#[test]
fn fifty_megabyte_line_streams_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut expected_len = 0;
    {
        let mut w = BufWriter::new(File::create(&path).unwrap());
        w.write_all(b"{\"id\":\"big\",\"text\":\"").unwrap();
        let decoded_para = PARAGRAPH.replace("\\n", "\n");
        let mut written = 0;
        while written < 50 * 1024 * 1024 {
            w.write_all(PARAGRAPH.as_bytes()).unwrap();
            written += PARAGRAPH.len();
            expected_len += decoded_para.len();
        }
        w.write_all(b"\"}\n{\"id\":\"small\",\"text\":\"After the big one.\"}\n")
            .unwrap();
    }
    let file_len = std::fs::metadata(&path).unwrap().len() as usize;
    assert!(file_len > 50 * 1024 * 1024);

    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut inputs = open(&[InputSpec::new(&path)]);
    let first = inputs.next().unwrap().unwrap();
    assert_eq!(first.meta.id, "big");
    match &first.payload {
        Payload::Text(t) => {
            assert_eq!(t.len(), expected_len);
            assert!(t.starts_with("The regional transit authority said on Thursday"));
            assert!(t.ends_with("requested for years.\n"));
        }
        other => panic!("{other:?}"),
    }
    drop(first);
    let second = inputs.next().unwrap().unwrap();
    assert_eq!(second.payload, Payload::Text("After the big one.".into()));
    assert!(inputs.next().is_none());
    let peak = PEAK.load(Ordering::Relaxed) - base;
    // The line buffer, the JSON parser's scratch copy and the resulting string: a small
    // multiple of one line, never the whole input of many lines.
    assert!(
        peak < 4 * file_len,
        "peak {peak} bytes for a {file_len}-byte line"
    );
    // The reader released its buffer after the big line.
    let held = CURRENT.load(Ordering::Relaxed).saturating_sub(base);
    assert!(held < 4 * 1024 * 1024, "still holding {held} bytes");
    eprintln!(
        "peak extra memory: {:.1}x the line",
        peak as f64 / file_len as f64
    );
}
