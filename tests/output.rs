//! End-to-end tests of where `build` writes: it replaces only a folder it built (or an empty
//! one), refuses files and the sources, swaps the new site in so that a build killed at any
//! point leaves a complete site, cleans what interrupted builds left, and lets two builds into
//! one folder run one after the other.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use fixtures::copy_dir;
use run::supportmap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};

const TODAY: &str = "2026-11-25";

/// The marker every build writes, and by which a later build knows the folder is its own.
const MARKER: &str = ".supportmap-site";

/// A folder holding a copy of the `valid` fixture at `root/`.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
            &dir.path().join("root"),
        );
        Place { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn args(&self, out: &Path) -> Vec<String> {
        let root = self.path("root");
        vec![
            "build".into(),
            "--root".into(),
            root.to_str().unwrap().into(),
            "--out".into(),
            out.to_str().unwrap().into(),
            "--today".into(),
            TODAY.into(),
        ]
    }

    fn build(&self, out: &Path) -> Output {
        let args = self.args(out);
        supportmap(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Starts a build that stops at `checkpoint` until its standard input closes.
    fn build_paused(&self, out: &Path, checkpoint: &str, envs: &[(&str, &str)]) -> Paused {
        let mut child = Command::new(env!("CARGO_BIN_EXE_supportmap"))
            .args(self.args(out))
            .env("NO_COLOR", "1")
            .env("SUPPORTMAP_TEST_PAUSE_AT", checkpoint)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let said = read_until(&mut stderr, &format!("paused at {checkpoint}"));
        Paused {
            child,
            stderr,
            said,
        }
    }

    /// Changes the site's title: every page of the next build differs.
    fn edit(&self) {
        let path = self.path("root/content/site.yaml");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replace("Testbay Support Map", "Testbay Support Map, second edition"),
        )
        .unwrap();
    }

    /// What the folder holding `root/` has in it, sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

struct Paused {
    child: Child,
    stderr: BufReader<ChildStderr>,
    /// What it printed up to the pause.
    said: String,
}

/// Reads `stderr` line by line until a line contains `wanted`; returns all it read.
fn read_until(stderr: &mut BufReader<ChildStderr>, wanted: &str) -> String {
    let mut said = String::new();
    loop {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).unwrap();
        said.push_str(&line);
        assert!(
            read > 0,
            "the build ended before printing {wanted:?}:\n{said}"
        );
        if line.contains(wanted) {
            return said;
        }
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` with its bytes, sorted: two sites compare equal when complete and
/// the same.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn assert_same_site(site: &Path, reference: &Path) {
    let (got, want) = (files(site), files(reference));
    assert!(want.len() > 20, "the reference build has its pages");
    let names = |files: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
        files.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(names(&got), names(&want), "{} lacks files", site.display());
    for ((path, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{} differs from a clean build", path.display());
    }
}

/// The exact reproduction from issue 20: a web server's document root.
#[test]
fn a_folder_we_did_not_build_keeps_every_file() {
    let place = Place::new();
    let w = place.path("w");
    fs::create_dir_all(w.join("photos")).unwrap();
    fs::write(w.join("index.html"), "x\n").unwrap();
    fs::write(w.join("thesis.docx"), "keep\n").unwrap();

    let result = place.build(&w);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let message = stderr(&result);
    assert!(
        message.contains(&format!(
            "error: refusing to replace {}: it is not empty and has no {MARKER} file",
            w.display()
        )),
        "{message}"
    );
    assert!(
        message.contains("help: give --out a new or empty folder"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(w.join("thesis.docx")).unwrap(), "keep\n");
    assert_eq!(fs::read_to_string(w.join("index.html")).unwrap(), "x\n");
    assert!(w.join("photos").is_dir());
    assert_eq!(place.listing(), ["root", "w"], "nothing left beside w");

    let new = place.path("new/site");
    let result = place.build(&new);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(new.join("index.html").is_file());
}

/// A site built before the marker existed is ours, but nothing proves it: it is refused, and
/// the message says to delete it once.
#[test]
fn a_site_from_before_the_marker_is_refused_until_deleted_once() {
    let place = Place::new();
    let site = place.path("site");
    assert!(place.build(&site).status.success());
    fs::remove_file(site.join(MARKER)).unwrap();
    let before = files(&site);

    let result = place.build(&site);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let message = stderr(&result);
    assert!(
        message.contains("it looks like a site built by an earlier supportmap"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "help: if nothing in it is yours, delete it once (rm -r {})",
            site.display()
        )),
        "{message}"
    );
    assert_eq!(files(&site), before, "the old site is untouched");

    fs::remove_dir_all(&site).unwrap();
    assert!(place.build(&site).status.success());
    assert!(site.join(MARKER).is_file());
}

#[test]
fn out_naming_a_file_is_refused_and_the_file_kept() {
    let place = Place::new();
    let file = place.path("notes.txt");
    fs::write(&file, "my notes\n").unwrap();
    let result = place.build(&file);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains(&format!(
            "refusing to build into {}: it is a file, not a folder",
            file.display()
        )),
        "{}",
        stderr(&result)
    );
    assert!(stderr(&result)
        .contains("help: give --out a new or empty folder outside content/ and themes/"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "my notes\n");
    assert_eq!(place.listing(), ["notes.txt", "root"]);
}

#[test]
fn out_inside_or_around_the_sources_is_refused() {
    let place = Place::new();
    fs::create_dir_all(place.path("root/themes/mine")).unwrap();
    let before = files(&place.path("root"));
    for (out, says) in [
        ("root/content/assets/site", "it is inside content/"),
        ("root/themes/mine/site", "it is inside themes/"),
        ("root/content/../content/site", "it is inside content/"),
        ("root/nowhere/../themes", "it holds the site's sources"),
        ("root", "it holds the site's sources"),
        ("root/..", "give the output folder by its name"),
    ] {
        let out = place.path(out);
        let result = place.build(&out);
        assert_eq!(result.status.code(), Some(2), "{}", out.display());
        assert!(
            stderr(&result).contains(&format!("refusing to build into {}: {says}", out.display())),
            "{}",
            stderr(&result)
        );
        assert_eq!(
            files(&place.path("root")),
            before,
            "the sources are untouched"
        );
    }
    assert_eq!(place.listing(), ["root"]);
}

#[cfg(unix)]
#[test]
fn out_naming_a_symbolic_link_is_refused() {
    let place = Place::new();
    let target = place.path("www");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "keep").unwrap();
    let link = place.path("site");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let result = place.build(&link);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("it is a symbolic link"),
        "{}",
        stderr(&result)
    );
    assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "keep");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// An empty folder is used, a marked one replaced; a rebuild links the files that did not
/// change, and the build id in the marker follows the content.
#[cfg(unix)]
#[test]
fn a_marked_site_is_replaced_and_a_rebuild_links_unchanged_files() {
    use std::os::unix::fs::MetadataExt;
    let place = Place::new();
    let site = place.path("site");
    fs::create_dir(&site).unwrap();
    assert!(place.build(&site).status.success());
    let marker = fs::read_to_string(site.join(MARKER)).unwrap();
    let mut lines = marker.lines();
    assert_eq!(
        lines.next(),
        Some("This folder is written by supportmap and replaced on every build: keep nothing else in it.")
    );
    let id = lines
        .next()
        .unwrap()
        .strip_prefix("build: ")
        .unwrap()
        .to_string();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );

    let inode = |p: &str| fs::metadata(site.join(p)).unwrap().ino();
    let (robots, home) = (inode("robots.txt"), inode("index.html"));
    let result = place.build(&site);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_eq!(
        fs::read_to_string(site.join(MARKER)).unwrap(),
        marker,
        "the same content, the same id"
    );
    assert_eq!(inode("robots.txt"), robots, "unchanged: linked");
    assert_eq!(fs::metadata(site.join("robots.txt")).unwrap().nlink(), 1);

    place.edit();
    assert!(place.build(&site).status.success());
    assert_ne!(inode("index.html"), home, "changed: written anew");
    assert!(fs::read_to_string(site.join("index.html"))
        .unwrap()
        .contains("second edition"));
    assert!(!fs::read_to_string(site.join(MARKER)).unwrap().contains(&id));
    assert_eq!(place.listing(), ["root", "site"]);
}

/// Builds the site before and after `Place::edit` into reference folders, then the old one
/// into `site/`, and edits the content: what a build killed while swapping leaves must equal
/// one of the references.
fn killed_mid_swap_setup() -> (Place, PathBuf, PathBuf, PathBuf) {
    let place = Place::new();
    let old = place.path("reference-old");
    let new = place.path("reference-new");
    assert!(place.build(&old).status.success());
    let site = place.path("site");
    assert!(place.build(&site).status.success());
    place.edit();
    assert!(place.build(&new).status.success());
    (place, site, old, new)
}

fn kill(mut paused: Paused) {
    paused.child.kill().unwrap();
    paused.child.wait().unwrap();
}

/// After a kill, the next build removes what the killed one left and publishes its site.
fn next_build_cleans_up(place: &Place, site: &Path, new: &Path) -> String {
    let result = place.build(site);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert_same_site(site, new);
    assert_eq!(
        place.listing(),
        ["reference-new", "reference-old", "root", "site"],
        "no leftovers beside site/"
    );
    stderr(&result)
}

#[test]
fn a_build_killed_in_the_exchange_leaves_a_complete_site() {
    let (place, site, old, new) = killed_mid_swap_setup();
    kill(place.build_paused(&site, "before-swap", &[]));
    assert_same_site(&site, &old);
    assert!(place
        .listing()
        .iter()
        .any(|n| n.starts_with(".site.building-")));

    // Killed the instant after the exchange: the new site is in place, the old one beside it.
    kill(place.build_paused(&site, "swap", &[]));
    assert_same_site(&site, &new);
    assert!(place
        .listing()
        .iter()
        .any(|n| n.starts_with(".site.building-")));
    next_build_cleans_up(&place, &site, &new);
}

/// Without an atomic exchange the old site is renamed aside before the new one is renamed in:
/// killed between the two, `site/` is missing until the next build puts the old one back.
#[test]
fn a_build_killed_between_the_two_renames_loses_no_site() {
    let (place, site, old, new) = killed_mid_swap_setup();
    let fallback = [("SUPPORTMAP_TEST_NO_EXCHANGE", "1")];
    kill(place.build_paused(&site, "before-swap", &fallback));
    assert_same_site(&site, &old);

    kill(place.build_paused(&site, "swap", &fallback));
    assert!(!site.exists());
    let aside = place
        .listing()
        .into_iter()
        .find(|n| n.starts_with(".site.previous-"))
        .expect("the old site set aside");
    assert_same_site(&place.path(&aside), &old);
    let said = next_build_cleans_up(&place, &site, &new);
    assert!(
        said.contains(&format!("note: put back {}", site.display())),
        "{said}"
    );
}

#[test]
fn two_builds_into_one_folder_run_one_after_the_other() {
    let (place, site, _, new) = killed_mid_swap_setup();
    let first = place.build_paused(&site, "before-swap", &[]);
    let args = place.args(&site);
    let mut second = Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args(&args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut second_err = BufReader::new(second.stderr.take().unwrap());
    let waiting = read_until(
        &mut second_err,
        &format!(
            "waiting: another supportmap build is writing into {}; this one goes on when it ends",
            site.display()
        ),
    );
    assert!(!waiting.contains("error"), "{waiting}");

    let Paused {
        mut child,
        mut stderr,
        said,
    } = first;
    drop(child.stdin.take());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{said}{rest}");
    let mut second_rest = String::new();
    std::io::Read::read_to_string(&mut second_err, &mut second_rest).unwrap();
    assert!(second.wait().unwrap().success(), "{waiting}{second_rest}");
    assert!(!rest.contains("not empty") && !second_rest.contains("not empty"));
    assert_same_site(&site, &new);
    assert_eq!(
        place.listing(),
        ["reference-new", "reference-old", "root", "site"]
    );
}

/// The check is made again just before the swap: a folder put in place of the site while it
/// was being written is not swapped away.
#[test]
fn a_folder_put_in_place_during_the_build_is_kept() {
    let place = Place::new();
    let site = place.path("site");
    assert!(place.build(&site).status.success());
    let mut paused = place.build_paused(&site, "before-swap", &[]);
    fs::remove_dir_all(&site).unwrap();
    fs::create_dir(&site).unwrap();
    fs::write(site.join("thesis.docx"), "keep\n").unwrap();
    drop(paused.child.stdin.take());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut paused.stderr, &mut rest).unwrap();
    assert_eq!(paused.child.wait().unwrap().code(), Some(2), "{rest}");
    assert!(
        rest.contains(&format!("error: refusing to replace {}", site.display())),
        "{rest}"
    );
    assert_eq!(
        fs::read_to_string(site.join("thesis.docx")).unwrap(),
        "keep\n"
    );
    assert_eq!(place.listing(), ["root", "site"]);
}
