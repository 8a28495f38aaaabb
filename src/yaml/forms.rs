//! Values written in another form than the one a field takes, read the way the editor meant
//! them: a word of a closed list in another case or spelled out ("Free", "Tuesday", "Drop
//! in"), and a time on the 12-hour clock or without its leading zero ("2pm", "9:30"). Decoding
//! accepts them with a warning that shows the form to write.

use crate::records::{Access, Cost, Day, HealthCreation, Status};

/// The word of `expected` that `word` stands for, if there is exactly one: the same word in
/// another case or with spaces or hyphens for underscores, or the label the site shows for it
/// ("Tuesday" for `tue`, "Referral by a professional" for `professional_referral`).
pub(crate) fn listed_word(word: &str, expected: &[String]) -> Option<String> {
    let plain = word.trim().to_lowercase().replace([' ', '-'], "_");
    if let Some(same) = expected.iter().find(|e| **e == plain) {
        return Some(same.clone());
    }
    labels(expected)
        .into_iter()
        .find(|(_, label)| label.eq_ignore_ascii_case(word.trim()))
        .map(|(id, _)| id.to_string())
}

/// The ids and labels of the vocabulary whose ids are `expected`, if one is.
fn labels(expected: &[String]) -> Vec<(&'static str, &'static str)> {
    let vocabularies: [Vec<(&'static str, &'static str)>; 5] = [
        Access::ALL.iter().map(|v| (v.id(), v.label())).collect(),
        Cost::ALL.iter().map(|v| (v.id(), v.label())).collect(),
        Day::ALL.iter().map(|v| (v.id(), v.label())).collect(),
        HealthCreation::ALL
            .iter()
            .map(|v| (v.id(), v.label()))
            .collect(),
        Status::ALL.iter().map(|v| (v.id(), v.label())).collect(),
    ];
    vocabularies
        .into_iter()
        .find(|v| v.len() == expected.len() && v.iter().zip(expected).all(|((id, _), e)| id == e))
        .unwrap_or_default()
}

/// `text` as a time written `"HH:MM"`, when it is a time written another way: "2pm", "2.30 pm",
/// "9am", "12 noon", "9:30" or "9.30" (24-hour clock without the leading zero).
pub(crate) fn time_of(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase().replace('.', ":");
    let (clock, half) = match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("a:m:"))
    {
        Some(clock) => (clock, Some(false)),
        None => match lower
            .strip_suffix("pm")
            .or_else(|| lower.strip_suffix("p:m:"))
        {
            Some(clock) => (clock, Some(true)),
            None => (lower.strip_suffix("noon").unwrap_or(&lower), None),
        },
    };
    let clock = clock.trim();
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        None if half.is_some() || clock == "12" && lower.ends_with("noon") => (clock, "00"),
        _ => return None,
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hour) || !all_digits(minute) {
        return None;
    }
    let (hour, minute): (u8, u8) = (hour.parse().ok()?, minute.parse().ok()?);
    let hour = match half {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + if pm { 12 } else { 0 },
        None if hour < 24 => hour,
        None => return None,
    };
    (minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_in_another_case_or_form_are_read_as_listed() {
        let cost = words(&["free", "low_cost", "paid"]);
        assert_eq!(listed_word("Free", &cost).as_deref(), Some("free"));
        assert_eq!(listed_word("Low cost", &cost).as_deref(), Some("low_cost"));
        assert_eq!(listed_word("cheap", &cost), None);
        let days = words(&["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
        assert_eq!(listed_word("Tuesday", &days).as_deref(), Some("tue"));
        assert_eq!(listed_word("SUNDAY", &days).as_deref(), Some("sun"));
        assert_eq!(
            listed_word("tues", &days),
            None,
            "a misspelling is a suggestion"
        );
        let access = words(&["drop_in", "self_referral", "professional_referral"]);
        assert_eq!(listed_word("Drop-in", &access).as_deref(), Some("drop_in"));
        assert_eq!(
            listed_word("referral by a professional", &access).as_deref(),
            Some("professional_referral")
        );
        assert_eq!(
            listed_word("Tuesday", &cost),
            None,
            "only the field's own list"
        );
    }

    #[test]
    fn times_on_the_twelve_hour_clock_are_read_as_24_hour() {
        for (text, time) in [
            ("2pm", "14:00"),
            ("2 PM", "14:00"),
            ("2.30pm", "14:30"),
            ("9am", "09:00"),
            ("9:15 a.m.", "09:15"),
            ("12pm", "12:00"),
            ("12am", "00:00"),
            ("12 noon", "12:00"),
            ("9:30", "09:30"),
            ("17.00", "17:00"),
        ] {
            assert_eq!(time_of(text).as_deref(), Some(time), "{text}");
        }
        for text in [
            "13pm", "0am", "9", "25:00", "9:60", "soon", "2:3pm", "pm", "",
        ] {
            assert_eq!(time_of(text), None, "{text}");
        }
    }
}
