//! Everyday words at index time: each record is indexed under the everyday words for what it
//! says ("kids" for a record that says "children"), so a query needs no expansion and stays as
//! cheap as any other. The list itself is `crate::synonyms`'s.
//!
//! An everyday phrase of several words ("no one", "behind on rent") is indexed as one word
//! (`joined`: "noone") and only so, as its words alone say little: they are often small words
//! a query drops, or words the record does not say. The search page joins a phrase in the query the same way, and ranks a service whose
//! name says what an everyday word means ("Befriending" for "someone to talk to") higher, from
//! the list written beside the index (`file`).

use super::vocabulary::words;
use super::words::{END_UNCOUNTED, UNCOUNTED};
use crate::synonyms::Synonyms;
use std::collections::{BTreeSet, HashMap};

/// First line of the browser's copy: what it is and the format's version.
const HEADER: &str = "supportmap-everyday 1";

/// How the words added to a record count in its length.
#[derive(Clone, Copy)]
pub(crate) enum Added {
    /// Not at all, as the site indexes them (`search::words`, `UNCOUNTED`).
    Uncounted,
    /// As words the record says: what Pagefind's own indexer does, which has no such marker.
    /// The tests that hold the rest of the bundle to Pagefind's index them so.
    #[cfg(test)]
    Counted,
}

/// The merged list, turned round for matching: first word of a record phrase → the phrases
/// starting with it, each with the everyday phrase it stands for.
pub(crate) struct Everyday<'a> {
    by_first_word: HashMap<&'a str, Vec<(Vec<&'a str>, &'a str)>>,
    list: &'a Synonyms,
}

/// The one word a phrase is indexed and searched as: its words run together.
pub(crate) fn joined(phrase: &str) -> String {
    phrase.split(' ').collect()
}

impl<'a> Everyday<'a> {
    pub(crate) fn new(list: &'a Synonyms) -> Self {
        let mut by_first_word: HashMap<&str, Vec<(Vec<&str>, &str)>> = HashMap::new();
        for (say, means) in &list.0 {
            // A record that uses the phrase itself is about it too.
            let itself = say.contains(' ').then_some(say);
            for phrase in means.iter().chain(itself) {
                let parts: Vec<&str> = phrase.split(' ').collect();
                by_first_word
                    .entry(parts[0])
                    .or_default()
                    .push((parts, say.as_str()));
            }
        }
        Everyday {
            by_first_word,
            list,
        }
    }

    /// The browser's copy: a header, then one entry a line, `say: means, means`, in the list's
    /// order. A phrase of several words is left out unless some record is indexed under it
    /// (`indexed` says whether the index has a joined word), so the page joins only phrases
    /// that find something. Then, after a line `[needs]`, each need as `name: synonym, synonym`
    /// (`needs`: name and synonyms), so that the page can tell a service whose main need is
    /// what the query means. All lowercase words, as search matches them.
    pub(crate) fn file<'n>(
        &self,
        indexed: impl Fn(&str) -> bool,
        needs: impl Iterator<Item = (&'n str, &'n [String])>,
    ) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        for (say, means) in &self.list.0 {
            if !say.contains(' ') || indexed(&joined(say)) {
                push_entry(&mut out, say, means.iter().map(String::as_str));
            }
        }
        out.push_str("[needs]\n");
        for (name, synonyms) in needs {
            let words = |text: &str| words(text).collect::<Vec<_>>().join(" ");
            let synonyms: Vec<String> = synonyms.iter().map(|s| words(s)).collect();
            push_entry(&mut out, &words(name), synonyms.iter().map(String::as_str));
        }
        out
    }

    /// Adds to a record's `content` the everyday words for what it says, a phrase only as one
    /// word: its words alone would give the record words it never says ("food club" would
    /// find a pantry for "club", "falling out" a couples' service for "falling"), and the
    /// search page joins the phrase when a query has it. In the site they are marked as
    /// uncounted (`added`), so that a record found by more words is not ranked lower for
    /// being longer ("someone to talk to" would lose Befriending to a shorter record).
    pub(crate) fn extend(&self, content: &mut String, added: Added) {
        let found = self.words_for(content);
        let mut words = found.iter().map(|word| joined(word));
        let Some(first) = words.next() else {
            return;
        };
        let uncounted = matches!(added, Added::Uncounted);
        content.push_str(". ");
        if uncounted {
            content.push_str(UNCOUNTED);
            content.push(' ');
        }
        content.push_str(&first);
        for word in words {
            content.push_str(". ");
            content.push_str(&word);
        }
        if uncounted {
            content.push(' ');
            content.push_str(END_UNCOUNTED);
        }
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

/// One line of the browser's copy; an entry without words is left out.
fn push_entry<'s>(out: &mut String, say: &str, means: impl Iterator<Item = &'s str>) {
    let means: Vec<&str> = means.filter(|m| !m.is_empty()).collect();
    if say.is_empty() || means.is_empty() {
        return;
    }
    out.push_str(say);
    out.push_str(": ");
    out.push_str(&means.join(", "));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::super::words::body;
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
    fn the_browsers_copy_lists_phrases_the_index_has_as_one_word() {
        let list = list(&[
            ("no one", &["lonely", "isolated"]),
            ("someone to talk to", &["befriending"]),
            ("behind on rent", &["rent arrears"]),
            ("kids", &["children"]),
        ]);
        let everyday = Everyday::new(&list);
        // A record saying the phrase itself is indexed under it, like one saying what it means.
        let found = everyday.words_for("Nobody should feel they have no one to talk to.");
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["no one"]);
        assert_eq!(joined("someone to talk to"), "someonetotalkto");
        let indexed = ["noone", "behindonrent"];
        let synonyms = ["Lonely".to_string(), "no friends!".to_string()];
        let needs = [("Loneliness & Company", &synonyms[..]), ("Food", &[][..])];
        assert_eq!(
            everyday.file(|w| indexed.contains(&w), needs.into_iter()),
            "supportmap-everyday 1\nbehind on rent: rent arrears\nkids: children\nno one: lonely, isolated\n\
             [needs]\nloneliness company: lonely, no friends\n"
        );
    }

    #[test]
    fn everyday_words_are_indexed_without_lengthening_the_record() {
        let list = list(&[("kids", &["children"]), ("no one", &["lonely"])]);
        let everyday = Everyday::new(&list);
        let said = "Play for children who feel lonely";
        let mut content = said.to_string();
        everyday.extend(&mut content, Added::Uncounted);
        let (plain, extended) = (body(said, "en"), body(&content, "en"));
        assert_eq!(extended.word_count, plain.word_count);
        assert_eq!(extended.shown, format!("{said}. kids. noone"));
        assert!(extended.hits.contains_key("kid") && extended.hits.contains_key("noon"));
        // The phrase's own words would be words the record never says.
        assert!(!extended.hits.contains_key("one"));
        let mut nothing = "Quiet".to_string();
        everyday.extend(&mut nothing, Added::Uncounted);
        assert_eq!(nothing, "Quiet");
        let mut counted = said.to_string();
        everyday.extend(&mut counted, Added::Counted);
        assert_eq!(counted, format!("{said}. kids. noone"));
        assert!(body(&counted, "en").word_count > plain.word_count);
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
