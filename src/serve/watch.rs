//! Watching `content/` and `themes/` for saves, and for the folders themselves going away and
//! coming back (`rm -rf content` and a fresh copy, a `git checkout`, a tool that replaces the
//! whole folder). A recursive watch dies with its folder, so the site folder is watched too,
//! not recursively: when `content/` or `themes/` reappears, it is watched again.

use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders a preview is built from.
const FOLDERS: [&str; 2] = ["content", "themes"];
/// Saves closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub(crate) struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Whether each of `FOLDERS` was there, and watched, after the last batch.
    present: [bool; 2],
}

/// A folder of `FOLDERS` that went away, came back or was replaced.
pub(crate) struct FolderChange {
    pub(crate) name: &'static str,
    pub(crate) was_there: bool,
    pub(crate) is_there: bool,
    /// Why it could not be watched again, when it could not.
    pub(crate) warning: Option<WatchError>,
}

/// The system would not watch `folder` (or start watching at all, when `None`).
#[derive(Debug)]
pub(crate) struct WatchError {
    folder: Option<PathBuf>,
    source: notify::Error,
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.folder {
            Some(folder) => write!(f, "cannot watch {}: {}", folder.display(), self.source),
            None => write!(f, "cannot watch files: {}", self.source),
        }
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl WatchError {
    fn of(folder: &Path) -> impl FnOnce(notify::Error) -> WatchError + '_ {
        move |source| WatchError {
            folder: Some(folder.to_path_buf()),
            source,
        }
    }
}

impl Watch {
    pub(crate) fn start(
        root: &Path,
        events: Sender<DebounceEventResult>,
    ) -> Result<Watch, WatchError> {
        let debouncer =
            notify_debouncer_full::new_debouncer(DEBOUNCE, None, events).map_err(|source| {
                WatchError {
                    folder: None,
                    source,
                }
            })?;
        let mut watch = Watch {
            debouncer,
            root: root.to_path_buf(),
            present: [false; 2],
        };
        watch
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(WatchError::of(root))?;
        for (i, folder) in FOLDERS.iter().enumerate() {
            watch.present[i] = watch.rewatch(folder)?;
        }
        Ok(watch)
    }

    /// The folders watched now, for the terminal ("content/ and themes/").
    pub(crate) fn watched(&self) -> String {
        FOLDERS
            .iter()
            .zip(self.present)
            .filter(|(_, there)| *there)
            .map(|(folder, _)| format!("{folder}/"))
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// Splits a batch of events into the paths saved or removed inside the folders and the
    /// folders that went away or came back; the latter are watched again before this returns,
    /// so a rebuild that follows sees every save after it.
    pub(crate) fn sort(
        &mut self,
        events: Vec<DebouncedEvent>,
    ) -> (Vec<PathBuf>, Vec<FolderChange>) {
        let mut paths = Vec::new();
        let mut touched = [false; 2];
        // Reading a file is an event too (the build itself reads every file): only writes count.
        let writes = events
            .into_iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)));
        for path in writes.flat_map(|e| e.event.paths) {
            if path.parent() == Some(self.root.as_path()) {
                // The site folder's own entries: only the folders themselves are ours to watch
                // (`site/`, `.git` and the rest are not).
                if let Some(i) = FOLDERS.iter().position(|f| path.ends_with(f)) {
                    touched[i] = true;
                }
            } else {
                paths.push(path);
            }
        }
        let mut changes = Vec::new();
        for (i, name) in FOLDERS.iter().enumerate() {
            let is_there = self.root.join(name).is_dir();
            if !touched[i] && is_there == self.present[i] {
                continue;
            }
            // Watched again even when it seems to be still there: it may be a new folder with
            // the old name, which the old watch does not see.
            let (watching, warning) = match self.rewatch(name) {
                Ok(watching) => (watching, None),
                Err(err) => (false, Some(err)),
            };
            changes.push(FolderChange {
                name,
                was_there: self.present[i],
                is_there: watching,
                warning,
            });
            self.present[i] = watching;
        }
        (paths, changes)
    }

    /// Drops any watch on `folder` and watches it afresh; `false` when it is not there.
    fn rewatch(&mut self, folder: &str) -> Result<bool, WatchError> {
        let path = self.root.join(folder);
        // A watch whose folder was removed is already gone: nothing to drop then.
        let _ = self.debouncer.unwatch(&path);
        if !path.is_dir() {
            return Ok(false);
        }
        self.debouncer
            .watch(&path, RecursiveMode::Recursive)
            .map_err(WatchError::of(&path))?;
        Ok(true)
    }
}
