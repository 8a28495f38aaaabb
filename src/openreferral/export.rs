//! Writes the published assets as Open Referral UK JSON, shaped like the responses of the read
//! endpoints of the ORUK 3.0 API (its `openapi.json`), so a consumer can read the static files as
//! it would read the API. Each `GET /x` is `data/openreferral/x.json`:
//!
//! - `index.json`: `GET /`, which version and profile the files follow;
//! - `services.json` and `services/<id>.json`: every service with its one-to-one fields and
//!   organisation, and each service fully nested;
//! - `service_at_locations.json` and `service_at_locations/<id>.json`: each place a service is
//!   delivered at, with its location and service;
//! - `taxonomies.json`, `taxonomies/<id>.json`, `taxonomy_terms.json`, `taxonomy_terms/<id>.json`:
//!   our vocabularies (needs, places, access, health creation, tags) and all their terms.
//!
//! A static host cannot answer query parameters, so each list is one page holding everything.
//! Ids are UUIDv5 (see `Ids`), so they stay the same from build to build. The mapping of every
//! field is in `docs/openreferral.md`.

use super::{
    access_description, day_code, health_creation_description, schedule_description, Ids,
    Vocabulary, ACCESS, HEALTH_CREATION, NEEDS, PLACES, TAGS, VOCABULARIES,
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
use serde_json::value::RawValue;
use std::collections::HashMap;

/// `GET /` of the ORUK API: what the files follow.
#[derive(Debug, Serialize)]
struct ApiInfo {
    /// The HSDS version, as the UK profile's `openapi.json` gives it.
    version: &'static str,
    profile: &'static str,
    openapi_url: &'static str,
}

const API_INFO: ApiInfo = ApiInfo {
    version: "3.0",
    profile: "https://github.com/OpenReferralUK/uk-profile",
    openapi_url:
        "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json",
};

/// The paged response of the ORUK API (`components.schemas.Page` of its openapi.json), with the
/// `contents` of the page.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
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
    pub(crate) fn single(contents: Vec<T>) -> Page<T> {
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
    /// Required by the UK profile. A Support Map holds only the organisation's name, so this
    /// says which of the site's services it runs (see `organization_descriptions`).
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

/// `GET /services/{id}`.
#[derive(Debug, Serialize)]
struct FullService {
    #[serde(flatten)]
    fields: ServiceFields,
    #[serde(flatten)]
    related: Related,
    service_at_locations: Vec<ServiceAtLocation>,
}

/// A service's one-to-many fields but its locations: the `service` of a service at location
/// holds these and not the other locations.
#[derive(Debug, Serialize)]
struct Related {
    /// HSDS 3 core has service phones; the UK profile reads them from `contacts`.
    phones: Vec<Phone>,
    schedules: Vec<Schedule>,
    service_areas: Vec<ServiceArea>,
    languages: Vec<Language>,
    cost_options: Vec<CostOption>,
    contacts: Vec<Contact>,
    attributes: Vec<Attribute>,
}

/// A service as nested in a service at location.
#[derive(Debug, Serialize)]
struct NestedService<'a> {
    #[serde(flatten)]
    fields: &'a ServiceFields,
    #[serde(flatten)]
    related: &'a Related,
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
struct ServiceAtLocation {
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
struct Location {
    #[serde(flatten)]
    fields: LocationFields,
    addresses: Vec<Address>,
    accessibility: Vec<Accessibility>,
}

#[derive(Debug, Serialize)]
struct LocationFields {
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
pub(crate) struct Taxonomy {
    pub id: String,
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaxonomyTerm {
    pub id: String,
    /// Our id of the need, place or vocabulary entry.
    pub code: String,
    /// HSDS 3 calls the label `name`, the UK profile `term`: both are given.
    pub name: String,
    pub term: String,
    /// Required by HSDS 3 and the UK profile: see `all_terms` for where each comes from.
    pub description: String,
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

/// `GET /taxonomies/{id}`: a taxonomy and its terms.
#[derive(Debug, Serialize)]
struct TaxonomyWithTerms<'a> {
    #[serde(flatten)]
    taxonomy: Taxonomy,
    taxonomy_terms: Vec<&'a TaxonomyTerm>,
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
    description: String,
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

/// The first non-empty text, trimmed.
fn text_or(given: Option<&String>, otherwise: impl FnOnce() -> String) -> String {
    given
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .unwrap_or_else(otherwise)
}

/// At most `limit` items in words: "a, b and c", "a, b and 3 more".
fn list_in_words(items: &[&str], limit: usize) -> String {
    let shown = &items[..items.len().min(limit)];
    let rest = items.len() - shown.len();
    match (shown, rest) {
        ([], _) => String::new(),
        ([one], 0) => one.to_string(),
        (_, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (_, more) => format!("{} and {more} more", shown.join(", ")),
    }
}

/// A need's term description: its own, else its name and the words people use for it.
fn need_description(need: &crate::validate::Need) -> String {
    text_or(need.description.as_ref(), || {
        let synonyms: Vec<&str> = need.synonyms.iter().map(String::as_str).collect();
        match synonyms.is_empty() {
            true => format!("Community support for: {}.", need.name),
            false => format!(
                "Community support for: {} (also: {}).",
                need.name,
                list_in_words(&synonyms, 10)
            ),
        }
    })
}

/// A place's term description: its summary, else what kind of place it is and where.
fn place_description(
    place: &crate::validate::Place,
    places: &HashMap<&str, &crate::validate::Place>,
    site: &str,
) -> String {
    text_or(place.summary.as_ref(), || {
        match place.within.as_deref().and_then(|w| places.get(w)) {
            Some(parent) => format!("{}: a {} within {}.", place.name, place.kind, parent.name),
            None => format!("{}: a {} that {site} covers.", place.name, place.kind),
        }
    })
}

fn all_terms(ids: &Ids, content: &Content, model: &Model, assets: &[&Asset]) -> Terms {
    let absolute = |path: String| model.site.full_address(&path);
    let site = content.site.title.as_str();
    let places: HashMap<&str, &crate::validate::Place> =
        content.places.iter().map(|p| (p.id.as_str(), p)).collect();
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
                need_description(n),
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
                place_description(p, &places, site),
                p.within.as_deref(),
                absolute(crate::addresses::place(&p.id)),
            ),
        );
    }
    for a in Access::ALL {
        add(
            ACCESS,
            term(
                ids,
                ACCESS,
                a.id(),
                a.label(),
                access_description(*a).to_string(),
                None,
                None,
            ),
        );
    }
    for h in HealthCreation::ALL {
        add(
            HEALTH_CREATION,
            term(
                ids,
                HEALTH_CREATION,
                h.id(),
                h.label(),
                health_creation_description(*h).to_string(),
                None,
                None,
            ),
        );
    }
    for a in assets {
        for tag in &a.record.tags {
            let description = format!("Services on {site} tagged “{}”.", tag.trim());
            add(
                TAGS,
                term(ids, TAGS, &slugify(tag), tag, description, None, None),
            );
        }
    }
    terms
}

fn put_json<T: Serialize>(sink: &dyn Sink, path: &str, value: &T) -> Result<(), String> {
    sink.put(&crate::addresses::openreferral(path), &to_json(value)?)
}

fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, String> {
    serde_json::value::to_raw_value(value).map_err(|e| format!("cannot write JSON: {e}"))
}

/// One page of list items kept as finished JSON text, a fraction of the memory of the records.
fn put_page(sink: &dyn Sink, path: &str, items: Vec<&RawValue>) -> Result<(), String> {
    sink.put_with(&crate::addresses::openreferral(path), &mut |w| {
        write_json(w, &Page::single(items.clone()))
    })
}

pub(crate) fn export(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    sink: &dyn Sink,
) -> Result<(), String> {
    let ids = Ids::new(identity(content));
    let terms = all_terms(&ids, content, model, assets);
    let places: HashMap<&str, &crate::validate::Place> =
        content.places.iter().map(|p| (p.id.as_str(), p)).collect();
    let organizations = organization_descriptions(assets, &content.site.title);
    // Each asset gives its `services.json` item and its `service_at_locations.json` items.
    let lists = assets
        .par_iter()
        .map(|asset| {
            let service = full_service(&ids, &terms, &places, &organizations, model, asset);
            put_json(
                sink,
                &format!("services/{}.json", service.fields.id),
                &service,
            )?;
            let mut located = Vec::new();
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
                located.push(raw(&ServiceAtLocationItem {
                    id: &sal.id,
                    service_id: &sal.service_id,
                    location_id: &sal.location_id,
                    location: &sal.location.fields,
                    service: &service.fields,
                })?);
            }
            Ok((raw(&service.fields)?, located))
        })
        .collect::<Result<Vec<_>, String>>()?;
    put_json(sink, "index.json", &API_INFO)?;
    put_page(
        sink,
        "services.json",
        lists.iter().map(|(s, _)| &**s).collect(),
    )?;
    put_page(
        sink,
        "service_at_locations.json",
        lists
            .iter()
            .flat_map(|(_, l)| l.iter().map(|r| &**r))
            .collect(),
    )?;
    write_taxonomies(&ids, &terms, sink)
}

/// `GET /taxonomies`, `/taxonomies/{id}`, `/taxonomy_terms` and `/taxonomy_terms/{id}`.
fn write_taxonomies(ids: &Ids, terms: &Terms, sink: &dyn Sink) -> Result<(), String> {
    for v in VOCABULARIES {
        let taxonomy = taxonomy(ids, v);
        let full = TaxonomyWithTerms {
            taxonomy_terms: terms.list.iter().filter(|t| t.taxonomy == v.name).collect(),
            taxonomy: taxonomy.clone(),
        };
        put_json(sink, &format!("taxonomies/{}.json", taxonomy.id), &full)?;
    }
    terms
        .list
        .par_iter()
        .try_for_each(|t| put_json(sink, &format!("taxonomy_terms/{}.json", t.id), t))?;
    put_json(
        sink,
        "taxonomies.json",
        &Page::single(VOCABULARIES.iter().map(|v| taxonomy(ids, *v)).collect()),
    )?;
    put_json(
        sink,
        "taxonomy_terms.json",
        &Page::single(terms.list.iter().collect()),
    )
}

/// The key an organisation's id is made from: one organisation's services share it.
fn organization_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// "Runs Thursday Lunch Club, listed on Harbourside Support Map.": the one thing we know about
/// an organisation besides its name, by organisation key.
fn organization_descriptions(assets: &[&Asset], site: &str) -> HashMap<String, String> {
    let mut runs: HashMap<String, Vec<&str>> = HashMap::new();
    for a in assets {
        if let Some(name) = a
            .record
            .organisation
            .as_deref()
            .filter(|o| !o.trim().is_empty())
        {
            runs.entry(organization_key(name))
                .or_default()
                .push(a.name.as_str());
        }
    }
    runs.into_iter()
        .map(|(key, services)| {
            let text = match services.len() {
                1 => format!("Runs {}, listed on {site}.", services[0]),
                n => format!(
                    "Runs {n} services listed on {site}: {}.",
                    list_in_words(&services, 10)
                ),
            };
            (key, text)
        })
        .collect()
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
pub(crate) fn service_description(summary: &str, description: Option<&str>) -> String {
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{}\n\n{d}", summary.trim()),
        None => summary.trim().to_string(),
    }
}

fn full_service(
    ids: &Ids,
    terms: &Terms,
    places: &HashMap<&str, &crate::validate::Place>,
    organizations: &HashMap<String, String>,
    model: &Model,
    asset: &Asset,
) -> FullService {
    let r = &asset.record;
    let a = &asset.id;
    let id = ids.of(&format!("service/{a}"));
    let sub = |kind: &str, key: &str| ids.of(&format!("{kind}/{a}/{key}"));
    let contact = r.contact.clone().unwrap_or_default();
    let page = model.site.full_address(&crate::addresses::asset(a));
    let organization = r
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|name| Organization {
            id: ids.of(&format!("organization/{}", organization_key(name))),
            name: name.to_string(),
            description: organizations
                .get(&organization_key(name))
                .cloned()
                .unwrap_or_default(),
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
            uri: model.site.full_address(&crate::addresses::place(&p.id)),
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
                    fields: LocationFields {
                        id: location_id.clone(),
                        location_type: "physical",
                        name: l.name.clone(),
                        latitude: l.lat,
                        longitude: l.lon,
                    },
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
        related: Related {
            phones,
            schedules,
            service_areas,
            languages,
            cost_options,
            contacts,
            attributes,
        },
        service_at_locations,
    }
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
    fn lists_a_few_items_in_words() {
        assert_eq!(list_in_words(&[], 3), "");
        assert_eq!(list_in_words(&["a"], 3), "a");
        assert_eq!(list_in_words(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(
            list_in_words(&["a", "b", "c", "d", "e"], 2),
            "a, b and 3 more"
        );
    }

    fn need(description: Option<&str>, synonyms: &[&str]) -> crate::validate::Need {
        crate::validate::Need {
            id: "money".into(),
            name: "Money".into(),
            description: description.map(str::to_string),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            sensitive: false,
        }
    }

    #[test]
    fn a_need_is_described_by_its_description_else_its_words() {
        assert_eq!(
            need_description(&need(Some(" Help with bills. "), &["debt"])),
            "Help with bills."
        );
        assert_eq!(
            need_description(&need(Some(""), &["debt", "bills"])),
            "Community support for: Money (also: debt and bills)."
        );
        assert_eq!(
            need_description(&need(None, &[])),
            "Community support for: Money."
        );
    }

    #[test]
    fn a_place_without_a_summary_says_what_and_where_it_is() {
        let place = |id: &str, kind: &str, within: Option<&str>| crate::validate::Place {
            id: id.into(),
            name: id.to_uppercase(),
            kind: kind.into(),
            within: within.map(str::to_string),
            summary: None,
        };
        let town = place("town", "place", None);
        let ward = place("ward", "ward", Some("town"));
        let places = HashMap::from([("town", &town), ("ward", &ward)]);
        assert_eq!(
            place_description(&ward, &places, "Our Map"),
            "WARD: a ward within TOWN."
        );
        assert_eq!(
            place_description(&town, &places, "Our Map"),
            "TOWN: a place that Our Map covers."
        );
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
