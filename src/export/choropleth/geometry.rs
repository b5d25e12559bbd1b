//! Plane geometry of projected shapes: areas, the point a label goes to, and
//! SVG path data.

use std::collections::BinaryHeap;
use std::fmt::Write as _;

/// A ring in plane coordinates (closed: the last point repeats the first).
pub type PlaneRing = Vec<(f64, f64)>;

/// A polygon in plane coordinates: outer ring first, then holes.
pub type PlanePolygon = Vec<PlaneRing>;

/// Signed area of a ring (shoelace formula).
pub fn ring_area(r: &[(f64, f64)]) -> f64 {
    r.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        / 2.0
}

/// Area of a polygon: its outer ring less its holes.
pub fn polygon_area(p: &PlanePolygon) -> f64 {
    let mut rings = p.iter();
    let outer = rings.next().map_or(0.0, |r| ring_area(r).abs());
    outer - rings.map(|r| ring_area(r).abs()).sum::<f64>()
}

/// Distance from `(x, y)` to the polygon's boundary, negative outside
/// (even-odd rule over all its rings).
fn signed_distance(p: &PlanePolygon, x: f64, y: f64) -> f64 {
    let mut inside = false;
    let mut best = f64::INFINITY;
    for ring in p {
        for w in ring.windows(2) {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            if (ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax {
                inside = !inside;
            }
            let (dx, dy) = (bx - ax, by - ay);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (px, py) = (ax + t * dx - x, ay + t * dy - y);
            best = best.min(px * px + py * py);
        }
    }
    let d = best.sqrt();
    if inside { d } else { -d }
}

/// A square cell of the search, ordered by the best distance it may hold.
struct Cell {
    x: f64,
    y: f64,
    half: f64,
    d: f64,
    max: f64,
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.max == other.max
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.max.total_cmp(&other.max)
    }
}

fn cell(p: &PlanePolygon, x: f64, y: f64, half: f64) -> Cell {
    let d = signed_distance(p, x, y);
    Cell {
        x,
        y,
        half,
        d,
        max: d + half * std::f64::consts::SQRT_2,
    }
}

/// The point inside polygon `p` farthest from its boundary (its pole of
/// inaccessibility), found to within `precision`: the quadtree search of
/// Agafonkin's *polylabel* (Mapbox, 2016), after Garcia-Castellanos and
/// Lombardo (2007). A label centred there stays inside even a crescent-shaped
/// region, where the centroid may fall outside. Returns the point and its
/// distance to the boundary.
pub fn pole_of_inaccessibility(p: &PlanePolygon, precision: f64) -> ((f64, f64), f64) {
    let Some(outer) = p.first().filter(|r| !r.is_empty()) else {
        return ((0.0, 0.0), 0.0);
    };
    let (mut x0, mut y0, mut x1, mut y1) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    for &(x, y) in outer {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let size = (x1 - x0).min(y1 - y0);
    if size <= 0.0 {
        return ((x0, y0), 0.0);
    }
    let mut half = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut y = y0;
    while y < y1 {
        let mut x = x0;
        while x < x1 {
            queue.push(cell(p, x + half, y + half, half));
            x += 2.0 * half;
        }
        y += 2.0 * half;
    }
    // start from the area centroid of the outer ring, or the box's centre
    let a = ring_area(outer);
    let mut best = if a.abs() > 0.0 {
        let (mut cx, mut cy) = (0.0, 0.0);
        for w in outer.windows(2) {
            let f = w[0].0 * w[1].1 - w[1].0 * w[0].1;
            cx += (w[0].0 + w[1].0) * f;
            cy += (w[0].1 + w[1].1) * f;
        }
        cell(p, cx / (6.0 * a), cy / (6.0 * a), 0.0)
    } else {
        cell(p, (x0 + x1) / 2.0, (y0 + y1) / 2.0, 0.0)
    };
    let centre = cell(p, (x0 + x1) / 2.0, (y0 + y1) / 2.0, 0.0);
    if centre.d > best.d {
        best = centre;
    }
    let mut steps = 0usize;
    while let Some(c) = queue.pop() {
        steps += 1;
        if c.d > best.d {
            best = Cell { ..c };
        }
        if c.max - best.d <= precision || steps > 20_000 {
            continue;
        }
        half = c.half / 2.0;
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            queue.push(cell(p, c.x + dx * half, c.y + dy * half, half));
        }
    }
    ((best.x, best.y), best.d.max(0.0))
}

/// SVG path data of polygons: `M x y L ... Z` per ring, coordinates rounded
/// to 0.1 and points closer than `min_step` to the last one written left out
/// (the ring's shape at the scale drawn; neighbours' shared borders are
/// thinned alike, so no gaps show under the strokes).
pub fn path_data(polygons: &[PlanePolygon], min_step: f64) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        let mut last: Option<(f64, f64)> = None;
        let mut written = 0usize;
        for (k, &(x, y)) in ring.iter().enumerate() {
            let is_last = k + 1 == ring.len();
            if is_last {
                break; // closed by Z
            }
            if let Some((lx, ly)) = last {
                if (x - lx).abs() < min_step && (y - ly).abs() < min_step {
                    continue;
                }
            }
            let _ = write!(
                d,
                "{}{:.1} {:.1}",
                if written == 0 { "M" } else { "L" },
                x,
                y
            );
            last = Some((x, y));
            written += 1;
        }
        if written > 0 {
            d.push('Z');
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, s: f64) -> PlaneRing {
        vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
    }

    #[test]
    fn areas_subtract_holes() {
        let p = vec![square(0.0, 0.0, 10.0), square(2.0, 2.0, 2.0)];
        assert_eq!(polygon_area(&p), 96.0);
        assert_eq!(ring_area(&square(0.0, 0.0, 2.0)), 4.0);
    }

    #[test]
    fn the_pole_of_a_u_shape_is_inside_it() {
        // a U: the centroid lies in the gap, the pole in one arm or the base
        let u = vec![vec![
            (0.0, 0.0),
            (30.0, 0.0),
            (30.0, 30.0),
            (20.0, 30.0),
            (20.0, 10.0),
            (10.0, 10.0),
            (10.0, 30.0),
            (0.0, 30.0),
            (0.0, 0.0),
        ]];
        let ((x, y), d) = pole_of_inaccessibility(&u, 0.1);
        assert!(signed_distance(&u, x, y) > 0.0, "({x}, {y}) is outside");
        // the inner corners leave the most room: sqrt(5^2 + 3^2) from (5, 7)
        assert!((5.0..6.0).contains(&d), "{d}");
        let ((x, y), d) = pole_of_inaccessibility(&vec![square(0.0, 0.0, 10.0)], 0.01);
        assert!((x - 5.0).abs() < 0.05 && (y - 5.0).abs() < 0.05 && (d - 5.0).abs() < 0.05);
    }

    #[test]
    fn paths_close_and_thin() {
        let d = path_data(&[vec![square(0.0, 0.0, 10.0)]], 0.5);
        assert_eq!(d, "M0.0 0.0L10.0 0.0L10.0 10.0L0.0 10.0Z");
        let dense = vec![vec![vec![
            (0.0, 0.0),
            (0.1, 0.0),
            (5.0, 0.0),
            (5.0, 5.0),
            (0.0, 0.0),
        ]]];
        assert_eq!(path_data(&dense, 0.5), "M0.0 0.0L5.0 0.0L5.0 5.0Z");
    }
}
