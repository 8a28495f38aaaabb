//! The lists of support: each need, each place, and each need in each place (the page a need
//! tile on a place leads to). Each is paginated; what introduces the list (a need's
//! description, a place's areas and needs, the pathways) is on page 1 only.

use super::{PageMeta, Pages, Renderer};
use crate::addresses;
use crate::model::{Link, NeedView, PlaceView};
use rayon::prelude::*;
use tera::Context;

impl Renderer<'_> {
    pub(super) fn needs(&self) -> Pages {
        self.model
            .needs
            .par_iter()
            .filter(|need| self.wants_list(&need.path))
            .map(|need| self.need(need))
            .sum()
    }

    fn need(&self, need: &NeedView) -> Pages {
        let m = self.model;
        let overdue = (need.assets.iter())
            .filter(|&&i| m.assets[i].card.overdue)
            .count();
        self.paged(&need.path, &need.assets, |paginator, n, assets| {
            let mut c = Context::new();
            c.insert("need", need);
            c.insert("assets", &self.cards(assets));
            c.insert("overdue", &overdue);
            c.insert("pagination", &paginator.view(n));
            let pathways: &[usize] = if n == 1 { &need.pathways } else { &[] };
            c.insert("pathways", &self.pathway_links(pathways));
            let title = self.list_title(paginator, &need.name, n);
            let path = paginator.path(n);
            let meta = PageMeta {
                title: &title,
                description: need.description.as_deref().unwrap_or(""),
                path: &path,
                kind: "need",
            };
            self.page("need.html", &paginator.file(n), meta, c)
        })
    }

    pub(super) fn places(&self) -> Pages {
        self.model
            .places
            .par_iter()
            .filter(|place| self.wants_list(&place.path))
            .map(|place| self.place(place))
            .sum()
    }

    fn place(&self, place: &PlaceView) -> Pages {
        self.paged(&place.path, &place.assets, |paginator, n, assets| {
            let mut c = Context::new();
            c.insert("place", place);
            c.insert("assets", &self.cards(assets));
            c.insert("pagination", &paginator.view(n));
            let (pathways, needs) = if n == 1 {
                (&place.pathways[..], self.place_need_tiles(place))
            } else {
                (&[][..], Vec::new())
            };
            c.insert("pathways", &self.pathway_links(pathways));
            c.insert("needs", &needs);
            let title = self.list_title(paginator, &place.name, n);
            let path = paginator.path(n);
            let meta = PageMeta {
                title: &title,
                description: place.summary.as_deref().unwrap_or(""),
                path: &path,
                kind: "place",
            };
            self.page("place.html", &paginator.file(n), meta, c)
        })
    }

    /// A place's need tiles: every need with its count here, leading to the place × need page
    /// when there is anything to list.
    fn place_need_tiles(&self, place: &PlaceView) -> Vec<Link> {
        let m = self.model;
        m.needs
            .iter()
            .map(|n| {
                let count = self.place_need_assets(place, n).len();
                // Where there is support here, the tile leads to exactly that support.
                let path = if count > 0 {
                    addresses::place_need(&place.id, &n.id)
                } else {
                    n.path.clone()
                };
                Link {
                    count: Some(count),
                    path,
                    ..m.need_link(n)
                }
            })
            .collect()
    }

    pub(super) fn place_needs(&self) -> Pages {
        let m = self.model;
        let pairs: Vec<(&PlaceView, &NeedView)> = m
            .places
            .iter()
            .flat_map(|p| m.needs.iter().map(move |n| (p, n)))
            .collect();
        pairs
            .into_par_iter()
            .filter(|(place, need)| self.wants_list(&addresses::place_need(&place.id, &need.id)))
            .map(|(place, need)| self.place_need(place, need))
            .sum()
    }

    /// The support for `need` in `place`; no page when there is none.
    fn place_need(&self, place: &PlaceView, need: &NeedView) -> Pages {
        let assets = self.place_need_assets(place, need);
        if assets.is_empty() {
            return Ok(0);
        }
        let pathways: Vec<usize> = (need.pathways.iter().copied())
            .filter(|i| place.pathways.contains(i))
            .collect();
        let name = self.say(
            "place_need.heading",
            &[
                ("need", need.name.as_str().into()),
                ("place", place.name.as_str().into()),
            ],
        );
        let description = self.say(
            "place_need.description",
            &[
                ("need", need.name.to_lowercase().into()),
                ("place", place.name.as_str().into()),
            ],
        );
        let list = addresses::place_need(&place.id, &need.id);
        self.paged(&list, &assets, |paginator, n, page_assets| {
            let mut c = Context::new();
            c.insert("place", place);
            c.insert("need", need);
            c.insert("assets", &self.cards(page_assets));
            c.insert("pagination", &paginator.view(n));
            let pathways: &[usize] = if n == 1 { &pathways } else { &[] };
            c.insert("pathways", &self.pathway_links(pathways));
            let title = self.list_title(paginator, &name, n);
            let path = paginator.path(n);
            let meta = PageMeta {
                title: &title,
                description: &description,
                path: &path,
                kind: "place-need",
            };
            self.page("place_need.html", &paginator.file(n), meta, c)
        })
    }
}
