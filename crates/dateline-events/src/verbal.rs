//! Verbal attacks: "attacked Israel's decision", "blasted Trump over his stance", "hit out
//! at the minister for failing to act".
//!
//! Why: the verbs of force (attack, hit, target, hammer, assail, blast) are also how news
//! writes criticism, and political reporting uses them so more than it reports fighting.
//! Coded as force (CAMEO 19), a campaign row becomes an assault between two people of the
//! same country (issue 12's "a politician who fought until the end … became an assault").
//! What is attacked says which it is: a decision, a policy, remarks or a record are
//! criticised (CAMEO 111), not fought. PETRARCH2's verb dictionary has some such patterns
//! (ATTACK * DECISION); this module gives both coders one reading of the words after the
//! verb. The same holds for what sanctions "target" (revenues, banks, exports), which is
//! read here too. Pure: words in, answer out.

use dateline_doc::english::WEEKDAYS;

/// Verbs of force that news also uses for criticism (any inflection, any case).
pub(crate) fn can_be_verbal(verb: &str) -> bool {
    let w = verb.to_ascii_lowercase();
    const STEMS: &[&str] = &[
        "attack", "hit", "target", "hammer", "assail", "blast", "bash", "lash", "strike", "struck",
        "fight", "fought", "battle",
    ];
    STEMS.iter().any(|s| w.starts_with(s))
}

/// What a person criticises, not what an army fights. ("position" is left out: "attacked
/// rebel positions".)
const ABSTRACT: &[&str] = &[
    "decision",
    "decisions",
    "policy",
    "policies",
    "plan",
    "plans",
    "proposal",
    "proposals",
    "remarks",
    "comment",
    "comments",
    "statement",
    "statements",
    "record",
    "stance",
    "views",
    "idea",
    "ideas",
    "bill",
    "bills",
    "budget",
    "legislation",
    "rhetoric",
    "tweet",
    "tweets",
    "speech",
    "handling",
    "approach",
    "strategy",
    "leadership",
    "report",
    "claim",
    "claims",
    "criticism",
    "measures",
    "reform",
    "reforms",
    "agenda",
    "platform",
    "ruling",
    "verdict",
    "deal",
    "agreement",
    "credibility",
    "character",
    "integrity",
    "temperament",
    "judgment",
    "judgement",
    "words",
    "language",
    "opinion",
    "article",
    "editorial",
    "ad",
    "ads",
    "advertisement",
    "interview",
    "candidacy",
    "nomination",
    "tactics",
    "priorities",
    "failure",
    "failures",
    "response",
    "silence",
];

/// Periods that a time phrase after the object names ("last week"; weekdays are
/// [`WEEKDAYS`]).
const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
];

/// Words after a comma that make the verb one of speech ("attacked X, saying …").
const SPEECH_AFTER: &[&str] = &[
    "saying",
    "calling",
    "accusing",
    "describing",
    "branding",
    "dismissing",
    "arguing",
    "claiming",
    "suggesting",
    "telling",
    "writing",
    "tweeting",
];

/// Whether the words right after a verb of force (to the end of the sentence, any case)
/// make it criticism: its object or an "over"/"for" phrase names something said or
/// decided ("attacked Israel's decision", "blasted Trump over his stance", "attacked
/// Clinton for failing"), a comma introduces speech ("attacked the senator, saying …"), or
/// the verb is "hit out" or "lash out". A time phrase after the object ("on Monday") is
/// skipped; any other preposition ends the object ("attacked Arbil in response to …").
pub(crate) fn verbal_object<S: AsRef<str>>(words: &[S]) -> bool {
    let words: Vec<String> = words
        .iter()
        .take(16)
        .map(|w| w.as_ref().to_ascii_lowercase())
        .collect();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    if matches!(w(0), "out") {
        return true;
    }
    let mut i = 0;
    while i < words.len() {
        let word = w(i);
        if ABSTRACT.contains(&word) {
            return true;
        }
        match word {
            "," => return SPEECH_AFTER.contains(&w(i + 1)),
            "." | ";" | ":" | "!" | "?" | "and" | "but" | "while" | "after" | "before" | "when"
            | "as" | "to" | "that" | "which" | "who" => return false,
            "over" | "for" => {
                // "for failing", "over refusing": a reproach for what someone did.
                return w(i + 1).ends_with("ing") && w(i + 1).len() > 5
                    || words[i + 1..]
                        .iter()
                        .take(6)
                        .take_while(|x| !matches!(x.as_str(), "," | "." | ";" | "and"))
                        .any(|x| ABSTRACT.contains(&x.as_str()));
            }
            "on" | "in" | "at" | "last" | "this" | "earlier" | "late"
                if TIME_WORDS.contains(&w(i + 1)) || WEEKDAYS.contains(&w(i + 1)) =>
            {
                i += 2;
                continue;
            }
            "in" | "at" | "on" | "with" | "from" | "into" | "near" | "by" | "across"
            | "against" | "of" | "during" | "inside" | "outside" | "along" => return false,
            _ => {}
        }
        i += 1;
    }
    false
}

/// What sanctions and regulators "target": money and trade, not people or places.
const ECONOMIC: &[&str] = &[
    "banks",
    "bank",
    "revenues",
    "revenue",
    "oil",
    "exports",
    "imports",
    "trade",
    "assets",
    "companies",
    "firms",
    "sector",
    "sectors",
    "industry",
    "industries",
    "entities",
    "individuals",
    "shipping",
    "tankers",
    "fleet",
    "economy",
    "finances",
    "funding",
    "income",
    "earnings",
    "products",
    "goods",
    "investments",
    "accounts",
    "transactions",
    "payments",
];

/// Whether "target" ("targeting its oil revenues and banks") names money or trade in its
/// object, the first words after it up to a clause break: the aim of sanctions or
/// regulation, not of force.
pub(crate) fn economic_target<S: AsRef<str>>(verb: &str, after: &[S]) -> bool {
    verb.to_ascii_lowercase().starts_with("target")
        && after
            .iter()
            .take(8)
            .map(|w| w.as_ref().to_ascii_lowercase())
            .take_while(|w| {
                !matches!(
                    w.as_str(),
                    "." | ";"
                        | ":"
                        | ","
                        | "in"
                        | "on"
                        | "at"
                        | "near"
                        | "with"
                        | "from"
                        | "by"
                        | "across"
                        | "along"
                        | "inside"
                        | "outside"
                        | "around"
                        | "into"
                )
            })
            .any(|w| ECONOMIC.contains(&w.as_str()))
}

/// Adjectives that make an attack one of words ("a scathing attack on the minister").
const VERBAL_ADJECTIVES: &[&str] = &[
    "sharp",
    "scathing",
    "blistering",
    "verbal",
    "personal",
    "withering",
    "stinging",
    "rhetorical",
    "political",
    "harsh",
    "searing",
    "veiled",
    "pointed",
    "written",
];

/// Whether the words right before an attack noun (nearest last, any case) make it one of
/// words: "Clinton's aggressive attack" is not, "a scathing attack", "sharp attacks" are.
pub(crate) fn verbal_noun<S: AsRef<str>>(before: &[S]) -> bool {
    before
        .iter()
        .rev()
        .take(2)
        .any(|w| VERBAL_ADJECTIVES.contains(&w.as_ref().to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verbal(s: &str) -> bool {
        let words: Vec<&str> = s.split_whitespace().collect();
        verbal_object(&words)
    }

    #[test]
    fn what_is_attacked_says_whether_it_is_criticism() {
        assert!(verbal("Israel 's decision to expand settlements ."));
        assert!(verbal(
            "her Republican rival Donald Trump on Monday over his muddled stance"
        ));
        assert!(verbal("Clinton for failing to act"));
        assert!(verbal("the senator , saying he lied"));
        assert!(verbal("out at the ministry"));
        assert!(verbal("the government 's handling of the crisis"));
        assert!(!verbal(
            "the city of Arbil in response to a plea from Barzani"
        ));
        assert!(!verbal("rebel positions near the border"));
        assert!(!verbal("a convoy on Monday , killing three"));
        assert!(!verbal("Ukraine 's energy infrastructure overnight ."));
        assert!(!verbal("the embassy with rockets for the second time"));
    }

    #[test]
    fn sanctions_target_money() {
        assert!(economic_target(
            "targeting",
            &["its", "oil", "revenues", "and", "banks"]
        ));
        assert!(economic_target("TARGETS", &["Russian", "banks"]));
        assert!(!economic_target(
            "targeted",
            &["rebel", "positions", "near", "banks"]
        ));
        assert!(!economic_target("attacked", &["banks"]));
    }

    #[test]
    fn an_attack_of_words() {
        assert!(verbal_noun(&["with", "sharp"]));
        assert!(verbal_noun(&["a", "Scathing"]));
        assert!(verbal_noun(&["scathing", "personal"]));
        assert!(!verbal_noun(&["a", "rocket"]));
        assert!(!verbal_noun(&["the", "deadly"]));
    }

    #[test]
    fn verbs_of_force_that_also_criticise() {
        for v in [
            "attacked",
            "Blasted",
            "HIT",
            "targeting",
            "assails",
            "struck",
        ] {
            assert!(can_be_verbal(v), "{v}");
        }
        for v in ["killed", "shelled", "bombed", "invaded"] {
            assert!(!can_be_verbal(v), "{v}");
        }
    }
}
