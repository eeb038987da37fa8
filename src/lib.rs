//! pamphlet: multilingual (English/Farsi) books from Markdown to a valid EPUB 3 and a
//! print-ready PDF.
//!
//! The pipeline runs one way: [`book::load`] reads a book folder into the document model,
//! and the renderers ([`epub`]) turn the model into files. [`build`] and [`check`] are the
//! front door the command line uses.

pub mod book;
pub mod epub;
pub mod locale;
mod output;
pub mod text;

use book::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

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
    /// Outputs asked for (by `--format all`) that cannot be made yet, with why.
    pub not_made: Vec<String>,
    /// Warnings found in the sources.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build or check failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The sources have problems; each diagnostic names its file and line.
    #[error("the book has {} problem(s) to fix", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
    /// PDF output was asked for and does not exist yet.
    #[error(
        "PDF output is not available yet: the typesetter is still being built; use `--format epub`"
    )]
    PdfNotAvailable,
    /// An output could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The EPUB could not be assembled.
    #[error(transparent)]
    Epub(#[from] epub::Error),
}

/// Checks the book in `dir` without writing anything: every problem found.
pub fn check(dir: &Path) -> Vec<Diagnostic> {
    book::load(dir).diagnostics
}

/// Builds the book in `dir`. Either every requested file is written whole, or none is.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport, Error> {
    if options.format == Format::Pdf {
        return Err(Error::PdfNotAvailable);
    }
    let loaded = book::load(dir);
    let Some(book) = loaded.book else {
        return Err(Error::Invalid(loaded.diagnostics));
    };
    let epub_bytes = epub::write(&book)?;
    let out_dir = options.out_dir.clone().unwrap_or_else(|| dir.join("out"));
    let path = out_dir.join(format!("{}.epub", book.name));
    output::write_all(&[(path.clone(), epub_bytes)])
        .map_err(|(path, source)| Error::Write { path, source })?;
    let not_made = if options.format == Format::All {
        vec!["PDF: not available yet (the typesetter is still being built)".to_string()]
    } else {
        Vec::new()
    };
    Ok(BuildReport {
        written: vec![path],
        not_made,
        warnings: loaded.diagnostics,
    })
}
