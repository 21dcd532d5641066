//! Corpus-level actors and places: linking each document's actors and places to the
//! corpus's, across documents.
//!
//! ## Actors
//!
//! Within a document the entities layer has already joined "Russian President Vladimir
//! Putin", "Putin" and "he". Across documents, [`Linker::actor`] compares normalized names
//! ([`crate::names`]) with every name any earlier document used for a corpus actor:
//!
//! 1. a known name links when the type agrees and the countries do not contradict each
//!    other (an unknown country contradicts nothing); among several, full names beat
//!    surname keys, then the actor with most mentions wins;
//! 2. else a person's full name whose surname alone names a known person ("Putin" seen
//!    before "Vladimir Putin") links to that person, who takes the fuller name;
//! 3. else a new corpus actor is made, keyed by the slug of its name ("vladimir-putin",
//!    "-2" … on a clash). Keys never change afterwards, even when the name grows.
//!
//! Every name a document used is recorded for the actor (`actor_names`), and a person's
//! surname as a weaker key, so "Putin" in a later document finds "Vladimir Putin".
//!
//! ## Why a cache
//!
//! Linking is most of a document's writes: a dozen actors, each with a look-up, an update,
//! and a row per name. The linker keeps what it has read or written (names → actors,
//! actors' country, code, roles and mentions, place ids) in memory, so a name seen before
//! costs no query, and it sums name counts, and keeps what documents added to an actor
//! (country, code, roles, a fuller name), until the commit ([`Linker::flush`]): a popular
//! actor is written once per transaction, not once per document. The cache
//! is bounded ([`MAX_ENTRIES`]): past that it is written out and emptied, so memory does
//! not grow with the corpus. A rolled-back transaction empties it (its new actors are
//! gone).

use crate::StoreError;
use crate::prepare::{DocActor, DocPlace};
use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;

/// Cached names, actors and places at most before the cache is emptied.
pub const MAX_ENTRIES: usize = 400_000;

/// What linking needs to know of a corpus actor.
#[derive(Debug, Clone)]
struct Known {
    kind: String,
    country: Option<String>,
    code: Option<String>,
    name: String,
    roles: Vec<String>,
    mentions: i64,
    /// Country, code, name or roles changed since the last flush: written then.
    dirty: bool,
}

/// A name's count and kind, summed until the commit.
#[derive(Debug, Clone)]
struct NameDelta {
    name: String,
    count: i64,
    surname: bool,
    written: String,
}

type PlaceKey = (String, Option<String>, Option<u32>);

/// The linker's maps hash with FxHash: their keys are the store's own ids and names, and
/// SipHash's defence against chosen keys costs here without protecting anything.
#[derive(Debug, Default)]
pub(crate) struct Linker {
    /// Normalized name → (actor, is a surname key).
    names: FxHashMap<String, Vec<(i64, bool)>>,
    actors: FxHashMap<i64, Known>,
    places: FxHashMap<PlaceKey, i64>,
    /// Names to add per actor at the commit.
    pending: FxHashMap<i64, Vec<NameDelta>>,
    /// Counter increments (mentions, documents) of actors and places, until the commit.
    actor_counts: FxHashMap<i64, (i64, i64)>,
    place_counts: FxHashMap<i64, (i64, i64)>,
}

impl Linker {
    /// The corpus actor of a document's actor (created when the corpus has none).
    pub fn actor(&mut self, conn: &Connection, actor: &DocActor) -> Result<i64, StoreError> {
        if self.names.len() + self.actors.len() + self.places.len() > MAX_ENTRIES {
            self.flush(conn)?;
            self.names.clear();
            self.actors.clear();
            self.places.clear();
        }
        let keys = &actor.keys;
        let norm = keys.norm.as_str();
        let compatible = |country: &Option<String>| match (country, &actor.country) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };

        let mut best: Option<((bool, i64, i64), i64)> = None;
        self.load(conn, norm)?;
        for &(id, surname) in self.names.get(norm).into_iter().flatten() {
            let Some(known) = self.actors.get(&id) else {
                continue;
            };
            if known.kind != actor.kind || !compatible(&known.country) {
                continue;
            }
            let rank = (!surname, known.mentions, -id);
            if best.is_none_or(|(b, _)| rank > b) {
                best = Some((rank, id));
            }
        }
        let mut upgrade = false;
        if best.is_none()
            && let Some(last) = keys.surname.as_deref()
        {
            self.load(conn, last)?;
            for &(id, surname) in self.names.get(last).into_iter().flatten() {
                let Some(known) = self.actors.get(&id) else {
                    continue;
                };
                if surname
                    || known.kind != "person"
                    || !compatible(&known.country)
                    || crate::names::normalize(&known.name) != last
                {
                    continue;
                }
                let rank = (true, known.mentions, -id);
                if best.is_none_or(|(b, _)| rank > b) {
                    best = Some((rank, id));
                    upgrade = true;
                }
            }
        }

        let id = match best {
            Some((_, id)) => {
                self.update(id, actor, upgrade);
                id
            }
            None => self.create(conn, actor)?,
        };
        if let Some(known) = self.actors.get_mut(&id) {
            known.mentions += i64::from(actor.mentions);
        }
        self.add_name(norm, id, 0, false, &actor.name);
        for ((variant, n), v) in actor.variants.iter().zip(&keys.variants) {
            if !v.is_empty() {
                self.add_name(v, id, i64::from(*n), false, variant);
            }
        }
        if let Some(last) = keys.surname.as_deref() {
            self.add_name(last, id, 0, true, last);
        }
        Ok(id)
    }

    /// Reads from the store the actors a normalized name is known for, unless cached.
    fn load(&mut self, conn: &Connection, norm: &str) -> Result<(), StoreError> {
        if self.names.contains_key(norm) {
            return Ok(());
        }
        let found: Vec<(i64, bool)> = conn
            .prepare_cached("SELECT actor, surname FROM actor_names WHERE name = ?1")?
            .query_map([norm], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?
            .collect::<Result<_, _>>()?;
        for &(id, _) in &found {
            if self.actors.contains_key(&id) {
                continue;
            }
            let known = conn
                .prepare_cached(
                    "SELECT type, country, code, name, roles, mentions FROM actors WHERE id = ?1",
                )?
                .query_row([id], |r| {
                    let roles: String = r.get(4)?;
                    Ok(Known {
                        kind: r.get(0)?,
                        country: r.get(1)?,
                        code: r.get(2)?,
                        name: r.get(3)?,
                        roles: serde_json::from_str(&roles).unwrap_or_default(),
                        mentions: r.get(5)?,
                        dirty: false,
                    })
                })
                .optional()?;
            if let Some(known) = known {
                self.actors.insert(id, known);
            }
        }
        self.names.insert(norm.to_string(), found);
        Ok(())
    }

    /// Fills what the corpus actor lacks from a document's actor: country, code, roles, and
    /// the fuller name when `upgrade` (in the cache now, in the store at the commit).
    fn update(&mut self, id: i64, actor: &DocActor, upgrade: bool) {
        let Some(known) = self.actors.get_mut(&id) else {
            return;
        };
        let mut changed = false;
        if known.country.is_none() && actor.country.is_some() {
            known.country = actor.country.clone();
            changed = true;
        }
        if known.code.is_none() && actor.code.is_some() {
            known.code = actor.code.clone();
            changed = true;
        }
        if upgrade && known.name != actor.name {
            known.name = actor.name.clone();
            changed = true;
        }
        for role in &actor.roles {
            if known.roles.len() < 12 && !known.roles.contains(role) {
                known.roles.push(role.clone());
                changed = true;
            }
        }
        known.dirty |= changed;
    }

    fn create(&mut self, conn: &Connection, actor: &DocActor) -> Result<i64, StoreError> {
        let base = crate::names::slug(&actor.name);
        let mut key = base.clone();
        let mut n = 1;
        let mut exists = conn.prepare_cached("SELECT 1 FROM actors WHERE key = ?1")?;
        while exists.exists([&key])? {
            n += 1;
            key = format!("{base}-{n}");
        }
        conn.prepare_cached(
            "INSERT INTO actors(key, name, type, country, code, roles) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            key,
            actor.name,
            actor.kind,
            actor.country,
            actor.code,
            actor.keys.roles
        ])?;
        let id = conn.last_insert_rowid();
        self.actors.insert(
            id,
            Known {
                kind: actor.kind.to_string(),
                country: actor.country.clone(),
                code: actor.code.clone(),
                name: actor.name.clone(),
                roles: actor.roles.clone(),
                mentions: 0,
                dirty: false,
            },
        );
        Ok(id)
    }

    /// Records a name of an actor (in the cache now, in the store at the commit).
    fn add_name(&mut self, norm: &str, id: i64, count: i64, surname: bool, written: &str) {
        match self.names.get_mut(norm) {
            Some(entry) => match entry.iter_mut().find(|(a, _)| *a == id) {
                Some((_, s)) => *s = *s && surname,
                None => entry.push((id, surname)),
            },
            None => {
                self.names.insert(norm.to_string(), vec![(id, surname)]);
            }
        }
        let names = self.pending.entry(id).or_default();
        match names.iter_mut().find(|d| d.name == norm) {
            Some(delta) => {
                delta.count += count;
                delta.surname = delta.surname && surname;
            }
            None => names.push(NameDelta {
                name: norm.to_string(),
                count,
                surname,
                written: written.to_string(),
            }),
        }
    }

    /// The id of a place, created on first sight.
    pub fn place(&mut self, conn: &Connection, p: &DocPlace) -> Result<i64, StoreError> {
        let key: PlaceKey = (p.name.clone(), p.country.clone(), p.geonameid);
        if let Some(&id) = self.places.get(&key) {
            return Ok(id);
        }
        conn.prepare_cached(
            "INSERT INTO places(name, country, subdivision, feature, lat, lon, geonameid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(name, ifnull(country, ''), ifnull(geonameid, -1)) DO NOTHING",
        )?
        .execute(params![
            p.name,
            p.country,
            p.subdivision,
            p.feature,
            p.lat,
            p.lon,
            p.geonameid
        ])?;
        let id: i64 = conn
            .prepare_cached(
                "SELECT id FROM places WHERE name = ?1 AND ifnull(country, '') = ifnull(?2, '')
                 AND ifnull(geonameid, -1) = ifnull(?3, -1)",
            )?
            .query_row(params![p.name, p.country, p.geonameid], |r| r.get(0))?;
        self.places.insert(key, id);
        Ok(id)
    }

    /// Adds a representative document's mentions to the corpus counters (written at the
    /// commit: a popular actor is updated once per transaction, not once per document).
    pub fn add_counts(&mut self, counts: &crate::write::Counts) {
        for &(actor, m) in &counts.actors {
            let c = self.actor_counts.entry(actor).or_default();
            c.0 += m;
            c.1 += 1;
        }
        for &(place, m) in &counts.places {
            let c = self.place_counts.entry(place).or_default();
            c.0 += m;
            c.1 += 1;
        }
    }

    /// Writes the names and counters summed since the last flush (inside the caller's
    /// transaction). Names of actors that no longer exist (a rolled-back document's) are
    /// skipped.
    pub fn flush(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let mut stmt = conn.prepare_cached(
            "UPDATE actors SET mentions = mentions + ?2, documents = documents + ?3 WHERE id = ?1",
        )?;
        for (id, (m, d)) in self.actor_counts.drain() {
            stmt.execute([id, m, d])?;
        }
        let mut stmt = conn.prepare_cached(
            "UPDATE places SET mentions = mentions + ?2, documents = documents + ?3 WHERE id = ?1",
        )?;
        for (id, (m, d)) in self.place_counts.drain() {
            stmt.execute([id, m, d])?;
        }
        let mut stmt = conn.prepare_cached(
            "UPDATE actors SET country = ?2, code = ?3, name = ?4, roles = ?5 WHERE id = ?1",
        )?;
        for (id, known) in self.actors.iter_mut().filter(|(_, k)| k.dirty) {
            stmt.execute(params![
                id,
                known.country,
                known.code,
                known.name,
                roles_json(&known.roles)
            ])?;
            known.dirty = false;
        }
        let mut stmt = conn.prepare_cached(
            "INSERT INTO actor_names(name, actor, count, surname, written)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM actors WHERE id = ?2)
             ON CONFLICT(name, actor) DO UPDATE
             SET count = count + excluded.count, surname = min(surname, excluded.surname)",
        )?;
        for (actor, names) in self.pending.drain() {
            for d in names {
                stmt.execute(params![d.name, actor, d.count, d.surname, d.written])?;
            }
        }
        Ok(())
    }
}

pub(crate) fn roles_json(roles: &[String]) -> String {
    serde_json::to_string(roles).unwrap_or_else(|_| "[]".into())
}
