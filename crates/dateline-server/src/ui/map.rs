//! The world map of `/map`: country outlines (made by `build.rs` from npm's `world-atlas`
//! and compiled in) and the corpus's places as markers sized by mentions, all one SVG.
//!
//! Equirectangular: x from longitude, y from latitude, 960 × 480 for the globe, cropped to
//! 84°N … 60°S where the news happens. A marker is a link to `/map?place=ID`, which lists
//! the documents that mention the place: a click (or Enter) changes the URL, so the view
//! can be shared and reloaded.

use super::html::{counted, esc, query_string};
use dateline_store::query::PlaceRow;
use std::fmt::Write;

/// `name<TAB>path` per country, from `build.rs`.
const COUNTRIES: &str = include_str!(concat!(env!("OUT_DIR"), "/countries.tsv"));

const SCALE: f64 = 960.0 / 360.0;

/// Whether the build found the outlines.
pub fn has_outlines() -> bool {
    !COUNTRIES.is_empty()
}

fn project(lat: f64, lon: f64) -> (f64, f64) {
    ((lon + 180.0) * SCALE, (90.0 - lat) * SCALE)
}

/// The map with `places` on it; `selected` is drawn highlighted; `keep` are the page's
/// filters, kept in each marker's link.
pub fn svg(places: &[PlaceRow], selected: Option<i64>, keep: &[(&str, &str)]) -> String {
    let top = (90.0 - 84.0) * SCALE;
    let bottom = (90.0 + 60.0) * SCALE;
    let mut out = String::new();
    if !has_outlines() {
        out.push_str("<p class=\"error\">This build has no country outlines: run scripts/setup.sh (it installs npm's world-atlas into web/node_modules) and build again.</p>");
    }
    let _ = write!(
        out,
        "<svg id=\"map\" viewBox=\"0 {top:.0} 960 {:.0}\" role=\"group\" aria-label=\"World map of the places the corpus mentions\"><rect class=\"sea\" x=\"0\" y=\"{top:.0}\" width=\"960\" height=\"{:.0}\"/>",
        bottom - top,
        bottom - top
    );
    for line in COUNTRIES.lines() {
        if let Some((name, path)) = line.split_once('\t') {
            let _ = write!(
                out,
                "<path class=\"country\" d=\"{path}\"><title>{}</title></path>",
                esc(name)
            );
        }
    }
    let hi = places.iter().map(|p| p.mentions).max().unwrap_or(1).max(1) as f64;
    // Largest first, so that small markers stay on top and clickable.
    let mut order: Vec<&PlaceRow> = places.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(p.mentions));
    for p in order {
        if !(p.lat.is_finite() && p.lon.is_finite()) {
            continue;
        }
        let (x, y) = project(p.lat, p.lon);
        let r = 2.0 + 10.0 * (p.mentions as f64 / hi).sqrt();
        let id = p.id.to_string();
        let mut link: Vec<(&str, &str)> = keep.to_vec();
        link.push(("place", &id));
        let class = if selected == Some(p.id) {
            "place selected"
        } else {
            "place"
        };
        let _ = write!(
            out,
            "<a href=\"/map{}\" aria-label=\"{}: {}\"><circle class=\"{class}\" data-place=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{}{} — {} in {}</title></circle></a>",
            esc(&query_string(link)),
            esc(&p.name),
            counted(p.mentions, "mention", "mentions"),
            p.id,
            esc(&p.name),
            p.country
                .as_deref()
                .map(|c| format!(", {}", esc(c)))
                .unwrap_or_default(),
            counted(p.mentions, "mention", "mentions"),
            counted(p.documents, "document", "documents")
        );
    }
    out.push_str("</svg>");
    out
}
