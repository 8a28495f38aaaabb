//! What published HTML must never contain, whatever editors (or attackers) put in `content/`.
//!
//! Used by `tests/hostile.rs` on whole built pages and by `tests/fuzz.rs` on rendered
//! Markdown. The checks read the HTML the way a browser does (parsed with `scraper`, entities
//! decoded, URLs resolved by the WHATWG rules of the `url` crate), so escaping tricks such as
//! `&#106;avascript:` or `\\host/x` are judged by what they mean, not by how they are spelt.

#![allow(dead_code)] // not every test crate that includes this uses all of it

use scraper::{Html, Node};
use url::Url;

/// Elements that run code, load other documents or restyle the page. None may come from content;
/// the theme itself uses none of them either.
const FORBIDDEN: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "portal",
];

/// Attributes whose value a browser follows or fetches.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "longdesc",
    "background",
    "manifest",
    "ping",
    "srcset",
    "xlink:href",
    "codebase",
    "dynsrc",
    "lowsrc",
];

/// Schemes a page may link to.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// A placeholder origin for resolving relative URLs; `.invalid` can never be a real host.
const ORIGIN: &str = "http://site.invalid";

/// What kind of HTML is being checked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A whole page of the built site: must carry the Content-Security-Policy, and may load the
    /// theme's own scripts from `<base>static/`.
    Page,
    /// A fragment rendered from Markdown: no script at all.
    Fragment,
}

/// Every problem found in `html`, as readable strings (empty when the HTML is safe). `base` is
/// the site's base path, such as `/` or `/support-map/`.
pub(crate) fn problems(html: &str, kind: Kind, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    let doc = match kind {
        Kind::Page => Html::parse_document(html),
        Kind::Fragment => Html::parse_fragment(html),
    };
    let page_url = Url::parse(ORIGIN)
        .unwrap()
        .join(base)
        .unwrap()
        .join("page/")
        .unwrap();
    let mut csp = 0;
    for node in doc.tree.nodes() {
        let element = match node.value() {
            Node::Element(e) => e,
            _ => continue,
        };
        let name = element.name().to_ascii_lowercase();
        let attr = |key: &str| {
            element
                .attrs()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        };
        if FORBIDDEN.contains(&name.as_str()) {
            out.push(format!("<{name}> element"));
        }
        if name == "script" {
            let text: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            let own_file = kind == Kind::Page
                && text.trim().is_empty()
                && attr("src").is_some_and(|src| {
                    on_site(&page_url, src)
                        && resolve(&page_url, src)
                            .is_some_and(|u| u.path().starts_with(&format!("{base}static/")))
                });
            // My Support Map's card: JSON that is never run, and that no record text can end.
            let card_data = kind == Kind::Page
                && attr("type") == Some("application/json")
                && attr("id") == Some("my-map-card")
                && attr("src").is_none()
                && !text.contains('<')
                && serde_json::from_str::<serde_json::Value>(&text).is_ok();
            let own = own_file || card_data;
            if !own {
                out.push(format!(
                    "<script> that is not one of the theme's own files: src={:?}, text={:?}",
                    attr("src"),
                    truncate(&text)
                ));
            }
        }
        if name == "meta" {
            match attr("http-equiv").map(str::to_ascii_lowercase).as_deref() {
                Some("content-security-policy") => {
                    csp += 1;
                    let policy = attr("content").unwrap_or("");
                    for needed in [
                        "default-src 'self'",
                        "script-src 'self'",
                        "object-src 'none'",
                        "base-uri 'none'",
                    ] {
                        if !policy.contains(needed) {
                            out.push(format!("Content-Security-Policy lacks {needed}: {policy}"));
                        }
                    }
                }
                Some("refresh") => out.push("<meta http-equiv=refresh>".to_string()),
                _ => {}
            }
        }
        for (key, value) in element.attrs() {
            let key = key.to_ascii_lowercase();
            if key.starts_with("on") {
                out.push(format!(
                    "<{name}> has event handler {key}={}",
                    truncate(value)
                ));
            }
            if key == "style" {
                out.push(format!(
                    "<{name}> has a style attribute (the CSP forbids inline style)"
                ));
            }
            if URL_ATTRIBUTES.contains(&key.as_str()) {
                let urls: Vec<&str> = if key == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value]
                };
                for url in urls {
                    if let Some(scheme) = scheme_of(url).filter(|s| !SCHEMES.contains(&s.as_str()))
                    {
                        out.push(format!(
                            "<{name} {key}> with scheme {scheme}: {}",
                            truncate(url)
                        ));
                    }
                    // Anything but a link is fetched as the page loads: a request to another site.
                    let fetched = !(matches!(name.as_str(), "a" | "area" | "form")
                        || (name == "link"
                            && attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))));
                    if fetched && !on_site(&page_url, url) {
                        out.push(format!(
                            "<{name} {key}> loads from another site: {}",
                            truncate(url)
                        ));
                    }
                }
            }
        }
    }
    if kind == Kind::Page && csp != 1 {
        out.push(format!(
            "{csp} Content-Security-Policy meta tags, expected 1"
        ));
    }
    out
}

/// The scheme a browser reads from a URL attribute, lowercased; `None` for a relative URL.
pub(crate) fn scheme_of(url: &str) -> Option<String> {
    // Browsers trim leading and trailing C0 controls and spaces, and drop tabs and newlines.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn resolve(page: &Url, url: &str) -> Option<Url> {
    page.join(url).ok()
}

/// Whether a fetch of `url` from `page` stays on the page's own origin.
fn on_site(page: &Url, url: &str) -> bool {
    scheme_of(url).is_none() && resolve(page, url).is_some_and(|u| u.origin() == page.origin())
}

fn truncate(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[test]
fn the_checker_finds_what_it_should() {
    let bad = [
        "<script>alert(1)</script>",
        "<script src=\"https://evil.example.com/x.js\"></script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<img src=\"\\\\tracker.example.com/x.gif\">",
        "<img src=\"//tracker.example.com/x.gif\">",
        "<iframe src=\"/x\"></iframe>",
        "<style>body{}</style>",
        "<p style=\"color:red\">x</p>",
        "<form action=\"vbscript:x\"></form>",
    ];
    for html in bad {
        assert!(
            !problems(html, Kind::Fragment, "/").is_empty(),
            "{html} passed"
        );
    }
    let good = "<p><a href=\"https://example.org/\">x</a> <a href=\"mailto:a@b.org\">m</a> <a href=\"tel:+44\">t</a> <a href=\"/pages/about/\">a</a> <img src=\"/static/x.png\" alt=\"\"> javascript: is only text here</p>";
    assert_eq!(problems(good, Kind::Fragment, "/"), Vec::<String>::new());
    let page = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'\"><script type=\"module\" src=\"/sm/static/search.js\"></script></head><body></body></html>";
    assert_eq!(problems(page, Kind::Page, "/sm/"), Vec::<String>::new());
    assert!(!problems(
        &page.replace("/sm/static/", "/sm/other/"),
        Kind::Page,
        "/sm/"
    )
    .is_empty());
    assert!(
        !problems("<html><head></head></html>", Kind::Page, "/").is_empty(),
        "a page without CSP"
    );
}
