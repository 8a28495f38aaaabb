//! YAML decoding: turns the text of one record into a typed record plus a map of where each
//! field sits in the file, reporting every structural problem (syntax, unknown fields, wrong
//! types, bad vocabulary) with its line and column.
//!
//! serde stops at the first error, so decoding runs on a `serde_yaml::Value`: each failure is
//! reported, the offending node is dropped, and decoding is retried. Positions come from a
//! second pass with `yaml-rust2`'s event parser, because `serde_yaml::Value` carries none.
//!
//! Work stays bounded on any text: `nesting` refuses deep nesting before either parser runs,
//! and `read_bounded` refuses documents that aliases expand past the size of their text.
//! Text holding control characters or bidirectional overrides is reported at its field.

mod nesting;

use crate::diagnostics::{did_you_mean, is_unsafe_char, Diagnostics, Pos};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path such as `locations[0].postcode`, written the way editors read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        YamlPath(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        YamlPath(segs)
    }

    fn parent(&self) -> Self {
        YamlPath(self.0[..self.0.len().saturating_sub(1)].to_vec())
    }

    fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
    }
}

impl std::fmt::Display for YamlPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Where each node of a document starts, keyed by its path. Made from the text the first time
/// a position is asked for: most records have nothing to report, and parsing every file a
/// second time for positions was a twentieth of a large build.
#[derive(Debug, Default)]
pub struct PosIndex {
    text: String,
    nodes: OnceLock<HashMap<String, NodePos>>,
    line_offset: usize,
    /// Nodes already reported and dropped while decoding; a later "missing field" for one of
    /// them would only repeat the problem.
    dropped: HashSet<String>,
}

#[derive(Debug, Clone, Copy)]
struct NodePos {
    key: Option<Pos>,
    value: Pos,
}

impl PosIndex {
    pub fn was_dropped(&self, path: &YamlPath) -> bool {
        self.dropped.contains(&path.to_string())
    }

    /// Position of the value at `path`, or of its nearest ancestor that has one. The document
    /// itself is placed at its first line, where editors look for missing fields.
    pub fn value(&self, path: &YamlPath) -> Pos {
        if path.0.is_empty() {
            return Pos::new(1 + self.line_offset, 1);
        }
        self.lookup(path, |n| n.value)
    }

    /// Position of the key naming `path` (for unknown or misplaced fields).
    pub fn key(&self, path: &YamlPath) -> Pos {
        self.lookup(path, |n| n.key.unwrap_or(n.value))
    }

    fn lookup(&self, path: &YamlPath, pick: impl Fn(&NodePos) -> Pos) -> Pos {
        let mut path = path.clone();
        let nodes = self.nodes.get_or_init(|| nodes_of(&self.text));
        loop {
            if let Some(node) = nodes.get(&path.to_string()) {
                let pos = pick(node);
                return Pos::new(pos.line + self.line_offset, pos.col);
            }
            if path.0.is_empty() {
                return Pos::new(1 + self.line_offset, 1);
            }
            path = path.parent();
        }
    }

    fn new(text: &str, line_offset: usize) -> PosIndex {
        PosIndex {
            text: text.to_string(),
            nodes: OnceLock::new(),
            line_offset,
            dropped: HashSet::new(),
        }
    }
}

fn nodes_of(text: &str) -> HashMap<String, NodePos> {
    let mut builder = IndexBuilder::default();
    // A document yaml-rust2 cannot read was already reported by serde_yaml; positions then
    // fall back to the start of the file.
    let _ = Parser::new_from_str(text).load(&mut builder, false);
    builder.nodes
}

enum Frame {
    Map {
        path: YamlPath,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: YamlPath,
        next: usize,
    },
    /// A complex (non-scalar) mapping key: its contents have no path of their own.
    Skip {
        depth: usize,
    },
}

#[derive(Default)]
struct IndexBuilder {
    stack: Vec<Frame>,
    nodes: HashMap<String, NodePos>,
}

impl IndexBuilder {
    /// Claims the slot a new node fills; `None` when the node is a mapping key.
    fn slot(&mut self, event: &Event, pos: Pos) -> Option<(YamlPath, Option<Pos>)> {
        match self.stack.last_mut() {
            None => Some((YamlPath::root(), None)),
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                Some((path.index(*next - 1), None))
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some((k, key_pos)) => Some((path.key(&k), Some(key_pos))),
                None => {
                    let name = match event {
                        Event::Scalar(s, ..) => s.clone(),
                        _ => String::from("?"),
                    };
                    *key = Some((name, pos));
                    None
                }
            },
            Some(Frame::Skip { .. }) => None,
        }
    }
}

impl MarkedEventReceiver for IndexBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let pos = Pos::new(mark.line(), mark.col() + 1);
        if let Some(Frame::Skip { depth }) = self.stack.last_mut() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd if *depth == 0 => {
                    self.stack.pop();
                }
                Event::MappingEnd | Event::SequenceEnd => *depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let slot = self.slot(&event, pos);
                let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
                match slot {
                    Some((path, key)) => {
                        self.nodes
                            .insert(path.to_string(), NodePos { key, value: pos });
                        match event {
                            Event::MappingStart(..) => {
                                self.stack.push(Frame::Map { path, key: None })
                            }
                            Event::SequenceStart(..) => {
                                self.stack.push(Frame::Seq { path, next: 0 })
                            }
                            _ => {}
                        }
                    }
                    None if is_key && opens => self.stack.push(Frame::Skip { depth: 0 }),
                    None => {}
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Most structural problems a single file is allowed to report before decoding gives up.
const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Decodes one YAML document into `T`, reporting every problem found. `line_offset` is the
/// number of lines before the YAML starts in the file (front matter starts on line 2).
/// Returns `None` only when the document cannot be read as a record at all.
pub fn decode<T: DeserializeOwned + Default>(
    text: &str,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<(T, PosIndex)> {
    if let Err(deep) = nesting::check(text) {
        report_too_deep(deep, file, line_offset, diags);
        return None;
    }
    let mut value: Value = match read_bounded(text) {
        Ok(value) => value,
        Err(err) => {
            report_syntax_error(&err, file, line_offset, diags);
            return None;
        }
    };
    let mut index = PosIndex::new(text, line_offset);
    if value.is_null() {
        return Some((T::default(), index));
    }
    let reported = report_unsafe_text(&value, file, &index, diags);
    let mut removed = Removed::default();
    for _ in reported..MAX_PROBLEMS_PER_FILE {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(record) => return Some((record, index)),
            Err(err) => err,
        };
        let mut path = to_yaml_path(err.path());
        let message = err.into_inner().to_string();
        if let Some((field, expected)) = parse_unknown(&message, "unknown field") {
            if path.last_key() != Some(field.as_str()) {
                path = path.key(&field);
            }
            let original = removed.original(&path);
            let d = diags.error(
                file,
                index.key(&original),
                format!("unknown field \"{field}\"{}", suggestion(&field, &expected)),
            );
            d.help(expected_help("fields here are", &expected));
        } else if let Some((word, expected)) = parse_unknown(&message, "unknown variant") {
            let original = removed.original(&path);
            let field = original.last_key().unwrap_or("this field").to_string();
            let d = diags.error(
                file,
                index.value(&original),
                format!(
                    "\"{word}\" is not a valid value for {field}{}",
                    suggestion(&word, &expected)
                ),
            );
            d.help(expected_help("valid values are", &expected));
        } else {
            let original = removed.original(&path);
            let what = if original.0.is_empty() {
                "this file".to_string()
            } else {
                format!("\"{original}\"")
            };
            let d = diags.error(
                file,
                index.value(&original),
                format!("{what}: {}", friendly(&message)),
            );
            if message.ends_with("expected a boolean") {
                d.help("write true or false (yes, no, on and off are not understood)");
            }
        }
        let original = removed.original(&path);
        if path.0.is_empty() || !remove(&mut value, &path, &mut removed) {
            return None;
        }
        index.dropped.insert(original.to_string());
    }
    None
}

/// The YAML value of `text`, or `None` when it is not YAML or is nested or expands past what
/// a record holds: for reading a record's fields without reporting on it (`import` looks at
/// what `content/` already has).
pub(crate) fn read_value(text: &str) -> Option<Value> {
    nesting::check(text).ok()?;
    read_bounded(text).ok()
}

/// `serde_yaml::from_str::<Value>`, but refusing a document that expands past a size linear in
/// its text. Aliases (`*name`) copy whole subtrees, and serde_yaml's own limit counts alias
/// jumps, not what they copy: 15 KB of `&a [x, x, ...]` and `[*a, *a, ...]` took 44 s and 2 GB.
/// Every node costs 1 and every string its length; a document without aliases costs at most
/// about 1.5 times its length.
fn read_bounded(text: &str) -> Result<Value, serde_yaml::Error> {
    let budget = Cell::new(2 * text.len() + 64 * 1024);
    serde::de::DeserializeSeed::deserialize(
        Bounded(&budget),
        serde_yaml::Deserializer::from_str(text),
    )
}

const TOO_BIG: &str =
    "aliases (*name) repeat too much: this document expands to far more data than a record holds";

/// Builds a `Value` exactly as serde_yaml's own visitor does, spending from a shared budget.
#[derive(Clone, Copy)]
struct Bounded<'b>(&'b Cell<usize>);

impl Bounded<'_> {
    fn spend<E: serde::de::Error>(self, cost: usize) -> Result<(), E> {
        let left = self
            .0
            .get()
            .checked_sub(cost)
            .ok_or_else(|| E::custom(TOO_BIG))?;
        self.0.set(left);
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Bool(b))
    }
    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(i.into()))
    }
    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(u.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Number(f.into()))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        self.spend(1 + s.len()).map(|_| Value::String(s.to_owned()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1).map(|_| Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            if mapping.contains_key(&key) {
                // serde_yaml's wording, which editors see for a field written twice.
                let which = match &key {
                    Value::Null => "with null key".to_string(),
                    Value::Bool(b) => format!("with key `{b}`"),
                    Value::Number(n) => format!("with key {n}"),
                    Value::String(s) => format!("with key {s:?}"),
                    _ => "in YAML map".to_string(),
                };
                return Err(serde::de::Error::custom(format!("duplicate entry {which}")));
            }
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents): (String, _) = data.variant()?;
        if tag.is_empty() {
            return Err(serde::de::Error::custom("empty YAML tag is not allowed"));
        }
        self.spend(1 + tag.len())?;
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }
}

fn report_too_deep(
    deep: nesting::TooDeep,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) {
    let pos = Pos::new(deep.line + line_offset, deep.col);
    let max = nesting::MAX_DEPTH;
    if deep.brackets {
        diags
            .error(file, pos, format!("nested more than {max} levels deep: a record never needs this many [ or {{ inside each other"))
            .help("remove the extra [ and { (or close them with ] and }), or put text that contains brackets in quotes");
    } else {
        diags
            .error(file, pos, format!("nested more than {max} levels deep: a record never needs this many indented fields or lists inside each other"))
            .help("check the indentation of this line and the lines above it: each level is a few more spaces or a \"- \"");
    }
}

/// Reports each text value holding a control character or a bidirectional override, at its
/// field: the characters cannot be seen in an editor, yet garble a terminal or make a page
/// read in a different order from what was written. Returns how many were reported (the
/// file's share of `MAX_PROBLEMS_PER_FILE` they took).
fn report_unsafe_text(
    value: &Value,
    file: &Path,
    index: &PosIndex,
    diags: &mut Diagnostics,
) -> usize {
    let mut found = Vec::new();
    unsafe_text(value, YamlPath::root(), &mut found);
    let reported = found.len();
    for (path, c) in found {
        let field = if path.0.is_empty() {
            "this file".to_string()
        } else {
            format!("\"{path}\"")
        };
        let code = format!("U+{:04X}", u32::from(c));
        if c.is_control() {
            diags
                .error(file, index.value(&path), format!("{field} contains an invisible control character ({code})"))
                .help("delete it and retype the text around it: control characters garble terminals and mean nothing on a page (in YAML they are often typed as escapes such as \\e or \\x1b)");
        } else {
            diags
                .error(file, index.value(&path), format!("{field} contains a bidirectional override ({code}) that makes text show in a different order from how it was written"))
                .help("delete it: right-to-left text displays correctly as typed; where a mark is needed, use U+200E or U+200F");
        }
    }
    reported
}

fn unsafe_text(value: &Value, path: YamlPath, found: &mut Vec<(YamlPath, char)>) {
    if found.len() >= MAX_PROBLEMS_PER_FILE / 2 {
        return;
    }
    match value {
        Value::String(s) => found.extend(s.chars().find(|&c| is_unsafe_char(c)).map(|c| (path, c))),
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                unsafe_text(item, path.index(i), found);
            }
        }
        Value::Mapping(fields) => {
            for (key, item) in fields {
                match key.as_str() {
                    Some(key) => unsafe_text(item, path.key(key), found),
                    None => unsafe_text(item, path.clone(), found),
                }
            }
        }
        Value::Tagged(tagged) => unsafe_text(&tagged.value, path, found),
        _ => {}
    }
}

fn report_syntax_error(
    err: &serde_yaml::Error,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) {
    let pos = err
        .location()
        .map(|l| Pos::new(l.line() + line_offset, l.column()))
        .unwrap_or(Pos::new(1 + line_offset, 1));
    let mut message = err.to_string();
    if message.contains(TOO_BIG) {
        let d = diags.error(file, pos, TOO_BIG);
        d.help("write the values out, or repeat an anchor (&name) a few times only");
        return;
    }
    // The position is already in the diagnostic's prefix; the message need not repeat it.
    if let Some(l) = err.location() {
        message = message.replacen(
            &format!(" at line {} column {}", l.line(), l.column()),
            "",
            1,
        );
    }
    let d = diags.error(file, pos, format!("this is not valid YAML: {message}"));
    d.help("check the indentation and that text containing \": \" or \"#\" is in quotes");
}

/// The path of the node an error is about. An `Enum` step is a YAML tag (`!name value`) on the
/// node already reached, and nothing below an `Unknown` step can be named, so the path stops
/// there: the error is still reported, at the nearest node that has a position.
fn to_yaml_path(path: &serde_path_to_error::Path) -> YamlPath {
    use serde_path_to_error::Segment;
    YamlPath(
        path.iter()
            .map_while(|seg| match seg {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect(),
    )
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into the word and the choices.
fn parse_unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?.trim_start();
    let mut quoted = rest.split('`').skip(1).step_by(2).map(str::to_string);
    let word = quoted.next()?;
    Some((word, quoted.collect()))
}

fn suggestion(word: &str, expected: &[String]) -> String {
    did_you_mean(word, expected.iter().map(String::as_str))
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_default()
}

fn expected_help(intro: &str, expected: &[String]) -> String {
    if expected.is_empty() {
        return "remove this field".to_string();
    }
    let mut help = format!("{intro}: ");
    for (i, e) in expected.iter().enumerate() {
        let _ = write!(help, "{}{e}", if i == 0 { "" } else { ", " });
    }
    help
}

/// serde's wording is for programmers; editors think in lists, text and numbers.
fn friendly(message: &str) -> String {
    let mut m = message.replace(
        "invalid type: ",
        "expected a different kind of value: found ",
    );
    for (from, to) in [
        ("a sequence", "a list"),
        ("sequence", "a list"),
        ("a map", "a set of fields"),
        ("a string", "text"),
        ("unit value", "an empty value"),
        ("expected field identifier", "expected a field name"),
        ("expected unit", "expected a plain word without a !tag"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u32", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected f64", "expected a number"),
    ] {
        m = m.replace(from, to);
    }
    if let Some(at) = m.find("expected struct ") {
        m.truncate(at);
        m.push_str("expected a set of fields (name: value)");
    }
    m
}

/// Sequence elements dropped while recovering, so later paths can be mapped back to the
/// indexes the editor sees in the file.
#[derive(Default)]
struct Removed {
    elements: Vec<(YamlPath, usize)>,
}

impl Removed {
    fn original(&self, path: &YamlPath) -> YamlPath {
        let mut out = YamlPath::root();
        for seg in &path.0 {
            out = match seg {
                Seg::Key(k) => out.key(k),
                Seg::Index(i) => {
                    let mut gone: Vec<usize> = self
                        .elements
                        .iter()
                        .filter(|(p, _)| *p == out)
                        .map(|(_, i)| *i)
                        .collect();
                    gone.sort_unstable();
                    let mut original = *i;
                    for g in gone {
                        if g <= original {
                            original += 1;
                        }
                    }
                    out.index(original)
                }
            };
        }
        out
    }
}

fn remove(value: &mut Value, path: &YamlPath, removed: &mut Removed) -> bool {
    let Some((last, parents)) = path.0.split_last() else {
        return false;
    };
    let mut node = value;
    for seg in parents {
        let next = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str()),
            (Seg::Index(i), Value::Sequence(s)) => s.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    match (last, node) {
        (Seg::Key(k), Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (Seg::Index(i), Value::Sequence(s)) if *i < s.len() => {
            let original = removed.original(path);
            if let Some(Seg::Index(n)) = original.0.last() {
                removed.elements.push((original.parent(), *n));
            }
            s.remove(*i);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::AssetRecord;

    fn decode_asset(text: &str) -> (Option<AssetRecord>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let record =
            decode::<AssetRecord>(text, Path::new("a.yaml"), 0, &mut diags).map(|(r, _)| r);
        (
            record,
            diags.sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn reports_every_unknown_field_with_position_and_suggestion() {
        let text = "name: Lunch club\nsumary: x\nlocations:\n  - address: 1 High St\n    postcde: HB1 1AA\n";
        let (record, errors) = decode_asset(text);
        assert!(record.is_some());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "a.yaml:2:1: error: unknown field \"sumary\", did you mean \"summary\"?"
            ),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with(
                "a.yaml:5:5: error: unknown field \"postcde\", did you mean \"postcode\"?"
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn reports_bad_values_in_lists_at_their_original_index() {
        let text = "name: x\naccess: [dropin, self_referral, profesional_referral]\n";
        let (_, errors) = decode_asset(text);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("a.yaml:2:10: error: \"dropin\" is not a valid value for access, did you mean \"drop_in\"?"), "{errors:?}");
        assert!(
            errors[1].starts_with("a.yaml:2:33: error: \"profesional_referral\""),
            "{errors:?}"
        );
    }

    #[test]
    fn reports_wrong_types_and_syntax() {
        let (_, errors) = decode_asset("name: x\nneeds: money\nlast_reviewed: 2026-13-01\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("a.yaml:2:8: error: \"needs\": expected a different kind of value: found string \"money\", expected a list"), "{errors:?}");
        assert!(
            errors[1]
                .contains("a.yaml:3:16: error: \"last_reviewed\": invalid date \"2026-13-01\""),
            "{errors:?}"
        );
        let (record, errors) = decode_asset("name: [unclosed\n");
        assert!(record.is_none());
        assert!(
            errors[0].starts_with("a.yaml:2:1: error: this is not valid YAML"),
            "{errors:?}"
        );
    }

    #[test]
    fn alias_bombs_are_rejected() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = if i == 1 {
                    String::new()
                } else {
                    (i - 1).to_string()
                }
            ));
        }
        let (record, errors) = decode_asset(&text);
        assert!(record.is_none());
        assert!(!errors.is_empty());
    }

    #[test]
    fn aliases_cannot_expand_past_the_size_of_the_text() {
        // Flat, not nested: serde_yaml's alias limit let this 15 KB file grow to 2 GB.
        let n = 3000;
        let text = format!(
            "name: x\ntags: &a [{}]\nlanguages: [{}]\n",
            "x,".repeat(n),
            "*a,".repeat(n)
        );
        let started = std::time::Instant::now();
        let (record, errors) = decode_asset(&text);
        assert!(record.is_none());
        assert!(
            errors[0].starts_with("a.yaml:2:")
                && errors[0].contains(": error: aliases (*name) repeat too much"),
            "{errors:?}"
        );
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
        let text = format!("name: &n \"{}\"\nsummary: *n\n", "y".repeat(400_000));
        let (record, errors) = decode_asset(&text);
        assert!(
            record.is_some_and(|r| r.summary.unwrap().len() == 400_000),
            "{errors:?}"
        );
    }

    #[test]
    fn legitimate_anchors_duplicate_keys_and_tags_read_as_before() {
        let (record, errors) =
            decode_asset("name: &n Lunch\norganisation: *n\nplaces: &p [a, b]\ntags: *p\n");
        let record = record.unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(record.organisation.as_deref(), Some("Lunch"));
        assert_eq!(record.tags, ["a", "b"]);
        let (_, errors) = decode_asset("name: a\nname: b\n");
        assert!(
            errors[0].contains("duplicate entry with key \"name\""),
            "{errors:?}"
        );
        for text in [
            "a: !custom x\nb: !!str 1\nc: [1, -2, 3.5, true, ~, {? [x] : y}]\n",
            "",
            "- &a {b: *a}\n",
            "a: !t\n",
        ] {
            let theirs = serde_yaml::from_str::<Value>(text).map_err(|e| e.to_string());
            assert_eq!(
                read_bounded(text).map_err(|e| e.to_string()),
                theirs,
                "{text}"
            );
        }
    }

    #[test]
    fn tagged_values_are_reported_not_silently_dropped() {
        // A tag makes serde see an enum; the record used to vanish without a word.
        let (record, errors) = decode_asset("name: x\naccess: [!drop_in x]\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("a.yaml:2:") && errors[0].contains("without a !tag"),
            "{errors:?}"
        );
        assert!(record.is_some_and(|r| r.access.is_empty()));
        let (record, errors) = decode_asset("name: x\n&a: y\n");
        assert!(
            record.is_none() && errors[0].contains("expected a field name"),
            "{errors:?}"
        );
        let (record, errors) = decode_asset("!tagged\nname: x\n");
        assert!(record.is_some() || !errors.is_empty(), "{errors:?}");
    }
}
