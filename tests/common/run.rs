//! Running the built `supportmap` binary, without colour, so its messages compare as text.

use std::path::Path;
use std::process::{Command, Output};

pub(crate) fn supportmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run supportmap")
}

/// The date the end-to-end tests judge freshness against, so a result never depends on the
/// calendar.
#[allow(dead_code)] // not every test file builds a site
pub(crate) const TODAY: &str = "2026-11-25";

/// `supportmap build --root ROOT --out OUT --today TODAY`, then `extra`.
#[allow(dead_code)] // not every test file builds a site
pub(crate) fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    supportmap(&args)
}

/// `supportmap import openreferral SOURCE --into INTO --today TODAY`, then `extra`.
#[allow(dead_code)] // not every test file imports
pub(crate) fn import_openreferral(source: &Path, into: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "openreferral",
        source.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    supportmap(&args)
}

/// `supportmap review --root ROOT --today TODAY`, then `extra`.
#[allow(dead_code)] // not every test file reviews
pub(crate) fn review(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["review", "--root", root.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    supportmap(&args)
}
