//! content/site.yaml: the settings of the whole site, and its web editor.

use super::{GitHost, ID_PATTERN, LANGUAGE_PATTERN, REPO_PATTERN, WEB_PATTERN};
use schemars::JsonSchema;
use serde::Deserialize;

/// content/site.yaml: settings for the whole site.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    /// The site's name, shown on every page, such as "Harbourside Support Map".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence about the site, for search engines and link previews.
    pub description: Option<String>,
    /// Language of the content as a BCP 47 tag, such as en-GB (the default) or cy.
    #[schemars(pattern(LANGUAGE_PATTERN))]
    pub language: Option<String>,
    /// The site's languages when it is published in more than one, as BCP 47 tags, the
    /// default first, such as [en-GB, cy]. Use this or language:, not both.
    #[schemars(length(min = 1), inner(pattern(LANGUAGE_PATTERN)))]
    pub languages: Option<Vec<String>>,
    /// Full address the site is published at, such as https://example.org/support-map/.
    #[schemars(pattern(WEB_PATTERN))]
    pub base_url: Option<String>,
    /// How many days a record stays fresh before the site says it may be out of date (default 365).
    #[schemars(range(min = 1))]
    pub review_after_days: Option<u32>,
    /// How many services a list page shows before going on to a page 2 (default 50, from 5 to 200).
    #[schemars(range(min = 5, max = 200))]
    pub page_size: Option<u32>,
    /// Folder name in themes/ to take templates from (default: default).
    #[schemars(pattern(ID_PATTERN))]
    pub theme: Option<String>,
    /// How readers reach the team who keep the site up to date, such as an email address.
    pub contact: Option<String>,
    /// Show the "Exit this page" button on every page (default true), for readers on a device
    /// someone else checks. false removes it.
    pub exit_page: Option<bool>,
    /// Where "Exit this page" goes: a neutral web page such as https://www.bbc.co.uk/weather
    /// (the default).
    #[schemars(pattern(WEB_PATTERN))]
    pub exit_page_to: Option<String>,
    /// Keep pages readers open (and, when they ask, the whole site) for use without a
    /// connection (default true). false: no service worker.
    pub offline: Option<bool>,
    /// Whether search keeps its words in the page address, so a search can be bookmarked or
    /// shared (default true). false keeps them out of the address and the browser history;
    /// searches started on a sensitive page keep them out either way.
    pub search_in_address: Option<bool>,
    /// Where "Report something out of date" on each service and pathway page goes: an email
    /// address (the email comes with the record's name, id and address filled in) or the web
    /// address of a form or issue tracker, where {id}, {name} and {page} are filled in.
    /// Default: the first email address in contact.
    pub report_to: Option<String>,
    /// The address that edits a record's file on your git host's website, with {path} for the
    /// file's path inside content/, such as
    /// https://github.com/your-organisation/your-support-map/edit/main/content/{path}. Shows
    /// "Edit this record" on each service and pathway page.
    #[schemars(pattern(WEB_PATTERN))]
    pub edit_url: Option<String>,
    /// Turns on the web editor at /admin/, where editors change records through a form and
    /// save them to the site's repository: which git host keeps it, and where.
    pub editor: Option<EditorRecord>,
}

/// The `editor:` block of content/site.yaml: the git host the web editor saves to.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditorRecord {
    /// Where the site's repository is kept: github, gitlab or gitea (Gitea and Forgejo).
    #[schemars(required)]
    pub backend: Option<GitHost>,
    /// The repository as owner/name, such as your-organisation/your-support-map.
    #[schemars(required, pattern(REPO_PATTERN))]
    pub repo: Option<String>,
    /// The branch the editor saves to (default main).
    pub branch: Option<String>,
    /// GitLab or Gitea only: the address of your own server, such as https://git.example.org
    /// (GitLab's default is https://gitlab.com; Gitea needs it).
    #[schemars(pattern(WEB_PATTERN))]
    pub host: Option<String>,
    /// GitLab or Gitea only: the Application ID of the OAuth application that lets editors
    /// sign in with their account.
    pub app_id: Option<String>,
    /// GitHub only: the address of the sign-in (OAuth) service for the editor. Default:
    /// Netlify's, which works when the site is published on Netlify.
    #[schemars(pattern(WEB_PATTERN))]
    pub auth_url: Option<String>,
    /// The port of decap-server, for trying the editor on your own computer (default 8081).
    #[schemars(range(min = 1))]
    pub local_port: Option<u16>,
}
