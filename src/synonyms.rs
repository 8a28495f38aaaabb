//! Everyday words: which words people search with mean which words the records use.
//!
//! Owns the built-in list (`search/everyday_words.yaml`, compiled into the binary) and the
//! site's optional `content/synonyms.yaml`, which adds entries or replaces built-in ones (an
//! empty list removes one). Checking the site file happens here so that `validate` only hands
//! it over; `search` uses the merged list to index each record under the everyday words for
//! what it says.

use crate::diagnostics::{Diagnostics, Pos};
use crate::source::Source;
use crate::yaml::{self, YamlPath};
use std::collections::BTreeMap;

/// The built-in list, in the site file's format.
const BUILT_IN: &str = include_str!("search/everyday_words.yaml");

/// More entries than any site needs; a bound on index-time work.
const MAX_ENTRIES: usize = 2000;
/// Longest everyday word or phrase, and longest record phrase, in characters.
const MAX_PHRASE_CHARS: usize = 80;
/// Most words in one phrase.
const MAX_PHRASE_WORDS: usize = 6;
/// Most record phrases one entry may list.
const MAX_MEANINGS: usize = 30;

/// Everyday phrase → the record phrases it stands for, all lowercase, in a stable order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms(pub BTreeMap<String, Vec<String>>);

impl Synonyms {
    /// The built-in list with the site's entries laid over it.
    pub fn merged(site: &Synonyms) -> Synonyms {
        let mut all = built_in().0;
        for (say, means) in &site.0 {
            if means.is_empty() {
                all.remove(say);
            } else {
                all.insert(say.clone(), means.clone());
            }
        }
        Synonyms(all)
    }
}

/// The list that ships with supportmap.
pub(crate) fn built_in() -> Synonyms {
    let mut diags = Diagnostics::default();
    let list = parse(
        BUILT_IN,
        std::path::Path::new("src/search/everyday_words.yaml"),
        0,
        &mut diags,
    );
    debug_assert!(!diags.has_errors(), "the built-in everyday words are valid");
    list
}

/// Checks `content/synonyms.yaml` (at most one source), reporting every problem. A missing
/// file is an empty list.
pub(crate) fn check(sources: Vec<Source>, diags: &mut Diagnostics) -> Synonyms {
    match sources.into_iter().next() {
        Some(s) => parse(&s.yaml, &s.file, s.yaml_line_offset, diags),
        None => Synonyms::default(),
    }
}

fn parse(text: &str, file: &std::path::Path, offset: usize, diags: &mut Diagnostics) -> Synonyms {
    let decoded = yaml::decode::<BTreeMap<String, Option<Vec<String>>>>(text, file, offset, diags);
    let Some((raw, index)) = decoded else {
        return Synonyms::default();
    };
    let mut out = BTreeMap::new();
    let mut error = |pos: Pos, message: String, help: &str| {
        diags.error(file, pos, message).help(help);
    };
    if raw.len() > MAX_ENTRIES {
        error(
            index.value(&YamlPath::root()),
            format!(
                "{} entries is more than the {MAX_ENTRIES} this file may hold",
                raw.len()
            ),
            "keep the words people really search with; each entry can list several meanings",
        );
        return Synonyms::default();
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (say, means) in raw {
        let path = YamlPath::root().key(&say);
        let Some(key) = phrase(&say) else {
            error(
                index.key(&path),
                format!("\"{say}\" is not a word or phrase people could search for"),
                &phrase_help(),
            );
            continue;
        };
        if let Some(first) = seen.insert(key.clone(), say.clone()) {
            error(
                index.key(&path),
                format!("\"{say}\" is listed twice (also as \"{first}\")"),
                "keep one entry for it and put all its meanings in that entry's list",
            );
            continue;
        }
        let means = means.unwrap_or_default();
        if means.len() > MAX_MEANINGS {
            error(
                index.key(&path),
                format!(
                    "\"{say}\" lists {} meanings; at most {MAX_MEANINGS} are read",
                    means.len()
                ),
                "keep the words the records really use",
            );
            continue;
        }
        let mut phrases = Vec::new();
        for (i, m) in means.iter().enumerate() {
            match phrase(m) {
                Some(p) if p != key && !phrases.contains(&p) => phrases.push(p),
                Some(_) => {}
                None => error(
                    index.value(&path.index(i)),
                    format!("\"{m}\" is not a word or phrase a record could use"),
                    &phrase_help(),
                ),
            }
        }
        out.insert(key, phrases);
    }
    Synonyms(out)
}

fn phrase_help() -> String {
    format!(
        "write letters or digits, one to {MAX_PHRASE_WORDS} words and at most {MAX_PHRASE_CHARS} characters, such as: kids: [children, young people]"
    )
}

/// The phrase as search matches it (lowercase words, single spaces), if it is one.
fn phrase(text: &str) -> Option<String> {
    if text.chars().count() > MAX_PHRASE_CHARS {
        return None;
    }
    let words: Vec<String> = crate::search::vocabulary::words(text).collect();
    (!words.is_empty() && words.len() <= MAX_PHRASE_WORDS).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn site(text: &str) -> (Synonyms, Vec<String>) {
        let mut diags = Diagnostics::default();
        let list = parse(text, Path::new("content/synonyms.yaml"), 0, &mut diags);
        let problems = diags
            .sorted()
            .into_iter()
            .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
            .collect();
        (list, problems)
    }

    #[test]
    fn the_built_in_list_is_valid_and_holds_the_common_words() {
        let mut diags = Diagnostics::default();
        let list = parse(BUILT_IN, Path::new("x"), 0, &mut diags);
        assert!(!diags.has_errors());
        assert!(list.0.len() >= 100, "{} entries", list.0.len());
        assert!(list.0["kids"].contains(&"children".to_string()));
        assert!(list.0["teenager"].contains(&"young people".to_string()));
        assert!(list.0["gp"].contains(&"doctor".to_string()));
        assert!(list.0["counselling"].contains(&"talking therapy".to_string()));
        assert!(list.0["esol"].contains(&"english classes".to_string()));
        assert!(list.0["skint"].contains(&"money".to_string()));
        // Every entry says what it means.
        assert!(list.0.values().all(|m| !m.is_empty()));
    }

    #[test]
    fn a_site_file_adds_replaces_and_removes_entries() {
        let (list, problems) = site("Brew: [café, coffee]\nkids: [children's centre]\nskint: []\n");
        assert!(problems.is_empty(), "{problems:?}");
        let merged = Synonyms::merged(&list);
        assert_eq!(merged.0["brew"], ["café", "coffee"]);
        assert_eq!(merged.0["kids"], ["childrens centre"]);
        assert!(!merged.0.contains_key("skint"));
        assert!(merged.0.contains_key("gp"), "other built-in entries stay");
    }

    #[test]
    fn problems_name_their_line_and_column() {
        let (_, problems) =
            site("kids: [children]\n\"!!!\": [x]\nKids: [young people]\nteen: [\"\", youth]\n");
        assert_eq!(
            problems,
            [
                // Keys are read in sorted order, so the capitalised one comes first.
                "1:1: \"kids\" is listed twice (also as \"Kids\")",
                "2:1: \"!!!\" is not a word or phrase people could search for",
                "4:8: \"\" is not a word or phrase a record could use",
            ]
        );
    }

    #[test]
    fn a_list_of_the_wrong_shape_is_reported_not_read() {
        let (list, problems) = site("- kids\n- children\n");
        assert_eq!(list, Synonyms::default());
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
