//! Pathways: checks each route (`content/pathways/<id>.md`): its required fields, needs and
//! places, review date, and steps, each step's assets named once and existing (a closed one
//! is warned about, since the step will not show it, and one whose own file has problems is
//! said to be left out, once, rather than unknown).

use super::asset::Asset;
use super::context::{check_ref, Context, Known};
use super::decode::Located;
use super::report::At;
use crate::diagnostics::Diagnostics;
use crate::records::{PathwayRecord, Status, Step};
use crate::scaffold::NewKind;
use crate::source::Source;
use crate::yaml::YamlPath;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Pathway {
    pub id: String,
    /// The record's file, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub needs: Vec<String>,
    pub places: Vec<String>,
    pub for_whom: Option<String>,
    pub last_reviewed: chrono::NaiveDate,
    pub steps: Vec<PathwayStep>,
}

#[derive(Debug, Clone)]
pub struct PathwayStep {
    pub title: String,
    pub text: String,
    pub assets: Vec<String>,
}

/// The assets a step may name, with their status, and their ids in order for suggestions;
/// and the asset files that could not be read as records, which a step names in vain.
struct Named<'a> {
    status: HashMap<&'a str, Status>,
    known: Vec<Known<'a>>,
    broken: BTreeMap<&'a str, &'a Path>,
}

/// Each asset source's id and file (the first, when two share an id).
pub(crate) fn files_of(sources: &[Source]) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for source in sources {
        files
            .entry(source.id.clone())
            .or_insert_with(|| source.file.clone());
    }
    files
}

pub(crate) fn pathways(
    located: Vec<Located<PathwayRecord>>,
    context: &Context,
    assets: &[Asset],
    files: &BTreeMap<String, PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<Pathway> {
    let by_id: BTreeMap<&str, &Asset> = assets.iter().map(|a| (a.id.as_str(), a)).collect();
    let named = Named {
        status: by_id
            .values()
            .map(|a| (a.id.as_str(), a.record.status))
            .collect(),
        known: by_id.values().map(|a| Known::new(&a.id, &a.name)).collect(),
        broken: files
            .iter()
            .filter(|(id, _)| !by_id.contains_key(id.as_str()))
            .map(|(id, file)| (id.as_str(), file.as_path()))
            .collect(),
    };
    located
        .into_iter()
        .filter_map(|l| pathway(l, context, &named, diags))
        .collect()
}

/// One pathway; `None` when it cannot be published as it stands.
fn pathway(
    l: Located<PathwayRecord>,
    context: &Context,
    named: &Named,
    diags: &mut Diagnostics,
) -> Option<Pathway> {
    let at = l.at();
    let r = &l.record;
    let title = at.required_text(diags, &r.title, "title", "Money worries and low mood");
    let summary = at.required_text(
        diags,
        &r.summary,
        "summary",
        "A route from a first conversation to steady support.",
    );
    if let Some(summary) = &summary {
        at.example_left(
            diags,
            NewKind::Pathway,
            "summary",
            summary,
            "replace it with one sentence of your own: who the route is for and where it leads",
        );
    }
    let needs = at
        .required(diags, &r.needs, "needs", "[money, mental-wellbeing]")
        .cloned();
    context.check_needs_and_places(&at, diags, needs.as_deref().unwrap_or_default(), &r.places);
    let last_reviewed = at.last_reviewed(diags, &r.last_reviewed, context.today);
    if let Some(date) = last_reviewed {
        context.check_review(&at, diags, date);
    }
    let steps = steps(&at, r, named, diags);
    report_broken_assets(&at, r, named, diags);
    Some(Pathway {
        id: l.id.clone(),
        file: l.file.clone(),
        title: title?,
        summary: summary?,
        intro: l.body.clone().unwrap_or_default(),
        needs: needs?,
        places: r.places.clone(),
        for_whom: r.for_whom.clone(),
        last_reviewed: last_reviewed?,
        steps,
    })
}

/// The pathway's steps that have a title, each checked.
fn steps(at: &At, r: &PathwayRecord, named: &Named, diags: &mut Diagnostics) -> Vec<PathwayStep> {
    let steps = at.required(
        diags,
        &r.steps,
        "steps",
        "[{ title: Talk to a link worker, text: ..., assets: [...] }]",
    );
    if steps.is_some_and(Vec::is_empty) {
        at.error(
            diags,
            &YamlPath::root().key("steps"),
            "a pathway needs at least one step",
            "",
        );
    }
    steps
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, step)| self::step(at, i, step, named, diags))
        .collect()
}

fn step(
    at: &At,
    i: usize,
    step: &Step,
    named: &Named,
    diags: &mut Diagnostics,
) -> Option<PathwayStep> {
    let path = YamlPath::root().key("steps").index(i);
    let Some(title) = step.title.as_ref().filter(|t| !t.trim().is_empty()) else {
        at.error(
            diags,
            &path,
            format!("step {} has no \"title\"", i + 1),
            "add title: with a few words naming the step",
        );
        return None;
    };
    for (j, asset) in step.assets.iter().enumerate() {
        let asset_path = path.key("assets").index(j);
        if step.assets[..j].contains(asset) {
            at.warning(
                diags,
                &asset_path,
                format!("asset \"{asset}\" is listed twice in step {}", i + 1),
                "remove the second one: the step shows each service once",
            );
            continue;
        }
        check_step_asset(at, &asset_path, asset, named, diags);
    }
    Some(PathwayStep {
        title: title.trim().to_string(),
        text: step.text.clone().unwrap_or_default(),
        assets: step.assets.clone(),
    })
}

/// An asset a step names: it must exist, and a closed one will not be shown. One whose file
/// has problems is `report_broken_assets`'s.
fn check_step_asset(at: &At, path: &YamlPath, asset: &str, named: &Named, diags: &mut Diagnostics) {
    if named.broken.contains_key(asset) {
        return;
    }
    if check_ref(at, diags, path, asset, &named.known, "asset")
        && named.status.get(asset) == Some(&Status::Closed)
    {
        at.warning(
            diags,
            path,
            format!("asset \"{asset}\" is closed and will not be shown in this step"),
            "replace it with a service that is running",
        );
    }
}

/// Says once, where the pathway first names it, that an asset is left out because its own
/// file has problems (reported in that file): it is no unknown id.
fn report_broken_assets(at: &At, r: &PathwayRecord, named: &Named, diags: &mut Diagnostics) {
    let mut reported = BTreeSet::new();
    for (i, step) in r.steps.iter().flatten().enumerate() {
        for (j, asset) in step.assets.iter().enumerate() {
            let Some(file) = named.broken.get(asset.as_str()) else {
                continue;
            };
            if reported.insert(asset) {
                let path = YamlPath::root()
                    .key("steps")
                    .index(i)
                    .key("assets")
                    .index(j);
                at.warning(
                    diags,
                    &path,
                    format!("asset \"{asset}\" is left out of this pathway: its file {} has problems", file.display()),
                    &format!("fix the problems reported for {}; the pathway shows the service again once they are fixed", file.display()),
                );
            }
        }
    }
}
