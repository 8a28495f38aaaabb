//! End-to-end tests of `check --format github` and `--format gitlab`: the annotations a git
//! host shows on the lines of a pull or merge request, compared with golden files made from
//! `tests/fixtures/annotations/` (a site with several errors and warnings).
//!
//! After a deliberate change to a message, regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --release --test annotations`.

#[path = "common/run.rs"]
mod run;
use run::{supportmap, TODAY};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/annotations")
}

fn check(format: &str) -> Output {
    let root = fixture();
    supportmap(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        format,
    ])
}

/// Compares `actual` with the golden file `name`, or rewrites it when UPDATE_GOLDEN is set.
fn assert_golden(name: &str, actual: &str) {
    let path = fixture().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        actual, expected,
        "output changed; if on purpose, regenerate with UPDATE_GOLDEN=1"
    );
}

#[test]
fn github_format_prints_one_workflow_command_per_problem() {
    let result = check("github");
    assert_eq!(result.status.code(), Some(1));
    let stdout = String::from_utf8(result.stdout).unwrap();
    assert_golden("expected-github.txt", &stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::error ")).count(),
        5
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning ")).count(),
        4
    );
    // The comma and percent sign of the file name would otherwise end the property early.
    assert!(
        lines[0].starts_with("::error file=content/assets/Lunch%2C Club 50%25.yaml,line=1,col=1,")
    );
    assert!(stdout.contains(
        "::error file=content/assets/advice.yaml,line=4,col=10,title=Support Map check::unknown place \"twon\", did you mean \"town\"?%0Ahelp: "
    ));
    // The summary is for people, on standard error, so the log's commands stay clean.
    assert!(String::from_utf8_lossy(&result.stderr).contains("Found 5 errors and 4 warnings"));
}

#[test]
fn gitlab_format_writes_a_code_quality_report() {
    let result = check("gitlab");
    assert_eq!(result.status.code(), Some(1));
    let stdout = String::from_utf8(result.stdout).unwrap();
    assert_golden("expected-gitlab.json", &stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), 9);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 9, "every issue has its own fingerprint");
    let place = issues
        .iter()
        .find(|i| i["description"].as_str().unwrap().contains("\"twon\""))
        .unwrap();
    assert_eq!(place["location"]["path"], "content/assets/advice.yaml");
    assert_eq!(place["location"]["lines"]["begin"], 4);
    assert_eq!(place["severity"], "major");
    let overdue = issues.iter().filter(|i| i["severity"] == "minor").count();
    assert_eq!(overdue, 4, "warnings are minor");
}
