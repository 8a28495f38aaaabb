//! My Support Map, as built: a card (a JSON data block) in the page of every published asset
//! and pathway (and no page for closed records, so the map can say "no longer listed"),
//! holding the facts the map and its print view show; and the `/my-map/` page with its hooks.

#[path = "common/fixtures.rs"]
mod fixtures;

use fixtures::copy_dir;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-25";

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ])
        .args(extra)
        .output()
        .expect("run supportmap");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid")
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const CARD_OPEN: &str = r#"<script type="application/json" id="my-map-card">"#;

/// The card's JSON text, as it sits in the record's page.
fn raw_card(site: &Path, rel: &str) -> String {
    let page = read(site.join(rel).join("index.html"));
    let start = page.find(CARD_OPEN).expect("the page has a card") + CARD_OPEN.len();
    let end = start + page[start..].find("</script>").unwrap();
    page[start..end].to_string()
}

fn card(site: &Path, rel: &str) -> Value {
    serde_json::from_str(&raw_card(site, rel)).unwrap()
}

#[test]
fn every_published_record_has_a_card_with_its_facts() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&fixture(), &site, &[]);

    let debt = card(&site, "assets/debt-advice");
    assert_eq!(
        debt,
        json!({
            "kind": "asset",
            "id": "debt-advice",
            "name": "Testbay Debt Advice",
            "organisation": "Testbay Advice Centre",
            "summary": "Free, confidential advice on debt and benefits.",
            "path": "assets/debt-advice/",
            "status": "active",
            "status_label": "Active",
            "when": ["Monday to Friday, 09:00 to 17:00"],
            "where": [{"name": "Advice Centre", "address": "1 High Street, Testbay", "postcode": "HB1 2AB", "accessibility": "Step-free entrance"}],
            "access": ["Drop in", "Self-referral"],
            "referral": "Call or drop in. Link workers can email us.",
            "cost": "Free",
            "cost_detail": null,
            "who": ["Ages 18 and over", "Anyone living in Testbay"],
            "languages": ["English", "Welsh", "Urdu"],
            "contact": {"phone": "01632 960001", "phone_href": "tel:+441632960001", "email": "advice@testbay.example.org", "website": "https://example.org/debt"},
            "last_reviewed": "2026-03-03",
            "last_reviewed_label": "3 March 2026",
            "overdue": false,
            "sensitive": false
        })
    );
    // Fields in a fixed order, so every build writes the same bytes.
    let raw = raw_card(&site, "assets/debt-advice");
    assert!(
        raw.starts_with(
            r#"{"kind":"asset","id":"debt-advice","name":"Testbay Debt Advice","organisation""#
        ),
        "{raw}"
    );

    let lunch = card(&site, "assets/north-lunch-club");
    assert_eq!(
        lunch["when"],
        json!(["Tuesday, 12:00 to 14:00 (Arrive from 11:30)"])
    );
    assert_eq!(lunch["overdue"], json!(true), "an overdue record says so");
    assert_eq!(
        (lunch["cost"].as_str(), lunch["cost_detail"].as_str()),
        (Some("Low cost"), Some("£3 a meal"))
    );
    assert_eq!(lunch["where"], json!([]));
    assert_eq!(
        lunch["contact"],
        json!({"phone": null, "phone_href": null, "email": null, "website": null})
    );
    assert_eq!(
        card(&site, "assets/south-pantry")["status"],
        json!("paused")
    );

    // Closed records have no card: the map shows them as no longer listed.
    assert!(!site.join("assets/old-job-club").exists());

    let pathway = card(&site, "pathways/money-worries");
    assert_eq!(pathway["kind"], json!("pathway"));
    assert_eq!(pathway["title"], json!("Money worries and low mood"));
    assert_eq!(pathway["path"], json!("pathways/money-worries/"));
    assert_eq!(
        pathway["steps"],
        json!([
            {"number": 1, "title": "Get advice on debts", "assets": [{"id": "debt-advice", "name": "Testbay Debt Advice", "sensitive": false}]},
            {"number": 2, "title": "Meet people", "assets": [{"id": "north-lunch-club", "name": "North End Lunch Club", "sensitive": false}]}
        ]),
        "steps in order, with only published assets"
    );
}

#[test]
fn the_example_site_has_a_card_for_each_published_record_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    build(root, &site, &[]);
    let mut closed = 0;
    for entry in fs::read_dir(root.join("content/assets")).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = read(path.clone());
        if text.lines().any(|l| l.trim() == "status: closed") {
            closed += 1;
            assert!(
                !site.join("assets").join(&id).exists(),
                "closed {id} has no page, so no card"
            );
        } else {
            let data = card(&site, &format!("assets/{id}"));
            assert_eq!(data["id"], json!(id));
            assert_eq!(data["path"], json!(format!("assets/{id}/")));
            assert!(
                data["name"].as_str().is_some_and(|n| !n.is_empty())
                    && data["summary"].as_str().is_some()
            );
            let referral = data["referral"].as_str().unwrap();
            assert!(
                !referral.contains('<') && !referral.contains("&amp;"),
                "{id}: referral is plain text: {referral}"
            );
        }
    }
    assert!(closed >= 1, "the example has a closed record");
    for entry in fs::read_dir(root.join("content/pathways")).unwrap() {
        let id = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let data = card(&site, &format!("pathways/{id}"));
        for asset in data["steps"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["assets"].as_array().unwrap())
        {
            let asset_id = asset["id"].as_str().unwrap();
            assert!(
                site.join("assets")
                    .join(asset_id)
                    .join("index.html")
                    .is_file(),
                "{id} step {asset_id} is published"
            );
        }
    }
}

#[test]
fn the_my_map_page_and_its_hooks() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&fixture(), &site, &[]);
    let page = read(site.join("my-map/index.html"));
    assert!(page.contains("<noscript>") && page.contains("My Support Map needs JavaScript"));
    assert!(page.contains(r#"<script type="module" src="/static/my-map-page.js"></script>"#));
    assert!(
        page.contains(r#"data-base-url="""#),
        "no base_url: the page uses its own address"
    );
    assert!(
        page.contains("kept only in this browser"),
        "the page says where the map lives"
    );
    assert!(page.contains("they hold only which services are in the map, and their order."));
    assert!(site
        .join("static/vendor/qrcode-generator/qrcode.mjs")
        .is_file());
    assert!(read(site.join("static/vendor/qrcode-generator/LICENSE")).contains("MIT License"));

    let asset = read(site.join("assets/debt-advice/index.html"));
    assert!(asset.contains(r#"<script type="module" src="/static/my-map.js"></script>"#));
    assert!(
        asset.contains(r#"data-my-map-asset="debt-advice" data-my-map-name="Testbay Debt Advice""#)
    );
    assert!(
        asset.contains(r#"<li class="nav-my-map" hidden><a href="/my-map/">"#),
        "the header link waits for JavaScript"
    );
    let pathway = read(site.join("pathways/money-worries/index.html"));
    assert!(pathway.contains(r#"data-my-map-route="money-worries""#));
    assert!(
        pathway.contains("<dt>When</dt>"),
        "route steps show opening times inline"
    );

    let prefixed = dir.path().join("prefixed");
    build(
        &fixture(),
        &prefixed,
        &["--base-url", "https://example.org/support-map/"],
    );
    let page = read(prefixed.join("my-map/index.html"));
    assert!(
        page.contains(r#"data-base-url="https://example.org/support-map/""#),
        "QR codes and share links lead to the live site"
    );
    assert!(page.contains(r#"src="/support-map/static/my-map-page.js""#));
}

#[test]
fn a_sensitive_need_marks_its_services_for_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(&fixture(), &root);
    let needs = read(root.join("content/needs.yaml"));
    let needs = needs.replace(
        "- id: food\n  name: Food\n",
        "- id: food\n  name: Food\n  sensitive: true\n",
    );
    fs::write(root.join("content/needs.yaml"), needs).unwrap();
    let site = dir.path().join("site");
    build(&root, &site, &[]);

    assert_eq!(card(&site, "assets/south-pantry")["sensitive"], json!(true));
    assert_eq!(card(&site, "assets/debt-advice")["sensitive"], json!(false));
    let page = read(site.join("assets/south-pantry/index.html"));
    assert!(
        page.contains(r#"data-my-map-name="South End Pantry" data-my-map-sensitive>"#),
        "the button's slot knows, to warn when it is added"
    );
}

#[test]
fn record_text_in_cards_is_data_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(&fixture(), &root);
    fs::write(
        root.join("content/assets/hostile.yaml"),
        "name: '<script>alert(1)</script>'\nsummary: 'Fish & chips \"here\"'\nneeds: [money]\nreferral: '[x](javascript:alert(1)) <script>bad()</script> a & b'\nlast_reviewed: 2026-01-01\n",
    )
    .unwrap();
    let site = dir.path().join("site");
    build(&root, &site, &[]);
    let data = card(&site, "assets/hostile");
    assert_eq!(
        data["name"],
        json!("<script>alert(1)</script>"),
        "kept as text; the map shows it with textContent"
    );
    assert_eq!(data["summary"], json!("Fish & chips \"here\""));
    let referral = data["referral"].as_str().unwrap();
    assert!(
        !referral.contains("javascript:")
            && !referral.contains("bad()")
            && referral.contains("a & b"),
        "{referral}"
    );
}

/// Every page of a site in several languages names its language's home, which the map's
/// scripts read each card, link and route from; a Welsh page's card and the Welsh routes are
/// in Welsh; the printed pages' footer is in each page's language.
#[test]
fn each_language_has_its_own_cards_routes_and_print_footer() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bilingual");
    build(&root, &site, &[]);
    for (rel, home, css) in [
        ("", "/support-map/", "strings.en-GB.css"),
        ("cy/", "/support-map/cy/", "strings.cy.css"),
    ] {
        for page in ["", "my-map/", "assets/lunch-club/"] {
            let html = read(site.join(rel).join(page).join("index.html"));
            assert!(
                html.contains(&format!(" data-home=\"{home}\">")),
                "{rel}{page} names its home"
            );
            let link = format!(
                "<link rel=\"stylesheet\" href=\"/support-map/static/{css}\" media=\"print\">"
            );
            assert!(html.contains(&link), "{rel}{page} links {css}");
        }
    }
    assert_eq!(
        card(&site, "cy/assets/lunch-club")["name"],
        "Clwb Cinio'r Gogledd"
    );
    assert_eq!(card(&site, "assets/lunch-club")["name"], "North Lunch Club");
    // Text not yet translated is named, for the map to mark it as the pages do.
    let food_bank = card(&site, "cy/assets/food-bank");
    assert_eq!(food_bank["untranslated"]["lang"], "en-GB");
    let fields = &food_bank["untranslated"]["fields"];
    assert!(
        fields.as_array().unwrap().contains(&"name".into()),
        "{fields}"
    );
    let lunch_club = card(&site, "cy/assets/lunch-club")["untranslated"]["fields"].clone();
    let names_untranslated = (lunch_club.as_array()).is_some_and(|f| f.contains(&"name".into()));
    assert!(!names_untranslated, "{lunch_club}");
    assert!(card(&site, "assets/food-bank")
        .get("untranslated")
        .is_none());
    let route = |rel: &str| -> Value {
        serde_json::from_str(&read(
            site.join(rel).join("search/routes/money-worries.json"),
        ))
        .unwrap()
    };
    assert_eq!(route("")["title"], "Money worries");
    assert_eq!(
        route("cy/")["title"],
        card(&site, "cy/pathways/money-worries")["title"]
    );
    assert_ne!(route("cy/")["title"], "Money worries");
    let footer = |language: &str| read(site.join(format!("static/strings.{language}.css")));
    assert!(footer("cy").contains("content: \"Tudalen \" counter(page) \" o \" counter(pages);"));
    assert!(footer("en-GB").contains("content: \"Page \" counter(page) \" of \" counter(pages);"));
}

/// A site in one language needs no home of its own: its pages are at the top, and the
/// scripts fall back to the site's root.
#[test]
fn a_one_language_site_names_no_home() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&fixture(), &site, &[]);
    let html = read(site.join("assets/debt-advice/index.html"));
    assert!(!html.contains("data-home"), "no data-home");
    assert!(html.contains("href=\"/static/strings.en-GB.css\" media=\"print\""));
}

/// Text shown in the default language on another language's page carries that language and,
/// when it is written the other way from the page, its direction: Arabic fallback text in an
/// English page is `lang="ar" dir="rtl"`; in the Arabic pages, record text whose language is
/// not known takes its direction from its first letter.
#[test]
fn fallback_text_written_the_other_way_says_its_direction() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rtl"),
        &root,
    );
    let site_yaml = root.join("content/site.yaml");
    let yaml = read(site_yaml.clone()).replace("language: ar", "languages: [ar, en-GB]");
    fs::write(&site_yaml, yaml).unwrap();
    let site = dir.path().join("site");
    build(&root, &site, &[]);
    let english = read(site.join("en-gb/assets/debt-advice/index.html"));
    assert!(english.contains("<html lang=\"en-GB\" data-home=\"/en-gb/\">"));
    assert!(
        english.contains("<h1 lang=\"ar\" dir=\"rtl\">Test Bay Debt Advice</h1>"),
        "the fallback name is marked Arabic, right to left"
    );
    let arabic = read(site.join("assets/debt-advice/index.html"));
    assert!(arabic.contains("<h1 dir=\"auto\">Test Bay Debt Advice</h1>"));
    assert!(arabic.contains("<p class=\"lede\" dir=\"auto\">"));
    assert!(arabic.contains("href=\"tel:+441632960001\" dir=\"ltr\">01632 960001</a>"));
}
