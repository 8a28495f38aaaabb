//! Whether an output folder may be replaced: a build refuses a file, a link, the site's own
//! sources, a folder inside them, and any folder that supportmap did not build.

use super::swap::is_empty;
use super::{is_marked, MARKER};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

const ELSEWHERE: &str =
    "  help: give --out a new or empty folder outside content/ and themes/ (it is made if missing)";

/// Refuses an output folder whose replacement would destroy something: a file, a link, the
/// sources, or a folder inside them (the next build would read the site as content).
pub(crate) fn check_location(out: &Path, root: &Path) -> Result<(), String> {
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
pub(crate) fn check_kind(out: &Path) -> Result<(), String> {
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
pub(crate) fn check_replaceable(out: &Path) -> Result<(), String> {
    match fs::read_dir(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", out.display())),
        Ok(_) if is_empty(out) || is_marked(out) => return Ok(()),
        Ok(_) => {}
    }
    let shown = out.display();
    // A site from before the marker existed: ours, but nothing proves it.
    if out.join(crate::addresses::SEARCH_INDEX_DIR).is_dir()
        && out.join(crate::addresses::SITE_JSON).is_file()
    {
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
pub(crate) fn resolve(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
