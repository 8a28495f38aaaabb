//! Diagnostics: the one place where problems with content become messages for editors.
//!
//! Every stage reports problems as `Diagnostic` values (file, line, column, message, optional
//! help). Nothing below this module prints; `cli` prints the collected diagnostics at the end.
//! Text from content passes through `terminal_safe` on its way to a terminal, so a record
//! cannot ring bells, move the cursor or recolour the screen of whoever runs a command.
//!
//! - `snippet`: a diagnostic as text, with the offending line and a caret under the problem.
//! - `annotations`: the forms git hosts show beside the lines of a pull or merge request.
//! - `terminal`: what may reach a terminal, and whether it gets colour.
//! - `report`: where `build` and `serve` say what happens as it happens.

pub(crate) mod annotations;
mod report;
mod snippet;
mod terminal;

pub use report::{Reporter, Silent};
pub use snippet::Sources;
pub(crate) use terminal::stderr_color;
pub use terminal::{is_unsafe_char, terminal_safe};

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word every form of a diagnostic shows: `error` or `warning`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the editor knows it: relative to the site root, e.g. `content/assets/x.yaml`.
    pub file: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            terminal_safe(&self.file.display().to_string()),
            self.pos.line,
            self.pos.col,
            self.severity.label(),
            terminal_safe(&self.message)
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", terminal_safe(help))?;
        }
        Ok(())
    }
}

/// Problems collected across every file of a run, so `check` can report them all at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, file: &Path, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, file, pos, message)
    }

    pub fn warning(
        &mut self,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, file, pos, message)
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            help: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// Adds `other`'s diagnostics after this one's (work done in parallel reports this way).
    pub fn append(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file and position so output is stable whatever order files were read in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message))
        });
        items
    }
}

impl Diagnostic {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// How diagnostics are shown: as a compiler would on a terminal, one JSON object per line, or
/// as annotations for a git host (`annotations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text { color: bool },
    Json,
    Github,
    Gitlab,
}

impl Diagnostic {
    /// One JSON object: severity, file, line, column, message, help (null when none).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "severity": self.severity.label(),
            "file": self.file.to_string_lossy(),
            "line": self.pos.line,
            "column": self.pos.col,
            "message": self.message,
            "help": self.help,
        })
        .to_string()
    }
}

/// The closest candidate to a misspelt word, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The end of an "unknown …" message: `, did you mean "x"?` for a guess, nothing without one.
pub(crate) fn did_you_mean_clause(guess: Option<&str>) -> String {
    guess
        .map(|s| format!(", did you mean \"{s}\"?"))
        .unwrap_or_default()
}

/// The "s" of "3 warnings": nothing for one, "s" for any other count.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let fields = ["name", "address", "postcode", "lat", "lon"];
        assert_eq!(did_you_mean("postcde", fields), Some("postcode"));
        assert_eq!(did_you_mean("adress", fields), Some("address"));
        assert_eq!(did_you_mean("telephone", fields), None);
    }
    #[test]
    fn json_is_one_object() {
        let mut d = Diagnostics::default();
        d.warning(
            Path::new("content/x.yaml"),
            Pos::new(3, 4),
            "old \"record\"",
        );
        let json: serde_json::Value = serde_json::from_str(&d.sorted()[0].to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"severity": "warning", "file": "content/x.yaml", "line": 3, "column": 4, "message": "old \"record\"", "help": null})
        );
    }

    #[test]
    fn displays_as_file_line_col() {
        let mut d = Diagnostics::default();
        d.error(
            Path::new("content/assets/x.yaml"),
            Pos::new(12, 3),
            "unknown field",
        )
        .help("remove it");
        assert_eq!(
            d.sorted()[0].to_string(),
            "content/assets/x.yaml:12:3: error: unknown field\n  help: remove it"
        );
    }
}
