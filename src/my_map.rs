//! My Support Map: the facts about each record that the personal map in the browser reads.
//!
//! A link worker and the person build the person's own map from the published site, in the
//! browser only (`static/my-map*.js`; nothing is stored or sent anywhere else). The map keeps
//! just record ids, and reads each record's card from a JSON data block in the record's own
//! page (`<script type="application/json" id="my-map-card">`), so a large site needs no extra
//! file per record. A closed or removed record has no page, so the map can say it is no
//! longer listed instead of dropping it silently.
//!
//! Every value is plain text (never HTML: the map puts it on the page with `textContent`), and
//! fields are structs, not maps, so their order and the bytes of every build are the same.

use crate::model::{AssetView, PathwayView, Untranslated};
use serde::Serialize;

#[derive(Serialize)]
struct AssetCardJson<'a> {
    kind: &'static str,
    id: &'a str,
    name: &'a str,
    organisation: Option<&'a str>,
    summary: &'a str,
    /// The page, below the site's address: `assets/<id>/`.
    path: &'a str,
    status: &'static str,
    /// Words here are in the site's language, as on its pages.
    status_label: &'a str,
    when: &'a [String],
    #[serde(rename = "where")]
    where_: Vec<Where<'a>>,
    access: Vec<&'a str>,
    /// How to get in, as plain text; paragraphs and list items on lines of their own.
    referral: String,
    cost: Option<&'a str>,
    cost_detail: Option<&'a str>,
    /// "Ages 60 and over", then who it is for in the record's own words.
    who: Vec<&'a str>,
    languages: Vec<&'a str>,
    contact: Contact<'a>,
    last_reviewed: &'a str,
    last_reviewed_label: &'a str,
    overdue: bool,
    /// It meets a sensitive need: the map warns before it is printed or shared.
    sensitive: bool,
    /// Its text still in the site's default language (a site in several languages), which the
    /// map marks with `lang` as the pages do; absent when all of it is translated.
    #[serde(skip_serializing_if = "Option::is_none")]
    untranslated: Option<&'a Untranslated>,
}

#[derive(Serialize)]
struct Where<'a> {
    name: Option<&'a str>,
    address: Option<&'a str>,
    postcode: Option<&'a str>,
    accessibility: Option<&'a str>,
}

#[derive(Serialize)]
struct Contact<'a> {
    phone: Option<&'a str>,
    phone_href: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
}

#[derive(Serialize)]
struct PathwayCardJson<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    path: &'a str,
    for_whom: Option<&'a str>,
    last_reviewed: &'a str,
    last_reviewed_label: &'a str,
    overdue: bool,
    /// Steps in order, each with its published assets in order.
    steps: Vec<Step<'a>>,
}

#[derive(Serialize)]
struct Step<'a> {
    number: usize,
    title: &'a str,
    assets: Vec<StepAsset<'a>>,
}

#[derive(Serialize)]
struct StepAsset<'a> {
    id: &'a str,
    name: &'a str,
    sensitive: bool,
}

/// JSON that can sit inside a `<script>` data block: with every `<` escaped, no record text can
/// close the block or open a comment.
fn embeddable(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("card data always serialises")
        .replace('<', "\\u003c")
}

/// The card of a published asset, for its page.
pub(crate) fn asset_card(a: &AssetView) -> String {
    let c = &a.card;
    let data = AssetCardJson {
        kind: "asset",
        id: &c.id,
        name: &c.name,
        organisation: c.organisation.as_deref(),
        summary: &c.summary,
        path: &c.path,
        status: c.status,
        status_label: &c.status_label,
        when: &c.when,
        where_: a
            .locations
            .iter()
            .map(|l| Where {
                name: l.name.as_deref(),
                address: l.address.as_deref(),
                postcode: l.postcode.as_deref(),
                accessibility: l.accessibility.as_deref(),
            })
            .collect(),
        access: c.access.iter().map(|x| x.label.as_str()).collect(),
        referral: html_to_text(&a.referral_html),
        cost: c.cost.as_ref().map(|x| x.label.as_str()),
        cost_detail: a.cost_detail.as_deref(),
        who: c
            .age_label
            .as_deref()
            .into_iter()
            .chain(a.eligibility.who.as_deref())
            .collect(),
        languages: c.languages.iter().map(|l| l.name.as_str()).collect(),
        contact: Contact {
            phone: a.contact.phone.as_deref(),
            phone_href: a.contact.phone_href.as_deref(),
            email: a.contact.email.as_deref(),
            website: a.contact.website.as_deref(),
        },
        last_reviewed: &c.last_reviewed,
        last_reviewed_label: &c.last_reviewed_label,
        overdue: c.overdue,
        sensitive: c.sensitive,
        untranslated: c.untranslated.as_ref(),
    };
    embeddable(&data)
}

/// The card of a published pathway, for its page.
pub(crate) fn pathway_card(p: &PathwayView) -> String {
    let data = PathwayCardJson {
        kind: "pathway",
        id: &p.id,
        title: &p.title,
        summary: &p.summary,
        path: &p.path,
        for_whom: p.for_whom.as_deref(),
        last_reviewed: &p.last_reviewed,
        last_reviewed_label: &p.last_reviewed_label,
        overdue: p.overdue,
        steps: p
            .steps
            .iter()
            .map(|s| Step {
                number: s.number,
                title: &s.title,
                assets: s
                    .assets
                    .iter()
                    .map(|a| StepAsset {
                        id: &a.id,
                        name: &a.name,
                        sensitive: a.sensitive,
                    })
                    .collect(),
            })
            .collect(),
    };
    embeddable(&data)
}

/// Plain text of sanitised Markdown HTML: block ends become line breaks, list items start
/// with "• ", the escapes the Markdown renderer writes are undone.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    // Line breaks in the HTML source are soft: only the tags below end a line.
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start].replace('\n', " "));
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = rest[start + 1..].starts_with('/');
        match (tag.as_str(), closing) {
            ("li", false) => text.push_str("\n• "),
            ("br", _)
            | (
                "p" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
                | "pre" | "tr",
                true,
            ) => text.push('\n'),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(&rest.replace('\n', " "));
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && l != "•")
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn referral_reads_as_lines_of_text() {
        assert_eq!(html_to_text("<p>Call or <strong>drop in</strong>.</p>\n<p>Link workers can email &amp; phone.</p>"), "Call or drop in.\nLink workers can email & phone.");
        assert_eq!(html_to_text("<ul>\n<li><strong>People</strong> can drop in</li>\n<li>Link workers: <a href=\"https://x\">refer</a></li>\n</ul>"), "• People can drop in\n• Link workers: refer");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<p>one\ntwo</p>"), "one two");
        assert_eq!(
            html_to_text("a<br>b &lt;c&gt; &quot;d&quot; &#39;e&#39;"),
            "a\nb <c> \"d\" 'e'"
        );
    }
}
