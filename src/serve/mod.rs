//! Serve: `supportmap serve`, a live preview for editors.
//!
//! Builds the site into memory (the published `site/` folder is never touched), serves it over
//! HTTP on loopback, watches `content/` and `themes/`, rebuilds on every save and reloads the
//! open pages. A content error never stops the server: every page of the last good build gets
//! an overlay with the diagnostics `check` prints, until the file is fixed.
//!
//! Rebuilds are incremental where it matters. When only asset files changed, each is re-read
//! and re-checked on its own, the model is patched (`model::update_asset`) and only the pages
//! that show the asset are re-rendered, in two steps: first the asset's own page and the small
//! pages around it (published at once, so the edit shows within a few tens of milliseconds),
//! then the long lists (need, place, A to Z, coverage). The search index is rebuilt last, in the
//! background, and swapped in when it is ready; until then search shows the previous index.
//! Anything else (needs, places, pathways, site.yaml, themes, a removed or closed asset) gets a
//! full rebuild.
//!
//! Live reload: HTML responses get `<script src="/__supportmap/livereload.js">` (a same-origin
//! file, so the pages' Content-Security-Policy allows it). The script long-polls
//! `/__supportmap/poll` with the version it has seen and its own page; the server answers when
//! that page (or the overlay) has changed, and the script reloads.
//!
//! `SUPPORTMAP_TIMING=1` prints how long each step of an incremental update took.

use crate::diagnostics::{Diagnostics, Severity, Sources};
use crate::model::Model;
use crate::output::MemorySink;
use crate::source::Kind;
use crate::theme::Theme;
use crate::validate::Content;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub today: Option<NaiveDate>,
}

const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");
const OVERLAY_CSS: &str = include_str!("serve/overlay.css");
/// How long a poll waits for a change before answering "nothing yet".
const POLL_WAIT: Duration = Duration::from_secs(20);
/// Saves closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub fn run(options: ServeOptions) -> i32 {
    if !options.root.join("content").is_dir() {
        eprintln!(
            "error: no content folder at {}: run supportmap in a site folder or pass --root",
            options.root.join("content").display()
        );
        return 2;
    }
    let server = match tiny_http::Server::http(SocketAddr::new(options.bind, options.port)) {
        Ok(server) => Arc::new(server),
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
    let addr = server
        .server_addr()
        .to_ip()
        .expect("listening on an IP address");
    let url = match addr {
        SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
        SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
    };
    if !options.bind.is_loopback() {
        eprintln!("warning: serving on {} as --bind asked: anyone who can reach this computer on the network can see the preview", options.bind);
    }
    let shared = Arc::new(Shared::default());
    let mut engine = Engine::new(
        options.root.clone(),
        options.today,
        url.clone(),
        shared.clone(),
    );
    engine.full_rebuild();

    let (tx, rx) = mpsc::channel();
    let mut debouncer = match notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx) {
        Ok(debouncer) => debouncer,
        Err(err) => {
            eprintln!("error: cannot watch files: {err}");
            return 2;
        }
    };
    use notify_debouncer_full::notify::{EventKind, RecursiveMode};
    let mut watched = Vec::new();
    for folder in ["content", "themes"] {
        let path = options.root.join(folder);
        if path.is_dir() {
            if let Err(err) = debouncer.watch(&path, RecursiveMode::Recursive) {
                eprintln!("error: cannot watch {}: {err}", path.display());
                return 2;
            }
            watched.push(format!("{folder}/"));
        }
    }
    println!("Serving {url}");
    eprintln!(
        "Watching {} for changes; press Ctrl+C to stop.",
        watched.join(" and ")
    );

    let http = {
        let (server, shared) = (server.clone(), shared.clone());
        let loopback = options.bind.is_loopback();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = shared.clone();
                // A thread per request: waiting polls hold one each, and a preview has few readers.
                std::thread::spawn(move || handle(&shared, request, loopback));
            }
        })
    };
    while let Ok(events) = rx.recv() {
        // Reading a file is an event too (the build itself reads every file): only writes count.
        let writes = |events: Vec<notify_debouncer_full::DebouncedEvent>| {
            events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect::<Vec<PathBuf>>()
        };
        let mut paths: Vec<PathBuf> = match events {
            Ok(events) => writes(events),
            Err(errors) => {
                for err in errors {
                    eprintln!("warning: watching files: {err}");
                }
                continue;
            }
        };
        // Saves that arrive while rebuilding are taken together.
        while let Ok(more) = rx.try_recv() {
            paths.extend(more.map(writes).unwrap_or_default());
        }
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        paths.dedup();
        engine.changed(&paths);
    }
    drop(http);
    0
}

/// What the HTTP side serves: the files of the last good build, the overlay when the latest
/// build failed, and a log of what changed for the reload polls.
#[derive(Default)]
struct Shared {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    overlay: RwLock<Option<String>>,
    changes: Mutex<ChangeLog>,
    changed: Condvar,
}

#[derive(Default)]
struct ChangeLog {
    version: u64,
    /// Recent versions and the files each changed (`None`: every page).
    recent: VecDeque<(u64, Option<HashSet<String>>)>,
}

impl Shared {
    /// Swaps in new files (and removes `gone`), then wakes the polls of the pages concerned.
    fn publish(&self, files: Vec<(String, Vec<u8>)>, gone: &[String], all: bool, replace: bool) {
        let changed: HashSet<String> = files
            .iter()
            .map(|(p, _)| p.clone())
            .chain(gone.iter().cloned())
            .collect();
        {
            let mut map = self.files.write().expect("files lock");
            if replace {
                // Keep the previous search index until the new one is ready.
                map.retain(|path, _| path.starts_with("pagefind/"));
            }
            for path in gone {
                map.remove(path);
            }
            for (path, bytes) in files {
                map.insert(path, Arc::new(bytes));
            }
        }
        self.bump(if all { None } else { Some(changed) });
    }

    fn set_overlay(&self, overlay: Option<String>) {
        *self.overlay.write().expect("overlay lock") = overlay;
        self.bump(None);
    }

    fn bump(&self, changed: Option<HashSet<String>>) {
        let mut log = self.changes.lock().expect("changes lock");
        log.version += 1;
        let version = log.version;
        log.recent.push_back((version, changed));
        while log.recent.len() > 64 {
            log.recent.pop_front();
        }
        self.changed.notify_all();
    }

    /// Waits until `file` changed after version `since`, or the wait runs out. Returns the
    /// version now current and whether the page should reload.
    fn wait(&self, since: Option<u64>, file: &str, timeout: Duration) -> (u64, bool) {
        let deadline = Instant::now() + timeout;
        let mut log = self.changes.lock().expect("changes lock");
        loop {
            let Some(since) = since else {
                return (log.version, false);
            };
            if since > log.version {
                // The server restarted since the page loaded.
                return (log.version, true);
            }
            let oldest = log.recent.front().map_or(log.version + 1, |(v, _)| *v);
            let missed = since + 1 < oldest && since < log.version;
            let touched = log.recent.iter().any(|(v, changed)| {
                *v > since && changed.as_ref().is_none_or(|c| c.contains(file))
            });
            if missed || touched {
                return (log.version, true);
            }
            let now = Instant::now();
            if now >= deadline {
                return (log.version, false);
            }
            log = self
                .changed
                .wait_timeout(log, deadline - now)
                .expect("changes lock")
                .0;
        }
    }
}

/// Output files as (path below the site, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The last good build, kept in memory so an edit can be patched in.
struct Good {
    content: Content,
    theme: Theme,
    model: Model,
    today: NaiveDate,
}

struct Engine {
    root: PathBuf,
    today: Option<NaiveDate>,
    base_url: String,
    shared: Arc<Shared>,
    good: Option<Good>,
    /// Set when the latest rebuild failed. `Some(file)` when only that asset file is broken
    /// (it can be re-checked alone); `None` inside when a full rebuild found the problems.
    broken: Option<Option<PathBuf>>,
    search: mpsc::Sender<(u64, Content)>,
    search_generation: Arc<Mutex<u64>>,
}

impl Engine {
    fn new(
        root: PathBuf,
        today: Option<NaiveDate>,
        base_url: String,
        shared: Arc<Shared>,
    ) -> Engine {
        let (search, jobs) = mpsc::channel::<(u64, Content)>();
        let generation = Arc::new(Mutex::new(0));
        {
            let (shared, generation, base_url) =
                (shared.clone(), generation.clone(), base_url.clone());
            std::thread::spawn(move || search_worker(jobs, &shared, &generation, &base_url, today));
        }
        Engine {
            root,
            today,
            base_url,
            shared,
            good: None,
            broken: None,
            search,
            search_generation: generation,
        }
    }

    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn changed(&mut self, paths: &[PathBuf]) {
        let content = self.root.join("content");
        let relevant: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| !is_scratch_file(p) && (!p.starts_with(&content) || is_record_path(p)))
            .collect();
        if relevant.is_empty() {
            return;
        }
        let assets_only = relevant.iter().all(|p| {
            p.strip_prefix(content.join("assets"))
                .is_ok_and(|r| r.components().count() == 1)
                && p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "md")
                )
        });
        let can_patch = self.good.is_some()
            && relevant.len() <= 20
            && match &self.broken {
                None => true,
                Some(Some(file)) => relevant.iter().all(|p| *p == file),
                Some(None) => false,
            };
        if assets_only && can_patch {
            for path in relevant {
                if !self.patch_asset(path) {
                    self.full_rebuild();
                    return;
                }
            }
        } else {
            self.full_rebuild();
        }
    }

    /// Re-reads everything. On success the new site replaces the old one; on failure the old
    /// one stays and gets the overlay.
    fn full_rebuild(&mut self) {
        let started = Instant::now();
        let today = self.today();
        let mut diags = Diagnostics::default();
        match self.build_all(today, &mut diags) {
            Some((good, files)) => {
                let count = files.len();
                self.shared.publish(files, &[], true, true);
                self.set_broken(None, &diags);
                self.request_search(&good.content);
                let warnings = diags.count(Severity::Warning);
                eprintln!(
                    "Built {} assets, {count} files in {} ms{}",
                    good.content.assets.len(),
                    started.elapsed().as_millis(),
                    if warnings > 0 {
                        format!(" ({warnings} warning{})", crate::cli::plural(warnings))
                    } else {
                        String::new()
                    }
                );
                self.good = Some(good);
            }
            None => {
                self.set_broken(Some(None), &diags);
            }
        }
    }

    fn build_all(&self, today: NaiveDate, diags: &mut Diagnostics) -> Option<(Good, Files)> {
        let content = match crate::load(&self.root, today, diags) {
            Ok(content) => content?,
            Err(crate::Failure::Io(message)) => {
                diags.error(
                    Path::new("content"),
                    crate::diagnostics::Pos::START,
                    message,
                );
                return None;
            }
            Err(crate::Failure::Content) => return None,
        };
        let theme = crate::theme::load(&self.root, &content.site.theme)
            .map_err(|e| {
                diags
                    .error(&e.file, crate::diagnostics::Pos::START, e.message)
                    .help("fix the theme file; the preview shows the last good build meanwhile")
            })
            .ok()?;
        let model = crate::model::build(&content, Some(&self.base_url), today);
        let sink = MemorySink::default();
        if let Err(err) = crate::publish(&content, &model, &theme, &sink) {
            if let crate::Failure::Io(message) = crate::render_failure(err, diags) {
                diags.error(Path::new("data"), crate::diagnostics::Pos::START, message);
            }
            return None;
        }
        let files = sink.into_files().into_iter().collect();
        Some((
            Good {
                content,
                theme,
                model,
                today,
            },
            files,
        ))
    }

    /// Applies one edited or new asset file. `false` when a full rebuild is needed instead.
    fn patch_asset(&mut self, path: &Path) -> bool {
        let started = Instant::now();
        let mut diags = Diagnostics::default();
        let Some(good) = self.good.as_mut() else {
            return false;
        };
        let Some(source) = crate::source::load_file(&self.root, path, &mut diags) else {
            if diags.has_errors() {
                self.set_broken(Some(Some(path.to_path_buf())), &diags);
                return true;
            }
            return false;
        };
        if source.kind != Kind::Asset {
            return false;
        }
        let id = source.id.clone();
        // Another file with the same id is a duplicate: only a full check reports it properly.
        let siblings = ["yaml", "yml", "md"]
            .iter()
            .map(|ext| path.with_extension(ext))
            .filter(|p| p != path && p.exists())
            .count();
        if siblings > 0 {
            return false;
        }
        let Some(asset) =
            crate::validate::revalidate_asset(source, &good.content, good.today, &mut diags)
        else {
            if diags.has_errors() {
                self.set_broken(Some(Some(path.to_path_buf())), &diags);
                return true;
            }
            return false;
        };
        let old = good.content.assets.iter().position(|a| a.id == id);
        let closed = |a: &crate::validate::Asset| a.record.status == crate::records::Status::Closed;
        if closed(&asset) || old.is_some_and(|i| closed(&good.content.assets[i])) {
            // Pathways may name it: their pages and warnings change too.
            return false;
        }
        let (mut fast, mut slow) = pages_showing(&good.model, &id);
        match old {
            Some(i) => good.content.assets[i] = asset,
            None => good.content.assets.push(asset),
        }
        let t_validated = started.elapsed().as_millis();
        crate::model::update_asset(&mut good.model, &good.content, &id, good.today);
        let t_model = started.elapsed().as_millis();
        let (fast_after, slow_after) = pages_showing(&good.model, &id);
        fast.extend(fast_after);
        slow.extend(slow_after);
        slow.retain(|p| !fast.contains(p));

        let Ok(first) = render_files(&good.model, &good.theme, &fast) else {
            return false;
        };
        self.shared.publish(first.0, &first.1, false, false);
        let page_ms = started.elapsed().as_millis();
        if std::env::var_os("SUPPORTMAP_TIMING").is_some() {
            eprintln!(
                "timing: checked {t_validated} ms, model {t_model} ms, {} quick pages {page_ms} ms",
                fast.len()
            );
        }
        self.set_broken(None, &diags);
        let Some(good) = self.good.as_ref() else {
            return false;
        };
        let Ok(rest) = render_files(&good.model, &good.theme, &slow) else {
            return false;
        };
        self.shared.publish(rest.0, &rest.1, false, false);
        eprintln!(
            "Updated {} ({} ms for its page, {} ms for {} more pages that list it)",
            path.strip_prefix(&self.root).unwrap_or(path).display(),
            page_ms,
            started.elapsed().as_millis(),
            slow.len()
        );
        let content = good.content.clone();
        self.request_search(&content);
        true
    }

    fn set_broken(&mut self, broken: Option<Option<PathBuf>>, diags: &Diagnostics) {
        let was_broken = self.broken.is_some();
        if broken.is_some() {
            let text = overlay_html(&self.root, diags, self.good.is_some());
            let errors = diags.count(Severity::Error);
            eprintln!(
                "{errors} error{} in the content; the preview shows them over the last good build:",
                crate::cli::plural(errors)
            );
            let mut sources = Sources::new(&self.root);
            for d in diags.sorted() {
                eprintln!("{}", d.render(&mut sources, crate::cli::stderr_color()));
            }
            self.shared.set_overlay(Some(text));
        } else if was_broken {
            eprintln!("Fixed: the preview is up to date again.");
            self.shared.set_overlay(None);
        }
        self.broken = broken;
    }

    fn request_search(&self, content: &Content) {
        let generation = {
            let mut generation = self.search_generation.lock().expect("search lock");
            *generation += 1;
            *generation
        };
        let _ = self.search.send((generation, content.clone()));
    }
}

fn render_into_memory(model: &Model, theme: &Theme, paths: &HashSet<String>) -> Result<Files, ()> {
    let sink = MemorySink::default();
    crate::render::render_some(model, theme, Some(paths), &sink).map_err(|_| ())?;
    Ok(sink.into_files().into_iter().collect())
}

/// Renders `paths`; returns the files made and the wanted paths that no longer exist.
fn render_files(
    model: &Model,
    theme: &Theme,
    paths: &HashSet<String>,
) -> Result<(Files, Vec<String>), ()> {
    if paths.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    if paths.len() <= 2 {
        let files: Files = render_into_memory(model, theme, paths)?;
        let made: HashSet<&String> = files.iter().map(|(p, _)| p).collect();
        let gone = paths
            .iter()
            .filter(|p| !made.contains(p))
            .cloned()
            .collect();
        return Ok((files, gone));
    }
    // Two halves on two threads: the long list pages dominate, and Tera renders in parallel.
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let halves: [HashSet<String>; 2] = [
        sorted.iter().step_by(2).map(|p| (*p).clone()).collect(),
        sorted
            .iter()
            .skip(1)
            .step_by(2)
            .map(|p| (*p).clone())
            .collect(),
    ];
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = halves
            .iter()
            .map(|half| scope.spawn(move || render_into_memory(model, theme, half)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("render thread"))
            .collect()
    });
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    let made: HashSet<&String> = files.iter().map(|(p, _)| p).collect();
    let gone = paths
        .iter()
        .filter(|p| !made.contains(p))
        .cloned()
        .collect();
    Ok((files, gone))
}

/// The output files that show asset `id`: the quick ones (its page, pathways that name it, and
/// the page of each list it is on) and the rest (home counts, coverage, every other page of those
/// lists and of the A to Z: their counts change, and an added, removed or renamed asset moves
/// the others along). `serve` asks before and after an edit, so pages that stop existing (a list
/// one page shorter) are known to be gone.
fn pages_showing(model: &Model, id: &str) -> (HashSet<String>, HashSet<String>) {
    let mut fast: HashSet<String> = HashSet::from([format!("assets/{id}/index.html")]);
    let mut slow: HashSet<String> = [
        "index.html",
        "coverage/index.html",
        "search/index.html",
        "sitemap.xml",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    slow.extend(crate::render::a_to_z_files(model));
    for pathway in &model.pathways {
        if pathway
            .steps
            .iter()
            .any(|s| s.assets.iter().any(|c| c.id == id))
        {
            fast.insert(format!("{}index.html", pathway.path));
        }
    }
    let Some(index) = model.assets.iter().position(|a| a.card.id == id) else {
        return (fast, slow);
    };
    fast.extend(crate::render::a_to_z_file_of(model, index));
    let size = model.site.page_size;
    // Every page of the list `items` at `path`; the one showing the asset is quick.
    let mut list = |path: &str, items: &[usize]| {
        let paginator = crate::render::Paginator::new(path, items.len(), size);
        slow.extend(paginator.files());
        if let Some(at) = items.iter().position(|&i| i == index) {
            fast.insert(paginator.file(paginator.page_of(at)));
        }
    };
    let needs: Vec<&crate::model::NeedView> = model
        .needs
        .iter()
        .filter(|n| n.assets.contains(&index))
        .collect();
    for need in &needs {
        list(&need.path, &need.assets);
    }
    for place in model.places.iter().filter(|p| p.assets.contains(&index)) {
        list(&place.path, &place.assets);
        for need in &needs {
            let listed: Vec<usize> = need
                .assets
                .iter()
                .copied()
                .filter(|i| place.assets.binary_search(i).is_ok())
                .collect();
            list(&format!("{}needs/{}/", place.path, need.id), &listed);
        }
    }
    slow.retain(|p| !fast.contains(p));
    (fast, slow)
}

/// Rebuilds the search index in the background, newest content only, and swaps it in.
fn search_worker(
    jobs: mpsc::Receiver<(u64, Content)>,
    shared: &Shared,
    generation: &Mutex<u64>,
    base_url: &str,
    today: Option<NaiveDate>,
) {
    lower_priority();
    while let Ok(mut job) = jobs.recv() {
        // Let a burst of saves settle, then index only the latest content.
        std::thread::sleep(Duration::from_millis(300));
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (job_generation, content) = job;
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        let model = crate::model::build(&content, Some(base_url), today);
        let sink = MemorySink::default();
        if crate::search::index(&model, &sink).is_err() {
            continue;
        }
        if *generation.lock().expect("search lock") != job_generation {
            continue;
        }
        let mut map = shared.files.write().expect("files lock");
        map.retain(|path, _| !path.starts_with("pagefind/"));
        for (path, bytes) in sink.into_files() {
            map.insert(path, Arc::new(bytes));
        }
    }
}

/// Indexing search takes seconds on a large site; it must not slow the pages an editor waits
/// for. On Linux a thread has its own nice value.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; 0 means the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Under `content/`, only record files (and folders) matter; an editor's temporary files
/// (`4913`, `x.yaml___jb_tmp___`) come and go without a rebuild.
fn is_record_path(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml" | "md")
    ) || path.is_dir()
}

/// Editors' and tools' temporary files: nothing to rebuild for.
fn is_scratch_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

/// The overlay: every diagnostic as `check` prints it, over the last good page.
fn overlay_html(root: &Path, diags: &Diagnostics, has_build: bool) -> String {
    let errors = diags.count(Severity::Error);
    let mut sources = Sources::new(root);
    let mut text = String::new();
    for d in diags.sorted() {
        text.push_str(&d.render(&mut sources, false));
        text.push('\n');
    }
    let under = if has_build {
        "The page below is from the last build without errors."
    } else {
        "There is no build without errors yet."
    };
    format!(
        "<details class=\"supportmap-overlay\" id=\"supportmap-overlay\" open role=\"alert\">\n<summary>{errors} problem{} in the content: fix {} and save. {under}</summary>\n<pre>{}</pre>\n</details>\n",
        crate::cli::plural(errors),
        if errors == 1 { "it" } else { "them" },
        crate::theme::escape_html(&text)
    )
}

fn handle(shared: &Shared, request: tiny_http::Request, loopback: bool) {
    let response = respond(
        shared,
        request.method(),
        request.url(),
        host(&request).as_deref(),
        loopback,
    );
    let mut out = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    for (name, value) in response.headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out = out.with_header(header);
        }
    }
    let _ = request.respond(out);
}

fn host(request: &tiny_http::Request) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string())
}

/// One HTTP answer, kept apart from the server crate so it can be tested directly.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".into()),
                ("X-Content-Type-Options", "nosniff".into()),
            ],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

fn respond(
    shared: &Shared,
    method: &tiny_http::Method,
    url: &str,
    host: Option<&str>,
    loopback: bool,
) -> Reply {
    // A web page elsewhere could point a name it controls at 127.0.0.1 (DNS rebinding) and
    // read the preview; on loopback only loopback names are answered.
    if loopback && !host.is_some_and(is_loopback_host) {
        return Reply::text(403, "This preview only answers to localhost addresses.\n");
    }
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return Reply::text(405, "The preview only serves pages.\n");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match path {
        "/__supportmap/livereload.js" => {
            return Reply::new(
                200,
                "text/javascript; charset=utf-8",
                LIVERELOAD_JS.as_bytes().to_vec(),
            )
        }
        "/__supportmap/overlay.css" => {
            return Reply::new(
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes().to_vec(),
            )
        }
        "/__supportmap/poll" => return poll(shared, query),
        _ => {}
    }
    let Some(key) = file_key(path) else {
        return Reply::text(400, "Bad address.\n");
    };
    let files = shared.files.read().expect("files lock");
    let overlay = shared.overlay.read().expect("overlay lock").clone();
    if let Some(bytes) = files.get(&key) {
        let kind = content_type(&key);
        return if kind.starts_with("text/html") {
            Reply::new(200, kind, inject(bytes, overlay.as_deref()))
        } else {
            Reply::new(200, kind, bytes.to_vec())
        };
    }
    if !key.ends_with("index.html") && files.contains_key(&format!("{key}/index.html")) {
        let mut reply = Reply::text(301, "Moved.\n");
        reply.headers.push(("Location", format!("{path}/")));
        return reply;
    }
    let body = match files.get("404.html") {
        Some(page) => inject(page, overlay.as_deref()),
        None => inject(b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building</title></head><body><h1>Nothing built yet</h1></body></html>", overlay.as_deref()),
    };
    Reply::new(404, "text/html; charset=utf-8", body)
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn poll(shared: &Shared, query: &str) -> Reply {
    let mut since = None;
    let mut page = String::from("/");
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("since", v)) => since = v.parse().ok(),
            Some(("page", v)) => page = percent_decode(v).unwrap_or_default(),
            _ => {}
        }
    }
    let file = file_key(&page).unwrap_or_default();
    let (version, reload) = shared.wait(since, &file, POLL_WAIT);
    Reply::new(
        200,
        "application/json",
        format!("{{\"version\":{version},\"reload\":{reload}}}").into_bytes(),
    )
}

/// The file a URL path names (`/assets/x/` → `assets/x/index.html`), or `None` for anything
/// that could step outside the site: `..`, `.`, backslashes, NUL or bad percent-encoding.
fn file_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let relative = decoded.strip_prefix('/')?;
    if relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let segments: Vec<&str> = relative.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if matches!(*segment, "." | "..") || (segment.is_empty() && !last) {
            return None;
        }
    }
    Some(if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script (and the overlay, when the latest build failed) to a page.
fn inject(page: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut html = String::from_utf8_lossy(page).into_owned();
    if let Some(overlay) = overlay {
        if let Some(at) = html.find("</head>") {
            html.insert_str(
                at,
                "<link rel=\"stylesheet\" href=\"/__supportmap/overlay.css\">\n",
            );
        }
        let at = html
            .find("<body")
            .and_then(|b| html[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        html.insert_str(at, &format!("\n{overlay}"));
    }
    let script = "<script src=\"/__supportmap/livereload.js\" defer></script>\n";
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, script),
        None => html.push_str(script),
    }
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/assets/x/").as_deref(),
            Some("assets/x/index.html")
        );
        assert_eq!(
            file_key("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(file_key("/caf%C3%A9/").as_deref(), Some("café/index.html"));
        for bad in [
            "/../etc/passwd",
            "/assets/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a/./b",
            "/a%5c..%5cb",
            "/a//b",
            "/%00",
            "/%zz",
            "relative",
            "/a/%2e%2e",
        ] {
            assert_eq!(file_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn editor_scratch_files_do_not_rebuild() {
        for scratch in [
            "content/assets/.x.yaml.swp",
            "content/assets/x.yaml~",
            "content/assets/#x.yaml#",
        ] {
            assert!(is_scratch_file(Path::new(scratch)), "{scratch}");
        }
        assert!(
            is_record_path(Path::new("content/assets/x.yaml"))
                && is_record_path(Path::new("content/pages/x.MD"))
        );
        assert!(
            !is_record_path(Path::new("content/assets/4913"))
                && !is_record_path(Path::new("content/assets/x.yaml___jb_tmp___"))
        );
    }

    #[test]
    fn answers_only_loopback_names() {
        assert!(
            is_loopback_host("127.0.0.1:1111")
                && is_loopback_host("localhost:1111")
                && is_loopback_host("[::1]:8080")
                && is_loopback_host("localhost")
        );
        assert!(!is_loopback_host("evil.example:1111") && !is_loopback_host("192.168.1.2:1111"));
    }

    #[test]
    fn injects_script_and_overlay() {
        let page =
            b"<html><head><title>x</title></head><body class=\"k\"><main>Hi</main></body></html>";
        let plain = String::from_utf8(inject(page, None)).unwrap();
        assert!(
            plain.contains("<script src=\"/__supportmap/livereload.js\" defer></script>\n</body>")
        );
        assert!(!plain.contains("supportmap-overlay"));
        let with = String::from_utf8(inject(
            page,
            Some("<details id=\"supportmap-overlay\"></details>"),
        ))
        .unwrap();
        assert!(
            with.contains(
                "<body class=\"k\">\n<details id=\"supportmap-overlay\"></details><main>Hi</main>"
            ),
            "{with}"
        );
        assert!(with.contains("/__supportmap/overlay.css"));
    }

    #[test]
    fn polls_wake_for_their_page_only() {
        let shared = Shared::default();
        shared.publish(vec![("index.html".into(), b"x".to_vec())], &[], true, true);
        let (v, reload) = shared.wait(None, "index.html", Duration::ZERO);
        assert!(!reload);
        shared.publish(
            vec![("assets/a/index.html".into(), b"y".to_vec())],
            &[],
            false,
            false,
        );
        assert!(
            shared
                .wait(Some(v), "assets/a/index.html", Duration::ZERO)
                .1
        );
        assert!(
            !shared
                .wait(Some(v), "assets/b/index.html", Duration::ZERO)
                .1
        );
        shared.set_overlay(Some("broken".into()));
        assert!(
            shared
                .wait(Some(v), "assets/b/index.html", Duration::ZERO)
                .1,
            "the overlay reloads every page"
        );
        assert!(
            shared.wait(Some(v + 100), "index.html", Duration::ZERO).1,
            "a restarted server reloads pages"
        );
    }
}
