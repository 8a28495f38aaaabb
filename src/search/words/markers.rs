//! Markers: Pagefind's private markers in a record's text (weights and anchors).
//!
//! A rendered record carries `___PAGEFIND_...` markers that set the weight of the words after
//! them or mark an anchor; they are read here and never indexed or shown as words. Two markers
//! of our own keep the words the build adds to a record out of its length.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// From here to `END_UNCOUNTED`, words are indexed and shown but not counted in the record's
/// length (`word_count`, which Pagefind's ranking divides a word's score by): words the build
/// adds for what a record says (everyday words), which would otherwise rank a record lower
/// for being found by more words.
pub(crate) const UNCOUNTED: &str = "___SUPPORTMAP_UNCOUNTED___";
pub(crate) const END_UNCOUNTED: &str = "___END_SUPPORTMAP_UNCOUNTED___";

/// A weight of 1, as stored.
pub(super) const NORMAL_WEIGHT: u8 = 24;
/// The heaviest weight a marker can set.
const HEAVIEST: f32 = 10.0;

static PRIVATE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"___PAGEFIND_\S+\s?").unwrap());

/// Takes Pagefind's private markers out of a meta or filter value.
pub(crate) fn strip_markers(value: &mut String) {
    if let Cow::Owned(stripped) = PRIVATE_MARKER.replace_all(value, "") {
        *value = stripped;
    }
}

/// A private marker in a record's text.
pub(super) enum Marker {
    /// Element and id; `None` when the marker does not have both.
    Anchor(Option<(String, String)>),
    Weight(f32),
    AutoWeight(f32),
    EndWeight,
    Uncounted,
    EndUncounted,
}

impl Marker {
    pub(super) fn read(piece: &str) -> Option<Self> {
        const ANCHOR: &str = "___PAGEFIND_ANCHOR___";
        const WEIGHT: &str = "___PAGEFIND_WEIGHT___";
        const AUTO: &str = "___PAGEFIND_AUTO_WEIGHT___";
        if !piece.starts_with("___") {
            return None;
        }
        if piece == UNCOUNTED {
            return Some(Marker::Uncounted);
        }
        if piece == END_UNCOUNTED {
            return Some(Marker::EndUncounted);
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
pub(super) struct WeightStack(Vec<u8>);

impl WeightStack {
    /// Only the normal weight in force.
    pub(super) fn normal() -> Self {
        WeightStack(vec![NORMAL_WEIGHT])
    }

    pub(super) fn current(&self) -> u8 {
        self.0.last().copied().unwrap_or(1)
    }

    pub(super) fn apply(&mut self, marker: Marker) {
        let stored = |n: f32| (n.clamp(0.0, HEAVIEST) * f32::from(NORMAL_WEIGHT)) as u8;
        match marker {
            Marker::Weight(n) if n <= 0.0 => self.0.push(0),
            Marker::Weight(n) => self.0.push(stored(n).max(1)),
            Marker::AutoWeight(n) if self.0.len() == 1 => self.0.push(stored(n)),
            Marker::AutoWeight(_) => self.0.push(self.0.last().copied().unwrap_or(0)),
            Marker::EndWeight => {
                self.0.pop();
            }
            Marker::Anchor(_) | Marker::Uncounted | Marker::EndUncounted => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_markers_leave_values() {
        let mut value = "a ___PAGEFIND_x b".to_string();
        strip_markers(&mut value);
        assert_eq!(value, "a b");
    }
}
