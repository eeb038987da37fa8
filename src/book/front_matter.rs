//! A piece's TOML front matter between `+++` lines.

use super::diagnostic::{Diagnostic, LineIndex};
use super::manifest::is_partial_date;
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
    /// Date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// Language tag; the book's language when absent.
    pub lang: Option<Spanned<String>>,
    /// The raw source file.
    pub source: Spanned<String>,
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

/// Parses and checks the front matter TOML.
pub fn parse(
    split: &Split<'_>,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
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
    let texts = [front.title.get_ref(), front.source.get_ref()]
        .into_iter()
        .chain(&front.authors)
        .chain(&front.translators)
        .chain(&front.note)
        .chain(front.date.as_ref().map(|d| d.get_ref()))
        .map(String::as_str);
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
    if front.source.get_ref().trim().is_empty() {
        let (line, column) = place(front.source.span().start);
        diagnostics.push(
            Diagnostic::error(file, "`source` is empty")
                .at(line, column)
                .with_hint("name the raw file this piece was curated from"),
        );
        ok = false;
    }
    if let Some(date) = &front.date {
        if !is_partial_date(date.get_ref()) {
            let (line, column) = place(date.span().start);
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "date `{}` is not YYYY, YYYY-MM or YYYY-MM-DD",
                        date.get_ref()
                    ),
                )
                .at(line, column)
                .with_hint("write e.g. \"1986\", \"2012-05\" or \"2011-10-15\""),
            );
            ok = false;
        }
    }
    ok.then_some(front)
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
