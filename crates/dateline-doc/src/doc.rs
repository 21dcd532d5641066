//! [`Doc`]: one document, its text, metadata and annotation layers.

use crate::layers::{
    Actor, Amount, Entity, Event, Paragraph, Place, Quote, Sentence, Substance, TimeExpr, Token,
    Tone,
};
use crate::meta::Metadata;
use crate::norm::NormalizedText;
use crate::span::{Provenance, Span};

/// The largest text a `Doc` takes. Spans are `u32`; well below that, a "document" of
/// hundreds of megabytes is a corpus in one file, which readers should split, not a news
/// article.
pub const MAX_DOC_BYTES: usize = 256 * 1024 * 1024;

/// Why a text cannot become a `Doc`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocError {
    #[error("document is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
}

/// The annotation layers a pipeline can add, in the order they are usually built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Tokens,
    Sentences,
    Paragraphs,
    Entities,
    Actors,
    Quotes,
    Times,
    Places,
    Amounts,
    Events,
    Tone,
    Substance,
}

impl Layer {
    pub const ALL: [Layer; 12] = [
        Layer::Tokens,
        Layer::Sentences,
        Layer::Paragraphs,
        Layer::Entities,
        Layer::Actors,
        Layer::Quotes,
        Layer::Times,
        Layer::Places,
        Layer::Amounts,
        Layer::Events,
        Layer::Tone,
        Layer::Substance,
    ];

    /// The layer's name in the CLI and in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Paragraphs => "paragraphs",
            Layer::Entities => "entities",
            Layer::Actors => "actors",
            Layer::Quotes => "quotes",
            Layer::Times => "times",
            Layer::Places => "places",
            Layer::Amounts => "amounts",
            Layer::Events => "events",
            Layer::Tone => "tone",
            Layer::Substance => "substance",
        }
    }

    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }

    #[inline]
    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// One document and everything known about it.
///
/// The original text is immutable once the `Doc` exists: every layer's spans index into it.
/// Components add layers through the public fields and record that they did with
/// [`Doc::mark_done`].
#[derive(Debug, Clone)]
pub struct Doc {
    pub meta: Metadata,
    text: String,
    normalized: Option<NormalizedText>,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Paragraph>,
    pub entities: Vec<Entity>,
    pub actors: Vec<Actor>,
    pub quotes: Vec<Quote>,
    pub times: Vec<TimeExpr>,
    pub places: Vec<Place>,
    pub amounts: Vec<Amount>,
    pub events: Vec<Event>,
    /// Document and sentence tone (the `tone` layer).
    pub tone: Option<Tone>,
    /// Concrete versus vague statements (the `substance` layer).
    pub substance: Option<Substance>,
    done: u16,
    layer_provenance: Vec<(Layer, Provenance)>,
}

impl Doc {
    pub fn new(meta: Metadata, text: String) -> Result<Doc, DocError> {
        if text.len() > MAX_DOC_BYTES {
            return Err(DocError::TooLarge {
                size: text.len(),
                limit: MAX_DOC_BYTES,
            });
        }
        Ok(Doc {
            meta,
            text,
            normalized: None,
            tokens: Vec::new(),
            sentences: Vec::new(),
            paragraphs: Vec::new(),
            entities: Vec::new(),
            actors: Vec::new(),
            quotes: Vec::new(),
            times: Vec::new(),
            places: Vec::new(),
            amounts: Vec::new(),
            events: Vec::new(),
            tone: None,
            substance: None,
            done: 0,
            layer_provenance: Vec::new(),
        })
    }

    /// The text exactly as read.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text with typographic variants smoothed (see `dateline_text::normalize`). Equal
    /// to [`Doc::text`] until a normalizer has run or when nothing needed smoothing.
    #[inline]
    pub fn normalized_text(&self) -> &str {
        self.normalized.as_ref().map_or(&self.text, |n| &n.text)
    }

    /// Installs the normalized view. `None` means the text needed no normalization.
    pub fn set_normalized(&mut self, normalized: Option<NormalizedText>) {
        self.normalized = normalized;
    }

    pub fn normalized(&self) -> Option<&NormalizedText> {
        self.normalized.as_ref()
    }

    /// The original text under a span.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// A token's normalized form ("Trump's" for "Trump’s").
    #[inline]
    pub fn token_norm(&self, token: &Token) -> &str {
        &self.normalized_text()[token.norm.range()]
    }

    pub fn has_layer(&self, layer: Layer) -> bool {
        self.done & layer.bit() != 0
    }

    /// Records that `layer` is complete, and which component built it.
    pub fn mark_done(&mut self, layer: Layer, provenance: Provenance) {
        self.done |= layer.bit();
        self.layer_provenance.retain(|(l, _)| *l != layer);
        self.layer_provenance.push((layer, provenance));
    }

    /// The layers present, in [`Layer`] order.
    pub fn layers(&self) -> impl Iterator<Item = Layer> + '_ {
        Layer::ALL.into_iter().filter(|l| self.has_layer(*l))
    }

    /// Which component built each layer (per-layer provenance; annotations add their own
    /// rule where it varies).
    pub fn layer_provenance(&self) -> &[(Layer, Provenance)] {
        &self.layer_provenance
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize]
    }
    /// The tokens each span covers (those that end after its start and start before its
    /// end), as ranges of token indexes, in the spans' order. The spans are visited in text
    /// order and the tokens walked forward once, instead of a binary search per span: on a
    /// long document the token array does not fit a cache, and a search per mention was
    /// most of the cost of the layers that map many spans to tokens.
    pub fn token_ranges(&self, spans: &[Span]) -> Vec<std::ops::Range<usize>> {
        let mut order: Vec<u32> = (0..spans.len() as u32).collect();
        order.sort_by_key(|&i| spans[i as usize].start);
        let mut out = vec![0..0; spans.len()];
        let mut a = 0;
        for &i in &order {
            let span = spans[i as usize];
            while a < self.tokens.len() && self.tokens[a].span.end <= span.start {
                a += 1;
            }
            // Tokens before `a` end at or before the span's start, so none of them starts
            // at or after its end: the end is found walking on from `a`.
            let mut b = a;
            while b < self.tokens.len() && self.tokens[b].span.start < span.end {
                b += 1;
            }
            out[i as usize] = a..b;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_names_round_trip() {
        for l in Layer::ALL {
            assert_eq!(Layer::from_name(l.name()), Some(l));
        }
        assert_eq!(Layer::from_name("nonsense"), None);
    }

    #[test]
    fn marks_layers_done_once() {
        let mut doc = Doc::new(Metadata::with_id("a"), "Text.".into()).unwrap();
        assert!(!doc.has_layer(Layer::Tokens));
        let p = Provenance::rule("tokenizer", "rules-v1");
        doc.mark_done(Layer::Tokens, p);
        doc.mark_done(Layer::Tokens, p);
        assert!(doc.has_layer(Layer::Tokens));
        assert_eq!(doc.layer_provenance().len(), 1);
        assert_eq!(doc.layers().collect::<Vec<_>>(), vec![Layer::Tokens]);
    }
}
