//! Theme: finds the templates and static files for a site, honouring overrides.
//!
//! Every file is looked up in `themes/<site theme>/`, then `themes/default/` in the site root,
//! then the default theme compiled into the binary, so a site can replace a single template
//! without copying the rest, and `supportmap` works in a folder that has no theme at all.
//! Interface catalogues (`languages/<tag>.yaml`) are layered the same way, key by key, and
//! `i18n` turns them into the `t()` and `date_words()` functions every template can call.

use crate::diagnostics::Pos;
use crate::i18n::{self, CatalogueFile};
use crate::validate::Site;
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
    /// The interface texts in the site's language, for what Rust writes into pages.
    pub(crate) interface: Arc<i18n::Interface>,
    /// What `check` warns about in the theme (interface texts missing from a catalogue).
    pub(crate) warnings: Vec<ThemeError>,
    /// The site's other languages (`languages:` after the first), in its order.
    pub(crate) others: Vec<InLanguage>,
}

impl Theme {
    /// The interface texts of each of the site's languages, in `languages:` order.
    pub(crate) fn interfaces(&self) -> Vec<Arc<i18n::Interface>> {
        std::iter::once(&self.interface)
            .chain(self.others.iter().map(|o| &o.interface))
            .cloned()
            .collect()
    }
}

/// The templates and interface texts of one of the site's other languages: the same templates,
/// with `t()` and `date_words()` speaking that language.
pub(crate) struct InLanguage {
    pub(crate) tera: Arc<Tera>,
    pub(crate) interface: Arc<i18n::Interface>,
}

/// A theme problem: which file and where, what is wrong and, when known, how to fix it.
#[derive(Debug)]
pub(crate) struct ThemeError {
    pub file: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl ThemeError {
    fn in_file(file: PathBuf, message: String) -> ThemeError {
        ThemeError {
            file,
            pos: Pos::START,
            message,
            help: None,
        }
    }
}

/// Everything a theme folder gives: templates, static files and interface catalogues.
#[derive(Default)]
struct Files {
    templates: BTreeMap<String, (PathBuf, String)>,
    static_files: BTreeMap<String, Vec<u8>>,
    catalogues: BTreeMap<String, Vec<CatalogueFile>>,
}

impl Files {
    /// A catalogue file for language `tag`, layered after the ones already read.
    fn add_catalogue(&mut self, tag: &str, file: PathBuf, text: String) {
        let file = CatalogueFile { file, text };
        self.catalogues
            .entry(tag.to_string())
            .or_default()
            .push(file);
    }
}

pub(crate) fn load(root: &Path, site: &Site) -> Result<Theme, ThemeError> {
    let name = &site.theme;
    let mut files = Files::default();
    collect_embedded(&EMBEDDED, &mut files);
    let mut folders = vec![root.join("themes").join("default")];
    if name != "default" {
        let own = root.join("themes").join(name);
        if !own.is_dir() {
            return Err(ThemeError::in_file(
                PathBuf::from("content/site.yaml"),
                format!("theme \"{name}\" not found: there is no folder themes/{name}/ (set theme: default to use the built-in theme)"),
            ));
        }
        folders.push(own);
    }
    for folder in &folders {
        collect_folder(root, folder, &mut files)?;
    }
    let own = folders.last().map_or_else(PathBuf::new, |f| {
        f.strip_prefix(root).unwrap_or(f).join("languages")
    });
    let mut warnings = Vec::new();
    let mut interfaces = Vec::with_capacity(site.languages.len());
    for (tag, at) in &site.languages {
        let loaded = i18n::load(tag, &files.catalogues, |tag| {
            own.join(format!("{tag}.yaml"))
        })
        .map_err(|e| language_error(e, site, *at))?;
        warnings.extend(loaded.warnings.into_iter().map(problem));
        interfaces.push((tag.clone(), Arc::new(loaded.interface)));
    }
    let (_, interface) = interfaces.remove(0);
    let Files {
        templates,
        static_files,
        ..
    } = files;
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    speak(&mut tera, &interface);
    let raw: Vec<(String, String)> = templates
        .iter()
        .map(|(name, (_, text))| (name.clone(), text.clone()))
        .collect();
    tera.add_raw_templates(raw).map_err(|err| {
        let file = templates.values().map(|(path, _)| path).find(|p| {
            error_chain(&err).contains(&*p.file_name().unwrap_or_default().to_string_lossy())
        });
        ThemeError::in_file(
            file.cloned().unwrap_or_else(|| PathBuf::from("themes")),
            error_chain(&err),
        )
    })?;
    let others = (interfaces.into_iter())
        .map(|(_, interface)| {
            let mut tera = tera.clone();
            speak(&mut tera, &interface);
            InLanguage {
                tera: Arc::new(tera),
                interface,
            }
        })
        .collect();
    Ok(Theme {
        tera: Arc::new(tera),
        static_files,
        interface,
        warnings,
        others,
    })
}

/// Gives `tera` the interface functions, speaking `interface`'s language.
fn speak(tera: &mut Tera, interface: &Arc<i18n::Interface>) {
    tera.register_function(i18n::FUNCTION, i18n::Say(Arc::clone(interface)));
    tera.register_function(i18n::DATE_FUNCTION, i18n::DateWords(Arc::clone(interface)));
    let address = |of| i18n::TextsAddress(Arc::clone(interface), of);
    tera.register_function(
        i18n::SCRIPT_TEXTS_FUNCTION,
        address(i18n::Interface::script_texts_address),
    );
    tera.register_function(
        i18n::STYLE_TEXTS_FUNCTION,
        address(i18n::Interface::style_texts_address),
    );
}

fn problem(p: i18n::Problem) -> ThemeError {
    ThemeError {
        file: p.file,
        pos: Pos::new(p.line, p.col),
        message: p.message,
        help: Some(p.help),
    }
}

/// A language the theme has no words for is a mistake in `language:`; a broken catalogue is
/// the catalogue's.
fn language_error(e: i18n::LoadError, site: &Site, at: Pos) -> ThemeError {
    let at_language = |message: String, help: String| ThemeError {
        file: PathBuf::from("content/site.yaml"),
        pos: at,
        message,
        help: Some(help),
    };
    match e {
        i18n::LoadError::NoCatalogue { language, known } => at_language(
            format!("the theme has no interface words in \"{language}\""),
            format!(
                "use one of {}, or translate the interface into themes/{}/languages/{language}.yaml (docs/languages.md)",
                known.join(", "),
                site.theme
            ),
        ),
        i18n::LoadError::NoPluralRules { language } => at_language(
            format!("\"{language}\" is not a language with known plural rules"),
            "check the language tag, such as en-GB or cy".to_string(),
        ),
        i18n::LoadError::Bad(p) => problem(p),
    }
}

/// A catalogue's language: its file name without `.yaml`.
fn catalogue_tag(name: &str) -> Option<&str> {
    name.strip_suffix(".yaml")
        .filter(|t| !t.is_empty() && !t.contains('/'))
}

fn collect_embedded(dir: &Dir, files: &mut Files) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(d) => collect_embedded(d, files),
            include_dir::DirEntry::File(f) => {
                let path = f.path().to_string_lossy().replace('\\', "/");
                let shown = PathBuf::from("(built-in theme)").join(&path);
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(f.contents()).into_owned();
                    files.templates.insert(name.to_string(), (shown, text));
                } else if let Some(name) = path.strip_prefix("static/") {
                    (files.static_files).insert(name.to_string(), f.contents().to_vec());
                } else if let Some(tag) = path.strip_prefix("languages/").and_then(catalogue_tag) {
                    let text = String::from_utf8_lossy(f.contents()).into_owned();
                    files.add_catalogue(tag, shown, text);
                }
            }
        }
    }
}

fn collect_folder(root: &Path, folder: &Path, files: &mut Files) -> Result<(), ThemeError> {
    for (sub, kind) in [
        ("templates", Kind::Template),
        ("static", Kind::Static),
        ("languages", Kind::Catalogue),
    ] {
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
            let bytes = std::fs::read(entry.path())
                .map_err(|e| ThemeError::in_file(shown.clone(), format!("cannot read: {e}")))?;
            match kind {
                Kind::Template => {
                    let text = utf8(bytes, &shown)?;
                    files.templates.insert(name, (shown, text));
                }
                Kind::Static => {
                    files.static_files.insert(name, bytes);
                }
                Kind::Catalogue => {
                    if let Some(tag) = catalogue_tag(&name) {
                        let text = utf8(bytes, &shown)?;
                        files.add_catalogue(tag, shown, text);
                    }
                }
            }
        }
    }
    Ok(())
}

fn utf8(bytes: Vec<u8>, shown: &Path) -> Result<String, ThemeError> {
    String::from_utf8(bytes)
        .map_err(|_| ThemeError::in_file(shown.to_path_buf(), "this file is not UTF-8 text".into()))
}

/// What a file in a theme folder is, by the folder it is in.
#[derive(Clone, Copy)]
enum Kind {
    Template,
    Static,
    Catalogue,
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

/// The built-in theme's interface in `language`, for unit tests of what Rust says with it.
#[cfg(test)]
pub(crate) fn built_in_interface(language: &str) -> i18n::Interface {
    let mut files = Files::default();
    collect_embedded(&EMBEDDED, &mut files);
    i18n::load(language, &files.catalogues, |tag: &str| PathBuf::from(tag))
        .unwrap_or_else(|e| panic!("{language}: {e:?}"))
        .interface
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalogues_are_complete_and_correct() {
        let mut files = Files::default();
        collect_embedded(&EMBEDDED, &mut files);
        let load = |language: &str| {
            i18n::load(language, &files.catalogues, |tag: &str| PathBuf::from(tag))
                .unwrap_or_else(|e| panic!("{language}: {e:?}"))
        };
        for language in ["en-GB", "cy"] {
            assert!(
                load(language).warnings.is_empty(),
                "{language}: {:?}",
                load(language).warnings
            );
        }
        assert_eq!(
            load("en-GB").interface.date("2026-03-03").unwrap(),
            "3 March 2026"
        );
        assert_eq!(
            load("cy").interface.date("2026-11-25").unwrap(),
            "25 Tachwedd 2026"
        );
    }
}
