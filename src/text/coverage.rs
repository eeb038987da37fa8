//! Coverage: every character a book's sources use must have a glyph in its fonts. What no
//! face has would print as an empty box, so it is reported with its file, line and column —
//! written as itself or as an HTML entity (`&#x1F600;`), which Markdown decodes into the text.
//! The monospace face counts for the characters of a piece's code (box drawing, arrows):
//! the text engine sets what the text faces lack in it.

use super::collect::is_invisible;
use super::fonts::{Face, Family, FontSet};
use crate::book::diagnostic::{normalize_source, LineIndex};
use crate::book::entities::decoded_in_piece;
use crate::book::{Block, Book, Diagnostic};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// Diagnostics for characters neither the Latin nor the Farsi face has (nor, in a piece with
/// code, the monospace face, for the characters its code uses).
pub fn check(book: &Book, fonts: &FontSet) -> Vec<Diagnostic> {
    let mono = fonts.get(Face {
        family: Family::JetBrainsMono,
        bold: false,
        italic: false,
    });
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
    let shown = |c: char, code: &FxHashSet<char>| {
        c.is_control()
            || is_invisible(c)
            || faces.iter().any(|f| f.covers(c))
            || code.contains(&c) && mono.covers(c)
    };
    let hint = || {
        format!(
            "replace or remove the character; the book is set in {} and {}",
            Family::Charis.name(),
            fonts.farsi.name()
        )
    };
    let no_glyph = |file: &Path, c: char| {
        Diagnostic::error(
            file,
            format!(
                "no font of the book has a glyph for ‘{c}’ (U+{:04X})",
                c as u32
            ),
        )
        .with_hint(hint())
    };
    // A book uses a few hundred distinct characters over millions of places: the faces
    // answer ASCII and the Arabic block from tables, every other character is looked up
    // once per file.
    let check_text = |file: &Path, text: &str, code: &FxHashSet<char>| {
        let mut out = Vec::new();
        let mut known: FxHashMap<char, bool> = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            for (col, c) in line.chars().enumerate() {
                let shown = if c.is_ascii() || ('\u{600}'..='\u{6FF}').contains(&c) {
                    shown(c, code)
                } else {
                    *known.entry(c).or_insert_with(|| shown(c, code))
                };
                if !shown {
                    out.push(no_glyph(file, c).at(n + 1, col + 1));
                }
            }
        }
        // What entities stand for is text too: held to the same faces, and to the loader's
        // refusal of control characters (which an EPUB may not contain).
        let source = normalize_source(text);
        let entities = decoded_in_piece(&source);
        if entities.is_empty() {
            return out;
        }
        let index = LineIndex::new(&source);
        for entity in &entities {
            for c in entity.decoded.chars() {
                let problem = if crate::book::is_stray_control(c) {
                    Diagnostic::error(
                        file,
                        format!("control character U+{:04X} written as an entity", c as u32),
                    )
                    .with_hint("delete it: it is invisible and not allowed in an EPUB")
                } else if shown(c, code) {
                    continue;
                } else {
                    no_glyph(file, c)
                };
                out.push(problem.at_bytes(&source, &index, entity.range.clone()));
            }
        }
        out
    };
    // Each file with the characters of its code.
    let files: Vec<(PathBuf, FxHashSet<char>)> = book
        .pieces
        .iter()
        .map(|piece| {
            let code = Block::code_texts(&piece.blocks)
                .into_iter()
                .chain(
                    piece
                        .notes
                        .iter()
                        .flat_map(|n| Block::code_texts(&n.blocks)),
                )
                .flat_map(str::chars)
                .collect();
            (book.root.join(&piece.path), code)
        })
        .chain([(book.root.join("book.toml"), FxHashSet::default())])
        .collect();
    files
        .par_iter()
        .flat_map_iter(|(file, code)| {
            match crate::source_file::read_regular(file, crate::source_file::MAX_TEXT_BYTES)
                .map(String::from_utf8)
            {
                Ok(Ok(text)) => check_text(file, &text, code),
                _ => Vec::new(),
            }
        })
        .collect()
}
