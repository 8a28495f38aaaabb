//! The organisation that runs a service. A Support Map holds only its name, so the id comes
//! from the name (one organisation's services share it) and the description the UK profile
//! requires says which of the site's services it runs.

use super::list_in_words;
use crate::openreferral::Ids;
use crate::validate::Asset;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub(super) struct Organization {
    pub(super) id: String,
    name: String,
    /// Required by the UK profile. A Support Map holds only the organisation's name, so this
    /// says which of the site's services it runs (see `organization_descriptions`).
    description: String,
}

/// The key an organisation's id is made from: one organisation's services share it.
fn organization_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// "Runs Thursday Lunch Club, listed on Harbourside Support Map.": the one thing we know about
/// an organisation besides its name, by organisation key.
pub(super) fn organization_descriptions(assets: &[&Asset], site: &str) -> HashMap<String, String> {
    let mut runs: HashMap<String, Vec<&str>> = HashMap::new();
    for a in assets {
        if let Some(name) = a
            .record
            .organisation
            .as_deref()
            .filter(|o| !o.trim().is_empty())
        {
            runs.entry(organization_key(name))
                .or_default()
                .push(a.name.as_str());
        }
    }
    runs.into_iter()
        .map(|(key, services)| {
            let text = match services.len() {
                1 => format!("Runs {}, listed on {site}.", services[0]),
                n => format!(
                    "Runs {n} services listed on {site}: {}.",
                    list_in_words(&services, 10)
                ),
            };
            (key, text)
        })
        .collect()
}

/// The organisation named by a record, if it names one.
pub(super) fn organization(
    ids: &Ids,
    descriptions: &HashMap<String, String>,
    name: Option<&str>,
) -> Option<Organization> {
    name.map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|name| Organization {
            id: ids.of(&format!("organization/{}", organization_key(name))),
            name: name.to_string(),
            description: descriptions
                .get(&organization_key(name))
                .cloned()
                .unwrap_or_default(),
        })
}
