//! A flat, pre-order copy of the parsed tree.
//!
//! Why not walk scraper's tree directly: every later step (block building, container
//! scoring, metadata) wants per-node arrays indexed by position, "is X inside Y" tests and
//! "skip this subtree" jumps. Storing nodes in document (pre-order) order with each node's
//! `end` (one past its last descendant) makes all three O(1): a subtree is the index range
//! `i..end`, skipping it is `i = end`, and a reverse index loop visits children before
//! their parents (bottom-up sums), so nothing needs recursion.
//! Building it is a single iterative walk (first-child / next-sibling / parent links), so
//! 100 000 nested `<div>`s cannot overflow the stack. Tag names are classified once into a
//! small [`Tag`] enum so later passes compare integers instead of strings.

use scraper::node::Element;
use scraper::{Html, Node as SNode};

/// The tag classes the extractor distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Document,
    Text,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    /// Elements whose content is never article text (style, svg, form controls, media…).
    Void,
    /// `<a>`: its text counts towards link density.
    A,
    Br,
    P,
    H(u8),
    Li,
    /// ul / ol / dl: list containers.
    List,
    Blockquote,
    Pre,
    /// td / th: not blocks of their own; a table row is one block with its cells separated
    /// by spaces, so a data table reads as one line per row.
    Cell,
    /// table / tbody / tr …: table structure.
    Table,
    Article,
    Main,
    Section,
    Div,
    Nav,
    Footer,
    Header,
    Aside,
    Figure,
    Figcaption,
    Time,
    Hr,
    Form,
    /// Any other element, treated as inline.
    Inline,
}

impl Tag {
    fn classify(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "div" => Tag::Div,
            "a" => Tag::A,
            "span" | "b" | "i" | "em" | "strong" | "u" | "font" | "small" | "sup" | "sub" => {
                Tag::Inline
            }
            "br" => Tag::Br,
            "li" => Tag::Li,
            "ul" | "ol" | "dl" | "menu" => Tag::List,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "td" | "th" => Tag::Cell,
            "dd" | "dt" => Tag::Li,
            "caption" => Tag::Figcaption,
            "table" | "tbody" | "thead" | "tfoot" | "tr" => Tag::Table,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" | "center" | "address" | "details" | "summary" | "fieldset" | "hgroup" => {
                Tag::Section
            }
            "nav" => Tag::Nav,
            "footer" => Tag::Footer,
            "header" => Tag::Header,
            "aside" => Tag::Aside,
            "figure" | "picture" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "time" => Tag::Time,
            "hr" => Tag::Hr,
            "form" => Tag::Form,
            "script" => Tag::Script,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "title" => Tag::Title,
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
            | "canvas" | "video" | "audio" | "select" | "option" | "optgroup" | "button"
            | "input" | "textarea" | "map" | "dialog" | "label" | "img" | "source" | "track"
            | "param" | "base" | "datalist" | "output" | "progress" | "meter" | "frameset"
            | "frame" | "head-ad" => Tag::Void,
            _ => Tag::Inline,
        }
    }

    /// Block-level tags end the current text block when they open or close.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A | Tag::Inline | Tag::Text | Tag::Time | Tag::Br | Tag::Cell
        )
    }
}

/// One node of the flat tree.
pub(crate) struct Node<'a> {
    /// Index of the parent element (the document node is its own parent).
    pub parent: u32,
    /// One past the index of this node's last descendant.
    pub end: u32,
    pub tag: Tag,
    pub el: Option<&'a Element>,
    /// For text nodes, the text (entities already decoded by the parser).
    pub text: &'a str,
}

pub(crate) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    /// Flattens `html` in pre-order without recursion. Comments, doctypes and processing
    /// instructions are dropped.
    pub(crate) fn build(html: &'a Html) -> Dom<'a> {
        let root = html.tree.root();
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(html.tree.values().len() + 1);
        nodes.push(Node {
            parent: 0,
            end: 1,
            tag: Tag::Document,
            el: None,
            text: "",
        });
        // Arena indices of the open elements on the path from the document to `cur`.
        let mut stack: Vec<u32> = vec![0];
        let Some(mut cur) = root.first_child() else {
            return Dom { nodes };
        };
        loop {
            let parent = *stack.last().unwrap_or(&0);
            let mut descended = false;
            match cur.value() {
                SNode::Element(e) => {
                    let idx = nodes.len() as u32;
                    nodes.push(Node {
                        parent,
                        end: idx + 1,
                        tag: Tag::classify(e.name()),
                        el: Some(e),
                        text: "",
                    });
                    if let Some(child) = cur.first_child() {
                        stack.push(idx);
                        cur = child;
                        descended = true;
                    }
                }
                SNode::Text(t) => {
                    let idx = nodes.len() as u32;
                    nodes.push(Node {
                        parent,
                        end: idx + 1,
                        tag: Tag::Text,
                        el: None,
                        text: &t.text,
                    });
                }
                _ => {}
            }
            if descended {
                continue;
            }
            // Move to the next sibling, closing finished elements on the way up.
            let mut n = cur;
            loop {
                if let Some(s) = n.next_sibling() {
                    cur = s;
                    break;
                }
                match n.parent() {
                    Some(p) if stack.len() > 1 => {
                        let closed = stack.pop().unwrap_or(0) as usize;
                        nodes[closed].end = nodes.len() as u32;
                        n = p;
                    }
                    _ => {
                        nodes[0].end = nodes.len() as u32;
                        return Dom { nodes };
                    }
                }
            }
        }
    }

    pub(crate) fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.nodes[i].el.and_then(|e| e.attr(name))
    }

    /// The raw text of the direct text children of `i` (a `<script>`'s or `<title>`'s content).
    pub(crate) fn text_of_raw(&self, i: usize) -> String {
        let end = self.nodes[i].end as usize;
        let mut out = String::new();
        for n in &self.nodes[i + 1..end] {
            if n.tag == Tag::Text && n.parent as usize == i {
                out.push_str(n.text);
            }
        }
        out
    }

    /// The text of the subtree at `i`, whitespace collapsed, skipping script-like content.
    pub(crate) fn text_of(&self, i: usize) -> String {
        self.text_within(i, usize::MAX, usize::MAX)
            .unwrap_or_default()
    }

    /// [`Dom::text_of`] for a subtree expected to be small (a byline): `None` when the
    /// subtree has more than `max_nodes` nodes, more than `max_bytes` of text, or more than
    /// 64 times that before whitespace is collapsed, found without reading further. Checking
    /// every element of a class this way costs the same whatever nests inside them (1,000
    /// nested `class=byline` around a whole page).
    pub(crate) fn text_within(
        &self,
        i: usize,
        max_bytes: usize,
        max_nodes: usize,
    ) -> Option<String> {
        let mut out = String::new();
        let end = self.nodes[i].end as usize;
        if end - i > max_nodes {
            return None;
        }
        let mut raw_left = max_bytes.saturating_mul(64);
        let mut j = i;
        while j < end {
            // (+1: a trailing space may still be trimmed.)
            if out.len() > max_bytes.saturating_add(1) {
                return None;
            }
            let n = &self.nodes[j];
            match n.tag {
                Tag::Text => {
                    raw_left = raw_left.checked_sub(n.text.len())?;
                    push_collapsed(&mut out, n.text);
                }
                Tag::Script | Tag::Void | Tag::Title => {
                    j = n.end as usize;
                    continue;
                }
                t if (t.is_block() || t == Tag::Br) && !out.is_empty() && !out.ends_with(' ') => {
                    out.push(' ');
                }
                _ => {}
            }
            j += 1;
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        (out.len() <= max_bytes).then_some(out)
    }
}

/// Appends `s` to `out` with every whitespace run turned into one space and no leading space
/// at the start of `out`. Returns the number of non-space characters appended.
pub(crate) fn push_collapsed(out: &mut String, s: &str) -> usize {
    let mut n = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
            n += 1;
        }
    }
    n
}

/// Collapses whitespace of a standalone string (attribute values, JSON-LD strings).
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    let t = out.trim_end().len();
    out.truncate(t);
    out
}
