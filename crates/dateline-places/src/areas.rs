//! Second-level areas named without their area word, place names inside hyphenated words,
//! and legislators' home towns: place mentions no entity gives.
//!
//! Separate from [`crate::mentions`] because these passes read the words around and
//! between the mentions the entity layer gave, not the mentions themselves:
//!
//! * The knowledge base knows counties and districts only under their full names ("Oconee
//!   County"): the bare "Oconee" is a town, a river and a surname. Local news drops the
//!   area word once the story has said it ("the Clarke County school board … While Clarke
//!   and Oconee update their policies") and lists areas under one plural ("Barrow, Jackson
//!   and Madison counties"). A bare name is the area when the text says so in one of those
//!   two ways, and only when the knowledge base has an area of that full name.
//! * "Egyptian-US relations", "the NATO-Russia Council", "a Washington-based group": a
//!   country or a US state inside a hyphenated word is a place mention of its own, and so
//!   is a nationality before a country ("Egyptian-US", not "Canadian-American actress" or
//!   "pan-European"); so is any populated place before "-based", which says where
//!   something is.
//! * "Sen. Robert Ford, D-Charleston", "Rep. Charles Rangel, D-N.Y.": a US legislator's
//!   party letter and home town or state; the part after the hyphen is a place.

use crate::PlaceResolver;
use crate::mentions::{Cand, How, Mention, surface, token_at};
use dateline_doc::{Doc, EntityLabel, Span, TokenKind};
use dateline_kb::Entry;
use dateline_kb::norm::normalize;
use foldhash::{HashMap, HashMapExt, HashSet};
use std::rc::Rc;

/// Lowercase words that make the capitalized names listed before them areas: "Barrow,
/// Jackson and Madison counties", "Oconee county".
fn area_word(w: &str) -> Option<&'static str> {
    match w {
        "county" | "counties" => Some("County"),
        "parish" | "parishes" => Some("Parish"),
        _ => None,
    }
}

/// The candidates of the area "`name` `word`" ("Oconee County"), subdivisions only.
fn area_cands(
    r: &PlaceResolver,
    name: &str,
    word: &str,
    cache: &mut HashMap<String, Rc<[Cand]>>,
) -> Rc<[Cand]> {
    let key = normalize(&format!("{name} {word}"));
    cache
        .entry(key)
        .or_insert_with_key(|key| {
            r.name_cands(key)
                .into_iter()
                .filter(|c| c.feature == "subdivision")
                .collect()
        })
        .clone()
}

/// The tokens an entity covers.
fn entity_tokens(doc: &Doc, e: &dateline_doc::Entity) -> std::ops::Range<usize> {
    token_at(&doc.tokens, e.span.start)..token_at(&doc.tokens, e.span.end)
}

fn capitalized_word(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.kind == TokenKind::Word
        && doc
            .token_norm(t)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

/// Adds or re-reads the mentions of areas named without their area word.
pub(crate) fn add_area_names(r: &PlaceResolver, doc: &Doc, out: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    // Names the story has given with their area word: "clarke" → "County".
    let mut said: HashMap<String, &'static str> = HashMap::new();
    for m in out.iter() {
        if let Some((base, word)) = m.key.rsplit_once(' ')
            && let Some(w) = area_word(word)
            && m.cands.iter().any(|c| c.feature == "subdivision")
        {
            said.insert(base.to_string(), w);
        }
    }
    let by_start: HashMap<usize, usize> = out
        .iter()
        .enumerate()
        .map(|(k, m)| (m.toks.start, k))
        .collect();
    let covered: HashSet<usize> = out.iter().flat_map(|m| m.toks.clone()).collect();
    let person: HashSet<usize> = doc
        .entities
        .iter()
        .filter(|e| e.label == EntityLabel::Person)
        .flat_map(|e| entity_tokens(doc, e))
        .collect();
    let mut cache: HashMap<String, Rc<[Cand]>> = HashMap::new();
    let mut extra: Vec<Mention> = Vec::new();
    let mut i = 0;
    'words: while i < n {
        // One name of two or one capitalized words ("St. Clair", "Jackson").
        for len in [2, 1] {
            if i + len > n || !(i..i + len).all(|k| capitalized_word(doc, k)) {
                continue;
            }
            // "Barrow, Jackson and Madison counties": names, commas and "and" up to the
            // plural (at most eight tokens on), or "Oconee county".
            let mut listed = None;
            for k in i + len..n.min(i + len + 8) {
                let w = doc.token_norm(&doc.tokens[k]);
                if let Some(word) = area_word(w) {
                    listed = Some(word);
                    break;
                }
                if !(w == "," || w == "and" || w == "or" || capitalized_word(doc, k)) {
                    break;
                }
            }
            // Else a name the story has given with its area word, unless it is a
            // person's here. (Most capitalized words have neither: no name is built.)
            if listed.is_none() && said.is_empty() {
                continue;
            }
            let name = surface(doc, i..i + len);
            let word = listed.or_else(|| {
                (!(i..i + len).any(|k| person.contains(&k)))
                    .then(|| said.get(&normalize(&name)).copied())
                    .flatten()
            });
            let Some(word) = word else {
                continue;
            };
            // Not the words of a longer mention ("Clarke County" itself), and not a
            // country's or a state's name ("Texas and Oklahoma counties").
            let own = by_start
                .get(&i)
                .copied()
                .filter(|&k| out[k].toks == (i..i + len));
            if own.is_none() && (i..i + len).any(|k| covered.contains(&k)) {
                continue;
            }
            if own.is_some_and(|k| {
                out[k]
                    .cands
                    .iter()
                    .any(|c| matches!(c.feature, "country" | "subdivision" | "continent"))
            }) {
                continue;
            }
            let cands = area_cands(r, &name, word, &mut cache);
            if cands.is_empty() {
                continue;
            }
            let key = normalize(&format!("{name} {word}"));
            match own {
                Some(k) => {
                    out[k].key = key;
                    out[k].cands = cands;
                    out[k].source = "area-name";
                }
                None => extra.push(Mention {
                    span: doc.tokens[i].span.cover(doc.tokens[i + len - 1].span),
                    toks: i..i + len,
                    text: name,
                    key,
                    how: How::Name,
                    cands,
                    container: None,
                    source: "area-name",
                }),
            }
            i += len;
            continue 'words;
        }
        i += 1;
    }
    out.extend(extra);
}

/// What a part of a hyphenated word names strongly enough to be a mention on its own: a
/// country (under any of its names: "US"), a US state, or a nationality (`Some(true)`).
fn strong_part(r: &PlaceResolver, key: &str) -> Option<bool> {
    r.kb.lookup(key).into_iter().find_map(|h| {
        if h.loose {
            return None;
        }
        match r.kb.entry(h.entry) {
            Entry::Country(_) => Some(false),
            Entry::Subdivision(s) if !h.alternate => {
                (s.level <= 1 && s.country == "US").then_some(false)
            }
            Entry::Demonym(_) if !h.alternate && r.options.demonyms => Some(true),
            _ => None,
        }
    })
}

/// Adds the places inside hyphenated words that no entity covers.
pub(crate) fn add_hyphenated(r: &PlaceResolver, doc: &Doc, out: &mut Vec<Mention>) {
    // Token → whether the entity over it is a place's (whose mentions exist already).
    let mut in_entity: HashMap<usize, bool> = HashMap::new();
    for e in &doc.entities {
        let place = matches!(
            e.label,
            EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac | EntityLabel::Norp
        );
        for k in entity_tokens(doc, e) {
            *in_entity.entry(k).or_default() |= place;
        }
    }
    let mut extra: Vec<Mention> = Vec::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        // Inside another name, only the parts after the first, and only if each of them
        // is a place ("the NATO-Russia Council"; "Agence France-Presse" names none):
        // `add_embedded` reads the first.
        let inside = match in_entity.get(&i) {
            Some(true) => continue,
            Some(false) => true,
            None => false,
        };
        if t.kind != TokenKind::Word {
            continue;
        }
        let raw = doc.slice(t.span);
        if !raw.contains('-') || raw != doc.token_norm(t) {
            continue;
        }
        let parts: Vec<(usize, &str)> = raw
            .split('-')
            .scan(0usize, |at, p| {
                let start = *at;
                *at += p.len() + 1;
                Some((start, p))
            })
            .collect();
        if inside
            && parts[1..]
                .iter()
                .any(|&(_, p)| strong_part(r, &normalize(p)) != Some(false))
        {
            continue;
        }
        for (k, &(at, part)) in parts.iter().enumerate() {
            if !part.chars().next().is_some_and(char::is_uppercase) || inside && k == 0 {
                continue;
            }
            let based = parts.get(k + 1).is_some_and(|&(_, next)| next == "based");
            let key = normalize(part);
            let (demonym, cands): (bool, Vec<Cand>) = match strong_part(r, &key) {
                // A nationality beside another ("Canadian-American actress") or after a
                // prefix ("pan-European", "anti-American") says what someone is or is
                // against, not where: only one before a country counts ("Egyptian-US").
                Some(true) => {
                    let next_is_country = parts
                        .get(k + 1)
                        .is_some_and(|&(_, next)| strong_part(r, &normalize(next)) == Some(false));
                    if k > 0 || !next_is_country {
                        continue;
                    }
                    (true, r.demonym_cands(&key))
                }
                Some(false) => (false, r.name_cands(&key)),
                // "Chattanooga-based": any populated place; "Acme-based" finds none.
                None if based && part.chars().any(char::is_lowercase) => (
                    false,
                    r.name_cands(&key)
                        .into_iter()
                        .filter(|c| c.exact && c.feature == "city")
                        .collect(),
                ),
                None => continue,
            };
            if cands.is_empty() {
                continue;
            }
            let start = t.span.start as usize + at;
            extra.push(Mention {
                span: Span::new(start, start + part.len()),
                toks: i..i + 1,
                text: part.to_string(),
                key,
                how: if demonym { How::Demonym } else { How::Name },
                cands: cands.into(),
                container: None,
                source: "inside-name",
            });
        }
    }
    out.extend(extra);
}

/// "Sen. Robert Ford, D-Charleston", "Rep. Charles Rangel, D-N.Y.", "(R-Ocilla)": the
/// party letter and the home town or state of a US legislator, after a comma or an opening
/// parenthesis. The name after the hyphen (with the capitalized words that follow it:
/// "D-Iowa City") is a state's abbreviation or name, or a populated place.
pub(crate) fn add_party_places(r: &PlaceResolver, doc: &Doc, out: &mut Vec<Mention>) {
    let n = doc.tokens.len();
    let covered: HashSet<usize> = out.iter().flat_map(|m| m.toks.clone()).collect();
    let mut extra: Vec<Mention> = Vec::new();
    for i in 1..n {
        let t = &doc.tokens[i];
        let raw = doc.slice(t.span);
        let Some(rest) = ["D-", "R-", "I-"].iter().find_map(|p| raw.strip_prefix(p)) else {
            continue;
        };
        if !matches!(doc.token_norm(&doc.tokens[i - 1]), "," | "(")
            || covered.contains(&i)
            || !rest.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        // The token and what is written against it ("N.Y." may be several tokens), then
        // up to two capitalized words.
        let mut ends: Vec<usize> = vec![i + 1];
        let mut k = i + 1;
        while k < n && !doc.tokens[k].has(dateline_doc::Token::SPACE_BEFORE) {
            let w = doc.token_norm(&doc.tokens[k]);
            if w == "," || w == ")" || w == ";" {
                break;
            }
            k += 1;
            ends = vec![k];
        }
        for _ in 0..2 {
            if k < n && capitalized_word(doc, k) && !covered.contains(&k) {
                k += 1;
                ends.push(k);
            } else {
                break;
            }
        }
        let start = t.span.start as usize + (raw.len() - rest.len());
        for &end in ends.iter().rev() {
            let span = Span::new(start, doc.tokens[end - 1].span.end as usize);
            let whole = doc.slice(span).trim_end_matches(',');
            // "N.Y." and "Calif." are abbreviations with their period; "Calif" without.
            let text = match r.state_abbrevs.contains_key(&normalize(whole)) {
                true => whole.to_string(),
                false => whole.trim_end_matches('.').to_string(),
            };
            let key = normalize(&text);
            let abbrev = r
                .state_abbrevs
                .get(&key)
                .or_else(|| r.state_abbrevs.get(&format!("{key}.")));
            let cands: Vec<Cand> = match abbrev {
                Some(&id) => r.cand(id, false, false).into_iter().collect(),
                None => r
                    .name_cands(&key)
                    .into_iter()
                    .filter(|c| c.exact && matches!(c.feature, "city" | "subdivision"))
                    .collect(),
            };
            if cands.is_empty() {
                continue;
            }
            extra.push(Mention {
                span: Span::new(start, start + text.len()),
                toks: i..end,
                text,
                key,
                how: How::Name,
                cands: cands.into(),
                container: None,
                source: "party-place",
            });
            break;
        }
    }
    out.extend(extra);
}
