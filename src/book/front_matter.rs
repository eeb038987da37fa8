//! A piece's TOML front matter between `+++` lines.

use super::diagnostic::{Diagnostic, LineIndex};
use super::manifest::is_partial_date;
use super::toml_date;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// Front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title.
    pub title: Spanned<String>,
    /// Authors.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Translators.
    #[serde(default)]
    pub translators: Vec<String>,
    /// Date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, quoted or as a TOML date (see `toml_date`).
    pub date: Option<Spanned<toml::Value>>,
    /// Language tag; the book's language when absent.
    pub lang: Option<Spanned<String>>,
    /// The raw source file; none for original writing.
    pub source: Option<Spanned<String>>,
    /// Editor's note.
    pub note: Option<String>,
}

/// A piece file split into its front matter and body.
pub struct Split<'a> {
    /// The front matter's TOML.
    pub toml: &'a str,
    /// 1-based file line of the TOML's first line.
    pub toml_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` at its `+++` fences, or says why it cannot.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(file, "the piece has no front matter")
            .at_line(1)
            .with_hint("start the file with `+++`, the TOML front matter (title, lang, source…), and `+++`")
    };
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or_else(missing)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let toml_lines = toml.matches('\n').count();
            return Ok(Split {
                toml,
                toml_line: 2,
                body,
                body_line: 2 + toml_lines + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front matter is never closed")
        .at_line(1)
        .with_hint("end the front matter with a line holding only `+++`"))
}

/// Front matter, checked: the date as its text.
pub struct Checked {
    /// The front matter as written.
    pub front: FrontMatter,
    /// The date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Parses and checks the front matter TOML.
pub fn parse(split: &Split<'_>, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Checked> {
    let index = LineIndex::new(split.toml);
    let place = |offset: usize| {
        let (line, column) = index.line_column(split.toml, offset);
        (line + split.toml_line - 1, column)
    };
    let front: FrontMatter = match toml::from_str(split.toml) {
        Ok(f) => f,
        Err(e) => {
            let mut d = Diagnostic::error(file, format!("front matter: {}", e.message()));
            if let Some(span) = e.span() {
                let (line, column) = place(span.start);
                d = d.at(line, column);
            } else {
                d = d.at_line(split.toml_line);
            }
            diagnostics.push(d.with_hint(
                "the front matter keys are title, authors, translators, date, lang, source, note (TOML)",
            ));
            return None;
        }
    };
    let texts = std::iter::once(front.title.get_ref().as_str())
        .chain(front.source.as_ref().map(|s| s.get_ref().as_str()))
        .chain(front.authors.iter().map(String::as_str))
        .chain(front.translators.iter().map(String::as_str))
        .chain(front.note.iter().map(String::as_str))
        .chain(front.date.as_ref().and_then(|d| d.get_ref().as_str()));
    let forbidden = super::toml_text::check(split.toml, split.toml_line, file, texts);
    let mut ok = forbidden.is_empty();
    diagnostics.extend(forbidden);
    if front.title.get_ref().trim().is_empty() {
        let (line, column) = place(front.title.span().start);
        diagnostics.push(
            Diagnostic::error(file, "the title is empty")
                .at(line, column)
                .with_hint("give the piece a title"),
        );
        ok = false;
    }
    if let Some((message, hint)) =
        super::lengths::Display::PieceTitle.too_long(front.title.get_ref())
    {
        let (line, column) = place(front.title.span().start);
        diagnostics.push(
            Diagnostic::error(file, message)
                .at(line, column)
                .with_hint(hint),
        );
        ok = false;
    }
    if let Some(source) = front
        .source
        .as_ref()
        .filter(|s| s.get_ref().trim().is_empty())
    {
        let (line, column) = place(source.span().start);
        diagnostics.push(
            Diagnostic::error(file, "`source` is empty")
                .at(line, column)
                .with_hint("name the raw file this piece was curated from, or leave `source` out for original writing"),
        );
        ok = false;
    }
    let mut date = None;
    if let Some(value) = &front.date {
        let (line, column) = place(value.span().start);
        match toml_date::date_text(value.get_ref()) {
            Ok(text) if is_partial_date(&text) => date = Some(text),
            Ok(text) => {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!("date `{text}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
                    )
                    .at(line, column)
                    .with_hint("write e.g. date = 1986, date = \"2012-05\" or date = 2011-10-15"),
                );
                ok = false;
            }
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error(file, problem).at(line, column).with_hint(
                        "write e.g. date = 1986, date = \"2012-05\" or date = 2011-10-15",
                    ),
                );
                ok = false;
            }
        }
    }
    ok.then_some(Checked { front, date })
}

/// The file line and column of a front-matter value's span.
pub fn place_of(split: &Split<'_>, offset: usize) -> (usize, usize) {
    let index = LineIndex::new(split.toml);
    let (line, column) = index.line_column(split.toml, offset);
    (line + split.toml_line - 1, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "+++\ntitle = \"T\"\nsource = \"s.txt\"\n+++\n\nBody\n";
        let s = split(text, Path::new("p.md")).expect("split");
        assert_eq!(s.toml, "title = \"T\"\nsource = \"s.txt\"\n");
        assert_eq!(s.body_line, 5);
        assert_eq!(s.body, "\nBody\n");
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let text = "+++\ntitle = \"T\"\nsource = \"s\"\nauthor = \"X\"\n+++\n";
        let s = split(text, Path::new("p.md")).expect("split");
        let mut d = Vec::new();
        assert!(parse(&s, Path::new("p.md"), &mut d).is_none());
        assert_eq!(d[0].line, Some(4));
        assert!(d[0].message.contains("author"), "{}", d[0].message);
    }

    #[test]
    fn missing_front_matter() {
        assert!(split("Just text", Path::new("p.md")).is_err());
        assert!(split("+++\ntitle = 1\n", Path::new("p.md")).is_err());
    }
}
