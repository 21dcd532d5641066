//! A normalized copy of a text that remembers where every piece came from.
//!
//! News text is full of characters that look alike but compare unequal: NBSP for space,
//! curly for straight apostrophes, soft hyphens and zero-width joiners inside names. Matching
//! and dictionary look-ups want the smoothed form, while every reported span must point into
//! the text exactly as written. [`NormalizedText`] holds the smoothed text plus the list of
//! places where it differs from the original, so any offset maps back.
//!
//! The rules of what gets normalized live in `dateline-text`; this is only the data.

/// One place where normalized and original differ: `orig_len` original bytes at `orig`
/// became `norm_len` normalized bytes at `norm` (`norm_len` is 0 for a deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub norm: u32,
    pub orig: u32,
    pub norm_len: u32,
    pub orig_len: u32,
}

/// A normalized text and its edits against the original, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormalizedText {
    pub text: String,
    pub edits: Vec<Edit>,
}

impl NormalizedText {
    /// The original offset where a span starting at normalized offset `n` starts.
    /// Inside a replacement it snaps to the replacement's start; after a deletion it
    /// skips the deleted characters.
    pub fn start_to_original(&self, n: usize) -> usize {
        let n = n as u32;
        let i = self.edits.partition_point(|e| e.norm <= n);
        if i == 0 {
            return n as usize;
        }
        let e = self.edits[i - 1];
        if n < e.norm + e.norm_len {
            return e.orig as usize;
        }
        (e.orig + e.orig_len + (n - e.norm - e.norm_len)) as usize
    }

    /// The original offset where a span ending at normalized offset `n` ends. Inside a
    /// replacement it snaps to the replacement's end; before a deletion it stops short of
    /// the deleted characters.
    pub fn end_to_original(&self, n: usize) -> usize {
        let n = n as u32;
        let i = self.edits.partition_point(|e| e.norm < n);
        if i == 0 {
            return n as usize;
        }
        let e = self.edits[i - 1];
        if n <= e.norm + e.norm_len {
            return (e.orig + e.orig_len) as usize;
        }
        (e.orig + e.orig_len + (n - e.norm - e.norm_len)) as usize
    }
}
