//! Page metadata: title, byline, dates, language, site, canonical URL, description, and the
//! JSON-LD `articleBody` when a page ships one.
//!
//! All sources are gathered in one pass over the flat tree into a [`Sources`] record (each
//! field keeps the first value seen), and the priority between sources is decided afterwards
//! in [`Sources::finish`]. Separating "collect" from "choose" keeps the pass cheap and the
//! precedence rules in one readable place. The precedence prefers what publishers fill in
//! for machines (Open Graph / `article:*` meta, JSON-LD) over what they write for humans
//! (`<h1>`, `<title>`, `.byline`), because the machine-facing values are cleaner: a
//! `<title>` carries " | Site" suffixes and a `.byline` carries "By" and job titles.
//!
//! JSON-LD is parsed with `serde_json`; publishers often emit invalid JSON (trailing
//! semicolons, HTML comments or CDATA wrappers, raw newlines inside strings), so a failed
//! parse is retried once after repairing those, and a block that still fails is ignored.

use serde_json::Value;

use crate::dom::{Dom, Tag, collapse};

/// Values found per source, first one wins within a source.
#[derive(Default)]
pub(crate) struct Sources {
    og_title: Option<String>,
    twitter_title: Option<String>,
    h1: Option<String>,
    title_tag: Option<String>,
    meta_author: Option<String>,
    article_author: Option<String>,
    rel_author: Option<String>,
    byline_el: Option<String>,
    published_meta: Option<String>,
    published_other: Option<String>,
    time_pubdate: Option<String>,
    time_in_article: Option<String>,
    time_any: Option<String>,
    html_lang: Option<String>,
    og_locale: Option<String>,
    content_language: Option<String>,
    og_site_name: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    description: Option<String>,
    og_description: Option<String>,
    ld: LdInfo,
}

/// What JSON-LD said about the article.
#[derive(Default, Debug)]
pub(crate) struct LdInfo {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub site_name: Option<String>,
    pub body: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
}

/// The chosen metadata.
#[derive(Default, Debug)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub description: Option<String>,
    pub ld_body: Option<String>,
}

fn set(slot: &mut Option<String>, v: Option<&str>) {
    if slot.is_none() {
        if let Some(v) = v {
            let v = collapse(v);
            if !v.is_empty() {
                *slot = Some(v);
            }
        }
    }
}

/// Collects every metadata source in one pass.
pub(crate) fn collect(dom: &Dom<'_>) -> Sources {
    let mut s = Sources::default();
    let n = dom.nodes.len();
    let mut article_end = 0usize;
    let mut i = 1;
    while i < n {
        let node = &dom.nodes[i];
        let Some(el) = node.el else {
            i += 1;
            continue;
        };
        match node.tag {
            Tag::Html => set(
                &mut s.html_lang,
                el.attr("lang").or_else(|| el.attr("xml:lang")),
            ),
            Tag::Meta => meta_tag(&mut s, el),
            Tag::Link => {
                if let Some(rel) = el.attr("rel") {
                    let has = |w: &str| {
                        rel.split_ascii_whitespace()
                            .any(|t| t.eq_ignore_ascii_case(w))
                    };
                    if has("canonical") {
                        set(&mut s.canonical, el.attr("href"));
                    }
                }
            }
            Tag::Title if s.title_tag.is_none() => {
                set(&mut s.title_tag, Some(&dom.text_of_raw(i)));
            }
            Tag::Script => {
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    json_ld(&mut s.ld, &dom.text_of_raw(i));
                }
                i = node.end as usize;
                continue;
            }
            Tag::H(1) if s.h1.is_none() => {
                set(&mut s.h1, Some(&dom.text_of(i)));
            }
            Tag::Article => article_end = article_end.max(node.end as usize),
            Tag::Time => {
                let dt = el.attr("datetime");
                if el.attr("pubdate").is_some() {
                    set(&mut s.time_pubdate, dt);
                }
                if i < article_end {
                    set(&mut s.time_in_article, dt);
                }
                set(&mut s.time_any, dt);
            }
            Tag::A
                if s.rel_author.is_none()
                    && el.attr("rel").is_some_and(|r| {
                        r.split_ascii_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("author"))
                    }) =>
            {
                set(&mut s.rel_author, Some(&dom.text_of(i)));
            }
            _ => {}
        }
        if let Some(prop) = el.attr("itemprop") {
            // Microdata on visible elements.
            if prop.eq_ignore_ascii_case("datePublished") {
                set(
                    &mut s.published_other,
                    el.attr("content").or_else(|| el.attr("datetime")),
                );
            }
        }
        if s.byline_el.is_none() && node.tag != Tag::Meta {
            if let Some(class) = el.attr("class") {
                if class.split_ascii_whitespace().any(|c| {
                    let c = c.to_ascii_lowercase();
                    c == "byline"
                        || c.ends_with("-byline")
                        || c.ends_with("__byline")
                        || c == "author-name"
                }) && let Some(t) = dom.text_within(i, 199, 4000)
                    && !t.is_empty()
                {
                    s.byline_el = Some(t);
                }
            }
        }
        i += 1;
    }
    s
}

fn meta_tag(s: &mut Sources, el: &scraper::node::Element) {
    let content = el.attr("content");
    if let Some(eq) = el.attr("http-equiv") {
        if eq.eq_ignore_ascii_case("content-language") {
            set(&mut s.content_language, content);
        }
        return;
    }
    let key = el
        .attr("property")
        .or_else(|| el.attr("name"))
        .or_else(|| el.attr("itemprop"));
    let Some(key) = key else { return };
    let key = key.trim().to_ascii_lowercase();
    match key.as_str() {
        "og:title" => set(&mut s.og_title, content),
        "twitter:title" => set(&mut s.twitter_title, content),
        "author" | "byl" | "parsely-author" | "sailthru.author" | "dc.creator" => {
            set(&mut s.meta_author, content)
        }
        // Often a profile URL rather than a name.
        "article:author" if content.is_some_and(|c| !c.trim_start().starts_with("http")) => {
            set(&mut s.article_author, content);
        }
        "article:published_time" | "og:published_time" | "og:article:published_time" => {
            set(&mut s.published_meta, content)
        }
        "parsely-pub-date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.date"
        | "dcterms.issued"
        | "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "sailthru.date"
        | "datepublished"
        | "article.published"
        | "original-publish-date"
        | "cxenseparse:recs:publishtime" => set(&mut s.published_other, content),
        "parsely-page" => {
            if let Some(v) = content.and_then(|c| serde_json::from_str::<Value>(c).ok()) {
                set(
                    &mut s.published_other,
                    v.get("pub_date").and_then(Value::as_str),
                );
            }
        }
        "og:locale" => set(&mut s.og_locale, content),
        "og:site_name" => set(&mut s.og_site_name, content),
        "og:url" => set(&mut s.og_url, content),
        "description" => set(&mut s.description, content),
        "og:description" | "twitter:description" => set(&mut s.og_description, content),
        _ => {}
    }
}

impl Sources {
    pub(crate) fn finish(self) -> Meta {
        let ld = self.ld;
        let site_name = self.og_site_name.or(ld.publisher.clone()).or(ld.site_name);
        let title = self
            .og_title
            .or(ld.headline)
            .or(self.twitter_title)
            .or(self.h1)
            .or(self.title_tag)
            .map(|t| strip_site_suffix(&t, site_name.as_deref()));
        let byline = self
            .meta_author
            .or(self.article_author)
            .or_else(|| (!ld.authors.is_empty()).then(|| ld.authors.join(", ")))
            .or(self.rel_author)
            .or(self.byline_el)
            .map(|b| clean_byline(&b))
            .filter(|b| !b.is_empty());
        let published = self
            .published_meta
            .or(ld.published)
            .or(self.published_other)
            .or(self.time_pubdate)
            .or(self.time_in_article)
            .or(self.time_any);
        let language = self
            .html_lang
            .or(self.og_locale.map(|l| l.replace('_', "-")))
            .or(self.content_language)
            .or(ld.language);
        Meta {
            title: title.filter(|t| !t.is_empty()),
            byline,
            published,
            language,
            site_name,
            canonical_url: self.canonical.or(self.og_url).or(ld.url),
            description: self.description.or(self.og_description).or(ld.description),
            ld_body: ld.body,
        }
    }
}

/// Removes a trailing (or leading) " | Site" / " - Site" part from a title.
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    const SEPS: &[&str] = &[" | ", " - ", " — ", " – ", " :: ", " · ", " • ", " // "];
    let mut t = title.trim().to_string();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for sep in SEPS {
            if let Some(rest) = t.strip_suffix(&format!("{sep}{site}")) {
                return rest.trim().to_string();
            }
            if let Some(rest) = t.strip_prefix(&format!("{site}{sep}")) {
                return rest.trim().to_string();
            }
        }
    }
    // Without a known site name: drop the last part when it is short (a site name) and the
    // rest is long enough to be a headline.
    for sep in SEPS {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                t = head.trim().to_string();
                break;
            }
        }
    }
    t
}

fn clean_byline(s: &str) -> String {
    let s = collapse(s);
    let mut t = s.as_str();
    for p in ["By ", "by ", "BY ", "Von ", "Par ", "Por "] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
            break;
        }
    }
    t.trim()
        .trim_end_matches([',', '|', '-'])
        .trim()
        .to_string()
}

/// The article types whose properties describe the page's own article.
fn is_article_type(v: &Value) -> bool {
    const TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "SocialMediaPosting",
    ];
    let check = |s: &str| {
        let s = s.rsplit(['/', ':']).next().unwrap_or(s);
        TYPES.iter().any(|t| t.eq_ignore_ascii_case(s))
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn type_is(v: &Value, name: &str) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => s.eq_ignore_ascii_case(name),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .any(|s| s.eq_ignore_ascii_case(name)),
        _ => false,
    }
}

/// Parses one JSON-LD script and merges what it says into `ld`.
pub(crate) fn json_ld(ld: &mut LdInfo, raw: &str) {
    let v = match serde_json::from_str::<Value>(raw.trim()) {
        Ok(v) => v,
        Err(_) => match serde_json::from_str::<Value>(&repair_json(raw)) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    // Iterative walk over arrays and @graph; objects nested deeper than these are
    // properties, not items.
    let mut stack: Vec<&Value> = vec![&v];
    let mut seen = 0;
    while let Some(item) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match item {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if is_article_type(item) {
                    article_item(ld, item);
                } else if type_is(item, "WebSite") {
                    set(&mut ld.site_name, item.get("name").and_then(Value::as_str));
                } else if let Some(main) = o.get("mainEntity").filter(|m| is_article_type(m)) {
                    article_item(ld, main);
                }
            }
            _ => {}
        }
    }
}

fn article_item(ld: &mut LdInfo, item: &Value) {
    let s = |k: &str| item.get(k).and_then(Value::as_str);
    set(&mut ld.headline, s("headline").or_else(|| s("name")));
    set(
        &mut ld.published,
        s("datePublished").or_else(|| s("dateCreated")),
    );
    set(&mut ld.body, s("articleBody"));
    set(&mut ld.description, s("description"));
    set(&mut ld.language, s("inLanguage"));
    set(&mut ld.url, s("url"));
    if ld.authors.is_empty() {
        if let Some(a) = item.get("author").or_else(|| item.get("creator")) {
            ld.authors = names(a);
        }
    }
    if ld.publisher.is_none() {
        if let Some(p) = item.get("publisher") {
            ld.publisher = names(p).into_iter().next();
        }
    }
}

/// Names from a person/organization value: a string, an object with `name`, or a list.
fn names(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for it in items {
        let name = match it {
            Value::String(s) if !s.starts_with("http") => Some(s.as_str()),
            Value::Object(o) => o.get("name").and_then(|n| match n {
                Value::String(s) => Some(s.as_str()),
                Value::Array(a) => a.first().and_then(Value::as_str),
                _ => None,
            }),
            _ => None,
        };
        if let Some(n) = name.map(collapse).filter(|n| !n.is_empty()) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Best-effort repair of JSON as publishers write it.
fn repair_json(raw: &str) -> String {
    let mut s = raw.trim();
    for (pre, post) in [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(r) = s.strip_prefix(pre) {
            s = r.strip_suffix(post).unwrap_or(r).trim();
        }
    }
    let s = s.trim_end_matches(';').trim();
    // Raw control characters inside strings are invalid JSON; as whitespace they are harmless.
    // Trailing commas before a closing bracket (all of a run, as in `[1,,]`), in one pass:
    // removing them one `find` at a time was quadratic in their number.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '}' | ']') {
            let kept = out.trim_end_matches(',').len();
            out.truncate(kept);
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_commas_and_control_characters_are_repaired_in_one_pass() {
        assert_eq!(
            repair_json("<!--{\"a\": [1, 2,,], \"b\": {\"c\": 1,},}-->"),
            "{\"a\": [1, 2], \"b\": {\"c\": 1}}"
        );
        assert_eq!(repair_json("{\"t\": \"x\ty\"};"), "{\"t\": \"x y\"}");
        // 100,000 trailing commas: linear, not one search per comma.
        let raw = format!("{{\"parts\": [{}]}}", "{\"n\": 1,},".repeat(100_000));
        let fixed = repair_json(&raw);
        let v: Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["parts"].as_array().unwrap().len(), 100_000);
    }
}
