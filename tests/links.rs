//! Link integrity of the built example site.
//!
//! Builds `content/` with the real binary — once at the domain root and once
//! under a base path, the way it is deployed — and runs the link checker in
//! `tests/common/linkcheck.rs` over the output. The fixture tests at the end
//! pin down the checker's own behaviour, so a silently lenient checker can't
//! turn the real-site tests into no-ops.

#[path = "common/linkcheck.rs"]
mod linkcheck;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use linkcheck::check_site;

/// Fewer pages than this means the build (or the checker's walk) silently
/// produced a fraction of the site.
const MIN_PAGES: usize = 50;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `supportmap build` into a fresh temp dir; returns (guard, site dir).
fn build_site(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_supportmap"));
    cmd.arg("build")
        .arg("--root")
        .arg(repo_root())
        .arg("--out")
        .arg(&out);
    if let Some(b) = base_url {
        cmd.arg("--base-url").arg(b);
    }
    let output = cmd.output().expect("run supportmap");
    assert!(
        output.status.success(),
        "supportmap build {:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        base_url,
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.join("index.html").is_file(),
        "build produced no {}/index.html",
        out.display()
    );
    (tmp, out)
}

fn assert_links_ok(site: &Path, base: &str) {
    // The example's `page_size` makes its longer lists go on to more pages: their links (page
    // numbers, A to Z letters leading to `a-z/page/N/#letter-x`) are checked too.
    for paged in [
        "a-z/page/2/index.html",
        "places/harbourside/page/2/index.html",
    ] {
        assert!(
            site.join(paged).is_file(),
            "{paged} missing: the example site should show pagination"
        );
    }
    let report = check_site(site, base);
    eprintln!(
        "link check ({base}): {} pages, {} internal URLs, {} failures",
        report.pages,
        report.links_checked,
        report.failures.len()
    );
    assert!(
        report.failures.is_empty(),
        "{} link failures in the site built for {base}:\n{}",
        report.failures.len(),
        report.summary(100)
    );
    assert!(
        report.pages > MIN_PAGES,
        "only {} pages checked (expected > {MIN_PAGES})",
        report.pages
    );
}

#[test]
fn example_site_links_ok_at_root() {
    let (_tmp, site) = build_site(None);
    assert_links_ok(&site, "/");
}

#[test]
fn example_site_links_ok_under_base_path() {
    let (_tmp, site) = build_site(Some("https://example.org/support-map/"));
    // Passing the full URL also checks same-origin absolute URLs
    // (canonical links, sitemap <loc>s) as internal ones.
    assert_links_ok(&site, "https://example.org/support-map/");
}

// ---------------------------------------------------------------------------
// The checker itself, on hand-made sites.

fn write(root: &Path, rel: &str, body: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, body).unwrap();
}

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{body}</body></html>")
}

/// A small site built for `/support-map/`, every link of which is good.
fn good_site(root: &Path) {
    write(
        root,
        "index.html",
        &page(
            r##"<a href="#main">skip</a><main id="main">
            <a href="/support-map/needs/food/">food</a>
            <a href="needs/food/#where">where (relative)</a>
            <a href="/support-map/needs/food">no slash: static hosts redirect</a>
            <a href="/support-map">home without slash</a>
            <a href="./">self</a> <a href="#">top</a> <a href="#top">top</a>
            <a href="https://elsewhere.example/x">external</a>
            <a href="https://example.org/">same host, outside base: external</a>
            <a href="https://example.org/support-map/pages/about/">absolute, on site</a>
            <a href="mailto:a@b.c">mail</a> <a href="tel:+441234">tel</a>
            <img src="/support-map/static/logo.svg" srcset="static/logo.svg 1x, /support-map/static/logo.svg 2x" alt="">
            <svg><use href="/support-map/static/icons.svg#pin"></use></svg>
            <form action="/support-map/search/"><input name="q"></form>
            <a href="/support-map/files/caf%C3%A9%20menu.txt">percent-encoded</a>
            <a href="/support-map/search/?q=food#results">query</a>
            </main>"##,
        ),
    );
    write(
        root,
        "needs/food/index.html",
        &page(
            r#"<h2 id="where">Where</h2><a href="../../">up</a><a href="../../pages/about/">about</a>"#,
        ),
    );
    write(
        root,
        "pages/about/index.html",
        &page(r#"<link rel="stylesheet" href="../../static/site.css">"#),
    );
    write(
        root,
        "search/index.html",
        &page(r#"<div id="results"></div>"#),
    );
    write(
        root,
        "404.html",
        &page(r#"<a href="/support-map/">home</a>"#),
    );
    write(
        root,
        "static/logo.svg",
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    write(
        root,
        "static/icons.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg"><symbol id="pin"/></svg>"#,
    );
    write(
        root,
        "static/site.css",
        "body{background:url(bg.png)} /* url(missing.png) */",
    );
    write(root, "static/bg.png", "png");
    write(root, "files/café menu.txt", "menu");
    write(
        root,
        "robots.txt",
        "User-agent: *\nAllow: /\nSitemap: https://example.org/support-map/sitemap.xml\n",
    );
    write(
        root,
        "sitemap.xml",
        r#"<urlset><url><loc>https://example.org/support-map/</loc></url><url><loc>https://example.org/support-map/needs/food/</loc></url></urlset>"#,
    );
}

#[test]
fn checker_passes_a_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    good_site(&root);
    let r = check_site(&root, "https://example.org/support-map/");
    assert_eq!(r.failures, Vec::<String>::new());
    assert_eq!(r.pages, 5);
    assert!(
        r.links_checked >= 20,
        "checked only {} URLs",
        r.links_checked
    );
}

#[test]
fn checker_reports_each_kind_of_breakage() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    good_site(&root);
    write(
        &root,
        "assets/x/index.html",
        &page(
            r##"<a href="/support-map/needs/nope/">missing page</a>
            <a href="/needs/food/">missing base path</a>
            <a href="../../../../etc/">escapes the site</a>
            <a href="/support-map/needs/food/#nowhere">missing anchor</a>
            <a href="#also-nowhere">missing local anchor</a>
            <img src="../../static/nope.png" alt="">
            <img srcset="/support-map/static/logo.svg 1x, /support-map/static/logo@2x.svg 2x" alt="">
            <script src="/support-map/static/app.js"></script>
            <link rel="stylesheet" href="/static/site.css">
            <form action="/support-map/find/"></form>
            <a href="">empty</a>
            <a href="javascript:void(0)">js</a>
            <svg><use href="/support-map/static/icons.svg#nope"></use><use xlink:href="../../static/icons.svg#old"></use></svg>
            <a href="https://example.org/support-map/gone/">absolute, on site, gone</a>"##,
        ),
    );
    write(
        &root,
        "static/extra.css",
        "@import '/static/base.css'; a{background:url('../img/none.png')}",
    );
    write(
        &root,
        "sitemap.xml",
        "<urlset><url><loc>https://example.org/support-map/old/</loc></url></urlset>",
    );
    write(
        &root,
        "robots.txt",
        "Sitemap: https://example.org/support-map/sitemap-old.xml\n",
    );

    let r = check_site(&root, "https://example.org/support-map/");
    let expected = [
        "site/assets/x/index.html: broken link /support-map/needs/nope/",
        "site/assets/x/index.html: internal link /needs/food/ does not start with the base path /support-map/",
        "site/assets/x/index.html: link ../../../../etc/ resolves to /etc/, outside the base path /support-map/",
        "site/assets/x/index.html: broken anchor /support-map/needs/food/#nowhere (no id=\"nowhere\" in site/needs/food/index.html)",
        "site/assets/x/index.html: broken anchor #also-nowhere (no id=\"also-nowhere\" in site/assets/x/index.html)",
        "site/assets/x/index.html: broken link ../../static/nope.png",
        "site/assets/x/index.html: broken srcset /support-map/static/logo@2x.svg",
        "site/assets/x/index.html: broken link /support-map/static/app.js",
        "site/assets/x/index.html: internal link /static/site.css does not start with the base path /support-map/",
        "site/assets/x/index.html: broken link /support-map/find/",
        "site/assets/x/index.html: empty URL (href/src=\"\")",
        "site/assets/x/index.html: javascript: URL (blocked by the CSP): javascript:void(0)",
        "site/assets/x/index.html: broken anchor /support-map/static/icons.svg#nope (no id=\"nope\" in site/static/icons.svg)",
        "site/assets/x/index.html: broken link https://example.org/support-map/gone/",
        "site/assets/x/index.html: broken anchor ../../static/icons.svg#old (no id=\"old\" in site/static/icons.svg)",
        "site/static/extra.css: internal link /static/base.css does not start with the base path /support-map/",
        "site/static/extra.css: broken css url() ../img/none.png",
        "site/sitemap.xml: broken sitemap https://example.org/support-map/old/",
        "site/robots.txt: broken sitemap reference https://example.org/support-map/sitemap-old.xml",
    ];
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(r.failures, want, "\n{}", r.summary(100));
}

#[test]
fn checker_at_root_treats_absolute_urls_as_external() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "index.html",
        &page(
            r#"<a href="/a/">a</a><a href="a/">a</a><a href="https://example.org/nope/">ext</a><a href="/b/">b</a>"#,
        ),
    );
    write(
        &root,
        "a/index.html",
        &page(r#"<a href="../">up</a><a href="/">root</a>"#),
    );
    let r = check_site(&root, "/");
    assert_eq!(
        r.failures,
        vec!["site/index.html: broken link /b/".to_string()]
    );
    assert_eq!(r.pages, 2);
}
