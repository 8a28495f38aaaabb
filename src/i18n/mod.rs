//! Interface language: every word the theme itself shows (headings, buttons, labels, counts,
//! month names) comes from a catalogue per language, so a site can be published in Welsh
//! as completely as in English.
//!
//! A catalogue is a YAML file, `languages/<tag>.yaml`, in a theme folder: flat keys such as
//! `nav.needs`, each with a text, or with one text per CLDR plural category (`zero`, `one`,
//! `two`, `few`, `many`, `other`) when it says a number. The theme collects the built-in
//! catalogues and a site's own (`theme`), later files overriding single keys, and hands them
//! here. en-GB is the reference: it has every key, and any key another catalogue lacks falls
//! back to it (and `check` warns). Plural categories come from `intl_pluralrules` (the CLDR
//! rules, never written by hand); docs/languages.md says why the format and crate.
//!
//! Here: loading the catalogues into the site's `Interface` and saying its texts. Reading and
//! checking one catalogue file is `catalogue`'s; the template functions are `template`'s; the
//! texts the browser scripts show (keys starting `js.`) are exported by `browser`.

mod browser;
mod catalogue;
mod error;
mod stylesheet;
mod template;

pub(crate) use error::SayError;

pub(crate) use template::{
    DateWords, Say, TextsAddress, DATE_FUNCTION, FUNCTION, SCRIPT_TEXTS_FUNCTION,
    STYLE_TEXTS_FUNCTION,
};

use catalogue::{missing_forms, missing_keys, parse, unknown_keys};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use unic_langid::LanguageIdentifier;

/// The catalogue with every key, which the others are checked against and fall back to.
pub(crate) const REFERENCE: &str = "en-GB";

/// One catalogue file as a theme folder has it.
pub(crate) struct CatalogueFile {
    /// As shown in messages: `themes/local/languages/cy.yaml` or `(built-in theme)/...`.
    pub(crate) file: PathBuf,
    pub(crate) text: String,
}

/// A catalogue problem: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) file: PathBuf,
    /// 1-based line and column.
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// One key's words: a plain text, or one per plural category (`other` always among them).
#[derive(Debug, Clone)]
enum Text {
    Plain(String),
    Plural(BTreeMap<Category, String>),
}

/// A CLDR plural category, in the order CLDR lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

const CATEGORIES: [(&str, Category); 6] = [
    ("zero", Category::Zero),
    ("one", Category::One),
    ("two", Category::Two),
    ("few", Category::Few),
    ("many", Category::Many),
    ("other", Category::Other),
];

impl Category {
    fn of(c: PluralCategory) -> Category {
        match c {
            PluralCategory::ZERO => Category::Zero,
            PluralCategory::ONE => Category::One,
            PluralCategory::TWO => Category::Two,
            PluralCategory::FEW => Category::Few,
            PluralCategory::MANY => Category::Many,
            PluralCategory::OTHER => Category::Other,
        }
    }

    fn name(self) -> &'static str {
        CATEGORIES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("other", |(n, _)| n)
    }
}

/// The site's interface texts in its language, with the reference's for any key it lacks.
pub(crate) struct Interface {
    language: String,
    plurals: PluralRules,
    texts: BTreeMap<String, Text>,
    fallback: BTreeMap<String, Text>,
}

/// What loading gives: the interface, and what `check` should warn about.
pub(crate) struct Loaded {
    pub(crate) interface: Interface,
    pub(crate) warnings: Vec<Problem>,
}

/// Why there is no interface for the site's language: the caller places it at `language:`.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// No catalogue for the language (nor for its primary language).
    NoCatalogue {
        language: String,
        known: Vec<String>,
    },
    /// CLDR has no plural rules for the language.
    NoPluralRules { language: String },
    /// A catalogue file is not a catalogue.
    Bad(Problem),
}

/// Builds the interface for `language` from every catalogue file, by tag, in override order.
/// `own` is where the site's own catalogue for that language would go, for the fix in a
/// warning about missing keys.
pub(crate) fn load(
    language: &str,
    catalogues: &BTreeMap<String, Vec<CatalogueFile>>,
    own: impl Fn(&str) -> PathBuf,
) -> Result<Loaded, LoadError> {
    let Some(tag) = catalogue_for(language, catalogues.keys()) else {
        return Err(LoadError::NoCatalogue {
            language: language.to_string(),
            known: catalogues.keys().cloned().collect(),
        });
    };
    let plurals = plural_rules(language).ok_or_else(|| LoadError::NoPluralRules {
        language: language.to_string(),
    })?;
    let merge = |tag: &str| -> Result<BTreeMap<String, (Text, usize)>, LoadError> {
        let mut merged = BTreeMap::new();
        for (i, file) in catalogues.get(tag).into_iter().flatten().enumerate() {
            for (key, text) in parse(file).map_err(LoadError::Bad)? {
                merged.insert(key, (text, i));
            }
        }
        Ok(merged)
    };
    let fallback = merge(REFERENCE)?;
    let texts = merge(&tag)?;
    let mut warnings = Vec::new();
    if tag != REFERENCE {
        let files = &catalogues[&tag];
        warnings.extend(unknown_keys(&texts, &fallback, files));
        warnings.extend(missing_keys(&texts, &fallback, &own(&tag)));
        warnings.extend(missing_forms(&texts, &plurals, files));
    }
    let strip = |m: BTreeMap<String, (Text, usize)>| m.into_iter().map(|(k, (t, _))| (k, t));
    Ok(Loaded {
        interface: Interface {
            language: language.to_string(),
            plurals,
            texts: strip(texts).collect(),
            fallback: strip(fallback).collect(),
        },
        warnings,
    })
}

/// The catalogue a language uses: the one of its exact tag, else the first of its primary
/// language (`en-US` uses `en-GB`, `cy-GB` uses `cy`). Tags compare without regard to case.
fn catalogue_for<'a>(language: &str, tags: impl Iterator<Item = &'a String>) -> Option<String> {
    let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    let tags: Vec<&String> = tags.collect();
    (tags.iter().find(|t| t.eq_ignore_ascii_case(language)))
        .or_else(|| tags.iter().find(|t| primary(t) == primary(language)))
        .map(|t| t.to_string())
}

/// CLDR's cardinal plural rules for the language, or for its primary language.
fn plural_rules(language: &str) -> Option<PluralRules> {
    let id: LanguageIdentifier = language.parse().ok()?;
    let mut primary = LanguageIdentifier::default();
    primary.language = id.language;
    PluralRules::create(id, PluralRuleType::CARDINAL)
        .or_else(|_| PluralRules::create(primary, PluralRuleType::CARDINAL))
        .ok()
}

impl Interface {
    /// The text of `key` for `count` (the `other` form when there is no count), or `None` for
    /// a key no catalogue has.
    fn words(&self, key: &str, count: Option<&Value>) -> Result<Option<&str>, SayError> {
        let Some(text) = self.texts.get(key).or_else(|| self.fallback.get(key)) else {
            return Ok(None);
        };
        Ok(Some(match text {
            Text::Plain(s) => s,
            Text::Plural(forms) => {
                let category = match count {
                    Some(n) => Category::of(self.select(n)?),
                    None => Category::Other,
                };
                forms
                    .get(&category)
                    .or_else(|| forms.get(&Category::Other))
                    .map_or("", String::as_str)
            }
        }))
    }

    fn select(&self, n: &Value) -> Result<PluralCategory, SayError> {
        let chosen = if let Some(i) = n.as_i64() {
            self.plurals.select(i)
        } else if let Some(f) = n.as_f64() {
            self.plurals.select(f)
        } else {
            return Err(SayError::CountNotANumber(n.to_string()));
        };
        chosen.map_err(|e| SayError::Plural(e.to_string()))
    }

    /// `key`'s text with `{name}` replaced by the argument of that name (`count` selects the
    /// plural form and is `{count}`).
    pub(crate) fn say(&self, key: &str, args: &HashMap<String, Value>) -> Result<String, SayError> {
        let words = (self.words(key, args.get("count"))?).ok_or_else(|| SayError::Unknown {
            key: key.to_string(),
            language: self.language.clone(),
        })?;
        fill(words, args).map_err(|name| SayError::Unfilled {
            key: key.to_string(),
            name,
        })
    }

    /// `key`'s text for what Rust writes into pages. Built-in keys always exist; a text a
    /// site's catalogue broke (a `{name}` nothing fills) shows unfilled rather than failing.
    pub(crate) fn text(&self, key: &str, args: &[(&str, Value)]) -> String {
        let args: HashMap<String, Value> = (args.iter())
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        self.say(key, &args).unwrap_or_else(|_| {
            let words = self.words(key, args.get("count")).ok().flatten();
            words.unwrap_or(key).to_string()
        })
    }

    /// A date in words, such as "3 March 2026", from the catalogue's month names and order.
    pub(crate) fn date(&self, iso: &str) -> Result<String, SayError> {
        let date = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map_err(|_| SayError::NotADate(iso.to_string()))?;
        use chrono::Datelike;
        let month = self.say(&format!("date.month.{}", date.month()), &HashMap::new())?;
        let args = HashMap::from([
            ("day".to_string(), Value::from(date.day())),
            ("month".to_string(), Value::from(month)),
            ("year".to_string(), Value::from(date.year())),
        ]);
        self.say("date.format", &args)
    }
}

/// The `{name}` a text says that nothing fills.
type MissingName = String;

/// `words` with each `{name}` filled in; `Err` holds the name missing from `args` when one is.
fn fill(words: &str, args: &HashMap<String, Value>) -> Result<String, MissingName> {
    let mut out = String::with_capacity(words.len() + 16);
    let mut rest = words;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + 1 + len];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        match args.get(name) {
            Some(Value::String(s)) => out.push_str(s),
            Some(v) => out.push_str(&v.to_string()),
            None => return Err(name.to_string()),
        }
        rest = &rest[open + 2 + len..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogues(files: &[(&str, &str, &str)]) -> BTreeMap<String, Vec<CatalogueFile>> {
        let mut all: BTreeMap<String, Vec<CatalogueFile>> = BTreeMap::new();
        for (tag, file, text) in files {
            all.entry(tag.to_string()).or_default().push(CatalogueFile {
                file: PathBuf::from(file),
                text: text.to_string(),
            });
        }
        all
    }

    const EN: &str = "nav.needs: \"Needs\"\ncount.services:\n  one: \"{count} service\"\n  other: \"{count} services\"\n";
    const CY: &str = "nav.needs: \"Anghenion\"\ncount.services:\n  zero: \"{count} gwasanaeth\"\n  one: \"{count} gwasanaeth\"\n  two: \"{count} wasanaeth\"\n  few: \"{count} gwasanaeth\"\n  many: \"{count} gwasanaeth\"\n  other: \"{count} gwasanaeth\"\n";

    fn own(tag: &str) -> PathBuf {
        PathBuf::from(format!("themes/local/languages/{tag}.yaml"))
    }

    fn interface(language: &str, files: &[(&str, &str, &str)]) -> Loaded {
        load(language, &catalogues(files), own).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn count(i: &Interface, key: &str, n: i64) -> String {
        i.say(key, &HashMap::from([("count".to_string(), Value::from(n))]))
            .unwrap()
    }

    #[test]
    fn english_plurals_are_one_and_other() {
        let en = interface("en-GB", &[("en-GB", "en", EN)]).interface;
        assert_eq!(count(&en, "count.services", 0), "0 services");
        assert_eq!(count(&en, "count.services", 1), "1 service");
        assert_eq!(count(&en, "count.services", 2), "2 services");
        assert_eq!(count(&en, "count.services", 21), "21 services");
    }

    #[test]
    fn welsh_plurals_use_all_six_categories() {
        let cy = interface("cy", &[("en-GB", "en", EN), ("cy", "cy", CY)]);
        assert!(cy.warnings.is_empty(), "{:?}", cy.warnings);
        let categories: Vec<&str> = [0, 1, 2, 3, 6, 7, 100]
            .iter()
            .map(|&n| Category::of(cy.interface.plurals.select(n).unwrap()).name())
            .collect();
        assert_eq!(
            categories,
            ["zero", "one", "two", "few", "many", "other", "other"]
        );
        assert_eq!(count(&cy.interface, "count.services", 2), "2 wasanaeth");
        assert_eq!(count(&cy.interface, "count.services", 5), "5 gwasanaeth");
    }

    #[test]
    fn a_region_or_primary_language_finds_its_catalogue() {
        let files = [("en-GB", "en", EN), ("cy", "cy", CY)];
        let say = |lang: &str| {
            interface(lang, &files)
                .interface
                .say("nav.needs", &HashMap::new())
                .unwrap()
        };
        assert_eq!(say("en"), "Needs");
        assert_eq!(say("en-US"), "Needs");
        assert_eq!(say("cy-GB"), "Anghenion");
        assert!(matches!(
            load("fr", &catalogues(&files), own),
            Err(LoadError::NoCatalogue { .. })
        ));
    }

    #[test]
    fn a_later_file_overrides_single_keys_and_missing_ones_fall_back_with_a_warning() {
        let loaded = interface(
            "cy",
            &[
                ("en-GB", "en", EN),
                ("en-GB", "mine-en", "local.hello: \"Hello {name}\"\n"),
                ("cy", "cy", CY),
                ("cy", "mine-cy", "nav.needs: \"Beth sydd ei angen\"\nnav.nedds: \"x\"\ncount.services:\n  one: \"{count} peth\"\n  other: \"{count} peth\"\n"),
            ],
        );
        let i = &loaded.interface;
        assert_eq!(
            i.say("nav.needs", &HashMap::new()).unwrap(),
            "Beth sydd ei angen"
        );
        let name = HashMap::from([("name".to_string(), Value::from("Sam"))]);
        assert_eq!(i.say("local.hello", &name).unwrap(), "Hello Sam");
        let messages: Vec<String> = loaded
            .warnings
            .iter()
            .map(|p| format!("{}:{}: {}", p.file.display(), p.line, p.message))
            .collect();
        assert_eq!(
            messages,
            [
                "mine-cy:2: unknown interface text \"nav.nedds\": the en-GB catalogue has no such key",
                "themes/local/languages/cy.yaml:1: 1 interface text is missing, shown in en-GB until translated: local.hello",
                "mine-cy:3: \"count.services\" has no zero, two, few, many form, which this language uses for some numbers",
            ]
        );
        assert_eq!(
            count(i, "count.services", 2),
            "2 peth",
            "falls back to other"
        );
    }

    #[test]
    fn bad_catalogues_and_calls_say_what_to_fix() {
        let bad = |text: &str| match load("en-GB", &catalogues(&[("en-GB", "en", text)]), own) {
            Err(LoadError::Bad(p)) => format!("{}: {}", p.line, p.message),
            _ => panic!("{text} loaded"),
        };
        assert_eq!(
            bad("a: \"x\"\nb:\n  one: \"y\"\n"),
            "2: \"b\" has no \"other\" form"
        );
        assert_eq!(bad("a: [1]\n"), "1: \"a\" is not a text");
        let en = interface("en-GB", &[("en-GB", "en", EN)]).interface;
        assert!(en
            .say("nope", &HashMap::new())
            .unwrap_err()
            .to_string()
            .contains("no interface text \"nope\""));
        assert!(en
            .say("count.services", &HashMap::new())
            .unwrap_err()
            .to_string()
            .contains("no count="));
        assert_eq!(
            fill(
                "{ not a name } {x}",
                &HashMap::from([("x".into(), Value::from(1))])
            )
            .unwrap(),
            "{ not a name } 1"
        );
    }
}
