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
//! - `background`: remakes the open data and the search index after a rebuild, off the
//!   engine's thread, and swaps them in only over the generation they were made from.
//! - `patch`: which pages an edited asset shows on, and rendering just those.
//! - `shared`: the served files and the change log the reload polls wait on.
//! - `report`: what the preview says, in the terminal (through the `Reporter` that `cli`
//!   hands in: serve itself prints nothing) and in the overlay.
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
mod background;
mod engine;
mod http;
mod patch;
mod report;
mod shared;
mod watch;

use crate::diagnostics::Reporter;
use chrono::NaiveDate;
use engine::Engine;
use shared::Shared;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

pub(crate) struct ServeOptions {
    pub(crate) root: PathBuf,
    pub(crate) port: u16,
    pub(crate) bind: IpAddr,
    pub(crate) today: Option<NaiveDate>,
}

/// Why the preview could not start, for `cli` to print.
pub(crate) struct StartError {
    pub(crate) message: String,
    pub(crate) help: Option<&'static str>,
}

impl StartError {
    fn new(message: String) -> StartError {
        StartError {
            message,
            help: None,
        }
    }
}

/// Serves until the file watch ends; everything it has to say goes to `report`.
pub(crate) fn run(options: ServeOptions, report: Arc<dyn Reporter>) -> Result<(), StartError> {
    if !options.root.join("content").is_dir() {
        return Err(StartError::new(format!(
            "no content folder at {}: run supportmap in a site folder or pass --root",
            options.root.join("content").display()
        )));
    }
    // Events name absolute paths; the site folder is compared with them.
    let root = std::fs::canonicalize(&options.root).unwrap_or(options.root.clone());
    let listener =
        TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|err| {
            StartError {
                message: format!("cannot listen on {}:{}: {err}", options.bind, options.port),
                help: (options.port != 0).then_some(
                    "another program may be using the port; try --port 0 to pick a free one",
                ),
            }
        })?;
    let url = match listener.local_addr() {
        Ok(SocketAddr::V6(a)) => format!("http://[{}]:{}/", a.ip(), a.port()),
        Ok(SocketAddr::V4(a)) => format!("http://{}:{}/", a.ip(), a.port()),
        Err(err) => return Err(StartError::new(format!("cannot listen: {err}"))),
    };
    if !options.bind.is_loopback() {
        report.say(&format!("warning: serving on {} as --bind asked: anyone who can reach this computer on the network can see the preview", options.bind));
    }
    let shared = Arc::new(Shared::default());
    let mut engine = Engine::new(
        root.clone(),
        options.today,
        url.clone(),
        shared.clone(),
        report.clone(),
    );
    engine.full_rebuild();

    let (tx, rx) = mpsc::channel();
    let mut watch =
        watch::Watch::start(&root, tx).map_err(|err| StartError::new(err.to_string()))?;
    report.announce(&format!("Serving {url}"));
    report.say(&format!(
        "Watching {} for changes; press Ctrl+C to stop.",
        watch.watched()
    ));

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
                        report.say(&format!("warning: watching files: {err}"));
                    }
                }
            }
        }
        let (mut paths, folders) = watch.sort(events);
        if !folders.is_empty() {
            report::folders_changed(&*report, &folders);
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
    Ok(())
}
