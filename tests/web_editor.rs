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
    site_from("valid", extra)
}

/// The fixture `name` with `extra` added to its site.yaml.
fn site_from(name: &str, extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
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

/// Each field's name and `i18n` mark in a list of form fields.
fn marks(fields: &serde_yaml::Value) -> Vec<(String, Option<bool>)> {
    (fields.as_sequence().unwrap().iter())
        .map(|f| (f["name"].as_str().unwrap().into(), f["i18n"].as_bool()))
        .collect()
}

fn mark_of(fields: &serde_yaml::Value, name: &str) -> Option<bool> {
    let all = marks(fields);
    let found = all.iter().find(|(n, _)| n == name);
    found
        .unwrap_or_else(|| panic!("no field {name} in {all:?}"))
        .1
}

#[test]
fn on_a_site_in_two_languages_the_editor_has_a_pane_per_language_for_the_text_fields() {
    let tmp = site_from(
        "bilingual",
        "editor:\n  backend: github\n  repo: testbay/support-map\n",
    );
    let out = built(&tmp);
    let config: serde_yaml::Value =
        serde_yaml::from_str(&fs::read_to_string(out.join("admin/config.yml")).unwrap()).unwrap();
    let expected: serde_yaml::Value = serde_yaml::from_str(
        "{structure: multiple_files, locales: [en-GB, cy], default_locale: en-GB}",
    )
    .unwrap();
    assert_eq!(config["i18n"], expected);

    let collection = |name: &str| {
        let all = config["collections"].as_sequence().unwrap();
        all.iter().find(|c| c["name"] == name).unwrap().clone()
    };
    let services = collection("services");
    assert_eq!(services["i18n"], true);
    for (field, translatable) in [
        ("name", true),
        ("summary", true),
        ("referral", true),
        ("cost_detail", true),
        ("needs", false),
        ("places", false),
        ("opening_hours", false),
        ("contact", false),
        ("cost", false),
        ("last_reviewed", false),
    ] {
        let mark = mark_of(&services["fields"], field);
        assert_eq!(mark, Some(translatable), "services: {field}");
    }
    let long = collection("services-with-long-descriptions");
    assert_eq!(
        mark_of(&long["fields"], "body"),
        Some(true),
        "the description"
    );

    let pathways = collection("pathways");
    assert_eq!(pathways["i18n"], true);
    assert_eq!(mark_of(&pathways["fields"], "needs"), Some(false));
    assert_eq!(mark_of(&pathways["fields"], "body"), Some(true));
    let steps = (pathways["fields"].as_sequence().unwrap().iter())
        .find(|f| f["name"] == "steps")
        .unwrap();
    assert_eq!(steps["i18n"], true);
    assert_eq!(
        marks(&steps["fields"]),
        [
            ("title".to_string(), Some(true)),
            ("text".to_string(), Some(true)),
            ("assets".to_string(), Some(false)),
        ]
    );
    for name in ["pages", "guide"] {
        let pages = collection(name);
        assert_eq!(mark_of(&pages["fields"], "title"), Some(true), "{name}");
        assert_eq!(mark_of(&pages["fields"], "body"), Some(true), "{name}");
    }
    let places = collection("places");
    assert!(places.get("i18n").is_none(), "places are not translated");
    assert!(marks(&places["fields"]).iter().all(|(_, m)| m.is_none()));

    let page = fs::read_to_string(out.join("admin/index.html")).unwrap();
    assert!(
        page.contains("<script src=\"decap-cms.js\"></script>\n<script src=\"languages.js\"></script>\n</body>"),
        "{page}"
    );
    let script = fs::read_to_string(out.join("admin/languages.js")).unwrap();
    assert!(script.contains("multiple_files"), "the file-name mapping");
}

#[test]
fn a_site_in_one_language_has_no_language_panes() {
    let tmp = site("editor:\n  backend: github\n  repo: testbay/support-map\n");
    let out = built(&tmp);
    let config = fs::read_to_string(out.join("admin/config.yml")).unwrap();
    assert!(!config.contains("i18n"), "{config}");
    assert!(!out.join("admin/languages.js").exists());
    let page = fs::read_to_string(out.join("admin/index.html")).unwrap();
    assert!(!page.contains("languages.js"));
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
