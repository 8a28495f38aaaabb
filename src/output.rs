//! Output: writes the built site atomically.
//!
//! The new site is written to a temporary folder beside the output folder and swapped in only
//! when every file is written, so a failed build never leaves readers with a half-written or
//! empty site. Refuses output folders that would destroy content.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Where built files go as soon as they are made: a staging folder for `build`, memory for
/// `serve` and tests. Stages put files one by one, so no stage holds the whole site.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (below the output folder, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String>;
}

/// Files kept in memory, by path.
#[derive(Default)]
pub struct MemorySink(pub std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|_| "a writer panicked".to_string())?
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

impl MemorySink {
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn write_site(out: &Path, root: &Path, files: &[OutputFile]) -> Result<(), String> {
    guard(out, root)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(err) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &previous).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            format!("cannot replace {}: {e}", out.display())
        })?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        if had_previous {
            let _ = fs::rename(&previous, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "cannot move the new site into {}: {e}",
            out.display()
        ));
    }
    if had_previous {
        remove_in_parallel(&previous);
    }
    Ok(())
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

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), String> {
    let targets = files
        .iter()
        .map(|file| {
            let relative = safe_relative(&file.path).ok_or_else(|| {
                format!("refusing to write outside the output folder: {}", file.path)
            })?;
            Ok(staging.join(relative))
        })
        .collect::<Result<Vec<PathBuf>, String>>()?;
    // Folders first, once each, so the parallel writes below never race to create them.
    let folders: BTreeSet<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
    for dir in folders {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    targets
        .par_iter()
        .zip(files)
        .try_for_each(|(target, file)| {
            let mut handle = fs::File::create(target)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            handle
                .write_all(&file.bytes)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))
        })
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

    #[test]
    fn swaps_in_new_site_and_refuses_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let file = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        };
        write_site(
            &out,
            dir.path(),
            &[file("index.html", "one"), file("a/index.html", "a")],
        )
        .unwrap();
        write_site(&out, dir.path(), &[file("index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a").exists());
        assert!(write_site(dir.path(), dir.path(), &[file("index.html", "x")]).is_err());
        let other = dir.path().join("docs");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("notes.txt"), "keep").unwrap();
        assert!(write_site(&other, dir.path(), &[file("index.html", "x")]).is_err());
        assert!(write_site(&out, dir.path(), &[file("../escape", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
    }
}
