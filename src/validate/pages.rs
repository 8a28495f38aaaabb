//! The guide and free pages: checks each section of the Quick Start Guide
//! (`content/guide/NN-<slug>.md`: title, and an order no other section uses) and each free
//! page (`content/pages/<slug>.md`: title), keeping their Markdown text as written.

use super::decode::Located;
use crate::diagnostics::Diagnostics;
use crate::records::{GuideRecord, PageRecord};
use crate::yaml::YamlPath;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct GuideSection {
    pub slug: String,
    pub title: String,
    pub order: i32,
    pub summary: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
}

/// The guide's sections in order.
pub(crate) fn guide(
    located: Vec<Located<GuideRecord>>,
    diags: &mut Diagnostics,
) -> Vec<GuideSection> {
    let mut orders: HashMap<i32, PathBuf> = HashMap::new();
    let mut out: Vec<GuideSection> = located
        .into_iter()
        .filter_map(|l| section(l, &mut orders, diags))
        .collect();
    out.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    out
}

/// One section; `orders` holds the file that took each order number so far.
fn section(
    l: Located<GuideRecord>,
    orders: &mut HashMap<i32, PathBuf>,
    diags: &mut Diagnostics,
) -> Option<GuideSection> {
    let at = l.at();
    let title = at.required_text(diags, &l.record.title, "title", "Start now");
    let order = at.required(diags, &l.record.order, "order", "1").copied();
    if let Some(order) = order {
        if let Some(other) = orders.insert(order, l.file.clone()) {
            at.warning(
                diags,
                &YamlPath::root().key("order"),
                format!("order {order} is also used by {}", other.display()),
                "give each guide section its own number",
            );
        }
    }
    Some(GuideSection {
        title: title?,
        order: order?,
        slug: l.id,
        summary: l.record.summary,
        body: l.body.unwrap_or_default(),
    })
}

pub(crate) fn pages(located: Vec<Located<PageRecord>>, diags: &mut Diagnostics) -> Vec<Page> {
    let mut out = Vec::new();
    for l in located {
        let at = l.at();
        if let Some(title) = at.required_text(diags, &l.record.title, "title", "About this site") {
            out.push(Page {
                slug: l.id,
                title,
                summary: l.record.summary.clone(),
                body: l.body.unwrap_or_default(),
            });
        }
    }
    out
}
