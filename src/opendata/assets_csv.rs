//! `/data/assets.csv`: one row per published asset, for spreadsheets. Lists are joined with
//! "; ", names replace ids, and no cell can run as a formula.

use super::AssetData;
use crate::fields::{days_label, language_name};
use crate::model::Model;
use crate::output::spreadsheet::spreadsheet_safe;
use crate::validate::{Asset, Content};
use std::collections::HashMap;

/// Column names of `/data/assets.csv`, documented in `docs/openreferral.md`.
pub(crate) const CSV_COLUMNS: &[&str] = &[
    "id",
    "name",
    "summary",
    "organisation",
    "needs",
    "places",
    "addresses",
    "postcodes",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "access",
    "cost",
    "cost_detail",
    "min_age",
    "max_age",
    "eligibility",
    "languages",
    "health_creation",
    "status",
    "last_reviewed",
    "page",
    "description",
    "referral",
    "tags",
];

pub(super) fn assets_csv(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let need_names: HashMap<&str, &str> = content
        .needs
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let place_names: HashMap<&str, &str> = content
        .places
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    // A byte-order mark lets spreadsheet programs recognise UTF-8 (pound signs, accents).
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for a in assets {
        let r = &a.record;
        let d = AssetData::from_asset(a);
        let names = |ids: &[String], table: &HashMap<&str, &str>| {
            ids.iter()
                .map(|id| table.get(id.as_str()).copied().unwrap_or(id))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let contact = d.contact.clone().unwrap_or_default();
        let eligibility = d.eligibility.clone().unwrap_or_default();
        let first = r.locations.first();
        let hours = r
            .opening_hours
            .iter()
            .map(|h| {
                let times = format!(
                    "{} {}–{}",
                    days_label(&h.days),
                    h.opens.map(|t| t.to_string()).unwrap_or_default(),
                    h.closes.map(|t| t.to_string()).unwrap_or_default()
                );
                match &h.note {
                    Some(note) => format!("{times} ({note})"),
                    None => times,
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let row: Vec<String> = vec![
            a.id.clone(),
            d.name.clone(),
            d.summary.clone(),
            d.organisation.clone().unwrap_or_default(),
            names(&d.needs, &need_names),
            names(&d.places, &place_names),
            r.locations
                .iter()
                .map(|l| {
                    [l.name.as_deref(), l.address.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect::<Vec<_>>()
                .join("; "),
            r.locations
                .iter()
                .filter_map(|l| l.postcode.clone())
                .collect::<Vec<_>>()
                .join("; "),
            first
                .and_then(|l| l.lat)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            first
                .and_then(|l| l.lon)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            contact.phone.unwrap_or_default(),
            contact.email.unwrap_or_default(),
            contact.website.unwrap_or_default(),
            hours,
            r.access
                .iter()
                .map(|a| a.label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join("; "),
            r.cost.map(|c| c.label().to_string()).unwrap_or_default(),
            d.cost_detail.clone().unwrap_or_default(),
            eligibility
                .min_age
                .map(|v| v.to_string())
                .unwrap_or_default(),
            eligibility
                .max_age
                .map(|v| v.to_string())
                .unwrap_or_default(),
            eligibility.who.unwrap_or_default(),
            d.languages
                .iter()
                .map(|code| language_name(code))
                .collect::<Vec<_>>()
                .join("; "),
            r.health_creation
                .iter()
                .map(|h| h.label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join("; "),
            r.status.label().to_string(),
            d.last_reviewed.clone(),
            model.site.address_of(&crate::addresses::asset(&a.id)),
            d.description.clone().unwrap_or_default(),
            d.referral.clone().unwrap_or_default(),
            d.tags.join("; "),
        ];
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.flush()
}
