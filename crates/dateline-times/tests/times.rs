//! The time tagger on sentences written for these tests.
use dateline_doc::{Doc, Metadata, Published, TimeExpr};
use dateline_times::TimeTagger;

fn tag(tagger: &TimeTagger, published: Option<&str>, text: &str) -> Doc {
    let mut meta = Metadata::with_id("t");
    meta.published = published.map(|p| Published::parse(p).unwrap());
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    dateline_text::segment(&mut doc);
    tagger.run(&mut doc);
    doc
}

/// (text of the expression, value) pairs found in `text`, published Saturday 2025-08-16.
fn values(text: &str) -> Vec<(String, Option<String>)> {
    let t = TimeTagger::new();
    let doc = tag(&t, Some("2025-08-16"), text);
    doc.times
        .iter()
        .map(|x| (doc.slice(x.span).to_string(), x.value.clone()))
        .collect()
}

fn value_of(text: &str, expr: &str) -> Option<String> {
    let all = values(text);
    all.iter()
        .find(|(s, _)| s == expr)
        .unwrap_or_else(|| panic!("{expr:?} not found in {text:?}: {all:?}"))
        .1
        .clone()
}

fn v(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn weekdays_follow_tense() {
    assert_eq!(
        value_of("The two leaders met on Friday in Alaska.", "Friday"),
        v("2025-08-15")
    );
    assert_eq!(
        value_of("The ministers will meet on Monday.", "Monday"),
        v("2025-08-18")
    );
    assert_eq!(
        value_of("Talks resumed last Tuesday.", "last Tuesday"),
        v("2025-08-12")
    );
    assert_eq!(
        value_of("Voting ends next Friday.", "next Friday"),
        v("2025-08-22")
    );
    // Published on a Saturday, "Saturday" in the past tense is the same day.
    assert_eq!(
        value_of("Protesters gathered Saturday.", "Saturday"),
        v("2025-08-16")
    );
}

#[test]
fn absolute_dates_in_news_forms() {
    assert_eq!(
        value_of("The vote was held Aug. 15, 2025.", "Aug. 15, 2025"),
        v("2025-08-15")
    );
    assert_eq!(
        value_of("It opened on 15 August 2024.", "15 August 2024"),
        v("2024-08-15")
    );
    assert_eq!(
        value_of("The filing is dated 2025-08-15.", "2025-08-15"),
        v("2025-08-15")
    );
    assert_eq!(
        value_of("Polls close Friday, Aug. 15.", "Friday, Aug. 15"),
        v("2025-08-15")
    );
    assert_eq!(
        value_of("The war began in February 2022.", "February 2022"),
        v("2022-02")
    );
    assert_eq!(
        value_of("The land changed hands in 1867.", "1867"),
        v("1867")
    );
    assert_eq!(
        value_of("Growth slowed in the 1990s.", "the 1990s"),
        v("199X")
    );
    assert_eq!(
        value_of(
            "It was the bloodiest war of the 20th century.",
            "the 20th century"
        ),
        v("19")
    );
}

#[test]
fn months_without_a_year_take_the_most_recent_one_in_the_past() {
    assert_eq!(
        value_of("He was scolded during a February meeting.", "February"),
        v("2025-02")
    );
    assert_eq!(
        value_of("Elections will be held in November.", "November"),
        v("2025-11")
    );
    assert_eq!(
        value_of("The deal was signed in December.", "December"),
        v("2024-12")
    );
    assert_eq!(
        value_of("The treaty was signed on March 3.", "March 3"),
        v("2025-03-03")
    );
}

#[test]
fn relative_expressions() {
    assert_eq!(
        value_of("Prices rose last week.", "last week"),
        v("2025-W32")
    );
    assert_eq!(
        value_of("The ruling came two days ago.", "two days ago"),
        v("2025-08-14")
    );
    assert_eq!(
        value_of("Talks resume next month.", "next month"),
        v("2025-09")
    );
    assert_eq!(
        value_of("Sales fell earlier this year.", "earlier this year"),
        v("2025")
    );
    assert_eq!(
        value_of("Rates were cut last year.", "last year"),
        v("2024")
    );
    assert_eq!(
        value_of("He spoke yesterday.", "yesterday"),
        v("2025-08-15")
    );
    assert_eq!(
        value_of("The crisis is not over now.", "now"),
        v("PRESENT_REF")
    );
}

#[test]
fn durations_are_durations() {
    let t = TimeTagger::new();
    let doc = tag(
        &t,
        Some("2025-08-16"),
        "After a three-hour meeting, the deadliest war in eight decades entered its fourth year; he once promised peace within 24 hours.",
    );
    let got: Vec<(&str, &str, &str)> = doc
        .times
        .iter()
        .map(|x| (doc.slice(x.span), x.value.as_deref().unwrap_or(""), x.kind))
        .collect();
    assert_eq!(
        got,
        vec![
            ("three-hour", "PT3H", TimeExpr::DURATION),
            ("eight decades", "P80Y", TimeExpr::DURATION),
            ("fourth year", "P4Y", TimeExpr::DURATION),
            ("24 hours", "PT24H", TimeExpr::DURATION),
        ]
    );
}

#[test]
fn a_quarter_of_something_is_a_fraction_not_three_months() {
    assert_eq!(values("A quarter of a million people fled."), vec![]);
    assert_eq!(values("Turnout fell by a quarter."), vec![]);
    assert_eq!(values("He won a quarter of the vote."), vec![]);
    // Still three months where it is a length of time.
    assert_eq!(value_of("Sales rose for a quarter.", "a quarter"), v("P3M"));
}

#[test]
fn times_of_day_and_sets() {
    assert_eq!(
        value_of(
            "The polls opened at 10:30 a.m. EDT on Friday.",
            "10:30 a.m. EDT on Friday"
        ),
        v("2025-08-15T10:30")
    );
    assert_eq!(
        value_of("The market meets every Monday.", "every Monday"),
        v("XXXX-WXX-1")
    );
    assert_eq!(value_of("Prices are published daily.", "daily"), v("P1D"));
}

#[test]
fn unresolvable_expressions_say_why() {
    let t = TimeTagger::new();
    let doc = tag(
        &t,
        None,
        "The panel met on Friday and again on 31 February 2024.",
    );
    assert_eq!(doc.times.len(), 2, "{:?}", doc.times);
    assert!(
        doc.times
            .iter()
            .all(|x| x.value.is_none() && x.reason.is_some())
    );
    // Absolute dates need no anchor.
    let doc = tag(&t, None, "The territory was sold in 1867.");
    assert_eq!(doc.times[0].value.as_deref(), Some("1867"));
    assert!(doc.times[0].anchor.is_none());
}

#[test]
fn numbers_that_are_not_years() {
    for text in [
        "The army sent 2000 troops.",
        "The bill costs $2025 per person.",
        "Turnout was 1999 percent of the target.",
        "The year 99999 is not a date.",
    ] {
        let found = values(text);
        assert!(
            found
                .iter()
                .all(|(s, _)| !s.chars().any(|c| c.is_ascii_digit())),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn random_text_never_panics_and_spans_are_sound() {
    let t = TimeTagger::new();
    let pieces = [
        "Friday",
        "Aug.",
        "15",
        ",",
        "2025",
        "last",
        "next",
        "week",
        "the",
        "1990s",
        "31",
        "February",
        "99999",
        "a.m.",
        "10:30",
        "three-hour",
        "ago",
        "two",
        "days",
        "every",
        "Monday",
        "mid-1996",
        "20th",
        "century",
        "of",
        "early",
        "'",
        "90s",
        "-",
        "2025-13-45",
        "9/99/2025",
        "twenty",
        "four",
        "hours",
        "now",
        "the",
        "following",
        "day",
        "EDT",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..3000 {
        let mut s = String::new();
        for _ in 0..(state % 25) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            s.push(' ');
        }
        state = state.wrapping_add(round);
        let published = if round % 3 == 0 {
            None
        } else {
            Some("2025-08-16")
        };
        let doc = tag(&t, published, &s);
        let mut last = 0;
        for x in &doc.times {
            assert!(
                x.span.start < x.span.end && x.span.start >= last,
                "{s:?}: {:?}",
                doc.times
            );
            last = x.span.end;
            assert!(x.value.is_some() || x.reason.is_some(), "{s:?}");
        }
    }
}

#[test]
fn a_large_document_is_tagged_in_bounded_time() {
    let t = TimeTagger::new();
    let para =
        "On Friday, three days after the 2018 vote, officials said talks would resume next month. ";
    let text = para.repeat(20_000); // ~1.8 MB
    let started = std::time::Instant::now();
    let doc = tag(&t, Some("2025-08-16"), &text);
    assert_eq!(doc.times.len(), 80_000);
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn planning_verbs_and_earliest_dates_look_ahead() {
    // Published Saturday 2025-08-16.
    assert_eq!(
        value_of(
            "The team planned to leave the capital on Thursday.",
            "Thursday"
        ),
        v("2025-08-21")
    );
    assert_eq!(
        value_of("The envoy could arrive as soon as Tuesday.", "Tuesday"),
        v("2025-08-19")
    );
    // After the date, a planning verb is the clause's own past.
    assert_eq!(
        value_of("On Friday, the council planned new cuts.", "Friday"),
        v("2025-08-15")
    );
}

#[test]
fn a_participle_far_to_the_right_does_not_set_the_tense() {
    assert_eq!(
        value_of(
            "The airline will almost double its routes to the south by December in a search for markets untouched by the slump.",
            "December"
        ),
        v("2025-12")
    );
}

#[test]
fn a_day_a_few_days_ahead_is_not_moved_a_year_back() {
    // A past-tense clause setting a deadline nine days ahead.
    assert_eq!(
        value_of(
            "The agency decided the family must leave by Aug. 25.",
            "Aug. 25"
        ),
        v("2025-08-25")
    );
    // A past-tense day well behind stays in the past.
    assert_eq!(
        value_of(
            "The agency decided on June 3 to close the office.",
            "June 3"
        ),
        v("2025-06-03")
    );
}

#[test]
fn that_year_goes_back_to_the_last_year_mentioned() {
    assert_eq!(
        value_of(
            "She left for Lisbon in June 2019 and came back later that year.",
            "later that year"
        ),
        v("2019")
    );
}

#[test]
fn the_weekend_just_past() {
    let t = TimeTagger::new();
    // Published Monday 2025-08-18: the weekend just past is in ISO week 33.
    let doc = tag(
        &t,
        Some("2025-08-18"),
        "Over the weekend, officials met twice.",
    );
    let w = doc
        .times
        .iter()
        .find(|x| doc.slice(x.span) == "the weekend")
        .unwrap();
    assert_eq!(w.value.as_deref(), Some("2025-W33-WE"));
    // Published Saturday: the weekend is this one.
    assert_eq!(
        value_of("Over the weekend, officials met twice.", "the weekend"),
        v("2025-W33-WE")
    );
}

// Published Saturday 2025-08-16 unless said otherwise.

#[test]
fn a_verb_governing_a_to_infinitive_looks_ahead() {
    // The nearest cue left of the date is "supposed to", though a past verb follows.
    assert_eq!(
        value_of(
            "The talks, which are supposed to end by November, resumed quickly.",
            "November"
        ),
        v("2025-11")
    );
    assert_eq!(
        value_of(
            "The board has decided to admit two new members in early September.",
            "early September"
        ),
        v("2025-09")
    );
    // "were planning to": a plan, for the date it governs.
    assert_eq!(
        value_of(
            "Farmers held a march on Friday and were planning to block roads on Tuesday.",
            "Tuesday"
        ),
        v("2025-08-19")
    );
    // Before the date, "was about to" does not govern it.
    assert_eq!(
        value_of(
            "Police caught him early on Thursday as he was about to board a ferry.",
            "Thursday"
        ),
        v("2025-08-14")
    );
    // "plans" as a noun is no plan for the date.
    assert_eq!(
        value_of(
            "On Friday, when the minister cancelled her holiday plans for the trip, the talks stalled.",
            "Friday"
        ),
        v("2025-08-15")
    );
}

#[test]
fn reported_future_and_distant_auxiliaries() {
    assert_eq!(
        value_of(
            "Her lawyer said the mother would be flying home Thursday with her son.",
            "Thursday"
        ),
        v("2025-08-21")
    );
    // "will" stands further than eight words left of the date.
    assert_eq!(
        value_of(
            "The navy will name a new captain of the aircraft carrier for a long deployment in December.",
            "December"
        ),
        v("2025-12")
    );
    // "next to" is a place, not a future.
    assert_eq!(
        value_of(
            "A car bomb exploded outside a bank next to the central market in the old town on Friday.",
            "Friday"
        ),
        v("2025-08-15")
    );
    // "since" always looks back.
    assert_eq!(
        value_of(
            "The frigate has been at sea since March and was due to return soon.",
            "March"
        ),
        v("2025-03")
    );
}

#[test]
fn an_attribution_after_a_comma_does_not_set_the_reported_tense() {
    assert_eq!(
        value_of(
            "The delegation will fly out at dawn on Thursday, the spokesman said.",
            "Thursday"
        ),
        v("2025-08-21")
    );
    // At the start of the sentence the date belongs to the reporting clause.
    assert_eq!(
        value_of(
            "On Thursday, the spokesman said talks would go on.",
            "Thursday"
        ),
        v("2025-08-14")
    );
}

#[test]
fn a_date_in_a_list_keeps_the_direction_of_the_one_before() {
    let t = TimeTagger::new();
    // Published 2013-10-09: the tour runs into next year.
    let doc = tag(
        &t,
        Some("2013-10-09"),
        "We will play Oslo next month, Rome in November, Madrid in December, Lima in January and Quito in February.",
    );
    let got: Vec<(&str, &str)> = doc
        .times
        .iter()
        .map(|x| (doc.slice(x.span), x.value.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        vec![
            ("next month", "2013-11"),
            ("November", "2013-11"),
            ("December", "2013-12"),
            ("January", "2014-01"),
            ("February", "2014-02"),
        ]
    );
}

#[test]
fn may_is_a_month_after_a_preposition() {
    assert_eq!(
        value_of("The inquiry should report by May.", "May"),
        v("2026-05")
    );
    assert_eq!(
        value_of("The strike ended in May after talks.", "May"),
        v("2025-05")
    );
    // The modal verb is not a month.
    assert!(values("Officials may meet again.").is_empty());
}

#[test]
fn decades_leave_the_last_digit_unspecified() {
    assert_eq!(
        value_of("Unrest grew in the late 1980s.", "the late 1980s"),
        v("198X")
    );
    assert_eq!(
        value_of("Prices doubled in the nineties.", "the nineties"),
        v("199X")
    );
}

#[test]
fn clock_times_give_the_local_time_without_a_zone() {
    assert_eq!(
        value_of(
            "The ferry will sail at 6 a.m. EDT Tuesday, the port said.",
            "6 a.m. EDT Tuesday"
        ),
        v("2025-08-19T06:00")
    );
}

#[test]
fn years_spoken_in_words_after_a_month_season_or_the_year() {
    assert_eq!(
        value_of(
            "The plant closed in March nineteen eighty-six.",
            "March nineteen eighty-six"
        ),
        v("1986-03")
    );
    assert_eq!(
        value_of(
            "Snow fell in the winter of nineteen ninety-one.",
            "the winter of nineteen ninety-one"
        ),
        v("1991-WI")
    );
    assert_eq!(
        value_of(
            "Banks feared the year two thousand.",
            "the year two thousand"
        ),
        v("2000")
    );
    // A count is not a year.
    assert!(values("Two thousand workers marched.").is_empty());
}

#[test]
fn coordinated_and_announced_dates() {
    assert_eq!(
        value_of(
            "The fair is this coming Friday, August twenty-second.",
            "this coming Friday, August twenty-second"
        ),
        v("2025-08-22")
    );
    assert_eq!(
        value_of("The summit is planned for October 8 and 9.", "9"),
        v("2025-10-09")
    );
    assert_eq!(
        value_of(
            "The trial opens the week of September 8.",
            "the week of September 8"
        ),
        v("2025-W37")
    );
    assert_eq!(
        value_of("A month or so ago, the plant shut.", "A month or so ago"),
        v("2025-07")
    );
}

#[test]
fn weekday_evenings_as_sets() {
    assert_eq!(
        value_of("The club meets on Tuesday evenings.", "Tuesday evenings"),
        v("XXXX-WXX-2TEV")
    );
    let all = values("Buses run late on Friday and Saturday nights.");
    assert_eq!(
        all,
        vec![
            ("Friday".to_string(), v("XXXX-WXX-5TNI")),
            ("Saturday nights".to_string(), v("XXXX-WXX-6TNI")),
        ]
    );
}

#[test]
fn one_day_in_the_future_is_some_day() {
    assert_eq!(
        value_of("She hopes Mars will one day host a base.", "one day"),
        v("FUTURE_REF")
    );
    assert_eq!(value_of("The fair lasted one day.", "one day"), v("P1D"));
}

#[test]
fn a_fronted_date_takes_the_tense_of_the_verb_after_a_long_subject() {
    assert_eq!(
        value_of(
            "On Tuesday, the national association of rural health workers and midwives plans to hold a rally.",
            "Tuesday"
        ),
        v("2025-08-19")
    );
}

#[test]
fn as_planned_is_a_plan_carried_out() {
    assert_eq!(
        value_of(
            "The parade went ahead as previously planned Friday night.",
            "Friday night"
        ),
        v("2025-08-15")
    );
}

#[test]
fn a_deadline_given_by_a_present_perfect_lies_ahead() {
    // Published Saturday 2025-08-16.
    assert_eq!(
        value_of(
            "The agency has given the family until 9 a.m. Tuesday to sign.",
            "9 a.m. Tuesday"
        ),
        v("2025-08-19T09:00")
    );
    assert_eq!(
        value_of(
            "The agency has given them until Tuesday to sign.",
            "Tuesday"
        ),
        v("2025-08-19")
    );
    assert_eq!(
        value_of(
            "The agency has extended its deadline until 9 a.m. EST Tuesday.",
            "9 a.m. EST Tuesday"
        ),
        v("2025-08-19T09:00")
    );
    // A past deadline stays past.
    assert_eq!(
        value_of(
            "The agency gave the family until 9 a.m. Tuesday to sign.",
            "9 a.m. Tuesday"
        ),
        v("2025-08-12T09:00")
    );
}

#[test]
fn a_time_keeps_its_day_across_another_zone() {
    // Published Saturday 2025-08-16.
    let all = values("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a wall.");
    assert!(
        all.contains(&("10:35 a.m.".to_string(), v("2025-08-15T10:35"))),
        "{all:?}"
    );
    assert!(
        all.contains(&("Friday".to_string(), v("2025-08-15"))),
        "{all:?}"
    );
    // A parenthesis that is no time leaves the time on the day of publication.
    assert_eq!(
        value_of(
            "The blast occurred at 10:35 a.m. (two dead) Friday.",
            "10:35 a.m."
        ),
        v("2025-08-16T10:35")
    );
}

#[test]
fn a_scheduled_act_in_the_present_lies_ahead() {
    // Published Saturday 2025-08-16.
    assert_eq!(
        value_of(
            "The convention, which begins Monday, will be in Chicago.",
            "Monday"
        ),
        v("2025-08-18")
    );
    assert_eq!(
        value_of(
            "He and the prime minister meet separately Monday with the envoy.",
            "Monday"
        ),
        v("2025-08-18")
    );
    // Not after a negation in the past, nor for a noun.
    assert_eq!(
        value_of("The two did not meet Monday, officials said.", "Monday"),
        v("2025-08-11")
    );
    assert_eq!(
        value_of("During his visit Monday, he praised the workers.", "Monday"),
        v("2025-08-11")
    );
}
