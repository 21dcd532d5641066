//! Tone and substance on invented news text, with a hand-written eight-word lexicon
//! (`tests/fixtures/lexicon.txt`, VADER's format) and the fixture knowledge base, so that
//! no download is needed.

use dateline_doc::{Doc, Layer, Metadata, Published, Statement, Tone};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use dateline_tone::{SubstanceScorer, ToneLexicon, ToneScorer};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn lexicon() -> ToneLexicon {
    ToneLexicon::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lexicon.txt"))
        .unwrap()
}

fn analyse(text: &str) -> Doc {
    static PARTS: OnceLock<(Pipeline, ToneScorer, SubstanceScorer)> = OnceLock::new();
    let (pipeline, tone, substance) = PARTS.get_or_init(|| {
        let resources = Resources::with_kb(Arc::new(Kb::fixture()));
        (
            Pipeline::for_layers(
                &[Layer::Quotes, Layer::Times, Layer::Places, Layer::Amounts],
                &resources,
            )
            .unwrap(),
            ToneScorer::new(lexicon()),
            SubstanceScorer::new(),
        )
    });
    let mut meta = Metadata::with_id("t");
    meta.published = Some(Published::parse("2025-08-16").unwrap());
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    pipeline.run(&mut doc);
    tone.run(&mut doc);
    substance.run(&mut doc);
    doc
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn gdelt_fields_per_document_and_sentence() {
    // 5 words + 5 words; "good" positive in the first sentence, "bad" and "war" negative in
    // the second.
    let doc = analyse("The talks were good today. Bad news from the war.");
    assert!(doc.has_layer(Layer::Tone));
    let tone = doc.tone.as_ref().unwrap();
    let d = tone.document;
    assert_eq!(d.word_count, 10);
    assert!(close(d.positive, 10.0), "{d:?}");
    assert!(close(d.negative, 20.0), "{d:?}");
    assert!(close(d.tone, -10.0), "{d:?}");
    assert!(close(d.polarity, 30.0), "{d:?}");
    assert_eq!(tone.sentences.len(), 2);
    let (s0, s1) = (tone.sentences[0].1, tone.sentences[1].1);
    assert_eq!((s0.word_count, s1.word_count), (5, 5));
    assert!(
        close(s0.tone, 20.0) && close(s1.tone, -40.0),
        "{s0:?} {s1:?}"
    );
    let words: Vec<&str> = tone.words.iter().map(|w| doc.slice(w.0)).collect();
    assert_eq!(words, ["good", "Bad", "war"]);
}

#[test]
fn negation_and_intensifiers() {
    let doc = analyse("The talks were not good. The talks were very good. No war.");
    let tone = doc.tone.as_ref().unwrap();
    let rules: Vec<(&str, &str)> = tone.words.iter().map(|w| (doc.slice(w.0), w.2)).collect();
    // "No" is a negator, not a negative word; "war" after it is negated.
    assert_eq!(
        rules,
        [
            ("good", Tone::NEGATED),
            ("good", Tone::BOOSTED),
            ("war", Tone::NEGATED)
        ]
    );
    assert!(tone.words[0].1 < 0.0 && tone.words[2].1 > 0.0);
    let s = &tone.sentences;
    assert!(s[0].1.tone < 0.0, "not good is negative: {:?}", s[0].1);
    // 5 words, one positive word with weight 1.3.
    assert!(close(s[1].1.positive, 26.0), "{:?}", s[1].1);
    // The comma closes the negation: "bad" stays negative.
    let doc = analyse("There was no agreement, and bad news followed.");
    let tone = doc.tone.as_ref().unwrap();
    assert_eq!(tone.words.len(), 1);
    assert_eq!(tone.words[0].2, Tone::LEXICON);
    assert!(tone.words[0].1 < 0.0);
}

#[test]
fn names_and_function_words_are_not_scored() {
    let doc = analyse("The United States looks like a partner.");
    let tone = doc.tone.as_ref().unwrap();
    assert!(
        tone.words.is_empty(),
        "{:?}",
        tone.words
            .iter()
            .map(|w| doc.slice(w.0))
            .collect::<Vec<_>>()
    );
    assert_eq!(tone.document.polarity, 0.0);
}

#[test]
fn activity_and_self_group_density() {
    // 8 words: "attacked", "withdrew" are actions; "We", "our" self/group references.
    let doc = analyse("We attacked the town and withdrew our troops.");
    let d = doc.tone.as_ref().unwrap().document;
    assert_eq!(d.word_count, 8);
    assert!(close(d.activity_density, 25.0), "{d:?}");
    assert!(close(d.self_group_density, 25.0), "{d:?}");
}

#[test]
fn empty_and_unsegmented_documents_score_zero() {
    let lexicon = lexicon();
    let mut doc = Doc::new(Metadata::with_id("e"), "…".into()).unwrap();
    ToneScorer::new(lexicon).run(&mut doc);
    let tone = doc.tone.as_ref().unwrap();
    assert_eq!(tone.document.word_count, 0);
    assert_eq!(tone.document.tone, 0.0);
    assert!(tone.sentences.is_empty());
}

fn statement<'a>(doc: &'a Doc, words: &str) -> &'a Statement {
    let s = doc.substance.as_ref().unwrap();
    s.statements
        .iter()
        .find(|st| st.parts.iter().any(|p| doc.slice(*p).contains(words)))
        .unwrap_or_else(|| {
            let all: Vec<String> = s
                .statements
                .iter()
                .map(|st| {
                    format!(
                        "{:?}",
                        st.parts.iter().map(|p| doc.slice(*p)).collect::<Vec<_>>()
                    )
                })
                .collect();
            panic!("no statement with {words:?} in {all:?}")
        })
}

fn evidence<'a>(doc: &'a Doc, st: &Statement, what: &str) -> Vec<&'a str> {
    st.evidence
        .iter()
        .filter(|(_, w)| *w == what)
        .map(|(s, _)| doc.slice(*s))
        .collect()
}

#[test]
fn concrete_vague_and_hedged_statements() {
    let doc = analyse(
        "Maria Lopez, the foreign minister, spoke in Paris on Friday.\n\n\
         “We will sign the treaty in Kyiv on March 3,” Lopez said.\n\n\
         “The talks were extremely productive and we found shared understandings,” Lopez said.\n\n\
         “We might withdraw some troops,” Lopez said.\n\n\
         “There is no deal until there is a deal,” Lopez said.",
    );
    assert!(doc.has_layer(Layer::Substance));
    let s = doc.substance.as_ref().unwrap();
    assert_eq!(s.statements.len(), 4, "{:?}", s.statements);

    let sign = statement(&doc, "sign the treaty");
    assert_eq!(sign.class, Statement::CONCRETE, "{sign:?}");
    // "Kyiv" is a GPE entity as well as a place.
    assert_eq!(evidence(&doc, sign, Statement::EV_ACTOR), ["We", "Kyiv"]);
    assert_eq!(evidence(&doc, sign, Statement::EV_ACTION), ["sign"]);
    assert_eq!(evidence(&doc, sign, Statement::EV_MECHANISM), ["treaty"]);
    assert_eq!(evidence(&doc, sign, Statement::EV_PLACE), ["Kyiv"]);
    assert_eq!(evidence(&doc, sign, Statement::EV_DATE), ["March 3"]);
    assert_eq!(sign.speakers, ["Maria Lopez"]);

    let talks = statement(&doc, "extremely productive");
    assert_eq!(talks.class, Statement::VAGUE);
    assert_eq!(talks.reason, "evaluation only");
    assert_eq!(
        evidence(&doc, talks, Statement::EV_EVALUATION),
        ["productive", "shared understandings"]
    );

    let hedge = statement(&doc, "might withdraw");
    assert_eq!(hedge.class, Statement::HEDGE);
    assert_eq!(evidence(&doc, hedge, Statement::EV_HEDGE), ["might"]);

    let deal = statement(&doc, "no deal");
    assert_eq!(deal.class, Statement::VAGUE);
    assert_eq!(deal.reason, "denies a commitment");
    assert_eq!(evidence(&doc, deal, Statement::EV_NEGATED), ["deal"]);

    assert_eq!((s.concrete, s.vague, s.hedged), (1, 2, 1));
    assert!(close(s.ratio, 0.25), "{}", s.ratio);
}

#[test]
fn may_the_month_is_not_a_hedge() {
    let doc = analyse("“Russia will withdraw its troops from Kyiv in May,” Lopez said.");
    let st = statement(&doc, "withdraw");
    assert_eq!(st.class, Statement::CONCRETE, "{st:?}");
}

#[test]
fn no_statements_gives_ratio_zero() {
    let doc = analyse("Talks ended in Paris on Friday. Nobody spoke.");
    let s = doc.substance.as_ref().unwrap();
    assert!(s.statements.is_empty());
    assert_eq!(s.ratio, 0.0);
}

#[test]
fn json_shape_of_both_layers() {
    let doc = analyse("“We will sign the treaty in Kyiv on March 3,” Lopez said. It was good.");
    let mut out = Vec::new();
    dateline_doc::json::to_writer(&mut out, &doc, &[Layer::Tone, Layer::Substance], false).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for key in [
        "tone",
        "positive",
        "negative",
        "polarity",
        "activity_density",
        "self_group_density",
        "word_count",
        "sentences",
        "words",
    ] {
        assert!(
            v["tone"].get(key).is_some(),
            "tone.{key} missing: {}",
            v["tone"]
        );
    }
    assert_eq!(v["tone"]["component"], "tone");
    assert_eq!(v["provenance"]["substance"]["component"], "substance");
    let st = &v["substance"]["statements"][0];
    assert_eq!(st["class"], "concrete");
    assert_eq!(v["substance"]["ratio"], 1.0);
    // Character offsets: the statement starts after the opening quotation mark.
    assert_eq!(st["start"], 1);
    assert!(
        st["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["what"] == "date")
    );
}

#[test]
fn crowded_and_nested_input_in_bounded_time() {
    let crowd: Vec<String> = (0..20).map(|i| format!("Minister Number{i}")).collect();
    let nested = "“He said ‘she said “they said ‘we will sign the treaty’ ” ’ ” yes,” Lopez said. "
        .repeat(50);
    let text = format!(
        "{} met in Paris. {} {}",
        crowd.join(", "),
        nested,
        "good bad war peace ".repeat(2000)
    );
    let t0 = Instant::now();
    let doc = analyse(&text);
    assert!(t0.elapsed() < Duration::from_secs(20));
    let s = doc.substance.as_ref().unwrap();
    assert!((0.0..=1.0).contains(&s.ratio));
    assert!(doc.tone.as_ref().unwrap().document.word_count > 8000);
}
