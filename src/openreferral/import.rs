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

use super::tabular;
use super::{
    day_from_code, schedule_description, vocabulary_named, Vocabulary, ACCESS, HEALTH_CREATION,
    NEEDS, PLACES, TAGS,
};
use crate::diagnostics::{is_unsafe_char, Diagnostics, Pos, Severity};
use crate::fields::{is_email, is_language_tag, is_web_address, language_name, phone_digits};
use crate::opendata::{
    AssetData, ContactData, EligibilityData, HoursData, LocationData, NeedData, PlaceData,
};
use crate::pipeline::Failure;
use crate::records::{Access, Cost, Day, HealthCreation};
use crate::source::{is_valid_id, slugify};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

pub struct Options {
    /// A JSON file, a folder of JSON files, or a CSV data package (its folder, datapackage.json or services.csv).
    pub source: PathBuf,
    /// The content folder to write into (or a site folder holding `content/`).
    pub into: PathBuf,
    pub overwrite: bool,
    pub keep_going: bool,
    pub today: NaiveDate,
}

/// One service as read from the input, with where it came from for messages.
pub(super) struct RawService {
    pub file: PathBuf,
    /// Where in the file: `contents[3]`, `line 12`, or empty for a file that is one service.
    pub label: String,
    pub pos: Pos,
    pub value: Value,
}

/// Everything read from the input.
#[derive(Default)]
pub(super) struct Input {
    pub services: Vec<RawService>,
    /// Taxonomy terms listed on their own (`taxonomy_terms.json`), to find parents of places.
    pub terms: Vec<Value>,
    pub notes: Vec<String>,
}

/// The largest input file read. An input is held in memory whole, and its longest texts are
/// copied a few times on the way to a record (a 60 MB file with one huge description peaked at
/// 720 MB), so this bounds memory; a larger export can be saved as pages, one file each, in a
/// folder.
pub(super) const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// Refuses an input file over `MAX_INPUT_BYTES`, before reading it.
pub(super) fn check_input_size(path: &Path) -> Result<(), Failure> {
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_INPUT_BYTES {
        return Err(Failure::Io(format!(
            "{} is too large to import ({} MB; the limit is {} MB): save the services as several smaller files (an API's pages, say) in one folder and import the folder",
            path.display(),
            len.div_ceil(1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// The date given to records without `assured_date` or `last_modified`: old enough that the
/// site flags them as possibly out of date until an editor checks them.
const UNKNOWN_REVIEW_DATE: &str = "2000-01-01";

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

pub fn run(options: &Options, diags: &mut Diagnostics) -> Result<String, Failure> {
    let started = std::time::Instant::now();
    let (root, content) = site_folders(&options.into);
    let Input {
        services,
        terms,
        notes,
    } = read_source(&options.source, diags, options.keep_going)?;
    if services.is_empty() {
        if diags.has_errors() {
            return Err(Failure::Content);
        }
        return Err(Failure::Io(format!(
            "no Open Referral services found in {}",
            options.source.display()
        )));
    }
    let mut services = merge(services, diags);
    strip_unsafe_text(&mut services, diags);
    let registry = TermRegistry::new(&services, &terms);
    let progress = ClearOnDrop(progress_bar(services.len() as u64));
    let mut drafts = Vec::new();
    let mut report = Report {
        notes,
        ..Report::default()
    };
    for (order, raw) in services.iter().enumerate() {
        progress.inc(1);
        let Some(map) = raw.value.as_object() else {
            problem(
                diags,
                options.keep_going,
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
        match convert(&rec, &registry, options.today, &mut report) {
            Ok(mut draft) => {
                draft.order = order;
                for note in &draft.notes {
                    diags.warning(
                        &raw.file,
                        raw.pos,
                        format!("{}: {note}", describe(raw, Some(&draft.asset.name))),
                    );
                }
                drafts.push(draft);
            }
            Err(problems) => problem(diags, options.keep_going, raw, &problems),
        }
    }
    if diags.has_errors() {
        return Err(Failure::Content);
    }
    if drafts.is_empty() {
        return Err(Failure::Io("no service could be imported".to_string()));
    }

    let existing = Existing::read(&content);
    let plan = plan(
        drafts,
        &registry,
        &existing,
        &content,
        options.today,
        &mut report,
    )?;
    for (order, problems) in &plan.skipped {
        problem(diags, options.keep_going, &services[*order], problems);
    }
    if diags.has_errors() {
        return Err(Failure::Content);
    }
    if plan.assets == 0 {
        return Err(Failure::Io("no service could be imported".to_string()));
    }
    let conflicts: Vec<&PathBuf> = plan.replaces.iter().collect();
    if !conflicts.is_empty() && !options.overwrite {
        for path in &conflicts {
            diags
                .error(
                    &display(&root, path),
                    Pos::START,
                    "already exists: the import would replace it",
                )
                .help(
                    "pass --overwrite to replace existing records, or import into an empty folder",
                );
        }
        return Err(Failure::Io(format!(
            "nothing was imported: {} file{} already exist",
            conflicts.len(),
            if conflicts.len() == 1 { "" } else { "s" }
        )));
    }
    progress.set_length(services.len() as u64 + plan.writes.len() as u64);
    write_all(&plan, &root, &progress)?;
    drop(progress);

    let mut summary = report.lines(&plan);
    let mut check = Diagnostics::default();
    match crate::pipeline::load(&root, options.today, &mut check) {
        Ok(Some(_)) => {
            let warnings = check.count(Severity::Warning);
            if warnings > 0 {
                summary.push(format!(
                    "supportmap check: no errors, {warnings} warning{} (run supportmap check --root {} to see them)",
                    if warnings == 1 { "" } else { "s" },
                    root.display()
                ));
            } else {
                summary.push("supportmap check: no errors".to_string());
            }
        }
        _ => {
            for d in check
                .sorted()
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
            {
                eprintln!("{d}");
            }
            summary.push(format!(
                "supportmap check found problems in {} (listed above): fix them before building",
                root.display()
            ));
        }
    }
    summary.push(format!(
        "Imported {} asset{}, {} new place{} and {} new need{} into {} in {:.2} s",
        plan.assets,
        if plan.assets == 1 { "" } else { "s" },
        plan.new_places,
        if plan.new_places == 1 { "" } else { "s" },
        plan.new_needs,
        if plan.new_needs == 1 { "" } else { "s" },
        content.display(),
        started.elapsed().as_secs_f64()
    ));
    Ok(summary.join("\n"))
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

fn display(root: &Path, path: &Path) -> PathBuf {
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

/// How a service is named in messages: `service "Lunch club" (contents[3], id 5c1...)`.
fn describe(raw: &RawService, name: Option<&str>) -> String {
    let id = raw.value.get("id").and_then(Value::as_str);
    let name = name.map(str::to_string).or_else(|| {
        raw.value
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let mut place = Vec::new();
    if !raw.label.is_empty() {
        place.push(raw.label.clone());
    }
    if let Some(id) = id {
        place.push(format!("id {id}"));
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" ({})", place.join(", "))
    };
    match name {
        Some(name) => format!("service \"{name}\"{place}"),
        None => format!("service{place}"),
    }
}

fn problem(diags: &mut Diagnostics, keep_going: bool, raw: &RawService, problems: &[Problem]) {
    for p in problems {
        let field = if p.field.is_empty() {
            String::new()
        } else {
            format!("\"{}\" ", p.field)
        };
        let message = format!("{}: {field}{}", describe(raw, None), p.message);
        if keep_going {
            diags.warning(
                &raw.file,
                raw.pos,
                format!("{message}; the service was skipped (--keep-going)"),
            );
        } else {
            diags.error(&raw.file, raw.pos, message).help(
                "fix the input, or pass --keep-going to import the other services without this one",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the input

fn read_source(source: &Path, diags: &mut Diagnostics, keep_going: bool) -> Result<Input, Failure> {
    if !source.exists() {
        return Err(Failure::Io(format!("{} does not exist", source.display())));
    }
    if source.is_dir() {
        if source.join("datapackage.json").is_file() || source.join("services.csv").is_file() {
            return tabular::read(source, diags);
        }
        let mut input = Input::default();
        let mut found = false;
        for entry in walkdir::WalkDir::new(source)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry =
                entry.map_err(|e| Failure::Io(format!("cannot read {}: {e}", source.display())))?;
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.depth() > 0 && name.starts_with('.')
                || !entry.file_type().is_file()
                || !name.to_ascii_lowercase().ends_with(".json")
            {
                continue;
            }
            found = true;
            read_json_file(entry.path(), &mut input, diags, keep_going)?;
        }
        if !found {
            return Err(Failure::Io(format!(
                "no Open Referral files in {}: expected .json files (services.json, services/<id>.json) or a CSV data package (datapackage.json and services.csv)",
                source.display()
            )));
        }
        return Ok(input);
    }
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let folder = source
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if name == "datapackage.json" || name.ends_with(".csv") {
        return tabular::read(folder, diags);
    }
    let mut input = Input::default();
    read_json_file(source, &mut input, diags, keep_going)?;
    Ok(input)
}

/// Files of an ORUK API copy that do not hold services.
const NOT_SERVICES: &[&str] = &[
    "taxonomies.json",
    "organizations.json",
    "locations.json",
    "service_at_locations.json",
    "datapackage.json",
    "index.json",
];

fn read_json_file(
    path: &Path,
    input: &mut Input,
    diags: &mut Diagnostics,
    keep_going: bool,
) -> Result<(), Failure> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if NOT_SERVICES.contains(&name.as_str()) {
        return Ok(());
    }
    check_input_size(path)?;
    let bytes =
        fs::read(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(bytes);
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            let pos = Pos::new(e.line().max(1), e.column().max(1));
            if keep_going {
                diags.warning(
                    path,
                    pos,
                    format!("invalid JSON: {message}; the file was skipped (--keep-going)"),
                );
            } else {
                diags
                    .error(path, pos, format!("invalid JSON: {message}"))
                    .help("the file must be JSON as an Open Referral API returns it");
            }
            return Ok(());
        }
    };
    if name == "taxonomy_terms.json" {
        let items = match &value {
            Value::Object(map) => map
                .get("contents")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            Value::Array(items) => items.clone(),
            _ => Vec::new(),
        };
        input.terms.extend(items);
        return Ok(());
    }
    let mut locator = Locator::new(&text);
    let mut push = |label: String, item: Value, input: &mut Input| {
        let pos = item
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| locator.find(id))
            .unwrap_or(Pos::START);
        input.services.push(RawService {
            file: path.to_path_buf(),
            label,
            pos,
            value: item,
        });
    };
    match value {
        Value::Object(mut map) if map.contains_key("contents") => {
            let Some(Value::Array(items)) = map.remove("contents") else {
                shape_error(diags, keep_going, path, "\"contents\" should be a list of services");
                return Ok(());
            };
            let (page, pages) = (map.get("page_number").and_then(Value::as_u64), map.get("total_pages").and_then(Value::as_u64));
            if let (Some(page), Some(pages)) = (page, pages) {
                if pages > 1 {
                    input.notes.push(format!(
                        "{} is page {page} of {pages}: only its services were imported; save every page as a file in one folder and import the folder",
                        path.display()
                    ));
                }
            }
            for (i, item) in items.into_iter().enumerate() {
                push(format!("contents[{i}]"), item, input);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                push(format!("[{i}]"), item, input);
            }
        }
        Value::Object(map) if map.contains_key("name") || map.contains_key("id") => push(String::new(), Value::Object(map), input),
        _ => shape_error(
            diags,
            keep_going,
            path,
            "not Open Referral services: expected a service (an object with \"id\" and \"name\"), a list of services, or a page of services with \"contents\"",
        ),
    }
    Ok(())
}

fn shape_error(diags: &mut Diagnostics, keep_going: bool, path: &Path, message: &str) {
    if keep_going {
        diags.warning(
            path,
            Pos::START,
            format!("{message}; the file was skipped (--keep-going)"),
        );
    } else {
        diags.error(path, Pos::START, message).help("give the services.json of an Open Referral API, a services/<id>.json, or a folder of them");
    }
}

/// Finds where each service starts in the file, for messages: the first occurrence of its id
/// after the previous service. Lines are counted as it goes, so a large page is read once.
struct Locator<'t> {
    text: &'t str,
    from: usize,
    line: usize,
    /// Characters between the start of the line and `from`.
    col: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        Locator {
            text,
            from: 0,
            line: 1,
            col: 0,
        }
    }

    fn find(&mut self, id: &str) -> Option<Pos> {
        let needle = serde_json::to_string(id).ok()?;
        let at = self.from + self.text.get(self.from..)?.find(&needle)?;
        let skipped = &self.text[self.from..at];
        match skipped.rfind('\n') {
            Some(last) => {
                self.line += skipped.matches('\n').count();
                self.col = skipped[last + 1..].chars().count();
            }
            None => self.col += skipped.chars().count(),
        }
        let pos = Pos::new(self.line, self.col + 1);
        self.from = at + needle.len();
        self.col += needle.chars().count();
        Some(pos)
    }
}

fn is_full(value: &Value) -> bool {
    [
        "attributes",
        "schedules",
        "service_at_locations",
        "phones",
        "languages",
        "service_areas",
        "cost_options",
    ]
    .iter()
    .any(|k| value.get(k).is_some())
}

/// A folder can hold the same service twice: in the page of `services.json` (one-to-one fields
/// only) and in `services/<id>.json` (fully nested). The fullest copy is kept.
fn merge(services: Vec<RawService>, diags: &mut Diagnostics) -> Vec<RawService> {
    let mut out: Vec<RawService> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for raw in services {
        let Some(id) = raw.value.get("id").and_then(id_text) else {
            out.push(raw);
            continue;
        };
        match by_id.get(&id) {
            None => {
                by_id.insert(id, out.len());
                out.push(raw);
            }
            Some(&i) => {
                if !is_full(&out[i].value) && is_full(&raw.value) {
                    out[i] = raw;
                } else if is_full(&out[i].value) && is_full(&raw.value) && out[i].value != raw.value
                {
                    diags.warning(
                        &raw.file,
                        raw.pos,
                        format!(
                            "{}: the same id is also in {}; that one was imported",
                            describe(&raw, None),
                            out[i].file.display()
                        ),
                    );
                }
            }
        }
    }
    out
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading fields

/// Removes from every text of every service the characters `check` refuses (see
/// `is_unsafe_char`), warning about each service with the fields that had them. Windows line
/// endings become plain newlines without a word.
fn strip_unsafe_text(services: &mut [RawService], diags: &mut Diagnostics) {
    for raw in services {
        let mut fields = Vec::new();
        strip_unsafe(&mut raw.value, &mut Vec::new(), &mut fields);
        if fields.is_empty() {
            continue;
        }
        diags
            .warning(
                &raw.file,
                raw.pos,
                format!(
                    "{}: removed control characters or bidirectional overrides from {}",
                    describe(raw, None),
                    fields.join(", ")
                ),
            )
            .help("check that the imported text reads as intended: these characters are invisible, and supportmap check refuses them");
    }
}

fn strip_unsafe(value: &mut Value, path: &mut Vec<String>, fields: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            if text.contains('\r') {
                *text = text.replace("\r\n", "\n");
            }
            if text.chars().any(is_unsafe_char) {
                text.retain(|c| !is_unsafe_char(c));
                fields.push(format!("\"{}\"", path.concat()));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(format!("[{i}]"));
                strip_unsafe(item, path, fields);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                path.push(if path.is_empty() {
                    key.clone()
                } else {
                    format!(".{key}")
                });
                strip_unsafe(item, path, fields);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
struct Problem {
    field: String,
    message: String,
}

impl Problem {
    fn new(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn take<T: Default>(&mut self, result: Result<T, Problem>) -> T {
        result.unwrap_or_else(|p| {
            self.0.push(p);
            T::default()
        })
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An object of the input and its path from the service, for messages.
#[derive(Clone)]
struct Rec<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Rec<'a> {
    fn at(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    fn has(&self, field: &str) -> bool {
        match self.map.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(_) => true,
        }
    }

    /// Trimmed text; numbers are accepted as text. Empty text is no value.
    fn text(&self, field: &str) -> Result<Option<String>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                Ok(Some(s.replace("\r\n", "\n").trim().to_string()).filter(|s| !s.is_empty()))
            }
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be text, not {}", kind_of(other)),
            )),
        }
    }

    /// A number, or text holding one (CSV cells are text).
    fn number(&self, field: &str) -> Result<Option<f64>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                Problem::new(&self.at(field), format!("should be a number, not \"{s}\""))
            }),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be a number, not {}", kind_of(other)),
            )),
        }
    }

    fn list(&self, field: &str) -> Result<Vec<Rec<'a>>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Object(map) => Ok(Rec {
                        map,
                        path: format!("{}[{i}]", self.at(field)),
                    }),
                    other => Err(Problem::new(
                        &format!("{}[{i}]", self.at(field)),
                        format!("should be an object, not {}", kind_of(other)),
                    )),
                })
                .collect(),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be a list, not {}", kind_of(other)),
            )),
        }
    }

    fn object(&self, field: &str) -> Result<Option<Rec<'a>>, Problem> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Rec {
                map,
                path: self.at(field),
            })),
            Some(other) => Err(Problem::new(
                &self.at(field),
                format!("should be an object, not {}", kind_of(other)),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Taxonomy terms

/// A taxonomy term as found in the input.
#[derive(Debug, Clone)]
struct Term {
    id: Option<String>,
    code: Option<String>,
    name: String,
    description: Option<String>,
    parent_id: Option<String>,
    vocabulary: Option<Vocabulary>,
    taxonomy: Option<String>,
}

fn read_term(rec: &Rec) -> Result<Option<Term>, Problem> {
    let name = match rec.text("name")? {
        Some(name) => name,
        None => match rec.text("term")? {
            Some(term) => term,
            None => return Ok(None),
        },
    };
    let detail = rec.object("taxonomy_detail")?;
    let detail_name = match &detail {
        Some(d) => d.text("name")?,
        None => None,
    };
    let taxonomy = rec.text("taxonomy")?.or(detail_name.clone());
    let vocabulary = detail_name
        .as_deref()
        .and_then(vocabulary_named)
        .or_else(|| taxonomy.as_deref().and_then(vocabulary_named));
    Ok(Some(Term {
        id: rec.map.get("id").and_then(id_text),
        code: rec.text("code")?,
        name,
        description: rec.text("description")?,
        parent_id: rec.map.get("parent_id").and_then(id_text),
        vocabulary,
        taxonomy,
    }))
}

/// Every term of the input by id, to follow `parent_id`; and whether the input is a Support
/// Map's own export (it uses our vocabularies).
struct TermRegistry {
    by_id: HashMap<String, Term>,
    /// Terms listed on their own (taxonomy_terms.json), in their order.
    listed: Vec<Term>,
    ours: bool,
}

impl TermRegistry {
    fn new(services: &[RawService], listed: &[Value]) -> TermRegistry {
        let mut by_id = HashMap::new();
        let mut ours = false;
        let mut add = |value: &Value| -> Option<Term> {
            let term = read_term(&Rec {
                map: value.as_object()?,
                path: String::new(),
            })
            .ok()??;
            ours |= term.vocabulary.is_some();
            if let Some(id) = term.id.clone() {
                by_id.entry(id).or_insert_with(|| term.clone());
            }
            Some(term)
        };
        let listed = listed.iter().filter_map(&mut add).collect();
        for raw in services {
            for attribute in raw
                .value
                .get("attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(term) = attribute.get("taxonomy_term") {
                    add(term);
                }
            }
        }
        TermRegistry {
            by_id,
            listed,
            ours,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Converting a service

/// A need or place a service refers to, before ids are given out.
#[derive(Debug, Clone)]
struct Ref {
    /// The term's code; used as the id when `own`.
    code: Option<String>,
    /// The code is a Support Map id (our own export, or the fallback need).
    own: bool,
    name: String,
    description: Option<String>,
    parent: Option<String>,
}

struct Draft {
    order: usize,
    asset: AssetData,
    needs: Vec<Ref>,
    places: Vec<Ref>,
    notes: Vec<String>,
}

/// Counts for the summary.
#[derive(Default)]
struct Report {
    unmapped: BTreeMap<String, usize>,
    no_review_date: usize,
    no_needs: usize,
    no_summary: usize,
    places_from_towns: usize,
    other_terms: BTreeMap<String, usize>,
    notes: Vec<String>,
}

fn convert(
    svc: &Rec,
    registry: &TermRegistry,
    today: NaiveDate,
    report: &mut Report,
) -> Result<Draft, Vec<Problem>> {
    let mut p = Problems::default();
    let mut notes = Vec::new();
    let name = p.take(svc.text("name"));
    if name.is_none() && !svc.map.contains_key("name") {
        p.0.push(Problem::new(
            "name",
            "is missing: every service needs a name",
        ));
    } else if name.is_none() && p.0.is_empty() {
        p.0.push(Problem::new("name", "is empty: every service needs a name"));
    }
    let description_text = p.take(svc.text("description"));
    let organization = p.take(svc.object("organization"));
    let organisation = organization
        .as_ref()
        .map(|o| p.take(o.text("name")))
        .unwrap_or_default();

    // Contact: the first valid value wherever HSDS lets it be.
    let contacts = p.take(svc.list("contacts"));
    let sals = p.take(svc.list("service_at_locations"));
    let mut phone_candidates = Vec::new();
    for phone in p.take(svc.list("phones")) {
        phone_candidates.extend(p.take(phone.text("number")));
    }
    for contact in &contacts {
        for phone in p.take(contact.list("phones")) {
            phone_candidates.extend(p.take(phone.text("number")));
        }
    }
    let locations_raw: Vec<Rec> = sals
        .iter()
        .filter_map(|sal| p.take(sal.object("location")))
        .collect();
    for location in &locations_raw {
        for phone in p.take(location.list("phones")) {
            phone_candidates.extend(p.take(phone.text("number")));
        }
    }
    if let Some(org) = &organization {
        for phone in p.take(org.list("phones")) {
            phone_candidates.extend(p.take(phone.text("number")));
        }
    }
    let phone = first_valid(
        &phone_candidates,
        |v| phone_digits(v).is_some(),
        "phone",
        "is not a phone number",
        &mut notes,
    );
    let mut emails: Vec<String> = p.take(svc.text("email")).into_iter().collect();
    for contact in &contacts {
        emails.extend(p.take(contact.text("email")));
    }
    if let Some(org) = &organization {
        emails.extend(p.take(org.text("email")));
    }
    let email = first_valid(
        &emails,
        is_email,
        "email",
        "is not an email address",
        &mut notes,
    );
    let mut websites: Vec<String> = p.take(svc.text("url")).into_iter().collect();
    if let Some(org) = &organization {
        websites.extend(p.take(org.text("website")));
        websites.extend(p.take(org.text("url")));
    }
    let website = first_valid(
        &websites,
        is_web_address,
        "website",
        "is not a web address starting with https:// or http://",
        &mut notes,
    );
    let contact = Some(ContactData {
        phone,
        email,
        website,
    })
    .filter(|c| c.phone.is_some() || c.email.is_some() || c.website.is_some());

    // Locations.
    let mut locations = Vec::new();
    let mut towns = Vec::new();
    for (i, location) in locations_raw.iter().enumerate() {
        if p.take(location.text("location_type"))
            .is_some_and(|t| t.eq_ignore_ascii_case("virtual"))
        {
            notes.push(format!("location {} is virtual (online): a Support Map lists places people go to; left out", i + 1));
            continue;
        }
        let addresses = p.take(location.list("addresses"));
        let address = addresses
            .iter()
            .find(|a| {
                a.text("address_type")
                    .ok()
                    .flatten()
                    .is_none_or(|t| t.eq_ignore_ascii_case("physical"))
            })
            .or(addresses.first())
            .cloned();
        let (mut line, mut postcode, mut town) = (None, None, None);
        if let Some(a) = &address {
            let mut parts = Vec::new();
            for field in [
                "address_1",
                "address_2",
                "address_3",
                "address_4",
                "city",
                "region",
                "state_province",
            ] {
                if let Some(part) = p.take(a.text(field)) {
                    if !parts.contains(&part) {
                        parts.push(part);
                    }
                }
            }
            line = Some(parts.join(", ")).filter(|l| !l.is_empty());
            postcode = p.take(a.text("postal_code"));
            town = p.take(a.text("city"));
        }
        let Some(line) = line else {
            notes.push(format!("location {} has no address: left out", i + 1));
            continue;
        };
        let lat = p
            .take(location.number("latitude"))
            .filter(|v| (-90.0..=90.0).contains(v));
        let lon = p
            .take(location.number("longitude"))
            .filter(|v| (-180.0..=180.0).contains(v));
        let accessibility = accessibility_text(location, &mut p);
        towns.extend(town);
        locations.push(LocationData {
            name: p.take(location.text("name")),
            address: Some(line),
            postcode,
            lat,
            lon,
            accessibility,
        });
    }

    // Opening hours: the service's schedules, else those of its locations.
    let mut schedules = p.take(svc.list("schedules"));
    if schedules.is_empty() {
        for sal in &sals {
            schedules.extend(p.take(sal.list("schedules")));
        }
        for location in &locations_raw {
            schedules.extend(p.take(location.list("schedules")));
        }
    }
    let mut opening_hours = Vec::new();
    for (i, schedule) in schedules.iter().enumerate() {
        match hours(schedule, &mut p) {
            Ok(h) => opening_hours.push(h),
            Err(why) => notes.push(format!("schedule {}: {why}; left out", i + 1)),
        }
    }

    // Taxonomy terms: needs, places and our other vocabularies.
    let (mut needs, mut places, mut access, mut health_creation, mut tags) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for attribute in p.take(svc.list("attributes")) {
        let term = match p.take(attribute.object("taxonomy_term")) {
            Some(t) => p.take(read_term(&t)),
            None => attribute
                .map
                .get("taxonomy_term_id")
                .and_then(id_text)
                .and_then(|id| registry.by_id.get(&id).cloned()),
        };
        let Some(term) = term else { continue };
        let r = Ref {
            code: term.code.clone(),
            own: term.vocabulary.is_some(),
            name: term.name.clone(),
            description: term.description.clone(),
            parent: term.parent_id.clone(),
        };
        match term.vocabulary {
            Some(v) if v == NEEDS => needs.push(r),
            Some(v) if v == PLACES => places.push(r),
            Some(v) if v == ACCESS => access.extend(
                Access::ALL
                    .iter()
                    .find(|a| Some(a.id()) == term.code.as_deref())
                    .map(|a| a.id().to_string()),
            ),
            Some(v) if v == HEALTH_CREATION => health_creation.extend(
                HealthCreation::ALL
                    .iter()
                    .find(|h| Some(h.id()) == term.code.as_deref())
                    .map(|h| h.id().to_string()),
            ),
            Some(v) if v == TAGS => tags.push(term.name.clone()),
            _ if !registry.ours => needs.push(r),
            _ => {
                *report
                    .other_terms
                    .entry(
                        term.taxonomy
                            .clone()
                            .unwrap_or_else(|| "no taxonomy".into()),
                    )
                    .or_default() += 1
            }
        }
    }
    if !registry.ours {
        for area in p.take(svc.list("service_areas")) {
            let area_name = match p.take(area.text("name")) {
                Some(n) => Some(n),
                None => p.take(area.text("service_area")),
            };
            if let Some(n) = area_name.filter(|n| n.chars().count() <= 80) {
                places.push(Ref {
                    code: None,
                    own: false,
                    name: n,
                    description: None,
                    parent: None,
                });
            }
        }
        if places.is_empty() && !towns.is_empty() {
            report.places_from_towns += 1;
            for town in &towns {
                places.push(Ref {
                    code: None,
                    own: false,
                    name: town.clone(),
                    description: None,
                    parent: None,
                });
            }
        }
    }
    if let Some(alternate) = p.take(svc.text("alternate_name")) {
        tags.push(alternate);
    }

    // Cost.
    let cost_options = p.take(svc.list("cost_options"));
    let mut cost = None;
    let mut cost_detail = p.take(svc.text("fees_description"));
    for option in &cost_options {
        let label = p.take(option.text("option")).unwrap_or_default();
        let amount = p.take(option.number("amount"));
        let matched = Cost::ALL.iter().copied().find(|c| {
            c.label().eq_ignore_ascii_case(&label)
                || c.id().eq_ignore_ascii_case(&label.replace(' ', "_"))
        });
        cost = cost.or(matched).or(match amount {
            Some(0.0) => Some(Cost::Free),
            Some(a) if a > 0.0 => Some(Cost::Paid),
            _ => None,
        });
        if cost_detail.is_none() {
            let described = p.take(option.text("amount_description"));
            cost_detail = match (amount.filter(|a| *a > 0.0), described) {
                (Some(a), d) => {
                    let currency = p
                        .take(option.text("currency"))
                        .unwrap_or_else(|| "GBP".into());
                    let money = if currency.eq_ignore_ascii_case("GBP") {
                        format!("£{}", money(a))
                    } else {
                        format!("{} {currency}", money(a))
                    };
                    Some(
                        [
                            Some(money),
                            d,
                            Some(label.clone()).filter(|l| !l.is_empty() && matched.is_none()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" "),
                    )
                }
                (None, d) => d,
            };
        }
    }
    if cost_detail.is_none() {
        cost_detail = p.take(svc.text("fees"));
    }
    if cost.is_none_or(|c| c == Cost::Free)
        && cost_detail
            .as_deref()
            .is_some_and(|d| d.trim_end_matches('.').eq_ignore_ascii_case("free"))
    {
        cost = Some(Cost::Free);
        cost_detail = None;
    }

    // Eligibility.
    let age = |field: &str, p: &mut Problems, notes: &mut Vec<String>| {
        let value = p.take(svc.number(field))?;
        if value.fract() == 0.0 && (0.0..=130.0).contains(&value) {
            Some(value as u8)
        } else {
            notes.push(format!(
                "{field} {value} is not an age in whole years; left out"
            ));
            None
        }
    };
    let mut min_age = age("minimum_age", &mut p, &mut notes);
    let max_age = age("maximum_age", &mut p, &mut notes);
    if let (Some(min), Some(max)) = (min_age, max_age) {
        if min > max {
            notes.push(format!(
                "minimum_age {min} is above maximum_age {max}; the minimum was left out"
            ));
            min_age = None;
        }
    }
    let who = p.take(svc.text("eligibility_description"));
    let eligibility = Some(EligibilityData {
        min_age,
        max_age,
        who,
    })
    .filter(|e| e.min_age.is_some() || e.max_age.is_some() || e.who.is_some());

    // Languages.
    let mut languages: Vec<String> = Vec::new();
    for language in p.take(svc.list("languages")) {
        let code = p.take(language.text("code"));
        let named = p.take(language.text("name"));
        match code
            .clone()
            .filter(|c| is_language_tag(c))
            .or_else(|| named.as_deref().and_then(language_code))
        {
            Some(code) => {
                if !languages.iter().any(|l| l.eq_ignore_ascii_case(&code)) {
                    languages.push(code);
                }
            }
            None => {
                if let Some(what) = code.or(named) {
                    notes.push(format!(
                        "language \"{what}\" has no language code such as en, cy or pl; left out"
                    ));
                }
            }
        }
    }

    // Review date and status.
    let assured = p.take(svc.text("assured_date"));
    let modified = p.take(svc.text("last_modified"));
    let reviewed = [&assured, &modified].into_iter().flatten().find_map(|d| {
        d.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    });
    if let Some(bad) = assured.as_ref().filter(|_| reviewed.is_none()) {
        notes.push(format!(
            "assured_date \"{bad}\" is not a date written YYYY-MM-DD"
        ));
    }
    let last_reviewed = match reviewed {
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
    };
    let status = match p.take(svc.text("status")).map(|s| s.to_ascii_lowercase()) {
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
    };

    for field in UNMAPPED_FIELDS {
        if svc.has(field) {
            *report.unmapped.entry((*field).to_string()).or_default() += 1;
        }
    }
    if !contacts.is_empty() && contacts.iter().any(|c| c.has("name") || c.has("title")) {
        *report
            .unmapped
            .entry("contacts (named people)".to_string())
            .or_default() += 1;
    }

    if !p.0.is_empty() {
        return Err(p.0);
    }
    let name = name.unwrap_or_default();
    let (summary, description) = match description_text.as_deref().and_then(split_description) {
        Some(split) => split,
        None => {
            report.no_summary += 1;
            (format!("{}.", name.trim_end_matches('.')), None)
        }
    };
    let mut seen_tags = BTreeSet::new();
    tags.retain(|t: &String| seen_tags.insert(t.to_lowercase()));
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
        access,
        referral: p.take(svc.text("application_process")),
        cost: cost.map(|c| c.id().to_string()),
        cost_detail,
        eligibility,
        languages,
        health_creation,
        last_reviewed: last_reviewed.to_string(),
        status,
        tags,
    };
    Ok(Draft {
        order: 0,
        asset,
        needs,
        places,
        notes,
    })
}

fn first_valid(
    candidates: &[String],
    valid: impl Fn(&str) -> bool,
    what: &str,
    why: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let found = candidates.iter().find(|c| valid(c)).cloned();
    if found.is_none() {
        if let Some(bad) = candidates.first() {
            notes.push(format!("{what} \"{bad}\" {why}; left out"));
        }
    }
    found
}

fn money(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    }
}

fn accessibility_text(location: &Rec, p: &mut Problems) -> Option<String> {
    let mut parts = Vec::new();
    match location.map.get("accessibility") {
        Some(Value::String(s)) if !s.trim().is_empty() => parts.push(s.trim().to_string()),
        Some(Value::Array(_)) => {
            for item in p.take(location.list("accessibility")) {
                for field in ["description", "details", "accessibility"] {
                    if let Some(text) = p.take(item.text(field)) {
                        if !parts.contains(&text) {
                            parts.push(text);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Some(parts.join("; ")).filter(|t| !t.is_empty())
}

/// An HSDS schedule as opening hours: weekly on some days, from a time to a time.
fn hours(schedule: &Rec, p: &mut Problems) -> Result<HoursData, String> {
    let freq = p
        .take(schedule.text("freq"))
        .unwrap_or_else(|| "WEEKLY".into())
        .to_ascii_uppercase();
    let byday = p.take(schedule.text("byday")).ok_or("no days (byday)")?;
    let mut days = Vec::new();
    for part in byday.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let code = part.trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
        let day = day_from_code(code)
            .ok_or_else(|| format!("\"{part}\" in byday is not a day such as MO or TU"))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort();
    if days.is_empty() {
        return Err("no days (byday)".into());
    }
    let opens = p
        .take(schedule.text("opens_at"))
        .ok_or("no opening time (opens_at)")?;
    let closes = p
        .take(schedule.text("closes_at"))
        .ok_or("no closing time (closes_at)")?;
    let (opens, closes) = (
        clock(&opens).ok_or_else(|| format!("opens_at \"{opens}\" is not a time"))?,
        clock(&closes).ok_or_else(|| format!("closes_at \"{closes}\" is not a time"))?,
    );
    if opens >= closes {
        return Err(format!("closes at {closes}, not after it opens at {opens}"));
    }
    let mut note = p.take(schedule.text("notes"));
    let description = p.take(schedule.text("description"));
    let day_list: Vec<Day> = days.clone();
    if note.is_none()
        && description
            .as_deref()
            .is_some_and(|d| d != schedule_description(&day_list, &opens, &closes))
    {
        note = description;
    }
    if freq != "WEEKLY" {
        let rule = format!("{} ({byday})", freq.to_lowercase());
        note = Some(match note {
            Some(n) => format!("{n}; {rule}"),
            None => rule,
        });
    }
    Ok(HoursData {
        days: days.iter().map(|d| d.id().to_string()).collect(),
        opens,
        closes,
        note,
    })
}

/// "9:00", "09:00:00", "09:00Z" and "09:00+01:00" -> "09:00". Time zones are dropped: a
/// Support Map shows local times.
fn clock(text: &str) -> Option<String> {
    let text = text.trim();
    let end = text
        .find(['Z', 'z', '+'])
        .or_else(|| text.get(1..).and_then(|t| t.find('-')).map(|i| i + 1))
        .unwrap_or(text.len());
    let mut parts = text[..end].split(':');
    let hour: u8 = parts.next()?.trim().parse().ok()?;
    let minute: u8 = parts.next()?.trim().parse().ok()?;
    if let Some(seconds) = parts.next() {
        seconds.trim().split('.').next()?.parse::<u8>().ok()?;
    }
    (hour < 24 && minute < 60 || hour == 24 && minute == 0)
        .then(|| format!("{hour:02}:{minute:02}"))
}

/// HSDS has no summary: the first paragraph of the description becomes the one-sentence summary
/// (or its first sentence, when the paragraph is long), the rest the description.
fn split_description(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim();
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    let plain = strip_tags(first)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if plain.is_empty() {
        return None;
    }
    if plain.chars().count() <= 200 {
        let rest = rest.trim();
        return Some((plain, Some(rest.to_string()).filter(|r| !r.is_empty())));
    }
    let sentence_end = plain
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| i >= 20 && plain[..i].chars().count() <= 200);
    let summary = match sentence_end {
        Some(end) => plain[..end].to_string(),
        None => {
            let cut: String = plain.chars().take(200).collect();
            format!(
                "{}…",
                cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head)
            )
        }
    };
    Some((summary, Some(text.to_string())))
}

fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// "Polish" -> "pl": the language names the site knows, read backwards.
fn language_code(name: &str) -> Option<String> {
    if is_language_tag(name) && name.len() <= 3 {
        return Some(name.to_ascii_lowercase());
    }
    let letters = b'a'..=b'z';
    let two = letters.clone().flat_map(|a| {
        letters
            .clone()
            .map(move |b| String::from_utf8(vec![a, b]).unwrap_or_default())
    });
    two.chain(["bfi", "syl", "yue"].map(String::from))
        .find(|code| language_name(code).eq_ignore_ascii_case(name.trim()))
}

// ---------------------------------------------------------------------------------------------
// Planning the files

/// What the content folder already holds.
#[derive(Default)]
struct Existing {
    needs_text: Option<String>,
    needs: Vec<(String, String, Vec<String>)>,
    places: HashMap<String, String>,
    assets: HashMap<String, PathBuf>,
    site: bool,
}

impl Existing {
    fn read(content: &Path) -> Existing {
        let mut existing = Existing {
            site: content.join("site.yaml").is_file() || content.join("site.yml").is_file(),
            ..Existing::default()
        };
        if let Ok(text) = fs::read_to_string(content.join("needs.yaml")) {
            if let Some(serde_yaml::Value::Sequence(items)) = crate::yaml::read_value(&text) {
                for item in items {
                    let field = |k: &str| {
                        item.get(k)
                            .and_then(serde_yaml::Value::as_str)
                            .map(str::to_string)
                    };
                    let synonyms = item
                        .get("synonyms")
                        .and_then(serde_yaml::Value::as_sequence)
                        .map(|s| {
                            s.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    if let Some(id) = field("id") {
                        existing
                            .needs
                            .push((id.clone(), field("name").unwrap_or(id), synonyms));
                    }
                }
            }
            existing.needs_text = Some(text);
        }
        for (folder, exts) in [
            ("places", &["yaml", "yml"][..]),
            ("assets", &["yaml", "yml", "md"][..]),
        ] {
            for entry in walkdir::WalkDir::new(content.join(folder))
                .follow_links(false)
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if !entry.file_type().is_file() || !exts.contains(&ext.as_str()) {
                    continue;
                }
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                if folder == "places" {
                    let name = fs::read_to_string(path)
                        .ok()
                        .and_then(|t| crate::yaml::read_value(&t))
                        .and_then(|v| {
                            v.get("name")
                                .and_then(serde_yaml::Value::as_str)
                                .map(str::to_string)
                        })
                        .unwrap_or_else(|| id.clone());
                    existing.places.insert(id, name);
                } else {
                    existing.assets.insert(id, path.to_path_buf());
                }
            }
        }
        existing
    }

    fn need_matching(&self, id: &str, name: &str) -> Option<String> {
        self.needs
            .iter()
            .find(|(nid, nname, synonyms)| {
                nid == id
                    || nname.eq_ignore_ascii_case(name)
                    || synonyms.iter().any(|s| s.eq_ignore_ascii_case(name))
            })
            .map(|(nid, _, _)| nid.clone())
    }

    fn place_matching(&self, id: &str, name: &str) -> Option<String> {
        if self.places.contains_key(id) {
            return Some(id.to_string());
        }
        self.places
            .iter()
            .find(|(_, pname)| pname.eq_ignore_ascii_case(name))
            .map(|(pid, _)| pid.clone())
    }
}

/// Files to write, in order, and what is being replaced.
struct Plan {
    writes: Vec<(PathBuf, Vec<u8>)>,
    /// Services not written because `check` would refuse their records (by `Draft::order`).
    skipped: Vec<(usize, Vec<Problem>)>,
    /// Existing records the import replaces (only with --overwrite).
    replaces: Vec<PathBuf>,
    /// Existing files of the same id at another path, removed when replaced.
    removes: Vec<PathBuf>,
    assets: usize,
    new_places: usize,
    new_needs: usize,
    created_site: bool,
    appended_needs: bool,
}

/// A valid id from a name: a slug, at most 80 characters, not ending in a hyphen.
fn id_from(name: &str) -> String {
    // "St Mary's" reads better as st-marys than st-mary-s.
    let slug = slugify(&name.replace(['\'', '\u{2019}'], ""));
    if slug.len() <= 80 {
        return slug;
    }
    slug[..80].trim_end_matches('-').to_string()
}

fn unique(base: String, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .expect("an unused id")
}

fn plan(
    mut drafts: Vec<Draft>,
    registry: &TermRegistry,
    existing: &Existing,
    content: &Path,
    today: NaiveDate,
    report: &mut Report,
) -> Result<Plan, Failure> {
    drafts.sort_by_key(|d| d.order);

    // Needs: existing ones are reused (by id, name or synonym); new ones are appended.
    let mut new_needs: Vec<NeedData> = Vec::new();
    let mut need_ids: HashMap<String, String> = HashMap::new();
    let mut taken_needs: BTreeSet<String> =
        existing.needs.iter().map(|(id, _, _)| id.clone()).collect();
    let mut resolve_need = |r: &Ref, new_needs: &mut Vec<NeedData>| -> String {
        let key = r.name.to_lowercase();
        if let Some(id) = need_ids.get(&key) {
            return id.clone();
        }
        let wanted = r
            .code
            .clone()
            .filter(|c| r.own && is_valid_id(c))
            .unwrap_or_else(|| id_from(&r.name));
        let id = existing.need_matching(&wanted, &r.name).unwrap_or_else(|| {
            let id = unique(wanted, &taken_needs);
            taken_needs.insert(id.clone());
            new_needs.push(NeedData {
                id: id.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                synonyms: Vec::new(),
                sensitive: false,
            });
            id
        });
        need_ids.insert(key, id.clone());
        id
    };
    let other = Ref {
        code: Some("other".into()),
        own: true,
        name: "Other support".into(),
        description: Some(
            "Imported services that had no category: give each of them the needs it helps with."
                .into(),
        ),
        parent: None,
    };

    // Places: existing ones are reused (by id or name); new ones are created with their parents.
    let mut new_places: BTreeMap<String, PlaceData> = BTreeMap::new();
    let mut place_ids: HashMap<String, String> = HashMap::new();
    let mut taken_places: BTreeSet<String> = existing.places.keys().cloned().collect();
    fn resolve_place(
        r: &Ref,
        registry: &TermRegistry,
        existing: &Existing,
        place_ids: &mut HashMap<String, String>,
        taken: &mut BTreeSet<String>,
        new_places: &mut BTreeMap<String, PlaceData>,
        depth: usize,
    ) -> String {
        let key = r.name.to_lowercase();
        if let Some(id) = place_ids.get(&key) {
            return id.clone();
        }
        let wanted = r
            .code
            .clone()
            .filter(|c| r.own && is_valid_id(c))
            .unwrap_or_else(|| id_from(&r.name));
        if let Some(id) = existing.place_matching(&wanted, &r.name) {
            place_ids.insert(key, id.clone());
            return id;
        }
        let id = unique(wanted, taken);
        taken.insert(id.clone());
        place_ids.insert(key, id.clone());
        let parent = r
            .parent
            .as_ref()
            .filter(|_| depth < 20)
            .and_then(|pid| registry.by_id.get(pid))
            .map(|t| {
                let parent = Ref {
                    code: t.code.clone(),
                    own: t.vocabulary.is_some(),
                    name: t.name.clone(),
                    description: t.description.clone(),
                    parent: t.parent_id.clone(),
                };
                resolve_place(
                    &parent,
                    registry,
                    existing,
                    place_ids,
                    taken,
                    new_places,
                    depth + 1,
                )
            });
        new_places.insert(
            id.clone(),
            PlaceData {
                name: r.name.clone(),
                kind: "area".into(),
                within: parent.filter(|p| p != &id),
                summary: r.description.clone(),
            },
        );
        id
    }

    // A Support Map's own export lists all its needs and places (taxonomy_terms.json): they are
    // all kept, in their order, even those no published service uses.
    for term in registry.listed.iter().filter(|_| registry.ours) {
        let r = Ref {
            code: term.code.clone(),
            own: true,
            name: term.name.clone(),
            description: term.description.clone(),
            parent: term.parent_id.clone(),
        };
        match term.vocabulary {
            Some(v) if v == NEEDS => {
                resolve_need(&r, &mut new_needs);
            }
            Some(v) if v == PLACES => {
                resolve_place(
                    &r,
                    registry,
                    existing,
                    &mut place_ids,
                    &mut taken_places,
                    &mut new_places,
                    0,
                );
            }
            _ => {}
        }
    }

    let mut writes = Vec::new();
    let mut replaces = Vec::new();
    let mut removes = Vec::new();
    let mut taken_assets: BTreeSet<String> = BTreeSet::new();
    let mut skipped = Vec::new();
    for draft in &mut drafts {
        if draft.needs.is_empty() {
            report.no_needs += 1;
            draft.needs.push(other.clone());
        }
        let mut needs: Vec<String> = Vec::new();
        for r in &draft.needs {
            let id = resolve_need(r, &mut new_needs);
            if !needs.contains(&id) {
                needs.push(id);
            }
        }
        let mut places: Vec<String> = Vec::new();
        for r in &draft.places {
            let id = resolve_place(
                r,
                registry,
                existing,
                &mut place_ids,
                &mut taken_places,
                &mut new_places,
                0,
            );
            if !places.contains(&id) {
                places.push(id);
            }
        }
        draft.asset.needs = needs;
        draft.asset.places = places;
        let id = unique(id_from(&draft.asset.name), &taken_assets);
        let path = content.join("assets").join(format!("{id}.yaml"));
        let bytes = yaml(&draft.asset)?;
        let file = Path::new("content/assets").join(format!("{id}.yaml"));
        let refused =
            crate::validate::check_new_asset(&String::from_utf8_lossy(&bytes), &file, today);
        if !refused.is_empty() {
            let problems = refused
                .into_iter()
                .map(|m| Problem::new("", format!("supportmap check would refuse its record: {m}")))
                .collect();
            skipped.push((draft.order, problems));
            continue;
        }
        taken_assets.insert(id.clone());
        if let Some(old) = existing.assets.get(&id) {
            replaces.push(old.clone());
            if old != &path {
                removes.push(old.clone());
            }
        }
        writes.push((path, bytes));
    }
    let assets = drafts.len() - skipped.len();
    let mut created_places = 0;
    for (id, place) in &new_places {
        writes.push((
            content.join("places").join(format!("{id}.yaml")),
            yaml(place)?,
        ));
        created_places += 1;
    }
    let mut appended_needs = false;
    if !new_needs.is_empty() {
        let added = yaml(&new_needs)?;
        let bytes = match &existing.needs_text {
            Some(text) if !text.trim().is_empty() => {
                appended_needs = true;
                let mut all = text.clone().into_bytes();
                if !text.ends_with('\n') {
                    all.push(b'\n');
                }
                all.extend(added);
                all
            }
            _ => added,
        };
        writes.push((content.join("needs.yaml"), bytes));
    }
    let created_site = !existing.site;
    if created_site {
        #[derive(serde::Serialize)]
        struct SiteYaml {
            title: &'static str,
            description: &'static str,
        }
        let site = SiteYaml {
            title: "Support Map",
            description: "Community support imported from Open Referral data.",
        };
        writes.push((content.join("site.yaml"), yaml(&site)?));
    }
    report.notes.extend(
        drafts
            .iter()
            .filter(|d| d.asset.status.as_deref() == Some("closed"))
            .filter(|d| !skipped.iter().any(|(order, _)| *order == d.order))
            .map(|d| {
                format!(
                    "\"{}\" is inactive or defunct: imported with status: closed (not published)",
                    d.asset.name
                )
            }),
    );
    Ok(Plan {
        writes,
        skipped,
        replaces,
        removes,
        assets,
        new_places: created_places,
        new_needs: new_needs.len(),
        created_site,
        appended_needs,
    })
}

/// Records are written by serde_yaml from the structs of `opendata`, in the field order editors know.
fn yaml<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Failure> {
    serde_yaml::to_string(value)
        .map(String::into_bytes)
        .map_err(|e| Failure::Io(format!("cannot write YAML: {e}")))
}

/// Writes every file beside its target first, then moves them into place, so a failure leaves
/// the content folder as it was.
fn write_all(plan: &Plan, root: &Path, progress: &indicatif::ProgressBar) -> Result<(), Failure> {
    let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, &PathBuf)]| {
        for (temp, _) in staged {
            let _ = fs::remove_file(temp);
        }
    };
    for (path, bytes) in &plan.writes {
        let dir = path.parent().unwrap_or(Path::new("."));
        let temp = dir.join(format!(
            ".{}.importing-{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            std::process::id()
        ));
        let result = fs::create_dir_all(dir).and_then(|_| fs::write(&temp, bytes));
        if let Err(e) = result {
            cleanup(&staged);
            let _ = fs::remove_file(&temp);
            return Err(Failure::Io(format!(
                "cannot write {}: {e}; nothing was imported",
                display(root, path).display()
            )));
        }
        staged.push((temp, path));
        progress.inc(1);
    }
    for (temp, path) in &staged {
        if let Err(e) = fs::rename(temp, path) {
            cleanup(&staged);
            return Err(Failure::Io(format!(
                "cannot write {}: {e}",
                display(root, path).display()
            )));
        }
    }
    for old in &plan.removes {
        let _ = fs::remove_file(old);
    }
    Ok(())
}

impl Report {
    fn lines(&self, plan: &Plan) -> Vec<String> {
        let mut out = Vec::new();
        let services = |n: usize| format!("{n} service{}", if n == 1 { "" } else { "s" });
        if !self.unmapped.is_empty() {
            let list: Vec<String> = self
                .unmapped
                .iter()
                .map(|(field, n)| format!("{field} ({})", services(*n)))
                .collect();
            out.push(format!(
                "Not imported, no place in a Support Map record: {}",
                list.join(", ")
            ));
        }
        if !self.other_terms.is_empty() {
            let list: Vec<String> = self
                .other_terms
                .iter()
                .map(|(taxonomy, n)| format!("{taxonomy} ({n})"))
                .collect();
            out.push(format!(
                "Not imported, terms of other taxonomies: {}",
                list.join(", ")
            ));
        }
        if self.no_review_date > 0 {
            out.push(format!(
                "{} had no assured_date or last_modified: last_reviewed was set to {UNKNOWN_REVIEW_DATE} so the site flags them as possibly out of date; check them and set the real date",
                services(self.no_review_date)
            ));
        }
        if self.no_summary > 0 {
            out.push(format!(
                "{} had no description: the summary repeats the name; write a one-sentence summary",
                services(self.no_summary)
            ));
        }
        if self.no_needs > 0 {
            out.push(format!("{} had no taxonomy terms: they were given the need \"other\"; give each the needs it helps with", services(self.no_needs)));
        }
        if self.places_from_towns > 0 {
            out.push(format!(
                "{} had no service area: the towns of their addresses became their places",
                services(self.places_from_towns)
            ));
        }
        out.extend(self.notes.iter().cloned());
        if plan.appended_needs {
            out.push(format!(
                "Added {} need{} at the end of needs.yaml",
                plan.new_needs,
                if plan.new_needs == 1 { "" } else { "s" }
            ));
        }
        if plan.created_site {
            out.push("Created site.yaml: set the site's title in it".to_string());
        }
        if !plan.replaces.is_empty() {
            out.push(format!(
                "Replaced {} existing record{} (--overwrite)",
                plan.replaces.len(),
                if plan.replaces.len() == 1 { "" } else { "s" }
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_services_in_order() {
        let text = "{\"contents\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\", \"x\": \"a\"},\n    {\"id\": \"a2\"}\n]}";
        let mut locator = Locator::new(text);
        assert_eq!(locator.find("a"), Some(Pos::new(2, 10)));
        assert_eq!(locator.find("b"), Some(Pos::new(3, 10)));
        assert_eq!(locator.find("a2"), Some(Pos::new(4, 12)));
        assert_eq!(locator.find("zz"), None);
    }

    #[test]
    fn reads_clock_times() {
        assert_eq!(clock("09:00").as_deref(), Some("09:00"));
        assert_eq!(clock("9:30").as_deref(), Some("09:30"));
        assert_eq!(clock("17:00:00").as_deref(), Some("17:00"));
        assert_eq!(clock("10:00Z").as_deref(), Some("10:00"));
        assert_eq!(clock("09:00-05:00").as_deref(), Some("09:00"));
        assert_eq!(clock("09:00+01:00").as_deref(), Some("09:00"));
        assert_eq!(clock("24:00").as_deref(), Some("24:00"));
        assert_eq!(clock("25:00"), None);
        assert_eq!(clock("noon"), None);
    }

    #[test]
    fn first_paragraph_is_the_summary() {
        assert_eq!(
            split_description("Hot lunches.\n\nRun by **volunteers**."),
            Some(("Hot lunches.".into(), Some("Run by **volunteers**.".into())))
        );
        assert_eq!(
            split_description("<p>Hot &amp; tasty lunches.</p>"),
            Some(("Hot & tasty lunches.".into(), None))
        );
        let long = format!(
            "First sentence of a long paragraph here. {}",
            "word ".repeat(80)
        );
        let (summary, description) = split_description(&long).unwrap();
        assert_eq!(summary, "First sentence of a long paragraph here.");
        assert_eq!(description.as_deref(), Some(long.trim()));
        assert_eq!(split_description("  "), None);
    }

    #[test]
    fn language_names_become_codes() {
        assert_eq!(language_code("Polish").as_deref(), Some("pl"));
        assert_eq!(
            language_code("british sign language").as_deref(),
            Some("bfi")
        );
        assert_eq!(language_code("cy").as_deref(), Some("cy"));
        assert_eq!(language_code("Klingon"), None);
    }

    #[test]
    fn ids_are_slugs_made_unique() {
        let taken: BTreeSet<String> = ["lunch-club".to_string(), "lunch-club-2".to_string()].into();
        assert_eq!(unique(id_from("Lunch Club"), &taken), "lunch-club-3");
        assert_eq!(unique(id_from("Food Bank"), &taken), "food-bank");
        assert_eq!(
            id_from("St Mary\u{2019}s Lunch Club"),
            "st-marys-lunch-club"
        );
        let long = id_from(&"very long name ".repeat(20));
        assert!(long.len() <= 80 && is_valid_id(&long), "{long}");
    }

    #[test]
    fn schedules_become_opening_hours() {
        let value = serde_json::json!({"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00", "closes_at": "17:00:00", "notes": "Closed on bank holidays"});
        let rec = Rec {
            map: value.as_object().unwrap(),
            path: String::new(),
        };
        let mut p = Problems::default();
        let h = hours(&rec, &mut p).unwrap();
        assert_eq!(h.days, ["mon", "tue", "wed", "thu", "fri"]);
        assert_eq!(
            (h.opens.as_str(), h.closes.as_str(), h.note.as_deref()),
            ("09:00", "17:00", Some("Closed on bank holidays"))
        );
        let monthly = serde_json::json!({"freq": "MONTHLY", "byday": "2MO", "opens_at": "10:00", "closes_at": "12:00"});
        let h = hours(
            &Rec {
                map: monthly.as_object().unwrap(),
                path: String::new(),
            },
            &mut p,
        )
        .unwrap();
        assert_eq!(
            (h.days.as_slice(), h.note.as_deref()),
            (&["mon".to_string()][..], Some("monthly (2MO)"))
        );
        let backwards =
            serde_json::json!({"byday": "SA", "opens_at": "17:00", "closes_at": "09:00"});
        assert!(hours(
            &Rec {
                map: backwards.as_object().unwrap(),
                path: String::new()
            },
            &mut p
        )
        .is_err());
    }
}
