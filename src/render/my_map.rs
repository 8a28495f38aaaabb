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
        let (title, description) = (
            self.say("nav.my_map", &[]),
            self.say("my_map.description", &[]),
        );
        let meta = PageMeta {
            title: &title,
            description: &description,
            path: addresses::MY_MAP,
            kind: "my-map",
        };
        self.page("my_map.html", &file, meta, Context::new())
    }
}
