//! Taxonomy terms: needs, places and our other vocabularies (access, health creation, tags)
//! from the terms a service is linked to; service areas, or else the towns of its addresses, as
//! places.

use super::super::read::{id_text, RawService};
use super::super::rec::{Problem, Problems, Rec};
use super::super::report::Report;
use super::Ref;
use crate::openreferral::{
    vocabulary_named, Vocabulary, ACCESS, HEALTH_CREATION, NEEDS, PLACES, TAGS,
};
use crate::records::{Access, HealthCreation};
use serde_json::Value;
use std::collections::HashMap;

/// A taxonomy term as found in the input.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) id: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) parent_id: Option<String>,
    pub(crate) vocabulary: Option<Vocabulary>,
    pub(crate) taxonomy: Option<String>,
}

pub(crate) fn read_term(rec: &Rec) -> Result<Option<Term>, Problem> {
    let name = match rec.text("name")? {
        Some(name) => name,
        None => match rec.text("term")? {
            Some(term) => term,
            None => return Ok(None),
        },
    };
    let detail = rec.object("taxonomy_detail")?;
    let detail_name = match &detail {
        Some(d) => d.text("name")?,
        None => None,
    };
    let taxonomy = rec.text("taxonomy")?.or(detail_name.clone());
    let vocabulary = detail_name
        .as_deref()
        .and_then(vocabulary_named)
        .or_else(|| taxonomy.as_deref().and_then(vocabulary_named));
    Ok(Some(Term {
        id: rec.map.get("id").and_then(id_text),
        code: rec.text("code")?,
        name,
        description: rec.text("description")?,
        parent_id: rec.map.get("parent_id").and_then(id_text),
        vocabulary,
        taxonomy,
    }))
}

/// Every term of the input by id, to follow `parent_id`; and whether the input is a Support
/// Map's own export (it uses our vocabularies).
pub(crate) struct TermRegistry {
    pub(crate) by_id: HashMap<String, Term>,
    /// Terms listed on their own (taxonomy_terms.json), in their order.
    pub(crate) listed: Vec<Term>,
    pub(crate) ours: bool,
}

impl TermRegistry {
    pub(crate) fn new(services: &[RawService], listed: &[Value]) -> TermRegistry {
        let mut by_id = HashMap::new();
        let mut ours = false;
        let mut add = |value: &Value| -> Option<Term> {
            let term = read_term(&Rec {
                map: value.as_object()?,
                path: String::new(),
            })
            .ok()??;
            ours |= term.vocabulary.is_some();
            if let Some(id) = term.id.clone() {
                by_id.entry(id).or_insert_with(|| term.clone());
            }
            Some(term)
        };
        let listed = listed.iter().filter_map(&mut add).collect();
        for raw in services {
            for attribute in raw
                .value
                .get("attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(term) = attribute.get("taxonomy_term") {
                    add(term);
                }
            }
        }
        TermRegistry {
            by_id,
            listed,
            ours,
        }
    }
}

impl Term {
    /// The term as a need or place to resolve.
    pub(crate) fn to_ref(&self) -> Ref {
        Ref {
            code: self.code.clone(),
            own: self.vocabulary.is_some(),
            name: self.name.clone(),
            description: self.description.clone(),
            parent: self.parent_id.clone(),
        }
    }
}

/// A service's terms, sorted by what they mean on a Support Map.
#[derive(Default)]
pub(super) struct Classified {
    pub(super) needs: Vec<Ref>,
    pub(super) places: Vec<Ref>,
    pub(super) access: Vec<String>,
    pub(super) health_creation: Vec<String>,
    pub(super) tags: Vec<String>,
}

/// Sorts the terms of a service's `attributes`. Terms of other taxonomies are needs, unless the
/// input is our own export, where they are counted as not imported. Another site's places are
/// its service areas, or else the towns of its addresses.
pub(super) fn classify(
    svc: &Rec,
    registry: &TermRegistry,
    towns: &[String],
    p: &mut Problems,
    notes: &mut Vec<String>,
    report: &mut Report,
) -> Classified {
    let mut out = Classified::default();
    for attribute in p.take(svc.list("attributes")) {
        let term = match p.take(attribute.object("taxonomy_term")) {
            Some(t) => p.take(read_term(&t)),
            None => attribute
                .map
                .get("taxonomy_term_id")
                .and_then(id_text)
                .and_then(|id| registry.by_id.get(&id).cloned()),
        };
        if let Some(term) = term {
            out.add(&term, registry.ours, report);
        }
    }
    if !registry.ours {
        let (areas, left_out) = service_areas(svc, p, notes);
        out.places.extend(areas);
        if out.places.is_empty() && !towns.is_empty() {
            if left_out {
                notes.push("the towns of its addresses became its places instead".to_string());
            } else {
                report.places_from_towns += 1;
            }
            out.places
                .extend(towns.iter().map(|town| Ref::named(town.clone())));
        }
    }
    out
}

impl Classified {
    fn add(&mut self, term: &Term, ours: bool, report: &mut Report) {
        let code = term.code.as_deref();
        match term.vocabulary {
            Some(v) if v == NEEDS => self.needs.push(term.to_ref()),
            Some(v) if v == PLACES => self.places.push(term.to_ref()),
            Some(v) if v == ACCESS => self.access.extend(
                Access::ALL
                    .iter()
                    .find(|a| Some(a.id()) == code)
                    .map(|a| a.id().to_string()),
            ),
            Some(v) if v == HEALTH_CREATION => self.health_creation.extend(
                HealthCreation::ALL
                    .iter()
                    .find(|h| Some(h.id()) == code)
                    .map(|h| h.id().to_string()),
            ),
            Some(v) if v == TAGS => self.tags.push(term.name.clone()),
            _ if !ours => self.needs.push(term.to_ref()),
            _ => {
                *report
                    .other_terms
                    .entry(
                        term.taxonomy
                            .clone()
                            .unwrap_or_else(|| "no taxonomy".into()),
                    )
                    .or_default() += 1
            }
        }
    }
}

/// The longest place name taken from a service area: longer ones are descriptions of an area
/// rather than its name.
const MAX_AREA_NAME: usize = 80;

/// The names of a service's areas, as places, and whether any was left out.
fn service_areas(svc: &Rec, p: &mut Problems, notes: &mut Vec<String>) -> (Vec<Ref>, bool) {
    let mut places = Vec::new();
    let mut left_out = false;
    for area in p.take(svc.list("service_areas")) {
        let area_name = match p.take(area.text("name")) {
            Some(n) => Some(n),
            None => p.take(area.text("service_area")),
        };
        match area_name {
            Some(n) if n.chars().count() > MAX_AREA_NAME => {
                notes.push(format!("service area \"{n}\" is longer than {MAX_AREA_NAME} characters, too long for a place name; left out"));
                left_out = true;
            }
            Some(n) => places.push(Ref::named(n)),
            None => {}
        }
    }
    (places, left_out)
}
