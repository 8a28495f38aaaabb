//! Serve: `supportmap serve`, a live preview for editors.
//!
//! Builds the site into memory (the published `site/` folder is never touched), serves it over
//! HTTP on loopback, watches `content/` and `themes/`, rebuilds on every save and reloads the
//! open pages. A content error never stops the server: every page of the last good build gets
//! an overlay with the diagnostics `check` prints, until the file is fixed. A folder removed
//! and put back (`rm -rf content` and a fresh copy, a `git checkout`) is said so, in the
//! terminal and the overlay, and watched again.
//!
//! - `engine`: builds and patches the site in memory and publishes each rebuild at once.
//! - `watch`: the file watch, including folders that go away and come back.
//! - `http`: the HTTP server and its limits (head size, read time, connections).
//! - `answer`: what each address answers, with live reload and the overlay in every page.
//!
//! Live reload: HTML responses get `<script src="/__supportmap/livereload.js">` (a same-origin
//! file, so the pages' Content-Security-Policy allows it). The script long-polls
//! `/__supportmap/poll` with the version it has seen and its own page; the server answers when
//! that page (or the overlay) has changed, and the script reloads.
//!
//! `SUPPORTMAP_TIMINGS=1` prints how long each step of an incremental update took.

mod answer;
mod engine;
mod http;
mod watch;

use chrono::NaiveDate;
use engine::{Engine, Shared};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub today: Option<NaiveDate>,
}

pub fn run(options: ServeOptions) -> i32 {
    if !options.root.join("content").is_dir() {
        eprintln!(
            "error: no content folder at {}: run supportmap in a site folder or pass --root",
            options.root.join("content").display()
        );
        return 2;
    }
    // Events name absolute paths; the site folder is compared with them.
    let root = std::fs::canonicalize(&options.root).unwrap_or(options.root.clone());
    let listener = match TcpListener::bind(SocketAddr::new(options.bind, options.port)) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "error: cannot listen on {}:{}: {err}",
                options.bind, options.port
            );
            if options.port != 0 {
                eprintln!("  help: another program may be using the port; try --port 0 to pick a free one");
            }
            return 2;
        }
    };
    let url = match listener.local_addr() {
        Ok(SocketAddr::V6(a)) => format!("http://[{}]:{}/", a.ip(), a.port()),
        Ok(SocketAddr::V4(a)) => format!("http://{}:{}/", a.ip(), a.port()),
        Err(err) => {
            eprintln!("error: cannot listen: {err}");
            return 2;
        }
    };
    if !options.bind.is_loopback() {
        eprintln!("warning: serving on {} as --bind asked: anyone who can reach this computer on the network can see the preview", options.bind);
    }
    let shared = Arc::new(Shared::default());
    let mut engine = Engine::new(root.clone(), options.today, url.clone(), shared.clone());
    engine.full_rebuild();

    let (tx, rx) = mpsc::channel();
    let mut watch = match watch::Watch::start(&root, tx) {
        Ok(watch) => watch,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    println!("Serving {url}");
    eprintln!(
        "Watching {} for changes; press Ctrl+C to stop.",
        watch.watched()
    );

    {
        let loopback = options.bind.is_loopback();
        let answer = move |request: &http::Request| answer::respond(&shared, request, loopback);
        std::thread::spawn(move || http::serve(listener, Arc::new(answer)));
    }
    while let Ok(events) = rx.recv() {
        let mut batch = vec![events];
        // Saves that arrive while rebuilding are taken together.
        batch.extend(rx.try_iter());
        let mut events = Vec::new();
        for result in batch {
            match result {
                Ok(more) => events.extend(more),
                Err(errors) => {
                    for err in errors {
                        eprintln!("warning: watching files: {err}");
                    }
                }
            }
        }
        let (mut paths, folders) = watch.sort(events);
        if !folders.is_empty() {
            for folder in &folders {
                say_folder_changed(folder);
            }
            if folders.iter().any(|f| f.name == "content" && !f.is_there) {
                engine.content_removed();
            } else {
                engine.full_rebuild();
            }
            continue;
        }
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        paths.dedup();
        engine.changed(&paths);
    }
    0
}

fn say_folder_changed(folder: &watch::FolderChange) {
    let name = folder.name;
    match (folder.was_there, folder.is_there) {
        (_, false) => eprintln!(
            "{name}/ was removed: the preview keeps the last good build until it is back."
        ),
        (false, true) => eprintln!("{name}/ is back: watching it again and rebuilding."),
        (true, true) => eprintln!("{name}/ was replaced: watching the new one and rebuilding."),
    }
}
