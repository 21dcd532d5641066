//! Tone and substance: how a news document sounds, and whether its statements commit anyone
//! to anything.
//!
//! * [`ToneScorer`] adds the `tone` layer: document and sentence scores in the shape of
//!   GDELT's V2Tone (tone, positive %, negative %, polarity, activity density, self/group
//!   reference density, word count), from the VADER valence lexicon
//!   ([`ToneLexicon`], fetched by `scripts/fetch-lexicons.sh`; see THIRD-PARTY-DATA.md).
//!   The formulas, and what is approximated, are in the [`tone`] module docs.
//! * [`SubstanceScorer`] adds the `substance` layer: each statement of the `quotes` layer is
//!   concrete (an actor, an action and a date, number, place or named mechanism), vague
//!   (evaluations such as "productive", "shared understandings") or hedged ("might",
//!   "at least not for now"), with the evidence spans; the document gets the share of
//!   concrete statements. The rules are in the [`substance`] module docs.
//!
//! Why GDELT's shape: analysts already read V2Tone, and the exports (`dateline-export`) write
//! it into GKG rows. Why VADER: it is the one openly licensed (MIT), human-rated valence
//! lexicon shipped in a registry package; GDELT's own dictionaries are not public.
//!
//! Like every analysis crate this one does no I/O except [`ToneLexicon::load`], which the
//! edge (the pipeline's resources) calls once; scoring never panics on any text.

pub mod lexicon;
pub mod lists;
pub mod substance;
pub mod tone;

pub use lexicon::{DEFAULT_LEXICON, LexiconError, ToneLexicon};
pub use substance::SubstanceScorer;
pub use tone::ToneScorer;
