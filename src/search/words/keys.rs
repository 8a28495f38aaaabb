//! Keys: the index keys of one piece of text (a whitespace-separated word as written).
//!
//! A piece is folded, stripped of diacritics and stemmed exactly as Pagefind's lookup does it,
//! and split into the parts a query may name on their own (compound parts, katakana endings,
//! dotted names, emoji). Kept apart from the record-level splitting in `words` because this is
//! where the matching rules live, and where the per-thread cache pays for them.

use super::CONNECTORS;
use hashbrown::HashMap;
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters a katakana suffix or dotted name is cut to.
const KATAKANA_SUFFIX_LIMIT: usize = 16;
const DOTTED_NAME_LIMIT: usize = 64;
/// Pieces split before the cache is emptied: a site's vocabulary comes back, its memory does not
/// have to stay.
const CACHE_LIMIT: usize = 200_000;

static HAS_EMOJI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Emoji}").unwrap());

/// One key of a piece of text.
pub(super) struct Key {
    pub(super) key: String,
    pub(super) written: Option<Box<str>>,
    /// A part of the piece (compound part, katakana suffix, dotted name): shares its weight.
    pub(super) part: bool,
}

/// All keys of one piece of text; meta fields use the first `in_meta` (not dotted names).
pub(super) struct Keys {
    pub(super) all: Vec<Key>,
    pub(super) in_meta: usize,
    parts: usize,
}

impl Keys {
    pub(super) fn part_weight(&self, weight: u8) -> u8 {
        if weight == 0 {
            return 0;
        }
        (weight / self.parts.min(255) as u8).max(1)
    }
}

/// The keys of pieces a thread has split, for one language: a site repeats its vocabulary, and
/// stemming and normalising are most of the cost of indexing.
struct KeyCache {
    language: String,
    stemmer: Option<Stemmer>,
    pieces: HashMap<Box<str>, Keys>,
}

pub(super) fn with_keys<T>(piece: &str, language: &str, use_keys: impl FnOnce(&Keys) -> T) -> T {
    thread_local! {
        static CACHE: RefCell<Option<KeyCache>> = const { RefCell::new(None) };
    }
    CACHE.with_borrow_mut(|slot| {
        let cache = match slot {
            Some(cache) if cache.language == language => cache,
            _ => slot.insert(KeyCache {
                language: language.to_string(),
                stemmer: stemmer(language),
                pieces: HashMap::new(),
            }),
        };
        if let Some(keys) = cache.pieces.get(piece) {
            return use_keys(keys);
        }
        if cache.pieces.len() >= CACHE_LIMIT {
            cache.pieces.clear();
        }
        let keys = keys_of(piece, cache.stemmer.as_ref());
        use_keys(cache.pieces.entry(piece.into()).or_insert(keys))
    })
}

/// The Snowball stemmer for a language (by primary subtag), where `pagefind_stem` has one.
fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or_default() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Every key of one piece of text, in the order the format note lists them.
fn keys_of(piece: &str, stemmer: Option<&Stemmer>) -> Keys {
    let mut all = Vec::new();
    let whole = fold(piece);
    if !whole.is_empty() {
        all.push(stemmed(&whole, stemmer, false));
    }
    for suffix in katakana_suffixes(piece) {
        let (key, written) = plain(suffix);
        all.push(Key {
            key: key.into_owned(),
            written,
            part: true,
        });
    }
    if may_be_compound(piece) {
        if !whole.is_empty() {
            all.extend(
                compound_parts(piece, &whole)
                    .iter()
                    .map(|p| stemmed(p, stemmer, true)),
            );
        }
        all.extend(emoji(piece));
    }
    let in_meta = all.len();
    dotted_names(piece, stemmer, &mut all);
    let parts = all.iter().filter(|k| k.part).count();
    Keys {
        all,
        in_meta,
        parts,
    }
}

/// Letters, digits and connectors, capitals lower-cased.
fn fold(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    for c in piece.chars() {
        if !(c.is_alphanumeric() || CONNECTORS.contains(&c)) {
            continue;
        }
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn may_be_compound(piece: &str) -> bool {
    let mut chars = piece.chars();
    let first_is_plain = chars.next().is_none_or(char::is_alphanumeric);
    !first_is_plain || chars.any(|c| !c.is_alphanumeric() || c.is_uppercase())
}

/// A key without diacritics, stemmed.
fn stemmed(text: &str, stemmer: Option<&Stemmer>, part: bool) -> Key {
    let (bare, written) = plain(text);
    let key = match stemmer {
        Some(stemmer) => stemmer.stem(&bare).into_owned(),
        None => bare.into_owned(),
    };
    Key { key, written, part }
}

/// `text` without diacritics, and `text` itself as the written form when that differed.
fn plain(text: &str) -> (Cow<'_, str>, Option<Box<str>>) {
    match without_diacritics(text) {
        Some(bare) => (Cow::Owned(bare), Some(text.into())),
        None => (Cow::Borrowed(text), None),
    }
}

/// Drops combining marks after canonical decomposition, except the kana voicing marks, which
/// tell words apart. `None` when nothing changes.
fn without_diacritics(text: &str) -> Option<String> {
    let is_voicing = |c: char| c == '\u{3099}' || c == '\u{309A}';
    let decomposes = |c: char| {
        let mut changed = is_combining_mark(c);
        decompose_canonical(c, |d| changed |= d != c);
        changed
    };
    if text.is_ascii() || !text.chars().any(decomposes) {
        return None;
    }
    let bare: String = text
        .nfd()
        .filter(|&c| is_voicing(c) || !is_combining_mark(c))
        .collect();
    let bare = if bare.contains(is_voicing) {
        bare.nfc().collect()
    } else {
        bare
    };
    (bare != text).then_some(bare)
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// Suffixes of an all-katakana piece, so that a query for a part of it finds it.
fn katakana_suffixes(piece: &str) -> Vec<&str> {
    let starts: Vec<usize> = piece.char_indices().map(|(at, _)| at).collect();
    if starts.len() < 3 || !piece.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut found: Vec<&str> = Vec::new();
    for from in 1..starts.len() - 1 {
        let end = starts.get(from + KATAKANA_SUFFIX_LIMIT).copied();
        let suffix = &piece[starts[from]..end.unwrap_or(piece.len())];
        if !found.contains(&suffix) {
            found.push(suffix);
        }
    }
    found
}

/// The parts of a compound piece: split at ASCII punctuation and case changes. None when the
/// split gives one part that the whole word already starts with.
fn compound_parts(piece: &str, whole: &str) -> Vec<String> {
    use convert_case::{Case, Casing};
    let lower = piece
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower);
    let parts: Vec<&str> = lower.split_whitespace().collect();
    let split = parts.len() > 1 || parts.first().is_some_and(|p| !whole.starts_with(p));
    if !split {
        return Vec::new();
    }
    let long = parts.into_iter().filter(|p| p.len() > 1);
    long.map(str::to_string).collect()
}

/// Emoji in a piece, each a key as written.
fn emoji(piece: &str) -> Vec<Key> {
    if !HAS_EMOJI.is_match(piece) {
        return Vec::new();
    }
    let known = piece.graphemes(true).filter(|g| emojis::get(g).is_some());
    known
        .map(|g| Key {
            key: g.to_string(),
            written: None,
            part: false,
        })
        .collect()
}

/// What follows each dot of a piece, when it is a compound name of its own
/// (`sysconfig.is_python_build` is found by `is_python_build`) and not a key already.
fn dotted_names(piece: &str, stemmer: Option<&Stemmer>, keys: &mut Vec<Key>) {
    for (dot, _) in piece.match_indices('.') {
        let rest = &piece[dot + 1..];
        let name = rest
            .char_indices()
            .nth(DOTTED_NAME_LIMIT)
            .map_or(rest, |(end, _)| &rest[..end]);
        let folded = fold(name);
        if !may_be_compound(name) || folded.chars().nth(1).is_none() {
            continue;
        }
        let key = stemmed(&folded, stemmer, true);
        if keys.iter().all(|k| k.key != key.key) {
            keys.push(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(piece: &str) -> Vec<String> {
        let stemmer = stemmer("en");
        let keys = keys_of(piece, stemmer.as_ref());
        keys.all.into_iter().map(|k| k.key).collect()
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(keys("Running,"), ["run"]);
        assert_eq!(keys("—"), Vec::<String>::new());
    }

    #[test]
    fn diacritics_are_dropped_but_kept_as_the_written_form() {
        let keys = keys_of("Café", None);
        assert_eq!(keys.all[0].key, "cafe");
        assert_eq!(keys.all[0].written.as_deref(), Some("café"));
        assert_eq!(without_diacritics("ガ"), None, "kana voicing marks stay");
    }

    #[test]
    fn compounds_are_also_found_by_their_parts() {
        assert_eq!(keys("drop-in"), ["dropin", "drop", "in"]);
        assert_eq!(keys("camelCase"), ["camelcas", "camel", "case"]);
        assert_eq!(keys("a.b"), ["ab"], "one-letter parts are not keys");
    }

    #[test]
    fn dotted_names_are_keys() {
        let found = keys("sysconfig.is_python_build");
        assert!(found.contains(&"is_python_build".to_string()), "{found:?}");
    }

    #[test]
    fn katakana_words_are_found_by_their_endings() {
        assert_eq!(katakana_suffixes("テレビ"), ["レビ"]);
        assert!(katakana_suffixes("テレ").is_empty());
        assert!(katakana_suffixes("テレabc").is_empty());
    }
}
