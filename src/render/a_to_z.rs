//! The A to Z: every asset in one alphabetical list, filed under letters and paginated like the
//! other lists, with a jump list on every page leading to the page where each letter starts.

use super::paginate::Paginator;
use super::{PageMeta, Pages, Renderer};
use crate::addresses::A_TO_Z;
use crate::model::{AssetCard, Model};
use serde::Serialize;
use tera::Context;

/// One letter's run of cards on one A to Z page.
#[derive(Serialize)]
struct Letter<'a> {
    letter: &'a str,
    /// `letter-a` ... `letter-z`, `letter-other` for #.
    anchor: String,
    /// True when the letter's first entries are on an earlier page.
    continued: bool,
    assets: Vec<&'a AssetCard>,
}

/// A letter of the A to Z jump list: where its first entry is.
#[derive(Serialize)]
struct LetterLink<'a> {
    letter: &'a str,
    anchor: String,
    /// The A to Z page holding the letter's first entry (`a-z/` or `a-z/page/3/`).
    path: String,
}

impl Renderer<'_> {
    pub(super) fn a_to_z(&self) -> Pages {
        if !self.wants_list(A_TO_Z) {
            return Ok(0);
        }
        let order = a_to_z_order(self.model);
        let letters: Vec<&str> = order.iter().map(|&(_, letter)| letter).collect();
        let indexes: Vec<usize> = order.iter().map(|&(i, _)| i).collect();
        let jump = jump_list(&letters, self.model.site.page_size);
        self.paged(A_TO_Z, &indexes, |paginator, n, _| {
            let mut c = Context::new();
            c.insert("letters", &self.letters(paginator, n, &indexes, &letters));
            c.insert("jump", &jump);
            c.insert("pagination", &paginator.view(n));
            let title = self.list_title(paginator, &self.say("a_z.heading", &[]), n);
            let description = self.say("a_z.description", &[]);
            let path = paginator.path(n);
            let meta = PageMeta {
                title: &title,
                description: &description,
                path: &path,
                kind: "a-z",
            };
            self.page("a_z.html", &paginator.file(n), meta, c)
        })
    }

    /// The cards of page `n` in runs by letter; `indexes` and `letters` are the whole A to Z.
    fn letters<'m>(
        &'m self,
        paginator: &Paginator,
        n: usize,
        indexes: &[usize],
        letters: &[&'m str],
    ) -> Vec<Letter<'m>> {
        let range = paginator.range(n);
        let mut groups: Vec<Letter> = Vec::new();
        for i in range.clone() {
            let card = &self.model.assets[indexes[i]].card;
            match groups.last_mut() {
                Some(group) if group.letter == letters[i] => group.assets.push(card),
                _ => groups.push(Letter {
                    letter: letters[i],
                    anchor: letter_anchor(letters[i]),
                    continued: i == range.start && i > 0 && letters[i - 1] == letters[i],
                    assets: vec![card],
                }),
            }
        }
        groups
    }
}

/// Each letter's first entry, with the page it is on.
fn jump_list<'a>(letters: &[&'a str], page_size: usize) -> Vec<LetterLink<'a>> {
    let paginator = Paginator::new(A_TO_Z, letters.len(), page_size);
    letters
        .iter()
        .enumerate()
        .filter(|&(i, letter)| i == 0 || letters[i - 1] != *letter)
        .map(|(i, &letter)| LetterLink {
            letter,
            anchor: letter_anchor(letter),
            path: paginator.path(paginator.page_of(i)),
        })
        .collect()
}

/// The assets in A to Z order with the letter each is filed under: # first, then A to Z, each
/// letter's assets in the site's order.
fn a_to_z_order(model: &Model) -> Vec<(usize, &'static str)> {
    let mut order: Vec<(usize, &'static str)> = model
        .assets
        .iter()
        .enumerate()
        .map(|(i, asset)| (i, initial(&asset.card.name)))
        .collect();
    order.sort_by_key(|&(i, letter)| (letter, i));
    order
}

/// The files of the A to Z: `a-z/index.html`, then `a-z/page/2/index.html`...
pub(crate) fn a_to_z_files(model: &Model) -> Vec<String> {
    Paginator::new(A_TO_Z, model.assets.len(), model.site.page_size).files()
}

/// The A to Z page file that lists asset `index` (of `Model::assets`).
pub(crate) fn a_to_z_file_of(model: &Model, index: usize) -> Option<String> {
    let order = a_to_z_order(model);
    let at = order.iter().position(|&(i, _)| i == index)?;
    let paginator = Paginator::new(A_TO_Z, order.len(), model.site.page_size);
    Some(paginator.file(paginator.page_of(at)))
}

fn letter_anchor(letter: &str) -> String {
    if letter == "#" {
        "letter-other".to_string()
    } else {
        format!("letter-{}", letter.to_ascii_lowercase())
    }
}

/// Letter an asset is filed under in the A–Z; names starting with a digit or symbol go under #.
fn initial(name: &str) -> &'static str {
    const LETTERS: [&str; 26] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
        "S", "T", "U", "V", "W", "X", "Y", "Z",
    ];
    match name.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some(c) if c.is_ascii_uppercase() => LETTERS[(c as u8 - b'A') as usize],
        _ => "#",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_names_under_letters() {
        assert_eq!(initial("lunch club"), "L");
        assert_eq!(initial("1st Scouts"), "#");
        assert_eq!(initial("Ēast"), "#");
    }

    #[test]
    fn the_jump_list_leads_to_the_page_where_each_letter_starts() {
        let letters = ["#", "A", "A", "B", "B", "B", "C"];
        let jump = jump_list(&letters, 3);
        let found: Vec<(&str, &str, &str)> = jump
            .iter()
            .map(|l| (l.letter, l.anchor.as_str(), l.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("#", "letter-other", "a-z/"),
                ("A", "letter-a", "a-z/"),
                ("B", "letter-b", "a-z/page/2/"),
                ("C", "letter-c", "a-z/page/3/"),
            ]
        );
    }
}
