//! Annotations: diagnostics in the forms git hosts show beside the lines of a pull or merge
//! request, so an editor who changed a record on the host's website sees each problem on the
//! line where it is, without reading a CI log.
//!
//! - GitHub: workflow commands, one line each (`::error file=…,line=…,col=…,title=…::message`),
//!   printed to standard output by a step of a workflow.
//! - GitLab: a Code Quality report, a JSON array of issues that a job saves as its
//!   `codequality` report artifact.

use super::{terminal_safe, Diagnostic, Severity};
use std::collections::HashMap;
use twox_hash::XxHash3_128;

/// The title GitHub shows above each annotation's message.
const TITLE: &str = "Support Map check";

/// One GitHub workflow command for `d`: `::error` or `::warning` with the file, line, column
/// and title as properties, and the message with its help after `::`.
pub(crate) fn github_command(d: &Diagnostic) -> String {
    let command = d.severity.label();
    let file = d.file.to_string_lossy().replace('\\', "/");
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        escape_property(&file),
        d.pos.line,
        d.pos.col,
        escape_property(TITLE),
        escape_data(&text(d)),
    )
}

/// A GitLab Code Quality report for `diags` (already in the order they should appear): a JSON
/// array, pretty-printed with a final newline.
pub(crate) fn gitlab_report(diags: &[&Diagnostic]) -> String {
    let mut seen: HashMap<(String, &str), usize> = HashMap::new();
    let issues: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let file = d.file.to_string_lossy().replace('\\', "/");
            let occurrence = seen.entry((file.clone(), &d.message)).or_insert(0);
            *occurrence += 1;
            serde_json::json!({
                "description": text(d),
                "check_name": check_name(d.severity),
                "fingerprint": fingerprint(&file, &d.message, *occurrence),
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": { "path": file, "lines": { "begin": d.pos.line } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("JSON values always serialise") + "\n"
}

/// The message and, on a new line, its help: what an editor reads beside the line.
fn text(d: &Diagnostic) -> String {
    let message = terminal_safe(&d.message);
    match &d.help {
        Some(help) => format!("{message}\nhelp: {}", terminal_safe(help)),
        None => message.into_owned(),
    }
}

fn check_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "supportmap-error",
        Severity::Warning => "supportmap-warning",
    }
}

/// Stable across runs and across edits that only move the problem to another line, so GitLab
/// can tell a merge request's new problems from the ones already on the main branch; the
/// occurrence number keeps two identical messages in one file apart (GitLab shows only the
/// first of several issues with one fingerprint).
fn fingerprint(file: &str, message: &str, occurrence: usize) -> String {
    let mut digest = XxHash3_128::new();
    for part in [file, message, &occurrence.to_string()] {
        digest.write(part.as_bytes());
        digest.write(&[0]);
    }
    format!("{:032x}", digest.finish_128())
}

/// A workflow command's message: `%`, carriage return and newline are percent-encoded, as
/// GitHub's runner decodes them.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as data, and also `:` and `,`, which end a property.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use std::path::PathBuf;

    fn diagnostic(file: &str, message: &str, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: PathBuf::from(file),
            pos: Pos::new(3, 7),
            message: message.to_string(),
            help: help.map(str::to_string),
        }
    }

    #[test]
    fn github_escapes_what_would_end_a_property_or_the_message() {
        let d = diagnostic("content/assets/a,b:c%.yaml", "50% off\nnext", Some("x: y"));
        assert_eq!(
            github_command(&d),
            "::error file=content/assets/a%2Cb%3Ac%25.yaml,line=3,col=7,title=Support Map check::50%25 off%0Anext%0Ahelp: x: y"
        );
        // A carriage return never reaches here from content (it is shown as <U+000D>), but
        // the escaping is GitHub's all the same.
        assert_eq!(escape_data("a\r\nb"), "a%0D%0Ab");
    }

    #[test]
    fn github_shows_control_characters_as_codes() {
        let d = diagnostic("a.yaml", "bell\u{7} here", None);
        assert!(github_command(&d).ends_with("::bell<U+0007> here"));
    }

    #[test]
    fn gitlab_fingerprints_are_stable_and_unique() {
        let a = diagnostic("a.yaml", "same", None);
        let mut b = diagnostic("a.yaml", "same", None);
        b.pos = Pos::new(9, 1);
        let report: serde_json::Value = serde_json::from_str(&gitlab_report(&[&a, &b])).unwrap();
        let prints: Vec<&str> = report
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_ne!(prints[0], prints[1]);
        let again: serde_json::Value = serde_json::from_str(&gitlab_report(&[&b])).unwrap();
        assert_eq!(
            again[0]["fingerprint"], prints[0],
            "moving a line keeps the fingerprint"
        );
        assert_eq!(report[1]["location"]["lines"]["begin"], 9);
    }
}
