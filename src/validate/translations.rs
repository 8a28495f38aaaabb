//! Translations: checks each `<id>.<language>` file (`crate::translations` owns the format)
//! against the site's languages and the records it translates, and collects them.
//!
//! Every problem is placed at its file, line and column: a language the site is not published
//! in, a record (or, in a needs file, a need) that does not exist, a field that is not text
//! (needs, places, times stay the record's own) and a field no record has. A pathway
//! translation whose steps do not match the record's in number is a warning: its page shows
//! the record's steps, marked as not yet translated.

use super::decode::{decode_all, Located};
use super::site::Site;
use crate::diagnostics::{did_you_mean, did_you_mean_clause, Diagnostics, Pos};
use crate::records::{
    AssetRecord, GuideRecord, NeedRecord, PageRecord, PathwayRecord, PlaceRecord,
};
use crate::source::Source;
use crate::translations::{
    AssetText, NeedText, Of, PageText, PathwayText, PlaceText, Text, Translations,
};
use crate::yaml::{PosIndex, YamlPath};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The ids of the records of each kind, read or not (a translation of a record with its own
/// problems is not also "of no record").
pub(crate) type Ids = BTreeMap<Of, BTreeSet<String>>;

/// A translation as read: its text fields, and any other field, which is reported.
#[derive(Deserialize, Default)]
struct Read<T> {
    #[serde(flatten)]
    text: T,
    #[serde(flatten)]
    others: BTreeMap<String, serde::de::IgnoredAny>,
}

/// The number of steps of each pathway, by id, for the translations of its steps.
pub(crate) type Steps<'a> = BTreeMap<&'a str, usize>;

/// Checks every translation file; the ones without problems.
pub(crate) fn translations(
    sources: Vec<Source>,
    site: Option<&Site>,
    ids: &Ids,
    pathway_steps: &Steps,
    diags: &mut Diagnostics,
) -> Translations {
    let mut by: BTreeMap<Of, Vec<Source>> = BTreeMap::new();
    for source in sources {
        if let Some(of) = folder(&source) {
            by.entry(of).or_default().push(source);
        }
    }
    let languages: Vec<&str> = site.map_or_else(Vec::new, |s| {
        s.languages.iter().map(|(t, _)| t.as_str()).collect()
    });
    let check = Check {
        languages: &languages,
        ids,
    };
    let mut out = Translations::default();
    let mut take = |of: Of| by.remove(&of).unwrap_or_default();
    for l in decode_all::<Read<AssetText>>(take(Of::Asset), diags) {
        let fields = record_fields::<AssetRecord>();
        if let Some(key) = check.file(Of::Asset, &l, &fields, diags) {
            if l.body.is_some() && l.record.text.description.is_some() {
                let at = l.at();
                at.error(diags, &YamlPath::root().key("description"), "the description is given twice: as description: and as the text below the front matter", "keep one: delete description: or the text below the second ---");
                continue;
            }
            let mut text = l.record.text;
            text.description = text.description.or(l.body);
            out.0.insert(key, Text::Asset(text));
        }
    }
    for l in decode_all::<Read<PathwayText>>(take(Of::Pathway), diags) {
        let fields = record_fields::<PathwayRecord>();
        let steps_ok = steps(&l, diags);
        step_count(&l, pathway_steps, diags);
        if let Some(key) = check
            .file(Of::Pathway, &l, &fields, diags)
            .filter(|_| steps_ok)
        {
            out.0.insert(key, Text::Pathway(l.record.text, l.body));
        }
    }
    for (of, fields) in [
        (Of::Guide, record_fields::<GuideRecord>()),
        (Of::Page, record_fields::<PageRecord>()),
    ] {
        for l in decode_all::<Read<PageText>>(take(of), diags) {
            if let Some(key) = check.file(of, &l, &fields, diags) {
                out.0.insert(key, Text::Page(l.record.text, l.body));
            }
        }
    }
    for l in decode_all::<Read<PlaceText>>(take(Of::Place), diags) {
        let fields = record_fields::<PlaceRecord>();
        if let Some(key) = check.file(Of::Place, &l, &fields, diags) {
            out.0.insert(key, Text::Place(l.record.text));
        }
    }
    for l in decode_all::<BTreeMap<String, Read<NeedText>>>(take(Of::Need), diags) {
        out.0.extend(check.needs(l, diags));
    }
    out
}

/// What a translation file translates, from its folder in `content/` (or, for the needs, its
/// name: `needs.cy.yaml`).
fn folder(source: &Source) -> Option<Of> {
    let mut parts = source.file.components().skip(1);
    match parts.next()?.as_os_str().to_str()? {
        "assets" => Some(Of::Asset),
        "pathways" => Some(Of::Pathway),
        "guide" => Some(Of::Guide),
        "pages" => Some(Of::Page),
        "places" => Some(Of::Place),
        name if name.starts_with("needs.") => Some(Of::Need),
        _ => None,
    }
}

/// The fields of a record type, from its JSON Schema (the same list editors see).
fn record_fields<T: schemars::JsonSchema>() -> BTreeSet<String> {
    let schema = crate::schema::generate::<T>("");
    (schema["properties"].as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

struct Check<'a> {
    languages: &'a [&'a str],
    ids: &'a Ids,
}

impl Check<'_> {
    /// Reports what is wrong with one file; its key in `Translations` when nothing is.
    fn file<T: TextFields>(
        &self,
        of: Of,
        l: &Located<Read<T>>,
        record_fields: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<(Of, String, String)> {
        let (id, language) = l.id.rsplit_once('.')?;
        let mut ok = self.language(l, language, diags);
        ok &= self.record(of, l, id, language, diags);
        ok &= others(
            &l.file,
            &l.index,
            &YamlPath::root(),
            &l.record,
            record_fields,
            diags,
        );
        ok.then(|| (of, id.to_string(), language.to_string()))
    }

    /// Reports what is wrong with a language's needs file; each need's text when the file's
    /// language is right and the need has no problem.
    fn needs(
        &self,
        l: Located<BTreeMap<String, Read<NeedText>>>,
        diags: &mut Diagnostics,
    ) -> Vec<((Of, String, String), Text)> {
        let Some((_, language)) = l.id.rsplit_once('.') else {
            return Vec::new();
        };
        let language_ok = self.language(&l, language, diags);
        let fields = record_fields::<NeedRecord>();
        let known = self.ids.get(&Of::Need);
        let mut out = Vec::new();
        for (id, read) in l.record {
            let at = YamlPath::root().key(&id);
            let mut ok = others(&l.file, &l.index, &at, &read, &fields, diags);
            if !known.is_some_and(|ids| ids.contains(&id)) {
                ok = false;
                let guess = known.and_then(|ids| did_you_mean(&id, ids.iter().map(String::as_str)));
                let d = diags.error(
                    &l.file,
                    l.index.key(&at),
                    format!(
                        "there is no need \"{id}\" in content/needs.yaml{}",
                        did_you_mean_clause(guess)
                    ),
                );
                d.help(match guess {
                    Some(g) => format!("give each need's text under its id in content/needs.yaml: write {g}: here"),
                    None => "give each need's text under its id in content/needs.yaml, or delete these lines".to_string(),
                });
            }
            if ok && language_ok {
                out.push(((Of::Need, id, language.to_string()), Text::Need(read.text)));
            }
        }
        out
    }

    fn language<T>(&self, l: &Located<T>, language: &str, diags: &mut Diagnostics) -> bool {
        let Some((default, others)) = self.languages.split_first() else {
            return false;
        };
        if default.eq_ignore_ascii_case(language) {
            diags
                .error(
                    &l.file,
                    Pos::START,
                    format!("\"{language}\" is the site's default language: a record is written in it, not translated into it"),
                )
                .help("put this text in the record's own file, and delete this one");
            return false;
        }
        if others.contains(&language) {
            return true;
        }
        let listed = self.languages.join(", ");
        let d = diags.error(
            &l.file,
            Pos::START,
            format!("\"{language}\" is not one of the site's languages ({listed})"),
        );
        match others.iter().find(|t| t.eq_ignore_ascii_case(language)) {
            Some(t) => d.help(format!("write the language as site.yaml does: {t}")),
            None => d.help(format!(
                "add it to languages: in content/site.yaml, such as languages: [{listed}, {language}], or rename the file"
            )),
        };
        false
    }

    fn record<T>(
        &self,
        of: Of,
        l: &Located<T>,
        id: &str,
        language: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        let ids = self.ids.get(&of);
        if ids.is_some_and(|ids| ids.contains(id)) {
            return true;
        }
        let guess = ids.and_then(|ids| did_you_mean(id, ids.iter().map(String::as_str)));
        let d = diags.error(
            &l.file,
            Pos::START,
            format!(
                "there is no record \"{id}\" to translate{}",
                did_you_mean_clause(guess)
            ),
        );
        let ext = l
            .file
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().into_owned());
        d.help(match guess {
            Some(g) => format!("name a translation after its record's file, then the language: rename this file {g}.{language}.{ext}"),
            None => format!("name a translation after its record's file, then the language, such as <id>.{language}.{ext} beside <id>.{ext}"),
        });
        false
    }
}

/// Reports every field a pathway translation's steps cannot hold: a step's services are the
/// record's, and a step has only a title and a text.
fn steps(l: &Located<Read<PathwayText>>, diags: &mut Diagnostics) -> bool {
    let mut ok = true;
    for (i, step) in l.record.text.steps.iter().flatten().enumerate() {
        for field in step.others.keys() {
            ok = false;
            let at = l
                .index
                .key(&YamlPath::root().key("steps").index(i).key(field));
            let d = if field == "assets" {
                diags.error(
                    &l.file,
                    at,
                    "\"assets\" is not translated: a step's services are the pathway's own",
                )
            } else {
                let guess = did_you_mean_clause(did_you_mean(field, ["title", "text"]));
                diags.error(&l.file, at, format!("unknown field \"{field}\"{guess}"))
            };
            d.help("a translated step gives only its title and text, in the pathway's order");
        }
    }
    ok
}

/// Warns when a pathway translation's steps are not the pathway's in number: its page then
/// shows the pathway's own steps, untranslated.
fn step_count(l: &Located<Read<PathwayText>>, pathway_steps: &Steps, diags: &mut Diagnostics) {
    let (Some(steps), Some((id, _))) = (&l.record.text.steps, l.id.rsplit_once('.')) else {
        return;
    };
    let Some(&expected) = pathway_steps.get(id) else {
        return;
    };
    if steps.len() == expected {
        return;
    }
    let count = |n: usize| format!("{n} step{}", crate::diagnostics::plural(n));
    let record = l.file.with_file_name(format!("{id}.md"));
    diags
        .warning(
            &l.file,
            l.index.key(&YamlPath::root().key("steps")),
            format!(
                "this translation gives {}, but the pathway has {}: its page in this language shows the pathway's steps untranslated",
                count(steps.len()),
                count(expected)
            ),
        )
        .help(format!(
            "give every step of {}, in its order, each with its title and text",
            record.display()
        ));
}

/// Reports every field a translation (or one need of a needs file, at `at`) cannot hold: a
/// field of the record that is not text, or no field at all.
fn others<T: TextFields>(
    file: &Path,
    index: &PosIndex,
    at: &YamlPath,
    read: &Read<T>,
    record_fields: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> bool {
    let text = T::FIELDS.join(", ");
    for field in read.others.keys() {
        let pos = index.key(&at.key(field));
        if record_fields.contains(field) {
            diags
                .error(file, pos, format!("\"{field}\" is not translated: a translation holds only the text"))
                .help(format!("remove this line: every language shows the record's own {field}. A translation may give: {text}"));
        } else {
            let guess = did_you_mean_clause(did_you_mean(field, T::FIELDS.iter().copied()));
            diags
                .error(file, pos, format!("unknown field \"{field}\"{guess}"))
                .help(format!("a translation may give: {text}"));
        }
    }
    read.others.is_empty()
}

/// The text fields of one kind of translation, for messages.
trait TextFields {
    const FIELDS: &'static [&'static str];
}

impl TextFields for AssetText {
    const FIELDS: &'static [&'static str] =
        &["name", "summary", "description", "referral", "cost_detail"];
}

impl TextFields for PageText {
    const FIELDS: &'static [&'static str] = &["title", "summary"];
}

impl TextFields for NeedText {
    const FIELDS: &'static [&'static str] = &["name", "description", "synonyms"];
}

impl TextFields for PlaceText {
    const FIELDS: &'static [&'static str] = &["name", "summary"];
}

impl TextFields for PathwayText {
    const FIELDS: &'static [&'static str] = &["title", "summary", "for_whom", "steps"];
}
