//! Hostile content: what a careless or malicious editor can put in `content/`, and what must
//! still hold.
//!
//! 1. `tests/fixtures/hostile/` is a valid site whose every text field carries script, event
//!    handlers, dangerous URLs, frames, styles, forms, comments and trackers, alongside very long
//!    strings, right-to-left text, emoji, Welsh and Urdu, CRLF line endings, a BOM and YAML
//!    anchors. It must build, and the output is checked as a browser would read it.
//! 2. Broken or malicious files (alias bombs, huge or binary files, deep nesting, path tricks,
//!    symlinks out of `content/`) must fail cleanly: exit 1 with `file:line:col`, quickly, never
//!    a panic, and nothing written anywhere but `--out`.

#[path = "common/safety.rs"]
mod safety;

use std::collections::BTreeMap;
#[path = "common/fixtures.rs"]
mod fixtures;

use fixtures::copy_dir;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-25";
/// A run that takes longer has hung; the test fails instead of blocking CI.
const TIMEOUT: Duration = Duration::from_secs(20);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs supportmap with a deadline; output goes to files so a chatty run cannot block on a pipe.
fn supportmap(args: &[&str], scratch: &Path) -> Run {
    let (out_path, err_path) = (scratch.join("stdout.txt"), scratch.join("stderr.txt"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_supportmap"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run supportmap");
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("supportmap {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned();
    Run {
        code,
        stderr,
        elapsed: started.elapsed(),
    }
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Every file below `dir` (not following symlinks) with its size and modification time.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, (u64, Option<std::time::SystemTime>)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.path() != skip)
        .map(Result::unwrap)
        .map(|e| {
            let meta = e.path().symlink_metadata().unwrap();
            (e.path().to_path_buf(), (meta.len(), meta.modified().ok()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. The hostile fixture builds, and its output is safe.

fn build_hostile() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let run = supportmap(
        &[
            "build",
            "--root",
            fixture("hostile").to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        dir.path(),
    );
    assert_eq!(
        run.code,
        Some(0),
        "the hostile fixture is valid and must build:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
    (dir, site)
}

#[test]
fn hostile_fixture_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = supportmap(
        &[
            "check",
            "--root",
            fixture("hostile").to_str().unwrap(),
            "--today",
            TODAY,
        ],
        dir.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn hostile_content_publishes_no_script_handler_or_dangerous_url() {
    let (_dir, site) = build_hostile();
    let pages = html_files(&site);
    assert!(
        pages.len() >= 15,
        "the hostile site has pages for every kind of record ({})",
        pages.len()
    );
    let mut failures = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let shown = page.strip_prefix(&site).unwrap().display().to_string();
        for problem in safety::problems(&html, safety::Kind::Page, "/") {
            failures.push(format!("{shown}: {problem}"));
        }
        // Whatever the markup, no attribute may point at the hostile hosts, and comments from
        // content are not published.
        let doc = scraper::Html::parse_document(&html);
        for element in doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            for (name, value) in element.value().attrs() {
                if value.contains("evil.example.com") || value.contains("tracker.example.com") {
                    failures.push(format!(
                        "{shown}: <{} {name}=\"{value}\">",
                        element.value().name()
                    ));
                }
            }
        }
        if html.contains("HIDDEN-COMMENT") {
            failures.push(format!(
                "{shown}: an HTML comment from content was published"
            ));
        }
        let lower = html.to_lowercase();
        let scripts = lower.matches("<script").count();
        let own = lower
            .matches("<script type=\"module\" src=\"/static/")
            .count()
            + lower
                .matches("<script type=\"application/json\" id=\"my-map-card\">")
                .count()
            + lower
                .matches("<script defer src=\"/static/strings.")
                .count();
        if scripts != own {
            failures.push(format!(
                "{shown}: {scripts} <script in the source, {own} of them the theme's"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_text_is_shown_as_text() {
    let (_dir, site) = build_hostile();
    let read = |p: &str| fs::read_to_string(site.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let text = |p: &str| {
        scraper::Html::parse_document(&read(p))
            .root_element()
            .text()
            .collect::<String>()
    };
    let asset = text("assets/script-everywhere/index.html");
    for tag in [
        "asset-name",
        "asset-summary",
        "organisation",
        "address",
        "accessibility",
        "hours-note",
        "cost-detail",
        "who",
    ] {
        assert!(
            asset.contains(&format!("<script>alert('{tag}')</script>")),
            "{tag} is shown, escaped, on the asset page"
        );
    }
    assert!(
        asset
            .matches("Cymdeithas <script>alert('organisation')</script>")
            .count()
            >= 2,
        "the aliased organisation is the location's name too"
    );
    assert!(text("index.html").contains("<script>alert('site-title')</script>"));
    assert!(
        text("pathways/hostile-route/index.html").contains("<script>alert('step-title')</script>")
    );
    assert!(text("pages/about/index.html").contains("<script>alert('page-title')</script>"));
    assert!(text("places/cwm-wyn/index.html").contains("<script>alert('place-summary')</script>"));
}

#[test]
fn unicode_long_text_and_line_endings_survive_intact() {
    let (_dir, site) = build_hostile();
    let read = |p: &str| fs::read_to_string(site.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let welsh = read("assets/welsh-club/index.html");
    assert!(
        welsh.contains("Clwb Cinio Cwm Ŵy — ŵ ŷ Ŵ Ŷ 🐉") && welsh.contains("Ŵyn a ŷd. 👵🏾👴🏻"),
        "Welsh and emoji as written"
    );
    let urdu = read("assets/urdu-service/index.html");
    assert!(
        urdu.contains("خدمت برائے بزرگ شہری — Urdu service 🤝🏽"),
        "Urdu name as written"
    );
    assert!(
        urdu.contains("مرحبا بكم 🍲🤝🏳️‍🌈") && urdu.contains("بزرگوں کے لیے مدد"),
        "Arabic, Urdu and emoji sequences from a CRLF file"
    );
    assert!(
        !urdu.contains('\r'),
        "CRLF line endings leave no stray carriage returns"
    );
    let needs = read("needs/food/index.html");
    assert!(
        needs.contains("Bwyd 🍲 کھانا"),
        "needs.yaml starts with a BOM and is read all the same"
    );
    assert!(read("places/nagar/index.html").contains("نگر مرکز"));
    let long = read("assets/long-strings/index.html");
    let name: String = ("Enw hir iawn ŵŷ 🙂 ".repeat(3000))
        .chars()
        .take(50_000)
        .collect();
    let word: String = "Llanfairpwllgwyngyll"
        .repeat(2600)
        .chars()
        .take(50_000)
        .collect();
    assert!(
        long.contains(name.trim_end()),
        "the 50,000-character name is published whole"
    );
    assert!(
        long.contains(&word),
        "the 50,000-character word is published whole"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Broken and malicious files fail cleanly.

/// One bad file added to a copy of the valid fixture.
struct Case {
    name: &'static str,
    /// Path below the site root, and its bytes.
    file: &'static str,
    bytes: Vec<u8>,
    /// Words the error message must contain.
    message: &'static str,
}

fn case(
    name: &'static str,
    file: &'static str,
    bytes: impl Into<Vec<u8>>,
    message: &'static str,
) -> Case {
    Case {
        name,
        file,
        bytes: bytes.into(),
        message,
    }
}

/// Deterministic junk, so a failure can be reproduced.
fn random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn bad_cases() -> Vec<Case> {
    let mut laughs = String::from("name: lol\nsummary: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        let this = ["b", "c", "d", "e", "f", "g", "h", "i"][i];
        laughs.push_str(&format!("t{i}: &{this} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let flat_bomb = format!(
        "name: flat\ntags: &a [{}]\nlanguages: [{}]\n",
        "x,".repeat(5000),
        "*a,".repeat(5000)
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(random_bytes(2000));
    let mut huge = b"name: big\ndescription: |\n".to_vec();
    while huge.len() < 2 * 1024 * 1024 {
        huge.extend_from_slice(b"  All work and no play makes a very large record.\n");
    }
    vec![
        case("billion laughs", "content/assets/laughs.yaml", laughs, "repe"),
        case("flat alias bomb", "content/assets/flat-bomb.yaml", flat_bomb, "aliases"),
        case("2 MB file", "content/assets/huge.yaml", huge, "too large"),
        case("random bytes", "content/assets/random.yaml", random_bytes(4096), "not UTF-8"),
        case("PNG named .yaml", "content/assets/picture.yaml", png, "not UTF-8"),
        case("empty file", "content/assets/empty.yaml", "", "empty"),
        case("only a BOM and spaces", "content/assets/bom-only.yaml", "\u{FEFF}  \n", "empty"),
        case("invalid UTF-8 mid-file", "content/assets/latin1.yaml", b"name: Caf\xe9 Lunch\nsummary: x\n".to_vec(), "not UTF-8"),
        case("UTF-16", "content/assets/utf16.yaml", b"\xff\xfen\0a\0m\0e\0:\0 \0x\0".to_vec(), "not UTF-8"),
        case("NUL byte", "content/assets/nul.yaml", "name: a\0b\n", "binary"),
        case("document is a list", "content/assets/list.yaml", "- name: a\n- name: b\n", "expected a set of fields"),
        case("document is a bare string", "content/assets/bare.yaml", "just some words\n", "expected a set of fields"),
        case("front matter is a list", "content/pages/list.md", "---\n- a\n- b\n---\nBody\n", "expected a set of fields"),
        case("needs.yaml is a mapping", "content/needs.yaml", "money: Money\n", "expected a different kind of value"),
        case("10,000 [", "content/assets/deep.yaml", format!("name: {}", "[".repeat(10_000)), "nested more than 32 levels"),
        case("10,000 {", "content/assets/deep-map.yaml", format!("name: {}", "{a: ".repeat(10_000)), "nested more than 32 levels"),
        case("deep block nesting", "content/assets/deep-block.yaml", (0..300).map(|i| format!("{}a:\n", " ".repeat(i))).collect::<String>(), "nested more than 32 levels"),
        case("tab indentation", "content/assets/tabs.yaml", "name: Tabbed\nlocations:\n\t- address: 1 High St\n", "indented with a tab"),
        case("500 KB key", "content/assets/long-key.yaml", format!("{}: x\n", "k".repeat(500_000)), "not valid YAML"),
        case("two documents", "content/assets/two.yaml", "name: a\n---\nname: b\n", "not valid YAML"),
        case("duplicate field", "content/assets/twice.yaml", "name: a\nname: b\n", "duplicate"),
        case("unclosed front matter", "content/assets/open.md", "---\nname: a\n", "front matter"),
        case("need id ../../etc", "content/assets/escape-need.yaml", "name: x\nsummary: y\nneeds: [../../etc]\nlast_reviewed: 2026-01-01\n", "unknown need \"../../etc\""),
        case("place ../../etc/passwd", "content/assets/escape-place.yaml", "name: x\nsummary: y\nneeds: [money]\nplaces: [/etc/passwd]\nlast_reviewed: 2026-01-01\n", "unknown place"),
        case("within ../x", "content/places/escape.yaml", "name: Escape\nkind: place\nwithin: ../x\n", "unknown place \"../x\""),
        case("step asset ../../etc", "content/pathways/escape.md", "---\ntitle: t\nsummary: s\nneeds: [money]\nlast_reviewed: 2026-01-01\nsteps:\n  - title: a\n    assets: [../../etc/passwd]\n---\n", "unknown asset"),
        case("theme ../../etc", "content/site.yaml", "title: T\ntheme: ../../etc\n", "not a valid theme name"),
        case("need id with a slash", "content/needs.yaml", "- id: ../money\n  name: Money\n", "not a valid need id"),
        case("file name with dots", "content/assets/etc..passwd.yaml", "name: x\n", "not a valid file name"),
        case("file name with percent escapes", "content/assets/x..%2F..%2Fetc.yaml", "name: x\n", "not a valid file name"),
    ]
}

/// The first `file:line:col: error:` line of `stderr` naming `file`, with line and column.
fn error_at(stderr: &str, file: &str) -> Option<(usize, usize, String)> {
    stderr.lines().find_map(|line| {
        let rest = line.strip_prefix(file)?.strip_prefix(':')?;
        let mut parts = rest.splitn(3, ':');
        let l = parts.next()?.parse().ok()?;
        let c = parts.next()?.parse().ok()?;
        let message = parts.next()?.strip_prefix(" error: ")?;
        Some((l, c, message.to_string()))
    })
}

#[test]
fn broken_and_malicious_files_fail_cleanly() {
    let mut failures = Vec::new();
    let cases = bad_cases();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        copy_dir(&fixture("valid"), &root);
        let path = root.join(case.file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &case.bytes).unwrap();
        let out = dir.path().join("out").join("site");
        let before = snapshot(dir.path(), out.parent().unwrap());
        let scratch = tempfile::tempdir().unwrap();
        for args in [
            vec!["check", "--root", root.to_str().unwrap(), "--today", TODAY],
            vec![
                "build",
                "--root",
                root.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--today",
                TODAY,
            ],
        ] {
            let run = supportmap(&args, scratch.path());
            let what = format!("{} ({})", case.name, args[0]);
            if run.code != Some(1) {
                failures.push(format!(
                    "{what}: exit {:?}, expected 1\n{}",
                    run.code, run.stderr
                ));
                continue;
            }
            if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
                failures.push(format!("{what}: panicked\n{}", run.stderr));
            }
            match error_at(&run.stderr, case.file) {
                Some((line, col, message))
                    if line >= 1 && col >= 1 && message.contains(case.message) => {}
                other => failures.push(format!(
                    "{what}: no `{}:line:col: error: …{}…` in stderr (found {other:?}):\n{}",
                    case.file,
                    case.message,
                    truncate(&run.stderr)
                )),
            }
            if run.elapsed > Duration::from_secs(10) {
                failures.push(format!("{what}: took {:?}", run.elapsed));
            }
        }
        if before != snapshot(dir.path(), out.parent().unwrap()) {
            failures.push(format!("{}: files outside --out changed", case.name));
        }
        if out.parent().unwrap().exists() {
            failures.push(format!(
                "{}: a failed build wrote {}",
                case.name,
                out.parent().unwrap().display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn truncate(text: &str) -> String {
    text.chars().take(2000).collect()
}

/// Links out of `content/` are not followed: their targets are never read or published.
#[cfg(unix)]
#[test]
fn symlinks_out_of_content_are_ignored_with_a_warning() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(&fixture("valid"), &root);
    let outside = dir.path().join("outside");
    fs::create_dir_all(outside.join("pages")).unwrap();
    let secret = "name: SECRET-MARKER-7f3a\nsummary: SECRET-MARKER-7f3a\nneeds: [money]\nlast_reviewed: 2026-01-01\n";
    fs::write(outside.join("secret.yaml"), secret).unwrap();
    fs::write(
        outside.join("pages/leak.md"),
        "---\ntitle: SECRET-MARKER-7f3a\n---\nSECRET-MARKER-7f3a\n",
    )
    .unwrap();
    symlink(
        outside.join("secret.yaml"),
        root.join("content/assets/secret.yaml"),
    )
    .unwrap();
    symlink(outside.join("pages"), root.join("content/pages/linked")).unwrap();
    symlink("/etc/passwd", root.join("content/assets/passwd.yaml")).unwrap();
    symlink(
        "/nonexistent/dangling",
        root.join("content/assets/dangling.yaml"),
    )
    .unwrap();
    // A name that is all dots is a hidden file, skipped like editors' backup files.
    fs::write(
        root.join("content/assets/..yaml"),
        "name: SECRET-MARKER-7f3a\n",
    )
    .unwrap();

    let out = dir.path().join("out").join("site");
    let before = snapshot(dir.path(), out.parent().unwrap());
    let scratch = tempfile::tempdir().unwrap();
    let check = supportmap(
        &["check", "--root", root.to_str().unwrap(), "--today", TODAY],
        scratch.path(),
    );
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    for link in [
        "content/assets/secret.yaml",
        "content/pages/linked",
        "content/assets/passwd.yaml",
        "content/assets/dangling.yaml",
    ] {
        assert!(
            check
                .stderr
                .contains(&format!("{link}:1:1: warning: symbolic link ignored")),
            "{link}:\n{}",
            check.stderr
        );
    }
    let build = supportmap(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        scratch.path(),
    );
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(!check.stderr.contains("SECRET-MARKER") && !build.stderr.contains("SECRET-MARKER"));
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    let root_line = passwd.lines().next().unwrap_or("root:x:0:0");
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET-MARKER"),
            "{} has the symlink target's text",
            entry.path().display()
        );
        assert!(
            !text.contains(root_line),
            "{} has /etc/passwd's text",
            entry.path().display()
        );
    }
    assert!(!out.join("assets/secret").exists() && !out.join("pages/linked").exists());
    assert_eq!(
        before,
        snapshot(dir.path(), out.parent().unwrap()),
        "nothing but --out was written"
    );
    let beside: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        ["site"],
        "no temporary folders are left beside --out"
    );
}
