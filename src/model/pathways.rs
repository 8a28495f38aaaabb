//! Pathway views: a pathway's steps with the cards of the assets each step suggests.

use super::lookup::Lookup;
use super::views::{PathwayView, StepView};
use crate::addresses;
use crate::markdown::Renderer;
use crate::validate::Pathway;

impl Lookup<'_> {
    pub(super) fn pathway_view(&self, p: &Pathway, markdown: &Renderer) -> PathwayView {
        let steps = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepView {
                number: i + 1,
                title: s.title.clone(),
                text_html: markdown.render(&s.text, 4),
                assets: s
                    .assets
                    .iter()
                    .filter_map(|id| self.assets.get(id.as_str()))
                    .map(|a| self.card(a))
                    .collect(),
            })
            .collect();
        PathwayView {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            intro_html: markdown.render(&p.intro, 2),
            for_whom: p.for_whom.clone(),
            needs: self.need_links(&p.needs),
            sensitive: (p.needs.iter()).any(|n| self.sensitive_needs.contains(n.as_str())),
            places: self.place_links(&p.places),
            last_reviewed: p.last_reviewed.to_string(),
            last_reviewed_label: self.words.date(p.last_reviewed),
            overdue: self.overdue(p.last_reviewed),
            path: addresses::pathway(&p.id),
            steps,
            file: p.file.to_string_lossy().replace('\\', "/"),
            untranslated: None,
        }
    }
}
