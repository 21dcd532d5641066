//! The PETRARCH2 dictionary readers: format samples written here, and the vendored files in
//! `data/petrarch2/` (counts, known entries, every skipped line explained, parse time).

use std::time::Instant;

use dateline_petrarch::actors::{ActorDictionary, DateSpan};
use dateline_petrarch::agents::{AgentDictionary, Placement};
use dateline_petrarch::verbs::{Element, PatternCode, VerbDictionary};
use dateline_petrarch::{Date, LineError};

const CAMEO: &str = include_str!("../../../data/petrarch2/CAMEO.2.0.txt");
const COUNTRIES: &str = include_str!("../../../data/petrarch2/Phoenix.Countries.actors.txt");
const INTERNATIONAL: &str =
    include_str!("../../../data/petrarch2/Phoenix.International.actors.txt");
const MILNONSTATE: &str = include_str!("../../../data/petrarch2/Phoenix.MilNonState.actors.txt");
const AGENTS: &str = include_str!("../../../data/petrarch2/Phoenix.agents.txt");

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn w(s: &str) -> Element {
    Element::Word(s.to_string())
}

const VERB_SAMPLE: &str = "\
# comment
&CURRENCY
+DOLLAR
+CASH_
+SWISS FRANC

&AUXVERB1_
+WAS

--- ACCELERATE [---] ---
ACCELERATE
HURRY {HURRIES HURRYING HURRIED }
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
WIRE_+TAP
GRILL [110]   # a note
- * (TO)                        [042:043]     # RUSH
- * {FIGHTER &CURRENCY} (TO +)  [061]
- $ TROOP * (TO/FOR {BANNED PARTIES}) [154]
- + * {DEATH THREAT}            [:138]
- % &CURRENCY *                 [080!]
- * VENTURE (WITH VISIT)  VISIT)[042:043]    MAKE
- * &NOSUCHSET                  [020]
- * ATTACK
~ a (a b ATTACK) SAY = a b 015
";

#[test]
fn verb_format_sample() {
    let v = VerbDictionary::parse(VERB_SAMPLE);
    assert_eq!(v.synsets.len(), 2);
    let cur = v.synset("CURRENCY").unwrap();
    assert!(!cur.no_plural);
    let forms: Vec<_> = cur.phrases.iter().flat_map(|p| p.forms()).collect();
    assert_eq!(
        forms,
        [
            vec!["DOLLAR"],
            vec!["DOLLARS"],
            vec!["CASH"],
            vec!["SWISS", "FRANC"],
            vec!["SWISS", "FRANCS"]
        ]
    );
    assert!(v.synset("&auxverb1_").unwrap().no_plural);

    assert_eq!(v.blocks.len(), 1);
    let b = &v.blocks[0];
    assert_eq!(b.name, "ACCELERATE");
    assert!(b.code.is_null());
    assert_eq!(b.verbs.len(), 5);
    let accelerate = &b.verbs[0];
    assert!(!accelerate.irregular);
    let words: Vec<_> = accelerate.forms.iter().map(|f| f.verb_word()).collect();
    assert_eq!(
        words,
        ["ACCELERATE", "ACCELERATES", "ACCELERATED", "ACCELERATING"]
    );
    assert_eq!(b.verbs[1].forms.len(), 4);
    assert!(b.verbs[1].irregular);
    let ask = &b.verbs[2];
    assert_eq!(ask.lemma.words, ["ASK", "FOR"]);
    assert_eq!(ask.lemma.verb, 0);
    assert_eq!(ask.code.as_ref().unwrap().forward.as_deref(), Some("020"));
    let tap = &b.verbs[3];
    assert_eq!(
        (tap.lemma.words.clone(), tap.lemma.verb),
        (vec!["WIRE".into(), "TAP".into()], 1)
    );
    assert_eq!(tap.forms[2].words, ["WIRE", "TAPED"]); // regular rule, no doubling
    // Look-up by inflected word, with the block's or the verb's own code.
    let m: Vec<_> = v.lookup("asked").collect();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].form.words, ["ASKED", "FOR"]);
    assert_eq!(m[0].code().forward.as_deref(), Some("020"));
    assert!(v.lookup("hurried").next().unwrap().code().is_null());
    assert_eq!(
        v.lookup("GRILLS").next().unwrap().code().forward.as_deref(),
        Some("110")
    );

    let p = &b.patterns;
    assert_eq!(p.len(), 5);
    assert_eq!(p[0].before, []);
    assert_eq!(
        p[0].after,
        [Element::Prep {
            preps: vec!["TO".into()],
            objects: vec![]
        }]
    );
    assert_eq!(
        p[0].code,
        PatternCode {
            forward: Some("042".into()),
            reverse: Some("043".into()),
            flagged: false
        }
    );
    assert_eq!(p[0].comment.as_deref(), Some("RUSH"));
    assert_eq!(
        p[1].after,
        [
            Element::Phrase(vec![w("FIGHTER"), Element::Synset("&CURRENCY".into())]),
            Element::Prep {
                preps: vec!["TO".into()],
                objects: vec![Element::Target]
            },
        ]
    );
    assert_eq!(p[2].before, [Element::Source, w("TROOP")]);
    assert_eq!(
        p[2].after,
        [Element::Prep {
            preps: vec!["TO".into(), "FOR".into()],
            objects: vec![Element::Phrase(vec![w("BANNED"), w("PARTIES")])],
        }]
    );
    assert_eq!(p[3].before, [Element::Target]);
    assert_eq!(p[3].code.forward, None);
    assert_eq!(p[3].code.reverse.as_deref(), Some("138"));
    assert_eq!(
        p[4].before,
        [Element::Compound, Element::Synset("&CURRENCY".into())]
    );
    assert!(p[4].code.flagged);

    let errors: Vec<_> = v
        .skipped
        .iter()
        .map(|s| (s.line, s.error.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (21, LineError::TextAfterCode("MAKE".into())),
            (22, LineError::UnknownSynset("&NOSUCHSET".into())),
            (23, LineError::MissingCode),
        ]
    );
    assert_eq!(v.transformations.len(), 1);
    let t = &v.transformations[0];
    assert_eq!(
        (
            t.inner_verb.as_str(),
            t.verb.as_str(),
            t.result_code.as_str()
        ),
        ("ATTACK", "SAY", "015")
    );
}

const ACTOR_SAMPLE: &str = "\
# comment
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

BARACK_OBAMA
+PRESIDENT_OBAMA_
+OBAMA
\t[USAELI 780101-000101]
\t[USAGOV >090120]
JAMES_BYRNES_  ; CountryInfo.txt
\t[USAELI 18970101-450703]
\t[USAGOV 450703-470121]
OLD_KING
\t[XXXGOV <010101]
\t[XXXELI]
\t[BAD 991399-000101]
+ORPHAN_ALIAS [X] trailing
";

#[test]
fn actor_format_sample() {
    let a = ActorDictionary::parse_files(&[("sample", ACTOR_SAMPLE)]);
    assert_eq!(a.actors.len(), 4);
    assert_eq!(a.alias_count(), 4);
    let obama = a.get("barack_obama").unwrap();
    assert_eq!(obama.roles.len(), 2);
    assert_eq!(obama.roles[1].span, DateSpan::From(d("090120")));
    let m = a
        .lookup(&["President", "Obama", "said"], d("100101"))
        .unwrap();
    assert_eq!((m.len, m.code), (2, Some("USAGOV")));
    assert_eq!(a.lookup(&["Obama"], d("20050101")).unwrap().code, None);
    assert_eq!(
        a.lookup(&["Obama"], d("19990101")).unwrap().code,
        Some("USAELI")
    );
    assert_eq!(
        a.lookup(&["Obama"], d("20090120")).unwrap().code,
        Some("USAGOV")
    );
    assert_eq!(
        a.lookup(&["afghan", "troops"], d("20090120")).unwrap().code,
        Some("AFG")
    );
    assert_eq!(
        a.lookup(&["James", "Byrnes"], d("19460101")).unwrap().code,
        Some("USAGOV")
    );
    let king = a.get("OLD KING").unwrap();
    assert_eq!(king.code_on(d("20010101")), Some("XXXGOV"));
    assert_eq!(king.code_on(d("20010102")), Some("XXXELI"));
    assert!(a.lookup(&["Kabulistan"], d("20010101")).is_none());
    let errors: Vec<_> = a
        .skipped
        .iter()
        .map(|(_, s)| (s.line, s.error.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (17, LineError::BadDate("991399".into())),
            (18, LineError::TextAfterCode("trailing".into()))
        ]
    );
}

/// An amending file: one entry replaces a Phoenix-style entry named by an alias only, one
/// is new; dates are the sample's.
const AMEND_BASE: &str = "\
OLD_LEADER_  # CountryInfo.txt
+PRESIDENT_OLDLEADER_
+OLDLEADER_
\t[XXXELI 700101-000101]
\t[XXXGOV >000102]
OTHER_PERSON_  # CountryInfo.txt
\t[YYYGOV]
";

const AMEND: &str = "\
OLDLEADER_  # person
\t[XXXGOV 20000102-20101231]
\t[XXXELI]
NEW_LEADER_  # person
+NEWLEADER_
\t[ZZZGOV >20110101]
\t[ZZZELI]
";

#[test]
fn an_amending_entry_replaces_the_earlier_one_with_all_its_aliases() {
    let mut a = ActorDictionary::parse_files(&[("base", AMEND_BASE)]);
    assert_eq!(
        a.lookup(&["President", "Oldleader"], d("20200101"))
            .unwrap()
            .code,
        Some("XXXGOV")
    );
    a.amend("amend", AMEND);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    // The earlier entry's primary name and its other alias now find the amended entry.
    for words in [
        &["old", "leader"][..],
        &["President", "Oldleader"],
        &["Oldleader"],
    ] {
        assert_eq!(
            a.lookup(words, d("20200101")).unwrap().code,
            Some("XXXELI"),
            "{words:?}"
        );
        assert_eq!(
            a.lookup(words, d("20050101")).unwrap().code,
            Some("XXXGOV"),
            "{words:?}"
        );
    }
    assert!(a.person(&["President", "Oldleader"]).is_some());
    // A new entry is a person when it says so.
    let new = a.person(&["New", "Leader"]).unwrap();
    assert_eq!(new.code_on(d("20250101")), Some("ZZZGOV"));
    assert_eq!(new.code_on(d("20050101")), Some("ZZZELI"));
    // Entries the amendment does not name are untouched.
    assert_eq!(
        a.lookup(&["Other", "Person"], d("20200101")).unwrap().code,
        Some("YYYGOV")
    );
}

#[test]
fn lookups_ignore_diacritics() {
    let a = ActorDictionary::parse_files(&[("base", AMEND_BASE)]);
    assert_eq!(
        a.lookup(&["Óld", "Léader"], d("20200101")).unwrap().code,
        Some("XXXGOV")
    );
    assert!(a.person(&["Öther", "Persoń"]).is_some());
}

/// dateline's own `data/actors/dateline.actors.txt` on top of Phoenix: leaders after 2015
/// and terms Phoenix leaves open.
#[test]
fn the_amended_dictionary_knows_later_leaders_and_closes_ended_terms() {
    let p = dateline_petrarch::phoenix();
    let skipped: Vec<_> = p
        .skipped
        .iter()
        .filter(|(f, _)| p.files[*f] == "dateline.actors.txt")
        .collect();
    assert!(skipped.is_empty(), "{skipped:?}");
    let code = |words: &[&str], day: &str| p.lookup(words, d(day)).and_then(|m| m.code);
    assert_eq!(code(&["Donald", "Trump"], "20250816"), Some("USAGOV"));
    assert_eq!(code(&["Trump"], "20180101"), Some("USAGOV"));
    assert_eq!(code(&["Donald", "Trump"], "20220601"), Some("USAELI"));
    assert!(p.person(&["Volodymyr", "Zelenskyy"]).is_some());
    assert_eq!(code(&["Zelensky"], "20250816"), Some("UKRGOV"));
    // Phoenix had Merkel as chancellor from 2005 on, with no end; its aliases follow the
    // amended entry.
    assert_eq!(code(&["Chancellor", "Merkel"], "20230101"), Some("DEUELI"));
    assert_eq!(code(&["Chancellor", "Merkel"], "20150101"), Some("DEUGOV"));
    assert_eq!(code(&["Barack", "Obama"], "20250101"), Some("USAELI"));
    assert_eq!(code(&["President", "Obama"], "20120101"), Some("USAGOV"));
    // Names written with their diacritics.
    assert_eq!(
        code(&["Recep", "Tayyip", "Erdoğan"], "20250816"),
        Some("TURGOV")
    );
    assert_eq!(code(&["Sébastien", "Lecornu"], "20251101"), Some("FRAGOV"));
}

const AGENT_SAMPLE: &str = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
POLICE_OFFICIAL [~COP]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
ARMY [~MIL]
CONGRESS!PERSON! [~LEG]
!PERSON! OF_GOD [~REL]
PEACEKEEPING_TROOPS {} [IGO~]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
!NOPE!_X [~GOV]
";

#[test]
fn agent_format_sample() {
    let a = AgentDictionary::parse(AGENT_SAMPLE);
    assert_eq!(a.markers.len(), 1);
    assert_eq!(a.agents.len(), 7);
    let m = a.lookup(&["police", "officials", "said"]).unwrap();
    assert_eq!(
        (m.len, m.plural, m.agent.code.code.as_str()),
        (2, true, "COP")
    );
    assert_eq!(
        a.lookup(&["Police"]).unwrap().agent.code.apply("KEN"),
        "KENCOP"
    );
    assert!(a.get("POLICES").is_none());
    assert!(a.get("ATTORNEYS_GENERAL").unwrap().plural);
    assert!(a.get("ARMIES").unwrap().plural);
    assert_eq!(a.get("congresswomen").unwrap().agent.code.code, "LEG");
    assert!(a.get("CONGRESSMANS").is_none());
    let igo = a.get("peacekeeping troops").unwrap().agent;
    assert_eq!(igo.code.placement, Placement::Before);
    assert_eq!(igo.code.apply("UNO"), "IGOUNO");
    // A blank is a gap: kept, not matched by lookup.
    assert_eq!(a.gapped_count(), 5);
    assert!(a.get("MAN OF GOD").is_none());
    let errors: Vec<_> = a
        .skipped
        .iter()
        .map(|s| (s.line, s.error.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (9, LineError::UnclosedCode),
            (10, LineError::MissingCode),
            (11, LineError::UnknownMarker("NOPE".into())),
        ]
    );
}

fn show<T: std::fmt::Display>(what: &str, items: impl IntoIterator<Item = T>) {
    for i in items {
        println!("{what}: {i}");
    }
}

#[test]
fn real_files() {
    let t = Instant::now();
    let verbs = VerbDictionary::parse(CAMEO);
    let t_verbs = t.elapsed();
    let t = Instant::now();
    let actors = ActorDictionary::parse_files(&[
        ("Phoenix.Countries.actors.txt", COUNTRIES),
        ("Phoenix.International.actors.txt", INTERNATIONAL),
        ("Phoenix.MilNonState.actors.txt", MILNONSTATE),
    ]);
    let t_actors = t.elapsed();
    let t = Instant::now();
    let agents = AgentDictionary::parse(AGENTS);
    let t_agents = t.elapsed();
    println!("parse time: verbs {t_verbs:?}, actors {t_actors:?}, agents {t_agents:?}");

    // --- verbs
    println!(
        "verbs: {} synsets ({} phrases), {} blocks, {} verbs, {} patterns, {} transformations, {} skipped",
        verbs.synsets.len(),
        verbs.synsets.iter().map(|s| s.phrases.len()).sum::<usize>(),
        verbs.blocks.len(),
        verbs.verb_count(),
        verbs.pattern_count(),
        verbs.transformations.len(),
        verbs.skipped.len()
    );
    show("verbs skipped", &verbs.skipped);
    assert_eq!(verbs.synsets.len(), 40);
    assert_eq!(verbs.blocks.len(), 397);
    assert_eq!(verbs.transformations.len(), 8);
    // 4,668 pattern lines (`- …`) in the file; the skipped ones are explained below.
    assert_eq!(verbs.pattern_count() + verbs.skipped.len(), 4668);
    // Every skipped line, and why: two patterns with a stray duplicated `X)` before the
    // code, one with `_&` glued (`FIGHTER_&AIRCRAFT`), four using synsets the file never
    // defines (PETRARCH drops those too).
    let why: Vec<_> = verbs
        .skipped
        .iter()
        .map(|s| (s.line, s.error.clone()))
        .collect();
    assert_eq!(
        why,
        [
            (2374, LineError::Unbalanced("')'")),
            (2406, LineError::UnknownSynset("&FIGHT_CRIM".into())),
            (3887, LineError::UnknownSynset("&FIGHT_GAMES".into())),
            (7606, LineError::Unbalanced("')'")),
            (8443, LineError::UnknownSynset("&WEATHER".into())),
            (8444, LineError::UnknownSynset("&DEMONSTRATION".into())),
            (8781, LineError::Malformed("pattern word")),
        ]
    );
    // PRESENT is a verb of the EXHIBIT block, whose patterns include `- * &PROPOSAL [020]`.
    let present = verbs.lookup("presented").next().unwrap().block;
    assert_eq!(present.name, "EXHIBIT");
    assert!(verbs.block("exhibit").is_some());
    assert!(
        present
            .patterns
            .iter()
            .any(|p| p.after == [Element::Synset("&PROPOSAL".into())]
                && p.code.forward.as_deref() == Some("020"))
    );
    assert!(
        verbs
            .synset("&CURRENCY")
            .unwrap()
            .phrases
            .iter()
            .any(|p| p.words == ["DOLLAR"])
    );
    let ask: Vec<_> = verbs.lookup("ASKED").collect();
    assert!(ask.iter().any(|m| m.form.words == ["ASKED", "FOR"]));
    assert!(
        ask.iter()
            .any(|m| m.form.words == ["ASKED"] && m.code().forward.as_deref() == Some("020"))
    );

    // --- actors
    let per_file: Vec<usize> = (0..3)
        .map(|f| actors.actors.iter().filter(|a| a.file == f).count())
        .collect();
    println!(
        "actors: {} entries {per_file:?}, {} aliases, {} roles, {} names indexed, {} shadowed, {} skipped",
        actors.actors.len(),
        actors.alias_count(),
        actors.actors.iter().map(|a| a.roles.len()).sum::<usize>(),
        actors.name_count(),
        actors.shadowed,
        actors.skipped.len()
    );
    show(
        "actors skipped",
        actors
            .skipped
            .iter()
            .map(|(f, s)| format!("{} {s}", actors.files[*f])),
    );
    let obama = actors.get("BARACK_OBAMA").unwrap();
    assert_eq!(obama.aliases.len(), 15);
    assert!(
        obama
            .aliases
            .iter()
            .any(|a| a == &["OBAMA", "ADMINISTRATION"])
    );
    assert_eq!(
        actors.lookup(&["Obama"], d("20100101")).unwrap().code,
        Some("USAGOV")
    );
    assert_eq!(
        actors.lookup(&["Obama"], d("19990101")).unwrap().code,
        Some("USAELI")
    );
    let m = actors
        .lookup(&["President", "Barack", "Obama", "met"], d("20120101"))
        .unwrap();
    assert_eq!((m.len, m.code), (3, Some("USAGOV")));
    assert_eq!(
        actors
            .lookup(&["Iranian", "officials"], d("20150101"))
            .unwrap()
            .code,
        Some("IRN")
    );
    assert_eq!(
        actors.lookup(&["Germany"], d("20150101")).unwrap().code,
        Some("DEU")
    );

    // --- agents
    println!(
        "agents: {} lines, {} markers, {} phrases indexed, {} gapped, {} shadowed, {} skipped",
        agents.agents.len(),
        agents.markers.len(),
        agents.phrase_count(),
        agents.gapped_count(),
        agents.shadowed,
        agents.skipped.len()
    );
    show("agents skipped", &agents.skipped);
    assert_eq!(
        agents.get("POLICE_OFFICIAL").unwrap().agent.code.code,
        "COP"
    );
    assert!(agents.get("police officials").unwrap().plural);
    assert_eq!(agents.get("POLICE").unwrap().agent.code.code, "COP");
    assert_eq!(agents.get("rebels").unwrap().agent.code.code, "REB");
    assert_eq!(agents.get("protesters").unwrap().agent.code.code, "OPP");
}
