//! supportmap: builds a place-based Support Map website from YAML and Markdown records.
//!
//! The build is a pipeline, one module per stage:
//! `source` (read files) → `yaml` + `validate` (decode and check records) → `model` (what is
//! published and how it links up) → `render` (templates from `theme`), `search` (the index),
//! `my_map` (the data My Support Map reads) and `opendata` (`/data/`) → `output` (atomic
//! write). `diagnostics` carries problems from every stage to `cli`, which prints them. Beside
//! the pipeline: `serve`, `scaffold`, `schema`, `review` and `openreferral::import`.

pub mod cli;
pub mod diagnostics;
pub mod markdown;
pub mod model;
pub mod my_map;
pub mod opendata;
pub mod openreferral;
pub mod output;
pub mod records;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod validate;
pub mod yaml;

use chrono::NaiveDate;
use diagnostics::{Diagnostics, Pos};
use std::path::{Path, PathBuf};

/// How a run ended, for the exit code: content problems are the editor's to fix (1), anything
/// else (missing folders, unwritable output) is the operator's (2).
#[derive(Debug)]
pub enum Failure {
    Content,
    Io(String),
}

/// Reads and validates everything under `root`. `None` when any error was reported.
pub fn load(
    root: &Path,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Result<Option<validate::Content>, Failure> {
    let sources = source::load(root, diags).map_err(Failure::Io)?;
    Ok(validate::validate(sources, today, diags))
}

/// What `check` does: everything `build` checks (content and theme), without writing.
pub fn check(
    root: &Path,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Result<Option<validate::Content>, Failure> {
    let Some(content) = load(root, today, diags)? else {
        return Ok(None);
    };
    Ok(load_theme(root, &content, diags).map(|_| content))
}

fn load_theme(
    root: &Path,
    content: &validate::Content,
    diags: &mut Diagnostics,
) -> Option<theme::Theme> {
    theme::load(root, &content.site.theme)
        .map_err(|e| diags.error(&e.file, Pos::START, e.message))
        .ok()
}

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub today: NaiveDate,
}

pub struct BuildSummary {
    pub assets: usize,
    pub pathways: usize,
    pub pages: usize,
    /// Whether the site knows its own address (from site.yaml or --base-url).
    pub base_url_set: bool,
}

/// Prints how long each stage took when `SUPPORTMAP_TIMINGS` is set (for profiling builds).
struct Timings(Option<std::time::Instant>);

impl Timings {
    fn start() -> Self {
        Timings(std::env::var_os("SUPPORTMAP_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn lap(&mut self, stage: &str) {
        if let Some(started) = self.0.replace(std::time::Instant::now()) {
            eprintln!(
                "timing: {stage:<14} {:>8.3} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
}

/// Runs one stage that overlaps others, printing its own time under `SUPPORTMAP_TIMINGS`.
fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
    let mut timings = Timings::start();
    let result = run();
    timings.lap(stage);
    result
}

/// The whole pipeline. Nothing is written unless every stage succeeds.
pub fn build(options: &BuildOptions, diags: &mut Diagnostics) -> Result<BuildSummary, Failure> {
    let mut timings = Timings::start();
    let content = load(&options.root, options.today, diags)?.ok_or(Failure::Content)?;
    timings.lap("load");
    let theme = load_theme(&options.root, &content, diags).ok_or(Failure::Content)?;
    let model = model::build(&content, options.base_url.as_deref(), options.today);
    timings.lap("model");
    // Search indexes beside the rendering; both share rayon's threads.
    let search_files = output::MemorySink::default();
    let (pages, index) = rayon::join(
        || render::render(&model, &theme),
        || timed("search", || search::index(&model, &search_files)),
    );
    let mut files = pages.map_err(|e| {
        diags.error(
            Path::new(&format!("template {}", e.template)),
            Pos::START,
            e.message,
        );
        Failure::Content
    })?;
    files.extend(my_map::cards(&model));
    index.map_err(Failure::Io)?;
    files.extend(
        (search_files.into_files().into_iter())
            .map(|(path, bytes)| render::OutputFile { path, bytes }),
    );
    files.extend(opendata::export(&content, &model).map_err(Failure::Io)?);
    timings.lap("render+search");
    output::write_site(&options.out, &options.root, &files).map_err(Failure::Io)?;
    timings.lap("write");
    Ok(BuildSummary {
        assets: model.assets.len(),
        pathways: model.pathways.len(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        base_url_set: !model.site.base_url.is_empty(),
    })
}
