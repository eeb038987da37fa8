//! Bidi classes, looked up for every character of every paragraph (bidi resolution, marks,
//! strong directions). unicode-bidi finds a class by binary search over its table, which was
//! a large share of a build; the characters of English and Persian text — U+0000 to U+07FF
//! (Latin to Arabic) and the general punctuation with the ZWNJ — are answered from tables
//! built once from that same search.

use std::sync::LazyLock;
use unicode_bidi::{BidiClass, BidiDataSource, BidiInfo, Level};

/// The first characters, Latin to Arabic: U+0000 to U+07FF.
const LOW_END: u32 = 0x800;

/// The general punctuation block: spaces, joiners, dashes, quotes, bidi controls.
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;

/// The classes of the characters below [`LOW_END`] and in [`PUNCTUATION`], in that order,
/// from unicode-bidi's own table.
static TABLE: LazyLock<Vec<BidiClass>> = LazyLock::new(|| {
    (0..LOW_END)
        .chain(PUNCTUATION)
        .map(|u| char::from_u32(u).map_or(BidiClass::L, unicode_bidi::bidi_class))
        .collect()
});

/// The bidi class of `c`.
pub fn of(c: char) -> BidiClass {
    let u = u32::from(c);
    let index = if u < LOW_END {
        u
    } else if PUNCTUATION.contains(&u) {
        u - PUNCTUATION.start + LOW_END
    } else {
        return unicode_bidi::bidi_class(c);
    };
    TABLE[index as usize]
}

/// A non-spacing mark (bidi class NSM): a harakat, the hamza above. None is below U+0300.
pub fn is_mark(c: char) -> bool {
    c >= '\u{300}' && of(c) == BidiClass::NSM
}

/// unicode-bidi's data with the ASCII table in front.
struct Classes;

impl BidiDataSource for Classes {
    fn bidi_class(&self, c: char) -> BidiClass {
        of(c)
    }
}

/// [`BidiInfo::new`], with the ASCII fast path.
pub fn resolve(text: &str, base: Option<Level>) -> BidiInfo<'_> {
    BidiInfo::new_with_data_source(&Classes, text, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_unicode_bidi_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(of(c), unicode_bidi::bidi_class(c), "{c:?}");
            assert_eq!(
                is_mark(c),
                unicode_bidi::bidi_class(c) == BidiClass::NSM,
                "{c:?}"
            );
        }
    }
}
