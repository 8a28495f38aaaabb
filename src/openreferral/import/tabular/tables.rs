//! The tables of an HSDS CSV data package as rows: which tables the import reads and the
//! names packages give them, each CSV file read into rows with their line numbers (for
//! messages), and HSDS 1's days made HSDS 3's.

use crate::diagnostics::{Diagnostics, Pos};
use crate::openreferral::import::read::check_input_size;
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

pub(super) fn table_kind(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase().replace('-', "_");
    TABLES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(kind, _)| *kind)
}

#[derive(Clone)]
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) fields: Map<String, Value>,
}

impl Row {
    pub(super) fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// Rows of every table, and indexes by the id columns that join them.
#[derive(Default)]
pub(super) struct Tables {
    pub(super) rows: HashMap<&'static str, Vec<Row>>,
    pub(super) files: HashMap<&'static str, PathBuf>,
}

impl Tables {
    pub(super) fn all(&self, kind: &str) -> &[Row] {
        self.rows.get(kind).map(Vec::as_slice).unwrap_or_default()
    }

    pub(super) fn by(&self, kind: &str, column: &str, id: &str) -> Vec<Value> {
        self.all(kind)
            .iter()
            .filter(|r| r.get(column) == Some(id))
            .map(|r| Value::Object(r.fields.clone()))
            .collect()
    }

    pub(super) fn one(&self, kind: &str, id: &str) -> Option<Map<String, Value>> {
        self.all(kind)
            .iter()
            .find(|r| r.get("id") == Some(id))
            .map(|r| r.fields.clone())
    }
}

/// HSDS 1 gives a schedule's day as `weekday` ("Monday", or 1 for Monday); HSDS 3 as `byday`.
pub(super) fn byday_from_weekday(row: &mut Row) {
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

pub(super) fn read_csv(path: &Path, diags: &mut Diagnostics) -> Result<Vec<Row>, Failure> {
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
