//! End-to-end tests of the web editor's files (`/admin/`, src/editor.rs): written only when
//! `site.yaml` has an `editor:` block, with the site's own choices in `config.yml`, a
//! Content Security Policy of its own, left out of the offline copy; and the `editor:` block's
//! mistakes reported at their line with a fix. (tests/browser/editor.test.mjs saves records
//! through it in Chromium.)

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use run::{build, supportmap};
use std::fs;
use std::path::Path;

/// The valid fixture with `extra` added to its site.yaml.
fn site(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    fixtures::copy_dir(&fixture, tmp.path());
    let settings = tmp.path().join("content/site.yaml");
    let text = fs::read_to_string(&settings).unwrap() + extra;
    fs::write(&settings, text).unwrap();
    tmp
}

fn built(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let out = tmp.path().join("out");
    let result = build(tmp.path(), &out, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    out
}

#[test]
fn an_editor_block_publishes_the_editor_with_the_sites_own_choices() {
    let tmp = site("editor:\n  backend: gitlab\n  repo: testbay/support-map\n  app_id: abc123\n  host: https://git.example.org\n");
    let out = built(&tmp);

    let page = fs::read_to_string(out.join("admin/index.html")).unwrap();
    assert!(page.contains("<script src=\"decap-cms.js\"></script>"));
    assert!(page.contains("<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">"));
    assert!(page.contains("connect-src 'self' https://git.example.org http://127.0.0.1:8081;"));
    let script = fs::read(out.join("admin/decap-cms.js")).unwrap();
    let vendored =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/decap-cms/dist/decap-cms.js"))
            .unwrap();
    assert!(script == vendored, "the CMS is published as vendored");
    assert!(fs::read_to_string(out.join("admin/decap-cms.LICENSE.txt"))
        .unwrap()
        .contains("MIT License"));

    let config: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(out.join("admin/config.yml")).unwrap()).unwrap();
    let backend = &config["backend"];
    assert_eq!(backend["name"], "gitlab");
    assert_eq!(backend["repo"], "testbay/support-map");
    assert_eq!(backend["branch"], "main");
    assert_eq!(backend["auth_type"], "pkce");
    assert_eq!(backend["api_root"], "https://git.example.org/api/v4");
    let collections: Vec<&str> = (config["collections"].as_sequence().unwrap().iter())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        collections,
        [
            "services",
            "services-with-long-descriptions",
            "pathways",
            "places",
            "pages",
            "guide"
        ]
    );
    let services = &config["collections"][0];
    assert_eq!(services["folder"], "content/assets");
    let needs = (services["fields"].as_sequence().unwrap().iter())
        .find(|f| f["name"] == "needs")
        .unwrap();
    let ids: Vec<&str> = (needs["options"].as_sequence().unwrap().iter())
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["food", "loneliness", "money"],
        "the fixture's needs, by name"
    );
    let step_services = (config["collections"][2]["fields"]
        .as_sequence()
        .unwrap()
        .iter())
    .find(|f| f["name"] == "steps")
    .unwrap()["fields"][2]
        .clone();
    assert_eq!(step_services["name"], "assets");
    assert!(step_services["options"]
        .as_sequence()
        .unwrap()
        .iter()
        .any(|o| o["value"] == "south-pantry"));

    // The rest of the site keeps its own policy, and the offline copy leaves the editor out.
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert!(!home.contains("unsafe-eval'; style-src 'self' 'unsafe-inline'"));
    let files = fs::read_to_string(out.join("offline/files.json")).unwrap();
    assert!(!files.contains("admin/"));
}

#[test]
fn without_an_editor_block_there_is_no_admin_folder() {
    let tmp = site("");
    let out = built(&tmp);
    assert!(!out.join("admin").exists());
}

#[test]
fn mistakes_in_the_editor_block_are_shown_where_they_are() {
    let tmp = site(
        "editor:\n  backend: gitea\n  repo: support-map\n  auth_url: https://auth.example.org\n",
    );
    let result = supportmap(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    let lines = fs::read_to_string(tmp.path().join("content/site.yaml")).unwrap();
    let line_of = |text: &str| 1 + lines.lines().position(|l| l.contains(text)).unwrap();
    for (at, message) in [
        (
            format!("content/site.yaml:{}:9:", line_of("repo:")),
            "\"support-map\" is not a repository's name",
        ),
        (
            format!("content/site.yaml:{}:1:", line_of("editor:")),
            "the editor needs your Gitea server's address: host is missing",
        ),
        (
            format!("content/site.yaml:{}:13:", line_of("auth_url:")),
            "auth_url is for GitHub; GitLab and Gitea sign in with app_id",
        ),
    ] {
        assert!(
            stderr.contains(&format!("{at} error: {message}")),
            "{at} {message} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("help: write the repository as owner/name"));

    let tmp = site("editor:\n  backend: bitbucket\n  repo: a/b\n");
    let result = supportmap(&["check", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("bitbucket"), "{stderr}");
}
