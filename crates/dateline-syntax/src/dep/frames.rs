//! The chunker's verb frames, redone from a dependency parse.
//!
//! Why keep the chunks: the event coder matches PETRARCH2's verb patterns against the
//! sequence of noun phrases and prepositions after a verb, and chunks are that sequence.
//! What the chunker guesses from positions, the parse knows: which noun phrase is the
//! subject of which verb (across relative clauses, appositions and reported clauses), which
//! are its objects, which prepositional phrases hang from the verb rather than from a noun
//! before it, and whether the verb is passive. [`relate`] keeps the chunks and replaces, for
//! every verb group, its subjects, objects, prepositional phrases, agent and voice with what
//! the parse says:
//!
//! * **subjects**: the `nsubj`/`nsubjpass`/`csubj` of any verb of the group, with the noun
//!   phrases coordinated with it (`conj`) or in apposition (`appos`); a relative pronoun
//!   stands for the noun its clause modifies; without a subject of its own, a verb
//!   coordinated with another (`conj`), governed by one (`xcomp`) or a participle clause of
//!   one (`advcl`) takes that verb's subjects, and a clause modifying a noun
//!   (`relcl`, `acl`: "the embassy, attacked by gunmen") takes the noun, and a gerund after
//!   a preposition ("accused Pakistan of sheltering") the governing verb's object, else its
//!   subject;
//! * **objects**: `dobj` and `dative`, with their coordinates; a relative pronoun stands for
//!   the noun its clause modifies ("the troops that Chad sent");
//! * **prepositional phrases**: the `prep` (and `agent`, and a prepositional `dative`)
//!   children of the group's verbs, of its objects and of the nouns an object counts
//!   ("imposed some of the sanctions against Iran"), each with its `pobj`, in text order;
//!   the object of `agent` is the agent;
//! * **extents**: the words the subject spans, and each object and prepositional object, with
//!   what hangs from them but not the clauses modifying them (`VerbGroup::subject_extent`,
//!   `object_extents`): where the event coder checks that the word patterns' participants
//!   are the verb's own;
//! * **voice**: passive when a verb of the group has an `auxpass` or `nsubjpass` child, or is a
//!   past participle modifying a noun with an `agent` ("a plan supported by Greece").
//!
//! Governors, negation, modality and particles stay as the chunker read them from the
//! group's words.

use std::ops::Range;

use crate::chunk::{ChunkKind, Chunks, Prep, Voice};
use crate::dep::{DepParser, Parse};

/// The parse of one sentence with its labels as names, and the chunk of every token.
struct Tree<'a> {
    heads: &'a [usize],
    labels: Vec<&'a str>,
    /// Children of each token, in text order.
    children: Vec<Vec<usize>>,
    /// The noun phrase chunk holding each token.
    np_of: Vec<Option<usize>>,
    /// The preposition chunk holding each token.
    pp_of: Vec<Option<usize>>,
}

impl Tree<'_> {
    fn kids<'s>(&'s self, t: usize, labels: &'s [&str]) -> impl Iterator<Item = usize> + 's {
        self.children[t]
            .iter()
            .copied()
            .filter(move |&c| labels.contains(&self.labels[c]))
    }

    /// Token `t` and the tokens coordinated with it (`conj`, transitively), in text order.
    fn with_conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut i = 0;
        while i < out.len() && out.len() < 32 {
            let next: Vec<usize> = self.kids(out[i], &["conj", "appos"]).collect();
            out.extend(next);
            i += 1;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first and one past the last token of the subtree of `t`, leaving out the clauses
    /// that modify a noun (`relcl`, `acl`): "the militia that attacked Mali" is the militia.
    fn extent(&self, t: usize) -> Range<usize> {
        let (mut lo, mut hi) = (t, t);
        let mut stack = vec![t];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > self.heads.len() {
                break;
            }
            lo = lo.min(n);
            hi = hi.max(n);
            stack.extend(
                self.children[n]
                    .iter()
                    .copied()
                    .filter(|&c| !matches!(self.labels[c], "relcl" | "acl")),
            );
        }
        lo..hi + 1
    }

    /// The noun phrase chunks of tokens, each once, in text order.
    fn nps(&self, tokens: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = tokens.iter().filter_map(|&t| self.np_of[t]).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

const SUBJECT: &[&str] = &["nsubj", "nsubjpass", "csubj", "csubjpass", "expl"];
const OBJECT: &[&str] = &["dobj", "dative"];
/// A preposition hanging from a verb: `dative` is "to" in "gave support to Israel".
const PREP: &[&str] = &["prep", "agent", "dative"];

/// Replaces the frames of `chunks`' verb groups with the parse's. `parse` must cover the
/// same tokens as the chunks (the words given to both).
pub fn relate(chunks: &mut Chunks, parse: &Parse, parser: &DepParser, words: &[impl AsRef<str>]) {
    let n = parse.heads.len();
    if n == 0 {
        return;
    }
    let labels: Vec<&str> = parse.labels.iter().map(|&l| parser.label_name(l)).collect();
    let mut children = vec![Vec::new(); n];
    for (t, &h) in parse.heads.iter().enumerate() {
        if h != t && h < n {
            children[h].push(t);
        }
    }
    let mut np_of = vec![None; n];
    let mut pp_of = vec![None; n];
    for (c, ch) in chunks.chunks.iter().enumerate() {
        for t in ch.tokens.clone().filter(|&t| t < n) {
            match ch.kind {
                ChunkKind::Np => np_of[t] = Some(c),
                ChunkKind::Pp => pp_of[t] = Some(c),
                ChunkKind::Vp => {}
            }
        }
    }
    let tree = Tree {
        heads: &parse.heads,
        labels,
        children,
        np_of,
        pp_of,
    };
    let is_relative = |t: usize| {
        words.get(t).is_some_and(|w| {
            matches!(
                w.as_ref().to_ascii_lowercase().as_str(),
                "who" | "which" | "that" | "whom"
            )
        })
    };

    // Each verb group's verbs: the tokens of its chunk the parse reads as verbs or
    // auxiliaries; the group's subjects come from any of them ("has threatened to
    // impose": the subject hangs from "threatened").
    let groups: Vec<Range<usize>> = chunks
        .verbs
        .iter()
        .map(|vg| chunks.chunks[vg.chunk].tokens.start..chunks.chunks[vg.chunk].tokens.end.min(n))
        .collect();
    let group_of = |t: usize| groups.iter().position(|g| g.contains(&t));

    // Subjects, in an order where a verb's governing verb comes first: text order, then a
    // second pass for those that take a later verb's subjects.
    let mut subjects: Vec<Option<Vec<usize>>> = vec![None; groups.len()];
    // The subject words themselves (not their chunks), for the extent of their subtrees.
    let mut subject_words: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (v, g) in groups.iter().enumerate() {
        let mut own = Vec::new();
        for t in g.clone() {
            for s in tree.kids(t, SUBJECT) {
                if is_relative(s) {
                    // "the minister, who resigned": the noun the clause modifies.
                    let head = tree.heads[t];
                    if matches!(tree.labels[t], "relcl" | "acl") && head != t {
                        own.extend(tree.with_conjuncts(head));
                    }
                } else {
                    own.extend(tree.with_conjuncts(s));
                }
            }
        }
        if !own.is_empty() {
            subjects[v] = Some(tree.nps(&own));
            subject_words[v] = own;
        }
    }
    for _ in 0..2 {
        for v in 0..groups.len() {
            if subjects[v].is_some() {
                continue;
            }
            let head = chunks.verbs[v].head.min(n - 1);
            let top = (groups[v].start..groups[v].end)
                .find(|&t| !groups[v].contains(&tree.heads[t]) || tree.heads[t] == t)
                .unwrap_or(head);
            let up = tree.heads[top];
            // A verb coordinated with another, or a participle clause of it, shares its
            // subject, and with it the subject's extent; a verb taking another's subject
            // through "to" ("instructed Kerry to continue": Kerry's, not the subject's) or
            // a noun it modifies ("a statement apologizing": not the one who apologizes)
            // gets the phrase but no extent.
            subjects[v] = match tree.labels[top] {
                "conj" | "advcl" if up != top => group_of(up).and_then(|u| {
                    subject_words[v] = subject_words[u].clone();
                    subjects[u].clone()
                }),
                "xcomp" if up != top => group_of(up).and_then(|u| subjects[u].clone()),
                "relcl" | "acl" if up != top => Some(tree.nps(&tree.with_conjuncts(up))),
                // "accused Pakistan of sheltering", "warned Japan against sending": the
                // governing verb's object does what the gerund says, else its subject.
                "pcomp" if up != top && matches!(tree.labels[up], "prep") => {
                    let verb = tree.heads[up];
                    let objects: Vec<usize> = tree
                        .kids(verb, OBJECT)
                        .flat_map(|o| tree.with_conjuncts(o))
                        .collect();
                    if objects.is_empty() {
                        group_of(verb).and_then(|u| subjects[u].clone())
                    } else {
                        Some(tree.nps(&objects))
                    }
                }
                _ => None,
            };
        }
    }

    for (v, g) in groups.iter().enumerate() {
        let verbs: Vec<usize> = g.clone().collect();
        // A relative pronoun object ("the troops that Chad sent") is the noun its clause
        // modifies.
        let objects: Vec<usize> = verbs
            .iter()
            .flat_map(|&t| {
                tree.kids(t, OBJECT)
                    .map(|o| {
                        let head = tree.heads[t];
                        if is_relative(o) && tree.labels[t] == "relcl" && head != t {
                            head
                        } else {
                            o
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .flat_map(|o| tree.with_conjuncts(o))
            .collect();
        // Phrases hang from the verbs, from the objects, and from the nouns an object
        // counts or names a part of ("imposed some of the harshest sanctions against North
        // Korea"); not from the nouns of the objects' other phrases ("condemned the attack
        // on the embassy in Cairo": the embassy is in Cairo).
        let mut holders: Vec<usize> = verbs.clone();
        holders.extend(objects.iter().copied());
        let mut nested: Vec<usize> = objects.clone();
        for _ in 0..3 {
            let next: Vec<usize> = nested
                .iter()
                .flat_map(|&o| tree.kids(o, &["prep"]).collect::<Vec<_>>())
                .filter(|&p| {
                    words
                        .get(p)
                        .is_some_and(|w| w.as_ref().eq_ignore_ascii_case("of"))
                })
                .flat_map(|p| tree.kids(p, &["pobj"]).collect::<Vec<_>>())
                .filter(|n| !holders.contains(n))
                .collect();
            holders.extend(next.iter().copied());
            nested = next;
        }
        let mut preps: Vec<(usize, Prep, bool)> = Vec::new();
        for &h in &holders {
            for p in tree.kids(h, PREP) {
                let Some(pp) = tree.pp_of[p] else { continue };
                let Some(obj) = tree.kids(p, &["pobj"]).next() else {
                    continue;
                };
                let Some(np) = tree.np_of[obj] else { continue };
                preps.push((
                    p,
                    Prep {
                        prep: pp,
                        object: np,
                    },
                    tree.labels[p] == "agent",
                ));
            }
        }
        preps.sort_by_key(|(p, _, _)| *p);
        preps.dedup_by_key(|(p, _, _)| *p);
        let passive = verbs.iter().any(|&t| {
            tree.kids(t, &["auxpass", "nsubjpass", "csubjpass"])
                .next()
                .is_some()
                || (tree.labels[t] == "acl" && tree.kids(t, &["agent"]).next().is_some())
        });
        let vg = &mut chunks.verbs[v];
        vg.subjects = subjects[v].clone().unwrap_or_default();
        vg.subject_extent = subject_words[v]
            .iter()
            .map(|&t| tree.extent(t))
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end));
        vg.objects = tree.nps(&objects);
        vg.voice = if passive {
            Voice::Passive
        } else {
            Voice::Active
        };
        vg.agent = if passive {
            preps.iter().find(|(_, _, a)| *a).map(|(_, p, _)| p.object)
        } else {
            None
        };
        vg.object_extents = objects
            .iter()
            .copied()
            .chain(
                preps
                    .iter()
                    .filter_map(|(p, _, _)| tree.kids(*p, &["pobj"]).next()),
            )
            .map(|t| tree.extent(t))
            .collect();
        vg.preps = preps.into_iter().map(|(_, p, _)| p).collect();
    }
}
