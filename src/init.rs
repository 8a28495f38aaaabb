//! Init: starts a new site folder from the starter site in `src/init/starter/` (real files, so
//! they can be read, linted and tested as they are), plus the JSON schemas and VS Code settings
//! that `schema` makes. A few placeholders in the starter files are filled in as they are
//! written: today's date, and the release of supportmap that the generated CI downloads.
//!
//! It writes only into a folder that is new or empty, and never replaces a file.

use crate::scaffold::NewError;
use chrono::NaiveDate;
use include_dir::{include_dir, Dir, DirEntry};
use std::io::Write;
use std::path::{Path, PathBuf};

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/starter");

/// The release the generated CI downloads: this one, so a site starts on the version that made it.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where released binaries are downloaded from: `<repository>/releases/download/v<version>/`.
fn releases() -> String {
    format!("{}/releases/download", env!("CARGO_PKG_REPOSITORY"))
}

/// Writes a new site into `dir` and returns the files written, relative to `dir`, sorted.
pub(crate) fn create(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, NewError> {
    refuse_unless_empty(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| NewError {
        message: format!("cannot create {}: {e}", dir.display()),
        help: None,
    })?;
    let mut files = starter_files(today);
    files.push((
        PathBuf::from(".vscode/settings.json"),
        crate::schema::vscode_settings("schemas"),
    ));
    for schema in crate::schema::all() {
        files.push((
            Path::new("schemas").join(schema.name),
            crate::schema::to_text(&schema.schema),
        ));
    }
    files.sort();
    for (path, text) in &files {
        write_new(&dir.join(path), text)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn refuse_unless_empty(dir: &Path) -> Result<(), NewError> {
    let refuse = |what: &str| {
        NewError {
        message: format!("{} {what}; nothing was written", dir.display()),
        help: Some(
            "init only writes into a new or empty folder, so it never changes your files: give a new folder name, such as my-support-map".into(),
        ),
    }
    };
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(refuse("is not empty")),
        Err(_) if dir.exists() => Err(refuse("is not a folder")),
        Err(_) => Ok(()),
    }
}

/// The starter files, with their placeholders filled in.
fn starter_files(today: NaiveDate) -> Vec<(PathBuf, String)> {
    let releases = releases();
    let today = today.format("%Y-%m-%d").to_string();
    let mut out = Vec::new();
    let mut stack = vec![&STARTER];
    while let Some(dir) = stack.pop() {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => stack.push(d),
                DirEntry::File(f) => {
                    let text = f.contents_utf8().expect("starter files are UTF-8");
                    let text = text
                        .replace("__TODAY__", &today)
                        .replace("__SUPPORTMAP_VERSION__", VERSION)
                        .replace("__SUPPORTMAP_RELEASES__", &releases);
                    out.push((f.path().to_path_buf(), text));
                }
            }
        }
    }
    out
}

/// Writes `text` to a new file at `path`; an existing file is never replaced (create_new), even
/// one that appeared after the emptiness check.
fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    let fail = |e: std::io::Error| NewError {
        message: format!("cannot create {}: {e}", path.display()),
        help: None,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled_in() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let files = starter_files(today);
        assert!(files
            .iter()
            .any(|(p, _)| p == Path::new(".github/workflows/support-map.yml")));
        assert!(files.iter().any(|(p, _)| p == Path::new(".gitlab-ci.yml")));
        for (path, text) in &files {
            assert!(
                !text.contains("__"),
                "{} keeps a placeholder",
                path.display()
            );
        }
        let cafe = &files
            .iter()
            .find(|(p, _)| p.ends_with("example-community-cafe.yaml"))
            .unwrap()
            .1;
        assert!(cafe.contains("last_reviewed: 2026-01-31"));
    }
}
