//! The coverage page: needs down the side, neighbourhoods across the top, so that a
//! partnership sees where support is missing.

use super::{PageMeta, Pages, Renderer};
use crate::addresses;
use crate::model::{Link, NeedView, PlaceView};
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct CoverageRow {
    need: Link,
    cells: Vec<CoverageCell>,
}

#[derive(Serialize)]
struct CoverageCell {
    place: String,
    count: usize,
    overdue: usize,
    /// The place × need page, when there is anything to list.
    path: Option<String>,
}

impl Renderer<'_> {
    pub(super) fn coverage(&self) -> Pages {
        let file = addresses::file(addresses::COVERAGE);
        if !self.wants(&file) {
            return Ok(0);
        }
        let m = self.model;
        // The neighbourhoods: every place that is part of another.
        let columns: Vec<&PlaceView> = m.places.iter().filter(|p| p.parent.is_some()).collect();
        let rows: Vec<CoverageRow> = m
            .needs
            .iter()
            .map(|need| CoverageRow {
                need: m.need_link(need),
                cells: columns.iter().map(|place| self.cell(place, need)).collect(),
            })
            .collect();
        let gaps = rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.count == 0)
            .count();
        let mut c = Context::new();
        c.insert(
            "columns",
            &columns.iter().map(|p| m.place_link(p)).collect::<Vec<_>>(),
        );
        c.insert("rows", &rows);
        c.insert("gaps", &gaps);
        let (title, description) = (
            self.say("coverage.heading", &[]),
            self.say("coverage.description", &[]),
        );
        let meta = PageMeta {
            title: &title,
            description: &description,
            path: addresses::COVERAGE,
            kind: "coverage",
        };
        self.page("coverage.html", &file, meta, c)
    }

    fn cell(&self, place: &PlaceView, need: &NeedView) -> CoverageCell {
        let assets = self.place_need_assets(place, need);
        let overdue = (assets.iter())
            .filter(|&&i| self.model.assets[i].card.overdue)
            .count();
        CoverageCell {
            place: place.id.clone(),
            count: assets.len(),
            overdue,
            path: (!assets.is_empty()).then(|| addresses::place_need(&place.id, &need.id)),
        }
    }
}
