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
    /// JetBrains Mono: code, in every book that has any.
    JetBrainsMono,
}

impl Family {
    /// The family name as the font calls itself.
    pub fn name(self) -> &'static str {
        match self {
            Family::Charis => "Charis SIL",
            Family::Vazirmatn => "Vazirmatn",
            Family::NotoNaskhArabic => "Noto Naskh Arabic",
            Family::JetBrainsMono => "JetBrains Mono",
        }
    }

    /// Whether every glyph has one advance (code's face): its spaces and letters keep their
    /// width when a line is justified.
    pub fn is_monospace(self) -> bool {
        self == Family::JetBrainsMono
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
            Family::JetBrainsMono => {
                "© 2020 The JetBrains Mono Project Authors, SIL Open Font License 1.1"
            }
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
        self.bundled().0
    }

    /// The font file's bytes.
    pub fn bytes(self) -> &'static [u8] {
        self.bundled().1
    }

    /// The font file as the one deflated entry of a zip archive, made when pamphlet was
    /// compiled (by `build.rs`), for the EPUB writer to copy raw.
    pub fn deflated_entry(self) -> &'static [u8] {
        self.bundled().2
    }

    /// The font file's name, its bytes and its deflated zip entry.
    fn bundled(self) -> (&'static str, &'static [u8], &'static [u8]) {
        macro_rules! bundled {
            ($dir:literal, $file:literal) => {
                (
                    $file,
                    include_bytes!(concat!("../../fonts/", $dir, "/", $file)),
                    include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".zip")),
                )
            };
        }
        match (self.family, self.bold, self.italic) {
            (Family::Charis, false, false) => bundled!("charis", "CharisSIL-Regular.ttf"),
            (Family::Charis, false, true) => bundled!("charis", "CharisSIL-Italic.ttf"),
            (Family::Charis, true, false) => bundled!("charis", "CharisSIL-Bold.ttf"),
            (Family::Charis, true, true) => bundled!("charis", "CharisSIL-BoldItalic.ttf"),
            (Family::Vazirmatn, false, _) => bundled!("vazirmatn", "Vazirmatn-Regular.ttf"),
            (Family::Vazirmatn, true, _) => bundled!("vazirmatn", "Vazirmatn-Bold.ttf"),
            (Family::NotoNaskhArabic, false, _) => {
                bundled!("noto-naskh-arabic", "NotoNaskhArabic-Regular.ttf")
            }
            (Family::NotoNaskhArabic, true, _) => {
                bundled!("noto-naskh-arabic", "NotoNaskhArabic-Bold.ttf")
            }
            (Family::JetBrainsMono, false, _) => {
                bundled!("jetbrains-mono", "JetBrainsMono-Regular.ttf")
            }
            (Family::JetBrainsMono, true, _) => {
                bundled!("jetbrains-mono", "JetBrainsMono-Bold.ttf")
            }
        }
    }

    /// Whether the family has a true italic (Arabic-script families have none; code is
    /// set upright, its italic is not bundled).
    pub fn has_italic(family: Family) -> bool {
        family == Family::Charis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_truetype() {
        for family in FAMILIES {
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

    /// The regular face of every family, loaded.
    fn regular_faces() -> Vec<LoadedFace> {
        FAMILIES
            .into_iter()
            .map(|family| {
                let face = Face {
                    family,
                    bold: false,
                    italic: false,
                };
                LoadedFace::load(face).expect("a bundled face loads")
            })
            .collect()
    }

    #[test]
    fn glyphs_from_the_tables_are_the_cmap_s() {
        for loaded in regular_faces() {
            for c in ('\0'..='\u{800}').chain(['\u{200C}', '\u{FEFB}']) {
                let cmap = loaded.parsed.glyph_index(c).map(|g| g.0);
                let drawn = cmap.filter(|&id| id != 0);
                assert_eq!(
                    loaded.glyph_id(c),
                    drawn,
                    "{c:?} in {}",
                    loaded.face.file_name()
                );
            }
        }
    }

    #[test]
    fn what_the_cmap_sends_to_notdef_is_not_covered() {
        // A format 4 cmap ends with a segment for U+FFFF that maps it to glyph 0: a book
        // with U+FFFF in it must be refused, not set as an empty box (and written into XHTML,
        // where U+FFFF is not allowed).
        for loaded in regular_faces() {
            assert!(!loaded.covers('\u{FFFF}'), "{}", loaded.face.file_name());
            assert!(loaded.covers(' '), "{}", loaded.face.file_name());
        }
    }
}

/// Metrics of a face, in font units.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// Units per em.
    pub units_per_em: u16,
    /// Typographic ascender (positive).
    pub ascender: i16,
    /// Typographic descender (negative).
    pub descender: i16,
    /// Cap height.
    pub cap_height: i16,
    /// Italic angle in degrees.
    pub italic_angle: f32,
    /// Bounding box of all glyphs: x min, y min, x max, y max.
    pub bbox: [i16; 4],
    /// Where a strike-through rule's middle sits above the baseline, and its thickness
    /// (the face's OS/2 strikeout metrics, drawn at its script's middle height).
    pub strikeout: (i16, i16),
}

/// A face parsed once per build: HarfBuzz for shaping, ttf-parser for coverage and metrics.
pub struct LoadedFace {
    /// Which face.
    pub face: Face,
    /// The HarfBuzz font, scaled to font units.
    pub shaper: harfbuzz_rs::Owned<harfbuzz_rs::Font<'static>>,
    /// Metrics.
    pub metrics: Metrics,
    parsed: ttf_parser::Face<'static>,
    /// The glyphs of the ASCII characters: asked for every character typeset (face
    /// choice), where a cmap search each was a noticeable share of a build.
    ascii: [Option<u16>; 128],
    /// The same for the Arabic block (U+0600 to U+06FF), every letter of Persian text.
    arabic: [Option<u16>; 256],
}

/// The first character of the Arabic block.
const ARABIC_START: u32 = 0x600;

impl LoadedFace {
    /// Parses a bundled face. The bundled files are checked by the tests, so a failure here
    /// is a broken build of pamphlet, not bad input.
    pub fn load(face: Face) -> Result<LoadedFace, FontError> {
        let bytes = face.bytes();
        let parsed = ttf_parser::Face::parse(bytes, 0).map_err(|e| FontError {
            file: face.file_name(),
            reason: e.to_string(),
        })?;
        let bbox = parsed.global_bounding_box();
        let metrics = Metrics {
            units_per_em: parsed.units_per_em(),
            ascender: parsed.ascender(),
            descender: parsed.descender(),
            cap_height: parsed.capital_height().unwrap_or(parsed.ascender()),
            italic_angle: parsed.italic_angle(),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            strikeout: strikeout(&parsed),
        };
        let hb_face = harfbuzz_rs::Face::from_bytes(bytes, 0);
        let mut shaper = harfbuzz_rs::Font::new(hb_face);
        let upem = i32::from(metrics.units_per_em);
        shaper.set_scale(upem, upem);
        let glyph = |u: u32| char::from_u32(u).and_then(|c| cmap_glyph(&parsed, c));
        let ascii = std::array::from_fn(|b| glyph(b as u32));
        let arabic = std::array::from_fn(|b| glyph(ARABIC_START + b as u32));
        Ok(LoadedFace {
            face,
            shaper,
            metrics,
            parsed,
            ascii,
            arabic,
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.glyph_id(c).is_some()
    }

    /// The glyph for `c`, if the face has one.
    pub fn glyph_id(&self, c: char) -> Option<u16> {
        let u = u32::from(c);
        if let Some(&id) = self.ascii.get(u as usize) {
            return id;
        }
        match u
            .checked_sub(ARABIC_START)
            .and_then(|i| self.arabic.get(i as usize))
        {
            Some(&id) => id,
            None => cmap_glyph(&self.parsed, c),
        }
    }

    /// The advance width of glyph `id`, in font units.
    pub fn advance(&self, id: u16) -> u16 {
        self.parsed
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .unwrap_or(0)
    }

    /// Feeds the outline of glyph `id` (font units, y up) to `builder`; false if it has none.
    pub fn outline(&self, id: u16, builder: &mut dyn ttf_parser::OutlineBuilder) -> bool {
        self.parsed
            .outline_glyph(ttf_parser::GlyphId(id), builder)
            .is_some()
    }

    /// Points per font unit at `size`.
    pub fn scale(&self, size: f32) -> f32 {
        size / f32::from(self.metrics.units_per_em)
    }
}

/// The face's strikeout position (the rule's middle) and thickness; a face without them
/// gets a quarter of an em and its underline's thickness, or a twentieth of an em.
fn strikeout(parsed: &ttf_parser::Face) -> (i16, i16) {
    let em = i32::from(parsed.units_per_em());
    let clamp = |v: i32| i16::try_from(v).unwrap_or(i16::MAX);
    let fallback_thickness = parsed
        .underline_metrics()
        .map_or(clamp(em / 20), |m| m.thickness);
    match parsed.strikeout_metrics() {
        // OS/2 gives the top of the stroke.
        Some(m) if m.thickness > 0 => (
            clamp(i32::from(m.position) - i32::from(m.thickness) / 2),
            m.thickness,
        ),
        Some(m) => (m.position, fallback_thickness),
        None => (clamp(em / 4), fallback_thickness),
    }
}

/// The glyph the face's cmap gives `c`, unless that is glyph 0 (.notdef, the empty box): a
/// format 4 cmap's closing segment maps U+FFFF there, which is no glyph for it.
fn cmap_glyph(parsed: &ttf_parser::Face, c: char) -> Option<u16> {
    parsed.glyph_index(c).map(|g| g.0).filter(|&id| id != 0)
}

/// A bundled font could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the bundled font {file} cannot be read: {reason}")]
pub struct FontError {
    /// The font file.
    pub file: &'static str,
    /// Why.
    pub reason: String,
}

/// The faces a book is typeset with, each parsed once.
pub struct FontSet {
    faces: Vec<LoadedFace>,
    /// Which of `faces` serves each family (in [`FAMILIES`] order) and weight and slant
    /// ([`slot`]): looked up for every character itemized, so found by index rather than by
    /// search.
    nearest: [[u8; 4]; FAMILIES.len()],
    /// The family for Arabic-script text.
    pub farsi: Family,
}

impl FontSet {
    /// Loads the Latin family, the book's Farsi family and the code face, all weights and
    /// slants, side by side.
    pub fn load(choice: FarsiFace) -> Result<FontSet, FontError> {
        use rayon::prelude::*;
        let farsi = Family::farsi(choice);
        let mut wanted = Vec::new();
        for family in [Family::Charis, farsi, Family::JetBrainsMono] {
            for bold in [false, true] {
                for italic in [false, true] {
                    if !italic || Face::has_italic(family) {
                        wanted.push(Face {
                            family,
                            bold,
                            italic,
                        });
                    }
                }
            }
        }
        let faces = wanted
            .into_par_iter()
            .map(LoadedFace::load)
            .collect::<Result<Vec<_>, _>>()?;
        let mut nearest = [[0u8; 4]; FAMILIES.len()];
        for (row, &family) in nearest.iter_mut().zip(&FAMILIES) {
            for bold in [false, true] {
                for italic in [false, true] {
                    let wanted = Face {
                        family,
                        bold,
                        italic: italic && Face::has_italic(family),
                    };
                    let found = faces
                        .iter()
                        .position(|f| f.face == wanted)
                        .or_else(|| faces.iter().position(|f| f.face.family == family))
                        .unwrap_or(0);
                    row[slot(bold, italic)] = u8::try_from(found).unwrap_or(0);
                }
            }
        }
        Ok(FontSet {
            faces,
            nearest,
            farsi,
        })
    }

    /// The loaded face nearest to the one asked for (a family without italics gives
    /// upright; a family not loaded, the Latin face).
    pub fn get(&self, face: Face) -> &LoadedFace {
        let family = FAMILIES.iter().position(|&f| f == face.family).unwrap_or(0);
        &self.faces[usize::from(self.nearest[family][slot(face.bold, face.italic)])]
    }
}

/// A weight and slant's place in a row of [`FontSet`]'s table.
fn slot(bold: bool, italic: bool) -> usize {
    usize::from(bold) * 2 + usize::from(italic)
}

/// Every family, in the order of [`FontSet`]'s table.
const FAMILIES: [Family; 4] = [
    Family::Charis,
    Family::Vazirmatn,
    Family::NotoNaskhArabic,
    Family::JetBrainsMono,
];
