//! Reading the input: JSON files as an Open Referral API serves them (a page, a list, one
//! service, or a folder of them), or a CSV data package handed on to `tabular`. Gives the raw
//! services with where each came from, merged by id and with unsafe characters stripped.

use super::messages::Messages;
use super::tabular;
use crate::diagnostics::{is_unsafe_char, Diagnostics, Pos};
use crate::fields::is_web_address;
use crate::openreferral::SITE_FIELD;
use crate::pipeline::Failure;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// One service as read from the input, with where it came from for messages.
pub(crate) struct RawService {
    pub(crate) file: PathBuf,
    /// Where in the file: `contents[3]`, `line 12`, or empty for a file that is one service.
    pub(crate) label: String,
    pub(crate) pos: Pos,
    pub(crate) value: Value,
}

/// Everything read from the input.
#[derive(Default)]
pub(crate) struct Input {
    pub(crate) services: Vec<RawService>,
    /// Taxonomy terms listed on their own (`taxonomy_terms.json`), to find parents of places.
    pub(crate) terms: Vec<Value>,
    pub(crate) notes: Vec<String>,
    /// The site a Support Map's export came from (its `index.json`).
    pub(crate) site: Option<ExportedSite>,
}

/// The title and `base_url` of the site a Support Map's export came from (`SITE_FIELD`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExportedSite {
    pub(crate) title: String,
    pub(crate) base_url: Option<String>,
}

impl ExportedSite {
    /// The site named by an `index.json`, when it is a Support Map's and its values are ones
    /// `check` accepts in site.yaml.
    fn from_index(value: &Value) -> Option<ExportedSite> {
        let site = value.get(SITE_FIELD)?;
        let title = site
            .get("title")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| {
                !t.is_empty() && t.chars().count() <= 200 && !t.chars().any(is_unsafe_char)
            })?;
        let base_url = site
            .get("base_url")
            .and_then(Value::as_str)
            .filter(|u| is_web_address(u));
        Some(ExportedSite {
            title: title.to_string(),
            base_url: base_url.map(str::to_string),
        })
    }
}

/// The largest input file read. An input is held in memory whole, and its longest texts are
/// copied a few times on the way to a record (a 60 MB file with one huge description peaked at
/// 720 MB), so this bounds memory; a larger export can be saved as pages, one file each, in a
/// folder.
pub(crate) const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// Refuses an input file over `MAX_INPUT_BYTES`, before reading it.
pub(crate) fn check_input_size(path: &Path) -> Result<(), Failure> {
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

pub(crate) fn read_source(
    source: &Path,
    diags: &mut Diagnostics,
    keep_going: bool,
) -> Result<Input, Failure> {
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
                || in_folder_of_other_records(entry.path())
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

/// The site named in an API copy's `index.json` (`GET /`); nothing when it names none or cannot
/// be read, as it holds no services.
fn read_index(path: &Path) -> Option<ExportedSite> {
    check_input_size(path).ok()?;
    let value: Value = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    ExportedSite::from_index(&value)
}

/// Folders of an ORUK API copy whose `<id>.json` files are records other than services.
const NOT_SERVICE_FOLDERS: &[&str] = &["service_at_locations", "taxonomies", "taxonomy_terms"];

fn in_folder_of_other_records(path: &Path) -> bool {
    let folder = path.parent().and_then(Path::file_name);
    folder.is_some_and(|f| NOT_SERVICE_FOLDERS.contains(&f.to_string_lossy().as_ref()))
}

/// Files of an ORUK API copy that do not hold services.
const NOT_SERVICES: &[&str] = &[
    "taxonomies.json",
    "organizations.json",
    "locations.json",
    "service_at_locations.json",
    "datapackage.json",
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
    if name == "index.json" {
        input.site = input.site.take().or_else(|| read_index(path));
        return Ok(());
    }
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
pub(crate) struct Locator<'t> {
    text: &'t str,
    from: usize,
    line: usize,
    /// Characters between the start of the line and `from`.
    col: usize,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Locator {
            text,
            from: 0,
            line: 1,
            col: 0,
        }
    }

    pub(crate) fn find(&mut self, id: &str) -> Option<Pos> {
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
/// only) and in `services/<id>.json` (fully nested). The fullest copy is kept without a word;
/// other copies of an id are dropped with a warning saying how many.
pub(crate) fn merge(services: Vec<RawService>, messages: &mut Messages) -> Vec<RawService> {
    let mut out: Vec<RawService> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut dropped: BTreeMap<usize, usize> = BTreeMap::new();
    for raw in services {
        let Some(id) = raw.value.get("id").and_then(id_text) else {
            out.push(raw);
            continue;
        };
        let Some(&i) = by_id.get(&id) else {
            by_id.insert(id, out.len());
            out.push(raw);
            continue;
        };
        match (is_full(&out[i].value), is_full(&raw.value)) {
            (false, true) => out[i] = raw,
            (true, false) => {}
            (true, true) if out[i].value != raw.value => {
                let what = format!(
                    "the same id is also in {}; that one was imported",
                    out[i].file.display()
                );
                messages.warn(&raw, None, &what);
            }
            _ => *dropped.entry(i).or_default() += 1,
        }
    }
    for (i, n) in dropped {
        let what = if n == 1 {
            "1 more copy of this id was dropped; only the first was imported".to_string()
        } else {
            format!("{n} more copies of this id were dropped; only the first was imported")
        };
        messages.warn(&out[i], None, &what);
    }
    out
}

pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Removes from every text of every service the characters `check` refuses (see
/// `is_unsafe_char`), warning about each service with the fields that had them. Windows line
/// endings become plain newlines without a word.
pub(crate) fn strip_unsafe_text(services: &mut [RawService], messages: &mut Messages) {
    for raw in services {
        let mut fields = Vec::new();
        strip_unsafe(&mut raw.value, &mut Vec::new(), &mut fields);
        if fields.is_empty() {
            continue;
        }
        let what = format!(
            "removed control characters or bidirectional overrides from {}",
            fields.join(", ")
        );
        messages.warn_with_help(raw, &what, "check that the imported text reads as intended: these characters are invisible, and supportmap check refuses them");
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
}
