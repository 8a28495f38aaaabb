//! Open data end to end: the `/data/` files every build writes (Open Referral UK JSON validated
//! against the official schemas vendored in `tests/openreferral-schema/`, assets.csv, site.json),
//! and `supportmap import openreferral` (JSON, CSV data packages, bad input, the round trip).

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-25";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn supportmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_supportmap")).args(args).env("NO_COLOR", "1").output().expect("run supportmap")
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    let output = supportmap(&args);
    assert!(output.status.success(), "build of {} failed:\n{}", root.display(), text(&output.stderr));
    output
}

#[allow(dead_code)]
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
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_file(path: &str) -> Value {
    read_json(&repo().join("tests/openreferral-schema/uk-profile/schema").join(path))
}

/// Replaces `{"$ref": X}` by the schema X stands for.
fn inline_refs(value: &mut Value, refs: &BTreeMap<&str, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let target = refs.get(target.as_str()).unwrap_or_else(|| panic!("unresolved $ref {target}")).clone();
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
    jsonschema::options().should_validate_formats(true).build(&schema_file("compiled/service.json")).expect("service schema compiles")
}

/// `GET /services`: the response schema of the UK profile's openapi.json, its `Page` and
/// `service_list.json` resolved from the vendored files.
fn services_page_validator() -> jsonschema::Validator {
    let openapi = schema_file("openapi.json");
    let mut response = openapi["paths"]["/services"]["get"]["responses"]["200"]["content"]["application/json"]["schema"].clone();
    let refs = BTreeMap::from([
        ("#/components/schemas/Page", openapi["components"]["schemas"]["Page"].clone()),
        ("https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/service_list.json", schema_file("compiled/service_list.json")),
    ]);
    inline_refs(&mut response, &refs);
    jsonschema::options().should_validate_formats(true).build(&response).expect("services page schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
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
    assert_eq!(errors(&page_schema, &page), Vec::<String>::new(), "services.json");
    for field in ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"] {
        assert!(page.get(field).is_some(), "services.json lacks {field}");
    }
    let contents = page["contents"].as_array().unwrap();
    assert_eq!(page["total_items"], json!(contents.len()));
    assert_eq!(contents.len(), 41, "every published asset, the closed one left out");

    let files: Vec<PathBuf> = fs::read_dir(data.join("services")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), contents.len());
    for item in contents {
        let id = item["id"].as_str().unwrap();
        let service = read_json(&data.join("services").join(format!("{id}.json")));
        assert_eq!(errors(&service_schema, &service), Vec::<String>::new(), "services/{id}.json");
        assert_eq!(service["name"], item["name"]);
    }

    // One service in detail: every field the record holds has its place.
    let lunch = contents.iter().find(|s| s["name"] == "St Mary's Thursday Lunch Club").expect("lunch club listed");
    let full = read_json(&data.join("services").join(format!("{}.json", lunch["id"].as_str().unwrap())));
    assert!(full["description"].as_str().unwrap().starts_with("A hot two-course lunch, a quiz and good company every Thursday"));
    assert_eq!(full["assured_date"], "2026-08-12");
    assert_eq!(full["status"], "active");
    assert_eq!(full["minimum_age"], 60);
    assert_eq!(full["eligibility_description"], "People aged 60 and over, and their carers.");
    assert_eq!(full["organization"]["name"], "St Mary's Church, Old Harbour");
    assert_eq!(full["organization_id"], full["organization"]["id"]);
    assert_eq!(full["phones"][0]["number"], "01632 960109");
    assert_eq!(full["schedules"][0]["byday"], "TH");
    assert_eq!(full["schedules"][0]["freq"], "WEEKLY");
    assert_eq!((full["schedules"][0]["opens_at"].as_str(), full["schedules"][0]["closes_at"].as_str()), (Some("11:30"), Some("14:30")));
    let location = &full["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["postal_code"], "HB1 2DL");
    assert_eq!(location["latitude"], 50.4497);
    assert_eq!(full["languages"][0]["code"], "en");
    assert_eq!(full["cost_options"][0]["option"], "Low cost");
    let needs: Vec<&str> = full["attributes"].as_array().unwrap().iter().filter(|a| a["link_type"] == "need").map(|a| a["taxonomy_term"]["code"].as_str().unwrap()).collect();
    assert_eq!(needs, ["loneliness", "food", "bereavement"]);
    let taxonomy = &full["attributes"][0]["taxonomy_term"];
    assert_eq!(taxonomy["taxonomy"], "Support Map needs");
    assert_eq!(taxonomy["taxonomy_id"], taxonomy["taxonomy_detail"]["id"]);

    let paused = contents.iter().find(|s| s["name"].as_str().unwrap().starts_with("Castle Hill Digital Buddies")).expect("paused asset listed");
    assert_eq!(paused["status"], "temporarily closed");

    let terms = read_json(&data.join("taxonomy_terms.json"));
    let westfield = terms["contents"].as_array().unwrap().iter().find(|t| t["code"] == "westfield").expect("places are a taxonomy");
    let harbourside = terms["contents"].as_array().unwrap().iter().find(|t| t["code"] == "harbourside" && t["taxonomy"] == "Support Map places").unwrap();
    assert_eq!(westfield["parent_id"], harbourside["id"], "the geography is the taxonomy's hierarchy");
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
        assert!(found.contains(expected), "no error about {expected}: {found}");
    }
    let mut page = page;
    page["contents"][0].as_object_mut().unwrap().remove("url");
    page["total_items"] = json!("41");
    let found = errors(&services_page_validator(), &page).join("\n");
    assert!(found.contains("url") && found.contains("integer"), "{found}");
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
            assert_eq!(fs::read(entry.path()).unwrap(), fs::read(&other).unwrap(), "{} differs", entry.path().display());
            compared += 1;
        }
    }
    assert_eq!(compared, 41 + 5, "services, services.json, taxonomies, terms, site.json, assets.csv");
}

#[test]
fn assets_csv_has_one_row_per_published_asset() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build(&fixture("valid"), &site, &["--base-url", "https://example.org/map/"]);
    let bytes = fs::read(site.join("data/assets.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark so spreadsheets read UTF-8");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&headers[..4], ["id", "name", "summary", "organisation"]);
    let rows: Vec<BTreeMap<String, String>> = reader.records().map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["north-lunch-club", "south-pantry", "debt-advice"], "A to Z by name; the closed record left out");
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
    assert!(!ids.contains(&"old-job-club"), "closed records are not published");
    let debt = assets.iter().find(|a| a["id"] == "debt-advice").unwrap();
    assert_eq!(debt["contact"]["phone"], "01632 960001");
    assert_eq!(debt["opening_hours"][0], json!({"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "17:00"}));
    assert_eq!(debt["path"], "assets/debt-advice/");
    assert_eq!(assets.iter().find(|a| a["id"] == "south-pantry").unwrap()["status"], "paused");
    assert!(data["needs"].as_array().unwrap().len() >= 2 && !data["places"].as_array().unwrap().is_empty());
    assert_eq!(data["pathways"][0]["id"], "money-worries");
}
