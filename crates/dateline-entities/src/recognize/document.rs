//! Step 4 and the place rules that need the whole document.
//!
//! Separate because these passes run after every sentence has been chunked and
//! labelled, and revise names in the light of others: [`Recognizer::dateline_at`] finds
//! datelines before the sentence pass; after it, [`Recognizer::containers`] resolves
//! "Paris, Texas", [`Recognizer::sports_teams`] turns towns that play into teams and
//! [`Recognizer::sports_rows`] finds the sides of results lines and tables,
//! [`Recognizer::settle`] gives one string one label and makes surnames and speakers
//! people, and [`Recognizer::nested_places`] adds the town inside a facility's name.

use super::words::{FAC_CUES, KIN, PERSON_NOUNS, PERSONAL_AFTER, THOROUGHFARES};
use super::{Found, Recognizer, Resolved};
use dateline_doc::{EntityLabel, Token, TokenKind};
use dateline_kb::Entry;
use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

/// Words before a name that make it a place: prepositions ("in Washington", "to Jordan",
/// "of Jordan") and "visit".
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "outside", "inside", "within", "across", "to", "from", "into", "of",
    "toward", "towards", "around", "through", "via", "visit", "visited", "visiting",
];

/// Words that only sport uses (see [`Recognizer::sports_report`]).
const SPORT: &[&str] = &[
    "innings",
    "wicket",
    "wickets",
    "batsman",
    "bowler",
    "cricket",
    "soccer",
    "football",
    "baseball",
    "basketball",
    "rugby",
    "tennis",
    "hockey",
    "half-time",
    "halftime",
    "striker",
    "midfielder",
    "goalkeeper",
    "inning",
    "homered",
    "standings",
    "playoff",
    "playoffs",
    "touchdown",
    "quarterback",
];

/// [`SPORT`] hashed, and the lengths of its words: every token of a document is asked.
static SPORT_SET: std::sync::LazyLock<foldhash::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| SPORT.iter().copied().collect());
static SPORT_LENGTHS: std::sync::LazyLock<std::ops::RangeInclusive<usize>> =
    std::sync::LazyLock::new(|| {
        let lengths = SPORT.iter().map(|w| w.len());
        lengths.clone().min().unwrap_or(0)..=lengths.max().unwrap_or(0)
    });

impl<'a> Recognizer<'a> {
    /// A dateline at the start of a document, paragraph or line: a place name in capitals
    /// followed by a dash, a bracketed agency, a comma (and the state) or a date:
    /// "MANSFIELD —", "NEWARK, N.J. (AP) —", "WASHINGTON (Reuters) -", "LONDON 1996-08-30".
    /// The name must be a place the knowledge base knows (any size: a dateline names the
    /// town where the story was filed); a common word ("UPDATE —", "READING —") needs the
    /// agency bracket or the comma. Datelines are GPE even in an all-caps
    /// headline, with rule `dateline` so the places layer can weight them, and are places,
    /// never the government a capital can stand for.
    pub(super) fn dateline_at(&self, p: usize) -> Option<(Range<usize>, dateline_kb::EntryRef)> {
        let caps = |k: usize| {
            matches!(
                self.tokens[k].kind,
                TokenKind::Word | TokenKind::Abbreviation
            ) && self.is_all_caps(k)
                && self.word(k).chars().filter(|c| c.is_alphabetic()).count() >= 2
        };
        let mut end = p;
        while end < self.tokens.len() && end - p < 4 && caps(end) {
            if end > p && self.tokens[end].has(Token::LINE_BEFORE) {
                break;
            }
            end += 1;
        }
        if end == p || end >= self.tokens.len() {
            return None;
        }
        let next = &self.tokens[end];
        let agency = self.word(end) == "(";
        let comma = self.word(end) == ",";
        // A date after the name ("LONDON 1996-08-30"), not a score ("DETROIT 4").
        let date = next.kind == TokenKind::Number && self.word(end).contains(['-', '/']);
        let follows =
            agency || comma || date || next.kind == TokenKind::Dash || self.word(end) == "-";
        if !follows {
            return None;
        }
        let name = self.text(p..end);
        if end - p == 1 && self.lex.is_common(&name) && !agency && !comma {
            return None;
        }
        // A dateline opens prose; a slug opens a headline in capitals ("CRICKET -
        // LEICESTERSHIRE TAKE OVER"): after a dash, some word of the next six on the line has lowercase.
        if !agency && !comma && !date {
            let mut words = (end + 1..self.tokens.len())
                .take_while(|&k| k == end + 1 || !self.tokens[k].has(Token::LINE_BEFORE))
                .filter(|&k| self.tokens[k].kind == TokenKind::Word)
                .take(6)
                .peekable();
            if words.peek().is_some()
                && words.all(|k| !self.word(k).chars().any(char::is_lowercase))
            {
                return None;
            }
        }
        let mut best: Option<(u8, u64, dateline_kb::EntryRef)> = None;
        for h in self.kb.lookup(&name) {
            if h.loose {
                continue;
            }
            let rank = match self.kb.entry(h.entry) {
                Entry::Country(_) => (4, 0),
                Entry::Place(pl) if !h.alternate => (3, pl.population),
                Entry::Subdivision(s) if s.level == 1 => (2, 0),
                Entry::Place(pl) => (1, pl.population),
                _ => continue,
            };
            if best.is_none_or(|b| (rank.0, rank.1) > (b.0, b.1)) {
                best = Some((rank.0, rank.1, h.entry));
            }
        }
        best.map(|(_, _, e)| (p..end, e))
    }

    /// "Greer City Hall", "Long Beach Airport", "DeKalb County Courthouse": a building or
    /// site the gazetteer lacks, named after the town or county it stands in. The facility
    /// keeps its entity; the town at its start (a place the KB knows under its display
    /// name, of at least 10,000 people for one word, 1,000 for more) or the county is added
    /// as a second, nested GPE entity with rule `nested-place`, so the places layer can
    /// map the facility. Entities may overlap (FORMAT.md); the one-to-one scorer counts the
    /// nested one as a false positive where a gold standard annotates only the outer name,
    /// which is why only facilities with a building or site cue get one: not streets and
    /// bridges ([`THOROUGHFARES`]: "Chesterton Road" is not in Chesterton), not natural
    /// features ("Red River"), not organisations named after towns ("Manchester United",
    /// "Boston Globe"), and never a local-government unit ("DeKalb County" has no nested
    /// "DeKalb").
    pub(super) fn nested_places(&mut self) {
        let mut nested = Vec::new();
        for f in &self.found {
            if f.label != EntityLabel::Fac || f.tokens.len() < 2 {
                continue;
            }
            let (a, b) = (f.tokens.start, f.tokens.end);
            // A building or site stands in its town; a street, bridge or pipeline named
            // after a town ("Chesterton Road", "Van Dorn Street") usually does not.
            let site = (a + 1..b).any(|k| {
                FAC_CUES.contains(&self.word(k)) && !THOROUGHFARES.contains(&self.word(k))
            });
            if !site {
                continue;
            }
            // "DeKalb County Courthouse": the county.
            if let Some(k) = (a + 1..b - 1).find(|&k| self.is_admin_unit(k))
                && (a..k).all(|x| self.is_cap(x))
            {
                nested.push(self.nested(a..k + 1, Resolved::Name));
                continue;
            }
            for k in (a + 1..b.min(a + 4)).rev() {
                if !(a..k).all(|x| self.is_cap(x) && self.tokens[x].kind == TokenKind::Word) {
                    continue;
                }
                let name = self.text(a..k);
                // "Mary & Leigh Block Museum": a first name, not the town of Mary.
                if k - a == 1
                    && (self.lex.is_common(&name) || self.kb.first_name_gender(&name).is_some())
                {
                    continue;
                }
                // One word must be a town of 10,000 ("Greer"), several of 1,000.
                let least = if k - a == 1 { 10_000 } else { 1_000 };
                let town = self.kb.lookup(&name).into_iter().find(|h| {
                    !h.alternate
                        && !h.loose
                        && matches!(self.kb.entry(h.entry),
                            Entry::Place(p) if p.population >= least && p.name == name)
                });
                if let Some(h) = town {
                    nested.push(self.nested(a..k, Resolved::Kb(h.entry)));
                    break;
                }
            }
        }
        self.found.extend(nested);
    }

    fn nested(&self, tokens: Range<usize>, resolved: Resolved) -> Found {
        Found {
            tokens,
            label: EntityLabel::Gpe,
            resolved,
            rule: "nested-place",
            confidence: 0.6,
            role: None,
            country_mention: None,
            tentative: false,
            initial: false,
        }
    }

    /// "Paris, Texas", "Anchorage, Alaska", "Albany, N.Y.": a place followed by a comma
    /// and the region or country that contains it is the place of that name there.
    pub(super) fn containers(&mut self) {
        for idx in 1..self.found.len() {
            let (f, g) = (&self.found[idx - 1], &self.found[idx]);
            let comma_between =
                g.tokens.start == f.tokens.end + 1 && self.word(f.tokens.end) == ",";
            if !comma_between || !matches!(f.label, EntityLabel::Gpe | EntityLabel::Loc) {
                continue;
            }
            let Resolved::Kb(container) = g.resolved else {
                continue;
            };
            let (cc, region) = match self.kb.entry(container) {
                Entry::Country(c) => (c.alpha2, None),
                Entry::Subdivision(s) => (s.country, Some(container)),
                _ => continue,
            };
            let name = self.text(f.tokens.clone());
            let best = self
                .kb
                .lookup(&name)
                .into_iter()
                .filter_map(|h| match self.kb.entry(h.entry) {
                    Entry::Place(p)
                        if p.country == cc && (region.is_none() || p.subdivision == region) =>
                    {
                        Some((p.population, h.entry))
                    }
                    _ => None,
                })
                .max_by_key(|(population, _)| *population);
            if let Some((_, entry)) = best {
                let f = &mut self.found[idx - 1];
                f.resolved = Resolved::Kb(entry);
                f.label = EntityLabel::Gpe;
                if f.rule != "dateline" {
                    f.rule = "place-in-region";
                }
                f.confidence = 0.9;
                f.tentative = false;
            }
        }
    }

    /// Words that only sport uses, twice (in lower case or a headline's capitals), or once
    /// as the report's first word ("SOCCER - MILAN'S LENTINI MOVES"), make a sports report, where a name that played once is the
    /// side wherever it recurs ("won Ohio" alone makes none: elections are won too).
    pub(super) fn sports_report(&self) -> bool {
        // In lower case, or in a headline's capitals: "Bowler" and "Striker" are names too.
        // (Most words are not of the list's lengths, and are not lower-cased to be sure.)
        let mut key = String::new();
        let mut is_sport = |t: &Token, title_case: bool| {
            let w = self.doc.token_norm(t);
            if !SPORT_LENGTHS.contains(&w.len()) {
                return false;
            }
            key.clear();
            key.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            if !SPORT_SET.contains(key.as_str()) {
                return false;
            }
            let lower = !w.chars().any(char::is_uppercase);
            let caps = !w.chars().any(char::is_lowercase);
            lower || caps || title_case
        };
        self.tokens.iter().filter(|t| is_sport(t, false)).count() >= 2
            || self.tokens.first().is_some_and(|t| is_sport(t, true))
    }

    /// A storm named once with its word ("Cyclone Phailin") is the storm wherever its name
    /// stands alone ("Phailin's winds", "the strength of Phailin"), as a person's family
    /// name is the person.
    pub(super) fn storm_names(&mut self) {
        let names: foldhash::HashSet<String> = self
            .found
            .iter()
            .filter(|f| f.rule == super::labels::STORM)
            .map(|f| self.word(f.tokens.end - 1).to_string())
            .collect();
        if names.is_empty() {
            return;
        }
        let mut cover: Vec<Option<usize>> = vec![None; self.tokens.len()];
        for (k, f) in self.found.iter().enumerate() {
            for i in f.tokens.clone() {
                cover[i] = Some(k);
            }
        }
        for (i, &covered) in cover.iter().enumerate() {
            if self.tokens[i].kind != TokenKind::Word || !names.contains(self.word(i)) {
                continue;
            }
            match covered {
                None => {
                    self.push(Found {
                        tokens: i..i + 1,
                        label: EntityLabel::Event,
                        resolved: Resolved::Name,
                        rule: super::labels::STORM,
                        confidence: 0.6,
                        role: None,
                        country_mention: None,
                        tentative: false,
                        initial: false,
                    });
                }
                Some(k) if self.found[k].tokens == (i..i + 1) => {
                    self.found[k].recast(EntityLabel::Event, super::labels::STORM, 0.6, false);
                }
                Some(_) => {}
            }
        }
        self.found.sort_by_key(|f| f.tokens.start);
    }

    /// In a sports report, a line of results or a table names its sides bare: "Bath 56
    /// Sale 31 Wasps 33", "Red Star 4 4 0 0 9 3 12". A run of capitalized words between a
    /// number (a colon, a line's start) and a number is a side, whatever the dictionaries
    /// made of it (a common word, a name's shape), unless a rule knows it as a person (a
    /// first name, initials) or it is a time word or a word of the table itself ("Division
    /// 2"), or a bowler's figures ("Gough 8-0-39-3"). Plural nicknames after
    /// "the" are sides too, with the one coordinated with them ("the Braves and Cubs
    /// split", "the Phillies have dropped"), and so is each side's name again elsewhere in
    /// the report ("Division A Hajduk 2").
    pub(super) fn sports_rows(&mut self) {
        // Words of a table or a fixture list, not of a side.
        const TABLE_WORDS: &[&str] = &[
            "division",
            "group",
            "round",
            "stage",
            "race",
            "game",
            "games",
            "match",
            "week",
            "day",
            "heat",
            "leg",
            "pool",
            "section",
            "table",
            "total",
            "points",
            "note",
            "conference",
            "league",
            "zone",
            "series",
            "test",
            "set",
            "half",
            "quarter",
            "period",
            "lap",
            "hole",
            "no",
            "number",
            "year",
            "the",
            "and",
            "or",
            "at",
            "in",
            "of",
            "v",
            "vs",
            "euro",
            "attendance",
        ];
        // (Called only for a sports report: see `run`.)
        let n = self.tokens.len();
        // Which found name covers each token.
        let mut cover: Vec<Option<usize>> = vec![None; n];
        for (k, f) in self.found.iter().enumerate() {
            for i in f.tokens.clone() {
                cover[i] = Some(k);
            }
        }
        let capitalized = |i: usize| {
            let t = &self.tokens[i];
            let w = self.word(i);
            t.kind == TokenKind::Word
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 2
                && !self.lex.is_time_word(w)
                && !SPORT.contains(&w.to_lowercase().as_str())
                && !TABLE_WORDS.contains(&w.to_lowercase().as_str())
        };
        let mut sides: Vec<Range<usize>> = Vec::new();
        // Where the last nickname ended, for the one coordinated with it.
        let mut last_nickname: Option<usize> = None;
        let mut i = 0;
        while i < n {
            if !capitalized(i) {
                i += 1;
                continue;
            }
            let a = i;
            while i < n
                && i - a < 3
                && capitalized(i)
                && (i == a || !self.tokens[i].has(Token::LINE_BEFORE))
            {
                i += 1;
            }
            let b = i;
            let opens = a == 0
                || self.tokens[a].has(Token::LINE_BEFORE)
                || self.tokens[a - 1].kind == TokenKind::Number
                || self.word(a - 1) == ":";
            // A bowler's figures ("Gough 8-0-39-3") are a player's, not a side's.
            let scored = b < n
                && self.tokens[b].kind == TokenKind::Number
                && self.word(b).matches('-').count() < 2;
            // "the Braves", and "the Braves and Cubs".
            let plural = self.word(b - 1).ends_with('s') && !self.word(b - 1).ends_with("ss");
            let nickname = plural
                && a > 0
                && (self.word(a - 1) == "the"
                    || (matches!(self.word(a - 1), "and" | ",") && last_nickname == Some(a - 1)));
            if nickname {
                last_nickname = Some(b);
            }
            if (opens && scored) || nickname {
                sides.push(a..b);
            }
        }
        // The same names again, wherever a whole capitalized run spells one of them.
        let names: foldhash::HashSet<String> = sides.iter().map(|r| self.text(r.clone())).collect();
        let mut starts: foldhash::HashSet<usize> = sides.iter().map(|r| r.start).collect();
        let mut i = 0;
        while i < n {
            if !capitalized(i) || (i > 0 && capitalized(i - 1)) {
                i += 1;
                continue;
            }
            let mut b = i;
            while b < n && capitalized(b) {
                b += 1;
            }
            if b - i <= 3 && !starts.contains(&i) && names.contains(&self.text(i..b)) {
                starts.insert(i);
                sides.push(i..b);
            }
            i = b;
        }
        for r in sides {
            let overlapping: Vec<usize> = r.clone().filter_map(|i| cover[i]).collect();
            match overlapping.first() {
                None => {
                    let k = self.push(Found {
                        tokens: r.clone(),
                        label: EntityLabel::Org,
                        resolved: Resolved::Name,
                        rule: "sports-team",
                        confidence: 0.6,
                        role: None,
                        country_mention: None,
                        tentative: false,
                        initial: false,
                    });
                    for i in r {
                        cover[i] = Some(k);
                    }
                }
                // A name only of a name's shape, or a weak capitalized word, that the row
                // spells whole: the side.
                Some(&k)
                    if overlapping.iter().all(|&o| o == k)
                        && self.found[k].tokens == r
                        && matches!(self.found[k].rule, "name-shape" | "capitalized") =>
                {
                    self.found[k].recast(EntityLabel::Org, "sports-team", 0.6, false);
                }
                Some(_) => {}
            }
        }
    }

    /// In a sports report, a town or county that plays is a team: "Leicestershire beat
    /// Somerset", "Dynamo 2 Rotor 1", "Essex v Kent", "joined Newcastle", "Surrey captain
    /// Chris Lewis". Once a name has played, it is the team wherever the report names it
    /// again ("Essex reached 372"), and so is every town listed with a team ("title rivals
    /// Essex, Derbyshire and Surrey"). Countries stay countries (national sides are written
    /// as the country, and so are the home nations: "England", "Scotland"), a dateline stays
    /// a place, and so does a name after "at" or "in": the ground, not the side ("Kansas City
    /// at Detroit", "In Montreal, Sanders allowed one hit"). A person's family name in the
    /// report is that person, never a team ("President Clinton … Clinton won in 1992").
    pub(super) fn sports_teams(&mut self) {
        const CUES: &[&str] = &[
            "innings",
            "wicket",
            "wickets",
            "goal",
            "goals",
            "match",
            "league",
            "cricket",
            "soccer",
            "tennis",
            "baseball",
            "rugby",
            "half-time",
            "halftime",
            "striker",
            "midfielder",
            "goalkeeper",
            "season",
            "scored",
            "inning",
            "championship",
            "standings",
            "semifinal",
            "semi-final",
            "quarter-final",
            "playoff",
            "playoffs",
        ];
        const VERBS: &[&str] = &[
            "beat", "beats", "drew", "draw", "defeated", "lost", "lose", "edged", "routed",
            "thrashed", "held", "v", "vs", "vs.", "v.", "against", "host", "hosts", "hosted",
            "visit", "visited", "play", "played", "plays", "won", "win", "trailed", "led",
        ];
        // Words before a club's name: "joined Newcastle", "first division side Nice".
        const BEFORE: &[&str] = &["joined", "joins", "join", "side"];
        // The United Kingdom's nations field national sides, written as the country.
        const HOME_NATIONS: &[&str] = &["england", "scotland", "wales", "northern ireland"];
        // Words after it: its people and its side ("Surrey captain", "Newcastle team mate").
        const AFTER: &[&str] = &[
            "captain",
            "skipper",
            "coach",
            "manager",
            "striker",
            "midfielder",
            "defender",
            "goalkeeper",
            "forward",
            "team",
            "fans",
            "supporters",
        ];
        // (Called only for a sports report: see `run`.)
        let cues = self
            .tokens
            .iter()
            .filter(|t| CUES.contains(&self.doc.token_norm(t).to_lowercase().as_str()))
            .count();
        if cues < 2 {
            return;
        }
        let n = self.tokens.len();
        // The towns and counties that may be teams: not a dateline, a place or a
        // subdivision (or a county's name) of the knowledge base.
        // A person's family name in the report is that person ("Clinton won in 1992").
        let family_names: foldhash::HashSet<String> = self
            .found
            .iter()
            .filter(|f| f.label == EntityLabel::Person && !f.tokens.is_empty())
            .map(|f| self.word(f.tokens.end - 1).to_lowercase())
            .collect();
        let candidates: Vec<usize> = (0..self.found.len())
            .filter(|&k| {
                let f = &self.found[k];
                let a = f.tokens.start;
                if f.rule == "dateline"
                    || !matches!(f.label, EntityLabel::Gpe | EntityLabel::Loc)
                    || (a > 0 && matches!(self.word(a - 1).to_lowercase().as_str(), "at" | "in"))
                    || HOME_NATIONS.contains(&self.text(f.tokens.clone()).to_lowercase().as_str())
                    || family_names.contains(&self.text(f.tokens.clone()).to_lowercase())
                {
                    return false;
                }
                // "Notts County 0 York 1": a county club.
                f.rule == "admin-unit"
                    || matches!(f.resolved, Resolved::Kb(id)
                        if matches!(self.kb.entry(id), Entry::Place(_) | Entry::Subdivision(_)))
            })
            .collect();
        let word = |k: usize| self.doc.token_norm(&self.tokens[k]).to_lowercase();
        let mut team = vec![false; candidates.len()];
        for (c, &k) in candidates.iter().enumerate() {
            let (a, b) = (self.found[k].tokens.start, self.found[k].tokens.end);
            team[c] = (b < n
                && (VERBS.contains(&word(b).as_str())
                    || AFTER.contains(&word(b).as_str())
                    || self.tokens[b].kind == TokenKind::Number))
                || (a > 0
                    && (VERBS.contains(&word(a - 1).as_str())
                        || BEFORE.contains(&word(a - 1).as_str())));
        }
        // The same name again, and the towns listed with a team: each candidate that
        // becomes a team passes it on once (a work list, so a long table stays linear).
        let names: Vec<String> = candidates
            .iter()
            .map(|&k| self.text(self.found[k].tokens.clone()).to_lowercase())
            .collect();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (c, name) in names.iter().enumerate() {
            by_name.entry(name.as_str()).or_default().push(c);
        }
        // A neighbour in a list: one comma, "and" or "or" between two candidates' names.
        let listed = |c: usize, d: usize| {
            let (x, y) = (
                &self.found[candidates[c]].tokens,
                &self.found[candidates[d]].tokens,
            );
            x.end + 1 == y.start && matches!(word(x.end).as_str(), "," | "and" | "or")
        };
        let mut work: Vec<usize> = (0..candidates.len()).filter(|&c| team[c]).collect();
        let mut spread: foldhash::HashSet<&str> = foldhash::HashSet::default();
        while let Some(c) = work.pop() {
            let mut next: Vec<usize> = Vec::new();
            if spread.insert(names[c].as_str())
                && let Some(same) = by_name.get(names[c].as_str())
            {
                next.extend(same.iter().copied());
            }
            if c > 0 && listed(c - 1, c) {
                next.push(c - 1);
            }
            if c + 1 < candidates.len() && listed(c, c + 1) {
                next.push(c + 1);
            }
            for d in next {
                if !team[d] {
                    team[d] = true;
                    work.push(d);
                }
            }
        }
        // A report that names two sides or more is about sides: its other towns are sides
        // too, unless written as a place: where someone or something is from ("of X",
        // "X-based"), a ground's town ("at Edgbaston, Birmingham", "(Leeds)"), a venue
        // heading a line of results ("Hove: Sussex 363"), a stadium.
        let mut sides: Vec<&str> = (0..candidates.len())
            .filter(|&c| team[c])
            .map(|c| names[c].as_str())
            .collect();
        sides.sort_unstable();
        sides.dedup();
        if sides.len() >= 2 {
            for (c, &k) in candidates.iter().enumerate() {
                let (a, b) = (self.found[k].tokens.start, self.found[k].tokens.end);
                let origin = (a > 0
                    && matches!(word(a - 1).as_str(), "of" | "near" | "born" | "," | "("))
                    || (b < n
                        && matches!(
                            word(b).as_str(),
                            "-based" | "based" | "," | "-" | ":" | ")" | "stadium"
                        ));
                if !origin {
                    team[c] = true;
                }
            }
        }
        for (c, &k) in candidates.iter().enumerate() {
            if team[c] {
                let f = &mut self.found[k];
                let tentative = f.tentative;
                f.recast(EntityLabel::Org, "sports-team", 0.8, tentative);
            }
        }
    }

    /// A company named with its legal form ("Jones Medical Industries Inc", "Magna
    /// International Inc", "Douglas & Lomason Co") is named without it afterwards ("Jones
    /// Medical Industries", "Magna", "Douglas & Lomason"): those short forms are the
    /// company wherever a weaker rule read them as a person or a town, and are added where
    /// no rule read them at all ("Jones stock closed down"). The first word alone counts
    /// only if it is no common word, no place or nationality, and no word of a person's
    /// full name in the document.
    pub(super) fn company_short_names(&mut self) {
        const WEAK: &[&str] = &[
            "first-name",
            "name-shape",
            "surname-in-document",
            "same-name-in-document",
            "kb-small-place",
            "capitalized",
            "place-based-name",
            "speech-verb",
        ];
        let person_words: foldhash::HashSet<&str> = self
            .found
            .iter()
            .filter(|f| f.label == EntityLabel::Person && f.tokens.len() >= 2)
            .flat_map(|f| f.tokens.clone().map(|k| self.word(k)))
            .collect();
        let mut short: HashMap<String, usize> = HashMap::new();
        for f in &self.found {
            if f.label != EntityLabel::Org || f.tokens.len() < 2 {
                continue;
            }
            if !super::chunks::LEGAL_FORMS.contains(&self.word(f.tokens.end - 1)) {
                continue;
            }
            let body = f.tokens.start..f.tokens.end - 1;
            if body.len() <= 6 {
                short.insert(self.text(body.clone()), body.len());
            }
            let first = self.word(body.start);
            if body.len() >= 2
                && first.chars().count() > 2
                && self.is_cap(body.start)
                && !self.lex.is_common(first)
                && !person_words.contains(first)
                && !matches!(self.word(body.start + 1), "&" | "and")
                // "Houston Industries Inc" … "based in Houston": a place stays a place.
                && !matches!(
                    self.dictionary(body.start..body.start + 1),
                    Some((EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Norp, ..))
                )
            {
                short.insert(first.to_string(), 1);
            }
        }
        if short.is_empty() {
            return;
        }
        let n = self.tokens.len();
        let mut covered = vec![false; n];
        for idx in 0..self.found.len() {
            let r = self.found[idx].tokens.clone();
            covered[r.clone()].iter_mut().for_each(|c| *c = true);
            let f = &self.found[idx];
            if f.label != EntityLabel::Org
                && WEAK.contains(&f.rule)
                && short.contains_key(&self.text(r))
            {
                self.found[idx].recast(EntityLabel::Org, "company-short-name", 0.7, false);
            }
        }
        // Short forms are matched up to a few words long: a runaway "name" of hundreds of
        // capitalized words would make the scan below quadratic.
        let longest = short.values().copied().max().unwrap_or(1).min(6);
        let fits = |k: usize| !covered[k] && self.tokens[k].kind == TokenKind::Word;
        let added = self.runs(longest, fits, "company-short-name", |r| {
            (self.is_cap(r.start) && short.contains_key(&self.text(r)))
                .then_some((EntityLabel::Org, Resolved::Name))
        });
        self.add_found(added);
    }

    /// Names in a line set in capitals ("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN") that
    /// the rest of the document writes in normal case: the capitals of a shouted line say
    /// nothing, but the body says what "SHEARER" is (a person, "Alan Shearer"). A person's
    /// family name alone also matches. Only runs of all-capital words that no name covers
    /// are read, longest match first, and never a single common word.
    pub(super) fn shouted_echoes(&mut self) {
        let n = self.tokens.len();
        let mut known: HashMap<String, (EntityLabel, Resolved)> = HashMap::new();
        let mut covered = vec![false; n];
        for f in &self.found {
            covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
            if f.tentative || f.initial || f.tokens.clone().all(|k| self.is_all_caps(k)) {
                continue;
            }
            let text = self.text(f.tokens.clone()).to_lowercase();
            if f.label == EntityLabel::Person && f.tokens.len() >= 2 {
                let last = self.word(f.tokens.end - 1).to_lowercase();
                known
                    .entry(last)
                    .or_insert((EntityLabel::Person, Resolved::Name));
            }
            known.insert(text, (f.label, f.resolved));
        }
        if known.is_empty() {
            return;
        }
        let shouted = |k: usize| {
            k < n
                && !covered[k]
                && self.tokens[k].kind == TokenKind::Word
                && self.word(k).chars().filter(|c| c.is_alphabetic()).count() >= 2
                && self.is_all_caps(k)
        };
        let echoes = self.runs(4, shouted, "shouted-echo", |r| {
            if r.len() == 1 && self.lex.is_common(&self.word(r.start).to_lowercase()) {
                return None;
            }
            known.get(&self.text(r).to_lowercase()).copied()
        });
        self.add_found(echoes);
    }

    /// Runs of at most `longest` tokens that each `fit` and do not cross a line break, that
    /// `name_of` reads as a name (the longest first), as names found by `rule`.
    fn runs(
        &self,
        longest: usize,
        fits: impl Fn(usize) -> bool,
        rule: &'static str,
        name_of: impl Fn(Range<usize>) -> Option<(EntityLabel, Resolved)>,
    ) -> Vec<Found> {
        let n = self.tokens.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if !fits(i) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < n
                && end < i + longest
                && fits(end)
                && !self.tokens[end].has(Token::LINE_BEFORE)
            {
                end += 1;
            }
            let hit = (i + 1..=end)
                .rev()
                .find_map(|j| name_of(i..j).map(|(label, resolved)| (j, label, resolved)));
            match hit {
                Some((j, label, resolved)) => {
                    out.push(Found {
                        tokens: i..j,
                        label,
                        resolved,
                        rule,
                        confidence: 0.7,
                        role: None,
                        country_mention: None,
                        tentative: false,
                        initial: false,
                    });
                    i = j;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Adds names found by a document pass, keeping the list in token order.
    fn add_found(&mut self, added: Vec<Found>) {
        if !added.is_empty() {
            self.found.extend(added);
            self.found.sort_by_key(|f| f.tokens.start);
        }
    }

    /// The name comes right after a preposition of place ("in", "at", "near", "outside",
    /// "inside"; not "of" or "for": "40 percent of Ruch").
    fn after_locative(&self, f: &Found) -> bool {
        f.tokens.start > 0
            && matches!(
                self.word(f.tokens.start - 1),
                "in" | "at" | "near" | "outside" | "inside"
            )
    }

    /// A populated place of the knowledge base under exactly this display name (any
    /// size), the most populous if several.
    pub(super) fn small_town(&self, name: &str) -> Option<dateline_kb::EntryRef> {
        let mut best: Option<(u64, dateline_kb::EntryRef)> = None;
        for h in self.kb.lookup(name) {
            if h.alternate || h.loose {
                continue;
            }
            if let Entry::Place(p) = self.kb.entry(h.entry)
                && p.name == name
                && best.is_none_or(|(pop, _)| p.population > pop)
            {
                best = Some((p.population, h.entry));
            }
        }
        best.map(|(_, id)| id)
    }

    /// The document pass: one label per string, surnames of known people, speech verbs,
    /// small towns a story names again and again.
    pub(super) fn settle(&mut self) {
        // A small town read from "in Ruch" is an organisation if the story names it
        // mostly elsewhere ("40 percent of Ruch", "Ruch says"): fewer than one mention
        // in four after a preposition of place.
        let mut all: HashMap<String, (usize, usize)> = HashMap::new();
        for f in &self.found {
            if matches!(f.rule, "capitalized" | "kb-small-place") {
                let e = all.entry(self.text(f.tokens.clone())).or_default();
                e.0 += 1;
                e.1 += usize::from(f.rule == "kb-small-place" || self.after_locative(f));
            }
        }
        for idx in 0..self.found.len() {
            if self.found[idx].rule != "kb-small-place" {
                continue;
            }
            let text = self.text(self.found[idx].tokens.clone());
            if all
                .get(&text)
                .is_some_and(|&(n, loc)| n >= 2 && loc * 4 < n)
            {
                self.found[idx].recast(EntityLabel::Org, "capitalized", 0.4, true);
            }
        }
        // Strings confidently labelled somewhere in the document.
        let mut known: HashMap<String, (EntityLabel, f32)> = HashMap::new();
        for f in &self.found {
            if f.tentative {
                continue;
            }
            let text = self.text(f.tokens.clone());
            if f.label == EntityLabel::Person {
                // Every part of a person's name refers to the person ("Trump").
                for k in f.tokens.clone() {
                    let w = self.word(k);
                    if w.len() > 1 && self.is_cap(k) && !self.lex.is_common(w) {
                        known
                            .entry(w.to_string())
                            .or_insert((EntityLabel::Person, f.confidence));
                    }
                }
            }
            let e = known.entry(text).or_insert((f.label, f.confidence));
            if f.confidence > e.1 {
                *e = (f.label, f.confidence);
            }
        }
        // Words of people's full names ("James Walker", "Tyrise M. Bell"): alone elsewhere
        // they are the person, not a small town of that name, whatever came first.
        let mut surnames: foldhash::HashSet<String> = foldhash::HashSet::default();
        for f in &self.found {
            if f.label == EntityLabel::Person && !f.tentative && f.tokens.len() >= 2 {
                for k in f.tokens.clone() {
                    let w = self.word(k);
                    if w.len() > 1 && self.is_cap(k) && !self.lex.is_common(w) {
                        surnames.insert(w.to_lowercase());
                    }
                }
            }
        }
        // Family names of people named in full ("MaliVai Washington", "Neil Jordan"): a
        // place or country of that name standing alone is the person, unless written
        // where a place is ("in Washington", "to Jordan", "King Hussein of Jordan").
        let mut family: foldhash::HashSet<String> = foldhash::HashSet::default();
        for f in &self.found {
            if f.label == EntityLabel::Person && !f.tentative && f.tokens.len() >= 2 {
                let k = f.tokens.end - 1;
                if self.tokens[k].kind == TokenKind::Word && self.is_cap(k) {
                    family.insert(self.word(k).to_lowercase());
                }
            }
        }
        // One-word names of small places that are also given names ("Gloria", "Isabel"):
        // whether the story ever writes one where only a person stands ("their child,
        // Gloria", "me and Isabel", "Isabel, who") and whether it ever writes one where
        // a place stands ("in Gloria", "Gloria, Brazil"). The first without the second is
        // the person throughout; "Winona police" and "Monroe, Trenton and Seven Mile" are
        // neither, and stay places.
        let mut given: HashMap<String, (bool, bool)> = HashMap::new();
        for f in &self.found {
            if f.rule == "kb-place"
                && f.tokens.len() == 1
                && f.confidence < 0.85
                && self
                    .kb
                    .first_name_gender(self.word(f.tokens.start))
                    .is_some()
            {
                let placed = (f.tokens.start > 0
                    && super::LOCATIVES
                        .contains(&self.word(f.tokens.start - 1).to_lowercase().as_str()))
                    || self.locative_context(f.tokens.start, f.tokens.end);
                let person = self.person_context(f.tokens.clone());
                let e = given.entry(self.text(f.tokens.clone())).or_default();
                e.0 |= person;
                e.1 |= placed;
            }
        }
        // Unknown single words written with a capital in mid-sentence more than once
        // ("Wikinews", "Gorbachev"): a name the dictionaries lack, not a stray capital.
        let mut repeated: HashMap<String, usize> = HashMap::new();
        for f in &self.found {
            if f.rule == "capitalized" && !f.initial {
                *repeated.entry(self.text(f.tokens.clone())).or_default() += 1;
            }
        }
        // Of those, the ones written after a preposition of place ("in Chiefland", "near
        // Annville") at least once in four mentions ("invest $200 million in Ruch" once
        // among ten mentions of a company is not where it is).
        let mut located: HashMap<String, usize> = HashMap::new();
        for f in &self.found {
            if f.rule == "capitalized" && self.after_locative(f) {
                *located.entry(self.text(f.tokens.clone())).or_default() += 1;
            }
        }
        located.retain(|name, n| all.get(name).is_some_and(|&(every, _)| *n * 4 >= every));
        // Of the unknown single words, those the story also writes in lower case as often
        // ("Iodine deficiency" beside "iodine levels"): a common noun capitalized for
        // emphasis or after a quotation mark, not a name.
        // (Only the lower-case forms of those words are counted: no string per token.)
        let mut lowercase: HashMap<String, usize> = self
            .found
            .iter()
            .filter(|f| f.rule == "capitalized" && f.tokens.len() == 1)
            .map(|f| (self.word(f.tokens.start).to_lowercase(), 0))
            .collect();
        if !lowercase.is_empty() {
            for t in self.tokens {
                if t.kind == TokenKind::Word
                    && let Some(n) = lowercase.get_mut(self.doc.token_norm(t))
                {
                    *n += 1;
                }
            }
        }
        for idx in 0..self.found.len() {
            let f = &self.found[idx];
            if f.role.is_some() && f.label == EntityLabel::Person {
                continue;
            }
            // "US$ 10 billion", "A$5": a country's letters on a currency sign name the
            // currency, not the place.
            let end = f.tokens.end;
            if f.label == EntityLabel::Gpe
                && end < self.tokens.len()
                && self.word(end) == "$"
                && !self.tokens[end].has(Token::SPACE_BEFORE)
            {
                self.found[idx].rule = "drop";
                continue;
            }
            // ("the Church" is a body's short name, whatever churches the story names.)
            let definite =
                f.tokens.start > 0 && self.word(f.tokens.start - 1).eq_ignore_ascii_case("the");
            if f.rule == "capitalized" && f.tokens.len() == 1 && !definite {
                let text = self.text(f.tokens.clone());
                let lower = text.to_lowercase();
                let capitals = all.get(&text).map_or(1, |&(n, _)| n);
                if lower != text
                    && lowercase
                        .get(&lower)
                        .is_some_and(|&n| n > 0 && n >= capitals)
                {
                    let f = &mut self.found[idx];
                    f.label = EntityLabel::Misc;
                    f.rule = "drop";
                    continue;
                }
            }
            if f.rule == "capitalized"
                && repeated
                    .get(&self.text(f.tokens.clone()))
                    .is_some_and(|&n| n >= 2)
                && !known.contains_key(&self.text(f.tokens.clone()))
            {
                // A town too small to count on its own ("Chiefland", "Grantville") that a
                // story names again and again is that town, not an organisation.
                let text = self.text(f.tokens.clone());
                let town = located
                    .contains_key(&text)
                    .then(|| self.small_town(&text))
                    .flatten();
                let f = &mut self.found[idx];
                f.rule = "repeated-name";
                f.confidence = 0.5;
                f.tentative = false;
                if let Some(id) = town {
                    f.label = EntityLabel::Gpe;
                    f.resolved = Resolved::Kb(id);
                    f.rule = "repeated-place";
                }
                continue;
            }
            let text = self.text(f.tokens.clone());
            // A nationality word is the family name ("Mark Cuban": "Cuban said") only
            // where no noun follows it ("Cuban voters").
            let demonym_alone = f.label == EntityLabel::Norp && {
                let next = f.tokens.end;
                next >= self.tokens.len()
                    || self.tokens[next].kind != TokenKind::Word
                    || (!self.is_cap(next) && {
                        let w = self.word(next).to_lowercase();
                        self.lex.speech_verb(&w).is_some()
                            || matches!(
                                w.as_str(),
                                "who" | "has" | "had" | "is" | "was" | "would" | "will" | "also"
                            )
                    })
            };
            if f.tokens.len() == 1
                && (demonym_alone
                    || matches!(f.label, EntityLabel::Gpe | EntityLabel::Loc)
                        && matches!(f.resolved, Resolved::Kb(_)))
                && f.rule != "dateline"
                && family.contains(&text.to_lowercase())
                && !(f.tokens.start > 0
                    && PLACE_PREPOSITIONS
                        .contains(&self.word(f.tokens.start - 1).to_lowercase().as_str()))
            {
                let f = &mut self.found[idx];
                f.label = EntityLabel::Person;
                f.resolved = Resolved::Name;
                f.rule = "surname-in-document";
                f.confidence = 0.8;
                continue;
            }
            if f.rule == "kb-place" && f.tokens.len() == 1 && f.confidence < 0.85 {
                // Prepositions of location only: "turned to Whitman", "a gift from Bell"
                // name people as often as places.
                let locative = f.tokens.start > 0
                    && matches!(
                        self.word(f.tokens.start - 1).to_lowercase().as_str(),
                        "in" | "at" | "near" | "outside" | "inside" | "within" | "across"
                    );
                if locative {
                    // "a lab in Bell": the town, whoever else is called Bell.
                    continue;
                }
                let surname = surnames.contains(&text.to_lowercase());
                let given_name = given
                    .get(&text)
                    .is_some_and(|&(person, placed)| person && !placed);
                // "Robertson said": a small town does not speak ("a lab in Lelystad
                // confirmed" is a place; in "said Monroe Mayor Robert Routson" the town
                // qualifies the next name).
                let before_name = f.tokens.end < self.tokens.len() && self.is_cap(f.tokens.end);
                let speaks =
                    self.next_to_speech_verb(f.tokens.clone()) && !locative && !before_name;
                if surname || speaks || given_name {
                    let f = &mut self.found[idx];
                    f.label = EntityLabel::Person;
                    f.resolved = Resolved::Name;
                    f.rule = if surname {
                        "surname-in-document"
                    } else if speaks {
                        "speech-verb"
                    } else {
                        "given-name"
                    };
                    f.confidence = 0.8;
                    continue;
                }
            }
            let own = (f.label, f.confidence);
            if let Some(&(label, conf)) = known.get(&text)
                && label != own.0
                && (f.tentative
                    || (label == EntityLabel::Person
                        && own.0 == EntityLabel::Gpe
                        && f.confidence < 0.9))
            {
                let f = &mut self.found[idx];
                f.label = label;
                f.confidence = conf.min(0.85);
                f.rule = "same-name-in-document";
                f.tentative = false;
                if label == EntityLabel::Person {
                    f.resolved = Resolved::Name;
                }
                continue;
            }
            // "The KDP said": an acronym that speaks is the organisation speaking.
            if self.found[idx].tentative
                && self.found[idx].rule != "acronym"
                && self.next_to_speech_verb(self.found[idx].tokens.clone())
            {
                self.found[idx].recast(EntityLabel::Person, "speech-verb", 0.75, false);
                continue;
            }
            // An acronym's capitals say nothing about where it stands: after an opening
            // bracket or a sentence's "The" it is as much a name as anywhere ("the Kurdistan
            // Democratic Party (KDP)", "The KDP charges"); only first in its sentence or its
            // line may it be a shouted word.
            let a = self.found[idx].tokens.start;
            let placed_acronym = self.found[idx].rule == "acronym"
                && a > 0
                && self.tokens[a - 1].kind != TokenKind::Terminal
                && !self.tokens[a].has(Token::LINE_BEFORE);
            if self.found[idx].tentative
                && ((self.found[idx].initial && !placed_acronym)
                    || self.found[idx].rule == "capitalized")
            {
                // A capital that only marks a sentence start, or one unknown word, with no
                // other evidence: most are ordinary words (Attendance, Scorers, Biology).
                self.found[idx].label = EntityLabel::Misc;
                self.found[idx].rule = "drop";
                continue;
            }
        }
    }

    /// Words around `r` that only a person's name stands in: "named Isabel", "their
    /// child, Gloria", "me and Isabel", "Isabel and I", "Isabel, who", "Mason's
    /// father".
    fn person_context(&self, r: Range<usize>) -> bool {
        let n = self.tokens.len();
        let word = |k: usize| self.word(k).to_lowercase();
        let before = |d: usize| r.start.checked_sub(d).map(word);
        let after = |d: usize| (r.end + d - 1 < n).then(|| word(r.end + d - 1));
        let b1 = before(1);
        let b2 = before(2);
        let a1 = after(1);
        let a2 = after(2);
        let is = |w: &Option<String>, set: &[&str]| w.as_deref().is_some_and(|w| set.contains(&w));
        is(&b1, &["named", "nicknamed"])
            || (b1.as_deref() == Some(",") && (is(&b2, KIN) || is(&b2, PERSON_NOUNS)))
            || (is(&b1, &["and", "with"]) && is(&b2, &["me", "i", "he", "she"]))
            || (a1.as_deref() == Some("and") && is(&a2, &["i", "me", "he", "she"]))
            || a1.as_deref() == Some("who")
            || (a1.as_deref() == Some(",") && a2.as_deref() == Some("who"))
            || (is(&a1, &["'s", "’s"]) && (is(&a2, KIN) || is(&a2, PERSONAL_AFTER)))
    }

    /// "Putin said", "said Putin" (finite forms only: "countering Soviet power" is not
    /// speech).
    fn next_to_speech_verb(&self, r: Range<usize>) -> bool {
        let finite = |w: &str| self.lex.speech_verb(w).is_some() && !w.ends_with("ing");
        let after = r.end < self.tokens.len() && finite(self.word(r.end));
        let before = r.start > 0
            && matches!(
                self.word(r.start - 1),
                "said" | "says" | "asked" | "added" | "told" | "wrote"
            );
        after || before
    }
}
