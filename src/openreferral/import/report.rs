//! The summary printed after an import: what was not imported, what was guessed, and what
//! an editor should check.

use super::convert::UNKNOWN_REVIEW_DATE;
use super::plan::Plan;
use std::collections::BTreeMap;

/// Counts for the summary.
#[derive(Default)]
pub(crate) struct Report {
    pub(crate) unmapped: BTreeMap<String, usize>,
    pub(crate) no_review_date: usize,
    pub(crate) no_needs: usize,
    pub(crate) no_summary: usize,
    pub(crate) places_from_towns: usize,
    pub(crate) other_terms: BTreeMap<String, usize>,
    pub(crate) notes: Vec<String>,
}

impl Report {
    pub(crate) fn lines(&self, plan: &Plan) -> Vec<String> {
        let mut out = Vec::new();
        let services = |n: usize| format!("{n} service{}", if n == 1 { "" } else { "s" });
        if !self.unmapped.is_empty() {
            let list: Vec<String> = self
                .unmapped
                .iter()
                .map(|(field, n)| format!("{field} ({})", services(*n)))
                .collect();
            out.push(format!(
                "Not imported, no place in a Support Map record: {}",
                list.join(", ")
            ));
        }
        if !self.other_terms.is_empty() {
            let list: Vec<String> = self
                .other_terms
                .iter()
                .map(|(taxonomy, n)| format!("{taxonomy} ({n})"))
                .collect();
            out.push(format!(
                "Not imported, terms of other taxonomies: {}",
                list.join(", ")
            ));
        }
        if self.no_review_date > 0 {
            out.push(format!(
                "{} had no assured_date or last_modified: last_reviewed was set to {UNKNOWN_REVIEW_DATE} so the site flags them as possibly out of date; check them and set the real date",
                services(self.no_review_date)
            ));
        }
        if self.no_summary > 0 {
            out.push(format!(
                "{} had no description: the summary repeats the name; write a one-sentence summary",
                services(self.no_summary)
            ));
        }
        if self.no_needs > 0 {
            out.push(format!("{} had no taxonomy terms: they were given the need \"other\"; give each the needs it helps with", services(self.no_needs)));
        }
        if self.places_from_towns > 0 {
            out.push(format!(
                "{} had no service area: the towns of their addresses became their places",
                services(self.places_from_towns)
            ));
        }
        out.extend(self.notes.iter().cloned());
        if plan.appended_needs {
            out.push(format!(
                "Added {} need{} at the end of needs.yaml",
                plan.new_needs,
                if plan.new_needs == 1 { "" } else { "s" }
            ));
        }
        if plan.site_from_export {
            out.push(
                "Created site.yaml with the title and address of the site the data was exported from"
                    .to_string(),
            );
        } else if plan.created_site {
            out.push("Created site.yaml: set the site's title in it".to_string());
        }
        if !plan.replaces.is_empty() {
            out.push(format!(
                "Replaced {} existing record{} (--overwrite)",
                plan.replaces.len(),
                if plan.replaces.len() == 1 { "" } else { "s" }
            ));
        }
        out
    }
}
