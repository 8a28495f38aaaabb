//! Schema: JSON Schema files for editors' tools, generated from the record types in `records`,
//! the same types that `validate` decodes, so the schemas cannot drift from the format.
//!
//! VS Code's YAML extension (and any editor using yaml-language-server) reads them to offer
//! completion, hover help and validation while an editor types. The schemas check the shape of
//! one file (fields, types, vocabularies, required fields); only `supportmap check` can check
//! records against each other (that a need id exists, that places do not loop).

use crate::output::{OutputError, Step};
use crate::records::*;
use crate::translations::{AssetText, NeedsText, PageText, PathwayText, PlaceText};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use std::path::Path;

/// One schema file: its name, what it describes, and which content files it applies to.
pub struct SchemaFile {
    pub name: &'static str,
    pub globs: &'static [&'static str],
    pub schema: serde_json::Value,
}

pub(crate) fn generate<T: JsonSchema>(title: &str) -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), title.into());
    }
    schema
}

/// Every schema, in a stable order.
pub fn all() -> Vec<SchemaFile> {
    vec![
        SchemaFile {
            name: "site.schema.json",
            globs: &["content/site.yaml", "content/site.yml"],
            schema: generate::<SiteRecord>("Support Map site settings (content/site.yaml)"),
        },
        SchemaFile {
            name: "needs.schema.json",
            globs: &["content/needs.yaml", "content/needs.yml"],
            schema: generate::<Vec<NeedRecord>>("Support Map needs (content/needs.yaml)"),
        },
        SchemaFile {
            name: "needs-translation.schema.json",
            globs: &["content/needs.*.yaml", "content/needs.*.yml"],
            schema: generate::<NeedsText>(
                "Support Map needs in another language, by need id (content/needs.<language>.yaml)",
            ),
        },
        SchemaFile {
            name: "place.schema.json",
            globs: &[
                "content/places/*.yaml",
                "content/places/*.yml",
                "!content/places/*.*.yaml",
                "!content/places/*.*.yml",
            ],
            schema: generate::<PlaceRecord>("Support Map place (content/places/*.yaml)"),
        },
        SchemaFile {
            name: "place-translation.schema.json",
            globs: &["content/places/*.*.yaml", "content/places/*.*.yml"],
            schema: generate::<PlaceText>(
                "Support Map place in another language (content/places/<id>.<language>.yaml)",
            ),
        },
        SchemaFile {
            name: "asset.schema.json",
            globs: &[
                "content/assets/*.yaml",
                "content/assets/*.yml",
                "!content/assets/*.*.yaml",
                "!content/assets/*.*.yml",
            ],
            schema: generate::<AssetRecord>("Support Map community asset (content/assets/*.yaml)"),
        },
        SchemaFile {
            name: "asset-translation.schema.json",
            globs: &["content/assets/*.*.yaml", "content/assets/*.*.yml"],
            schema: generate::<AssetText>(
                "Support Map asset in another language (content/assets/<id>.<language>.yaml)",
            ),
        },
        SchemaFile {
            name: "pathway-translation.schema.json",
            globs: &[],
            schema: generate::<PathwayText>(
                "Support Map pathway in another language (content/pathways/<id>.<language>.md)",
            ),
        },
        SchemaFile {
            name: "page-translation.schema.json",
            globs: &[],
            schema: generate::<PageText>(
                "Support Map guide section or page in another language (<slug>.<language>.md)",
            ),
        },
        SchemaFile {
            name: "pathway.schema.json",
            globs: &[],
            schema: generate::<PathwayRecord>(
                "Support Map pathway front matter (content/pathways/*.md)",
            ),
        },
        SchemaFile {
            name: "guide.schema.json",
            globs: &[],
            schema: generate::<GuideRecord>(
                "Support Map guide section front matter (content/guide/*.md)",
            ),
        },
        SchemaFile {
            name: "page.schema.json",
            globs: &[],
            schema: generate::<PageRecord>("Support Map page front matter (content/pages/*.md)"),
        },
    ]
}

/// The text of one schema file: pretty JSON with a final newline, so committed copies diff well.
pub fn to_text(schema: &serde_json::Value) -> String {
    serde_json::to_string_pretty(schema).expect("a JSON value always serialises") + "\n"
}

/// `.vscode/settings.json` mapping each YAML content file to its schema in `dir` (a path
/// relative to the site root, such as `schemas`).
pub fn vscode_settings(dir: &str) -> String {
    let mut map = serde_json::Map::new();
    for file in all().iter().filter(|f| !f.globs.is_empty()) {
        map.insert(
            format!("./{dir}/{}", file.name),
            file.globs
                .iter()
                .map(|g| serde_json::Value::from(*g))
                .collect(),
        );
    }
    let settings = serde_json::json!({ "yaml.schemas": map });
    to_text(&settings)
}

/// Writes every schema into `out`, replacing older copies. Returns the files written.
pub fn write(out: &Path) -> Result<Vec<std::path::PathBuf>, OutputError> {
    std::fs::create_dir_all(out).map_err(OutputError::io(Step::Create, out))?;
    let mut written = Vec::new();
    for file in all() {
        let path = out.join(file.name);
        std::fs::write(&path, to_text(&file.schema))
            .map_err(OutputError::io(Step::Write, &path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_schema_requires_what_check_requires() {
        let schema = generate::<AssetRecord>("t");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["name", "summary", "needs", "last_reviewed"]);
        assert_eq!(schema["additionalProperties"], false);
        assert!(schema["properties"]["name"]["description"]
            .as_str()
            .unwrap()
            .contains("name people know it by"));
    }
}
