//! Loading a book folder: manifest, then each piece's front matter and body.

use super::diagnostic::{Diagnostic, Severity};
use super::front_matter;
use super::links::{self, PieceLink};
use super::manifest;
use super::markdown;
use super::model::{Book, BookMeta, Lang, Piece, PieceMeta};
use crate::source_file::{read_regular, ReadError, MAX_TEXT_BYTES};
use rayon::prelude::*;
use std::path::Path;

/// A loaded book, or the diagnostics that stop it; warnings ride along either way.
pub struct Loaded {
    /// The book, when there were no errors.
    pub book: Option<Book>,
    /// Every problem found, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A piece read, and its links to pieces, still to be checked against the whole book.
type ReadPiece = (Piece, Vec<PieceLink>);

/// Loads the book in `root`, collecting every problem rather than stopping at the first.
pub fn load(root: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let name = book_name(root);
    let Some(manifest) = manifest::read(root, &mut diagnostics) else {
        return Loaded {
            book: None,
            diagnostics,
        };
    };
    diagnostics.extend(forbidden_in_manifest(root, &manifest));
    // Pieces are read and parsed in parallel (a long book has thousands); each keeps its
    // own problems, gathered afterwards in manifest order.
    let loaded: Vec<(Option<ReadPiece>, Vec<Diagnostic>)> = manifest
        .pieces
        .par_iter()
        .map(|(path, listed_on)| {
            let mut found = Vec::new();
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                found.push(
                    Diagnostic::error(
                        root.join("book.toml"),
                        format!("piece `{}` is not a Markdown (.md) file", path.display()),
                    )
                    .at_line(*listed_on)
                    .with_hint("pieces are Markdown files with front matter"),
                );
                return (None, found);
            }
            let piece = load_piece(&root.join(path), path, &manifest.language, &mut found);
            (piece, found)
        })
        .collect();
    let mut pieces = Vec::with_capacity(loaded.len());
    let mut found_per_piece = Vec::with_capacity(loaded.len());
    let mut links_per_piece = Vec::with_capacity(loaded.len());
    for (piece, found) in loaded {
        let (piece, links) = piece.unzip();
        pieces.extend(piece);
        found_per_piece.push(found);
        links_per_piece.push(links.unwrap_or_default());
    }
    // Links between pieces are checked once every piece is read, each piece's problems
    // after those found in reading it.
    let link_problems = links::check_piece_links(root, &pieces, &links_per_piece);
    for (found, problems) in found_per_piece.into_iter().zip(link_problems) {
        diagnostics.extend(found);
        diagnostics.extend(problems);
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let book = (!failed).then(|| Book {
        name,
        root: root.to_path_buf(),
        meta: BookMeta {
            title: manifest.title,
            subtitle: manifest.subtitle,
            language: manifest.language,
            identifier: manifest.identifier,
            date: manifest.date,
            publisher: manifest.publisher,
            description: manifest.description,
            rights: manifest.rights,
            cover: manifest.cover,
            contributors: manifest.contributors,
            fonts: manifest.fonts,
            paper: manifest.paper,
            print: manifest.print,
        },
        pieces,
    });
    Loaded { book, diagnostics }
}

/// The manifest's texts that hold a character an e-book may not (a control character written
/// as a TOML escape), placed in `book.toml`.
fn forbidden_in_manifest(root: &Path, manifest: &manifest::Manifest) -> Vec<Diagnostic> {
    let file = root.join("book.toml");
    // Read again only to place the escape: the manifest was read from it a moment ago.
    let toml = std::fs::read_to_string(&file).unwrap_or_default();
    let texts = [&manifest.title, &manifest.identifier, &manifest.date]
        .into_iter()
        .chain(&manifest.subtitle)
        .chain(&manifest.publisher)
        .chain(&manifest.description)
        .chain(&manifest.rights)
        .chain(manifest.contributors.iter().map(|c| &c.name))
        .map(String::as_str);
    super::toml_text::check(&toml, 1, &file, texts)
}

/// The book's name: its folder's name.
fn book_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".to_string())
}

fn load_piece(
    file: &Path,
    path: &Path,
    book_lang: &Lang,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ReadPiece> {
    let bytes = match read_regular(file, MAX_TEXT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let hint = match e {
                ReadError::TooLarge { .. } => "split the text into several pieces",
                _ => "a piece is a Markdown text file inside the book folder",
            };
            diagnostics.push(
                Diagnostic::error(file, format!("cannot read the piece: {e}")).with_hint(hint),
            );
            return None;
        }
    };
    read_piece(&bytes, file, path, book_lang, diagnostics)
}

/// Reads a piece from its bytes as the loader does: UTF-8, then front matter, language and
/// Markdown. `file` is the name diagnostics give it, `path` its path in the book, and
/// `book_lang` the language of a piece that names none. Every problem goes to `diagnostics`;
/// `None` comes with at least one error among them. Links are checked as in a book of this
/// piece alone.
pub fn piece_from_bytes(
    bytes: &[u8],
    file: &Path,
    path: &Path,
    book_lang: &Lang,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Piece> {
    let (piece, links) = read_piece(bytes, file, path, book_lang, diagnostics)?;
    let root = file
        .ancestors()
        .nth(path.components().count())
        .unwrap_or(Path::new("."));
    for problems in links::check_piece_links(root, std::slice::from_ref(&piece), &[links]) {
        diagnostics.extend(problems);
    }
    Some(piece)
}

/// [`piece_from_bytes`], giving the piece's links to pieces back to be checked with the
/// whole book.
fn read_piece(
    bytes: &[u8],
    file: &Path,
    path: &Path,
    book_lang: &Lang,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ReadPiece> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            diagnostics.push(
                Diagnostic::error(file, "the piece is not valid UTF-8")
                    .at_line(line)
                    .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    // A byte-order mark and Windows line ends are an editor's habit, not an error.
    let text = super::diagnostic::normalize_source(text);
    if let Some((line, c)) = control_character(&text) {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!("control character U+{:04X} in the text", c as u32),
            )
            .at_line(line)
            .with_hint("delete it: it is invisible and not allowed in an EPUB"),
        );
        return None;
    }
    let split = match front_matter::split(&text, file) {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let front_matter::Checked { front, date } = front_matter::parse(&split, file, diagnostics)?;
    let lang = match &front.lang {
        None => book_lang.clone(),
        Some(tag) => match Lang::parse(tag.get_ref()) {
            Ok(l) if l.is_english() || l.is_persian() => l,
            Ok(l) => {
                // Any language can be written down, but only English and Farsi are set by
                // their own rules: say how this one will look rather than refuse it.
                let (line, column) = front_matter::place_of(&split, tag.span().start);
                let how = match l.direction() {
                    super::model::Direction::Rtl => "right to left",
                    super::model::Direction::Ltr => "left to right",
                };
                diagnostics.push(
                    Diagnostic::warning(
                        file,
                        format!(
                            "pamphlet knows no rules for the language `{}`: the piece is set {how} in the book's fonts, without hyphenation",
                            l.as_str()
                        ),
                    )
                    .at(line, column)
                    .with_hint("pamphlet typesets English (`en`) and Farsi (`fa`); check the tag"),
                );
                l
            }
            Err(e) => {
                let (line, column) = front_matter::place_of(&split, tag.span().start);
                diagnostics.push(
                    Diagnostic::error(file, e)
                        .at(line, column)
                        .with_hint("use a BCP 47 tag such as `en` or `fa`"),
                );
                return None;
            }
        },
    };
    let body = markdown::parse(split.body, split.body_line, file, path, &lang, diagnostics);
    if body.blocks.is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "the piece has no text")
                .at_line(split.body_line)
                .with_hint(
                    "write the piece's text after the front matter, or remove it from book.toml",
                ),
        );
    }
    let piece = Piece {
        meta: PieceMeta {
            title: front.title.into_inner(),
            authors: front.authors,
            translators: front.translators,
            date,
            source: front.source.map(|s| s.into_inner()),
            note: front.note,
        },
        dir: lang.direction(),
        lang,
        path: path.to_path_buf(),
        blocks: body.blocks,
        notes: body.notes,
    };
    Some((piece, body.piece_links))
}

/// The first C0/C1 control character other than tab and newline, with its line.
fn control_character(text: &str) -> Option<(usize, char)> {
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        } else if super::toml_text::is_stray_control(c) {
            return Some((line, c));
        }
    }
    None
}
