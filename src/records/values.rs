//! Dates and times as editors write them (`2026-03-03`, `"09:30"`), checked strictly.

use super::{DATE_PATTERN, TIME_PATTERN};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::fmt;

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
