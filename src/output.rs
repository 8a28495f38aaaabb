//! Output: writes the built site and swaps it in for the previous one, and never deletes what
//! supportmap did not write.
//!
//! The output folder is replaced whole, so `Staging::begin` first makes sure it is ours to
//! replace: missing, empty, or carrying the marker file (`.supportmap-site`) every build
//! writes. Anything else is refused: a folder without the marker (a web server's document
//! root; a site built by a version before the marker, which has to be deleted once by hand),
//! a file, a symbolic link, the site's sources or a folder inside `content/` or `themes/`.
//!
//! A lock file beside the output folder (`.<name>.lock`) makes a second build into the same
//! folder wait for the first. The new site is written into a staging folder beside the output
//! folder (`.<name>.building-<pid>`, marked from the start) and swapped in only when every file
//! is written. On Linux the swap is one `renameat2` with `RENAME_EXCHANGE`: at every instant
//! the output folder holds a complete site, the old or the new. Elsewhere, or on a file system
//! without it, the old site is renamed aside (`.<name>.previous-<pid>`) and the new one renamed
//! into place; between those two renames the output folder does not exist. A build killed in
//! that window leaves the old site complete beside it, and the next build puts it back before
//! anything else. The replaced site is renamed `.<name>.removing-<pid>` and deleted with its
//! marker last, so whatever an interrupted build leaves still shows it is ours; the next build
//! removes such leftovers, and only folders with our names and marker (or empty ones).
//!
//! A file that is byte-for-byte what the previous build wrote is hard-linked from it instead
//! of written again: a rebuild after a small edit creates few new files. The marker holds the
//! build id, a digest of every file's path and bytes: the same site gets the same id.
//!
//! - `guard`: whether the output folder may be replaced.
//! - `swap`: the lock, the swap and the leftovers of interrupted builds beside the output folder.
//! - `error`: what can go wrong, with where and why.
//! - `spreadsheet`: CSV cells that no spreadsheet runs as a formula.

mod error;
mod guard;
pub(crate) mod spreadsheet;
mod swap;

pub use error::{Forbidden, Ours, OutputError, Refusal, Step};

use crate::diagnostics::Reporter;
use guard::{check_kind, check_location, check_replaceable};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use swap::{checkpoint, remove_ours, swap, Beside, Kind, Lock};
use twox_hash::XxHash3_128;

/// Where built files go as soon as they are made: a staging folder for `build`, memory for
/// `serve` and tests. Stages put files one by one, so no stage holds the whole site.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (below the output folder, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError>;

    /// Writes the file at `path` piece by piece: the site-wide data files of a large site are
    /// too big to hold whole.
    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError>;
}

/// Writes a file's contents to the writer it is given.
pub type WriteFn<'a> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'a;

/// Files kept in memory, by path.
#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let mut files = self.0.lock()?;
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(OutputError::io(Step::Make, path))?;
        self.put(path, &bytes)
    }
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The file every build writes at the top of the site; only a folder holding it is replaced.
pub const MARKER: &str = ".supportmap-site";

/// The marker's first line, by which a folder is recognised as one supportmap wrote.
const MARKER_SENTENCE: &str =
    "This folder is written by supportmap and replaced on every build: keep nothing else in it.";

/// A new site being written beside the output folder; `commit` swaps it in, dropping it
/// without committing removes it and leaves the old site as it was.
pub struct Staging {
    beside: Beside,
    /// Whether there is an earlier build to link unchanged files from.
    rebuild: bool,
    dir: PathBuf,
    /// Folders already made, so parallel writers make each once.
    made: Mutex<HashSet<PathBuf>>,
    id: BuildId,
    /// Every file written into the id so far, with its size in bytes (for `offline`).
    files: Mutex<Vec<(String, u64)>>,
    committed: bool,
    /// Held until the staging folder is swapped in or removed: fields drop after `drop`.
    _lock: Lock,
}

impl Staging {
    /// Checks that `out` may be replaced, waits for any other build into it, tidies what
    /// interrupted builds left beside it, and opens a staging folder there. Waiting and tidying
    /// are said to `report`.
    pub fn begin(out: &Path, root: &Path, report: &dyn Reporter) -> Result<Staging, OutputError> {
        check_location(out, root)?;
        let beside = Beside::new(out);
        fs::create_dir_all(&beside.parent)
            .map_err(OutputError::io(Step::Create, &beside.parent))?;
        let lock = Lock::take(&beside, report)?;
        beside.tidy(report)?;
        check_replaceable(out)?;
        let staging = Staging {
            rebuild: out.is_dir(),
            dir: beside.fresh(Kind::Building)?,
            beside,
            made: Mutex::new(HashSet::new()),
            id: BuildId::default(),
            files: Mutex::new(Vec::new()),
            committed: false,
            _lock: lock,
        };
        write_marker(&staging.dir, "unfinished")?;
        Ok(staging)
    }

    /// The id of the files written so far: once every stage has written, the build's id.
    pub fn build_id(&self) -> String {
        self.id.hex()
    }

    /// Every file written so far with its size, sorted by path.
    pub(crate) fn files(&self) -> Vec<(String, u64)> {
        let mut files = self.files.lock().map(|f| f.clone()).unwrap_or_default();
        files.sort_unstable();
        files
    }

    /// Writes a file that is left out of the build id and of `files`: one that carries the id
    /// itself, written once every other file is in.
    pub(crate) fn put_outside_id(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let (_, target) = self.target(path)?;
        fs::write(&target, bytes).map_err(OutputError::io(Step::Write, target))
    }

    fn list(&self, path: &str, size: u64) -> Result<(), OutputError> {
        self.files.lock()?.push((path.to_string(), size));
        Ok(())
    }

    /// Marks the new site with its build id and swaps it in for the old one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        write_marker(&self.dir, &self.build_id())?;
        checkpoint("before-swap");
        let out = &self.beside.out;
        // Something else may have been put there while the site was being written.
        check_kind(out).and_then(|()| check_replaceable(out))?;
        let old = if present(out) {
            Some(swap(&self.dir, &self.beside)?)
        } else {
            fs::rename(&self.dir, out).map_err(OutputError::io(Step::MoveIn, out))?;
            None
        };
        self.committed = true;
        if let Some(old) = old {
            self.beside.discard(&old);
        }
        Ok(())
    }

    /// Where `path` goes in the staging folder (its folder made), and the path relative to it.
    fn target(&self, path: &str) -> Result<(PathBuf, PathBuf), OutputError> {
        let forbidden = |why| OutputError::Forbidden {
            path: path.to_string(),
            why,
        };
        if path == MARKER {
            return Err(forbidden(Forbidden::Marker));
        }
        let relative = safe_relative(path).ok_or_else(|| forbidden(Forbidden::Outside))?;
        let target = self.dir.join(&relative);
        if let Some(dir) = target.parent() {
            self.make_folder(dir)?;
        }
        Ok((relative, target))
    }

    fn make_folder(&self, dir: &Path) -> Result<(), OutputError> {
        let mut made = self.made.lock()?;
        if !made.contains(dir) {
            fs::create_dir_all(dir).map_err(OutputError::io(Step::Create, dir))?;
            made.insert(dir.to_path_buf());
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write(path, bytes)
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError> {
        self.write_with(path, write)
    }
}

impl Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let (relative, target) = self.target(path)?;
        let mut digest = BuildId::digest(path);
        digest.write(bytes);
        self.id.add(digest);
        self.list(path, bytes.len() as u64)?;
        let previous = self.beside.out.join(&relative);
        if self.rebuild && unchanged(&previous, bytes) && fs::hard_link(&previous, &target).is_ok()
        {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(OutputError::io(Step::Write, target))
    }

    fn write_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError> {
        let (_, target) = self.target(path)?;
        let fail = |e: io::Error| OutputError::io(Step::Write, &target)(e);
        let mut file = Digesting {
            inner: BufWriter::new(fs::File::create(&target).map_err(fail)?),
            digest: BuildId::digest(path),
            written: 0,
        };
        write(&mut file).map_err(fail)?;
        file.inner.flush().map_err(fail)?;
        self.id.add(file.digest);
        self.list(path, file.written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_ours(&self.dir);
        }
    }
}

/// Names one build's output: a digest of every file's path and bytes, so the same site gets
/// the same id and any change gives a new one. The marker records it; a later stage (an
/// offline service worker telling one deployment from the next) reads it from
/// `Staging::build_id`. Files are written in parallel, so the files' digests are added up,
/// which does not depend on their order.
#[derive(Default)]
struct BuildId([AtomicU64; 2]);

impl BuildId {
    /// A digest of one file, to be fed its bytes.
    fn digest(path: &str) -> XxHash3_128 {
        let mut digest = XxHash3_128::new();
        digest.write(path.as_bytes());
        digest.write(&[0]);
        digest
    }

    fn add(&self, file: XxHash3_128) {
        let digest = file.finish_128();
        for (sum, half) in self.0.iter().zip([digest >> 64, digest]) {
            sum.fetch_add(half as u64, Ordering::Relaxed);
        }
    }

    fn hex(&self) -> String {
        self.0
            .iter()
            .map(|sum| format!("{:016x}", sum.load(Ordering::Relaxed)))
            .collect()
    }
}

/// A writer that digests what passes through it.
struct Digesting<W> {
    inner: W,
    digest: XxHash3_128,
    written: u64,
}

impl<W: Write> Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.digest.write(&buf[..written]);
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn write_marker(dir: &Path, id: &str) -> Result<(), OutputError> {
    let path = dir.join(MARKER);
    fs::write(&path, format!("{MARKER_SENTENCE}\nbuild: {id}\n"))
        .map_err(OutputError::io(Step::Write, path))
}

/// Whether `dir` holds our marker (a plain file starting with our sentence).
fn is_marked(dir: &Path) -> bool {
    let path = dir.join(MARKER);
    let mut start = Vec::new();
    fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
        && fs::File::open(&path)
            .and_then(|f| f.take(MARKER_SENTENCE.len() as u64).read_to_end(&mut start))
            .is_ok()
        && start == MARKER_SENTENCE.as_bytes()
}

/// Whether something (even a broken link) is at `path`.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Whether the previous build wrote exactly `bytes` at `path`. Comparing is cheaper than
/// creating a file: on a large site most pages survive an edit unchanged.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Output paths come from ids and theme file names; anything but plain names is refused.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    (!path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_))))
        .then(|| p.to_path_buf())
}

/// Compact JSON and a final newline, written as it is made.
pub(crate) fn write_json(
    w: &mut dyn std::io::Write,
    value: &impl Serialize,
) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")
}

/// Compact JSON and a final newline: a large site has one Open Referral file per asset, and
/// compact files are about half the size (`jq .` shows them indented).
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, OutputError> {
    let mut bytes = serde_json::to_vec(value).map_err(OutputError::json)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Silent;

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
            let staging = Staging::begin(&out, dir.path(), &Silent).unwrap();
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
    fn the_build_id_follows_the_files_not_their_order() {
        let id = |files: &[(&str, &str)]| {
            let id = BuildId::default();
            for (path, text) in files {
                let mut digest = BuildId::digest(path);
                digest.write(text.as_bytes());
                id.add(digest);
            }
            id.hex()
        };
        let site = id(&[("index.html", "home"), ("a/index.html", "a")]);
        assert_eq!(site.len(), 32);
        assert_eq!(site, id(&[("a/index.html", "a"), ("index.html", "home")]));
        assert_ne!(site, id(&[("index.html", "home"), ("a/index.html", "b")]));
        assert_ne!(site, id(&[("index.html", "home"), ("b/index.html", "a")]));
        assert_ne!(site, id(&[("index.html", "home")]));
    }

    /// Makes `dir` with the given files, and our marker if `marked`.
    pub(super) fn folder(dir: &Path, marked: bool, files: &[(&str, &str)]) {
        fs::create_dir_all(dir).unwrap();
        if marked {
            write_marker(dir, "test").unwrap();
        }
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
    }

    #[test]
    fn the_marker_is_the_builds_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&dir.path().join("site"), dir.path(), &Silent).unwrap();
        assert!(staging.put(MARKER, b"forged").is_err());
        folder(&dir.path().join("fake"), false, &[(MARKER, "supportmap")]);
        assert!(!is_marked(&dir.path().join("fake")));
    }

    #[test]
    fn swaps_in_new_site_and_refuses_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let build = |files: &[(&str, &str)]| -> Result<(), OutputError> {
            let staging = Staging::begin(&out, dir.path(), &Silent)?;
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
        assert!(Staging::begin(dir.path(), dir.path(), &Silent).is_err());
        let other = dir.path().join("docs");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("notes.txt"), "keep").unwrap();
        assert!(Staging::begin(&other, dir.path(), &Silent).is_err());
    }
}
