//! Words: the keys a record's text and meta fields are indexed under.
//!
//! The browser looks a query's words up with Pagefind's own WASM, so a word must be indexed
//! under exactly the key that lookup uses, or it is never found. The rules are set out in
//! `docs/search-index-format.md` ("Words"); the oracle in `search::tests` holds them to
//! Pagefind's own indexer. This module walks a record's text and meta fields; `keys` turns one
//! piece of text into its keys, `markers` reads Pagefind's weight and anchor markers.

mod keys;
mod markers;

use hashbrown::HashMap;
use keys::with_keys;
use markers::{Marker, WeightStack};
use std::borrow::Cow;
use std::collections::BTreeMap;

pub(crate) use markers::{strip_markers, END_UNCOUNTED, UNCOUNTED};

/// Whether a piece of text (split at white space) is a marker rather than a word.
pub(crate) fn is_marker(piece: &str) -> bool {
    Marker::read(piece).is_some()
}

/// Unicode's Connector Punctuation (Pc): kept inside words, here and when the browser splits a
/// query (the entry file lists them for it).
pub(crate) const CONNECTORS: [char; 10] = [
    '\u{5F}', '\u{203F}', '\u{2040}', '\u{2054}', '\u{FE33}', '\u{FE34}', '\u{FE4D}', '\u{FE4E}',
    '\u{FE4F}', '\u{FF3F}',
];

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

/// Splits a record's text into keys, with positions and weights.
pub(crate) fn body(text: &str, language: &str) -> Body {
    let mut body = Body {
        shown: String::with_capacity(text.len()),
        word_count: 0,
        anchors: Vec::new(),
        hits: HashMap::new(),
    };
    let mut weights = WeightStack::normal();
    let mut position = 0u32;
    // Positions in an uncounted span, which the record's length leaves out.
    let (mut uncounted, mut in_uncounted) = (0u32, false);
    for piece in text.split_whitespace() {
        if let Some(marker) = Marker::read(piece) {
            match marker {
                Marker::Anchor(Some((element, id))) => body.anchors.push(Anchor {
                    element,
                    id,
                    position,
                }),
                Marker::Uncounted => in_uncounted = true,
                Marker::EndUncounted => in_uncounted = false,
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
        uncounted += u32::from(in_uncounted);
    }
    body.word_count = ((position - uncounted) as usize).max(1);
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

#[cfg(test)]
mod tests {
    use super::markers::NORMAL_WEIGHT;
    use super::*;

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
    fn uncounted_words_are_indexed_and_shown_but_leave_the_length_alone() {
        let text = format!("help for children {UNCOUNTED} kids young people {END_UNCOUNTED} today");
        let body = body(&text, "en");
        assert_eq!(body.word_count, 4);
        assert_eq!(body.shown, "help for children kids young people today");
        assert_eq!(body.hits["kid"][0].position, 3);
        assert_eq!(body.hits["today"][0].position, 6);
        assert!(is_marker(UNCOUNTED) && is_marker(END_UNCOUNTED) && !is_marker("kids"));
        // A span never closed runs to the end; a record of nothing else still has length 1.
        assert_eq!(
            super::body(&format!("{UNCOUNTED} kids"), "en").word_count,
            1
        );
    }
}
