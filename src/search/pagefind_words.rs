//! Pagefind's word splitting: which words a record's text and meta fields are indexed under.
//!
//! Adapted from Pagefind 1.6.0 (`src/fossick/mod.rs` and `src/fossick/splitting.rs`, MIT
//! licence, © CloudCannon), keeping only what custom records go through: no HTML, no sort keys,
//! and no segmentation of scripts without spaces (that needs Pagefind's "extended" build, which
//! we do not use). The rules must stay exactly Pagefind's: the browser looks words up with
//! Pagefind's own WASM, so a word split differently here would never be found. The oracle test
//! in `search/tests.rs` compares the result with Pagefind's own indexer.

use hashbrown::{HashMap, HashSet};
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Characters indexed as part of a word (Unicode "Punctuation, Connector"); Pagefind also
/// lists them in `pagefind-entry.json` so the browser splits queries the same way.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;
const MAX_DOTTED_TAIL_CHARS: usize = 64;
/// A word's weight is stored as weight × 24 (so weight 1 is 24).
const WEIGHT_MULTIPLIER: f32 = 24.0;
const WEIGHT_MAX: f32 = 10.0;

static EMOJI: LazyLock<Regex> = LazyLock::new(|| Regex::new("\\p{Emoji}").unwrap());
static PRIVATE_PAGEFIND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("___PAGEFIND_[\\S]+\\s?").unwrap());

/// One occurrence of a word in a record's text.
pub struct Occurrence {
    pub position: u32,
    pub weight: u8,
    /// The word as written, when it has diacritics that the indexed form drops.
    pub original: Option<String>,
}

/// One occurrence of a word in a meta field; `field` numbers the record's own fields in
/// name order.
pub struct MetaOccurrence {
    pub field: u16,
    pub position: u32,
    pub original: Option<String>,
}

/// An anchor as Pagefind records it in a fragment.
#[derive(serde::Serialize)]
pub struct Anchor {
    pub element: String,
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub location: u32,
}

/// A record's text as Pagefind indexes and shows it.
#[derive(Default)]
pub struct Text {
    /// The text shown in results: the words joined by single spaces.
    pub content: String,
    pub word_count: usize,
    pub anchors: Vec<Anchor>,
    pub words: HashMap<String, Vec<Occurrence>>,
}

/// The stemmer Pagefind uses for a language, if it has one.
fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or_default() {
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

/// Pagefind strips its private markers from filter and meta values before publishing them.
pub fn tidy(value: &mut String) {
    if let std::borrow::Cow::Owned(tidied) = PRIVATE_PAGEFIND.replace_all(value, "") {
        *value = tidied;
    }
}

/// Splits a record's text into words with positions and weights (Pagefind's `parse_digest`).
pub fn text(digest: &str, language: &str) -> Text {
    let mut text = Text {
        content: String::with_capacity(digest.len()),
        ..Text::default()
    };
    let mut position: u32 = 0;
    let mut weights: Vec<u8> = vec![WEIGHT_MULTIPLIER as u8];
    for word in digest.split_whitespace() {
        if word.starts_with('_') && marker(word, &mut weights, &mut text.anchors, position) {
            continue;
        }
        // Pagefind uses zero-width spaces as boundaries in some languages, so they never
        // reach the index.
        let word = word.replace('\u{200B}', "");
        if word.is_empty() {
            continue;
        }
        text.content.push_str(&word);
        text.content.push(' ');
        let weight = weights.last().copied().unwrap_or(1);
        with_forms(language, &word, |forms| {
            add_word(&mut text.words, forms, position, weight);
        });
        text.word_count = position as usize + 1;
        position += 1;
    }
    text.content.pop();
    text.word_count = text.word_count.max(1);
    text
}

fn add_word(
    words: &mut HashMap<String, Vec<Occurrence>>,
    forms: &Forms,
    position: u32,
    weight: u8,
) {
    let forms = forms.whole.iter().chain(&forms.tails);
    // Parts of a compound word share its weight.
    let parts = forms.clone().filter(|w| w.is_compound_part).count();
    let part_weight = if parts > 0 && weight > 0 {
        (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
    } else {
        0
    };
    for w in forms {
        let occurrence = Occurrence {
            position,
            weight: if w.is_compound_part {
                part_weight
            } else {
                weight
            },
            original: w.original.clone(),
        };
        match words.get_mut(w.stemmed.as_str()) {
            Some(occurrences) => occurrences.push(occurrence),
            None => {
                words.insert(w.stemmed.clone(), vec![occurrence]);
            }
        }
    }
}

/// What one written word is indexed under: its forms, and for a dotted word its tails
/// (`get_indexable_words` and `get_dotted_tails`).
struct Forms {
    whole: Vec<IndexableWord>,
    tails: Vec<IndexableWord>,
}

/// Forms of the words a thread has already split, for one language. A site repeats its
/// vocabulary, and stemming and normalising are most of the cost of indexing.
#[derive(Default)]
struct FormCache {
    language: String,
    stemmer: Option<Stemmer>,
    words: HashMap<Box<str>, Forms>,
}

/// Bounds the cache's memory; a site's common words come back after it is emptied.
const MAX_CACHED_WORDS: usize = 200_000;

fn with_forms<T>(language: &str, word: &str, use_forms: impl FnOnce(&Forms) -> T) -> T {
    thread_local! {
        static CACHE: std::cell::RefCell<FormCache> = std::cell::RefCell::default();
    }
    CACHE.with_borrow_mut(|cache| {
        if cache.language != language {
            *cache = FormCache {
                language: language.to_string(),
                stemmer: stemmer(language),
                words: HashMap::new(),
            };
        }
        if !cache.words.contains_key(word) {
            if cache.words.len() >= MAX_CACHED_WORDS {
                cache.words.clear();
            }
            let whole = indexable_words(word, cache.stemmer.as_ref());
            let tails = dotted_tails(word, cache.stemmer.as_ref(), &whole);
            cache.words.insert(word.into(), Forms { whole, tails });
        }
        use_forms(&cache.words[word])
    })
}

/// Handles Pagefind's private `___PAGEFIND_…` markers as Pagefind does, so that text which
/// happens to contain them still indexes exactly as Pagefind would index it. True when `word`
/// was a marker.
fn marker(word: &str, weights: &mut Vec<u8>, anchors: &mut Vec<Anchor>, position: u32) -> bool {
    let number = |prefix: &str| word.replace(prefix, "").parse::<f32>().unwrap_or(1.0);
    if word.starts_with("___PAGEFIND_ANCHOR___") {
        let rest = word.replace("___PAGEFIND_ANCHOR___", "");
        if let Some((element, anchor)) = rest.split_once(':') {
            if let Some((_, id)) = anchor.split_once(':') {
                anchors.push(Anchor {
                    element: element.to_string(),
                    id: id.to_string(),
                    text: String::new(),
                    title: None,
                    location: position,
                });
            }
        }
    } else if word.starts_with("___PAGEFIND_WEIGHT___") {
        let weight = number("___PAGEFIND_WEIGHT___");
        weights.push(if weight <= 0.0 {
            0
        } else {
            ((weight.clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8).max(1)
        });
    } else if word.starts_with("___PAGEFIND_AUTO_WEIGHT___") {
        // Only applies outside an explicitly weighted block.
        let weight = if weights.len() == 1 {
            (number("___PAGEFIND_AUTO_WEIGHT___").clamp(0.0, WEIGHT_MAX) * WEIGHT_MULTIPLIER) as u8
        } else {
            weights.last().copied().unwrap_or_default()
        };
        weights.push(weight);
    } else if word.starts_with("___END_PAGEFIND_WEIGHT___") {
        weights.pop();
    } else {
        return false;
    }
    true
}

/// Words of the meta fields (Pagefind's `parse_meta_words`), so that a search matches titles
/// and summaries too.
pub fn meta(
    meta: &BTreeMap<String, String>,
    language: &str,
) -> HashMap<String, Vec<MetaOccurrence>> {
    let mut words: HashMap<String, Vec<MetaOccurrence>> = HashMap::new();
    for (field, value) in meta.values().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            with_forms(language, word, |forms| {
                for w in &forms.whole {
                    words
                        .entry(w.stemmed.clone())
                        .or_default()
                        .push(MetaOccurrence {
                            field: field as u16,
                            position: position as u32,
                            original: w.original.clone(),
                        });
                }
            });
        }
    }
    words
}

struct IndexableWord {
    stemmed: String,
    is_compound_part: bool,
    original: Option<String>,
}

/// The forms one written word is indexed under: the whole word normalised and stemmed, the
/// parts of a compound (`drop-in`, `camelCase`), katakana suffixes, and emoji.
fn indexable_words(raw: &str, stemmer: Option<&Stemmer>) -> Vec<IndexableWord> {
    let mut results = Vec::new();
    let normalized = normalize_word(raw);
    if !normalized.is_empty() {
        results.push(stem_word(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let without_diacritics = normalize_diacritics(suffix);
        results.push(IndexableWord {
            original: without_diacritics.as_ref().map(|_| suffix.to_string()),
            stemmed: without_diacritics.unwrap_or_else(|| suffix.to_string()),
            is_compound_part: true,
        });
    }
    let possibly_compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(|c| c.is_uppercase());
    if !possibly_compound {
        return results;
    }
    let (parts, emoji) = discrete_words(raw);
    if !normalized.is_empty()
        && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
    {
        results.extend(
            parts
                .split_whitespace()
                .filter(|w| w.len() > 1)
                .map(|part| compound_part(part, stemmer)),
        );
    }
    results.extend(emoji.into_iter().flatten().map(|e| IndexableWord {
        stemmed: e,
        original: None,
        is_compound_part: false,
    }));
    results
}

fn compound_part(part: &str, stemmer: Option<&Stemmer>) -> IndexableWord {
    let without_diacritics = normalize_diacritics(part);
    let plain = without_diacritics.as_deref().unwrap_or(part);
    IndexableWord {
        stemmed: stemmer.map_or_else(|| plain.to_string(), |s| s.stem(plain).into_owned()),
        original: without_diacritics.map(|_| part.to_string()),
        is_compound_part: true,
    }
}

/// Indexes `is_python_build` in `sysconfig.is_python_build` without splitting it all up.
fn dotted_tails(
    raw: &str,
    stemmer: Option<&Stemmer>,
    existing: &[IndexableWord],
) -> Vec<IndexableWord> {
    let mut tails: Vec<IndexableWord> = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    let mut seen: HashSet<String> = existing.iter().map(|w| w.stemmed.clone()).collect();
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let tail_is_compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(|c| c.is_uppercase());
        // A plain tail is already indexed, as the final compound part.
        let normalized = normalize_word(tail);
        if !tail_is_compound || normalized.chars().count() < 2 {
            continue;
        }
        let word = stem_word(&normalized, stemmer, true);
        if seen.insert(word.stemmed.clone()) {
            tails.push(word);
        }
    }
    tails
}

fn normalize_word(raw: &str) -> String {
    let mut normalized = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                // Non-ASCII capitals can lower to several characters.
                normalized.extend(c.to_lowercase());
            } else {
                normalized.push(c);
            }
        }
    }
    normalized
}

fn stem_word(normalized: &str, stemmer: Option<&Stemmer>, is_compound_part: bool) -> IndexableWord {
    let without_diacritics = normalize_diacritics(normalized);
    let plain = without_diacritics.as_deref().unwrap_or(normalized);
    IndexableWord {
        stemmed: stemmer.map_or_else(|| plain.to_string(), |s| s.stem(plain).into_owned()),
        original: without_diacritics.map(|_| normalized.to_string()),
        is_compound_part,
    }
}

/// True for katakana, the prolonged sound mark and their halfwidth forms.
fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Pagefind indexes every suffix of a katakana word, so a prefix search finds substrings.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut suffixes = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && seen.insert(suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// "café" is indexed as "cafe" (and the written form kept as a variant, so exact matches rank
/// first). Kana voicing marks distinguish words, so they stay.
fn normalize_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let is_kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || is_kana_mark(c))
        .collect();
    let normalized = if stripped.chars().any(is_kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (normalized != word).then_some(normalized)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        let mut decomposes = unicode_normalization::char::is_combining_mark(c);
        unicode_normalization::char::decompose_canonical(c, |part| decomposes |= part != c);
        decomposes
    })
}

/// The word split at ASCII punctuation and case changes, lower-cased, and any emoji in it.
fn discrete_words(s: &str) -> (String, Option<Vec<String>>) {
    use convert_case::{Case, Casing};
    let words = s
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let emoji = EMOJI.is_match(s).then(|| {
        s.graphemes(true)
            .filter(|g| emojis::get(g).is_some())
            .map(str::to_string)
            .collect()
    });
    (words, emoji)
}
