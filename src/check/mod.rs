//! The checks `pamphlet check` runs on a book that loads: what would spoil the publication
//! without stopping a build. The loader already refuses what cannot be built (bad manifest or
//! front matter, raw HTML, footnote references without notes and notes never referenced,
//! empty pieces); these look at the text itself. Each check is a file of its own, reading the
//! piece's source so that every diagnostic points at a span.

mod arabic_letters;
mod ascii_digits;
mod line_warnings;
mod lost_la;
mod repeated_paragraphs;
mod source;
mod untagged_farsi;

pub use line_warnings::diagnostics as line_warnings;
pub use source::{spans_marked, words, PieceSource};

use crate::book::{Book, Diagnostic};
use crate::text::fonts::FontSet;

/// Every check on a loaded book: characters its fonts lack, Arabic letters in Farsi pieces,
/// Farsi numbers in ASCII digits, Farsi paragraphs in English pieces, words that lost their لا, repeated text. Diagnostics come piece by piece.
pub fn run(book: &Book, fonts: &FontSet) -> Vec<Diagnostic> {
    let mut out = crate::text::coverage::check(book, fonts);
    let mut sources = Vec::new();
    for piece in &book.pieces {
        match PieceSource::read(book.root.join(&piece.path), piece) {
            Ok(source) => sources.push(source),
            Err(problem) => out.push(problem),
        }
    }
    for source in &sources {
        out.extend(arabic_letters::check(source));
        out.extend(ascii_digits::check(source));
        out.extend(untagged_farsi::check(source));
        out.extend(lost_la::check(source));
    }
    out.extend(repeated_paragraphs::check(&sources));
    out
}
