//! Open data end to end: the `/data/` files every build writes (Open Referral UK JSON validated
//! against the official schemas vendored in `tests/openreferral-schema/`, assets.csv, site.json),
//! and `supportmap import openreferral` (JSON, CSV data packages, bad input, the round trip).

#[path = "common/run.rs"]
mod run;
use run::{supportmap, TODAY};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = run::build(root, out, extra);
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        text(&output.stderr)
    );
    output
}

fn import(args: &[&str]) -> Output {
    let mut all = vec!["import", "openreferral"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", TODAY]);
    supportmap(&all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_file(path: &str) -> Value {
    read_json(
        &repo()
            .join("tests/openreferral-schema/uk-profile/schema")
            .join(path),
    )
}

/// Replaces `{"$ref": X}` by the schema X stands for.
fn inline_refs(value: &mut Value, refs: &BTreeMap<&str, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let target = refs
                    .get(target.as_str())
                    .unwrap_or_else(|| panic!("unresolved $ref {target}"))
                    .clone();
                map.remove("$ref");
                for (k, v) in target.as_object().expect("schema object") {
                    map.insert(k.clone(), v.clone());
                }
            }
            for v in map.values_mut() {
                inline_refs(v, refs);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| inline_refs(v, refs)),
        _ => {}
    }
}

/// `GET /services/{id}`: the UK profile's compiled service schema.
fn service_validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema_file("compiled/service.json"))
        .expect("service schema compiles")
}

/// `GET /services`: the response schema of the UK profile's openapi.json, its `Page` and
/// `service_list.json` resolved from the vendored files.
fn services_page_validator() -> jsonschema::Validator {
    let openapi = schema_file("openapi.json");
    let mut response = openapi["paths"]["/services"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]
        .clone();
    let refs = BTreeMap::from([
        ("#/components/schemas/Page", openapi["components"]["schemas"]["Page"].clone()),
        ("https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/service_list.json", schema_file("compiled/service_list.json")),
    ]);
    inline_refs(&mut response, &refs);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&response)
        .expect("services page schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn built_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&repo(), &site, &[]);
    (dir, site)
}

#[test]
fn export_follows_the_open_referral_uk_schemas() {
    let (_dir, site) = built_example();
    let data = site.join("data/openreferral");
    let service_schema = service_validator();
    let page_schema = services_page_validator();

    let page = read_json(&data.join("services.json"));
    assert_eq!(
        errors(&page_schema, &page),
        Vec::<String>::new(),
        "services.json"
    );
    for field in [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ] {
        assert!(page.get(field).is_some(), "services.json lacks {field}");
    }
    let contents = page["contents"].as_array().unwrap();
    assert_eq!(page["total_items"], json!(contents.len()));
    assert_eq!(
        contents.len(),
        41,
        "every published asset, the closed one left out"
    );

    let files: Vec<PathBuf> = fs::read_dir(data.join("services"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), contents.len());
    for item in contents {
        let id = item["id"].as_str().unwrap();
        let service = read_json(&data.join("services").join(format!("{id}.json")));
        assert_eq!(
            errors(&service_schema, &service),
            Vec::<String>::new(),
            "services/{id}.json"
        );
        assert_eq!(service["name"], item["name"]);
    }

    // One service in detail: every field the record holds has its place.
    let lunch = contents
        .iter()
        .find(|s| s["name"] == "St Mary's Thursday Lunch Club")
        .expect("lunch club listed");
    let full = read_json(
        &data
            .join("services")
            .join(format!("{}.json", lunch["id"].as_str().unwrap())),
    );
    assert!(full["description"]
        .as_str()
        .unwrap()
        .starts_with("A hot two-course lunch, a quiz and good company every Thursday"));
    assert_eq!(full["assured_date"], "2026-08-12");
    assert_eq!(full["status"], "active");
    assert_eq!(full["minimum_age"], 60);
    assert_eq!(
        full["eligibility_description"],
        "People aged 60 and over, and their carers."
    );
    assert_eq!(
        full["organization"]["name"],
        "St Mary's Church, Old Harbour"
    );
    assert_eq!(full["organization_id"], full["organization"]["id"]);
    assert_eq!(full["phones"][0]["number"], "01632 960109");
    assert_eq!(full["schedules"][0]["byday"], "TH");
    assert_eq!(full["schedules"][0]["freq"], "WEEKLY");
    assert_eq!(
        (
            full["schedules"][0]["opens_at"].as_str(),
            full["schedules"][0]["closes_at"].as_str()
        ),
        (Some("11:30"), Some("14:30"))
    );
    let location = &full["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["postal_code"], "HB1 2DL");
    assert_eq!(location["latitude"], 50.4497);
    assert_eq!(full["languages"][0]["code"], "en");
    assert_eq!(full["cost_options"][0]["option"], "Low cost");
    let needs: Vec<&str> = full["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_type"] == "need")
        .map(|a| a["taxonomy_term"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(needs, ["loneliness", "food", "bereavement"]);
    let taxonomy = &full["attributes"][0]["taxonomy_term"];
    assert_eq!(taxonomy["taxonomy"], "Support Map needs");
    assert_eq!(taxonomy["taxonomy_id"], taxonomy["taxonomy_detail"]["id"]);

    let paused = contents
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .unwrap()
                .starts_with("Castle Hill Digital Buddies")
        })
        .expect("paused asset listed");
    assert_eq!(paused["status"], "temporarily closed");

    let terms = read_json(&data.join("taxonomy_terms.json"));
    let westfield = terms["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "westfield")
        .expect("places are a taxonomy");
    let harbourside = terms["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "harbourside" && t["taxonomy"] == "Support Map places")
        .unwrap();
    assert_eq!(
        westfield["parent_id"], harbourside["id"],
        "the geography is the taxonomy's hierarchy"
    );
    assert_eq!(read_json(&data.join("taxonomies.json"))["total_items"], 5);
}

#[test]
fn the_schemas_catch_a_broken_service() {
    let (_dir, site) = built_example();
    let data = site.join("data/openreferral");
    let page = read_json(&data.join("services.json"));
    let id = page["contents"][0]["id"].as_str().unwrap();
    let mut service = read_json(&data.join("services").join(format!("{id}.json")));
    service["id"] = json!("not-a-uuid");
    service["status"] = json!("open");
    service.as_object_mut().unwrap().remove("name");
    let found = errors(&service_validator(), &service).join("\n");
    for expected in ["uuid", "open", "name"] {
        assert!(
            found.contains(expected),
            "no error about {expected}: {found}"
        );
    }
    let mut page = page;
    page["contents"][0].as_object_mut().unwrap().remove("url");
    page["total_items"] = json!("41");
    let found = errors(&services_page_validator(), &page).join("\n");
    assert!(
        found.contains("url") && found.contains("integer"),
        "{found}"
    );
}

#[test]
fn ids_and_files_are_stable_from_build_to_build() {
    let (_a, first) = built_example();
    let (_b, second) = built_example();
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(first.join("data")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let other = second.join(entry.path().strip_prefix(&first).unwrap());
            assert_eq!(
                fs::read(entry.path()).unwrap(),
                fs::read(&other).unwrap(),
                "{} differs",
                entry.path().display()
            );
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        41 + 5,
        "services, services.json, taxonomies, terms, site.json, assets.csv"
    );
}

#[test]
fn assets_csv_has_one_row_per_published_asset() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(
        &fixture("valid"),
        &site,
        &["--base-url", "https://example.org/map/"],
    );
    let bytes = fs::read(site.join("data/assets.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark so spreadsheets read UTF-8"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&headers[..4], ["id", "name", "summary", "organisation"]);
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["north-lunch-club", "south-pantry", "debt-advice"],
        "A to Z by name; the closed record left out"
    );
    let debt = &rows[2];
    assert_eq!(debt["needs"], "Money and debt");
    assert_eq!(debt["opening_hours"], "Monday to Friday 09:00–17:00");
    assert_eq!(debt["access"], "Drop in; Self-referral");
    assert_eq!(debt["languages"], "English; Welsh; Urdu");
    assert_eq!(debt["page"], "https://example.org/map/assets/debt-advice/");
    assert_eq!(rows[0]["cost_detail"], "£3 a meal");
    assert_eq!(rows[1]["status"], "Paused");
}

#[test]
fn site_json_holds_every_published_record() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&fixture("valid"), &site, &[]);
    let data = read_json(&site.join("data/site.json"));
    assert_eq!(data["format"], "supportmap-site");
    let assets = data["assets"].as_array().unwrap();
    let ids: Vec<&str> = assets.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(
        !ids.contains(&"old-job-club"),
        "closed records are not published"
    );
    let debt = assets.iter().find(|a| a["id"] == "debt-advice").unwrap();
    assert_eq!(debt["contact"]["phone"], "01632 960001");
    assert_eq!(
        debt["opening_hours"][0],
        json!({"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "17:00"})
    );
    assert_eq!(debt["path"], "assets/debt-advice/");
    assert_eq!(
        assets.iter().find(|a| a["id"] == "south-pantry").unwrap()["status"],
        "paused"
    );
    assert!(
        data["needs"].as_array().unwrap().len() >= 2
            && !data["places"].as_array().unwrap().is_empty()
    );
    assert_eq!(data["pathways"][0]["id"], "money-worries");
}

fn or_fixture(name: &str) -> PathBuf {
    fixture("openreferral").join(name)
}

fn yaml(path: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(
        &fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn check(root: &Path) -> Output {
    supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY])
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// The facts a reader sees of an asset, as site.json gives them.
const FACTS: &[&str] = &[
    "name",
    "summary",
    "description",
    "organisation",
    "needs",
    "places",
    "locations",
    "contact",
    "opening_hours",
    "access",
    "referral",
    "cost",
    "cost_detail",
    "eligibility",
    "languages",
    "health_creation",
    "last_reviewed",
    "status",
    "tags",
];

#[test]
fn round_trip_keeps_every_published_fact() {
    let (dir, original) = built_example();
    let root = dir.path().join("reimported");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::copy(
        repo().join("content/site.yaml"),
        root.join("content/site.yaml"),
    )
    .unwrap();
    let output = import(&[
        original.join("data/openreferral").to_str().unwrap(),
        "--into",
        root.join("content").to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let summary = text(&output.stdout);
    assert!(
        summary.contains("Imported 41 assets, 6 new places and 16 new needs"),
        "{summary}"
    );
    assert!(summary.contains("supportmap check: no errors"), "{summary}");
    assert!(
        !summary.contains("Not imported"),
        "our own export maps completely: {summary}"
    );
    let rebuilt = dir.path().join("rebuilt");
    build(&root, &rebuilt, &[]);

    let before = read_json(&original.join("data/site.json"));
    let after = read_json(&rebuilt.join("data/site.json"));
    let by_name = |site: &Value| -> BTreeMap<String, Value> {
        site["assets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["name"].as_str().unwrap().to_string(), a.clone()))
            .collect()
    };
    let (before_assets, after_assets) = (by_name(&before), by_name(&after));
    assert_eq!(
        before_assets.keys().collect::<Vec<_>>(),
        after_assets.keys().collect::<Vec<_>>()
    );
    for (name, original) in &before_assets {
        for fact in FACTS {
            assert_eq!(
                original.get(*fact),
                after_assets[name].get(*fact),
                "{name}: {fact}"
            );
        }
    }
    let needs = |site: &Value| {
        site["needs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["id"].clone(), n["name"].clone(), n["description"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        needs(&before),
        needs(&after),
        "needs keep their ids, names, descriptions and order"
    );
    let places = |site: &Value| {
        site["places"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].clone(),
                    p["name"].clone(),
                    p["within"].clone(),
                    p["summary"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        places(&before),
        places(&after),
        "places keep their geography"
    );

    // The same export imported again: every record is there already.
    let again = import(&[
        original.join("data/openreferral").to_str().unwrap(),
        "--into",
        root.join("content").to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn imports_open_referral_json_from_another_directory() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(&[
        or_fixture("council").to_str().unwrap(),
        "--into",
        dir.path().to_str().unwrap(),
    ]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        files_under(&dir.path().join("content")),
        [
            "assets/testbay-citizens-advice.yaml",
            "assets/testbay-mens-shed.yaml",
            "assets/testbay-swimming-club.yaml",
            "needs.yaml",
            "places/testbay.yaml",
            "site.yaml"
        ]
    );
    // The report: what had no place, and what was guessed.
    for expected in [
        "Not imported, no place in a Support Map record: accreditations (1 service), funding (1 service)",
        "2 services had no assured_date",
        "1 service had no taxonomy terms: they were given the need \"other\"",
        "1 service had no service area: the towns of their addresses became their places",
        "\"Testbay Men's Shed\" is inactive or defunct: imported with status: closed",
        "Created site.yaml",
        "supportmap check: no errors",
        "Imported 3 assets, 1 new place and 4 new needs",
    ] {
        assert!(stdout.contains(expected), "summary lacks {expected:?}:\n{stdout}");
    }
    for expected in [
        "services.json:11:13: warning: service \"Testbay Citizens Advice\" (contents[0], id a1b2c3d4-0001-4000-8000-000000000001): language \"Elvish\" has no language code",
        "phone \"call the front desk\" is not a phone number; left out",
        "website \"www.example.org/swim\" is not a web address",
        "location 1 is virtual",
        "schedule 3: \"XX\" in byday is not a day",
    ] {
        assert!(stderr.contains(expected), "warnings lack {expected:?}:\n{stderr}");
    }
    assert!(
        check(dir.path()).status.success(),
        "{}",
        text(&check(dir.path()).stderr)
    );

    let advice = yaml(
        &dir.path()
            .join("content/assets/testbay-citizens-advice.yaml"),
    );
    let expected: serde_yaml::Value = serde_yaml::from_str(
        r#"
name: Testbay Citizens Advice
summary: Free, independent advice on money, debt, benefits & housing.
description: Advisers can help you fill in forms, talk to creditors and plan a budget.
organisation: Testbay Citizens Advice (charity)
needs: [debt-advice, money-worries]
places: [testbay]
locations:
  - name: Testbay Library
    address: 1 Library Square, Testbay, Devon
    postcode: TB1 1AA
    lat: 50.5
    lon: -3.5
    accessibility: Lift to all floors; Hearing loop at reception
contact:
  phone: 01632 960555
  email: advice@testbay-ca.example.org
  website: https://example.org/testbay-advice
opening_hours:
  - days: [mon, tue, wed, thu, fri]
    opens: "09:30"
    closes: "16:30"
    note: Weekdays, half past nine to half past four
referral: Drop in or phone the adviceline.
cost: free
eligibility:
  min_age: 18
  who: Adults living in Testbay
languages: [pl, cy]
last_reviewed: 2026-06-01
tags: [CAB Testbay]
"#,
    )
    .unwrap();
    assert_eq!(advice, expected);
    let swim = yaml(&dir.path().join("content/assets/testbay-swimming-club.yaml"));
    assert_eq!(
        swim["summary"], "Relaxed swimming sessions for adults who want to get fitter.",
        "a long first paragraph gives its first sentence"
    );
    assert_eq!(swim["status"], "paused");
    assert_eq!(swim["cost"], "paid");
    assert_eq!(swim["cost_detail"], "£3.50 per session");
    assert_eq!(
        swim["last_reviewed"], "2000-01-01",
        "no date: flagged as possibly out of date"
    );
    assert_eq!(
        swim["opening_hours"][0]["opens"], "10:00",
        "time zones dropped"
    );
    assert_eq!(
        swim["opening_hours"][1]["note"],
        "Family swim; monthly (1SU)"
    );
    assert_eq!(
        yaml(&dir.path().join("content/assets/testbay-mens-shed.yaml"))["needs"][0],
        "other"
    );

    // Imported records build, and the closed one is not published.
    let site = dir.path().join("site");
    let built = build(dir.path(), &site, &[]);
    assert!(
        text(&built.stdout).starts_with("Built 2 assets"),
        "{}",
        text(&built.stdout)
    );
}

#[test]
fn imports_an_hsds_csv_data_package() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let output = import(&[
        or_fixture("csv-package").to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("Imported 3 assets, 2 new places and 2 new needs"),
        "{stdout}"
    );
    assert!(stdout.contains("funding (1 service)"), "{stdout}");
    assert!(
        check(dir.path()).status.success(),
        "{}",
        text(&check(dir.path()).stderr)
    );
    let bank = yaml(&content.join("assets/testbay-food-bank.yaml"));
    assert_eq!(bank["summary"], "Emergency food parcels for three days.");
    assert_eq!(
        bank["description"],
        "Bring your voucher; volunteers will help you choose."
    );
    assert_eq!(bank["cost"], "free", "fees_description \"Free\"");
    assert_eq!(bank["contact"]["phone"], "01632 960777");
    assert_eq!(
        bank["locations"][0]["address"],
        "2 Church Street, Testbay, Devon"
    );
    assert_eq!(
        bank["opening_hours"][0]["days"],
        serde_yaml::from_str::<serde_yaml::Value>("[mon, wed, fri]").unwrap()
    );
    let fridge = yaml(&content.join("assets/community-fridge.yaml"));
    assert_eq!(
        fridge["opening_hours"][0]["opens"], "09:00",
        "schedules of its service_at_location"
    );
    assert_eq!(
        fridge["contact"]["phone"], "01632 960778",
        "the phone of its location"
    );
    assert_eq!(
        fridge["places"][0], "testbay",
        "no service area: the town of its address"
    );
    assert_eq!(
        fridge["last_reviewed"], "2026-10-02",
        "from a date and time"
    );
    let cooking = yaml(&content.join("assets/cooking-for-one.yaml"));
    assert_eq!(
        cooking["needs"],
        serde_yaml::from_str::<serde_yaml::Value>("[cooking-skills, food]").unwrap()
    );
    assert_eq!(
        cooking["languages"],
        serde_yaml::from_str::<serde_yaml::Value>("[cy, en]").unwrap()
    );
    assert_eq!(cooking["eligibility"]["min_age"], 60);
}

#[test]
fn bad_input_names_the_record_and_field_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");

    let output = import(&[
        or_fixture("bad/invalid.json").to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("invalid.json:4:36: error: invalid JSON: expected `,` or `}`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!content.exists(), "nothing written");

    let output = import(&[
        or_fixture("bad/shape.json").to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("shape.json:1:1: error: not Open Referral services: expected a service"),
        "{}",
        text(&output.stderr)
    );
    assert!(!content.exists());

    let output = import(&[
        or_fixture("bad/fields.json").to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    for expected in [
        "fields.json:11:13: error: service (contents[1], id y2): \"name\" is missing: every service needs a name",
        "error: service \"Wrong hours\" (contents[2], id y3): \"schedules\" should be a list, not text",
        "error: service \"Wrong hours\" (contents[2], id y3): \"service_at_locations[0].location.latitude\" should be a number, not \"north\"",
        "help: fix the input, or pass --keep-going",
        "Found 3 errors",
    ] {
        assert!(stderr.contains(expected), "lacks {expected:?}:\n{stderr}");
    }
    assert!(!content.exists(), "not even the good service");

    let output = import(&[
        or_fixture("bad/fields.json").to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
        "--keep-going",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("warning: service (contents[1], id y2): \"name\" is missing: every service needs a name; the service was skipped (--keep-going)"));
    assert!(
        text(&output.stdout).contains("Imported 1 asset,"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(files_under(&content.join("assets")), ["good-service.yaml"]);
    assert!(check(dir.path()).status.success());

    let missing = import(&["/no/such/folder", "--into", content.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("error: /no/such/folder does not exist"));
}

#[test]
fn existing_records_are_replaced_only_with_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let source = or_fixture("council");
    assert!(import(&[
        source.to_str().unwrap(),
        "--into",
        content.to_str().unwrap()
    ])
    .status
    .success());
    let path = content.join("assets/testbay-citizens-advice.yaml");
    fs::write(
        &path,
        fs::read_to_string(&path)
            .unwrap()
            .replace("Adults living in Testbay", "Edited by hand"),
    )
    .unwrap();
    let before = files_under(&content);

    let output = import(&[
        source.to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("assets/testbay-citizens-advice.yaml:1:1: error: already exists: the import would replace it"), "{stderr}");
    assert!(stderr.contains("help: pass --overwrite"), "{stderr}");
    assert!(
        stderr.contains("nothing was imported: 3 files already exist"),
        "{stderr}"
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("Edited by hand"),
        "untouched"
    );
    assert_eq!(files_under(&content), before);

    let output = import(&[
        source.to_str().unwrap(),
        "--into",
        content.to_str().unwrap(),
        "--overwrite",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Replaced 3 existing records (--overwrite)"));
    assert!(
        text(&output.stdout).contains("Imported 3 assets, 0 new places and 0 new needs"),
        "needs and places are reused: {}",
        text(&output.stdout)
    );
    assert!(!fs::read_to_string(&path)
        .unwrap()
        .contains("Edited by hand"));
    assert_eq!(files_under(&content), before, "no stray files");
}

#[test]
fn importing_into_a_site_reuses_its_needs_and_places() {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture("valid")) {
        let entry = entry.unwrap();
        let target = dir
            .path()
            .join(entry.path().strip_prefix(fixture("valid")).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    let needs_before = fs::read_to_string(dir.path().join("content/needs.yaml")).unwrap();
    let output = import(&[
        or_fixture("council").to_str().unwrap(),
        "--into",
        dir.path().join("content").to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("Added 3 needs at the end of needs.yaml"),
        "{}",
        text(&output.stdout)
    );
    let advice = yaml(
        &dir.path()
            .join("content/assets/testbay-citizens-advice.yaml"),
    );
    assert_eq!(
        advice["needs"],
        serde_yaml::from_str::<serde_yaml::Value>("[debt-advice, money]").unwrap(),
        "\"Money worries\" is a synonym of money"
    );
    assert_eq!(advice["places"][0], "testbay", "the site's own Testbay");
    let needs_after = fs::read_to_string(dir.path().join("content/needs.yaml")).unwrap();
    assert!(
        needs_after.starts_with(&needs_before),
        "existing needs untouched"
    );
    assert!(!dir.path().join("content/places/testbay-2.yaml").exists());
    assert!(
        check(dir.path()).status.success(),
        "{}",
        text(&check(dir.path()).stderr)
    );
}

#[test]
fn a_page_of_services_alone_imports_with_a_fallback_need() {
    let (dir, original) = built_example();
    let content = dir.path().join("from-page/content");
    let output = import(&[
        original
            .join("data/openreferral/services.json")
            .to_str()
            .unwrap(),
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("41 services had no taxonomy terms"),
        "{}",
        text(&output.stdout)
    );
    assert!(check(&dir.path().join("from-page")).status.success());
}
