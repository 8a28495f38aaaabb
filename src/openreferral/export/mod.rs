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
//!
//! This module writes the endpoints; `services`, `service_at_locations`, `organisations` and
//! `taxonomies` each build one part of the data.

mod organisations;
mod service_at_locations;
mod services;
mod taxonomies;

use super::Ids;
use crate::model::Model;
use crate::output::{to_json, write_json, OutputError, Sink};
use crate::validate::{Asset, Content, Place};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// `GET /` of the ORUK API: what the files follow, and which site they come from.
#[derive(Debug, Serialize)]
struct ApiInfo<'a> {
    /// The HSDS version, as the UK profile's `openapi.json` gives it.
    version: &'static str,
    profile: &'static str,
    openapi_url: &'static str,
    /// `SITE_FIELD`: the identity the ids are derived from.
    supportmap_site: ExportedSite<'a>,
}

#[derive(Debug, Serialize)]
struct ExportedSite<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<&'a str>,
}

fn api_info(content: &Content) -> ApiInfo<'_> {
    ApiInfo {
        version: "3.0",
        profile: "https://github.com/OpenReferralUK/uk-profile",
        openapi_url:
            "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json",
        supportmap_site: ExportedSite {
            title: &content.site.title,
            base_url: site_base_url(content),
        },
    }
}

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

/// The identity the ids are derived from: site.yaml's `base_url` (not `--base-url`, so a local
/// preview and the deployed build agree), else the site's title.
fn identity(content: &Content) -> &str {
    site_base_url(content).unwrap_or(&content.site.title)
}

/// site.yaml's `base_url`, when it has one.
fn site_base_url(content: &Content) -> Option<&str> {
    content
        .site
        .base_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
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

fn put_json<T: Serialize>(sink: &dyn Sink, path: &str, value: &T) -> Result<(), OutputError> {
    sink.put(&crate::addresses::openreferral(path), &to_json(value)?)
}

fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, OutputError> {
    serde_json::value::to_raw_value(value).map_err(OutputError::json)
}

/// One page of list items kept as finished JSON text, a fraction of the memory of the records.
fn put_page(sink: &dyn Sink, path: &str, items: Vec<&RawValue>) -> Result<(), OutputError> {
    sink.put_with(&crate::addresses::openreferral(path), &mut |w| {
        write_json(w, &Page::single(items.clone()))
    })
}

pub(crate) fn export(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    sink: &dyn Sink,
) -> Result<(), OutputError> {
    let ids = Ids::new(identity(content));
    let terms = taxonomies::all_terms(&ids, content, model, assets);
    let places: HashMap<&str, &Place> = content.places.iter().map(|p| (p.id.as_str(), p)).collect();
    let organizations = organisations::organization_descriptions(assets, &content.site.title);
    let own_ids = services::own_ids(assets);
    // Each asset gives its `services.json` item and its `service_at_locations.json` items.
    let lists = assets
        .par_iter()
        .map(|asset| {
            let service = services::full_service(
                &ids,
                &own_ids,
                &terms,
                &places,
                &organizations,
                model,
                asset,
            );
            Ok((
                services::write(sink, &service)?,
                service_at_locations::write(sink, &service)?,
            ))
        })
        .collect::<Result<Vec<_>, OutputError>>()?;
    put_json(sink, "index.json", &api_info(content))?;
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
    taxonomies::write_taxonomies(&ids, &terms, sink)
}

#[cfg(test)]
mod tests {
    use super::*;

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
