//! Search tests. The oracle: our streaming writer must produce exactly the bundle Pagefind's
//! own `PagefindIndex` produces from the same records (the same file names, which carry content
//! hashes, and the same bytes once decompressed), so Pagefind's browser side keeps working.

use super::index_format::{self, Record};
use super::*;
use crate::output::MemorySink;
use std::io::Read;
use std::path::Path;

#[allow(dead_code)] // Its `main` is the example's.
#[path = "../../examples/gen_corpus.rs"]
mod gen_corpus;

const TODAY: &str = "2026-11-25";

#[test]
fn ages_match_eligibility_ranges() {
    assert_eq!(age_values(None, None), vec!["all-ages"]);
    assert_eq!(age_values(Some(16), Some(18)), vec!["16", "17", "18"]);
    let over_sixty = age_values(Some(60), None);
    assert_eq!(over_sixty.first().map(String::as_str), Some("60"));
    assert_eq!(over_sixty.last().map(String::as_str), Some("99"));
}

#[test]
fn strips_markup_for_indexing() {
    assert_eq!(
        strip_tags("<p>Hello <strong>you</strong></p>\n<p>there</p>"),
        "Hello you there"
    );
}

#[test]
fn example_site_matches_pagefind() {
    assert_site_matches_pagefind(Path::new(env!("CARGO_MANIFEST_DIR")));
}

/// RTL, emoji, Welsh (no stemmer, no language WASM) and Urdu, 50,000-character strings.
#[test]
fn hostile_site_matches_pagefind() {
    assert_site_matches_pagefind(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile"),
    );
}

/// Enough records for several word index chunks and, with 7-digit hashes, a fair chance of
/// nothing special; the collision rules are covered by `tricky_records_match_pagefind`.
#[test]
fn generated_corpus_matches_pagefind() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(300, dir.path(), false);
    assert_site_matches_pagefind(dir.path());
}

/// Records no site would have but a careless editor could write: a repeated URL (the later
/// record replaces the earlier one in place), a record without a word (left out), Pagefind's
/// private markers in the text and values, diacritics, katakana, dotted and camel-case words,
/// words only in meta fields, empty filters and repeated filter values.
#[test]
fn tricky_records_match_pagefind() {
    let record =
        |url: &str, content: &str, meta: &[(&str, &str)], filters: &[(&str, &[&str])]| Record {
            url: url.to_string(),
            content: content.to_string(),
            meta: meta
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            filters: (filters.iter())
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect(),
        };
    let records = vec![
        record("/a/", "Café crème brûlée at the café", &[("title", "Café Zoë")], &[("need", &["food", "food"])]),
        record("/b/", "—— … !!", &[("title", "Only punctuation")], &[("need", &["money"])]),
        record("/c/", "sysconfig.is_python_build camelCaseWord drop-in 😀👍 テレビゲーム", &[("summary", "Meta only: zebra naïve")], &[("empty", &[])]),
        record("/a/", "Replaced: ___PAGEFIND_WEIGHT___3 heavy ___END_PAGEFIND_WEIGHT___ light ___PAGEFIND_ANCHOR___h2:x:y after", &[("title", "A again ___PAGEFIND_IGNORE me")], &[("need", &["___PAGEFIND_x food"])]),
        record("/d/", "\u{200B} zero\u{200B}width ___PAGEFIND_AUTO_WEIGHT___2 auto", &[], &[]),
        record("/e/", "___PAGEFIND_WEIGHT___0 w ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___1.05 w w ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___0 w ___END_PAGEFIND_WEIGHT___ w ___PAGEFIND_WEIGHT___x ___PAGEFIND_AUTO_WEIGHT___5 inner ___END_PAGEFIND_WEIGHT___ ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___nan tiny ___END_PAGEFIND_WEIGHT___ ___END_PAGEFIND_WEIGHT___ after", &[], &[]),
        record("/f/", "スーパーマーケットチェーンストアオペレーション Naïve naive NAÏVE ﾃﾚﾋﾞ ヴァイオリン", &[("title", "Naïve école"), ("zz", "ÉCOLE naïve naive")], &[("need", &["b", "a"])]),
        record("/g/", "École drop-in café-bar, naïve", &[("title", "Ecole")], &[]),
    ];
    assert_records_match_pagefind("en", records);
}

/// Pagefind names a fragment by 7 digits of its hash; a later fragment whose digits are taken
/// gets one more digit. Two such records are found by trying URLs.
#[test]
fn colliding_fragment_names_match_pagefind() {
    use sha1::Digest;
    let json = |i: u32| {
        format!(
            r#"{{"url":"/{i}/","content":"collide","word_count":1,"filters":{{}},"meta":{{}},"anchors":[]}}"#
        )
    };
    let digits = |i: u32| -> String {
        let hash = sha1::Sha1::digest(json(i).as_bytes());
        hash.iter().map(|b| format!("{b:x}")).collect::<String>()[..7].to_string()
    };
    let mut seen = HashMap::new();
    let (a, b) = (0..)
        .find_map(|i| seen.insert(digits(i), i).map(|j| (j, i)))
        .unwrap();
    let record = |i: u32| Record {
        url: format!("/{i}/"),
        content: "collide".to_string(),
        meta: BTreeMap::new(),
        filters: BTreeMap::new(),
    };
    let ours = assert_records_match_pagefind("en", vec![record(b), record(a), record(0)]);
    // `pagefind/fragment/en_` and 7 digits and `.pf_fragment` make 40 characters.
    let longer = |name: &&String| name.starts_with("pagefind/fragment/en_") && name.len() > 40;
    assert!(
        ours.keys().any(|n| longer(&n)),
        "no name was lengthened: {ours:?}"
    );
}

/// Filter files are named like fragments, but a clash takes two more digits at a time. Two
/// filter names whose files' hashes share 7 digits are found by trying names.
#[test]
fn colliding_filter_names_match_pagefind() {
    use sha1::Digest;
    let cbor = |filter: &str| {
        let mut cbor = minicbor::Encoder::new(Vec::new());
        let encoded = cbor.array(2).and_then(|c| {
            c.str(filter)?
                .array(1)?
                .array(2)?
                .str("v")?
                .array(1)?
                .u32(0)
        });
        encoded.unwrap();
        cbor.into_writer()
    };
    let digits = |filter: &str| -> String {
        let hash = sha1::Sha1::digest(cbor(filter));
        hash.iter().map(|b| format!("{b:x}")).collect::<String>()[..7].to_string()
    };
    let mut seen = HashMap::new();
    let (a, b) = (0..)
        .map(|i| format!("f{i}"))
        .find_map(|name| {
            seen.insert(digits(&name), name.clone())
                .map(|other| (other, name))
        })
        .unwrap();
    let record = Record {
        url: "/".to_string(),
        content: "collide".to_string(),
        meta: BTreeMap::new(),
        filters: BTreeMap::from([(a, vec!["v".to_string()]), (b, vec!["v".to_string()])]),
    };
    let ours = assert_records_match_pagefind("en", vec![record]);
    // `pagefind/filter/en_` and 9 digits and `.pf_filter` make 38 characters.
    let longer = |name: &&String| name.starts_with("pagefind/filter/en_") && name.len() == 38;
    assert!(
        ours.keys().any(|n| longer(&n)),
        "no name was lengthened by two digits: {ours:?}"
    );
}

/// Writes the records with our writer and with Pagefind, compares, and returns ours.
fn assert_records_match_pagefind(
    language: &str,
    records: Vec<Record>,
) -> BTreeMap<String, Vec<u8>> {
    let ours = MemorySink::default();
    let urls: Vec<&str> = records.iter().map(|r| r.url.as_str()).collect();
    let runtime = runtime(language).unwrap();
    let take = |i: usize| clone(&records[i]);
    let pagefind = (
        index_format::Cut::Pagefind,
        index_format::PageNames::Pagefind,
    );
    let indexed = index_format::write(language, &urls, &take, &runtime, pagefind, &ours).unwrap();
    index_format::write_entry(&[indexed], &ours).unwrap();
    let ours = ours.into_files();
    assert_same_bundle(ours.clone(), pagefind_bundle(language, records));
    ours
}

fn clone(r: &Record) -> Record {
    Record {
        url: r.url.clone(),
        content: r.content.clone(),
        meta: r.meta.clone(),
        filters: r.filters.clone(),
    }
}

/// Builds the site's search bundle both ways, cut where Pagefind cuts it, and compares.
fn assert_site_matches_pagefind(root: &Path) {
    let (ours, theirs) = site_bundles(root, index_format::Cut::Pagefind);
    assert_same_bundle(ours, theirs);
}

/// The site's word index, cut smaller than Pagefind cuts it, holds the very words and
/// postings Pagefind's does, in the same order; the meta file differs only in where the chunks
/// are; every other file is the same.
#[test]
fn the_sites_smaller_chunks_hold_what_pagefinds_hold() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(300, dir.path(), false);
    let (ours, theirs) = site_bundles(dir.path(), index_format::Cut::Site);
    let (ours_words, ours_cut) = word_index(&ours);
    let (theirs_words, theirs_cut) = word_index(&theirs);
    assert_eq!(ours_words, theirs_words, "the word index holds other words");
    assert!(
        ours_cut.chunks.len() >= 3 * theirs_cut.chunks.len(),
        "{} chunks, Pagefind's {}",
        ours_cut.chunks.len(),
        theirs_cut.chunks.len()
    );
    assert_eq!(ours_cut.rest, theirs_cut.rest, "the meta files differ");
    for pair in ours_cut.chunks.windows(2) {
        let ((from, to), (next_from, _)) = (&pair[0], &pair[1]);
        assert!(
            from <= to && to < next_from,
            "chunks out of order: {pair:?}"
        );
    }
    let others = |b: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        let indexed = |n: &str| n.ends_with(".pf_index") || n.ends_with(".pf_meta");
        let entry = |n: &str| n.ends_with("pagefind-entry.json");
        (b.iter())
            .filter(|(n, _)| !indexed(n) && !entry(n))
            .map(|(n, bytes)| (n.clone(), bytes.clone()))
            .collect()
    };
    assert!(others(&ours).keys().any(|n| n.ends_with(".pf_fragment")));
    assert_same_files(others(&ours), others(&theirs));
}

/// The word index of a bundle: every word's CBOR, chunk after chunk in the meta file's order,
/// and the meta file split into the chunks' bounds and the rest.
fn word_index(bundle: &BTreeMap<String, Vec<u8>>) -> (Vec<Vec<u8>>, MetaFile) {
    let (_, meta) = (bundle.iter())
        .find(|(n, _)| n.ends_with(".pf_meta"))
        .expect("a meta file");
    let meta = decompressed(".pf_meta", meta);
    let mut d = minicbor::Decoder::new(&meta[b"pagefind_dcd".len()..]);
    let mut rest = Vec::new();
    let mut chunks = Vec::new();
    let mut names = Vec::new();
    d.array().unwrap();
    for field in 0..6 {
        let start = d.position();
        if field == 2 {
            for _ in 0..d.array().unwrap().unwrap() {
                d.array().unwrap();
                let (from, to) = (d.str().unwrap(), d.str().unwrap());
                chunks.push((from.to_string(), to.to_string()));
                names.push(d.str().unwrap().to_string());
            }
        } else {
            d.skip().unwrap();
            rest.push(d.input()[start..d.position()].to_vec());
        }
    }
    let mut words = Vec::new();
    for name in names {
        let file = crate::addresses::search_index_file(&format!("index/{name}.pf_index"));
        let chunk = decompressed(".pf_index", &bundle[&file]);
        let mut d = minicbor::Decoder::new(&chunk[b"pagefind_dcd".len()..]);
        d.array().unwrap();
        for _ in 0..d.array().unwrap().unwrap() {
            let start = d.position();
            d.skip().unwrap();
            words.push(d.input()[start..d.position()].to_vec());
        }
    }
    (words, MetaFile { chunks, rest })
}

/// A meta file: each chunk's `from` and `to`, and the CBOR of every other field.
struct MetaFile {
    chunks: Vec<(String, String)>,
    rest: Vec<Vec<u8>>,
}

/// The model of the site at `root`, as `build` makes it.
fn site_model(root: &Path) -> Model {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let mut diags = crate::diagnostics::Diagnostics::default();
    let content = crate::pipeline::load(root, today, &mut diags)
        .unwrap()
        .unwrap_or_else(|| panic!("{} does not load: {diags:?}", root.display()));
    crate::pipeline::model(root, &content, None, today, &mut diags)
        .unwrap_or_else(|| panic!("{} has no theme: {diags:?}", root.display()))
}

/// The site's search bundle as `index` writes it (its word index cut as `cut` says) and as
/// Pagefind writes it, without the files that are ours alone.
fn site_bundles(
    root: &Path,
    cut: index_format::Cut,
) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let model = site_model(root);
    let ours = MemorySink::default();
    index_cut(&model, cut, (&pagefind_names, Added::Counted), &ours).unwrap();
    let records = Records::new(&model, Added::Counted);
    let records = (0..records.sources.len())
        .map(|i| records.record(i))
        .collect();
    // The spelling vocabulary, the everyday words and the routes' cards are ours alone; the
    // rest is Pagefind's.
    let mut ours = ours.into_files();
    assert!(ours.remove(crate::addresses::SEARCH_VOCABULARY).is_some());
    assert!(ours.remove(crate::addresses::SEARCH_EVERYDAY).is_some());
    for pathway in &model.pathways {
        let card = ours.remove(&crate::addresses::search_route(&pathway.id));
        assert_eq!(
            card,
            Some(crate::my_map::pathway_card(pathway).into_bytes())
        );
    }
    (ours, pagefind_bundle(&language(&model), records))
}

/// What Pagefind itself writes for the records, less the UIs we do not publish.
fn pagefind_bundle(language: &str, records: Vec<Record>) -> BTreeMap<String, Vec<u8>> {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let files = tokio.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).unwrap();
        for r in records {
            let (meta, filters) = (Some(r.meta), Some(r.filters));
            index
                .add_custom_record(r.url, r.content, language.to_string(), meta, filters, None)
                .await
                .unwrap();
        }
        index.get_files().await.unwrap()
    });
    files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(name, _)| !is_unused_ui(name))
        .map(|(name, bytes)| (crate::addresses::search_index_file(&name), bytes))
        .collect()
}

fn is_unused_ui(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name == "pagefind-highlight.js"
}

fn assert_same_bundle(ours: BTreeMap<String, Vec<u8>>, theirs: BTreeMap<String, Vec<u8>>) {
    assert!(theirs.keys().any(|n| n.ends_with(".pf_index")));
    assert_same_files(ours, theirs);
}

/// The same file names, and the same bytes once decompressed.
fn assert_same_files(ours: BTreeMap<String, Vec<u8>>, theirs: BTreeMap<String, Vec<u8>>) {
    let names = |b: &BTreeMap<String, Vec<u8>>| b.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&ours),
        names(&theirs),
        "the bundles' file names differ"
    );
    for (name, bytes) in &ours {
        let (ours, theirs) = (decompressed(name, bytes), decompressed(name, &theirs[name]));
        if ours != theirs {
            let at = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
            panic!(
                "{name} differs from byte {at} ({} bytes against Pagefind's {}):\n ours:   {:?}\n theirs: {:?}",
                ours.len(),
                theirs.len(),
                String::from_utf8_lossy(&ours[at.saturating_sub(40)..(at + 40).min(ours.len())]),
                String::from_utf8_lossy(&theirs[at.saturating_sub(40)..(at + 40).min(theirs.len())]),
            );
        }
    }
}

/// The content of a bundle file: compressed index files are gunzipped and must start with
/// Pagefind's `pagefind_dcd` header.
fn decompressed(name: &str, bytes: &[u8]) -> Vec<u8> {
    let compressed = [".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta"];
    if !compressed.iter().any(|ext| name.ends_with(ext)) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{name} is not valid gzip: {e}"));
    assert!(
        out.starts_with(b"pagefind_dcd"),
        "{name} has no pagefind_dcd header"
    );
    out
}

#[test]
fn results_say_what_they_are_in_the_sites_language() {
    let model = site_model(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/welsh"));
    let records = Records::new(&model, Added::Counted);
    let meta = |url: &str| {
        let i = (records.sources.iter().position(|s| s.path() == url))
            .unwrap_or_else(|| panic!("no record {url}"));
        records.record(i).meta
    };
    let asset = meta("assets/cyngor-dyled/");
    let said = |key: &str| asset.get(key).map(String::as_str);
    assert_eq!(said("kind"), Some("Gwasanaeth"));
    assert_eq!(said("cost"), Some("Am ddim"));
    assert_eq!(said("access"), Some("Galw heibio, Hunanatgyfeirio"));
    assert_eq!(said("age"), Some("Oed 16 i 25"));
    let pathway = meta("pathways/pryderon-arian/");
    assert_eq!(pathway.get("kind").map(String::as_str), Some("Llwybr"));
}

/// Pages named as Pagefind names them, for `index_cut`.
fn pagefind_names(_: &str) -> index_format::PageNames<'_> {
    index_format::PageNames::Pagefind
}

/// The site names pages `L_TAG_KIND_N` (`index_format::PageNames::Numbered`): page for page,
/// the fragments Pagefind names by their hash, each under its record's kind and its number, after
/// a digest of the records that any change to a record changes.
#[test]
fn the_sites_pages_are_numbered_by_kind_after_a_digest_of_the_records() {
    let (model, [(ours, our_pages), (theirs, their_pages)]) =
        indexed_twice(&numbered, &pagefind_names);
    let records = Records::new(&model, Added::Uncounted);
    let tag = records.tag("");
    let mut kinds = BTreeSet::new();
    let pages = our_pages.iter().zip(&their_pages).enumerate();
    for (number, ((ours_name, ours_count), (theirs_name, theirs_count))) in pages {
        // A site of fewer than `index_format::ROUNDED_FROM` pages keeps exact word counts.
        assert_eq!(ours_count, theirs_count, "page {number}");
        let json = fragment(&ours, ours_name);
        assert_eq!(json, fragment(&theirs, theirs_name), "page {number}");
        let json: serde_json::Value =
            serde_json::from_slice(&json[b"pagefind_dcd".len()..]).unwrap();
        // A service is filed under no kind (search-rank.js tells it by the empty KIND).
        let kind = json["filters"]["kind"][0].as_str().unwrap_or("");
        kinds.insert(kind.to_string());
        let digits = ours_name.rsplit('_').next().unwrap();
        assert_eq!(*ours_name, format!("en_{tag}_{kind}_{digits}"));
        let n = u32::from_str_radix(&digits.chars().rev().collect::<String>(), 36).unwrap();
        assert_eq!(n as usize, number);
    }
    assert_eq!(
        kinds,
        BTreeSet::from(["", "guide", "page", "pathway"].map(String::from)),
        "{kinds:?}"
    );
    let changed = index_format::tag(&[], records.sources.len(), &|i| {
        let mut record = records.plain_record(i);
        if i == 7 {
            record
                .meta
                .insert("title".to_string(), "Another name".to_string());
        }
        record
    });
    assert_eq!(changed.len(), tag.len());
    assert_ne!(changed, tag);
}

/// The digest in page names changes with anything that changes a record: a record itself (above),
/// the everyday words every record is indexed under, how they count, and where the language's
/// pages are.
#[test]
fn the_digest_covers_what_every_record_is_built_with() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(20, dir.path(), false);
    let mut model = site_model(dir.path());
    let tag = Records::new(&model, Added::Uncounted).tag("");
    assert_eq!(Records::new(&model, Added::Uncounted).tag(""), tag);
    assert_ne!(Records::new(&model, Added::Counted).tag(""), tag);
    assert_ne!(Records::new(&model, Added::Uncounted).tag("cy/"), tag);
    let (_, means) = model.synonyms.0.iter_mut().next().unwrap();
    means.push("something else".to_string());
    assert_ne!(Records::new(&model, Added::Uncounted).tag(""), tag);
}

/// On a large site (`index_format::ROUNDED_FROM` pages or more, here any) the meta file lists
/// each page's word count rounded to three binary digits, and nothing else changes.
#[test]
fn a_large_sites_meta_file_rounds_word_counts() {
    let (_, [(exact, exact_pages), (rounded, rounded_pages)]) =
        indexed_twice(&numbered, &rounded_numbers);
    let mut changed = 0;
    for ((name, count), (rounded_name, rounded_count)) in exact_pages.iter().zip(&rounded_pages) {
        assert_eq!(name, rounded_name);
        let json = fragment(&exact, name);
        let json: serde_json::Value =
            serde_json::from_slice(&json[b"pagefind_dcd".len()..]).unwrap();
        assert_eq!(json["word_count"].as_u64(), Some(u64::from(*count)));
        let off = f64::from(*rounded_count) / f64::from(*count) - 1.0;
        assert!(off.abs() <= 1.0 / 8.0, "{rounded_count} for {count}");
        let digits = 32 - rounded_count.leading_zeros() - rounded_count.trailing_zeros();
        assert!(digits <= 3, "{rounded_count} for {count}");
        changed += usize::from(rounded_count != count);
    }
    assert!(changed > exact_pages.len() / 2, "{changed} counts rounded");
    let others = |b: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        let listing = |n: &str| n.ends_with(".pf_meta") || n.ends_with("pagefind-entry.json");
        b.into_iter().filter(|(n, _)| !listing(n)).collect()
    };
    assert_eq!(others(exact), others(rounded));
}

/// A search bundle's files, and the pages (name, word count) its meta file lists.
type Bundle = (BTreeMap<String, Vec<u8>>, Vec<(String, u32)>);

/// The model of a generated site of 300 assets, and its search bundle written twice, with pages
/// named by `first` and by `second`: the same pages, more than the assets, in each.
fn indexed_twice(first: &NamePages, second: &NamePages) -> (Model, [Bundle; 2]) {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(300, dir.path(), false);
    let model = site_model(dir.path());
    let bundle = |names: &NamePages| {
        let sink = MemorySink::default();
        index_cut(
            &model,
            index_format::Cut::Site,
            (names, Added::Uncounted),
            &sink,
        )
        .unwrap();
        let files = sink.into_files();
        let pages = page_names(&files);
        (files, pages)
    };
    let bundles = [bundle(first), bundle(second)];
    let counts = bundles.each_ref().map(|(_, pages)| pages.len());
    assert_eq!(counts[0], counts[1]);
    assert!(counts[0] > 300, "{} pages", counts[0]);
    (model, bundles)
}

/// Page `name`'s fragment in `bundle`, decompressed.
fn fragment(bundle: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<u8> {
    let file = crate::addresses::search_index_file(&format!("fragment/{name}.pf_fragment"));
    decompressed(&file, &bundle[&file])
}

/// Pages numbered as the site numbers them, with word counts rounded whatever the site's size.
fn rounded_numbers(tag: &str) -> index_format::PageNames<'_> {
    index_format::PageNames::Numbered {
        tag,
        rounded_from: 0,
    }
}

/// The page names and word counts of a bundle's meta file, in page order.
fn page_names(bundle: &BTreeMap<String, Vec<u8>>) -> Vec<(String, u32)> {
    let (name, meta) = (bundle.iter())
        .find(|(n, _)| n.ends_with(".pf_meta"))
        .expect("a meta file");
    let meta = decompressed(name, meta);
    let mut d = minicbor::Decoder::new(&meta[b"pagefind_dcd".len()..]);
    d.array().unwrap();
    d.skip().unwrap();
    let count = d.array().unwrap().unwrap();
    (0..count)
        .map(|_| {
            d.array().unwrap();
            let name = d.str().unwrap().to_string();
            let count = d.u32().unwrap();
            d.skip().unwrap();
            (name, count)
        })
        .collect()
}
