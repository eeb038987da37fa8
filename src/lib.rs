//! pamphlet: multilingual (English/Farsi) books from Markdown to a valid EPUB 3 and a
//! print-ready PDF.
//!
//! The pipeline runs one way: [`book::load`] reads a book folder into the document model,
//! the text engine ([`text`]) and [`layout`] typeset it, and the renderers ([`epub`], [`pdf`])
//! turn it into files. [`build`] and [`check`] are the
//! front door the command line uses.

pub mod bidi_class;
pub mod book;
pub mod check;
pub mod edit;
pub mod epub;
pub mod layout;
pub mod locale;
mod output;
pub mod pdf;
pub mod progress;
pub mod source_file;
pub mod text;
pub mod watch;

use book::{Diagnostic, Severity};
use layout::Layout;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// Trim size, overriding the book's `paper`.
    pub paper: Option<book::Paper>,
    /// Also write the print edition (`NAME-print.pdf`), even if the book has no `[print]`.
    pub print: bool,
    /// Also write a saddle-stitched booklet (`NAME-booklet.pdf`) imposed this way.
    pub booklet: Option<pdf::Imposition>,
    /// Where the build says what it is doing (hidden by default).
    pub progress: progress::Progress,
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
    /// The book folder does not exist or is not a folder.
    #[error("{} is not a book folder: it does not exist or is not a directory", .0.display())]
    NoBookFolder(PathBuf),
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

/// Renders one output of a build into its (temporary) file.
type Render<'a> = Box<dyn FnOnce(&mut std::fs::File) -> Result<(), RenderError> + Send + 'a>;

/// Why an output could not be rendered into its file.
enum RenderError {
    /// The output could not be made.
    Book(Error),
    /// Its file could not be written.
    Io(std::io::Error),
}

impl From<Error> for RenderError {
    fn from(e: Error) -> RenderError {
        RenderError::Book(e)
    }
}

/// Writes an output rendered in memory (a PDF) into its file.
fn write_bytes(file: &mut std::fs::File, bytes: &[u8]) -> Result<(), RenderError> {
    use std::io::Write;
    file.write_all(bytes).map_err(RenderError::Io)
}

/// The EPUB's file buffer: its fonts (megabytes, copied raw) go out in a few writes.
const EPUB_BUFFER: usize = 1 << 18;

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

/// Checks the book in `dir` without writing anything: every problem found, errors and
/// warnings. An error only when the check could not run: no such folder, or no fonts.
pub fn check(dir: &Path) -> Result<Vec<Diagnostic>, Error> {
    if !dir.is_dir() {
        return Err(Error::NoBookFolder(dir.to_path_buf()));
    }
    let loaded = book::load(dir);
    let mut found = loaded.diagnostics;
    if let Some(book) = loaded.book {
        let fonts = FontSet::load(book.meta.fonts.farsi)?;
        found.extend(check::run(&book, &fonts));
        // Typeset as a build does, writing nothing: the lines it cannot set well are
        // reported here as well.
        let (laid_out, warnings) = typeset(
            &book,
            &fonts,
            book.meta.paper,
            &mut layout::PieceCache::one_off(),
            &progress::Progress::hidden(),
        );
        found.extend(warnings);
        free_in_background((book, laid_out));
    }
    Ok(found)
}

/// Typesets `book` on `paper`, the one way `build` and `check` both do: the layout, an
/// error for any line it put outside its page, and a warning for each line (or table) it
/// could not set well, pointing at its place in the source.
fn typeset(
    book: &book::Book,
    fonts: &FontSet,
    paper: book::Paper,
    cache: &mut layout::PieceCache,
    progress: &progress::Progress,
) -> (Layout, Vec<Diagnostic>) {
    let geometry = layout::PageGeometry::for_paper(&paper);
    let laid_out = layout::layout_cached(book, fonts, geometry, cache, progress);
    let mut found = off_the_page(book, &layout::outside_trim(&laid_out, fonts));
    found.extend(check::line_warnings(book, &laid_out.warnings));
    (laid_out, found)
}

/// Builds the book in `dir`. Either every requested file is written whole, or none is.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport, Error> {
    build_cached(dir, options, &mut layout::PieceCache::one_off())
}

/// [`build`], taking the lines of pieces unchanged since the last build from `cache` (which
/// then says what was typeset and what reused).
pub fn build_cached(
    dir: &Path,
    options: &BuildOptions,
    cache: &mut layout::PieceCache,
) -> Result<BuildReport, Error> {
    let progress = &options.progress;
    progress.stage("reading", None);
    let (book, fonts, mut warnings) = load_checked(dir)?;
    let out_dir = options.out_dir.clone().unwrap_or_else(|| dir.join("out"));
    let paper = options.paper.unwrap_or(book.meta.paper);
    // The printed book's layout: the PDF draws it, the EPUB takes its page list from it.
    let (laid_out, set) = typeset(&book, &fonts, paper, cache, progress);
    if set.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Invalid(set));
    }
    warnings.extend(set);
    let authors = book_authors(&book);
    let pdf_wanted = matches!(options.format, Format::Pdf | Format::All);
    let marks = book
        .meta
        .print
        .or(options.print.then(book::PrintMarks::default))
        .filter(|_| pdf_wanted);
    let booklet = options.booklet.as_ref().filter(|_| pdf_wanted);
    // The outputs are rendered side by side. The EPUB needs only the page map; the PDF
    // rewrites glyph texts for extraction, on the layout itself when no other output still
    // holds it, so that a long book's lines are not copied.
    let page_map = laid_out.page_map(book.pieces.len());
    let laid_out = Arc::new(laid_out);
    let book_owned = book;
    let (book, fonts, authors) = (&book_owned, &fonts, &authors);
    let mut renders: Vec<(String, Render)> = Vec::new();
    if matches!(options.format, Format::Epub | Format::All) {
        renders.push((
            format!("{}.epub", book.name),
            Box::new(move |file| {
                // Straight into the file: the fonts need not pass through memory.
                let mut sink = std::io::BufWriter::with_capacity(EPUB_BUFFER, file);
                match epub::write_to(book, &page_map, &mut sink) {
                    Ok(_) => {}
                    Err(epub::Error::Zip(zip::result::ZipError::Io(e))) => {
                        return Err(RenderError::Io(e))
                    }
                    Err(e) => return Err(Error::from(e).into()),
                }
                std::io::Write::flush(&mut sink).map_err(RenderError::Io)
            }),
        ));
    }
    if pdf_wanted {
        let shared = Arc::clone(&laid_out);
        renders.push((
            format!("{}.pdf", book.name),
            Box::new(move |file| {
                let layout = match Arc::try_unwrap(shared) {
                    Ok(own) => Cow::Owned(own),
                    Err(shared) => Cow::Owned(Layout::clone(&shared)),
                };
                let bytes = pdf::write(layout, &book.meta, authors, fonts).map_err(Error::from)?;
                write_bytes(file, &bytes)
            }),
        ));
    }
    if let Some(marks) = marks {
        let shared = Arc::clone(&laid_out);
        renders.push((
            format!("{}-print.pdf", book.name),
            Box::new(move |file| {
                let print = layout::with_print_marks(&shared, &book.meta, fonts, &marks);
                drop(shared);
                let bytes = pdf::write(Cow::Owned(print), &book.meta, authors, fonts)
                    .map_err(Error::from)?;
                write_bytes(file, &bytes)
            }),
        ));
    }
    if let Some(imposition) = booklet {
        let shared = Arc::clone(&laid_out);
        renders.push((
            format!("{}-booklet.pdf", book.name),
            Box::new(move |file| {
                let bytes = pdf::write_booklet(&shared, &book.meta, authors, fonts, imposition)
                    .map_err(Error::from)?;
                write_bytes(file, &bytes)
            }),
        ));
    }
    drop(laid_out);
    let write_error = |(path, source)| Error::Write { path, source };
    let paths: Vec<PathBuf> = renders.iter().map(|(name, _)| out_dir.join(name)).collect();
    output::check_destinations(&paths).map_err(write_error)?;
    progress.stage("writing", Some(renders.len()));
    // Each output is rendered into its temporary file (the EPUB's while the PDF is still
    // being drawn); all are renamed into place only once every one is whole, and on any
    // failure the temporary files go, and the folders this build made for them.
    let made = output::MissingFolders::of(&out_dir);
    let staged = renders
        .into_par_iter()
        .zip(paths)
        .map(|((_, render), path)| {
            let mut staged = output::Staged::create(&path).map_err(write_error)?;
            render(staged.file()).map_err(|e| match e {
                RenderError::Book(e) => e,
                RenderError::Io(source) => Error::Write {
                    path: path.clone(),
                    source,
                },
            })?;
            staged.sync().map_err(write_error)?;
            progress.step();
            Ok(staged)
        })
        .collect::<Result<Vec<_>, Error>>()
        .inspect_err(|_| made.remove_empty())?;
    let written = staged.iter().map(|s| s.path().to_path_buf()).collect();
    output::commit(staged).map_err(write_error)?;
    free_in_background(book_owned);
    Ok(BuildReport { written, warnings })
}

/// The errors for lines the layout put outside their page: text a reader would never see,
/// which the build refuses to hand over. Named by the piece on the page (the book's
/// manifest for the front matter), the page and the line's text.
fn off_the_page(book: &book::Book, outside: &[layout::Outside]) -> Vec<Diagnostic> {
    outside
        .iter()
        .map(|line| {
            let file = line
                .piece
                .and_then(|p| book.pieces.get(p))
                .map_or_else(|| book.root.join("book.toml"), |p| book.root.join(&p.path));
            let text: String = line.text.chars().take(60).collect();
            Diagnostic::error(
                file,
                format!(
                    "text would be drawn outside page {} of the PDF: “{}”",
                    line.page + 1,
                    text.trim()
                ),
            )
            .with_hint(
                "pamphlet could not fit this line on the page; a larger `--paper` or shorter \
                 words may help — please report it, with the book, as a fault of the layout",
            )
        })
        .collect()
}

/// Removes the temporary files of the outputs this process is writing (a build's, or
/// `import`'s and `fix`'s), waiting for renames under way, and stops all further writing: for
/// a process about to end on a signal (SIGINT, SIGTERM).
pub fn remove_unfinished_outputs() {
    output::remove_unfinished();
}

/// Frees `value` on a worker thread: a long book's model and layout take milliseconds to
/// free, which the build need not wait for.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
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
