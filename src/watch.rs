//! `pamphlet watch`: the book rebuilt on every save. File events are gathered for a moment
//! (an editor's save is several events; reading a file, as the build itself does, is none)
//! and then the whole book is built again, with the
//! lines of pieces that did not change taken from a [`PieceCache`]: only edited pieces are
//! typeset anew; pagination, the EPUB and the PDF are redone each time.

use crate::layout::PieceCache;
use crate::{build_cached, BuildOptions, BuildReport, Error};
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long events are gathered before a rebuild: one save, one rebuild.
const SETTLE: Duration = Duration::from_millis(150);

/// One build made while watching.
#[derive(Debug)]
pub struct Rebuild {
    /// What the build wrote, or why it did not.
    pub result: Result<BuildReport, Error>,
    /// Pieces typeset afresh.
    pub typeset: Vec<PathBuf>,
    /// How many pieces came from the cache.
    pub reused: usize,
    /// How long the build took, reading the sources to writing the last output.
    pub elapsed: Duration,
}

/// Why watching stopped.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The book folder cannot be watched.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The book folder.
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
    /// The book folder does not exist.
    #[error("{} is not a book folder: it does not exist or is not a directory", .0.display())]
    NoBookFolder(PathBuf),
}

/// Builds the book in `dir`, then again after every change to its files (outside its output
/// folder), handing each build to `report`. Runs until the process ends. If the folder is
/// deleted, the watch waits for it; when a folder of that name is there again (restored from
/// a backup, checked out anew), it is watched and built in its turn.
pub fn watch(
    dir: &Path,
    options: &BuildOptions,
    mut report: impl FnMut(&Rebuild),
) -> Result<(), WatchError> {
    let out = options.out_dir.clone().unwrap_or_else(|| dir.join("out"));
    let mut watching = Watching::start(dir)?;
    let mut cache = PieceCache::new();
    report(&rebuild(dir, options, &mut cache));
    let changed = |event: &notify::Result<Event>| {
        // An error of the watcher itself (an event queue overflow) only means a change may
        // have been missed: rebuilding is the safe answer.
        event.as_ref().map_or(true, |e| {
            let out = out.canonicalize().ok();
            // Opening and reading (the build reads every file) change nothing; closing a
            // file written to may be a save's only event.
            let read_only =
                matches!(e.kind, EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write));
            !read_only && e.paths.iter().any(|p| is_source_change(p, out.as_deref()))
        })
    };
    loop {
        let event = match watching.changes.recv_timeout(FOLDER_CHECK) {
            Ok(event) => Some(event),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        if event.as_ref().is_some_and(|e| watching.lost_with(e)) || watching.is_replaced(dir) {
            // The folder watched is gone: wait for one of its name, then start again.
            while folder_identity(dir).is_none() {
                std::thread::sleep(FOLDER_CHECK);
            }
            watching = Watching::start(dir)?;
            cache = PieceCache::new();
            report(&rebuild(dir, options, &mut cache));
            continue;
        }
        if !event.as_ref().is_some_and(changed) {
            continue;
        }
        // The rest of the save: events until a quiet moment.
        while let Ok(more) = watching.changes.recv_timeout(SETTLE) {
            if watching.lost_with(&more) {
                break;
            }
        }
        report(&rebuild(dir, options, &mut cache));
    }
}

/// How often the watch looks whether its folder is still the one it watches, or, once it is
/// gone, whether it is back.
const FOLDER_CHECK: Duration = Duration::from_millis(500);

/// A book folder being watched: the watcher and its events.
struct Watching {
    /// The folder's canonical path, as events name it.
    root: PathBuf,
    /// The folder's identity when the watch began.
    identity: Option<FolderIdentity>,
    /// Set once an event said the folder itself was removed.
    lost: bool,
    changes: mpsc::Receiver<notify::Result<Event>>,
    /// Kept for its events; dropping it ends the watch.
    _watcher: notify::RecommendedWatcher,
}

impl Watching {
    /// Watches the folder `dir`, recursively.
    fn start(dir: &Path) -> Result<Watching, WatchError> {
        let root = dir
            .canonicalize()
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| WatchError::NoBookFolder(dir.to_path_buf()))?;
        let identity = folder_identity(&root);
        let watch_error = |source| WatchError::Watch {
            path: dir.to_path_buf(),
            source,
        };
        let (events, changes) = mpsc::channel::<notify::Result<Event>>();
        let mut watcher = notify::recommended_watcher(events).map_err(watch_error)?;
        watcher
            .watch(&root, RecursiveMode::Recursive)
            .map_err(watch_error)?;
        Ok(Watching {
            root,
            identity,
            lost: false,
            changes,
            _watcher: watcher,
        })
    }

    /// Whether `event` says that the watched folder itself was removed (or moved away),
    /// after which the watcher hears nothing more of it; remembered.
    fn lost_with(&mut self, event: &notify::Result<Event>) -> bool {
        let gone = event.as_ref().is_ok_and(|e| {
            matches!(
                e.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            ) && e.paths.contains(&self.root)
        });
        self.lost |= gone;
        self.lost
    }

    /// Whether the folder at `dir` is gone or is another folder than the one watched (a
    /// folder deleted and made again within a moment: no event says so).
    fn is_replaced(&mut self, dir: &Path) -> bool {
        self.lost |= folder_identity(dir) != self.identity;
        self.lost
    }
}

/// What tells one folder from another made later at the same path: its device and inode
/// (on Unix; elsewhere only whether it is there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderIdentity(u64, u64);

/// The identity of the folder at `dir`, or `None` when there is no folder there.
fn folder_identity(dir: &Path) -> Option<FolderIdentity> {
    let metadata = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FolderIdentity(metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Some(FolderIdentity(0, 0))
    }
}

/// Builds once, timing it and noting which pieces were typeset.
fn rebuild(dir: &Path, options: &BuildOptions, cache: &mut PieceCache) -> Rebuild {
    let start = Instant::now();
    let result = build_cached(dir, options, cache);
    let elapsed = start.elapsed();
    let (typeset, reused) = match &result {
        Ok(_) => (
            cache.last_use().typeset.clone(),
            cache.last_use().reused.len(),
        ),
        Err(_) => (Vec::new(), 0),
    };
    Rebuild {
        result,
        typeset,
        reused,
        elapsed,
    }
}

/// Whether a changed path can change the book: not in the output folder (the build's own
/// writes), not an editor's hidden swap or backup file.
fn is_source_change(path: &Path, out: Option<&Path>) -> bool {
    if out.is_some_and(|out| path.starts_with(out)) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_and_editor_files_are_not_changes() {
        let out = Path::new("/b/out");
        assert!(is_source_change(Path::new("/b/01-a.md"), Some(out)));
        assert!(is_source_change(Path::new("/b/book.toml"), None));
        assert!(!is_source_change(Path::new("/b/out/b.pdf"), Some(out)));
        assert!(!is_source_change(Path::new("/b/out/.tmpX1"), Some(out)));
        assert!(!is_source_change(Path::new("/b/.01-a.md.swp"), Some(out)));
        assert!(!is_source_change(Path::new("/b/01-a.md~"), Some(out)));
    }
}
