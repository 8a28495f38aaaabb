//! Assets: checks one service record (`content/assets/<id>.yaml` or `.md`) and turns it into
//! an `Asset`: its required fields, the needs and places it names, its review date, where its
//! description comes from and its postcodes' positions. What is inside it (locations, contact,
//! hours, ages, languages) is `details`'s to check.

use super::context::{Context, Known};
use super::decode::Located;
use super::details;
use super::report::At;
use crate::diagnostics::{Diagnostics, Severity};
use crate::records::{AssetRecord, Status};
use crate::scaffold::NewKind;
use crate::yaml::{decode, YamlPath};
use chrono::NaiveDate;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Asset {
    pub id: String,
    /// The record's file, relative to the site root.
    pub file: std::path::PathBuf,
    pub name: String,
    pub summary: String,
    /// Markdown, from `description:` or the body of a `.md` record.
    pub description: Option<String>,
    pub record: AssetRecord,
    pub needs: Vec<String>,
    pub last_reviewed: NaiveDate,
}

/// Checks one decoded asset; `None` when it cannot be published as it stands.
pub(crate) fn asset(
    l: Located<AssetRecord>,
    context: &Context,
    diags: &mut Diagnostics,
) -> Option<Asset> {
    // Borrowed field by field: the record moves out below while `at` still reports.
    let at = At {
        file: &l.file,
        index: &l.index,
    };
    let r = &l.record;
    let name = at.required_text(diags, &r.name, "name", "Westfield Lunch Club");
    let summary = at.required_text(
        diags,
        &r.summary,
        "summary",
        "A hot lunch and company for older people, every Tuesday.",
    );
    if let Some(summary) = &summary {
        at.example_left(
            diags,
            NewKind::Asset,
            "summary",
            summary,
            "replace it with one sentence of your own: what the service offers and who it is for",
        );
    }
    let needs = required_needs(&at, r, diags);
    context.check_needs_and_places(&at, diags, needs.as_deref().unwrap_or_default(), &r.places);
    let last_reviewed = at.last_reviewed(diags, &r.last_reviewed, context.today);
    if let Some(date) = last_reviewed {
        if r.status != Status::Closed {
            context.check_review(&at, diags, date);
        }
    }
    details::check(&at, r, diags);
    let description = description(&at, r, l.body.as_deref(), diags);
    let (name, summary, needs, last_reviewed) = (name?, summary?, needs?, last_reviewed?);
    let mut record = l.record;
    locate_postcodes(&at, &mut record, context, diags);
    Some(Asset {
        id: l.id,
        file: l.file,
        name,
        summary,
        description,
        record,
        needs,
        last_reviewed,
    })
}

/// The asset's `needs`: present, with at least one.
fn required_needs(at: &At, r: &AssetRecord, diags: &mut Diagnostics) -> Option<Vec<String>> {
    let needs = at
        .required(diags, &r.needs, "needs", "[food, loneliness]")
        .cloned();
    if needs.as_ref().is_some_and(Vec::is_empty) {
        at.error(
            diags,
            &YamlPath::root().key("needs"),
            "\"needs\" is empty",
            "list at least one need id from content/needs.yaml",
        );
    }
    needs
}

/// The Markdown description: the text below a `.md` record's front matter, or `description:`,
/// not both.
fn description(
    at: &At,
    r: &AssetRecord,
    body: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<String> {
    if body.is_some() && r.description.is_some() {
        at.error(
            diags,
            &YamlPath::root().key("description"),
            "description given twice: in the front matter and as the text below it",
            "remove description: from the front matter and keep the text",
        );
    }
    body.filter(|b| !b.trim().is_empty())
        .map(str::to_string)
        .or_else(|| r.description.clone())
}

/// Gives each location with a known postcode its position; warns about the postcodes the
/// site's table does not have.
fn locate_postcodes(at: &At, record: &mut AssetRecord, context: &Context, diags: &mut Diagnostics) {
    for i in context.postcodes.locate(&mut record.locations) {
        let postcode = record.locations[i].postcode.as_deref().unwrap_or_default();
        let (message, help) = crate::postcodes::unknown_postcode(postcode);
        let path = YamlPath::root().key("locations").index(i).key("postcode");
        at.warning(diags, &path, message, &help);
    }
}

/// The errors `check` would report in one asset file written by `import`, which takes them
/// as reasons not to write it. The file is checked on its own: the needs and places it names
/// are taken as given, since the import writes them with it.
pub(crate) fn check_new_asset(yaml: &str, file: &Path, today: NaiveDate) -> Vec<String> {
    let mut diags = Diagnostics::default();
    if crate::source::check_size(yaml.len() as u64, file, &mut diags) {
        if let Some((record, index)) = decode::<AssetRecord>(yaml, file, 0, &mut diags) {
            let (needs, places) = (
                record.needs.clone().unwrap_or_default(),
                record.places.clone(),
            );
            // Only errors count, and an unknown postcode is a warning: no table is needed.
            let no_postcodes = crate::postcodes::Table::default();
            let context = Context {
                needs: needs.iter().map(|id| Known::id(id)).collect(),
                places: places.iter().map(|id| Known::id(id)).collect(),
                postcodes: &no_postcodes,
                today,
                // Only errors count here, so the review period (for warnings) does not matter.
                review_after: super::site::DEFAULT_REVIEW_AFTER_DAYS,
            };
            let located = Located {
                file: file.to_path_buf(),
                id: String::new(),
                index,
                record,
                body: None,
            };
            asset(located, &context, &mut diags);
        }
    }
    diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}
