//! Third-person pronouns resolved to people.
//!
//! News prose is regular enough for a salience rule in the spirit of Hobbs' and Lappin &
//! Leass' algorithms, without a parser:
//!
//! * a subject pronoun ("He warned …") refers to the subject of the sentence it is in if a
//!   person was named there before it, else to the subject (first person mentioned) of the
//!   nearest earlier sentence that mentions a compatible person;
//! * a possessive ("his remarks") prefers the subject of its own sentence;
//! * an object pronoun ("berating him") cannot be its own clause's subject: it takes the
//!   most recent other compatible person in the sentence, else the previous subject;
//! * compatibility is gender: from titles (Mrs., Queen), first names, and pronouns already
//!   resolved to the same person. Resolved pronouns are mentions too, so chains of "he"
//!   across a paragraph carry.
//!
//! * a pronoun inside an opening descriptive phrase ("For a leader who prized his
//!   deal-making, Trump …", "Like his father, Biden …", "Unlike her rivals, Merkel …": the
//!   sentence starts with *for, as, like, unlike* or *despite*, no person is named before
//!   the first comma, and a person's name follows it, a title or two allowed) refers
//!   forward to that name, the subject of the main clause (rule `opening-phrase-subject`).
//!   The quotes layer reads resolved pronouns as actor mentions, so a speaker found
//!   through such a pronoun follows too.
//!
//! "They", "it" and first/second person pronouns are left alone here.

use crate::actors::Builder;
use dateline_doc::{ActorKind, Doc, Gender, MentionKind, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Subject,
    Object,
    Possessive,
    Reflexive,
}

fn pronoun(word: &str, next_is_word: bool) -> Option<(Gender, Case)> {
    Some(match word.to_lowercase().as_str() {
        "he" => (Gender::Male, Case::Subject),
        "him" => (Gender::Male, Case::Object),
        "his" => (Gender::Male, Case::Possessive),
        "himself" => (Gender::Male, Case::Reflexive),
        "she" => (Gender::Female, Case::Subject),
        "her" if next_is_word => (Gender::Female, Case::Possessive),
        "her" => (Gender::Female, Case::Object),
        "hers" => (Gender::Female, Case::Possessive),
        "herself" => (Gender::Female, Case::Reflexive),
        _ => return None,
    })
}

/// Words after which "her" is an object, not a possessive ("told her that").
const NOT_NOUN: &[&str] = &[
    "and", "or", "but", "that", "to", "in", "on", "at", "for", "with", "from", "by", "as", "of",
    "about", "after", "before", "if", "when", "while", "because", "so", "than", "the", "a", "an",
];

struct Seen {
    sentence: usize,
    actor: u32,
}

/// Resolves the pronouns of `doc` against the person actors in `builder`.
pub fn resolve(doc: &Doc, builder: &mut Builder<'_>) {
    // Person name mentions, in text order.
    let mut names: Vec<(u32, u32)> = builder
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ActorKind::Person)
        .flat_map(|(i, a)| {
            a.mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Name)
                .map(move |m| (m.span.start, i as u32))
        })
        .collect();
    names.sort_unstable();
    let openings = opening_phrases(doc, &names);
    let mut next_name = 0;
    let mut seen: Vec<Seen> = Vec::new();
    let quoted = inside_quotes(doc);
    for (s_idx, sentence) in doc.sentences.iter().enumerate() {
        let (a, b) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        for (i, t) in doc.tokens.iter().enumerate().take(b).skip(a) {
            while next_name < names.len() && names[next_name].0 <= t.span.start {
                // A name inside a quotation is not the subject of the narration around it
                // ("“I met Smith,” he said": he is not Smith).
                if !quoted[i] {
                    seen.push(Seen {
                        sentence: s_idx,
                        actor: names[next_name].1,
                    });
                }
                next_name += 1;
            }
            if quoted[i] {
                continue;
            }
            if t.kind != TokenKind::Word {
                continue;
            }
            let next_is_word = doc.tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && !NOT_NOUN.contains(&doc.token_norm(n).to_lowercase().as_str())
            });
            let Some((gender, case)) = pronoun(doc.token_norm(t), next_is_word) else {
                continue;
            };
            let forward = openings[s_idx]
                .filter(|&(comma, actor)| {
                    i < comma
                        && builder.actors[actor as usize]
                            .gender
                            .is_none_or(|g| g == gender)
                })
                .map(|(_, actor)| (actor, "opening-phrase-subject", 0.75));
            if let Some((actor, rule, confidence)) =
                forward.or_else(|| choose(builder, &seen, s_idx, gender, case))
            {
                builder.pronoun(actor, t.span, rule, confidence);
                builder.set_gender(actor, gender, t.span, "pronoun");
                seen.push(Seen {
                    sentence: s_idx,
                    actor,
                });
            }
        }
    }
}

/// Per sentence: the end (its first comma) of an opening descriptive phrase and the person
/// named right after it, the main clause's subject ("For a leader who …, Trump …").
fn opening_phrases(doc: &Doc, names: &[(u32, u32)]) -> Vec<Option<(usize, u32)>> {
    const OPENERS: &[&str] = &["for", "as", "like", "unlike", "despite"];
    doc.sentences
        .iter()
        .map(|s| {
            let (a, b) = (s.tokens.start as usize, s.tokens.end as usize);
            let first = (a..b).find(|&i| doc.tokens[i].kind == TokenKind::Word)?;
            if !OPENERS.contains(&doc.token_norm(&doc.tokens[first]).to_lowercase().as_str()) {
                return None;
            }
            let comma = (first..b).find(|&i| doc.token_norm(&doc.tokens[i]) == ",")?;
            let (from, to) = (doc.tokens[a].span.start, doc.tokens[comma].span.start);
            // `names` is sorted: the first name at or after `from` tells.
            let next = names.partition_point(|&(start, _)| start < from);
            if names.get(next).is_some_and(|&(start, _)| start < to) {
                return None;
            }
            // The name starts within three tokens after the comma ("…, former President
            // Joe Biden"), every token between them capitalized.
            let after = comma + 1;
            (after..b.min(after + 4)).find_map(|k| {
                if (after..k).any(|x| {
                    !doc.token_norm(&doc.tokens[x])
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                        && !matches!(doc.token_norm(&doc.tokens[x]), "former" | "the")
                }) {
                    return None;
                }
                let start = doc.tokens[k].span.start;
                let at = names.partition_point(|&(s, _)| s < start);
                names
                    .get(at)
                    .filter(|&&(s, _)| s == start)
                    .map(|&(_, actor)| (comma, actor))
            })
        })
        .collect()
}

fn choose(
    builder: &Builder<'_>,
    seen: &[Seen],
    sentence: usize,
    gender: Gender,
    case: Case,
) -> Option<(u32, &'static str, f32)> {
    let fits = |actor: u32| {
        builder.actors[actor as usize]
            .gender
            .is_none_or(|g| g == gender)
    };
    // `seen` grows sentence by sentence, so each sentence's entries are one run of it,
    // found by binary search rather than by a scan of every name before.
    let of_sentence = |s: usize| {
        let from = seen.partition_point(|x| x.sentence < s);
        let to = seen.partition_point(|x| x.sentence <= s);
        &seen[from..to]
    };
    let in_sentence = of_sentence(sentence);
    let subject = in_sentence.first().map(|s| s.actor);
    match case {
        Case::Subject | Case::Possessive | Case::Reflexive => {
            if let Some(a) = subject.filter(|&a| fits(a)) {
                return Some((a, "same-sentence-subject", 0.8));
            }
        }
        Case::Object => {
            if let Some(s) = in_sentence
                .iter()
                .rev()
                .find(|s| Some(s.actor) != subject && fits(s.actor))
            {
                return Some((s.actor, "same-sentence-object", 0.7));
            }
        }
    }
    // The subject of the nearest earlier sentence with a compatible person.
    let mut s = sentence;
    while s > 0 && sentence - s < 4 {
        s -= 1;
        let earlier = of_sentence(s);
        if let Some(first) = earlier.iter().find(|x| fits(x.actor)) {
            let confidence = if sentence - s == 1 { 0.75 } else { 0.6 };
            return Some((first.actor, "previous-subject", confidence));
        }
    }
    None
}

/// For each token, whether it stands inside double quotation marks of its paragraph.
/// Curly marks say which way they face; straight marks alternate. A mark left open at the
/// end of a paragraph closes there.
fn inside_quotes(doc: &Doc) -> Vec<bool> {
    let mut inside = vec![false; doc.tokens.len()];
    let mut open = false;
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.has(dateline_doc::Token::PARAGRAPH_BEFORE) {
            open = false;
        }
        if t.kind == TokenKind::Quote {
            match doc.slice(t.span) {
                "“" | "„" | "«" => open = true,
                "”" | "»" => open = false,
                "\"" => open = !open,
                _ => {}
            }
            continue;
        }
        inside[i] = open;
    }
    inside
}
