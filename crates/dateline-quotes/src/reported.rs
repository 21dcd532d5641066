//! Reported speech without quotation marks: "Putin insisted on Russia’s legitimate
//! security concerns", "He warned that attempts by Kyiv … would only complicate prospects".
//!
//! A speech verb outside quotation marks, with a speaker phrase right before it, followed
//! by a content clause (after "that", or after the person told: "told reporters that")
//! that holds no quotation of its own, is an attribution: source, cue and content, as
//! PolNeAR and PARC annotate them. So is a clause that a comma, a speaker and a verb ending
//! the sentence follow ("Kerry negotiates with Russia over Syria, Schiff said."). They are `indirect` quotes; they also tell continuity
//! who spoke last in a paragraph.

use crate::COMPONENT;
use crate::lexicon::CueKind;
use crate::speakers::{Finder, Speaker};
use dateline_doc::{Provenance, Quote, TokenKind};

/// One attribution of reported speech.
pub struct Reported {
    pub cue_token: usize,
    pub speaker: Speaker,
    pub quote: Quote,
}

/// Verbs whose complement is what was said (not "called", "praised", "asked for").
const REPORTING: &[&str] = &[
    "say",
    "tell",
    "warn",
    "insist",
    "argue",
    "claim",
    "add",
    "note",
    "stress",
    "explain",
    "suggest",
    "deny",
    "confirm",
    "announce",
    "acknowledge",
    "admit",
    "predict",
    "promise",
    "vow",
    "assert",
    "maintain",
    "contend",
    "allege",
    "report",
    "write",
    "tweet",
    "state",
    "emphasize",
    "emphasise",
    "reiterate",
    "caution",
    "concede",
    "declare",
    "reveal",
    "underscore",
];

/// The smallest content clause worth reporting, in tokens.
const MIN_CONTENT: usize = 4;

pub fn find(finder: &Finder<'_, '_>) -> Vec<Reported> {
    let ctx = finder.ctx;
    let mut out = Vec::new();
    for sentence in &ctx.doc.sentences {
        let (a, b) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        // The sentence without its closing punctuation (the same for every cue in it).
        let mut trimmed = b;
        while trimmed > a
            && matches!(
                ctx.kind(trimmed - 1),
                TokenKind::Terminal | TokenKind::Punct
            )
        {
            trimmed -= 1;
        }
        let mut k = a;
        while k < b {
            let v = k;
            k += 1;
            if ctx.in_quote[v] || ctx.kind(v) != TokenKind::Word {
                continue;
            }
            let Some(cue) = finder.verb_cue(v) else {
                continue;
            };
            if cue.kind != CueKind::Verb
                || !REPORTING.contains(&cue.lemma)
                || ctx.lower(v).ends_with("ing")
            {
                continue;
            }
            let speaker = finder.subject_of(v, a, false);
            if !speaker.is_found() {
                continue;
            }
            // The content: after "that", or after the person told ("told reporters that");
            // or, when the verb ends the sentence ("…, Schiff said." / "…, Schiff said on
            // Monday."), the clause before the comma that precedes the speaker.
            let limit = (v + 5).min(b);
            let mut rule = "reported-speech";
            let (start, end) = if let Some(that) = (v + 1..limit).find(|&i| ctx.lower(i) == "that")
            {
                // Trimming back from the sentence's end stops at `start` at the latest.
                (that + 1, trimmed.max(that + 1))
            } else if let Some(comma) = clause_before(finder, a, v, trimmed, &speaker) {
                rule = Quote::RULE_SAID_AFTER;
                (a, comma)
            } else if cue.lemma == "tell" {
                continue;
            } else {
                (v + 1, trimmed.max(v + 1))
            };
            if end < start + MIN_CONTENT || ctx.any_quoted(start, end) {
                continue;
            }
            if matches!(ctx.kind(start), TokenKind::Punct | TokenKind::Quote) {
                continue;
            }
            let doc = ctx.doc;
            let quote = Quote {
                span: ctx.span(start, end),
                kind: Quote::INDIRECT,
                utterance: u32::MAX,
                speakers: speaker
                    .actors
                    .iter()
                    .map(|&x| doc.actors[x as usize].name.clone())
                    .chain(speaker.name.clone().filter(|_| speaker.actors.is_empty()))
                    .collect(),
                speaker_actors: speaker.actors.clone(),
                speaker_span: speaker.mention,
                speaker_description: speaker.description.clone(),
                speaker_rule: speaker.rule,
                cue: Some(doc.tokens[v].span),
                cue_lemma: Some(cue.lemma.to_string()),
                unclosed: false,
                provenance: Provenance::rule(COMPONENT, rule)
                    .with_confidence(speaker.confidence * 0.8),
            };
            out.push(Reported {
                cue_token: v,
                speaker,
                quote,
            });
            k = k.max(end);
        }
    }
    out
}

/// "John Kerry negotiates with Russia, Schiff said.": the comma before the speaker of a
/// verb that ends its sentence (at most three words after it: "said on Monday"), when the
/// clause before the comma is long enough and holds no quotation.
fn clause_before(
    finder: &Finder<'_, '_>,
    a: usize,
    v: usize,
    trimmed: usize,
    speaker: &Speaker,
) -> Option<usize> {
    let ctx = finder.ctx;
    // "…, The Hill reported.": a publication reporting is not who spoke next.
    if trimmed > v + 4 || matches!(ctx.lower(v), "reported" | "reports" | "wrote" | "writes") {
        return None;
    }
    let mention = speaker.mention?;
    let comma = (a..v)
        .rev()
        .take(9)
        .find(|&i| ctx.text(i) == "," && !ctx.in_quote[i])?;
    (ctx.doc.tokens[comma].span.end <= mention.start
        && comma >= a + MIN_CONTENT
        && !ctx.any_quoted(a, comma)
        && !matches!(ctx.kind(a), TokenKind::Punct | TokenKind::Quote))
    .then_some(comma)
}
