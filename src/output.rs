//! Writing outputs so that a reader never sees half a file: each goes to a temporary file in
//! the destination folder and is renamed into place only when all of them are complete.

use std::io::Write;
use std::path::PathBuf;
use tempfile::NamedTempFile;

/// Writes every `(path, bytes)` pair, all or nothing: on any failure no destination is touched
/// (except those already renamed when a later rename fails, which cannot be undone) and the
/// temporary files are removed.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let dir = path
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&dir).map_err(|e| (dir.clone(), e))?;
        let mut tmp = NamedTempFile::new_in(&dir).map_err(|e| (dir.clone(), e))?;
        tmp.write_all(bytes).map_err(|e| (path.clone(), e))?;
        tmp.as_file().sync_all().map_err(|e| (path.clone(), e))?;
        staged.push((tmp, path.clone()));
    }
    for (tmp, path) in staged {
        set_readable(&tmp);
        tmp.persist(&path).map_err(|e| (path.clone(), e.error))?;
    }
    Ok(())
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
}
