//! Records: the content format editors write, exactly as it appears in `content/`.
//!
//! These types are the contract of the YAML and front matter. Required fields are `Option` here
//! so that one missing field does not hide every other problem in the file: `validate` reports
//! them all. Unknown fields are rejected by serde and reported with a suggestion.
//!
//! One file per concern: `site` (site.yaml), `taxonomy` (needs and places, what everything is
//! filed under), `asset` (a service and its parts), `front_matter` (pathways, guide sections and
//! free pages, written as Markdown with front matter), `vocabulary` (the closed lists of ids
//! such as costs and days) and `values` (dates and times as editors write them).

mod asset;
mod front_matter;
mod site;
mod taxonomy;
mod values;
mod vocabulary;

pub use asset::{AssetRecord, Contact, Eligibility, Location, OpeningHours};
pub use front_matter::{GuideRecord, PageRecord, PathwayRecord, Step};
pub use site::{EditorRecord, SiteRecord};
pub use taxonomy::{NeedRecord, PlaceRecord};
pub use values::{Date, Time};
pub use vocabulary::{Access, Cost, Day, GitHost, HealthCreation, Status};

// The `///` comments on fields are what editors see: JSON Schema descriptions (hover text in
// VS Code) and the one-line explanations in `supportmap new` templates. `#[schemars(...)]`
// tells the schema what `validate` requires, so an editor's tool flags it before `check` does.

/// Ids become web addresses: lowercase letters, digits and single hyphens.
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const WEB_PATTERN: &str = "^https?://[^\\s/]+";
const EMAIL_PATTERN: &str =
    "^[^@\\s<>\",;:/]+@[^@\\s<>\",;:/.][^@\\s<>\",;:/]*\\.[^@\\s<>\",;:/]*[^@\\s<>\",;:/.]$";
const PHONE_PATTERN: &str = "^\\+?[0-9 ()-]{6,}$";
const LANGUAGE_PATTERN: &str = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$";
/// A UUID as HSDS writes ids: 8-4-4-4-12 hexadecimal digits.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const REPO_PATTERN: &str = "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$";
/// How a date (`YYYY-MM-DD`) looks in the JSON Schema; the web editor knows a date by it.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// How a time (`HH:MM`) looks in the JSON Schema.
pub(crate) const TIME_PATTERN: &str = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";
