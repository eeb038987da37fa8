//! EPUB 3 output: the model rendered to XHTML, with our own package, navigation and
//! container (see DESIGN.md for why not epub-builder).

mod container;
mod nav;
mod package;
mod pages;
mod pagination;
mod style;
pub mod xhtml;
pub mod xml;

use crate::book::Book;
use crate::locale;
use container::{Content, Entry};
use package::Item;
use std::collections::BTreeSet;
use std::io::{Cursor, Seek, Write};

/// Why an EPUB could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The zip writer failed.
    #[error("cannot assemble the EPUB container: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// `SOURCE_DATE_EPOCH` is set but not a number of seconds.
    #[error("SOURCE_DATE_EPOCH is `{0}`, not a number of seconds since 1970")]
    SourceDateEpoch(String),
}

/// A content document of the book.
pub struct Document {
    /// Manifest id.
    pub id: String,
    /// File name inside `EPUB/`.
    pub file_name: String,
}

const XHTML: &str = "application/xhtml+xml";

/// Renders the whole book as EPUB 3 bytes.
///
/// `print` maps the print edition's pages: its body pages are marked where they start in the
/// text and listed in the navigation's page list.
pub fn write(book: &Book, print: &crate::layout::PageMap) -> Result<Vec<u8>, Error> {
    Ok(write_to(book, print, Cursor::new(Vec::new()))?.into_inner())
}

/// Renders the whole book as EPUB 3 into `sink` (a file, say: the megabytes of fonts go
/// straight into it rather than through memory), and gives `sink` back.
pub fn write_to<W: Write + Seek>(
    book: &Book,
    print: &crate::layout::PageMap,
    sink: W,
) -> Result<W, Error> {
    let meta = &book.meta;
    let lang = &meta.language;
    let dir = lang.direction();
    let words = locale::words(lang);
    let modified = modified_timestamp(&meta.date)?;

    let faces = style::faces_used(book);
    let farsi = crate::text::fonts::Family::farsi(meta.fonts.farsi);
    let families: Vec<_> = faces
        .iter()
        .map(|f| f.family)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut entries = Vec::new();
    let mut items = Vec::new();
    let add = |entries: &mut Vec<Entry>, items: &mut Vec<Item>, item: Item, content: Content| {
        entries.push(Entry {
            path: item.href.clone(),
            content,
        });
        items.push(item);
    };

    // Cover.
    let cover_href = meta.cover.as_ref().map(|c| {
        let ext = if c.media_type == "image/png" {
            "png"
        } else {
            "jpg"
        };
        format!("images/cover.{ext}")
    });
    let cover = xml::document(
        lang,
        dir,
        &meta.title,
        "cover",
        &pages::cover(book, cover_href.as_deref()),
    );
    add(
        &mut entries,
        &mut items,
        doc_item("cover", "cover.xhtml", true),
        Content::Bytes(cover.into_bytes()),
    );
    let title = xml::document(
        lang,
        dir,
        &meta.title,
        "titlepage",
        &pages::title_page(book),
    );
    add(
        &mut entries,
        &mut items,
        doc_item("titlepage", "titlepage.xhtml", true),
        Content::Bytes(title.into_bytes()),
    );

    // Pieces.
    let piece_docs: Vec<Document> = (1..=book.pieces.len())
        .map(|i| Document {
            id: format!("piece-{i:02}"),
            file_name: format!("piece-{i:02}.xhtml"),
        })
        .collect();
    let landmarks = vec![
        ("cover", "cover.xhtml".to_string(), words.cover),
        ("titlepage", "titlepage.xhtml".to_string(), words.title_page),
        ("toc", "nav.xhtml".to_string(), words.contents),
        (
            "bodymatter",
            piece_docs
                .first()
                .map(|d| d.file_name.clone())
                .unwrap_or_default(),
            words.start,
        ),
        ("colophon", "colophon.xhtml".to_string(), words.colophon),
    ];
    let breaks = pagination::page_breaks(book, print);
    let page_list: Vec<(String, String)> = breaks
        .iter()
        .filter_map(|b| {
            let doc = piece_docs.get(b.piece)?;
            Some((format!("{}#{}", doc.file_name, b.id()), b.label.clone()))
        })
        .collect();
    let nav = xml::document(
        lang,
        dir,
        words.contents,
        "nav",
        &nav::nav_body(book, &piece_docs, &landmarks, &page_list),
    );
    entries.push(Entry {
        path: "nav.xhtml".into(),
        content: Content::Bytes(nav.into_bytes()),
    });
    items.push(Item {
        id: "nav".into(),
        href: "nav.xhtml".into(),
        media_type: XHTML,
        properties: Some("nav"),
        spine: Some(true),
    });

    let piece_files = xhtml::PieceFiles::new(
        &book.pieces,
        piece_docs.iter().map(|d| d.file_name.as_str()),
    );
    for (i, (piece, doc)) in book.pieces.iter().zip(&piece_docs).enumerate() {
        let piece_breaks: Vec<_> = breaks.iter().filter(|b| b.piece == i).cloned().collect();
        let body = xhtml::piece_body(piece, &piece_breaks, &piece_files);
        let html = xml::document(&piece.lang, piece.dir, &piece.meta.title, "piece", &body);
        add(
            &mut entries,
            &mut items,
            doc_item(&doc.id, &doc.file_name, true),
            Content::Bytes(html.into_bytes()),
        );
    }
    let colophon = xml::document(
        lang,
        dir,
        words.colophon,
        "colophon",
        &pages::colophon(book, &families),
    );
    add(
        &mut entries,
        &mut items,
        doc_item("colophon", "colophon.xhtml", true),
        Content::Bytes(colophon.into_bytes()),
    );

    // Navigation for older readers, style, fonts, cover image.
    let front = vec![
        ("cover.xhtml".to_string(), words.cover),
        ("titlepage.xhtml".to_string(), words.title_page),
    ];
    let ncx = nav::ncx(book, &front, &piece_docs);
    add(
        &mut entries,
        &mut items,
        Item {
            id: "ncx".into(),
            href: "toc.ncx".into(),
            media_type: "application/x-dtbncx+xml",
            properties: None,
            spine: None,
        },
        Content::Bytes(ncx.into_bytes()),
    );
    let css = style::stylesheet(&faces, farsi, book.has_tasks());
    add(
        &mut entries,
        &mut items,
        Item {
            id: "css".into(),
            href: "css/book.css".into(),
            media_type: "text/css",
            properties: None,
            spine: None,
        },
        Content::Bytes(css.into_bytes()),
    );
    for (i, face) in faces.iter().enumerate() {
        add(
            &mut entries,
            &mut items,
            Item {
                id: format!("font-{}", i + 1),
                href: style::font_href(*face),
                media_type: "font/ttf",
                properties: None,
                spine: None,
            },
            Content::Deflated(face.deflated_entry()),
        );
    }
    if let (Some(cover), Some(href)) = (&meta.cover, &cover_href) {
        add(
            &mut entries,
            &mut items,
            Item {
                id: "cover-image".into(),
                href: href.clone(),
                media_type: cover.media_type,
                properties: Some("cover-image"),
                spine: None,
            },
            Content::Bytes(cover.bytes.clone()),
        );
    }

    let opf = package::opf(
        book,
        &items,
        &modified,
        meta.cover.is_some(),
        !page_list.is_empty(),
    );
    entries.push(Entry {
        path: "package.opf".into(),
        content: Content::Bytes(opf.into_bytes()),
    });
    Ok(container::pack_into(&entries, sink)?)
}

fn doc_item(id: &str, href: &str, linear: bool) -> Item {
    Item {
        id: id.into(),
        href: href.into(),
        media_type: XHTML,
        properties: None,
        spine: Some(linear),
    }
}

/// `dcterms:modified`: from SOURCE_DATE_EPOCH when set (reproducible-builds convention),
/// else midnight UTC of the book's date — never the clock.
fn modified_timestamp(book_date: &str) -> Result<String, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => {
            let seconds: i64 = value
                .trim()
                .parse()
                .map_err(|_| Error::SourceDateEpoch(value.clone()))?;
            Ok(format_utc(seconds))
        }
        _ => Ok(format!("{book_date}T00:00:00Z")),
    }
}

/// Seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian, UTC).
fn format_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
    }
}
