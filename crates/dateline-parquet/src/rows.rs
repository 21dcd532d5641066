//! One document's rows in the five tables, as plain values ([`Cell`]s) in the column order
//! of [`crate::schema`]. Rendering is pure and runs on the worker that analysed the
//! document; the writer only appends the values to its column builders.

use crate::schema::{ACTORS, DOCUMENTS, EVENTS, PLACES, QUOTES};
use dateline_doc::json::actor_id;
use dateline_doc::{
    ActorKind, CharOffsets, Doc, Event, Gender, Layer, MentionKind, Published, Span,
};
use jiff::civil::Date;

/// One value of a row. Dates are days since 1970-01-01 and timestamps microseconds since
/// 1970-01-01 UTC, both as [`Cell::Int`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Option<String>>),
}

impl Cell {
    fn str(s: &str) -> Cell {
        Cell::Str(s.to_string())
    }

    fn opt_str(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, Cell::str)
    }

    fn int(n: impl Into<i64>) -> Cell {
        Cell::Int(n.into())
    }

    fn opt_int<T: Into<i64>>(n: Option<T>) -> Cell {
        n.map_or(Cell::Null, Cell::int)
    }

    fn opt_float(x: Option<f64>) -> Cell {
        x.map_or(Cell::Null, Cell::Float)
    }

    fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Cell {
        Cell::List(items.into_iter().map(|s| Some(s.to_string())).collect())
    }
}

/// The table a row belongs to, as an index into [`crate::schema::TABLES`].
pub(crate) const DOCUMENTS_TABLE: usize = 0;
const QUOTES_TABLE: usize = 1;
const ACTORS_TABLE: usize = 2;
const EVENTS_TABLE: usize = 3;
const PLACES_TABLE: usize = 4;

/// Where a document stands in the corpus store's stories (known with `export --db` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Story {
    /// The story cluster's id in the store.
    pub id: i64,
    /// Documents in the story, copies included.
    pub size: i64,
    /// Whether this document represents the story.
    pub canonical: bool,
}

/// One document's rows in the five tables (see [`crate::ParquetWriter::write`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// Per table, its cells row after row (each row has the table's number of columns).
    pub(crate) tables: [Vec<Cell>; 5],
}

impl Rows {
    /// Renders `doc`'s rows (the story columns empty).
    pub fn render(doc: &Doc) -> Rows {
        let o = CharOffsets::new(doc.text());
        let c = Chars { doc, o: &o };
        let mut rows = Rows::default();
        c.document(&mut rows.tables[DOCUMENTS_TABLE]);
        c.quotes(&mut rows.tables[QUOTES_TABLE]);
        c.actors(&mut rows.tables[ACTORS_TABLE]);
        c.events(&mut rows.tables[EVENTS_TABLE]);
        c.places(&mut rows.tables[PLACES_TABLE]);
        debug_assert!(
            rows.tables
                .iter()
                .zip(crate::schema::TABLES)
                .all(|(cells, (_, cols))| cells.len() % cols.len() == 0)
        );
        rows
    }

    /// Fills the documents row's story columns.
    pub fn set_story(&mut self, story: Story) {
        let cells = &mut self.tables[DOCUMENTS_TABLE];
        let at = |name: &str| DOCUMENTS.iter().position(|c| c.name == name);
        if let (Some(i), Some(n), Some(c)) = (at("story"), at("story_size"), at("canonical"))
            && cells.len() == DOCUMENTS.len()
        {
            cells[i] = Cell::Int(story.id);
            cells[n] = Cell::Int(story.size);
            cells[c] = Cell::Bool(story.canonical);
        }
    }

    /// Number of rows in each table, in [`crate::schema::TABLES`] order.
    pub fn counts(&self) -> [usize; 5] {
        let widths = [
            DOCUMENTS.len(),
            QUOTES.len(),
            ACTORS.len(),
            EVENTS.len(),
            PLACES.len(),
        ];
        std::array::from_fn(|t| self.tables[t].len() / widths[t])
    }
}

/// A document with its character offsets.
struct Chars<'d> {
    doc: &'d Doc,
    o: &'d CharOffsets<'d>,
}

impl Chars<'_> {
    fn start(&self, s: Span) -> Cell {
        Cell::Int(self.o.char_offset(s.start as usize) as i64)
    }

    fn end(&self, s: Span) -> Cell {
        Cell::Int(self.o.char_offset(s.end as usize) as i64)
    }

    fn text(&self, s: Span) -> Cell {
        Cell::str(self.doc.slice(s))
    }

    /// The sentences a span lies in, from the one its start is in to the one its end is in;
    /// the span itself without a sentences layer.
    fn sentence_of(&self, span: Span) -> Span {
        let sentences = &self.doc.sentences;
        let first = sentences.partition_point(|s| s.span.end <= span.start);
        let after = sentences.partition_point(|s| s.span.start < span.end.max(span.start + 1));
        if first < sentences.len() && first < after {
            Span {
                start: sentences[first].span.start.min(span.start),
                end: sentences[after - 1].span.end.max(span.end),
            }
        } else {
            span
        }
    }

    fn count(&self, layer: Layer, n: usize) -> Cell {
        if self.doc.has_layer(layer) {
            Cell::Int(n as i64)
        } else {
            Cell::Null
        }
    }

    fn document(&self, out: &mut Vec<Cell>) {
        let d = self.doc;
        let m = &d.meta;
        out.extend([
            Cell::str(&m.id),
            Cell::opt_str(m.url.as_deref()),
            Cell::opt_str(m.title.as_deref()),
            Cell::opt_str(m.byline.as_deref()),
            Cell::opt_str(m.source.as_deref()),
            Cell::opt_str(m.language.as_deref()),
            m.published.map_or(Cell::Null, |p| Cell::Str(p.to_string())),
            m.published
                .map_or(Cell::Null, |p| Cell::Int(days_since_epoch(p.date))),
            Cell::opt_int(m.published.and_then(published_micros)),
            Cell::Int(self.o.char_offset(d.text().len()) as i64),
            Cell::opt_int(d.tone.as_ref().map(|t| t.document.word_count)),
            self.count(Layer::Sentences, d.sentences.len()),
            self.count(Layer::Paragraphs, d.paragraphs.len()),
            self.count(Layer::Entities, d.entities.len()),
            self.count(Layer::Actors, d.actors.len()),
            self.count(Layer::Quotes, d.quotes.len()),
            self.count(Layer::Times, d.times.len()),
            self.count(Layer::Places, d.places.len()),
            self.count(Layer::Amounts, d.amounts.len()),
            self.count(Layer::Events, d.events.len()),
        ]);
        let tone = d.tone.as_ref().map(|t| t.document);
        let score = |f: fn(&dateline_doc::ToneScores) -> f64| {
            Cell::opt_float(tone.as_ref().map(|t| round4(f(t))))
        };
        out.extend([
            score(|t| t.tone),
            score(|t| t.positive),
            score(|t| t.negative),
            score(|t| t.polarity),
            score(|t| t.activity_density),
            score(|t| t.self_group_density),
        ]);
        let s = d.substance.as_ref();
        out.extend([
            Cell::opt_float(s.map(|s| round4(s.ratio))),
            Cell::opt_int(s.map(|s| s.statements.len() as i64)),
            Cell::opt_int(s.map(|s| s.concrete)),
            Cell::opt_int(s.map(|s| s.vague)),
            Cell::opt_int(s.map(|s| s.hedged)),
            // story, story_size, canonical: see Rows::set_story.
            Cell::Null,
            Cell::Null,
            Cell::Null,
            if m.extra.is_empty() {
                Cell::Null
            } else {
                serde_json::to_string(&m.extra).map_or(Cell::Null, Cell::Str)
            },
            Cell::str(d.text()),
        ]);
    }

    fn quotes(&self, out: &mut Vec<Cell>) {
        let d = self.doc;
        for (i, q) in d.quotes.iter().enumerate() {
            let statement = d.substance.as_ref().and_then(|s| {
                s.statements
                    .iter()
                    .find(|st| st.quotes.contains(&(i as u32)))
            });
            let speakers = q.speaker_actors.iter().map(|&a| d.actors.get(a as usize));
            let sentence = self.sentence_of(q.span);
            out.extend([
                Cell::str(&d.meta.id),
                Cell::int(i as i64),
                self.start(q.span),
                self.end(q.span),
                self.text(q.span),
                Cell::str(q.kind),
                Cell::int(q.utterance),
                Cell::list(q.speakers.iter().map(String::as_str)),
                Cell::List(
                    q.speaker_actors
                        .iter()
                        .map(|&a| Some(actor_id(a)))
                        .collect(),
                ),
                Cell::List(
                    speakers
                        .clone()
                        .map(|a| a.and_then(|a| a.code.clone()))
                        .collect(),
                ),
                Cell::List(
                    speakers
                        .map(|a| a.and_then(|a| a.country.clone()))
                        .collect(),
                ),
                Cell::str(q.speaker_rule),
                Cell::opt_str(q.speaker_description.as_deref()),
                q.cue.map_or(Cell::Null, |c| self.text(c)),
                Cell::opt_str(q.cue_lemma.as_deref()),
                Cell::str(q.provenance.rule),
                Cell::opt_float(q.provenance.confidence.map(decimal)),
                Cell::Bool(q.unclosed),
                self.start(sentence),
                self.end(sentence),
                self.text(sentence),
                Cell::opt_str(statement.map(|s| s.class)),
                Cell::opt_str(statement.map(|s| s.reason)),
            ]);
        }
    }

    fn actors(&self, out: &mut Vec<Cell>) {
        let d = self.doc;
        for (i, a) in d.actors.iter().enumerate() {
            let mut names: Vec<Span> = a
                .mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Name)
                .map(|m| m.span)
                .collect();
            names.sort_by_key(|s| (s.start, s.end));
            let mut variants: Vec<&str> = Vec::new();
            for s in names {
                let name = d.slice(s);
                if !variants.contains(&name) {
                    variants.push(name);
                }
            }
            let first = a.mentions.iter().map(|m| m.span).min();
            out.extend([
                Cell::str(&d.meta.id),
                Cell::Str(actor_id(i as u32)),
                Cell::str(&a.name),
                Cell::str(actor_kind(a.kind)),
                Cell::list(a.roles.iter().map(String::as_str)),
                Cell::opt_str(a.country.as_deref()),
                Cell::opt_str(a.code.as_deref()),
                Cell::opt_str(a.gender.map(gender)),
                Cell::int(a.mentions.len() as i64),
                Cell::list(variants),
                first.map_or(Cell::Null, |s| self.start(s)),
                first.map_or(Cell::Null, |s| self.end(s)),
            ]);
        }
    }

    fn events(&self, out: &mut Vec<Cell>) {
        let d = self.doc;
        let first_paragraph = d.paragraphs.first().map(|p| p.span);
        for (i, e) in d.events.iter().enumerate() {
            let place = e.place.and_then(|p| d.places.get(p as usize));
            let day = e
                .date
                .as_deref()
                .and_then(first_day)
                .or_else(|| d.meta.published.map(|p| p.date));
            let coded = e.quad_class != 0;
            let sentence = self.sentence_of(e.span);
            out.extend([
                Cell::str(&d.meta.id),
                Cell::int(i as i64),
                Cell::opt_int(day.map(days_since_epoch)),
                Cell::opt_str(e.date.as_deref()),
                Cell::str(e.date_rule),
            ]);
            self.side(out, &e.source, e.source_actor);
            self.side(out, &e.target, e.target_actor);
            out.extend([
                Cell::str(&e.code),
                Cell::str(e.base()),
                Cell::str(e.root()),
                if coded {
                    Cell::int(e.quad_class)
                } else {
                    Cell::Null
                },
                if coded {
                    Cell::Float(goldstein(e))
                } else {
                    Cell::Null
                },
                Cell::opt_str(e.plover),
                Cell::Bool(e.negated),
                Cell::opt_str(e.mode),
                Cell::opt_str(e.context),
                Cell::opt_str(e.modality),
                Cell::Bool(first_paragraph.is_some_and(|p| p.contains(e.span))),
                Cell::opt_str(place.map(|p| p.name.as_str())),
                Cell::opt_float(place.map(|p| p.lat)),
                Cell::opt_float(place.map(|p| p.lon)),
                Cell::opt_str(place.and_then(|p| p.country.as_deref())),
                Cell::opt_str(place.and_then(|p| p.subdivision.as_deref())),
                Cell::opt_int(place.and_then(|p| p.geonameid)),
                self.start(e.span),
                self.end(e.span),
                if e.trigger.is_empty() {
                    Cell::Null
                } else {
                    self.text(e.trigger)
                },
                self.start(sentence),
                self.end(sentence),
                self.text(sentence),
                Cell::opt_int(e.quote),
                Cell::str(e.provenance.rule),
                Cell::opt_float(e.provenance.confidence.map(decimal)),
            ]);
        }
    }

    /// Code, name, country and actor id of one side of an event.
    fn side(&self, out: &mut Vec<Cell>, code: &str, actor: Option<u32>) {
        let a = actor.and_then(|a| self.doc.actors.get(a as usize));
        out.extend([
            Cell::str(code),
            Cell::opt_str(a.map(|a| a.name.as_str())),
            Cell::opt_str(a.and_then(|a| a.country.as_deref())),
            actor.map_or(Cell::Null, |a| Cell::Str(actor_id(a))),
        ]);
    }

    fn places(&self, out: &mut Vec<Cell>) {
        let d = self.doc;
        for (i, p) in d.places.iter().enumerate() {
            out.extend([
                Cell::str(&d.meta.id),
                Cell::int(i as i64),
                self.start(p.span),
                self.end(p.span),
                self.text(p.span),
                Cell::str(&p.name),
                Cell::Float(p.lat),
                Cell::Float(p.lon),
                Cell::opt_str(p.country.as_deref()),
                Cell::opt_str(p.subdivision.as_deref()),
                Cell::str(p.feature),
                Cell::opt_int(p.geonameid),
                Cell::str(p.mention),
                Cell::Bool(p.estimated),
                Cell::str(p.provenance.rule),
                Cell::opt_float(p.provenance.confidence.map(decimal)),
            ]);
        }
    }
}

fn actor_kind(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "person",
        ActorKind::Organisation => "organisation",
        ActorKind::Country => "country",
        ActorKind::Place => "place",
        ActorKind::Group => "group",
    }
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

/// Four decimals, as the JSON output writes tone and substance (so a document read back
/// from a store gives the same values).
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// An `f32` as the `f64` of its shortest decimal form (0.8, not 0.800000011920929).
fn decimal(x: f32) -> f64 {
    if !x.is_finite() {
        return f64::from(x);
    }
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// The Goldstein score with one decimal, as GDELT writes it.
fn goldstein(e: &Event) -> f64 {
    (f64::from(e.goldstein) * 10.0).round() / 10.0
}

/// Days from 1970-01-01 to `date` (negative before).
pub(crate) fn days_since_epoch(date: Date) -> i64 {
    // Days from civil, counting years from March so that the leap day ends a year.
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The publication instant in microseconds since the epoch (UTC) when a time is known; a
/// time without offset counts as UTC. Seconds of an offset are dropped, as the JSON does.
fn published_micros(p: Published) -> Option<i64> {
    let t = p.time?;
    let offset = p.offset.map_or(0, |o| {
        let s = i64::from(o.seconds());
        let a = s.abs();
        s.signum() * (a / 3600 * 3600 + a % 3600 / 60 * 60)
    });
    let secs = days_since_epoch(p.date) * 86_400
        + i64::from(t.hour()) * 3600
        + i64::from(t.minute()) * 60
        + i64::from(t.second())
        - offset;
    Some(secs * 1_000_000)
}

/// The first day an ISO 8601 date value covers: "2025-08-15", "2022-02" (its 1st), "1867"
/// (January 1st); `None` for anything else ("PRESENT_REF", "P3D").
fn first_day(value: &str) -> Option<Date> {
    let head = value.get(..value.len().min(10))?;
    let mut parts = head.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let year: i16 = year.parse().ok().filter(|y| *y >= 1)?;
    let mut field = |len_ok: fn(&str) -> bool| -> Option<Option<i8>> {
        match parts.next() {
            None => Some(None),
            Some(p) if len_ok(p) => p.parse().ok().map(Some),
            Some(_) => None,
        }
    };
    let two = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    let month = field(two)?;
    let day = if month.is_some() { field(two)? } else { None };
    Date::new(year, month.unwrap_or(1), day.unwrap_or(1)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Time, date};
    use jiff::tz::Offset;

    #[test]
    fn days_and_instants() {
        assert_eq!(days_since_epoch(date(1970, 1, 1)), 0);
        assert_eq!(days_since_epoch(date(1969, 12, 31)), -1);
        assert_eq!(days_since_epoch(date(2000, 3, 1)), 11_017);
        assert_eq!(days_since_epoch(date(2025, 8, 15)), 20_315);
        let p = Published {
            date: date(2025, 8, 15),
            time: Some(Time::constant(10, 30, 0, 0)),
            offset: Some(Offset::constant(2)),
        };
        // 08:30 UTC.
        assert_eq!(
            published_micros(p),
            Some((20_315 * 86_400 + 8 * 3600 + 1800) * 1_000_000)
        );
        assert_eq!(
            published_micros(Published::from_date(date(2025, 8, 15))),
            None
        );
    }

    #[test]
    fn event_dates_at_their_grain() {
        assert_eq!(first_day("2025-08-15"), Some(date(2025, 8, 15)));
        assert_eq!(first_day("2022-02"), Some(date(2022, 2, 1)));
        assert_eq!(first_day("1867"), Some(date(1867, 1, 1)));
        assert_eq!(first_day("2025-08-15T10:00"), Some(date(2025, 8, 15)));
        for bad in [
            "",
            "PRESENT_REF",
            "2025-13",
            "2025-02-30",
            "20x5",
            "P3D",
            "2025-W33",
        ] {
            assert_eq!(first_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_as_written() {
        assert_eq!(decimal(0.8), 0.8);
        assert_eq!(round4(0.123_456), 0.1235);
    }
}
