//! Records written as Markdown with YAML front matter: pathways, guide sections, free pages.

use super::{Date, ID_PATTERN};
use schemars::JsonSchema;
use serde::Deserialize;

/// content/pathways/<id>.md front matter: a route through local support for a need.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathwayRecord {
    /// The pathway's title, such as "Money worries and low mood".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence: who this route is for and where it leads.
    #[schemars(required)]
    pub summary: Option<String>,
    /// Ids of the needs it is for, from content/needs.yaml.
    #[schemars(required, inner(pattern(ID_PATTERN)))]
    pub needs: Option<Vec<String>>,
    /// Ids of the places it applies to (leave out for everywhere).
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub places: Vec<String>,
    /// Who it is for, in words, such as "Adults with debts who feel low".
    pub for_whom: Option<String>,
    /// The date someone last checked the route, YYYY-MM-DD.
    #[schemars(required)]
    pub last_reviewed: Option<Date>,
    /// The steps in order: each with a title, text and the ids of assets that help.
    #[schemars(required, length(min = 1))]
    pub steps: Option<Vec<Step>>,
}

/// One step of a pathway.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A few words naming the step, such as "Talk to a link worker".
    #[schemars(required)]
    pub title: Option<String>,
    /// What happens at this step, in Markdown.
    pub text: Option<String>,
    /// Ids of the assets that help at this step, from content/assets/.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub assets: Vec<String>,
}

/// content/guide/NN-<slug>.md front matter: a section of the Quick Start Guide.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuideRecord {
    /// The section's title, such as "Start now".
    #[schemars(required)]
    pub title: Option<String>,
    /// Position in the guide: 0, 1, 2 ...
    #[schemars(required)]
    pub order: Option<i32>,
    /// One sentence about the section.
    pub summary: Option<String>,
}

/// content/pages/<slug>.md front matter: a free page such as "About this site".
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageRecord {
    /// The page's title, such as "About this site".
    #[schemars(required)]
    pub title: Option<String>,
    /// One sentence about the page.
    pub summary: Option<String>,
}
