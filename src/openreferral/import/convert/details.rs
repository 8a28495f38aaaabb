//! Cost, eligibility and languages.

use super::super::rec::{Problems, Rec};
use crate::fields::{is_language_tag, language_name};
use crate::opendata::EligibilityData;
use crate::records::Cost;

/// The cost (free, paid...) and its details, from `cost_options`, `fees_description` or `fees`.
pub(super) fn cost(svc: &Rec, p: &mut Problems) -> (Option<Cost>, Option<String>) {
    let mut cost = None;
    let mut cost_detail = p.take(svc.text("fees_description"));
    for option in &p.take(svc.list("cost_options")) {
        let label = p.take(option.text("option")).unwrap_or_default();
        let amount = p.take(option.number("amount"));
        let matched = Cost::ALL.iter().copied().find(|c| {
            c.label().eq_ignore_ascii_case(&label)
                || c.id().eq_ignore_ascii_case(&label.replace(' ', "_"))
        });
        cost = cost.or(matched).or(match amount {
            Some(0.0) => Some(Cost::Free),
            Some(a) if a > 0.0 => Some(Cost::Paid),
            _ => None,
        });
        if cost_detail.is_none() {
            let described = p.take(option.text("amount_description"));
            cost_detail = match amount.filter(|a| *a > 0.0) {
                Some(a) => {
                    let currency = p
                        .take(option.text("currency"))
                        .unwrap_or_else(|| "GBP".into());
                    let unmatched =
                        Some(label.clone()).filter(|l| !l.is_empty() && matched.is_none());
                    Some(
                        [Some(price(a, &currency)), described, unmatched]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                }
                None => described,
            };
        }
    }
    if cost_detail.is_none() {
        cost_detail = p.take(svc.text("fees"));
    }
    if cost.is_none_or(|c| c == Cost::Free)
        && cost_detail
            .as_deref()
            .is_some_and(|d| d.trim_end_matches('.').eq_ignore_ascii_case("free"))
    {
        return (Some(Cost::Free), None);
    }
    (cost, cost_detail)
}

/// "£5" or "5 EUR".
fn price(amount: f64, currency: &str) -> String {
    if currency.eq_ignore_ascii_case("GBP") {
        format!("£{}", money(amount))
    } else {
        format!("{} {currency}", money(amount))
    }
}

fn money(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    }
}

/// Ages in whole years and who the service is for.
pub(super) fn eligibility(
    svc: &Rec,
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> Option<EligibilityData> {
    let age = |field: &str, p: &mut Problems, notes: &mut Vec<String>| {
        let value = p.take(svc.number(field))?;
        if value.fract() == 0.0 && (0.0..=130.0).contains(&value) {
            Some(value as u8)
        } else {
            notes.push(format!(
                "{field} {value} is not an age in whole years; left out"
            ));
            None
        }
    };
    let mut min_age = age("minimum_age", p, notes);
    let max_age = age("maximum_age", p, notes);
    if let (Some(min), Some(max)) = (min_age, max_age) {
        if min > max {
            notes.push(format!(
                "minimum_age {min} is above maximum_age {max}; the minimum was left out"
            ));
            min_age = None;
        }
    }
    let who = p.take(svc.text("eligibility_description"));
    Some(EligibilityData {
        min_age,
        max_age,
        who,
    })
    .filter(|e| e.min_age.is_some() || e.max_age.is_some() || e.who.is_some())
}

/// Language codes (en, cy, pl), from codes or names, each once.
pub(super) fn languages(svc: &Rec, p: &mut Problems, notes: &mut Vec<String>) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for language in p.take(svc.list("languages")) {
        let code = p.take(language.text("code"));
        let named = p.take(language.text("name"));
        match code
            .clone()
            .filter(|c| is_language_tag(c))
            .or_else(|| named.as_deref().and_then(language_code))
        {
            Some(code) => {
                if !languages.iter().any(|l| l.eq_ignore_ascii_case(&code)) {
                    languages.push(code);
                }
            }
            None => {
                if let Some(what) = code.or(named) {
                    notes.push(format!(
                        "language \"{what}\" has no language code such as en, cy or pl; left out"
                    ));
                }
            }
        }
    }
    languages
}

/// "Polish" -> "pl": the language names the site knows, read backwards.
pub(super) fn language_code(name: &str) -> Option<String> {
    if is_language_tag(name) && name.len() <= 3 {
        return Some(name.to_ascii_lowercase());
    }
    let letters = b'a'..=b'z';
    let two = letters.clone().flat_map(|a| {
        letters
            .clone()
            .map(move |b| String::from_utf8(vec![a, b]).unwrap_or_default())
    });
    two.chain(["bfi", "syl", "yue"].map(String::from))
        .find(|code| language_name(code).eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_names_become_codes() {
        assert_eq!(language_code("Polish").as_deref(), Some("pl"));
        assert_eq!(
            language_code("british sign language").as_deref(),
            Some("bfi")
        );
        assert_eq!(language_code("cy").as_deref(), Some("cy"));
        assert_eq!(language_code("Klingon"), None);
    }
}
