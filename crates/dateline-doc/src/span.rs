//! Spans and provenance: the two things every annotation carries.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's original text.
///
/// `u32` keeps token arrays compact (a token is 12 bytes, not 24); [`crate::Doc::new`]
/// refuses texts longer than [`crate::MAX_DOC_BYTES`], so every offset fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from byte offsets. Panics in debug builds when `start > end`, which is
    /// always a bug in the caller, never a property of input data.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Where an annotation came from: the component that made it, the rule or model within
/// that component, and a confidence in `[0, 1]` when the producer has one.
///
/// Names are `&'static str` because they are chosen by code, not by data: recording them
/// costs nothing per annotation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Provenance {
    pub component: &'static str,
    pub rule: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// An empty provenance, for layers being built (never written out as is).
impl Default for Provenance {
    fn default() -> Self {
        Provenance::rule("", "")
    }
}

impl Provenance {
    pub const fn rule(component: &'static str, rule: &'static str) -> Provenance {
        Provenance {
            component,
            rule,
            confidence: None,
        }
    }

    pub const fn with_confidence(self, confidence: f32) -> Provenance {
        Provenance {
            confidence: Some(confidence),
            ..self
        }
    }
}
