//! Opening times: each as a line of text ("Monday to Friday, 10:00 to 12:00") for cards and
//! the personal Support Map, and as parts for the asset page and for "open now" in search.

use super::views::HoursView;
use crate::fields::days_label;
use crate::records::OpeningHours;

pub(super) fn hours_view(h: &OpeningHours) -> HoursView {
    HoursView {
        days: h.days.clone(),
        days_label: days_label(&h.days),
        opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
        closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
        all_day: h.all_day(),
        note: h.note.clone(),
    }
}

/// One opening time as a line of text, for cards and the personal Support Map.
pub(super) fn when_line(h: &OpeningHours) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Day::*;

    #[test]
    fn a_whole_day_reads_as_24_hours() {
        let hours: OpeningHours = serde_yaml::from_str(
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
}
