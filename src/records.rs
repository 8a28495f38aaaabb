//! Records: the content format editors write, exactly as it appears in `content/`.
//!
//! These types are the contract of the YAML and front matter. Required fields are `Option` here
//! so that one missing field does not hide every other problem in the file: `validate` reports
//! them all. Unknown fields are rejected by serde and reported with a suggestion.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub review_after_days: Option<u32>,
    pub theme: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceRecord {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub within: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetRecord {
    pub name: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub organisation: Option<String>,
    pub needs: Option<Vec<String>>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub locations: Vec<Location>,
    pub contact: Option<Contact>,
    #[serde(default)]
    pub opening_hours: Vec<OpeningHours>,
    #[serde(default)]
    pub access: Vec<Access>,
    pub referral: Option<String>,
    pub cost: Option<Cost>,
    pub cost_detail: Option<String>,
    pub eligibility: Option<Eligibility>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub health_creation: Vec<HealthCreation>,
    pub last_reviewed: Option<Date>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub accessibility: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    #[serde(default)]
    pub days: Vec<Day>,
    pub opens: Option<Time>,
    pub closes: Option<Time>,
    pub note: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    pub who: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathwayRecord {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub needs: Option<Vec<String>>,
    #[serde(default)]
    pub places: Vec<String>,
    pub for_whom: Option<String>,
    pub last_reviewed: Option<Date>,
    pub steps: Option<Vec<Step>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: Option<String>,
    pub text: Option<String>,
    #[serde(default)]
    pub assets: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideRecord {
    pub title: Option<String>,
    pub order: Option<i32>,
    pub summary: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRecord {
    pub title: Option<String>,
    pub summary: Option<String>,
}

/// Closed vocabularies. `label` is the wording published on the site.
macro_rules! vocabulary {
    ($name:ident { $($variant:ident = $id:literal => $label:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

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

vocabulary!(Status {
    Active = "active" => "Active",
    Paused = "paused" => "Paused",
    Closed = "closed" => "Closed",
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

impl Default for Status {
    fn default() -> Self {
        Status::Active
    }
}

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
                let valid_shape = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .filter(|_| valid_shape)
                    .map(Date)
                    .ok_or_else(|| E::custom(format!("invalid date \"{s}\": write dates as YYYY-MM-DD, such as 2026-03-03")))
            }
        }
        deserializer.deserialize_str(Visitor)
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
    fn parses_times_strictly() {
        assert_eq!(parse_time("09:30"), Some(Time { hour: 9, minute: 30 }));
        assert_eq!(parse_time("24:00"), Some(Time { hour: 24, minute: 0 }));
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
