//! The package document (OPF): metadata, manifest and spine.

use super::xml::escape;
use crate::book::{Book, Role};
use std::fmt::Write;

/// An item of the package manifest.
pub struct Item {
    /// Manifest id.
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// Media type.
    pub media_type: &'static str,
    /// `properties` (nav, cover-image…), if any.
    pub properties: Option<&'static str>,
    /// Whether it goes in the spine, and if so whether linear.
    pub spine: Option<bool>,
}

/// Writes the package document. `modified` is the `dcterms:modified` timestamp;
/// `has_page_list` says the content carries the print edition's page breaks.
pub fn opf(
    book: &Book,
    items: &[Item],
    modified: &str,
    has_cover_image: bool,
    has_page_list: bool,
) -> String {
    let meta = &book.meta;
    let lang = &meta.language;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{}\" dir=\"{}\">",
        escape(lang.as_str()),
        lang.direction().as_str()
    );
    out.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    let _ = writeln!(
        out,
        "<dc:identifier id=\"pub-id\">{}</dc:identifier>",
        escape(&meta.identifier)
    );
    let _ = writeln!(
        out,
        "<dc:title id=\"title\">{}</dc:title>",
        escape(&meta.title)
    );
    out.push_str("<meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    if let Some(subtitle) = &meta.subtitle {
        let _ = writeln!(
            out,
            "<dc:title id=\"subtitle\">{}</dc:title>",
            escape(subtitle)
        );
        out.push_str("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    // The main language first, then every other language a piece is written in.
    let mut langs = vec![lang.as_str().to_string()];
    for piece in &book.pieces {
        let tag = piece.lang.as_str().to_string();
        if !langs.contains(&tag) {
            langs.push(tag);
        }
    }
    for tag in &langs {
        let _ = writeln!(out, "<dc:language>{}</dc:language>", escape(tag));
    }
    for (i, c) in meta.contributors.iter().enumerate() {
        let element = if c.role == Role::Author {
            "dc:creator"
        } else {
            "dc:contributor"
        };
        let id = format!("{}-{}", c.role.marc_code(), i + 1);
        let _ = writeln!(
            out,
            "<{element} id=\"{id}\">{}</{element}>",
            escape(&c.name)
        );
        let _ = writeln!(
            out,
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            c.role.marc_code()
        );
    }
    // Piece authors and translators not already named for the whole book.
    let mut named: Vec<String> = meta.contributors.iter().map(|c| c.name.clone()).collect();
    let mut extra = 0;
    for piece in &book.pieces {
        for (names, role) in [
            (&piece.meta.authors, Role::Author),
            (&piece.meta.translators, Role::Translator),
        ] {
            for name in names {
                if named.contains(name) {
                    continue;
                }
                named.push(name.clone());
                extra += 1;
                let id = format!("piece-{}-{extra}", role.marc_code());
                let element = if role == Role::Author {
                    "dc:creator"
                } else {
                    "dc:contributor"
                };
                let _ = writeln!(out, "<{element} id=\"{id}\">{}</{element}>", escape(name));
                let _ = writeln!(
                    out,
                    "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
                    role.marc_code()
                );
            }
        }
    }
    if let Some(publisher) = &meta.publisher {
        let _ = writeln!(out, "<dc:publisher>{}</dc:publisher>", escape(publisher));
    }
    let _ = writeln!(out, "<dc:date>{}</dc:date>", escape(&meta.date));
    if let Some(description) = &meta.description {
        let _ = writeln!(
            out,
            "<dc:description>{}</dc:description>",
            escape(description)
        );
    }
    if let Some(rights) = &meta.rights {
        let _ = writeln!(out, "<dc:rights>{}</dc:rights>", escape(rights));
    }
    for source in book.pieces.iter().filter_map(|p| p.meta.source.as_ref()) {
        let _ = writeln!(out, "<dc:source>{}</dc:source>", escape(source));
    }
    let _ = writeln!(out, "<meta property=\"dcterms:modified\">{modified}</meta>");
    if has_page_list {
        // The page breaks are the print edition's: this book's own PDF, which carries the
        // same identifier (`pageBreakSource`, EPUB Accessibility 1.1's page source).
        let _ = writeln!(
            out,
            "<meta property=\"pageBreakSource\">{}</meta>",
            escape(&meta.identifier)
        );
    }
    out.push_str(&accessibility(has_cover_image, has_page_list));
    if has_cover_image {
        out.push_str("<meta name=\"cover\" content=\"cover-image\"/>\n");
    }
    out.push_str("</metadata>\n<manifest>\n");
    for item in items {
        let _ = write!(
            out,
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            item.id,
            escape(&item.href),
            item.media_type
        );
        if let Some(p) = item.properties {
            let _ = write!(out, " properties=\"{p}\"");
        }
        out.push_str("/>\n");
    }
    out.push_str("</manifest>\n");
    let progression = lang.direction().as_str();
    let _ = writeln!(
        out,
        "<spine toc=\"ncx\" page-progression-direction=\"{progression}\">"
    );
    for item in items {
        if let Some(linear) = item.spine {
            let _ = write!(out, "<itemref idref=\"{}\"", item.id);
            if !linear {
                out.push_str(" linear=\"no\"");
            }
            out.push_str("/>\n");
        }
    }
    out.push_str("</spine>\n</package>\n");
    out
}

/// schema.org accessibility metadata (EPUB Accessibility 1.1).
fn accessibility(has_cover_image: bool, has_page_list: bool) -> String {
    let mut out = String::new();
    out.push_str("<meta property=\"schema:accessMode\">textual</meta>\n");
    if has_cover_image {
        out.push_str("<meta property=\"schema:accessMode\">visual</meta>\n");
    }
    out.push_str("<meta property=\"schema:accessModeSufficient\">textual</meta>\n");
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        let _ = writeln!(
            out,
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
        );
    }
    if has_cover_image {
        out.push_str("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
    }
    if has_page_list {
        out.push_str("<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>\n");
        out.push_str("<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>\n");
    }
    out.push_str("<meta property=\"schema:accessibilityHazard\">none</meta>\n");
    let pages = if has_page_list {
        " The print edition's page breaks are marked in the text and listed in a page list."
    } else {
        ""
    };
    let _ = writeln!(out, "<meta property=\"schema:accessibilitySummary\">All content is text, in reading order, with headings, a table of contents and linked notes.{pages} Each chapter declares its language and direction; right-to-left text is marked up as such. No hazards.</meta>");
    out
}
