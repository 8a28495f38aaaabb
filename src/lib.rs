//! supportmap: builds a place-based Support Map website from YAML and Markdown records.
//!
//! `pipeline` runs the build, one module per stage:
//! `source` (read files) and `postcodes` (the postcode table) → `yaml` + `validate` (decode and
//! check records) → `model` (what is published and how it links up) → `opendata` (`/data/`),
//! `openreferral::export`, `postcodes::publish` and `editor` (the web editor at `/admin/`,
//! when the site has one), then `render` (templates from `theme`, with
//! the card `my_map` makes for each record page) beside `search` (the index), then `offline`
//! (the service worker and the list of files, which carry the build id) → `output` (every
//! file streamed into a staging folder, swapped in at the end). `diagnostics` carries problems
//! from every stage to `cli`, the one module that prints. Beside the pipeline: `serve` (the live
//! preview, which reports through what `cli` hands it), `scaffold`, `schema`, `review`,
//! `openreferral::import` and `postcodes::import`. `main.rs` only calls `cli::run`.

mod addresses;
pub mod cli;
pub mod diagnostics;
mod direction;
mod editor;
mod feedback;
mod fields;
mod i18n;
mod init;
pub mod markdown;
pub mod model;
mod my_map;
mod offline;
mod opendata;
mod openreferral;
pub mod output;
pub mod pipeline;
mod postcodes;
pub mod records;
mod render;
mod review;
mod scaffold;
pub mod schema;
pub mod search;
mod serve;
pub mod source;
mod synonyms;
mod theme;
pub mod translations;
pub mod validate;
pub mod yaml;
