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

use std::path::{Path, PathBuf};

/// Why an editing command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
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
    #[error("{} already exists; pass --force to replace it (the old file is kept as {})", path.display(), backup_path(path).display())]
    Exists {
        /// The file that would be overwritten.
        path: PathBuf,
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

/// Reads a UTF-8 text file, naming the line of the first invalid byte when it is not.
pub fn read_text(path: &Path) -> Result<String, EditError> {
    let bytes = std::fs::read(path).map_err(|source| EditError::Read {
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

/// Where the previous version of `path` is kept when it is replaced.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes every `(path, text)` all or nothing. A file that exists is replaced only with
/// `force`, and its previous contents are kept beside it as `NAME.bak`; `replace_ok` names
/// files that may be replaced without `force` (still with a backup), such as the piece
/// `pamphlet fix --write` was asked to fix.
pub fn write_files(
    files: &[(PathBuf, String)],
    force: bool,
    replace_ok: &[PathBuf],
) -> Result<(), EditError> {
    let mut staged: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (path, text) in files {
        if path.exists() {
            let backup = backup_path(path);
            let allowed = force || replace_ok.contains(path);
            if !allowed {
                return Err(EditError::Exists { path: path.clone() });
            }
            if backup.exists() && !force {
                return Err(EditError::Exists { path: backup });
            }
            let old = std::fs::read(path).map_err(|source| EditError::Read {
                path: path.clone(),
                source,
            })?;
            staged.push((backup, old));
        }
        staged.push((path.clone(), text.clone().into_bytes()));
    }
    crate::output::write_all(&staged).map_err(|(path, source)| EditError::Write { path, source })
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
