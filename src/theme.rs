//! Theme: finds the templates and static files for a site, honouring overrides.
//!
//! Every file is looked up in `themes/<site theme>/`, then `themes/default/` in the site root,
//! then the default theme compiled into the binary, so a site can replace a single template
//! without copying the rest, and `supportmap` works in a folder that has no theme at all.

use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;
use walkdir::WalkDir;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    /// Shared with each render's card function (`render::cards`), which renders the card
    /// template with these templates.
    pub tera: Arc<Tera>,
    /// Files for `/static/`, by path below it.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// A theme problem: which file, and what is wrong.
#[derive(Debug)]
pub(crate) struct ThemeError {
    pub file: PathBuf,
    pub message: String,
}

pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
    let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut static_files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    collect_embedded(&EMBEDDED, &mut templates, &mut static_files);
    let mut folders = vec![root.join("themes").join("default")];
    if name != "default" {
        let own = root.join("themes").join(name);
        if !own.is_dir() {
            return Err(ThemeError {
                file: PathBuf::from("content/site.yaml"),
                message: format!("theme \"{name}\" not found: there is no folder themes/{name}/ (set theme: default to use the built-in theme)"),
            });
        }
        folders.push(own);
    }
    for folder in folders {
        collect_folder(root, &folder, &mut templates, &mut static_files)?;
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    let raw: Vec<(String, String)> = templates
        .iter()
        .map(|(name, (_, text))| (name.clone(), text.clone()))
        .collect();
    tera.add_raw_templates(raw).map_err(|err| {
        let file = templates.values().map(|(path, _)| path).find(|p| {
            error_chain(&err).contains(&*p.file_name().unwrap_or_default().to_string_lossy())
        });
        ThemeError {
            file: file.cloned().unwrap_or_else(|| PathBuf::from("themes")),
            message: error_chain(&err),
        }
    })?;
    Ok(Theme {
        tera: Arc::new(tera),
        static_files,
    })
}

fn collect_embedded(
    dir: &Dir,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    static_files: &mut BTreeMap<String, Vec<u8>>,
) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => collect_embedded(d, templates, static_files),
            include_dir::DirEntry::File(f) => {
                let path = f.path().to_string_lossy().replace('\\', "/");
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(f.contents()).into_owned();
                    templates.insert(
                        name.to_string(),
                        (PathBuf::from("(built-in theme)").join(&path), text),
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    static_files.insert(name.to_string(), f.contents().to_vec());
                }
            }
        }
    }
}

fn collect_folder(
    root: &Path,
    folder: &Path,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    static_files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), ThemeError> {
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let base = folder.join(sub);
        for entry in WalkDir::new(&base)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&base)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let bytes = std::fs::read(entry.path()).map_err(|e| ThemeError {
                file: shown.clone(),
                message: format!("cannot read: {e}"),
            })?;
            if is_template {
                let text = String::from_utf8(bytes).map_err(|_| ThemeError {
                    file: shown.clone(),
                    message: "template is not UTF-8 text".into(),
                })?;
                templates.insert(name, (shown, text));
            } else {
                static_files.insert(name, bytes);
            }
        }
    }
    Ok(())
}

/// Escapes what can break out of text or a quoted attribute (in HTML and XML alike): the
/// templates' autoescape, the sitemap and the preview's overlay. Tera's default also escapes
/// `/`, which is safe but turns every URL into `https:&#x2F;&#x2F;`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Tera nests the useful part of a message (which template, which line) in its sources.
pub(crate) fn error_chain(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}
