//! Joining mentions into actors.
//!
//! Every name found by the recognizer becomes a mention of exactly one actor:
//!
//! * **People** join by name: "Donald Trump" founds an actor; later "Trump" (a part of an
//!   earlier full name) and "President Trump" join it; a full name that extends an earlier
//!   bare surname takes it over. Titles in front of the name give roles ("former
//!   President"), a country or nationality word in front gives the country ("Russian
//!   President"); a government role without a stated country takes the document's country
//!   (the dateline's, or else the one named twice as often as any other).
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
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::hash::{Hash, Hasher};
use std::ops::Range;

pub const COMPONENT: &str = "entities";

/// Titles that belong to the written name rather than to an office: forms of address and
/// the academic titles used the same way ("Mr. Tedeschi", "Dr. Fauci", "Professor
/// Eastman"). An entity's span includes them; "Sir", "Dame" and "Lord" are honours and
/// stay outside, as offices do.
pub const HONORIFICS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Mx.",
    "Mme.",
    "Dr.",
    "Prof.",
    "Professor",
];

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
    /// A person of the Phoenix actor dictionaries (the entry's address: one dictionary
    /// per process), under whichever of its names or aliases the text used.
    Known(usize),
}

pub struct Builder<'a> {
    doc: &'a Doc,
    kb: &'a Kb,
    lex: &'a Lexicon,
    pub actors: Vec<Actor>,
    keys: HashMap<Key, u32>,
    /// Person actors' name words, for joining bare surnames.
    people: People,
    pub entities: Vec<Entity>,
    /// Sector code of each person actor's role ("GOV"), to build CAMEO-style codes.
    sectors: HashMap<u32, String>,
    /// Evidence already recorded, (actor, what, span, value): an actor named a thousand
    /// times with its title must not compare each new piece with all the old ones.
    evidence_seen: HashSet<(u32, &'static str, Span, String)>,
    /// Initials of organisation names → the first such organisation, for acronyms; covers
    /// `actors[..initials_done]` (organisation names never change once made).
    initials: HashMap<String, u32>,
    initials_done: usize,
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
            people: People::default(),
            entities: Vec::new(),
            sectors: HashMap::new(),
            evidence_seen: HashSet::new(),
            initials: HashMap::new(),
            initials_done: 0,
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
        if !self
            .evidence_seen
            .insert((actor, what, span, value.clone()))
        {
            return;
        }
        self.actors[actor as usize].evidence.push(Evidence {
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
        // Country words in front of titles ("US President") give the person's country:
        // the first name found over exactly those tokens.
        let mut first_over: HashMap<(usize, usize), usize> = HashMap::new();
        if found.iter().any(|f| f.country_mention.is_some()) {
            for (idx, g) in found.iter().enumerate() {
                first_over
                    .entry((g.tokens.start, g.tokens.end))
                    .or_insert(idx);
            }
        }
        for (idx, f) in found.iter().enumerate() {
            let (Some(actor), Some(c)) = (actor_of[idx], &f.country_mention) else {
                continue;
            };
            let Some(country) = first_over.get(&(c.start, c.end)).map(|&g| &found[g]) else {
                continue;
            };
            if let Some(code) = self.country_of(country) {
                let span = found_span(self.doc, country);
                self.set_country(actor, code, span, "country-before-title");
            }
        }
        self.known_countries();
        self.document_country(found);
        self.codes();
        for (idx, f) in found.iter().enumerate() {
            let span = self.written_span(f);
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

    /// The span of a name as the entity shows it: a courtesy or academic title right
    /// before a person's name is part of how the name is written ("Mr. Tedeschi",
    /// "Professor Cres Eastman"); an office is not ("President Donald Trump" shows "Donald
    /// Trump"), since the actor keeps it as a role. The actor's mention is the name alone.
    fn written_span(&self, f: &Found) -> Span {
        let span = found_span(self.doc, f);
        if f.label != EntityLabel::Person {
            return span;
        }
        let Some(role) = &f.role else {
            return span;
        };
        let k = f.tokens.start;
        if k == 0 || role.tokens.end != k || !HONORIFICS.contains(&self.word(k - 1)) {
            return span;
        }
        Span::new(
            span_of(self.doc, k - 1..k).start as usize,
            span.end as usize,
        )
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
        let gender = f.role.as_ref().and_then(|r| r.gender).or_else(|| {
            (words.len() >= 2)
                .then(|| self.kb.first_name_gender(&words[0]))
                .flatten()
                .and_then(|g| match g {
                    dateline_kb::Gender::Male => Some(Gender::Male),
                    dateline_kb::Gender::Female => Some(Gender::Female),
                    dateline_kb::Gender::Either => None,
                })
        });
        let actor = self.join_person(&words, gender);
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
                    // A former office holder is no longer the office: CAMEO codes former
                    // officials as elites ("former President Joe Biden" → USAELI, not
                    // USAGOV, so that the sitting government blaming him is not USAGOV
                    // blaming USAGOV).
                    let former = role.role.split_whitespace().any(|w| {
                        w.eq_ignore_ascii_case("former")
                            || w.to_ascii_lowercase().starts_with("ex-")
                    });
                    let sector = if former
                        && matches!(
                            role.sector.as_str(),
                            "GOV" | "LEG" | "MIL" | "JUD" | "COP" | "SPY"
                        ) {
                        "ELI".to_string()
                    } else {
                        role.sector.clone()
                    };
                    self.sectors.entry(actor).or_insert(sector);
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

    /// The person actor a name joins, or a new one. The name's gender (`gender`, from a
    /// title, "Mr.", or a first name) keeps it from joining someone else of the other by a
    /// shared word: "Mr. Obama" after "Michelle Obama" is the husband, and "Michelle Obama"
    /// after "Mr. Obama" the wife. An exact full name always joins.
    fn join_person(&mut self, words: &[String], gender: Option<Gender>) -> u32 {
        let full = words.join(" ");
        // The same full name is the same person, whatever a first name's gender suggests
        // ("Mr. Jean Dupont", then "Jean Dupont").
        if let Some(&id) = self.keys.get(&Key::Named(full.clone())) {
            return id;
        }
        // Most recent person whose name shares this name's last word, or whose name's
        // words include this single word.
        let actors = &self.actors;
        let compatible =
            |id: u32| gender.is_none_or(|g| actors[id as usize].gender.is_none_or(|h| h == g));
        if let Some(at) = self.people.latest_match(words, compatible) {
            let (id, known) = self.people.entry(at);
            if words.len() > known {
                // A fuller name for someone first named by surname alone.
                self.actors[id as usize].name = full.clone();
                self.people.rename(at, words.to_vec());
            }
            self.keys.insert(Key::Named(full), id);
            return id;
        }
        // Two names of one known person ("Mohamed Hamdan Dagalo", then "Hemedti"; "Lula"
        // and "Luiz Inacio Lula da Silva") are one actor.
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let known = (words.len() <= 6)
            .then(|| dateline_petrarch::phoenix().person(&refs))
            .flatten()
            .map(|a| Key::Known(std::ptr::from_ref(a) as usize));
        if let Some(id) = known.as_ref().and_then(|k| self.keys.get(k).copied()) {
            // A name written in ordinary case ("Donald Trump" after a headline's "TRUMP")
            // names the actor.
            let shouted = |n: &str| !n.chars().any(char::is_lowercase);
            if shouted(&self.actors[id as usize].name) && !shouted(&full) {
                self.actors[id as usize].name = full.clone();
            }
            // Its words join later surnames too ("Hemedti", the full name, then "Dagalo").
            self.people.push(id, words.to_vec());
            self.keys.insert(Key::Named(full), id);
            return id;
        }
        let id = self.new_actor(Some(Key::Named(full.clone())), full, ActorKind::Person);
        self.people.push(id, words.to_vec());
        if let Some(k) = known {
            self.keys.insert(k, id);
        }
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
                match self.keys.get(&key).copied() {
                    Some(id) => id,
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
        // "Iraqi National Congress", "American Federation of Teachers": a nationality at
        // the head of the name gives the organisation its country.
        if matches!(f.resolved, Resolved::Name) && f.tokens.len() >= 2 {
            let first = f.tokens.start;
            let code = self
                .kb
                .lookup(self.word(first))
                .into_iter()
                .filter(|h| !h.loose)
                .find_map(|h| match self.kb.entry(h.entry) {
                    Entry::Demonym(d) if d.actor.len() == 3 => Some(d.actor.to_string()),
                    _ => None,
                });
            if let Some(code) = code {
                let at = span_of(self.doc, first..first + 1);
                self.set_country(actor, code, at, "nationality-in-name");
            }
        }
        self.mention(actor, span, MentionKind::Name, f.rule, f.confidence);
        actor
    }

    /// An organisation actor whose name's initials spell `text` ("NATO"): the first one.
    fn acronym_of(&mut self, text: &str) -> Option<u32> {
        if text.len() < 2 || text.chars().any(|c| !c.is_ascii_uppercase()) {
            return None;
        }
        // Index the organisations made since the last call (each actor once).
        for (i, a) in self.actors.iter().enumerate().skip(self.initials_done) {
            if a.kind == ActorKind::Organisation {
                let initials: String = a
                    .name
                    .split_whitespace()
                    .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
                    .filter_map(|w| w.chars().next())
                    .collect();
                self.initials.entry(initials).or_insert(i as u32);
            }
        }
        self.initials_done = self.actors.len();
        self.initials.get(text).copied()
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
            region_kind(code)
        };
        // "European" and "Europe" are one actor: the continent's, where the KB has it.
        let continent = (kind == ActorKind::Place)
            .then(|| {
                self.kb
                    .lookup(&name)
                    .into_iter()
                    .find(|h| matches!(self.kb.entry(h.entry), Entry::Continent(_)))
            })
            .flatten();
        let key = match continent {
            Some(h) => Key::Place(h.entry.0),
            None => Key::Country(code.to_string()),
        };
        let id = self.actor_for(key, || name, kind);
        if kind == ActorKind::Country && code != "SUN" {
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

    /// Well-known people with no stated country take the country of their code in the
    /// Phoenix leader lists ("Vladimir Putin" → RUS, in a story datelined Kyiv), before the
    /// document's country is considered. The name must be the entry's name or alias as a
    /// whole, and of two words or one of five letters or more ("Erdogan").
    fn known_countries(&mut self) {
        let dict = dateline_petrarch::phoenix();
        for id in 0..self.actors.len() {
            let a = &self.actors[id];
            if a.kind != ActorKind::Person || a.country.is_some() {
                continue;
            }
            let words: Vec<&str> = a.name.split_whitespace().collect();
            if words.len() == 1 && words[0].chars().count() < 5 {
                continue;
            }
            let Some(entry) = dict.person(&words) else {
                continue;
            };
            let country = entry
                .roles
                .last()
                .and_then(|r| r.code.get(..3))
                .and_then(|c| self.kb.country(c))
                .map(|c| c.alpha3.to_string());
            let (Some(country), Some(span)) = (country, a.mentions.first().map(|m| m.span)) else {
                continue;
            };
            self.set_country(id as u32, country, span, "phoenix");
        }
    }

    /// Government roles with no stated country take the document's country: the
    /// country of a dateline place, or else the country named twice as often as any other.
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
            // Only a country the story is about: named twice as often as any other
            // ("President Biden" in a story naming Iran three times and six other countries
            // once or twice is no Iranian).
            let mut ranked: Vec<(String, (usize, Span))> = counts.into_iter().collect();
            ranked.sort_by_key(|(c, (n, _))| (std::cmp::Reverse(*n), c.clone()));
            let second = ranked.get(1).map_or(0, |(_, (n, _))| *n);
            best = ranked
                .into_iter()
                .next()
                .filter(|(_, (n, _))| *n >= 2 * second)
                .map(|(c, (_, span))| (c, span, "most-mentioned-country"));
        }
        let Some((code, span, rule)) = best else {
            return;
        };
        let ids: Vec<u32> = self
            .sectors
            .iter()
            .filter(|(_, s)| matches!(s.as_str(), "GOV" | "LEG" | "JUD" | "MIL" | "COP" | "ELI"))
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

/// The people named so far, in order of their first mention, indexed so that the most
/// recent one a name joins is found without looking at them all: a document that names
/// 200,000 people stays linear. The index only narrows the search; every candidate is
/// checked against the rule itself ([`People::joins`]), so the choice is exactly the one
/// a scan from the most recent person backwards would make.
#[derive(Default)]
struct People {
    /// (actor, name words); a name may grow ("Trump", then "Donald Trump").
    entries: Vec<(u32, Vec<String>)>,
    /// Hash of a [`PersonKey`] → positions in `entries` whose current name has that key,
    /// ascending.
    index: HashMap<u64, Vec<u32>>,
}

/// What a name can be found by.
#[derive(Hash)]
enum PersonKey<'a> {
    /// One word of the name (a bare surname joins any name holding it).
    Word(&'a str),
    /// A name of one word.
    Single(&'a str),
    /// A longer name's last and first words.
    LastFirst(&'a str, &'a str),
    /// A longer name's last word and first letter.
    LastInitial(&'a str, Option<char>),
    /// A longer name whose first word is an initial ("D. Trump"): last word and letter.
    LastAbbreviated(&'a str, Option<char>),
}

impl PersonKey<'_> {
    fn hash(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        Hash::hash(self, &mut h);
        h.finish()
    }
}

/// The keys a person's name is indexed under.
fn person_keys(words: &[String]) -> Vec<u64> {
    let mut keys: Vec<u64> = words.iter().map(|w| PersonKey::Word(w).hash()).collect();
    match words {
        [] => {}
        [one] => keys.push(PersonKey::Single(one).hash()),
        [first, .., last] => {
            let initial = first.chars().next();
            keys.push(PersonKey::LastFirst(last, first).hash());
            keys.push(PersonKey::LastInitial(last, initial).hash());
            if first.ends_with('.') {
                keys.push(PersonKey::LastAbbreviated(last, initial).hash());
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl People {
    fn entry(&self, at: usize) -> (u32, usize) {
        let (id, words) = &self.entries[at];
        (*id, words.len())
    }

    fn push(&mut self, actor: u32, words: Vec<String>) {
        let at = self.entries.len() as u32;
        for k in person_keys(&words) {
            self.index.entry(k).or_default().push(at);
        }
        self.entries.push((actor, words));
    }

    /// Gives the person at `at` a fuller name.
    fn rename(&mut self, at: usize, words: Vec<String>) {
        let pos = at as u32;
        for k in person_keys(&self.entries[at].1) {
            if let Some(list) = self.index.get_mut(&k) {
                if let Ok(i) = list.binary_search(&pos) {
                    list.remove(i);
                }
                if list.is_empty() {
                    self.index.remove(&k);
                }
            }
        }
        for k in person_keys(&words) {
            let list = self.index.entry(k).or_default();
            if let Err(i) = list.binary_search(&pos) {
                list.insert(i, pos);
            }
        }
        self.entries[at].1 = words;
    }

    /// Whether a name of `words` joins the person named `known`: a single word that is one
    /// of its words, or a name with its last word whose first names agree.
    fn joins(words: &[String], known: &[String]) -> bool {
        let last = words.last();
        if words.len() == 1 {
            known.contains(&words[0])
        } else {
            known.last() == last && (known.len() == 1 || first_names_agree(&known[0], &words[0]))
        }
    }

    /// The position of the most recent person a name of `words` joins.
    fn latest_match(&self, words: &[String], ok: impl Fn(u32) -> bool) -> Option<usize> {
        let (first, last) = (words.first()?, words.last()?);
        let initial = first.chars().next();
        let keys: Vec<u64> = if words.len() == 1 {
            vec![PersonKey::Word(first).hash()]
        } else if first.ends_with('.') {
            vec![
                PersonKey::Single(last).hash(),
                PersonKey::LastInitial(last, initial).hash(),
            ]
        } else {
            vec![
                PersonKey::Single(last).hash(),
                PersonKey::LastFirst(last, first).hash(),
                PersonKey::LastAbbreviated(last, initial).hash(),
            ]
        };
        keys.iter()
            .filter_map(|k| {
                self.index.get(k)?.iter().rev().find(|&&at| {
                    let (id, known) = &self.entries[at as usize];
                    Self::joins(words, known) && ok(*id)
                })
            })
            .max()
            .map(|&at| at as usize)
    }
}

/// "Donald" and "Donald", or "D." and "Donald".
fn first_names_agree(a: &str, b: &str) -> bool {
    a == b || (a.ends_with('.') || b.ends_with('.')) && a.chars().next() == b.chars().next()
}

/// Names of the CAMEO region and bloc codes that demonyms and seats can stand for.
/// What a code that is not a country's stands for: "European" means Europe, a region;
/// "Soviet" the Soviet Union, a former country; "Western" the West, a group of countries;
/// the rest (EU, NATO, UN) are organisations.
fn region_kind(code: &str) -> ActorKind {
    match code {
        "EUR" | "AFR" | "ASA" | "MEA" | "LAM" => ActorKind::Place,
        "SUN" => ActorKind::Country,
        "WST" => ActorKind::Group,
        _ => ActorKind::Organisation,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule `People` indexes, as a scan from the most recent person backwards.
    fn scan(entries: &[(u32, Vec<String>)], words: &[String]) -> Option<usize> {
        (0..entries.len())
            .rev()
            .find(|&at| People::joins(words, &entries[at].1))
    }

    #[test]
    fn the_people_index_finds_what_a_scan_finds() {
        let firsts = ["Donald", "D.", "Joe", "J.", "Maria", "M."];
        let lasts = ["Trump", "Biden", "Lopez", "Smith"];
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut people = People::default();
        for step in 0..3000 {
            let words: Vec<String> = match next(3) {
                0 => vec![lasts[next(lasts.len())].to_string()],
                1 => vec![
                    firsts[next(firsts.len())].to_string(),
                    lasts[next(lasts.len())].to_string(),
                ],
                _ => vec![
                    firsts[next(firsts.len())].to_string(),
                    "Q.".to_string(),
                    lasts[next(lasts.len())].to_string(),
                ],
            };
            let found = people.latest_match(&words, |_| true);
            assert_eq!(
                found,
                scan(&people.entries, &words),
                "step {step}: {words:?}"
            );
            match found {
                Some(at) if words.len() > people.entry(at).1 => people.rename(at, words),
                Some(_) => {}
                None => people.push(step as u32, words),
            }
        }
    }
}
