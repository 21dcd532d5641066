//! Verb frames from the dependency parse (`dep::frames`): for sentences written for these
//! tests, the subject, objects, prepositional phrases, agent and voice of each verb group
//! as the parse gives them, where the chunker's positional rules get them wrong or cannot
//! see them. Needs both models (`scripts/fetch-syntax.sh`); without them each test says it
//! was skipped.

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use dateline_syntax::dep::frames::relate;
use dateline_syntax::{Chunks, DepParser, Voice, chunk};

fn parser(test: &str) -> Option<&'static DepParser> {
    static P: OnceLock<Option<DepParser>> = OnceLock::new();
    let p = P.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dateline_syntax::dep::DEFAULT_DEP_MODEL);
        DepParser::load(&dir).ok()
    });
    if p.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "{test}: SKIPPED, no parser model (scripts/fetch-syntax.sh)"
        );
    }
    p.as_ref()
}

/// Words split on spaces (punctuation written apart), chunked on the parser's tags, with
/// the frames from its parse.
fn frames(p: &DepParser, sentence: &str) -> (Vec<String>, Chunks) {
    let words: Vec<String> = sentence.split(' ').map(String::from).collect();
    let spaces: Vec<bool> = (0..words.len())
        .map(|i| {
            words
                .get(i + 1)
                .is_some_and(|n| !matches!(n.as_str(), "." | "," | "'s" | "n't"))
        })
        .collect();
    let parse = p.parse(&words, &spaces);
    let tags: Vec<_> = parse.tags.iter().map(|&t| p.penn_tag(t)).collect();
    let mut chunks = chunk(&words, &tags);
    relate(&mut chunks, &parse, p, &words);
    (words, chunks)
}

/// The frame of the verb group headed by `verb`: "subj=…; obj=…; preps=…; agent=…; voice".
fn frame(p: &DepParser, sentence: &str, verb: &str) -> String {
    let (words, chunks) = frames(p, sentence);
    let text = |c: usize| words[chunks.chunks[c].tokens.clone()].join(" ");
    let vg = chunks
        .verbs
        .iter()
        .find(|vg| words[vg.head] == verb)
        .unwrap_or_else(|| panic!("no verb group headed by {verb:?} in {sentence:?}"));
    let list = |cs: &[usize]| cs.iter().map(|&c| text(c)).collect::<Vec<_>>().join(" + ");
    format!(
        "subj={}; obj={}; preps={}; agent={}; {}",
        list(&vg.subjects),
        list(&vg.objects),
        vg.preps
            .iter()
            .map(|pp| format!("{} {}", text(pp.prep), text(pp.object)))
            .collect::<Vec<_>>()
            .join(" + "),
        vg.agent.map(text).unwrap_or_default(),
        if vg.voice == Voice::Passive {
            "passive"
        } else {
            "active"
        }
    )
}

#[test]
fn subjects_across_clauses() {
    let Some(p) = parser("subjects_across_clauses") else {
        return;
    };
    // A clause inside the subject: the chunker takes the nearest noun phrase ("the
    // embassy") as the subject of "was arrested".
    assert_eq!(
        frame(
            p,
            "Police said the man who attacked the embassy was arrested on Friday .",
            "arrested"
        ),
        "subj=the man; obj=; preps=on Friday; agent=; passive"
    );
    assert_eq!(
        frame(
            p,
            "Police said the man who attacked the embassy was arrested on Friday .",
            "attacked"
        ),
        "subj=the man; obj=the embassy; preps=; agent=; active"
    );
    // A participle clause inside the subject.
    assert_eq!(
        frame(
            p,
            "A convoy carrying aid to Gaza was hit by an Israeli strike .",
            "hit"
        ),
        "subj=A convoy; obj=; preps=by an Israeli strike; agent=an Israeli strike; passive"
    );
    // Prepositional phrases inside the subject.
    assert_eq!(
        frame(
            p,
            "The talks in Geneva between Iran and the powers ended without a deal .",
            "ended"
        ),
        "subj=The talks; obj=; preps=without a deal; agent=; active"
    );
    // A relative clause with its own subject: its object is the noun it modifies, and the
    // main verb's subject is that noun.
    assert_eq!(
        frame(
            p,
            "The troops that Chad sent to Mali withdrew on Sunday .",
            "withdrew"
        ),
        "subj=The troops; obj=; preps=on Sunday; agent=; active"
    );
    let sent = frame(
        p,
        "The troops that Chad sent to Mali withdrew on Sunday .",
        "sent",
    );
    assert!(sent.contains("obj=The troops; preps=to Mali"), "{sent}");
}

#[test]
fn objects_and_attachment() {
    let Some(p) = parser("objects_and_attachment") else {
        return;
    };
    // A participle modifying the object does not hide it.
    assert_eq!(
        frame(
            p,
            "Germany expelled two diplomats accused of spying for Russia .",
            "expelled"
        ),
        "subj=Germany; obj=two diplomats; preps=; agent=; active"
    );
    // "in Cairo" belongs to the embassy, not to the condemning.
    assert_eq!(
        frame(
            p,
            "Egypt condemned the attack on the Israeli embassy in Cairo .",
            "condemned"
        ),
        "subj=Egypt; obj=the attack; preps=on the Israeli embassy; agent=; active"
    );
    // "to Iran" hangs from the verb as its dative.
    assert_eq!(
        frame(p, "Russia gave weapons to Iran .", "gave"),
        "subj=Russia; obj=weapons; preps=to Iran; agent=; active"
    );
}
