//! A link checker for a built site folder.
//!
//! It parses every `.html` file, collects every URL a browser would follow or
//! fetch (`href`, `src`, `srcset`, `<form action>`, `<meta refresh>`,
//! `og:url`/`og:image`, plus `url(...)`/`@import` in `.css` files, `<loc>`
//! in `sitemap.xml` and `Sitemap:` in `robots.txt`), resolves the internal
//! ones to files on disk and checks that `#fragment`s name an `id` in the
//! target page (or in an SVG sprite).
//!
//! "Internal" means: relative, path-absolute, or absolute on the site's own
//! origin when the site was built with a full base URL. Every internal
//! path-absolute URL must start with the base path (`/support-map/`): a link
//! to `/needs/x/` on a site hosted under `/support-map/` works on a
//! developer's machine and breaks once deployed, which is exactly the bug
//! this exists to catch.
//!
//! Failures are human-readable strings, e.g.
//! `site/assets/x/index.html: broken link /support-map/needs/nope/`.

#![allow(dead_code)] // not every test crate that includes this uses all of it

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use url::Url;

/// The origin we pretend the site lives on when it was built without a full
/// base URL; `.invalid` can never collide with a real host.
const PLACEHOLDER_ORIGIN: &str = "http://site.invalid";

/// What one run of the checker found.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Number of `.html` files parsed.
    pub pages: usize,
    /// Number of internal URLs resolved and checked.
    pub links_checked: usize,
    /// Human-readable problems, sorted and de-duplicated.
    pub failures: Vec<String>,
}

impl Report {
    /// The failures as one printable block. The same problem on many pages
    /// (a broken link in the site header, say) is folded into one line with
    /// a count and a few example pages; at most `max` lines are printed.
    pub(crate) fn summary(&self, max: usize) -> String {
        // failure = "<file>: <message>"; group by message, keep file order.
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for f in &self.failures {
            let (file, msg) = f.split_once(": ").unwrap_or(("", f));
            match groups.iter_mut().find(|(m, _)| *m == msg) {
                Some((_, files)) => files.push(file),
                None => groups.push((msg, vec![file])),
            }
        }
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let mut s = String::new();
        for (msg, files) in groups.iter().take(max) {
            if files.len() == 1 {
                s.push_str(&format!("  {}: {msg}\n", files[0]));
            } else {
                let eg: Vec<&str> = files.iter().take(3).copied().collect();
                s.push_str(&format!(
                    "  {msg}\n      on {} pages, e.g. {}\n",
                    files.len(),
                    eg.join(", ")
                ));
            }
        }
        if groups.len() > max {
            s.push_str(&format!(
                "  … and {} more distinct problems\n",
                groups.len() - max
            ));
        }
        s
    }
}

/// Where the site is served from: the origin (scheme + host) and the path
/// prefix every internal URL must start with.
#[derive(Debug, Clone)]
struct Base {
    /// `https://example.org/support-map/`, or the placeholder origin + path.
    url: Url,
    /// `/support-map/` (always starts and ends with `/`).
    path: String,
}

impl Base {
    fn new(base: &str) -> Base {
        let mut url = match Url::parse(base) {
            Ok(u) if u.scheme() == "http" || u.scheme() == "https" => u,
            _ => {
                let p = if base.starts_with('/') {
                    base.to_string()
                } else {
                    format!("/{base}")
                };
                Url::parse(PLACEHOLDER_ORIGIN)
                    .unwrap()
                    .join(&p)
                    .expect("valid base path")
            }
        };
        if !url.path().ends_with('/') {
            let p = format!("{}/", url.path());
            url.set_path(&p);
        }
        url.set_query(None);
        url.set_fragment(None);
        let path = url.path().to_string();
        Base { url, path }
    }
}

/// A parsed page: its ids (fragment targets).
struct PageInfo {
    ids: BTreeSet<String>,
}

/// Check the site in `site_dir`, built for `base` — either a path prefix
/// (`"/"`, `"/support-map/"`) or the full `--base-url` it was built with
/// (`"https://example.org/support-map/"`), in which case absolute URLs on
/// that origin are checked as internal too.
pub(crate) fn check_site(site_dir: &Path, base: &str) -> Report {
    let base = Base::new(base);
    let site_dir = site_dir
        .canonicalize()
        .unwrap_or_else(|e| panic!("site dir {}: {e}", site_dir.display()));
    let display_root = site_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    let mut files = Vec::new();
    walk(&site_dir, &mut files);
    files.sort();

    let mut checker = Checker {
        site_dir: site_dir.clone(),
        display_root,
        base,
        pages: HashMap::new(),
        failures: BTreeSet::new(),
        links_checked: 0,
    };

    let mut page_count = 0;
    for file in &files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "html" | "htm" => {
                page_count += 1;
                checker.check_html(file);
            }
            "css" => checker.check_css(file),
            "xml" if file.file_name().is_some_and(|n| n == "sitemap.xml") => {
                checker.check_sitemap(file)
            }
            "txt" if file.file_name().is_some_and(|n| n == "robots.txt") => {
                checker.check_robots(file)
            }
            _ => {}
        }
    }

    Report {
        pages: page_count,
        links_checked: checker.links_checked,
        failures: checker.failures.into_iter().collect(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read_dir {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            walk(&path, out);
        } else if ft.is_file() {
            out.push(path);
        }
    }
}

/// Percent-decode a URL path or fragment (invalid escapes are kept as-is).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Checker {
    site_dir: PathBuf,
    display_root: String,
    base: Base,
    /// Parsed target pages, cached by file (for fragment checks).
    pages: HashMap<PathBuf, PageInfo>,
    failures: BTreeSet<String>,
    links_checked: usize,
}

/// Elements and attributes holding a single URL.
const URL_ATTRS: &[(&str, &str)] = &[
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("img[src]", "src"),
    ("script[src]", "src"),
    ("iframe[src]", "src"),
    ("embed[src]", "src"),
    ("source[src]", "src"),
    ("track[src]", "src"),
    ("audio[src]", "src"),
    ("video[src]", "src"),
    ("video[poster]", "poster"),
    ("input[src]", "src"),
    ("object[data]", "data"),
    ("form[action]", "action"),
    ("button[formaction]", "formaction"),
    ("use[href]", "href"),
    ("image[href]", "href"),
    ("blockquote[cite]", "cite"),
    ("q[cite]", "cite"),
];

impl Checker {
    fn display(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.site_dir).unwrap_or(file);
        format!("{}/{}", self.display_root, rel.display())
    }

    fn fail(&mut self, file: &Path, msg: String) {
        let d = self.display(file);
        self.failures.insert(format!("{d}: {msg}"));
    }

    /// The URL a file is served at, e.g. `<base>/needs/x/index.html`.
    fn url_of(&self, file: &Path) -> Url {
        let rel = file.strip_prefix(&self.site_dir).expect("file inside site");
        let rel = rel.to_string_lossy().replace('\\', "/");
        // `join` percent-encodes as needed (spaces, non-ASCII).
        self.base.url.join(&rel).expect("joinable path")
    }

    fn page_info(&mut self, file: &Path) -> &PageInfo {
        if !self.pages.contains_key(file) {
            let text = fs::read_to_string(file).unwrap_or_default();
            let doc = Html::parse_document(&text);
            let info = PageInfo {
                ids: collect_ids(&doc),
            };
            self.pages.insert(file.to_path_buf(), info);
        }
        &self.pages[file]
    }

    fn check_html(&mut self, file: &Path) {
        let text = match fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return self.fail(file, format!("unreadable: {e}")),
        };
        let doc = Html::parse_document(&text);
        // Cache this page's ids now: most fragment links point at the same page.
        self.pages.insert(
            file.to_path_buf(),
            PageInfo {
                ids: collect_ids(&doc),
            },
        );

        // A <base href> changes how relative URLs resolve.
        let mut page_url = self.url_of(file);
        if let Some(b) = select_attr(&doc, "base[href]", "href").into_iter().next() {
            match page_url.join(&b) {
                Ok(u) => page_url = u,
                Err(e) => self.fail(file, format!("invalid <base href=\"{b}\">: {e}")),
            }
        }

        let mut urls: Vec<(String, &str)> = Vec::new();
        for (sel, attr) in URL_ATTRS {
            for v in select_attr(&doc, sel, attr) {
                urls.push((v, "link"));
            }
        }
        for sel in ["img[srcset]", "source[srcset]"] {
            for v in select_attr(&doc, sel, "srcset") {
                for u in parse_srcset(&v) {
                    urls.push((u, "srcset"));
                }
            }
        }
        for v in select_attr(&doc, r#"meta[http-equiv="refresh" i]"#, "content") {
            if let Some(u) = refresh_url(&v) {
                urls.push((u, "refresh"));
            }
        }
        for prop in ["og:url", "og:image", "twitter:image"] {
            for v in select_attr(
                &doc,
                &format!(r#"meta[property="{prop}"], meta[name="{prop}"]"#),
                "content",
            ) {
                urls.push((v, "meta"));
            }
        }
        // SVG 1.1 style xlink:href (scraper's selector can't do namespaces).
        for v in xlink_hrefs(&doc) {
            urls.push((v, "link"));
        }

        for (raw, kind) in urls {
            self.check_url(file, &page_url, &raw, kind);
        }
    }

    /// `url(...)` references in a stylesheet: relative ones resolve against
    /// the stylesheet itself, absolute ones must carry the base path.
    fn check_css(&mut self, file: &Path) {
        let text = match fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return self.fail(file, format!("unreadable: {e}")),
        };
        let url = self.url_of(file);
        for raw in css_urls(&strip_css_comments(&text)) {
            self.check_url(file, &url, &raw, "css url()");
        }
    }

    /// `<loc>`s in sitemap.xml must name existing pages.
    fn check_sitemap(&mut self, file: &Path) {
        let text = match fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return self.fail(file, format!("unreadable: {e}")),
        };
        let url = self.url_of(file);
        let mut rest = text.as_str();
        while let Some(start) = rest.find("<loc>") {
            rest = &rest[start + 5..];
            let Some(end) = rest.find("</loc>") else {
                break;
            };
            let loc = rest[..end].trim().replace("&amp;", "&");
            rest = &rest[end..];
            self.check_url(file, &url, &loc, "sitemap");
        }
    }

    /// `Sitemap:` lines in robots.txt must name an existing file.
    fn check_robots(&mut self, file: &Path) {
        let text = fs::read_to_string(file).unwrap_or_default();
        let url = self.url_of(file);
        for line in text.lines() {
            if let Some((key, value)) = line.split_once(':') {
                if key.trim().eq_ignore_ascii_case("sitemap") {
                    self.check_url(file, &url, value.trim(), "sitemap reference");
                }
            }
        }
    }

    fn check_url(&mut self, file: &Path, page_url: &Url, raw: &str, kind: &str) {
        let raw = raw.trim();
        if raw.is_empty() {
            if kind == "link" {
                // href="" is a link to the page itself: almost always a
                // template variable that came out empty.
                self.fail(file, "empty URL (href/src=\"\")".to_string());
            }
            return;
        }
        let lower = raw.to_ascii_lowercase();
        if lower.starts_with("javascript:") {
            return self.fail(file, format!("javascript: URL (blocked by the CSP): {raw}"));
        }
        if ["mailto:", "tel:", "sms:", "data:", "blob:", "geo:"]
            .iter()
            .any(|s| lower.starts_with(s))
        {
            return;
        }

        let resolved = match page_url.join(raw) {
            Ok(u) => u,
            Err(e) => return self.fail(file, format!("unparsable URL {raw:?}: {e}")),
        };
        if resolved.scheme() != "http" && resolved.scheme() != "https" {
            return; // some other scheme: not ours to check
        }
        // Absolute http(s) URLs to other origins are external.
        if resolved.origin() != self.base.url.origin() {
            return;
        }
        let path = resolved.path().to_string();
        let under_base =
            path.starts_with(&self.base.path) || path == self.base.path.trim_end_matches('/');
        let is_absolute_url =
            lower.starts_with("http:") || lower.starts_with("https:") || raw.starts_with("//");
        if is_absolute_url && !under_base {
            // Same host, another site (e.g. the organisation's main site at
            // https://example.org/ linked from /support-map/): external.
            return;
        }
        self.links_checked += 1;

        // Internal paths must live under the base path: `/needs/x/` on a
        // site deployed at `/support-map/` is the classic base-path bug.
        if !under_base {
            let why = if raw.starts_with('/') {
                format!(
                    "internal link {raw} does not start with the base path {}",
                    self.base.path
                )
            } else {
                format!(
                    "link {raw} resolves to {path}, outside the base path {}",
                    self.base.path
                )
            };
            return self.fail(file, why);
        }

        let rel = percent_decode(path.strip_prefix(&self.base.path).unwrap_or(""));
        let Some(target) = self.resolve_file(&rel) else {
            return self.fail(file, format!("broken {kind} {raw}"));
        };

        if let Some(frag) = resolved.fragment() {
            let frag = percent_decode(frag);
            // "#" and "#top" scroll to the top by definition; text fragments
            // are a browser feature, not an anchor.
            if frag.is_empty() || frag.eq_ignore_ascii_case("top") || frag.starts_with(":~:") {
                return;
            }
            let ext = target.extension().and_then(|e| e.to_str()).unwrap_or("");
            let exists = match ext {
                "html" | "htm" => self.page_info(&target).ids.contains(&frag),
                // An SVG sprite: `icons.svg#name`.
                "svg" => fs::read_to_string(&target)
                    .map(|t| {
                        t.contains(&format!("id=\"{frag}\"")) || t.contains(&format!("id='{frag}'"))
                    })
                    .unwrap_or(false),
                _ => true,
            };
            if !exists {
                self.fail(
                    file,
                    format!(
                        "broken anchor {raw} (no id=\"{frag}\" in {})",
                        self.display(&target)
                    ),
                );
            }
        }
    }

    /// Map a site-relative path (already percent-decoded) to a file:
    /// `x/` → `x/index.html`, `x` → file `x` or, like any static host that
    /// redirects, `x/index.html`.
    fn resolve_file(&self, rel: &str) -> Option<PathBuf> {
        if rel.split('/').any(|seg| seg == "..") {
            return None;
        }
        let p = self.site_dir.join(rel);
        if rel.is_empty() || rel.ends_with('/') {
            let index = p.join("index.html");
            return index.is_file().then_some(index);
        }
        if p.is_file() {
            return Some(p);
        }
        let index = p.join("index.html");
        index.is_file().then_some(index)
    }
}

fn select_attr(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel =
        Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    doc.select(&sel)
        .filter_map(|el| el.value().attr(attr).map(str::to_string))
        .collect()
}

fn xlink_hrefs(doc: &Html) -> Vec<String> {
    let sel = Selector::parse("use, image").unwrap();
    doc.select(&sel)
        .flat_map(|el| {
            el.value()
                .attrs
                .iter()
                .filter(|(name, _)| {
                    &*name.local == "href" && &*name.ns == "http://www.w3.org/1999/xlink"
                })
                .map(|(_, v)| v.to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every `id` (and legacy `<a name>`) in a document: the valid fragment targets.
fn collect_ids(doc: &Html) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = select_attr(doc, "[id]", "id").into_iter().collect();
    ids.extend(select_attr(doc, "a[name]", "name"));
    ids
}

/// The URLs of a `srcset` ("a.png 1x, b.png 2x" → [a.png, b.png]).
fn parse_srcset(v: &str) -> Vec<String> {
    v.split(',')
        .filter_map(|cand| cand.split_whitespace().next())
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect()
}

/// The URL of a `<meta http-equiv=refresh content="0; url=...">`.
fn refresh_url(content: &str) -> Option<String> {
    let (_, rest) = content
        .split_once(';')
        .or_else(|| content.split_once(','))?;
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("url=")
        .or_else(|| rest.strip_prefix("URL="))
        .unwrap_or(rest);
    let rest = rest.trim_matches(|c| c == '\'' || c == '"');
    (!rest.is_empty()).then(|| rest.to_string())
}

fn strip_css_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The arguments of `url(...)` and `@import "..."` in a stylesheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let Some(end) = rest.find(')') else { break };
        let arg = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        if !arg.is_empty() {
            out.push(arg.to_string());
        }
        rest = &rest[end..];
    }
    let mut rest = css;
    while let Some(i) = rest.find("@import") {
        rest = rest[i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                out.push(rest[1..1 + end].to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn srcset_and_refresh_parsing() {
        assert_eq!(
            parse_srcset("a.png 1x, /b/c.png 2x"),
            vec!["a.png", "/b/c.png"]
        );
        assert_eq!(refresh_url("0; url=/x/"), Some("/x/".to_string()));
        assert_eq!(refresh_url("0;URL='../y/'"), Some("../y/".to_string()));
        assert_eq!(percent_decode("caf%C3%A9%20x%zz"), "café x%zz");
        assert_eq!(
            css_urls("a{b:url( '../f.woff2' )} @import \"x.css\";"),
            vec!["../f.woff2", "x.css"]
        );
    }
}
