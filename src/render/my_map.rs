//! The My Support Map page: an empty frame the browser fills from the items the person chose
//! (see `crate::my_map` for the card each record page carries).

use super::{PageMeta, Pages, Renderer};
use crate::addresses;
use tera::Context;

impl Renderer<'_> {
    pub(super) fn my_map(&self) -> Pages {
        let file = addresses::file(addresses::MY_MAP);
        if !self.wants(&file) {
            return Ok(0);
        }
        let meta = PageMeta {
            title: "My Support Map",
            description: "Build a person's own map of local support together, then print it or share it. Kept only in this browser.",
            path: addresses::MY_MAP,
            kind: "my-map",
        };
        self.page("my_map.html", &file, meta, Context::new())
    }
}
