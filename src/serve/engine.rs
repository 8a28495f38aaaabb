//! The engine: builds the site into memory, patches it when an asset is saved, and publishes
//! each rebuild's files together, so a reader never sees pages of two rebuilds side by side.
//!
//! Rebuilds are incremental where it matters. When only asset files changed, each is re-read
//! and re-checked on its own, the model is patched (`model::update_asset`) and only the pages
//! that show the asset are re-rendered: its own page, the pathways that name it and the page of
//! each list it is on. Only when the edit moves things (a new name, needs, places, status,
//! review date or languages: the order, counts and facets other pages show) are the rest of
//! those lists, the A to Z, home, coverage and search pages re-rendered too, and published
//! with the others in the same step. On a site in several languages, the other languages'
//! models are remade from the patched content (their text comes through translations) and
//! the same pages of each language re-rendered, below its home, in that step too. What is
//! made from every record rather than rendered is remade in the background and swapped in
//! when ready: after an edit the open data (`/data/` and the places search finds what is near
//! with; seconds on a large site), then after every rebuild the search index. Until then they show the previous content. Anything else (needs,
//! places, pathways, site.yaml, themes, a removed or closed asset) gets a full rebuild.

use super::background::Background;
use super::patch::{languages, render_files, Files, Shown};
use super::report;
use super::shared::Shared;
use crate::diagnostics::{Diagnostics, Pos, Reporter};
use crate::model::Model;
use crate::output::MemorySink;
use crate::source::Kind;
use crate::theme::Theme;
use crate::validate::Content;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

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
    background: Background,
    report: Arc<dyn Reporter>,
}

impl Engine {
    pub(crate) fn new(
        root: PathBuf,
        today: Option<NaiveDate>,
        base_url: String,
        shared: Arc<Shared>,
        report: Arc<dyn Reporter>,
    ) -> Engine {
        let background = Background::start(shared.clone(), base_url.clone(), today);
        Engine {
            root,
            today,
            base_url,
            shared,
            good: None,
            broken: None,
            background,
            report,
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
                let interfaces = good.theme.interfaces();
                self.background.publish(
                    &self.shared,
                    files,
                    &[],
                    true,
                    good.content.clone(),
                    interfaces,
                );
                self.set_broken(None, &diags);
                report::built(
                    &*self.report,
                    &self.root,
                    &diags,
                    good.model.assets.len(),
                    count,
                    started.elapsed().as_millis(),
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
                diags.error(Path::new("content"), Pos::START, message);
                return None;
            }
            Err(crate::pipeline::Failure::Content) => return None,
        };
        let theme = crate::theme::load(&self.root, &content.site)
            .map_err(|e| {
                diags
                    .error(&e.file, e.pos, e.message)
                    .help(e.help.unwrap_or_else(|| {
                        "fix the theme file; the preview shows the last good build meanwhile".into()
                    }))
            })
            .ok()?;
        let model = crate::model::build(&content, Some(&self.base_url), today, &theme.interfaces());
        let sink = MemorySink::default();
        if let Err(err) = crate::pipeline::publish(&content, &model, &theme, &sink) {
            if let crate::pipeline::Failure::Io(message) =
                crate::pipeline::render_failure(err, diags)
            {
                diags.error(Path::new("data"), Pos::START, message);
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
        let before: Vec<Shown> = languages(&good.model).map(|m| Shown::of(m, &id)).collect();
        match old {
            Some(i) => good.content.assets[i] = asset,
            None => good.content.assets.push(asset),
        }
        let t_validated = started.elapsed().as_millis();
        crate::model::update_asset(&mut good.model, &good.content, &id, good.today);
        let interfaces = good.theme.interfaces();
        if !good.model.translated.is_empty() {
            // Each other language reads the asset's text through its translation, and marks
            // what is not yet translated: remade as a build makes it.
            let base_url = Some(self.base_url.as_str());
            crate::model::retranslate(
                &mut good.model,
                &good.content,
                base_url,
                good.today,
                &interfaces,
            );
        }
        let t_model = started.elapsed().as_millis();
        // The other pages of its lists, the A to Z, home, coverage and search show the asset
        // only through its place in the order, the counts and the facets: unchanged, they
        // stay as they are.
        let changed: Vec<_> = (languages(&good.model).zip(before))
            .map(|(m, before)| before.changed(Shown::of(m, &id)))
            .collect();
        let (mut files, mut gone) = (Vec::new(), Vec::new());
        for (language, pages) in changed.iter().enumerate() {
            let Ok((made, not_made)) = render_files(&good.model, &good.theme, language, pages)
            else {
                return false;
            };
            files.extend(made);
            gone.extend(not_made);
        }
        let pages: usize = changed.iter().map(|p| p.len()).sum();
        let content = good.content.clone();
        self.background
            .publish(&self.shared, files, &gone, false, content, interfaces);
        let ms = started.elapsed().as_millis();
        if crate::pipeline::timings_wanted() {
            self.report.say(&format!(
                "timing: checked {t_validated} ms, model {t_model} ms, {pages} pages {ms} ms"
            ));
        }
        report::updated(&*self.report, &self.root, &diags, path, pages, ms);
        self.set_broken(None, &diags);
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
            let text = report::overlay_html(&self.root, diags, self.good.is_some());
            report::broken(&*self.report, &self.root, diags);
            self.shared.set_overlay(Some(text));
        } else if was_broken {
            report::fixed(&*self.report);
            self.shared.set_overlay(None);
        }
        self.broken = broken;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Silent;

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
            // The search index, its vocabulary, everyday words and route cards follow in the
            // background, so a fresh rebuild may or may not have them yet.
            .filter(|(path, _)| {
                !path.starts_with(crate::addresses::SEARCH_INDEX_DIR)
                    && !path.contains(crate::addresses::SEARCH_ROUTES_DIR)
                    && path.as_str() != crate::addresses::SEARCH_VOCABULARY
                    && path.as_str() != crate::addresses::SEARCH_EVERYDAY
            })
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect();
        files.sort();
        files
    }

    /// Applies each edit (`from` replaced by `to`) to `file` in turn, patching the preview
    /// built from `root`; after each, the patched preview must be byte for byte a full
    /// rebuild once the open data the edit changes is remade in the background. `then` is
    /// given the preview's files after each edit.
    fn patches_equal_rebuilds(
        root: &Path,
        file: &Path,
        edits: &[(&str, &str)],
        then: impl Fn(&str, &[(String, Arc<Vec<u8>>)]),
    ) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let base = "http://127.0.0.1:1/".to_string();
        let shared = Arc::new(Shared::default());
        let engine = |shared: &Arc<Shared>| {
            let root = root.to_path_buf();
            Engine::new(
                root,
                Some(today),
                base.clone(),
                shared.clone(),
                Arc::new(Silent),
            )
        };
        let mut patched_engine = engine(&shared);
        patched_engine.full_rebuild();
        let original = std::fs::read_to_string(file).unwrap();
        for (from, to) in edits {
            assert!(original.contains(from), "{from}");
            std::fs::write(file, original.replacen(from, to, 1)).unwrap();
            assert!(
                patched_engine.patch_asset(file) && patched_engine.broken.is_none(),
                "{to}"
            );
            assert!(
                patched_engine.background.wait_for_open_data(),
                "open data after {to:?}"
            );
            let fresh = Arc::new(Shared::default());
            engine(&fresh).full_rebuild();
            let (patched, rebuilt) = (served(&shared), served(&fresh));
            assert_eq!(
                patched.iter().map(|f| &f.0).collect::<Vec<_>>(),
                rebuilt.iter().map(|f| &f.0).collect::<Vec<_>>(),
                "{to}"
            );
            for ((path, bytes), (_, expected)) in patched.iter().zip(&rebuilt) {
                assert!(bytes == expected, "{path} after {to:?}");
            }
            then(to, &patched);
        }
    }

    fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        (dir, root)
    }

    /// Whatever an asset edit changes, the patched preview is byte for byte a full rebuild,
    /// whether it re-renders the asset's own pages only or every page that lists it, once the
    /// open data the edit changes is remade in the background.
    #[test]
    fn a_patched_site_equals_a_full_rebuild() {
        let (_dir, root) = fixture("valid");
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
        let file = root.join("content/assets/debt-advice.yaml");
        patches_equal_rebuilds(&root, &file, &edits, |_, _| {});
    }

    /// On a site in several languages, an edit reaches the pages of every language at once:
    /// text not yet translated, facts said in Welsh, and the lists a new name moves it in.
    #[test]
    fn a_patch_updates_every_language() {
        let (_dir, root) = fixture("bilingual");
        let page = |files: &[(String, Arc<Vec<u8>>)], path: &str| {
            let (_, bytes) = files.iter().find(|(p, _)| p == path).expect(path);
            String::from_utf8(bytes.to_vec()).unwrap()
        };
        let food_bank = root.join("content/assets/food-bank.yaml");
        let edits = [
            (
                "summary: Emergency food parcels",
                "summary: Same-day food parcels",
            ),
            ("name: Testbay Food Bank", "name: Aardvark Food Bank"),
        ];
        patches_equal_rebuilds(&root, &food_bank, &edits, |to, files| {
            let welsh = page(files, "cy/assets/food-bank/index.html");
            let shown = to.split_once(": ").unwrap().1;
            assert!(welsh.contains(shown), "{to} on the Welsh page");
            if to.starts_with("name") {
                assert!(page(files, "cy/a-z/index.html").contains(shown), "{to}");
            }
        });
        let lunch_club = root.join("content/assets/lunch-club.yaml");
        let edits = [("cost: low_cost", "cost: free")];
        patches_equal_rebuilds(&root, &lunch_club, &edits, |_, files| {
            let welsh = page(files, "cy/assets/lunch-club/index.html");
            assert!(welsh.contains("Am ddim"), "the new cost, in Welsh");
        });
    }
}
