//! Joining mentions into actors.
//!
//! Every name found by the recognizer becomes a mention of exactly one actor:
//!
//! * **People** join by name: "Donald Trump" founds an actor; later "Trump" (a part of an
//!   earlier full name) and "President Trump" join it; a full name that extends an earlier
//!   bare surname takes it over. Titles in front of the name give roles ("former
//!   President"), a country or nationality word in front gives the country ("Russian
//!   President"); a government role without a stated country takes the document's country
//!   (the dateline's, or else the most mentioned).
//! * **Organisations** join by lexicon entry, by name, and acronyms join the names they
//!   abbreviate ("NATO" ~ "North Atlantic Treaty Organization").
//! * **Places**: a country, and the seats of power and capitals that stand for its
//!   government when they act ("Moscow claims", "the Kremlin said"), are one country actor;
//!   after "in", "at", "to", "from"…, before a noun of local government or city life
//!   ([`LOCAL_NOUNS`]: "the Paris school board", "the Moscow city council", "the Washington
//!   police") and in a dateline ("WASHINGTON (Reuters) -") a capital is a place.
//!   Nationality adjectives are mentions of their country; plural nationality nouns
//!   ("Ukrainians") are groups.

use crate::lexicon::Lexicon;
use crate::recognize::{Found, LOCATIVES, Resolved};
use dateline_doc::{
    Actor, ActorKind, Doc, Entity, EntityLabel, Evidence, Gender, Mention, MentionKind, Provenance,
    Span,
};
use dateline_kb::{Entry, Kb};
use std::collections::HashMap;
use std::ops::Range;

pub const COMPONENT: &str = "entities";

/// Nouns of local government and city life: a capital written before one is the city, not
/// the national government it can stand for ("the Paris school board", "the Moscow city
/// council", "the Washington police", "Kyiv residents").
pub const LOCAL_NOUNS: &[&str] = &[
    "city",
    "town",
    "municipal",
    "school",
    "schools",
    "police",
    "council",
    "councillor",
    "councilman",
    "councilwoman",
    "mayor",
    "board",
    "county",
    "fire",
    "transit",
    "metro",
    "subway",
    "suburb",
    "suburbs",
    "suburban",
    "area",
    "residents",
    "resident",
    "neighborhood",
    "neighbourhood",
    "district",
    "streets",
    "zoo",
    "airport",
    "hospital",
    "library",
    "marathon",
    "region",
];

/// Identity of an actor while joining.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Country(String),
    Org(u32),
    Named(String),
    Place(u32),
}

pub struct Builder<'a> {
    doc: &'a Doc,
    kb: &'a Kb,
    lex: &'a Lexicon,
    pub actors: Vec<Actor>,
    keys: HashMap<Key, u32>,
    /// Person actors' name words, for joining bare surnames.
    person_words: Vec<(u32, Vec<String>)>,
    pub entities: Vec<Entity>,
    /// Sector code of each person actor's role ("GOV"), to build CAMEO-style codes.
    sectors: HashMap<u32, String>,
}

fn span_of(doc: &Doc, r: Range<usize>) -> Span {
    doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span)
}

/// The span of a found name: its tokens, or for a demonym compound ("Cypriot-flagged",
/// rule `demonym-compound`) the part before the hyphen.
pub fn found_span(doc: &Doc, f: &Found) -> Span {
    let span = span_of(doc, f.tokens.clone());
    if f.rule == crate::recognize::DEMONYM_COMPOUND
        && let Some(cut) = doc.slice(span).find('-')
        && cut > 0
    {
        return Span::new(span.start as usize, span.start as usize + cut);
    }
    span
}

impl<'a> Builder<'a> {
    pub fn new(doc: &'a Doc, kb: &'a Kb, lex: &'a Lexicon) -> Builder<'a> {
        Builder {
            doc,
            kb,
            lex,
            actors: Vec::new(),
            keys: HashMap::new(),
            person_words: Vec::new(),
            entities: Vec::new(),
            sectors: HashMap::new(),
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.doc.token_norm(&self.doc.tokens[i])
    }

    fn text(&self, r: Range<usize>) -> String {
        r.map(|i| self.word(i)).collect::<Vec<_>>().join(" ")
    }

    fn new_actor(&mut self, key: Option<Key>, name: String, kind: ActorKind) -> u32 {
        let id = self.actors.len() as u32;
        self.actors.push(Actor {
            name,
            kind,
            roles: Vec::new(),
            country: None,
            code: None,
            gender: None,
            mentions: Vec::new(),
            evidence: Vec::new(),
        });
        if let Some(k) = key {
            self.keys.insert(k, id);
        }
        id
    }

    fn actor_for(&mut self, key: Key, name: impl FnOnce() -> String, kind: ActorKind) -> u32 {
        match self.keys.get(&key) {
            Some(&id) => id,
            None => {
                let name = name();
                self.new_actor(Some(key), name, kind)
            }
        }
    }

    fn mention(
        &mut self,
        actor: u32,
        span: Span,
        kind: MentionKind,
        rule: &'static str,
        confidence: f32,
    ) {
        self.actors[actor as usize].mentions.push(Mention {
            span,
            kind,
            provenance: Provenance::rule(COMPONENT, rule).with_confidence(confidence),
        });
    }

    fn evidence(
        &mut self,
        actor: u32,
        span: Span,
        what: &'static str,
        value: String,
        rule: &'static str,
    ) {
        let a = &mut self.actors[actor as usize];
        if a.evidence
            .iter()
            .any(|e| e.what == what && e.value == value && e.span == span)
        {
            return;
        }
        a.evidence.push(Evidence {
            span,
            what,
            value,
            provenance: Provenance::rule(COMPONENT, rule),
        });
    }

    fn alpha3(&self, alpha2: &str) -> Option<String> {
        self.kb.country(alpha2).map(|c| c.alpha3.to_string())
    }

    /// The country (alpha-3) a mention found by the recognizer stands for.
    fn country_of(&self, f: &Found) -> Option<String> {
        let Resolved::Kb(id) = f.resolved else {
            return None;
        };
        match self.kb.entry(id) {
            Entry::Country(c) => Some(c.alpha3.to_string()),
            Entry::Demonym(d) => (d.actor.len() == 3).then(|| d.actor.to_string()),
            Entry::Seat(s) => (s.actor.len() == 3).then(|| s.actor.to_string()),
            Entry::Subdivision(s) => self.alpha3(s.country),
            Entry::Place(p) => self.alpha3(p.country),
            Entry::Continent(_) => None,
        }
    }

    /// Joins every found name to an actor and writes the entity list.
    pub fn build(&mut self, found: &[Found]) {
        let mut actor_of: Vec<Option<u32>> = vec![None; found.len()];
        for (idx, f) in found.iter().enumerate() {
            let actor = match f.label {
                EntityLabel::Person => Some(self.person(f)),
                EntityLabel::Org => Some(self.org(f)),
                EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac | EntityLabel::Norp => {
                    self.place(f)
                }
                EntityLabel::Event | EntityLabel::Misc => None,
            };
            actor_of[idx] = actor;
        }
        // Country words in front of titles ("US President") give the person's country.
        for (idx, f) in found.iter().enumerate() {
            let (Some(actor), Some(c)) = (actor_of[idx], &f.country_mention) else {
                continue;
            };
            let Some(country) = found.iter().find(|g| g.tokens == *c) else {
                continue;
            };
            if let Some(code) = self.country_of(country) {
                let span = found_span(self.doc, country);
                self.set_country(actor, code, span, "country-before-title");
            }
        }
        self.document_country(found);
        self.codes();
        for (idx, f) in found.iter().enumerate() {
            let span = found_span(self.doc, f);
            let name = match actor_of[idx] {
                Some(a) => self.actors[a as usize].name.clone(),
                None => self.text(f.tokens.clone()),
            };
            self.entities.push(Entity {
                span,
                label: f.label,
                name,
                actor: actor_of[idx],
                provenance: Provenance::rule(COMPONENT, f.rule).with_confidence(f.confidence),
            });
        }
    }

    fn set_country(&mut self, actor: u32, code: String, span: Span, rule: &'static str) {
        let a = &mut self.actors[actor as usize];
        if a.country.is_none() {
            a.country = Some(code.clone());
        }
        self.evidence(actor, span, "country", code, rule);
    }

    fn person(&mut self, f: &Found) -> u32 {
        let words: Vec<String> = f.tokens.clone().map(|i| self.word(i).to_string()).collect();
        let span = span_of(self.doc, f.tokens.clone());
        let actor = self.join_person(&words);
        self.mention(actor, span, MentionKind::Name, f.rule, f.confidence);
        if let Some(role) = &f.role {
            let role_span = span_of(self.doc, role.tokens.clone());
            if !role.role.is_empty() {
                let a = &mut self.actors[actor as usize];
                if !a.roles.contains(&role.role) {
                    a.roles.push(role.role.clone());
                }
                self.evidence(actor, role_span, "role", role.role.clone(), "title");
                if !role.sector.is_empty() {
                    self.sectors
                        .entry(actor)
                        .or_insert_with(|| role.sector.clone());
                }
            }
            if let Some(g) = role.gender {
                self.set_gender(actor, g, role_span, "title");
            }
        }
        if self.actors[actor as usize].gender.is_none()
            && words.len() >= 2
            && let Some(g) = self.kb.first_name_gender(&words[0])
        {
            let g = match g {
                dateline_kb::Gender::Male => Some(Gender::Male),
                dateline_kb::Gender::Female => Some(Gender::Female),
                dateline_kb::Gender::Either => None,
            };
            if let Some(g) = g {
                let first = span_of(self.doc, f.tokens.start..f.tokens.start + 1);
                self.set_gender(actor, g, first, "first-name");
            }
        }
        actor
    }

    pub fn set_gender(&mut self, actor: u32, g: Gender, span: Span, rule: &'static str) {
        let a = &mut self.actors[actor as usize];
        if a.gender.is_none() {
            a.gender = Some(g);
            let value = match g {
                Gender::Male => "male",
                Gender::Female => "female",
            };
            self.evidence(actor, span, "gender", value.to_string(), rule);
        }
    }

    /// The person actor a name joins, or a new one.
    fn join_person(&mut self, words: &[String]) -> u32 {
        let full = words.join(" ");
        if let Some(&id) = self.keys.get(&Key::Named(full.clone())) {
            return id;
        }
        let last = words.last().cloned().unwrap_or_default();
        // Most recent person whose name shares this name's last word, or whose name's
        // words include this single word.
        let joined = self.person_words.iter().rev().find(|(_, pw)| {
            if words.len() == 1 {
                pw.contains(&last)
            } else {
                pw.last() == Some(&last) && (pw.len() == 1 || first_names_agree(&pw[0], &words[0]))
            }
        });
        if let Some(&(id, ref pw)) = joined {
            if words.len() > pw.len() {
                // A fuller name for someone first named by surname alone.
                self.actors[id as usize].name = full.clone();
                let entry = self.person_words.iter_mut().find(|(a, _)| *a == id);
                if let Some(e) = entry {
                    e.1 = words.to_vec();
                }
            }
            self.keys.insert(Key::Named(full), id);
            return id;
        }
        let id = self.new_actor(Some(Key::Named(full.clone())), full, ActorKind::Person);
        self.person_words.push((id, words.to_vec()));
        id
    }

    fn org(&mut self, f: &Found) -> u32 {
        let span = span_of(self.doc, f.tokens.clone());
        let text = self.text(f.tokens.clone());
        let actor = match f.resolved {
            Resolved::Org(i) => {
                let org = self.lex.orgs[i as usize].clone();
                let id = self.actor_for(Key::Org(i), || org.name.clone(), ActorKind::Organisation);
                if !org.cameo.is_empty() {
                    self.actors[id as usize]
                        .code
                        .get_or_insert(org.cameo.clone());
                }
                if !org.country.is_empty() {
                    self.set_country(id, org.country.clone(), span, "org-lexicon");
                }
                id
            }
            Resolved::Kb(entry) => {
                // A seat of power named as an organisation ("the Kremlin").
                if let Entry::Seat(s) = self.kb.entry(entry) {
                    let actor = s.actor.to_string();
                    let id = self.government(&actor);
                    self.mention(id, span, MentionKind::Metonym, f.rule, f.confidence);
                    return id;
                }
                self.actor_for(
                    Key::Named(text.to_lowercase()),
                    || text.clone(),
                    ActorKind::Organisation,
                )
            }
            Resolved::Name => {
                let key = Key::Named(text.to_lowercase());
                match self.keys.get(&key) {
                    Some(&id) => id,
                    None => match self.acronym_of(&text) {
                        Some(id) => {
                            self.keys.insert(key, id);
                            id
                        }
                        None => self.new_actor(Some(key), text.clone(), ActorKind::Organisation),
                    },
                }
            }
        };
        self.mention(actor, span, MentionKind::Name, f.rule, f.confidence);
        actor
    }

    /// An organisation actor whose name's initials spell `text` ("NATO").
    fn acronym_of(&self, text: &str) -> Option<u32> {
        if text.len() < 2 || text.chars().any(|c| !c.is_ascii_uppercase()) {
            return None;
        }
        self.actors
            .iter()
            .position(|a| {
                a.kind == ActorKind::Organisation && {
                    let initials: String = a
                        .name
                        .split_whitespace()
                        .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
                        .filter_map(|w| w.chars().next())
                        .collect();
                    initials == text
                }
            })
            .map(|i| i as u32)
    }

    /// The government actor of a country or organisation code ("RUS" → Russia).
    fn government(&mut self, code: &str) -> u32 {
        let name = self
            .kb
            .country(code)
            .map(|c| c.name.to_string())
            .unwrap_or_else(|| region_name(code).to_string());
        let kind = if code.len() == 3 && self.kb.country(code).is_some() {
            ActorKind::Country
        } else {
            ActorKind::Organisation
        };
        let id = self.actor_for(Key::Country(code.to_string()), || name, kind);
        if kind == ActorKind::Country {
            self.actors[id as usize]
                .country
                .get_or_insert_with(|| code.to_string());
        }
        id
    }

    fn place(&mut self, f: &Found) -> Option<u32> {
        let span = found_span(self.doc, f);
        let Resolved::Kb(entry) = f.resolved else {
            let text = self.text(f.tokens.clone());
            let id = self.actor_for(
                Key::Named(text.to_lowercase()),
                || text.clone(),
                ActorKind::Place,
            );
            self.mention(id, span, MentionKind::Name, f.rule, f.confidence);
            return Some(id);
        };
        let locative = f.rule == "dateline"
            || f.tokens.start > 0
                && LOCATIVES.contains(&self.word(f.tokens.start - 1).to_lowercase().as_str())
            || f.tokens.end < self.doc.tokens.len()
                && LOCAL_NOUNS.contains(&self.word(f.tokens.end).to_lowercase().as_str());
        let id = match self.kb.entry(entry) {
            Entry::Country(c) => {
                let id = self.government(c.alpha3);
                self.mention(id, span, MentionKind::Name, f.rule, f.confidence);
                id
            }
            Entry::Demonym(d) if d.plural => {
                let name = d.name.to_string();
                let id = self.actor_for(
                    Key::Named(name.to_lowercase()),
                    || name.clone(),
                    ActorKind::Group,
                );
                if d.actor.len() == 3 {
                    self.set_country(id, d.actor.to_string(), span, "demonym");
                }
                self.mention(id, span, MentionKind::Demonym, f.rule, f.confidence);
                id
            }
            Entry::Demonym(d) => {
                let id = self.government(d.actor);
                self.mention(id, span, MentionKind::Demonym, f.rule, f.confidence);
                id
            }
            Entry::Seat(s) if !locative => {
                let id = self.government(s.actor);
                self.mention(id, span, MentionKind::Metonym, "metonym", f.confidence);
                id
            }
            Entry::Seat(s) => {
                // After "in", "to", "from": the city itself, the largest place of that
                // name in the seat's country.
                let cc = s
                    .country
                    .map(|c| self.kb.entry(c))
                    .and_then(|e| e.country_code().map(str::to_string));
                let place = self
                    .kb
                    .lookup(s.name)
                    .into_iter()
                    .filter_map(|h| match self.kb.entry(h.entry) {
                        Entry::Place(p) if cc.as_deref().is_none_or(|c| c == p.country) => {
                            Some((p.population, h.entry))
                        }
                        _ => None,
                    })
                    .max_by_key(|(population, _)| *population)
                    .map_or(entry, |(_, e)| e);
                self.place_actor(place, span, f)
            }
            _ => self.place_actor(entry, span, f),
        };
        Some(id)
    }

    fn place_actor(&mut self, entry: dateline_kb::EntryRef, span: Span, f: &Found) -> u32 {
        let place = self.kb.entry(entry);
        let name = place.name().to_string();
        let country = place.country_code().and_then(|cc| self.alpha3(cc));
        let id = self.actor_for(Key::Place(entry.0), || name, ActorKind::Place);
        if let Some(c) = country {
            self.set_country(id, c, span, "gazetteer");
        }
        self.mention(id, span, MentionKind::Name, f.rule, f.confidence);
        id
    }

    /// Government roles with no stated country take the document's country: the
    /// country of a dateline place, or else the most mentioned country.
    fn document_country(&mut self, found: &[Found]) {
        let mut best: Option<(String, Span, &'static str)> = None;
        if let (Some(first), Some(s)) = (found.first(), self.doc.sentences.first())
            && first.tokens.start <= s.tokens.start as usize + 1
            && matches!(
                first.label,
                EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac
            )
            && let Some(c) = self.country_of(first)
        {
            best = Some((
                c,
                span_of(self.doc, first.tokens.clone()),
                "dateline-country",
            ));
        }
        if best.is_none() {
            let mut counts: HashMap<String, (usize, Span)> = HashMap::new();
            for f in found.iter().filter(|f| f.label == EntityLabel::Gpe) {
                if let Some(c) = self.country_of(f) {
                    let e = counts
                        .entry(c)
                        .or_insert((0, span_of(self.doc, f.tokens.clone())));
                    e.0 += 1;
                }
            }
            best = counts
                .into_iter()
                .max_by_key(|(c, (n, _))| (*n, std::cmp::Reverse(c.clone())))
                .map(|(c, (_, span))| (c, span, "most-mentioned-country"));
        }
        let Some((code, span, rule)) = best else {
            return;
        };
        let ids: Vec<u32> = self
            .sectors
            .iter()
            .filter(|(_, s)| matches!(s.as_str(), "GOV" | "LEG" | "JUD" | "MIL" | "COP"))
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            if self.actors[id as usize].country.is_none() {
                self.set_country(id, code.clone(), span, rule);
            }
        }
    }

    /// CAMEO-style codes: country + sector for people with a role ("USAGOV"), the country
    /// for countries.
    fn codes(&mut self) {
        for (i, a) in self.actors.iter_mut().enumerate() {
            if a.code.is_some() {
                continue;
            }
            match (a.kind, &a.country) {
                (ActorKind::Country, Some(c)) => a.code = Some(c.clone()),
                (ActorKind::Person, Some(c)) => {
                    if let Some(s) = self.sectors.get(&(i as u32)) {
                        a.code = Some(format!("{c}{s}"));
                    }
                }
                _ => {}
            }
        }
    }

    /// Adds a resolved pronoun as a mention.
    pub fn pronoun(&mut self, actor: u32, span: Span, rule: &'static str, confidence: f32) {
        self.mention(actor, span, MentionKind::Pronoun, rule, confidence);
    }
}

/// "Donald" and "Donald", or "D." and "Donald".
fn first_names_agree(a: &str, b: &str) -> bool {
    a == b || (a.ends_with('.') || b.ends_with('.')) && a.chars().next() == b.chars().next()
}

/// Names of the CAMEO region and bloc codes that demonyms and seats can stand for.
fn region_name(code: &str) -> &str {
    match code {
        "EUR" => "Europe",
        "EU" => "European Union",
        "AFR" => "Africa",
        "ASA" => "Asia",
        "MEA" => "Middle East",
        "WST" => "the West",
        "SUN" => "Soviet Union",
        "LAM" => "Latin America",
        "NATO" => "NATO",
        "UN" => "United Nations",
        other => other,
    }
}
