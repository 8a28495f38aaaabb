//! The site's other languages: each one's pages rendered from its own model (`Model::
//! translated`) with its own interface texts, into its home below the site (`cy/`), and what
//! every page needs to link to its counterparts (`hreflang` alternates and the language
//! switcher, which go to the same page in the other language).

use super::{Pages, Renderer};
use crate::addresses;
use crate::i18n::Interface;
use crate::model::Model;
use crate::output::{OutputError, Sink, WriteFn};
use crate::theme::Theme;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;
use tera::Tera;

/// The templates and interface texts of one language.
pub(super) struct Speech {
    pub(super) tera: Arc<Tera>,
    pub(super) interface: Arc<Interface>,
}

impl Speech {
    pub(super) fn default_of(theme: &Theme) -> Speech {
        Speech {
            tera: Arc::clone(&theme.tera),
            interface: Arc::clone(&theme.interface),
        }
    }
}

/// One of the site's languages as every page links to it.
#[derive(Serialize)]
pub(super) struct LanguageLink {
    /// Its BCP 47 tag, for `hreflang` and `lang`.
    tag: String,
    /// Its name in itself ("Cymraeg"), for the switcher.
    name: String,
    /// Where its pages are, as a path (`/cy/`): the switcher's link is this and the page's path.
    base: String,
    /// Where its pages are in full when the site knows its address (else `base`), for
    /// `hreflang`.
    address: String,
    /// Whether it is the language of the page.
    current: bool,
    /// Whether it is the default language (`x-default`).
    default: bool,
}

/// The site's languages as the pages of language `current` (0 the default) link to them;
/// none for a site in one language, whose pages have no alternates.
pub(super) fn links(model: &Model, theme: &Theme, current: usize) -> Vec<LanguageLink> {
    if model.translated.is_empty() {
        return Vec::new();
    }
    let interfaces =
        std::iter::once(&theme.interface).chain(theme.others.iter().map(|o| &o.interface));
    (std::iter::once(model).chain(&model.translated))
        .zip(interfaces)
        .enumerate()
        .map(|(i, (m, interface))| LanguageLink {
            tag: m.site.language.clone(),
            name: interface.text("language.name", &[]),
            base: m.site.base.clone(),
            address: m.site.address_of(addresses::HOME),
            current: i == current,
            default: i == 0,
        })
        .collect()
}

/// Renders every page of each of the site's other languages below its home; the files every
/// language shares (styles, scripts, sitemap) are the default language's.
pub(super) fn render_translated(model: &Model, theme: &Theme, sink: &dyn Sink) -> Pages {
    let mut pages = 0;
    for (i, other) in theme.others.iter().enumerate() {
        pages += render_some(model, theme, i, None, sink)?;
        // The scripts' and stylesheet's words sit with the shared files, at the site's root.
        for (address, texts) in other.interface.browser_files() {
            sink.put(&address, texts.as_bytes())
                .map_err(super::RenderError::Write)?;
        }
    }
    Ok(pages)
}

/// Renders the pages of other language `i` (0 the first after the default) whose addresses
/// below its home are in `only` (every page when `None`), each into that home.
pub(super) fn render_some(
    model: &Model,
    theme: &Theme,
    i: usize,
    only: Option<&HashSet<String>>,
    sink: &dyn Sink,
) -> Pages {
    let (Some(translated), Some(other)) = (model.translated.get(i), theme.others.get(i)) else {
        return Ok(0);
    };
    let speech = Speech {
        tera: Arc::clone(&other.tera),
        interface: Arc::clone(&other.interface),
    };
    let home = addresses::language_home(&translated.site.language, &model.site.language);
    let under = Under { home, sink };
    let links = links(model, theme, i + 1);
    Renderer::new(translated, &speech, links, only, &under).sections()
}

/// A sink that puts every file below one language's home.
struct Under<'a> {
    home: String,
    sink: &'a dyn Sink,
}

impl Sink for Under<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.sink.put(&format!("{}{path}", self.home), bytes)
    }

    fn put_with(&self, path: &str, write: &mut WriteFn) -> Result<(), OutputError> {
        self.sink.put_with(&format!("{}{path}", self.home), write)
    }
}
