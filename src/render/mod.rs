//! Render: lays the model out as files, using the theme's templates.
//!
//! `addresses` says where each page lives; this module decides what each page shows and hands
//! it to its template. Each page goes to the `output::Sink` as soon as it is rendered, so no
//! more than the pages in progress are held. One file per kind of page: `pages` (home, assets,
//! pathways, guide, free pages, 404), `lists` (needs, places, place × need), `a_to_z`,
//! `coverage`, `search_page`, `my_map`; `paginate` splits long lists, `sitemap` writes the
//! two files that are not templates, and `cards` keeps each asset card's HTML for reuse.

use crate::addresses;
use crate::model::{AssetCard, Link, Model, NeedView, PathwayLink, PlaceView};
use crate::output::{OutputError, Sink};
use crate::theme::{error_chain, Theme};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;
use tera::{Context, Tera};

mod a_to_z;
mod cards;
mod coverage;
mod languages;
mod lists;
mod my_map;
mod pages;
mod paginate;
mod search_page;
mod sitemap;

pub(crate) use a_to_z::{a_to_z_file_of, a_to_z_files};
pub(crate) use paginate::Paginator;

#[derive(Debug)]
pub enum RenderError {
    /// A template failed: the site's (or theme author's) to fix.
    Template { template: String, message: String },
    /// A rendered page could not be stored.
    Write(OutputError),
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

/// What every template gets as `page`.
#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    description: &'a str,
    path: &'a str,
    kind: &'a str,
}

struct Renderer<'a> {
    model: &'a Model,
    /// The site's interface texts, for the titles and descriptions written here.
    interface: Arc<crate::i18n::Interface>,
    /// The theme's templates with the `asset_card_html` function of this render.
    tera: Tera,
    base: Context,
    /// Render only these output paths (`serve` re-renders what an edit touched).
    only: Option<&'a HashSet<String>>,
    sink: &'a dyn Sink,
}

/// How many HTML pages a section wrote.
type Pages = Result<usize, RenderError>;

/// Renders every file into `sink`, every language's pages; returns the number of HTML pages.
pub(crate) fn render(model: &Model, theme: &Theme, sink: &dyn Sink) -> Pages {
    let pages = render_some(model, theme, None, sink)?;
    Ok(pages + languages::render_translated(model, theme, sink)?)
}

/// Renders the files of `only` (output paths such as `assets/x/index.html`), or every file.
fn render_some(
    model: &Model,
    theme: &Theme,
    only: Option<&HashSet<String>>,
    sink: &dyn Sink,
) -> Pages {
    let speech = languages::Speech::default_of(theme);
    let r = Renderer::new(
        model,
        &speech,
        languages::links(model, theme, 0),
        only,
        sink,
    );
    let pages = r.sections()?;
    r.files(theme)?;
    Ok(pages)
}

/// Renders the files of `only` in the site's language `language` (0 the default, then in
/// `languages:` order), as addresses below that language's home; its files go into the home.
pub(crate) fn render_language(
    model: &Model,
    theme: &Theme,
    language: usize,
    only: &HashSet<String>,
    sink: &dyn Sink,
) -> Pages {
    match language.checked_sub(1) {
        None => render_some(model, theme, Some(only), sink),
        Some(i) => languages::render_some(model, theme, i, Some(only), sink),
    }
}

impl Renderer<'_> {
    /// Every page of this renderer's language.
    fn sections(&self) -> Pages {
        let r = self;
        // Sections render in parallel, and the big ones page by page.
        let sections: [&(dyn Fn() -> Pages + Sync); 14] = [
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
            &|| r.offline(),
        ];
        sections.par_iter().map(|section| section()).sum::<Pages>()
    }
}

fn nav(model: &Model) -> Nav {
    let titled = |slug: &str, title: &str, path: &str| TitledLink {
        slug: slug.to_string(),
        title: title.to_string(),
        path: path.to_string(),
    };
    Nav {
        needs: model.needs.iter().map(|n| model.need_link(n)).collect(),
        places: model.places.iter().map(|p| model.place_link(p)).collect(),
        guide: (model.guide.iter())
            .map(|g| titled(&g.slug, &g.title, &g.path))
            .collect(),
        pages: (model.pages.iter())
            .map(|p| titled(&p.slug, &p.title, &p.path))
            .collect(),
    }
}

impl<'a> Renderer<'a> {
    fn new(
        model: &'a Model,
        speech: &languages::Speech,
        languages: Vec<languages::LanguageLink>,
        only: Option<&'a HashSet<String>>,
        sink: &'a dyn Sink,
    ) -> Self {
        let mut base = Context::new();
        base.insert("site", &model.site);
        base.insert("nav", &nav(model));
        base.insert("languages", &languages);
        let mut tera = Tera::clone(&speech.tera);
        let site = serde_json::to_value(&model.site).expect("site settings serialise");
        tera.register_function(
            cards::FUNCTION,
            cards::Cards::new(Arc::clone(&speech.tera), site),
        );
        Renderer {
            model,
            interface: Arc::clone(&speech.interface),
            tera,
            base,
            only,
            sink,
        }
    }

    /// The files that are not pages: the sitemap, robots.txt and the theme's static files.
    fn files(&self, theme: &Theme) -> Result<(), RenderError> {
        if self.wants(addresses::SITEMAP) {
            self.put(addresses::SITEMAP, sitemap::sitemap(self.model).as_bytes())?;
        }
        if self.only.is_none() {
            self.put(addresses::ROBOTS, sitemap::robots(self.model).as_bytes())?;
            for (name, bytes) in &theme.static_files {
                self.put(&addresses::static_file(name), bytes)?;
            }
            for (address, texts) in self.interface.browser_files() {
                self.put(&address, texts.as_bytes())?;
            }
        }
        Ok(())
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
        let record = crate::feedback::Record {
            kind,
            name,
            id,
            page: &site.address_of(path),
            file,
        };
        site.feedback.links(&record, &self.interface)
    }

    /// An interface text in the site's language (`i18n`).
    fn say(&self, key: &str, args: &[(&str, serde_json::Value)]) -> String {
        self.interface.text(key, args)
    }

    /// `<title>` of page `n` of a list: "Food" for page 1, "Food (page 2 of 7)" after.
    fn list_title(&self, paginator: &Paginator, name: &str, n: usize) -> String {
        if n <= 1 {
            return name.to_string();
        }
        let total = paginator.pages();
        let page_of = self.say(
            "list.page_of",
            &[("current", n.into()), ("total", total.into())],
        );
        format!("{name} {page_of}")
    }

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

    /// Indexes of assets serving `place` that meet `need`.
    fn place_need_assets(&self, place: &PlaceView, need: &NeedView) -> Vec<usize> {
        // Both lists are in ascending order (built by filtering 0..assets.len()).
        need.assets
            .iter()
            .copied()
            .filter(|i| place.assets.binary_search(i).is_ok())
            .collect()
    }
}
