//! Document metadata: what a reader knows about a document besides its text.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use serde_json::{Map, Value};

/// What is known about a document before analysis: identity, source and publication time.
///
/// Readers fill what their format carries (a JSONL line's fields, an HTML page's `<meta>`
/// tags, an RSS item, a WARC header). Fields a format has and this struct does not name are
/// kept in `extra`, so nothing a user supplied is dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Carried through to the output unchanged: the JSONL `id`, a file path, a URL.
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The publication date, the anchor for relative times ("Friday").
    pub published: Option<Published>,
    /// BCP 47 language tag as the source declared it (`en`, `en-US`).
    pub language: Option<String>,
    /// The publication or site name ("Reuters", "The Hill").
    pub source: Option<String>,
    /// Every other field the input carried (JSONL extra keys, feed-level metadata, WARC
    /// record ids), as JSON.
    pub extra: Map<String, Value>,
}

impl Metadata {
    pub fn with_id(id: impl Into<String>) -> Metadata {
        Metadata {
            id: id.into(),
            ..Metadata::default()
        }
    }
}

/// A publication date, with the time of day and UTC offset when the source gave them.
///
/// News metadata comes at every grain ("2025-08-16", "2025-08-16T03:10:00Z",
/// "Sat, 16 Aug 2025 03:10:00 +0000"); keeping the grain avoids inventing a midnight the
/// source never stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

/// Why a publication date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read {input:?} as a date (expected e.g. 2025-08-16, 2025-08-16T03:10:00Z or an RFC 2822 date)"
)]
pub struct PublishedParseError {
    pub input: String,
}

impl Published {
    pub fn from_date(date: Date) -> Published {
        Published {
            date,
            time: None,
            offset: None,
        }
    }

    /// Reads the date forms found in news metadata: ISO 8601 / RFC 3339 (date only, or
    /// with time and optional offset, `T` or space separated), RFC 2822 as used by RSS,
    /// `YYYY/MM/DD`, `YYYYMMDD`, and English "August 16, 2025" / "16 Aug 2025".
    pub fn parse(input: &str) -> Result<Published, PublishedParseError> {
        let s = input.trim();
        let err = || PublishedParseError {
            input: input.to_string(),
        };
        if s.is_empty() {
            return Err(err());
        }
        parse_iso(s)
            .or_else(|| parse_rfc2822(s))
            .or_else(|| parse_compact(s))
            .or_else(|| parse_english(s))
            .ok_or_else(err)
    }
}

impl std::fmt::Display for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
            if let Some(o) = self.offset {
                let secs = o.seconds();
                if secs == 0 {
                    f.write_str("Z")?;
                } else {
                    let sign = if secs < 0 { '-' } else { '+' };
                    let a = secs.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)?;
                }
            }
        }
        Ok(())
    }
}

fn digits(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn ymd(y: i32, m: i32, d: i32) -> Option<Date> {
    if !(1..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i16, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `2025-08-16`, `2025-08-16T03:10`, `2025-08-16 03:10:00.123+02:00`, `...Z`.
fn parse_iso(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // `get`: a multi-byte character may sit where the digits should be.
    let date = ymd(
        digits(s.get(0..4)?)?,
        digits(s.get(5..7)?)?,
        digits(s.get(8..10)?)?,
    )?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(Published::from_date(date));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // Split the time from an offset: `Z`, `+hh:mm`, `-hhmm`, `+hh`.
    let (time_str, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => (&rest[..i], Some(parse_offset(&rest[i..])?)),
        None => (rest.trim_end(), None),
    };
    let time = parse_time(time_str.trim_end())?;
    Some(Published {
        date,
        time: Some(time),
        offset,
    })
}

fn parse_time(s: &str) -> Option<Time> {
    let mut parts = s.splitn(3, ':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let sec = match parts.next() {
        // Fractions of a second are dropped: no news analysis needs them.
        Some(x) => digits(x.split(['.', ',']).next()?)?,
        None => 0,
    };
    Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(sec.min(59)).ok()?,
        0,
    )
    .ok()
}

fn parse_offset(s: &str) -> Option<Offset> {
    if s.eq_ignore_ascii_case("z") {
        return Some(Offset::UTC);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body: String = s[1..].chars().filter(|c| *c != ':').collect();
    let (h, m) = match body.len() {
        2 => (digits(&body)?, 0),
        4 => (digits(body.get(..2)?)?, digits(body.get(2..)?)?),
        _ => return None,
    };
    if h > 18 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

fn parse_rfc2822(s: &str) -> Option<Published> {
    let zoned = jiff::fmt::rfc2822::parse(s).ok()?;
    Some(Published {
        date: zoned.date(),
        time: Some(zoned.time()),
        offset: Some(zoned.offset()),
    })
}

/// `20250816` and `2025/08/16`.
fn parse_compact(s: &str) -> Option<Published> {
    if s.len() == 8 {
        return ymd(
            digits(s.get(..4)?)?,
            digits(s.get(4..6)?)?,
            digits(s.get(6..)?)?,
        )
        .map(Published::from_date);
    }
    let mut it = s.split('/');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    ymd(digits(y)?, digits(m)?, digits(d)?).map(Published::from_date)
}

/// Month number from an English month name or its abbreviation ("Aug", "Aug.", "Sept").
pub(crate) fn month_number(word: &str) -> Option<i32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    crate::english::MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as i32 + 1)
}

/// "August 16, 2025", "Aug. 16 2025", "16 August 2025", optionally after a weekday.
fn parse_english(s: &str) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let words: &[&str] = match words.first() {
        Some(w) if month_number(w).is_none() && w.chars().all(|c| c.is_alphabetic()) => &words[1..],
        _ => &words,
    };
    if words.len() < 3 {
        return None;
    }
    // "16th" -> 16.
    let day_of = |w: &str| digits(w.trim_end_matches(|c: char| c.is_ascii_alphabetic()));
    let (m, d) = if let Some(m) = month_number(words[0]) {
        (m, day_of(words[1])?)
    } else {
        (month_number(words[1])?, day_of(words[0])?)
    };
    ymd(digits(words[2])?, m, d).map(Published::from_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        Published::parse(s)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn multi_byte_characters_where_digits_belong_are_not_a_date() {
        // Found by fuzzing: slicing at byte 10 (or 2, 4, 6) landed inside a character.
        for s in [
            "2025-03-0\u{fffd}",
            "2025-03-0\u{fffd}T10:00",
            "2025-08-16T10:00+1\u{e9}1",
            "2025\u{e9}123",
        ] {
            assert!(Published::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn reads_news_date_forms() {
        assert_eq!(show("2025-08-16"), "2025-08-16");
        assert_eq!(show("2025-08-16T03:10:00Z"), "2025-08-16T03:10:00Z");
        assert_eq!(
            show("2025-08-16T03:10:00.000+02:00"),
            "2025-08-16T03:10:00+02:00"
        );
        assert_eq!(show("2025-08-16 03:10"), "2025-08-16T03:10:00");
        assert_eq!(
            show("2025-08-16T03:10:00-0500"),
            "2025-08-16T03:10:00-05:00"
        );
        assert_eq!(
            show("Sat, 16 Aug 2025 03:10:00 +0000"),
            "2025-08-16T03:10:00Z"
        );
        assert_eq!(
            show("Sat, 16 Aug 2025 03:10:00 GMT"),
            "2025-08-16T03:10:00Z"
        );
        assert_eq!(show("20250816"), "2025-08-16");
        assert_eq!(show("2025/08/16"), "2025-08-16");
        assert_eq!(show("August 16, 2025"), "2025-08-16");
        assert_eq!(show("Aug. 16, 2025"), "2025-08-16");
        assert_eq!(show("Saturday, 16 August 2025"), "2025-08-16");
        assert_eq!(show("16th August 2025"), "2025-08-16");
    }

    #[test]
    fn rejects_nonsense_dates() {
        for bad in [
            "",
            "yesterday",
            "2025-02-31",
            "99999-01-01",
            "2025-13-01",
            "Feb 31, 2025",
        ] {
            assert!(Published::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
