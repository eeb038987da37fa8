//! The typesetter's warnings — lines overfull or too loose, tables too wide for the page —
//! as diagnostics pointing at the source. The layout knows a line's text but not where in the file it came from (the
//! model keeps no offsets), so the line's words are looked up among the words of its piece's
//! file: the same words in the same order, the first occurrence after the previous warning's
//! (the lines come in the order they were set), else the first in the file.

use super::source::{words, PieceSource};
use crate::book::{Book, Diagnostic};
use crate::layout::{LineProblem, SetProblem};
use std::collections::HashMap;
use std::ops::Range;

/// How many of a line's words must follow each other in the source to place it: enough to
/// tell most lines apart, few enough that markup between words (a link, a span) rarely
/// breaks the run.
const WORDS_TO_MATCH: usize = 3;

/// Diagnostics for what a layout set badly (each with its piece's index, in the order set):
/// a line at the file, line and column of its first word, a table at its line.
pub fn diagnostics(book: &Book, problems: &[(usize, SetProblem)]) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(problems.len());
    let mut at = 0;
    while at < problems.len() {
        let piece_index = problems[at].0;
        let end = at
            + problems[at..]
                .iter()
                .take_while(|(p, _)| *p == piece_index)
                .count();
        let Some(piece) = book.pieces.get(piece_index) else {
            at = end;
            continue;
        };
        let file = book.root.join(&piece.path);
        let source = PieceSource::read(file.clone(), piece).ok();
        let mut located = source.as_ref().map(Located::new);
        for (_, problem) in &problems[at..end] {
            let problem = match problem {
                SetProblem::Line(line) => line,
                SetProblem::WideTable { line, size } => {
                    out.push(wide_table(&file, *line, *size));
                    continue;
                }
            };
            let diagnostic = Diagnostic::warning(&file, message(problem)).with_hint(hint(problem));
            out.push(match (&source, located.as_mut()) {
                (Some(source), Some(located)) => match located.find(&problem.text) {
                    Some(range) => source.at(diagnostic, range),
                    None => diagnostic,
                },
                _ => diagnostic,
            });
        }
        at = end;
    }
    out
}

/// A table whose longest words are broken inside even in its smallest type.
fn wide_table(file: &std::path::Path, line: usize, size: f32) -> Diagnostic {
    Diagnostic::warning(
        file,
        format!(
            "a table too wide for the page: at {size:.1} pt, the smallest its type is set, its \
             longest words do not fit their columns and are broken inside"
        ),
    )
    .at_line(line)
    .with_hint("fewer columns, shorter words in them, or a wider `--paper` let it fit")
}

/// What is wrong with the line, quoting it.
fn message(problem: &LineProblem) -> String {
    let kind = if problem.overfull {
        "an overfull line (wider than the measure)"
    } else {
        "a loose line (its spaces stretched past twice their width)"
    };
    format!("{kind}: {}", problem.text.trim())
}

/// What helps.
fn hint(problem: &LineProblem) -> &'static str {
    if problem.overfull {
        "no break fits a word this long; break it (a URL at a slash), or shorten it"
    } else {
        "no good line break was found; rewording, or a word moved to the line before, helps"
    }
}

/// A piece's words, for finding lines in it.
struct Located {
    /// The body's words' byte ranges.
    ranges: Vec<Range<usize>>,
    /// The body's words (as [`comparable`] makes them) in order.
    words: Vec<String>,
    /// Where each word stands, in order: a line's first word leads to the few places worth
    /// comparing, so many warnings in a long piece cost no scan of it each.
    places: HashMap<String, Vec<usize>>,
    /// Where the previous line was found (a word index): the next is looked for after it.
    cursor: usize,
}

impl Located {
    fn new(source: &PieceSource) -> Located {
        let found = words(&source.text, source.body_start..source.text.len());
        let mut places: HashMap<String, Vec<usize>> = HashMap::new();
        let mut ranges = Vec::with_capacity(found.len());
        let mut all = Vec::with_capacity(found.len());
        for (i, (range, word)) in found.into_iter().enumerate() {
            let word = comparable(word);
            places.entry(word.clone()).or_default().push(i);
            ranges.push(range);
            all.push(word);
        }
        Located {
            ranges,
            words: all,
            places,
            cursor: 0,
        }
    }

    /// The bytes in the file from the first to the last word of `line` found in order: the
    /// first run of its words after the previous line found, else anywhere. Tried with its
    /// first words whole, then with its first word the end of a word and its last the start
    /// of one (a line that starts or ends inside a hyphenated word), then from each of its
    /// next few words.
    fn find(&mut self, line: &str) -> Option<Range<usize>> {
        let wanted: Vec<String> = words(line, 0..line.len())
            .into_iter()
            .map(|(_, w)| comparable(w))
            .collect();
        let partial = [(false, false), (false, true), (true, false), (true, true)];
        let tries = (0..wanted.len().min(WORDS_TO_MATCH))
            .flat_map(|skip| partial.into_iter().map(move |(f, l)| (skip, f, l)));
        for (skip, partial_first, partial_last) in tries {
            let end = (skip + WORDS_TO_MATCH).min(wanted.len());
            // Only the line's own first and last word can be parts of words.
            if (partial_first && skip > 0) || (partial_last && end < wanted.len()) {
                continue;
            }
            let run = Run {
                words: &wanted[skip..end],
                partial_first,
                partial_last,
            };
            let Some(first) = self
                .run_from(self.cursor, &run)
                .or_else(|| self.run_from(0, &run))
            else {
                continue;
            };
            // The match goes on as far as the line's words keep following each other.
            let last = first + run.words.len() - 1;
            let more = wanted[end..]
                .iter()
                .zip(self.words.get(last + 1..).unwrap_or_default())
                .take_while(|(w, s)| w == s)
                .count();
            self.cursor = last + more + 1;
            return Some(self.ranges[first].start..self.ranges[last + more].end);
        }
        None
    }

    /// The index of the first source word from `from` where `run` stands word for word.
    fn run_from(&self, from: usize, run: &Run) -> Option<usize> {
        // A word that must be whole leads to the places to compare.
        let last = run.words.len().checked_sub(1)?;
        let anchor = (0..=last)
            .find(|&k| !((k == 0 && run.partial_first) || (k == last && run.partial_last)))?;
        let places = self.places.get(&run.words[anchor])?;
        let start = places.partition_point(|&i| i < from + anchor);
        places[start..].iter().map(|&i| i - anchor).find(|&i| {
            self.words
                .get(i..i + run.words.len())
                .is_some_and(|written| run.matches(written))
        })
    }
}

/// Words of a line to find in the source.
struct Run<'w> {
    words: &'w [String],
    /// The first may be the end of a written word (the line starts inside a word).
    partial_first: bool,
    /// The last may be the start of a written word (the line ends inside a word).
    partial_last: bool,
}

impl Run<'_> {
    /// Whether `written`, as many words as the run has, are its words.
    fn matches(&self, written: &[String]) -> bool {
        let last = self.words.len() - 1;
        self.words
            .iter()
            .zip(written)
            .enumerate()
            .all(|(k, (set, written))| {
                set == written
                    || (k == 0 && self.partial_first && written.ends_with(set.as_str()))
                    || (k == last && self.partial_last && written.starts_with(set.as_str()))
            })
    }
}

/// A word as compared: the smart apostrophe the setter puts for a straight one is the same.
fn comparable(word: &str) -> String {
    word.replace('’', "'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Lang;
    use crate::check::source::test_piece;

    fn located_in(text: &str, lines: &[&str]) -> Vec<Option<(usize, usize)>> {
        let piece = test_piece(Lang::english());
        let source = PieceSource::new("a.md".into(), &piece, text.into());
        let mut located = Located::new(&source);
        lines
            .iter()
            .map(|line| {
                located.find(line).map(|r| {
                    let d = source.at(Diagnostic::warning("a.md", ""), r);
                    (d.line.unwrap_or(0), d.column.unwrap_or(0))
                })
            })
            .collect()
    }

    #[test]
    fn a_line_is_found_at_its_file_line_and_column_through_markup() {
        let text = "+++\ntitle = \"T\"\n+++\n\nFirst paragraph here.\nIt goes *on and* on, and [on](https://x.org) we go.\n";
        assert_eq!(
            located_in(text, &["on and on, and on we", "go."]),
            [Some((6, 10)), Some((6, 49))]
        );
    }

    #[test]
    fn repeated_text_is_found_in_order() {
        let text = "+++\n+++\nthe same words here\n\nthe same words here\n";
        assert_eq!(
            located_in(
                text,
                &["the same words", "the same words", "the same words"]
            ),
            [Some((3, 1)), Some((5, 1)), Some((3, 1))]
        );
    }

    #[test]
    fn a_line_starting_or_ending_inside_a_hyphenated_word_is_found() {
        let text = "+++\n+++\ncharacterisation of the incomprehensibilities of interdenominational stands\n";
        assert_eq!(
            located_in(
                text,
                &["the incompre", "hensibilities of", "nominational stands"]
            ),
            [Some((3, 21)), Some((3, 25)), Some((3, 50))]
        );
    }

    #[test]
    fn a_farsi_line_is_found_as_written() {
        let text = "+++\n+++\nیک دو\nسه چهار پنج شش\n";
        assert_eq!(located_in(text, &["چهار پنج شش"]), [Some((4, 4))]);
    }
}
