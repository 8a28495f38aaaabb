//! Records: the content format editors write, exactly as it appears in `content/`.
//!
//! These types are the contract of the YAML and front matter. Required fields are `Option` here
//! so that one missing field does not hide every other problem in the file: `validate` reports
//! them all. Unknown fields are rejected by serde and reported with a suggestion.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

// The `///` comments on fields are what editors see: JSON Schema descriptions (hover text in
// VS Code) and the one-line explanations in `supportmap new` templates. `#[schemars(...)]`
// tells the schema what `validate` requires, so an editor's tool flags it before `check` does.

/// Ids become web addresses: lowercase letters, digits and single hyphens.
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const WEB_PATTERN: &str = "^https?://[^\\s/]+";
const EMAIL_PATTERN: &str =
    "^[^@\\s<>\",;:/]+@[^@\\s<>\",;:/.][^@\\s<>\",;:/]*\\.[^@\\s<>\",;:/]*[^@\\s<>\",;:/.]$";
const PHONE_PATTERN: &str = "^\\+?[0-9 ()-]{6,}$";
const LANGUAGE_PATTERN: &str = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$";
/// A UUID as HSDS writes ids: 8-4-4-4-12 hexadecimal digits.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const REPO_PATTERN: &str = "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$";
/// How a date (`YYYY-MM-DD`) looks in the JSON Schema; the web editor knows a date by it.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// How a time (`HH:MM`) looks in the JSON Schema.
pub(crate) const TIME_PATTERN: &str = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";

/// content/site.yaml: settings for the whole site.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    /// The site's name, shown on every page, such as "Harbourside Support Map".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence about the site, for search engines and link previews.
    pub description: Option<String>,
    /// Language of the content as a BCP 47 tag, such as en-GB (the default) or cy.
    #[schemars(pattern(LANGUAGE_PATTERN))]
    pub language: Option<String>,
    /// The site's languages when it is published in more than one, as BCP 47 tags, the
    /// default first, such as [en-GB, cy]. Use this or language:, not both.
    #[schemars(length(min = 1), inner(pattern(LANGUAGE_PATTERN)))]
    pub languages: Option<Vec<String>>,
    /// Full address the site is published at, such as https://example.org/support-map/.
    #[schemars(pattern(WEB_PATTERN))]
    pub base_url: Option<String>,
    /// How many days a record stays fresh before the site says it may be out of date (default 365).
    #[schemars(range(min = 1))]
    pub review_after_days: Option<u32>,
    /// How many services a list page shows before going on to a page 2 (default 50, from 5 to 200).
    #[schemars(range(min = 5, max = 200))]
    pub page_size: Option<u32>,
    /// Folder name in themes/ to take templates from (default: default).
    #[schemars(pattern(ID_PATTERN))]
    pub theme: Option<String>,
    /// How readers reach the team who keep the site up to date, such as an email address.
    pub contact: Option<String>,
    /// Show the "Exit this page" button on every page (default true), for readers on a device
    /// someone else checks. false removes it.
    pub exit_page: Option<bool>,
    /// Where "Exit this page" goes: a neutral web page such as https://www.bbc.co.uk/weather
    /// (the default).
    #[schemars(pattern(WEB_PATTERN))]
    pub exit_page_to: Option<String>,
    /// Keep pages readers open (and, when they ask, the whole site) for use without a
    /// connection (default true). false: no service worker.
    pub offline: Option<bool>,
    /// Whether search keeps its words in the page address, so a search can be bookmarked or
    /// shared (default true). false keeps them out of the address and the browser history;
    /// searches started on a sensitive page keep them out either way.
    pub search_in_address: Option<bool>,
    /// Where "Report something out of date" on each service and pathway page goes: an email
    /// address (the email comes with the record's name, id and address filled in) or the web
    /// address of a form or issue tracker, where {id}, {name} and {page} are filled in.
    /// Default: the first email address in contact.
    pub report_to: Option<String>,
    /// The address that edits a record's file on your git host's website, with {path} for the
    /// file's path inside content/, such as
    /// https://github.com/your-organisation/your-support-map/edit/main/content/{path}. Shows
    /// "Edit this record" on each service and pathway page.
    #[schemars(pattern(WEB_PATTERN))]
    pub edit_url: Option<String>,
    /// Turns on the web editor at /admin/, where editors change records through a form and
    /// save them to the site's repository: which git host keeps it, and where.
    pub editor: Option<EditorRecord>,
}

/// The `editor:` block of content/site.yaml: the git host the web editor saves to.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditorRecord {
    /// Where the site's repository is kept: github, gitlab or gitea (Gitea and Forgejo).
    #[schemars(required)]
    pub backend: Option<GitHost>,
    /// The repository as owner/name, such as your-organisation/your-support-map.
    #[schemars(required, pattern(REPO_PATTERN))]
    pub repo: Option<String>,
    /// The branch the editor saves to (default main).
    pub branch: Option<String>,
    /// GitLab or Gitea only: the address of your own server, such as https://git.example.org
    /// (GitLab's default is https://gitlab.com; Gitea needs it).
    #[schemars(pattern(WEB_PATTERN))]
    pub host: Option<String>,
    /// GitLab or Gitea only: the Application ID of the OAuth application that lets editors
    /// sign in with their account.
    pub app_id: Option<String>,
    /// GitHub only: the address of the sign-in (OAuth) service for the editor. Default:
    /// Netlify's, which works when the site is published on Netlify.
    #[schemars(pattern(WEB_PATTERN))]
    pub auth_url: Option<String>,
    /// The port of decap-server, for trying the editor on your own computer (default 8081).
    #[schemars(range(min = 1))]
    pub local_port: Option<u16>,
}

/// One entry of content/needs.yaml: a need people come with.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedRecord {
    /// Short id used in records and web addresses, such as money or mental-wellbeing.
    #[schemars(required, pattern(ID_PATTERN))]
    pub id: Option<String>,
    /// The need as readers see it, such as "Money and debt".
    #[schemars(required)]
    pub name: Option<String>,
    /// One sentence about what the need covers.
    pub description: Option<String>,
    /// Other words people use for this need, so search finds it: [debt, bills, arrears].
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// true when having one of its services in your Support Map could put you at risk if
    /// someone else sees it, such as domestic abuse. The site then warns before a map with
    /// such a service is printed or shared.
    #[serde(default)]
    pub sensitive: bool,
}

/// content/places/<id>.yaml: an area such as a town, neighbourhood, ward or PCN area.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceRecord {
    /// The place's name, such as Westfield.
    #[schemars(required)]
    pub name: Option<String>,
    /// What sort of area it is: one lowercase word such as place, neighbourhood, ward or pcn.
    #[schemars(required, pattern(ID_PATTERN))]
    pub kind: Option<String>,
    /// The id of the larger place this one is part of, such as harbourside.
    #[schemars(pattern(ID_PATTERN))]
    pub within: Option<String>,
    /// One sentence about the place.
    pub summary: Option<String>,
}

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

/// content/pathways/<id>.md front matter: a route through local support for a need.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathwayRecord {
    /// The pathway's title, such as "Money worries and low mood".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence: who this route is for and where it leads.
    #[schemars(required)]
    pub summary: Option<String>,
    /// Ids of the needs it is for, from content/needs.yaml.
    #[schemars(required, inner(pattern(ID_PATTERN)))]
    pub needs: Option<Vec<String>>,
    /// Ids of the places it applies to (leave out for everywhere).
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub places: Vec<String>,
    /// Who it is for, in words, such as "Adults with debts who feel low".
    pub for_whom: Option<String>,
    /// The date someone last checked the route, YYYY-MM-DD.
    #[schemars(required)]
    pub last_reviewed: Option<Date>,
    /// The steps in order: each with a title, text and the ids of assets that help.
    #[schemars(required, length(min = 1))]
    pub steps: Option<Vec<Step>>,
}

/// One step of a pathway.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A few words naming the step, such as "Talk to a link worker".
    #[schemars(required)]
    pub title: Option<String>,
    /// What happens at this step, in Markdown.
    pub text: Option<String>,
    /// Ids of the assets that help at this step, from content/assets/.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub assets: Vec<String>,
}

/// content/guide/NN-<slug>.md front matter: a section of the Quick Start Guide.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideRecord {
    /// The section's title, such as "Start now".
    #[schemars(required)]
    pub title: Option<String>,
    /// Position in the guide: 0, 1, 2 ...
    #[schemars(required)]
    pub order: Option<i32>,
    /// One sentence about the section.
    pub summary: Option<String>,
}

/// content/pages/<slug>.md front matter: a free page such as "About this site".
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageRecord {
    /// The page's title, such as "About this site".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence about the page.
    pub summary: Option<String>,
}

/// Closed vocabularies. `label` is the wording published on the site.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$attr:meta])* $variant:ident = $id:literal => $label:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
        $(#[$meta])*
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$attr])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

vocabulary!(Access {
    DropIn = "drop_in" => "Drop in",
    SelfReferral = "self_referral" => "Self-referral",
    ProfessionalReferral = "professional_referral" => "Referral by a professional",
});

vocabulary!(Cost {
    Free = "free" => "Free",
    LowCost = "low_cost" => "Low cost",
    Paid = "paid" => "Paid",
});

vocabulary!(HealthCreation {
    Control = "control" => "Control",
    Contact = "contact" => "Contact",
    Confidence = "confidence" => "Confidence",
});

vocabulary!(#[derive(Default)] Status {
    #[default]
    Active = "active" => "Active",
    Paused = "paused" => "Paused",
    Closed = "closed" => "Closed",
});

vocabulary!(GitHost {
    Github = "github" => "GitHub",
    Gitlab = "gitlab" => "GitLab",
    Gitea = "gitea" => "Gitea",
});

vocabulary!(Day {
    Mon = "mon" => "Monday",
    Tue = "tue" => "Tuesday",
    Wed = "wed" => "Wednesday",
    Thu = "thu" => "Thursday",
    Fri = "fri" => "Friday",
    Sat = "sat" => "Saturday",
    Sun = "sun" => "Sunday",
});

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub chrono::NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, such as 2026-03-03")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                let valid_shape =
                    s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .filter(|_| valid_shape)
                    .map(Date)
                    .ok_or_else(|| {
                        E::custom(format!(
                            "invalid date \"{s}\": write dates as YYYY-MM-DD, such as 2026-03-03"
                        ))
                    })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A date written YYYY-MM-DD, such as 2026-03-03.",
        })
    }
}

impl JsonSchema for Time {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": TIME_PATTERN,
            "description": "A time written \"HH:MM\" on the 24-hour clock, in quotes, such as \"09:30\".",
        })
    }
}

/// A time of day written `HH:MM` on the 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time written HH:MM in quotes, such as \"09:30\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Time, E> {
                parse_time(s).ok_or_else(|| {
                    E::custom(format!("invalid time \"{s}\": write times as \"HH:MM\" on the 24-hour clock, such as \"09:30\" or \"17:00\""))
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
    (hour < 24 && minute < 60 || hour == 24 && minute == 0).then_some(Time { hour, minute })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_day_is_all_day() {
        let hours = |opens, closes| OpeningHours {
            days: vec![],
            opens: parse_time(opens),
            closes: parse_time(closes),
            note: None,
        };
        assert!(hours("00:00", "23:59").all_day());
        assert!(hours("00:00", "24:00").all_day());
        assert!(!hours("00:00", "23:00").all_day());
        assert!(!hours("17:00", "23:59").all_day());
    }

    #[test]
    fn a_need_is_sensitive_only_when_it_says_so() {
        let needs: Vec<NeedRecord> = serde_yaml::from_str(
            "- { id: money, name: Money }\n- { id: domestic-abuse, name: Domestic abuse, sensitive: true }",
        )
        .unwrap();
        assert_eq!(
            needs.iter().map(|n| n.sensitive).collect::<Vec<_>>(),
            [false, true]
        );
        assert!(
            serde_yaml::from_str::<Vec<NeedRecord>>("- { id: a, name: A, sensitive: maybe }")
                .is_err()
        );
    }

    #[test]
    fn parses_times_strictly() {
        assert_eq!(
            parse_time("09:30"),
            Some(Time {
                hour: 9,
                minute: 30
            })
        );
        assert_eq!(
            parse_time("24:00"),
            Some(Time {
                hour: 24,
                minute: 0
            })
        );
        assert_eq!(parse_time("9:30"), None);
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("12:60"), None);
    }

    #[test]
    fn dates_must_be_iso() {
        let ok: Date = serde_yaml::from_str("2026-03-03").unwrap();
        assert_eq!(ok.0.to_string(), "2026-03-03");
        assert!(serde_yaml::from_str::<Date>("2026-3-3").is_err());
        assert!(serde_yaml::from_str::<Date>("2026-02-30").is_err());
    }
}
