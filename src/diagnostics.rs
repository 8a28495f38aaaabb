//! Diagnostics: the one place where problems with content become messages for editors.
//!
//! Every stage reports problems as `Diagnostic` values (file, line, column, message, optional
//! help). Nothing below this module prints; `cli` prints the collected diagnostics at the end.
//! Text from content passes through `terminal_safe` on its way to a terminal, so a record
//! cannot ring bells, move the cursor or recolour the screen of whoever runs a command.

pub(crate) mod annotations;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
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
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            terminal_safe(&self.file.display().to_string()),
            self.pos.line,
            self.pos.col,
            label,
            terminal_safe(&self.message)
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", terminal_safe(help))?;
        }
        Ok(())
    }
}

/// Whether `c` may not appear in content text, nor reach a terminal from it: control
/// characters other than tab and newline (they ring bells, move the cursor, recolour or
/// retitle a terminal, and mean nothing on a page), and the bidirectional embeddings,
/// overrides and isolates (U+202A to U+202E, U+2066 to U+2069) that show text in a different
/// order from how it reads. The marks U+200E, U+200F and U+061C stay allowed: right-to-left
/// writing needs them, and they cannot reorder more than the characters beside them.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` for a terminal: each unsafe character is shown as its code, such as `<U+001B>`.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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

/// Source lines for snippets, read once per file. Paths in diagnostics are relative to the
/// site root; files that cannot be read (template names, missing files) get no snippet.
pub struct Sources {
    root: PathBuf,
    files: std::collections::HashMap<PathBuf, Option<Vec<String>>>,
    /// Long lines (minified JSON) indexed once, so each message about them costs a window's
    /// work rather than the whole line's.
    long: std::collections::HashMap<(PathBuf, usize), LineIndex>,
}

impl Sources {
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            files: Default::default(),
            long: Default::default(),
        }
    }

    /// The characters of `line` around the character `start` (0-based).
    fn window(&mut self, file: &Path, line: usize, start: usize) -> Option<Window> {
        let root = &self.root;
        let lines = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            let text = std::fs::read(root.join(file)).ok()?;
            let text = String::from_utf8(text).ok()?;
            Some(
                text.lines()
                    .map(|l| l.trim_end_matches('\r').replace('\t', " "))
                    .collect(),
            )
        });
        let text = lines.as_ref()?.get(line.checked_sub(1)?)?;
        if text.len() <= LONG_LINE {
            return Some(Window {
                text: text.clone(),
                offset: 0,
                chars: text.chars().count(),
            });
        }
        let index = self
            .long
            .entry((file.to_path_buf(), line))
            .or_insert_with(|| LineIndex::new(text));
        Some(index.window(text, start))
    }
}

/// Lines longer than this many bytes are indexed rather than copied for each message.
const LONG_LINE: usize = 16 * 1024;

/// How many characters apart the index of a long line marks where characters start.
const STRIDE: usize = 1024;

/// Where every `STRIDE`th character of a long line starts, and how many characters it has.
struct LineIndex {
    chars: usize,
    marks: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut marks = Vec::new();
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                marks.push(byte);
            }
            chars += 1;
        }
        LineIndex { chars, marks }
    }

    /// Enough of the line around `start` for any snippet: from a snippet's width before it to
    /// two widths after.
    fn window(&self, text: &str, start: usize) -> Window {
        let offset = start.min(self.chars).saturating_sub(SNIPPET_WIDTH);
        let mark = offset / STRIDE;
        let from = self.marks.get(mark).copied().unwrap_or(0);
        let shown: String = text[from..]
            .chars()
            .skip(offset - mark * STRIDE)
            .take(3 * SNIPPET_WIDTH)
            .collect();
        Window {
            text: shown,
            offset,
            chars: self.chars,
        }
    }
}

/// Part of a source line: its text, where it starts in the line and the line's length (both
/// in characters).
struct Window {
    text: String,
    offset: usize,
    chars: usize,
}

impl Window {
    /// The characters of the line in `range` that the window holds.
    fn slice(&self, range: std::ops::Range<usize>) -> String {
        let from = range.start.saturating_sub(self.offset);
        let len = range.end.saturating_sub(range.start.max(self.offset));
        self.text.chars().skip(from).take(len).collect()
    }

    /// The window's text from the line's character `start`.
    fn from(&self, start: usize) -> String {
        self.slice(start..self.offset + self.text.chars().count())
    }
}

impl Diagnostic {
    /// The diagnostic as text: `file:line:col: error: message`, then the offending line with a
    /// caret under the column (when it helps), then `help:`. Ends with a blank line.
    pub fn render(&self, sources: &mut Sources, color: bool) -> String {
        let paint = |style: anstyle::Style, text: &str| {
            if color {
                format!("{}{text}{}", style.render(), style.render_reset())
            } else {
                text.to_string()
            }
        };
        let bold = anstyle::Style::new().bold();
        let (label, accent) = match self.severity {
            Severity::Error => ("error", anstyle::AnsiColor::Red.on_default().bold()),
            Severity::Warning => ("warning", anstyle::AnsiColor::Yellow.on_default().bold()),
        };
        let gutter_style = anstyle::AnsiColor::Blue.on_default().bold();
        let place = format!("{}:{}:{}", self.file.display(), self.pos.line, self.pos.col);
        let mut out = format!(
            "{}: {}: {}\n",
            paint(bold, &terminal_safe(&place)),
            paint(accent, label),
            paint(bold, &terminal_safe(&self.message))
        );
        let start = self.pos.col.saturating_sub(1);
        if let Some(window) = sources
            .window(&self.file, self.pos.line, start)
            .filter(|window| self.snippet_helps(window))
        {
            let number = self.pos.line.to_string();
            let pad = " ".repeat(number.len());
            let bar = paint(gutter_style, "|");
            let span = span_len(&window.from(start), 0);
            let (shown, indent, width) = snippet(&window, start, span);
            out.push_str(&format!(
                "{pad} {bar}\n{} {bar} {shown}\n{pad} {bar} {}{}\n",
                paint(gutter_style, &number),
                " ".repeat(indent),
                paint(accent, &"^".repeat(width))
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!(
                "  {}: {}\n",
                paint(anstyle::AnsiColor::Cyan.on_default().bold(), "help"),
                terminal_safe(help)
            ));
        }
        out
    }

    /// A caret is worth showing when it points at something: any column but the first, or
    /// the first when the line starts with the word the message is about. Problems with a
    /// whole file (missing fields, bad file names) sit at 1:1 and get no snippet.
    fn snippet_helps(&self, window: &Window) -> bool {
        if window.text.trim().is_empty() || self.pos.col > window.chars + 1 {
            return false;
        }
        if self.pos.col > 1 {
            return true;
        }
        let len = span_len(&window.text, 0);
        let word: String = window.text.chars().take(len).collect();
        !word.is_empty() && self.message.contains(&format!("\"{word}\""))
    }

    /// One JSON object: severity, file, line, column, message, help (null when none).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "file": self.file.to_string_lossy(),
            "line": self.pos.line,
            "column": self.pos.col,
            "message": self.message,
            "help": self.help,
        })
        .to_string()
    }
}

/// Lines longer than this are shown as a window around the column, about one screen wide (a
/// minified or pasted line can be many megabytes).
const SNIPPET_WIDTH: usize = 100;

/// The part of the line to show, made terminal-safe, and where the carets under the `span`
/// characters from `start` begin and how many there are.
fn snippet(line: &Window, start: usize, span: usize) -> (String, usize, usize) {
    let (from, to) = if line.chars <= SNIPPET_WIDTH {
        (0, line.chars)
    } else {
        let from = start.saturating_sub(SNIPPET_WIDTH / 3);
        (from, (from + SNIPPET_WIDTH).min(line.chars))
    };
    let start = start.clamp(from, to);
    let text = |range: std::ops::Range<usize>| -> String {
        terminal_safe(&line.slice(range)).into_owned()
    };
    let before = text(from..start);
    let under = text(start..(start + span).min(to));
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < line.chars { "…" } else { "" };
    let shown = format!(
        "{lead}{before}{under}{}{tail}",
        text((start + span).min(to)..to)
    );
    let indent = lead.chars().count() + before.chars().count();
    (shown, indent, under.chars().count().max(1))
}

/// How many characters from `start` make up the token there: a quoted string, a bracketed
/// list, a key (up to its colon) or a plain value (up to a comma, bracket or comment).
fn span_len(line: &str, start: usize) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let Some(&first) = chars.get(start) else {
        return 1;
    };
    let rest = &chars[start..];
    let len = match first {
        '"' | '\'' => rest
            .iter()
            .skip(1)
            .position(|&c| c == first)
            .map_or(rest.len(), |i| i + 2),
        '[' | '{' => {
            let close = if first == '[' { ']' } else { '}' };
            let mut depth = 0;
            rest.iter()
                .position(|&c| {
                    if c == first {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                    }
                    depth == 0
                })
                .map_or(rest.len(), |i| i + 1)
        }
        _ => {
            let end = (0..rest.len())
                .find(|&i| {
                    matches!(rest[i], ',' | ']' | '}')
                        || (rest[i] == ':' && rest.get(i + 1).is_none_or(|c| c.is_whitespace()))
                        || (rest[i] == '#' && i > 0 && rest[i - 1] == ' ')
                })
                .unwrap_or(rest.len());
            rest[..end]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |i| i + 1)
        }
    };
    len.max(1)
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

/// Whether diagnostics on standard error get colour: a terminal that supports it, unless
/// `NO_COLOR` is set (`CLICOLOR_FORCE` forces it), as clap and most tools decide.
pub(crate) fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// The "s" of "3 warnings": nothing for one, "s" for any other count.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Where `build` and `serve` send what they have to say as it happens (a build waiting for
/// another, stage timings, the preview's progress). `cli` hands in the one that prints, so
/// nothing below the command line prints and no stage needs anything from `cli`.
pub trait Reporter: Send + Sync {
    /// A line another program may read, such as the address being served (standard output).
    fn announce(&self, line: &str);
    /// Progress, warnings and errors for the person at the terminal (standard error).
    fn say(&self, line: &str);
    /// Problems, as `check` prints them; their file names are relative to `root`.
    fn problems(&self, diags: &Diagnostics, root: &Path);
}

/// Says nothing: for callers that read results, not progress (tests, benchmarks).
pub struct Silent;

impl Reporter for Silent {
    fn announce(&self, _: &str) {}
    fn say(&self, _: &str) {}
    fn problems(&self, _: &Diagnostics, _: &Path) {}
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

    fn rendered(text: &str, pos: Pos, message: &str, color: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/x.yaml"), text).unwrap();
        let mut d = Diagnostics::default();
        d.error(Path::new("content/x.yaml"), pos, message)
            .help("the fix");
        d.sorted()[0].render(&mut Sources::new(dir.path()), color)
    }

    #[test]
    fn renders_the_line_with_a_caret_under_the_problem() {
        let text = "name: Club\nneeds: [mony, food]\n";
        assert_eq!(
            rendered(text, Pos::new(2, 9), "unknown need \"mony\"", false),
            "content/x.yaml:2:9: error: unknown need \"mony\"\n  |\n2 | needs: [mony, food]\n  |         ^^^^\n  help: the fix\n"
        );
        let keyed = rendered(
            "sumary: x\n",
            Pos::new(1, 1),
            "unknown field \"sumary\"",
            false,
        );
        assert!(keyed.contains("1 | sumary: x\n  | ^^^^^^\n"), "{keyed}");
        let whole_file = rendered(
            "name: x\n",
            Pos::new(1, 1),
            "missing required field \"summary\"",
            false,
        );
        assert_eq!(
            whole_file,
            "content/x.yaml:1:1: error: missing required field \"summary\"\n  help: the fix\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = rendered("a: [x]\n", Pos::new(1, 5), "bad", false);
        assert!(!plain.contains('\x1b'));
        let coloured = rendered("a: [x]\n", Pos::new(1, 5), "bad", true);
        assert!(coloured.contains("\x1b["), "{coloured:?}");
        assert!(coloured.contains("error"));
    }

    #[test]
    fn content_cannot_send_escape_sequences_to_the_terminal() {
        let text = "name: \"\x1b[2J\u{202E}Club\x07\"\n";
        let shown = rendered(text, Pos::new(1, 7), "bad \x1b]0;title\x07 name", false);
        assert!(!shown.contains(['\x1b', '\x07', '\u{202E}']), "{shown:?}");
        assert!(shown.contains("<U+001B>"), "{shown}");
        let carets = "^".repeat(33);
        assert!(
            shown.contains(&format!(
                "1 | name: \"<U+001B>[2J<U+202E>Club<U+0007>\"\n  |       {carets}\n"
            )),
            "{shown}"
        );
        let mut d = Diagnostics::default();
        d.warning(Path::new("content/\x1bx.yaml"), Pos::START, "\u{2066}x")
            .help("\x1b[31m");
        assert!(!d.sorted()[0].to_string().contains(['\x1b', '\u{2066}']));
        assert_eq!(
            terminal_safe("tab\tand\nnew line, \u{200F}mark"),
            "tab\tand\nnew line, \u{200F}mark"
        );
    }

    #[test]
    fn long_lines_show_a_window_around_the_column() {
        let line = format!(
            "name: {}needle{}\n",
            "a".repeat(500_000),
            "b".repeat(500_000)
        );
        let shown = rendered(&line, Pos::new(1, 500_007), "bad", false);
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        assert!(
            shown.contains("…aaaa") && shown.contains("bbbb…"),
            "{shown}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        let column = |line: &str, at: usize| line[..at].chars().count();
        let needle = column(lines[2], lines[2].find("needle").unwrap());
        assert_eq!(column(lines[3], lines[3].find('^').unwrap()), needle);
    }

    #[test]
    fn many_messages_on_one_long_line_each_show_their_own_window() {
        let line = format!(
            "{}\"first\"{}\"second\"{}",
            "é".repeat(40_000),
            "ü".repeat(3_000),
            "x".repeat(50_000)
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/x.json"), &line).unwrap();
        let mut d = Diagnostics::default();
        for (word, col) in [("first", 40_001), ("second", 43_008)] {
            d.warning(Path::new("content/x.json"), Pos::new(1, col), word);
        }
        let mut sources = Sources::new(dir.path());
        for (diagnostic, word) in d.sorted().into_iter().zip(["first", "second"]) {
            let shown = diagnostic.render(&mut sources, false);
            let lines: Vec<&str> = shown.lines().collect();
            assert!(lines[2].chars().count() < SNIPPET_WIDTH + 10, "{shown}");
            let column = |line: &str, at: usize| line[..at].chars().count();
            let at = column(lines[2], lines[2].find(&format!("\"{word}\"")).unwrap());
            assert_eq!(column(lines[3], lines[3].find('^').unwrap()), at, "{shown}");
            assert_eq!(lines[3].matches('^').count(), word.len() + 2, "{shown}");
        }
    }

    #[test]
    fn spans_cover_the_token() {
        assert_eq!(span_len("phone: \"call us\" # x", 7), 9);
        assert_eq!(span_len("days: [tues, wed]", 7), 4);
        assert_eq!(span_len("cost: cheap  # comment", 6), 5);
        assert_eq!(span_len("within: [a, [b]]", 8), 8);
        assert_eq!(span_len("x", 5), 1);
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
