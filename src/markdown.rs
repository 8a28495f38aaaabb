//! Markdown: renders editors' Markdown to HTML that is safe to publish.
//!
//! pulldown-cmark renders; ammonia sanitises (no script, no event handlers, no `javascript:`
//! or `data:` URLs, no images from other sites). Headings are shifted to fit where the text sits
//! on the page (below the page's `<h1>`, or below a section's `<h2>`) without skipping a
//! level, and site-absolute links (`/pages/about/`) are given the
//! site's base path so they keep working when the site lives under a sub-path.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

pub struct Renderer {
    base: String,
    sanitiser: ammonia::Builder<'static>,
}

impl Renderer {
    /// `base` is the path every internal link starts with, such as `/` or `/support-map/`.
    pub fn new(base: &str) -> Renderer {
        let mut sanitiser = ammonia::Builder::default();
        sanitiser
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"))
            .attribute_filter(|element, attribute, value| {
                // An image from another host would be a third-party request from every reader.
                let off_site = value.contains(':') || value.starts_with("//");
                if element == "img" && attribute == "src" && off_site {
                    None
                } else {
                    Some(value.into())
                }
            });
        Renderer { base: base.to_string(), sanitiser }
    }

    /// Renders `markdown` whose highest heading becomes `<h{top}>`.
    pub fn render(&self, markdown: &str, top: u8) -> String {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
        let highest = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
                _ => None,
            })
            .min()
            .unwrap_or(top);
        let shift = i16::from(top) - i16::from(highest);
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|event| self.adjust(event, shift)));
        self.sanitiser.clean(&html).to_string()
    }

    fn adjust<'a>(&self, event: Event<'a>, shift: i16) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                Event::Start(Tag::Heading { level: shifted(level, shift), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, shift))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Link { link_type, dest_url: self.rebase(dest_url), title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Image { link_type, dest_url: self.rebase(dest_url), title, id })
            }
            other => other,
        }
    }

    fn rebase<'a>(&self, url: CowStr<'a>) -> CowStr<'a> {
        match url.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => format!("{}{rest}", self.base).into(),
            _ => url,
        }
    }
}

fn shifted(level: HeadingLevel, shift: i16) -> HeadingLevel {
    match (level as i16 + shift).clamp(1, 6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        Renderer::new("/support-map/").render(md, 2)
    }

    #[test]
    fn removes_script_handlers_and_dangerous_urls() {
        let html = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](data:text/html,x)\n\n<a href=\"JaVaScRiPt:alert(1)\">c</a>");
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(!lower.contains("data:"), "{html}");
    }

    #[test]
    fn rebases_site_links_and_fits_headings_below_the_page_title() {
        let html = render("# Title\n\n### Sub\n\n[About](/pages/about/) [Ext](https://example.org/)");
        assert!(html.contains("<h2>Title</h2>") && html.contains("<h4>Sub</h4>"), "{html}");
        assert!(html.contains("href=\"/support-map/pages/about/\""), "{html}");
        assert!(html.contains("href=\"https://example.org/\" rel=\"noopener noreferrer\""), "{html}");
        let html = Renderer::new("/").render("## Already second\n\n### Third", 3);
        assert!(html.contains("<h3>Already second</h3>") && html.contains("<h4>Third</h4>"), "{html}");
        let html = Renderer::new("/").render("## Section", 2);
        assert!(html.contains("<h2>Section</h2>"), "{html}");
    }

    #[test]
    fn drops_off_site_images() {
        let html = render("![x](https://tracker.example.com/p.gif) ![y](/static/y.png)");
        assert!(!html.contains("tracker"), "{html}");
        assert!(html.contains("src=\"/support-map/static/y.png\""), "{html}");
    }
}
