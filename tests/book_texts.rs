//! The curated texts themselves: what the reviewed books must never contain again.

mod common;

use common::*;
use pamphlet::book::{self, Piece};

fn pieces() -> Vec<(String, Piece)> {
    let mut all = Vec::new();
    for name in book_names() {
        let loaded = book::load(&repo().join("books").join(&name));
        let book = loaded
            .book
            .unwrap_or_else(|| panic!("{name} loads: {:?}", loaded.diagnostics));
        assert!(
            loaded.diagnostics.is_empty(),
            "{name}: {:?}",
            loaded.diagnostics
        );
        for piece in book.pieces {
            all.push((format!("{name}/{}", piece.path.display()), piece));
        }
    }
    all
}

#[test]
fn farsi_pieces_are_repaired() {
    let mut problems = Vec::new();
    let farsi: Vec<_> = pieces()
        .into_iter()
        .filter(|(_, p)| p.lang.is_persian())
        .collect();
    assert!(farsi.len() >= 4, "the Farsi book and the Farsi chapter");
    for (name, piece) in &farsi {
        let text = text_of(piece);
        for (c, what) in [
            ('ي', "Arabic yeh"),
            ('ك', "Arabic kaf"),
            ('\u{FFFD}', "a replacement character"),
        ] {
            if text.contains(c) {
                problems.push(format!("{name}: {what} {c}"));
            }
        }
        if text.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c)) {
            problems.push(format!("{name}: Arabic-Indic digits"));
        }
        for word in text.split(|c: char| !(c.is_alphabetic() || c == '\u{200C}')) {
            if LOST_LAM_ALEF.contains(&word) {
                problems.push(format!("{name}: «{word}» lost its لا"));
            }
        }
        for (bad, what) in [
            (" ،", "space before ،"),
            (" ؛", "space before ؛"),
            (" ؟", "space before ؟"),
            ("« ", "space inside «"),
            (" »", "space inside »"),
        ] {
            if text.contains(bad) {
                problems.push(format!("{name}: {what}"));
            }
        }
        for word in text.split_whitespace() {
            // The verbal prefix joined by a space or nothing instead of ZWNJ.
            if word == "می" || word == "نمی" {
                problems.push(format!("{name}: «{word}» written apart from its verb"));
            }
        }
        assert!(text.contains('\u{200C}'), "{name} has no ZWNJ at all");
        assert!(text.contains("لا"), "{name} has no لا at all");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn english_pieces_carry_no_web_or_page_debris() {
    let debris = [
        "ReplyDelete",
        "Print Friendly",
        "PDF & Email",
        "continued on next page",
        "Front page of this issue",
        "♦",
        "leftcomvietnam@",
    ];
    let mut problems = Vec::new();
    for (name, piece) in pieces() {
        let text = text_of(&piece);
        for d in debris {
            if text.contains(d) {
                problems.push(format!("{name}: {d}"));
            }
        }
        if !piece.lang.is_persian() && text.contains('"') {
            problems.push(format!("{name}: an ASCII double quote survived"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_piece_names_its_seed() {
    for (name, piece) in pieces() {
        let source = piece.meta.source.as_deref().unwrap_or("(none)");
        let well_formed = source.len() == 24
            && source.ends_with(".txt")
            && source[..3].chars().all(|c| c.is_ascii_digit())
            && source[4..20].chars().all(|c| c.is_ascii_hexdigit());
        assert!(
            well_formed,
            "{name}: source `{source}` is not a seed file name"
        );
    }
}
