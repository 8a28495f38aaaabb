//! The engine: builds the site into memory, patches it when an asset is saved, and publishes
//! each rebuild's files together, so a reader never sees pages of two rebuilds side by side.
//!
//! Rebuilds are incremental where it matters. When only asset files changed, each is re-read
//! and re-checked on its own, the model is patched (`model::update_asset`) and only the pages
//! that show the asset are re-rendered: its own page, the pathways that name it and the page of
//! each list it is on. Only when the edit moves things (a new name, needs, places, status,
//! review date or languages: the order, counts and facets other pages show) are the rest of
//! those lists, the A to Z, home, coverage and search pages re-rendered too, and published
//! with the others in the same step. The search index is rebuilt last, in the background, and
//! swapped in when it is ready; until then search shows the previous index. Anything else
//! (needs, places, pathways, site.yaml, themes, a removed or closed asset) gets a full rebuild.

use crate::diagnostics::{Diagnostics, Pos, Severity, Sources};
use crate::model::Model;
use crate::output::MemorySink;
use crate::source::Kind;
use crate::theme::Theme;
use crate::validate::Content;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What the HTTP side serves: the files of the last good build, the overlay when the latest
/// build failed, and a log of what changed for the reload polls.
#[derive(Default)]
pub(crate) struct Shared {
    pub(crate) files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    pub(crate) overlay: RwLock<Option<String>>,
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
    pub(crate) fn publish(
        &self,
        files: Vec<(String, Vec<u8>)>,
        gone: &[String],
        all: bool,
        replace: bool,
    ) {
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
    pub(crate) fn wait(&self, since: Option<u64>, file: &str, timeout: Duration) -> (u64, bool) {
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

pub(crate) struct Engine {
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
    pub(crate) fn new(
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

    pub(crate) fn changed(&mut self, paths: &[PathBuf]) {
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
    pub(crate) fn full_rebuild(&mut self) {
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
                        format!(
                            " ({warnings} warning{})",
                            crate::diagnostics::plural(warnings)
                        )
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
        let content = match crate::pipeline::load(&self.root, today, diags) {
            Ok(content) => content?,
            Err(crate::pipeline::Failure::Io(message)) => {
                diags.error(
                    Path::new("content"),
                    crate::diagnostics::Pos::START,
                    message,
                );
                return None;
            }
            Err(crate::pipeline::Failure::Content) => return None,
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
        if let Err(err) = crate::pipeline::publish(&content, &model, &theme, &sink) {
            if let crate::pipeline::Failure::Io(message) =
                crate::pipeline::render_failure(err, diags)
            {
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
        let (mut pages, rest) = pages_showing(&good.model, &id);
        let before = Layout::of(&good.model, &id);
        match old {
            Some(i) => good.content.assets[i] = asset,
            None => good.content.assets.push(asset),
        }
        let t_validated = started.elapsed().as_millis();
        crate::model::update_asset(&mut good.model, &good.content, &id, good.today);
        let t_model = started.elapsed().as_millis();
        let (pages_after, rest_after) = pages_showing(&good.model, &id);
        pages.extend(pages_after);
        // The other pages of its lists, the A to Z, home, coverage and search show the asset
        // only through its place in the order, the counts and the facets: unchanged, they
        // stay as they are.
        if Layout::of(&good.model, &id) != before {
            pages.extend(rest);
            pages.extend(rest_after);
        }
        let Ok((files, gone)) = render_files(&good.model, &good.theme, &pages) else {
            return false;
        };
        self.shared.publish(files, &gone, false, false);
        let ms = started.elapsed().as_millis();
        if crate::pipeline::timings_wanted() {
            eprintln!(
                "timing: checked {t_validated} ms, model {t_model} ms, {} pages {ms} ms",
                pages.len()
            );
        }
        eprintln!(
            "Updated {} in {ms} ms ({} page{})",
            crate::diagnostics::terminal_safe(
                &path
                    .strip_prefix(&self.root)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            ),
            pages.len(),
            crate::diagnostics::plural(pages.len())
        );
        let content = good.content.clone();
        self.set_broken(None, &diags);
        self.request_search(&content);
        true
    }

    /// `content/` went away: the last good build stays, under an overlay that says so, until
    /// the folder is back and rebuilt.
    pub(crate) fn content_removed(&mut self) {
        let mut diags = Diagnostics::default();
        diags
            .error(Path::new("content"), Pos::START, "the content folder was removed")
            .help("put it back (a fresh copy, or check the branch out again): the preview notices, watches it again and rebuilds");
        self.set_broken(Some(None), &diags);
    }

    fn set_broken(&mut self, broken: Option<Option<PathBuf>>, diags: &Diagnostics) {
        let was_broken = self.broken.is_some();
        if broken.is_some() {
            let text = overlay_html(&self.root, diags, self.good.is_some());
            let errors = diags.count(Severity::Error);
            eprintln!(
                "{errors} error{} in the content; the preview shows them over the last good build:",
                crate::diagnostics::plural(errors)
            );
            let mut sources = Sources::new(&self.root);
            for d in diags.sorted() {
                eprintln!(
                    "{}",
                    d.render(&mut sources, crate::diagnostics::stderr_color())
                );
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
        let gone = not_made(paths, &files);
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
    let gone = not_made(paths, &files);
    Ok((files, gone))
}

/// The asked-for paths that rendering did not make: pages that no longer exist.
fn not_made(paths: &HashSet<String>, files: &Files) -> Vec<String> {
    let made: HashSet<&String> = files.iter().map(|(p, _)| p).collect();
    paths
        .iter()
        .filter(|p| !made.contains(p))
        .cloned()
        .collect()
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

/// What pages other than those `pages_showing` calls quick take from one asset: its place in
/// the order (by name), the lists it is on and their counts and overdue counts, the home and
/// coverage counts, its review date (the sitemap) and its languages (the search page's facet).
/// Equal before and after an edit, those pages are byte for byte what they were.
#[derive(PartialEq)]
struct Layout {
    assets: usize,
    asset: Option<AssetFacts>,
    needs: Vec<Vec<usize>>,
    places: Vec<PlaceFacts>,
}

#[derive(PartialEq)]
struct AssetFacts {
    name: String,
    status: &'static str,
    overdue: bool,
    last_reviewed: String,
    languages: Vec<(String, String)>,
}

#[derive(PartialEq)]
struct PlaceFacts {
    assets: Vec<usize>,
    counts: Vec<Option<usize>>,
    related: Vec<String>,
}

impl Layout {
    fn of(model: &Model, id: &str) -> Layout {
        let card = model.assets.iter().map(|a| &a.card).find(|c| c.id == id);
        Layout {
            assets: model.assets.len(),
            asset: card.map(|c| AssetFacts {
                name: c.name.clone(),
                status: c.status,
                overdue: c.overdue,
                last_reviewed: c.last_reviewed.clone(),
                languages: c
                    .languages
                    .iter()
                    .map(|l| (l.code.clone(), l.name.clone()))
                    .collect(),
            }),
            needs: model.needs.iter().map(|n| n.assets.clone()).collect(),
            places: model
                .places
                .iter()
                .map(|p| PlaceFacts {
                    assets: p.assets.clone(),
                    counts: p
                        .children
                        .iter()
                        .chain(&p.parent)
                        .map(|l| l.count)
                        .collect(),
                    related: p.related.iter().cloned().collect(),
                })
                .collect(),
        }
    }
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
        crate::diagnostics::plural(errors),
        if errors == 1 { "it" } else { "them" },
        crate::theme::escape_html(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn copy_tree(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn served(shared: &Shared) -> Vec<(String, Arc<Vec<u8>>)> {
        let files = shared.files.read().unwrap();
        let mut files: Vec<_> = files
            .iter()
            // The search index and its vocabulary follow in the background, so a fresh rebuild
            // may or may not have them yet; the open data waits for a full rebuild (an edit is
            // previewed as pages).
            .filter(|(path, _)| {
                !path.starts_with("pagefind/")
                    && path.as_str() != crate::search::vocabulary::PATH
                    && !path.starts_with("data/")
            })
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect();
        files.sort();
        files
    }

    /// Whatever an asset edit changes, the patched preview is byte for byte a full rebuild,
    /// whether it re-renders the asset's own pages only or every page that lists it.
    #[test]
    fn a_patched_site_equals_a_full_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
            &root,
        );
        let site = root.join("content/site.yaml");
        let yaml = std::fs::read_to_string(&site).unwrap();
        std::fs::write(&site, format!("{yaml}page_size: 5\n")).unwrap();
        for n in 1..=12 {
            std::fs::write(
                root.join(format!("content/assets/walk-{n}.yaml")),
                format!("name: Walk {n}\nsummary: A walk.\nneeds: [money]\nplaces: [testbay]\nlast_reviewed: 2026-11-01\n"),
            )
            .unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let base = "http://127.0.0.1:1/".to_string();
        let shared = Arc::new(Shared::default());
        let mut engine = Engine::new(root.clone(), Some(today), base.clone(), shared.clone());
        engine.full_rebuild();
        let file = root.join("content/assets/debt-advice.yaml");
        let original = std::fs::read_to_string(&file).unwrap();
        let edits = [
            ("summary: Free,", "summary: Still free,"),
            ("phone: 01632 960001", "phone: 01632 960002"),
            ("name: Testbay Debt Advice", "name: Aardvark Debt Advice"),
            ("needs: [money]", "needs: [money, food]"),
            ("places: [testbay]", "places: [north-end]"),
            ("last_reviewed: 2026-03-03", "last_reviewed: 2024-03-03"),
            ("languages: [en, cy, ur]", "languages: [en, pl]"),
            ("", ""),
        ];
        for (from, to) in edits {
            assert!(original.contains(from), "{from}");
            std::fs::write(&file, original.replacen(from, to, 1)).unwrap();
            assert!(engine.patch_asset(&file) && engine.broken.is_none(), "{to}");
            let fresh = Arc::new(Shared::default());
            Engine::new(root.clone(), Some(today), base.clone(), fresh.clone()).full_rebuild();
            let (patched, rebuilt) = (served(&shared), served(&fresh));
            assert_eq!(
                patched.iter().map(|f| &f.0).collect::<Vec<_>>(),
                rebuilt.iter().map(|f| &f.0).collect::<Vec<_>>(),
                "{to}"
            );
            for ((path, bytes), (_, expected)) in patched.iter().zip(&rebuilt) {
                assert!(bytes == expected, "{path} after {to:?}");
            }
        }
    }
}
