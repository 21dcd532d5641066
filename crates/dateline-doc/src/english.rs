//! English calendar and number words, written once for every stage that reads dates or
//! numbers: the publication-date parser of this crate, the times layer and the amounts
//! layer. Lower case; the index of a word is its value (see each table).

/// Month names; index 0 is January.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Abbreviated month names with their period, as news writes them; each maps to the
/// month of the same index in [`MONTH_ABBREVIATION_NUMBERS`].
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
];

/// The month (1–12) of each entry of [`MONTH_ABBREVIATIONS`].
pub const MONTH_ABBREVIATION_NUMBERS: [u8; 12] = [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12];

/// Weekday names; index 0 is Monday (ISO 8601).
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Number words "zero" … "nineteen"; the index is the value.
pub const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Tens "twenty" … "ninety"; the value of index `i` is `20 + 10 * i`.
pub const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_name_their_months() {
        for (abbr, &n) in MONTH_ABBREVIATIONS.iter().zip(&MONTH_ABBREVIATION_NUMBERS) {
            let stem = abbr.trim_end_matches('.');
            assert!(
                MONTHS[n as usize - 1].starts_with(stem),
                "{abbr} is not month {n}"
            );
        }
    }
}
