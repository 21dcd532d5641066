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
    if layers.contains(&Layer::Quotes) && doc.has_layer(Layer::Quotes) {
        quotes(out, doc);
    }
    if layers.contains(&Layer::Times) && doc.has_layer(Layer::Times) {
        times(out, doc);
    }
    if layers.contains(&Layer::Places) && doc.has_layer(Layer::Places) {
        places(out, doc);
    }
    if layers.contains(&Layer::Amounts) && doc.has_layer(Layer::Amounts) {
        amounts(out, doc);
    }
    if layers.contains(&Layer::Events) && doc.has_layer(Layer::Events) {
        events(out, doc);
    }
    if layers.contains(&Layer::Tone)
        && let Some(tone) = &doc.tone
    {
        let t = &tone.document;
        let _ = writeln!(
            out,
            "   tone: {:+.2} (positive {:.1}%, negative {:.1}%, polarity {:.1}%, {} words)",
            t.tone, t.positive, t.negative, t.polarity, t.word_count
        );
    }
    if layers.contains(&Layer::Substance)
        && let Some(substance) = &doc.substance
    {
        substance_summary(out, doc, substance);
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

/// Who said what: each utterance once (split quotes joined with " … "), its speaker and
/// how the speaker was found; reported speech after the direct quotes.
fn quotes(out: &mut Vec<u8>, doc: &Doc) {
    let direct: Vec<&dateline_doc::Quote> =
        doc.quotes.iter().filter(|q| !q.is_indirect()).collect();
    let indirect: Vec<&dateline_doc::Quote> =
        doc.quotes.iter().filter(|q| q.is_indirect()).collect();
    if direct.is_empty() && indirect.is_empty() {
        return;
    }
    let _ = writeln!(out, "   who said what:");
    let mut i = 0;
    while i < direct.len() {
        let q = direct[i];
        let mut parts = vec![doc.slice(q.span)];
        let mut j = i + 1;
        // A split quote ("We want peace," he said, "but not at any price.") is one
        // utterance; a fragment quoted inside narration stays on its own line.
        while j < direct.len()
            && direct[j].utterance == q.utterance
            && direct[j].kind == dateline_doc::Quote::UTTERANCE
            && q.kind == dateline_doc::Quote::UTTERANCE
        {
            parts.push(doc.slice(direct[j].span));
            j += 1;
        }
        let best = direct[i..j]
            .iter()
            .max_by(|a, b| {
                let (ca, cb) = (
                    a.provenance.confidence.unwrap_or(0.0),
                    b.provenance.confidence.unwrap_or(0.0),
                );
                ca.total_cmp(&cb)
            })
            .unwrap_or(&q);
        let who = speaker_text(best);
        let text = one_line(&parts.join(" … "), EXCERPT_CHARS);
        let note = if best.kind == dateline_doc::Quote::SCARE {
            ", unsure it is speech"
        } else {
            ""
        };
        let _ = writeln!(out, "     {who}: “{text}” ({}{note})", best.speaker_rule);
        i = j;
    }
    for q in indirect {
        let _ = writeln!(
            out,
            "     {} (reported): {}",
            speaker_text(q),
            one_line(doc.slice(q.span), EXCERPT_CHARS)
        );
    }
}

fn speaker_text(q: &dateline_doc::Quote) -> String {
    if !q.speakers.is_empty() {
        q.speakers.join(" and ")
    } else if let Some(d) = &q.speaker_description {
        d.clone()
    } else {
        "(unknown)".to_string()
    }
}

/// When: each time expression with its normalised value, durations apart.
fn times(out: &mut Vec<u8>, doc: &Doc) {
    if doc.times.is_empty() {
        return;
    }
    let _ = writeln!(out, "   when:");
    for t in &doc.times {
        let value = match (&t.value, t.reason) {
            (Some(v), _) => v.clone(),
            (None, Some(why)) => format!("unresolved: {why}"),
            (None, None) => "unresolved".to_string(),
        };
        let _ = writeln!(
            out,
            "     {} → {value} ({})",
            one_line(doc.slice(t.span), 60),
            t.kind
        );
    }
}

/// How much: money, percentages and counts with their values and units.
fn amounts(out: &mut Vec<u8>, doc: &Doc) {
    if doc.amounts.is_empty() {
        return;
    }
    let _ = writeln!(out, "   how much:");
    for a in &doc.amounts {
        let bound = match a.bound {
            Some(b) => format!("{b} "),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "     {} → {bound}{} {} ({})",
            one_line(doc.slice(a.span), 60),
            a.value,
            a.unit,
            a.kind
        );
    }
}

/// Who did what to whom, with the CAMEO code, date and trigger words.
fn events(out: &mut Vec<u8>, doc: &Doc) {
    if doc.events.is_empty() {
        return;
    }
    let _ = writeln!(out, "   who did what to whom:");
    for e in &doc.events {
        let date = e.date.as_deref().unwrap_or("undated");
        let mut notes = Vec::new();
        if e.negated {
            notes.push("negated".to_string());
        }
        if let Some(m) = e.modality {
            notes.push(m.to_string());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(", {}", notes.join(", "))
        };
        let _ = writeln!(
            out,
            "     {} → {} {} “{}” ({date}, Goldstein {:+.1}{notes})",
            e.source,
            e.target,
            e.code,
            one_line(doc.slice(e.trigger), 40),
            e.goldstein
        );
    }
}

/// The substance ratio and, for each statement, why it counts as concrete or not.
fn substance_summary(out: &mut Vec<u8>, doc: &Doc, s: &dateline_doc::Substance) {
    if s.statements.is_empty() {
        return;
    }
    let concrete = s
        .statements
        .iter()
        .filter(|x| x.class == dateline_doc::Statement::CONCRETE)
        .count();
    let _ = writeln!(
        out,
        "   substance: {:.2} ({concrete} of {} statements concrete)",
        s.ratio,
        s.statements.len()
    );
    for st in &s.statements {
        let _ = writeln!(
            out,
            "     {}: “{}” — {}",
            st.class,
            one_line(doc.slice(st.span), 60),
            st.reason
        );
    }
}

/// Places on the map, each once, with coordinates and country.
fn places(out: &mut Vec<u8>, doc: &Doc) {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for p in &doc.places {
        let key = (p.name.as_str(), format!("{:.2},{:.2}", p.lat, p.lon));
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
    }
    if seen.is_empty() {
        return;
    }
    let _ = writeln!(out, "   on the map:");
    for (name, at) in seen {
        let p = doc
            .places
            .iter()
            .find(|p| p.name == name)
            .expect("just seen");
        let country = p.country.as_deref().unwrap_or("-");
        let estimated = if p.estimated { ", estimated" } else { "" };
        let _ = writeln!(
            out,
            "     {name} ({at}, {country}, {}{estimated})",
            p.feature
        );
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
