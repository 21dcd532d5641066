//! Helpers shared by the writers: dates in GDELT's layouts, TSV-safe text, geography types.

use dateline_doc::{Doc, Place};
use jiff::civil::Date;
use std::fmt::Write as _;

/// A date with its precision, read from an ISO 8601 value ("2025-08-15", "2022-02", "1867").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl IsoDate {
    pub fn parse(value: &str) -> Option<IsoDate> {
        let v = value.get(..10.min(value.len()))?;
        let mut parts = v.split('-');
        let year: i16 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month: Option<i8> = match parts.next() {
            Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day: Option<i8> = match parts.next() {
            Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if year < 1 {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            Date::new(year, m, d).ok()?;
        }
        Some(IsoDate { year, month, day })
    }

    pub fn from_date(d: Date) -> IsoDate {
        IsoDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }

    /// The first day the value covers (January 1 for a year, the 1st for a month).
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(Date::constant(2000, 1, 1))
    }

    /// GDELT's Day: YYYYMMDD.
    pub fn day_field(self) -> String {
        let d = self.first_day();
        format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
    }

    /// GDELT's FractionDate: YYYY.FFFF, FFFF the share of the year completed by that day.
    pub fn fraction_field(self) -> String {
        let d = self.first_day();
        format!(
            "{:.4}",
            f64::from(d.year()) + f64::from(d.day_of_year()) / 365.0
        )
    }
}

/// Text for a TSV field: tabs and line breaks become spaces.
pub fn tsv_text(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ")
}

/// Text inside a GDELT delimited block: the block's delimiters become spaces as well.
pub fn block_text(s: &str, delimiters: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' || c == '\r' || c == '\n' || delimiters.contains(&c) {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// GDELT's geography type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
/// (first-level subdivision). `None` for continents and regions, which GDELT does not code.
pub fn geo_type(place: &Place) -> Option<u8> {
    let us = place.country.as_deref() == Some("US");
    match place.feature {
        "country" => Some(1),
        "subdivision" => Some(if us { 2 } else { 5 }),
        "city" | "unlisted" => Some(if us { 3 } else { 4 }),
        _ => None,
    }
}

/// A float with up to `decimals` decimals, trailing zeros kept off ("61.2181", "-149.9").
pub fn num(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// The document's publication date-time as YYYYMMDDHHMMSS (GDELT's DATE and DATEADDED), or
/// an empty string when the document has no date.
pub fn published_stamp(doc: &Doc) -> String {
    let Some(p) = &doc.meta.published else {
        return String::new();
    };
    let mut s = String::with_capacity(14);
    let d = p.date;
    let _ = write!(s, "{:04}{:02}{:02}", d.year(), d.month(), d.day());
    match p.time {
        Some(t) => {
            let _ = write!(s, "{:02}{:02}{:02}", t.hour(), t.minute(), t.second());
        }
        None => s.push_str("000000"),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_in_gdelt_layouts() {
        let d = IsoDate::parse("2019-01-25").unwrap();
        assert_eq!(d.day_field(), "20190125");
        assert_eq!(d.fraction_field(), "2019.0685");
        let m = IsoDate::parse("2022-02").unwrap();
        assert_eq!((m.month, m.day), (Some(2), None));
        assert_eq!(m.day_field(), "20220201");
        assert_eq!(IsoDate::parse("1867").unwrap().day_field(), "18670101");
        for bad in ["", "PRESENT_REF", "2025-13", "2025-02-30", "20x5", "P3D"] {
            assert_eq!(IsoDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_and_text() {
        assert_eq!(num(61.21810, 4), "61.2181");
        assert_eq!(num(-149.9, 4), "-149.9");
        assert_eq!(num(-0.00001, 2), "0");
        assert_eq!(num(3.0, 2), "3");
        assert_eq!(tsv_text("a\tb\nc"), "a b c");
        assert_eq!(block_text("a;b#c", &[';', '#']), "a b c");
    }
}
