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
        let i = self.edits.partition_point(|e| e.norm as usize <= n);
        start_after(i.checked_sub(1).map(|i| &self.edits[i]), n)
    }

    /// The original offset where a span ending at normalized offset `n` ends. Inside a
    /// replacement it snaps to the replacement's end; before a deletion it stops short of
    /// the deleted characters.
    pub fn end_to_original(&self, n: usize) -> usize {
        let i = self.edits.partition_point(|e| (e.norm as usize) < n);
        end_after(i.checked_sub(1).map(|i| &self.edits[i]), n)
    }

    /// A mapper for spans visited in increasing order (as a tokenizer produces them): each
    /// look-up costs amortized O(1) instead of a binary search.
    pub fn ordered_mapper(&self) -> OrderedMapper<'_> {
        OrderedMapper {
            edits: &self.edits,
            starts: 0,
            ends: 0,
        }
    }
}

/// See [`NormalizedText::ordered_mapper`]. Offsets passed to `start` (and, separately, to
/// `end`) must not decrease.
pub struct OrderedMapper<'a> {
    edits: &'a [Edit],
    starts: usize,
    ends: usize,
}

impl OrderedMapper<'_> {
    #[inline]
    pub fn start(&mut self, n: usize) -> usize {
        while self.starts < self.edits.len() && self.edits[self.starts].norm as usize <= n {
            self.starts += 1;
        }
        start_after(self.starts.checked_sub(1).map(|i| &self.edits[i]), n)
    }

    #[inline]
    pub fn end(&mut self, n: usize) -> usize {
        while self.ends < self.edits.len() && (self.edits[self.ends].norm as usize) < n {
            self.ends += 1;
        }
        end_after(self.ends.checked_sub(1).map(|i| &self.edits[i]), n)
    }
}

/// Maps a start offset given the last edit at or before it.
#[inline]
fn start_after(edit: Option<&Edit>, n: usize) -> usize {
    let Some(e) = edit else { return n };
    let (norm, orig) = (e.norm as usize, e.orig as usize);
    if n < norm + e.norm_len as usize {
        return orig;
    }
    orig + e.orig_len as usize + (n - norm - e.norm_len as usize)
}

/// Maps an end offset given the last edit strictly before it.
#[inline]
fn end_after(edit: Option<&Edit>, n: usize) -> usize {
    let Some(e) = edit else { return n };
    let (norm, orig) = (e.norm as usize, e.orig as usize);
    if n <= norm + e.norm_len as usize {
        return orig + e.orig_len as usize;
    }
    orig + e.orig_len as usize + (n - norm - e.norm_len as usize)
}
