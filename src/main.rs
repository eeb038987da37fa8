//! The `pamphlet` command line.

#[macro_use]
mod console;
mod edit_commands;
mod interrupt;

use clap::{Parser, Subcommand, ValueEnum};
use pamphlet::book::{diagnostic, Diagnostic, Paper, Severity};
use pamphlet::pdf::Imposition;
use pamphlet::progress::Progress;
use pamphlet::watch::Rebuild;
use pamphlet::{BuildOptions, Error, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Multilingual (English/Farsi) books from Markdown to EPUB 3 and PDF.
#[derive(Parser)]
#[command(name = "pamphlet", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a book folder into an EPUB and a PDF.
    Build {
        /// The book folder, holding book.toml.
        book_dir: PathBuf,
        /// Where to write the outputs [default: BOOK_DIR/out].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Which outputs to write.
        #[arg(long, value_enum, default_value_t = FormatArg::All)]
        format: FormatArg,
        /// Trim size: a5, a4, letter, half-letter, or WxH in mm or in (e.g. 140x216mm)
        /// [default: the book's `paper`, else a5].
        #[arg(long, value_name = "SIZE", value_parser = parse_paper)]
        paper: Option<Paper>,
        /// Also write the print edition (NAME-print.pdf): PDF/X-4 with bleed, crop marks and
        /// a slug line (marks set by the book's [print] table, if any).
        #[arg(long)]
        print: bool,
        /// Also write an imposed file (NAME-booklet.pdf) for saddle-stitching.
        #[arg(long, value_enum, value_name = "KIND")]
        impose: Option<ImposeArg>,
        /// Pages per folded signature of the booklet (a multiple of 4) [default: one signature].
        #[arg(long, value_name = "N", requires = "impose")]
        signature: Option<usize>,
        /// Creep compensation of the booklet in mm: how far the innermost sheet's pages move
        /// towards the fold.
        #[arg(long, value_name = "MM", default_value_t = 0.0, requires = "impose")]
        creep: f32,
    },
    /// Check a book folder for problems without writing anything.
    ///
    /// Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not run.
    Check {
        /// The book folder, holding book.toml.
        book_dir: PathBuf,
        /// How to print the problems: for people, or one JSON array on stdout for tools.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Turn a raw text (web scrape, PDF extraction) into a Markdown piece and a review list.
    Import(edit_commands::ImportArgs),
    /// Normalize Persian in pieces (letters, digits, ZWNJ, punctuation spacing, lost لا).
    Fix(edit_commands::FixArgs),
    /// Build a book folder, then rebuild it on every save, typesetting only edited pieces.
    ///
    /// Prints what each build typeset and how long it took; runs until interrupted.
    Watch {
        /// The book folder, holding book.toml.
        book_dir: PathBuf,
        /// Where to write the outputs [default: BOOK_DIR/out].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Which outputs to write.
        #[arg(long, value_enum, default_value_t = FormatArg::All)]
        format: FormatArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// rustc-like diagnostics on stderr: the source line, a caret, a hint.
    Text,
    /// One JSON array of diagnostics on stdout.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImposeArg {
    /// Two pages per sheet side, folded and stapled in the middle.
    Booklet,
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    s.parse::<Paper>().map_err(|e| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// EPUB 3 for e-readers.
    Epub,
    /// PDF for reading and printing.
    Pdf,
    /// Both.
    All,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Epub => Format::Epub,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::All => Format::All,
        }
    }
}

/// Exit status: the book has problems.
const EXIT_PROBLEMS: u8 = 1;
/// Exit status: pamphlet could not run (unreadable folder, unwritable output).
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    interrupt::remove_outputs_on_interrupt();
    match cli.command {
        Command::Build {
            book_dir,
            out,
            format,
            paper,
            print,
            impose,
            signature,
            creep,
        } => {
            let booklet = impose.map(|ImposeArg::Booklet| Imposition {
                signature,
                creep: pamphlet::book::mm(creep),
            });
            if let Some(Err(e)) = booklet.map(|b| b.validate()) {
                errln!("error: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
            let format = format.into();
            let progress = Progress::on_terminal();
            let built = pamphlet::build(
                &book_dir,
                &BuildOptions {
                    out_dir: out,
                    format,
                    paper,
                    print,
                    booklet,
                    progress: progress.clone(),
                },
            );
            progress.finish();
            match built {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    for path in &report.written {
                        outln!("wrote {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(Error::Invalid(diagnostics)) => {
                    print_diagnostics(&diagnostics);
                    errln!(
                        "error: {} was not built; nothing was written",
                        book_dir.display()
                    );
                    ExitCode::from(EXIT_PROBLEMS)
                }
                Err(e) => {
                    errln!("error: {e}");
                    if let Some(help) = build_error_help(&e) {
                        errln!("help: {help}");
                    }
                    ExitCode::from(EXIT_FAILURE)
                }
            }
        }
        Command::Import(args) => edit_commands::import(args),
        Command::Fix(args) => edit_commands::fix(args),
        Command::Check { book_dir, format } => check(&book_dir, format),
        Command::Watch {
            book_dir,
            out,
            format,
        } => {
            let options = BuildOptions {
                out_dir: out,
                format: format.into(),
                paper: None,
                print: false,
                booklet: None,
                progress: Progress::hidden(),
            };
            match pamphlet::watch::watch(&book_dir, &options, print_rebuild) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    errln!("error: {e}");
                    ExitCode::from(EXIT_FAILURE)
                }
            }
        }
    }
}

/// One line on stdout per build while watching (flushed, for whoever reads it line by
/// line); the diagnostics on stderr. When the reader of stdout goes away, so does the watch.
fn print_rebuild(rebuild: &Rebuild) {
    let ms = rebuild.elapsed.as_millis();
    match &rebuild.result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            let typeset: Vec<String> = rebuild
                .typeset
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let typeset = if typeset.is_empty() {
                "no piece".to_string()
            } else {
                typeset.join(", ")
            };
            let wrote: Vec<String> = report
                .written
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            outln!(
                "built in {ms} ms: typeset {typeset}, reused {} piece(s); wrote {}",
                rebuild.reused,
                wrote.join(", ")
            );
        }
        Err(Error::Invalid(diagnostics)) => {
            print_diagnostics(diagnostics);
            outln!("not built ({ms} ms): the book has problems; nothing was written");
        }
        Err(e) => outln!("not built ({ms} ms): {e}"),
    }
}

/// What else a build that could not write may do, in the terms of its command line.
fn build_error_help(e: &Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    match e {
        Error::Write { source, .. }
            if matches!(
                source.kind(),
                ErrorKind::PermissionDenied
                    | ErrorKind::IsADirectory
                    | ErrorKind::ReadOnlyFilesystem
                    | ErrorKind::StorageFull
            ) =>
        {
            Some("or build into another folder with --out DIR")
        }
        _ => None,
    }
}

/// `pamphlet check`: the book's problems, and the exit status they call for.
fn check(book_dir: &Path, format: ReportFormat) -> ExitCode {
    let diagnostics = match pamphlet::check(book_dir) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    match format {
        ReportFormat::Text => print_diagnostics(&diagnostics),
        ReportFormat::Json => outln!("{}", diagnostic::to_json(&diagnostics)),
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        errln!(
            "{}: {errors} error(s), {warnings} warning(s)",
            book_dir.display()
        );
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        errln!("{}: no errors, {warnings} warning(s)", book_dir.display());
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    err!("{}", diagnostic::render(diagnostics));
}
