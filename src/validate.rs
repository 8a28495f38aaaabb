//! Validation: decodes every source into records and checks them against each other, turning
//! `content/` into a `Content` that later stages can trust (every reference resolves, every
//! required field is present). All problems are reported, none stops the others being found.

use crate::diagnostics::{did_you_mean, Diagnostics, Pos, Severity};
use crate::fields::{is_email, is_language_tag, is_web_address, phone_digits};
use crate::records::*;
use crate::source::{is_valid_id, Kind, Source};
use crate::yaml::{decode, PosIndex, YamlPath};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Validated content: what the model is built from.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: Site,
    pub needs: Vec<Need>,
    pub places: Vec<Place>,
    /// Every asset, closed ones included (pathways and maps need to know they existed).
    pub assets: Vec<Asset>,
    pub pathways: Vec<Pathway>,
    pub guide: Vec<GuideSection>,
    pub pages: Vec<Page>,
    /// The site's own everyday words (`content/synonyms.yaml`), checked.
    pub synonyms: crate::synonyms::Synonyms,
    /// `content/postcodes.csv` (shared: serve keeps it across rebuilds of one file).
    pub postcodes: std::sync::Arc<crate::postcodes::Table>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: Option<String>,
    pub review_after_days: u32,
    /// How many assets a list page shows (need, place and A to Z pages go on to page 2...).
    pub page_size: usize,
    pub theme: String,
    pub contact: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Need {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    pub sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub within: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Markdown, from `description:` or the body of a `.md` record.
    pub description: Option<String>,
    pub record: AssetRecord,
    pub needs: Vec<String>,
    pub last_reviewed: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Pathway {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub needs: Vec<String>,
    pub places: Vec<String>,
    pub for_whom: Option<String>,
    pub last_reviewed: NaiveDate,
    pub steps: Vec<PathwayStep>,
}

#[derive(Debug, Clone)]
pub struct PathwayStep {
    pub title: String,
    pub text: String,
    pub assets: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct GuideSection {
    pub slug: String,
    pub title: String,
    pub order: i32,
    pub summary: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
}

/// One decoded file with what is needed to point at its fields.
struct Located<T> {
    file: PathBuf,
    id: String,
    index: PosIndex,
    record: T,
    body: Option<String>,
}

/// Reports problems in one file at the position of a field.
struct At<'a> {
    file: &'a Path,
    index: &'a PosIndex,
}

impl At<'_> {
    fn error(
        &self,
        diags: &mut Diagnostics,
        path: &YamlPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let d = diags.error(self.file, self.index.value(path), message);
        if !help.is_empty() {
            d.help(help);
        }
    }

    fn warning(
        &self,
        diags: &mut Diagnostics,
        path: &YamlPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let d = diags.warning(self.file, self.index.value(path), message);
        if !help.is_empty() {
            d.help(help);
        }
    }

    /// A required field's value, or an error saying it is missing.
    fn required<'v, T>(
        &self,
        diags: &mut Diagnostics,
        value: &'v Option<T>,
        field: &str,
        example: &str,
    ) -> Option<&'v T> {
        if value.is_none() && !self.index.was_dropped(&YamlPath::root().key(field)) {
            let d = diags.error(
                self.file,
                self.index.value(&YamlPath::root()),
                format!("missing required field \"{field}\""),
            );
            d.help(format!("add a line such as: {field}: {example}"));
        }
        value.as_ref()
    }

    /// The record's required `last_reviewed` date (the example offered is today).
    fn last_reviewed(
        &self,
        diags: &mut Diagnostics,
        value: &Option<Date>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        self.required(diags, value, "last_reviewed", &today.to_string())
            .map(|d| d.0)
    }

    fn required_text(
        &self,
        diags: &mut Diagnostics,
        value: &Option<String>,
        field: &str,
        example: &str,
    ) -> Option<String> {
        let text = self
            .required(diags, value, field, example)?
            .trim()
            .to_string();
        if text.is_empty() {
            self.error(
                diags,
                &YamlPath::root().key(field),
                format!("\"{field}\" is empty"),
                &format!("write something, such as: {field}: {example}"),
            );
            return None;
        }
        Some(text)
    }
}

pub fn validate(
    sources: Vec<Source>,
    postcodes: crate::postcodes::Table,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<Content> {
    let mut by_kind: BTreeMap<Kind, Vec<Source>> = BTreeMap::new();
    for source in sources {
        by_kind.entry(source.kind).or_default().push(source);
    }
    let mut take = |kind| by_kind.remove(&kind).unwrap_or_default();
    let (site_sources, need_sources) = (take(Kind::Site), take(Kind::Needs));
    let (place_sources, asset_sources, pathway_sources) =
        (take(Kind::Place), take(Kind::Asset), take(Kind::Pathway));
    let (guide_sources, page_sources) = (take(Kind::Guide), take(Kind::Page));

    let site = site(site_sources, diags);
    let needs = needs(need_sources, diags);
    let places = places(decode_all(place_sources, diags), diags);
    let need_ids: Vec<&str> = needs.iter().map(|n| n.id.as_str()).collect();
    let place_ids: Vec<&str> = places.iter().map(|p| p.id.as_str()).collect();
    let review_after = site.as_ref().map_or(365, |s| s.review_after_days);
    let refs = Refs {
        needs: &need_ids,
        places: &place_ids,
        postcodes: &postcodes,
    };
    let assets = decode_each(asset_sources, diags, |l, d| {
        asset(l, &refs, today, review_after, d)
    });
    let asset_status: HashMap<&str, Status> = assets
        .iter()
        .map(|a| (a.id.as_str(), a.record.status))
        .collect();
    let pathways = pathways(
        decode_all(pathway_sources, diags),
        &refs,
        &asset_status,
        today,
        review_after,
        diags,
    );
    let guide = guide(decode_all(guide_sources, diags), diags);
    let pages = pages(decode_all(page_sources, diags), diags);
    let synonyms = crate::synonyms::check(take(Kind::Synonyms), diags);

    if diags.has_errors() {
        return None;
    }
    Some(Content {
        site: site?,
        needs,
        places,
        assets,
        pathways,
        guide,
        pages,
        synonyms,
        postcodes: std::sync::Arc::new(postcodes),
    })
}

/// The errors `check` would report in one asset file written by `import`, which takes them
/// as reasons not to write it. The file is checked on its own: the needs and places it names
/// are taken as given, since the import writes them with it.
pub(crate) fn check_new_asset(yaml: &str, file: &Path, today: NaiveDate) -> Vec<String> {
    let mut diags = Diagnostics::default();
    if crate::source::check_size(yaml.len() as u64, file, &mut diags) {
        if let Some((record, index)) = decode::<AssetRecord>(yaml, file, 0, &mut diags) {
            let (needs, places) = (
                record.needs.clone().unwrap_or_default(),
                record.places.clone(),
            );
            let needs: Vec<&str> = needs.iter().map(String::as_str).collect();
            let places: Vec<&str> = places.iter().map(String::as_str).collect();
            // Only errors count, and an unknown postcode is a warning: no table is needed.
            let no_postcodes = crate::postcodes::Table::default();
            let refs = Refs {
                needs: &needs,
                places: &places,
                postcodes: &no_postcodes,
            };
            let located = Located {
                file: file.to_path_buf(),
                id: String::new(),
                index,
                record,
                body: None,
            };
            // Only errors count here, so the review period (for warnings) does not matter.
            asset(located, &refs, today, 365, &mut diags);
        }
    }
    diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}

/// Decodes and checks one asset file against the needs and places of already validated
/// `content` (for `serve`, which re-checks only the file that changed). Checks between assets
/// (duplicate ids, pathways naming a closed asset) are the caller's to rule out.
pub fn revalidate_asset(
    source: Source,
    content: &Content,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<Asset> {
    let need_ids: Vec<&str> = content.needs.iter().map(|n| n.id.as_str()).collect();
    let place_ids: Vec<&str> = content.places.iter().map(|p| p.id.as_str()).collect();
    let refs = Refs {
        needs: &need_ids,
        places: &place_ids,
        postcodes: &content.postcodes,
    };
    let before = diags.count(crate::diagnostics::Severity::Error);
    let review_after = content.site.review_after_days;
    let asset = decode_each(vec![source], diags, |l, d| {
        asset(l, &refs, today, review_after, d)
    })
    .pop();
    asset.filter(|_| diags.count(crate::diagnostics::Severity::Error) == before)
}

fn decode_all<T: serde::de::DeserializeOwned + Default + Send>(
    sources: Vec<Source>,
    diags: &mut Diagnostics,
) -> Vec<Located<T>> {
    decode_each(sources, diags, |located, _| Some(located))
}

/// Decodes each source and passes it to `check`, in parallel (decoding is most of loading a
/// large site), each file reporting into its own diagnostics, merged back in file order. A
/// record's position index is dropped as soon as it is checked.
fn decode_each<T, R>(
    sources: Vec<Source>,
    diags: &mut Diagnostics,
    check: impl Fn(Located<T>, &mut Diagnostics) -> Option<R> + Sync,
) -> Vec<R>
where
    T: serde::de::DeserializeOwned + Default + Send,
    R: Send,
{
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut unique = Vec::with_capacity(sources.len());
    for source in sources {
        if let Some(first) = seen.get(&source.id) {
            diags
                .error(
                    &source.file,
                    Pos::START,
                    format!(
                        "duplicate id \"{}\": {} has the same id",
                        source.id,
                        first.display()
                    ),
                )
                .help(
                    "rename one of the files: the file name is the record's id and its web address",
                );
            continue;
        }
        seen.insert(source.id.clone(), source.file.clone());
        unique.push(source);
    }
    let decoded: Vec<(Option<R>, Diagnostics)> = unique
        .into_par_iter()
        .map(|source| {
            let mut local = Diagnostics::default();
            let decoded = decode::<T>(
                &source.yaml,
                &source.file,
                source.yaml_line_offset,
                &mut local,
            );
            let checked = decoded.and_then(|(record, index)| {
                let located = Located {
                    file: source.file,
                    id: source.id,
                    index,
                    record,
                    body: source.body,
                };
                check(located, &mut local)
            });
            (checked, local)
        })
        .collect();
    let mut out = Vec::with_capacity(decoded.len());
    for (located, local) in decoded {
        diags.append(local);
        out.extend(located);
    }
    out
}

/// How many assets a list page shows unless `site.yaml` says otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The `page_size` values `site.yaml` may give: a few cards at least, never a page too long for
/// a phone.
pub const PAGE_SIZES: std::ops::RangeInclusive<u32> = 5..=200;

fn site(sources: Vec<Source>, diags: &mut Diagnostics) -> Option<Site> {
    let Some(located) = decode_all::<SiteRecord>(sources, diags).pop() else {
        if already_reported(diags, "site") {
            return None;
        }
        diags
            .error(
                Path::new("content/site.yaml"),
                Pos::START,
                "missing content/site.yaml",
            )
            .help("create content/site.yaml with at least: title: Your Support Map");
        return None;
    };
    let at = At {
        file: &located.file,
        index: &located.index,
    };
    let r = &located.record;
    let root = YamlPath::root();
    let title = at.required_text(diags, &r.title, "title", "Harbourside Support Map");
    let language = r.language.clone().unwrap_or_else(|| "en-GB".to_string());
    if !is_language_tag(&language) {
        at.error(
            diags,
            &root.key("language"),
            format!("\"{language}\" is not a language tag"),
            "use a BCP 47 tag such as en-GB or cy",
        );
    }
    if let Some(url) = &r.base_url {
        if let Err(message) = check_base_url(url) {
            at.error(diags, &root.key("base_url"), message, "write the full address the site is published at, such as https://example.org/support-map/");
        }
    }
    let theme = r.theme.clone().unwrap_or_else(|| "default".to_string());
    if !is_valid_id(&theme) {
        at.error(
            diags,
            &root.key("theme"),
            format!("\"{theme}\" is not a valid theme name"),
            "a theme is a folder name in themes/: lowercase letters, digits and hyphens",
        );
    }
    if r.review_after_days == Some(0) {
        at.error(
            diags,
            &root.key("review_after_days"),
            "review_after_days must be at least 1",
            "365 asks for every record to be checked once a year",
        );
    }
    let page_size = r.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !PAGE_SIZES.contains(&page_size) {
        at.error(
            diags,
            &root.key("page_size"),
            format!(
                "page_size must be between {} and {}, not {page_size}",
                PAGE_SIZES.start(),
                PAGE_SIZES.end()
            ),
            "50 (the default) suits a phone: enough to scan, quick to load",
        );
    }
    Some(Site {
        title: title?,
        description: r.description.clone().unwrap_or_default(),
        language,
        base_url: r.base_url.clone(),
        review_after_days: r.review_after_days.unwrap_or(365),
        page_size: page_size as usize,
        theme,
        contact: r.contact.clone(),
    })
}

/// Whether `content/<name>.yaml` (or `.yml`) is there but could not be read or decoded. Its
/// problem is already reported (by `source` or `decode`); it is not also "missing".
fn already_reported(diags: &Diagnostics, name: &str) -> bool {
    let files = [
        format!("content/{name}.yaml"),
        format!("content/{name}.yml"),
    ];
    diags
        .sorted()
        .iter()
        .any(|d| d.severity == Severity::Error && files.iter().any(|f| d.file == Path::new(f)))
}

/// `base_url` must be an absolute http(s) address; it is where every link on the site points.
pub fn check_base_url(url: &str) -> Result<(), String> {
    match url::Url::parse(url) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host().is_some()
                && u.query().is_none()
                && u.fragment().is_none() =>
        {
            Ok(())
        }
        _ => Err(format!("\"{url}\" is not a valid base_url")),
    }
}

fn needs(sources: Vec<Source>, diags: &mut Diagnostics) -> Vec<Need> {
    let Some(located) = decode_all::<Vec<NeedRecord>>(sources, diags).pop() else {
        if already_reported(diags, "needs") {
            return Vec::new();
        }
        diags
            .error(Path::new("content/needs.yaml"), Pos::START, "missing content/needs.yaml")
            .help("create content/needs.yaml listing the needs, such as: - { id: money, name: Money and debt }");
        return Vec::new();
    };
    let at = At {
        file: &located.file,
        index: &located.index,
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, r) in located.record.iter().enumerate() {
        let path = YamlPath::root().index(i);
        let (Some(id), Some(name)) = (&r.id, &r.name) else {
            let missing = if r.id.is_none() { "id" } else { "name" };
            at.error(
                diags,
                &path,
                format!("need {} is missing \"{missing}\"", i + 1),
                "each need has an id (such as money) and a name (such as Money and debt)",
            );
            continue;
        };
        if !is_valid_id(id) {
            at.error(
                diags,
                &path.key("id"),
                format!("\"{id}\" is not a valid need id"),
                "use lowercase letters, digits and hyphens, such as mental-wellbeing",
            );
        } else if !seen.insert(id.clone()) {
            at.error(
                diags,
                &path.key("id"),
                format!("duplicate need id \"{id}\""),
                "each need id must be used once",
            );
        } else {
            out.push(Need {
                id: id.clone(),
                name: name.trim().to_string(),
                description: r.description.clone(),
                synonyms: r.synonyms.clone(),
                sensitive: r.sensitive,
            });
        }
    }
    out
}

fn places(located: Vec<Located<PlaceRecord>>, diags: &mut Diagnostics) -> Vec<Place> {
    let ids: Vec<&str> = located.iter().map(|l| l.id.as_str()).collect();
    let mut out = Vec::new();
    for l in &located {
        let at = At {
            file: &l.file,
            index: &l.index,
        };
        let name = at.required_text(diags, &l.record.name, "name", "Westfield");
        let kind = at.required_text(diags, &l.record.kind, "kind", "neighbourhood");
        if let Some(kind) = &kind {
            if !is_valid_id(kind) {
                at.error(
                    diags,
                    &YamlPath::root().key("kind"),
                    format!("\"{kind}\" is not a valid kind of place"),
                    "use one lowercase word such as place, neighbourhood, ward or pcn",
                );
            }
        }
        if let Some(within) = &l.record.within {
            check_ref(
                &at,
                diags,
                &YamlPath::root().key("within"),
                within,
                &ids,
                "place",
            );
        }
        if let (Some(name), Some(kind)) = (name, kind) {
            out.push(Place {
                id: l.id.clone(),
                name,
                kind,
                within: l.record.within.clone(),
                summary: l.record.summary.clone(),
            });
        }
    }
    for l in &located {
        if let Some(cycle) = within_cycle(&l.id, &out) {
            diags
                .error(
                    &l.file,
                    l.index.value(&YamlPath::root().key("within")),
                    format!(
                        "places are inside each other in a circle: {}",
                        cycle.join(" → ")
                    ),
                )
                .help("a place's \"within\" must point to a larger area, never back to itself");
        }
    }
    out
}

fn within_cycle(start: &str, places: &[Place]) -> Option<Vec<String>> {
    let parent: HashMap<&str, &str> = places
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.within.as_deref()?)))
        .collect();
    let mut chain = vec![start.to_string()];
    let mut current = start;
    while let Some(&next) = parent.get(current) {
        chain.push(next.to_string());
        if next == start {
            return Some(chain);
        }
        if chain.len() > places.len() + 1 {
            return None;
        }
        current = next;
    }
    None
}

struct Refs<'a> {
    needs: &'a [&'a str],
    places: &'a [&'a str],
    postcodes: &'a crate::postcodes::Table,
}

impl Refs<'_> {
    /// Checks that a record's `needs` and `places` name records that exist.
    fn check(&self, at: &At, diags: &mut Diagnostics, needs: &[String], places: &[String]) {
        check_refs(at, diags, "needs", needs, self.needs, "need");
        check_refs(at, diags, "places", places, self.places, "place");
    }
}

fn check_ref(
    at: &At,
    diags: &mut Diagnostics,
    path: &YamlPath,
    id: &str,
    known: &[&str],
    what: &str,
) -> bool {
    if known.contains(&id) {
        return true;
    }
    let suggestion = did_you_mean(id, known.iter().copied())
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_default();
    let help = match what {
        "need" => "a need id must be listed in content/needs.yaml".to_string(),
        "asset" => {
            "an asset id is the file name of a record in content/assets/, without .yaml or .md"
                .to_string()
        }
        other => {
            format!("a {other} id is the file name of a record in content/{other}s/, without .yaml")
        }
    };
    at.error(
        diags,
        path,
        format!("unknown {what} \"{id}\"{suggestion}"),
        &help,
    );
    false
}

fn check_refs(
    at: &At,
    diags: &mut Diagnostics,
    field: &str,
    ids: &[String],
    known: &[&str],
    what: &str,
) {
    let path = YamlPath::root().key(field);
    let mut seen = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        if check_ref(at, diags, &path.index(i), id, known, what) && !seen.insert(id) {
            at.warning(
                diags,
                &path.index(i),
                format!("\"{id}\" is listed twice"),
                "remove the repeated entry",
            );
        }
    }
}

fn overdue_warning(
    at: &At,
    diags: &mut Diagnostics,
    reviewed: NaiveDate,
    today: NaiveDate,
    review_after: u32,
) {
    let age = (today - reviewed).num_days();
    if age > i64::from(review_after) {
        at.warning(
            diags,
            &YamlPath::root().key("last_reviewed"),
            format!("last reviewed {age} days ago (more than {review_after}): the site will show it may be out of date"),
            "check the details with the organisation, then set last_reviewed to the date you checked",
        );
    } else if age < 0 {
        at.error(
            diags,
            &YamlPath::root().key("last_reviewed"),
            "last_reviewed is in the future",
            "use the date the record was last checked",
        );
    }
}

/// Checks one decoded asset; `None` when it cannot be published as it stands.
fn asset(
    l: Located<AssetRecord>,
    refs: &Refs,
    today: NaiveDate,
    review_after: u32,
    diags: &mut Diagnostics,
) -> Option<Asset> {
    let at = At {
        file: &l.file,
        index: &l.index,
    };
    let r = &l.record;
    let root = YamlPath::root();
    let name = at.required_text(diags, &r.name, "name", "Westfield Lunch Club");
    let summary = at.required_text(
        diags,
        &r.summary,
        "summary",
        "A hot lunch and company for older people, every Tuesday.",
    );
    let needs = at
        .required(diags, &r.needs, "needs", "[food, loneliness]")
        .cloned();
    if needs.as_ref().is_some_and(Vec::is_empty) {
        at.error(
            diags,
            &root.key("needs"),
            "\"needs\" is empty",
            "list at least one need id from content/needs.yaml",
        );
    }
    refs.check(&at, diags, needs.as_deref().unwrap_or_default(), &r.places);
    let last_reviewed = at.last_reviewed(diags, &r.last_reviewed, today);
    if let Some(date) = last_reviewed {
        if r.status != Status::Closed {
            overdue_warning(&at, diags, date, today, review_after);
        }
    }
    check_asset_details(&at, r, diags);
    if l.body.is_some() && r.description.is_some() {
        at.error(
            diags,
            &root.key("description"),
            "description given twice: in the front matter and as the text below it",
            "remove description: from the front matter and keep the text",
        );
    }
    let (name, summary, needs, last_reviewed) = (name?, summary?, needs?, last_reviewed?);
    let description = l
        .body
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| r.description.clone());
    let mut record = l.record;
    for i in refs.postcodes.locate(&mut record.locations) {
        let postcode = record.locations[i].postcode.as_deref().unwrap_or_default();
        let (message, help) = crate::postcodes::unknown_postcode(postcode);
        let path = root.key("locations").index(i).key("postcode");
        at.warning(diags, &path, message, &help);
    }
    Some(Asset {
        id: l.id,
        name,
        summary,
        description,
        record,
        needs,
        last_reviewed,
    })
}

fn check_asset_details(at: &At, r: &AssetRecord, diags: &mut Diagnostics) {
    let root = YamlPath::root();
    for (i, location) in r.locations.iter().enumerate() {
        let path = root.key("locations").index(i);
        if location
            .address
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
        {
            at.error(
                diags,
                &path,
                "location has no \"address\"",
                "add address: with the street address",
            );
        }
        if let Some(postcode) = &location.postcode {
            if !is_uk_postcode(postcode) {
                at.warning(
                    diags,
                    &path.key("postcode"),
                    format!("\"{postcode}\" does not look like a UK postcode"),
                    "write it like HB2 4QT",
                );
            }
        }
        if location.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            at.error(
                diags,
                &path.key("lat"),
                "latitude must be between -90 and 90",
                "",
            );
        }
        if location.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            at.error(
                diags,
                &path.key("lon"),
                "longitude must be between -180 and 180",
                "",
            );
        }
        if location.lat.is_some() != location.lon.is_some() {
            let (have, missing) = if location.lat.is_some() {
                ("lat", "lon")
            } else {
                ("lon", "lat")
            };
            at.error(
                diags,
                &path.key(have),
                "a location needs both lat and lon, or neither",
                &format!("add {missing}, or remove {have}"),
            );
        }
    }
    if let Some(contact) = &r.contact {
        let path = root.key("contact");
        if let Some(phone) = &contact.phone {
            if phone_digits(phone).is_none() {
                at.error(
                    diags,
                    &path.key("phone"),
                    format!("\"{phone}\" is not a phone number"),
                    "write it as digits with spaces, such as 01632 960123",
                );
            }
        }
        if let Some(email) = &contact.email {
            if !is_email(email) {
                at.error(
                    diags,
                    &path.key("email"),
                    format!("\"{email}\" is not an email address"),
                    "write it like name@example.org",
                );
            }
        }
        if let Some(website) = &contact.website {
            if !is_web_address(website) {
                at.error(
                    diags,
                    &path.key("website"),
                    format!("\"{website}\" is not a web address"),
                    "write the full address starting with https://",
                );
            } else if let Some((label, scripts)) = mixed_script_label(website) {
                at.warning(
                    diags,
                    &path.key("website"),
                    format!("the web address \"{website}\" mixes {scripts} letters in \"{label}\": it may imitate another site's address"),
                    "retype the address by hand and check it opens the right site: letters from another alphabet can look the same",
                );
            }
        }
    }
    for (i, hours) in r.opening_hours.iter().enumerate() {
        let path = root.key("opening_hours").index(i);
        if hours.days.is_empty() {
            at.error(
                diags,
                &path,
                "opening hours without \"days\"",
                "add days: [mon, tue, wed, thu, fri]",
            );
        }
        match (hours.opens, hours.closes) {
            (Some(opens), Some(closes)) if opens >= closes => {
                at.error(
                    diags,
                    &path.key("closes"),
                    format!("closes at {closes} but opens at {opens}"),
                    "the closing time must be after the opening time",
                );
            }
            (None, _) | (_, None)
                if !at.index.was_dropped(&path.key("opens"))
                    && !at.index.was_dropped(&path.key("closes")) =>
            {
                at.error(
                    diags,
                    &path,
                    "opening hours need both \"opens\" and \"closes\"",
                    "add opens: \"09:00\" and closes: \"17:00\"",
                )
            }
            _ => {}
        }
    }
    if let Some(e) = &r.eligibility {
        if let (Some(min), Some(max)) = (e.min_age, e.max_age) {
            if min > max {
                at.error(
                    diags,
                    &root.key("eligibility").key("max_age"),
                    format!("max_age {max} is below min_age {min}"),
                    "swap them, or remove one",
                );
            }
        }
    }
    for (i, lang) in r.languages.iter().enumerate() {
        if !is_language_tag(lang) {
            at.error(
                diags,
                &root.key("languages").index(i),
                format!("\"{lang}\" is not a language code"),
                "use a BCP 47 code such as en, cy, ur or pl",
            );
        }
    }
}

fn pathways(
    located: Vec<Located<PathwayRecord>>,
    refs: &Refs,
    asset_status: &HashMap<&str, Status>,
    today: NaiveDate,
    review_after: u32,
    diags: &mut Diagnostics,
) -> Vec<Pathway> {
    let asset_ids: Vec<&str> = asset_status
        .keys()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for l in located {
        let at = At {
            file: &l.file,
            index: &l.index,
        };
        let r = &l.record;
        let title = at.required_text(diags, &r.title, "title", "Money worries and low mood");
        let summary = at.required_text(
            diags,
            &r.summary,
            "summary",
            "A route from a first conversation to steady support.",
        );
        let needs = at
            .required(diags, &r.needs, "needs", "[money, mental-wellbeing]")
            .cloned();
        refs.check(&at, diags, needs.as_deref().unwrap_or_default(), &r.places);
        let last_reviewed = at.last_reviewed(diags, &r.last_reviewed, today);
        if let Some(date) = last_reviewed {
            overdue_warning(&at, diags, date, today, review_after);
        }
        let steps = at.required(
            diags,
            &r.steps,
            "steps",
            "[{ title: Talk to a link worker, text: ..., assets: [...] }]",
        );
        if steps.is_some_and(Vec::is_empty) {
            at.error(
                diags,
                &YamlPath::root().key("steps"),
                "a pathway needs at least one step",
                "",
            );
        }
        let mut valid_steps = Vec::new();
        for (i, step) in steps.into_iter().flatten().enumerate() {
            let path = YamlPath::root().key("steps").index(i);
            let Some(step_title) = step.title.as_ref().filter(|t| !t.trim().is_empty()) else {
                at.error(
                    diags,
                    &path,
                    format!("step {} has no \"title\"", i + 1),
                    "add title: with a few words naming the step",
                );
                continue;
            };
            for (j, asset) in step.assets.iter().enumerate() {
                let asset_path = path.key("assets").index(j);
                if step.assets[..j].contains(asset) {
                    at.warning(
                        diags,
                        &asset_path,
                        format!("asset \"{asset}\" is listed twice in step {}", i + 1),
                        "remove the second one: the step shows each service once",
                    );
                    continue;
                }
                if check_ref(&at, diags, &asset_path, asset, &asset_ids, "asset")
                    && asset_status.get(asset.as_str()) == Some(&Status::Closed)
                {
                    at.warning(
                        diags,
                        &asset_path,
                        format!("asset \"{asset}\" is closed and will not be shown in this step"),
                        "replace it with a service that is running",
                    );
                }
            }
            valid_steps.push(PathwayStep {
                title: step_title.trim().to_string(),
                text: step.text.clone().unwrap_or_default(),
                assets: step.assets.clone(),
            });
        }
        if let (Some(title), Some(summary), Some(needs), Some(last_reviewed)) =
            (title, summary, needs, last_reviewed)
        {
            out.push(Pathway {
                id: l.id,
                title,
                summary,
                intro: l.body.unwrap_or_default(),
                needs,
                places: r.places.clone(),
                for_whom: r.for_whom.clone(),
                last_reviewed,
                steps: valid_steps,
            });
        }
    }
    out
}

fn guide(located: Vec<Located<GuideRecord>>, diags: &mut Diagnostics) -> Vec<GuideSection> {
    let mut out = Vec::new();
    let mut orders: HashMap<i32, PathBuf> = HashMap::new();
    for l in located {
        let at = At {
            file: &l.file,
            index: &l.index,
        };
        let title = at.required_text(diags, &l.record.title, "title", "Start now");
        let order = at.required(diags, &l.record.order, "order", "1").copied();
        if let Some(order) = order {
            if let Some(other) = orders.insert(order, l.file.clone()) {
                at.warning(
                    diags,
                    &YamlPath::root().key("order"),
                    format!("order {order} is also used by {}", other.display()),
                    "give each guide section its own number",
                );
            }
        }
        if let (Some(title), Some(order)) = (title, order) {
            out.push(GuideSection {
                slug: l.id,
                title,
                order,
                summary: l.record.summary.clone(),
                body: l.body.unwrap_or_default(),
            });
        }
    }
    out.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    out
}

fn pages(located: Vec<Located<PageRecord>>, diags: &mut Diagnostics) -> Vec<Page> {
    let mut out = Vec::new();
    for l in located {
        let at = At {
            file: &l.file,
            index: &l.index,
        };
        if let Some(title) = at.required_text(diags, &l.record.title, "title", "About this site") {
            out.push(Page {
                slug: l.id,
                title,
                summary: l.record.summary.clone(),
                body: l.body.unwrap_or_default(),
            });
        }
    }
    out
}

/// A label of the web address's host that mixes scripts, and the scripts it mixes ("Latin
/// and Cyrillic"): a lookalike ("homograph") of another address, such as a Cyrillic "а" in
/// a Latin name. This is the single-script test of Unicode's UTS #39: the scripts each
/// character may belong to (its Script_Extensions, where digits and hyphens belong to all)
/// must have one in common across the label. Han, Hiragana, Katakana, Hangul and Bopomofo
/// count as one, since Japanese, Chinese and Korean names mix them.
fn mixed_script_label(website: &str) -> Option<(String, String)> {
    use unicode_script::{Script, ScriptExtension, UnicodeScript};
    const CJK: [Script; 5] = [
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Hangul,
        Script::Bopomofo,
    ];
    let cjk = CJK
        .iter()
        .fold(ScriptExtension::from(Script::Han), |all, &s| {
            all.union(s.into())
        });
    let host = url::Url::parse(website).ok()?.host_str()?.to_string();
    let (host, _) = idna::domain_to_unicode(&host);
    host.split('.').find_map(|label| {
        let mut common = ScriptExtension::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for c in label.chars() {
            let mut ext = c.script_extension();
            if ext.is_common() || ext.is_inherited() {
                continue;
            }
            if CJK.iter().any(|&s| ext.contains_script(s)) {
                ext = cjk;
            }
            common.intersect_with(ext);
            let name = c.script().full_name();
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
        common.is_empty().then(|| {
            let scripts = match seen.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => seen.join(""),
            };
            (label.to_string(), scripts)
        })
    })
}

fn is_uk_postcode(postcode: &str) -> bool {
    crate::postcodes::Postcode::parse(postcode).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_postcodes() {
        assert!(is_uk_postcode("HB2 4QT"));
        assert!(is_uk_postcode("sw1a1aa"));
        assert!(!is_uk_postcode("12345"));
        assert!(
            !is_uk_postcode("ŵŵŵ") && !is_uk_postcode("HB2 4Qŷ") && !is_uk_postcode("٤٥٦"),
            "not ASCII, and no panic"
        );
    }

    #[test]
    fn an_unreadable_site_or_needs_file_is_not_also_missing() {
        let source = |kind, name: &str, yaml: &str| Source {
            kind,
            id: name.into(),
            file: PathBuf::from(format!("content/{name}.yaml")),
            yaml: yaml.into(),
            yaml_line_offset: 0,
            body: None,
        };
        let mut diags = Diagnostics::default();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(validate(
            vec![
                source(Kind::Site, "site", "- a\n"),
                source(Kind::Needs, "needs", "money: x\n")
            ],
            Default::default(),
            today,
            &mut diags
        )
        .is_none());
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages.iter().all(|m| !m.contains("missing")),
            "{messages:?}"
        );
        // Unreadable (binary, empty, too large): `source` reported it and made no Source.
        let mut diags = Diagnostics::default();
        diags.error(
            Path::new("content/site.yml"),
            Pos::START,
            "file contains binary data",
        );
        diags.error(Path::new("content/needs.yaml"), Pos::START, "file is empty");
        validate(Vec::new(), Default::default(), today, &mut diags);
        assert_eq!(diags.sorted().len(), 2, "{:?}", diags.sorted());
        let mut diags = Diagnostics::default();
        validate(Vec::new(), Default::default(), today, &mut diags);
        assert_eq!(
            diags
                .sorted()
                .iter()
                .filter(|d| d.message.starts_with("missing content/"))
                .count(),
            2
        );
    }

    #[test]
    fn finds_within_cycles() {
        let place = |id: &str, within: &str| Place {
            id: id.into(),
            name: id.into(),
            kind: "place".into(),
            within: Some(within.into()),
            summary: None,
        };
        let places = vec![place("a", "b"), place("b", "a")];
        assert_eq!(
            within_cycle("a", &places),
            Some(vec!["a".into(), "b".into(), "a".into()])
        );
    }
}
