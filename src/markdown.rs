//! Markdown: renders editors' Markdown to HTML that is safe to publish.
//!
//! pulldown-cmark renders; ammonia sanitises (no script, no event handlers, no `javascript:`
//! or `data:` URLs, no images from other sites). Headings are demoted one level because each
//! page already has its own `<h1>`, and site-absolute links (`/pages/about/`) are given the
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

    pub fn render(&self, markdown: &str) -> String {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let events = Parser::new_ext(markdown, options).map(|event| self.adjust(event));
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events);
        self.sanitiser.clean(&html).to_string()
    }

    fn adjust<'a>(&self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
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

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        Renderer::new("/support-map/").render(md)
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
    fn rebases_site_links_and_demotes_headings() {
        let html = render("# Title\n\n[About](/pages/about/) [Ext](https://example.org/)");
        assert!(html.contains("<h2>Title</h2>"), "{html}");
        assert!(html.contains("href=\"/support-map/pages/about/\""), "{html}");
        assert!(html.contains("href=\"https://example.org/\" rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn drops_off_site_images() {
        let html = render("![x](https://tracker.example.com/p.gif) ![y](/static/y.png)");
        assert!(!html.contains("tracker"), "{html}");
        assert!(html.contains("src=\"/support-map/static/y.png\""), "{html}");
    }
}
