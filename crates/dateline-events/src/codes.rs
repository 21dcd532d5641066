//! CAMEO codes: Goldstein values, QuadClass and the PLOVER type each code maps to.
//!
//! Why a table and not a formula: the Goldstein scale (Goldstein 1992, as adapted to CAMEO
//! for GDELT and PETRARCH) gives each base code its own weight, and analysts aggregate on
//! those exact numbers, so they are listed per base code (three digits) as the CAMEO
//! Goldstein table GDELT publishes (`CAMEO.goldsteinscale.txt`) gives them, checked line by
//! line against it; a four-digit code takes its base's value except the five the table
//! values apart (0334, 0874, 1821, 1822, 1823). QuadClass follows
//! from the root (01–05 verbal cooperation, 06–09 material cooperation, 10–14 verbal
//! conflict, 15–20 material conflict). PLOVER (Halterman et al. 2023) folds CAMEO's twenty
//! roots into sixteen types; the mapping below follows the PLOVER manual's own CAMEO
//! cross-walk at root level, with the few base codes that move to another type
//! (a signed agreement is AGREE, a ceasefire or withdrawal is RETREAT).

/// Goldstein values of CAMEO base codes, and of the few four-digit codes whose value differs
/// from their base (0334, 0874, 1821–1823), as in the CAMEO Goldstein table GDELT publishes
/// (`CAMEO.goldsteinscale.txt`).
const GOLDSTEIN: &[(&str, f32)] = &[
    ("010", 0.0),
    ("011", -0.1),
    ("012", -0.4),
    ("013", 0.4),
    ("014", 0.0),
    ("015", 0.0),
    ("016", -2.0),
    ("017", 0.0),
    ("018", 3.4),
    ("019", 3.4),
    ("020", 3.0),
    ("021", 3.4),
    ("022", 3.2),
    ("023", 3.4),
    ("024", -0.3),
    ("025", -0.3),
    ("026", 4.0),
    ("027", 4.0),
    ("028", 4.0),
    ("030", 4.0),
    ("031", 5.2),
    ("032", 4.5),
    ("033", 5.2),
    ("0334", 6.0),
    ("034", 7.0),
    ("035", 7.0),
    ("036", 4.0),
    ("037", 5.0),
    ("038", 7.0),
    ("039", 5.0),
    ("040", 1.0),
    ("041", 1.0),
    ("042", 1.9),
    ("043", 2.8),
    ("044", 2.5),
    ("045", 5.0),
    ("046", 7.0),
    ("050", 3.5),
    ("051", 3.4),
    ("052", 3.5),
    ("053", 3.8),
    ("054", 6.0),
    ("055", 7.0),
    ("056", 7.0),
    ("057", 8.0),
    ("060", 6.0),
    ("061", 6.4),
    ("062", 7.4),
    ("063", 7.4),
    ("064", 7.0),
    ("070", 7.0),
    ("071", 7.4),
    ("072", 8.3),
    ("073", 7.4),
    ("074", 8.5),
    ("075", 7.0),
    ("080", 5.0),
    ("081", 5.0),
    ("082", 5.0),
    ("083", 5.0),
    ("084", 7.0),
    ("085", 7.0),
    ("086", 9.0),
    ("087", 9.0),
    ("0874", 10.0),
    ("090", -2.0),
    ("091", -2.0),
    ("092", -2.0),
    ("093", -2.0),
    ("094", -2.0),
    ("100", -5.0),
    ("101", -5.0),
    ("102", -5.0),
    ("103", -5.0),
    ("104", -5.0),
    ("105", -5.0),
    ("106", -5.0),
    ("107", -5.0),
    ("108", -5.0),
    ("110", -2.0),
    ("111", -2.0),
    ("112", -2.0),
    ("113", -2.0),
    ("114", -2.0),
    ("115", -2.0),
    ("116", -2.0),
    ("120", -4.0),
    ("121", -4.0),
    ("122", -4.0),
    ("123", -4.0),
    ("124", -4.0),
    ("125", -5.0),
    ("126", -5.0),
    ("127", -5.0),
    ("128", -5.0),
    ("129", -5.0),
    ("130", -4.4),
    ("131", -5.8),
    ("132", -5.8),
    ("133", -5.8),
    ("134", -5.8),
    ("135", -5.8),
    ("136", -7.0),
    ("137", -7.0),
    ("138", -7.0),
    ("139", -7.0),
    ("140", -6.5),
    ("141", -6.5),
    ("142", -6.5),
    ("143", -6.5),
    ("144", -7.5),
    ("145", -7.5),
    ("150", -7.2),
    ("151", -7.2),
    ("152", -7.2),
    ("153", -7.2),
    ("154", -7.2),
    ("160", -4.0),
    ("161", -4.0),
    ("162", -5.6),
    ("163", -8.0),
    ("164", -7.0),
    ("165", -6.5),
    ("166", -7.0),
    ("170", -7.0),
    ("171", -9.2),
    ("172", -5.0),
    ("173", -5.0),
    ("174", -5.0),
    ("175", -9.0),
    ("180", -9.0),
    ("181", -9.0),
    ("182", -9.5),
    ("1821", -9.0),
    ("1822", -9.0),
    ("1823", -10.0),
    ("183", -10.0),
    ("184", -8.0),
    ("185", -8.0),
    ("186", -10.0),
    ("190", -10.0),
    ("191", -9.5),
    ("192", -9.5),
    ("193", -10.0),
    ("194", -10.0),
    ("195", -10.0),
    ("196", -9.5),
    ("200", -10.0),
    ("201", -9.5),
    ("202", -10.0),
    ("203", -10.0),
    ("204", -10.0),
];

/// The Goldstein value of a code (its own where the table lists it, else its base code's);
/// 0 for an unknown code.
pub fn goldstein(code: &str) -> f32 {
    let base = code.get(..3).unwrap_or(code);
    let find = |k: &str| GOLDSTEIN.iter().find(|(c, _)| *c == k).map(|(_, g)| *g);
    find(code).or_else(|| find(base)).unwrap_or(0.0)
}

/// The root as a number (1–20); 0 for a malformed code.
pub fn root_number(code: &str) -> u8 {
    code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// QuadClass of a code: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
/// 4 material conflict (0 for a malformed code).
pub fn quad_class(code: &str) -> u8 {
    match root_number(code) {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => 0,
    }
}

/// The PLOVER event type of a CAMEO code; `None` for CAMEO 01 (public statements), which
/// PLOVER leaves uncoded.
pub fn plover(code: &str) -> Option<&'static str> {
    let base = code.get(..3).unwrap_or(code);
    Some(match base {
        "057" => "AGREE",
        "087" => "RETREAT",
        "051" | "052" | "053" | "054" | "055" | "056" => "SUPPORT",
        _ => match root_number(code) {
            2 | 10 => "REQUEST",
            3 => "AGREE",
            4 => "CONSULT",
            5 => "COOPERATE",
            6 => "COOPERATE",
            7 => "AID",
            8 => "CONCEDE",
            9 | 11 => "ACCUSE",
            12 => "REJECT",
            13 => "THREATEN",
            14 => "PROTEST",
            15 => "MOBILIZE",
            16 => "SANCTION",
            17 => "COERCE",
            18..=20 => "ASSAULT",
            _ => return None,
        },
    })
}

/// The code an intention to do `code` takes ("vowed to meet" → 036 intent to meet).
/// Intentions of material conflict become threats (CAMEO puts "threaten to attack" under
/// 13, not 03).
pub fn intent(code: &str) -> String {
    match root_number(code) {
        4 => "036",
        5 => "032",
        6 => "031",
        7 => "033",
        8 => "035",
        15 | 17 => "137",
        16 => "1312",
        18..=20 => "138",
        _ => return code.to_string(),
    }
    .to_string()
}

/// The code a threat to do `code` takes.
pub fn threat(code: &str) -> String {
    match root_number(code) {
        16 => "1312".to_string(),
        15 | 17 => "137".to_string(),
        18..=20 => "138".to_string(),
        12 => "134".to_string(),
        _ => "130".to_string(),
    }
}

/// The code an appeal to someone else to do `code` takes ("urged Russia to withdraw").
pub fn appeal(code: &str) -> String {
    match root_number(code) {
        4 => "026",
        5 => "022",
        6 => "021",
        7 => "023",
        8 => "025",
        _ => "020",
    }
    .to_string()
}

/// The code a refusal or negation of `code` takes; `None` when the negated action is not an
/// event at all ("did not attack" reports nothing done).
pub fn rejection(code: &str) -> Option<String> {
    Some(
        match root_number(code) {
            3 | 5 if code.starts_with("057") => "127",
            3 | 5 => "120",
            4 => "125",
            6 => "121",
            7 => "122",
            8 => "124",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_values() {
        assert_eq!(quad_class("043"), 1);
        assert_eq!(quad_class("0871"), 2);
        assert_eq!(quad_class("111"), 3);
        assert_eq!(quad_class("190"), 4);
        assert_eq!(goldstein("0871"), 9.0);
        assert_eq!(goldstein("190"), -10.0);
        assert_eq!(plover("057"), Some("AGREE"));
        assert_eq!(plover("013"), None);
        assert_eq!(plover("138"), Some("THREATEN"));
        assert_eq!(intent("190"), "138");
        assert_eq!(rejection("070").as_deref(), Some("122"));
        assert_eq!(rejection("190"), None);
        // Every listed base code is three digits and within the scale.
        // Values checked against the published table.
        assert_eq!(goldstein("016"), -2.0);
        assert_eq!(goldstein("124"), -4.0);
        assert_eq!(goldstein("0874"), 10.0);
        assert_eq!(goldstein("0873"), 9.0);
        assert_eq!(goldstein("1823"), -10.0);
        assert_eq!(goldstein("1821"), -9.0);
        assert_eq!(goldstein("201"), -9.5);
        for (c, g) in GOLDSTEIN {
            assert!(c.len() == 3 || c.len() == 4);
            assert!((-10.0..=10.0).contains(g));
        }
    }
}
