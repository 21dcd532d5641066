//! The annotated article of `/doc/{id}`: the stored document's text with every annotation
//! as an element of its own, carrying its evidence.
//!
//! Each entity, quote, time, place, amount and event (its trigger word) becomes one
//! element with `data-layer`, `data-id` (`layer-index`, the annotation's position in its
//! layer) and the evidence: `data-component`, `data-rule`, `data-confidence` and a
//! normalised `data-value`. The elements are focusable, and the page's script shows the
//! evidence on hover or keyboard focus. Spans may nest (a name inside a quote), but HTML
//! elements cannot cross: a span that crosses the end of the one it starts inside is cut
//! at that end, so every annotation is still exactly one element.
//!
//! The document is read as JSON (the FORMAT.md shape the store keeps); offsets are in
//! characters, and an offset outside the text (a damaged document) drops the annotation
//! rather than the page.

use super::html::{actor_href, esc, push_esc};
use serde_json::Value;
use std::fmt::Write;

/// One annotation to draw.
struct Mark {
    start: usize,
    end: usize,
    /// Draw order among marks of the same span: smaller encloses larger.
    rank: u8,
    layer: &'static str,
    index: usize,
    attrs: Vec<(&'static str, String)>,
}

/// The layers drawn in the text, outermost first when two share a span.
const LAYERS: &[(&str, &str, u8)] = &[
    ("quotes", "quote", 0),
    ("events", "event", 1),
    ("entities", "entity", 2),
    ("places", "place", 3),
    ("times", "time", 4),
    ("amounts", "amount", 5),
];

fn num(v: &Value, key: &str) -> Option<usize> {
    v.get(key)?.as_u64().map(|n| n as usize)
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A confidence as people read it: two decimals.
fn confidence(v: &Value) -> Option<String> {
    v.get("confidence")?.as_f64().map(|c| format!("{c:.2}"))
}

/// A value without a needless `.0`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Speaker names of a quote (one name or a list).
pub fn speakers(q: &Value) -> Vec<String> {
    match q.get("speaker") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The span an annotation is drawn on, and its evidence attributes.
fn mark(layer: &'static str, index: usize, v: &Value) -> Option<Mark> {
    let (mut start, mut end) = (num(v, "start")?, num(v, "end")?);
    let mut attrs: Vec<(&'static str, String)> = Vec::new();
    let mut push = |name: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            attrs.push((name, value));
        }
    };
    push("data-component", text_of(v, "component"));
    push("data-rule", text_of(v, "rule"));
    push("data-confidence", confidence(v));
    match layer {
        "entity" => {
            push("data-label", text_of(v, "label"));
            push("data-value", text_of(v, "name"));
        }
        "quote" => {
            let names = speakers(v);
            push(
                "data-speaker",
                Some(if names.is_empty() {
                    "unknown".to_string()
                } else {
                    names.join(", ")
                }),
            );
            push("data-label", text_of(v, "kind"));
            push("data-speaker-rule", text_of(v, "speaker_rule"));
        }
        "time" => {
            push("data-label", text_of(v, "type"));
            push("data-value", text_of(v, "value"));
        }
        "place" => {
            push("data-label", text_of(v, "feature"));
            let lat = v.get("lat").and_then(Value::as_f64);
            let lon = v.get("lon").and_then(Value::as_f64);
            let mut value = text_of(v, "name").unwrap_or_default();
            if let Some(c) = text_of(v, "country") {
                let _ = write!(value, ", {c}");
            }
            if let (Some(lat), Some(lon)) = (lat, lon) {
                let _ = write!(value, " ({lat:.3}, {lon:.3})");
            }
            push("data-value", Some(value));
        }
        "amount" => {
            push("data-label", text_of(v, "kind"));
            let value = v.get("value").and_then(Value::as_f64).map(number);
            let unit = text_of(v, "unit").unwrap_or_default();
            push(
                "data-value",
                value.map(|x| format!("{x} {unit}").trim().to_string()),
            );
        }
        "event" => {
            // The trigger word is drawn; the event's span is its whole sentence.
            if let Some(t) = v.get("trigger") {
                if let (Some(s), Some(e)) = (num(t, "start"), num(t, "end")) {
                    (start, end) = (s, e);
                }
            }
            push("data-label", text_of(v, "plover").or(text_of(v, "root")));
            push("data-value", Some(event_summary(v)));
        }
        _ => {}
    }
    (start < end).then(|| Mark {
        start,
        end,
        rank: LAYERS.iter().find(|l| l.1 == layer).map_or(9, |l| l.2),
        layer,
        index,
        attrs,
    })
}

/// "SOURCE 040 TARGET" with the negation and modality.
pub fn event_summary(v: &Value) -> String {
    let mut s = format!(
        "{} {} {}",
        text_of(v, "source").unwrap_or_else(|| "?".into()),
        text_of(v, "code").unwrap_or_else(|| "?".into()),
        text_of(v, "target").unwrap_or_else(|| "?".into())
    );
    if v.get("negated").and_then(Value::as_bool) == Some(true) {
        s.push_str(" (negated)");
    }
    if let Some(m) = text_of(v, "mode") {
        let _ = write!(s, " ({m})");
    }
    s
}

/// Every drawable annotation of `doc`, in document order, enclosing before enclosed.
fn marks(doc: &Value, len: usize) -> Vec<Mark> {
    let mut all = Vec::new();
    for (key, layer, _) in LAYERS {
        let Some(items) = doc.get(*key).and_then(Value::as_array) else {
            continue;
        };
        for (i, v) in items.iter().enumerate() {
            if let Some(m) = mark(layer, i, v).filter(|m| m.end <= len) {
                all.push(m);
            }
        }
    }
    all.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), a.rank, a.index).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            b.rank,
            b.index,
        ))
    });
    all
}

/// The text of `doc` as HTML, with its annotations as nested elements (see the module
/// documentation). Counts per layer are returned too, for the page's legend.
pub fn annotated(doc: &Value) -> (String, Vec<(&'static str, usize)>) {
    let text = doc.get("text").and_then(Value::as_str).unwrap_or("");
    // Byte position of every character, and of the end.
    let mut at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    at.push(text.len());
    let len = at.len() - 1;
    let marks = marks(doc, len);
    let mut counts: Vec<(&'static str, usize)> = LAYERS.iter().map(|l| (l.1, 0)).collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut pos = 0usize; // in characters
    let mut open: Vec<usize> = Vec::new(); // ends of the open elements, innermost last
    let emit = |out: &mut String, from: usize, to: usize| {
        if from < to {
            push_esc(out, &text[at[from]..at[to]]);
        }
    };
    for m in &marks {
        while let Some(&end) = open.last() {
            if end > m.start {
                break;
            }
            emit(&mut out, pos, end);
            pos = end;
            out.push_str("</span>");
            open.pop();
        }
        // Cut a span that would cross the end of the one it starts in.
        let end = open.last().map_or(m.end, |&outer| m.end.min(outer));
        emit(&mut out, pos, m.start);
        pos = m.start;
        let _ = write!(
            out,
            "<span data-layer=\"{}\" data-id=\"{}-{}\" tabindex=\"0\" aria-describedby=\"evidence\"",
            m.layer, m.layer, m.index
        );
        if m.layer == "quote" {
            let _ = write!(out, " id=\"quote-{}\"", m.start);
        }
        for (name, value) in &m.attrs {
            let _ = write!(out, " {name}=\"{}\"", esc(value));
        }
        out.push('>');
        open.push(end);
        if let Some(c) = counts.iter_mut().find(|c| c.0 == m.layer) {
            c.1 += 1;
        }
    }
    while let Some(end) = open.pop() {
        emit(&mut out, pos, end);
        pos = end;
        out.push_str("</span>");
    }
    emit(&mut out, pos, len);
    (out, counts)
}

/// The text of a span of `doc` (characters `start..end`), or "" when out of range.
pub fn span_text(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// A quotation's words for a list, escaped: in quotation marks when they are the speaker's
/// own, without them (marked as reported) when the text reports what was said.
pub fn quoted(words: &str, kind: &str) -> String {
    let words = words.trim_matches(|c: char| {
        matches!(c, '"' | '“' | '”' | '„' | '«' | '»') || c.is_whitespace()
    });
    if kind == "indirect" {
        format!("<span class=\"reported\">(reported)</span> {}", esc(words))
    } else {
        format!("“{}”", esc(words))
    }
}

/// The side panel's quotes: speaker (linked to the actor page when the corpus knows it)
/// and the quote, linked to its place in the text.
pub fn quote_list(doc: &Value, actor_keys: &dyn Fn(&str) -> Option<String>) -> String {
    let text = doc.get("text").and_then(Value::as_str).unwrap_or("");
    let Some(quotes) = doc.get("quotes").and_then(Value::as_array) else {
        return String::new();
    };
    let mut out = String::new();
    for q in quotes {
        let (Some(start), Some(end)) = (num(q, "start"), num(q, "end")) else {
            continue;
        };
        let names = speakers(q);
        // Without a name, the words that stand for the speaker ("officials"), else none.
        let description = q.get("speaker_description").and_then(Value::as_str);
        let who = if names.is_empty() {
            format!(
                "<span class=\"muted\">{}</span>",
                esc(description.unwrap_or("unknown speaker"))
            )
        } else {
            names
                .iter()
                .map(|n| match actor_keys(n) {
                    Some(key) => format!("<a href=\"{}\">{}</a>", esc(&actor_href(&key)), esc(n)),
                    None => esc(n),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = write!(
            out,
            "<li><span class=\"who\">{who}</span> <a class=\"said\" href=\"#quote-{start}\">{}</a> <span class=\"muted\">{}</span></li>",
            quoted(
                &span_text(text, start, end),
                &text_of(q, "kind").unwrap_or_default()
            ),
            esc(&text_of(q, "kind").unwrap_or_default())
        );
    }
    out
}

/// The side panel's events: who did what to whom, with the sentence.
pub fn event_list(doc: &Value) -> String {
    let text = doc.get("text").and_then(Value::as_str).unwrap_or("");
    let Some(events) = doc.get("events").and_then(Value::as_array) else {
        return String::new();
    };
    let actors = doc.get("actors").and_then(Value::as_array);
    let name_of = |v: &Value, key: &str, code: &str| -> String {
        let local = v.get(key).and_then(Value::as_str);
        let name = local.and_then(|id| {
            actors?
                .iter()
                .find(|a| a.get("id").and_then(Value::as_str) == Some(id))?
                .get("name")?
                .as_str()
                .map(str::to_string)
        });
        let code = text_of(v, code).unwrap_or_default();
        match name {
            Some(n) if !code.is_empty() => format!("{n} ({code})"),
            Some(n) => n,
            None => code,
        }
    };
    let mut out = String::new();
    for (i, e) in events.iter().enumerate() {
        let (Some(start), Some(end)) = (num(e, "start"), num(e, "end")) else {
            continue;
        };
        let _ = write!(
            out,
            "<li><a href=\"#\" data-focus=\"event-{i}\"><strong>{}</strong> → <span class=\"code\">{} {}</span> → <strong>{}</strong></a>{}{}<div class=\"sentence\">{}</div></li>",
            esc(&name_of(e, "source_actor", "source")),
            esc(&text_of(e, "code").unwrap_or_default()),
            esc(&text_of(e, "plover").unwrap_or_default()),
            esc(&name_of(e, "target_actor", "target")),
            if e.get("negated").and_then(Value::as_bool) == Some(true) {
                " <span class=\"muted\">negated</span>"
            } else {
                ""
            },
            text_of(e, "date")
                .map(|d| format!(" <span class=\"muted\">{}</span>", esc(&d)))
                .unwrap_or_default(),
            esc(&span_text(text, start, end)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_annotation_is_one_element_and_text_is_escaped() {
        let doc = json!({
            "text": "“<b>Go</b>,” said Ana in Paris.",
            "quotes": [{"start": 0, "end": 13, "speaker": "Ana", "component": "quotes", "rule": "marks", "confidence": 0.6}],
            "entities": [{"start": 18, "end": 21, "label": "PERSON", "name": "Ana", "component": "entities", "rule": "r"},
                          {"start": 25, "end": 30, "label": "GPE", "name": "Paris", "component": "entities", "rule": "r"}],
            "places": [{"start": 25, "end": 30, "name": "Paris", "country": "FR", "lat": 48.85, "lon": 2.35}],
        });
        let (html, counts) = annotated(&doc);
        assert!(html.contains("&lt;b&gt;Go&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches("data-layer=").count(), 4, "{html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert!(html.contains("data-speaker=\"Ana\""));
        assert!(html.contains("id=\"quote-0\""));
        // The place nests inside the entity of the same span.
        assert!(html.contains(
            "data-id=\"entity-1\" tabindex=\"0\" aria-describedby=\"evidence\" data-component=\"entities\" data-rule=\"r\" data-label=\"GPE\" data-value=\"Paris\"><span data-layer=\"place\""
        ), "{html}");
        assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), 4);
    }

    #[test]
    fn crossing_spans_are_cut_and_bad_offsets_dropped() {
        let doc = json!({
            "text": "abcdefghij",
            "quotes": [{"start": 0, "end": 5}],
            "entities": [{"start": 3, "end": 8, "label": "ORG"}, {"start": 8, "end": 99, "label": "ORG"}],
            "times": [{"start": 6, "end": 6}],
        });
        let (html, counts) = annotated(&doc);
        assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), 2, "{html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        let plain: String = {
            let mut s = String::new();
            let mut inside = false;
            for c in html.chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => s.push(c),
                    _ => {}
                }
            }
            s
        };
        assert_eq!(plain, "abcdefghij");
    }

    #[test]
    fn a_quote_without_a_named_speaker_shows_the_words_for_it() {
        let doc = json!({
            "text": "The leaders met for hours, officials said.",
            "quotes": [
                {"start": 0, "end": 25, "kind": "indirect", "speaker": null,
                 "speaker_description": "officials"},
                {"start": 0, "end": 10, "speaker": null},
            ],
        });
        let html = quote_list(&doc, &|_| None);
        assert!(
            html.contains("<span class=\"muted\">officials</span>"),
            "{html}"
        );
        assert!(html.contains("unknown speaker"), "{html}");
    }
}
