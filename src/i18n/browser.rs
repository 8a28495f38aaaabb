//! Browser texts: the words the theme's scripts show (search, opening hours, distances, My
//! Support Map and its printout, "Exit this page", offline use) come from the same catalogues
//! as the templates' words, under keys that start `js.` (and the month names and order of
//! dates, `date.`, shared with the templates). The build writes those texts, in the
//! site's language with the reference's for any it lacks, into one static file, a classic
//! script that sets a global which `static/strings.js` reads. Loaded with `defer` before the
//! modules, it keeps the strict CSP (no inline script), needs no request after the scripts
//! start, and is one cached file for every page; docs/languages.md says why.

use super::{Interface, Text};
use crate::addresses;
use serde::Serialize;
use std::collections::BTreeMap;

/// The keys of the texts the browser scripts show: their own, and the words of dates, which
/// they write as the pages do ("5 December 2026").
const PREFIXES: [&str; 2] = ["js.", "date."];
/// The global the file sets, which `static/strings.js` reads.
const GLOBAL: &str = "supportmapStrings";

/// What the file holds: the language (for `Intl`: plural rules, numbers and dates) and the
/// texts, each plain or one per plural category, as in the catalogue.
#[derive(Serialize)]
struct Export<'a> {
    language: &'a str,
    texts: BTreeMap<&'a str, Words<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Words<'a> {
    Plain(&'a str),
    Plural(BTreeMap<&'static str, &'a str>),
}

impl<'a> Words<'a> {
    fn of(text: &'a Text) -> Words<'a> {
        match text {
            Text::Plain(s) => Words::Plain(s),
            Text::Plural(forms) => Words::Plural(
                (forms.iter())
                    .map(|(category, s)| (category.name(), s.as_str()))
                    .collect(),
            ),
        }
    }
}

impl Interface {
    /// Where the browser scripts' texts are published, below the site's base.
    pub(crate) fn script_texts_address(&self) -> String {
        addresses::script_texts(&self.language)
    }

    /// The file of the browser scripts' texts: every `js.` and `date.` key of the reference, in
    /// the site's language where its catalogue has the key. Keys sorted, so the same catalogues give the
    /// same bytes.
    pub(crate) fn script_texts(&self) -> String {
        let texts = (self.fallback.iter())
            .filter(|(key, _)| PREFIXES.iter().any(|p| key.starts_with(p)))
            .map(|(key, reference)| {
                let text = self.texts.get(key).unwrap_or(reference);
                (key.as_str(), Words::of(text))
            })
            .collect();
        let export = Export {
            language: &self.language,
            texts,
        };
        // Strings keyed by strings always serialise; JSON is also a JavaScript expression.
        let json = serde_json::to_string(&export).unwrap_or_else(|_| "{}".to_string());
        format!(
            "// The words this site's scripts show, in its language: written by supportmap from the\n\
             // theme's catalogues (docs/languages.md) and read by static/strings.js.\n\
             globalThis.{GLOBAL} = {json};\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load, CatalogueFile};
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    const EN: &str = "nav.needs: \"Needs\"\ndate.month.3: \"March\"\njs.exit.expired: \"Exit this page expired.\"\njs.search.showing: \"Showing results for {corrected}\"\njs.count.results:\n  one: \"{count} result\"\n  other: \"{count} results\"\n";
    const CY: &str = "nav.needs: \"Anghenion\"\ndate.month.3: \"Mawrth\"\njs.exit.expired: \"Daeth “Gadael y dudalen hon” i ben.\"\njs.count.results:\n  zero: \"{count} canlyniad\"\n  one: \"{count} canlyniad\"\n  two: \"{count} ganlyniad\"\n  few: \"{count} chanlyniad\"\n  many: \"{count} chanlyniad\"\n  other: \"{count} canlyniad\"\njs.typo: \"x\"\n";

    fn script(language: &str) -> String {
        let mut all: BTreeMap<String, Vec<CatalogueFile>> = BTreeMap::new();
        for (tag, text) in [("en-GB", EN), ("cy", CY)] {
            all.entry(tag.to_string()).or_default().push(CatalogueFile {
                file: PathBuf::from(tag),
                text: text.to_string(),
            });
        }
        let loaded = load(language, &all, |t| PathBuf::from(t)).unwrap_or_else(|e| panic!("{e:?}"));
        loaded.interface.script_texts()
    }

    /// The object the file gives the global.
    fn exported(script: &str) -> serde_json::Value {
        let json = script
            .split_once("globalThis.supportmapStrings = ")
            .and_then(|(_, rest)| rest.strip_suffix(";\n"))
            .unwrap_or_else(|| panic!("not a strings file: {script}"));
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn only_the_scripts_texts_are_exported_in_the_sites_language() {
        let cy = exported(&script("cy"));
        assert_eq!(cy["language"], "cy");
        let texts = cy["texts"].as_object().unwrap();
        assert_eq!(
            texts.keys().collect::<Vec<_>>(),
            [
                "date.month.3",
                "js.count.results",
                "js.exit.expired",
                "js.search.showing"
            ],
            "js. and date. keys only, sorted; a key the reference lacks (a typo) is left out"
        );
        assert_eq!(
            texts["js.exit.expired"],
            "Daeth “Gadael y dudalen hon” i ben."
        );
        assert_eq!(texts["js.count.results"]["two"], "{count} ganlyniad");
        assert_eq!(texts["date.month.3"], "Mawrth");
        assert_eq!(texts["js.count.results"]["few"], "{count} chanlyniad");
    }

    #[test]
    fn a_text_the_language_lacks_is_exported_in_the_reference_language() {
        let cy = exported(&script("cy-GB"));
        assert_eq!(cy["language"], "cy-GB");
        assert_eq!(
            cy["texts"]["js.search.showing"],
            "Showing results for {corrected}"
        );
        let en = exported(&script("en-GB"));
        assert_eq!(
            en["texts"]["js.count.results"],
            serde_json::json!({"one": "{count} result", "other": "{count} results"})
        );
    }

    #[test]
    fn the_file_is_a_script_with_the_same_bytes_every_time_at_an_address_per_language() {
        let first = script("cy");
        assert_eq!(first, script("cy"));
        assert!(
            first.starts_with("// The words this site's scripts show"),
            "{first}"
        );
        assert!(
            !first.contains("<"),
            "nothing that could read as markup: {first}"
        );
        let mut all: BTreeMap<String, Vec<CatalogueFile>> = BTreeMap::new();
        all.entry("en-GB".to_string())
            .or_default()
            .push(CatalogueFile {
                file: PathBuf::from("en"),
                text: EN.to_string(),
            });
        let en = load("en-GB", &all, |t| PathBuf::from(t)).unwrap().interface;
        assert_eq!(en.script_texts_address(), "static/strings.en-GB.js");
    }
}
