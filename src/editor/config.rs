//! The web editor's `config.yml`: the git host, and one collection per kind of record, each
//! field a form control made from the record type's JSON Schema (`schema`, made from the types
//! in `records`, the ones `check` decodes). So the form asks for the fields `check` knows, in
//! the order the type declares them, marks required what `check` requires, offers the
//! vocabularies' words as choices, and shows each field's description as its help text.
//!
//! What the schema cannot know comes from the site: the needs, places and services a record
//! may name are offered as choices of the site's own ids, with their names as labels.
//!
//! `form` turns a record type's schema into the form's fields; `declared` finds the order a
//! type declares its fields in; `languages` sets the editor up for a site in several languages.

mod declared;
mod form;
pub(super) mod languages;

use super::Editor;
use crate::output::OutputError;
use crate::records::{AssetRecord, GitHost, GuideRecord, PageRecord, PathwayRecord, PlaceRecord};
use crate::schema::generate;
use crate::translations::{AssetText, PageText, PathwayText};
use crate::validate::Content;
use declared::declared_fields;
use form::{markdown_field, Choices, Form};
use serde::Deserialize;
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

/// `config.yml`, with a first line saying where it came from.
pub(super) fn config(editor: &Editor, content: &Content) -> Result<String, OutputError> {
    let mut config = Mapping::new();
    config.insert("backend".into(), backend(editor));
    config.insert(
        "local_backend".into(),
        Value::Mapping(map([("url", editor.local_backend().into())])),
    );
    // Required by Decap, though no field takes a picture; the folder is never published.
    config.insert("media_folder".into(), "content/media".into());
    // A field left empty is left out of the file, as an editor writing by hand would.
    config.insert("omit_empty_optional_fields".into(), true.into());
    // New files are named like ids: lowercase ASCII letters, digits and hyphens.
    config.insert(
        "slug".into(),
        Value::Mapping(map([
            ("encoding", "ascii".into()),
            ("clean_accents", true.into()),
            ("sanitize_replacement", "-".into()),
        ])),
    );
    let locales = languages::locales(content);
    if let Some(locales) = &locales {
        config.insert("i18n".into(), languages::settings(locales));
    }
    let choices = Choices::of(content);
    let collections = (COLLECTIONS.iter())
        .map(|c| c.config(&choices, locales.is_some()))
        .collect();
    config.insert("collections".into(), Value::Sequence(collections));
    let yaml = serde_yaml::to_string(&config).map_err(|e| OutputError::Encode {
        what: "the web editor's config.yml",
        source: e.into(),
    })?;
    Ok(format!(
        "# Written by supportmap build from content/site.yaml and the record types; edits here are lost.\n{yaml}"
    ))
}

fn backend(editor: &Editor) -> Value {
    let mut backend = map([
        ("name", editor.host.id().into()),
        ("repo", editor.repo.as_str().into()),
        ("branch", editor.branch.as_str().into()),
    ]);
    let mut set = |key: &str, value: String| backend.insert(key.into(), value.into());
    match editor.host {
        GitHost::Github => {
            if let Some(auth) = &editor.auth_url {
                set("base_url", auth.clone());
            }
        }
        GitHost::Gitlab | GitHost::Gitea => {
            if editor.host == GitHost::Gitlab {
                set("auth_type", "pkce".into());
            }
            set("app_id", editor.app_id.clone().unwrap_or_default());
            set("base_url", editor.server.clone().unwrap_or_default());
            set("api_root", editor.api_root());
        }
    }
    Value::Mapping(backend)
}

/// One kind of record as a folder collection.
struct Collection {
    name: &'static str,
    label: &'static str,
    singular: &'static str,
    description: &'static str,
    folder: &'static str,
    /// `yaml` (a YAML record) or `md` (front matter and a Markdown body).
    extension: &'static str,
    /// The field new files are named after.
    identifier: &'static str,
    /// How a new file is named.
    slug: &'static str,
    create: bool,
    /// The record type's schema and its fields in declaration order.
    schema: fn() -> (Json, &'static [&'static str]),
    /// Fields not in the form (a `.md` record's description is its body).
    skip: &'static [&'static str],
    /// The Markdown body's label, for `.md` records.
    body: Option<&'static str>,
    /// The schema of the record's translation, when it may have one.
    text: Option<fn() -> Json>,
}

/// Every kind of record an editor may change in the form. The needs list (one file of many
/// records) and `site.yaml` are edited on the git host instead.
const COLLECTIONS: &[Collection] = &[
    Collection {
        name: "services",
        label: "Services",
        singular: "Service",
        description: "Groups, services and organisations: one file each in content/assets/.",
        folder: "content/assets",
        extension: "yaml",
        identifier: "name",
        slug: "{{slug}}",
        create: true,
        schema: typed::<AssetRecord>,
        skip: &[],
        body: None,
        text: Some(text::<AssetText>),
    },
    Collection {
        name: "services-with-long-descriptions",
        label: "Services with a long description",
        singular: "Service with a long description",
        description: "Services whose description is written below the details (the .md files in content/assets/).",
        folder: "content/assets",
        extension: "md",
        identifier: "name",
        slug: "{{slug}}",
        create: false,
        schema: typed::<AssetRecord>,
        skip: &["description"],
        body: Some("Description"),
        text: Some(text::<AssetText>),
    },
    Collection {
        name: "pathways",
        label: "Pathways",
        singular: "Pathway",
        description: "Routes through local support for a need, step by step.",
        folder: "content/pathways",
        extension: "md",
        identifier: "title",
        slug: "{{slug}}",
        create: true,
        schema: typed::<PathwayRecord>,
        skip: &[],
        body: Some("Introduction"),
        text: Some(text::<PathwayText>),
    },
    Collection {
        name: "places",
        label: "Places",
        singular: "Place",
        description: "Towns, neighbourhoods, wards and PCN areas.",
        folder: "content/places",
        extension: "yaml",
        identifier: "name",
        slug: "{{slug}}",
        create: true,
        schema: typed::<PlaceRecord>,
        skip: &[],
        body: None,
        text: None,
    },
    Collection {
        name: "pages",
        label: "Pages",
        singular: "Page",
        description: "Free pages such as About this site.",
        folder: "content/pages",
        extension: "md",
        identifier: "title",
        slug: "{{slug}}",
        create: true,
        schema: typed::<PageRecord>,
        skip: &[],
        body: Some("Text"),
        text: Some(text::<PageText>),
    },
    Collection {
        name: "guide",
        label: "Quick Start Guide",
        singular: "Guide section",
        description: "The sections of the Quick Start Guide, in the order their numbers give.",
        folder: "content/guide",
        extension: "md",
        identifier: "title",
        slug: "{{fields.order}}-{{slug}}",
        create: true,
        schema: typed::<GuideRecord>,
        skip: &[],
        body: Some("Text"),
        text: Some(text::<PageText>),
    },
];

fn text<T: schemars::JsonSchema>() -> Json {
    generate::<T>("")
}

fn typed<T: schemars::JsonSchema + for<'de> Deserialize<'de>>() -> (Json, &'static [&'static str]) {
    (generate::<T>(""), declared_fields::<T>())
}

impl Collection {
    /// The collection's settings; `in_languages` on a site in several languages.
    fn config(&self, choices: &Choices, in_languages: bool) -> Value {
        let (schema, order) = (self.schema)();
        let form = Form {
            root: &schema,
            choices,
        };
        let mut fields: Vec<Value> = (form.fields(&schema, order).into_iter())
            .filter(|(name, _)| !self.skip.contains(name))
            .map(|(_, field)| field)
            .collect();
        if let Some(label) = self.body {
            fields.push(markdown_field("body", label, None, false));
        }
        let (format, extension) = match self.extension {
            "md" => ("frontmatter", "md"),
            _ => ("yml", "yaml"),
        };
        let mut c = map([
            ("name", self.name.into()),
            ("label", self.label.into()),
            ("label_singular", self.singular.into()),
            ("description", self.description.into()),
            ("folder", self.folder.into()),
            ("extension", extension.into()),
            ("format", format.into()),
            ("create", self.create.into()),
            ("identifier_field", self.identifier.into()),
            ("slug", self.slug.into()),
        ]);
        if let Some(text) = self.text.filter(|_| in_languages) {
            let text = text();
            languages::mark(&mut fields, &text, &text);
            c.insert("i18n".into(), true.into());
        }
        c.insert("fields".into(), Value::Sequence(fields));
        Value::Mapping(c)
    }
}

fn map<const N: usize>(pairs: [(&str, Value); N]) -> Mapping {
    pairs.into_iter().map(|(k, v)| (k.into(), v)).collect()
}
