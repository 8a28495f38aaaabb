//! How facts read on the page: "Ages 60 and over", "3 March 2026", a phone number a phone
//! can dial, a place's kind.

use super::views::Labelled;
use crate::fields::phone_digits;
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
