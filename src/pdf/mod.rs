//! PDF output with pdf-writer: the layout's pages, subset fonts with ToUnicode maps, document
//! metadata, and navigation (outline, links, page labels). Deterministic: the same layout
//! gives the same bytes.

mod content;
mod fonts;
mod navigation;

use crate::book::BookMeta;
use crate::layout::Layout;
use crate::text::fonts::FontSet;
use pdf_writer::types::{Direction as PdfDirection, PageLayout};
use pdf_writer::{Date, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::BTreeMap;

pub use fonts::{extraction_text, SubsetError};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font could not be subset.
    #[error(transparent)]
    Subset(#[from] SubsetError),
}

/// Writes the layout as a PDF.
pub fn write(
    layout: &Layout,
    meta: &BookMeta,
    authors: &[String],
    fonts: &FontSet,
) -> Result<Vec<u8>, Error> {
    let mut pdf = Pdf::new();
    let mut next_id = 1;
    let mut next = || {
        let r = Ref::new(next_id);
        next_id += 1;
        r
    };
    let catalog_ref = next();
    let pages_ref = next();
    let info_ref = next();

    // The extraction rules rewrite glyph texts and widths, on a copy of the layout.
    let mut prepared = layout.clone();
    fonts::fold_drawn_advances(&mut prepared);
    fonts::mark_numbers(&mut prepared, &|face| fonts.get(face).glyph_id(' '));
    let layout = &prepared;
    let uses = fonts::collect(layout);
    let mut faces = BTreeMap::new();
    let mut font_chunk = pdf_writer::Chunk::new();
    for (i, (face, used)) in uses.iter().enumerate() {
        let embedded = fonts::embed(&mut font_chunk, &mut next, fonts, *face, used)?;
        faces.insert(*face, (i, embedded));
    }

    let page_refs: Vec<(Ref, Ref)> = layout.pages.iter().map(|_| (next(), next())).collect();
    let navigation = navigation::Navigation::plan(layout, &mut next);
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
    catalog.finish();
    pdf.pages(pages_ref)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_refs.len()).unwrap_or(i32::MAX));

    for (i, (page, (page_ref, content_ref))) in layout.pages.iter().zip(&page_refs).enumerate() {
        let mut p = pdf.page(*page_ref);
        p.parent(pages_ref)
            .media_box(Rect::new(0.0, 0.0, page.width, page.height))
            .contents(*content_ref);
        let annotations = navigation.page_annotations(i);
        if !annotations.is_empty() {
            p.annotations(annotations);
        }
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        for (index, embedded) in faces.values() {
            font_dict.pair(
                Name(content::font_name(*index).as_bytes()),
                embedded.font_ref,
            );
        }
        font_dict.finish();
        resources.finish();
        p.finish();
        let data = content::page_content(page, &faces, fonts);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 6);
        pdf.stream(*content_ref, &compressed)
            .filter(pdf_writer::Filter::FlateDecode);
    }
    pdf.extend(&font_chunk);
    let mut navigation_chunk = pdf_writer::Chunk::new();
    let pages: Vec<Ref> = page_refs.iter().map(|(p, _)| *p).collect();
    navigation.write(&mut navigation_chunk, layout, &pages);
    pdf.extend(&navigation_chunk);

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
    info.finish();
    let id = file_id(&meta.identifier, &meta.date, layout.pages.len());
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
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

/// A document id derived from the book's identifier and edition: stable across builds.
fn file_id(identifier: &str, date: &str, pages: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for seed in [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142] {
        let mut hash = seed;
        for b in identifier
            .bytes()
            .chain(date.bytes())
            .chain(pages.to_le_bytes())
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend_from_slice(&hash.to_be_bytes());
    }
    out
}
