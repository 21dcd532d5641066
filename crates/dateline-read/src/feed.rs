//! RSS 0.9x/1.0 (RDF)/2.0 and Atom feeds: one document per item or entry.
//!
//! The feed is read as a stream of XML events (quick-xml), so a feed file of any size
//! needs memory for one item at a time. Elements are matched by namespace, not by prefix,
//! so `content:encoded`, `dc:date` and Atom elements are found whatever prefix a feed
//! binds them to, and look-alikes from other vocabularies (`media:title`) are ignored.
//!
//! An item's text comes from the richest field present: `content:encoded`, then Atom
//! `content`, then `description`/`summary`. Feeds carry HTML there in three ways (CDATA,
//! entity-escaped, or inline XHTML elements); all three become a [`Payload::Html`]
//! fragment wrapped in a minimal page, so the HTML extractor applies; a field that holds
//! plain text becomes [`Payload::Text`]. Items without any text are skipped and counted.
//!
//! Feeds are expected in UTF-8 (the XML default and by far the norm; a UTF-16 feed with a
//! byte-order mark is transcoded before it gets here); bytes that are not valid UTF-8 are
//! replaced by U+FFFD.
//!
//! Hostile feeds cost time linear in their size: namespace prefixes are resolved through a
//! map (quick-xml's own resolver scans every binding in scope, so 100k nested declarations
//! took seconds per thousand elements), an item keeps at most [`MAX_AUTHORS`] authors, and
//! entities declared in a DTD are never expanded (an entity bomb stays a few bytes of
//! `&name;` text; an external entity is never fetched).

use std::collections::HashMap;
use std::io::BufRead;

use dateline_doc::Metadata;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

use crate::jsonl::set_published;
use crate::{Payload, ReadError, ReadErrorKind, Record, SkipCounts};

const NS_ATOM: &[u8] = b"http://www.w3.org/2005/Atom";
const NS_ATOM03: &[u8] = b"http://purl.org/atom/ns#";
const NS_RSS1: &[u8] = b"http://purl.org/rss/1.0/";
const NS_RSS090: &[u8] = b"http://my.netscape.com/rdf/simple/0.9/";
const NS_RDF: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NS_DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const NS_CONTENT: &[u8] = b"http://purl.org/rss/1.0/modules/content/";

/// Authors kept per item (the byline); more are ignored rather than compared with every
/// one kept so far.
pub const MAX_AUTHORS: usize = 64;

/// Which vocabulary an element belongs to. RSS 2.0 (no namespace), RSS 1.0/0.90 and Atom
/// elements are all `Core`: their names do not clash in the places this reader looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Core,
    Rdf,
    Dc,
    Content,
    Other,
}

/// The vocabulary of a namespace URI.
fn classify_uri(uri: &[u8]) -> Ns {
    match uri {
        NS_ATOM | NS_ATOM03 | NS_RSS1 | NS_RSS090 => Ns::Core,
        NS_RDF => Ns::Rdf,
        NS_DC => Ns::Dc,
        NS_CONTENT => Ns::Content,
        _ => Ns::Other,
    }
}

/// The vocabulary of a prefix that no declaration binds: sloppy feeds use `dc:` or
/// `content:` without declaring them.
fn classify_unbound_prefix(prefix: &[u8]) -> Ns {
    match prefix {
        b"dc" => Ns::Dc,
        b"content" => Ns::Content,
        b"rdf" => Ns::Rdf,
        _ => Ns::Other,
    }
}

/// The namespace declarations in scope, as XML Namespaces defines them, with look-ups that
/// cost the same however many declarations are open.
#[derive(Default)]
struct Scopes {
    /// Prefix (empty for the default namespace) → its bindings, innermost last; `None`
    /// is an undeclaration (`xmlns=""`, `xmlns:p=""`).
    bindings: HashMap<Vec<u8>, Vec<Option<Ns>>>,
    /// The prefixes each open element declared, to be undone at its end tag.
    declared: Vec<Vec<Vec<u8>>>,
}

impl Scopes {
    /// Opens `e`'s scope and returns the vocabulary of its name.
    fn open(&mut self, e: &BytesStart<'_>) -> Ns {
        let mut declared = Vec::new();
        for a in e.attributes().with_checks(false) {
            let Ok(a) = a else { break };
            let key = a.key.as_ref();
            let prefix = match key.strip_prefix(b"xmlns") {
                Some([]) => &[][..],
                Some([b':', rest @ ..]) => rest,
                _ => continue,
            };
            let ns = (!a.value.is_empty()).then(|| classify_uri(&a.value));
            self.bindings.entry(prefix.to_vec()).or_default().push(ns);
            declared.push(prefix.to_vec());
        }
        self.declared.push(declared);
        let name = e.name();
        let prefix = name.prefix();
        let key: &[u8] = prefix.as_ref().map_or(&[][..], |p| p.as_ref());
        match self.bindings.get(key).and_then(|b| b.last()) {
            Some(Some(ns)) => *ns,
            // No default namespace: RSS 2.0's plain elements.
            _ if key.is_empty() => Ns::Core,
            _ => classify_unbound_prefix(key),
        }
    }

    /// Closes the innermost open element's scope.
    fn close(&mut self) {
        for prefix in self.declared.pop().unwrap_or_default() {
            if let Some(b) = self.bindings.get_mut(&prefix) {
                b.pop();
                if b.is_empty() {
                    self.bindings.remove(&prefix);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Rss,
    Rdf,
    Atom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    Id,
    PubDate,
    DcDate,
    Published,
    Updated,
    Author,
    Creator,
    ContentEncoded,
    Content,
    Description,
    Summary,
    Category,
    Language,
}

fn field_of(ns: Ns, local: &[u8]) -> Option<Field> {
    Some(match (ns, local) {
        (Ns::Core | Ns::Dc, b"title") => Field::Title,
        (Ns::Core, b"link") => Field::Link,
        (Ns::Core, b"guid") => Field::Guid,
        (Ns::Core, b"id") => Field::Id,
        (Ns::Core, b"pubDate") => Field::PubDate,
        (Ns::Core, b"published" | b"issued") => Field::Published,
        (Ns::Core, b"updated" | b"modified") => Field::Updated,
        (Ns::Dc, b"date") => Field::DcDate,
        (Ns::Core, b"author") => Field::Author,
        (Ns::Dc, b"creator") => Field::Creator,
        (Ns::Content, b"encoded") => Field::ContentEncoded,
        (Ns::Core, b"content") => Field::Content,
        (Ns::Core | Ns::Dc, b"description") => Field::Description,
        (Ns::Core, b"summary") => Field::Summary,
        (Ns::Core, b"category") | (Ns::Dc, b"subject") => Field::Category,
        (Ns::Core | Ns::Dc, b"language") => Field::Language,
        _ => return None,
    })
}

/// The Atom `type` attribute of a text construct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextType {
    Unspecified,
    Text,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Channel,
    Item,
}

/// Text being collected for one field, from its start tag to its end tag.
struct Capture {
    field: Field,
    target: Target,
    /// Stack depth of the field's element.
    depth: usize,
    text_type: TextType,
    /// The unescaped character data (entity-escaped or CDATA HTML is HTML here).
    text: String,
    /// Child elements re-serialized with their text escaped (inline XHTML content).
    markup: String,
    has_children: bool,
}

impl Capture {
    fn push_text(&mut self, s: &str) {
        self.text.push_str(s);
        escape_into(&mut self.markup, s);
    }
}

struct Body {
    text: String,
    html: bool,
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    id: Option<String>,
    about: Option<String>,
    published: Option<String>,
    pub_date: Option<String>,
    dc_date: Option<String>,
    updated: Option<String>,
    authors: Vec<String>,
    content_encoded: Option<Body>,
    content: Option<Body>,
    description: Option<Body>,
    summary: Option<Body>,
    categories: Vec<String>,
    language: Option<String>,
}

/// Streams the items of one RSS or Atom feed.
pub struct FeedReader<R> {
    name: String,
    xml: Reader<R>,
    scopes: Scopes,
    buf: Vec<u8>,
    done: bool,
    flavor: Option<Flavor>,
    /// Open elements: namespace class and local name.
    stack: Vec<(Ns, Vec<u8>)>,
    item: Option<Item>,
    item_depth: usize,
    items_seen: u64,
    capture: Option<Capture>,
    feed_title: Option<String>,
    feed_link: Option<String>,
    feed_language: Option<String>,
    skipped: SkipCounts,
}

impl<R: BufRead> FeedReader<R> {
    /// `name` is used in messages and in item names (`name#item-N`).
    pub fn new(name: impl Into<String>, reader: R) -> FeedReader<R> {
        let mut xml = Reader::from_reader(reader);
        let config = xml.config_mut();
        // Feeds in the wild contain bare `&` in text and URLs.
        config.allow_dangling_amp = true;
        FeedReader {
            name: name.into(),
            xml,
            scopes: Scopes::default(),
            buf: Vec::new(),
            done: false,
            flavor: None,
            stack: Vec::new(),
            item: None,
            item_depth: 0,
            items_seen: 0,
            capture: None,
            feed_title: None,
            feed_link: None,
            feed_language: None,
            skipped: SkipCounts::new(),
        }
    }

    /// Items read but not turned into records (no text), by reason.
    pub fn skipped(&self) -> &SkipCounts {
        &self.skipped
    }

    pub(crate) fn take_skipped(&mut self) -> SkipCounts {
        std::mem::take(&mut self.skipped)
    }

    fn fail(&mut self, kind: ReadErrorKind) -> Option<Result<Record, ReadError>> {
        self.done = true;
        Some(Err(ReadError::new(self.name.clone(), kind)))
    }

    /// Handles a start tag; `Err` when the root element is not a feed.
    fn start(&mut self, ns: Ns, e: &BytesStart<'_>) -> Result<(), ReadErrorKind> {
        let local = e.local_name().as_ref().to_vec();
        if let Some(c) = &mut self.capture {
            c.has_children = true;
            c.markup.push('<');
            c.markup.push_str(&String::from_utf8_lossy(e));
            c.markup.push('>');
            self.stack.push((ns, local));
            return Ok(());
        }
        self.stack.push((ns, local));
        let depth = self.stack.len();
        let local = &self.stack[depth - 1].1;
        let Some(flavor) = self.flavor else {
            let flavor = match (ns, local.as_slice()) {
                (Ns::Core, b"rss") => Flavor::Rss,
                (Ns::Rdf, b"RDF") => Flavor::Rdf,
                (Ns::Core, b"feed") => Flavor::Atom,
                _ => {
                    return Err(ReadErrorKind::NotAFeed(format!(
                        "the root element is <{}>, expected <rss>, <rdf:RDF> or <feed>",
                        String::from_utf8_lossy(e.name().as_ref())
                    )));
                }
            };
            self.flavor = Some(flavor);
            self.feed_language = attr(e, b"xml:lang");
            return Ok(());
        };
        if self.item.is_none() {
            if ns == Ns::Core && matches!(local.as_slice(), b"item" | b"entry") {
                self.item = Some(Item {
                    about: attr(e, b"rdf:about"),
                    language: attr(e, b"xml:lang"),
                    ..Item::default()
                });
                self.item_depth = depth;
                return Ok(());
            }
            let parent_is_channel = match flavor {
                Flavor::Atom => depth == 2,
                Flavor::Rss | Flavor::Rdf => {
                    depth >= 2 && self.stack[depth - 2] == (Ns::Core, b"channel".to_vec())
                }
            };
            if parent_is_channel {
                match field_of(ns, local) {
                    Some(Field::Link) if flavor == Flavor::Atom => {
                        let alternate = is_alternate(e).then(|| attr(e, b"href")).flatten();
                        self.feed_link = self.feed_link.take().or(alternate);
                    }
                    Some(field @ (Field::Title | Field::Link | Field::Language)) => {
                        self.begin(field, Target::Channel, e);
                    }
                    _ => {}
                }
            }
            return Ok(());
        }
        if depth != self.item_depth + 1 {
            return Ok(());
        }
        let Some(field) = field_of(ns, local) else {
            return Ok(());
        };
        let Some(item) = self.item.as_mut() else {
            return Ok(());
        };
        match field {
            Field::Link if e.try_get_attribute("href").ok().flatten().is_some() => {
                if item.link.is_none() && is_alternate(e) {
                    item.link = attr(e, b"href");
                }
            }
            Field::Category if attr(e, b"term").is_some() => {
                let label = attr(e, b"label").or_else(|| attr(e, b"term"));
                item.categories.extend(label.and_then(|l| clean(&l)));
            }
            // Out-of-line content: nothing to read here.
            Field::Content if attr(e, b"src").is_some() => {}
            _ => self.begin(field, Target::Item, e),
        }
        Ok(())
    }

    fn begin(&mut self, field: Field, target: Target, e: &BytesStart<'_>) {
        let text_type = match attr(e, b"type").map(|t| t.to_ascii_lowercase()) {
            None => TextType::Unspecified,
            Some(t) if t == "html" || t == "xhtml" || t.contains("html") => TextType::Html,
            Some(_) => TextType::Text,
        };
        self.capture = Some(Capture {
            field,
            target,
            depth: self.stack.len(),
            text_type,
            text: String::new(),
            markup: String::new(),
            has_children: false,
        });
    }

    /// Handles an end tag; returns a finished item.
    fn end(&mut self, qname: &[u8]) -> Option<Item> {
        let depth = self.stack.len();
        self.stack.pop();
        if let Some(c) = &mut self.capture {
            if depth > c.depth {
                c.markup.push_str("</");
                c.markup.push_str(&String::from_utf8_lossy(qname));
                c.markup.push('>');
                return None;
            }
            if let Some(c) = self.capture.take() {
                self.finish_capture(c);
            }
            return None;
        }
        if self.item.is_some() && depth == self.item_depth {
            return self.item.take();
        }
        None
    }

    fn finish_capture(&mut self, c: Capture) {
        let body = |c: Capture| -> Option<Body> {
            if c.has_children {
                return Some(Body {
                    text: c.markup,
                    html: true,
                });
            }
            let html = match (c.field, c.text_type) {
                (Field::ContentEncoded, _) => true,
                (_, TextType::Html) => true,
                (_, TextType::Text) => false,
                (_, TextType::Unspecified) => looks_like_html(&c.text),
            };
            (!c.text.trim().is_empty()).then_some(Body { text: c.text, html })
        };
        if c.target == Target::Channel {
            let value = clean(&c.text);
            match c.field {
                Field::Title => self.feed_title = self.feed_title.take().or(value),
                Field::Link => self.feed_link = self.feed_link.take().or(value),
                Field::Language => self.feed_language = self.feed_language.take().or(value),
                _ => {}
            }
            return;
        }
        let Some(item) = self.item.as_mut() else {
            return;
        };
        let field = c.field;
        let text_type = c.text_type;
        match field {
            Field::ContentEncoded => item.content_encoded = item.content_encoded.take().or(body(c)),
            Field::Content => item.content = item.content.take().or(body(c)),
            Field::Description => item.description = item.description.take().or(body(c)),
            Field::Summary => item.summary = item.summary.take().or(body(c)),
            _ => {
                let mut value = clean(&c.text);
                if field == Field::Title
                    && (text_type == TextType::Html || c.has_children || looks_like_html(&c.text))
                {
                    value = clean(&strip_tags(&c.text));
                }
                let Some(value) = value else {
                    return;
                };
                let slot = match field {
                    Field::Title => &mut item.title,
                    Field::Link => &mut item.link,
                    Field::Guid => &mut item.guid,
                    Field::Id => &mut item.id,
                    Field::PubDate => &mut item.pub_date,
                    Field::DcDate => &mut item.dc_date,
                    Field::Published => &mut item.published,
                    Field::Updated => &mut item.updated,
                    Field::Language => &mut item.language,
                    Field::Author | Field::Creator => {
                        let name = author_name(&value);
                        if item.authors.len() < MAX_AUTHORS && !item.authors.contains(&name) {
                            item.authors.push(name);
                        }
                        return;
                    }
                    Field::Category => {
                        item.categories.push(value);
                        return;
                    }
                    _ => return,
                };
                if slot.is_none() {
                    *slot = Some(value);
                }
            }
        }
    }

    /// Character data: kept only inside a field being captured. Before the root element,
    /// non-blank text means the input is not XML at all.
    fn text(&mut self, s: &str) -> Result<(), ReadErrorKind> {
        if self.flavor.is_none() && !s.trim().is_empty() {
            let start: String = s.trim().chars().take(40).collect();
            return Err(ReadErrorKind::NotAFeed(format!(
                "not XML: text before any element ({start:?})"
            )));
        }
        let Some(c) = &mut self.capture else {
            return Ok(());
        };
        // Atom author: only the person's <name>, not <email>/<uri>.
        let depth = self.stack.len();
        if matches!(c.field, Field::Author)
            && depth > c.depth
            && self.stack.last().is_some_and(|(_, l)| l != b"name")
        {
            return Ok(());
        }
        c.push_text(s);
        Ok(())
    }

    fn item_record(&mut self, item: Item) -> Option<Record> {
        self.items_seen += 1;
        let name = format!("{}#item-{}", self.name, self.items_seen);
        let body = item
            .content_encoded
            .or(item.content)
            .or(item.description)
            .or(item.summary);
        let Some(body) = body else {
            *self
                .skipped
                .entry("feed item without text".into())
                .or_default() += 1;
            return None;
        };
        let mut meta = Metadata::default();
        let url = item.link.clone().or_else(|| {
            item.guid
                .clone()
                .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
        });
        let given = item.guid.or(item.id).or(item.about).or(item.link);
        let id_given = given.is_some();
        meta.id = given.unwrap_or_else(|| name.clone());
        meta.url = url;
        meta.title = item.title;
        meta.byline = (!item.authors.is_empty()).then(|| item.authors.join(", "));
        meta.language = item.language.or_else(|| self.feed_language.clone());
        meta.source = self.feed_title.clone();
        if let Some(raw) = item
            .published
            .or(item.pub_date)
            .or(item.dc_date)
            .or(item.updated)
        {
            set_published(&mut meta, raw);
        }
        let mut feed = Map::new();
        if let Some(t) = &self.feed_title {
            feed.insert("title".into(), Value::String(t.clone()));
        }
        if let Some(l) = &self.feed_link {
            feed.insert("link".into(), Value::String(l.clone()));
        }
        if !feed.is_empty() {
            meta.extra.insert("feed".into(), Value::Object(feed));
        }
        if !item.categories.is_empty() {
            let cats = item.categories.into_iter().map(Value::String).collect();
            meta.extra.insert("categories".into(), Value::Array(cats));
        }
        let payload = if body.html {
            Payload::Html {
                bytes: wrap_fragment(&body.text, meta.title.as_deref()).into_bytes(),
                charset: Some("utf-8".into()),
            }
        } else {
            Payload::Text(body.text.trim().to_string())
        };
        Some(Record {
            name,
            meta,
            payload,
            id_given,
        })
    }
}

impl<R: BufRead> Iterator for FeedReader<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(e) => {
                    let kind = if self.flavor.is_none() {
                        ReadErrorKind::NotAFeed(format!("not XML: {e}"))
                    } else {
                        ReadErrorKind::Xml(format!("at byte {}: {e}", self.xml.error_position()))
                    };
                    return self.fail(kind);
                }
            };
            let event = event.into_owned();
            let result = match event {
                Event::Start(e) => {
                    let ns = self.scopes.open(&e);
                    self.start(ns, &e)
                }
                Event::Empty(e) => {
                    let ns = self.scopes.open(&e);
                    let r = self.start(ns, &e);
                    self.scopes.close();
                    if r.is_ok()
                        && let Some(item) = self.end(e.name().as_ref())
                        && let Some(rec) = self.item_record(item)
                    {
                        return Some(Ok(rec));
                    }
                    r
                }
                Event::End(e) => {
                    self.scopes.close();
                    let qname = e.name().as_ref().to_vec();
                    if let Some(item) = self.end(&qname)
                        && let Some(rec) = self.item_record(item)
                    {
                        return Some(Ok(rec));
                    }
                    Ok(())
                }
                Event::Text(t) => {
                    let s = match t.xml10_content() {
                        Ok(s) => s.into_owned(),
                        Err(_) => String::from_utf8_lossy(&t).into_owned(),
                    };
                    self.text(&s)
                }
                Event::CData(c) => {
                    let s = String::from_utf8_lossy(&c).into_owned();
                    self.text(&s)
                }
                Event::GeneralRef(r) => {
                    let raw = String::from_utf8_lossy(&r).into_owned();
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(ch)) => Some(ch.to_string()),
                        _ => entity(&raw).map(str::to_string),
                    };
                    match (&mut self.capture, resolved) {
                        (Some(c), Some(s)) => {
                            c.text.push_str(&s);
                            // Keep the reference as written: valid HTML either way.
                            c.markup.push('&');
                            c.markup.push_str(&raw);
                            c.markup.push(';');
                            Ok(())
                        }
                        (_, None) => self.text(&format!("&{raw};")),
                        (None, Some(s)) => self.text(&s),
                    }
                }
                Event::Eof => {
                    self.done = true;
                    if self.flavor.is_none() {
                        return self.fail(ReadErrorKind::NotAFeed("no XML element found".into()));
                    }
                    if let Some((_, open)) = self.stack.first() {
                        let open = String::from_utf8_lossy(open).into_owned();
                        return self.fail(ReadErrorKind::Truncated(format!(
                            "the feed ends before </{open}>"
                        )));
                    }
                    return None;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ok(()),
            };
            if let Err(kind) = result {
                return self.fail(kind);
            }
        }
        None
    }
}

/// An attribute's unescaped value, by its qualified name as written.
fn attr(e: &BytesStart<'_>, qname: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(qname).ok().flatten()?;
    let v = a.unescape_value().ok()?;
    Some(v.trim().to_string())
}

/// Atom `<link>` without `rel` or with `rel="alternate"`: the page of the entry.
fn is_alternate(e: &BytesStart<'_>) -> bool {
    attr(e, b"rel").is_none_or(|r| r == "alternate")
}

/// Whitespace collapsed; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// RSS 2.0 `author` is an e-mail address, usually `jane@example.com (Jane Doe)`.
fn author_name(s: &str) -> String {
    if let Some((addr, rest)) = s.split_once(" (")
        && addr.contains('@')
        && let Some(name) = rest.strip_suffix(')')
        && !name.trim().is_empty()
    {
        return name.trim().to_string();
    }
    s.to_string()
}

/// A tag start (`<p`, `</p`, `<!--`, `<br/>`) followed later by `>`. One pass: a tag start
/// qualifies exactly when it comes before the last `>`.
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(last_gt) = memchr::memrchr(b'>', b) else {
        return false;
    };
    memchr::memchr_iter(b'<', &b[..last_gt]).any(|i| {
        b.get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!')
    })
}

/// Crude tag removal for titles that are HTML (Atom `type="html"`).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn escape_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// XML's predefined entities and the HTML ones feeds use most although XML does not
/// define them.
fn entity(name: &str) -> Option<&'static str> {
    quick_xml::escape::resolve_predefined_entity(name).or(match name {
        "nbsp" => Some("\u{a0}"),
        "mdash" => Some("\u{2014}"),
        "ndash" => Some("\u{2013}"),
        "hellip" => Some("\u{2026}"),
        "lsquo" => Some("\u{2018}"),
        "rsquo" => Some("\u{2019}"),
        "ldquo" => Some("\u{201c}"),
        "rdquo" => Some("\u{201d}"),
        "copy" => Some("\u{a9}"),
        "eacute" => Some("\u{e9}"),
        _ => None,
    })
}

/// A feed's HTML is a fragment; the extractor expects a page. Fragments without any block
/// element become one paragraph so their text is not mistaken for page chrome.
fn wrap_fragment(fragment: &str, title: Option<&str>) -> String {
    let lower = fragment.to_ascii_lowercase();
    let has_block = [
        "<p",
        "<div",
        "<li",
        "<h1",
        "<h2",
        "<h3",
        "<blockquote",
        "<table",
        "<article",
    ]
    .iter()
    .any(|t| lower.contains(t));
    let mut out = String::with_capacity(fragment.len() + 160);
    out.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\">");
    if let Some(t) = title {
        out.push_str("<title>");
        escape_into(&mut out, t);
        out.push_str("</title>");
    }
    out.push_str("</head><body><article>");
    if has_block {
        out.push_str(fragment);
    } else {
        out.push_str("<p>");
        out.push_str(fragment);
        out.push_str("</p>");
    }
    out.push_str("</article></body></html>");
    out
}
