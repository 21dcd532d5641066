//! GDELT GKG 2.1 rows: one per document, in the 27 columns of the GKG 2.1 codebook
//! ([`GKG_COLUMNS`]), tab-separated, no header, `\n` line ends. Offsets inside the blocks
//! are character offsets into the document's text (GDELT's are too).
//!
//! | column | from |
//! |---|---|
//! | GKGRECORDID | `DATE-N`, N the document's number in the export (GDELT: `YYYYMMDDHHMMSS-N`) |
//! | V2.1DATE | publication date-time, YYYYMMDDHHMMSS (empty without one) |
//! | V2SOURCECOLLECTIONIDENTIFIER | 1 (WEB) when the document has a URL, else 2 (CITATIONONLY) |
//! | V2SOURCECOMMONNAME | the `source` metadata, else the URL's host |
//! | V2DOCUMENTIDENTIFIER | the URL, else the document id |
//! | V1COUNTS, V2.1COUNTS, V1THEMES, V2ENHANCEDTHEMES | empty (dateline has no GDELT count types or themes) |
//! | V1LOCATIONS | `Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID`, one block per distinct place, `;`-separated |
//! | V2ENHANCEDLOCATIONS | `Type#FullName#CountryCode#ADM1Code#ADM2Code#Lat#Long#FeatureID#CharOffset` per mention |
//! | V1PERSONS, V1ORGANIZATIONS | distinct canonical names of PERSON / ORG entities, `;`-separated |
//! | V2ENHANCEDPERSONS, V2ENHANCEDORGANIZATIONS | `Name,CharOffset` per mention |
//! | V1.5TONE | the `tone` layer: `Tone,Positive,Negative,Polarity,ActivityRefDensity,SelfGroupRefDensity,WordCount` |
//! | V2.1ENHANCEDDATES | `Resolution#Month#Day#Year#CharOffset` per date expression (1 year, 2 month, 3 day, 4 month and day without year) |
//! | V2GCAM | `wc:WordCount` only (GCAM's dictionaries are not dateline's) |
//! | V2.1SHARINGIMAGE … V2.1SOCIALVIDEOEMBEDS | empty |
//! | V2.1QUOTATIONS | `Offset\|Length\|Verb\|Quote` per direct quotation (utterances and fragments), `#`-separated; Verb is the cue ("said") |
//! | V2.1ALLNAMES | `Name,CharOffset` per entity mention |
//! | V2.1AMOUNTS | `Amount,Object,CharOffset` per amount (Object is the unit: "USD", "troops") |
//! | V2.1TRANSLATIONINFO | empty (no translation) |
//! | V2EXTRASXML | `<PAGE_TITLE>…</PAGE_TITLE>` when the title is known |
//!
//! Location codes are ISO (3166-1 alpha-2 countries, 3166-2 subdivisions) where GDELT
//! uses FIPS 10-4; feature ids are GeoNames ids.

use crate::util::{IsoDate, block_text, geo_type, num, published_stamp, tsv_text};
use crate::{ExportError, Sink};
use dateline_doc::{CharOffsets, Doc, EntityLabel, Quote, TimeExpr};
use std::io::Write;
use std::path::Path;

pub const FILE: &str = "gkg.tsv";

/// The GKG 2.1 codebook's column names, in order.
pub const GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
];

pub(crate) struct GkgWriter {
    sink: Sink,
}

impl GkgWriter {
    pub(crate) fn create(dir: &Path) -> Result<GkgWriter, ExportError> {
        Ok(GkgWriter {
            sink: Sink::create(dir, FILE)?,
        })
    }

    pub(crate) fn into_sink(self) -> Sink {
        self.sink
    }

    /// Writes a rendered row with its record id (`DATE-N`, N = `number`).
    pub(crate) fn write(&mut self, row: &GkgRow, number: u64) -> Result<(), ExportError> {
        let stamp = if row.date.is_empty() {
            "00000000000000"
        } else {
            &row.date
        };
        let out = &mut self.sink.out;
        out.write_all(format!("{stamp}-{number}\t").as_bytes())
            .and_then(|()| out.write_all(&row.rest))
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| self.sink.err(e))?;
        self.sink.rows += 1;
        Ok(())
    }
}

/// One document's GKG row without its GKGRECORDID (see [`crate::render`]).
#[derive(Debug, Clone, Default)]
pub struct GkgRow {
    date: String,
    rest: Vec<u8>,
}

impl GkgRow {
    pub(crate) fn render(doc: &Doc, offsets: &CharOffsets<'_>) -> GkgRow {
        let row = gkg_row(doc, offsets, 0);
        let rest = row[1..]
            .iter()
            .map(|f| tsv_text(f))
            .collect::<Vec<_>>()
            .join("\t")
            .into_bytes();
        GkgRow {
            date: row[1].clone(),
            rest,
        }
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The 27 fields of one document.
pub fn gkg_row(doc: &Doc, o: &CharOffsets<'_>, number: u64) -> Vec<String> {
    let at = |byte: u32| o.char_offset(byte as usize);
    let date = published_stamp(doc);
    let mut row: Vec<String> = Vec::with_capacity(27);
    row.push(format!(
        "{}-{number}",
        if date.is_empty() {
            "00000000000000"
        } else {
            &date
        }
    ));
    row.push(date.clone());
    let url = doc.meta.url.as_deref();
    row.push(if url.is_some() { "1" } else { "2" }.into());
    row.push(
        doc.meta
            .source
            .clone()
            .or_else(|| url.map(|u| host(u).to_string()))
            .unwrap_or_default(),
    );
    row.push(url.unwrap_or(&doc.meta.id).to_string());
    // V1COUNTS, V2.1COUNTS, V1THEMES, V2ENHANCEDTHEMES
    row.extend(std::iter::repeat_n(String::new(), 4));

    // Locations.
    let loc_delims = ['#', ';'];
    let mut v1_locations: Vec<String> = Vec::new();
    let mut v2_locations: Vec<String> = Vec::new();
    for p in &doc.places {
        let Some(t) = geo_type(p) else { continue };
        let name = block_text(&p.name, &loc_delims);
        let country = p.country.clone().unwrap_or_default();
        let adm1 = p.subdivision.clone().unwrap_or_default();
        let (lat, lon) = (num(p.lat, 4), num(p.lon, 4));
        let fid = p.geonameid.map(|g| g.to_string()).unwrap_or_default();
        let v1 = format!("{t}#{name}#{country}#{adm1}#{lat}#{lon}#{fid}");
        if !v1_locations.contains(&v1) {
            v1_locations.push(v1);
        }
        v2_locations.push(format!(
            "{t}#{name}#{country}#{adm1}##{lat}#{lon}#{fid}#{}",
            at(p.span.start)
        ));
    }
    row.push(v1_locations.join(";"));
    row.push(v2_locations.join(";"));

    // Persons and organizations.
    for label in [EntityLabel::Person, EntityLabel::Org] {
        let mut v1: Vec<String> = Vec::new();
        let mut v2: Vec<String> = Vec::new();
        for e in doc.entities.iter().filter(|e| e.label == label) {
            let name = block_text(&e.name, &[',', ';']);
            v2.push(format!("{name},{}", at(e.span.start)));
            if !v1.contains(&name) {
                v1.push(name);
            }
        }
        row.push(v1.join(";"));
        row.push(v2.join(";"));
    }

    // V1.5TONE
    row.push(match &doc.tone {
        Some(t) => {
            let d = &t.document;
            format!(
                "{},{},{},{},{},{},{}",
                num(d.tone, 4),
                num(d.positive, 4),
                num(d.negative, 4),
                num(d.polarity, 4),
                num(d.activity_density, 4),
                num(d.self_group_density, 4),
                d.word_count
            )
        }
        None => String::new(),
    });

    // V2.1ENHANCEDDATES
    let mut dates: Vec<String> = Vec::new();
    for t in doc.times.iter().filter(|t| t.kind == TimeExpr::DATE) {
        let Some(value) = t.value.as_deref() else {
            continue;
        };
        let block = if let Some(rest) = value.strip_prefix("XXXX-") {
            // Month and day without a year ("XXXX-08-15").
            let mut p = rest.split('-');
            match (
                p.next().and_then(|m| m.parse::<u8>().ok()),
                p.next().and_then(|d| d.get(..2)?.parse::<u8>().ok()),
            ) {
                (Some(m), Some(d)) => Some(format!("4#{m}#{d}#0")),
                _ => None,
            }
        } else {
            IsoDate::parse(value).map(|d| match (d.month, d.day) {
                (Some(m), Some(day)) => format!("3#{m}#{day}#{}", d.year),
                (Some(m), None) => format!("2#{m}#0#{}", d.year),
                _ => format!("1#0#0#{}", d.year),
            })
        };
        if let Some(b) = block {
            dates.push(format!("{b}#{}", at(t.span.start)));
        }
    }
    row.push(dates.join(";"));

    // V2GCAM
    row.push(
        doc.tone
            .as_ref()
            .map(|t| format!("wc:{}", t.document.word_count))
            .unwrap_or_default(),
    );
    // V2.1SHARINGIMAGE, V2.1RELATEDIMAGES, V2.1SOCIALIMAGEEMBEDS, V2.1SOCIALVIDEOEMBEDS
    row.extend(std::iter::repeat_n(String::new(), 4));

    // V2.1QUOTATIONS
    let mut quotes: Vec<String> = Vec::new();
    for q in doc
        .quotes
        .iter()
        .filter(|q| q.kind == Quote::UTTERANCE || q.kind == Quote::FRAGMENT)
    {
        let start = at(q.span.start);
        let len = at(q.span.end) - start;
        let verb = q
            .cue
            .map(|c| block_text(doc.slice(c), &['|', '#']))
            .unwrap_or_default();
        let text = block_text(doc.slice(q.span), &['|', '#']);
        quotes.push(format!("{start}|{len}|{verb}|{text}"));
    }
    row.push(quotes.join("#"));

    // V2.1ALLNAMES
    row.push(
        doc.entities
            .iter()
            .map(|e| format!("{},{}", block_text(&e.name, &[',', ';']), at(e.span.start)))
            .collect::<Vec<_>>()
            .join(";"),
    );
    // V2.1AMOUNTS
    row.push(
        doc.amounts
            .iter()
            .map(|a| {
                format!(
                    "{},{},{}",
                    num(a.value, 6),
                    block_text(&a.unit, &[',', ';']),
                    at(a.span.start)
                )
            })
            .collect::<Vec<_>>()
            .join(";"),
    );
    // V2.1TRANSLATIONINFO
    row.push(String::new());
    // V2EXTRASXML
    row.push(
        doc.meta
            .title
            .as_deref()
            .map(|t| format!("<PAGE_TITLE>{}</PAGE_TITLE>", xml_escape(t)))
            .unwrap_or_default(),
    );
    debug_assert_eq!(row.len(), GKG_COLUMNS.len());
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_escapes() {
        assert_eq!(host("https://www.example.com/a/b?x"), "example.com");
        assert_eq!(host("example.org"), "example.org");
        assert_eq!(xml_escape("a < b & c"), "a &lt; b &amp; c");
    }
}
