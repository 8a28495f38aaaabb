//! What the preview says: lines in the terminal, sent to the `Reporter` that `cli` hands in
//! (serve prints nothing itself), and the overlay shown over every page while the content has
//! errors. The problems are those `check` prints, in the terminal and in the overlay alike.

use super::watch::FolderChange;
use crate::diagnostics::{plural, terminal_safe, Diagnostics, Reporter, Severity, Sources};
use std::path::Path;

/// A full rebuild succeeded: its warnings as `build` lists them, then what was built. `assets`
/// counts what `build` counts, the published assets (not the closed ones).
pub(crate) fn built(
    report: &dyn Reporter,
    root: &Path,
    diags: &Diagnostics,
    assets: usize,
    files: usize,
    ms: u128,
) {
    report.problems(diags, root);
    report.say(&format!(
        "Built {assets} asset{}, {files} files in {ms} ms{}",
        plural(assets),
        warnings_note(diags)
    ));
}

/// An edited asset is published: its own warnings, then which file and how many pages.
pub(crate) fn updated(
    report: &dyn Reporter,
    root: &Path,
    diags: &Diagnostics,
    file: &Path,
    pages: usize,
    ms: u128,
) {
    report.problems(diags, root);
    let file = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    report.say(&format!(
        "Updated {} in {ms} ms ({pages} page{}){}",
        terminal_safe(&file),
        plural(pages),
        warnings_note(diags)
    ));
}

/// " (3 warnings)", or nothing without warnings.
fn warnings_note(diags: &Diagnostics) -> String {
    match diags.count(Severity::Warning) {
        0 => String::new(),
        n => format!(" ({n} warning{})", plural(n)),
    }
}

/// The latest rebuild failed: the preview keeps the last good build under the overlay.
pub(crate) fn broken(report: &dyn Reporter, root: &Path, diags: &Diagnostics) {
    let errors = diags.count(Severity::Error);
    report.say(&format!(
        "{errors} error{} in the content; the preview shows them over the last good build:",
        plural(errors)
    ));
    report.problems(diags, root);
}

pub(crate) fn fixed(report: &dyn Reporter) {
    report.say("Fixed: the preview is up to date again.");
}

/// `content/` or `themes/` went away, came back or was replaced.
pub(crate) fn folders_changed(report: &dyn Reporter, folders: &[FolderChange]) {
    for warning in folders.iter().filter_map(|f| f.warning.as_ref()) {
        report.say(&format!("warning: {warning}"));
    }
    for folder in folders {
        let name = folder.name;
        report.say(&match (folder.was_there, folder.is_there) {
            (_, false) => format!(
                "{name}/ was removed: the preview keeps the last good build until it is back."
            ),
            (false, true) => format!("{name}/ is back: watching it again and rebuilding."),
            (true, true) => format!("{name}/ was replaced: watching the new one and rebuilding."),
        });
    }
}

/// The overlay: every diagnostic as `check` prints it, over the last good page.
pub(crate) fn overlay_html(root: &Path, diags: &Diagnostics, has_build: bool) -> String {
    let errors = diags.count(Severity::Error);
    let mut sources = Sources::new(root);
    let mut text = String::new();
    for d in diags.sorted() {
        text.push_str(&d.render(&mut sources, false));
        text.push('\n');
    }
    let under = if has_build {
        "The page below is from the last build without errors."
    } else {
        "There is no build without errors yet."
    };
    format!(
        "<details class=\"supportmap-overlay\" id=\"supportmap-overlay\" open role=\"alert\">\n<summary>{errors} problem{} in the content: fix {} and save. {under}</summary>\n<pre>{}</pre>\n</details>\n",
        plural(errors),
        if errors == 1 { "it" } else { "them" },
        crate::theme::escape_html(&text)
    )
}
