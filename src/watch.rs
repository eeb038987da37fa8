//! `pamphlet watch`: the book rebuilt on every save. File events are gathered for a moment
//! (an editor's save is several events; reading a file, as the build itself does, is none)
//! and then the whole book is built again, with the
//! lines of pieces that did not change taken from a [`PieceCache`]: only edited pieces are
//! typeset anew; pagination, the EPUB and the PDF are redone each time.

use crate::layout::PieceCache;
use crate::{build_cached, BuildOptions, BuildReport, Error};
use notify::event::{AccessKind, AccessMode};
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
/// folder), handing each build to `report`. Runs until the process ends.
pub fn watch(
    dir: &Path,
    options: &BuildOptions,
    mut report: impl FnMut(&Rebuild),
) -> Result<(), WatchError> {
    let root = dir
        .canonicalize()
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| WatchError::NoBookFolder(dir.to_path_buf()))?;
    let out = options.out_dir.clone().unwrap_or_else(|| dir.join("out"));
    let watch_error = |source| WatchError::Watch {
        path: dir.to_path_buf(),
        source,
    };
    let (events, changes) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(events).map_err(watch_error)?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(watch_error)?;
    let mut cache = PieceCache::new();
    report(&rebuild(dir, options, &mut cache));
    let changed = |event: notify::Result<Event>| {
        // An error of the watcher itself (an event queue overflow) only means a change may
        // have been missed: rebuilding is the safe answer.
        event.map_or(true, |e| {
            let out = out.canonicalize().ok();
            // Opening and reading (the build reads every file) change nothing; closing a
            // file written to may be a save's only event.
            let read_only =
                matches!(e.kind, EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write));
            !read_only && e.paths.iter().any(|p| is_source_change(p, out.as_deref()))
        })
    };
    while let Ok(event) = changes.recv() {
        if !changed(event) {
            continue;
        }
        // The rest of the save: events until a quiet moment.
        while let Ok(more) = changes.recv_timeout(SETTLE) {
            let _ = changed(more);
        }
        report(&rebuild(dir, options, &mut cache));
    }
    Ok(())
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
