//! The site in its other languages: one model per language, made from the content with each
//! record's translated text (`translations::translate`), its pages under the language's home
//! (`addresses::language_home`), and each text still in the default language marked, also
//! on every link to an untranslated need or place.

use super::views::{AssetCard, Link, Model, Untranslated};
use crate::i18n::Interface;
use crate::translations::{translate, Fallbacks, Of};
use crate::validate::Content;
use chrono::NaiveDate;
use std::sync::Arc;

/// A model for each language after the default, in `languages:` order.
pub(super) fn translated(
    content: &Content,
    base_url: Option<&str>,
    today: NaiveDate,
    interfaces: &[Arc<Interface>],
) -> Vec<Model> {
    let default = &content.site.language;
    (content.site.languages.iter().skip(1))
        .zip(interfaces)
        .map(|((language, _), interface)| {
            let (content, fallbacks) = translate(content, language);
            let interface = Arc::clone(interface);
            let mut model = super::build_in(&content, base_url, today, language, interface);
            let dir = crate::direction::of(default);
            mark(
                &mut model,
                &Marks {
                    fallbacks: &fallbacks,
                    default,
                    dir: (dir != crate::direction::of(language)).then_some(dir),
                },
            );
            model
        })
        .collect()
}

struct Marks<'a> {
    fallbacks: &'a Fallbacks,
    default: &'a str,
    /// The default language's direction, when the page's is the other one.
    dir: Option<crate::direction::Direction>,
}

impl Marks<'_> {
    fn of(&self, of: Of, id: &str) -> Option<Untranslated> {
        let fields = self.fallbacks.of(of, id);
        (!fields.is_empty()).then(|| Untranslated {
            lang: self.default.to_string(),
            fields: fields.to_vec(),
            dir: self.dir,
        })
    }

    fn card(&self, card: &mut AssetCard) {
        card.untranslated = self.of(Of::Asset, &card.id);
        self.links(Of::Need, &mut card.needs);
        self.links(Of::Place, &mut card.places);
    }

    fn links<'l>(&self, of: Of, links: impl IntoIterator<Item = &'l mut Link>) {
        for link in links {
            link.untranslated = self.of(of, &link.id);
        }
    }
}

/// Marks every view of a record, wherever it is shown, whose text is not yet translated.
fn mark(model: &mut Model, marks: &Marks) {
    for asset in &mut model.assets {
        marks.card(&mut asset.card);
        for link in &mut asset.pathways {
            link.untranslated = marks.of(Of::Pathway, &link.id);
        }
    }
    for need in &mut model.needs {
        need.untranslated = marks.of(Of::Need, &need.id);
    }
    for place in &mut model.places {
        place.untranslated = marks.of(Of::Place, &place.id);
        marks.links(
            Of::Place,
            place.parent.iter_mut().chain(&mut place.children),
        );
    }
    for pathway in &mut model.pathways {
        pathway.untranslated = marks.of(Of::Pathway, &pathway.id);
        marks.links(Of::Need, &mut pathway.needs);
        marks.links(Of::Place, &mut pathway.places);
        for card in pathway.steps.iter_mut().flat_map(|s| s.assets.iter_mut()) {
            marks.card(card);
        }
    }
    for section in &mut model.guide {
        section.untranslated = marks.of(Of::Guide, &section.slug);
    }
    for page in &mut model.pages {
        page.untranslated = marks.of(Of::Page, &page.slug);
    }
}
