//! Words: the keys a record's text and meta fields are indexed under.
//!
//! The browser looks a query's words up with Pagefind's own WASM, so a word must be indexed
//! under exactly the key that lookup uses, or it is never found. The rules are set out in
//! `docs/search-index-format.md` ("Words"); the oracle in `search::tests` holds them to
//! Pagefind's own indexer.

use hashbrown::HashMap;
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Unicode's Connector Punctuation (Pc): kept inside words, here and when the browser splits a
/// query (the entry file lists them for it).
pub(crate) const CONNECTORS: [char; 10] = [
    '\u{5F}', '\u{203F}', '\u{2040}', '\u{2054}', '\u{FE33}', '\u{FE34}', '\u{FE4D}', '\u{FE4E}',
    '\u{FE4F}', '\u{FF3F}',
];

/// A weight of 1, as stored.
const NORMAL_WEIGHT: u8 = 24;
/// The heaviest weight a marker can set.
const HEAVIEST: f32 = 10.0;
/// Characters a katakana suffix or dotted name is cut to.
const KATAKANA_SUFFIX_LIMIT: usize = 16;
const DOTTED_NAME_LIMIT: usize = 64;
/// Pieces split before the cache is emptied: a site's vocabulary comes back, its memory does not
/// have to stay.
const CACHE_LIMIT: usize = 200_000;

static HAS_EMOJI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Emoji}").unwrap());
static PRIVATE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"___PAGEFIND_\S+\s?").unwrap());

/// Where a key occurs in a record's text. `written` is the form with diacritics, when the key
/// dropped them.
pub(crate) struct Hit {
    pub(crate) position: u32,
    pub(crate) weight: u8,
    pub(crate) written: Option<Box<str>>,
}

/// Where a key occurs in a meta field; `field` counts the record's fields in name order.
pub(crate) struct MetaHit {
    pub(crate) field: u32,
    pub(crate) position: u32,
    pub(crate) written: Option<Box<str>>,
}

/// An anchor marker: element and id, at a word position.
pub(crate) struct Anchor {
    pub(crate) element: String,
    pub(crate) id: String,
    pub(crate) position: u32,
}

/// A record's text, split.
pub(crate) struct Body {
    /// What a result shows: the words joined by single spaces.
    pub(crate) shown: String,
    pub(crate) word_count: usize,
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) hits: HashMap<String, Vec<Hit>>,
}

/// Takes Pagefind's private markers out of a meta or filter value.
pub(crate) fn strip_markers(value: &mut String) {
    if let Cow::Owned(stripped) = PRIVATE_MARKER.replace_all(value, "") {
        *value = stripped;
    }
}

/// Splits a record's text into keys, with positions and weights.
pub(crate) fn body(text: &str, language: &str) -> Body {
    let mut body = Body {
        shown: String::with_capacity(text.len()),
        word_count: 0,
        anchors: Vec::new(),
        hits: HashMap::new(),
    };
    let mut weights = WeightStack(vec![NORMAL_WEIGHT]);
    let mut position = 0u32;
    for piece in text.split_whitespace() {
        if let Some(marker) = Marker::read(piece) {
            match marker {
                Marker::Anchor(Some((element, id))) => body.anchors.push(Anchor {
                    element,
                    id,
                    position,
                }),
                other => weights.apply(other),
            }
            continue;
        }
        let piece = without_zero_width_spaces(piece);
        if piece.is_empty() {
            continue;
        }
        if !body.shown.is_empty() {
            body.shown.push(' ');
        }
        body.shown.push_str(&piece);
        let weight = weights.current();
        with_keys(&piece, language, |keys| {
            for key in &keys.all {
                let weight = if key.part {
                    keys.part_weight(weight)
                } else {
                    weight
                };
                let hit = Hit {
                    position,
                    weight,
                    written: key.written.clone(),
                };
                push_hit(&mut body.hits, &key.key, hit);
            }
        });
        position += 1;
    }
    body.word_count = (position as usize).max(1);
    body
}

/// Splits meta values into keys, with field numbers and positions.
pub(crate) fn meta(
    values: &BTreeMap<String, String>,
    language: &str,
) -> HashMap<String, Vec<MetaHit>> {
    let mut hits = HashMap::new();
    for (field, value) in (0u32..).zip(values.values()) {
        for (position, piece) in (0u32..).zip(value.split_whitespace()) {
            with_keys(piece, language, |keys| {
                for key in &keys.all[..keys.in_meta] {
                    let hit = MetaHit {
                        field,
                        position,
                        written: key.written.clone(),
                    };
                    push_hit(&mut hits, &key.key, hit);
                }
            });
        }
    }
    hits
}

fn push_hit<T>(hits: &mut HashMap<String, Vec<T>>, key: &str, hit: T) {
    match hits.get_mut(key) {
        Some(list) => list.push(hit),
        None => {
            hits.insert(key.to_string(), vec![hit]);
        }
    }
}

fn without_zero_width_spaces(piece: &str) -> Cow<'_, str> {
    if piece.contains('\u{200B}') {
        Cow::Owned(piece.replace('\u{200B}', ""))
    } else {
        Cow::Borrowed(piece)
    }
}

/// A private marker in a record's text.
enum Marker {
    /// Element and id; `None` when the marker does not have both.
    Anchor(Option<(String, String)>),
    Weight(f32),
    AutoWeight(f32),
    EndWeight,
}

impl Marker {
    fn read(piece: &str) -> Option<Self> {
        const ANCHOR: &str = "___PAGEFIND_ANCHOR___";
        const WEIGHT: &str = "___PAGEFIND_WEIGHT___";
        const AUTO: &str = "___PAGEFIND_AUTO_WEIGHT___";
        if !piece.starts_with("___") {
            return None;
        }
        // A marker's argument is what is left once every copy of its name is taken out.
        let argument = |name: &str| piece.replace(name, "");
        let number = |name: &str| argument(name).parse::<f32>().unwrap_or(1.0);
        Some(if piece.starts_with(ANCHOR) {
            let argument = argument(ANCHOR);
            let (element, rest) = match argument.split_once(':') {
                Some(split) => split,
                None => return Some(Marker::Anchor(None)),
            };
            let id = rest.split_once(':').map(|(_, id)| id);
            Marker::Anchor(id.map(|id| (element.to_string(), id.to_string())))
        } else if piece.starts_with(WEIGHT) {
            Marker::Weight(number(WEIGHT))
        } else if piece.starts_with(AUTO) {
            Marker::AutoWeight(number(AUTO))
        } else if piece.starts_with("___END_PAGEFIND_WEIGHT___") {
            Marker::EndWeight
        } else {
            return None;
        })
    }
}

/// The weights in force: the bottom one is the normal weight, markers push and pop the rest.
struct WeightStack(Vec<u8>);

impl WeightStack {
    fn current(&self) -> u8 {
        self.0.last().copied().unwrap_or(1)
    }

    fn apply(&mut self, marker: Marker) {
        let stored = |n: f32| (n.clamp(0.0, HEAVIEST) * f32::from(NORMAL_WEIGHT)) as u8;
        match marker {
            Marker::Weight(n) if n <= 0.0 => self.0.push(0),
            Marker::Weight(n) => self.0.push(stored(n).max(1)),
            Marker::AutoWeight(n) if self.0.len() == 1 => self.0.push(stored(n)),
            Marker::AutoWeight(_) => self.0.push(self.0.last().copied().unwrap_or(0)),
            Marker::EndWeight => {
                self.0.pop();
            }
            Marker::Anchor(_) => {}
        }
    }
}

/// One key of a piece of text.
struct Key {
    key: String,
    written: Option<Box<str>>,
    /// A part of the piece (compound part, katakana suffix, dotted name): shares its weight.
    part: bool,
}

/// All keys of one piece of text; meta fields use the first `in_meta` (not dotted names).
struct Keys {
    all: Vec<Key>,
    in_meta: usize,
    parts: usize,
}

impl Keys {
    fn part_weight(&self, weight: u8) -> u8 {
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

fn with_keys<T>(piece: &str, language: &str, use_keys: impl FnOnce(&Keys) -> T) -> T {
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

    #[test]
    fn markers_set_weights_and_anchors() {
        let body = body(
            "plain ___PAGEFIND_WEIGHT___2 heavy ___END_PAGEFIND_WEIGHT___ \
             ___PAGEFIND_ANCHOR___h2:x:here light",
            "en",
        );
        assert_eq!(body.shown, "plain heavy light");
        assert_eq!(body.hits["heavi"][0].weight, 48);
        assert_eq!(body.hits["light"][0].weight, NORMAL_WEIGHT);
        assert_eq!(
            (body.anchors[0].id.as_str(), body.anchors[0].position),
            ("here", 2)
        );
    }

    #[test]
    fn private_markers_leave_values() {
        let mut value = "a ___PAGEFIND_x b".to_string();
        strip_markers(&mut value);
        assert_eq!(value, "a b");
    }
}
