//! Problems with the text itself, before any field can be read: YAML that does not parse,
//! nesting deeper than a record ever needs, and aliases that expand past a record's size.

use super::bounded::TOO_BIG;
use super::nesting;
use crate::diagnostics::{Diagnostics, Pos};
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

pub(crate) fn report_syntax_error(
    err: &serde_yaml::Error,
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
