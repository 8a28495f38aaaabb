//! End-to-end tests of the "Report something out of date" and "Edit this record" links on
//! service and pathway pages: the addresses `site.yaml` asks for, with the record's name, id,
//! page address and file filled in, percent-encoded, and escaped in the HTML.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use run::{build, supportmap, TODAY};
use scraper::{Html, Selector};
use std::fs;
use std::path::Path;

/// The valid fixture with `extra` added to its site.yaml and an awkward name on one service.
fn site(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    fixtures::copy_dir(&fixture, tmp.path());
    let settings = tmp.path().join("content/site.yaml");
    let text = fs::read_to_string(&settings).unwrap() + extra;
    fs::write(&settings, text).unwrap();
    let pantry = tmp.path().join("content/assets/south-pantry.yaml");
    let text = fs::read_to_string(&pantry).unwrap().replace(
        "name: South End Pantry",
        "name: 'South <End> Pantry & \"Co\"'",
    );
    fs::write(&pantry, text).unwrap();
    tmp
}

/// The built page at `path`: its raw HTML and the href of each link whose text is `label`.
fn links(out: &Path, path: &str, label: &str) -> (String, Vec<String>) {
    let html = fs::read_to_string(out.join(path).join("index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let a = Selector::parse(".feedback-links a").unwrap();
    let hrefs = doc
        .select(&a)
        .filter(|a| a.text().collect::<String>() == label)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    (html, hrefs)
}

#[test]
fn service_and_pathway_pages_link_to_report_and_edit_their_record() {
    let tmp = site("edit_url: https://git.example.org/org/map/edit/main/content/{path}\n");
    let out = tmp.path().join("out");
    let result = build(
        tmp.path(),
        &out,
        &["--base-url", "https://example.org/map/"],
    );
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );

    // No report_to: reports go to the email address in `contact`.
    let (_, report) = links(&out, "assets/debt-advice", "Report something out of date");
    assert_eq!(report, ["mailto:hello@testbay.example.org?subject=Out%20of%20date%3A%20Testbay%20Debt%20Advice&body=Something%20is%20out%20of%20date%20on%20this%20service%20page.%0D%0A%0D%0AName%3A%20Testbay%20Debt%20Advice%0D%0AId%3A%20debt-advice%0D%0APage%3A%20https%3A%2F%2Fexample.org%2Fmap%2Fassets%2Fdebt-advice%2F%0D%0A%0D%0AWhat%20is%20out%20of%20date%2C%20and%20what%20should%20it%20say%3F%0D%0A"]);
    let (_, edit) = links(&out, "assets/debt-advice", "Edit this record");
    assert_eq!(
        edit,
        ["https://git.example.org/org/map/edit/main/content/assets/debt-advice.yaml"]
    );
    // A Markdown record links to its own file.
    let (_, edit) = links(&out, "assets/north-lunch-club", "Edit this record");
    assert_eq!(
        edit,
        ["https://git.example.org/org/map/edit/main/content/assets/north-lunch-club.md"]
    );

    let (_, report) = links(
        &out,
        "pathways/money-worries",
        "Report something out of date",
    );
    assert_eq!(report.len(), 1);
    assert!(report[0].starts_with("mailto:hello@testbay.example.org?subject=Out%20of%20date%3A%20Money%20worries%20and%20low%20mood&body=Something%20is%20out%20of%20date%20on%20this%20pathway%20page."));
    assert!(report[0].contains("Id%3A%20money-worries%0D%0APage%3A%20https%3A%2F%2Fexample.org%2Fmap%2Fpathways%2Fmoney-worries%2F"));
    let (_, edit) = links(&out, "pathways/money-worries", "Edit this record");
    assert_eq!(
        edit,
        ["https://git.example.org/org/map/edit/main/content/pathways/money-worries.md"]
    );

    // Record text is percent-encoded into the address, and the address escaped in the HTML.
    let (html, report) = links(&out, "assets/south-pantry", "Report something out of date");
    assert!(report[0].contains(
        "subject=Out%20of%20date%3A%20South%20%3CEnd%3E%20Pantry%20%26%20%22Co%22&body="
    ));
    assert!(
        html.contains("%22Co%22&amp;body=Something"),
        "the & between fields is escaped"
    );
    assert!(!html.contains("<End>"));
}

#[test]
fn reports_can_go_to_a_form_and_links_only_appear_when_configured() {
    let tmp = site("report_to: https://forms.example.org/out-of-date?record={id}&name={name}\n");
    let out = tmp.path().join("out");
    assert_eq!(build(tmp.path(), &out, &[]).status.code(), Some(0));
    let (html, report) = links(&out, "assets/south-pantry", "Report something out of date");
    assert_eq!(report, ["https://forms.example.org/out-of-date?record=south-pantry&name=South%20%3CEnd%3E%20Pantry%20%26%20%22Co%22"]);
    assert!(html.contains("record=south-pantry&amp;name="));
    let (_, edit) = links(&out, "assets/south-pantry", "Edit this record");
    assert!(edit.is_empty(), "no edit_url, no edit link");
}

#[test]
fn unusable_settings_are_reported_where_they_are() {
    let tmp =
        site("report_to: javascript:alert(1)\nedit_url: https://git.example.org/edit/main/\n");
    let result = supportmap(&[
        "check",
        "--root",
        tmp.path().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("content/site.yaml:5:12: error: \"javascript:alert(1)\" is not an email address or a web address"), "{stderr}");
    assert!(stderr.contains("content/site.yaml:6:11: error: edit_url does not say where the record's file goes: it has no {path}"), "{stderr}");
}
