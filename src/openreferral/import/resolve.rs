//! One resolver for needs and places: the term or name a service refers to becomes the id of
//! a need or place the site has already (matched by id, then by name or synonym), or of a new
//! one whose id is unique among those taken. Places bring their parents (`parent_id`) with them.

use super::convert::{Ref, TermRegistry};
use crate::source::{is_valid_id, slug};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A need or place the site has already: its id and the names it answers to.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub(crate) id: String,
    /// The name first, then synonyms.
    pub(crate) names: Vec<String>,
}

/// A need or place the import creates.
pub(crate) struct Created {
    pub(crate) id: String,
    pub(crate) term: Ref,
    /// The id of the place it is within.
    pub(crate) within: Option<String>,
}

/// How deep a chain of parents is followed (a cycle of `parent_id`s stops here).
const MAX_DEPTH: usize = 20;

pub(crate) struct Resolver {
    known: Vec<Known>,
    /// Ids already given, by lower-case name.
    by_name: HashMap<String, String>,
    ids: UniqueIds,
    /// New needs or places, in the order they were first met.
    pub(crate) created: Vec<Created>,
}

impl Resolver {
    pub(crate) fn new(known: Vec<Known>) -> Resolver {
        let ids = UniqueIds::new(known.iter().map(|k| k.id.clone()));
        Resolver {
            known,
            by_name: HashMap::new(),
            ids,
            created: Vec::new(),
        }
    }

    /// The id for `r`; `parents` (for places) finds the terms of `parent_id`s.
    pub(crate) fn resolve(&mut self, r: &Ref, parents: Option<&TermRegistry>) -> String {
        self.resolve_at(r, parents, 0)
    }

    fn resolve_at(&mut self, r: &Ref, parents: Option<&TermRegistry>, depth: usize) -> String {
        let key = r.name.to_lowercase();
        if let Some(id) = self.by_name.get(&key) {
            return id.clone();
        }
        let wanted = r
            .code
            .clone()
            .filter(|c| r.own && is_valid_id(c))
            .unwrap_or_else(|| {
                Some(id_from(&r.name))
                    .filter(|id| !id.is_empty())
                    .unwrap_or_else(|| stable_id(&r.name))
            });
        if let Some(id) = self.matching(&wanted, &r.name) {
            self.by_name.insert(key, id.clone());
            return id;
        }
        let id = self.ids.first_free(&wanted);
        self.ids.take(&id);
        self.by_name.insert(key, id.clone());
        let within = r
            .parent
            .as_ref()
            .filter(|_| depth < MAX_DEPTH)
            .and_then(|pid| parents?.by_id.get(pid))
            .map(|t| self.resolve_at(&t.to_ref(), parents, depth + 1))
            .filter(|p| p != &id);
        self.created.push(Created {
            id: id.clone(),
            term: r.clone(),
            within,
        });
        id
    }

    /// An existing need or place with this id, else one with this name or synonym.
    fn matching(&self, id: &str, name: &str) -> Option<String> {
        self.known
            .iter()
            .find(|k| k.id == id)
            .or_else(|| {
                self.known
                    .iter()
                    .find(|k| k.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            })
            .map(|k| k.id.clone())
    }
}

/// A valid id from a name: a slug, at most 80 characters, not ending in a hyphen; empty when
/// the name has no letters or digits (not even after transliteration).
pub(crate) fn id_from(name: &str) -> String {
    // "St Mary's" reads better as st-marys than st-mary-s.
    let slug = slug(&name.replace(['\'', '\u{2019}'], ""));
    if slug.len() <= 80 {
        return slug;
    }
    slug[..80].trim_end_matches('-').to_string()
}

/// An id for a name with no letters or digits ("★★★"): stable, so importing the same input
/// again gives the same id.
pub(crate) fn stable_id(name: &str) -> String {
    let hash = Uuid::new_v5(&Uuid::NAMESPACE_OID, name.as_bytes())
        .simple()
        .to_string();
    format!("id-{}", &hash[..8])
}

/// Ids given out so far. `first_free` remembers how far it counted for each base, so a
/// thousand services of one name take a thousand steps, not half a million.
#[derive(Default)]
pub(crate) struct UniqueIds {
    taken: HashSet<String>,
    /// For each base id, the suffix below which every `base-n` is taken.
    counted: HashMap<String, usize>,
}

impl UniqueIds {
    pub(crate) fn new(taken: impl IntoIterator<Item = String>) -> UniqueIds {
        UniqueIds {
            taken: taken.into_iter().collect(),
            counted: HashMap::new(),
        }
    }

    /// `base` if it is free, else the first free of `base-2`, `base-3`...
    pub(crate) fn first_free(&mut self, base: &str) -> String {
        if !self.taken.contains(base) {
            return base.to_string();
        }
        // Ids are only ever taken, never given back, so the count can go on where it stopped.
        let mut n = self.counted.get(base).copied().unwrap_or(2);
        while self.taken.contains(&format!("{base}-{n}")) {
            n += 1;
        }
        self.counted.insert(base.to_string(), n);
        format!("{base}-{n}")
    }

    pub(crate) fn take(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut taken = UniqueIds::new(["lunch-club".to_string(), "lunch-club-2".to_string()]);
        assert_eq!(taken.first_free(&id_from("Lunch Club")), "lunch-club-3");
        assert_eq!(taken.first_free(&id_from("Food Bank")), "food-bank");
        assert_eq!(
            id_from("St Mary\u{2019}s Lunch Club"),
            "st-marys-lunch-club"
        );
        assert_eq!(id_from("Café Crèche"), "cafe-creche");
        assert_eq!(id_from("Ŵyl Gymraeg"), "wyl-gymraeg");
        assert_eq!(id_from("★"), "");
        assert_eq!(stable_id("★"), stable_id("★"));
        assert!(is_valid_id(&stable_id("★")) && stable_id("★") != stable_id("☆"));
        let long = id_from(&"very long name ".repeat(20));
        assert!(long.len() <= 80 && is_valid_id(&long), "{long}");
    }

    #[test]
    fn counting_goes_on_past_ids_taken_in_between() {
        let mut ids = UniqueIds::new(["club".to_string()]);
        let second = ids.first_free("club");
        ids.take(&second);
        ids.take("club-3");
        assert_eq!(
            (second.as_str(), ids.first_free("club")),
            ("club-2", "club-4".to_string())
        );
        assert_eq!(
            ids.first_free("club"),
            "club-4",
            "not taken yet: offered again"
        );
    }

    fn place(name: &str, parent: Option<&str>) -> Ref {
        Ref {
            code: None,
            own: false,
            name: name.to_string(),
            description: None,
            parent: parent.map(str::to_string),
        }
    }

    #[test]
    fn known_ids_and_names_are_reused_and_new_ones_created_once() {
        let known = vec![Known {
            id: "money".into(),
            names: vec!["Money".into(), "Debt".into()],
        }];
        let mut needs = Resolver::new(known);
        assert_eq!(needs.resolve(&place("debt", None), None), "money");
        assert_eq!(needs.resolve(&place("Food", None), None), "food");
        assert_eq!(needs.resolve(&place("FOOD", None), None), "food");
        let created: Vec<&str> = needs.created.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(created, ["food"]);
    }
}
