//! A generated news corpus for benchmarks: deterministic, any size, shaped like wire copy
//! (datelines, titles and names, quotations with speakers, numbers, money, dates,
//! abbreviations), so that segmentation does the same kind of work as on real news. The
//! text is assembled from small word lists written for this purpose.

use std::io::{self, Write};

/// SplitMix64: a tiny, fast, well-distributed generator; determinism matters more here than
/// statistical strength.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CITIES: &[&str] = &[
    "BRUSSELS",
    "NAIROBI",
    "WASHINGTON",
    "KYIV",
    "MANILA",
    "LIMA",
    "OTTAWA",
    "JAKARTA",
    "ANCHORAGE, Alaska",
    "SPRINGFIELD, Ill.",
    "SACRAMENTO, Calif.",
    "GENEVA",
];
const AGENCIES: &[&str] = &["(AP)", "(Reuters)", "(AFP)", ""];
const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Lt. Col.",
    "Dr.",
    "Mayor",
    "Chancellor",
    "spokeswoman",
    "Interior Minister",
];
const FIRST: &[&str] = &[
    "Amara",
    "Jonas",
    "Li",
    "María",
    "Oleksandr",
    "Priya",
    "Kwame",
    "Sofia",
    "Tomás",
    "Ingrid",
    "Hamid",
    "Yuki",
    "Grace",
    "Pedro",
    "Anna",
    "George W.",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Wei",
    "Fernández",
    "Kovalenko",
    "Raman",
    "Mensah",
    "Rossi",
    "Novak",
    "Haddad",
    "Tanaka",
    "O'Neill",
    "Dubois",
    "Schmidt",
    "Walker",
    "Bush",
];
const ORGS: &[&str] = &[
    "the European Union",
    "NATO",
    "the U.N. Security Council",
    "Acme Inc.",
    "the World Bank",
    "the Interior Ministry",
    "the U.S. Senate",
    "the central bank",
    "Global Freight Corp.",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "warned",
    "insisted",
    "added",
    "declared",
    "noted",
];
const SUBJECTS: &[&str] = &[
    "the ceasefire",
    "the budget",
    "the trade talks",
    "the new bridge",
    "flood relief",
    "the election",
    "the vaccine rollout",
    "port security",
    "the pension reform",
];
const CLAIMS: &[&str] = &[
    "We will not accept any deal that ignores the people on the ground",
    "There is no agreement until everything is agreed",
    "This is a step forward, but only a step",
    "Nobody should mistake patience for weakness",
    "The numbers speak for themselves",
    "We expect answers by the end of the month",
];
const TAILS: &[&str] = &[
    "officials said on Friday",
    "according to figures released Tuesday",
    "in a statement late Sunday",
    "after three days of talks",
    "despite fierce opposition",
    "as markets fell 2.4% in early trading",
    "the agency said in a report",
];
const MONTHS: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

fn person(r: &mut Rng) -> String {
    format!("{} {} {}", r.pick(TITLES), r.pick(FIRST), r.pick(LAST))
}

fn sentence(r: &mut Rng, out: &mut String) {
    match r.below(7) {
        0 => {
            let speaker = person(r);
            out.push_str(&format!(
                "“{},” {} {}.",
                r.pick(CLAIMS),
                speaker,
                r.pick(VERBS)
            ));
        }
        1 => {
            out.push_str(&format!(
                "“{}.” {} {} did not elaborate.",
                r.pick(CLAIMS),
                r.pick(FIRST),
                r.pick(LAST)
            ));
        }
        2 => {
            let amount = r.below(900) + 10;
            let decimal = r.below(10);
            out.push_str(&format!(
                "{} approved ${amount}.{decimal} million for {} on {} {}, {}.",
                capitalize(r.pick(ORGS)),
                r.pick(SUBJECTS),
                r.pick(MONTHS),
                r.below(28) + 1,
                r.pick(TAILS)
            ));
        }
        3 => {
            out.push_str(&format!(
                "{} met {} in {} to discuss {}, {}.",
                person(r),
                person(r),
                r.pick(CITIES).split(',').next().unwrap_or("Geneva"),
                r.pick(SUBJECTS),
                r.pick(TAILS)
            ));
        }
        4 => {
            out.push_str(&format!(
                "About {},{:03} people were affected, up {}.{}% from {} — the highest since the 1990s.",
                r.below(90) + 1,
                r.below(1000),
                r.below(20),
                r.below(10),
                2000 + r.below(25)
            ));
        }
        5 => {
            out.push_str(&format!(
                "Asked whether {} would survive, {} {} it was “too early to say.”",
                r.pick(SUBJECTS),
                person(r),
                r.pick(VERBS)
            ));
        }
        _ => {
            out.push_str(&format!(
                "Critics of {} say the plan, first floated in {} {}, was rushed… Supporters disagree.",
                r.pick(ORGS),
                r.pick(MONTHS),
                2000 + r.below(25)
            ));
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One article of roughly 1.5–6 KB.
fn article(r: &mut Rng) -> String {
    let mut text = String::with_capacity(6000);
    text.push_str(&format!("{} {} — ", r.pick(CITIES), r.pick(AGENCIES)));
    let paragraphs = 3 + r.below(10);
    for p in 0..paragraphs {
        if p > 0 {
            text.push_str("\n\n");
        }
        for s in 0..(1 + r.below(4)) {
            if s > 0 {
                text.push(' ');
            }
            sentence(r, &mut text);
        }
    }
    text
}

/// Syllables of the made-up words that [`vary`] mixes in.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "ven", "mar", "ti", "sel", "do", "rin", "pa", "gu", "bel", "os", "tra", "mi",
    "zen", "cor", "la", "vi", "nus", "de", "fal", "qui", "ro", "sta",
];

/// A made-up lower-case word of two or three syllables (about 14,000 possible).
fn pseudo_word(r: &mut Rng) -> String {
    let n = 2 + r.below(2);
    (0..n).map(|_| r.pick(SYLLABLES)).collect()
}

/// Makes a generated article unlike every other: a made-up word after every third pair of
/// lower-case words. The templates above repeat whole clauses, so without this two
/// articles share many five-word shingles and near-duplicate detection would rightly call
/// them copies; real news has no such repetition. Names, quotes and numbers are untouched.
fn vary(text: &str, r: &mut Rng) -> String {
    let lower = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase());
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut pairs = 0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if lower(w) && words.get(i + 1).is_some_and(|n| lower(n)) {
            pairs += 1;
            if pairs % 3 == 0 {
                out.push(' ');
                out.push_str(&pseudo_word(r));
            }
        }
    }
    out
}

/// Writes about `bytes` bytes of JSONL articles (`id`, `text`, `published`) to `out`;
/// returns the number of documents.
pub fn write_jsonl(out: &mut impl Write, bytes: usize, seed: u64) -> io::Result<u64> {
    write_articles(out, bytes, u64::MAX, false, seed)
}

/// Writes `docs` JSONL articles, each made distinct by [`vary`] (for store benchmarks,
/// where identical-looking articles would be folded into one story).
pub fn write_varied_jsonl(out: &mut impl Write, docs: u64, seed: u64) -> io::Result<u64> {
    write_articles(out, usize::MAX, docs, true, seed)
}

fn write_articles(
    out: &mut impl Write,
    bytes: usize,
    docs: u64,
    varied: bool,
    seed: u64,
) -> io::Result<u64> {
    let mut r = Rng(seed);
    let mut written = 0usize;
    let mut n = 0u64;
    while written < bytes && n < docs {
        let mut text = article(&mut r);
        if varied {
            text = vary(&text, &mut r);
        }
        let line = serde_json::json!({
            "id": format!("bench-{n:07}"),
            "text": text,
            "published": format!("2025-{:02}-{:02}", r.below(12) + 1, r.below(28) + 1),
        });
        let mut s = line.to_string();
        s.push('\n');
        out.write_all(s.as_bytes())?;
        written += s.len();
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_sized() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let n = write_jsonl(&mut a, 50_000, 7).unwrap();
        write_jsonl(&mut b, 50_000, 7).unwrap();
        assert_eq!(a, b);
        assert!(a.len() >= 50_000 && n > 5);
        for line in a.split(|&c| c == b'\n').filter(|l| !l.is_empty()) {
            let v: serde_json::Value = serde_json::from_slice(line).unwrap();
            assert!(v["text"].as_str().unwrap().len() > 200);
        }
    }
}
