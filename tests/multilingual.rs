//! End-to-end tests of a site in two languages (tests/fixtures/bilingual: English, then Welsh
//! under /cy/): every page has its counterpart and a switcher that goes to it, `hreflang`
//! alternates that agree with each other, text not yet translated marked with `lang` and a
//! note (needs' and places' names too, wherever they show), a sitemap of both languages, and
//! `check`'s messages for translations that are wrong.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/linkcheck.rs"]
mod linkcheck;
#[path = "common/run.rs"]
mod run;

use fixtures::copy_dir;
use run::{build, supportmap};
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The address the fixture is published at (its site.yaml's base_url).
const BASE_URL: &str = "https://example.org/support-map/";
const BASE: &str = "/support-map/";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bilingual")
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = build(&fixture(), &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    (dir, out)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every HTML page below `out`, as paths relative to it (`cy/assets/x/index.html`).
fn pages(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let relative = e.path().strip_prefix(out).unwrap();
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

/// The file a site address (`/support-map/cy/a-z/` or the full address) is served from.
fn file_of(href: &str) -> String {
    let path = href
        .strip_prefix(BASE_URL)
        .or_else(|| href.strip_prefix(BASE))
        .unwrap_or_else(|| panic!("{href} is not on the site"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn attr(e: &scraper::ElementRef, name: &str) -> String {
    e.value().attr(name).unwrap_or_default().to_string()
}

/// A page's `hreflang` alternates: language → the file of that page.
fn alternates(out: &Path, page: &str) -> BTreeMap<String, String> {
    let html = Html::parse_document(&read(&out.join(page)));
    select(&html, "link[rel=alternate][hreflang]")
        .iter()
        .map(|l| (attr(l, "hreflang"), file_of(&attr(l, "href"))))
        .collect()
}

#[test]
fn every_page_has_its_counterpart_and_the_switcher_goes_to_it() {
    let (_dir, out) = built();
    let all = pages(&out);
    let (welsh, english): (Vec<&String>, Vec<&String>) =
        all.iter().partition(|p| p.starts_with("cy/"));
    assert!(english.len() >= 20, "{english:?}");
    assert_eq!(
        welsh.iter().map(|p| &p[3..]).collect::<Vec<_>>(),
        english.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "each language has the same pages"
    );
    for page in &all {
        let html = Html::parse_document(&read(&out.join(page)));
        let counterpart = match page.strip_prefix("cy/") {
            Some(english) => english.to_string(),
            None => format!("cy/{page}"),
        };
        let links = select(&html, "nav.language-switcher a[href]");
        assert_eq!(links.len(), 1, "{page}: one other language to switch to");
        let target = file_of(&attr(&links[0], "href"));
        assert_eq!(
            target, counterpart,
            "{page}: the switcher goes to the same page"
        );
        assert!(out.join(&target).is_file(), "{page}: {target} exists");
        let current = select(&html, "nav.language-switcher [aria-current=page]");
        let lang = attr(&select(&html, "html")[0], "lang");
        assert_eq!(attr(&current[0], "lang"), lang, "{page}");
    }
}

#[test]
fn hreflang_alternates_are_symmetric_with_an_x_default() {
    let (_dir, out) = built();
    for page in pages(&out) {
        let mine = alternates(&out, &page);
        assert_eq!(
            mine.keys().collect::<Vec<_>>(),
            ["cy", "en-GB", "x-default"],
            "{page}"
        );
        assert_eq!(mine["x-default"], mine["en-GB"], "{page}");
        assert!(mine.values().any(|f| *f == page), "{page} names itself");
        for (language, file) in &mine {
            assert_eq!(
                alternates(&out, file),
                mine,
                "{page} says its {language} page is {file}, which names other pages"
            );
        }
    }
}

#[test]
fn welsh_pages_speak_welsh_and_mark_what_is_not_translated() {
    let (_dir, out) = built();
    let page = |path: &str| Html::parse_document(&read(&out.join(path)));
    let text = |html: &Html, css: &str| -> Vec<(String, String)> {
        select(html, css)
            .iter()
            .map(|e| {
                (
                    attr(e, "lang"),
                    e.text().collect::<String>().trim().to_string(),
                )
            })
            .collect()
    };
    let translated = page("cy/assets/lunch-club/index.html");
    assert_eq!(attr(&select(&translated, "html")[0], "lang"), "cy");
    assert_eq!(
        text(&translated, "h1"),
        [(String::new(), "Clwb Cinio'r Gogledd".to_string())]
    );
    assert!(select(&translated, ".untranslated-note").is_empty());
    assert!(
        read(&out.join("cy/assets/lunch-club/index.html")).contains("<strong>Pryd poeth</strong>")
    );

    let untranslated = page("cy/assets/food-bank/index.html");
    assert_eq!(
        text(&untranslated, "h1"),
        [("en-GB".to_string(), "Testbay Food Bank".to_string())]
    );
    assert_eq!(
        text(&untranslated, ".lede"),
        [(
            "en-GB".to_string(),
            "Emergency food parcels, with a voucher from a link worker.".to_string()
        )]
    );
    assert_eq!(
        text(&untranslated, ".untranslated-note"),
        [(
            String::new(),
            "Heb ei gyfieithu eto: mae peth o hyn yn cael ei ddangos yn iaith gyntaf y safle."
                .to_string()
        )]
    );
    let a_z = page("cy/a-z/index.html");
    let cards = text(&a_z, ".card-title a");
    assert!(
        cards.contains(&(String::new(), "Clwb Cinio'r Gogledd".to_string())),
        "{cards:?}"
    );
    assert!(
        cards.contains(&("en-GB".to_string(), "Testbay Food Bank".to_string())),
        "{cards:?}"
    );
    assert_eq!(
        text(&page("cy/pages/about/index.html"), "h1"),
        [("en-GB".to_string(), "About this site".to_string())]
    );
    let pathway = page("cy/pathways/money-worries/index.html");
    assert_eq!(
        text(&pathway, "h1"),
        [(String::new(), "Pryderon arian".to_string())]
    );
    let steps = text(&pathway, ".route-title");
    assert!(
        steps[1].1.ends_with("Bwyd tra byddwch yn datrys pethau"),
        "{steps:?}"
    );
    // The English pages are as they were: no notes, no marks.
    for english in ["assets/food-bank/index.html", "pages/about/index.html"] {
        let html = read(&out.join(english));
        assert!(
            !html.contains("untranslated-note") && !html.contains(" lang=\"en-GB\">Testbay"),
            "{english}"
        );
    }
}

/// `(lang, text)` of every element `css` selects.
fn texts(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .iter()
        .map(|e| {
            (
                attr(e, "lang"),
                e.text().collect::<String>().trim().to_string(),
            )
        })
        .collect()
}

fn unmarked(text: &str) -> (String, String) {
    (String::new(), text.to_string())
}

fn marked(text: &str) -> (String, String) {
    ("en-GB".to_string(), text.to_string())
}

#[test]
fn welsh_pages_name_needs_and_places_in_welsh_and_mark_the_ones_not_yet_translated() {
    let (_dir, out) = built();
    let page = |path: &str| Html::parse_document(&read(&out.join(path)));

    // The need's own page: name, description and everyday words in Welsh, no note.
    let money = page("cy/needs/money/index.html");
    assert_eq!(texts(&money, "h1"), [unmarked("Arian a dyled")]);
    assert_eq!(
        texts(&money, ".breadcrumbs [aria-current=page]"),
        [unmarked("Arian a dyled")]
    );
    assert_eq!(
        texts(&money, ".lede"),
        [unmarked("Help gyda dyledion, biliau a budd-daliadau.")]
    );
    assert_eq!(
        texts(&money, ".synonyms"),
        [unmarked("Yn cynnwys: biliau, ôl-ddyledion")]
    );
    assert!(select(&money, ".untranslated-note").is_empty());
    assert_eq!(
        texts(&money, "title")[0].1,
        "Arian a dyled – Testbay Support Map"
    );

    // A need and a place with no Welsh: English, marked, with the note in Welsh.
    let food = page("cy/needs/food/index.html");
    assert_eq!(texts(&food, "h1 span"), [marked("Food")]);
    assert_eq!(
        texts(&food, ".breadcrumbs [aria-current=page]"),
        [marked("Food")]
    );
    assert_eq!(select(&food, ".untranslated-note").len(), 1);
    let testbay = page("cy/places/testbay/index.html");
    assert_eq!(texts(&testbay, "h1 span"), [marked("Testbay")]);
    assert_eq!(
        texts(&testbay, ".lede"),
        [marked("A small imaginary town.")]
    );
    assert_eq!(select(&testbay, ".untranslated-note").len(), 1);
    let north = page("cy/places/north/index.html");
    assert_eq!(texts(&north, "h1"), [unmarked("Y Gogledd")]);
    assert_eq!(
        texts(&north, ".breadcrumbs a"),
        [unmarked("Hafan"), unmarked("Lleoedd"), marked("Testbay")]
    );
    assert!(select(&north, ".untranslated-note").is_empty());
    assert_eq!(
        texts(
            &page("cy/places/north/needs/food/index.html"),
            ".breadcrumbs li > *"
        ),
        [unmarked("Hafan"), unmarked("Y Gogledd"), marked("Food")]
    );

    // Everywhere else a need or a place is named.
    let tiles = texts(&page("cy/index.html"), ".tile-name");
    assert_eq!(tiles, [unmarked("Arian a dyled"), marked("Food")]);
    let asset = page("cy/assets/food-bank/index.html");
    assert_eq!(
        texts(&asset, "#needs-heading + ul a"),
        [marked("Food"), unmarked("Arian a dyled")]
    );
    assert_eq!(texts(&asset, "#places-heading + ul a"), [marked("Testbay")]);
    let pathway = page("cy/pathways/money-worries/index.html");
    assert_eq!(
        texts(&pathway, "dd .inline-list a"),
        [unmarked("Arian a dyled"), marked("Testbay")]
    );
    let coverage = page("cy/coverage/index.html");
    assert_eq!(texts(&coverage, "thead th a"), [unmarked("Y Gogledd")]);
    assert_eq!(
        texts(&coverage, "tbody th a"),
        [unmarked("Arian a dyled"), marked("Food")]
    );
    let search = page("cy/search/index.html");
    assert_eq!(
        texts(&search, "#facet-need option[value]:not([value=''])"),
        [unmarked("Arian a dyled"), marked("Food")]
    );
    assert_eq!(
        texts(&search, "#facet-place option[value]:not([value=''])"),
        [marked("Testbay"), unmarked("Y Gogledd")]
    );

    // The English pages name them as needs.yaml and the places do, unmarked.
    let english_need = page("needs/money/index.html");
    assert_eq!(texts(&english_need, "h1"), [unmarked("Money and debt")]);
    let english_search = page("search/index.html");
    assert_eq!(
        texts(&english_search, "#facet-need option[value]:not([value=''])"),
        [unmarked("Money and debt"), unmarked("Food")]
    );
    assert_eq!(
        texts(&page("needs/food/index.html"), "h1"),
        [unmarked("Food")]
    );
}

#[test]
fn the_translation_schemas_describe_the_needs_and_places_files() {
    let schema = |name: &str| -> serde_json::Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(name);
        serde_json::from_str(&read(&path)).unwrap()
    };
    let yaml = |text: &str| -> serde_json::Value { serde_yaml::from_str(text).unwrap() };
    let needs = jsonschema::validator_for(&schema("needs-translation.schema.json")).unwrap();
    let places = jsonschema::validator_for(&schema("place-translation.schema.json")).unwrap();
    let content = fixture().join("content");
    assert!(needs.is_valid(&yaml(&read(&content.join("needs.cy.yaml")))));
    assert!(places.is_valid(&yaml(&read(&content.join("places/north.cy.yaml")))));
    assert!(!needs.is_valid(&yaml("money: { name: Arian, sensitive: true }")));
    assert!(!needs.is_valid(&yaml("- { id: money, name: Arian }")));
    assert!(!places.is_valid(&yaml("name: Y Gogledd\nkind: place\n")));
}

#[test]
fn the_sitemap_lists_every_page_in_both_languages_with_alternates() {
    let (_dir, out) = built();
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let urls: Vec<&str> = sitemap.lines().filter(|l| l.contains("<url>")).collect();
    let locs: Vec<String> = urls
        .iter()
        .map(|l| {
            l.split("<loc>")
                .nth(1)
                .unwrap()
                .split("</loc>")
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    let english: Vec<&String> = locs.iter().filter(|l| !l.contains("/cy/")).collect();
    let welsh: Vec<&String> = locs
        .iter()
        .filter(|l| l.contains("/support-map/cy/"))
        .collect();
    assert_eq!(english.len(), welsh.len());
    assert!(english.len() >= 10, "{locs:?}");
    for loc in &english {
        let cy = loc.replacen(BASE_URL, &format!("{BASE_URL}cy/"), 1);
        assert!(welsh.contains(&&cy), "no {cy}");
        assert!(out.join(file_of(loc)).is_file() && out.join(file_of(&cy)).is_file());
    }
    for url in urls {
        for language in ["en-GB", "cy", "x-default"] {
            assert!(
                url.contains(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{language}\""
                )),
                "{url}"
            );
        }
    }
}

#[test]
fn each_language_has_its_own_search_index() {
    let (_dir, out) = built();
    let entry: serde_json::Value =
        serde_json::from_str(&read(&out.join("pagefind/pagefind-entry.json"))).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["cy", "en"]);
    // Three services, one pathway, one guide section and one page in each language.
    for language in ["en", "cy"] {
        assert_eq!(languages[language]["page_count"], 6, "{language}");
        let meta = format!(
            "pagefind/pagefind.{}.pf_meta",
            languages[language]["hash"].as_str().unwrap()
        );
        assert!(out.join(meta).is_file(), "{language}");
    }
}

#[test]
fn both_languages_link_up_under_a_sub_path() {
    let (_dir, out) = built();
    let report = linkcheck::check_site(&out, BASE_URL);
    assert!(report.pages >= 40, "{}", report.pages);
    assert!(report.failures.is_empty(), "{}", report.summary(20));
}

fn check_with(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    for (path, text) in files {
        fs::write(dir.path().join("content").join(path), text).unwrap();
    }
    let result = supportmap(&["check", "--root", dir.path().to_str().unwrap()]);
    (
        result.status.code(),
        String::from_utf8_lossy(&result.stderr).into_owned(),
    )
}

#[test]
fn check_says_what_is_wrong_with_a_translation_and_how_to_fix_it() {
    let (code, stderr) = check_with(&[
        (
            "assets/lunch-club.cy.yaml",
            "name: Clwb Cinio\nneeds: [food]\nsumary: Cinio poeth.\n",
        ),
        ("assets/lunch-clb.cy.yaml", "name: Clwb\n"),
        ("assets/food-bank.fr.yaml", "name: Banque alimentaire\n"),
        ("pages/about.en-GB.md", "---\ntitle: About\n---\nText\n"),
        (
            "pathways/money-worries.cy.md",
            "---\ntitle: Pryderon\nsteps:\n  - title: Un\n    assets: [food-bank]\n  - title: Dau\n---\n",
        ),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        r#"content/assets/food-bank.fr.yaml:1:1: error: "fr" is not one of the site's languages (en-GB, cy)
  help: add it to languages: in content/site.yaml, such as languages: [en-GB, cy, fr], or rename the file

content/assets/lunch-clb.cy.yaml:1:1: error: there is no record "lunch-clb" to translate, did you mean "lunch-club"?
  help: name a translation after its record's file, then the language: rename this file lunch-club.cy.yaml

content/assets/lunch-club.cy.yaml:2:1: error: "needs" is not translated: a translation holds only the text
  |
2 | needs: [food]
  | ^^^^^
  help: remove this line: every language shows the record's own needs. A translation may give: name, summary, description, referral, cost_detail

content/assets/lunch-club.cy.yaml:3:1: error: unknown field "sumary", did you mean "summary"?
  |
3 | sumary: Cinio poeth.
  | ^^^^^^
  help: a translation may give: name, summary, description, referral, cost_detail

content/pages/about.en-GB.md:1:1: error: "en-GB" is the site's default language: a record is written in it, not translated into it
  help: put this text in the record's own file, and delete this one

content/pathways/money-worries.cy.md:5:5: error: "assets" is not translated: a step's services are the pathway's own
  |
5 |     assets: [food-bank]
  |     ^^^^^^
  help: a translated step gives only its title and text, in the pathway's order

Found 6 errors and 0 warnings; nothing was written.
"#
    );
}

#[test]
fn check_says_what_is_wrong_with_a_need_or_place_translation() {
    let (code, stderr) = check_with(&[
        (
            "needs.cy.yaml",
            "money:\n  name: Arian\n  sensitive: true\nfod:\n  name: Bwyd\n  synonym: [bwyd]\n",
        ),
        ("needs.fr.yaml", "money: { name: Argent }\n"),
        ("places/north.en-GB.yaml", "name: North\n"),
        ("places/testbay.cy.yaml", "name: Bae Prawf\nkind: town\n"),
        ("places/nort.cy.yaml", "name: Gogledd\n"),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        r#"content/needs.cy.yaml:3:3: error: "sensitive" is not translated: a translation holds only the text
  |
3 |   sensitive: true
  |   ^^^^^^^^^
  help: remove this line: every language shows the record's own sensitive. A translation may give: name, description, synonyms

content/needs.cy.yaml:4:1: error: there is no need "fod" in content/needs.yaml, did you mean "food"?
  |
4 | fod:
  | ^^^
  help: give each need's text under its id in content/needs.yaml: write food: here

content/needs.cy.yaml:6:3: error: unknown field "synonym", did you mean "synonyms"?
  |
6 |   synonym: [bwyd]
  |   ^^^^^^^
  help: a translation may give: name, description, synonyms

content/needs.fr.yaml:1:1: error: "fr" is not one of the site's languages (en-GB, cy)
  help: add it to languages: in content/site.yaml, such as languages: [en-GB, cy, fr], or rename the file

content/places/nort.cy.yaml:1:1: error: there is no record "nort" to translate, did you mean "north"?
  help: name a translation after its record's file, then the language: rename this file north.cy.yaml

content/places/north.en-GB.yaml:1:1: error: "en-GB" is the site's default language: a record is written in it, not translated into it
  help: put this text in the record's own file, and delete this one

content/places/testbay.cy.yaml:2:1: error: "kind" is not translated: a translation holds only the text
  |
2 | kind: town
  | ^^^^
  help: remove this line: every language shows the record's own kind. A translation may give: name, summary

Found 7 errors and 0 warnings; nothing was written.
"#
    );
}

#[test]
fn check_warns_when_a_pathway_translation_has_another_number_of_steps() {
    let (code, stderr) = check_with(&[(
        "pathways/money-worries.cy.md",
        "---\ntitle: Pryderon arian\nsteps:\n  - title: Cael cyngor ar ddyledion\n---\nTestun.\n",
    )]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        r#"content/pathways/money-worries.cy.md:3:1: warning: this translation gives 1 step, but the pathway has 2 steps: its page in this language shows the pathway's steps untranslated
  help: give every step of content/pathways/money-worries.md, in its order, each with its title and text

"#
    );
}

#[test]
fn site_yaml_takes_language_or_languages_not_both() {
    let site = "title: T\nlanguage: cy\nlanguages: [en-GB, cy, en-GB]\n";
    let (code, stderr) = check_with(&[("site.yaml", site)]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(
            "content/site.yaml:3:12: error: site.yaml has both language: and languages:\n"
        ) && stderr.contains(
            "help: keep languages: (the default language first) and remove the language: line"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/site.yaml:3:24: error: \"en-GB\" is listed twice in languages:"),
        "{stderr}"
    );
    let (code, stderr) = check_with(&[("site.yaml", "title: T\nlanguages: [en-GB, kl1ngon]\n")]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("content/site.yaml:2:20: error: \"kl1ngon\" is not a language tag"),
        "{stderr}"
    );
}
