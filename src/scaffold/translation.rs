//! `supportmap new <kind> <id> --language <tag>`: a translation to fill in, beside an existing
//! record, named as `translations` reads it (`lunch-club.cy.yaml`, `about.cy.md`).
//!
//! It offers the record's text fields that a translation may hold (the translation type's
//! schema, as `check` decodes it), each left empty under the record's own words as a comment.
//! Empty, because a field left as it is must show the default language's words marked "not
//! yet translated", never pass them off as the other language's.

use super::{display, write_new, NewError, NewKind};
use crate::diagnostics::{did_you_mean, did_you_mean_clause};
use crate::records::SiteRecord;
use crate::schema::generate;
use crate::source::is_valid_id;
use crate::translations::{AssetText, PageText, PathwayText};
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

fn refuse(message: String, help: impl Into<String>) -> NewError {
    NewError {
        message,
        help: Some(help.into()),
    }
}

/// Writes the translation of record `id` into `language` and returns its path.
pub(crate) fn create(
    root: &Path,
    kind: NewKind,
    id: &str,
    language: &str,
) -> Result<PathBuf, NewError> {
    let text = match kind {
        NewKind::Asset => generate::<AssetText>(""),
        NewKind::Pathway => generate::<PathwayText>(""),
        NewKind::Page => generate::<PageText>(""),
        NewKind::Place => {
            return Err(refuse(
                "places are not translated: a place's name is the same in every language".into(),
                "translate the services, pathways and pages that name it",
            ))
        }
    };
    let content = root.join("content");
    other_language(&content, language)?;
    let folder = content.join(kind.folder());
    let record = (["yaml", "yml", "md"].iter())
        .map(|ext| folder.join(format!("{id}.{ext}")))
        .find(|path| path.is_file())
        .ok_or_else(|| no_record(&folder, kind, id))?;
    let markdown = record.extension().is_some_and(|e| e == "md");
    for ext in ["yaml", "yml", "md"] {
        let existing = folder.join(format!("{id}.{language}.{ext}"));
        if existing.exists() {
            return Err(refuse(
                format!(
                    "{} already exists; nothing was written",
                    display(root, &existing)
                ),
                "edit that file to change the translation",
            ));
        }
    }
    let name = format!("{id}.{language}.{}", if markdown { "md" } else { "yaml" });
    let path = folder.join(&name);
    let unreadable = || {
        refuse(
            format!("{} cannot be read", display(root, &record)),
            "run supportmap check, which says what to mend in it",
        )
    };
    let source = std::fs::read_to_string(&record).map_err(|_| unreadable())?;
    let (yaml, body) = if markdown {
        crate::source::split_front_matter(&source).ok_or_else(unreadable)?
    } else {
        (source, String::new())
    };
    let fields: Mapping = serde_yaml::from_str(&yaml).map_err(|_| unreadable())?;
    let stub = stub(
        &display(root, &record),
        language,
        &fields,
        &text,
        markdown.then_some(body.as_str()),
    );
    write_new(root, &path, &stub)?;
    Ok(PathBuf::from("content").join(kind.folder()).join(name))
}

/// Refuses a language that is not one of the site's others.
fn other_language(content: &Path, language: &str) -> Result<(), NewError> {
    let site = std::fs::read_to_string(content.join("site.yaml")).ok();
    let site: Option<SiteRecord> = site.and_then(|s| serde_yaml::from_str(&s).ok());
    let Some(site) = site else {
        return Err(refuse(
            format!(
                "{} cannot be read, so the site's languages are not known",
                content.join("site.yaml").display()
            ),
            "run supportmap in a site folder or pass --root; supportmap check says what to mend",
        ));
    };
    let languages = (site.languages.clone())
        .unwrap_or_else(|| vec![site.language.clone().unwrap_or_else(|| "en-GB".into())]);
    let others = &languages[1.min(languages.len())..];
    if languages.first().is_some_and(|main| main == language) {
        return Err(refuse(
            format!("\"{language}\" is the site's main language: the record itself is in it"),
            if others.is_empty() {
                "a translation is into one of the other languages: add them to languages: in content/site.yaml, such as languages: [en-GB, cy]".into()
            } else {
                format!("choose one of the other languages: {}", others.join(", "))
            },
        ));
    }
    if !others.iter().any(|l| l == language) {
        return Err(refuse(
            format!(
                "\"{language}\" is not one of the site's languages ({})",
                languages.join(", ")
            ),
            if others.is_empty() {
                format!("to publish the site in {language} too, list it in content/site.yaml, such as languages: [{}, {language}]", languages[0])
            } else {
                format!(
                    "choose one of {}, or add {language} to languages: in content/site.yaml",
                    others.join(", ")
                )
            },
        ));
    }
    Ok(())
}

fn no_record(folder: &Path, kind: NewKind, id: &str) -> NewError {
    let ids: Vec<String> = (std::fs::read_dir(folder).into_iter().flatten().flatten())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stem = name.rsplit_once('.')?.0.to_string();
            is_valid_id(&stem).then_some(stem)
        })
        .collect();
    let guess = did_you_mean(id, ids.iter().map(String::as_str));
    refuse(
        format!(
            "there is no {} \"{id}\" in content/{} to translate{}",
            kind.noun().split_once(' ').map_or("", |(_, noun)| noun),
            kind.folder(),
            did_you_mean_clause(guess)
        ),
        "give the id of an existing record (its file name without .yaml or .md); supportmap new without --language starts a new record",
    )
}

/// The translation's text: a comment saying what it is, then each text field the record has,
/// empty, under the record's words.
fn stub(record: &str, language: &str, fields: &Mapping, text: &Json, body: Option<&str>) -> String {
    let mut out = format!(
        "# The {language} text of {record}. Write each field's translation after its colon,\n\
         # under the record's own words. A field left empty shows the record's words, marked\n\
         # \"not yet translated\"; everything else (needs, places, times, contact) is the record's.\n"
    );
    if body.is_some() {
        out = format!("---\n{out}");
    }
    for (key, value) in fields {
        let Some(name) = key.as_str() else { continue };
        let property = &text["properties"][name];
        if property.is_null() {
            continue;
        }
        match value {
            Value::Sequence(items) => {
                let item = item_fields(property, text);
                out.push_str(&format!("{name}:\n"));
                for value in items {
                    let Value::Mapping(value) = value else {
                        continue;
                    };
                    let mut first = true;
                    for (key, said) in value {
                        let Some(key) = key.as_str().filter(|k| !item[k].is_null()) else {
                            continue;
                        };
                        comment(&mut out, "    ", said);
                        let dash = if first { "  - " } else { "    " };
                        out.push_str(&format!("{dash}{key}:\n"));
                        first = false;
                    }
                }
            }
            said => {
                comment(&mut out, "", said);
                out.push_str(&format!("{name}:\n"));
            }
        }
    }
    if let Some(body) = body.filter(|b| !b.trim().is_empty()) {
        out.push_str("# The text, to translate below the closing --- line:\n");
        comment(&mut out, "", &Value::from(body.trim()));
    }
    if body.is_some() {
        out.push_str("---\n");
    }
    out
}

/// The properties of a list's items (a pathway's steps: title and text), reference followed.
fn item_fields<'s>(property: &'s Json, root: &'s Json) -> &'s Json {
    let items = &property["items"];
    let items = match items["$ref"].as_str() {
        Some(reference) => &root["definitions"][reference.rsplit('/').next().unwrap_or_default()],
        None => items,
    };
    &items["properties"]
}

/// `said` as comment lines at `indent`.
fn comment(out: &mut String, indent: &str, said: &Value) {
    let said = match said {
        Value::String(s) => s.clone(),
        Value::Null => return,
        other => serde_yaml::to_string(other).unwrap_or_default(),
    };
    for line in said.trim_end().lines() {
        out.push_str(format!("{indent}# {line}").trim_end());
        out.push('\n');
    }
}
