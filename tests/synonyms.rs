//! End-to-end tests of a site's own everyday words, `content/synonyms.yaml`: its mistakes are
//! reported like any content's (file:line:column and a fix, the published site untouched), and
//! what it adds or removes reaches the search files.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use run::supportmap;
use std::fs;
use std::path::Path;
use std::process::Output;

const TODAY: &str = "2026-11-25";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    fixtures::copy_dir(&fixture, dir.path());
    dir
}

fn run(command: &str, root: &Path) -> Output {
    let root = root.to_str().unwrap();
    let out = Path::new(root).join("site");
    let out = out.to_str().unwrap();
    match command {
        "build" => supportmap(&["build", "--root", root, "--out", out, "--today", TODAY]),
        _ => supportmap(&[command, "--root", root, "--today", TODAY]),
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn vocabulary(root: &Path) -> Vec<String> {
    let text = fs::read_to_string(root.join("site/search/vocabulary.txt")).unwrap();
    text.lines()
        .skip(1)
        .flat_map(|l| l.split(' ').skip(1).map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn mistakes_in_synonyms_yaml_are_reported_with_their_place_and_a_fix() {
    let dir = site();
    let built = run("build", dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let index = dir.path().join("site/index.html");
    let before = fs::read(&index).unwrap();

    fs::write(
        dir.path().join("content/synonyms.yaml"),
        "# our own words\nquids in: [debt]\n\"???\": [benefits]\nskint: [money, \"!!\"]\n",
    )
    .unwrap();
    for command in ["check", "build"] {
        let result = run(command, dir.path());
        assert_eq!(result.status.code(), Some(1), "{command}");
        let message = stderr(&result);
        assert!(
            message.contains("content/synonyms.yaml:3:1: error: \"???\" is not a word or phrase people could search for"),
            "{message}"
        );
        assert!(
            message.contains("content/synonyms.yaml:4:16: error: \"!!\" is not a word or phrase a record could use"),
            "{message}"
        );
        assert!(
            message.contains("help: write letters or digits"),
            "{message}"
        );
    }
    assert_eq!(
        fs::read(&index).unwrap(),
        before,
        "the published site is untouched"
    );

    fs::write(dir.path().join("content/synonyms.yaml"), "- quids in\n").unwrap();
    let message = stderr(&run("check", dir.path()));
    assert!(
        message.contains("content/synonyms.yaml:1:1: error:"),
        "{message}"
    );
}

#[test]
fn synonyms_yaml_adds_and_removes_everyday_words() {
    let dir = site();
    assert!(run("build", dir.path()).status.success());
    let words = vocabulary(dir.path());
    assert!(
        words.contains(&"skint".to_string()),
        "built in: the debt service is found by \"skint\""
    );
    assert!(!words.contains(&"quidsin".to_string()));

    fs::write(
        dir.path().join("content/synonyms.yaml"),
        "quids in: [debt]\nskint: []\n",
    )
    .unwrap();
    let built = run("build", dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        !stderr(&built).contains("synonyms.yaml"),
        "no warning about the file"
    );
    let words = vocabulary(dir.path());
    // A phrase is indexed as one word, as the search page joins it in a query.
    assert!(words.contains(&"quidsin".to_string()), "added by the site");
    assert!(!words.contains(&"skint".to_string()), "removed by the site");
}
