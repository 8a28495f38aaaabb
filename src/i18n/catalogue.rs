//! Catalogue files: reads one `languages/<tag>.yaml` into texts, and finds what `check` warns
//! about in a translation (keys the reference lacks, keys it lacks, plural forms it lacks),
//! each placed at its file and line. Loading them into an interface is the parent's.

use super::{CatalogueFile, Category, Problem, Text, CATEGORIES, REFERENCE};
use intl_pluralrules::PluralRules;
use std::collections::{BTreeMap, BTreeSet};

/// The categories a language uses for whole numbers: what a count can select. Every category
/// CLDR gives a whole number shows by 200 (the largest first such number in CLDR is 100s).
fn categories_used(plurals: &PluralRules) -> BTreeSet<Category> {
    (0u32..=200)
        .filter_map(|n| plurals.select(n).ok())
        .map(Category::of)
        .collect()
}

pub(super) fn parse(file: &CatalogueFile) -> Result<Vec<(String, Text)>, Problem> {
    let problem = |line: usize, col: usize, message: String, help: &str| Problem {
        file: file.file.clone(),
        line,
        col,
        message,
        help: help.to_string(),
    };
    let map: BTreeMap<String, serde_yaml::Value> = if file.text.trim().is_empty() {
        BTreeMap::new()
    } else {
        serde_yaml::from_str(&file.text).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            problem(
                line,
                col,
                format!("not a catalogue: {e}"),
                "write one key a line, such as: nav.needs: \"Needs\" (see docs/languages.md)",
            )
        })?
    };
    let mut texts = Vec::with_capacity(map.len());
    for (key, value) in map {
        let line = line_of(&file.text, &key);
        let text = match value {
            serde_yaml::Value::String(s) => Text::Plain(s),
            serde_yaml::Value::Mapping(forms) => {
                let mut by = BTreeMap::new();
                for (name, words) in forms {
                    let name = name.as_str().unwrap_or_default();
                    let category = CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
                    match (category, words) {
                        (Some(c), serde_yaml::Value::String(w)) => {
                            by.insert(c, w);
                        }
                        _ => return Err(problem(line, 1, format!("\"{key}\": \"{name}\" is not a plural form with a text"), "a number's forms are zero, one, two, few, many and other, each with a text in quotes")),
                    }
                }
                if !by.contains_key(&Category::Other) {
                    return Err(problem(
                        line,
                        1,
                        format!("\"{key}\" has no \"other\" form"),
                        "add other: with the text for most numbers",
                    ));
                }
                Text::Plural(by)
            }
            _ => {
                return Err(problem(
                    line,
                    1,
                    format!("\"{key}\" is not a text"),
                    "put the text in double quotes, or give its plural forms (one:, other:)",
                ))
            }
        };
        texts.push((key, text));
    }
    Ok(texts)
}

/// The line of a top-level key in a catalogue, for messages (1 when it cannot be found).
fn line_of(text: &str, key: &str) -> usize {
    let starts = |line: &str| {
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                line.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    };
    text.lines().position(starts).map_or(1, |i| i + 1)
}

/// Keys a translation has that the reference does not: a typo, or a key since renamed.
pub(super) fn unknown_keys(
    texts: &BTreeMap<String, (Text, usize)>,
    reference: &BTreeMap<String, (Text, usize)>,
    files: &[CatalogueFile],
) -> Vec<Problem> {
    texts
        .iter()
        .filter(|(key, _)| !reference.contains_key(*key))
        .map(|(key, (_, i))| Problem {
            file: files[*i].file.clone(),
            line: line_of(&files[*i].text, key),
            col: 1,
            message: format!(
                "unknown interface text \"{key}\": the {REFERENCE} catalogue has no such key"
            ),
            help: format!("check the spelling against the {REFERENCE} catalogue, or remove it"),
        })
        .collect()
}

/// Keys the reference has and the translation lacks: those pages show the reference's words.
pub(super) fn missing_keys(
    texts: &BTreeMap<String, (Text, usize)>,
    reference: &BTreeMap<String, (Text, usize)>,
    own: &std::path::Path,
) -> Vec<Problem> {
    let missing: Vec<&str> = (reference.keys())
        .filter(|key| !texts.contains_key(*key))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Problem {
        file: own.to_path_buf(),
        line: 1,
        col: 1,
        message: format!(
            "{} interface text{} missing, shown in {REFERENCE} until translated: {}",
            missing.len(),
            if missing.len() == 1 { " is" } else { "s are" },
            missing.join(", ")
        ),
        help: format!(
            "add {} to this file, translated from the {REFERENCE} catalogue",
            if missing.len() == 1 { "it" } else { "them" }
        ),
    }]
}

/// Plural texts that lack a form the language uses: those counts fall back to `other`.
pub(super) fn missing_forms(
    texts: &BTreeMap<String, (Text, usize)>,
    plurals: &PluralRules,
    files: &[CatalogueFile],
) -> Vec<Problem> {
    let used = categories_used(plurals);
    let mut problems = Vec::new();
    for (key, (text, i)) in texts {
        let Text::Plural(forms) = text else { continue };
        let lacking: Vec<&str> = (used.iter())
            .filter(|c| !forms.contains_key(c))
            .map(|c| c.name())
            .collect();
        if !lacking.is_empty() {
            problems.push(Problem {
                file: files[*i].file.clone(),
                line: line_of(&files[*i].text, key),
                col: 1,
                message: format!(
                    "\"{key}\" has no {} form, which this language uses for some numbers",
                    lacking.join(", ")
                ),
                help: "add the missing forms; until then those numbers use the other form"
                    .to_string(),
            });
        }
    }
    problems
}
