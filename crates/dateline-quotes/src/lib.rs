//! Who said what: direct quotations, their speakers and cues, and reported speech.
//!
//! News carries its facts in attributed speech, and the attribution is where open tools
//! fail: they find the quotation marks but lose the speaker as soon as it is "he", "the
//! president" or two sentences back. This crate works in three steps over a document that
//! already has tokens, sentences, paragraphs, entities and actors:
//!
//! 1. [`marks`] decides which quote tokens open and close quotations (every mark style,
//!    apostrophes excluded) and pairs them, paragraph by paragraph.
//! 2. [`speakers`] reads the cue and speaker next to each quotation — after it ("…,” he
//!    said", "…,” a spokesman for the ministry said"), else before it ("Putin insisted on
//!    “…”", "with the remark: “…”", "X: “…”"); words characterised "as" a quotation are the
//!    characteriser's ("X rated the claims as “false”") — and resolves the speaker through
//!    the actors layer (names, pronouns, descriptions, pairs joined by "and"; a participle
//!    after a comma speaks for the main clause's subject).
//! 3. This module ties spans into utterances (split quotes, quotations continued over
//!    paragraphs), carries a speaker to the following quotations of a paragraph and to a
//!    paragraph that is only a quotation, falls back to the sentence's first person, and
//!    classes each span (utterance, fragment, scare quote); [`reported`] adds reported
//!    speech without marks as `indirect` quotes.
//!
//! Everything is rules over token indexes with bounded look-around, so the time is linear
//! in the document, whatever its marks.

mod context;
pub mod lexicon;
pub mod marks;
pub mod reported;
pub mod speakers;

use context::Context;
use dateline_doc::{Doc, Layer, MentionKind, Provenance, Quote, TokenKind};
use lexicon::QuoteLexicon;
use speakers::{Attribution, Finder, Speaker};

/// The component name in provenance.
pub const COMPONENT: &str = "quotes";

/// The quotes component. Build once ([`QuoteFinder::new`]) and share between threads.
pub struct QuoteFinder {
    lexicon: QuoteLexicon,
}

impl Default for QuoteFinder {
    fn default() -> Self {
        QuoteFinder::new()
    }
}

/// One direct quotation while it is being attributed.
struct Found {
    pair: marks::Pair,
    attribution: Option<Attribution>,
    speaker: Speaker,
    utterance: u32,
}

impl QuoteFinder {
    pub fn new() -> QuoteFinder {
        QuoteFinder {
            lexicon: QuoteLexicon::builtin(),
        }
    }

    /// Adds the `quotes` layer. Needs tokens, sentences, paragraphs, entities and actors
    /// (without entities and actors, speakers are only found as descriptions and names).
    pub fn run(&self, doc: &mut Doc) {
        let quotes = self.find(doc);
        doc.quotes = quotes;
        doc.mark_done(Layer::Quotes, Provenance::rule(COMPONENT, "rules-v1"));
    }

    /// The quotes of a document, direct and indirect, in text order.
    pub fn find(&self, doc: &Doc) -> Vec<Quote> {
        if doc.tokens.is_empty() {
            return Vec::new();
        }
        let mut ctx = Context::new(doc, &self.lexicon);
        let pairs = marks::pair(doc, &ctx.paragraph_of);
        for p in &pairs {
            for slot in &mut ctx.in_quote[p.open..p.after] {
                *slot = true;
            }
        }
        let finder = Finder {
            ctx: &ctx,
            lex: &self.lexicon,
        };
        let reported = reported::find(&finder);
        let headline = headline_end(&ctx);
        let double_style = double_style(&pairs);
        let mut found: Vec<Found> = Vec::with_capacity(pairs.len());
        let mut utterance = 0u32;
        // One past the closing mark of the last title, for lists of titles.
        let mut title_after: Option<usize> = None;
        for pair in pairs {
            let previous = found.last();
            let attribution = attribute(&finder, previous, &pair);
            if pair.after <= headline && !body_style(&pair, attribution.as_ref()) {
                continue;
            }
            if is_title(&ctx, &pair, attribution.as_ref(), title_after) {
                title_after = Some(pair.after);
                continue;
            }
            if is_stage_direction(&ctx, &pair) || is_label(&ctx, &pair) {
                continue;
            }
            // Where a document quotes with double marks, single marks at the top level
            // are headline style ("Mayor Calls Plan ‘Dead on Arrival’"), a subheading, or
            // a quotation inside speech that carries no marks of its own; only a cue
            // makes them speech.
            if double_style && pair.single && attribution.is_none() {
                continue;
            }
            let same_utterance = previous.is_some_and(|prev| continues(&ctx, prev, &pair));
            if previous.is_some() && !same_utterance {
                utterance += 1;
            }
            found.push(Found {
                pair,
                attribution,
                speaker: Speaker::default(),
                utterance,
            });
        }
        carry_speakers(&finder, &mut found, &reported);
        let mut quotes: Vec<Quote> = found.iter().map(|f| to_quote(&ctx, f)).collect();
        let first_indirect = utterance + 1;
        quotes.extend(reported.into_iter().enumerate().map(|(i, r)| Quote {
            utterance: first_indirect + i as u32,
            ..r.quote
        }));
        quotes.sort_by_key(|q| (q.span.start, q.span.end));
        quotes
    }
}

/// `pair` goes on with the utterance of `prev`: the paragraph-continuation convention, or
/// a split quote ("“We want peace,” he said, “but not at any price.”").
fn continues(ctx: &Context<'_>, prev: &Found, pair: &marks::Pair) -> bool {
    if prev.pair.continues {
        return ctx.starts_paragraph(pair.open);
    }
    let Some(close) = prev.pair.close else {
        return false;
    };
    let after = prev.pair.after;
    if pair.open <= after + 1 || pair.open > after + 9 {
        return false;
    }
    if ctx.paragraph_of[close] != ctx.paragraph_of[pair.open] {
        return false;
    }
    let gap = after..pair.open;
    let interrupted = ctx
        .doc
        .slice(prev.pair.content)
        .ends_with([',', '—', '–', '-']);
    let resumes = ctx.text(pair.open - 1) == ","
        || ctx
            .doc
            .slice(pair.content)
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    interrupted
        && resumes
        && !gap.clone().any(|i| ctx.kind(i) == TokenKind::Terminal)
        && prev.attribution.is_some()
}

/// The cue and speaker of one quotation from the words around it.
fn attribute(
    finder: &Finder<'_, '_>,
    previous: Option<&Found>,
    pair: &marks::Pair,
) -> Option<Attribution> {
    let ctx = finder.ctx;
    if let Some(label) = transcript_label(ctx, pair) {
        return Some(label);
    }
    // "X is describing as “unhinged” a tweet": the characterising verb before "as" decides.
    if let Some(a) = finder.characterised_as(pair.open, ctx.sentence_range(pair.open).start) {
        return Some(a);
    }
    let after = pair.close.and_then(|_| finder.after_quote(pair.after));
    if let Some(a) = &after
        && a.speaker.is_found()
    {
        return after;
    }
    let sentence = ctx.sentence_range(pair.open);
    let mut floor = sentence.start.max(paragraph_start(ctx, pair.open));
    // "He added:" as a sentence of its own before the quotation.
    if floor == pair.open && floor > 0 && ctx.text(floor - 1) == ":" && !ctx.starts_paragraph(floor)
    {
        floor = ctx.sentence_range(floor - 1).start;
    }
    if let Some(prev) = previous {
        floor = floor.max(prev.pair.after);
    }
    let before = finder.before_quote(pair.open, floor);
    let found = match (before, after) {
        (Some(b), _) if b.speaker.is_found() => Some(b),
        (_, Some(a)) => Some(a),
        (b, None) => b,
    };
    if found.as_ref().is_some_and(|a| a.speaker.is_found()) {
        return found;
    }
    if let Some(tail) = sentence_end_cue(finder, pair) {
        return Some(tail);
    }
    same_sentence_cue(ctx, previous, pair).or(found)
}

/// The attribution that closes the sentence of a partial quotation, after words of the
/// writer's own: "Its plan is “dead on arrival” in the Senate, Lopez said on Tuesday.",
/// "“We may lose” the vote, said Maria Lopez, the party's whip." The clause after the last
/// comma must be an attribution that ends the sentence, with no quotation between.
fn sentence_end_cue(finder: &Finder<'_, '_>, pair: &marks::Pair) -> Option<Attribution> {
    let ctx = finder.ctx;
    pair.close?;
    let sentence = ctx.sentence_range(pair.open);
    let end = sentence.end.min(pair.after + 60);
    if pair.after >= end || ctx.any_quoted(pair.after, end) {
        return None;
    }
    // A person right after the quotation is its speaker, whose long apposition the
    // rules after the quote could not read ("“…,” Ann Lee, 30, of Dover, N.H., who …").
    let mut first = pair.after;
    while first < end && matches!(ctx.kind(first), TokenKind::Punct | TokenKind::Dash) {
        first += 1;
    }
    if first < end && ctx.actor(first).is_some_and(|a| ctx.is_person(a)) {
        return None;
    }
    // The last commas first (an apposition may follow the speaker: ", said Ann Lee, the
    // party's whip."); the sentence must go on after the quotation before the comma.
    (pair.after + 1..end)
        .rev()
        .filter(|&i| ctx.text(i) == ",")
        .take(3)
        .find_map(|comma| {
            let a = finder.after_quote(comma + 1)?;
            if !a.speaker.is_found() || a.cue_token <= comma {
                return None;
            }
            // Nothing long after the cue and its speaker: no new clause.
            let rest = a.cue_token + 1..sentence.end;
            let clause = rest
                .clone()
                .any(|i| matches!(ctx.lower(i), "that" | "but" | "and" | "because" | "while"));
            (!clause || rest.len() <= 12).then_some(a)
        })
}

/// A later quotation in the sentence of a cued one, with no cue between them, is in the
/// scope of the same cue: "warning against “provocations” that could undermine the
/// “emerging progress”".
fn same_sentence_cue(
    ctx: &Context<'_>,
    previous: Option<&Found>,
    pair: &marks::Pair,
) -> Option<Attribution> {
    let prev = previous?;
    let a = prev.attribution.as_ref()?;
    if !a.speaker.is_found()
        || prev.pair.close.is_none()
        || ctx.sentence_of[prev.pair.open] != ctx.sentence_of[pair.open]
        || a.cue_token > prev.pair.open
    {
        return None;
    }
    // Not across a new clause with its own subject: "…,” and Smith …".
    let gap = prev.pair.after..pair.open;
    if gap.len() > 15 || gap.clone().any(|i| ctx.kind(i) == TokenKind::Terminal) {
        return None;
    }
    let mut inherited = a.clone();
    inherited.speaker.rule = Quote::BY_CONTINUITY;
    inherited.speaker.confidence *= 0.9;
    Some(inherited)
}

/// One past the last token of the document's headline, or 0 when it has none: a first
/// paragraph of at most two short sentences with a longer body after it. Quotation marks in
/// a headline repeat or trim words the body reports with their speaker ("Mayor: ‘No
/// deal’"), so they are not listed again, unless the headline is a lede quoting in the
/// body's own style ("“…,” the mayor said").
fn headline_end(ctx: &Context<'_>) -> usize {
    let doc = ctx.doc;
    if doc.paragraphs.len() < 2 {
        return 0;
    }
    let end = ctx.paragraph_of.partition_point(|&p| p == 0);
    let words = (0..end)
        .filter(|&i| matches!(ctx.kind(i), TokenKind::Word | TokenKind::Number))
        .count();
    let sentences = ctx
        .sentence_of
        .get(end.saturating_sub(1))
        .map_or(0, |&s| s + 1);
    if end == 0 || words > 25 || sentences > 2 || ctx.len() < 4 * end {
        return 0;
    }
    end
}

/// The quotation is attributed the way body text attributes speech: a speech verb after
/// the closing mark ("“…,” the mayor said").
fn body_style(pair: &marks::Pair, attribution: Option<&Attribution>) -> bool {
    attribution.is_some_and(|a| {
        a.cue_token >= pair.after && !matches!(a.cue_lemma.as_str(), ":" | "byline")
    })
}

/// At least as many double-mark as single-mark quotations (and some): the American
/// convention, where single marks only nest inside double ones or quote in headlines.
fn double_style(pairs: &[marks::Pair]) -> bool {
    let singles = pairs.iter().filter(|p| p.single).count();
    let doubles = pairs.len() - singles;
    doubles > 0 && doubles >= singles
}

/// Small words that stay lower case in a title ("Orange Is the New Black", "Los Hijos de
/// Trump").
fn title_small_word(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "the"
            | "a"
            | "an"
            | "and"
            | "in"
            | "on"
            | "for"
            | "to"
            | "with"
            | "at"
            | "by"
            | "or"
            | "from"
            | "is"
            | "'s"
            | "de"
            | "del"
            | "la"
            | "el"
            | "y"
    )
}

/// Nouns that name a work or a programme, before its title ("the documentary “Dust”") or
/// after it ("the “No Comparison” ad").
fn title_noun(lower: &str) -> bool {
    matches!(
        lower,
        "show"
            | "shows"
            | "star"
            | "stars"
            | "host"
            | "podcast"
            | "program"
            | "programme"
            | "series"
            | "sitcom"
            | "film"
            | "movie"
            | "book"
            | "novel"
            | "memoir"
            | "song"
            | "album"
            | "documentary"
            | "ad"
            | "ads"
            | "segment"
            | "episode"
            | "column"
            | "article"
            | "essay"
            | "op-ed"
            | "hat"
            | "hats"
            | "initiative"
            | "musical"
            | "broadcast"
            | "magazine"
            | "newsletter"
            | "play"
            | "drama"
            | "comedy"
            | "thriller"
            | "reboot"
            | "sequel"
            | "franchise"
            | "headline"
            | "poem"
            | "opera"
    )
}

/// A title noun, or a verb of acting, right before the opening mark, a comma allowed
/// between: "the documentary “Dust”", "his memoir, “Long Road”", "starred in “Dust”".
fn title_noun_before(ctx: &Context<'_>, open: usize) -> bool {
    let mut k = open;
    if k > 0 && ctx.text(k - 1) == "," {
        k -= 1;
    }
    if k == 0 || ctx.paragraph_of[k - 1] != ctx.paragraph_of[open] {
        return false;
    }
    let lower = ctx.lower(k - 1);
    if title_noun(lower) {
        return true;
    }
    k >= 2
        && matches!(lower, "in" | "on")
        && matches!(
            ctx.lower(k - 2),
            "starred"
                | "stars"
                | "starring"
                | "star"
                | "roles"
                | "role"
                | "acted"
                | "acting"
                | "appeared"
                | "appears"
                | "appearing"
        )
}

/// The words of a quotation set in title case ("Game of Thrones", "Sharknado 3: Oh Hell
/// No!"), or `None`. A colon is allowed inside when `long` (a title with a subtitle).
fn title_words(ctx: &Context<'_>, pair: &marks::Pair, long: bool) -> Option<usize> {
    let (first, end) = (pair.open + 1, pair.content_end);
    let mut words = 0;
    for i in first..end {
        match ctx.kind(i) {
            TokenKind::Word | TokenKind::Abbreviation | TokenKind::Clitic => {
                let after_colon = i > first && ctx.text(i - 1) == ":";
                if !ctx.is_capitalized(i) && (after_colon || !title_small_word(ctx.lower(i))) {
                    return None;
                }
                words += 1;
            }
            TokenKind::Number => words += 1,
            TokenKind::Terminal if i + 1 < end => return None,
            TokenKind::Quote => return None,
            _ if ctx.text(i) == ":" && !long => return None,
            _ => {}
        }
    }
    let limit = if long { 14 } else { 8 };
    (words > 0
        && words <= limit
        && (ctx.is_capitalized(first) || ctx.kind(first) == TokenKind::Number))
        .then_some(words)
}

/// Quotation marks around the name of a work or a programme, which nobody said: a short
/// phrase in title case after a possessive ("ABC’s “This Week”", "the author’s “Long
/// Road”") or "on", "of", "titled", after or before a noun such as "show", "ad" or
/// "documentary", or next in a list of such titles ("“Dust,” “Rain” and “Snow”"). A
/// nickname given by a speaker ("called him “Sleepy Joe”") is not in these positions.
fn is_title(
    ctx: &Context<'_>,
    pair: &marks::Pair,
    attribution: Option<&Attribution>,
    title_after: Option<usize>,
) -> bool {
    let Some(close) = pair.close else {
        return false;
    };
    let noun_before = title_noun_before(ctx, pair.open);
    let Some(words) = title_words(ctx, pair, noun_before) else {
        return false;
    };
    // A nickname inside a name: Robert C. “Bobby” Scott.
    let next = pair.after;
    if words <= 2
        && pair.open > 0
        && next < ctx.len()
        && ctx.is_capitalized(pair.open - 1)
        && ctx.is_capitalized(next)
        && ctx.paragraph_of[pair.open - 1] == ctx.paragraph_of[next]
    {
        return true;
    }
    // A section heading: a paragraph that is only a quoted title.
    if words >= 2
        && ctx.starts_paragraph(pair.open)
        && (next >= ctx.len() || ctx.starts_paragraph(next))
    {
        return true;
    }
    // The next title of a list: only commas and "and" or "or" since the last one.
    let listed = title_after.is_some_and(|a| {
        a <= pair.open
            && pair.open - a <= 2
            && (a..pair.open).all(|i| matches!(ctx.text(i), "," | "and" | "or"))
    });
    let placed = pair.open > 0
        && matches!(
            ctx.lower(pair.open - 1),
            "'s" | "on" | "of" | "titled" | "entitled"
        );
    let named = pair.after < ctx.len()
        && ctx.paragraph_of[pair.after] == ctx.paragraph_of[close]
        && title_noun(ctx.lower(pair.after));
    // "said on “Face the Nation”" is still a title; "said “Good Morning”" is not.
    let cue_right_before = attribution.is_some_and(|a| a.cue_token + 1 == pair.open);
    ((placed || named || noun_before || listed) && !cue_right_before)
        || naming_before(ctx, pair.open)
        || (words >= 2 && programme_before(ctx, pair.open))
}

/// A thing's name given by a participle after a common noun: "an account called “Red
/// Door”", "a play named “Sons of the Sea”" (while "Lopez called “Fake News”" quotes
/// Lopez, and a nickname, "the native nicknamed “King Lee”", is someone's word).
fn naming_before(ctx: &Context<'_>, open: usize) -> bool {
    open >= 2
        && matches!(ctx.lower(open - 1), "called" | "named")
        && ctx.kind(open - 2) == TokenKind::Word
        && !ctx.is_capitalized(open - 2)
        && ctx.cue(open - 2).is_none()
        && !matches!(
            ctx.lower(open - 2),
            "him"
                | "her"
                | "it"
                | "them"
                | "me"
                | "us"
                | "you"
                | "be"
                | "been"
                | "being"
                | "is"
                | "was"
                | "are"
                | "were"
                | "also"
                | "often"
                | "once"
        )
}

/// A programme addressed or appeared on, in title case: "she told “Morning Report”",
/// "in an interview with “Street Talk”".
fn programme_before(ctx: &Context<'_>, open: usize) -> bool {
    open >= 2
        && (matches!(ctx.lower(open - 1), "told" | "tells")
            || (ctx.lower(open - 1) == "with"
                && matches!(ctx.lower(open - 2), "interview" | "interviews")))
}

/// A stage direction in a transcript, in marks of its own: "“(CROSSTALK)”",
/// "“[Applause.]”".
fn is_stage_direction(ctx: &Context<'_>, pair: &marks::Pair) -> bool {
    let content = ctx.doc.slice(pair.content);
    let inner = content.trim_end_matches(['.', ',']);
    let bracketed = (inner.starts_with('(') && inner.ends_with(')'))
        || (inner.starts_with('[') && inner.ends_with(']'));
    bracketed && inner.matches(['(', '[']).count() == 1
}

/// A label alone in its paragraph and ending with a colon: "“Related:”", "“See also:”".
fn is_label(ctx: &Context<'_>, pair: &marks::Pair) -> bool {
    let next = pair.after;
    pair.close.is_some()
        && ctx.starts_paragraph(pair.open)
        && (next >= ctx.len() || ctx.starts_paragraph(next))
        && ctx.doc.slice(pair.content).ends_with(':')
        && pair.content_end - pair.open <= 6
}

fn paragraph_start(ctx: &Context<'_>, mut i: usize) -> usize {
    let limit = i.saturating_sub(400);
    while i > limit && !ctx.starts_paragraph(i) {
        i -= 1;
    }
    i
}

/// Speakers from attributions; then along utterances, paragraphs and the sentence.
fn carry_speakers(finder: &Finder<'_, '_>, found: &mut [Found], reported: &[reported::Reported]) {
    let ctx = finder.ctx;
    for f in found.iter_mut() {
        if let Some(a) = &f.attribution {
            f.speaker = a.speaker.clone();
        }
    }
    // An utterance's spans share the best speaker any of them has.
    let mut start = 0;
    while start < found.len() {
        let mut end = start + 1;
        while end < found.len() && found[end].utterance == found[start].utterance {
            end += 1;
        }
        if end - start > 1
            && let Some(best) = found[start..end]
                .iter()
                .filter(|f| f.speaker.is_found())
                .max_by(|a, b| a.speaker.confidence.total_cmp(&b.speaker.confidence))
                .map(|f| f.speaker.clone())
        {
            for f in &mut found[start..end] {
                if !f.speaker.is_found() {
                    f.speaker = best.clone();
                }
            }
        }
        start = end;
    }
    // Continuity: the last speaker of the paragraph (a quotation's or reported speech's),
    // or of the paragraph before when this one opens with the quotation.
    let mut last: Option<(usize, Speaker)> = None; // (token, speaker)
    let mut next_reported = 0;
    for f in found.iter_mut() {
        let open = f.pair.open;
        while next_reported < reported.len() && reported[next_reported].cue_token < open {
            let r = &reported[next_reported];
            if r.speaker.is_found() {
                last = Some((r.cue_token, r.speaker.clone()));
            }
            next_reported += 1;
        }
        if !f.speaker.is_found() {
            let para = ctx.paragraph_of[open];
            let carried = last.as_ref().filter(|(at, _)| {
                let from = ctx.paragraph_of[*at];
                from == para || (from + 1 == para && ctx.starts_paragraph(open))
            });
            if let Some((_, s)) = carried {
                f.speaker = Speaker {
                    rule: Quote::BY_CONTINUITY,
                    confidence: (s.confidence * 0.85).min(0.75),
                    ..s.clone()
                };
            } else if let Some(s) = colon_paragraph_before(finder, open) {
                f.speaker = s;
            } else {
                let sentence = ctx.sentence_range(open);
                if let Some(s) = finder.first_actor(sentence.start, sentence.end) {
                    f.speaker = Speaker {
                        rule: Quote::BY_NEAREST,
                        confidence: 0.35,
                        ..s
                    };
                } else if open == sentence.start
                    && let Some(s) = previous_sentence_subject(finder, sentence.start)
                {
                    f.speaker = s;
                }
            }
        }
        if f.speaker.is_found() {
            let at = f.pair.after - 1;
            last = Some((at, f.speaker.clone()));
        }
    }
}

/// A quotation that is a sentence of its own, with no cue and no speaker before it in
/// its paragraph, after a sentence of the same paragraph whose subject is a person named
/// ("Bolton distanced himself from the movement. “I'm going to support him.”", "On
/// “Face the Nation,” Sen. Bernie Sanders identified … “The younger people are …”"):
/// that person's words. The subject opens the sentence or follows the comma that closes
/// a phrase put before it.
fn previous_sentence_subject(finder: &Finder<'_, '_>, start: usize) -> Option<Speaker> {
    let ctx = finder.ctx;
    if start == 0 || ctx.starts_paragraph(start) {
        return None;
    }
    let before = ctx.sentence_range(start - 1);
    // The sentence's first name outside quotation marks, past possessors ("CBS's").
    let mut k = before.start;
    let (actor, at, end) = loop {
        if k >= before.end {
            return None;
        }
        match ctx.actor(k).filter(|_| !ctx.in_quote[k]) {
            Some(a) => {
                let end = (k..before.end)
                    .find(|&j| ctx.actor(j) != Some(a))
                    .unwrap_or(before.end);
                if !finder.is_possessor(a, end, before.end) {
                    break (a, k, end);
                }
                k = end;
            }
            None => k += 1,
        }
    };
    if !ctx.is_person(actor) || ctx.mention_kind_at[at] != Some(MentionKind::Name) {
        return None;
    }
    // It opens the sentence, titles and other capitalized words before it ("Sen. Bernie
    // Sanders"), or follows the comma that closes a phrase put first.
    let mut m = at;
    while m > before.start
        && matches!(ctx.kind(m - 1), TokenKind::Word | TokenKind::Abbreviation)
        && ctx.is_capitalized(m - 1)
    {
        m -= 1;
    }
    let mut p = m;
    while p > before.start && ctx.kind(p - 1) == TokenKind::Quote {
        p -= 1;
    }
    // ("The Hill reported": a person's name takes no article.)
    let article = (m..at).any(|x| ctx.lower(x) == "the");
    let opens = !article && (m == before.start || (p > before.start && ctx.text(p - 1) == ","));
    opens.then(|| Speaker {
        actors: vec![actor],
        mention: Some(ctx.span(at, end)),
        rule: Quote::BY_NEAREST,
        confidence: 0.3,
        ..Speaker::default()
    })
}

/// "Caddell continued:" closing the paragraph before one that is a quotation.
fn colon_paragraph_before(finder: &Finder<'_, '_>, open: usize) -> Option<Speaker> {
    let ctx = finder.ctx;
    if !ctx.starts_paragraph(open) || open == 0 || ctx.text(open - 1) != ":" {
        return None;
    }
    let sentence = ctx.sentence_range(open - 1);
    let a = finder.before_quote(open - 1, sentence.start)?;
    let found = a.speaker.is_found();
    found.then_some(Speaker {
        rule: Quote::BY_CONTINUITY,
        ..a.speaker
    })
}

/// The layer's record of one direct quotation.
fn to_quote(ctx: &Context<'_>, f: &Found) -> Quote {
    let doc = ctx.doc;
    let content = doc.slice(f.pair.content);
    let words = (f.pair.open + 1..f.pair.content_end)
        .filter(|&i| matches!(ctx.kind(i), TokenKind::Word | TokenKind::Number))
        .count();
    let cued = f.attribution.is_some();
    let starts_clause = f.pair.open == 0
        || ctx.starts_sentence(f.pair.open)
        || matches!(ctx.text(f.pair.open - 1), ":" | "," | "—" | "–");
    let capital = content.chars().next().is_some_and(char::is_uppercase);
    let sentence_like = starts_clause && capital && content.ends_with(['.', '?', '!']);
    let kind = if sentence_like
        || (words >= 4 && (starts_clause || capital || f.pair.unclosed || f.pair.continues))
    {
        Quote::UTTERANCE
    } else if cued || words >= 4 {
        Quote::FRAGMENT
    } else {
        Quote::SCARE
    };
    let s = &f.speaker;
    let speakers = if s.actors.is_empty() {
        s.name.iter().cloned().collect()
    } else {
        s.actors
            .iter()
            .map(|&a| doc.actors[a as usize].name.clone())
            .collect()
    };
    let mut confidence = if s.is_found() { s.confidence } else { 0.2 };
    if kind == Quote::SCARE {
        confidence = confidence.min(0.3);
    }
    if f.pair.unclosed {
        confidence = confidence.min(0.4);
    }
    Quote {
        span: f.pair.content,
        kind,
        utterance: f.utterance,
        speakers,
        speaker_actors: s.actors.clone(),
        speaker_span: s.mention,
        speaker_description: s.description.clone(),
        speaker_rule: if s.is_found() { s.rule } else { Quote::BY_NONE },
        cue: f.attribution.as_ref().map(|a| a.cue),
        cue_lemma: f.attribution.as_ref().map(|a| a.cue_lemma.clone()),
        unclosed: f.pair.unclosed,
        provenance: Provenance::rule(
            COMPONENT,
            if f.pair.unclosed { "unclosed" } else { "marks" },
        )
        .with_confidence(confidence),
    }
}

/// A transcript's speaker label opening the quotation: "“PENCE: Well, look, …”".
fn transcript_label(ctx: &Context<'_>, pair: &marks::Pair) -> Option<Attribution> {
    let first = pair.open + 1;
    let mut colon = first;
    while colon < pair.content_end && colon < first + 3 && ctx.kind(colon) == TokenKind::Word {
        let word = ctx.text(colon);
        if word.chars().any(char::is_lowercase) || word.chars().count() < 2 {
            return None;
        }
        colon += 1;
    }
    if colon == first || colon >= pair.content_end || ctx.text(colon) != ":" {
        return None;
    }
    let label = ctx.doc.slice(ctx.span(first, colon));
    // The label names an actor when one of the document's people ends with it (the first
    // such person; indexed by ASCII lower case, as `eq_ignore_ascii_case` compares).
    let actor = ctx
        .person_by_last_word
        .get(&label.to_ascii_lowercase())
        .copied();
    let speaker = Speaker {
        actors: actor.map(|a| vec![a]).unwrap_or_default(),
        name: Some(label.to_string()),
        mention: Some(ctx.span(first, colon)),
        rule: Quote::BY_EXPLICIT,
        confidence: 0.85,
        ..Speaker::default()
    };
    Some(Attribution {
        cue: ctx.doc.tokens[colon].span,
        cue_lemma: ":".into(),
        cue_token: colon,
        speaker,
    })
}
