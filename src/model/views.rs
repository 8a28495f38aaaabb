//! The views: what templates, search and the open data see of each record, with every field
//! documented in `docs/themes.md`, and the links between them.

use super::labels::Words;
use crate::records::{Day, Eligibility, Location};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct Model {
    pub site: SiteView,
    pub needs: Vec<NeedView>,
    pub places: Vec<PlaceView>,
    pub assets: Vec<AssetView>,
    pub pathways: Vec<PathwayView>,
    pub guide: Vec<SectionView>,
    pub pages: Vec<PageView>,
    /// Everyday words for search: the built-in list with the site's `synonyms.yaml` over it.
    #[serde(skip)]
    pub synonyms: crate::synonyms::Synonyms,
    /// The words every fact above is said in (the site's language), for what is made from the
    /// model later: an asset patched in, the search index.
    #[serde(skip)]
    pub(crate) words: Arc<Words>,
    /// The same site in each of its other languages (`languages:` after the first), with its
    /// pages under the language's own address (`cy/`).
    #[serde(skip)]
    pub translated: Vec<Model>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// `ltr` or `rtl`: which way `language` is written, for `<html dir>`.
    pub direction: crate::direction::Direction,
    pub contact: Option<String>,
    /// Absolute address of the site with a trailing slash, or empty when unknown.
    pub base_url: String,
    /// Path prefix of every internal link: `/` or `/support-map/`, and `/cy/` or
    /// `/support-map/cy/` for the pages of another language.
    pub base: String,
    /// Path prefix of the files every language shares (styles, scripts, the search index):
    /// the site's own `base`.
    pub root: String,
    pub theme: String,
    /// How many assets a list page shows.
    pub page_size: usize,
    /// Where "Exit this page" goes; null when the site turned the button off.
    pub exit_page_to: Option<String>,
    /// Whether pages register the offline service worker (`offline`).
    pub offline: bool,
    /// Whether search may keep its words in the address.
    pub search_in_address: bool,
    #[serde(skip)]
    pub feedback: crate::feedback::Feedback,
}

impl SiteView {
    /// Where a reader reaches the page or file at `path` (from `addresses`): its full address
    /// when the site knows its own, else its path from the root of the host.
    pub(crate) fn address_of(&self, path: &str) -> String {
        self.full_address(path)
            .unwrap_or_else(|| format!("{}{path}", self.base))
    }

    /// The full address of the page or file at `path`, for readers elsewhere (open data,
    /// Open Referral); `None` when the site does not know its own address.
    pub(crate) fn full_address(&self, path: &str) -> Option<String> {
        (!self.base_url.is_empty()).then(|| format!("{}{path}", self.base_url))
    }
}

/// Which texts of a record are shown in the default language on another language's page,
/// for lack of a translation: the page marks them with `lang` and says so.
#[derive(Debug, Clone, Serialize)]
pub struct Untranslated {
    /// The default language's tag, for `lang`.
    pub lang: String,
    /// The fields not yet translated (`name`, `summary`, `description`...).
    pub fields: Vec<&'static str>,
    /// The default language's direction when the page's differs, for `dir`: English text in
    /// an Arabic page is laid out, and kept apart, as English.
    pub dir: Option<crate::direction::Direction>,
}

/// A link to a need or a place, by name.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub path: String,
    pub count: Option<usize>,
    /// The need's or place's texts still in the default language on this language's pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathwayLink {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Serialize)]
pub struct NeedView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    /// Seeing one of its services in someone's Support Map could put them at risk.
    pub sensitive: bool,
    pub path: String,
    /// Indexes into `Model::assets`.
    #[serde(skip)]
    pub assets: Vec<usize>,
    #[serde(skip)]
    pub pathways: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Serialize)]
pub struct PlaceView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub summary: Option<String>,
    pub path: String,
    pub parent: Option<Link>,
    pub children: Vec<Link>,
    #[serde(skip)]
    pub assets: Vec<usize>,
    #[serde(skip)]
    pub pathways: Vec<usize>,
    /// Ids of the places that share this one's services: itself, the areas inside it and the
    /// areas it is part of.
    #[serde(skip)]
    pub related: BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Labelled {
    pub id: &'static str,
    /// The value in the site's language.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoursView {
    /// The days themselves, for search to work out "open now" in the browser.
    #[serde(skip)]
    pub days: Vec<Day>,
    pub days_label: String,
    pub opens: String,
    pub closes: String,
    /// Open the whole day: shown as "24 hours", not "00:00 to 23:59".
    pub all_day: bool,
    pub note: Option<String>,
}

/// What a list of assets shows of each one.
#[derive(Debug, Clone, Serialize)]
pub struct AssetCard {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub path: String,
    pub organisation: Option<String>,
    pub needs: Vec<Link>,
    pub places: Vec<Link>,
    pub cost: Option<Labelled>,
    pub access: Vec<Labelled>,
    pub status: &'static str,
    pub status_label: String,
    pub last_reviewed: String,
    pub last_reviewed_label: String,
    pub overdue: bool,
    pub languages: Vec<Language>,
    pub age_label: Option<String>,
    pub first_location: Option<Location>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    /// Opening times, one line each: "Tuesday, 12:00 to 14:00 (by appointment)".
    pub when: Vec<String>,
    /// It meets a sensitive need (such as domestic abuse): someone else seeing it in a
    /// person's Support Map could put them at risk.
    pub sensitive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Serialize)]
pub struct AssetView {
    #[serde(flatten)]
    pub card: AssetCard,
    pub description_html: String,
    pub referral_html: String,
    pub locations: Vec<Location>,
    pub contact: ContactView,
    pub opening_hours: Vec<HoursView>,
    pub cost_detail: Option<String>,
    pub eligibility: Eligibility,
    pub health_creation: Vec<Labelled>,
    pub tags: Vec<String>,
    pub pathways: Vec<PathwayLink>,
    #[serde(skip)]
    pub place_ids: Vec<String>,
    /// The record's file, relative to the site root (for "Edit this record").
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub number: usize,
    pub title: String,
    pub text_html: String,
    pub assets: Vec<AssetCard>,
}

#[derive(Debug, Serialize)]
pub struct PathwayView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
    pub for_whom: Option<String>,
    pub needs: Vec<Link>,
    /// It is for a sensitive need: its page offers the way to hide a visit.
    pub sensitive: bool,
    pub places: Vec<Link>,
    pub last_reviewed: String,
    pub last_reviewed_label: String,
    pub overdue: bool,
    pub path: String,
    pub steps: Vec<StepView>,
    /// The record's file, relative to the site root (for "Edit this record").
    #[serde(skip)]
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub slug: String,
    pub title: String,
    pub order: i32,
    pub summary: Option<String>,
    pub path: String,
    pub body_html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

#[derive(Debug, Serialize)]
pub struct PageView {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untranslated: Option<Untranslated>,
}

impl Model {
    pub fn need_link(&self, need: &NeedView) -> Link {
        Link {
            id: need.id.clone(),
            name: need.name.clone(),
            path: need.path.clone(),
            count: Some(need.assets.len()),
            untranslated: need.untranslated.clone(),
        }
    }

    pub fn place_link(&self, place: &PlaceView) -> Link {
        Link {
            id: place.id.clone(),
            name: place.name.clone(),
            path: place.path.clone(),
            count: Some(place.assets.len()),
            untranslated: place.untranslated.clone(),
        }
    }

    pub fn pathway_link(&self, pathway: &PathwayView) -> PathwayLink {
        pathway_link(pathway)
    }
}

pub(super) fn pathway_link(p: &PathwayView) -> PathwayLink {
    PathwayLink {
        id: p.id.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        path: p.path.clone(),
        untranslated: p.untranslated.clone(),
    }
}
