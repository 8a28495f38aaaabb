//! Postcodes: the site's table of postcode centres, `content/postcodes.csv`, which lets search
//! sort services by distance from a postcode, and lets a location give only its postcode.
//!
//! The table is content like any record: every row is checked and problems are reported with
//! file, line and column. It is kept apart from the YAML records because it is a different
//! shape (one small row per postcode, up to millions of rows, read as a stream) and is usually
//! made by `supportmap import postcodes` from open data (`import`, with `grid` for Ordnance
//! Survey grid references). `publish` ships it to the browser split by outward code.

pub(crate) mod grid;
pub(crate) mod import;
mod publish;

pub(crate) use publish::{geo_cells, geo_meta, publish};

use crate::diagnostics::{Diagnostics, Pos};
use crate::records::Location;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Where the table lives, relative to the site root.
pub(crate) const FILE: &str = "content/postcodes.csv";
/// The table's first line.
pub(crate) const HEADER: &str = "postcode,lat,lon";
/// More rows than the United Kingdom has postcodes, live and terminated: a bigger file is a
/// mistake, and reading stops there.
pub(crate) const MAX_ROWS: usize = 3_000_000;
/// After this many problems in the file the rest are counted, not listed.
const MAX_REPORTED: usize = 100;

/// A UK postcode, normalised: capitals, one space before the inward code (`HB4 1DB`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Postcode(String);

impl Postcode {
    /// Reads a postcode however it is spaced or capitalised (`hb41db`, `HB4  1DB`); `None` when
    /// it is not shaped like one: an outward code of one or two letters, a digit and an
    /// optional letter or digit (`HB4`, `SW1A`), then a digit and two letters (`1DB`).
    pub fn parse(text: &str) -> Option<Postcode> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !compact.is_ascii() || !(5..=7).contains(&compact.len()) {
            return None;
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = inward.as_bytes()[0].is_ascii_digit()
            && inward[1..].bytes().all(|b| b.is_ascii_uppercase());
        let letters = outward.bytes().take_while(u8::is_ascii_uppercase).count();
        let rest = &outward.as_bytes()[letters..];
        let outward_ok = (1..=2).contains(&letters)
            && !rest.is_empty()
            && rest.len() <= 2
            && rest[0].is_ascii_digit()
            && rest[1..].iter().all(u8::is_ascii_alphanumeric);
        (inward_ok && outward_ok).then(|| Postcode(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the space (`HB4`): the browser fetches one file per outward code.
    pub fn outward(&self) -> &str {
        &self.0[..self.0.len() - 4]
    }
}

/// A position in decimal degrees (WGS84, as GPS and web maps use).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

/// Postcode centres, by postcode.
#[derive(Debug, Default, Clone)]
pub struct Table {
    entries: BTreeMap<Postcode, Point>,
}

impl Table {
    pub fn get(&self, postcode: &Postcode) -> Option<Point> {
        self.entries.get(postcode).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Postcode, Point)> {
        self.entries.iter().map(|(p, point)| (p, *point))
    }

    /// Gives each location that has a postcode but no `lat`/`lon` the postcode's centre.
    /// Returns the indexes of those whose postcode the table does not hold (when there is a
    /// table at all: a site without one places services by `lat`/`lon` only).
    pub fn locate(&self, locations: &mut [Location]) -> Vec<usize> {
        let mut unknown = Vec::new();
        for (i, location) in locations.iter_mut().enumerate() {
            if location.lat.is_some() && location.lon.is_some() {
                continue;
            }
            let Some(postcode) = location.postcode.as_deref().and_then(Postcode::parse) else {
                continue;
            };
            match self.get(&postcode) {
                Some(point) => {
                    location.lat = Some(point.lat);
                    location.lon = Some(point.lon);
                }
                None if !self.is_empty() => unknown.push(i),
                None => {}
            }
        }
        unknown
    }
}

/// The warning for a location whose postcode is not in the table: message and help.
pub(crate) fn unknown_postcode(postcode: &str) -> (String, String) {
    (
        format!("postcode \"{postcode}\" is not in {FILE}, so search cannot tell how near this place is"),
        format!("add a line for it to {FILE} (postcode,lat,lon), or give this location lat: and lon:"),
    )
}

/// Reads `content/postcodes.csv` if the site has one (an empty table if not). Problems in the
/// file are reported into `diags`; `Err` only when it exists but cannot be opened at all.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Result<Table, Unreadable> {
    let path = root.join(FILE);
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Table::default()),
        Err(source) => return Err(Unreadable { path, source }),
    };
    Ok(parse(std::io::BufReader::new(file), Path::new(FILE), diags))
}

/// The postcode table is there but cannot be opened.
#[derive(Debug)]
pub(crate) struct Unreadable {
    path: PathBuf,
    source: std::io::Error,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for Unreadable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads a table in `postcode,lat,lon` form, reporting every problem row by row.
pub(crate) fn parse(mut reader: impl BufRead, file: &Path, diags: &mut Diagnostics) -> Table {
    let mut report = Report {
        file: file.to_path_buf(),
        diags,
        count: 0,
    };
    let mut table = Table::default();
    let mut first_line: BTreeMap<Postcode, usize> = BTreeMap::new();
    let mut bytes = Vec::new();
    let mut line_no = 0;
    let mut seen_header = false;
    loop {
        bytes.clear();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                report.error(Pos::new(line_no + 1, 1), format!("cannot read: {err}"), "");
                break;
            }
        }
        line_no += 1;
        if line_no > MAX_ROWS + 1 {
            report.error(
                Pos::new(line_no, 1),
                format!("too many lines: a postcode table holds at most {MAX_ROWS} postcodes"),
                "keep only the postcodes of your area (supportmap import postcodes --area)",
            );
            break;
        }
        let raw = if line_no == 1 {
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)
        } else {
            &bytes[..]
        };
        let Ok(line) = std::str::from_utf8(raw) else {
            report.error(
                Pos::new(line_no, 1),
                "line is not UTF-8 text",
                "save the file as UTF-8 (CSV UTF-8 in a spreadsheet)",
            );
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if !seen_header {
            seen_header = true;
            let names: Vec<String> = fields(line).map(|(_, f)| f.to_ascii_lowercase()).collect();
            if names != ["postcode", "lat", "lon"] {
                report.error(
                    Pos::new(line_no, 1),
                    format!("the first line must name the columns {HEADER}"),
                    &format!("make the first line: {HEADER}"),
                );
            }
            continue;
        }
        let Some((postcode, point)) = row(line, line_no, &mut report) else {
            continue;
        };
        if let Some(first) = first_line.get(&postcode) {
            report.error(
                Pos::new(line_no, 1),
                format!(
                    "{} is listed twice: line {first} has it already",
                    postcode.as_str()
                ),
                "keep one line for each postcode",
            );
            continue;
        }
        first_line.insert(postcode.clone(), line_no);
        table.entries.insert(postcode, point);
    }
    if !seen_header {
        report.error(
            Pos::START,
            "the postcode table is empty",
            &format!("start it with the line {HEADER}, then one postcode a line, such as HB4 1DB,50.4563,-2.3889"),
        );
    }
    report.finish();
    table
}

/// One data row, or `None` after reporting what is wrong with it.
fn row(line: &str, line_no: usize, report: &mut Report) -> Option<(Postcode, Point)> {
    let values: Vec<(usize, &str)> = fields(line).collect();
    if values.len() != 3 {
        report.error(
            Pos::new(line_no, 1),
            format!("expected 3 values (postcode, lat, lon), found {}", values.len()),
            "write one postcode a line with its latitude and longitude, such as HB4 1DB,50.4563,-2.3889",
        );
        return None;
    }
    let (col, text) = values[0];
    let postcode = Postcode::parse(text);
    if postcode.is_none() {
        report.error(
            Pos::new(line_no, col),
            format!("\"{text}\" is not a postcode"),
            "write a full UK postcode, such as HB4 1DB",
        );
    }
    let lat = coordinate(values[1], "latitude", 90.0, "50.4563", line_no, report);
    let lon = coordinate(values[2], "longitude", 180.0, "-2.3889", line_no, report);
    Some((
        postcode?,
        Point {
            lat: lat?,
            lon: lon?,
        },
    ))
}

fn coordinate(
    (col, text): (usize, &str),
    what: &str,
    limit: f64,
    example: &str,
    line_no: usize,
    report: &mut Report,
) -> Option<f64> {
    let pos = Pos::new(line_no, col);
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (-limit..=limit).contains(&v) => Some(v),
        Ok(v) if v.is_finite() => {
            report.error(
                pos,
                format!("{what} {text} is out of range: it must be between -{limit} and {limit}"),
                "check that the latitude comes before the longitude and that the decimal point is in the right place",
            );
            None
        }
        _ => {
            report.error(
                pos,
                format!("\"{text}\" is not a {what}"),
                &format!("write it in decimal degrees, such as {example}"),
            );
            None
        }
    }
}

/// The comma-separated values of a line, trimmed and unquoted, each with its 1-based column.
/// Postcodes and numbers never hold a comma, so a quoted value never spans one.
fn fields(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut col = 1;
    line.split(',').map(move |field| {
        let start = col;
        col += field.chars().count() + 1;
        let lead = field.chars().take_while(|c| c.is_whitespace()).count();
        let value = field.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let quote = usize::from(unquoted.len() != value.len());
        (start + lead + quote, unquoted.trim())
    })
}

/// Problems with the table, capped so a wholly wrong file of a million lines stays readable.
struct Report<'a> {
    file: PathBuf,
    diags: &'a mut Diagnostics,
    count: usize,
}

impl Report<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>, help: &str) {
        self.count += 1;
        if self.count <= MAX_REPORTED {
            let d = self.diags.error(&self.file, pos, message);
            if !help.is_empty() {
                d.help(help);
            }
        }
    }

    fn finish(self) {
        if self.count > MAX_REPORTED {
            let more = self.count - MAX_REPORTED;
            self.diags
                .error(
                    &self.file,
                    Pos::START,
                    format!("{more} more problems in this file are not listed"),
                )
                .help("fix the ones listed first: they are often the same mistake");
        }
    }
}

#[cfg(test)]
mod tests;
