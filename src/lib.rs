//! supportmap: builds a place-based Support Map website from YAML and Markdown records.
//!
//! The build is a pipeline, one module per stage:
//! `source` (read files) → `yaml` + `validate` (decode and check records) → `model` (what is
//! published and how it links up) → `render` (templates from `theme`) and `search` (the index) → `output` (atomic
//! write). `diagnostics` carries problems from every stage to `cli`, which prints them.

pub mod cli;
pub mod diagnostics;
pub mod markdown;
pub mod model;
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
pub fn load(root: &Path, today: NaiveDate, diags: &mut Diagnostics) -> Result<Option<validate::Content>, Failure> {
    let sources = source::load(root, diags).map_err(Failure::Io)?;
    Ok(validate::validate(sources, today, diags))
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
}

/// The whole pipeline. Nothing is written unless every stage succeeds.
pub fn build(options: &BuildOptions, diags: &mut Diagnostics) -> Result<BuildSummary, Failure> {
    let content = load(&options.root, options.today, diags)?.ok_or(Failure::Content)?;
    let theme = theme::load(&options.root, &content.site.theme).map_err(|e| {
        diags.error(&e.file, Pos::START, e.message);
        Failure::Content
    })?;
    let model = model::build(&content, options.base_url.as_deref(), options.today);
    let mut files = render::render(&model, &theme).map_err(|e| {
        diags.error(Path::new(&format!("template {}", e.template)), Pos::START, e.message);
        Failure::Content
    })?;
    files.extend(search::index(&model).map_err(Failure::Io)?);
    output::write_site(&options.out, &options.root, &files).map_err(Failure::Io)?;
    Ok(BuildSummary {
        assets: model.assets.len(),
        pathways: model.pathways.len(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
    })
}
