//! The closed word lists the recognizer's rules consult.
//!
//! Kept apart from the rules so the vocabulary can be read and extended in one place:
//! several lists serve more than one step (facility cues label a chunk in `labels` and
//! decide which facilities get a nested town in `document`). Public lists
//! ([`super::LOCATIVES`], [`super::ADMIN_UNITS`]) stay in the parent module with the API;
//! the open-ended dictionaries (titles, organisations, common words) live in
//! [`crate::lexicon`] and the knowledge base.

pub(super) const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "der", "des", "di", "du", "da", "dos", "van", "von", "bin", "ibn",
    "al", "el", "la", "le", "&", "and", "for", "y",
];

/// Capitalized pronouns and determiners are never names (a village called "We" exists).
pub(super) const PRONOUNS: &[&str] = &[
    "I", "We", "You", "He", "She", "It", "They", "Our", "Their", "His", "Her", "Its", "My", "Your",
    "Us", "Them", "Him", "This", "That", "These", "Those", "There", "Here",
];

pub(super) const FAC_CUES: &[&str] = &[
    "Airport",
    "Base",
    "Bridge",
    "Building",
    "Castle",
    "Cathedral",
    "Church",
    "Dam",
    "Hall",
    "Harbor",
    "Harbour",
    "Highway",
    "Hospital",
    "Mosque",
    "Museum",
    "Palace",
    "Port",
    "Prison",
    "Road",
    "Square",
    "Stadium",
    "Station",
    "Street",
    "Temple",
    "Tower",
    "Avenue",
    "Arena",
    "Plaza",
    "Pipeline",
    "Canal",
    "Courthouse",
    "Jail",
    "Park",
    "Boulevard",
    "Drive",
    "Parkway",
    "Trail",
    "Rd.",
    "Ave.",
    "Blvd.",
];

/// Facility cues that are also common surnames ("Sally Field"): they make a facility only
/// when the name does not start with a known given name.
pub(super) const SURNAME_FAC_CUES: &[&str] =
    &["Field", "Market", "Lawn", "Green", "Mall", "Lane", "Circle"];

/// Nouns after which a place-shaped name names a disease: "West Nile virus", "Rift Valley
/// fever", "Lyme disease". The name is then no place mention.
pub(super) const DISEASE_HEADS: &[&str] = &[
    "virus",
    "fever",
    "flu",
    "influenza",
    "disease",
    "syndrome",
    "encephalitis",
];

/// First words of region names built on a compass point: "South Ossetia", "North
/// Caucasus", "West Bank". A name of that shape no dictionary knows is a place, not a
/// person.
pub(super) const COMPASS_WORDS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
];

/// Facility cues of roads and other linear works, often named after a distant town.
pub(super) const THOROUGHFARES: &[&str] = &[
    "Road",
    "Street",
    "Avenue",
    "Highway",
    "Bridge",
    "Pipeline",
    "Canal",
    "Square",
    "Plaza",
    "Boulevard",
    "Drive",
    "Parkway",
    "Trail",
    "Lane",
    "Circle",
    "Rd.",
    "Ave.",
    "Blvd.",
];

/// First words that make a facility: "Fort Bragg", "Camp David".
pub(super) const FAC_PREFIXES: &[&str] = &["Fort", "Camp", "Mount", "Lake"];

pub(super) const LOC_CUES: &[&str] = &[
    "River",
    "Sea",
    "Ocean",
    "Mountains",
    "Mountain",
    "Lake",
    "Gulf",
    "Bay",
    "Strait",
    "Island",
    "Islands",
    "Peninsula",
    "Desert",
    "Valley",
    "Coast",
    "Basin",
    "Plateau",
    "Forest",
    "Glacier",
    "Channel",
    "Heights",
    "Hills",
    "Mount",
    "Mt.",
    "Cape",
    "Delta",
    "Steppe",
    "Shoal",
    "Shoals",
    "Reef",
    "Reefs",
    "Atoll",
    "Ridge",
    "Creek",
    "Canyon",
    "Gorge",
    "Falls",
    "Peak",
    "Lagoon",
    "Archipelago",
    "Marsh",
    "Highlands",
    "Plains",
    "Oasis",
    "Cove",
    "Fjord",
    "Estuary",
    "Isthmus",
];

/// Last words of the names of broadcasts and other works ("The Rachel Maddow Show"): a
/// person's name before them names the work, not the person.
pub(super) const WORK_CUES: &[&str] = &["Show", "Podcast", "Programme"];

pub(super) const EVENT_CUES: &[&str] = &[
    "War",
    "Olympics",
    "Games",
    "Cup",
    "Championship",
    "Championships",
    "Revolution",
    "Uprising",
    "Massacre",
    "Festival",
    "Expo",
    "Summit",
    "Conference",
    "Open",
    "Grand Prix",
    "Tour",
    "Marathon",
    "Election",
];

/// Words that name a storm with the name after them ("Cyclone Phailin", "Hurricane
/// Katrina"), and words that may stand before them ("Tropical Storm Allison", "Super
/// Typhoon Haiyan").
pub(super) const STORM_WORDS: &[&str] = &["Cyclone", "Hurricane", "Typhoon", "Storm"];
pub(super) const STORM_MODIFIERS: &[&str] = &["Tropical", "Super", "Severe", "Cyclonic"];

/// Words after which a nationality word names a language ("in English").
pub(super) const LANGUAGE_CONTEXT: &[&str] = &[
    "in", "speak", "speaks", "spoke", "speaking", "into", "from", "fluent", "native",
];

/// Words that name a portfolio before an office ("Foreign Affairs Adviser", "Public Works
/// Minister", "Chief Economic Adviser"): with an office after them they are part
/// of the title, not an organisation the person belongs to.
pub(super) const PORTFOLIO_WORDS: &[&str] = &[
    "Affairs",
    "Agriculture",
    "Budget",
    "Climate",
    "Commerce",
    "Communications",
    "Culture",
    "Defence",
    "Defense",
    "Development",
    "Digital",
    "Economic",
    "Economy",
    "Education",
    "Energy",
    "Environment",
    "Environmental",
    "External",
    "Family",
    "Finance",
    "Financial",
    "Fisheries",
    "Foreign",
    "Health",
    "Home",
    "Housing",
    "Human",
    "Immigration",
    "Industry",
    "Information",
    "Infrastructure",
    "Interior",
    "Internal",
    "International",
    "Justice",
    "Labor",
    "Labour",
    "Legal",
    "Media",
    "Migration",
    "Military",
    "Mines",
    "Mining",
    "National",
    "Petroleum",
    "Planning",
    "Political",
    "Power",
    "Public",
    "Refugees",
    "Religious",
    "Resources",
    "Revenue",
    "Rights",
    "Rural",
    "Science",
    "Security",
    "Social",
    "Sports",
    "Strategic",
    "Technology",
    "Tourism",
    "Trade",
    "Transport",
    "Treasury",
    "Urban",
    "Water",
    "Welfare",
    "Women",
    "Works",
    "Youth",
];

/// Offices that a portfolio can stand before (single-word titles in `titles.tsv`).
pub(super) const PORTFOLIO_OFFICES: &[&str] = &[
    "Minister",
    "Secretary",
    "Adviser",
    "Advisor",
    "Commissioner",
    "Envoy",
    "Director",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Undersecretary",
];

/// Lowercase nouns for a populated place or an area: a capitalized name after "the
/// village of" is a place ("the village of Umm al-Kheir").
pub(super) const PLACE_NOUNS: &[&str] = &[
    "village",
    "town",
    "city",
    "hamlet",
    "township",
    "settlement",
    "camp",
    "district",
    "province",
    "region",
    "municipality",
    "county",
    "island",
    "port",
    "suburb",
    "neighbourhood",
    "neighborhood",
];

/// Kin: nouns for a person that a name may follow in apposition ("his wife, Mary") and
/// that only a person has ("Mason's father").
pub(super) const KIN: &[&str] = &[
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "father",
    "sister",
    "brother",
    "girlfriend",
    "boyfriend",
];

/// Other nouns for a person that a name may follow in apposition ("their child, Gloria").
pub(super) const PERSON_NOUNS: &[&str] = &[
    "child",
    "girl",
    "boy",
    "baby",
    "friend",
    "partner",
    "colleague",
];

/// Other nouns after a possessive that only a person has ("Gloria's death").
pub(super) const PERSONAL_AFTER: &[&str] = &["parents", "family", "death", "funeral", "birthday"];
