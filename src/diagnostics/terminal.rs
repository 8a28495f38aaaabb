//! What may reach a terminal from content, and whether standard error gets colour: a record
//! must not be able to ring bells, move the cursor or recolour the screen of whoever runs a
//! command, and colour follows the conventions clap and most tools follow.

use std::borrow::Cow;

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

/// Whether diagnostics on standard error get colour: a terminal that supports it, unless
/// `NO_COLOR` is set (`CLICOLOR_FORCE` forces it), as clap and most tools decide.
pub(crate) fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}
