//! Repeated text: a paragraph given twice, or a run of words that appears again — what text
//! extracted from a two-column PDF, or pasted twice, leaves behind. Runs of at least
//! [`MIN_WORDS`] words are compared across the whole book, so a paragraph repeated in another
//! piece is found too, and a repeat that overlaps the next paragraph is found where it starts.

use super::source::{words, PieceSource};
use crate::book::Diagnostic;
use std::collections::HashMap;
use std::ops::Range;

/// The shortest run of words reported: long enough that slogans and set phrases repeated on
/// purpose pass.
pub const MIN_WORDS: usize = 12;

/// A word of the book: its piece, its bytes, its text as compared (lower case, no marks).
struct Word<'a> {
    piece: usize,
    range: Range<usize>,
    key: &'a str,
}

/// Diagnostics for each run of [`MIN_WORDS`] or more words that repeats earlier text of the
/// book, pointing at the repeat and naming where the text first stood.
pub fn check(sources: &[PieceSource]) -> Vec<Diagnostic> {
    let lowered: Vec<Vec<(Range<usize>, String)>> = sources
        .iter()
        .map(|s| {
            s.paragraphs()
                .into_iter()
                .flat_map(|p| words(&s.text, p.range))
                .map(|(range, w)| (range, w.to_lowercase()))
                .collect()
        })
        .collect();
    let all: Vec<Word> = lowered
        .iter()
        .enumerate()
        .flat_map(|(piece, ws)| {
            ws.iter().map(move |(range, key)| Word {
                piece,
                range: range.clone(),
                key,
            })
        })
        .collect();
    let mut first_seen: HashMap<Vec<&str>, usize> = HashMap::new();
    // For each word starting a repeated window, the window it repeats.
    let mut repeats: Vec<Option<usize>> = vec![None; all.len()];
    for start in 0..all.len().saturating_sub(MIN_WORDS - 1) {
        let window = &all[start..start + MIN_WORDS];
        if window.iter().any(|w| w.piece != window[0].piece) {
            continue;
        }
        let key: Vec<&str> = window.iter().map(|w| w.key).collect();
        match first_seen.get(&key) {
            // A window overlapping its own first appearance is a repeated word, not a repeat.
            Some(&earlier) if earlier + MIN_WORDS <= start => repeats[start] = Some(earlier),
            Some(_) => {}
            None => {
                first_seen.insert(key, start);
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let Some(earlier) = repeats[i] else {
            i += 1;
            continue;
        };
        // The run goes on while the next window repeats the text just after `earlier`.
        let mut end = i;
        while repeats.get(end + 1).copied().flatten() == Some(earlier + (end + 1 - i)) {
            end += 1;
        }
        let last = end + MIN_WORDS - 1;
        let count = last - i + 1;
        let source = &sources[all[i].piece];
        let first = &sources[all[earlier].piece];
        out.push(source.at(
            Diagnostic::warning(
                &source.file,
                format!(
                    "{count} words repeat the text at {}:{}",
                    first.file.display(),
                    first.line_of(all[earlier].range.start)
                ),
            )
            .with_hint(
                "delete the repeat if the source was pasted or extracted twice (a PDF's columns overlap)",
            ),
            all[i].range.start..all[last].range.end,
        ));
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Lang, Piece};
    use crate::check::source::test_piece;

    fn piece() -> Piece {
        test_piece(Lang::english())
    }

    const PARAGRAPH: &str = "The workers of the factory met on Monday and decided to strike until the owners paid them.";

    #[test]
    fn a_repeated_paragraph_and_an_overlap_are_found() {
        let p = piece();
        let text = format!(
            "+++\n+++\n{PARAGRAPH}\n\nOther words here.\n\n{PARAGRAPH}\n\nAnd then: met on Monday and decided to strike until the owners paid them, twice over.\n"
        );
        let s = PieceSource::new("a.md".into(), &p, text);
        let found = check(std::slice::from_ref(&s));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].message, "17 words repeat the text at a.md:3");
        assert_eq!((found[0].line, found[0].column), (Some(7), Some(1)));
        assert_eq!(found[0].end_column, Some(PARAGRAPH.chars().count() as u32));
        assert_eq!(found[1].message, "12 words repeat the text at a.md:3");
        assert_eq!((found[1].line, found[1].column), (Some(9), Some(11)));
    }

    #[test]
    fn across_pieces_and_short_repeats() {
        let p = piece();
        let a = PieceSource::new("a.md".into(), &p, format!("+++\n+++\n{PARAGRAPH}\n"));
        let b = PieceSource::new(
            "b.md".into(),
            &p,
            format!("+++\n+++\nQuote:\n\n{PARAGRAPH}\n"),
        );
        let found = check(&[a, b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, std::path::Path::new("b.md"));
        let short = "Workers of the world, unite! ".repeat(3);
        let s = PieceSource::new("c.md".into(), &p, format!("+++\n+++\n{short}\n"));
        assert!(check(std::slice::from_ref(&s)).is_empty());
    }
}
