//! The `pamphlet` command line.

use clap::{Parser, Subcommand, ValueEnum};
use pamphlet::book::{Diagnostic, Paper, Severity};
use pamphlet::pdf::Imposition;
use pamphlet::{BuildOptions, Error, Format};
use std::path::PathBuf;
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
    Check {
        /// The book folder, holding book.toml.
        book_dir: PathBuf,
    },
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

/// Exit status: the book has problems.
const EXIT_PROBLEMS: u8 = 1;
/// Exit status: pamphlet could not run (unreadable folder, unwritable output).
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
                creep: creep * 72.0 / 25.4,
            });
            if let Some(Err(e)) = booklet.map(|b| b.validate()) {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
            let format = match format {
                FormatArg::Epub => Format::Epub,
                FormatArg::Pdf => Format::Pdf,
                FormatArg::All => Format::All,
            };
            match pamphlet::build(
                &book_dir,
                &BuildOptions {
                    out_dir: out,
                    format,
                    paper,
                    print,
                    booklet,
                },
            ) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    for path in &report.written {
                        println!("wrote {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(Error::Invalid(diagnostics)) => {
                    print_diagnostics(&diagnostics);
                    eprintln!(
                        "error: {} was not built; nothing was written",
                        book_dir.display()
                    );
                    ExitCode::from(EXIT_PROBLEMS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_FAILURE)
                }
            }
        }
        Command::Check { book_dir } => {
            let diagnostics = pamphlet::check(&book_dir);
            print_diagnostics(&diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            if errors > 0 {
                eprintln!(
                    "{}: {errors} error(s), {warnings} warning(s)",
                    book_dir.display()
                );
                ExitCode::from(EXIT_PROBLEMS)
            } else {
                eprintln!("{}: no errors, {warnings} warning(s)", book_dir.display());
                ExitCode::SUCCESS
            }
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}
