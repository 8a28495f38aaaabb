//! Model: the published site as data, built from validated content.
//!
//! Decides what is published (closed records are not), how records link to each other (needs,
//! places, pathways), and how facts read on the page in the site's language ("Monday to
//! Friday", "Ages 60 and over", "3 March 2026", with words from the theme's catalogues).
//! Templates only lay this out; every field is documented in `docs/themes.md`. `views` holds
//! the data types, `lookup` what every view is built with, `assets`, `pathways` and `places`
//! build those views, `hours` and `labels` say how facts read; this file puts the whole site
//! together (`build`) or patches one asset into it (`update_asset`).

use crate::addresses;
use crate::i18n::Interface;
use crate::markdown::Renderer;
use crate::records::Status;
use crate::validate::{Asset, Content};
use chrono::NaiveDate;
use labels::Words;
use lookup::Lookup;
use places::place_views;
use std::collections::HashMap;
use std::sync::Arc;
use views::pathway_link;

mod assets;
mod hours;
mod labels;
mod languages;
mod lookup;
mod pathways;
mod places;
mod views;

pub(crate) use labels::date_label;
pub use views::{
    AssetCard, AssetView, ContactView, HoursView, Labelled, Language, Link, Model, NeedView,
    PageView, PathwayLink, PathwayView, PlaceView, SectionView, SiteView, StepView, Untranslated,
};

/// Joins a base URL given on the command line or in site.yaml into `(base_url, base path)`.
pub fn base_parts(base_url: Option<&str>) -> (String, String) {
    match base_url.and_then(|u| url::Url::parse(u).ok()) {
        Some(mut url) => {
            if !url.path().ends_with('/') {
                let path = format!("{}/", url.path());
                url.set_path(&path);
            }
            (url.to_string(), url.path().to_string())
        }
        None => (String::new(), "/".to_string()),
    }
}

/// The site in its default language, with its other languages in `translated`. `interfaces`
/// are the interface texts of each of the site's languages, in `languages:` order (the
/// default first): the model says its facts with them.
pub(crate) fn build(
    content: &Content,
    base_url: Option<&str>,
    today: NaiveDate,
    interfaces: &[Arc<Interface>],
) -> Model {
    let (default, others) = interfaces
        .split_first()
        .expect("a theme has the interface texts of every language of the site");
    let language = &content.site.language;
    let mut model = build_in(content, base_url, today, language, Arc::clone(default));
    model.translated = languages::translated(content, base_url, today, others);
    model
}

/// Remakes the site's other languages from `content`, as `build` makes them: `serve` patches
/// the default language (`update_asset`), then the others read the edit through their
/// translations.
pub(crate) fn retranslate(
    model: &mut Model,
    content: &Content,
    base_url: Option<&str>,
    today: NaiveDate,
    interfaces: &[Arc<Interface>],
) {
    let others = interfaces.get(1..).unwrap_or_default();
    model.translated = languages::translated(content, base_url, today, others);
}

/// The site's pages in `language`, made from `content` in that language.
fn build_in(
    content: &Content,
    base_url: Option<&str>,
    today: NaiveDate,
    language: &str,
    interface: Arc<Interface>,
) -> Model {
    let site = site_view(content, base_url, language);
    let markdown = Renderer::new(&site.base);
    let words = Arc::new(Words::new(interface));
    let lookup = Lookup::new(content, today, &words);
    let mut assets: Vec<AssetView> = published(&content.assets)
        .map(|a| lookup.asset_view(a, &markdown))
        .collect();
    assets.sort_by(|a, b| {
        (a.card.name.to_lowercase(), &a.card.id).cmp(&(b.card.name.to_lowercase(), &b.card.id))
    });
    let mut pathways: Vec<PathwayView> = content
        .pathways
        .iter()
        .map(|p| lookup.pathway_view(p, &markdown))
        .collect();
    pathways.sort_by(|a, b| (a.title.to_lowercase(), &a.id).cmp(&(b.title.to_lowercase(), &b.id)));
    link_pathways(&mut assets, &pathways);
    Model {
        needs: need_views(content, &assets, &pathways),
        places: place_views(&lookup, &assets, &pathways),
        guide: guide_views(content, &markdown),
        pages: page_views(content, &markdown),
        site,
        assets,
        pathways,
        synonyms: crate::synonyms::Synonyms::merged(&content.synonyms),
        words: Arc::clone(&words),
        translated: Vec::new(),
    }
}

/// The site's settings as `language`'s pages see them: their links go below its home.
fn site_view(content: &Content, base_url: Option<&str>, language: &str) -> SiteView {
    let (base_url, root) = base_parts(base_url.or(content.site.base_url.as_deref()));
    let home = addresses::language_home(language, &content.site.language);
    SiteView {
        title: content.site.title.clone(),
        description: content.site.description.clone(),
        language: language.to_string(),
        direction: crate::direction::of(language),
        contact: content.site.contact.clone(),
        base_url: if base_url.is_empty() {
            base_url
        } else {
            format!("{base_url}{home}")
        },
        base: format!("{root}{home}"),
        root,
        theme: content.site.theme.clone(),
        page_size: content.site.page_size,
        exit_page_to: content.site.exit_page_to.clone(),
        offline: content.site.offline,
        search_in_address: content.site.search_in_address,
        feedback: content.site.feedback.clone(),
    }
}

/// Gives each asset the pathways that suggest it, in the pathways' order.
fn link_pathways(assets: &mut [AssetView], pathways: &[PathwayView]) {
    let asset_index: HashMap<String, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.card.id.clone(), i))
        .collect();
    for pathway in pathways {
        for card in pathway.steps.iter().flat_map(|s| &s.assets) {
            let asset = &mut assets[asset_index[&card.id]];
            if !asset.pathways.iter().any(|p| p.id == pathway.id) {
                asset.pathways.push(pathway_link(pathway));
            }
        }
    }
}

fn need_views(content: &Content, assets: &[AssetView], pathways: &[PathwayView]) -> Vec<NeedView> {
    content
        .needs
        .iter()
        .map(|n| NeedView {
            id: n.id.clone(),
            name: n.name.clone(),
            description: n.description.clone(),
            synonyms: n.synonyms.clone(),
            sensitive: n.sensitive,
            path: addresses::need(&n.id),
            assets: need_assets(&n.id, assets),
            pathways: (0..pathways.len())
                .filter(|&i| pathways[i].needs.iter().any(|l| l.id == n.id))
                .collect(),
            untranslated: None,
        })
        .collect()
}

fn need_assets(need: &str, assets: &[AssetView]) -> Vec<usize> {
    (0..assets.len())
        .filter(|&i| assets[i].card.needs.iter().any(|l| l.id == need))
        .collect()
}

/// The Quick Start Guide's sections, in the order content gives them.
fn guide_views(content: &Content, markdown: &Renderer) -> Vec<SectionView> {
    content
        .guide
        .iter()
        .map(|g| SectionView {
            slug: g.slug.clone(),
            title: g.title.clone(),
            order: g.order,
            summary: g.summary.clone(),
            path: addresses::guide_section(&g.slug),
            body_html: markdown.render(&g.body, 2),
            untranslated: None,
        })
        .collect()
}

/// The free pages, by title.
fn page_views(content: &Content, markdown: &Renderer) -> Vec<PageView> {
    let mut pages: Vec<PageView> = content
        .pages
        .iter()
        .map(|p| PageView {
            slug: p.slug.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            body_html: markdown.render(&p.body, 2),
            path: addresses::page(&p.slug),
            untranslated: None,
        })
        .collect();
    pages.sort_by_key(|p| (p.title.to_lowercase(), p.slug.clone()));
    pages
}

/// Updates the model after one published asset in `content` was added or edited, reusing every
/// other record's view: the same result as `build`, in a fraction of the time on a large site
/// (for `serve`). A closed or removed asset needs a full `build`.
pub fn update_asset(model: &mut Model, content: &Content, id: &str, today: NaiveDate) {
    let Some(asset) = published(&content.assets).find(|a| a.id == id) else {
        return;
    };
    let markdown = Renderer::new(&model.site.base);
    let words = Arc::clone(&model.words);
    let lookup = Lookup::new(content, today, &words);
    let mut view = lookup.asset_view(asset, &markdown);
    if let Some(old) = model.assets.iter().position(|a| a.card.id == id) {
        view.pathways = model.assets.remove(old).pathways;
    }
    let key = |a: &AssetView| (a.card.name.to_lowercase(), a.card.id.clone());
    let new_key = key(&view);
    let at = model.assets.partition_point(|a| key(a) < new_key);
    let card = view.card.clone();
    model.assets.insert(at, view);
    for step in model.pathways.iter_mut().flat_map(|p| p.steps.iter_mut()) {
        for c in step.assets.iter_mut().filter(|c| c.id == id) {
            *c = card.clone();
        }
    }
    for need in &mut model.needs {
        need.assets = need_assets(&need.id, &model.assets);
    }
    model.places = place_views(&lookup, &model.assets, &model.pathways);
}

fn published(assets: &[Asset]) -> impl Iterator<Item = &Asset> {
    assets.iter().filter(|a| a.record.status != Status::Closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gives_base_path() {
        assert_eq!(
            base_parts(Some("https://example.org/support-map")),
            (
                "https://example.org/support-map/".into(),
                "/support-map/".into()
            )
        );
        assert_eq!(base_parts(None), (String::new(), "/".into()));
    }
}
