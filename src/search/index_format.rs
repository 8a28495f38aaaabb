//! The search index writer: records in, the bundle Pagefind's browser side reads out (the
//! format is set out in `docs/search-index-format.md`).
//!
//! It streams. Records are split into words in parallel, a round at a time; each record's
//! fragment is compressed and written as soon as it is named, and the record is dropped. What
//! stays until the end is small: each word's postings as a compact byte stream, the filter
//! postings, and one name per page. Then the word index chunks, filter files, meta file and
//! entry file are written. The encodings of each file are in `files`.

mod chunks;
mod files;

use super::words::{self, Hit, MetaHit, CONNECTORS};
use super::SearchError;
use crate::output::Sink;
pub(crate) use chunks::Cut;
use chunks::{Chunk, Postings};
use hashbrown::HashMap;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The Pagefind release whose format is written (`pagefind = "=1.6.0"` in Cargo.toml).
const VERSION: &str = "1.6.0";
/// Records split between two namings. A fragment's name depends on the names before it, so a
/// round's compressed fragments wait to be named; the round bounds how many are held.
const ROUND: usize = 128;

/// One search record: a page of the index.
pub(crate) struct Record {
    pub(crate) url: String,
    pub(crate) content: String,
    pub(crate) meta: BTreeMap<String, String>,
    pub(crate) filters: BTreeMap<String, Vec<String>>,
}

/// Pagefind's browser side, published beside the index, and the `wasm` it names for the language.
pub(crate) struct Runtime {
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) wasm: Option<String>,
}

/// One language's index once written: what `pagefind-entry.json` says of it (no pages, no
/// index), and the browser side that searches it.
pub(crate) struct Indexed<'a> {
    pub(crate) language: &'a str,
    pub(crate) runtime: &'a Runtime,
    written: Option<(String, usize)>,
}

/// How pages are named, in the meta file and in their fragments' file names, and how the meta
/// file counts their words.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PageNames<'a> {
    /// As Pagefind names them, by 7 digits of their fragment's hash. The tests hold our bundle
    /// to Pagefind's with it.
    #[cfg(test)]
    Pagefind,
    /// `L_TAG_KIND_N` (`files::page_name`): the browser needs every page's name before its
    /// first search, and numbered names gzip to half the size of hashes (330 KB against 660 KB
    /// in the meta file of 100,000 pages). `TAG` is `tag` (a digest of all records): a changed
    /// record renames every page, so no cache can answer with a stale fragment. `KIND` is the
    /// record's `kind` filter (empty for a service), which tells the browser a result's kind
    /// without searching once per kind.
    ///
    /// From `rounded_from` pages on, the meta file gives each page's word count rounded to its
    /// three leading binary digits (`files::rounded_count`, within 1/8), as gzip then finds a
    /// few values where it found hundreds: on 100,000 pages the meta file, which the browser
    /// fetches before the first search, shrinks from 381 KB to 261 KB (with `N`'s digits least
    /// significant first, `files::page_name`). Pagefind's ranking
    /// reads a page's word count only to weigh a long page's words a little less than a short
    /// one's, but rounded counts do reorder some results, so smaller sites keep exact counts.
    Numbered { tag: &'a str, rounded_from: usize },
}

impl PageNames<'_> {
    /// Whether the meta file of `pages` pages lists their word counts rounded.
    fn rounds_counts(self, pages: usize) -> bool {
        match self {
            #[cfg(test)]
            PageNames::Pagefind => false,
            PageNames::Numbered { rounded_from, .. } => pages >= rounded_from,
        }
    }
}

/// `PageNames::Numbered`'s `rounded_from` on the site: above a few tens of thousands of pages,
/// exact word counts cost more of the first search's bytes than the ranking gains from them.
pub(crate) const ROUNDED_FROM: usize = 30_000;

/// A digest for `PageNames::Numbered`: of `shared`, what every record of the language is built
/// with, and of the `count` records `record` gives (one language's, as `write` takes them, or
/// what they are built from): a fragment holds nothing but its record and the language.
pub(crate) fn tag(
    shared: &[&str],
    count: usize,
    record: &(dyn Fn(usize) -> Record + Sync),
) -> String {
    use sha1::{Digest, Sha1};
    let digests: Vec<_> = (0..count)
        .into_par_iter()
        .map(|i| {
            let Record {
                url,
                content,
                meta,
                filters,
            } = record(i);
            let mut digest = Sha1::new();
            let mut put = |field: &str| {
                digest.update((field.len() as u64).to_le_bytes());
                digest.update(field.as_bytes());
            };
            put(&url);
            put(&content);
            put(&meta.len().to_string());
            for (key, value) in &meta {
                put(key);
                put(value);
            }
            for (filter, values) in &filters {
                put(filter);
                put(&values.len().to_string());
                values.iter().for_each(|v| put(v));
            }
            digest.finalize()
        })
        .collect();
    let mut all = Sha1::new();
    for field in shared {
        all.update((field.len() as u64).to_le_bytes());
        all.update(field.as_bytes());
    }
    digests.iter().for_each(|d| all.update(d));
    files::tag_digits(&all.finalize())
}

/// Indexes `urls.len()` records for `language` (`record(i)` builds the i-th, whose URL is
/// `urls[i]`) and writes its index below `pagefind/`, its word index cut as `cut` says and its
/// pages named as `names` says. A record with an earlier record's URL takes that record's
/// place. Pagefind keeps each language's index apart and the browser searches the one of the
/// page's `lang`; `write_entry` lists them.
pub(crate) fn write<'a>(
    language: &'a str,
    urls: &[&str],
    record: &(dyn Fn(usize) -> Record + Sync),
    runtime: &'a Runtime,
    (cut, names): (Cut, PageNames),
    sink: &dyn Sink,
) -> Result<Indexed<'a>, SearchError> {
    let fields = FieldNumbers::default();
    let mut index = Index::default();
    for round in page_order(urls).chunks(ROUND) {
        let split: Vec<Option<SplitPage>> = round
            .par_iter()
            .map(|&i| split_page(record(i), language, &fields))
            .collect::<Result<_, _>>()?;
        let fragments: Vec<(String, Vec<u8>)> = split
            .into_iter()
            .flatten()
            .map(|page| index.add(page, language, names))
            .collect();
        fragments.par_iter().try_for_each(|(name, gz)| {
            sink.put(
                &crate::addresses::search_index_file(&format!("fragment/{name}.pf_fragment")),
                gz,
            )
        })?;
    }
    if names.rounds_counts(index.pages.len()) {
        for (_, word_count) in &mut index.pages {
            *word_count = files::rounded_count(*word_count);
        }
    }
    let written = if index.pages.is_empty() {
        None
    } else {
        let page_count = index.pages.len();
        Some((
            index.write_index(language, fields.into_names(), cut, sink)?,
            page_count,
        ))
    };
    Ok(Indexed {
        language,
        runtime,
        written,
    })
}

/// Writes the browser side (each language's, once) and the entry file naming every
/// language's index.
pub(crate) fn write_entry(indexed: &[Indexed], sink: &dyn Sink) -> Result<(), SearchError> {
    let mut runtime_files: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for language in indexed {
        let unused_wasm = format!("wasm.{}.pagefind", language.language);
        for (name, bytes) in &language.runtime.files {
            if language.written.is_some() || *name != unused_wasm {
                runtime_files.entry(name).or_insert(bytes);
            }
        }
    }
    for (name, bytes) in runtime_files {
        sink.put(&crate::addresses::search_index_file(name), bytes)?;
    }
    let languages: Vec<files::EntryLanguage> = (indexed.iter())
        .filter_map(|l| {
            let (meta_name, page_count) = l.written.as_ref()?;
            Some((
                l.language,
                meta_name.clone(),
                l.runtime.wasm.as_deref(),
                *page_count,
            ))
        })
        .collect();
    let entry = files::entry(VERSION, &languages, &CONNECTORS).map_err(SearchError::Entry)?;
    sink.put(
        &crate::addresses::search_index_file("pagefind-entry.json"),
        &entry,
    )?;
    Ok(())
}

/// Which record each page is: pages in order of each URL's first record, each holding the
/// URL's last record.
fn page_order(urls: &[&str]) -> Vec<usize> {
    let mut page_of: HashMap<&str, usize> = HashMap::with_capacity(urls.len());
    let mut pages = Vec::with_capacity(urls.len());
    for (i, &url) in urls.iter().enumerate() {
        if let Some(&page) = page_of.get(url) {
            pages[page] = i;
        } else {
            page_of.insert(url, pages.len());
            pages.push(i);
        }
    }
    pages
}

/// Meta field names, numbered as the pages' threads first meet them. The meta file lists them
/// in name order, so the numbers are changed to that order when the chunks are encoded.
#[derive(Default)]
struct FieldNumbers(Mutex<Vec<String>>);

impl FieldNumbers {
    fn numbers<'a>(&self, names: impl Iterator<Item = &'a String>) -> Vec<u32> {
        let mut known = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut number = |name: &String| match known.iter().position(|k| k == name) {
            Some(at) => at as u32,
            None => {
                known.push(name.clone());
                known.len() as u32 - 1
            }
        };
        names.map(&mut number).collect()
    }

    fn into_names(self) -> Vec<String> {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A record once split: its fragment, waiting for a name, and its words' entries, waiting to be
/// merged into the index.
struct SplitPage {
    /// The fragment's name as Pagefind names it (`PageNames::Pagefind`).
    #[cfg(test)]
    full_name: String,
    /// The record's kind (its one `kind` filter value), or "".
    kind: String,
    fragment: Vec<u8>,
    word_count: u32,
    /// Each word's entries, as ranges of `entries`.
    words: Vec<(String, WordEntries)>,
    entries: Vec<u8>,
    filters: BTreeMap<String, Vec<String>>,
}

/// Where one word's entries for a page are in `SplitPage::entries`: as written without
/// diacritics, and per written form with them.
struct WordEntries {
    plain: Option<Entry>,
    variants: Vec<(Box<str>, Entry)>,
}

struct Entry {
    range: std::ops::Range<usize>,
    /// The entry's share of the chunk size measure.
    size: usize,
}

/// Splits one record and compresses its fragment. `None` for a record without a word.
fn split_page(
    mut record: Record,
    language: &str,
    fields: &FieldNumbers,
) -> Result<Option<SplitPage>, SearchError> {
    let body = words::body(&record.content, language);
    if body.hits.is_empty() {
        return Ok(None);
    }
    let values = record.filters.values_mut().flatten();
    values
        .chain(record.meta.values_mut())
        .for_each(words::strip_markers);
    let meta_hits = words::meta(&record.meta, language);
    let json = files::fragment(&record, &body).map_err(|source| SearchError::Record {
        url: record.url.clone(),
        source,
    })?;
    let field_numbers = fields.numbers(record.meta.keys());
    let mut entries = Vec::new();
    let words = by_word(body.hits, meta_hits)
        .into_iter()
        .map(|(word, hits)| (word, hits.encode(&field_numbers, &mut entries)))
        .collect();
    let kind = match record.filters.get("kind").map(Vec::as_slice) {
        Some([kind]) if kind.bytes().all(|b| b.is_ascii_alphanumeric()) => kind.clone(),
        _ => String::new(),
    };
    Ok(Some(SplitPage {
        #[cfg(test)]
        full_name: files::full_name(language, &json),
        kind,
        fragment: files::gzip(&json)?,
        word_count: body.word_count as u32,
        words,
        entries,
        filters: record.filters,
    }))
}

/// A word's hits on one page, without diacritics and per written form with them. Forms are in
/// the order the format asks for: those in the text by form, then those only in meta fields.
#[derive(Default)]
struct PageHits {
    plain: Hits,
    variants: Vec<(Box<str>, Hits)>,
}

/// Where one form of a word is on a page: in the text and in meta fields.
#[derive(Default)]
struct Hits {
    text: Vec<Hit>,
    meta: Vec<MetaHit>,
}

fn by_word(
    body: HashMap<String, Vec<Hit>>,
    meta: HashMap<String, Vec<MetaHit>>,
) -> HashMap<String, PageHits> {
    let mut words: HashMap<String, PageHits> = HashMap::with_capacity(body.len());
    for (word, hits) in body {
        let page = words.entry(word).or_default();
        let forms = split_by_form(hits, &mut page.plain.text, |h| &mut h.written);
        let variants = forms.into_iter().map(|(form, text)| {
            (
                form,
                Hits {
                    text,
                    meta: Vec::new(),
                },
            )
        });
        page.variants.extend(variants);
    }
    for (word, hits) in meta {
        let page = words.entry(word).or_default();
        for (form, hits) in split_by_form(hits, &mut page.plain.meta, |h| &mut h.written) {
            match page.variants.iter_mut().find(|(f, _)| *f == form) {
                Some((_, found)) => found.meta = hits,
                None => page.variants.push((
                    form,
                    Hits {
                        text: Vec::new(),
                        meta: hits,
                    },
                )),
            }
        }
    }
    words
}

/// Moves the hits written without diacritics to `plain`; returns the others by written form.
fn split_by_form<T>(
    hits: Vec<T>,
    plain: &mut Vec<T>,
    written: impl Fn(&mut T) -> &mut Option<Box<str>>,
) -> BTreeMap<Box<str>, Vec<T>> {
    let mut forms: BTreeMap<Box<str>, Vec<T>> = BTreeMap::new();
    for mut hit in hits {
        match written(&mut hit).take() {
            Some(form) => forms.entry(form).or_default().push(hit),
            None => plain.push(hit),
        }
    }
    forms
}

impl PageHits {
    /// Appends the entries to `out` (meta fields numbered by `fields`); says where they are.
    fn encode(self, fields: &[u32], out: &mut Vec<u8>) -> WordEntries {
        let mut entry = |Hits { text, meta }: Hits| {
            let start = out.len();
            let size = chunks::put_entry(out, &text_locations(text), &meta_locations(meta, fields));
            Entry {
                range: start..out.len(),
                size,
            }
        };
        let has_plain = !(self.plain.text.is_empty() && self.plain.meta.is_empty());
        WordEntries {
            plain: has_plain.then(|| entry(self.plain)),
            variants: (self.variants.into_iter())
                .map(|(form, hits)| (form, entry(hits)))
                .collect(),
        }
    }
}

/// The `locs` of an entry: positions by weight, each change of weight marked.
fn text_locations(mut hits: Vec<Hit>) -> Vec<i32> {
    /// The weight a list starts at, unmarked; it sorts first.
    const UNMARKED: u8 = 25;
    let rank = |weight: u8| if weight == UNMARKED { 0 } else { weight };
    hits.sort_unstable_by_key(|h| (rank(h.weight), h.position));
    let mut out = Vec::with_capacity(hits.len() + 2);
    let (mut weight, mut previous) = (UNMARKED, 0);
    for hit in hits {
        if hit.weight == weight {
            out.push((hit.position - previous) as i32);
        } else {
            weight = hit.weight;
            out.extend([-i32::from(weight) - 1, hit.position as i32]);
        }
        previous = hit.position;
    }
    out
}

/// The `meta_locs` of an entry: per field, its marker and the positions in it.
fn meta_locations(mut hits: Vec<MetaHit>, fields: &[u32]) -> Vec<i32> {
    hits.sort_unstable_by_key(|h| (h.field, h.position));
    let mut out = Vec::with_capacity(hits.len() + 2);
    let (mut field, mut previous) = (None, 0);
    for hit in hits {
        if field != Some(hit.field) {
            field = Some(hit.field);
            previous = 0;
            out.push(-(fields[hit.field as usize] as i32) - 1);
        }
        out.push((hit.position - previous) as i32);
        previous = hit.position;
    }
    out
}

/// What is kept of the pages once their fragments are written.
#[derive(Default)]
struct Index {
    words: HashMap<String, Postings>,
    /// Filter, value, and the pages with it.
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    /// Each page's fragment name and word count, as the meta file lists them.
    pages: Vec<(String, u32)>,
    #[cfg(test)]
    fragment_names: files::Names,
}

impl Index {
    /// Adds the next page; returns its fragment's name and bytes, to write.
    fn add(&mut self, page: SplitPage, language: &str, names: PageNames) -> (String, Vec<u8>) {
        let number = self.pages.len() as u32;
        let name = match names {
            #[cfg(test)]
            PageNames::Pagefind => self.fragment_names.claim(&page.full_name, language, 1),
            PageNames::Numbered { tag, .. } => files::page_name(language, tag, &page.kind, number),
        };
        self.pages.push((name.clone(), page.word_count));
        for (word, entries) in &page.words {
            let postings = self.words.entry_ref(word.as_str()).or_default();
            let bytes = |entry: &Entry| &page.entries[entry.range.clone()];
            if let Some(entry) = &entries.plain {
                postings.size += entry.size;
                postings.plain.push(number, bytes(entry));
            }
            for (form, entry) in &entries.variants {
                postings.size += entry.size;
                postings.variant(form).push(number, bytes(entry));
            }
        }
        for (filter, values) in page.filters {
            if values.is_empty() {
                continue;
            }
            let filter = self.filters.entry(filter).or_default();
            for value in values {
                filter.entry(value).or_default().push(number);
            }
        }
        (name, page.fragment)
    }

    /// Writes the word index chunks, the filters and the meta file; returns the meta file's name.
    fn write_index(
        self,
        language: &str,
        fields: Vec<String>,
        cut: Cut,
        sink: &dyn Sink,
    ) -> Result<String, SearchError> {
        let mut sorted_fields = fields.clone();
        sorted_fields.sort_unstable();
        let renumber: Vec<u32> = (fields.iter())
            .map(|f| sorted_fields.binary_search(f).unwrap_or_default() as u32)
            .collect();
        let mut words: Vec<(&str, &Postings)> =
            self.words.iter().map(|(w, p)| (w.as_str(), p)).collect();
        words.sort_unstable_by_key(|(word, _)| *word);
        let chunked = chunks::cut_chunks(&words, cut);
        let encoded: Vec<(Vec<u8>, String)> = chunked
            .par_iter()
            .map(|words| {
                let cbor = files::word_chunk(words, &renumber)?;
                Ok((files::gzip(&cbor)?, files::full_name(language, &cbor)))
            })
            .collect::<Result<_, SearchError>>()?;
        let mut names = files::Names::default();
        let mut chunks = Vec::with_capacity(chunked.len());
        for (words, (gz, full_name)) in chunked.iter().zip(encoded) {
            let name = names.claim(&full_name, language, 2);
            sink.put(
                &crate::addresses::search_index_file(&format!("index/{name}.pf_index")),
                &gz,
            )?;
            let (first, last) = (words[0].0, words[words.len() - 1].0);
            chunks.push(Chunk {
                from: first.to_string(),
                to: last.to_string(),
                name,
            });
        }
        chunks::shorten_bounds(&mut chunks, cut);
        let filters = write_filters(self.filters, language, sink)?;
        let cbor = files::meta(VERSION, &self.pages, &chunks, &filters, &sorted_fields)?;
        let name = files::meta_name(language, &cbor);
        sink.put(
            &crate::addresses::search_index_file(&format!("pagefind.{name}.pf_meta")),
            &files::gzip(&cbor)?,
        )?;
        Ok(name)
    }
}

/// Writes one file per filter; returns each filter with its file's name, in filter order.
fn write_filters(
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    language: &str,
    sink: &dyn Sink,
) -> Result<Vec<(String, String)>, SearchError> {
    let mut names = files::Names::default();
    let mut written = Vec::with_capacity(filters.len());
    for (filter, values) in filters {
        let cbor = files::filter(&filter, &values)?;
        let name = names.claim(&files::full_name(language, &cbor), language, 2);
        sink.put(
            &crate::addresses::search_index_file(&format!("filter/{name}.pf_filter")),
            &files::gzip(&cbor)?,
        )?;
        written.push((filter, name));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(position: u32, weight: u8) -> Hit {
        Hit {
            position,
            weight,
            written: None,
        }
    }

    #[test]
    fn text_positions_are_grouped_by_weight() {
        let hits = vec![hit(7, 24), hit(2, 24), hit(4, 48)];
        assert_eq!(text_locations(hits), [-25, 2, 5, -49, 4]);
    }

    #[test]
    fn meta_positions_restart_in_each_field() {
        let at = |field, position| MetaHit {
            field,
            position,
            written: None,
        };
        let hits = vec![at(1, 3), at(0, 2), at(1, 1)];
        assert_eq!(meta_locations(hits, &[5, 0]), [-6, 2, -1, 1, 2]);
    }

    #[test]
    fn a_later_record_takes_the_place_of_one_with_its_url() {
        assert_eq!(page_order(&["/a/", "/b/", "/a/", "/c/"]), [2, 1, 3]);
    }
}
