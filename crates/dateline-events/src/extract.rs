//! Reading events from sentences: triggers, participants, negation, modality, date, place.
//!
//! Why patterns and not a parser: news sentences put the source before the verb and the
//! target shortly after it far more often than not, and the few constructions that reverse
//! this (passives with "by", "X's threat against Y", "talks between X and Y") are marked by
//! function words a token pattern can see. Each rule below names the construction it reads;
//! every search is bounded by a fixed window, so a 20-actor sentence or one without a verb
//! costs a few hundred comparisons at most.
//!
//! * **Triggers** come from the lexicon; capitalised words other than the first are names
//!   ("Rally", "Fund") and never trigger. Where a word is both verb and noun ("attack"),
//!   a determiner or possessive in front makes it a noun, and so does a past verb form
//!   right before it ("enjoyed support", "promised aid"; not after "was"/"has").
//! * **Head verbs** take their "to"-complement's action and change its code: intent ("vowed
//!   to attack" → 138 threaten with force; "seeking to meet" → 036), threat, refusal
//!   ("refused to meet" → 125), appeal when an actor stands between ("wants Putin to
//!   attack" → 02 with Putin as target), or pass-through ("agreed to lift sanctions" → 085).
//! * **Negation** ("not", "n't", "never", "no" just before the trigger) turns cooperation
//!   into rejection (CAMEO 12) and drops negated conflict, which reports nothing done.
//! * **Modality**: "will", "would", "about to", "plans" → future; an "if"/"unless" earlier in
//!   the clause → conditional (kept, with lower confidence). A cooperative act (roots
//!   04–08) under "would" ("announced it would free prisoners") is reported intent and takes
//!   the intent code (035), as CAMEO codes statements of future cooperation under 03.
//! * **Source**: for verbs the nearest actor mention to the left that is not inside a
//!   prepositional phrase and not the object of an earlier event; for passives the actor
//!   after "by"; for nouns the possessive in front ("Trump's threat"), "by X" or "from X"
//!   after ("support from Moscow"), or the subject of the light verb ("held talks"); with a
//!   light verb, its object and "in"/"into" before the noun ("engaged X in a firefight"),
//!   the object is the target. Conjoined mentions ("the US, Russia and
//!   Switzerland") all take part.
//! * **Target**: the first actor mention after the trigger within the clause; a mention
//!   after "in"/"at" is a location, a target only for actions done in a place (fighting,
//!   protests). A symmetric action without a target (a meeting, an agreement) relates every
//!   pair of its conjoined subjects; "between X and Y" likewise.
//! * **Unknown participants** (actors without a code, and capitalised names the entities
//!   layer missed, see [`crate::args`]) take part in every pattern, so a rule never reaches
//!   past them to a wrong actor, but their events are written (as "---") only with
//!   [`crate::EventCoder::with_unknown_actors`], and never between two mentions of the same
//!   unknown name.
//! * **Date**: the time expression of the sentence nearest the trigger, else the
//!   publication date ("since launching the invasion in February 2022" is 2022-02).
//! * **Place**: the place of the sentence nearest the trigger (not a metonym), else the
//!   dateline's place.

use crate::COMPONENT;
use crate::args::{self, Arg, UNKNOWN as UNKNOWN_CODE};
use crate::codes;
use crate::lexicon::{HeadKind, Lexicon, Pos};
use crate::structure::{Clause, StructureCoder};
use crate::verbal;
use dateline_doc::{ActorKind, Doc, Event, Provenance, Quote, Span, TimeExpr};
use dateline_entities::lexicon::Lexicon as EntityLexicon;
use dateline_syntax::{DepParser, Tag, Tagger};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// Longest sentence (in tokens) read; the rest of a run-on "sentence" is skipped.
const MAX_SENTENCE_TOKENS: usize = 400;
/// Most events one sentence yields.
const MAX_EVENTS_PER_SENTENCE: usize = 32;
/// Most source × target pairs one trigger yields.
const MAX_PAIRS: usize = 16;
/// How far left a verb's subject is looked for.
const SUBJECT_WINDOW: usize = 25;
/// How far right a target is looked for.
const TARGET_WINDOW: usize = 12;
/// How far right a noun's target is looked for ("warnings of “severe consequences” for
/// Russia").
const NOUN_TARGET_WINDOW: usize = 7;

/// Stems of verbs that take an action noun as object ("held talks", "launched an attack").
const LIGHT_VERBS: &[&str] = &[
    "hold", "held", "launch", "stag", "conduct", "carr", "wag", "issu", "mak", "made", "sign",
    "conclud", "open", "began", "begun", "begin", "start", "announc", "impos", "deliver", "resum",
    "continu", "led", "lead", "mount", "unleash", "order", "express", "voic", "level", "lodg",
    "renew", "intensif", "escalat", "step", "engag", "end", "call", "send", "sent", "provid",
    "giv", "gave", "grant", "pledg", "suppl", "promis", "draw", "drew", "drag", "adopt", "approv",
    "unveil", "slap",
];

const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "at",
    "on",
    "to",
    "from",
    "with",
    "for",
    "by",
    "against",
    "into",
    "onto",
    "near",
    "over",
    "about",
    "between",
    "among",
    "toward",
    "towards",
    "across",
    "through",
    "under",
    "during",
    "than",
    "like",
    "including",
    "via",
    "within",
    "without",
    "despite",
    "amid",
    "upon",
    "behind",
    "beyond",
];
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
];
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "this", "that", "these", "those", "'s",
    "no", "any", "new", "further", "joint", "fresh", "first", "latest", "recent",
];
const BE: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get",
];
const NEGATORS: &[&str] = &["not", "n't", "never", "no"];
const FUTURE: &[&str] = &[
    "will", "would", "shall", "'ll", "about", "going", "set", "expected",
];
const CLAUSE_BREAKS: &[&str] = &[";", ":", "but", "while", "whereas", "although", "because"];

/// A trigger found in a sentence.
#[derive(Debug, Clone)]
struct Trigger {
    entry: u32,
    start: usize,
    end: usize,
    /// Read as a noun (a noun entry, or a gerund after a determiner).
    noun: bool,
}

struct Sent<'a> {
    doc: &'a Doc,
    lower: &'a Lowered,
    args: &'a [Arg],
    slot: &'a [Option<u32>],
    /// `slot` with the structural participants ([`Arg::structural`]).
    wide: &'a [Option<u32>],
    start: usize,
    end: usize,
    /// Write events with unknown ("---") participants.
    unknown_actors: bool,
}

impl Sent<'_> {
    fn w(&self, i: usize) -> &str {
        self.lower.get(i)
    }

    /// The participant (structural ones included) at sentence position `i`.
    fn wide_at(&self, i: usize) -> Option<usize> {
        self.wide
            .get(self.start + i)
            .copied()
            .flatten()
            .map(|x| x as usize)
    }

    fn arg_at(&self, i: usize) -> Option<usize> {
        self.slot.get(i).copied().flatten().map(|x| x as usize)
    }

    /// Arguments conjoined with `a` ("Trump and Putin", "the US, Russia, and Switzerland").
    fn group(&self, a: usize) -> Vec<usize> {
        let mut out = vec![a];
        // Leftwards.
        let mut cur = a;
        while out.len() < 8 {
            let s = self.args[cur].tokens.start;
            match self.conj_left(s) {
                Some(p) => {
                    out.insert(0, p);
                    cur = p;
                }
                None => break,
            }
        }
        let mut cur = a;
        while out.len() < 8 {
            let e = self.args[cur].tokens.end;
            match self.conj_right(e) {
                Some(n) => {
                    out.push(n);
                    cur = n;
                }
                None => break,
            }
        }
        out
    }

    fn conj_right(&self, mut i: usize) -> Option<usize> {
        let mut seen = false;
        while i < self.end && matches!(self.w(i), "and" | "or" | "," | "&" | "the") {
            seen |= self.w(i) != "the";
            i += 1;
        }
        if !seen {
            return None;
        }
        self.arg_at(i).filter(|&x| self.args[x].tokens.start == i)
    }

    fn conj_left(&self, mut i: usize) -> Option<usize> {
        let mut seen = false;
        while i > self.start && matches!(self.w(i - 1), "and" | "or" | "," | "&" | "the") {
            seen |= self.w(i - 1) != "the";
            i -= 1;
        }
        if !seen || i == self.start {
            return None;
        }
        self.arg_at(i - 1)
    }

    /// The argument ending at `i` (exclusive), skipping "the".
    fn after_preposition(&self, arg: usize) -> bool {
        let mut i = self.args[arg].tokens.start;
        // Skip the conjoined group's head: "with Gondor and Arnor" → "Arnor" is in the PP.
        loop {
            if i <= self.start {
                return false;
            }
            let w = self.w(i - 1);
            if matches!(w, "the" | "a" | "an" | "former" | "then") {
                i -= 1;
                continue;
            }
            if PREPOSITIONS.contains(&w) {
                return true;
            }
            if matches!(w, "and" | "or" | ",")
                && let Some(p) = self.conj_left(i)
            {
                i = self.args[p].tokens.start;
                continue;
            }
            return false;
        }
    }

    fn locative(&self, arg: usize) -> bool {
        let mut i = self.args[arg].tokens.start;
        while i > self.start
            && matches!(
                self.w(i - 1),
                "the"
                    | "southern"
                    | "northern"
                    | "eastern"
                    | "western"
                    | "central"
                    | "south"
                    | "north"
                    | "east"
                    | "west"
            )
        {
            i -= 1;
        }
        i > self.start && LOCATIVE.contains(&self.w(i - 1))
    }
}

/// Codes the events of a document.
pub fn extract(
    doc: &Doc,
    lex: &Lexicon,
    elex: &EntityLexicon,
    tagger: Option<&Tagger>,
    parser: Option<&DepParser>,
    unknown_actors: bool,
) -> Vec<Event> {
    let mut events = Vec::new();
    if doc.tokens.is_empty() {
        return events;
    }
    let args::Participants { args, slot, wide } = args::build(doc, elex, &|w| lex.starts_entry(w));
    if args.is_empty() {
        return events;
    }
    let lower = Lowered::new(doc);
    // Read once, and only for a document with an event it could drop.
    let sports = std::cell::OnceCell::new();
    let ctx = DocContext::new(doc);
    let mut syntax = tagger.map(|t| SyntaxPass {
        sequence: t.sequence(),
        parser,
        coder: StructureCoder::shared(),
        words: Vec::new(),
        upper: Vec::new(),
        tags: Vec::new(),
        alias: Vec::new(),
    });
    for (n, sentence) in doc.sentences.iter().enumerate() {
        let start = (sentence.tokens.start as usize).min(doc.tokens.len());
        let end = (sentence.tokens.end as usize)
            .min(doc.tokens.len())
            .min(start + MAX_SENTENCE_TOKENS);
        let start = if n < DATELINE_SENTENCES {
            after_dateline(doc, &lower, start, end)
        } else {
            start
        };
        if start >= end || !(start..end).any(|i| wide[i].is_some()) {
            continue;
        }
        let s = Sent {
            doc,
            lower: &lower,
            args: &args,
            slot: &slot,
            wide: &wide,
            start,
            end,
            unknown_actors,
        };
        let before = events.len();
        sentence_events(&s, lex, &ctx, sentence.span, &mut events);
        drop_from(&mut events, before, |e| acts_on_itself(doc, e));
        if let Some(pass) = syntax.as_mut()
            && two_participants(&args, &wide[start..end], unknown_actors)
        {
            pass.sentence_events(&s, &ctx, sentence.span, before, &mut events);
        }
        // A game's result or a match is no fight or meeting between the countries whose
        // teams play ("Sweden defeated South Korea 1 – 0", "Tunisia faced England at the
        // Volgograd Arena"); a protest near a stadium stays one.
        if events.len() > before && is_sports(&s) {
            drop_from(
                &mut events,
                before,
                |e| matches!(codes::root_number(&e.code), 3..=5 | 18..=20),
            );
        }
        if events.len() > before && *sports.get_or_init(|| sports_story(doc, &lower)) {
            drop_from(&mut events, before, |e| {
                let verb = doc.slice(e.trigger).to_ascii_lowercase();
                matches!(codes::root_number(&e.code), 18..=20)
                    && RESULT_VERBS.iter().any(|v| verb.starts_with(v))
            });
        }
        // Duplicates within a sentence collapse to the first (most confident rule first).
        let mut seen = HashSet::new();
        let mut kept = 0;
        let mut i = before;
        while i < events.len() {
            let e: &Event = &events[i];
            if !acts_on_itself(doc, e)
                && !across_quote(doc, &ctx, e)
                && seen.insert((e.source.clone(), e.target.clone(), e.code.clone()))
                && kept < MAX_EVENTS_PER_SENTENCE
            {
                kept += 1;
                i += 1;
            } else {
                events.remove(i);
            }
        }
    }
    retold(events)
}

/// Whether the words after a verb up to an actor (`between`, sentence positions) open a
/// clause of their own, so that the actor is a subject, not the verb's object: a
/// conjunction ("think that Russia …"), a subject pronoun ("think we …"), or a finite
/// verb or modal right after the actor's noun phrase ("think Russia is …").
fn opens_clause(upper: &[String], tags: &[Tag], between: std::ops::Range<usize>) -> bool {
    if between.clone().any(|i| {
        matches!(
            upper.get(i).map(String::as_str),
            Some("THAT" | "IF" | "WHETHER")
        )
    }) || matches!(
        upper.get(between.end).map(String::as_str),
        Some("I" | "WE" | "HE" | "SHE" | "THEY")
    ) {
        return true;
    }
    (between.end..(between.end + 5).min(tags.len()))
        .skip_while(|&i| tags[i].is_noun() || matches!(tags[i], Tag::Jj | Tag::Pos))
        .take(1)
        .any(|i| matches!(tags[i], Tag::Vbz | Tag::Vbp | Tag::Vbd | Tag::Md))
}

/// The CAMEO roots of a verb left without its object worth the parse's second reading:
/// material acts (release, investigate, coerce, assault, fight), where the chunker's
/// misreadings cost the events a reader looks for; the verbs of talk and support the
/// dictionary codes from a bare verb ("backing", "praising") were right in fewer than half
/// of the re-read sentences of 1,372 news texts.
const LACKING_ROOTS: &[u8] = &[8, 9, 15, 16, 17, 18, 19, 20];

/// How many words after a verb group an actor left without a verb may stand for the
/// sentence to be read again with the parse ([`SyntaxPass::code_sentence`]).
const LACKING_WINDOW: usize = 5;

/// Words that put a sentence on a playing field.
const SPORTS_WORDS: &[&str] = &[
    "stadium",
    "arena",
    "tournament",
    "league",
    "championship",
    "championships",
    "semifinal",
    "semifinals",
    "semi-final",
    "semi-finals",
    "quarterfinal",
    "quarterfinals",
    "quarter-final",
    "quarter-finals",
    "goalkeeper",
    "striker",
    "midfielder",
    "football",
    "soccer",
    "cricket",
    "rugby",
    "basketball",
    "volleyball",
    "hockey",
    "olympics",
    "olympic",
    "fifa",
    "uefa",
    "match",
    "matches",
    "goals",
    "innings",
    "wickets",
];

/// [`SPORTS_WORDS`] hashed: every word of a sentence is looked up.
static SPORTS_SET: std::sync::LazyLock<HashSet<&'static str>> =
    std::sync::LazyLock::new(|| SPORTS_WORDS.iter().copied().collect());

/// Whether a sentence tells of a game: a word of sport, or a score ("1 – 0", "3-1").
fn is_sports(s: &Sent<'_>) -> bool {
    sports_words(s.lower, s.start, s.end)
}

/// [`is_sports`] over the lower-cased tokens `start..end`.
fn sports_words(lower: &Lowered, start: usize, end: usize) -> bool {
    let small = |w: &str| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let dash = |w: &str| matches!(w, "-" | "–" | "—");
    (start..end).any(|i| {
        let w = lower.get(i);
        SPORTS_SET.contains(w)
            || (small(w) && i + 2 < end && dash(lower.get(i + 1)) && small(lower.get(i + 2)))
            || w.split_once(['-', '–'])
                .is_some_and(|(a, b)| !a.is_empty() && small(a) && small(b))
    })
}

/// A sports report: two sentences or more of its first [`SPORTS_STORY_SENTENCES`] tell of
/// a game. There, a player or team that "beat" or "defeated" another won a game, even in a
/// sentence with no word of sport ("Earlier this month he also beat world champion Bailey
/// in Zurich").
fn sports_story(doc: &Doc, lower: &Lowered) -> bool {
    doc.sentences
        .iter()
        .take(SPORTS_STORY_SENTENCES)
        .filter(|s| {
            let start = (s.tokens.start as usize).min(doc.tokens.len());
            let end = (s.tokens.end as usize)
                .min(doc.tokens.len())
                .min(start + MAX_SENTENCE_TOKENS);
            sports_words(lower, start, end)
        })
        .nth(1)
        .is_some()
}

/// How many sentences from the top [`sports_story`] reads.
const SPORTS_STORY_SENTENCES: usize = 40;

/// Verbs that report a game's result in a sports report (any inflection: the stem starts
/// the word).
const RESULT_VERBS: &[&str] = &[
    "beat",
    "defeat",
    "edge",
    "rout",
    "thrash",
    "crush",
    "down",
    "upset",
    "eliminat",
    "knock",
    "overc",
    "outclass",
    "outplay",
    "trounc",
    "whip",
    "stun",
    "overpower",
    "hammer",
    "oust",
];

/// The same event told again (in the headline and the lead, in a closing summary) is one
/// event: its first telling keeps it, with that sentence's evidence, and takes the date of
/// a later telling that names one ("… on Friday") where its own was the publication date.
/// The same action between the same actors on two named dates is two events.
fn retold(events: Vec<Event>) -> Vec<Event> {
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut by_key: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for e in events {
        let key = (e.source.clone(), e.target.clone(), e.code.clone());
        let earlier = by_key.entry(key).or_default();
        let same = earlier.iter().copied().find(|&k| {
            let k = &kept[k];
            k.date == e.date || k.date_rule == "publication" || e.date_rule == "publication"
        });
        match same {
            Some(k) => {
                let k = &mut kept[k];
                if k.date_rule == "publication" && e.date_rule != "publication" {
                    k.date = e.date;
                    k.date_rule = e.date_rule;
                    k.date_span = e.date_span;
                }
            }
            None => {
                earlier.push(kept.len());
                kept.push(e);
            }
        }
    }
    kept
}

/// Removes the events from `first` on that `gone` picks, keeping the order of the rest.
fn drop_from(out: &mut Vec<Event>, first: usize, gone: impl Fn(&Event) -> bool) {
    let mut i = first;
    while i < out.len() {
        if gone(&out[i]) {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Whether a sentence (its slice of the token → participant map) holds two different
/// participants whose events can be written: only such sentences are tagged and parsed.
fn two_participants(args: &[Arg], wide: &[Option<u32>], unknown_actors: bool) -> bool {
    let mut first = None;
    for &a in wide.iter().flatten() {
        if !unknown_actors && args[a as usize].unknown {
            continue;
        }
        match first {
            None => first = Some(a),
            Some(b) if b != a => return true,
            Some(_) => {}
        }
    }
    false
}

/// Words parsed after a sentence's last participant (see `SyntaxPass::sentence_events`).
const PARSE_TAIL: usize = 6;

/// The structural coder's state for one document: the tagger's sequence and buffers
/// reused from sentence to sentence.
struct SyntaxPass<'t> {
    sequence: dateline_syntax::Sequence<'t>,
    /// The dependency parser: with it, tags and the verb groups' frames come from the
    /// parse ([`dateline_syntax::dep::frames`]), else from the tagger and the chunker.
    parser: Option<&'t DepParser>,
    coder: &'static StructureCoder,
    words: Vec<String>,
    upper: Vec<String>,
    tags: Vec<dateline_syntax::Tag>,
    /// Per sentence position, the participant a pronoun stands for where this pass
    /// resolved it.
    alias: Vec<Option<usize>>,
}

impl SyntaxPass<'_> {
    /// The treebank spellings of the tokens `range` (and their upper case); clears the tags.
    fn fill_words(&mut self, doc: &Doc, range: std::ops::Range<usize>) {
        self.words.clear();
        self.upper.clear();
        self.tags.clear();
        for i in range.clone() {
            let w = dateline_syntax::ptb_form(doc, range.clone(), i);
            self.upper.push(w.to_uppercase());
            self.words.push(w.to_string());
        }
    }

    /// Codes the verb groups of one sentence that the word patterns left alone, and checks
    /// the patterns' events (those from `first` on) against the sentence's structure.
    ///
    /// The chunker's reading comes first. Where it leaves an event whose participants
    /// stand apart from its trigger ([`far_apart`]), or a verb of material action without
    /// the object a participant right after it may be (see [`Self::code_sentence`]), the
    /// sentence is read again with the dependency parse (when there is a parser): the
    /// patterns' events are put back as they came and checked against the parse, and the
    /// verb groups are coded from the parse's frames. The parse costs about forty times the
    /// tagger, so it is spent where it can change what is written: the first condition
    /// held in 4% of the words of political news (5% of the generated corpus), the second
    /// adds 133 sentences of 1,372 news texts; "Russia attacked Ukraine" reads alike either
    /// way.
    fn sentence_events(
        &mut self,
        s: &Sent<'_>,
        ctx: &DocContext,
        span: Span,
        first: usize,
        out: &mut Vec<Event>,
    ) {
        let from_patterns: Option<Vec<Event>> = self.parser.map(|_| out[first..].to_vec());
        let lacking = self.code_sentence(s, ctx, span, first, out, None);
        if let (Some(parser), Some(patterns)) = (self.parser, from_patterns)
            && (lacking || out[first..].iter().any(|e| far_apart(s, e, &self.tags)))
        {
            out.truncate(first);
            out.extend(patterns);
            self.code_sentence(s, ctx, span, first, out, Some(parser));
        }
    }

    /// One reading of a sentence: with the chunker's frames, or with the parse's. Returns
    /// whether a dictionary verb of material action ([`LACKING_ROOTS`]) with an actor before
    /// it was left with no object and no prepositional phrase while an actor stands a few
    /// words after it, not as the subject of a clause of its own ("Iran released a British
    /// tanker seized in the Gulf", where the chunker gives the tanker to "seized"): the
    /// reading that may have missed an event.
    fn code_sentence(
        &mut self,
        s: &Sent<'_>,
        ctx: &DocContext,
        span: Span,
        first: usize,
        out: &mut Vec<Event>,
        parser: Option<&DepParser>,
    ) -> bool {
        let doc = s.doc;
        let last = (s.start..s.end).rev().find(|&i| s.wide[i].is_some());
        let mut chunks;
        let range;
        if let Some(parser) = parser {
            // The parse reads the sentence up to a few words past its last participant (a
            // word's vector depends on its neighbours four words away; a tail after the
            // last participant, "…, officials said on Tuesday", holds no participant).
            range = s.start..last.map_or(s.end, |l| (l + PARSE_TAIL).min(s.end));
            self.fill_words(doc, range.clone());
            let parse = dateline_syntax::parse_tokens(parser, doc, range.clone());
            self.tags
                .extend(parse.tags.iter().map(|&t| parser.penn_tag(t)));
            chunks = dateline_syntax::chunk(&self.words, &self.tags);
            dateline_syntax::dep::frames::relate(&mut chunks, &parse, parser, &self.words);
        } else {
            // Tags depend on the words up to two ahead and the tags before, so the
            // sentence's prefix up to a little past its last participant tags exactly as the
            // whole would; nothing after it can take part in an event.
            range = s.start..last.map_or(s.end, |l| (l + 16).min(s.end));
            self.fill_words(doc, range.clone());
            self.sequence.tag_sentence(&self.words, &mut self.tags);
            chunks = dateline_syntax::chunk(&self.words, &self.tags);
        }
        let end = range.end;
        if parser.is_some() {
            drop_from(out, first, |e| {
                e.provenance.rule == rule_name(Pos::Verb, false, false)
                    && not_the_verbs_own(s, &chunks, e)
            });
        }
        // A word the patterns read as a verb that the tagger reads as a noun or adjective
        // inside a noun phrase is no action of the sentence's subject: the head of a
        // compound ("the cost of food aid", "a travel ban"), an adjective before its noun
        // ("free trade talks"), a past participle after a noun ("a member of the movement
        // jailed a year ago": what was done to the noun, by someone the sentence may not
        // name). After a participant it may be a headline's verb ("Sanders praises
        // Obama", the name read as a plural), and a trigger of several words ("talks
        // with") is read whole, as the lexicon wrote it: both stay.
        let tags = &self.tags;
        let tag = |i: usize| tags.get(i - s.start).copied();
        let common = |i: usize| matches!(tag(i), Some(Tag::Nn | Tag::Nns));
        let in_noun_phrase = |i: usize| {
            if i == s.start || s.wide.get(i - 1).copied().flatten().is_some() {
                return false;
            }
            (common(i) && common(i - 1))
                || (tag(i) == Some(Tag::Jj) && i + 1 < end && common(i + 1))
                || (tag(i) == Some(Tag::Vbn) && tag(i - 1).is_some_and(Tag::is_noun))
        };
        drop_from(out, first, |e| {
            e.provenance.rule == rule_name(Pos::Verb, false, false)
                && range
                    .clone()
                    .any(|i| doc.tokens[i].span == e.trigger && in_noun_phrase(i))
        });
        // Unknown participants count only when their events are written (`is_actor`
        // below): otherwise "Kurdish villages in Syria" must reach past "Kurdish" to Syria.
        // "Obama said he would not …": the pronoun subject of what a speaker says is the
        // speaker, when nothing else resolved it.
        self.alias.clear();
        self.alias.resize(range.len(), None);
        let plain = |i: usize| s.wide_at(i);
        for (v, vg) in chunks.verbs.iter().enumerate() {
            if !is_speech_verb(s.w(s.start + vg.head)) {
                continue;
            }
            let Some(speaker) = vg
                .subjects
                .iter()
                .find_map(|&c| np_arg(s, &chunks.chunks[c], &plain))
            else {
                continue;
            };
            for later in &chunks.verbs[v + 1..] {
                for &c in &later.subjects {
                    let t = &chunks.chunks[c].tokens;
                    if t.len() == 1
                        && plain(t.start).is_none()
                        && matches!(self.upper[t.start].as_str(), "HE" | "SHE" | "THEY" | "WE")
                    {
                        self.alias[t.start] = Some(speaker);
                    }
                }
            }
        }
        let alias = &self.alias;
        let at = |i: usize| alias.get(i).copied().flatten().or_else(|| plain(i));
        let is_actor = |i: usize| at(i).is_some_and(|a| s.unknown_actors || !s.args[a].unknown);
        let clause = Clause {
            words: &self.upper,
            chunks: &chunks,
            is_actor: &is_actor,
        };
        let mut lacking = false;
        // The word patterns' events read from a verb that is only the content of another
        // word ("permission to Russia to help Israel") are not actions: dropped.
        for vg in &chunks.verbs {
            if crate::structure::is_content(&clause, vg) {
                let head = doc.tokens[s.start + vg.head].span;
                drop_from(out, first, |e| e.trigger.start == head.start);
            }
        }
        for vg in &chunks.verbs {
            let head_span = doc.tokens[s.start + vg.head].span;
            if out[first..]
                .iter()
                .any(|e| e.trigger.start <= head_span.start && head_span.end <= e.trigger.end)
            {
                continue;
            }
            let Some(coded) = self.coder.code(&clause, vg) else {
                if !lacking
                    && parser.is_none()
                    && vg.objects.is_empty()
                    && vg.preps.is_empty()
                    && let Some(group) = chunks.chunks.get(vg.chunk)
                    && let Some(actor) = (group.tokens.end
                        ..(group.tokens.end + LACKING_WINDOW).min(end - s.start))
                        .find(|&i| is_actor(i))
                    && !opens_clause(&self.upper, tags, group.tokens.end..actor)
                    && !is_speech_verb(s.w(s.start + vg.head))
                    && self
                        .coder
                        .code_with(&clause, vg, false)
                        .is_some_and(|c| LACKING_ROOTS.contains(&codes::root_number(&c.code)))
                {
                    lacking = true;
                }
                continue;
            };
            let args_of = |cs: &[usize]| -> Vec<usize> {
                let mut v: Vec<usize> = Vec::new();
                for &c in cs {
                    if let Some(a) = np_arg(s, &chunks.chunks[c], &at)
                        && !v.contains(&a)
                    {
                        v.push(a);
                    }
                }
                v
            };
            let sources = args_of(&coded.sources);
            let targets = args_of(&coded.targets);
            if sources.is_empty() || targets.is_empty() {
                continue;
            }
            let t = coded.trigger.clone();
            let trigger = doc.tokens[s.start + t.start]
                .span
                .cover(doc.tokens[s.start + t.end.max(t.start + 1) - 1].span);
            // A verb and its pattern ("lodged a protest against") read the action better
            // than the noun inside it read alone ("protest"): the noun's events give way.
            if coded.specific {
                drop_from(out, first, |e| {
                    // The noun after the verb read alone ("support" in "provide support").
                    let inside = trigger.contains(e.trigger) && e.trigger.start > head_span.start;
                    (e.provenance.rule == "nominal" && trigger.contains(e.trigger)) || inside
                });
            }
            let action = Action {
                code: &coded.code,
                trigger,
                negated: coded.negated,
                modality: coded.modality,
                mode: None,
                context: None,
                rule: coded.rule,
                confidence: 0.6,
                symmetric: false,
            };
            emit(s, ctx, span, &action, &sources, &targets, out);
            if let Some(rev) = &coded.reverse {
                let back = Action {
                    code: rev,
                    ..action
                };
                emit(s, ctx, span, &back, &targets, &sources, out);
            }
        }
        reported_speech(s, ctx, span, &clause, self.coder, first, out);
        lacking
    }
}

/// Whether a "subject verb object" event of the word patterns takes a participant the
/// parse does not give its verb. The verb (the event's trigger, one word) heads an active
/// verb group, and either its subject is named and the source mention lies outside it and
/// what hangs from it ("unions, including the teachers' federation, endorsed" keeps the
/// federation), or its objects are named and the target lies outside all of them. The
/// pattern then read past the verb's own participants to actors further away: "… the U.S.
/// Central Command said, expanding its campaign against the militant group that has seized
/// parts of Iraq" (the group seized, not the command); "France condemned the militia that
/// attacked Mali" (France condemned the militia, not Mali). Another mention of the same
/// actor inside ("after the president meets with Sanders", the pattern having named Obama)
/// keeps the event.
fn not_the_verbs_own(s: &Sent<'_>, chunks: &dateline_syntax::Chunks, e: &Event) -> bool {
    let span_of = |i: usize| s.doc.tokens.get(s.start + i).map(|t| t.span);
    let Some(vg) = chunks
        .verbs
        .iter()
        .find(|vg| span_of(vg.head) == Some(e.trigger))
    else {
        return false;
    };
    if vg.voice != dateline_syntax::Voice::Active {
        return false;
    }
    let holds = |extent: &std::ops::Range<usize>, mention: Span, code: &str, actor: Option<u32>| {
        let inside = match (span_of(extent.start), span_of(extent.end.saturating_sub(1))) {
            (Some(a), Some(b)) if !extent.is_empty() => {
                let x = a.cover(b);
                mention.start < x.end && x.start < mention.end
            }
            _ => false,
        };
        inside
            || extent.clone().any(|i| {
                s.wide_at(i)
                    .and_then(|a| s.args.get(a))
                    .is_some_and(|a| a.code == code || (a.actor.is_some() && a.actor == actor))
            })
    };
    let source_outside = match (&vg.subject_extent, e.source_mention) {
        (Some(extent), Some(m)) => !holds(extent, m, &e.source, e.source_actor),
        _ => false,
    };
    let target_outside = match e.target_mention {
        Some(m) if !vg.object_extents.is_empty() => !vg
            .object_extents
            .iter()
            .any(|x| holds(x, m, &e.target, e.target_actor)),
        _ => false,
    };
    source_outside || target_outside
}

/// Whether an event's participants stand apart from its trigger, where the chunker's
/// reading and the parse may differ: words other than a determiner or a possessive between
/// the source and the trigger or between the trigger and the target, a source or target not
/// on its side of the trigger, a target that starts a clause ("wants voters to know", by
/// the tagger's `tags` of the sentence), or a verb of saying (what is said is a clause).
/// Adjacent ones ("Russia attacked Ukraine", "Obama met the Israeli prime minister") are
/// read alike by both.
fn far_apart(s: &Sent<'_>, e: &Event, tags: &[Tag]) -> bool {
    // The other direction of "X clashed with Y" stands or falls with its first.
    if e.provenance.rule == RECIPROCAL_RULE {
        return false;
    }
    // The tokens of a span, inside the sentence.
    let tokens = |span: Span| {
        let r = crate::args::token_range(s.doc, span);
        (!r.is_empty() && r.start >= s.start && r.end <= s.end).then_some(r)
    };
    let (Some(src), Some(tgt)) = (e.source_mention, e.target_mention) else {
        return true;
    };
    let (Some(trig), Some(src), Some(tgt)) = (tokens(e.trigger), tokens(src), tokens(tgt)) else {
        return true;
    };
    let (trig_start, trig_end) = (trig.start, trig.end - 1);
    let (src_end, tgt_start, tgt_end) = (src.end - 1, tgt.start, tgt.end - 1);
    let filler = |i: usize| matches!(s.w(i), "the" | "a" | "an" | "its" | "their" | "his" | "her");
    let gap = |from: usize, to: usize| (from..to).filter(|&i| !filler(i)).count();
    // "wants voters to know", "said the families were wrong": the target starts a clause.
    let clause_after = tags
        .get(tgt_end + 1 - s.start)
        .is_some_and(|t| t.is_verb() || matches!(t, Tag::To | Tag::Md));
    // "said the families were wrong": what is said is a clause whatever follows the target.
    let saying = (trig_start..=trig_end).any(|i| is_speech_verb(s.w(i)));
    if src_end < trig_start && tgt_start > trig_end {
        saying
            || clause_after
            || gap(src_end + 1, trig_start) > 0
            || gap(trig_end + 1, tgt_start) > 0
    } else {
        true
    }
}

/// The actors of a use of force a speaker reports (see [`reported_speech`]).
struct Claim {
    source: String,
    source_mention: Option<Span>,
    source_actor: Option<u32>,
    target_mention: Option<Span>,
}

/// Words that open a clause a speaker's claim does not reach into.
const REPORT_BREAKS: &[&str] = &["when", "after", "before", "since", "as", "until", "where"];

/// Verbs that report what their subject says happened.
fn is_speech_verb(w: &str) -> bool {
    let stem = |p: &str| w.starts_with(p);
    matches!(
        w,
        "said" | "says" | "say" | "saying" | "told" | "tells" | "tell" | "telling"
    ) || stem("claim")
        || stem("alleg")
        || stem("insist")
        || stem("assert")
        || stem("report")
        || stem("announc")
        || stem("confirm")
}

/// Verbs that report their subject's denial: what follows did not happen by its account.
fn is_denial_verb(w: &str) -> bool {
    w.starts_with("deni") || w.starts_with("deny")
}

/// Events reported by a speaker ("Iran said the United States had attacked its ships"):
/// the speaker's claim, not an observed fact. For each verb of saying with an actor as
/// subject, the events of the sentence read after it, whose source stands after it, are
/// the speaker's claims: they are marked `reported` (unless they have a modality already),
/// and the claim itself is coded as PETRARCH2's transformations of reported speech do:
/// a speaker saying that another actor used force accuses it (CAMEO 112), a speaker
/// saying that it used force itself claims responsibility (015). After a verb of denial
/// ("Pakistan denied that its troops had crossed") the events are dropped.
fn reported_speech(
    s: &Sent<'_>,
    ctx: &DocContext,
    span: Span,
    clause: &Clause<'_>,
    coder: &'static StructureCoder,
    first: usize,
    out: &mut Vec<Event>,
) {
    let doc = s.doc;
    let chunks = clause.chunks;
    let at = |i: usize| s.wide_at(i);
    for (v, vg) in chunks.verbs.iter().enumerate() {
        let word = s.w(s.start + vg.head);
        let denial = is_denial_verb(word);
        if !denial && !is_speech_verb(word) {
            continue;
        }
        let Some(speaker) = vg
            .subjects
            .iter()
            .find_map(|&c| np_arg(s, &chunks.chunks[c], &at))
        else {
            continue;
        };
        let verb = doc.tokens[s.start + vg.head].span;
        let mut claims: Vec<Claim> = Vec::new();
        let mut i = first;
        while i < out.len() {
            let e = &out[i];
            // After the verb, in the clause it opens ("said … when she resigned after Russia
            // seized Crimea" reports the resignation, not the seizure).
            let after = e.trigger.start >= verb.end
                && e.source_mention.is_some_and(|m| m.start >= verb.end)
                && !(s.start + vg.head + 1..s.end)
                    .take_while(|&k| doc.tokens[k].span.start < e.trigger.start)
                    .any(|k| CLAUSE_BREAKS.contains(&s.w(k)) || REPORT_BREAKS.contains(&s.w(k)));
            if !after {
                i += 1;
                continue;
            }
            if denial {
                out.remove(i);
                continue;
            }
            if e.modality.is_none() {
                out[i].modality = Some("reported");
            }
            let e = &out[i];
            if (18..=20).contains(&codes::root_number(&e.code))
                && !claims.iter().any(|c| c.source == e.source)
            {
                claims.push(Claim {
                    source: e.source.clone(),
                    source_mention: e.source_mention,
                    source_actor: e.source_actor,
                    target_mention: e.target_mention,
                });
            }
            i += 1;
        }
        // "The US said that Iraq had attacked": force reported without a target is still
        // an accusation of its subject.
        for later in &chunks.verbs[v + 1..] {
            if denial || claims.len() >= 4 {
                break;
            }
            let head = doc.tokens[s.start + later.head].span;
            if out[first..].iter().any(|e| e.trigger.contains(head)) {
                continue;
            }
            let Some(coded) = coder.code_with(clause, later, false) else {
                continue;
            };
            if !coded.targets.is_empty() || !(18..=20).contains(&codes::root_number(&coded.code)) {
                continue;
            }
            let Some(src) = coded
                .sources
                .iter()
                .find_map(|&c| np_arg(s, &chunks.chunks[c], &at))
            else {
                continue;
            };
            let a = &s.args[src];
            if a.actor.is_some() && a.actor == s.args[speaker].actor {
                continue;
            }
            claims.push(Claim {
                source: a.code.clone(),
                source_mention: Some(a.span),
                source_actor: a.actor,
                target_mention: None,
            });
        }
        for e in claims {
            let sa = &s.args[speaker];
            let own = sa.actor.is_some() && sa.actor == e.source_actor || sa.code == e.source;
            let (code, target_mention) = if own {
                ("015", e.target_mention)
            } else {
                ("112", e.source_mention)
            };
            // The target as an argument of the sentence, so that `emit` writes it with the
            // same evidence as every other event.
            let Some(t) = target_mention.and_then(|m| {
                (s.start..s.end)
                    .filter_map(|k| s.arg_at(k))
                    .find(|&a| s.args[a].span == m)
            }) else {
                continue;
            };
            let action = Action {
                code,
                trigger: verb,
                negated: false,
                modality: None,
                mode: None,
                context: None,
                rule: if own {
                    "reported-speech-claim"
                } else {
                    "reported-speech-accuse"
                },
                confidence: 0.55,
                symmetric: false,
            };
            emit(s, ctx, span, &action, &[speaker], &[t], out);
        }
    }
}

/// The participant a noun phrase chunk stands for: the argument holding its head, else the
/// last argument inside it. `at` gives the argument at a sentence position.
fn np_arg(
    s: &Sent<'_>,
    c: &dateline_syntax::Chunk,
    at: &dyn Fn(usize) -> Option<usize>,
) -> Option<usize> {
    // The units, posts and vehicles of a people noun are that group in action ("an army
    // patrol", "a government convoy", "police stations").
    let asset = GROUP_ASSETS.contains(&s.w(s.start + c.head));
    at(c.head).or_else(|| {
        // Otherwise a people noun stands for the phrase only as its head ("a police
        // spokesman's car" is no police).
        (c.tokens.start..c.tokens.end)
            .rev()
            .filter_map(at)
            .find(|&a| asset || !(s.args[a].structural && s.args[a].actor.is_none()))
    })
}

/// Heads of noun phrases that stand for the group named before them ("an army patrol"):
/// such a phrase is that group's participant ([`np_arg`]), and a people noun after "a" is
/// one before them (`crate::args`).
pub(crate) const GROUP_ASSETS: &[&str] = &[
    "patrol",
    "patrols",
    "convoy",
    "convoys",
    "base",
    "bases",
    "post",
    "posts",
    "outpost",
    "outposts",
    "checkpoint",
    "checkpoints",
    "station",
    "stations",
    "headquarters",
    "barracks",
    "camp",
    "camps",
    "positions",
    "unit",
    "units",
    "vehicle",
    "vehicles",
    "helicopter",
    "helicopters",
    "plane",
    "planes",
    "jet",
    "jets",
    "aircraft",
    "ship",
    "ships",
    "boat",
    "boats",
    "drone",
    "drones",
];

/// An actor acting on itself is no event: the same actor on both sides, or a person and the
/// state or government they belong to ("Sybiha … warned that Kyiv would not accept",
/// UKRGOV → UKRGOV). Two different people with the same code are kept: one official
/// blaming another is an event within a government.
fn acts_on_itself(doc: &Doc, e: &Event) -> bool {
    if e.source_actor.is_some() && e.source_actor == e.target_actor {
        return true;
    }
    // A person or body acting on its own country as a whole ("Putin insisted on Russia's
    // concerns": RUSGOV → RUS).
    let country = |c: &str| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
    if e.source != e.target
        && e.source.len() >= 3
        && e.target.len() >= 3
        && e.source.get(..3) == e.target.get(..3)
        && (country(&e.source) || country(&e.target))
        && e.source.get(..3) != Some(UNKNOWN_CODE)
    {
        return true;
    }
    if e.source.is_empty() || e.source != e.target {
        return false;
    }
    let kind = |a: Option<u32>| a.and_then(|a| doc.actors.get(a as usize)).map(|a| a.kind);
    let person = |k: Option<ActorKind>| k == Some(ActorKind::Person);
    let (s, t) = (kind(e.source_actor), kind(e.target_actor));
    person(s) != person(t)
}

/// A participant inside a quoted utterance that does not hold the event's trigger: the
/// words of a quotation are what its speaker said, never the subject or object of a verb
/// outside it ("''The Border Patrol has done an incredible job,'' said Gen. Kelly" is no
/// statement of the Border Patrol's to the general). A claim's trigger inside the
/// quotation with its speaker outside (`reported_speech`) crosses nothing, and neither do
/// reported speech, fragments and scare quotes, whose words belong to the sentence.
fn across_quote(doc: &Doc, ctx: &DocContext, e: &Event) -> bool {
    [e.source_mention, e.target_mention]
        .into_iter()
        .flatten()
        .any(|m| {
            quotes_holding(doc, ctx, m).any(|i| {
                let q = &doc.quotes[i];
                q.kind == Quote::UTTERANCE && !q.span.contains(e.trigger)
            })
        })
}

/// Every token's normalized text in lower case, in one buffer (a string per token would
/// cost an allocation and 24 bytes each: a 10 MB document has two million tokens).
struct Lowered {
    text: String,
    /// Token i is `text[at[i]..at[i + 1]]`.
    at: Vec<u32>,
}

impl Lowered {
    fn new(doc: &Doc) -> Lowered {
        let mut text = String::with_capacity(doc.normalized_text().len());
        let mut at = Vec::with_capacity(doc.tokens.len() + 1);
        for t in &doc.tokens {
            at.push(text.len() as u32);
            let norm = doc.token_norm(t);
            if norm.is_ascii() {
                text.extend(norm.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                text.push_str(&norm.to_lowercase());
            }
        }
        at.push(text.len() as u32);
        Lowered { text, at }
    }

    /// Token `i` in lower case ("" past the end).
    fn get(&self, i: usize) -> &str {
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.text[a as usize..b as usize],
            _ => "",
        }
    }
}

/// How many sentences from the top may open with a wire dateline (after a headline, a
/// byline, a photo caption).
const DATELINE_SENTENCES: usize = 6;

/// The first token after a wire dateline that opens the sentence `start..end` ("DOHA
/// (Reuters) - ", "KYIV, Ukraine (AP) — ", "BRUSSELS – ", "Anchorage, Alaska: "), else
/// `start`. A dateline says where the story was filed and who filed it: its words are no
/// participants ("DOHA (Reuters) - Israel and Hamas agreed" is not an agreement of Qatar
/// and Reuters). It opens with a capitalised word, all in capitals or a place, and its
/// words up to the dash or colon are capitalised, parenthesised or commas, at most ten.
fn after_dateline(doc: &Doc, lower: &Lowered, start: usize, end: usize) -> usize {
    let raw = |k: usize| doc.slice(doc.tokens[k].span);
    let first = raw(start);
    let shouted = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first.chars().all(|c| !c.is_lowercase());
    let place = doc
        .places
        .iter()
        .any(|p| p.span.start == doc.tokens[start].span.start);
    if !(shouted || place) {
        return start;
    }
    for k in start + 1..(start + 11).min(end) {
        let w = lower.get(k);
        if matches!(w, "-" | "—" | "–" | "--") || (w == ":" && place) {
            return if k + 1 < end { k + 1 } else { start };
        }
        let capitalised = raw(k).chars().next().is_some_and(char::is_uppercase);
        if !(capitalised || matches!(w, "," | "(" | ")" | ".")) {
            return start;
        }
    }
    start
}

/// Document-level look-ups: time, place and quote indexes sorted by position.
struct DocContext {
    times: Vec<usize>,
    places: Vec<usize>,
    quotes: Vec<usize>,
    dateline: Option<usize>,
}

impl DocContext {
    fn new(doc: &Doc) -> DocContext {
        let mut times: Vec<usize> = (0..doc.times.len())
            .filter(|&i| {
                let t = &doc.times[i];
                matches!(t.kind, TimeExpr::DATE | TimeExpr::TIME)
                    && t.value
                        .as_deref()
                        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
            })
            .collect();
        times.sort_by_key(|&i| doc.times[i].span.start);
        let mut places: Vec<usize> = (0..doc.places.len())
            .filter(|&i| !matches!(doc.places[i].mention, "metonym" | "demonym"))
            .collect();
        places.sort_by_key(|&i| doc.places[i].span.start);
        let mut quotes: Vec<usize> = (0..doc.quotes.len()).collect();
        quotes.sort_by_key(|&i| doc.quotes[i].span.start);
        // A place at the very start of the text, before the first sentence's first words
        // end, is the dateline ("ANCHORAGE, Alaska:").
        let dateline = doc.sentences.first().and_then(|s| {
            let first = doc.tokens.get(s.tokens.start as usize)?;
            places
                .iter()
                .copied()
                .find(|&i| doc.places[i].span.start == first.span.start)
        });
        DocContext {
            times,
            places,
            quotes,
            dateline,
        }
    }
}

fn sentence_events(
    s: &Sent<'_>,
    lex: &Lexicon,
    ctx: &DocContext,
    span: Span,
    out: &mut Vec<Event>,
) {
    let doc = s.doc;
    let words: Vec<&str> = (s.start..s.end).map(|i| s.w(i)).collect();
    // 1. Triggers.
    let mut triggers: Vec<Trigger> = Vec::new();
    let mut i = s.start;
    while i < s.end {
        let norm = doc.token_norm(&doc.tokens[i]);
        let capital = norm.chars().next().is_some_and(char::is_uppercase);
        if s.slot[i].is_some() || (capital && i != s.start) {
            i += 1;
            continue;
        }
        let ms = lex.matches_at(&words, i - s.start);
        let Some(best) = ms.first() else {
            i += 1;
            continue;
        };
        let prev = if i > s.start { s.w(i - 1) } else { "" };
        // A word right after a past verb form is its object, so a noun: "enjoyed support",
        // "promised aid" (not after "was"/"has", which make "was attacked" a passive).
        let after_past = i > s.start + 1
            && prev.len() > 4
            && prev.ends_with("ed")
            && !BE.contains(&s.w(i - 2))
            && !matches!(s.w(i - 2), "has" | "have" | "had");
        // "the Russian attack": a word after a nationality adjective is a noun ("Russians
        // attack", a plural people noun, may be a headline's subject and verb).
        let after_nationality = i > s.start
            && !prev.ends_with('s')
            && s.wide_at(i - 1 - s.start)
                .is_some_and(|a| is_nationality(&s.args[a]));
        let noun_context =
            DETERMINERS.contains(&prev) || prev.ends_with("'s") || after_past || after_nationality;
        // "offered to hold talks": a verb that is also a head verb is the head before "to".
        // (Only when an action follows: "offered to send tanks" keeps the verb's own code.)
        let before_to = s.w(i + best.len) == "to"
            && i + best.len + 1 < s.end
            && !lex
                .matches_at(&words, i + best.len + 1 - s.start)
                .is_empty();
        let mut chosen = ms
            .iter()
            .filter(|m| m.len == best.len)
            .find(|m| before_to && !noun_context && lex.entries[m.entry as usize].head.is_some())
            .or_else(|| {
                ms.iter().filter(|m| m.len == best.len).find(|m| {
                    let pos = lex.entries[m.entry as usize].pos;
                    (pos == Pos::Noun) == noun_context
                })
            })
            .unwrap_or(best);
        // "Trump's hosting of Putin": a gerund after a possessive or determiner is a noun.
        let gerund = noun_context
            && lex.entries[chosen.entry as usize].pos != Pos::Noun
            && s.w(i).ends_with("ing");
        if gerund {
            chosen = ms.first().unwrap_or(best);
        }
        triggers.push(Trigger {
            entry: chosen.entry,
            start: i,
            end: i + chosen.len,
            noun: gerund || lex.entries[chosen.entry as usize].pos == Pos::Noun,
        });
        i += chosen.len.max(1);
    }
    if triggers.is_empty() {
        return;
    }
    // 2. Events.
    let mut consumed = vec![false; triggers.len()];
    let mut objects: HashSet<usize> = HashSet::new();
    for ti in 0..triggers.len() {
        if consumed[ti] {
            continue;
        }
        let t = triggers[ti].clone();
        let entry = &lex.entries[t.entry as usize];
        let mut code = entry.code.clone();
        let mut modality: Option<&'static str> = None;
        let mut negated = false;
        let mut confidence: f32 = 0.75;
        let mut trigger_end = t.end;
        let mut target_from = t.end;
        let mut appeal_target: Option<usize> = None;
        let mut complement_entry = None;
        // Head verbs: "vowed to attack", "wants Putin to attack", "refused to meet".
        if let Some(head) = entry.head {
            let mut j = t.end;
            let mut between = None;
            if let Some(a) = s.arg_at(j) {
                between = Some(a);
                j = s.args[a].tokens.end;
            }
            let complement = if s.w(j) == "to" {
                let k = if s.w(j + 1) == "be" { j + 2 } else { j + 1 };
                triggers
                    .iter()
                    .enumerate()
                    .skip(ti + 1)
                    .find(|(_, c)| c.start == k || (c.start == k + 1 && s.w(k).ends_with("ly")))
                    .map(|(ci, _)| ci)
            } else {
                None
            };
            match complement {
                Some(ci) => {
                    consumed[ci] = true;
                    let c = &triggers[ci];
                    let centry = &lex.entries[c.entry as usize];
                    complement_entry = Some(c.entry);
                    trigger_end = c.end;
                    target_from = c.end;
                    let ccode = centry.code.clone();
                    if let Some(a) = between {
                        appeal_target = Some(a);
                        code = codes::appeal(&ccode);
                        modality = Some("appeal");
                    } else {
                        match head {
                            HeadKind::Intent => {
                                code = codes::intent(&ccode);
                                modality = Some(if codes::root_number(&code) == 13 {
                                    "threat"
                                } else {
                                    "intent"
                                });
                            }
                            HeadKind::Threat => {
                                code = codes::threat(&ccode);
                                modality = Some("threat");
                            }
                            HeadKind::Refuse => match codes::rejection(&ccode) {
                                Some(c) => {
                                    code = c;
                                    negated = true;
                                }
                                None => continue,
                            },
                            HeadKind::Pass => code = ccode,
                        }
                    }
                }
                None if entry.pos == Pos::Head => continue,
                None => {}
            }
        }
        let eff = complement_entry.map_or(entry, |c| &lex.entries[c as usize]);
        // Negation just before the trigger (or its head).
        let neg_window = t.start.saturating_sub(3).max(s.start)..t.start;
        if neg_window.clone().any(|k| NEGATORS.contains(&s.w(k))) && !negated {
            match codes::rejection(&code) {
                Some(c) => {
                    code = c;
                    negated = true;
                }
                None => continue,
            }
        }
        // Modality. What only may happen is not coded ("Germany may attack Turkey",
        // "could have an adverse impact").
        let mod_window = t.start.saturating_sub(4).max(s.start)..t.start;
        if mod_window
            .clone()
            .any(|k| matches!(s.w(k), "may" | "might" | "could" | "should"))
        {
            continue;
        }
        // "a war between Russia and NATO could destabilise Europe": an indefinite action
        // noun followed, before any clause break, by what only may happen is itself only
        // possible ("the war … could end" is a war under way).
        if t.noun && indefinite(s, t.start) && hypothetical_after(s, trigger_end) {
            continue;
        }
        if modality.is_none() && mod_window.clone().any(|k| FUTURE.contains(&s.w(k))) {
            modality = Some("future");
            // "announced it would free prisoners": a reported future act of cooperation is an
            // expressed intent (CAMEO 03), not the act.
            if !negated
                && mod_window.clone().any(|k| s.w(k) == "would")
                && (4..=8).contains(&codes::root_number(&code))
            {
                code = codes::intent(&code);
                modality = Some("intent");
            }
        }
        let mut k = t.start;
        while k > s.start && t.start - k < SUBJECT_WINDOW {
            k -= 1;
            let w = s.w(k);
            if matches!(w, "if" | "unless") {
                modality = Some("conditional");
                confidence -= 0.25;
                break;
            }
            if CLAUSE_BREAKS.contains(&w) || w == "," {
                break;
            }
        }
        // "sanctions …, targeting its oil revenues": the aim of sanctions, not of force.
        if codes::root_number(&code) == 19
            && verbal::economic_target(
                s.w(t.start),
                &(trigger_end..s.end).map(|k| s.w(k)).collect::<Vec<_>>(),
            )
        {
            continue;
        }
        // "clashed over the budget": a dispute, not a fight.
        if codes::root_number(&code) == 19
            && s.w(t.start).starts_with("clash")
            && matches!(s.w(trigger_end), "over" | "about" | "regarding")
        {
            continue;
        }
        // "attacked Israel's decision", "blasted Trump over his stance", "sharp attacks on
        // Washington elites": criticism, not force.
        let mut mode = eff.mode;
        if codes::root_number(&code) == 19
            && ((entry.pos == Pos::Verb
                && verbal::can_be_verbal(s.w(t.start))
                && verbal::verbal_object(
                    &(trigger_end..s.end).map(|k| s.w(k)).collect::<Vec<_>>(),
                ))
                || (matches!(s.w(t.start), "attack" | "attacks")
                    && verbal::verbal_noun(
                        &(t.start.saturating_sub(2).max(s.start)..t.start)
                            .map(|k| s.w(k))
                            .collect::<Vec<_>>(),
                    )))
        {
            code = "111".to_string();
            mode = None;
        }
        // Passive: "X was attacked by Y".
        // "There were 10 soldiers killed in …": a participle after the noun of an
        // existential sentence is passive too (the soldiers were killed).
        let existential = s.w(t.start).ends_with("ed")
            && (t.start.saturating_sub(8).max(s.start)..t.start)
                .any(|k| s.w(k) == "there" && BE.contains(&s.w(k + 1)));
        let passive = entry.pos == Pos::Verb
            && t.start > s.start
            && (BE.contains(&s.w(t.start - 1))
                || existential
                || (t.start >= s.start + 2
                    && s.w(t.start - 1).ends_with("ly")
                    && BE.contains(&s.w(t.start - 2))))
            && (s.w(t.start).ends_with("ed") || !s.w(t.start).ends_with("ing"));
        let mut sources: Vec<usize> = Vec::new();
        let mut targets: Vec<usize> = Vec::new();
        let mut light_object: Option<usize> = None;
        let mut pairs_symmetric = false;
        if passive {
            if let Some(b) = by_arg(s, trigger_end, 6) {
                sources = s.group(b);
                if let Some(subj) = subject(s, t.start, &objects) {
                    targets = s.group(subj);
                }
                confidence -= 0.05;
            }
        } else {
            // Source.
            let src = if t.noun {
                // ("its 18th package of sanctions": an unresolved "its" says nothing.)
                possessive_before(s, t.start)
                    .filter(|&a| !s.args[a].unknown)
                    .or_else(|| by_arg(s, t.end, 3))
                    .or_else(|| nationality_before(s, t.start))
                    .or_else(|| from_arg(s, t.end))
                    .or_else(|| {
                        // "engaged Filipino peacekeepers in a firefight": the light verb's
                        // object is the target, its subject the source.
                        let (lv, obj) = light_verb_object(s, t.start)?;
                        light_object = Some(obj);
                        subject(s, lv, &objects)
                    })
                    .or_else(|| {
                        // "held talks", "launching the invasion": the light verb's subject.
                        let lv = light_verb_before(s, t.start)?;
                        confidence -= 0.1;
                        subject(s, lv, &objects)
                    })
            } else {
                subject(s, t.start, &objects)
            };
            if let Some(a) = src {
                // A nationality word before an action noun is that action's one actor
                // ("Israel, the Iranian nuclear deal" is a list, not a pair of parties).
                sources = if s.args[a].structural {
                    vec![a]
                } else {
                    s.group(a)
                };
            }
            // "asked Pakistan to": the one asked stands inside the trigger's pattern.
            if appeal_target.is_none()
                && !t.noun
                && matches!(codes::root_number(&code), 2 | 10)
                && let Some(a) = (t.start + 1..t.end).find_map(|k| s.arg_at(k))
            {
                appeal_target = Some(a);
            }
            // Target.
            if let Some(a) = appeal_target.or(light_object) {
                targets = s.group(a);
            } else if s.w(target_from) == "between"
                || (s.w(target_from) == "of" && s.w(target_from + 1) == "between")
            {
                let b = if s.w(target_from) == "between" {
                    target_from + 1
                } else {
                    target_from + 2
                };
                let b = if s.w(b) == "the" { b + 1 } else { b };
                if let Some(a) = s.arg_at(b) {
                    let g = s.group(a);
                    if g.len() >= 2 && sources.is_empty() {
                        sources = g.clone();
                        pairs_symmetric = true;
                    }
                    targets = g;
                }
            } else if t.noun
                && !PREPOSITIONS.contains(&s.w(target_from))
                // ("sanctions against": the pattern ends with the preposition.)
                && !(t.end > t.start + 1 && PREPOSITIONS.contains(&s.w(t.end - 1)))
            {
                // A noun's target is in a prepositional phrase right after it.
            } else if let Some(a) = (!t.noun)
                .then(|| nationality_of_action(s, target_from, &triggers))
                .flatten()
            {
                // "condemned the Russian attack on Ukraine": the one whose act it was.
                targets = vec![a];
            } else if let Some(a) = target(
                s,
                target_from,
                if t.noun {
                    NOUN_TARGET_WINDOW
                } else {
                    TARGET_WINDOW
                },
                eff.locative,
                &sources,
            ) {
                targets = s.group(a);
            }
        }
        // "rejected the United Nations peace plan": with no one after the pattern, the
        // actor named inside it before a noun it describes (whose plan) is the target.
        // ("warned North Korea against": the pattern's words do not fit that object.)
        if targets.is_empty()
            && !passive
            && !t.noun
            && let Some(a) = (t.start + 1..trigger_end)
                .find_map(|k| s.arg_at(k))
                .filter(|&a| {
                    let after = s.args[a].tokens.end;
                    // ("the Paris agreement", "the Minsk peace plan": where, not whose.)
                    !s.args[a].place_name
                        && !sources.contains(&a)
                        && after < trigger_end
                        && !PREPOSITIONS.contains(&s.w(after))
                        && s.w(after).chars().all(char::is_lowercase)
                })
        {
            targets = s.group(a);
        }
        if targets.is_empty() && eff.symmetric && sources.len() >= 2 {
            targets = sources.clone();
            pairs_symmetric = true;
            confidence -= 0.05;
        }
        if sources.is_empty() || targets.is_empty() {
            continue;
        }
        for &tg in &targets {
            objects.insert(tg);
        }
        let trigger_span = doc.tokens[t.start]
            .span
            .cover(doc.tokens[trigger_end.saturating_sub(1).max(t.start)].span);
        let action = Action {
            code: &code,
            trigger: trigger_span,
            negated,
            modality,
            mode,
            context: eff.context,
            rule: rule_name(entry.pos, passive, pairs_symmetric),
            confidence,
            symmetric: pairs_symmetric,
        };
        emit(s, ctx, span, &action, &sources, &targets, out);
        // "clashed with", "held talks with", "signed a treaty with": what two parties do
        // together is done by each (PETRARCH2's dictionary codes these patterns both ways).
        // A meeting "with" someone is the visitor's (PETRARCH2's gold codes "met with" one
        // way).
        let with = (s.w(target_from) == "with"
            || (target_from > s.start && s.w(target_from - 1) == "with"))
            && !matches!(s.w(t.start), "meet" | "meets" | "met" | "meeting")
            // "offered to hold talks with": what someone means to do is theirs alone.
            && !(t.start > s.start && s.w(t.start - 1) == "to");
        if eff.symmetric && !pairs_symmetric && !passive && with && modality.is_none() && !negated {
            let back = Action {
                rule: RECIPROCAL_RULE,
                ..action
            };
            emit(s, ctx, span, &back, &targets, &sources, out);
        }
    }
}

/// An action read from a sentence, before it is paired with its participants.
struct Action<'a> {
    code: &'a str,
    trigger: Span,
    negated: bool,
    modality: Option<&'static str>,
    mode: Option<&'static str>,
    context: Option<&'static str>,
    rule: &'static str,
    confidence: f32,
    /// Every pair of one conjoined group ("A, B and C met"): capped at [`MAX_PAIRS`].
    symmetric: bool,
}

/// Writes the events of one action: one per source × target pair, with the date, place
/// and quotation of the trigger.
fn emit(
    s: &Sent<'_>,
    ctx: &DocContext,
    span: Span,
    action: &Action<'_>,
    sources: &[usize],
    targets: &[usize],
    out: &mut Vec<Event>,
) {
    let doc = s.doc;
    let trigger_span = action.trigger;
    let mut confidence = action.confidence;
    if sources.iter().any(|&a| s.args[a].pronoun) {
        confidence -= 0.1;
    }
    let quote = quote_of(doc, ctx, trigger_span);
    if quote.is_some() {
        confidence -= 0.1;
    }
    let (date, date_rule, date_span) = date_of(doc, ctx, span, trigger_span);
    // A participant named as a country ("France met …") is not the event's place unless
    // it is in a locative phrase ("fighting in Ukraine").
    let participants: Vec<Span> = sources
        .iter()
        .chain(targets)
        .filter(|&&a| !s.locative(a))
        .map(|&a| s.args[a].span)
        .collect();
    let (mut place, mut place_rule) = place_of(doc, ctx, span, trigger_span, &participants);
    // The dateline says where the reporting happened, not where a dated past event did.
    if place_rule == Some("dateline") && date_rule != "publication" {
        (place, place_rule) = (None, None);
    }
    let code = action.code;
    let mut n = 0;
    for &a in sources {
        for &b in targets {
            let (sa, ta) = (&s.args[a], &s.args[b]);
            // Joined parties toward each other ("A and B agreed"): two with one code
            // ("the governor and turnpike officials", both GOV) say nothing of either.
            if a == b
                || (sa.actor.is_some() && sa.actor == ta.actor)
                || (sources == targets && sa.code == ta.code)
            {
                continue;
            }
            // Unknown participants: written only on request, and never to themselves
            // ("Gondor … Gondor").
            if (sa.unknown || ta.unknown)
                && (!s.unknown_actors
                    || (sa.unknown && ta.unknown && doc.slice(sa.span) == doc.slice(ta.span)))
            {
                continue;
            }
            if action.symmetric && n >= MAX_PAIRS {
                break;
            }
            n += 1;
            out.push(Event {
                span,
                source: sa.code.clone(),
                target: ta.code.clone(),
                goldstein: codes::goldstein(code),
                quad_class: codes::quad_class(code),
                plover: codes::plover(code),
                mode: action.mode,
                context: action.context,
                trigger: trigger_span,
                source_mention: Some(sa.span),
                target_mention: Some(ta.span),
                source_actor: sa.actor,
                target_actor: ta.actor,
                negated: action.negated,
                // Inside a quotation the action is the speaker's claim.
                modality: action.modality.or(quote.is_some().then_some("reported")),
                date: date.clone(),
                date_rule,
                date_span,
                place,
                place_rule,
                quote,
                provenance: Provenance::rule(COMPONENT, action.rule)
                    .with_confidence(confidence.clamp(0.05, 0.95)),
                code: code.to_string(),
            });
            if n >= MAX_PAIRS {
                break;
            }
        }
    }
}

/// The rule of the second direction of a symmetric verb's event with "with" ("X clashed
/// with Y": Y clashed with X).
const RECIPROCAL_RULE: &str = "symmetric-with";

fn rule_name(pos: Pos, passive: bool, symmetric: bool) -> &'static str {
    match (pos, passive, symmetric) {
        (_, _, true) => "symmetric",
        (_, true, _) => "passive-by",
        (Pos::Noun, _, _) => "nominal",
        (Pos::Head, _, _) => "head-complement",
        (Pos::Verb, _, _) => "subject-verb-object",
    }
}

/// A light verb up to five words before a noun, over determiners, numbers and adjectives.
fn light_verb_before(s: &Sent<'_>, at: usize) -> Option<usize> {
    let lo = at.saturating_sub(6).max(s.start);
    let mut k = at;
    while k > lo {
        k -= 1;
        let w = s.w(k);
        // ("adopted its package of sanctions": a possessive pronoun is the noun's.)
        let own = s
            .arg_at(k)
            .is_some_and(|a| s.args[a].pronoun && s.args[a].possessive);
        if (s.arg_at(k).is_some() && !own) || !w.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return None;
        }
        if LIGHT_VERBS
            .iter()
            .any(|stem| w.starts_with(stem) && w.len() <= stem.len() + 4)
        {
            return Some(k);
        }
    }
    None
}

/// "support from Moscow", "aid from France to Ukraine": the actor right after "from"
/// (over an article) following a noun is its source.
fn from_arg(s: &Sent<'_>, at: usize) -> Option<usize> {
    if s.w(at) != "from" {
        return None;
    }
    let k = if matches!(s.w(at + 1), "the" | "a" | "an") {
        at + 2
    } else {
        at + 1
    };
    s.arg_at(k)
}

/// A light verb, its object and "in"/"into" before a noun trigger: "engaged X in a
/// firefight", "drew X into a war". Returns the light verb and the object.
fn light_verb_object(s: &Sent<'_>, at: usize) -> Option<(usize, usize)> {
    let lo = at.saturating_sub(4).max(s.start);
    let mut k = at;
    while k > lo && DETERMINERS.contains(&s.w(k - 1)) {
        k -= 1;
    }
    if k <= s.start || !matches!(s.w(k - 1), "in" | "into") {
        return None;
    }
    let obj = s.arg_at(k.checked_sub(2)?)?;
    let before = s.args[obj].tokens.start.checked_sub(1)?;
    if before < s.start {
        return None;
    }
    let w = s.w(before);
    LIGHT_VERBS
        .iter()
        .any(|stem| w.starts_with(stem) && w.len() <= stem.len() + 4)
        .then_some((before, obj))
}

/// The actor after "by" within `window` tokens of `from`.
fn by_arg(s: &Sent<'_>, from: usize, window: usize) -> Option<usize> {
    let end = (from + window).min(s.end);
    let by = (from..end).find(|&k| s.w(k) == "by")?;
    // "talks mediated by Qatar, Egypt and the United States": who brings the parties
    // together is not one of them.
    if by > s.start && MEDIATING.contains(&s.w(by - 1)) {
        return None;
    }
    let mut k = by + 1;
    while k < s.end && matches!(s.w(k), "the" | "a" | "an") {
        k += 1;
    }
    s.arg_at(k)
}

/// Participles whose "by" phrase names a go-between, not a party.
const MEDIATING: &[&str] = &[
    "mediated",
    "brokered",
    "hosted",
    "facilitated",
    "sponsored",
    "organised",
    "organized",
    "chaired",
];

/// "Trump's threat", "his threat", "Russia's fighting": a possessive up to three words
/// before a noun.
fn possessive_before(s: &Sent<'_>, at: usize) -> Option<usize> {
    let lo = at.saturating_sub(4).max(s.start);
    let mut k = at;
    while k > lo {
        k -= 1;
        if let Some(a) = s.arg_at(k) {
            return s.args[a].possessive.then_some(a);
        }
        let w = s.w(k);
        if w == "'s" {
            continue;
        }
        // Adjectives and quotation marks may stand between; verbs and punctuation not.
        if !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '"')
            || DETERMINERS.contains(&w) && w != "'s"
        {
            return None;
        }
    }
    None
}

/// Whether the noun at `at` opens with "a", "an" or "any", over up to two modifiers ("a
/// new war", "a full-scale war").
fn indefinite(s: &Sent<'_>, at: usize) -> bool {
    (1..=3).any(|back| {
        at >= s.start + back
            && matches!(s.w(at - back), "a" | "an" | "any")
            && (at - back + 1..at).all(|k| {
                s.arg_at(k).is_none() && s.w(k).chars().all(|c| c.is_lowercase() || c == '-')
            })
    })
}

/// Whether a modal of possibility follows a noun phrase ending at `from` within a few
/// words, before any clause break: "(a war) between Russia and NATO could …".
fn hypothetical_after(s: &Sent<'_>, from: usize) -> bool {
    let end = (from + 8).min(s.end);
    for k in from..end {
        let w = s.w(k);
        if matches!(w, "may" | "might" | "could" | "would" | "should") {
            return true;
        }
        if w == "," || CLAUSE_BREAKS.contains(&w) || matches!(w, "that" | "who" | "which") {
            return false;
        }
    }
    false
}

/// A nationality word right before a noun trigger, over at most one lower-case word: "the
/// Russian attack", "the Israeli military operation". The word patterns otherwise pass over
/// such words ("American soil" is no participant); before an action noun it says whose
/// action it is, as a possessive would.
fn nationality_before(s: &Sent<'_>, at: usize) -> Option<usize> {
    for back in 1..=2 {
        let k = at.checked_sub(back).filter(|&k| k >= s.start)?;
        if let Some(a) = s.wide_at(k - s.start) {
            let arg = &s.args[a];
            return (is_nationality(arg) && arg.tokens.end == at - back + 1).then_some(a);
        }
        let w = s.w(k);
        let modifier = !w.is_empty()
            && w.chars().all(|c| c.is_lowercase() || c == '-')
            && !DETERMINERS.contains(&w);
        if s.arg_at(k).is_some() || !modifier {
            return None;
        }
    }
    None
}

/// The nationality word opening a verb's object whose head is an action noun ("condemned
/// the Russian attack on Ukraine"): the target of the verb is the actor of that action.
fn nationality_of_action(s: &Sent<'_>, from: usize, triggers: &[Trigger]) -> Option<usize> {
    let mut k = from;
    while k < s.end && k < from + 3 && DETERMINERS.contains(&s.w(k)) {
        k += 1;
    }
    let a = s.wide_at(k.checked_sub(s.start)?)?;
    let arg = &s.args[a];
    let end = arg.tokens.end;
    // (Not when a "by" phrase names the actor: "the Russian oil embargo by the European
    // Union" is the Union's.)
    (is_nationality(arg)
        && arg.tokens.start == k
        && triggers.iter().any(|t| {
            t.noun && (t.start == end || t.start == end + 1) && by_arg(s, t.end, 3).is_none()
        }))
    .then_some(a)
}

/// A nationality word the word patterns do not see ([`crate::args::Arg::structural`], with
/// an actor: people nouns without a country have none).
fn is_nationality(arg: &Arg) -> bool {
    arg.structural && arg.actor.is_some()
}

fn subject(s: &Sent<'_>, at: usize, objects: &HashSet<usize>) -> Option<usize> {
    subject_within(s, at, objects, SUBJECT_WINDOW)
}

/// The nearest actor to the left that is not in a prepositional phrase nor an earlier
/// event's object, within the clause.
fn subject_within(
    s: &Sent<'_>,
    at: usize,
    objects: &HashSet<usize>,
    window: usize,
) -> Option<usize> {
    let lo = at.saturating_sub(window).max(s.start);
    let mut k = at;
    let mut fallback = None;
    while k > lo {
        k -= 1;
        let w = s.w(k);
        if w == ";" || w == ":" {
            break;
        }
        if let Some(a) = s.arg_at(k) {
            k = s.args[a].tokens.start;
            if s.after_preposition(a) || (s.args[a].possessive && !s.args[a].pronoun && k + 2 > at)
            {
                continue;
            }
            if objects.contains(&a) {
                fallback.get_or_insert(a);
                continue;
            }
            return Some(a);
        }
    }
    fallback
}

/// The first actor after `from` within the clause.
fn target(
    s: &Sent<'_>,
    from: usize,
    window: usize,
    locative_ok: bool,
    sources: &[usize],
) -> Option<usize> {
    let end = (from + window).min(s.end);
    let mut k = from;
    while k < end {
        let w = s.w(k);
        if CLAUSE_BREAKS.contains(&w) || matches!(w, "who" | "which" | "said" | "says") {
            return None;
        }
        if let Some(a) = s.arg_at(k) {
            let arg = &s.args[a];
            k = arg.tokens.end;
            if sources.contains(&a) {
                continue;
            }
            if !locative_ok && s.locative(a) {
                continue;
            }
            // "…, Qatar's prime minister said": the speaker of a report placed after it.
            if arg.tokens.start > s.start
                && s.w(arg.tokens.start - 1) == ","
                && (k..(k + 4).min(s.end)).any(|j| REPORTING_AFTER.contains(&s.w(j)))
            {
                return None;
            }
            return Some(a);
        }
        k += 1;
    }
    None
}

/// Verbs that close a report with its speaker ("…, the minister said").
const REPORTING_AFTER: &[&str] = &["said", "says", "told", "added", "reported", "announced"];

/// The quotations holding `span`, innermost (latest-starting) first, with a bounded
/// look-back for deeply nested or overlapping quotations.
fn quotes_holding<'d>(
    doc: &'d Doc,
    ctx: &'d DocContext,
    span: Span,
) -> impl Iterator<Item = usize> + 'd {
    let hi = ctx
        .quotes
        .partition_point(|&i| doc.quotes[i].span.start <= span.start);
    ctx.quotes[..hi]
        .iter()
        .rev()
        .take(64)
        .copied()
        .filter(move |&i| doc.quotes[i].span.contains(span))
}

/// The innermost quotation holding the trigger whose words are a claim: not reported
/// speech attributed after the fact ("…, South Korea's military said.", see
/// [`Quote::RULE_SAID_AFTER`]), which news attaches to what it reports as happened.
fn quote_of(doc: &Doc, ctx: &DocContext, span: Span) -> Option<u32> {
    quotes_holding(doc, ctx, span)
        .find(|&i| doc.quotes[i].provenance.rule != Quote::RULE_SAID_AFTER)
        .map(|i| i as u32)
}

fn date_of(
    doc: &Doc,
    ctx: &DocContext,
    sentence: Span,
    trigger: Span,
) -> (Option<String>, &'static str, Option<Span>) {
    let lo = ctx
        .times
        .partition_point(|&i| doc.times[i].span.start < sentence.start);
    let hi = ctx
        .times
        .partition_point(|&i| doc.times[i].span.start < sentence.end);
    let dist = |sp: Span| {
        if sp.start >= trigger.end {
            sp.start - trigger.end
        } else {
            trigger.start.saturating_sub(sp.end)
        }
    };
    if let Some(&i) = ctx.times[lo..hi]
        .iter()
        .min_by_key(|&&i| dist(doc.times[i].span))
    {
        let t = &doc.times[i];
        return (t.value.clone(), "sentence-time", Some(t.span));
    }
    match &doc.meta.published {
        Some(p) => (Some(p.to_string()), "publication", None),
        None => (None, "none", None),
    }
}

fn place_of(
    doc: &Doc,
    ctx: &DocContext,
    sentence: Span,
    trigger: Span,
    participants: &[Span],
) -> (Option<u32>, Option<&'static str>) {
    let free = |i: usize| !participants.iter().any(|p| p.contains(doc.places[i].span));
    let lo = ctx
        .places
        .partition_point(|&i| doc.places[i].span.start < sentence.start);
    let hi = ctx
        .places
        .partition_point(|&i| doc.places[i].span.start < sentence.end);
    // Prefer a place after the trigger ("met … in Anchorage"), then the nearest before.
    let after = ctx.places[lo..hi]
        .iter()
        .find(|&&i| doc.places[i].span.start >= trigger.end && free(i));
    let before = ctx.places[lo..hi]
        .iter()
        .rev()
        .find(|&&i| doc.places[i].span.end <= trigger.start && free(i));
    if let Some(&i) = after.or(before) {
        return (Some(i as u32), Some("sentence-place"));
    }
    match ctx.dateline {
        Some(i) => (Some(i as u32), Some("dateline")),
        None => (None, None),
    }
}
