//! Why a text could not be said, as a value naming the key: a template that asks for a text no
//! catalogue has, or gives it too little, fails its render with this message.

use super::REFERENCE;
use std::fmt;

#[derive(Debug, PartialEq)]
pub(crate) enum SayError {
    /// No catalogue of `language`, nor the reference, has `key`.
    Unknown { key: String, language: String },
    /// `key`'s text says `{name}`, but the call gave no `name=`.
    Unfilled { key: String, name: String },
    /// `count=` was given something other than a number.
    CountNotANumber(String),
    /// The plural rules could not place the count (their own message).
    Plural(String),
    /// `date_words` was given something other than a `YYYY-MM-DD` date.
    NotADate(String),
}

impl fmt::Display for SayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SayError::Unknown { key, language } => write!(
                f,
                "no interface text \"{key}\" in the {language} or {REFERENCE} catalogue (add it to languages/{REFERENCE}.yaml in the theme)"
            ),
            SayError::Unfilled { key, name } => write!(
                f,
                "interface text \"{key}\" says {{{name}}}, but t() was given no {name}="
            ),
            SayError::CountNotANumber(count) => write!(f, "count must be a number, not {count}"),
            SayError::Plural(why) => f.write_str(why),
            SayError::NotADate(date) => {
                write!(f, "date_words needs a date as YYYY-MM-DD, not \"{date}\"")
            }
        }
    }
}

impl std::error::Error for SayError {}
