//! pamphlet: multilingual (English/Farsi) books from Markdown to a valid EPUB 3 and a
//! print-ready PDF.
//!
//! The pipeline runs one way: [`book::load`] reads a book folder into the document model,
//! the text engine ([`text`]) and [`layout`] typeset it, and the renderers ([`epub`], [`pdf`])
//! turn it into files. [`build`] and [`check`] are the
//! front door the command line uses.

pub mod book;
pub mod edit;
pub mod epub;
pub mod layout;
pub mod locale;
mod output;
pub mod pdf;
pub mod text;

use book::{Diagnostic, Severity};
use std::path::{Path, PathBuf};
use text::fonts::FontSet;

/// What `build` should write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The EPUB 3 only.
    Epub,
    /// The PDF only.
    Pdf,
    /// Everything available.
    All,
}

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Output folder; `BOOK/out` when absent.
    pub out_dir: Option<PathBuf>,
    /// What to write.
    pub format: Format,
}

/// What a build wrote and what it noticed.
#[derive(Debug)]
pub struct BuildReport {
    /// Files written, complete.
    pub written: Vec<PathBuf>,
    /// Warnings found in the sources.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build or check failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The sources have problems; each diagnostic names its file and line.
    #[error("the book has {} problem(s) to fix", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
    /// An output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A bundled font could not be read.
    #[error(transparent)]
    Font(#[from] text::fonts::FontError),
    /// The EPUB could not be assembled.
    #[error(transparent)]
    Epub(#[from] epub::Error),
    /// The PDF could not be written.
    #[error(transparent)]
    Pdf(#[from] pdf::Error),
}

/// Loads a book and checks it against its fonts: the book, or every problem found.
fn load_checked(dir: &Path) -> Result<(book::Book, FontSet, Vec<Diagnostic>), Error> {
    let loaded = book::load(dir);
    let Some(book) = loaded.book else {
        return Err(Error::Invalid(loaded.diagnostics));
    };
    let fonts = FontSet::load(book.meta.fonts.farsi)?;
    let missing = text::coverage::check(&book, &fonts);
    if !missing.is_empty() {
        let mut all = loaded.diagnostics;
        all.extend(missing);
        return Err(Error::Invalid(all));
    }
    Ok((book, fonts, loaded.diagnostics))
}

/// Checks the book in `dir` without writing anything: every problem found.
pub fn check(dir: &Path) -> Vec<Diagnostic> {
    match load_checked(dir) {
        Ok((_, _, warnings)) => warnings,
        Err(Error::Invalid(diagnostics)) => diagnostics,
        Err(e) => vec![Diagnostic::error(dir, e.to_string())],
    }
}

/// Builds the book in `dir`. Either every requested file is written whole, or none is.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport, Error> {
    let (book, fonts, mut warnings) = load_checked(dir)?;
    let out_dir = options.out_dir.clone().unwrap_or_else(|| dir.join("out"));
    let mut files = Vec::new();
    // The print edition's layout: the PDF draws it, the EPUB takes its page list from it.
    let laid_out = layout::layout(&book, &fonts, layout::PageGeometry::a5());
    warnings.extend(laid_out.warnings.iter().map(|(path, problem)| {
        Diagnostic::warning(
            path,
            format!("{problem} (no good line break; rewording or a shorter word helps)"),
        )
    }));
    if matches!(options.format, Format::Epub | Format::All) {
        files.push((
            out_dir.join(format!("{}.epub", book.name)),
            epub::write(&book, &laid_out)?,
        ));
    }
    if matches!(options.format, Format::Pdf | Format::All) {
        let pdf = pdf::write(&laid_out, &book.meta, &book_authors(&book), &fonts)?;
        files.push((out_dir.join(format!("{}.pdf", book.name)), pdf));
    }
    output::write_all(&files).map_err(|(path, source)| Error::Write { path, source })?;
    Ok(BuildReport {
        written: files.into_iter().map(|(p, _)| p).collect(),
        warnings,
    })
}

/// The book's authors: its author contributors, else every piece's authors in order.
fn book_authors(book: &book::Book) -> Vec<String> {
    let named: Vec<String> = book
        .meta
        .contributors
        .iter()
        .filter(|c| c.role == book::Role::Author)
        .map(|c| c.name.clone())
        .collect();
    if !named.is_empty() {
        return named;
    }
    let mut all: Vec<String> = Vec::new();
    for piece in &book.pieces {
        for a in &piece.meta.authors {
            if !all.contains(a) {
                all.push(a.clone());
            }
        }
    }
    all
}
