//! Asset views: the card every list shows, and the whole record for the asset's own page.

use super::hours::{hours_view, when_line};
use super::labels::{age_label, date_label, dedup, labelled_cost, phone_href};
use super::lookup::Lookup;
use super::views::{AssetCard, AssetView, ContactView, Labelled, Language};
use crate::addresses;
use crate::fields::language_name;
use crate::markdown::Renderer;
use crate::records::{Access, HealthCreation};
use crate::validate::Asset;

impl Lookup<'_> {
    pub(super) fn card(&self, a: &Asset) -> AssetCard {
        let r = &a.record;
        AssetCard {
            id: a.id.clone(),
            name: a.name.clone(),
            summary: a.summary.clone(),
            path: addresses::asset(&a.id),
            organisation: r.organisation.clone(),
            needs: self.need_links(&a.needs),
            places: self.place_links(&r.places),
            cost: r.cost.map(labelled_cost),
            access: dedup(&r.access)
                .into_iter()
                .map(|a: Access| Labelled {
                    id: a.id(),
                    label: a.label(),
                })
                .collect(),
            status: r.status.id(),
            status_label: r.status.label(),
            last_reviewed: a.last_reviewed.to_string(),
            last_reviewed_label: date_label(a.last_reviewed),
            overdue: self.overdue(a.last_reviewed),
            languages: r
                .languages
                .iter()
                .map(|code| Language {
                    code: code.clone(),
                    name: language_name(code),
                })
                .collect(),
            age_label: r
                .eligibility
                .as_ref()
                .and_then(|e| age_label(e.min_age, e.max_age)),
            first_location: r.locations.first().cloned(),
            phone: r.contact.as_ref().and_then(|c| c.phone.clone()),
            phone_href: r
                .contact
                .as_ref()
                .and_then(|c| c.phone.as_deref())
                .and_then(phone_href),
            when: r.opening_hours.iter().map(when_line).collect(),
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
            opening_hours: r.opening_hours.iter().map(hours_view).collect(),
            cost_detail: r.cost_detail.clone(),
            eligibility,
            health_creation: dedup(&r.health_creation)
                .into_iter()
                .map(|h: HealthCreation| Labelled {
                    id: h.id(),
                    label: h.label(),
                })
                .collect(),
            tags: r.tags.clone(),
            pathways: Vec::new(),
            place_ids: r.places.clone(),
            file: a.file.to_string_lossy().replace('\\', "/"),
        }
    }
}
