//! Planning the files: what the content folder holds already, the id of every asset, need and
//! place, and the bytes of every file to write. Nothing is written here, so a problem found
//! while planning leaves the folder as it was.

use super::convert::{Draft, Ref, TermRegistry};
use super::read::ExportedSite;
use super::rec::Problem;
use super::report::Report;
use super::resolve::{Known, Resolver, UniqueIds};
use super::write::yaml;
use crate::opendata::{NeedData, PlaceData};
use crate::openreferral::{NEEDS, PLACES};
use crate::pipeline::Failure;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What the content folder already holds.
#[derive(Default)]
pub(crate) struct Existing {
    needs_text: Option<String>,
    needs: Vec<Known>,
    /// By id, so matching by name does not depend on the order files were found in.
    places: BTreeMap<String, String>,
    assets: HashMap<String, PathBuf>,
    site: bool,
}

impl Existing {
    pub(crate) fn read(content: &Path) -> Existing {
        let mut existing = Existing {
            site: content.join("site.yaml").is_file() || content.join("site.yml").is_file(),
            ..Existing::default()
        };
        if let Ok(text) = fs::read_to_string(content.join("needs.yaml")) {
            existing.needs = known_needs(&text);
            existing.needs_text = Some(text);
        }
        for path in record_files(&content.join("places"), &["yaml", "yml"]) {
            let id = stem(&path);
            let name = fs::read_to_string(&path)
                .ok()
                .and_then(|t| crate::yaml::read_value(&t))
                .and_then(|v| {
                    v.get("name")
                        .and_then(serde_yaml::Value::as_str)
                        .map(str::to_string)
                })
                .unwrap_or_else(|| id.clone());
            existing.places.insert(id, name);
        }
        for path in record_files(&content.join("assets"), &["yaml", "yml", "md"]) {
            existing.assets.insert(stem(&path), path);
        }
        existing
    }

    fn places(&self) -> Vec<Known> {
        self.places
            .iter()
            .map(|(id, name)| Known {
                id: id.clone(),
                names: vec![name.clone()],
            })
            .collect()
    }
}

/// The needs of needs.yaml: id, name and synonyms.
fn known_needs(text: &str) -> Vec<Known> {
    let Some(serde_yaml::Value::Sequence(items)) = crate::yaml::read_value(text) else {
        return Vec::new();
    };
    let mut needs = Vec::new();
    for item in items {
        let field = |k: &str| {
            item.get(k)
                .and_then(serde_yaml::Value::as_str)
                .map(str::to_string)
        };
        let Some(id) = field("id") else { continue };
        let mut names = vec![field("name").unwrap_or(id.clone())];
        names.extend(
            item.get("synonyms")
                .and_then(serde_yaml::Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string)),
        );
        needs.push(Known { id, names });
    }
    needs
}

fn record_files(folder: &Path, exts: &[&str]) -> Vec<PathBuf> {
    walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            exts.contains(&ext.as_str())
        })
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Files to write, in order, and what is being replaced.
pub(crate) struct Plan {
    pub(crate) writes: Vec<(PathBuf, Vec<u8>)>,
    /// Services not written because `check` would refuse their records (by `Draft::order`).
    pub(crate) skipped: Vec<(usize, Vec<Problem>)>,
    /// Existing records the import replaces (only with --overwrite).
    pub(crate) replaces: Vec<PathBuf>,
    /// Existing files of the same id at another path, removed when replaced.
    pub(crate) removes: Vec<PathBuf>,
    pub(crate) assets: usize,
    pub(crate) new_places: usize,
    pub(crate) new_needs: usize,
    pub(crate) created_site: bool,
    /// The site.yaml written has the title and address of the exported site.
    pub(crate) site_from_export: bool,
    pub(crate) appended_needs: bool,
}

/// The need of services that had no taxonomy terms.
fn other_need() -> Ref {
    Ref {
        code: Some("other".into()),
        own: true,
        name: "Other support".into(),
        description: Some(
            "Imported services that had no category: give each of them the needs it helps with."
                .into(),
        ),
        parent: None,
    }
}

/// Ids, files and bytes for every draft; `site` (from a Support Map's export) is the site.yaml
/// written when the folder has none.
pub(crate) fn plan(
    mut drafts: Vec<Draft>,
    registry: &TermRegistry,
    existing: &Existing,
    site: Option<&ExportedSite>,
    content: &Path,
    today: NaiveDate,
    report: &mut Report,
) -> Result<Plan, Failure> {
    drafts.sort_by_key(|d| d.order);
    let mut needs = Resolver::new(existing.needs.clone());
    let mut places = Resolver::new(existing.places());
    keep_listed_terms(registry, &mut needs, &mut places);
    let mut plan = Plan {
        writes: Vec::new(),
        skipped: Vec::new(),
        replaces: Vec::new(),
        removes: Vec::new(),
        assets: 0,
        new_places: 0,
        new_needs: 0,
        created_site: !existing.site,
        site_from_export: !existing.site && site.is_some(),
        appended_needs: false,
    };
    let mut carried = carried_ids(&drafts);
    let mut asset_ids = UniqueIds::new(carried.iter().cloned());
    for draft in &mut drafts {
        if draft.needs.is_empty() {
            report.no_needs += 1;
            draft.needs.push(other_need());
        }
        draft.asset.needs = resolve_all(&draft.needs, &mut needs, None);
        draft.asset.places = resolve_all(&draft.places, &mut places, Some(registry));
        let id = match draft.carried && carried.remove(&draft.id) {
            true => draft.id.clone(),
            false => asset_ids.first_free(&draft.id),
        };
        plan_asset(
            draft,
            id,
            &mut asset_ids,
            existing,
            content,
            today,
            &mut plan,
        )?;
    }
    plan.assets = drafts.len() - plan.skipped.len();
    plan_places(&places, content, &mut plan)?;
    plan_needs(&needs, existing, content, &mut plan)?;
    if plan.created_site {
        plan.writes
            .push((content.join("site.yaml"), site_yaml(site)?));
    }
    report.notes.extend(closed_notes(&drafts, &plan));
    Ok(plan)
}

/// A Support Map's own export lists all its needs and places (taxonomy_terms.json): they are
/// all kept, in their order, even those no published service uses.
fn keep_listed_terms(registry: &TermRegistry, needs: &mut Resolver, places: &mut Resolver) {
    for term in registry.listed.iter().filter(|_| registry.ours) {
        let r = Ref {
            own: true,
            ..term.to_ref()
        };
        match term.vocabulary {
            Some(v) if v == NEEDS => {
                needs.resolve(&r, None);
            }
            Some(v) if v == PLACES => {
                places.resolve(&r, Some(registry));
            }
            _ => {}
        }
    }
}

/// The ids of `refs`, each once, in order.
fn resolve_all(
    refs: &[Ref],
    resolver: &mut Resolver,
    parents: Option<&TermRegistry>,
) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in refs {
        let id = resolver.resolve(r, parents);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The ids carried by exactly one service (see `Draft::carried`): each keeps its id, and ids
/// made from names go around them. A carried id two services share is made unique like a name.
fn carried_ids(drafts: &[Draft]) -> HashSet<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in drafts.iter().filter(|d| d.carried) {
        *count.entry(d.id.as_str()).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The asset's file as `id`, unless `check` would refuse the record (then the service is
/// skipped).
fn plan_asset(
    draft: &Draft,
    id: String,
    asset_ids: &mut UniqueIds,
    existing: &Existing,
    content: &Path,
    today: NaiveDate,
    plan: &mut Plan,
) -> Result<(), Failure> {
    let path = content.join("assets").join(format!("{id}.yaml"));
    let bytes = yaml(&draft.asset)?;
    let file = Path::new("content/assets").join(format!("{id}.yaml"));
    let refused = crate::validate::check_new_asset(&String::from_utf8_lossy(&bytes), &file, today);
    if !refused.is_empty() {
        let problems = refused
            .into_iter()
            .map(|m| Problem::new("", format!("supportmap check would refuse its record: {m}")))
            .collect();
        plan.skipped.push((draft.order, problems));
        return Ok(());
    }
    asset_ids.take(&id);
    if let Some(old) = existing.assets.get(&id) {
        plan.replaces.push(old.clone());
        if old != &path {
            plan.removes.push(old.clone());
        }
    }
    plan.writes.push((path, bytes));
    Ok(())
}

/// New places, one file each, in id order.
fn plan_places(places: &Resolver, content: &Path, plan: &mut Plan) -> Result<(), Failure> {
    let sorted: BTreeMap<&str, PlaceData> = places
        .created
        .iter()
        .map(|c| {
            let place = PlaceData {
                name: c.term.name.clone(),
                kind: "area".into(),
                within: c.within.clone(),
                summary: c.term.description.clone(),
            };
            (c.id.as_str(), place)
        })
        .collect();
    for (id, place) in &sorted {
        plan.writes.push((
            content.join("places").join(format!("{id}.yaml")),
            yaml(place)?,
        ));
    }
    plan.new_places = sorted.len();
    Ok(())
}

/// New needs, appended to needs.yaml (or starting it).
fn plan_needs(
    needs: &Resolver,
    existing: &Existing,
    content: &Path,
    plan: &mut Plan,
) -> Result<(), Failure> {
    if needs.created.is_empty() {
        return Ok(());
    }
    let new: Vec<NeedData> = needs
        .created
        .iter()
        .map(|c| NeedData {
            id: c.id.clone(),
            name: c.term.name.clone(),
            description: c.term.description.clone(),
            synonyms: Vec::new(),
            sensitive: false,
        })
        .collect();
    let added = yaml(&new)?;
    let bytes = match &existing.needs_text {
        Some(text) if !text.trim().is_empty() => {
            plan.appended_needs = true;
            let mut all = text.clone().into_bytes();
            if !text.ends_with('\n') {
                all.push(b'\n');
            }
            all.extend(added);
            all
        }
        _ => added,
    };
    plan.writes.push((content.join("needs.yaml"), bytes));
    plan.new_needs = new.len();
    Ok(())
}

/// A new site.yaml: the exported site's title and address, so the ids of this site's export are
/// the same (`SITE_FIELD`), else a title to change.
fn site_yaml(site: Option<&ExportedSite>) -> Result<Vec<u8>, Failure> {
    #[derive(serde::Serialize)]
    struct SiteYaml<'a> {
        title: &'a str,
        description: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        base_url: Option<&'a str>,
    }
    yaml(&SiteYaml {
        title: site.map_or("Support Map", |s| s.title.as_str()),
        description: "Community support imported from Open Referral data.",
        base_url: site.and_then(|s| s.base_url.as_deref()),
    })
}

fn closed_notes(drafts: &[Draft], plan: &Plan) -> Vec<String> {
    drafts
        .iter()
        .filter(|d| d.asset.status.as_deref() == Some("closed"))
        .filter(|d| !plan.skipped.iter().any(|(order, _)| *order == d.order))
        .map(|d| {
            format!(
                "\"{}\" is inactive or defunct: imported with status: closed (not published)",
                d.asset.name
            )
        })
        .collect()
}
