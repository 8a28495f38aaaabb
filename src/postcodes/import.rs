//! `supportmap import postcodes`: makes `content/postcodes.csv` from open postcode data.
//!
//! Two shapes are read, told apart by the first line. The ONS Postcode Directory (ONSPD, and
//! its National Statistics twin NSPL) has a header row naming `pcds` (the postcode as written),
//! `doterm` (the date a postcode was withdrawn) and `lat`/`long`, or grid references in
//! `oseast1m`/`osnrth1m`. Ordnance Survey Code-Point Open has no header: postcode, positional
//! quality, eastings, northings, then area codes. The full directory is millions of rows, so it
//! is streamed and only the postcodes kept (`--area`) are held.

mod error;

pub(crate) use error::{ImportError, Unusable};

use super::{grid, Point, Postcode, HEADER, MAX_ROWS};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub(crate) struct Options {
    /// The ONSPD or Code-Point Open CSV file.
    pub source: PathBuf,
    /// The content folder to write into (or a site folder holding `content/`).
    pub into: PathBuf,
    /// Keep only postcodes in these areas (`HB`), districts (`HB4`) or sectors (`HB4 1`).
    pub areas: Vec<String>,
    pub overwrite: bool,
}

/// Where the rows' positions are, as the header (or its absence) says.
#[derive(Debug, PartialEq)]
enum Shape {
    /// A header row: the postcode's column, its withdrawal date's, and its position's.
    Directory {
        postcode: usize,
        terminated: Option<usize>,
        position: Position,
    },
    /// Code-Point Open: postcode, quality, eastings, northings.
    CodePoint,
}

#[derive(Debug, PartialEq)]
enum Position {
    LatLon(usize, usize),
    Grid(usize, usize),
}

/// What was left out, and a few examples of rows that could not be read.
#[derive(Default)]
struct Skipped {
    terminated: usize,
    no_position: usize,
    outside_area: usize,
    duplicate: usize,
    unreadable: usize,
    examples: Vec<String>,
}

const EXAMPLES: usize = 10;
/// A line longer than this is not postcode data.
const MAX_LINE_BYTES: usize = 64 * 1024;

pub(crate) fn run(options: &Options) -> Result<String, ImportError> {
    let content = content_folder(&options.into)?;
    let target = content.join("postcodes.csv");
    if target.exists() && !options.overwrite {
        return Err(ImportError::Exists { target });
    }
    let areas = options
        .areas
        .iter()
        .map(|a| Area::parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    let file = &options.source;
    let opened = std::fs::File::open(file).map_err(|source| ImportError::CannotOpen {
        file: file.clone(),
        source,
    })?;
    let (table, skipped) =
        read(BoundedLines::new(opened), &areas).map_err(|why| ImportError::Unusable {
            file: file.clone(),
            why,
        })?;
    if table.is_empty() {
        return Err(ImportError::NoPostcodes {
            file: file.clone(),
            areas_given: !areas.is_empty(),
        });
    }
    write_table(&target, &table).map_err(|source| ImportError::CannotWrite {
        target: target.clone(),
        source,
    })?;
    Ok(summary(&target, table.len(), &skipped))
}

fn content_folder(into: &Path) -> Result<PathBuf, ImportError> {
    let nested = into.join("content");
    let content = if nested.is_dir() {
        nested
    } else {
        into.to_path_buf()
    };
    if !content.is_dir() {
        return Err(ImportError::NoContentFolder { at: content });
    }
    Ok(content)
}

/// Reads every row, keeping the postcodes in `areas` (all when none are given).
fn read(
    input: impl Read,
    areas: &[Area],
) -> Result<(BTreeMap<Postcode, Point>, Skipped), Unusable> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.records();
    let first = match records.next() {
        Some(first) => first.map_err(Unusable::Unreadable)?,
        None => return Err(Unusable::Empty),
    };
    let shape = shape(&first)?;
    let mut table = BTreeMap::new();
    let mut skipped = Skipped::default();
    let data = (shape == Shape::CodePoint).then_some(Ok(first));
    for (i, record) in data.into_iter().chain(records).enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => return Err(Unusable::Unreadable(e)),
        };
        let line = record.position().map_or(i + 1, |p| p.line() as usize);
        match row(&shape, &record, areas) {
            Row::Keep(postcode, point) => {
                if table.contains_key(&postcode) {
                    skipped.duplicate += 1;
                    continue;
                }
                if table.len() == MAX_ROWS {
                    return Err(Unusable::TooMany);
                }
                table.insert(postcode, point);
            }
            Row::Terminated => skipped.terminated += 1,
            Row::NoPosition => skipped.no_position += 1,
            Row::OutsideArea => skipped.outside_area += 1,
            Row::Unreadable(why) => {
                skipped.unreadable += 1;
                if skipped.examples.len() < EXAMPLES {
                    skipped.examples.push(format!("line {line}: {why}"));
                }
            }
        }
    }
    Ok((table, skipped))
}

fn shape(first: &csv::StringRecord) -> Result<Shape, Unusable> {
    let names: Vec<String> = first
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let find = |options: &[&str]| {
        options
            .iter()
            .find_map(|o| names.iter().position(|n| n == o))
    };
    if let Some(postcode) = find(&["pcds", "pcd", "pcd2", "postcode"]) {
        let position = match (
            find(&["lat", "latitude"]),
            find(&["long", "lon", "longitude"]),
        ) {
            (Some(lat), Some(lon)) => Position::LatLon(lat, lon),
            _ => match (
                find(&["oseast1m", "eastings", "easting"]),
                find(&["osnrth1m", "northings", "northing"]),
            ) {
                (Some(e), Some(n)) => Position::Grid(e, n),
                _ => return Err(Unusable::NoPosition),
            },
        };
        return Ok(Shape::Directory {
            postcode,
            terminated: find(&["doterm"]),
            position,
        });
    }
    let looks_like_code_point = first.len() >= 4
        && Postcode::parse(&first[0]).is_some()
        && first[2].trim().parse::<f64>().is_ok();
    if looks_like_code_point {
        return Ok(Shape::CodePoint);
    }
    Err(Unusable::UnknownShape)
}

enum Row {
    Keep(Postcode, Point),
    Terminated,
    NoPosition,
    OutsideArea,
    Unreadable(String),
}

fn row(shape: &Shape, record: &csv::StringRecord, areas: &[Area]) -> Row {
    let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
    let (postcode_at, terminated, position) = match shape {
        Shape::Directory {
            postcode,
            terminated,
            position,
        } => (*postcode, terminated.map(field), position),
        Shape::CodePoint => (0, None, &Position::Grid(2, 3)),
    };
    let text = field(postcode_at);
    let Some(postcode) = Postcode::parse(text) else {
        return Row::Unreadable(format!("\"{text}\" is not a postcode"));
    };
    if !areas.is_empty() && !areas.iter().any(|a| a.contains(&postcode)) {
        return Row::OutsideArea;
    }
    if terminated.is_some_and(|t| !t.is_empty()) {
        return Row::Terminated;
    }
    // Code-Point Open marks a postcode it has no position for with quality 90 (and 0, 0).
    if *shape == Shape::CodePoint && field(1) == "90" {
        return Row::NoPosition;
    }
    let number = |i: usize| field(i).parse::<f64>().ok().filter(|v| v.is_finite());
    let point = match *position {
        Position::LatLon(lat, lon) => match (number(lat), number(lon)) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ if field(lat).is_empty() => None,
            _ => {
                return Row::Unreadable(format!(
                    "\"{}\", \"{}\" is not a latitude and longitude",
                    field(lat),
                    field(lon)
                ))
            }
        },
        Position::Grid(e, n) => match (number(e), number(n)) {
            (Some(e), Some(n)) if e == 0.0 && n == 0.0 => None,
            (Some(e), Some(n)) => grid::to_wgs84(e, n),
            _ if field(e).is_empty() => None,
            _ => {
                return Row::Unreadable(format!(
                    "\"{}\", \"{}\" are not eastings and northings",
                    field(e),
                    field(n)
                ))
            }
        },
    };
    // The directory writes 99.999999, 0 for a postcode with no grid reference.
    match point {
        Some((lat, lon))
            if (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lon)
                && lat.abs() < 99.0 =>
        {
            Row::Keep(postcode, Point { lat, lon })
        }
        _ => Row::NoPosition,
    }
}

/// A postcode area (`HB`: its letters), district (`HB4`: its outward code) or sector (`HB4 1`).
#[derive(Debug)]
struct Area(String);

impl Area {
    fn parse(text: &str) -> Result<Area, ImportError> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(str::to_ascii_uppercase)
            .collect();
        let normal = words.join(" ");
        let valid = !normal.is_empty()
            && normal.len() <= 6
            && normal
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ')
            && normal.as_bytes()[0].is_ascii_alphabetic()
            && words.len() <= 2;
        if valid {
            Ok(Area(normal))
        } else {
            Err(ImportError::BadArea {
                text: text.to_string(),
            })
        }
    }

    fn contains(&self, postcode: &Postcode) -> bool {
        let code = postcode.as_str();
        let Some(rest) = code.strip_prefix(self.0.as_str()) else {
            return false;
        };
        // HB4 is not the start of HB40, and S (Sheffield) is not the start of SW.
        let next = rest.bytes().next();
        if self.0.contains(' ') {
            true
        } else if self.0.bytes().all(|b| b.is_ascii_alphabetic()) {
            next.is_some_and(|b| b.is_ascii_digit())
        } else {
            next == Some(b' ')
        }
    }
}

fn write_table(target: &Path, table: &BTreeMap<Postcode, Point>) -> std::io::Result<()> {
    let partial = target.with_extension("csv.partial");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&partial)?);
    writeln!(out, "{HEADER}")?;
    for (postcode, point) in table {
        writeln!(
            out,
            "{},{:.5},{:.5}",
            postcode.as_str(),
            point.lat,
            point.lon
        )?;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, target)
}

fn summary(target: &Path, kept: usize, skipped: &Skipped) -> String {
    let shown = target
        .to_string_lossy()
        .strip_prefix("./")
        .map_or_else(|| target.display().to_string(), str::to_string);
    let mut text = format!("Wrote {kept} postcodes to {shown}");
    let parts: Vec<String> = [
        (skipped.outside_area, "outside --area"),
        (skipped.terminated, "no longer in use (terminated)"),
        (skipped.no_position, "with no position"),
        (skipped.duplicate, "listed again (the first was kept)"),
        (skipped.unreadable, "unreadable"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !parts.is_empty() {
        let _ = write!(text, "; skipped {}", parts.join(", "));
    }
    for example in &skipped.examples {
        let _ = write!(text, "\n  skipped {example}");
    }
    if skipped.unreadable > skipped.examples.len() {
        let _ = write!(
            text,
            "\n  and {} more unreadable lines",
            skipped.unreadable - skipped.examples.len()
        );
    }
    text
}

/// Passes the input through, failing on a line too long to be postcode data, so a wrong file
/// (one huge line) cannot fill memory.
struct BoundedLines<R> {
    inner: R,
    since_newline: usize,
}

impl<R: Read> BoundedLines<R> {
    fn new(inner: R) -> Self {
        BoundedLines {
            inner,
            since_newline: 0,
        }
    }
}

impl<R: Read> Read for BoundedLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(last) => self.since_newline = n - last - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE_BYTES {
            return Err(std::io::Error::other(format!(
                "a line is longer than {} KB: this is not postcode data",
                MAX_LINE_BYTES / 1024
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
