//! The word index while records stream through, and where it is cut into chunks: each word's
//! postings in a compact form (varints, zigzag), the rule that ends a chunk, and the shortened
//! word ranges where chunks meet, which tell the browser which chunk holds a word.

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
    pub(super) entries: u32,
    last_page: u32,
    pub(super) bytes: Vec<u8>,
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

pub(super) fn read_varint(bytes: &mut &[u8]) -> u64 {
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

pub(super) fn unzigzag(n: u64) -> i32 {
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
    fn shortens_ends(self) -> bool {
        match self {
            #[cfg(test)]
            Cut::Pagefind => true,
            Cut::Site => false,
        }
    }

    fn size(self) -> usize {
        match self {
            #[cfg(test)]
            Cut::Pagefind => 20_000,
            Cut::Site => 2_000,
        }
    }
}

/// Where a word index chunk's words start and end, and its file name.
pub(super) struct Chunk {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) name: String,
}

/// Shortens the bounds where chunks meet to one character past what they share: a later
/// chunk's `from`, and under `Cut::Pagefind` an earlier chunk's `to` too. The browser looks a
/// word up in the chunk whose bounds hold it (and in every chunk only when no word of the query
/// is in any), so a `to` cut shorter than the chunk's last word ("adult" to "adu") leaves that
/// word between two chunks, and a query with another word silently loses it. The site keeps
/// each `to` whole.
pub(super) fn shorten_bounds(chunks: &mut [Chunk], cut: Cut) {
    for at in 1..chunks.len() {
        let (earlier, later) = chunks.split_at_mut(at);
        let (earlier, later) = (&mut earlier[at - 1], &mut later[0]);
        let shared = (earlier.to.chars().zip(later.from.chars()))
            .take_while(|(a, b)| a == b)
            .count();
        let to: String = earlier.to.chars().take(shared + 1).collect();
        later.from = later.from.chars().take(shared + 1).collect();
        if cut.shortens_ends() && to >= earlier.from {
            earlier.to = to;
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
        let bounds = |cut| {
            let mut chunks = vec![chunk("apple", "banana"), chunk("band", "cherry")];
            shorten_bounds(&mut chunks, cut);
            (chunks[0].to.clone(), chunks[1].from.clone())
        };
        assert_eq!(
            bounds(Cut::Pagefind),
            ("bana".to_string(), "band".to_string())
        );
        assert_eq!(
            bounds(Cut::Site),
            ("banana".to_string(), "band".to_string())
        );
        // Pagefind's "bana" leaves "banana" between the chunks.
        let mut pagefind = vec![chunk("apple", "banana"), chunk("band", "cherry")];
        shorten_bounds(&mut pagefind, Cut::Pagefind);
        assert_eq!(chunk_of(&pagefind, "banana"), None);
    }

    /// The browser's lookup: the first chunk whose bounds hold the word.
    fn chunk_of<'c>(chunks: &'c [Chunk], word: &str) -> Option<&'c str> {
        let holds = |c: &&Chunk| word >= c.from.as_str() && word <= c.to.as_str();
        chunks.iter().find(holds).map(|c| c.name.as_str())
    }

    #[test]
    fn every_word_of_the_sites_chunks_is_looked_up_in_its_chunk() {
        let words = [
            "ad", "adult", "advice", "advise", "b", "ba", "bank", "bankrupt", "z",
        ];
        for size in 1..words.len() {
            let chunked: Vec<&[&str]> = words.chunks(size).collect();
            let mut chunks: Vec<Chunk> = (chunked.iter().enumerate())
                .map(|(i, w)| Chunk {
                    from: w[0].to_string(),
                    to: w[w.len() - 1].to_string(),
                    name: i.to_string(),
                })
                .collect();
            shorten_bounds(&mut chunks, Cut::Site);
            for (i, chunk_words) in chunked.iter().enumerate() {
                for word in *chunk_words {
                    assert_eq!(
                        chunk_of(&chunks, word),
                        Some(i.to_string().as_str()),
                        "{word} in chunks of {size}"
                    );
                }
            }
        }
    }
}
