//! The `pamphlet` command line.

mod edit_commands;

use clap::{Parser, Subcommand, ValueEnum};
use pamphlet::book::{Diagnostic, Severity};
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
    },
    /// Check a book folder for problems without writing anything.
    Check {
        /// The book folder, holding book.toml.
        book_dir: PathBuf,
    },
    /// Turn a raw text (web scrape, PDF extraction) into a Markdown piece and a review list.
    Import(edit_commands::ImportArgs),
    /// Normalize Persian in pieces (letters, digits, ZWNJ, punctuation spacing, lost لا).
    Fix(edit_commands::FixArgs),
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
        } => {
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
        Command::Import(args) => edit_commands::import(args),
        Command::Fix(args) => edit_commands::fix(args),
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
