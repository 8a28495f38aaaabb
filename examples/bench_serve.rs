//! Measures how long an edit takes to show in `supportmap serve` on a generated site.
//!
//!     scripts/bench-serve [assets] [edits]        # builds, generates the corpus, runs this
//!     bench_serve <supportmap binary> <site root> [edits] [gap-ms]
//!
//! Starts `serve` on a free port, waits for the first build and the search index, then edits
//! one asset's summary at a time (the way an editor saves: the whole file rewritten) and polls
//! over HTTP until the new text is served: first on the asset's own page (what the editor is
//! looking at, and what live reload reloads), then on the page of its need's list that shows it.
//! Prints each edit and the median, 90th percentile and worst times. Everything runs on
//! 127.0.0.1 and stops by itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = Vec::new();
    stream.read_to_end(&mut body).ok()?;
    Some(String::from_utf8_lossy(&body).into_owned())
}

fn wait_for(port: u16, path: &str, needle: &str, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if get(port, path).is_some_and(|body| body.contains(needle)) {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

/// The page of the need's list that shows asset `id` (lists are paginated).
fn list_page(port: u16, need: &str, id: &str) -> String {
    let link = format!("href=\"/assets/{id}/\"");
    for n in 1.. {
        let path = if n == 1 {
            format!("/needs/{need}/")
        } else {
            format!("/needs/{need}/page/{n}/")
        };
        match get(port, &path) {
            Some(body) if body.contains(&link) => return path,
            Some(body) if body.starts_with("HTTP/1.1 200") => continue,
            _ => break,
        }
    }
    format!("/needs/{need}/")
}

fn summary(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label}: median {:.0} ms, p90 {:.0} ms, worst {:.0} ms ({} edits)",
        ms(pick(0.5)),
        ms(pick(0.9)),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (binary, root) = (&args[1], std::path::PathBuf::from(&args[2]));
    let edits: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let gap = Duration::from_millis(args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1500));
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--today", "2026-11-25", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start supportmap serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("serve prints its address");
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    println!(
        "first build served after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    match wait_for(
        port,
        "/pagefind/pagefind.js",
        "HTTP/1.1 200",
        Duration::from_secs(300),
    ) {
        Some(_) => println!(
            "search index ready after {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        None => println!("search index not ready after 300 s"),
    }

    let assets = root.join("content/assets");
    let mut files: Vec<_> = std::fs::read_dir(&assets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut page_times, mut list_times) = (Vec::new(), Vec::new());
    for i in 0..edits {
        let file = &files[(i * 7919) % files.len()];
        let id = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(file).unwrap();
        let token = format!("benchedit{i}x{}", std::process::id());
        let edited: String = text
            .lines()
            .map(|l| {
                if l.starts_with("summary:") {
                    format!("summary: Edited for the benchmark {token}.\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let need = text
            .lines()
            .find_map(|l| l.strip_prefix("needs: ["))
            .and_then(|l| l.split([',', ']']).next())
            .unwrap_or("money")
            .trim()
            .to_string();
        let list_path = list_page(port, &need, &id);
        let saved = Instant::now();
        std::fs::write(file, edited).unwrap();
        let page = wait_for(
            port,
            &format!("/assets/{id}/"),
            &token,
            Duration::from_secs(60),
        );
        let list =
            wait_for(port, &list_path, &token, Duration::from_secs(60)).map(|_| saved.elapsed());
        let show = |d: Option<Duration>| {
            d.map_or("not seen".to_string(), |d| format!("{} ms", d.as_millis()))
        };
        println!(
            "edit {i:2} {id}: asset page {}, need page {}",
            show(page),
            show(list)
        );
        page_times.extend(page);
        list_times.extend(list);
        std::thread::sleep(gap);
    }
    let _ = child.kill();
    let _ = child.wait();
    if !page_times.is_empty() {
        summary("asset page shows the edit", &mut page_times);
    }
    if !list_times.is_empty() {
        summary("need page (a long list) shows the edit", &mut list_times);
    }
}
