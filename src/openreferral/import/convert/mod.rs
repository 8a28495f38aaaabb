//! Converting one service into a draft record: the fields of an HSDS service (and of its
//! organisation, locations, schedules and taxonomy terms) mapped onto a Support Map asset, each
//! section in its own module. Values that do not fit are left out with a note naming the field;
//! values of the wrong kind are problems that stop the service.

mod contact;
mod details;
mod locations;
mod schedules;
mod taxonomy;
mod text;

pub(crate) use taxonomy::TermRegistry;

use super::read::id_text;
use super::rec::{Problem, Problems, Rec};
use super::report::Report;
use super::resolve::{id_from, stable_id};
use crate::fields::is_uuid;
use crate::opendata::AssetData;
use crate::openreferral::ASSET_ID_FIELD;
use crate::source::is_valid_id;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// The date given to records without `assured_date` or `last_modified`: old enough that the
/// site flags them as possibly out of date until an editor checks them.
pub(crate) const UNKNOWN_REVIEW_DATE: &str = "2000-01-01";

/// Service fields with no place in a Support Map record, reported when the input has them.
const UNMAPPED_FIELDS: &[&str] = &[
    "interpretation_services",
    "wait_time",
    "fees",
    "accreditations",
    "licenses",
    "alert",
    "assurer_email",
    "funding",
    "program",
    "required_documents",
    "metadata",
];

/// A need or place a service refers to, before ids are given out.
#[derive(Debug, Clone)]
pub(crate) struct Ref {
    /// The term's code; used as the id when `own`.
    pub(crate) code: Option<String>,
    /// The code is a Support Map id (our own export, or the fallback need).
    pub(crate) own: bool,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) parent: Option<String>,
}

impl Ref {
    /// A need or place known only by its name (a service area, a town).
    pub(crate) fn named(name: String) -> Ref {
        Ref {
            code: None,
            own: false,
            name,
            description: None,
            parent: None,
        }
    }
}

/// A service converted, waiting for ids for itself and its needs and places.
pub(crate) struct Draft {
    /// Where the service came in the input, to name it in messages.
    pub(crate) order: usize,
    /// The id the asset should have, if no other asset has it.
    pub(crate) id: String,
    /// `id` is the asset's own id, carried by our export (`ASSET_ID_FIELD`): it is kept ahead
    /// of ids made from names.
    pub(crate) carried: bool,
    pub(crate) asset: AssetData,
    pub(crate) needs: Vec<Ref>,
    pub(crate) places: Vec<Ref>,
    /// What was left out or changed, for warnings.
    pub(crate) notes: Vec<String>,
}

pub(crate) fn convert(
    svc: &Rec,
    registry: &TermRegistry,
    today: NaiveDate,
    report: &mut Report,
) -> Result<Draft, Vec<Problem>> {
    let mut p = Problems::default();
    let mut notes = Vec::new();
    let name = service_name(svc, &mut p);
    let description_text = p.take(svc.text("description"));
    let organization = p.take(svc.object("organization"));
    let organisation = organization
        .as_ref()
        .map(|o| p.take(o.text("name")))
        .unwrap_or_default();
    let contacts = p.take(svc.list("contacts"));
    let sals = p.take(svc.list("service_at_locations"));
    let located: Vec<Rec> = sals
        .iter()
        .filter_map(|sal| p.take(sal.object("location")))
        .collect();
    let contact = contact::contact(
        svc,
        &contacts,
        &located,
        organization.as_ref(),
        &mut p,
        &mut notes,
    );
    let (locations, towns) = locations::locations(&located, &mut p, &mut notes);
    let opening_hours = schedules::opening_hours(svc, &sals, &located, &mut p, &mut notes);
    let mut terms = taxonomy::classify(svc, registry, &towns, &mut p, &mut notes, report);
    if let Some(alternate) = p.take(svc.text("alternate_name")) {
        terms.tags.push(alternate);
    }
    let (cost, cost_detail) = details::cost(svc, &mut p);
    let eligibility = details::eligibility(svc, &mut p, &mut notes);
    let languages = details::languages(svc, &mut p, &mut notes);
    let last_reviewed = review_date(svc, today, &mut p, &mut notes, report);
    let status = status(svc, &mut p, &mut notes);
    let referral = p.take(svc.text("application_process"));
    count_unmapped(svc, &contacts, report);
    if !p.0.is_empty() {
        return Err(p.0);
    }
    let name = name.unwrap_or_default();
    let (summary, description) = match description_text
        .as_deref()
        .and_then(text::split_description)
    {
        Some(split) => split,
        None => {
            report.no_summary += 1;
            (format!("{}.", name.trim_end_matches('.')), None)
        }
    };
    let mut seen_tags = BTreeSet::new();
    terms
        .tags
        .retain(|t: &String| seen_tags.insert(t.to_lowercase()));
    let asset = AssetData {
        name,
        summary,
        description,
        organisation,
        needs: Vec::new(),
        places: Vec::new(),
        locations,
        contact,
        opening_hours,
        access: terms.access,
        referral,
        cost: cost.map(|c| c.id().to_string()),
        cost_detail,
        eligibility,
        languages,
        health_creation: terms.health_creation,
        last_reviewed: last_reviewed.to_string(),
        status,
        tags: terms.tags,
        openreferral_id: svc.map.get("id").and_then(id_text).filter(|id| is_uuid(id)),
    };
    let (id, carried) = match carried_id(svc, &mut notes) {
        Some(id) => (id, true),
        None => (asset_id(svc, &asset.name, &mut notes), false),
    };
    Ok(Draft {
        order: 0,
        id,
        carried,
        asset,
        needs: terms.needs,
        places: terms.places,
        notes,
    })
}

/// The asset's own id, when the service carries one (our export does) and it is a valid id.
fn carried_id(svc: &Rec, notes: &mut Vec<String>) -> Option<String> {
    let carried = svc.map.get(ASSET_ID_FIELD).and_then(id_text)?;
    if is_valid_id(&carried) {
        return Some(carried);
    }
    notes.push(format!(
        "{ASSET_ID_FIELD} \"{carried}\" is not a valid id; the id was made from the name"
    ));
    None
}

/// The asset's id from its name; from the input's id when the name has no letters or digits.
fn asset_id(svc: &Rec, name: &str, notes: &mut Vec<String>) -> String {
    let id = id_from(name);
    if !id.is_empty() {
        return id;
    }
    let source = svc.map.get("id").and_then(id_text).unwrap_or_default();
    let (id, from) = match id_from(&source) {
        id if id.is_empty() => (stable_id(name), String::new()),
        id if id == source => (id, " from the input".to_string()),
        id => (id, format!(" (from the input's id \"{source}\")")),
    };
    notes.push(format!(
        "the name has no letters or digits for an id; the id {id}{from} was used"
    ));
    id
}

/// Every service needs a name: a missing or empty one is a problem.
fn service_name(svc: &Rec, p: &mut Problems) -> Option<String> {
    let name = p.take(svc.text("name"));
    if name.is_none() && !svc.map.contains_key("name") {
        p.0.push(Problem::new(
            "name",
            "is missing: every service needs a name",
        ));
    } else if name.is_none() && p.0.is_empty() {
        p.0.push(Problem::new("name", "is empty: every service needs a name"));
    }
    name
}

/// `last_reviewed`: the service's `assured_date`, else `last_modified`, else a date old enough
/// that the site flags the record as possibly out of date.
fn review_date(
    svc: &Rec,
    today: NaiveDate,
    p: &mut Problems,
    notes: &mut Vec<String>,
    report: &mut Report,
) -> NaiveDate {
    let assured = p.take(svc.text("assured_date"));
    let modified = p.take(svc.text("last_modified"));
    let mut reviewed = None;
    for (field, text) in [("assured_date", &assured), ("last_modified", &modified)] {
        let Some(text) = text else { continue };
        match read_date(text) {
            Some(Written::Iso(date)) => reviewed = reviewed.or(Some(date)),
            Some(Written::DayFirst(date)) => {
                notes.push(format!(
                    "{field} \"{text}\" was read as {date} (day/month/year)"
                ));
                reviewed = reviewed.or(Some(date));
            }
            None => {}
        }
        if reviewed.is_some() {
            break;
        }
    }
    if let Some(bad) = assured.as_ref().filter(|_| reviewed.is_none()) {
        notes.push(format!(
            "assured_date \"{bad}\" is not a date written YYYY-MM-DD"
        ));
    }
    match reviewed {
        Some(date) if date > today => {
            notes.push(format!(
                "assured_date {date} is in the future; today's date was used"
            ));
            today
        }
        Some(date) => date,
        None => {
            report.no_review_date += 1;
            NaiveDate::parse_from_str(UNKNOWN_REVIEW_DATE, "%Y-%m-%d").expect("valid date")
        }
    }
}

/// How a date was written.
#[derive(Debug, PartialEq)]
enum Written {
    /// `2024-12-31`, perhaps with a time after it, as HSDS asks.
    Iso(NaiveDate),
    /// `31/12/2024`, as people in the UK write dates.
    DayFirst(NaiveDate),
}

fn read_date(text: &str) -> Option<Written> {
    if let Some(date) = text
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        return Some(Written::Iso(date));
    }
    ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text.trim(), format).ok())
        .filter(|d| d.year() >= 1900)
        .map(Written::DayFirst)
}

/// HSDS `status` as ours: active (no status), paused or closed.
fn status(svc: &Rec, p: &mut Problems, notes: &mut Vec<String>) -> Option<String> {
    match p.take(svc.text("status")).map(|s| s.to_ascii_lowercase()) {
        None => None,
        Some(s) if s == "active" => None,
        Some(s) if s == "temporarily closed" || s == "temporarily_closed" => {
            Some("paused".to_string())
        }
        Some(s) if s == "inactive" || s == "defunct" => Some("closed".to_string()),
        Some(other) => {
            notes.push(format!("status \"{other}\" is not one of active, inactive, defunct, temporarily closed; imported as active"));
            None
        }
    }
}

fn count_unmapped(svc: &Rec, contacts: &[Rec], report: &mut Report) {
    for field in UNMAPPED_FIELDS {
        if svc.has(field) {
            *report.unmapped.entry((*field).to_string()).or_default() += 1;
        }
    }
    if contacts.iter().any(|c| c.has("name") || c.has("title")) {
        *report
            .unmapped
            .entry("contacts (named people)".to_string())
            .or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_written() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            read_date("2024-12-31"),
            Some(Written::Iso(date(2024, 12, 31)))
        );
        assert_eq!(
            read_date("2024-12-31T10:00:00Z"),
            Some(Written::Iso(date(2024, 12, 31)))
        );
        assert_eq!(
            read_date("31/12/2024"),
            Some(Written::DayFirst(date(2024, 12, 31)))
        );
        assert_eq!(
            read_date("01.02.2024"),
            Some(Written::DayFirst(date(2024, 2, 1)))
        );
        assert_eq!(read_date("12/31/2024"), None);
        assert_eq!(read_date("last week"), None);
    }
}
