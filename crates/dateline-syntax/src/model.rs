//! The perceptron's weights in a compact form that loads in milliseconds.
//!
//! textblob-aptagger ships its model as a Python pickle of `(weights, tagdict, classes)`:
//! `weights` maps a feature string ("i-1 tag+i word NNP said") to a dictionary class → weight,
//! `tagdict` maps frequent unambiguous words to their tag, `classes` is the tag set. Reading
//! that pickle takes a generic object decoder and a few hundred milliseconds, so
//! `scripts/fetch-syntax.sh` converts it once ([`crate::pickle`], the
//! `dateline-syntax-build` binary) into the format below, and workers load that.
//!
//! A feature string is a template name and its values. Here it becomes a key of bytes: one
//! byte for the template (in the order the reference adds them, 0 = `bias` … 13 =
//! `i+2 word`), then its values, with tags written as one byte (the [`Tag`] index, or 45
//! and 46 for the sentinels `-START-` and `-START2-` before a text). Weights are kept in
//! thousandths: the averaged perceptron rounds every weight to three decimals, and
//! `milli as f64 / 1000.0` gives back exactly the double Python stored.
//!
//! ## File format (version 1, little-endian)
//!
//! ```text
//! magic     b"DLPOSAP" then the version byte 1
//! classes   u8 n, then n tag indexes in increasing order
//! tagdict   u32 n, then n × (u16 len, word bytes, u8 tag), words in byte order
//! features  u32 n, then n × (u16 len, key bytes, u8 m, m × (u8 class, i32 weight in 1/1000)),
//!           keys in byte order, classes of a row in increasing order
//! ```
//!
//! Nothing follows. The look-up tables (an open-addressing hash index over the keys, and
//! direct arrays for the templates made of tags only) are built when the file is read.

use std::collections::{BTreeMap, BTreeSet};

use crate::ModelError;
use crate::tag::{TAG_COUNT, Tag};

/// The context tag before the first word of a text ("-START-").
pub(crate) const START: u8 = TAG_COUNT as u8;
/// The context tag two before the first word of a text ("-START2-").
pub(crate) const START2: u8 = TAG_COUNT as u8 + 1;
/// How many context tag codes there are: the tags and the two sentinels.
pub(crate) const PRIORS: usize = TAG_COUNT + 2;
/// "No such feature" in the look-up tables.
pub(crate) const NONE: u32 = u32::MAX;

const MAGIC: &[u8; 7] = b"DLPOSAP";
const VERSION: u8 = 1;

fn prior_name(code: u8) -> &'static str {
    match code {
        START => "-START-",
        START2 => "-START2-",
        _ => Tag::from_index(code).map_or("?", Tag::as_str),
    }
}

fn prior_from_name(name: &str) -> Option<u8> {
    match name {
        "-START-" => Some(START),
        "-START2-" => Some(START2),
        _ => Tag::from_name(name).map(|t| t as u8),
    }
}

/// The feature templates of the reference tagger, in the order it adds them to a word's
/// features. The order matters: scores are sums of floating-point weights, and adding them
/// in the same order gives the same sums to the last bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Template {
    Bias,
    /// The word's last three characters (as written).
    Suffix,
    /// The word's first character (as written).
    Pref1,
    PrevTag,
    Prev2Tag,
    /// Previous tag and the one before it.
    TagPair,
    /// The normalised word.
    Word,
    /// Previous tag and the normalised word.
    PrevTagWord,
    PrevWord,
    PrevSuffix,
    Prev2Word,
    NextWord,
    NextSuffix,
    Next2Word,
}

/// What follows a template's name in a feature string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    Nothing,
    OneTag,
    TwoTags,
    TagAndText,
    Text,
}

impl Template {
    pub(crate) const ALL: [Template; 14] = [
        Template::Bias,
        Template::Suffix,
        Template::Pref1,
        Template::PrevTag,
        Template::Prev2Tag,
        Template::TagPair,
        Template::Word,
        Template::PrevTagWord,
        Template::PrevWord,
        Template::PrevSuffix,
        Template::Prev2Word,
        Template::NextWord,
        Template::NextSuffix,
        Template::Next2Word,
    ];

    /// The template's name in the reference tagger's feature strings.
    fn name(self) -> &'static str {
        match self {
            Template::Bias => "bias",
            Template::Suffix => "i suffix",
            Template::Pref1 => "i pref1",
            Template::PrevTag => "i-1 tag",
            Template::Prev2Tag => "i-2 tag",
            Template::TagPair => "i tag+i-2 tag",
            Template::Word => "i word",
            Template::PrevTagWord => "i-1 tag+i word",
            Template::PrevWord => "i-1 word",
            Template::PrevSuffix => "i-1 suffix",
            Template::Prev2Word => "i-2 word",
            Template::NextWord => "i+1 word",
            Template::NextSuffix => "i+1 suffix",
            Template::Next2Word => "i+2 word",
        }
    }

    fn values(self) -> Values {
        match self {
            Template::Bias => Values::Nothing,
            Template::PrevTag | Template::Prev2Tag => Values::OneTag,
            Template::TagPair => Values::TwoTags,
            Template::PrevTagWord => Values::TagAndText,
            _ => Values::Text,
        }
    }
}

/// Turns a feature string of the reference tagger ("i-1 tag+i word NNP said") into a key.
pub(crate) fn encode_feature(feature: &str) -> Result<Vec<u8>, ModelError> {
    let bad = |reason: &'static str| ModelError::Feature {
        key: feature.to_string(),
        reason,
    };
    for t in Template::ALL {
        let name = t.name();
        let rest = if feature == name {
            None
        } else if let Some(rest) = feature.strip_prefix(name).and_then(|r| r.strip_prefix(' ')) {
            Some(rest)
        } else {
            continue;
        };
        let mut key = vec![t as u8];
        match (t.values(), rest) {
            (Values::Nothing, None) => {}
            (Values::Nothing, Some(_)) => return Err(bad("`bias` takes no value")),
            (_, None) => return Err(bad("the template needs a value")),
            (Values::OneTag, Some(r)) => {
                key.push(prior_from_name(r).ok_or_else(|| bad("unknown tag"))?);
            }
            (Values::TwoTags, Some(r)) => {
                let (a, b) = r.split_once(' ').ok_or_else(|| bad("expected two tags"))?;
                key.push(prior_from_name(a).ok_or_else(|| bad("unknown tag"))?);
                key.push(prior_from_name(b).ok_or_else(|| bad("unknown tag"))?);
            }
            (Values::TagAndText, Some(r)) => {
                let (a, w) = r
                    .split_once(' ')
                    .ok_or_else(|| bad("expected a tag and a word"))?;
                key.push(prior_from_name(a).ok_or_else(|| bad("unknown tag"))?);
                key.extend_from_slice(w.as_bytes());
            }
            (Values::Text, Some(r)) => key.extend_from_slice(r.as_bytes()),
        }
        return Ok(key);
    }
    Err(bad("no known template"))
}

/// A key back as the reference tagger's feature string (for messages and tests).
pub(crate) fn decode_feature(key: &[u8]) -> String {
    let Some((&t, rest)) = key.split_first() else {
        return String::new();
    };
    let Some(t) = Template::ALL.get(t as usize).copied() else {
        return format!("{key:?}");
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match (t.values(), rest) {
        (Values::Nothing, _) => t.name().to_string(),
        (Values::OneTag, [a]) => format!("{} {}", t.name(), prior_name(*a)),
        (Values::TwoTags, [a, b]) => {
            format!("{} {} {}", t.name(), prior_name(*a), prior_name(*b))
        }
        (Values::TagAndText, [a, w @ ..]) => {
            format!("{} {} {}", t.name(), prior_name(*a), text(w))
        }
        (Values::Text, w) => format!("{} {}", t.name(), text(w)),
        _ => format!("{} {key:?}", t.name()),
    }
}

/// Checks a key read from a file: a known template and values of the right shape.
fn valid_key(key: &[u8]) -> bool {
    let Some((&t, rest)) = key.split_first() else {
        return false;
    };
    let Some(t) = Template::ALL.get(t as usize).copied() else {
        return false;
    };
    let prior = |b: u8| (b as usize) < PRIORS;
    match t.values() {
        Values::Nothing => rest.is_empty(),
        Values::OneTag => rest.len() == 1 && prior(rest[0]),
        Values::TwoTags => rest.len() == 2 && prior(rest[0]) && prior(rest[1]),
        Values::TagAndText => !rest.is_empty() && prior(rest[0]),
        Values::Text => true,
    }
}

/// A hash of a key. Only used in memory (the file stores no hash table), so it may change
/// between versions.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(31);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(31);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    h ^ (h >> 29)
}

/// Byte strings → their position, by open addressing with linear probing. The keys are
/// kept (one arena) so that a look-up is exact, not a hash match.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    arena: Vec<u8>,
    ends: Vec<u32>,
    /// Per slot: the high 32 bits of the key's hash, then position + 1 of the key (0 for an
    /// empty slot). The hash bits let a probe pass over other keys without reading them
    /// (a cache miss and a comparison each): most look-ups of a sentence's features are
    /// for keys the model does not have.
    slots: Vec<u64>,
    mask: usize,
}

impl KeyIndex {
    fn with_capacity(keys: usize, bytes: usize) -> KeyIndex {
        let size = (keys * 2).next_power_of_two().max(8);
        KeyIndex {
            arena: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(keys),
            slots: vec![0; size],
            mask: size - 1,
        }
    }

    fn key(&self, id: usize) -> &[u8] {
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.arena[start..self.ends[id] as usize]
    }

    /// Adds a key (distinct from those already in) and returns its position. The table
    /// is sized for the number of keys given to `with_capacity`.
    fn push(&mut self, key: &[u8]) -> u32 {
        let id = self.ends.len() as u32;
        self.arena.extend_from_slice(key);
        self.ends.push(self.arena.len() as u32);
        let h = hash(key);
        let mut slot = h as usize & self.mask;
        while self.slots[slot] != 0 {
            slot = (slot + 1) & self.mask;
        }
        self.slots[slot] = (h & !0xFFFF_FFFF) | u64::from(id + 1);
        id
    }

    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<u32> {
        let h = hash(key);
        let high = h & !0xFFFF_FFFF;
        let mut slot = h as usize & self.mask;
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return None;
            }
            let id = (entry & 0xFFFF_FFFF) as u32;
            if entry & !0xFFFF_FFFF == high && self.key(id as usize - 1) == key {
                return Some(id - 1);
            }
            slot = (slot + 1) & self.mask;
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The model in memory: what [`crate::Tagger`] predicts with.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// The classes the perceptron chooses among, in increasing order.
    pub(crate) classes: Vec<Tag>,
    pub(crate) tagdict: KeyIndex,
    pub(crate) tagdict_tags: Vec<Tag>,
    pub(crate) features: KeyIndex,
    /// Feature `f`'s weights are `row_class[rows[f]..rows[f + 1]]` and `row_weight[…]`.
    pub(crate) rows: Vec<u32>,
    pub(crate) row_class: Vec<u8>,
    pub(crate) row_weight: Vec<f64>,
    pub(crate) bias: u32,
    pub(crate) prev_tag: [u32; PRIORS],
    pub(crate) prev2_tag: [u32; PRIORS],
    /// "i tag+i-2 tag": index `prev * PRIORS + prev2`.
    pub(crate) tag_pair: Vec<u32>,
}

/// Reads the model file format, failing with [`ModelError::Format`] on anything short or
/// out of range.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| {
                ModelError::Format(format!("the file ends inside {what} (offset {})", self.at))
            })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self, what: &str) -> Result<u8, ModelError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, ModelError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self, what: &str) -> Result<i32, ModelError> {
        let b = self.take(4, what)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn tag(&mut self, what: &str) -> Result<Tag, ModelError> {
        let b = self.u8(what)?;
        Tag::from_index(b).ok_or_else(|| ModelError::Format(format!("{what}: no tag {b}")))
    }
}

impl Model {
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len(), "the header").ok() != Some(&MAGIC[..]) {
            return Err(ModelError::Magic);
        }
        let version = r.u8("the header")?;
        if version != VERSION {
            return Err(ModelError::Format(format!(
                "format version {version}; this build reads version {VERSION}"
            )));
        }

        let n = r.u8("the classes")? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push(r.tag("the classes")?);
        }
        if classes.is_empty() {
            return Err(ModelError::NoClasses);
        }
        if classes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Format(
                "the classes are not in increasing order".into(),
            ));
        }
        let mut is_class = [false; TAG_COUNT];
        for c in &classes {
            is_class[*c as usize] = true;
        }

        let n = r.u32("the tag dictionary")? as usize;
        // Each entry takes at least 3 bytes: a count beyond that is a damaged file, and
        // must not make us reserve memory for it.
        if n > bytes.len() / 3 {
            return Err(ModelError::Format("tag dictionary count too large".into()));
        }
        let mut tagdict = KeyIndex::with_capacity(n, n * 8);
        let mut tagdict_tags = Vec::with_capacity(n);
        let mut last: Option<&[u8]> = None;
        for _ in 0..n {
            let len = r.u16("a tag dictionary word")? as usize;
            let word = r.take(len, "a tag dictionary word")?;
            if last.is_some_and(|l| l >= word) {
                return Err(ModelError::Format(
                    "tag dictionary words out of order".into(),
                ));
            }
            last = Some(word);
            tagdict.push(word);
            tagdict_tags.push(r.tag("a tag dictionary entry")?);
        }

        let n = r.u32("the features")? as usize;
        if n > bytes.len() / 4 {
            return Err(ModelError::Format("feature count too large".into()));
        }
        let mut features = KeyIndex::with_capacity(n, n * 12);
        let mut rows = Vec::with_capacity(n + 1);
        let mut row_class = Vec::with_capacity(n * 4);
        let mut row_weight = Vec::with_capacity(n * 4);
        rows.push(0u32);
        let mut last: Option<&[u8]> = None;
        for _ in 0..n {
            let len = r.u16("a feature")? as usize;
            let key = r.take(len, "a feature")?;
            if !valid_key(key) {
                return Err(ModelError::Format(format!(
                    "malformed feature key {:?}",
                    decode_feature(key)
                )));
            }
            if last.is_some_and(|l| l >= key) {
                return Err(ModelError::Format("feature keys out of order".into()));
            }
            last = Some(key);
            features.push(key);
            let m = r.u8("a feature's weights")? as usize;
            let mut last_class = None;
            for _ in 0..m {
                let class = r.tag("a weight's class")?;
                if !is_class[class as usize] || last_class.is_some_and(|l| l >= class) {
                    return Err(ModelError::Format(format!(
                        "feature {:?}: class {class} unknown or out of order",
                        decode_feature(key)
                    )));
                }
                last_class = Some(class);
                let milli = r.i32("a weight")?;
                row_class.push(class as u8);
                row_weight.push(milli as f64 / 1000.0);
            }
            rows.push(row_class.len() as u32);
        }
        if r.at != bytes.len() {
            return Err(ModelError::Format(format!(
                "{} bytes after the last feature",
                bytes.len() - r.at
            )));
        }

        let mut model = Model {
            classes,
            tagdict,
            tagdict_tags,
            features,
            rows,
            row_class,
            row_weight,
            bias: NONE,
            prev_tag: [NONE; PRIORS],
            prev2_tag: [NONE; PRIORS],
            tag_pair: vec![NONE; PRIORS * PRIORS],
        };
        model.bias = model.find(&[Template::Bias as u8]);
        for a in 0..PRIORS as u8 {
            model.prev_tag[a as usize] = model.find(&[Template::PrevTag as u8, a]);
            model.prev2_tag[a as usize] = model.find(&[Template::Prev2Tag as u8, a]);
            for b in 0..PRIORS as u8 {
                model.tag_pair[a as usize * PRIORS + b as usize] =
                    model.find(&[Template::TagPair as u8, a, b]);
            }
        }
        Ok(model)
    }

    #[inline]
    pub(crate) fn find(&self, key: &[u8]) -> u32 {
        self.features.get(key).unwrap_or(NONE)
    }

    pub(crate) fn feature_count(&self) -> usize {
        self.features.len()
    }

    pub(crate) fn weight_count(&self) -> usize {
        self.row_class.len()
    }

    pub(crate) fn tagdict_len(&self) -> usize {
        self.tagdict.len()
    }
}

/// Collects a model's classes, tag dictionary and weights, and writes the compact form.
///
/// Feature names are the reference tagger's strings ("i suffix ing", "i-1 tag+i word DT
/// raid"), so a model read from the pickle and one written by hand in a test go through the
/// same code.
#[derive(Debug, Clone, Default)]
pub struct TaggerBuilder {
    classes: BTreeSet<Tag>,
    tagdict: BTreeMap<String, Tag>,
    features: BTreeMap<Vec<u8>, BTreeMap<Tag, i32>>,
}

impl TaggerBuilder {
    pub fn new() -> TaggerBuilder {
        TaggerBuilder::default()
    }

    /// Adds a class the perceptron may predict.
    pub fn class(&mut self, tag: Tag) -> &mut TaggerBuilder {
        self.classes.insert(tag);
        self
    }

    /// Tags `word` (exactly as written) with `tag` without asking the perceptron.
    pub fn word_tag(&mut self, word: &str, tag: Tag) -> &mut TaggerBuilder {
        self.tagdict.insert(word.to_string(), tag);
        self
    }

    /// Sets the weight of `feature` (a feature string of the reference tagger) for
    /// `class`. A weight of 0 is no weight. Weights must be multiples of 0.001, as the
    /// averaged perceptron leaves them.
    pub fn weight(
        &mut self,
        feature: &str,
        class: Tag,
        weight: f64,
    ) -> Result<&mut TaggerBuilder, ModelError> {
        let key = encode_feature(feature)?;
        let milli = (weight * 1000.0).round();
        if !milli.is_finite() || milli.abs() > i32::MAX as f64 || milli / 1000.0 != weight {
            return Err(ModelError::Weight {
                key: feature.to_string(),
                weight,
            });
        }
        if milli != 0.0 {
            self.features
                .entry(key)
                .or_default()
                .insert(class, milli as i32);
        }
        Ok(self)
    }

    /// Numbers of classes, tag-dictionary words, features and weights so far.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        (
            self.classes.len(),
            self.tagdict.len(),
            self.features.len(),
            self.features.values().map(BTreeMap::len).sum(),
        )
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        if self.classes.is_empty() {
            return Err(ModelError::NoClasses);
        }
        let mut out = Vec::with_capacity(16 + self.features.len() * 24);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.push(self.classes.len() as u8);
        out.extend(self.classes.iter().map(|c| *c as u8));
        let too_long = |what: &str| ModelError::Format(format!("{what} longer than 65535 bytes"));
        out.extend_from_slice(&(self.tagdict.len() as u32).to_le_bytes());
        for (word, tag) in &self.tagdict {
            let len = u16::try_from(word.len()).map_err(|_| too_long(word))?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(word.as_bytes());
            out.push(*tag as u8);
        }
        out.extend_from_slice(&(self.features.len() as u32).to_le_bytes());
        for (key, row) in &self.features {
            let len = u16::try_from(key.len()).map_err(|_| too_long(&decode_feature(key)))?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(key);
            out.push(row.len() as u8);
            for (class, milli) in row {
                if !self.classes.contains(class) {
                    return Err(ModelError::Feature {
                        key: decode_feature(key),
                        reason: "weight for a class the model does not have",
                    });
                }
                out.push(*class as u8);
                out.extend_from_slice(&milli.to_le_bytes());
            }
        }
        Ok(out)
    }

    /// The tagger these weights make (written and read back, so it is exactly what the file
    /// would give).
    pub fn build(&self) -> Result<crate::Tagger, ModelError> {
        crate::Tagger::from_bytes(&self.to_bytes()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_strings_round_trip() {
        for f in [
            "bias",
            "i suffix ing",
            "i pref1 G",
            "i-1 tag -START-",
            "i-2 tag -START2-",
            "i tag+i-2 tag NNP PRP$",
            "i word !hyphen",
            "i-1 tag+i word DT raid",
            "i-1 word -START2-",
            "i-1 suffix T2-",
            "i-2 word the",
            "i+1 word -END-",
            "i+1 suffix ND-",
            "i+2 word a b",
        ] {
            let key = encode_feature(f).unwrap();
            assert!(valid_key(&key), "{f}");
            assert_eq!(decode_feature(&key), f);
        }
        for bad in [
            "bias x",
            "i-1 tag XYZ",
            "i tag+i-2 tag NN",
            "i-1 tag+i word NN",
            "nonsense",
            "i word",
        ] {
            assert!(encode_feature(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_index_finds_exactly_its_keys() {
        let keys: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        let mut idx = KeyIndex::with_capacity(keys.len(), 0);
        for k in &keys {
            idx.push(k.as_bytes());
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(idx.get(k.as_bytes()), Some(i as u32));
        }
        assert_eq!(idx.get(b"k1000"), None);
        assert_eq!(idx.get(b""), None);
    }

    #[test]
    fn weights_must_be_thousandths() {
        let mut b = TaggerBuilder::new();
        assert!(b.weight("bias", Tag::Nn, 0.1234).is_err());
        assert!(b.weight("bias", Tag::Nn, f64::NAN).is_err());
        assert!(b.weight("bias", Tag::Nn, -23.114).is_ok());
        assert!(b.weight("bias", Tag::Vb, 0.0).is_ok());
        assert_eq!(b.counts(), (0, 0, 1, 1));
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let mut b = TaggerBuilder::new();
        b.class(Tag::Nn).class(Tag::Vb).word_tag("the", Tag::Dt);
        b.weight("i word run", Tag::Vb, 1.5).unwrap();
        b.weight("i-1 tag+i word DT run", Tag::Nn, 2.0).unwrap();
        let bytes = b.to_bytes().unwrap();
        assert!(Model::from_bytes(&bytes).is_ok());
        // Every truncation and every single-byte change must give a model or an error.
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            for v in [0u8, 1, 7, 44, 45, 46, 47, 200, 255] {
                let mut m = bytes.clone();
                m[i] = v;
                let _ = Model::from_bytes(&m);
            }
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(matches!(
            Model::from_bytes(&extra),
            Err(ModelError::Format(_))
        ));
        assert!(matches!(
            Model::from_bytes(b"not a model at all"),
            Err(ModelError::Magic)
        ));
    }

    #[test]
    fn a_weight_for_an_unknown_class_is_refused() {
        let mut b = TaggerBuilder::new();
        b.class(Tag::Nn);
        b.weight("bias", Tag::Vb, 1.0).unwrap();
        assert!(b.to_bytes().is_err());
        assert!(matches!(
            TaggerBuilder::new().to_bytes(),
            Err(ModelError::NoClasses)
        ));
    }
}
