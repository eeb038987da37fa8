//! Navigation: the EPUB 3 nav document (table of contents and landmarks) and the NCX for
//! older reading systems.

use super::xhtml::{inline_html, lang_dir_if_different};
use super::xml::escape;
use super::Document;
use crate::book::{Block, Book, Inline, Lang};
use crate::locale;
use std::fmt::Write;

/// A section heading inside a piece, for the table of contents.
struct Entry {
    level: u8,
    id: String,
    label: Vec<Inline>,
}

fn headings(blocks: &[Block]) -> Vec<Entry> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, id, content } if *level <= 3 => Some(Entry {
                level: *level,
                id: id.clone(),
                label: content.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The page list's name, in the book's language.
fn pages_label(lang: &Lang) -> &'static str {
    if lang.is_persian() {
        "صفحه\u{200C}ها"
    } else {
        "Pages"
    }
}

/// The nav document's body. `pieces` are the piece documents in reading order, `landmarks`
/// the `(epub:type, href, label)` triples, `pages` the print edition's pages as
/// `(href, label)` pairs in page order (no page list when there are none).
pub fn nav_body(
    book: &Book,
    pieces: &[Document],
    landmarks: &[(&str, String, &str)],
    pages: &[(String, String)],
) -> String {
    let lang = &book.meta.language;
    let words = locale::words(lang);
    let mut out = String::new();
    let _ = writeln!(out, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{}</h1>\n<ol>", words.contents);
    for (piece, doc) in book.pieces.iter().zip(pieces) {
        let attrs = lang_dir_if_different(&piece.lang, piece.dir, lang);
        let _ = write!(
            out,
            "<li{attrs}><a href=\"{}\">{}</a>",
            doc.file_name,
            escape(&piece.meta.title)
        );
        let entries = headings(&piece.blocks);
        nested(&mut out, &entries, &doc.file_name, &piece.lang);
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    if !pages.is_empty() {
        let _ = writeln!(
            out,
            "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>",
            pages_label(lang)
        );
        for (href, label) in pages {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                escape(href),
                escape(label)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    let _ = writeln!(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n<h2 id=\"landmarks-title\">{}</h2>\n<ol>", words.landmarks);
    for (kind, href, label) in landmarks {
        let _ = writeln!(
            out,
            "<li><a epub:type=\"{kind}\" href=\"{href}\">{label}</a></li>"
        );
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// Writes `entries` as nested lists: level-3 headings under the level-2 heading before them.
fn nested(out: &mut String, entries: &[Entry], file: &str, lang: &crate::book::Lang) {
    if entries.is_empty() {
        return;
    }
    out.push_str("\n<ol>\n");
    let mut i = 0;
    while i < entries.len() {
        let top = &entries[i];
        let _ = write!(
            out,
            "<li><a href=\"{file}#{}\">{}</a>",
            top.id,
            inline_html(&strip_notes(&top.label), lang)
        );
        let mut j = i + 1;
        while j < entries.len() && entries[j].level > top.level {
            j += 1;
        }
        nested(out, &entries[i + 1..j], file, lang);
        out.push_str("</li>\n");
        i = j;
    }
    out.push_str("</ol>\n");
}

/// The table of contents holds a heading's text only: no note references, no links (the
/// entry is a link itself).
fn strip_notes(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::NoteRef(_) => {}
            Inline::Link { content, .. } => out.extend(strip_notes(content)),
            Inline::Emphasis(c) => out.push(Inline::Emphasis(strip_notes(c))),
            Inline::Strong(c) => out.push(Inline::Strong(strip_notes(c))),
            Inline::Strike(c) => out.push(Inline::Strike(strip_notes(c))),
            Inline::Span { lang, dir, content } => out.push(Inline::Span {
                lang: lang.clone(),
                dir: *dir,
                content: strip_notes(content),
            }),
            other => out.push(other.clone()),
        }
    }
    out
}

/// The NCX document for EPUB 2 reading systems.
pub fn ncx(book: &Book, front: &[(String, &str)], pieces: &[Document]) -> String {
    let meta = &book.meta;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">",
        escape(meta.language.as_str())
    );
    let _ = writeln!(out, "<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"3\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>", escape(&meta.identifier));
    let _ = writeln!(
        out,
        "<docTitle><text>{}</text></docTitle>\n<navMap>",
        escape(&meta.title)
    );
    let mut order = 0;
    let mut point = |out: &mut String, href: &str, label: &str| {
        order += 1;
        let _ = write!(out, "<navPoint id=\"np-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel><content src=\"{href}\"/>", escape(label));
    };
    for (href, label) in front {
        point(&mut out, href, label);
        out.push_str("</navPoint>\n");
    }
    for (piece, doc) in book.pieces.iter().zip(pieces) {
        point(&mut out, &doc.file_name, &piece.meta.title);
        out.push('\n');
        let mut open_level: Vec<u8> = Vec::new();
        for entry in headings(&piece.blocks) {
            while open_level.last().is_some_and(|l| *l >= entry.level) {
                open_level.pop();
                out.push_str("</navPoint>\n");
            }
            point(
                &mut out,
                &format!("{}#{}", doc.file_name, entry.id),
                &Inline::plain_text(&entry.label),
            );
            open_level.push(entry.level);
        }
        for _ in open_level {
            out.push_str("</navPoint>\n");
        }
        out.push_str("</navPoint>\n");
    }
    out.push_str("</navMap>\n</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_entries_drop_notes_and_links_but_keep_languages() {
        let heading = vec![
            Inline::Text("Heading ".into()),
            Inline::Link {
                target: crate::book::LinkTarget::Web("https://example.org/".into()),
                content: vec![Inline::Text("linked".into())],
            },
            Inline::NoteRef(1),
        ];
        assert_eq!(
            strip_notes(&heading),
            vec![
                Inline::Text("Heading ".into()),
                Inline::Text("linked".into())
            ]
        );
    }
}
