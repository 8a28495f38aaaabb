//! Review: which records are due for a check, for `supportmap review`.
//!
//! Lists assets and pathways whose `last_reviewed` is older than the site's
//! `review_after_days` (or will be within the next DAYS days), oldest first, with the contact
//! details a team needs to work through the list. Each file is read on its own, so one broken
//! record does not hide the rest: records that cannot be read are counted, and `check` says why.

use crate::diagnostics::{terminal_safe, Diagnostics};
use crate::output::spreadsheet::spreadsheet_safe;
use crate::records::{AssetRecord, PathwayRecord, SiteRecord, Status};
use crate::source::{self, Kind};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One record due for a check.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Due {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub file: PathBuf,
    /// `None` when the record has no (readable) date: it has never been checked.
    pub last_reviewed: Option<NaiveDate>,
    /// The day it becomes out of date (the site then says "may be out of date").
    pub due: Option<NaiveDate>,
    pub organisation: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

pub(crate) struct ReviewList {
    pub today: NaiveDate,
    pub within: u32,
    pub review_after_days: u32,
    pub records: Vec<Due>,
    /// Files that could not be read as records at all.
    pub unreadable: usize,
}

/// Why the list could not be made.
#[derive(Debug)]
pub(crate) enum ReviewError {
    /// There are no records to read.
    NoContent(source::NoContent),
    /// The list could not be written as CSV.
    Csv(std::io::Error),
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::NoContent(err) => err.fmt(f),
            ReviewError::Csv(err) => write!(f, "cannot write the list as CSV: {err}"),
        }
    }
}

pub(crate) fn review(
    root: &Path,
    today: NaiveDate,
    within: u32,
) -> Result<ReviewList, ReviewError> {
    let mut diags = Diagnostics::default();
    let sources = source::load(root, &mut diags).map_err(ReviewError::NoContent)?;
    let mut review_after_days = 365;
    let mut records = Vec::new();
    let mut unreadable = 0;
    let horizon = today + chrono::Duration::days(i64::from(within));
    for s in &sources {
        if s.kind == Kind::Site {
            if let Some((site, _)) = crate::yaml::decode::<SiteRecord>(
                &s.yaml,
                &s.file,
                s.yaml_line_offset,
                &mut Diagnostics::default(),
            ) {
                review_after_days = site.review_after_days.filter(|&d| d > 0).unwrap_or(365);
            }
        }
    }
    let after = chrono::Duration::days(i64::from(review_after_days));
    for s in &sources {
        let mut scratch = Diagnostics::default();
        let entry = match s.kind {
            Kind::Asset => match crate::yaml::decode::<AssetRecord>(
                &s.yaml,
                &s.file,
                s.yaml_line_offset,
                &mut scratch,
            ) {
                Some((r, _)) if r.status == Status::Closed => None,
                Some((r, _)) => {
                    let contact = r.contact.clone().unwrap_or_default();
                    Some(Due {
                        kind: "asset",
                        id: s.id.clone(),
                        name: r.name.clone().unwrap_or_else(|| s.id.clone()),
                        file: s.file.clone(),
                        last_reviewed: r.last_reviewed.map(|d| d.0),
                        due: None,
                        organisation: r.organisation.clone(),
                        phone: contact.phone,
                        email: contact.email,
                        website: contact.website,
                    })
                }
                None => {
                    unreadable += 1;
                    None
                }
            },
            Kind::Pathway => match crate::yaml::decode::<PathwayRecord>(
                &s.yaml,
                &s.file,
                s.yaml_line_offset,
                &mut scratch,
            ) {
                Some((r, _)) => Some(Due {
                    kind: "pathway",
                    id: s.id.clone(),
                    name: r.title.clone().unwrap_or_else(|| s.id.clone()),
                    file: s.file.clone(),
                    last_reviewed: r.last_reviewed.map(|d| d.0),
                    due: None,
                    organisation: None,
                    phone: None,
                    email: None,
                    website: None,
                }),
                None => {
                    unreadable += 1;
                    None
                }
            },
            _ => None,
        };
        let Some(mut entry) = entry else { continue };
        entry.due = entry.last_reviewed.map(|d| d + after);
        // Overdue means more than review_after_days old, as on the published pages.
        if entry.due.is_none_or(|due| horizon > due) {
            records.push(entry);
        }
    }
    records.sort_by(|a, b| (a.last_reviewed, a.kind, &a.id).cmp(&(b.last_reviewed, b.kind, &b.id)));
    Ok(ReviewList {
        today,
        within,
        review_after_days,
        records,
        unreadable,
    })
}

impl Due {
    /// "312 days overdue", "due today", "due in 12 days" or "never checked".
    pub(crate) fn status(&self, today: NaiveDate) -> String {
        let Some(due) = self.due else {
            return "no last_reviewed date".to_string();
        };
        match (today - due).num_days() {
            d if d > 0 => format!("{d} day{} overdue", if d == 1 { "" } else { "s" }),
            0 => "due today".to_string(),
            d => format!("due in {} day{}", -d, if d == -1 { "" } else { "s" }),
        }
    }
}

/// The list for a terminal. Record text passes through `terminal_safe`: a name holding an
/// escape sequence is shown as codes, not run by the terminal.
pub(crate) fn to_text(list: &ReviewList) -> String {
    let mut out = String::new();
    let scope = if list.within == 0 {
        "out of date".to_string()
    } else {
        format!("out of date or due within {} days", list.within)
    };
    if list.records.is_empty() {
        out.push_str(&format!(
            "No records are {scope} on {} (records are checked every {} days).\n",
            list.today, list.review_after_days
        ));
    } else {
        let n = list.records.len();
        out.push_str(&format!(
            "{n} record{} {} {scope} on {}, oldest first (records are checked every {} days):\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            list.today,
            list.review_after_days
        ));
    }
    for r in &list.records {
        let checked = r.last_reviewed.map_or("never".to_string(), |d| {
            format!("{} ({d})", crate::model::date_label(d))
        });
        out.push_str(&format!(
            "\n{} ({} {})\n  file: {}\n  last checked: {checked}, {}\n",
            terminal_safe(&r.name),
            r.kind,
            r.id,
            terminal_safe(&r.file.display().to_string()),
            r.status(list.today)
        ));
        if let Some(org) = r.organisation.as_ref().filter(|o| **o != r.name) {
            out.push_str(&format!("  organisation: {}\n", terminal_safe(org)));
        }
        let contact: Vec<&str> = [&r.phone, &r.email, &r.website]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !contact.is_empty() {
            out.push_str(&format!(
                "  contact: {}\n",
                terminal_safe(&contact.join(" · "))
            ));
        }
    }
    if list.unreadable > 0 {
        out.push_str(&format!(
            "\n{} file{} could not be read as records; `supportmap check` says why.\n",
            list.unreadable,
            if list.unreadable == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The list as CSV, often printed to a terminal too, so its text is made `terminal_safe`, and
/// often opened in a spreadsheet, so no cell runs as a formula (`spreadsheet_safe`, as in
/// `/data/assets.csv`).
pub(crate) fn to_csv(list: &ReviewList) -> Result<String, ReviewError> {
    csv_text(list).map_err(ReviewError::Csv)
}

fn csv_text(list: &ReviewList) -> std::io::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "status",
        "due",
        "last_reviewed",
        "kind",
        "id",
        "name",
        "organisation",
        "phone",
        "email",
        "website",
        "file",
    ];
    writer.write_record(header)?;
    for r in &list.records {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let file = r.file.display().to_string();
        let (status, due, last) = (r.status(list.today), date(r.due), date(r.last_reviewed));
        let fields = [
            status.as_str(),
            &due,
            &last,
            r.kind,
            &r.id,
            &r.name,
            r.organisation.as_deref().unwrap_or(""),
            r.phone.as_deref().unwrap_or(""),
            r.email.as_deref().unwrap_or(""),
            r.website.as_deref().unwrap_or(""),
            &file,
        ];
        writer.write_record(fields.map(|f| spreadsheet_safe(&terminal_safe(f)).into_owned()))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    // Every cell was a `str`, so the bytes are UTF-8.
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
