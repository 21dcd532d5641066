//! The runtime side: [`Kb`] reads a KB file in place (memory-mapped or owned bytes).

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::format::*;
use crate::norm::{fold, normalize};
use crate::{Gender, SeatKind};

/// Why a KB could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error(
        "knowledge base not found at {path}: run scripts/fetch-kb.sh to fetch the sources and build it"
    )]
    Missing { path: PathBuf },
    #[error("cannot read knowledge base {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("not a dateline knowledge base (bad magic); rebuild it with scripts/fetch-kb.sh")]
    BadMagic,
    #[error(
        "knowledge base format version {found}, this build reads version {expected}; rebuild it with scripts/fetch-kb.sh"
    )]
    Version { found: u32, expected: u32 },
    #[error("corrupt knowledge base: {0}; rebuild it with scripts/fetch-kb.sh")]
    Corrupt(String),
}

/// The bytes a KB lives in. Shared so that fst maps can borrow sections without copying.
enum Backing {
    Mmap(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Backing {
    fn as_ref(&self) -> &[u8] {
        match self {
            Backing::Mmap(m) => m,
            Backing::Owned(v) => v,
        }
    }
}

/// A section of the backing bytes, usable as an fst map's storage.
#[derive(Clone)]
struct Slice {
    backing: Arc<Backing>,
    start: usize,
    end: usize,
}

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.backing.as_ref().as_ref()[self.start..self.end]
    }
}

/// A handle to one entry of the KB (its index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryRef(pub u32);

/// One lookup result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entry: EntryRef,
    /// Matched through an alternate name ("Kiev" for Kyiv), not the display name.
    pub alternate: bool,
    /// Matched only through the loose key (diacritics, punctuation ignored).
    pub loose: bool,
}

/// The kind of an entry, without its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Subdivision,
    Place,
    Demonym,
    Seat,
    Continent,
}

/// A country (ISO 3166-1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Country<'a> {
    pub id: EntryRef,
    pub alpha2: &'a str,
    pub alpha3: &'a str,
    pub name: &'a str,
    /// The capital as a place entry, when it was found among the places.
    pub capital: Option<EntryRef>,
    /// A representative point: the GeoNames-style centre of the country (or its capital).
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub geonameid: Option<u32>,
}

/// A subdivision (ISO 3166-2): a US state, a Ukrainian oblast, a French department.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Subdivision<'a> {
    pub id: EntryRef,
    /// Alpha-2 of the country.
    pub country: &'a str,
    /// ISO 3166-2 code, e.g. "US-AK"; for a second-level area without one, its GeoNames
    /// admin code, e.g. "US.GA.219".
    pub code: &'a str,
    pub name: &'a str,
    /// The ISO category: "State", "Oblast", "Region", "Province", ...
    pub kind: &'a str,
    /// 1 for first-level subdivisions, 2 for those inside another one.
    pub level: u8,
    pub parent: Option<EntryRef>,
    pub lat: f64,
    pub lon: f64,
    /// The coordinates are an estimate (see `build`), not a source's centroid.
    pub estimated: bool,
    pub population: Option<u64>,
    pub geonameid: Option<u32>,
}

/// A populated place (GeoNames, ≥ 500 inhabitants).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place<'a> {
    pub id: EntryRef,
    pub geonameid: u32,
    pub name: &'a str,
    /// Alpha-2 of the country.
    pub country: &'a str,
    /// GeoNames admin1 code ("AK", "12"); empty when unknown.
    pub admin1: &'a str,
    /// The first-level subdivision the admin1 code resolved to.
    pub subdivision: Option<EntryRef>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A demonym or nationality adjective: "Russian", "Americans", "European".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demonym<'a> {
    pub id: EntryRef,
    pub name: &'a str,
    /// Alpha-3 of the country, or an IGO/region code ("EU", "EUR").
    pub actor: &'a str,
    /// The country entry when the actor is a country.
    pub country: Option<EntryRef>,
    /// A plural noun ("Russians"), not an adjective or singular noun.
    pub plural: bool,
}

/// A seat of power that news uses as a metonym: "the Kremlin", "Washington", "Brussels".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seat<'a> {
    pub id: EntryRef,
    pub name: &'a str,
    /// Alpha-3 of the country, or an IGO code ("EU", "NATO", "UN").
    pub actor: &'a str,
    pub country: Option<EntryRef>,
    pub kind: SeatKind,
    pub lat: f64,
    pub lon: f64,
}

/// A continent (GeoNames).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Continent<'a> {
    pub id: EntryRef,
    /// GeoNames continent code: "AF", "AS", "EU", "NA", "OC", "SA", "AN".
    pub code: &'a str,
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub geonameid: Option<u32>,
}

/// One entry of the KB.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entry<'a> {
    Country(Country<'a>),
    Subdivision(Subdivision<'a>),
    Place(Place<'a>),
    Demonym(Demonym<'a>),
    Seat(Seat<'a>),
    Continent(Continent<'a>),
}

impl<'a> Entry<'a> {
    pub fn id(&self) -> EntryRef {
        match self {
            Entry::Country(e) => e.id,
            Entry::Subdivision(e) => e.id,
            Entry::Place(e) => e.id,
            Entry::Demonym(e) => e.id,
            Entry::Seat(e) => e.id,
            Entry::Continent(e) => e.id,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Entry::Country(_) => Kind::Country,
            Entry::Subdivision(_) => Kind::Subdivision,
            Entry::Place(_) => Kind::Place,
            Entry::Demonym(_) => Kind::Demonym,
            Entry::Seat(_) => Kind::Seat,
            Entry::Continent(_) => Kind::Continent,
        }
    }

    /// The display name.
    pub fn name(&self) -> &'a str {
        match self {
            Entry::Country(e) => e.name,
            Entry::Subdivision(e) => e.name,
            Entry::Place(e) => e.name,
            Entry::Demonym(e) => e.name,
            Entry::Seat(e) => e.name,
            Entry::Continent(e) => e.name,
        }
    }

    /// (lat, lon) of the entry itself; demonyms have none (follow their country).
    pub fn coords(&self) -> Option<(f64, f64)> {
        match self {
            Entry::Country(e) => Some((e.lat, e.lon)),
            Entry::Subdivision(e) => Some((e.lat, e.lon)),
            Entry::Place(e) => Some((e.lat, e.lon)),
            Entry::Seat(e) => Some((e.lat, e.lon)),
            Entry::Continent(e) => Some((e.lat, e.lon)),
            Entry::Demonym(_) => None,
        }
    }

    /// Alpha-2 of the country the entry belongs to, if any.
    pub fn country_code(&self) -> Option<&'a str> {
        let cc = match self {
            Entry::Country(e) => e.alpha2,
            Entry::Subdivision(e) => e.country,
            Entry::Place(e) => e.country,
            Entry::Demonym(_) | Entry::Seat(_) | Entry::Continent(_) => return None,
        };
        Some(cc)
    }

    /// Population, 0 when unknown or not applicable.
    pub fn population(&self) -> u64 {
        match self {
            Entry::Country(e) => e.population,
            Entry::Subdivision(e) => e.population.unwrap_or(0),
            Entry::Place(e) => e.population,
            Entry::Continent(e) => e.population,
            Entry::Demonym(_) | Entry::Seat(_) => 0,
        }
    }
}

/// Counts of what a KB holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KbStats {
    pub entries: usize,
    pub countries: usize,
    pub subdivisions: usize,
    pub places: usize,
    pub demonyms: usize,
    pub seats: usize,
    pub continents: usize,
    pub name_keys: usize,
    pub first_names: usize,
    pub bytes: usize,
}

impl fmt::Display for KbStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entries ({} countries, {} subdivisions, {} places, {} demonyms, {} seats, {} continents), {} name keys, {} first names, {} bytes",
            self.entries,
            self.countries,
            self.subdivisions,
            self.places,
            self.demonyms,
            self.seats,
            self.continents,
            self.name_keys,
            self.first_names,
            self.bytes
        )
    }
}

/// The knowledge base: read-only, `Send + Sync`, cheap to clone (the bytes are shared).
#[derive(Clone)]
pub struct Kb {
    backing: Arc<Backing>,
    entries: (usize, usize),
    strings: (usize, usize),
    postings: (usize, usize),
    countries: (usize, usize),
    meta: (usize, usize),
    entry_count: u32,
    names: fst::Map<Slice>,
    first_names: fst::Map<Slice>,
    /// Alpha-3 code → country entry: the country index is sorted by alpha-2 only, and
    /// callers map alpha-2 ⇄ alpha-3 for every place they touch.
    alpha3: std::collections::HashMap<[u8; 3], EntryRef>,
}

impl fmt::Debug for Kb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kb")
            .field("entries", &self.entry_count)
            .finish_non_exhaustive()
    }
}

impl Kb {
    /// Memory-maps a KB file and checks its header, checksum and section table (the
    /// checksum reads the whole file once: a few milliseconds for the full KB).
    pub fn open(path: &Path) -> Result<Kb, KbError> {
        let file = File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => KbError::Missing {
                path: path.to_path_buf(),
            },
            _ => KbError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        // SAFETY: the file is opened read-only and the map is never written through. As with
        // any mmap, truncating or rewriting the file while it is mapped is undefined behaviour;
        // the build writes a new KB to a temporary file and renames it into place, so a
        // running reader keeps the old inode.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| KbError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Kb::from_backing(Backing::Mmap(map))
    }

    /// Reads a KB from bytes already in memory.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Kb, KbError> {
        Kb::from_backing(Backing::Owned(bytes))
    }

    fn from_backing(backing: Backing) -> Result<Kb, KbError> {
        let b = backing.as_ref();
        if b.len() < 8 || b[0..8] != MAGIC {
            return Err(KbError::BadMagic);
        }
        if b.len() < HEADER_SIZE {
            return Err(KbError::Corrupt(format!(
                "file is {} bytes, shorter than the header",
                b.len()
            )));
        }
        let version = u32_at(b, 8);
        if version != FORMAT_VERSION {
            return Err(KbError::Version {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        if u32_at(b, 12) as usize != RECORD_SIZE {
            return Err(KbError::Corrupt("unexpected record size".into()));
        }
        if u64_at(b, CHECKSUM_AT) != checksum(&[&b[..CHECKSUM_AT], &b[HEADER_SIZE..]]) {
            return Err(KbError::Corrupt(format!(
                "checksum mismatch ({} bytes): truncated or damaged file",
                b.len()
            )));
        }
        let entry_count = u32_at(b, 16);
        if entry_count as usize > MAX_ENTRIES {
            return Err(KbError::Corrupt("entry count out of range".into()));
        }
        let mut ranges = [(0usize, 0usize); SECTION_COUNT];
        for (i, s) in SECTIONS.iter().enumerate() {
            let off = u64_at(b, 24 + i * 16);
            let len = u64_at(b, 24 + i * 16 + 8);
            let end = off.checked_add(len).filter(|&e| e <= b.len() as u64);
            let Some(end) = end else {
                return Err(KbError::Corrupt(format!(
                    "section {s:?} ({off}+{len}) extends past the end of the file ({} bytes): truncated?",
                    b.len()
                )));
            };
            if off < HEADER_SIZE as u64 {
                return Err(KbError::Corrupt(format!(
                    "section {s:?} overlaps the header"
                )));
            }
            ranges[i] = (off as usize, end as usize);
        }
        let entries = ranges[Section::Entries as usize];
        if entries.1 - entries.0 != entry_count as usize * RECORD_SIZE {
            return Err(KbError::Corrupt(
                "entries section does not match the entry count".into(),
            ));
        }
        let countries = ranges[Section::Countries as usize];
        let postings = ranges[Section::Postings as usize];
        if (countries.1 - countries.0) % 4 != 0 || (postings.1 - postings.0) % 4 != 0 {
            return Err(KbError::Corrupt("misaligned index section".into()));
        }
        let backing = Arc::new(backing);
        let fst_at = |sec: Section| -> Result<fst::Map<Slice>, KbError> {
            let (start, end) = ranges[sec as usize];
            fst::Map::new(Slice {
                backing: backing.clone(),
                start,
                end,
            })
            .map_err(|e| KbError::Corrupt(format!("section {sec:?}: {e}")))
        };
        let names = fst_at(Section::Names)?;
        let first_names = fst_at(Section::FirstNames)?;
        let mut kb = Kb {
            entries,
            strings: ranges[Section::Strings as usize],
            postings,
            countries,
            meta: ranges[Section::Meta as usize],
            entry_count,
            names,
            first_names,
            backing,
            alpha3: std::collections::HashMap::new(),
        };
        let alpha3 = kb
            .countries()
            .filter_map(|c| Some((<[u8; 3]>::try_from(c.alpha3.as_bytes()).ok()?, c.id)))
            .collect();
        kb.alpha3 = alpha3;
        Ok(kb)
    }

    /// The hand-written test KB (see `fixture.rs`): a few countries, subdivisions, places,
    /// demonyms, seats and first names, enough for unit tests of the layers that use a KB.
    pub fn fixture() -> Kb {
        crate::fixture::fixture_kb()
    }

    fn bytes(&self) -> &[u8] {
        self.backing.as_ref().as_ref()
    }

    fn section(&self, r: (usize, usize)) -> &[u8] {
        &self.bytes()[r.0..r.1]
    }

    /// Number of entries; valid ids are `0..len()`.
    pub fn len(&self) -> usize {
        self.entry_count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.entry_count == 0
    }

    fn str_at(&self, off: u32) -> &str {
        if off == NONE {
            return "";
        }
        let pool = self.section(self.strings);
        let off = off as usize;
        let len = pool
            .get(off..off + 2)
            .map_or(0, |l| u16::from_le_bytes([l[0], l[1]]) as usize);
        pool.get(off + 2..off + 2 + len)
            .and_then(|s| std::str::from_utf8(s).ok())
            .unwrap_or("")
    }

    fn link(v: u32) -> Option<EntryRef> {
        (v != NONE).then_some(EntryRef(v))
    }

    /// The entry behind `id`. Ids come from this KB's lookups; an id out of range (from
    /// another KB) yields a placeholder place named "" rather than a panic.
    pub fn entry(&self, id: EntryRef) -> Entry<'_> {
        let recs = self.section(self.entries);
        let off = id.0 as usize * RECORD_SIZE;
        let rec = recs
            .get(off..off + RECORD_SIZE)
            .unwrap_or(&[0u8; RECORD_SIZE]);
        let kind = rec[0];
        let sub = rec[1];
        let cc = std::str::from_utf8(&rec[2..4])
            .ok()
            .filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
            .unwrap_or("");
        let name = self.str_at(u32_at(rec, 4));
        let lat = f32_at(rec, 8) as f64;
        let lon = f32_at(rec, 12) as f64;
        let population = u32_at(rec, 16) as u64;
        let gid = u32_at(rec, 20);
        let link = Self::link(u32_at(rec, 24));
        let code = self.str_at(u32_at(rec, 28));
        let extra = self.str_at(u32_at(rec, 32));
        let geonameid = (gid != NONE).then_some(gid);
        match kind {
            KIND_COUNTRY => Entry::Country(Country {
                id,
                alpha2: cc,
                alpha3: code,
                name,
                capital: link,
                lat,
                lon,
                population,
                geonameid,
            }),
            KIND_SUBDIVISION => Entry::Subdivision(Subdivision {
                id,
                country: cc,
                code,
                name,
                kind: extra,
                level: sub & !SUB_ESTIMATED,
                parent: link,
                lat,
                lon,
                estimated: sub & SUB_ESTIMATED != 0,
                population: (population > 0).then_some(population),
                geonameid,
            }),
            KIND_DEMONYM => Entry::Demonym(Demonym {
                id,
                name,
                actor: code,
                country: link,
                plural: sub & 1 != 0,
            }),
            KIND_SEAT => Entry::Seat(Seat {
                id,
                name,
                actor: code,
                country: link,
                kind: SeatKind::from_u8(sub),
                lat,
                lon,
            }),
            KIND_CONTINENT => Entry::Continent(Continent {
                id,
                code,
                name,
                lat,
                lon,
                population,
                geonameid,
            }),
            _ => Entry::Place(Place {
                id,
                geonameid: gid,
                name,
                country: cc,
                admin1: code,
                subdivision: link,
                lat,
                lon,
                population,
            }),
        }
    }

    fn posting(&self, value: u64, loose: bool, out: &mut Vec<Hit>) {
        let mut push = |v: u32| {
            let id = v & !ALT;
            if id >= self.entry_count || out.iter().any(|h| h.entry.0 == id) {
                return;
            }
            out.push(Hit {
                entry: EntryRef(id),
                alternate: v & ALT != 0,
                loose,
            });
        };
        if value & SINGLE != 0 {
            push(value as u32);
            return;
        }
        let p = self.section(self.postings);
        let Some(start) = usize::try_from(value).ok().and_then(|v| v.checked_mul(4)) else {
            return;
        };
        let count = u32_at(p, start) as usize;
        let end = count.checked_mul(4).and_then(|n| n.checked_add(start + 4));
        if start + 4 > p.len() || end.is_none_or(|e| e > p.len()) {
            return;
        }
        for i in 0..count {
            push(u32_at(p, start + 4 + i * 4));
        }
    }

    /// All entries whose display name or an alternate name equals `name` under the exact
    /// key, then those that match under the loose key only (see [`crate::norm`]).
    ///
    /// Within each group the order is: display-name matches before alternate-name matches,
    /// then countries, continents, subdivisions, demonyms, seats, places, then by
    /// population (largest first). The order is a hint; callers rank with context.
    pub fn lookup(&self, name: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        let key = normalize(name);
        if key.is_empty() {
            return out;
        }
        if let Some(v) = self.names.get(key.as_bytes()) {
            self.posting(v, false, &mut out);
        }
        let loose = fold(&key);
        if loose != key
            && !loose.is_empty()
            && let Some(v) = self.names.get(loose.as_bytes())
        {
            self.posting(v, true, &mut out);
        }
        out
    }

    /// Like [`Kb::lookup`], with the entries resolved.
    pub fn lookup_entries(&self, name: &str) -> Vec<Entry<'_>> {
        self.lookup(name)
            .into_iter()
            .map(|h| self.entry(h.entry))
            .collect()
    }

    /// The country with ISO 3166-1 alpha-2 or alpha-3 code `code` (case-insensitive).
    pub fn country(&self, code: &str) -> Option<Country<'_>> {
        let code = code.trim().to_ascii_uppercase();
        let idx = self.section(self.countries);
        let n = idx.len() / 4;
        let get = |i: usize| match self.entry(EntryRef(u32_at(idx, i * 4))) {
            Entry::Country(c) => Some(c),
            _ => None,
        };
        match code.len() {
            2 => {
                // Sorted by alpha-2: binary search.
                let (mut lo, mut hi) = (0, n);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let c = get(mid)?;
                    match c.alpha2.cmp(code.as_str()) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return Some(c),
                    }
                }
                None
            }
            3 => {
                let key = <[u8; 3]>::try_from(code.as_bytes()).ok()?;
                match self.entry(*self.alpha3.get(&key)?) {
                    Entry::Country(c) => Some(c),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// All countries, by alpha-2 code.
    pub fn countries(&self) -> impl Iterator<Item = Country<'_>> + '_ {
        let idx = self.section(self.countries);
        (0..idx.len() / 4).filter_map(move |i| match self.entry(EntryRef(u32_at(idx, i * 4))) {
            Entry::Country(c) => Some(c),
            _ => None,
        })
    }

    /// The subdivision with ISO 3166-2 code `code` ("US-AK"), if present. A scan of the
    /// records (about a millisecond on the full KB): meant for setup and tests, not hot loops.
    pub fn subdivision(&self, code: &str) -> Option<Subdivision<'_>> {
        let code = code.trim().to_ascii_uppercase();
        let cc = code.as_bytes().get(0..2)?;
        let recs = self.section(self.entries);
        (0..self.entry_count).find_map(|i| {
            let off = i as usize * RECORD_SIZE;
            let rec = &recs[off..off + RECORD_SIZE];
            if rec[0] != KIND_SUBDIVISION || &rec[2..4] != cc {
                return None;
            }
            match self.entry(EntryRef(i)) {
                Entry::Subdivision(s) if s.code == code => Some(s),
                _ => None,
            }
        })
    }

    /// The gender of a first name ("Sergei" → Male), from census and name-dictionary data.
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        let key = normalize(name);
        if key.is_empty() {
            return None;
        }
        let v = self.first_names.get(key.as_bytes()).or_else(|| {
            let loose = fold(&key);
            (loose != key)
                .then(|| self.first_names.get(loose.as_bytes()))
                .flatten()
        })?;
        Gender::from_u64(v)
    }

    /// The build's informational metadata (source versions, figures), as JSON text.
    pub fn meta(&self) -> &str {
        std::str::from_utf8(self.section(self.meta)).unwrap_or("{}")
    }

    /// Counts of entries by kind, keys and bytes. Walks the records (a few ms for the full KB).
    pub fn stats(&self) -> KbStats {
        let recs = self.section(self.entries);
        let mut s = KbStats {
            entries: self.len(),
            name_keys: self.names.len(),
            first_names: self.first_names.len(),
            bytes: self.bytes().len(),
            ..KbStats::default()
        };
        for rec in recs.chunks_exact(RECORD_SIZE) {
            match rec[0] {
                KIND_COUNTRY => s.countries += 1,
                KIND_SUBDIVISION => s.subdivisions += 1,
                KIND_DEMONYM => s.demonyms += 1,
                KIND_SEAT => s.seats += 1,
                KIND_CONTINENT => s.continents += 1,
                _ => s.places += 1,
            }
        }
        s
    }
}
