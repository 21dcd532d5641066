//! [`KbBuilder`]: in-memory records → the bytes of a KB file.
//!
//! The source-reading build ([`crate::build`]) and the hand-written fixture
//! ([`crate::Kb::fixture`]) both go through this builder, so tests exercise exactly the
//! writer that produces the real KB. Every `add_*` validates its record (non-empty name,
//! well-formed codes, latitude in [-90, 90] and longitude in [-180, 180], finite) and
//! returns [`Invalid`] instead of storing a bad row; nothing here panics on data.
//!
//! References between records that depend on other sources (a country's capital, a place's
//! subdivision, a demonym's country) are given by code or name and resolved in
//! [`KbBuilder::finish`], so records can be added in any order.

use std::collections::HashMap;

use crate::format::*;
use crate::norm::{fold, normalize};
use crate::{Gender, SeatKind};

/// A country (ISO 3166-1).
#[derive(Clone, Debug, Default)]
pub struct CountrySpec {
    pub alpha2: String,
    pub alpha3: String,
    pub name: String,
    pub alternates: Vec<String>,
    /// Representative point (GeoNames-style centre of the country), or the capital's.
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub geonameid: Option<u32>,
    /// Name of the capital; resolved to the most populous place of that name in the
    /// country.
    pub capital: Option<String>,
}

/// A subdivision (ISO 3166-2), or a second-level area that has no ISO code.
#[derive(Clone, Debug, Default)]
pub struct SubdivisionSpec {
    /// ISO 3166-2 code, e.g. "US-AK"; for a second-level area without one, its GeoNames
    /// admin code, e.g. "US.GA.219".
    pub code: String,
    pub name: String,
    pub alternates: Vec<String>,
    /// "State", "Oblast", "Region", ...
    pub kind: String,
    /// 1 for first-level subdivisions, 2 for those with a parent.
    pub level: u8,
    /// ISO code of the parent subdivision, if any.
    pub parent: Option<String>,
    /// GeoNames admin1 code ("AK", "05", "ENG") through which places are linked.
    pub geonames_admin1: Option<String>,
    pub geonameid: Option<u32>,
    pub lat: f64,
    pub lon: f64,
    /// True when the coordinates are an estimate rather than a source's centroid.
    pub estimated: bool,
    pub population: Option<u64>,
}

/// A populated place (GeoNames).
#[derive(Clone, Debug, Default)]
pub struct PlaceSpec {
    pub geonameid: u32,
    pub name: String,
    pub alternates: Vec<String>,
    pub country: String,
    /// GeoNames admin1 code; linked to the subdivision with the same code.
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A demonym or nationality adjective ("Russian", "Americans").
#[derive(Clone, Debug, Default)]
pub struct DemonymSpec {
    pub name: String,
    /// Alpha-3 of the country, or an IGO/region code ("EU", "EUR").
    pub actor: String,
    pub plural: bool,
}

/// A seat of power used as a metonym ("the Kremlin", "Washington").
#[derive(Clone, Debug)]
pub struct SeatSpec {
    pub name: String,
    pub alternates: Vec<String>,
    /// Alpha-3 of the country, or an IGO code ("EU", "NATO", "UN").
    pub actor: String,
    pub kind: SeatKind,
    pub lat: f64,
    pub lon: f64,
}

/// A continent (GeoNames).
#[derive(Clone, Debug, Default)]
pub struct ContinentSpec {
    /// Two-letter GeoNames continent code ("EU", "AF").
    pub code: String,
    pub name: String,
    pub alternates: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub geonameid: Option<u32>,
}

/// Why a record was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("empty name")]
    EmptyName,
    #[error("name longer than 65535 bytes")]
    NameTooLong,
    #[error("coordinates out of range or not finite")]
    BadCoordinates,
    #[error("malformed code {0:?}")]
    BadCode(String),
    #[error("duplicate {0}")]
    Duplicate(String),
    #[error("too many entries")]
    TooMany,
}

#[derive(Clone, Debug)]
enum Pending {
    Country {
        capital: Option<String>,
    },
    Subdivision {
        parent: Option<String>,
        admin1: Option<String>,
    },
    Place {
        admin1: Option<String>,
    },
    Actor,
    None,
}

#[derive(Clone, Debug)]
struct Rec {
    kind: u8,
    sub: u8,
    cc: [u8; 2],
    name: String,
    alternates: Vec<String>,
    lat: f32,
    lon: f32,
    population: u32,
    gid: u32,
    link: u32,
    code: String,
    extra: Option<String>,
    pending: Pending,
}

/// Builds a KB in memory; see the module docs.
#[derive(Debug, Default)]
pub struct KbBuilder {
    recs: Vec<Rec>,
    first_names: HashMap<String, Gender>,
    alpha2: HashMap<String, u32>,
    alpha3: HashMap<String, u32>,
    sub_codes: HashMap<String, u32>,
    meta: serde_json::Map<String, serde_json::Value>,
}

/// What [`KbBuilder::finish`] produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finished {
    pub bytes: Vec<u8>,
    pub name_keys: usize,
    pub first_names: usize,
    pub unresolved_links: usize,
}

fn check_coords(lat: f64, lon: f64) -> Result<(f32, f32), Invalid> {
    if lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
    {
        Ok((lat as f32, lon as f32))
    } else {
        Err(Invalid::BadCoordinates)
    }
}

fn check_name(name: &str) -> Result<String, Invalid> {
    let name = name.trim();
    if normalize(name).is_empty() {
        return Err(Invalid::EmptyName);
    }
    if name.len() > u16::MAX as usize {
        return Err(Invalid::NameTooLong);
    }
    Ok(name.to_string())
}

fn check_alpha(code: &str, len: usize) -> Result<String, Invalid> {
    let up = code.trim().to_ascii_uppercase();
    if up.len() == len && up.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(up)
    } else {
        Err(Invalid::BadCode(code.to_string()))
    }
}

fn cc_bytes(cc: &str) -> [u8; 2] {
    let b = cc.as_bytes();
    [b[0], b[1]]
}

fn clamp_pop(p: u64) -> u32 {
    p.min(u32::MAX as u64) as u32
}

impl KbBuilder {
    pub fn new() -> KbBuilder {
        KbBuilder::default()
    }

    pub fn len(&self) -> usize {
        self.recs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// Records an informational key in the Meta section (source versions, figures).
    pub fn meta(&mut self, key: &str, value: serde_json::Value) {
        self.meta.insert(key.to_string(), value);
    }

    fn push(&mut self, rec: Rec) -> Result<u32, Invalid> {
        if self.recs.len() >= MAX_ENTRIES {
            return Err(Invalid::TooMany);
        }
        self.recs.push(rec);
        Ok((self.recs.len() - 1) as u32)
    }

    pub fn add_country(&mut self, s: CountrySpec) -> Result<u32, Invalid> {
        let alpha2 = check_alpha(&s.alpha2, 2)?;
        let alpha3 = check_alpha(&s.alpha3, 3)?;
        let name = check_name(&s.name)?;
        let (lat, lon) = check_coords(s.lat, s.lon)?;
        if self.alpha2.contains_key(&alpha2) || self.alpha3.contains_key(&alpha3) {
            return Err(Invalid::Duplicate(alpha2));
        }
        let id = self.push(Rec {
            kind: KIND_COUNTRY,
            sub: 0,
            cc: cc_bytes(&alpha2),
            name,
            alternates: s.alternates,
            lat,
            lon,
            population: clamp_pop(s.population),
            gid: s.geonameid.unwrap_or(NONE),
            link: NONE,
            code: alpha3.clone(),
            extra: None,
            pending: Pending::Country { capital: s.capital },
        })?;
        self.alpha2.insert(alpha2, id);
        self.alpha3.insert(alpha3, id);
        Ok(id)
    }

    pub fn add_subdivision(&mut self, s: SubdivisionSpec) -> Result<u32, Invalid> {
        let code = s.code.trim().to_ascii_uppercase();
        // An ISO 3166-2 code ("US-AK"), or for an area without one its GeoNames admin
        // code ("US.GA.219").
        let (cc, rest, iso) = match (code.split_once('-'), code.split_once('.')) {
            (Some((cc, rest)), _) => (cc, rest, true),
            (None, Some((cc, rest))) => (cc, rest, false),
            (None, None) => return Err(Invalid::BadCode(code)),
        };
        let cc = check_alpha(cc, 2)?;
        let part_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric());
        let rest_ok = if iso {
            rest.len() <= 3 && part_ok(rest)
        } else {
            rest.len() <= 16 && rest.split('.').all(part_ok)
        };
        if !rest_ok {
            return Err(Invalid::BadCode(code));
        }
        if self.sub_codes.contains_key(&code) {
            return Err(Invalid::Duplicate(code));
        }
        let name = check_name(&s.name)?;
        let (lat, lon) = check_coords(s.lat, s.lon)?;
        let level = s.level.clamp(1, 0x7f);
        let id = self.push(Rec {
            kind: KIND_SUBDIVISION,
            sub: level | if s.estimated { SUB_ESTIMATED } else { 0 },
            cc: cc_bytes(&cc),
            name,
            alternates: s.alternates,
            lat,
            lon,
            population: clamp_pop(s.population.unwrap_or(0)),
            gid: s.geonameid.unwrap_or(NONE),
            link: NONE,
            code: code.clone(),
            extra: Some(s.kind.trim().to_string()).filter(|k| !k.is_empty()),
            pending: Pending::Subdivision {
                parent: s.parent,
                admin1: s.geonames_admin1,
            },
        })?;
        self.sub_codes.insert(code, id);
        Ok(id)
    }

    pub fn add_place(&mut self, s: PlaceSpec) -> Result<u32, Invalid> {
        let cc = check_alpha(&s.country, 2)?;
        let name = check_name(&s.name)?;
        let (lat, lon) = check_coords(s.lat, s.lon)?;
        self.push(Rec {
            kind: KIND_PLACE,
            sub: 0,
            cc: cc_bytes(&cc),
            name,
            alternates: s.alternates,
            lat,
            lon,
            population: clamp_pop(s.population),
            gid: s.geonameid,
            link: NONE,
            code: s.admin1.clone().unwrap_or_default(),
            extra: None,
            pending: Pending::Place { admin1: s.admin1 },
        })
    }

    fn actor_code(actor: &str) -> Result<String, Invalid> {
        let a = actor.trim().to_ascii_uppercase();
        if (2..=8).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(a)
        } else {
            Err(Invalid::BadCode(actor.to_string()))
        }
    }

    pub fn add_demonym(&mut self, s: DemonymSpec) -> Result<u32, Invalid> {
        let actor = Self::actor_code(&s.actor)?;
        let name = check_name(&s.name)?;
        self.push(Rec {
            kind: KIND_DEMONYM,
            sub: s.plural as u8,
            cc: [0, 0],
            name,
            alternates: Vec::new(),
            lat: f32::NAN,
            lon: f32::NAN,
            population: 0,
            gid: NONE,
            link: NONE,
            code: actor,
            extra: None,
            pending: Pending::Actor,
        })
    }

    pub fn add_seat(&mut self, s: SeatSpec) -> Result<u32, Invalid> {
        let actor = Self::actor_code(&s.actor)?;
        let name = check_name(&s.name)?;
        let (lat, lon) = check_coords(s.lat, s.lon)?;
        self.push(Rec {
            kind: KIND_SEAT,
            sub: s.kind as u8,
            cc: [0, 0],
            name,
            alternates: s.alternates,
            lat,
            lon,
            population: 0,
            gid: NONE,
            link: NONE,
            code: actor,
            extra: None,
            pending: Pending::Actor,
        })
    }

    pub fn add_continent(&mut self, s: ContinentSpec) -> Result<u32, Invalid> {
        let code = check_alpha(&s.code, 2)?;
        let name = check_name(&s.name)?;
        let (lat, lon) = check_coords(s.lat, s.lon)?;
        self.push(Rec {
            kind: KIND_CONTINENT,
            sub: 0,
            cc: [0, 0],
            name,
            alternates: s.alternates,
            lat,
            lon,
            population: clamp_pop(s.population),
            gid: s.geonameid.unwrap_or(NONE),
            link: NONE,
            code,
            extra: None,
            pending: Pending::None,
        })
    }

    /// Records a first name. A name given twice with different genders becomes `Either`.
    pub fn add_first_name(&mut self, name: &str, gender: Gender) -> Result<(), Invalid> {
        let key = normalize(name);
        if key.is_empty() {
            return Err(Invalid::EmptyName);
        }
        self.first_names
            .entry(key)
            .and_modify(|g| {
                if *g != gender {
                    *g = Gender::Either
                }
            })
            .or_insert(gender);
        Ok(())
    }

    /// Whether a first name is already recorded (its exact key).
    pub fn has_first_name(&self, name: &str) -> bool {
        self.first_names.contains_key(&normalize(name))
    }

    /// Resolves references, indexes every name and serializes the KB.
    pub fn finish(mut self) -> Finished {
        let unresolved = self.resolve_links();
        let mut strings = StringPool::default();
        let mut entries = Vec::with_capacity(self.recs.len() * RECORD_SIZE);
        for r in &self.recs {
            let name = strings.add(&r.name);
            let code = if r.code.is_empty() {
                NONE
            } else {
                strings.add(&r.code)
            };
            let extra = r.extra.as_deref().map_or(NONE, |e| strings.add(e));
            entries.push(r.kind);
            entries.push(r.sub);
            entries.extend_from_slice(&r.cc);
            entries.extend_from_slice(&name.to_le_bytes());
            entries.extend_from_slice(&r.lat.to_bits().to_le_bytes());
            entries.extend_from_slice(&r.lon.to_bits().to_le_bytes());
            entries.extend_from_slice(&r.population.to_le_bytes());
            entries.extend_from_slice(&r.gid.to_le_bytes());
            entries.extend_from_slice(&r.link.to_le_bytes());
            entries.extend_from_slice(&code.to_le_bytes());
            entries.extend_from_slice(&extra.to_le_bytes());
        }

        // Name keys: (key, id|ALT). Sorted by key, then by the default order of hits.
        let mut keys: Vec<(String, u32)> = Vec::with_capacity(self.recs.len() * 3);
        for (id, r) in self.recs.iter().enumerate() {
            let id = id as u32;
            let mut add = |s: &str, alt: bool| {
                let k = normalize(s);
                if k.is_empty() {
                    return;
                }
                let flagged = if alt { id | ALT } else { id };
                let f = fold(&k);
                if !f.is_empty() && f != k {
                    keys.push((f, flagged));
                }
                keys.push((k, flagged));
            };
            add(&r.name, false);
            for a in &r.alternates {
                add(a, true);
            }
        }
        let recs = &self.recs;
        let rank = |v: u32| {
            let r = &recs[(v & !ALT) as usize];
            let kind_rank = match r.kind {
                KIND_COUNTRY => 0,
                KIND_CONTINENT => 1,
                KIND_SUBDIVISION => 2,
                KIND_DEMONYM => 3,
                KIND_SEAT => 4,
                _ => 5,
            };
            (
                v & ALT != 0,
                kind_rank,
                std::cmp::Reverse(r.population),
                v & !ALT,
            )
        };
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| rank(a.1).cmp(&rank(b.1))));
        // One posting per entry and key: the primary-name match sorts first, keep it.
        keys.dedup_by(|b, a| a.0 == b.0 && (a.1 & !ALT) == (b.1 & !ALT));

        let mut postings: Vec<u32> = Vec::new();
        let mut map = fst::MapBuilder::memory();
        let mut name_keys = 0usize;
        let mut i = 0;
        while i < keys.len() {
            let mut j = i + 1;
            while j < keys.len() && keys[j].0 == keys[i].0 {
                j += 1;
            }
            let value = if j - i == 1 {
                SINGLE | keys[i].1 as u64
            } else {
                let off = postings.len() as u64;
                postings.push((j - i) as u32);
                postings.extend(keys[i..j].iter().map(|k| k.1));
                off
            };
            // Keys are sorted and unique here, so insertion cannot fail.
            if map.insert(keys[i].0.as_bytes(), value).is_ok() {
                name_keys += 1;
            }
            i = j;
        }
        let names_fst = map.into_inner().unwrap_or_default();

        let mut countries: Vec<(&str, u32)> =
            self.alpha2.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        countries.sort_unstable();
        let countries: Vec<u8> = countries.iter().flat_map(|c| c.1.to_le_bytes()).collect();

        let mut first: Vec<(&String, &Gender)> = self.first_names.iter().collect();
        first.sort_unstable();
        let mut fmap = fst::MapBuilder::memory();
        for (k, g) in &first {
            let _ = fmap.insert(k.as_bytes(), **g as u64);
        }
        let first_fst = fmap.into_inner().unwrap_or_default();

        let meta = serde_json::to_vec(&self.meta).unwrap_or_else(|_| b"{}".to_vec());
        let postings: Vec<u8> = postings.iter().flat_map(|p| p.to_le_bytes()).collect();

        let sections: [&[u8]; SECTION_COUNT] = [
            &entries,
            &strings.bytes,
            &names_fst,
            &postings,
            &countries,
            &first_fst,
            &meta,
        ];
        let mut out = vec![0u8; HEADER_SIZE];
        out[0..8].copy_from_slice(&MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[12..16].copy_from_slice(&(RECORD_SIZE as u32).to_le_bytes());
        out[16..20].copy_from_slice(&(self.recs.len() as u32).to_le_bytes());
        for (i, s) in sections.iter().enumerate() {
            while out.len() % 8 != 0 {
                out.push(0);
            }
            let off = out.len() as u64;
            out.extend_from_slice(s);
            let h = 24 + i * 16;
            out[h..h + 8].copy_from_slice(&off.to_le_bytes());
            out[h + 8..h + 16].copy_from_slice(&(s.len() as u64).to_le_bytes());
        }
        let sum = checksum(&[&out[..CHECKSUM_AT], &out[HEADER_SIZE..]]);
        out[CHECKSUM_AT..CHECKSUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
        Finished {
            bytes: out,
            name_keys,
            first_names: first.len(),
            unresolved_links: unresolved,
        }
    }

    /// Fills `link` from the pending references; returns how many could not be resolved.
    fn resolve_links(&mut self) -> usize {
        // (cc, admin1) → subdivision id, first level only.
        let mut admin1: HashMap<([u8; 2], String), u32> = HashMap::new();
        for (id, r) in self.recs.iter().enumerate() {
            if let Pending::Subdivision {
                admin1: Some(a), ..
            } = &r.pending
                && r.sub & !SUB_ESTIMATED == 1
            {
                admin1.insert((r.cc, a.clone()), id as u32);
            }
        }
        // (cc, exact name key) → most populous place.
        let mut capitals_wanted: HashMap<([u8; 2], String), Option<u32>> = HashMap::new();
        for r in &self.recs {
            if let Pending::Country { capital: Some(c) } = &r.pending {
                capitals_wanted.insert((r.cc, normalize(c)), None);
            }
        }
        if !capitals_wanted.is_empty() {
            for (id, r) in self.recs.iter().enumerate() {
                if r.kind != KIND_PLACE {
                    continue;
                }
                let key = (r.cc, normalize(&r.name));
                if let Some(best) = capitals_wanted.get_mut(&key) {
                    let better = match best {
                        None => true,
                        Some(b) => self.recs[*b as usize].population < r.population,
                    };
                    if better {
                        *best = Some(id as u32);
                    }
                }
            }
        }
        let mut unresolved = 0;
        let mut links = Vec::with_capacity(self.recs.len());
        for r in &self.recs {
            let link = match &r.pending {
                Pending::Country { capital: Some(c) } => capitals_wanted
                    .get(&(r.cc, normalize(c)))
                    .copied()
                    .flatten(),
                Pending::Subdivision {
                    parent: Some(p), ..
                } => self.sub_codes.get(&p.trim().to_ascii_uppercase()).copied(),
                Pending::Place { admin1: Some(a) } => admin1.get(&(r.cc, a.clone())).copied(),
                Pending::Actor => self.alpha3.get(&r.code).copied(),
                _ => {
                    links.push(NONE);
                    continue;
                }
            };
            if link.is_none() {
                unresolved += 1;
            }
            links.push(link.unwrap_or(NONE));
        }
        for (r, l) in self.recs.iter_mut().zip(links) {
            r.link = l;
        }
        // Demonyms and seats of a country carry its alpha-2.
        for i in 0..self.recs.len() {
            let r = &self.recs[i];
            if matches!(r.kind, KIND_DEMONYM | KIND_SEAT) && r.link != NONE {
                let cc = self.recs[r.link as usize].cc;
                self.recs[i].cc = cc;
            }
        }
        unresolved
    }
}

#[derive(Default)]
struct StringPool {
    bytes: Vec<u8>,
    seen: HashMap<String, u32>,
}

impl StringPool {
    fn add(&mut self, s: &str) -> u32 {
        if let Some(&o) = self.seen.get(s) {
            return o;
        }
        // Names were checked to fit a u16; codes and kinds are short. Cut at a char
        // boundary all the same rather than write a bad length.
        let mut end = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let s = &s[..end];
        let off = self.bytes.len() as u32;
        self.bytes
            .extend_from_slice(&(s.len() as u16).to_le_bytes());
        self.bytes.extend_from_slice(s.as_bytes());
        self.seen.insert(s.to_string(), off);
        off
    }
}
