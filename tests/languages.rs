//! End-to-end tests of the interface language: a site in Welsh shows the theme's words in
//! Welsh, a site's theme can change any of them, and `check` says what a catalogue lacks.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use fixtures::copy_dir;
use run::{build, supportmap, TODAY};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn built(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = build(&fixture(name), &out, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    (dir, out)
}

#[test]
fn a_welsh_site_shows_the_interface_in_welsh() {
    let (_dir, out) = built("welsh");
    let page = |path: &str| read(out.join(path));
    let home = page("index.html");
    assert!(home.contains("<html lang=\"cy\">"), "{home}");
    for welsh in [
        ">Neidio i’r prif gynnwys<",
        "Gadael y dudalen hon</a>",
        ">Anghenion</a>",
        ">Pori yn ôl angen<",
        // 2 assets, 1 pathway, 2 needs, 3 places: Welsh's two, one, two and few forms.
        "Cymorth lleol: 2 restriad a 1 llwybr, ar draws 2 angen a 3 lle.",
        ">Dim tracio.",
    ] {
        assert!(home.contains(welsh), "home page lacks {welsh:?}");
    }
    let asset = page("assets/cyngor-dyled/index.html");
    for welsh in [
        ">Ffeithiau allweddol<",
        "Galw heibio, Hunanatgyfeirio",
        ">Am ddim<",
        "Gwiriwyd ddiwethaf <time datetime=\"2026-03-03\">3 Mawrth 2026</time>",
        "ac 1 lle arall",
        "<dt>Ffôn</dt>",
    ] {
        assert!(asset.contains(welsh), "asset page lacks {welsh:?}");
    }
    let overdue = page("assets/clwb-cinio/index.html");
    assert!(overdue.contains("Gall y cofnod hwn fod wedi dyddio"));
    assert!(overdue.contains("10 Ionawr 2024"));
    assert!(page("search/index.html").contains("<title>Chwilio – Map Cymorth Bae Prawf</title>"));
    assert!(page("404.html").contains("<h1>Heb ddod o hyd i’r dudalen</h1>"));
    assert!(page("coverage/index.html").contains("1 bwlch: angen heb ddim"));
    for path in [
        "index.html",
        "assets/cyngor-dyled/index.html",
        "a-z/index.html",
        "search/index.html",
        "my-map/index.html",
    ] {
        let html = page(path);
        for english in [
            "Skip to main content",
            "Last checked",
            ">Search<",
            "Exit this page",
            "listing",
        ] {
            assert!(!html.contains(english), "{path} still says {english:?}");
        }
    }
}

#[test]
fn a_language_without_words_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("welsh"), dir.path());
    let site = dir.path().join("content/site.yaml");
    fs::write(
        &site,
        read(site.clone()).replace("language: cy", "language: fr"),
    )
    .unwrap();
    let result = supportmap(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    for line in [
        "content/site.yaml:3:11: error: the theme has no interface words in \"fr\"\n",
        "  help: use one of cy, en-GB, or translate the interface into themes/default/languages/fr.yaml (docs/languages.md)\n",
    ] {
        assert!(stderr.contains(line), "{stderr}");
    }
}

#[test]
fn a_theme_overrides_one_word_and_check_warns_about_what_its_catalogue_lacks() {
    let (_dir, out) = built("theme-strings");
    let asset = read(out.join("assets/clwb-cinio/index.html"));
    assert!(
        asset.contains("</svg>Chwilio nawr</button>"),
        "the override"
    );
    assert!(asset.contains(">Anghenion</a>"), "the rest stays Welsh");
    let not_found = read(out.join("404.html"));
    assert!(
        not_found.contains("<p>Thank you to our volunteers.</p>"),
        "a text with no translation falls back to en-GB"
    );

    let checked = supportmap(&[
        "check",
        "--root",
        fixture("theme-strings").to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(checked.status.code(), Some(0), "warnings do not fail check");
    assert_eq!(
        String::from_utf8_lossy(&checked.stderr),
        read(fixture("theme-strings/expected-check.txt")),
        "check output changed; if on purpose, regenerate tests/fixtures/theme-strings/expected-check.txt"
    );
}

/// The object `static/strings.<language>.js` gives the scripts.
fn script_texts(out: &Path, language: &str) -> serde_json::Value {
    let script = read(out.join(format!("static/strings.{language}.js")));
    let json = (script.split_once("globalThis.supportmapStrings = "))
        .and_then(|(_, rest)| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("not a strings file: {script}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_scripts_get_their_words_in_the_sites_language_from_one_file_every_page_loads() {
    let (_dir, out) = built("welsh");
    let texts = script_texts(&out, "cy");
    assert_eq!(texts["language"], "cy");
    assert_eq!(
        texts["texts"]["js.search.no_results"],
        "Dim canlyniadau{details}."
    );
    assert_eq!(
        texts["texts"]["js.my_map.services"]["two"],
        "{count} wasanaeth"
    );
    let keys = texts["texts"].as_object().unwrap();
    assert!(
        (keys.keys()).all(|k| k.starts_with("js.") || k.starts_with("date.")),
        "only the scripts' texts, and the words of dates"
    );
    assert_eq!(texts["texts"]["date.month.12"], "Rhagfyr");
    for path in ["index.html", "search/index.html", "my-map/index.html"] {
        let page = read(out.join(path));
        let strings = page
            .find("<script defer src=\"/static/strings.cy.js\"></script>")
            .unwrap_or_else(|| panic!("{path} does not load the scripts' words"));
        let first_module = page.find("<script type=\"module\"").unwrap();
        assert!(
            strings < first_module,
            "{path}: the words load before the scripts"
        );
    }
    let (_again, again) = built("welsh");
    assert_eq!(
        read(out.join("static/strings.cy.js")),
        read(again.join("static/strings.cy.js")),
        "the same catalogues give the same file"
    );
}

#[test]
fn a_text_a_welsh_catalogue_lacks_reaches_the_scripts_in_en_gb_and_check_names_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("welsh"), dir.path());
    let site = dir.path().join("content/site.yaml");
    fs::write(
        &site,
        read(site.clone()).replace("language: cy", "language: cy-GB"),
    )
    .unwrap();
    let languages = dir.path().join("themes/default/languages");
    fs::create_dir_all(&languages).unwrap();
    fs::write(
        languages.join("cy-GB.yaml"),
        "js.exit.expired: \"Daeth amser “Gadael y dudalen hon” i ben.\"\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let result = build(dir.path(), &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let texts = script_texts(&out, "cy-GB");
    assert_eq!(
        texts["texts"]["js.exit.expired"],
        "Daeth amser “Gadael y dudalen hon” i ben."
    );
    assert_eq!(
        texts["texts"]["js.search.no_results"], "No results{details}.",
        "missing from cy-GB: the en-GB text"
    );
    let checked = supportmap(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains("themes/default/languages/cy-GB.yaml:1:1: warning: ")
            && stderr.contains(" js.search.no_results, "),
        "{stderr}"
    );
}
