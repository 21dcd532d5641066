//! Choosing one candidate per mention from the document's own evidence.
//!
//! Scores are additive, in units of "one order of magnitude of population" (a town's prior
//! is `log10(population)`; a country's is 10, a first-level subdivision's 8). The context
//! terms are sized against that scale:
//!
//! | evidence | bonus |
//! |---|---|
//! | the mention's own container ("Paris, **Texas**") contains the candidate | +6 (−4 if not) |
//! | a subdivision, named with its kind ("Washington **state**", "the **state of** Washington") | +6 |
//! | another mention of the same name has such a container | +4 |
//! | the candidate contains what the mention is the container of | +4 |
//! | share of the article's focus country, from the other names | up to +3 |
//! | share of the article's focus subdivision | up to +3 |
//! | distance to the nearest other resolved place: < 50 / 150 / 400 / 1,000 km | +2.5 / +2 / +1 / +0.5 |
//! | a town of the publisher's country whose name the publisher's domain carries ([`Home`]) | +3 |
//!
//! The publisher's country also votes in the focus with the weight of one sure mention.
//! A candidate matched only by an alternate or former name (Korolyov, once "Kaliningrad")
//! gets half the focus-subdivision and proximity bonuses: the story's centre must not pull
//! a city's own name to a small namesake near it.
//!
//! So "Georgia" in a story with "Tbilisi" and "Georgian troops" stays the country (10 plus
//! its focus) while in a story about Athens and Gainesville, Ga. the state wins (8 plus the
//! US focus, the Georgia focus and proximity); a capital of 2 million beats a Texas town of
//! 25,000 unless the story is American and the town is near the other places; a lone
//! container settles everything. Countries and continents have a prior of 10, first-level
//! subdivisions 8, regions of the built-in table 9.
//!
//! The passes: the first uses priors and containers only; the focus and the anchors for
//! proximity are computed from its choices, and the next two passes rescore with them
//! (leave-one-out: a name's own mentions never vote for it). Names the gazetteer lacks are
//! placed last, from the resolved mentions around them. A small town abroad that the
//! mention names only by a variant spelling, in a story that names no other place in its
//! country, is left out ([`foreign_variant`]): no pin is better than a namesake's.

use crate::mentions::{Cand, How, Mention, Target};
use crate::{COMPONENT, PlaceResolver, tables};
use dateline_doc::{Doc, Place, Provenance};
use dateline_kb::{Entry, EntryRef};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::rc::Rc;

const OWN_CONTAINER: f32 = 6.0;
const OWN_CONTAINER_MISS: f32 = -4.0;
const GROUP_CONTAINER: f32 = 4.0;
const CONTAINS_CHILD: f32 = 4.0;
const FOCUS_COUNTRY: f32 = 3.0;
const FOCUS_SUB: f32 = 3.0;
/// Weight of the publisher's country in the focus, in mentions (see [`Home`]).
const HOME_COUNTRY_VOTE: f32 = 1.0;
/// A town of the publisher's country whose name the publisher's domain carries.
const HOME_TOWN: f32 = 3.0;
/// A subdivision named with its kind ("Washington state", "the state of Washington").
const AREA_WORD: f32 = 6.0;
/// The share of the story's other places a town's country needs before a name called a
/// province may be that town ([`province_named_in_country`]).
const PROVINCE_TOWN_SHARE: f32 = 0.25;

/// The kinds of [`AREA_WORDS`] that only a province is ([`Shared::called_province`]).
const PROVINCE_WORDS: &[&str] = &[
    "state",
    "province",
    "oblast",
    "governorate",
    "prefecture",
    "district",
    "department",
];

/// Lowercase words after a name, or before it with "of", that make it a subdivision's (a
/// capitalized one, "Kabul Province", "State of Mexico", is part of the name).
const AREA_WORDS: &[&str] = &[
    "state",
    "province",
    "region",
    "oblast",
    "governorate",
    "prefecture",
    "county",
    "district",
    "department",
];
/// A county's namesake town counts only this close to a resolved town of the story.
const NAMESAKE_KM: f64 = 80.0;

/// What the document's own metadata says about where it was written: the country of its
/// publisher's domain (a country-code TLD; the generic `.com`/`.net`/`.org`/`.us`, which
/// are registered mostly by US publishers, count as the US) and the domain's first label,
/// which for local papers names their town ("parisbeacon.com", "gainesvilleregister.com").
/// Read from `meta.extra["source_domain"]` (as the CLI keeps a JSONL `source_domain`) or
/// the host of `meta.url`.
#[derive(Debug, Default)]
pub(crate) struct Home {
    pub country: Option<[u8; 2]>,
    /// Lower-case letters of the domain's name part ("parisbeacon").
    pub label: String,
}

impl Home {
    pub(crate) fn of(doc: &Doc) -> Home {
        let domain = doc
            .meta
            .extra
            .get("source_domain")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| {
                let url = doc.meta.url.as_deref()?;
                let rest = url.split_once("://").map_or(url, |x| x.1);
                Some(rest.split(['/', ':', '?']).next()?.to_string())
            });
        let Some(domain) = domain else {
            return Home::default();
        };
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
        let Some(&tld) = labels.last() else {
            return Home::default();
        };
        let country = match tld {
            "com" | "net" | "org" | "us" => Some(*b"US"),
            "uk" => Some(*b"GB"),
            t if t.len() == 2 && t.bytes().all(|b| b.is_ascii_lowercase()) => {
                let b = t.as_bytes();
                Some([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()])
            }
            _ => None,
        };
        // The registrable name: the label before the TLD (and before "co"/"com" in
        // "cambridge-news.co.uk"), without a leading "www"/"news".
        let mut name_labels = &labels[..labels.len() - 1];
        if let Some((&last, rest)) = name_labels.split_last()
            && matches!(last, "co" | "com" | "org" | "net" | "ac" | "gov")
            && tld.len() == 2
        {
            name_labels = rest;
        }
        let label: String = name_labels
            .last()
            .map(|l| l.chars().filter(char::is_ascii_alphabetic).collect())
            .unwrap_or_default();
        Home { country, label }
    }

    /// Whether the publisher's domain carries this name ("Paris" in "parisbeacon").
    fn names(&self, key: &str) -> bool {
        let letters: String = key
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        letters.len() >= 4 && self.label.contains(&letters)
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

fn proximity_bonus(km: f64) -> f32 {
    match km {
        d if d < 50.0 => 2.5,
        d if d < 150.0 => 2.0,
        d if d < 400.0 => 1.0,
        d if d < 1000.0 => 0.5,
        _ => 0.0,
    }
}

/// Does candidate `outer` (a country or subdivision) contain `inner`?
pub(crate) fn contains(outer: &Cand, inner: &Cand) -> bool {
    if outer.target == inner.target {
        return false;
    }
    match outer.feature {
        "country" => inner.country.is_some() && inner.country == outer.country,
        "subdivision" => match (outer.target, inner.sub) {
            (Target::Entry(id), Some(sub)) => sub == id && inner.feature != "country",
            _ => false,
        },
        _ => false,
    }
}

/// Votes for countries and subdivisions, kept per name so a name can be left out of its
/// own focus.
#[derive(Default)]
struct Focus {
    country: HashMap<[u8; 2], f32>,
    sub: HashMap<EntryRef, f32>,
    total: f32,
    /// Per name: (country, sub, weight) of each of its mentions' choices.
    by_key: HashMap<String, Vec<Vote>>,
    /// Per name, its own votes summed ([`Focus::seal`]): [`Focus::shares`] is asked for
    /// every candidate of every mention, and a name mentioned thousands of times must not
    /// sum its votes again each time.
    own: HashMap<String, Own>,
}

/// A name's own votes: in all, per country, per subdivision; `empty` is what a sum of no
/// votes gives (each figure is the same sum, in the same order, as a scan of the votes).
struct Own {
    total: f32,
    country: HashMap<[u8; 2], f32>,
    sub: HashMap<EntryRef, f32>,
    empty: f32,
}

/// The key under which the publisher's country votes (no name can have it).
const HOME_KEY: &str = "\u{0}home";

/// One mention's vote: (country, first-level subdivision, weight).
type Vote = (Option<[u8; 2]>, Option<EntryRef>, f32);

impl Focus {
    fn add(&mut self, key: &str, c: &Cand, w: f32) {
        if c.country.is_none() {
            return;
        }
        if let Some(cc) = c.country {
            *self.country.entry(cc).or_default() += w;
        }
        if let Some(s) = c.sub {
            *self.sub.entry(s).or_default() += w;
        }
        self.total += w;
        self.by_key
            .entry(key.to_string())
            .or_default()
            .push((c.country, c.sub, w));
    }

    /// The publisher's country as one more (weak) mention.
    fn add_home(&mut self, home: &Home) {
        if let Some(cc) = home.country {
            *self.country.entry(cc).or_default() += HOME_COUNTRY_VOTE;
            self.total += HOME_COUNTRY_VOTE;
            self.by_key.entry(HOME_KEY.to_string()).or_default().push((
                Some(cc),
                None,
                HOME_COUNTRY_VOTE,
            ));
        }
    }

    /// Sums each name's own votes once, after the last [`Focus::add`].
    fn seal(&mut self) {
        self.own = self
            .by_key
            .iter()
            .map(|(key, v)| {
                let mut country = HashMap::new();
                let mut sub = HashMap::new();
                for x in v {
                    if let Some(cc) = x.0 {
                        country.entry(cc).or_insert_with(|| {
                            v.iter()
                                .filter(|y| y.0 == Some(cc))
                                .map(|y| y.2)
                                .sum::<f32>()
                        });
                    }
                    if let Some(s) = x.1 {
                        sub.entry(s).or_insert_with(|| {
                            v.iter()
                                .filter(|y| y.1 == Some(s))
                                .map(|y| y.2)
                                .sum::<f32>()
                        });
                    }
                }
                let own = Own {
                    total: v.iter().map(|x| x.2).sum(),
                    country,
                    sub,
                    // What the scan summed when the name had no vote for a country.
                    empty: std::iter::empty::<f32>().sum(),
                };
                (key.clone(), own)
            })
            .collect();
    }

    /// A name's own votes, for [`Focus::shares`] (looked up once per mention, not per
    /// candidate).
    fn own(&self, key: &str) -> Option<&Own> {
        self.own.get(key)
    }

    /// Whether places other than the name whose own votes are `own` voted at all.
    fn has_other_votes(&self, own: Option<&Own>) -> bool {
        self.total - own.map_or(0.0, |o| o.total) > 0.0
    }

    /// (country share, subdivision share) of `c` without the votes of the name whose own
    /// votes are `own` ([`Focus::own`]).
    fn shares(&self, own: Option<&Own>, c: &Cand) -> (f32, f32) {
        let own_total: f32 = own.map_or(0.0, |o| o.total);
        let total = self.total - own_total;
        if total <= 0.0 {
            return (0.0, 0.0);
        }
        let cs = c.country.map_or(0.0, |cc| {
            let own_cc: f32 = own.map_or(0.0, |o| o.country.get(&cc).copied().unwrap_or(o.empty));
            self.country.get(&cc).copied().unwrap_or(0.0) - own_cc
        });
        let ss = c.sub.map_or(0.0, |s| {
            let own_s: f32 = own.map_or(0.0, |o| o.sub.get(&s).copied().unwrap_or(o.empty));
            self.sub.get(&s).copied().unwrap_or(0.0) - own_s
        });
        ((cs / total).clamp(0.0, 1.0), (ss / total).clamp(0.0, 1.0))
    }
}

/// A resolved point that other mentions can be near.
struct Anchor<'k> {
    key: &'k str,
    lat: f64,
    lon: f64,
}

struct State {
    /// Chosen candidate per mention, with its score and the runner-up's.
    chosen: Vec<Option<(usize, f32, f32)>>,
}

/// Points of every candidate of each distinct name (towns and subdivisions), for
/// [`co_candidates`]; at most [`MAX_POINT_NAMES`] names.
fn points_of(mentions: &[Mention]) -> Vec<(&str, Vec<(f64, f64)>)> {
    let mut out: Vec<(&str, Vec<(f64, f64)>)> = Vec::new();
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for m in mentions {
        if m.how == How::Demonym || !seen.insert(m.key.as_str()) {
            continue;
        }
        if out.len() >= MAX_POINT_NAMES {
            break;
        }
        let pts: Vec<(f64, f64)> = m
            .cands
            .iter()
            .filter(|c| matches!(c.feature, "city" | "subdivision"))
            .map(|c| (c.lat, c.lon))
            .collect();
        if !pts.is_empty() {
            out.push((m.key.as_str(), pts));
        }
    }
    out
}

/// At most this many distinct names take part in candidate co-location.
const MAX_POINT_NAMES: usize = 40;

/// Fast distance for short ranges (equirectangular), in km.
/// At most this many resolved towns anchor the distance bonus.
const MAX_ANCHORS: usize = 64;

fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    // Only distances under 1,000 km earn a bonus, and a degree of latitude is 111 km:
    // most pairs are rejected here without trigonometry (this runs for every candidate
    // against every other name's candidates).
    if (lat2 - lat1).abs() > 9.5 {
        return f64::INFINITY;
    }
    let x = (lon2 - lon1).to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

/// Co-location: other names of the story that *can* be near this candidate ("Gainesville"
/// and "Lindsay" both have readings in north Texas), whatever they were resolved to so
/// far. Half the proximity bonus per such name, at most 2.5 in all.
fn co_candidates(key: &str, c: &Cand, points: &[(&str, Vec<(f64, f64)>)]) -> f32 {
    let mut sum = 0.0;
    for (k, pts) in points {
        if *k == key {
            continue;
        }
        let d = pts
            .iter()
            .map(|&(la, lo)| approx_km(c.lat, c.lon, la, lo))
            .fold(f64::INFINITY, f64::min);
        sum += 0.5 * proximity_bonus(d);
    }
    sum.min(2.5)
}

/// What the passes of [`resolve`] share: each mention's name as a number, the containers
/// each name has and what each mention contains (fixed by the mentions), and the
/// co-location scores, which depend only on a name and a point.
struct Shared {
    /// Per mention, a number for its name (mentions of one name share it).
    key_id: Vec<u32>,
    /// Per name: the candidate lists of the containers any of its mentions has ("Paris,
    /// Texas" once makes every "Paris" of the document lean to Texas), each list once (a
    /// story naming "Paris, Texas" a thousand times has one "Texas" list, shared).
    group_containers: HashMap<u32, Vec<Rc<[Cand]>>>,
    /// What each mention is the container of.
    children: Vec<Vec<usize>>,
    /// [`co_candidates`] by (name, latitude, longitude): `points` is the same every pass,
    /// so a name mentioned a thousand times is compared with the other names once.
    co: HashMap<(u32, u64, u64), f32>,
    /// Per mention: the word after it, or before it with "of", names a kind of subdivision
    /// ("Washington state", "Kabul province", "the state of Washington"), or the name is
    /// one of a list after a plural one ("the provinces of Nyanza, Rift Valley and
    /// Western").
    named_with_kind: Vec<bool>,
    /// Per mention: that kind is a province's ([`PROVINCE_WORDS`]), not a region's or a
    /// county's, which a town may also head ("the Sydney region").
    called_province: Vec<bool>,
}

impl Shared {
    fn new(doc: &Doc, mentions: &[Mention]) -> Shared {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let key_id: Vec<u32> = mentions
            .iter()
            .map(|m| {
                let next = ids.len() as u32;
                *ids.entry(m.key.as_str()).or_insert(next)
            })
            .collect();
        let mut group_containers: HashMap<u32, Vec<Rc<[Cand]>>> = HashMap::new();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); mentions.len()];
        for (i, m) in mentions.iter().enumerate() {
            if let Some(c) = m.container {
                let lists = group_containers.entry(key_id[i]).or_default();
                if !lists.iter().any(|l| Rc::ptr_eq(l, &mentions[c].cands)) {
                    lists.push(mentions[c].cands.clone());
                }
                children[c].push(i);
            }
        }
        let word = |i: usize| doc.tokens.get(i).map(|t| doc.token_norm(t));
        // The kind of subdivision a word names, and whether it is a plural.
        let area_at = |i: usize| -> Option<(&'static str, bool)> {
            let w = word(i)?;
            if w == "counties" {
                return Some(("county", true));
            }
            let (stem, plural) = match w.strip_suffix('s') {
                Some(stem) if AREA_WORDS.contains(&stem) => (stem, true),
                _ => (w, false),
            };
            AREA_WORDS
                .iter()
                .find(|a| **a == stem)
                .map(|a| (*a, plural))
        };
        // "Kabul province", "the province of Kabul", and every name of "the provinces of
        // Nyanza, Rift Valley and Western" (a plural only: in "the region of Lombardy,
        // Milan and Bergamo" only Lombardy is the region).
        let kind_of = |m: &Mention| -> Option<&'static str> {
            if let Some((kind, _)) = area_at(m.toks.end) {
                return Some(kind);
            }
            let start = m.toks.start;
            let mut k = start;
            while k > 0 && start - k < 16 {
                k -= 1;
                let w = word(k)?;
                if w == "of" {
                    let (kind, plural) = area_at(k.checked_sub(1)?)?;
                    return (k + 1 == start || plural).then_some(kind);
                }
                let capitalized = w.starts_with(|c: char| c.is_uppercase());
                if !(capitalized || w == "," || w == "and") {
                    return None;
                }
            }
            None
        };
        let kinds: Vec<Option<&'static str>> = mentions.iter().map(kind_of).collect();
        let named_with_kind = kinds.iter().map(Option::is_some).collect();
        let called_province = kinds
            .iter()
            .map(|k| k.is_some_and(|k| PROVINCE_WORDS.contains(&k)))
            .collect();
        Shared {
            key_id,
            group_containers,
            children,
            co: HashMap::new(),
            named_with_kind,
            called_province,
        }
    }
}

fn score_all(
    mentions: &[Mention],
    home: &Home,
    state: &mut State,
    focus: Option<&Focus>,
    anchors: &[Anchor<'_>],
    points: &[(&str, Vec<(f64, f64)>)],
    shared: &mut Shared,
) {
    let children = &shared.children;
    for (i, m) in mentions.iter().enumerate() {
        if m.cands.is_empty() {
            continue;
        }
        let mut best: Option<(usize, f32)> = None;
        let mut second = f32::NEG_INFINITY;
        let home_town = m.how != How::Demonym && home.names(&m.key);
        let key_id = shared.key_id[i];
        let own = focus.and_then(|f| f.own(&m.key));
        for (ci, c) in m.cands.iter().enumerate() {
            let mut s = c.prior;
            if home_town && c.feature == "city" && c.country.is_some() && c.country == home.country
            {
                s += HOME_TOWN;
            }
            if let Some(k) = m.container {
                let inside = mentions[k].cands.iter().any(|o| contains(o, c));
                s += if inside {
                    OWN_CONTAINER
                } else {
                    OWN_CONTAINER_MISS
                };
            } else if let Some(lists) = shared.group_containers.get(&key_id)
                && lists.iter().any(|list| list.iter().any(|o| contains(o, c)))
            {
                s += GROUP_CONTAINER;
            }
            // Half for a subdivision the name is only an alternate of: "Washington state" is
            // the state, not the District of Columbia that is also called "Washington".
            if shared.named_with_kind[i] && c.feature == "subdivision" {
                s += if c.exact { AREA_WORD } else { AREA_WORD / 2.0 };
            }
            if children[i].iter().any(|&ch| {
                state.chosen[ch].is_some_and(|(cc, ..)| {
                    mentions[ch]
                        .cands
                        .get(cc)
                        .is_some_and(|inner| contains(c, inner))
                })
            }) {
                s += CONTAINS_CHILD;
            }
            if let Some(f) = focus {
                let (cs, ss) = f.shares(own, c);
                s += FOCUS_COUNTRY * cs + FOCUS_SUB * ss * if c.exact { 1.0 } else { 0.5 };
            }
            if matches!(c.feature, "city" | "subdivision") {
                let near = anchors
                    .iter()
                    .filter(|a| a.key != m.key)
                    .map(|a| {
                        if (a.lat - c.lat).abs() > 9.5 {
                            // Farther than any bonus reaches; skip the trigonometry.
                            f64::INFINITY
                        } else {
                            haversine_km(a.lat, a.lon, c.lat, c.lon)
                        }
                    })
                    .fold(f64::INFINITY, f64::min);
                s += proximity_bonus(near) * if c.exact { 1.0 } else { 0.5 };
                s += *shared
                    .co
                    .entry((key_id, c.lat.to_bits(), c.lon.to_bits()))
                    .or_insert_with(|| co_candidates(&m.key, c, points));
            }
            match best {
                Some((_, b)) if s <= b => second = second.max(s),
                _ => {
                    if let Some((_, b)) = best {
                        second = second.max(b);
                    }
                    best = Some((ci, s));
                }
            }
        }
        state.chosen[i] = best.map(|(ci, s)| (ci, s, second));
    }
    // One sense per discourse: mentions of a name without a container of their own take
    // the choice of the name's best-scored mention.
    let mut by_key: HashMap<&str, (usize, f32)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some((_, s, _)) = state.chosen[i] {
            let e = by_key.entry(m.key.as_str()).or_insert((i, s));
            if s > e.1 {
                *e = (i, s);
            }
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.container.is_some() || m.how == How::Demonym {
            continue;
        }
        if let Some(&(j, _)) = by_key.get(m.key.as_str())
            && j != i
            && let (Some(mine), Some(theirs)) = (state.chosen[i], state.chosen[j])
        {
            state.chosen[i] = Some((theirs.0, mine.1.max(theirs.1), mine.2.max(theirs.2)));
        }
    }
}

fn focus_of(mentions: &[Mention], state: &State, home: &Home) -> Focus {
    let mut f = Focus::default();
    f.add_home(home);
    for (i, m) in mentions.iter().enumerate() {
        if let Some((ci, s, second)) = state.chosen[i]
            && let Some(c) = m.cands.get(ci)
        {
            // Sure choices (one candidate, a container, a wide margin) count in full.
            let sure = m.cands.len() == 1 || m.container.is_some() || s - second > 2.0;
            let w = if m.how == How::Demonym { 0.5 } else { 1.0 };
            let w = if sure { w } else { w * 0.5 };
            f.add(&m.key, c, w);
        }
    }
    f.seal();
    f
}

fn anchors_of<'m>(mentions: &'m [Mention], state: &State) -> Vec<Anchor<'m>> {
    let mut out: Vec<Anchor<'m>> = Vec::new();
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.how == How::Demonym {
            continue;
        }
        // Every candidate of every mention is compared with every anchor: a bounded
        // number keeps a book-length document linear.
        if out.len() >= MAX_ANCHORS {
            break;
        }
        if let Some((ci, ..)) = state.chosen[i]
            && let Some(c) = m.cands.get(ci)
            && c.feature == "city"
            && seen.insert(m.key.as_str())
        {
            out.push(Anchor {
                key: &m.key,
                lat: c.lat,
                lon: c.lon,
            });
        }
    }
    out
}

/// Resolves every mention and builds the layer.
pub fn resolve(r: &PlaceResolver, doc: &Doc, mentions: Vec<Mention>) -> Vec<Place> {
    let mut state = State {
        chosen: vec![None; mentions.len()],
    };
    let points = points_of(&mentions);
    let home = Home::of(doc);
    let mut shared = Shared::new(doc, &mentions);
    score_all(
        &mentions,
        &home,
        &mut state,
        None,
        &[],
        &points,
        &mut shared,
    );
    for _ in 0..3 {
        let focus = focus_of(&mentions, &state, &home);
        let anchors = anchors_of(&mentions, &state);
        score_all(
            &mentions,
            &home,
            &mut state,
            Some(&focus),
            &anchors,
            &points,
            &mut shared,
        );
    }
    let focus = focus_of(&mentions, &state, &home);
    // Names the text calls a province that no province of the gazetteer answers: every
    // mention of the name goes (one sense per document), not only the one with the word.
    let not_here: HashSet<&str> = mentions
        .iter()
        .enumerate()
        .filter(|&(i, m)| {
            shared.called_province[i]
                && state.chosen[i]
                    .and_then(|(ci, ..)| m.cands.get(ci))
                    .is_some_and(|c| !province_named_in_country(m, c, &focus))
        })
        .map(|(_, m)| m.key.as_str())
        .collect();
    let mut places: Vec<Option<Place>> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (ci, s, second) = state.chosen[i]?;
            let c = m.cands.get(ci)?;
            if (shared.called_province[i] && !province_named_in_country(m, c, &focus))
                || (m.container.is_none() && not_here.contains(m.key.as_str()))
                || foreign_variant(m, c, &focus)
            {
                return None;
            }
            let margin = if second.is_finite() { s - second } else { 4.0 };
            let mut conf = 0.5 + 0.49 * (1.0 - (-margin / 2.0).exp());
            if m.how != How::Name {
                conf *= 0.9;
            }
            let rule = match (m.container.is_some(), m.cands.len(), m.source) {
                (_, _, "state-abbreviation") => "state-abbreviation",
                (_, _, "inside-name") => "inside-name",
                (true, ..) => "place-in-container",
                (false, 1, _) => "unique-name",
                _ => "context",
            };
            Some(r.place(m, c, rule, conf, false))
        })
        .collect();
    if r.options.unlisted {
        place_unlisted(r, doc, &mentions, &mut places, &home);
    }
    places.into_iter().flatten().collect()
}

/// Whether a name the text calls a province, state or region ("Nyanza province") can be
/// the chosen candidate `c`: a subdivision or region, or, when the gazetteer has no area
/// of the name at all, a town in a country the rest of the story is about (an old
/// province named after its town). A namesake town abroad is not what the story means;
/// no pin is better than one in the wrong country.
fn province_named_in_country(m: &Mention, c: &Cand, focus: &Focus) -> bool {
    if c.feature != "city" || m.cands.iter().any(|o| o.feature != "city") {
        return true;
    }
    // A story that names no other place says nothing against the town.
    !focus.has_other_votes(focus.own(&m.key))
        || focus.shares(focus.own(&m.key), c).0 >= PROVINCE_TOWN_SHARE
}

/// Whether `c` is a small town abroad that the mention names only by a variant spelling
/// ("Tawila" for Yemen's Aţ Ţawīlah, in a story about Darfur): no candidate has the name
/// as its own, no container says where, the story names other places and none of them in
/// the town's country. Such a match is a namesake far more often than the place meant;
/// without it the name is placed from the places around it, marked as estimated. A large
/// city's variant ("Peking") stays: the prior, which for a variant already has the
/// alternate-name (0.7) or loose-spelling (1.0) penalty taken off, must be under
/// [`SMALL_TOWN_PRIOR`], so towns of up to about 500,000 people (a million for a loose
/// spelling) count as small.
fn foreign_variant(m: &Mention, c: &Cand, focus: &Focus) -> bool {
    let own = focus.own(&m.key);
    c.feature == "city"
        && c.prior < SMALL_TOWN_PRIOR
        && m.how == How::Name
        && m.container.is_none()
        && m.cands.iter().all(|o| !o.exact)
        && focus.has_other_votes(own)
        && focus.shares(own, c).0 <= 0.0
}

/// The highest prior of a variant's town that [`foreign_variant`] leaves out.
const SMALL_TOWN_PRIOR: f32 = 5.0;

/// Names the gazetteer lacks: a county's namesake town near the story, the container after
/// "in"/"near"/a comma, or the nearest resolved place in the text.
fn place_unlisted(
    r: &PlaceResolver,
    doc: &Doc,
    mentions: &[Mention],
    places: &mut [Option<Place>],
    home: &Home,
) {
    // The country the story is set in: the most frequent country of the places resolved
    // from the gazetteer, the publisher's country counting as one more. A guess that lands
    // elsewhere (a "Henry County" put in France beside a misread "Paris") is left out:
    // those were wrong far more often than right.
    let mut votes: HashMap<&str, f32> = HashMap::new();
    for p in places.iter().flatten() {
        if let Some(cc) = p.country.as_deref() {
            *votes.entry(cc).or_default() += 1.0;
        }
    }
    let home_cc = home
        .country
        .and_then(|cc| std::str::from_utf8(&cc).ok().map(str::to_string));
    if let Some(cc) = home_cc.as_deref() {
        *votes.entry(cc).or_default() += HOME_COUNTRY_VOTE;
    }
    let story_country: Option<String> = votes
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(cc, _)| cc.to_string());
    let in_story = |p: &Place| story_country.is_none() || p.country == story_country;
    let resolved: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            places[i]
                .as_ref()
                .is_some_and(|p| matches!(p.feature, "city" | "subdivision"))
        })
        .collect();
    let unlisted: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            places[i].is_none() && mentions[i].cands.is_empty() && mentions[i].how == How::Name
        })
        .collect();
    // The resolved mentions by first token (position in `resolved` kept), so that "a
    // resolved place starting within these tokens" is a binary search, not a scan of every
    // resolved place per unlisted name.
    let mut by_start: Vec<(usize, usize)> = resolved
        .iter()
        .enumerate()
        .map(|(r, &j)| (mentions[j].toks.start, r))
        .collect();
    by_start.sort_unstable();
    // The resolved mentions starting in tokens `from..to`, as positions in `resolved`.
    let starting_in = |from: usize, to: usize| {
        let a = by_start.partition_point(|&(t, _)| t < from);
        let b = by_start.partition_point(|&(t, _)| t < to);
        by_start[a..b.max(a)].iter().map(|&(_, r)| r)
    };
    // What a county's namesake town depends on is the same for every mention of the name.
    let mut namesakes: HashMap<&str, Option<Place>> = HashMap::new();
    let area = AreaContext::new(places, &resolved);
    // First the strong evidence: a namesake town for a county, a container.
    for &i in &unlisted {
        let m = &mentions[i];
        // "DeKalb County": the town of that name closest to the story's places.
        let namesake = namesakes
            .entry(m.key.as_str())
            .or_insert_with(|| r.area_namesake(m, &area))
            .clone()
            .map(|mut p| {
                // The span and words of this mention, not of the first one asked about.
                p.span = m.span;
                p.name = surface_name(m);
                p
            });
        if let Some(p) = namesake
            && in_story(&p)
        {
            places[i] = Some(p);
            continue;
        }
        // "Joint Base Elmendorf-Richardson in Anchorage", "Lake Lanier, Ga.": a resolved
        // place within two words after a locative or comma.
        let end = m.toks.end;
        let linked = (end < doc.tokens.len()
            && matches!(
                doc.token_norm(&doc.tokens[end]).to_lowercase().as_str(),
                "in" | "near" | "outside" | "at" | "," | "of"
            ))
        .then(|| starting_in(end + 1, end + 3).min().map(|r| resolved[r]))
        .flatten();
        if let Some(j) = linked
            && let Some(p) = places[j].as_ref()
        {
            places[i] = Some(r.borrowed(m, p, "container", 0.45));
        }
    }
    // Only these strong placements are copied to the name's other mentions: a nearest-place
    // guess copied across the story multiplied its errors.
    let strong: Vec<bool> = places.iter().map(Option::is_some).collect();
    // Per name, the first two unlisted mentions placed strongly (in `unlisted` order): the
    // first other than a given mention is one of them.
    let mut strong_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for &j in &unlisted {
        if strong[j] {
            let list = strong_of.entry(mentions[j].key.as_str()).or_default();
            if list.len() < 2 {
                list.push(j);
            }
        }
    }
    let sentences_sorted = doc
        .sentences
        .windows(2)
        .all(|w| w[0].tokens.end <= w[1].tokens.start);
    // Then every other mention of a name placed that way goes with it, and the rest go to
    // the nearest resolved town (else subdivision) of their sentence: beyond the sentence
    // a guess is wrong more often than right.
    for &i in &unlisted {
        if places[i].is_some() {
            continue;
        }
        let m = &mentions[i];
        // A strong placement is never undone, so `strong[j]` means `places[j]` is set.
        let same = strong_of
            .get(m.key.as_str())
            .and_then(|list| list.iter().copied().find(|&j| j != i));
        if let Some(j) = same
            && let Some(p) = places[j].clone()
        {
            let mut p = r.borrowed(m, &p, "same-name", 0.4);
            p.name = m.text.clone();
            places[i] = Some(p);
            continue;
        }
        let holds = |s: &dateline_doc::Sentence| {
            s.tokens.start as usize <= m.toks.start && m.toks.start < s.tokens.end as usize
        };
        let sentence = if sentences_sorted {
            // Sentences follow each other: the first that ends after the token is the only
            // one that can hold it.
            let at = doc
                .sentences
                .partition_point(|s| (s.tokens.end as usize) <= m.toks.start);
            doc.sentences.get(at).filter(|s| holds(s))
        } else {
            doc.sentences.iter().find(|s| holds(s))
        }
        .map(|s| s.tokens.start as usize..s.tokens.end as usize);
        let Some(sentence) = sentence else { continue };
        // The nearest by (not a town, distance), the earliest in `resolved` on a tie.
        let nearest = starting_in(sentence.start, sentence.end)
            .map(|r| {
                let j = resolved[r];
                let d = mentions[j].toks.start.abs_diff(m.toks.start);
                let town = places[j].as_ref().is_some_and(|p| p.feature == "city");
                ((!town, d, r), j)
            })
            .min()
            .map(|(_, j)| j);
        if let Some(j) = nearest
            && let Some(p) = places[j].as_ref()
            && in_story(p)
        {
            places[i] = Some(r.borrowed(m, p, "nearest-place", 0.2));
        }
    }
    // Last, a street of the story that nothing placed, written where a place stands ("at
    // 400 Locust St.", "on Hills Road"), goes to the story's town: streets are local. Other
    // facilities (a tower, an arena, a hall) are often famous ones elsewhere, and a street
    // used for what it stands for ("Wall Street firms") is no address.
    let facilities: HashSet<dateline_doc::Span> = doc
        .entities
        .iter()
        .filter(|e| e.label == dateline_doc::EntityLabel::Fac)
        .map(|e| e.span)
        .collect();
    if let Some(town) = story_town(places, &resolved, &in_story) {
        for &i in &unlisted {
            let m = &mentions[i];
            if places[i].is_none() && facilities.contains(&m.span) && is_address(doc, m) {
                places[i] = Some(r.borrowed(m, &town, "story-town", 0.1));
            }
        }
    }
}

/// The last words of the name of a street, or of a park or square of a town.
const STREET_HEADS: &[&str] = &[
    "road",
    "rd",
    "street",
    "st",
    "avenue",
    "ave",
    "drive",
    "dr",
    "lane",
    "ln",
    "boulevard",
    "blvd",
    "way",
    "court",
    "ct",
    "place",
    "circle",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "trail",
    "terrace",
    "pike",
    "trafficway",
    "park",
    "field",
    "market",
    "square",
    "plaza",
];

/// Whether a mention is a street written as an address: its last word a street's, after
/// a house number or a preposition of place, and not a modifier of a noun after it
/// ("Wall Street firms", "the Main Street crowd").
fn is_address(doc: &Doc, m: &Mention) -> bool {
    let word = |i: usize| {
        doc.tokens
            .get(i)
            .map(|t| doc.token_norm(t).trim_end_matches('.').to_ascii_lowercase())
    };
    let Some(last) = m.toks.end.checked_sub(1).and_then(word) else {
        return false;
    };
    if !STREET_HEADS.contains(&last.as_str()) {
        return false;
    }
    let before = m.toks.start.checked_sub(1).and_then(word);
    let located = before.as_deref().is_some_and(|w| {
        w.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            || matches!(
                w,
                "on" | "at" | "along" | "near" | "off" | "onto" | "between" | "and" | "of" | "in"
            )
    });
    // A lower-case word after the name that is no word of a clause's frame is a noun the
    // name modifies.
    let modifier = word(m.toks.end).is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && !FRAME_WORDS.contains(&w.as_str())
    });
    located && !modifier
}

/// Words that may follow an address in a clause: prepositions, conjunctions, relative
/// words and the commonest verbs.
const FRAME_WORDS: &[&str] = &[
    "in", "on", "at", "and", "or", "but", "to", "from", "near", "between", "where", "which",
    "that", "who", "when", "as", "by", "for", "with", "of", "after", "before", "until", "into",
    "is", "was", "were", "are", "has", "had", "have", "will", "would", "can", "could", "about",
    "around", "just", "early", "late", "last", "this", "then", "said", "says",
];

/// The town a story is set in: of the towns resolved from the gazetteer in the story's
/// country, the one named at least twice and in at least half of the towns' mentions;
/// `None` otherwise.
fn story_town(
    places: &[Option<Place>],
    resolved: &[usize],
    in_story: &dyn Fn(&Place) -> bool,
) -> Option<Place> {
    // Per distinct town (by its point): mentions, and one mention's index.
    let mut towns: HashMap<(u64, u64), (usize, usize)> = HashMap::new();
    for &j in resolved {
        let Some(p) = places[j].as_ref() else {
            continue;
        };
        if p.feature != "city" || p.estimated || !in_story(p) {
            continue;
        }
        towns
            .entry((p.lat.to_bits(), p.lon.to_bits()))
            .or_insert((0, j))
            .0 += 1;
    }
    let most = towns.values().map(|t| t.0).max()?;
    let all: usize = towns.values().map(|t| t.0).sum();
    // A local story names its town again and again; a national one many towns.
    if most < 2 || most * 2 < all {
        return None;
    }
    let mut top = towns.values().filter(|t| t.0 == most);
    let first = *top.next()?;
    if top.next().is_some() {
        return None;
    }
    places[first.1].clone()
}

impl PlaceResolver {
    /// The output record of a candidate.
    fn place(
        &self,
        m: &Mention,
        c: &Cand,
        rule: &'static str,
        conf: f32,
        estimated: bool,
    ) -> Place {
        let (name, geonameid) = match c.target {
            Target::Entry(id) => {
                let e = self.kb.entry(id);
                let gid = match e {
                    Entry::Country(x) => x.geonameid,
                    Entry::Subdivision(x) => x.geonameid,
                    Entry::Place(x) => Some(x.geonameid),
                    Entry::Continent(x) => x.geonameid,
                    _ => None,
                };
                (e.name().to_string(), gid)
            }
            Target::Region(i) => (tables::REGIONS.get(i).map_or("", |r| r.1).to_string(), None),
        };
        let subdivision = c.sub.and_then(|s| match self.kb.entry(s) {
            Entry::Subdivision(s) => Some(s.code.to_string()),
            _ => None,
        });
        Place {
            span: m.span,
            name,
            lat: c.lat,
            lon: c.lon,
            country: c
                .country
                .and_then(|cc| std::str::from_utf8(&cc).ok().map(str::to_string)),
            subdivision,
            feature: if estimated { "unlisted" } else { c.feature },
            geonameid,
            mention: m.how.as_str(),
            estimated,
            provenance: Provenance::rule(COMPONENT, rule).with_confidence(conf.clamp(0.0, 1.0)),
        }
    }

    /// A mention placed at another place's point.
    fn borrowed(&self, m: &Mention, p: &Place, rule: &'static str, conf: f32) -> Place {
        Place {
            span: m.span,
            name: surface_name(m),
            lat: p.lat,
            lon: p.lon,
            country: p.country.clone(),
            subdivision: p.subdivision.clone(),
            feature: "unlisted",
            geonameid: None,
            mention: m.how.as_str(),
            estimated: true,
            provenance: Provenance::rule(COMPONENT, rule).with_confidence(conf),
        }
    }

    /// "DeKalb County" → the place called "DeKalb" in the story's focus subdivision or
    /// near its other places.
    fn area_namesake(&self, m: &Mention, area: &AreaContext) -> Option<Place> {
        let (base, suffix) = m.key.rsplit_once(' ')?;
        if !tables::AREA_SUFFIXES.contains(&suffix) || base.is_empty() {
            return None;
        }
        let mut best: Option<(f32, Cand)> = None;
        for c in self.name_cands(base) {
            if c.feature != "city" {
                continue;
            }
            let sub_code = c.sub.and_then(|s| match self.kb.entry(s) {
                Entry::Subdivision(s) => Some(s.code),
                _ => None,
            });
            let in_focus = sub_code.is_some_and(|code| area.subs.contains(code));
            let near = area
                .towns
                .iter()
                .map(|&(lat, lon)| haversine_km(lat, lon, c.lat, c.lon))
                .fold(f64::INFINITY, f64::min);
            // A county is rarely far from the towns of a story that names it, and its
            // namesake town is often not in it at all (there is no town of DeKalb in
            // DeKalb County, Georgia): without a resolved town of the story nearby, the
            // guess was wrong about as often as right, so no guess.
            if near > NAMESAKE_KM {
                continue;
            }
            let s = 0.3 * c.prior + if in_focus { 2.0 } else { 0.0 } + proximity_bonus(near);
            if best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, c));
            }
        }
        let (_, c) = best?;
        let mut p = self.place(m, &c, "area-namesake", 0.4, true);
        p.name = surface_name(m);
        Some(p)
    }
}

/// What a county's namesake town is chosen by, gathered once per document: the
/// subdivisions of the resolved places, and the distinct points of the resolved towns (a
/// minimum distance does not change when a point repeats).
struct AreaContext {
    subs: foldhash::HashSet<String>,
    towns: Vec<(f64, f64)>,
}

impl AreaContext {
    fn new(places: &[Option<Place>], resolved: &[usize]) -> AreaContext {
        let subs = resolved
            .iter()
            .filter_map(|&j| places[j].as_ref()?.subdivision.clone())
            .collect();
        let mut seen = foldhash::HashSet::default();
        let towns = resolved
            .iter()
            .filter_map(|&j| places[j].as_ref())
            .filter(|p| p.feature == "city")
            .map(|p| (p.lat, p.lon))
            .filter(|&(lat, lon)| seen.insert((lat.to_bits(), lon.to_bits())))
            .collect();
        AreaContext { subs, towns }
    }
}

/// The name of an unlisted place as the text writes it.
fn surface_name(m: &Mention) -> String {
    m.text.clone()
}
