//! Scaffold: `supportmap new asset|pathway|place|page <id>` writes a new record from a
//! commented template, so editors can start a record without remembering the fields.
//!
//! The templates in `src/scaffold/` list every field. Their one-line explanations are not
//! written there but taken from the JSON Schema descriptions (the `///` comments in `records`):
//! a line `#= field` becomes `# <description>`, and `#= Type.field` after a nested field becomes
//! a trailing comment. A test checks that every field of the schema appears in its template.
//! A commented-out field is written with its `#` against it (`#cost: free`), so that removing
//! the `#` alone leaves it at the right indentation. `validate` asks `is_example_text` whether
//! a record still holds a template's example sentence.

mod translation;

use crate::records::NeedRecord;
use crate::source::{is_valid_id, slugify};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum NewKind {
    Asset,
    Pathway,
    Place,
    Page,
}

impl NewKind {
    fn folder(self) -> &'static str {
        match self {
            NewKind::Asset => "assets",
            NewKind::Pathway => "pathways",
            NewKind::Place => "places",
            NewKind::Page => "pages",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            NewKind::Asset | NewKind::Place => "yaml",
            NewKind::Pathway | NewKind::Page => "md",
        }
    }

    fn template(self) -> &'static str {
        match self {
            NewKind::Asset => include_str!("scaffold/asset.yaml"),
            NewKind::Place => include_str!("scaffold/place.yaml"),
            NewKind::Pathway => include_str!("scaffold/pathway.md"),
            NewKind::Page => include_str!("scaffold/page.md"),
        }
    }

    fn schema_name(self) -> &'static str {
        match self {
            NewKind::Asset => "asset.schema.json",
            NewKind::Place => "place.schema.json",
            NewKind::Pathway => "pathway.schema.json",
            NewKind::Page => "page.schema.json",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            NewKind::Asset => "an asset",
            NewKind::Pathway => "a pathway",
            NewKind::Place => "a place",
            NewKind::Page => "a page",
        }
    }
}

/// Whether `text` is still the example that the `kind` template gives for `field` (such as
/// "Say in one sentence what Westfield Lunch Club offers and who it is for."), which the
/// editor was meant to replace. `{title}` in the example stands for any title.
pub(crate) fn is_example_text(kind: NewKind, field: &str, text: &str) -> bool {
    let prefix = format!("{field}: ");
    kind.template()
        .lines()
        .filter_map(|line| line.trim_start_matches('#').strip_prefix(&prefix))
        .any(|example| matches_example(example.trim(), text.trim()))
}

fn matches_example(example: &str, text: &str) -> bool {
    match example.split_once("{title}") {
        // A value that is nothing but the title (`name: {title}`) is the editor's own.
        Some(("", "")) => false,
        Some((before, after)) => {
            text.len() >= before.len() + after.len()
                && text.starts_with(before)
                && text.ends_with(after)
        }
        None => text == example,
    }
}

pub(crate) use translation::create as translate;

/// Why a record could not be created, with the fix.
#[derive(Debug)]
pub(crate) struct NewError {
    pub message: String,
    pub help: Option<String>,
}

/// Writes the new record and returns its path. Refuses bad ids and existing records.
pub(crate) fn create(
    root: &Path,
    kind: NewKind,
    id: &str,
    today: NaiveDate,
) -> Result<PathBuf, NewError> {
    if !is_valid_id(id) {
        let suggestion = slugify(id);
        return Err(NewError {
            message: format!("\"{id}\" is not a valid id for {}", kind.noun()),
            help: Some(format!("the id becomes the file name and web address: use lowercase letters, digits and single hyphens, such as \"{suggestion}\"")),
        });
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(NewError {
            message: format!("no content folder at {}", content.display()),
            help: Some("run supportmap in a site folder or pass --root".into()),
        });
    }
    let folder = content.join(kind.folder());
    for ext in ["yaml", "yml", "md"] {
        let existing = folder.join(format!("{id}.{ext}"));
        if existing.exists() {
            return Err(NewError {
                message: format!(
                    "{} already exists; nothing was written",
                    display(root, &existing)
                ),
                help: Some("edit that file, or choose another id".into()),
            });
        }
    }
    let path = folder.join(format!("{id}.{}", kind.extension()));
    let text = render(kind, id, &site_facts(&content), today);
    std::fs::create_dir_all(&folder).map_err(|e| NewError {
        message: format!("cannot create {}: {e}", folder.display()),
        help: None,
    })?;
    write_new(root, &path, &text)?;
    Ok(PathBuf::from("content")
        .join(kind.folder())
        .join(format!("{id}.{}", kind.extension())))
}

/// Writes `text` to a new file at `path`. create_new: never overwrite, even if the file
/// appeared since the caller checked.
fn write_new(root: &Path, path: &Path, text: &str) -> Result<(), NewError> {
    let failed = |doing: &str, e: std::io::Error| NewError {
        message: format!("cannot {doing} {}: {e}", display(root, path)),
        help: None,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| failed("create", e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| failed("write", e))
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The need and place ids of the site, so the template can list them and use valid ones.
struct Facts {
    needs: Vec<String>,
    places: Vec<String>,
}

fn site_facts(content: &Path) -> Facts {
    let needs = ["needs.yaml", "needs.yml"]
        .iter()
        .filter_map(|name| std::fs::read_to_string(content.join(name)).ok())
        .filter_map(|text| crate::yaml::read_value(&text))
        .filter_map(|value| serde_yaml::from_value::<Vec<NeedRecord>>(value).ok())
        .flatten()
        .filter_map(|n| n.id)
        .filter(|id| is_valid_id(id))
        .collect();
    let mut places: Vec<String> = std::fs::read_dir(content.join("places"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            matches!(path.extension()?.to_str()?, "yaml" | "yml")
                .then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .filter(|id| is_valid_id(id))
        .collect();
    places.sort();
    Facts { needs, places }
}

fn title_from_id(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(kind: NewKind, id: &str, facts: &Facts, today: NaiveDate) -> String {
    let schema = crate::schema::all()
        .into_iter()
        .find(|s| s.name == kind.schema_name())
        .expect("every kind has a schema")
        .schema;
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "(none yet)".to_string()
        } else {
            ids.join(", ")
        }
    };
    let text = kind
        .template()
        .replace("{title}", &title_from_id(id))
        .replace("{today}", &today.to_string())
        .replace("{needs}", &list(&facts.needs))
        .replace(
            "{first_need}",
            facts.needs.first().map_or("money", String::as_str),
        )
        .replace("{places}", &list(&facts.places))
        .replace(
            "{first_place}",
            facts.places.first().map_or("my-place", String::as_str),
        );
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        if let Some((before, field)) = line.split_once("#= ") {
            // A description may run over several lines: each must stay a comment.
            for said in describe(&schema, field.trim()).lines() {
                out.push_str(&format!("{before}# {said}\n"));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The schema description of `field` (top level) or `Type.field` (a nested record).
fn describe(schema: &serde_json::Value, field: &str) -> String {
    let property = match field.split_once('.') {
        Some((def, name)) => &schema["definitions"][def]["properties"][name],
        None => &schema["properties"][field],
    };
    property["description"]
        .as_str()
        .unwrap_or_else(|| panic!("template names {field}, which the schema does not describe"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            needs: vec!["food".into(), "money".into()],
            places: vec!["westfield".into()],
        }
    }

    #[test]
    fn every_schema_field_is_in_its_template() {
        for kind in [
            NewKind::Asset,
            NewKind::Pathway,
            NewKind::Place,
            NewKind::Page,
        ] {
            let schema = crate::schema::all()
                .into_iter()
                .find(|s| s.name == kind.schema_name())
                .unwrap()
                .schema;
            let template = kind.template();
            let mut expected: Vec<String> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            for (def, body) in schema["definitions"].as_object().into_iter().flatten() {
                if let Some(props) = body["properties"].as_object() {
                    expected.extend(props.keys().map(|k| format!("{def}.{k}")));
                }
            }
            for field in expected {
                assert!(
                    template.contains(&format!("#= {field}\n")),
                    "{:?} template lacks {field}",
                    kind
                );
            }
        }
    }

    #[test]
    fn fills_in_the_site_and_the_date() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let text = render(NewKind::Asset, "westfield-lunch-club", &facts(), today);
        assert!(text.contains("name: Westfield Lunch Club\n"), "{text}");
        assert!(text.contains("last_reviewed: 2026-03-03\n"));
        assert!(text.contains("needs: [food]\n"));
        assert!(text.contains("#  Needs on this site: food, money\n"));
        assert!(
            text.contains(
                "#    postcode: HB2 4QT                         # UK postcode, such as HB2 4QT.\n"
            ),
            "{text}"
        );
        assert!(!text.contains("#="), "every marker is replaced");
    }

    /// The template's YAML (a Markdown template's front matter) with every field uncommented,
    /// as an editor would by removing the `#` in front of each.
    fn uncommented(kind: NewKind) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let text = render(kind, "westfield", &facts(), today);
        let yaml = match text.strip_prefix("---\n") {
            Some(front) => front.split("\n---\n").next().unwrap().to_string(),
            None => text,
        };
        // A field's own lines are those after a `#field:` line that opens a block
        // (`#contact:`), indented; other lines starting "# " explain, and stay comments.
        let mut in_block = false;
        let mut out = String::new();
        for line in yaml.lines() {
            let uncommented = match line.strip_prefix('#') {
                Some(field) if !field.is_empty() && !field.starts_with([' ', '#']) => {
                    in_block = field.ends_with(':') || field.ends_with('|');
                    field
                }
                Some(nested) if in_block && nested.starts_with("  ") => nested,
                _ => {
                    in_block = false;
                    line
                }
            };
            out.push_str(uncommented);
            out.push('\n');
        }
        out
    }

    fn problems<T: serde::de::DeserializeOwned + Default>(yaml: &str) -> Vec<String> {
        let mut diags = crate::diagnostics::Diagnostics::default();
        crate::yaml::decode::<T>(yaml, Path::new("x.yaml"), 0, &mut diags);
        diags.sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn removing_the_hash_alone_uncomments_a_field() {
        let asset = uncommented(NewKind::Asset);
        assert!(asset.contains("\ncost: free\n"), "{asset}");
        assert!(asset.contains("\n    postcode: HB2 4QT"), "{asset}");
        assert_eq!(
            problems::<crate::records::AssetRecord>(&asset),
            Vec::<String>::new()
        );
        let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(
            crate::validate::check_new_asset(&asset, Path::new("x.yaml"), today),
            ["summary is still the example text"],
            "every uncommented example is valid; only the summary must be written"
        );
        let place = uncommented(NewKind::Place);
        assert!(place.contains("\nwithin: westfield\n"), "{place}");
        assert_eq!(
            problems::<crate::records::PlaceRecord>(&place),
            Vec::<String>::new()
        );
        let pathway = uncommented(NewKind::Pathway);
        assert!(pathway.contains("\nfor_whom: "), "{pathway}");
        assert_eq!(
            problems::<crate::records::PathwayRecord>(&pathway),
            Vec::<String>::new()
        );
        let page = uncommented(NewKind::Page);
        assert!(page.contains("\nsummary: "), "{page}");
        assert_eq!(
            problems::<crate::records::PageRecord>(&page),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_example_summaries_are_recognised() {
        let asset = "Say in one sentence what Westfield Lunch Club offers and who it is for.";
        assert!(is_example_text(NewKind::Asset, "summary", asset));
        assert!(!is_example_text(
            NewKind::Asset,
            "summary",
            "A hot lunch on Tuesdays."
        ));
        assert!(
            !is_example_text(NewKind::Asset, "name", "Westfield Lunch Club"),
            "a name made from the id is the editor's own"
        );
        let pathway = "Say in one sentence who this route is for and where it leads.";
        assert!(is_example_text(NewKind::Pathway, "summary", pathway));
        assert!(!is_example_text(NewKind::Pathway, "summary", asset));
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_from_id("st-marys-lunch-club"), "St Marys Lunch Club");
    }
}
