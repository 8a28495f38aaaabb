//! Writes a Pagefind 1.6.0 index bundle, streaming: what `PagefindIndex::add_custom_record`
//! followed by `get_files` produces, file for file and byte for byte once decompressed, without
//! holding the records or the bundle in memory.
//!
//! Records are split into words in parallel (`pagefind_words`); each record's fragment is
//! written as soon as it is named. Only the word postings (as compact varint streams under
//! interned words), the filter postings and one name per record stay until the end, when the
//! word index chunks, filter files, meta file and `pagefind-entry.json` are written.
//!
//! Adapted from Pagefind 1.6.0 (`src/lib.rs`, `src/index/*.rs`, `src/output/*.rs`,
//! `src/utils.rs`; MIT licence, © CloudCannon): the encodings, chunking, hashing and the
//! handling of hash collisions are Pagefind's, in the same order, so names and contents match.
//! The oracle test in `search/tests.rs` holds this to Pagefind's own output.

use super::pagefind_words::{self, Anchor, MetaOccurrence, Occurrence, Text, WORD_SYMBOLS};
use crate::output::Sink;
use hashbrown::{HashMap, HashSet};
use minicbor::Encode;
use rayon::prelude::*;
use sha1::{Digest, Sha1};
use std::collections::{BTreeMap, BTreeSet};

/// The Pagefind release whose format this writes (`pagefind = "=1.6.0"` in Cargo.toml).
pub const PAGEFIND_VERSION: &str = "1.6.0";
/// Pagefind's default `index_chunk_size`: postings per word index file.
const INDEX_CHUNK_SIZE: usize = 20_000;
/// Records split into words between two rounds of naming fragments. Names depend on the
/// records before (hash collisions), so each round's fragments wait to be named; a round
/// bounds how many compressed fragments are held at once.
const ROUND: usize = 128;

/// One record as `add_custom_record` takes it.
pub struct Record {
    pub url: String,
    pub content: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
}

/// A fragment as Pagefind serialises it (field order matters: it is hashed).
#[derive(serde::Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

/// What is left of a record once its fragment is compressed: its postings, to be merged.
struct Indexed {
    full_hash: String,
    fragment_gz: Vec<u8>,
    word_count: usize,
    words: Vec<(String, Encoded)>,
    /// The words' locations, encoded as they are stored in `Postings` (less the page number).
    locations: Vec<u8>,
    filters: BTreeMap<String, Vec<String>>,
}

/// One word's locations in a record, as ranges of `Indexed::locations`.
struct Encoded {
    page: Option<Span>,
    variants: Vec<(String, Span)>,
}

/// A range of `Indexed::locations`, and Pagefind's chunk-size measure for it.
struct Span {
    range: std::ops::Range<usize>,
    size: usize,
}

/// A word's locations in one record: text positions (`locs`) and meta field positions
/// (`meta_locs`), in Pagefind's packed form; the same for each diacritic variant.
#[derive(Default)]
struct LocalWord {
    page: Option<Locations>,
    variants: Vec<(String, Locations)>,
}

#[derive(Default)]
struct Locations {
    locs: Vec<i32>,
    meta_locs: Vec<i32>,
}

/// A word's postings over the whole site. Each page is a varint stream: page number, then
/// `locs` and `meta_locs` each as a length and zigzag values. Meta field numbers in
/// `meta_locs` are `Bundle::meta_fields` positions until the final numbering is known.
#[derive(Default)]
struct Postings {
    /// Pagefind's measure for cutting the index into chunks.
    size: usize,
    pages: Vec<u8>,
    variants: Vec<(Box<str>, Vec<u8>)>,
}

/// Everything kept while records stream through.
#[derive(Default)]
struct Bundle {
    words: HashMap<Box<str>, u32>,
    postings: Vec<Postings>,
    /// Meta field names, numbered as first seen by any thread (renumbered in name order at the
    /// end, so the output does not depend on that order).
    meta_fields: std::sync::Mutex<Vec<String>>,
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    /// Fragment name and word count of each page, in page order.
    pages: Vec<(String, u32)>,
    fragment_names: HashSet<String>,
}

/// `pagefind-entry.json` (Pagefind's `PagefindEntryMeta`; field order as Pagefind's).
#[derive(serde::Serialize)]
struct Entry {
    version: &'static str,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: [char; 10],
}

#[derive(serde::Serialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// Runtime files to publish with the index, and the `wasm` entry Pagefind gives the language.
pub struct Runtime {
    pub files: Vec<(String, Vec<u8>)>,
    pub wasm: Option<String>,
}

/// Indexes `count` records (`record(i)` builds the i-th; `urls[i]` is its URL) for `language`
/// and writes the bundle below `pagefind/`. A later record with an earlier one's URL replaces
/// it in place, as in Pagefind.
pub fn write(
    language: &str,
    urls: &[&str],
    record: &(dyn Fn(usize) -> Record + Sync),
    runtime: &Runtime,
    sink: &dyn Sink,
) -> Result<(), String> {
    let mut bundle = Bundle::default();
    for round in deduplicated(urls).chunks(ROUND) {
        let indexed: Vec<Option<Indexed>> = round
            .par_iter()
            .map(|&i| index_record(record(i), language, &bundle.meta_fields))
            .collect::<Result<_, _>>()?;
        let named: Vec<(String, Vec<u8>)> = indexed
            .into_iter()
            .flatten()
            .map(|page| bundle.add(page, language))
            .collect();
        named.par_iter().try_for_each(|(name, gz)| {
            sink.put(&format!("pagefind/fragment/{name}.pf_fragment"), gz)
        })?;
    }
    bundle.finish(language, runtime, sink)
}

/// Record numbers in page order: the first position of each URL, holding its last record.
fn deduplicated(urls: &[&str]) -> Vec<usize> {
    let mut slots: HashMap<&str, usize> = HashMap::with_capacity(urls.len());
    let mut order: Vec<usize> = Vec::with_capacity(urls.len());
    for (i, url) in urls.iter().enumerate() {
        match slots.get(url) {
            Some(&slot) => order[slot] = i,
            None => {
                slots.insert(url, order.len());
                order.push(i);
            }
        }
    }
    order
}

/// Splits one record into words and compresses its fragment. `None` for a record without a
/// single word: Pagefind leaves those out.
fn index_record(
    mut record: Record,
    language: &str,
    meta_fields: &std::sync::Mutex<Vec<String>>,
) -> Result<Option<Indexed>, String> {
    let text = pagefind_words::text(&record.content, language);
    if text.words.is_empty() {
        return Ok(None);
    }
    record
        .filters
        .values_mut()
        .flatten()
        .for_each(pagefind_words::tidy);
    record.meta.values_mut().for_each(pagefind_words::tidy);
    let meta_words = pagefind_words::meta(&record.meta, language);
    let fragment = Fragment {
        url: &record.url,
        content: &text.content,
        word_count: text.word_count,
        filters: &record.filters,
        meta: &record.meta,
        anchors: &text.anchors,
    };
    let mut json = Vec::with_capacity(2 * text.content.len() + 1024);
    serde_json::to_writer(&mut json, &fragment)
        .map_err(|e| format!("cannot encode the search record {}: {e}", record.url))?;
    let fields = field_numbers(record.meta.keys(), meta_fields);
    let word_count = text.word_count;
    let mut locations = Vec::new();
    let words = (local_words(text, meta_words).into_iter())
        .map(|(word, local)| (word, encode(local, &fields, &mut locations)))
        .collect();
    Ok(Some(Indexed {
        full_hash: format!("{language}_{}", full_hash(&json)),
        fragment_gz: gzip(&json)?,
        word_count,
        words,
        locations,
        filters: record.filters,
    }))
}

/// The bundle's numbers for a record's meta fields.
fn field_numbers<'a>(
    names: impl Iterator<Item = &'a String>,
    meta_fields: &std::sync::Mutex<Vec<String>>,
) -> Vec<u32> {
    let mut known = meta_fields.lock().unwrap_or_else(|e| e.into_inner());
    names
        .map(|name| match known.iter().position(|f| f == name) {
            Some(i) => i as u32,
            None => {
                known.push(name.clone());
                known.len() as u32 - 1
            }
        })
        .collect()
}

fn encode(local: LocalWord, fields: &[u32], out: &mut Vec<u8>) -> Encoded {
    let mut span = |locations: &Locations| {
        let start = out.len();
        let size = append_locations(out, locations, fields);
        Span {
            range: start..out.len(),
            size,
        }
    };
    Encoded {
        page: local.page.as_ref().map(&mut span),
        variants: (local.variants.into_iter())
            .map(|(form, locations)| (form, span(&locations)))
            .collect(),
    }
}

/// One record's words with their packed locations (the per-page half of Pagefind's
/// `build_indexes`). Meta field numbers are the record's own (its fields in name order).
fn local_words(
    text: Text,
    meta_words: HashMap<String, Vec<MetaOccurrence>>,
) -> HashMap<String, LocalWord> {
    let mut words: HashMap<String, LocalWord> = HashMap::with_capacity(text.words.len());
    for (word, occurrences) in text.words {
        let (plain, variants) = by_variant(occurrences, |o| &mut o.original);
        let local = words.entry(word).or_default();
        if !plain.is_empty() {
            local.page = Some(Locations {
                locs: packed_locs(plain),
                meta_locs: Vec::new(),
            });
        }
        for (form, occurrences) in variants {
            let locs = packed_locs(occurrences);
            local.variants.push((
                form,
                Locations {
                    locs,
                    meta_locs: Vec::new(),
                },
            ));
        }
    }
    for (word, occurrences) in meta_words {
        let (plain, variants) = by_variant(occurrences, |o| &mut o.original);
        let local = words.entry(word).or_default();
        if !plain.is_empty() {
            local.page.get_or_insert_with(Locations::default).meta_locs = packed_meta_locs(plain);
        }
        for (form, occurrences) in variants {
            let meta_locs = packed_meta_locs(occurrences);
            match local.variants.iter_mut().find(|(f, _)| *f == form) {
                Some((_, locations)) => locations.meta_locs = meta_locs,
                None => local.variants.push((
                    form,
                    Locations {
                        locs: Vec::new(),
                        meta_locs,
                    },
                )),
            }
        }
    }
    words
}

/// Splits occurrences into those written as indexed and those written with diacritics (by
/// written form, in form order).
fn by_variant<T>(
    occurrences: Vec<T>,
    original: impl Fn(&mut T) -> &mut Option<String>,
) -> (Vec<T>, BTreeMap<String, Vec<T>>) {
    let mut plain = Vec::new();
    let mut variants: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for mut o in occurrences {
        match original(&mut o).take() {
            Some(form) => variants.entry(form).or_default().push(o),
            None => plain.push(o),
        }
    }
    (plain, variants)
}

/// Pagefind's `positions_to_packed_page`: positions grouped by weight (weight 25 first, which
/// never occurs: the default is 24), each group's positions delta-encoded after a marker
/// `-(weight + 1)` and the group's first absolute position.
fn packed_locs(mut occurrences: Vec<Occurrence>) -> Vec<i32> {
    occurrences.sort_by_key(|o| (if o.weight == 25 { 0 } else { o.weight }, o.position));
    let mut current_weight = 25;
    let mut last = 0;
    let mut locs = Vec::with_capacity(occurrences.len() + 2);
    for Occurrence {
        position, weight, ..
    } in occurrences
    {
        if weight != current_weight {
            locs.push(-(weight as i32) - 1);
            locs.push(position as i32);
            current_weight = weight;
        } else {
            locs.push((position - last) as i32);
        }
        last = position;
    }
    locs
}

/// Pagefind's `meta_positions_to_packed`: a marker `-(field + 1)` starts each field, whose
/// positions follow delta-encoded.
fn packed_meta_locs(mut occurrences: Vec<MetaOccurrence>) -> Vec<i32> {
    occurrences.sort_by_key(|o| (o.field, o.position));
    let mut current = None;
    let mut last = 0;
    let mut locs = Vec::with_capacity(occurrences.len() + 4);
    for MetaOccurrence {
        field, position, ..
    } in occurrences
    {
        if current != Some(field) {
            locs.push(-(field as i32) - 1);
            current = Some(field);
            last = 0;
        }
        locs.push((position - last) as i32);
        last = position;
    }
    locs
}

impl Bundle {
    /// Adds the next page: names its fragment (Pagefind's collision rule: the first page keeps
    /// the 7-digit hash, a later one that collides takes one more digit until unique) and
    /// merges its postings. Returns the fragment's name and compressed bytes.
    fn add(&mut self, page: Indexed, language: &str) -> (String, Vec<u8>) {
        let page_number = self.pages.len() as u32;
        let mut length = language.len() + 8;
        while length < page.full_hash.len()
            && self.fragment_names.contains(&page.full_hash[..length])
        {
            length += 1;
        }
        let name = page.full_hash[..length].to_string();
        self.fragment_names.insert(name.clone());
        self.pages.push((name.clone(), page.word_count as u32));
        for (word, encoded) in page.words {
            self.add_word(word, encoded, &page.locations, page_number);
        }
        // A filter exists once some page has a value for it.
        for (filter, values) in page.filters.into_iter().filter(|(_, v)| !v.is_empty()) {
            let filter = self.filters.entry(filter).or_default();
            for value in values {
                filter.entry(value).or_default().push(page_number);
            }
        }
        (name, page.fragment_gz)
    }

    fn add_word(&mut self, word: String, encoded: Encoded, locations: &[u8], page: u32) {
        let id = match self.words.get(word.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.postings.len() as u32;
                self.words.insert(word.into_boxed_str(), id);
                self.postings.push(Postings::default());
                id
            }
        };
        let postings = &mut self.postings[id as usize];
        let append = |stream: &mut Vec<u8>, span: Span| {
            put_varint(stream, u64::from(page));
            stream.extend_from_slice(&locations[span.range]);
            span.size
        };
        if let Some(span) = encoded.page {
            postings.size += append(&mut postings.pages, span);
        }
        for (form, span) in encoded.variants {
            let index = match postings.variants.iter().position(|(f, _)| **f == *form) {
                Some(i) => i,
                None => {
                    postings.variants.push((form.into_boxed_str(), Vec::new()));
                    postings.size += 1;
                    postings.variants.len() - 1
                }
            };
            postings.size += append(&mut postings.variants[index].1, span);
        }
    }

    /// Writes everything that needed every record: word index chunks, filters, the meta file,
    /// `pagefind-entry.json`, and the runtime files.
    fn finish(self, language: &str, runtime: &Runtime, sink: &dyn Sink) -> Result<(), String> {
        let mut languages = BTreeMap::new();
        if !self.pages.is_empty() {
            let page_count = self.pages.len();
            let hash = self.write_index(language, sink)?;
            let wasm = runtime.wasm.clone();
            languages.insert(
                language.to_string(),
                EntryLanguage {
                    hash,
                    wasm,
                    page_count,
                },
            );
        }
        for (name, bytes) in &runtime.files {
            let is_language_wasm = *name == format!("wasm.{language}.pagefind");
            if !is_language_wasm || !languages.is_empty() {
                sink.put(&format!("pagefind/{name}"), bytes)?;
            }
        }
        let entry = Entry {
            version: PAGEFIND_VERSION,
            languages,
            include_characters: WORD_SYMBOLS,
        };
        let json = serde_json::to_string(&entry).map_err(|e| e.to_string())?;
        sink.put("pagefind/pagefind-entry.json", json.as_bytes())
    }

    /// Writes the word index, filters and meta file; returns the meta file's hash.
    fn write_index(self, language: &str, sink: &dyn Sink) -> Result<String, String> {
        // Pagefind numbers meta fields in name order over all pages.
        let meta_fields = self
            .meta_fields
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let sorted: BTreeSet<&String> = meta_fields.iter().collect();
        let final_field: Vec<i32> = meta_fields
            .iter()
            .map(|f| sorted.iter().position(|s| *s == f).unwrap_or_default() as i32)
            .collect();
        let mut words: Vec<(Box<str>, u32)> = self.words.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let chunks = cut_chunks(&words, &self.postings);
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .par_iter()
            .map(|chunk| encode_chunk(chunk, &self.postings, &final_field, language))
            .collect::<Result<_, _>>()?;
        let mut index_chunks = Vec::with_capacity(chunks.len());
        let names = hashed_names(encoded.iter().map(|(_, hash)| hash.as_str()), language);
        for ((chunk, (gz, _)), name) in chunks.iter().zip(&encoded).zip(&names) {
            sink.put(&format!("pagefind/index/{name}.pf_index"), gz)?;
            index_chunks.push(MetaChunk {
                from: chunk[0].0.to_string(),
                to: chunk[chunk.len() - 1].0.to_string(),
                hash: name.clone(),
            });
        }
        trim_chunk_bounds(&mut index_chunks);
        let filters = write_filters(self.filters, language, sink)?;
        let meta = MetaIndex {
            version: PAGEFIND_VERSION.to_string(),
            pages: (self.pages.into_iter())
                .map(|(hash, word_count)| MetaPage {
                    hash,
                    word_count,
                    group_hash: String::new(),
                })
                .collect(),
            index_chunks,
            filters,
            sorts: Vec::new(),
            meta_fields: sorted.into_iter().cloned().collect(),
        };
        let bytes = cbor(&meta)?;
        let name = format!("{language}_{}", &full_hash(&bytes)[..language.len() + 8]);
        sink.put(&format!("pagefind/pagefind.{name}.pf_meta"), &gzip(&bytes)?)?;
        Ok(name)
    }
}

/// Appends a page's locations to a postings stream (after its page number); returns Pagefind's
/// chunk-size measure for them.
fn append_locations(stream: &mut Vec<u8>, locations: &Locations, fields: &[u32]) -> usize {
    put_varint(stream, locations.locs.len() as u64);
    for &loc in &locations.locs {
        put_varint(stream, zigzag(loc));
    }
    put_varint(stream, locations.meta_locs.len() as u64);
    for &loc in &locations.meta_locs {
        // Field markers switch from the record's own numbering to the bundle's.
        let loc = if loc < 0 {
            -(fields[(-loc - 1) as usize] as i32) - 1
        } else {
            loc
        };
        put_varint(stream, zigzag(loc));
    }
    locations.locs.len() + locations.meta_locs.len() + 1
}

/// Reads a postings stream back as Pagefind's packed pages, with page numbers delta-encoded
/// and meta fields numbered as in the meta file.
fn read_pages(mut stream: &[u8], final_field: &[i32]) -> Vec<PackedPage> {
    let mut pages = Vec::new();
    let mut last_page = 0;
    while !stream.is_empty() {
        let page = take_varint(&mut stream) as usize;
        let locs = take_locs(&mut stream);
        let meta_locs = take_locs(&mut stream)
            .into_iter()
            .map(|loc| {
                if loc < 0 {
                    -final_field[(-loc - 1) as usize] - 1
                } else {
                    loc
                }
            })
            .collect();
        pages.push(PackedPage {
            page_number: page - last_page,
            locs,
            meta_locs,
        });
        last_page = page;
    }
    pages
}

fn take_locs(stream: &mut &[u8]) -> Vec<i32> {
    let count = take_varint(stream) as usize;
    (0..count).map(|_| unzigzag(take_varint(stream))).collect()
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn take_varint(stream: &mut &[u8]) -> u64 {
    let mut value = 0;
    let mut shift = 0;
    while let Some((&byte, rest)) = stream.split_first() {
        *stream = rest;
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            break;
        }
    }
    value
}

fn zigzag(value: i32) -> u64 {
    u64::from(((value << 1) ^ (value >> 31)) as u32)
}

fn unzigzag(value: u64) -> i32 {
    let value = value as u32;
    ((value >> 1) as i32) ^ -((value & 1) as i32)
}

/// Pagefind's `chunk_index`: words in order, a chunk closed once it holds `INDEX_CHUNK_SIZE`.
fn cut_chunks<'a>(
    words: &'a [(Box<str>, u32)],
    postings: &[Postings],
) -> Vec<&'a [(Box<str>, u32)]> {
    let mut chunks = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (_, id)) in words.iter().enumerate() {
        size += postings[*id as usize].size;
        if size >= INDEX_CHUNK_SIZE {
            chunks.push(&words[start..=i]);
            (start, size) = (i + 1, 0);
        }
    }
    if start < words.len() {
        chunks.push(&words[start..]);
    }
    chunks
}

/// Encodes one word index chunk; returns it compressed, with its full hash.
fn encode_chunk(
    chunk: &[(Box<str>, u32)],
    postings: &[Postings],
    final_field: &[i32],
    language: &str,
) -> Result<(Vec<u8>, String), String> {
    let words = chunk
        .iter()
        .map(|(word, id)| {
            let p = &postings[*id as usize];
            PackedWord {
                word: word.to_string(),
                pages: read_pages(&p.pages, final_field),
                additional_variants: (p.variants.iter())
                    .map(|(form, stream)| PackedVariant {
                        form: form.to_string(),
                        pages: read_pages(stream, final_field),
                    })
                    .collect(),
            }
        })
        .collect();
    let bytes = cbor(&WordIndex { words })?;
    Ok((gzip(&bytes)?, format!("{language}_{}", full_hash(&bytes))))
}

/// Pagefind's `chunk_meta`: chunk bounds shortened to the shortest distinguishing prefixes.
fn trim_chunk_bounds(chunks: &mut [MetaChunk]) {
    for i in 1..chunks.len() {
        let (a, b) = prefixes(&chunks[i - 1].to, &chunks[i].from);
        // Only trim `to` if that keeps the range valid (to >= from).
        if a >= chunks[i - 1].from {
            chunks[i - 1].to = a;
        }
        chunks[i].from = b;
    }
}

fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

/// Short names for hashed files in order, as Pagefind gives word index and filter files: 7
/// digits, and on a collision two more at a time until unique.
fn hashed_names<'a>(hashes: impl Iterator<Item = &'a str>, language: &str) -> Vec<String> {
    let mut taken = HashSet::new();
    hashes
        .map(|hash| {
            let mut length = language.len() + 8;
            while taken.contains(&hash[..length]) {
                length = (length + 2).min(hash.len());
                if length == hash.len() {
                    break;
                }
            }
            let name = hash[..length].to_string();
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Writes one file per filter (in name order, values in value order); returns them for the
/// meta file.
fn write_filters(
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    language: &str,
    sink: &dyn Sink,
) -> Result<Vec<MetaFilter>, String> {
    let encoded: Vec<(String, Vec<u8>, String)> = filters
        .into_iter()
        .map(|(filter, values)| {
            let index = FilterIndex {
                filter: filter.clone(),
                values: (values.into_iter())
                    .map(|(value, pages)| PackedValue {
                        value,
                        pages: pages.into_iter().map(|p| p as usize).collect(),
                    })
                    .collect(),
            };
            let bytes = cbor(&index)?;
            let hash = format!("{language}_{}", full_hash(&bytes));
            Ok((filter, bytes, hash))
        })
        .collect::<Result<_, String>>()?;
    let names = hashed_names(encoded.iter().map(|(_, _, hash)| hash.as_str()), language);
    let mut out = Vec::with_capacity(names.len());
    for ((filter, bytes, _), name) in encoded.into_iter().zip(names) {
        sink.put(&format!("pagefind/filter/{name}.pf_filter"), &gzip(&bytes)?)?;
        out.push(MetaFilter { filter, hash: name });
    }
    Ok(out)
}

/// Pagefind's `full_hash`: SHA-1 as lower-case hex, each byte without a leading zero.
fn full_hash(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// Pagefind's compressed files: gzip of `pagefind_dcd` and the content. Pagefind uses the
/// best compression (level 9); level 6 makes files under 1% larger at 10,000 records and is
/// measurably faster, and the browser reads either. Most files are a few kilobytes, so setting up a compressor would
/// cost more than compressing: each thread keeps one.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    thread_local! {
        static DEFLATE: std::cell::RefCell<flate2::Compress> =
            std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(6), false));
    }
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    let mut crc = flate2::Crc::new();
    crc.update(b"pagefind_dcd");
    crc.update(bytes);
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        deflate_into(
            deflate,
            b"pagefind_dcd",
            flate2::FlushCompress::None,
            &mut out,
        )?;
        deflate_into(deflate, bytes, flate2::FlushCompress::Finish, &mut out)
    })?;
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    Ok(out)
}

fn deflate_into(
    deflate: &mut flate2::Compress,
    mut input: &[u8],
    flush: flate2::FlushCompress,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    loop {
        out.reserve(input.len() / 2 + 64);
        let before = deflate.total_in();
        let status = deflate
            .compress_vec(input, out, flush)
            .map_err(|e| format!("cannot compress the search index: {e}"))?;
        input = &input[(deflate.total_in() - before) as usize..];
        let done = match flush {
            flate2::FlushCompress::Finish => status == flate2::Status::StreamEnd,
            _ => input.is_empty(),
        };
        if done {
            return Ok(());
        }
    }
}

fn cbor<T: Encode<()>>(value: &T) -> Result<Vec<u8>, String> {
    minicbor::to_vec(value).map_err(|e| format!("cannot encode the search index: {e}"))
}

// Pagefind's CBOR structures (`src/index/index_*.rs`), encoded as arrays by field number.

#[derive(Encode)]
struct WordIndex {
    #[n(0)]
    words: Vec<PackedWord>,
}

#[derive(Encode)]
struct PackedWord {
    #[n(0)]
    word: String,
    #[n(1)]
    pages: Vec<PackedPage>,
    #[n(2)]
    additional_variants: Vec<PackedVariant>,
}

#[derive(Encode)]
struct PackedVariant {
    #[n(0)]
    form: String,
    #[n(1)]
    pages: Vec<PackedPage>,
}

#[derive(Encode)]
struct PackedPage {
    #[n(0)]
    page_number: usize,
    #[n(1)]
    locs: Vec<i32>,
    #[n(2)]
    meta_locs: Vec<i32>,
}

#[derive(Encode)]
struct FilterIndex {
    #[n(0)]
    filter: String,
    #[n(1)]
    values: Vec<PackedValue>,
}

#[derive(Encode)]
struct PackedValue {
    #[n(0)]
    value: String,
    #[n(1)]
    pages: Vec<usize>,
}

#[derive(Encode)]
struct MetaIndex {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

/// Sort orders; custom records here carry no sort keys, so always empty.
#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}
