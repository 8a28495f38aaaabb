//! The form of one kind of record: each field of the record type's JSON Schema as a Decap form
//! control (text, date, number, list, object, a choice of the vocabulary's words or of the
//! site's own ids), with the schema's description as its help text. Kept apart from the
//! collections in `config` because it is the one part that reads schemas.

use super::declared::declared_of;
use super::map;
use crate::records::{Access, Cost, Day, HealthCreation, Status, DATE_PATTERN};
use crate::validate::Content;
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

/// An id and the name readers see for it.
type Named = (String, String);

/// The site's own ids a record may name, with the names readers see.
pub(super) struct Choices {
    needs: Vec<(String, String)>,
    places: Vec<(String, String)>,
    services: Vec<(String, String)>,
}

impl Choices {
    pub(super) fn of(content: &Content) -> Choices {
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
pub(super) struct Form<'a> {
    /// The whole schema, for its `definitions`.
    pub(super) root: &'a Json,
    pub(super) choices: &'a Choices,
}

impl Form<'_> {
    /// The fields of an object schema in `order`, each with its name.
    pub(super) fn fields(
        &self,
        object: &Json,
        order: &[&'static str],
    ) -> Vec<(&'static str, Value)> {
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
pub(super) fn markdown_field(name: &str, label: &str, hint: Option<&str>, required: bool) -> Value {
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

#[cfg(test)]
mod tests {
    use super::super::typed;
    use super::*;
    use crate::records::AssetRecord;

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
