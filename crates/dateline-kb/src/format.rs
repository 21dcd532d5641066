//! The on-disk layout of a KB file. Little-endian throughout; every section starts at a
//! multiple of 8 bytes.
//!
//! ```text
//! header (160 bytes)
//!   0   magic        8 bytes  b"DLNKB\r\n\x1a"  (the \r\n and ^Z catch text-mode mangling)
//!   8   version      u32      FORMAT_VERSION; a reader refuses any other
//!   12  record_size  u32      RECORD_SIZE
//!   16  entry_count  u32
//!   20  reserved     u32
//!   24  sections     SECTION_COUNT × (offset u64, len u64), in the order of `Section`
//!   136 checksum     u64: `checksum` of bytes 0..136 and 160..end
//! sections
//!   Entries    entry_count fixed-size records (see below)
//!   Strings    string pool: each string is a u16 length + UTF-8 bytes; referenced by offset
//!   Names      fst::Map: key (exact or loose name key) → posting (see below)
//!   Postings   u32 array: [count, id|ALT, id|ALT, ...] lists for keys with several entries
//!   Countries  u32 array: entry ids of the countries, sorted by alpha-2 code
//!   FirstNames fst::Map: first-name key → gender (1 male, 2 female, 3 either)
//!   Meta       JSON object: source versions and build figures (informational)
//! ```
//!
//! A record (36 bytes):
//!
//! ```text
//!   0  kind  u8     KIND_* below
//!   1  sub   u8     kind-specific small value (subdivision level, seat kind, demonym plural,
//!                   bit 7 of a subdivision: coordinates estimated)
//!   2  cc    [u8;2] ISO 3166-1 alpha-2 country code, or 0,0
//!   4  name  u32    string offset of the display name
//!   8  lat   f32    degrees, NaN when the entry has no coordinates
//!   12 lon   f32
//!   16 pop   u32    population (0 = unknown)
//!   20 gid   u32    GeoNames id, or NONE
//!   24 link  u32    entry id: place→subdivision, subdivision→parent, country→capital,
//!                   demonym/seat→country; or NONE
//!   28 code  u32    string: alpha-3 (country), ISO 3166-2 code (subdivision), GeoNames
//!                   admin1 code (place), actor code (demonym, seat), continent code
//!   32 extra u32    string: subdivision type ("State", "Oblast"); otherwise NONE
//! ```
//!
//! A posting (the u64 value of a name key): bit 63 set → a single entry, its id|ALT in the
//! low 32 bits; clear → an offset (in u32 units) into Postings. ALT (bit 31 of an id) marks
//! a match through an alternate name rather than the entry's display name.
//!
//! Coordinates are f32: one unit in the last place is at most ~1.5 m at ±180°, far below
//! what a gazetteer point means for a city or a state, and it keeps records at 36 bytes.

pub const MAGIC: [u8; 8] = *b"DLNKB\r\n\x1a";
pub const FORMAT_VERSION: u32 = 1;
pub const RECORD_SIZE: usize = 36;
pub const HEADER_SIZE: usize = 160;
pub const SECTION_COUNT: usize = 7;
pub const NONE: u32 = u32::MAX;
pub const ALT: u32 = 1 << 31;
pub const SINGLE: u64 = 1 << 63;
/// Entry ids must stay below ALT.
pub const MAX_ENTRIES: usize = (ALT - 1) as usize;

pub const KIND_COUNTRY: u8 = 1;
pub const KIND_SUBDIVISION: u8 = 2;
pub const KIND_PLACE: u8 = 3;
pub const KIND_DEMONYM: u8 = 4;
pub const KIND_SEAT: u8 = 5;
pub const KIND_CONTINENT: u8 = 6;

pub const SUB_ESTIMATED: u8 = 0x80;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Entries = 0,
    Strings = 1,
    Names = 2,
    Postings = 3,
    Countries = 4,
    FirstNames = 5,
    Meta = 6,
}

pub const SECTIONS: [Section; SECTION_COUNT] = [
    Section::Entries,
    Section::Strings,
    Section::Names,
    Section::Postings,
    Section::Countries,
    Section::FirstNames,
    Section::Meta,
];

pub const CHECKSUM_AT: usize = 24 + SECTION_COUNT * 16;

/// A fast 64-bit checksum (four independent multiply-rotate lanes over 8-byte words).
///
/// Not cryptographic: it is there because the `fst` crate trusts its input and may panic
/// on corrupt bytes, so a KB is verified once at open (a few ms for the full 20 MB file)
/// and every later read can trust the structure.
pub fn checksum(parts: &[&[u8]]) -> u64 {
    const P1: u64 = 0x9E37_79B1_85EB_CA87;
    const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let mut lanes = [P1, P2, P1 ^ P2, P1.wrapping_add(P2)];
    let mut total = 0u64;
    for part in parts {
        total = total.wrapping_add(part.len() as u64);
        let mut chunks = part.chunks_exact(32);
        for c in &mut chunks {
            for (i, lane) in lanes.iter_mut().enumerate() {
                let w = u64::from_le_bytes(c[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
                *lane = (*lane ^ w).wrapping_mul(P1).rotate_left(29);
            }
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            let lane = &mut lanes[i % 4];
            *lane = (*lane ^ b as u64).wrapping_mul(P2).rotate_left(23);
        }
        // Separate the parts.
        lanes[0] = (lanes[0] ^ part.len() as u64).wrapping_mul(P2);
    }
    let mut h = total.wrapping_mul(P1);
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(P2).rotate_left(31);
    }
    h ^ (h >> 33)
}

pub fn u32_at(b: &[u8], off: usize) -> u32 {
    let mut a = [0u8; 4];
    if let Some(s) = b.get(off..off + 4) {
        a.copy_from_slice(s);
    }
    u32::from_le_bytes(a)
}

pub fn u64_at(b: &[u8], off: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(off..off + 8) {
        a.copy_from_slice(s);
    }
    u64::from_le_bytes(a)
}

pub fn f32_at(b: &[u8], off: usize) -> f32 {
    f32::from_bits(u32_at(b, off))
}
