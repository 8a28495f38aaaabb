//! Open data: the published records as files for anyone building on them, written on every build.
//!
//! - `/data/site.json`: every published record in our own format (the fields of `docs/content.md`).
//! - `/data/assets.csv`: one row per published asset, for spreadsheets.
//! - `/data/openreferral/`: the assets as Open Referral UK (see `openreferral::export`).
//!
//! The record structs here mirror `records` for writing: `site.json` uses them, and the Open
//! Referral import writes the YAML records it creates from them. Everything is deterministic:
//! the same content gives byte-identical files.
//!
//! `records` holds the record structs, `site_json` and `assets_csv` write one file each.

mod assets_csv;
mod records;
mod site_json;

pub(crate) use records::{
    AssetData, ContactData, EligibilityData, HoursData, LocationData, NeedData, PlaceData,
};

use crate::model::Model;
use crate::output::{write_json, OutputError, Sink};
use crate::records::Status;
use crate::validate::{Asset, Content};
use std::collections::HashMap;

/// The published assets in the order the site lists them (A to Z).
pub(crate) fn published<'a>(content: &'a Content, model: &Model) -> Vec<&'a Asset> {
    let by_id: HashMap<&str, &Asset> = content.assets.iter().map(|a| (a.id.as_str(), a)).collect();
    model
        .assets
        .iter()
        .filter_map(|view| by_id.get(view.card.id.as_str()).copied())
        .filter(|a| a.record.status != Status::Closed)
        .collect()
}

/// Every file under `/data/`.
pub(crate) fn export(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    sink: &dyn Sink,
) -> Result<(), OutputError> {
    // Each whole-site file is written by one thread; side by side they keep the cores busy.
    let (site, csv) = rayon::join(
        || {
            sink.put_with(crate::addresses::SITE_JSON, &mut |w| {
                write_json(w, &site_json::site_json(content, model, assets))
            })
        },
        || {
            sink.put_with(crate::addresses::ASSETS_CSV, &mut |w| {
                assets_csv::assets_csv(content, model, assets, w)
            })
        },
    );
    site.and(csv)
}
