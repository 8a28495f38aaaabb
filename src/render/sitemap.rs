//! The two files for search engines that are not templates: `sitemap.xml` (every page, with
//! the review date of assets and pathways, and in a site of several languages every page in
//! each, with its counterparts as `xhtml:link` alternates) and `robots.txt` (which points
//! to it).

use super::paginate::Paginator;
use crate::addresses;
use crate::model::Model;
use crate::theme::escape_html;

/// A page's address with its last review date, where it has one.
type Url<'a> = (String, Option<&'a str>);

pub(super) fn sitemap(model: &Model) -> String {
    let several = !model.translated.is_empty();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if several {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    let languages: Vec<&Model> = std::iter::once(model).chain(&model.translated).collect();
    for language in &languages {
        for (path, lastmod) in urls(language) {
            xml.push_str(&format!(
                "  <url><loc>{}</loc>",
                escape_html(&language.site.address_of(&path))
            ));
            if let Some(date) = lastmod {
                xml.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            if several {
                alternates(&mut xml, &languages, &path);
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The page at `path` in every language, and the default for any other (`x-default`), as
/// search engines read them in a sitemap.
fn alternates(xml: &mut String, languages: &[&Model], path: &str) {
    let link = |xml: &mut String, tag: &str, model: &Model| {
        xml.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            escape_html(tag),
            escape_html(&model.site.address_of(path))
        ));
    };
    for language in languages {
        link(xml, &language.site.language, language);
    }
    link(xml, "x-default", languages[0]);
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
