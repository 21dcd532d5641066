//! Byte offsets to character offsets, for the JSON output.
//!
//! Rust slices strings by byte; `FORMAT.md` (and Python, and most annotation tools) count
//! Unicode code points. Converting every offset by counting from the start would be
//! quadratic in long documents, and a full byte→char table costs four bytes per byte.
//! [`CharOffsets`] keeps one checkpoint per block of bytes and counts within the block.

const BLOCK: usize = 256;

/// Converts byte offsets of one text into character offsets.
pub struct CharOffsets<'a> {
    text: &'a str,
    /// `chars_before[k]` = number of chars in `text[..k * BLOCK]`; empty for ASCII text,
    /// where bytes and chars coincide.
    chars_before: Vec<u32>,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        if text.is_ascii() {
            return CharOffsets {
                text,
                chars_before: Vec::new(),
            };
        }
        let bytes = text.as_bytes();
        let mut chars_before = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for block in bytes.chunks(BLOCK) {
            chars_before.push(count);
            count += count_char_starts(block);
        }
        chars_before.push(count);
        CharOffsets { text, chars_before }
    }

    /// The character offset of byte offset `byte`, which must lie on a char boundary.
    #[inline]
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.chars_before.is_empty() {
            return byte;
        }
        debug_assert!(self.text.is_char_boundary(byte));
        let k = byte / BLOCK;
        let base = self.chars_before[k] as usize;
        base + count_char_starts(&self.text.as_bytes()[k * BLOCK..byte]) as usize
    }
}

#[inline]
fn count_char_starts(bytes: &[u8]) -> u32 {
    // A byte starts a char unless it is a UTF-8 continuation byte (0b10xx_xxxx).
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_counting() {
        let text = "Trump’s “deal” — ñandú 🦀 ".repeat(40);
        let offsets = CharOffsets::new(&text);
        for (b, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            assert_eq!(
                offsets.char_offset(b),
                text[..b].chars().count(),
                "byte {b}"
            );
        }
    }

    #[test]
    fn ascii_is_identity() {
        let offsets = CharOffsets::new("plain text");
        assert_eq!(offsets.char_offset(5), 5);
    }
}
