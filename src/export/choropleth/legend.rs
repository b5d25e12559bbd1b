//! The blocks below a choropleth: the fill's legend, the legend of the
//! link widths, the notes and the source line.

use std::fmt::Write as _;

use crate::load::boundaries::RegionShapes;

use super::super::describe::{dataset_title, provenance_note};
use super::super::dot::{count, fmt_num};
use super::labelling::Labels;
use super::links::{draw_badge, link_width};
use super::{Colours, MARGIN, Map, describe_frame, text, wrap, wrap_bold};

/// Height of a legend row.
const ROW_H: f64 = 13.0;

/// Draws the legend below the map into `out`: the fill's classes (with how
/// many regions fall in each) and, beside them when links are drawn, sample
/// line widths. Returns the bottom of the taller column.
pub(super) fn draw_legend(map: &Map<'_, '_>, colours: &Colours, out: &mut String) -> f64 {
    let legend = &colours.legend;
    let legend_top = map.map_bottom() + 18.0;
    let width = map.opts.width;
    let col_w = if map.view.is_some() {
        (width - 2.0 * MARGIN) * 0.58
    } else {
        width - 2.0 * MARGIN
    };
    let mut y = legend_top;
    for l in wrap_bold(&map.fill.name, col_w - 8.0, 10.5) {
        text(
            out,
            MARGIN,
            y,
            10.5,
            "legend-title",
            r#" font-weight="bold""#,
            &l,
        );
        y += 13.0;
    }
    y -= 5.0;
    for class in legend {
        let label = format!(
            "{} ({})",
            class.label,
            count(class.count, "region", "regions")
        );
        y = swatch_row(&class.color, &label, col_w, y, out);
    }
    if !colours.brings.is_empty() {
        y = subheading("What each region brings", y, out);
        for (color, label) in &colours.brings {
            y = swatch_row(color, label, col_w, y, out);
        }
    }
    if !map.opts.arrows.is_empty() {
        y = subheading(
            "Value-chain links (numbered arrows, supplier to buyer)",
            y,
            out,
        );
        for (k, a) in map.opts.arrows.iter().enumerate() {
            let lines = wrap(&a.key, col_w - 22.0, 9.0);
            draw_badge(MARGIN + 7.0, y + 5.0, k + 1, out);
            y = text_rows(&lines, y, out);
        }
    }
    let mut legend_bottom = y;
    if map.view.is_some() && !map.links.list.is_empty() {
        let lx = MARGIN + col_w + 12.0;
        legend_bottom = legend_bottom.max(draw_link_legend(map, lx, legend_top, out));
    }
    legend_bottom
}

/// A bold heading of a legend block at `y`; returns where the rows start.
fn subheading(heading: &str, y: f64, out: &mut String) -> f64 {
    let y = y + 13.0;
    text(
        out,
        MARGIN,
        y,
        9.5,
        "legend-title",
        r#" font-weight="bold""#,
        heading,
    );
    y + 4.0
}

/// A legend row at `y`: a swatch of `color` (a colour or a pattern) and
/// `label` wrapped beside it. Returns the next row's top.
fn swatch_row(color: &str, label: &str, col_w: f64, y: f64, out: &mut String) -> f64 {
    let lines = wrap(label, col_w - 22.0, 9.0);
    let _ = writeln!(
        out,
        r##"<rect class="swatch" x="{MARGIN:.1}" y="{y:.1}" width="14" height="10" fill="{color}" stroke="#7a7a7a" stroke-width="0.5"/>"##
    );
    text_rows(&lines, y, out)
}

/// The lines of a legend row beside its swatch, from `y`; returns the next
/// row's top.
fn text_rows(lines: &[String], y: f64, out: &mut String) -> f64 {
    for (i, l) in lines.iter().enumerate() {
        text(
            out,
            MARGIN + 20.0,
            y + 8.5 + i as f64 * 11.0,
            9.0,
            "legend",
            "",
            l,
        );
    }
    y + ROW_H.max(11.0 * lines.len() as f64 + 2.0)
}

/// Draws the legend of the link widths at `lx`, `top`: three sample weights
/// (strongest, geometric middle, weakest) and what a weight is. Returns its
/// bottom.
fn draw_link_legend(map: &Map<'_, '_>, lx: f64, top: f64, out: &mut String) -> f64 {
    let lw = map.opts.width - MARGIN - lx;
    let (max_weight, min_weight) = (map.links.max_weight, map.links.min_weight);
    let heading = "Cooperation between regions";
    text(
        out,
        lx,
        top,
        10.5,
        "legend-title",
        r#" font-weight="bold""#,
        heading,
    );
    let mut ly = top + 8.0;
    let samples = [max_weight, (max_weight * min_weight).sqrt(), min_weight];
    let mut last = f64::NAN;
    for w in samples {
        let w = w.round().max(min_weight);
        if w == last {
            continue;
        }
        last = w;
        let _ = writeln!(
            out,
            r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1a1a1a" stroke-opacity="0.6" stroke-width="{:.2}" stroke-linecap="round"/>"##,
            ly + 5.0,
            lx + 30.0,
            ly + 5.0,
            link_width(w, max_weight)
        );
        text(
            out,
            lx + 38.0,
            ly + 8.5,
            9.0,
            "legend",
            "",
            &format!("weight {}", fmt_num(w)),
        );
        ly += ROW_H;
    }
    for l in wrap(
        "Weight: the cooperation links between the two regions' organisations and clusters, summed.",
        lw,
        8.5,
    ) {
        text(out, lx, ly + 8.0, 8.5, "legend", "", &l);
        ly += 10.5;
    }
    ly + 4.0
}

/// The notes below the legend: the fill's own, how many regions are
/// labelled by name, by code or not at all, the shapes and regions that did
/// not match, and the dataset's provenance.
pub(super) fn notes(map: &Map<'_, '_>, labels: &Labels, matched: &RegionShapes) -> Vec<String> {
    let mut notes: Vec<String> = map.fill.notes.clone();
    let (labelled, coded, unlabelled) = (labels.labelled, labels.coded, labels.unlabelled);
    if map.opts.labels && (coded > 0 || unlabelled > 0) {
        let mut n = format!("Labels: {} by name", count(labelled, "region", "regions"));
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
            count(matched.unmatched.len(), "shape", "shapes")
        ));
    }
    if !matched.missing.is_empty() {
        notes.push(format!(
            "{} of the dataset without a shape, not drawn.",
            count(matched.missing.len(), "region", "regions")
        ));
    }
    if let Some(p) = provenance_note(map.ds) {
        notes.push(p);
    }
    notes
}

/// The source line: the data, the boundaries, the projection and the
/// version of coopnet that drew the map.
pub(super) fn source_line(map: &Map<'_, '_>) -> String {
    let ds = map.ds;
    let mut source = if ds.path.as_os_str().is_empty() {
        format!("Data: {}.", dataset_title(ds))
    } else {
        format!("Data: {} ({}).", dataset_title(ds), ds.path.display())
    };
    if let Some(b) = &map.opts.boundaries_source {
        let _ = write!(source, " Boundaries: {b}.");
    }
    let _ = write!(source, " Projection: {}.", describe_frame(&map.frame));
    let _ = write!(source, " Drawn by coopnet {}.", env!("CARGO_PKG_VERSION"));
    source
}

/// Draws the notes and then the source line, full width, from `top`.
/// Returns the bottom of the last line.
pub(super) fn draw_notes(
    out: &mut String,
    notes: &[String],
    source: &str,
    top: f64,
    width: f64,
) -> f64 {
    let mut ny = top + 8.0;
    for n in notes {
        for l in wrap(n, width, 8.5) {
            text(out, MARGIN, ny + 8.0, 8.5, "note", "", &l);
            ny += 10.5;
        }
    }
    for l in wrap(source, width, 8.0) {
        text(
            out,
            MARGIN,
            ny + 10.0,
            8.0,
            "source",
            r##" fill="#555555""##,
            &l,
        );
        ny += 10.0;
    }
    ny
}
