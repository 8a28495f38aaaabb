//! End-to-end tests of `supportmap new <kind> <id> --language <tag>` (src/scaffold/translation.rs)
//! on a copy of the bilingual fixture: a translation to fill in, beside its record, that `check`
//! accepts as it is and the Welsh pages use once filled in; refused, with nothing written, over
//! an existing translation, for a language the site does not have, for its main language, for an
//! unknown record and for a place.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use run::{build, supportmap, TODAY};
use std::fs;
use std::path::Path;

fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bilingual");
    fixtures::copy_dir(&fixture, dir.path());
    dir
}

/// `supportmap new kind id --language language --root root`: exit code, stdout, stderr.
fn new(root: &Path, kind: &str, id: &str, language: &str) -> (Option<i32>, String, String) {
    let root = root.to_str().unwrap();
    let run = supportmap(&["new", kind, id, "--language", language, "--root", root]);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (run.status.code(), text(&run.stdout), text(&run.stderr))
}

fn check(root: &Path) {
    let run = supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_services_translation_starts_empty_under_its_words_and_the_welsh_page_uses_it_once_filled() {
    let dir = bilingual();
    let root = dir.path();
    let (code, stdout, stderr) = new(root, "asset", "food-bank", "cy");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "content/assets/food-bank.cy.yaml\n");
    let path = root.join("content/assets/food-bank.cy.yaml");
    let stub = fs::read_to_string(&path).unwrap();
    assert!(stub.starts_with("# The cy text of content/assets/food-bank.yaml."));
    for said in [
        "# Testbay Food Bank\nname:\n",
        "# Emergency food parcels, with a voucher from a link worker.\nsummary:\n",
        "# Ask your link worker for a food bank voucher.\nreferral:\n",
    ] {
        assert!(stub.contains(said), "{said:?} in\n{stub}");
    }
    for not_text in [
        "needs:",
        "places:",
        "cost:",
        "last_reviewed:",
        "description:",
    ] {
        assert!(!stub.contains(not_text), "{not_text} in\n{stub}");
    }

    // As it is, the Welsh page shows the English, marked as not yet translated.
    check(root);
    let out = dir.path().join("out");
    let built = |out: &Path| {
        let run = build(root, out, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        fs::read_to_string(out.join("cy/assets/food-bank/index.html")).unwrap()
    };
    let page = built(&out);
    assert!(page.contains(">Testbay Food Bank</h1>"), "{page}");
    assert!(page.contains("lang=\"en-GB\""), "the English is marked");

    fs::write(
        &path,
        stub.replace("\nname:\n", "\nname: Banc Bwyd Bae Prawf\n"),
    )
    .unwrap();
    check(root);
    let page = built(&dir.path().join("again"));
    assert!(page.contains(">Banc Bwyd Bae Prawf</h1>"), "{page}");
}

#[test]
fn a_pathways_translation_has_each_steps_text_and_a_page_its_body_to_translate() {
    let dir = bilingual();
    let root = dir.path();
    fs::remove_file(root.join("content/pathways/money-worries.cy.md")).unwrap();
    let (code, stdout, stderr) = new(root, "pathway", "money-worries", "cy");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "content/pathways/money-worries.cy.md\n");
    let stub = fs::read_to_string(root.join("content/pathways/money-worries.cy.md")).unwrap();
    assert!(stub.starts_with("---\n# The cy text of content/pathways/money-worries.md."));
    assert!(
        stub.contains("# Money worries\ntitle:\n# From a first talk to steady support.\nsummary:\nsteps:\n    # Get debt advice\n  - title:\n    # Book a **free** appointment.\n    text:\n    # Food while you sort things out\n  - title:\n"),
        "{stub}"
    );
    assert!(
        stub.ends_with("# Money worries and low mood often go together.\n---\n"),
        "{stub}"
    );
    assert!(
        !stub.contains("assets"),
        "a step's services are the record's"
    );

    let (code, _, stderr) = new(root, "page", "about", "cy");
    assert_eq!(code, Some(0), "{stderr}");
    let page = fs::read_to_string(root.join("content/pages/about.cy.md")).unwrap();
    assert!(page.contains("# About this site\ntitle:\n"), "{page}");
    assert!(
        page.contains("# Every record here is **fictional**.\n---\n"),
        "{page}"
    );
    check(root);
}

#[test]
fn nothing_is_written_over_a_translation_or_for_a_language_or_record_the_site_lacks() {
    let dir = bilingual();
    let root = dir.path();
    let existing = root.join("content/assets/lunch-club.cy.yaml");
    let before = fs::read_to_string(&existing).unwrap();
    let files = fixtures::files_under(root);

    let refusals = [
        (
            ("asset", "lunch-club", "cy"),
            "error: content/assets/lunch-club.cy.yaml already exists; nothing was written\n  help: edit that file to change the translation\n",
        ),
        (
            ("asset", "food-bank", "fr"),
            "error: \"fr\" is not one of the site's languages (en-GB, cy)\n  help: choose one of cy, or add fr to languages: in content/site.yaml\n",
        ),
        (
            ("asset", "food-bank", "en-GB"),
            "error: \"en-GB\" is the site's main language: the record itself is in it\n  help: choose one of the other languages: cy\n",
        ),
        (
            ("asset", "food-bnk", "cy"),
            "error: there is no asset \"food-bnk\" in content/assets to translate, did you mean \"food-bank\"?\n",
        ),
        (
            ("place", "north", "cy"),
            "error: places are not translated: a place's name is the same in every language\n",
        ),
    ];
    for ((kind, id, language), said) in refusals {
        let (code, stdout, stderr) = new(root, kind, id, language);
        assert_eq!(code, Some(2), "{kind} {id} {language}: {stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.starts_with(said),
            "{kind} {id} {language}:\n{stderr}"
        );
    }
    assert_eq!(fs::read_to_string(&existing).unwrap(), before);
    assert_eq!(fixtures::files_under(root), files, "nothing was written");
}
