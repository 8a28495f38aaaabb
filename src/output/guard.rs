//! Whether an output folder may be replaced: a build refuses a file, a link, the site's own
//! sources, a folder inside them, and any folder that supportmap did not build.

use super::swap::is_empty;
use super::{is_marked, OutputError, Refusal, Step};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

fn refused(out: &Path, why: Refusal) -> OutputError {
    OutputError::Refused {
        out: out.to_path_buf(),
        why,
    }
}

/// Refuses an output folder whose replacement would destroy something: a file, a link, the
/// sources, or a folder inside them (the next build would read the site as content).
pub(crate) fn check_location(out: &Path, root: &Path) -> Result<(), OutputError> {
    check_kind(out)?;
    let out_abs = resolve(out);
    for (what, source) in [
        ("the site's folder", root.to_path_buf()),
        ("content/", root.join("content")),
        ("themes/", root.join("themes")),
    ] {
        let source = resolve(&source);
        if source.starts_with(&out_abs) {
            return Err(refused(out, Refusal::HoldsSources { source }));
        }
        if what != "the site's folder" && out_abs.starts_with(&source) {
            return Err(refused(out, Refusal::InsideSources { what, source }));
        }
    }
    Ok(())
}

/// A build replaces the output folder by renaming: it must be named, and be a folder.
pub(crate) fn check_kind(out: &Path) -> Result<(), OutputError> {
    if out.file_name().is_none() {
        return Err(refused(out, Refusal::Unnamed));
    }
    if let Ok(meta) = fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() {
            let target = resolve(out);
            return Err(refused(out, Refusal::Link { target }));
        }
        if !meta.is_dir() {
            return Err(refused(out, Refusal::File));
        }
    }
    Ok(())
}

/// A folder is ours to replace when it is missing, empty, or marked by an earlier build.
pub(crate) fn check_replaceable(out: &Path) -> Result<(), OutputError> {
    match fs::read_dir(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::io(Step::Read, out)(e)),
        Ok(_) if is_empty(out) || is_marked(out) => return Ok(()),
        Ok(_) => {}
    }
    // A site from before the marker existed: ours, but nothing proves it.
    if out.join(crate::addresses::SEARCH_INDEX_DIR).is_dir()
        && out.join(crate::addresses::SITE_JSON).is_file()
    {
        return Err(refused(out, Refusal::UnmarkedSite));
    }
    Err(refused(out, Refusal::NotOurs))
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
