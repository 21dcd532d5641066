//! The Penn Treebank tag set: the 45 tags of the Wall Street Journal treebank, which the
//! perceptron weights were trained on and PETRARCH-style verb patterns are written against.
//!
//! The variants are declared in the byte order of their names (`#` < `$` < `''` < … < `WRB`
//! < ` `` `). The tagger relies on it: the reference implementation breaks a tie between
//! two classes in favour of the greater name, and with this order that is the greater
//! variant.

use std::fmt;

/// A Penn Treebank part-of-speech tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Tag {
    /// `#`
    Hash,
    /// `$`
    Dollar,
    /// `''` closing quotation mark
    CloseQuote,
    /// `,`
    Comma,
    /// `-LRB-` opening bracket
    Lrb,
    /// `-RRB-` closing bracket
    Rrb,
    /// `.` sentence-final punctuation
    Period,
    /// `:` colon, semicolon, dash, ellipsis
    Colon,
    Cc,
    Cd,
    Dt,
    Ex,
    Fw,
    In,
    Jj,
    Jjr,
    Jjs,
    Ls,
    Md,
    Nn,
    Nnp,
    Nnps,
    Nns,
    Pdt,
    Pos,
    Prp,
    /// `PRP$`
    PrpS,
    Rb,
    Rbr,
    Rbs,
    Rp,
    Sym,
    To,
    Uh,
    Vb,
    Vbd,
    Vbg,
    Vbn,
    Vbp,
    Vbz,
    Wdt,
    Wp,
    /// `WP$`
    WpS,
    Wrb,
    /// `` `` `` opening quotation mark
    OpenQuote,
}

/// How many tags there are.
pub const TAG_COUNT: usize = 45;

impl Tag {
    /// Every tag, in name order.
    pub const ALL: [Tag; TAG_COUNT] = [
        Tag::Hash,
        Tag::Dollar,
        Tag::CloseQuote,
        Tag::Comma,
        Tag::Lrb,
        Tag::Rrb,
        Tag::Period,
        Tag::Colon,
        Tag::Cc,
        Tag::Cd,
        Tag::Dt,
        Tag::Ex,
        Tag::Fw,
        Tag::In,
        Tag::Jj,
        Tag::Jjr,
        Tag::Jjs,
        Tag::Ls,
        Tag::Md,
        Tag::Nn,
        Tag::Nnp,
        Tag::Nnps,
        Tag::Nns,
        Tag::Pdt,
        Tag::Pos,
        Tag::Prp,
        Tag::PrpS,
        Tag::Rb,
        Tag::Rbr,
        Tag::Rbs,
        Tag::Rp,
        Tag::Sym,
        Tag::To,
        Tag::Uh,
        Tag::Vb,
        Tag::Vbd,
        Tag::Vbg,
        Tag::Vbn,
        Tag::Vbp,
        Tag::Vbz,
        Tag::Wdt,
        Tag::Wp,
        Tag::WpS,
        Tag::Wrb,
        Tag::OpenQuote,
    ];

    const NAMES: [&'static str; TAG_COUNT] = [
        "#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "CC", "CD", "DT", "EX", "FW", "IN", "JJ",
        "JJR", "JJS", "LS", "MD", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB",
        "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT",
        "WP", "WP$", "WRB", "``",
    ];

    /// The tag as the treebank writes it ("NNP", "PRP$", "-LRB-", "``").
    #[inline]
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The tag written `name`, if it is one of the 45.
    pub fn from_name(name: &str) -> Option<Tag> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// The tag with index `i` (its position in [`Tag::ALL`]).
    #[inline]
    pub fn from_index(i: u8) -> Option<Tag> {
        Self::ALL.get(i as usize).copied()
    }

    /// NN, NNS, NNP, NNPS.
    #[inline]
    pub fn is_noun(self) -> bool {
        matches!(self, Tag::Nn | Tag::Nns | Tag::Nnp | Tag::Nnps)
    }

    /// NNP, NNPS.
    #[inline]
    pub fn is_proper_noun(self) -> bool {
        matches!(self, Tag::Nnp | Tag::Nnps)
    }

    /// VB, VBD, VBG, VBN, VBP, VBZ (not MD).
    #[inline]
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Tag::Vb | Tag::Vbd | Tag::Vbg | Tag::Vbn | Tag::Vbp | Tag::Vbz
        )
    }

    /// JJ, JJR, JJS.
    #[inline]
    pub fn is_adjective(self) -> bool {
        matches!(self, Tag::Jj | Tag::Jjr | Tag::Jjs)
    }

    /// RB, RBR, RBS.
    #[inline]
    pub fn is_adverb(self) -> bool {
        matches!(self, Tag::Rb | Tag::Rbr | Tag::Rbs)
    }

    /// Punctuation tags: quotes, brackets, `,`, `.`, `:`. Not `#` and `$`, which head
    /// number phrases.
    #[inline]
    pub fn is_punctuation(self) -> bool {
        matches!(
            self,
            Tag::OpenQuote
                | Tag::CloseQuote
                | Tag::Comma
                | Tag::Lrb
                | Tag::Rrb
                | Tag::Period
                | Tag::Colon
        )
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_follow_byte_order() {
        for (i, t) in Tag::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
            assert_eq!(Tag::from_name(t.as_str()), Some(*t));
            assert_eq!(Tag::from_index(i as u8), Some(*t));
        }
        for w in Tag::ALL.windows(2) {
            assert!(
                w[0].as_str().as_bytes() < w[1].as_str().as_bytes(),
                "{} must sort before {}",
                w[0],
                w[1]
            );
            assert!(w[0] < w[1]);
        }
        assert_eq!(Tag::from_name("HYPH"), None);
        assert_eq!(Tag::from_index(45), None);
    }
}
