//! Long lists come a page at a time. The example site is built twice: with `page_size: 200`
//! (every list on one page, as before pagination) and with `page_size: 5`; every list of the
//! second build, read page by page, must be the first build's list, in the same order, each
//! asset once, with the right counts, titles and links between the pages.

#[path = "common/fixtures.rs"]
mod fixtures;

#[path = "common/run.rs"]
mod run;
use run::supportmap;
use scraper::{ElementRef, Html, Selector};
use std::fs;
use std::path::{Path, PathBuf};

const SIZE: usize = 5;

/// A copy of the example content with `page_size: <size>` (or any other last line).
fn example_with(dir: &Path, site_line: &str) -> PathBuf {
    let root = dir.join("root");
    fixtures::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &root.join("content"),
    );
    let site = root.join("content/site.yaml");
    let text: String = fs::read_to_string(&site)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("page_size:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&site, format!("{text}{site_line}\n")).unwrap();
    root
}

fn build(dir: &Path, size: usize) -> PathBuf {
    let root = example_with(dir, &format!("page_size: {size}"));
    let out = dir.join("site");
    let result = run::build(&root, &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn parse(file: &Path) -> Html {
    Html::parse_document(
        &fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
    )
}

fn text(element: ElementRef) -> String {
    element.text().collect::<String>()
}

/// Asset ids of the cards on a page, in order.
fn cards(html: &Html) -> Vec<String> {
    html.select(&sel("main .asset-card .card-title a"))
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            href.trim_start_matches("/assets/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

fn page_path(list: &str, n: usize) -> String {
    if n == 1 {
        list.to_string()
    } else {
        format!("{list}page/{n}/")
    }
}

/// Paths (`needs/food/`, `places/x/needs/y/`, `a-z/`) of every list page of a site.
fn lists(site: &Path) -> Vec<String> {
    let mut out = vec!["a-z/".to_string()];
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(site).unwrap().to_string_lossy();
        let parts: Vec<&str> = rel.split('/').collect();
        let list = matches!(
            parts.as_slice(),
            ["needs", _, "index.html"]
                | ["places", _, "index.html"]
                | ["places", _, "needs", _, "index.html"]
        );
        if list {
            out.push(rel.trim_end_matches("index.html").to_string());
        }
    }
    out.sort();
    out
}

fn href_of(html: &Html, css: &str) -> Option<String> {
    html.select(&sel(css))
        .next()
        .map(|a| a.value().attr("href").unwrap().to_string())
}

#[test]
fn every_list_is_split_into_pages_without_losing_or_repeating_an_asset() {
    let whole_dir = tempfile::tempdir().unwrap();
    let whole = build(whole_dir.path(), 200);
    let paged_dir = tempfile::tempdir().unwrap();
    let paged = build(paged_dir.path(), SIZE);
    let lists = lists(&whole);
    assert!(lists.len() > 50, "{} lists", lists.len());
    let mut paginated = 0;
    for list in &lists {
        let expected = cards(&parse(&whole.join(list).join("index.html")));
        let pages = expected.len().div_ceil(SIZE).max(1);
        if pages > 1 {
            paginated += 1;
        }
        let mut seen = Vec::new();
        for n in 1..=pages {
            let path = page_path(list, n);
            let html = parse(&paged.join(&path).join("index.html"));
            let on_page = cards(&html);
            let range = (n - 1) * SIZE..(n * SIZE).min(expected.len());
            assert_eq!(on_page, expected[range.clone()], "/{path}");
            seen.extend(on_page);

            let title = text(html.select(&sel("title")).next().unwrap());
            let h1 = text(html.select(&sel("h1")).next().unwrap());
            let page_of = format!("(page {n} of {pages})");
            assert_eq!(title.contains(&page_of), n > 1, "/{path}: {title}");
            assert_eq!(h1.contains(&page_of), n > 1, "/{path}: {h1}");

            let nav = html.select(&sel(r#"nav[aria-label="Pages"]"#)).next();
            if pages == 1 {
                assert!(nav.is_none(), "/{path}: no pages nav for one page");
                assert!(html.select(&sel(".showing")).next().is_none());
                continue;
            }
            let showing = text(html.select(&sel(".showing")).next().unwrap());
            let line = format!(
                "Showing {}–{} of {} listing",
                range.start + 1,
                range.end,
                expected.len()
            );
            assert!(showing.starts_with(&line), "/{path}: {showing}");
            let nav = nav.unwrap();
            let current: Vec<String> = nav
                .select(&sel(r#"a[aria-current="page"]"#))
                .map(text)
                .collect();
            assert_eq!(current, [format!("Page {n}")], "/{path}");
            let prev = href_of(&html, r#"nav[aria-label="Pages"] a[rel="prev"]"#);
            let next = href_of(&html, r#"nav[aria-label="Pages"] a[rel="next"]"#);
            assert_eq!(
                prev,
                (n > 1).then(|| format!("/{}", page_path(list, n - 1)))
            );
            assert_eq!(
                next,
                (n < pages).then(|| format!("/{}", page_path(list, n + 1)))
            );
            // Every numbered link leads to a page of this list that exists.
            for a in nav.select(&sel("a")) {
                let href = a.value().attr("href").unwrap();
                assert!(href.starts_with(&format!("/{list}")), "/{path}: {href}");
                assert!(paged.join(&href[1..]).join("index.html").is_file());
            }
            if n > 1 && list != "a-z/" {
                // What the list is about stays on page 1; later pages lead back to it.
                assert_eq!(
                    href_of(&html, ".back-to-start a"),
                    Some(format!("/{list}")),
                    "/{path}"
                );
                assert!(html.select(&sel("#pathways-heading")).next().is_none());
                assert!(html.select(&sel(".lede")).next().is_none());
            }
        }
        assert_eq!(seen, expected, "/{list}: the pages together are the list");
        assert!(
            !paged
                .join(list)
                .join(format!("page/{}", pages + 1))
                .exists(),
            "/{list}: no page after the last"
        );
        assert!(
            !paged.join(list).join("page/1").exists(),
            "page 1 is the list's own address"
        );
    }
    assert!(
        paginated > 10,
        "only {paginated} lists have more than one page"
    );

    // The sitemap names every page of the need, place and A to Z lists.
    let sitemap = fs::read_to_string(paged.join("sitemap.xml")).unwrap();
    for list in lists.iter().filter(|l| !l.contains("/needs/")) {
        let mut n = 1;
        while paged.join(page_path(list, n)).join("index.html").is_file() {
            let loc = format!("<loc>/{}</loc>", page_path(list, n));
            assert!(sitemap.contains(&loc), "sitemap lacks {loc}");
            n += 1;
        }
    }
}

#[test]
fn a_to_z_letters_lead_to_the_page_where_each_letter_starts() {
    let whole_dir = tempfile::tempdir().unwrap();
    let whole = build(whole_dir.path(), 200);
    let paged_dir = tempfile::tempdir().unwrap();
    let paged = build(paged_dir.path(), SIZE);
    // The first asset of each letter, from the one-page A to Z.
    let one_page = parse(&whole.join("a-z/index.html"));
    let firsts: Vec<(String, String)> = one_page
        .select(&sel("section.letter-section"))
        .map(|section| {
            let id = section.value().attr("id").unwrap().to_string();
            let first = section
                .select(&sel(".asset-card .card-title a"))
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            (id, first)
        })
        .collect();
    assert!(firsts.len() > 5);

    let mut n = 1;
    let mut last_letter: Option<String> = None;
    let mut continued = 0;
    while paged
        .join(page_path("a-z/", n))
        .join("index.html")
        .is_file()
    {
        let path = page_path("a-z/", n);
        let html = parse(&paged.join(&path).join("index.html"));
        let jump: Vec<String> = html
            .select(&sel(r#"nav[aria-label="Letters"] a"#))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(
            jump.len(),
            firsts.len(),
            "/{path}: every letter on every page"
        );
        for (href, (anchor, first)) in jump.iter().zip(&firsts) {
            let (target, fragment) = href.split_once('#').unwrap();
            assert_eq!(fragment, anchor);
            let target = if target.is_empty() {
                path.clone()
            } else {
                target[1..].to_string()
            };
            let page = parse(&paged.join(&target).join("index.html"));
            let section = page
                .select(&sel(&format!("section#{anchor}")))
                .next()
                .unwrap_or_else(|| panic!("/{path}: {href} leads nowhere"));
            let heading = text(section.select(&sel("h2")).next().unwrap());
            assert!(!heading.contains("continued"), "{href}: {heading}");
            let first_there = section
                .select(&sel(".asset-card .card-title a"))
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap();
            assert_eq!(first_there, first, "{href} starts the letter");
        }
        // A letter going on from the page before says so.
        let sections: Vec<ElementRef> = html.select(&sel("section.letter-section")).collect();
        let first_heading = text(sections[0].select(&sel("h2")).next().unwrap());
        let letter = sections[0].value().attr("id").unwrap().to_string();
        let goes_on = last_letter.as_deref() == Some(letter.as_str());
        assert_eq!(
            first_heading.contains("(continued)"),
            goes_on,
            "/{path}: {first_heading}"
        );
        continued += usize::from(goes_on);
        for section in &sections[1..] {
            assert!(!text(*section).contains("(continued)"));
        }
        last_letter = sections
            .last()
            .map(|s| s.value().attr("id").unwrap().to_string());
        n += 1;
    }
    assert!(n > 3, "the A to Z has several pages");
    assert!(continued > 0, "some letter goes on over a page break");
}

#[test]
fn a_page_size_out_of_range_is_an_error_with_its_place_and_a_fix() {
    for (value, message) in [
        ("3", "page_size must be between 5 and 200, not 3"),
        ("500", "page_size must be between 5 and 200, not 500"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = example_with(dir.path(), &format!("page_size: {value}"));
        let site = fs::read_to_string(root.join("content/site.yaml")).unwrap();
        let line = site.lines().count();
        let result = supportmap(&["check", "--root", root.to_str().unwrap()]);
        assert_eq!(result.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.contains(&format!("content/site.yaml:{line}:12: error: {message}")),
            "{stderr}"
        );
        assert!(
            stderr.contains("help: 50 (the default) suits a phone"),
            "{stderr}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let root = example_with(dir.path(), "page_size: fifty");
    let result = supportmap(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("content/site.yaml:"));
}
