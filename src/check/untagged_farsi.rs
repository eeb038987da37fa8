//! Farsi paragraphs in a piece marked English. A short Farsi phrase inside English is found
//! and isolated by itself, but a paragraph that is mostly Farsi is still set as an English
//! paragraph: left to right, aligned on the left, its punctuation at the wrong end. Either the
//! piece's `lang` is wrong, or the paragraph should be marked as Farsi on purpose.

use super::source::{spans_marked, PieceSource};
use crate::book::{Diagnostic, Direction};
use crate::text::script::Script;

/// Diagnostics for paragraphs of a left-to-right piece whose letters are mostly Arabic
/// script and not inside a `[…]{lang=…}` span; a single one on the front matter's `lang`
/// when most of the piece is such paragraphs.
pub fn check(source: &PieceSource) -> Vec<Diagnostic> {
    if source.piece.dir != Direction::Ltr {
        return Vec::new();
    }
    let text = &source.text;
    let marked = spans_marked(text, |_| true);
    let paragraphs = source.paragraphs();
    let farsi: Vec<_> = paragraphs
        .iter()
        .filter_map(|p| {
            let (mut arabic, mut latin) = (0usize, 0usize);
            let mut first = None;
            let mut last = p.range.start;
            for (i, c) in text[p.range.clone()].char_indices() {
                let at = p.range.start + i;
                if marked.iter().any(|r| r.contains(&at)) {
                    continue;
                }
                match Script::of(c) {
                    Some(Script::Arabic) if c.is_alphabetic() => {
                        arabic += 1;
                        first.get_or_insert(at);
                        last = at + c.len_utf8();
                    }
                    Some(Script::Latin) => latin += 1,
                    _ => {}
                }
            }
            (arabic > latin).then(|| first.map(|f| f..last)).flatten()
        })
        .collect();
    let lang = source.piece.lang.as_str();
    if farsi.len() >= 2 && farsi.len() * 2 > paragraphs.len() {
        let lang_line = text[..source.body_start]
            .match_indices("lang")
            .map(|(i, _)| i)
            .find(|&i| i == 0 || text[..i].ends_with('\n'));
        let problem = Diagnostic::warning(
            &source.file,
            format!(
                "the piece is marked `{lang}` but {} of its {} paragraphs are Farsi",
                farsi.len(),
                paragraphs.len()
            ),
        )
        .with_hint("if the piece is Farsi, set `lang = \"fa\"` in its front matter");
        return vec![match lang_line {
            Some(at) => source.at(problem, at..at + text[at..].find('\n').unwrap_or(0)),
            None => problem.at_line(1),
        }];
    }
    farsi
        .into_iter()
        .map(|range| {
            source.at(
                Diagnostic::warning(
                    &source.file,
                    format!(
                        "a Farsi paragraph in a piece marked `{lang}` will be set left to right"
                    ),
                )
                .with_hint(
                    "mark it as Farsi on purpose with `[…]{lang=fa}`, or move it to a Farsi piece",
                ),
                range,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Lang, Piece};
    use crate::check::source::test_piece;

    fn english() -> Piece {
        test_piece(Lang::english())
    }

    #[test]
    fn a_farsi_paragraph_is_found_a_phrase_or_a_marked_one_is_not() {
        let piece = english();
        let text = "+++\nlang = \"en\"\n+++\n\nThe slogan «نان، کار، آزادی» was heard.\n\nکارگران جهان متحد شوید.\n\n[کارگران جهان متحد شوید]{lang=fa}\n\nEnglish again.\n";
        let source = PieceSource::new("a.md".into(), &piece, text.into());
        let found = check(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (Some(7), Some(1)));
        assert_eq!(found[0].end_column, Some(23));
    }

    #[test]
    fn a_mostly_farsi_piece_gets_one_diagnostic_on_its_lang() {
        let piece = english();
        let text = "+++\ntitle = \"x\"\nlang = \"en\"\n+++\n\nیک\n\nدو\n\nthree\n";
        let source = PieceSource::new("a.md".into(), &piece, text.into());
        let found = check(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (Some(3), Some(1)));
        assert!(found[0].message.contains("2 of its 3 paragraphs"));
    }
}
