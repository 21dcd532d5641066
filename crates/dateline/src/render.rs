//! The readable terminal view of a document: what a journalist wants at a glance. Each
//! layer adds its section as it becomes available.

use dateline_doc::{ActorKind, Doc, Layer, MentionKind, TokenKind};
use std::io::Write;

/// Longest excerpt shown for a sentence.
const EXCERPT_CHARS: usize = 160;

pub fn summary(out: &mut Vec<u8>, doc: &Doc, layers: &[Layer]) {
    let meta = &doc.meta;
    let heading = meta.title.as_deref().unwrap_or(&meta.id);
    let _ = writeln!(out, "━━ {}", one_line(heading, 100));
    let mut facts = vec![format!("id {}", meta.id)];
    if let Some(p) = &meta.published {
        facts.push(format!("published {p}"));
    }
    for v in [&meta.source, &meta.byline, &meta.url]
        .into_iter()
        .flatten()
    {
        facts.push(one_line(v, 80));
    }
    let _ = writeln!(out, "   {}", facts.join(" · "));

    let mut counts = Vec::new();
    if doc.has_layer(Layer::Sentences) {
        counts.push(plural(doc.sentences.len(), "sentence"));
    }
    if doc.has_layer(Layer::Paragraphs) {
        counts.push(plural(doc.paragraphs.len(), "paragraph"));
    }
    if doc.has_layer(Layer::Tokens) {
        let words = doc
            .tokens
            .iter()
            .filter(|t| {
                matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::Abbreviation
                )
            })
            .count();
        counts.push(plural(words, "word"));
    }
    counts.push(format!("{} characters", doc.text().chars().count()));
    let _ = writeln!(out, "   {}", counts.join(" · "));

    if layers.contains(&Layer::Sentences)
        && let Some(first) = doc.sentences.first()
    {
        let _ = writeln!(
            out,
            "   lead: {}",
            one_line(doc.slice(first.span), EXCERPT_CHARS)
        );
    }
    if layers.contains(&Layer::Actors) && doc.has_layer(Layer::Actors) {
        actors(out, doc);
    }
    out.push(b'\n');
}

/// Who is in the story: people with roles and countries, then organisations, countries and
/// places, each with how often it is mentioned.
fn actors(out: &mut Vec<u8>, doc: &Doc) {
    let mut order: Vec<&dateline_doc::Actor> = doc.actors.iter().collect();
    order.sort_by_key(|a| (kind_rank(a.kind), std::cmp::Reverse(a.mentions.len())));
    let mut current = None;
    for a in order {
        if current != Some(a.kind) {
            current = Some(a.kind);
            let _ = writeln!(out, "   {}:", kind_heading(a.kind));
        }
        let mut facts = Vec::new();
        if !a.roles.is_empty() {
            facts.push(a.roles.join(", "));
        }
        if let Some(c) = &a.country
            && a.kind != ActorKind::Country
        {
            facts.push(c.clone());
        }
        if let Some(code) = &a.code {
            facts.push(code.clone());
        }
        let pronouns = a
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Pronoun)
            .count();
        let mut mentions = plural(a.mentions.len(), "mention");
        if pronouns > 0 {
            mentions.push_str(&format!(" incl. {}", plural(pronouns, "pronoun")));
        }
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!(" ({})", facts.join(", "))
        };
        let _ = writeln!(out, "     {}{facts} · {mentions}", a.name);
    }
}

fn kind_rank(kind: ActorKind) -> u8 {
    match kind {
        ActorKind::Person => 0,
        ActorKind::Organisation => 1,
        ActorKind::Country => 2,
        ActorKind::Group => 3,
        ActorKind::Place => 4,
    }
}

fn kind_heading(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "people",
        ActorKind::Organisation => "organisations",
        ActorKind::Country => "countries and governments",
        ActorKind::Group => "groups",
        ActorKind::Place => "places",
    }
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `text` on one line, white space collapsed, cut at `max` characters with an ellipsis.
fn one_line(text: &str, max: usize) -> String {
    let mut s = String::with_capacity(text.len().min(max * 4));
    let mut n = 0;
    for word in text.split_whitespace() {
        if n > 0 {
            s.push(' ');
            n += 1;
        }
        for c in word.chars() {
            if n >= max {
                s.push('…');
                return s;
            }
            s.push(c);
            n += 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_and_cuts() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
