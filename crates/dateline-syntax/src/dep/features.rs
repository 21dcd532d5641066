//! The lexical features spaCy's small English model embeds, computed as spaCy computes them.
//!
//! Why exact: the model does not see words, it sees rows of hash tables. A word's NORM,
//! PREFIX, SUFFIX and SHAPE strings are hashed to 64-bit ids (MurmurHash64A, seed 1, as
//! spaCy's string store does), and each id is hashed again (MurmurHash3 x86 128-bit, one
//! seed per feature) into four rows of that feature's table. A string spelled differently,
//! or a hash that differs in one bit, lands on unrelated rows, and accuracy drops with no
//! error anywhere. The tests pin both hashes to values Python spaCy gives.

use std::collections::HashMap;

/// The lexical features of one word, as 64-bit ids in the model's column order:
/// NORM, PREFIX, SUFFIX, SHAPE, SPACY (followed by white space), IS_SPACE.
pub type WordIds = [u64; 6];

/// The norms of words that differ from their lower case: the model's `lexeme_norm` table
/// (keyed by the hash of the word), then spaCy's base norms for quotes, dashes and currency
/// signs, then the norms its tokenizer exceptions give to the pieces of contractions.
#[derive(Debug, Default, Clone)]
pub struct Norms {
    pub(crate) table: HashMap<u64, String>,
}

/// spaCy's base norm exceptions (punctuation and currency spellings), as facts.
const BASE_NORMS: &[(&str, &str)] = &[
    ("'s", "'s"),
    ("'S", "'s"),
    ("’s", "'s"),
    ("’S", "'s"),
    ("’", "'"),
    ("‘", "'"),
    ("´", "'"),
    ("`", "'"),
    ("”", "\""),
    ("“", "\""),
    ("''", "\""),
    ("``", "\""),
    ("´´", "\""),
    ("„", "\""),
    ("»", "\""),
    ("«", "\""),
    ("‘‘", "\""),
    ("’’", "\""),
    ("？", "?"),
    ("！", "!"),
    ("，", ","),
    ("；", ";"),
    ("：", ":"),
    ("。", "."),
    ("।", "."),
    ("…", "..."),
    ("—", "-"),
    ("–", "-"),
    ("--", "-"),
    ("---", "-"),
    ("——", "-"),
    ("€", "$"),
    ("£", "$"),
    ("¥", "$"),
    ("฿", "$"),
    ("US$", "$"),
    ("C$", "$"),
    ("A$", "$"),
    ("₺", "$"),
    ("₹", "$"),
    ("৳", "$"),
    ("₩", "$"),
    ("Mex$", "$"),
    ("₣", "$"),
    ("E£", "$"),
];

/// Norms of the pieces English contractions split into ("n't" is "not"), which spaCy's
/// tokenizer exceptions set on the piece: a dateline token of the same spelling gets them.
const CONTRACTION_NORMS: &[(&str, &str)] = &[
    ("n't", "not"),
    ("n’t", "not"),
    ("N'T", "not"),
    ("'re", "are"),
    ("’re", "are"),
    ("'ve", "have"),
    ("’ve", "have"),
    ("'ll", "will"),
    ("’ll", "will"),
    ("'m", "am"),
    ("’m", "am"),
    ("ca", "can"),
    ("wo", "will"),
    ("Ca", "can"),
    ("Wo", "will"),
];

impl Norms {
    /// The norms from the model's `lexeme_norm` table (hash of the word → norm) plus the
    /// built-in exceptions; the table wins, as in spaCy.
    pub fn new(lexeme_norm: HashMap<u64, String>) -> Norms {
        let mut table = HashMap::with_capacity(lexeme_norm.len() + 64);
        for (word, norm) in CONTRACTION_NORMS.iter().chain(BASE_NORMS) {
            table.insert(hash_string(word), (*norm).to_string());
        }
        table.extend(lexeme_norm);
        Norms { table }
    }

    /// The norm of `word`: an exception, else the lower case.
    pub fn norm(&self, word: &str) -> String {
        match self.table.get(&hash_string(word)) {
            Some(norm) => norm.clone(),
            None => word.to_lowercase(),
        }
    }
}

/// The six feature ids of `word`.
pub fn word_ids(norms: &Norms, word: &str, space_after: bool) -> WordIds {
    let norm = norms.norm(word);
    let prefix_end = word.chars().next().map_or(0, char::len_utf8);
    let suffix_start = word.char_indices().rev().nth(2).map_or(0, |(at, _)| at);
    let is_space = !word.is_empty() && word.chars().all(char::is_whitespace);
    [
        hash_string(&norm),
        hash_string(&word[..prefix_end]),
        hash_string(&word[suffix_start..]),
        hash_string(&shape(word)),
        u64::from(space_after),
        u64::from(is_space),
    ]
}

/// spaCy's word shape: letters as `X`/`x`, digits as `d`, other characters kept, a run of
/// the same shape character cut after four; 100 characters or more are `LONG`.
pub fn shape(word: &str) -> String {
    if word.chars().count() >= 100 {
        return "LONG".to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    let mut run = 0;
    for c in word.chars() {
        let class = if c.is_alphabetic() {
            if c.is_uppercase() { 'X' } else { 'x' }
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if Some(class) == last {
            run += 1;
        } else {
            run = 0;
            last = Some(class);
        }
        if run < 4 {
            out.push(class);
        }
    }
    out
}

/// spaCy's string hash: MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn hash_string(s: &str) -> u64 {
    murmur64a(s.as_bytes(), 1)
}

fn murmur64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut k = u64::from_le_bytes(block.try_into().unwrap_or([0; 8]));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// thinc's hash of one 64-bit id into four 32-bit keys: MurmurHash3 x64 128-bit of the
/// id's eight bytes (one tail block, no full block), the two 64-bit halves split low word
/// first.
pub fn hash_id(id: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    const LEN: u64 = 8;
    let k1 = id.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    let mut h1 = u64::from(seed) ^ k1 ^ LEN;
    let mut h2 = u64::from(seed) ^ LEN;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hashes_are_spacys() {
        // Values from spacy.strings.hash_string (spaCy 3.8).
        assert_eq!(hash_string("hello"), 5983625672228268878);
        assert_eq!(hash_string("Hello"), 15777305708150031551);
        assert_eq!(hash_string(""), 14313749767032693980);
    }

    #[test]
    fn id_hashes_are_thincs() {
        // Values from thinc's NumpyOps().hash(ids, seed=8).
        assert_eq!(
            hash_id(1, 8),
            [1161550108, 2247783286, 1742325162, 1224191281]
        );
        assert_eq!(
            hash_id(12345678901234567890, 8),
            [825681028, 3746740173, 3386005190, 3472626611]
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Obama"), "Xxxxx");
        assert_eq!(shape("1996-08-30"), "dddd-dd-dd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("aaaaaaaa"), "xxxx");
        assert_eq!(shape(&"a".repeat(100)), "LONG");
    }

    #[test]
    fn norms_lower_case_unless_an_exception_says_otherwise() {
        let norms = Norms::new(HashMap::from([(
            hash_string("colour"),
            "color".to_string(),
        )]));
        assert_eq!(norms.norm("Colour"), "colour");
        assert_eq!(norms.norm("colour"), "color");
        assert_eq!(norms.norm("n't"), "not");
        assert_eq!(norms.norm("“"), "\"");
        assert_eq!(norms.norm("Putin"), "putin");
    }
}
