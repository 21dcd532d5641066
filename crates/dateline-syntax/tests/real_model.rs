//! Checks against the real model built by `scripts/fetch-syntax.sh`. The model is a
//! download, so on a machine without it each test says so on stderr and passes without
//! checking anything; with it, they check the model's size, a few sentences' tags (as
//! textblob-aptagger's Python code gives them for the same tokens) and their chunks.
//!
//! `cargo test -p dateline-syntax --test real_model -- --nocapture`

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use dateline_doc::{Doc, Metadata};
use dateline_syntax::{
    Chunks, DEFAULT_MODEL, ModelStats, Tagger, Voice, analyze_doc, segments, sentence_words,
};

fn model(test: &str) -> Option<Tagger> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(DEFAULT_MODEL);
    if !path.exists() {
        // Straight to the stderr handle: libtest captures `eprintln!`, and a skip must show.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: SKIPPED, no model at {} (build it with scripts/fetch-syntax.sh)",
            path.display()
        );
        return None;
    }
    let t = Instant::now();
    let tagger = Tagger::load(&path).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "loaded {} in {:.1} ms",
        path.display(),
        t.elapsed().as_secs_f64() * 1e3
    );
    Some(tagger)
}

fn doc(text: &str) -> Doc {
    let mut d = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
    dateline_text::segment(&mut d);
    d
}

/// "Germany/NNP lodged/VBD …" for the first sentence of `text`.
fn tagged(t: &Tagger, text: &str) -> String {
    let d = doc(text);
    let s = analyze_doc(t, &d);
    let r = segments(&d)[0].clone();
    let mut words = Vec::new();
    sentence_words(&d, r.clone(), &mut words);
    words
        .iter()
        .zip(&s.tags[r])
        .map(|(w, t)| format!("{w}/{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn brackets(words: &[&str], c: &Chunks) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(ch) = c.chunks.iter().find(|ch| ch.tokens.start == i) {
            out.push(format!(
                "[{} {}]",
                ch.kind.as_str(),
                words[ch.tokens.clone()].join(" ")
            ));
            i = ch.tokens.end;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    out.join(" ")
}

/// Chunks, then each verb group as "subjects | head voice | objects | preps | agent".
fn analysis(t: &Tagger, text: &str) -> Vec<String> {
    let d = doc(text);
    let s = analyze_doc(t, &d);
    let sent = &s.sentences[0];
    let mut words = Vec::new();
    sentence_words(&d, sent.tokens.clone(), &mut words);
    let c = &sent.chunks;
    let span = |k: usize| words[c.chunks[k].tokens.clone()].join(" ");
    let list = |ks: &[usize]| {
        let s = ks.iter().map(|&k| span(k)).collect::<Vec<_>>().join(" + ");
        if s.is_empty() { "-".to_string() } else { s }
    };
    let mut out = vec![brackets(&words, c)];
    for v in &c.verbs {
        let preps = v
            .preps
            .iter()
            .map(|p| format!("{} {}", span(p.prep), span(p.object)))
            .collect::<Vec<_>>()
            .join("; ");
        out.push(format!(
            "{} | {}{}{}{} | {} | {} | {}",
            list(&v.subjects),
            words[v.head],
            if v.voice == Voice::Passive {
                " (passive)"
            } else {
                ""
            },
            if v.is_negated() { " (negated)" } else { "" },
            if v.is_hypothetical() {
                " (hypothetical)"
            } else {
                ""
            },
            list(&v.objects),
            if preps.is_empty() { "-" } else { &preps },
            v.agent.map_or("-".to_string(), span),
        ));
    }
    out
}

#[test]
fn the_model_is_textblob_aptagger_0_2_0() {
    let Some(t) = model("the_model_is_textblob_aptagger_0_2_0") else {
        return;
    };
    // The pickle has 94,208 features; six of them have no weights left after averaging
    // and are not stored.
    assert_eq!(
        t.stats(),
        ModelStats {
            classes: 45,
            tagdict: 2604,
            features: 94_202,
            weights: 374_698
        }
    );
}

#[test]
fn tags_match_the_reference() {
    let Some(t) = model("tags_match_the_reference") else {
        return;
    };
    // Expected: textblob-aptagger's own `PerceptronTagger.tag` on the same tokens
    // (tools/parity.py).
    for (text, want) in [
        (
            "Germany lodged a protest against Turkey.",
            "Germany/NNP lodged/VBD a/DT protest/NN against/IN Turkey/NNP ./.",
        ),
        (
            "The embassy was attacked by gunmen.",
            "The/DT embassy/NN was/VBD attacked/VBN by/IN gunmen/NNS ./.",
        ),
        (
            "Kenyan police clashed with somali traders in the market",
            "Kenyan/JJ police/NNS clashed/VBD with/IN somali/JJ traders/NNS in/IN the/DT market/NN",
        ),
        (
            "“We will not negotiate,” the rebels said.",
            "``/`` We/PRP will/MD not/RB negotiate/VB ,/, ''/'' the/DT rebels/NNS said/VBD ./.",
        ),
        (
            "Coast guard ships fired water cannon at the supply boats.",
            "Coast/NNP guard/NN ships/NNS fired/VBD water/NN cannon/NN at/IN the/DT supply/NN boats/NNS ./.",
        ),
    ] {
        assert_eq!(tagged(&t, text), want, "{text}");
    }
}

#[test]
fn issue_12_sentences_end_to_end() {
    let Some(t) = model("issue_12_sentences_end_to_end") else {
        return;
    };
    let cases: &[(&str, &[&str])] = &[
        (
            "Germany lodged a protest against Turkey.",
            &[
                "[NP Germany] [VP lodged] [NP a protest] [PP against] [NP Turkey] .",
                "Germany | lodged | a protest | against Turkey | -",
            ],
        ),
        (
            "The embassy was attacked by gunmen.",
            &[
                "[NP The embassy] [VP was attacked] [PP by] [NP gunmen] .",
                "The embassy | attacked (passive) | - | by gunmen | gunmen",
            ],
        ),
        (
            "Kenyan police clashed with somali traders in the market",
            &[
                "[NP Kenyan police] [VP clashed] [PP with] [NP somali traders] [PP in] [NP the market]",
                "Kenyan police | clashed | - | with somali traders; in the market | -",
            ],
        ),
        (
            "Merkel ordered an inquiry into the Iranian shipments",
            &[
                "[NP Merkel] [VP ordered] [NP an inquiry] [PP into] [NP the Iranian shipments]",
                "Merkel | ordered | an inquiry | into the Iranian shipments | -",
            ],
        ),
        (
            "iranian officials condemned the raid",
            &[
                "[NP iranian officials] [VP condemned] [NP the raid]",
                "iranian officials | condemned | the raid | - | -",
            ],
        ),
        (
            "Russia threatened to impose sanctions on Ukraine.",
            &[
                "[NP Russia] [VP threatened to impose] [NP sanctions] [PP on] [NP Ukraine] .",
                "Russia | impose | sanctions | on Ukraine | -",
            ],
        ),
        (
            "The talks could not resume until the ceasefire was restored.",
            &[
                "[NP The talks] [VP could not resume] until [NP the ceasefire] [VP was restored] .",
                "The talks | resume (negated) (hypothetical) | - | - | -",
                "the ceasefire | restored (passive) | - | - | -",
            ],
        ),
        (
            "The minister, who was attacked by protesters, resigned on Monday.",
            &[
                "[NP The minister] , [NP who] [VP was attacked] [PP by] [NP protesters] , [VP resigned] [PP on] [NP Monday] .",
                "The minister | attacked (passive) | - | by protesters | protesters",
                "The minister | resigned | - | on Monday | -",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (text, want) in cases {
        let got = analysis(&t, text);
        if got != *want {
            wrong.push(format!("{text}\n  got  {got:#?}\n  want {want:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
