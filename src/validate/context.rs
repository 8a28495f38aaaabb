//! Checks between records: what one record may name of the others (need, place and asset ids,
//! postcodes) and the date it is judged against, and the check that each id it names exists,
//! with a suggestion when it is close to one that does or is the name of one.

use super::report::At;
use super::taxonomy::{Need, Place};
use crate::diagnostics::{did_you_mean, did_you_mean_clause, Diagnostics};
use crate::source::slugify;
use crate::yaml::YamlPath;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A record another may name: its id, and the name editors know it by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
}

/// What checking one record needs to know of the rest of the site.
pub(crate) struct Context<'a> {
    pub(crate) needs: Vec<Known<'a>>,
    pub(crate) places: Vec<Known<'a>>,
    pub(crate) postcodes: &'a crate::postcodes::Table,
    pub(crate) today: NaiveDate,
    /// `review_after_days` of site.yaml: a record reviewed longer ago gets a warning.
    pub(crate) review_after: u32,
}

impl<'a> Context<'a> {
    pub(crate) fn of(
        needs: &'a [Need],
        places: &'a [Place],
        postcodes: &'a crate::postcodes::Table,
        today: NaiveDate,
        review_after: u32,
    ) -> Self {
        Context {
            needs: needs.iter().map(|n| Known::new(&n.id, &n.name)).collect(),
            places: places.iter().map(|p| Known::new(&p.id, &p.name)).collect(),
            postcodes,
            today,
            review_after,
        }
    }

    /// Checks that a record's `needs` and `places` name records that exist.
    pub(crate) fn check_needs_and_places(
        &self,
        at: &At,
        diags: &mut Diagnostics,
        needs: &[String],
        places: &[String],
    ) {
        check_refs(at, diags, "needs", needs, &self.needs, "need");
        check_refs(at, diags, "places", places, &self.places, "place");
    }

    /// The warning or error for a record's `last_reviewed` date, if it needs one.
    pub(crate) fn check_review(&self, at: &At, diags: &mut Diagnostics, reviewed: NaiveDate) {
        at.overdue(diags, reviewed, self.today, self.review_after);
    }
}

impl<'a> Known<'a> {
    pub(crate) fn new(id: &'a str, name: &'a str) -> Self {
        Known { id, name }
    }

    /// Known by its id alone (the name is not at hand).
    pub(crate) fn id(id: &'a str) -> Self {
        Known { id, name: id }
    }
}

/// Whether `id` is one of `known`; if not, reports it as an unknown `what` (need, place or
/// asset) with the closest known id, or the id of the record it is the name of.
pub(crate) fn check_ref(
    at: &At,
    diags: &mut Diagnostics,
    path: &YamlPath,
    id: &str,
    known: &[Known],
    what: &str,
) -> bool {
    if known.iter().any(|k| k.id == id) {
        return true;
    }
    if let Some(named) = named_by(id, known) {
        at.error(
            diags,
            path,
            format!(
                "unknown {what} \"{id}\": that is the name of the {what} whose id is \"{}\"",
                named.id
            ),
            &format!("write the id instead of the name: {}", named.id),
        );
        return false;
    }
    let slug = slugify(id);
    let suggestion = known
        .iter()
        .map(|k| k.id)
        .find(|k| *k == slug)
        .or_else(|| did_you_mean(id, known.iter().map(|k| k.id)));
    let suggestion = did_you_mean_clause(suggestion);
    let help = match what {
        "need" => "a need id must be listed in content/needs.yaml".to_string(),
        "asset" => {
            "an asset id is the file name of a record in content/assets/, without .yaml or .md"
                .to_string()
        }
        other => {
            format!("a {other} id is the file name of a record in content/{other}s/, without .yaml")
        }
    };
    at.error(
        diags,
        path,
        format!("unknown {what} \"{id}\"{suggestion}"),
        &help,
    );
    false
}

/// The record whose name (not id) `word` is, in any case or punctuation.
fn named_by<'k>(word: &str, known: &'k [Known<'k>]) -> Option<&'k Known<'k>> {
    let slug = slugify(word);
    known
        .iter()
        .find(|k| k.name != k.id && slugify(k.name) == slug)
}

fn check_refs(
    at: &At,
    diags: &mut Diagnostics,
    field: &str,
    ids: &[String],
    known: &[Known],
    what: &str,
) {
    let path = YamlPath::root().key(field);
    let mut seen = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        if check_ref(at, diags, &path.index(i), id, known, what) && !seen.insert(id) {
            at.warning(
                diags,
                &path.index(i),
                format!("\"{id}\" is listed twice"),
                "remove the repeated entry",
            );
        }
    }
}
