//! The region labels of a choropleth: where they go (a name, else a short
//! code, else none) and how they are drawn.

use std::fmt::Write as _;

use super::super::labels::{self, Candidate, Font, Rect};
use super::{Drawn, LABEL_SIZE, Map, text};

/// One label placed.
struct Placed {
    /// Centre of its box.
    x: f64,
    y: f64,
    /// Its text.
    label: String,
    /// A short code rather than the name.
    is_code: bool,
    /// The region named.
    region: usize,
}

/// The labels placed, and how many regions got which.
#[derive(Default)]
pub(super) struct Labels {
    placed: Vec<Placed>,
    /// Regions labelled by name.
    pub(super) labelled: usize,
    /// Regions labelled by short code.
    pub(super) coded: usize,
    /// Regions left without a label.
    pub(super) unlabelled: usize,
}

/// What a candidate label would write, and where.
struct Meta {
    region: usize,
    label: String,
    x: f64,
    y: f64,
    offsets: Vec<(f64, f64)>,
    is_code: bool,
}

/// Places the region labels with [`labels::place`]: two candidates per
/// region (the name at one of seven spots round its inner point, then the
/// short code on it), names by priority (the fill's, then the larger area)
/// before codes, link ends and the arrows' numbered badges as obstacles, one label a region.
pub(super) fn place(map: &Map<'_, '_>) -> Labels {
    let (ds, fill) = (map.ds, map.fill);
    let frame_rect = Rect {
        x0: 0.0,
        y0: map.page.top - 4.0,
        x1: map.opts.width,
        y1: map.map_bottom() + 4.0,
    };
    let items: Vec<&Drawn> = map.drawn.iter().filter(|d| d.region.is_some()).collect();
    let (cands, meta) = candidates(map, &items);
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
    let obstacles = obstacles(map);
    let mut chosen = labels::place(&cands, &order, &obstacles, &frame_rect);
    let mut has_label = vec![false; ds.regions.len()];
    let mut out = Labels::default();
    for &k in &order {
        let Some(c) = chosen[k] else { continue };
        let m = &meta[k];
        if has_label[m.region] {
            chosen[k] = None;
            continue;
        }
        has_label[m.region] = true;
        let (ox, oy) = m.offsets[c];
        out.placed.push(Placed {
            x: m.x + ox,
            y: m.y + oy,
            label: m.label.clone(),
            is_code: m.is_code,
            region: m.region,
        });
        if m.is_code {
            out.coded += 1;
        } else {
            out.labelled += 1;
        }
    }
    out.unlabelled = items.len() - out.labelled - out.coded;
    out
}

/// Two candidates per region of `items`: the name (bold when emphasised) at
/// seven spots, then the short code at the inner point.
fn candidates(map: &Map<'_, '_>, items: &[&Drawn]) -> (Vec<Candidate>, Vec<Meta>) {
    let mut cands = Vec::new();
    let mut meta = Vec::new();
    for d in items {
        let r = d.region.unwrap_or(0);
        let region = &map.ds.regions[r];
        let (x, y) = d.inner;
        let name = region.name.clone();
        let bold = if map.fill.emphasis.get(r).copied().unwrap_or(false) {
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
        meta.push(Meta {
            region: r,
            label: name,
            x,
            y,
            offsets,
            is_code: false,
        });
        let code = super::short_code(&region.id);
        let wc = labels::text_width(&code, LABEL_SIZE * 0.9, Font::DejaVuSans);
        cands.push(Candidate {
            boxes: vec![Rect::centred(x, y, wc + 2.0, LABEL_SIZE * 0.9)],
        });
        meta.push(Meta {
            region: r,
            label: code,
            x,
            y,
            offsets: vec![(0.0, 0.0)],
            is_code: true,
        });
    }
    (cands, meta)
}

/// What a label must not hide: the ends of the links drawn (a label never
/// hides where a line starts) and the numbered badges of the arrows.
fn obstacles(map: &Map<'_, '_>) -> Vec<Rect> {
    let mut obstacles: Vec<Rect> = (0..map.ds.regions.len())
        .filter(|&r| map.links.touches(r))
        .map(|r| {
            let (x, y) = map.end_of(r);
            Rect {
                x0: x - 1.5,
                y0: y - 1.5,
                x1: x + 1.5,
                y1: y + 1.5,
            }
        })
        .collect();
    obstacles.extend(
        super::links::arrow_badge_centres(map)
            .into_iter()
            .map(|(x, y)| super::links::badge_rect(x, y)),
    );
    obstacles
}

/// Draws the labels placed, on top of everything, with a white halo; names
/// of emphasised regions bold, the others grey when some are emphasised.
pub(super) fn draw(map: &Map<'_, '_>, labels: &Labels, svg: &mut String) {
    if labels.placed.is_empty() {
        return;
    }
    let fill = map.fill;
    let _ = writeln!(
        svg,
        r##"<g class="labels" text-anchor="middle" fill="#111111" stroke="#ffffff" stroke-width="2.2" stroke-linejoin="round" paint-order="stroke">"##
    );
    let any_emphasis = fill.emphasis.iter().any(|&e| e);
    for p in &labels.placed {
        let size = if p.is_code {
            LABEL_SIZE * 0.9
        } else {
            LABEL_SIZE
        };
        let strong = fill.emphasis.get(p.region).copied().unwrap_or(false);
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
            svg,
            p.x,
            p.y + 0.35 * size,
            size,
            if p.is_code { "label code" } else { "label" },
            style,
            &p.label,
        );
    }
    svg.push_str("</g>\n");
}
