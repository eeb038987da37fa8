//! Bidi classes, looked up for every character of every paragraph (bidi resolution, marks,
//! strong directions). unicode-bidi finds a class by binary search over its table, which was
//! a large share of a build; ASCII — most of an English book — is answered from a table
//! built once from that same search.

use std::sync::LazyLock;
use unicode_bidi::{BidiClass, BidiDataSource, BidiInfo, Level};

/// The classes of the ASCII characters, from unicode-bidi's own table.
static ASCII: LazyLock<[BidiClass; 128]> =
    LazyLock::new(|| std::array::from_fn(|b| unicode_bidi::bidi_class(char::from(b as u8))));

/// The bidi class of `c`.
pub fn of(c: char) -> BidiClass {
    match ASCII.get(c as usize) {
        Some(&class) => class,
        None => unicode_bidi::bidi_class(c),
    }
}

/// A non-spacing mark (bidi class NSM): a harakat, the hamza above. None is below U+0300.
pub fn is_mark(c: char) -> bool {
    c >= '\u{300}' && unicode_bidi::bidi_class(c) == BidiClass::NSM
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
