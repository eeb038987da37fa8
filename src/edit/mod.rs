//! Editors' tools: turning raw text into a piece ([`import`]), Persian normalization
//! ([`normalize`], `pamphlet fix`) and the repair of words that lost their لا ([`lost_la`]).

pub mod digits;
pub mod fix;
pub mod import;
pub mod lexicon;
pub mod lost_la;
pub mod normalize;
pub mod review;
pub mod script;
mod structure;

use crate::source_file::{read_regular, ReadError, MAX_TEXT_BYTES};
use std::path::{Path, PathBuf};

/// Why an editing command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// A file could not be read: missing, not a regular file, or too large.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: ReadError,
    },
    /// A file is not UTF-8 text.
    #[error("{} is not UTF-8 text (line {line}); convert it first, e.g. with `iconv -t UTF-8`", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// The first line with an invalid byte.
        line: usize,
    },
    /// A destination exists and `--force` was not given.
    #[error("{} already exists; pass --force to replace it (the old file is then kept as {})", path.display(), backup_path(path).display())]
    Exists {
        /// The file that would be overwritten.
        path: PathBuf,
    },
    /// The backup of a file to be replaced is there from an earlier run, and `--force` was
    /// not given.
    #[error("{} is there from an earlier run; pass --force to replace it with the current {}, or move it away first", backup_path(path).display(), path.display())]
    BackupExists {
        /// The file to be replaced.
        path: PathBuf,
    },
    /// A destination is a symbolic link to nothing: there is no file to write through it to.
    #[error("{} is a symbolic link to a file that does not exist; remove the link or create its target", path.display())]
    DanglingLink {
        /// The link.
        path: PathBuf,
    },
    /// A file is not inside the folder it belongs to.
    #[error("{} is not read: {reason}", path.display())]
    Outside {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A file could not be written; nothing was changed.
    #[error("cannot write {}: {source}; nothing was changed", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Reads a UTF-8 text file, naming the line of the first invalid byte when it is not. Only
/// a regular file of at most [`MAX_TEXT_BYTES`] is read: a pipe, a device or a huge file
/// is refused, not read.
pub fn read_text(path: &Path) -> Result<String, EditError> {
    let bytes = read_regular(path, MAX_TEXT_BYTES).map_err(|source| EditError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        EditError::NotText {
            path: path.to_path_buf(),
            line,
        }
    })
}

/// Where the previous version of `path` is kept when it is replaced: `NAME.md.bak` for
/// `NAME.md`, beside the name given (a symbolic link's, not its target's).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes every `(path, text)` all or nothing. A file that exists is replaced only with
/// `force`, and its previous contents are kept beside it as `NAME.bak`; `replace_ok` names
/// files that may be replaced without `force` (still with a backup), such as the piece
/// `pamphlet fix --write` was asked to fix. A backup there from an earlier run is replaced
/// only with `force`. A symbolic link is written through: its target gets the new text, the
/// link stays. When anything fails, no file is changed and no backup is left. Returns the
/// backups made.
pub fn write_files(
    files: &[(PathBuf, String)],
    force: bool,
    replace_ok: &[PathBuf],
) -> Result<Vec<PathBuf>, EditError> {
    let mut staged: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut backups = Vec::new();
    for (path, text) in files {
        let Some(target) = existing_target(path)? else {
            staged.push((path.clone(), text.clone().into_bytes()));
            continue;
        };
        if !(force || replace_ok.contains(path)) {
            return Err(EditError::Exists { path: path.clone() });
        }
        let backup = backup_path(path);
        if backup.symlink_metadata().is_ok() && !force {
            return Err(EditError::BackupExists { path: path.clone() });
        }
        let old = read_regular(&target, MAX_TEXT_BYTES).map_err(|source| EditError::Read {
            path: path.clone(),
            source,
        })?;
        staged.push((backup.clone(), old));
        staged.push((target, text.clone().into_bytes()));
        backups.push(backup);
    }
    crate::output::write_all(&staged)
        .map_err(|(path, source)| EditError::Write { path, source })?;
    Ok(backups)
}

/// The file that writing to `path` replaces, if there is one: `path` itself, or the file a
/// symbolic link at `path` leads to.
fn existing_target(path: &Path) -> Result<Option<PathBuf>, EditError> {
    match path.symlink_metadata() {
        Err(_) => Ok(None),
        Ok(m) if m.file_type().is_symlink() => match path.canonicalize() {
            Ok(target) => Ok(Some(target)),
            Err(_) => Err(EditError::DanglingLink {
                path: path.to_path_buf(),
            }),
        },
        Ok(_) => Ok(Some(path.to_path_buf())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_replaces_without_force_and_keeps_a_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let piece = dir.path().join("a.md");
        std::fs::write(&piece, "old").expect("write");
        let files = [(piece.clone(), "new".to_string())];
        assert!(matches!(
            write_files(&files, false, &[]),
            Err(EditError::Exists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&piece).expect("read"), "old");
        write_files(&files, true, &[]).expect("forced");
        assert_eq!(std::fs::read_to_string(&piece).expect("read"), "new");
        assert_eq!(
            std::fs::read_to_string(backup_path(&piece)).expect("bak"),
            "old"
        );
        // A second replacement would overwrite the backup: only with force.
        assert!(write_files(&files, false, std::slice::from_ref(&piece)).is_err());
    }

    #[test]
    fn a_backup_from_an_earlier_run_is_named_and_kept_without_force() {
        let dir = tempfile::tempdir().expect("temp dir");
        let piece = dir.path().join("a.md");
        std::fs::write(&piece, "second").expect("write");
        std::fs::write(backup_path(&piece), "first").expect("write");
        let files = [(piece.clone(), "third".to_string())];
        let e = write_files(&files, false, std::slice::from_ref(&piece)).expect_err("refused");
        assert!(matches!(e, EditError::BackupExists { .. }), "{e:?}");
        let message = e.to_string();
        assert!(
            message.contains("a.md.bak is there from an earlier run")
                && message.contains("--force")
                && !message.contains(".bak.bak"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&piece).expect("read"), "second");
        // With force, the backup is the version just replaced.
        let made = write_files(&files, true, &[]).expect("forced");
        assert_eq!(made, [backup_path(&piece)]);
        assert_eq!(
            std::fs::read_to_string(backup_path(&piece)).expect("bak"),
            "second"
        );
    }

    #[test]
    fn a_symbolic_link_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink("real.md", &link).expect("symlink");
        write_files(
            &[(link.clone(), "new".to_string())],
            false,
            std::slice::from_ref(&link),
        )
        .expect("written");
        assert!(link.symlink_metadata().expect("link").is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("link.md.bak")).expect("bak"),
            "old"
        );
        let dangling = dir.path().join("gone.md");
        std::os::unix::fs::symlink("nowhere.md", &dangling).expect("symlink");
        let e = write_files(&[(dangling.clone(), "x".to_string())], true, &[]).expect_err("no");
        assert!(matches!(e, EditError::DanglingLink { .. }), "{e:?}");
        assert!(!dir.path().join("nowhere.md").exists());
    }

    #[test]
    fn names_the_line_of_bad_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("x.txt");
        std::fs::write(&file, b"one\ntwo \xff\n").expect("write");
        assert!(matches!(
            read_text(&file),
            Err(EditError::NotText { line: 2, .. })
        ));
    }
}
