//! Writing the planned files: each beside its target first, then all moved into place.

use super::display;
use super::plan::Plan;
use crate::pipeline::Failure;
use std::fs;
use std::path::{Path, PathBuf};

/// Records are written by serde_yaml from the structs of `opendata`, in the field order editors know.
pub(crate) fn yaml<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    serde_yaml::to_string(value)
        .map(String::into_bytes)
        .map_err(|e| Failure::Io(format!("cannot write YAML: {e}")))
}

/// Writes every file beside its target first, then moves them into place, so a failure leaves
/// the content folder as it was.
pub(crate) fn write_all(
    plan: &Plan,
    root: &Path,
    progress: &indicatif::ProgressBar,
) -> Result<(), Failure> {
    let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, &PathBuf)]| {
        for (temp, _) in staged {
            let _ = fs::remove_file(temp);
        }
    };
    for (path, bytes) in &plan.writes {
        let dir = path.parent().unwrap_or(Path::new("."));
        let temp = dir.join(format!(
            ".{}.importing-{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            std::process::id()
        ));
        let result = fs::create_dir_all(dir).and_then(|_| fs::write(&temp, bytes));
        if let Err(e) = result {
            cleanup(&staged);
            let _ = fs::remove_file(&temp);
            return Err(Failure::Io(format!(
                "cannot write {}: {e}; nothing was imported",
                display(root, path).display()
            )));
        }
        staged.push((temp, path));
        progress.inc(1);
    }
    for (temp, path) in &staged {
        if let Err(e) = fs::rename(temp, path) {
            cleanup(&staged);
            return Err(Failure::Io(format!(
                "cannot write {}: {e}",
                display(root, path).display()
            )));
        }
    }
    for old in &plan.removes {
        let _ = fs::remove_file(old);
    }
    Ok(())
}
