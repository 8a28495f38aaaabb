//! Why `import postcodes` wrote nothing: each failure with the file concerned and the cause,
//! shown (after `error: `) as the sentence that says what to do about it.

use super::super::MAX_ROWS;
use std::fmt;
use std::io;
use std::path::PathBuf;

#[derive(Debug)]
pub(crate) enum ImportError {
    /// A table is there already and `--overwrite` was not given.
    Exists {
        target: PathBuf,
    },
    /// Neither `--into` nor its `content/` is a folder.
    NoContentFolder {
        at: PathBuf,
    },
    /// An `--area` that is not a postcode area, district or sector.
    BadArea {
        text: String,
    },
    /// The source file could not be opened.
    CannotOpen {
        file: PathBuf,
        source: io::Error,
    },
    /// The source is not postcode data this command reads.
    Unusable {
        file: PathBuf,
        why: Unusable,
    },
    /// Nothing in the source (or in the areas asked for) to keep.
    NoPostcodes {
        file: PathBuf,
        areas_given: bool,
    },
    CannotWrite {
        target: PathBuf,
        source: io::Error,
    },
}

/// Why a source file cannot be imported.
#[derive(Debug)]
pub(crate) enum Unusable {
    Empty,
    /// A header with a postcode column but no position columns.
    NoPosition,
    /// Neither a directory's header nor a Code-Point Open row.
    UnknownShape,
    TooMany,
    /// Not CSV, or a line too long to be postcode data.
    Unreadable(csv::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Exists { target } => write!(
                f,
                "{} already exists; nothing was written. Pass --overwrite to replace it",
                target.display()
            ),
            ImportError::NoContentFolder { at } => write!(
                f,
                "no content folder at {}: pass --into with the site's content folder",
                at.display()
            ),
            ImportError::BadArea { text } => write!(
                f,
                "--area \"{text}\" is not a postcode area, district or sector: write it like HB, HB4 or \"HB4 1\""
            ),
            ImportError::CannotOpen { file, source } => {
                write!(f, "cannot read {}: {source}", file.display())
            }
            ImportError::Unusable { file, why } => write!(f, "{}: {why}", file.display()),
            ImportError::NoPostcodes { file, areas_given } => write!(
                f,
                "no postcodes {}in {}; nothing was written",
                if *areas_given {
                    "in the --area given "
                } else {
                    ""
                },
                file.display()
            ),
            ImportError::CannotWrite { target, source } => {
                write!(f, "cannot write {}: {source}", target.display())
            }
        }
    }
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Empty => f.write_str("the file is empty"),
            Unusable::NoPosition => f.write_str("the header names a postcode column but no lat and long (or oseast1m and osnrth1m) columns"),
            Unusable::UnknownShape => f.write_str("not a postcode file this command reads: expected the ONS Postcode Directory (a header with pcds, lat and long) or Code-Point Open (no header: postcode, quality, eastings, northings)"),
            Unusable::TooMany => write!(f, "more than {MAX_ROWS} postcodes: keep only your area's with --area"),
            Unusable::Unreadable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::CannotOpen { source, .. } | ImportError::CannotWrite { source, .. } => {
                Some(source)
            }
            ImportError::Unusable {
                why: Unusable::Unreadable(e),
                ..
            } => Some(e),
            _ => None,
        }
    }
}
