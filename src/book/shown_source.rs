//! Source text as a diagnostic shows it: control characters written as escapes (`\u{1b}`),
//! since printed raw they would drive the reader's terminal (ESC starts its escape
//! sequences) or vanish (NUL), while lines and columns are still counted in the file's own
//! text, where an editor finds them.

use super::toml_text::is_stray_control as is_shown_escaped;
use codespan_reporting::files::{Error as FilesError, Files};
use std::ops::Range;

/// `text` with each control character but newline and tab written as Rust writes it in a
/// string (`\u{1b}`, `\u{0}`), so that printing it cannot drive a terminal.
pub fn escape_controls(text: &str) -> String {
    if !text.contains(is_shown_escaped) {
        return text.to_string();
    }
    Escaped::new(text).text
}

/// One escaped character: where it is in the original and in the shown text.
#[derive(Debug, Clone, Copy)]
struct Escape {
    /// Its byte offset in the original text.
    original: usize,
    /// The byte offset of its escape in the shown text.
    shown: usize,
    /// How many bytes longer the shown text is than the original from just after it on.
    moved: usize,
    /// How many characters its escape has beyond the one it stands for.
    extra_chars: usize,
}

/// A text with its control characters escaped, and where they were.
#[derive(Debug)]
struct Escaped {
    text: String,
    escapes: Vec<Escape>,
}

impl Escaped {
    fn new(original: &str) -> Escaped {
        let mut text = String::with_capacity(original.len());
        let mut escapes = Vec::new();
        for (i, c) in original.char_indices() {
            if is_shown_escaped(c) {
                let shown = text.len();
                text.extend(c.escape_unicode());
                // The escape is ASCII: its bytes are its characters.
                let length = text.len() - shown;
                escapes.push(Escape {
                    original: i,
                    shown,
                    moved: text.len() - (i + c.len_utf8()),
                    extra_chars: length - 1,
                });
            } else {
                text.push(c);
            }
        }
        Escaped { text, escapes }
    }

    /// Where byte `offset` of the original text is in the shown one.
    fn shown_offset(&self, offset: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.original < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.escapes[i].moved)
    }

    /// How many more characters the shown text has than the original in `shown`, a range
    /// of the shown text.
    fn extra_chars(&self, shown: Range<usize>) -> usize {
        let from = self.escapes.partition_point(|e| e.shown < shown.start);
        let to = self.escapes.partition_point(|e| e.shown < shown.end);
        self.escapes[from..to].iter().map(|e| e.extra_chars).sum()
    }
}

/// One file as shown, or an excerpt of one of its lines.
#[derive(Debug)]
struct ShownFile {
    name: String,
    escaped: Escaped,
    line_starts: Vec<usize>,
    /// The file's line number of the text's first line, less one.
    lines_before: usize,
    /// What to add to a column counted in the (unescaped) text to make it the file's.
    column_shift: isize,
}

/// The files a rendering of diagnostics shows, for codespan-reporting.
#[derive(Debug, Default)]
pub struct ShownFiles {
    files: Vec<ShownFile>,
}

impl ShownFiles {
    /// Adds a file named `name` whose text is `original`; returns its id.
    pub fn add(&mut self, name: &str, original: &str) -> usize {
        self.add_excerpt(name, original, 0, 0)
    }

    /// Adds `original`, a part of the file named `name` that starts on its line
    /// `lines_before + 1`, its columns `column_shift` characters left of the file's; returns
    /// its id.
    pub fn add_excerpt(
        &mut self,
        name: &str,
        original: &str,
        lines_before: usize,
        column_shift: isize,
    ) -> usize {
        let escaped = Escaped::new(original);
        let line_starts = codespan_reporting::files::line_starts(&escaped.text).collect();
        self.files.push(ShownFile {
            name: escape_controls(name),
            escaped,
            line_starts,
            lines_before,
            column_shift,
        });
        self.files.len() - 1
    }

    /// Where bytes `range` of file `id`'s original text are in its shown text.
    pub fn shown_range(&self, id: usize, range: Range<usize>) -> Range<usize> {
        let escaped = &self.files[id].escaped;
        escaped.shown_offset(range.start)..escaped.shown_offset(range.end)
    }

    fn get(&self, id: usize) -> Result<&ShownFile, FilesError> {
        self.files.get(id).ok_or(FilesError::FileMissing)
    }
}

impl<'a> Files<'a> for ShownFiles {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.get(id)?.escaped.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let starts = &self.get(id)?.line_starts;
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.get(id)?;
        let start = |i: usize| match file.line_starts.get(i) {
            Some(&start) => Ok(start),
            None if i == file.line_starts.len() => Ok(file.escaped.text.len()),
            None => Err(FilesError::LineTooLarge {
                given: i,
                max: file.line_starts.len() - 1,
            }),
        };
        Ok(start(line_index)?..start(line_index + 1)?)
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        Ok(self.get(id)?.lines_before + line_index + 1)
    }

    /// The column in the file's own text: an escape counts as the one character it stands
    /// for.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.get(id)?;
        let line = self.line_range(id, line_index)?;
        let shown =
            codespan_reporting::files::column_index(&file.escaped.text, line.clone(), byte_index);
        let column = shown - file.escaped.extra_chars(line.start..byte_index) + 1;
        Ok((column as isize + file.column_shift).max(1) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_columns_count_in_the_original_text() {
        let original = "a\u{1b}b\nc\u{9b}d\u{0}e";
        let mut files = ShownFiles::default();
        let id = files.add("x\u{7}.md", original);
        assert_eq!(files.name(id).expect("name"), "x\\u{7}.md");
        assert_eq!(
            files.source(id).expect("source"),
            "a\\u{1b}b\nc\\u{9b}d\\u{0}e"
        );
        let e = original.find('e').expect("e");
        let shown = files.shown_range(id, e..e + 1);
        assert_eq!(&files.source(id).expect("source")[shown.clone()], "e");
        let location = files.location(id, shown.start).expect("location");
        assert_eq!((location.line_number, location.column_number), (2, 5));
        assert_eq!(escape_controls("plain\ttext\n"), "plain\ttext\n");
    }
}
