//! Render: lays the model out as files, using the theme's templates.
//!
//! Owns the URL scheme of the published site (which page lives where) and the few files that
//! are not templates (sitemap.xml, robots.txt, theme static files). Each page goes to the
//! `output::Sink` as soon as it is rendered, so no more than the pages in progress are held.

use crate::model::{AssetCard, Link, Model, NeedView, PathwayLink, PlaceView};
use crate::output::Sink;
use crate::records::{Access, Cost};
use crate::theme::{error_chain, escape_html, Theme};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use tera::Context;

#[derive(Debug)]
pub enum RenderError {
    /// A template failed: the site's (or theme author's) to fix.
    Template { template: String, message: String },
    /// A rendered page could not be stored.
    Write(String),
}

#[derive(Serialize)]
struct Nav {
    needs: Vec<Link>,
    places: Vec<Link>,
    guide: Vec<TitledLink>,
    pages: Vec<TitledLink>,
}

/// Guide sections and free pages in navigation: they have titles, not names.
#[derive(Serialize)]
struct TitledLink {
    slug: String,
    title: String,
    path: String,
}

#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    description: &'a str,
    path: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
struct Letter {
    letter: String,
    assets: Vec<AssetCard>,
}

#[derive(Serialize)]
struct PlaceWithChildren {
    #[serde(flatten)]
    link: Link,
    children: Vec<Link>,
}

struct Renderer<'a> {
    model: &'a Model,
    theme: &'a Theme,
    base: Context,
    /// Render only these output paths (`serve` re-renders what an edit touched).
    only: Option<&'a HashSet<String>>,
    sink: &'a dyn Sink,
}

/// How many HTML pages a section wrote.
type Pages = Result<usize, RenderError>;

/// Renders every file into `sink`; returns the number of HTML pages.
pub fn render(model: &Model, theme: &Theme, sink: &dyn Sink) -> Pages {
    render_some(model, theme, None, sink)
}

/// Renders the files of `only` (output paths such as `assets/x/index.html`), or every file.
pub fn render_some(
    model: &Model,
    theme: &Theme,
    only: Option<&HashSet<String>>,
    sink: &dyn Sink,
) -> Pages {
    let nav = Nav {
        needs: model.needs.iter().map(|n| model.need_link(n)).collect(),
        places: model.places.iter().map(|p| model.place_link(p)).collect(),
        guide: model
            .guide
            .iter()
            .map(|g| TitledLink {
                slug: g.slug.clone(),
                title: g.title.clone(),
                path: g.path.clone(),
            })
            .collect(),
        pages: model
            .pages
            .iter()
            .map(|p| TitledLink {
                slug: p.slug.clone(),
                title: p.title.clone(),
                path: p.path.clone(),
            })
            .collect(),
    };
    let mut base = Context::new();
    base.insert("site", &model.site);
    base.insert("nav", &nav);
    let r = Renderer {
        model,
        theme,
        base,
        only,
        sink,
    };
    // Sections render in parallel, and the big ones page by page.
    let sections: [&(dyn Fn() -> Pages + Sync); 13] = [
        &|| r.home(),
        &|| r.assets(),
        &|| r.needs(),
        &|| r.places(),
        &|| r.pathways(),
        &|| r.guide(),
        &|| r.pages(),
        &|| r.a_to_z(),
        &|| r.place_needs(),
        &|| r.coverage(),
        &|| r.search(),
        &|| r.my_map(),
        &|| r.not_found(),
    ];
    let pages = sections
        .par_iter()
        .map(|section| section())
        .sum::<Pages>()?;
    if r.wants("sitemap.xml") {
        r.put("sitemap.xml", sitemap(model).as_bytes())?;
    }
    if only.is_none() {
        r.put("robots.txt", robots(model).as_bytes())?;
        for (name, bytes) in &theme.static_files {
            r.put(&format!("static/{name}"), bytes)?;
        }
    }
    Ok(pages)
}

impl Renderer<'_> {
    fn wants(&self, file: &str) -> bool {
        self.only.is_none_or(|only| only.contains(file))
    }

    fn put(&self, file: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.sink.put(file, bytes).map_err(RenderError::Write)
    }

    /// Renders `template` to `file`, with the shared variables plus `extra`; the caller has
    /// checked that `file` is wanted.
    fn page(&self, template: &str, file: &str, meta: PageMeta, extra: Context) -> Pages {
        let mut context = self.base.clone();
        context.insert("page", &meta);
        context.extend(extra);
        let html =
            self.theme
                .tera
                .render(template, &context)
                .map_err(|err| RenderError::Template {
                    template: template.to_string(),
                    message: error_chain(&err),
                })?;
        self.put(file, html.as_bytes())?;
        Ok(1)
    }

    fn not_found(&self) -> Pages {
        if !self.wants("404.html") {
            return Ok(0);
        }
        let meta = PageMeta {
            title: "Page not found",
            description: "",
            path: "404.html",
            kind: "not-found",
        };
        self.page("404.html", "404.html", meta, Context::new())
    }

    fn cards(&self, indexes: &[usize]) -> Vec<&AssetCard> {
        indexes
            .iter()
            .map(|&i| &self.model.assets[i].card)
            .collect()
    }

    fn pathway_links(&self, indexes: &[usize]) -> Vec<PathwayLink> {
        indexes
            .iter()
            .map(|&i| self.model.pathway_link(&self.model.pathways[i]))
            .collect()
    }

    fn home(&self) -> Pages {
        if !self.wants("index.html") {
            return Ok(0);
        }
        let m = self.model;
        let mut c = Context::new();
        c.insert(
            "needs",
            &m.needs.iter().map(|n| m.need_link(n)).collect::<Vec<_>>(),
        );
        let top: Vec<PlaceWithChildren> = m
            .places
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
            .collect();
        c.insert("places", &top);
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
            path: "",
            kind: "home",
        };
        self.page("index.html", "index.html", meta, c)
    }

    fn assets(&self) -> Pages {
        self.model
            .assets
            .par_iter()
            .filter(|asset| self.wants(&format!("{}index.html", asset.card.path)))
            .map(|asset| {
                let mut c = Context::new();
                c.insert("asset", asset);
                c.insert("my_map_card", &crate::my_map::asset_card(asset));
                let meta = PageMeta {
                    title: &asset.card.name,
                    description: &asset.card.summary,
                    path: &asset.card.path,
                    kind: "asset",
                };
                self.page(
                    "asset.html",
                    &format!("{}index.html", asset.card.path),
                    meta,
                    c,
                )
            })
            .sum()
    }

    fn needs(&self) -> Pages {
        self.model
            .needs
            .par_iter()
            .filter(|need| self.wants(&format!("{}index.html", need.path)))
            .map(|need| {
                let mut c = Context::new();
                c.insert("need", need);
                c.insert("assets", &self.cards(&need.assets));
                c.insert("pathways", &self.pathway_links(&need.pathways));
                let description = need.description.as_deref().unwrap_or("");
                let meta = PageMeta {
                    title: &need.name,
                    description,
                    path: &need.path,
                    kind: "need",
                };
                self.page("need.html", &format!("{}index.html", need.path), meta, c)
            })
            .sum()
    }

    fn places(&self) -> Pages {
        let m = self.model;
        m.places
            .par_iter()
            .filter(|place| self.wants(&format!("{}index.html", place.path)))
            .map(|place| {
                let mut c = Context::new();
                c.insert("place", place);
                c.insert("assets", &self.cards(&place.assets));
                c.insert("pathways", &self.pathway_links(&place.pathways));
                let needs: Vec<Link> = m
                    .needs
                    .iter()
                    .map(|n| {
                        let count = self.place_need_assets(place, n).len();
                        // Where there is support here, the tile leads to exactly that support.
                        let path = if count > 0 {
                            place_need_path(place, n)
                        } else {
                            n.path.clone()
                        };
                        Link {
                            count: Some(count),
                            path,
                            ..m.need_link(n)
                        }
                    })
                    .collect();
                c.insert("needs", &needs);
                let meta = PageMeta {
                    title: &place.name,
                    description: place.summary.as_deref().unwrap_or(""),
                    path: &place.path,
                    kind: "place",
                };
                self.page("place.html", &format!("{}index.html", place.path), meta, c)
            })
            .sum()
    }

    fn pathways(&self) -> Pages {
        self.model
            .pathways
            .par_iter()
            .filter(|pathway| self.wants(&format!("{}index.html", pathway.path)))
            .map(|pathway| {
                let mut c = Context::new();
                c.insert("pathway", pathway);
                c.insert("my_map_card", &crate::my_map::pathway_card(pathway));
                let meta = PageMeta {
                    title: &pathway.title,
                    description: &pathway.summary,
                    path: &pathway.path,
                    kind: "pathway",
                };
                self.page(
                    "pathway.html",
                    &format!("{}index.html", pathway.path),
                    meta,
                    c,
                )
            })
            .sum()
    }

    fn guide(&self) -> Pages {
        let sections = &self.model.guide;
        let mut c = Context::new();
        c.insert("sections", sections);
        let meta = PageMeta {
            title: "Quick Start Guide",
            description: "Working with your communities, in five steps.",
            path: "guide/",
            kind: "guide-index",
        };
        let mut pages = 0;
        if self.wants("guide/index.html") {
            pages += self.page("guide_index.html", "guide/index.html", meta, c)?;
        }
        for (i, section) in sections.iter().enumerate() {
            if !self.wants(&format!("{}index.html", section.path)) {
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
            pages += self.page(
                "guide.html",
                &format!("{}index.html", section.path),
                meta,
                c,
            )?;
        }
        Ok(pages)
    }

    fn pages(&self) -> Pages {
        self.model
            .pages
            .iter()
            .filter(|page| self.wants(&format!("{}index.html", page.path)))
            .map(|page| {
                let mut c = Context::new();
                c.insert("content", page);
                let meta = PageMeta {
                    title: &page.title,
                    description: page.summary.as_deref().unwrap_or(""),
                    path: &page.path,
                    kind: "page",
                };
                self.page("page.html", &format!("{}index.html", page.path), meta, c)
            })
            .sum()
    }

    fn a_to_z(&self) -> Pages {
        if !self.wants("a-z/index.html") {
            return Ok(0);
        }
        let mut letters: Vec<Letter> = Vec::new();
        for asset in &self.model.assets {
            let letter = initial(&asset.card.name);
            match letters.iter_mut().find(|l| l.letter == letter) {
                Some(l) => l.assets.push(asset.card.clone()),
                None => letters.push(Letter {
                    letter,
                    assets: vec![asset.card.clone()],
                }),
            }
        }
        letters.sort_by(|a, b| a.letter.cmp(&b.letter));
        let mut c = Context::new();
        c.insert("letters", &letters);
        let meta = PageMeta {
            title: "A to Z of support",
            description: "Every service and group on this Support Map, in alphabetical order.",
            path: "a-z/",
            kind: "a-z",
        };
        self.page("a_z.html", "a-z/index.html", meta, c)
    }
}

#[derive(Serialize)]
struct CoverageRow {
    need: Link,
    cells: Vec<CoverageCell>,
}

#[derive(Serialize)]
struct CoverageCell {
    place: String,
    count: usize,
    overdue: usize,
    /// The place × need page, when there is anything to list.
    path: Option<String>,
}

#[derive(Serialize)]
struct FacetOption {
    id: String,
    name: String,
}

impl Renderer<'_> {
    /// Indexes of assets serving `place` that meet `need`.
    fn place_need_assets(&self, place: &PlaceView, need: &NeedView) -> Vec<usize> {
        // Both lists are in ascending order (built by filtering 0..assets.len()).
        need.assets
            .iter()
            .copied()
            .filter(|i| place.assets.binary_search(i).is_ok())
            .collect()
    }

    fn place_needs(&self) -> Pages {
        let m = self.model;
        let pairs: Vec<(&PlaceView, &NeedView)> = m
            .places
            .iter()
            .flat_map(|p| m.needs.iter().map(move |n| (p, n)))
            .collect();
        pairs
            .into_par_iter()
            .filter_map(|(place, need)| {
                if !self.wants(&format!("{}index.html", place_need_path(place, need))) {
                    return None;
                }
                let assets = self.place_need_assets(place, need);
                if assets.is_empty() {
                    return None;
                }
                let path = place_need_path(place, need);
                let pathways: Vec<usize> = need
                    .pathways
                    .iter()
                    .copied()
                    .filter(|i| place.pathways.contains(i))
                    .collect();
                let mut c = Context::new();
                c.insert("place", place);
                c.insert("need", need);
                c.insert("assets", &self.cards(&assets));
                c.insert("pathways", &self.pathway_links(&pathways));
                let title = format!("{} in {}", need.name, place.name);
                let description = format!(
                    "Support for {} in {}.",
                    need.name.to_lowercase(),
                    place.name
                );
                let meta = PageMeta {
                    title: &title,
                    description: &description,
                    path: &path,
                    kind: "place-need",
                };
                Some(self.page("place_need.html", &format!("{path}index.html"), meta, c))
            })
            .sum()
    }

    /// Needs down the side, neighbourhoods across the top: the view that shows a partnership
    /// where support is missing.
    fn coverage(&self) -> Pages {
        if !self.wants("coverage/index.html") {
            return Ok(0);
        }
        let m = self.model;
        let columns: Vec<&PlaceView> = m.places.iter().filter(|p| p.parent.is_some()).collect();
        let rows: Vec<CoverageRow> = m
            .needs
            .iter()
            .map(|need| CoverageRow {
                need: m.need_link(need),
                cells: columns
                    .iter()
                    .map(|place| {
                        let assets = self.place_need_assets(place, need);
                        CoverageCell {
                            place: place.id.clone(),
                            count: assets.len(),
                            overdue: assets.iter().filter(|&&i| m.assets[i].card.overdue).count(),
                            path: (!assets.is_empty()).then(|| place_need_path(place, need)),
                        }
                    })
                    .collect(),
            })
            .collect();
        let gaps = rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.count == 0)
            .count();
        let mut c = Context::new();
        c.insert(
            "columns",
            &columns.iter().map(|p| m.place_link(p)).collect::<Vec<_>>(),
        );
        c.insert("rows", &rows);
        c.insert("gaps", &gaps);
        let meta = PageMeta {
            title: "Coverage: support by need and neighbourhood",
            description:
                "How many services meet each need in each neighbourhood, and where the gaps are.",
            path: "coverage/",
            kind: "coverage",
        };
        self.page("coverage.html", "coverage/index.html", meta, c)
    }

    fn search(&self) -> Pages {
        if !self.wants("search/index.html") {
            return Ok(0);
        }
        let m = self.model;
        let option = |id: &str, name: &str| FacetOption {
            id: id.to_string(),
            name: name.to_string(),
        };
        let mut languages: Vec<FacetOption> = m
            .assets
            .iter()
            .flat_map(|a| {
                a.card.languages.iter().map(|l| {
                    (
                        l.code.split('-').next().unwrap_or("").to_ascii_lowercase(),
                        l.name.clone(),
                    )
                })
            })
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .map(|(code, name)| FacetOption { id: code, name })
            .collect();
        languages.sort_by(|a, b| a.name.cmp(&b.name));
        let mut facets = BTreeMap::new();
        facets.insert(
            "need",
            m.needs
                .iter()
                .map(|n| option(&n.id, &n.name))
                .collect::<Vec<_>>(),
        );
        facets.insert(
            "place",
            m.places.iter().map(|p| option(&p.id, &p.name)).collect(),
        );
        facets.insert(
            "access",
            Access::ALL
                .iter()
                .map(|a| option(a.id(), a.label()))
                .collect(),
        );
        facets.insert(
            "cost",
            Cost::ALL
                .iter()
                .map(|c| option(c.id(), c.label()))
                .collect(),
        );
        facets.insert("language", languages);
        let mut c = Context::new();
        c.insert("facets", &facets);
        c.insert("max_age", &crate::search::MAX_AGE);
        let meta = PageMeta {
            title: "Search",
            description: "Search for local support by need, place and more.",
            path: "search/",
            kind: "search",
        };
        self.page("search.html", "search/index.html", meta, c)
    }
}

impl Renderer<'_> {
    /// The person's own Support Map: built in the browser from the items chosen (see `my_map`).
    fn my_map(&self) -> Pages {
        if !self.wants("my-map/index.html") {
            return Ok(0);
        }
        let meta = PageMeta {
            title: "My Support Map",
            description: "Build a person's own map of local support together, then print it or share it. Kept only in this browser.",
            path: "my-map/",
            kind: "my-map",
        };
        self.page("my_map.html", "my-map/index.html", meta, Context::new())
    }
}

fn place_need_path(place: &PlaceView, need: &NeedView) -> String {
    format!("{}needs/{}/", place.path, need.id)
}

/// Letter an asset is filed under in the A–Z; names starting with a digit or symbol go under #.
fn initial(name: &str) -> String {
    match name.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some(c) if c.is_ascii_alphabetic() => c.to_string(),
        _ => "#".to_string(),
    }
}

fn sitemap(model: &Model) -> String {
    let prefix = if model.site.base_url.is_empty() {
        model.site.base.clone()
    } else {
        model.site.base_url.clone()
    };
    let mut urls: Vec<(String, Option<&str>)> = vec![
        (String::new(), None),
        ("a-z/".into(), None),
        ("guide/".into(), None),
    ];
    urls.extend(
        model
            .assets
            .iter()
            .map(|a| (a.card.path.clone(), Some(a.card.last_reviewed.as_str()))),
    );
    urls.extend(
        model
            .pathways
            .iter()
            .map(|p| (p.path.clone(), Some(p.last_reviewed.as_str()))),
    );
    urls.extend(model.needs.iter().map(|n| (n.path.clone(), None)));
    urls.extend(model.places.iter().map(|p| (p.path.clone(), None)));
    urls.extend(model.guide.iter().map(|g| (g.path.clone(), None)));
    urls.extend(model.pages.iter().map(|p| (p.path.clone(), None)));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape_html(&format!("{prefix}{path}"))
        ));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(model: &Model) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !model.site.base_url.is_empty() {
        text.push_str(&format!("Sitemap: {}sitemap.xml\n", model.site.base_url));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_names_under_letters() {
        assert_eq!(initial("lunch club"), "L");
        assert_eq!(initial("1st Scouts"), "#");
        assert_eq!(initial("Ēast"), "#");
    }
}
