//! What can go wrong writing a site: a file-system call that failed (what it was doing, where,
//! and the system's error), an output folder a build may not replace, or a file a stage may
//! not write. Each is a value with its context; `Display` gives the message the operator reads
//! (after `error: `), with a `help:` line where there is a fix to suggest.

use super::MARKER;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why the site could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// A file-system call on `path` failed.
    Io {
        step: Step,
        path: PathBuf,
        source: io::Error,
    },
    /// A site set aside by an interrupted build could not be put back at `out`.
    PutBack {
        out: PathBuf,
        from: PathBuf,
        source: io::Error,
    },
    /// Something supportmap did not make has the name of one of its own files beside the
    /// output folder.
    InTheWay { path: PathBuf, what: Ours },
    /// The output folder `out` is not one a build may write into or replace.
    Refused { out: PathBuf, why: Refusal },
    /// A stage asked to write `path`, which no build may write.
    Forbidden { path: String, why: Forbidden },
    /// A file's contents could not be encoded: `what` names the format or the file.
    Encode {
        what: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A writer panicked while holding what the writers share.
    WriterPanicked,
}

/// What a failed file-system call was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Create,
    Read,
    Write,
    /// Making a file's contents in memory.
    Make,
    Lock,
    Replace,
    /// Renaming the finished site into the output folder's place.
    MoveIn,
}

/// The kind of file beside the output folder whose name something else has taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ours {
    /// A staging folder: a name supportmap makes afresh on every build.
    Folder,
    /// The lock file, which supportmap leaves empty.
    Lock,
}

/// Why an output folder may not be built into.
#[derive(Debug)]
pub enum Refusal {
    /// It holds the site's sources (`source`), which the build would replace.
    HoldsSources { source: PathBuf },
    /// It is inside `what` (`source`), so the next build would read the site as sources.
    InsideSources { what: &'static str, source: PathBuf },
    /// It has no name of its own (`/`, `..`).
    Unnamed,
    /// It is a symbolic link to `target`: the swap would replace the link.
    Link { target: PathBuf },
    /// It is a file.
    File,
    /// It looks like a site built before folders were marked: ours, but nothing proves it.
    UnmarkedSite,
    /// It has files and no marker.
    NotOurs,
}

/// Why a stage may not write a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forbidden {
    /// The marker's name is kept for the marker.
    Marker,
    /// The path leads out of the output folder.
    Outside,
}

/// How to get out of a refusal about where the site goes.
const ELSEWHERE: &str =
    "  help: give --out a new or empty folder outside content/ and themes/ (it is made if missing)";

impl OutputError {
    pub(crate) fn io(step: Step, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| OutputError::Io { step, path, source }
    }

    /// A value that could not be written as JSON.
    pub(crate) fn json(source: serde_json::Error) -> Self {
        OutputError::Encode {
            what: "JSON",
            source: source.into(),
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Io { step, path, source } => {
                let doing = match step {
                    Step::Create => "cannot create",
                    Step::Read => "cannot read",
                    Step::Write => "cannot write",
                    Step::Make => "cannot make",
                    Step::Lock => "cannot lock",
                    Step::Replace => "cannot replace",
                    Step::MoveIn => "cannot move the new site into",
                };
                write!(f, "{doing} {}: {source}", path.display())
            }
            OutputError::PutBack { out, from, source } => write!(
                f,
                "cannot put back {} from {}: {source}",
                out.display(),
                from.display()
            ),
            OutputError::InTheWay { path, what } => match what {
                Ours::Folder => write!(
                    f,
                    "cannot create {}: something of that name is there, and supportmap did not make it\n  help: move it away and build again",
                    path.display()
                ),
                Ours::Lock => write!(
                    f,
                    "cannot lock {}: a file of that name is there and it is not supportmap's (ours are empty)\n  help: move it away and build again",
                    path.display()
                ),
            },
            OutputError::Refused { out, why } => refusal(f, &out.display().to_string(), why),
            OutputError::Forbidden { path, why } => match why {
                Forbidden::Marker => write!(
                    f,
                    "refusing to write {MARKER}: the name is kept for the file that marks the site"
                ),
                Forbidden::Outside => {
                    write!(f, "refusing to write outside the output folder: {path}")
                }
            },
            OutputError::Encode { what, source } => write!(f, "cannot write {what}: {source}"),
            OutputError::WriterPanicked => f.write_str("a writer panicked"),
        }
    }
}

fn refusal(f: &mut fmt::Formatter<'_>, shown: &str, why: &Refusal) -> fmt::Result {
    match why {
        Refusal::HoldsSources { source } => write!(
            f,
            "refusing to build into {shown}: it holds the site's sources ({}), which a build would replace\n{ELSEWHERE}",
            source.display()
        ),
        Refusal::InsideSources { what, source } => write!(
            f,
            "refusing to build into {shown}: it is inside {what} ({}), so the next build would read the site as sources\n{ELSEWHERE}",
            source.display()
        ),
        Refusal::Unnamed => write!(
            f,
            "refusing to build into {shown}: give the output folder by its name\n{ELSEWHERE}"
        ),
        Refusal::Link { target } => write!(
            f,
            "refusing to build into {shown}: it is a symbolic link, and a build replaces the folder by renaming, which would replace the link rather than the folder it points to\n  help: give the folder itself: --out {}",
            target.display()
        ),
        Refusal::File => write!(
            f,
            "refusing to build into {shown}: it is a file, not a folder, and a build would replace it\n{ELSEWHERE}"
        ),
        Refusal::UnmarkedSite => write!(
            f,
            "refusing to replace {shown}: it looks like a site built by an earlier supportmap, which did not mark its folders with a {MARKER} file, so it cannot be told from a folder of yours and replacing it could delete your files\n  help: if nothing in it is yours, delete it once (rm -r {shown}) and build again; from then on builds replace it by themselves"
        ),
        Refusal::NotOurs => write!(
            f,
            "refusing to replace {shown}: it is not empty and has no {MARKER} file, so supportmap did not build it, and a build would delete everything in it\n  help: give --out a new or empty folder (it is made if missing); supportmap only replaces folders it built"
        ),
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io { source, .. } | OutputError::PutBack { source, .. } => Some(source),
            OutputError::Encode { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

/// Search, whose own errors are still text, passes a write error on as its message.
impl From<OutputError> for String {
    fn from(err: OutputError) -> String {
        err.to_string()
    }
}

impl<T> From<std::sync::PoisonError<T>> for OutputError {
    fn from(_: std::sync::PoisonError<T>) -> OutputError {
        OutputError::WriterPanicked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_says_what_failed_where_and_why() {
        let denied = || io::Error::new(io::ErrorKind::PermissionDenied, "Permission denied");
        let err = OutputError::io(Step::MoveIn, "site")(denied());
        assert_eq!(
            err.to_string(),
            "cannot move the new site into site: Permission denied"
        );
        assert!(std::error::Error::source(&err).is_some());
        let refused = OutputError::Refused {
            out: "content/site".into(),
            why: Refusal::InsideSources {
                what: "content/",
                source: "/x/content".into(),
            },
        };
        assert_eq!(
            refused.to_string(),
            format!("refusing to build into content/site: it is inside content/ (/x/content), so the next build would read the site as sources\n{ELSEWHERE}")
        );
    }
}
