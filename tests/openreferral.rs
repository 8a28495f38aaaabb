//! Open data end to end: the `/data/` files every build writes (Open Referral UK JSON validated
//! against the official schemas vendored in `tests/openreferral-schema/`, assets.csv, site.json),
//! and `supportmap import openreferral` (JSON, CSV data packages, bad input, the round trip).

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/run.rs"]
mod run;
use fixtures::{copy_dir, files_under};
use run::{review, supportmap, TODAY};
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

/// The vendored official schemas: `uk-profile` (ORUK 3.0) or `hsds` (HSDS 3.0 core).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Standard {
    UkProfile,
    Hsds,
}

const STANDARDS: [Standard; 2] = [Standard::UkProfile, Standard::Hsds];

fn schema_file(standard: Standard, path: &str) -> Value {
    let folder = match standard {
        Standard::UkProfile => "uk-profile",
        Standard::Hsds => "hsds",
    };
    read_json(
        &repo()
            .join("tests/openreferral-schema")
            .join(folder)
            .join("schema")
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

/// One object of HSDS 3.0 core, from its compiled service schema, which defines every object
/// it nests under `definitions` (the 2.3 MB `compiled/service.json` is the same schema with
/// each definition written out in place).
fn hsds_definition(name: &str) -> Value {
    let service = schema_file(Standard::Hsds, "compiled/service_with_definitions.json");
    json!({"$ref": format!("#/definitions/{name}"), "definitions": service["definitions"]})
}

/// The schema an openapi.json `$ref` (an address in the standard's repository) stands for, read
/// from the vendored files.
fn schema_at(standard: Standard, address: &str) -> Value {
    let (_, path) = address
        .split_once("/schema/")
        .unwrap_or_else(|| panic!("{address} is not a schema of the repository"));
    match (standard, path) {
        (Standard::UkProfile, "taxonomy.json") => {
            let mut taxonomy = schema_file(standard, path);
            let refs = BTreeMap::from([(
                "taxonomy_term.json",
                schema_file(standard, "taxonomy_term.json"),
            )]);
            inline_refs(&mut taxonomy, &refs);
            taxonomy
        }
        (Standard::UkProfile, _) => schema_file(standard, path),
        (Standard::Hsds, "compiled/service.json") => {
            schema_file(standard, "compiled/service_with_definitions.json")
        }
        (Standard::Hsds, "taxonomy.json" | "taxonomy_term.json") => {
            hsds_definition(path.trim_end_matches(".json"))
        }
        (Standard::Hsds, _) => schema_file(standard, path),
    }
}

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles")
}

/// What the openapi.json of a standard says `GET path` answers.
enum Response {
    One(jsonschema::Validator),
    /// A `Page` whose `contents` are items of the second schema.
    Page(jsonschema::Validator, jsonschema::Validator),
}

fn response(standard: Standard, path: &str) -> Response {
    let openapi = schema_file(standard, "openapi.json");
    let schema =
        &openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{standard:?} openapi.json has no GET {path}"
    );
    let items = &schema["properties"]["contents"]["items"]["$ref"];
    match (schema["$ref"].as_str(), items.as_str()) {
        (Some(one), _) => Response::One(compile(&schema_at(standard, one))),
        (None, Some(item)) => {
            assert_eq!(schema["allOf"][0]["$ref"], "#/components/schemas/Page");
            Response::Page(
                compile(&openapi["components"]["schemas"]["Page"]),
                compile(&schema_at(standard, item)),
            )
        }
        (None, None) => Response::One(compile(schema)),
    }
}

/// `GET /services/{id}`: the compiled service schema.
fn service_validator(standard: Standard) -> jsonschema::Validator {
    match response(standard, "/services/{id}") {
        Response::One(v) => v,
        Response::Page(..) => panic!("GET /services/{{id}} answers one service"),
    }
}

/// A phone of a contact. The UK profile's changelog adds `phones` to contacts and its phone has
/// a `contact_id`, but its compiled contact leaves `phones` out, so the compiled service does
/// not check them: they are checked here against the phone schema itself.
fn phone_validator(standard: Standard) -> jsonschema::Validator {
    match standard {
        Standard::UkProfile => {
            let mut phone = schema_file(standard, "phone.json");
            let refs = BTreeMap::from([("language.json", schema_file(standard, "language.json"))]);
            inline_refs(&mut phone, &refs);
            compile(&phone)
        }
        Standard::Hsds => compile(&hsds_definition("phone")),
    }
}

/// A service at location with its whole service. Both openapi.json files name
/// `compiled/service.json` as the answer of `GET /service_at_locations/{id}`, but the UK
/// profile's example `service_at_location_full.json` is a service at location holding its
/// location and service, as its `compiled/service_at_location.json` describes: the files follow
/// the example. HSDS 3.0 core's service at location is checked with its service.
fn service_at_location_errors(standard: Standard, instance: &Value) -> Vec<String> {
    match standard {
        Standard::UkProfile => errors(
            &compile(&schema_file(standard, "compiled/service_at_location.json")),
            instance,
        ),
        Standard::Hsds => {
            let mut found = errors(&compile(&hsds_definition("service_at_location")), instance);
            found.extend(errors(&service_validator(standard), &instance["service"]));
            found
        }
    }
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

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every error of every file of the static API against one standard's schemas, each naming its
/// file, and how many documents were checked.
fn export_errors(data: &Path, standard: Standard) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    let mut checked = 0;
    let mut check = |name: String, errs: Vec<String>| {
        checked += 1;
        found.extend(
            errs.into_iter()
                .map(|e| format!("{standard:?} {name}: {e}")),
        );
    };
    let phone = phone_validator(standard);
    for (path, file) in [
        ("/", "index"),
        ("/services", "services"),
        ("/taxonomies", "taxonomies"),
        ("/taxonomy_terms", "taxonomy_terms"),
        ("/service_at_locations", "service_at_locations"),
    ] {
        let list = read_json(&data.join(format!("{file}.json")));
        match response(standard, path) {
            Response::One(schema) => check(format!("{file}.json"), errors(&schema, &list)),
            Response::Page(page, item) => {
                check(format!("{file}.json"), errors(&page, &list));
                let contents = list["contents"].as_array().expect("a page has contents");
                if list["total_items"] != json!(contents.len()) {
                    check(
                        format!("{file}.json"),
                        vec![format!("total_items is not {}", contents.len())],
                    );
                }
                for (i, entry) in contents.iter().enumerate() {
                    check(format!("{file}.json contents/{i}"), errors(&item, entry));
                }
                // `GET {path}/{id}` of every item: one file each, and no other.
                let ids: Vec<PathBuf> = contents
                    .iter()
                    .map(|c| {
                        data.join(file)
                            .join(format!("{}.json", c["id"].as_str().unwrap()))
                    })
                    .collect();
                let mut sorted = ids.clone();
                sorted.sort();
                assert_eq!(json_files(&data.join(file)), sorted, "{file}/<id>.json");
                for one in ids {
                    let name = format!("{file}/{}", one.file_name().unwrap().to_string_lossy());
                    let instance = read_json(&one);
                    let errs = match (file, response(standard, &format!("{path}/{{id}}"))) {
                        ("service_at_locations", _) => {
                            service_at_location_errors(standard, &instance)
                        }
                        (_, Response::One(schema)) => errors(&schema, &instance),
                        (_, Response::Page(..)) => panic!("GET {path}/{{id}} answers a page"),
                    };
                    check(name.clone(), errs);
                    for contact in instance["contacts"].as_array().into_iter().flatten() {
                        for p in contact["phones"].as_array().into_iter().flatten() {
                            check(format!("{name} contact phone"), errors(&phone, p));
                        }
                    }
                }
            }
        }
    }
    (found, checked)
}

#[test]
fn export_follows_the_open_referral_uk_schemas() {
    let (_dir, site) = built_example();
    let data = site.join("data/openreferral");
    for standard in STANDARDS {
        let (found, checked) = export_errors(&data, standard);
        assert_eq!(found, Vec::<String>::new(), "{standard:?}");
        assert_eq!(
            checked,
            1 + (1 + 41 + 41) + (1 + 5 + 5) + (1 + 192 + 192) + (1 + 43 + 43) + 39,
            "{standard:?}: the API root, each list, item and record, and each contact phone"
        );
    }

    let page = read_json(&data.join("services.json"));
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

    for item in contents {
        let id = item["id"].as_str().unwrap();
        let service = read_json(&data.join("services").join(format!("{id}.json")));
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

fn find(list: &Value, what: impl Fn(&Value) -> bool) -> &Value {
    list["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| what(v))
        .expect("listed")
}

#[test]
fn export_gives_a_reader_descriptions_phones_and_every_endpoint() {
    let (_dir, site) = built_example();
    let data = site.join("data/openreferral");
    assert_eq!(
        read_json(&data.join("index.json")),
        json!({
            "version": "3.0",
            "profile": "https://github.com/OpenReferralUK/uk-profile",
            "openapi_url": "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json",
            "supportmap_site": { "title": "Harbourside Support Map" }
        })
    );

    let terms = read_json(&data.join("taxonomy_terms.json"));
    for t in terms["contents"].as_array().unwrap() {
        assert!(!t["description"].as_str().unwrap().trim().is_empty(), "{t}");
    }
    let description = |taxonomy: &str, code: &str| {
        find(&terms, |t| t["taxonomy"] == taxonomy && t["code"] == code)["description"].clone()
    };
    assert_eq!(
        description("Support Map needs", "money"),
        "Help with debts, bills, benefits and making money go further."
    );
    assert_eq!(
        description("Support Map access", "drop_in"),
        "Turn up during opening hours, with no appointment or referral."
    );
    assert_eq!(
        description("Support Map health creation", "contact"),
        "Helps people have contact with other people and their community."
    );
    assert_eq!(
        description("Support Map tags", "baby-bank"),
        "Services on Harbourside Support Map tagged “baby bank”."
    );

    let services = read_json(&data.join("services.json"));
    let lunch = find(&services, |s| s["name"] == "St Mary's Thursday Lunch Club");
    let id = lunch["id"].as_str().unwrap();
    let full = read_json(&data.join("services").join(format!("{id}.json")));
    let contact = &full["contacts"][0];
    assert_eq!(contact["phones"][0]["number"], "01632 960109");
    assert_eq!(contact["phones"][0]["contact_id"], contact["id"]);
    assert_eq!(
        contact["email"],
        "lunchclub@stmarys-harbourside.example.org"
    );
    assert_eq!(
        lunch["organization"]["description"],
        "Runs St Mary's Thursday Lunch Club, listed on Harbourside Support Map."
    );
    let trust: Vec<&Value> = services["contents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["organization"]["name"] == "Safe Harbour (domestic abuse charity)")
        .collect();
    assert_eq!(trust.len(), 2);
    let said = trust[0]["organization"]["description"].as_str().unwrap();
    assert_eq!(trust[1]["organization"]["description"], said);
    assert!(said.starts_with("Runs 2 services listed on Harbourside Support Map: "));
    for service in &trust {
        assert!(said.contains(service["name"].as_str().unwrap()), "{said}");
    }

    let located = read_json(&data.join("service_at_locations.json"));
    let hall = find(&located, |l| l["service_id"] == id);
    assert_eq!(hall["location"]["name"], "St Mary's Church Hall");
    assert_eq!(hall["service"]["name"], "St Mary's Thursday Lunch Club");
    let one = read_json(
        &data
            .join("service_at_locations")
            .join(format!("{}.json", hall["id"].as_str().unwrap())),
    );
    assert_eq!(one["location"], full["service_at_locations"][0]["location"]);
    assert_eq!(one["location"]["addresses"][0]["postal_code"], "HB1 2DL");
    assert_eq!(one["service"]["contacts"], full["contacts"]);
    assert_eq!(one["service"]["schedules"], full["schedules"]);
    assert!(one["service"].get("service_at_locations").is_none());
    let locations: usize = json_files(&data.join("services"))
        .iter()
        .map(|f| {
            read_json(f)["service_at_locations"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(located["total_items"], json!(locations));

    let taxonomies = read_json(&data.join("taxonomies.json"));
    let mut all_terms = 0;
    for taxonomy in taxonomies["contents"].as_array().unwrap() {
        let file = format!("{}.json", taxonomy["id"].as_str().unwrap());
        let one = read_json(&data.join("taxonomies").join(file));
        assert_eq!(one["name"], taxonomy["name"]);
        for t in one["taxonomy_terms"].as_array().unwrap() {
            assert_eq!(t["taxonomy_id"], taxonomy["id"]);
            all_terms += 1;
        }
    }
    assert_eq!(terms["total_items"], json!(all_terms));
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
    service["attributes"][0]["taxonomy_term"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    service["service_at_locations"][0]["location"]
        .as_object_mut()
        .unwrap()
        .remove("location_type");
    for standard in STANDARDS {
        let found = errors(&service_validator(standard), &service).join("\n");
        for expected in ["uuid", "open", "name", "description", "location_type"] {
            assert!(
                found.contains(expected),
                "{standard:?}: no error about {expected}: {found}"
            );
        }
    }
    let mut page = page;
    page["contents"][0]
        .as_object_mut()
        .unwrap()
        .remove("status");
    page["total_items"] = json!("41");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("openreferral");
    copy_dir(&data, &broken);
    fs::write(broken.join("services.json"), page.to_string()).unwrap();
    for standard in STANDARDS {
        let found = export_errors(&broken, standard).0.join("\n");
        assert!(
            found.contains("services.json: \"41\" is not of type \"integer\"")
                && found.contains("services.json contents/0: \"status\" is a required property"),
            "{standard:?}: {found}"
        );
    }
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
        41 + 43 + 5 + 192 + 5 + 2,
        "services, services at locations, taxonomies, terms, the five lists and the API root, \
         site.json, assets.csv"
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

/// A record whose text a spreadsheet would run as a formula: `data/assets.csv` and
/// `review --format csv` both show it as text.
#[test]
fn no_csv_cell_runs_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(&fixture("valid"), &root);
    fs::write(
        root.join("content/assets/formula.yaml"),
        "name: '=HYPERLINK(\"https://evil.example\",\"Click\")'\nsummary: '+1 more thing'\n\
         needs: [food]\norganisation: '@Trust'\nlast_reviewed: 2020-01-01\n",
    )
    .unwrap();
    let listed = review(&root, &["--format", "csv"]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let printed = text(&listed.stdout);
    let row = printed
        .lines()
        .find(|l| l.contains(",formula,"))
        .unwrap_or_else(|| panic!("formula listed:\n{printed}"));
    assert!(
        row.contains(
            ",formula,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",'@Trust,"
        ),
        "{row}"
    );
    assert!(
        row.starts_with("2155 days overdue,2020-12-31,2020-01-01,"),
        "{row}"
    );

    let site = dir.path().join("site");
    build(&root, &site, &[]);
    let bytes = fs::read(site.join("data/assets.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "formula")
        .expect("formula row");
    assert_eq!(
        (&row[1], &row[2], &row[3]),
        (
            "'=HYPERLINK(\"https://evil.example\",\"Click\")",
            "'+1 more thing",
            "'@Trust"
        )
    );
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
openreferral_id: a1b2c3d4-0001-4000-8000-000000000001
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
