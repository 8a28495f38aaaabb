//! Locations: the places people go to, with an address line, postcode, coordinates and
//! accessibility. Virtual locations and locations without an address are left out with a note.

use super::super::rec::{Problems, Rec};
use crate::opendata::LocationData;
use serde_json::Value;

/// Address fields joined into one line, in this order, each once.
const ADDRESS_PARTS: [&str; 7] = [
    "address_1",
    "address_2",
    "address_3",
    "address_4",
    "city",
    "region",
    "state_province",
];

/// The service's locations, and the towns of their addresses (places for services that name
/// no service area).
pub(super) fn locations(
    located: &[Rec],
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> (Vec<LocationData>, Vec<String>) {
    let mut locations = Vec::new();
    let mut towns = Vec::new();
    for (i, location) in located.iter().enumerate() {
        if p.take(location.text("location_type"))
            .is_some_and(|t| t.eq_ignore_ascii_case("virtual"))
        {
            notes.push(format!("location {} is virtual (online): a Support Map lists places people go to; left out", i + 1));
            continue;
        }
        let (line, postcode, town) = address(location, p);
        let Some(line) = line else {
            notes.push(format!("location {} has no address: left out", i + 1));
            continue;
        };
        let (lat, lon) = match coordinates(location, p) {
            Ok(pair) => pair,
            Err(why) => {
                notes.push(format!(
                    "location {}: {why}; both coordinates left out",
                    i + 1
                ));
                (None, None)
            }
        };
        let accessibility = accessibility_text(location, p);
        towns.extend(town);
        locations.push(LocationData {
            name: p.take(location.text("name")),
            address: Some(line),
            postcode,
            lat,
            lon,
            accessibility,
        });
    }
    (locations, towns)
}

/// Why a location's coordinates are no position.
#[derive(Debug)]
enum NoPosition {
    Latitude(f64),
    Longitude(f64),
    LatitudeAlone,
    LongitudeAlone,
}

impl std::fmt::Display for NoPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoPosition::Latitude(lat) => write!(f, "latitude {lat} is not between -90 and 90"),
            NoPosition::Longitude(lon) => {
                write!(f, "longitude {lon} is not between -180 and 180")
            }
            NoPosition::LatitudeAlone => f.write_str("latitude without longitude"),
            NoPosition::LongitudeAlone => f.write_str("longitude without latitude"),
        }
    }
}

/// Latitude and longitude, both or neither: half a pair, or a value out of range, is no
/// position at all.
fn coordinates(location: &Rec, p: &mut Problems) -> Result<(Option<f64>, Option<f64>), NoPosition> {
    let lat = p.take(location.number("latitude"));
    let lon = p.take(location.number("longitude"));
    match (lat, lon) {
        (Some(lat), _) if !(-90.0..=90.0).contains(&lat) => Err(NoPosition::Latitude(lat)),
        (_, Some(lon)) if !(-180.0..=180.0).contains(&lon) => Err(NoPosition::Longitude(lon)),
        (Some(_), None) => Err(NoPosition::LatitudeAlone),
        (None, Some(_)) => Err(NoPosition::LongitudeAlone),
        pair => Ok(pair),
    }
}

/// The physical address (else the first): its line, postcode and town.
fn address(location: &Rec, p: &mut Problems) -> (Option<String>, Option<String>, Option<String>) {
    let addresses = p.take(location.list("addresses"));
    let Some(a) = addresses
        .iter()
        .find(|a| {
            a.text("address_type")
                .ok()
                .flatten()
                .is_none_or(|t| t.eq_ignore_ascii_case("physical"))
        })
        .or(addresses.first())
    else {
        return (None, None, None);
    };
    let mut parts = Vec::new();
    for field in ADDRESS_PARTS {
        if let Some(part) = p.take(a.text(field)) {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    let line = Some(parts.join(", ")).filter(|l| !l.is_empty());
    (line, p.take(a.text("postal_code")), p.take(a.text("city")))
}

fn accessibility_text(location: &Rec, p: &mut Problems) -> Option<String> {
    let mut parts = Vec::new();
    match location.map.get("accessibility") {
        Some(Value::String(s)) if !s.trim().is_empty() => parts.push(s.trim().to_string()),
        Some(Value::Array(_)) => {
            for item in p.take(location.list("accessibility")) {
                for field in ["description", "details", "accessibility"] {
                    if let Some(text) = p.take(item.text(field)) {
                        if !parts.contains(&text) {
                            parts.push(text);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Some(parts.join("; ")).filter(|t| !t.is_empty())
}
