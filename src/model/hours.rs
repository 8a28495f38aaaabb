//! Opening times: each as a line of text ("Monday to Friday, 10:00 to 12:00") for cards and
//! the personal Support Map, and as parts for the asset page and for "open now" in search,
//! in the site's language.

use super::labels::Words;
use super::views::HoursView;
use crate::records::OpeningHours;
use serde_json::Value;

impl Words {
    pub(super) fn hours_view(&self, h: &OpeningHours) -> HoursView {
        HoursView {
            days: h.days.clone(),
            days_label: self.days(&h.days),
            opens: h.opens.map(|t| t.to_string()).unwrap_or_default(),
            closes: h.closes.map(|t| t.to_string()).unwrap_or_default(),
            all_day: h.all_day(),
            note: h.note.clone(),
        }
    }

    /// One opening time as a line of text, for cards and the personal Support Map.
    pub(super) fn when_line(&self, h: &OpeningHours) -> String {
        let time = |t: crate::records::Time| Value::from(t.to_string());
        let times = match (h.opens, h.closes) {
            _ if h.all_day() => self.text("hours.all_day"),
            (Some(opens), Some(closes)) => self.say(
                "hours.span",
                &[("opens", time(opens)), ("closes", time(closes))],
            ),
            (Some(opens), None) => self.say("hours.from_time", &[("opens", time(opens))]),
            _ => self.text("hours.vary_line"),
        };
        let days = self.days(&h.days);
        let line = if days.is_empty() {
            times
        } else {
            self.say(
                "hours.line",
                &[("days", days.into()), ("times", times.into())],
            )
        };
        match &h.note {
            Some(note) => self.say(
                "hours.line_note",
                &[("line", line.into()), ("note", note.as_str().into())],
            ),
            None => line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn words(language: &str) -> Words {
        Words::new(Arc::new(crate::theme::built_in_interface(language)))
    }

    fn hours(yaml: &str) -> OpeningHours {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_whole_day_reads_as_24_hours() {
        let every_day = hours(
            "{ days: [mon, tue, wed, thu, fri, sat, sun], opens: \"00:00\", closes: \"23:59\" }",
        );
        assert_eq!(
            words("en-GB").when_line(&every_day),
            "Monday to Sunday, 24 hours"
        );
        assert_eq!(
            words("cy").when_line(&every_day),
            "Dydd Llun – Dydd Sul, 24 awr"
        );
    }

    #[test]
    fn opening_times_read_as_a_line() {
        let tuesday =
            hours("{ days: [tue], opens: \"12:00\", closes: \"14:00\", note: arrive from 11:30 }");
        assert_eq!(
            words("en-GB").when_line(&tuesday),
            "Tuesday, 12:00 to 14:00 (arrive from 11:30)"
        );
        assert_eq!(
            words("cy").when_line(&tuesday),
            "Dydd Mawrth, 12:00 tan 14:00 (arrive from 11:30)"
        );
        let from = hours("{ days: [mon, wed], opens: \"09:30\" }");
        assert_eq!(
            words("en-GB").when_line(&from),
            "Monday and Wednesday, from 09:30"
        );
        let vary = hours("{ days: [] }");
        assert_eq!(words("en-GB").when_line(&vary), "times vary: please check");
    }
}
