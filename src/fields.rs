//! Checks and names for single field values (phone numbers, email and web addresses, language
//! tags). Validation and the Open Referral import both need them, so they live here, below
//! both, rather than in either.

use crate::records::Day;
use std::collections::BTreeSet;

/// Phone numbers become `tel:` links: digits, spaces and an optional leading +.
pub(crate) fn phone_digits(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", trimmed),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (6..=15)
        .contains(&digits.len())
        .then(|| format!("{plus}{digits}"))
}

/// An id as HSDS writes them: a UUID in its hyphenated form (`records::UUID_PATTERN`).
pub(crate) fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

pub(crate) fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ',' | ';' | ':' | '/'))
        && !domain.contains('@')
}

/// Only http(s) links are published; `javascript:`, `data:` and friends are refused.
pub(crate) fn is_web_address(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// English names of the languages local services most often offer, for the open data and the
/// Open Referral import; other codes show as given. Pages name languages in the site's language
/// (`language.<code>` in the interface catalogues).
pub(crate) fn language_name(code: &str) -> String {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    LANGUAGE_NAMES
        .binary_search_by(|(c, _)| c.cmp(&primary.as_str()))
        .map_or_else(|_| code.to_string(), |i| LANGUAGE_NAMES[i].1.to_string())
}

/// The codes and English names `language_name` knows, by code.
pub(crate) const LANGUAGE_NAMES: [(&str, &str); 34] = [
    ("am", "Amharic"),
    ("ar", "Arabic"),
    ("bfi", "British Sign Language"),
    ("bn", "Bengali"),
    ("cy", "Welsh"),
    ("de", "German"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fa", "Persian (Farsi)"),
    ("fr", "French"),
    ("gd", "Scottish Gaelic"),
    ("gu", "Gujarati"),
    ("hi", "Hindi"),
    ("it", "Italian"),
    ("ku", "Kurdish"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("pa", "Punjabi"),
    ("pl", "Polish"),
    ("ps", "Pashto"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("so", "Somali"),
    ("sq", "Albanian"),
    ("syl", "Sylheti"),
    ("ta", "Tamil"),
    ("ti", "Tigrinya"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("yue", "Cantonese"),
    ("zh", "Chinese"),
];

/// A stretch of opening days: one day, or three or more in a row ("Monday to Friday"). Two
/// days in a row read better apart ("Monday and Tuesday").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayRun {
    One(Day),
    Span(Day, Day),
}

/// `days` in week order, each once, as stretches: `[mon, tue, wed, fri]` is Monday to
/// Wednesday, then Friday.
pub(crate) fn day_runs(days: &[Day]) -> Vec<DayRun> {
    let days: BTreeSet<Day> = days.iter().copied().collect();
    let mut runs: Vec<(Day, Day, usize)> = Vec::new();
    for day in days {
        match runs.last_mut() {
            Some((_, end, len)) if (*end as usize) + 1 == day as usize => {
                *end = day;
                *len += 1;
            }
            _ => runs.push((day, day, 1)),
        }
    }
    let mut out = Vec::new();
    for (start, end, len) in runs {
        match len {
            1 => out.push(DayRun::One(start)),
            2 => out.extend([DayRun::One(start), DayRun::One(end)]),
            _ => out.push(DayRun::Span(start, end)),
        }
    }
    out
}

/// Parts said as a list: "a", "a and b", "a, b and c", with the language's separator and its
/// way of adding the last part (`and(list, last)`).
pub(crate) fn spoken_list(
    mut parts: Vec<String>,
    separator: &str,
    and: impl Fn(String, String) -> String,
) -> String {
    match parts.pop() {
        None => String::new(),
        Some(last) if parts.is_empty() => last,
        Some(last) => and(parts.join(separator), last),
    }
}

/// `[mon, tue, wed, thu, fri]` -> "Monday to Friday"; `[mon, wed]` -> "Monday and Wednesday".
/// In English whatever the site's language, like every value of the open data; pages say days
/// in the site's language (`model`).
pub(crate) fn days_label(days: &[Day]) -> String {
    let parts = day_runs(days).into_iter().map(|run| match run {
        DayRun::One(day) => day.label().to_string(),
        DayRun::Span(first, last) => format!("{} to {}", first.label(), last.label()),
    });
    spoken_list(parts.collect(), ", ", |list, last| {
        format!("{list} and {last}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_contact_formats() {
        assert_eq!(phone_digits("01632 960123").as_deref(), Some("01632960123"));
        assert_eq!(
            phone_digits("+44 1632 960123").as_deref(),
            Some("+441632960123")
        );
        assert_eq!(phone_digits("call us"), None);
        assert!(is_email("hello@example.org"));
        assert!(!is_email("hello@example"));
        assert!(!is_email("javascript:alert(1)//@x.org"));
        assert!(is_web_address("https://example.org/x"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("data:text/html,hi"));
        assert!(
            is_language_tag("en-GB")
                && is_language_tag("cy")
                && !is_language_tag("english language")
        );
    }

    #[test]
    fn names_languages() {
        assert_eq!(language_name("cy"), "Welsh");
        assert_eq!(language_name("xx"), "xx");
    }

    #[test]
    fn days_read_naturally_in_the_open_data() {
        use Day::*;
        assert_eq!(days_label(&[Mon, Tue, Wed, Thu, Fri]), "Monday to Friday");
        assert_eq!(days_label(&[Wed, Mon, Wed]), "Monday and Wednesday");
        assert_eq!(
            days_label(&[Mon, Tue, Wed, Fri, Sat]),
            "Monday to Wednesday, Friday and Saturday"
        );
        assert_eq!(days_label(&[Sun]), "Sunday");
        assert_eq!(days_label(&[]), "");
    }
}
