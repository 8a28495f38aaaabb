//! The site's settings: checks `content/site.yaml` (title, language, address, theme, review
//! period, page size) and turns it into a `Site`, filling in the defaults.

use super::decode::{already_reported, decode_all};
use super::report::At;
use crate::diagnostics::{Diagnostics, Pos};
use crate::fields::{is_language_tag, is_web_address};
use crate::records::SiteRecord;
use crate::source::{is_valid_id, Source};
use crate::yaml::YamlPath;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: String,
    /// The default language: the first of `languages`.
    pub language: String,
    /// Every language the site is published in, the default first, each with where
    /// content/site.yaml names it (`languages:`, or `language:` for a one-language site).
    pub languages: Vec<(String, Pos)>,
    pub base_url: Option<String>,
    pub review_after_days: u32,
    /// How many assets a list page shows (need, place and A to Z pages go on to page 2...).
    pub page_size: usize,
    pub theme: String,
    pub contact: Option<String>,
    /// Where "Exit this page" goes; `None` when the button is turned off.
    pub exit_page_to: Option<String>,
    /// Whether pages register the offline service worker.
    pub offline: bool,
    /// Whether search may keep its words in the address.
    pub search_in_address: bool,
    /// Where reports go and where records are edited (`feedback`).
    pub feedback: crate::feedback::Feedback,
    /// The web editor at /admin/, when the site has one.
    pub editor: Option<crate::editor::Editor>,
}

/// How many assets a list page shows unless `site.yaml` says otherwise.
pub(crate) const DEFAULT_PAGE_SIZE: u32 = 50;
/// The `page_size` values `site.yaml` may give: a few cards at least, never a page too long for
/// a phone.
pub(crate) const PAGE_SIZES: std::ops::RangeInclusive<u32> = 5..=200;
/// Where "Exit this page" goes unless `site.yaml` says otherwise: the page the GOV.UK pattern
/// suggests, ordinary enough to give nothing away.
pub(crate) const DEFAULT_EXIT_PAGE: &str = "https://www.bbc.co.uk/weather";
/// How many days a record stays fresh unless `site.yaml` says otherwise: a year.
pub(crate) const DEFAULT_REVIEW_AFTER_DAYS: u32 = 365;

pub(crate) fn site(sources: Vec<Source>, diags: &mut Diagnostics) -> Option<Site> {
    let Some(located) = decode_all::<SiteRecord>(sources, diags).pop() else {
        if already_reported(diags, "site") {
            return None;
        }
        diags
            .error(
                Path::new("content/site.yaml"),
                Pos::START,
                "missing content/site.yaml",
            )
            .help("create content/site.yaml with at least: title: Your Support Map");
        return None;
    };
    let at = located.at();
    let r = &located.record;
    let title = at.required_text(diags, &r.title, "title", "Harbourside Support Map");
    let languages = languages(&at, r, diags);
    check_base_url_field(&at, r, diags);
    let theme = theme(&at, r, diags);
    let review_after_days = review_after_days(&at, r, diags);
    let page_size = page_size(&at, r, diags);
    let exit_page_to = exit_page_to(&at, r, diags);
    let feedback = feedback(&at, r, diags);
    let editor = editor(&at, r, diags);
    Some(Site {
        title: title?,
        description: r.description.clone().unwrap_or_default(),
        language: languages[0].0.clone(),
        languages,
        base_url: r.base_url.clone(),
        review_after_days,
        page_size: page_size as usize,
        theme,
        contact: r.contact.clone(),
        exit_page_to: r.exit_page.unwrap_or(true).then_some(exit_page_to),
        offline: r.offline.unwrap_or(true),
        search_in_address: r.search_in_address.unwrap_or(true),
        feedback,
        editor,
    })
}

fn editor(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> Option<crate::editor::Editor> {
    let (editor, problems) = crate::editor::Editor::from_site(r.editor.as_ref()?);
    let block = YamlPath::root().key("editor");
    for p in problems {
        let field = block.key(p.field);
        if at.index.has(&field) {
            at.error(diags, &field, p.message, p.help);
        } else {
            // A missing line belongs to the block it should be in, not to a neighbour's value.
            let d = diags.error(at.file, at.index.key(&block), p.message);
            d.help(p.help);
        }
    }
    editor
}

fn feedback(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> crate::feedback::Feedback {
    let (feedback, problems) = crate::feedback::Feedback::from_site(
        r.report_to.as_deref(),
        r.edit_url.as_deref(),
        r.contact.as_deref(),
    );
    for p in problems {
        at.error(diags, &YamlPath::root().key(p.field), p.message, p.help);
    }
    feedback
}

fn exit_page_to(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> String {
    let to = (r.exit_page_to.clone()).unwrap_or_else(|| DEFAULT_EXIT_PAGE.into());
    if !is_web_address(&to) {
        at.error(
            diags,
            &YamlPath::root().key("exit_page_to"),
            format!("exit_page_to: \"{to}\" is not a full web address"),
            "give the full address of a neutral page that gives nothing away, such as https://www.bbc.co.uk/weather",
        );
    }
    to
}

/// `languages:` (several, the default first) or `language:` (one), never both; each a tag,
/// none twice. Never empty: a site with neither is in en-GB.
fn languages(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> Vec<(String, Pos)> {
    let one = YamlPath::root().key("language");
    let list = YamlPath::root().key("languages");
    let Some(tags) = &r.languages else {
        let language = r.language.clone().unwrap_or_else(|| "en-GB".to_string());
        check_tag(at, &one, &language, diags);
        return vec![(language, at.index.value(&one))];
    };
    if r.language.is_some() {
        at.error(
            diags,
            &list,
            "site.yaml has both language: and languages:",
            "keep languages: (the default language first) and remove the language: line",
        );
    }
    if tags.is_empty() {
        at.error(
            diags,
            &list,
            "languages: lists no language",
            "list the site's languages, the default first, such as languages: [en-GB, cy]",
        );
        return vec![("en-GB".to_string(), at.index.value(&list))];
    }
    let mut languages: Vec<(String, Pos)> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let path = list.index(i);
        check_tag(at, &path, tag, diags);
        if languages.iter().any(|(t, _)| t.eq_ignore_ascii_case(tag)) {
            at.error(
                diags,
                &path,
                format!("\"{tag}\" is listed twice in languages:"),
                "list each language once",
            );
        } else {
            languages.push((tag.clone(), at.index.value(&path)));
        }
    }
    languages
}

fn check_tag(at: &At, path: &YamlPath, tag: &str, diags: &mut Diagnostics) {
    if !is_language_tag(tag) {
        at.error(
            diags,
            path,
            format!("\"{tag}\" is not a language tag"),
            "use a BCP 47 tag such as en-GB or cy",
        );
    }
}

fn check_base_url_field(at: &At, r: &SiteRecord, diags: &mut Diagnostics) {
    if let Some(url) = &r.base_url {
        if let Err(bad) = check_base_url(url) {
            at.error(diags, &YamlPath::root().key("base_url"), bad.to_string(), "write the full address the site is published at, such as https://example.org/support-map/");
        }
    }
}

fn theme(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> String {
    let theme = r.theme.clone().unwrap_or_else(|| "default".to_string());
    if !is_valid_id(&theme) {
        at.error(
            diags,
            &YamlPath::root().key("theme"),
            format!("\"{theme}\" is not a valid theme name"),
            "a theme is a folder name in themes/: lowercase letters, digits and hyphens",
        );
    }
    theme
}

fn review_after_days(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> u32 {
    if r.review_after_days == Some(0) {
        at.error(
            diags,
            &YamlPath::root().key("review_after_days"),
            "review_after_days must be at least 1",
            "365 asks for every record to be checked once a year",
        );
    }
    r.review_after_days.unwrap_or(DEFAULT_REVIEW_AFTER_DAYS)
}

fn page_size(at: &At, r: &SiteRecord, diags: &mut Diagnostics) -> u32 {
    let page_size = r.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !PAGE_SIZES.contains(&page_size) {
        at.error(
            diags,
            &YamlPath::root().key("page_size"),
            format!(
                "page_size must be between {} and {}, not {page_size}",
                PAGE_SIZES.start(),
                PAGE_SIZES.end()
            ),
            "50 (the default) suits a phone: enough to scan, quick to load",
        );
    }
    page_size
}

/// A `base_url` that is not an absolute http(s) address without a query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBaseUrl {
    pub url: String,
}

impl std::fmt::Display for BadBaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\" is not a valid base_url", self.url)
    }
}

impl std::error::Error for BadBaseUrl {}

/// `base_url` must be an absolute http(s) address; it is where every link on the site points.
pub fn check_base_url(url: &str) -> Result<(), BadBaseUrl> {
    match url::Url::parse(url) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host().is_some()
                && u.query().is_none()
                && u.fragment().is_none() =>
        {
            Ok(())
        }
        _ => Err(BadBaseUrl {
            url: url.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_a_whole_web_address() {
        assert_eq!(check_base_url("https://example.org/support-map/"), Ok(()));
        let bad = check_base_url("example.org/?q=1").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "\"example.org/?q=1\" is not a valid base_url"
        );
        assert!(check_base_url("https://example.org/#top").is_err());
        assert!(check_base_url("ftp://example.org/").is_err());
    }
}
