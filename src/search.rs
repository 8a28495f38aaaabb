//! Search: builds the static search index (Pagefind) from the model.
//!
//! Every published asset, pathway, guide section and page becomes one Pagefind record. Need
//! synonyms are indexed with each asset so "money worries" finds debt advice even when the
//! record never says it. Facets are Pagefind filters keyed by id, so a result list can live in
//! the URL (`/search/?q=food&need=food&place=westfield`). The bundle (index plus Pagefind's
//! own JS and WASM, shipped inside the crate) is written to `/pagefind/`.

use crate::model::{AssetView, Model};
use crate::output::Sink;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The highest age a record is indexed under: "60 and over" means 60 to this.
pub const MAX_AGE: u8 = 99;

/// One record for the index: text to match, what to show, and facet values.
struct Record {
    path: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

pub fn index(model: &Model, sink: &dyn Sink) -> Result<(), String> {
    let records = records(model);
    let language = model
        .site
        .language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language.clone())
            .build();
        let mut index = PagefindIndex::new(Some(config))
            .map_err(|e| format!("cannot start the search indexer: {e}"))?;
        for record in records {
            index
                .add_custom_record(
                    record.path.clone(),
                    record.content,
                    language.clone(),
                    Some(record.meta),
                    Some(record.filters),
                    None,
                )
                .await
                .map_err(|e| format!("cannot index {}: {e}", record.path))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("cannot build the search index: {e}"))?;
        for f in files {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            if !is_unused_ui(&name) {
                sink.put(&format!("pagefind/{name}"), &f.contents)?;
            }
        }
        Ok(())
    })
}

/// The site has its own search page on Pagefind's JS API; Pagefind's ready-made UIs would only
/// add weight to every deployment.
fn is_unused_ui(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name == "pagefind-highlight.js"
}

fn records(model: &Model) -> Vec<Record> {
    let synonyms: HashMap<&str, (&str, &[String])> = model
        .needs
        .iter()
        .map(|n| (n.id.as_str(), (n.name.as_str(), n.synonyms.as_slice())))
        .collect();
    // A search in a neighbourhood finds town-wide services too: the model's place relations.
    let related_places: HashMap<&str, &BTreeSet<String>> = model
        .places
        .iter()
        .map(|p| (p.id.as_str(), &p.related))
        .collect();
    let mut records: Vec<Record> = model
        .assets
        .iter()
        .map(|a| asset_record(a, &synonyms, &related_places))
        .collect();
    for p in &model.pathways {
        let mut content = vec![
            p.title.clone(),
            p.summary.clone(),
            p.for_whom.clone().unwrap_or_default(),
        ];
        for need in &p.needs {
            content.extend(need_words(&need.id, &synonyms));
        }
        content.extend(p.steps.iter().map(|s| s.title.clone()));
        records.push(Record {
            path: p.path.clone(),
            content: content.join(". "),
            meta: meta(&[
                ("title", &p.title),
                ("summary", &p.summary),
                ("kind", "Pathway"),
                ("needs", &join(p.needs.iter().map(|n| n.name.as_str()))),
            ]),
            filters: BTreeMap::from([
                ("kind".to_string(), vec!["pathway".to_string()]),
                (
                    "need".to_string(),
                    p.needs.iter().map(|n| n.id.clone()).collect(),
                ),
                (
                    "place".to_string(),
                    expand_places(p.places.iter().map(|l| l.id.as_str()), &related_places),
                ),
            ]),
        });
    }
    for g in &model.guide {
        let summary = g.summary.clone().unwrap_or_default();
        records.push(text_record(
            &g.path,
            &g.title,
            &summary,
            "Quick Start Guide",
            "guide",
            &g.body_html,
        ));
    }
    for p in &model.pages {
        let summary = p.summary.clone().unwrap_or_default();
        records.push(text_record(
            &p.path,
            &p.title,
            &summary,
            "Page",
            "page",
            &p.body_html,
        ));
    }
    records
}

fn asset_record(
    a: &AssetView,
    synonyms: &HashMap<&str, (&str, &[String])>,
    related_places: &HashMap<&str, &BTreeSet<String>>,
) -> Record {
    let card = &a.card;
    let mut content = vec![
        card.name.clone(),
        card.summary.clone(),
        card.organisation.clone().unwrap_or_default(),
        strip_tags(&a.description_html),
    ];
    for need in &card.needs {
        content.extend(need_words(&need.id, synonyms));
    }
    content.extend(card.places.iter().map(|p| p.name.clone()));
    content.extend(
        a.locations
            .iter()
            .flat_map(|l| [l.name.clone(), l.address.clone(), l.postcode.clone()])
            .flatten(),
    );
    content.extend(card.access.iter().map(|x| x.label.to_string()));
    content.extend(card.cost.iter().map(|c| c.label.to_string()));
    content.extend(card.languages.iter().map(|l| l.name.clone()));
    content.extend(a.eligibility.who.clone());
    content.extend(a.tags.iter().cloned());
    let where_ = join(card.places.iter().map(|p| p.name.as_str()));
    let access = join(card.access.iter().map(|x| x.label));
    let cost = card.cost.as_ref().map_or("", |c| c.label);
    let age = card.age_label.clone().unwrap_or_default();
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", &card.name),
        ("summary", &card.summary),
        ("kind", "Service"),
    ];
    let needs = join(card.needs.iter().map(|n| n.name.as_str()));
    fields.extend([
        ("needs", needs.as_str()),
        ("places", where_.as_str()),
        ("access", access.as_str()),
        ("cost", cost),
        ("age", age.as_str()),
    ]);
    if card.status == "paused" {
        fields.push(("status", "Paused: not running at the moment"));
    }
    Record {
        path: card.path.clone(),
        content: content
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(". "),
        meta: meta(&fields),
        filters: BTreeMap::from([
            ("kind".to_string(), vec!["asset".to_string()]),
            (
                "need".to_string(),
                card.needs.iter().map(|n| n.id.clone()).collect(),
            ),
            (
                "place".to_string(),
                expand_places(a.place_ids.iter().map(String::as_str), related_places),
            ),
            (
                "access".to_string(),
                card.access.iter().map(|x| x.id.to_string()).collect(),
            ),
            (
                "cost".to_string(),
                card.cost.iter().map(|c| c.id.to_string()).collect(),
            ),
            (
                "language".to_string(),
                card.languages
                    .iter()
                    .map(|l| l.code.split('-').next().unwrap_or("").to_ascii_lowercase())
                    .collect(),
            ),
            (
                "age".to_string(),
                age_values(a.eligibility.min_age, a.eligibility.max_age),
            ),
        ]),
    }
}

fn text_record(
    path: &str,
    title: &str,
    summary: &str,
    kind_label: &str,
    kind: &str,
    body_html: &str,
) -> Record {
    Record {
        path: path.to_string(),
        content: format!("{title}. {summary}. {}", strip_tags(body_html)),
        meta: meta(&[("title", title), ("summary", summary), ("kind", kind_label)]),
        filters: BTreeMap::from([("kind".to_string(), vec![kind.to_string()])]),
    }
}

fn need_words(id: &str, synonyms: &HashMap<&str, (&str, &[String])>) -> Vec<String> {
    synonyms
        .get(id)
        .map(|(name, words)| {
            std::iter::once(name.to_string())
                .chain(words.iter().cloned())
                .collect()
        })
        .unwrap_or_default()
}

/// An open-to-all record matches any age; a restricted one is filed under each age it takes,
/// so "age 34" is the filter `any of [all-ages, 34]`.
fn age_values(min: Option<u8>, max: Option<u8>) -> Vec<String> {
    if min.is_none() && max.is_none() {
        return vec!["all-ages".to_string()];
    }
    let (min, max) = (
        min.unwrap_or(0).min(MAX_AGE),
        max.unwrap_or(MAX_AGE).min(MAX_AGE),
    );
    (min..=max).map(|a| a.to_string()).collect()
}

fn expand_places<'a>(
    ids: impl Iterator<Item = &'a str>,
    related: &HashMap<&str, &BTreeSet<String>>,
) -> Vec<String> {
    let mut out = BTreeSet::new();
    for id in ids {
        out.extend(related.get(id).into_iter().copied().flatten().cloned());
    }
    out.into_iter().collect()
}

fn meta(fields: &[(&str, &str)]) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Plain text of sanitised HTML, for indexing; entities are left as they are.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_match_eligibility_ranges() {
        assert_eq!(age_values(None, None), vec!["all-ages"]);
        assert_eq!(age_values(Some(16), Some(18)), vec!["16", "17", "18"]);
        let over_sixty = age_values(Some(60), None);
        assert_eq!(over_sixty.first().map(String::as_str), Some("60"));
        assert_eq!(over_sixty.last().map(String::as_str), Some("99"));
    }

    #[test]
    fn strips_markup_for_indexing() {
        assert_eq!(
            strip_tags("<p>Hello <strong>you</strong></p>\n<p>there</p>"),
            "Hello you there"
        );
    }
}
