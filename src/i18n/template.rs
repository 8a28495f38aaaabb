//! Template functions: `t()` and `date_words()`, the interface in the site's language for
//! Tera templates, and `script_texts()` and `style_texts()`, the addresses of the files that
//! give the browser scripts and the printed page their words (`browser`, `stylesheet`).

use super::Interface;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The template function that says an interface text: `t(key="nav.needs")`,
/// `t(key="count.listings", count=3)`, `t(key="place.in", name=place.name)`.
pub(crate) const FUNCTION: &str = "t";
/// The template function that writes a date in words: `date_words(date="2026-03-03")`.
pub(crate) const DATE_FUNCTION: &str = "date_words";

/// `t(key=..., count=..., name=...)` for templates: plain text, which the template escapes.
pub(crate) struct Say(pub(crate) Arc<Interface>);

impl tera::Function for Say {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = (args.get("key").and_then(Value::as_str))
            .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        self.0
            .say(key, args)
            .map(Value::from)
            .map_err(tera::Error::msg)
    }
}

/// `date_words(date="2026-03-03")` for templates: "3 March 2026" in the site's language.
pub(crate) struct DateWords(pub(crate) Arc<Interface>);

impl tera::Function for DateWords {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let date = (args.get("date").and_then(Value::as_str))
            .ok_or_else(|| tera::Error::msg("date_words() needs date=\"YYYY-MM-DD\""))?;
        self.0.date(date).map(Value::from).map_err(tera::Error::msg)
    }
}

/// The template function that gives the address, below the site's base, of the file holding
/// the browser scripts' texts: `<script defer src="{{ site.base }}{{ script_texts() }}">`.
pub(crate) const SCRIPT_TEXTS_FUNCTION: &str = "script_texts";

/// The template function that gives the address of the stylesheet of the printed page's words:
/// `<link rel="stylesheet" media="print" href="{{ site.root }}{{ style_texts() }}">`.
pub(crate) const STYLE_TEXTS_FUNCTION: &str = "style_texts";

/// `script_texts()` and `style_texts()` for templates: the address of one of the files of the
/// interface's words the browser loads (`Interface::script_texts_address`, `style_texts_address`).
pub(crate) struct TextsAddress(
    pub(crate) Arc<Interface>,
    pub(crate) fn(&Interface) -> String,
);

impl tera::Function for TextsAddress {
    fn call(&self, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::from((self.1)(&self.0)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
