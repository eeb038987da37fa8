//! Problems found in a book's sources, each pointing at a file and line, and their rendering:
//! rustc-like text with the source line and a caret under the span, or JSON for tools.

use super::excerpt::ShownSources;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::Files;
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
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
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
/// instead.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut files = ShownSources::default();
    let mut ids: HashMap<&Path, Option<usize>> = HashMap::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let id = *ids.entry(&d.file).or_insert_with(|| {
            let text = std::fs::read(&d.file).ok()?;
            let text = normalize_source(&String::from_utf8_lossy(&text));
            Some(files.add_file(d.file.display().to_string(), text))
        });
        let range = id.and_then(|id| {
            // The line is found in the file's index of line starts: a search of the text
            // for each diagnostic was quadratic in a file with many lines and diagnostics.
            let line = files.line_range(id, d.line?.checked_sub(1)?).ok()?;
            let span = byte_range(files.source(id).ok()?, line, d);
            files.for_span(id, d.line?, span)
        });
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        report = match range {
            Some((id, range)) => report
                .with_message(&d.message)
                .with_label(Label::primary(id, range)),
            None => report.with_message(format!("{}: {}", place(d), d.message)),
        };
        if let Some(hint) = &d.hint {
            report = report.with_note(format!("help: {hint}"));
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

/// `file`, `file:line` or `file:line:column`.
fn place(d: &Diagnostic) -> String {
    match (d.line, d.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", d.file.display()),
        (Some(line), None) => format!("{}:{line}", d.file.display()),
        _ => d.file.display().to_string(),
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
    serde_json::Value::Array(items).to_string()
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
