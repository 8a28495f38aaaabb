//! HSDS CSV data packages: `datapackage.json` naming the tables (`services.csv`,
//! `organizations.csv`, `locations.csv`, `service_at_locations.csv`, `addresses.csv`,
//! `phones.csv`, `schedules.csv`, `languages.csv`, `taxonomy_terms.csv`, `attributes.csv`...).
//!
//! The tables are joined by their ids into one nested service per row of the services table,
//! shaped like the JSON of `GET /services/{id}`, so the import reads both kinds of input the same
//! way. Messages point at the service's line in the services table.//!
//! This module finds the package's tables (`datapackage.json`, else the CSV files by name) and
//! says which version of HSDS it is; `tables` reads the rows of each table, `nest` joins them
//! into services.

mod nest;
mod tables;

use super::read::{check_input_size, Input, RawService};
use crate::diagnostics::{Diagnostics, Pos};
use crate::pipeline::Failure;
use nest::{nest_service, with_taxonomy};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tables::{byday_from_weekday, read_csv, table_kind, Tables};

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
