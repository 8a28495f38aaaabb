//! The records as editors write them, for writing: `site.json` lists them and the Open Referral
//! import writes the YAML records it makes from them. Field order is `docs/content.md`'s; lists
//! are de-duplicated so a record written back is the record read.

use crate::records::AssetRecord;
use crate::validate::Asset;
use serde::Serialize;

/// An asset record as editors write it (`content/assets/<id>.yaml`), in the order of
/// `docs/content.md`. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct AssetData {
    pub name: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub needs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub opening_hours: Vec<HoursData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<EligibilityData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub health_creation: Vec<String>,
    pub last_reviewed: String,
    /// Left out when `active`, the default, in records written for editors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The service's id in the Open Referral data the record came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openreferral_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct LocationData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct ContactData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct HoursData {
    pub days: Vec<String>,
    pub opens: String,
    pub closes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct EligibilityData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
}

/// One entry of `needs.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct NeedData {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
}

/// A `places/<id>.yaml` record (the id is the file name).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct PlaceData {
    pub name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl AssetData {
    pub(crate) fn from_asset(a: &Asset) -> AssetData {
        let r: &AssetRecord = &a.record;
        let contact = r.contact.as_ref().map(|c| ContactData {
            phone: c.phone.clone(),
            email: c.email.clone(),
            website: c.website.clone(),
        });
        AssetData {
            name: a.name.clone(),
            summary: a.summary.clone(),
            description: a
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            organisation: r.organisation.clone(),
            needs: dedup_strings(&a.needs),
            places: dedup_strings(&r.places),
            locations: r
                .locations
                .iter()
                .map(|l| LocationData {
                    name: l.name.clone(),
                    address: l.address.clone(),
                    postcode: l.postcode.clone(),
                    lat: l.lat,
                    lon: l.lon,
                    accessibility: l.accessibility.clone(),
                })
                .collect(),
            contact: contact
                .filter(|c| c.phone.is_some() || c.email.is_some() || c.website.is_some()),
            opening_hours: r
                .opening_hours
                .iter()
                .map(|h| HoursData {
                    days: dedup_days(&h.days)
                        .iter()
                        .map(|d| d.id().to_string())
                        .collect(),
                    opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
                    closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
                    note: h.note.clone(),
                })
                .collect(),
            access: dedup_strings(
                &r.access
                    .iter()
                    .map(|a| a.id().to_string())
                    .collect::<Vec<_>>(),
            ),
            referral: r
                .referral
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            cost: r.cost.map(|c| c.id().to_string()),
            cost_detail: r.cost_detail.clone(),
            eligibility: r
                .eligibility
                .as_ref()
                .filter(|e| e.min_age.is_some() || e.max_age.is_some() || e.who.is_some())
                .map(|e| EligibilityData {
                    min_age: e.min_age,
                    max_age: e.max_age,
                    who: e.who.clone(),
                }),
            languages: dedup_strings(&r.languages),
            health_creation: dedup_strings(
                &r.health_creation
                    .iter()
                    .map(|h| h.id().to_string())
                    .collect::<Vec<_>>(),
            ),
            last_reviewed: a.last_reviewed.to_string(),
            status: Some(r.status.id().to_string()),
            tags: r.tags.clone(),
            openreferral_id: r.openreferral_id.clone(),
        }
    }
}

fn dedup_strings(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    items
        .iter()
        .filter(|i| seen.insert(i.as_str()))
        .cloned()
        .collect()
}

fn dedup_days(days: &[crate::records::Day]) -> Vec<crate::records::Day> {
    days.iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}
