//! The two files for search engines that are not templates: `sitemap.xml` (every page, with
//! the review date of assets and pathways) and `robots.txt` (which points to it).

use super::paginate::Paginator;
use crate::addresses;
use crate::model::Model;
use crate::theme::escape_html;

/// A page's address with its last review date, where it has one.
type Url<'a> = (String, Option<&'a str>);

pub(super) fn sitemap(model: &Model) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in urls(model) {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape_html(&model.site.address_of(&path))
        ));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Every page in the sitemap's order; every page of each list (`needs/food/page/2/`...).
fn urls(model: &Model) -> Vec<Url<'_>> {
    let size = model.site.page_size;
    let list = |path: &str, total: usize| -> Vec<Url> {
        let paginator = Paginator::new(path, total, size);
        (1..=paginator.pages())
            .map(|n| (paginator.path(n), None))
            .collect()
    };
    let mut urls: Vec<Url> = vec![(addresses::HOME.to_string(), None)];
    urls.extend(list(addresses::A_TO_Z, model.assets.len()));
    urls.push((addresses::GUIDE.to_string(), None));
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
    urls
}

pub(super) fn robots(model: &Model) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !model.site.base_url.is_empty() {
        text.push_str(&format!(
            "Sitemap: {}{}\n",
            model.site.base_url,
            addresses::SITEMAP
        ));
    }
    text
}
