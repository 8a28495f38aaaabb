//! Bounded work and clean text on hostile input (issue 20, parts 3, 4 and 6), end to end:
//! deeply nested YAML and front matter are refused before a parser sees them; control
//! characters and bidirectional overrides are refused by `check`, stripped by `import`, and
//! never reach a terminal; `import` never writes a record `check` would refuse; pathways naming
//! a service twice and lookalike web addresses are warned about.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;

use fixtures::copy_dir;
use run::{import_openreferral, review, supportmap, TODAY};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn valid_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &root,
    );
    (dir, root)
}

fn check(root: &Path) -> Output {
    supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The asset every site here starts from, with `name:` replaced.
fn asset_named(name: &str) -> String {
    format!(
        "name: {name}\nsummary: Lunch and company.\nneeds: [money]\nlast_reviewed: 2026-11-01\n"
    )
}

#[test]
fn a_megabyte_of_brackets_is_refused_at_the_first_bracket_too_deep() {
    let (_dir, root) = valid_site();
    let deep = root.join("content/assets/deep.yaml");
    fs::write(&deep, format!("name: {}", "[".repeat(1_000_000))).unwrap();
    for command in ["check", "build"] {
        let out = root.parent().unwrap().join("site");
        let mut args = vec![command, "--root", root.to_str().unwrap(), "--today", TODAY];
        if command == "build" {
            args.extend(["--out", out.to_str().unwrap()]);
        }
        let output = supportmap(&args);
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = text(&output.stderr);
        // `name:` is one level, so the 32nd bracket (column 7 + 31) is the 33rd.
        assert!(
            stderr.contains("content/assets/deep.yaml:1:38: error: nested more than 32 levels deep: a record never needs this many [ or { inside each other"),
            "{command}: {}",
            &stderr[..stderr.len().min(3000)]
        );
        assert!(
            stderr.contains("help: remove the extra [ and {"),
            "{command}"
        );
        // The snippet is a window on the line, not a megabyte of brackets.
        assert!(stderr.len() < 20_000, "{command}: {} bytes", stderr.len());
        assert!(!out.exists());
    }
}

#[test]
fn deep_front_matter_and_block_nesting_are_refused_too() {
    let (_dir, root) = valid_site();
    fs::write(
        root.join("content/pages/deep.md"),
        format!("---\ntitle: {}\n---\nBody\n", "{a: ".repeat(250_000)),
    )
    .unwrap();
    fs::write(
        root.join("content/assets/dashes.yaml"),
        "- ".repeat(500_000),
    )
    .unwrap();
    let stairs: String = (0..1400)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    fs::write(root.join("content/assets/stairs.yaml"), stairs).unwrap();
    let output = check(&root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        // Front matter starts on line 2; `title:` is one level, then 31 `{a: ` of 4 characters.
        "content/pages/deep.md:2:132: error: nested more than 32 levels deep: a record never needs this many [ or { inside each other",
        "content/assets/dashes.yaml:1:65: error: nested more than 32 levels deep: a record never needs this many indented fields or lists inside each other",
        "content/assets/stairs.yaml:33:33: error: nested more than 32 levels deep",
        "help: check the indentation of this line and the lines above it",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{}", &stderr[..stderr.len().min(4000)]);
    }
}

#[test]
fn brackets_in_quoted_and_plain_text_are_only_text() {
    let (_dir, root) = valid_site();
    let many = "[".repeat(200);
    fs::write(
        root.join("content/assets/brackets.yaml"),
        format!("name: \"{many} club\"\nsummary: Lunch {many} and company. # {many}\nneeds: [money]\nlast_reviewed: 2026-11-01\ndescription: |\n  {many}\n"),
    )
    .unwrap();
    let output = check(&root);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn control_characters_and_bidi_overrides_in_text_are_refused_where_they_are() {
    let (_dir, root) = valid_site();
    fs::write(
        root.join("content/assets/escapes.yaml"),
        "name: \"Lunch \\e[31mclub\\a\"\nsummary: \"Cheap \\u202Eeno\"\nneeds: [money]\nlast_reviewed: 2026-11-01\nlocations:\n  - address: \"1 High St\\0\"\n",
    )
    .unwrap();
    let output = check(&root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        "content/assets/escapes.yaml:1:7: error: \"name\" contains an invisible control character (U+001B)",
        "content/assets/escapes.yaml:2:10: error: \"summary\" contains a bidirectional override (U+202E) that makes text show in a different order from how it was written",
        "content/assets/escapes.yaml:6:14: error: \"locations[0].address\" contains an invisible control character (U+0000)",
        "help: delete it and retype the text around it",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
}

#[test]
fn nothing_from_content_reaches_the_terminal_as_an_escape_sequence() {
    let (_dir, root) = valid_site();
    fs::write(
        root.join("content/assets/escapes.yaml"),
        asset_named("\"\\e]0;owned\\a\\e[2JClub\\u2066\"").replace("2026-11-01", "2020-01-01")
            + "\"\\e[31mkey\": x\n",
    )
    .unwrap();
    let listed = review(&root, &[]);
    let stdout = text(&listed.stdout);
    assert!(
        stdout.contains("<U+001B>]0;owned<U+0007><U+001B>[2JClub<U+2066> (asset escapes)"),
        "{stdout}"
    );
    let csv = review(&root, &["--format", "csv"]);
    let output = check(&root);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unknown field \"<U+001B>[31mkey\""),
        "{stderr}"
    );
    for printed in [
        &listed.stdout,
        &listed.stderr,
        &csv.stdout,
        &output.stderr,
        &output.stdout,
    ] {
        assert!(
            !printed.iter().any(|&b| b == 0x1b || b == 0x07),
            "{}",
            text(printed)
        );
        assert!(!text(printed).contains('\u{2066}'));
    }
}

#[test]
fn a_pathway_step_naming_a_service_twice_and_a_lookalike_web_address_are_warned_about() {
    let (_dir, root) = valid_site();
    let pathway = root.join("content/pathways/money-worries.md");
    let text_before = fs::read_to_string(&pathway).unwrap();
    fs::write(
        &pathway,
        text_before.replace(
            "assets: [north-lunch-club, old-job-club]",
            "assets: [north-lunch-club, old-job-club, north-lunch-club]",
        ),
    )
    .unwrap();
    let asset = root.join("content/assets/debt-advice.yaml");
    let before = fs::read_to_string(&asset).unwrap();
    // The "а" of "pаypal" is Cyrillic.
    fs::write(
        &asset,
        before.replace(
            "https://example.org/debt",
            "https://www.p\u{0430}ypal.example/debt",
        ),
    )
    .unwrap();
    fs::write(
        root.join("content/assets/cafe.yaml"),
        asset_named("Café") + "contact:\n  website: https://www.café.example/\n",
    )
    .unwrap();
    fs::write(
        root.join("content/assets/japanese.yaml"),
        asset_named("Kissa") + "contact:\n  website: https://日本のカフェ.example/\n",
    )
    .unwrap();
    let output = check(&root);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for expected in [
        "content/pathways/money-worries.md:14:46: warning: asset \"north-lunch-club\" is listed twice in step 2",
        "help: remove the second one: the step shows each service once",
        "content/assets/debt-advice.yaml:18:12: warning: the web address \"https://www.p\u{0430}ypal.example/debt\" mixes Latin and Cyrillic letters in \"p\u{0430}ypal\": it may imitate another site's address",
        "help: retype the address by hand and check it opens the right site",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
    assert!(!stderr.contains("cafe.yaml"), "{stderr}");
    assert!(!stderr.contains("japanese.yaml"), "{stderr}");
}

// --- import -----------------------------------------------------------------------------------

fn services(items: serde_json::Value) -> String {
    serde_json::json!({ "total_items": 2, "contents": items }).to_string()
}

#[test]
fn import_skips_a_service_whose_record_check_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("services.json");
    fs::write(
        &source,
        services(serde_json::json!([
            { "id": "g1", "name": "Good service", "description": "Help.", "assured_date": "2026-01-05" },
            { "id": "h1", "name": "Huge service", "description": "words ".repeat(350_000), "assured_date": "2026-01-05" }
        ])),
    )
    .unwrap();
    let site = dir.path().join("site");
    let output = import_openreferral(&source, &site, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: service \"Huge service\" (contents[1], id h1): supportmap check would refuse its record: file is too large (2.0 MB); a record must be under 1 MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: fix the input, or pass --keep-going"),
        "{stderr}"
    );
    assert!(!site.exists(), "nothing is written without --keep-going");

    let output = import_openreferral(&source, &site, &["--keep-going"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: service \"Huge service\" (contents[1], id h1): supportmap check would refuse its record: file is too large (2.0 MB); a record must be under 1 MB; the service was skipped (--keep-going)"),
        "{stderr}"
    );
    assert!(
        text(&output.stdout).contains("Imported 1 asset,"),
        "{}",
        text(&output.stdout)
    );
    assert!(site.join("content/assets/good-service.yaml").is_file());
    assert!(!site.join("content/assets/huge-service.yaml").exists());
    assert!(
        check(&site).status.success(),
        "{}",
        text(&check(&site).stderr)
    );
}

#[test]
fn import_strips_control_characters_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("services.json");
    fs::write(
        &source,
        services(serde_json::json!([
            { "id": "c1", "name": "Lunch\u{1b}[31m club\u{202E}", "description": "Soup\u{7}\r\nand bread.", "assured_date": "2026-01-05" }
        ])),
    )
    .unwrap();
    let site = dir.path().join("site");
    let output = import_openreferral(&source, &site, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let warning = stderr
        .lines()
        .find(|l| l.contains("warning: service \"Lunch[31m club\" (contents[0], id c1): removed control characters or bidirectional overrides from "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        warning.contains("\"name\"") && warning.contains("\"description\""),
        "{warning}"
    );
    assert!(!stderr.contains('\u{1b}'));
    let written = fs::read_to_string(site.join("content/assets/lunch-31m-club.yaml")).unwrap();
    assert!(written.contains("Lunch[31m club"), "{written}");
    assert!(
        !written.contains(['\u{1b}', '\u{7}', '\u{202E}', '\r']),
        "{written}"
    );
    assert!(
        check(&site).status.success(),
        "{}",
        text(&check(&site).stderr)
    );
}

#[test]
fn import_refuses_an_input_file_over_its_limit_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("services.json");
    // Sparse: the size is what is refused, so no disk is spent on it.
    fs::File::create(&source)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let site = dir.path().join("site");
    let output = import_openreferral(&source, &site, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("services.json is too large to import (100 MB; the limit is 32 MB): save the services as several smaller files"),
        "{stderr}"
    );
    assert!(!site.exists());
}
