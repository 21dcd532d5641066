//! Turning an analysed [`Doc`] into the rows the store writes, on worker threads.
//!
//! Everything that costs CPU happens here, in parallel: the packed form of the document and
//! its compression, the text hash and MinHash signature, character offsets and
//! the per-document summaries of actors and places. The single writer thread then only
//! runs SQL ([`crate::Store::put`]). The function is pure: a `Doc` in, a [`Prepared`] out.

use crate::dedup::{self, Signature};
use dateline_doc::{ActorKind, CharOffsets, Doc, Layer, MentionKind, Metadata, Span};
use xxhash_rust::xxh3::xxh3_128;

/// A document ready to be written.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The identity (see [`key`]).
    pub key: String,
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// The publication date as the document gives it (date, or date and time).
    pub published: Option<String>,
    /// The publication day, `YYYY-MM-DD` (what date filters and timelines use).
    pub day: Option<String>,
    pub text: String,
    /// XXH3-128 of the text: exact copies and unchanged re-ingests.
    pub text_hash: [u8; 16],
    /// The document's metadata and layers, packed and compressed (see [`crate::json`]).
    pub annotations: Vec<u8>,
    pub signature: Option<Signature>,
    /// Document tone (GDELT V2Tone "tone") and word count, when the tone layer ran.
    pub tone: Option<f64>,
    pub words: Option<u32>,
    pub actors: Vec<DocActor>,
    pub quotes: Vec<DocQuote>,
    pub events: Vec<DocEvent>,
    pub places: Vec<DocPlace>,
}

/// One actor of the document, summarised for corpus-level linking. Made by
/// [`DocActor::new`], which also computes its name keys; the fields are read only inside
/// the store, so the keys cannot go stale.
#[derive(Debug, Clone, PartialEq)]
pub struct DocActor {
    pub(crate) name: String,
    /// "person", "org", "place" or "group".
    pub(crate) kind: &'static str,
    pub(crate) country: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) roles: Vec<String>,
    /// Mentions of every kind (names, pronouns, metonyms, demonyms).
    pub(crate) mentions: u32,
    /// The names the text uses for it, with their counts ("Putin" ×3, "Vladimir Putin" ×1).
    pub(crate) variants: Vec<(String, u32)>,
    /// What linking compares, computed here on the worker threads rather than on the
    /// writer's ([`DocActor::new`] fills them).
    pub(crate) keys: ActorKeys,
}

/// An actor's name keys for linking ([`crate::names`]) and its roles as stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ActorKeys {
    /// The normalized name.
    pub norm: String,
    /// A person's normalized surname, when the name has more than one word.
    pub surname: Option<String>,
    /// Each variant's normalized form, in the order of `variants`.
    pub variants: Vec<String>,
    /// `roles` as a JSON list.
    pub roles: String,
}

impl DocActor {
    pub fn new(
        name: String,
        kind: &'static str,
        country: Option<String>,
        code: Option<String>,
        roles: Vec<String>,
        mentions: u32,
        variants: Vec<(String, u32)>,
    ) -> DocActor {
        let norm = crate::names::normalize(&name);
        let keys = ActorKeys {
            surname: (kind == "person")
                .then(|| crate::names::surname(&norm).map(str::to_string))
                .flatten(),
            variants: variants
                .iter()
                .map(|(v, _)| crate::names::normalize(v))
                .collect(),
            roles: crate::link::roles_json(&roles),
            norm,
        };
        DocActor {
            name,
            kind,
            country,
            code,
            roles,
            mentions,
            variants,
            keys,
        }
    }
}

/// One quotation, with character offsets and the text it is searched by.
#[derive(Debug, Clone, PartialEq)]
pub struct DocQuote {
    pub start: u32,
    pub end: u32,
    pub kind: &'static str,
    /// Indexes into [`Prepared::actors`].
    pub speakers: Vec<u32>,
    /// The speaker as the quote names it when no actor is known ("a Kremlin spokesman"),
    /// else the first speaker's name.
    pub speaker_text: Option<String>,
    pub speaker_rule: &'static str,
    pub confidence: Option<f32>,
    /// The sentences around the quote (character offsets): what `--about` searches.
    pub sentence_start: u32,
    pub sentence_end: u32,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct DocEvent {
    pub start: u32,
    pub end: u32,
    pub date: Option<String>,
    pub source: String,
    pub target: String,
    /// Indexes into [`Prepared::actors`].
    pub source_actor: Option<u32>,
    pub target_actor: Option<u32>,
    pub code: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: Option<&'static str>,
    pub negated: bool,
    pub modality: Option<&'static str>,
}

/// One resolved place of the document with its mention count.
#[derive(Debug, Clone, PartialEq)]
pub struct DocPlace {
    pub name: String,
    pub country: Option<String>,
    pub subdivision: Option<String>,
    pub feature: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u32>,
    pub mentions: u32,
}

/// A document's identity in the store: its id where the input gave one (a JSONL `id`, a
/// feed item's guid, a WARC record's target URI, a file's path), else its URL, else a hash
/// of its text. Ids made up from a position in a container ("corpus.jsonl:17") are not
/// identities: the same document may sit on another line tomorrow.
pub fn key(meta: &Metadata, id_given: bool, text: &str) -> String {
    if id_given && !meta.id.is_empty() {
        return meta.id.clone();
    }
    if let Some(url) = meta.url.as_deref().filter(|u| !u.is_empty()) {
        return url.to_string();
    }
    format!("xxh3:{:032x}", xxh3_128(text.as_bytes()))
}

/// Prepares an analysed document for [`crate::Store::put`].
pub fn prepare(doc: &Doc, key: String) -> Prepared {
    let text = doc.text();
    let offsets = CharOffsets::new(text);
    let c = |byte: u32| offsets.char_offset(byte as usize) as u32;
    let meta = &doc.meta;

    let actors: Vec<DocActor> = doc
        .actors
        .iter()
        .map(|a| {
            let mut variants: Vec<(String, u32)> = Vec::new();
            for m in a.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                let surface = doc.slice(m.span).trim();
                let surface = ["'s", "’s"]
                    .iter()
                    .find_map(|s| surface.strip_suffix(s))
                    .unwrap_or(surface);
                match variants.iter_mut().find(|(v, _)| v == surface) {
                    Some((_, n)) => *n += 1,
                    None => variants.push((surface.to_string(), 1)),
                }
            }
            DocActor::new(
                a.name.clone(),
                actor_kind(a.kind),
                a.country.clone(),
                a.code.clone(),
                a.roles.clone(),
                a.mentions.len().max(1) as u32,
                variants,
            )
        })
        .collect();

    let quotes = doc
        .quotes
        .iter()
        .map(|q| {
            let sentences = covering_sentences(doc, q.span);
            DocQuote {
                start: c(q.span.start),
                end: c(q.span.end),
                kind: q.kind,
                speakers: q.speaker_actors.clone(),
                speaker_text: q
                    .speaker_description
                    .clone()
                    .or_else(|| q.speakers.first().cloned()),
                speaker_rule: q.speaker_rule,
                confidence: q.provenance.confidence,
                sentence_start: c(sentences.start),
                sentence_end: c(sentences.end),
            }
        })
        .collect();

    let events = doc
        .events
        .iter()
        .map(|e| DocEvent {
            start: c(e.span.start),
            end: c(e.span.end),
            date: e.date.clone(),
            source: e.source.clone(),
            target: e.target.clone(),
            source_actor: e.source_actor,
            target_actor: e.target_actor,
            code: e.code.clone(),
            goldstein: e.goldstein,
            quad_class: e.quad_class,
            plover: e.plover,
            negated: e.negated,
            modality: e.modality,
        })
        .collect();

    let mut places: Vec<DocPlace> = Vec::new();
    for p in &doc.places {
        // A capital standing for its government is an actor, not a place on the map.
        if p.mention == "metonym" {
            continue;
        }
        match places
            .iter_mut()
            .find(|x| x.name == p.name && x.geonameid == p.geonameid && x.country == p.country)
        {
            Some(x) => x.mentions += 1,
            None => places.push(DocPlace {
                name: p.name.clone(),
                country: p.country.clone(),
                subdivision: p.subdivision.clone(),
                feature: p.feature,
                lat: p.lat,
                lon: p.lon,
                geonameid: p.geonameid,
                mentions: 1,
            }),
        }
    }

    let layers: Vec<Layer> = doc.layers().filter(|l| *l != Layer::Tokens).collect();
    Prepared {
        key,
        id: meta.id.clone(),
        url: meta.url.clone(),
        title: meta.title.clone(),
        source: meta.source.clone(),
        published: meta.published.map(|p| p.to_string()),
        day: meta.published.map(|p| p.date.to_string()),
        text: text.to_string(),
        text_hash: xxh3_128(text.as_bytes()).to_be_bytes(),
        annotations: crate::json::annotations(doc, &layers),
        signature: dedup::signature(text),
        tone: doc.tone.as_ref().map(|t| t.document.tone),
        words: doc.tone.as_ref().map(|t| t.document.word_count),
        actors,
        quotes,
        events,
        places,
    }
}

/// The store's actor types: the `--type` values of `dateline query actors`.
fn actor_kind(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "person",
        ActorKind::Organisation => "org",
        ActorKind::Country | ActorKind::Place => "place",
        ActorKind::Group => "group",
    }
}

/// The span of the sentences a quote lies in (the quote's own span where sentences are
/// missing).
fn covering_sentences(doc: &Doc, span: Span) -> Span {
    let sentences = &doc.sentences;
    let first = sentences.partition_point(|s| s.span.end <= span.start);
    let mut cover = span;
    for s in &sentences[first..] {
        if s.span.start >= span.end.max(span.start + 1) {
            break;
        }
        cover = cover.cover(s.span);
    }
    cover
}

/// Compresses bytes with Zstandard at level 1: packed annotations shrink to about half at
/// ~250 MB/s, some 20 µs per generated article (level 3: 1% smaller, 40% slower; the fast
/// level -1: 13% larger, a third faster; deflate at a like ratio took a sixth of all
/// ingest CPU). Each worker thread keeps its compression context.
pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = zstd::bulk::Compressor::new(1).ok();
        }
        match c.as_mut() {
            Some(compressor) => compressor.compress(bytes).ok(),
            None => None,
        }
        // Compressing into memory fails only when memory runs out.
        .or_else(|| zstd::bulk::compress(bytes, 1).ok())
        .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_identity_rule() {
        let mut meta = Metadata::with_id("wire-1");
        assert_eq!(key(&meta, true, "x"), "wire-1");
        meta.url = Some("https://example.org/a".into());
        assert_eq!(key(&meta, false, "x"), "https://example.org/a");
        meta.url = None;
        let k = key(&meta, false, "some text");
        assert!(k.starts_with("xxh3:") && k.len() == 37, "{k}");
        assert_eq!(k, key(&meta, false, "some text"));
        assert_ne!(k, key(&meta, false, "other text"));
    }
}
