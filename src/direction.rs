//! Which way a language is written, so pages in Arabic, Hebrew, Persian or Urdu carry
//! `dir="rtl"` and the theme's logical CSS lays them out from the right.
//!
//! The fact comes from `unic-langid` (CLDR's layout data for scripts, and its likely subtags for
//! a language's usual script), which the plural rules already bring in: no list of languages of
//! our own to keep up to date.

use serde::Serialize;
use unic_langid::{CharacterDirection, LanguageIdentifier};

/// The direction of a language's text, as HTML's `dir` attribute names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The direction of the language with this BCP 47 tag. A script subtag decides when there is
/// one (`az-Arab` is right to left, `pa-Guru` left to right); top-to-bottom scripts, which HTML
/// cannot express with `dir`, and tags that do not parse are left to right.
pub(crate) fn of(tag: &str) -> Direction {
    match tag.parse::<LanguageIdentifier>() {
        Ok(id) if id.character_direction() == CharacterDirection::RTL => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_and_scripts() {
        for tag in [
            "ar", "ar-EG", "he", "fa", "ur", "ps", "yi", "ckb", "az-Arab",
        ] {
            assert_eq!(of(tag), Direction::Rtl, "{tag}");
        }
        // Languages with a right-to-left script among others: their usual script decides.
        for tag in ["pa", "ms", "az", "ha", "uz", "pa-Arab"] {
            let expected = if tag == "pa-Arab" {
                Direction::Rtl
            } else {
                Direction::Ltr
            };
            assert_eq!(of(tag), expected, "{tag}");
        }
        for tag in ["en-GB", "cy", "pl", "zh-Hant", "mn-Mong", "not a tag", ""] {
            assert_eq!(of(tag), Direction::Ltr, "{tag}");
        }
    }
}
