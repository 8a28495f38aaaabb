//! Phone, email and website: the first valid value wherever HSDS lets it be (the service, its
//! contacts, its locations, its organisation). A value passed over for a later one is named in
//! a note, so an editor sees that the organisation's address stands in for the service's.

use super::super::rec::{Problems, Rec};
use crate::fields::{is_email, is_web_address, phone_digits};
use crate::opendata::ContactData;

/// A value found for a contact field, and the field it came from (`organization.email`).
struct Candidate {
    field: String,
    value: String,
}

pub(super) fn contact(
    svc: &Rec,
    contacts: &[Rec],
    locations: &[Rec],
    organization: Option<&Rec>,
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> Option<ContactData> {
    let phone = phone(svc, contacts, locations, organization, p, notes);
    let mut emails = candidates(svc, "email", p);
    for contact in contacts {
        emails.extend(candidates(contact, "email", p));
    }
    if let Some(org) = organization {
        emails.extend(candidates(org, "email", p));
    }
    let email = first_valid(&emails, is_email, "email", "is not an email address", notes);
    let mut websites = candidates(svc, "url", p);
    if let Some(org) = organization {
        websites.extend(candidates(org, "website", p));
        websites.extend(candidates(org, "url", p));
    }
    let website = first_valid(
        &websites,
        is_web_address,
        "website",
        "is not a web address starting with https:// or http://",
        notes,
    );
    Some(ContactData {
        phone,
        email,
        website,
    })
    .filter(|c| c.phone.is_some() || c.email.is_some() || c.website.is_some())
}

fn candidates(rec: &Rec, field: &str, p: &mut Problems) -> Vec<Candidate> {
    p.take(rec.text(field))
        .map(|value| Candidate {
            field: rec.at(field),
            value,
        })
        .into_iter()
        .collect()
}

fn phone(
    svc: &Rec,
    contacts: &[Rec],
    locations: &[Rec],
    organization: Option<&Rec>,
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> Option<String> {
    let mut holders: Vec<&Rec> = vec![svc];
    holders.extend(contacts);
    holders.extend(locations);
    holders.extend(organization);
    let mut numbers = Vec::new();
    for holder in holders {
        for phone in p.take(holder.list("phones")) {
            numbers.extend(candidates(&phone, "number", p));
        }
    }
    for number in &mut numbers {
        unquote_phone(number, notes);
    }
    first_valid(
        &numbers,
        |v| phone_digits(v).is_some(),
        "phone",
        "is not a phone number",
        notes,
    )
}

/// HSDS's own examples write some numbers in quote marks (`"\"01234 567890\""`): the number
/// inside is taken, with a note.
fn unquote_phone(number: &mut Candidate, notes: &mut Vec<String>) {
    const QUOTES: [char; 6] = ['"', '\'', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}'];
    let inner = number.value.trim_matches(QUOTES).trim();
    if inner.len() == number.value.len() || phone_digits(inner).is_none() {
        return;
    }
    let inner = inner.to_string();
    notes.push(format!(
        "phone \"{}\" was in quote marks; imported as {inner}",
        number.value
    ));
    number.value = inner;
}

/// The first valid value. Invalid values before it are named in notes, with the field whose
/// value was used instead; when none is valid, the first is named and left out.
fn first_valid(
    candidates: &[Candidate],
    valid: impl Fn(&str) -> bool,
    what: &str,
    why: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let Some(found) = candidates.iter().position(|c| valid(&c.value)) else {
        if let Some(bad) = candidates.first() {
            notes.push(format!("{what} \"{}\" {why}; left out", bad.value));
        }
        return None;
    };
    let used = &candidates[found];
    for bad in &candidates[..found] {
        let field: &str = if bad.field == candidates[0].field {
            what
        } else {
            &bad.field
        };
        notes.push(format!(
            "{field} \"{}\" {why}; {} \"{}\" was used instead",
            bad.value, used.field, used.value
        ));
    }
    Some(used.value.clone())
}
