//! The web editor on a site in several languages: Decap's i18n, so that an editor sees one
//! entry per record with a pane per language, instead of each translation file listed as a
//! record of its own.
//!
//! The layout is the one `translations` reads, Decap's `multiple_files`: a translation is
//! `<id>.<language>.<ext>` beside its record. Which fields a translation may hold comes from
//! its type's JSON Schema (`translations::AssetText` and the others, the ones `check` decodes):
//! those are marked `i18n: true` and every other field `i18n: false`, so that the other
//! languages' panes show only the text to translate and their files hold nothing else (a
//! copied time or need would be an error in `check`). Decap names the default language's file
//! `<id>.<default>.<ext>` too; `languages.js`, published beside the CMS, maps that name to the
//! record's own `<id>.<ext>` where Decap reads and saves.

use super::map;
use crate::validate::Content;
use serde_json::Value as Json;
use serde_yaml::Value;

/// The script that maps the default language's file names (see the module's comment).
pub(in crate::editor) const SCRIPT: &str = include_str!("languages.js");

/// The site's languages, the default first, when the editor shows them: a site in more than
/// one language, each written as Decap accepts a locale (letters and hyphens, 2 to 10 long;
/// a tag such as `es-419` leaves the editor as a one-language one, each file a record).
pub(in crate::editor) fn locales(content: &Content) -> Option<Vec<&str>> {
    let languages: Vec<&str> = (content.site.languages.iter())
        .map(|(tag, _)| tag.as_str())
        .collect();
    let decap_accepts = |tag: &&str| {
        (2..=10).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    };
    (languages.len() > 1 && languages.iter().all(decap_accepts)).then_some(languages)
}

/// The top-level `i18n` block.
pub(super) fn settings(locales: &[&str]) -> Value {
    let tags = locales.iter().map(|&tag| Value::from(tag)).collect();
    Value::Mapping(map([
        ("structure", "multiple_files".into()),
        ("locales", Value::Sequence(tags)),
        ("default_locale", locales[0].into()),
    ]))
}

/// Marks each field translatable when `text` (the translation type's schema, an object, in
/// `root` for its definitions) has it; a list of objects, such as a pathway's steps, field by
/// field inside too. The Markdown body is always text.
pub(super) fn mark(fields: &mut [Value], text: &Json, root: &Json) {
    for field in fields {
        let Value::Mapping(f) = field else { continue };
        let name = f.get("name").and_then(Value::as_str).unwrap_or_default();
        let property = &text["properties"][name];
        let translatable = name == "body" || !property.is_null();
        if let (true, Some(Value::Sequence(inner))) = (translatable, f.get_mut("fields")) {
            mark(inner, items(property, root), root);
        }
        f.insert("i18n".into(), translatable.into());
    }
}

/// The object schema of a list property's items, its reference followed.
fn items<'s>(property: &'s Json, root: &'s Json) -> &'s Json {
    let items = &property["items"];
    match items["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            &root["definitions"][name]
        }
        None => items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::generate;
    use crate::translations::PathwayText;

    #[test]
    fn only_what_a_translation_holds_is_translatable_down_to_a_steps_fields() {
        let mut fields: Vec<Value> = serde_yaml::from_str(
            "[{name: title}, {name: needs}, {name: steps, fields: [{name: title}, {name: assets}]}, {name: body}]",
        )
        .unwrap();
        let schema = generate::<PathwayText>("");
        mark(&mut fields, &schema, &schema);
        let marks: Vec<(&str, bool)> = (fields.iter())
            .map(|f| (f["name"].as_str().unwrap(), f["i18n"].as_bool().unwrap()))
            .collect();
        assert_eq!(
            marks,
            [
                ("title", true),
                ("needs", false),
                ("steps", true),
                ("body", true)
            ]
        );
        let steps = &fields[2]["fields"];
        assert_eq!(
            (&steps[0]["i18n"], &steps[1]["i18n"]),
            (&Value::from(true), &Value::from(false))
        );
    }
}
