//! Closed vocabularies: the ids records may use for access, cost, days and the like.

use schemars::JsonSchema;
use serde::Deserialize;

/// Closed vocabularies. `label` is the wording published on the site.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$attr:meta])* $variant:ident = $id:literal => $label:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
        $(#[$meta])*
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$attr])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

vocabulary!(Access {
    DropIn = "drop_in" => "Drop in",
    SelfReferral = "self_referral" => "Self-referral",
    ProfessionalReferral = "professional_referral" => "Referral by a professional",
});

vocabulary!(Cost {
    Free = "free" => "Free",
    LowCost = "low_cost" => "Low cost",
    Paid = "paid" => "Paid",
});

vocabulary!(HealthCreation {
    Control = "control" => "Control",
    Contact = "contact" => "Contact",
    Confidence = "confidence" => "Confidence",
});

vocabulary!(#[derive(Default)] Status {
    #[default]
    Active = "active" => "Active",
    Paused = "paused" => "Paused",
    Closed = "closed" => "Closed",
});

vocabulary!(GitHost {
    Github = "github" => "GitHub",
    Gitlab = "gitlab" => "GitLab",
    Gitea = "gitea" => "Gitea",
});

vocabulary!(Day {
    Mon = "mon" => "Monday",
    Tue = "tue" => "Tuesday",
    Wed = "wed" => "Wednesday",
    Thu = "thu" => "Thursday",
    Fri = "fri" => "Friday",
    Sat = "sat" => "Saturday",
    Sun = "sun" => "Sunday",
});
