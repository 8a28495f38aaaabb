//! End-to-end tests of `supportmap build` and `check` against the fixture sites in
//! `tests/fixtures/`: what editors see when content is right, and when it is wrong.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use fixtures::copy_dir;
use run::{build, supportmap, TODAY};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a fixture so a test can change it without touching the repository.
fn copy_fixture(name: &str, to: &Path) {
    copy_dir(&fixture(name), to);
}

#[test]
fn valid_site_builds_pages_that_say_what_the_records_say() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(&fixture("valid"), &site, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let summary = String::from_utf8_lossy(&result.stdout);
    assert!(
        summary.starts_with("Built 3 assets, 1 pathway, "),
        "{summary}"
    );

    let asset = read(site.join("assets/debt-advice/index.html"));
    for expected in [
        "Testbay Debt Advice",
        "Free, confidential advice on debt and benefits.",
        "<strong>sort out debts</strong>",
        "href=\"tel:+441632960001\"",
        "href=\"mailto:advice@testbay.example.org\"",
        "https://example.org/debt",
        "Monday to Friday",
        "09:00",
        "HB1 2AB",
        "Step-free entrance",
        "Drop in",
        "Self-referral",
        "Ages 18 and over",
        "Welsh",
        "Urdu",
        "3 March 2026",
        "datetime=\"2026-03-03\"",
        "href=\"/needs/money/\"",
        "href=\"/pathways/money-worries/\"",
        "href=\"/pages/about/\"",
    ] {
        assert!(asset.contains(expected), "asset page lacks {expected:?}");
    }
    assert!(
        !asset.contains("may be out of date"),
        "a fresh record is not flagged"
    );

    let lunch = read(site.join("assets/north-lunch-club/index.html"));
    assert!(
        lunch.contains("church hall"),
        "the Markdown body is the description"
    );
    assert!(
        lunch.contains("may be out of date"),
        "an overdue record says so"
    );
    assert!(lunch.contains("Ages 60 and over") && lunch.contains("Arrive from 11:30"));
    assert!(read(site.join("assets/south-pantry/index.html")).contains("Paused"));

    assert!(
        !site.join("assets/old-job-club").exists(),
        "closed records are not published"
    );
    for page in [
        "index.html",
        "a-z/index.html",
        "needs/money/index.html",
        "places/north-end/index.html",
        "pathways/money-worries/index.html",
        "sitemap.xml",
    ] {
        assert!(
            !read(site.join(page)).contains("Old Job Club"),
            "{page} mentions a closed record"
        );
    }

    let pathway = read(site.join("pathways/money-worries/index.html"));
    let first = pathway.find("Get advice on debts").expect("step 1");
    let second = pathway.find("Meet people").expect("step 2");
    assert!(
        first < second && pathway.contains("<ol"),
        "steps are an ordered route"
    );
    assert!(
        pathway[first..second].contains("Testbay Debt Advice")
            && pathway[second..].contains("North End Lunch Club")
    );

    let north = read(site.join("places/north-end/index.html"));
    assert!(
        north.contains("North End Lunch Club"),
        "a neighbourhood lists what serves it"
    );
    assert!(
        north.contains("Testbay Debt Advice"),
        "and what serves the town it is part of"
    );
    assert!(
        !north.contains("South End Pantry"),
        "but not another neighbourhood's services"
    );
    let town = read(site.join("places/testbay/index.html"));
    assert!(
        town.contains("North End Lunch Club") && town.contains("South End Pantry"),
        "a town lists its neighbourhoods' services"
    );

    let need = read(site.join("needs/food/index.html"));
    assert!(
        need.contains("North End Lunch Club")
            && need.contains("South End Pantry")
            && !need.contains("Testbay Debt Advice")
    );

    let guide = read(site.join("guide/index.html"));
    assert!(
        guide.find("Introduction").unwrap() < guide.find("Start now").unwrap(),
        "guide sections in order"
    );
    assert!(
        read(site.join("guide/introduction/index.html")).contains("<h2>Why</h2>"),
        "headings in Markdown sit below the page's h1"
    );
    assert!(read(site.join("pages/about/index.html")).contains("<strong>fictional</strong>"));
    let a_z = read(site.join("a-z/index.html"));
    assert!(a_z.find("North End Lunch Club").unwrap() < a_z.find("South End Pantry").unwrap());
    assert!(read(site.join("404.html")).contains("href=\"/\""));
    assert!(read(site.join("robots.txt")).starts_with("User-agent: *"));
    assert!(read(site.join("sitemap.xml"))
        .contains("<loc>/assets/debt-advice/</loc><lastmod>2026-03-03</lastmod>"));
    assert!(site.join("static/style.css").is_file());
}

#[test]
fn every_kind_of_mistake_is_reported_with_file_line_and_column() {
    let result = supportmap(&[
        "check",
        "--root",
        fixture("errors").to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(result.status.code(), Some(1));
    let expected = read(fixture("errors/expected-check.txt"));
    assert_eq!(
        stderr(&result),
        expected,
        "check output changed; if on purpose, regenerate tests/fixtures/errors/expected-check.txt"
    );
    for message in [
        "content/assets/typos.yaml:2:1: error: unknown field \"sumary\", did you mean \"summary\"?",
        "content/assets/typos.yaml:6:5: error: unknown field \"postcde\", did you mean \"postcode\"?",
        "content/assets/typos.yaml:3:9: error: unknown need \"mony\", did you mean \"money\"?",
        "content/assets/typos.yaml:15:10: error: \"dropin\" is not a valid value for access, did you mean \"drop_in\"?",
        "content/assets/typos.yaml:17:16: error: \"last_reviewed\": invalid date \"2026-02-30\"",
        "content/assets/typos.yaml:10:12: error: \"javascript:alert(1)\" is not a web address",
        "content/assets/missing.yaml:1:1: error: missing required field \"name\"",
        "content/assets/wrong-types.yaml:3:8: error: \"needs\": expected a different kind of value",
        "content/assets/broken.yaml:4:1: error: this is not valid YAML",
        "content/assets/dupe.yaml:1:1: error: duplicate id \"dupe\"",
        "content/assets/Bad Name.yaml:1:1: error: \"Bad Name\" is not a valid file name",
        "content/places/a.yaml:3:9: error: places are inside each other in a circle: a → b → a",
        "content/places/c.yaml:3:9: error: unknown place \"nowhere\"",
        "content/pathways/bad-steps.md:8:25: error: unknown asset \"ghost\"",
        "content/pathways/no-front-matter.md:1:1: error: missing front matter",
        "content/needs.yaml:3:7: error: duplicate need id \"money\"",
        "content/site.yaml:2:11: error: \"not a url\" is not a valid base_url",
        "content/site.yaml:4:12: error: page_size must be between 5 and 200, not 3",
        // YAML slips in plain words, at the line that is wrong.
        "content/assets/tab.yaml:5:1: error: this line is indented with a tab: YAML takes only spaces for indentation",
        "content/assets/over-indented.yaml:5:5: error: \"phone\" is indented 2 spaces more than \"email\" on line 6, which is at the same level",
        "content/assets/under-indented.yaml:7:4: error: \"website\" is indented 1 space less than \"email\" on line 6",
        "content/assets/misaligned.yaml:6:2: error: \"email\" is in line with neither \"phone\" on line 5 nor \"contact\" on line 4",
        "content/assets/under-text.yaml:3:3: error: \"needs\" is indented 2 spaces more than \"summary\" on line 2, so it is read as more of the text of \"summary\"",
        "content/assets/colon.yaml:2:10: error: the text of \"summary\" contains \": \", which is read as the start of another field",
        "help: put the text in quotes: summary: \"Bring ID: a letter or a bill will do\"",
        // Values in another form are read as meant, with the form to write.
        "content/assets/other-forms.yaml:6:12: warning: \"Tuesday\" is read as \"tue\"",
        "content/assets/other-forms.yaml:7:12: warning: \"2pm\" is read as \"14:00\"",
        "content/assets/other-forms.yaml:10:7: warning: \"Free\" is read as \"free\"",
        "content/assets/typos.yaml:13:12: warning: \"9am\" is read as \"09:00\"",
        "content/assets/other-forms.yaml:4:10: error: unknown place \"West End\": that is the name of the place whose id is \"west-end\"",
        // The untouched `new asset` template.
        "content/assets/my-new-group.yaml:9:10: error: summary is still the example text",
        // A service whose own file has problems, named by a pathway: said once, pointing there.
        "content/pathways/names-broken.md:8:14: warning: asset \"typos\" is left out of this pathway: its file content/assets/typos.yaml has problems",
    ] {
        assert!(expected.contains(message), "expected output lacks {message:?}");
    }
    assert!(
        !expected.contains("unknown asset \"typos\"") && !expected.contains("names-broken.md:10:"),
        "a broken service is not also unknown, nor reported at each mention"
    );
    assert!(
        !expected.contains("did not find expected key")
            && !expected.contains("cannot start any token")
            && !expected.contains("mapping values are not allowed"),
        "no parser words for the common slips"
    );
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_fixture("valid", &root);
    let site = root.join("site");
    assert!(build(&root, &site, &[]).status.success());
    let before = read(site.join("index.html"));

    fs::write(
        root.join("content/assets/debt-advice.yaml"),
        "name: Broken\nneeds: [nope]\n",
    )
    .unwrap();
    let result = build(&root, &site, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("nothing was written"));
    assert_eq!(read(site.join("index.html")), before);
    assert!(site.join("assets/debt-advice/index.html").is_file());
    let leftovers: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(root, &a, &[]).status.success());
    assert!(build(root, &b, &[]).status.success());
    let files = |p: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(p)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(p).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(
        fa.len() > 80,
        "the example site has many pages ({})",
        fa.len()
    );
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between builds", pa.display());
    }
}

#[test]
fn the_example_site_is_complete_and_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!stderr(&result).contains("error"), "{}", stderr(&result));
    let count = |dir: &str| {
        fs::read_dir(root.join("content").join(dir))
            .unwrap()
            .count()
    };
    assert!(
        count("assets") >= 30
            && count("pathways") >= 5
            && count("guide") >= 6
            && count("places") >= 5
    );
    let needs: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&read(root.join("content/needs.yaml"))).unwrap();
    assert!(needs.len() >= 12);
}

#[test]
fn exit_codes_separate_content_errors_from_usage_errors() {
    let missing = supportmap(&["check", "--root", "/nonexistent/place"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no content folder"),
        "{}",
        stderr(&missing)
    );
    assert_eq!(supportmap(&["build", "--bogus"]).status.code(), Some(2));
    assert_eq!(
        supportmap(&["build", "--base-url", "javascript:alert(1)"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        supportmap(&["check", "--today", "yesterday"]).status.code(),
        Some(2)
    );
    for command in [&["--help"][..], &["build", "--help"], &["check", "--help"]] {
        let help = supportmap(command);
        assert_eq!(help.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&help.stdout).contains("Usage"));
    }
}

#[test]
fn refuses_to_build_over_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("valid", dir.path());
    let result = build(dir.path(), dir.path(), &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(dir.path().join("content/site.yaml").is_file());
}

/// Cards are rendered once and reused (render/cards.rs), so an override of the card template
/// must still reach every list, in each of its variants, and its mistakes must still be reported.
#[test]
fn a_site_can_override_the_asset_card() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("valid", dir.path());
    let partials = dir.path().join("themes/default/templates/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(
        partials.join("asset_card.html"),
        "<p class=\"my-card\" data-level=\"{{ level }}\" data-compact=\"{{ compact }}\">{{ asset.name }} at {{ site.base }}{{ asset.path }}</p>",
    )
    .unwrap();
    let out = dir.path().join("site");
    let result = build(
        dir.path(),
        &out,
        &["--base-url", "https://example.org/support-map/"],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let card = |compact: bool| {
        format!("<p class=\"my-card\" data-level=\"3\" data-compact=\"{compact}\">Testbay Debt Advice at /support-map/assets/debt-advice/</p>")
    };
    for list in [
        "needs/money",
        "places/testbay",
        "places/testbay/needs/money",
    ] {
        let html = read(out.join(list).join("index.html"));
        assert!(html.contains(&card(false)), "{list}: {html}");
        assert!(!html.contains("asset-card"), "{list} keeps no default card");
    }
    assert!(read(out.join("a-z/index.html")).contains(&card(true)));

    fs::write(partials.join("asset_card.html"), "{{ asset.nope }}").unwrap();
    let broken = build(dir.path(), &out, &[]);
    assert_eq!(broken.status.code(), Some(1));
    let message = stderr(&broken);
    assert!(message.contains("partials/asset_card.html"), "{message}");
    assert!(message.contains("nope"), "{message}");
    assert!(
        read(out.join("needs/money/index.html")).contains(&card(false)),
        "the failed build left the last good site"
    );
}

#[test]
fn a_site_can_override_one_template() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("valid", dir.path());
    let site_yaml = dir.path().join("content/site.yaml");
    fs::write(&site_yaml, read(site_yaml.clone()) + "theme: testbay\n").unwrap();
    let templates = dir.path().join("themes/testbay/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("page.html"), "{% extends \"base.html\" %}{% block content %}<h1>Custom {{ content.title }}</h1>{% endblock %}").unwrap();
    let out = dir.path().join("site");
    let result = build(dir.path(), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(read(out.join("pages/about/index.html")).contains("<h1>Custom About this site</h1>"));
    assert!(
        read(out.join("assets/debt-advice/index.html")).contains("Testbay Debt Advice"),
        "other templates come from the default theme"
    );

    fs::write(templates.join("page.html"), "{% if %}").unwrap();
    let broken = build(dir.path(), &out, &[]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stderr(&broken).contains("page.html"), "{}", stderr(&broken));
    let checked = supportmap(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(
        checked.status.code(),
        Some(1),
        "check reports broken templates too"
    );
    assert!(
        stderr(&checked).contains("page.html"),
        "{}",
        stderr(&checked)
    );

    fs::write(
        &site_yaml,
        read(fixture("valid/content/site.yaml")) + "theme: nowhere\n",
    )
    .unwrap();
    let missing = supportmap(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("theme \"nowhere\" not found"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn record_text_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("valid", dir.path());
    fs::write(
        dir.path().join("content/assets/hostile.yaml"),
        "name: '<script>alert(1)</script>'\nsummary: '\"><img src=x onerror=alert(1)>'\nneeds: [money]\nreferral: '[x](javascript:alert(1)) <script>bad()</script>'\norganisation: '<b onclick=x>'\nlast_reviewed: 2026-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    assert!(build(dir.path(), &out, &[]).status.success());
    for page in [
        "assets/hostile/index.html",
        "needs/money/index.html",
        "a-z/index.html",
    ] {
        let html = read(out.join(page));
        assert!(!html.contains("<script>alert(1)"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.contains("javascript:"), "{page}");
        assert!(!html.contains("<b onclick"), "{page}");
        assert!(!html.contains("bad()</script>"), "{page}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
                || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
}

#[test]
fn timings_print_only_when_asked_for() {
    let out = tempfile::tempdir().unwrap();
    let build_with = |timings: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_supportmap"));
        command
            .args(["build", "--root"])
            .arg(fixture("valid"))
            .arg("--out")
            .arg(out.path().join("site"))
            .args(["--today", TODAY])
            .env("NO_COLOR", "1")
            .env_remove("SUPPORTMAP_TIMINGS");
        if let Some(value) = timings {
            command.env("SUPPORTMAP_TIMINGS", value);
        }
        let result = command.output().expect("run supportmap");
        assert!(result.status.success(), "{}", stderr(&result));
        stderr(&result)
    };
    let plain = build_with(None);
    assert!(
        !plain.contains("timing:"),
        "a plain build is quiet:\n{plain}"
    );
    let timed = build_with(Some("1"));
    for stage in ["load", "model", "render+write", "swap"] {
        assert!(
            timed
                .lines()
                .any(|l| l.starts_with("timing: ") && l.contains(stage)),
            "{stage}:\n{timed}"
        );
    }
}
