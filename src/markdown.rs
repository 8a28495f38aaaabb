//! Markdown: renders editors' Markdown to HTML that is safe to publish.
//!
//! pulldown-cmark renders; ammonia sanitises (no script, no event handlers, no `javascript:`
//! or `data:` URLs, no images from other sites). Headings are shifted to fit where the text sits
//! on the page (below the page's `<h1>`, or below a section's `<h2>`) without skipping a
//! level, and site-absolute links (`/pages/about/`) are given the
//! site's base path so they keep working when the site lives under a sub-path.
//!
//! Hostile text must not make a build slow or huge, so what reaches the sanitiser is bounded
//! (see `Limits`): the HTML parser inside ammonia takes time proportional to depth × tags, and a
//! few bytes of Markdown can otherwise expand to megabytes of table cells or repeated links.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

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
                if element == "img" && attribute == "src" && is_off_site(value) {
                    None
                } else {
                    Some(value.into())
                }
            });
        Renderer {
            base: base.to_string(),
            sanitiser,
        }
    }

    /// Renders `markdown` whose highest heading becomes `<h{top}>`.
    pub fn render(&self, markdown: &str, top: u8) -> String {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let mut limits = Limits::new(markdown.len());
        let events: Vec<Event> = Parser::new_ext(markdown, options)
            .into_offset_iter()
            .filter_map(|(event, range)| limits.admit(event, range))
            .collect();
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
        pulldown_cmark::html::push_html(
            &mut html,
            events.into_iter().map(|event| self.adjust(event, shift)),
        );
        self.sanitiser.clean(&html).to_string()
    }

    fn adjust<'a>(&self, event: Event<'a>, shift: i16) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shifted(level, shift),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(shifted(level, shift)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.rebase(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.rebase(dest_url),
                title,
                id,
            }),
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

/// Whether a browser would fetch the image at `src` from another host. Browsers read
/// `\\host/x`, ` //host/x` and `/<tab>/host/x` as `//host/x`, so `src` is resolved the way they
/// do it (the `url` crate follows the WHATWG URL standard) rather than looked at as text. Any
/// scheme counts as off-site: `https:x` is on-site only when the page itself is https.
fn is_off_site(src: &str) -> bool {
    const PAGE: &str = "http://site.invalid/a/b/";
    let resolved = url::Url::parse(PAGE).and_then(|page| page.join(src));
    src.contains(':') || resolved.map_or(true, |url| url.host_str() != Some("site.invalid"))
}

/// Deeper nesting than any real text has; containers below it are flattened, keeping their
/// contents. Without a cap, 100 KB of `>` took html5ever a minute (its scope checks walk the
/// stack of open elements for every tag).
const MAX_DEPTH: usize = 32;

/// Raw HTML tags (counted as `<`) passed to the sanitiser per text; later raw HTML is shown as
/// text. Markdown nesting is capped above, but raw `<div>`s nest without limit.
const MAX_RAW_HTML_TAGS: usize = 1000;

/// What one text may put in front of the sanitiser, so that the HTML is at most a constant
/// times the size of the Markdown and is quick to sanitise.
struct Limits {
    /// For each open container, whether its start was kept (so its end is kept too).
    open: Vec<bool>,
    raw_tags_left: usize,
    /// Empty cells pulldown-cmark adds to short table rows: a header of n columns over n
    /// one-character rows is n² cells from 4n bytes.
    padding_left: usize,
    /// Bytes of link addresses copied by reference links (`[x]` repeating `[x]: <long url>`).
    /// pulldown-cmark allows 100 KB of these even in a tiny text.
    references_left: usize,
}

impl Limits {
    fn new(len: usize) -> Limits {
        Limits {
            open: Vec::new(),
            raw_tags_left: MAX_RAW_HTML_TAGS,
            padding_left: len,
            references_left: len,
        }
    }

    fn admit<'a>(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Event<'a>> {
        match event {
            Event::Start(tag) => {
                let keep = self.open.len() < MAX_DEPTH && self.within_budget(&tag, range);
                self.open.push(keep);
                keep.then_some(Event::Start(tag))
            }
            Event::End(tag) => self.open.pop().unwrap_or(true).then_some(Event::End(tag)),
            Event::Html(html) | Event::InlineHtml(html)
                if html.matches('<').count() > self.raw_tags_left =>
            {
                self.raw_tags_left = 0;
                Some(Event::Text(html))
            }
            Event::Html(html) => {
                self.raw_tags_left -= html.matches('<').count();
                Some(Event::Html(html))
            }
            Event::InlineHtml(html) => {
                self.raw_tags_left -= html.matches('<').count();
                Some(Event::InlineHtml(html))
            }
            other => Some(other),
        }
    }

    fn within_budget(&mut self, tag: &Tag, range: Range<usize>) -> bool {
        let (budget, cost) = match tag {
            Tag::TableCell if range.is_empty() => (&mut self.padding_left, 1),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } if !matches!(
                link_type,
                LinkType::Inline | LinkType::Autolink | LinkType::Email
            ) =>
            {
                (&mut self.references_left, dest_url.len() + title.len())
            }
            _ => return true,
        };
        let fits = cost <= *budget;
        if fits {
            *budget -= cost;
        }
        fits
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
        let html =
            render("# Title\n\n### Sub\n\n[About](/pages/about/) [Ext](https://example.org/)");
        assert!(
            html.contains("<h2>Title</h2>") && html.contains("<h4>Sub</h4>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"/support-map/pages/about/\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://example.org/\" rel=\"noopener noreferrer\""),
            "{html}"
        );
        let html = Renderer::new("/").render("## Already second\n\n### Third", 3);
        assert!(
            html.contains("<h3>Already second</h3>") && html.contains("<h4>Third</h4>"),
            "{html}"
        );
        let html = Renderer::new("/").render("## Section", 2);
        assert!(html.contains("<h2>Section</h2>"), "{html}");
    }

    #[test]
    fn drops_off_site_images() {
        let html = render("![x](https://tracker.example.com/p.gif) ![y](/static/y.png)");
        assert!(!html.contains("tracker"), "{html}");
        assert!(html.contains("src=\"/support-map/static/y.png\""), "{html}");
    }

    #[test]
    fn drops_images_that_browsers_would_fetch_from_another_host() {
        for src in [
            "\\\\tracker.example.com/x.gif",
            " //tracker.example.com/x.gif",
            "/&#9;/tracker.example.com/x.gif",
            "\\/tracker.example.com/x.gif",
            "https:tracker.example.com/x.gif",
        ] {
            let html = render(&format!("<img src=\"{src}\" alt=\"t\">"));
            assert!(!html.contains("tracker"), "{src}: {html}");
        }
        assert!(render("<img src=\"img/x.png\">").contains("src=\"img/x.png\""));
    }

    #[test]
    fn deep_nesting_is_flattened_quickly() {
        let started = std::time::Instant::now();
        let html = render(&">".repeat(100_000));
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        let html = render(&format!(
            "{}x{}",
            "1. ".repeat(10_000),
            "\n\n*a*".repeat(1000)
        ));
        assert!(html.contains("<em>a</em>"), "{html}");
        let html = render(&"<div>".repeat(100_000));
        assert!(
            html.matches("<div>").count() <= MAX_RAW_HTML_TAGS,
            "raw HTML past the limit is text"
        );
        assert!(html.contains("&lt;div&gt;"));
        assert!(
            started.elapsed().as_secs() < 10,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn short_table_rows_and_repeated_references_cannot_multiply_the_text() {
        let columns = 300;
        let table = format!(
            "|{}\n|{}\n{}",
            "a|".repeat(columns),
            "-|".repeat(columns),
            "x\n".repeat(columns)
        );
        let html = render(&table);
        assert!(
            html.len() < 50 * table.len(),
            "{} bytes from {}",
            html.len(),
            table.len()
        );
        assert_eq!(
            render("|a|b|c|\n|-|-|-|\n|1|\n").matches("<td>").count(),
            3,
            "a normal short row is padded"
        );
        let refs = format!("[a]: /{}\n\n{}", "a".repeat(1000), "[a] ".repeat(300));
        let html = render(&refs);
        assert!(
            html.len() < 50 * refs.len(),
            "{} bytes from {}",
            html.len(),
            refs.len()
        );
        assert!(render("[a] [a]\n\n[a]: /x").matches("href").count() == 2);
    }
}
