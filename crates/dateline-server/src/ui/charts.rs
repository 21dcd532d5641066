//! Charts drawn on the server as SVG: lines over time (the timeline), bars (an actor's
//! mentions per month) and a star network (an actor and those who appear with it).
//!
//! Server-drawn SVG needs no chart library and no script, prints, scales, and is in the
//! page when it loads. Each chart has a text alternative (`role="img"`, `<title>`), and the
//! numbers behind it are in the page's download links.

use super::html::{actor_href, esc};
use std::fmt::Write;

/// Colours of up to four series, dark enough on white (WCAG AA for graphics).
pub const SERIES: &[&str] = &["#1f5fa8", "#b8420f", "#2a7a3b", "#7a3d9a"];

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;

/// One line of a line chart.
pub struct Line<'a> {
    pub label: &'a str,
    /// (bucket, value) in time order; buckets are shared by all lines.
    pub points: Vec<(String, Option<f64>)>,
}

fn fmt_value(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.1}%", v * 100.0)
    } else if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// A line chart of `lines` over their shared buckets; `percent` writes the axis as %.
/// Lines are `path.series` (or `path.tone` when `class` says so).
pub fn lines(id: &str, title: &str, lines: &[Line], percent: bool, class: &str) -> String {
    let buckets: Vec<&str> = {
        let mut all: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0.as_str()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let values = lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(|p| p.1));
    let (mut lo, mut hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    if lo < 0.0 && hi > 0.0 {
        let m = hi.max(-lo);
        (lo, hi) = (-m, m);
    }
    let n = buckets.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            LEFT + (W - LEFT - 8.0) / 2.0
        } else {
            LEFT + (W - LEFT - 8.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let mut svg = format!(
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        esc(title)
    );
    // Axes: three value ticks, and up to eight bucket labels.
    for k in 0..=2 {
        let v = lo + (hi - lo) * k as f64 / 2.0;
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - 8.0,
            LEFT - 6.0,
            y(v) + 4.0,
            fmt_value(v, percent),
            y = y(v)
        );
    }
    let step = n.div_ceil(8).max(1);
    for (i, b) in buckets.iter().enumerate().step_by(step) {
        // The last label ends at its point, so that it stays inside the chart.
        let anchor = if i + 1 == n && n > 1 { "end" } else { "middle" };
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            x(i),
            H - 8.0,
            esc(b)
        );
    }
    for (k, line) in lines.iter().enumerate() {
        let color = SERIES[k % SERIES.len()];
        let mut d = String::new();
        let mut pen_up = true;
        let mut dots = String::new();
        for (b, v) in &line.points {
            let Ok(i) = buckets.binary_search(&b.as_str()) else {
                continue;
            };
            match v {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if pen_up { 'M' } else { 'L' },
                        x(i),
                        y(*v)
                    );
                    pen_up = false;
                    let _ = write!(
                        dots,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{color}\"><title>{}: {} {}</title></circle>",
                        x(i),
                        y(*v),
                        esc(line.label),
                        esc(b),
                        fmt_value(*v, percent)
                    );
                }
                None => pen_up = true,
            }
        }
        let _ = write!(
            svg,
            "<path class=\"{class}\" data-q=\"{}\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>{dots}",
            esc(line.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A bar chart of (label, value).
pub fn bars(id: &str, title: &str, bars: &[(String, i64)]) -> String {
    let hi = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let n = bars.len().max(1) as f64;
    let slot = (W - LEFT - 8.0) / n;
    let mut svg = format!(
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        esc(title)
    );
    let base = H - BOTTOM;
    for k in 0..=2 {
        let v = hi * k as f64 / 2.0;
        let y = base - (base - TOP) * v / hi;
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v:.0}</text>",
            W - 8.0,
            LEFT - 6.0,
            y + 4.0
        );
    }
    let step = bars.len().div_ceil(8).max(1);
    for (i, (label, v)) in bars.iter().enumerate() {
        let h = (base - TOP) * *v as f64 / hi;
        let x = LEFT + slot * i as f64;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{}: {v}</title></rect>",
            x + slot * 0.1,
            base - h,
            slot * 0.8,
            esc(label)
        );
        if i % step == 0 {
            let _ = write!(
                svg,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2.0,
                H - 8.0,
                esc(label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A node of the network around an actor.
pub struct Node<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    /// Documents shared with the centre.
    pub weight: i64,
}

/// The actor at the centre and its co-occurring actors around it; an edge's width is
/// the documents they share; each node links to its actor page.
pub fn network(id: &str, centre: &str, nodes: &[Node]) -> String {
    let (w, h) = (720.0, 420.0);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let hi = nodes.iter().map(|n| n.weight).max().unwrap_or(1).max(1) as f64;
    let mut edges = String::new();
    let mut dots = String::new();
    let count = nodes.len().max(1) as f64;
    for (i, n) in nodes.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / count - std::f64::consts::FRAC_PI_2;
        // Stronger ties sit closer to the centre.
        let r = 110.0 + 60.0 * (1.0 - n.weight as f64 / hi);
        let (x, y) = (cx + r * 1.45 * angle.cos(), cy + r * angle.sin());
        let width = 1.0 + 5.0 * n.weight as f64 / hi;
        let _ = write!(
            edges,
            "<line class=\"edge\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{width:.1}\"/>"
        );
        let anchor = if angle.cos() > 0.2 {
            "start"
        } else if angle.cos() < -0.2 {
            "end"
        } else {
            "middle"
        };
        let dx = if anchor == "start" {
            9.0
        } else if anchor == "end" {
            -9.0
        } else {
            0.0
        };
        let dy = if anchor == "middle" {
            if angle.sin() < 0.0 { -10.0 } else { 18.0 }
        } else {
            4.0
        };
        let _ = write!(
            dots,
            "<a href=\"{}\"><circle class=\"node {}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text><title>{} — {} shared documents</title></a>",
            esc(&actor_href(n.key)),
            esc(n.kind),
            x + dx,
            y + dy,
            esc(n.name),
            esc(n.name),
            n.weight
        );
    }
    format!(
        "<svg id=\"{id}\" class=\"chart network\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">Actors that appear with {}</title>{edges}<circle class=\"node centre\" cx=\"{cx}\" cy=\"{cy}\" r=\"10\"/><text class=\"centre-label\" x=\"{cx}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>{dots}</svg>",
        esc(centre),
        cy + 26.0,
        esc(centre)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_path_per_line_and_labels_escaped() {
        let l = vec![
            Line {
                label: "a<b",
                points: vec![("2025-01".into(), Some(0.1)), ("2025-02".into(), Some(0.3))],
            },
            Line {
                label: "c",
                points: vec![("2025-01".into(), None), ("2025-02".into(), Some(0.2))],
            },
        ];
        let svg = lines("t", "T", &l, true, "series");
        assert_eq!(svg.matches("<path class=\"series\"").count(), 2);
        assert!(svg.contains("a&lt;b") && !svg.contains("a<b"));
        assert!(svg.contains("30.0%"));
    }

    #[test]
    fn network_links_every_node() {
        let nodes = [
            Node {
                key: "a/b",
                name: "A",
                kind: "person",
                weight: 3,
            },
            Node {
                key: "c",
                name: "C",
                kind: "org",
                weight: 1,
            },
        ];
        let svg = network("n", "X", &nodes);
        assert_eq!(svg.matches("<a href=").count(), 2);
        assert!(svg.contains("/actors/a%2Fb"));
    }
}
