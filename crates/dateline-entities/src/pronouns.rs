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
            if let Some((actor, rule, confidence)) = choose(builder, &seen, s_idx, gender, case) {
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
    let in_sentence: Vec<&Seen> = seen.iter().filter(|s| s.sentence == sentence).collect();
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
        let earlier: Vec<&Seen> = seen.iter().filter(|x| x.sentence == s).collect();
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
