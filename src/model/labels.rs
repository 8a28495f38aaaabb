//! How facts read on the page, in the site's language: "Ages 60 and over", "3 March 2026",
//! "Monday to Friday", a place's kind, a language's name, a phone number a phone can dial.
//!
//! Every word comes from the theme's interface catalogues (`i18n`), so a Welsh site says
//! "Oed 60 a throsodd" where an English one says "Ages 60 and over". Ids stay as records write
//! them; only their words are looked up.

use super::views::Labelled;
use crate::fields::{day_runs, phone_digits, spoken_list, DayRun};
use crate::i18n::Interface;
use crate::records::{Access, Cost, Day, HealthCreation, Status};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

/// The site's words for the facts the model says, from its interface catalogues.
pub(crate) struct Words {
    interface: Arc<Interface>,
    /// The words every card says (costs, days, statuses...), looked up once per build rather
    /// than once per card.
    plain: HashMap<&'static str, String>,
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Words")
    }
}

impl Words {
    pub(crate) fn new(interface: Arc<Interface>) -> Words {
        let keys = (Access::ALL.iter().map(|v| v.key()))
            .chain(Cost::ALL.iter().map(|v| v.key()))
            .chain(HealthCreation::ALL.iter().map(|v| v.key()))
            .chain(Status::ALL.iter().map(|v| v.key()))
            .chain(Day::ALL.iter().map(|v| v.key()))
            .chain(["days.separator", "hours.all_day", "hours.vary_line"]);
        let plain = keys.map(|key| (key, interface.text(key, &[]))).collect();
        Words { interface, plain }
    }

    /// The text of a built-in key.
    pub(crate) fn text(&self, key: &str) -> String {
        (self.plain.get(key).cloned()).unwrap_or_else(|| self.interface.text(key, &[]))
    }

    pub(super) fn say(&self, key: &str, args: &[(&str, Value)]) -> String {
        self.interface.text(key, args)
    }

    /// The text of a key a catalogue may or may not have (a place kind, a language).
    fn optional(&self, key: &str) -> Option<String> {
        self.interface.say(key, &HashMap::new()).ok()
    }

    /// A value of a closed vocabulary with its words.
    pub(super) fn labelled(&self, id: &'static str, key: &str) -> Labelled {
        Labelled {
            id,
            label: self.text(key),
        }
    }

    /// A date in words, such as "3 March 2026".
    pub(super) fn date(&self, date: NaiveDate) -> String {
        let iso = date.to_string();
        self.interface.date(&iso).unwrap_or(iso)
    }

    pub(super) fn age(&self, min: Option<u8>, max: Option<u8>) -> Option<String> {
        let (min, max) = (min.map(Value::from), max.map(Value::from));
        match (min, max) {
            (Some(min), Some(max)) => Some(self.say("age.range", &[("min", min), ("max", max)])),
            (Some(min), None) => Some(self.say("age.from", &[("min", min)])),
            (None, Some(max)) => Some(self.say("age.up_to", &[("max", max)])),
            (None, None) => None,
        }
    }

    /// A place's kind: its `place_kind.<kind>` text, or for a kind no catalogue names, the id
    /// as words ("health-board" reads "Health board").
    pub(super) fn place_kind(&self, kind: &str) -> String {
        self.optional(&format!("place_kind.{kind}"))
            .unwrap_or_else(|| {
                let mut label = kind.replace('-', " ");
                if let Some(first) = label.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                label
            })
    }

    /// A language's name from its code (`language.<primary subtag>`: `pt-BR` is Portuguese),
    /// or the code as written when no catalogue names it.
    pub(super) fn language(&self, code: &str) -> String {
        let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        self.optional(&format!("language.{primary}"))
            .unwrap_or_else(|| code.to_string())
    }

    /// `[mon, tue, wed, thu, fri]` -> "Monday to Friday"; `[mon, wed]` -> "Monday and
    /// Wednesday".
    pub(super) fn days(&self, days: &[Day]) -> String {
        let parts = day_runs(days).into_iter().map(|run| match run {
            DayRun::One(day) => self.text(day.key()),
            DayRun::Span(first, last) => self.say(
                "days.range",
                &[
                    ("first", self.text(first.key()).into()),
                    ("last", self.text(last.key()).into()),
                ],
            ),
        });
        spoken_list(
            parts.collect(),
            &self.text("days.separator"),
            |list, last| self.say("days.and", &[("list", list.into()), ("last", last.into())]),
        )
    }
}

pub(super) fn dedup<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items.iter().copied().filter(|i| seen.insert(*i)).collect()
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

/// A date in English words, for the terminal (`supportmap review`); pages use `Words::date`.
pub(crate) fn date_label(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Day::*;

    fn words(language: &str) -> Words {
        Words::new(Arc::new(crate::theme::built_in_interface(language)))
    }

    #[test]
    fn facts_read_in_english() {
        let en = words("en-GB");
        assert_eq!(en.age(Some(60), None).as_deref(), Some("Ages 60 and over"));
        assert_eq!(en.age(Some(16), Some(25)).as_deref(), Some("Ages 16 to 25"));
        assert_eq!(en.age(None, Some(11)).as_deref(), Some("Ages up to 11"));
        assert_eq!(en.age(None, None), None);
        let march = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(en.date(march), "3 March 2026");
        assert_eq!(date_label(march), "3 March 2026");
        assert_eq!(en.place_kind("pcn"), "Primary Care Network area");
        assert_eq!(en.place_kind("neighbourhood"), "Neighbourhood");
        assert_eq!(en.place_kind("health-board"), "Health board");
        assert_eq!(en.language("cy"), "Welsh");
        assert_eq!(en.language("pt-BR"), "Portuguese");
        assert_eq!(en.language("xx"), "xx");
    }

    #[test]
    fn days_read_naturally() {
        let en = words("en-GB");
        assert_eq!(en.days(&[Mon, Tue, Wed, Thu, Fri]), "Monday to Friday");
        assert_eq!(en.days(&[Wed, Mon]), "Monday and Wednesday");
        assert_eq!(
            en.days(&[Mon, Tue, Wed, Fri, Sat]),
            "Monday to Wednesday, Friday and Saturday"
        );
        assert_eq!(en.days(&[Sun]), "Sunday");
        assert_eq!(en.days(&[]), "");
    }

    #[test]
    fn facts_read_in_welsh() {
        let cy = words("cy");
        assert_eq!(cy.age(Some(60), None).as_deref(), Some("Oed 60 a throsodd"));
        assert_eq!(
            cy.days(&[Mon, Tue, Wed, Thu, Fri]),
            "Dydd Llun – Dydd Gwener"
        );
        assert_eq!(cy.place_kind("neighbourhood"), "Cymdogaeth");
        assert_eq!(cy.language("en"), "Saesneg");
        assert_eq!(
            cy.date(NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()),
            "3 Mawrth 2026"
        );
    }

    /// The built-in English words and the open data's English names are two facts (a theme
    /// may reword a page, never the data) that start out the same.
    #[test]
    fn english_words_match_the_open_datas_names() {
        let en = words("en-GB");
        let vocabularies = (Access::ALL.iter().map(|v| (v.key(), v.label())))
            .chain(Cost::ALL.iter().map(|v| (v.key(), v.label())))
            .chain(HealthCreation::ALL.iter().map(|v| (v.key(), v.label())))
            .chain(Status::ALL.iter().map(|v| (v.key(), v.label())))
            .chain(Day::ALL.iter().map(|v| (v.key(), v.label())));
        for (key, label) in vocabularies {
            assert_eq!(en.text(key), label);
        }
        for (code, name) in crate::fields::LANGUAGE_NAMES {
            assert_eq!(en.language(code), name);
        }
        assert_eq!(
            en.days(&[Mon, Tue, Wed, Fri]),
            crate::fields::days_label(&[Mon, Tue, Wed, Fri])
        );
    }

    #[test]
    fn every_text_rust_says_is_in_the_reference_catalogue() {
        let en = crate::theme::built_in_interface("en-GB");
        let args: HashMap<String, Value> = [
            "min", "max", "first", "last", "list", "days", "times", "line", "note", "opens",
            "closes", "name", "id", "page",
        ]
        .iter()
        .map(|a| (a.to_string(), Value::from("x")))
        .collect();
        for key in [
            "days.range",
            "days.and",
            "hours.line",
            "hours.line_note",
            "hours.span",
            "hours.from_time",
            "age.range",
            "age.from",
            "age.up_to",
            "kind.asset",
            "kind.pathway",
            "kind.guide",
            "kind.page",
            "card.paused",
            "feedback.email_subject",
            "feedback.email_body.asset",
            "feedback.email_body.pathway",
        ] {
            assert!(en.say(key, &args).is_ok(), "{key}");
        }
    }

    #[test]
    fn phones_dial_from_anywhere() {
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
