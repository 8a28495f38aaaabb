//! Validation: decodes every source into records and checks them against each other, turning
//! `content/` into a `Content` that later stages can trust (every reference resolves, every
//! required field is present). All problems are reported, none stops the others being found.
//!
//! One module per kind of record: `site`, `taxonomy` (needs and places), `asset` (with
//! `details` for what is inside one: locations, contact, hours, ages, languages), `pathway` and
//! `pages` (the guide and free pages). Beside them: `decode` turns sources into records in
//! parallel, `report` places each problem at its field, and `context` holds what one record
//! may name of the others and checks those names.

mod asset;
mod context;
mod decode;
mod details;
mod pages;
mod pathway;
mod report;
mod site;
mod taxonomy;
mod translations;

pub(crate) use asset::check_new_asset;
pub use asset::Asset;
pub use pages::{GuideSection, Page};
pub use pathway::{Pathway, PathwayStep};
pub use site::{check_base_url, BadBaseUrl, Site};
pub use taxonomy::{Need, Place};

use crate::diagnostics::{Diagnostics, Severity};
use crate::source::{Kind, Source};
use crate::translations::Of;
use chrono::NaiveDate;
use context::Context;
use decode::{decode_all, decode_each};
use std::collections::BTreeMap;

/// Validated content: what the model is built from.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: Site,
    pub needs: Vec<Need>,
    pub places: Vec<Place>,
    /// Every asset, closed ones included (pathways and maps need to know they existed).
    pub assets: Vec<Asset>,
    pub pathways: Vec<Pathway>,
    pub guide: Vec<GuideSection>,
    pub pages: Vec<Page>,
    /// The site's own everyday words (`content/synonyms.yaml`), checked.
    pub synonyms: crate::synonyms::Synonyms,
    /// `content/postcodes.csv` (shared: serve keeps it across rebuilds of one file).
    pub postcodes: std::sync::Arc<crate::postcodes::Table>,
    /// The records' text in the site's other languages.
    pub translations: crate::translations::Translations,
}

pub fn validate(
    sources: Vec<Source>,
    postcodes: crate::postcodes::Table,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<Content> {
    let mut by_kind: BTreeMap<Kind, Vec<Source>> = BTreeMap::new();
    for source in sources {
        by_kind.entry(source.kind).or_default().push(source);
    }
    let mut take = |kind| by_kind.remove(&kind).unwrap_or_default();
    let site = site::site(take(Kind::Site), diags);
    let needs = taxonomy::needs(take(Kind::Needs), diags);
    let place_sources = take(Kind::Place);
    let place_ids = place_sources.iter().map(|s| s.id.clone()).collect();
    let places = taxonomy::places(decode_all(place_sources, diags), diags);
    let review_after = site
        .as_ref()
        .map_or(site::DEFAULT_REVIEW_AFTER_DAYS, |s| s.review_after_days);
    let context = Context::of(&needs, &places, &postcodes, today, review_after);
    let translation_sources = take(Kind::Translation);
    let mut ids = translations::Ids::new();
    ids.insert(Of::Need, needs.iter().map(|n| n.id.clone()).collect());
    ids.insert(Of::Place, place_ids);
    let asset_sources = take(Kind::Asset);
    let asset_files = pathway::files_of(&asset_sources);
    ids.insert(Of::Asset, asset_files.keys().cloned().collect());
    let assets = decode_each(asset_sources, diags, |l, d| asset::asset(l, &context, d));
    let mut sources_of = |kind, of| {
        let sources = take(kind);
        ids.insert(of, sources.iter().map(|s| s.id.clone()).collect());
        sources
    };
    let pathway_sources = decode_all(sources_of(Kind::Pathway, Of::Pathway), diags);
    let pathways = pathway::pathways(pathway_sources, &context, &assets, &asset_files, diags);
    let guide = pages::guide(decode_all(sources_of(Kind::Guide, Of::Guide), diags), diags);
    let pages = pages::pages(decode_all(sources_of(Kind::Page, Of::Page), diags), diags);
    let steps = pathways
        .iter()
        .map(|p| (p.id.as_str(), p.steps.len()))
        .collect();
    let translations =
        translations::translations(translation_sources, site.as_ref(), &ids, &steps, diags);
    let synonyms = crate::synonyms::check(take(Kind::Synonyms), diags);

    if diags.has_errors() {
        return None;
    }
    Some(Content {
        site: site?,
        needs,
        places,
        assets,
        pathways,
        guide,
        pages,
        synonyms,
        postcodes: std::sync::Arc::new(postcodes),
        translations,
    })
}

/// Decodes and checks one asset file against the needs and places of already validated
/// `content` (for `serve`, which re-checks only the file that changed). Checks between assets
/// (duplicate ids, pathways naming a closed asset) are the caller's to rule out.
pub fn revalidate_asset(
    source: Source,
    content: &Content,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<Asset> {
    let context = Context::of(
        &content.needs,
        &content.places,
        &content.postcodes,
        today,
        content.site.review_after_days,
    );
    let before = diags.count(Severity::Error);
    let asset = decode_each(vec![source], diags, |l, d| asset::asset(l, &context, d)).pop();
    asset.filter(|_| diags.count(Severity::Error) == before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use std::path::{Path, PathBuf};

    #[test]
    fn an_unreadable_site_or_needs_file_is_not_also_missing() {
        let source = |kind, name: &str, yaml: &str| Source {
            kind,
            id: name.into(),
            file: PathBuf::from(format!("content/{name}.yaml")),
            yaml: yaml.into(),
            yaml_line_offset: 0,
            body: None,
        };
        let mut diags = Diagnostics::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(validate(
            vec![
                source(Kind::Site, "site", "- a\n"),
                source(Kind::Needs, "needs", "money: x\n")
            ],
            Default::default(),
            today,
            &mut diags
        )
        .is_none());
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages.iter().all(|m| !m.contains("missing")),
            "{messages:?}"
        );
        // Unreadable (binary, empty, too large): `source` reported it and made no Source.
        let mut diags = Diagnostics::default();
        diags.error(
            Path::new("content/site.yml"),
            Pos::START,
            "file contains binary data",
        );
        diags.error(Path::new("content/needs.yaml"), Pos::START, "file is empty");
        validate(Vec::new(), Default::default(), today, &mut diags);
        assert_eq!(diags.sorted().len(), 2, "{:?}", diags.sorted());
        let mut diags = Diagnostics::default();
        validate(Vec::new(), Default::default(), today, &mut diags);
        assert_eq!(
            diags
                .sorted()
                .iter()
                .filter(|d| d.message.starts_with("missing content/"))
                .count(),
            2
        );
    }
}
