//! Progress as it happens: the `Reporter` that `build` and `serve` say things through, which
//! `cli` implements by printing, and `Silent` for callers that only read results.

use super::Diagnostics;
use std::path::Path;

/// Where `build` and `serve` send what they have to say as it happens (a build waiting for
/// another, stage timings, the preview's progress). `cli` hands in the one that prints, so
/// nothing below the command line prints and no stage needs anything from `cli`.
pub trait Reporter: Send + Sync {
    /// A line another program may read, such as the address being served (standard output).
    fn announce(&self, line: &str);
    /// Progress, warnings and errors for the person at the terminal (standard error).
    fn say(&self, line: &str);
    /// Problems, as `check` prints them; their file names are relative to `root`.
    fn problems(&self, diags: &Diagnostics, root: &Path);
}

/// Says nothing: for callers that read results, not progress (tests, benchmarks).
pub struct Silent;

impl Reporter for Silent {
    fn announce(&self, _: &str) {}
    fn say(&self, _: &str) {}
    fn problems(&self, _: &Diagnostics, _: &Path) {}
}
