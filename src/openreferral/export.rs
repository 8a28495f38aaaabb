//! Writes the published assets as Open Referral UK JSON, shaped like the ORUK API responses so a
//! consumer can read the static files as it would read the API:
//!
//! - `data/openreferral/services.json`: `GET /services`, one page holding every service with its
//!   one-to-one fields and organisation;
//! - `data/openreferral/services/<id>.json`: `GET /services/{id}`, one fully nested service;
//! - `data/openreferral/taxonomies.json` and `taxonomy_terms.json`: our vocabularies (needs,
//!   places, access, health creation, tags) and all their terms.
//!
//! Ids are UUIDv5 (see `Ids`), so they stay the same from build to build. The mapping of every
//! field is in `docs/openreferral.md`.

use super::{
    day_code, schedule_description, Ids, Vocabulary, ACCESS, HEALTH_CREATION, NEEDS, PLACES, TAGS,
    VOCABULARIES,
};
use crate::fields::language_name;
use crate::model::Model;
use crate::output::Sink;
use crate::output::{to_json, write_json};
use crate::records::{Access, Cost, HealthCreation, Status};
use crate::source::slugify;
use crate::validate::{Asset, Content};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// The paged response of the ORUK API (`components.schemas.Page` of its openapi.json), with the
/// `contents` of the page.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

impl<T> Page<T> {
    /// A static file cannot answer `?page=2`, so the one page holds everything.
    pub fn single(contents: Vec<T>) -> Page<T> {
        let n = contents.len();
        Page {
            total_items: n,
            total_pages: 1,
            page_number: 1,
            size: n,
            first_page: true,
            last_page: true,
            empty: n == 0,
            contents,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
struct Organization {
    id: String,
    name: String,
    /// Required by the UK profile; a Support Map holds only the organisation's name.
    description: String,
}

/// The one-to-one fields of a service: a `services.json` item, and the start of a full service.
#[derive(Debug, Clone, Serialize)]
struct ServiceFields {
    id: String,
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

#[derive(Debug, Serialize)]
struct FullService {
    #[serde(flatten)]
    fields: ServiceFields,
    phones: Vec<Phone>,
    schedules: Vec<Schedule>,
    service_areas: Vec<ServiceArea>,
    service_at_locations: Vec<ServiceAtLocation>,
    languages: Vec<Language>,
    cost_options: Vec<CostOption>,
    contacts: Vec<()>,
    attributes: Vec<Attribute>,
}

#[derive(Debug, Serialize)]
struct Phone {
    id: String,
    service_id: String,
    number: String,
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
struct ServiceAtLocation {
    id: String,
    service_id: String,
    location_id: String,
    location: Location,
}

#[derive(Debug, Serialize)]
struct Location {
    id: String,
    location_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
    addresses: Vec<Address>,
    accessibility: Vec<Accessibility>,
}

#[derive(Debug, Serialize)]
struct Address {
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
struct Accessibility {
    id: String,
    location_id: String,
    description: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    pub id: String,
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyTerm {
    pub id: String,
    /// Our id of the need, place or vocabulary entry.
    pub code: String,
    /// HSDS 3 calls the label `name`, the UK profile `term`: both are given.
    pub name: String,
    pub term: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub taxonomy: &'static str,
    pub taxonomy_id: String,
    pub taxonomy_detail: Taxonomy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
}

#[derive(Debug, Serialize)]
struct Attribute {
    id: String,
    link_id: String,
    link_type: &'static str,
    link_entity: &'static str,
    taxonomy_term_id: String,
    taxonomy_term: TaxonomyTerm,
}

/// Terms of every vocabulary in the site's order (needs as in needs.yaml), found by vocabulary
/// and our id.
#[derive(Default)]
struct Terms {
    list: Vec<TaxonomyTerm>,
    index: HashMap<(&'static str, String), usize>,
}

impl Terms {
    fn add(&mut self, vocabulary: Vocabulary, term: TaxonomyTerm) {
        let key = (vocabulary.key, term.code.clone());
        if !self.index.contains_key(&key) {
            self.index.insert(key, self.list.len());
            self.list.push(term);
        }
    }

    fn get(&self, vocabulary: Vocabulary, code: &str) -> Option<&TaxonomyTerm> {
        self.index
            .get(&(vocabulary.key, code.to_string()))
            .map(|&i| &self.list[i])
    }
}

/// The identity the ids are derived from: site.yaml's `base_url` (not `--base-url`, so a local
/// preview and the deployed build agree), else the site's title.
fn identity(content: &Content) -> &str {
    content
        .site
        .base_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or(&content.site.title)
}

fn taxonomy(ids: &Ids, v: Vocabulary) -> Taxonomy {
    Taxonomy {
        id: ids.of(&format!("taxonomy/{}", v.key)),
        name: v.name,
        description: v.description,
    }
}

fn term(
    ids: &Ids,
    v: Vocabulary,
    code: &str,
    name: &str,
    description: Option<String>,
    parent: Option<&str>,
    uri: Option<String>,
) -> TaxonomyTerm {
    let taxonomy = taxonomy(ids, v);
    TaxonomyTerm {
        id: ids.of(&format!("taxonomy_term/{}/{code}", v.key)),
        code: code.to_string(),
        name: name.to_string(),
        term: name.to_string(),
        description,
        parent_id: parent.map(|p| ids.of(&format!("taxonomy_term/{}/{p}", v.key))),
        taxonomy: v.name,
        taxonomy_id: taxonomy.id.clone(),
        taxonomy_detail: taxonomy,
        term_uri: uri,
    }
}

fn all_terms(ids: &Ids, content: &Content, model: &Model, assets: &[&Asset]) -> Terms {
    let absolute = |path: String| {
        (!model.site.base_url.is_empty()).then(|| format!("{}{path}", model.site.base_url))
    };
    let mut terms = Terms::default();
    let mut add = |v: Vocabulary, t: TaxonomyTerm| terms.add(v, t);
    for n in &content.needs {
        add(
            NEEDS,
            term(
                ids,
                NEEDS,
                &n.id,
                &n.name,
                n.description.clone(),
                None,
                absolute(crate::addresses::need(&n.id)),
            ),
        );
    }
    for p in &content.places {
        add(
            PLACES,
            term(
                ids,
                PLACES,
                &p.id,
                &p.name,
                p.summary.clone(),
                p.within.as_deref(),
                absolute(crate::addresses::place(&p.id)),
            ),
        );
    }
    for a in Access::ALL {
        add(
            ACCESS,
            term(ids, ACCESS, a.id(), a.label(), None, None, None),
        );
    }
    for h in HealthCreation::ALL {
        add(
            HEALTH_CREATION,
            term(ids, HEALTH_CREATION, h.id(), h.label(), None, None, None),
        );
    }
    for a in assets {
        for tag in &a.record.tags {
            add(TAGS, term(ids, TAGS, &slugify(tag), tag, None, None, None));
        }
    }
    terms
}

pub fn export(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    sink: &dyn Sink,
) -> Result<(), String> {
    let ids = Ids::new(identity(content));
    let terms = all_terms(&ids, content, model, assets);
    let places: HashMap<&str, &crate::validate::Place> =
        content.places.iter().map(|p| (p.id.as_str(), p)).collect();
    // Each service's list entry is kept as its finished JSON text, a fraction of the memory
    // of the service itself.
    let list = assets
        .par_iter()
        .map(|asset| {
            let service = full_service(&ids, &terms, &places, model, asset);
            let path = crate::addresses::openreferral_service(&service.fields.id);
            sink.put(&path, &to_json(&service)?)?;
            serde_json::value::to_raw_value(&service.fields)
                .map_err(|e| format!("cannot write JSON: {e}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    sink.put_with(crate::addresses::OPENREFERRAL_SERVICES, &mut |w| {
        write_json(w, &Page::single(list.iter().collect()))
    })?;
    sink.put(
        crate::addresses::OPENREFERRAL_TAXONOMIES,
        &to_json(&Page::single(
            VOCABULARIES.iter().map(|v| taxonomy(&ids, *v)).collect(),
        ))?,
    )?;
    sink.put(
        crate::addresses::OPENREFERRAL_TAXONOMY_TERMS,
        &to_json(&Page::single(terms.list))?,
    )
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "temporarily closed",
        Status::Closed => "inactive",
    }
}

pub fn cost_option_label(c: Cost) -> &'static str {
    c.label()
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

/// HSDS has no summary: the description starts with our one-sentence summary, then the
/// Markdown description after a blank line.
pub fn service_description(summary: &str, description: Option<&str>) -> String {
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{}\n\n{d}", summary.trim()),
        None => summary.trim().to_string(),
    }
}

fn full_service(
    ids: &Ids,
    terms: &Terms,
    places: &HashMap<&str, &crate::validate::Place>,
    model: &Model,
    asset: &Asset,
) -> FullService {
    let r = &asset.record;
    let a = &asset.id;
    let id = ids.of(&format!("service/{a}"));
    let sub = |kind: &str, key: &str| ids.of(&format!("{kind}/{a}/{key}"));
    let contact = r.contact.clone().unwrap_or_default();
    let page =
        (!model.site.base_url.is_empty()).then(|| format!("{}assets/{a}/", model.site.base_url));
    let organization = r
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|name| Organization {
            id: ids.of(&format!("organization/{}", name.to_lowercase())),
            name: name.to_string(),
            description: String::new(),
        });
    let eligibility = r.eligibility.clone().unwrap_or_default();
    let fields = ServiceFields {
        id: id.clone(),
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
            service_id: id.clone(),
            number: number.clone(),
        })
        .collect();
    let schedules = r
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
                service_id: id.clone(),
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
        .collect();
    let mut seen_places = std::collections::BTreeSet::new();
    let area_places: Vec<&&crate::validate::Place> = r
        .places
        .iter()
        .filter(|p| seen_places.insert(p.as_str()))
        .filter_map(|p| places.get(p.as_str()))
        .collect();
    let service_areas = area_places
        .iter()
        .map(|p| ServiceArea {
            id: sub("service_area", &p.id),
            service_id: id.clone(),
            name: p.name.clone(),
            description: p.summary.clone(),
            uri: (!model.site.base_url.is_empty())
                .then(|| format!("{}places/{}/", model.site.base_url, p.id)),
        })
        .collect();
    let service_at_locations = r
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let location_id = sub("location", &i.to_string());
            let (address_1, city) = split_address(l.address.as_deref().unwrap_or_default());
            ServiceAtLocation {
                id: sub("service_at_location", &i.to_string()),
                service_id: id.clone(),
                location_id: location_id.clone(),
                location: Location {
                    id: location_id.clone(),
                    location_type: "physical",
                    name: l.name.clone(),
                    latitude: l.lat,
                    longitude: l.lon,
                    addresses: vec![Address {
                        id: sub("address", &i.to_string()),
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
                            id: sub("accessibility", &i.to_string()),
                            location_id: location_id.clone(),
                            description: text.clone(),
                        })
                        .collect(),
                },
            }
        })
        .collect();
    let mut seen_languages = std::collections::BTreeSet::new();
    let languages = r
        .languages
        .iter()
        .filter(|code| seen_languages.insert(code.to_ascii_lowercase()))
        .map(|code| Language {
            id: sub("language", code),
            service_id: id.clone(),
            name: language_name(code),
            code: code.clone(),
        })
        .collect();
    let cost_options = r
        .cost
        .iter()
        .map(|c| CostOption {
            id: sub("cost_option", c.id()),
            service_id: id.clone(),
            option: cost_option_label(*c),
            amount: (*c == Cost::Free).then_some(0),
            currency: (*c == Cost::Free).then_some("GBP"),
            amount_description: r.cost_detail.clone(),
        })
        .collect();
    let mut attributes = Vec::new();
    let mut link = |v: Vocabulary, code: &str| {
        if let Some(t) = terms.get(v, code) {
            if !attributes
                .iter()
                .any(|a: &Attribute| a.taxonomy_term_id == t.id)
            {
                attributes.push(Attribute {
                    id: ids.of(&format!("attribute/{a}/{}/{code}", v.key)),
                    link_id: id.clone(),
                    link_type: v.link_type,
                    link_entity: "service",
                    taxonomy_term_id: t.id.clone(),
                    taxonomy_term: t.clone(),
                });
            }
        }
    };
    for need in &asset.needs {
        link(NEEDS, need);
    }
    for place in &area_places {
        link(PLACES, &place.id);
    }
    for access in &r.access {
        link(ACCESS, access.id());
    }
    for h in &r.health_creation {
        link(HEALTH_CREATION, h.id());
    }
    for tag in &r.tags {
        link(TAGS, &slugify(tag));
    }
    FullService {
        fields,
        phones,
        schedules,
        service_areas,
        service_at_locations,
        languages,
        cost_options,
        contacts: Vec::new(),
        attributes,
    }
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

    #[test]
    fn a_single_page_describes_itself() {
        let page = Page::single(vec![1, 2, 3]);
        assert_eq!(
            (
                page.total_items,
                page.total_pages,
                page.page_number,
                page.size,
                page.first_page,
                page.last_page,
                page.empty
            ),
            (3, 1, 1, 3, true, true, false)
        );
        assert!(Page::<u8>::single(vec![]).empty);
    }
}
