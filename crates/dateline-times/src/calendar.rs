//! Calendar arithmetic and TIMEX3 value formatting, on top of `jiff`.
//!
//! Every function here is total: a date that does not exist ("31 February", year 99999)
//! comes back as `None`, never as a panic, so the grammar can report it.

use jiff::ToSpan;
use jiff::civil::Date;

/// Years the tagger accepts as calendar years (TimeML writes four digits).
pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

pub fn date(y: i32, m: i32, d: i32) -> Option<Date> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return None;
    }
    Date::new(y as i16, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

pub fn add_days(d: Date, n: i64) -> Option<Date> {
    if n.unsigned_abs() > 3_000_000 {
        return None;
    }
    d.checked_add((n as i32).days()).ok()
}

/// 1 = Monday … 7 = Sunday.
pub fn weekday(d: Date) -> i32 {
    d.weekday().to_monday_one_offset() as i32
}

/// The most recent `wd` on or before `d` (`strict`: before).
pub fn weekday_before(d: Date, wd: i32, strict: bool) -> Option<Date> {
    let mut back = (weekday(d) - wd).rem_euclid(7);
    if strict && back == 0 {
        back = 7;
    }
    add_days(d, -(back as i64))
}

/// The next `wd` on or after `d` (`strict`: after).
pub fn weekday_after(d: Date, wd: i32, strict: bool) -> Option<Date> {
    let mut fwd = (wd - weekday(d)).rem_euclid(7);
    if strict && fwd == 0 {
        fwd = 7;
    }
    add_days(d, fwd as i64)
}

/// Year and month `n` months from (y, m).
pub fn shift_month(y: i32, m: i32, n: i32) -> (i32, i32) {
    let total = y * 12 + (m - 1) + n;
    (total.div_euclid(12), total.rem_euclid(12) + 1)
}

/// The n-th (1-based; 5 = last) weekday of a month.
pub fn nth_weekday(y: i32, m: i32, n: i32, wd: i32) -> Option<Date> {
    if n >= 5 {
        let (ny, nm) = shift_month(y, m, 1);
        let last = add_days(date(ny, nm, 1)?, -1)?;
        return weekday_before(last, wd, false);
    }
    let first = weekday_after(date(y, m, 1)?, wd, false)?;
    add_days(first, 7 * (n as i64 - 1))
}

pub fn fmt_day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn fmt_month(y: i32, m: i32) -> Option<String> {
    (MIN_YEAR..=MAX_YEAR)
        .contains(&y)
        .then(|| format!("{y:04}-{m:02}"))
}

pub fn fmt_year(y: i32) -> Option<String> {
    (MIN_YEAR..=MAX_YEAR)
        .contains(&y)
        .then(|| format!("{y:04}"))
}

/// ISO week: `2025-W33`.
pub fn fmt_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Season index of a month: 0 spring, 1 summer, 2 fall, 3 winter.
pub fn season_of(m: i32) -> i32 {
    match m {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

pub const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];
pub const PARTS: [&str; 4] = ["MO", "AF", "EV", "NI"];
