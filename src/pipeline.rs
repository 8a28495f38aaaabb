//! The pipeline: load, check, build and publish, stage by stage, and how a run ended.
//!
//! `cli` runs `check` and `build`; `serve` runs `load` and `publish` into memory. Each stage
//! lives in its own module; this one only puts them in order, times them on request and turns
//! what went wrong into a `Failure`.

use crate::diagnostics::{Diagnostics, Pos, Reporter};
use crate::{
    model, opendata, openreferral, output, postcodes, render, search, source, theme, validate,
};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// How a run ended, for the exit code: content problems are the editor's to fix (1), anything
/// else (missing folders, unwritable output) is the operator's (2).
#[derive(Debug)]
pub enum Failure {
    Content,
    Io(String),
}

/// Each stage's own error (what failed, where and why) becomes the operator's message here,
/// the one place `cli` takes it from.
impl<E: std::error::Error> From<E> for Failure {
    fn from(err: E) -> Failure {
        Failure::Io(err.to_string())
    }
}

/// Reads and validates everything under `root`. `None` when any error was reported.
pub fn load(
    root: &Path,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Result<Option<validate::Content>, Failure> {
    let sources = source::load(root, diags)?;
    let postcodes = postcodes::load(root, diags)?;
    Ok(validate::validate(sources, postcodes, today, diags))
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

/// The model of a loaded site, as `build` makes it (its facts in the site's language, from the
/// theme's catalogues), for tools that need the model alone, such as the search benchmark.
/// `None` when the theme has errors, which are in `diags`.
pub fn model(
    root: &Path,
    content: &validate::Content,
    base_url: Option<&str>,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Option<model::Model> {
    let theme = load_theme(root, content, diags)?;
    Some(model::build(content, base_url, today, &theme.interfaces()))
}

fn load_theme(
    root: &Path,
    content: &validate::Content,
    diags: &mut Diagnostics,
) -> Option<theme::Theme> {
    let theme = theme::load(root, &content.site).map_err(|e| report_theme(&e, diags, false));
    let theme = theme.ok()?;
    for warning in &theme.warnings {
        report_theme(warning, diags, true);
    }
    Some(theme)
}

/// A theme problem as a diagnostic: an error, or (a catalogue that lacks words) a warning.
fn report_theme(e: &theme::ThemeError, diags: &mut Diagnostics, warning: bool) {
    let d = if warning {
        diags.warning(&e.file, e.pos, e.message.clone())
    } else {
        diags.error(&e.file, e.pos, e.message.clone())
    };
    if let Some(help) = &e.help {
        d.help(help.clone());
    }
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

/// Whether `SUPPORTMAP_TIMINGS` asks for `timing:` lines (for profiling `build` and `serve`);
/// silent by default.
pub(crate) fn timings_wanted() -> bool {
    std::env::var_os("SUPPORTMAP_TIMINGS").is_some()
}

/// Says how long each stage took, as `timing:` lines, when `SUPPORTMAP_TIMINGS` is set.
struct Timings<'a> {
    started: Option<std::time::Instant>,
    report: &'a dyn Reporter,
}

impl<'a> Timings<'a> {
    fn start(report: &'a dyn Reporter) -> Self {
        Timings {
            started: timings_wanted().then(std::time::Instant::now),
            report,
        }
    }

    fn lap(&mut self, stage: &str) {
        // Only a running clock is restarted: unset, the timings stay off for every lap.
        if let Some(started) = self.started.as_mut() {
            self.report.say(&format!(
                "timing: {stage:<14} {:>8.3} s",
                started.elapsed().as_secs_f64()
            ));
            *started = std::time::Instant::now();
        }
    }
}

/// Runs one stage that overlaps others, saying its own time under `SUPPORTMAP_TIMINGS`.
fn timed<T>(report: &dyn Reporter, stage: &str, run: impl FnOnce() -> T) -> T {
    let mut timings = Timings::start(report);
    let result = run();
    timings.lap(stage);
    result
}

/// The whole pipeline. Files stream into a staging folder that replaces `--out` only when
/// every stage has succeeded. Progress (a wait for another build, timings) goes to `report`.
pub fn build(
    options: &BuildOptions,
    diags: &mut Diagnostics,
    report: &dyn Reporter,
) -> Result<BuildSummary, Failure> {
    let mut timings = Timings::start(report);
    let content = load(&options.root, options.today, diags)?.ok_or(Failure::Content)?;
    timings.lap("load");
    let theme = load_theme(&options.root, &content, diags).ok_or(Failure::Content)?;
    let model = model::build(
        &content,
        options.base_url.as_deref(),
        options.today,
        &theme.interfaces(),
    );
    timings.lap("model");
    let staging = output::Staging::begin(&options.out, &options.root, report)?;
    timed(report, "open data", || {
        open_data(&content, &model, &staging)
    })?;
    postcodes::publish(&content.postcodes, &model, &staging)?;
    crate::editor::publish(&content, &staging)?;
    // The records as read are not needed once the open data is out: the rest works from the
    // model, and a large site's peak memory is lower without them.
    drop(content);
    let (pages, index) = rayon::join(
        || render::render(&model, &theme, &staging),
        || timed(report, "search", || search::index(&model, &staging)),
    );
    let pages = pages.map_err(|e| render_failure(e, diags))?;
    index?;
    if model.site.offline {
        crate::offline::publish(&staging)?;
    }
    timings.lap("render+write");
    staging.commit()?;
    timings.lap("swap");
    Ok(BuildSummary {
        assets: model.assets.len(),
        pathways: model.pathways.len(),
        pages,
        base_url_set: !model.site.base_url.is_empty(),
    })
}

/// What `serve` publishes on a full rebuild: everything but the search index (which it makes
/// in the background), put into `sink` as it is made. Returns the number of HTML pages.
pub fn publish(
    content: &validate::Content,
    model: &model::Model,
    theme: &theme::Theme,
    sink: &dyn output::Sink,
) -> Result<usize, render::RenderError> {
    let (pages, data) = rayon::join(
        || render::render(model, theme, sink),
        || {
            crate::editor::publish(content, sink)?;
            publish_data(content, model, sink)
        },
    );
    data.map_err(render::RenderError::Write)?;
    pages
}

/// Everything made from the published records rather than rendered: the open data, and the
/// places and postcodes search finds what is near with (`addresses::is_open_data` names
/// them). `serve` remakes them in the background after an edit.
pub(crate) fn publish_data(
    content: &validate::Content,
    model: &model::Model,
    sink: &dyn output::Sink,
) -> Result<(), output::OutputError> {
    open_data(content, model, sink)?;
    postcodes::publish(&content.postcodes, model, sink)
}

/// `/data/` and the Open Referral UK files, side by side, from the same list of published assets.
fn open_data(
    content: &validate::Content,
    model: &model::Model,
    sink: &dyn output::Sink,
) -> Result<(), output::OutputError> {
    let assets = opendata::published(content, model);
    let (data, open_referral) = rayon::join(
        || opendata::export(content, model, &assets, sink),
        || openreferral::export::export(content, model, &assets, sink),
    );
    data.and(open_referral)
}

/// A template error is the site's to fix (exit 1, with the template named); a write error is
/// the operator's (exit 2).
pub fn render_failure(err: render::RenderError, diags: &mut Diagnostics) -> Failure {
    match err {
        render::RenderError::Template { template, message } => {
            diags.error(
                Path::new(&format!("template {template}")),
                Pos::START,
                message,
            );
            Failure::Content
        }
        render::RenderError::Write(err) => Failure::from(err),
    }
}
