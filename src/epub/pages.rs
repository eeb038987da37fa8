//! The pages around the text: cover, title page and colophon.

use super::xhtml::{lang_dir_if_different, plain_text};
use super::xml::escape;
use crate::book::{Book, Role};
use crate::locale;
use crate::text::fonts::Family;
use std::fmt::Write;

/// Names of the book's contributors with `role`.
fn names(book: &Book, role: Role) -> Vec<String> {
    book.meta
        .contributors
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name.clone())
        .collect()
}

/// The cover page body: the manifest's image, or a typeset cover with title and authors.
pub fn cover(book: &Book, image_href: Option<&str>) -> String {
    let meta = &book.meta;
    let mut out = String::from("<section epub:type=\"cover\" class=\"cover\">\n");
    match image_href {
        Some(href) => {
            let _ = writeln!(out, "<img src=\"{href}\" alt=\"{}\"/>", escape(&meta.title));
        }
        None => {
            let _ = writeln!(
                out,
                "<h1 class=\"cover-title\">{}</h1>",
                escape(&meta.title)
            );
            if let Some(subtitle) = &meta.subtitle {
                let _ = writeln!(
                    out,
                    "<p class=\"cover-subtitle\">{}</p>",
                    plain_text(subtitle, &meta.language)
                );
            }
            let people = byline(book);
            if !people.is_empty() {
                let _ = writeln!(out, "<p class=\"cover-byline\">{}</p>", escape(&people));
            }
            if let Some(publisher) = &meta.publisher {
                let _ = writeln!(
                    out,
                    "<p class=\"cover-publisher\">{}</p>",
                    escape(publisher)
                );
            }
        }
    }
    out.push_str("</section>\n");
    out
}

/// Authors, else “Edited by …”.
fn byline(book: &Book) -> String {
    let lang = &book.meta.language;
    let authors = names(book, Role::Author);
    if !authors.is_empty() {
        return locale::join_names(&authors, lang);
    }
    let editors = names(book, Role::Editor);
    if editors.is_empty() {
        String::new()
    } else {
        format!(
            "{} {}",
            locale::words(lang).edited_by,
            locale::join_names(&editors, lang)
        )
    }
}

/// The title page body.
pub fn title_page(book: &Book) -> String {
    let meta = &book.meta;
    let lang = &meta.language;
    let words = locale::words(lang);
    let mut out =
        String::from("<section epub:type=\"titlepage\" class=\"titlepage\" aria-label=\"");
    out.push_str(words.title_page);
    out.push_str("\">\n");
    let _ = writeln!(
        out,
        "<h1 class=\"title\">{}</h1>",
        plain_text(&meta.title, lang)
    );
    if let Some(subtitle) = &meta.subtitle {
        let _ = writeln!(
            out,
            "<p class=\"subtitle\">{}</p>",
            plain_text(subtitle, lang)
        );
    }
    let authors = names(book, Role::Author);
    if !authors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"authors\">{}</p>",
            escape(&locale::join_names(&authors, lang))
        );
    }
    for (role, label) in [
        (Role::Editor, words.edited_by),
        (Role::Translator, words.translated_by),
    ] {
        let people = names(book, role);
        if !people.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"contributors\">{label} {}</p>",
                escape(&locale::join_names(&people, lang))
            );
        }
    }
    if let Some(publisher) = &meta.publisher {
        let _ = writeln!(out, "<p class=\"publisher\">{}</p>", escape(publisher));
    }
    out.push_str("</section>\n");
    out
}

/// The colophon body: every piece's origin, the book's rights, identifier and fonts.
pub fn colophon(book: &Book, families: &[Family]) -> String {
    let fonts: Vec<String> = families
        .iter()
        .map(|f| format!("{} ({})", f.name(), f.licence()))
        .collect();
    let c = crate::book::colophon::colophon(book, &fonts);
    let lang = &book.meta.language;
    let mut out = String::from(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\" aria-labelledby=\"colophon-title\">\n",
    );
    let _ = writeln!(out, "<h1 id=\"colophon-title\">{}</h1>", c.heading);
    let _ = writeln!(
        out,
        "<p class=\"book\"><strong>{}</strong>",
        escape(&c.title)
    );
    if let Some(subtitle) = &c.subtitle {
        let _ = write!(out, "<br/>{}", escape(subtitle));
    }
    out.push_str("</p>\n");
    if let Some(description) = &c.description {
        let _ = writeln!(out, "<p>{}</p>", plain_text(description, lang));
    }
    out.push_str("<dl class=\"sources\">\n");
    for piece in &c.pieces {
        let attrs = lang_dir_if_different(&piece.lang, piece.dir, lang);
        let _ = writeln!(
            out,
            "<dt{attrs}>{}</dt>",
            plain_text(&piece.title, &piece.lang)
        );
        let _ = writeln!(out, "<dd{attrs}>{}</dd>", escape(&piece.credit));
        if let Some(source) = &piece.source {
            let _ = writeln!(
                out,
                "<dd class=\"source\">{}: <code dir=\"ltr\">{}</code></dd>",
                piece.source_label,
                escape(source)
            );
        }
        if let Some(note) = &piece.note {
            let _ = writeln!(
                out,
                "<dd class=\"note\"{attrs}>{}</dd>",
                plain_text(note, &piece.lang)
            );
        }
    }
    out.push_str("</dl>\n<dl class=\"edition\">\n");
    for row in &c.edition {
        let (dir, html) = if row.ltr {
            (" dir=\"ltr\"", escape(&row.value))
        } else {
            ("", plain_text(&row.value, lang))
        };
        let _ = writeln!(out, "<dt>{}</dt><dd{dir}>{html}</dd>", row.label);
    }
    out.push_str("</dl>\n</section>\n");
    out
}
