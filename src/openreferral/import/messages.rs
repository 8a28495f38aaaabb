//! Messages about services. Each names the service (`service "Lunch club" (contents[3], id 5c1)`)
//! and what happened to it. Input of thousands of services with one problem in common gives
//! the first few messages of each kind and then one line counting the rest, so the report of
//! any input stays short enough to read.

use super::read::RawService;
use super::rec::Problem;
use crate::diagnostics::{Diagnostics, Pos, Severity};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

/// How many messages of one kind are shown before the rest are counted.
const SHOWN_PER_KIND: usize = 5;

/// Messages of one kind: where the last one shown was, and how many were not shown.
struct Repeat {
    shown: usize,
    file: PathBuf,
    pos: Pos,
    severity: Severity,
    example: String,
    more: usize,
}

pub(crate) struct Messages<'d> {
    pub(crate) diags: &'d mut Diagnostics,
    keep_going: bool,
    kinds: HashMap<String, Repeat>,
}

impl<'d> Messages<'d> {
    pub(crate) fn new(diags: &'d mut Diagnostics, keep_going: bool) -> Messages<'d> {
        Messages {
            diags,
            keep_going,
            kinds: HashMap::new(),
        }
    }

    /// A warning about a service: `what` happened to it (a note such as `phone "x" is not a
    /// phone number; left out`). `name` is the name it was imported under, when it has one.
    pub(crate) fn warn(&mut self, raw: &RawService, name: Option<&str>, what: &str) {
        self.say(Severity::Warning, raw, name, what, None);
    }

    pub(crate) fn warn_with_help(&mut self, raw: &RawService, what: &str, help: &str) {
        self.say(Severity::Warning, raw, None, what, Some(help));
    }

    /// Problems that stop a service: errors, or with `--keep-going`, warnings that it was
    /// skipped.
    pub(crate) fn problems(&mut self, raw: &RawService, problems: &[Problem]) {
        for p in problems {
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!("\"{}\" ", p.field)
            };
            let what = format!("{field}{}", p.message);
            if self.keep_going {
                self.warn(
                    raw,
                    None,
                    &format!("{what}; the service was skipped (--keep-going)"),
                );
            } else {
                let help = "fix the input, or pass --keep-going to import the other services without this one";
                self.say(Severity::Error, raw, None, &what, Some(help));
            }
        }
    }

    /// Gives the message while fewer than `SHOWN_PER_KIND` of its kind have been; counts it
    /// after that.
    fn say(
        &mut self,
        severity: Severity,
        raw: &RawService,
        name: Option<&str>,
        what: &str,
        help: Option<&str>,
    ) {
        let repeat = self.kinds.entry(kind(what)).or_insert_with(|| Repeat {
            shown: 0,
            file: raw.file.clone(),
            pos: raw.pos,
            severity,
            example: String::new(),
            more: 0,
        });
        if repeat.shown == SHOWN_PER_KIND {
            repeat.more += 1;
            return;
        }
        repeat.shown += 1;
        (repeat.file, repeat.pos, repeat.example) = (raw.file.clone(), raw.pos, what.to_string());
        let message = format!("{}: {what}", describe(raw, name));
        let diagnostic = match severity {
            Severity::Warning => self.diags.warning(&raw.file, raw.pos, message),
            Severity::Error => self.diags.error(&raw.file, raw.pos, message),
        };
        if let Some(help) = help {
            diagnostic.help(help);
        }
    }

    /// One line for each kind of message that was not shown in full, after its last shown.
    pub(crate) fn finish(self) {
        let mut counted: Vec<&Repeat> = self.kinds.values().filter(|r| r.more > 0).collect();
        counted.sort_by(|a, b| (&a.file, a.pos, &a.example).cmp(&(&b.file, b.pos, &b.example)));
        for r in counted {
            let message = format!(
                "… and {} more service{} with the same problem: {}",
                thousands(r.more),
                if r.more == 1 { "" } else { "s" },
                r.example
            );
            match r.severity {
                Severity::Warning => self.diags.warning(&r.file, r.pos, message),
                Severity::Error => self.diags.error(&r.file, r.pos, message),
            };
        }
    }
}

/// The kind of a message: its words, without the quoted values and numbers that differ from
/// one service to the next.
fn kind(what: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in what.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if quoted {
                    out.push('…');
                }
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// 4812 -> "4,812".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a service is named in messages: `service "Lunch club" (contents[3], id 5c1...)`.
pub(crate) fn describe(raw: &RawService, name: Option<&str>) -> String {
    let id = raw.value.get("id").and_then(Value::as_str);
    let name = name.map(str::to_string).or_else(|| {
        raw.value
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let mut place = Vec::new();
    if !raw.label.is_empty() {
        place.push(raw.label.clone());
    }
    if let Some(id) = id {
        place.push(format!("id {id}"));
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" ({})", place.join(", "))
    };
    match name {
        Some(name) => format!("service \"{name}\"{place}"),
        None => format!("service{place}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_ignore_values_and_numbers() {
        assert_eq!(
            kind("phone \"call us\" is not a phone number; left out"),
            kind("phone \"ring 01632\" is not a phone number; left out")
        );
        assert_eq!(kind("location 12: no address"), "location #: no address");
        assert_ne!(
            kind("email \"x\" is not an email address"),
            kind("phone \"x\" is not a phone number")
        );
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(4812), "4,812");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_first_few_of_a_kind_are_shown_then_counted() {
        let mut diags = Diagnostics::default();
        let mut messages = Messages::new(&mut diags, false);
        for i in 0..12 {
            let raw = RawService {
                file: PathBuf::from("services.json"),
                label: format!("contents[{i}]"),
                pos: Pos::new(1, 10 * i + 1),
                value: serde_json::json!({"name": format!("Club {i}")}),
            };
            messages.warn(&raw, None, &format!("phone \"{i}\" is not a phone number"));
        }
        messages.finish();
        let shown: Vec<String> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(shown.len(), SHOWN_PER_KIND + 1, "{shown:?}");
        assert_eq!(
            shown.last().unwrap(),
            "… and 7 more services with the same problem: phone \"4\" is not a phone number"
        );
    }
}
