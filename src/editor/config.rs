//! The web editor's `config.yml`: the git host, and one collection per kind of record, each
//! field a form control made from the record type's JSON Schema (`schema`, made from the types
//! in `records`, the ones `check` decodes). So the form asks for the fields `check` knows, in
//! the order the type declares them, marks required what `check` requires, offers the
//! vocabularies' words as choices, and shows each field's description as its help text.
//!
//! What the schema cannot know comes from the site: the needs, places and services a record
//! may name are offered as choices of the site's own ids, with their names as labels.

use super::Editor;
use crate::records::{
    Access, AssetRecord, Contact, Cost, Day, Eligibility, GitHost, GuideRecord, HealthCreation,
    Location, OpeningHours, PageRecord, PathwayRecord, PlaceRecord, Status, Step, DATE_PATTERN,
};
use crate::schema::generate;
use crate::validate::Content;
use serde::de::{self, Deserialize, Visitor};
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

/// `config.yml`, with a first line saying where it came from.
pub(super) fn config(editor: &Editor, content: &Content) -> Result<String, String> {
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
    let choices = Choices::of(content);
    let collections = COLLECTIONS.iter().map(|c| c.config(&choices)).collect();
    config.insert("collections".into(), Value::Sequence(collections));
    let yaml = serde_yaml::to_string(&config)
        .map_err(|e| format!("cannot write the web editor's config.yml: {e}"))?;
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
    },
];

fn typed<T: schemars::JsonSchema + for<'de> Deserialize<'de>>() -> (Json, &'static [&'static str]) {
    (generate::<T>(""), declared_fields::<T>())
}

impl Collection {
    fn config(&self, choices: &Choices) -> Value {
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
        c.insert("fields".into(), Value::Sequence(fields));
        Value::Mapping(c)
    }
}

/// An id and the name readers see for it.
type Named = (String, String);

/// The site's own ids a record may name, with the names readers see.
struct Choices {
    needs: Vec<(String, String)>,
    places: Vec<(String, String)>,
    services: Vec<(String, String)>,
}

impl Choices {
    fn of(content: &Content) -> Choices {
        let pairs = |items: Vec<(&String, &String)>| {
            let mut pairs: Vec<(String, String)> = (items.into_iter())
                .map(|(id, name)| (id.clone(), name.clone()))
                .collect();
            pairs.sort_by(|a, b| {
                a.1.to_lowercase()
                    .cmp(&b.1.to_lowercase())
                    .then(a.0.cmp(&b.0))
            });
            pairs
        };
        Choices {
            needs: pairs(content.needs.iter().map(|n| (&n.id, &n.name)).collect()),
            places: pairs(content.places.iter().map(|p| (&p.id, &p.name)).collect()),
            services: pairs(content.assets.iter().map(|a| (&a.id, &a.name)).collect()),
        }
    }

    /// Which of the site's ids a field holds, by the field's name in the record types, and
    /// whether it holds several; with the help text the form shows instead of the schema's
    /// (which speaks of ids, which the form hides).
    fn for_field(&self, name: &str) -> Option<(&[Named], bool, &'static str)> {
        match name {
            "needs" => Some((&self.needs, true, "Choose every need it helps with.")),
            "places" => Some((
                &self.places,
                true,
                "Choose the places it is for (none: everywhere).",
            )),
            "within" => Some((
                &self.places,
                false,
                "The larger place this one is part of, if any.",
            )),
            "assets" => Some((
                &self.services,
                true,
                "Choose the services that help at this step.",
            )),
            _ => None,
        }
    }
}

/// Turns one record type's schema into form fields.
struct Form<'a> {
    /// The whole schema, for its `definitions`.
    root: &'a Json,
    choices: &'a Choices,
}

impl Form<'_> {
    /// The fields of an object schema in `order`, each with its name.
    fn fields(&self, object: &Json, order: &[&'static str]) -> Vec<(&'static str, Value)> {
        let required: Vec<&str> = (object["required"].as_array().into_iter().flatten())
            .filter_map(Json::as_str)
            .collect();
        (order.iter())
            .filter_map(|&name| {
                let property = object["properties"].get(name)?;
                Some((name, self.field(name, property, required.contains(&name))))
            })
            .collect()
    }

    fn field(&self, name: &'static str, property: &Json, required: bool) -> Value {
        let hint = property["description"].as_str();
        let (schema, definition) = self.plain(property);
        if let Some((options, multiple, hint)) = self.choices.for_field(name) {
            return select(name, Some(hint), required, options, multiple);
        }
        if let Some(options) = definition.and_then(vocabulary) {
            return select(name, hint, required, &options, false);
        }
        match kind(schema) {
            Some("array") => self.list(name, hint, required, schema),
            Some("object") => {
                let order = definition.map(declared_of).unwrap_or(&[]);
                let fields = self.fields(schema, order).into_iter().map(|(_, f)| f);
                let mut f = field(name, "object", hint, required);
                f.insert("collapsed".into(), false.into());
                f.insert("fields".into(), Value::Sequence(fields.collect()));
                Value::Mapping(f)
            }
            Some(kind @ ("integer" | "number")) => {
                let mut f = field(name, "number", hint, required);
                let value_type = if kind == "integer" { "int" } else { "float" };
                f.insert("value_type".into(), value_type.into());
                for (key, option) in [("minimum", "min"), ("maximum", "max")] {
                    let bound = match kind {
                        "integer" => schema[key].as_i64().map(Value::from),
                        _ => schema[key].as_f64().map(Value::from),
                    };
                    if let Some(bound) = bound {
                        f.insert(option.into(), bound);
                    }
                }
                Value::Mapping(f)
            }
            Some("boolean") => Value::Mapping(field(name, "boolean", hint, required)),
            _ => self.text(name, hint, required, schema),
        }
    }

    fn text(&self, name: &'static str, hint: Option<&str>, required: bool, schema: &Json) -> Value {
        let pattern = schema["pattern"].as_str();
        if pattern == Some(DATE_PATTERN) {
            // A date picker that stores YYYY-MM-DD and starts at today.
            let mut f = field(name, "datetime", hint, required);
            f.insert("format".into(), "YYYY-MM-DD".into());
            f.insert("date_format".into(), "YYYY-MM-DD".into());
            f.insert("time_format".into(), false.into());
            f.insert("picker_utc".into(), true.into());
            f.insert("default".into(), "{{now}}".into());
            return Value::Mapping(f);
        }
        if hint.is_some_and(|h| h.contains("Markdown")) {
            return markdown_field(name, &label(name), hint, required);
        }
        let mut f = field(name, "string", hint, required);
        if let Some(pattern) = pattern {
            let message = format!("Check how this is written. {}", hint.unwrap_or_default());
            f.insert(
                "pattern".into(),
                Value::Sequence(vec![pattern.into(), message.trim().into()]),
            );
        }
        Value::Mapping(f)
    }

    fn list(&self, name: &'static str, hint: Option<&str>, required: bool, schema: &Json) -> Value {
        let (items, definition) = self.plain(&schema["items"]);
        let min = schema["minItems"].as_u64().filter(|_| required);
        if let Some(options) = definition.and_then(vocabulary) {
            let mut f = select_map(name, hint, required, &options, true);
            if let Some(min) = min {
                f.insert("min".into(), min.into());
            }
            return Value::Mapping(f);
        }
        let mut f = field(name, "list", hint, required);
        if kind(items) == Some("object") {
            let order = definition.map(declared_of).unwrap_or(&[]);
            let fields = self.fields(items, order).into_iter().map(|(_, f)| f);
            f.insert("collapsed".into(), false.into());
            f.insert("fields".into(), Value::Sequence(fields.collect()));
        }
        if let Some(min) = min {
            f.insert("min".into(), min.into());
        }
        Value::Mapping(f)
    }

    /// A property's schema with `null` alternatives (optional fields) dropped and a reference
    /// followed, and the name of the definition it refers to.
    fn plain<'s>(&'s self, schema: &'s Json) -> (&'s Json, Option<&'s str>) {
        let alternatives = (schema.get("anyOf").or_else(|| schema.get("allOf")))
            .and_then(Json::as_array)
            .and_then(|all| all.iter().find(|s| s["type"] != "null"));
        let schema = alternatives.unwrap_or(schema);
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                (&self.root["definitions"][name], Some(name))
            }
            None => (schema, None),
        }
    }
}

/// A schema's type, `null` aside: `["string", "null"]` (an optional field) is a string.
fn kind(schema: &Json) -> Option<&str> {
    match &schema["type"] {
        Json::Array(types) => types.iter().filter_map(Json::as_str).find(|t| *t != "null"),
        other => other.as_str(),
    }
}

/// A field's base: its name, label, control, help text and whether it must be filled in.
fn field(name: &str, widget: &str, hint: Option<&str>, required: bool) -> Mapping {
    let mut f = map([
        ("label", label(name).into()),
        ("name", name.into()),
        ("widget", widget.into()),
        ("required", required.into()),
    ]);
    if let Some(hint) = hint {
        f.insert("hint".into(), hint.into());
    }
    f
}

/// Markdown text, without the buttons that insert pictures or code: the site shows neither.
fn markdown_field(name: &str, label: &str, hint: Option<&str>, required: bool) -> Value {
    let mut f = field(name, "markdown", hint, required);
    f.insert("label".into(), label.into());
    f.insert("editor_components".into(), Value::Sequence(Vec::new()));
    f.insert(
        "buttons".into(),
        Value::Sequence(
            [
                "bold",
                "italic",
                "link",
                "heading-three",
                "bulleted-list",
                "numbered-list",
                "quote",
            ]
            .map(Value::from)
            .to_vec(),
        ),
    );
    Value::Mapping(f)
}

fn select(
    name: &str,
    hint: Option<&str>,
    required: bool,
    options: &[(String, String)],
    multiple: bool,
) -> Value {
    let mut f = select_map(name, hint, required, options, multiple);
    if multiple && required {
        f.insert("min".into(), 1.into());
    }
    Value::Mapping(f)
}

fn select_map(
    name: &str,
    hint: Option<&str>,
    required: bool,
    options: &[(String, String)],
    multiple: bool,
) -> Mapping {
    let mut f = field(name, "select", hint, required);
    f.insert("multiple".into(), multiple.into());
    let options = (options.iter())
        .map(|(id, name)| {
            Value::Mapping(map([
                ("label", name.as_str().into()),
                ("value", id.as_str().into()),
            ]))
        })
        .collect();
    f.insert("options".into(), Value::Sequence(options));
    f
}

/// `opening_hours` -> `Opening hours`.
fn label(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn map<const N: usize>(pairs: [(&str, Value); N]) -> Mapping {
    pairs.into_iter().map(|(k, v)| (k.into(), v)).collect()
}

/// A closed vocabulary's words and the labels the site publishes, by its type's name.
fn vocabulary(definition: &str) -> Option<Vec<(String, String)>> {
    macro_rules! words {
        ($t:ty) => {
            <$t>::ALL
                .iter()
                .map(|v| (v.id().to_string(), v.label().to_string()))
                .collect()
        };
    }
    Some(match definition {
        "Access" => words!(Access),
        "Cost" => words!(Cost),
        "Day" => words!(Day),
        "HealthCreation" => words!(HealthCreation),
        "Status" => words!(Status),
        _ => return None,
    })
}

/// The declared field order of a record part, by its type's name in the schema.
fn declared_of(definition: &str) -> &'static [&'static str] {
    match definition {
        "Location" => declared_fields::<Location>(),
        "Contact" => declared_fields::<Contact>(),
        "OpeningHours" => declared_fields::<OpeningHours>(),
        "Eligibility" => declared_fields::<Eligibility>(),
        "Step" => declared_fields::<Step>(),
        _ => &[],
    }
}

/// The fields of a record type in the order it declares them: the list serde's derive hands to
/// `deserialize_struct`, caught by a deserializer that reads nothing. (The schema's own
/// properties are in alphabetical order, which makes a poor form.)
fn declared_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a struct's field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only a struct's field names are read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_in_the_order_the_type_declares_them() {
        let fields = declared_fields::<AssetRecord>();
        assert_eq!(
            &fields[..4],
            ["name", "summary", "description", "organisation"]
        );
        assert_eq!(
            declared_fields::<OpeningHours>(),
            ["days", "opens", "closes", "note"]
        );
    }

    fn form_of(choices: &Choices) -> Vec<Value> {
        let (schema, order) = typed::<AssetRecord>();
        let form = Form {
            root: &schema,
            choices,
        };
        form.fields(&schema, order)
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    fn named<'v>(fields: &'v [Value], name: &str) -> &'v Value {
        fields.iter().find(|f| f["name"] == name).unwrap()
    }

    #[test]
    fn a_service_form_asks_what_check_requires_with_the_sites_own_choices() {
        let choices = Choices {
            needs: vec![("food".into(), "Food".into())],
            places: vec![("westfield".into(), "Westfield".into())],
            services: vec![],
        };
        let fields = form_of(&choices);
        let required: Vec<&str> = (fields.iter())
            .filter(|f| f["required"] == true)
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(required, ["name", "summary", "needs", "last_reviewed"]);

        let needs = named(&fields, "needs");
        assert_eq!(needs["widget"], "select");
        assert_eq!(needs["multiple"], true);
        assert_eq!(needs["min"], 1);
        assert_eq!(needs["options"][0]["value"], "food");
        assert_eq!(needs["options"][0]["label"], "Food");
        assert_eq!(named(&fields, "places")["options"][0]["value"], "westfield");

        let reviewed = named(&fields, "last_reviewed");
        assert_eq!(reviewed["widget"], "datetime");
        assert_eq!(reviewed["default"], "{{now}}");
        assert_eq!(reviewed["format"], "YYYY-MM-DD");

        let hours = named(&fields, "opening_hours");
        assert_eq!(hours["widget"], "list");
        let hour_fields = hours["fields"].as_sequence().unwrap();
        assert_eq!(hour_fields[0]["name"], "days");
        assert_eq!(hour_fields[0]["widget"], "select");
        assert_eq!(hour_fields[0]["options"][1]["label"], "Tuesday");
        assert_eq!(hour_fields[1]["name"], "opens");
        assert_eq!(hour_fields[1]["required"], true);
        assert!(hour_fields[1]["pattern"][0]
            .as_str()
            .unwrap()
            .contains("24:00"));

        assert_eq!(named(&fields, "cost")["options"][1]["value"], "low_cost");
        assert_eq!(named(&fields, "description")["widget"], "markdown");
        assert_eq!(named(&fields, "contact")["widget"], "object");
        assert_eq!(named(&fields, "tags")["widget"], "list");
        let eligibility = &named(&fields, "eligibility")["fields"][0];
        assert_eq!(
            (&eligibility["widget"], &eligibility["value_type"]),
            (&Value::from("number"), &Value::from("int"))
        );
    }
}
