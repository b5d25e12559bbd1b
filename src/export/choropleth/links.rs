//! The links and arrows of a choropleth: which links are drawn, the
//! subtitle that counts them, and the curves drawn between the regions.

use std::fmt::Write as _;

use super::super::dot::{count, edge_tooltip, fmt_num};
use super::super::escape::xml_text;
use super::super::labels::Rect;
use super::super::view::NetworkView;
use super::{ARROW_LABEL_SIZE, ChoroplethOptions, Map, css_id, text};

/// One link between two regions, as drawn.
pub(super) struct Link {
    /// One region (its index in the dataset).
    pub(super) a: usize,
    /// The other region.
    pub(super) b: usize,
    /// Its weight.
    pub(super) weight: f64,
    /// Its tooltip.
    pub(super) tooltip: String,
}

/// The links a map draws, strongest first, and what it leaves out.
pub(super) struct Links {
    /// The links drawn, strongest first.
    pub(super) list: Vec<Link>,
    /// Links between regions before the cut to [`ChoroplethOptions::max_links`].
    pub(super) total: usize,
    /// Self-loops of the projection (cooperation inside one region).
    pub(super) loops: usize,
    /// Their summed weight.
    pub(super) loop_weight: f64,
    /// Weight of the strongest link drawn (1 when none is).
    pub(super) max_weight: f64,
    /// Weight of the weakest link drawn (1 when none is).
    pub(super) min_weight: f64,
}

impl Links {
    /// Whether region `r` is an end of a drawn link.
    pub(super) fn touches(&self, r: usize) -> bool {
        self.list.iter().any(|l| l.a == r || l.b == r)
    }
}

/// Picks the links to draw: the edges of `view` between two regions (both
/// flagged in [`ChoroplethOptions::link_regions`] when it is set), the
/// strongest [`ChoroplethOptions::max_links`] of them; self-loops are counted.
pub(super) fn select(view: Option<&NetworkView<'_>>, opts: &ChoroplethOptions) -> Links {
    let mut list: Vec<Link> = Vec::new();
    let (mut loops, mut loop_weight) = (0usize, 0.0f64);
    if let Some(v) = view {
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
            list.push(Link {
                a: edge.source as usize,
                b: edge.target as usize,
                weight: edge.weight,
                tooltip: edge_tooltip(v, e),
            });
        }
    }
    let total = list.len();
    list.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    if let Some(max) = opts.max_links {
        list.truncate(max);
    }
    let max_weight = list.first().map_or(1.0, |l| l.weight);
    let min_weight = list.last().map_or(1.0, |l| l.weight);
    Links {
        list,
        total,
        loops,
        loop_weight,
        max_weight,
        min_weight,
    }
}

/// The subtitle: how many regions are drawn, how many links and which are
/// left out, and the arrows.
pub(super) fn subtitle(
    shaped: usize,
    view: Option<&NetworkView<'_>>,
    links: &Links,
    opts: &ChoroplethOptions,
) -> String {
    let mut subtitle = count(shaped, "region", "regions");
    if view.is_some() && links.total == 0 {
        subtitle.push_str("; no cooperation links between regions");
    } else if view.is_some() {
        if links.list.len() < links.total {
            let _ = write!(
                subtitle,
                "; the {} strongest of {} links between regions (line width: weight)",
                links.list.len(),
                links.total
            );
        } else {
            let _ = write!(
                subtitle,
                "; {} between regions (line width: weight)",
                count(links.total, "link", "links")
            );
        }
        if opts.link_regions.is_some() {
            subtitle = subtitle.replace(" between regions (", " between its regions (");
        }
        if view.is_some_and(|v| v.spec.between_only) {
            subtitle.push_str("; cooperation inside a region is left out");
        } else if links.loops > 0 {
            let _ = write!(
                subtitle,
                "; cooperation inside a region ({}, weight {}) is not drawn",
                count(links.loops, "region", "regions"),
                fmt_num(links.loop_weight)
            );
        }
    }
    if !opts.arrows.is_empty() {
        let _ = write!(
            subtitle,
            "; arrows: {} (supplier to buyer)",
            count(opts.arrows.len(), "value-chain link", "value-chain links")
        );
    }
    subtitle
}

/// Draws the links, weakest first so that the strong ones lie on top, and a
/// dot at each of their ends.
pub(super) fn draw_links(map: &Map<'_, '_>, svg: &mut String) {
    let links = &map.links;
    if links.list.is_empty() {
        return;
    }
    let _ = writeln!(
        svg,
        r##"<g class="links" fill="none" stroke="#1a1a1a" stroke-opacity="0.55" stroke-linecap="round">"##
    );
    for l in links.list.iter().rev() {
        let (p, q) = (map.end_of(l.a), map.end_of(l.b));
        let _ = writeln!(
            svg,
            r#"<path id="link-{}-{}" class="link" stroke-width="{:.2}" d="{}"><title>{}</title></path>"#,
            css_id(&map.ds.regions[l.a].id),
            css_id(&map.ds.regions[l.b].id),
            link_width(l.weight, links.max_weight),
            arc(p, q, 0.12),
            xml_text(&l.tooltip)
        );
    }
    svg.push_str("</g>\n");
    let _ = writeln!(
        svg,
        r##"<g class="link-ends" fill="#1a1a1a" stroke="#ffffff" stroke-width="0.5">"##
    );
    let mut ends: Vec<usize> = links.list.iter().flat_map(|l| [l.a, l.b]).collect();
    ends.sort_unstable();
    ends.dedup();
    for r in ends {
        let (x, y) = map.end_of(r);
        let _ = writeln!(svg, r#"<circle cx="{x:.1}" cy="{y:.1}" r="1.6"/>"#);
    }
    svg.push_str("</g>\n");
}

/// Draws the arrows of [`ChoroplethOptions::arrows`] (dashed, with a head)
/// and their labels at the middle of each curve.
pub(super) fn draw_arrows(map: &Map<'_, '_>, svg: &mut String) {
    let arrows = &map.opts.arrows;
    if arrows.is_empty() {
        return;
    }
    let _ = writeln!(
        svg,
        r##"<defs><marker id="arrow-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10Z" fill="#000000"/></marker></defs>"##
    );
    let _ = writeln!(
        svg,
        r##"<g class="arrows" fill="none" stroke="#000000" stroke-width="1.6" stroke-dasharray="5 2">"##
    );
    for (k, a) in arrows.iter().enumerate() {
        let (p, q) = (map.end_of(a.from), map.end_of(a.to));
        let _ = writeln!(
            svg,
            r#"<path class="arrow" marker-end="url(#arrow-head)" d="{}"><title>{}</title></path>"#,
            arc(p, q, 0.2),
            xml_text(&format!("Arrow {} ({}): {}", k + 1, a.label, a.tooltip))
        );
    }
    svg.push_str("</g>\n");
    svg.push_str("<g class=\"arrow-badges\">\n");
    for (k, (x, y)) in arrow_badge_centres(map).into_iter().enumerate() {
        draw_badge(x, y, k + 1, svg);
    }
    svg.push_str("</g>\n");
}

/// Radius of an arrow's numbered badge.
pub(super) const BADGE_R: f64 = 5.5;

/// Draws the numbered badge of arrow `n` centred on `(x, y)`: a white disc
/// with a black ring and the number, on the map and in the legend's key.
pub(super) fn draw_badge(x: f64, y: f64, n: usize, svg: &mut String) {
    let _ = writeln!(
        svg,
        r##"<circle class="arrow-badge" cx="{x:.1}" cy="{y:.1}" r="{BADGE_R}" fill="#ffffff" stroke="#000000" stroke-width="1"/>"##
    );
    text(
        svg,
        x,
        y + 0.35 * ARROW_LABEL_SIZE,
        ARROW_LABEL_SIZE,
        "arrow-number",
        r#" text-anchor="middle" font-weight="bold""#,
        &n.to_string(),
    );
}

/// Link width in units: 0.5 to 4.5, growing with the square root of the weight.
pub(super) fn link_width(w: f64, max: f64) -> f64 {
    0.5 + 4.0 * (w / max.max(f64::MIN_POSITIVE)).max(0.0).sqrt()
}

/// A quadratic curve from `p` to `q` bowed to the left by `bow` of its length.
pub(super) fn arc(p: (f64, f64), q: (f64, f64), bow: f64) -> String {
    let (mx, my) = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (cx, cy) = (mx - dy * bow, my + dx * bow);
    format!(
        "M{:.1} {:.1}Q{cx:.1} {cy:.1} {:.1} {:.1}",
        p.0, p.1, q.0, q.1
    )
}

/// Where each arrow's numbered badge sits: on its curve, at the middle
/// unless an earlier badge or a link's end is there, then at the first of
/// 35, 65, 25 and 75 % along the curve that is free, then beside the middle
/// (above, below, left, right, up to three badges away; still the middle
/// when none is free), so the arrows of a few neighbouring regions keep
/// their numbers apart.
pub(super) fn arrow_badge_centres(map: &Map<'_, '_>) -> Vec<(f64, f64)> {
    let mut placed: Vec<Rect> = (0..map.ds.regions.len())
        .filter(|&r| {
            map.links.touches(r) || map.opts.arrows.iter().any(|a| a.from == r || a.to == r)
        })
        .map(|r| {
            let (x, y) = map.end_of(r);
            Rect::centred(x, y, 3.0, 3.0)
        })
        .collect();
    let mut out = Vec::with_capacity(map.opts.arrows.len());
    for a in &map.opts.arrows {
        let (p, q) = (map.end_of(a.from), map.end_of(a.to));
        let mut candidates: Vec<(f64, f64)> = [0.5, 0.35, 0.65, 0.25, 0.75]
            .iter()
            .map(|&t| arc_point(p, q, 0.2, t))
            .collect();
        let (mx, my) = candidates[0];
        let step = 2.0 * BADGE_R + 1.5;
        for k in 1..=3 {
            let d = step * f64::from(k);
            candidates.extend([(mx, my - d), (mx, my + d), (mx - d, my), (mx + d, my)]);
        }
        let chosen = candidates
            .iter()
            .find(|&&(x, y)| !placed.iter().any(|r| r.overlaps(&badge_rect(x, y), 0.0)))
            .unwrap_or(&candidates[0]);
        placed.push(badge_rect(chosen.0, chosen.1));
        out.push(*chosen);
    }
    out
}

/// The box of a badge centred on `(x, y)`, with a unit of room round it.
pub(super) fn badge_rect(x: f64, y: f64) -> Rect {
    let side = 2.0 * BADGE_R + 1.0;
    Rect::centred(x, y, side, side)
}

/// The point at `t` in `[0, 1]` along the curve [`arc`] draws.
pub(super) fn arc_point(p: (f64, f64), q: (f64, f64), bow: f64, t: f64) -> (f64, f64) {
    let (mx, my) = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (cx, cy) = (mx - dy * bow, my + dx * bow);
    let (a, b, c) = ((1.0 - t) * (1.0 - t), 2.0 * (1.0 - t) * t, t * t);
    (a * p.0 + b * cx + c * q.0, a * p.1 + b * cy + c * q.1)
}
