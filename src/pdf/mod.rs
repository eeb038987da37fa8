//! PDF output with pdf-writer: the layout's pages, subset fonts with ToUnicode maps, document
//! metadata, and navigation (outline, links, page labels); the print edition as PDF/X-4; the
//! booklet imposed on sheets. Deterministic: the same layout gives the same bytes.

mod content;
mod fonts;
mod impose;
mod navigation;
mod pdfx;
mod text_object;

use crate::book::BookMeta;
use crate::layout::Layout;
use crate::text::fonts::{Face, FontSet};
use pdf_writer::types::{Direction as PdfDirection, PageLayout, TrappingStatus};
use pdf_writer::writers::Resources;
use pdf_writer::{Chunk, Content, Date, Finish, Name, Pdf, Rect, Ref, TextStr};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub use fonts::{extraction_text, SubsetError};
pub use impose::{plan as booklet_plan, ImposeError, Imposition, Sheet, Side};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font could not be subset.
    #[error(transparent)]
    Subset(#[from] SubsetError),
    /// The booklet's options are impossible.
    #[error(transparent)]
    Impose(#[from] ImposeError),
}

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// The layout prepared for writing, with its fonts embedded.
struct Prepared {
    /// The layout, its glyph texts and widths rewritten by the extraction rules.
    layout: Layout,
    /// Each face's embedding and resource index.
    faces: BTreeMap<Face, (usize, fonts::EmbeddedFace)>,
    /// The font objects.
    chunk: Chunk,
    /// The keys of each page's glyphs.
    page_keys: Vec<fonts::PageKeys>,
}

impl Prepared {
    fn new(layout: Cow<'_, Layout>, fonts: &FontSet, refs: &mut Refs) -> Result<Prepared, Error> {
        // The extraction rules rewrite glyph texts and widths, on a copy of the layout when
        // it is shared.
        let mut prepared = layout.into_owned();
        let (uses, page_keys) =
            fonts::collect(&mut prepared, &|face| fonts.get(face).glyph_id(' '));
        let mut next = || refs.next();
        let face_refs: Vec<fonts::FaceRefs> = uses
            .keys()
            .map(|_| fonts::FaceRefs::allocate(&mut next))
            .collect();
        let embedded: Vec<(Chunk, fonts::EmbeddedFace)> = uses
            .iter()
            .zip(&face_refs)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|((face, used), refs)| fonts::embed(refs, fonts, *face, used))
            .collect::<Result<_, _>>()?;
        let mut faces = BTreeMap::new();
        let mut chunk = Chunk::new();
        for (i, (face, (objects, embedded))) in uses.keys().zip(embedded).enumerate() {
            chunk.extend(&objects);
            faces.insert(*face, (i, embedded));
        }
        Ok(Prepared {
            layout: prepared,
            faces,
            chunk,
            page_keys,
        })
    }

    /// Names every embedded face in a resource dictionary.
    fn font_resources(&self, mut resources: Resources<'_>) {
        let mut font_dict = resources.fonts();
        for (index, embedded) in self.faces.values() {
            font_dict.pair(
                Name(content::font_name(*index).as_bytes()),
                embedded.font_ref,
            );
        }
    }

    /// Every page's content stream, after `prefix`, compressed: the pages are independent,
    /// so they are drawn and deflated in parallel.
    fn contents(&self, prefix: &[u8], fonts: &FontSet) -> Vec<Vec<u8>> {
        self.layout
            .pages
            .par_iter()
            .zip(&self.page_keys)
            .map(|(page, keys)| {
                let cids = keys.cids(page, &self.faces);
                let drawn = content::page_content(page, cids, &self.faces, fonts);
                if prefix.is_empty() {
                    return deflate(&drawn);
                }
                let mut data = Vec::with_capacity(prefix.len() + drawn.len());
                data.extend_from_slice(prefix);
                data.extend(drawn);
                deflate(&data)
            })
            .collect()
    }
}

/// The deflate level of every stream (libdeflate's scale). Measured on the mixed book and
/// a 1,000-page book: levels 2–4 take the same time, and 4 makes the smallest files; level 1
/// saves a third of the time for 2 % more bytes.
const DEFLATE_LEVEL: i32 = 4;

/// Flate-compresses a stream's data (zlib format, [`DEFLATE_LEVEL`]). libdeflate rather
/// than flate2: it compresses a whole buffer at once, which is all a PDF stream is, in about
/// three quarters of the time zlib-rs took at its level 4, for files a little smaller.
fn deflate(data: &[u8]) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    thread_local! {
        // A compressor and its output buffer per thread, reused for every stream: a new
        // compressor allocates its tables, a new buffer is cleared before use.
        static COMPRESSOR: std::cell::RefCell<(Compressor, Vec<u8>)> = std::cell::RefCell::new((
            Compressor::new(CompressionLvl::new(DEFLATE_LEVEL).unwrap_or_default()),
            Vec::new(),
        ));
    }
    COMPRESSOR.with_borrow_mut(|(compressor, scratch)| {
        let bound = compressor.zlib_compress_bound(data.len());
        if scratch.len() < bound {
            scratch.resize(bound, 0);
        }
        let written = compressor
            .zlib_compress(data, scratch)
            .expect("the output buffer has room for the bound");
        scratch[..written].to_vec()
    })
}

/// Writes the layout as a PDF: the reading edition, or — when the layout carries a print
/// frame ([`crate::layout::with_print_marks`]) — the print edition, a PDF/X-4 file with bleed
/// and trim boxes, marks outside the trim, and an output intent. A layout given owned is
/// written without being copied.
pub fn write(
    layout: Cow<'_, Layout>,
    meta: &BookMeta,
    authors: &[String],
    fonts: &FontSet,
) -> Result<Vec<u8>, Error> {
    let mut pdf = Pdf::new();
    let mut refs = Refs(0);
    let catalog_ref = refs.next();
    let pages_ref = refs.next();
    let info_ref = refs.next();
    let frame = layout.print;
    let mut prepared = Prepared::new(layout, fonts, &mut refs)?;
    if frame.is_some() {
        // Links are for screens; the print edition (PDF/X) carries none.
        prepared.layout.links.clear();
        prepared.layout.web_links.clear();
    }
    let layout = &prepared.layout;

    let page_refs: Vec<(Ref, Ref)> = layout
        .pages
        .iter()
        .map(|_| (refs.next(), refs.next()))
        .collect();
    let navigation = navigation::Navigation::plan(layout, &mut || refs.next());
    let pdfx = frame.map(|_| pdfx::Refs::allocate(&mut || refs.next()));
    let mut catalog = pdf.catalog(catalog_ref);
    catalog.pages(pages_ref);
    catalog.lang(TextStr(meta.language.as_str()));
    // Facing pages, the first (a recto) alone.
    catalog.page_layout(PageLayout::TwoPageRight);
    navigation.catalog(&mut catalog, layout);
    let mut preferences = catalog.viewer_preferences();
    if meta.language.direction() == crate::book::Direction::Rtl {
        preferences.direction(PdfDirection::R2L);
    }
    preferences.display_doc_title(true);
    preferences.finish();
    if let Some(refs) = &pdfx {
        refs.catalog(&mut catalog);
    }
    catalog.finish();
    pdf.pages(pages_ref)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_refs.len()).unwrap_or(i32::MAX));

    // The page's own drawing moves into the middle of the media; the marks around it are
    // items outside the trim and move with it.
    let shift = frame.map_or(String::new(), |f| format!("1 0 0 1 {0} {0} cm\n", f.room));
    let streams = prepared.contents(shift.as_bytes(), fonts);
    for (i, ((page, (page_ref, content_ref)), stream)) in
        layout.pages.iter().zip(&page_refs).zip(streams).enumerate()
    {
        let mut p = pdf.page(*page_ref);
        p.parent(pages_ref).contents(*content_ref);
        match frame {
            None => {
                p.media_box(Rect::new(0.0, 0.0, page.width, page.height));
            }
            Some(frame) => {
                let (r, b) = (frame.room, frame.bleed);
                let (w, h) = (page.width, page.height);
                p.media_box(Rect::new(0.0, 0.0, w + 2.0 * r, h + 2.0 * r));
                p.bleed_box(Rect::new(r - b, r - b, r + w + b, r + h + b));
                p.trim_box(Rect::new(r, r, r + w, r + h));
            }
        }
        let annotations = navigation.page_annotations(i);
        if !annotations.is_empty() {
            p.annotations(annotations);
        }
        prepared.font_resources(p.resources());
        p.finish();
        pdf.stream(*content_ref, &stream)
            .filter(pdf_writer::Filter::FlateDecode);
    }
    pdf.extend(&prepared.chunk);
    let mut navigation_chunk = Chunk::new();
    let pages: Vec<Ref> = page_refs.iter().map(|(p, _)| *p).collect();
    let offset = frame.map_or(0.0, |f| f.room);
    navigation.write(&mut navigation_chunk, layout, &pages, offset);
    pdf.extend(&navigation_chunk);

    let id = file_id(
        &meta.identifier,
        &meta.date,
        layout.pages.len(),
        frame.is_some(),
    );
    write_info(&mut pdf, info_ref, meta, authors, pdfx.is_some());
    if let Some(refs) = &pdfx {
        pdf.set_version(1, 6);
        refs.write(&mut pdf, meta, authors, &id);
    }
    pdf.set_file_id((id.clone(), id));
    let bytes = pdf.finish();
    crate::free_in_background(prepared);
    Ok(bytes)
}

/// Writes the layout imposed as a saddle-stitched booklet: two pages side by side on each
/// side of a sheet twice a page wide, sheets in printing order, for duplex printing flipped
/// on the short edge. Each page is drawn once, as a form, and placed on its sheet.
pub fn write_booklet(
    layout: &Layout,
    meta: &BookMeta,
    authors: &[String],
    fonts: &FontSet,
    imposition: &Imposition,
) -> Result<Vec<u8>, Error> {
    imposition.validate()?;
    let rtl = meta.language.direction() == crate::book::Direction::Rtl;
    let mut pdf = Pdf::new();
    let mut refs = Refs(0);
    let catalog_ref = refs.next();
    let pages_ref = refs.next();
    let info_ref = refs.next();
    let prepared = Prepared::new(Cow::Borrowed(layout), fonts, &mut refs)?;
    let layout = &prepared.layout;
    let (w, h) = layout
        .pages
        .first()
        .map_or((0.0, 0.0), |p| (p.width, p.height));
    // The pages meet at the sheet's centre line, the fold.
    let (sheet_w, sheet_h) = crate::book::booklet_sheet(w, h);
    let (fold, bottom) = (sheet_w / 2.0, (sheet_h - h) / 2.0);
    let forms: Vec<Ref> = layout.pages.iter().map(|_| refs.next()).collect();
    for (form, data) in forms.iter().zip(prepared.contents(&[], fonts)) {
        let mut x = pdf.form_xobject(*form, &data);
        x.filter(pdf_writer::Filter::FlateDecode);
        x.bbox(Rect::new(0.0, 0.0, w, h));
        prepared.font_resources(x.resources());
    }
    let sheets = impose::plan(layout.pages.len(), imposition.signature, rtl);
    let sides: Vec<(impose::Side, f32)> = sheets
        .iter()
        .flat_map(|s| {
            let shift = impose::creep_shift(s, imposition.creep);
            [(s.front, shift), (s.back, shift)]
        })
        .collect();
    let side_refs: Vec<(Ref, Ref)> = sides.iter().map(|_| (refs.next(), refs.next())).collect();

    let mut catalog = pdf.catalog(catalog_ref);
    catalog.pages(pages_ref);
    catalog.lang(TextStr(meta.language.as_str()));
    catalog.page_layout(PageLayout::SinglePage);
    let mut preferences = catalog.viewer_preferences();
    preferences.display_doc_title(true);
    // Print as laid out: duplex, turning the sheet over its short edge, at full size.
    preferences.pair(Name(b"Duplex"), Name(b"DuplexFlipShortEdge"));
    preferences.pair(Name(b"PrintScaling"), Name(b"None"));
    preferences.finish();
    catalog.finish();
    pdf.pages(pages_ref)
        .kids(side_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(side_refs.len()).unwrap_or(i32::MAX));
    for ((side, shift), (page_ref, content_ref)) in sides.iter().zip(&side_refs) {
        let mut p = pdf.page(*page_ref);
        p.parent(pages_ref)
            .media_box(Rect::new(0.0, 0.0, sheet_w, sheet_h))
            .trim_box(Rect::new(0.0, 0.0, sheet_w, sheet_h))
            .contents(*content_ref);
        let mut resources = p.resources();
        let mut x_objects = resources.x_objects();
        for i in [side.left, side.right].into_iter().flatten() {
            x_objects.pair(Name(format!("P{}", i + 1).as_bytes()), forms[i]);
        }
        x_objects.finish();
        resources.finish();
        p.finish();
        let mut content = Content::new();
        for (i, left, towards_fold) in [(side.left, fold - w, *shift), (side.right, fold, -*shift)]
        {
            let Some(i) = i else { continue };
            // Each page keeps to its half, moved towards the fold by the creep.
            content.save_state();
            content.rect(left, bottom, w, h);
            content.clip_nonzero();
            content.end_path();
            content.transform([1.0, 0.0, 0.0, 1.0, left + towards_fold, bottom]);
            content.x_object(Name(format!("P{}", i + 1).as_bytes()));
            content.restore_state();
        }
        // Fold marks: short hairlines at the fold on the sheet's top and bottom edges.
        content.set_stroke_gray(0.0);
        content.set_line_width(0.25);
        let mark = crate::book::mm(4.0);
        for (from, to) in [(sheet_h, sheet_h - mark), (0.0, mark)] {
            content.move_to(fold, from);
            content.line_to(fold, to);
        }
        content.stroke();
        pdf.stream(*content_ref, &deflate(&content.finish()))
            .filter(pdf_writer::Filter::FlateDecode);
    }
    pdf.extend(&prepared.chunk);
    write_info(&mut pdf, info_ref, meta, authors, false);
    let id = file_id(&meta.identifier, &meta.date, sides.len(), true);
    pdf.set_file_id((id.clone(), id));
    let bytes = pdf.finish();
    crate::free_in_background(prepared);
    Ok(bytes)
}

/// The document information dictionary.
fn write_info(pdf: &mut Pdf, info_ref: Ref, meta: &BookMeta, authors: &[String], pdfx: bool) {
    let date = pdf_date(&meta.date);
    let mut info = pdf.document_info(info_ref);
    info.title(TextStr(&meta.title));
    if !authors.is_empty() {
        info.author(TextStr(&authors.join(", ")));
    }
    if let Some(subject) = &meta.description {
        info.subject(TextStr(subject));
    }
    info.creator(TextStr("pamphlet"));
    info.producer(TextStr(concat!("pamphlet ", env!("CARGO_PKG_VERSION"))));
    if let Some(date) = date {
        info.creation_date(date);
        info.modified_date(date);
    }
    if pdfx {
        info.trapped(TrappingStatus::NotTrapped);
        info.pair(Name(b"GTS_PDFXVersion"), TextStr(pdfx::VERSION));
    }
}

/// The book's date as a PDF date (never the clock).
fn pdf_date(iso: &str) -> Option<Date> {
    let mut parts = iso.split('-').map(|p| p.parse::<u8>().ok());
    let year: u16 = iso.get(..4)?.parse().ok()?;
    parts.next();
    let month = parts.next().flatten()?;
    let day = parts.next().flatten()?;
    Some(
        Date::new(year)
            .month(month)
            .day(day)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// A document id derived from the book's identifier, date, page count and edition: stable
/// across builds.
fn file_id(identifier: &str, date: &str, pages: usize, print: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142] {
        let mut hash = seed;
        for b in identifier
            .bytes()
            .chain(date.bytes())
            .chain(pages.to_le_bytes())
            .chain([u8::from(print)])
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&hash.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::deflate;
    use std::io::Read;

    #[test]
    fn streams_deflated_one_after_another_inflate_to_their_data() {
        // Sizes around the compressor's internal buffers; each stream after the first is
        // deflated by the same compressor into the same buffer, grown and then reused.
        let texts: Vec<Vec<u8>> = [0usize, 1, 100, 65_535, 65_536, 300_001]
            .iter()
            .map(|&n| {
                (0..n)
                    .map(|i| (i * 7 % 251) as u8 ^ (i / 1000) as u8)
                    .collect()
            })
            .collect();
        for data in texts.iter().chain(texts.iter().rev()) {
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(deflate(data).as_slice())
                .read_to_end(&mut back)
                .expect("a zlib stream");
            assert_eq!(&back, data);
        }
    }
}
