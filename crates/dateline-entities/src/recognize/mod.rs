//! Finding names and labelling them.
//!
//! The recognizer works on the token layer, sentence by sentence:
//!
//! 1. **Chunks.** A name is a run of capitalized tokens, with the connectors names contain
//!    ("Bank *of* England", "Procter *&* Gamble", "Osama *bin* Laden"). A capital that only
//!    marks the start of a sentence, or a headline's capitalization, is not a name: common
//!    words there are split off unless a dictionary knows the whole chunk.
//! 2. **Titles and modifiers** at the front of a chunk are read and removed: "US President
//!    Donald Trump" is the country "US", the title "President" and the person "Donald
//!    Trump"; "former President Joe Biden" keeps "former" in the role.
//! 3. **Labels** come from evidence in a fixed order, strongest first: a title (person),
//!    the organisation lexicon, the knowledge base (countries, subdivisions, demonyms,
//!    seats of power, populated places), organisation / facility / location cue words,
//!    first names, acronyms.
//! 4. **The document** settles what one chunk alone cannot: "Trump" is a person because
//!    "Donald Trump" is; an unknown name followed by "said" is a person; the same string
//!    keeps the same label throughout.
//!
//! Rules for places (each with its rule name in the entity's provenance):
//!
//! * **Local-government units** (`admin-unit`): "DeKalb County", "Orleans Parish",
//!   "Readington Township", "County Durham" are GPE over the whole span, ahead of the
//!   first-name and name-shape rules, kept whole in headlines, with no bare "DeKalb" inside;
//!   a county's office or building ("Alachua County Sheriff", "Henry County Courthouse";
//!   rule `county-institution` or `facility-cue`) is an organisation or facility, never a
//!   person. A county that plays ("Notts County 0 York 1") is a team.
//! * **Sports reports** (`sports-team`): in a report that sport's own words mark as one, a
//!   town that plays is the side wherever the report names it, and the bare names of a
//!   results line or table are sides ("Bath 56 Sale 31"); see `document`.
//! * **Datelines** (`dateline`): a known place in capitals at the start of the document, a
//!   paragraph or a line, followed by a dash, an agency bracket, a comma or a date
//!   ("MANSFIELD —", "NEWARK, N.J. (AP) —", "WASHINGTON (Reuters) -", "LONDON
//!   1996-08-30"), is a GPE even in an all-caps headline, and a place rather than a
//!   government (`dateline_at` says what is not one: slugs, score lines).
//! * **Nested places** (`nested-place`): the town or county at the start of a facility's
//!   name ("Greer City Hall", "Long Beach Airport") is a second, overlapping GPE entity, so
//!   the places layer can map the facility (`nested_places` says which).
//! * **Demonym compounds** ([`DEMONYM_COMPOUND`]): "Cypriot-flagged", "Russian-backed",
//!   "U.S.-led": the part before the hyphen is a NORP (or a GPE for a country), its span
//!   shorter than the token; what follows starts a new name.
//! * **Surnames and words are not towns**: a one-word match of a small town (population
//!   under 100,000) is a person when the word belongs to a person's full name elsewhere in
//!   the document ("James Walker" … "Walker"; `surname-in-document`), stands next to a
//!   speech verb ("Robertson said"; `speech-verb`) or after a lowercase title
//!   ("spokesman Bell"), unless a preposition of location precedes it ("in Bell"); a
//!   given name that is also a small town ("Gloria") is the person throughout when the
//!   story writes it once where only a person stands ("their child, Gloria", "me and
//!   Isabel", "Isabel, who") and never where a place stands (`given-name`). A
//!   one-word name matched only through an alternate or loose key ("Riding" → Reading) is
//!   no place, nor is a word of up to three letters that matches a small place only with
//!   its diacritics folded ("God" → Göd). A middle initial makes a person ("Tyrise M.
//!   Bell"; `middle-initial`).
//!
//! # Layout
//!
//! The steps above share one [`Recognizer`] (the document, the dictionaries and the
//! names found so far), so each file adds its own `impl` block to it rather than
//! passing state around:
//!
//! * this file: the public types ([`Found`], [`Resolved`], [`RoleInfo`]), the public
//!   constants ([`LOCATIVES`], [`ADMIN_UNITS`], [`DEMONYM_COMPOUND`]; `actors` reads
//!   them), the token helpers every step uses and [`Recognizer::run`], which orders the
//!   passes;
//! * `chunks`: step 1, the sentence scan that cuts capitalized runs into chunks;
//! * `labels`: steps 2 and 3, titles, dictionary and knowledge-base labels, cue words
//!   and name shapes for one chunk;
//! * `document`: step 4 and the place rules that need more than one chunk (datelines,
//!   "Paris, Texas", sports teams, nested places, the settle pass);
//! * `words`: the closed word lists (connectors, cue words, pronouns) the rules consult.

mod chunks;
pub use chunks::is_particle_compound;
mod document;
mod labels;
mod words;

use crate::lexicon::Lexicon;
use dateline_doc::{Doc, EntityLabel, Token, TokenKind};
use dateline_kb::Kb;
use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use words::{FAC_CUES, PRONOUNS};

/// What a mention was resolved to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    /// An entry of the knowledge base.
    Kb(dateline_kb::EntryRef),
    /// An organisation of the lexicon (index).
    Org(u32),
    /// A name without a dictionary entry.
    Name,
}

/// A person's title as read in front of the name.
#[derive(Debug, Clone)]
pub struct RoleInfo {
    /// The role with its modifiers as written ("former President").
    pub role: String,
    /// Tokens of the role text (modifiers and title).
    pub tokens: Range<usize>,
    pub sector: String,
    pub gender: Option<dateline_doc::Gender>,
}

/// A name found in the text.
#[derive(Debug, Clone)]
pub struct Found {
    /// Token range of the name itself (titles excluded).
    pub tokens: Range<usize>,
    pub label: EntityLabel,
    pub resolved: Resolved,
    pub rule: &'static str,
    pub confidence: f32,
    /// For a person: the title in front of the name.
    pub role: Option<RoleInfo>,
    /// For a person or organisation: the tokens of the country named in front of it
    /// ("US President").
    pub country_mention: Option<Range<usize>>,
    /// A weak label the document pass may overturn.
    pub tentative: bool,
    /// The name stands where any word is capitalized (sentence start, after a colon or an
    /// opening quote): without other evidence it is dropped.
    pub initial: bool,
}

impl Found {
    /// The document pass's second reading of a name: a new label by `rule`, no dictionary
    /// entry behind it.
    pub(super) fn recast(
        &mut self,
        label: EntityLabel,
        rule: &'static str,
        confidence: f32,
        tentative: bool,
    ) {
        self.label = label;
        self.resolved = Resolved::Name;
        self.rule = rule;
        self.confidence = confidence;
        self.tentative = tentative;
    }
}

/// Local-government units named after a place: "DeKalb County", "Orleans Parish", "Readington
/// Township", "Bergen Borough"; also first, as in "County Durham". The whole name is a GPE
/// (rule `admin-unit`), ahead of first-name and name-shape rules ("Walker County", "Henry
/// County" are not people) and never split in a headline.
pub const ADMIN_UNITS: &[&str] = &["County", "Parish", "Township", "Twp.", "Borough"];

/// Prepositions after which a capital city is a place, not its government.
pub const LOCATIVES: &[&str] = &[
    "in", "at", "to", "from", "near", "outside", "inside", "across", "into", "around", "toward",
    "towards", "via", "through", "within",
];

/// Rule of a nationality or country before a hyphen and a lowercase word ("Cypriot-flagged",
/// "Russian-backed", "Greek-majority", "U.S.-led"): the entity is the part before the
/// hyphen (NORP for a nationality, GPE for a country), never a person's name.
pub const DEMONYM_COMPOUND: &str = "demonym-compound";

/// What the dictionaries say about one name: label, resolution, rule, confidence.
type DictionaryHit = (EntityLabel, Resolved, &'static str, f32);

pub struct Recognizer<'a> {
    pub doc: &'a Doc,
    pub kb: &'a Kb,
    pub lex: &'a Lexicon,
    tokens: &'a [Token],
    pub found: Vec<Found>,
    /// Knowledge-base answers per (name, word count): names repeat within a document and
    /// the same chunk is asked about from several rules.
    kb_cache: std::cell::RefCell<HashMap<(String, usize), Option<DictionaryHit>>>,
    /// Datelines found before the sentence pass ("MANSFIELD —"): token range and entry.
    datelines: Vec<(Range<usize>, dateline_kb::EntryRef)>,
    /// Running counts over the tokens for questions about long chunks, made on first need.
    counts: std::cell::OnceCell<Counts>,
}

/// Per token position p, how many tokens before p are not capitalized, are a
/// local-government unit, are a facility cue, are "of" or "for": "is every word of `i..j`
/// capitalized?" costs
/// two look-ups instead of a scan, which keeps a headline of thousands of capitalized
/// words linear (each split of it would otherwise rescan the rest).
struct Counts {
    not_cap: Vec<u32>,
    admin: Vec<u32>,
    facility: Vec<u32>,
    of_for: Vec<u32>,
    hyphen_modifier: Vec<u32>,
}

/// Ranges up to this many tokens are scanned; longer ones use [`Counts`].
const SCAN: usize = 32;

impl<'a> Recognizer<'a> {
    pub fn new(doc: &'a Doc, kb: &'a Kb, lex: &'a Lexicon) -> Recognizer<'a> {
        Recognizer {
            doc,
            kb,
            lex,
            tokens: &doc.tokens,
            found: Vec::new(),
            kb_cache: std::cell::RefCell::new(HashMap::new()),
            datelines: Vec::new(),
            counts: std::cell::OnceCell::new(),
        }
    }

    fn counts(&self) -> &Counts {
        self.counts.get_or_init(|| {
            let n = self.tokens.len();
            let mut c = Counts {
                not_cap: Vec::with_capacity(n + 1),
                admin: Vec::with_capacity(n + 1),
                facility: Vec::with_capacity(n + 1),
                of_for: Vec::with_capacity(n + 1),
                hyphen_modifier: Vec::with_capacity(n + 1),
            };
            let (mut a, mut b, mut f, mut o, mut h) = (0u32, 0u32, 0u32, 0u32, 0u32);
            for k in 0..n {
                c.not_cap.push(a);
                c.admin.push(b);
                c.facility.push(f);
                c.of_for.push(o);
                c.hyphen_modifier.push(h);
                a += u32::from(!self.is_cap(k));
                b += u32::from(self.is_admin_unit(k));
                f += u32::from(FAC_CUES.contains(&self.word(k)));
                o += u32::from(matches!(self.word(k), "of" | "for"));
                h += u32::from(self.hyphen_modifier(k));
            }
            c.not_cap.push(a);
            c.admin.push(b);
            c.facility.push(f);
            c.of_for.push(o);
            c.hyphen_modifier.push(h);
            c
        })
    }

    /// Every token of `i..j` is capitalized.
    fn all_cap(&self, i: usize, j: usize) -> bool {
        if j <= i + SCAN {
            return (i..j).all(|k| self.is_cap(k));
        }
        let c = self.counts();
        c.not_cap[j] == c.not_cap[i]
    }

    /// Some token of `i..j` is a local-government unit ("County").
    fn any_admin_unit(&self, i: usize, j: usize) -> bool {
        if j <= i + SCAN {
            return (i..j).any(|k| self.is_admin_unit(k));
        }
        let c = self.counts();
        c.admin[j] > c.admin[i]
    }

    /// Some token of `i..j` is "of" or "for".
    fn any_of_for(&self, i: usize, j: usize) -> bool {
        if j <= i + SCAN {
            return (i..j).any(|k| matches!(self.word(k), "of" | "for"));
        }
        let c = self.counts();
        c.of_for[j] > c.of_for[i]
    }

    /// Some token of `i..j` is a place's hyphenated modifier ("Boston-based").
    fn any_hyphen_modifier(&self, i: usize, j: usize) -> bool {
        if j <= i + SCAN {
            return (i..j).any(|k| self.hyphen_modifier(k));
        }
        let c = self.counts();
        c.hyphen_modifier[j] > c.hyphen_modifier[i]
    }

    /// Some token of `i..j` is a facility cue ("Airport").
    fn any_facility_cue(&self, i: usize, j: usize) -> bool {
        if j <= i + SCAN {
            return (i..j).any(|k| FAC_CUES.contains(&self.word(k)));
        }
        let c = self.counts();
        c.facility[j] > c.facility[i]
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.doc.token_norm(&self.tokens[i])
    }

    fn is_cap(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if !matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation) {
            return false;
        }
        let w = self.word(i);
        let first = w.chars().next().unwrap_or(' ');
        first.is_uppercase() && !PRONOUNS.contains(&w)
    }

    /// "County", "Parish", … (any case: "DEKALB COUNTY").
    fn is_admin_unit(&self, i: usize) -> bool {
        let w = self.word(i);
        ADMIN_UNITS.iter().any(|a| a.eq_ignore_ascii_case(w))
    }

    fn is_all_caps(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    }

    /// Runs over the whole document.
    pub fn run(mut self) -> Vec<Found> {
        self.datelines = (0..self.tokens.len())
            .filter(|&i| {
                i == 0
                    || self.tokens[i].has(Token::PARAGRAPH_BEFORE)
                    || self.tokens[i].has(Token::LINE_BEFORE)
            })
            .filter_map(|i| self.dateline_at(i))
            .collect();
        for s in &self.doc.sentences {
            let (a, b) = (s.tokens.start as usize, s.tokens.end as usize);
            self.sentence(a, b);
        }
        self.found.sort_by_key(|f| f.tokens.start);
        self.containers();
        // Sports reports first asked once: most documents are none, and skip both passes.
        if self.sports_report() {
            self.sports_teams();
            self.sports_rows();
        }
        self.storm_names();
        self.settle();
        self.found.retain(|f| f.rule != "drop");
        self.company_short_names();
        self.shouted_echoes();
        self.nested_places();
        self.found.sort_by_key(|f| f.tokens.start);
        self.found
    }

    /// Joins the normalized words of tokens `r` with single spaces (none before a possessive
    /// written against its word).
    pub fn text(&self, r: Range<usize>) -> String {
        let mut s = String::new();
        for i in r {
            let w = self.word(i);
            // A possessive is written against its word: "People's Republic of China".
            let joined = matches!(w, "'s" | "’s") && !self.tokens[i].has(Token::SPACE_BEFORE);
            if !s.is_empty() && !joined {
                s.push(' ');
            }
            s.push_str(w);
        }
        s
    }

    /// The dateline found before the sentence pass that starts at token `i` (they are found
    /// in token order, so a binary search finds it).
    fn dateline_starting(&self, i: usize) -> Option<(Range<usize>, dateline_kb::EntryRef)> {
        let at = self.datelines.partition_point(|(r, _)| r.start < i);
        self.datelines
            .get(at)
            .filter(|(r, _)| r.start == i)
            .cloned()
    }

    fn push(&mut self, f: Found) -> usize {
        self.found.push(f);
        self.found.len() - 1
    }
}
