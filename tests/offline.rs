//! The site.yaml settings for safety on a watched device and for offline use, as built:
//! `exit_page` / `exit_page_to` ("Exit this page"), `offline` (the service worker and its list
//! of files) and `search_in_address`; their mistakes reported at file:line:column with a fix;
//! and the files that carry the build id, which must not change what the id is made of.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;

use run::build;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the valid fixture site with `settings` added to its site.yaml.
fn site_with(settings: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fixtures::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &root,
    );
    let site_yaml = root.join("content/site.yaml");
    let text = fs::read_to_string(&site_yaml).unwrap() + settings;
    fs::write(&site_yaml, text).unwrap();
    (dir, root)
}

/// Builds the site at `root` into `root/site`, which must succeed.
fn built(root: &Path) -> PathBuf {
    let out = root.join("site");
    let result = build(root, &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn json(path: impl AsRef<Path>) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// The build id in the marker file every build writes.
fn marker_id(site: &Path) -> String {
    let marker = read(site.join(".supportmap-site"));
    marker
        .lines()
        .find_map(|l| l.strip_prefix("build: "))
        .unwrap()
        .to_string()
}

#[test]
fn by_default_every_page_has_exit_this_page_and_registers_the_offline_service_worker() {
    let (_dir, root) = site_with("");
    let site = built(&root);
    let home = read(site.join("index.html"));
    assert!(home.contains(r#"<a class="exit-page-button" href="https://www.bbc.co.uk/weather" rel="nofollow noreferrer" data-exit-page-link>"#));
    assert!(home.contains(r#"<script type="module" src="/static/exit-page.js"></script>"#));
    assert!(home.contains(r#"<script type="module" src="/static/offline.js"></script>"#));
    assert!(home.contains(r#"id="offline-notice""#));
    assert!(home.contains("Save the whole site for offline use"));
    assert!(
        !home.contains("data-search-address"),
        "search words may go in the address"
    );
    assert!(site.join("sw.js").is_file() && site.join("offline/index.html").is_file());

    // The service worker and both lists carry the id the marker holds.
    let id = marker_id(&site);
    assert!(read(site.join("sw.js")).contains(&format!("const BUILD = \"{id}\";")));
    let summary = json(site.join("offline/build.json"));
    let files = json(site.join("offline/files.json"));
    assert_eq!(summary["build"], id.as_str());
    assert_eq!(files["build"], id.as_str());

    // Every file a reader can use is listed, once, at its address, with its true size; open
    // data and the files for machines are not.
    let listed = files["files"].as_array().unwrap();
    let mut total = 0;
    for entry in listed {
        let (address, size) = (entry[0].as_str().unwrap(), entry[1].as_u64().unwrap());
        let file = if address.is_empty() || address.ends_with('/') {
            site.join(address).join("index.html")
        } else {
            site.join(address)
        };
        assert_eq!(fs::metadata(&file).unwrap().len(), size, "{address}");
        total += size;
    }
    let addresses: Vec<&str> = listed.iter().map(|e| e[0].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<&&str> = addresses.iter().collect();
    assert_eq!(unique.len(), addresses.len(), "no file is listed twice");
    for wanted in [
        "",
        "needs/money/",
        "my-map/",
        "static/offline.js",
        "pagefind/pagefind.js",
    ] {
        assert!(addresses.contains(&wanted), "{wanted:?} is listed");
    }
    for address in &addresses {
        assert!(
            !address.starts_with("data/")
                && !["sitemap.xml", "robots.txt", "sw.js"].contains(address)
                && !address.starts_with("offline/build")
                && !address.starts_with("offline/files"),
            "{address} is not for offline use"
        );
    }
    assert_eq!(summary["bytes"].as_u64().unwrap(), total);
    assert_eq!(summary["files"].as_u64().unwrap(), listed.len() as u64);
}

#[test]
fn the_same_content_builds_the_same_bytes_and_a_change_gives_a_new_id() {
    let (_dir, root) = site_with("");
    let first = built(&root);
    let again = root.join("again");
    assert!(build(&root, &again, &[]).status.success());
    for file in [
        "sw.js",
        "offline/build.json",
        "offline/files.json",
        ".supportmap-site",
    ] {
        assert_eq!(read(first.join(file)), read(again.join(file)), "{file}");
    }

    let needs = root.join("content/needs.yaml");
    fs::write(&needs, read(&needs).replacen("name: ", "name: Renamed ", 1)).unwrap();
    let changed = root.join("changed");
    assert!(build(&root, &changed, &[]).status.success());
    assert_ne!(marker_id(&changed), marker_id(&first));
    assert_ne!(read(changed.join("sw.js")), read(first.join("sw.js")));
}

#[test]
fn turned_off_no_service_worker_and_no_button() {
    let (_dir, root) = site_with("offline: false\nexit_page: false\n");
    let site = built(&root);
    for page in ["index.html", "my-map/index.html", "404.html"] {
        let html = read(site.join(page));
        assert!(
            !html.contains("offline.js"),
            "{page} registers no service worker"
        );
        assert!(!html.contains("offline-save") && !html.contains("offline-notice"));
        assert!(!html.contains("exit-page"), "{page} has no Exit this page");
    }
    for file in [
        "sw.js",
        "offline/build.json",
        "offline/files.json",
        "offline/index.html",
    ] {
        assert!(!site.join(file).exists(), "{file} is not written");
    }
}

#[test]
fn the_exit_page_and_search_in_the_address_follow_site_yaml() {
    let (_dir, root) = site_with(
        "exit_page_to: https://www.example.org/recipes?from=x&y=1\nsearch_in_address: false\n",
    );
    let site = built(&root);
    let home = read(site.join("index.html"));
    assert!(home.contains(r#"href="https://www.example.org/recipes?from=x&amp;y=1""#));
    assert!(home.contains(r#"data-search-address="off""#));
    assert!(home.contains(r#"<script type="module" src="/static/search-traces.js"></script>"#));
}

#[test]
fn bad_settings_are_reported_where_they_are_with_a_fix() {
    let (_dir, root) = site_with("exit_page_to: weather\nsearch_in_address: sometimes\n");
    let out = root.join("site");
    let result = build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!out.exists(), "nothing was written");
    let stderr = String::from_utf8_lossy(&result.stderr);
    for expected in [
        "content/site.yaml:5:15: error: exit_page_to: \"weather\" is not a full web address",
        "help: give the full address of a neutral page that gives nothing away, such as https://www.bbc.co.uk/weather",
        "content/site.yaml:6:20: error: \"search_in_address\": expected a different kind of value: found string \"sometimes\", expected a boolean",
        "help: write true or false",
    ] {
        assert!(stderr.contains(expected), "{expected}\n in:\n{stderr}");
    }
}
