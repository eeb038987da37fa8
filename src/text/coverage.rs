//! Coverage: every character a book's sources use must have a glyph in its fonts. What no
//! face has would print as an empty box, so it is reported with its file, line and column.

use super::collect::is_invisible;
use super::fonts::{Face, Family, FontSet};
use crate::book::{Book, Diagnostic};

/// Diagnostics for characters neither the Latin nor the Farsi face has.
pub fn check(book: &Book, fonts: &FontSet) -> Vec<Diagnostic> {
    let faces = [
        fonts.get(Face {
            family: Family::Charis,
            bold: false,
            italic: false,
        }),
        fonts.get(Face {
            family: fonts.farsi,
            bold: false,
            italic: false,
        }),
    ];
    let mut out = Vec::new();
    let mut check_text = |file: &std::path::Path, text: &str| {
        for (n, line) in text.lines().enumerate() {
            for (col, c) in line.chars().enumerate() {
                if c.is_control() || is_invisible(c) || faces.iter().any(|f| f.covers(c)) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "no font of the book has a glyph for ‘{c}’ (U+{:04X})",
                            c as u32
                        ),
                    )
                    .at(n + 1, col + 1)
                    .with_hint(format!(
                        "replace or remove the character; the book is set in {} and {}",
                        Family::Charis.name(),
                        fonts.farsi.name()
                    )),
                );
            }
        }
    };
    for piece in &book.pieces {
        let file = book.root.join(&piece.path);
        if let Ok(text) = std::fs::read_to_string(&file) {
            check_text(&file, &text);
        }
    }
    if let Ok(text) = std::fs::read_to_string(book.root.join("book.toml")) {
        check_text(&book.root.join("book.toml"), &text);
    }
    out
}
