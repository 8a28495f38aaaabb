//! What search in the browser needs to find what is near someone: the postcode table split by
//! outward code (`search/postcodes/HB4.json`), so a lookup fetches one small file rather than
//! the table, and the centre of each place (`search/places.json`), so "Near: Westfield" works.

use super::{Point, Table};
use crate::model::Model;
use crate::output::{OutputError, Sink};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn publish(table: &Table, model: &Model, sink: &dyn Sink) -> Result<(), OutputError> {
    let mut by_outward: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for (postcode, point) in table.iter() {
        by_outward
            .entry(postcode.outward())
            .or_default()
            .insert(postcode.as_str().to_string(), coordinates(point));
    }
    for (outward, postcodes) in by_outward {
        let bytes = Value::Object(postcodes).to_string();
        sink.put(
            &crate::addresses::search_postcodes(outward),
            bytes.as_bytes(),
        )?;
    }
    let places: Vec<Value> = place_centres(model)
        .into_iter()
        .map(|(id, name, point)| json!({"id": id, "name": name, "at": coordinates(point)}))
        .collect();
    let bytes = Value::Array(places).to_string();
    sink.put(crate::addresses::SEARCH_PLACES, bytes.as_bytes())
}

/// Where a service is, for its search record: `lat,lon` of each location that has them, joined
/// by `;` (empty when none has), so search can sort by distance without another request.
pub(crate) fn geo_meta(locations: &[crate::records::Location]) -> String {
    let round = |v: f64| (v * 1e5).round() / 1e5;
    let points: Vec<String> = locations
        .iter()
        .filter_map(|l| Some(format!("{},{}", round(l.lat?), round(l.lon?))))
        .collect();
    points.join(";")
}

/// The tenth-of-a-degree squares a service's locations are in (`504:-24` holds 50.4..50.5 N,
/// 2.4..2.3 W), as a search filter: for a query with many results, search sorts by distance
/// only those in the squares around the person, rather than reading every result's details.
pub(crate) fn geo_cells(locations: &[crate::records::Location]) -> Vec<String> {
    let cells: BTreeSet<String> = locations
        .iter()
        .filter_map(|l| Some(cell(l.lat?, l.lon?)))
        .collect();
    cells.into_iter().collect()
}

fn cell(lat: f64, lon: f64) -> String {
    format!("{}:{}", (lat * 10.0).floor(), (lon * 10.0).floor())
}

/// `[lat, lon]` to five decimal places: about a metre, the precision of a postcode centre.
fn coordinates(point: Point) -> Value {
    let round = |v: f64| (v * 1e5).round() / 1e5;
    json!([round(point.lat), round(point.lon)])
}

/// Each place's centre: the middle (median latitude and longitude, so one far-off service does
/// not drag it) of where the services in it and in the areas inside it are. A place is not given
/// its own coordinates: they would be one more thing to keep true, and the middle of its services
/// is what "near Westfield" means to someone looking for them. Places with no located services
/// have no centre.
fn place_centres(model: &Model) -> Vec<(&str, &str, Point)> {
    let children: BTreeMap<&str, Vec<&str>> = (model.places.iter())
        .map(|p| {
            (
                p.id.as_str(),
                p.children.iter().map(|c| c.id.as_str()).collect(),
            )
        })
        .collect();
    let mut centres = Vec::new();
    for place in &model.places {
        let area = within(place.id.as_str(), &children);
        let points: Vec<Point> = (model.assets.iter())
            .filter(|a| a.place_ids.iter().any(|id| area.contains(id.as_str())))
            .flat_map(|a| a.locations.iter())
            .filter_map(|l| {
                Some(Point {
                    lat: l.lat?,
                    lon: l.lon?,
                })
            })
            .collect();
        if let Some(centre) = median(&points) {
            centres.push((place.id.as_str(), place.name.as_str(), centre));
        }
    }
    centres
}

/// A place and every place inside it, however deep.
fn within<'a>(id: &'a str, children: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeSet<&'a str> {
    let mut area = BTreeSet::new();
    let mut next = vec![id];
    while let Some(id) = next.pop() {
        if area.insert(id) {
            next.extend(children.get(id).into_iter().flatten().copied());
        }
    }
    area
}

fn median(points: &[Point]) -> Option<Point> {
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    };
    (!points.is_empty()).then(|| Point {
        lat: middle(points.iter().map(|p| p.lat).collect()),
        lon: middle(points.iter().map(|p| p.lon).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_filed_under_their_squares_and_listed_by_position() {
        let at = |lat, lon| crate::records::Location {
            lat: Some(lat),
            lon: Some(lon),
            ..Default::default()
        };
        let locations = [
            at(50.4401, -2.4148),
            at(50.44, -2.41),
            at(50.5031, -2.39994),
            Default::default(),
        ];
        assert_eq!(geo_cells(&locations), ["504:-25", "505:-24"]);
        assert_eq!(
            geo_meta(&locations),
            "50.4401,-2.4148;50.44,-2.41;50.5031,-2.39994"
        );
        assert!(geo_cells(&[]).is_empty() && geo_meta(&[]).is_empty());
    }

    #[test]
    fn the_middle_resists_one_far_service() {
        let p = |lat, lon| Point { lat, lon };
        let centre = median(&[p(50.0, -2.0), p(50.1, -2.1), p(59.0, 1.0)]).unwrap();
        assert_eq!(centre, p(50.1, -2.0));
        assert_eq!(median(&[]), None);
    }
}
