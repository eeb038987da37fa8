//! Fonts in the PDF: each face used is subset to its glyphs and embedded as a CID-keyed
//! TrueType font (Identity-H), with widths and a ToUnicode map that gives extractors the
//! logical text back.

use crate::bidi_class::is_mark;
use crate::layout::{Item, Layout, Page};
use crate::text::fonts::{Face, FontSet};
use crate::text::line::PlacedGlyph;
use ecow::EcoString;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// A glyph as the PDF shows it: glyph id, the text it extracts as, and its advance in
/// 1/1000 em.
pub type GlyphKey = (u16, EcoString, i32);

/// What the pages use of one face: each glyph id with each text and advance it has.
///
/// One glyph can stand for different text — the mirrored parenthesis of a right-to-left
/// run is the glyph of the other parenthesis — and be set with different advances — a
/// space stretched by justification. Every combination gets a CID of its own, all CIDs of
/// a glyph pointing at it through the CIDToGIDMap, each with its own text in the ToUnicode
/// map and its own width. Glyphs then follow each other without positioning in between:
/// pdf.js cuts a line into separately ordered pieces wherever the text jumps, and a right-
/// to-left line cut like that comes out with its words reversed.
#[derive(Debug, Default)]
pub struct FaceUse {
    /// (glyph id, extraction text) pairs, in CID order.
    pub glyphs: BTreeMap<GlyphKey, ()>,
}

/// The text a glyph should extract as, so that poppler, pdf.js and MuPDF give the logical
/// text back (each measured; see DESIGN.md's notes on PDF text extraction).
///
/// - Extractors reverse right-to-left text character by character, so a glyph standing for
///   several letters (لا) is stored reversed.
/// - A letter with a mark shaped as one glyph (ه + ٔ as ۀ) is stored as the precomposed
///   letter where Unicode has one, else as the bare letter: with the mark in any order one
///   of the extractors puts it on the wrong side of its letter.
/// - A mark drawn as a glyph of its own (kasra, damma) extracts as nothing: every extractor
///   sorts it before its letter. Persian text reads the same without these optional marks.
pub fn extraction_text(text: &str, rtl: bool) -> EcoString {
    if !rtl || text.chars().count() <= 1 && !text.chars().all(is_mark) {
        return EcoString::from(text);
    }
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return EcoString::default();
    };
    if is_mark(first) {
        return EcoString::default();
    }
    let rest: EcoString = chars.collect();
    if !rest.is_empty() && rest.chars().all(is_mark) {
        return std::iter::once(precomposed(first, &rest).unwrap_or(first)).collect();
    }
    text.chars().filter(|c| !is_mark(*c)).rev().collect()
}

/// Whether a glyph extracts as nothing ([`extraction_text`] is empty), and so is drawn as
/// an outline: asked for every glyph, so without building the text.
pub fn extracts_nothing(text: &str, rtl: bool) -> bool {
    text.is_empty() || rtl && text.chars().next().is_some_and(is_mark)
}

/// The Arabic-script letter that is `base` with `marks`, where Unicode has one.
fn precomposed(base: char, marks: &str) -> Option<char> {
    match (base, marks) {
        ('ه' | 'ە', "\u{654}") => Some('ۀ'),
        ('ی' | 'ي', "\u{654}") => Some('ئ'),
        ('ا', "\u{654}") => Some('أ'),
        ('ا', "\u{655}") => Some('إ'),
        ('ا', "\u{653}") => Some('آ'),
        ('و', "\u{654}") => Some('ؤ'),
        _ => None,
    }
}

/// Counts the advance of every glyph drawn as an outline (a kashida, a mark) in the text
/// glyph to its left too, so that the text layer runs on without a gap where the drawing
/// sits: every extractor reads a gap of a few points inside a word as a space. Nothing
/// moves on the page; the drawn glyph keeps its advance (a kashida is drawn that wide), but
/// only text glyphs are written with widths.
pub fn fold_drawn_advances(page: &mut Page) {
    for item in &mut page.items {
        let Item::Line { glyphs, .. } = item else {
            continue;
        };
        let mut left: Option<usize> = None;
        for i in 0..glyphs.len() {
            let drawn = extracts_nothing(&glyphs[i].text, glyphs[i].rtl);
            if !drawn {
                left = Some(i);
                continue;
            }
            let extra = glyphs[i].advance;
            if extra <= 0.0 {
                continue;
            }
            if let Some(j) = left {
                if glyphs[j].face == glyphs[i].face && glyphs[j].size == glyphs[i].size {
                    glyphs[j].advance += extra;
                }
            }
        }
    }
}

/// Persian and Arabic-Indic digits.
fn is_arabic_digit(c: char) -> bool {
    ('\u{06F0}'..='\u{06F9}').contains(&c) || ('\u{0660}'..='\u{0669}').contains(&c)
}

/// Marks each number set in Persian digits with an invisible left-to-right mark (LRM) in
/// the text layer. Poppler and MuPDF take Arabic-block digits for right-to-left letters and
/// reverse them («۱۷۹۱» for «۱۹۷۱»); a number that starts with a strong left-to-right
/// character is kept in order by them, and pdf.js, which reads digits right, is unaffected.
pub fn mark_numbers(page: &mut Page, space_ids: &dyn Fn(Face) -> Option<u16>) {
    for item in &mut page.items {
        let Item::Line { glyphs, .. } = item else {
            continue;
        };
        if !glyphs.iter().any(|g| g.text.chars().any(is_arabic_digit)) {
            continue;
        }
        let mut marked = Vec::with_capacity(glyphs.len() + 4);
        let mut in_number = false;
        for g in glyphs.drain(..) {
            let digit = !g.text.is_empty() && g.text.chars().all(is_arabic_digit);
            if digit && !in_number {
                if let Some(id) = space_ids(g.face) {
                    marked.push(PlacedGlyph {
                        id,
                        advance: 0.0,
                        text: "\u{200E}".into(),
                        rtl: false,
                        ..g.clone()
                    });
                }
            }
            in_number = digit;
            marked.push(g);
        }
        *glyphs = marked;
    }
}

/// The glyphs one page shows with fonts: which distinct one each glyph of the page's lines
/// is — so that the page is drawn by table lookups, without working out every glyph's key a
/// second time. Two bytes a glyph: a long book's layout is most of the memory of a build.
pub struct PageKeys {
    /// For every glyph of the page's lines in order, the number of its distinct glyph —
    /// numbered in the order first met — or [`NOT_SHOWN`] for a glyph drawn as an outline
    /// (distinct glyphs may share a key). Empty for a page with more distinct glyphs than a
    /// slot can number, whose glyphs are looked up one by one.
    slots: Vec<u16>,
}

/// The slot of a glyph drawn as an outline, not shown with a font.
const NOT_SHOWN: u16 = u16::MAX;

impl PageKeys {
    /// Numbers the distinct glyphs of `page`.
    fn of(page: &Page) -> PageKeys {
        // Glyphs are told apart by what their keys are made of, so that a key is worked
        // out only once per distinct glyph; two glyphs whose texts differ but extract the
        // same (a mark in another order) get two slots with one CID.
        let mut index: FxHashMap<(Face, u16, i32, bool, &str), u16> = FxHashMap::default();
        let mut slots = Vec::with_capacity(line_glyphs(page).count());
        for g in line_glyphs(page) {
            // Glyphs drawn as outlines are not shown with the font.
            if extracts_nothing(&g.text, g.rtl) {
                slots.push(NOT_SHOWN);
                continue;
            }
            let key = (g.face, g.id, advance_units(g), g.rtl, g.text.as_str());
            let slot = match index.get(&key) {
                Some(&slot) => slot,
                None if index.len() >= usize::from(NOT_SHOWN) => {
                    return PageKeys { slots: Vec::new() };
                }
                None => {
                    let slot = index.len() as u16;
                    index.insert(key, slot);
                    slot
                }
            };
            slots.push(slot);
        }
        PageKeys { slots }
    }

    /// The glyphs of `page` shown with fonts: each distinct one once (where first met),
    /// unless the page had too many to number.
    fn shown<'p>(&'p self, page: &'p Page) -> Box<dyn Iterator<Item = &'p PlacedGlyph> + 'p> {
        if self.slots.is_empty() {
            return Box::new(line_glyphs(page).filter(|g| !extracts_nothing(&g.text, g.rtl)));
        }
        let mut next = 0;
        Box::new(
            line_glyphs(page)
                .zip(&self.slots)
                // Slots are numbered as first met: a new one is the next number.
                .filter(move |(_, &slot)| {
                    let new = slot == next && slot != NOT_SHOWN;
                    next += u16::from(new);
                    new
                })
                .map(|(g, _)| g),
        )
    }

    /// The CID of every glyph of `page`'s lines in order (`None` for one drawn as an
    /// outline), each distinct glyph looked up once.
    pub fn cids<'p>(
        &'p self,
        page: &'p Page,
        faces: &'p BTreeMap<Face, (usize, EmbeddedFace)>,
    ) -> Box<dyn Iterator<Item = Option<u16>> + 'p> {
        let cid = |g: &PlacedGlyph| faces.get(&g.face).map_or(0, |(_, e)| e.cid(&key(g)));
        if self.slots.is_empty() {
            return Box::new(
                line_glyphs(page).map(move |g| (!extracts_nothing(&g.text, g.rtl)).then(|| cid(g))),
            );
        }
        let table: Vec<u16> = self.shown(page).map(cid).collect();
        Box::new(
            self.slots
                .iter()
                .map(move |&slot| table.get(usize::from(slot)).copied()),
        )
    }
}

/// Every glyph of the lines of `page`, in order.
fn line_glyphs(page: &Page) -> impl Iterator<Item = &PlacedGlyph> {
    page.items.iter().flat_map(|item| match item {
        Item::Line { glyphs, .. } => glyphs.as_slice(),
        _ => &[],
    })
}

/// Rewrites each page's glyphs by the extraction rules ([`fold_drawn_advances`],
/// [`mark_numbers`]; `space_ids` gives each face's space glyph), then gathers every glyph
/// each face draws, with its text, and each page's keys.
pub fn collect(
    layout: &mut Layout,
    space_ids: &(dyn Fn(Face) -> Option<u16> + Sync),
) -> (BTreeMap<Face, FaceUse>, Vec<PageKeys>) {
    // Millions of glyphs, a few hundred distinct on a page and a few thousand in a book:
    // each page is rewritten and its distinct glyphs found in one pass, the pages in
    // parallel; they are merged into hash sets in parallel, then put in order once.
    let pages: Vec<PageKeys> = layout
        .pages
        .par_iter_mut()
        .map(|page| {
            fold_drawn_advances(page);
            mark_numbers(page, space_ids);
            PageKeys::of(page)
        })
        .collect();
    let distinct = layout
        .pages
        .par_iter()
        .zip(&pages)
        .fold(
            FxHashMap::<Face, FxHashSet<GlyphKey>>::default,
            |mut seen, (page, keys)| {
                for g in keys.shown(page) {
                    let set = seen.entry(g.face).or_default();
                    let key = key(g);
                    if !set.contains(&key) {
                        set.insert(key);
                    }
                }
                seen
            },
        )
        .reduce(FxHashMap::default, |mut all, part| {
            for (face, keys) in part {
                all.entry(face).or_default().extend(keys);
            }
            all
        });
    let uses = distinct
        .into_iter()
        .map(|(face, keys)| {
            let glyphs = keys.into_iter().map(|k| (k, ())).collect();
            (face, FaceUse { glyphs })
        })
        .collect();
    (uses, pages)
}

/// A face written into the PDF.
pub struct EmbeddedFace {
    /// The Type0 font's object.
    pub font_ref: Ref,
    /// (glyph id, extraction text, advance) → CID.
    pub cids: FxHashMap<GlyphKey, u16>,
}

impl EmbeddedFace {
    /// The CID that shows glyph `key`.
    pub fn cid(&self, key: &GlyphKey) -> u16 {
        self.cids.get(key).copied().unwrap_or(0)
    }
}

/// The key of a placed glyph.
pub fn key(g: &PlacedGlyph) -> GlyphKey {
    (g.id, extraction_text(&g.text, g.rtl), advance_units(g))
}

/// A glyph's advance in 1/1000 em, as PDF widths are given.
pub fn advance_units(g: &PlacedGlyph) -> i32 {
    (g.advance * 1000.0 / g.size).round() as i32
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

/// The objects of one embedded face.
#[derive(Debug, Clone, Copy)]
pub struct FaceRefs {
    font: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    cmap: Ref,
    cid_to_gid: Ref,
}

impl FaceRefs {
    /// Takes the face's object numbers, in the order its objects are written.
    pub fn allocate(next: &mut impl FnMut() -> Ref) -> FaceRefs {
        FaceRefs {
            font: next(),
            cid: next(),
            descriptor: next(),
            file: next(),
            cmap: next(),
            cid_to_gid: next(),
        }
    }
}

/// Writes one face: Type0 → CIDFontType2 → descriptor → FontFile2, and its ToUnicode.
///
/// Each face goes into a chunk of its own, under object numbers given beforehand, so that
/// the faces are subset and compressed in parallel.
pub fn embed(
    refs: &FaceRefs,
    fonts: &FontSet,
    face: Face,
    used: &FaceUse,
) -> Result<(Chunk, EmbeddedFace), SubsetError> {
    let mut chunk = Chunk::new();
    let loaded = fonts.get(face);
    let mut remapper = GlyphRemapper::new();
    for (id, _, _) in used.glyphs.keys() {
        remapper.remap(*id);
    }
    let subset = subsetter::subset(face.bytes(), 0, &remapper).map_err(|e| SubsetError {
        file: face.file_name(),
        reason: format!("{e:?}"),
    })?;
    let upem = f32::from(loaded.metrics.units_per_em);
    let to_pdf = |v: f32| v * 1000.0 / upem;
    // CID 0 is .notdef; the (glyph, text) pairs follow in order.
    let cids: BTreeMap<GlyphKey, u16> = used
        .glyphs
        .keys()
        .enumerate()
        .map(|(i, key)| (key.clone(), u16::try_from(i + 1).unwrap_or(u16::MAX)))
        .collect();

    let FaceRefs {
        font: font_ref,
        cid: cid_ref,
        descriptor: descriptor_ref,
        file: file_ref,
        cmap: cmap_ref,
        cid_to_gid: cid_to_gid_ref,
    } = *refs;
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
    cid.pair(Name(b"CIDToGIDMap"), cid_to_gid_ref);
    {
        let mut w = cid.widths();
        for ((_, _, width), c) in &cids {
            w.consecutive(*c, [*width as f32]);
        }
    }
    cid.finish();

    let mut map = vec![0u8; 2 * (cids.len() + 1)];
    for ((id, _, _), c) in &cids {
        let gid = remapper.get(*id).unwrap_or(0);
        let at = 2 * usize::from(*c);
        map[at..at + 2].copy_from_slice(&gid.to_be_bytes());
    }
    let map = super::deflate(&map);
    chunk
        .stream(cid_to_gid_ref, &map)
        .filter(Filter::FlateDecode);

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

    let compressed = super::deflate(&subset);
    chunk
        .stream(file_ref, &compressed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for ((_, text, _), c) in &cids {
        if !text.is_empty() {
            cmap.pair_with_multiple(*c, text.chars());
        }
    }
    let cmap = cmap.finish();
    chunk.stream(cmap_ref, &cmap);

    let embedded = EmbeddedFace {
        font_ref,
        cids: cids.into_iter().collect(),
    };
    Ok((chunk, embedded))
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
    for (id, text, width) in used.glyphs.keys() {
        feed(&id.to_be_bytes());
        feed(text.as_bytes());
        feed(&width.to_be_bytes());
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
        assert_eq!(extraction_text("ه\u{654}", true), "ۀ");
        assert_eq!(extraction_text("\u{650}", true), "");
        assert_eq!(extraction_text("ن\u{650}", true), "ن");
        for (text, rtl) in [
            ("", false),
            ("", true),
            ("a", false),
            ("\u{650}", false),
            ("\u{650}", true),
            ("\u{650}ن", true),
            ("ن\u{650}", true),
            ("لا", true),
            ("ه\u{654}", true),
        ] {
            assert_eq!(
                extracts_nothing(text, rtl),
                extraction_text(text, rtl).is_empty(),
                "{text:?} rtl {rtl}"
            );
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use crate::text::fonts::Family;

    fn glyph(x: f32, advance: f32, text: &str) -> PlacedGlyph {
        PlacedGlyph {
            face: Face {
                family: Family::Vazirmatn,
                bold: false,
                italic: false,
            },
            size: 10.0,
            id: 5,
            x,
            y: 0.0,
            advance,
            text: text.into(),
            rtl: true,
        }
    }

    fn one_line(glyphs: Vec<PlacedGlyph>) -> Layout {
        Layout {
            pages: vec![Page {
                width: 100.0,
                height: 100.0,
                items: vec![Item::Line {
                    x: 0.0,
                    baseline: 50.0,
                    glyphs,
                }],
            }],
            front_matter: 0,
            outline: Vec::new(),
            links: Vec::new(),
            web_links: Vec::new(),
            page_starts: vec![None],
            warnings: Vec::new(),
            print: None,
        }
    }

    fn glyphs_of(layout: &Layout) -> &[PlacedGlyph] {
        match &layout.pages[0].items[0] {
            Item::Line { glyphs, .. } => glyphs,
            Item::Rule { .. } | Item::Stroke { .. } => &[],
        }
    }

    #[test]
    fn pages_are_drawn_with_the_cid_of_every_glyph_even_past_what_slots_can_number() {
        // Every advance its own glyph; a repeat; a mark drawn as an outline. The second page
        // has more distinct glyphs than a slot numbers and is looked up glyph by glyph.
        for count in [3, 70_000] {
            let mut glyphs: Vec<PlacedGlyph> = (0..count)
                .map(|i| glyph(i as f32, i as f32 / 100.0, "ب"))
                .collect();
            glyphs.push(glyph(0.0, 0.0, "\u{650}"));
            glyphs.push(glyphs[1].clone());
            let mut layout = one_line(glyphs);
            let (uses, pages) = collect(&mut layout, &|_| None);
            let face = layout_face(&layout);
            let cids: FxHashMap<GlyphKey, u16> = uses[&face]
                .glyphs
                .keys()
                .enumerate()
                .map(|(i, k)| (k.clone(), u16::try_from(i + 1).unwrap_or(u16::MAX)))
                .collect();
            assert_eq!(cids.len(), count);
            let embedded = EmbeddedFace {
                font_ref: Ref::new(1),
                cids: cids.clone(),
            };
            let faces = BTreeMap::from([(face, (0, embedded))]);
            let drawn: Vec<Option<u16>> = pages[0].cids(&layout.pages[0], &faces).collect();
            let wanted: Vec<Option<u16>> = glyphs_of(&layout)
                .iter()
                .map(|g| (!extracts_nothing(&g.text, g.rtl)).then(|| cids[&key(g)]))
                .collect();
            assert_eq!(drawn, wanted);
            assert_eq!(pages[0].slots.is_empty(), count > 65_000);
        }
    }

    fn layout_face(layout: &Layout) -> Face {
        glyphs_of(layout)[0].face
    }

    #[test]
    fn a_kashida_widens_the_text_glyph_left_of_it() {
        let kashida = glyph(5.0, 4.0, "");
        let mut out = one_line(vec![glyph(0.0, 5.0, "ب"), kashida, glyph(9.0, 5.0, "س")]);
        fold_drawn_advances(&mut out.pages[0]);
        let g = glyphs_of(&out);
        assert_eq!(
            (g[0].advance, g[1].x, g[1].advance, g[2].x),
            (9.0, 5.0, 4.0, 9.0)
        );
    }

    #[test]
    fn persian_numbers_get_a_left_to_right_mark() {
        let layout = one_line(vec![
            glyph(0.0, 5.0, "۱"),
            glyph(5.0, 5.0, "۹"),
            glyph(10.0, 3.0, " "),
            glyph(13.0, 5.0, "ب"),
        ]);
        let mut out = layout;
        mark_numbers(&mut out.pages[0], &|_| Some(3));
        let texts: Vec<&str> = glyphs_of(&out).iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, vec!["\u{200E}", "۱", "۹", " ", "ب"]);
        assert_eq!(glyphs_of(&out)[0].advance, 0.0);
    }
}
