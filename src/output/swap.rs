//! Swapping a new site in for the old one, and what a build keeps beside the output folder
//! meanwhile: the lock that makes a second build wait, the staging folder, the old site set
//! aside, and the leftovers of interrupted builds, removed only when they carry our names and
//! marker. See `output` for why the swap is done this way.

use super::{is_marked, present, Ours, OutputError, Step, MARKER};
use crate::diagnostics::Reporter;
use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What a build keeps beside the output folder: the lock, the staging folder, the old site
/// set aside. Their names start with `.<name>.`, so they are hidden and sort together.
pub(crate) struct Beside {
    pub(crate) out: PathBuf,
    pub(crate) parent: PathBuf,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Kind {
    /// A new site being written (or, after the exchange, the old site it replaced).
    Building,
    /// The old site, renamed aside while the new one is renamed into place.
    Previous,
    /// A replaced site being deleted.
    Removing,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Building, Kind::Previous, Kind::Removing];

    fn word(self) -> &'static str {
        match self {
            Kind::Building => "building",
            Kind::Previous => "previous",
            Kind::Removing => "removing",
        }
    }
}

impl Beside {
    pub(crate) fn new(out: &Path) -> Beside {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Beside {
            out: out.to_path_buf(),
            parent: parent.to_path_buf(),
            name: out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "site".into()),
        }
    }

    fn lock_path(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    fn path(&self, kind: Kind) -> PathBuf {
        self.parent.join(format!(
            ".{}.{}-{}",
            self.name,
            kind.word(),
            std::process::id()
        ))
    }

    /// A new, empty folder of this kind.
    pub(crate) fn fresh(&self, kind: Kind) -> Result<PathBuf, OutputError> {
        let dir = self.path(kind);
        fs::create_dir(&dir).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => OutputError::InTheWay {
                path: dir.clone(),
                what: Ours::Folder,
            },
            _ => OutputError::io(Step::Create, &dir)(e),
        })?;
        Ok(dir)
    }

    /// Folders that interrupted builds left beside the output folder: our names, and our
    /// marker (or nothing at all) inside.
    fn leftovers(&self) -> Vec<(Kind, PathBuf)> {
        let prefix = format!(".{}.", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<(Kind, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let (word, pid) = name.strip_prefix(&prefix)?.split_once('-')?;
                let kind = Kind::ALL.into_iter().find(|k| k.word() == word)?;
                let ours = !pid.is_empty()
                    && pid.bytes().all(|b| b.is_ascii_digit())
                    && entry.file_type().is_ok_and(|t| t.is_dir())
                    && (is_marked(&entry.path()) || is_empty(&entry.path()));
                ours.then(|| (kind, entry.path()))
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1));
        found
    }

    /// Puts back a site that a build killed between its two renames left aside, and removes
    /// every other leftover.
    pub(crate) fn tidy(&self, report: &dyn Reporter) -> Result<(), OutputError> {
        let mut found = self.leftovers();
        let set_aside = found.iter().position(|(kind, dir)| {
            *kind == Kind::Previous && is_marked(dir) && !present(&self.out)
        });
        if let Some(i) = set_aside {
            let (_, previous) = found.remove(i);
            fs::rename(&previous, &self.out).map_err(|source| OutputError::PutBack {
                out: self.out.clone(),
                from: previous.clone(),
                source,
            })?;
            report.say(&format!(
                "note: put back {} from {}, where a build that was stopped while swapping had set it aside",
                self.out.display(),
                previous.display()
            ));
        }
        for (_, dir) in found {
            remove_ours(&dir);
        }
        Ok(())
    }

    /// Deletes a replaced site, first renamed so that it is never taken for one set aside.
    pub(crate) fn discard(&self, old: &Path) {
        let removing = self.path(Kind::Removing);
        if fs::rename(old, &removing).is_ok() {
            remove_ours(&removing);
        } else {
            remove_ours(old);
        }
    }
}

/// Puts the staging folder in place of the output folder and returns where the old site went.
pub(crate) fn swap(staging: &Path, beside: &Beside) -> Result<PathBuf, OutputError> {
    let out = &beside.out;
    let fail = |e: io::Error| OutputError::io(Step::Replace, out)(e);
    if exchange(staging, out).map_err(fail)? {
        checkpoint("swap");
        return Ok(staging.to_path_buf());
    }
    let previous = beside.path(Kind::Previous);
    fs::rename(out, &previous).map_err(fail)?;
    checkpoint("swap");
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&previous, out);
        return Err(OutputError::io(Step::MoveIn, out)(e));
    }
    Ok(previous)
}

/// Swaps two folders in one step; `Ok(false)` where the system or file system cannot.
/// `SUPPORTMAP_TEST_NO_EXCHANGE` makes tests take the two-rename path.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("SUPPORTMAP_TEST_NO_EXCHANGE").is_some() {
        return Ok(false);
    }
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A test hook: with `SUPPORTMAP_TEST_PAUSE_AT` naming this checkpoint, the build says so on
/// standard error and waits for standard input to close, so a test can kill it exactly here.
pub(crate) fn checkpoint(name: &str) {
    if std::env::var_os("SUPPORTMAP_TEST_PAUSE_AT").is_some_and(|at| at == name) {
        eprintln!("paused at {name}");
        let _ = io::copy(&mut io::stdin(), &mut io::sink());
    }
}

/// Keeps other builds out of the same output folder while it lives: a second build waits.
pub(crate) struct Lock {
    _file: fs::File,
    path: PathBuf,
}

impl Lock {
    pub(crate) fn take(beside: &Beside, report: &dyn Reporter) -> Result<Lock, OutputError> {
        let path = beside.lock_path();
        let fail = |e: io::Error| OutputError::io(Step::Lock, &path)(e);
        let mut said = false;
        loop {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(fail)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    if !said {
                        report.say(&format!(
                            "waiting: another supportmap build is writing into {}; this one goes on when it ends",
                            beside.out.display()
                        ));
                        said = true;
                    }
                    file.lock().map_err(fail)?;
                }
                Err(fs::TryLockError::Error(e)) => return Err(fail(e)),
            }
            if file.metadata().map_err(fail)?.len() != 0 {
                return Err(OutputError::InTheWay {
                    path,
                    what: Ours::Lock,
                });
            }
            // The build before may have removed the file while we waited for it.
            if same_file(&file, &path) {
                return Ok(Lock { _file: file, path });
            }
        }
    }
}

impl Drop for Lock {
    /// Removed while still held; a build waiting on it then finds it gone and makes a new one.
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed, so the one opened is the one at the path.
#[cfg(not(unix))]
fn same_file(_: &fs::File, _: &Path) -> bool {
    true
}

pub(crate) fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Deletes a folder we wrote, its marker last: a deletion cut short leaves a folder the next
/// build still recognises. Deleting tens of thousands of old pages one by one is a large part
/// of a rebuild, so the top-level entries go in parallel.
pub(crate) fn remove_ours(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<fs::DirEntry> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != MARKER)
            .collect();
        entries.par_iter().for_each(|entry| {
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(entry.path())
            } else {
                fs::remove_file(entry.path())
            };
        });
    }
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Silent;
    use crate::output::tests::folder;

    #[test]
    fn only_leftovers_with_our_names_and_marker_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        folder(&at("site"), true, &[]);
        folder(&at(".site.building-1"), true, &[("page.html", "x")]);
        folder(&at(".site.removing-2"), false, &[]);
        folder(&at(".site.previous-3/a"), false, &[("page.html", "x")]);
        folder(&at(".site.previous-3"), true, &[]);
        folder(&at(".site.building-4"), false, &[("notes.txt", "mine")]);
        folder(&at(".site.backup-5"), true, &[]);
        folder(&at(".other.building-6"), true, &[]);
        folder(&at(".site.building-x7"), true, &[]);
        fs::write(at(".site.previous-8"), "a file").unwrap();
        Beside::new(&at("site")).tidy(&Silent).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.building-6",
                ".site.backup-5",
                ".site.building-4",
                ".site.building-x7",
                ".site.previous-8",
                "site"
            ]
        );
        assert_eq!(
            fs::read_to_string(at(".site.building-4/notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_site_set_aside_is_put_back_when_the_output_folder_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let aside = dir.path().join(".site.previous-9");
        folder(&aside, true, &[("index.html", "old")]);
        let out = dir.path().join("site");
        Beside::new(&out).tidy(&Silent).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(is_marked(&out) && !aside.exists());
    }
}
