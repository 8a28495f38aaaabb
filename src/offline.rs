//! Offline: what a reader's browser may keep for use without a connection, written once every
//! other file of the build is in.
//!
//! Three files carry the build id (`output::Staging::build_id`, a digest of every other file),
//! so they are written after it is known and left out of it (`Staging::put_outside_id`): the
//! same content still gives the same id and byte-identical files.
//! - `sw.js`, the service worker (`src/offline/sw.js` with the id and the shell filled in). It
//!   sits at the top of the site so that its scope is the whole site, under any base path. A new
//!   deployment changes its bytes, which is how browsers notice a new build.
//! - `offline/build.json`: the id, and the size of the whole site for "Save the whole site for
//!   offline use". Small, because the service worker reads it before keeping any file, to be
//!   sure the file came from its own build.
//! - `offline/files.json`: every file a reader can use offline, with its size, sorted by path.
//!
//! Open data (`data/`), `sitemap.xml` and `robots.txt` are for machines and the web editor
//! (`admin/`) is for editors: they stay online only.

use crate::addresses::{self, DATA_DIR, OFFLINE_BUILD, OFFLINE_FILES};
use crate::output::{OutputError, Staging};
use serde::Serialize;
use std::fmt;

/// The service worker, with `"__BUILD__"` and `"__SHELL__"` to fill in.
const SERVICE_WORKER: &str = include_str!("offline/sw.js");

/// The pages every reader gets on a first visit, beside `static/` and the search library.
const SHELL_PAGES: [&str; 5] = [
    addresses::HOME,
    addresses::SEARCH,
    addresses::MY_MAP,
    addresses::OFFLINE,
    addresses::NOT_FOUND,
];

#[derive(Serialize)]
struct Build<'a> {
    build: &'a str,
    /// Bytes of every file in `files.json`.
    bytes: u64,
    files: usize,
}

#[derive(Serialize)]
struct Files<'a> {
    build: &'a str,
    /// `[address, bytes]`, the address relative to the site's base path.
    files: Vec<(String, u64)>,
}

/// Why the offline files could not be written.
#[derive(Debug)]
pub(crate) enum OfflineError {
    Json(serde_json::Error),
    Write(OutputError),
}

impl fmt::Display for OfflineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OfflineError::Json(e) => write!(f, "cannot write the offline files: {e}"),
            OfflineError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OfflineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OfflineError::Json(e) => Some(e),
            OfflineError::Write(e) => Some(e),
        }
    }
}

impl From<OutputError> for OfflineError {
    fn from(err: OutputError) -> OfflineError {
        OfflineError::Write(err)
    }
}

/// Writes `sw.js`, `offline/build.json` and `offline/files.json` for the files written so far.
pub(crate) fn publish(staging: &Staging) -> Result<(), OfflineError> {
    let id = staging.build_id();
    let files: Vec<(String, u64)> = (staging.files().into_iter())
        .filter(|(path, _)| kept(path))
        .map(|(path, size)| (address(&path).to_string(), size))
        .collect();
    let shell: Vec<&str> = (files.iter())
        .map(|(address, _)| address.as_str())
        .filter(|address| in_shell(address))
        .collect();
    let build = Build {
        build: &id,
        bytes: files.iter().map(|(_, size)| size).sum(),
        files: files.len(),
    };
    let worker = SERVICE_WORKER
        .replacen("\"__BUILD__\"", &json(&id)?, 1)
        .replacen("\"__SHELL__\"", &json(&shell)?, 1);
    staging.put_outside_id(addresses::SERVICE_WORKER, worker.as_bytes())?;
    staging.put_outside_id(OFFLINE_BUILD, json(&build)?.as_bytes())?;
    let files = Files { build: &id, files };
    Ok(staging.put_outside_id(OFFLINE_FILES, json(&files)?.as_bytes())?)
}

fn json(value: &impl Serialize) -> Result<String, OfflineError> {
    serde_json::to_string(value).map_err(OfflineError::Json)
}

/// Whether a reader's browser may keep the file at `path`. The web editor is for editors,
/// online, and would add megabytes to "Save the whole site".
fn kept(path: &str) -> bool {
    !(path.starts_with(DATA_DIR)
        || path.starts_with(addresses::ADMIN)
        || path == addresses::SITEMAP
        || path == addresses::ROBOTS)
}

/// The address a page is opened at: its folder for an `index.html`.
fn address(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// What the service worker keeps from the first visit: the pages every visit may need, the
/// theme's files, and the search library without its index (whose parts are kept as used).
fn in_shell(address: &str) -> bool {
    SHELL_PAGES.contains(&address)
        || address.starts_with(addresses::STATIC_DIR)
        || (address.strip_prefix(addresses::SEARCH_INDEX_DIR)).is_some_and(|f| !f.contains('/'))
        || [
            addresses::SEARCH_VOCABULARY,
            addresses::SEARCH_EVERYDAY,
            addresses::SEARCH_PLACES,
        ]
        .contains(&address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_at_their_folder_address_and_open_data_is_not_kept() {
        assert_eq!(address("index.html"), "");
        assert_eq!(address("needs/food/index.html"), "needs/food/");
        assert_eq!(address("404.html"), "404.html");
        assert!(kept("needs/food/index.html") && kept("pagefind/pagefind.js"));
        assert!(!kept("data/assets.csv") && !kept("sitemap.xml") && !kept("robots.txt"));
    }

    #[test]
    fn the_shell_is_the_common_pages_the_theme_and_the_search_library() {
        for address in ["", "my-map/", "static/style.css", "pagefind/pagefind.js"] {
            assert!(in_shell(address), "{address}");
        }
        for address in [
            "needs/food/",
            "pagefind/index/en_1.pf_index",
            "search/postcodes/hb.txt",
        ] {
            assert!(!in_shell(address), "{address}");
        }
    }
}
