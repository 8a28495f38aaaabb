//! The web editor: `/admin/`, where community editors change records through a form and save
//! them to the site's repository, with no terminal and no git.
//!
//! Opt-in: only a `site.yaml` with an `editor:` block publishes it, so a site without one is
//! exactly as it was. The editor is Decap CMS (vendored in `vendor/decap-cms/`, compiled into
//! the binary so a downloaded binary publishes it offline). Decap rather than Sveltia CMS
//! because Decap's local mode is `decap-server`, a small server that writes into the
//! repository on disk: the same form can be tested end to end in a headless browser, and an
//! editor can try it on their own computer. Sveltia's local mode asks the browser for a folder
//! (the File System Access API's directory picker), which no test can answer.
//!
//! Owns what the `editor:` block may say (checked once, with the other site settings), the
//! page's own Content Security Policy (looser than the site's, for this one page), and
//! publishing `/admin/`: the page, the CMS's files and `config.yml`, which `config` makes from
//! the same record types and the same site ids that `check` uses.

mod config;

use crate::addresses;
use crate::feedback::Problem;
use crate::output::{OutputError, Sink};
use crate::records::{EditorRecord, GitHost};
use crate::validate::Content;
use include_dir::{include_dir, Dir};

/// Decap CMS's browser files, as npm publishes them (see `vendor/decap-cms/README.md`).
static DECAP: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/vendor/decap-cms/dist");
/// Decap CMS's own licence, published beside its script.
const DECAP_LICENSE: &str = include_str!("../vendor/decap-cms/LICENSE");
/// The port `decap-server` listens on unless told otherwise.
const DEFAULT_LOCAL_PORT: u16 = 8081;

/// A site's web editor settings, checked.
#[derive(Debug, Clone)]
pub struct Editor {
    host: GitHost,
    repo: String,
    branch: String,
    /// The GitLab or Gitea server (for GitHub, `None`).
    server: Option<String>,
    app_id: Option<String>,
    /// GitHub's sign-in service, when not Netlify's.
    auth_url: Option<String>,
    local_port: u16,
}

impl Editor {
    /// Reads the `editor:` block. `None` (with the problems) when it cannot be used; the
    /// problems name the field inside `editor:` they are about.
    pub(crate) fn from_site(record: &EditorRecord) -> (Option<Editor>, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut problem = |field, message: String, help| {
            problems.push(Problem {
                field,
                message,
                help,
            })
        };
        let Some(host) = record.backend else {
            problem(
                "backend",
                "the editor does not say which git host keeps the site: backend is missing".into(),
                "add a line such as: backend: github (or gitlab, or gitea)",
            );
            return (None, problems);
        };
        let repo = record.repo.as_deref().map(str::trim).unwrap_or("");
        if !is_repo(repo) {
            problem(
                "repo",
                if repo.is_empty() {
                    "the editor does not say which repository to save to: repo is missing".into()
                } else {
                    format!("\"{repo}\" is not a repository's name")
                },
                "write the repository as owner/name, as in its web address, such as repo: your-organisation/your-support-map",
            );
        }
        let branch = record.branch.as_deref().map(str::trim).unwrap_or("main");
        if branch.is_empty() || branch.contains(|c: char| c.is_whitespace() || c == '"') {
            problem(
                "branch",
                format!("\"{branch}\" is not a branch name"),
                "write the branch the site is published from, such as branch: main",
            );
        }
        if record.local_port == Some(0) {
            problem(
                "local_port",
                "local_port cannot be 0".into(),
                "leave it out to use decap-server's usual port, 8081",
            );
        }
        let server = record.host.as_deref().map(str::trim);
        match (host, server) {
            (GitHost::Github, Some(_)) => problem(
                "host",
                "host is for your own GitLab or Gitea server, not GitHub".into(),
                "remove the host line (GitHub's address is known)",
            ),
            (GitHost::Gitea, None) => problem(
                "host",
                "the editor needs your Gitea server's address: host is missing".into(),
                "add a line such as: host: https://git.example.org",
            ),
            (_, Some(s)) if !crate::fields::is_web_address(s) => problem(
                "host",
                format!("\"{s}\" is not a web address"),
                "write the server's full address, such as https://git.example.org",
            ),
            _ => {}
        }
        let app_id = record.app_id.as_deref().map(str::trim);
        match (host, app_id) {
            (GitHost::Github, Some(_)) => problem(
                "app_id",
                "app_id is for signing in with GitLab or Gitea, not GitHub".into(),
                "remove the app_id line; for GitHub, auth_url says where editors sign in",
            ),
            (GitHost::Gitlab | GitHost::Gitea, None | Some("")) => problem(
                "app_id",
                format!(
                    "editors cannot sign in to {} without the OAuth application's id: app_id is missing",
                    host.label()
                ),
                "create an OAuth application (not confidential) whose redirect address is your site's /admin/ page, and copy its Application ID here, such as app_id: 1a2b3c",
            ),
            _ => {}
        }
        let auth_url = record.auth_url.as_deref().map(str::trim);
        match (host, auth_url) {
            (GitHost::Gitlab | GitHost::Gitea, Some(_)) => problem(
                "auth_url",
                "auth_url is for GitHub; GitLab and Gitea sign in with app_id".into(),
                "remove the auth_url line",
            ),
            (_, Some(url)) if !crate::fields::is_web_address(url) => problem(
                "auth_url",
                format!("\"{url}\" is not a web address"),
                "write the sign-in service's full address, such as https://auth.example.org",
            ),
            _ => {}
        }
        if !problems.is_empty() {
            return (None, problems);
        }
        let editor = Editor {
            host,
            repo: repo.to_string(),
            branch: branch.to_string(),
            server: server
                .map(|s| s.trim_end_matches('/').to_string())
                .or_else(|| (host == GitHost::Gitlab).then(|| "https://gitlab.com".into())),
            app_id: app_id.map(str::to_string),
            auth_url: auth_url.map(|s| s.trim_end_matches('/').to_string()),
            local_port: record.local_port.unwrap_or(DEFAULT_LOCAL_PORT),
        };
        (Some(editor), problems)
    }

    /// The git host's API, where the editor reads and saves files.
    fn api_root(&self) -> String {
        match (self.host, &self.server) {
            (GitHost::Gitlab, Some(server)) => format!("{server}/api/v4"),
            (GitHost::Gitea, Some(server)) => format!("{server}/api/v1"),
            _ => "https://api.github.com".into(),
        }
    }

    /// `decap-server`'s address on the editor's own computer. Decap only tries it when the
    /// page itself is open at localhost or 127.0.0.1, so a published site never does.
    fn local_backend(&self) -> String {
        format!("http://127.0.0.1:{}/api/v1", self.local_port)
    }

    /// The page's own policy: the site's strict one with what Decap needs on top:
    /// `'unsafe-eval'` (it checks `config.yml` with a validator that compiles its checks into
    /// functions), inline styles (its components style themselves), `blob:` and `data:` images
    /// (previews), and connections to the git host's API and server (for signing in) and to
    /// `decap-server`. Scripts still come only from the site itself. Only this page has it:
    /// every other page keeps the theme's policy.
    fn content_security_policy(&self) -> String {
        let mut connect = vec!["'self'".to_string(), origin(&self.api_root())];
        connect.extend(self.server.as_deref().map(origin));
        connect.push(origin(&self.local_backend()));
        connect.dedup();
        format!(
            "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src {}; object-src 'none'; base-uri 'none'; form-action 'none'",
            connect.join(" ")
        )
    }

    /// `/admin/index.html`: loads the CMS, which reads `config.yml` beside it; on a site in
    /// several languages, then `languages.js` (see `config::languages`), which must run before
    /// the CMS reads its settings.
    fn page(&self, title: &str, language: &str, in_languages: bool) -> String {
        let title = crate::theme::escape_html(title);
        let language = crate::theme::escape_html(language);
        let languages = if in_languages {
            "<script src=\"languages.js\"></script>\n"
        } else {
            ""
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
             <title>Web editor: {title}</title>\n\
             <link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n\
             </head>\n<body>\n<script src=\"decap-cms.js\"></script>\n{languages}</body>\n</html>\n",
            self.content_security_policy()
        )
    }
}

/// `owner/name`, or `group/subgroup/name` on GitLab.
fn is_repo(repo: &str) -> bool {
    let parts: Vec<&str> = repo.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

/// `https://git.example.org/api/v1` -> `https://git.example.org`.
fn origin(address: &str) -> String {
    url::Url::parse(address)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| address.to_string())
}

/// Writes `/admin/` when the site has an editor: the page, `config.yml`, the CMS and its
/// licences. Nothing at all otherwise.
pub(crate) fn publish(content: &Content, sink: &dyn Sink) -> Result<(), OutputError> {
    let Some(editor) = &content.site.editor else {
        return Ok(());
    };
    let in_languages = config::languages::locales(content).is_some();
    let page = editor.page(&content.site.title, &content.site.language, in_languages);
    sink.put(&addresses::file(addresses::ADMIN), page.as_bytes())?;
    if in_languages {
        let script = config::languages::SCRIPT.as_bytes();
        sink.put(&addresses::admin_file("languages.js"), script)?;
    }
    sink.put(
        addresses::ADMIN_CONFIG,
        config::config(editor, content)?.as_bytes(),
    )?;
    for file in DECAP.files() {
        let name = file.path().to_string_lossy();
        sink.put(&addresses::admin_file(&name), file.contents())?;
    }
    sink.put(
        &addresses::admin_file("decap-cms.LICENSE.txt"),
        DECAP_LICENSE.as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(yaml: &str) -> EditorRecord {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn fields(yaml: &str) -> Vec<&'static str> {
        let (editor, problems) = Editor::from_site(&record(yaml));
        assert_eq!(editor.is_none(), !problems.is_empty());
        problems.iter().map(|p| p.field).collect()
    }

    #[test]
    fn each_host_needs_what_it_signs_in_with() {
        assert!(fields("{backend: github, repo: org/map}").is_empty());
        assert!(fields("{backend: gitlab, repo: org/group/map, app_id: abc}").is_empty());
        assert!(fields(
            "{backend: gitea, repo: org/map, host: 'https://git.example.org', app_id: abc}"
        )
        .is_empty());
        assert_eq!(
            fields("{backend: gitea, repo: org/map}"),
            ["host", "app_id"]
        );
        assert_eq!(
            fields("{backend: github, repo: map, app_id: x, host: 'https://x.org'}"),
            ["repo", "host", "app_id"]
        );
        assert_eq!(
            fields("{backend: gitlab, repo: a/b, app_id: x, auth_url: 'https://a.org'}"),
            ["auth_url"]
        );
        assert_eq!(fields("{repo: a/b}"), ["backend"]);
        assert_eq!(
            fields("{backend: github, repo: a/b, branch: ' ', local_port: 0}"),
            ["branch", "local_port"]
        );
    }

    #[test]
    fn the_page_may_connect_only_to_its_git_host_and_the_local_server() {
        let (editor, _) = Editor::from_site(&record(
            "{backend: gitea, repo: org/map, host: 'https://git.example.org/', app_id: abc, local_port: 9000}",
        ));
        let editor = editor.unwrap();
        assert_eq!(editor.api_root(), "https://git.example.org/api/v1");
        let csp = editor.content_security_policy();
        assert!(csp.contains("connect-src 'self' https://git.example.org http://127.0.0.1:9000;"));
        assert!(csp.contains("script-src 'self' 'unsafe-eval';"));
        let page = editor.page("Tea & <Talk>", "en-GB", false);
        assert!(page.contains("<title>Web editor: Tea &amp; &lt;Talk&gt;</title>"));
        assert!(page.contains(&format!("content=\"{csp}\"")));
    }

    #[test]
    fn github_talks_to_its_api() {
        let (editor, _) = Editor::from_site(&record("{backend: github, repo: org/map}"));
        let csp = editor.unwrap().content_security_policy();
        assert!(csp.contains("connect-src 'self' https://api.github.com http://127.0.0.1:8081;"));
    }
}
