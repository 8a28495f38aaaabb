//! Vocabulary: the words the site knows, with how many records use each, for correcting
//! misspelt queries in the browser.
//!
//! Counted from the same text the index holds (names, summaries, descriptions, need names and
//! synonyms, everyday words), with a tokeniser of its own so that it does not depend on how
//! the index is written. The browser fetches the file only when a query has a word the index
//! does not know, so it is kept small: the most used words only, one line per count.

use std::collections::{BTreeMap, HashMap, HashSet};

/// First line of the file: what it is and the format's version.
const HEADER: &str = "supportmap-vocabulary 1";
/// Enough for a large site's own words; beyond this the rarest go (they are seldom what a
/// misspelling meant, and every word costs bytes on the first misspelt query).
const MAX_WORDS: usize = 12_000;
/// Shorter words cannot be corrected reliably (one edit turns "gp" into dozens of words).
const MIN_CHARS: usize = 3;
/// Longer "words" are codes, addresses run together or junk.
const MAX_CHARS: usize = 24;

/// The words of `text`, lowercase: runs of letters and digits, with apostrophes inside a word
/// dropped ("can't" is "cant"), so that a query and the records split the same way.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
}

/// Counts, for each word, how many records use it.
#[derive(Default)]
pub(crate) struct Vocabulary {
    counts: HashMap<String, u32>,
}

impl Vocabulary {
    /// Adds one record's text.
    pub(crate) fn add(&mut self, text: &str) {
        let mut seen = HashSet::new();
        let text = text
            .split_whitespace()
            .filter(|p| !super::words::is_marker(p));
        for word in text.flat_map(words).filter(|w| is_correctable(w)) {
            if seen.insert(word.clone()) {
                *self.counts.entry(word).or_insert(0) += 1;
            }
        }
    }

    /// Whether some record uses `word`.
    pub(crate) fn has(&self, word: &str) -> bool {
        self.counts.contains_key(word)
    }

    /// The file: a header, then one line per count, most used first, each `count word word…`
    /// with its words in alphabetical order. Deterministic for the same records.
    pub(crate) fn file(&self) -> String {
        let mut ranked: Vec<(&String, u32)> = self.counts.iter().map(|(w, c)| (w, *c)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked.truncate(MAX_WORDS);
        let mut by_count: BTreeMap<std::cmp::Reverse<u32>, Vec<&str>> = BTreeMap::new();
        for (word, count) in ranked {
            by_count
                .entry(std::cmp::Reverse(count))
                .or_default()
                .push(word);
        }
        let mut out = String::from(HEADER);
        out.push('\n');
        for (std::cmp::Reverse(count), mut words) in by_count {
            words.sort_unstable();
            out.push_str(&count.to_string());
            for word in words {
                out.push(' ');
                out.push_str(word);
            }
            out.push('\n');
        }
        out
    }
}

fn is_correctable(word: &str) -> bool {
    let chars = word.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&chars) && word.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let got: Vec<String> =
            words("Can't pay? £20 Food-bank, ANXIETY… café’s <b>x</b>").collect();
        assert_eq!(
            got,
            ["cant", "pay", "20", "food", "bank", "anxiety", "cafés", "b", "x", "b"]
        );
    }

    #[test]
    fn counts_records_not_repeats_and_keeps_only_correctable_words() {
        let mut v = Vocabulary::default();
        v.add("Benefits advice: benefits, debts. GP HB5 1RE");
        v.add("Debt and benefits advice");
        v.add("Lonely? Lunch club");
        assert_eq!(
            v.file(),
            "supportmap-vocabulary 1\n2 advice benefits\n1 and club debt debts lonely lunch\n"
        );
    }

    #[test]
    fn the_file_keeps_the_most_used_words_and_is_the_same_every_time() {
        let mut v = Vocabulary::default();
        for i in 0..(MAX_WORDS + 50) {
            // Letters only: a, b, ..., then aa, ab... each used once; "common" by every record.
            let mut n = i;
            let mut word = String::from("zz");
            loop {
                word.push((b'a' + (n % 26) as u8) as char);
                n /= 26;
                if n == 0 {
                    break;
                }
            }
            v.add(&format!("common {word}"));
        }
        let file = v.file();
        assert_eq!(file, v.file());
        let lines: Vec<&str> = file.lines().collect();
        assert!(lines[1].starts_with(&format!("{} common", MAX_WORDS + 50)));
        let kept: usize = lines[1..].iter().map(|l| l.split(' ').count() - 1).sum();
        assert_eq!(kept, MAX_WORDS);
    }
}
