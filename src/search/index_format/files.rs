//! How each file of the bundle is encoded and named (`docs/search-index-format.md`): fragment
//! and entry JSON, the CBOR of word index chunks, filters and the meta file, hashes, names and
//! compression; and the compact form postings take while records stream through.

use super::super::words::Body;
use super::{Record, SearchError};
use hashbrown::HashSet;
use minicbor::Encoder;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::convert::Infallible;

/// Hex digits of the hash in a file's name, unless it clashes.
const NAME_DIGITS: usize = 7;
/// What every compressed file starts with once inflated.
const SIGNATURE: &[u8] = b"pagefind_dcd";

type Cbor = Encoder<Vec<u8>>;
type Encoded = Result<(), minicbor::encode::Error<Infallible>>;

/// A word's postings over all pages so far: as written without diacritics, and per written form.
#[derive(Default)]
pub(super) struct Postings {
    /// The word's share of the chunk size measure.
    pub(super) size: usize,
    pub(super) plain: Stream,
    pub(super) variants: Vec<(Box<str>, Stream)>,
}

impl Postings {
    /// The stream of a written form, added after the others when it is new.
    pub(super) fn variant(&mut self, form: &str) -> &mut Stream {
        let at = match self.variants.iter().position(|(f, _)| **f == *form) {
            Some(at) => at,
            None => {
                self.size += 1;
                self.variants.push((form.into(), Stream::default()));
                self.variants.len() - 1
            }
        };
        &mut self.variants[at].1
    }
}

/// Page entries as varints: the page number's difference from the previous entry's, then
/// the entry as `put_entry` wrote it.
#[derive(Default)]
pub(super) struct Stream {
    entries: u32,
    last_page: u32,
    bytes: Vec<u8>,
}

impl Stream {
    pub(super) fn push(&mut self, page: u32, entry: &[u8]) {
        put_varint(&mut self.bytes, u64::from(page - self.last_page));
        self.bytes.extend_from_slice(entry);
        self.entries += 1;
        self.last_page = page;
    }
}

/// Writes a page entry's `locs` and `meta_locs`, each a count and zigzag varints; returns the
/// entry's size measure.
pub(super) fn put_entry(out: &mut Vec<u8>, locs: &[i32], meta_locs: &[i32]) -> usize {
    for list in [locs, meta_locs] {
        put_varint(out, list.len() as u64);
        for &n in list {
            put_varint(out, zigzag(n));
        }
    }
    locs.len() + meta_locs.len() + 1
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn read_varint(bytes: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let Some((&byte, rest)) = bytes.split_first() else {
            break;
        };
        *bytes = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
    }
    n
}

fn zigzag(n: i32) -> u64 {
    u64::from(((n << 1) ^ (n >> 31)) as u32)
}

fn unzigzag(n: u64) -> i32 {
    let n = n as u32;
    (n >> 1) as i32 ^ -((n & 1) as i32)
}

/// Sorted words cut into chunks, as `cut` says.
pub(super) fn cut_chunks<'w, 'p>(
    words: &'w [(&'p str, &'p Postings)],
    cut: Cut,
) -> Vec<&'w [(&'p str, &'p Postings)]> {
    let mut chunks = Vec::new();
    let mut rest = words;
    while !rest.is_empty() {
        let mut total = 0;
        let past = rest.iter().position(|(_, postings)| {
            total += postings.size;
            total >= cut.size()
        });
        let end = match (past, cut) {
            (None, _) => rest.len(),
            #[cfg(test)]
            (Some(last), Cut::Pagefind) => last + 1,
            (Some(last), Cut::Site) => {
                let reached = total == cut.size() || last == 0;
                if reached {
                    last + 1
                } else {
                    last
                }
            }
        };
        let (chunk, after) = rest.split_at(end);
        chunks.push(chunk);
        rest = after;
    }
    chunks
}

/// Where the word index is cut into chunks, by the format's size measure.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cut {
    /// As Pagefind's own indexer cuts it: a chunk ends with the word that brings it to 20,000.
    /// The tests hold our bundle to Pagefind's with it.
    #[cfg(test)]
    Pagefind,
    /// As the site is cut. The browser fetches, for each word of a query, the one chunk whose
    /// word range holds it, so a chunk is what a word costs: at Pagefind's size, 15 to 50 KB on
    /// a site of 10,000 records. Here a chunk ends before the word that would take it past
    /// 2,000, so most words cost a few KB, and a word with postings in most records (tens of
    /// KB whatever the cut) is a chunk of its own rather than the end of a chunk of others.
    Site,
}

impl Cut {
    fn size(self) -> usize {
        match self {
            #[cfg(test)]
            Cut::Pagefind => 20_000,
            Cut::Site => 2_000,
        }
    }
}

/// A word index chunk's CBOR. `renumber` gives the meta file's number of each meta field.
pub(super) fn word_chunk(
    words: &[(&str, &Postings)],
    renumber: &[u32],
) -> Result<Vec<u8>, SearchError> {
    let mut cbor = Encoder::new(Vec::with_capacity(64 * words.len()));
    let mut encode = || -> Encoded {
        cbor.array(1)?.array(words.len() as u64)?;
        for (word, postings) in words {
            cbor.array(3)?.str(word)?;
            page_entries(&mut cbor, &postings.plain, renumber)?;
            cbor.array(postings.variants.len() as u64)?;
            for (form, stream) in &postings.variants {
                cbor.array(2)?.str(form)?;
                page_entries(&mut cbor, stream, renumber)?;
            }
        }
        Ok(())
    };
    finish(encode(), cbor)
}

/// A stream's page entries as `[page, locs, meta_locs]` arrays.
fn page_entries(cbor: &mut Cbor, stream: &Stream, renumber: &[u32]) -> Encoded {
    let mut bytes = stream.bytes.as_slice();
    cbor.array(u64::from(stream.entries))?;
    for _ in 0..stream.entries {
        cbor.array(3)?.u64(read_varint(&mut bytes))?;
        for in_meta in [false, true] {
            let count = read_varint(&mut bytes);
            cbor.array(count)?;
            for _ in 0..count {
                let mut n = unzigzag(read_varint(&mut bytes));
                if in_meta && n < 0 {
                    n = -(renumber[(-n - 1) as usize] as i32) - 1;
                }
                cbor.i32(n)?;
            }
        }
    }
    Ok(())
}

/// A filter file's CBOR: the filter, and each value with its pages.
pub(super) fn filter(
    name: &str,
    values: &BTreeMap<String, Vec<u32>>,
) -> Result<Vec<u8>, SearchError> {
    let mut cbor = Encoder::new(Vec::new());
    let mut encode = || -> Encoded {
        cbor.array(2)?.str(name)?.array(values.len() as u64)?;
        for (value, pages) in values {
            cbor.array(2)?.str(value)?.array(pages.len() as u64)?;
            for &page in pages {
                cbor.u32(page)?;
            }
        }
        Ok(())
    };
    finish(encode(), cbor)
}

/// Where a word index chunk's words start and end, and its file name.
pub(super) struct Chunk {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) name: String,
}

/// Shortens the bounds where chunks meet to one character past what they share.
pub(super) fn shorten_bounds(chunks: &mut [Chunk]) {
    for at in 1..chunks.len() {
        let (earlier, later) = chunks.split_at_mut(at);
        let (earlier, later) = (&mut earlier[at - 1], &mut later[0]);
        let shared = (earlier.to.chars().zip(later.from.chars()))
            .take_while(|(a, b)| a == b)
            .count();
        let to: String = earlier.to.chars().take(shared + 1).collect();
        later.from = later.from.chars().take(shared + 1).collect();
        if to >= earlier.from {
            earlier.to = to;
        }
    }
}

/// The meta file's CBOR.
pub(super) fn meta(
    version: &str,
    pages: &[(String, u32)],
    chunks: &[Chunk],
    filters: &[(String, String)],
    fields: &[String],
) -> Result<Vec<u8>, SearchError> {
    let mut cbor = Encoder::new(Vec::with_capacity(32 * pages.len() + 1024));
    let mut encode = || -> Encoded {
        cbor.array(6)?.str(version)?;
        cbor.array(pages.len() as u64)?;
        for (fragment, word_count) in pages {
            cbor.array(3)?.str(fragment)?.u32(*word_count)?.str("")?;
        }
        cbor.array(chunks.len() as u64)?;
        for chunk in chunks {
            cbor.array(3)?
                .str(&chunk.from)?
                .str(&chunk.to)?
                .str(&chunk.name)?;
        }
        cbor.array(filters.len() as u64)?;
        for (filter, file) in filters {
            cbor.array(2)?.str(filter)?.str(file)?;
        }
        // No sort orders: records have no sort keys.
        cbor.array(0)?.array(fields.len() as u64)?;
        for field in fields {
            cbor.str(field)?;
        }
        Ok(())
    };
    finish(encode(), cbor)
}

fn finish(encoded: Encoded, cbor: Cbor) -> Result<Vec<u8>, SearchError> {
    encoded.map_err(|e| SearchError::Encode(e.to_string()))?;
    Ok(cbor.into_writer())
}

/// A fragment's JSON: the record as a result shows it.
pub(super) fn fragment(record: &Record, body: &Body) -> serde_json::Result<Vec<u8>> {
    let mut json = serde_json::Serializer::new(Vec::with_capacity(2 * body.shown.len() + 512));
    let mut object = (&mut json).serialize_struct("fragment", 6)?;
    object.serialize_field("url", &record.url)?;
    object.serialize_field("content", &body.shown)?;
    object.serialize_field("word_count", &body.word_count)?;
    object.serialize_field("filters", &record.filters)?;
    object.serialize_field("meta", &record.meta)?;
    let anchors: Vec<AnchorJson> = body.anchors.iter().map(AnchorJson).collect();
    object.serialize_field("anchors", &anchors)?;
    object.end()?;
    Ok(json.into_inner())
}

struct AnchorJson<'a>(&'a super::super::words::Anchor);

impl Serialize for AnchorJson<'_> {
    fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
        let mut object = to.serialize_struct("anchor", 4)?;
        object.serialize_field("element", &self.0.element)?;
        object.serialize_field("id", &self.0.id)?;
        object.serialize_field("text", "")?;
        object.serialize_field("location", &self.0.position)?;
        object.end()
    }
}

/// One language of the entry file: code, meta file name, `wasm`, page count.
pub(super) type EntryLanguage<'a> = (&'a str, String, Option<&'a str>, usize);

/// `pagefind-entry.json`.
pub(super) fn entry(
    version: &str,
    languages: &[EntryLanguage],
    word_characters: &[char],
) -> serde_json::Result<Vec<u8>> {
    struct Languages<'a>(&'a [EntryLanguage<'a>]);
    impl Serialize for Languages<'_> {
        fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = to.serialize_map(Some(self.0.len()))?;
            for (code, meta_name, wasm, page_count) in self.0 {
                map.serialize_entry(code, &Language(meta_name, *wasm, *page_count))?;
            }
            map.end()
        }
    }
    struct Language<'a>(&'a str, Option<&'a str>, usize);
    impl Serialize for Language<'_> {
        fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
            let mut object = to.serialize_struct("language", 3)?;
            object.serialize_field("hash", self.0)?;
            object.serialize_field("wasm", &self.1)?;
            object.serialize_field("page_count", &self.2)?;
            object.end()
        }
    }
    let mut json = serde_json::Serializer::new(Vec::new());
    let mut object = (&mut json).serialize_struct("entry", 3)?;
    object.serialize_field("version", version)?;
    object.serialize_field("languages", &Languages(languages))?;
    object.serialize_field("include_characters", word_characters)?;
    object.end()?;
    Ok(json.into_inner())
}

/// `L_` and the SHA-1 of `bytes` in hex, each byte in as few digits as it needs.
pub(super) fn full_name(language: &str, bytes: &[u8]) -> String {
    let digest = Sha1::digest(bytes);
    let mut name = String::with_capacity(language.len() + 41);
    name.push_str(language);
    name.push('_');
    for byte in digest {
        if byte >= 16 {
            name.push(hex_digit(byte >> 4));
        }
        name.push(hex_digit(byte & 15));
    }
    name
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).unwrap_or('0')
}

/// A name with its hash cut to `NAME_DIGITS`.
fn short_name<'a>(full_name: &'a str, language: &str) -> &'a str {
    &full_name[..language.len() + 1 + NAME_DIGITS]
}

/// The meta file's name: its hash keeps `NAME_DIGITS`, one, and one more digit per character
/// of the language code (10 for `en`).
pub(super) fn meta_name(language: &str, cbor: &[u8]) -> String {
    let full = full_name(language, cbor);
    let digits = NAME_DIGITS + 1 + language.len();
    full[..(language.len() + 1 + digits).min(full.len())].to_string()
}

/// The names taken in one folder.
#[derive(Default)]
pub(super) struct Names(HashSet<String>);

impl Names {
    /// The short name, or on a clash more digits of the hash, `step` at a time, until it is free
    /// or the whole hash is used.
    pub(super) fn claim(&mut self, full_name: &str, language: &str, step: usize) -> String {
        let mut length = short_name(full_name, language).len();
        while length < full_name.len() && self.0.contains(&full_name[..length]) {
            length = (length + step).min(full_name.len());
        }
        let name = full_name[..length].to_string();
        self.0.insert(name.clone());
        name
    }
}

/// The gzip member of a compressed file: the signature and `bytes`, deflated at level 6 (as
/// small as level 9 within 1 %, and faster), with a fixed header so that output is
/// deterministic. Each thread keeps its compressor: most files are a few kilobytes, and setting
/// one up would cost more than compressing them.
pub(super) fn gzip(bytes: &[u8]) -> Result<Vec<u8>, SearchError> {
    use flate2::{Compress, Compression, FlushCompress};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(6), false));
    }
    // Magic, deflate, no flags, no time, no extra flags, unknown OS.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.reserve(bytes.len() / 2 + 64);
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        deflate(compressor, SIGNATURE, FlushCompress::None, &mut out)?;
        deflate(compressor, bytes, FlushCompress::Finish, &mut out)
    })?;
    let mut crc = flate2::Crc::new();
    crc.update(SIGNATURE);
    crc.update(bytes);
    out.extend(crc.sum().to_le_bytes());
    out.extend(crc.amount().to_le_bytes());
    Ok(out)
}

/// Feeds `input` to the compressor until it has taken all of it (and, when finishing, written
/// the end of the stream).
fn deflate(
    compressor: &mut flate2::Compress,
    mut input: &[u8],
    flush: flate2::FlushCompress,
    out: &mut Vec<u8>,
) -> Result<(), SearchError> {
    let finishing = flush == flate2::FlushCompress::Finish;
    loop {
        out.reserve(input.len() / 2 + 64);
        let taken_before = compressor.total_in();
        let status = compressor
            .compress_vec(input, out, flush)
            .map_err(SearchError::Compress)?;
        input = &input[(compressor.total_in() - taken_before) as usize..];
        let done = if finishing {
            status == flate2::Status::StreamEnd
        } else {
            input.is_empty()
        };
        if done {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_zigzag_read_back() {
        let mut bytes = Vec::new();
        let values = [0, 1, -1, 63, -64, 300, -300, i32::MAX, i32::MIN];
        put_entry(&mut bytes, &values, &[]);
        let mut rest = bytes.as_slice();
        assert_eq!(read_varint(&mut rest), values.len() as u64);
        let back: Vec<i32> = (0..values.len())
            .map(|_| unzigzag(read_varint(&mut rest)))
            .collect();
        assert_eq!(back, values);
        assert_eq!([zigzag(0), zigzag(-1), zigzag(1), zigzag(-2)], [0, 1, 2, 3]);
    }

    #[test]
    fn hashes_drop_leading_zeros_of_each_byte() {
        // SHA-1 of "" is da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709.
        assert_eq!(
            full_name("en", b""),
            "en_da39a3ee5e6b4bd3255bfef95601890afd879"
        );
    }

    #[test]
    fn clashing_names_grow() {
        let mut names = Names::default();
        let full = "en_0123456789abcdef0123";
        assert_eq!(names.claim(full, "en", 2), "en_0123456");
        assert_eq!(names.claim(full, "en", 2), "en_012345678");
        assert_eq!(names.claim(full, "en", 1), "en_01234567");
    }

    #[test]
    fn the_sites_chunks_end_before_the_word_that_would_overfill_them() {
        let sizes = [500, 800, 900, 30_000, 100, 1_900, 50];
        let postings: Vec<Postings> = (sizes.iter())
            .map(|&size| Postings {
                size,
                ..Postings::default()
            })
            .collect();
        let names: Vec<String> = (0..sizes.len()).map(|i| format!("w{i}")).collect();
        let words: Vec<(&str, &Postings)> =
            names.iter().map(|n| n.as_str()).zip(&postings).collect();
        let sizes_of = |cut| -> Vec<Vec<usize>> {
            (cut_chunks(&words, cut).iter())
                .map(|chunk| chunk.iter().map(|(_, p)| p.size).collect())
                .collect()
        };
        // A word bigger than a chunk is a chunk of its own; one that fills a chunk exactly ends it.
        assert_eq!(
            sizes_of(Cut::Site),
            [
                vec![500, 800],
                vec![900],
                vec![30_000],
                vec![100, 1_900],
                vec![50]
            ]
        );
        assert_eq!(
            sizes_of(Cut::Pagefind),
            [vec![500, 800, 900, 30_000], vec![100, 1_900, 50]]
        );
    }

    #[test]
    fn chunk_bounds_are_shortened_where_chunks_meet() {
        let chunk = |from: &str, to: &str| Chunk {
            from: from.to_string(),
            to: to.to_string(),
            name: String::new(),
        };
        let mut chunks = vec![chunk("apple", "banana"), chunk("band", "cherry")];
        shorten_bounds(&mut chunks);
        assert_eq!(
            (chunks[0].to.as_str(), chunks[1].from.as_str()),
            ("bana", "band")
        );
    }

    #[test]
    fn compressed_files_carry_the_signature() {
        use std::io::Read;
        let gz = gzip(b"[]").unwrap();
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, b"pagefind_dcd[]");
    }
}
