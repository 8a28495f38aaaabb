//! Closed vocabularies: the ids records may use for access, cost, days and the like.

use schemars::JsonSchema;
use serde::Deserialize;

/// Closed vocabularies. `id` is what records write. `label` is the English name that the
/// open data, the Open Referral files and the editors' tools use: a data value, the same on
/// every site. Pages say a value in the site's language with the interface text `key`
/// (`cost.free`), from the theme's catalogues (docs/languages.md), which a site can change.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident in $prefix:literal { $($(#[$attr:meta])* $variant:ident = $id:literal => $label:literal),+ $(,)? }) => {
        vocabulary!($(#[$meta])* $name { $($(#[$attr])* $variant = $id => $label),+ });

        impl $name {
            /// The interface text that says this value on a page, such as `cost.free`.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, ".", $id)),+ }
            }
        }
    };
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

vocabulary!(Access in "access" {
    DropIn = "drop_in" => "Drop in",
    SelfReferral = "self_referral" => "Self-referral",
    ProfessionalReferral = "professional_referral" => "Referral by a professional",
});

vocabulary!(Cost in "cost" {
    Free = "free" => "Free",
    LowCost = "low_cost" => "Low cost",
    Paid = "paid" => "Paid",
});

vocabulary!(HealthCreation in "health_creation" {
    Control = "control" => "Control",
    Contact = "contact" => "Contact",
    Confidence = "confidence" => "Confidence",
});

vocabulary!(#[derive(Default)] Status in "status" {
    #[default]
    Active = "active" => "Active",
    Paused = "paused" => "Paused",
    Closed = "closed" => "Closed",
});

// Only the editors' tools and messages name a git host: it has no interface text.
vocabulary!(GitHost {
    Github = "github" => "GitHub",
    Gitlab = "gitlab" => "GitLab",
    Gitea = "gitea" => "Gitea",
});

vocabulary!(Day in "day" {
    Mon = "mon" => "Monday",
    Tue = "tue" => "Tuesday",
    Wed = "wed" => "Wednesday",
    Thu = "thu" => "Thursday",
    Fri = "fri" => "Friday",
    Sat = "sat" => "Saturday",
    Sun = "sun" => "Sunday",
});
