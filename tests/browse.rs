//! Browse pages without JavaScript: every place × need page lists exactly the right assets,
//! and the coverage table's counts equal the records. Expected values are worked out here,
//! independently of the model code, straight from the example content's YAML.

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    /// Published asset id -> (need ids, place ids served).
    assets: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Place id -> parent place id.
    parent: BTreeMap<String, Option<String>>,
    needs: Vec<String>,
}

fn strings(value: &serde_yaml::Value, key: &str) -> Vec<String> {
    value[key]
        .as_sequence()
        .map(|s| {
            s.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn front_matter(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap_or(text)
}

fn load_example(root: &Path) -> Example {
    let mut assets = BTreeMap::new();
    for entry in fs::read_dir(root.join("content/assets")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
        let yaml: serde_yaml::Value = serde_yaml::from_str(front_matter(&text)).unwrap();
        if yaml["status"].as_str() == Some("closed") {
            continue;
        }
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        assets.insert(id, (strings(&yaml, "needs"), strings(&yaml, "places")));
    }
    let mut parent = BTreeMap::new();
    for entry in fs::read_dir(root.join("content/places")).unwrap() {
        let path = entry.unwrap().path();
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        parent.insert(
            path.file_stem().unwrap().to_string_lossy().to_string(),
            yaml["within"].as_str().map(String::from),
        );
    }
    let needs_yaml: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&fs::read_to_string(root.join("content/needs.yaml")).unwrap())
            .unwrap();
    let needs = needs_yaml
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    Example {
        assets,
        parent,
        needs,
    }
}

impl Example {
    fn ancestors(&self, place: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = place.to_string();
        while let Some(Some(next)) = self.parent.get(&current) {
            out.push(next.clone());
            current = next.clone();
        }
        out
    }

    /// An asset is available in a place when it serves that place, an area inside it, or an
    /// area the place is part of.
    fn expected(&self, place: &str, need: &str) -> BTreeSet<String> {
        let mut related: BTreeSet<String> = self.ancestors(place).into_iter().collect();
        related.insert(place.to_string());
        for other in self.parent.keys() {
            if self.ancestors(other).iter().any(|a| a == place) {
                related.insert(other.clone());
            }
        }
        self.assets
            .iter()
            .filter(|(_, (needs, places))| {
                needs.iter().any(|n| n == need) && places.iter().any(|p| related.contains(p))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let root = env!("CARGO_MANIFEST_DIR");
    let status = Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args([
            "build",
            "--root",
            root,
            "--out",
            site.to_str().unwrap(),
            "--today",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, site)
}

/// The assets a list shows, across all its pages (following each page's `rel="next"` link).
fn listed_assets(page: &Path) -> BTreeSet<String> {
    let links = Selector::parse("main .asset-card .card-title a").unwrap();
    let next = Selector::parse(r#"nav[aria-label="Pages"] a[rel="next"]"#).unwrap();
    let site = page
        .ancestors()
        .find(|dir| dir.join("index.html").is_file() && dir.join("a-z").is_dir())
        .unwrap()
        .to_path_buf();
    let mut listed = BTreeSet::new();
    let mut page = page.to_path_buf();
    loop {
        let html = Html::parse_document(&fs::read_to_string(&page).unwrap());
        for href in html.select(&links).filter_map(|a| a.value().attr("href")) {
            let id = href.trim_start_matches("/assets/").trim_end_matches('/');
            assert!(listed.insert(id.to_string()), "{id} listed twice");
        }
        match html.select(&next).next() {
            Some(a) => {
                let href = a.value().attr("href").unwrap().trim_start_matches('/');
                page = site.join(href).join("index.html");
            }
            None => return listed,
        }
    }
}

#[test]
fn every_place_need_page_lists_exactly_the_right_assets() {
    let example = load_example(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (_dir, site) = build_example();
    let mut pages = 0;
    for place in example.parent.keys() {
        for need in &example.needs {
            let page = site.join(format!("places/{place}/needs/{need}/index.html"));
            let expected = example.expected(place, need);
            if expected.is_empty() {
                assert!(
                    !page.exists(),
                    "{} should not exist: nothing to list",
                    page.display()
                );
                continue;
            }
            assert_eq!(listed_assets(&page), expected, "{}", page.display());
            pages += 1;
        }
    }
    assert!(
        pages > 50,
        "the example site has many combinations ({pages})"
    );
}

#[test]
fn coverage_counts_equal_the_records() {
    let example = load_example(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (_dir, site) = build_example();
    let html = Html::parse_document(&fs::read_to_string(site.join("coverage/index.html")).unwrap());
    let header = Selector::parse("table.coverage thead th a").unwrap();
    let columns: Vec<String> = html
        .select(&header)
        .map(|a| {
            a.value()
                .attr("href")
                .unwrap()
                .trim_start_matches("/places/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect();
    let neighbourhoods: Vec<&String> = example
        .parent
        .iter()
        .filter(|(_, p)| p.is_some())
        .map(|(id, _)| id)
        .collect();
    assert_eq!(columns.len(), neighbourhoods.len());
    let rows = Selector::parse("table.coverage tbody tr").unwrap();
    let cells = Selector::parse("td").unwrap();
    let row_need = Selector::parse("th a").unwrap();
    let mut gaps = 0;
    let mut checked = 0;
    for row in html.select(&rows) {
        let need = row
            .select(&row_need)
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap()
            .trim_start_matches("/needs/")
            .trim_end_matches('/')
            .to_string();
        for (cell, place) in row.select(&cells).zip(&columns) {
            let expected = example.expected(place, &need).len();
            let text: String = cell.text().collect();
            if expected == 0 {
                assert!(
                    cell.value()
                        .has_class("gap", scraper::CaseSensitivity::CaseSensitive),
                    "{need} in {place} is a gap"
                );
                assert!(text.contains("Gap"), "gaps are marked in words");
                gaps += 1;
            } else {
                assert!(
                    text.trim().starts_with(&expected.to_string()),
                    "{need} in {place}: expected {expected}, cell says {text:?}"
                );
                let link = cell
                    .select(&Selector::parse("a").unwrap())
                    .next()
                    .unwrap()
                    .value()
                    .attr("href")
                    .unwrap()
                    .to_string();
                assert_eq!(link, format!("/places/{place}/needs/{need}/"));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, example.needs.len() * columns.len());
    let summary: String = html
        .select(&Selector::parse(".count-line").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    if gaps > 0 {
        assert!(summary.contains(&format!("{gaps} gap")), "{summary}");
    }
}
