//! Needs and places: what every asset and pathway is filed under.

use super::ID_PATTERN;
use schemars::JsonSchema;
use serde::Deserialize;

/// One entry of content/needs.yaml: a need people come with.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedRecord {
    /// Short id used in records and web addresses, such as money or mental-wellbeing.
    #[schemars(required, pattern(ID_PATTERN))]
    pub id: Option<String>,
    /// The need as readers see it, such as "Money and debt".
    #[schemars(required)]
    pub name: Option<String>,
    /// One sentence about what the need covers.
    pub description: Option<String>,
    /// Other words people use for this need, so search finds it: [debt, bills, arrears].
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// true when having one of its services in your Support Map could put you at risk if
    /// someone else sees it, such as domestic abuse. The site then warns before a map with
    /// such a service is printed or shared.
    #[serde(default)]
    pub sensitive: bool,
}

/// content/places/<id>.yaml: an area such as a town, neighbourhood, ward or PCN area.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceRecord {
    /// The place's name, such as Westfield.
    #[schemars(required)]
    pub name: Option<String>,
    /// What sort of area it is: one lowercase word such as place, neighbourhood, ward or pcn.
    #[schemars(required, pattern(ID_PATTERN))]
    pub kind: Option<String>,
    /// The id of the larger place this one is part of, such as harbourside.
    #[schemars(pattern(ID_PATTERN))]
    pub within: Option<String>,
    /// One sentence about the place.
    pub summary: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_need_is_sensitive_only_when_it_says_so() {
        let needs: Vec<NeedRecord> = serde_yaml::from_str(
            "- { id: money, name: Money }\n- { id: domestic-abuse, name: Domestic abuse, sensitive: true }",
        )
        .unwrap();
        assert_eq!(
            needs.iter().map(|n| n.sensitive).collect::<Vec<_>>(),
            [false, true]
        );
        assert!(
            serde_yaml::from_str::<Vec<NeedRecord>>("- { id: a, name: A, sensitive: maybe }")
                .is_err()
        );
    }
}
