//! The `import` and `fix` subcommands: arguments, files and what is printed.

use clap::{Args, ValueEnum};
use pamphlet::book::manifest::safe_relative_path;
use pamphlet::edit::import::{import as import_text, ImportOptions, Language};
use pamphlet::edit::{
    backup_path, fix::diff, fix::fix_piece, read_text, review, write_files, EditError,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The file of extra debris lines a book may keep, one per line.
const BOOK_DEBRIS: &str = "debris.txt";

/// `pamphlet import`.
#[derive(Args)]
pub struct ImportArgs {
    /// The raw text file.
    file: PathBuf,
    /// The text's language.
    #[arg(long, value_enum)]
    lang: LangArg,
    /// Write FILE's piece (NAME.md) and review list (NAME.review.txt) into this book folder
    /// instead of printing them; the folder's debris.txt adds debris lines.
    #[arg(long, value_name = "BOOK_DIR")]
    into: Option<PathBuf>,
    /// The piece's title [default: the text's first heading].
    #[arg(long)]
    title: Option<String>,
    /// A debris line to drop besides the built-in ones (repeatable).
    #[arg(long, value_name = "TEXT")]
    debris: Vec<String>,
    /// Replace NAME.md and NAME.review.txt if they exist; the old ones are kept as
    /// NAME.md.bak and NAME.review.txt.bak, replacing earlier backups.
    #[arg(long)]
    force: bool,
}

/// `pamphlet fix`.
#[derive(Args)]
pub struct FixArgs {
    /// The piece files.
    #[arg(required = true, value_name = "PIECE.md")]
    pieces: Vec<PathBuf>,
    /// Write the fixed pieces back instead of showing a diff; each old one is kept as
    /// PIECE.md.bak (a symbolic link is written through to its file).
    #[arg(long)]
    write: bool,
    /// Replace a PIECE.md.bak left by an earlier --write (it is refused without this).
    #[arg(long, requires = "write")]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// Farsi.
    Fa,
}

/// Runs `pamphlet import`.
pub fn import(args: ImportArgs) -> ExitCode {
    finish(run_import(args))
}

/// Runs `pamphlet fix`.
pub fn fix(args: FixArgs) -> ExitCode {
    finish(run_fix(args))
}

fn finish(result: Result<(), EditError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(crate::EXIT_FAILURE)
        }
    }
}

fn run_import(args: ImportArgs) -> Result<(), EditError> {
    let text = read_text(&args.file)?;
    let source = file_name(&args.file);
    let mut debris = args.debris;
    if let Some(book) = &args.into {
        let listed = book.join(BOOK_DEBRIS);
        if listed.symlink_metadata().is_ok() {
            // Read only from inside the book folder, like every file of the book.
            safe_relative_path(book, BOOK_DEBRIS).map_err(|(reason, _)| EditError::Outside {
                path: listed.clone(),
                reason,
            })?;
            let lines = read_text(&listed)?;
            debris.extend(
                lines
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from),
            );
        }
    }
    let imported = import_text(
        &text,
        &ImportOptions {
            language: match args.lang {
                LangArg::En => Language::English,
                LangArg::Fa => Language::Farsi,
            },
            title: args.title,
            source: source.clone(),
            debris,
        },
    );
    let shown = args.file.display().to_string();
    for item in &imported.review {
        errln!("{shown}:{item}");
    }
    let to_look_at = imported.review.iter().filter(|i| i.needs_action()).count();
    match &args.into {
        None => out!("{}", imported.markdown),
        Some(book) => {
            let stem = Path::new(&source)
                .file_stem()
                .map_or_else(|| source.clone(), |s| s.to_string_lossy().into_owned());
            let piece = book.join(format!("{stem}.md"));
            let list = book.join(format!("{stem}.review.txt"));
            let backups = write_files(
                &[
                    (piece.clone(), imported.markdown),
                    (list.clone(), review::render(&shown, &imported.review)),
                ],
                args.force,
                &[],
            )?;
            for written in [&piece, &list] {
                match backups.iter().find(|b| **b == backup_path(written)) {
                    Some(backup) => outln!(
                        "wrote {} (the old one is {})",
                        written.display(),
                        backup.display()
                    ),
                    None => outln!("wrote {}", written.display()),
                }
            }
            errln!(
                "add {} to the pieces in {}",
                file_name(&piece),
                book.join("book.toml").display()
            );
        }
    }
    errln!("{shown}: {to_look_at} thing(s) to review");
    Ok(())
}

fn run_fix(args: FixArgs) -> Result<(), EditError> {
    for path in &args.pieces {
        let text = read_text(path)?;
        let fixed = fix_piece(&text);
        let shown = path.display().to_string();
        for item in &fixed.review {
            errln!("{shown}:{item}");
        }
        if fixed.text == text {
            errln!("{shown}: nothing to fix");
            continue;
        }
        if args.write {
            write_files(
                &[(path.clone(), fixed.text)],
                args.force,
                std::slice::from_ref(path),
            )?;
            outln!(
                "fixed {shown} (the old version is {})",
                backup_path(path).display()
            );
        } else {
            out!("{}", diff(&shown, &text, &fixed.text));
            errln!("{shown}: run with --write to apply");
        }
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
