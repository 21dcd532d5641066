//! Near-duplicate detection: the same wire story on several sites.
//!
//! Syndicated copies differ in their headers, footers, bylines and a few edited words, so
//! exact hashes miss them and a word-by-word diff against every stored document would be
//! quadratic. We use the classic pair of MinHash and locality-sensitive hashing:
//!
//! * **Shingles**: the document's words (lower-cased letters and digits) taken five at a
//!   time. Two versions of one story share most shingles; two different stories share
//!   almost none, even on the same topic.
//! * **MinHash, one permutation**: each shingle is hashed once; the hash picks one of
//!   [`HASHES`] bins and the bin keeps the smallest value it sees (one-permutation hashing,
//!   Li, Owen and Zhang 2012). A bin no shingle fell into borrows the value of a bin chosen
//!   by its own fixed sequence of hashes ("optimal densification", Shrivastava 2017), so two
//!   documents fill an empty bin the same way. The share of equal positions in two
//!   signatures estimates the Jaccard similarity of the shingle sets ([`similarity`]), as
//!   with [`HASHES`] independent hash functions, at one hash per shingle instead of
//!   [`HASHES`]: the classic scheme was a sixth of all ingest work.
//! * **LSH**: the signature is cut into [`BANDS`] bands of [`ROWS`] values; each band is
//!   hashed to one 64-bit key ([`band_keys`]) and stored in an index. Documents that share
//!   any band key are candidates, checked against [`SAME_STORY`]. With 20 bands of 3 rows a
//!   pair at similarity 0.5 becomes a candidate with probability 0.93, at 0.7 with 0.9999,
//!   and unrelated documents (similarity near 0) almost never, so each new document costs
//!   20 index look-ups however large the corpus.
//!
//! Texts shorter than a shingle use their words one at a time.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Values in a signature.
pub const HASHES: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 20;
/// Signature values per band.
pub const ROWS: usize = 3;
/// Estimated Jaccard similarity from which two documents are one story.
pub const SAME_STORY: f64 = 0.5;

/// A MinHash signature.
pub type Signature = [u32; HASHES];

/// The MinHash signature of a text; `None` when it has no words.
pub fn signature(text: &str) -> Option<Signature> {
    let words: Vec<u64> = words(text).map(word_hash).collect();
    if words.is_empty() {
        return None;
    }
    let mut sig = [u32::MAX; HASHES];
    let mut filled = [false; HASHES];
    let mut add = |h: u64| {
        let h = mix(h ^ SEEDS[0]);
        // The high half picks the bin (multiply-shift, no division), the low half is the value.
        let bin = (((h >> 32) * HASHES as u64) >> 32) as usize;
        let v = h as u32;
        if !filled[bin] || v < sig[bin] {
            sig[bin] = v;
            filled[bin] = true;
        }
    };
    if words.len() < SHINGLE {
        for &w in &words {
            add(w);
        }
    } else {
        for window in words.windows(SHINGLE) {
            let h = window
                .iter()
                .fold(0u64, |acc, &w| acc.rotate_left(13) ^ w.wrapping_mul(K));
            add(h);
        }
    }
    densify(&mut sig, &filled);
    Some(sig)
}

/// Fills each empty bin from a filled one, chosen by the empty bin's own sequence of
/// hashes (the same for every document), so that two documents whose shingles fell into
/// the same bins fill the others alike. At least one bin is filled.
fn densify(sig: &mut Signature, filled: &[bool; HASHES]) {
    if filled.iter().all(|&f| f) {
        return;
    }
    let before = *sig;
    for i in 0..HASHES {
        if filled[i] {
            continue;
        }
        let mut attempt = 0u64;
        let donor = loop {
            let j = (((mix(SEEDS[i] ^ attempt) >> 32) * HASHES as u64) >> 32) as usize;
            if filled[j] {
                break Some(j);
            }
            attempt += 1;
            if attempt > 4 * HASHES as u64 {
                // Nearly impossible (one bin filled of sixty): the next filled bin.
                break (1..HASHES).map(|d| (i + d) % HASHES).find(|&j| filled[j]);
            }
        };
        if let Some(j) = donor {
            sig[i] = before[j];
        }
    }
}

/// A Bloom filter of LSH band keys: a key it has not seen is surely not in the index, so
/// looking it up can be skipped. It is kept only while the writer knows every key of the
/// index (the store had none when it was opened, and no other connection has written since),
/// where nearly all of a new document's 20 look-ups find nothing: they were a tenth of the
/// writer's time at 100,000 documents.
///
/// 2^27 bits (16 MB, touched only as they are set) and three bits per key: one false
/// positive in ~10,000 look-ups at 2 million keys (100,000 documents), one in 20 at 20
/// million; a false positive only costs the look-up the filter would have saved.
pub struct BandFilter {
    bits: Vec<u64>,
}

impl Default for BandFilter {
    fn default() -> Self {
        BandFilter {
            bits: vec![0; 1 << (Self::BITS - 6)],
        }
    }
}

impl BandFilter {
    const BITS: u32 = 27;

    /// Three bit positions from the key's own bits (keys are already hashes).
    fn slots(key: i64) -> [usize; 3] {
        let k = key as u64;
        let mask = (1u64 << Self::BITS) - 1;
        [k & mask, (k >> 27) & mask, k.rotate_left(10) & mask].map(|v| v as usize)
    }

    pub fn insert(&mut self, key: i64) {
        for s in Self::slots(key) {
            self.bits[s >> 6] |= 1 << (s & 63);
        }
    }

    pub fn may_contain(&self, key: i64) -> bool {
        Self::slots(key)
            .iter()
            .all(|&s| self.bits[s >> 6] & (1 << (s & 63)) != 0)
    }
}

/// The share of equal positions: an estimate of the Jaccard similarity of two shingle sets.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / HASHES as f64
}

/// The LSH keys of a signature, one per band (the band's number is part of the key).
pub fn band_keys(sig: &Signature) -> [i64; BANDS] {
    let mut keys = [0i64; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut bytes = [0u8; ROWS * 4];
        for (r, chunk) in bytes.chunks_exact_mut(4).enumerate() {
            chunk.copy_from_slice(&sig[band * ROWS + r].to_le_bytes());
        }
        *key = xxh3_64_with_seed(&bytes, band as u64) as i64;
    }
    keys
}

/// A signature as stored (little-endian `u32`s).
pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A stored signature; `None` when the blob has the wrong size.
pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != HASHES * 4 {
        return None;
    }
    let mut sig = [0u32; HASHES];
    for (slot, chunk) in sig.iter_mut().zip(bytes.chunks_exact(4)) {
        *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    Some(sig)
}

/// The words of a text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The hash of a word's lower-case form (ASCII words, nearly all of them, without
/// allocating).
fn word_hash(word: &str) -> u64 {
    let mut buf = [0u8; 48];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        xxh3_64(lower)
    } else {
        xxh3_64(word.to_lowercase().as_bytes())
    }
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finalizer: spreads every input bit over the output.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fixed seeds (the first for shingles, one per bin for densification), so that
/// signatures stay comparable across runs and versions (changing them, or the scheme, needs
/// a store migration that computes every stored signature again: see `crate::schema`).
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut state = 0x5eed_da7e_11e0_0001u64;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(K);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Leaders of the two countries met on Friday at a military base \
        for talks that lasted nearly three hours, but they announced no agreement on a \
        ceasefire. The president said the meeting was productive and that many points had \
        been agreed, while his counterpart warned against any attempt to derail progress. \
        Officials from both delegations said further meetings were possible in the coming \
        weeks, and analysts said the summit had given the visiting leader a long-sought \
        return to the world stage.";

    #[test]
    fn syndicated_copy_is_the_same_story() {
        let copy = format!(
            "WIRE SERVICE — Published by a regional daily. {} Copyright 2025. All rights \
             reserved. Sign up for our newsletter.",
            STORY.replace("nearly three hours", "almost three hours")
        );
        let a = signature(STORY).unwrap();
        let b = signature(&copy).unwrap();
        assert!(similarity(&a, &b) >= SAME_STORY, "{}", similarity(&a, &b));
        let shared = band_keys(&a)
            .iter()
            .zip(band_keys(&b))
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn different_stories_are_not() {
        let other = "The city council voted on Tuesday to expand the bus network, adding \
            twelve routes and extending night service across the northern districts. The \
            mayor said the plan would be paid for by a new parking levy, which opponents \
            called a tax on commuters who have no other way to reach their jobs.";
        let a = signature(STORY).unwrap();
        let b = signature(other).unwrap();
        assert!(similarity(&a, &b) < 0.1);
        assert_eq!(similarity(&a, &a), 1.0);
    }

    /// Words from a fixed pseudo-random sequence: texts whose shingle overlap is known.
    fn words_from(seed: u64, n: usize) -> Vec<String> {
        (0..n as u64)
            .map(|i| format!("w{}", mix(seed.wrapping_mul(1_000_003) ^ i) % 5000))
            .collect()
    }

    #[test]
    fn estimate_follows_the_true_jaccard_similarity() {
        let shingles = |w: &[String]| -> std::collections::HashSet<String> {
            w.windows(SHINGLE).map(|s| s.join(" ")).collect()
        };
        for (keep, seed) in [(0.9, 1), (0.7, 2), (0.5, 3), (0.3, 4), (0.0, 5)] {
            let a = words_from(seed, 600);
            let mut b = a.clone();
            let cut = (600.0 * keep) as usize;
            b.splice(cut.., words_from(seed + 100, 600 - cut));
            let (sa, sb) = (shingles(&a), shingles(&b));
            let truth = sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64;
            let est = similarity(
                &signature(&a.join(" ")).unwrap(),
                &signature(&b.join(" ")).unwrap(),
            );
            assert!(
                (est - truth).abs() < 0.17,
                "keep {keep}: true {truth:.2}, estimate {est:.2}"
            );
        }
    }

    #[test]
    fn short_texts_fill_every_bin_the_same_way() {
        // Three words: at most three bins filled, the rest borrowed.
        let a = signature("Ceasefire talks resume").unwrap();
        let b = signature("ceasefire TALKS resume!").unwrap();
        assert_eq!(a, b);
        let distinct: std::collections::HashSet<u32> = a.iter().copied().collect();
        assert!(distinct.len() <= 3, "{distinct:?}");
        let c = signature("Ceasefire talks collapse").unwrap();
        assert!(similarity(&a, &c) < 1.0);
    }

    #[test]
    fn signatures_round_trip_and_empty_text_has_none() {
        let a = signature("Short text.").unwrap();
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
        assert_eq!(from_bytes(&[1, 2, 3]), None);
        assert_eq!(signature(" — … "), None);
    }
}
