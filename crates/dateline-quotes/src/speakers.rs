//! Who is speaking: the noun phrase next to a cue ("Putin said", "said the president",
//! "according to a Kremlin spokesman"), and what it refers to.
//!
//! There is no parser: a speaker phrase is read off the tokens next to the cue, within a
//! few words and never across punctuation other than an appositive's commas ("Peskov, the
//! Kremlin spokesman, said"; and the other way round, a post then the person: "The governor
//! of Kherson, Oleksandr Prokudin, said" is Prokudin, not Kherson). What the phrase refers
//! to comes from the actors layer — names
//! and resolved pronouns are actor mentions — so a speaker is reported by the actor's
//! canonical name. "They" and "both leaders" refer to the last pair of people the text
//! joined with "and"; a description ("the president", "officials") is tied to an actor
//! only when exactly one actor of the document holds that role (or, for a body, is named
//! with that head noun: "the ministry"), otherwise kept as words.

use crate::context::Context;
use crate::lexicon::{CueKind, QuoteLexicon, is_other_pronoun, pronoun_number};
use dateline_doc::{ActorKind, MentionKind, Quote, Span, TokenKind};
use dateline_entities::recognize::is_particle_compound;

/// A speaker as found at one place in the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Speaker {
    /// Actors, people first; several for "Trump and Putin said".
    pub actors: Vec<u32>,
    /// A name the entities layer did not make an actor ("Caddell" when missed).
    pub name: Option<String>,
    pub mention: Option<Span>,
    pub description: Option<String>,
    pub rule: &'static str,
    pub confidence: f32,
}

impl Speaker {
    /// Names an actor or a person: something FORMAT's `speaker` can hold.
    pub fn is_named(&self) -> bool {
        !self.actors.is_empty() || self.name.is_some()
    }

    pub fn is_found(&self) -> bool {
        self.is_named() || self.description.is_some()
    }
}

/// A cue and the speaker found for it.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub cue: Span,
    pub cue_lemma: String,
    pub cue_token: usize,
    pub speaker: Speaker,
}

/// Function words that end a speaker phrase.
fn ends_phrase(lower: &str) -> bool {
    matches!(
        lower,
        "in" | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "as"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "when"
            | "while"
            | "after"
            | "before"
            | "because"
            | "but"
            | "or"
            | "if"
            | "than"
            | "not"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "has"
            | "had"
            | "have"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "it"
            | "this"
            | "these"
            | "those"
            | "there"
            | "here"
            | "so"
            | "then"
            | "also"
            | "yet"
            | "though"
            | "although"
    )
}

fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the" | "a" | "an" | "both" | "two" | "several" | "many" | "some" | "other" | "one"
    )
}

/// A speaker phrase: tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    start: usize,
    end: usize,
}

pub struct Finder<'c, 'a> {
    pub ctx: &'c Context<'a>,
    pub lex: &'c QuoteLexicon,
}

impl Finder<'_, '_> {
    /// A token that can be the last word (head) of a speaker phrase.
    fn is_head(&self, i: usize) -> bool {
        let c = self.ctx;
        if !matches!(c.kind(i), TokenKind::Word | TokenKind::Abbreviation) || c.in_quote[i] {
            return false;
        }
        let lower = c.lower(i);
        c.actor(i).is_some()
            || c.entity_at[i] != crate::context::NONE
            || pronoun_number(lower).is_some()
            || is_other_pronoun(lower)
            || self.lex.is_person_word(lower)
            || (c.is_capitalized(i) && !ends_phrase(lower) && c.cue(i).is_none())
            || is_particle_compound(c.text(i))
    }

    /// A token that may stand inside a speaker phrase before its head.
    fn is_modifier(&self, i: usize) -> bool {
        let c = self.ctx;
        if c.in_quote[i] {
            return false;
        }
        match c.kind(i) {
            TokenKind::Word | TokenKind::Abbreviation => {}
            TokenKind::Clitic => return c.lower(i) == "'s",
            // "said 9/11 widow Terry Strada", "the 43-year-old mayor".
            TokenKind::Number => return true,
            _ => return false,
        }
        // A word of a name first: "Will Doyle", "Theresa May".
        if c.actor(i).is_some() || c.entity_at[i] != crate::context::NONE {
            return true;
        }
        let lower = c.lower(i);
        if ends_phrase(lower) || c.cue(i).is_some_and(|q| q.kind == CueKind::Verb) {
            return false;
        }
        c.is_capitalized(i)
            || is_particle_compound(c.text(i))
            || self.lex.is_person_word(lower)
            || is_determiner(lower)
            || lower == "and"
            || lower == "of"
            // Lower-case modifiers: "a city spokesman", "Trump campaign manager",
            // "nutritional-supplement executive".
            // ("ranking Democrat Elijah Cummings": a title, not a participle.)
            || (lower.chars().all(|ch| ch.is_alphabetic() || ch == '-')
                && lower.chars().next().is_some_and(char::is_alphabetic)
                && (!lower.ends_with("ing") || lower == "ranking"))
    }

    /// The speaker phrase that ends just before token `end` (exclusive), if any.
    fn phrase_before(&self, end: usize, floor: usize) -> Option<Phrase> {
        if end == 0 || end <= floor || !self.is_head(end - 1) {
            return None;
        }
        let head = end - 1;
        let lower = self.ctx.lower(head);
        if pronoun_number(lower).is_some() || is_other_pronoun(lower) {
            return Some(Phrase { start: head, end });
        }
        let mut start = head;
        while start > floor && end - start < 9 && self.is_modifier(start - 1) {
            start -= 1;
            if is_determiner(self.ctx.lower(start)) && self.ctx.lower(start) != "both" {
                break;
            }
        }
        while start < head && matches!(self.ctx.lower(start), "and" | "of" | "'s") {
            start += 1;
        }
        Some(Phrase { start, end })
    }

    /// The speaker phrase that starts at token `start`, if any.
    fn phrase_after(&self, start: usize) -> Option<Phrase> {
        let c = self.ctx;
        if start >= c.len() || c.starts_paragraph(start) {
            return None;
        }
        let lower = c.lower(start);
        // "said Tuesday", "said yesterday": a time, not a speaker.
        if is_time_noun(lower) || matches!(lower, "yesterday" | "today" | "tonight" | "earlier") {
            return None;
        }
        // "his nephew Michery el Soheil added": the person named after a possessive.
        if matches!(lower, "his" | "her" | "their")
            && start + 1 < c.len()
            && !matches!(c.lower(start + 1), "his" | "her" | "their")
            && let Some(p) = self.phrase_after(start + 1)
            && (p.start..p.end).any(|k| c.actor(k).is_some_and(|a| c.is_person(a)))
        {
            return Some(p);
        }
        if pronoun_number(lower).is_some() || is_other_pronoun(lower) {
            return self.is_head(start).then_some(Phrase {
                start,
                end: start + 1,
            });
        }
        let mut end = start;
        while end < c.len() && end - start < 9 && self.is_modifier(end) {
            if end > start && c.starts_paragraph(end) {
                break;
            }
            end += 1;
        }
        while end > start && !self.is_head(end - 1) {
            end -= 1;
        }
        // "a spokesman for the ministry", "the head of the agency": a person noun goes on
        // with the body it belongs to (`resolve` takes the noun as the head).
        if end > start
            && end + 1 < c.len()
            && matches!(c.lower(end), "of" | "for")
            && !c.is_capitalized(end - 1)
            && self.lex.is_person_word(c.lower(end - 1))
        {
            let mut tail = end + 1;
            while tail < c.len() && tail - end <= 6 && self.is_modifier(tail) {
                tail += 1;
            }
            while tail > end + 1 && !self.is_head(tail - 1) {
                tail -= 1;
            }
            if tail > end + 1 {
                end = tail;
            }
        }
        (end > start).then_some(Phrase { start, end })
    }

    /// What a phrase refers to.
    fn resolve(&self, p: Phrase) -> Speaker {
        let c = self.ctx;
        let span = c.span(p.start, p.end);
        let mut persons = Vec::new();
        let mut others = Vec::new();
        let mut pronoun_only = true;
        for i in p.start..p.end {
            if let Some(a) = c.actor(i) {
                let list = if c.is_person(a) {
                    &mut persons
                } else {
                    &mut others
                };
                if !list.contains(&a) {
                    list.push(a);
                }
                if c.mention_kind_at[i] != Some(MentionKind::Pronoun) {
                    pronoun_only = false;
                }
            }
        }
        // "the governor of Kherson", "a spokesman for the ministry": the noun before "of"
        // or "for" heads the phrase; the place or body after it only says whose.
        let of_head = (p.start + 1..p.end.saturating_sub(1)).find(|&i| {
            matches!(c.lower(i), "of" | "for")
                && !c.is_capitalized(i - 1)
                && self.lex.is_person_word(c.lower(i - 1))
        });
        if persons.is_empty()
            && let Some(of) = of_head
        {
            return self.described(p, span, c.lower(of - 1));
        }
        let head = p.end - 1;
        let head_lower = c.lower(head);
        // "Trump lawyer Marc Kasowitz": the last person is the speaker; only "and" joins
        // several ("Trump and Putin").
        if persons.len() > 1 && !(p.start..p.end).any(|i| c.lower(i) == "and") {
            persons.drain(..persons.len() - 1);
        }
        if !persons.is_empty() {
            let rule = if pronoun_only {
                Quote::BY_PRONOUN
            } else {
                Quote::BY_EXPLICIT
            };
            return Speaker {
                actors: persons,
                mention: Some(span),
                rule,
                confidence: if pronoun_only { 0.75 } else { 0.9 },
                ..Speaker::default()
            };
        }
        if pronoun_number(head_lower) == Some(true)
            || (p.start < head && c.lower(p.start) == "both")
            || (p.start + 1 < head && c.lower(p.start + 1) == "two")
        {
            if let Some(pair) = self.last_pair(p.start) {
                return Speaker {
                    actors: pair,
                    mention: Some(span),
                    rule: Quote::BY_PRONOUN,
                    confidence: 0.6,
                    ..Speaker::default()
                };
            }
        }
        if pronoun_number(head_lower).is_some() || is_other_pronoun(head_lower) {
            return Speaker {
                mention: Some(span),
                rule: Quote::BY_PRONOUN,
                confidence: 0.3,
                ..Speaker::default()
            };
        }
        if self.lex.is_person_word(head_lower) && !c.is_capitalized(head) {
            return self.described(p, span, head_lower);
        }
        // "Ukraine's Defence Ministry", "the Russian Foreign Ministry": likewise the last
        // body is the speaker; the country before it only says whose.
        if others.len() > 1 && !(p.start..p.end).any(|i| c.lower(i) == "and") {
            others.drain(..others.len() - 1);
        }
        if !others.is_empty() {
            return Speaker {
                actors: others,
                mention: Some(span),
                rule: Quote::BY_EXPLICIT,
                confidence: 0.8,
                ..Speaker::default()
            };
        }
        let e = c.entity_at[head];
        let name = if e != crate::context::NONE {
            Some(c.doc.entities[e as usize].name.clone())
        } else if c.is_capitalized(head) && !self.lex.entities.is_common(c.text(head)) {
            let from = (p.start..head)
                .find(|&i| c.is_capitalized(i) && !is_determiner(c.lower(i)))
                .unwrap_or(head);
            // "Monday's speech": a day or month alone is a time, never a speaker (but
            // "Ai Jun" is a name).
            (from < head || !self.lex.entities.is_time_word(c.text(head)))
                .then(|| c.doc.text()[c.span(from, p.end).range()].to_string())
        } else {
            None
        };
        match name {
            Some(name) => Speaker {
                name: Some(name),
                mention: Some(span),
                rule: Quote::BY_EXPLICIT,
                confidence: 0.7,
                ..Speaker::default()
            },
            None => Speaker::default(),
        }
    }

    /// A speaker given by a description whose head is `noun` ("the president", "a city
    /// spokesman"): the one actor holding that role when "the" makes it definite, else the
    /// words alone.
    fn described(&self, p: Phrase, span: Span, noun: &str) -> Speaker {
        let c = self.ctx;
        let description = Some(c.doc.text()[span.range()].to_string());
        let holder = if c.lower(p.start) == "the" {
            self.only_actor_with_role(noun)
        } else {
            None
        };
        Speaker {
            actors: holder.into_iter().collect(),
            mention: Some(span),
            description,
            rule: Quote::BY_DESCRIPTION,
            confidence: if holder.is_some() { 0.7 } else { 0.6 },
            ..Speaker::default()
        }
    }

    /// The only person whose role ends with `noun` ("president" → the one President), else
    /// the only body named with it ("ministry" → the one Foreign Ministry).
    fn only_actor_with_role(&self, noun: &str) -> Option<u32> {
        // Indexed once per document by the roles' last words, compared as ASCII lower case
        // (what `eq_ignore_ascii_case` compares).
        let noun = noun.to_ascii_lowercase();
        match self.ctx.role_holder.get(&noun) {
            Some(&holder) => holder,
            None => self.ctx.body_holder.get(&noun).copied().flatten(),
        }
    }

    /// The last two people joined by "and" before token `before` ("Trump and Putin").
    fn last_pair(&self, before: usize) -> Option<Vec<u32>> {
        let c = self.ctx;
        let floor = before.saturating_sub(2000);
        for i in (floor + 1..before).rev() {
            if c.lower(i) != "and" || c.in_quote[i] {
                continue;
            }
            let person = |k: usize| c.actor(k).filter(|&a| c.is_person(a));
            let left = (i.saturating_sub(2)..i).rev().find_map(person);
            let right = (i + 1..(i + 6).min(c.len())).find_map(person);
            if let (Some(l), Some(r)) = (left, right)
                && l != r
            {
                return Some(vec![l, r]);
            }
        }
        None
    }

    /// The person (else any actor) first mentioned outside quotations in tokens `a..b`.
    pub fn first_actor(&self, a: usize, b: usize) -> Option<Speaker> {
        self.remembered_first_actor(a, b, false)
    }

    /// The same as the subject of a sentence: a name that only says whose the subject is
    /// ("Hillary Clinton's campaign manager Robby Mook") is stepped over.
    fn first_subject(&self, a: usize, b: usize) -> Option<Speaker> {
        self.remembered_first_actor(a, b, true)
    }

    fn remembered_first_actor(&self, a: usize, b: usize, subject: bool) -> Option<Speaker> {
        let c = self.ctx;
        // A long range (a sentence of hundreds of tokens) is asked about once per
        // quotation in it: scanned once, remembered (`in_quote` no longer changes).
        if b > a + 64 {
            if let Some(s) = c.first_actor_memo.borrow().get(&(a, b, subject)) {
                return s.clone();
            }
            let s = self.scan_first_actor(a, b, subject);
            c.first_actor_memo
                .borrow_mut()
                .insert((a, b, subject), s.clone());
            return s;
        }
        self.scan_first_actor(a, b, subject)
    }

    fn scan_first_actor(&self, a: usize, b: usize, subject: bool) -> Option<Speaker> {
        let c = self.ctx;
        let mut other = None;
        let b = b.min(c.len());
        let mut skip_to = a;
        for i in a..b {
            if c.in_quote[i] || i < skip_to {
                continue;
            }
            if let Some(actor) = c.actor(i) {
                if subject {
                    let end = (i..b).find(|&j| c.actor(j) != Some(actor)).unwrap_or(b);
                    if self.is_possessor(actor, end, b) {
                        skip_to = end;
                        continue;
                    }
                }
                let pronoun = c.mention_kind_at[i] == Some(MentionKind::Pronoun);
                let s = Speaker {
                    actors: vec![actor],
                    mention: Some(c.doc.tokens[i].span),
                    rule: if pronoun {
                        Quote::BY_PRONOUN
                    } else {
                        Quote::BY_EXPLICIT
                    },
                    confidence: 0.6,
                    ..Speaker::default()
                };
                if c.is_person(actor) {
                    return Some(s);
                }
                if other.is_none() && c.mention_kind_at[i] == Some(MentionKind::Name) {
                    other = Some(s);
                }
            }
        }
        other
    }

    /// Whether the mention of `actor` ending before token `end` names whose the person
    /// after it is: followed by "'s", or by a role noun and another person's name
    /// ("Clinton campaign manager Robby Mook"), not by a verb ("Trump told Clinton").
    pub fn is_possessor(&self, actor: u32, end: usize, limit: usize) -> bool {
        let c = self.ctx;
        if end >= limit {
            return false;
        }
        if c.lower(end) == "'s" {
            return true;
        }
        let mut k = end;
        while k < limit
            && k < end + 4
            && c.kind(k) == TokenKind::Word
            && c.actor(k).is_none()
            && !ends_phrase(c.lower(k))
            && !matches!(c.lower(k), "and" | "or" | "of")
        {
            k += 1;
        }
        k > end
            && k < limit
            && self.lex.is_person_word(c.lower(k - 1))
            && c.actor(k)
                .is_some_and(|other| other != actor && c.is_person(other))
    }

    /// The subject of the cue verb at `verb`: the phrase right before it (adverbs skipped,
    /// an appositive or a relative "who" stepped over), else the first actor of the
    /// sentence (for "…, declaring", "before warning", "and called").
    pub fn subject_of(&self, verb: usize, floor: usize, fallback: bool) -> Speaker {
        let c = self.ctx;
        let mut end = verb;
        // Adverbs and auxiliaries, and a time between subject and verb ("the ministry on
        // Tuesday reiterated", "Putin last week said"), which is never the speaker.
        loop {
            while end > floor && self.lex.may_stand_before_verb(c.lower(end - 1)) {
                end -= 1;
            }
            match time_phrase_before(c, self.lex, end, floor) {
                Some(start) => end = start,
                None => break,
            }
        }
        // "Clinton spoke about the death of a man in Tulsa, Oklahoma, arguing that …": a
        // participle after a comma belongs to the main clause, whose subject is the
        // sentence's first person, not the phrase before the comma.
        // (Even a person before the comma: "Clinton spoke about Sanders, saying …" is
        // Clinton's saying far more often than not.)
        if fallback && c.lower(verb).ends_with("ing") && end > floor && c.text(end - 1) == "," {
            if let Some(main) = self.fronted_subject(verb) {
                return main;
            }
            // The whole sentence's first actor (remembered for a long sentence, so many
            // quotations in it cost one scan), if it comes before the participle.
            let sentence = c.sentence_range(verb);
            if let Some(first) = self.first_subject(sentence.start, sentence.end)
                && first
                    .mention
                    .is_some_and(|m| m.end <= c.doc.tokens[verb].span.start)
            {
                return first;
            }
        }
        // "PolitiFact claimed … and concluded": a verb joined by "and" shares the subject
        // of the first: the sentence's first person named before it, else its first
        // organisation (not a place, a pronoun, or a name that only says whose: "Clinton's
        // aide").
        if fallback && end > floor && c.lower(end - 1) == "and" {
            let sentence = c.sentence_range(verb);
            let mut organisation = None;
            let mut i = sentence.start;
            // (Within the sentence's first words: a sentence of thousands of "and said"
            // is not rescanned from its start for each.)
            let scan_end = (end - 1).min(sentence.start + 64);
            while i < scan_end {
                let Some(actor) = c.actor(i).filter(|_| !c.in_quote[i]) else {
                    i += 1;
                    continue;
                };
                let mention_end = (i..verb)
                    .find(|&j| c.actor(j) != Some(actor))
                    .unwrap_or(verb);
                let kind = c.actor_kind(actor);
                if c.mention_kind_at[i] == Some(MentionKind::Name)
                    && matches!(kind, ActorKind::Person | ActorKind::Organisation)
                    && !self.is_possessor(actor, mention_end, verb)
                {
                    let s = Speaker {
                        actors: vec![actor],
                        mention: Some(c.span(i, mention_end)),
                        rule: Quote::BY_EXPLICIT,
                        confidence: 0.6,
                        ..Speaker::default()
                    };
                    if kind == ActorKind::Person {
                        return s;
                    }
                    organisation.get_or_insert(s);
                }
                i = mention_end;
            }
            if let Some(s) = organisation {
                return s;
            }
        }
        // "Sen. Claire McCaskill (D-Mo.) said"
        if end > floor && c.text(end - 1) == ")" {
            let open = (end.saturating_sub(8).max(floor)..end - 1)
                .rev()
                .find(|&k| c.text(k) == "(");
            if let Some(k) = open {
                end = k;
            }
        }
        if end > floor && c.lower(end - 1) == "who" {
            end -= 1;
            if end > floor && c.text(end - 1) == "," {
                end -= 1;
            }
        }
        // "Peskov, the Kremlin spokesman, said": step back over the appositive; over a
        // second one only to a person ("Jean-Marc Ayrault, the foreign minister of France,
        // a permanent member of the Security Council, said").
        // A description tied to the one holder of its role ("the foreign minister"), a
        // place ("a salesman from Sumter, South Carolina,") or a body named with a post in
        // it gives way to a person before.
        if end > floor + 2 && c.text(end - 1) == "," {
            // "The governor of Kherson, Oleksandr Prokudin, said": the name between the
            // commas is the person the description before it introduces; the description's
            // place is not the speaker.
            if let Some(p) = self.phrase_before(end - 1, floor)
                && p.start > floor + 1
                && c.text(p.start - 1) == ","
            {
                let s = self.resolve(p);
                // The words before the first comma hold a post ("governor", "mayor"), not
                // a name of their own the person would be in apposition to.
                let comma = p.start - 1;
                let post = (comma.saturating_sub(6).max(floor)..comma)
                    .rev()
                    .take_while(|&x| c.kind(x) == TokenKind::Word)
                    .any(|x| !c.is_capitalized(x) && self.lex.is_person_word(c.lower(x)));
                // Not when the description is itself in apposition to a person before it
                // ("Giovanni Maria Vian, the editor of the Vatican's newspaper, L'Osservatore
                // Romano, said": the name after it is the newspaper's).
                let opened = (comma.saturating_sub(24).max(floor)..comma)
                    .rev()
                    .find(|&x| matches!(c.kind(x), TokenKind::Punct | TokenKind::Terminal));
                let after_person = opened.is_some_and(|y| {
                    c.text(y) == ","
                        && self.phrase_before(y, floor).is_some_and(|q| {
                            let before = self.resolve(q);
                            before.is_named() && before.actors.iter().any(|&a| c.is_person(a))
                        })
                });
                // The person's name opens the phrase between the commas ("an early
                // supporter of Trump" is no name).
                let opens = c.mention_kind_at[p.start] == Some(MentionKind::Name)
                    && c.actor(p.start).is_some_and(|a| s.actors.contains(&a));
                if post
                    && opens
                    && !after_person
                    && s.is_named()
                    && s.rule != Quote::BY_DESCRIPTION
                    && s.actors.iter().any(|&a| c.is_person(a))
                {
                    return s;
                }
            }
            let mut last = end - 1;
            let mut described = None;
            for step in 0..3 {
                let Some(k) = (last.saturating_sub(12).max(floor)..last)
                    .rev()
                    .find(|&k| c.text(k) == ",")
                else {
                    break;
                };
                // "Harry Reid (D-Nev.), in particular, has been": the name before "(", when
                // it opens the clause ("…worked for Sen. Lamar Alexander (R-Tenn.), …"
                // names someone else).
                let mut name_end = k;
                let mut whole_clause = false;
                if k > floor && c.text(k - 1) == ")" {
                    if let Some(open) = (k.saturating_sub(8).max(floor)..k - 1)
                        .rev()
                        .find(|&x| c.text(x) == "(")
                    {
                        name_end = open;
                        whole_clause = true;
                    }
                }
                if let Some(p) = self.phrase_before(name_end, floor)
                    && (!whole_clause || p.start == floor || c.text(p.start - 1) == ",")
                {
                    let s = self.resolve(p);
                    if s.is_named() && (step == 0 || s.actors.iter().any(|&a| c.is_person(a))) {
                        let place = s.actors.iter().all(|&a| {
                            matches!(c.actor_kind(a), ActorKind::Place | ActorKind::Country)
                        });
                        // "executive director of the House Majority PAC": whose post, not
                        // who.
                        let post_word =
                            |x: usize| !c.is_capitalized(x) && self.lex.is_person_word(c.lower(x));
                        let post = !s.actors.iter().any(|&a| c.is_person(a))
                            && ((p.start..p.end).any(post_word)
                                || (p.start >= floor + 2
                                    && matches!(c.lower(p.start - 1), "of" | "for")
                                    && post_word(p.start - 2)));
                        if s.rule != Quote::BY_DESCRIPTION && !place && !post {
                            return s;
                        }
                        described.get_or_insert(s);
                    }
                }
                if c.any_quoted(k, last) {
                    break;
                }
                last = k;
            }
            if let Some(s) = described {
                return s;
            }
        }
        if let Some(p) = self.phrase_before(end, floor) {
            let s = self.resolve(p);
            // "For a leader who has promised “…”, Trump’s words …": an indefinite
            // description in a fronted phrase stands for the subject that follows.
            if !s.is_named()
                && matches!(c.lower(p.start), "a" | "an")
                && let Some(main) = self.fronted_subject(verb)
            {
                return main;
            }
            if s.is_found() || s.mention.is_some() {
                return s;
            }
        }
        if !fallback {
            return Speaker::default();
        }
        if let Some(main) = self.fronted_subject(verb) {
            return main;
        }
        // A participle ("by calling out") is surely a verb, whose subject a possessor is
        // not; a word like "pledge" after an adjective may be the noun, owned by it.
        let sentence = c.sentence_range(verb);
        if c.lower(verb).ends_with("ing") {
            self.first_subject(sentence.start, sentence.end)
        } else {
            self.first_actor(sentence.start, sentence.end)
        }
        .unwrap_or_default()
    }

    /// The subject of the main clause when the cue at `cue` is inside a phrase fronted
    /// before it ("By invoking “…”, he sought", "For a leader who promised “…”, Trump’s
    /// words …"): the phrase after the comma that closes the fronted phrase, or its
    /// possessor.
    fn fronted_subject(&self, cue: usize) -> Option<Speaker> {
        let c = self.ctx;
        let sentence = c.sentence_range(cue);
        let first = sentence.start;
        let opener = c.lower(first);
        let fronted = matches!(
            opener,
            "for"
                | "as"
                | "like"
                | "unlike"
                | "by"
                | "despite"
                | "after"
                | "before"
                | "while"
                | "in"
                | "with"
                | "without"
                | "since"
                | "although"
                | "though"
                | "when"
                | "once"
        ) || (opener.ends_with("ing") && first == cue);
        if !fronted || c.any_comma_outside_quotes(first, cue) {
            return None;
        }
        let comma =
            (cue + 1..sentence.end.min(cue + 40)).find(|&i| !c.in_quote[i] && c.text(i) == ",")?;
        let mut p = self.phrase_after(comma + 1)?;
        // "Trump’s words": the possessor.
        if let Some(k) = (p.start + 1..p.end).find(|&k| c.lower(k) == "'s") {
            p.end = k;
        }
        let s = self.resolve(p);
        s.is_named().then(|| Speaker {
            confidence: s.confidence.min(0.75),
            ..s
        })
    }

    /// A cue verb at token `i`: a speech verb in lower case (not "States"), not a noun
    /// after a determiner ("the claims"), not passive ("claimed by").
    pub fn verb_cue(&self, i: usize) -> Option<crate::lexicon::Cue<'_>> {
        let c = self.ctx;
        let cue = c.cue(i)?;
        if cue.kind != CueKind::Verb || c.in_quote[i] {
            return None;
        }
        if c.is_capitalized(i) && !c.starts_sentence(i) {
            return None;
        }
        if i > 0
            && matches!(
                c.lower(i - 1),
                "the" | "a" | "an" | "his" | "her" | "their" | "'s"
            )
        {
            return None;
        }
        if i + 1 < c.len() && c.lower(i + 1) == "by" {
            return None;
        }
        Some(cue)
    }

    /// "said Putin", "according to X": the phrase after `at`.
    pub fn speaker_after(&self, at: usize) -> Speaker {
        self.phrase_after(at)
            .map(|p| self.resolve(p))
            .unwrap_or_default()
    }

    /// The speaker after a cue verb: "said Putin", and "said the head of the regional
    /// administration, Oleksandr Prokudin", where the name in apposition after a
    /// description is the speaker.
    fn speaker_after_verb(&self, at: usize) -> Speaker {
        let c = self.ctx;
        let Some(phrase) = self.phrase_after(at) else {
            return Speaker::default();
        };
        let speaker = self.resolve(phrase);
        // A person named inside a description only says whose ("Putin's spokesman, Dmitry
        // Peskov"): the description's head is a lowercase person word.
        let head = phrase.end - 1;
        let described = !c.is_capitalized(head) && self.lex.is_person_word(c.lower(head));
        if speaker.mention.is_none()
            || (!described && speaker.actors.iter().any(|&a| c.is_person(a)))
        {
            return speaker;
        }
        // The comma that ends the description, before the sentence ends.
        let Some(comma) = (at + 1..(at + 14).min(c.len()))
            .take_while(|&x| c.kind(x) != TokenKind::Terminal && !c.in_quote[x])
            .find(|&x| c.text(x) == ",")
        else {
            return speaker;
        };
        let Some(p) = self.phrase_after(comma + 1) else {
            return speaker;
        };
        // The name closes the sentence or the clause: "…, Oleksandr Prokudin." / ", …,".
        let closes = p.end >= c.len()
            || c.starts_paragraph(p.end)
            || matches!(c.kind(p.end), TokenKind::Terminal | TokenKind::Quote)
            || c.text(p.end) == ",";
        let named = self.resolve(p);
        if closes && named.actors.iter().any(|&a| c.is_person(a)) {
            named
        } else {
            speaker
        }
    }

    /// The possessor before a cue noun ("Trump’s warnings", "his remarks"), else the
    /// sentence's first actor.
    pub fn owner_of(&self, noun: usize, floor: usize) -> Speaker {
        let c = self.ctx;
        if noun > floor + 1 && c.lower(noun - 1) == "'s" {
            if let Some(p) = self.phrase_before(noun - 1, floor) {
                let s = self.resolve(p);
                if s.is_found() {
                    return s;
                }
            }
        } else if noun > floor && matches!(c.lower(noun - 1), "his" | "her" | "their") {
            let s = self.resolve(Phrase {
                start: noun - 1,
                end: noun,
            });
            if s.is_named() {
                return s;
            }
        }
        let sentence = c.sentence_range(noun);
        self.first_actor(sentence.start, sentence.end)
            .unwrap_or_default()
    }

    /// The cue and speaker right after a closing mark: "…,” he said", "…,” said Putin",
    /// "…,” Peskov, the Kremlin spokesman, told reporters", "…,” according to X".
    pub fn after_quote(&self, after: usize) -> Option<Attribution> {
        let c = self.ctx;
        let close = after - 1;
        if after >= c.len() {
            return None;
        }
        let mut j = after;
        while j < c.len()
            && j < after + 2
            && matches!(c.kind(j), TokenKind::Punct | TokenKind::Dash)
            && c.text(j) != "("
        {
            j += 1;
        }
        if j >= c.len() || c.starts_paragraph(j) || c.in_quote[j] {
            return None;
        }
        // A byline under the quotation: "“…” ― Maria Lopez".
        if matches!(c.text(after), "―" | "—" | "–" | "-")
            && let Some(p) = self.phrase_after(after + 1)
        {
            let ends = p.end >= c.len()
                || c.starts_paragraph(p.end)
                || matches!(c.kind(p.end), TokenKind::Terminal | TokenKind::Quote);
            let s = self.resolve(p);
            if ends && s.is_named() {
                return Some(Attribution {
                    cue: c.doc.tokens[after].span,
                    cue_lemma: "byline".into(),
                    cue_token: after,
                    speaker: s,
                });
            }
        }
        if c.lower(j) == "according" && c.lower(j + 1) == "to" {
            return Some(Attribution {
                cue: c.span(j, j + 2),
                cue_lemma: "according to".into(),
                cue_token: j,
                speaker: self.speaker_after(j + 2),
            });
        }
        // "….” Putin insisted on …" is a new sentence, not an attribution; "…?” he asked"
        // and "….” Trump said." are.
        if c.starts_sentence(j)
            && close > 0
            && c.doc.slice(c.doc.tokens[close - 1].span) == "."
            && c.sentence_range(j).len() > 8
        {
            return None;
        }
        if let Some(lemma) = self.verb_cue(j).map(|cue| cue.lemma).or(self.retort(j)) {
            return Some(Attribution {
                cue: c.doc.tokens[j].span,
                cue_lemma: lemma.to_string(),
                cue_token: j,
                speaker: self.speaker_after_verb(j + 1),
            });
        }
        let phrase = self.phrase_after(j)?;
        let mut speaker = self.resolve(phrase);
        let mut k = skip_parenthesis(c, phrase.end);
        if k < c.len() && c.text(k) == "," {
            // An appositive: "Peskov, the Kremlin spokesman, said"; or the other way round,
            // "the governor of Kherson, Anna Petrenko, said", where the name is the speaker.
            // A person's appositive may run long: "Maria Lopez, who directed the agency's
            // office in Lagos for a decade, said".
            let comma = k;
            let reach = if speaker.actors.iter().any(|&a| c.is_person(a)) {
                28
            } else {
                12
            };
            // The period of an abbreviation before a comma ends nothing: "Ann Lee, R-Ky.,".
            let ends = |x: usize| {
                c.kind(x) == TokenKind::Terminal && (x + 1 >= c.len() || c.text(x + 1) != ",")
            };
            k = (k + 1..(k + reach).min(c.len()))
                .find(|&x| c.text(x) == "," || ends(x))
                .filter(|&x| c.text(x) == ",")?
                + 1;
            if !speaker.actors.iter().any(|&a| c.is_person(a))
                && let Some(apposition) = self.phrase_after(comma + 1)
                && apposition.end < k
            {
                let named = self.resolve(apposition);
                if named.actors.iter().any(|&a| c.is_person(a)) {
                    speaker = named;
                }
            }
        }
        k = self.skip_before_verb(k);
        if k >= c.len() {
            return None;
        }
        let lemma = self.verb_cue(k).map(|cue| cue.lemma).or(self.retort(k))?;
        Some(Attribution {
            cue: c.doc.tokens[k].span,
            cue_lemma: lemma.to_string(),
            cue_token: k,
            speaker,
        })
    }

    /// A verb of speech in two words, read right after a quotation only ("“…,” Bennett
    /// shot back", "Trump went on"): alone, "shot" and "went" say nothing of speech.
    fn retort(&self, k: usize) -> Option<&'static str> {
        let c = self.ctx;
        if k + 1 >= c.len() {
            return None;
        }
        match (c.lower(k), c.lower(k + 1)) {
            ("shot" | "fired" | "hit" | "pushed" | "snapped" | "struck", "back") => Some("retort"),
            ("went" | "goes" | "carried", "on") => Some("continue"),
            ("chimed" | "chimes", "in") => Some("add"),
            _ => None,
        }
    }

    /// The first token from `k` that is not an adverb, an auxiliary or a time phrase that
    /// may stand between a subject and its verb: "the ministry on Tuesday reiterated",
    /// "Putin once again insisted", "the bank last week said".
    fn skip_before_verb(&self, mut k: usize) -> usize {
        let c = self.ctx;
        while k < c.len() {
            let lower = c.lower(k);
            if self.lex.may_stand_before_verb(lower) {
                k += 1;
            } else if matches!(lower, "on" | "last" | "this" | "late" | "early")
                && k + 1 < c.len()
                && is_time_noun(c.lower(k + 1))
            {
                k += 2;
                while k < c.len()
                    && matches!(c.lower(k), "night" | "morning" | "evening" | "afternoon")
                {
                    k += 1;
                }
            } else {
                break;
            }
        }
        k
    }

    /// "X rated the claims as “false”", "X is describing as “unhinged” a tweet": a quotation
    /// right after "as" (or "as a") is the word of whoever characterises, the subject of the
    /// verb before it in the same clause, not of a speech noun in between ("claims") or
    /// after the quotation ("a Trump tweet"). `floor`: where the sentence starts.
    pub fn characterised_as(&self, open: usize, floor: usize) -> Option<Attribution> {
        let c = self.ctx;
        let lowest = open.saturating_sub(40).max(floor);
        // "as “…”", "as a “…”".
        let as_at = match open.checked_sub(1).map(|k| c.lower(k)) {
            Some("as") => open - 1,
            Some("a" | "an") if open >= 2 && c.lower(open - 2) == "as" => open - 2,
            _ => return None,
        };
        self.clause_verb_before(lowest..as_at, lowest, false, |k| {
            let lower = c.lower(k);
            CHARACTERISING
                .iter()
                .find(|(form, _)| *form == lower)
                .map(|&(_, lemma)| lemma)
        })
    }

    /// The last verb in `range` that `lemma_of` names, in the same clause as the range's end
    /// (no quotation, sentence end or semicolon between), as a cue with its subject (looked
    /// for back to `floor`); `None` when there is none or its subject names nobody.
    fn clause_verb_before<'l>(
        &self,
        range: std::ops::Range<usize>,
        floor: usize,
        fallback: bool,
        lemma_of: impl Fn(usize) -> Option<&'l str>,
    ) -> Option<Attribution> {
        let c = self.ctx;
        for k in range.rev() {
            if c.in_quote[k] || matches!(c.kind(k), TokenKind::Terminal) || c.text(k) == ";" {
                return None;
            }
            let Some(lemma) = lemma_of(k) else {
                continue;
            };
            let speaker = self.subject_of(k, floor, fallback);
            if !speaker.is_named() {
                return None;
            }
            return Some(Attribution {
                cue: c.doc.tokens[k].span,
                cue_lemma: lemma.to_string(),
                cue_token: k,
                speaker,
            });
        }
        None
    }

    /// The nearest cue before an opening mark, back to `floor`, and its speaker.
    pub fn before_quote(&self, open: usize, floor: usize) -> Option<Attribution> {
        let c = self.ctx;
        let lowest = open.saturating_sub(40).max(floor);
        for k in (lowest..open).rev() {
            if c.in_quote[k] {
                break;
            }
            let lower = c.lower(k);
            if lower == "to" && k > lowest && c.lower(k - 1) == "according" {
                return Some(Attribution {
                    cue: c.span(k - 1, k + 1),
                    cue_lemma: "according to".into(),
                    cue_token: k - 1,
                    speaker: self.speaker_after(k + 1),
                });
            }
            // "Caddell: “…”" at the start of a sentence.
            if c.text(k) == ":" && k + 2 >= open {
                if let Some(p) = self.phrase_before(k, lowest)
                    && (p.start == lowest || c.starts_sentence(p.start))
                {
                    let s = self.resolve(p);
                    if s.is_named() {
                        return Some(Attribution {
                            cue: c.doc.tokens[k].span,
                            cue_lemma: ":".into(),
                            cue_token: k,
                            speaker: s,
                        });
                    }
                }
                continue;
            }
            let Some(cue) = c.cue(k) else {
                continue;
            };
            // A speech verb's form after a determiner is a noun: "the remark", "his claims".
            let as_noun = k > 0
                && matches!(
                    c.lower(k - 1),
                    "the" | "a" | "an" | "his" | "her" | "their" | "'s"
                );
            let speaker = match cue.kind {
                CueKind::Verb if !as_noun => {
                    if self.verb_cue(k).is_none() {
                        continue;
                    }
                    self.subject_of(k, lowest, true)
                }
                _ => {
                    if let Some(outer) = self.outer_cue(k, open, lowest) {
                        return Some(outer);
                    }
                    self.owner_of(k, lowest)
                }
            };
            return Some(Attribution {
                cue: c.doc.tokens[k].span,
                cue_lemma: cue.lemma.to_string(),
                cue_token: k,
                speaker,
            });
        }
        None
    }
}

impl Finder<'_, '_> {
    /// A speech noun whose quotation is said about it, not its content, is inside what a
    /// verb before it reports: "Pence said Trump's tweet … was only “to mock” Clinton",
    /// "Moore called Mr. Obama's remarks on Saturday “a true wake-up call”", "PolitiFact …
    /// concluded his comments were “Mostly False”". The verb's subject is the speaker. Not
    /// when the quotation follows the noun as its content ("his remarks: “…”", "Trump's
    /// claim that “…”", "the statement about “…”") with no "is" or "was" between.
    fn outer_cue(&self, noun: usize, open: usize, lowest: usize) -> Option<Attribution> {
        let c = self.ctx;
        let next = noun + 1;
        // "… was only “…”", "… is “…”": a predicate of the noun, not its content.
        let predicate = (next..open).any(|k| {
            matches!(c.lower(k), "is" | "was" | "are" | "were") && c.lower(k + 1) != "that"
        });
        if next >= open
            || (!predicate
                && (matches!(c.text(next), ":" | ",")
                    || matches!(c.lower(next), "that" | "about" | "of")))
        {
            return None;
        }
        let near = lowest.max(noun.saturating_sub(25))..noun;
        self.clause_verb_before(near, lowest, true, |v| {
            let cue = c.cue(v)?;
            (cue.kind == CueKind::Verb && self.verb_cue(v).is_some()).then_some(cue.lemma)
        })
    }
}

/// Verbs that characterise something "as" the quoted words, each form with its lemma (only
/// the forms that are no noun: "rated", not "rate" or "rates"): "PolitiFact
/// rated the claims as “false”", "Clinton is describing as “unhinged” a tweet". Matched by
/// form here only: as cues of their own they would claim quotations they do not introduce.
const CHARACTERISING: &[(&str, &str)] = &[
    ("describe", "describe"),
    ("described", "describe"),
    ("describes", "describe"),
    ("describing", "describe"),
    ("rated", "rate"),
    ("rating", "rate"),
    ("characterize", "characterize"),
    ("characterized", "characterize"),
    ("characterizes", "characterize"),
    ("characterizing", "characterize"),
    ("characterise", "characterize"),
    ("characterised", "characterize"),
    ("characterises", "characterize"),
    ("characterising", "characterize"),
    ("labeled", "label"),
    ("labelled", "label"),
    ("labeling", "label"),
    ("labelling", "label"),
    ("branded", "brand"),
    ("branding", "brand"),
    ("dubbed", "dub"),
    ("dubbing", "dub"),
    ("termed", "term"),
    ("terming", "term"),
    ("portray", "portray"),
    ("portrayed", "portray"),
    ("portrays", "portray"),
    ("portraying", "portray"),
    // Verbs of praise and attack: "Reid has been pounding Trump as a “con artist”".
    ("dismissed", "dismiss"),
    ("dismissing", "dismiss"),
    ("hailed", "hail"),
    ("hailing", "hail"),
    ("touted", "tout"),
    ("touting", "tout"),
    ("mocked", "mock"),
    ("mocking", "mock"),
    ("ridiculed", "ridicule"),
    ("ridiculing", "ridicule"),
    ("denounced", "denounce"),
    ("denouncing", "denounce"),
    ("slammed", "slam"),
    ("slamming", "slam"),
    ("attacked", "attack"),
    ("attacking", "attack"),
    ("praised", "praise"),
    ("praising", "praise"),
    ("blasted", "blast"),
    ("blasting", "blast"),
    ("derided", "deride"),
    ("deriding", "deride"),
    ("painted", "paint"),
    ("painting", "paint"),
    ("pounded", "pound"),
    ("pounding", "pound"),
    ("lambasted", "lambast"),
    ("lambasting", "lambast"),
    ("decried", "decry"),
    ("decrying", "decry"),
    ("condemned", "condemn"),
    ("condemning", "condemn"),
    ("framed", "frame"),
    ("framing", "frame"),
    ("identified", "identify"),
    ("identifying", "identify"),
];

/// The start of a time phrase that ends right before `end`: "on Tuesday", "on Tuesday
/// night", "last week", "earlier this month", "on March 3", "yesterday". `None` when
/// the words before `end` are not one.
fn time_phrase_before(
    c: &Context<'_>,
    lex: &QuoteLexicon,
    end: usize,
    floor: usize,
) -> Option<usize> {
    // Month and weekday names, seasons, holidays: the entities crate's time words.
    let time_word = |w: &str| lex.entities.is_time_word(w);
    if end <= floor {
        return None;
    }
    let at = |k: usize| {
        if k >= floor && k < end {
            c.lower(k)
        } else {
            ""
        }
    };
    let last = end - 1;
    if matches!(
        at(last),
        "yesterday" | "today" | "tonight" | "earlier" | "later"
    ) {
        return Some(last);
    }
    // The head: a time noun, possibly with a part of the day after it, or a month and day.
    let mut head = last;
    if matches!(at(head), "morning" | "afternoon" | "evening" | "night") && head > floor {
        head -= 1;
    }
    let month_day = c.kind(head) == TokenKind::Number && head > floor && time_word(at(head - 1));
    if month_day {
        head -= 1;
    } else if !is_time_noun(at(head)) && !time_word(at(head)) {
        return None;
    }
    let weekday_or_date = month_day || time_word(at(head)) || at(head).ends_with("day");
    if head == floor {
        return None;
    }
    match at(head - 1) {
        "on" | "in" if weekday_or_date => Some(head - 1),
        "last" | "this" | "next" | "late" | "early" => {
            // "earlier this week"
            let start = head - 1;
            Some(
                if start > floor && matches!(at(start - 1), "earlier" | "later") {
                    start - 1
                } else {
                    start
                },
            )
        }
        _ => None,
    }
}

/// A weekday or a period word after "on", "last" or "this".
fn is_time_noun(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "week"
            | "month"
            | "year"
            | "weekend"
    )
}

/// The token after a parenthesis opening at `i` ("(R-Utah)"), or `i`.
fn skip_parenthesis(c: &Context<'_>, i: usize) -> usize {
    if i >= c.len() || c.text(i) != "(" {
        return i;
    }
    (i + 1..(i + 8).min(c.len()))
        .find(|&k| c.text(k) == ")")
        .map_or(i, |k| k + 1)
}
