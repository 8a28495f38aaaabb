//! A diagnostic as a person reads it on a terminal: `file:line:col: error: message`, the
//! offending line with carets under the problem (a window of it when the line is long), then
//! the help. Source lines are read once per file, and long lines indexed once, so many
//! messages about one file cost little more than one.

use super::{terminal_safe, Diagnostic, Severity};
use std::path::{Path, PathBuf};

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
        let accent = match self.severity {
            Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
            Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
        };
        let gutter_style = anstyle::AnsiColor::Blue.on_default().bold();
        let place = format!("{}:{}:{}", self.file.display(), self.pos.line, self.pos.col);
        let mut out = format!(
            "{}: {}: {}\n",
            paint(bold, &terminal_safe(&place)),
            paint(accent, self.severity.label()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostics, Pos};

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
}
