//! Where a service is delivered: each of a record's locations as an HSDS location with its
//! address and accessibility, and the `service_at_locations` endpoints that pair it with the
//! service.

use super::services::{FullService, Related, ServiceFields};
use super::{put_json, raw};
use crate::output::{OutputError, Sink};
use crate::records;
use serde::Serialize;
use serde_json::value::RawValue;

#[derive(Debug, Serialize)]
pub(super) struct ServiceAtLocation {
    id: String,
    service_id: String,
    location_id: String,
    location: Location,
}

/// `GET /service_at_locations/{id}`: the location and the whole service, as the profile's
/// example `service_at_location_full.json` has them.
#[derive(Debug, Serialize)]
struct FullServiceAtLocation<'a> {
    id: &'a str,
    service_id: &'a str,
    location_id: &'a str,
    location: &'a Location,
    service: NestedService<'a>,
}

/// A `GET /service_at_locations` item: one-to-one fields only.
#[derive(Debug, Serialize)]
struct ServiceAtLocationItem<'a> {
    id: &'a str,
    service_id: &'a str,
    location_id: &'a str,
    location: &'a LocationFields,
    service: &'a ServiceFields,
}

#[derive(Debug, Serialize)]
pub(super) struct Location {
    #[serde(flatten)]
    fields: LocationFields,
    addresses: Vec<Address>,
    accessibility: Vec<Accessibility>,
}

#[derive(Debug, Serialize)]
pub(super) struct LocationFields {
    id: String,
    location_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
}

#[derive(Debug, Serialize)]
pub(super) struct Address {
    id: String,
    location_id: String,
    address_1: String,
    city: String,
    /// Required by HSDS; a Support Map does not hold a county.
    state_province: String,
    postal_code: String,
    country: &'static str,
    address_type: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct Accessibility {
    id: String,
    location_id: String,
    description: String,
}

/// A service as nested in a service at location.
#[derive(Debug, Serialize)]
struct NestedService<'a> {
    #[serde(flatten)]
    fields: &'a ServiceFields,
    #[serde(flatten)]
    related: &'a Related,
}

/// "6 Quay Street, Old Harbour, Harbourside" -> ("6 Quay Street, Old Harbour", "Harbourside").
fn split_address(address: &str) -> (String, String) {
    match address.trim().rsplit_once(',') {
        Some((line, city)) if !line.trim().is_empty() && !city.trim().is_empty() => {
            (line.trim().to_string(), city.trim().to_string())
        }
        _ => (address.trim().to_string(), String::new()),
    }
}

/// The service's locations, in the record's order. `id_of(kind, index)` gives each part's id.
pub(super) fn service_at_locations(
    id_of: &dyn Fn(&str, &str) -> String,
    service_id: &str,
    locations: &[records::Location],
) -> Vec<ServiceAtLocation> {
    locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let location_id = id_of("location", &i.to_string());
            let (address_1, city) = split_address(l.address.as_deref().unwrap_or_default());
            ServiceAtLocation {
                id: id_of("service_at_location", &i.to_string()),
                service_id: service_id.to_string(),
                location_id: location_id.clone(),
                location: Location {
                    fields: LocationFields {
                        id: location_id.clone(),
                        location_type: "physical",
                        name: l.name.clone(),
                        latitude: l.lat,
                        longitude: l.lon,
                    },
                    addresses: vec![Address {
                        id: id_of("address", &i.to_string()),
                        location_id: location_id.clone(),
                        address_1,
                        city,
                        state_province: String::new(),
                        postal_code: l.postcode.clone().unwrap_or_default(),
                        country: "GB",
                        address_type: "physical",
                    }],
                    accessibility: l
                        .accessibility
                        .iter()
                        .map(|text| Accessibility {
                            id: id_of("accessibility", &i.to_string()),
                            location_id: location_id.clone(),
                            description: text.clone(),
                        })
                        .collect(),
                },
            }
        })
        .collect()
}

/// Writes `service_at_locations/<id>.json` for each of the service's locations and gives their
/// `service_at_locations.json` items.
pub(super) fn write(
    sink: &dyn Sink,
    service: &FullService,
) -> Result<Vec<Box<RawValue>>, OutputError> {
    let mut items = Vec::new();
    for sal in &service.service_at_locations {
        let full = FullServiceAtLocation {
            id: &sal.id,
            service_id: &sal.service_id,
            location_id: &sal.location_id,
            location: &sal.location,
            service: NestedService {
                fields: &service.fields,
                related: &service.related,
            },
        };
        put_json(
            sink,
            &format!("service_at_locations/{}.json", sal.id),
            &full,
        )?;
        items.push(raw(&ServiceAtLocationItem {
            id: &sal.id,
            service_id: &sal.service_id,
            location_id: &sal.location_id,
            location: &sal.location.fields,
            service: &service.fields,
        })?);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_town_off_an_address() {
        assert_eq!(
            split_address("6 Quay Street, Old Harbour, Harbourside"),
            ("6 Quay Street, Old Harbour".into(), "Harbourside".into())
        );
        assert_eq!(
            split_address("Promenade"),
            ("Promenade".into(), String::new())
        );
        assert_eq!(
            split_address("Promenade,"),
            ("Promenade,".into(), String::new())
        );
    }
}
