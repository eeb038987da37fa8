//! Problems found in a book's sources, each pointing at a file and line, and their rendering:
//! rustc-like text with the source line and a caret under the span, or JSON for tools.

use super::excerpt;
pub use super::shown_source::escape_controls;
use super::shown_source::ShownFiles;
use crate::source_file::{read_regular, MAX_TEXT_BYTES};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the book still builds.
    Warning,
    /// The book cannot be built until it is fixed.
    Error,
}

/// One problem in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (book folder + relative path).
    pub file: PathBuf,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column (in characters), if known.
    pub column: Option<usize>,
    /// 1-based column (in characters) just past the span on the same line, if the problem
    /// has a span longer than its first character. (A `u32` keeps the diagnostic small.)
    pub end_column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `file`.
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            end_column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `file`.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at a line.
    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    /// Points the diagnostic at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Points the diagnostic at a span of one line: `column` up to (not including)
    /// `end_column`, both 1-based and counted in characters.
    pub fn spanning(mut self, line: usize, column: usize, end_column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self.end_column = Some(u32::try_from(end_column.max(column + 1)).unwrap_or(u32::MAX));
        self
    }

    /// Points the diagnostic at bytes `range` of `text`, the file's text as
    /// [`normalize_source`] leaves it; a range running over several lines is cut at the end
    /// of its first.
    pub fn at_bytes(
        self,
        text: &str,
        index: &LineIndex,
        range: std::ops::Range<usize>,
    ) -> Diagnostic {
        let (line, column) = index.line_column(text, range.start);
        let line_end = text[range.start.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| range.start + i);
        let end = range.end.min(line_end).max(range.start);
        let width = text.get(range.start..end).map_or(1, |s| s.chars().count());
        self.spanning(line, column, column + width)
    }

    /// Adds what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", escape_controls(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {kind}: {}", escape_controls(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// A source file's text as the loader reads it: without a byte-order mark, with `\n` line
/// ends. Lines and columns of diagnostics count in this text.
pub fn normalize_source(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// Renders diagnostics the way rustc does: the problem, `file:line:column`, the source line
/// with a caret under the span (a long line cut around it), and the hint. Each file is read
/// once; a diagnostic whose file or line cannot be shown names its place in the header
/// instead. Control characters, in the source line as in the message, are shown escaped
/// (`\u{1b}`): printed raw, they would drive the reader's terminal.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut files = ShownFiles::default();
    let mut sources: HashMap<&Path, Option<Source>> = HashMap::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let source = sources.entry(&d.file).or_insert_with(|| {
            // Only a regular file is read back (a diagnostic may be about a named pipe).
            let text = read_regular(&d.file, MAX_TEXT_BYTES).ok()?;
            let text = normalize_source(&String::from_utf8_lossy(&text));
            let name = d.file.display().to_string();
            Some(Source {
                id: files.add(&name, &text),
                starts: line_starts(&text),
                text,
                name,
            })
        });
        let range = source.as_ref().and_then(|source| {
            // The line is found in the file's index of line starts: a search of the text
            // for each diagnostic was quadratic in a file with many lines and diagnostics.
            let line_index = d.line?.checked_sub(1)?;
            let line = source.line(line_index)?;
            let span = byte_range(&source.text, line.clone(), d);
            let in_line = span.start - line.start..span.end - line.start;
            Some(match excerpt::cut(&source.text[line], in_line) {
                None => (source.id, files.shown_range(source.id, span)),
                Some(cut) => {
                    let id =
                        files.add_excerpt(&source.name, &cut.text, line_index, cut.column_shift);
                    (id, files.shown_range(id, cut.span))
                }
            })
        });
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let message = escape_controls(&d.message);
        report = match range {
            Some((id, range)) => report
                .with_message(message)
                .with_label(Label::primary(id, range)),
            None => report.with_message(format!("{}: {message}", place(d))),
        };
        if let Some(hint) = &d.hint {
            report = report.with_note(format!("help: {}", escape_controls(hint)));
        }
        match term::emit_into_string(&config, &files, &report) {
            Ok(text) => out.push_str(&text),
            // The files are all in memory and the ranges checked: this cannot happen, but a
            // diagnostic is never lost over it.
            Err(_) => out.push_str(&format!("{d}\n\n")),
        }
    }
    out
}

/// A file a rendering reads back: its text as the loader reads it, where its lines start,
/// and its id among the shown files.
struct Source {
    id: usize,
    name: String,
    text: String,
    starts: Vec<usize>,
}

impl Source {
    /// The bytes of line `index` (0-based), its line end included.
    fn line(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// Where the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// `file`, `file:line` or `file:line:column`.
fn place(d: &Diagnostic) -> String {
    let file = escape_controls(&d.file.display().to_string());
    match (d.line, d.column) {
        (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file,
    }
}

/// The bytes of `source` a diagnostic points at, in its line (bytes `line` of `source`): its
/// span, its column's character, or its whole line without the indent.
fn byte_range(
    source: &str,
    line: std::ops::Range<usize>,
    d: &Diagnostic,
) -> std::ops::Range<usize> {
    let start = line.start;
    let text = source[line].trim_end_matches('\n');
    let byte_of = |column: usize| {
        text.char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i)
    };
    let (from, to) = match d.column {
        Some(column) => {
            let from = byte_of(column);
            let to = match d.end_column {
                Some(end) => byte_of(end as usize),
                None => text[from..]
                    .chars()
                    .next()
                    .map_or(from, |c| from + c.len_utf8()),
            };
            (from, to)
        }
        None => {
            let trimmed = text.trim_start();
            let from = text.len() - trimmed.len();
            (from, from + trimmed.trim_end().len())
        }
    };
    start + from..start + to.max(from)
}

/// Diagnostics as one JSON document for tools: an array of objects with `severity`
/// (`"error"` or `"warning"`), `file`, `line`, `column`, `end_column` (1-based, the end
/// exclusive, `null` when unknown), `message` and `hint`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let end_column = d.end_column.map(|c| c as usize).or(d.column.map(|c| c + 1));
            serde_json::json!({
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "file": d.file.display().to_string(),
                "line": d.line,
                "column": d.column,
                "end_column": end_column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    // serde_json escapes C0 control characters; DEL and the C1 ones it leaves raw, and
    // they can only stand inside the document's strings, where `\u` escapes them as well.
    let json = serde_json::Value::Array(items).to_string();
    if !json.contains(|c: char| c.is_control()) {
        return json;
    }
    let mut escaped = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() {
            escaped.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// Maps byte offsets in a text to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The 1-based (line, column) of byte `offset` in `text`, the column counted in characters.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset.min(text.len()))
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncدe\n\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 1);
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line_column(text, 6), (2, 3));
        assert_eq!(index.line(text.len() - 1), 4);
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("books/x/a.md", "raw HTML is not allowed")
            .at(3, 5)
            .with_hint("write Markdown instead");
        assert_eq!(
            d.to_string(),
            "books/x/a.md:3:5: error: raw HTML is not allowed\n  help: write Markdown instead"
        );
    }

    #[test]
    fn renders_like_rustc_with_a_caret_under_the_span() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "\u{feff}first\r\nsecond ديگر line\n").expect("write");
        let text = normalize_source(&std::fs::read_to_string(&file).expect("read"));
        let start = text.find("ديگر").expect("word");
        let d = Diagnostic::error(&file, "Arabic yeh")
            .at_bytes(&text, &LineIndex::new(&text), start..start + "ديگر".len())
            .with_hint("write ی");
        assert_eq!(
            (d.line, d.column, d.end_column),
            (Some(2), Some(8), Some(12))
        );
        let shown = render(&[d]);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "error: Arabic yeh");
        assert!(
            lines[1].ends_with(&format!("{}:2:8", file.display())),
            "{shown}"
        );
        assert!(lines[3].ends_with("second ديگر line"), "{shown}");
        assert!(lines[4].ends_with("       ^^^^"), "{shown}");
        assert!(shown.contains("= help: write ی"), "{shown}");
    }

    #[test]
    fn renders_a_place_it_cannot_show_in_the_header() {
        let d = Diagnostic::warning("no/such/file.md", "gone").at_line(3);
        assert_eq!(
            render(&[d]).lines().next(),
            Some("warning: no/such/file.md:3: gone")
        );
    }

    #[test]
    fn control_characters_are_shown_escaped_with_the_caret_still_under_the_span() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a\u{1b}[2J.md");
        std::fs::write(&file, "one\ntwo \u{1b}[31mred\u{0} word\u{9b}\n").expect("write");
        let text = std::fs::read_to_string(&file).expect("read");
        let start = text.find("word").expect("word");
        let d = Diagnostic::error(&file, "bad \u{1b}]0;title\u{7}")
            .at_bytes(&text, &LineIndex::new(&text), start..start + 4)
            .with_hint("no \u{7f} here");
        let shown = render(std::slice::from_ref(&d));
        assert!(
            !shown.contains(|c: char| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "error: bad \\u{1b}]0;title\\u{7}");
        assert!(lines[1].ends_with("a\\u{1b}[2J.md:2:15"), "{shown}");
        assert!(
            lines[3].ends_with("two \\u{1b}[31mred\\u{0} word\\u{9b}"),
            "{shown}"
        );
        // The caret is under `word`, past the escapes.
        let caret = lines[4].find('^').expect("a caret");
        assert_eq!(&lines[3][caret..caret + 4], "word", "{shown}");
        assert!(shown.contains("help: no \\u{7f} here"), "{shown}");
        let plain = d.to_string();
        assert!(
            !plain.contains(|c: char| c.is_control() && c != '\n'),
            "{plain:?}"
        );
    }

    #[test]
    fn json_escapes_every_control_character() {
        let d = Diagnostic::error("a.md", "esc \u{1b} nul \u{0} del \u{7f} csi \u{9b}");
        let json = to_json(&[d]);
        assert!(!json.contains(|c: char| c.is_control()), "{json:?}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            value[0]["message"],
            "esc \u{1b} nul \u{0} del \u{7f} csi \u{9b}"
        );
    }

    #[test]
    fn json_has_every_field() {
        let d = Diagnostic::error("a.md", "x")
            .spanning(2, 3, 7)
            .with_hint("y");
        let w = Diagnostic::warning("b.md", "z");
        let value: serde_json::Value = serde_json::from_str(&to_json(&[d, w])).expect("valid JSON");
        assert_eq!(
            value,
            serde_json::json!([
                {"severity": "error", "file": "a.md", "line": 2, "column": 3,
                 "end_column": 7, "message": "x", "hint": "y"},
                {"severity": "warning", "file": "b.md", "line": null, "column": null,
                 "end_column": null, "message": "z", "hint": null}
            ])
        );
    }
}
