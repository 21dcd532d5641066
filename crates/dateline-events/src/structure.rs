//! Events from sentence structure: the verb groups of `dateline-syntax`, coded through
//! PETRARCH2's CAMEO verb dictionary.
//!
//! Why: the word patterns of [`crate::extract`] know the few hundred triggers of the
//! hand-written lexicon and read participants by position, so a sentence built around a
//! verb nobody listed ("the court jailed a student", "troops withdrew from the sector")
//! yields nothing. The chunker gives each verb group its subject, objects, prepositional
//! phrases, voice, negation, modal and governing verbs ("threatened to"); PETRARCH2's
//! dictionary gives about 15,000 verb forms in synonym blocks, each block with a default
//! code and patterns over the words after the verb (`* ARREST_WARRANT (FOR +) [173]`). Put
//! together, they code who did what to whom for verbs and constructions this project never
//! tuned for.
//!
//! How one verb group is coded ([`StructureCoder::code`]):
//!
//! 1. **Verb**: every dictionary form whose inflected word is the group's head, multi-word
//!    forms only where their other words stand next to it ("called off", "wire-tap").
//! 2. **Pattern**: each pattern of the form's block is matched against the words before the
//!    verb (its `before` side) and the words after it up to the next verb group or clause
//!    break (its `after` side), element by element, in order, gaps allowed: a word matches a
//!    word (or its plural, or a word it is the stem of: `PENALT`), `&SET` any phrase of the
//!    set, `{A HEAD}` a noun phrase with that head, `(PREP …)` a preposition and its object,
//!    `+`/`$`/`%` a noun phrase holding an actor (bound as target or source), `^` any noun
//!    phrase. The pattern with the most matched words wins; without one, the verb's own or
//!    its block's code; a null code (`[---]`) is no event.
//! 3. **Participants**: the source is the subject (the *by* agent of a passive, whose
//!    subject is then the target) unless the pattern bound `$`; the target is what the
//!    pattern bound with `+`, else the object, else the first prepositional object that is
//!    not a place or time phrase (`in`, `at`, `during`…). Subjects joined by "and" of a
//!    verb of joint action with no one on its other side act toward each other ("France
//!    and Germany agreed": verbs of agreeing, meeting, talking, signing, restoring ties).
//! 4. **Mood**: a negated group becomes the code's rejection (or nothing, for negated
//!    conflict); may/might/could/should and conditionals are not coded; "would" turns
//!    cooperation into intent; governing verbs change the code as in [`crate::codes`]
//!    ("threatened to impose" → threat, "vowed to" → intent, "refused to" → rejection).
//!
//! The coder itself reads no text: it is given the sentence's upper-case words, its chunks
//! and which tokens hold an actor ([`Clause`]), and returns chunk indexes and a code; the
//! caller ([`crate::extract`]) turns them into [`dateline_doc::Event`]s with the evidence.
//! The dictionary is parsed once per process ([`StructureCoder::shared`]).

use std::ops::Range;
use std::sync::OnceLock;

use crate::codes;
use crate::petrarch::verbs::{Element, Pattern, PatternCode, VerbDictionary, VerbMatch};
use crate::verbal;
use dateline_syntax::{ChunkKind, Chunks, Complement, Modality, VerbGroup, Voice};

/// Most words after the verb a pattern is matched against.
const TAIL_WORDS: usize = 16;
/// Most words before the verb a pattern's `before` side is matched against.
const HEAD_WORDS: usize = 8;
/// Prepositions whose object is a place, a time or a part of something, never the target.
const NOT_TARGET_PREPS: &[&str] = &[
    "IN",
    "AT",
    "NEAR",
    "INSIDE",
    "OUTSIDE",
    "ACROSS",
    "THROUGHOUT",
    "DURING",
    "SINCE",
    "AFTER",
    "BEFORE",
    "UNTIL",
    "OF",
    "INCLUDING",
    "THAN",
    "LIKE",
    "AMID",
    "DESPITE",
    "AMONG",
    "WITHIN",
    "VIA",
    "BY",
    "AS",
    "OVER",
    "UNDER",
    "ABOUT",
    "AROUND",
];
/// Heads of noun phrases that count the people of their "of" phrase.
const QUANTITIES: &[&str] = &[
    "DOZENS",
    "HUNDREDS",
    "THOUSANDS",
    "TENS",
    "SCORES",
    "MILLIONS",
    "NUMBER",
    "GROUP",
    "GROUPS",
    "MEMBERS",
    "SOME",
    "MANY",
    "MOST",
    "ALL",
    "SEVERAL",
    "DOZEN",
    "HUNDRED",
    "THOUSAND",
    "BAND",
    "UNIT",
    "UNITS",
    "CONTINGENT",
];
/// Stems (upper case) of verbs of what two parties do with each other: their joined
/// subjects act toward each other ("France and Germany agreed", "Gondor and Osgiliath
/// renewed diplomatic ties", "reached a deal", "deepened their ties"). A stem matches with
/// an inflection only ([`is_joint_verb`]: "SIGN" is no "SIGNAL").
const JOINT_VERBS: &[&str] = &[
    "AGREE",
    "MEET",
    "MET",
    "TALK",
    "NEGOTIAT",
    "DISCUSS",
    "COOPERAT",
    "CO-OPERAT",
    "SIGN",
    "RENEW",
    "RESTOR",
    "RESUM",
    "REACH",
    "CONSULT",
    "CONFER",
    "ALLI",
    "ALLY",
    "RECONCIL",
    "DEEPEN",
    "STRENGTHEN",
    "NORMALIZ",
    "NORMALIS",
];

/// Verbs of force that two sides do to each other ("India and Pakistan exchanged fire",
/// "Kenyan and Somali forces clashed"): joined subjects fight each other, as joined
/// subjects of [`JOINT_VERBS`] cooperate.
/// ("battled", "fought" are left out: "Sanders and Clinton battled over …" is a debate.)
const JOINT_FIGHTS: &[&str] = &["EXCHANG", "CLASH", "SKIRMISH"];

/// Whether an upper-case word is a form of a [`JOINT_FIGHTS`] stem.
fn is_joint_fight(word: &str) -> bool {
    joint_form(JOINT_FIGHTS, word)
}

/// Whether an upper-case word is a form of a [`JOINT_VERBS`] stem.
fn is_joint_verb(word: &str) -> bool {
    joint_form(JOINT_VERBS, word)
}

/// Whether an upper-case word is one of the stems or an inflection of one.
fn joint_form(stems: &[&str], word: &str) -> bool {
    stems.iter().any(|stem| {
        word.strip_prefix(stem).is_some_and(|rest| {
            matches!(
                rest,
                "" | "S" | "ES" | "ED" | "D" | "E" | "ING" | "ION" | "IONS"
            )
        })
    })
}

/// The rule of a "to"-infinitive after "agree" (or "offer", "consent") of joined subjects
/// whose verb the dictionary does not code: "Chile and Peru agreed to broaden …", 030.
const AGREEMENT_RULE: &str = "agree-to";
/// Words that end a clause: a pattern does not reach past them.
const CLAUSE_BREAKS: &[&str] = &[
    ";", ":", "BUT", "WHILE", "WHEREAS", "ALTHOUGH", "BECAUSE", "WHICH", "WHO", "WHEN", "AS",
    "AFTER", "BEFORE", "SINCE", "IF", "UNLESS",
];

/// The CAMEO verb dictionary of PETRARCH2 (vendored under `data/petrarch2/`, MIT).
const CAMEO_VERBS: &str = include_str!("../../../data/petrarch2/CAMEO.2.0.txt");

/// One sentence as the coder sees it.
pub struct Clause<'a> {
    /// The sentence's words in upper case.
    pub words: &'a [String],
    pub chunks: &'a Chunks,
    /// Whether the sentence token at this position belongs to an actor mention.
    pub is_actor: &'a dyn Fn(usize) -> bool,
}

impl Clause<'_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    /// Whether noun phrase chunk `c` holds an actor mention.
    fn has_actor(&self, c: usize) -> bool {
        self.chunks
            .chunks
            .get(c)
            .is_some_and(|ch| ch.kind == ChunkKind::Np && ch.tokens.clone().any(self.is_actor))
    }

    /// The chunk that starts at or after token `at`, of this kind, before token `end`.
    fn next_chunk(&self, at: usize, end: usize, kind: ChunkKind) -> Option<usize> {
        self.chunks
            .chunks
            .iter()
            .position(|c| c.kind == kind && c.tokens.start >= at && c.tokens.start < end)
    }

    /// The noun phrase chunk containing token `i`.
    fn np_at(&self, i: usize) -> Option<usize> {
        self.chunks
            .chunks
            .iter()
            .position(|c| c.kind == ChunkKind::Np && c.tokens.contains(&i))
    }
}

/// A verb group coded as an event: participants as noun phrase chunk indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Coded {
    pub code: String,
    /// The event back from target to source, where the pattern gives one (`[042:043]`).
    pub reverse: Option<String>,
    pub sources: Vec<usize>,
    pub targets: Vec<usize>,
    /// The words of the action: governing verbs through the verb and the matched pattern
    /// words (sentence token positions).
    pub trigger: Range<usize>,
    pub negated: bool,
    pub modality: Option<&'static str>,
    /// Which dictionary line decided the code ("cameo-verbs:4169").
    pub rule: &'static str,
    /// A pattern naming words after the verb decided the code, not the bare verb.
    pub specific: bool,
}

/// What matching a pattern bound.
#[derive(Debug, Clone, Default)]
struct Binding {
    score: usize,
    source: Option<usize>,
    target: Option<usize>,
    /// The last token a pattern element matched.
    last: Option<usize>,
}

/// The structural coder: the verb dictionary and a rule name per dictionary line.
pub struct StructureCoder {
    verbs: VerbDictionary,
    synsets: SynsetForms,
    /// `cameo-verbs:LINE` for every line of the file (index = line number).
    rules: Vec<String>,
}

impl StructureCoder {
    /// The coder over the vendored dictionary, parsed on first use and shared by every
    /// thread of the process.
    pub fn shared() -> &'static StructureCoder {
        static CODER: OnceLock<StructureCoder> = OnceLock::new();
        CODER.get_or_init(|| StructureCoder::new(CAMEO_VERBS))
    }

    /// A coder over this verb dictionary text.
    pub fn new(text: &str) -> StructureCoder {
        let verbs = VerbDictionary::parse(text);
        let lines = text.lines().count() + 1;
        let rules = (0..=lines).map(|l| format!("cameo-verbs:{l}")).collect();
        let synsets = SynsetForms::new(&verbs);
        StructureCoder {
            verbs,
            synsets,
            rules,
        }
    }

    pub fn dictionary(&self) -> &VerbDictionary {
        &self.verbs
    }

    fn rule(&'static self, line: usize) -> &'static str {
        self.rules.get(line).map_or("cameo-verbs", String::as_str)
    }

    /// Codes verb group `vg` of the clause, or `None` when it is no event (no dictionary
    /// verb, a null code, a hypothetical, negated conflict, no participants).
    pub fn code(&'static self, clause: &Clause<'_>, vg: &VerbGroup) -> Option<Coded> {
        self.code_with(clause, vg, true)
    }

    /// [`StructureCoder::code`], also giving actions with a source and no target when
    /// `need_target` is false (a reported "Iraq had attacked", whose target is unknown).
    pub fn code_with(
        &'static self,
        clause: &Clause<'_>,
        vg: &VerbGroup,
        need_target: bool,
    ) -> Option<Coded> {
        let chunks = &clause.chunks.chunks;
        let group = chunks.get(vg.chunk)?;
        // Participants are few and patterns many: a group with no actor around it on one
        // side is no event, whatever its verb (checked before any pattern is tried).
        let with_modifiers = |np: usize| {
            clause.has_actor(np)
                || clause
                    .chunks
                    .preps_after(np)
                    .iter()
                    .any(|p| clause.has_actor(p.object))
        };
        let prep_actor = vg.preps.iter().any(|p| clause.has_actor(p.object));
        let (front_actor, back_actor) = if vg.voice == Voice::Passive {
            (
                vg.agent.is_some_and(|a| clause.has_actor(a)) || prep_actor,
                vg.subjects.iter().any(|&s| with_modifiers(s)) || prep_actor,
            )
        } else {
            (
                vg.subjects.iter().any(|&s| with_modifiers(s))
                    || vg.agent.is_some_and(|a| clause.has_actor(a)),
                vg.objects.iter().any(|&o| with_modifiers(o)) || prep_actor,
            )
        };
        // "The Philippines and France agreed …": actors joined as the subject of a verb of
        // joint action with no one on its other side act together, each toward the others
        // (decided below, once the code is known to be cooperation). Through a governing
        // "agree" only with the agreement's own code: "Russia and China agreed to support
        // the resolution" is no support of each other.
        // (A place they do it in is no other side: "agreed to a ceasefire in Gaza".)
        let party_after = vg.objects.iter().any(|&o| with_modifiers(o))
            || vg.preps.iter().any(|p| {
                let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                !NOT_TARGET_PREPS.contains(&prep) && clause.has_actor(p.object)
            });
        let joined = need_target
            && !party_after
            && vg.voice == Voice::Active
            && vg.subjects.iter().filter(|&&s| clause.has_actor(s)).count() >= 2;
        // ("clashed over the budget": a dispute, which the dictionary's own patterns code.)
        let dispute = matches!(
            clause.word(group.tokens.end),
            "OVER" | "ABOUT" | "ON" | "REGARDING"
        );
        let mutual = joined
            && (is_joint_verb(clause.word(vg.head))
                || (is_joint_fight(clause.word(vg.head)) && !dispute));
        let mutual_agreement = joined
            && vg
                .governors
                .iter()
                .any(|&(g, _)| is_joint_verb(clause.word(g)));
        if !front_actor || (need_target && !back_actor && !mutual && !mutual_agreement) {
            return None;
        }
        // Mood first: what is only possible is not coded.
        if vg.is_hypothetical() && !matches!(vg.modal, Some((_, Modality::Would))) {
            return None;
        }
        if conditional(clause, group.tokens.start) {
            return None;
        }
        if is_content(clause, vg) {
            return None;
        }
        // Where the tail ends: the next verb group or a clause break.
        let tail_end = chunks
            .iter()
            .filter(|c| c.kind == ChunkKind::Vp && c.tokens.start > group.tokens.end)
            .map(|c| c.tokens.start)
            .next()
            .unwrap_or(clause.words.len());
        // Within the verb phrase: its objects and prepositional phrases (the words of a
        // clause after "said" belong to that clause's own verb).
        let phrase_end = vg
            .objects
            .iter()
            .chain(vg.preps.iter().map(|p| &p.object))
            .filter_map(|&c| chunks.get(c))
            .map(|c| c.tokens.end)
            .max()
            .unwrap_or(group.tokens.end + 1);
        let tail_end = (group.tokens.end..tail_end)
            .find(|&i| CLAUSE_BREAKS.contains(&clause.word(i)))
            .unwrap_or(tail_end)
            .min(phrase_end.max(group.tokens.end + 1))
            .min(group.tokens.end + TAIL_WORDS)
            .min(clause.words.len());

        let head = vg.head;
        // A passive's patient stands before it: "Evidence against Russia was presented by
        // the US" matches `* EVIDENCE (AGAINST +)` in its subject and the phrases after it.
        let patient = (vg.voice == Voice::Passive)
            .then(|| vg.subjects.first().copied())
            .flatten()
            .and_then(|s| {
                let start = chunks.get(s)?.tokens.start;
                let end = clause
                    .chunks
                    .preps_after(s)
                    .last()
                    .and_then(|p| chunks.get(p.object))
                    .map_or(chunks[s].tokens.end, |c| c.tokens.end);
                (end <= group.tokens.start).then_some(start..end)
            });
        let mut best: Option<(usize, Binding, &'static PatternCode, usize, Range<usize>)> = None;
        for m in self.verbs.lookup(clause.word(head)) {
            let Some(form) = form_span(clause, head, &m) else {
                continue;
            };
            let after = form.end.max(vg.particle.map_or(0, |p| p + 1));
            let front = group.tokens.start.saturating_sub(HEAD_WORDS)..group.tokens.start;
            // The verb's own code, then every pattern of its block.
            let own: &'static PatternCode = m.entry.code.as_ref().unwrap_or(&m.block.code);
            let form_len = form.len();
            let mut pick = (0usize, Binding::default(), own, m.entry.line);
            for p in &m.block.patterns {
                let tails = std::iter::once(after..tail_end).chain(patient.clone());
                for tail in tails {
                    if let Some(b) = match_pattern(&self.synsets, clause, p, front.clone(), tail)
                        && b.score > pick.0
                    {
                        pick = (b.score, b, &p.code, p.line);
                    }
                }
            }
            let key = form_len * 1000 + pick.0;
            let better = best.as_ref().is_none_or(|(k, ..)| key > *k);
            if better {
                let (_, binding, code, line) = pick;
                best = Some((key, binding, code, line, form));
            }
        }
        let agreement = matches!(vg.governors.last(), Some((_, Complement::Agreement)));
        let (binding, mut code, reverse, rule, form) = match best {
            Some((_, binding, pcode, line, form)) if pcode.forward.is_some() => (
                binding,
                pcode.forward.clone()?,
                pcode.reverse.clone(),
                self.rule(line),
                form,
            ),
            // "Chile and Peru agreed to broaden their cooperation": agreeing together to
            // do what the dictionary does not code is still a stated will to cooperate.
            // (Not toward a party the act is aimed at: "the EU agreed to phase out Russian
            // gas".)
            _ if agreement && mutual_agreement => (
                Binding::default(),
                "030".to_string(),
                None,
                AGREEMENT_RULE,
                head..head + 1,
            ),
            _ => return None,
        };
        // "France and the Philippines agree that …": agreeing, with no pattern to say on
        // what, is a stated will to cooperate, as PETRARCH2's validation records code it
        // (its dictionary's block gives diplomatic cooperation).
        if binding.last.is_none()
            && codes::root_number(&code) == 5
            && Complement::of(clause.word(head)) == Complement::Agreement
        {
            code = "030".to_string();
        }
        let mut modality = None;
        let mut negated = false;
        // Governing verbs, innermost first ("refused to threaten to attack" is rare; the
        // innermost decides).
        let mut trigger_start = form.start;
        if let Some(&(g, kind)) = vg.governors.last() {
            trigger_start = g.min(trigger_start);
            match kind {
                Complement::Threat => {
                    code = codes::threat(&code);
                    modality = Some("threat");
                }
                Complement::Promise | Complement::Intention => {
                    code = codes::intent(&code);
                    modality = Some(if codes::root_number(&code) == 13 {
                        "threat"
                    } else {
                        "intent"
                    });
                }
                Complement::Refusal => {
                    code = codes::rejection(&code)?;
                    negated = true;
                }
                Complement::Failure => return None,
                // "offered to hold talks": a stated will, not the act itself. ("agreed to
                // lift the sanctions" is the act, as PETRARCH2's gold records code it.)
                Complement::Agreement
                    if (4..=8).contains(&codes::root_number(&code))
                        && clause.word(g).starts_with("OFFER") =>
                {
                    code = codes::intent(&code);
                    modality = Some("intent");
                }
                Complement::Attempt | Complement::Agreement | Complement::Other => {}
            }
        }
        if vg.is_negated() && !negated {
            code = codes::rejection(&code)?;
            negated = true;
        }
        if matches!(vg.modal, Some((_, Modality::Would))) {
            if (4..=8).contains(&codes::root_number(&code)) && !negated {
                code = codes::intent(&code);
                modality = Some("intent");
            } else if modality.is_none() && !negated {
                // "would attack": hypothetical; "would not provide support": a refusal.
                return None;
            }
        } else if matches!(vg.modal, Some((_, Modality::Will))) && modality.is_none() {
            modality = Some("future");
        }
        // "sanctions …, targeting its oil revenues": the aim of sanctions, not of force.
        if codes::root_number(&code) == 19
            && verbal::economic_target(
                clause.word(head),
                &clause.words[group.tokens.end.min(clause.words.len())..],
            )
        {
            return None;
        }
        // "attacking Israel's decision", "blasted Trump over his stance": criticism, not
        // force (the dictionary's own patterns, ATTACK * DECISION, give 111 already).
        if codes::root_number(&code) == 19
            && vg.voice == Voice::Active
            && verbal::can_be_verbal(clause.word(head))
            && verbal::verbal_object(&clause.words[group.tokens.end.min(clause.words.len())..])
        {
            code = "111".to_string();
        }

        // Participants. `modifier`: the actor of a noun phrase's prepositional phrase.
        let modifier = |np: usize, preps: &[&str]| -> Option<usize> {
            clause.chunks.preps_after(np).into_iter().find_map(|p| {
                let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                (preps.contains(&prep) && clause.has_actor(p.object)).then_some(p.object)
            })
        };
        let passive = vg.voice == Voice::Passive;
        let mut sources: Vec<usize> = Vec::new();
        let mut targets: Vec<usize> = Vec::new();
        if let Some(s) = binding.source {
            sources.push(s);
        } else if passive {
            sources.extend(vg.agent.filter(|&a| clause.has_actor(a)));
            // "a mortar bomb was fired at it from the Gaza Strip": without an agent, where
            // the force came from.
            if sources.is_empty() {
                sources.extend(vg.preps.iter().find_map(|p| {
                    let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                    (prep == "FROM" && clause.has_actor(p.object)).then_some(p.object)
                }));
            }
        } else {
            sources.extend(vg.subjects.iter().copied().filter(|&s| clause.has_actor(s)));
        }
        if let Some(t) = binding.target {
            targets.push(t);
        } else if passive {
            targets.extend(vg.subjects.iter().copied().filter(|&s| clause.has_actor(s)));
            // "was fired at it": the thing done has no actor, the one it was done at has.
            if targets.is_empty() {
                targets.extend(vg.preps.iter().find_map(|p| {
                    let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                    (matches!(prep, "AT" | "ON" | "AGAINST" | "INTO" | "UPON")
                        && clause.has_actor(p.object))
                    .then_some(p.object)
                }));
            }
            // "Evidence against Russia was presented": whom the patient is aimed at.
            if targets.is_empty() {
                targets.extend(vg.subjects.iter().find_map(|&s| {
                    modifier(s, &["AGAINST", "ON", "AT", "TO", "FOR", "WITH", "OF"])
                }));
            }
        } else {
            targets.extend(vg.objects.iter().copied().filter(|&o| clause.has_actor(o)));
            // A prepositional object is the target only where the pattern that decided the
            // code named words: a bare verb's "with"/"to" phrase is too often a
            // circumstance ("ran into frictions with the United States").
            if targets.is_empty()
                && binding.last.is_some()
                && let Some(p) = vg.preps.iter().find(|p| {
                    let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                    !NOT_TARGET_PREPS.contains(&prep)
                        && clause.has_actor(p.object)
                        && chunks[p.object].tokens.start > binding.last.unwrap_or(0)
                })
            {
                targets.push(p.object);
            }
            // Force aimed "at", "on", "against" someone ("fired water cannon at Philippine
            // supply boats") has its target there whatever the pattern.
            if targets.is_empty() && (15..=20).contains(&codes::root_number(&code)) {
                targets.extend(vg.preps.iter().find_map(|p| {
                    let prep = chunks.get(p.prep).map_or("", |c| clause.word(c.head));
                    (matches!(
                        prep,
                        "AT" | "ON" | "AGAINST" | "UPON" | "TOWARD" | "TOWARDS"
                    ) && clause.has_actor(p.object))
                    .then_some(p.object)
                }));
            }
        }
        // "Shelling from India hit …": an action noun as subject, its actor in a "from"/"by"
        // phrase after it.
        if sources.is_empty() && !passive {
            sources.extend(
                vg.subjects
                    .iter()
                    .find_map(|&s| modifier(s, &["FROM", "BY"])),
            );
        }
        // "Hundreds of UN troops withdrew", "arrested dozens of protesters": a quantity
        // stands for the people it counts.
        let counted = |np: usize| {
            chunks
                .get(np)
                .is_some_and(|c| QUANTITIES.contains(&clause.word(c.head)))
                .then(|| modifier(np, &["OF"]))
                .flatten()
        };
        if sources.is_empty() && !passive {
            sources.extend(vg.subjects.iter().find_map(|&s| counted(s)));
        }
        if targets.is_empty() && !passive {
            targets.extend(vg.objects.iter().find_map(|&o| counted(o)));
        }
        // "… hit villages in Pakistan": force against a place's people is against its
        // country.
        if targets.is_empty() && !passive && (18..=20).contains(&codes::root_number(&code)) {
            targets.extend(
                vg.objects
                    .iter()
                    .find_map(|&o| modifier(o, &["IN", "OF", "NEAR"])),
            );
        }
        let mut reverse = reverse;
        // (Only what is done together, by a verb of joint action ([`JOINT_VERBS`]):
        // "Canada and Australia bought vaccines" is no trade between them.)
        if (mutual || (mutual_agreement && rule == AGREEMENT_RULE))
            && targets.is_empty()
            && ((3..=5).contains(&codes::root_number(&code))
                || code == "064"
                || (codes::root_number(&code) == 19 && is_joint_fight(clause.word(vg.head))))
        {
            // Each subject toward each other one: the caller writes every ordered pair.
            targets = sources.clone();
            reverse = None;
        }
        if sources.is_empty() || (need_target && targets.is_empty()) {
            return None;
        }
        let trigger_end = binding.last.map_or(form.end, |l| (l + 1).max(form.end));
        Some(Coded {
            code,
            reverse: if negated || modality.is_some() {
                None
            } else {
                reverse
            },
            sources,
            targets,
            trigger: trigger_start..trigger_end,
            negated,
            modality,
            rule,
            specific: binding.last.is_some(),
        })
    }
}

/// Whether verb group `vg` is the content of another word rather than an action told as
/// done: an infinitive without a governing verb in its group ("bases … to counter Russian
/// aggression", "permission to Russia to help Israel": a purpose or a wish), or a gerund
/// after a preposition ("accused Egypt of backing rebels", "jailed for helping
/// militants").
pub fn is_content(clause: &Clause<'_>, vg: &VerbGroup) -> bool {
    let Some(group) = clause.chunks.chunks.get(vg.chunk) else {
        return false;
    };
    if group.tokens.start == 0 {
        return false;
    }
    let before = clause.word(group.tokens.start - 1);
    if vg.governors.is_empty() && before == "TO" {
        return true;
    }
    vg.head == group.tokens.start
        && clause.word(vg.head).ends_with("ING")
        && matches!(
            before,
            "OF" | "FOR"
                | "BY"
                | "IN"
                | "ON"
                | "AFTER"
                | "BEFORE"
                | "WITHOUT"
                | "ABOUT"
                | "FROM"
                | "AGAINST"
                | "DESPITE"
                | "WITH"
                | "TO"
        )
}

/// Whether an "if" or "unless" opens the clause that the verb group starting at `at` is in.
fn conditional(clause: &Clause<'_>, at: usize) -> bool {
    (at.saturating_sub(20)..at)
        .rev()
        .take_while(|&i| !matches!(clause.word(i), ";" | ":" | "BUT"))
        .any(|i| matches!(clause.word(i), "IF" | "UNLESS"))
}

/// Where a dictionary form stands in the sentence, given its inflected word at `head`: its
/// other words must be next to it ("ASK FOR", "WIRE TAP").
fn form_span(clause: &Clause<'_>, head: usize, m: &VerbMatch<'_>) -> Option<Range<usize>> {
    let start = head.checked_sub(m.form.verb)?;
    let end = start + m.form.words.len();
    if end > clause.words.len() {
        return None;
    }
    m.form
        .words
        .iter()
        .enumerate()
        .all(|(k, w)| start + k == head || clause.word(start + k) == w)
        .then_some(start..end)
}

/// Whether sentence word `word` matches pattern word `w`: the same, its regular plural (the
/// rule of [`crate::petrarch::plural_noun`]), or `w` is a stem of it of at least five
/// letters ("PENALT" → "PENALTIES"). No allocation: this runs for every pattern word.
fn word_matches(word: &str, w: &str) -> bool {
    if word == w {
        return true;
    }
    if let Some(rest) = word.strip_prefix(w) {
        if w.len() >= 5 && rest.len() <= 4 {
            return true;
        }
        let sibilant = ["S", "SH", "CH", "X", "Z"].iter().any(|e| w.ends_with(e));
        return if sibilant {
            rest == "ES"
        } else {
            rest == "S" && !consonant_y(w)
        };
    }
    // ARMY → ARMIES
    consonant_y(w)
        && word.len() == w.len() + 2
        && word.ends_with("IES")
        && word.as_bytes()[..w.len() - 1] == w.as_bytes()[..w.len() - 1]
}

/// A word ending in a consonant and `Y` (its plural is `…IES`).
fn consonant_y(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() > 1
        && b[b.len() - 1] == b'Y'
        && !matches!(b[b.len() - 2], b'A' | b'E' | b'I' | b'O' | b'U')
}

/// Matches the words of `w` (joined by `_`) consecutively, at the first position in
/// `range` where they stand; the last may be plural.
fn find_joined(clause: &Clause<'_>, w: &str, range: Range<usize>) -> Option<Range<usize>> {
    let n = w.split('_').filter(|s| !s.is_empty()).count();
    if n == 0 {
        return None;
    }
    let last = range.end.checked_sub(n)?;
    (range.start..=last).find_map(|i| {
        w.split('_')
            .filter(|s| !s.is_empty())
            .enumerate()
            .all(|(k, p)| word_matches(clause.word(i + k), p))
            .then_some(i..i + n)
    })
}

/// Every phrase of every synonym set, with its plural where it takes one, by set name
/// (without `&`): built once, so matching allocates nothing.
pub struct SynsetForms(foldhash::HashMap<String, Vec<Vec<String>>>);

impl SynsetForms {
    fn new(verbs: &VerbDictionary) -> SynsetForms {
        SynsetForms(
            verbs
                .synsets
                .iter()
                .map(|s| {
                    let forms = s.phrases.iter().flat_map(|p| p.forms()).collect();
                    (s.name.trim_start_matches('&').to_string(), forms)
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&[Vec<String>]> {
        self.0.get(name.trim_end_matches('_')).map(Vec::as_slice)
    }
}

/// Matches consecutive words `ws` at the first position in `range` where they stand.
fn find_words<S: AsRef<str>>(
    clause: &Clause<'_>,
    ws: &[S],
    range: Range<usize>,
) -> Option<Range<usize>> {
    if ws.is_empty() {
        return None;
    }
    let last = range.end.checked_sub(ws.len())?;
    (range.start..=last).find_map(|i| {
        ws.iter()
            .enumerate()
            .all(|(k, w)| word_matches(clause.word(i + k), w.as_ref()))
            .then_some(i..i + ws.len())
    })
}

/// Matches a pattern: its `before` side in `front`, its `after` side in `tail`.
fn match_pattern(
    dict: &SynsetForms,
    clause: &Clause<'_>,
    p: &Pattern,
    front: Range<usize>,
    tail: Range<usize>,
) -> Option<Binding> {
    let mut b = Binding::default();
    if !p.before.is_empty() {
        let mut at = front.start;
        for e in &p.before {
            at = match_element(dict, clause, e, at..front.end, &mut b, false)?;
        }
        // `before` words are evidence of the pattern, not of the trigger's end.
        b.last = None;
    }
    let mut at = tail.start;
    for e in &p.after {
        at = match_element(dict, clause, e, at..tail.end, &mut b, true)?;
    }
    // A pattern that is only slots (`* +`) says less than one naming words; keep it above
    // the bare verb.
    b.score += 1;
    Some(b)
}

/// Matches one element at or after `range.start`; returns where the next element may start.
fn match_element(
    dict: &SynsetForms,
    clause: &Clause<'_>,
    e: &Element,
    range: Range<usize>,
    b: &mut Binding,
    record: bool,
) -> Option<usize> {
    if range.start >= range.end {
        return None;
    }
    let hit = |r: Range<usize>, score: usize, b: &mut Binding| {
        b.score += score;
        if record {
            b.last = Some(r.end - 1);
        }
        r.end
    };
    match e {
        Element::Word(w) => {
            let r = find_joined(clause, w, range)?;
            let len = r.len();
            Some(hit(r, 2 * len, b))
        }
        Element::Synset(name) => {
            let forms = dict.get(name.trim_start_matches('&'))?;
            let mut found: Option<Range<usize>> = None;
            for form in forms {
                if let Some(r) = find_words(clause, form, range.clone())
                    && found.as_ref().is_none_or(|f| r.start < f.start)
                {
                    found = Some(r);
                }
            }
            let r = found?;
            Some(hit(r, 2, b))
        }
        Element::Phrase(parts) => {
            // A noun phrase whose head matches the last part and holds the others in order.
            let (head, mods) = parts.split_last()?;
            for (ci, c) in clause.chunks.chunks.iter().enumerate() {
                if c.kind != ChunkKind::Np
                    || c.tokens.start < range.start
                    || c.tokens.end > range.end
                {
                    continue;
                }
                let mut inner = Binding::default();
                let head_ok = match head {
                    Element::Word(w) => word_matches(clause.word(c.head), w),
                    other => {
                        match_element(dict, clause, other, c.head..c.head + 1, &mut inner, false)
                            .is_some()
                    }
                };
                if !head_ok {
                    continue;
                }
                let mut at = c.tokens.start;
                let mut ok = true;
                for m in mods {
                    match match_element(dict, clause, m, at..c.head, &mut inner, false) {
                        Some(n) => at = n,
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    let _ = ci;
                    return Some(hit(c.tokens.clone(), 2 * parts.len(), b));
                }
            }
            None
        }
        Element::Prep { preps, objects } => {
            let p = (range.clone()).find(|&i| preps.iter().any(|x| x == clause.word(i)))?;
            let mut at = p + 1;
            let score_before = b.score;
            b.score += 1;
            if record {
                b.last = Some(p);
            }
            // The objects lie in the noun phrase after the preposition (with its modifiers).
            let obj_end = clause
                .np_at(p + 1)
                .and_then(|c| clause.chunks.chunks.get(c))
                .map_or(p + 1, |c| c.tokens.end);
            let obj_end = obj_end.max(at + 1).min(range.end);
            for o in objects {
                match o {
                    Element::Target | Element::Compound => {
                        let c = clause.np_at(at).filter(|&c| clause.has_actor(c))?;
                        b.target = Some(c);
                        b.score += 1;
                    }
                    Element::Source => {
                        let c = clause.np_at(at).filter(|&c| clause.has_actor(c))?;
                        b.source = Some(c);
                        b.score += 1;
                    }
                    other => {
                        at = match_element(dict, clause, other, at..obj_end.max(at + 1), b, record)
                            .or_else(|| {
                                b.score = score_before;
                                None
                            })?;
                    }
                }
            }
            Some(at.max(p + 1).max(obj_end.min(range.end)))
        }
        Element::Target | Element::Compound | Element::Source => {
            let c = clause.next_chunk(range.start, range.end, ChunkKind::Np)?;
            if !clause.has_actor(c) {
                return None;
            }
            if matches!(e, Element::Source) {
                b.source = Some(c);
            } else {
                b.target = Some(c);
            }
            b.score += 1;
            Some(clause.chunks.chunks[c].tokens.end)
        }
        Element::Skip => {
            let c = clause.next_chunk(range.start, range.end, ChunkKind::Np)?;
            Some(clause.chunks.chunks[c].tokens.end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_syntax::{Tag, chunk};

    /// Codes a hand-tagged sentence; `actors` are the positions of actor words.
    fn code_all(
        words: &[&str],
        tags: &[Tag],
        actors: &[usize],
    ) -> Vec<(String, Vec<usize>, Vec<usize>)> {
        let chunks = chunk(words, tags);
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        let is_actor = |i: usize| actors.contains(&i);
        let clause = Clause {
            words: &upper,
            chunks: &chunks,
            is_actor: &is_actor,
        };
        let coder = StructureCoder::shared();
        chunks
            .verbs
            .iter()
            .filter_map(|vg| coder.code(&clause, vg))
            .map(|c| {
                let heads = |v: &[usize]| v.iter().map(|&c| chunks.chunks[c].head).collect();
                (c.code.clone(), heads(&c.sources), heads(&c.targets))
            })
            .collect()
    }

    use Tag::*;

    #[test]
    fn a_dictionary_verb_with_subject_and_object() {
        // "Germany condemned Turkey ."
        let got = code_all(
            &["Germany", "condemned", "Turkey", "."],
            &[Nnp, Vbd, Nnp, Period],
            &[0, 2],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(&got[0].0[..2], "11");
        assert_eq!((got[0].1.clone(), got[0].2.clone()), (vec![0], vec![2]));
    }

    #[test]
    fn a_passive_takes_its_source_from_the_agent() {
        // "The embassy was attacked by gunmen ."
        let got = code_all(
            &["The", "embassy", "was", "attacked", "by", "gunmen", "."],
            &[Dt, Nn, Vbd, Vbn, In, Nns, Period],
            &[1, 5],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(&got[0].0[..2], "19");
        assert_eq!((got[0].1.clone(), got[0].2.clone()), (vec![5], vec![1]));
    }

    #[test]
    fn a_pattern_refines_the_code_of_a_light_verb() {
        // "Germany lodged a protest against Turkey ."
        let got = code_all(
            &[
                "Germany", "lodged", "a", "protest", "against", "Turkey", ".",
            ],
            &[Nnp, Vbd, Dt, Nn, In, Nnp, Period],
            &[0, 5],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(&got[0].0[..2], "11", "{got:?}");
        assert_eq!((got[0].1.clone(), got[0].2.clone()), (vec![0], vec![5]));
    }

    #[test]
    fn hypotheticals_and_negated_conflict_are_not_coded() {
        // "Germany may attack Turkey ." / "Germany did not attack Turkey ."
        let may = code_all(
            &["Germany", "may", "attack", "Turkey", "."],
            &[Nnp, Md, Vb, Nnp, Period],
            &[0, 3],
        );
        assert!(may.is_empty(), "{may:?}");
        let not = code_all(
            &["Germany", "did", "not", "attack", "Turkey", "."],
            &[Nnp, Vbd, Rb, Vb, Nnp, Period],
            &[0, 4],
        );
        assert!(not.is_empty(), "{not:?}");
    }

    #[test]
    fn pattern_words_match_their_plurals_as_the_dictionary_forms_them() {
        for w in [
            "ARMY", "ENVOY", "BOSS", "CHURCH", "TANK", "MILITIA", "TAX", "AID",
        ] {
            assert!(word_matches(&crate::petrarch::plural_noun(w), w), "{w}");
            assert!(word_matches(w, w));
        }
        assert!(word_matches("PENALTIES", "PENALT"));
        assert!(!word_matches("AIDE", "AID"));
        assert!(!word_matches("ARMYS", "ARMY"));
        assert!(!word_matches("TANKER", "TANK"));
    }

    #[test]
    fn no_participants_no_event() {
        let got = code_all(
            &["Prices", "rose", "sharply", "."],
            &[Nns, Vbd, Rb, Period],
            &[],
        );
        assert!(got.is_empty());
    }
}
