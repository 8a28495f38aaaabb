//! Place views: which assets and pathways serve each place, through the places it is part of
//! and the areas inside it.

use super::lookup::Lookup;
use super::views::{AssetView, PathwayView, PlaceView};
use crate::addresses;
use crate::validate::Place;
use std::collections::{BTreeSet, HashMap};

/// Every place with its assets and pathways, and the counts on links to the places around it.
pub(super) fn place_views(
    lookup: &Lookup,
    assets: &[AssetView],
    pathways: &[PathwayView],
) -> Vec<PlaceView> {
    let mut places = lookup.place_views(assets, pathways);
    let counts: HashMap<String, usize> = places
        .iter()
        .map(|p| (p.id.clone(), p.assets.len()))
        .collect();
    for place in &mut places {
        for link in place.children.iter_mut().chain(place.parent.iter_mut()) {
            link.count = counts.get(&link.id).copied();
        }
    }
    places
}

impl Lookup<'_> {
    /// A place lists what serves it directly, what serves an area inside it, and what serves
    /// an area it is part of (a town-wide service is available in every neighbourhood).
    pub(super) fn place_views(
        &self,
        assets: &[AssetView],
        pathways: &[PathwayView],
    ) -> Vec<PlaceView> {
        let mut sorted: Vec<&Place> = self.content.places.iter().collect();
        sorted.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
        let mut related_sets = self.related_sets(&sorted);
        sorted
            .iter()
            .map(|p| {
                let related = related_sets.remove(&p.id).unwrap_or_default();
                self.place_view(p, &sorted, related, assets, pathways)
            })
            .collect()
    }

    /// Each place's related set: the places it is part of, itself, and every area inside it.
    fn related_sets(&self, sorted: &[&Place]) -> HashMap<String, BTreeSet<String>> {
        let parent: HashMap<&str, &str> = self
            .content
            .places
            .iter()
            .filter_map(|p| Some((p.id.as_str(), p.within.as_deref()?)))
            .collect();
        // Each place's ancestors once; a place's related set is then its ancestors, itself and
        // every place that has it as an ancestor.
        let mut related_sets: HashMap<String, BTreeSet<String>> = HashMap::new();
        for p in sorted {
            let above = ancestors(&parent, &p.id);
            let own = related_sets.entry(p.id.clone()).or_default();
            own.extend(above.iter().cloned());
            own.insert(p.id.clone());
            for ancestor in above {
                related_sets
                    .entry(ancestor)
                    .or_default()
                    .insert(p.id.clone());
            }
        }
        related_sets
    }

    fn place_view(
        &self,
        p: &Place,
        sorted: &[&Place],
        related: BTreeSet<String>,
        assets: &[AssetView],
        pathways: &[PathwayView],
    ) -> PlaceView {
        let serves = |ids: &[String]| ids.iter().any(|id| related.contains(id));
        let children: Vec<String> = (sorted.iter())
            .filter(|c| c.within.as_deref() == Some(p.id.as_str()))
            .map(|c| c.id.clone())
            .collect();
        PlaceView {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            kind_label: self.words.place_kind(&p.kind),
            summary: p.summary.clone(),
            path: addresses::place(&p.id),
            parent: p
                .within
                .as_ref()
                .and_then(|w| self.place_links(std::slice::from_ref(w)).pop()),
            children: self.place_links(&children),
            assets: (0..assets.len())
                .filter(|&i| serves(&assets[i].place_ids))
                .collect(),
            pathways: (0..pathways.len())
                .filter(|&i| {
                    pathways[i].places.is_empty()
                        || pathways[i].places.iter().any(|l| related.contains(&l.id))
                })
                .collect(),
            related,
            untranslated: None,
        }
    }
}

/// The places `id` is part of, nearest first; a loop in `within` stops the walk.
fn ancestors(parent: &HashMap<&str, &str>, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = id;
    while let Some(&next) = parent.get(current) {
        if out.iter().any(|o: &String| o == next) || next == id {
            break;
        }
        out.push(next.to_string());
        current = next;
    }
    out
}
