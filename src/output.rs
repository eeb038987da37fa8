//! Writing outputs so that a reader never sees half a file: each goes to a temporary file in
//! the destination folder and is renamed into place only when all of them are complete, and
//! if one of the renames fails, those already made are undone.
//!
//! A temporary file is named `.NAME.pamphlet-tmp-PID-XXXXXX` beside its destination NAME.
//! A process stopped by SIGINT or SIGTERM removes its own ([`remove_unfinished`], called by
//! the command line's signal handler); one that could not (`kill -9`, a power cut) leaves
//! them, and the next write into that folder removes every one whose process is gone.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use tempfile::NamedTempFile;

/// What marks a temporary file of pamphlet's, between its destination's name and the PID of
/// the process writing it.
const TEMP_MARK: &str = ".pamphlet-tmp-";

/// The most of a destination's name a temporary file's name repeats (in bytes): with the mark,
/// the PID and the random part, the name stays under the 255 bytes file systems allow.
const TEMP_NAME_KEPT: usize = 160;

/// Temporary files of this process that exist now, for [`remove_unfinished`].
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Folders made for the outputs being written, innermost first, for [`remove_unfinished`].
static MADE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held while staged files are renamed into place: an interruption waits for the renames,
/// so that the outputs are either all old or all new.
static COMMITTING: Mutex<()> = Mutex::new(());

/// Locks `mutex`, through a panic of another thread (the lists stay usable).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every temporary file this process is writing, and the folders made for them
/// that are left empty, waiting for renames under way to finish. For a process about to
/// end on a signal: afterwards no output can be written or renamed into place (the lists
/// stay locked).
pub fn remove_unfinished() {
    let committing = lock(&COMMITTING);
    let temporary = lock(&TEMPORARY);
    for path in temporary.iter() {
        let _ = std::fs::remove_file(path);
    }
    let made = lock(&MADE);
    for dir in made.iter() {
        let _ = std::fs::remove_dir(dir);
    }
    std::mem::forget(made);
    std::mem::forget(temporary);
    std::mem::forget(committing);
}

/// A temporary file's path, listed in [`TEMPORARY`] from its creation to its removal or
/// rename.
struct Listed(PathBuf);

impl Listed {
    /// Makes a temporary file with `make` and lists it (its path from `path_of`), holding the
    /// list's lock across both: a signal between them would find the file made but not
    /// listed, and the process would end leaving it.
    fn make<T>(
        make: impl FnOnce() -> std::io::Result<T>,
        path_of: impl Fn(&T) -> &Path,
    ) -> std::io::Result<(T, Listed)> {
        let mut temporary = lock(&TEMPORARY);
        let made = make()?;
        let path = path_of(&made).to_path_buf();
        temporary.push(path.clone());
        Ok((made, Listed(path)))
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        let mut temporary = lock(&TEMPORARY);
        if let Some(i) = temporary.iter().position(|p| *p == self.0) {
            temporary.swap_remove(i);
        }
    }
}

/// Writes every `(path, bytes)` pair, all or nothing: on any failure no destination is
/// changed and the temporary files are removed.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    check_destinations(files.iter().map(|(path, _)| path))?;
    let staged = files
        .iter()
        .map(|(path, bytes)| Staged::new(path, bytes))
        .collect::<Result<Vec<_>, _>>()?;
    commit(staged)
}

/// Fails on the first destination a file cannot or must not replace: a folder, or a
/// read-only file. A file made read-only is kept as it is, although a rename could replace
/// it: whoever protected it meant it (a copy sent to the printer, say).
pub fn check_destinations<'p>(
    paths: impl IntoIterator<Item = &'p PathBuf>,
) -> Result<(), (PathBuf, std::io::Error)> {
    for path in paths {
        // A symbolic link is replaced, not followed, by the rename: it is the link that
        // counts here, except that a link to a read-only file is kept like the file.
        if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            return Err((path.clone(), folder_in_the_way()));
        }
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
    listed: Listed,
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
    /// through [`Staged::file`] and then synced with [`Staged::sync`]. Temporary files that
    /// earlier processes left in the folder are removed first.
    pub fn create(path: &Path) -> Result<Staged, (PathBuf, std::io::Error)> {
        let dir = folder_of(path);
        std::fs::create_dir_all(&dir).map_err(|e| (dir.clone(), e))?;
        remove_stale(&dir);
        let (tmp, listed) = Listed::make(
            || {
                tempfile::Builder::new()
                    .prefix(&temp_prefix(path))
                    .tempfile_in(&dir)
            },
            |tmp| tmp.path(),
        )
        .map_err(|e| (dir.clone(), e))?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
            listed,
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

/// The folder a destination is written in.
fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `.NAME.pamphlet-tmp-PID-`: the start of the name of a temporary file for `path` (the
/// random part follows). Hidden, so that a file manager, a sync client or `watch` passes it
/// by; the PID tells a later process whether its writer is still running.
fn temp_prefix(path: &Path) -> OsString {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut end = name.len().min(TEMP_NAME_KEPT);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    OsString::from(format!(
        ".{}{TEMP_MARK}{}-",
        &name[..end],
        std::process::id()
    ))
}

/// The PID in the name of one of pamphlet's temporary files, if `name` is one.
fn temp_owner(name: &str) -> Option<i32> {
    let (_, after) = name.rsplit_once(TEMP_MARK)?;
    let (pid, _) = after.split_once('-')?;
    pid.parse().ok()
}

/// Whether the process `pid` is running (on this machine: a folder shared over a network
/// with a build on another machine is not looked after).
#[cfg(unix)]
fn is_running(pid: i32) -> bool {
    let Some(pid) = rustix::process::Pid::from_raw(pid) else {
        return false;
    };
    // EPERM: it runs, as another user.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// Whether the process `pid` is running: not known here, so every file is left alone.
#[cfg(not(unix))]
fn is_running(_pid: i32) -> bool {
    true
}

/// Removes the temporary files in `dir` whose writing process is gone (killed before it
/// could remove them). Those of a running process, another build of the same book say, are
/// left alone. Best effort: what cannot be listed or removed stays.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let stale = name.starts_with('.')
            && temp_owner(name)
                .is_some_and(|pid| pid != std::process::id() as i32 && !is_running(pid));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The folders a destination does not have yet, innermost first: made for a build's
/// outputs, and removed again if the build fails or is interrupted.
pub struct MissingFolders(Vec<PathBuf>);

impl MissingFolders {
    /// Those of `dir` and its ancestors that do not exist; listed for
    /// [`remove_unfinished`] until dropped.
    pub fn of(dir: &Path) -> MissingFolders {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        lock(&MADE).extend(missing.iter().cloned());
        MissingFolders(missing)
    }

    /// Removes them where they are empty: nothing but the build's own files can have been
    /// put in them, and those are gone once their staging is dropped.
    pub fn remove_empty(&self) {
        for dir in &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

impl Drop for MissingFolders {
    fn drop(&mut self) {
        let mut made = lock(&MADE);
        for dir in &self.0 {
            if let Some(i) = made.iter().position(|d| d == dir) {
                made.remove(i);
            }
        }
    }
}

/// Renames every staged file into place, all or nothing: the destinations are checked
/// again first (time has passed since the files were staged), and if a rename fails anyway
/// (an immutable file, a full folder), those already made are undone.
pub fn commit(staged: Vec<Staged>) -> Result<(), (PathBuf, std::io::Error)> {
    let _committing = lock(&COMMITTING);
    check_destinations(staged.iter().map(|s| &s.path))?;
    replace_all(staged)
}

/// What a destination was before its new version was renamed into place.
enum Before {
    /// Nothing: undoing removes the new file.
    Absent,
    /// A file, linked to under a temporary name: undoing renames it back.
    Kept(NamedTempFile<()>, Listed),
    /// A file that could not be linked to (a file system without hard links): it cannot
    /// be put back.
    Lost,
}

/// The renames of [`commit`], undone on the first failure.
fn replace_all(staged: Vec<Staged>) -> Result<(), (PathBuf, std::io::Error)> {
    let mut replaced: Vec<(PathBuf, Before)> = Vec::new();
    for Staged { tmp, path, listed } in staged {
        set_readable(&tmp);
        let before = keep_aside(&path);
        if let Err(e) = tmp.persist(&path) {
            drop(before);
            undo(replaced);
            return Err((path, e.error));
        }
        drop(listed);
        replaced.push((path, before));
    }
    // Every file is in place; the old versions kept aside go as they are dropped.
    Ok(())
}

/// Links the file at `path` under a temporary name beside it, so that it can be put back.
fn keep_aside(path: &Path) -> Before {
    if path.symlink_metadata().is_err() {
        return Before::Absent;
    }
    let made = Listed::make(
        || {
            tempfile::Builder::new()
                .prefix(&temp_prefix(path))
                .make_in(folder_of(path), |aside| std::fs::hard_link(path, aside))
        },
        |aside| aside.path(),
    );
    match made {
        Ok((aside, listed)) => Before::Kept(aside, listed),
        Err(_) => Before::Lost,
    }
}

/// Puts back what `replaced` held before, last first.
fn undo(replaced: Vec<(PathBuf, Before)>) {
    for (path, before) in replaced.into_iter().rev() {
        match before {
            Before::Absent => {
                let _ = std::fs::remove_file(&path);
            }
            Before::Kept(aside, _listed) => {
                let _ = aside.persist(&path);
            }
            Before::Lost => {}
        }
    }
}

/// Why a read-only destination is not replaced, and what to do.
fn read_only() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "the file is read-only and is kept as it is; make it writable (chmod u+w) to replace it",
    )
}

/// Why a folder standing where a file is to be written is not replaced, and what to do.
fn folder_in_the_way() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::IsADirectory,
        "a folder of that name is in the way; move or rename it",
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

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_complete_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("sub/a.bin");
        write_all(&[(a.clone(), b"hello".to_vec())]).expect("write");
        assert_eq!(std::fs::read(&a).expect("read"), b"hello");
        assert_eq!(names(&dir.path().join("sub")), ["a.bin"]);
    }

    #[test]
    fn a_staged_file_not_committed_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a.pdf");
        let staged = Staged::new(&a, b"whole").expect("stage");
        assert_eq!(staged.path(), a);
        let temporary = names(dir.path());
        assert_eq!(temporary.len(), 1);
        assert!(
            temporary[0].starts_with(&format!(".a.pdf.pamphlet-tmp-{}-", std::process::id())),
            "{temporary:?}"
        );
        // Another output failed: the build drops what it staged.
        drop(staged);
        assert!(names(dir.path()).is_empty());
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
        assert_eq!(names(dir.path()), ["b.pdf"], "no temporary file is left");
    }

    #[test]
    fn a_folder_in_the_way_stops_every_file_before_any_is_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.epub"), dir.path().join("b.pdf"));
        std::fs::write(&a, b"old").expect("write");
        std::fs::create_dir(&b).expect("mkdir");
        let staged = vec![
            Staged::new(&a, b"new").expect("stage"),
            Staged::new(&b, b"new").expect("stage"),
        ];
        // The folder appeared after the files were staged: commit looks again.
        let (path, e) = commit(staged).expect_err("refused");
        assert_eq!(path, b);
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        assert_eq!(std::fs::read(&a).expect("read"), b"old");
        assert_eq!(names(dir.path()), ["a.epub", "b.pdf"]);
    }

    #[test]
    fn a_failed_rename_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (old, new, blocked) = (
            dir.path().join("old.epub"),
            dir.path().join("new.txt"),
            dir.path().join("blocked.pdf"),
        );
        std::fs::write(&old, b"old").expect("write");
        // A folder with a file in it, which no rename can replace; past the checks, the
        // renames before it must be undone.
        std::fs::create_dir(&blocked).expect("mkdir");
        std::fs::write(blocked.join("x"), b"x").expect("write");
        let staged = vec![
            Staged::new(&old, b"replaced").expect("stage"),
            Staged::new(&new, b"made").expect("stage"),
            Staged::new(&blocked, b"never").expect("stage"),
        ];
        let (path, _) = replace_all(staged).expect_err("the last rename fails");
        assert_eq!(path, blocked);
        assert_eq!(std::fs::read(&old).expect("read"), b"old");
        assert!(!new.exists(), "a file that was not there is removed again");
        assert_eq!(names(dir.path()), ["blocked.pdf", "old.epub"]);
        assert!(lock(&TEMPORARY).iter().all(|p| !p.starts_with(dir.path())));
    }

    #[test]
    fn temporary_files_of_a_dead_process_are_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A PID no process has: above the kernel's largest (4,194,304).
        let dead = dir.path().join(".b.epub.pamphlet-tmp-2147483000-a1B2c3");
        // PID 1 is always running.
        let live = dir.path().join(".b.epub.pamphlet-tmp-1-d4E5f6");
        let others = [".b.epub.tmp123", "b.epub", ".pamphlet-tmp-notes"];
        for path in [&dead, &live] {
            std::fs::write(path, b"half").expect("write");
        }
        for name in others {
            std::fs::write(dir.path().join(name), b"mine").expect("write");
        }
        let staged = Staged::create(&dir.path().join("b.epub")).expect("stage");
        assert!(!dead.exists(), "the dead process's file stays");
        assert!(live.exists(), "a running process's file was removed");
        for name in others {
            assert!(dir.path().join(name).exists(), "{name} was removed");
        }
        drop(staged);
    }

    #[test]
    fn a_temporary_file_is_listed_while_it_exists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let staged = Staged::new(&dir.path().join("a.pdf"), b"half").expect("stage");
        let temporary = staged.tmp.path().to_path_buf();
        assert!(lock(&TEMPORARY).contains(&temporary));
        drop(staged);
        assert!(!lock(&TEMPORARY).contains(&temporary));
    }
}
