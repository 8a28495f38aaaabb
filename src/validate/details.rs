//! What is inside one asset: its locations (address, postcode, position), contact (phone,
//! email, web address, and addresses that imitate another site's), opening hours, ages and
//! languages. Each is checked on its own; none needs another record.

use super::report::At;
use crate::diagnostics::Diagnostics;
use crate::fields::{is_email, is_language_tag, is_uuid, is_web_address, phone_digits};
use crate::records::{AssetRecord, Contact, Location, OpeningHours};
use crate::yaml::YamlPath;

/// Checks every detail of `r`, reporting each problem at its field.
pub(crate) fn check(at: &At, r: &AssetRecord, diags: &mut Diagnostics) {
    let root = YamlPath::root();
    for (i, location) in r.locations.iter().enumerate() {
        check_location(at, &root.key("locations").index(i), location, diags);
    }
    if let Some(contact) = &r.contact {
        check_contact(at, &root.key("contact"), contact, diags);
    }
    for (i, hours) in r.opening_hours.iter().enumerate() {
        check_hours(at, &root.key("opening_hours").index(i), hours, diags);
    }
    check_ages(at, r, diags);
    for (i, lang) in r.languages.iter().enumerate() {
        if !is_language_tag(lang) {
            at.error(
                diags,
                &root.key("languages").index(i),
                format!("\"{lang}\" is not a language code"),
                "use a BCP 47 code such as en, cy, ur or pl",
            );
        }
    }
    if let Some(id) = r.openreferral_id.as_ref().filter(|id| !is_uuid(id)) {
        at.error(
            diags,
            &root.key("openreferral_id"),
            format!("\"{id}\" is not an Open Referral id"),
            "write the service's id from the Open Referral data, a UUID such as 3f7b145d-84af-42d7-8fae-eaca714b02b2, or remove the line",
        );
    }
}

fn check_location(at: &At, path: &YamlPath, location: &Location, diags: &mut Diagnostics) {
    if location
        .address
        .as_deref()
        .is_none_or(|a| a.trim().is_empty())
    {
        at.error(
            diags,
            path,
            "location has no \"address\"",
            "add address: with the street address",
        );
    }
    if let Some(postcode) = &location.postcode {
        if !is_uk_postcode(postcode) {
            at.warning(
                diags,
                &path.key("postcode"),
                format!("\"{postcode}\" does not look like a UK postcode"),
                "write it like HB2 4QT",
            );
        }
    }
    if location.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
        at.error(
            diags,
            &path.key("lat"),
            "latitude must be between -90 and 90",
            "",
        );
    }
    if location.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
        at.error(
            diags,
            &path.key("lon"),
            "longitude must be between -180 and 180",
            "",
        );
    }
    if location.lat.is_some() != location.lon.is_some() {
        let (have, missing) = if location.lat.is_some() {
            ("lat", "lon")
        } else {
            ("lon", "lat")
        };
        at.error(
            diags,
            &path.key(have),
            "a location needs both lat and lon, or neither",
            &format!("add {missing}, or remove {have}"),
        );
    }
}

fn check_contact(at: &At, path: &YamlPath, contact: &Contact, diags: &mut Diagnostics) {
    if let Some(phone) = &contact.phone {
        if phone_digits(phone).is_none() {
            at.error(
                diags,
                &path.key("phone"),
                format!("\"{phone}\" is not a phone number"),
                "write it as digits with spaces, such as 01632 960123",
            );
        }
    }
    if let Some(email) = &contact.email {
        if !is_email(email) {
            at.error(
                diags,
                &path.key("email"),
                format!("\"{email}\" is not an email address"),
                "write it like name@example.org",
            );
        }
    }
    if let Some(website) = &contact.website {
        check_website(at, &path.key("website"), website, diags);
    }
}

fn check_website(at: &At, path: &YamlPath, website: &str, diags: &mut Diagnostics) {
    if !is_web_address(website) {
        at.error(
            diags,
            path,
            format!("\"{website}\" is not a web address"),
            "write the full address starting with https://",
        );
    } else if let Some((label, scripts)) = mixed_script_label(website) {
        at.warning(
            diags,
            path,
            format!("the web address \"{website}\" mixes {scripts} letters in \"{label}\": it may imitate another site's address"),
            "retype the address by hand and check it opens the right site: letters from another alphabet can look the same",
        );
    }
}

fn check_hours(at: &At, path: &YamlPath, hours: &OpeningHours, diags: &mut Diagnostics) {
    if hours.days.is_empty() {
        at.error(
            diags,
            path,
            "opening hours without \"days\"",
            "add days: [mon, tue, wed, thu, fri]",
        );
    }
    match (hours.opens, hours.closes) {
        (Some(opens), Some(closes)) if opens >= closes => {
            at.error(
                diags,
                &path.key("closes"),
                format!("closes at {closes} but opens at {opens}"),
                "the closing time must be after the opening time",
            );
        }
        (None, _) | (_, None)
            if !at.index.was_dropped(&path.key("opens"))
                && !at.index.was_dropped(&path.key("closes")) =>
        {
            at.error(
                diags,
                path,
                "opening hours need both \"opens\" and \"closes\"",
                "add opens: \"09:00\" and closes: \"17:00\"",
            )
        }
        _ => {}
    }
}

fn check_ages(at: &At, r: &AssetRecord, diags: &mut Diagnostics) {
    let Some(e) = &r.eligibility else {
        return;
    };
    if let (Some(min), Some(max)) = (e.min_age, e.max_age) {
        if min > max {
            at.error(
                diags,
                &YamlPath::root().key("eligibility").key("max_age"),
                format!("max_age {max} is below min_age {min}"),
                "swap them, or remove one",
            );
        }
    }
}

/// A label of the web address's host that mixes scripts, and the scripts it mixes ("Latin
/// and Cyrillic"): a lookalike ("homograph") of another address, such as a Cyrillic "а" in
/// a Latin name. This is the single-script test of Unicode's UTS #39: the scripts each
/// character may belong to (its Script_Extensions, where digits and hyphens belong to all)
/// must have one in common across the label. Han, Hiragana, Katakana, Hangul and Bopomofo
/// count as one, since Japanese, Chinese and Korean names mix them.
fn mixed_script_label(website: &str) -> Option<(String, String)> {
    let host = url::Url::parse(website).ok()?.host_str()?.to_string();
    let (host, _) = idna::domain_to_unicode(&host);
    host.split('.').find_map(|label| {
        let scripts = scripts_if_mixed(label)?;
        Some((label.to_string(), scripts))
    })
}

/// The scripts of `label` in words, when they have none in common.
fn scripts_if_mixed(label: &str) -> Option<String> {
    use unicode_script::{Script, ScriptExtension, UnicodeScript};
    const CJK: [Script; 5] = [
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Hangul,
        Script::Bopomofo,
    ];
    let cjk = CJK
        .iter()
        .fold(ScriptExtension::from(Script::Han), |all, &s| {
            all.union(s.into())
        });
    let mut common = ScriptExtension::default();
    let mut seen: Vec<&'static str> = Vec::new();
    for c in label.chars() {
        let mut ext = c.script_extension();
        if ext.is_common() || ext.is_inherited() {
            continue;
        }
        if CJK.iter().any(|&s| ext.contains_script(s)) {
            ext = cjk;
        }
        common.intersect_with(ext);
        let name = c.script().full_name();
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    common.is_empty().then(|| match seen.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => seen.join(""),
    })
}

fn is_uk_postcode(postcode: &str) -> bool {
    crate::postcodes::Postcode::parse(postcode).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_postcodes() {
        assert!(is_uk_postcode("HB2 4QT"));
        assert!(is_uk_postcode("sw1a1aa"));
        assert!(!is_uk_postcode("12345"));
        assert!(
            !is_uk_postcode("ŵŵŵ") && !is_uk_postcode("HB2 4Qŷ") && !is_uk_postcode("٤٥٦"),
            "not ASCII, and no panic"
        );
    }
}
