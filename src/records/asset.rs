//! An asset: one group, service or organisation's offer, with where, when and for whom.

use super::{Access, Cost, Date, Day, HealthCreation, Status, Time};
use super::{
    EMAIL_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, PHONE_PATTERN, UUID_PATTERN, WEB_PATTERN,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// content/assets/<id>.yaml or .md: one group, service or organisation's offer.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetRecord {
    /// The name people know it by, such as "Westfield Lunch Club".
    #[schemars(required)]
    pub name: Option<String>,
    /// One sentence: what it offers and who it is for.
    #[schemars(required)]
    pub summary: Option<String>,
    /// Longer description in Markdown (in a .md record, write it below the front matter instead).
    pub description: Option<String>,
    /// Who runs it, if that is not the name.
    pub organisation: Option<String>,
    /// Ids of the needs it helps with, from content/needs.yaml, such as [food, loneliness].
    #[schemars(required, length(min = 1), inner(pattern(ID_PATTERN)))]
    pub needs: Option<Vec<String>>,
    /// Ids of the places it serves, from content/places/, such as [westfield].
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub places: Vec<String>,
    /// Where it happens: each with an address, and optionally name, postcode and accessibility.
    #[serde(default)]
    pub locations: Vec<Location>,
    /// How to get in touch: phone, email and website.
    pub contact: Option<Contact>,
    /// When it runs: days, opens and closes times, and an optional note.
    #[serde(default)]
    pub opening_hours: Vec<OpeningHours>,
    /// How people get in: drop_in, self_referral and/or professional_referral.
    #[serde(default)]
    pub access: Vec<Access>,
    /// How to refer or join, in Markdown, such as "Call and ask for the duty adviser."
    pub referral: Option<String>,
    /// What it costs: free, low_cost or paid.
    pub cost: Option<Cost>,
    /// More about the cost, such as "£1 a session, free for carers".
    pub cost_detail: Option<String>,
    /// Who it is for: min_age, max_age and who (in words).
    pub eligibility: Option<Eligibility>,
    /// Languages it is offered in, as codes such as [en, cy, ur, pl].
    #[serde(default)]
    #[schemars(inner(pattern(LANGUAGE_PATTERN)))]
    pub languages: Vec<String>,
    /// Which of the 3Cs it builds: control, contact and/or confidence.
    #[serde(default)]
    pub health_creation: Vec<HealthCreation>,
    /// The date someone last checked these details with the organisation, YYYY-MM-DD.
    #[schemars(required)]
    pub last_reviewed: Option<Date>,
    /// active (the default), paused (not running for now) or closed (no longer published).
    #[serde(default)]
    pub status: Status,
    /// Extra words that help search find it, such as [lunch, hot meal].
    #[serde(default)]
    pub tags: Vec<String>,
    /// The service's id in the Open Referral data this record was imported from, a UUID; written
    /// by `supportmap import openreferral`. The Open Referral export gives the service this id
    /// again, so data passed back and forth keeps its ids.
    #[schemars(pattern(UUID_PATTERN))]
    pub openreferral_id: Option<String>,
}

/// A place where an asset happens.
#[derive(Debug, Default, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Name of the building, such as "St Mary's Church Hall".
    pub name: Option<String>,
    /// Street address.
    #[schemars(required)]
    pub address: Option<String>,
    /// UK postcode, such as HB2 4QT.
    pub postcode: Option<String>,
    /// Latitude, such as 50.7192.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    /// Longitude, such as -1.8808.
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
    /// Getting in and around: step-free access, hearing loop, accessible toilet.
    pub accessibility: Option<String>,
}

/// How to get in touch with an asset.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone number as digits with spaces, such as 01632 960123.
    #[schemars(pattern(PHONE_PATTERN))]
    pub phone: Option<String>,
    /// Email address, such as hello@example.org.
    #[schemars(pattern(EMAIL_PATTERN))]
    pub email: Option<String>,
    /// Full web address starting with https://.
    #[schemars(pattern(WEB_PATTERN))]
    pub website: Option<String>,
}

/// When an asset runs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// Days it runs: any of mon, tue, wed, thu, fri, sat, sun.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub days: Vec<Day>,
    /// Opening time "HH:MM" (24-hour clock, in quotes), such as "09:30".
    #[schemars(required)]
    pub opens: Option<Time>,
    /// Closing time "HH:MM" (24-hour clock, in quotes), such as "17:00".
    #[schemars(required)]
    pub closes: Option<Time>,
    /// A note such as "term time only" or "first Monday of the month".
    pub note: Option<String>,
}

impl OpeningHours {
    /// Open the whole day: "00:00" to "23:59" (or "24:00"), which readers see as "24 hours".
    pub fn all_day(&self) -> bool {
        let midnight = Time { hour: 0, minute: 0 };
        self.opens == Some(midnight)
            && matches!(
                self.closes,
                Some(
                    Time {
                        hour: 23,
                        minute: 59
                    } | Time {
                        hour: 24,
                        minute: 0
                    }
                )
            )
    }
}

/// Who an asset is for.
#[derive(Debug, Default, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Youngest age it is for.
    pub min_age: Option<u8>,
    /// Oldest age it is for.
    pub max_age: Option<u8>,
    /// Who it is for, in words, such as "Carers of any age".
    pub who: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_day_is_all_day() {
        let hours = |opens: &str, closes: &str| OpeningHours {
            days: vec![],
            opens: serde_yaml::from_str(opens).ok(),
            closes: serde_yaml::from_str(closes).ok(),
            note: None,
        };
        assert!(hours("\"00:00\"", "\"23:59\"").all_day());
        assert!(hours("\"00:00\"", "\"24:00\"").all_day());
        assert!(!hours("\"00:00\"", "\"23:00\"").all_day());
        assert!(!hours("\"17:00\"", "\"23:59\"").all_day());
    }
}
