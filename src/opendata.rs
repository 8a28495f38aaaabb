//! Open data: the published records as files for anyone building on them, written on every build.
//!
//! - `/data/site.json`: every published record in our own format (the fields of `docs/content.md`).
//! - `/data/assets.csv`: one row per published asset, for spreadsheets.
//! - `/data/openreferral/`: the assets as Open Referral UK (see `openreferral::export`).
//!
//! The record structs here mirror `records` for writing: `site.json` uses them, and the Open
//! Referral import writes the YAML records it creates from them. Everything is deterministic:
//! the same content gives byte-identical files.

use crate::fields::{days_label, language_name};
use crate::model::Model;
use crate::output::{write_json, Sink};
use crate::records::{AssetRecord, Status};
use crate::validate::{Asset, Content};
use serde::Serialize;
use std::collections::HashMap;

/// An asset record as editors write it (`content/assets/<id>.yaml`), in the order of
/// `docs/content.md`. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct AssetData {
    pub name: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub needs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub opening_hours: Vec<HoursData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<EligibilityData>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub health_creation: Vec<String>,
    pub last_reviewed: String,
    /// Left out when `active`, the default, in records written for editors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct LocationData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct ContactData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct HoursData {
    pub days: Vec<String>,
    pub opens: String,
    pub closes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct EligibilityData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
}

/// One entry of `needs.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct NeedData {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
}

/// A `places/<id>.yaml` record (the id is the file name).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct PlaceData {
    pub name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl AssetData {
    pub(crate) fn from_asset(a: &Asset) -> AssetData {
        let r: &AssetRecord = &a.record;
        let contact = r.contact.as_ref().map(|c| ContactData {
            phone: c.phone.clone(),
            email: c.email.clone(),
            website: c.website.clone(),
        });
        AssetData {
            name: a.name.clone(),
            summary: a.summary.clone(),
            description: a
                .description
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            organisation: r.organisation.clone(),
            needs: dedup_strings(&a.needs),
            places: dedup_strings(&r.places),
            locations: r
                .locations
                .iter()
                .map(|l| LocationData {
                    name: l.name.clone(),
                    address: l.address.clone(),
                    postcode: l.postcode.clone(),
                    lat: l.lat,
                    lon: l.lon,
                    accessibility: l.accessibility.clone(),
                })
                .collect(),
            contact: contact
                .filter(|c| c.phone.is_some() || c.email.is_some() || c.website.is_some()),
            opening_hours: r
                .opening_hours
                .iter()
                .map(|h| HoursData {
                    days: dedup_days(&h.days)
                        .iter()
                        .map(|d| d.id().to_string())
                        .collect(),
                    opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
                    closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
                    note: h.note.clone(),
                })
                .collect(),
            access: dedup_strings(
                &r.access
                    .iter()
                    .map(|a| a.id().to_string())
                    .collect::<Vec<_>>(),
            ),
            referral: r
                .referral
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            cost: r.cost.map(|c| c.id().to_string()),
            cost_detail: r.cost_detail.clone(),
            eligibility: r
                .eligibility
                .as_ref()
                .filter(|e| e.min_age.is_some() || e.max_age.is_some() || e.who.is_some())
                .map(|e| EligibilityData {
                    min_age: e.min_age,
                    max_age: e.max_age,
                    who: e.who.clone(),
                }),
            languages: dedup_strings(&r.languages),
            health_creation: dedup_strings(
                &r.health_creation
                    .iter()
                    .map(|h| h.id().to_string())
                    .collect::<Vec<_>>(),
            ),
            last_reviewed: a.last_reviewed.to_string(),
            status: Some(r.status.id().to_string()),
            tags: r.tags.clone(),
        }
    }
}

fn dedup_strings(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    items
        .iter()
        .filter(|i| seen.insert(i.as_str()))
        .cloned()
        .collect()
}

fn dedup_days(days: &[crate::records::Day]) -> Vec<crate::records::Day> {
    days.iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The published assets in the order the site lists them (A to Z).
pub(crate) fn published<'a>(content: &'a Content, model: &Model) -> Vec<&'a Asset> {
    let by_id: HashMap<&str, &Asset> = content.assets.iter().map(|a| (a.id.as_str(), a)).collect();
    model
        .assets
        .iter()
        .filter_map(|view| by_id.get(view.card.id.as_str()).copied())
        .filter(|a| a.record.status != Status::Closed)
        .collect()
}

/// Every file under `/data/`.
pub(crate) fn export(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    sink: &dyn Sink,
) -> Result<(), String> {
    // Each whole-site file is written by one thread; side by side they keep the cores busy.
    let (site, csv) = rayon::join(
        || {
            sink.put_with(crate::addresses::SITE_JSON, &mut |w| {
                write_json(w, &site_json(content, model, assets))
            })
        },
        || {
            sink.put_with(crate::addresses::ASSETS_CSV, &mut |w| {
                assets_csv(content, model, assets, w)
            })
        },
    );
    site.and(csv)
}

/// A list serialised as it is made, so a site-wide file never holds every record at once.
pub(crate) struct Lazy<F>(pub F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct SiteJson<'a, A: Serialize> {
    format: &'static str,
    version: u32,
    site: SiteData<'a>,
    needs: Vec<NeedData>,
    places: Vec<Identified<'a, PlaceData>>,
    /// `Identified<AssetData>` for each published asset, made as it is written.
    assets: A,
    pathways: Vec<PathwayData<'a>>,
    guide: Vec<TextData<'a>>,
    pages: Vec<TextData<'a>>,
}

#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    base_url: &'a str,
    review_after_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
}

/// A record with its id first, and where it is published.
#[derive(Serialize)]
struct Identified<'a, T: Serialize> {
    id: &'a str,
    #[serde(flatten)]
    record: T,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct PathwayData<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    intro: &'a str,
    needs: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    places: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    for_whom: Option<&'a str>,
    last_reviewed: String,
    steps: Vec<StepData<'a>>,
    path: String,
}

#[derive(Serialize)]
struct StepData<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    assets: Vec<&'a str>,
}

#[derive(Serialize)]
struct TextData<'a> {
    slug: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    body: &'a str,
    path: String,
}

fn site_json<'a>(
    content: &'a Content,
    model: &'a Model,
    assets: &'a [&'a Asset],
) -> SiteJson<'a, impl Serialize + 'a> {
    let published_ids: std::collections::HashSet<&str> =
        assets.iter().map(|a| a.id.as_str()).collect();
    let site = &content.site;
    SiteJson {
        format: "supportmap-site",
        version: 1,
        site: SiteData {
            title: &site.title,
            description: &site.description,
            language: &site.language,
            base_url: &model.site.base_url,
            review_after_days: site.review_after_days,
            contact: site.contact.as_deref(),
        },
        needs: content
            .needs
            .iter()
            .map(|n| NeedData {
                id: n.id.clone(),
                name: n.name.clone(),
                description: n.description.clone(),
                synonyms: n.synonyms.clone(),
                sensitive: n.sensitive,
            })
            .collect(),
        places: {
            let mut places: Vec<_> = content.places.iter().collect();
            places.sort_by(|a, b| a.id.cmp(&b.id));
            places
                .into_iter()
                .map(|p| {
                    let path = crate::addresses::place(&p.id);
                    Identified {
                        id: &p.id,
                        record: PlaceData {
                            name: p.name.clone(),
                            kind: p.kind.clone(),
                            within: p.within.clone(),
                            summary: p.summary.clone(),
                        },
                        url: model.site.full_address(&path),
                        path,
                    }
                })
                .collect()
        },
        assets: Lazy(move || {
            assets.iter().map(move |a| {
                let path = crate::addresses::asset(&a.id);
                Identified {
                    id: &a.id,
                    record: AssetData::from_asset(a),
                    url: model.site.full_address(&path),
                    path,
                }
            })
        }),
        pathways: {
            let mut pathways: Vec<_> = content.pathways.iter().collect();
            pathways.sort_by(|a, b| a.id.cmp(&b.id));
            pathways
                .into_iter()
                .map(|p| PathwayData {
                    id: &p.id,
                    title: &p.title,
                    summary: &p.summary,
                    intro: p.intro.trim(),
                    needs: &p.needs,
                    places: &p.places,
                    for_whom: p.for_whom.as_deref(),
                    last_reviewed: p.last_reviewed.to_string(),
                    steps: p
                        .steps
                        .iter()
                        .map(|s| StepData {
                            title: &s.title,
                            text: s.text.trim(),
                            assets: s
                                .assets
                                .iter()
                                .map(String::as_str)
                                .filter(|id| published_ids.contains(id))
                                .collect(),
                        })
                        .collect(),
                    path: crate::addresses::pathway(&p.id),
                })
                .collect()
        },
        guide: content
            .guide
            .iter()
            .map(|g| TextData {
                slug: &g.slug,
                title: &g.title,
                order: Some(g.order),
                summary: g.summary.as_deref(),
                body: g.body.trim(),
                path: crate::addresses::guide_section(&g.slug),
            })
            .collect(),
        pages: {
            let mut pages: Vec<_> = content.pages.iter().collect();
            pages.sort_by(|a, b| a.slug.cmp(&b.slug));
            pages
                .into_iter()
                .map(|p| TextData {
                    slug: &p.slug,
                    title: &p.title,
                    order: None,
                    summary: p.summary.as_deref(),
                    body: p.body.trim(),
                    path: crate::addresses::page(&p.slug),
                })
                .collect()
        },
    }
}

/// Column names of `/data/assets.csv`, documented in `docs/openreferral.md`.
pub(crate) const CSV_COLUMNS: &[&str] = &[
    "id",
    "name",
    "summary",
    "organisation",
    "needs",
    "places",
    "addresses",
    "postcodes",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "access",
    "cost",
    "cost_detail",
    "min_age",
    "max_age",
    "eligibility",
    "languages",
    "health_creation",
    "status",
    "last_reviewed",
    "page",
    "description",
    "referral",
    "tags",
];

fn assets_csv(
    content: &Content,
    model: &Model,
    assets: &[&Asset],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let need_names: HashMap<&str, &str> = content
        .needs
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let place_names: HashMap<&str, &str> = content
        .places
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    // A byte-order mark lets spreadsheet programs recognise UTF-8 (pound signs, accents).
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for a in assets {
        let r = &a.record;
        let d = AssetData::from_asset(a);
        let names = |ids: &[String], table: &HashMap<&str, &str>| {
            ids.iter()
                .map(|id| table.get(id.as_str()).copied().unwrap_or(id))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let contact = d.contact.clone().unwrap_or_default();
        let eligibility = d.eligibility.clone().unwrap_or_default();
        let first = r.locations.first();
        let hours = r
            .opening_hours
            .iter()
            .map(|h| {
                let times = format!(
                    "{} {}–{}",
                    days_label(&h.days),
                    h.opens.map(|t| t.to_string()).unwrap_or_default(),
                    h.closes.map(|t| t.to_string()).unwrap_or_default()
                );
                match &h.note {
                    Some(note) => format!("{times} ({note})"),
                    None => times,
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let row: Vec<String> = vec![
            a.id.clone(),
            d.name.clone(),
            d.summary.clone(),
            d.organisation.clone().unwrap_or_default(),
            names(&d.needs, &need_names),
            names(&d.places, &place_names),
            r.locations
                .iter()
                .map(|l| {
                    [l.name.as_deref(), l.address.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect::<Vec<_>>()
                .join("; "),
            r.locations
                .iter()
                .filter_map(|l| l.postcode.clone())
                .collect::<Vec<_>>()
                .join("; "),
            first
                .and_then(|l| l.lat)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            first
                .and_then(|l| l.lon)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            contact.phone.unwrap_or_default(),
            contact.email.unwrap_or_default(),
            contact.website.unwrap_or_default(),
            hours,
            r.access
                .iter()
                .map(|a| a.label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join("; "),
            r.cost.map(|c| c.label().to_string()).unwrap_or_default(),
            d.cost_detail.clone().unwrap_or_default(),
            eligibility
                .min_age
                .map(|v| v.to_string())
                .unwrap_or_default(),
            eligibility
                .max_age
                .map(|v| v.to_string())
                .unwrap_or_default(),
            eligibility.who.unwrap_or_default(),
            d.languages
                .iter()
                .map(|code| language_name(code))
                .collect::<Vec<_>>()
                .join("; "),
            r.health_creation
                .iter()
                .map(|h| h.label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join("; "),
            r.status.label().to_string(),
            d.last_reviewed.clone(),
            model.site.address_of(&crate::addresses::asset(&a.id)),
            d.description.clone().unwrap_or_default(),
            d.referral.clone().unwrap_or_default(),
            d.tags.join("; "),
        ];
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.flush()
}

/// Spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a formula; a leading apostrophe
/// makes them show it as text instead (and is hidden by the spreadsheet).
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.parse::<f64>().is_ok() {
        return cell.into();
    }
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_spreadsheet_formulas() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+44 1632 960123"), "'+44 1632 960123");
        assert_eq!(spreadsheet_safe("Lunch club"), "Lunch club");
        assert_eq!(spreadsheet_safe(""), "");
        assert_eq!(
            spreadsheet_safe("-2.4148"),
            "-2.4148",
            "numbers stay numbers"
        );
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
    }
}
