//! Fonts in the PDF: each face used is subset to its glyphs and embedded as a CID-keyed
//! TrueType font (Identity-H), with widths and a ToUnicode map that gives extractors the
//! logical text back.

use crate::layout::{Item, Layout};
use crate::text::fonts::{Face, FontSet};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// What the pages use of one face.
#[derive(Debug, Default)]
pub struct FaceUse {
    /// Text of each glyph id used, as the ToUnicode map will give it.
    pub glyphs: BTreeMap<u16, String>,
}

/// The text a glyph should extract as. Extractors reverse right-to-left text character by
/// character, so a glyph standing for several characters in an RTL run (لا) is stored in
/// reverse to come out in logical order (measured with poppler, pdf.js and MuPDF).
pub fn extraction_text(text: &str, rtl: bool) -> String {
    if rtl && text.chars().count() > 1 {
        text.chars().rev().collect()
    } else {
        text.to_string()
    }
}

/// Gathers every glyph each face draws, with its text.
pub fn collect(layout: &Layout) -> BTreeMap<Face, FaceUse> {
    let mut uses: BTreeMap<Face, FaceUse> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Line { glyphs, .. } = item {
                for g in glyphs {
                    let text = extraction_text(&g.text, g.rtl);
                    let slot = uses
                        .entry(g.face)
                        .or_default()
                        .glyphs
                        .entry(g.id)
                        .or_default();
                    // The first non-empty text wins: a glyph id maps to one string in the PDF.
                    if slot.is_empty() {
                        *slot = text;
                    }
                }
            }
        }
    }
    uses
}

/// A face written into the PDF.
pub struct EmbeddedFace {
    /// The Type0 font's object.
    pub font_ref: Ref,
    /// Old glyph id → id in the subset (the CID).
    pub remapper: GlyphRemapper,
    /// Advance of each old glyph id in text space units (1/1000 em).
    pub widths: BTreeMap<u16, f32>,
}

/// Why a face could not be embedded.
#[derive(Debug, thiserror::Error)]
#[error("cannot subset {file}: {reason}")]
pub struct SubsetError {
    /// The font file.
    pub file: &'static str,
    /// Why.
    pub reason: String,
}

/// Writes one face: Type0 → CIDFontType2 → descriptor → FontFile2, and its ToUnicode.
pub fn embed(
    chunk: &mut Chunk,
    next: &mut impl FnMut() -> Ref,
    fonts: &FontSet,
    face: Face,
    used: &FaceUse,
) -> Result<EmbeddedFace, SubsetError> {
    let loaded = fonts.get(face);
    let mut remapper = GlyphRemapper::new();
    for &id in used.glyphs.keys() {
        remapper.remap(id);
    }
    let subset = subsetter::subset(face.bytes(), 0, &remapper).map_err(|e| SubsetError {
        file: face.file_name(),
        reason: format!("{e:?}"),
    })?;
    let upem = f32::from(loaded.metrics.units_per_em);
    let to_pdf = |v: f32| v * 1000.0 / upem;
    let widths: BTreeMap<u16, f32> = used
        .glyphs
        .keys()
        .map(|&id| (id, to_pdf(f32::from(loaded.advance(id)))))
        .collect();

    let font_ref = next();
    let cid_ref = next();
    let descriptor_ref = next();
    let file_ref = next();
    let cmap_ref = next();
    let base = format!("{}+{}", subset_tag(face, used), postscript_name(face));
    let base = Name(base.as_bytes());
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    chunk
        .type0_font(font_ref)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let mut cid = chunk.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system_info)
        .font_descriptor(descriptor_ref)
        .default_width(0.0);
    cid.cid_to_gid_map_predefined(Name(b"Identity"));
    // Widths by new id, which are consecutive from 0 (.notdef) in the subset.
    let mut by_cid: Vec<(u16, f32)> = used
        .glyphs
        .keys()
        .filter_map(|&id| remapper.get(id).map(|cid| (cid, widths[&id])))
        .collect();
    by_cid.sort_by_key(|(cid, _)| *cid);
    {
        let mut w = cid.widths();
        for (cid, width) in &by_cid {
            w.consecutive(*cid, [*width]);
        }
    }
    cid.finish();

    let m = loaded.metrics;
    let mut flags = FontFlags::SYMBOLIC;
    if face.italic {
        flags |= FontFlags::ITALIC;
    }
    if face.family == crate::text::fonts::Family::Charis {
        flags |= FontFlags::SERIF;
    }
    chunk
        .font_descriptor(descriptor_ref)
        .name(base)
        .flags(flags)
        .bbox(Rect::new(
            to_pdf(m.bbox[0].into()),
            to_pdf(m.bbox[1].into()),
            to_pdf(m.bbox[2].into()),
            to_pdf(m.bbox[3].into()),
        ))
        .italic_angle(m.italic_angle)
        .ascent(to_pdf(m.ascender.into()))
        .descent(to_pdf(m.descender.into()))
        .cap_height(to_pdf(m.cap_height.into()))
        .stem_v(if face.bold { 140.0 } else { 80.0 })
        .font_file2(file_ref);

    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
    chunk
        .stream(file_ref, &compressed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (&id, text) in &used.glyphs {
        if let (Some(cid), false) = (remapper.get(id), text.is_empty()) {
            cmap.pair_with_multiple(cid, text.chars());
        }
    }
    let cmap = cmap.finish();
    chunk.stream(cmap_ref, &cmap);

    Ok(EmbeddedFace {
        font_ref,
        remapper,
        widths,
    })
}

/// The PostScript-style name of a face.
fn postscript_name(face: Face) -> String {
    face.file_name().trim_end_matches(".ttf").to_string()
}

/// Six capital letters naming the subset, derived from what it holds (never random).
fn subset_tag(face: Face, used: &FaceUse) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(face.file_name().as_bytes());
    for id in used.glyphs.keys() {
        feed(&id.to_be_bytes());
    }
    (0..6)
        .map(|i| {
            let letter = ((hash >> (i * 5)) % 26) as u8;
            char::from(b'A' + letter)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtl_clusters_are_stored_reversed() {
        assert_eq!(extraction_text("لا", true), "ال");
        assert_eq!(extraction_text("fi", false), "fi");
        assert_eq!(extraction_text("ب", true), "ب");
    }
}
