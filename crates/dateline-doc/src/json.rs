//! The JSON shape of a document, as `shared/eval/FORMAT.md` defines it.
//!
//! Offsets are converted here, and only here, from internal byte ranges to character
//! (code point) offsets. Each annotation writes its rule (and confidence, where one exists);
//! the component that built each layer is written once, under `"provenance"`.

use crate::doc::{Doc, Layer};
use crate::layers::{ActorKind, EntityLabel, Gender, MentionKind, TokenKind};
use crate::offsets::CharOffsets;
use crate::span::{Provenance, Span};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Serializes `doc` with the listed layers (those it has; others are skipped).
pub fn to_writer<W: std::io::Write>(
    writer: W,
    doc: &Doc,
    layers: &[Layer],
    pretty: bool,
) -> serde_json::Result<()> {
    let out = DocJson::new(doc, layers);
    if pretty {
        serde_json::to_writer_pretty(writer, &out)
    } else {
        serde_json::to_writer(writer, &out)
    }
}

/// A serializable view of a `Doc` restricted to some layers.
pub struct DocJson<'a> {
    doc: &'a Doc,
    layers: Vec<Layer>,
    offsets: CharOffsets<'a>,
}

impl<'a> DocJson<'a> {
    pub fn new(doc: &'a Doc, layers: &[Layer]) -> DocJson<'a> {
        DocJson {
            doc,
            layers: Layer::ALL
                .into_iter()
                .filter(|l| layers.contains(l) && doc.has_layer(*l))
                .collect(),
            offsets: CharOffsets::new(doc.text()),
        }
    }

    fn start(&self, span: Span) -> usize {
        self.offsets.char_offset(span.start as usize)
    }

    fn end(&self, span: Span) -> usize {
        self.offsets.char_offset(span.end as usize)
    }
}

/// Serializes the items an iterator-making closure yields, as a JSON array, without
/// collecting them first.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct TokenOut<'a> {
    start: usize,
    end: usize,
    kind: TokenKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    norm: Option<&'a str>,
}

#[derive(Serialize)]
struct SegmentOut {
    start: usize,
    end: usize,
    rule: &'static str,
}

/// The id an actor has in JSON output: "A" and its index.
pub fn actor_id(index: u32) -> String {
    format!("A{index}")
}

#[derive(Serialize)]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    label: EntityLabel,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct ActorOut<'a, M, E> {
    id: String,
    name: &'a str,
    kind: ActorKind,
    roles: &'a [String],
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    mentions: M,
    evidence: E,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    start: usize,
    end: usize,
    kind: MentionKind,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    start: usize,
    end: usize,
    what: &'static str,
    value: &'a str,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Speaker<'a> {
    One(&'a str),
    Many(&'a [String]),
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    start: usize,
    end: usize,
    speaker: Option<Speaker<'a>>,
    kind: &'static str,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct TimeOut<'a> {
    start: usize,
    end: usize,
    value: Option<&'a str>,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    lat: f64,
    lon: f64,
    country: Option<&'a str>,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct AmountOut<'a> {
    start: usize,
    end: usize,
    value: f64,
    unit: &'a str,
    #[serde(flatten)]
    by: &'a Provenance,
}

#[derive(Serialize)]
struct EventOut<'a> {
    start: usize,
    end: usize,
    source: &'a str,
    target: &'a str,
    code: &'a str,
    #[serde(flatten)]
    by: &'a Provenance,
}

impl Serialize for DocJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        let meta = &doc.meta;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &meta.id)?;
        m.serialize_entry("text", doc.text())?;
        if let Some(p) = &meta.published {
            m.serialize_entry("published", &p.to_string())?;
        }
        for (key, value) in [
            ("url", &meta.url),
            ("title", &meta.title),
            ("byline", &meta.byline),
            ("language", &meta.language),
            ("source", &meta.source),
        ] {
            if let Some(v) = value {
                m.serialize_entry(key, v)?;
            }
        }
        if !meta.extra.is_empty() {
            m.serialize_entry("meta", &meta.extra)?;
        }
        let provenance: std::collections::BTreeMap<&str, &Provenance> = doc
            .layer_provenance()
            .iter()
            .filter(|(l, _)| self.layers.contains(l))
            .map(|(l, p)| (l.name(), p))
            .collect();
        if !provenance.is_empty() {
            m.serialize_entry("provenance", &provenance)?;
        }
        for &layer in &self.layers {
            let key = layer.name();
            match layer {
                Layer::Tokens => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.tokens.iter().map(|t| {
                            let norm = doc.token_norm(t);
                            TokenOut {
                                start: self.start(t.span),
                                end: self.end(t.span),
                                kind: t.kind,
                                norm: (norm != doc.slice(t.span)).then_some(norm),
                            }
                        })
                    }),
                )?,
                Layer::Sentences => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.sentences.iter().map(|x| SegmentOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            rule: x.provenance.rule,
                        })
                    }),
                )?,
                Layer::Paragraphs => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.paragraphs.iter().map(|x| SegmentOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            rule: x.provenance.rule,
                        })
                    }),
                )?,
                Layer::Entities => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.entities.iter().map(|x| EntityOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            label: x.label,
                            name: &x.name,
                            actor: x.actor.map(actor_id),
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Actors => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.actors.iter().enumerate().map(|(i, a)| ActorOut {
                            id: actor_id(i as u32),
                            name: &a.name,
                            kind: a.kind,
                            roles: &a.roles,
                            country: a.country.as_deref(),
                            code: a.code.as_deref(),
                            gender: a.gender,
                            mentions: Seq(move || {
                                a.mentions.iter().map(|m| MentionOut {
                                    start: self.start(m.span),
                                    end: self.end(m.span),
                                    kind: m.kind,
                                    by: &m.provenance,
                                })
                            }),
                            evidence: Seq(move || {
                                a.evidence.iter().map(|e| EvidenceOut {
                                    start: self.start(e.span),
                                    end: self.end(e.span),
                                    what: e.what,
                                    value: &e.value,
                                    by: &e.provenance,
                                })
                            }),
                        })
                    }),
                )?,
                Layer::Quotes => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.quotes.iter().map(|x| QuoteOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            speaker: match x.speakers.as_slice() {
                                [] => None,
                                [one] => Some(Speaker::One(one)),
                                many => Some(Speaker::Many(many)),
                            },
                            kind: if x.indirect { "indirect" } else { "direct" },
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Times => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.times.iter().map(|x| TimeOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            value: x.value.as_deref(),
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Places => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.places.iter().map(|x| PlaceOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            name: &x.name,
                            lat: x.lat,
                            lon: x.lon,
                            country: x.country.as_deref(),
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Amounts => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.amounts.iter().map(|x| AmountOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            value: x.value,
                            unit: &x.unit,
                            by: &x.provenance,
                        })
                    }),
                )?,
                Layer::Events => m.serialize_entry(
                    key,
                    &Seq(|| {
                        doc.events.iter().map(|x| EventOut {
                            start: self.start(x.span),
                            end: self.end(x.span),
                            source: &x.source,
                            target: &x.target,
                            code: &x.code,
                            by: &x.provenance,
                        })
                    }),
                )?,
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Metadata, Published, Sentence};

    #[test]
    fn writes_character_offsets_and_metadata() {
        let mut meta = Metadata::with_id("doc-1");
        meta.published = Some(Published::parse("2025-08-16").unwrap());
        meta.extra.insert("publisher".into(), "Example".into());
        let text = "“Ja,” he said. Next.";
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
                provenance: Provenance::rule("sentences", "end-of-text"),
            },
        ];
        doc.mark_done(Layer::Sentences, Provenance::rule("sentences", "rules"));
        let mut out = Vec::new();
        to_writer(&mut out, &doc, &[Layer::Sentences, Layer::Quotes], false).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["id"], "doc-1");
        assert_eq!(v["published"], "2025-08-16");
        assert_eq!(v["meta"]["publisher"], "Example");
        assert_eq!(v["sentences"][0]["start"], 0);
        assert_eq!(v["sentences"][0]["end"], 14);
        assert_eq!(v["sentences"][1]["start"], 15);
        assert_eq!(v["sentences"][1]["end"], 20);
        assert_eq!(v["provenance"]["sentences"]["component"], "sentences");
        // Quotes were asked for but never built: absent, not an empty list.
        assert!(v.get("quotes").is_none());
    }
}
