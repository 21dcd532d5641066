//! Steps 2 and 3: what one chunk is.
//!
//! Separate because these rules look at a single chunk and its immediate neighbours
//! only; they hold the evidence order (strongest first) that decides a label.
//! [`Recognizer::classify`] reads a country or nationality and a title at the front
//! ("US President Donald Trump"), then labels the rest from the organisation lexicon and
//! the knowledge base ([`Recognizer::dictionary`], cached per document), from cue words
//! ([`Recognizer::cue_label`]: "… Corp.", "… County", "… River") and, failing those, from
//! the shape of the name (initials, first names, acronyms). Weak labels are marked
//! tentative for the document pass.

use super::words::{
    COMPASS_WORDS, DISEASE_HEADS, EVENT_CUES, FAC_PREFIXES, LANGUAGE_CONTEXT, LOC_CUES,
    PLACE_NOUNS, PORTFOLIO_OFFICES, PORTFOLIO_WORDS, STORM_MODIFIERS, STORM_WORDS,
    SURNAME_FAC_CUES, WORK_CUES,
};
use super::{DictionaryHit, Found, Recognizer, Resolved, RoleInfo};
use crate::lexicon::{CuePosition, Title};
use dateline_doc::{EntityLabel, TokenKind};
use dateline_kb::{Entry, SeatKind};
use foldhash::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// Every name of [`dateline_kb::tables::REGIONS`].
static REGION_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    dateline_kb::tables::REGIONS
        .iter()
        .flat_map(|(names, ..)| names.iter().copied())
        .collect()
});

/// The most tokens a name in the knowledge base can span. Its longest name has 26 words
/// (an alternate name of Bangkok in GeoNames: "Krung Thep Maha Nakhon Amon Rattanakosin
/// …"); a chunk of n tokens reads as a key of at least n − 1 words (one leading "the" is
/// dropped, tokens hold no spaces, hyphens only split further), so no chunk longer than
/// 27 tokens can match. 40 leaves room for a larger gazetteer; no news name comes close.
const MAX_DICTIONARY_TOKENS: usize = 40;

/// Abbreviations of common nouns, written in capitals but naming nothing: "IQ", "GDP",
/// "CEO", "DNA", "TV".
const COMMON_ACRONYMS: &[&str] = &[
    "IQ", "GDP", "GNP", "CEO", "CFO", "COO", "DNA", "RNA", "TV", "PC", "HQ", "PDF", "USB", "ATM",
    "IVF", "CCTV", "SUV", "VAT",
];

/// The rule of a storm's name ("Cyclone Phailin"), and of the name alone after it.
pub(super) const STORM: &str = "storm";

/// Letters written after a person's name for an honour, a rank at the bar or a degree.
const POST_NOMINALS: &[&str] = &[
    "QC", "KC", "SC", "MP", "MEP", "MSP", "MD", "PhD", "OBE", "MBE", "CBE", "KBE", "DBE", "JP",
    "RN", "FRS", "CPA", "Esq",
];

impl<'a> Recognizer<'a> {
    /// A title (with capitalized modifiers) at the start of `i..j`: its end and entry.
    pub(super) fn title_prefix(&self, i: usize, j: usize) -> Option<(usize, &'a Title)> {
        // "Queen Anne's County", "King's College": a dedication, no titled person.
        // (The possessive is among the first few words: a long run is not rescanned.)
        if j > i + 2
            && let Some(p) = (i + 1..j.min(i + 4)).find(|&k| matches!(self.word(k), "'s" | "’s"))
            && (p + 1..j.min(p + 5))
                .any(|k| super::chunks::DEDICATION_HEADS.contains(&self.word(k)))
        {
            return None;
        }
        let mut k = i;
        // "Deputy Foreign Minister", "Former President": capitalized modifiers.
        while k < j
            && self.lex.is_title_modifier(self.word(k))
            && self.lex.title_at(&[self.word(k)]).is_none()
        {
            k += 1;
        }
        // No title is longer than the lexicon's longest: the words after it are not read.
        let words: Vec<&str> = (k..j)
            .take(self.lex.longest_title())
            .map(|x| self.word(x))
            .collect();
        if let Some(title) = self.lex.title_at(&words) {
            return Some((k + title.words.len(), title));
        }
        self.portfolio_title(k, j)
    }

    /// "Foreign Affairs Adviser", "Public Works Minister": portfolio words, then an
    /// office, then at least one more token (the name) in the chunk. The office's entry
    /// gives the role.
    fn portfolio_title(&self, i: usize, j: usize) -> Option<(usize, &'a Title)> {
        let mut k = i;
        while k < j && k < i + 5 {
            let w = self.word(k);
            if PORTFOLIO_WORDS.contains(&w) || (k > i && matches!(w, "and" | "&")) {
                k += 1;
            } else {
                break;
            }
        }
        if k == i || k + 1 >= j || matches!(self.word(k - 1), "and" | "&") {
            return None;
        }
        let office = self.word(k);
        if !PORTFOLIO_OFFICES.contains(&office) {
            return None;
        }
        let title = self
            .lex
            .title_at(&[office])
            .filter(|t| t.words.len() == 1)?;
        Some((k + 1, title))
    }

    /// A dictionary match for exactly these tokens: the organisation lexicon or the KB.
    pub(super) fn dictionary(
        &self,
        r: Range<usize>,
    ) -> Option<(EntityLabel, Resolved, &'static str, f32)> {
        // A run longer than any name the dictionaries hold is none of them (a headline in
        // capitals can be thousands of words long: no text is built, nothing is cached).
        if r.len() > MAX_DICTIONARY_TOKENS.max(self.lex.longest_org_name() + 1) {
            return None;
        }
        let name = self.text(r.clone());
        if let Some((i, _)) = self.lex.org(&name) {
            return Some((EntityLabel::Org, Resolved::Org(i), "org-lexicon", 0.95));
        }
        // "the West Bank", "Darfur", "the Mideast": a region no gazetteer source lists,
        // whose last word may look like an organisation's ("Bank").
        if REGION_NAMES.contains(name.as_str()) {
            return Some((EntityLabel::Loc, Resolved::Name, "region", 0.85));
        }
        // "Kurdish rebels", "Moslem villages": a people or faith with no country.
        if r.len() == 1 && self.lex.is_group(&name) {
            return Some((EntityLabel::Norp, Resolved::Name, "group-word", 0.85));
        }
        self.kb_label(&name, r.len())
    }

    fn kb_label(&self, name: &str, len: usize) -> Option<DictionaryHit> {
        let key = (name.to_string(), len);
        if let Some(hit) = self.kb_cache.borrow().get(&key) {
            return *hit;
        }
        let hit = self.kb_label_uncached(name, len);
        self.kb_cache.borrow_mut().insert(key, hit);
        hit
    }

    fn kb_label_uncached(&self, name: &str, len: usize) -> Option<DictionaryHit> {
        let hits = self.kb.lookup(name);
        // A one-word name that is also a common word ("Western", "Union") is only a
        // country or nationality on its own.
        let common = len == 1
            && (self.lex.is_common(name)
                || matches!(
                    name,
                    "Western" | "Eastern" | "Northern" | "Southern" | "Central"
                ));
        let mut best: Option<(EntityLabel, Resolved, &'static str, f32)> = None;
        for hit in hits {
            let entry = self.kb.entry(hit.entry);
            if common && !matches!(entry, Entry::Country(_) | Entry::Demonym(_)) {
                continue;
            }
            let candidate = match entry {
                Entry::Country(_) => (EntityLabel::Gpe, "kb-country", 0.95),
                Entry::Subdivision(s) if s.level == 1 => (EntityLabel::Gpe, "kb-subdivision", 0.85),
                Entry::Subdivision(_) => (EntityLabel::Gpe, "kb-subdivision", 0.6),
                Entry::Continent(_) => (EntityLabel::Loc, "kb-continent", 0.9),
                Entry::Demonym(_) => (EntityLabel::Norp, "kb-demonym", 0.9),
                Entry::Seat(s) => match s.kind {
                    SeatKind::Building | SeatKind::Institution => {
                        (EntityLabel::Org, "kb-seat", 0.85)
                    }
                    SeatKind::Capital | SeatKind::IgoSeat => (EntityLabel::Gpe, "kb-seat", 0.9),
                },
                Entry::Place(_) if len == 1 && (hit.alternate || hit.loose) => continue,
                // "God" is not Göd, "CAT" not Çat: a short word that matches a small place
                // only with its diacritics folded is an English word ("Bogota" for Bogotá,
                // "Pulawy" for Puławy stay).
                Entry::Place(p)
                    if len == 1
                        && name.chars().count() <= 3
                        && p.population < 100_000
                        && !p.name.eq_ignore_ascii_case(name) =>
                {
                    continue;
                }
                Entry::Place(p) => {
                    // Small places share names with everything; only exact,
                    // display-name matches of sizeable places count for much.
                    let conf = match p.population {
                        n if n >= 100_000 => 0.85,
                        n if n >= 15_000 => 0.7,
                        _ => 0.45,
                    };
                    // "Bush" is not Būsh: one word that matches a place only with the
                    // place's diacritics folded away counts as little as an alternate name.
                    let folded = len == 1 && !p.name.eq_ignore_ascii_case(name);
                    let conf = if hit.alternate || hit.loose || folded {
                        conf - 0.15
                    } else {
                        conf
                    };
                    if len == 1 && conf < 0.5 {
                        continue;
                    }
                    (EntityLabel::Gpe, "kb-place", conf)
                }
            };
            if best.as_ref().is_none_or(|b| candidate.2 > b.3) {
                best = Some((
                    candidate.0,
                    Resolved::Kb(hit.entry),
                    candidate.1,
                    candidate.2,
                ));
            }
        }
        best
    }

    /// Labels the chunk `i..j` (titles and country modifiers first).
    pub(super) fn classify(&mut self, i: usize, j: usize, initial: bool, headline: bool) {
        // "(D-Conn.)", "(R-S.C.)": a state's abbreviation in a politician's party tag is
        // for the places layer, which knows the abbreviations; no name of its own.
        if j == i + 1 && self.tokens[i].kind == TokenKind::Abbreviation && self.party_tag_before(i)
        {
            return;
        }
        // "US President Donald Trump", "Russian President Vladimir Putin".
        let mut country_mention = None;
        let mut start = i;
        // Also "Australian Tom Moody", "Mexican Ariel Cruz": a nationality before a name.
        // Not before a name its cue word makes an organisation's: "Iraqi National
        // Congress", "American Stock Exchange" are one name each.
        if j - i >= 2
            && self.dictionary(i..j).is_none()
            && !self.is_admin_unit(j - 1)
            && let Some((label @ (EntityLabel::Gpe | EntityLabel::Norp), resolved, rule, conf)) =
                self.kb_label(self.word(i), 1)
            && (self.title_prefix(i + 1, j).is_some()
                || label == EntityLabel::Norp
                    && self.dictionary(i + 1..j).is_none()
                    && !self
                        .cue_label(i + 1, j)
                        .is_some_and(|c| c.0 == EntityLabel::Org))
        {
            self.push(Found {
                tokens: i..i + 1,
                label,
                resolved,
                rule,
                confidence: conf,
                role: None,
                country_mention: None,
                tentative: false,
                initial: false,
            });
            country_mention = Some(i..i + 1);
            start = i + 1;
        }
        // "Panamanian Boxing Association President Ramon Manzanares", "Cofinec CEO
        // Stephen Frater": a title inside the chunk splits it into what the person
        // belongs to and the person.
        if self.title_prefix(start, j).is_none()
            && let Some(k) = (start + 1..j.saturating_sub(1)).find(|&k| {
                self.title_prefix(k, j)
                    .is_some_and(|(end, t)| end < j && !t.role.is_empty())
            })
        {
            self.chunk(start, k, false, headline);
            self.classify(k, j, false, headline);
            return;
        }
        if let Some((end, title)) = self.title_prefix(start, j) {
            let role = self.role_info(start, end, title);
            if end >= j {
                return;
            }
            // "President of Russia": the role's country.
            if self.word(end) == "of" {
                if let Some((label, resolved, rule, conf)) = self.dictionary(end + 1..j) {
                    let idx = self.push(Found {
                        tokens: end + 1..j,
                        label,
                        resolved,
                        rule,
                        confidence: conf,
                        role: None,
                        country_mention: None,
                        tentative: false,
                        initial: false,
                    });
                    let _ = idx;
                }
                return;
            }
            // "Sen. Lamar Alexander of Tennessee", "Del. Stacey Plaskett of the Virgin
            // Islands", "Rep. Jane Doe for the committee": after the title's name, "of" or
            // "for" says where the person comes from or what they speak for; the name
            // stops there and the rest is a name of its own.
            let stop = (end + 1..j).find(|&k| matches!(self.word(k), "of" | "for"));
            self.push(Found {
                tokens: end..stop.unwrap_or(j),
                label: EntityLabel::Person,
                resolved: Resolved::Name,
                rule: "title",
                confidence: 0.9,
                role: Some(role),
                country_mention,
                tentative: false,
                initial: false,
            });
            if let Some(k) = stop {
                let rest = if k + 1 < j && self.word(k + 1) == "the" {
                    k + 2
                } else {
                    k + 1
                };
                if rest < j {
                    self.chunk(rest, j, false, headline);
                }
            }
            return;
        }
        // "quipping in English", "speaks Spanish": a language, not a nationality. Not before
        // a noun the word describes ("in Egyptian internal affairs", "from Syrian
        // rebels").
        let describes_next = self.tokens.get(j).is_some_and(|t| {
            let w = self.doc.token_norm(t);
            t.kind == TokenKind::Word
                && w.starts_with(|c: char| c.is_lowercase())
                && !matches!(
                    w,
                    "and"
                        | "or"
                        | "but"
                        | "as"
                        | "to"
                        | "that"
                        | "on"
                        | "at"
                        | "with"
                        | "for"
                        | "by"
                        | "about"
                        | "during"
                        | "in"
                        | "from"
                        | "when"
                        | "while"
                        | "after"
                        | "before"
                        | "since"
                        | "until"
                        | "because"
                        | "if"
                        | "than"
                        | "which"
                        | "who"
                        | "where"
                        | "so"
                        | "of"
                        | "is"
                        | "was"
                        | "are"
                        | "were"
                )
                && !w.ends_with("ly")
        });
        // The second of two: "in English and Spanish".
        let language_at = |k: usize| {
            k > 0
                && LANGUAGE_CONTEXT.contains(&self.word(k - 1).to_lowercase().as_str())
                && matches!(self.dictionary(k..k + 1), Some((EntityLabel::Norp, ..)))
        };
        let after_language =
            start >= 3 && matches!(self.word(start - 1), "and" | "or") && language_at(start - 2);
        if j - start == 1
            && start > 0
            && !describes_next
            && (language_at(start)
                || after_language
                    && matches!(self.dictionary(start..j), Some((EntityLabel::Norp, ..))))
        {
            self.push(Found {
                tokens: start..j,
                label: EntityLabel::Misc,
                resolved: Resolved::Name,
                rule: "language",
                confidence: 0.7,
                role: None,
                country_mention: None,
                tentative: false,
                initial: false,
            });
            return;
        }
        if let Some((label, resolved, rule, confidence)) = self.dictionary(start..j) {
            // "coach Ripley", "spokesman Bell": a small town's name after a lowercase title
            // is the person's surname.
            if rule == "kb-place"
                && confidence < 0.85
                && j - start == 1
                && let Some(role) = self.lowercase_title_before(start)
            {
                self.push(Found {
                    tokens: start..j,
                    label: EntityLabel::Person,
                    resolved: Resolved::Name,
                    rule: "title",
                    confidence: 0.8,
                    role: Some(role),
                    country_mention,
                    tentative: false,
                    initial: false,
                });
                return;
            }
            self.push(Found {
                tokens: start..j,
                label,
                resolved,
                rule,
                confidence,
                role: None,
                country_mention,
                tentative: confidence < 0.6,
                initial: false,
            });
            return;
        }
        // "in Robbinsdale", "Lumpkin, Ga.", "Betty Kneasel of Myerstown": a town too small
        // for its name alone to count, where the words around it say it is a place.
        if j - start == 1
            && !self.lex.is_common(self.word(start))
            && self.kb.first_name_gender(self.word(start)).is_none()
            && self.locative_context(start, j)
            && let Some(id) = self.small_town(self.word(start))
        {
            self.push(Found {
                tokens: start..j,
                label: EntityLabel::Gpe,
                resolved: Resolved::Kb(id),
                rule: "kb-small-place",
                confidence: 0.6,
                role: None,
                country_mention,
                tentative: false,
                initial: false,
            });
            return;
        }
        // "the village of Umm al-Kheir", "the town of Bakhmut": a place the dictionaries
        // lack, never a person's name.
        if start >= 2 && self.word(start - 1) == "of" && PLACE_NOUNS.contains(&self.word(start - 2))
        {
            self.push(Found {
                tokens: start..j,
                label: EntityLabel::Gpe,
                resolved: Resolved::Name,
                rule: "place-noun",
                confidence: 0.8,
                role: None,
                country_mention,
                tentative: false,
                initial: false,
            });
            return;
        }
        let Some((label, rule, confidence, tentative)) = self.shape_label(start, j, headline)
        else {
            return;
        };
        self.push(Found {
            tokens: start..j,
            label,
            resolved: Resolved::Name,
            rule,
            confidence,
            role: self.lowercase_title_before(start),
            country_mention,
            tentative,
            initial: initial && j - start == 1,
        });
    }

    /// The words around tokens `i..j` say they name a place: a preposition of place before
    /// ("in", "near", "outside"), "of" after a person's name ("Spencer Lewis of Bethel"),
    /// or a comma and a state or country after ("Lumpkin, Ga.", "Bethel, Vt.",
    /// "Wintersville, Ohio").
    pub(super) fn locative_context(&self, i: usize, j: usize) -> bool {
        if i > 0 && matches!(self.word(i - 1), "in" | "near" | "outside") {
            return true;
        }
        // "State Rep. Jay Roberts (R-Ocilla)": the town a legislator's party tag names.
        if self.party_tag_before(i) {
            return true;
        }
        if i >= 2
            && self.word(i - 1) == "of"
            && self.found.last().is_some_and(|f| {
                f.label == EntityLabel::Person && f.tokens.end == i - 1 && f.confidence >= 0.7
            })
        {
            return true;
        }
        if j + 1 < self.tokens.len() && self.word(j) == "," && self.is_cap(j + 1) {
            let next = self.word(j + 1);
            // "Ga.", "Ariz.", but not "Smith, Jr.".
            let abbreviation =
                next.ends_with('.') && next.len() <= 6 && !matches!(next, "Jr." | "Sr.");
            let region = self.kb.lookup(next).into_iter().any(|h| {
                !h.alternate
                    && !h.loose
                    && match self.kb.entry(h.entry) {
                        Entry::Country(_) => true,
                        Entry::Subdivision(s) => s.level == 1,
                        _ => false,
                    }
            });
            return abbreviation || region;
        }
        false
    }

    /// The role text: lowercase modifiers before the chunk ("former") plus the title.
    fn role_info(&self, start: usize, end: usize, title: &Title) -> RoleInfo {
        let mut from = start;
        while from > 0
            && self.tokens[from - 1].kind == TokenKind::Word
            && self.lex.is_title_modifier(self.word(from - 1))
            && self
                .word(from - 1)
                .chars()
                .all(|c| c.is_lowercase() || c == '-')
        {
            from -= 1;
        }
        let mut role: Vec<&str> = (from..start).map(|k| self.word(k)).collect();
        // "former US President": "former" stands before the country word, which is not
        // part of the role text but does not end the modifiers either.
        if from == start
            && from >= 2
            && matches!(self.word(from - 2), "former" | "ex")
            && self
                .word(from - 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            role.push("former");
        }
        // Capitalized modifiers inside the chunk ("Deputy") are part of the role text.
        let title_start = end - title.words.len();
        role.extend((start..title_start).map(|k| self.word(k)));
        role.push(if title.role.is_empty() {
            ""
        } else {
            &title.role
        });
        let role = role
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        RoleInfo {
            role,
            tokens: from..end,
            sector: title.sector.clone(),
            gender: title.gender,
        }
    }

    /// Token `i` follows a US politician's party letter in brackets: "(R-", "(D-", "(I-".
    pub(super) fn party_tag_before(&self, i: usize) -> bool {
        i >= 3
            && self.word(i - 1) == "-"
            && matches!(self.word(i - 2), "R" | "D" | "I")
            && self.word(i - 3) == "("
    }

    /// "spokesman John Kirby": a lowercase title right before the name.
    fn lowercase_title_before(&self, start: usize) -> Option<RoleInfo> {
        let k = start.checked_sub(1)?;
        let title = self.lex.title_at(&[self.word(k)])?;
        if title.words.len() != 1 {
            return None;
        }
        Some(self.role_info(k, start, title))
    }

    /// A label from the cue words of a name ("… Corp.", "Bank of …", "… River").
    pub(super) fn cue_label(&self, i: usize, j: usize) -> Option<(EntityLabel, &'static str, f32)> {
        let last = self.word(j - 1);
        let first = self.word(i);
        // "King's College London", "St. Peter's Square": a dedication is what its kind of
        // place or institution says.
        if j > i + 2
            && let Some(p) = (i + 1..j.min(i + 4)).find(|&k| matches!(self.word(k), "'s" | "’s"))
            && let Some(head) = (p + 1..j.min(p + 5))
                .map(|k| self.word(k))
                .find(|w| super::chunks::DEDICATION_HEADS.contains(w))
        {
            let label = match head {
                "County" | "Parish" => EntityLabel::Gpe,
                "Island" | "Bay" => EntityLabel::Loc,
                "College" | "University" | "School" | "Academy" | "Hospital" => EntityLabel::Org,
                _ => EntityLabel::Fac,
            };
            return Some((label, "dedication", 0.8));
        }
        // Only when every word is capitalized: "March for Babies of DeKalb County" is not.
        let all_cap = self.all_cap(i, j);
        // "Queen Anne's County": capitalized but for its possessive.
        let dedication =
            || j - i <= 6 && (i..j).all(|k| self.is_cap(k) || matches!(self.word(k), "'s" | "’s"));
        if (all_cap || dedication()) && j - i >= 2 && self.is_admin_unit(j - 1)
            || all_cap && j - i == 2 && first == "County" && self.lex.org_cue(last).is_none()
        {
            return Some((EntityLabel::Gpe, "admin-unit", 0.85));
        }
        // "Alachua County Sheriff", "Henry County Courthouse", "Tarrant County Public
        // Health": an office or building of a county, never a person.
        let institution = j - i >= 3 && self.any_admin_unit(i + 1, j - 1);
        if institution && self.any_facility_cue(i + 1, j) {
            return Some((EntityLabel::Fac, "facility-cue", 0.75));
        }
        if institution && self.lex.org_cue(last).is_none() {
            return Some((EntityLabel::Org, "county-institution", 0.7));
        }
        if let Some(CuePosition::Head | CuePosition::Any) = self.lex.org_cue(last)
            && j - i >= 2
        {
            return Some((EntityLabel::Org, "org-cue", 0.8));
        }
        if j - i >= 3
            && matches!(self.word(i + 1), "of" | "for")
            && let Some(CuePosition::Prefix | CuePosition::Any) = self.lex.org_cue(first)
        {
            return Some((EntityLabel::Org, "org-cue", 0.8));
        }
        // "National Bank of Poland", "Chicago Board of Trade", "Medical Journal of
        // Australia": the cue word stands right before the name's first "of" or "for",
        // after capitalized words of its own. A short rest may have its own "of" or "for"
        // ("Australian Centre for Control of Iodine Deficiency Disorders").
        let short_rest = |a: usize, b: usize| {
            b - a <= 8
                && (a..b).all(|x| {
                    self.is_cap(x)
                        || (x > a && x + 1 < b && matches!(self.word(x), "of" | "for" | "and"))
                })
        };
        if j - i >= 4
            && let Some(k) =
                (i + 2..(j - 1).min(i + 8)).find(|&k| matches!(self.word(k), "of" | "for"))
            && self.all_cap(i, k)
            && (self.all_cap(k + 1, j) || short_rest(k + 1, j))
            && let Some(CuePosition::Prefix | CuePosition::Any) = self.lex.org_cue(self.word(k - 1))
        {
            return Some((EntityLabel::Org, "org-cue", 0.8));
        }
        if j - i >= 2 && self.any_facility_cue(i + 1, j) {
            return Some((EntityLabel::Fac, "facility-cue", 0.75));
        }
        if j - i >= 2 && FAC_PREFIXES.contains(&first) {
            return Some((EntityLabel::Fac, "facility-cue", 0.75));
        }
        if j - i >= 2
            && SURNAME_FAC_CUES.contains(&last)
            && self.kb.first_name_gender(first).is_none()
        {
            return Some((EntityLabel::Fac, "facility-cue", 0.65));
        }
        if j - i >= 2
            && (LOC_CUES.contains(&last) || LOC_CUES.contains(&first))
            && !self.names_a_disease(j)
        {
            return Some((EntityLabel::Loc, "location-cue", 0.75));
        }
        if j - i >= 2 && WORK_CUES.contains(&last) {
            return Some((EntityLabel::Misc, "work-cue", 0.6));
        }
        if j - i >= 2 && EVENT_CUES.contains(&last.split('-').next().unwrap_or(last)) {
            return Some((EntityLabel::Event, "event-cue", 0.6));
        }
        if self.storm_name(i, j) {
            return Some((EntityLabel::Event, STORM, 0.75));
        }
        None
    }

    /// "Cyclone Phailin", "Tropical Storm Allison": a storm's word and the storm's name,
    /// the name last.
    pub(super) fn storm_name(&self, i: usize, j: usize) -> bool {
        let at = if STORM_MODIFIERS.contains(&self.word(i)) {
            i + 1
        } else {
            i
        };
        at + 2 == j && STORM_WORDS.contains(&self.word(at)) && self.is_cap(j - 1)
    }

    /// Whether tokens `i..j` are exactly a name or alias of a person in the Phoenix actor
    /// dictionaries (see `dateline_petrarch::actors::Actor::person`).
    fn known_person(&self, i: usize, j: usize) -> bool {
        if j - i > 6 {
            return false;
        }
        let words: Vec<&str> = (i..j).map(|k| self.word(k)).collect();
        dateline_petrarch::phoenix().person(&words).is_some()
    }

    /// A label from the shape and cue words of a name no dictionary knows.
    fn shape_label(
        &self,
        i: usize,
        j: usize,
        headline: bool,
    ) -> Option<(EntityLabel, &'static str, f32, bool)> {
        let first = self.word(i);
        if let Some((label, rule, confidence)) = self.cue_label(i, j) {
            return Some((label, rule, confidence, false));
        }
        // "Labor Day", "Yom Kippur": a named holiday is an event, not a person.
        if (2..=4).contains(&(j - i)) && self.lex.is_time_word(&self.text(i..j)) {
            return Some((EntityLabel::Event, "holiday", 0.8, false));
        }
        // "Iraqi Kurds", "Bosnian Serbs", "Latin American", "North Africans": nationalities,
        // peoples and compass words that end in a nationality or people are one.
        if self.nationality_compound(i, j) {
            return Some((EntityLabel::Norp, "nationality-compound", 0.8, false));
        }
        // "Erdogan", "Ursula von der Leyen": a person of PETRARCH2's leader lists, under
        // a name or alias of the entry.
        if self.known_person(i, j) {
            return Some((EntityLabel::Person, "phoenix-person", 0.9, false));
        }
        // "P. Simmons", "J.R.R. Tolkien": initials before a capitalized word.
        if j - i >= 2
            && self.tokens[i].kind == TokenKind::Abbreviation
            && first
                .trim_end_matches('.')
                .chars()
                .all(|c| c.is_uppercase() || c == '.')
        {
            return Some((EntityLabel::Person, "initials", 0.8, false));
        }
        // A first name that is also a place ("Mary", "Orlando") starts a person's name when
        // the rest is one word, or one hyphenated word ("Alexandria Ocasio-Cortez"), that
        // is neither a place nor a plural ("Mary Onyali", but "Orlando Magic" and
        // "Charlotte Hornets" stay teams).
        let place_first_name = || {
            let rest = self.word(i + 1);
            j - i == 2
                && !self.has_place_word(i + 1, j)
                && !rest.ends_with('s')
                && rest.split('-').all(|part| {
                    part.chars().next().is_some_and(char::is_uppercase)
                        && part.chars().skip(1).all(char::is_lowercase)
                })
        };
        if (2..=4).contains(&(j - i))
            && self.kb.first_name_gender(first).is_some()
            && !self.lex.is_common(first)
            && (!self.has_place_word(i, i + 1) || place_first_name())
        {
            return Some((EntityLabel::Person, "first-name", 0.8, false));
        }
        // "Tyrise M. Bell": a middle initial between two words.
        if j - i == 3
            && self.tokens[i].kind == TokenKind::Word
            && self.tokens[j - 1].kind == TokenKind::Word
            && self.tokens[i + 1].kind == TokenKind::Abbreviation
            && self.word(i + 1).len() == 2
            && !headline
        {
            return Some((EntityLabel::Person, "middle-initial", 0.75, false));
        }
        if j - i == 1 && self.is_all_caps(i) {
            // An unknown all-capitals word: an acronym in running text, nothing in a
            // shouted headline.
            if headline || !(2..=6).contains(&first.len()) {
                return None;
            }
            // "Mark Tedeschi, QC,": letters after a person's name are an honour or a
            // degree, not an organisation ("Montreal, QC" stays a province's code).
            if POST_NOMINALS.contains(&first)
                && i >= 2
                && self.word(i - 1) == ","
                && self
                    .found
                    .last()
                    .is_some_and(|f| f.tokens.end == i - 1 && f.label == EntityLabel::Person)
            {
                return None;
            }
            // "15 IQ points", "GDP grew", "a CEO": abbreviations of common nouns.
            if COMMON_ACRONYMS.contains(&first) {
                return None;
            }
            // "(D-NY)": a politician's party and state; the places layer reads the state.
            if self.party_tag_before(i) {
                return None;
            }
            return Some((EntityLabel::Org, "acronym", 0.6, true));
        }
        if headline {
            // A headline's capitals carry no information: only dictionaries, cues, titles
            // and first names count there.
            return None;
        }
        if (2..=3).contains(&(j - i)) && (i..j).all(|k| self.tokens[k].kind == TokenKind::Word) {
            // "Dynamo Moscow", "Philadelphia Eagles", "Florida Marlins", "Los Angeles
            // Dodgers": a name built on a place is an organisation (a team, a company), not
            // a person.
            if self.has_place_word(i, j) || self.starts_with_place(i, j) {
                return Some((EntityLabel::Org, "place-based-name", 0.5, true));
            }
            if COMPASS_WORDS.contains(&first) && !self.names_a_disease(j) {
                return Some((EntityLabel::Loc, "compass-name", 0.5, true));
            }
            // "the Trump Train", "the Harbor Project": a person's name takes no article.
            if i > 0 && self.word(i - 1).eq_ignore_ascii_case("the") {
                return Some((EntityLabel::Org, "article-name", 0.5, true));
            }
            return Some((EntityLabel::Person, "name-shape", 0.5, true));
        }
        Some((EntityLabel::Org, "capitalized", 0.4, true))
    }

    /// Tokens `i..j` (two or three words) are nationalities, peoples, compass words or
    /// the qualifiers "Latin", "Roman", "Anglo", "Far", ending in a nationality or people.
    fn nationality_compound(&self, i: usize, j: usize) -> bool {
        let nationality = |k: usize| {
            let w = self.word(k);
            self.lex.is_group(w) || matches!(self.kb_label(w, 1), Some((EntityLabel::Norp, ..)))
        };
        (2..=3).contains(&(j - i))
            && nationality(j - 1)
            && (i..j - 1).all(|k| {
                let w = self.word(k);
                nationality(k)
                    || COMPASS_WORDS.contains(&w)
                    || matches!(
                        w,
                        "Latin"
                            | "Roman"
                            | "Anglo"
                            | "Far"
                            | "Southeast"
                            | "Northeast"
                            | "Southwest"
                            | "Northwest"
                    )
            })
    }

    /// The word at `j` (right after a name) makes the name a disease's: "West Nile virus".
    fn names_a_disease(&self, j: usize) -> bool {
        j < self.tokens.len() && DISEASE_HEADS.contains(&self.word(j))
    }

    /// The name `i..j` starts with a place of one or two words, a state or province
    /// among them, and ends in a plural, as teams are named: "Florida Marlins", "Los
    /// Angeles Dodgers" (but "Ogun Temizkanoglu", and "North Caucasus" is a region).
    fn starts_with_place(&self, i: usize, j: usize) -> bool {
        let last = self.word(j - 1);
        if !last.ends_with('s') || last.ends_with("ss") || COMPASS_WORDS.contains(&self.word(i)) {
            return false;
        }
        (i + 1..j.min(i + 3)).any(|k| {
            self.kb
                .lookup(&self.text(i..k))
                .into_iter()
                .any(|h| match self.kb.entry(h.entry) {
                    Entry::Country(_) | Entry::Subdivision(_) => !h.loose && !h.alternate,
                    Entry::Place(p) => p.population >= 100_000 && !h.alternate && !h.loose,
                    _ => false,
                })
        })
    }

    /// Some word of `i..j` is a country or a sizeable place.
    fn has_place_word(&self, i: usize, j: usize) -> bool {
        (i..j).any(|k| {
            self.kb
                .lookup(self.word(k))
                .into_iter()
                .any(|h| match self.kb.entry(h.entry) {
                    Entry::Country(_) => !h.loose,
                    Entry::Place(p) => p.population >= 100_000 && !h.alternate && !h.loose,
                    _ => false,
                })
        })
    }
}
