//! The colophon's content — the book, its pieces' sources, credits and the edition — as one
//! value that the EPUB and the PDF each set in their own way.

use super::{Book, Direction, Lang, Piece};
use crate::locale;

/// What the colophon says.
#[derive(Debug, Clone)]
pub struct Colophon {
    /// Heading, in the book's language.
    pub heading: &'static str,
    /// The book's title.
    pub title: String,
    /// Its subtitle.
    pub subtitle: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Each piece with its credits and source.
    pub pieces: Vec<ColophonPiece>,
    /// The edition: publisher, date, rights, identifier, fonts.
    pub edition: Vec<ColophonRow>,
}

/// One piece in the colophon.
#[derive(Debug, Clone)]
pub struct ColophonPiece {
    /// Title.
    pub title: String,
    /// Language of the piece.
    pub lang: Lang,
    /// Its direction.
    pub dir: Direction,
    /// Authors, translators and date, in the piece's language.
    pub credit: String,
    /// "Source" in the book's language.
    pub source_label: &'static str,
    /// Where the text came from (a URL or a file name: left to right); none for original
    /// writing, which the colophon then credits without a source.
    pub source: Option<String>,
    /// The editor's note on the text.
    pub note: Option<String>,
}

/// A labelled line of the edition notice.
#[derive(Debug, Clone)]
pub struct ColophonRow {
    /// Label in the book's language.
    pub label: &'static str,
    /// Value.
    pub value: String,
    /// Set left to right whatever the book's direction (identifiers, font names).
    pub ltr: bool,
}

/// A piece's credit line in its own language: authors, translators, date ("" if none).
pub fn credit(piece: &Piece) -> String {
    let pw = locale::words(&piece.lang);
    let mut parts = Vec::new();
    if !piece.meta.authors.is_empty() {
        parts.push(locale::join_names(&piece.meta.authors, &piece.lang));
    }
    if !piece.meta.translators.is_empty() {
        parts.push(format!(
            "{} {}",
            pw.translated_by,
            locale::join_names(&piece.meta.translators, &piece.lang)
        ));
    }
    if let Some(date) = &piece.meta.date {
        parts.push(locale::date(date, &piece.lang));
    }
    parts.join(pw.comma)
}

/// The colophon of `book`; `fonts` names each font family used, with its licence.
pub fn colophon(book: &Book, fonts: &[String]) -> Colophon {
    let meta = &book.meta;
    let lang = &meta.language;
    let words = locale::words(lang);
    let pieces = book
        .pieces
        .iter()
        .map(|piece| ColophonPiece {
            title: piece.meta.title.clone(),
            lang: piece.lang.clone(),
            dir: piece.dir,
            credit: credit(piece),
            source_label: words.source,
            source: piece.meta.source.clone(),
            note: piece.meta.note.clone(),
        })
        .collect();
    let mut edition = Vec::new();
    let mut row = |label: &'static str, value: String, ltr: bool| {
        edition.push(ColophonRow { label, value, ltr });
    };
    if let Some(publisher) = &meta.publisher {
        row(words.publisher, publisher.clone(), false);
    }
    row(words.date, locale::date(&meta.date, lang), false);
    if let Some(rights) = &meta.rights {
        row(words.rights, rights.clone(), false);
    }
    row(words.identifier, meta.identifier.clone(), true);
    row(words.fonts, fonts.join("; "), true);
    Colophon {
        heading: words.colophon,
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        description: meta.description.clone(),
        pieces,
        edition,
    }
}
