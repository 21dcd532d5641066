//! The quotes layer on invented news text: every mark style, speakers found in each way,
//! utterances, reported speech, and bad input in bounded time.

use dateline_doc::{Doc, EntityLabel, Metadata, Quote};
use dateline_entities::EntityRecognizer;
use dateline_kb::Kb;
use dateline_quotes::QuoteFinder;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn analyse(text: &str) -> Doc {
    static PARTS: OnceLock<(EntityRecognizer, QuoteFinder)> = OnceLock::new();
    let (entities, quotes) = PARTS.get_or_init(|| {
        (
            EntityRecognizer::new(Arc::new(Kb::fixture())),
            QuoteFinder::new(),
        )
    });
    let mut doc = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
    dateline_text::segment(&mut doc);
    entities.run(&mut doc);
    quotes.run(&mut doc);
    doc
}

fn direct(doc: &Doc) -> Vec<&Quote> {
    doc.quotes.iter().filter(|q| !q.is_indirect()).collect()
}

fn texts(doc: &Doc) -> Vec<&str> {
    direct(doc).iter().map(|q| doc.slice(q.span)).collect()
}

fn speaker_of<'a>(doc: &'a Doc, words: &str) -> &'a [String] {
    let q = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span).contains(words))
        .unwrap_or_else(|| panic!("no quote with {words:?} in {:?}", texts(doc)));
    &q.speakers
}

#[test]
fn every_mark_style_and_no_apostrophes() {
    let doc = analyse(
        "Maria Lopez said “curly words” and \"straight words\" and ‘single words’ here. \
         She added «guillemet words» and „low words“ and ‚low single‘ too. \
         Trump’s rock ’n’ roll in the ’90s isn't the players' game.",
    );
    assert_eq!(
        texts(&doc),
        [
            "curly words",
            "straight words",
            "single words",
            "guillemet words",
            "low words",
            "low single"
        ]
    );
}

#[test]
fn mixed_and_nested_marks() {
    let doc = analyse(
        "“He told me ‘never again’ and left,\" said Maria Lopez. \
         The mayor called it “a ‘historic’ day.”",
    );
    assert_eq!(
        texts(&doc),
        ["He told me ‘never again’ and left,", "a ‘historic’ day."]
    );
    assert_eq!(speaker_of(&doc, "never again"), ["Maria Lopez"]);
}

#[test]
fn explicit_speakers_in_both_orders() {
    let doc = analyse(
        "“The bridge will open in May,” said Mayor Maria Lopez.\n\n\
         “Traffic will improve,” Lopez said.\n\n\
         Governor John Smith said: “We are ready.”\n\n\
         The budget is final, according to John Smith.\n\n\
         “It is done,” according to Maria Lopez.\n\n\
         Smith told reporters “nothing has changed.”",
    );
    assert_eq!(speaker_of(&doc, "bridge"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "Traffic"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "ready"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "It is done"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "nothing has changed"), ["John Smith"]);
    let q = direct(&doc)[0];
    assert_eq!(q.speaker_rule, Quote::BY_EXPLICIT);
    assert_eq!(doc.slice(q.cue.unwrap()), "said");
    assert_eq!(doc.slice(q.speaker_span.unwrap()), "Mayor Maria Lopez");
}

#[test]
fn pronoun_speakers_through_the_actors_layer() {
    let doc = analyse(
        "Governor John Smith visited the flooded town on Monday. \
         “We will rebuild every house,” he said.",
    );
    let q = direct(&doc)[0];
    assert_eq!(q.speakers, ["John Smith"]);
    assert_eq!(q.speaker_rule, Quote::BY_PRONOUN);
    assert_eq!(doc.slice(q.speaker_span.unwrap()), "he");
}

#[test]
fn split_quote_is_one_utterance_in_two_spans() {
    let doc = analyse("“We want a fair deal,” Maria Lopez said, “but not at any price.”");
    let q = direct(&doc);
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].utterance, q[1].utterance);
    assert_eq!(q[0].speakers, ["Maria Lopez"]);
    assert_eq!(q[1].speakers, ["Maria Lopez"]);
}

#[test]
fn quotation_over_paragraphs_and_continuity() {
    let doc = analyse(
        "Maria Lopez spoke for an hour. “The first point is the budget.\n\n\
         “The second point is the schedule,” she said.\n\n\
         “And the third is trust.”\n\n\
         John Smith said nothing at all about the plan today.",
    );
    let q = direct(&doc);
    assert_eq!(q.len(), 3, "{:?}", texts(&doc));
    assert_eq!(doc.slice(q[0].span), "The first point is the budget.");
    assert_eq!(q[0].utterance, q[1].utterance);
    assert_ne!(q[1].utterance, q[2].utterance);
    for quote in &q {
        assert_eq!(quote.speakers, ["Maria Lopez"], "{}", doc.slice(quote.span));
    }
    assert_eq!(q[2].speaker_rule, Quote::BY_CONTINUITY);
}

#[test]
fn partial_quotes_colon_quotes_cue_nouns_and_participles() {
    let doc = analyse(
        "Governor John Smith described the talks as “useful and frank,” \
         adding that “more work is needed.” He ended with the remark: \"No deal yet.\" \
         Later Smith’s warnings of “hard times” worried Maria Lopez.",
    );
    assert_eq!(speaker_of(&doc, "useful"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "more work"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "No deal yet"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "hard times"), ["John Smith"]);
    let remark = direct(&doc)
        .into_iter()
        .find(|q| doc.slice(q.span) == "No deal yet.")
        .unwrap();
    assert_eq!(remark.cue_lemma.as_deref(), Some("remark"));
    assert_eq!(remark.kind, Quote::UTTERANCE);
}

#[test]
fn several_speakers_and_descriptions() {
    let doc = analyse(
        "Governor John Smith and Mayor Maria Lopez met on Friday in what they both \
         described as “candid” talks. \
         “Nothing was agreed,” a city spokesman said.",
    );
    assert_eq!(speaker_of(&doc, "candid"), ["John Smith", "Maria Lopez"]);
    let q = direct(&doc)
        .into_iter()
        .find(|q| doc.slice(q.span).starts_with("Nothing"))
        .unwrap();
    assert!(q.speakers.is_empty());
    assert_eq!(q.speaker_description.as_deref(), Some("a city spokesman"));
    assert_eq!(q.speaker_rule, Quote::BY_DESCRIPTION);
}

#[test]
fn scare_quotes_are_flagged_with_low_confidence() {
    let doc = analyse("The committee met in the so-called “war room” near the station.");
    let q = direct(&doc)[0];
    assert_eq!(q.kind, Quote::SCARE);
    assert!(q.provenance.confidence.unwrap() <= 0.3);
}

#[test]
fn reported_speech_is_indirect() {
    let doc = analyse(
        "Governor John Smith warned that the new tax would only slow the recovery of the region.",
    );
    let q: Vec<&Quote> = doc.quotes.iter().filter(|q| q.is_indirect()).collect();
    assert_eq!(q.len(), 1);
    assert_eq!(
        doc.slice(q[0].span),
        "the new tax would only slow the recovery of the region"
    );
    assert_eq!(q[0].speakers, ["John Smith"]);
    assert_eq!(doc.slice(q[0].cue.unwrap()), "warned");
}

#[test]
fn a_name_in_apposition_after_the_verb_speaks() {
    let doc = analyse(
        "Officials met on Monday.\n\n\
         “We need more ambulances,” said the head of the regional administration, Oleksandr \
         Prokudin.\n\n\
         “We are ready,” said Putin's spokesman, Dmitry Peskov.\n\n\
         “This coalition is over,” said the SPD politician.",
    );
    assert_eq!(speaker_of(&doc, "ambulances"), ["Oleksandr Prokudin"]);
    assert_eq!(speaker_of(&doc, "ready"), ["Dmitry Peskov"]);
    // A party's politician is a person described, not the party.
    let q = direct(&doc)
        .into_iter()
        .find(|q| doc.slice(q.span).contains("coalition"))
        .unwrap();
    assert!(q.speakers.is_empty(), "{:?}", q.speakers);
    assert_eq!(q.speaker_rule, Quote::BY_DESCRIPTION);
}

#[test]
fn a_time_between_subject_and_verb_is_never_the_speaker() {
    for (text, speakers, description) in [
        (
            "The ministry on Tuesday reiterated that the border would stay closed to trucks.",
            vec![],
            Some("The ministry"),
        ),
        (
            "Governor John Smith last week said that the new tax would slow the recovery.",
            vec!["John Smith"],
            None,
        ),
        (
            "Maria Lopez on March 3 warned that the river would flood the lower districts.",
            vec!["Maria Lopez"],
            None,
        ),
        (
            "The council earlier this month announced that the bridge would close for repairs.",
            vec![],
            Some("The council"),
        ),
    ] {
        let doc = analyse(text);
        let q: Vec<&Quote> = doc.quotes.iter().filter(|q| q.is_indirect()).collect();
        assert_eq!(q.len(), 1, "{text}");
        assert_eq!(q[0].speakers, speakers, "{text}");
        assert_eq!(q[0].speaker_description.as_deref(), description, "{text}");
    }
}

#[test]
fn json_keeps_the_format_fields() {
    let doc = analyse("“We are all ready,” said Maria Lopez.");
    let mut out = Vec::new();
    dateline_doc::json::to_writer(&mut out, &doc, &[dateline_doc::Layer::Quotes], false).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let q = &v["quotes"][0];
    assert_eq!(q["start"], 1);
    assert_eq!(q["end"], 18);
    assert_eq!(q["speaker"], "Maria Lopez");
    assert_eq!(q["kind"], "utterance");
    assert_eq!(q["cue"]["lemma"], "say");
}

#[test]
fn unbalanced_marks_stay_in_their_paragraph() {
    let doc = analyse(
        "“This opening mark is never closed, said nobody.\n\n\
         A new paragraph” with a stray closing mark.\n\n\
         “A proper quote,” said Maria Lopez.",
    );
    let q = direct(&doc);
    assert_eq!(q.len(), 2, "{:?}", texts(&doc));
    assert!(q[0].unclosed);
    assert!(q[0].provenance.confidence.unwrap() <= 0.4);
    assert_eq!(doc.slice(q[1].span), "A proper quote,");
    assert_eq!(q[1].speakers, ["Maria Lopez"]);
}

#[test]
fn five_thousand_quotes_in_bounded_time() {
    let text = "“We will win,” said Maria Lopez. ".repeat(5000);
    let start = Instant::now();
    let doc = analyse(&text);
    assert_eq!(direct(&doc).len(), 5000);
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_long_run_of_possessives_after_a_quotation_does_not_recurse() {
    // Each "his" once looked for the name after it by calling itself: 50,000 of them
    // overflowed the stack.
    let text = format!("Maria Lopez spoke. “Yes,” {} said.", "his ".repeat(50_000));
    let start = Instant::now();
    let doc = analyse(&text);
    assert_eq!(direct(&doc).len(), 1);
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn ten_thousand_stray_marks_in_bounded_time() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(["“a ", "” b ", "\" c ", "' d ", "« e ", "‘f "][i % 6]);
    }
    let start = Instant::now();
    let doc = analyse(&text);
    assert!(start.elapsed() < Duration::from_secs(20));
    for q in &doc.quotes {
        assert!(q.span.end as usize <= doc.text().len());
    }
    // Empty and mark-only texts.
    for text in ["", "“", "”", "\"\"", "''", "“”", "' ' '"] {
        let doc = analyse(text);
        assert!(direct(&doc).is_empty(), "{text:?}");
    }
}

#[test]
fn fronted_phrase_speaker_is_the_subject_that_follows() {
    let doc = analyse(
        "Mayor Maria Lopez opened the new depot on Monday. \
         For a mayor who has often promised to mend every road within “one summer” if \
         elected, Lopez’s new plan looked modest. \
         Governor John Smith arrived later. \
         By invoking the old promise of a “fair share” for every town, he won the room.",
    );
    assert_eq!(speaker_of(&doc, "one summer"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "fair share"), ["John Smith"]);
}

#[test]
fn later_quotes_of_a_sentence_share_its_cue() {
    let doc = analyse(
        "Governor John Smith warned against “reckless spending” that could undo the \
         “hard-won recovery.”",
    );
    let q = direct(&doc);
    assert_eq!(q.len(), 2);
    assert_eq!(q[1].speakers, ["John Smith"]);
    assert_eq!(q[1].kind, Quote::FRAGMENT);
    assert_eq!(q[1].speaker_rule, Quote::BY_CONTINUITY);
    assert_eq!(q[1].cue_lemma.as_deref(), Some("warn"));
    assert!(q[1].provenance.confidence.unwrap() >= 0.5);
}

#[test]
fn titles_and_nicknames_nobody_said_are_not_quotes() {
    let doc = analyse(
        "Governor John Smith told WXYZ’s “Morning Report” that taxes would fall. \
         The “Open Roads” ad ran twice on Sunday. \
         Robert “Bobby” Jones chaired the meeting. \
         Smith called his rival “Slow Joe” at the rally.",
    );
    assert_eq!(texts(&doc), ["Slow Joe"]);
    assert_eq!(speaker_of(&doc, "Slow Joe"), ["John Smith"]);
}

#[test]
fn headline_quotes_repeat_the_body_and_section_headings_are_titles() {
    let doc = analyse(
        "Mayor: ‘No New Taxes This Year’\n\n\
         Mayor Maria Lopez said on Monday that the city would balance its budget without \
         raising taxes for the third year running. “There will be no new taxes this year,” \
         she told the council.\n\n\
         ‘A Long Road Back.’\n\n\
         The city lost a third of its revenue during the floods of the past spring and \
         summer, and the council has cut spending in every department since then.",
    );
    assert_eq!(texts(&doc), ["There will be no new taxes this year,"]);
    assert_eq!(speaker_of(&doc, "no new taxes"), ["Maria Lopez"]);
    // A lede that quotes in the body's own style is kept.
    let doc = analyse(
        "“We are ready for the storm,” the mayor said.\n\n\
         Mayor Maria Lopez spoke at the depot on Monday, where crews loaded sandbags onto \
         trucks bound for the river districts, and the council met late into the night to \
         approve the emergency budget for the coming week.",
    );
    assert_eq!(texts(&doc), ["We are ready for the storm,"]);
}

#[test]
fn attribution_after_the_quote_with_descriptions_times_and_appositions() {
    let doc = analyse(
        "Officials met on Monday to discuss the dam.\n\n\
         “We will rebuild the bridge within a year,” the governor of Paris, Mary Lopez, said \
         on Monday.\n\n\
         “The talks are over,” the ministry on Tuesday reiterated.\n\n\
         “Supplies will arrive next week,” the organization said in a statement.\n\n\
         “The army will hold its positions,” Yusuf Ahmed al-Hassan, an army spokesman, said.",
    );
    // The name in apposition speaks, not the place in the description.
    assert_eq!(speaker_of(&doc, "rebuild"), ["Mary Lopez"]);
    // A body speaks through a description, with a time phrase before its verb; never the
    // previous paragraph's speaker by continuity.
    for (words, description) in [
        ("talks are over", "the ministry"),
        ("Supplies", "the organization"),
    ] {
        let q = direct(&doc)
            .into_iter()
            .find(|q| doc.slice(q.span).contains(words))
            .unwrap();
        assert!(q.speakers.is_empty(), "{words}: {:?}", q.speakers);
        assert_eq!(q.speaker_description.as_deref(), Some(description));
        assert_eq!(q.speaker_rule, Quote::BY_DESCRIPTION);
    }
    // A family name with its particle is part of the name.
    assert_eq!(
        speaker_of(&doc, "hold its positions"),
        ["Yusuf Ahmed al-Hassan"]
    );
}

#[test]
fn a_place_after_of_is_not_the_speaker() {
    let doc = analyse("“Prices will fall,” the mayor of Paris said.");
    let q = direct(&doc)[0];
    assert!(q.speakers.is_empty(), "{:?}", q.speakers);
    assert_eq!(q.speaker_description.as_deref(), Some("the mayor of Paris"));
}

#[test]
fn single_marks_outside_double_quotes_are_headline_style_unless_cued() {
    let doc = analyse(
        "Senator Calls Budget ‘Dead on Arrival’ in Rare Rebuke\n\n\
         Senator Maria Lopez said on Monday that “the budget cannot pass” in its present \
         form, and the committee will meet again in the spring to draft another.\n\n\
         – ‘We will not wait’ –\n\n\
         Her aides said the plan was “a first step.” Lopez later told donors, ‘The fight is \
         only starting.’ “We have the votes,” an aide said.",
    );
    assert_eq!(
        texts(&doc),
        [
            "the budget cannot pass",
            "a first step.",
            "The fight is only starting.",
            "We have the votes,"
        ]
    );
    // Where single marks are the document's style, they quote.
    let doc = analyse("‘We are ready,’ said Maria Lopez. ‘The trucks are loaded.’");
    assert_eq!(texts(&doc), ["We are ready,", "The trucks are loaded."]);
}

#[test]
fn titles_after_their_nouns_in_lists_and_with_subtitles() {
    let doc = analyse(
        "The actor starred in “Harbor Lights” and the documentary “Salt,” and his memoir, \
         “River Town: A Life in Four Acts,” sold well. He also appeared in “Cold Creek,” \
         “Red Sky” and “Far North.” A podcast called “Open Table” and a play named \
         “Sons of the Sea” followed. Maria Lopez told “Morning Report” the show would run \
         for years. She called the critics “Little Men” at the gala.",
    );
    assert_eq!(texts(&doc), ["Little Men"]);
}

#[test]
fn stage_directions_and_labels_in_marks_are_not_quotes() {
    let doc = analyse(
        "“LOPEZ: We will cut taxes and —”\n\n\
         “(CROSSTALK.)”\n\n\
         “Related:”\n\n\
         “The plan is sound,” Maria Lopez said.",
    );
    assert_eq!(
        texts(&doc),
        ["LOPEZ: We will cut taxes and —", "The plan is sound,"]
    );
}

#[test]
fn attribution_at_the_end_of_the_sentence_of_a_partial_quote() {
    let doc = analyse(
        "Paul Brown, the governor, spoke first at the hearing on Monday.\n\n\
         The budget is “dead on arrival” in the Senate, Maria Lopez said on Tuesday.\n\n\
         “We may lose” the vote next week, said John Smith, the party’s whip.",
    );
    assert_eq!(speaker_of(&doc, "dead on arrival"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "We may lose"), ["John Smith"]);
}

#[test]
fn long_appositions_party_abbreviations_and_times_after_the_verb() {
    let doc = analyse(
        "Paul Brown opened the session on Monday.\n\n\
         “The veto will be overridden,” Senator Maria Lopez, R-Ky., said Tuesday.\n\n\
         “Nobody reads the fine print,” John Smith, who ran the agency’s office in Lagos for \
         more than a decade before he retired, told reporters.\n\n\
         “You called them thieves,” Lopez charged. “Would you say it again?” Smith pressed.\n\n\
         The poll was taken over four days.\n\n\
         “Both plans scare me,” Paul Brown, 30, of Dover, N.H., who was polled, said later.",
    );
    // An apposition too long to read is not mistaken for the speaker.
    assert_eq!(speaker_of(&doc, "scare me"), ["Paul Brown"]);
    assert_eq!(speaker_of(&doc, "overridden"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "fine print"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "thieves"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "say it again"), ["John Smith"]);
}

#[test]
fn a_paraphrase_closed_by_its_speaker_carries_to_the_next_quotation() {
    let doc = analyse(
        "Adam Schiff spoke to reporters on Monday. Kerry negotiates with Russia over Syria, \
         Schiff said. \"The other factor is the timing.\"",
    );
    assert_eq!(speaker_of(&doc, "The other factor"), ["Adam Schiff"]);
    let paraphrase = doc
        .quotes
        .iter()
        .find(|q| q.is_indirect() && doc.slice(q.span).starts_with("Kerry negotiates"))
        .unwrap_or_else(|| panic!("no reported speech in {:?}", doc.quotes));
    assert_eq!(paraphrase.speakers, ["Adam Schiff"]);
    // A publication reporting is not who speaks next.
    let doc = analyse(
        "Rubio spoke in Iowa on Sunday, The Hill reported. \"He is always calling me names.\"",
    );
    assert!(
        !doc.quotes
            .iter()
            .any(|q| q.speakers.iter().any(|s| s.contains("Hill"))),
        "{:?}",
        doc.quotes
    );
}

#[test]
fn a_speaker_after_the_verb_may_start_with_a_number_or_a_modal_word() {
    let doc = analyse(
        "\"The veto is wrong,\" said 9/11 widow Terry Strada. \"It is a pretty expensive model,\" \
         said Will Doyle, a professor of education.",
    );
    assert_eq!(speaker_of(&doc, "The veto is wrong"), ["Terry Strada"]);
    assert_eq!(speaker_of(&doc, "expensive model"), ["Will Doyle"]);
}

#[test]
fn what_is_characterised_as_quoted_words_is_the_characteriser_s() {
    // The speech noun between ("claims") and the one after the quotation ("a tweet") own
    // nothing: the subject of the verb before "as" speaks.
    let doc = analyse(
        "The fact checkers of Varrow Watch rated 32% of Maria Lopez's claims as “false” on \
         Friday. John Smith is describing as “unhinged” a Maria Lopez tweet about the vote.",
    );
    assert_eq!(speaker_of(&doc, "false"), ["Varrow Watch"]);
    assert_eq!(speaker_of(&doc, "unhinged"), ["John Smith"]);
    // A noun of the same spelling characterises nothing: the speaker after the quote says it.
    let doc = analyse("The Albany rate, known as “prime,” rose, Maria Lopez said.");
    assert_eq!(speaker_of(&doc, "prime"), ["Maria Lopez"]);
}

#[test]
fn a_participle_after_a_comma_speaks_for_the_main_subject() {
    let doc = analyse(
        "John Smith spoke on Tuesday about the death of a man in Anchorage, Alaska, \
         arguing that the killing was “intolerable.”",
    );
    assert_eq!(speaker_of(&doc, "intolerable"), ["John Smith"]);
    // Also past a person the sentence is about.
    let doc = analyse("John Smith spoke about Maria Lopez, saying she was “a friend.”");
    assert_eq!(speaker_of(&doc, "a friend"), ["John Smith"]);
}

#[test]
fn a_spokesman_for_a_body_after_the_quotation_is_its_speaker() {
    let doc = analyse(
        "Maria Lopez spoke first. “We will win,” a spokesman for the ministry said on Monday.",
    );
    let q = direct(&doc)
        .into_iter()
        .find(|q| doc.slice(q.span).starts_with("We will win"))
        .unwrap();
    assert!(q.speakers.is_empty(), "{:?}", q.speakers);
    assert_eq!(
        q.speaker_description.as_deref(),
        Some("a spokesman for the ministry")
    );
    assert_eq!(q.cue_lemma.as_deref(), Some("say"));
}

#[test]
fn a_name_after_a_post_and_a_comma_is_the_speaker_not_the_place_of_the_post() {
    let doc = analyse(
        "The governor of Kherson, Oleksandr Prokudin, said that two people were killed in \
         the shelling overnight.",
    );
    assert_eq!(speaker_of(&doc, "two people"), ["Oleksandr Prokudin"]);
    let doc =
        analyse("His campaign manager, Jeff Weaver, said that the senator would stay in the race.");
    assert_eq!(speaker_of(&doc, "stay in the race"), ["Jeff Weaver"]);
    // A person named inside a description after the speaker's name only says whose.
    let doc = analyse(
        "Former governor Jan Brewer, an early supporter of Donald Trump, said that security \
         mattered most to voters.",
    );
    let brewer = speaker_of(&doc, "security");
    assert!(
        brewer.len() == 1 && brewer[0].ends_with("Jan Brewer"),
        "{brewer:?}"
    );
}

#[test]
fn the_one_body_of_its_kind_is_the_speaker_its_head_noun_names() {
    // "the ministry" after the quotation: the one ministry the story names.
    let doc = analyse(
        "The Foreign Ministry on Tuesday repeated its call. “We need air defence now,” the \
         ministry said in a statement.",
    );
    assert_eq!(speaker_of(&doc, "air defence"), ["Foreign Ministry"]);
    // Two ministries: "the ministry" is neither.
    let doc = analyse(
        "The Foreign Ministry and the Defence Ministry met. “We need air defence now,” the \
         ministry said in a statement.",
    );
    assert!(speaker_of(&doc, "air defence").is_empty());
    // The body, not the country that owns it.
    let doc = analyse("Ukraine's Defence Ministry said that 14 drones were shot down overnight.");
    assert_eq!(speaker_of(&doc, "14 drones"), ["Defence Ministry"]);
}

#[test]
fn hyphenated_modifiers_belong_to_the_speaker_and_a_day_never_speaks() {
    let doc = analyse(
        "“We will lose the Senate,” said Idaho nutritional-supplement executive Frank Lomax. \
         Analysts agreed. Monday's speech represents “a test” of the party, they wrote.",
    );
    assert_eq!(speaker_of(&doc, "lose the Senate"), ["Frank Lomax"]);
    assert!(
        !speaker_of(&doc, "a test").iter().any(|s| s == "Monday"),
        "{:?}",
        speaker_of(&doc, "a test")
    );
}

#[test]
fn words_said_about_a_speech_noun_are_the_reporting_subject_s() {
    // The quotation says something about the tweet or the remarks: the subject of the verb
    // that reports it speaks, not the owner of the noun.
    let doc = analyse(
        "Maria Lopez said John Smith's tweet about the vote was only “to mock” the mayor. \
         Ann Reyes, a senior adviser to the campaign, called John Smith's remarks on \
         Saturday “a wake-up call” for voters.",
    );
    assert_eq!(speaker_of(&doc, "to mock"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "wake-up call"), ["Ann Reyes"]);
    // The noun's content stays its owner's.
    let doc = analyse("Maria Lopez said John Smith's claim that “the vote was rigged” is false.");
    assert_eq!(speaker_of(&doc, "vote was rigged"), ["John Smith"]);
    let doc = analyse("Maria Lopez noted John Smith's remark: “We will win the vote.”");
    assert_eq!(speaker_of(&doc, "win the vote"), ["John Smith"]);
}

#[test]
fn a_name_that_says_whose_is_not_the_subject() {
    let doc = analyse(
        "John Smith's campaign manager Maria Lopez spoke on Monday, arguing that the mayor \
         “lied to voters.” Smith campaign manager Maria Lopez told reporters that the \
         campaign expects the moderator to intervene by calling out the mayor for his \
         supposed “lies.”",
    );
    assert_eq!(speaker_of(&doc, "lied to voters"), ["Maria Lopez"]);
    assert_eq!(speaker_of(&doc, "lies"), ["Maria Lopez"]);
}

#[test]
fn the_subject_before_a_chain_of_appositions_speaks() {
    let doc = analyse(
        "Prime Minister Ann Reyes spoke first. Pierre Dumont, the foreign minister of France, \
         a permanent member of the council, said the test was a “provocation.” Tom Walker, \
         a 55-year-old salesman from Anchorage, Alaska, says the senator will “leave here \
         with momentum.”",
    );
    assert_eq!(speaker_of(&doc, "provocation"), ["Pierre Dumont"]);
    assert_eq!(speaker_of(&doc, "momentum"), ["Tom Walker"]);
    // A name in parentheses opening the clause, past an adverbial; not one inside a
    // relative clause.
    let doc = analyse(
        "Senate leader Harry Reid (D-Nev.), in particular, has been steadily pounding the \
         mayor as a “con artist” in speeches. Marty West, a professor who once worked for \
         Sen. Lamar Alexander (R-Tenn.), one of the bill's authors, called it “significant.”",
    );
    assert_eq!(speaker_of(&doc, "con artist"), ["Harry Reid"]);
    assert_eq!(speaker_of(&doc, "significant"), ["Marty West"]);
}

#[test]
fn a_verb_joined_by_and_shares_the_first_subject() {
    let doc = analyse(
        "Varrow Watch claimed Maria Lopez's figures were “misleading” and concluded her \
         comments were “mostly false.”",
    );
    assert_eq!(speaker_of(&doc, "misleading"), ["Varrow Watch"]);
    assert_eq!(speaker_of(&doc, "mostly false"), ["Varrow Watch"]);
}

#[test]
fn a_nationality_word_that_is_a_person_s_family_name_is_the_person() {
    let doc = analyse(
        "Ms. Maria German, the singer, spoke on Sunday. “It is too early to tell,” German said. \
         German voters were not asked.",
    );
    assert_eq!(speaker_of(&doc, "too early"), ["Maria German"]);
    // Before a noun it is the nationality still.
    let german = doc
        .entities
        .iter()
        .filter(|e| doc.slice(e.span) == "German")
        .map(|e| e.label)
        .collect::<Vec<_>>();
    assert_eq!(german, [EntityLabel::Person, EntityLabel::Norp]);
}

#[test]
fn retorts_and_possessive_descriptions_after_the_quotation() {
    let doc = analyse(
        "Maria Lopez looked at the crowd. “Look at them all,” she said. “They are here for \
         the free food,” John Smith shot back. “It will pass,” his aide Tom Walker added.",
    );
    assert_eq!(speaker_of(&doc, "free food"), ["John Smith"]);
    assert_eq!(speaker_of(&doc, "It will pass"), ["Tom Walker"]);
    let doc = analyse("First, John Smith identified the judge as “biased,” aides said.");
    assert_eq!(speaker_of(&doc, "biased"), ["John Smith"]);
}

#[test]
fn a_body_named_with_a_post_gives_way_to_the_person() {
    let doc = analyse(
        "Tom Walker, chairman of the board of Varrow Watch, the group's funding arm, said it \
         would act only if “the public asks for it.” “We will see,” said Albany ranking \
         Democrat John Smith (D-Md.).",
    );
    assert_eq!(speaker_of(&doc, "the public asks"), ["Tom Walker"]);
    assert_eq!(speaker_of(&doc, "We will see"), ["John Smith"]);
}

#[test]
fn a_quotation_standing_alone_after_a_sentence_about_a_person_is_theirs() {
    let doc = analyse(
        "The vote is on Monday.\n\nJohn Smith distanced himself from the plan by saying he \
         would help if asked. “I'm going to support it, and support it enthusiastically.”\n\n\
         When I began to speak I saw Maria Lopez's surprise. “Explain why you are here.”",
    );
    assert_eq!(speaker_of(&doc, "support it"), ["John Smith"]);
    // Not a person the sentence only mentions.
    assert!(
        speaker_of(&doc, "Explain why").is_empty(),
        "{:?}",
        speaker_of(&doc, "Explain why")
    );
}
