//! The taxonomy records are filed under: the needs of `content/needs.yaml` (ids, names,
//! duplicates) and the places of `content/places/` (name, kind, and `within` pointing to a
//! larger place without going round in a circle).

use super::context::{check_ref, Known};
use super::decode::{already_reported, decode_all, Located};
use super::report::At;
use crate::diagnostics::{Diagnostics, Pos};
use crate::records::{NeedRecord, PlaceRecord};
use crate::source::{is_valid_id, Source};
use crate::yaml::YamlPath;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Need {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    pub sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub within: Option<String>,
    pub summary: Option<String>,
}

pub(crate) fn needs(sources: Vec<Source>, diags: &mut Diagnostics) -> Vec<Need> {
    let Some(located) = decode_all::<Vec<NeedRecord>>(sources, diags).pop() else {
        if already_reported(diags, "needs") {
            return Vec::new();
        }
        diags
            .error(Path::new("content/needs.yaml"), Pos::START, "missing content/needs.yaml")
            .help("create content/needs.yaml listing the needs, such as: - { id: money, name: Money and debt }");
        return Vec::new();
    };
    let at = located.at();
    let mut seen = BTreeSet::new();
    located
        .record
        .iter()
        .enumerate()
        .filter_map(|(i, r)| need(&at, diags, i, r, &mut seen))
        .collect()
}

/// The `i`th entry of needs.yaml, unless it lacks an id or name or repeats an id.
fn need(
    at: &At,
    diags: &mut Diagnostics,
    i: usize,
    r: &NeedRecord,
    seen: &mut BTreeSet<String>,
) -> Option<Need> {
    let path = YamlPath::root().index(i);
    let (Some(id), Some(name)) = (&r.id, &r.name) else {
        let missing = if r.id.is_none() { "id" } else { "name" };
        at.error(
            diags,
            &path,
            format!("need {} is missing \"{missing}\"", i + 1),
            "each need has an id (such as money) and a name (such as Money and debt)",
        );
        return None;
    };
    if !is_valid_id(id) {
        at.error(
            diags,
            &path.key("id"),
            format!("\"{id}\" is not a valid need id"),
            "use lowercase letters, digits and hyphens, such as mental-wellbeing",
        );
        return None;
    }
    if !seen.insert(id.clone()) {
        at.error(
            diags,
            &path.key("id"),
            format!("duplicate need id \"{id}\""),
            "each need id must be used once",
        );
        return None;
    }
    Some(Need {
        id: id.clone(),
        name: name.trim().to_string(),
        description: r.description.clone(),
        synonyms: r.synonyms.clone(),
        sensitive: r.sensitive,
    })
}

pub(crate) fn places(located: Vec<Located<PlaceRecord>>, diags: &mut Diagnostics) -> Vec<Place> {
    let ids: Vec<Known> = located
        .iter()
        .map(|l| Known::new(&l.id, l.record.name.as_deref().unwrap_or(&l.id)))
        .collect();
    let out: Vec<Place> = located
        .iter()
        .filter_map(|l| place(l, &ids, diags))
        .collect();
    for l in &located {
        if let Some(cycle) = within_cycle(&l.id, &out) {
            diags
                .error(
                    &l.file,
                    l.index.value(&YamlPath::root().key("within")),
                    format!(
                        "places are inside each other in a circle: {}",
                        cycle.join(" → ")
                    ),
                )
                .help("a place's \"within\" must point to a larger area, never back to itself");
        }
    }
    out
}

/// One place, checked on its own and for the place it is `within` (one of `ids`).
fn place(l: &Located<PlaceRecord>, ids: &[Known], diags: &mut Diagnostics) -> Option<Place> {
    let at = l.at();
    let name = at.required_text(diags, &l.record.name, "name", "Westfield");
    let kind = at.required_text(diags, &l.record.kind, "kind", "neighbourhood");
    if let Some(kind) = &kind {
        if !is_valid_id(kind) {
            at.error(
                diags,
                &YamlPath::root().key("kind"),
                format!("\"{kind}\" is not a valid kind of place"),
                "use one lowercase word such as place, neighbourhood, ward or pcn",
            );
        }
    }
    if let Some(within) = &l.record.within {
        let path = YamlPath::root().key("within");
        check_ref(&at, diags, &path, within, ids, "place");
    }
    Some(Place {
        id: l.id.clone(),
        name: name?,
        kind: kind?,
        within: l.record.within.clone(),
        summary: l.record.summary.clone(),
    })
}

/// The chain of `within` from `start` back to itself, if there is one.
fn within_cycle(start: &str, places: &[Place]) -> Option<Vec<String>> {
    let parent: HashMap<&str, &str> = places
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.within.as_deref()?)))
        .collect();
    let mut chain = vec![start.to_string()];
    let mut current = start;
    while let Some(&next) = parent.get(current) {
        chain.push(next.to_string());
        if next == start {
            return Some(chain);
        }
        if chain.len() > places.len() + 1 {
            return None;
        }
        current = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_within_cycles() {
        let place = |id: &str, within: &str| Place {
            id: id.into(),
            name: id.into(),
            kind: "place".into(),
            within: Some(within.into()),
            summary: None,
        };
        let places = vec![place("a", "b"), place("b", "a")];
        assert_eq!(
            within_cycle("a", &places),
            Some(vec!["a".into(), "b".into(), "a".into()])
        );
    }
}
