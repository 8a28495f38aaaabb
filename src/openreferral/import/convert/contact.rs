//! Phone, email and website: the first valid value wherever HSDS lets it be (the service, its
//! contacts, its locations, its organisation).

use super::super::rec::{Problems, Rec};
use crate::fields::{is_email, is_web_address, phone_digits};
use crate::opendata::ContactData;

pub(super) fn contact(
    svc: &Rec,
    contacts: &[Rec],
    locations: &[Rec],
    organization: Option<&Rec>,
    p: &mut Problems,
    notes: &mut Vec<String>,
) -> Option<ContactData> {
    let phone = phone(svc, contacts, locations, organization, p, notes);
    let mut emails: Vec<String> = p.take(svc.text("email")).into_iter().collect();
    for contact in contacts {
        emails.extend(p.take(contact.text("email")));
    }
    if let Some(org) = organization {
        emails.extend(p.take(org.text("email")));
    }
    let email = first_valid(&emails, is_email, "email", "is not an email address", notes);
    let mut websites: Vec<String> = p.take(svc.text("url")).into_iter().collect();
    if let Some(org) = organization {
        websites.extend(p.take(org.text("website")));
        websites.extend(p.take(org.text("url")));
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
    let mut candidates = Vec::new();
    for holder in holders {
        for phone in p.take(holder.list("phones")) {
            candidates.extend(p.take(phone.text("number")));
        }
    }
    first_valid(
        &candidates,
        |v| phone_digits(v).is_some(),
        "phone",
        "is not a phone number",
        notes,
    )
}

fn first_valid(
    candidates: &[String],
    valid: impl Fn(&str) -> bool,
    what: &str,
    why: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let found = candidates.iter().find(|c| valid(c)).cloned();
    if found.is_none() {
        if let Some(bad) = candidates.first() {
            notes.push(format!("{what} \"{bad}\" {why}; left out"));
        }
    }
    found
}
