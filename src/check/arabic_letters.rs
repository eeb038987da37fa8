//! Arabic ي and ك in Farsi text. Text pulled from the web or from PDFs often carries the
//! Arabic letters where Persian has its own (ی U+06CC, ک U+06A9): they look alike in the
//! middle of a word but not at its end (ي keeps its dots), sort differently and defeat
//! search. Text an editor has marked as Arabic (`[…]{lang=ar}`) keeps them.

use super::source::{spans_marked, PieceSource};
use crate::book::{Diagnostic, Lang};

/// Diagnostics for each Arabic yeh or kaf in a Farsi piece, outside spans marked as
/// another language.
pub fn check(source: &PieceSource) -> Vec<Diagnostic> {
    if !source.piece.lang.is_persian() {
        return Vec::new();
    }
    let text = &source.text;
    let other_language = spans_marked(text, |tag| Lang::parse(tag).is_ok_and(|l| !l.is_persian()));
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        let (persian, name) = match c {
            '\u{064A}' => ('ی', "yeh"),
            '\u{0643}' => ('ک', "kaf"),
            _ => continue,
        };
        if other_language.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let word = word_around(text, at);
        out.push(
            source.at(
                Diagnostic::error(
                    &source.file,
                    format!("Arabic {name} ‘{c}’ (U+{:04X}) in Farsi text", c as u32),
                )
                .with_hint(format!(
                    "write the Persian letter ‘{persian}’ (U+{:04X}): «{}»",
                    persian as u32,
                    word.replace(c, &persian.to_string())
                )),
                at..at + c.len_utf8(),
            ),
        );
    }
    out
}

/// The word (run of non-space characters) around byte `at`.
fn word_around(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Piece;
    use crate::check::source::test_piece;

    fn farsi() -> Piece {
        test_piece(Lang::persian())
    }

    #[test]
    fn arabic_letters_are_found_with_their_place_and_fix() {
        let piece = farsi();
        let text = "+++\ntitle = \"ت\"\n+++\n\nاین يك متن است [قال]{lang=ar}.\n";
        let source = PieceSource::new("a.md".into(), &piece, text.into());
        let found = check(&source);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (Some(5), Some(5)));
        assert!(found[0].message.contains("yeh"), "{}", found[0].message);
        assert_eq!(
            found[0].hint.as_deref(),
            Some("write the Persian letter ‘ی’ (U+06CC): «یك»")
        );
        assert_eq!(found[1].column, Some(6));
        assert!(found[1].message.contains("kaf"));
    }

    #[test]
    fn persian_letters_and_english_pieces_pass() {
        let piece = farsi();
        let source = PieceSource::new("a.md".into(), &piece, "+++\n+++\nیک کتاب\n".into());
        assert!(check(&source).is_empty());
        let mut english = farsi();
        english.lang = Lang::english();
        let source = PieceSource::new("a.md".into(), &english, "+++\n+++\nيك\n".into());
        assert!(check(&source).is_empty());
    }
}
