//! The pages that stand alone: home, each asset, each pathway, the Quick Start Guide, the free
//! pages and the page for an address that does not exist.

use super::{PageMeta, Pages, Renderer};
use crate::addresses;
use crate::model::Link;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// A top-level place on the home page, with the areas inside it.
#[derive(Serialize)]
struct PlaceWithChildren {
    #[serde(flatten)]
    link: Link,
    children: Vec<Link>,
}

impl Renderer<'_> {
    pub(super) fn not_found(&self) -> Pages {
        if !self.wants(addresses::NOT_FOUND) {
            return Ok(0);
        }
        let title = self.say("not_found.heading", &[]);
        let meta = PageMeta {
            title: &title,
            description: "",
            path: addresses::NOT_FOUND,
            kind: "not-found",
        };
        self.page("404.html", addresses::NOT_FOUND, meta, Context::new())
    }

    /// What the offline service worker shows for a page it did not keep (see `offline`).
    pub(super) fn offline(&self) -> Pages {
        let file = addresses::file(addresses::OFFLINE);
        if !self.model.site.offline || !self.wants(&file) {
            return Ok(0);
        }
        let title = self.say("offline.heading", &[]);
        let meta = PageMeta {
            title: &title,
            description: "",
            path: addresses::OFFLINE,
            kind: "offline",
        };
        self.page("offline.html", &file, meta, Context::new())
    }

    pub(super) fn home(&self) -> Pages {
        let file = addresses::file(addresses::HOME);
        if !self.wants(&file) {
            return Ok(0);
        }
        let m = self.model;
        let mut c = Context::new();
        c.insert(
            "needs",
            &m.needs.iter().map(|n| m.need_link(n)).collect::<Vec<_>>(),
        );
        c.insert("places", &self.top_places());
        c.insert(
            "pathways",
            &m.pathways
                .iter()
                .map(|p| m.pathway_link(p))
                .collect::<Vec<_>>(),
        );
        c.insert("guide", &m.guide);
        let counts = BTreeMap::from([
            ("assets", m.assets.len()),
            ("pathways", m.pathways.len()),
            ("needs", m.needs.len()),
            ("places", m.places.len()),
        ]);
        c.insert("counts", &counts);
        let meta = PageMeta {
            title: &m.site.title,
            description: &m.site.description,
            path: addresses::HOME,
            kind: "home",
        };
        self.page("index.html", &file, meta, c)
    }

    /// The places that are part of no other, each with the areas inside it.
    fn top_places(&self) -> Vec<PlaceWithChildren> {
        let m = self.model;
        m.places
            .iter()
            .filter(|p| p.parent.is_none())
            .map(|p| PlaceWithChildren {
                link: m.place_link(p),
                children: p
                    .children
                    .iter()
                    .filter_map(|child| m.places.iter().find(|q| q.id == child.id))
                    .map(|q| m.place_link(q))
                    .collect(),
            })
            .collect()
    }

    pub(super) fn assets(&self) -> Pages {
        self.model
            .assets
            .par_iter()
            .filter(|asset| self.wants(&addresses::file(&asset.card.path)))
            .map(|asset| {
                let mut c = Context::new();
                c.insert("asset", asset);
                c.insert("my_map_card", &crate::my_map::asset_card(asset));
                c.insert(
                    "feedback",
                    &self.feedback(
                        "asset",
                        &asset.card.name,
                        &asset.card.id,
                        &asset.card.path,
                        &asset.file,
                    ),
                );
                let meta = PageMeta {
                    title: &asset.card.name,
                    description: &asset.card.summary,
                    path: &asset.card.path,
                    kind: "asset",
                };
                self.page("asset.html", &addresses::file(&asset.card.path), meta, c)
            })
            .sum()
    }

    pub(super) fn pathways(&self) -> Pages {
        self.model
            .pathways
            .par_iter()
            .filter(|pathway| self.wants(&addresses::file(&pathway.path)))
            .map(|pathway| {
                let mut c = Context::new();
                c.insert("pathway", pathway);
                c.insert("my_map_card", &crate::my_map::pathway_card(pathway));
                c.insert(
                    "feedback",
                    &self.feedback(
                        "pathway",
                        &pathway.title,
                        &pathway.id,
                        &pathway.path,
                        &pathway.file,
                    ),
                );
                let meta = PageMeta {
                    title: &pathway.title,
                    description: &pathway.summary,
                    path: &pathway.path,
                    kind: "pathway",
                };
                self.page("pathway.html", &addresses::file(&pathway.path), meta, c)
            })
            .sum()
    }

    /// The guide's contents page, then each section with links to the one before and after.
    pub(super) fn guide(&self) -> Pages {
        let sections = &self.model.guide;
        let mut pages = self.guide_index()?;
        for (i, section) in sections.iter().enumerate() {
            let file = addresses::file(&section.path);
            if !self.wants(&file) {
                continue;
            }
            let mut c = Context::new();
            c.insert("section", section);
            c.insert("prev", &i.checked_sub(1).map(|p| &sections[p]));
            c.insert("next", &sections.get(i + 1));
            let meta = PageMeta {
                title: &section.title,
                description: section.summary.as_deref().unwrap_or(""),
                path: &section.path,
                kind: "guide",
            };
            pages += self.page("guide.html", &file, meta, c)?;
        }
        Ok(pages)
    }

    fn guide_index(&self) -> Pages {
        let file = addresses::file(addresses::GUIDE);
        if !self.wants(&file) {
            return Ok(0);
        }
        let mut c = Context::new();
        c.insert("sections", &self.model.guide);
        let (title, description) = (
            self.say("guide.name", &[]),
            self.say("guide.description", &[]),
        );
        let meta = PageMeta {
            title: &title,
            description: &description,
            path: addresses::GUIDE,
            kind: "guide-index",
        };
        self.page("guide_index.html", &file, meta, c)
    }

    pub(super) fn pages(&self) -> Pages {
        self.model
            .pages
            .iter()
            .filter(|page| self.wants(&addresses::file(&page.path)))
            .map(|page| {
                let mut c = Context::new();
                c.insert("content", page);
                let meta = PageMeta {
                    title: &page.title,
                    description: page.summary.as_deref().unwrap_or(""),
                    path: &page.path,
                    kind: "page",
                };
                self.page("page.html", &addresses::file(&page.path), meta, c)
            })
            .sum()
    }
}
