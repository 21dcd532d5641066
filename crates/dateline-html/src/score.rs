//! Main-text selection: text blocks, container scores, the winning region, block filters.
//!
//! The page is first cut into *blocks*: the text between two block-level boundaries
//! (an opening or closing `<p>`, `<div>`, `<li>`, heading…, or a `<br>`), with its length,
//! the part of it inside links, and its comma count. This handles paragraph-less pages
//! (text in `<div>`s separated by `<br>`) the same way as well-formed ones, and stores all
//! block text in one buffer (two integers per block, no per-block allocation).
//!
//! Finding the article is a vote: every prose-looking block (long enough, few links) gives
//! points (more for longer text and more commas, since prose has clauses and menus do not)
//! to the element that holds it and fading shares to a few ancestors. The element with the
//! most points, discounted by its overall link density and adjusted by its class words and
//! `itemprop=articleBody`, is the article container. Because news CMSs often split a body
//! into several sibling containers (around ads, embeds, "read also" boxes), well-scoring
//! siblings and plain-paragraph siblings are merged in, and when several strong candidates
//! sit apart the common ancestor is taken instead. Within the chosen region, blocks are kept
//! unless they are link lists, the headline (`<h1>`, which the article text does not repeat)
//! or stock lines ("Advertisement", "Read more…"). Furniture that has its own markup
//! (`<nav>`, `<aside>`, share bars, newsletter boxes) never becomes a block at all: it is
//! pruned before block building (see [`crate::boilerplate`]).

use crate::boilerplate::{self, ClassVerdict};
use crate::dom::{Dom, Tag};

/// A run of text between block boundaries.
pub(crate) struct Block {
    /// Byte range in [`Blocks::text`].
    pub start: u32,
    pub end: u32,
    /// The innermost block-level element holding the text.
    pub owner: u32,
    /// Non-space characters.
    pub chars: u32,
    /// Non-space characters inside `<a>`.
    pub link_chars: u32,
    pub commas: u32,
    pub tag: Tag,
}

pub(crate) struct Blocks {
    pub text: String,
    pub list: Vec<Block>,
}

impl Blocks {
    pub(crate) fn str(&self, b: &Block) -> &str {
        &self.text[b.start as usize..b.end as usize]
    }
}

/// Which subtrees to leave out before block building. Only the root of a pruned subtree is
/// marked; walkers jump over the rest.
pub(crate) fn prune_mask(dom: &Dom<'_>, use_classes: bool) -> Vec<bool> {
    let n = dom.nodes.len();
    let mut mask = vec![false; n];
    // Size of every subtree in paragraph text (text inside <p>; raw text on pages without
    // <p>), and whether it holds an explicit body marker: a tag or class verdict must not
    // throw away the article itself (layout wrappers are named `l-sidebar-fixed`,
    // `has-nav`…, and some sites wrap everything in <header> or <form>). Furniture is small
    // relative to the page's prose; the article is not.
    let mut size = vec![0u32; n];
    let mut raw = vec![0u32; n];
    let mut holds_body = vec![false; n];
    let mut p_end = 0usize;
    for i in 1..n {
        let node = &dom.nodes[i];
        match node.tag {
            Tag::P => p_end = p_end.max(node.end as usize),
            Tag::Text => {
                let len = node.text.len() as u32;
                raw[i] = len;
                if i < p_end {
                    size[i] = len;
                }
            }
            _ => {}
        }
    }
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        if matches!(node.tag, Tag::Script | Tag::Void | Tag::Head | Tag::Title) {
            size[i] = 0;
            raw[i] = 0;
        }
        if !holds_body[i]
            && node.el.is_some()
            && (boilerplate::is_body_marker(dom, i) || boilerplate::is_embedded_post(dom, i))
        {
            holds_body[i] = true;
        }
        let p = node.parent as usize;
        size[p] = size[p].saturating_add(size[i]);
        raw[p] = raw[p].saturating_add(raw[i]);
        holds_body[p] |= holds_body[i];
    }
    if size[0] < 500 {
        size.clone_from(&raw);
    }
    let total = size[0].max(1);
    let mut buf = String::new();
    let mut i = 1;
    while i < n {
        let node = &dom.nodes[i];
        let end = node.end as usize;
        let tag = node.tag;
        if tag == Tag::Text || matches!(tag, Tag::Html | Tag::Body | Tag::Document) {
            i += 1;
            continue;
        }
        let mut prune = false;
        if holds_body[i] {
            // never prune the article or anything around it
        } else if matches!(tag, Tag::Script | Tag::Void | Tag::Head | Tag::Title) {
            prune = true;
        } else if boilerplate::is_furniture_tag(tag) {
            // A page that wraps everything in <header>/<form> (old ASP.NET sites do) must
            // keep its text: furniture is small relative to the page.
            prune = (size[i] as u64) * 2 < total as u64;
        } else if boilerplate::is_hidden(dom, i) {
            prune = true;
        } else if use_classes && tag != Tag::Article && tag != Tag::Main {
            let el = node.el.expect("element");
            let v: ClassVerdict = boilerplate::classify_attrs(el.attr("class"), el.id(), &mut buf);
            if v.strong_negative {
                prune = (size[i] as u64) * 2 < total as u64;
            } else if v.negative && !v.positive {
                prune = (size[i] as u64) * 10 < (total as u64) * 3;
            }
        }
        if prune {
            if raw[i] > 300 || size[i] > 100 {
                log(|| {
                    format!(
                        "prune {i} size {} raw {} {}",
                        size[i],
                        raw[i],
                        describe(dom, i)
                    )
                });
            }
            mask[i] = true;
            i = end;
        } else {
            i += 1;
        }
    }
    mask
}

/// Cuts the unpruned part of the page into blocks.
pub(crate) fn build_blocks(dom: &Dom<'_>, mask: &[bool]) -> Blocks {
    let n = dom.nodes.len();
    let mut b = Builder {
        out: Blocks {
            text: String::new(),
            list: Vec::new(),
        },
        start: 0,
        chars: 0,
        link: 0,
        commas: 0,
    };
    // Open block-level elements: (index, end).
    let mut open: Vec<(u32, u32)> = vec![(0, n as u32)];
    let mut link_end = 0usize;
    let mut i = 1;
    while i < n {
        while open.len() > 1 {
            let (idx, end) = *open.last().unwrap_or(&(0, 0));
            if end as usize > i {
                break;
            }
            b.flush(idx, dom.nodes[idx as usize].tag);
            open.pop();
        }
        let node = &dom.nodes[i];
        if mask[i] {
            if node.tag.is_block() {
                let top = open.last().map_or(0, |o| o.0);
                b.flush(top, dom.nodes[top as usize].tag);
            }
            i = node.end as usize;
            continue;
        }
        match node.tag {
            Tag::Text => b.push_text(node.text, i < link_end),
            Tag::A => link_end = link_end.max(node.end as usize),
            Tag::Cell => b.space(),
            Tag::Br | Tag::Hr => {
                let top = open.last().map_or(0, |o| o.0);
                b.flush(top, dom.nodes[top as usize].tag);
            }
            Tag::Script | Tag::Void | Tag::Head | Tag::Title | Tag::Meta | Tag::Link => {
                i = node.end as usize;
                continue;
            }
            t if t.is_block() => {
                let top = open.last().map_or(0, |o| o.0);
                b.flush(top, dom.nodes[top as usize].tag);
                open.push((i as u32, node.end));
            }
            _ => {}
        }
        i += 1;
    }
    while let Some((idx, _)) = open.pop() {
        b.flush(idx, dom.nodes[idx as usize].tag);
    }
    b.out
}

struct Builder {
    out: Blocks,
    start: usize,
    chars: u32,
    link: u32,
    commas: u32,
}

impl Builder {
    fn push_text(&mut self, s: &str, in_link: bool) {
        let text = &mut self.out.text;
        let mut n = 0u32;
        for c in s.chars() {
            if c.is_whitespace() {
                if text.len() > self.start && !text.ends_with(' ') {
                    text.push(' ');
                }
            } else {
                if matches!(c, ',' | '，' | '、' | '،') {
                    self.commas += 1;
                }
                text.push(c);
                n += 1;
            }
        }
        self.chars += n;
        if in_link {
            self.link += n;
        }
    }

    /// Separates the text of adjacent table cells.
    fn space(&mut self) {
        let text = &mut self.out.text;
        if text.len() > self.start && !text.ends_with(' ') {
            text.push(' ');
        }
    }

    fn flush(&mut self, owner: u32, tag: Tag) {
        let text = &mut self.out.text;
        while text.len() > self.start && text.ends_with(' ') {
            text.pop();
        }
        if self.chars > 0 {
            self.out.list.push(Block {
                start: self.start as u32,
                end: text.len() as u32,
                owner,
                chars: self.chars,
                link_chars: self.link,
                commas: self.commas,
                tag,
            });
        } else {
            text.truncate(self.start);
        }
        self.start = text.len();
        self.chars = 0;
        self.link = 0;
        self.commas = 0;
    }
}

/// The chosen article region: subtree ranges `start..end` in document order.
pub(crate) fn choose_region(dom: &Dom<'_>, blocks: &Blocks, mask: &[bool]) -> Vec<(u32, u32)> {
    let n = dom.nodes.len();
    let mut score = vec![0f32; n];
    let mut chars = vec![0u32; n];
    let mut links = vec![0u32; n];
    let parent = |i: usize| dom.nodes[i].parent as usize;
    for b in &blocks.list {
        let o = b.owner as usize;
        chars[o] += b.chars;
        links[o] += b.link_chars;
        // Which blocks vote, and for whom: a <p> is a paragraph of its container; a
        // prose-length list item is a paragraph of the list's container (some CMSs set
        // whole articles as lists); text loose in a <div> or a layout cell is the
        // element's own.
        let mut target = match b.tag {
            Tag::P | Tag::Pre | Tag::Blockquote if b.chars >= 25 => parent(o),
            Tag::Li if b.chars >= 80 => parent(parent(o)),
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Body if b.chars >= 25 => o,
            // Text loose in a layout table's cell (old sites) belongs to its row.
            Tag::Table if b.chars >= 80 => o,
            _ => continue,
        };
        let ld = b.link_chars as f32 / b.chars as f32;
        if ld > 0.5 {
            continue;
        }
        let s = (1.0 + b.commas.min(20) as f32 + (b.chars as f32 / 100.0).min(3.0)) * (1.0 - ld);
        for level in 0..4 {
            score[target] += match level {
                0 => s,
                1 => s / 2.0,
                l => s / (l as f32 * 3.0),
            };
            if target == 0 {
                break;
            }
            target = parent(target);
        }
    }
    for i in (1..n).rev() {
        let p = parent(i);
        chars[p] += chars[i];
        links[p] += links[i];
    }
    let mut buf = String::new();
    let mut cand = vec![0f32; n];
    for i in 1..n {
        if score[i] <= 0.0 || mask[i] {
            continue;
        }
        let ld = if chars[i] > 0 {
            links[i] as f32 / chars[i] as f32
        } else {
            0.0
        };
        let mut w = 1.0;
        if let Some(el) = dom.nodes[i].el {
            let v = boilerplate::classify_attrs(el.attr("class"), el.id(), &mut buf);
            if v.positive {
                w += 0.25;
            }
            if v.negative {
                w -= 0.3;
            }
        }
        if boilerplate::is_body_marker(dom, i) {
            w += 0.5;
        }
        if matches!(dom.nodes[i].tag, Tag::Article | Tag::Main) {
            w += 0.15;
        }
        cand[i] = score[i] * (1.0 - ld) * w;
    }
    if let Some(log) = explain_log() {
        let mut order: Vec<usize> = (1..n).filter(|&i| cand[i] > 0.0).collect();
        order.sort_by(|&a, &b| cand[b].total_cmp(&cand[a]));
        for &i in order.iter().take(8) {
            log.push(format!(
                "cand {i} {:.1} raw {:.1} chars {} links {} {}",
                cand[i],
                score[i],
                chars[i],
                links[i],
                describe(dom, i)
            ));
        }
    }
    let Some(mut top) = (1..n)
        .max_by(|&a, &b| cand[a].total_cmp(&cand[b]))
        .filter(|&t| cand[t] > 0.0)
    else {
        return Vec::new();
    };
    let top_score = cand[top];

    // A strong candidate outside the winner: the body is split (CMS "chunks" around ads or
    // embeds), so take the closest common ancestor, unless that is the whole page.
    let others: Vec<usize> = (1..n)
        .filter(|&i| cand[i] >= 0.75 * top_score && i != top)
        .filter(|&i| !(i > top && i < dom.nodes[top].end as usize))
        .filter(|&i| !(top > i && top < dom.nodes[i].end as usize))
        .take(8)
        .collect();
    if !others.is_empty() {
        let mut a = parent(top);
        while a != 0 && !matches!(dom.nodes[a].tag, Tag::Body | Tag::Html) {
            let end = dom.nodes[a].end as usize;
            if others.iter().any(|&o| o > a && o < end) {
                log(|| format!("climb from {top} to {a}"));
                top = a;
                break;
            }
            a = parent(a);
        }
    }

    // Merge siblings of the winner that look like more of the same article.
    let p = parent(top);
    let top_class = dom.attr(top, "class").unwrap_or("");
    let threshold = (cand[top] * 0.2).max(3.0);
    let mut region = Vec::new();
    let mut c = p + 1;
    let pend = dom.nodes[p].end as usize;
    if p == 0 || matches!(dom.nodes[top].tag, Tag::Body | Tag::Html) {
        region.push((top as u32, dom.nodes[top].end));
        return region;
    }
    while c < pend {
        let cend = dom.nodes[c].end as usize;
        let keep = if c == top {
            true
        } else if mask[c] || dom.nodes[c].tag == Tag::Text {
            false
        } else {
            let same_class = !top_class.is_empty() && dom.attr(c, "class") == Some(top_class);
            let t = if same_class {
                threshold * 0.5
            } else {
                threshold
            };
            let ld = if chars[c] > 0 {
                links[c] as f32 / chars[c] as f32
            } else {
                1.0
            };
            cand[c] >= t
                || (matches!(
                    dom.nodes[c].tag,
                    Tag::P | Tag::Div | Tag::Blockquote | Tag::List
                ) && chars[c] >= 80
                    && ld < 0.25)
                || (dom.nodes[c].tag == Tag::P
                    && chars[c] > 0
                    && ld == 0.0
                    && ends_sentence(&dom.text_of(c)))
        };
        log(|| {
            format!(
                "sibling {c} keep={keep} cand {:.1} chars {} {}",
                cand[c],
                chars[c],
                describe(dom, c)
            )
        });
        if keep {
            region.push((c as u32, cend as u32));
        }
        c = cend;
    }
    region
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '"', '”', '。', '»'])
}

/// Joins the blocks inside `region` into the article text, dropping link lists, the
/// headline and stock lines.
pub(crate) fn region_text(blocks: &Blocks, region: &[(u32, u32)], dom: &Dom<'_>) -> String {
    let mut out = String::new();
    // The ranges are disjoint and in document order: the only one that can hold a block is
    // the last that starts at or before it (a binary search, not a scan per block).
    let inside = |o: u32| {
        let k = region.partition_point(|&(s, _)| s <= o);
        k > 0 && o < region[k - 1].1
    };
    for b in &blocks.list {
        if !inside(b.owner) {
            if b.chars > 100 {
                log(|| format!("outside {} {:?}: {:.80}", b.owner, b.tag, blocks.str(b)));
            }
            continue;
        }
        if !keep_block(blocks, b, dom) {
            log(|| {
                format!(
                    "drop block {:?} ld {}/{}: {:.80}",
                    b.tag,
                    b.link_chars,
                    b.chars,
                    blocks.str(b)
                )
            });
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(blocks.str(b));
    }
    out
}

fn keep_block(blocks: &Blocks, b: &Block, _dom: &Dom<'_>) -> bool {
    let s = blocks.str(b);
    if b.tag == Tag::H(1) {
        return false;
    }
    if !s.chars().any(char::is_alphanumeric) {
        return false;
    }
    // Link lists go; a sentence that happens to be mostly links stays when it has enough
    // words of its own ("Read more: <headline>" does not).
    let ld = b.link_chars as f32 / b.chars.max(1) as f32;
    if ld > 0.5 && (b.chars - b.link_chars < 40 || ld > 0.8) {
        return false;
    }
    !boilerplate::is_stock_line(s)
}

/// Chars of article text the region yields (for comparing alternatives).
pub(crate) fn text_chars(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

thread_local! {
    static EXPLAIN: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Diagnostic log, active only inside [`crate::explain`].
struct LogGuard;
impl LogGuard {
    fn push(&self, s: String) {
        EXPLAIN.with(|e| {
            if let Some(v) = e.borrow_mut().as_mut() {
                v.push(s);
            }
        });
    }
}

fn explain_log() -> Option<LogGuard> {
    EXPLAIN.with(|e| e.borrow().is_some()).then_some(LogGuard)
}

pub(crate) fn explain_start() {
    EXPLAIN.with(|e| *e.borrow_mut() = Some(Vec::new()));
}

pub(crate) fn explain_take() -> Vec<String> {
    EXPLAIN.with(|e| e.borrow_mut().take().unwrap_or_default())
}

pub(crate) fn log(s: impl FnOnce() -> String) {
    if let Some(l) = explain_log() {
        l.push(s());
    }
}

pub(crate) fn describe(dom: &Dom<'_>, i: usize) -> String {
    format!(
        "<{:?} class={:?} id={:?}>",
        dom.nodes[i].tag,
        dom.attr(i, "class").unwrap_or(""),
        dom.attr(i, "id").unwrap_or("")
    )
}
