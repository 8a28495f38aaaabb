//! Property-based fuzzing of the three places hostile bytes enter: the record decoder, the
//! Markdown renderer and the whole pipeline (load, then build when the content is valid, on
//! the valid fixture site with one record file replaced or added). (cargo-fuzz needs a nightly toolchain; proptest
//! runs on stable, in `cargo test`.)
//!
//! Each target must never panic, must keep its output bounded, and must say where a problem
//! is (`file:line:col` within the file). The renderer's output must also be safe HTML.
//!
//! How long to fuzz:
//! - `FUZZ_CASES` cases per round (default 256, and 64 for the pipeline, whose every case
//!   builds a site; so `cargo test` stays fast);
//! - `FUZZ_SECONDS`: keep running rounds until this many seconds have passed (per target).
//!
//! `FUZZ_SECONDS=60 cargo test --release --test fuzz -- --nocapture` fuzzes for a minute a
//! target and prints how many cases ran.
//!
//! A failing input is shrunk and saved under `target/tmp/fuzz-failures/<target>/`. Once the
//! bug is fixed, move it to `tests/fuzz-corpus/<target>/`: every file there is replayed by
//! the `corpus_*` tests on every run, so the bug stays fixed. Pipeline corpus files are named
//! `<kind>-<what>.<ext>` (kinds in `RECORD_FILES`), which says which record file they replace.

#[path = "common/safety.rs"]
mod safety;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use supportmap::diagnostics::{Diagnostics, Severity};
use supportmap::markdown::Renderer;
use supportmap::records::AssetRecord;

const TODAY: (i32, u32, u32) = (2026, 11, 25);

// ---------------------------------------------------------------------------------------------
// The driver.

/// An input that can be saved as a file for the regression corpus.
trait Sample: Clone + Debug {
    /// Start of the file name (says what the file is for), extension, and bytes.
    fn file(&self) -> (&str, &str, Vec<u8>);
}

impl Sample for String {
    fn file(&self) -> (&str, &str, Vec<u8>) {
        ("input", "txt", self.clone().into_bytes())
    }
}

/// Which record file the pipeline target replaces: corpus name prefix and path in the site.
const RECORD_FILES: &[(&str, &str)] = &[
    ("asset", "content/assets/fuzz.yaml"),
    ("asset", "content/assets/fuzz.md"),
    ("site", "content/site.yaml"),
    ("needs", "content/needs.yaml"),
    ("place", "content/places/fuzz.yaml"),
    ("pathway", "content/pathways/fuzz.md"),
    ("guide", "content/guide/09-fuzz.md"),
    ("page", "content/pages/fuzz.md"),
];

/// One record file for the pipeline: where it goes (an entry of `RECORD_FILES`) and its bytes.
#[derive(Clone)]
struct RecordFile {
    kind: &'static str,
    path: &'static str,
    bytes: Vec<u8>,
}

impl RecordFile {
    fn new(path: &'static str, bytes: Vec<u8>) -> RecordFile {
        let kind = RECORD_FILES
            .iter()
            .find(|(_, p)| *p == path)
            .expect("a known record path")
            .0;
        RecordFile { kind, path, bytes }
    }

    /// From a corpus file named `<kind>-<anything>.<ext>`.
    fn from_corpus(name: &str, bytes: Vec<u8>) -> RecordFile {
        let ext = name.rsplit('.').next().unwrap_or("");
        let (kind, path) = RECORD_FILES
            .iter()
            .find(|(kind, path)| name.starts_with(&format!("{kind}-")) && path.ends_with(&format!(".{ext}")))
            .unwrap_or_else(|| panic!("{name}: name a pipeline corpus file <kind>-<what>.<ext>, kind one of {RECORD_FILES:?}"));
        RecordFile { kind, path, bytes }
    }
}

impl Debug for RecordFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} = {:?}",
            self.path,
            String::from_utf8_lossy(&self.bytes)
        )
    }
}

impl Sample for RecordFile {
    fn file(&self) -> (&str, &str, Vec<u8>) {
        (
            self.kind,
            self.path.rsplit('.').next().unwrap(),
            self.bytes.clone(),
        )
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs `check` on inputs from `strategy`: one round of `FUZZ_CASES` (or `default_cases`), or
/// rounds until `FUZZ_SECONDS` have passed. Saves the shrunk input of a failure, then fails.
fn fuzz<S>(
    target: &str,
    default_cases: u32,
    strategy: S,
    check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Sample,
{
    let cases =
        env_number("FUZZ_CASES").map_or(default_cases, |n| n.clamp(1, u64::from(u32::MAX)) as u32);
    let budget = env_number("FUZZ_SECONDS").map(Duration::from_secs);
    let started = Instant::now();
    let mut total = 0u64;
    loop {
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 10_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        match runner.run(&strategy, |value| check(&value)) {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => {
                let saved = save_failure(target, &value);
                panic!("fuzz target {target} failed after {total}+ cases: {reason}\nminimal input: {value:?}\nsaved to {}", saved.display());
            }
            Err(TestError::Abort(reason)) => panic!("fuzz target {target} aborted: {reason}"),
        }
        total += u64::from(cases);
        if budget.is_none_or(|b| started.elapsed() >= b) {
            break;
        }
    }
    eprintln!(
        "fuzz {target}: {total} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn save_failure(target: &str, value: &impl Sample) -> PathBuf {
    let (prefix, ext, bytes) = value.file();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-failures")
        .join(target);
    fs::create_dir_all(&dir).unwrap();
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("{prefix}-{hash:016x}.{ext}"));
    fs::write(&path, bytes).unwrap();
    path
}

/// Files of `tests/fuzz-corpus/<target>/`, sorted.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the {target} corpus is empty");
    files
}

/// Replays a corpus: every file must pass `check`, and quickly.
fn replay(target: &str, check: impl Fn(&Path, Vec<u8>) -> Result<(), TestCaseError>) {
    let mut failures = Vec::new();
    let files = corpus(target);
    for path in &files {
        let started = Instant::now();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check(path, fs::read(path).unwrap())
        })) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Err(panic) => failures.push(format!(
                "{name}: panicked: {:?}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or(panic.downcast_ref::<&str>().copied())
            )),
        }
        // Generous: the corpus also runs in debug builds on a slow CI machine.
        if started.elapsed() > Duration::from_secs(20) {
            failures.push(format!("{name}: took {:?}", started.elapsed()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {target} corpus files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    eprintln!("corpus {target}: {} files replayed", files.len());
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// Pieces of YAML syntax and record vocabulary, so random text often means something.
const YAML_BITS: &[&str] = &[
    "\n",
    "\n",
    "\n  ",
    "\n    ",
    " ",
    "- ",
    ": ",
    "? ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    "\"",
    "# ",
    "|\n",
    ">-\n",
    "!",
    "!!str ",
    "!!binary ",
    "!!map ",
    "!t ",
    "<<: *a",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "\t",
    "\\",
    "\\u0000",
    "\\x",
    "%",
    "@",
    "`",
    "name",
    "summary",
    "description",
    "needs",
    "places",
    "locations",
    "address",
    "postcode",
    "contact",
    "website",
    "opening_hours",
    "days",
    "opens",
    "closes",
    "access",
    "cost",
    "eligibility",
    "min_age",
    "languages",
    "status",
    "last_reviewed",
    "health_creation",
    "\"09:00\"",
    "24:00",
    "2026-02-30",
    "2026-01-01",
    "money",
    "food",
    "testbay",
    "mon",
    "drop_in",
    "free",
    "closed",
    "lat",
    "1e999",
    "-0",
    "0x1F",
    ".nan",
    "~",
    "null",
    "true",
    "yes",
    "300",
    "-1",
    "ŵ",
    "🙂",
    "مرحبا",
    "\u{FEFF}",
    "\u{85}",
    "\u{2028}",
    "\r",
    "\r\n",
    "\0",
    "\u{7f}",
    "\u{202e}",
];

/// Pieces of Markdown and HTML, hostile and ordinary.
const MD_BITS: &[&str] = &[
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<SCRIPT SRC=//evil.example.com/x.js>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"https://tracker.example.com/x.gif\">",
    "<img src=\"\\\\tracker.example.com/x.gif\">",
    "<img src=\" //t.example.com/a\">",
    "<img src=\"/&#9;/t.example.com/a\">",
    "<img src=",
    "<img srcset=\"https://t.example.com/x 1x\">",
    "<a href=\"",
    "<a href='",
    "<a href=",
    "\">",
    "'>",
    ">",
    "<",
    "</a>",
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "jav&#x0A;ascript:",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "[a](",
    "](",
    ")",
    "[",
    "]",
    "![",
    "[x]: ",
    "[x]",
    "<http://",
    "<mailto:a@b.c>",
    "<javascript:alert(1)>",
    " onclick=\"alert(1)\"",
    " onmouseover=alert(1)",
    " on",
    "error=",
    "<svg onload=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">",
    "<iframe src=\"//evil.example.com\">",
    "<style>body{}</style>",
    "<form action=\"https://evil.example.com\"><button formaction=javascript:x>",
    "<object data=x>",
    "<embed src=x>",
    "<base href=\"//evil.example.com/\">",
    "<meta http-equiv=refresh content=\"0;url=javascript:x\">",
    "<link rel=stylesheet href=//evil.example.com/x.css>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--",
    "-->",
    "<!-- c -->",
    "<![CDATA[",
    "]]>",
    "<?php",
    "<textarea>",
    "<title>",
    "<xmp>",
    "<plaintext>",
    "<template>",
    "<div>",
    "</div>",
    "<table>",
    "<tr>",
    "<td>",
    "<details open ontoggle=alert(1)>",
    "<select><style>",
    "<p style=\"color:red\">",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "|",
    "|-|",
    "| a | b |\n|---|:-:|\n",
    "> ",
    ">",
    "- ",
    "* ",
    "1. ",
    "# ",
    "###### ",
    "```",
    "~~~",
    "*",
    "_",
    "**",
    "__",
    "~~",
    "`",
    "\\",
    "&",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x110000;",
    "  \n",
    "---\n",
    "===\n",
    "ŵ ŷ",
    "مرحبا",
    "خدمت",
    "🙂",
    "🏳️‍🌈",
    "\u{202e}",
    "\u{200b}",
    "\0",
    "\r",
    "\r\n",
];

fn fragment_text(bits: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(bits).prop_map(String::from),
        2 => "[a-z0-9 ]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter)
    ]
}

/// One edit to a valid text.
#[derive(Clone, Debug)]
enum Edit {
    Insert(Index, &'static str),
    InsertChar(Index, char),
    Delete(Index, usize),
    Replace(Index, char),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

fn edit(bits: &'static [&'static str]) -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), proptest::sample::select(bits)).prop_map(|(i, s)| Edit::Insert(i, s)),
        1 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Edit::InsertChar(i, c)),
        2 => (any::<Index>(), 1usize..12).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Edit::Replace(i, c)),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for e in edits {
        let len = chars.len();
        match e {
            Edit::Insert(i, s) => {
                let at = i.index(len + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::InsertChar(i, c) => chars.insert(i.index(len + 1), *c),
            Edit::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                chars.drain(at..(at + n).min(len));
            }
            Edit::Replace(i, c) if len > 0 => chars[i.index(len)] = *c,
            Edit::DuplicateLine(i) | Edit::SwapLines(i, _) if len > 0 => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
                let a = i.index(lines.len());
                match e {
                    Edit::SwapLines(_, j) => {
                        let b = j.index(lines.len());
                        lines.swap(a, b);
                    }
                    _ => lines.insert(a, lines[a]),
                }
                chars = lines.concat().chars().collect();
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Valid asset records to mutate: `(extension, text)`.
const ASSET_SEEDS: &[(&str, &str)] = &[
    (
        "yaml",
        include_str!("fixtures/valid/content/assets/debt-advice.yaml"),
    ),
    (
        "md",
        include_str!("fixtures/valid/content/assets/north-lunch-club.md"),
    ),
    (
        "yaml",
        include_str!("fixtures/valid/content/assets/south-pantry.yaml"),
    ),
    (
        "yaml",
        include_str!("fixtures/hostile/content/assets/welsh-club.yaml"),
    ),
    (
        "yaml",
        include_str!("fixtures/hostile/content/assets/script-everywhere.yaml"),
    ),
    ("yaml", ANCHORED_SEED),
];

/// Anchors, aliases, flow and block styles, every kind of field.
const ANCHORED_SEED: &str = "name: &n \"Lunch ŵ\"
summary: 'A hot lunch'
organisation: *n
needs: &needs [money, food]
places: [testbay]
locations:
  - &loc {name: Hall, address: 1 High St, postcode: HB1 2AB, lat: 50.1, lon: -3.5}
  - *loc
opening_hours:
  - {days: [mon, tue], opens: \"09:00\", closes: \"17:00\", note: >-
      Folded note}
access: [drop_in, self_referral]
cost: low_cost
eligibility: {min_age: 16, max_age: 25, who: |
    Young people}
languages: [en, cy]
health_creation: [control, contact]
tags: *needs
status: active
last_reviewed: 2026-01-01
";

/// Valid records of every other kind: `(path in the site, text)`.
const RECORD_SEEDS: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        include_str!("fixtures/valid/content/site.yaml"),
    ),
    (
        "content/site.yaml",
        include_str!("fixtures/hostile/content/site.yaml"),
    ),
    (
        "content/needs.yaml",
        include_str!("fixtures/valid/content/needs.yaml"),
    ),
    (
        "content/places/fuzz.yaml",
        include_str!("fixtures/valid/content/places/north-end.yaml"),
    ),
    (
        "content/places/fuzz.yaml",
        include_str!("fixtures/valid/content/places/testbay.yaml"),
    ),
    (
        "content/pathways/fuzz.md",
        include_str!("fixtures/valid/content/pathways/money-worries.md"),
    ),
    (
        "content/guide/09-fuzz.md",
        include_str!("fixtures/valid/content/guide/00-introduction.md"),
    ),
    (
        "content/pages/fuzz.md",
        include_str!("fixtures/valid/content/pages/about.md"),
    ),
];

fn mutated_record() -> impl Strategy<Value = RecordFile> {
    let bits = prop_oneof![
        proptest::sample::select(YAML_BITS),
        proptest::sample::select(MD_BITS)
    ];
    let edits = proptest::collection::vec(
        prop_oneof![
            edit(YAML_BITS),
            (any::<Index>(), bits).prop_map(|(i, s)| Edit::Insert(i, s))
        ],
        1..8,
    );
    (proptest::sample::select(RECORD_SEEDS), edits)
        .prop_map(|((path, seed), edits)| RecordFile::new(path, apply(seed, &edits).into_bytes()))
}

fn mutated_asset() -> impl Strategy<Value = (&'static str, String)> {
    (
        proptest::sample::select(ASSET_SEEDS),
        proptest::collection::vec(edit(YAML_BITS), 1..8),
    )
        .prop_map(|((ext, seed), edits)| (ext, apply(seed, &edits)))
}

// ---------------------------------------------------------------------------------------------
// Target (a): the record decoder.

/// The highest line a position in `text` can be on (YAML counts CR, NEL, LS and PS as breaks).
fn max_line(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .count()
        + 2
}

fn check_decode(text: &str) -> Result<(), TestCaseError> {
    let mut diags = Diagnostics::default();
    let file = Path::new("content/assets/x.yaml");
    let decoded = supportmap::yaml::decode::<AssetRecord>(text, file, 0, &mut diags);
    let sorted = diags.sorted();
    prop_assert!(
        decoded.is_some() || diags.has_errors(),
        "the record was dropped without an error"
    );
    for d in &sorted {
        prop_assert!(d.file == file, "{d}");
        prop_assert!(
            d.pos.line >= 1 && d.pos.col >= 1,
            "position before the start: {d}"
        );
        prop_assert!(
            d.pos.line <= max_line(text),
            "line past the end of the file: {d}"
        );
    }
    prop_assert!(
        sorted.len() <= 60,
        "{} diagnostics for one file",
        sorted.len()
    );
    Ok(())
}

#[test]
fn fuzz_decode() {
    let strategy = prop_oneof![
        1 => arbitrary_text(),
        3 => fragment_text(YAML_BITS, 80),
        4 => mutated_asset().prop_map(|(_, text)| text),
    ];
    fuzz("decode", 256, strategy, |text| check_decode(text));
}

#[test]
fn corpus_decode() {
    replay("decode", |_, bytes| {
        check_decode(&String::from_utf8_lossy(&bytes))
    });
}

// ---------------------------------------------------------------------------------------------
// Target (b): the Markdown renderer.

fn check_render(markdown: &str) -> Result<(), TestCaseError> {
    for (base, top) in [("/", 2), ("/support-map/", 4)] {
        let html = Renderer::new(base).render(markdown, top);
        let limit = 50 * markdown.len() + 1024;
        prop_assert!(
            html.len() <= limit,
            "{} bytes of HTML from {} of Markdown",
            html.len(),
            markdown.len()
        );
        let lower = html.to_ascii_lowercase();
        prop_assert!(!lower.contains("<script"), "script in {html}");
        let problems = safety::problems(&html, safety::Kind::Fragment, base);
        prop_assert!(problems.is_empty(), "{problems:?} in {html}");
    }
    Ok(())
}

#[test]
fn fuzz_render() {
    let strategy = prop_oneof![1 => arbitrary_text(), 4 => fragment_text(MD_BITS, 60)];
    fuzz("render", 256, strategy, |text| check_render(text));
}

#[test]
fn corpus_render() {
    replay("render", |_, bytes| {
        check_render(&String::from_utf8_lossy(&bytes))
    });
}

// ---------------------------------------------------------------------------------------------
// Target (c): the whole pipeline, on a valid site plus one arbitrary asset file.

/// A copy of the valid fixture, reused across cases; each case replaces one record file.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    /// The fixture's own site.yaml and needs.yaml, put back before each case.
    originals: Vec<(PathBuf, Vec<u8>)>,
}

impl Site {
    fn new() -> Site {
        // Every valid case writes a whole site: in memory when the machine has a tmpfs, as a
        // disk can make that 100 times slower than the build itself.
        let dir = tempfile::tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .unwrap();
        let root = dir.path().join("root");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
        let originals = ["content/site.yaml", "content/needs.yaml"]
            .iter()
            .map(|p| (root.join(p), fs::read(root.join(p)).unwrap()))
            .collect();
        let out = dir.path().join("site");
        Site {
            _dir: dir,
            root,
            out,
            originals,
        }
    }

    fn check(&self, record: &RecordFile) -> Result<(), TestCaseError> {
        for (path, bytes) in &self.originals {
            fs::write(path, bytes).unwrap();
        }
        for (_, path) in RECORD_FILES.iter().filter(|(_, p)| p.contains("fuzz")) {
            let _ = fs::remove_file(self.root.join(path));
        }
        fs::write(self.root.join(record.path), &record.bytes).unwrap();
        let name = Path::new(record.path);
        let today = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap();
        let mut diags = Diagnostics::default();
        let loaded = match supportmap::pipeline::load(&self.root, today, &mut diags) {
            Ok(content) => content,
            Err(_) => return Err(TestCaseError::fail("an I/O failure for a content problem")),
        };
        prop_assert_eq!(
            loaded.is_some(),
            !diags.has_errors(),
            "load's result disagrees with its diagnostics"
        );
        let text = String::from_utf8_lossy(&record.bytes);
        // Other records depend on site.yaml and needs.yaml; nothing depends on a new record.
        let self_contained = record.path.contains("fuzz");
        for d in diags.sorted() {
            if self_contained && d.severity == Severity::Error {
                prop_assert!(d.file == name, "an error in another file: {d}");
            }
            prop_assert!(
                d.message != format!("missing {}", record.path),
                "a file that is there is reported missing: {d}"
            );
            if d.file == name {
                prop_assert!(
                    d.pos.line >= 1 && d.pos.col >= 1 && d.pos.line <= max_line(&text),
                    "bad position: {d}"
                );
            }
        }
        if loaded.is_none() {
            return Ok(());
        }
        let options = supportmap::pipeline::BuildOptions {
            root: self.root.clone(),
            out: self.out.clone(),
            base_url: None,
            today,
        };
        let mut diags = Diagnostics::default();
        match supportmap::pipeline::build(&options, &mut diags, &supportmap::diagnostics::Silent) {
            Ok(_) => {}
            // `check` does not look for theme folders; a build does.
            Err(supportmap::pipeline::Failure::Content)
                if diags.sorted().iter().all(|d| d.message.contains("theme")) =>
            {
                return Ok(())
            }
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "content that loads must build: {e:?} {:?}",
                    diags.sorted()
                )))
            }
        }
        let mut pages = vec!["index.html".to_string(), "a-z/index.html".to_string()];
        if self_contained {
            let kind = Path::new(record.path)
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            pages.push(format!("{kind}/fuzz/index.html"));
        }
        for page in pages {
            let Ok(html) = fs::read_to_string(self.out.join(&page)) else {
                continue;
            };
            prop_assert!(
                html.len() <= 100 * record.bytes.len() + 200_000,
                "{page}: {} bytes",
                html.len()
            );
            let problems = safety::problems(&html, safety::Kind::Page, "/");
            prop_assert!(problems.is_empty(), "{page}: {problems:?}");
        }
        Ok(())
    }
}

/// A record that passes validation, with hostile text in every free-text field.
fn hostile_asset() -> impl Strategy<Value = RecordFile> {
    let text = || fragment_text(MD_BITS, 12);
    (
        (text(), text(), text(), text(), text()),
        (text(), text(), text(), text(), text()),
        any::<bool>(),
        proptest::sample::select(&["free", "low_cost", "paid"][..]),
    )
        .prop_map(
            |(
                (name, summary, description, organisation, referral),
                (who, address, postcode, note, tag),
                markdown,
                cost,
            )| {
                use serde_yaml::Value;
                fn map(fields: Vec<(&str, Value)>) -> Value {
                    Value::Mapping(
                        fields
                            .into_iter()
                            .map(|(k, v)| (Value::from(k), v))
                            .collect(),
                    )
                }
                let mut record = serde_yaml::Mapping::new();
                let mut put = |k: &str, v: Value| {
                    record.insert(k.into(), v);
                };
                put("name", format!("N {name}").into());
                put("summary", format!("S {summary}").into());
                put("organisation", organisation.into());
                put("needs", Value::Sequence(vec!["money".into()]));
                put("places", Value::Sequence(vec!["testbay".into()]));
                put("referral", referral.into());
                put("cost", cost.into());
                put("cost_detail", who.clone().into());
                put(
                    "eligibility",
                    map(vec![("min_age", 18.into()), ("who", who.into())]),
                );
                put(
                    "locations",
                    Value::Sequence(vec![map(vec![
                        ("address", format!("A {address}").into()),
                        ("postcode", postcode.into()),
                        ("accessibility", note.clone().into()),
                    ])]),
                );
                let hours = map(vec![
                    ("days", Value::Sequence(vec!["mon".into()])),
                    ("opens", "09:00".into()),
                    ("closes", "10:00".into()),
                    ("note", note.into()),
                ]);
                put("opening_hours", Value::Sequence(vec![hours]));
                put("tags", serde_yaml::Value::Sequence(vec![tag.into()]));
                put("last_reviewed", "2026-01-01".into());
                if !markdown {
                    put("description", description.clone().into());
                }
                let yaml = serde_yaml::to_string(&record).unwrap();
                if markdown {
                    RecordFile::new(
                        "content/assets/fuzz.md",
                        format!("---\n{yaml}---\n{description}").into_bytes(),
                    )
                } else {
                    RecordFile::new("content/assets/fuzz.yaml", yaml.into_bytes())
                }
            },
        )
}

fn pipeline_inputs() -> impl Strategy<Value = RecordFile> {
    let path = || proptest::sample::select(RECORD_FILES).prop_map(|(_, path)| path);
    prop_oneof![
        1 => (path(), proptest::collection::vec(any::<u8>(), 0..600)).prop_map(|(path, bytes)| RecordFile::new(path, bytes)),
        1 => (path(), fragment_text(YAML_BITS, 60)).prop_map(|(path, text)| RecordFile::new(path, text.into_bytes())),
        3 => mutated_asset().prop_map(|(ext, text)| RecordFile::new(if ext == "md" { "content/assets/fuzz.md" } else { "content/assets/fuzz.yaml" }, text.into_bytes())),
        3 => mutated_record(),
        3 => hostile_asset(),
    ]
}

#[test]
fn fuzz_pipeline() {
    let site = Site::new();
    fuzz("pipeline", 64, pipeline_inputs(), |record| {
        site.check(record)
    });
}

#[test]
fn corpus_pipeline() {
    let site = Site::new();
    replay("pipeline", |path, bytes| {
        site.check(&RecordFile::from_corpus(
            &path.file_name().unwrap().to_string_lossy(),
            bytes,
        ))
    });
}
