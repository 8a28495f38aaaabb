//! Joins the rows of a data package's tables by their ids into one nested service per row of
//! the services table, shaped like the JSON of `GET /services/{id}`, so the import reads a data
//! package as it reads the API's JSON.

use super::tables::{Row, Tables};
use serde_json::{Map, Value};

fn list(values: Vec<Value>) -> Value {
    Value::Array(values)
}

/// A taxonomy term with the taxonomy it belongs to, as `taxonomy_detail`.
pub(super) fn with_taxonomy(tables: &Tables, mut term: Map<String, Value>) -> Map<String, Value> {
    if let Some(taxonomy) = term
        .get("taxonomy_id")
        .and_then(Value::as_str)
        .and_then(|id| tables.one("taxonomy", id))
    {
        term.insert("taxonomy_detail".into(), Value::Object(taxonomy));
    }
    term
}

/// Puts under each field the rows of its table whose `column` holds `id`, as a list.
fn nest_rows(
    tables: &Tables,
    into: &mut Map<String, Value>,
    column: &str,
    id: &str,
    lists: &[(&str, &str)],
) {
    for (field, table) in lists {
        into.insert((*field).into(), list(tables.by(table, column, id)));
    }
}

pub(super) fn nest_service(tables: &Tables, row: &Row) -> Map<String, Value> {
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
    let lists = [
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
        ("funding", "funding"),
    ];
    nest_rows(tables, &mut service, "service_id", &id, &lists);
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
                    let lists = [
                        ("addresses", "address"),
                        ("accessibility", "accessibility"),
                        ("phones", "phone"),
                        ("schedules", "schedule"),
                    ];
                    nest_rows(tables, &mut location, "location_id", &lid, &lists);
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
