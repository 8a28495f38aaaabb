//! Problems with the text itself, before any field can be read: YAML that does not parse,
//! nesting deeper than a record ever needs, and aliases that expand past a record's size.

use super::bounded::TOO_BIG;
use super::mistakes::{self, Mistake};
use super::nesting;
use crate::diagnostics::{plural, Diagnostics, Pos};
use std::path::Path;

pub(crate) fn report_too_deep(
    deep: nesting::TooDeep,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) {
    let pos = Pos::new(deep.line + line_offset, deep.col);
    let max = nesting::MAX_DEPTH;
    if deep.brackets {
        diags
            .error(file, pos, format!("nested more than {max} levels deep: a record never needs this many [ or {{ inside each other"))
            .help("remove the extra [ and { (or close them with ] and }), or put text that contains brackets in quotes");
    } else {
        diags
            .error(file, pos, format!("nested more than {max} levels deep: a record never needs this many indented fields or lists inside each other"))
            .help("check the indentation of this line and the lines above it: each level is a few more spaces or a \"- \"");
    }
}

/// Reports why `text` is not YAML: one of the common mistakes in plain words at the line
/// that is wrong, or else the parser's own words where it stopped.
pub(crate) fn report_syntax_error(
    err: &serde_yaml::Error,
    text: &str,
    file: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) {
    let pos = err
        .location()
        .map(|l| Pos::new(l.line() + line_offset, l.column()))
        .unwrap_or(Pos::new(1 + line_offset, 1));
    let mut message = err.to_string();
    if message.contains(TOO_BIG) {
        let d = diags.error(file, pos, TOO_BIG);
        d.help("write the values out, or repeat an anchor (&name) a few times only");
        return;
    }
    let found = err
        .location()
        .and_then(|l| mistakes::mistake(text, l.line(), l.column(), &message));
    if let Some(found) = found {
        report_mistake(found, file, line_offset, diags);
        return;
    }
    // The position is already in the diagnostic's prefix; the message need not repeat it.
    if let Some(l) = err.location() {
        message = message.replacen(
            &format!(" at line {} column {}", l.line(), l.column()),
            "",
            1,
        );
    }
    let d = diags.error(file, pos, format!("this is not valid YAML: {message}"));
    d.help("check the indentation and that text containing \": \" or \"#\" is in quotes");
}

fn report_mistake(found: Mistake, file: &Path, line_offset: usize, diags: &mut Diagnostics) {
    let (line, col, message, help) = explain(found);
    diags
        .error(file, Pos::new(line + line_offset, col), message)
        .help(help);
}

/// The line and column of a mistake, what is wrong in plain words, and the fix.
fn explain(found: Mistake) -> (usize, usize, String, String) {
    let spaces = |by: usize| format!("{by} space{}", plural(by));
    match found {
        Mistake::Tab { line, col } => (
            line,
            col,
            "this line is indented with a tab: YAML takes only spaces for indentation".into(),
            "replace the tab with spaces, in line with the lines around it at the same level".into(),
        ),
        Mistake::OverIndented { line, col, word, by, like, text_of: Some(field) } => (
            line,
            col,
            format!("\"{word}\" is indented {} more than \"{field}\" on line {}, so it is read as more of the text of \"{field}\"", spaces(by), like.line),
            format!("if \"{word}\" is a field of its own, move it {} to the left, in line with \"{field}\"; if it is part of the text, put all of the text of \"{field}\" in quotes", spaces(by)),
        ),
        Mistake::OverIndented { line, col, word, by, like, text_of: None } => (
            line,
            col,
            format!("\"{word}\" is indented {} more than \"{}\" on line {}, which is at the same level", spaces(by), like.word, like.line),
            format!("lines at the same level start in the same column: move \"{word}\" {} to the left", spaces(by)),
        ),
        Mistake::UnderIndented { line, col, word, by, like } => (
            line,
            col,
            format!("\"{word}\" is indented {} less than \"{}\" on line {}, which is at the same level", spaces(by), like.word, like.line),
            format!("lines at the same level start in the same column: move \"{word}\" {} to the right", spaces(by)),
        ),
        Mistake::Misaligned { line, col, word, above, parent } => (
            line,
            col,
            format!("\"{word}\" is in line with neither \"{}\" on line {} nor \"{}\" on line {}", above.word, above.line, parent.word, parent.line),
            format!("line it up with \"{}\" if it belongs to \"{}\", or with \"{}\" if it is a field of its own", above.word, parent.word, parent.word),
        ),
        Mistake::ColonInText { line, col, field, text } => (
            line,
            col,
            format!("the text of \"{field}\" contains \": \", which is read as the start of another field"),
            format!("put the text in quotes: {field}: \"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        ),
    }
}
