//! How each file of the bundle is encoded and named (`docs/search-index-format.md`): fragment
//! and entry JSON, the CBOR of word index chunks, filters and the meta file, hashes, names and
//! compression.

use super::super::words::Body;
use super::chunks::{read_varint, unzigzag, Chunk, Postings, Stream};
use super::{Record, SearchError};
use hashbrown::HashSet;
use minicbor::Encoder;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::convert::Infallible;

/// Hex digits of the hash in a file's name, unless it clashes.
const NAME_DIGITS: usize = 7;
/// Bytes of the records' digest in numbered page names (`page_name`): two builds of changed
/// records share names once in 2^32.
const TAG_BYTES: usize = 4;
/// What every compressed file starts with once inflated.
const SIGNATURE: &[u8] = b"pagefind_dcd";

type Cbor = Encoder<Vec<u8>>;
type Encoded = Result<(), minicbor::encode::Error<Infallible>>;

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

/// The name of page `number` under `PageNames::Numbered`: `L_TAG_KIND_N`, `N` in base 36,
/// least significant digit first, so that the names of pages in a row differ in their first
/// digit and gzip finds the rest in the name before: with rounded word counts the meta file of
/// 100,000 pages is 261 KB rather than 320 KB (with exact counts it makes no difference).
pub(super) fn page_name(language: &str, tag: &str, kind: &str, number: u32) -> String {
    let mut digits = String::new();
    let mut n = number;
    loop {
        digits.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    format!("{language}_{tag}_{kind}_{digits}")
}

/// A word count as `PageNames::Numbered` lists it on a large site: to its three leading binary
/// digits, to the nearest (halves up), so within 1/8. Counts below 8 stay as they are.
pub(super) fn rounded_count(count: u32) -> u32 {
    const DIGITS: u32 = 3;
    let shift = (u32::BITS - count.leading_zeros()).saturating_sub(DIGITS);
    if shift == 0 {
        return count;
    }
    let half = 1 << (shift - 1);
    (count.saturating_add(half) >> shift) << shift
}

/// The digits of a digest that `PageNames::Numbered` names carry.
pub(super) fn tag_digits(digest: &[u8]) -> String {
    (digest.iter().take(TAG_BYTES))
        .map(|b| format!("{b:02x}"))
        .collect()
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
    fn hashes_drop_leading_zeros_of_each_byte() {
        // SHA-1 of "" is da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709.
        assert_eq!(
            full_name("en", b""),
            "en_da39a3ee5e6b4bd3255bfef95601890afd879"
        );
    }

    #[test]
    fn numbered_page_names_carry_tag_kind_and_number() {
        assert_eq!(tag_digits(&[0x0a, 0xbc, 1, 2, 3]), "0abc0102");
        assert_eq!(
            page_name("en", "0abc0102", "asset", 0),
            "en_0abc0102_asset_0"
        );
        assert_eq!(
            page_name("cy", "0abc0102", "page", 36 * 36 + 35),
            "cy_0abc0102_page_z01"
        );
    }

    #[test]
    fn rounded_word_counts_keep_three_binary_digits() {
        let rounded = [1, 7, 8, 9, 15, 17, 19, 136, 150, 1000, u32::MAX].map(rounded_count);
        assert_eq!(
            rounded,
            [1, 7, 8, 10, 16, 16, 20, 128, 160, 1024, 0xE000_0000]
        );
        for count in 1..5000 {
            let off = f64::from(rounded_count(count)) / f64::from(count) - 1.0;
            assert!(off.abs() <= 1.0 / 8.0, "{count}: {}", rounded_count(count));
        }
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
