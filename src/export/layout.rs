//! Geographic placement: regions at their capitals' coordinates, clusters and
//! organisations around their region.
//!
//! # The projection
//!
//! By default, an **Albers equal-area conic** fitted to the data (the usual
//! projection for maps of Russia, where it is used with standard parallels
//! 52° and 64° N and a central meridian near 100° E):
//!
//! - the central meridian `lon0` is the middle of the shortest arc of
//!   longitude that holds every capital. The arc may cross the 180th
//!   meridian: Chukotka's capital Anadyr lies at 177.5° E, and a point at
//!   179° W (-179°) is placed just east of it, not on the far west edge;
//!   every longitude is taken relative to `lon0` and wrapped into
//!   (-180°, 180°];
//! - the standard parallels `lat1`, `lat2` lie one sixth of the way in from the
//!   southern and northern ends of the data's latitudes (a classic rule of thumb
//!   that keeps scale errors small across the band), the origin `lat0` midway;
//! - with `n = (sin lat1 + sin lat2) / 2`, `C = cos² lat1 + 2 n sin lat1` and
//!   `rho(lat) = sqrt(C - 2 n sin lat) / n`: `x = rho sin(n (lon - lon0))`,
//!   `y = rho(lat0) - rho cos(n (lon - lon0))` (Snyder 1987, eq. 14-1 to 14-4, on a sphere).
//!
//! For Russia's 85 capitals this gives `lon0` about 99° E and parallels about
//! 47.3° and 64.7° N: the familiar shape of atlas maps. When the parallels are
//! symmetric about the equator (`n` near 0) the conic degenerates and the
//! **equirectangular** projection is used instead: `x = (lon - lon0) cos lat0`,
//! `y = lat`. It can also be chosen with [`GeoProjection::Equirectangular`].
//!
//! The projected map is scaled to [`GeoOptions::width`] points (72 per inch),
//! with north up and the origin at the bottom left, the convention of
//! Graphviz's `pos` and of Gephi.
//!
//! # Nodes that are not regions
//!
//! Clusters (at their home region) and organisations (at their region) are
//! placed on a sunflower spiral around the region's point (the `k`-th at
//! radius `s sqrt(k + 1/2)` and angle `k` times the golden angle), with the
//! step `s` shrinking so that the busiest region's spiral stays within
//! [`GeoOptions::spread`] points. Nodes whose region has no coordinates go in
//! a row under the map, and the caller is told how many.

use crate::error::{Error, Result};

use super::view::NetworkView;

/// Default width of a geographic map, in points (about 17 inches).
pub const DEFAULT_WIDTH: f64 = 1200.0;

/// Default largest radius of the spiral of nodes around one region, in points.
pub const DEFAULT_SPREAD: f64 = 36.0;

/// Which map projection [`fit`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeoProjection {
    /// Albers equal-area conic fitted to the data (see the module docs).
    #[default]
    Albers,
    /// Plate carrée scaled by the cosine of the middle latitude.
    Equirectangular,
}

/// Options of the geographic layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoOptions {
    /// The projection.
    pub projection: GeoProjection,
    /// Width of the map in points.
    pub width: f64,
    /// Largest radius of the spiral of nodes around a region, in points.
    pub spread: f64,
}

impl Default for GeoOptions {
    fn default() -> Self {
        GeoOptions {
            projection: GeoProjection::Albers,
            width: DEFAULT_WIDTH,
            spread: DEFAULT_SPREAD,
        }
    }
}

/// A projection fitted to a set of coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoFrame {
    /// The projection actually used (Albers falls back to equirectangular
    /// when degenerate).
    pub projection: GeoProjection,
    /// Central meridian, degrees in (-180, 180].
    pub lon0: f64,
    /// Latitude of the origin, degrees.
    pub lat0: f64,
    /// First standard parallel, degrees.
    pub lat1: f64,
    /// Second standard parallel, degrees.
    pub lat2: f64,
}

/// Wraps an angle in degrees into (-180, 180].
pub fn wrap180(deg: f64) -> f64 {
    let mut d = deg.rem_euclid(360.0);
    if d > 180.0 {
        d -= 360.0;
    }
    d
}

/// The middle of the shortest arc of longitude holding every `lons` (degrees),
/// in (-180, 180]; `None` when `lons` is empty.
///
/// ```
/// use coopnet::export::layout::central_meridian;
/// // Kaliningrad to Anadyr: the arc runs east from 20.5° to 177.5°
/// assert!((central_meridian(&[20.5, 37.6, 177.5]).unwrap() - 99.0).abs() < 1e-9);
/// // across the 180th meridian: 170° E to 170° W is a 20° arc centred on 180°
/// assert!((central_meridian(&[170.0, -170.0]).unwrap() - 180.0).abs() < 1e-9);
/// ```
pub fn central_meridian(lons: &[f64]) -> Option<f64> {
    let mut l: Vec<f64> = lons
        .iter()
        .filter(|x| x.is_finite())
        .map(|x| x.rem_euclid(360.0))
        .collect();
    if l.is_empty() {
        return None;
    }
    l.sort_by(f64::total_cmp);
    // The largest gap between neighbours (circularly) is what the arc leaves out.
    let mut gap = l[0] + 360.0 - l[l.len() - 1];
    let mut start = l[0];
    for w in l.windows(2) {
        if w[1] - w[0] > gap {
            gap = w[1] - w[0];
            start = w[1];
        }
    }
    Some(wrap180(start + (360.0 - gap) / 2.0))
}

/// Fits `projection` to coordinates `(lat, lon)` in degrees; `None` when
/// there are none.
pub fn fit(coords: &[(f64, f64)], projection: GeoProjection) -> Option<GeoFrame> {
    let lons: Vec<f64> = coords.iter().map(|c| c.1).collect();
    let lon0 = central_meridian(&lons)?;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(lat, _) in coords {
        lo = lo.min(lat);
        hi = hi.max(lat);
    }
    let range = hi - lo;
    let mut frame = GeoFrame {
        projection,
        lon0,
        lat0: (lo + hi) / 2.0,
        lat1: lo + range / 6.0,
        lat2: hi - range / 6.0,
    };
    if projection == GeoProjection::Albers {
        let n = (frame.lat1.to_radians().sin() + frame.lat2.to_radians().sin()) / 2.0;
        if n.abs() < 1e-3 {
            frame.projection = GeoProjection::Equirectangular;
        }
    }
    Some(frame)
}

impl GeoFrame {
    /// Projects `(lat, lon)` in degrees to plane coordinates (unscaled, north up).
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        let dlon = wrap180(lon - self.lon0).to_radians();
        let phi = lat.to_radians();
        match self.projection {
            GeoProjection::Equirectangular => (dlon * self.lat0.to_radians().cos(), phi),
            GeoProjection::Albers => {
                let (p1, p2) = (self.lat1.to_radians(), self.lat2.to_radians());
                let n = (p1.sin() + p2.sin()) / 2.0;
                let c = p1.cos().powi(2) + 2.0 * n * p1.sin();
                let rho = |p: f64| (c - 2.0 * n * p.sin()).max(0.0).sqrt() / n;
                let theta = n * dlon;
                let rho0 = rho(self.lat0.to_radians());
                let r = rho(phi);
                (r * theta.sin(), rho0 - r * theta.cos())
            }
        }
    }
}

/// Choices that override the fitted projection (`--central-meridian`, `--parallels`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProjectionOverride {
    /// The central meridian, degrees.
    pub central_meridian: Option<f64>,
    /// The two standard parallels, degrees.
    pub parallels: Option<(f64, f64)>,
}

/// Scan lines per axis when the area's distribution is measured.
const SCAN_LINES: usize = 720;

/// How the area of `rings` (closed `[lon, lat]` rings of non-overlapping
/// polygons) is spread along one axis: for `SCAN_LINES` lines across the
/// extent `(lo, hi)` of `axis` (0: longitude, 1: latitude), the length of the
/// line inside the polygons (even-odd rule), in units of area: a line of
/// latitude counts degrees of longitude times `cos(lat)`, a line of longitude
/// the difference of `sin(lat)` (so both integrate the area on the sphere).
fn area_profile(rings: &[Vec<[f64; 2]>], axis: usize) -> Option<(f64, f64, Vec<f64>)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in rings.iter().flatten() {
        lo = lo.min(p[axis]);
        hi = hi.max(p[axis]);
    }
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let step = (hi - lo) / SCAN_LINES as f64;
    let line = |k: usize| lo + (k as f64 + 0.5) * step;
    let mut profile = vec![0.0; SCAN_LINES];
    let mut crossings: Vec<Vec<f64>> = vec![Vec::new(); SCAN_LINES];
    for ring in rings {
        for c in &mut crossings {
            c.clear();
        }
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (ya, yb) = (a[axis], b[axis]);
            if ya == yb {
                continue;
            }
            let (ymin, ymax) = (ya.min(yb), ya.max(yb));
            // lines k with ymin <= line(k) < ymax
            let first = ((ymin - lo) / step - 0.5).ceil().max(0.0) as usize;
            let mut k = first;
            while k < SCAN_LINES && line(k) < ymax {
                let y = line(k);
                if y >= ymin {
                    let t = (y - ya) / (yb - ya);
                    let x = a[1 - axis] + t * (b[1 - axis] - a[1 - axis]);
                    crossings[k].push(if axis == 0 { x.to_radians().sin() } else { x });
                }
                k += 1;
            }
        }
        for (k, c) in crossings.iter_mut().enumerate() {
            if c.len() < 2 {
                continue;
            }
            c.sort_by(f64::total_cmp);
            let inside: f64 = c.chunks_exact(2).map(|p| p[1] - p[0]).sum();
            profile[k] += if axis == 1 {
                inside * line(k).to_radians().cos()
            } else {
                inside
            };
        }
    }
    Some((lo, hi, profile))
}

/// The coordinate of `axis` below which the share `q` of the profile lies.
fn quantile((lo, hi, profile): &(f64, f64, Vec<f64>), q: f64) -> f64 {
    let total: f64 = profile.iter().sum();
    let step = (hi - lo) / profile.len() as f64;
    let mut acc = 0.0;
    for (k, &a) in profile.iter().enumerate() {
        if a > 0.0 && acc + a >= q * total {
            return lo + (k as f64 + (q * total - acc) / a) * step;
        }
        acc += a;
    }
    *hi
}

/// Fits `projection` to region shapes (closed `[lon, lat]` rings) by their
/// area, the rule of the choropleth maps:
///
/// - the **central meridian** halves the area: as much of it lies east as west;
/// - the **standard parallels** are the latitudes with one sixth and five
///   sixths of the area south of them: the one-sixth rule of conic
///   projections (Deetz and Adams 1934, *Elements of Map Projection*, as
///   Snyder 1987 recommends it, p. 99) applied to where the area is rather
///   than to the bare latitude extent, so that a few far islands (Franz Josef
///   Land at 81.9° N) do not pull the northern parallel off the mainland;
/// - the origin latitude is the middle of the extent (it only shifts the map).
///
/// Longitudes are first brought onto the shortest arc holding them all, so a
/// region drawn across the 180th meridian (Chukotka, to 191°) stays whole.
/// For Russia's 85 subjects this gives a central meridian near 98° E and
/// parallels near 53° and 67.5° N; for Germany's 16 Länder 10.3° E, 48.9° and
/// 53.1° N. `over` replaces any of them. `None` when the rings are empty.
pub fn fit_area(
    rings: &[Vec<[f64; 2]>],
    projection: GeoProjection,
    over: &ProjectionOverride,
) -> Option<GeoFrame> {
    let lons: Vec<f64> = rings.iter().flatten().map(|p| p[0]).collect();
    let arc = central_meridian(&lons)?;
    let unwrapped: Vec<Vec<[f64; 2]>> = rings
        .iter()
        .map(|r| {
            r.iter()
                .map(|p| [arc + wrap180(p[0] - arc), p[1]])
                .collect()
        })
        .collect();
    let lat = area_profile(&unwrapped, 1)?;
    let lon = area_profile(&unwrapped, 0)?;
    let lon0 = over
        .central_meridian
        .unwrap_or_else(|| wrap180(quantile(&lon, 0.5)));
    let (lat1, lat2) = over
        .parallels
        .unwrap_or_else(|| (quantile(&lat, 1.0 / 6.0), quantile(&lat, 5.0 / 6.0)));
    let mut frame = GeoFrame {
        projection,
        lon0: wrap180(lon0),
        lat0: (lat.0 + lat.1) / 2.0,
        lat1,
        lat2,
    };
    if projection == GeoProjection::Albers {
        let n = (lat1.to_radians().sin() + lat2.to_radians().sin()) / 2.0;
        if n.abs() < 1e-3 {
            frame.projection = GeoProjection::Equirectangular;
        }
    }
    Some(frame)
}

/// Positions of every node of a view, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoLayout {
    /// `(x, y)` of each node, indexed like the view's nodes.
    pub positions: Vec<(f64, f64)>,
    /// How many nodes had no coordinates and were put in a row under the map.
    pub unplaced: usize,
    /// The fitted projection.
    pub frame: GeoFrame,
    /// Width and height of the map (without the row of unplaced nodes).
    pub size: (f64, f64),
}

/// Places every node of `view` geographically (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] (`--layout`) when no node's region has coordinates.
pub fn geo_layout(view: &NetworkView<'_>, opts: &GeoOptions) -> Result<GeoLayout> {
    let n = view.nodes.len();
    let coords: Vec<Option<(f64, f64)>> = (0..n as u32).map(|i| view.coordinates(i)).collect();
    let known: Vec<(f64, f64)> = coords.iter().flatten().copied().collect();
    let Some(frame) = fit(&known, opts.projection) else {
        return Err(Error::parameter(
            "--layout",
            format!(
                "geo needs coordinates, but no region of {} has lat and lon; add lat and lon \
                 columns to regions.csv or use --layout sfdp",
                view.dataset().name
            ),
        ));
    };
    let projected: Vec<Option<(f64, f64)>> = coords
        .iter()
        .map(|c| c.map(|(lat, lon)| frame.project(lat, lon)))
        .collect();
    let (x0, y0, x1, y1) = bounds(projected.iter().flatten().copied());
    let span = (x1 - x0).max(y1 - y0);
    let scale = if span > 0.0 {
        opts.width / (x1 - x0).max(span / 4.0)
    } else {
        1.0
    };
    let size = ((x1 - x0) * scale, (y1 - y0) * scale);

    // Spiral around the region for nodes that are not regions.
    let mut per_region: Vec<u32> = vec![0; view.dataset().regions.len()];
    let non_region = view
        .nodes
        .iter()
        .any(|node| node.kind != super::view::NodeKind::Region);
    for node in &view.nodes {
        per_region[node.region.index()] += 1;
    }
    let busiest = per_region.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = (opts.spread / (busiest + 0.5).sqrt()).min(opts.spread / 3.0);
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    let mut seen: Vec<u32> = vec![0; per_region.len()];
    let mut unplaced = 0usize;
    let positions = view
        .nodes
        .iter()
        .zip(&projected)
        .map(|(node, p)| match p {
            Some((x, y)) => {
                let (bx, by) = ((x - x0) * scale, (y - y0) * scale);
                if !non_region {
                    return (bx, by);
                }
                let k = seen[node.region.index()] as f64;
                seen[node.region.index()] += 1;
                let r = step * (k + 0.5).sqrt();
                let a = k * GOLDEN_ANGLE;
                (bx + r * a.cos(), by + r * a.sin())
            }
            None => {
                let pos = (unplaced as f64 * 36.0, -72.0 - opts.spread);
                unplaced += 1;
                pos
            }
        })
        .collect();
    Ok(GeoLayout {
        positions,
        unplaced,
        frame,
        size,
    })
}

/// The bounding box `(x0, y0, x1, y1)` of `points`; infinite (empty) when
/// there are none.
pub(crate) fn bounds(points: impl IntoIterator<Item = (f64, f64)>) -> (f64, f64, f64, f64) {
    points.into_iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(x0, y0, x1, y1), (x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russia_like_frame() {
        // Kaliningrad, Moscow, Makhachkala, Salekhard, Anadyr, Vladivostok
        let pts = [
            (54.71, 20.51),
            (55.76, 37.62),
            (42.98, 47.50),
            (66.53, 66.61),
            (64.73, 177.51),
            (43.12, 131.89),
        ];
        let f = fit(&pts, GeoProjection::Albers).expect("fits");
        assert_eq!(f.projection, GeoProjection::Albers);
        assert!((f.lon0 - 99.01).abs() < 0.01, "{}", f.lon0);
        // Anadyr is east of Vladivostok, Kaliningrad west of Moscow
        let x = |i: usize| f.project(pts[i].0, pts[i].1).0;
        assert!(x(4) > x(5) && x(5) > x(3) && x(3) > x(1) && x(1) > x(0));
        // north is up: Salekhard above Makhachkala
        let y = |i: usize| f.project(pts[i].0, pts[i].1).1;
        assert!(y(3) > y(2));
    }

    #[test]
    fn points_past_the_antimeridian_stay_east() {
        let pts = [(64.73, 177.51), (65.0, -179.0), (55.76, 37.62)];
        let f = fit(&pts, GeoProjection::Albers).expect("fits");
        let x: Vec<f64> = pts.iter().map(|p| f.project(p.0, p.1).0).collect();
        assert!(x[1] > x[0] && x[0] > x[2], "{x:?}");
        let e = fit(&pts, GeoProjection::Equirectangular).expect("fits");
        let x: Vec<f64> = pts.iter().map(|p| e.project(p.0, p.1).0).collect();
        assert!(x[1] > x[0] && x[0] > x[2], "{x:?}");
    }

    fn shapes(name: &str) -> Vec<Vec<[f64; 2]>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("datasets")
            .join(name)
            .join("boundaries.geojson");
        let b = crate::load::boundaries::read_boundaries(&path).expect("reads");
        b.shapes
            .iter()
            .flat_map(|s| &s.polygons)
            .flat_map(|p| std::iter::once(&p.outer).chain(&p.holes))
            .cloned()
            .collect()
    }

    #[test]
    fn russia_is_fitted_by_its_area() {
        let rings = shapes("russia");
        let f = fit_area(
            &rings,
            GeoProjection::Albers,
            &ProjectionOverride::default(),
        )
        .expect("fits");
        assert_eq!(f.projection, GeoProjection::Albers);
        assert!((95.0..102.0).contains(&f.lon0), "{f:?}");
        assert!((51.0..55.0).contains(&f.lat1), "{f:?}");
        assert!((65.0..69.0).contains(&f.lat2), "{f:?}");
        // Chukotka past 180 (to 191) lies east of Anadyr, not at the west edge
        let x_chu = f.project(66.0, 188.0).0;
        let x_ana = f.project(64.7, 177.5).0;
        let x_kal = f.project(54.7, 20.5).0;
        assert!(
            x_chu > x_ana && x_ana > 0.0 && x_kal < 0.0,
            "{x_chu} {x_ana} {x_kal}"
        );
        let over = ProjectionOverride {
            central_meridian: Some(100.0),
            parallels: Some((52.0, 64.0)),
        };
        let g = fit_area(&rings, GeoProjection::Albers, &over).expect("fits");
        assert_eq!((g.lon0, g.lat1, g.lat2), (100.0, 52.0, 64.0));
    }

    #[test]
    fn albers_keeps_areas() {
        // two 1 x 1 degree cells at 50 and 70 N: areas on the sphere differ by
        // (sin 71 - sin 70) / (sin 51 - sin 50); so must the projected ones
        let f = GeoFrame {
            projection: GeoProjection::Albers,
            lon0: 100.0,
            lat0: 60.0,
            lat1: 52.0,
            lat2: 64.0,
        };
        let area = |lat: f64, lon: f64| {
            let p: Vec<(f64, f64)> = [
                (lat, lon),
                (lat, lon + 1.0),
                (lat + 1.0, lon + 1.0),
                (lat + 1.0, lon),
            ]
            .iter()
            .map(|&(a, b)| f.project(a, b))
            .collect();
            let mut s = 0.0;
            for i in 0..4 {
                let (a, b) = (p[i], p[(i + 1) % 4]);
                s += a.0 * b.1 - b.0 * a.1;
            }
            s.abs() / 2.0
        };
        let sphere = |lat: f64| (lat + 1.0f64).to_radians().sin() - lat.to_radians().sin();
        let ratio = area(70.0, 120.0) / area(50.0, 40.0);
        let expected = sphere(70.0) / sphere(50.0);
        assert!((ratio / expected - 1.0).abs() < 1e-3, "{ratio} {expected}");
    }

    #[test]
    fn germany_parallels_fit_its_span() {
        // a 47-55 N, 6-15 E block: parallels a sixth of the area in from each end
        let ring = vec![
            [6.0, 47.0],
            [15.0, 47.0],
            [15.0, 55.0],
            [6.0, 55.0],
            [6.0, 47.0],
        ];
        let f = fit_area(
            &[ring],
            GeoProjection::Albers,
            &ProjectionOverride::default(),
        )
        .expect("fits");
        assert!((f.lon0 - 10.5).abs() < 0.05, "{f:?}");
        assert!(
            (48.2..48.5).contains(&f.lat1) && (53.5..53.8).contains(&f.lat2),
            "{f:?}"
        );
    }

    #[test]
    fn symmetric_latitudes_fall_back_to_equirectangular() {
        let f = fit(&[(-10.0, 0.0), (10.0, 5.0)], GeoProjection::Albers).expect("fits");
        assert_eq!(f.projection, GeoProjection::Equirectangular);
        assert_eq!(wrap180(190.0), -170.0);
        assert_eq!(wrap180(-180.0), 180.0);
        assert_eq!(central_meridian(&[]), None);
    }
}
