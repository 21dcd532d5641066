//! Actor mentions as event participants ("arguments"), with their CAMEO-style codes.
//!
//! Why a separate pass: the actors layer says who a mention refers to, but an event coder
//! also needs to know *how* the mention takes part. A nationality word in front of a noun
//! for people is an actor with a sector ("Syrian rebels" → SYRREB, "US and British
//! activists" → USAOPP and GBROPP); in front of any other noun it only describes the noun
//! ("American soil") and takes no part; a capital or seat of power standing for its country
//! is the government (CAMEO codes "Moscow said" as RUSGOV); a country named in front of a
//! person's title ("US President Donald Trump") is part of that person's mention. Pronouns
//! the actors layer leaves unresolved ("it", "they") are tied to the nearest country or
//! organisation before them in the sentence, and "we"/"I" inside a quotation to its speaker.
//! Actors without any code, and capitalized names no entity covers (the entities layer did
//! not know them: an unfamiliar country or leader), are unknown participants coded "---"
//! (rules in [`fallback_names`]); they block the patterns like any actor, and their events
//! are kept only when asked for.

use dateline_doc::{ActorKind, Doc, MentionKind, Span};
use dateline_entities::lexicon::Lexicon as EntityLexicon;
use std::ops::Range;

/// One participant mention.
#[derive(Debug, Clone)]
pub struct Arg {
    pub tokens: Range<usize>,
    pub span: Span,
    pub actor: Option<u32>,
    pub code: String,
    /// Found through a pronoun (resolved by the actors layer or here).
    pub pronoun: bool,
    /// The mention is possessive ("Trump's", "his").
    pub possessive: bool,
    /// The participant has no CAMEO code ("---"): an actor without country or code, or a
    /// capitalized name the entities layer missed ([`fallback_names`]). It takes its place in
    /// the patterns (so that "Obama wants Putin to attack" does not skip over "Putin"), but
    /// its events are written only with [`crate::EventCoder::with_unknown_actors`].
    pub unknown: bool,
}

/// CAMEO's code for an unknown actor.
pub const UNKNOWN: &str = "---";

fn lower(doc: &Doc, i: usize) -> String {
    doc.token_norm(&doc.tokens[i]).to_lowercase()
}

fn is_lower_word(doc: &Doc, i: usize) -> bool {
    let w = doc.token_norm(&doc.tokens[i]);
    w.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Token range covering a byte span (empty when the span falls between tokens).
pub fn token_range(doc: &Doc, span: Span) -> Range<usize> {
    let start = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let mut end = start;
    while end < doc.tokens.len() && doc.tokens[end].span.start < span.end {
        end += 1;
    }
    start..end
}

/// The code an actor has by itself: its CAMEO code, else its country.
fn actor_code(doc: &Doc, actor: u32) -> Option<String> {
    let a = doc.actors.get(actor as usize)?;
    if let Some(c) = &a.code {
        return Some(c.clone());
    }
    a.country.clone()
}

fn country_of(doc: &Doc, actor: u32) -> Option<&str> {
    let a = doc.actors.get(actor as usize)?;
    a.country.as_deref().or(match a.kind {
        ActorKind::Country => a.code.as_deref(),
        _ => None,
    })
}

/// A noun for people (one or two words) at `i`: its length and CAMEO sector.
fn person_noun(doc: &Doc, lex: &EntityLexicon, i: usize, end: usize) -> Option<(usize, String)> {
    if i >= end {
        return None;
    }
    if i + 1 < end {
        let two = format!("{} {}", lower(doc, i), lower(doc, i + 1));
        if let Some(p) = lex.person_word(&two) {
            return Some((2, p.sector.clone()));
        }
    }
    if !is_lower_word(doc, i) {
        return None;
    }
    lex.person_word(&lower(doc, i))
        .map(|p| (1, p.sector.clone()))
}

/// Builds the participant mentions of a document, in token order, and a token → arg map.
/// `is_trigger` says whether a lower-cased word starts an event trigger (a sentence-initial
/// "Talks" or "Protests" is then not taken for a name).
pub fn build(
    doc: &Doc,
    lex: &EntityLexicon,
    is_trigger: &dyn Fn(&str) -> bool,
) -> (Vec<Arg>, Vec<Option<u32>>) {
    let n = doc.tokens.len();
    let mut raw: Vec<(Range<usize>, u32, MentionKind)> = Vec::new();
    for (ai, a) in doc.actors.iter().enumerate() {
        for m in &a.mentions {
            let r = token_range(doc, m.span);
            if !r.is_empty() {
                raw.push((r, ai as u32, m.kind));
            }
        }
    }
    // People and organisations first, so that a nationality word or title in front of a
    // name ("Ukrainian President Volodymyr Zelensky") joins the name's mention.
    raw.sort_by_key(|(r, a, _)| {
        let country = matches!(
            doc.actors[*a as usize].kind,
            ActorKind::Country | ActorKind::Place
        );
        (country, r.start, std::cmp::Reverse(r.end))
    });
    let mut taken = vec![false; n];
    let mut args: Vec<Arg> = Vec::new();
    let mut k = 0;
    while k < raw.len() {
        let (r, actor, kind) = raw[k].clone();
        k += 1;
        if r.clone().any(|i| taken[i]) {
            continue;
        }
        let known = actor_code(doc, actor);
        let unknown = known.is_none();
        let mut code = known.unwrap_or_else(|| UNKNOWN.to_string());
        // A town or region acts only through a locative phrase ("protest in Beijing");
        // elsewhere a place name is more often a person or a misreading ("Obama", Japan).
        if doc.actors[actor as usize].kind == ActorKind::Place
            && !(r.start > 0
                && matches!(
                    lower(doc, r.start - 1).as_str(),
                    "in" | "at" | "near" | "to" | "from" | "into" | "on"
                ))
        {
            continue;
        }
        let mut tokens = r.clone();
        if kind == MentionKind::Name {
            tokens.start = extend_left(doc, actor, tokens.start, &taken);
        }
        let is_country = doc.actors[actor as usize].kind == ActorKind::Country;
        if is_country && matches!(kind, MentionKind::Name | MentionKind::Demonym) {
            // A country word directly in front of another actor's mention ("US President
            // Donald Trump") belongs to that mention.
            if raw
                .iter()
                .any(|(r2, a2, _)| r2.start == r.end && *a2 != actor)
            {
                continue;
            }
            // Conjoined nationality words share the noun after the last one.
            let mut j = r.end;
            let mut guard = 0;
            while j + 1 < n && guard < 8 {
                let w = lower(doc, j);
                if !matches!(w.as_str(), "and" | "or" | ",") {
                    break;
                }
                match raw.iter().find(|(r2, a2, _)| {
                    r2.start == j + 1 && doc.actors[*a2 as usize].kind == ActorKind::Country
                }) {
                    Some((r2, _, _)) => j = r2.end,
                    None => break,
                }
                guard += 1;
            }
            // "Iraq's national security advisor", "Russia's UN ambassador".
            let mut p = j;
            let possessive = p < n && lower(doc, p) == "'s";
            if possessive {
                p += 1;
            }
            let mut found = None;
            let limit = if possessive { 4 } else { 1 };
            for skip in 0..limit {
                if let Some((len, sector)) = person_noun(doc, lex, p + skip, n) {
                    found = Some((p + skip + len, sector));
                    break;
                }
                if p + skip >= n || !(is_lower_word(doc, p + skip) || skip > 0) {
                    break;
                }
            }
            if let Some((noun_end, sector)) = found {
                if let Some(c) = country_of(doc, actor).filter(|_| !unknown) {
                    code = format!("{c}{sector}");
                }
                if j == r.end {
                    tokens = r.start..noun_end;
                }
            } else if kind == MentionKind::Demonym && j == r.end {
                // "American soil": a description, not a participant.
                if r.end < n && is_lower_word(doc, r.end) {
                    continue;
                }
            } else if j > r.end && kind == MentionKind::Demonym {
                continue;
            }
        }
        if kind == MentionKind::Metonym
            && let Some(c) = country_of(doc, actor)
        {
            code = format!("{c}GOV");
        }
        let first = tokens.start;
        let last = tokens.end - 1;
        let possessive = kind == MentionKind::Pronoun
            && matches!(lower(doc, first).as_str(), "his" | "her" | "its" | "their")
            || (last + 1 < n && lower(doc, last + 1) == "'s");
        for i in tokens.clone() {
            taken[i] = true;
        }
        let span = doc.tokens[first].span.cover(doc.tokens[last].span);
        args.push(Arg {
            tokens,
            span,
            actor: Some(actor),
            code,
            pronoun: kind == MentionKind::Pronoun,
            possessive,
            unknown,
        });
    }
    resolve_pronouns(doc, &mut args, &taken);
    fallback_names(doc, lex, is_trigger, &raw, &mut args, &mut taken);
    args.sort_by_key(|a| a.tokens.start);
    let mut slot = vec![None; n];
    for (i, a) in args.iter().enumerate() {
        for t in a.tokens.clone() {
            slot[t] = Some(i as u32);
        }
    }
    (args, slot)
}

/// The start of a name's mention with the title and country words in front of it that the
/// actors layer recorded as evidence ("US President" of "US President Donald Trump").
fn extend_left(doc: &Doc, actor: u32, mut start: usize, taken: &[bool]) -> usize {
    let a = &doc.actors[actor as usize];
    for _ in 0..3 {
        if start == 0 || taken[start - 1] {
            break;
        }
        let prev = doc.tokens[start - 1].span;
        let Some(e) = a
            .evidence
            .iter()
            .find(|e| e.what != "gender" && e.span.contains(prev))
        else {
            break;
        };
        let r = token_range(doc, e.span);
        if r.start >= start || r.clone().any(|i| taken[i]) {
            break;
        }
        start = r.start;
    }
    start
}

/// "it", "its" → the nearest country or organisation before them in the
/// sentence; "we", "our", "I" inside a quotation → its speaker.
fn resolve_pronouns(doc: &Doc, args: &mut Vec<Arg>, taken: &[bool]) {
    let mut sorted: Vec<Arg> = args.clone();
    sorted.sort_by_key(|a| a.tokens.start);
    let mut added = Vec::new();
    for s in &doc.sentences {
        let (a, b) = (
            s.tokens.start as usize,
            (s.tokens.end as usize).min(taken.len()),
        );
        for (i, &is_taken) in taken.iter().enumerate().take(b).skip(a) {
            if is_taken {
                continue;
            }
            let w = doc.token_norm(&doc.tokens[i]);
            // "they" is left alone: it stands for people as often as for countries.
            let third = matches!(w, "it" | "its" | "It" | "Its");
            let first = matches!(w, "we" | "We" | "our" | "Our" | "I");
            if !third && !first {
                continue;
            }
            let span = doc.tokens[i].span;
            let antecedent = if third {
                let lo = sorted.partition_point(|x| x.tokens.start < a);
                let hi = sorted.partition_point(|x| x.tokens.start < i);
                sorted[lo..hi]
                    .iter()
                    .rev()
                    .find(|x| {
                        !x.pronoun
                            && x.actor.is_some_and(|ac| {
                                matches!(
                                    doc.actors[ac as usize].kind,
                                    ActorKind::Country | ActorKind::Organisation
                                )
                            })
                    })
                    .map(|x| (x.actor, x.code.clone()))
            } else {
                doc.quotes
                    .iter()
                    .find(|q| !q.is_indirect() && q.span.contains(span))
                    .and_then(|q| q.speaker_actors.first().copied())
                    .and_then(|ac| actor_code(doc, ac).map(|c| (Some(ac), c)))
            };
            if let Some((actor, code)) = antecedent {
                let unknown = code == UNKNOWN;
                added.push(Arg {
                    tokens: i..i + 1,
                    span,
                    actor,
                    code,
                    pronoun: true,
                    possessive: matches!(w, "its" | "Its" | "our" | "Our"),
                    unknown,
                });
            }
        }
    }
    args.extend(added);
}

/// Most tokens a fallback name may have.
const MAX_NAME_TOKENS: usize = 5;

/// Capitalized names the entities layer did not recognise ("Arnor is about to restore ties
/// with Gondor", an unfamiliar leader's surname) become unknown participants ("---"): a run of
/// up to five capitalized tokens that no entity or actor mention covers, none of them a
/// common word, a time word ("Monday") or a title ("President"), and, at the start of a
/// sentence, not an event trigger ("Talks resumed"). Such a name still blocks the patterns
/// from reaching past it to a wrong actor; its events are written only on request.
fn fallback_names(
    doc: &Doc,
    lex: &EntityLexicon,
    is_trigger: &dyn Fn(&str) -> bool,
    raw: &[(Range<usize>, u32, MentionKind)],
    args: &mut Vec<Arg>,
    taken: &mut [bool],
) {
    let n = taken.len();
    let mut covered = vec![false; n];
    for (r, _, _) in raw {
        for i in r.clone() {
            covered[i] = true;
        }
    }
    for e in &doc.entities {
        for i in token_range(doc, e.span) {
            covered[i] = true;
        }
    }
    // Sentence starts and each token's sentence end.
    let mut start_of = vec![false; n];
    let mut sentence_end = vec![n; n];
    for s in &doc.sentences {
        let (a, b) = (
            (s.tokens.start as usize).min(n),
            (s.tokens.end as usize).min(n),
        );
        if a < b {
            start_of[a] = true;
        }
        for e in sentence_end.iter_mut().take(b).skip(a) {
            *e = b;
        }
    }
    let before: Vec<bool> = taken.to_vec();
    let name_word = |i: usize| -> bool {
        if before[i] || covered[i] {
            return false;
        }
        let w = doc.token_norm(&doc.tokens[i]);
        let mut chars = w.chars();
        if !chars.next().is_some_and(char::is_uppercase)
            || !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
            || w == "I"
        {
            return false;
        }
        if lex.is_common(w) || lex.is_time_word(w) || lex.title_at(&[w]).is_some() {
            return false;
        }
        !(start_of[i] && is_trigger(&w.to_lowercase()))
    };
    let mut i = 0;
    while i < n {
        if !name_word(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < sentence_end[i] && j - i < MAX_NAME_TOKENS && name_word(j) {
            j += 1;
        }
        for t in taken.iter_mut().take(j).skip(i) {
            *t = true;
        }
        args.push(Arg {
            tokens: i..j,
            span: doc.tokens[i].span.cover(doc.tokens[j - 1].span),
            actor: None,
            code: UNKNOWN.to_string(),
            pronoun: false,
            possessive: j < n && lower(doc, j) == "'s",
            unknown: true,
        });
        i = j;
    }
}
