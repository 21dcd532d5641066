//! A compact binary form of a [`Doc`]'s metadata and layers, for storage.
//!
//! A corpus store keeps every analysed document and must give back exactly the JSON that
//! `dateline analyze` writes. Keeping that JSON costs twice: writing it is a fifth of the
//! analysis time (every annotation becomes a JSON object with its keys), and it is about
//! fifteen times the size of the text before compression. [`encode`] writes the same
//! information field by field: integers as variable-length numbers, names and strings with
//! their length, floats bit for bit. [`decode`] rebuilds the `Doc` from those bytes and the
//! document's text, and [`crate::json::to_writer`] then writes the very bytes `analyze`
//! would have (it is the same writer, given the same values; nothing is rounded twice).
//!
//! The text is not part of the bytes: the store keeps it in its own column.
//!
//! ## Layout (version 1)
//!
//! `0xDB 0x01`, then the metadata, the per-layer provenance (which also marks the layers
//! present), then each present layer in [`Layer`] order. Every list is its length followed
//! by its items; an `Option` is a byte (0 or 1) followed by the value. Integers are
//! LEB128 (signed ones zigzag-encoded). A span is its start, as the difference from the
//! previous span's start, and its length: byte offsets into the text, as inside a `Doc`.
//! A float is a byte 0 for zero, else 1 and its eight bytes. A name chosen by code (a rule,
//! a component, a kind) is a number in the document's table of names, followed by the name
//! the first time it appears: a document writes "entities" once, not once per mention.
//!
//! ## Input checks
//!
//! The bytes come from a file, so they are not trusted: a span past the text or inside a
//! character, an index past its list (an entity's actor, an event's place), an unknown
//! enum value, a length longer than the bytes left, a date that does not exist, tokens out
//! of order, normalization edits that do not map back into the text, or bytes after the end
//! are each a [`PackError`], never a panic; lists are allocated only for as many items as
//! the bytes left can hold. Names
//! kept as `&'static str` go through the same bounded interning as [`crate::json_read`].

use crate::doc::{Doc, Layer};
use crate::json_read::intern;
use crate::layers::{
    Actor, ActorKind, Amount, Entity, EntityLabel, Event, Evidence, Gender, Mention, MentionKind,
    Paragraph, Place, Quote, Sentence, Statement, Substance, TimeExpr, Token, TokenKind, Tone,
    ToneScores,
};
use crate::meta::{Metadata, Published};
use crate::norm::{Edit, NormalizedText};
use crate::span::{Provenance, Span};
use jiff::civil::{Date, Time};
use jiff::tz::Offset;

/// The first bytes of a packed document: a byte no JSON text starts with, and the version.
pub const MAGIC: [u8; 2] = [0xDB, 0x01];

/// Why packed bytes could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("packed document, byte {at}: {message}")]
pub struct PackError {
    pub at: usize,
    pub message: String,
}

type Result<T> = std::result::Result<T, PackError>;

/// Appends the packed form of `doc`'s metadata and of those of `layers` it has to `out`.
pub fn encode(doc: &Doc, layers: &[Layer], out: &mut Vec<u8>) {
    let layers: Vec<Layer> = Layer::ALL
        .into_iter()
        .filter(|l| layers.contains(l) && doc.has_layer(*l))
        .collect();
    let with_tokens = layers.contains(&Layer::Tokens);
    let mut w = Writer {
        out,
        names: [(0, 0, u32::MAX); 256],
        next_name: 0,
        last: 0,
    };
    w.out.extend_from_slice(&MAGIC);
    w.meta(&doc.meta);
    let provenance: Vec<&(Layer, Provenance)> = doc
        .layer_provenance()
        .iter()
        .filter(|(l, _)| layers.contains(l))
        .collect();
    w.len(provenance.len());
    for (layer, p) in provenance {
        w.u(*layer as u64);
        w.provenance(p);
    }
    for layer in layers {
        match layer {
            Layer::Tokens => {
                let norm = doc.normalized();
                w.option(norm, |w, n| {
                    w.str(&n.text);
                    w.list(&n.edits, |w, e| {
                        let Edit {
                            norm,
                            orig,
                            norm_len,
                            orig_len,
                        } = *e;
                        for v in [norm, orig, norm_len, orig_len] {
                            w.u(u64::from(v));
                        }
                    });
                });
                w.list(&doc.tokens, |w, t| {
                    let Token {
                        span,
                        norm,
                        kind,
                        flags,
                    } = *t;
                    w.span(span);
                    w.span(norm);
                    w.u(kind as u64);
                    w.out.push(flags);
                });
            }
            Layer::Sentences => w.list(&doc.sentences, |w, s| {
                let Sentence {
                    span,
                    tokens,
                    provenance,
                } = s;
                w.span(*span);
                // Without the tokens layer, there are no tokens to point into.
                let tokens = if with_tokens { tokens.clone() } else { 0..0 };
                w.u(u64::from(tokens.start));
                w.u(u64::from(tokens.end));
                w.provenance(provenance);
            }),
            Layer::Paragraphs => w.list(&doc.paragraphs, |w, p| {
                let Paragraph { span, provenance } = p;
                w.span(*span);
                w.provenance(provenance);
            }),
            Layer::Entities => w.list(&doc.entities, |w, e| {
                let Entity {
                    span,
                    label,
                    name,
                    actor,
                    provenance,
                } = e;
                w.span(*span);
                w.u(*label as u64);
                w.str(name);
                w.option(actor.as_ref(), |w, a| w.u(u64::from(*a)));
                w.provenance(provenance);
            }),
            Layer::Actors => w.list(&doc.actors, |w, a| w.actor(a)),
            Layer::Quotes => w.list(&doc.quotes, |w, q| w.quote(q)),
            Layer::Times => w.list(&doc.times, |w, t| w.time(t)),
            Layer::Places => w.list(&doc.places, |w, p| w.place(p)),
            Layer::Amounts => w.list(&doc.amounts, |w, a| {
                let Amount {
                    span,
                    value,
                    unit,
                    kind,
                    bound,
                    vague,
                    provenance,
                } = a;
                w.span(*span);
                w.f64(*value);
                w.str(unit);
                w.name(kind);
                w.option(*bound, Writer::name);
                w.bool(*vague);
                w.provenance(provenance);
            }),
            Layer::Events => w.list(&doc.events, |w, e| w.event(e)),
            Layer::Tone => w.option(doc.tone.as_ref(), |w, t| w.tone(t)),
            Layer::Substance => w.option(doc.substance.as_ref(), |w, s| w.substance(s)),
        }
    }
}

/// Rebuilds a document from its text and the bytes [`encode`] wrote.
pub fn decode(bytes: &[u8], text: String) -> Result<Doc> {
    if text.len() > crate::doc::MAX_DOC_BYTES {
        return Err(PackError {
            at: 0,
            message: format!("a text of {} bytes", text.len()),
        });
    }
    // Layers are read into a scratch document while the reader borrows the text (to check
    // spans), then moved into the real one, which takes the text.
    let mut r = Reader {
        bytes,
        at: 0,
        text: &text,
        names: Vec::new(),
        last: 0,
    };
    if r.take(2)? != MAGIC {
        return Err(r.error("not a packed document (or a version this build does not read)"));
    }
    let meta = r.meta()?;
    let n = r.len(2)?;
    let mut marks = Vec::with_capacity(n);
    for _ in 0..n {
        let layer = r.pick(&Layer::ALL)?;
        let p = r.provenance()?;
        if marks.iter().any(|(l, _)| *l == layer) {
            return Err(r.error(format!("layer {} twice", layer.name())));
        }
        marks.push((layer, p));
    }
    let mut present: Vec<Layer> = marks.iter().map(|(l, _)| *l).collect();
    present.sort();
    let mut d = Doc::new(Metadata::default(), String::new()).map_err(|e| r.error(e.to_string()))?;
    let mut normalized = None;
    for layer in present {
        match layer {
            Layer::Tokens => {
                let (norm, tokens) = r.tokens()?;
                normalized = norm;
                d.tokens = tokens;
            }
            Layer::Sentences => {
                d.sentences = r.list(5, |r| {
                    Ok(Sentence {
                        span: r.span()?,
                        tokens: r.u32()?..r.u32()?,
                        provenance: r.provenance()?,
                    })
                })?;
            }
            Layer::Paragraphs => {
                d.paragraphs = r.list(4, |r| {
                    Ok(Paragraph {
                        span: r.span()?,
                        provenance: r.provenance()?,
                    })
                })?;
            }
            Layer::Entities => {
                d.entities = r.list(6, |r| {
                    Ok(Entity {
                        span: r.span()?,
                        label: r.pick(&ENTITY_LABELS)?,
                        name: r.string()?,
                        actor: r.option(Reader::u32)?,
                        provenance: r.provenance()?,
                    })
                })?;
            }
            Layer::Actors => d.actors = r.list(6, Reader::actor)?,
            Layer::Quotes => d.quotes = r.list(10, Reader::quote)?,
            Layer::Times => d.times = r.list(6, Reader::time)?,
            Layer::Places => d.places = r.list(14, Reader::place)?,
            Layer::Amounts => {
                d.amounts = r.list(10, |r| {
                    Ok(Amount {
                        span: r.span()?,
                        value: r.f64()?,
                        unit: r.string()?,
                        kind: r.name()?,
                        bound: r.option(Reader::name)?,
                        vague: r.bool()?,
                        provenance: r.provenance()?,
                    })
                })?;
            }
            Layer::Events => d.events = r.list(20, Reader::event)?,
            Layer::Tone => d.tone = r.option(Reader::tone)?,
            Layer::Substance => d.substance = r.option(Reader::substance)?,
        }
    }
    if r.at != bytes.len() {
        return Err(r.error(format!("{} bytes after the end", bytes.len() - r.at)));
    }
    check_references(&d).map_err(|m| r.error(m))?;

    let mut doc = Doc::new(meta, text).map_err(|e| PackError {
        at: 0,
        message: e.to_string(),
    })?;
    doc.set_normalized(normalized);
    doc.tokens = d.tokens;
    doc.sentences = d.sentences;
    doc.paragraphs = d.paragraphs;
    doc.entities = d.entities;
    doc.actors = d.actors;
    doc.quotes = d.quotes;
    doc.times = d.times;
    doc.places = d.places;
    doc.amounts = d.amounts;
    doc.events = d.events;
    doc.tone = d.tone;
    doc.substance = d.substance;
    for (layer, p) in marks {
        doc.mark_done(layer, p);
    }
    Ok(doc)
}

/// Indexes from one layer into another point inside their list.
fn check_references(doc: &Doc) -> std::result::Result<(), String> {
    let actors = doc.actors.len() as u32;
    let within = |i: Option<u32>, n: usize, what: &str| match i {
        Some(i) if i as usize >= n => Err(format!("{what} {i} of {n}")),
        _ => Ok(()),
    };
    for e in &doc.entities {
        within(e.actor, actors as usize, "an entity's actor")?;
    }
    for q in &doc.quotes {
        for &a in &q.speaker_actors {
            within(Some(a), actors as usize, "a quote's speaker")?;
        }
    }
    for e in &doc.events {
        within(e.source_actor, actors as usize, "an event's source actor")?;
        within(e.target_actor, actors as usize, "an event's target actor")?;
        within(e.place, doc.places.len(), "an event's place")?;
        within(e.quote, doc.quotes.len(), "an event's quote")?;
    }
    if let Some(s) = &doc.substance {
        for st in &s.statements {
            for &q in &st.quotes {
                within(Some(q), doc.quotes.len(), "a statement's quote")?;
            }
        }
    }
    let tokens = doc.tokens.len() as u32;
    for s in &doc.sentences {
        if s.tokens.start > s.tokens.end || s.tokens.end > tokens {
            return Err(format!(
                "a sentence's tokens {}..{} of {tokens}",
                s.tokens.start, s.tokens.end
            ));
        }
    }
    Ok(())
}

/// Whether a span lies inside `text`, on character boundaries.
fn within(text: &str, s: Span) -> std::result::Result<(), String> {
    if s.start > s.end || s.end as usize > text.len() {
        return Err(format!(
            "span {}..{} past the text ({} bytes)",
            s.start,
            s.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(s.start as usize) || !text.is_char_boundary(s.end as usize) {
        return Err(format!("span {}..{} cuts a character", s.start, s.end));
    }
    Ok(())
}

const TOKEN_KINDS: [TokenKind; 13] = [
    TokenKind::Word,
    TokenKind::Abbreviation,
    TokenKind::Clitic,
    TokenKind::Number,
    TokenKind::Symbol,
    TokenKind::Quote,
    TokenKind::Dash,
    TokenKind::Ellipsis,
    TokenKind::Terminal,
    TokenKind::Punct,
    TokenKind::Url,
    TokenKind::Email,
    TokenKind::Tag,
];
const ENTITY_LABELS: [EntityLabel; 8] = [
    EntityLabel::Person,
    EntityLabel::Org,
    EntityLabel::Gpe,
    EntityLabel::Loc,
    EntityLabel::Fac,
    EntityLabel::Norp,
    EntityLabel::Event,
    EntityLabel::Misc,
];
const ACTOR_KINDS: [ActorKind; 5] = [
    ActorKind::Person,
    ActorKind::Organisation,
    ActorKind::Country,
    ActorKind::Place,
    ActorKind::Group,
];
const GENDERS: [Gender; 2] = [Gender::Male, Gender::Female];
const MENTION_KINDS: [MentionKind; 4] = [
    MentionKind::Name,
    MentionKind::Pronoun,
    MentionKind::Metonym,
    MentionKind::Demonym,
];

// ---------------------------------------------------------------------------------------
// Writing. Each annotation type is taken apart with a pattern that names every field, so a
// field added to a type fails to compile here until it is written (and, in `Reader`, read).

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// Names written so far in this document, by address: a small direct-mapped cache of
    /// (address, length, number). A collision only writes a name a second time.
    names: [(usize, usize, u32); 256],
    next_name: u32,
    /// The start of the last span written (spans are written as the difference from it).
    last: u32,
}

impl Writer<'_> {
    /// An unsigned integer, seven bits per byte (LEB128).
    fn u(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    /// A signed integer, zigzag-encoded.
    fn i(&mut self, v: i64) {
        self.u(((v << 1) ^ (v >> 63)) as u64);
    }

    fn len(&mut self, n: usize) {
        self.u(n as u64);
    }

    fn bool(&mut self, b: bool) {
        self.out.push(u8::from(b));
    }

    /// A float, bit for bit; zero (the most common score) in one byte.
    fn f64(&mut self, v: f64) {
        if v.to_bits() == 0 {
            self.out.push(0);
        } else {
            self.out.push(1);
            self.out.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn f32(&mut self, v: f32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }

    /// A name chosen by code (a rule, a kind): its number in the document's table of names,
    /// the name itself following the first time (number = the count so far).
    fn name(&mut self, name: &'static str) {
        let addr = name.as_ptr() as usize;
        let slot = &mut self.names[(addr >> 3 ^ addr >> 11) & 255];
        if slot.0 == addr && slot.1 == name.len() {
            let n = slot.2;
            self.u(u64::from(n));
            return;
        }
        *slot = (addr, name.len(), self.next_name);
        self.u(u64::from(self.next_name));
        self.next_name += 1;
        self.str(name);
    }

    /// A span: its start as the difference from the last span's start, and its length.
    fn span(&mut self, s: Span) {
        self.i(i64::from(s.start) - i64::from(self.last));
        self.last = s.start;
        self.u(u64::from(s.end.saturating_sub(s.start)));
    }

    fn option<T>(&mut self, v: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.bool(false),
            Some(v) => {
                self.bool(true);
                write(self, v);
            }
        }
    }

    fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.len(items.len());
        for item in items {
            write(self, item);
        }
    }

    fn strings(&mut self, items: &[String]) {
        self.list(items, |w, s| w.str(s));
    }

    fn provenance(&mut self, p: &Provenance) {
        let Provenance {
            component,
            rule,
            confidence,
        } = *p;
        self.name(component);
        self.name(rule);
        self.option(confidence, Self::f32);
    }

    fn date(&mut self, d: Date) {
        self.i(i64::from(d.year()));
        self.u(d.month() as u64);
        self.u(d.day() as u64);
    }

    fn meta(&mut self, m: &Metadata) {
        let Metadata {
            id,
            url,
            title,
            byline,
            published,
            language,
            source,
            extra,
        } = m;
        self.str(id);
        for v in [url, title, byline, language, source] {
            self.option(v.as_deref(), Self::str);
        }
        self.option(published.as_ref(), |w, p| {
            let Published { date, time, offset } = *p;
            w.date(date);
            w.option(time, |w, t| {
                w.u(t.hour() as u64);
                w.u(t.minute() as u64);
                w.u(t.second() as u64);
                w.u(t.subsec_nanosecond() as u64);
            });
            w.option(offset, |w, o| w.i(i64::from(o.seconds())));
        });
        if extra.is_empty() {
            self.str("");
        } else {
            self.str(&serde_json::to_string(extra).unwrap_or_default());
        }
    }

    fn actor(&mut self, a: &Actor) {
        let Actor {
            name,
            kind,
            roles,
            country,
            code,
            gender,
            mentions,
            evidence,
        } = a;
        self.str(name);
        self.u(*kind as u64);
        self.strings(roles);
        self.option(country.as_deref(), Self::str);
        self.option(code.as_deref(), Self::str);
        self.option(gender.as_ref(), |w, g| w.u(*g as u64));
        self.list(mentions, |w, m| {
            let Mention {
                span,
                kind,
                provenance,
            } = m;
            w.span(*span);
            w.u(*kind as u64);
            w.provenance(provenance);
        });
        self.list(evidence, |w, e| {
            let Evidence {
                span,
                what,
                value,
                provenance,
            } = e;
            w.span(*span);
            w.name(what);
            w.str(value);
            w.provenance(provenance);
        });
    }

    fn quote(&mut self, q: &Quote) {
        let Quote {
            span,
            kind,
            utterance,
            speakers,
            speaker_actors,
            speaker_span,
            speaker_description,
            speaker_rule,
            cue,
            cue_lemma,
            unclosed,
            provenance,
        } = q;
        self.span(*span);
        self.name(kind);
        self.u(u64::from(*utterance));
        self.strings(speakers);
        self.list(speaker_actors, |w, a| w.u(u64::from(*a)));
        self.option(*speaker_span, Self::span);
        self.option(speaker_description.as_deref(), Self::str);
        self.name(speaker_rule);
        self.option(*cue, Self::span);
        self.option(cue_lemma.as_deref(), Self::str);
        self.bool(*unclosed);
        self.provenance(provenance);
    }

    fn time(&mut self, t: &TimeExpr) {
        let TimeExpr {
            span,
            value,
            kind,
            grain,
            anchor,
            reason,
            provenance,
        } = t;
        self.span(*span);
        self.option(value.as_deref(), Self::str);
        self.name(kind);
        self.option(*grain, Self::name);
        self.option(*anchor, Self::date);
        self.option(*reason, Self::name);
        self.provenance(provenance);
    }

    fn place(&mut self, p: &Place) {
        let Place {
            span,
            name,
            lat,
            lon,
            country,
            subdivision,
            feature,
            geonameid,
            mention,
            estimated,
            provenance,
        } = p;
        self.span(*span);
        self.str(name);
        self.f64(*lat);
        self.f64(*lon);
        self.option(country.as_deref(), Self::str);
        self.option(subdivision.as_deref(), Self::str);
        self.name(feature);
        self.option(*geonameid, |w, g| w.u(u64::from(g)));
        self.name(mention);
        self.bool(*estimated);
        self.provenance(provenance);
    }

    fn event(&mut self, e: &Event) {
        let Event {
            span,
            source,
            target,
            code,
            goldstein,
            quad_class,
            plover,
            mode,
            context,
            trigger,
            source_mention,
            target_mention,
            source_actor,
            target_actor,
            negated,
            modality,
            date,
            date_rule,
            date_span,
            place,
            place_rule,
            quote,
            provenance,
        } = e;
        self.span(*span);
        self.str(source);
        self.str(target);
        self.str(code);
        self.f32(*goldstein);
        self.u(u64::from(*quad_class));
        for name in [plover, mode, context] {
            self.option(*name, Self::name);
        }
        self.span(*trigger);
        self.option(*source_mention, Self::span);
        self.option(*target_mention, Self::span);
        for index in [source_actor, target_actor] {
            self.option(*index, |w, i| w.u(u64::from(i)));
        }
        self.bool(*negated);
        self.option(*modality, Self::name);
        self.option(date.as_deref(), Self::str);
        self.name(date_rule);
        self.option(*date_span, Self::span);
        self.option(*place, |w, i| w.u(u64::from(i)));
        self.option(*place_rule, Self::name);
        self.option(*quote, |w, i| w.u(u64::from(i)));
        self.provenance(provenance);
    }

    fn scores(&mut self, s: &ToneScores) {
        let ToneScores {
            tone,
            positive,
            negative,
            polarity,
            activity_density,
            self_group_density,
            word_count,
        } = *s;
        for v in [
            tone,
            positive,
            negative,
            polarity,
            activity_density,
            self_group_density,
        ] {
            self.f64(v);
        }
        self.u(u64::from(word_count));
    }

    fn tone(&mut self, t: &Tone) {
        let Tone {
            document,
            sentences,
            words,
            provenance,
        } = t;
        self.scores(document);
        self.list(sentences, |w, (span, scores)| {
            w.span(*span);
            w.scores(scores);
        });
        self.list(words, |w, (span, valence, rule)| {
            w.span(*span);
            w.f32(*valence);
            w.name(rule);
        });
        self.provenance(provenance);
    }

    fn substance(&mut self, s: &Substance) {
        let Substance {
            ratio,
            concrete,
            vague,
            hedged,
            statements,
            provenance,
        } = s;
        self.f64(*ratio);
        for n in [concrete, vague, hedged] {
            self.u(u64::from(*n));
        }
        self.list(statements, |w, st| {
            let Statement {
                span,
                parts,
                quotes,
                speakers,
                class,
                reason,
                evidence,
                provenance,
            } = st;
            w.span(*span);
            w.list(parts, |w, p| w.span(*p));
            w.list(quotes, |w, q| w.u(u64::from(*q)));
            w.strings(speakers);
            w.name(class);
            w.name(reason);
            w.list(evidence, |w, (span, what)| {
                w.span(*span);
                w.name(what);
            });
            w.provenance(provenance);
        });
        self.provenance(provenance);
    }
}

// ---------------------------------------------------------------------------------------
// Reading.

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The document's text: spans must lie inside it, on character boundaries.
    text: &'a str,
    /// The document's table of names, in the order they first appeared.
    names: Vec<&'static str>,
    /// The start of the last span read.
    last: u32,
}

impl<'a> Reader<'a> {
    fn error(&self, message: impl Into<String>) -> PackError {
        PackError {
            at: self.at,
            message: message.into(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() - self.at < n {
            return Err(self.error("cut short"));
        }
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.error("a number longer than 64 bits"))
    }

    fn i(&mut self) -> Result<i64> {
        let u = self.u()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    fn u32(&mut self) -> Result<u32> {
        let v = self.u()?;
        u32::try_from(v).map_err(|_| self.error(format!("{v} does not fit 32 bits")))
    }

    /// A list's length, refused when the bytes left cannot hold that many items of at
    /// least `min_item` bytes each (so a corrupt length allocates nothing).
    fn len(&mut self, min_item: usize) -> Result<usize> {
        let n = self.u()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n.saturating_mul(min_item.max(1) as u64) > left {
            return Err(self.error(format!("a list of {n} items in {left} bytes")));
        }
        Ok(n as usize)
    }

    fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(self.error(format!("{b} is not a boolean"))),
        }
    }

    fn f64(&mut self) -> Result<f64> {
        if !self.bool()? {
            return Ok(0.0);
        }
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }

    fn f32(&mut self) -> Result<f32> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes(b.try_into().unwrap_or([0; 4])))
    }

    fn str(&mut self) -> Result<&'a str> {
        let n = self.len(1)?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|_| self.error("a string that is not UTF-8"))
    }

    fn string(&mut self) -> Result<String> {
        Ok(self.str()?.to_string())
    }

    /// A name kept as `&'static str` (a rule, a kind), from the document's table of names.
    fn name(&mut self) -> Result<&'static str> {
        let n = self.u()?;
        if let Some(&name) = self.names.get(n as usize) {
            return Ok(name);
        }
        if n != self.names.len() as u64 {
            return Err(self.error(format!("name {n} of {}", self.names.len())));
        }
        let s = self.str()?;
        let name = intern(s).map_err(|m| self.error(m))?;
        self.names.push(name);
        Ok(name)
    }

    fn strings(&mut self) -> Result<Vec<String>> {
        self.list(1, Reader::string)
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> Result<T> {
        let i = self.u()?;
        all.get(i as usize)
            .copied()
            .ok_or_else(|| self.error(format!("{i} is not one of {} values", all.len())))
    }

    /// A span as written, checked only for fitting 32 bits.
    fn raw_span(&mut self) -> Result<Span> {
        let delta = self.i()?;
        let start = u32::try_from(i64::from(self.last).saturating_add(delta))
            .map_err(|_| self.error("a span starting outside 32 bits"))?;
        self.last = start;
        let len = self.u32()?;
        let end = start
            .checked_add(len)
            .ok_or_else(|| self.error("a span past 4 GB"))?;
        Ok(Span { start, end })
    }

    /// A span of the text: inside it, on character boundaries.
    fn span(&mut self) -> Result<Span> {
        let s = self.raw_span()?;
        within(self.text, s).map_err(|m| self.error(m))?;
        Ok(s)
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.bool()? {
            Ok(Some(read(self)?))
        } else {
            Ok(None)
        }
    }

    fn list<T>(
        &mut self,
        min_item: usize,
        mut read: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<T>> {
        let n = self.len(min_item)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(read(self)?);
        }
        Ok(items)
    }

    /// The tokens layer: the normalized text (when normalization changed anything) and the
    /// tokens, whose `norm` spans index it.
    fn tokens(&mut self) -> Result<(Option<NormalizedText>, Vec<Token>)> {
        let norm = self.option(|r| {
            let text = r.string()?;
            let edits = r.list(4, |r| {
                Ok(Edit {
                    norm: r.u32()?,
                    orig: r.u32()?,
                    norm_len: r.u32()?,
                    orig_len: r.u32()?,
                })
            })?;
            // Edits in order, each where the ones before it put the original text, and
            // together accounting for the difference in length: then every normalized
            // offset maps back inside the original.
            let mut shift = 0i64;
            let mut norm_end = 0u64;
            for e in &edits {
                let (n, o) = (
                    Span::new(e.norm as usize, e.norm as usize + e.norm_len as usize),
                    Span::new(e.orig as usize, e.orig as usize + e.orig_len as usize),
                );
                within(&text, n)
                    .and_then(|_| within(r.text, o))
                    .map_err(|m| r.error(format!("an edit of the normalized text: {m}")))?;
                if u64::from(e.norm) < norm_end || i64::from(e.orig) != i64::from(e.norm) + shift {
                    return Err(r.error("edits of the normalized text out of order"));
                }
                norm_end = u64::from(e.norm) + u64::from(e.norm_len);
                shift += i64::from(e.orig_len) - i64::from(e.norm_len);
            }
            if text.len() as i64 + shift != r.text.len() as i64 {
                return Err(r.error("the normalized text's edits do not add up to the text"));
            }
            Ok(NormalizedText { text, edits })
        })?;
        let tokens = self.list(6, |r| {
            let span = r.span()?;
            let n = r.raw_span()?;
            within(norm.as_ref().map_or(r.text, |t| t.text.as_str()), n)
                .map_err(|m| r.error(format!("a token's normalized span: {m}")))?;
            Ok(Token {
                span,
                norm: n,
                kind: r.pick(&TOKEN_KINDS)?,
                flags: r.u8()?,
            })
        })?;
        if tokens.windows(2).any(|w| w[1].span.start < w[0].span.end) {
            return Err(self.error("tokens out of order or overlapping"));
        }
        Ok((norm, tokens))
    }

    fn provenance(&mut self) -> Result<Provenance> {
        Ok(Provenance {
            component: self.name()?,
            rule: self.name()?,
            confidence: self.option(Reader::f32)?,
        })
    }

    fn date(&mut self) -> Result<Date> {
        let (y, m, d) = (self.i()?, self.u()?, self.u()?);
        let bad = || self.error(format!("no date {y}-{m}-{d}"));
        Date::new(
            i16::try_from(y).map_err(|_| bad())?,
            i8::try_from(m).map_err(|_| bad())?,
            i8::try_from(d).map_err(|_| bad())?,
        )
        .map_err(|_| bad())
    }

    fn meta(&mut self) -> Result<Metadata> {
        let id = self.string()?;
        let mut fields: [Option<String>; 5] = Default::default();
        for f in &mut fields {
            *f = self.option(Reader::string)?;
        }
        let [url, title, byline, language, source] = fields;
        let published = self.option(|r| {
            let date = r.date()?;
            let time = r.option(|r| {
                let (h, m, s, n) = (r.u()?, r.u()?, r.u()?, r.u()?);
                let bad = || r.error(format!("no time {h}:{m}:{s}.{n}"));
                Time::new(
                    i8::try_from(h).map_err(|_| bad())?,
                    i8::try_from(m).map_err(|_| bad())?,
                    i8::try_from(s).map_err(|_| bad())?,
                    i32::try_from(n).map_err(|_| bad())?,
                )
                .map_err(|_| bad())
            })?;
            let offset = r.option(|r| {
                let s = r.i()?;
                i32::try_from(s)
                    .ok()
                    .and_then(|s| Offset::from_seconds(s).ok())
                    .ok_or_else(|| r.error(format!("no UTC offset of {s} s")))
            })?;
            Ok(Published { date, time, offset })
        })?;
        let extra = match self.str()? {
            "" => serde_json::Map::new(),
            json => serde_json::from_str(json)
                .map_err(|e| self.error(format!("metadata fields: {e}")))?,
        };
        Ok(Metadata {
            id,
            url,
            title,
            byline,
            published,
            language,
            source,
            extra,
        })
    }

    fn actor(&mut self) -> Result<Actor> {
        Ok(Actor {
            name: self.string()?,
            kind: self.pick(&ACTOR_KINDS)?,
            roles: self.strings()?,
            country: self.option(Reader::string)?,
            code: self.option(Reader::string)?,
            gender: self.option(|r| r.pick(&GENDERS))?,
            mentions: self.list(5, |r| {
                Ok(Mention {
                    span: r.span()?,
                    kind: r.pick(&MENTION_KINDS)?,
                    provenance: r.provenance()?,
                })
            })?,
            evidence: self.list(6, |r| {
                Ok(Evidence {
                    span: r.span()?,
                    what: r.name()?,
                    value: r.string()?,
                    provenance: r.provenance()?,
                })
            })?,
        })
    }

    fn quote(&mut self) -> Result<Quote> {
        Ok(Quote {
            span: self.span()?,
            kind: self.name()?,
            utterance: self.u32()?,
            speakers: self.strings()?,
            speaker_actors: self.list(1, Reader::u32)?,
            speaker_span: self.option(Reader::span)?,
            speaker_description: self.option(Reader::string)?,
            speaker_rule: self.name()?,
            cue: self.option(Reader::span)?,
            cue_lemma: self.option(Reader::string)?,
            unclosed: self.bool()?,
            provenance: self.provenance()?,
        })
    }

    fn time(&mut self) -> Result<TimeExpr> {
        Ok(TimeExpr {
            span: self.span()?,
            value: self.option(Reader::string)?,
            kind: self.name()?,
            grain: self.option(Reader::name)?,
            anchor: self.option(Reader::date)?,
            reason: self.option(Reader::name)?,
            provenance: self.provenance()?,
        })
    }

    fn place(&mut self) -> Result<Place> {
        Ok(Place {
            span: self.span()?,
            name: self.string()?,
            lat: self.f64()?,
            lon: self.f64()?,
            country: self.option(Reader::string)?,
            subdivision: self.option(Reader::string)?,
            feature: self.name()?,
            geonameid: self.option(Reader::u32)?,
            mention: self.name()?,
            estimated: self.bool()?,
            provenance: self.provenance()?,
        })
    }

    fn event(&mut self) -> Result<Event> {
        Ok(Event {
            span: self.span()?,
            source: self.string()?,
            target: self.string()?,
            code: self.string()?,
            goldstein: self.f32()?,
            quad_class: u8::try_from(self.u()?).map_err(|_| self.error("a quad class"))?,
            plover: self.option(Reader::name)?,
            mode: self.option(Reader::name)?,
            context: self.option(Reader::name)?,
            trigger: self.span()?,
            source_mention: self.option(Reader::span)?,
            target_mention: self.option(Reader::span)?,
            source_actor: self.option(Reader::u32)?,
            target_actor: self.option(Reader::u32)?,
            negated: self.bool()?,
            modality: self.option(Reader::name)?,
            date: self.option(Reader::string)?,
            date_rule: self.name()?,
            date_span: self.option(Reader::span)?,
            place: self.option(Reader::u32)?,
            place_rule: self.option(Reader::name)?,
            quote: self.option(Reader::u32)?,
            provenance: self.provenance()?,
        })
    }

    fn scores(&mut self) -> Result<ToneScores> {
        Ok(ToneScores {
            tone: self.f64()?,
            positive: self.f64()?,
            negative: self.f64()?,
            polarity: self.f64()?,
            activity_density: self.f64()?,
            self_group_density: self.f64()?,
            word_count: self.u32()?,
        })
    }

    fn tone(&mut self) -> Result<Tone> {
        Ok(Tone {
            document: self.scores()?,
            sentences: self.list(9, |r| Ok((r.span()?, r.scores()?)))?,
            words: self.list(7, |r| Ok((r.span()?, r.f32()?, r.name()?)))?,
            provenance: self.provenance()?,
        })
    }

    fn substance(&mut self) -> Result<Substance> {
        Ok(Substance {
            ratio: self.f64()?,
            concrete: self.u32()?,
            vague: self.u32()?,
            hedged: self.u32()?,
            statements: self.list(9, |r| {
                Ok(Statement {
                    span: r.span()?,
                    parts: r.list(2, Reader::span)?,
                    quotes: r.list(1, Reader::u32)?,
                    speakers: r.strings()?,
                    class: r.name()?,
                    reason: r.name()?,
                    evidence: r.list(3, |r| Ok((r.span()?, r.name()?)))?,
                    provenance: r.provenance()?,
                })
            })?,
            provenance: self.provenance()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        let mut meta = Metadata::with_id("d-1");
        meta.published = Some(Published::parse("2025-08-16T03:10:00+02:00").unwrap());
        meta.url = Some("https://example.com/a".into());
        meta.extra
            .insert("rank".into(), serde_json::json!([1, 2.5]));
        let text = "“Ja,” sagte Müller. Next.";
        let mut doc = Doc::new(meta, text.into()).unwrap();
        let second = text.find("Next").unwrap();
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, second - 1),
                tokens: 0..0,
                provenance: Provenance::rule("sentences", "terminal"),
            },
            Sentence {
                span: Span::new(second, text.len()),
                tokens: 0..0,
                provenance: Provenance::rule("sentences", "end").with_confidence(0.5),
            },
        ];
        doc.mark_done(Layer::Sentences, Provenance::rule("sentences", "rules"));
        let m = text.find("Müller").unwrap();
        doc.actors = vec![Actor {
            name: "Müller".into(),
            kind: ActorKind::Person,
            roles: vec!["speaker".into()],
            country: Some("DEU".into()),
            code: None,
            gender: Some(Gender::Male),
            mentions: vec![Mention {
                span: Span::new(m, m + "Müller".len()),
                kind: MentionKind::Name,
                provenance: Provenance::rule("entities", "name"),
            }],
            evidence: Vec::new(),
        }];
        doc.mark_done(Layer::Actors, Provenance::rule("entities", "actors"));
        doc.entities = vec![Entity {
            span: Span::new(m, m + "Müller".len()),
            label: EntityLabel::Person,
            name: "Müller".into(),
            actor: Some(0),
            provenance: Provenance::rule("entities", "lexicon").with_confidence(0.9),
        }];
        doc.mark_done(Layer::Entities, Provenance::rule("entities", "rules"));
        doc
    }

    fn json(doc: &Doc) -> String {
        let mut out = Vec::new();
        crate::json::to_writer(&mut out, doc, &Layer::ALL, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn packed(doc: &Doc) -> Vec<u8> {
        let mut out = Vec::new();
        encode(doc, &Layer::ALL, &mut out);
        out
    }

    #[test]
    fn gives_back_the_same_document() {
        let doc = sample();
        let back = decode(&packed(&doc), doc.text().into()).unwrap();
        assert_eq!(json(&back), json(&doc));
        assert_eq!(back.meta, doc.meta);
        assert_eq!(back.actors, doc.actors);
        assert_eq!(back.layer_provenance(), doc.layer_provenance());
    }

    #[test]
    fn writes_only_the_layers_asked_for() {
        let doc = sample();
        let mut out = Vec::new();
        encode(&doc, &[Layer::Sentences], &mut out);
        let back = decode(&out, doc.text().into()).unwrap();
        assert!(back.has_layer(Layer::Sentences) && !back.has_layer(Layer::Actors));
        assert!(back.actors.is_empty() && back.entities.is_empty());
    }

    #[test]
    fn bytes_cut_short_are_an_error() {
        let doc = sample();
        let bytes = packed(&doc);
        for n in 0..bytes.len() {
            assert!(
                decode(&bytes[..n], doc.text().into()).is_err(),
                "cut at {n} of {}",
                bytes.len()
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, doc.text().into()).is_err());
    }

    #[test]
    fn any_changed_byte_is_read_or_refused_without_panic() {
        let doc = sample();
        let bytes = packed(&doc);
        for i in 0..bytes.len() {
            for v in [0u8, 1, 0x7F, 0x80, 0xFF, bytes[i].wrapping_add(1)] {
                let mut b = bytes.clone();
                b[i] = v;
                if let Ok(d) = decode(&b, doc.text().into()) {
                    // Whatever reads back can be written.
                    let _ = json(&d);
                }
            }
        }
    }

    #[test]
    fn spans_outside_the_text_or_inside_a_character_are_refused() {
        let doc = sample();
        let bytes = packed(&doc);
        // A shorter text: the last sentence ends past it.
        let err = decode(&bytes, "“Ja,” sagte".into()).unwrap_err();
        assert!(err.message.contains("past the text"), "{err}");
        // The same length, with a two-byte character where a span starts.
        let text = doc.text().replacen(" Next", "éext", 1);
        assert_eq!(text.len(), doc.text().len());
        let err = decode(&bytes, text).unwrap_err();
        assert!(err.message.contains("cuts a character"), "{err}");
    }

    #[test]
    fn tokens_and_normalization_edits_must_map_back_into_the_text() {
        use crate::layers::{Token, TokenKind};
        let text = "a\u{a0}b c";
        // (original span, normalized span) of each token.
        type Spans = [((usize, usize), (usize, usize))];
        let tokens = |spans: &Spans| -> Vec<Token> {
            spans
                .iter()
                .map(|&((a, b), (c, d))| Token {
                    span: Span::new(a, b),
                    norm: Span::new(c, d),
                    kind: TokenKind::Word,
                    flags: 0x81,
                })
                .collect()
        };
        let (ta, tb, tc) = (((0, 1), (0, 1)), ((3, 4), (2, 3)), ((5, 6), (4, 5)));
        let packed = |norm: NormalizedText, spans: &Spans| {
            let mut doc = Doc::new(Metadata::with_id("t"), text.into()).unwrap();
            doc.set_normalized(Some(norm));
            doc.tokens = tokens(spans);
            doc.mark_done(Layer::Tokens, Provenance::rule("tokens", "rules"));
            let mut out = Vec::new();
            encode(&doc, &[Layer::Tokens], &mut out);
            out
        };
        // The no-break space (2 bytes) became a space (1 byte).
        let good = NormalizedText {
            text: "a b c".into(),
            edits: vec![Edit {
                norm: 1,
                orig: 1,
                norm_len: 1,
                orig_len: 2,
            }],
        };
        let back = decode(&packed(good.clone(), &[ta, tb, tc]), text.into()).unwrap();
        assert_eq!(back.normalized(), Some(&good));
        // Flags are a byte, whatever its value.
        assert!(back.tokens.iter().all(|t| t.flags == 0x81));
        // Tokens out of order.
        assert!(decode(&packed(good.clone(), &[tb, ta]), text.into()).is_err());
        // An edit that maps normalized offsets past the original.
        let mut bad = good.clone();
        bad.edits[0].orig_len = 3;
        assert!(decode(&packed(bad, &[ta]), text.into()).is_err());
        // Edits out of order.
        let mut bad = good;
        bad.edits.push(Edit {
            norm: 0,
            orig: 0,
            norm_len: 0,
            orig_len: 0,
        });
        assert!(decode(&packed(bad, &[ta]), text.into()).is_err());
    }

    #[test]
    fn other_bytes_are_not_taken_for_a_packed_document() {
        assert!(decode(b",\"published\":1}", "x".into()).is_err());
        assert!(decode(&[0xDB, 0x02], "x".into()).is_err());
    }
}
