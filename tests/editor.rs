//! End-to-end tests of the editor tools: `serve` (live preview), `new` (scaffolding),
//! `schema` (JSON Schema for editors' tools), diagnostics formats, and `review` (freshness).
//! Nothing here depends on how fast the machine is: waits poll with generous time limits.

#[path = "common/fixtures.rs"]
mod fixtures;

use fixtures::copy_dir;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-25";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn supportmap(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_supportmap"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run supportmap")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn valid_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), dir.path());
    dir
}

// ---------------------------------------------------------------------------------------------
// serve

/// A running `supportmap serve`, stopped when dropped. What it prints to the terminal is
/// collected in `log`.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    fn start_with(root: &Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_supportmap"));
        command
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start serve");
        let log = Arc::new(Mutex::new(String::new()));
        {
            let (stderr, log) = (child.stderr.take().unwrap(), log.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("Serving http://127.0.0.1:"), "{line:?}");
        let port = line
            .trim()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Server { child, port, log }
    }

    /// Waits until the terminal shows `needle` at least `times` times, for at most a minute.
    fn wait_for_log(&self, needle: &str, times: usize) -> String {
        wait_for(
            &format!("the terminal to say {needle:?} {times} times"),
            || {
                let log = self.log.lock().unwrap().clone();
                if log.matches(needle).count() >= times {
                    Ok(log)
                } else {
                    Err(log)
                }
            },
        )
    }

    /// The serve process's figure `field` from /proc (Linux), in kB or a count.
    fn status(&self, field: &str) -> u64 {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("{field} in {status}"))
    }

    fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    fn request(&self, raw: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        // A refused connection may be closed before the request is written: its answer is
        // still read.
        let _ = stream.write_all(raw.as_bytes());
        Response::read(&mut stream)
    }

    /// A socket to the server that has sent nothing yet.
    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream
    }

    /// Polls `path` until `ok` holds, for at most a minute.
    fn wait_until(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        wait_for(&format!("{path} to show {what}"), || {
            let response = self.get(path);
            if ok(&response) {
                Ok(response)
            } else {
                Err(response.body)
            }
        })
    }
}

/// Asks `ready` again and again until it answers `Ok`, for at most a minute: every wait in
/// these tests is for what the test then reads, never for a fixed time. `Err` carries what was
/// seen instead, for the failure message.
fn wait_for<T>(what: &str, mut ready: impl FnMut() -> Result<T, String>) -> T {
    let started = Instant::now();
    loop {
        match ready() {
            Ok(value) => return value,
            Err(seen) => assert!(
                started.elapsed() < Duration::from_secs(60),
                "waited a minute for {what}; last seen:\n{seen}"
            ),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let response = text(bytes);
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// What the server sent on `stream` until it closed it; a reset after the answer (the
    /// server closing while we still send) keeps what had arrived.
    fn read(stream: &mut TcpStream) -> Response {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut =>
                {
                    panic!("the server never closed the connection: {}", text(&bytes))
                }
                Err(_) => break,
            }
        }
        Response::parse(&bytes)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

#[test]
fn serve_serves_the_site_with_the_right_content_types() {
    let site = valid_site();
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("Testbay Support Map"));
    assert!(
        home.body
            .contains("<script src=\"/__supportmap/livereload.js\" defer></script>"),
        "live reload is injected"
    );
    let asset = server.get("/assets/debt-advice/");
    assert!(asset.status == 200 && asset.body.contains("Testbay Debt Advice"));
    for (path, kind) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        (
            "/__supportmap/livereload.js",
            "text/javascript; charset=utf-8",
        ),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(
            (response.status, response.header("Content-Type").as_deref()),
            (200, Some(kind)),
            "{path}"
        );
    }
    let wasm = server.wait_until("/pagefind/pagefind.js", "the search index", |r| {
        r.status == 200
    });
    assert_eq!(
        wasm.header("Content-Type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    let moved = server.get("/assets/debt-advice");
    assert_eq!(
        (moved.status, moved.header("Location").as_deref()),
        (301, Some("/assets/debt-advice/"))
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's own 404 page"
    );
    assert_eq!(server.request(&format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", server.port)).status, 405);
}

#[test]
fn serve_refuses_paths_outside_the_site_and_foreign_hosts() {
    let site = valid_site();
    fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let server = Server::start(site.path());
    for path in [
        "/../secret.txt",
        "/../content/site.yaml",
        "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/assets/../../secret.txt",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("do not serve")
                && !response.body.contains("Testbay Support Map\ndescription"),
            "{path}"
        );
    }
    let foreign = server.request(&format!(
        "GET / HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert_eq!(foreign.status, 403, "a rebinding DNS name gets nothing");
}

#[test]
fn serve_rebuilds_on_save_shows_errors_over_the_last_good_build_and_clears_them() {
    let site = valid_site();
    let file = site.path().join("content/assets/debt-advice.yaml");
    let original = fs::read_to_string(&file).unwrap();
    let server = Server::start(site.path());
    let first = server.get("/assets/debt-advice/");
    assert!(
        first.body.contains("Testbay Debt Advice") && !first.body.contains("supportmap-overlay")
    );

    // A poll from the open page answers as soon as that page changes.
    let version: u64 = {
        let answer = server
            .get("/__supportmap/poll?page=%2Fassets%2Fdebt-advice%2F")
            .body;
        answer
            .split("\"version\":")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let poll = {
        let port = server.port;
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(stream, "GET /__supportmap/poll?since={version}&page=%2Fassets%2Fdebt-advice%2F HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n").unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        })
    };
    fs::write(
        &file,
        original.replace("name: Testbay Debt Advice", "name: Testbay Money Advice"),
    )
    .unwrap();
    let edited = server.wait_until("/assets/debt-advice/", "the new name", |r| {
        r.body.contains("Testbay Money Advice")
    });
    assert!(!edited.body.contains("supportmap-overlay"));
    server.wait_until("/needs/money/", "the new name in the list", |r| {
        r.body.contains("Testbay Money Advice")
    });
    assert!(
        poll.join().unwrap().contains("\"reload\":true"),
        "the open page is told to reload"
    );

    // A mistake: the overlay shows check's diagnostic, the last good page stays underneath.
    fs::write(
        &file,
        original
            .replace("name: Testbay Debt Advice", "name: Testbay Money Advice")
            .replace("needs: [money]", "needs: [mony]"),
    )
    .unwrap();
    let broken = server.wait_until("/assets/debt-advice/", "the overlay", |r| {
        r.body.contains("supportmap-overlay")
    });
    assert!(
        broken.body.contains("content/assets/debt-advice.yaml:"),
        "{}",
        broken.body
    );
    assert!(
        broken
            .body
            .contains("error: unknown need &quot;mony&quot;, did you mean &quot;money&quot;?"),
        "{}",
        broken.body
    );
    assert!(broken
        .body
        .contains("help: a need id must be listed in content/needs.yaml"));
    assert!(
        broken.body.contains("Testbay Money Advice"),
        "the last good page is still there"
    );
    assert!(
        server
            .get("/pages/about/")
            .body
            .contains("supportmap-overlay"),
        "every page shows the overlay"
    );

    // Fixed: the overlay goes.
    fs::write(&file, &original).unwrap();
    let fixed = server.wait_until("/assets/debt-advice/", "the fix", |r| {
        !r.body.contains("supportmap-overlay") && r.body.contains("Testbay Debt Advice")
    });
    assert_eq!(fixed.status, 200);

    // A change to something other than an asset (a full rebuild) works the same way.
    let needs = site.path().join("content/needs.yaml");
    let needs_text = fs::read_to_string(&needs).unwrap();
    fs::write(
        &needs,
        needs_text.replace("name: Money and debt", "name: Money, debt and bills"),
    )
    .unwrap();
    server.wait_until("/needs/money/", "the renamed need", |r| {
        r.body.contains("Money, debt and bills")
    });
    fs::write(site.path().join("content/site.yaml"), "title: [broken\n").unwrap();
    let broken = server.wait_until("/", "the overlay", |r| {
        r.body.contains("supportmap-overlay")
    });
    assert!(
        broken.body.contains("content/site.yaml:"),
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("Testbay Support Map"),
        "the last good home page is still there"
    );
}

#[test]
fn serve_adds_new_assets_and_drops_removed_ones() {
    let site = valid_site();
    let server = Server::start(site.path());
    let new = site.path().join("content/assets/new-walk.yaml");
    fs::write(&new, "name: Testbay Walking Group\nsummary: A gentle walk.\nneeds: [food]\nplaces: [north-end]\nlast_reviewed: 2026-11-01\n").unwrap();
    server.wait_until("/assets/new-walk/", "the new asset", |r| {
        r.status == 200 && r.body.contains("Testbay Walking Group")
    });
    server.wait_until(
        "/places/north-end/needs/food/",
        "the new asset listed",
        |r| r.body.contains("Testbay Walking Group"),
    );
    server.wait_until("/a-z/", "the new asset listed", |r| {
        r.body.contains("Testbay Walking Group")
    });
    fs::remove_file(&new).unwrap();
    server.wait_until("/assets/new-walk/", "the asset gone", |r| r.status == 404);
    server.wait_until("/a-z/", "the asset gone from the list", |r| {
        r.status == 200 && !r.body.contains("Testbay Walking Group")
    });
}

/// What `serve` says of a site is what `build` says: the same number of assets (the closed one
/// is published by neither) and every warning in full, not only how many there are.
#[test]
fn serve_lists_its_warnings_and_counts_what_build_counts() {
    let site = valid_site();
    let out = tempfile::tempdir().unwrap();
    let (root, out) = (site.path().to_str().unwrap(), out.path().join("site"));
    let build = supportmap(
        &[
            "build",
            "--root",
            root,
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let (summary, stderr) = (text(&build.stdout), text(&build.stderr));
    assert!(
        summary.starts_with("Built 3 assets,") && summary.trim_end().ends_with("(2 warnings)"),
        "{summary}"
    );
    let warnings = &stderr[stderr
        .find(": warning: ")
        .map(|at| stderr[..at].rfind('\n').map_or(0, |n| n + 1))
        .unwrap()..];
    assert_eq!(warnings.matches(": warning: ").count(), 2, "{stderr}");

    let server = Server::start(site.path());
    let log = server.wait_for_log("Built ", 1);
    let built = log.lines().find(|l| l.starts_with("Built ")).unwrap();
    assert!(
        built.starts_with("Built 3 assets,") && built.ends_with("(2 warnings)"),
        "{log}"
    );
    assert!(
        log.contains(warnings),
        "serve lists the warnings build lists:\n{log}"
    );
}

#[test]
fn serve_keeps_every_page_of_a_list_up_to_date() {
    let site = valid_site();
    let content = site.path().join("content");
    let yaml = fs::read_to_string(content.join("site.yaml")).unwrap();
    fs::write(content.join("site.yaml"), format!("{yaml}page_size: 5\n")).unwrap();
    let walk = |n: u32, name: &str, needs: &str| {
        fs::write(
            content.join(format!("assets/walk-{n:02}.yaml")),
            format!("name: {name}\nsummary: A walk.\nneeds: [{needs}]\nplaces: [north-end]\nlast_reviewed: 2026-11-01\n"),
        )
        .unwrap();
    };
    for n in 1..=9 {
        walk(n, &format!("Walk {n:02}"), "food");
    }
    // Food: North End Lunch Club, South End Pantry, Walk 01 ... Walk 09: pages of 5, 5 and 1.
    let server = Server::start(site.path());
    server.wait_until("/needs/food/page/3/", "the third page", |r| {
        r.status == 200 && r.body.contains("Walk 09") && r.body.contains("Showing 11–11 of 11")
    });
    // Renamed to the front of the list: every page after it moves along by one.
    walk(9, "Aardvark Walk", "food");
    server.wait_until("/needs/food/", "the renamed asset first", |r| {
        r.body.contains("Aardvark Walk")
    });
    server.wait_until("/needs/food/page/3/", "the last page moved along", |r| {
        r.body.contains("Walk 08") && !r.body.contains("Aardvark")
    });
    // One edit's pages are published together, and the test still waits for what it reads.
    server.wait_until("/needs/food/page/2/", "the middle page moved along", |r| {
        r.body.contains("Walk 03")
            && r.body.contains("Walk 07")
            && !r.body.contains("Walk 08")
            && !r.body.contains("Walk 02")
    });
    server.wait_until("/a-z/", "the A to Z updated", |r| {
        r.body.contains("Aardvark Walk")
    });
    // One fewer for food: the third page goes, the others say 10.
    walk(8, "Walk 08", "money");
    server.wait_until("/needs/food/page/3/", "the third page gone", |r| {
        r.status == 404
    });
    server.wait_until("/needs/food/page/2/", "the new count", |r| {
        r.body.contains("Showing 6–10 of 10") && !r.body.contains(r#"rel="next""#)
    });
    server.wait_until("/needs/money/", "the asset in its new need", |r| {
        r.body.contains("Walk 08")
    });
}

#[test]
fn serve_watches_content_again_after_it_is_removed_and_copied_back() {
    let site = valid_site();
    let content = site.path().join("content");
    let file = content.join("assets/debt-advice.yaml");
    let server = Server::start(site.path());
    server.wait_for_log("Watching content/", 1);

    // Removed: the last good build stays, and the terminal and the overlay say why.
    fs::remove_dir_all(&content).unwrap();
    let gone = server.wait_until("/assets/debt-advice/", "the overlay", |r| {
        r.body.contains("supportmap-overlay")
    });
    assert!(
        gone.body.contains("the content folder was removed")
            && gone.body.contains("Testbay Debt Advice"),
        "{}",
        gone.body
    );
    server.wait_for_log("content/ was removed", 1);

    // A fresh copy: watched again and rebuilt, and the next save shows.
    copy_dir(&fixture("valid").join("content"), &content);
    server.wait_for_log("content/ is back: watching it again", 1);
    server.wait_until("/assets/debt-advice/", "the overlay gone", |r| {
        r.status == 200 && !r.body.contains("supportmap-overlay")
    });
    let original = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        original.replace("name: Testbay Debt Advice", "name: Testbay Money Advice"),
    )
    .unwrap();
    server.wait_until("/assets/debt-advice/", "the edit after the copy", |r| {
        r.body.contains("Testbay Money Advice")
    });

    // Replaced at once (as a checkout may): however the events fall, it is watched again.
    fs::remove_dir_all(&content).unwrap();
    copy_dir(&fixture("valid").join("content"), &content);
    server.wait_for_log("and rebuilding", 2);
    server.wait_until("/assets/debt-advice/", "the replaced folder's text", |r| {
        r.body.contains("Testbay Debt Advice") && !r.body.contains("supportmap-overlay")
    });
    fs::write(
        &file,
        original.replace("name: Testbay Debt Advice", "name: Testbay Debt Help"),
    )
    .unwrap();
    server.wait_until(
        "/assets/debt-advice/",
        "the edit after the replacement",
        |r| r.body.contains("Testbay Debt Help"),
    );
}

#[test]
fn serve_answers_an_oversized_header_with_431_without_reading_it_all() {
    let site = valid_site();
    let server = Server::start(site.path());
    // The search index is built in the background after the first build: its memory must not
    // count as the header's.
    server.wait_until("/pagefind/pagefind.js", "the search index", |r| {
        r.status == 200
    });
    let before = server.status("VmHWM");
    let mut stream = server.connect();
    let mut sender = stream.try_clone().unwrap();
    let port = server.port;
    // 32 MB of header: the server reads its limit, answers and closes; the rest is refused.
    let sending = std::thread::spawn(move || {
        let _ = write!(
            sender,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: "
        );
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..32 {
            if sender.write_all(&chunk).is_err() {
                return;
            }
        }
        let _ = sender.write_all(b"\r\n\r\n");
    });
    let answer = Response::read(&mut stream);
    assert_eq!(answer.status, 431, "{}", answer.head);
    assert!(
        answer.body.contains("headers are too large"),
        "{}",
        answer.body
    );
    sending.join().unwrap();
    let grew = server.status("VmHWM").saturating_sub(before);
    assert!(grew < 8 * 1024, "serve's peak memory grew by {grew} kB");
    assert_eq!(server.get("/").status, 200, "and it serves on");
}

#[test]
fn serve_closes_idle_and_trickling_connections() {
    let site = valid_site();
    let server = Server::start_with(site.path(), &[("SUPPORTMAP_SERVE_TIMEOUT_MS", "200")]);
    let mut idle = server.connect();
    let mut trickling = server.connect();
    write!(trickling, "GET / HTTP/1.1\r\nHost: 127.0").unwrap();
    for stream in [&mut idle, &mut trickling] {
        let answer = Response::read(stream);
        assert_eq!(answer.status, 408, "{}", answer.head);
    }
    assert_eq!(server.get("/").status, 200, "a whole request is answered");
}

#[test]
fn serve_bounds_its_connections_and_serves_on_when_one_is_free() {
    let site = valid_site();
    // A long timeout: here only the bound frees nothing, until a client goes.
    let server = Server::start_with(
        site.path(),
        &[
            ("SUPPORTMAP_SERVE_TIMEOUT_MS", "600000"),
            ("SUPPORTMAP_SERVE_CONNECTIONS", "4"),
        ],
    );
    assert_eq!(server.get("/").status, 200);
    let mut idle: Vec<TcpStream> = (0..4).map(|_| server.connect()).collect();
    // Connections are taken in the order they arrive: the four idle ones hold every slot, so
    // each one past them is turned away at once, a real request too.
    for _ in 0..50 {
        let answer = Response::read(&mut server.connect());
        assert_eq!(answer.status, 503, "{}", answer.head);
    }
    assert_eq!(server.get("/").status, 503);
    // One idle client goes: its slot is free again, and requests are served.
    drop(idle.pop());
    server.wait_until("/", "a free slot", |r| r.status == 200);
    // Served one at a time through the free slot, many requests in a row all succeed.
    for _ in 0..20 {
        assert_eq!(server.get("/assets/debt-advice/").status, 200);
    }
}

#[test]
fn serve_refuses_a_port_in_use_and_says_what_to_do() {
    let site = valid_site();
    let server = Server::start(site.path());
    let result = supportmap(
        &[
            "serve",
            "--root",
            site.path().to_str().unwrap(),
            "--port",
            &server.port.to_string(),
        ],
        &[],
    );
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr).contains("cannot listen on 127.0.0.1:"),
        "{}",
        text(&result.stderr)
    );
}

/// The incremental model update gives exactly what a full model build gives.
#[test]
fn patching_one_asset_equals_a_full_model_build() {
    use supportmap::diagnostics::Diagnostics;
    let site = valid_site();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut content = supportmap::pipeline::load(site.path(), today, &mut Diagnostics::default())
        .unwrap()
        .unwrap();
    let mut model = supportmap::pipeline::model(
        site.path(),
        &content,
        None,
        today,
        &mut Diagnostics::default(),
    )
    .unwrap();
    for (id, yaml) in [
        ("debt-advice", "name: Aardvark Advice\nsummary: Renamed to sort first.\nneeds: [money, food]\nplaces: [south-end]\nlast_reviewed: 2025-01-01\n"),
        ("brand-new", "name: Middle Club\nsummary: New.\nneeds: [food]\nplaces: [north-end]\nlast_reviewed: 2026-11-01\n"),
    ] {
        let path = site.path().join(format!("content/assets/{id}.yaml"));
        fs::write(&path, yaml).unwrap();
        let mut diags = Diagnostics::default();
        let source = supportmap::source::load_file(site.path(), &path, &mut diags).unwrap();
        let asset = supportmap::validate::revalidate_asset(source, &content, today, &mut diags).unwrap();
        match content.assets.iter().position(|a| a.id == id) {
            Some(i) => content.assets[i] = asset,
            None => content.assets.push(asset),
        }
        supportmap::model::update_asset(&mut model, &content, id, today);
        let full = supportmap::pipeline::model(site.path(), &content, None, today, &mut diags).unwrap();
        assert_eq!(serde_json::to_value(&model).unwrap(), serde_json::to_value(&full).unwrap(), "after {id}");
        let lists = |m: &supportmap::model::Model| {
            (m.needs.iter().map(|n| (n.assets.clone(), n.pathways.clone())).collect::<Vec<_>>(), m.places.iter().map(|p| (p.assets.clone(), p.pathways.clone())).collect::<Vec<_>>())
        };
        assert_eq!(lists(&model), lists(&full), "after {id}");
    }
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_writes_records_that_pass_check() {
    let site = valid_site();
    let root = site.path().to_str().unwrap();
    for (kind, id, path) in [
        (
            "asset",
            "westfield-lunch-club",
            "content/assets/westfield-lunch-club.yaml",
        ),
        (
            "pathway",
            "feeling-lonely",
            "content/pathways/feeling-lonely.md",
        ),
        ("place", "east-end", "content/places/east-end.yaml"),
        ("page", "privacy", "content/pages/privacy.md"),
    ] {
        let result = supportmap(&["new", kind, id, "--root", root, "--today", TODAY], &[]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{kind}: {}",
            text(&result.stderr)
        );
        assert_eq!(text(&result.stdout).trim(), path, "prints the path");
        let written = fs::read_to_string(site.path().join(path)).unwrap();
        assert!(
            !written.contains("#="),
            "{kind}: every field has its explanation"
        );
        if kind != "page" && kind != "place" {
            assert!(
                written.contains(&format!("last_reviewed: {TODAY}")),
                "{kind}"
            );
        }
    }
    let asset =
        fs::read_to_string(site.path().join("content/assets/westfield-lunch-club.yaml")).unwrap();
    for line in [
        "name: Westfield Lunch Club\n",
        "# The name people know it by, such as \"Westfield Lunch Club\".\n",
        "#  Needs on this site: money, food, loneliness\n",
        "needs: [money]\n",
        "#contact:\n",
        "#  phone: 01632 960123                         # Phone number as digits with spaces, such as 01632 960123.\n",
        "#status: active\n",
    ] {
        assert!(asset.contains(line), "asset template lacks {line:?}:\n{asset}");
    }
    // Left as written, the example summaries would be published: check refuses them.
    let check = supportmap(&["check", "--root", root, "--today", TODAY], &[]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let stderr = text(&check.stderr);
    for file in [
        "assets/westfield-lunch-club.yaml",
        "pathways/feeling-lonely.md",
    ] {
        assert!(
            stderr.contains(&format!("content/{file}:"))
                && stderr.contains("error: summary is still the example text"),
            "{stderr}"
        );
    }
    assert!(stderr.contains("Found 2 errors"), "{stderr}");
    for file in [
        "assets/westfield-lunch-club.yaml",
        "pathways/feeling-lonely.md",
    ] {
        let path = site.path().join("content").join(file);
        let written = fs::read_to_string(&path).unwrap();
        let mine: String = written
            .lines()
            .map(|line| match line.strip_prefix("summary: ") {
                Some(_) => "summary: Written by the editor.\n".to_string(),
                None => format!("{line}\n"),
            })
            .collect();
        fs::write(&path, mine).unwrap();
    }
    let check = supportmap(&["check", "--root", root, "--today", TODAY], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("error"),
        "{}",
        text(&check.stderr)
    );
    assert!(
        text(&check.stdout).starts_with("Checked 5 assets, 2 pathways, 4 places"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn new_refuses_to_overwrite_and_bad_ids() {
    let site = valid_site();
    let root = site.path().to_str().unwrap();
    let existing = site.path().join("content/assets/debt-advice.yaml");
    let before = fs::read_to_string(&existing).unwrap();
    let result = supportmap(&["new", "asset", "debt-advice", "--root", root], &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        text(&result.stderr)
            .contains("error: content/assets/debt-advice.yaml already exists; nothing was written"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(fs::read_to_string(&existing).unwrap(), before);
    // Same id with another extension is the same record.
    let result = supportmap(&["new", "asset", "north-lunch-club", "--root", root], &[]);
    assert!(
        text(&result.stderr).contains("content/assets/north-lunch-club.md already exists"),
        "{}",
        text(&result.stderr)
    );

    let result = supportmap(
        &["new", "asset", "Westfield Lunch Club!", "--root", root],
        &[],
    );
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("error: \"Westfield Lunch Club!\" is not a valid id for an asset"),
        "{stderr}"
    );
    assert!(
        stderr.contains("such as \"westfield-lunch-club\""),
        "{stderr}"
    );
    assert!(!site
        .path()
        .join("content/assets/Westfield Lunch Club!.yaml")
        .exists());
    assert_eq!(
        supportmap(&["new", "thing", "x", "--root", root], &[])
            .status
            .code(),
        Some(2)
    );
}

// ---------------------------------------------------------------------------------------------
// schema

fn schema(name: &str) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(repo().join("schemas").join(name)).unwrap()).unwrap()
}

/// The fields of a record file as JSON, as an editor's YAML tool sees them: the whole file, or
/// the front matter of a Markdown record. `None` when the file is not YAML at all.
fn record_json(path: &Path) -> Option<serde_json::Value> {
    let text = fs::read_to_string(path).ok()?;
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n")?;
        rest[..rest.find("\n---")?].to_string()
    } else {
        text
    };
    serde_yaml::from_str(&yaml).ok()
}

fn schema_for(relative: &Path) -> &'static str {
    let s = relative.to_string_lossy();
    match () {
        _ if s.ends_with("site.yaml") => "site.schema.json",
        _ if s.ends_with("needs.yaml") => "needs.schema.json",
        _ if s.contains("places/") => "place.schema.json",
        _ if s.contains("assets/") => "asset.schema.json",
        _ if s.contains("pathways/") => "pathway.schema.json",
        _ if s.contains("guide/") => "guide.schema.json",
        _ => "page.schema.json",
    }
}

fn schema_errors(file: &Path, relative: &Path) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema(schema_for(relative))).unwrap();
    let json = record_json(file).unwrap_or_else(|| panic!("{} is not YAML", file.display()));
    validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn committed_schemas_match_the_record_types() {
    let out = tempfile::tempdir().unwrap();
    let result = supportmap(&["schema", "--out", out.path().to_str().unwrap()], &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let mut names: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "asset-translation.schema.json",
            "asset.schema.json",
            "guide.schema.json",
            "needs-translation.schema.json",
            "needs.schema.json",
            "page-translation.schema.json",
            "page.schema.json",
            "pathway-translation.schema.json",
            "pathway.schema.json",
            "place-translation.schema.json",
            "place.schema.json",
            "site.schema.json"
        ]
    );
    for name in &names {
        let generated = fs::read_to_string(out.path().join(name)).unwrap();
        let committed = fs::read_to_string(repo().join("schemas").join(name)).unwrap_or_default();
        assert!(
            generated == committed,
            "schemas/{name} is out of date: run `cargo run -- schema` and commit the result"
        );
    }
    let settings = fs::read_to_string(repo().join(".vscode/settings.json")).unwrap();
    assert_eq!(
        settings,
        supportmap::schema::vscode_settings("schemas"),
        ".vscode/settings.json is out of date"
    );
}

#[test]
fn schemas_accept_every_example_record() {
    for root in [repo().to_path_buf(), fixture("valid")] {
        let content = root.join("content");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&content)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            // The postcode table is CSV: `check` reads it, no schema does.
            .filter(|e| !e.path().ends_with("content/postcodes.csv"))
        {
            let relative = entry.path().strip_prefix(&root).unwrap();
            let errors = schema_errors(entry.path(), relative);
            assert!(
                errors.is_empty(),
                "{} is valid but the schema says: {errors:?}",
                relative.display()
            );
            checked += 1;
        }
        assert!(checked > 10, "{checked} files in {}", content.display());
    }
}

#[test]
fn schemas_reject_the_bad_fixtures() {
    let root = fixture("errors");
    for (file, why) in [
        ("content/assets/typos.yaml", "sumary"),
        ("content/assets/missing.yaml", "required"),
        ("content/assets/wrong-types.yaml", "not of type"),
        ("content/assets/dupe.md", "required"),
        ("content/assets/dupe.yaml", "required"),
        ("content/needs.yaml", "Food"),
        ("content/site.yaml", "not a url"),
        ("content/pathways/bad-steps.md", "title"),
    ] {
        let errors = schema_errors(&root.join(file), Path::new(file));
        assert!(!errors.is_empty(), "the schema accepts {file}");
        assert!(
            errors.iter().any(|e| e.contains(why)),
            "{file}: {errors:?} should mention {why}"
        );
    }
    let typos = schema_errors(
        &root.join("content/assets/typos.yaml"),
        Path::new("content/assets/typos.yaml"),
    )
    .join("\n");
    for bad in [
        "postcde",
        "call us",
        "not-an-email",
        "javascript:alert(1)",
        "tues",
        "9am",
        "dropin",
        "cheap",
        "2026-02-30",
    ] {
        if bad == "2026-02-30" {
            continue; // a real calendar check is check's job; the pattern only checks the shape
        }
        assert!(
            typos.contains(bad),
            "the schema misses {bad:?} in typos.yaml: {typos}"
        );
    }
    // Not YAML at all, or problems between records: only `supportmap check` can see these.
    assert!(record_json(&root.join("content/assets/broken.yaml")).is_none());
    for file in [
        "content/places/a.yaml",
        "content/places/c.yaml",
        "content/assets/Bad Name.yaml",
        "content/guide/start.md",
    ] {
        assert!(
            schema_errors(&root.join(file), Path::new(file)).is_empty(),
            "{file} is wrong only in relation to other files"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// diagnostics

fn check_errors_fixture(env: &[(&str, &str)], extra: &[&str]) -> Output {
    let root = fixture("errors");
    let mut args = vec!["check", "--root", root.to_str().unwrap(), "--today", TODAY];
    args.extend_from_slice(extra);
    supportmap(&args, env)
}

#[test]
fn diagnostics_show_the_line_with_a_caret_and_help() {
    let stderr = text(&check_errors_fixture(&[("NO_COLOR", "1")], &[]).stderr);
    let expected = "content/assets/typos.yaml:15:10: error: \"dropin\" is not a valid value for access, did you mean \"drop_in\"?\n   |\n15 | access: [dropin]\n   |          ^^^^^^\n  help: valid values are: drop_in, self_referral, professional_referral\n";
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains('\x1b'), "no colour when piped");
    // Every diagnostic starts with file:line:col: severity: message.
    for block in stderr
        .trim_end()
        .split("\n\n")
        .filter(|b| !b.starts_with("Found"))
    {
        let first = block.lines().next().unwrap();
        let mut parts = first.splitn(4, ':');
        let (file, line, col) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(
            file.starts_with("content/")
                && line.parse::<usize>().is_ok()
                && col.parse::<usize>().is_ok(),
            "{first}"
        );
        let rest = parts.next().unwrap();
        assert!(
            rest.starts_with(" error: ") || rest.starts_with(" warning: "),
            "{first}"
        );
    }
}

#[test]
fn diagnostics_are_coloured_on_request_and_plain_with_no_color() {
    let coloured = text(&check_errors_fixture(&[("CLICOLOR_FORCE", "1")], &[]).stderr);
    assert!(
        coloured.contains("\x1b["),
        "colour when the terminal asks for it"
    );
    assert!(coloured.contains("unknown need \"mony\""));
    let plain =
        text(&check_errors_fixture(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).stderr);
    assert!(!plain.contains('\x1b'), "NO_COLOR wins");
    assert_eq!(
        plain,
        fs::read_to_string(fixture("errors/expected-check.txt")).unwrap()
    );
}

#[test]
fn diagnostics_as_json_lines() {
    let result = check_errors_fixture(&[("CLICOLOR_FORCE", "1")], &["--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&result.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 53, "one object per problem");
    assert!(lines.contains(&serde_json::json!({
        "severity": "error",
        "file": "content/assets/typos.yaml",
        "line": 3,
        "column": 9,
        "message": "unknown need \"mony\", did you mean \"money\"?",
        "help": "a need id must be listed in content/needs.yaml",
    })));
    assert!(
        lines.iter().any(|l| l["help"].is_null()),
        "help is null when there is none"
    );
    assert!(
        text(&result.stderr).contains("Found 45 errors and 8 warnings"),
        "the summary stays on standard error"
    );

    let site = valid_site();
    let out = site.path().join("site");
    let build = supportmap(
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let warnings: Vec<serde_json::Value> = text(&build.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        warnings.iter().all(|w| w["severity"] == "warning") && !warnings.is_empty(),
        "{warnings:?}"
    );
    assert!(warnings
        .iter()
        .any(|w| w["file"] == "content/assets/north-lunch-club.md"
            && w["message"].as_str().unwrap().starts_with("last reviewed ")));
}

// ---------------------------------------------------------------------------------------------
// review

fn review_site() -> tempfile::TempDir {
    let site = valid_site();
    let assets = site.path().join("content/assets");
    fs::write(assets.join("due-soon.yaml"), "name: Due Soon Club\nsummary: x\nneeds: [food]\ncontact:\n  phone: 01632 960777\nlast_reviewed: 2025-12-01\n").unwrap();
    fs::write(assets.join("very-old.yaml"), "name: Very Old, \"Quoted\" Group\nsummary: x\nneeds: [food]\norganisation: Old Trust\ncontact:\n  email: old@example.org\n  website: https://example.org/old\nlast_reviewed: 2023-05-01\n").unwrap();
    site
}

#[test]
fn review_lists_overdue_records_oldest_first() {
    let site = review_site();
    let result = supportmap(
        &[
            "review",
            "--root",
            site.path().to_str().unwrap(),
            "--today",
            TODAY,
        ],
        &[],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let out = text(&result.stdout);
    assert!(out.starts_with("2 records are out of date on 2026-11-25, oldest first (records are checked every 365 days):\n"), "{out}");
    let old = out
        .find("Very Old, \"Quoted\" Group (asset very-old)")
        .expect("very-old listed");
    let lunch = out
        .find("North End Lunch Club (asset north-lunch-club)")
        .expect("north-lunch-club listed");
    assert!(old < lunch, "oldest first:\n{out}");
    assert!(out.contains("  file: content/assets/very-old.yaml\n  last checked: 1 May 2023 (2023-05-01), 939 days overdue\n  organisation: Old Trust\n  contact: old@example.org · https://example.org/old\n"), "{out}");
    assert!(
        !out.contains("Old Job Club"),
        "closed records need no check"
    );
    assert!(!out.contains("Due Soon Club"), "not due yet");

    let within = text(
        &supportmap(
            &[
                "review",
                "--root",
                site.path().to_str().unwrap(),
                "--today",
                TODAY,
                "--within",
                "30",
            ],
            &[],
        )
        .stdout,
    );
    assert!(
        within.starts_with("3 records are out of date or due within 30 days"),
        "{within}"
    );
    assert!(within.contains("Due Soon Club (asset due-soon)\n  file: content/assets/due-soon.yaml\n  last checked: 1 December 2025 (2025-12-01), due in 6 days\n  contact: 01632 960777\n"), "{within}");
}

#[test]
fn review_as_csv_for_a_spreadsheet() {
    let site = review_site();
    let result = supportmap(
        &[
            "review",
            "--root",
            site.path().to_str().unwrap(),
            "--today",
            TODAY,
            "--within",
            "365",
            "--format",
            "csv",
        ],
        &[],
    );
    assert_eq!(result.status.code(), Some(0));
    let out = text(&result.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "status,due,last_reviewed,kind,id,name,organisation,phone,email,website,file"
    );
    assert_eq!(lines[1], "939 days overdue,2024-04-30,2023-05-01,asset,very-old,\"Very Old, \"\"Quoted\"\" Group\",Old Trust,,old@example.org,https://example.org/old,content/assets/very-old.yaml");
    let ids: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(4).unwrap_or(""))
        .collect();
    // very-old's name holds a comma, so its fifth cell is read from the quoted line above.
    assert_eq!(
        &ids[1..],
        [
            "north-lunch-club",
            "due-soon",
            "debt-advice",
            "money-worries",
            "south-pantry"
        ],
        "{out}"
    );
    assert!(
        lines[2].starts_with(
            "685 days overdue,2025-01-09,2024-01-10,asset,north-lunch-club,North End Lunch Club,"
        ),
        "{out}"
    );
}

#[test]
fn need_pages_say_how_many_records_may_be_out_of_date() {
    let site = valid_site();
    let out = site.path().join("site");
    let build = supportmap(
        &[
            "build",
            "--root",
            site.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        &[],
    );
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let food = fs::read_to_string(out.join("needs/food/index.html")).unwrap();
    assert!(food.contains("1 of these has not been checked for a while and may be out of date: check before referring."), "{food}");
    let money = fs::read_to_string(out.join("needs/money/index.html")).unwrap();
    assert!(
        !money.contains("may be out of date: check before referring"),
        "no note when every record is fresh"
    );
}
