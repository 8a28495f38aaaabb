//! A service: one record as an HSDS service with its one-to-one fields, its phones and
//! contacts, opening times, service areas, languages and costs, and the `services` endpoints.
//! Its locations and its links to our vocabularies come from `service_at_locations` and
//! `taxonomies`.

use super::organisations::{organization, Organization};
use super::service_at_locations::{service_at_locations, ServiceAtLocation};
use super::taxonomies::{attributes, Attribute, Terms};
use super::{put_json, raw};
use crate::fields::{is_uuid, language_name};
use crate::model::Model;
use crate::openreferral::{day_code, schedule_description, Ids};
use crate::output::{OutputError, Sink};
use crate::records::{Cost, Status};
use crate::validate::{Asset, Place};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The one-to-one fields of a service: a `services.json` item, and the start of a full service.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ServiceFields {
    id: String,
    /// The asset's id (`ASSET_ID_FIELD`), for the import to keep.
    supportmap_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<String>,
    name: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_age: Option<u8>,
    assured_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<Organization>,
}

/// `GET /services/{id}`.
#[derive(Debug, Serialize)]
pub(super) struct FullService {
    #[serde(flatten)]
    pub(super) fields: ServiceFields,
    #[serde(flatten)]
    pub(super) related: Related,
    pub(super) service_at_locations: Vec<ServiceAtLocation>,
}

/// A service's one-to-many fields but its locations: the `service` of a service at location
/// holds these and not the other locations.
#[derive(Debug, Serialize)]
pub(super) struct Related {
    /// HSDS 3 core has service phones; the UK profile reads them from `contacts`.
    phones: Vec<Phone>,
    schedules: Vec<Schedule>,
    service_areas: Vec<ServiceArea>,
    languages: Vec<Language>,
    cost_options: Vec<CostOption>,
    contacts: Vec<Contact>,
    attributes: Vec<Attribute>,
}

#[derive(Debug, Serialize)]
struct Phone {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_id: Option<String>,
    number: String,
}

/// The ways to reach a service: the UK profile's changelog moves phones into contacts (HSDS 3
/// core has them there too). A Support Map names no person, so a contact has no `name`.
#[derive(Debug, Serialize)]
struct Contact {
    id: String,
    service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    phones: Vec<Phone>,
}

#[derive(Debug, Serialize)]
struct Schedule {
    id: String,
    service_id: String,
    freq: &'static str,
    byday: String,
    opens_at: String,
    closes_at: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
}

#[derive(Debug, Serialize)]
struct ServiceArea {
    id: String,
    service_id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
}

#[derive(Debug, Serialize)]
struct Language {
    id: String,
    service_id: String,
    name: String,
    code: String,
}

#[derive(Debug, Serialize)]
struct CostOption {
    id: String,
    service_id: String,
    option: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_description: Option<String>,
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "temporarily closed",
        Status::Closed => "inactive",
    }
}

pub(crate) fn cost_option_label(c: Cost) -> &'static str {
    c.label()
}

/// HSDS has no summary: the description starts with our one-sentence summary, then the
/// Markdown description after a blank line.
pub(crate) fn service_description(summary: &str, description: Option<&str>) -> String {
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{}\n\n{d}", summary.trim()),
        None => summary.trim().to_string(),
    }
}

/// The whole service, as `GET /services/{id}` gives it. Every id comes from the asset's id, so
/// it is the same in every build; the service's own id is the record's `openreferral_id` when
/// it has one of `own_ids`.
pub(super) fn full_service(
    ids: &Ids,
    own_ids: &HashSet<&str>,
    terms: &Terms,
    places: &HashMap<&str, &Place>,
    organizations: &HashMap<String, String>,
    model: &Model,
    asset: &Asset,
) -> FullService {
    let r = &asset.record;
    let a = &asset.id;
    let id = match r
        .openreferral_id
        .as_ref()
        .filter(|i| own_ids.contains(i.as_str()))
    {
        Some(own) => own.clone(),
        None => ids.of(&format!("service/{a}")),
    };
    let sub = |kind: &str, key: &str| ids.of(&format!("{kind}/{a}/{key}"));
    let contact = r.contact.clone().unwrap_or_default();
    let page = model.site.full_address(&crate::addresses::asset(a));
    let organization = organization(ids, organizations, r.organisation.as_deref());
    let eligibility = r.eligibility.clone().unwrap_or_default();
    let fields = ServiceFields {
        id: id.clone(),
        supportmap_id: a.clone(),
        organization_id: organization.as_ref().map(|o| o.id.clone()),
        name: asset.name.clone(),
        description: service_description(&asset.summary, asset.description.as_deref()),
        url: contact.website.clone().or(page),
        email: contact.email.clone(),
        status: status(r.status),
        application_process: r
            .referral
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        fees_description: r.cost_detail.clone(),
        eligibility_description: eligibility.who.clone(),
        minimum_age: eligibility.min_age,
        maximum_age: eligibility.max_age,
        assured_date: asset.last_reviewed.to_string(),
        organization,
    };
    let phones = contact
        .phone
        .iter()
        .map(|number| Phone {
            id: sub("phone", "0"),
            service_id: Some(id.clone()),
            contact_id: None,
            number: number.clone(),
        })
        .collect();
    let contacts = contacts(
        &sub("contact", "0"),
        &sub("contact_phone", "0"),
        &id,
        &contact,
    );
    let mut seen_places = BTreeSet::new();
    let area_places: Vec<&Place> = r
        .places
        .iter()
        .filter(|p| seen_places.insert(p.as_str()))
        .filter_map(|p| places.get(p.as_str()).copied())
        .collect();
    let service_areas = area_places
        .iter()
        .map(|p| ServiceArea {
            id: sub("service_area", &p.id),
            service_id: id.clone(),
            name: p.name.clone(),
            description: p.summary.clone(),
            uri: model.site.full_address(&crate::addresses::place(&p.id)),
        })
        .collect();
    FullService {
        related: Related {
            phones,
            schedules: schedules(&sub, &id, asset),
            service_areas,
            languages: languages(&sub, &id, asset),
            cost_options: cost_options(&sub, &id, asset),
            contacts,
            attributes: attributes(ids, terms, asset, &id, &area_places),
        },
        service_at_locations: service_at_locations(&sub, &id, &r.locations),
        fields,
    }
}

/// The `openreferral_id`s that can be services' ids: valid, and held by one published asset
/// only (two records copied from one would otherwise give two services one id).
pub(super) fn own_ids<'a>(assets: &[&'a Asset]) -> HashSet<&'a str> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for a in assets {
        if let Some(id) = a.record.openreferral_id.as_deref().filter(|i| is_uuid(i)) {
            *count.entry(id).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(id, _)| id)
        .collect()
}

/// Writes `services/<id>.json` and gives the service's `services.json` item.
pub(super) fn write(sink: &dyn Sink, service: &FullService) -> Result<Box<RawValue>, OutputError> {
    put_json(
        sink,
        &format!("services/{}.json", service.fields.id),
        service,
    )?;
    raw(&service.fields)
}

/// Opening times as weekly schedules, days in week order.
fn schedules(sub: &dyn Fn(&str, &str) -> String, id: &str, asset: &Asset) -> Vec<Schedule> {
    asset
        .record
        .opening_hours
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut days = h.days.clone();
            days.sort();
            days.dedup();
            let (opens, closes) = (
                h.opens.map(|t| t.to_string()).unwrap_or_default(),
                h.closes.map(|t| t.to_string()).unwrap_or_default(),
            );
            Schedule {
                id: sub("schedule", &i.to_string()),
                service_id: id.to_string(),
                freq: "WEEKLY",
                byday: days
                    .iter()
                    .map(|d| day_code(*d))
                    .collect::<Vec<_>>()
                    .join(","),
                description: schedule_description(&days, &opens, &closes),
                opens_at: opens,
                closes_at: closes,
                notes: h.note.clone(),
            }
        })
        .collect()
}

/// Each language once, whatever its case.
fn languages(sub: &dyn Fn(&str, &str) -> String, id: &str, asset: &Asset) -> Vec<Language> {
    let mut seen = BTreeSet::new();
    asset
        .record
        .languages
        .iter()
        .filter(|code| seen.insert(code.to_ascii_lowercase()))
        .map(|code| Language {
            id: sub("language", code),
            service_id: id.to_string(),
            name: language_name(code),
            code: code.clone(),
        })
        .collect()
}

fn cost_options(sub: &dyn Fn(&str, &str) -> String, id: &str, asset: &Asset) -> Vec<CostOption> {
    let r = &asset.record;
    r.cost
        .iter()
        .map(|c| CostOption {
            id: sub("cost_option", c.id()),
            service_id: id.to_string(),
            option: cost_option_label(*c),
            amount: (*c == Cost::Free).then_some(0),
            currency: (*c == Cost::Free).then_some("GBP"),
            amount_description: r.cost_detail.clone(),
        })
        .collect()
}

/// The service's phone and email as one contact, none when it has neither.
fn contacts(
    contact_id: &str,
    phone_id: &str,
    service_id: &str,
    contact: &crate::records::Contact,
) -> Vec<Contact> {
    let phones: Vec<Phone> = contact
        .phone
        .iter()
        .map(|number| Phone {
            id: phone_id.to_string(),
            service_id: None,
            contact_id: Some(contact_id.to_string()),
            number: number.clone(),
        })
        .collect();
    if phones.is_empty() && contact.email.is_none() {
        return Vec::new();
    }
    vec![Contact {
        id: contact_id.to_string(),
        service_id: service_id.to_string(),
        email: contact.email.clone(),
        phones,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_carries_the_summary_first() {
        assert_eq!(
            service_description("Hot lunches.", Some("\nRun by volunteers.\n")),
            "Hot lunches.\n\nRun by volunteers."
        );
        assert_eq!(
            service_description("Hot lunches.", Some("  ")),
            "Hot lunches."
        );
        assert_eq!(service_description("Hot lunches.", None), "Hot lunches.");
    }
}
