//! The greedy averaged-perceptron tagger (Honnibal 2013), predicting with the weights of
//! textblob-aptagger.
//!
//! A word found in the tag dictionary (frequent words that were one tag ≥ 97% of the time
//! in training) gets that tag; any other word gets the class with the highest sum of the
//! weights of its 14 features: a bias, the word's last three and first characters, the
//! previous two predicted tags alone, together and with the word, the normalised words
//! one and two either side, and the last three characters of the neighbouring words.
//! Normalisation lower-cases words and folds those with an inner hyphen to `!HYPHEN`,
//! four-digit numbers to `!YEAR` and other words starting with a digit to `!DIGITS`;
//! sentences are padded with `-START-`, `-START2-` before and `-END-`, `-END2-` after.
//!
//! Everything here reproduces the reference implementation to the bit, because the weights
//! only mean what they meant in training if the features are the same: the tag dictionary
//! is looked up with the word as written, suffix and prefix features of the word itself
//! use it as written while those of its neighbours use the normalised form, the previous
//! tags carry over from one sentence to the next (the model was trained that way and the
//! reference tags a text that way), scores are summed in the reference's feature order,
//! and a tie goes to the class whose name sorts last. Python's `str.isdigit` is matched by
//! a table of the digits of Unicode 14 (`tools/digit_table.py`), and `str.lower` by Rust's
//! full lower-casing.
//!
//! Nine of a word's ten feature look-ups depend on one word alone (itself, or a neighbour
//! as the previous or next word), so each thread keeps those features per normalised word
//! (`NEIGHBOURS`) and a sentence reads them once per position: the same ids in the same
//! order, found with fewer look-ups.

use crate::ModelError;
use crate::model::{Model, NONE, PRIORS, START, START2, Template};
use crate::tag::{TAG_COUNT, Tag};

/// A Penn Treebank part-of-speech tagger. Cheap to share: tagging takes `&self`.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: Model,
    /// Tells this model's entries apart in [`NEIGHBOURS`] (a clone keeps it: same model).
    id: u64,
}

/// Taggers made so far (each takes the next number as its id).
static TAGGERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Most words [`NEIGHBOURS`] keeps per thread before it starts again.
const NEIGHBOUR_WORDS: usize = 16_384;

/// Longest word [`NEIGHBOURS`] keeps, in bytes.
const NEIGHBOUR_BYTES: usize = 32;

/// The features a normalised word gives wherever it stands: itself, as the previous word
/// (and its suffix), as the word before that, as the next word (and its suffix), as the
/// word after that; in [`Template`] order from `Word`, `PrevTagWord` left out.
type Neighbour = [u32; 7];

std::thread_local! {
    /// Per thread, (tagger, normalised word) → its [`Neighbour`] features: nine in ten
    /// look-ups of a sentence's features depend on one word alone, and news repeats its
    /// words, so each is made once rather than at each place the word is read from.
    static NEIGHBOURS: std::cell::RefCell<(u64, foldhash::HashMap<Box<str>, Neighbour>)> =
        std::cell::RefCell::new((u64::MAX, foldhash::HashMap::default()));
}

/// Sizes of a loaded model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelStats {
    pub classes: usize,
    pub tagdict: usize,
    pub features: usize,
    pub weights: usize,
}

impl Tagger {
    /// Reads a model in the compact format of [`crate::model`] (see
    /// [`crate::TaggerBuilder::to_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            model: Model::from_bytes(bytes)?,
            id: TAGGERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    pub fn stats(&self) -> ModelStats {
        ModelStats {
            classes: self.model.classes.len(),
            tagdict: self.model.tagdict_len(),
            features: self.model.feature_count(),
            weights: self.model.weight_count(),
        }
    }

    /// Tags one sentence, as the first of a text.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(words.len());
        self.sequence().tag_sentence(words, &mut out);
        out
    }

    /// A tagging run over consecutive sentences of one text: the previous tags carry over
    /// from each sentence to the next, as in the reference.
    pub fn sequence(&self) -> Sequence<'_> {
        Sequence {
            tagger: self,
            prev: START,
            prev2: START2,
            norm: String::new(),
            bounds: Vec::new(),
            key: Vec::with_capacity(64),
            around: Vec::new(),
        }
    }
}

/// Consecutive sentences of one text being tagged; holds the previous two tags and
/// buffers reused from sentence to sentence.
#[derive(Debug)]
pub struct Sequence<'t> {
    tagger: &'t Tagger,
    prev: u8,
    prev2: u8,
    norm: String,
    bounds: Vec<(usize, usize)>,
    key: Vec<u8>,
    /// Per position from −2 to the sentence's length + 1, its word's [`Neighbour`]s.
    around: Vec<Neighbour>,
}

impl Sequence<'_> {
    /// Tags the next sentence, appending one tag per word to `out`.
    pub fn tag_sentence<S: AsRef<str>>(&mut self, words: &[S], out: &mut Vec<Tag>) {
        let model = &self.tagger.model;
        self.norm.clear();
        self.bounds.clear();
        for w in words {
            let start = self.norm.len();
            normalize_into(w.as_ref(), &mut self.norm);
            self.bounds.push((start, self.norm.len()));
        }
        let context = Context {
            norm: &self.norm,
            bounds: &self.bounds,
        };
        self.around.clear();
        NEIGHBOURS.with_borrow_mut(|(owner, cache)| {
            if *owner != self.tagger.id || cache.len() >= NEIGHBOUR_WORDS {
                cache.clear();
                *owner = self.tagger.id;
            }
            for j in -2..words.len() as isize + 2 {
                let text = context.at_signed(j);
                let features = match cache.get(text) {
                    Some(f) => *f,
                    None => {
                        let f = neighbour(model, &mut self.key, text);
                        // (A long token, a URL or a run of symbols, is seldom seen again.)
                        if text.len() <= NEIGHBOUR_BYTES {
                            cache.insert(text.into(), f);
                        }
                        f
                    }
                };
                self.around.push(features);
            }
        });
        for (i, w) in words.iter().enumerate() {
            let word = w.as_ref();
            let tag = match model.tagdict.get(word.as_bytes()) {
                Some(id) => model.tagdict_tags[id as usize],
                None => predict(
                    model,
                    &context,
                    &self.around[i..i + 5],
                    &mut self.key,
                    i,
                    word,
                    self.prev,
                    self.prev2,
                ),
            };
            out.push(tag);
            self.prev2 = self.prev;
            self.prev = tag as u8;
        }
    }

    /// Starts again as at the beginning of a text.
    pub fn reset(&mut self) {
        self.prev = START;
        self.prev2 = START2;
    }
}

/// A sentence's normalised words, with the sentinels around them.
struct Context<'a> {
    norm: &'a str,
    bounds: &'a [(usize, usize)],
}

impl Context<'_> {
    /// The normalised word at `i + offset` (offset -2 … 2), or a sentinel.
    #[inline]
    fn at(&self, i: usize, offset: isize) -> &str {
        self.at_signed(i as isize + offset)
    }

    /// The normalised word at `j` (−2 … the length + 1), or a sentinel.
    #[inline]
    fn at_signed(&self, j: isize) -> &str {
        let n = self.bounds.len() as isize;
        if j == -2 {
            "-START-"
        } else if j == -1 {
            "-START2-"
        } else if j == n {
            "-END-"
        } else if j == n + 1 {
            "-END2-"
        } else {
            let (s, e) = self.bounds[j as usize];
            &self.norm[s..e]
        }
    }
}

/// A feature's id: its template, the previous tag where it has one, its text.
fn find(model: &Model, key: &mut Vec<u8>, t: Template, tag: Option<u8>, text: &str) -> u32 {
    key.clear();
    key.push(t as u8);
    key.extend(tag);
    key.extend_from_slice(text.as_bytes());
    model.find(key)
}

/// The [`Neighbour`] features of a normalised word.
fn neighbour(model: &Model, key: &mut Vec<u8>, text: &str) -> Neighbour {
    let suffix = last_chars(text, 3);
    [
        find(model, key, Template::Word, None, text),
        find(model, key, Template::PrevWord, None, text),
        find(model, key, Template::PrevSuffix, None, suffix),
        find(model, key, Template::Prev2Word, None, text),
        find(model, key, Template::NextWord, None, text),
        find(model, key, Template::NextSuffix, None, suffix),
        find(model, key, Template::Next2Word, None, text),
    ]
}

/// The highest-scoring class for the word at `i`; `around` holds the [`Neighbour`]s of
/// the words at `i − 2 … i + 2`.
#[allow(clippy::too_many_arguments)]
fn predict(
    model: &Model,
    context: &Context<'_>,
    around: &[Neighbour],
    key: &mut Vec<u8>,
    i: usize,
    word: &str,
    prev: u8,
    prev2: u8,
) -> Tag {
    let here = context.at(i, 0);
    // In the reference's order (see the module docs).
    let features: [u32; 14] = [
        model.bias,
        find(model, key, Template::Suffix, None, last_chars(word, 3)),
        find(model, key, Template::Pref1, None, first_char(word)),
        model.prev_tag[prev as usize],
        model.prev2_tag[prev2 as usize],
        model.tag_pair[prev as usize * PRIORS + prev2 as usize],
        around[2][0],
        find(model, key, Template::PrevTagWord, Some(prev), here),
        around[1][1],
        around[1][2],
        around[0][3],
        around[3][4],
        around[3][5],
        around[4][6],
    ];
    let mut scores = [0f64; TAG_COUNT];
    for f in features {
        if f == NONE {
            continue;
        }
        let row = model.rows[f as usize] as usize..model.rows[f as usize + 1] as usize;
        for (c, w) in model.row_class[row.clone()]
            .iter()
            .zip(&model.row_weight[row])
        {
            scores[*c as usize] += *w;
        }
    }
    // Classes are in increasing name order: `>=` leaves the last of equal scores, which
    // is the reference's tie-break (greatest name).
    let mut best = model.classes[0];
    for &c in &model.classes[1..] {
        if scores[c as usize] >= scores[best as usize] {
            best = c;
        }
    }
    best
}

/// The reference's word normalisation, appended to `out`.
fn normalize_into(word: &str, out: &mut String) {
    let mut chars = word.chars();
    let first = chars.next();
    if first.is_some_and(|c| c != '-') && word.contains('-') {
        out.push_str("!HYPHEN");
    } else if word.chars().count() == 4 && word.chars().all(py_isdigit) {
        out.push_str("!YEAR");
    } else if first.is_some_and(py_isdigit) {
        out.push_str("!DIGITS");
    } else if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// The last `n` characters of `s` (all of it when shorter).
#[inline]
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

#[inline]
fn first_char(s: &str) -> &str {
    s.chars().next().map_or("", |c| &s[..c.len_utf8()])
}

/// Python's `str.isdigit` for one character: ASCII digits, and outside ASCII the
/// characters of Unicode 14 (Python 3.11) with a digit value: decimal digits of every
/// script, superscripts and subscripts, circled and parenthesised digits. The table was
/// made with `tools/digit_table.py`.
pub(crate) fn py_isdigit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = c as u32;
    DIGIT_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

const DIGIT_RANGES: [(u32, u32); 80] = [
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x07C0, 0x07C9),
    (0x0966, 0x096F),
    (0x09E6, 0x09EF),
    (0x0A66, 0x0A6F),
    (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F),
    (0x0BE6, 0x0BEF),
    (0x0C66, 0x0C6F),
    (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F),
    (0x0DE6, 0x0DEF),
    (0x0E50, 0x0E59),
    (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x1369, 0x1371),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19DA),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10A40, 0x10A43),
    (0x10D30, 0x10D39),
    (0x10E60, 0x10E68),
    (0x11052, 0x1105A),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1F100, 0x1F10A),
    (0x1FBF0, 0x1FBF9),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TaggerBuilder;

    fn norm(w: &str) -> String {
        let mut s = String::new();
        normalize_into(w, &mut s);
        s
    }

    #[test]
    fn normalisation_follows_the_reference() {
        assert_eq!(norm("Germany"), "germany");
        assert_eq!(norm("anti-war"), "!HYPHEN");
        assert_eq!(norm("-LRB-"), "-lrb-");
        assert_eq!(norm("--"), "--");
        assert_eq!(norm("1999"), "!YEAR");
        assert_eq!(norm("0000"), "!YEAR");
        assert_eq!(norm("199"), "!DIGITS");
        assert_eq!(norm("3,000"), "!DIGITS");
        assert_eq!(norm("1990s"), "!DIGITS");
        assert_eq!(norm("COVID-19"), "!HYPHEN");
        assert_eq!(norm("١٩٩٩"), "!YEAR");
        assert_eq!(norm("²abc"), "!DIGITS");
        assert_eq!(norm("½"), "½");
        assert_eq!(norm("ΟΔΟΣ"), "οδος");
        assert_eq!(norm("Élysée"), "élysée");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn character_windows() {
        assert_eq!(last_chars("raid", 3), "aid");
        assert_eq!(last_chars("to", 3), "to");
        assert_eq!(last_chars("Kyiv’s", 3), "v’s");
        assert_eq!(last_chars("", 3), "");
        assert_eq!(first_char("Élysée"), "É");
        assert_eq!(first_char(""), "");
    }

    #[test]
    fn digit_table_is_sorted_and_matches_known_digits() {
        assert!(DIGIT_RANGES.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(DIGIT_RANGES.iter().all(|r| r.0 <= r.1));
        for c in ['0', '9', '٣', '۵', '५', '²', '①', '０'] {
            assert!(py_isdigit(c), "{c}");
        }
        for c in ['a', '½', 'Ⅷ', '⑩', '〇', ' ', '-'] {
            assert!(!py_isdigit(c), "{c}");
        }
    }

    /// A model small enough to work out by hand.
    fn tiny() -> Tagger {
        let mut b = TaggerBuilder::new();
        for t in [Tag::Nn, Tag::Nnp, Tag::Vbd, Tag::Dt, Tag::Jj] {
            b.class(t);
        }
        b.word_tag("the", Tag::Dt);
        b.weight("bias", Tag::Nn, 0.5).unwrap();
        b.weight("i pref1 G", Tag::Nnp, 2.0).unwrap();
        b.weight("i suffix ged", Tag::Vbd, 1.0).unwrap();
        b.weight("i-1 tag NNP", Tag::Vbd, 1.5).unwrap();
        b.weight("i-1 tag+i word DT raid", Tag::Nn, 3.0).unwrap();
        b.weight("i+1 word the", Tag::Vbd, 0.25).unwrap();
        b.weight("i word raid", Tag::Vbd, 2.0).unwrap();
        b.weight("i word !YEAR", Tag::Jj, 9.0).unwrap();
        b.weight("i word !HYPHEN", Tag::Jj, 4.0).unwrap();
        b.weight("i-1 word -START2-", Tag::Nnp, 0.5).unwrap();
        b.build().unwrap()
    }

    #[test]
    fn tiny_model_tags_by_hand_computed_scores() {
        let t = tiny();
        assert_eq!(
            t.stats(),
            ModelStats {
                classes: 5,
                tagdict: 1,
                features: 10,
                weights: 10
            }
        );
        // Germany: NN 0.5 (bias), NNP 2.0 + 0.5 (pref1 G, after -START2-) → NNP.
        // lodged:  NN 0.5, VBD 1.0 (suffix) + 1.5 (after NNP) + 0.25 (before "the") → VBD.
        // the: tag dictionary. raid: NN 0.5 + 3.0 (after DT) vs VBD 2.0 → NN.
        assert_eq!(
            t.tag(&["Germany", "lodged", "the", "raid"]),
            vec![Tag::Nnp, Tag::Vbd, Tag::Dt, Tag::Nn]
        );
        // The word-level features use the normalised form, suffix/prefix the word itself:
        // "RAID" after "the" is "raid" for `i word` and `i-1 tag+i word`.
        assert_eq!(t.tag(&["the", "RAID"]), vec![Tag::Dt, Tag::Nn]);
        // The tag dictionary is looked up with the word as written: "The" is not in it,
        // and only the bias speaks for it.
        assert_eq!(t.tag(&["the", "The"]), vec![Tag::Dt, Tag::Nn]);
        assert_eq!(t.tag(&["1999", "anti-war"]), vec![Tag::Jj, Tag::Jj]);
        assert!(t.tag::<&str>(&[]).is_empty());
    }

    #[test]
    fn ties_go_to_the_greatest_tag_name() {
        let mut b = TaggerBuilder::new();
        b.class(Tag::Nn).class(Tag::Vb).class(Tag::Jj);
        // No weights: every class scores 0, and VB is the greatest name.
        let t = b.build().unwrap();
        assert_eq!(t.tag(&["x"]), vec![Tag::Vb]);
        b.weight("bias", Tag::Nn, 1.0).unwrap();
        b.weight("bias", Tag::Jj, 1.0).unwrap();
        assert_eq!(b.build().unwrap().tag(&["x"]), vec![Tag::Nn]);
        b.weight("bias", Tag::Vb, -0.001).unwrap();
        assert_eq!(b.build().unwrap().tag(&["x"]), vec![Tag::Nn]);
    }

    #[test]
    fn previous_tags_carry_over_between_sentences() {
        let mut b = TaggerBuilder::new();
        b.class(Tag::Nn).class(Tag::Vbd).class(Tag::Period);
        b.word_tag(".", Tag::Period);
        b.weight("bias", Tag::Nn, 1.0).unwrap();
        b.weight("i-1 tag .", Tag::Vbd, 2.0).unwrap();
        b.weight("i-2 tag -START-", Tag::Vbd, 5.0).unwrap();
        let t = b.build().unwrap();
        // First word of a text: prev -START-, prev2 -START2-: NN. Second word: prev2 is
        // -START- → VBD.
        assert_eq!(t.tag(&["a", "b"]), vec![Tag::Nn, Tag::Vbd]);
        let mut seq = t.sequence();
        let mut out = Vec::new();
        seq.tag_sentence(&["a", "."], &mut out);
        // A new sentence in the same text starts after "." (VBD), not after -START-.
        seq.tag_sentence(&["a"], &mut out);
        assert_eq!(out, vec![Tag::Nn, Tag::Period, Tag::Vbd]);
        seq.reset();
        out.clear();
        seq.tag_sentence(&["a"], &mut out);
        assert_eq!(out, vec![Tag::Nn]);
    }

    #[test]
    fn sums_are_added_in_the_reference_order() {
        // 0.1 + 0.2 + 0.3 in this order is 0.6000000000000001 in doubles, more than 0.6:
        // a different order (0.3 + 0.2 + 0.1 = 0.6) would make the classes tie.
        let mut b = TaggerBuilder::new();
        b.class(Tag::Nn).class(Tag::Jj);
        b.weight("bias", Tag::Jj, 0.1).unwrap();
        b.weight("i suffix x", Tag::Jj, 0.2).unwrap();
        b.weight("i pref1 x", Tag::Jj, 0.3).unwrap();
        b.weight("bias", Tag::Nn, 0.6).unwrap();
        assert!(std::hint::black_box(0.1) + 0.2 + 0.3 > 0.6_f64);
        // NN sorts after JJ, so NN would win a tie; JJ wins only with the exact sum.
        assert_eq!(b.build().unwrap().tag(&["x"]), vec![Tag::Jj]);
    }
}
