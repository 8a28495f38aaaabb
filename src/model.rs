//! Model: the published site as data, built from validated content.
//!
//! Decides what is published (closed records are not), how records link to each other (needs,
//! places, pathways), and how facts read on the page ("Monday to Friday", "Ages 60 and over",
//! "3 March 2026"). Templates only lay this out; every field here is documented in
//! `docs/themes.md`.

use crate::fields::{days_label, language_name, phone_digits};
use crate::markdown::Renderer;
use crate::records::{Access, Cost, Day, Eligibility, HealthCreation, Location, Status};
use crate::validate::{Asset, Content, Pathway, Place};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Debug, Serialize)]
pub struct Model {
    pub site: SiteView,
    pub needs: Vec<NeedView>,
    pub places: Vec<PlaceView>,
    pub assets: Vec<AssetView>,
    pub pathways: Vec<PathwayView>,
    pub guide: Vec<SectionView>,
    pub pages: Vec<PageView>,
    /// Everyday words for search: the built-in list with the site's `synonyms.yaml` over it.
    #[serde(skip)]
    pub synonyms: crate::synonyms::Synonyms,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub contact: Option<String>,
    /// Absolute address of the site with a trailing slash, or empty when unknown.
    pub base_url: String,
    /// Path prefix of every internal link: `/` or `/support-map/`.
    pub base: String,
    pub theme: String,
    /// How many assets a list page shows.
    pub page_size: usize,
    #[serde(skip)]
    pub feedback: crate::feedback::Feedback,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub path: String,
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathwayLink {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct NeedView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    /// Seeing one of its services in someone's Support Map could put them at risk.
    pub sensitive: bool,
    pub path: String,
    /// Indexes into `Model::assets`.
    #[serde(skip)]
    pub assets: Vec<usize>,
    #[serde(skip)]
    pub pathways: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct PlaceView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub summary: Option<String>,
    pub path: String,
    pub parent: Option<Link>,
    pub children: Vec<Link>,
    #[serde(skip)]
    pub assets: Vec<usize>,
    #[serde(skip)]
    pub pathways: Vec<usize>,
    /// Ids of the places that share this one's services: itself, the areas inside it and the
    /// areas it is part of.
    #[serde(skip)]
    pub related: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Labelled {
    pub id: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoursView {
    /// The days themselves, for search to work out "open now" in the browser.
    #[serde(skip)]
    pub days: Vec<Day>,
    pub days_label: String,
    pub opens: String,
    pub closes: String,
    /// Open the whole day: shown as "24 hours", not "00:00 to 23:59".
    pub all_day: bool,
    pub note: Option<String>,
}

/// What a list of assets shows of each one.
#[derive(Debug, Clone, Serialize)]
pub struct AssetCard {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub path: String,
    pub organisation: Option<String>,
    pub needs: Vec<Link>,
    pub places: Vec<Link>,
    pub cost: Option<Labelled>,
    pub access: Vec<Labelled>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub last_reviewed: String,
    pub last_reviewed_label: String,
    pub overdue: bool,
    pub languages: Vec<Language>,
    pub age_label: Option<String>,
    pub first_location: Option<Location>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    /// Opening times, one line each: "Tuesday, 12:00 to 14:00 (by appointment)".
    pub when: Vec<String>,
    /// It meets a sensitive need (such as domestic abuse): someone else seeing it in a
    /// person's Support Map could put them at risk.
    pub sensitive: bool,
}

#[derive(Debug, Serialize)]
pub struct AssetView {
    #[serde(flatten)]
    pub card: AssetCard,
    pub description_html: String,
    pub referral_html: String,
    pub locations: Vec<Location>,
    pub contact: ContactView,
    pub opening_hours: Vec<HoursView>,
    pub cost_detail: Option<String>,
    pub eligibility: Eligibility,
    pub health_creation: Vec<Labelled>,
    pub tags: Vec<String>,
    pub pathways: Vec<PathwayLink>,
    #[serde(skip)]
    pub place_ids: Vec<String>,
    /// The record's file, relative to the site root (for "Edit this record").
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub number: usize,
    pub title: String,
    pub text_html: String,
    pub assets: Vec<AssetCard>,
}

#[derive(Debug, Serialize)]
pub struct PathwayView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
    pub for_whom: Option<String>,
    pub needs: Vec<Link>,
    pub places: Vec<Link>,
    pub last_reviewed: String,
    pub last_reviewed_label: String,
    pub overdue: bool,
    pub path: String,
    pub steps: Vec<StepView>,
    /// The record's file, relative to the site root (for "Edit this record").
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub slug: String,
    pub title: String,
    pub order: i32,
    pub summary: Option<String>,
    pub path: String,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct PageView {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub path: String,
}

impl Model {
    pub fn need_link(&self, need: &NeedView) -> Link {
        Link {
            id: need.id.clone(),
            name: need.name.clone(),
            path: need.path.clone(),
            count: Some(need.assets.len()),
        }
    }

    pub fn place_link(&self, place: &PlaceView) -> Link {
        Link {
            id: place.id.clone(),
            name: place.name.clone(),
            path: place.path.clone(),
            count: Some(place.assets.len()),
        }
    }

    pub fn pathway_link(&self, pathway: &PathwayView) -> PathwayLink {
        pathway_link(pathway)
    }
}

fn pathway_link(p: &PathwayView) -> PathwayLink {
    PathwayLink {
        id: p.id.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        path: p.path.clone(),
    }
}

/// Joins a base URL given on the command line or in site.yaml into `(base_url, base path)`.
pub fn base_parts(base_url: Option<&str>) -> (String, String) {
    match base_url.and_then(|u| url::Url::parse(u).ok()) {
        Some(mut url) => {
            if !url.path().ends_with('/') {
                let path = format!("{}/", url.path());
                url.set_path(&path);
            }
            (url.to_string(), url.path().to_string())
        }
        None => (String::new(), "/".to_string()),
    }
}

pub fn build(content: &Content, base_url: Option<&str>, today: NaiveDate) -> Model {
    let (base_url, base) = base_parts(base_url.or(content.site.base_url.as_deref()));
    let markdown = Renderer::new(&base);
    let site = SiteView {
        title: content.site.title.clone(),
        description: content.site.description.clone(),
        language: content.site.language.clone(),
        contact: content.site.contact.clone(),
        base_url,
        base,
        theme: content.site.theme.clone(),
        page_size: content.site.page_size,
        feedback: content.site.feedback.clone(),
    };
    let lookup = Lookup::new(content, today);
    let mut assets: Vec<AssetView> = published(&content.assets)
        .map(|a| lookup.asset_view(a, &markdown))
        .collect();
    assets.sort_by(|a, b| {
        (a.card.name.to_lowercase(), &a.card.id).cmp(&(b.card.name.to_lowercase(), &b.card.id))
    });
    let asset_index: HashMap<String, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.card.id.clone(), i))
        .collect();

    let mut pathways: Vec<PathwayView> = content
        .pathways
        .iter()
        .map(|p| lookup.pathway_view(p, &markdown))
        .collect();
    pathways.sort_by(|a, b| (a.title.to_lowercase(), &a.id).cmp(&(b.title.to_lowercase(), &b.id)));
    for (pi, pathway) in pathways.iter().enumerate() {
        for step in &pathway.steps {
            for card in &step.assets {
                let asset = &mut assets[asset_index[&card.id]];
                if !asset.pathways.iter().any(|p| p.id == pathway.id) {
                    asset.pathways.push(pathway_link(&pathways[pi]));
                }
            }
        }
    }

    let needs = content
        .needs
        .iter()
        .map(|n| NeedView {
            id: n.id.clone(),
            name: n.name.clone(),
            description: n.description.clone(),
            synonyms: n.synonyms.clone(),
            sensitive: n.sensitive,
            path: format!("needs/{}/", n.id),
            assets: need_assets(&n.id, &assets),
            pathways: (0..pathways.len())
                .filter(|&i| pathways[i].needs.iter().any(|l| l.id == n.id))
                .collect(),
        })
        .collect();
    let places = place_views(&lookup, &assets, &pathways);
    let guide = content
        .guide
        .iter()
        .map(|g| SectionView {
            slug: g.slug.clone(),
            title: g.title.clone(),
            order: g.order,
            summary: g.summary.clone(),
            path: format!("guide/{}/", g.slug),
            body_html: markdown.render(&g.body, 2),
        })
        .collect();
    let mut pages: Vec<PageView> = content
        .pages
        .iter()
        .map(|p| PageView {
            slug: p.slug.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            body_html: markdown.render(&p.body, 2),
            path: format!("pages/{}/", p.slug),
        })
        .collect();
    pages.sort_by_key(|p| (p.title.to_lowercase(), p.slug.clone()));
    Model {
        site,
        needs,
        places,
        assets,
        pathways,
        guide,
        pages,
        synonyms: crate::synonyms::Synonyms::merged(&content.synonyms),
    }
}

fn place_views(lookup: &Lookup, assets: &[AssetView], pathways: &[PathwayView]) -> Vec<PlaceView> {
    let mut places = lookup.place_views(assets, pathways);
    let counts: HashMap<String, usize> = places
        .iter()
        .map(|p| (p.id.clone(), p.assets.len()))
        .collect();
    for place in &mut places {
        for link in place.children.iter_mut().chain(place.parent.iter_mut()) {
            link.count = counts.get(&link.id).copied();
        }
    }
    places
}

fn need_assets(need: &str, assets: &[AssetView]) -> Vec<usize> {
    (0..assets.len())
        .filter(|&i| assets[i].card.needs.iter().any(|l| l.id == need))
        .collect()
}

/// Updates the model after one published asset in `content` was added or edited, reusing every
/// other record's view: the same result as `build`, in a fraction of the time on a large site
/// (for `serve`). A closed or removed asset needs a full `build`.
pub fn update_asset(model: &mut Model, content: &Content, id: &str, today: NaiveDate) {
    let Some(asset) = published(&content.assets).find(|a| a.id == id) else {
        return;
    };
    let markdown = Renderer::new(&model.site.base);
    let lookup = Lookup::new(content, today);
    let mut view = lookup.asset_view(asset, &markdown);
    if let Some(old) = model.assets.iter().position(|a| a.card.id == id) {
        view.pathways = model.assets.remove(old).pathways;
    }
    let key = |a: &AssetView| (a.card.name.to_lowercase(), a.card.id.clone());
    let new_key = key(&view);
    let at = model.assets.partition_point(|a| key(a) < new_key);
    let card = view.card.clone();
    model.assets.insert(at, view);
    for step in model.pathways.iter_mut().flat_map(|p| p.steps.iter_mut()) {
        for c in step.assets.iter_mut().filter(|c| c.id == id) {
            *c = card.clone();
        }
    }
    for need in &mut model.needs {
        need.assets = need_assets(&need.id, &model.assets);
    }
    model.places = place_views(&lookup, &model.assets, &model.pathways);
}

fn published(assets: &[Asset]) -> impl Iterator<Item = &Asset> {
    assets.iter().filter(|a| a.record.status != Status::Closed)
}

/// Names and links of records by id, shared by every view built from content.
struct Lookup<'a> {
    content: &'a Content,
    today: NaiveDate,
    need_names: HashMap<&'a str, &'a str>,
    sensitive_needs: HashSet<&'a str>,
    places: HashMap<&'a str, &'a Place>,
    assets: HashMap<&'a str, &'a Asset>,
}

impl<'a> Lookup<'a> {
    fn new(content: &'a Content, today: NaiveDate) -> Self {
        Lookup {
            content,
            today,
            need_names: content
                .needs
                .iter()
                .map(|n| (n.id.as_str(), n.name.as_str()))
                .collect(),
            sensitive_needs: (content.needs.iter())
                .filter(|n| n.sensitive)
                .map(|n| n.id.as_str())
                .collect(),
            places: content.places.iter().map(|p| (p.id.as_str(), p)).collect(),
            assets: published(&content.assets)
                .map(|a| (a.id.as_str(), a))
                .collect(),
        }
    }

    fn need_links(&self, ids: &[String]) -> Vec<Link> {
        let unique: BTreeSet<&String> = ids.iter().collect();
        let mut seen = BTreeSet::new();
        ids.iter()
            .filter(|id| unique.contains(id) && seen.insert(*id))
            .map(|id| Link {
                id: id.clone(),
                name: self
                    .need_names
                    .get(id.as_str())
                    .copied()
                    .unwrap_or(id)
                    .to_string(),
                path: format!("needs/{id}/"),
                count: None,
            })
            .collect()
    }

    fn place_links(&self, ids: &[String]) -> Vec<Link> {
        let mut seen = BTreeSet::new();
        ids.iter()
            .filter(|id| seen.insert(*id))
            .filter_map(|id| self.places.get(id.as_str()))
            .map(|p| Link {
                id: p.id.clone(),
                name: p.name.clone(),
                path: format!("places/{}/", p.id),
                count: None,
            })
            .collect()
    }

    fn overdue(&self, reviewed: NaiveDate) -> bool {
        (self.today - reviewed).num_days() > i64::from(self.content.site.review_after_days)
    }

    fn card(&self, a: &Asset) -> AssetCard {
        let r = &a.record;
        AssetCard {
            id: a.id.clone(),
            name: a.name.clone(),
            summary: a.summary.clone(),
            path: format!("assets/{}/", a.id),
            organisation: r.organisation.clone(),
            needs: self.need_links(&a.needs),
            places: self.place_links(&r.places),
            cost: r.cost.map(labelled_cost),
            access: dedup(&r.access)
                .into_iter()
                .map(|a: Access| Labelled {
                    id: a.id(),
                    label: a.label(),
                })
                .collect(),
            status: r.status.id(),
            status_label: r.status.label(),
            last_reviewed: a.last_reviewed.to_string(),
            last_reviewed_label: date_label(a.last_reviewed),
            overdue: self.overdue(a.last_reviewed),
            languages: r
                .languages
                .iter()
                .map(|code| Language {
                    code: code.clone(),
                    name: language_name(code),
                })
                .collect(),
            age_label: r
                .eligibility
                .as_ref()
                .and_then(|e| age_label(e.min_age, e.max_age)),
            first_location: r.locations.first().cloned(),
            phone: r.contact.as_ref().and_then(|c| c.phone.clone()),
            phone_href: r
                .contact
                .as_ref()
                .and_then(|c| c.phone.as_deref())
                .and_then(phone_href),
            when: r.opening_hours.iter().map(when_line).collect(),
            sensitive: (a.needs.iter()).any(|n| self.sensitive_needs.contains(n.as_str())),
        }
    }

    fn asset_view(&self, a: &Asset, markdown: &Renderer) -> AssetView {
        let r = &a.record;
        let contact = r.contact.clone().unwrap_or_default();
        let eligibility = r.eligibility.clone().unwrap_or_default();
        AssetView {
            card: self.card(a),
            description_html: a
                .description
                .as_deref()
                .map(|d| markdown.render(d, 3))
                .unwrap_or_default(),
            referral_html: r
                .referral
                .as_deref()
                .map(|d| markdown.render(d, 3))
                .unwrap_or_default(),
            locations: r.locations.clone(),
            contact: ContactView {
                phone_href: contact.phone.as_deref().and_then(phone_href),
                phone: contact.phone,
                email: contact.email,
                website: contact.website,
            },
            opening_hours: r
                .opening_hours
                .iter()
                .map(|h| HoursView {
                    days: h.days.clone(),
                    days_label: days_label(&h.days),
                    opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
                    closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
                    all_day: h.all_day(),
                    note: h.note.clone(),
                })
                .collect(),
            cost_detail: r.cost_detail.clone(),
            eligibility,
            health_creation: dedup(&r.health_creation)
                .into_iter()
                .map(|h: HealthCreation| Labelled {
                    id: h.id(),
                    label: h.label(),
                })
                .collect(),
            tags: r.tags.clone(),
            pathways: Vec::new(),
            place_ids: r.places.clone(),
            file: a.file.to_string_lossy().replace('\\', "/"),
        }
    }

    fn pathway_view(&self, p: &Pathway, markdown: &Renderer) -> PathwayView {
        let steps = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepView {
                number: i + 1,
                title: s.title.clone(),
                text_html: markdown.render(&s.text, 4),
                assets: s
                    .assets
                    .iter()
                    .filter_map(|id| self.assets.get(id.as_str()))
                    .map(|a| self.card(a))
                    .collect(),
            })
            .collect();
        PathwayView {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            intro_html: markdown.render(&p.intro, 2),
            for_whom: p.for_whom.clone(),
            needs: self.need_links(&p.needs),
            places: self.place_links(&p.places),
            last_reviewed: p.last_reviewed.to_string(),
            last_reviewed_label: date_label(p.last_reviewed),
            overdue: self.overdue(p.last_reviewed),
            path: format!("pathways/{}/", p.id),
            steps,
            file: p.file.to_string_lossy().replace('\\', "/"),
        }
    }

    /// A place lists what serves it directly, what serves an area inside it, and what serves
    /// an area it is part of (a town-wide service is available in every neighbourhood).
    fn place_views(&self, assets: &[AssetView], pathways: &[PathwayView]) -> Vec<PlaceView> {
        let parent: HashMap<&str, &str> = self
            .content
            .places
            .iter()
            .filter_map(|p| Some((p.id.as_str(), p.within.as_deref()?)))
            .collect();
        let ancestors = |id: &str| -> Vec<String> {
            let mut out = Vec::new();
            let mut current = id;
            while let Some(&next) = parent.get(current) {
                if out.iter().any(|o: &String| o == next) || next == id {
                    break;
                }
                out.push(next.to_string());
                current = next;
            }
            out
        };
        let mut sorted: Vec<&Place> = self.content.places.iter().collect();
        sorted.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
        // Each place's ancestors once; a place's related set is then its ancestors, itself and
        // every place that has it as an ancestor.
        let mut related_sets: HashMap<String, BTreeSet<String>> = HashMap::new();
        for p in &sorted {
            let above = ancestors(&p.id);
            let own = related_sets.entry(p.id.clone()).or_default();
            own.extend(above.iter().cloned());
            own.insert(p.id.clone());
            for ancestor in above {
                related_sets
                    .entry(ancestor)
                    .or_default()
                    .insert(p.id.clone());
            }
        }
        sorted
            .iter()
            .map(|p| {
                let related = related_sets.remove(&p.id).unwrap_or_default();
                let serves = |ids: &[String]| ids.iter().any(|id| related.contains(id));
                PlaceView {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    kind_label: kind_label(&p.kind),
                    summary: p.summary.clone(),
                    path: format!("places/{}/", p.id),
                    parent: p
                        .within
                        .as_ref()
                        .and_then(|w| self.place_links(std::slice::from_ref(w)).pop()),
                    children: self.place_links(
                        &sorted
                            .iter()
                            .filter(|c| c.within.as_deref() == Some(p.id.as_str()))
                            .map(|c| c.id.clone())
                            .collect::<Vec<_>>(),
                    ),
                    assets: (0..assets.len())
                        .filter(|&i| serves(&assets[i].place_ids))
                        .collect(),
                    pathways: (0..pathways.len())
                        .filter(|&i| {
                            pathways[i].places.is_empty()
                                || pathways[i].places.iter().any(|l| related.contains(&l.id))
                        })
                        .collect(),
                    related,
                }
            })
            .collect()
    }
}

fn dedup<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
}

fn labelled_cost(c: Cost) -> Labelled {
    Labelled {
        id: c.id(),
        label: c.label(),
    }
}

/// `01632 960123` -> `tel:+441632960123`, so phones dial it from anywhere.
fn phone_href(phone: &str) -> Option<String> {
    let digits = phone_digits(phone)?;
    let international = match digits.strip_prefix('0') {
        Some(rest) if !rest.starts_with('0') && digits.len() >= 10 => format!("+44{rest}"),
        _ => digits,
    };
    Some(format!("tel:{international}"))
}

/// One opening time as a line of text, for cards and the personal Support Map.
pub fn when_line(h: &crate::records::OpeningHours) -> String {
    let times = match (h.opens, h.closes) {
        _ if h.all_day() => "24 hours".to_string(),
        (Some(opens), Some(closes)) => format!("{opens} to {closes}"),
        (Some(opens), None) => format!("from {opens}"),
        _ => "times vary: please check".to_string(),
    };
    let days = days_label(&h.days);
    let line = if days.is_empty() {
        times
    } else {
        format!("{days}, {times}")
    };
    match &h.note {
        Some(note) => format!("{line} ({note})"),
        None => line,
    }
}

pub fn date_label(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn age_label(min: Option<u8>, max: Option<u8>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("Ages {min} to {max}")),
        (Some(min), None) => Some(format!("Ages {min} and over")),
        (None, Some(max)) => Some(format!("Ages up to {max}")),
        (None, None) => None,
    }
}

fn kind_label(kind: &str) -> String {
    match kind {
        "pcn" => "Primary Care Network area".to_string(),
        other => {
            let mut label = other.replace('-', " ");
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            label
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Day::*;

    #[test]
    fn a_whole_day_reads_as_24_hours() {
        let hours: crate::records::OpeningHours = serde_yaml::from_str(
            "{ days: [mon, tue, wed, thu, fri, sat, sun], opens: \"00:00\", closes: \"23:59\" }",
        )
        .unwrap();
        assert_eq!(when_line(&hours), "Monday to Sunday, 24 hours");
    }

    #[test]
    fn days_read_naturally() {
        assert_eq!(days_label(&[Mon, Tue, Wed, Thu, Fri]), "Monday to Friday");
        assert_eq!(days_label(&[Wed, Mon]), "Monday and Wednesday");
        assert_eq!(
            days_label(&[Mon, Tue, Wed, Fri, Sat]),
            "Monday to Wednesday, Friday and Saturday"
        );
        assert_eq!(days_label(&[Sun]), "Sunday");
    }

    #[test]
    fn labels_for_people() {
        assert_eq!(
            age_label(Some(60), None).as_deref(),
            Some("Ages 60 and over")
        );
        assert_eq!(
            age_label(Some(16), Some(25)).as_deref(),
            Some("Ages 16 to 25")
        );
        assert_eq!(
            date_label(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()),
            "3 March 2026"
        );
        assert_eq!(
            phone_href("01632 960123").as_deref(),
            Some("tel:+441632960123")
        );
        assert_eq!(
            phone_href("0800 123 4567").as_deref(),
            Some("tel:+448001234567")
        );
    }

    #[test]
    fn base_url_gives_base_path() {
        assert_eq!(
            base_parts(Some("https://example.org/support-map")),
            (
                "https://example.org/support-map/".into(),
                "/support-map/".into()
            )
        );
        assert_eq!(base_parts(None), (String::new(), "/".into()));
    }
}
