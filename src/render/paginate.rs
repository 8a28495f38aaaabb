//! Pagination: splits a long list into pages and tells the template how to move between them.

use super::{Pages, Renderer};
use crate::addresses;
use rayon::prelude::*;
use serde::Serialize;

/// Splits a list of `total` items into pages of `size`, the way Hugo's and Zola's paginators
/// do: page 1 stays at the list's own `path` (`needs/food/`), page N ≥ 2 is at
/// `<path>page/N/` (see `addresses::list_page`). An empty list still has its page 1.
pub(crate) struct Paginator<'a> {
    path: &'a str,
    total: usize,
    size: usize,
}

/// What a list template gets as `pagination` (documented in `docs/themes.md`).
#[derive(Debug, PartialEq, Serialize)]
pub(super) struct PaginationView {
    /// This page's number, from 1.
    current: usize,
    total_pages: usize,
    /// Items in the whole list, and the 1-based positions of this page's first and last.
    total_items: usize,
    first_item: usize,
    last_item: usize,
    page_size: usize,
    /// Paths (below `site.base`) of page 1, the last page, and the neighbours (null at the ends).
    first: String,
    last: String,
    prev: Option<String>,
    next: Option<String>,
    /// The numbered links to show: page 1, the last page and up to two either side of this
    /// one, with a gap (`{gap: true}`) where pages are left out.
    links: Vec<PageLink>,
}

#[derive(Debug, PartialEq, Serialize)]
struct PageLink {
    number: Option<usize>,
    path: Option<String>,
    current: bool,
    gap: bool,
}

impl<'a> Paginator<'a> {
    pub(crate) fn new(path: &'a str, total: usize, size: usize) -> Self {
        Paginator {
            path,
            total,
            size: size.max(1),
        }
    }

    /// Number of pages: at least 1.
    pub(crate) fn pages(&self) -> usize {
        self.total.div_ceil(self.size).max(1)
    }

    /// Positions in the list of the items on page `n` (from 1).
    pub(crate) fn range(&self, n: usize) -> std::ops::Range<usize> {
        let start = ((n.max(1) - 1) * self.size).min(self.total);
        start..(start + self.size).min(self.total)
    }

    /// The page holding the item at position `index`.
    pub(crate) fn page_of(&self, index: usize) -> usize {
        index / self.size + 1
    }

    /// Path of page `n` below the site's base: `needs/food/`, `needs/food/page/2/`.
    pub(crate) fn path(&self, n: usize) -> String {
        addresses::list_page(self.path, n)
    }

    /// Output file of page `n`.
    pub(crate) fn file(&self, n: usize) -> String {
        addresses::file(&self.path(n))
    }

    /// Output files of every page, in order.
    pub(crate) fn files(&self) -> Vec<String> {
        (1..=self.pages()).map(|n| self.file(n)).collect()
    }

    /// Page numbers of the nav around page `current`: 1, the last, `current` ± 2; `None`
    /// where two or more pages are left out (a single left-out page is shown instead: a gap
    /// would take as much room).
    fn window(&self, current: usize) -> Vec<Option<usize>> {
        let last = self.pages();
        let mut shown: Vec<usize> = vec![1, last];
        shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(last));
        shown.sort_unstable();
        shown.dedup();
        let mut out = Vec::new();
        for (i, &n) in shown.iter().enumerate() {
            if let Some(&before) = i.checked_sub(1).and_then(|p| shown.get(p)) {
                match n - before {
                    1 => {}
                    2 => out.push(Some(before + 1)),
                    _ => out.push(None),
                }
            }
            out.push(Some(n));
        }
        out
    }

    pub(super) fn view(&self, current: usize) -> PaginationView {
        let last = self.pages();
        let range = self.range(current);
        PaginationView {
            current,
            total_pages: last,
            total_items: self.total,
            first_item: if range.is_empty() { 0 } else { range.start + 1 },
            last_item: range.end,
            page_size: self.size,
            first: self.path(1),
            last: self.path(last),
            prev: (current > 1).then(|| self.path(current - 1)),
            next: (current < last).then(|| self.path(current + 1)),
            links: self.links(current),
        }
    }

    fn links(&self, current: usize) -> Vec<PageLink> {
        self.window(current)
            .into_iter()
            .map(|n| PageLink {
                number: n,
                path: n.map(|n| self.path(n)),
                current: n == Some(current),
                gap: n.is_none(),
            })
            .collect()
    }
}

impl Renderer<'_> {
    /// Renders each wanted page of the list `items` at `path`: `page(paginator, n, items on page
    /// n)` makes page `n`.
    pub(super) fn paged<F>(&self, path: &str, items: &[usize], page: F) -> Pages
    where
        F: Fn(&Paginator, usize, &[usize]) -> Pages + Sync,
    {
        let paginator = Paginator::new(path, items.len(), self.model.site.page_size);
        (1..=paginator.pages())
            .into_par_iter()
            .filter(|&n| self.wants(&paginator.file(n)))
            .map(|n| page(&paginator, n, &items[paginator.range(n)]))
            .sum()
    }

    /// Whether any page of the list at `path` (page 1 or `path/page/N/`) is wanted.
    pub(super) fn wants_list(&self, path: &str) -> bool {
        self.only
            .is_none_or(|only| only.iter().any(|file| file.starts_with(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Paginator, current: usize) -> String {
        p.window(current)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pages_split_the_list_without_gaps_or_overlaps() {
        let p = Paginator::new("needs/food/", 342, 50);
        assert_eq!(p.pages(), 7);
        assert_eq!(p.range(1), 0..50);
        assert_eq!(p.range(2), 50..100);
        assert_eq!(p.range(7), 300..342);
        let covered: Vec<usize> = (1..=p.pages()).flat_map(|n| p.range(n)).collect();
        assert_eq!(covered, (0..342).collect::<Vec<_>>());
        assert_eq!(p.page_of(0), 1);
        assert_eq!(p.page_of(49), 1);
        assert_eq!(p.page_of(50), 2);
        assert_eq!(p.page_of(341), 7);
        // Exactly full pages: no empty page after them.
        assert_eq!(Paginator::new("a-z/", 100, 50).pages(), 2);
        // An empty list still has its page 1, and it is empty.
        let empty = Paginator::new("needs/x/", 0, 50);
        assert_eq!(empty.pages(), 1);
        assert!(empty.range(1).is_empty());
        assert_eq!(empty.view(1).first_item, 0);
    }

    #[test]
    fn page_one_keeps_the_list_address() {
        let p = Paginator::new("needs/food/", 120, 50);
        assert_eq!(p.path(1), "needs/food/");
        assert_eq!(p.path(2), "needs/food/page/2/");
        assert_eq!(
            p.files(),
            [
                "needs/food/index.html",
                "needs/food/page/2/index.html",
                "needs/food/page/3/index.html"
            ]
        );
    }

    #[test]
    fn the_nav_shows_first_last_and_two_either_side() {
        let p = Paginator::new("a-z/", 1000, 50); // 20 pages
        assert_eq!(numbers(&p, 1), "1 2 3 … 20");
        assert_eq!(numbers(&p, 4), "1 2 3 4 5 6 … 20");
        assert_eq!(numbers(&p, 5), "1 2 3 4 5 6 7 … 20");
        assert_eq!(numbers(&p, 6), "1 … 4 5 6 7 8 … 20");
        assert_eq!(numbers(&p, 10), "1 … 8 9 10 11 12 … 20");
        assert_eq!(numbers(&p, 17), "1 … 15 16 17 18 19 20");
        assert_eq!(numbers(&p, 20), "1 … 18 19 20");
        assert_eq!(numbers(&Paginator::new("a-z/", 10, 50), 1), "1");
        assert_eq!(numbers(&Paginator::new("a-z/", 120, 50), 2), "1 2 3");
    }

    #[test]
    fn the_view_links_neighbours_and_marks_the_current_page() {
        let p = Paginator::new("needs/food/", 342, 50);
        let first = p.view(1);
        assert_eq!((first.first_item, first.last_item), (1, 50));
        assert_eq!(first.prev, None);
        assert_eq!(first.next.as_deref(), Some("needs/food/page/2/"));
        let second = p.view(2);
        assert_eq!(second.prev.as_deref(), Some("needs/food/"));
        assert_eq!((second.first_item, second.last_item), (51, 100));
        let last = p.view(7);
        assert_eq!(
            (last.first_item, last.last_item, last.total_items),
            (301, 342, 342)
        );
        assert_eq!(last.next, None);
        assert_eq!(last.last, "needs/food/page/7/");
        let current: Vec<usize> = last
            .links
            .iter()
            .filter(|l| l.current)
            .filter_map(|l| l.number)
            .collect();
        assert_eq!(current, [7]);
        assert!(last.links.iter().any(|l| l.gap && l.path.is_none()));
    }
}
