//! Repeated text: a paragraph given twice, or a run of words that appears again — what text
//! extracted from a two-column PDF, or pasted twice, leaves behind. Runs of at least
//! [`MIN_WORDS`] words are compared across the whole book, so a paragraph repeated in another
//! piece is found too, and a repeat that overlaps the next paragraph is found where it starts.
//!
//! The check is linear in the book's words: each word is numbered once, each window of
//! [`MIN_WORDS`] numbers is looked up once by its hash, and a repeat, once found, is followed
//! word by word as far as it goes and reported once — so a paragraph that repeats itself
//! («very long note very long note …») gives one warning for the whole run, not one per
//! window. A piece gives at most [`MAX_REPORTS_PER_PIECE`] such warnings, then one that
//! counts the rest.

use super::source::{words, PieceSource};
use crate::book::Diagnostic;
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// The shortest run of words reported: long enough that slogans and set phrases repeated on
/// purpose pass.
pub const MIN_WORDS: usize = 12;

/// The most repeats reported in one piece, one warning each; past them a last warning counts
/// the others. A piece with more is one long paste or extraction gone wrong, and each
/// warning shows its source line (which can be a whole pasted paragraph).
pub const MAX_REPORTS_PER_PIECE: usize = 20;

/// A word of the book: its piece, its bytes, and the number standing for its text as
/// compared (lower case).
struct Word {
    piece: usize,
    range: Range<usize>,
    id: u32,
}

/// The book's words in order, each text numbered once.
fn numbered_words(sources: &[PieceSource]) -> Vec<Word> {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut all = Vec::new();
    for (piece, source) in sources.iter().enumerate() {
        for paragraph in source.paragraphs() {
            for (range, word) in words(&source.text, paragraph.range) {
                let key = word.to_lowercase();
                let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                let id = *ids.entry(key).or_insert(next);
                all.push(Word { piece, range, id });
            }
        }
    }
    all
}

/// The hash of the window of [`MIN_WORDS`] words at `start`.
fn window_hash(all: &[Word], start: usize) -> u64 {
    let mut h = FxHasher::default();
    for w in &all[start..start + MIN_WORDS] {
        w.id.hash(&mut h);
    }
    h.finish()
}

/// Whether the words at `a` and `b` are the same for `len` words.
fn same(all: &[Word], a: usize, b: usize, len: usize) -> bool {
    (0..len).all(|k| all[a + k].id == all[b + k].id)
}

/// Diagnostics for each run of [`MIN_WORDS`] or more words that repeats earlier text of the
/// book, pointing at the repeat and naming where the text first stood.
pub fn check(sources: &[PieceSource]) -> Vec<Diagnostic> {
    let all = numbered_words(sources);
    // Where each window of words first stood, by its hash (a hash, not the words, keeps the
    // table small; a hit is compared word by word).
    let mut first_seen: FxHashMap<u64, usize> = FxHashMap::default();
    let mut out = Vec::new();
    // Per piece: the repeats found, and where the first one not shown starts.
    let mut reported = vec![(0usize, 0..0); sources.len()];
    let mut start = 0;
    while start + MIN_WORDS <= all.len() {
        let piece = all[start].piece;
        // A window runs inside one piece (a piece's words are side by side).
        if all[start + MIN_WORDS - 1].piece != piece {
            start += 1;
            continue;
        }
        let earlier = match first_seen.entry(window_hash(&all, start)) {
            Entry::Vacant(e) => {
                e.insert(start);
                start += 1;
                continue;
            }
            Entry::Occupied(e) => *e.get(),
        };
        // A window overlapping its own first appearance is a repeated word, not a repeat.
        if earlier + MIN_WORDS > start || !same(&all, earlier, start, MIN_WORDS) {
            start += 1;
            continue;
        }
        // The run goes on while its words repeat those after its first appearance.
        let mut len = MIN_WORDS;
        while all.get(start + len).is_some_and(|w| {
            w.piece == piece
                && all[earlier + len].piece == all[earlier].piece
                && w.id == all[earlier + len].id
        }) {
            len += 1;
        }
        let (count, unshown) = &mut reported[piece];
        *count += 1;
        if *count <= MAX_REPORTS_PER_PIECE {
            out.push(report(sources, &all, start, earlier, len));
        } else if *count == MAX_REPORTS_PER_PIECE + 1 {
            *unshown = all[start].range.start..all[start + len - 1].range.end;
        }
        start += len;
    }
    for (source, (count, unshown)) in sources.iter().zip(reported) {
        if count > MAX_REPORTS_PER_PIECE {
            out.push(source.at(
                Diagnostic::warning(
                    &source.file,
                    format!(
                        "{} more runs of repeated text in this piece, from here on, are not shown",
                        count - MAX_REPORTS_PER_PIECE
                    ),
                )
                .with_hint(
                    "the piece repeats itself throughout: look at how it was pasted or extracted",
                ),
                unshown,
            ));
        }
    }
    out
}

/// The warning for the `len` words at `start`, which repeat those at `earlier`.
fn report(
    sources: &[PieceSource],
    all: &[Word],
    start: usize,
    earlier: usize,
    len: usize,
) -> Diagnostic {
    let last = start + len - 1;
    let source = &sources[all[start].piece];
    let first = &sources[all[earlier].piece];
    source.at(
        Diagnostic::warning(
            &source.file,
            format!(
                "{len} words repeat the text at {}:{}",
                first.file.display(),
                first.line_of(all[earlier].range.start)
            ),
        )
        .with_hint(
            "delete the repeat if the source was pasted or extracted twice (a PDF's columns overlap)",
        ),
        all[start].range.start..all[last].range.end,
    )
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

    #[test]
    fn a_paragraph_repeating_itself_is_one_warning_for_the_whole_run() {
        let p = piece();
        let text = format!("+++\n+++\n{}\n", "very long note ".repeat(1_000));
        let s = PieceSource::new("a.md".into(), &p, text);
        let found = check(std::slice::from_ref(&s));
        assert_eq!(found.len(), 1, "{found:?}");
        // The first 12 words are the text repeated; the other 2,988 repeat them.
        assert_eq!(found[0].message, "2988 words repeat the text at a.md:3");
        assert_eq!((found[0].line, found[0].column), (Some(3), Some(61)));
    }

    #[test]
    fn past_the_limit_a_piece_s_repeats_are_counted_in_one_warning() {
        let p = piece();
        let body: String = (0..100)
            .map(|i| format!("{PARAGRAPH} Then number{i}.\n\n"))
            .collect();
        let s = PieceSource::new("a.md".into(), &p, format!("+++\n+++\n{body}"));
        let found = check(std::slice::from_ref(&s));
        assert_eq!(found.len(), MAX_REPORTS_PER_PIECE + 1, "{found:?}");
        assert!(found[..MAX_REPORTS_PER_PIECE]
            .iter()
            .all(|d| d.message == "18 words repeat the text at a.md:3"));
        let last = &found[MAX_REPORTS_PER_PIECE];
        assert_eq!(
            last.message,
            "79 more runs of repeated text in this piece, from here on, are not shown"
        );
        // The first repeat not shown is the 22nd paragraph.
        assert_eq!(last.line, Some(3 + 2 * 21));
    }
}
