//! `/data/site.json`: every published record in our own format (the fields of
//! `docs/content.md`), with where each is published. Assets are serialised as they are made, so
//! the file never holds every record at once.

use super::{AssetData, NeedData, PlaceData};
use crate::model::Model;
use crate::validate::{Asset, Content};
use serde::Serialize;

/// A list serialised as it is made, so a site-wide file never holds every record at once.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
pub(super) struct SiteJson<'a, A: Serialize> {
    format: &'static str,
    version: u32,
    site: SiteData<'a>,
    needs: Vec<NeedData>,
    places: Vec<Identified<'a, PlaceData>>,
    /// `Identified<AssetData>` for each published asset, made as it is written.
    assets: A,
    pathways: Vec<PathwayData<'a>>,
    guide: Vec<TextData<'a>>,
    pages: Vec<TextData<'a>>,
}

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    base_url: &'a str,
    review_after_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
}

/// A record with its id first, and where it is published.
#[derive(Serialize)]
struct Identified<'a, T: Serialize> {
    id: &'a str,
    #[serde(flatten)]
    record: T,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct PathwayData<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    intro: &'a str,
    needs: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    places: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    for_whom: Option<&'a str>,
    last_reviewed: String,
    steps: Vec<StepData<'a>>,
    path: String,
}

#[derive(Serialize)]
struct StepData<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    assets: Vec<&'a str>,
}

#[derive(Serialize)]
struct TextData<'a> {
    slug: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    body: &'a str,
    path: String,
}

pub(super) fn site_json<'a>(
    content: &'a Content,
    model: &'a Model,
    assets: &'a [&'a Asset],
) -> SiteJson<'a, impl Serialize + 'a> {
    let published_ids: std::collections::HashSet<&str> =
        assets.iter().map(|a| a.id.as_str()).collect();
    let site = &content.site;
    SiteJson {
        format: "supportmap-site",
        version: 1,
        site: SiteData {
            title: &site.title,
            description: &site.description,
            language: &site.language,
            base_url: &model.site.base_url,
            review_after_days: site.review_after_days,
            contact: site.contact.as_deref(),
        },
        needs: content
            .needs
            .iter()
            .map(|n| NeedData {
                id: n.id.clone(),
                name: n.name.clone(),
                description: n.description.clone(),
                synonyms: n.synonyms.clone(),
                sensitive: n.sensitive,
            })
            .collect(),
        places: {
            let mut places: Vec<_> = content.places.iter().collect();
            places.sort_by(|a, b| a.id.cmp(&b.id));
            places
                .into_iter()
                .map(|p| {
                    let path = crate::addresses::place(&p.id);
                    Identified {
                        id: &p.id,
                        record: PlaceData {
                            name: p.name.clone(),
                            kind: p.kind.clone(),
                            within: p.within.clone(),
                            summary: p.summary.clone(),
                        },
                        url: model.site.full_address(&path),
                        path,
                    }
                })
                .collect()
        },
        assets: Lazy(move || {
            assets.iter().map(move |a| {
                let path = crate::addresses::asset(&a.id);
                Identified {
                    id: &a.id,
                    record: AssetData::from_asset(a),
                    url: model.site.full_address(&path),
                    path,
                }
            })
        }),
        pathways: {
            let mut pathways: Vec<_> = content.pathways.iter().collect();
            pathways.sort_by(|a, b| a.id.cmp(&b.id));
            pathways
                .into_iter()
                .map(|p| PathwayData {
                    id: &p.id,
                    title: &p.title,
                    summary: &p.summary,
                    intro: p.intro.trim(),
                    needs: &p.needs,
                    places: &p.places,
                    for_whom: p.for_whom.as_deref(),
                    last_reviewed: p.last_reviewed.to_string(),
                    steps: p
                        .steps
                        .iter()
                        .map(|s| StepData {
                            title: &s.title,
                            text: s.text.trim(),
                            assets: s
                                .assets
                                .iter()
                                .map(String::as_str)
                                .filter(|id| published_ids.contains(id))
                                .collect(),
                        })
                        .collect(),
                    path: crate::addresses::pathway(&p.id),
                })
                .collect()
        },
        guide: content
            .guide
            .iter()
            .map(|g| TextData {
                slug: &g.slug,
                title: &g.title,
                order: Some(g.order),
                summary: g.summary.as_deref(),
                body: g.body.trim(),
                path: crate::addresses::guide_section(&g.slug),
            })
            .collect(),
        pages: {
            let mut pages: Vec<_> = content.pages.iter().collect();
            pages.sort_by(|a, b| a.slug.cmp(&b.slug));
            pages
                .into_iter()
                .map(|p| TextData {
                    slug: &p.slug,
                    title: &p.title,
                    order: None,
                    summary: p.summary.as_deref(),
                    body: p.body.trim(),
                    path: crate::addresses::page(&p.slug),
                })
                .collect()
        },
    }
}
