//! The bundled fonts (see `fonts/README.md`), compiled into the binary so that a build never
//! depends on where it is run from.

use crate::book::FarsiFace;

/// A font family pamphlet ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Charis SIL: the Latin book face.
    Charis,
    /// Vazirmatn: the default Farsi face.
    Vazirmatn,
    /// Noto Naskh Arabic: the Naskh alternative.
    NotoNaskhArabic,
}

impl Family {
    /// The family name as the font calls itself.
    pub fn name(self) -> &'static str {
        match self {
            Family::Charis => "Charis SIL",
            Family::Vazirmatn => "Vazirmatn",
            Family::NotoNaskhArabic => "Noto Naskh Arabic",
        }
    }

    /// The family for Arabic-script text under the book's choice.
    pub fn farsi(choice: FarsiFace) -> Family {
        match choice {
            FarsiFace::Vazirmatn => Family::Vazirmatn,
            FarsiFace::NotoNaskhArabic => Family::NotoNaskhArabic,
        }
    }

    /// Copyright and licence line for colophons.
    pub fn licence(self) -> &'static str {
        match self {
            Family::Charis => "© 1997–2022 SIL International, SIL Open Font License 1.1",
            Family::Vazirmatn => "© 2015 The Vazirmatn Project Authors, SIL Open Font License 1.1",
            Family::NotoNaskhArabic => "© 2019–2020 Google LLC, SIL Open Font License 1.1",
        }
    }
}

/// One font file: a family in one weight and slant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Face {
    /// The family.
    pub family: Family,
    /// Bold (700) rather than regular (400).
    pub bold: bool,
    /// Italic rather than upright.
    pub italic: bool,
}

impl Face {
    /// The font file's name.
    pub fn file_name(self) -> &'static str {
        match (self.family, self.bold, self.italic) {
            (Family::Charis, false, false) => "CharisSIL-Regular.ttf",
            (Family::Charis, false, true) => "CharisSIL-Italic.ttf",
            (Family::Charis, true, false) => "CharisSIL-Bold.ttf",
            (Family::Charis, true, true) => "CharisSIL-BoldItalic.ttf",
            (Family::Vazirmatn, false, _) => "Vazirmatn-Regular.ttf",
            (Family::Vazirmatn, true, _) => "Vazirmatn-Bold.ttf",
            (Family::NotoNaskhArabic, false, _) => "NotoNaskhArabic-Regular.ttf",
            (Family::NotoNaskhArabic, true, _) => "NotoNaskhArabic-Bold.ttf",
        }
    }

    /// The font file's bytes.
    pub fn bytes(self) -> &'static [u8] {
        match (self.family, self.bold, self.italic) {
            (Family::Charis, false, false) => {
                include_bytes!("../../fonts/charis/CharisSIL-Regular.ttf")
            }
            (Family::Charis, false, true) => {
                include_bytes!("../../fonts/charis/CharisSIL-Italic.ttf")
            }
            (Family::Charis, true, false) => {
                include_bytes!("../../fonts/charis/CharisSIL-Bold.ttf")
            }
            (Family::Charis, true, true) => {
                include_bytes!("../../fonts/charis/CharisSIL-BoldItalic.ttf")
            }
            (Family::Vazirmatn, false, _) => {
                include_bytes!("../../fonts/vazirmatn/Vazirmatn-Regular.ttf")
            }
            (Family::Vazirmatn, true, _) => {
                include_bytes!("../../fonts/vazirmatn/Vazirmatn-Bold.ttf")
            }
            (Family::NotoNaskhArabic, false, _) => {
                include_bytes!("../../fonts/noto-naskh-arabic/NotoNaskhArabic-Regular.ttf")
            }
            (Family::NotoNaskhArabic, true, _) => {
                include_bytes!("../../fonts/noto-naskh-arabic/NotoNaskhArabic-Bold.ttf")
            }
        }
    }

    /// Whether the family has a true italic (Arabic-script families have none).
    pub fn has_italic(family: Family) -> bool {
        family == Family::Charis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_truetype() {
        for family in [Family::Charis, Family::Vazirmatn, Family::NotoNaskhArabic] {
            for bold in [false, true] {
                let face = Face {
                    family,
                    bold,
                    italic: false,
                };
                assert_eq!(&face.bytes()[..4], &[0, 1, 0, 0], "{}", face.file_name());
            }
        }
    }
}
