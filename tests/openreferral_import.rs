//! `supportmap import openreferral` on awkward input, end to end: bounded messages on a large
//! minified file, nothing replaced or dropped without a warning, ids from names in any script,
//! export then import keeping every id and file, HSDS 1.x data packages named as such, and the
//! official examples of the UK profile and of HSDS 3.0 (JSON and CSV) imported, checked and
//! built, with what each loses listed, and `check`'s errors in the site imported into listed
//! above the summary.

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use fixtures::{copy_dir, files_under};
use run::{import_openreferral, supportmap, TODAY};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, serde_json::to_vec(value).unwrap()).unwrap();
    path
}

fn yaml(path: &Path) -> serde_yaml::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap()
}

fn asset_ids(content: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(content.join("assets"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    ids.sort();
    ids
}

fn service(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": format!("{name} helps people in Testbay."),
        "assured_date": "2026-06-01",
        "attributes": [{ "taxonomy_term": { "id": "t1", "name": "Food", "taxonomy": "esdNeeds" } }],
        "service_areas": [{ "name": "Testbay" }]
    })
}

/// `check`'s verdict on the site imported into ends the summary; its errors are listed above
/// the summary on standard error, each file named from the site folder, and the import stands.
#[test]
fn errors_in_the_site_imported_into_are_listed_above_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    copy_dir(&valid, &root);
    fs::write(
        root.join("content/assets/broken.yaml"),
        "name: Broken\nsummary: A club.\nneeds: [nonexistent]\nlast_reviewed: 2026-01-01\n",
    )
    .unwrap();
    let page = json!({ "contents": [service("s1", "Testbay Pantry")] });
    let output = import_openreferral(&write_json(dir.path(), "page.json", &page), &root, &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("content/assets/broken.yaml:3:9: error: unknown need \"nonexistent\"\n  help: a need id must be listed in content/needs.yaml\n"),
        "{stderr}"
    );
    let verdict = format!(
        "supportmap check found problems in {} (listed above): fix them before building\nImported 1 asset,",
        root.display()
    );
    assert!(stdout.contains(&verdict), "{stdout}");
    assert!(root.join("content/assets/testbay-pantry.yaml").is_file());
}

#[test]
fn a_large_minified_file_gives_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    // One line of about 8 MB: every service has a phone that is not a phone number, and a long
    // description so that the line is long between one service and the next.
    let filler = "Community support for everyone in Testbay. ".repeat(30);
    let contents: Vec<Value> = (0..5000)
        .map(|i| {
            let mut s = service(&format!("svc-{i:05}"), &format!("Club {i}"));
            s["description"] = json!(format!("Club {i}. {filler}"));
            s["phones"] = json!([{ "number": "call us" }]);
            s
        })
        .collect();
    let source = write_json(
        dir.path(),
        "services.json",
        &json!({ "contents": contents }),
    );
    assert!(fs::metadata(&source).unwrap().len() > 5_000_000);
    let into = dir.path().join("site");
    let output = import_openreferral(&source, &into, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let lines = stderr.lines().count();
    assert!(lines < 200, "{lines} lines of messages:\n{stderr}");
    assert!(stderr.len() < 40_000, "{} bytes of messages", stderr.len());
    assert!(
        stderr.contains("phone \"call us\" is not a phone number; left out"),
        "{stderr}"
    );
    assert!(
        stderr.contains("… and 4,995 more services with the same problem"),
        "{stderr}"
    );
    for line in stderr.lines() {
        assert!(
            line.chars().count() <= 300,
            "a line of {} characters",
            line.chars().count()
        );
    }
    assert_eq!(asset_ids(&into.join("content")).len(), 5000);
}

#[test]
fn nothing_is_replaced_or_dropped_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut careful = service("s1", "Careful Club");
    careful["email"] = json!("not-an-address");
    careful["url"] = json!("www.careful.example.org");
    careful["assured_date"] = json!("31/12/2024");
    careful["phones"] = json!([{ "number": "\"01632 960555\"" }]);
    careful["organization"] = json!({
        "name": "Careful Trust",
        "email": "trust@careful.example.org",
        "website": "https://careful.example.org"
    });
    careful["service_at_locations"] = json!([
        { "location": { "latitude": 100, "longitude": -3.5,
            "addresses": [{ "address_1": "1 Quay Street", "city": "Testbay", "postal_code": "TB1 1AA" }] } },
        { "location": { "latitude": 50.5,
            "addresses": [{ "address_1": "2 Quay Street", "city": "Testbay", "postal_code": "TB1 1AB" }] } }
    ]);
    let long_area =
        "The whole of the county and its neighbouring districts, towns and villages".repeat(2);
    careful["service_areas"] = json!([{ "name": long_area }]);
    let mut services = vec![careful];
    services.extend((0..128).map(|_| service("same", "Copied Club")));
    let source = write_json(dir.path(), "services.json", &json!(services));
    let into = dir.path().join("site");
    let output = import_openreferral(&source, &into, &[]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for expected in [
        "service \"Careful Club\" ([0], id s1): email \"not-an-address\" is not an email address; organization.email \"trust@careful.example.org\" was used instead",
        "website \"www.careful.example.org\" is not a web address starting with https:// or http://; organization.website \"https://careful.example.org\" was used instead",
        "assured_date \"31/12/2024\" was read as 2024-12-31 (day/month/year)",
        "phone \"\"01632 960555\"\" was in quote marks; imported as 01632 960555",
        "location 1: latitude 100 is not between -90 and 90; both coordinates left out",
        "location 2: latitude without longitude; both coordinates left out",
        "service area \"The whole of the county",
        "is longer than 80 characters, too long for a place name; left out",
        "service \"Copied Club\" ([1], id same): 127 more copies of this id were dropped; only the first was imported",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("no service area"), "{stdout}");
    let content = into.join("content");
    assert_eq!(asset_ids(&content), ["careful-club", "copied-club"]);
    let careful = yaml(&content.join("assets/careful-club.yaml"));
    assert_eq!(careful["last_reviewed"], "2024-12-31");
    assert_eq!(careful["contact"]["phone"], "01632 960555");
    assert_eq!(careful["contact"]["email"], "trust@careful.example.org");
    for location in careful["locations"].as_sequence().unwrap() {
        assert!(location.get("lat").is_none() && location.get("lon").is_none());
    }
}

#[test]
fn check_refuses_half_a_coordinate_pair() {
    let dir = tempfile::tempdir().unwrap();
    let source = write_json(
        dir.path(),
        "services.json",
        &json!([service("s1", "Half Club")]),
    );
    let root = dir.path().join("site");
    let output = import_openreferral(&source, &root, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let asset = root.join("content/assets/half-club.yaml");
    let mut record = fs::read_to_string(&asset).unwrap();
    record.push_str("locations:\n- address: 1 Quay Street, Testbay\n  lat: 50.5\n");
    fs::write(&asset, record).unwrap();
    let output = supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("a location needs both lat and lon, or neither"),
        "{stderr}"
    );
}

#[test]
fn ids_keep_the_letters_of_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["Café Crèche", "Ŵyl Gymraeg", "Клуб друзей", "读书会", "★★★"];
    let services: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| service(&format!("s{i}"), name))
        .collect();
    let source = write_json(dir.path(), "services.json", &json!(services));
    let root = dir.path().join("site");
    let output = import_openreferral(&source, &root, &[]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let ids = asset_ids(&root.join("content"));
    for expected in ["cafe-creche", "wyl-gymraeg", "klub-druzei", "du-shu-hui"] {
        assert!(ids.contains(&expected.to_string()), "{expected} in {ids:?}");
    }
    assert!(!ids.iter().any(|id| id == "my-record"), "{ids:?}");
    assert!(ids.contains(&"s4".to_string()), "{ids:?}");
    assert!(
        stderr.contains("service \"★★★\" ([4], id s4): the name has no letters or digits for an id; the id s4 from the input was used"),
        "{stderr}"
    );
    let check = supportmap(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn an_hsds_1_data_package_is_named_read_and_its_losses_listed() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("package");
    fs::create_dir_all(&package).unwrap();
    let tables = [
        ("services", "id,organization_id,name,description,status\nsv1,o1,Testbay Lunch Club,Hot lunches on Thursdays.,active\n"),
        ("organizations", "id,name\no1,Testbay Trust\n"),
        ("regular_schedules", "id,service_id,weekday,opens_at,closes_at\nrs1,sv1,Thursday,12:00,14:00\n"),
        ("service_taxonomy", "id,service_id,taxonomy_id\nst1,sv1,tx1\n"),
        ("taxonomy", "id,name,vocabulary\ntx1,Food,esdNeeds\n"),
        ("eligibility", "id,service_id,eligibility\nel1,sv1,adult\n"),
    ];
    let mut resources = Vec::new();
    for (name, csv) in tables {
        fs::write(package.join(format!("{name}.csv")), csv).unwrap();
        resources.push(json!({ "name": name, "path": format!("{name}.csv") }));
    }
    write_json(
        &package,
        "datapackage.json",
        &json!({ "name": "hsds", "profile": "tabular-data-package", "resources": resources }),
    );
    let root = dir.path().join("site");
    let output = import_openreferral(&package.join("datapackage.json"), &root, &[]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        stdout.contains("is an HSDS 1.x data package (it has regular_schedules, service_taxonomy): read as HSDS 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Not imported, tables with no place in a Support Map: eligibility"),
        "{stdout}"
    );
    let asset = yaml(&root.join("content/assets/testbay-lunch-club.yaml"));
    assert_eq!(asset["needs"][0], "food", "{asset:?}");
    assert_eq!(asset["opening_hours"][0]["days"][0], "thu", "{asset:?}");
    assert_eq!(asset["opening_hours"][0]["opens"], "12:00", "{asset:?}");
    assert_eq!(asset["organisation"], "Testbay Trust");
}

/// Every id in a JSON value, in document order: `id` and every `..._id` field, by where it is.
fn ids_in(value: &Value, at: &str, ids: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{at}/{key}");
                match v {
                    Value::String(id) if key == "id" || key.ends_with("_id") => {
                        ids.push((here, id.clone()))
                    }
                    _ => ids_in(v, &here, ids),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                ids_in(v, &format!("{at}/{i}"), ids);
            }
        }
        _ => {}
    }
}

/// The ids of every Open Referral file of a built site, by file.
fn oruk_ids(site: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let data = site.join("data/openreferral");
    files_under(&data)
        .into_iter()
        .map(|file| {
            let value: Value =
                serde_json::from_slice(&fs::read(data.join(&file)).unwrap()).unwrap();
            let mut ids = Vec::new();
            ids_in(&value, "", &mut ids);
            (file, ids)
        })
        .collect()
}

/// The example site's export imported into an empty folder and built again: every asset keeps
/// its id (so its page its address), and the second export has the same files with the same
/// ids. What legitimately differs is the site around the records: the import knows only what
/// Open Referral carries, so site.yaml holds just the title (not the theme or
/// `review_after_days`), needs lose their synonyms, places become `kind: area`, and the imported
/// records gain `openreferral_id`; none of these is in an id or a file name.
#[test]
fn export_import_export_keeps_every_id_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let first = dir.path().join("first");
    let built = run::build(&repo, &first, &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));

    let root = dir.path().join("empty");
    let output = import_openreferral(&first.join("data/openreferral"), &root, &[]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for expected in [
        "Created site.yaml with the title and address of the site the data was exported from",
        "supportmap check: no errors",
        "Imported 41 assets",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    let site_yaml = yaml(&root.join("content/site.yaml"));
    assert_eq!(site_yaml["title"], "Harbourside Support Map");

    let published = |site: &Path| -> Vec<(String, String)> {
        let data: Value =
            serde_json::from_slice(&fs::read(site.join("data/site.json")).unwrap()).unwrap();
        let mut assets: Vec<(String, String)> = data["assets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["id"].as_str().unwrap().into(),
                    a["path"].as_str().unwrap().into(),
                )
            })
            .collect();
        assets.sort();
        assets
    };
    let imported = asset_ids(&root.join("content"));
    let original: Vec<String> = published(&first).into_iter().map(|(id, _)| id).collect();
    assert_eq!(imported, original, "every asset keeps its id");

    let second = dir.path().join("second");
    let rebuilt = run::build(&root, &second, &[]);
    assert!(rebuilt.status.success(), "{}", text(&rebuilt.stderr));
    assert_eq!(
        published(&first),
        published(&second),
        "ids and page addresses"
    );
    let data = |site: &Path| files_under(&site.join("data/openreferral"));
    assert_eq!(data(&first).len(), 41 + 43 + 5 + 192 + 5);
    assert_eq!(data(&first), data(&second), "the same files");
    let (before, after) = (oruk_ids(&first), oruk_ids(&second));
    for (file, ids) in &before {
        assert_eq!(ids, &after[file], "the ids in {file}");
    }
}

/// An official example (`tests/fixtures/openreferral/official/`, see its README) imported into
/// an empty folder, checked and built. Gives the import's summary and messages, and the record.
fn import_official(example: &str) -> (String, String, serde_yaml::Value) {
    let dir = tempfile::tempdir().unwrap();
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openreferral/official")
        .join(example);
    let root = dir.path().join("site");
    let output = import_openreferral(&source, &root, &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("supportmap check: no errors"), "{stdout}");
    assert!(stdout.contains("Imported 1 asset, "), "{stdout}");
    let built = run::build(&root, &dir.path().join("out"), &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let record = yaml(&root.join("content/assets/community-counselling.yaml"));
    assert_eq!(record["name"], "Community Counselling");
    assert_eq!(
        record["openreferral_id"], "ac148810-d857-441c-9679-408f346de14b",
        "the source id is kept"
    );
    (stdout, stderr, record)
}

/// Asserts that each of `expected` is in `text`.
fn says(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in:\n{text}");
    }
}

/// What the full example services lose, each with a warning naming it.
const FULL_SERVICE_LOSSES: &[&str] = &[
    "location 1: latitude 100 is not between -90 and 90; both coordinates left out",
    "service area \"The service is available to all residents of the MyCity area.",
    "the towns of its addresses became its places instead",
];

#[test]
fn official_uk_profile_service_full() {
    let (stdout, stderr, record) = import_official("uk-profile/examples/service_full.json");
    says(&stdout, &["Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), contacts (named people) (1 service), fees (1 service), funding (1 service)\n"]);
    says(&stderr, FULL_SERVICE_LOSSES);
    assert_eq!(record["places"][0], "mycity");
    assert_eq!(record["opening_hours"][0]["opens"], "10:00");
    assert_eq!(record["eligibility"]["max_age"].as_u64(), Some(100));
}

#[test]
fn official_uk_profile_service_list() {
    let (stdout, stderr, record) = import_official("uk-profile/examples/service_list.json");
    says(&stdout, &[
        "Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), fees (1 service)\n",
        "1 service had no taxonomy terms: they were given the need \"other\"",
        "service_list.json is page 1 of 10: only its services were imported",
    ]);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(record["needs"][0], "other");
}

#[test]
fn official_uk_profile_csv_package() {
    let (stdout, stderr, record) = import_official("uk-profile/examples/csv");
    says(&stdout, &[
        "Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), contacts (named people) (1 service), fees (1 service), funding (1 service)\n",
        "Not imported, tables with no place in a Support Map: meta_table_descriptions, organization_identifiers, programs, required_documents\n",
        // Its one attribute links a term to an id that is no service's.
        "1 service had no taxonomy terms",
    ]);
    says(&stderr, FULL_SERVICE_LOSSES);
    says(
        &stderr,
        &["phone \"\"+44 1234 234567\"\" was in quote marks; imported as +44 1234 234567"],
    );
    assert_eq!(record["contact"]["phone"], "+44 1234 234567");
    assert_eq!(record["opening_hours"][0]["days"][0], "thu");
}

#[test]
fn official_hsds_service_full() {
    let (stdout, stderr, record) = import_official("hsds/examples/service_full.json");
    says(&stdout, &["Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), contacts (named people) (1 service), fees (1 service), funding (1 service), interpretation_services (1 service), licenses (1 service), metadata (1 service), program (1 service), required_documents (1 service), wait_time (1 service)\n"]);
    says(&stderr, FULL_SERVICE_LOSSES);
    says(
        &stderr,
        &["phone \"\"+44 1234 234567\"\" was in quote marks; imported as +44 1234 234567"],
    );
    assert_eq!(record["contact"]["phone"], "+44 1234 234567");
    assert!(record["referral"]
        .as_str()
        .unwrap()
        .starts_with("If you are an NHS patient"));
}

#[test]
fn official_hsds_service_list() {
    let (stdout, stderr, record) = import_official("hsds/examples/service_list.json");
    says(&stdout, &[
        "Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), fees (1 service), interpretation_services (1 service), licenses (1 service), program (1 service), wait_time (1 service)\n",
        "1 service had no taxonomy terms",
        "service_list.json is page 1 of 10: only its services were imported",
    ]);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(record["needs"][0], "other");
}

#[test]
fn official_hsds_csv_package() {
    let (stdout, stderr, record) = import_official("hsds/examples/csv");
    says(&stdout, &[
        "Not imported, no place in a Support Map record: accreditations (1 service), alert (1 service), assurer_email (1 service), contacts (named people) (1 service), fees (1 service), funding (1 service), interpretation_services (1 service), licenses (1 service), wait_time (1 service)\n",
        "Not imported, tables with no place in a Support Map: meta_table_description, metadata, organization_identifier, program, required_document\n",
        "1 service had no taxonomy terms",
    ]);
    says(&stderr, FULL_SERVICE_LOSSES);
    assert_eq!(record["contact"]["phone"], "+44 1234 234567");
}
