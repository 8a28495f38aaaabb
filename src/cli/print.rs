//! What the commands print: diagnostics in the format asked for, the summary or why nothing
//! was written, progress while `build` and `serve` run, and the exit code. `cli` is the only
//! module that prints, and this is where it does.

use super::args::OutputFormat;
use crate::diagnostics::{
    annotations, plural, stderr_color, Diagnostic, Diagnostics, Format, Reporter, Severity, Sources,
};
use crate::pipeline::Failure;
use std::io::Write;
use std::path::Path;

/// Prints every diagnostic, sorted: text on standard error, or JSON lines on standard output.
pub(super) fn print_diagnostics(diags: &Diagnostics, root: &Path, format: Format) {
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in diags.sorted() {
                let _ = writeln!(out, "{}", d.to_json());
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in diags.sorted() {
                let _ = writeln!(out, "{}", annotations::github_command(d));
            }
        }
        Format::Gitlab => {
            let _ = write!(
                std::io::stdout().lock(),
                "{}",
                annotations::gitlab_report(&diags.sorted())
            );
        }
        Format::Text { color } => {
            let mut sources = Sources::new(root);
            let mut err = std::io::stderr().lock();
            for d in diags.sorted() {
                let _ = writeln!(err, "{}", d.render(&mut sources, color));
            }
        }
    }
}

/// Errors found after the fact (in the site an import wrote into), one line each with its
/// help, above the summary that mentions them.
pub(super) fn list_errors(errors: &[Diagnostic]) {
    for d in errors {
        eprintln!("{d}");
    }
}

/// What `build` and `serve` say as they run: progress on standard error, the address served on
/// standard output, problems as `check` prints them.
pub(super) struct Terminal;

impl Reporter for Terminal {
    fn announce(&self, line: &str) {
        println!("{line}");
    }

    fn say(&self, line: &str) {
        eprintln!("{line}");
    }

    fn problems(&self, diags: &Diagnostics, root: &Path) {
        let color = stderr_color();
        print_diagnostics(diags, root, Format::Text { color });
    }
}

/// A command that could not start (a folder in the way, a port taken): the message and its fix
/// on standard error, exit 2.
pub(super) fn refuse(message: &str, help: Option<&str>) -> i32 {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("  help: {help}");
    }
    2
}

/// Prints the diagnostics, then the summary or why nothing was written, and gives the exit code.
pub(super) fn finish(
    outcome: Result<String, Failure>,
    diags: &Diagnostics,
    root: &Path,
    format: OutputFormat,
) -> i32 {
    let format = match format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Github => Format::Github,
        OutputFormat::Gitlab => Format::Gitlab,
        OutputFormat::Text => Format::Text {
            color: stderr_color(),
        },
    };
    print_diagnostics(diags, root, format);
    let (errors, warnings) = (diags.count(Severity::Error), diags.count(Severity::Warning));
    // With --format json, github or gitlab, standard output carries only what a program reads;
    // the summary goes to standard error.
    let say = |line: String| {
        if !matches!(format, Format::Text { .. }) {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    };
    match outcome {
        Ok(summary) => {
            let note = if warnings > 0 {
                format!(" ({warnings} warning{})", plural(warnings))
            } else {
                String::new()
            };
            say(format!("{summary}{note}"));
            0
        }
        Err(Failure::Content) => {
            eprintln!(
                "Found {errors} error{} and {warnings} warning{}; nothing was written.",
                plural(errors),
                plural(warnings)
            );
            1
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}
