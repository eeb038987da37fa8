//! Writing outputs so that a reader never sees half a file: each goes to a temporary file in
//! the destination folder and is renamed into place only when all of them are complete.

use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes every `(path, bytes)` pair, all or nothing: on any failure no destination is touched
/// (except those already renamed when a later rename fails, which cannot be undone) and the
/// temporary files are removed.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    refuse_read_only(files.iter().map(|(path, _)| path))?;
    let staged = files
        .iter()
        .map(|(path, bytes)| Staged::new(path, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    commit(staged)
}

/// Fails on the first destination that is a read-only file. A file made read-only is kept
/// as it is, although a rename could replace it: whoever protected it meant it (a copy sent
/// to the printer, say).
pub fn refuse_read_only<'p>(
    paths: impl IntoIterator<Item = &'p PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    for path in paths {
        if let Ok(existing) = std::fs::metadata(path) {
            if existing.is_file() && existing.permissions().readonly() {
                return Err((path.clone(), read_only()));
            }
        }
    }
    Ok(())
}

/// An output written whole to a temporary file beside its destination, and synced; dropped
/// without [`commit`], the temporary file is removed.
pub struct Staged {
    tmp: NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Writes `bytes` for `path` (making its folder if need be).
    pub fn new(path: &Path, bytes: &[u8]) -> Result<Staged, (PathBuf, std::io::Error)> {
        let mut staged = Staged::create(path)?;
        staged
            .file()
            .write_all(bytes)
            .map_err(|e| (path.to_path_buf(), e))?;
        staged.sync()?;
        Ok(staged)
    }

    /// An empty temporary file for `path` (making its folder if need be), to be written
    /// through [`Staged::file`] and then synced with [`Staged::sync`].
    pub fn create(path: &Path) -> Result<Staged, (PathBuf, std::io::Error)> {
        let dir = path
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&dir).map_err(|e| (dir.clone(), e))?;
        let tmp = NamedTempFile::new_in(&dir).map_err(|e| (dir.clone(), e))?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// Makes what was written durable, before the file may be renamed into place.
    pub fn sync(&self) -> Result<(), (PathBuf, std::io::Error)> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|e| (self.path.clone(), e))
    }

    /// The destination.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The folders a destination does not have yet, innermost first: made for a build's
/// outputs, and removed again if the build fails.
pub struct MissingFolders(Vec<PathBuf>);

impl MissingFolders {
    /// Those of `dir` and its ancestors that do not exist.
    pub fn of(dir: &Path) -> MissingFolders {
        MissingFolders(
            dir.ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
                .map(Path::to_path_buf)
                .collect(),
        )
    }

    /// Removes them where they are empty: nothing but the build's own files can have been
    /// put in them, and those are gone once their staging is dropped.
    pub fn remove_empty(&self) {
        for dir in &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Renames every staged file into place.
pub fn commit(staged: Vec<Staged>) -> Result<(), (PathBuf, std::io::Error)> {
    for Staged { tmp, path } in staged {
        set_readable(&tmp);
        tmp.persist(&path).map_err(|e| (path.clone(), e.error))?;
    }
    Ok(())
}

/// Why a read-only destination is not replaced, and what to do.
fn read_only() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "the file is read-only and is kept as it is; make it writable (chmod u+w) or write elsewhere (--out DIR)",
    )
}

/// Temporary files are created private (0600); a finished book is an ordinary file.
fn set_readable(tmp: &NamedTempFile) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = tmp;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_complete_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("sub/a.bin");
        write_all(&[(a.clone(), b"hello".to_vec())]).expect("write");
        assert_eq!(std::fs::read(&a).expect("read"), b"hello");
        let entries: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .expect("dir")
            .collect();
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn a_staged_file_not_committed_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.pdf");
        let staged = Staged::new(&a, b"whole").expect("stage");
        assert_eq!(staged.path(), a);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
        // Another output failed: the build drops what it staged.
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
        assert!(!a.exists());
    }

    #[test]
    fn a_read_only_destination_stops_every_file_and_is_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.epub"), dir.path().join("b.pdf"));
        std::fs::write(&b, b"kept").expect("write");
        std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let (path, e) = write_all(&[(a.clone(), b"new".to_vec()), (b.clone(), b"new".to_vec())])
            .expect_err("refused");
        assert_eq!(path, b);
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&b).expect("read"), b"kept");
        assert!(
            !a.exists(),
            "nothing is written when one destination is refused"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }
}
