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

use crate::petrarch::Date;
use crate::petrarch::actors::DateSpan;
use crate::petrarch::phoenix;
use dateline_doc::{ActorKind, Doc, MentionKind, Span};
use dateline_entities::lexicon::Lexicon as EntityLexicon;
use foldhash::{HashMap, HashMapExt};
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
    /// Seen only by the structural coder ([`crate::structure`]), which knows the noun
    /// phrase it stands in: a nationality word inside a description ("Chinese coast guard
    /// ships", which the word patterns would misread as in "American soil") and a people
    /// noun without a country ("police", "rebels", coded by their CAMEO sector alone).
    pub structural: bool,
    /// Named by a place's name: a city standing for its government ("Moscow", a metonym)
    /// or a town. A place names where a thing is from ("the Minsk peace plan", "the Paris
    /// agreement") more often than whose it is.
    pub place_name: bool,
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

/// The Phoenix code of a name mention (its words, else the actor's canonical name, matched
/// whole): any code when the actor has none of its own (`unknown`), else only a dated
/// code whose dates hold the article's day.
fn phoenix_code(
    doc: &Doc,
    tokens: Range<usize>,
    actor: u32,
    date: Option<Date>,
    unknown: bool,
) -> Option<String> {
    let dict = phoenix();
    let words: Vec<&str> = tokens.map(|i| doc.token_norm(&doc.tokens[i])).collect();
    let name: Vec<&str> = doc
        .actors
        .get(actor as usize)
        .map(|a| a.name.split_whitespace().collect())
        .unwrap_or_default();
    let day = date.unwrap_or(Date::new(2100, 1, 1)?);
    let found = [words, name].into_iter().find_map(|w| {
        dict.lookup(&w, day)
            .filter(|m| m.len == w.len() && !w.is_empty())
    })?;
    if unknown {
        return found.code.map(str::to_string);
    }
    let date = date?;
    found
        .actor
        .roles
        .iter()
        .find(|r| r.span != DateSpan::Always && r.span.contains(date))
        .map(|r| r.code.clone())
}

/// A people noun ending two tokens before `at`, joined to it by "in" or "of" ("court in
/// Guyana", "police of Kenya"): its first token and sector. Not when the noun is taken or
/// is itself preceded by a name or nationality ("US troops in Syria" are US troops).
fn agent_before_of(
    doc: &Doc,
    lex: &EntityLexicon,
    at: usize,
    taken: &[bool],
) -> Option<(usize, String)> {
    if at < 2 || !matches!(lower(doc, at - 1).as_str(), "in" | "of") {
        return None;
    }
    let end = at - 1;
    for len in [2, 1] {
        let Some(start) = end.checked_sub(len) else {
            continue;
        };
        if (start..end).any(|i| taken[i]) {
            continue;
        }
        if let Some((l, sector)) = person_noun(doc, lex, start, end)
            && l == len
        {
            if start > 0
                && (taken[start - 1]
                    || !(is_lower_word(doc, start - 1)
                        || matches!(lower(doc, start - 1).as_str(), "a" | "an" | "the")))
            {
                return None;
            }
            return Some((start, sector));
        }
    }
    None
}

/// Sectors of people whose one member, named with "a", is a participant ("a suspected
/// militant"): the armed, the criminal and the police.
const ARMED_SECTORS: &[&str] = &["UAF", "REB", "INS", "CRM", "RAD", "MIL", "COP", "SPY"];

/// Words that end the modifiers between a nationality word and its people noun.
const NOT_MODIFIERS: &[&str] = &[
    "on", "in", "of", "at", "to", "for", "with", "by", "from", "against", "and", "or", "but",
    "the", "a", "an", "that", "who", "which",
];

/// Builds the participant mentions of a document, in token order, and a token → arg map.
/// `is_trigger` says whether a lower-cased word starts an event trigger (a sentence-initial
/// "Talks" or "Protests" is then not taken for a name).
pub fn build(doc: &Doc, lex: &EntityLexicon, is_trigger: &dyn Fn(&str) -> bool) -> Participants {
    let n = doc.tokens.len();
    let mut raw: Vec<(Range<usize>, u32, MentionKind)> = Vec::new();
    let spans: Vec<Span> = doc
        .actors
        .iter()
        .flat_map(|a| a.mentions.iter().map(|m| m.span))
        .collect();
    let mut ranges = doc.token_ranges(&spans).into_iter();
    for (ai, a) in doc.actors.iter().enumerate() {
        for m in &a.mentions {
            let r = ranges.next().unwrap_or(0..0);
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
    // Mentions by first token, in `raw` order: "is there another actor's mention right
    // after this one" is a look-up, not a scan of every mention per mention.
    let mut starting_at: HashMap<usize, Vec<usize>> = HashMap::new();
    for (idx, (r, _, _)) in raw.iter().enumerate() {
        starting_at.entry(r.start).or_default().push(idx);
    }
    let starting = |t: usize| starting_at.get(&t).map_or(&[][..], Vec::as_slice);
    let evidence = EvidenceIndex::new(doc);
    let mut taken = vec![false; n];
    let mut args: Vec<Arg> = Vec::new();
    let mut structural: Vec<Arg> = Vec::new();
    let mut phoenix_codes: HashMap<u32, (String, bool)> = HashMap::new();
    let date = doc.meta.published.as_ref().and_then(|p| {
        let d = p.date.to_string();
        let num = |r: Range<usize>| d.get(r).and_then(|x| x.parse::<u32>().ok());
        Date::new(num(0..4)?, num(5..7)?, num(8..10)?)
    });
    let mut k = 0;
    while k < raw.len() {
        let (r, actor, kind) = raw[k].clone();
        k += 1;
        if r.clone().any(|i| taken[i]) {
            continue;
        }
        let known = actor_code(doc, actor);
        let mut unknown = known.is_none();
        let mut code = known.unwrap_or_else(|| UNKNOWN.to_string());
        let own_code = code.clone();
        // A town or region acts only through a locative phrase ("protest in Beijing");
        // elsewhere a place name is more often a person or a misreading ("Obama", Japan),
        // which PETRARCH2's actor dictionary may know.
        if doc.actors[actor as usize].kind == ActorKind::Place
            && !(r.start > 0
                && matches!(
                    lower(doc, r.start - 1).as_str(),
                    "in" | "at" | "near" | "to" | "from" | "into" | "on"
                ))
        {
            match phoenix_code(doc, r.clone(), actor, date, true) {
                Some(c) => {
                    code = c;
                    unknown = false;
                }
                None => continue,
            }
        }
        let mut tokens = r.clone();
        if kind == MentionKind::Name {
            tokens.start = extend_left(doc, &evidence, actor, tokens.start, &taken);
        }
        let is_country = doc.actors[actor as usize].kind == ActorKind::Country;
        if is_country && matches!(kind, MentionKind::Name | MentionKind::Demonym) {
            // A country word directly in front of another actor's mention ("US President
            // Donald Trump") belongs to that mention.
            if starting(r.end).iter().any(|&x| raw[x].1 != actor) {
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
                match starting(j + 1)
                    .iter()
                    .map(|&x| &raw[x])
                    .find(|(_, a2, _)| doc.actors[*a2 as usize].kind == ActorKind::Country)
                {
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
            // "the Iraqi national security advisor": a nationality word reaches over
            // lower-case modifiers to its noun too.
            let limit = if possessive {
                4
            } else if kind == MentionKind::Demonym {
                3
            } else {
                1
            };
            for skip in 0..limit {
                if let Some((len, sector)) = person_noun(doc, lex, p + skip, n) {
                    found = Some((p + skip + len, sector));
                    break;
                }
                // Only modifiers stand between: "the Belarusian crackdown on protesters"
                // is no Belarusian protesters.
                if p + skip >= n
                    || !(is_lower_word(doc, p + skip) || skip > 0)
                    || NOT_MODIFIERS.contains(&lower(doc, p + skip).as_str())
                {
                    break;
                }
            }
            // "A court in Guyana", "the police of Kenya": a people noun right before "in"/"of"
            // and the country's name is that country's agent (when no other mention holds it).
            if kind == MentionKind::Name
                && found.is_none()
                && j == r.end
                && let Some((noun_start, sector)) = agent_before_of(doc, lex, r.start, &taken)
            {
                if let Some(c) = country_of(doc, actor).filter(|_| !unknown) {
                    code = format!("{c}{sector}");
                }
                tokens = noun_start..r.end;
            } else if let Some((noun_end, sector)) = found {
                if let Some(c) = country_of(doc, actor).filter(|_| !unknown) {
                    code = format!("{c}{sector}");
                }
                if j == r.end {
                    tokens = r.start..noun_end;
                }
            } else if kind == MentionKind::Demonym && j == r.end {
                // "American soil": a description, not a participant for the word patterns;
                // the structural coder sees whether it is a subject or object ("Chinese
                // coast guard ships fired").
                if r.end < n && is_lower_word(doc, r.end) {
                    if let Some(c) = country_of(doc, actor).filter(|_| !unknown) {
                        structural.push(Arg {
                            tokens: r.clone(),
                            span: doc.tokens[r.start].span.cover(doc.tokens[r.end - 1].span),
                            actor: Some(actor),
                            code: c.to_string(),
                            pronoun: false,
                            possessive: false,
                            unknown: false,
                            structural: true,
                            place_name: false,
                        });
                    }
                    continue;
                }
            } else if j > r.end && kind == MentionKind::Demonym {
                continue;
            }
        }
        // "UN troops", "NATO forces", "EU officials": an international organisation's name
        // right before a plural people noun is those people's organisation, with their sector
        // as Phoenix codes it (the UN's military IGOUNOMIL).
        if !is_country
            && kind == MentionKind::Name
            && !unknown
            && code.starts_with("IGO")
            && let Some((len, sector)) = person_noun(doc, lex, r.end, n)
                .filter(|(_, sector)| !sector.is_empty() && sector != "-")
            // A plural: "military" in "the NATO military alliance" describes the alliance.
            && lower(doc, r.end + len - 1).ends_with('s')
        {
            code = format!("{code}{sector}");
            tokens = tokens.start..r.end + len;
        }
        if kind == MentionKind::Metonym
            && let Some(c) = country_of(doc, actor)
        {
            code = format!("{c}GOV");
        }
        // PETRARCH2's actor dictionary, for a name mention coded by the actor alone: its code
        // where the knowledge base has none, or where a dated entry covers the article's day
        // (a president is the government during the term, an elite before and after).
        if kind == MentionKind::Name
            && code == own_code
            && let Some(c) = phoenix_code(doc, tokens.clone(), actor, date, unknown)
        {
            phoenix_codes.insert(actor, (c.clone(), unknown));
            code = c;
            unknown = false;
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
            structural: false,
            place_name: kind == MentionKind::Metonym
                || doc.actors[actor as usize].kind == ActorKind::Place,
        });
    }
    // The other mentions of an actor a name coded through the dictionary ("he", "the
    // president") take that code where they had none, or had only the actor's own.
    for a in args.iter_mut() {
        if let Some((c, was_unknown)) = a.actor.and_then(|x| phoenix_codes.get(&x))
            && (a.unknown || !was_unknown && a.pronoun)
        {
            a.code = c.clone();
            a.unknown = false;
        }
    }
    resolve_pronouns(doc, &mut args, &taken);
    fallback_names(doc, lex, is_trigger, &raw, date, &mut args, &mut taken);
    args.sort_by_key(|a| a.tokens.start);
    let mut slot = vec![None; n];
    for (i, a) in args.iter().enumerate() {
        for t in a.tokens.clone() {
            slot[t] = Some(i as u32);
        }
    }
    let mut actor_at: Vec<Option<u32>> = vec![None; n];
    for (r, a, _) in &raw {
        for t in r.clone() {
            actor_at[t].get_or_insert(*a);
        }
    }
    agent_nouns(doc, lex, &taken, &actor_at, date, &mut structural);
    let mut wide = slot.clone();
    for a in structural {
        if a.tokens.clone().any(|t| wide[t].is_some()) {
            continue;
        }
        for t in a.tokens.clone() {
            wide[t] = Some(args.len() as u32);
        }
        args.push(a);
    }
    Participants { args, slot, wide }
}

/// The participants of a document: the mentions ([`Arg`]), and for each token the one it
/// belongs to, as the word patterns see them (`slot`) and as the structural coder does
/// (`wide`, which adds the [`Arg::structural`] ones).
pub struct Participants {
    pub args: Vec<Arg>,
    pub slot: Vec<Option<u32>>,
    pub wide: Vec<Option<u32>>,
}

/// Whether token `i` opens a sentence.
fn sentence_start(doc: &Doc, i: usize) -> bool {
    let at = doc
        .sentences
        .partition_point(|s| (s.tokens.start as usize) < i);
    doc.sentences
        .get(at)
        .is_some_and(|s| s.tokens.start as usize == i)
}

/// People nouns that no actor's mention holds ("police", "the rebels", "gunmen"), as
/// structural participants coded by their CAMEO sector alone (GDELT's "COP", "REB"): plural
/// nouns, or singular ones after "the" or "a" ("a suspected militant", "an army patrol").
/// Nouns without a sector ("peacekeepers") are left out.
fn agent_nouns(
    doc: &Doc,
    lex: &EntityLexicon,
    taken: &[bool],
    actor_at: &[Option<u32>],
    date: Option<Date>,
    out: &mut Vec<Arg>,
) {
    let n = taken.len();
    let mut i = 0;
    while i < n {
        if taken[i] {
            i += 1;
            continue;
        }
        let word = lower(doc, i);
        let Some(p) = lex
            .person_word(&word)
            .filter(|p| p.sector != "-" && !p.sector.is_empty())
        else {
            i += 1;
            continue;
        };
        let first_word = !is_lower_word(doc, i) && word.len() > 1 && sentence_start(doc, i);
        let after_the = i > 0 && lower(doc, i - 1) == "the";
        // "a suspected militant", "an army patrol": one person, or a group's unit.
        let article = |k: usize| matches!(lower(doc, k).as_str(), "a" | "an");
        let after_article = (i > 0 && article(i - 1))
            || (i > 1 && article(i - 2) && !taken[i - 1] && is_lower_word(doc, i - 1));
        // A lower-case word, or the capitalised first word of a sentence ("Police said").
        let shape_ok = is_lower_word(doc, i) || first_word;
        // After "the" or a plural, whether the noun heads its phrase ("police" in "the
        // police station" does not) is for the structural coder to see. After "a", only an
        // armed or criminal one heading its phrase ("a suspected militant in Karachi", not
        // "a rebel stronghold"), or a group's unit ("an army patrol"); "a man", "a leader"
        // in "we need a leader" are nobody in particular.
        let next = if i + 1 < n {
            lower(doc, i + 1)
        } else {
            String::new()
        };
        let asset = crate::extract::GROUP_ASSETS.contains(&next.as_str());
        let heads =
            next.is_empty() || !is_lower_word(doc, i + 1) || NOT_MODIFIERS.contains(&next.as_str());
        let after_article =
            after_article && (asset || (heads && ARMED_SECTORS.contains(&p.sector.as_str())));
        if shape_ok && (p.plural || after_the || after_article) {
            // "the mayor of the northern West Bank city of Nablus": the country of the
            // first place or country named in the "of"/"in" phrase after it.
            // ("an army base in Burkina Faso": after the unit's word.)
            let at = if asset { i + 2 } else { i + 1 };
            let of_phrase = (at < n && matches!(lower(doc, at).as_str(), "of" | "in"))
                .then(|| {
                    (at + 1..n.min(at + 9))
                        .take_while(|&k| !matches!(lower(doc, k).as_str(), "," | "." | ";" | "and"))
                        .find_map(|k| actor_at[k].and_then(|a| country_of(doc, a)))
                })
                .flatten()
                .map(str::to_string);
            // "somali traders", "iranian officials": a nationality word in lower case, which
            // the entities layer (reading names) does not take; PETRARCH2's actor
            // dictionary knows it.
            let lower_nationality = (i > 0 && !taken[i - 1] && is_lower_word(doc, i - 1))
                .then(|| {
                    let w = [doc.token_norm(&doc.tokens[i - 1])];
                    let d = date.or(Date::new(2100, 1, 1))?;
                    phoenix()
                        .lookup(&w, d)
                        .filter(|m| m.len == 1)
                        .and_then(|m| m.code)
                        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
                        .map(str::to_string)
                })
                .flatten();
            let start = if lower_nationality.is_some() {
                i - 1
            } else {
                i
            };
            let country = lower_nationality.or(of_phrase);
            out.push(Arg {
                tokens: start..i + 1,
                span: doc.tokens[start].span.cover(doc.tokens[i].span),
                actor: None,
                code: match country {
                    Some(c) => format!("{c}{}", p.sector),
                    None => p.sector.clone(),
                },
                pronoun: false,
                possessive: false,
                unknown: false,
                structural: true,
                place_name: false,
            });
        }
        i += 1;
    }
}

/// For each actor and token, the first piece of the actor's evidence (other than gender)
/// whose span holds the token: an actor named a thousand times with its title has a
/// thousand pieces, and each mention must not search them all.
struct EvidenceIndex(HashMap<(u32, usize), usize>);

impl EvidenceIndex {
    fn new(doc: &Doc) -> EvidenceIndex {
        let mut first = HashMap::new();
        let spans: Vec<Span> = doc
            .actors
            .iter()
            .flat_map(|a| a.evidence.iter().map(|e| e.span))
            .collect();
        let mut ranges = doc.token_ranges(&spans).into_iter();
        for (ai, a) in doc.actors.iter().enumerate() {
            for (ei, e) in a.evidence.iter().enumerate() {
                let r = ranges.next().unwrap_or(0..0);
                if e.what == "gender" {
                    continue;
                }
                for t in r {
                    if e.span.contains(doc.tokens[t].span) {
                        first.entry((ai as u32, t)).or_insert(ei);
                    }
                }
            }
        }
        EvidenceIndex(first)
    }

    /// The first evidence of `actor` (not gender) whose span holds token `t`.
    fn holding<'d>(
        &self,
        doc: &'d Doc,
        actor: u32,
        t: usize,
    ) -> Option<&'d dateline_doc::Evidence> {
        let &ei = self.0.get(&(actor, t))?;
        doc.actors.get(actor as usize)?.evidence.get(ei)
    }
}

/// The start of a name's mention with the title and country words in front of it that the
/// actors layer recorded as evidence ("US President" of "US President Donald Trump").
fn extend_left(
    doc: &Doc,
    evidence: &EvidenceIndex,
    actor: u32,
    mut start: usize,
    taken: &[bool],
) -> usize {
    for _ in 0..3 {
        if start == 0 || taken[start - 1] {
            break;
        }
        let Some(e) = evidence.holding(doc, actor, start - 1) else {
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
    // For each position in `sorted`, the last position up to it holding a country or
    // organisation named (not a pronoun): the antecedent of "it" is a look-up, however
    // many mentions a sentence has.
    let mut last_named: Vec<Option<usize>> = Vec::with_capacity(sorted.len());
    for (x, arg) in sorted.iter().enumerate() {
        let named = !arg.pronoun
            && arg.actor.is_some_and(|ac| {
                matches!(
                    doc.actors[ac as usize].kind,
                    ActorKind::Country | ActorKind::Organisation
                )
            });
        let before = last_named.last().copied().flatten();
        last_named.push(if named { Some(x) } else { before });
    }
    // Direct quotations, for "we"/"I" inside them: the first (in layer order) that holds
    // the pronoun, found by a sweep over the text instead of a scan per pronoun.
    let mut quotes = QuoteSweep::new(doc);
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
                hi.checked_sub(1)
                    .and_then(|h| last_named[h])
                    .filter(|&x| x >= lo)
                    .map(|x| (sorted[x].actor, sorted[x].code.clone()))
            } else {
                quotes
                    .holding(doc, span)
                    .and_then(|q| doc.quotes[q].speaker_actors.first().copied())
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
                    structural: false,
                    place_name: false,
                });
            }
        }
    }
    args.extend(added);
}

/// The first direct quotation (in layer order) holding a span, for spans asked about in
/// text order: quotations enter when they start at or before the span and leave when they
/// end before it, so each is handled twice in all.
struct QuoteSweep {
    /// Direct quotations by start: (start, index).
    by_start: Vec<(u32, usize)>,
    next: usize,
    /// Quotations started so far and not yet known to end too early, by index.
    open: std::collections::BTreeSet<usize>,
    /// The same, by end, for removal: (end, index), smallest end first.
    ends: std::collections::BinaryHeap<std::cmp::Reverse<(u32, usize)>>,
    /// The last span asked about; a span before it restarts the sweep.
    last: Option<Span>,
}

impl QuoteSweep {
    fn new(doc: &Doc) -> QuoteSweep {
        let mut by_start: Vec<(u32, usize)> = doc
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.is_indirect())
            .map(|(i, q)| (q.span.start, i))
            .collect();
        by_start.sort_unstable();
        QuoteSweep {
            by_start,
            next: 0,
            open: Default::default(),
            ends: Default::default(),
            last: None,
        }
    }

    /// The first direct quotation whose span contains `span`.
    fn holding(&mut self, doc: &Doc, span: Span) -> Option<usize> {
        if self
            .last
            .is_some_and(|l| span.start < l.start || span.end < l.end)
        {
            self.next = 0;
            self.open.clear();
            self.ends.clear();
        }
        self.last = Some(span);
        while let Some(&(start, q)) = self.by_start.get(self.next) {
            if start > span.start {
                break;
            }
            self.open.insert(q);
            self.ends
                .push(std::cmp::Reverse((doc.quotes[q].span.end, q)));
            self.next += 1;
        }
        // Ends only grow with the spans asked about, so a quotation ending too early for
        // this span is too early for every later one.
        while let Some(&std::cmp::Reverse((end, q))) = self.ends.peek() {
            if end >= span.end {
                break;
            }
            self.open.remove(&q);
            self.ends.pop();
        }
        self.open.first().copied()
    }
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
    date: Option<Date>,
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
    let spans: Vec<Span> = doc.entities.iter().map(|e| e.span).collect();
    for r in doc.token_ranges(&spans) {
        for i in r {
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
        // A name PETRARCH2's actor dictionary knows ("Obama" in 2014 is USAGOV).
        let words: Vec<&str> = (i..j).map(|k| doc.token_norm(&doc.tokens[k])).collect();
        let day = date.or(Date::new(2100, 1, 1));
        let known = day
            .and_then(|d| phoenix().lookup(&words, d))
            .filter(|m| m.len == words.len())
            .and_then(|m| m.code);
        args.push(Arg {
            tokens: i..j,
            span: doc.tokens[i].span.cover(doc.tokens[j - 1].span),
            actor: None,
            code: known.unwrap_or(UNKNOWN).to_string(),
            pronoun: false,
            possessive: j < n && lower(doc, j) == "'s",
            unknown: known.is_none(),
            structural: false,
            place_name: false,
        });
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_doc::{Layer, Metadata};
    use dateline_kb::Kb;
    use dateline_pipeline::{Pipeline, Resources};
    use std::sync::Arc;

    fn analysed(text: &str) -> Doc {
        let resources = Resources::with_kb(Arc::new(Kb::fixture()));
        let pipeline = Pipeline::for_layers(&[Layer::Quotes], &resources).unwrap();
        let mut doc = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
        pipeline.run(&mut doc);
        doc
    }

    const TEXT: &str = "“We will act,” said Maria Lopez of Paris, Texas. “Our plan,” she \
        added, “is ready, and I mean it.” Trump's aides met.\n\n“We agree: ‘our people’ come \
        first,” the president said. It was good. “We,” he said.";

    #[test]
    fn token_ranges_are_token_range_in_bulk() {
        let doc = analysed(TEXT);
        let len = doc.text().len();
        let mut spans: Vec<Span> = doc
            .actors
            .iter()
            .flat_map(|a| a.mentions.iter().map(|m| m.span))
            .collect();
        spans.extend(doc.tokens.iter().map(|t| t.span));
        for a in (0..len).step_by(3) {
            spans.push(Span::new(a, (a + 5).min(len)));
            spans.push(Span::new(a, a));
        }
        spans.reverse();
        for (span, r) in spans.iter().zip(doc.token_ranges(&spans)) {
            assert_eq!(r, token_range(&doc, *span), "{span:?}");
        }
    }

    #[test]
    fn the_quote_sweep_finds_what_a_scan_finds() {
        let doc = analysed(TEXT);
        assert!(doc.quotes.len() >= 4);
        let scan = |span: Span| {
            doc.quotes
                .iter()
                .position(|q| !q.is_indirect() && q.span.contains(span))
        };
        let mut sweep = QuoteSweep::new(&doc);
        for t in &doc.tokens {
            assert_eq!(sweep.holding(&doc, t.span), scan(t.span), "{:?}", t.span);
        }
        // Asked out of text order, it starts again and still agrees.
        for t in doc.tokens.iter().rev().step_by(5) {
            assert_eq!(sweep.holding(&doc, t.span), scan(t.span), "{:?}", t.span);
        }
    }
}
