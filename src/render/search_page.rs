//! The search page: the form and the options of each filter (need, place, access, cost,
//! language); the results come from the search index in the browser.

use super::{PageMeta, Pages, Renderer};
use crate::addresses;
use crate::model::{Link, Model, Untranslated};
use crate::records::{Access, Cost};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// One option of a search filter.
#[derive(Serialize)]
struct FacetOption {
    id: String,
    name: String,
    /// A need's or place's page, for the links a search that finds nothing offers instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// A need's or place's name still in the default language, for `lang`.
    #[serde(skip_serializing_if = "Option::is_none")]
    untranslated: Option<Untranslated>,
}

fn option(id: &str, name: &str) -> FacetOption {
    FacetOption {
        id: id.to_string(),
        name: name.to_string(),
        path: None,
        untranslated: None,
    }
}

/// The option of a need or a place, from its link.
fn named(link: Link) -> FacetOption {
    FacetOption {
        id: link.id,
        name: link.name,
        path: Some(link.path),
        untranslated: link.untranslated,
    }
}

impl Renderer<'_> {
    pub(super) fn search(&self) -> Pages {
        let file = addresses::file(addresses::SEARCH);
        if !self.wants(&file) {
            return Ok(0);
        }
        let mut c = Context::new();
        c.insert("facets", &self.facets());
        c.insert("max_age", &crate::search::MAX_AGE);
        let (title, description) = (
            self.say("search.button", &[]),
            self.say("search.description", &[]),
        );
        let meta = PageMeta {
            title: &title,
            description: &description,
            path: addresses::SEARCH,
            kind: "search",
        };
        self.page("search.html", &file, meta, c)
    }

    /// Each filter's options, named in the site's language.
    fn facets(&self) -> BTreeMap<&'static str, Vec<FacetOption>> {
        let m = self.model;
        let mut facets = BTreeMap::new();
        facets.insert(
            "need",
            m.needs.iter().map(|n| named(m.need_link(n))).collect(),
        );
        facets.insert(
            "place",
            m.places.iter().map(|p| named(m.place_link(p))).collect(),
        );
        facets.insert(
            "access",
            (Access::ALL.iter())
                .map(|a| option(a.id(), &self.say(a.key(), &[])))
                .collect(),
        );
        facets.insert(
            "cost",
            (Cost::ALL.iter())
                .map(|c| option(c.id(), &self.say(c.key(), &[])))
                .collect(),
        );
        facets.insert("language", languages(m));
        facets
    }
}

/// Every language some asset offers, once per primary language (`pt-BR` counts as `pt`), by
/// name.
fn languages(m: &Model) -> Vec<FacetOption> {
    let mut languages: Vec<FacetOption> = m
        .assets
        .iter()
        .flat_map(|a| {
            a.card.languages.iter().map(|l| {
                (
                    l.code.split('-').next().unwrap_or("").to_ascii_lowercase(),
                    l.name.clone(),
                )
            })
        })
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .map(|(code, name)| option(&code, &name))
        .collect();
    languages.sort_by(|a, b| a.name.cmp(&b.name));
    languages
}
