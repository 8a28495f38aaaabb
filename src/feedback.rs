//! Feedback links: "Report something out of date" and "Edit this record" on every service and
//! pathway page, so a reader who spots a mistake can tell the team, and an editor can go
//! straight to the record's file on the git host's website.
//!
//! Owns what `site.yaml`'s `report_to` and `edit_url` may say (checked once, when the site
//! settings are read) and how each record's two addresses are made from them. Every address is
//! `mailto:`, `http:` or `https:`, with record text percent-encoded into it. The email's subject
//! and body are interface texts (`feedback.email_*`), in the site's language.

use crate::i18n::Interface;
use serde::Serialize;

/// A site's feedback settings, checked.
#[derive(Debug, Clone, Default)]
pub struct Feedback {
    report: Option<Report>,
    /// An http(s) address holding `{path}`.
    edit_url: Option<String>,
}

#[derive(Debug, Clone)]
enum Report {
    /// An email address: the link opens an email with the record's details filled in.
    Email(String),
    /// A form or issue tracker; `{id}`, `{name}` and `{page}` in it are filled in.
    Web(String),
}

/// A setting that cannot be used: which field of site.yaml, what is wrong, and the fix.
#[derive(Debug)]
pub(crate) struct Problem {
    pub(crate) field: &'static str,
    pub(crate) message: String,
    pub(crate) help: &'static str,
}

/// The record a page shows, as its feedback links need it.
pub(crate) struct Record<'a> {
    /// "asset" or "pathway": which words the email says (`feedback.email_body.<kind>`).
    pub(crate) kind: &'a str,
    pub(crate) name: &'a str,
    pub(crate) id: &'a str,
    /// The page's full address (or its path when the site's address is unknown).
    pub(crate) page: &'a str,
    /// The record's file, relative to the site root, such as `content/assets/x.yaml`.
    pub(crate) file: &'a str,
}

/// One page's links, for its template: `feedback.report`, `feedback.edit`.
#[derive(Debug, Serialize)]
pub(crate) struct Links {
    report: Option<String>,
    edit: Option<String>,
}

impl Feedback {
    /// Reads `report_to` (default: the first email address in `contact`) and `edit_url`.
    pub(crate) fn from_site(
        report_to: Option<&str>,
        edit_url: Option<&str>,
        contact: Option<&str>,
    ) -> (Feedback, Vec<Problem>) {
        let mut problems = Vec::new();
        let report = match report_to.map(str::trim) {
            Some(value) => report_from(value).or_else(|| {
                problems.push(Problem {
                    field: "report_to",
                    message: format!("\"{value}\" is not an email address or a web address"),
                    help: "write an email address, such as team@example.org, or the full web address of a form, such as https://example.org/report",
                });
                None
            }),
            None => contact.and_then(first_email).map(Report::Email),
        };
        let edit_url = edit_url.map(str::trim).and_then(|value| {
            if !is_web_address(value) {
                problems.push(Problem {
                    field: "edit_url",
                    message: format!("\"{value}\" is not a web address"),
                    help: "write the full address, such as https://github.com/your-organisation/your-support-map/edit/main/content/{path}",
                });
                None
            } else if !value.contains("{path}") {
                problems.push(Problem {
                    field: "edit_url",
                    message: "edit_url does not say where the record's file goes: it has no {path}".into(),
                    help: "put {path} where the file's path inside content/ belongs, such as https://github.com/your-organisation/your-support-map/edit/main/content/{path}",
                });
                None
            } else {
                Some(value.to_string())
            }
        });
        (Feedback { report, edit_url }, problems)
    }

    /// The report and edit addresses for one record's page; an email says `words`.
    pub(crate) fn links(&self, record: &Record, words: &Interface) -> Links {
        let report = self.report.as_ref().map(|report| match report {
            Report::Email(address) => mailto(address, record, words),
            Report::Web(template) => template
                .replace("{id}", &encode(record.id))
                .replace("{name}", &encode(record.name))
                .replace("{page}", &encode(record.page)),
        });
        let edit = self.edit_url.as_ref().map(|template| {
            let inside = record.file.strip_prefix("content/").unwrap_or(record.file);
            let path: Vec<String> = inside.split('/').map(encode).collect();
            template.replace("{path}", &path.join("/"))
        });
        Links { report, edit }
    }
}

fn report_from(value: &str) -> Option<Report> {
    let address = value.strip_prefix("mailto:").unwrap_or(value);
    if is_email(address) {
        Some(Report::Email(address.to_string()))
    } else if is_web_address(value) {
        Some(Report::Web(value.to_string()))
    } else {
        None
    }
}

fn is_web_address(value: &str) -> bool {
    url::Url::parse(value)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// A plain `name@domain.tld`: one @, a dot in the domain, nothing that would end the address.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@' | '\''))
        && !domain.contains('@')
}

/// The first email address in free text such as "The team, hello@example.org, 01632 960100".
fn first_email(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .map(|word| word.trim_end_matches(['.', ':']))
        .map(|word| word.strip_prefix("mailto:").unwrap_or(word))
        .find(|word| is_email(word))
        .map(str::to_string)
}

/// A `mailto:` address (RFC 6068) with a subject and a body naming the record and its page.
/// The body's lines end in CRLF, as RFC 6068 asks, whatever the catalogue's text has.
fn mailto(address: &str, record: &Record, words: &Interface) -> String {
    let subject = words.text("feedback.email_subject", &[("name", record.name.into())]);
    let body = words.text(
        &format!("feedback.email_body.{}", record.kind),
        &[
            ("name", record.name.into()),
            ("id", record.id.into()),
            ("page", record.page.into()),
        ],
    );
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        encode(address).replace("%40", "@"),
        encode(&subject),
        encode(&body)
    )
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986, so text from a
/// record can go in any part of an address (a space becomes %20, never +).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Interface {
        crate::theme::built_in_interface("en-GB")
    }

    fn record() -> Record<'static> {
        Record {
            kind: "asset",
            name: "Tea & Talk: 50% off?",
            id: "tea-talk",
            page: "https://example.org/map/assets/tea-talk/",
            file: "content/assets/tea-talk.yaml",
        }
    }

    #[test]
    fn email_reports_fill_in_the_record() {
        let (f, problems) = Feedback::from_site(Some("team@example.org"), None, None);
        assert!(problems.is_empty());
        let links = f.links(&record(), &english());
        assert_eq!(
            links.report.unwrap(),
            "mailto:team@example.org?subject=Out%20of%20date%3A%20Tea%20%26%20Talk%3A%2050%25%20off%3F&body=Something%20is%20out%20of%20date%20on%20this%20service%20page.%0D%0A%0D%0AName%3A%20Tea%20%26%20Talk%3A%2050%25%20off%3F%0D%0AId%3A%20tea-talk%0D%0APage%3A%20https%3A%2F%2Fexample.org%2Fmap%2Fassets%2Ftea-talk%2F%0D%0A%0D%0AWhat%20is%20out%20of%20date%2C%20and%20what%20should%20it%20say%3F%0D%0A"
        );
        assert_eq!(links.edit, None);
    }

    #[test]
    fn the_email_is_in_the_sites_language() {
        let (f, _) = Feedback::from_site(Some("tim@example.org"), None, None);
        let mut pathway = record();
        pathway.kind = "pathway";
        let welsh = crate::theme::built_in_interface("cy");
        let link = f.links(&pathway, &welsh).report.unwrap();
        assert!(
            link.starts_with("mailto:tim@example.org?subject=Wedi%20dyddio%3A%20Tea%20%26%20Talk"),
            "{link}"
        );
        assert!(
            link.contains("&body=Mae%20rhywbeth%20wedi%20dyddio%20ar%20dudalen%20y%20llwybr%20hwn.%0D%0A%0D%0AEnw%3A%20Tea"),
            "{link}"
        );
    }

    #[test]
    fn the_contact_email_is_the_default() {
        let (f, _) = Feedback::from_site(
            None,
            None,
            Some("PCN team (hello@pcn.example.org), 01632 960100"),
        );
        assert!(f
            .links(&record(), &english())
            .report
            .unwrap()
            .starts_with("mailto:hello@pcn.example.org?"));
        let (f, _) = Feedback::from_site(None, None, Some("Call 01632 960100"));
        assert_eq!(f.links(&record(), &english()).report, None);
    }

    #[test]
    fn web_reports_and_edit_links_fill_in_their_placeholders() {
        let (f, problems) = Feedback::from_site(
            Some("https://forms.example.org/report?about={name}&id={id}"),
            Some("https://git.example.org/org/map/edit/main/content/{path}"),
            None,
        );
        assert!(problems.is_empty());
        let mut r = record();
        r.file = "content/assets/tea talk.md";
        let links = f.links(&r, &english());
        assert_eq!(
            links.report.unwrap(),
            "https://forms.example.org/report?about=Tea%20%26%20Talk%3A%2050%25%20off%3F&id=tea-talk"
        );
        assert_eq!(
            links.edit.unwrap(),
            "https://git.example.org/org/map/edit/main/content/assets/tea%20talk.md"
        );
    }

    #[test]
    fn unusable_settings_are_problems() {
        let (f, problems) = Feedback::from_site(
            Some("javascript:alert(1)"),
            Some("https://git.example.org/edit/main/content/"),
            Some("hello@example.org"),
        );
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["report_to", "edit_url"]);
        let links = f.links(&record(), &english());
        assert_eq!((links.report, links.edit), (None, None));
        let (_, problems) = Feedback::from_site(None, Some("ftp://x.org/{path}"), None);
        assert_eq!(
            problems[0].message,
            "\"ftp://x.org/{path}\" is not a web address"
        );
    }
}
