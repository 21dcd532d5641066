//! The annotation types of each layer.
//!
//! Segmentation (tokens, sentences, paragraphs), entities and actors are defined here; each
//! later layer has its own module, which also writes that layer's JSON shape (see
//! [`crate::json::ToJson`]), so a stage that grows its layer touches one file.

mod amount;
mod event;
mod place;
mod quote;
mod substance;
mod time;
mod tone;

pub use amount::Amount;
pub use event::Event;
pub use place::Place;
pub use quote::Quote;
pub use substance::{Statement, Substance};
pub use time::TimeExpr;
pub use tone::{Tone, ToneScores};

use crate::span::{Provenance, Span};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a token is, as the tokenizer could tell from its characters alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods ("Elmendorf-Richardson").
    Word,
    /// A word ending in a period that belongs to it: "Mr.", "U.S.", "Jan.", the "W." of
    /// "George W. Bush".
    Abbreviation,
    /// A clitic split from its host: the "’s" of "Trump’s", the "n't" of "don't".
    Clitic,
    /// Digits with their separators: "7.2", "3,000", "1867", "24/7", "1990s".
    Number,
    /// A currency sign or other symbol: "$", "€", "%", "&", "US$".
    Symbol,
    /// A quotation mark of any style, straight or curly, single or double, or a guillemet.
    Quote,
    /// An en or em dash, or a double hyphen standing for one.
    Dash,
    /// "..." or "…".
    Ellipsis,
    /// Sentence-ending punctuation: ".", "?", "!" and runs of them ("?!").
    Terminal,
    /// Any other punctuation: commas, colons, brackets, slashes.
    Punct,
    Url,
    Email,
    /// "@handle" or "#hashtag".
    Tag,
}

/// One token. `span` is in the original text; `norm` is the same token in the document's
/// normalized text (see [`crate::Doc::normalized_text`]), where NBSPs, soft hyphens,
/// zero-width characters and typographic variants have been smoothed for matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub norm: Span,
    pub kind: TokenKind,
    pub flags: u8,
}

impl Token {
    /// White space (of any kind) stands between this token and the previous one.
    pub const SPACE_BEFORE: u8 = 1;
    /// A line break stands between this token and the previous one.
    pub const LINE_BEFORE: u8 = 2;
    /// A paragraph break stands between this token and the previous one.
    pub const PARAGRAPH_BEFORE: u8 = 4;

    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A sentence: its span, the tokens it holds, and the rule that ended it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<u32>,
    pub provenance: Provenance,
}

/// A paragraph as the text lays it out (blank lines, or line breaks in text that is not
/// hard-wrapped). Sentences never cross paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub span: Span,
    pub provenance: Provenance,
}

/// Entity labels of `FORMAT.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    Person,
    Org,
    Gpe,
    Loc,
    Fac,
    Norp,
    Event,
    Misc,
}

/// A named mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub span: Span,
    pub label: EntityLabel,
    /// The canonical name of what it refers to ("Donald Trump" for "Trump’s").
    pub name: String,
    /// Index into [`crate::Doc::actors`] of the actor it is joined to, when there is one.
    pub actor: Option<u32>,
    pub provenance: Provenance,
}

/// What kind of real-world thing an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Person,
    Organisation,
    /// A country, or its government when named by metonymy ("Moscow", "the Kremlin").
    Country,
    /// A place that acts or is acted on but is not a country (a city, a state).
    Place,
    /// A nationality or other group named by a demonym ("Ukrainians").
    Group,
}

/// Grammatical gender as far as the text tells (titles, first names, pronouns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// How a mention refers to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A name ("Donald Trump", "Trump", "NATO").
    Name,
    /// A personal or possessive pronoun resolved to the actor ("he", "his").
    Pronoun,
    /// A place or seat of power standing for a government ("Moscow", "the Kremlin").
    Metonym,
    /// A nationality word standing for a country or its people ("Russian").
    Demonym,
}

/// One mention of an actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    pub provenance: Provenance,
}

/// A span that shows a fact about an actor: `what` is "role" or "country" or "gender".
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub span: Span,
    pub what: &'static str,
    pub value: String,
    pub provenance: Provenance,
}

/// One real-world actor of a document, with every mention joined to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// The canonical name: the fullest name the text gives ("Donald Trump").
    pub name: String,
    pub kind: ActorKind,
    /// Roles as the text states them, modifiers kept ("President", "former President").
    pub roles: Vec<String>,
    /// ISO 3166-1 alpha-3 of the actor's country.
    pub country: Option<String>,
    /// CAMEO-style actor code when one can be given ("USAGOV", "IGONATO").
    pub code: Option<String>,
    pub gender: Option<Gender>,
    pub mentions: Vec<Mention>,
    pub evidence: Vec<Evidence>,
}
