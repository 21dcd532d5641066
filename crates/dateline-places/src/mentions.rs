//! Place mentions and their gazetteer candidates.
//!
//! Mentions come from the entity layer (GPE, LOC and FAC names; NORP demonyms), plus kinds
//! the entity layer does not report: a US state abbreviation after "Place," ("Ga.",
//! "N.Y.", "TX"), which is a container, not a name a recognizer looks for; place names
//! inside other names ("Clarke County Board of Education"); and those of [`crate::areas`]
//! (a county named without its area word, places inside hyphenated words, a legislator's
//! "D-Charleston"). Each mention gets
//! every candidate the KB has for its name (countries, subdivisions, populated places,
//! continents, or a region of [`crate::tables::REGIONS`]) with a prior score; the choice is
//! [`crate::resolve`]'s.

use crate::PlaceResolver;
use crate::areas;
use crate::tables::{self, RegionRef};
use dateline_doc::{Doc, EntityLabel, MentionKind, Span, Token, TokenKind};
use dateline_kb::norm::normalize;
use dateline_kb::{Entry, EntryRef, Kb};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::ops::Range;
use std::rc::Rc;

/// How much a city named like its province is preferred to the province, in prior units
/// (see [`PlaceResolver::name_cands`]).
const NAMESAKE_CITY: f32 = 0.6;

/// How much a town under 100,000 named like a province of its own country that does not
/// hold it loses ("Florida", New York, beside the state).
const SMALL_NAMESAKE: f32 = 3.0;

/// The KB entry a candidate stands for, if it is one.
fn target_entry(c: &Cand) -> Option<EntryRef> {
    match c.target {
        Target::Entry(id) => Some(id),
        Target::Region(_) => None,
    }
}

/// At most this many candidates per name are kept (by prior): "Springfield" has dozens, and
/// the smallest of them never win against the context of a real document.
const MAX_CANDIDATES: usize = 48;

/// What a candidate points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Entry(EntryRef),
    /// Index into [`tables::REGIONS`].
    Region(usize),
}

/// One reading of a mention.
#[derive(Debug, Clone)]
pub struct Cand {
    pub target: Target,
    pub lat: f64,
    pub lon: f64,
    /// Alpha-2, as two bytes (no allocation); `None` for continents and regions.
    pub country: Option<[u8; 2]>,
    /// The first-level subdivision the candidate lies in, or is.
    pub sub: Option<EntryRef>,
    pub feature: &'static str,
    /// Score from the gazetteer alone (see [`prior`]).
    pub prior: f32,
    /// The name is the entry's own name, not an alternate or loose spelling of it.
    pub exact: bool,
}

/// How a mention names its place (the JSON `mention` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Name,
    Demonym,
    Metonym,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Name => "name",
            How::Demonym => "demonym",
            How::Metonym => "metonym",
        }
    }
}

/// One place mention.
#[derive(Debug, Clone)]
pub struct Mention {
    pub span: Span,
    /// Token range.
    pub toks: Range<usize>,
    /// The name as written (normalized typography).
    pub text: String,
    /// Exact key of the name (see `dateline_kb::norm`).
    pub key: String,
    pub how: How,
    /// Shared by every mention of the same name (a story can name a place thousands of
    /// times; its candidates are kept once).
    pub cands: Rc<[Cand]>,
    /// Index of the mention that contains this one: "Paris, Texas" → "Texas".
    pub container: Option<usize>,
    /// Where the mention came from: "entity" or "state-abbreviation".
    pub source: &'static str,
}

fn cc2(s: &str) -> Option<[u8; 2]> {
    let b = s.as_bytes();
    (b.len() == 2).then(|| [b[0], b[1]])
}

/// The first-level subdivision an entry lies in (or is).
fn first_level(kb: &Kb, e: &Entry<'_>) -> Option<EntryRef> {
    match e {
        Entry::Subdivision(s) if s.level <= 1 => Some(s.id),
        Entry::Subdivision(s) => s.parent,
        Entry::Place(p) => p.subdivision.and_then(|id| match kb.entry(id) {
            Entry::Subdivision(s) if s.level <= 1 => Some(id),
            Entry::Subdivision(s) => s.parent,
            _ => None,
        }),
        _ => None,
    }
}

impl PlaceResolver {
    /// A candidate for a KB entry, with its prior; `None` for kinds that are not places.
    pub(crate) fn cand(&self, id: EntryRef, alternate: bool, loose: bool) -> Option<Cand> {
        let kb = &*self.kb;
        let e = kb.entry(id);
        let penalty: f32 = if loose {
            1.0
        } else if alternate {
            0.5
        } else {
            0.0
        };
        let (prior, feature) = match &e {
            Entry::Country(_) => (10.0 - penalty.min(0.5), "country"),
            Entry::Continent(_) => (10.0 - penalty, "continent"),
            Entry::Subdivision(s) if s.level <= 1 => (8.0 - penalty, "subdivision"),
            Entry::Subdivision(_) => (5.0 - penalty, "subdivision"),
            Entry::Place(p) => {
                let pop = (p.population.max(1) as f32).log10();
                let capital = if self.capitals.contains(&id) {
                    1.0
                } else {
                    0.0
                };
                let alt = if loose {
                    1.0
                } else if alternate {
                    0.7
                } else {
                    0.0
                };
                (pop + capital - alt, "city")
            }
            Entry::Demonym(_) | Entry::Seat(_) => return None,
        };
        let (lat, lon) = e.coords()?;
        if !valid(lat, lon) {
            return None;
        }
        Some(Cand {
            target: Target::Entry(id),
            lat,
            lon,
            country: e.country_code().and_then(cc2),
            sub: first_level(kb, &e),
            feature,
            prior,
            exact: !alternate && !loose,
        })
    }

    /// A subdivision candidate's population, where the KB knows it.
    fn population(&self, c: &Cand) -> Option<u64> {
        match c.target {
            Target::Entry(id) => match self.kb.entry(id) {
                Entry::Subdivision(s) => s.population.filter(|&p| p > 0),
                _ => None,
            },
            Target::Region(_) => None,
        }
    }

    fn region_cand(&self, i: usize) -> Option<Cand> {
        let &(_, _, lat, lon, country) = tables::REGIONS.get(i)?;
        Some(Cand {
            target: Target::Region(i),
            lat,
            lon,
            country: cc2(country),
            sub: None,
            feature: "region",
            prior: 9.0,
            exact: true,
        })
    }

    /// Candidates for a name (not a demonym).
    pub(crate) fn name_cands(&self, key: &str) -> Vec<Cand> {
        if let Some(&id) = self.state_abbrevs.get(key) {
            return self.cand(id, false, false).into_iter().collect();
        }
        if let Some(&i) = self.regions.get(key) {
            return self.region_cand(i).into_iter().collect();
        }
        let hits = self.kb.lookup(key);
        // A seat of government among the hits ("Washington"): the capital it stands for is
        // the reading news means most often.
        let seat_countries: Vec<&str> = hits
            .iter()
            .filter_map(|h| match self.kb.entry(h.entry) {
                Entry::Seat(s) => s
                    .country
                    .and_then(|c| self.kb.entry(c).country_code())
                    .filter(|_| s.kind == dateline_kb::SeatKind::Capital),
                _ => None,
            })
            .collect();
        let mut out: Vec<Cand> = hits
            .iter()
            .filter_map(|h| self.cand(h.entry, h.alternate, h.loose))
            .collect();
        for c in &mut out {
            if let Target::Entry(id) = c.target
                && self.capitals.contains(&id)
                && c.country
                    .is_some_and(|cc| seat_countries.iter().any(|s| s.as_bytes() == cc.as_slice()))
            {
                c.prior += 1.0;
            }
        }
        // "Istanbul", "Geneva", "Kherson": a city named like the province it lies in is,
        // in news, the city. So is a large city named like a province of its country that
        // does not hold it ("Buenos Aires"), and a town the gazetteer links to no province
        // that lies near the province's centre ("Jenin"). The city takes the province's
        // prior and more, so that the province wins only on context that points to it
        // ("the Kherson region", a container). Only under its own name for the first two,
        // or under an alternate name the province also has only as an alternate ("Mecca",
        // both the city's and the province's): "New York" is the state, whose city is "New
        // York City". A province that another province of the name outnumbers lends
        // nothing: the town of Florida in Uruguay's Florida department is not what
        // "Florida" means. (Provinces of equal prior keep the KB's order, the most
        // populous first; a province whose population is unknown is never outnumbered.)
        let provinces: Vec<(Cand, Option<u64>)> = out
            .iter()
            .filter(|c| c.feature == "subdivision" && c.prior >= 7.0)
            .map(|c| (c.clone(), self.population(c)))
            .collect();
        let most = provinces.iter().filter_map(|p| p.1).max();
        let provinces: Vec<Cand> = provinces
            .into_iter()
            .filter(|(_, pop)| pop.is_none() || *pop >= most)
            .map(|(c, _)| c)
            .collect();
        for c in &mut out {
            if c.feature != "city" {
                continue;
            }
            let namesake = provinces.iter().find(|p| {
                let inside = matches!(p.target, Target::Entry(id) if c.sub == Some(id));
                let same_country = p.country.is_some() && p.country == c.country;
                ((c.exact || !p.exact) && inside)
                    || (c.exact && same_country && c.prior >= 5.0)
                    || (c.sub.is_none()
                        && same_country
                        && crate::resolve::haversine_km(p.lat, p.lon, c.lat, c.lon) < 60.0)
            });
            if let Some(p) = namesake {
                c.prior = c.prior.max(p.prior + NAMESAKE_CITY);
            } else if c.prior < 5.0
                && provinces.iter().any(|p| {
                    p.exact && c.exact && p.country == c.country && c.sub != target_entry(p)
                })
            {
                // "New York City and Florida": a village named like a state of its own
                // country, elsewhere in that country, is what a bare name means only when the
                // story's own places say so loudly.
                c.prior -= SMALL_NAMESAKE;
            }
        }
        // "Mexico", "Guatemala", "Luxembourg": a name that is a country's own name means the
        // country, not a province or town inside it that shares the name (the State of
        // Mexico, Guatemala City). Context cannot tell them apart: every place near the
        // namesake is also in the country, so proximity would always favour the smaller
        // one. A namesake in another country ("Mexico", Missouri) stays a candidate if the
        // name is its own, not one of its alternates ("Taiwan", an alternate of a Chinese
        // province that exists only in ISO 3166-2).
        let countries: Vec<[u8; 2]> = out
            .iter()
            .filter(|c| c.feature == "country" && c.exact)
            .filter_map(|c| c.country)
            .collect();
        if !countries.is_empty() {
            out.retain(|c| {
                c.feature == "country"
                    || (c.exact && !c.country.is_some_and(|cc| countries.contains(&cc)))
            });
        }
        out.sort_by(|a, b| b.prior.total_cmp(&a.prior));
        out.truncate(MAX_CANDIDATES);
        out
    }

    /// Candidates for a nationality word: its country, or the continent or region of a
    /// region code ("European" → Europe).
    pub(crate) fn demonym_cands(&self, key: &str) -> Vec<Cand> {
        let mut out = Vec::new();
        for h in self.kb.lookup(key) {
            let Entry::Demonym(d) = self.kb.entry(h.entry) else {
                continue;
            };
            let cand = match d.country {
                Some(c) => self.cand(c, false, false),
                None => match tables::region_of_code(d.actor) {
                    Some(RegionRef::Continent(code)) => self
                        .continents
                        .get(code)
                        .and_then(|&c| self.cand(c, false, false)),
                    Some(RegionRef::Region(name)) => tables::REGIONS
                        .iter()
                        .position(|r| r.1 == name)
                        .and_then(|i| self.region_cand(i)),
                    None => None,
                },
            };
            if let Some(c) = cand
                && !out.iter().any(|o: &Cand| o.target == c.target)
            {
                out.push(c);
            }
        }
        out
    }
}

/// Coordinates a map can show.
pub fn valid(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
}

/// The token index whose span starts at byte `start` (or the first one after it).
pub(crate) fn token_at(tokens: &[Token], start: u32) -> usize {
    tokens.partition_point(|t| t.span.start < start)
}

/// The name under tokens `r` as matching sees it: normalized words, a space where the text
/// has one.
pub fn surface(doc: &Doc, r: Range<usize>) -> String {
    let mut s = String::new();
    for i in r {
        let t = &doc.tokens[i];
        if !s.is_empty() && t.has(Token::SPACE_BEFORE) {
            s.push(' ');
        }
        s.push_str(doc.token_norm(t));
    }
    s
}

/// All place mentions of the document, by position, with containers linked.
pub fn collect(r: &PlaceResolver, doc: &Doc) -> Vec<Mention> {
    let metonyms: HashSet<Span> = doc
        .actors
        .iter()
        .flat_map(|a| a.mentions.iter())
        .filter(|m| m.kind == MentionKind::Metonym)
        .map(|m| m.span)
        .collect();
    let mut cache: HashMap<(String, bool), Rc<[Cand]>> = HashMap::new();
    let mut out: Vec<Mention> = Vec::new();
    for e in &doc.entities {
        let how = match e.label {
            EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac => {
                if metonyms.contains(&e.span) {
                    How::Metonym
                } else {
                    How::Name
                }
            }
            EntityLabel::Norp => How::Demonym,
            _ => continue,
        };
        if how == How::Demonym && !r.options.demonyms || how == How::Metonym && !r.options.metonyms
        {
            continue;
        }
        let a = token_at(&doc.tokens, e.span.start);
        let b = token_at(&doc.tokens, e.span.end);
        if a >= b || b > doc.tokens.len() {
            continue;
        }
        // A name that is only part of a token ("Cypriot" in "Cypriot-flagged", "U.S." in
        // "Canada-U.S."): its own text, not the whole token's.
        let text = if doc.tokens[a].span.start == e.span.start
            && doc.tokens[b - 1].span.end == e.span.end
        {
            surface(doc, a..b)
        } else {
            doc.slice(e.span).to_string()
        };
        let key = normalize(&text);
        if key.is_empty() {
            continue;
        }
        let demonym = how == How::Demonym;
        let cands = cache
            .entry((key.clone(), demonym))
            .or_insert_with(|| {
                if demonym {
                    r.demonym_cands(&key).into()
                } else {
                    r.name_cands(&key).into()
                }
            })
            .clone();
        if demonym && cands.is_empty() {
            continue;
        }
        out.push(Mention {
            span: e.span,
            toks: a..b,
            text,
            key,
            how,
            cands,
            container: None,
            source: "entity",
        });
    }
    if r.options.embedded {
        add_embedded(r, doc, &mut out, &mut cache);
        areas::add_hyphenated(r, doc, &mut out);
    }
    areas::add_area_names(r, doc, &mut out);
    areas::add_party_places(r, doc, &mut out);
    out.sort_by_key(|m| m.span.start);
    add_state_abbreviations(r, doc, &mut out);
    link_containers(r, doc, &mut out);
    out
}

/// Place names inside other names: "the **Georgia** School Boards Association", "**Clarke
/// County** Board of Education", "**Cypriot**-flagged" (which the entity layer reads as a
/// person's name). Only strong readings count: a country, a first-level subdivision or a
/// demonym under its display name, a capitalized word before "County"/"Parish", or the
/// first words of a local institution ([`INSTITUTION_WORDS`]: "**Delta** Police
/// Department") that name a populated place.
fn add_embedded(
    r: &PlaceResolver,
    doc: &Doc,
    out: &mut Vec<Mention>,
    cache: &mut HashMap<(String, bool), Rc<[Cand]>>,
) {
    let mut extra: Vec<Mention> = Vec::new();
    for e in &doc.entities {
        if matches!(
            e.label,
            EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac | EntityLabel::Norp
        ) || matches!(e.provenance.rule, "title" | "language")
        {
            continue;
        }
        let a = token_at(&doc.tokens, e.span.start);
        let b = token_at(&doc.tokens, e.span.end).min(doc.tokens.len());
        // "Delta Police Department", "Waterford High School", "Vancouver Coastal Health
        // Authority": a local institution named after its town. Its first words may then
        // name any populated place, not only a country or state.
        let local_institution = b > a + 1
            && (a + 1..b).any(|k| INSTITUTION_WORDS.contains(&doc.token_norm(&doc.tokens[k])));
        let mut i = a;
        while i < b {
            let word = doc.token_norm(&doc.tokens[i]);
            if !word.chars().next().is_some_and(char::is_uppercase) {
                i += 1;
                continue;
            }
            // "Clarke County", "Orleans Parish".
            if i + 1 < b && matches!(doc.token_norm(&doc.tokens[i + 1]), "County" | "Parish") {
                let text = surface(doc, i..i + 2);
                let key = normalize(&text);
                let cands = cache
                    .entry((key.clone(), false))
                    .or_insert_with(|| r.name_cands(&key).into())
                    .clone();
                extra.push(Mention {
                    span: doc.tokens[i].span.cover(doc.tokens[i + 1].span),
                    toks: i..i + 2,
                    text,
                    key,
                    how: How::Name,
                    cands,
                    container: None,
                    source: "inside-name",
                });
                i += 2;
                continue;
            }
            let mut matched = false;
            for len in (1..=3usize).rev() {
                if i + len > b {
                    continue;
                }
                let mut text = surface(doc, i..i + len);
                let mut span = doc.tokens[i].span.cover(doc.tokens[i + len - 1].span);
                // "Cypriot-flagged", "Egypt-US relations": the part before the hyphen;
                // but a capitalized part after it must be a place too ("Agence
                // France-Presse" names no place).
                if len == 1
                    && let Some((head, tail)) = text.split_once('-')
                    && !head.is_empty()
                    && (!tail.chars().next().is_some_and(char::is_uppercase)
                        || !r.kb.lookup(&normalize(tail)).is_empty())
                    && word.len() == doc.slice(span).len()
                {
                    span = dateline_doc::Span::new(
                        span.start as usize,
                        span.start as usize + head.len(),
                    );
                    text = head.to_string();
                }
                let key = normalize(&text);
                let mut demonym = false;
                let strong = r.kb.lookup(&key).into_iter().any(|h| {
                    if h.loose {
                        return false;
                    }
                    match r.kb.entry(h.entry) {
                        // Under any of its names: "the U.S. Defense Department".
                        Entry::Country(_) => true,
                        _ if h.alternate => false,
                        Entry::Subdivision(s) => s.level <= 1 && s.country == "US",
                        // Not a given name: "Adam Malik Hospital" is named after a man;
                        // not an acronym: "NATO-Russia Council" is no town called Nato.
                        // "University of Cincinnati": the place after "of" that ends
                        // the name of a university or college.
                        Entry::Place(_) => {
                            (local_institution && i == a && i + len < b
                                || i + len == b
                                    && i >= a + 2
                                    && doc.token_norm(&doc.tokens[i - 1]) == "of"
                                    && matches!(
                                        doc.token_norm(&doc.tokens[i - 2]),
                                        "University" | "College"
                                    ))
                                && r.kb.first_name_gender(word).is_none()
                                && text.chars().any(char::is_lowercase)
                        }
                        // "Organization of American States", "Association of Southeast
                        // Asian Nations": a demonym before a plural of states names a
                        // region's members, not the country.
                        Entry::Demonym(_) => {
                            demonym = true;
                            r.options.demonyms
                                && !(i + len < b
                                    && matches!(
                                        doc.token_norm(&doc.tokens[i + len]),
                                        "States"
                                            | "Nations"
                                            | "Countries"
                                            | "Peoples"
                                            | "Republics"
                                    ))
                        }
                        _ => false,
                    }
                });
                if !strong {
                    continue;
                }
                let cands = cache
                    .entry((key.clone(), demonym))
                    .or_insert_with(|| {
                        if demonym {
                            r.demonym_cands(&key).into()
                        } else {
                            r.name_cands(&key).into()
                        }
                    })
                    .clone();
                if cands.is_empty() {
                    continue;
                }
                extra.push(Mention {
                    span,
                    toks: i..i + len,
                    text,
                    key,
                    how: if demonym { How::Demonym } else { How::Name },
                    cands,
                    container: None,
                    source: "inside-name",
                });
                i += len;
                matched = true;
                break;
            }
            if !matched {
                i += 1;
            }
        }
    }
    let taken = Intervals::new(out.iter().map(|o| (o.span.start, o.span.end)));
    extra.retain(|m| !taken.overlaps(m.span.start, m.span.end));
    out.extend(extra);
}

/// Words that make a name a local institution ("… Police Department", "… High School",
/// "… Board of Education"), whose first words are then read as its town.
const INSTITUTION_WORDS: &[&str] = &[
    "Police",
    "Fire",
    "Sheriff",
    "Sheriff's",
    "School",
    "Schools",
    "High",
    "Elementary",
    "Academy",
    "Board",
    "Council",
    "Chamber",
    "Department",
    "Hospital",
    "Health",
    "Library",
    "District",
    "Authority",
    "Commission",
    "Township",
    "Municipal",
    "Regional",
    "Community",
    "College",
    "Courthouse",
    "Court",
    "Government",
    "Society",
    "Bureau",
    "Club",
    "Utilities",
    "Committee",
    "Convention",
];

/// The one-candidate list of a US state, made once per document and shared by every
/// mention of it (the resolver groups containers by their list).
#[derive(Default)]
struct StateLists(HashMap<EntryRef, Rc<[Cand]>>);

impl StateLists {
    fn of(&mut self, r: &PlaceResolver, id: EntryRef) -> Rc<[Cand]> {
        self.0
            .entry(id)
            .or_insert_with(|| r.cand(id, false, false).into_iter().collect())
            .clone()
    }
}

/// Half-open intervals, for "does any of them overlap `[a, b)`?" in O(log n) whatever
/// their order (a scan of every mention per mention would make a long document quadratic).
struct Intervals<T> {
    /// Sorted by start.
    starts: Vec<T>,
    /// The largest end among the first k intervals (by start).
    max_end: Vec<T>,
}

impl<T: Copy + Ord> Intervals<T> {
    fn new(items: impl Iterator<Item = (T, T)>) -> Intervals<T> {
        let mut v: Vec<(T, T)> = items.collect();
        v.sort_unstable();
        let mut max_end: Vec<T> = Vec::with_capacity(v.len());
        for &(_, end) in &v {
            let m = max_end.last().map_or(end, |&m: &T| m.max(end));
            max_end.push(m);
        }
        Intervals {
            starts: v.into_iter().map(|x| x.0).collect(),
            max_end,
        }
    }

    /// Some interval `[s, e)` has `s < b` and `a < e`.
    fn overlaps(&self, a: T, b: T) -> bool {
        let n = self.starts.partition_point(|&s| s < b);
        n > 0 && self.max_end[n - 1] > a
    }
}

/// "Gainesville, Ga.", "Austin, TX": a state abbreviation after a place and a comma that
/// no entity covers becomes a mention of its own (it is the container of the place). So
/// does the state of a politician's party tag: "Sen. Lindsey Graham (R-S.C.)".
fn add_state_abbreviations(r: &PlaceResolver, doc: &Doc, out: &mut Vec<Mention>) {
    let mut extra = Vec::new();
    let mut lists = StateLists::default();
    let covered = Intervals::new(out.iter().map(|o| (o.toks.start, o.toks.end)));
    let word = |k: usize| doc.token_norm(&doc.tokens[k]);
    // The token after each entity's comma, and after each "(R-", "(D-", "(I-".
    let after_comma = out.iter().filter_map(|m| {
        let comma = m.toks.end;
        (comma + 1 < doc.tokens.len() && word(comma) == ",").then_some(comma + 1)
    });
    let party_tags = (3..doc.tokens.len()).filter(|&k| {
        word(k - 1) == "-" && matches!(word(k - 2), "R" | "D" | "I") && word(k - 3) == "("
    });
    let starts: Vec<usize> = after_comma.chain(party_tags).collect();
    for next in starts {
        if covered.overlaps(next, next + 1) {
            continue;
        }
        // One token ("Ga.", "N.Y.", "TX") or two ("W. Va.").
        for len in [2usize, 1] {
            let end = next + len;
            if end > doc.tokens.len() {
                continue;
            }
            let text = surface(doc, next..end);
            let key = normalize(&text);
            let state = r.state_abbrevs.get(&key).copied().or_else(|| {
                let postal = len == 1
                    && doc.tokens[next].kind == TokenKind::Word
                    && text.len() == 2
                    && text.bytes().all(|b| b.is_ascii_uppercase());
                postal
                    .then(|| r.postal.get(text.as_str()).copied())
                    .flatten()
            });
            if let Some(id) = state {
                let span = doc.tokens[next].span.cover(doc.tokens[end - 1].span);
                extra.push(Mention {
                    span,
                    toks: next..end,
                    text,
                    key,
                    how: How::Name,
                    cands: lists.of(r, id),
                    container: None,
                    source: "state-abbreviation",
                });
                break;
            }
        }
    }
    if !extra.is_empty() {
        out.extend(extra);
        out.sort_by_key(|m| m.span.start);
        out.dedup_by_key(|m| m.span.start);
    }
}

/// Links "Place, Container" pairs: the next mention right after a comma, when it can be a
/// country, a subdivision or a state abbreviation (postal codes there count too).
fn link_containers(r: &PlaceResolver, doc: &Doc, out: &mut [Mention]) {
    let mut lists = StateLists::default();
    for i in 0..out.len().saturating_sub(1) {
        let comma = out[i].toks.end;
        if out[i + 1].toks.start != comma + 1 || doc.token_norm(&doc.tokens[comma]) != "," {
            continue;
        }
        if out[i].how == How::Demonym || out[i + 1].how == How::Demonym {
            continue;
        }
        // "Austin, TX" where the entity layer saw "TX" as an acronym-like name.
        let raw = doc.slice(out[i + 1].span);
        if let Some(&id) = r.postal.get(raw) {
            out[i + 1].cands = lists.of(r, id);
        }
        let can_contain = out[i + 1]
            .cands
            .iter()
            .any(|c| matches!(c.feature, "country" | "subdivision"));
        if can_contain {
            out[i].container = Some(i + 1);
        }
    }
    unlink_lists(doc, out);
}

/// "…flew to Geneva, Washington, New York, Tokyo and Quebec": a list of places, not
/// towns in containers. In a run of three or more places joined by commas (the last by
/// "and"/"or" too), where some place read as the container of the one before holds none
/// of its candidates, the commas separate items: no place of the run keeps a container.
/// "Austin, Texas, and Boise, Idaho" holds together, each pair consistent, and keeps them.
fn unlink_lists(doc: &Doc, out: &mut [Mention]) {
    let joined = |a: &Mention, b: &Mention| {
        let (end, start) = (a.toks.end, b.toks.start);
        let word = |k: usize| doc.token_norm(&doc.tokens[k]);
        (start == end + 1 && word(end) == ",")
            || (start == end + 2
                && matches!(word(end), "," | "and" | "or")
                && matches!(word(end + 1), "and" | "or"))
            || (start == end + 1 && matches!(word(end), "and" | "or"))
    };
    let mut i = 0;
    while i < out.len() {
        let mut j = i + 1;
        while j < out.len() && joined(&out[j - 1], &out[j]) {
            j += 1;
        }
        // Places i..j form one run.
        if j - i >= 3 {
            let inconsistent = (i..j).any(|k| {
                out[k].container.is_some_and(|c| {
                    !out[c].cands.iter().any(|outer| {
                        out[k]
                            .cands
                            .iter()
                            .any(|inner| crate::resolve::contains(outer, inner))
                    })
                })
            });
            if inconsistent {
                for m in &mut out[i..j] {
                    m.container = None;
                }
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::Intervals;

    #[test]
    fn intervals_overlap_as_a_scan_says() {
        let spans: Vec<(u32, u32)> = (0..200u32)
            .map(|i| ((i * 37) % 101, (i * 37) % 101 + (i % 7)))
            .collect();
        let index = Intervals::new(spans.iter().copied());
        for a in 0..110 {
            for len in 0..4 {
                let b = a + len;
                let scan = spans.iter().any(|&(s, e)| s < b && a < e);
                assert_eq!(index.overlaps(a, b), scan, "[{a}, {b})");
            }
        }
    }
}
