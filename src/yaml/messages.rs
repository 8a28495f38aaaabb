//! Messages about what a document holds: serde's problems (an unknown field, a word outside
//! its list, the wrong kind of value) told apart and put in editors' words with a suggestion,
//! and text holding characters that cannot be seen.

use super::forms;
use super::path::YamlPath;
use super::positions::PosIndex;
use super::MAX_PROBLEMS_PER_FILE;
use crate::diagnostics::{did_you_mean, did_you_mean_clause, is_unsafe_char, Diagnostics};
use serde_yaml::Value;
use std::fmt::Write as _;
use std::path::Path;

/// What serde found wrong with one node, told apart from its message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// A field this kind of record does not have, and the fields it has.
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    /// A word outside a closed list (such as `cost`), and the words in it.
    UnknownWord { word: String, expected: Vec<String> },
    /// Text that is not a time written "HH:MM", and serde's message about it.
    BadTime { text: String, message: String },
    /// Anything else (the wrong kind of value, a bad date), in serde's words.
    Other(String),
}

impl Problem {
    pub(crate) fn of(message: &str) -> Problem {
        if let Some((field, expected)) = parse_unknown(message, "unknown field") {
            Problem::UnknownField { field, expected }
        } else if let Some((word, expected)) = parse_unknown(message, "unknown variant") {
            Problem::UnknownWord { word, expected }
        } else if let Some(text) = quoted_after(message, "invalid time \"") {
            Problem::BadTime {
                text,
                message: message.to_string(),
            }
        } else {
            Problem::Other(message.to_string())
        }
    }

    /// What the value means when it is written in another form than the field takes, such as
    /// "free" for "Free" or "14:00" for "2pm".
    pub(crate) fn read_as(&self) -> Option<String> {
        match self {
            Problem::UnknownWord { word, expected } => forms::listed_word(word, expected),
            Problem::BadTime { text, .. } => forms::time_of(text),
            _ => None,
        }
    }

    /// The warning for a value accepted as `read_as`, with the form to write instead.
    pub(crate) fn report_read_as(
        &self,
        file: &Path,
        index: &PosIndex,
        original: &YamlPath,
        read_as: &str,
        diags: &mut Diagnostics,
    ) {
        let (written, help) = match self {
            Problem::UnknownWord { word, expected } => (
                word,
                format!(
                    "write {read_as} to make this warning go away ({})",
                    expected_help("the values here are", expected)
                ),
            ),
            Problem::BadTime { text, .. } => (
                text,
                format!("write \"{read_as}\" to make this warning go away: times are written \"HH:MM\" on the 24-hour clock, in quotes"),
            ),
            _ => return,
        };
        diags
            .warning(
                file,
                index.value(original),
                format!("\"{written}\" is read as \"{read_as}\""),
            )
            .help(help);
    }

    /// Reports the problem at `original`, the path as the editor sees it in the file.
    pub(crate) fn report(
        &self,
        file: &Path,
        index: &PosIndex,
        original: &YamlPath,
        diags: &mut Diagnostics,
    ) {
        match self {
            Problem::UnknownField { field, expected } => {
                let d = diags.error(
                    file,
                    index.key(original),
                    format!("unknown field \"{field}\"{}", suggestion(field, expected)),
                );
                d.help(expected_help("fields here are", expected));
            }
            Problem::UnknownWord { word, expected } => {
                let field = original.last_key().unwrap_or("this field").to_string();
                let d = diags.error(
                    file,
                    index.value(original),
                    format!(
                        "\"{word}\" is not a valid value for {field}{}",
                        suggestion(word, expected)
                    ),
                );
                d.help(expected_help("valid values are", expected));
            }
            Problem::Other(message) | Problem::BadTime { message, .. } => {
                let what = if original.0.is_empty() {
                    "this file".to_string()
                } else {
                    format!("\"{original}\"")
                };
                let d = diags.error(
                    file,
                    index.value(original),
                    format!("{what}: {}", friendly(message)),
                );
                if message.ends_with("expected a boolean") {
                    d.help("write true or false (yes, no, on and off are not understood)");
                }
            }
        }
    }
}

/// Reports each text value holding a control character or a bidirectional override, at its
/// field: the characters cannot be seen in an editor, yet garble a terminal or make a page
/// read in a different order from what was written. Returns how many were reported (the
/// file's share of `MAX_PROBLEMS_PER_FILE` they took).
pub(crate) fn report_unsafe_text(
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

/// The text between `prefix`'s opening quote and the next `": `, as in serde's
/// `invalid time "2pm": write times as ...`.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.find("\": ").map(|end| rest[..end].to_string())
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into the word and the choices.
fn parse_unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?.trim_start();
    let mut quoted = rest.split('`').skip(1).step_by(2).map(str::to_string);
    let word = quoted.next()?;
    Some((word, quoted.collect()))
}

fn suggestion(word: &str, expected: &[String]) -> String {
    did_you_mean_clause(did_you_mean(word, expected.iter().map(String::as_str)))
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
