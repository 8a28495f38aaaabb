//! Copying fixture sites, so a test can change one without touching the repository, and
//! listing what a command wrote.

use std::fs;
use std::path::Path;

/// Copies the folder `from` (files and sub-folders) into `to`.
#[allow(dead_code)] // not every test file copies a site
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative to it, sorted.
#[allow(dead_code)] // not every test file lists what was written
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// A copy of the fixture site `from` whose `content/site.yaml` says `language: <language>`
/// instead of its own, for a test of a language the fixture's words are not in.
#[allow(dead_code)] // only the language tests change a site's language
pub(crate) fn copy_in_language(from: &Path, language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    let site = dir.path().join("content/site.yaml");
    let mut found = 0;
    let text: String = (fs::read_to_string(&site).unwrap().lines())
        .map(|line| {
            if line.starts_with("language:") {
                found += 1;
                format!("language: {language}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert_eq!(found, 1, "{} has one language: line", site.display());
    fs::write(&site, text).unwrap();
    dir
}
