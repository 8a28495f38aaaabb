//! Everyday words at index time: each record is indexed under the everyday words for what it
//! says ("kids" for a record that says "children"), so a query needs no expansion and stays as
//! cheap as any other. The list itself is `crate::synonyms`'s.

use super::vocabulary::words;
use crate::synonyms::Synonyms;
use std::collections::{BTreeSet, HashMap};

/// The merged list, turned round for matching: first word of a record phrase → the phrases
/// starting with it, each with the everyday phrase it stands for.
pub(crate) struct Everyday<'a> {
    by_first_word: HashMap<&'a str, Vec<(Vec<&'a str>, &'a str)>>,
}

impl<'a> Everyday<'a> {
    pub(crate) fn new(list: &'a Synonyms) -> Self {
        let mut by_first_word: HashMap<&str, Vec<(Vec<&str>, &str)>> = HashMap::new();
        for (say, means) in &list.0 {
            for phrase in means {
                let parts: Vec<&str> = phrase.split(' ').collect();
                by_first_word
                    .entry(parts[0])
                    .or_default()
                    .push((parts, say.as_str()));
            }
        }
        Everyday { by_first_word }
    }

    /// The everyday phrases for what `text` says, each once, in a stable order. One pass over
    /// the text's words, so the cost grows with the record, not with the list.
    pub(crate) fn words_for(&self, text: &str) -> BTreeSet<&'a str> {
        let tokens: Vec<String> = words(text).collect();
        let mut found = BTreeSet::new();
        for (i, token) in tokens.iter().enumerate() {
            let Some(phrases) = self.by_first_word.get(token.as_str()) else {
                continue;
            };
            for (parts, say) in phrases {
                let rest = tokens[i..].iter().map(String::as_str);
                if rest.len() >= parts.len() && rest.zip(parts).all(|(t, p)| t == *p) {
                    found.insert(*say);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn list(entries: &[(&str, &[&str])]) -> Synonyms {
        Synonyms(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn a_record_gets_the_everyday_words_for_its_words_and_phrases() {
        let list = list(&[
            ("kids", &["children"]),
            ("english lessons", &["esol", "english classes"]),
            ("gp", &["doctor"]),
        ]);
        let everyday = Everyday::new(&list);
        let found = everyday.words_for("ESOL and English Classes for parents of Children.");
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            ["english lessons", "kids"]
        );
        assert!(everyday.words_for("English at the end").is_empty());
        assert!(everyday.words_for("").is_empty());
    }

    #[test]
    fn the_built_in_list_covers_the_words_people_use() {
        let merged = Synonyms::merged(&Synonyms::default());
        let everyday = Everyday::new(&merged);
        let found = everyday.words_for("Talking therapies for young people and children.");
        for word in ["counselling", "teenager", "kids"] {
            assert!(found.contains(word), "{word} in {found:?}");
        }
    }
}
