//! Reference-date tracking: the calendar position a resolved value names.
//!
//! Separate because it is the one part of the grammar used between sentences rather than
//! within one: after each hit the caller turns the value into a date with
//! [`coarse_date`] and updates the reference year and month that "that year" and "later
//! that month" resolve against.

use crate::calendar as cal;
use jiff::civil::Date;

/// The calendar position a date value names at year or month grain: `"1998"` → (1998-01-01,
/// false), `"1998-06"` and finer → (1998-06-01, true). Durations, sets and vague values give
/// `None`.
pub fn coarse_date(value: &str) -> Option<(Date, bool)> {
    let b = value.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || b.get(4).is_some_and(|&c| c != b'-')
    {
        return None;
    }
    let y: i32 = value[..4].parse().ok()?;
    let month = value
        .get(5..7)
        .filter(|m| m.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|m| m.parse::<i32>().ok());
    match month {
        Some(m) => Some((cal::date(y, m, 1)?, true)),
        None => Some((cal::date(y, 1, 1)?, false)),
    }
}
