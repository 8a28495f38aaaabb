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

use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use twox_hash::XxHash3_128;

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
    /// interrupted builds left beside it, and opens a staging folder there.
    pub fn begin(out: &Path, root: &Path) -> Result<Staging, String> {
        check_location(out, root)?;
        let beside = Beside::new(out);
        fs::create_dir_all(&beside.parent)
            .map_err(|e| format!("cannot create {}: {e}", beside.parent.display()))?;
        let lock = Lock::take(&beside)?;
        beside.tidy()?;
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
    pub(crate) fn put_outside_id(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let (_, target) = self.target(path)?;
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))
    }

    fn list(&self, path: &str, size: u64) -> Result<(), String> {
        let mut files = self.files.lock().map_err(|_| "a writer panicked")?;
        files.push((path.to_string(), size));
        Ok(())
    }

    /// Marks the new site with its build id and swaps it in for the old one.
    pub fn commit(mut self) -> Result<(), String> {
        write_marker(&self.dir, &self.build_id())?;
        checkpoint("before-swap");
        let out = &self.beside.out;
        // Something else may have been put there while the site was being written.
        check_kind(out).and_then(|()| check_replaceable(out))?;
        let old = if present(out) {
            Some(swap(&self.dir, &self.beside)?)
        } else {
            fs::rename(&self.dir, out)
                .map_err(|e| format!("cannot move the new site into {}: {e}", out.display()))?;
            None
        };
        self.committed = true;
        if let Some(old) = old {
            self.beside.discard(&old);
        }
        Ok(())
    }

    /// Where `path` goes in the staging folder (its folder made), and the path relative to it.
    fn target(&self, path: &str) -> Result<(PathBuf, PathBuf), String> {
        if path == MARKER {
            return Err(format!(
                "refusing to write {MARKER}: the name is kept for the file that marks the site"
            ));
        }
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
        let mut digest = BuildId::digest(path);
        digest.write(bytes);
        self.id.add(digest);
        self.list(path, bytes.len() as u64)?;
        let previous = self.beside.out.join(&relative);
        if self.rebuild && unchanged(&previous, bytes) && fs::hard_link(&previous, &target).is_ok()
        {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), String> {
        let (_, target) = self.target(path)?;
        let fail = |e: io::Error| format!("cannot write {}: {e}", target.display());
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

fn write_marker(dir: &Path, id: &str) -> Result<(), String> {
    let path = dir.join(MARKER);
    fs::write(&path, format!("{MARKER_SENTENCE}\nbuild: {id}\n"))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
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

/// What a build keeps beside the output folder: the lock, the staging folder, the old site
/// set aside. Their names start with `.<name>.`, so they are hidden and sort together.
struct Beside {
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
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
    fn new(out: &Path) -> Beside {
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
    fn fresh(&self, kind: Kind) -> Result<PathBuf, String> {
        let dir = self.path(kind);
        fs::create_dir(&dir).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => format!(
                "cannot create {}: something of that name is there, and supportmap did not make it\n  help: move it away and build again",
                dir.display()
            ),
            _ => format!("cannot create {}: {e}", dir.display()),
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
    fn tidy(&self) -> Result<(), String> {
        let mut found = self.leftovers();
        let set_aside = found.iter().position(|(kind, dir)| {
            *kind == Kind::Previous && is_marked(dir) && !present(&self.out)
        });
        if let Some(i) = set_aside {
            let (_, previous) = found.remove(i);
            fs::rename(&previous, &self.out).map_err(|e| {
                format!(
                    "cannot put back {} from {}: {e}",
                    self.out.display(),
                    previous.display()
                )
            })?;
            eprintln!(
                "note: put back {} from {}, where a build that was stopped while swapping had set it aside",
                self.out.display(),
                previous.display()
            );
        }
        for (_, dir) in found {
            remove_ours(&dir);
        }
        Ok(())
    }

    /// Deletes a replaced site, first renamed so that it is never taken for one set aside.
    fn discard(&self, old: &Path) {
        let removing = self.path(Kind::Removing);
        if fs::rename(old, &removing).is_ok() {
            remove_ours(&removing);
        } else {
            remove_ours(old);
        }
    }
}

/// Puts the staging folder in place of the output folder and returns where the old site went.
fn swap(staging: &Path, beside: &Beside) -> Result<PathBuf, String> {
    let out = &beside.out;
    let fail = |e: io::Error| format!("cannot replace {}: {e}", out.display());
    if exchange(staging, out).map_err(fail)? {
        checkpoint("swap");
        return Ok(staging.to_path_buf());
    }
    let previous = beside.path(Kind::Previous);
    fs::rename(out, &previous).map_err(fail)?;
    checkpoint("swap");
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&previous, out);
        return Err(format!(
            "cannot move the new site into {}: {e}",
            out.display()
        ));
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
fn checkpoint(name: &str) {
    if std::env::var_os("SUPPORTMAP_TEST_PAUSE_AT").is_some_and(|at| at == name) {
        eprintln!("paused at {name}");
        let _ = io::copy(&mut io::stdin(), &mut io::sink());
    }
}

/// Keeps other builds out of the same output folder while it lives: a second build waits.
struct Lock {
    _file: fs::File,
    path: PathBuf,
}

impl Lock {
    fn take(beside: &Beside) -> Result<Lock, String> {
        let path = beside.lock_path();
        let fail = |e: io::Error| format!("cannot lock {}: {e}", path.display());
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
                        eprintln!(
                            "waiting: another supportmap build is writing into {}; this one goes on when it ends",
                            beside.out.display()
                        );
                        said = true;
                    }
                    file.lock().map_err(fail)?;
                }
                Err(fs::TryLockError::Error(e)) => return Err(fail(e)),
            }
            if file.metadata().map_err(fail)?.len() != 0 {
                return Err(format!(
                    "cannot lock {}: a file of that name is there and it is not supportmap's (ours are empty)\n  help: move it away and build again",
                    path.display()
                ));
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

/// Whether the previous build wrote exactly `bytes` at `path`. Comparing is cheaper than
/// creating a file: on a large site most pages survive an edit unchanged.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Deletes a folder we wrote, its marker last: a deletion cut short leaves a folder the next
/// build still recognises. Deleting tens of thousands of old pages one by one is a large part
/// of a rebuild, so the top-level entries go in parallel.
fn remove_ours(dir: &Path) {
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

const ELSEWHERE: &str =
    "  help: give --out a new or empty folder outside content/ and themes/ (it is made if missing)";

/// Refuses an output folder whose replacement would destroy something: a file, a link, the
/// sources, or a folder inside them (the next build would read the site as content).
fn check_location(out: &Path, root: &Path) -> Result<(), String> {
    check_kind(out)?;
    let shown = out.display();
    let out_abs = resolve(out);
    for (what, source) in [
        ("the site's folder", root.to_path_buf()),
        ("content/", root.join("content")),
        ("themes/", root.join("themes")),
    ] {
        let source = resolve(&source);
        if source.starts_with(&out_abs) {
            return Err(format!(
                "refusing to build into {shown}: it holds the site's sources ({}), which a build would replace\n{ELSEWHERE}",
                source.display()
            ));
        }
        if what != "the site's folder" && out_abs.starts_with(&source) {
            return Err(format!(
                "refusing to build into {shown}: it is inside {what} ({}), so the next build would read the site as sources\n{ELSEWHERE}",
                source.display()
            ));
        }
    }
    Ok(())
}

/// A build replaces the output folder by renaming: it must be named, and be a folder.
fn check_kind(out: &Path) -> Result<(), String> {
    let shown = out.display();
    if out.file_name().is_none() {
        return Err(format!(
            "refusing to build into {shown}: give the output folder by its name\n{ELSEWHERE}"
        ));
    }
    if let Ok(meta) = fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "refusing to build into {shown}: it is a symbolic link, and a build replaces the folder by renaming, which would replace the link rather than the folder it points to\n  help: give the folder itself: --out {}",
                resolve(out).display()
            ));
        }
        if !meta.is_dir() {
            return Err(format!(
                "refusing to build into {shown}: it is a file, not a folder, and a build would replace it\n{ELSEWHERE}"
            ));
        }
    }
    Ok(())
}

/// A folder is ours to replace when it is missing, empty, or marked by an earlier build.
fn check_replaceable(out: &Path) -> Result<(), String> {
    match fs::read_dir(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", out.display())),
        Ok(_) if is_empty(out) || is_marked(out) => return Ok(()),
        Ok(_) => {}
    }
    let shown = out.display();
    // A site from before the marker existed: ours, but nothing proves it.
    if out.join("pagefind").is_dir() && out.join("data/site.json").is_file() {
        return Err(format!(
            "refusing to replace {shown}: it looks like a site built by an earlier supportmap, which did not mark its folders with a {MARKER} file, so it cannot be told from a folder of yours and replacing it could delete your files\n  help: if nothing in it is yours, delete it once (rm -r {shown}) and build again; from then on builds replace it by themselves"
        ));
    }
    Err(format!(
        "refusing to replace {shown}: it is not empty and has no {MARKER} file, so supportmap did not build it, and a build would delete everything in it\n  help: give --out a new or empty folder (it is made if missing); supportmap only replaces folders it built"
    ))
}

/// `path` made absolute with symbolic links resolved, also when it does not exist yet: its
/// deepest existing ancestor is resolved and the rest appended.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::env::current_dir().unwrap_or_default().join(path);
    for ancestor in absolute.ancestors() {
        if let Ok(mut resolved) = fs::canonicalize(ancestor) {
            for part in absolute
                .strip_prefix(ancestor)
                .unwrap_or(Path::new(""))
                .components()
            {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
    }
    absolute
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
    fn folder(dir: &Path, marked: bool, files: &[(&str, &str)]) {
        fs::create_dir_all(dir).unwrap();
        if marked {
            write_marker(dir, "test").unwrap();
        }
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
    }

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
        Beside::new(&at("site")).tidy().unwrap();
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
        Beside::new(&out).tidy().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(is_marked(&out) && !aside.exists());
    }

    #[test]
    fn the_marker_is_the_builds_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&dir.path().join("site"), dir.path()).unwrap();
        assert!(staging.put(MARKER, b"forged").is_err());
        folder(&dir.path().join("fake"), false, &[(MARKER, "supportmap")]);
        assert!(!is_marked(&dir.path().join("fake")));
    }

    #[test]
    fn resolves_a_path_that_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            resolve(&dir.path().join("x/y/../../content/assets/site")),
            real.join("content/assets/site")
        );
        assert_eq!(resolve(&dir.path().join("content/..")), real);
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
