//! Chunks over Penn tags: noun phrases, verb groups, prepositions; and for each verb group
//! its voice, negation, modality, the verbs it is the complement of, and the phrases around
//! it (subject, object, prepositional phrases, the agent of a passive).
//!
//! This is the first half of the syntax layer: the event coder needs who did what to whom,
//! and until the dependency parse of stage 1 exists, chunks and a few positional rules give
//! a usable approximation for the short declarative sentences of news leads. The rules:
//!
//! * **Verb group**: adverbs, a modal, auxiliaries (forms of *be*, *have*, *do*, *get*),
//!   the main verb and its particle ("called off"); a verb followed by *to* and a verb is
//!   the *governor* of that verb and stays in the group ("threatened to impose"), so the
//!   head is the last verb. Negation: *not*, *n't*, *never* inside the group. Modality: its
//!   modal (*may*, *might*, *could*, *would*, *should* are hypothetical). A past
//!   participle (or a past tense, a common tagging slip) right after *be* or *get* in the
//!   head's own verb chain makes the group passive; so does a lone participle followed by
//!   *by* ("the embassy, attacked by gunmen").
//! * **Noun phrase**: determiners, numbers, adjectives, nouns, possessive *'s* and
//!   participles used as modifiers ("the ruling party", "in armed clashes"); a pronoun is a
//!   phrase of its own, and so is a gerund opening the sentence before a preposition or a
//!   verb ("Shelling from India hit villages"). Its head is its last noun (the possessor
//!   stays inside: "Germany 's foreign minister" is one phrase headed by "minister"); the
//!   prepositional phrases right after it are [`Chunks::preps_after`].
//! * **Preposition**: a preposition followed by a noun phrase (its object). Words that
//!   introduce clauses ("that", "because", "whether"; "after"/"before"/"since" when a verb
//!   follows the noun phrase) are not prepositions.
//! * **Subject**: the nearest noun phrase before the group that is not the object of a
//!   preposition, with the phrases coordinated with it ("France and Germany"), looking
//!   through a relative clause to its antecedent ("the minister, who was attacked,
//!   resigned") and over a participle clause ("the embassy, attacked by gunmen, closed"),
//!   and taking the subject of the previous group for a coordinated verb
//!   ("stormed the embassy and burned the flag").
//! * **Object**: a noun phrase right after the group (and those coordinated with it);
//!   then the prepositional phrases that follow; the object of a *by* phrase after a
//!   passive group is its **agent**.
//!
//! Known limits, left to the dependency parse: a clause inside the subject ("police said
//! the man who attacked the embassy was arrested" gives "was arrested" the subject "the
//! embassy"), attachment of prepositional phrases (all of them are listed for the verb,
//! even those that belong to its object), coordination of whole clauses beyond "and" +
//! verb, and fronted objects and questions.

use std::ops::Range;

use crate::Tag;

/// What a chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkKind {
    /// Noun phrase.
    Np,
    /// Verb group.
    Vp,
    /// Preposition (the phrase's object is the noun phrase after it).
    Pp,
}

impl ChunkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChunkKind::Np => "NP",
            ChunkKind::Vp => "VP",
            ChunkKind::Pp => "PP",
        }
    }
}

/// A run of tokens of one kind. Token indexes are positions in the sentence given to
/// [`chunk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub kind: ChunkKind,
    pub tokens: Range<usize>,
    /// The head token: a noun phrase's last noun, a verb group's main verb, a preposition's
    /// last word.
    pub head: usize,
}

/// Active or passive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    Active,
    Passive,
}

/// The modal of a verb group, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// may, might
    May,
    /// can
    Can,
    /// could
    Could,
    /// would
    Would,
    /// should, ought
    Should,
    /// will, shall, 'll, wo (of "wo n't")
    Will,
    /// must
    Must,
    /// any other word tagged MD
    Other,
}

impl Modality {
    fn of(word: &str) -> Modality {
        const TABLE: &[(&str, Modality)] = &[
            ("may", Modality::May),
            ("might", Modality::May),
            ("can", Modality::Can),
            ("ca", Modality::Can),
            ("could", Modality::Could),
            ("would", Modality::Would),
            ("'d", Modality::Would),
            ("should", Modality::Should),
            ("ought", Modality::Should),
            ("will", Modality::Will),
            ("shall", Modality::Will),
            ("'ll", Modality::Will),
            ("wo", Modality::Will),
            ("must", Modality::Must),
        ];
        TABLE
            .iter()
            .find(|(w, _)| word.eq_ignore_ascii_case(w))
            .map_or(Modality::Other, |(_, m)| *m)
    }
}

/// What a verb that takes a *to*-infinitive says about it ("threatened to", "refused to").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Complement {
    /// threaten
    Threat,
    /// refuse, decline
    Refusal,
    /// promise, pledge, vow, swear
    Promise,
    /// plan, intend, aim, want, hope, wish, expect, prepare, decide
    Intention,
    /// try, attempt, seek
    Attempt,
    /// agree, offer, consent
    Agreement,
    /// fail
    Failure,
    /// any other verb
    Other,
}

impl Complement {
    /// The class of a verb form ("threatened", "refuses", "planning", "sought").
    pub fn of(word: &str) -> Complement {
        const TABLE: &[(&str, Complement)] = &[
            ("threaten", Complement::Threat),
            ("refuse", Complement::Refusal),
            ("decline", Complement::Refusal),
            ("promise", Complement::Promise),
            ("pledge", Complement::Promise),
            ("vow", Complement::Promise),
            ("swear", Complement::Promise),
            ("swore", Complement::Promise),
            ("sworn", Complement::Promise),
            ("plan", Complement::Intention),
            ("intend", Complement::Intention),
            ("aim", Complement::Intention),
            ("want", Complement::Intention),
            ("hope", Complement::Intention),
            ("wish", Complement::Intention),
            ("expect", Complement::Intention),
            ("prepare", Complement::Intention),
            ("decide", Complement::Intention),
            ("try", Complement::Attempt),
            ("attempt", Complement::Attempt),
            ("seek", Complement::Attempt),
            ("sought", Complement::Attempt),
            ("agree", Complement::Agreement),
            ("offer", Complement::Agreement),
            ("consent", Complement::Agreement),
            ("fail", Complement::Failure),
        ];
        let w = word.to_ascii_lowercase();
        let mut candidates: Vec<String> = vec![w.clone()];
        let mut push_stem = |stem: &str| {
            candidates.push(stem.to_string());
            candidates.push(format!("{stem}e"));
            // "planned", "planning": a doubled final consonant.
            let b = stem.as_bytes();
            // (ASCII letters only: equal final bytes of a multi-byte character are no
            // doubled consonant, and cutting one would split the character)
            if b.len() >= 2
                && b[b.len() - 1].is_ascii_alphabetic()
                && b[b.len() - 1] == b[b.len() - 2]
            {
                candidates.push(stem[..stem.len() - 1].to_string());
            }
        };
        for suffix in ["s", "es", "ed", "d", "ing"] {
            if let Some(stem) = w.strip_suffix(suffix).filter(|s| !s.is_empty()) {
                push_stem(stem);
            }
        }
        for suffix in ["ied", "ies"] {
            if let Some(stem) = w.strip_suffix(suffix).filter(|s| !s.is_empty()) {
                candidates.push(format!("{stem}y"));
            }
        }
        candidates
            .iter()
            .find_map(|c| TABLE.iter().find(|(l, _)| l == c).map(|(_, k)| *k))
            .unwrap_or(Complement::Other)
    }
}

/// A preposition and its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prep {
    /// The preposition's chunk.
    pub prep: usize,
    /// The noun phrase chunk it governs.
    pub object: usize,
}

/// A verb group and what surrounds it. Chunk references are indexes into
/// [`Chunks::chunks`]; token references are positions in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbGroup {
    /// The group's own chunk.
    pub chunk: usize,
    /// The main verb (the last verb of the group).
    pub head: usize,
    pub voice: Voice,
    /// The negation word, if any.
    pub negation: Option<usize>,
    /// The (first) modal and its meaning.
    pub modal: Option<(usize, Modality)>,
    /// Verbs that take the head (or a verb before it) as a to-infinitive, outermost first:
    /// "threatened" in "threatened to impose".
    pub governors: Vec<(usize, Complement)>,
    /// A particle after the head ("off" in "called off").
    pub particle: Option<usize>,
    /// Subject noun phrases (the patient, for a passive).
    pub subjects: Vec<usize>,
    /// Object noun phrases right after the group.
    pub objects: Vec<usize>,
    /// Prepositional phrases after the group and its objects, in order.
    pub preps: Vec<Prep>,
    /// The noun phrase of the *by* phrase after a passive group.
    pub agent: Option<usize>,
    /// The tokens the subjects span with the words that hang from them (their phrases and
    /// appositions; their relative and participle clauses left out), where a dependency parse
    /// names the subject of the group's own clause ([`crate::dep::frames`]); `None` from the
    /// chunker, and for a subject taken from a governing verb or a modified noun.
    pub subject_extent: Option<Range<usize>>,
    /// The tokens each object and each prepositional object spans with the words that hang
    /// from it, its relative and participle clauses left out, where a dependency parse gave
    /// the frame; empty from the chunker.
    pub object_extents: Vec<Range<usize>>,
}

impl VerbGroup {
    pub fn is_negated(&self) -> bool {
        self.negation.is_some()
    }

    /// May, might, could, would, should: what the group says is not said to have happened.
    pub fn is_hypothetical(&self) -> bool {
        matches!(
            self.modal,
            Some((
                _,
                Modality::May | Modality::Could | Modality::Would | Modality::Should
            ))
        )
    }
}

/// The chunks of one sentence and its verb groups, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunks {
    pub chunks: Vec<Chunk>,
    pub verbs: Vec<VerbGroup>,
}

impl Chunks {
    /// The noun phrase a preposition chunk governs (the chunk right after it).
    pub fn object_of(&self, prep: usize) -> Option<usize> {
        let p = self.chunks.get(prep).filter(|c| c.kind == ChunkKind::Pp)?;
        let next = self.chunks.get(prep + 1)?;
        (next.kind == ChunkKind::Np && next.tokens.start == p.tokens.end).then_some(prep + 1)
    }

    /// The prepositional phrases that follow chunk `c` without a gap: the modifiers of a
    /// noun phrase ("an air strike [on the camp]", "shelling [from India]").
    pub fn preps_after(&self, c: usize) -> Vec<Prep> {
        let mut out = Vec::new();
        let mut at = c;
        while let Some(next) = self.chunks.get(at + 1) {
            if next.tokens.start != self.chunks[at].tokens.end {
                break;
            }
            let Some(object) = self.object_of(at + 1) else {
                break;
            };
            out.push(Prep {
                prep: at + 1,
                object,
            });
            at = object;
        }
        out
    }
}

const BE: &[&str] = &[
    "be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m",
];
const GET: &[&str] = &["get", "gets", "got", "gotten", "getting"];
const HAVE: &[&str] = &["have", "has", "had", "having", "'ve", "'d"];
const DO: &[&str] = &["do", "does", "did"];
const NEGATION: &[&str] = &["not", "n't", "never"];
/// Most words between a verb group and the comma of a participle that shares its subject.
const PARTICIPLE_REACH: usize = 10;
/// Prepositions that round a number ("over 150 prisoners").
const APPROXIMATORS: &[&str] = &["over", "about", "around", "nearly", "almost", "some"];
/// Words tagged IN that always introduce a clause, never a prepositional phrase.
const CLAUSE_ONLY: &[&str] = &[
    "that", "whether", "if", "because", "although", "though", "while", "unless", "whereas", "once",
];
/// Words that introduce a clause when a verb follows the noun phrase after them.
const CLAUSE_OR_PREP: &[&str] = &["after", "before", "since", "until", "till", "as"];

fn is_any(word: &str, set: &[&str]) -> bool {
    set.iter().any(|s| word.eq_ignore_ascii_case(s))
}

/// One sentence being chunked.
struct Sentence<'a> {
    words: Vec<&'a str>,
    tags: &'a [Tag],
}

impl Sentence<'_> {
    fn len(&self) -> usize {
        self.tags.len()
    }

    fn tag(&self, i: usize) -> Option<Tag> {
        self.tags.get(i).copied()
    }

    fn is(&self, i: usize, set: &[&str]) -> bool {
        self.words.get(i).is_some_and(|w| is_any(w, set))
    }

    /// A modal, or a form of be/have/do/get tagged as a verb.
    fn is_aux(&self, i: usize) -> bool {
        match self.tag(i) {
            Some(Tag::Md) => true,
            Some(t) if t.is_verb() => {
                self.is(i, BE) || self.is(i, HAVE) || self.is(i, DO) || self.is(i, GET)
            }
            _ => false,
        }
    }

    /// A participle that modifies a noun ("the ruling party", "in armed clashes",
    /// "release detained sailors") rather than being a verb.
    fn is_modifier(&self, i: usize) -> bool {
        let t = self.tags[i];
        if !matches!(t, Tag::Vbn | Tag::Vbg) {
            return false;
        }
        if !self
            .tag(i + 1)
            .is_some_and(|n| n.is_noun() || n.is_adjective())
        {
            return false;
        }
        let Some(prev) = i.checked_sub(1).and_then(|p| self.tag(p)) else {
            return true;
        };
        matches!(
            prev,
            Tag::Dt
                | Tag::Pdt
                | Tag::PrpS
                | Tag::WpS
                | Tag::Cd
                | Tag::Pos
                | Tag::OpenQuote
                | Tag::Lrb
        ) || prev.is_adjective()
            || (t == Tag::Vbn && prev == Tag::In)
            || (prev.is_verb() && !self.is_aux(i - 1))
    }

    /// "according" of "according to", which is a preposition.
    fn is_according(&self, i: usize) -> bool {
        self.is(i, &["according"]) && self.is(i + 1, &["to"])
    }

    /// A gerund that opens the sentence as its subject: "Shelling from India hit
    /// villages", "Fighting continued" (followed by a preposition or a finite verb).
    fn is_gerund_subject(&self, i: usize) -> bool {
        self.tags[i] == Tag::Vbg
            && (i == 0 || matches!(self.tags[i - 1], Tag::OpenQuote | Tag::Lrb))
            && matches!(
                self.tag(i + 1),
                Some(Tag::In | Tag::Vbd | Tag::Vbz | Tag::Vbp | Tag::Md)
            )
            && !self.is_according(i)
    }

    fn starts_verb(&self, i: usize) -> bool {
        match self.tag(i) {
            Some(Tag::Md) => true,
            Some(t) if t.is_verb() => {
                !self.is_modifier(i) && !self.is_according(i) && !self.is_gerund_subject(i)
            }
            _ => false,
        }
    }

    fn is_adverb(&self, i: usize) -> bool {
        self.tag(i).is_some_and(Tag::is_adverb)
    }

    /// Where the verb group starting at `start` (with its verb at `verb`) ends.
    fn verb_group_end(&self, verb: usize) -> usize {
        let n = self.len();
        let mut k = verb;
        loop {
            let mut next = k + 1;
            if self.tag(next) == Some(Tag::Rp) {
                next += 1;
            }
            let mut m = next;
            while self.is_adverb(m) {
                m += 1;
            }
            if m < n && self.is_aux(k) && self.tags[m].is_verb() {
                k = m;
                continue;
            }
            if self.tag(m) == Some(Tag::To) {
                let mut v = m + 1;
                while self.is_adverb(v) {
                    v += 1;
                }
                if self.tag(v) == Some(Tag::Vb) {
                    k = v;
                    continue;
                }
            }
            let mut end = next;
            while self.is_adverb(end) && self.is(end, NEGATION) {
                end += 1;
            }
            return end;
        }
    }

    fn np_can_start(&self, i: usize) -> bool {
        let t = self.tags[i];
        self.is_approximator(i)
            || matches!(
                t,
                Tag::Pdt
                    | Tag::Dt
                    | Tag::PrpS
                    | Tag::WpS
                    | Tag::Wdt
                    | Tag::Cd
                    | Tag::Dollar
                    | Tag::Hash
                    | Tag::Prp
                    | Tag::Ex
                    | Tag::Wp
            )
            || t.is_adjective()
            || t.is_noun()
            || self.is_modifier(i)
    }

    /// A preposition that only rounds the number after it ("over 150 prisoners", "about
    /// 20 soldiers"): it belongs to the noun phrase, which is the verb's object, not a
    /// prepositional phrase.
    fn is_approximator(&self, i: usize) -> bool {
        self.tags[i] == Tag::In && self.tag(i + 1) == Some(Tag::Cd) && self.is(i, APPROXIMATORS)
    }

    fn np_inside(&self, i: usize) -> bool {
        let t = self.tags[i];
        matches!(t, Tag::Cd | Tag::Pos | Tag::Dollar | Tag::Hash)
            || t.is_adjective()
            || t.is_noun()
            || self.is_modifier(i)
            || (t == Tag::Cc
                && i > 0
                && self.tags[i - 1].is_adjective()
                && self.tag(i + 1).is_some_and(Tag::is_adjective))
    }
}

fn np_head_like(t: Tag) -> bool {
    t.is_noun()
        || matches!(
            t,
            Tag::Cd | Tag::Prp | Tag::Ex | Tag::Wp | Tag::Wdt | Tag::Dollar | Tag::Hash
        )
}

/// Chunks one sentence: its words (treebank spelling; only a few function words are
/// looked at) and their tags. Extra words or tags beyond the shorter of the two are
/// ignored.
pub fn chunk<S: AsRef<str>>(words: &[S], tags: &[Tag]) -> Chunks {
    let n = words.len().min(tags.len());
    let s = Sentence {
        words: words[..n].iter().map(AsRef::as_ref).collect(),
        tags: &tags[..n],
    };
    // (tokens, kind, head), found in three passes, then put in text order.
    let mut raw: Vec<(Range<usize>, ChunkKind, usize)> = Vec::new();
    let mut taken = vec![false; n];

    // Verb groups.
    let mut i = 0;
    while i < n {
        let mut v = i;
        while s.is_adverb(v) {
            v += 1;
        }
        if v < n && s.starts_verb(v) {
            let end = s.verb_group_end(v);
            let head = (i..end).rev().find(|&k| s.tags[k].is_verb()).unwrap_or(v);
            raw.push((i..end, ChunkKind::Vp, head));
            taken[i..end].iter_mut().for_each(|t| *t = true);
            i = end;
        } else {
            i += 1;
        }
    }

    // Noun phrases.
    let mut np_at = vec![None::<usize>; n + 1];
    let mut i = 0;
    while i < n {
        if taken[i] || !(s.np_can_start(i) || s.is_gerund_subject(i)) {
            i += 1;
            continue;
        }
        if s.is_gerund_subject(i) {
            np_at[i] = Some(raw.len());
            raw.push((i..i + 1, ChunkKind::Np, i));
            taken[i] = true;
            i += 1;
            continue;
        }
        let t = s.tags[i];
        let pronoun = matches!(t, Tag::Prp | Tag::Ex | Tag::Wp)
            || (t == Tag::Wdt
                && !s
                    .tag(i + 1)
                    .is_some_and(|n| n.is_noun() || n.is_adjective()));
        let mut j = i + 1;
        if !pronoun {
            if t == Tag::Pdt && s.tag(j) == Some(Tag::Dt) {
                j += 1;
            }
            while j < n && !taken[j] && s.np_inside(j) {
                j += 1;
            }
        }
        let head = (i..j).rev().find(|&k| np_head_like(s.tags[k]));
        let lone_determiner = j == i + 1 && t == Tag::Dt;
        if head.is_none() && !lone_determiner {
            i += 1;
            continue;
        }
        np_at[i] = Some(raw.len());
        raw.push((i..j, ChunkKind::Np, head.unwrap_or(i)));
        taken[i..j].iter_mut().for_each(|t| *t = true);
        i = j;
    }
    let vp_at: Vec<bool> = {
        let mut v = vec![false; n + 1];
        for (r, k, _) in &raw {
            if *k == ChunkKind::Vp {
                v[r.start] = true;
            }
        }
        v
    };

    // Prepositions, each with the noun phrase after it.
    let mut pp_objects: Vec<(usize, usize)> = Vec::new(); // (raw pp, raw np)
    for i in 0..n {
        if taken[i] {
            continue;
        }
        let (range, obj_at) = if s.is_according(i) && !taken[i + 1] {
            (i..i + 2, i + 2)
        } else if matches!(s.tags[i], Tag::In | Tag::To) {
            (i..i + 1, i + 1)
        } else {
            continue;
        };
        let Some(np) = np_at[obj_at] else {
            continue;
        };
        if s.is(i, CLAUSE_ONLY) {
            continue;
        }
        if s.is(i, CLAUSE_OR_PREP) && vp_at[raw[np].0.end] {
            continue;
        }
        let head = range.end - 1;
        taken[range.clone()].iter_mut().for_each(|t| *t = true);
        pp_objects.push((raw.len(), np));
        raw.push((range, ChunkKind::Pp, head));
    }

    // Text order.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by_key(|&r| raw[r].0.start);
    let mut final_of = vec![0usize; raw.len()];
    for (f, &r) in order.iter().enumerate() {
        final_of[r] = f;
    }
    let chunks: Vec<Chunk> = order
        .iter()
        .map(|&r| Chunk {
            kind: raw[r].1,
            tokens: raw[r].0.clone(),
            head: raw[r].2,
        })
        .collect();
    let mut pp_object = vec![None::<usize>; chunks.len()];
    let mut is_pp_object = vec![false; chunks.len()];
    for (pp, np) in pp_objects {
        pp_object[final_of[pp]] = Some(final_of[np]);
        is_pp_object[final_of[np]] = true;
    }

    let frames = Frames {
        s: &s,
        chunks: &chunks,
        pp_object: &pp_object,
        is_pp_object: &is_pp_object,
    };
    let mut verbs: Vec<VerbGroup> = Vec::new();
    for (c, ch) in chunks.iter().enumerate() {
        if ch.kind != ChunkKind::Vp {
            continue;
        }
        let group = frames.verb_group(c, verbs.last());
        verbs.push(group);
    }
    Chunks { chunks, verbs }
}

/// Works out each verb group's properties and surroundings from the chunks.
struct Frames<'a> {
    s: &'a Sentence<'a>,
    chunks: &'a [Chunk],
    pp_object: &'a [Option<usize>],
    is_pp_object: &'a [bool],
}

impl Frames<'_> {
    /// The tokens between chunk `a` and chunk `b` (a before b).
    fn gap(&self, a: usize, b: usize) -> Range<usize> {
        self.chunks[a].tokens.end..self.chunks[b].tokens.start
    }

    /// Whether the tokens between two noun phrases coordinate them: "and", "or", a comma,
    /// or a comma and a conjunction.
    fn coordinates(&self, gap: Range<usize>) -> bool {
        let s = self.s;
        match gap.len() {
            1 => s.tags[gap.start] == Tag::Cc || s.tags[gap.start] == Tag::Comma,
            2 => s.tags[gap.start] == Tag::Comma && s.tags[gap.start + 1] == Tag::Cc,
            _ => false,
        }
    }

    fn is_np(&self, c: usize) -> bool {
        self.chunks[c].kind == ChunkKind::Np
    }

    /// A relative pronoun standing alone ("who", "which", "that").
    fn is_relative(&self, c: usize) -> bool {
        let ch = &self.chunks[c];
        ch.kind == ChunkKind::Np
            && ch.tokens.len() == 1
            && matches!(self.s.tags[ch.tokens.start], Tag::Wp | Tag::Wdt)
    }

    /// A lone participle after a comma ("the embassy, attacked by gunmen, closed"): a
    /// clause about the noun before it, which the walk to a subject passes over.
    fn is_participle_clause(&self, c: usize) -> bool {
        let ch = &self.chunks[c];
        c > 0
            && ch.tokens.len() == 1
            && self.s.tags[ch.tokens.start] == Tag::Vbn
            && self.gap(c - 1, c).len() == 1
            && self.s.tags[ch.tokens.start - 1] == Tag::Comma
    }

    /// Noun phrase `c` and those coordinated with it before it, in text order.
    fn coordinated_back(&self, c: usize) -> Vec<usize> {
        let mut out = vec![c];
        let mut q = c;
        while q > 0
            && self.is_np(q - 1)
            && !self.is_pp_object[q - 1]
            && !self.is_relative(q - 1)
            && self.coordinates(self.gap(q - 1, q))
        {
            q -= 1;
            out.push(q);
        }
        out.reverse();
        out
    }

    /// Noun phrase `c` and those coordinated with it after it.
    fn coordinated_forward(&self, c: usize) -> Vec<usize> {
        let mut out = vec![c];
        let mut q = c;
        while q + 1 < self.chunks.len() && self.is_np(q + 1) && self.coordinates(self.gap(q, q + 1))
        {
            q += 1;
            out.push(q);
        }
        out
    }

    /// What a relative pronoun at chunk `c` stands for: the noun phrase before it.
    fn antecedent(&self, c: usize) -> Vec<usize> {
        if c > 0 && self.is_np(c - 1) {
            let gap = self.gap(c - 1, c);
            if gap.is_empty() || (gap.len() == 1 && self.s.tags[gap.start] == Tag::Comma) {
                return self.coordinated_back(c - 1);
            }
        }
        vec![c]
    }

    fn subjects(&self, c: usize, previous: Option<&VerbGroup>) -> Vec<usize> {
        let s = self.s;
        let start = self.chunks[c].tokens.start;
        if start > 0 && s.tags[start - 1] == Tag::Cc {
            // "stormed the embassy and burned the flag": the second verb shares the subject.
            if let Some(p) = previous {
                return p.subjects.clone();
            }
        }
        // "Rebels attacked a convoy, killing five soldiers": a participle after a comma
        // tells more of what the previous verb's subject did, when nothing between them
        // opens another clause ("comes a day before Sarkozy heads to Beijing, seeking …").
        if start > 0
            && s.tags[start - 1] == Tag::Comma
            && s.tags[start] == Tag::Vbg
            && let Some(p) = previous.filter(|p| !p.subjects.is_empty())
            && let Some(verb_end) = self.chunks.get(p.chunk).map(|v| v.tokens.end)
            && start - verb_end <= PARTICIPLE_REACH
            && !(verb_end..start).any(|k| s.is(k, CLAUSE_ONLY) || s.is(k, CLAUSE_OR_PREP))
        {
            return p.subjects.clone();
        }
        let mut j = c;
        while j > 0 {
            let p = j - 1;
            if self.gap(p, j).any(|k| s.tags[k] == Tag::Colon) {
                break;
            }
            match self.chunks[p].kind {
                ChunkKind::Np if self.is_pp_object[p] => j = p,
                ChunkKind::Np if self.is_relative(p) => return self.antecedent(p),
                ChunkKind::Np => return self.coordinated_back(p),
                ChunkKind::Pp => j = p,
                ChunkKind::Vp => {
                    if p > 0 && self.is_relative(p - 1) {
                        return self.antecedent(p - 1);
                    }
                    if self.is_participle_clause(p) {
                        j = p;
                        continue;
                    }
                    break;
                }
            }
        }
        Vec::new()
    }

    fn verb_group(&self, c: usize, previous: Option<&VerbGroup>) -> VerbGroup {
        let s = self.s;
        let ch = &self.chunks[c];
        let range = ch.tokens.clone();
        let head = ch.head;
        let negation = range.clone().find(|&k| s.is(k, NEGATION));
        let modal = range
            .clone()
            .find(|&k| s.tags[k] == Tag::Md)
            .map(|k| (k, Modality::of(s.words[k])));
        let particle = (head + 1 < range.end && s.tags[head + 1] == Tag::Rp).then_some(head + 1);

        // The verbs before each "to": the governors.
        let mut governors = Vec::new();
        let mut last_to = None;
        for k in range.clone() {
            if s.tags[k] != Tag::To {
                continue;
            }
            last_to = Some(k);
            let gov = (range.start..k)
                .rev()
                .find(|&g| s.tags[g].is_verb() || s.tags[g] == Tag::Md);
            if let Some(g) = gov.filter(|&g| s.tags[g].is_verb() && !s.is_aux(g)) {
                governors.push((g, Complement::of(s.words[g])));
            }
        }

        // Voice, from the head's own chain (after the last "to").
        let chain = last_to.map_or(range.start, |t| t + 1)..head;
        let before_head = chain.clone().rev().find(|&k| !s.tags[k].is_adverb());
        let passive_aux = |k: usize| s.tags[k].is_verb() && (s.is(k, BE) || s.is(k, GET));
        let voice = match s.tags[head] {
            Tag::Vbn if chain.clone().any(passive_aux) => Voice::Passive,
            Tag::Vbd if before_head.is_some_and(passive_aux) => Voice::Passive,
            Tag::Vbn
                if modal.is_none()
                    && !range.clone().any(|k| k != head && s.is_aux(k))
                    && s.is(range.end, &["by"]) =>
            {
                Voice::Passive
            }
            _ => Voice::Active,
        };

        let subjects = self.subjects(c, previous);
        let mut next = c + 1;
        let mut objects = Vec::new();
        if next < self.chunks.len() && self.is_np(next) && self.gap(c, next).is_empty() {
            let objs = self.coordinated_forward(next);
            let after = objs.last().map_or(next, |&o| o + 1);
            // A noun phrase followed by a verb is the subject of a clause ("said gunmen
            // attacked"), not an object.
            let clause = after < self.chunks.len()
                && self.chunks[after].kind == ChunkKind::Vp
                && self.gap(after - 1, after).is_empty();
            if !clause {
                next = after;
                objects = objs;
            }
        }
        let mut preps = Vec::new();
        let mut at = if objects.is_empty() { c } else { next - 1 };
        while next < self.chunks.len() && self.chunks[next].kind == ChunkKind::Pp {
            let Some(object) = self.pp_object[next] else {
                break;
            };
            let gap_ok = self
                .gap(at, next)
                .all(|k| s.tags[k] == Tag::Comma || s.tags[k].is_adverb());
            if !gap_ok {
                break;
            }
            preps.push(Prep { prep: next, object });
            at = object;
            next = object + 1;
        }
        let agent = if voice == Voice::Passive {
            preps
                .iter()
                .find(|p| s.is(self.chunks[p.prep].head, &["by"]))
                .map(|p| p.object)
        } else {
            None
        };
        VerbGroup {
            chunk: c,
            head,
            voice,
            negation,
            modal,
            governors,
            particle,
            subjects,
            objects,
            preps,
            agent,
            subject_extent: None,
            object_extents: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Germany/NNP lodged/VBD" → words and tags.
    fn parse(s: &str) -> (Vec<&str>, Vec<Tag>) {
        s.split(' ')
            .map(|wt| {
                let (w, t) = wt.rsplit_once('/').unwrap();
                (w, Tag::from_name(t).unwrap_or_else(|| panic!("tag {t}")))
            })
            .unzip()
    }

    /// The chunks as "[NP Germany] [VP lodged] …", unchunked tokens bare.
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

    fn text(words: &[&str], c: &Chunks, chunk: usize) -> String {
        words[c.chunks[chunk].tokens.clone()].join(" ")
    }

    /// A verb group as "subjects | verb | objects | prep object; … | agent", "-" for none.
    fn frame(words: &[&str], c: &Chunks, v: &VerbGroup) -> String {
        let list = |cs: &[usize]| {
            cs.iter()
                .map(|&k| text(words, c, k))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let preps = v
            .preps
            .iter()
            .map(|p| format!("{} {}", text(words, c, p.prep), text(words, c, p.object)))
            .collect::<Vec<_>>()
            .join("; ");
        let agent = v.agent.map(|a| text(words, c, a)).unwrap_or_default();
        let dash = |s: String| if s.is_empty() { "-".to_string() } else { s };
        format!(
            "{} | {} | {} | {} | {}",
            dash(list(&v.subjects)),
            words[v.head],
            dash(list(&v.objects)),
            dash(preps),
            dash(agent)
        )
    }

    fn run(s: &str) -> (Vec<&str>, Chunks) {
        let (w, t) = parse(s);
        let c = chunk(&w, &t);
        (w, c)
    }

    #[test]
    fn complaint_against_a_country() {
        let (w, c) = run("Germany/NNP lodged/VBD a/DT protest/NN against/IN Turkey/NNP ./.");
        assert_eq!(
            brackets(&w, &c),
            "[NP Germany] [VP lodged] [NP a protest] [PP against] [NP Turkey] ."
        );
        assert_eq!(c.verbs.len(), 1);
        let v = &c.verbs[0];
        assert_eq!(v.voice, Voice::Active);
        assert!(!v.is_negated() && !v.is_hypothetical() && v.governors.is_empty());
        assert_eq!(
            frame(&w, &c, v),
            "Germany | lodged | a protest | against Turkey | -"
        );
    }

    #[test]
    fn passive_with_agent() {
        let (w, c) = run("The/DT embassy/NN was/VBD attacked/VBN by/IN gunmen/NNS ./.");
        assert_eq!(
            brackets(&w, &c),
            "[NP The embassy] [VP was attacked] [PP by] [NP gunmen] ."
        );
        let v = &c.verbs[0];
        assert_eq!(v.voice, Voice::Passive);
        assert_eq!(
            frame(&w, &c, v),
            "The embassy | attacked | - | by gunmen | gunmen"
        );
    }

    #[test]
    fn lowercase_nationalities_stay_in_their_noun_phrase() {
        let (w, c) = run(
            "Kenyan/JJ police/NNS clashed/VBD with/IN somali/JJ traders/NNS in/IN the/DT market/NN",
        );
        assert_eq!(
            brackets(&w, &c),
            "[NP Kenyan police] [VP clashed] [PP with] [NP somali traders] [PP in] [NP the market]"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "Kenyan police | clashed | - | with somali traders; in the market | -"
        );
        let (w, c) = run("iranian/JJ officials/NNS condemned/VBD the/DT raid/NN");
        assert_eq!(
            brackets(&w, &c),
            "[NP iranian officials] [VP condemned] [NP the raid]"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "iranian officials | condemned | the raid | - | -"
        );
    }

    #[test]
    fn object_then_prepositional_phrase() {
        let (w, c) =
            run("Merkel/NNP ordered/VBD an/DT inquiry/NN into/IN the/DT Iranian/JJ shipments/NNS");
        assert_eq!(
            brackets(&w, &c),
            "[NP Merkel] [VP ordered] [NP an inquiry] [PP into] [NP the Iranian shipments]"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "Merkel | ordered | an inquiry | into the Iranian shipments | -"
        );
    }

    #[test]
    fn threats_and_refusals_govern_the_infinitive() {
        let (w, c) =
            run("Russia/NNP threatened/VBD to/TO impose/VB sanctions/NNS on/IN Ukraine/NNP ./.");
        assert_eq!(
            brackets(&w, &c),
            "[NP Russia] [VP threatened to impose] [NP sanctions] [PP on] [NP Ukraine] ."
        );
        let v = &c.verbs[0];
        assert_eq!(w[v.head], "impose");
        assert_eq!(v.governors, vec![(1, Complement::Threat)]);
        assert_eq!(
            frame(&w, &c, v),
            "Russia | impose | sanctions | on Ukraine | -"
        );

        let (w, c) = run("Iran/NNP refused/VBD to/TO release/VB detained/VBN sailors/NNS");
        assert_eq!(
            brackets(&w, &c),
            "[NP Iran] [VP refused to release] [NP detained sailors]"
        );
        assert_eq!(c.verbs[0].governors, vec![(1, Complement::Refusal)]);
    }

    #[test]
    fn negation_and_modality() {
        let (w, c) = run("The/DT talks/NNS could/MD not/RB resume/VB");
        assert_eq!(brackets(&w, &c), "[NP The talks] [VP could not resume]");
        let v = &c.verbs[0];
        assert_eq!(v.modal, Some((2, Modality::Could)));
        assert!(v.is_hypothetical());
        assert_eq!(v.negation, Some(3));

        let (w, c) = run("Police/NNS never/RB arrested/VBD the/DT suspects/NNS");
        assert_eq!(
            brackets(&w, &c),
            "[NP Police] [VP never arrested] [NP the suspects]"
        );
        assert!(c.verbs[0].is_negated() && !c.verbs[0].is_hypothetical());

        let (w, c) = run("Germany/NNP is/VBZ n't/RB happy/JJ");
        assert_eq!(brackets(&w, &c), "[NP Germany] [VP is n't] happy");
        assert_eq!(c.verbs[0].negation, Some(2));

        let (_, c) = run("Iran/NNP will/MD retaliate/VB");
        assert_eq!(c.verbs[0].modal, Some((1, Modality::Will)));
        assert!(!c.verbs[0].is_hypothetical());
    }

    #[test]
    fn particles_belong_to_the_verb() {
        let (w, c) = run("Protesters/NNS called/VBD off/RP the/DT march/NN");
        assert_eq!(
            brackets(&w, &c),
            "[NP Protesters] [VP called off] [NP the march]"
        );
        assert_eq!(c.verbs[0].particle, Some(2));
        assert_eq!(w[c.verbs[0].head], "called");
    }

    #[test]
    fn voice_of_longer_verb_chains() {
        let voice = |s: &str| run(s).1.verbs[0].voice;
        assert_eq!(
            voice("Gunmen/NNS have/VBP been/VBN arrested/VBN"),
            Voice::Passive
        );
        assert_eq!(
            voice("Troops/NNS had/VBD attacked/VBN the/DT town/NN"),
            Voice::Active
        );
        assert_eq!(
            voice("Two/CD soldiers/NNS got/VBD killed/VBN"),
            Voice::Passive
        );
        assert_eq!(voice("Police/NNS are/VBP attacking/VBG"), Voice::Active);
        // A past tense right after "was" is a tagging slip for a participle.
        assert_eq!(voice("He/PRP was/VBD attacked/VBD"), Voice::Passive);
        let (w, c) = run("The/DT talks/NNS may/MD have/VB been/VBN postponed/VBN");
        assert_eq!(
            brackets(&w, &c),
            "[NP The talks] [VP may have been postponed]"
        );
        assert_eq!(c.verbs[0].voice, Voice::Passive);
        assert!(c.verbs[0].is_hypothetical());
        // The voice is the head's: "expected" is passive, "visit" is not.
        let (w, c) = run("Putin/NNP is/VBZ expected/VBN to/TO visit/VB China/NNP");
        let v = &c.verbs[0];
        assert_eq!((w[v.head], v.voice), ("visit", Voice::Active));
        assert_eq!(v.governors, vec![(2, Complement::Intention)]);
        assert_eq!(frame(&w, &c, v), "Putin | visit | China | - | -");
    }

    #[test]
    fn coordination_of_subjects_and_verbs() {
        let (w, c) = run("France/NNP and/CC Germany/NNP condemned/VBD the/DT attack/NN");
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "France + Germany | condemned | the attack | - | -"
        );
        let (w, c) =
            run("Protesters/NNS stormed/VBD the/DT embassy/NN and/CC burned/VBD the/DT flag/NN");
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "Protesters | burned | the flag | - | -"
        );
        let (w, c) = run("Police/NNS detained/VBD Smith/NNP ,/, Jones/NNP and/CC Brown/NNP");
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "Police | detained | Smith + Jones + Brown | - | -"
        );
    }

    #[test]
    fn a_rounded_number_and_a_participle_after_a_comma() {
        // "over 150": a rounded number, inside the object.
        let (w, c) = run("Israel/NNP freed/VBD over/IN 150/CD prisoners/NNS");
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "Israel | freed | over 150 prisoners | - | -"
        );
        // "…, killing": the participle shares the subject of the verb before it…
        let (w, c) =
            run("Rebels/NNS attacked/VBD a/DT convoy/NN ,/, killing/VBG five/CD soldiers/NNS");
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "Rebels | killing | five soldiers | - | -"
        );
        // …unless a clause opens between them (here with its verb mistagged as a noun).
        let (w, c) = run(
            "The/DT report/NN came/VBD before/IN Smith/NNP heads/NNS home/NN ,/, seeking/VBG votes/NNS",
        );
        assert!(
            !frame(&w, &c, &c.verbs[1]).starts_with("The report"),
            "{}",
            frame(&w, &c, &c.verbs[1])
        );
    }

    #[test]
    fn relative_and_participle_clauses_point_to_their_noun() {
        let (w, c) = run(
            "The/DT minister/NN ,/, who/WP was/VBD attacked/VBN by/IN protesters/NNS ,/, resigned/VBD",
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "The minister | attacked | - | by protesters | protesters"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "The minister | resigned | - | - | -"
        );
        let (w, c) = run("The/DT embassy/NN ,/, attacked/VBN by/IN gunmen/NNS ,/, closed/VBD");
        assert_eq!(
            frame(&w, &c, &c.verbs[0]),
            "The embassy | attacked | - | by gunmen | gunmen"
        );
        assert_eq!(c.verbs[0].voice, Voice::Passive);
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "The embassy | closed | - | - | -"
        );
    }

    #[test]
    fn clauses_are_not_objects_or_prepositional_phrases() {
        let (w, c) = run("Police/NNS said/VBD gunmen/NNS attacked/VBD the/DT embassy/NN");
        assert_eq!(frame(&w, &c, &c.verbs[0]), "Police | said | - | - | -");
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "gunmen | attacked | the embassy | - | -"
        );
        let (w, c) = run("He/PRP said/VBD that/IN Germany/NNP lodged/VBD a/DT protest/NN");
        assert_eq!(
            brackets(&w, &c),
            "[NP He] [VP said] that [NP Germany] [VP lodged] [NP a protest]"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "Germany | lodged | a protest | - | -"
        );
        let (w, c) = run(
            "Clashes/NNS erupted/VBD after/IN police/NNS raided/VBD the/DT camp/NN after/IN dawn/NN",
        );
        assert_eq!(
            brackets(&w, &c),
            "[NP Clashes] [VP erupted] after [NP police] [VP raided] [NP the camp] [PP after] [NP dawn]"
        );
        assert_eq!(
            frame(&w, &c, &c.verbs[1]),
            "police | raided | the camp | after dawn | -"
        );
    }

    #[test]
    fn noun_phrases_keep_possessors_modifiers_and_according_to() {
        let (w, c) = run("Germany/NNP 's/POS foreign/JJ minister/NN met/VBD Erdogan/NNP");
        assert_eq!(
            brackets(&w, &c),
            "[NP Germany 's foreign minister] [VP met] [NP Erdogan]"
        );
        assert_eq!(w[c.chunks[0].head], "minister");
        let (w, c) = run("The/DT ruling/VBG party/NN won/VBD in/IN armed/VBN clashes/NNS");
        assert_eq!(
            brackets(&w, &c),
            "[NP The ruling party] [VP won] [PP in] [NP armed clashes]"
        );
        let (w, c) = run("According/VBG to/TO officials/NNS ,/, rebels/NNS fired/VBD");
        assert_eq!(
            brackets(&w, &c),
            "[PP According to] [NP officials] , [NP rebels] [VP fired]"
        );
        assert_eq!(frame(&w, &c, &c.verbs[0]), "rebels | fired | - | - | -");
        let (w, c) = run("the/DT economic/JJ and/CC military/JJ aid/NN arrived/VBD");
        assert_eq!(
            brackets(&w, &c),
            "[NP the economic and military aid] [VP arrived]"
        );
    }

    #[test]
    fn nominal_subjects_keep_their_prepositional_phrases() {
        let (w, c) =
            run("Shelling/VBG from/IN India/NNP hit/VBD villages/NNS in/IN Pakistan/NNP ./.");
        assert_eq!(
            brackets(&w, &c),
            "[NP Shelling] [PP from] [NP India] [VP hit] [NP villages] [PP in] [NP Pakistan] ."
        );
        let v = &c.verbs[0];
        assert_eq!(
            frame(&w, &c, v),
            "Shelling | hit | villages | in Pakistan | -"
        );
        let from = c.preps_after(v.subjects[0]);
        assert_eq!(from.len(), 1);
        assert_eq!(text(&w, &c, from[0].object), "India");
        let (w, c) = run("An/DT air/NN strike/NN on/IN the/DT camp/NN killed/VBD 20/CD people/NNS");
        let v = &c.verbs[0];
        assert_eq!(
            frame(&w, &c, v),
            "An air strike | killed | 20 people | - | -"
        );
        let on = c.preps_after(v.subjects[0]);
        assert_eq!(text(&w, &c, on[0].prep), "on");
        assert_eq!(text(&w, &c, on[0].object), "the camp");
        assert_eq!(c.object_of(v.chunk), None);
        // A gerund that does not open the sentence, or is followed by an object, is a verb.
        let (w, c) = run("Speaking/VBG to/TO reporters/NNS ,/, Merkel/NNP said/VBD");
        assert_eq!(
            brackets(&w, &c),
            "[VP Speaking] [PP to] [NP reporters] , [NP Merkel] [VP said]"
        );
    }

    #[test]
    fn multi_byte_stems_are_not_cut() {
        // "湹" ends in two equal bytes (E6 B9 B9): not a doubled consonant to drop.
        assert_eq!(Complement::of("慲潌湹ed"), Complement::Other);
        assert_eq!(Complement::of("湹ing"), Complement::Other);
    }

    #[test]
    fn complement_classes_from_inflected_forms() {
        for (w, k) in [
            ("threatened", Complement::Threat),
            ("threatens", Complement::Threat),
            ("Refused", Complement::Refusal),
            ("declining", Complement::Refusal),
            ("pledged", Complement::Promise),
            ("vowed", Complement::Promise),
            ("swore", Complement::Promise),
            ("planned", Complement::Intention),
            ("planning", Complement::Intention),
            ("hoped", Complement::Intention),
            ("preparing", Complement::Intention),
            ("tried", Complement::Attempt),
            ("tries", Complement::Attempt),
            ("sought", Complement::Attempt),
            ("agreed", Complement::Agreement),
            ("failed", Complement::Failure),
            ("continued", Complement::Other),
            ("said", Complement::Other),
        ] {
            assert_eq!(Complement::of(w), k, "{w}");
        }
    }

    #[test]
    fn odd_input_gives_chunks_without_panicking() {
        assert_eq!(chunk::<&str>(&[], &[]), Chunks::default());
        // More words than tags: the extra words are ignored.
        let c = chunk(&["Germany", "lodged", "x"], &[Tag::Nnp, Tag::Vbd]);
        assert_eq!(c.chunks.len(), 2);
        // Every tag sequence of length ≤ 3 over a varied subset of tags.
        let tags = [
            Tag::Dt,
            Tag::Nn,
            Tag::Vbd,
            Tag::Vbn,
            Tag::Vbg,
            Tag::In,
            Tag::To,
            Tag::Vb,
            Tag::Md,
            Tag::Rb,
            Tag::Rp,
            Tag::Cc,
            Tag::Comma,
            Tag::Wp,
            Tag::Pos,
            Tag::Jj,
            Tag::Colon,
        ];
        let words = [
            "by",
            "according",
            "to",
            "not",
            "that",
            "who",
            "was",
            "after",
        ];
        for a in tags {
            for b in tags {
                for c in tags {
                    for w in words {
                        let c = chunk(&[w, "to", w], &[a, b, c]);
                        for ch in &c.chunks {
                            assert!(ch.tokens.start < ch.tokens.end && ch.tokens.end <= 3);
                            assert!(ch.tokens.contains(&ch.head));
                        }
                        assert!(
                            c.chunks
                                .windows(2)
                                .all(|p| p[0].tokens.end <= p[1].tokens.start)
                        );
                    }
                }
            }
        }
    }
}
