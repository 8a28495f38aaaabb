//! HSDS CSV data packages: `datapackage.json` naming the tables (`services.csv`,
//! `organizations.csv`, `locations.csv`, `service_at_locations.csv`, `addresses.csv`,
//! `phones.csv`, `schedules.csv`, `languages.csv`, `taxonomy_terms.csv`, `attributes.csv`...).
//!
//! The tables are joined by their ids into one nested service per row of the services table,
//! shaped like the JSON of `GET /services/{id}`, so the import reads both kinds of input the same
//! way. Messages point at the service's line in the services table.

use super::read::{check_input_size, Input, RawService};
use crate::diagnostics::{Diagnostics, Pos};
use crate::openreferral::{day_code, day_from_code, DAY_CODES};
use crate::pipeline::Failure;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The tables the import reads, and the names data packages give them.
const TABLES: &[(&str, &[&str])] = &[
    ("service", &["service", "services"]),
    (
        "organization",
        &[
            "organization",
            "organizations",
            "organisation",
            "organisations",
        ],
    ),
    ("location", &["location", "locations"]),
    (
        "service_at_location",
        &[
            "service_at_location",
            "service_at_locations",
            "services_at_location",
            "services_at_locations",
        ],
    ),
    (
        "address",
        &[
            "address",
            "addresses",
            "physical_address",
            "physical_addresses",
        ],
    ),
    ("phone", &["phone", "phones"]),
    (
        "schedule",
        &[
            "schedule",
            "schedules",
            "regular_schedule",
            "regular_schedules",
        ],
    ),
    ("language", &["language", "languages"]),
    ("taxonomy_term", &["taxonomy_term", "taxonomy_terms"]),
    ("taxonomy", &["taxonomy", "taxonomies"]),
    (
        "attribute",
        &[
            "attribute",
            "attributes",
            "service_attribute",
            "service_attributes",
        ],
    ),
    ("service_area", &["service_area", "service_areas"]),
    ("cost_option", &["cost_option", "cost_options"]),
    (
        "accessibility",
        &[
            "accessibility",
            "accessibilities",
            "accessibility_for_disabilities",
        ],
    ),
    ("contact", &["contact", "contacts"]),
    (
        "service_taxonomy",
        &[
            "service_taxonomy",
            "service_taxonomies",
            "services_taxonomy",
        ],
    ),
    ("funding", &["funding", "fundings"]),
];

fn table_kind(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase().replace('-', "_");
    TABLES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(kind, _)| *kind)
}

#[derive(Clone)]
struct Row {
    line: u64,
    fields: Map<String, Value>,
}

impl Row {
    fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// Rows of every table, and indexes by the id columns that join them.
#[derive(Default)]
struct Tables {
    rows: HashMap<&'static str, Vec<Row>>,
    files: HashMap<&'static str, PathBuf>,
}

impl Tables {
    fn all(&self, kind: &str) -> &[Row] {
        self.rows.get(kind).map(Vec::as_slice).unwrap_or_default()
    }

    fn by(&self, kind: &str, column: &str, id: &str) -> Vec<Value> {
        self.all(kind)
            .iter()
            .filter(|r| r.get(column) == Some(id))
            .map(|r| Value::Object(r.fields.clone()))
            .collect()
    }

    fn one(&self, kind: &str, id: &str) -> Option<Map<String, Value>> {
        self.all(kind)
            .iter()
            .find(|r| r.get("id") == Some(id))
            .map(|r| r.fields.clone())
    }
}

/// A table of the package: its kind (when the import reads it), its name and its file.
struct Listed {
    kind: Option<&'static str>,
    name: String,
    path: PathBuf,
}

pub(crate) fn read(dir: &Path, diags: &mut Diagnostics) -> Result<Input, Failure> {
    let package = dir.join("datapackage.json");
    let listed = if package.is_file() {
        listed_in_package(&package, dir, diags)?
    } else {
        csv_files(dir)?
    };
    let tables = read_tables(&listed, diags)?;
    let Some(services_file) = tables.files.get("service").cloned() else {
        return Err(Failure::Io(format!("no services table in {}: an HSDS data package has services.csv, listed in datapackage.json", dir.display())));
    };
    let mut input = Input::default();
    for row in tables.all("service") {
        let service = nest_service(&tables, row);
        input.services.push(RawService {
            file: services_file.clone(),
            label: format!("line {}", row.line),
            pos: Pos::new(row.line as usize, 1),
            value: Value::Object(service),
        });
    }
    input.terms = tables
        .all("taxonomy_term")
        .iter()
        .map(|r| Value::Object(with_taxonomy(&tables, r.fields.clone())))
        .collect();
    input.notes = version_notes(dir, &listed);
    Ok(input)
}

/// The tables `datapackage.json` lists.
fn listed_in_package(
    package: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Result<Vec<Listed>, Failure> {
    check_input_size(package)?;
    let text = std::fs::read_to_string(package)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", package.display())))?;
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            diags.error(
                package,
                Pos::new(e.line().max(1), e.column().max(1)),
                format!(
                    "invalid JSON: {}",
                    e.to_string().split(" at line ").next().unwrap_or_default()
                ),
            );
            return Err(Failure::Content);
        }
    };
    let Some(resources) = value.get("resources").and_then(Value::as_array) else {
        diags.error(package, Pos::START, "a data package lists its tables in \"resources\"").help("each resource has a \"name\" (such as services) and a \"path\" (such as services.csv)");
        return Err(Failure::Content);
    };
    let mut listed = Vec::new();
    for resource in resources {
        let field = |key: &str| {
            resource
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        let (name, path) = (field("name"), field("path"));
        let stem = stem(Path::new(path));
        let kind = table_kind(name).or_else(|| table_kind(&stem));
        if kind.is_some()
            && (path.contains("..")
                || Path::new(path).is_absolute()
                || !path.to_ascii_lowercase().ends_with(".csv"))
        {
            diags.warning(package, Pos::START, format!("resource \"{name}\": path \"{path}\" is not a CSV file in the package folder; not read"));
            continue;
        }
        let name = if name.is_empty() {
            stem
        } else {
            name.to_string()
        };
        listed.push(Listed {
            kind,
            name,
            path: dir.join(path),
        });
    }
    Ok(listed)
}

/// The CSV files of a folder without `datapackage.json`, by name.
fn csv_files(dir: &Path) -> Result<Vec<Listed>, Failure> {
    let mut listed: Vec<Listed> = std::fs::read_dir(dir)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", dir.display())))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .map(|path| Listed {
            kind: table_kind(&stem(&path)),
            name: stem(&path),
            path,
        })
        .collect();
    listed.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    Ok(listed)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Reads every table the import knows (the first of each kind).
fn read_tables(listed: &[Listed], diags: &mut Diagnostics) -> Result<Tables, Failure> {
    let mut tables = Tables::default();
    for table in listed {
        let Some(kind) = table.kind else { continue };
        if tables.rows.contains_key(kind) {
            continue;
        }
        if !table.path.is_file() {
            diags.warning(
                &table.path,
                Pos::START,
                "listed in datapackage.json but missing; not read",
            );
            continue;
        }
        let mut rows = read_csv(&table.path, diags)?;
        if kind == "schedule" {
            rows.iter_mut().for_each(byday_from_weekday);
        }
        tables.rows.insert(kind, rows);
        tables.files.insert(kind, table.path.clone());
    }
    Ok(tables)
}

/// Tables by the names only HSDS 1 gives them, which tell a data package of that version.
const HSDS1_TABLES: &[&str] = &[
    "accessibility_for_disabilities",
    "holiday_schedules",
    "physical_addresses",
    "postal_addresses",
    "regular_schedules",
    "service_taxonomy",
];

/// Says which version of HSDS the package is, when it is HSDS 1, and which tables were not read.
fn version_notes(dir: &Path, listed: &[Listed]) -> Vec<String> {
    let mut notes = Vec::new();
    let name = |t: &Listed| t.name.trim().to_ascii_lowercase().replace('-', "_");
    let mut old: Vec<String> = listed
        .iter()
        .map(name)
        .filter(|n| HSDS1_TABLES.contains(&n.as_str()))
        .collect();
    old.sort();
    old.dedup();
    if !old.is_empty() {
        notes.push(format!(
            "{} is an HSDS 1.x data package (it has {}): read as HSDS 1 (service_taxonomy for the services' categories, weekday for the days of regular_schedules)",
            dir.display(),
            old.join(", ")
        ));
    }
    let mut unread: Vec<String> = listed
        .iter()
        .filter(|t| t.kind.is_none())
        .map(name)
        .collect();
    unread.sort();
    unread.dedup();
    if !unread.is_empty() {
        notes.push(format!(
            "Not imported, tables with no place in a Support Map: {}",
            unread.join(", ")
        ));
    }
    notes
}

/// HSDS 1 gives a schedule's day as `weekday` ("Monday", or 1 for Monday); HSDS 3 as `byday`.
fn byday_from_weekday(row: &mut Row) {
    if row.fields.contains_key("byday") {
        return;
    }
    let Some(weekday) = row.get("weekday").map(str::trim) else {
        return;
    };
    let day = match weekday.parse::<usize>() {
        Ok(n @ 1..=7) => Some(DAY_CODES[n - 1].1),
        _ => weekday.get(..2).and_then(day_from_code).map(day_code),
    };
    if let Some(code) = day {
        row.fields
            .insert("byday".into(), Value::String(code.into()));
    }
}

fn read_csv(path: &Path, diags: &mut Diagnostics) -> Result<Vec<Row>, Failure> {
    check_input_size(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => {
            diags.error(
                path,
                Pos::START,
                format!("cannot read the header line: {e}"),
            );
            return Err(Failure::Content);
        }
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let fields = headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(h, v)| !h.is_empty() && !v.trim().is_empty())
                    .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
                    .collect();
                rows.push(Row { line, fields });
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                diags.error(path, Pos::new(line, 1), format!("not a valid CSV row: {e}")).help("every row needs as many cells as the header line; quote cells holding commas");
                return Err(Failure::Content);
            }
        }
    }
    Ok(rows)
}

fn list(values: Vec<Value>) -> Value {
    Value::Array(values)
}

/// A taxonomy term with the taxonomy it belongs to, as `taxonomy_detail`.
fn with_taxonomy(tables: &Tables, mut term: Map<String, Value>) -> Map<String, Value> {
    if let Some(taxonomy) = term
        .get("taxonomy_id")
        .and_then(Value::as_str)
        .and_then(|id| tables.one("taxonomy", id))
    {
        term.insert("taxonomy_detail".into(), Value::Object(taxonomy));
    }
    term
}

fn nest_service(tables: &Tables, row: &Row) -> Map<String, Value> {
    let mut service = row.fields.clone();
    let Some(id) = row.get("id").map(str::to_string) else {
        return service;
    };
    if let Some(org) = row
        .get("organization_id")
        .and_then(|o| tables.one("organization", o))
    {
        service.insert("organization".into(), Value::Object(org));
    }
    service.insert("phones".into(), list(tables.by("phone", "service_id", &id)));
    service.insert(
        "schedules".into(),
        list(tables.by("schedule", "service_id", &id)),
    );
    service.insert(
        "service_areas".into(),
        list(tables.by("service_area", "service_id", &id)),
    );
    service.insert(
        "languages".into(),
        list(tables.by("language", "service_id", &id)),
    );
    service.insert(
        "cost_options".into(),
        list(tables.by("cost_option", "service_id", &id)),
    );
    service.insert(
        "funding".into(),
        list(tables.by("funding", "service_id", &id)),
    );
    let contacts = tables
        .by("contact", "service_id", &id)
        .into_iter()
        .map(|mut c| {
            if let Some(cid) = c.get("id").and_then(Value::as_str).map(str::to_string) {
                c["phones"] = list(tables.by("phone", "contact_id", &cid));
            }
            c
        })
        .collect();
    service.insert("contacts".into(), list(contacts));
    let sals = tables
        .by("service_at_location", "service_id", &id)
        .into_iter()
        .map(|mut sal| {
            let sal_id = sal
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(lid) = sal
                .get("location_id")
                .and_then(Value::as_str)
                .map(str::to_string)
            {
                if let Some(mut location) = tables.one("location", &lid) {
                    location.insert(
                        "addresses".into(),
                        list(tables.by("address", "location_id", &lid)),
                    );
                    location.insert(
                        "accessibility".into(),
                        list(tables.by("accessibility", "location_id", &lid)),
                    );
                    location.insert(
                        "phones".into(),
                        list(tables.by("phone", "location_id", &lid)),
                    );
                    location.insert(
                        "schedules".into(),
                        list(tables.by("schedule", "location_id", &lid)),
                    );
                    sal["location"] = Value::Object(location);
                }
            }
            if !sal_id.is_empty() {
                sal["schedules"] = list(tables.by("schedule", "service_at_location_id", &sal_id));
            }
            sal
        })
        .collect();
    service.insert("service_at_locations".into(), list(sals));
    let attributes = tables
        .all("attribute")
        .iter()
        .filter(|a| {
            a.get("link_id") == Some(id.as_str())
                && a.get("link_entity")
                    .is_none_or(|e| e.eq_ignore_ascii_case("service"))
        })
        .map(|a| {
            let mut attribute = a.fields.clone();
            if let Some(term) = a
                .get("taxonomy_term_id")
                .and_then(|t| tables.one("taxonomy_term", t))
            {
                attribute.insert(
                    "taxonomy_term".into(),
                    Value::Object(with_taxonomy(tables, term)),
                );
            }
            Value::Object(attribute)
        })
        .collect();
    let mut attributes: Vec<Value> = attributes;
    attributes.extend(hsds1_categories(tables, &id));
    service.insert("attributes".into(), list(attributes));
    service
}

/// HSDS 1 links a service to its categories in `service_taxonomy`, and keeps the terms in a
/// table named `taxonomy` with their `vocabulary`: as HSDS 3 attributes.
fn hsds1_categories(tables: &Tables, id: &str) -> Vec<Value> {
    tables
        .all("service_taxonomy")
        .iter()
        .filter(|link| link.get("service_id") == Some(id))
        .filter_map(|link| {
            let term_id = link.get("taxonomy_id")?;
            let mut term = tables
                .one("taxonomy_term", term_id)
                .or_else(|| tables.one("taxonomy", term_id))?;
            if let Some(vocabulary) = term.get("vocabulary").cloned() {
                term.entry("taxonomy").or_insert(vocabulary);
            }
            Some(serde_json::json!({ "taxonomy_term": term }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_table_names() {
        assert_eq!(table_kind("services"), Some("service"));
        assert_eq!(
            table_kind("Service_At_Locations"),
            Some("service_at_location")
        );
        assert_eq!(table_kind("organisations"), Some("organization"));
        assert_eq!(table_kind("programs"), None);
    }

    #[test]
    fn hsds1_weekdays_become_byday() {
        let day = |weekday: &str| {
            let mut row = Row {
                line: 2,
                fields: serde_json::json!({ "weekday": weekday })
                    .as_object()
                    .unwrap()
                    .clone(),
            };
            byday_from_weekday(&mut row);
            row.get("byday").map(str::to_string)
        };
        assert_eq!(day("Thursday").as_deref(), Some("TH"));
        assert_eq!(day("1").as_deref(), Some("MO"));
        assert_eq!(day("7").as_deref(), Some("SU"));
        assert_eq!(day("someday"), None);
    }
}
