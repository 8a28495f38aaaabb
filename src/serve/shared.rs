//! What the HTTP side serves: the files of the last good build, the overlay while the latest
//! build has errors, and a short log of what changed that the live-reload polls wait on.
//!
//! The engine swaps each rebuild's files in with one `publish`, so a reader never sees pages
//! of two rebuilds side by side; what the background makes after it (the open data after an
//! edit, the search index) is swapped in part by part with `replace_part`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What the HTTP side serves: the files of the last good build, the overlay when the latest
/// build failed, and a log of what changed for the reload polls.
#[derive(Default)]
pub(crate) struct Shared {
    pub(crate) files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    pub(crate) overlay: RwLock<Option<String>>,
    changes: Mutex<ChangeLog>,
    changed: Condvar,
}

#[derive(Default)]
struct ChangeLog {
    version: u64,
    /// Recent versions and the files each changed (`None`: every page).
    recent: VecDeque<(u64, Option<HashSet<String>>)>,
}

impl Shared {
    /// Swaps in new files (and removes `gone`), then wakes the polls of the pages concerned.
    pub(crate) fn publish(
        &self,
        files: Vec<(String, Vec<u8>)>,
        gone: &[String],
        all: bool,
        replace: bool,
    ) {
        let changed: HashSet<String> = files
            .iter()
            .map(|(p, _)| p.clone())
            .chain(gone.iter().cloned())
            .collect();
        {
            let mut map = self.files.write().expect("files lock");
            if replace {
                // Keep the previous search index until the new one is ready.
                map.retain(|path, _| path.starts_with(crate::addresses::SEARCH_INDEX_DIR));
            }
            for path in gone {
                map.remove(path);
            }
            for (path, bytes) in files {
                map.insert(path, Arc::new(bytes));
            }
        }
        self.bump(if all { None } else { Some(changed) });
    }

    /// Swaps in one part of the site made in the background (`owns` tells its paths apart):
    /// its files from before that it no longer makes go, and the polls of those concerned wake.
    pub(crate) fn replace_part(
        &self,
        owns: impl Fn(&str) -> bool,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) {
        let mut changed = HashSet::new();
        {
            let mut map = self.files.write().expect("files lock");
            map.retain(|path, _| {
                let ours = owns(path);
                if ours {
                    changed.insert(path.clone());
                }
                !ours
            });
            for (path, bytes) in files {
                changed.insert(path.clone());
                map.insert(path, Arc::new(bytes));
            }
        }
        self.bump(Some(changed));
    }

    pub(crate) fn set_overlay(&self, overlay: Option<String>) {
        *self.overlay.write().expect("overlay lock") = overlay;
        self.bump(None);
    }

    fn bump(&self, changed: Option<HashSet<String>>) {
        let mut log = self.changes.lock().expect("changes lock");
        log.version += 1;
        let version = log.version;
        log.recent.push_back((version, changed));
        while log.recent.len() > 64 {
            log.recent.pop_front();
        }
        self.changed.notify_all();
    }

    /// Waits until `file` changed after version `since`, or the wait runs out. Returns the
    /// version now current and whether the page should reload.
    pub(crate) fn wait(&self, since: Option<u64>, file: &str, timeout: Duration) -> (u64, bool) {
        let deadline = Instant::now() + timeout;
        let mut log = self.changes.lock().expect("changes lock");
        loop {
            let Some(since) = since else {
                return (log.version, false);
            };
            if since > log.version {
                // The server restarted since the page loaded.
                return (log.version, true);
            }
            let oldest = log.recent.front().map_or(log.version + 1, |(v, _)| *v);
            let missed = since + 1 < oldest && since < log.version;
            let touched = log.recent.iter().any(|(v, changed)| {
                *v > since && changed.as_ref().is_none_or(|c| c.contains(file))
            });
            if missed || touched {
                return (log.version, true);
            }
            let now = Instant::now();
            if now >= deadline {
                return (log.version, false);
            }
            log = self
                .changed
                .wait_timeout(log, deadline - now)
                .expect("changes lock")
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_wake_for_their_page_only() {
        let shared = Shared::default();
        shared.publish(vec![("index.html".into(), b"x".to_vec())], &[], true, true);
        let (v, reload) = shared.wait(None, "index.html", Duration::ZERO);
        assert!(!reload);
        shared.publish(
            vec![("assets/a/index.html".into(), b"y".to_vec())],
            &[],
            false,
            false,
        );
        assert!(
            shared
                .wait(Some(v), "assets/a/index.html", Duration::ZERO)
                .1
        );
        assert!(
            !shared
                .wait(Some(v), "assets/b/index.html", Duration::ZERO)
                .1
        );
        shared.set_overlay(Some("broken".into()));
        assert!(
            shared
                .wait(Some(v), "assets/b/index.html", Duration::ZERO)
                .1,
            "the overlay reloads every page"
        );
        assert!(
            shared.wait(Some(v + 100), "index.html", Duration::ZERO).1,
            "a restarted server reloads pages"
        );
    }
}
