//! Region boundaries for choropleth maps: a dataset's `boundaries.geojson`.
//!
//! # The format
//!
//! A GeoJSON `FeatureCollection` (RFC 7946) with one feature per region:
//!
//! ```json
//! {"type": "FeatureCollection", "features": [
//!   {"type": "Feature",
//!    "properties": {"iso": "RU-KOS", "name_en": "Kostroma Oblast", "name_local": "Костромская область"},
//!    "geometry": {"type": "Polygon", "coordinates": [[[40.1, 57.2], [44.5, 57.9], [41.0, 59.1], [40.1, 57.2]]]}}
//! ]}
//! ```
//!
//! - the region id (`regions.csv`'s `id`) is the property `iso`; a feature
//!   without it may give it as the property `id` or as the feature's own `id`;
//! - the geometry is a `Polygon` or a `MultiPolygon` in longitude and latitude
//!   (WGS84 degrees); each ring is closed (its last position repeats the
//!   first) and has at least four positions; extra members (`bbox`, a third
//!   coordinate) are ignored;
//! - longitudes may run past 180° (to 360°) so that a region crossing the
//!   antimeridian stays one shape: Russia's file draws Chukotka with
//!   longitudes up to 191°, as RFC 7946 permits for such cases;
//! - `name_en` and `name_local`, when present, are kept for tooltips.
//!
//! Every problem is reported with the file, the feature's index (0-based, as
//! in the file) and its id, the property and the reason, all at once:
//! `boundaries.geojson: feature 12 (RU-KOS): geometry: ring 0 is not closed`.
//! Matching shapes to a dataset's regions ([`Boundaries::match_regions`])
//! reports regions without a shape and shapes without a region; neither is
//! dropped silently.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Problem, Problems, Result};

/// The file name a dataset's boundaries have.
pub const FILE: &str = "boundaries.geojson";

pub use crate::model::boundaries::{Boundaries, Polygon, RegionShapes, Ring, Shape};

/// Reads boundaries from `path` (see the module docs for the format).
///
/// # Errors
///
/// [`Error::Invalid`] when the file is missing, a folder or a broken link (as
/// every input), and with every
/// problem found (JSON syntax with line and column; per feature: its index,
/// id, property and reason).
pub fn read_boundaries(path: &Path) -> Result<Boundaries> {
    let file = super::display_name(path);
    let bytes = super::read_file(path, &file)?;
    parse_boundaries(&bytes, &file)
}

/// Reads boundaries from the bytes of a file called `file` (for messages).
///
/// # Errors
///
/// As [`read_boundaries`], without the I/O.
pub fn parse_boundaries(bytes: &[u8], file: &str) -> Result<Boundaries> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        Error::invalid(Problem::line(
            file,
            e.line() as u64,
            format!("column {}: not valid JSON: {e}", e.column()),
        ))
    })?;
    let whole = |reason: &str| Error::invalid(Problem::file(file, reason));
    let Some(obj) = root.as_object() else {
        return Err(whole(
            "is not a GeoJSON FeatureCollection (the file is not a JSON object)",
        ));
    };
    if obj.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(whole(&format!(
            "\"type\" is {}, not \"FeatureCollection\"",
            describe(obj.get("type"))
        )));
    }
    let Some(features) = obj.get("features").and_then(Value::as_array) else {
        return Err(whole(
            "has no \"features\" array: a FeatureCollection lists its features there",
        ));
    };
    if features.is_empty() {
        return Err(whole("has no features"));
    }
    let mut problems = Problems::new();
    let mut shapes = Vec::with_capacity(features.len());
    let mut first_of: std::collections::HashMap<String, usize> = Default::default();
    for (i, f) in features.iter().enumerate() {
        let mut at = FeatureProblems {
            file,
            index: i,
            id: None,
            problems: &mut problems,
        };
        if let Some(shape) = read_feature(f, &mut at) {
            if let Some(&j) = first_of.get(&shape.id) {
                at.push(
                    "properties.iso",
                    format!("is the id of feature {j} too: each region has one feature"),
                );
                continue;
            }
            first_of.insert(shape.id.clone(), i);
            shapes.push(shape);
        }
    }
    problems.into_result()?;
    Ok(Boundaries {
        file: file.to_string(),
        shapes,
    })
}

/// Where a feature's problems go, and how they are located.
struct FeatureProblems<'a> {
    file: &'a str,
    index: usize,
    id: Option<String>,
    problems: &'a mut Problems,
}

impl FeatureProblems<'_> {
    fn push(&mut self, member: &str, reason: impl std::fmt::Display) {
        let who = match &self.id {
            Some(id) => format!("feature {} ({id})", self.index),
            None => format!("feature {}", self.index),
        };
        self.problems.push(Problem::file(
            self.file,
            format!("{who}: {member}: {reason}"),
        ));
    }
}

/// A JSON value as a message shows it.
fn describe(v: Option<&Value>) -> String {
    match v {
        None => "missing".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(Value::Null) => "null".into(),
        Some(other) => {
            let s = other.to_string();
            if s.chars().count() > 40 {
                format!("{}...", s.chars().take(40).collect::<String>())
            } else {
                s
            }
        }
    }
}

fn read_feature(f: &Value, at: &mut FeatureProblems<'_>) -> Option<Shape> {
    let Some(obj) = f.as_object() else {
        at.push("feature", "is not a JSON object");
        return None;
    };
    if obj.get("type").and_then(Value::as_str) != Some("Feature") {
        at.push(
            "type",
            format!("is {}, not \"Feature\"", describe(obj.get("type"))),
        );
        return None;
    }
    let props = obj.get("properties").and_then(Value::as_object);
    let text = |key: &str| {
        props
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let id = text("iso")
        .or_else(|| text("id"))
        .or_else(|| match obj.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        });
    let Some(id) = id else {
        let found = props.and_then(|p| p.get("iso"));
        at.push(
            "properties.iso",
            format!(
                "is {}: every feature names its region there (the id in regions.csv, e.g. \"RU-KOS\")",
                describe(found)
            ),
        );
        return None;
    };
    at.id = Some(id.clone());
    let polygons = read_geometry(obj.get("geometry"), at)?;
    Some(Shape {
        id,
        name_en: text("name_en"),
        name_local: text("name_local"),
        polygons,
    })
}

fn read_geometry(g: Option<&Value>, at: &mut FeatureProblems<'_>) -> Option<Vec<Polygon>> {
    let Some(g) = g.and_then(Value::as_object) else {
        at.push(
            "geometry",
            format!(
                "is {}: a region needs a Polygon or MultiPolygon",
                describe(g)
            ),
        );
        return None;
    };
    let coords = g.get("coordinates").and_then(Value::as_array);
    let kind = g.get("type").and_then(Value::as_str);
    let Some(coords) = coords else {
        at.push("geometry.coordinates", "is missing or not an array");
        return None;
    };
    let before = at.problems.len();
    let polygons: Vec<Polygon> = match kind {
        Some("Polygon") => read_polygon(coords, "geometry.coordinates", at)
            .into_iter()
            .collect(),
        Some("MultiPolygon") => coords
            .iter()
            .enumerate()
            .filter_map(|(k, p)| match p.as_array() {
                Some(p) => read_polygon(p, &format!("geometry.coordinates[{k}]"), at),
                None => {
                    at.push(
                        &format!("geometry.coordinates[{k}]"),
                        "is not an array of rings",
                    );
                    None
                }
            })
            .collect(),
        _ => {
            at.push(
                "geometry.type",
                format!(
                    "is {}: a region is drawn from a \"Polygon\" or \"MultiPolygon\"",
                    describe(g.get("type"))
                ),
            );
            return None;
        }
    };
    if at.problems.len() > before {
        return None;
    }
    if polygons.is_empty() {
        at.push("geometry.coordinates", "holds no polygon");
        return None;
    }
    Some(polygons)
}

fn read_polygon(rings: &[Value], member: &str, at: &mut FeatureProblems<'_>) -> Option<Polygon> {
    if rings.is_empty() {
        at.push(member, "has no rings: a polygon needs an outer ring");
        return None;
    }
    let mut read = Vec::with_capacity(rings.len());
    for (k, r) in rings.iter().enumerate() {
        let member = format!("{member}[{k}]");
        if let Some(ring) = read_ring(r, &member, at) {
            read.push(ring);
        }
    }
    if read.len() < rings.len() {
        return None;
    }
    let mut it = read.into_iter();
    let outer = it.next()?;
    Some(Polygon {
        outer,
        holes: it.collect(),
    })
}

fn read_ring(r: &Value, member: &str, at: &mut FeatureProblems<'_>) -> Option<Ring> {
    let Some(positions) = r.as_array() else {
        at.push(member, "is not an array of positions");
        return None;
    };
    let mut ring = Vec::with_capacity(positions.len());
    for (k, p) in positions.iter().enumerate() {
        let xy = p.as_array().and_then(|a| {
            let x = a.first()?.as_f64()?;
            let y = a.get(1)?.as_f64()?;
            Some([x, y])
        });
        let Some([lon, lat]) = xy else {
            at.push(
                &format!("{member}[{k}]"),
                format!("{} is not a [longitude, latitude] pair", describe(Some(p))),
            );
            return None;
        };
        if !(-90.0..=90.0).contains(&lat) || !(-360.0..=360.0).contains(&lon) {
            at.push(
                &format!("{member}[{k}]"),
                format!(
                    "[{lon}, {lat}] is off the globe: longitude runs from -360 to 360 and \
                     latitude from -90 to 90 (degrees, longitude first)"
                ),
            );
            return None;
        }
        ring.push([lon, lat]);
    }
    if ring.len() < 4 {
        at.push(
            member,
            format!(
                "has {} positions: a closed ring needs at least 4 (the last repeating the first)",
                ring.len()
            ),
        );
        return None;
    }
    if ring.first() != ring.last() {
        at.push(
            member,
            "is not closed: its last position must repeat the first (RFC 7946, 3.1.6)",
        );
        return None;
    }
    Some(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> String {
        parse_boundaries(text.as_bytes(), FILE)
            .expect_err("invalid")
            .to_string()
    }

    const SQUARE: &str = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

    fn feature(iso: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"iso":"{iso}","name_en":"Name {iso}"}},"geometry":{geometry}}}"#
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    #[test]
    fn reads_polygons_and_multipolygons() {
        let text = collection(&[
            feature(
                "A",
                &format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#),
            ),
            feature(
                "B",
                &format!(r#"{{"type":"MultiPolygon","coordinates":[{SQUARE},{SQUARE}]}}"#),
            ),
        ]);
        let b = parse_boundaries(text.as_bytes(), FILE).expect("valid");
        assert_eq!(b.shapes.len(), 2);
        assert_eq!(b.shapes[0].id, "A");
        assert_eq!(b.shapes[0].name_en.as_deref(), Some("Name A"));
        assert_eq!(b.shapes[1].polygons.len(), 2);
        assert_eq!(b.shapes[1].positions().count(), 10);
    }

    #[test]
    fn every_problem_is_located() {
        let text = collection(&[
            feature(
                "A",
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
            ),
            feature("B", r#"{"type":"Point","coordinates":[0,0]}"#),
            feature(
                "C",
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#,
            ),
            feature(
                "A",
                &format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#),
            ),
            feature(
                "D",
                &format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#),
            ),
            feature(
                "D",
                &format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#),
            ),
            r#"{"type":"Feature","properties":{},"geometry":null}"#.to_string(),
            feature(
                "E",
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1],[0,0]]]}"#,
            ),
            feature("F", "null"),
        ]);
        let e = errors(&text);
        for expected in [
            "feature 0 (A): geometry.coordinates[0]: is not closed",
            "feature 1 (B): geometry.type: is \"Point\"",
            "feature 2 (C): geometry.coordinates[0]: has 3 positions",
            "feature 5 (D): properties.iso: is the id of feature 4 too",
            "feature 6: properties.iso: is missing",
            "feature 7 (E): geometry.coordinates[0][1]: [1, 95] is off the globe",
            "feature 8 (F): geometry: is null",
        ] {
            assert!(e.contains(expected), "{expected:?} not in\n{e}");
        }
        // feature 3 repeats A, whose own feature was invalid: not reported twice
        assert!(!e.contains("feature 3"), "{e}");
        assert!(e.starts_with("boundaries.geojson") || e.contains("boundaries.geojson:"));
    }

    #[test]
    fn syntax_and_structure_errors() {
        let e = errors("{\"type\": \"FeatureCollection\",\n \"features\": [,]}");
        assert!(e.contains("boundaries.geojson:2: column"), "{e}");
        assert!(errors("[]").contains("not a JSON object"));
        assert!(errors(r#"{"type":"Feature"}"#).contains("not \"FeatureCollection\""));
        assert!(errors(r#"{"type":"FeatureCollection"}"#).contains("no \"features\" array"));
        assert!(errors(r#"{"type":"FeatureCollection","features":[]}"#).contains("no features"));
    }

    #[test]
    fn the_id_may_come_from_id_members() {
        let g = format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#);
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
            {{"type":"Feature","id":"X","properties":null,"geometry":{g}}},
            {{"type":"Feature","properties":{{"id":"Y"}},"geometry":{g}}}]}}"#
        );
        let b = parse_boundaries(text.as_bytes(), FILE).expect("valid");
        let ids: Vec<&str> = b.shapes.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["X", "Y"]);
    }

    #[test]
    fn bundled_files_match_their_datasets() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        for (name, count) in [("russia", 85), ("demo", 5)] {
            let dir = root.join(name);
            let b = read_boundaries(&dir.join(FILE)).expect("bundled boundaries read");
            assert_eq!(b.shapes.len(), count, "{name}");
            let ds = crate::load::load_dataset(&dir).expect("dataset loads");
            let m = b.match_regions(&ds);
            assert!(
                m.missing.is_empty() && m.unmatched.is_empty(),
                "{name}: {m:?}"
            );
            assert!(m.problems(&ds, &b).is_empty());
        }
        // Chukotka is one shape across the antimeridian
        let b = read_boundaries(&root.join("russia").join(FILE)).expect("reads");
        let chu = b.shape("RU-CHU").expect("Chukotka");
        let max_lon = chu.positions().map(|p| p[0]).fold(f64::MIN, f64::max);
        assert!(max_lon > 180.0, "{max_lon}");
    }

    #[test]
    fn mismatches_are_reported() {
        let ds =
            crate::load::load_dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo"))
                .expect("demo");
        let g = format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#);
        let text = collection(&[feature("RU-KOS", &g), feature("RU-XXX", &g)]);
        let b = parse_boundaries(text.as_bytes(), FILE).expect("valid");
        let m = b.match_regions(&ds);
        assert_eq!(m.missing.len(), 4);
        assert_eq!(m.unmatched, vec![1]);
        let p = m.problems(&ds, &b);
        assert_eq!(p.len(), 2);
        assert!(
            p[0].contains("4 of 5 regions") && p[0].contains("RU-MOW"),
            "{p:?}"
        );
        assert!(p[1].contains("RU-XXX"), "{p:?}");
    }
}
