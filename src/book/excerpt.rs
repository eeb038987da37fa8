//! The source text a rendered diagnostic shows. A diagnostic shows its source line; a line of
//! a whole pasted book (a piece without line breaks, a megabyte title) would be printed whole
//! for each diagnostic on it, so a line longer than [`MAX_SHOWN_LINE_CHARS`] is shown as an
//! excerpt around the span, cut with «…», still numbered with the file's line and columns.

use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// The longest source line a diagnostic shows whole.
pub const MAX_SHOWN_LINE_CHARS: usize = 200;

/// Characters shown before the span in an excerpt.
const BEFORE_SPAN_CHARS: usize = 40;

/// What is cut from either side of an excerpt.
const CUT: &str = "…";

/// A text diagnostics are shown in: a whole file, or an excerpt of one of its lines.
struct Shown {
    name: String,
    text: String,
    /// Byte offsets where the text's lines start.
    starts: Vec<usize>,
    /// The file's line number of the text's first line, less one.
    lines_before: usize,
    /// What to add to a column counted in the text to make it the file's (negative when a
    /// «…» stands in front of the excerpt).
    column_shift: isize,
}

/// The texts diagnostics are shown in, for codespan-reporting.
#[derive(Default)]
pub struct ShownSources {
    shown: Vec<Shown>,
}

impl ShownSources {
    /// Adds a whole file's text; returns its id.
    pub fn add_file(&mut self, name: String, text: String) -> usize {
        let starts = line_starts(&text);
        self.shown.push(Shown {
            name,
            text,
            starts,
            lines_before: 0,
            column_shift: 0,
        });
        self.shown.len() - 1
    }

    /// The text to show bytes `span` of line `line` (1-based) of the file `file` in: that
    /// file, or, for a long line, an excerpt added for it. Returns the text's id and the span
    /// in it; None when the file has no such line.
    pub fn for_span(
        &mut self,
        file: usize,
        line: usize,
        span: Range<usize>,
    ) -> Option<(usize, Range<usize>)> {
        let whole = self.shown.get(file)?;
        let line_range = self.line_range(file, line.checked_sub(1)?).ok()?;
        let text = whole.text[line_range.clone()].trim_end_matches('\n');
        if text.chars().nth(MAX_SHOWN_LINE_CHARS).is_none() {
            return Some((file, span));
        }
        // The span in the line's bytes, then the excerpt's characters around its start.
        let from = span.start.saturating_sub(line_range.start).min(text.len());
        let to = span
            .end
            .saturating_sub(line_range.start)
            .clamp(from, text.len());
        let chars_before = text[..from].chars().count();
        let skip = chars_before.saturating_sub(BEFORE_SPAN_CHARS);
        let start = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
        let end = text[start..]
            .char_indices()
            .nth(MAX_SHOWN_LINE_CHARS)
            .map_or(text.len(), |(i, _)| start + i);
        let prefix = if start > 0 { CUT } else { "" };
        let suffix = if end < text.len() { CUT } else { "" };
        let excerpt = format!("{prefix}{}{suffix}", &text[start..end]);
        let shift = prefix.len() as isize - start as isize;
        let in_excerpt = |byte: usize| (byte.clamp(start, end) as isize + shift) as usize;
        let name = whole.name.clone();
        let starts = line_starts(&excerpt);
        self.shown.push(Shown {
            name,
            text: excerpt,
            starts,
            lines_before: line - 1,
            column_shift: skip as isize - prefix.chars().count() as isize,
        });
        Some((self.shown.len() - 1, in_excerpt(from)..in_excerpt(to)))
    }

    fn get(&self, id: usize) -> Result<&Shown, Error> {
        self.shown.get(id).ok_or(Error::FileMissing)
    }
}

/// Where the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl<'a> Files<'a> for ShownSources {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let starts = &self.get(id)?.starts;
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(self.get(id)?.lines_before + line_index + 1)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let shown = self.get(id)?;
        let range = self.line_range(id, line_index)?;
        let column = codespan_reporting::files::column_index(&shown.text, range, byte_index) + 1;
        Ok((column as isize + shown.column_shift).max(1) as usize)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let shown = self.get(id)?;
        let start = *shown.starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: shown.starts.len() - 1,
        })?;
        let end = shown
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(shown.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_shown_in_its_file() {
        let mut sources = ShownSources::default();
        let id = sources.add_file("a.md".into(), "one\ntwo three\n".into());
        assert_eq!(sources.for_span(id, 2, 8..13), Some((id, 8..13)));
        assert_eq!(sources.for_span(id, 9, 0..1), None);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_the_file_s_place() {
        let mut sources = ShownSources::default();
        let line = format!("{}ديگر{}", "ب".repeat(500), "x".repeat(500));
        let text = format!("first\n{line}\nlast\n");
        let id = sources.add_file("a.md".into(), text.clone());
        let at = text.find("ديگر").expect("word");
        let (shown, span) = sources
            .for_span(id, 2, at..at + "ديگر".len())
            .expect("a line");
        assert_ne!(shown, id);
        let excerpt = sources.source(shown).expect("excerpt");
        assert!(
            excerpt.starts_with('…') && excerpt.ends_with('…'),
            "{excerpt}"
        );
        assert_eq!(excerpt.chars().count(), MAX_SHOWN_LINE_CHARS + 2);
        assert_eq!(&excerpt[span.clone()], "ديگر");
        let place = sources.location(shown, span.start).expect("location");
        assert_eq!((place.line_number, place.column_number), (2, 501));
    }
}
