//! Our vocabularies as HSDS taxonomies: every term with its description (needs, places, access,
//! health creation, tags), the attributes that link a service to its terms, and the
//! `taxonomies` and `taxonomy_terms` endpoints. Terms are built once per export and shared by
//! every service that links to them.

use super::list_in_words;
use super::put_json;
use super::Page;
use crate::model::Model;
use crate::openreferral::{
    access_description, health_creation_description, Ids, Vocabulary, ACCESS, HEALTH_CREATION,
    NEEDS, PLACES, TAGS, VOCABULARIES,
};
use crate::output::{OutputError, Sink};
use crate::records::{Access, HealthCreation};
use crate::source::slugify;
use crate::validate::{Asset, Content, Place};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

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
pub(super) struct Attribute {
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
pub(super) struct Terms {
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
fn place_description(place: &Place, places: &HashMap<&str, &Place>, site: &str) -> String {
    text_or(place.summary.as_ref(), || {
        match place.within.as_deref().and_then(|w| places.get(w)) {
            Some(parent) => format!("{}: a {} within {}.", place.name, place.kind, parent.name),
            None => format!("{}: a {} that {site} covers.", place.name, place.kind),
        }
    })
}

/// Every term of every vocabulary, each with a description (see `need_description` and
/// `place_description`; tags say where they are used).
pub(super) fn all_terms(ids: &Ids, content: &Content, model: &Model, assets: &[&Asset]) -> Terms {
    let absolute = |path: String| model.site.full_address(&path);
    let site = content.site.title.as_str();
    let places: HashMap<&str, &Place> = content.places.iter().map(|p| (p.id.as_str(), p)).collect();
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

/// The attributes that link a service to its terms, each term once: its needs, the places it
/// serves, how to get to it, its health creation and its tags.
pub(super) fn attributes(
    ids: &Ids,
    terms: &Terms,
    asset: &Asset,
    service_id: &str,
    places: &[&Place],
) -> Vec<Attribute> {
    let r = &asset.record;
    let a = &asset.id;
    let mut attributes = Vec::new();
    let mut link = |v: Vocabulary, code: &str| {
        if let Some(t) = terms.get(v, code) {
            if !attributes
                .iter()
                .any(|a: &Attribute| a.taxonomy_term_id == t.id)
            {
                attributes.push(Attribute {
                    id: ids.of(&format!("attribute/{a}/{}/{code}", v.key)),
                    link_id: service_id.to_string(),
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
    for place in places {
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
    attributes
}

/// `GET /taxonomies`, `/taxonomies/{id}`, `/taxonomy_terms` and `/taxonomy_terms/{id}`.
pub(super) fn write_taxonomies(
    ids: &Ids,
    terms: &Terms,
    sink: &dyn Sink,
) -> Result<(), OutputError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let place = |id: &str, kind: &str, within: Option<&str>| Place {
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
}
