//! Output: writes the built site atomically.
//!
//! The new site is written to a temporary folder beside the output folder and swapped in only
//! when every file is written, so a failed build never leaves readers with a half-written or
//! empty site. A file that is byte-for-byte what the previous build wrote is hard-linked from
//! it instead of written again: a rebuild after a small edit creates few new files. Refuses
//! output folders that would destroy content.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Where built files go as soon as they are made: a staging folder for `build`, memory for
/// `serve` and tests. Stages put files one by one, so no stage holds the whole site.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (below the output folder, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String>;

    /// Writes the file at `path` piece by piece: the site-wide data files of a large site are
    /// too big to hold whole.
    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), String>;
}

/// Writes a file's contents to the writer it is given.
pub type WriteFn<'a> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'a;

/// Files kept in memory, by path.
#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|_| "a writer panicked".to_string())?
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), String> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| format!("cannot make {path}: {e}"))?;
        self.put(path, &bytes)
    }
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A new site being written beside the output folder; `commit` swaps it in, dropping it
/// without committing removes it and leaves the old site as it was.
pub struct Staging {
    out: PathBuf,
    /// Whether there is an earlier build to link unchanged files from.
    rebuild: bool,
    dir: PathBuf,
    /// Folders already made, so parallel writers make each once.
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn begin(out: &Path, root: &Path) -> Result<Staging, String> {
        guard(out, root)?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let dir = parent.join(format!(
            ".{}.building-{}",
            site_name(out),
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            rebuild: out.is_dir(),
            dir,
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Swaps the new site in for the old one.
    pub fn commit(mut self) -> Result<(), String> {
        let out = self.out.clone();
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let previous = parent.join(format!(
            ".{}.previous-{}",
            site_name(&out),
            std::process::id()
        ));
        let had_previous = out.exists();
        if had_previous {
            fs::rename(&out, &previous)
                .map_err(|e| format!("cannot replace {}: {e}", out.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &out) {
            if had_previous {
                let _ = fs::rename(&previous, &out);
            }
            return Err(format!(
                "cannot move the new site into {}: {e}",
                out.display()
            ));
        }
        self.committed = true;
        if had_previous {
            remove_in_parallel(&previous);
        }
        Ok(())
    }

    /// Where `path` goes in the staging folder (its folder made), and the path relative to it.
    fn target(&self, path: &str) -> Result<(PathBuf, PathBuf), String> {
        let relative = safe_relative(path)
            .ok_or_else(|| format!("refusing to write outside the output folder: {path}"))?;
        let target = self.dir.join(&relative);
        if let Some(dir) = target.parent() {
            self.make_folder(dir)?;
        }
        Ok((relative, target))
    }

    fn make_folder(&self, dir: &Path) -> Result<(), String> {
        let mut made = self.made.lock().map_err(|_| "a writer panicked")?;
        if !made.contains(dir) {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            made.insert(dir.to_path_buf());
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let (relative, target) = self.target(path)?;
        let previous = self.out.join(&relative);
        if self.rebuild && unchanged(&previous, bytes) && fs::hard_link(&previous, &target).is_ok()
        {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), String> {
        let (_, target) = self.target(path)?;
        let fail = |e: std::io::Error| format!("cannot write {}: {e}", target.display());
        let mut file = BufWriter::new(fs::File::create(&target).map_err(fail)?);
        write(&mut file).map_err(fail)?;
        file.flush().map_err(fail)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether the previous build wrote exactly `bytes` at `path`. Comparing is cheaper than
/// creating a file: on a large site most pages survive an edit unchanged.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

fn site_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
}

/// Deleting tens of thousands of old pages one by one is a large part of a rebuild; the
/// top-level folders go in parallel.
fn remove_in_parallel(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            let _ = if p.is_dir() {
                fs::remove_dir_all(p)
            } else {
                fs::remove_file(p)
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// The output folder is replaced wholesale, so it must never be (or contain) the sources, and
/// an existing folder must look like an earlier build.
fn guard(out: &Path, root: &Path) -> Result<(), String> {
    let absolute = |p: &Path| {
        fs::canonicalize(p).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p))
    };
    let out_abs = absolute(out);
    for protected in [
        root.to_path_buf(),
        root.join("content"),
        root.join("themes"),
    ] {
        let protected = absolute(&protected);
        if protected.starts_with(&out_abs) {
            return Err(format!(
                "refusing to build into {}: it contains the site's sources ({})",
                out.display(),
                protected.display()
            ));
        }
    }
    if out.is_dir() {
        let has_entries = fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if has_entries && !out.join("index.html").exists() && !out.join("404.html").exists() {
            return Err(format!(
                "refusing to replace {}: it is not empty and does not look like a built site",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Output paths come from ids and theme file names; anything but plain names is refused.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    (!path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_))))
        .then(|| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        assert!(safe_relative("assets/x/index.html").is_some());
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::begin(&out, dir.path()).unwrap();
            for (path, text) in files {
                staging.put(path, text.as_bytes()).unwrap();
            }
            staging.commit().unwrap();
        };
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        build(&[("index.html", "home"), ("a/index.html", "a")]);
        let (home, a) = (inode("index.html"), inode("a/index.html"));
        build(&[("index.html", "home"), ("a/index.html", "b")]);
        assert_eq!(
            inode("index.html"),
            home,
            "unchanged: the same file, linked"
        );
        assert_ne!(inode("a/index.html"), a, "changed: written anew");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "b");
        assert_eq!(fs::metadata(out.join("index.html")).unwrap().nlink(), 1);
    }

    #[test]
    fn swaps_in_new_site_and_refuses_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let build = |files: &[(&str, &str)]| -> Result<(), String> {
            let staging = Staging::begin(&out, dir.path())?;
            for (path, text) in files {
                staging.put(path, text.as_bytes())?;
            }
            staging.commit()
        };
        build(&[("index.html", "one"), ("a/index.html", "a")]).unwrap();
        build(&[("index.html", "two"), ("a/index.html", "a")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "a");
        build(&[("index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a").exists());
        assert!(build(&[("../escape", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(
            leftovers, 1,
            "a failed build leaves no staging folder behind"
        );
        assert!(Staging::begin(dir.path(), dir.path()).is_err());
        let other = dir.path().join("docs");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("notes.txt"), "keep").unwrap();
        assert!(Staging::begin(&other, dir.path()).is_err());
    }
}
