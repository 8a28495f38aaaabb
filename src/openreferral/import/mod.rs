//! `supportmap import openreferral`: turns Open Referral data into Support Map records.
//!
//! Input is JSON as an ORUK API gives it (a page of services with `contents`, single fully nested
//! services, lists of services, or a folder of such files, as `/data/openreferral/` holds) or an
//! HSDS CSV data package (`datapackage.json` beside `services.csv`, `organizations.csv`...).
//! Services become `assets/<id>.yaml`, taxonomy terms become needs, service areas (or the towns
//! of locations) become places. See `docs/openreferral.md` for the mapping.
//!
//! The import is all or nothing: every service is converted in memory first, and a problem in
//! any of them (invalid JSON, a wrong shape, a missing name) stops it before anything is written,
//! unless `--keep-going` skips the records in error. Existing files are never replaced without
//! `--overwrite`. The records written are checked with the same rules as `supportmap check`.
//!
//! Hostile or careless input cannot make the import write what `check` refuses: control
//! characters and bidirectional overrides are stripped (with a warning naming the field), a
//! service whose record `check` would refuse (over 1 MB, say) is reported and skipped, and an
//! input file over `MAX_INPUT_BYTES` is refused before it is read.
//!
//! The stages, one module each: `read` (JSON) and `tabular` (CSV data packages) give raw
//! services; `convert` turns each into a draft record; `plan` gives the drafts ids, resolves
//! their needs and places (`resolve`) and lays out the files; `write` puts them in place;
//! `report` sums up what was not imported. Nothing here prints: `run` returns the summary and
//! the errors `check` finds in the site written into, and `cli` prints them.

mod convert;
mod messages;
mod plan;
mod read;
mod rec;
mod report;
mod resolve;
mod tabular;
mod write;

use crate::diagnostics::{plural, Diagnostic, Diagnostics, Pos, Severity};
use crate::pipeline::Failure;
use chrono::NaiveDate;
use convert::{convert, TermRegistry};
use messages::Messages;
use plan::{plan, Existing, Plan};
use read::{read_source, strip_unsafe_text, Input, RawService};
use rec::{Problem, Rec};
use report::Report;
use std::path::{Path, PathBuf};

pub(crate) struct Options {
    /// A JSON file, a folder of JSON files, or a CSV data package (its folder, datapackage.json or services.csv).
    pub source: PathBuf,
    /// The content folder to write into (or a site folder holding `content/`).
    pub into: PathBuf,
    pub overwrite: bool,
    pub keep_going: bool,
    pub today: NaiveDate,
}

/// What an import did, for `cli` to print.
pub(crate) struct Imported {
    /// What was imported and what was not, what `check` says of the site now, and the time.
    pub summary: String,
    /// The errors `check` finds in the site with the new records (the summary says they are
    /// listed above it), their files relative to the site folder.
    pub problems: Vec<Diagnostic>,
}

pub(crate) fn run(options: &Options, diags: &mut Diagnostics) -> Result<Imported, Failure> {
    let started = std::time::Instant::now();
    let input = read_source(&options.source, diags, options.keep_going)?;
    if input.services.is_empty() {
        if diags.has_errors() {
            return Err(Failure::Content);
        }
        return Err(Failure::Io(format!(
            "no Open Referral services found in {}",
            options.source.display()
        )));
    }
    let mut messages = Messages::new(diags, options.keep_going);
    let imported = import(input, options, &mut messages);
    messages.finish();
    let mut imported = imported?;
    let took = format!(" in {:.2} s", started.elapsed().as_secs_f64());
    imported.summary.push_str(&took);
    Ok(imported)
}

/// Converts, plans and writes: the summary, up to the time taken.
fn import(input: Input, options: &Options, messages: &mut Messages) -> Result<Imported, Failure> {
    let (root, content) = site_folders(&options.into);
    let Input {
        services,
        terms,
        notes,
        site,
    } = input;
    let mut services = read::merge(services, messages);
    strip_unsafe_text(&mut services, messages);
    let registry = TermRegistry::new(&services, &terms);
    let progress = ClearOnDrop(progress_bar(services.len() as u64));
    let mut report = Report {
        notes,
        ..Report::default()
    };
    let drafts = convert_all(
        &services,
        &registry,
        options,
        &mut report,
        &progress,
        messages,
    )?;
    let existing = Existing::read(&content);
    let plan = plan(
        drafts,
        &registry,
        &existing,
        site.as_ref(),
        &content,
        options.today,
        &mut report,
    )?;
    for (order, problems) in &plan.skipped {
        messages.problems(&services[*order], problems);
    }
    if messages.diags.has_errors() {
        return Err(Failure::Content);
    }
    if plan.assets == 0 {
        return Err(Failure::Io("no service could be imported".to_string()));
    }
    refuse_replacing(&plan, &root, options.overwrite, messages.diags)?;
    progress.set_length(services.len() as u64 + plan.writes.len() as u64);
    write::write_all(&plan, &root, &progress)?;
    drop(progress);

    let mut summary = report.lines(&plan);
    let (checked, problems) = check_written(&root, options.today);
    summary.push(checked);
    summary.push(format!(
        "Imported {} asset{}, {} new place{} and {} new need{} into {}",
        plan.assets,
        plural(plan.assets),
        plan.new_places,
        plural(plan.new_places),
        plan.new_needs,
        plural(plan.new_needs),
        content.display(),
    ));
    Ok(Imported {
        summary: summary.join("\n"),
        problems,
    })
}

/// Converts every service, reporting the notes of each; none is kept when any is in error
/// (unless `--keep-going`, which turns the errors into warnings and skips those services).
fn convert_all(
    services: &[RawService],
    registry: &TermRegistry,
    options: &Options,
    report: &mut Report,
    progress: &indicatif::ProgressBar,
    messages: &mut Messages,
) -> Result<Vec<convert::Draft>, Failure> {
    let mut drafts = Vec::new();
    for (order, raw) in services.iter().enumerate() {
        progress.inc(1);
        let Some(map) = raw.value.as_object() else {
            messages.problems(
                raw,
                &[Problem::new(
                    "",
                    "a service should be an object with fields such as \"name\"",
                )],
            );
            continue;
        };
        let rec = Rec {
            map,
            path: String::new(),
        };
        match convert(&rec, registry, options.today, report) {
            Ok(mut draft) => {
                draft.order = order;
                for note in &draft.notes {
                    messages.warn(raw, Some(&draft.asset.name), note);
                }
                drafts.push(draft);
            }
            Err(problems) => messages.problems(raw, &problems),
        }
    }
    if messages.diags.has_errors() {
        return Err(Failure::Content);
    }
    if drafts.is_empty() {
        return Err(Failure::Io("no service could be imported".to_string()));
    }
    Ok(drafts)
}

/// Existing records are replaced only with `--overwrite`: without it, each is named and
/// nothing is written.
fn refuse_replacing(
    plan: &Plan,
    root: &Path,
    overwrite: bool,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    if plan.replaces.is_empty() || overwrite {
        return Ok(());
    }
    for path in &plan.replaces {
        diags
            .error(
                &display(root, path),
                Pos::START,
                "already exists: the import would replace it",
            )
            .help("pass --overwrite to replace existing records, or import into an empty folder");
    }
    Err(Failure::Io(format!(
        "nothing was imported: {} file{} already exist",
        plan.replaces.len(),
        plural(plan.replaces.len())
    )))
}

/// Loads the site as `supportmap check` does: one line for the summary, and the errors (if
/// any) that it says are printed above it.
fn check_written(root: &Path, today: NaiveDate) -> (String, Vec<Diagnostic>) {
    let mut check = Diagnostics::default();
    match crate::pipeline::load(root, today, &mut check) {
        Ok(Some(_)) => {
            let warnings = check.count(Severity::Warning);
            let line = if warnings > 0 {
                format!(
                    "supportmap check: no errors, {warnings} warning{} (run supportmap check --root {} to see them)",
                    plural(warnings),
                    root.display()
                )
            } else {
                "supportmap check: no errors".to_string()
            };
            (line, Vec::new())
        }
        _ => {
            let errors = (check.sorted().into_iter())
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            let line = format!(
                "supportmap check found problems in {} (listed above): fix them before building",
                root.display()
            );
            (line, errors)
        }
    }
}

/// `--into content/` is the content folder; any other folder is a site folder holding `content/`.
fn site_folders(into: &Path) -> (PathBuf, PathBuf) {
    if into.file_name().is_some_and(|n| n == "content") {
        let root = into
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        (root, into.to_path_buf())
    } else {
        (into.to_path_buf(), into.join("content"))
    }
}

pub(crate) fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The progress bar goes away however the import ends, before messages are printed.
struct ClearOnDrop(indicatif::ProgressBar);

impl std::ops::Deref for ClearOnDrop {
    type Target = indicatif::ProgressBar;
    fn deref(&self) -> &indicatif::ProgressBar {
        &self.0
    }
}

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if len < 200 {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template("Importing {bar:40} {percent}%")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(len).with_style(style)
}
