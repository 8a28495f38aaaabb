//! Search: what the site's search index holds, built from the model.
//!
//! Every published asset, pathway, guide section and page becomes one search record. Need
//! synonyms are indexed with each asset so "money worries" finds debt advice even when the
//! record never says it. Facets are Pagefind filters keyed by id, so a result list can live in
//! the URL (`/search/?q=food&need=food&place=westfield`). The index is written in Pagefind's
//! format (`index_format`) to `/pagefind/`, beside Pagefind's own JS and WASM, which search
//! in the browser.
//!
//! Beside the index: each record is also indexed under the everyday words for what it says
//! (`everyday`), and the words of all records are counted into the spelling vocabulary
//! (`vocabulary`), which the search page fetches only to correct a word the index lacks. The
//! search page also gets the everyday words list, to read phrases and rank names (`everyday`),
//! and each pathway's card (the services on its route), so that "Add this route" on a result
//! fetches a few hundred bytes rather than the pathway's page.

mod error;
mod everyday;
mod index_format;
#[cfg(test)]
mod tests;
pub(crate) mod vocabulary;
mod words;

use crate::model::{AssetView, HoursView, Model, PageView, PathwayView, SectionView};
use crate::output::Sink;
pub use error::SearchError;
use everyday::{Added, Everyday};
use index_format::{Record, Runtime};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;
use vocabulary::Vocabulary;

/// The highest age a record is indexed under: "60 and over" means 60 to this.
pub const MAX_AGE: u8 = 99;

/// Indexes the site and writes the search bundle below `pagefind/`. Each record is built when
/// it is indexed and dropped once its fragment is written, so memory holds the index's
/// postings, never all records.
pub fn index(model: &Model, sink: &dyn Sink) -> Result<(), SearchError> {
    index_cut(
        model,
        index_format::Cut::Site,
        (&numbered, Added::Uncounted),
        sink,
    )
}

fn numbered(tag: &str) -> index_format::PageNames<'_> {
    let rounded_from = index_format::ROUNDED_FROM;
    index_format::PageNames::Numbered { tag, rounded_from }
}

/// How `index_cut` names pages, given a digest of the language's records.
type NamePages = dyn for<'t> Fn(&'t str) -> index_format::PageNames<'t>;

/// `index`, with the word index cut as `cut` says, pages named as `names` says and the everyday
/// words counted as `added` says (as Pagefind cuts, names and counts them, in the tests that
/// hold the bundle to Pagefind's).
fn index_cut(
    model: &Model,
    cut: index_format::Cut,
    (names, added): (&NamePages, Added),
    sink: &dyn Sink,
) -> Result<(), SearchError> {
    let models: Vec<&Model> = std::iter::once(model).chain(&model.translated).collect();
    let languages: Vec<String> = models.iter().map(|m| language(m)).collect();
    let runtimes = (languages.iter())
        .map(|l| runtime(l))
        .collect::<Result<Vec<_>, _>>()?;
    let vocabulary = Mutex::new(Vocabulary::default());
    let mut indexed = Vec::with_capacity(models.len());
    for ((m, language), runtime) in models.iter().zip(&languages).zip(&runtimes) {
        // Another language's pages are under its home (`cy/`), as its records' URLs must be.
        let home = crate::addresses::language_home(&m.site.language, &model.site.language);
        let records = Records::new(m, added);
        let urls: Vec<String> = (records.sources.iter())
            .map(|s| format!("{home}{}", s.path()))
            .collect();
        let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        let tag = records.tag(&home);
        let record = |i: usize| {
            let mut record = records.record(i);
            lock(&vocabulary).add(&record.content);
            record.url.insert_str(0, &home);
            record
        };
        indexed.push(index_format::write(
            language,
            &urls,
            &record,
            runtime,
            (cut, names(&tag)),
            sink,
        )?);
    }
    index_format::write_entry(&indexed, sink)?;
    let records = Records::new(model, added);
    let vocabulary = lock(&vocabulary);
    sink.put(
        crate::addresses::SEARCH_VOCABULARY,
        vocabulary.file().as_bytes(),
    )?;
    let needs = (model.needs.iter()).map(|n| (n.name.as_str(), n.synonyms.as_slice()));
    let everyday = records.everyday.file(|w| vocabulary.has(w), needs);
    sink.put(crate::addresses::SEARCH_EVERYDAY, everyday.as_bytes())?;
    for m in &models {
        // Each language's search page adds routes with its own words.
        let home = crate::addresses::language_home(&m.site.language, &model.site.language);
        for pathway in &m.pathways {
            let card = crate::my_map::pathway_card(pathway);
            let address = crate::addresses::search_route(&pathway.id);
            sink.put(&format!("{home}{address}"), card.as_bytes())?;
        }
    }
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Pagefind's language code for the site: the primary subtag (`en` for `en-GB`).
fn language(model: &Model) -> String {
    let language = model.site.language.split('-').next().unwrap_or("en");
    language.to_ascii_lowercase()
}

/// Pagefind's browser side (`pagefind.js`, its worker, the WASM) is private to the pagefind
/// crate. Indexing one tiny record with Pagefind itself yields it; the index files of that
/// record are dropped. Pagefind's ready-made UIs are left out too: the site has its own search
/// page on Pagefind's JS API, and they would only add weight to every deployment.
fn runtime(language: &str) -> Result<Runtime, SearchError> {
    let failed = |e: &dyn std::fmt::Display| SearchError::Runtime(e.to_string());
    let tokio = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = tokio.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| failed(&e))?;
        let (url, content) = ("/".to_string(), "search".to_string());
        let added = index.add_custom_record(url, content, language.to_string(), None, None, None);
        added.await.map_err(|e| failed(&e))?;
        index.get_files().await.map_err(|e| failed(&e))
    })?;
    let mut runtime = Runtime {
        files: Vec::new(),
        wasm: None,
    };
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if name == "pagefind-entry.json" {
            runtime.wasm = entry_wasm(&file.contents, language);
        } else if is_runtime(&name) {
            runtime.files.push((name, file.contents));
        }
    }
    Ok(runtime)
}

fn is_runtime(name: &str) -> bool {
    matches!(name, "pagefind.js" | "pagefind-worker.js")
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
}

/// The `wasm` Pagefind names for the language in `pagefind-entry.json` (none for a language it
/// cannot stem).
fn entry_wasm(entry: &[u8], language: &str) -> Option<String> {
    let entry: serde_json::Value = serde_json::from_slice(entry).ok()?;
    let wasm = entry.get("languages")?.get(language)?.get("wasm")?;
    wasm.as_str().map(str::to_string)
}

/// Everything published, in index order, with what the records share.
struct Records<'a> {
    sources: Vec<Source<'a>>,
    synonyms: HashMap<&'a str, (&'a str, &'a [String])>,
    /// A search in a neighbourhood finds town-wide services too: the model's place relations.
    related_places: HashMap<&'a str, &'a BTreeSet<String>>,
    everyday: Everyday<'a>,
    /// The everyday words list `everyday` is made from.
    list: &'a crate::synonyms::Synonyms,
    added: Added,
    words: ResultWords,
}

/// What a result says it is ("Service", "Pathway") and that a service is paused, in the
/// site's language: the results show them.
struct ResultWords {
    asset: String,
    pathway: String,
    guide: String,
    page: String,
    paused: String,
}

impl ResultWords {
    fn of(model: &Model) -> Self {
        let say = |key: &str| model.words.text(key);
        ResultWords {
            asset: say("kind.asset"),
            pathway: say("kind.pathway"),
            guide: say("kind.guide"),
            page: say("kind.page"),
            paused: say("card.paused"),
        }
    }
}

enum Source<'a> {
    Asset(&'a AssetView),
    Pathway(&'a PathwayView),
    Guide(&'a SectionView),
    Page(&'a PageView),
}

impl Source<'_> {
    fn path(&self) -> &str {
        match self {
            Source::Asset(a) => &a.card.path,
            Source::Pathway(p) => &p.path,
            Source::Guide(g) => &g.path,
            Source::Page(p) => &p.path,
        }
    }
}

impl<'a> Records<'a> {
    fn new(model: &'a Model, added: Added) -> Self {
        let sources = (model.assets.iter().map(Source::Asset))
            .chain(model.pathways.iter().map(Source::Pathway))
            .chain(model.guide.iter().map(Source::Guide))
            .chain(model.pages.iter().map(Source::Page))
            .collect();
        Records {
            sources,
            synonyms: (model.needs.iter())
                .map(|n| (n.id.as_str(), (n.name.as_str(), n.synonyms.as_slice())))
                .collect(),
            related_places: (model.places.iter())
                .map(|p| (p.id.as_str(), &p.related))
                .collect(),
            everyday: Everyday::new(&model.synonyms),
            list: &model.synonyms,
            added,
            words: ResultWords::of(model),
        }
    }

    /// A digest of what the records are built from, for their pages' names (`index_format::tag`):
    /// each record as `plain_record` builds it, and what `record` adds to every one (the
    /// everyday words list, and how those words count), with the language's home and this
    /// build's version, so that a change to any of them renames every page. A record's everyday
    /// words follow from its plain text and the list, so they are not worked out here as well
    /// as when the record is indexed.
    fn tag(&self, home: &str) -> String {
        let added = match self.added {
            Added::Uncounted => "uncounted",
            #[cfg(test)]
            Added::Counted => "counted",
        };
        let mut shared = vec![env!("CARGO_PKG_VERSION").to_string(), home.to_string()];
        shared.push(added.to_string());
        for (say, means) in &self.list.0 {
            shared.extend([say.clone(), means.len().to_string()]);
            shared.extend(means.iter().cloned());
        }
        let shared: Vec<&str> = shared.iter().map(String::as_str).collect();
        index_format::tag(&shared, self.sources.len(), &|i| self.plain_record(i))
    }

    /// Record `i`, with the everyday words for what it says added to what is indexed (a
    /// phrase only as one word).
    fn record(&self, i: usize) -> Record {
        let mut record = self.plain_record(i);
        self.everyday.extend(&mut record.content, self.added);
        record
    }

    fn plain_record(&self, i: usize) -> Record {
        match self.sources[i] {
            Source::Asset(a) => asset_record(a, &self.synonyms, &self.related_places, &self.words),
            Source::Pathway(p) => {
                pathway_record(p, &self.synonyms, &self.related_places, &self.words)
            }
            Source::Guide(g) => {
                let summary = g.summary.as_deref().unwrap_or_default();
                text_record(
                    &g.path,
                    &g.title,
                    summary,
                    &self.words.guide,
                    "guide",
                    &g.body_html,
                )
            }
            Source::Page(p) => {
                let summary = p.summary.as_deref().unwrap_or_default();
                let kind = &self.words.page;
                text_record(&p.path, &p.title, summary, kind, "page", &p.body_html)
            }
        }
    }
}

fn pathway_record(
    p: &PathwayView,
    synonyms: &HashMap<&str, (&str, &[String])>,
    related_places: &HashMap<&str, &BTreeSet<String>>,
    words: &ResultWords,
) -> Record {
    let mut content = vec![
        p.title.clone(),
        p.summary.clone(),
        p.for_whom.clone().unwrap_or_default(),
    ];
    for need in &p.needs {
        content.extend(need_words(&need.id, synonyms));
    }
    content.extend(p.steps.iter().map(|s| s.title.clone()));
    Record {
        url: p.path.clone(),
        content: content.join(". "),
        meta: meta(&[
            ("title", &p.title),
            ("summary", &p.summary),
            ("kind", &words.pathway),
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
                expand_places(p.places.iter().map(|l| l.id.as_str()), related_places),
            ),
        ]),
    }
}

fn asset_record(
    a: &AssetView,
    synonyms: &HashMap<&str, (&str, &[String])>,
    related_places: &HashMap<&str, &BTreeSet<String>>,
    words: &ResultWords,
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
    let access = join(card.access.iter().map(|x| x.label.as_str()));
    let cost = card.cost.as_ref().map_or("", |c| c.label.as_str());
    let age = card.age_label.clone().unwrap_or_default();
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", &card.name),
        ("summary", &card.summary),
        ("kind", &words.asset),
    ];
    let needs = join(card.needs.iter().map(|n| n.name.as_str()));
    fields.extend([
        ("needs", needs.as_str()),
        ("places", where_.as_str()),
        ("access", access.as_str()),
        ("cost", cost),
        ("age", age.as_str()),
    ]);
    let hours = hours_meta(&a.opening_hours);
    fields.extend([
        ("phone", card.phone.as_deref().unwrap_or_default()),
        ("tel", card.phone_href.as_deref().unwrap_or_default()),
        ("hours", hours.as_str()),
    ]);
    if card.status == crate::records::Status::Paused.id() {
        fields.push(("status", &words.paused));
    }
    let geo = crate::postcodes::geo_meta(&a.locations);
    fields.push(("geo", &geo));
    Record {
        url: card.path.clone(),
        content: content
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(". "),
        meta: meta(&fields),
        // No "kind": services are the records filed under no kind (search-rank.js), as
        // Pagefind's work on every search grows with the records filed under each filter it
        // has loaded, and services are nearly all of them.
        filters: BTreeMap::from([
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
            (
                "near".to_string(),
                crate::postcodes::geo_cells(&a.locations),
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
        url: path.to_string(),
        content: format!("{title}. {summary}. {}", strip_tags(body_html)),
        meta: meta(&[("title", title), ("summary", summary), ("kind", kind_label)]),
        filters: BTreeMap::from([("kind".to_string(), vec![kind.to_string()])]),
    }
}

/// Opening hours for the browser to say "open now" from: `; `-separated entries, each the
/// days as digits (1 Monday to 7 Sunday), `HH:MM-HH:MM` and any note ("145 10:00-14:00 By
/// appointment"). Entries without both times are left out: nothing is better than a guess.
fn hours_meta(hours: &[HoursView]) -> String {
    let entries = hours
        .iter()
        .filter(|h| !h.opens.is_empty() && !h.closes.is_empty());
    let entries = entries.filter(|h| !h.days.is_empty()).map(|h| {
        let days: String = (h.days.iter())
            .map(|d| char::from(b'1' + *d as u8))
            .collect();
        let note = h
            .note
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        format!("{days} {}-{}{note}", h.opens, h.closes)
    });
    entries.collect::<Vec<_>>().join("; ")
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
