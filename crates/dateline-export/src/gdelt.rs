//! GDELT 2.0 Event rows: one per event of the `events` layer, in the 61 columns of the GDELT
//! 2.0 Event codebook ([`EVENT_COLUMNS`]), tab-separated, no header, `\n` line ends.
//!
//! How each field is filled:
//!
//! | columns | from |
//! |---|---|
//! | GlobalEventID | a running number from 1 within the export (GDELT's are global; ours are not) |
//! | Day, MonthYear, Year, FractionDate | the event's date; a month ("2022-02") or year ("1867") gives its first day; no date: the publication date; neither: empty |
//! | Actor1Code/Actor2Code | the event's source/target code (CAMEO style: "USAGOV", "RUS", "IGONATO") |
//! | Actor1Name/Actor2Name | the joined actor's canonical name, upper-cased as in GDELT |
//! | Actor1CountryCode | ISO 3166-1 alpha-3: the actor's country, else the code's first three letters when they are a country code |
//! | Actor1KnownGroupCode | the three letters after "IGO", "NGO", "MNC", "IMG" ("NAT" for "IGONATO"; GDELT's known-group codes are its own list, so they may differ) |
//! | Actor1Type1..3Code | the three-letter role codes after the country ("GOV" of "USAGOV") |
//! | Ethnic, Religion codes | empty (dateline does not code them) |
//! | IsRootEvent | 1 when the event is in the document's first paragraph, else 0 |
//! | EventCode, EventBaseCode, EventRootCode | the CAMEO code and its first three and two digits |
//! | QuadClass, GoldsteinScale | from the event (empty when the coder left them unset) |
//! | NumMentions, NumSources, NumArticles | 1, 1, 1: one row per mention in one article |
//! | AvgTone | the document's tone (`tone` layer), empty without it |
//! | Actor1Geo_*, Actor2Geo_* | empty: dateline places events, not actors |
//! | ActionGeo_* | the event's place: Type (1 country, 2 US state, 3 US city, 4 world city, 5 world state), FullName, CountryCode (**ISO 3166-1 alpha-2**, GDELT: FIPS 10-4), ADM1Code (**ISO 3166-2**, GDELT: FIPS country + ADM1), ADM2Code (empty), Lat, Long, FeatureID (**GeoNames id**) |
//! | DATEADDED | the publication date-time, YYYYMMDDHHMMSS |
//! | SOURCEURL | the document's URL, else its id |

use crate::util::{IsoDate, geo_type, num, published_stamp, tsv_text};
use crate::{ExportError, Sink};
use dateline_doc::{Doc, Event};
use std::io::Write;
use std::path::Path;

pub const FILE: &str = "gdelt-events.tsv";

/// The GDELT 2.0 Event codebook's column names, in order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Prefixes of CAMEO actor codes that are not countries; the next three letters are a
/// known-group code.
const GROUP_PREFIXES: [&str; 4] = ["IGO", "NGO", "MNC", "IMG"];

pub(crate) struct EventsWriter {
    sink: Sink,
    next_id: u64,
}

impl EventsWriter {
    pub(crate) fn create(dir: &Path) -> Result<EventsWriter, ExportError> {
        Ok(EventsWriter {
            sink: Sink::create(dir, FILE)?,
            next_id: 1,
        })
    }

    pub(crate) fn into_sink(self) -> Sink {
        self.sink
    }

    /// Writes rendered rows, numbering them: the id is the only field that depends on what
    /// was written before.
    pub(crate) fn write(&mut self, rows: &EventRows) -> Result<(), ExportError> {
        let mut line = String::with_capacity(24);
        for rest in rows.lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            line.clear();
            line.push_str(&self.next_id.to_string());
            line.push('\t');
            let out = &mut self.sink.out;
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(rest))
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|e| self.sink.err(e))?;
            self.sink.rows += 1;
            self.next_id += 1;
        }
        Ok(())
    }
}

/// One document's event rows without their GlobalEventID (see [`crate::render`]).
#[derive(Debug, Clone, Default)]
pub struct EventRows {
    lines: Vec<u8>,
}

impl EventRows {
    pub(crate) fn render(doc: &Doc) -> EventRows {
        let mut lines = Vec::new();
        for event in &doc.events {
            let row = event_row(doc, event, 0);
            for (i, field) in row.iter().enumerate().skip(1) {
                if i > 1 {
                    lines.push(b'\t');
                }
                lines.extend_from_slice(tsv_text(field).as_bytes());
            }
            lines.push(b'\n');
        }
        EventRows { lines }
    }
}

/// The ten actor columns (Code … Type3Code) for one side of an event.
fn actor_fields(doc: &Doc, code: &str, actor: Option<u32>) -> [String; 10] {
    let actor = actor.and_then(|a| doc.actors.get(a as usize));
    let code = code.trim();
    let name = actor.map(|a| a.name.to_uppercase()).unwrap_or_default();
    let letters = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    let head = code.get(..3).unwrap_or("");
    let group = GROUP_PREFIXES.contains(&head);
    let country = actor
        .and_then(|a| a.country.clone())
        .or_else(|| (!group && letters(head)).then(|| head.to_string()))
        .unwrap_or_default();
    let known_group = if group {
        code.get(3..6).unwrap_or("").to_string()
    } else {
        String::new()
    };
    // Role codes: three-letter chunks after the country (or group) prefix.
    let rest = if group || (!country.is_empty() && code.starts_with(&country)) {
        code.get(if group { 6 } else { 3 }..).unwrap_or("")
    } else {
        code
    };
    let mut types = [String::new(), String::new(), String::new()];
    for (i, chunk) in rest.as_bytes().chunks(3).take(3).enumerate() {
        if chunk.len() == 3 {
            types[i] = String::from_utf8_lossy(chunk).into_owned();
        }
    }
    let [t1, t2, t3] = types;
    [
        code.to_string(),
        name,
        country,
        known_group,
        String::new(),
        String::new(),
        String::new(),
        t1,
        t2,
        t3,
    ]
}

/// The 61 fields of one event.
pub fn event_row(doc: &Doc, event: &Event, id: u64) -> Vec<String> {
    let mut row: Vec<String> = Vec::with_capacity(61);
    row.push(id.to_string());
    let date = event
        .date
        .as_deref()
        .and_then(IsoDate::parse)
        .or_else(|| doc.meta.published.map(|p| IsoDate::from_date(p.date)));
    match date {
        Some(d) => {
            let day = d.day_field();
            row.push(day.clone());
            row.push(day[..6].to_string());
            row.push(day[..4].to_string());
            row.push(d.fraction_field());
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    row.extend(actor_fields(doc, &event.source, event.source_actor));
    row.extend(actor_fields(doc, &event.target, event.target_actor));
    let root_paragraph = doc
        .paragraphs
        .first()
        .is_some_and(|p| p.span.contains(event.span));
    row.push(if root_paragraph { "1" } else { "0" }.into());
    row.push(event.code.clone());
    row.push(event.base().to_string());
    row.push(event.root().to_string());
    if event.quad_class == 0 {
        row.extend([String::new(), String::new()]);
    } else {
        row.push(event.quad_class.to_string());
        row.push(num(f64::from(event.goldstein), 1));
    }
    row.extend(["1".to_string(), "1".to_string(), "1".to_string()]);
    row.push(
        doc.tone
            .as_ref()
            .map(|t| num(t.document.tone, 4))
            .unwrap_or_default(),
    );
    // Actor1Geo_* and Actor2Geo_*: 8 empty fields each.
    row.extend(std::iter::repeat_n(String::new(), 16));
    let place = event.place.and_then(|p| doc.places.get(p as usize));
    match place.and_then(|p| geo_type(p).map(|t| (p, t))) {
        Some((p, t)) => row.extend([
            t.to_string(),
            p.name.clone(),
            p.country.clone().unwrap_or_default(),
            p.subdivision.clone().unwrap_or_default(),
            String::new(),
            num(p.lat, 4),
            num(p.lon, 4),
            p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
        ]),
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    row.push(published_stamp(doc));
    row.push(doc.meta.url.clone().unwrap_or_else(|| doc.meta.id.clone()));
    debug_assert_eq!(row.len(), EVENT_COLUMNS.len());
    row
}
