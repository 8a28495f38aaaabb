//! Open Referral: the Human Services Data Specification (HSDS 3) and its UK profile (ORUK).
//!
//! `export` writes the published assets as static files shaped like the ORUK API
//! (`/data/openreferral/`); `import` turns Open Referral JSON or an HSDS CSV data package into
//! our YAML records. The field mapping is documented in `docs/openreferral.md`; this module
//! holds what both directions share: the vocabularies we publish as taxonomies, stable ids and
//! the day codes of schedules.

pub(crate) mod export;
pub(crate) mod import;

use crate::fields::days_label;
use crate::records::{Access, Day, HealthCreation};
use uuid::Uuid;

/// A Support Map vocabulary published as an HSDS taxonomy. The import recognises our own export
/// by these names, so they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vocabulary {
    /// Part of every id derived for the vocabulary and its terms.
    pub key: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// `link_type` of the attributes that link a service to the vocabulary's terms.
    pub link_type: &'static str,
}

pub(crate) const NEEDS: Vocabulary = Vocabulary {
    key: "needs",
    name: "Support Map needs",
    description: "The needs a Support Map groups community support by (money, housing, loneliness...). Each term's code is the need's id on the site.",
    link_type: "need",
};

pub(crate) const PLACES: Vocabulary = Vocabulary {
    key: "places",
    name: "Support Map places",
    description: "The areas a Support Map covers: a place and the neighbourhoods, wards or PCN areas within it (parent_id). Each term's code is the place's id on the site.",
    link_type: "area",
};

pub(crate) const ACCESS: Vocabulary = Vocabulary {
    key: "access",
    name: "Support Map access",
    description: "How people get to a service: drop in, self-referral, referral by a professional.",
    link_type: "access",
};

pub(crate) const HEALTH_CREATION: Vocabulary = Vocabulary {
    key: "health-creation",
    name: "Support Map health creation",
    description:
        "Which of the three Cs of Health Creation a service builds: control, contact, confidence.",
    link_type: "health_creation",
};

pub(crate) const TAGS: Vocabulary = Vocabulary {
    key: "tags",
    name: "Support Map tags",
    description: "Free words that help people find a service.",
    link_type: "tag",
};

pub(crate) const VOCABULARIES: [Vocabulary; 5] = [NEEDS, PLACES, ACCESS, HEALTH_CREATION, TAGS];

/// What an access term means, for its taxonomy term's `description`.
pub(crate) fn access_description(access: Access) -> &'static str {
    match access {
        Access::DropIn => "Turn up during opening hours, with no appointment or referral.",
        Access::SelfReferral => {
            "Get in touch yourself to join or ask for help; no one needs to refer you."
        }
        Access::ProfessionalReferral => {
            "A professional, such as a GP, link worker or social worker, makes the referral."
        }
    }
}

/// What a health creation term means (the "3Cs"), for its taxonomy term's `description`.
pub(crate) fn health_creation_description(h: HealthCreation) -> &'static str {
    match h {
        HealthCreation::Control => {
            "Helps people have more control over their own lives and choices."
        }
        HealthCreation::Contact => {
            "Helps people have contact with other people and their community."
        }
        HealthCreation::Confidence => "Helps people build the confidence to take action.",
    }
}

/// Finds one of our vocabularies by the name a taxonomy term carries.
pub(crate) fn vocabulary_named(name: &str) -> Option<Vocabulary> {
    let name = name.trim();
    VOCABULARIES
        .into_iter()
        .find(|v| v.name.eq_ignore_ascii_case(name))
}

/// The service field our export adds to carry the asset's own id (its file name), so that
/// importing our own export gives every record the id it had, and its page the same address.
/// Neither the UK profile nor HSDS 3.0 forbids fields of their own; other readers ignore it.
pub(crate) const ASSET_ID_FIELD: &str = "supportmap_id";

/// The field our export adds to `index.json` (`GET /`) with the site's title and `base_url`,
/// the identity every id is derived from (see `Ids`): an import of the export into an empty
/// folder writes them into its site.yaml, so the new site's export has the same ids.
pub(crate) const SITE_FIELD: &str = "supportmap_site";

/// Stable UUIDs: version 5, from a namespace derived from the site's identity, so every build
/// of the same site gives every record the same id.
pub(crate) struct Ids {
    namespace: Uuid,
}

impl Ids {
    /// `identity` is the site's `base_url` from site.yaml when it has one, else its title.
    pub(crate) fn new(identity: &str) -> Ids {
        Ids {
            namespace: Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                format!("supportmap:{}", identity.trim()).as_bytes(),
            ),
        }
    }

    pub(crate) fn of(&self, key: &str) -> String {
        Uuid::new_v5(&self.namespace, key.as_bytes()).to_string()
    }
}

/// iCalendar (RFC 5545) day codes used by HSDS schedules' `byday`.
pub(crate) const DAY_CODES: [(Day, &str); 7] = [
    (Day::Mon, "MO"),
    (Day::Tue, "TU"),
    (Day::Wed, "WE"),
    (Day::Thu, "TH"),
    (Day::Fri, "FR"),
    (Day::Sat, "SA"),
    (Day::Sun, "SU"),
];

pub(crate) fn day_code(day: Day) -> &'static str {
    DAY_CODES
        .iter()
        .find(|(d, _)| *d == day)
        .map(|(_, c)| *c)
        .unwrap_or("MO")
}

pub(crate) fn day_from_code(code: &str) -> Option<Day> {
    DAY_CODES
        .iter()
        .find(|(_, c)| c.eq_ignore_ascii_case(code))
        .map(|(d, _)| *d)
}

/// "Monday to Friday, 09:00 to 17:00": the schedule in words, for consumers that show text.
pub(crate) fn schedule_description(days: &[Day], opens: &str, closes: &str) -> String {
    format!("{}, {opens} to {closes}", days_label(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = Ids::new("https://example.org/map/");
        assert_eq!(
            a.of("service/lunch-club"),
            Ids::new("https://example.org/map/").of("service/lunch-club")
        );
        assert_ne!(a.of("service/lunch-club"), a.of("service/food-bank"));
        assert_ne!(
            a.of("service/lunch-club"),
            Ids::new("Other Map").of("service/lunch-club")
        );
        let id = a.of("service/lunch-club");
        assert_eq!(Uuid::parse_str(&id).unwrap().get_version_num(), 5);
    }

    #[test]
    fn day_codes_round_trip() {
        for (day, code) in DAY_CODES {
            assert_eq!(day_from_code(code), Some(day));
            assert_eq!(day_code(day), code);
        }
        assert_eq!(day_from_code("mo"), Some(Day::Mon));
        assert_eq!(day_from_code("XX"), None);
    }

    #[test]
    fn vocabularies_are_found_by_name() {
        assert_eq!(vocabulary_named(" support map NEEDS "), Some(NEEDS));
        assert_eq!(vocabulary_named("esdServiceTypes"), None);
    }
}
