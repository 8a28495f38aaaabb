//! Asset views: the card every list shows, and the whole record for the asset's own page.

use super::labels::{dedup, phone_href};
use super::lookup::Lookup;
use super::views::{AssetCard, AssetView, ContactView, Language};
use crate::addresses;
use crate::markdown::Renderer;
use crate::validate::Asset;

impl Lookup<'_> {
    pub(super) fn card(&self, a: &Asset) -> AssetCard {
        let r = &a.record;
        let words = self.words;
        AssetCard {
            id: a.id.clone(),
            name: a.name.clone(),
            summary: a.summary.clone(),
            path: addresses::asset(&a.id),
            organisation: r.organisation.clone(),
            needs: self.need_links(&a.needs),
            places: self.place_links(&r.places),
            cost: r.cost.map(|c| words.labelled(c.id(), c.key())),
            access: (dedup(&r.access).into_iter())
                .map(|a| words.labelled(a.id(), a.key()))
                .collect(),
            status: r.status.id(),
            status_label: words.text(r.status.key()),
            last_reviewed: a.last_reviewed.to_string(),
            last_reviewed_label: words.date(a.last_reviewed),
            overdue: self.overdue(a.last_reviewed),
            languages: r
                .languages
                .iter()
                .map(|code| Language {
                    code: code.clone(),
                    name: words.language(code),
                })
                .collect(),
            age_label: r
                .eligibility
                .as_ref()
                .and_then(|e| words.age(e.min_age, e.max_age)),
            first_location: r.locations.first().cloned(),
            phone: r.contact.as_ref().and_then(|c| c.phone.clone()),
            phone_href: r
                .contact
                .as_ref()
                .and_then(|c| c.phone.as_deref())
                .and_then(phone_href),
            when: (r.opening_hours.iter())
                .map(|h| words.when_line(h))
                .collect(),
            sensitive: (a.needs.iter()).any(|n| self.sensitive_needs.contains(n.as_str())),
            untranslated: None,
        }
    }

    pub(super) fn asset_view(&self, a: &Asset, markdown: &Renderer) -> AssetView {
        let r = &a.record;
        let contact = r.contact.clone().unwrap_or_default();
        let eligibility = r.eligibility.clone().unwrap_or_default();
        AssetView {
            card: self.card(a),
            description_html: a
                .description
                .as_deref()
                .map(|d| markdown.render(d, 3))
                .unwrap_or_default(),
            referral_html: r
                .referral
                .as_deref()
                .map(|d| markdown.render(d, 3))
                .unwrap_or_default(),
            locations: r.locations.clone(),
            contact: ContactView {
                phone_href: contact.phone.as_deref().and_then(phone_href),
                phone: contact.phone,
                email: contact.email,
                website: contact.website,
            },
            opening_hours: (r.opening_hours.iter())
                .map(|h| self.words.hours_view(h))
                .collect(),
            cost_detail: r.cost_detail.clone(),
            eligibility,
            health_creation: (dedup(&r.health_creation).into_iter())
                .map(|h| self.words.labelled(h.id(), h.key()))
                .collect(),
            tags: r.tags.clone(),
            pathways: Vec::new(),
            place_ids: r.places.clone(),
            file: a.file.to_string_lossy().replace('\\', "/"),
        }
    }
}
