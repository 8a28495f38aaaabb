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
use std::sync::Arc;
use tera::{Context, Tera};

mod cards;

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

/// One letter's run of cards on one A to Z page.
#[derive(Serialize)]
struct Letter<'a> {
    letter: &'a str,
    /// `letter-a` ... `letter-z`, `letter-other` for #.
    anchor: String,
    /// True when the letter's first entries are on an earlier page.
    continued: bool,
    assets: Vec<&'a AssetCard>,
}

/// A letter of the A to Z jump list: where its first entry is.
#[derive(Serialize)]
struct LetterLink<'a> {
    letter: &'a str,
    anchor: String,
    /// The A to Z page holding the letter's first entry (`a-z/` or `a-z/page/3/`).
    path: String,
}

#[derive(Serialize)]
struct PlaceWithChildren {
    #[serde(flatten)]
    link: Link,
    children: Vec<Link>,
}

struct Renderer<'a> {
    model: &'a Model,
    /// The theme's templates with the `asset_card_html` function of this render.
    tera: Tera,
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
    let mut tera = Tera::clone(&theme.tera);
    let site = serde_json::to_value(&model.site).expect("site settings serialise");
    tera.register_function(
        cards::FUNCTION,
        cards::Cards::new(Arc::clone(&theme.tera), site),
    );
    let r = Renderer {
        model,
        tera,
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
        let html = self
            .tera
            .render(template, &context)
            .map_err(|err| RenderError::Template {
                template: template.to_string(),
                message: error_chain(&err),
            })?;
        self.put(file, html.as_bytes())?;
        Ok(1)
    }

    /// A record page's "Report something out of date" and "Edit this record" addresses.
    fn feedback(
        &self,
        kind: &str,
        name: &str,
        id: &str,
        path: &str,
        file: &str,
    ) -> crate::feedback::Links {
        let site = &self.model.site;
        let prefix = if site.base_url.is_empty() {
            &site.base
        } else {
            &site.base_url
        };
        site.feedback.links(&crate::feedback::Record {
            kind,
            name,
            id,
            page: &format!("{prefix}{path}"),
            file,
        })
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
                c.insert(
                    "feedback",
                    &self.feedback(
                        "service",
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
                self.page(
                    "asset.html",
                    &format!("{}index.html", asset.card.path),
                    meta,
                    c,
                )
            })
            .sum()
    }

    /// Renders each wanted page of the list `items` at `path`: `page(paginator, n, items on page
    /// n)` makes page `n`.
    fn paged<F>(&self, path: &str, items: &[usize], page: F) -> Pages
    where
        F: Fn(&Paginator, usize, &[usize]) -> Pages + Sync,
    {
        let paginator = Paginator::new(path, items.len(), self.model.site.page_size);
        (1..=paginator.pages())
            .into_par_iter()
            .filter(|&n| self.wants(&paginator.file(n)))
            .map(|n| page(&paginator, n, &items[paginator.range(n)]))
            .sum()
    }

    /// Whether any page of the list at `path` (page 1 or `path/page/N/`) is wanted.
    fn wants_list(&self, path: &str) -> bool {
        self.only
            .is_none_or(|only| only.iter().any(|file| file.starts_with(path)))
    }

    fn needs(&self) -> Pages {
        let m = self.model;
        m.needs
            .par_iter()
            .filter(|need| self.wants_list(&need.path))
            .map(|need| {
                let overdue = need
                    .assets
                    .iter()
                    .filter(|&&i| m.assets[i].card.overdue)
                    .count();
                self.paged(&need.path, &need.assets, |paginator, n, assets| {
                    let mut c = Context::new();
                    c.insert("need", need);
                    c.insert("assets", &self.cards(assets));
                    c.insert("overdue", &overdue);
                    c.insert("pagination", &paginator.view(n));
                    // The need's description and pathways are on page 1 only.
                    let pathways: &[usize] = if n == 1 { &need.pathways } else { &[] };
                    c.insert("pathways", &self.pathway_links(pathways));
                    let title = paginator.title(&need.name, n);
                    let path = paginator.path(n);
                    let meta = PageMeta {
                        title: &title,
                        description: need.description.as_deref().unwrap_or(""),
                        path: &path,
                        kind: "need",
                    };
                    self.page("need.html", &paginator.file(n), meta, c)
                })
            })
            .sum()
    }

    fn places(&self) -> Pages {
        let m = self.model;
        m.places
            .par_iter()
            .filter(|place| self.wants_list(&place.path))
            .map(|place| {
                self.paged(&place.path, &place.assets, |paginator, n, assets| {
                    let mut c = Context::new();
                    c.insert("place", place);
                    c.insert("assets", &self.cards(assets));
                    c.insert("pagination", &paginator.view(n));
                    // The areas inside, the needs here and the pathways are on page 1 only.
                    let (pathways, needs) = if n == 1 {
                        (&place.pathways[..], self.place_need_tiles(place))
                    } else {
                        (&[][..], Vec::new())
                    };
                    c.insert("pathways", &self.pathway_links(pathways));
                    c.insert("needs", &needs);
                    let title = paginator.title(&place.name, n);
                    let path = paginator.path(n);
                    let meta = PageMeta {
                        title: &title,
                        description: place.summary.as_deref().unwrap_or(""),
                        path: &path,
                        kind: "place",
                    };
                    self.page("place.html", &paginator.file(n), meta, c)
                })
            })
            .sum()
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
            .collect()
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

    /// Every asset in one alphabetical list, filed under letters, paginated like the other
    /// lists; the jump list on every page leads to the page where each letter starts.
    fn a_to_z(&self) -> Pages {
        if !self.wants_list("a-z/") {
            return Ok(0);
        }
        let order = a_to_z_order(self.model);
        let letters: Vec<&str> = order.iter().map(|&(_, letter)| letter).collect();
        let indexes: Vec<usize> = order.iter().map(|&(i, _)| i).collect();
        let paginator = Paginator::new("a-z/", indexes.len(), self.model.site.page_size);
        let jump: Vec<LetterLink> = letters
            .iter()
            .enumerate()
            .filter(|&(i, letter)| i == 0 || letters[i - 1] != *letter)
            .map(|(i, &letter)| LetterLink {
                letter,
                anchor: letter_anchor(letter),
                path: paginator.path(paginator.page_of(i)),
            })
            .collect();
        self.paged("a-z/", &indexes, |paginator, n, _| {
            let range = paginator.range(n);
            let mut groups: Vec<Letter> = Vec::new();
            for i in range.clone() {
                let card = &self.model.assets[indexes[i]].card;
                match groups.last_mut() {
                    Some(group) if group.letter == letters[i] => group.assets.push(card),
                    _ => groups.push(Letter {
                        letter: letters[i],
                        anchor: letter_anchor(letters[i]),
                        continued: i == range.start && i > 0 && letters[i - 1] == letters[i],
                        assets: vec![card],
                    }),
                }
            }
            let mut c = Context::new();
            c.insert("letters", &groups);
            c.insert("jump", &jump);
            c.insert("pagination", &paginator.view(n));
            let title = paginator.title("A to Z of support", n);
            let path = paginator.path(n);
            let meta = PageMeta {
                title: &title,
                description: "Every service and group on this Support Map, in alphabetical order.",
                path: &path,
                kind: "a-z",
            };
            self.page("a_z.html", &paginator.file(n), meta, c)
        })
    }
}

/// The assets in A to Z order with the letter each is filed under: # first, then A to Z, each
/// letter's assets in the site's order.
fn a_to_z_order(model: &Model) -> Vec<(usize, &'static str)> {
    let mut order: Vec<(usize, &'static str)> = model
        .assets
        .iter()
        .enumerate()
        .map(|(i, asset)| (i, initial(&asset.card.name)))
        .collect();
    order.sort_by_key(|&(i, letter)| (letter, i));
    order
}

/// The files of the A to Z: `a-z/index.html`, then `a-z/page/2/index.html`...
pub fn a_to_z_files(model: &Model) -> Vec<String> {
    Paginator::new("a-z/", model.assets.len(), model.site.page_size).files()
}

/// The A to Z page file that lists asset `index` (of `Model::assets`).
pub fn a_to_z_file_of(model: &Model, index: usize) -> Option<String> {
    let order = a_to_z_order(model);
    let at = order.iter().position(|&(i, _)| i == index)?;
    let paginator = Paginator::new("a-z/", order.len(), model.site.page_size);
    Some(paginator.file(paginator.page_of(at)))
}

fn letter_anchor(letter: &str) -> String {
    if letter == "#" {
        "letter-other".to_string()
    } else {
        format!("letter-{}", letter.to_ascii_lowercase())
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
            .filter(|(place, need)| self.wants_list(&place_need_path(place, need)))
            .map(|(place, need)| {
                let assets = self.place_need_assets(place, need);
                if assets.is_empty() {
                    return Ok(0);
                }
                let list_path = place_need_path(place, need);
                let pathways: Vec<usize> = need
                    .pathways
                    .iter()
                    .copied()
                    .filter(|i| place.pathways.contains(i))
                    .collect();
                let name = format!("{} in {}", need.name, place.name);
                let description = format!(
                    "Support for {} in {}.",
                    need.name.to_lowercase(),
                    place.name
                );
                self.paged(&list_path, &assets, |paginator, n, page_assets| {
                    let mut c = Context::new();
                    c.insert("place", place);
                    c.insert("need", need);
                    c.insert("assets", &self.cards(page_assets));
                    c.insert("pagination", &paginator.view(n));
                    let pathways: &[usize] = if n == 1 { &pathways } else { &[] };
                    c.insert("pathways", &self.pathway_links(pathways));
                    let title = paginator.title(&name, n);
                    let path = paginator.path(n);
                    let meta = PageMeta {
                        title: &title,
                        description: &description,
                        path: &path,
                        kind: "place-need",
                    };
                    self.page("place_need.html", &paginator.file(n), meta, c)
                })
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

/// Splits a list of `total` items into pages of `size`, the way Hugo's and Zola's paginators
/// do: page 1 stays at the list's own `path` (`needs/food/`), page N ≥ 2 is at
/// `<path>page/N/`. An empty list still has its page 1.
pub struct Paginator<'a> {
    path: &'a str,
    total: usize,
    size: usize,
}

/// What a list template gets as `pagination` (documented in `docs/themes.md`).
#[derive(Debug, PartialEq, Serialize)]
struct PaginationView {
    /// This page's number, from 1.
    current: usize,
    total_pages: usize,
    /// Items in the whole list, and the 1-based positions of this page's first and last.
    total_items: usize,
    first_item: usize,
    last_item: usize,
    page_size: usize,
    /// Paths (below `site.base`) of page 1, the last page, and the neighbours (null at the ends).
    first: String,
    last: String,
    prev: Option<String>,
    next: Option<String>,
    /// The numbered links to show: page 1, the last page and up to two either side of this
    /// one, with a gap (`{gap: true}`) where pages are left out.
    links: Vec<PageLink>,
}

#[derive(Debug, PartialEq, Serialize)]
struct PageLink {
    number: Option<usize>,
    path: Option<String>,
    current: bool,
    gap: bool,
}

impl<'a> Paginator<'a> {
    pub fn new(path: &'a str, total: usize, size: usize) -> Self {
        Paginator {
            path,
            total,
            size: size.max(1),
        }
    }

    /// Number of pages: at least 1.
    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.size).max(1)
    }

    /// Positions in the list of the items on page `n` (from 1).
    pub fn range(&self, n: usize) -> std::ops::Range<usize> {
        let start = ((n.max(1) - 1) * self.size).min(self.total);
        start..(start + self.size).min(self.total)
    }

    /// The page holding the item at position `index`.
    pub fn page_of(&self, index: usize) -> usize {
        index / self.size + 1
    }

    /// Path of page `n` below the site's base: `needs/food/`, `needs/food/page/2/`.
    pub fn path(&self, n: usize) -> String {
        if n <= 1 {
            self.path.to_string()
        } else {
            format!("{}page/{n}/", self.path)
        }
    }

    /// Output file of page `n`.
    pub fn file(&self, n: usize) -> String {
        format!("{}index.html", self.path(n))
    }

    /// Output files of every page, in order.
    pub fn files(&self) -> Vec<String> {
        (1..=self.pages()).map(|n| self.file(n)).collect()
    }

    /// `<title>` of page `n`: "Food" for page 1, "Food (page 2 of 7)" after.
    pub fn title(&self, name: &str, n: usize) -> String {
        if n <= 1 {
            name.to_string()
        } else {
            format!("{name} (page {n} of {})", self.pages())
        }
    }

    /// Page numbers of the nav around page `current`: 1, the last, `current` ± 2; `None`
    /// where two or more pages are left out (a single left-out page is shown instead: a gap
    /// would take as much room).
    fn window(&self, current: usize) -> Vec<Option<usize>> {
        let last = self.pages();
        let mut shown: Vec<usize> = vec![1, last];
        shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(last));
        shown.sort_unstable();
        shown.dedup();
        let mut out = Vec::new();
        for (i, &n) in shown.iter().enumerate() {
            if let Some(&before) = i.checked_sub(1).and_then(|p| shown.get(p)) {
                match n - before {
                    1 => {}
                    2 => out.push(Some(before + 1)),
                    _ => out.push(None),
                }
            }
            out.push(Some(n));
        }
        out
    }

    fn view(&self, current: usize) -> PaginationView {
        let last = self.pages();
        let range = self.range(current);
        PaginationView {
            current,
            total_pages: last,
            total_items: self.total,
            first_item: if range.is_empty() { 0 } else { range.start + 1 },
            last_item: range.end,
            page_size: self.size,
            first: self.path(1),
            last: self.path(last),
            prev: (current > 1).then(|| self.path(current - 1)),
            next: (current < last).then(|| self.path(current + 1)),
            links: self
                .window(current)
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    path: n.map(|n| self.path(n)),
                    current: n == Some(current),
                    gap: n.is_none(),
                })
                .collect(),
        }
    }
}

/// Letter an asset is filed under in the A–Z; names starting with a digit or symbol go under #.
fn initial(name: &str) -> &'static str {
    const LETTERS: [&str; 26] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
        "S", "T", "U", "V", "W", "X", "Y", "Z",
    ];
    match name.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some(c) if c.is_ascii_uppercase() => LETTERS[(c as u8 - b'A') as usize],
        _ => "#",
    }
}

fn sitemap(model: &Model) -> String {
    let prefix = if model.site.base_url.is_empty() {
        model.site.base.clone()
    } else {
        model.site.base_url.clone()
    };
    let size = model.site.page_size;
    // Every page of a list: `needs/food/`, `needs/food/page/2/`...
    let list = |path: &str, total: usize| -> Vec<(String, Option<&str>)> {
        let paginator = Paginator::new(path, total, size);
        (1..=paginator.pages())
            .map(|n| (paginator.path(n), None))
            .collect()
    };
    let mut urls: Vec<(String, Option<&str>)> = vec![(String::new(), None)];
    urls.extend(list("a-z/", model.assets.len()));
    urls.push(("guide/".into(), None));
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
    for need in &model.needs {
        urls.extend(list(&need.path, need.assets.len()));
    }
    for place in &model.places {
        urls.extend(list(&place.path, place.assets.len()));
    }
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

    fn numbers(p: &Paginator, current: usize) -> String {
        p.window(current)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pages_split_the_list_without_gaps_or_overlaps() {
        let p = Paginator::new("needs/food/", 342, 50);
        assert_eq!(p.pages(), 7);
        assert_eq!(p.range(1), 0..50);
        assert_eq!(p.range(2), 50..100);
        assert_eq!(p.range(7), 300..342);
        let covered: Vec<usize> = (1..=p.pages()).flat_map(|n| p.range(n)).collect();
        assert_eq!(covered, (0..342).collect::<Vec<_>>());
        assert_eq!(p.page_of(0), 1);
        assert_eq!(p.page_of(49), 1);
        assert_eq!(p.page_of(50), 2);
        assert_eq!(p.page_of(341), 7);
        // Exactly full pages: no empty page after them.
        assert_eq!(Paginator::new("a-z/", 100, 50).pages(), 2);
        // An empty list still has its page 1, and it is empty.
        let empty = Paginator::new("needs/x/", 0, 50);
        assert_eq!(empty.pages(), 1);
        assert!(empty.range(1).is_empty());
        assert_eq!(empty.view(1).first_item, 0);
    }

    #[test]
    fn page_one_keeps_the_list_address() {
        let p = Paginator::new("needs/food/", 120, 50);
        assert_eq!(p.path(1), "needs/food/");
        assert_eq!(p.path(2), "needs/food/page/2/");
        assert_eq!(
            p.files(),
            [
                "needs/food/index.html",
                "needs/food/page/2/index.html",
                "needs/food/page/3/index.html"
            ]
        );
        assert_eq!(p.title("Food", 1), "Food");
        assert_eq!(p.title("Food", 2), "Food (page 2 of 3)");
    }

    #[test]
    fn the_nav_shows_first_last_and_two_either_side() {
        let p = Paginator::new("a-z/", 1000, 50); // 20 pages
        assert_eq!(numbers(&p, 1), "1 2 3 … 20");
        assert_eq!(numbers(&p, 4), "1 2 3 4 5 6 … 20");
        assert_eq!(numbers(&p, 5), "1 2 3 4 5 6 7 … 20");
        assert_eq!(numbers(&p, 6), "1 … 4 5 6 7 8 … 20");
        assert_eq!(numbers(&p, 10), "1 … 8 9 10 11 12 … 20");
        assert_eq!(numbers(&p, 17), "1 … 15 16 17 18 19 20");
        assert_eq!(numbers(&p, 20), "1 … 18 19 20");
        assert_eq!(numbers(&Paginator::new("a-z/", 10, 50), 1), "1");
        assert_eq!(numbers(&Paginator::new("a-z/", 120, 50), 2), "1 2 3");
    }

    #[test]
    fn the_view_links_neighbours_and_marks_the_current_page() {
        let p = Paginator::new("needs/food/", 342, 50);
        let first = p.view(1);
        assert_eq!((first.first_item, first.last_item), (1, 50));
        assert_eq!(first.prev, None);
        assert_eq!(first.next.as_deref(), Some("needs/food/page/2/"));
        let second = p.view(2);
        assert_eq!(second.prev.as_deref(), Some("needs/food/"));
        assert_eq!((second.first_item, second.last_item), (51, 100));
        let last = p.view(7);
        assert_eq!(
            (last.first_item, last.last_item, last.total_items),
            (301, 342, 342)
        );
        assert_eq!(last.next, None);
        assert_eq!(last.last, "needs/food/page/7/");
        let current: Vec<usize> = last
            .links
            .iter()
            .filter(|l| l.current)
            .filter_map(|l| l.number)
            .collect();
        assert_eq!(current, [7]);
        assert!(last.links.iter().any(|l| l.gap && l.path.is_none()));
    }

    #[test]
    fn files_names_under_letters() {
        assert_eq!(initial("lunch club"), "L");
        assert_eq!(initial("1st Scouts"), "#");
        assert_eq!(initial("Ēast"), "#");
    }
}
