//! The regions' shapes of a dataset (`boundaries.geojson`, read by
//! [`crate::load::boundaries`]) and how they match its regions.

use super::{Dataset, RegionId};

/// A closed ring of `[lon, lat]` positions (the last equals the first).
pub type Ring = Vec<[f64; 2]>;

/// One polygon: an outer ring and its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// The outer ring.
    pub outer: Ring,
    /// Holes inside it.
    pub holes: Vec<Ring>,
}

/// The shape of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The region id it belongs to (`RU-KOS`).
    pub id: String,
    /// Its English name, when the file gives one.
    pub name_en: Option<String>,
    /// Its name in the local language, when the file gives one.
    pub name_local: Option<String>,
    /// Its polygons (one for a `Polygon`, several for a `MultiPolygon`).
    pub polygons: Vec<Polygon>,
}

impl Shape {
    /// Every position of every ring.
    pub fn positions(&self) -> impl Iterator<Item = [f64; 2]> + '_ {
        self.polygons
            .iter()
            .flat_map(|p| std::iter::once(&p.outer).chain(&p.holes))
            .flatten()
            .copied()
    }
}

/// The boundaries read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    /// The file's name as the user knows it (for messages).
    pub file: String,
    /// The shapes, in file order.
    pub shapes: Vec<Shape>,
}

/// How the shapes of a [`Boundaries`] match the regions of a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegionShapes {
    /// For each region of the dataset, the index of its shape in [`Boundaries::shapes`].
    pub of_region: Vec<Option<usize>>,
    /// Regions of the dataset that have no shape.
    pub missing: Vec<RegionId>,
    /// Shapes (indices) whose id is no region of the dataset.
    pub unmatched: Vec<usize>,
}

impl RegionShapes {
    /// What did not match, in words (empty when everything did): one line
    /// for the regions without a shape, one for the shapes without a region.
    pub fn problems(&self, ds: &Dataset, boundaries: &Boundaries) -> Vec<String> {
        let mut out = Vec::new();
        if !self.missing.is_empty() {
            let ids: Vec<&str> = self
                .missing
                .iter()
                .map(|&r| ds.region(r).id.as_str())
                .collect();
            out.push(format!(
                "{}: {} of {} regions of regions.csv have no shape and are not drawn: {}",
                boundaries.file,
                ids.len(),
                ds.regions.len(),
                list(&ids)
            ));
        }
        if !self.unmatched.is_empty() {
            let ids: Vec<&str> = self
                .unmatched
                .iter()
                .map(|&s| boundaries.shapes[s].id.as_str())
                .collect();
            out.push(format!(
                "{}: {} shapes are no region of regions.csv and are drawn in grey, without data: {}",
                boundaries.file,
                ids.len(),
                list(&ids)
            ));
        }
        out
    }
}

/// Up to 12 ids, then a count.
fn list(ids: &[&str]) -> String {
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, and {} more", ids[..12].join(", "), ids.len() - 12)
    }
}

impl Boundaries {
    /// Matches shapes to the regions of `ds` by id.
    pub fn match_regions(&self, ds: &Dataset) -> RegionShapes {
        let mut of_region = vec![None; ds.regions.len()];
        let mut unmatched = Vec::new();
        for (s, shape) in self.shapes.iter().enumerate() {
            match ds.region_id(&shape.id) {
                Some(r) => of_region[r.index()] = Some(s),
                None => unmatched.push(s),
            }
        }
        let missing = (0..ds.regions.len())
            .filter(|&r| of_region[r].is_none())
            .map(|r| RegionId(r as u32))
            .collect();
        RegionShapes {
            of_region,
            missing,
            unmatched,
        }
    }

    /// The shape with id `id`.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }
}
