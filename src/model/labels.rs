//! How facts read on the page: "Monday to Friday, 10:00 to 12:00", "Ages 60 and over",
//! "3 March 2026", a phone number a phone can dial.

use super::views::Labelled;
use crate::fields::{days_label, phone_digits};
use crate::records::Cost;
use chrono::NaiveDate;
use std::collections::BTreeSet;

pub(super) fn dedup<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
}

pub(super) fn labelled_cost(c: Cost) -> Labelled {
    Labelled {
        id: c.id(),
        label: c.label(),
    }
}

/// `01632 960123` -> `tel:+441632960123`, so phones dial it from anywhere.
pub(super) fn phone_href(phone: &str) -> Option<String> {
    let digits = phone_digits(phone)?;
    let international = match digits.strip_prefix('0') {
        Some(rest) if !rest.starts_with('0') && digits.len() >= 10 => format!("+44{rest}"),
        _ => digits,
    };
    Some(format!("tel:{international}"))
}

/// One opening time as a line of text, for cards and the personal Support Map.
pub(super) fn when_line(h: &crate::records::OpeningHours) -> String {
    let times = match (h.opens, h.closes) {
        _ if h.all_day() => "24 hours".to_string(),
        (Some(opens), Some(closes)) => format!("{opens} to {closes}"),
        (Some(opens), None) => format!("from {opens}"),
        _ => "times vary: please check".to_string(),
    };
    let days = days_label(&h.days);
    let line = if days.is_empty() {
        times
    } else {
        format!("{days}, {times}")
    };
    match &h.note {
        Some(note) => format!("{line} ({note})"),
        None => line,
    }
}

pub(crate) fn date_label(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

pub(super) fn age_label(min: Option<u8>, max: Option<u8>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("Ages {min} to {max}")),
        (Some(min), None) => Some(format!("Ages {min} and over")),
        (None, Some(max)) => Some(format!("Ages up to {max}")),
        (None, None) => None,
    }
}

pub(super) fn kind_label(kind: &str) -> String {
    match kind {
        "pcn" => "Primary Care Network area".to_string(),
        other => {
            let mut label = other.replace('-', " ");
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            label
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Day::*;

    #[test]
    fn a_whole_day_reads_as_24_hours() {
        let hours: crate::records::OpeningHours = serde_yaml::from_str(
            "{ days: [mon, tue, wed, thu, fri, sat, sun], opens: \"00:00\", closes: \"23:59\" }",
        )
        .unwrap();
        assert_eq!(when_line(&hours), "Monday to Sunday, 24 hours");
    }

    #[test]
    fn days_read_naturally() {
        assert_eq!(days_label(&[Mon, Tue, Wed, Thu, Fri]), "Monday to Friday");
        assert_eq!(days_label(&[Wed, Mon]), "Monday and Wednesday");
        assert_eq!(
            days_label(&[Mon, Tue, Wed, Fri, Sat]),
            "Monday to Wednesday, Friday and Saturday"
        );
        assert_eq!(days_label(&[Sun]), "Sunday");
    }

    #[test]
    fn labels_for_people() {
        assert_eq!(
            age_label(Some(60), None).as_deref(),
            Some("Ages 60 and over")
        );
        assert_eq!(
            age_label(Some(16), Some(25)).as_deref(),
            Some("Ages 16 to 25")
        );
        assert_eq!(
            date_label(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()),
            "3 March 2026"
        );
        assert_eq!(
            phone_href("01632 960123").as_deref(),
            Some("tel:+441632960123")
        );
        assert_eq!(
            phone_href("0800 123 4567").as_deref(),
            Some("tel:+448001234567")
        );
    }
}
