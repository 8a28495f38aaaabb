//! Translations: a record's text in the site's other languages, and the content each language's
//! pages are made from.
//!
//! A translation sits beside its record, named by the record's id and the language, as Hugo
//! and Zola name theirs: `assets/lunch-club.cy.yaml` (or `.cy.md`, whose body is the
//! description), `pathways/money-worries.cy.md`, `guide/01-start-now.cy.md`,
//! `pages/about.cy.md`, `places/north.cy.yaml`. The needs, one list in `needs.yaml`, have one
//! file per language beside it, `needs.cy.yaml`, giving each need's text under its id. A
//! translation holds only the text fields (`Text*` below, which the JSON Schema describes);
//! everything else (needs, places, times, contact) is the record's and is never written
//! twice. `validate::translations` checks the files; `translate` makes the content of
//! one language: each text from its translation, or the default language's text, listed in
//! `Fallbacks` so the page can say it is not yet translated and mark it with `lang`.

use crate::fields::is_language_tag;
use crate::validate::Content;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `lunch-club.cy` → (`lunch-club`, `cy`): a file stem that ends in a language tag after a dot
/// names a translation. Any other stem is returned whole.
pub(crate) fn split_language(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('.') {
        Some((id, language)) if !id.is_empty() && is_language_tag(language) => (id, Some(language)),
        _ => (stem, None),
    }
}

/// `content/assets/<id>.<language>.yaml` or `.md`: an asset's text in another language.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AssetText {
    /// The name in this language, such as "Clwb Cinio Westfield".
    pub name: Option<String>,
    /// One sentence in this language: what it offers and who it is for.
    pub summary: Option<String>,
    /// The longer description in Markdown (in a .md translation, write it below the front
    /// matter instead).
    pub description: Option<String>,
    /// How to refer or join, in Markdown.
    pub referral: Option<String>,
    /// More about the cost, such as "£1 y sesiwn".
    pub cost_detail: Option<String>,
}

/// `content/pathways/<id>.<language>.md` front matter: a pathway's text in another language;
/// the body is its introduction.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PathwayText {
    /// The title in this language.
    pub title: Option<String>,
    /// One sentence in this language.
    pub summary: Option<String>,
    /// Who it is for, in this language.
    pub for_whom: Option<String>,
    /// Every step of the pathway, in the same order: each step's title and text.
    pub steps: Option<Vec<StepText>>,
}

/// One pathway step's text in another language.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StepText {
    /// The step's title in this language.
    pub title: Option<String>,
    /// What happens at this step, in Markdown.
    pub text: Option<String>,
    /// Any other field, which `check` reports at its line (a step's services are the record's).
    #[serde(flatten)]
    #[schemars(skip)]
    pub(crate) others: BTreeMap<String, serde::de::IgnoredAny>,
}

/// `content/guide/NN-<slug>.<language>.md` or `content/pages/<slug>.<language>.md` front
/// matter: a guide section's or page's title in another language; the body is its text.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PageText {
    /// The title in this language.
    pub title: Option<String>,
    /// One sentence in this language.
    pub summary: Option<String>,
}

/// One need's text in another language, under its id in `content/needs.<language>.yaml`.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NeedText {
    /// The need's name in this language, such as "Arian a dyled".
    pub name: Option<String>,
    /// One sentence in this language: what the need covers.
    pub description: Option<String>,
    /// Other words people use for it in this language, which search finds it by.
    pub synonyms: Option<Vec<String>>,
}

/// `content/needs.<language>.yaml`: the needs' text in another language, by need id (the ids
/// of content/needs.yaml).
pub type NeedsText = BTreeMap<String, NeedText>;

/// `content/places/<id>.<language>.yaml`: a place's name in another language.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlaceText {
    /// The place's name in this language, such as "Y Gogledd".
    pub name: Option<String>,
    /// One sentence in this language about the place.
    pub summary: Option<String>,
}

/// What a translation translates: the folder of its record, or the needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Of {
    Asset,
    Pathway,
    Guide,
    Page,
    Need,
    Place,
}

/// One checked translation file.
#[derive(Debug, Clone)]
pub enum Text {
    Asset(AssetText),
    Pathway(PathwayText, Option<String>),
    /// A guide section or a page, with its body.
    Page(PageText, Option<String>),
    /// One need, from the language's needs file.
    Need(NeedText),
    Place(PlaceText),
}

/// Every checked translation, by what it translates, record id and language.
#[derive(Debug, Clone, Default)]
pub struct Translations(pub(crate) BTreeMap<(Of, String, String), Text>);

/// The fields of each record shown in the default language in one language's pages.
#[derive(Debug, Default)]
pub(crate) struct Fallbacks(BTreeMap<(Of, String), Vec<&'static str>>);

impl Fallbacks {
    /// The untranslated fields of one record (none when it is fully translated).
    pub(crate) fn of(&self, of: Of, id: &str) -> &[&'static str] {
        self.0.get(&(of, id.to_string())).map_or(&[], Vec::as_slice)
    }

    fn note(&mut self, of: Of, id: &str, fields: Vec<&'static str>) {
        if !fields.is_empty() {
            self.0.insert((of, id.to_string()), fields);
        }
    }
}

/// Overwrites `text` with the translation where there is one; says whether it is still in
/// the default language (it has words and no translation).
fn take(text: &mut String, translated: Option<&String>) -> bool {
    match translated.filter(|t| !t.trim().is_empty()) {
        Some(t) => {
            t.clone_into(text);
            false
        }
        None => !text.trim().is_empty(),
    }
}

/// As `take`, for a text a record may leave out.
fn take_opt(text: &mut Option<String>, translated: Option<&String>) -> bool {
    match (text, translated.filter(|t| !t.trim().is_empty())) {
        (Some(text), Some(t)) => {
            t.clone_into(text);
            false
        }
        (Some(text), None) => !text.trim().is_empty(),
        (None, _) => false,
    }
}

/// As `take`, for a list of words (an empty list is no translation).
fn take_list(list: &mut Vec<String>, translated: Option<&Vec<String>>) -> bool {
    match translated.filter(|t| t.iter().any(|w| !w.trim().is_empty())) {
        Some(t) => {
            t.clone_into(list);
            false
        }
        None => !list.is_empty(),
    }
}

/// The content of `language`'s pages: every text from its translation where there is one,
/// and which texts fall back to the default language.
pub(crate) fn translate(content: &Content, language: &str) -> (Content, Fallbacks) {
    let mut out = content.clone();
    let mut fallbacks = Fallbacks::default();
    let all = &content.translations.0;
    let find = |of: Of, id: &str| all.get(&(of, id.to_string(), language.to_string()));
    for asset in &mut out.assets {
        let t = match find(Of::Asset, &asset.id) {
            Some(Text::Asset(t)) => t.clone(),
            _ => AssetText::default(),
        };
        let mut missing = Vec::new();
        let r = &mut asset.record;
        for (field, untranslated) in [
            ("name", take(&mut asset.name, t.name.as_ref())),
            ("summary", take(&mut asset.summary, t.summary.as_ref())),
            (
                "description",
                take_opt(&mut asset.description, t.description.as_ref()),
            ),
            ("referral", take_opt(&mut r.referral, t.referral.as_ref())),
            (
                "cost_detail",
                take_opt(&mut r.cost_detail, t.cost_detail.as_ref()),
            ),
        ] {
            if untranslated {
                missing.push(field);
            }
        }
        fallbacks.note(Of::Asset, &asset.id, missing);
    }
    for pathway in &mut out.pathways {
        let (t, intro) = match find(Of::Pathway, &pathway.id) {
            Some(Text::Pathway(t, intro)) => (t.clone(), intro.clone()),
            _ => (PathwayText::default(), None),
        };
        let mut missing = Vec::new();
        let steps = t.steps.unwrap_or_default();
        let mut steps_untranslated = steps.len() != pathway.steps.len();
        for (step, text) in pathway.steps.iter_mut().zip(&steps) {
            steps_untranslated |= take(&mut step.title, text.title.as_ref());
            steps_untranslated |= take(&mut step.text, text.text.as_ref());
        }
        for (field, untranslated) in [
            ("title", take(&mut pathway.title, t.title.as_ref())),
            ("summary", take(&mut pathway.summary, t.summary.as_ref())),
            (
                "for_whom",
                take_opt(&mut pathway.for_whom, t.for_whom.as_ref()),
            ),
            ("intro", take(&mut pathway.intro, intro.as_ref())),
            ("steps", steps_untranslated && !pathway.steps.is_empty()),
        ] {
            if untranslated {
                missing.push(field);
            }
        }
        fallbacks.note(Of::Pathway, &pathway.id, missing);
    }
    for need in &mut out.needs {
        let t = match find(Of::Need, &need.id) {
            Some(Text::Need(t)) => t.clone(),
            _ => NeedText::default(),
        };
        let missing = [
            ("name", take(&mut need.name, t.name.as_ref())),
            (
                "description",
                take_opt(&mut need.description, t.description.as_ref()),
            ),
            (
                "synonyms",
                take_list(&mut need.synonyms, t.synonyms.as_ref()),
            ),
        ];
        fallbacks.note(Of::Need, &need.id, untranslated(missing));
    }
    for place in &mut out.places {
        let t = match find(Of::Place, &place.id) {
            Some(Text::Place(t)) => t.clone(),
            _ => PlaceText::default(),
        };
        let missing = [
            ("name", take(&mut place.name, t.name.as_ref())),
            ("summary", take_opt(&mut place.summary, t.summary.as_ref())),
        ];
        fallbacks.note(Of::Place, &place.id, untranslated(missing));
    }
    for section in &mut out.guide {
        let missing = page_text(
            find(Of::Guide, &section.slug),
            &mut section.title,
            &mut section.summary,
            &mut section.body,
        );
        fallbacks.note(Of::Guide, &section.slug, missing);
    }
    for page in &mut out.pages {
        let missing = page_text(
            find(Of::Page, &page.slug),
            &mut page.title,
            &mut page.summary,
            &mut page.body,
        );
        fallbacks.note(Of::Page, &page.slug, missing);
    }
    (out, fallbacks)
}

/// A guide section's or page's texts from its translation; the fields left untranslated.
fn page_text(
    found: Option<&Text>,
    title: &mut String,
    summary: &mut Option<String>,
    body: &mut String,
) -> Vec<&'static str> {
    let (t, text) = match found {
        Some(Text::Page(t, text)) => (t.clone(), text.clone()),
        _ => (PageText::default(), None),
    };
    untranslated([
        ("title", take(title, t.title.as_ref())),
        ("summary", take_opt(summary, t.summary.as_ref())),
        ("body", take(body, text.as_ref())),
    ])
}

/// The fields still in the default language, of each field and whether it is.
fn untranslated<const N: usize>(fields: [(&'static str, bool); N]) -> Vec<&'static str> {
    fields
        .into_iter()
        .filter_map(|(field, untranslated)| untranslated.then_some(field))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_ending_in_a_language_tag_is_a_translation() {
        assert_eq!(split_language("lunch-club.cy"), ("lunch-club", Some("cy")));
        assert_eq!(split_language("about.en-GB"), ("about", Some("en-GB")));
        assert_eq!(split_language("lunch-club"), ("lunch-club", None));
        assert_eq!(split_language("lunch.club1"), ("lunch.club1", None));
        assert_eq!(split_language(".cy"), (".cy", None));
    }

    #[test]
    fn a_missing_text_falls_back_and_is_listed() {
        let mut name = "Lunch club".to_string();
        assert!(!take(&mut name, Some(&"Clwb cinio".to_string())));
        assert_eq!(name, "Clwb cinio");
        let mut summary = "Hot meals".to_string();
        assert!(take(&mut summary, None));
        assert!(take(&mut summary, Some(&"  ".to_string())));
        assert_eq!(summary, "Hot meals");
        let mut none = None;
        assert!(!take_opt(&mut none, None), "nothing to translate");
        let mut synonyms = vec!["bills".to_string()];
        assert!(take_list(&mut synonyms, Some(&vec![" ".to_string()])));
        assert!(!take_list(&mut synonyms, Some(&vec!["biliau".to_string()])));
        assert_eq!(synonyms, ["biliau"]);
        assert!(!take_list(&mut Vec::new(), None), "no words to translate");
    }

    /// Validated content from YAML records: `(kind, path in content/ without .yaml, text)`.
    fn content(records: &[(crate::source::Kind, &str, &str)]) -> Content {
        let sources = (records.iter())
            .map(|&(kind, path, yaml)| crate::source::Source {
                kind,
                id: path.rsplit('/').next().unwrap_or(path).to_string(),
                file: format!("content/{path}.yaml").into(),
                yaml: yaml.to_string(),
                yaml_line_offset: 0,
                body: None,
            })
            .collect();
        let mut diags = crate::diagnostics::Diagnostics::default();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let content = crate::validate::validate(sources, Default::default(), today, &mut diags);
        content.unwrap_or_else(|| panic!("{:?}", diags.sorted()))
    }

    #[test]
    fn needs_and_places_take_their_text_from_the_language_and_list_what_falls_back() {
        use crate::source::Kind;
        let content = content(&[
            (Kind::Site, "site", "title: T\ndescription: D\nlanguages: [en-GB, cy]\n"),
            (
                Kind::Needs,
                "needs",
                "- { id: money, name: Money, description: Debt and bills., synonyms: [bills] }\n- { id: food, name: Food }\n",
            ),
            (Kind::Translation, "needs.cy", "money: { name: Arian, synonyms: [biliau] }\n"),
            (Kind::Place, "places/north", "name: North\nkind: place\nsummary: Up top.\n"),
            (Kind::Translation, "places/north.cy", "name: Y Gogledd\n"),
        ]);
        let (welsh, fallbacks) = translate(&content, "cy");
        let money = &welsh.needs[0];
        assert_eq!(
            (money.name.as_str(), &money.synonyms[..]),
            ("Arian", &["biliau".to_string()][..])
        );
        assert_eq!(money.description.as_deref(), Some("Debt and bills."));
        assert_eq!(fallbacks.of(Of::Need, "money"), ["description"]);
        assert_eq!(welsh.needs[1].name, "Food");
        assert_eq!(fallbacks.of(Of::Need, "food"), ["name"]);
        assert_eq!(welsh.places[0].name, "Y Gogledd");
        assert_eq!(fallbacks.of(Of::Place, "north"), ["summary"]);
        let (english, _) = translate(&content, "en-GB");
        assert_eq!(english.needs[0].name, "Money");
    }
}
