//! supportmap: builds a place-based Support Map website from YAML and Markdown records.
//!
//! `pipeline` runs the build, one module per stage:
//! `source` (read files) and `postcodes` (the postcode table) → `yaml` + `validate` (decode and
//! check records) → `model` (what is published and how it links up) → `opendata` (`/data/`),
//! `openreferral::export` and `postcodes::publish`, then `render` (templates from `theme`, with
//! the card `my_map` makes for each record page) beside `search` (the index), then `offline`
//! (the service worker and the list of files, which carry the build id) → `output` (every
//! file streamed into a staging folder, swapped in at the end). `diagnostics` carries problems
//! from every stage to `cli`, the one module that prints. Beside the pipeline: `serve` (the live
//! preview, which reports through what `cli` hands it), `scaffold`, `schema`, `review`,
//! `openreferral::import` and `postcodes::import`. `main.rs` only calls `cli::run`.

pub(crate) mod addresses;
pub mod cli;
pub mod diagnostics;
pub mod feedback;
pub mod fields;
pub(crate) mod init;
pub mod markdown;
pub mod model;
pub mod my_map;
mod offline;
pub mod opendata;
pub mod openreferral;
pub mod output;
pub mod pipeline;
pub mod postcodes;
pub mod records;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod synonyms;
pub mod theme;
pub mod validate;
pub mod yaml;
