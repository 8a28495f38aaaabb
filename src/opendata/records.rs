//! The records as editors write them, for writing: `site.json` lists them and the Open Referral
//! import writes the YAML records it makes from them. Field order is `docs/content.md`'s; lists
//! are de-duplicated so a record written back is the record read.

use crate::records::{AssetRecord, Contact, Day, Eligibility, Location, OpeningHours};
use crate::validate::Asset;
use serde::Serialize;
use std::collections::BTreeSet;

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
        AssetData {
            name: a.name.clone(),
            summary: a.summary.clone(),
            description: trimmed(a.description.as_deref()),
            organisation: r.organisation.clone(),
            needs: unique(a.needs.iter().map(String::as_str)),
            places: unique(r.places.iter().map(String::as_str)),
            locations: r.locations.iter().map(LocationData::from).collect(),
            contact: r.contact.as_ref().and_then(ContactData::from_contact),
            opening_hours: r.opening_hours.iter().map(HoursData::from).collect(),
            access: unique(r.access.iter().map(|a| a.id())),
            referral: trimmed(r.referral.as_deref()),
            cost: r.cost.map(|c| c.id().to_string()),
            cost_detail: r.cost_detail.clone(),
            eligibility: r
                .eligibility
                .as_ref()
                .and_then(EligibilityData::from_eligibility),
            languages: unique(r.languages.iter().map(String::as_str)),
            health_creation: unique(r.health_creation.iter().map(|h| h.id())),
            last_reviewed: a.last_reviewed.to_string(),
            status: Some(r.status.id().to_string()),
            tags: r.tags.clone(),
            openreferral_id: r.openreferral_id.clone(),
        }
    }
}

impl From<&Location> for LocationData {
    fn from(l: &Location) -> LocationData {
        LocationData {
            name: l.name.clone(),
            address: l.address.clone(),
            postcode: l.postcode.clone(),
            lat: l.lat,
            lon: l.lon,
            accessibility: l.accessibility.clone(),
        }
    }
}

impl ContactData {
    /// `None` when the record gives no way to get in touch.
    fn from_contact(c: &Contact) -> Option<ContactData> {
        (c.phone.is_some() || c.email.is_some() || c.website.is_some()).then(|| ContactData {
            phone: c.phone.clone(),
            email: c.email.clone(),
            website: c.website.clone(),
        })
    }
}

impl From<&OpeningHours> for HoursData {
    /// Days once each, in week order.
    fn from(h: &OpeningHours) -> HoursData {
        let days: BTreeSet<Day> = h.days.iter().copied().collect();
        HoursData {
            days: days.into_iter().map(|d| d.id().to_string()).collect(),
            opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
            closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
            note: h.note.clone(),
        }
    }
}

impl EligibilityData {
    /// `None` when the record sets no limit.
    fn from_eligibility(e: &Eligibility) -> Option<EligibilityData> {
        (e.min_age.is_some() || e.max_age.is_some() || e.who.is_some()).then(|| EligibilityData {
            min_age: e.min_age,
            max_age: e.max_age,
            who: e.who.clone(),
        })
    }
}

/// Text with its ends trimmed; `None` when nothing is left.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Each item once, where it first appears.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|i| seen.insert(*i))
        .map(str::to_string)
        .collect()
}
