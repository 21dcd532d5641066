//! What is not article text: element classes, `class`/`id` vocabularies, hidden elements and
//! stock phrases.
//!
//! Why vocabularies and not learned weights: the words web developers use for page furniture
//! (`nav`, `share`, `related`, `newsletter`, `cookie`, `comments`…) are remarkably stable
//! across sites and languages, and a readable list is easy to audit when a page goes wrong.
//! Each `class`/`id` value is split into lower-case tokens at every non-alphanumeric
//! character *and* at lower-to-upper camel-case humps, so `relatedArticles` and
//! `related-articles` are the same; short, ambiguous words (`ad`, `nav`, `tag`) must match a
//! whole token (so `head`, `canvas`, `vintage` do not trigger), while long distinctive roots
//! (`newsletter`, `sidebar`) may match inside a token. A positive vocabulary (`article`,
//! `body`, `content`, `story`…) keeps wrappers like `article-content-sidebar-layout` from being
//! thrown away with the furniture: only "strong" negatives override it.

use crate::dom::{Dom, Tag};

/// Whole-token negatives: furniture when the token stands alone.
const NEG_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "pager",
    "tag",
    "tags",
    "taglist",
    "keywords",
    "topics",
    "share",
    "sharing",
    "shares",
    "social",
    "sharebar",
    "comment",
    "comments",
    "disqus",
    "respond",
    "footer",
    "foot",
    "copyright",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "related",
    "recirc",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "promo",
    "promotion",
    "promoted",
    "sponsor",
    "sponsored",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "sidebar",
    "rail",
    "widget",
    "widgets",
    "masthead",
    "header",
    "byline",
    "author",
    "bio",
    "caption",
    "credit",
    "credits",
    "modal",
    "popup",
    "overlay",
    "banner",
    "toolbar",
    "skip",
    "login",
    "signin",
    "register",
    "donate",
    "print",
    "hidden",
    "hide",
    "sronly",
    "offscreen",
    "gallery",
    "slideshow",
    "carousel",
    "player",
    "video",
    "meta",
    "dateline",
    "timestamp",
    "date",
    "published",
    "updated",
    "headline",
    "title",
    "kicker",
    "eyebrow",
    "label",
    "more",
    "next",
    "prev",
    "previous",
    "jump",
    "alert",
    "notification",
    "cta",
    "teaser",
    "teasers",
    "aside",
    "extra",
    "extras",
    "embed",
    "newsletters",
    "follow",
    "button",
    "btn",
    "icon",
    "logo",
    "search",
    "utility",
    "tools",
    "toc",
    "disclaimer",
    "correction",
    "shoutbox",
    "sitemap",
    "community",
    "feedback",
];

/// Roots that mark furniture even inside a longer token (`newsletterbox`, `socialshare`).
const NEG_ROOTS: &[&str] = &[
    "advert",
    "sidebar",
    "newsletter",
    "subscri",
    "breadcrumb",
    "comment",
    "cookie",
    "consent",
    "outbrain",
    "taboola",
    "sharebar",
    "sharing",
    "socialmedia",
    "related",
    "recommend",
    "popular",
    "trending",
    "promo",
    "sponsor",
    "footer",
    "navbar",
    "navigation",
    "masthead",
    "paywall",
    "signup",
    "byline",
    "caption",
    "slideshow",
    "carousel",
    "mostread",
    "readmore",
    "copyright",
];

/// Negatives that win even over a positive word (`article-related`, `story-share`,
/// `content-ad`): these are never the body itself.
const STRONG: &[&str] = &[
    "comment",
    "comments",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "outbrain",
    "taboola",
    "newsletter",
    "subscribe",
    "cookie",
    "consent",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "sponsored",
    "byline",
    "caption",
    "credit",
    "footer",
    "tags",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navigation",
    "menu",
    "sidebar",
    "rail",
    "trending",
    "popular",
    "modal",
    "popup",
    "paywall",
    "signup",
    "toolbar",
    "print",
    "hidden",
    "sronly",
    "gallery",
    "slideshow",
    "player",
    "meta",
    "timestamp",
    "dateline",
    "headline",
    "title",
    "kicker",
    "eyebrow",
    "bio",
    "author",
    "header",
    "more",
    "teaser",
    "toc",
    "disclaimer",
    "correction",
    "label",
];

/// Words of containers that hold the article.
const POS_TOKENS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "blog",
    "prose",
    "richtext",
    "copy",
    "paragraph",
    "paragraphs",
    "column",
];

/// Verdict on one element's `class`/`id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ClassVerdict {
    pub negative: bool,
    pub strong_negative: bool,
    pub positive: bool,
}

/// Splits `s` into lower-case tokens at non-alphanumerics and camel-case humps and calls
/// `f` on each; `buf` is reused scratch space so no allocation happens per element.
fn for_each_token(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            buf.extend(c.to_lowercase());
        } else {
            if !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            prev_lower = false;
        }
    }
    if !buf.is_empty() {
        f(buf);
    }
}

/// Classifies an element by its `class` and `id`.
pub(crate) fn classify_attrs(
    class: Option<&str>,
    id: Option<&str>,
    buf: &mut String,
) -> ClassVerdict {
    let mut v = ClassVerdict::default();
    for s in [class, id].into_iter().flatten() {
        if s.len() > 400 {
            // Utility-class soup (Tailwind): not descriptive, and costly to scan.
            continue;
        }
        // "sr-only" / "visually-hidden" are screen-reader copies of visible text.
        for_each_token(s, buf, |t| {
            if NEG_TOKENS.contains(&t) {
                v.negative = true;
                if STRONG.contains(&t) {
                    v.strong_negative = true;
                }
            } else if t.len() > 5 && NEG_ROOTS.iter().any(|r| t.contains(r)) {
                v.negative = true;
                v.strong_negative = true;
            }
            if POS_TOKENS.contains(&t) {
                v.positive = true;
            }
        });
        let l = s.to_ascii_lowercase();
        if l.contains("sr-only") || l.contains("visually-hidden") || l.contains("screen-reader") {
            v.negative = true;
            v.strong_negative = true;
        }
    }
    v
}

/// Strong positive signals that an element *is* the article body.
pub(crate) fn is_body_marker(dom: &Dom<'_>, i: usize) -> bool {
    dom.attr(i, "itemprop").is_some_and(|p| {
        p.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("articleBody"))
    })
}

/// An embedded social-media post (`<blockquote class="twitter-tweet">`, Instagram, TikTok):
/// news articles quote these as part of the story, so the wrapper they sit in
/// (`social-embed`) must not be pruned as a share widget.
pub(crate) fn is_embedded_post(dom: &Dom<'_>, i: usize) -> bool {
    dom.nodes[i].tag == Tag::Blockquote
        && dom.attr(i, "class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("tweet") || c.contains("instagram") || c.contains("tiktok")
        })
}

/// Elements hidden from readers: `hidden`, `aria-hidden="true"` and inline `display:none`.
pub(crate) fn is_hidden(dom: &Dom<'_>, i: usize) -> bool {
    let Some(el) = dom.nodes[i].el else {
        return false;
    };
    if el.attr("hidden").is_some() {
        return true;
    }
    if el
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Tags whose whole subtree is furniture regardless of class.
pub(crate) fn is_furniture_tag(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Nav
            | Tag::Footer
            | Tag::Aside
            | Tag::Header
            | Tag::Figure
            | Tag::Figcaption
            | Tag::Form
    )
}

/// Short stock lines that sit inside article bodies but are not article text.
/// Compared on the lower-cased block when the block is short.
const STOCK_PREFIXES: &[&str] = &[
    "advertisement",
    "sponsored content",
    "read more",
    "read next",
    "read also",
    "see also",
    "related:",
    "related articles",
    "related stories",
    "related coverage",
    "more:",
    "more from",
    "sign up",
    "subscribe",
    "click here",
    "follow us",
    "share this",
    "share on",
    "share:",
    "©",
    "copyright",
    "all rights reserved",
    "photo:",
    "image:",
    "credit:",
    "image source",
    "getty images",
    "(photo",
    "continue reading",
    "story continues below",
    "article continues below",
    "loading",
    "we use cookies",
    "this site uses cookies",
    "you may also like",
    "recommended",
    "trending",
    "most read",
    "most popular",
    "watch:",
    "video:",
    "listen:",
    "download the",
    "get the app",
    "enable javascript",
];

pub(crate) fn is_stock_line(text: &str) -> bool {
    if text.len() > 120 {
        return false;
    }
    let l = text.to_lowercase();
    let l = l.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©' && c != '(');
    STOCK_PREFIXES.iter().any(|p| l.starts_with(p))
}
