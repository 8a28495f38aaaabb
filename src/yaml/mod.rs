//! YAML decoding: turns the text of one record into a typed record plus a map of where each
//! field sits in the file, reporting every structural problem (syntax, unknown fields, wrong
//! types, bad vocabulary) with its line and column.
//!
//! serde stops at the first error, so decoding runs on a `serde_yaml::Value`: each failure is
//! reported, the offending node is dropped, and decoding is retried. Positions come from a
//! second pass with `yaml-rust2`'s event parser (`positions`), because `serde_yaml::Value`
//! carries none; `path` names nodes the way editors read them.
//!
//! Work stays bounded on any text: `nesting` refuses deep nesting before either parser runs,
//! and `bounded` refuses documents that aliases expand past the size of their text. `syntax`
//! explains text that is not YAML (with `mistakes` telling the common slips apart, at the line
//! that is wrong); `messages` explains what serde could not read, and text holding control
//! characters or bidirectional overrides, at its field. A value in another form than its field
//! takes ("Free", "Tuesday", "2pm") is read as meant, with a warning (`forms`).

mod bounded;
mod forms;
mod messages;
mod mistakes;
mod nesting;
mod path;
mod positions;
mod syntax;

pub use path::{Seg, YamlPath};
pub use positions::PosIndex;

use bounded::read_bounded;
use messages::{report_unsafe_text, Problem};
use path::{remove, replace_text, to_yaml_path, Removed};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::path::Path;

use crate::diagnostics::Diagnostics;

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
    let mut value = read_reporting(text, file, line_offset, diags)?;
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
        let problem = Problem::of(&err.into_inner().to_string());
        if let Problem::UnknownField { field, .. } = &problem {
            if path.last_key() != Some(field.as_str()) {
                path = path.key(field);
            }
        }
        let original = removed.original(&path);
        if let Some(read_as) = problem.read_as() {
            if replace_text(&mut value, &path, &read_as) {
                problem.report_read_as(file, &index, &original, &read_as, diags);
                continue;
            }
        }
        problem.report(file, &index, &original, diags);
        if path.0.is_empty() || !remove(&mut value, &path, &mut removed) {
            return None;
        }
        index.mark_dropped(&original);
    }
    None
}

/// The YAML value of `text`, with any reason it cannot be read reported.
fn read_reporting(
    text: &str,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Value> {
    if let Err(deep) = nesting::check(text) {
        syntax::report_too_deep(deep, file, line_offset, diags);
        return None;
    }
    read_bounded(text)
        .map_err(|err| syntax::report_syntax_error(&err, text, file, line_offset, diags))
        .ok()
}

/// The YAML value of `text`, or `None` when it is not YAML or is nested or expands past what
/// a record holds: for reading a record's fields without reporting on it (`import` looks at
/// what `content/` already has).
pub(crate) fn read_value(text: &str) -> Option<Value> {
    nesting::check(text).ok()?;
    read_bounded(text).ok()
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
