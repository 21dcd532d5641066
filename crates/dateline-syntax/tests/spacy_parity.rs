//! The dependency parser agrees with spaCy on spaCy's own tokens.
//!
//! `tests/data/spacy-3.8-sm-reference.jsonl` holds 40 sentences written for this test, each
//! with the words, spaces, tags, heads and labels that Python spaCy 3.8 with
//! `en_core_web_sm` 3.8.0 gave them (made once at development time; CI has no Python spaCy).
//! The port must reproduce every tag, head and label. A wrong hash, feature, layer or move
//! changes some of them, so this is the check that the model is read and run as trained.
//!
//! `$DATELINE_SPACY_REF` names a further reference file of the same shape (optionally with
//! `t2v`, spaCy's token vectors), for measuring agreement on more text at development time.
//! Without the model (`scripts/fetch-syntax.sh`) the tests say they were skipped.

use std::io::Write;
use std::path::{Path, PathBuf};

use dateline_syntax::DepParser;

fn checkout(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn parser(test: &str) -> Option<DepParser> {
    let dir = checkout("../../").join(dateline_syntax::dep::DEFAULT_DEP_MODEL);
    match DepParser::load(&dir) {
        Ok(p) => Some(p),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{test}: SKIPPED: {e}");
            None
        }
    }
}

/// Agreement counts over a reference file.
#[derive(Debug, Default)]
struct Agreement {
    texts: usize,
    identical: usize,
    words: usize,
    tags: usize,
    heads: usize,
    labelled: usize,
    max_vector_delta: f32,
    first_difference: Option<String>,
}

fn compare(parser: &DepParser, reference: &str) -> Agreement {
    let mut a = Agreement::default();
    for line in reference.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let strings = |key: &str| -> Vec<String> {
            rec[key]
                .as_array()
                .expect(key)
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        };
        let words = strings("words");
        let spaces: Vec<bool> = rec["spaces"]
            .as_array()
            .expect("spaces")
            .iter()
            .map(|v| v.as_bool().unwrap_or(true))
            .collect();
        let tags = strings("tags");
        let deps = strings("deps");
        let heads: Vec<usize> = rec["heads"]
            .as_array()
            .expect("heads")
            .iter()
            .map(|v| v.as_u64().unwrap_or(0) as usize)
            .collect();
        if let Some(t2v) = rec.get("t2v").and_then(|v| v.as_array()) {
            let vectors = parser.token_vectors(&words, &spaces);
            for (t, row) in t2v.iter().enumerate() {
                for (k, v) in row.as_array().into_iter().flatten().enumerate() {
                    let d = (v.as_f64().unwrap_or(0.0) as f32 - vectors.row(t)[k]).abs();
                    a.max_vector_delta = a.max_vector_delta.max(d);
                }
            }
        }
        let parse = parser.parse(&words, &spaces);
        let mut same = true;
        for i in 0..words.len() {
            a.words += 1;
            let tag_ok = parser.tag_name(parse.tags[i]) == tags[i];
            let head_ok = parse.heads[i] == heads[i];
            let label_ok = head_ok && parser.label_name(parse.labels[i]) == deps[i];
            a.tags += usize::from(tag_ok);
            a.heads += usize::from(head_ok);
            a.labelled += usize::from(label_ok);
            if !(tag_ok && label_ok) {
                same = false;
                a.first_difference.get_or_insert_with(|| {
                    format!(
                        "{:?}, word {i} {:?}: ours {} -> {} {}, spaCy's {} -> {} {}",
                        words.join(" "),
                        words[i],
                        parser.tag_name(parse.tags[i]),
                        parse.heads[i],
                        parser.label_name(parse.labels[i]),
                        tags[i],
                        heads[i],
                        deps[i]
                    )
                });
            }
        }
        a.texts += 1;
        a.identical += usize::from(same);
    }
    a
}

#[test]
fn every_tag_head_and_label_is_spacys() {
    let Some(parser) = parser("every_tag_head_and_label_is_spacys") else {
        return;
    };
    let reference = std::fs::read_to_string(checkout("tests/data/spacy-3.8-sm-reference.jsonl"))
        .expect("the committed reference");
    let a = compare(&parser, &reference);
    assert_eq!(a.texts, 40);
    assert_eq!(
        a.identical, a.texts,
        "first difference: {:?}",
        a.first_difference
    );
}

#[test]
fn agreement_on_a_reference_from_the_environment() {
    let Ok(path) = std::env::var("DATELINE_SPACY_REF") else {
        return;
    };
    let Some(parser) = parser("agreement_on_a_reference_from_the_environment") else {
        return;
    };
    let reference = std::fs::read_to_string(&path).expect("the reference file");
    let a = compare(&parser, &reference);
    let pct = |n: usize| 100.0 * n as f64 / a.words.max(1) as f64;
    let _ = writeln!(
        std::io::stderr(),
        "{} texts, {} words: tags {:.2}%, heads {:.2}%, heads and labels {:.2}%, identical texts {}; largest token-vector difference {:.5}; first difference: {:?}",
        a.texts,
        a.words,
        pct(a.tags),
        pct(a.heads),
        pct(a.labelled),
        a.identical,
        a.max_vector_delta,
        a.first_difference
    );
    assert!(pct(a.tags) > 99.0 && pct(a.heads) > 98.0);
}
