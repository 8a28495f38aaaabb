//! Opening hours from HSDS schedules: weekly on some days, from a time to a time. Schedules that
//! do not fit are left out with a note saying why.

use super::super::rec::{Problems, Rec};
use crate::opendata::HoursData;
use crate::openreferral::{day_from_code, schedule_description};
use crate::records::Day;
use std::fmt;

/// The service's schedules, else those of its locations.
pub(super) fn opening_hours(
    svc: &Rec,
    sals: &[Rec],
    located: &[Rec],
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> Vec<HoursData> {
    let mut schedules = p.take(svc.list("schedules"));
    if schedules.is_empty() {
        for sal in sals {
            schedules.extend(p.take(sal.list("schedules")));
        }
        for location in located {
            schedules.extend(p.take(location.list("schedules")));
        }
    }
    let mut opening_hours = Vec::new();
    for (i, schedule) in schedules.iter().enumerate() {
        match hours(schedule, p) {
            Ok(h) => opening_hours.push(h),
            Err(why) => notes.push(format!("schedule {}: {why}; left out", i + 1)),
        }
    }
    opening_hours
}

/// Why a schedule is not opening hours.
#[derive(Debug, PartialEq)]
pub(super) enum Unfit {
    NoDays,
    NotADay(String),
    NoOpeningTime,
    NoClosingTime,
    NotATime { field: &'static str, value: String },
    Backwards { opens: String, closes: String },
}

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unfit::NoDays => write!(f, "no days (byday)"),
            Unfit::NotADay(part) => write!(f, "\"{part}\" in byday is not a day such as MO or TU"),
            Unfit::NoOpeningTime => write!(f, "no opening time (opens_at)"),
            Unfit::NoClosingTime => write!(f, "no closing time (closes_at)"),
            Unfit::NotATime { field, value } => write!(f, "{field} \"{value}\" is not a time"),
            Unfit::Backwards { opens, closes } => {
                write!(f, "closes at {closes}, not after it opens at {opens}")
            }
        }
    }
}

/// An HSDS schedule as opening hours: weekly on some days, from a time to a time.
pub(super) fn hours(schedule: &Rec, p: &mut Problems) -> Result<HoursData, Unfit> {
    let freq = p
        .take(schedule.text("freq"))
        .unwrap_or_else(|| "WEEKLY".into())
        .to_ascii_uppercase();
    let byday = p.take(schedule.text("byday")).ok_or(Unfit::NoDays)?;
    let days = days(&byday)?;
    let opens = p
        .take(schedule.text("opens_at"))
        .ok_or(Unfit::NoOpeningTime)?;
    let closes = p
        .take(schedule.text("closes_at"))
        .ok_or(Unfit::NoClosingTime)?;
    let time =
        |field: &'static str, value: String| clock(&value).ok_or(Unfit::NotATime { field, value });
    let (opens, closes) = (time("opens_at", opens)?, time("closes_at", closes)?);
    if opens >= closes {
        return Err(Unfit::Backwards { opens, closes });
    }
    let mut note = p.take(schedule.text("notes"));
    let description = p.take(schedule.text("description"));
    if note.is_none()
        && description
            .as_deref()
            .is_some_and(|d| d != schedule_description(&days, &opens, &closes))
    {
        note = description;
    }
    if freq != "WEEKLY" {
        let rule = format!("{} ({byday})", freq.to_lowercase());
        note = Some(match note {
            Some(n) => format!("{n}; {rule}"),
            None => rule,
        });
    }
    Ok(HoursData {
        days: days.iter().map(|d| d.id().to_string()).collect(),
        opens,
        closes,
        note,
    })
}

/// "MO,TU" or "2MO" (the second Monday) -> the days, in week order, each once.
fn days(byday: &str) -> Result<Vec<Day>, Unfit> {
    let mut days = Vec::new();
    for part in byday.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let code = part.trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
        let day = day_from_code(code).ok_or_else(|| Unfit::NotADay(part.to_string()))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    days.sort();
    if days.is_empty() {
        return Err(Unfit::NoDays);
    }
    Ok(days)
}

/// "9:00", "09:00:00", "09:00Z" and "09:00+01:00" -> "09:00". Time zones are dropped: a
/// Support Map shows local times.
pub(super) fn clock(text: &str) -> Option<String> {
    let text = text.trim();
    let end = text
        .find(['Z', 'z', '+'])
        .or_else(|| text.get(1..).and_then(|t| t.find('-')).map(|i| i + 1))
        .unwrap_or(text.len());
    let mut parts = text[..end].split(':');
    let hour: u8 = parts.next()?.trim().parse().ok()?;
    let minute: u8 = parts.next()?.trim().parse().ok()?;
    if let Some(seconds) = parts.next() {
        seconds.trim().split('.').next()?.parse::<u8>().ok()?;
    }
    (hour < 24 && minute < 60 || hour == 24 && minute == 0)
        .then(|| format!("{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clock_times() {
        assert_eq!(clock("09:00").as_deref(), Some("09:00"));
        assert_eq!(clock("9:30").as_deref(), Some("09:30"));
        assert_eq!(clock("17:00:00").as_deref(), Some("17:00"));
        assert_eq!(clock("10:00Z").as_deref(), Some("10:00"));
        assert_eq!(clock("09:00-05:00").as_deref(), Some("09:00"));
        assert_eq!(clock("09:00+01:00").as_deref(), Some("09:00"));
        assert_eq!(clock("24:00").as_deref(), Some("24:00"));
        assert_eq!(clock("25:00"), None);
        assert_eq!(clock("noon"), None);
    }

    #[test]
    fn schedules_become_opening_hours() {
        let value = serde_json::json!({"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00:00", "closes_at": "17:00:00", "notes": "Closed on bank holidays"});
        let rec = Rec {
            map: value.as_object().unwrap(),
            path: String::new(),
        };
        let mut p = Problems::default();
        let h = hours(&rec, &mut p).unwrap();
        assert_eq!(h.days, ["mon", "tue", "wed", "thu", "fri"]);
        assert_eq!(
            (h.opens.as_str(), h.closes.as_str(), h.note.as_deref()),
            ("09:00", "17:00", Some("Closed on bank holidays"))
        );
        let monthly = serde_json::json!({"freq": "MONTHLY", "byday": "2MO", "opens_at": "10:00", "closes_at": "12:00"});
        let h = hours(
            &Rec {
                map: monthly.as_object().unwrap(),
                path: String::new(),
            },
            &mut p,
        )
        .unwrap();
        assert_eq!(
            (h.days.as_slice(), h.note.as_deref()),
            (&["mon".to_string()][..], Some("monthly (2MO)"))
        );
        let backwards =
            serde_json::json!({"byday": "SA", "opens_at": "17:00", "closes_at": "09:00"});
        assert!(hours(
            &Rec {
                map: backwards.as_object().unwrap(),
                path: String::new()
            },
            &mut p
        )
        .is_err());
    }
}
