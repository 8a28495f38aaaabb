//! The lookup every view is built with: names and links of records by id, the published
//! assets, what "overdue" means today, and the words facts are said in.

use super::labels::Words;
use super::views::Link;
use crate::addresses;
use crate::validate::{Asset, Content, Place};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Names and links of records by id, shared by every view built from content.
pub(super) struct Lookup<'a> {
    pub(super) content: &'a Content,
    today: NaiveDate,
    need_names: HashMap<&'a str, &'a str>,
    pub(super) sensitive_needs: HashSet<&'a str>,
    places: HashMap<&'a str, &'a Place>,
    /// The published assets.
    pub(super) assets: HashMap<&'a str, &'a Asset>,
    pub(super) words: &'a Words,
}

impl<'a> Lookup<'a> {
    pub(super) fn new(content: &'a Content, today: NaiveDate, words: &'a Words) -> Self {
        Lookup {
            content,
            today,
            need_names: content
                .needs
                .iter()
                .map(|n| (n.id.as_str(), n.name.as_str()))
                .collect(),
            sensitive_needs: (content.needs.iter())
                .filter(|n| n.sensitive)
                .map(|n| n.id.as_str())
                .collect(),
            places: content.places.iter().map(|p| (p.id.as_str(), p)).collect(),
            assets: super::published(&content.assets)
                .map(|a| (a.id.as_str(), a))
                .collect(),
            words,
        }
    }

    pub(super) fn need_links(&self, ids: &[String]) -> Vec<Link> {
        let unique: BTreeSet<&String> = ids.iter().collect();
        let mut seen = BTreeSet::new();
        ids.iter()
            .filter(|id| unique.contains(id) && seen.insert(*id))
            .map(|id| Link {
                id: id.clone(),
                name: self
                    .need_names
                    .get(id.as_str())
                    .copied()
                    .unwrap_or(id)
                    .to_string(),
                path: addresses::need(id),
                count: None,
                untranslated: None,
            })
            .collect()
    }

    pub(super) fn place_links(&self, ids: &[String]) -> Vec<Link> {
        let mut seen = BTreeSet::new();
        ids.iter()
            .filter(|id| seen.insert(*id))
            .filter_map(|id| self.places.get(id.as_str()))
            .map(|p| Link {
                id: p.id.clone(),
                name: p.name.clone(),
                path: addresses::place(&p.id),
                count: None,
                untranslated: None,
            })
            .collect()
    }

    pub(super) fn overdue(&self, reviewed: NaiveDate) -> bool {
        (self.today - reviewed).num_days() > i64::from(self.content.site.review_after_days)
    }
}
