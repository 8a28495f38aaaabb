//! Asset cards: each card's HTML is made once and reused by every list page that shows it.
//!
//! An asset is on the list of each of its needs, each of its places and each place × need
//! pair, so the default theme shows the same card on about eight pages. Interpreting the card's
//! template afresh for each was a quarter of the whole build's CPU time at 10,000 assets.
//! Templates call the function `asset_card_html(asset=…, level=3, compact=false, when=false)`,
//! which renders `partials/asset_card.html` and keeps the result from the second time the same
//! card is asked for: a card shown once (the A to Z's compact card) is not kept, which is
//! about two fifths of the memory keeping every card would take.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tera::{Context, Function, Tera, Value};

/// The template of one card; it sees `site`, `asset`, `level`, `compact` and `when`.
pub(super) const TEMPLATE: &str = "partials/asset_card.html";
/// The name templates call.
pub(super) const FUNCTION: &str = "asset_card_html";

/// Everything a card's HTML depends on within one render: the asset, and how it is shown.
#[derive(Hash, PartialEq, Eq)]
struct Variant {
    id: String,
    level: u64,
    compact: bool,
    when: bool,
}

/// The `asset_card_html` function of one render (the model does not change during it).
pub(super) struct Cards {
    /// The theme's templates, without this function: a card does not contain cards.
    tera: Arc<Tera>,
    /// `site`, as every template sees it.
    site: Value,
    /// Each card asked for so far: `None` after the first time, its HTML after the second.
    seen: Mutex<HashMap<Variant, Option<String>>>,
}

impl Cards {
    pub(super) fn new(tera: Arc<Tera>, site: Value) -> Self {
        Cards {
            tera,
            site,
            seen: Mutex::new(HashMap::new()),
        }
    }

    fn kept(&self, variant: &Variant) -> Option<String> {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.get(variant).cloned().flatten()
    }

    fn remember(&self, variant: Variant, html: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        match seen.entry(variant) {
            Entry::Vacant(first) => {
                first.insert(None);
            }
            Entry::Occupied(mut again) => {
                again.insert(Some(html.to_string()));
            }
        }
    }
}

impl Function for Cards {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let asset = args
            .get("asset")
            .ok_or("it needs asset=, the asset card to show")?;
        let id = asset
            .get("id")
            .and_then(Value::as_str)
            .ok_or("asset= must be an asset card (an item of `assets`), and this has no id")?;
        let variant = Variant {
            id: id.to_string(),
            level: number(args, "level", 3)?,
            compact: flag(args, "compact")?,
            when: flag(args, "when")?,
        };
        if let Some(html) = self.kept(&variant) {
            return Ok(Value::String(html));
        }
        let mut context = Context::new();
        context.insert("site", &self.site);
        context.insert("asset", asset);
        context.insert("level", &variant.level);
        context.insert("compact", &variant.compact);
        context.insert("when", &variant.when);
        let html = self.tera.render(TEMPLATE, &context)?;
        self.remember(variant, &html);
        Ok(Value::String(html))
    }

    /// The card template escapes what it shows, as every template does.
    fn is_safe(&self) -> bool {
        true
    }
}

fn number(args: &HashMap<String, Value>, name: &str, default: u64) -> tera::Result<u64> {
    match args.get(name) {
        None => Ok(default),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| format!("{name}= must be a whole number, not {value}").into()),
    }
}

fn flag(args: &HashMap<String, Value>, name: &str) -> tera::Result<bool> {
    match args.get(name) {
        None => Ok(false),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| format!("{name}= must be true or false, not {value}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tera_with(card: &str, page: &str) -> Tera {
        let mut plain = Tera::default();
        plain.set_escape_fn(crate::theme::escape_html);
        plain.add_raw_template(TEMPLATE, card).unwrap();
        let mut tera = plain.clone();
        tera.add_raw_template("page.html", page).unwrap();
        tera.register_function(
            FUNCTION,
            Cards::new(Arc::new(plain), json!({"base": "/x/"})),
        );
        tera
    }

    fn render(tera: &Tera, assets: Value) -> String {
        let mut context = Context::new();
        context.insert("assets", &assets);
        tera.render("page.html", &context).unwrap()
    }

    #[test]
    fn the_card_template_sees_the_asset_and_how_to_show_it() {
        let tera = tera_with(
            "<h{{ level }}><a href=\"{{ site.base }}{{ asset.id }}/\">{{ asset.name }}</a></h{{ level }}>{% if compact %}c{% endif %}{% if when %}w{% endif %}",
            "{% for a in assets %}{{ asset_card_html(asset=a) }}|{{ asset_card_html(asset=a, level=4, compact=true, when=true) }};{% endfor %}",
        );
        let html = render(&tera, json!([{"id": "a", "name": "Tea & <chat>"}]));
        assert_eq!(
            html,
            "<h3><a href=\"/x/a/\">Tea &amp; &lt;chat&gt;</a></h3>|<h4><a href=\"/x/a/\">Tea &amp; &lt;chat&gt;</a></h4>cw;"
        );
    }

    #[test]
    fn a_kept_card_is_the_card_rendered_afresh() {
        let tera = tera_with(
            "[{{ asset.name }}]",
            "{% for a in assets %}{{ asset_card_html(asset=a) }}{% endfor %}",
        );
        let assets = json!([{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "a", "name": "A"}, {"id": "a", "name": "A"}]);
        assert_eq!(render(&tera, assets.clone()), "[A][B][A][A]");
        assert_eq!(render(&tera, assets), "[A][B][A][A]");
    }

    #[test]
    fn only_cards_asked_for_twice_are_kept() {
        let cards = Cards::new(Arc::new(Tera::default()), json!({}));
        let first = |id: &str| Variant {
            id: id.into(),
            level: 3,
            compact: false,
            when: false,
        };
        cards.remember(first("a"), "<a>");
        cards.remember(first("b"), "<b>");
        cards.remember(first("a"), "<a>");
        assert_eq!(cards.kept(&first("a")).as_deref(), Some("<a>"));
        assert_eq!(cards.kept(&first("b")), None);
    }

    #[test]
    fn a_wrong_argument_says_what_is_wanted() {
        let mut tera = tera_with("x", "{{ asset_card_html(asset=a, level=\"big\") }}");
        let mut context = Context::new();
        context.insert("a", &json!({"id": "a"}));
        let err = tera.render("page.html", &context).unwrap_err();
        let message = crate::theme::error_chain(&err);
        assert!(
            message.contains("level= must be a whole number"),
            "{message}"
        );
        tera.add_raw_template("page.html", "{{ asset_card_html(asset=a) }}")
            .unwrap();
        context.insert("a", &json!({"name": "no id"}));
        let message = crate::theme::error_chain(&tera.render("page.html", &context).unwrap_err());
        assert!(message.contains("must be an asset card"), "{message}");
    }
}
