//! End-to-end tests of the interface language: a site in Welsh shows the theme's words in
//! Welsh, a site's theme can change any of them, and `check` says what a catalogue lacks.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use fixtures::copy_in_language;
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
    let dir = copy_in_language(&fixture("welsh"), "fr");
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
    let dir = copy_in_language(&fixture("welsh"), "cy-GB");
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

// Right to left: a site in Arabic (tests/fixtures/rtl, whose theme brings an Arabic catalogue)
// says so on every page, and the fixtures in other languages have no broken links.

#[path = "common/linkcheck.rs"]
mod linkcheck;

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect()
}

#[test]
fn every_page_of_a_right_to_left_site_is_marked_rtl_in_its_language() {
    let (_dir, out) = built("rtl");
    let pages = html_files(&out);
    assert!(pages.len() >= 30, "only {} pages", pages.len());
    for page in &pages {
        let html = read(page.clone());
        assert!(
            html.contains("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n"),
            "{} does not open with <html lang=\"ar\" dir=\"rtl\">",
            page.display()
        );
        // The marks on record text (`dir`, `lang`) are attributes, not escaped text.
        assert!(
            !html.contains("=&quot;"),
            "{} escapes an attribute",
            page.display()
        );
    }
    let step = read(out.join("pathways/money-worries/index.html"));
    assert!(step.contains("</span> <span dir=\"auto\">Get advice on debts</span></h3>"));
    let home = read(out.join("index.html"));
    for arabic in [">انتقل إلى المحتوى الرئيسي<", ">الاحتياجات</a>", "7 خدمات"]
    {
        assert!(home.contains(arabic), "home page lacks {arabic:?}");
    }
    let asset = read(out.join("assets/debt-advice/index.html"));
    assert!(asset.contains("<time datetime=\"2026-03-03\">3 مارس 2026</time>"));

    let checked = supportmap(&[
        "check",
        "--root",
        fixture("rtl").to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("languages/ar.yaml"),
        "the Arabic catalogue of the fixture lacks keys or forms: add them to \
         tests/fixtures/rtl/themes/local/languages/ar.yaml\n{stderr}"
    );
}

#[test]
fn a_left_to_right_site_has_no_dir_attribute() {
    let (_dir, out) = built("welsh");
    for page in html_files(&out) {
        let html = read(page.clone());
        assert!(
            html.contains("<html lang=\"cy\">"),
            "{}: {}",
            page.display(),
            &html[..html.len().min(200)]
        );
    }
}

#[test]
fn the_right_to_left_and_welsh_sites_have_no_broken_links() {
    for name in ["rtl", "welsh"] {
        let (_dir, out) = built(name);
        let report = linkcheck::check_site(&out, "/");
        assert!(report.pages >= 20, "{name}: only {} pages", report.pages);
        assert!(
            report.failures.is_empty(),
            "{name}: {} broken links:\n{}",
            report.failures.len(),
            report.summary(50)
        );
    }
}

/// Every HTML page of a built site, by its path below the output folder.
fn pages(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let path = e.path().strip_prefix(out).unwrap().display().to_string();
            (path, read(e.path().to_path_buf()))
        })
        .collect()
}

fn assert_says(page: &str, path: &str, words: &[&str]) {
    for w in words {
        assert!(page.contains(w), "{path} lacks {w:?}");
    }
}

#[test]
fn a_welsh_site_says_what_records_hold_in_welsh() {
    let (_dir, out) = built("welsh");
    let page = |path: &str| read(out.join(path));
    let debt = "assets/cyngor-dyled/index.html";
    assert_says(
        &page(debt),
        debt,
        &[
            // Who, cost, languages and the opening times table.
            "<span class=\"fact-line\">Oed 16 i 25</span>",
            "<span class=\"fact-line\">Am ddim</span>",
            "<dd>Cymraeg, Saesneg</dd>",
            "<th scope=\"row\">Dydd Llun – Dydd Gwener</th>",
            "<th scope=\"row\">Dydd Sadwrn</th>",
            // My Support Map's card of the service.
            "\"status_label\":\"Gweithredol\"",
            "\"when\":[\"Dydd Llun – Dydd Gwener, 09:30 tan 16:30\",\"Dydd Sadwrn, 10:00 tan 12:00\"]",
            "\"access\":[\"Galw heibio\",\"Hunanatgyfeirio\"]",
            "\"cost\":\"Am ddim\"",
            "\"who\":[\"Oed 16 i 25\"]",
            "\"languages\":[\"Cymraeg\",\"Saesneg\"]",
            "\"last_reviewed_label\":\"3 Mawrth 2026\"",
            // "Report something out of date" opens an email in Welsh.
            "?subject=Wedi%20dyddio%3A%20Cyngor%20Dyled%20Bae%20Prawf&amp;body=Mae%20rhywbeth%20wedi%20dyddio%20ar%20dudalen%20y%20gwasanaeth%20hwn.%0D%0A%0D%0AEnw%3A%20Cyngor",
        ],
    );
    let lunch = "assets/clwb-cinio/index.html";
    assert_says(
        &page(lunch),
        lunch,
        &[
            "<span class=\"fact-line\">Oed 60 a throsodd</span>",
            "<span class=\"fact-line\">Cost isel</span>",
            "<dd>Cymraeg, Pwyleg</dd>",
            "\"when\":[\"Dydd Mawrth, 12:00 tan 14:00 (dewch o 11:30)\"]",
        ],
    );
    let pathway = "pathways/pryderon-arian/index.html";
    assert_says(
        &page(pathway),
        pathway,
        &[
            "<span class=\"fact-line\">Dydd Llun – Dydd Gwener, 09:30 tan 16:30</span>",
            "<dt>Pwy</dt><dd>Oed 16 i 25</dd>",
        ],
    );
    assert_says(
        &page("places/gogledd/index.html"),
        "places/gogledd",
        &["<p class=\"eyebrow\">Cymdogaeth yn Bae Prawf</p>"],
    );
    assert_says(
        &page("places/bae-prawf/index.html"),
        "places/bae-prawf",
        &["<p class=\"eyebrow\">Tref</p>"],
    );
    assert_says(
        &page("search/index.html"),
        "search",
        &[
            "<option value=\"cy\">Cymraeg</option>",
            "<option value=\"pl\">Pwyleg</option>",
            "<option value=\"en\">Saesneg</option>",
        ],
    );
    for (path, html) in pages(&out) {
        for english in [
            "Monday",
            "Tuesday",
            "Saturday",
            "Ages ",
            "Welsh",
            "Polish",
            "English",
            "Neighbourhood",
            "Town",
            "Free",
            "Low cost",
            "Drop in",
            "Out%20of%20date",
            "\"Active\"",
            " to 16:30",
        ] {
            assert!(!html.contains(english), "{path} still says {english:?}");
        }
    }
}

#[test]
fn check_names_the_record_words_a_new_language_lacks() {
    // A French catalogue translated before the words of record values were catalogued: every
    // key of the built-in en-GB but those.
    let new_keys = [
        "status.",
        "day.",
        "days.",
        "hours.line",
        "hours.span",
        "hours.from_time",
        "hours.vary_line",
        "age.",
        "place_kind.",
        "language.",
        "kind.",
        "feedback.email_",
    ];
    let reference =
        read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/languages/en-GB.yaml"));
    let (older, dropped): (Vec<&str>, Vec<&str>) = reference
        .lines()
        .partition(|line| !new_keys.iter().any(|k| line.starts_with(k)));
    let dir = copy_in_language(&fixture("welsh"), "fr");
    let languages = dir.path().join("themes/default/languages");
    fs::create_dir_all(&languages).unwrap();
    fs::write(languages.join("fr.yaml"), older.join("\n")).unwrap();

    let root = dir.path().to_str().unwrap();
    let checked = supportmap(&["check", "--root", root, "--today", TODAY]);
    assert_eq!(checked.status.code(), Some(0), "warnings do not fail check");
    let stderr = String::from_utf8_lossy(&checked.stderr);
    let missing = format!(
        "themes/default/languages/fr.yaml:1:1: warning: {} interface texts are missing, shown in en-GB until translated: ",
        dropped.len()
    );
    let line = (stderr.lines())
        .find(|l| l.starts_with(&missing))
        .unwrap_or_else(|| panic!("{stderr}"));
    for key in [
        "age.from",
        "day.mon",
        "days.range",
        "feedback.email_body.asset",
        "feedback.email_subject",
        "hours.line",
        "kind.asset",
        "language.cy",
        "place_kind.neighbourhood",
        "status.active",
    ] {
        assert!(line.contains(key), "{key} not named: {line}");
    }

    // Until translated, those words are the reference's.
    let out = dir.path().join("site");
    let result = build(dir.path(), &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let debt = read(out.join("assets/cyngor-dyled/index.html"));
    assert!(
        debt.contains("<th scope=\"row\">Monday to Friday</th>"),
        "{debt}"
    );
    assert!(debt.contains("<span class=\"fact-line\">Ages 16 to 25</span>"));
}
