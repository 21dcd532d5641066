//! Step 1: cutting a sentence into candidate names.
//!
//! Separate because it is the only step that reads the text as a stream of tokens: it
//! decides where a name starts and ends, not what it is. [`Recognizer::sentence`] scans a
//! sentence for runs of capitalized tokens joined by connectors ("Bank *of* England"),
//! notices headlines (all capitals or title case, where capitals say nothing) and emits
//! the datelines found before the pass. [`Recognizer::chunk`] trims each run and splits
//! it where a capital only marks a sentence start, at a common word in a headline, at
//! "of", "for" and "and" the dictionaries do not vouch for, and after a demonym compound
//! ("Cypriot-flagged"); what remains goes to the labelling step.

use super::words::CONNECTORS;
use super::{DEMONYM_COMPOUND, Found, Recognizer, Resolved};
use dateline_doc::{EntityLabel, Token, TokenKind};
use dateline_kb::Entry;
use std::ops::Range;

/// At most this many words after a possessive are tried as the rest of a known name.
const POSSESSIVE_NAME_WORDS: usize = 6;

/// Words that go before a month's name, never before a person's first name.
const MONTH_COMPANIONS: &[&str] = &[
    "in", "on", "to", "from", "since", "by", "of", "the", "until", "till", "through", "during",
    "early", "late", "mid", "last", "next", "this", "that", "before", "after", "between", "and",
    "or", "each", "every", "for", "a", "its", "their",
];

/// A company's legal form, the last word of its name.
pub(super) const LEGAL_FORMS: &[&str] = &[
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Co",
    "Co.",
    "Ltd",
    "Ltd.",
    "PLC",
    "Plc",
    "plc",
    "LLC",
    "AG",
    "SA",
    "S.A.",
    "NV",
    "N.V.",
    "GmbH",
    "SpA",
    "Corporation",
    "Incorporated",
    "Limited",
];

/// Titles that start a dedication's name ([`Recognizer::possessive_dedication`]).
const DEDICATION_TITLES: &[&str] = &[
    "St.", "St", "Saint", "Ste.", "Queen", "King", "Prince", "Princess", "Lady", "Lord",
];

/// The last words of a dedication's name: kinds of place and institution.
pub(super) const DEDICATION_HEADS: &[&str] = &[
    "Square",
    "Cathedral",
    "Basilica",
    "Church",
    "Chapel",
    "Abbey",
    "Hospital",
    "College",
    "University",
    "School",
    "Academy",
    "County",
    "Parish",
    "Island",
    "Bay",
    "Park",
    "Bridge",
    "Street",
    "Road",
    "Gate",
    "Hall",
    "Palace",
];

impl<'a> Recognizer<'a> {
    /// A sentence set in capitals (wire slugs, shouted headlines) or in title case (a
    /// headline: no final punctuation unless it opens the document, every word of four
    /// letters or more capitalized, common words among them): its capitals say nothing
    /// about names.
    fn is_headline(&self, a: usize, b: usize) -> bool {
        let mut words = 0;
        let mut caps = 0;
        let mut long = 0;
        let mut long_capitalized = 0;
        let mut capitalized_common = 0;
        for i in a..b {
            if self.tokens[i].kind != TokenKind::Word {
                continue;
            }
            let w = self.word(i);
            if !w.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            words += 1;
            if w.chars().count() >= 2 && self.is_all_caps(i) {
                caps += 1;
            }
            if w.chars().count() >= 4 {
                long += 1;
                if self.is_cap(i) {
                    long_capitalized += 1;
                    if self.lex.is_common(w) {
                        capitalized_common += 1;
                    }
                }
            }
        }
        let ends_like_prose = (a..b)
            .rev()
            .find(|&i| self.tokens[i].kind != TokenKind::Quote)
            .is_some_and(|i| {
                matches!(
                    self.tokens[i].kind,
                    TokenKind::Terminal | TokenKind::Ellipsis
                )
            });
        let all_caps = words >= 3 && caps * 10 >= words * 6;
        // A document's first line may be a title that ends with a full stop ("Obama Sees
        // 'Personal Insult' if Blacks Don't Rally for Hillary Clinton."): a line of its own.
        let title_line = a == 0
            && long >= 4
            && self
                .tokens
                .get(b)
                .is_some_and(|t| t.has(Token::LINE_BEFORE));
        // Title case capitalizes common words too: a line of names alone ("4. Laban Rotich
        // ( Kenya ) 3:53.42", a results table) is no headline.
        let title_case = (!ends_like_prose || title_line)
            && long >= 3
            && long_capitalized == long
            && capitalized_common > 0;
        all_caps || title_case
    }

    pub(super) fn sentence(&mut self, a: usize, b: usize) {
        let headline = self.is_headline(a, b);
        // The first word position: after opening quotes, brackets and dashes.
        let mut first = a;
        while first < b
            && matches!(
                self.tokens[first].kind,
                TokenKind::Quote | TokenKind::Punct | TokenKind::Dash
            )
        {
            first += 1;
        }
        let mut i = a;
        while i < b {
            if let Some((r, entry)) = self.dateline_starting(i) {
                self.push(Found {
                    tokens: r.clone(),
                    label: EntityLabel::Gpe,
                    resolved: Resolved::Kb(entry),
                    rule: "dateline",
                    confidence: 0.9,
                    role: None,
                    country_mention: None,
                    tentative: false,
                    initial: false,
                });
                i = r.end;
                // "ISTANBUL (Dateline Wire) —", "LONDON (Reuters) -": the news agency in
                // brackets after the dateline is an organisation, never a person.
                if let Some(agency) = self.agency_after_dateline(i, b) {
                    self.push(Found {
                        tokens: agency.clone(),
                        label: EntityLabel::Org,
                        resolved: Resolved::Name,
                        rule: "dateline-agency",
                        confidence: 0.85,
                        role: None,
                        country_mention: None,
                        tentative: false,
                        initial: false,
                    });
                    i = agency.end;
                }
                continue;
            }
            if !self.is_cap(i) || (self.lex.is_time_word(self.word(i)) && !self.month_name(i, b)) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < b {
                if self.tokens[j].has(Token::LINE_BEFORE) {
                    break;
                }
                if self.is_cap(j) && !self.lex.is_time_word(self.word(j)) {
                    j += 1;
                    continue;
                }
                let w = self.word(j);
                // "Yusuf Ahmed al-Hassan", "Abdel Fattah el-Sisi": a family name with its
                // particle joined by a hyphen goes on with the name.
                if is_particle_compound(w) {
                    j += 1;
                    continue;
                }
                // "People's Republic of China", "Martha's Vineyard": a possessive inside a
                // name the dictionaries know ("Russia's Foreign Ministry" is two names).
                // "Commanders of the Korean People's Army": the name may start inside the
                // run, whose words before it are a chunk of their own.
                if matches!(w, "'s" | "’s")
                    && let Some((start, end)) = self
                        .possessive_name(i, j, b)
                        .or_else(|| self.possessive_dedication(i, j, b))
                {
                    if start > i {
                        let initial = i == first || self.after_opening(a, i) || headline;
                        self.chunk(i, start, initial, headline);
                        i = start;
                    }
                    j = end;
                    continue;
                }
                if CONNECTORS.contains(&w.to_lowercase().as_str()) && j + 1 < b {
                    let mut k = j + 1;
                    if w == "of" && self.word(k) == "the" && k + 1 < b {
                        k += 1;
                    }
                    // Two name particles: "Ursula von der Leyen", "Frans van der Meer".
                    if is_name_particle(w) && is_name_particle(self.word(k)) && k + 1 < b {
                        k += 1;
                    }
                    if self.is_cap(k) && !self.tokens[k].has(Token::LINE_BEFORE) {
                        j = k + 1;
                        continue;
                    }
                }
                break;
            }
            let initial = i == first || self.after_opening(a, i) || headline;
            self.chunk(i, j, initial, headline);
            i = j;
        }
    }

    /// A month's name that is a first name before a family name: "beat Jan Kroslak ("
    /// (not "Jan 5", "May Day", "in March Kaczmarek cancelled", "the August Chicago index",
    /// "March Eurodollars", "April Brent crude"). The word before may not be one that goes
    /// with a month, the family name is one capitalized word, no plural, no acronym, and
    /// no lowercase word follows it (which costs "June Carter sang").
    fn month_name(&self, i: usize, b: usize) -> bool {
        let k = i + 1;
        let before = (i > 0).then(|| self.word(i - 1).to_lowercase());
        let next = self.word(k.min(b.saturating_sub(1)));
        k < b
            && self.kb.first_name_gender(self.word(i)).is_some()
            && !before
                .as_deref()
                .is_some_and(|w| MONTH_COMPANIONS.contains(&w))
            && self.tokens[i.saturating_sub(1)].kind != TokenKind::Number
            && self.tokens[k].kind == TokenKind::Word
            && self.is_cap(k)
            && !self.tokens[k].has(Token::LINE_BEFORE)
            && next.chars().skip(1).all(char::is_lowercase)
            && !next.ends_with('s')
            && !self.lex.is_time_word(next)
            && !self.lex.is_common(next)
            // "April Brent crude", "June Nymex heating oil": a lowercase noun after the
            // pair makes it a contract month and a market.
            && !self.tokens.get(k + 1).is_some_and(|t| {
                t.kind == TokenKind::Word
                    && self
                        .doc
                        .token_norm(t)
                        .starts_with(|c: char| c.is_lowercase())
            })
    }

    /// Whether the word at `i` follows an opening (a colon, quote, bracket or dash) inside
    /// the sentence that starts at `a`: it is capitalized as a sentence's first word is.
    fn after_opening(&self, a: usize, i: usize) -> bool {
        i > a
            && (matches!(self.word(i - 1), ":" | "\"" | "'" | "(" | "«")
                || self.tokens[i - 1].kind == TokenKind::Dash)
    }

    /// The longest name the dictionaries know that starts in the capitalized run `i..s`
    /// (at its earliest word), crosses the possessive at `s` and goes on with the
    /// capitalized words after it (joined by "of"), if there is one.
    fn possessive_name(&self, i: usize, s: usize, b: usize) -> Option<(usize, usize)> {
        let mut k = s + 1;
        while k < b && k - s <= POSSESSIVE_NAME_WORDS && !self.tokens[k].has(Token::LINE_BEFORE) {
            if self.is_cap(k) {
                k += 1;
            } else if self.word(k) == "of" && k + 1 < b && self.is_cap(k + 1) {
                k += 2;
            } else {
                break;
            }
        }
        let first = s.saturating_sub(POSSESSIVE_NAME_WORDS).max(i);
        (first..s)
            .filter(|&start| self.is_cap(start))
            .find_map(|start| {
                (s + 2..=k)
                    .rev()
                    .find(|&end| self.is_cap(end - 1) && self.dictionary(start..end).is_some())
                    .map(|end| (start, end))
            })
    }

    /// A place or institution named after a saint or a royal, written with a possessive:
    /// "St. Peter's Square", "Queen Anne's County", "King's College", "St. John's
    /// University". The run before the possessive (`i..s`) starts with the saint's or the
    /// royal's title, and the capitalized words after it end with a word that names a
    /// kind of place or institution. Without this the name stops at the possessive and
    /// its first half becomes a town ("St. Peter", Minnesota) or a person.
    fn possessive_dedication(&self, i: usize, s: usize, b: usize) -> Option<(usize, usize)> {
        let start =
            (s.saturating_sub(3).max(i)..s).find(|&k| DEDICATION_TITLES.contains(&self.word(k)))?;
        let mut end = s + 1;
        while end < b
            && end - s <= 3
            && self.is_cap(end)
            && !self.lex.is_time_word(self.word(end))
            && !self.tokens[end].has(Token::LINE_BEFORE)
        {
            end += 1;
        }
        // The name ends at its last kind-of-place word: "King's College London".
        (s + 2..=end)
            .rev()
            .find(|&e| DEDICATION_HEADS.contains(&self.word(e - 1)))
            .map(|e| (start, e))
    }

    /// The capitalized words in brackets right after a dateline and before its dash:
    /// "(Dateline Wire)" in "ISTANBUL (Dateline Wire) —".
    fn agency_after_dateline(&self, i: usize, b: usize) -> Option<Range<usize>> {
        // A date may come between: "MANILA, March 3 (Dateline Wire) -".
        let mut i = i;
        if i < b && self.word(i) == "," {
            let mut k = i + 1;
            while k < b.min(i + 6)
                && (self.lex.is_time_word(self.word(k))
                    || self.tokens[k].kind == TokenKind::Number
                    || self.word(k) == ",")
            {
                k += 1;
            }
            if k > i + 1 {
                i = k;
            }
        }
        if i >= b || self.word(i) != "(" {
            return None;
        }
        let close = (i + 1..(i + 6).min(b)).find(|&k| self.word(k) == ")")?;
        let after = close + 1;
        let dash =
            after < b && (self.tokens[after].kind == TokenKind::Dash || self.word(after) == "-");
        (close > i + 1 && dash && (i + 1..close).all(|k| self.is_cap(k) || self.word(k) == "&"))
            .then_some(i + 1..close)
    }

    fn is_connector(&self, i: usize) -> bool {
        (!self.is_cap(i) && !is_particle_compound(self.word(i))) || self.word(i) == "&"
    }

    pub(super) fn chunk(&mut self, mut i: usize, j: usize, mut initial: bool, headline: bool) {
        let mut j = j;
        // Where a rule goes on with the rest of the chunk (`i..j` after a split), the loop
        // goes round again instead of recursing: a headline of thousands of capitalized
        // words is split thousands of times, which must cost neither stack nor rescans.
        // Calls on the part before a split recurse; that part holds no further split of
        // the same rule, so their depth stays small.
        loop {
            // Trim connectors at the edges (they only join), and a leading article: "The
            // Kremlin" is the name "Kremlin" in a noun phrase.
            while i < j && (self.is_connector(i) || self.word(i) == "The") {
                i += 1;
            }
            while j > i && self.is_connector(j - 1) {
                j -= 1;
            }
            if i >= j {
                return;
            }
            if let Some((label, resolved)) = self.demonym_compound(i) {
                self.push(Found {
                    tokens: i..i + 1,
                    label,
                    resolved,
                    rule: DEMONYM_COMPOUND,
                    confidence: 0.85,
                    role: None,
                    country_mention: None,
                    tentative: false,
                    initial: false,
                });
                i += 1;
                initial = false;
                continue;
            }
            if self.dictionary(i..j).is_some() && self.title_prefix(i, j).is_none() {
                self.classify(i, j, initial, headline);
                return;
            }
            // "Republican Donald Trump", "Democrat Elijah Cummings": a party word before a
            // person's first name says which side, as a nationality would; it is no part of
            // the name.
            if j - i >= 3
                && PARTY_WORDS.contains(&self.word(i))
                && self.kb.first_name_gender(self.word(i + 1)).is_some()
                && self.lex.org_cue(self.word(j - 1)).is_none()
            {
                self.chunk(i, i + 1, initial, headline);
                i += 1;
                initial = false;
                continue;
            }
            // "Boston-based Reagan Communications", "St. Louis-based Mercantile Bancorp": a
            // place's compound ends at its hyphenated word; the name after it is its own.
            // (A look-up first, as for "of" below: a long run without one is not rescanned.)
            if self.any_hyphen_modifier(i, j.saturating_sub(1))
                && let Some(p) = (i..j.saturating_sub(1)).find(|&p| self.hyphen_modifier(p))
            {
                self.chunk(i, p + 1, initial, headline);
                i = p + 1;
                initial = false;
                continue;
            }
            // A sentence-initial or headline common word is not part of a name, unless the
            // rest of the chunk makes it one ("Joint Base Elmendorf-Richardson") or it starts
            // a name the dictionaries know ("New York Governor Andrew Cuomo").
            if initial
                && self.lex.is_common(self.word(i))
                && (headline || !self.is_all_caps(i) || self.word(i).chars().count() == 1)
                && self.title_prefix(i, j).is_none()
                && !(i + 2..=j.min(i + 4)).any(|k| self.dictionary(i..k).is_some())
                && (matches!(self.word(i), "A" | "An")
                    // "Shares of Douglas & Lomason Co": the legal form is the company's, not
                    // the common word's before "of" ("Bank of America Corp" keeps its cue
                    // word; "Sisters of Charity" has no legal form).
                    || (i + 1 < j
                        && matches!(self.word(i + 1), "of" | "for")
                        && self.lex.org_cue(self.word(i)).is_none()
                        && LEGAL_FORMS.contains(&self.word(j - 1)))
                    || !(j - i >= 2
                        && self
                            .cue_label(i, j)
                            .is_some_and(|c| c.1 != "admin-unit" || j - i == 2)))
            {
                i += 1;
                initial = headline;
                continue;
            }
            // "DEKALB COUNTY SCHOOLS", "Henry County Sheriff": a local-government unit stays
            // whole (with the words before it that are not common) even where capitals say
            // nothing.
            // (Whether there is one is a look-up first: each split of a long headline goes
            // round this loop, and a scan for a unit that is not there would rescan the rest.)
            if headline
                && self.any_admin_unit(i + 1, j)
                && let Some(k) = (i + 1..j).find(|&k| self.is_admin_unit(k))
            {
                let mut s = k - 1;
                while s > i && !self.lex.is_common(self.word(s - 1)) {
                    s -= 1;
                }
                if s > i {
                    self.chunk(i, s, initial, headline);
                }
                self.classify(s, k + 1, false, headline);
                if k + 1 >= j {
                    return;
                }
                i = k + 1;
                initial = true;
                continue;
            }
            if headline && let Some(k) = (i..j).find(|&k| self.lex.is_common(self.word(k))) {
                if k > i {
                    self.chunk(i, k, false, headline);
                }
                i = k + 1;
                initial = true;
                continue;
            }
            // "Troy Patterson of Slate Magazine": "of" and "for" join one name only when
            // the name is known, starts with a cue word ("Bank of", "Gulf of") or the
            // part before is an organisation by its cue ("Center for …").
            // (Again a look-up first: a run joined by thousands of "and"s without an "of"
            // would be rescanned for one at each of them.)
            if self.any_of_for(i + 1, j)
                && let Some(k) = (i + 1..j).find(|&k| matches!(self.word(k), "of" | "for"))
                && (self.cue_label(i, j).is_none() || self.person_before_of(i, k))
                && self.title_prefix(i, j).is_none()
            {
                self.chunk(i, k, initial, headline);
                let mut rest = k + 1;
                if rest < j && self.word(rest) == "the" {
                    rest += 1;
                }
                i = rest;
                initial = false;
                continue;
            }
            // "X and Y" is one name only if a dictionary says so (checked above).
            if let Some(k) = (i..j).find(|&k| self.word(k) == "and") {
                self.chunk(i, k, false, headline);
                i = k + 1;
                initial = false;
                continue;
            }
            self.classify(i, j, initial, headline);
            return;
        }
    }

    /// A word with one of [`MODIFIER_PARTICIPLES`] after its last hyphen ("Boston-based",
    /// "Communist-led"): a modifier, not part of the name after it. (Lower-case ones,
    /// "state-owned", never stand inside a capitalized run, so they split nothing.)
    pub(super) fn hyphen_modifier(&self, p: usize) -> bool {
        self.word(p)
            .rsplit_once('-')
            .is_some_and(|(head, tail)| !head.is_empty() && MODIFIER_PARTICIPLES.contains(&tail))
    }

    /// The words `i..k` before an "of" are a person's name, not the head of an
    /// organisation's: a known first name and a family name, no cue word among them ("John
    /// Casesa of Schroder Wertheim & Co", "Don Penney of the Rochester Fire Department";
    /// but "Bank of America Corp", "Sisters of Charity").
    fn person_before_of(&self, i: usize, k: usize) -> bool {
        (2..=3).contains(&(k - i))
            && self.kb.first_name_gender(self.word(i)).is_some()
            && !self.lex.is_common(self.word(i))
            && (i..k).all(|x| {
                self.tokens[x].kind == TokenKind::Word
                    && self.is_cap(x)
                    && self.lex.org_cue(self.word(x)).is_none()
            })
    }

    /// "Cypriot-flagged", "U.S.-led": a nationality or country, a hyphen and a lowercase
    /// word in one token. The label and entry of the part before the hyphen.
    fn demonym_compound(&self, i: usize) -> Option<(EntityLabel, Resolved)> {
        let (head, tail) = self.word(i).split_once('-')?;
        if head.is_empty() || !tail.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        self.kb.lookup(head).into_iter().find_map(|h| {
            if h.loose {
                return None;
            }
            match self.kb.entry(h.entry) {
                Entry::Demonym(d) if !d.plural => Some((EntityLabel::Norp, Resolved::Kb(h.entry))),
                Entry::Country(_) => Some((EntityLabel::Gpe, Resolved::Kb(h.entry))),
                _ => None,
            }
        })
    }
}

/// Words for a party's member or side, written before a name ("Republican Donald Trump").
const PARTY_WORDS: &[&str] = &[
    "Republican",
    "Democrat",
    "Democratic",
    "GOP",
    "Labour",
    "Tory",
    "Conservative",
    "Liberal",
    "Libertarian",
    "Socialist",
    "Communist",
];

/// What follows the hyphen of a modifier written before a name: "Boston-based",
/// "Communist-led", "Kremlin-backed".
const MODIFIER_PARTICIPLES: &[&str] = &[
    "based",
    "led",
    "backed",
    "owned",
    "run",
    "controlled",
    "born",
    "registered",
    "listed",
    "flagged",
    "funded",
    "sponsored",
    "allied",
    "linked",
];

/// A particle of a European family name, written in lower case: "von der", "de la".
fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "von"
            | "van"
            | "der"
            | "den"
            | "de"
            | "la"
            | "le"
            | "da"
            | "di"
            | "del"
            | "della"
            | "dos"
            | "du"
            | "des"
    )
}

/// A lower-case Arabic (or Hebrew) name particle joined to a capitalized name: "al-Hassan",
/// "el-Sisi", "bin-Laden", "ad-Din".
pub fn is_particle_compound(word: &str) -> bool {
    let Some((particle, name)) = word.split_once('-') else {
        return false;
    };
    matches!(
        particle,
        "al" | "el"
            | "bin"
            | "ibn"
            | "abu"
            | "ad"
            | "ar"
            | "as"
            | "ash"
            | "at"
            | "az"
            | "ud"
            | "ul"
            | "ben"
            | "bint"
    ) && name.chars().next().is_some_and(char::is_uppercase)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}
