//! Which pages an edited asset shows on, and rendering just those.
//!
//! An edit re-renders the asset's own page, the pathways that name it and the page of each
//! list it is on. Only when it moves things (a new name, needs, places, status, review date or
//! languages: the order, counts and facets other pages show) does it re-render the rest of
//! those lists, the A to Z, home, coverage and search pages too. `Layout` is what decides.
//! A site in several languages has those pages in each language (`Shown`, asked of each
//! language's model), each below its language's home.

use crate::model::Model;
use crate::output::MemorySink;
use crate::render::RenderError;
use crate::theme::Theme;
use std::collections::HashSet;

/// Output files as (path below the site, bytes).
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The site's languages' models: the default's, then the others' in `languages:` order.
pub(crate) fn languages(model: &Model) -> impl Iterator<Item = &Model> {
    std::iter::once(model).chain(&model.translated)
}

/// What one language's pages take from an asset, asked before and after an edit.
pub(crate) struct Shown {
    pages: HashSet<String>,
    rest: HashSet<String>,
    layout: Layout,
}

impl Shown {
    pub(crate) fn of(model: &Model, id: &str) -> Shown {
        let (pages, rest) = pages_showing(model, id);
        Shown {
            pages,
            rest,
            layout: Layout::of(model, id),
        }
    }

    /// The pages to re-render: where the asset was and is, and the rest of its lists, the A to
    /// Z, home, coverage and search pages only when its place in them moved.
    pub(crate) fn changed(self, after: Shown) -> HashSet<String> {
        let mut pages = self.pages;
        pages.extend(after.pages);
        if after.layout != self.layout {
            pages.extend(self.rest);
            pages.extend(after.rest);
        }
        pages
    }
}

/// Renders `paths` of language `language` (0 the default) into memory, below its home.
fn render_into_memory(
    model: &Model,
    theme: &Theme,
    language: usize,
    paths: &HashSet<String>,
) -> Result<Files, RenderError> {
    let sink = MemorySink::default();
    crate::render::render_language(model, theme, language, paths, &sink)?;
    Ok(sink.into_files().into_iter().collect())
}

/// Renders `paths` (addresses below the home of language `language`, 0 the default); returns
/// the files made and the wanted files that no longer exist, below the site.
pub(crate) fn render_files(
    model: &Model,
    theme: &Theme,
    language: usize,
    paths: &HashSet<String>,
) -> Result<(Files, Vec<String>), RenderError> {
    if paths.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let home = languages(model).nth(language).map_or(String::new(), |m| {
        crate::addresses::language_home(&m.site.language, &model.site.language)
    });
    let not_made = |files: &Files| {
        let made: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        (paths.iter())
            .map(|p| format!("{home}{p}"))
            .filter(|p| !made.contains(p.as_str()))
            .collect()
    };
    if paths.len() <= 2 {
        let files: Files = render_into_memory(model, theme, language, paths)?;
        let gone = not_made(&files);
        return Ok((files, gone));
    }
    // Two halves on two threads: the long list pages dominate, and Tera renders in parallel.
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let halves: [HashSet<String>; 2] = [
        sorted.iter().step_by(2).map(|p| (*p).clone()).collect(),
        sorted
            .iter()
            .skip(1)
            .step_by(2)
            .map(|p| (*p).clone())
            .collect(),
    ];
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = halves
            .iter()
            .map(|half| scope.spawn(move || render_into_memory(model, theme, language, half)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("render thread"))
            .collect()
    });
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    let gone = not_made(&files);
    Ok((files, gone))
}

/// The output files that show asset `id`: the quick ones (its page, pathways that name it, and
/// the page of each list it is on) and the rest (home counts, coverage, every other page of those
/// lists and of the A to Z: their counts change, and an added, removed or renamed asset moves
/// the others along). `serve` asks before and after an edit, so pages that stop existing (a list
/// one page shorter) are known to be gone.
fn pages_showing(model: &Model, id: &str) -> (HashSet<String>, HashSet<String>) {
    let mut fast: HashSet<String> =
        HashSet::from([crate::addresses::file(&crate::addresses::asset(id))]);
    let mut slow: HashSet<String> = [
        crate::addresses::file(crate::addresses::HOME),
        crate::addresses::file(crate::addresses::COVERAGE),
        crate::addresses::file(crate::addresses::SEARCH),
        crate::addresses::SITEMAP.to_string(),
    ]
    .into_iter()
    .collect();
    slow.extend(crate::render::a_to_z_files(model));
    for pathway in &model.pathways {
        if pathway
            .steps
            .iter()
            .any(|s| s.assets.iter().any(|c| c.id == id))
        {
            fast.insert(crate::addresses::file(&pathway.path));
        }
    }
    let Some(index) = model.assets.iter().position(|a| a.card.id == id) else {
        return (fast, slow);
    };
    fast.extend(crate::render::a_to_z_file_of(model, index));
    let size = model.site.page_size;
    // Every page of the list `items` at `path`; the one showing the asset is quick.
    let mut list = |path: &str, items: &[usize]| {
        let paginator = crate::render::Paginator::new(path, items.len(), size);
        slow.extend(paginator.files());
        if let Some(at) = items.iter().position(|&i| i == index) {
            fast.insert(paginator.file(paginator.page_of(at)));
        }
    };
    let needs: Vec<&crate::model::NeedView> = model
        .needs
        .iter()
        .filter(|n| n.assets.contains(&index))
        .collect();
    for need in &needs {
        list(&need.path, &need.assets);
    }
    for place in model.places.iter().filter(|p| p.assets.contains(&index)) {
        list(&place.path, &place.assets);
        for need in &needs {
            let listed: Vec<usize> = need
                .assets
                .iter()
                .copied()
                .filter(|i| place.assets.binary_search(i).is_ok())
                .collect();
            list(&crate::addresses::place_need(&place.id, &need.id), &listed);
        }
    }
    slow.retain(|p| !fast.contains(p));
    (fast, slow)
}

/// What pages other than those `pages_showing` calls quick take from one asset: its place in
/// the order (by name), the lists it is on and their counts and overdue counts, the home and
/// coverage counts, its review date (the sitemap) and its languages (the search page's facet).
/// Equal before and after an edit, those pages are byte for byte what they were.
#[derive(PartialEq)]
struct Layout {
    assets: usize,
    asset: Option<AssetFacts>,
    needs: Vec<Vec<usize>>,
    places: Vec<PlaceFacts>,
}

#[derive(PartialEq)]
struct AssetFacts {
    name: String,
    status: &'static str,
    overdue: bool,
    last_reviewed: String,
    languages: Vec<(String, String)>,
}

#[derive(PartialEq)]
struct PlaceFacts {
    assets: Vec<usize>,
    counts: Vec<Option<usize>>,
    related: Vec<String>,
}

impl Layout {
    fn of(model: &Model, id: &str) -> Layout {
        let card = model.assets.iter().map(|a| &a.card).find(|c| c.id == id);
        Layout {
            assets: model.assets.len(),
            asset: card.map(|c| AssetFacts {
                name: c.name.clone(),
                status: c.status,
                overdue: c.overdue,
                last_reviewed: c.last_reviewed.clone(),
                languages: c
                    .languages
                    .iter()
                    .map(|l| (l.code.clone(), l.name.clone()))
                    .collect(),
            }),
            needs: model.needs.iter().map(|n| n.assets.clone()).collect(),
            places: model
                .places
                .iter()
                .map(|p| PlaceFacts {
                    assets: p.assets.clone(),
                    counts: p
                        .children
                        .iter()
                        .chain(&p.parent)
                        .map(|l| l.count)
                        .collect(),
                    related: p.related.iter().cloned().collect(),
                })
                .collect(),
        }
    }
}
