//! Cooperation maps as Graphviz DOT, built with graphviz-rust.
//!
//! [`super::to_dot`] turns a [`NetworkView`] into a DOT graph with the helpers here:
//!
//! - **node ids are internal** (`n0`, `n1`, ... in view order); every name,
//!   label, tooltip and title goes through [`dot_string`], and the
//!   legend's text through [`html_text`];
//! - **nodes** are filled by district, sector or community ([`ColorBy`]) from
//!   the node palette, and sized by strength (weighted degree); tooltips
//!   always name them (name and id, region, district, cluster, sector,
//!   figures, community, groups);
//! - **labels** never overlap: in the geographic layout coopnet places them
//!   itself ([`super::labels::place`], Helvetica metrics) beside their node,
//!   as pinned text nodes (`l0`, `l1`, ...), and leaves out those that find
//!   no free place (their names stay in the tooltips; the legend counts
//!   them); in `sfdp` the names are inside the nodes and `overlap=prism`
//!   moves the nodes apart; labels are left out altogether above
//!   [`MapOptions::node_label_limit`] nodes;
//! - **edges** are coloured by their main sector (the one carrying most of
//!   their weight), each sector in its fixed colour ([`palette::sector_color`],
//!   a palette of its own, apart from the node fills); the
//!   [`EDGE_SECTORS`] sectors on most edges are coloured and the rest grey,
//!   and a sector whose colour an earlier one already took is grey too, so
//!   that no colour means two things; their width grows with the square root
//!   of the weight, from 0.6 to 5 points; weights are written on them in the
//!   `sfdp` and `dot` layouts while there are at most
//!   [`MapOptions::edge_label_limit`] edges; cooperation inside a node (a
//!   self-loop of the projection) is not drawn, and the title counts it;
//! - **groups** ([`MapGroup`], e.g. suggested national clusters): with the
//!   `dot` layout the map becomes a *suggestion diagram*
//!   ([`super::diagram`]): a compact grid of cards, one per group, with its
//!   members, the sectors they bring and its explanation, in full names; in
//!   the other layouts members get an outline in their first group's colour;
//! - **the legend** is the graph's label: an HTML-like table under the map
//!   with the node colours (every category listed, or the number a grey entry
//!   groups), edge colours, groups and notes;
//! - **the title** is the dataset's title ([`super::describe::dataset_title`])
//!   with the projection and the counts of what is drawn and what is not;
//! - **the layout** ([`Layout`]) is written into the graph (`layout=...`), so
//!   `dot -Tsvg map.dot` draws it as intended; [`DotMap::engine`] says which
//!   Graphviz program and flags [`super::render`] uses (`neato -n2` for the
//!   geographic layout, whose `pos="x,y!"` are in points with `inputscale=72`).
//!
//! ```
//! use coopnet::export::{MapOptions, NetworkView, to_dot};
//! use coopnet::graph::{Projection, ProjectionSpec};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let view = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).unwrap();
//! let map = to_dot(&view, &MapOptions::default()).unwrap();
//! assert!(map.dot.contains("n0[label=\"Moscow\""));
//! assert!(map.dot.contains("Sakha Republic (Yakutia)"));
//! ```

use std::fmt::Write as _;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use rayon::prelude::*;

use super::describe::{dataset_title, provenance_note};
use super::escape::{dot_string, html_text, shorten};
use super::labels::{self, Candidate, Font, Rect};
use super::layout::{GeoOptions, geo_layout};
use super::palette::{self, OTHER};
use super::view::{MapGroup, NetworkView, NodeKind, RegionFigures};
use crate::error::{Error, Result};

/// Default most nodes a map labels (above it, only tooltips name them).
pub const DEFAULT_NODE_LABEL_LIMIT: usize = 120;
/// Default most edges a map writes weights on.
pub const DEFAULT_EDGE_LABEL_LIMIT: usize = 60;
/// Default most nodes for which [`Layout::Auto`] picks `dot` when groups are drawn.
pub const DEFAULT_DOT_LAYOUT_LIMIT: usize = 300;
/// Longest visible label, in characters (tooltips keep the whole name).
pub const LABEL_CHARS: usize = 32;
/// Most sectors that colour edges (or nodes, by sector) on one map; the
/// others are grey: more than a dozen colours cannot be told apart.
pub const EDGE_SECTORS: usize = 12;
/// Font size of a map's legend (Graphviz's default graph font size).
pub const LEGEND_SIZE: f64 = 14.0;
/// Narrowest a legend's title and notes are wrapped to, in points.
const MIN_LEGEND_WIDTH: f64 = 480.0;
/// Most categories (districts, communities) a node legend colours.
pub const NODE_CATEGORIES: usize = palette::PALETTE.len();

/// What fills the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorBy {
    /// The district of the node's region.
    #[default]
    District,
    /// The node's sector at the layer level (a region's: where it cooperates most).
    Sector,
    /// The community attached to the view ([`NetworkView::with_communities`]).
    Community,
}

impl ColorBy {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ColorBy::District => "district",
            ColorBy::Sector => "sector",
            ColorBy::Community => "community",
        }
    }
}

/// How the map is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `dot` for a small map with groups (a suggestion diagram), `sfdp` otherwise.
    #[default]
    Auto,
    /// Regions pinned at their capitals (see [`super::layout`]); `neato -n2`.
    Geo,
    /// Force-directed `sfdp` with `overlap=prism` and straight edges: large graphs.
    Sfdp,
    /// `dot`: with groups, a suggestion diagram (a grid of cards, one per group).
    Dot,
}

impl Layout {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Auto => "auto",
            Layout::Geo => "geo",
            Layout::Sfdp => "sfdp",
            Layout::Dot => "dot",
        }
    }
}

/// The Graphviz program (and flags) that draws a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `dot`.
    Dot,
    /// `sfdp`.
    Sfdp,
    /// `neato -n2`: keep the given positions, route the edges.
    NeatoPinned,
}

impl Engine {
    /// The program's name.
    pub fn program(self) -> &'static str {
        match self {
            Engine::Dot => "dot",
            Engine::Sfdp => "sfdp",
            Engine::NeatoPinned => "neato",
        }
    }

    /// Flags before the output format.
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Engine::NeatoPinned => &["-n2"],
            _ => &[],
        }
    }

    /// The command line that renders `dot_file` to `out` in `format`, for messages.
    pub fn command_line(self, format: &str, dot_file: &str, out: &str) -> String {
        let mut s = self.program().to_string();
        for f in self.flags() {
            s.push(' ');
            s.push_str(f);
        }
        format!("{s} -T{format} {dot_file} -o {out}")
    }
}

/// Options of [`to_dot`].
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    /// What fills the nodes.
    pub color_by: ColorBy,
    /// The layout.
    pub layout: Layout,
    /// The geographic layout's projection and size.
    pub geo: GeoOptions,
    /// A title for the legend; default: the dataset's title, the projection
    /// and the counts of what is drawn.
    pub title: Option<String>,
    /// Most nodes to label (default [`DEFAULT_NODE_LABEL_LIMIT`]).
    pub node_label_limit: usize,
    /// Most edges to write weights on (default [`DEFAULT_EDGE_LABEL_LIMIT`]).
    pub edge_label_limit: usize,
    /// Most nodes for which [`Layout::Auto`] picks `dot` with groups (default
    /// [`DEFAULT_DOT_LAYOUT_LIMIT`]).
    pub dot_layout_limit: usize,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            color_by: ColorBy::District,
            layout: Layout::Auto,
            geo: GeoOptions::default(),
            title: None,
            node_label_limit: DEFAULT_NODE_LABEL_LIMIT,
            edge_label_limit: DEFAULT_EDGE_LABEL_LIMIT,
            dot_layout_limit: DEFAULT_DOT_LAYOUT_LIMIT,
        }
    }
}

/// A map written as DOT.
#[derive(Debug, Clone, PartialEq)]
pub struct DotMap {
    /// The DOT text.
    pub dot: String,
    /// The layout used ([`Layout::Auto`] resolved).
    pub layout: Layout,
    /// The Graphviz program that draws it.
    pub engine: Engine,
    /// Nodes drawn.
    pub nodes: usize,
    /// Edges drawn (self-loops are not).
    pub edges: usize,
    /// Text nodes carrying placed labels (geographic layout), beside `nodes`.
    pub label_nodes: usize,
    /// Things the user should know: labels left out, nodes without coordinates,
    /// nodes in several groups. The CLI prints them.
    pub warnings: Vec<String>,
}

/// Formats a number compactly: integers without a decimal point, others
/// with up to three decimals.
pub fn fmt_num(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn text(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), Id::Escaped(dot_string(value)))
}

fn num(name: &str, value: f64) -> Attribute {
    Attribute(Id::Plain(name.to_string()), Id::Plain(fmt_coord(value)))
}

fn plain(name: &str, value: &str) -> Attribute {
    // Only for fixed keywords written by this module (never user text).
    Attribute(Id::Plain(name.to_string()), Id::Plain(value.to_string()))
}

fn fmt_coord(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn node_id(i: usize) -> NodeId {
    NodeId(Id::Plain(format!("n{i}")), None)
}

/// One entry of a legend: a colour and what it stands for (with its counts).
pub(crate) struct Category {
    pub(crate) label: String,
    pub(crate) color: &'static str,
}

/// Node colours: the colour of each node and the legend entries.
pub(crate) struct Coloring {
    pub(crate) title: String,
    pub(crate) of_node: Vec<&'static str>,
    pub(crate) legend: Vec<Category>,
}

/// `n` with its noun, singular for one.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Colours categories `keys` (one per node) in the order `order` ranks them:
/// the first [`NODE_CATEGORIES`] take the node palette, the rest share
/// [`OTHER`] under one legend entry that says how many it groups. With
/// `singles`, categories of one node share a lighter grey of their own
/// (communities of one: nodes that cooperate mostly inside).
fn rank_colors<K: Ord + Copy>(
    keys: &[K],
    order: impl Fn(&K, usize) -> (i64, K),
    label: impl Fn(K) -> String,
    (kind, singles): (&str, Option<&str>),
) -> (Vec<&'static str>, Vec<Category>) {
    let mut counts: std::collections::BTreeMap<K, usize> = std::collections::BTreeMap::new();
    for k in keys {
        *counts.entry(*k).or_default() += 1;
    }
    let mut ranked: Vec<(K, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|(k, c)| order(k, *c));
    let mut color_of = std::collections::BTreeMap::new();
    let mut legend = Vec::new();
    let mut other = (0usize, 0usize);
    let mut single = 0usize;
    let mut next = 0usize;
    for (k, n) in &ranked {
        if singles.is_some() && *n == 1 {
            color_of.insert(*k, palette::SINGLE);
            single += 1;
            continue;
        }
        let color = palette::color(next, NODE_CATEGORIES);
        next += 1;
        color_of.insert(*k, color);
        if color == OTHER {
            other.0 += 1;
            other.1 += n;
        } else {
            legend.push(Category {
                label: format!("{} ({n})", label(*k)),
                color,
            });
        }
    }
    if other.0 > 0 {
        legend.push(Category {
            label: format!("{} more {kind} ({} nodes)", other.0, other.1),
            color: OTHER,
        });
    }
    if let (Some(what), true) = (singles, single > 0) {
        legend.push(Category {
            label: format!("{} {what}", count(single, "node", "nodes")),
            color: palette::SINGLE,
        });
    }
    let of_node = keys
        .iter()
        .map(|k| color_of.get(k).copied().unwrap_or(palette::NONE))
        .collect();
    (of_node, legend)
}

/// The fixed colour of each sector of the view ([`palette::sector_color`]).
pub(crate) fn sector_colors(view: &NetworkView<'_>) -> Vec<&'static str> {
    view.sectors
        .iter()
        .map(|s| palette::sector_color(&s.code))
        .collect()
}

/// The colour each sector of the view is drawn in on this map: the
/// [`EDGE_SECTORS`] sectors with most `uses` keep their fixed colour, unless
/// a sector ranked higher already holds it; the others are [`OTHER`].
fn shown_sector_colors(view: &NetworkView<'_>, uses: &[usize]) -> Vec<&'static str> {
    let fixed = sector_colors(view);
    let mut order: Vec<usize> = (0..uses.len()).filter(|&s| uses[s] > 0).collect();
    order.sort_by(|&a, &b| uses[b].cmp(&uses[a]).then(a.cmp(&b)));
    let mut shown = vec![OTHER; uses.len()];
    let mut taken: Vec<&str> = Vec::new();
    for s in order {
        if taken.len() < EDGE_SECTORS && !taken.contains(&fixed[s]) {
            taken.push(fixed[s]);
            shown[s] = fixed[s];
        }
    }
    shown
}

/// How many drawn edges (and, with `nodes`, nodes) each sector colours.
fn sector_uses(view: &NetworkView<'_>, nodes: bool) -> (Vec<usize>, Vec<usize>) {
    let mut on_edges = vec![0usize; view.sectors.len()];
    for e in view.edges.iter().filter(|e| !e.is_loop()) {
        if let Some(s) = e.main_sector() {
            on_edges[s as usize] += 1;
        }
    }
    let mut on_nodes = vec![0usize; view.sectors.len()];
    if nodes {
        for s in view.nodes.iter().filter_map(|v| v.sector_index) {
            on_nodes[s as usize] += 1;
        }
    }
    (on_nodes, on_edges)
}

/// The sector colours of this map and their legend: sectors on drawn edges
/// (and, with `nodes`, on nodes), by code and full name.
fn sector_legend(view: &NetworkView<'_>, nodes: bool) -> (Vec<&'static str>, Vec<Category>) {
    let (on_nodes, on_edges) = sector_uses(view, nodes);
    let uses: Vec<usize> = on_nodes.iter().zip(&on_edges).map(|(a, b)| a + b).collect();
    let colors = shown_sector_colors(view, &uses);
    let counts = |n: usize, e: usize| match (nodes, n, e) {
        (false, _, e) => count(e, "edge", "edges"),
        (true, n, 0) => count(n, "node", "nodes"),
        (true, 0, e) => count(e, "edge", "edges"),
        (true, n, e) => format!(
            "{}, {}",
            count(n, "node", "nodes"),
            count(e, "edge", "edges")
        ),
    };
    let mut order: Vec<usize> = (0..uses.len()).filter(|&s| uses[s] > 0).collect();
    order.sort_by(|&a, &b| uses[b].cmp(&uses[a]).then(a.cmp(&b)));
    let mut legend = Vec::new();
    let mut other = (0usize, 0usize, 0usize);
    for s in order {
        let (n, e) = (on_nodes[s], on_edges[s]);
        if colors[s] == OTHER {
            other = (other.0 + 1, other.1 + n, other.2 + e);
        } else {
            let sector = &view.sectors[s];
            legend.push(Category {
                label: format!("{} {} ({})", sector.code, sector.name, counts(n, e)),
                color: colors[s],
            });
        }
    }
    if other.0 > 0 {
        legend.push(Category {
            label: format!(
                "{} ({})",
                count(other.0, "other sector", "other sectors"),
                counts(other.1, other.2)
            ),
            color: OTHER,
        });
    }
    (colors, legend)
}

pub(crate) fn node_coloring(view: &NetworkView<'_>, by: ColorBy) -> Result<Coloring> {
    let ds = view.dataset();
    let n = view.nodes.len() as u32;
    match by {
        ColorBy::District => {
            let keys: Vec<u32> = (0..n).map(|i| view.district(i).0).collect();
            let (of_node, legend) = rank_colors(
                &keys,
                |k, _| (*k as i64, *k),
                |k| {
                    let d = &ds.districts[k as usize];
                    if d.name == d.id {
                        d.name.clone()
                    } else {
                        format!("{} ({})", d.name, d.id)
                    }
                },
                ("districts", None),
            );
            Ok(Coloring {
                title: "Nodes: district".into(),
                of_node,
                legend,
            })
        }
        ColorBy::Sector => {
            let (colors, legend) = sector_legend(view, true);
            let of_node = view
                .nodes
                .iter()
                .map(|v| v.sector_index.map_or(palette::NONE, |s| colors[s as usize]))
                .collect();
            Ok(Coloring {
                title: "Nodes and edges: sector".into(),
                of_node,
                legend,
            })
        }
        ColorBy::Community => {
            let Some(c) = view.communities() else {
                return Err(Error::parameter(
                    "--color-by",
                    "community needs a community result; none was given",
                ));
            };
            // a community by its name and its two members with most cooperation
            let mut members: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
            for (i, &m) in c.membership.iter().enumerate() {
                members.entry(m).or_default().push(i as u32);
            }
            let strength = |i: u32| {
                let v = &view.nodes[i as usize];
                v.strength - 2.0 * v.internal
            };
            let describe = |k: u32| {
                let mut m = members.get(&k).cloned().unwrap_or_default();
                m.sort_by(|&a, &b| strength(b).total_cmp(&strength(a)).then(a.cmp(&b)));
                let names: Vec<&str> = m
                    .iter()
                    .take(2)
                    .map(|&i| view.nodes[i as usize].name.as_str())
                    .collect();
                let more = if m.len() > 2 {
                    format!(" and {} more", m.len() - 2)
                } else {
                    String::new()
                };
                format!("{}: {}{more}", c.label(k), names.join(", "))
            };
            let (of_node, legend) = rank_colors(
                &c.membership,
                |k, count| (-(count as i64), *k),
                describe,
                ("communities", Some("each a community of its own")),
            );
            Ok(Coloring {
                title: "Nodes: community".into(),
                of_node,
                legend,
            })
        }
    }
}

/// The outline colour of group `g`: the sector palette from its end, so that
/// outlines differ from the node fills.
pub(crate) fn group_color(g: usize) -> &'static str {
    palette::SECTOR_PALETTE[palette::SECTOR_PALETTE.len() - 1 - (g % palette::SECTOR_PALETTE.len())]
}

/// The tooltip of node `i`.
fn node_tooltip(view: &NetworkView<'_>, figures: &[RegionFigures], i: u32) -> String {
    let ds = view.dataset();
    let node = &view.nodes[i as usize];
    let region = ds.region(node.region);
    let district = &ds.district(region.district).name;
    let mut t = format!("{} ({})", node.name, node.id);
    let sector_line = |code: &str| format!("\nSector: {code} {}", ds.sectors.name_of(code));
    match node.kind {
        NodeKind::Region => {
            let _ = write!(t, "\nDistrict: {district}");
            let f = figures[node.region.index()];
            let _ = write!(
                t,
                "\nClusters: {}, organisations: {}",
                f.clusters, f.participants
            );
            if let Some(e) = f.employees {
                let _ = write!(t, ", employees: {e}");
            }
            if let Some(code) = &node.sector {
                let _ = write!(
                    t,
                    "\nMain cooperation sector: {code} {}",
                    ds.sectors.name_of(code)
                );
            }
        }
        NodeKind::Cluster => {
            let c = &ds.clusters[node.record as usize];
            let _ = write!(t, "\nRegion: {} · district: {district}", region.name);
            if c.regions.len() > 1 {
                let others: Vec<&str> = c.regions[1..]
                    .iter()
                    .map(|&r| ds.region(r).name.as_str())
                    .collect();
                let _ = write!(t, "\nAlso in: {}", others.join(", "));
            }
            t.push_str(&sector_line(ds.sectors.code(c.sector)));
            let _ = write!(t, "\nLevel: {}", c.level.name());
            if let Some(y) = c.founded {
                let _ = write!(t, ", founded {y}");
            }
            if let Some(p) = c.participants {
                let _ = write!(t, ", {p} participants");
            }
            if let Some(e) = c.employees {
                let _ = write!(t, ", {e} employees");
            }
        }
        NodeKind::Participant => {
            let p = &ds.participants[node.record as usize];
            let _ = write!(t, "\nKind: {}", ds.participant_kind(p));
            let _ = write!(t, "\nRegion: {} · district: {district}", region.name);
            if !p.clusters.is_empty() {
                let names: Vec<&str> = p
                    .clusters
                    .iter()
                    .map(|&c| ds.cluster(c).name.as_str())
                    .collect();
                let _ = write!(t, "\nCluster: {}", names.join(", "));
            }
            t.push_str(&sector_line(ds.sectors.code(p.sector)));
            if let Some(e) = p.employees {
                let _ = write!(t, "\nEmployees: {e}");
            }
        }
    }
    let external = node.strength - 2.0 * node.internal;
    let _ = write!(t, "\nCooperation: {} with others", fmt_num(external));
    if node.internal > 0.0 {
        let _ = write!(t, ", {} within", fmt_num(node.internal));
    }
    if let Some(c) = view.communities() {
        let m = c.membership[i as usize];
        let _ = write!(t, "\nCommunity: {}", c.label(m));
    }
    for &g in view.groups_of(i) {
        let group = &view.groups()[g as usize];
        let _ = write!(
            t,
            "\nGroup {}: {} ({}, score {})",
            group.id,
            group.label,
            group.kind,
            fmt_num(group.score)
        );
    }
    t
}

/// The tooltip of edge `e`: its ends, weight, and weight by sector (the first eight).
pub(crate) fn edge_tooltip(view: &NetworkView<'_>, e: usize) -> String {
    let edge = &view.edges[e];
    let (a, b) = (
        &view.nodes[edge.source as usize],
        &view.nodes[edge.target as usize],
    );
    let mut t = format!("{} — {}: {}", a.name, b.name, fmt_num(edge.weight));
    for &(s, w) in edge.sectors.iter().take(8) {
        let sector = &view.sectors[s as usize];
        let _ = write!(t, "\n{} {}: {}", sector.code, sector.name, fmt_num(w));
    }
    if edge.sectors.len() > 8 {
        let _ = write!(t, "\n... and {} more sectors", edge.sectors.len() - 8);
    }
    t
}

/// Breaks `text` into lines of at most `width` points at `size` (Helvetica),
/// each escaped for an HTML-like label.
pub(crate) fn html_lines(text: &str, width: f64, size: f64) -> Vec<String> {
    labels::wrap(text, width, size, Font::Helvetica, 1.0)
        .iter()
        .map(|l| html_text(l))
        .collect()
}

/// The legend: a grid whose columns are the sections (node colours, edge
/// colours, groups), each a swatch and a text cell, with a title row above
/// and notes below. The title and notes are wrapped to the grid's estimated
/// width (at least `min_width` points): a row spanning the grid that is
/// wider than it would make Graphviz widen every column, swatches included.
pub(crate) fn legend(
    title: &str,
    sections: &[(&str, &[Category])],
    notes: &[String],
    size: f64,
    min_width: f64,
) -> String {
    let sections: Vec<&(&str, &[Category])> =
        sections.iter().filter(|(_, e)| !e.is_empty()).collect();
    let span = (2 * sections.len()).max(1);
    // each section: 14-point swatch, its widest text, cell padding
    let grid: f64 = sections
        .iter()
        .map(|(t, entries)| {
            let widest = entries
                .iter()
                .map(|c| labels::text_width(&shorten(&c.label, 96), size, Font::Helvetica))
                .fold(labels::text_width(t, size, Font::Helvetica), f64::max);
            14.0 + widest + 8.0
        })
        .sum();
    let width = grid.max(min_width);
    let mut s =
        String::from("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">");
    let _ = write!(
        s,
        "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\" BALIGN=\"LEFT\"><B>{}</B></TD></TR><TR>",
        html_lines(title, width / labels::BOLD, size).join("<BR ALIGN=\"LEFT\"/>")
    );
    // each heading in its section's text column, so that a heading wider
    // than its entries widens only that column, never the swatches'
    for (t, _) in &sections {
        let _ = write!(
            s,
            "<TD WIDTH=\"14\" FIXEDSIZE=\"TRUE\"></TD><TD ALIGN=\"LEFT\">{}</TD>",
            if t.is_empty() {
                String::new()
            } else {
                format!("<I>{}</I>", html_text(t))
            }
        );
    }
    if sections.is_empty() {
        s.push_str("<TD></TD>");
    }
    s.push_str("</TR>");
    let rows = sections.iter().map(|(_, e)| e.len()).max().unwrap_or(0);
    for r in 0..rows {
        s.push_str("<TR>");
        for (_, entries) in &sections {
            match entries.get(r) {
                Some(c) => {
                    let _ = write!(
                        s,
                        "<TD BGCOLOR=\"{}\" WIDTH=\"14\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\" \
                         BORDER=\"1\" COLOR=\"#8c8c8c\"></TD><TD ALIGN=\"LEFT\">{}</TD>",
                        c.color,
                        html_text(&shorten(&c.label, 96))
                    );
                }
                None => s.push_str("<TD></TD><TD></TD>"),
            }
        }
        s.push_str("</TR>");
    }
    let note_size = (size - 1.0).max(8.0);
    for note in notes {
        let _ = write!(
            s,
            "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"{note_size}\">{}</FONT></TD></TR>",
            html_lines(note, width, note_size).join("<BR ALIGN=\"LEFT\"/>")
        );
    }
    s.push_str("</TABLE>>");
    s
}

/// Where the geographic layout's labels go: for each node, the centre of
/// its label in points (y up, as `pos`), or `None` when it found no place.
///
/// Each label tries eight places around its node (right, left, above,
/// below, then the diagonals), nodes with most cooperation first; a place
/// is taken when its box overlaps no node, no label already placed and
/// stays near the map ([`labels::place`]).
fn place_geo_labels(
    names: &[String],
    positions: &[(f64, f64)],
    radii: &[f64],
    strength: &[f64],
    size: f64,
) -> Vec<Option<(f64, f64)>> {
    let n = names.len();
    // labels work in a y-down frame: flip y
    let (mut x0, mut y0, mut x1, mut y1) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    for (&(x, y), r) in positions.iter().zip(radii) {
        x0 = x0.min(x - r);
        x1 = x1.max(x + r);
        y0 = y0.min(-y - r);
        y1 = y1.max(-y + r);
    }
    let frame = Rect {
        x0: x0 - 160.0,
        y0: y0 - 40.0,
        x1: x1 + 160.0,
        y1: y1 + 40.0,
    };
    let obstacles: Vec<Rect> = positions
        .iter()
        .zip(radii)
        .map(|(&(x, y), &r)| Rect {
            x0: x - r,
            x1: x + r,
            y0: -y - r,
            y1: -y + r,
        })
        .collect();
    let mut centres: Vec<Vec<(f64, f64)>> = Vec::with_capacity(n);
    let candidates: Vec<Candidate> = (0..n)
        .map(|i| {
            let w = labels::text_width(&names[i], size, Font::Helvetica) + 2.0;
            let h = size * 1.2;
            let (x, y) = (positions[i].0, -positions[i].1);
            let r = radii[i] + 1.5;
            let (dx, dy) = (r + w / 2.0, r + h / 2.0);
            let d = std::f64::consts::FRAC_1_SQRT_2;
            let places = vec![
                (x + dx, y),
                (x - dx, y),
                (x, y - dy),
                (x, y + dy),
                (x + r * d + w / 2.0, y - r * d - h / 2.0),
                (x - r * d - w / 2.0, y - r * d - h / 2.0),
                (x + r * d + w / 2.0, y + r * d + h / 2.0),
                (x - r * d - w / 2.0, y + r * d + h / 2.0),
            ];
            let boxes = places
                .iter()
                .map(|&(cx, cy)| Rect::centred(cx, cy, w, size))
                .collect();
            centres.push(places);
            Candidate { boxes }
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| strength[b].total_cmp(&strength[a]).then(a.cmp(&b)));
    labels::place(&candidates, &order, &obstacles, &frame)
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.map(|k| (centres[i][k].0, -centres[i][k].1)))
        .collect()
}

/// Resolves [`Layout::Auto`] and picks the Graphviz program.
pub(crate) fn resolve_layout(view: &NetworkView<'_>, opts: &MapOptions) -> (Layout, Engine) {
    let layout = match opts.layout {
        Layout::Auto if !view.groups().is_empty() && view.nodes.len() <= opts.dot_layout_limit => {
            Layout::Dot
        }
        Layout::Auto => Layout::Sfdp,
        other => other,
    };
    let engine = match layout {
        Layout::Geo => Engine::NeatoPinned,
        Layout::Dot => Engine::Dot,
        Layout::Sfdp | Layout::Auto => Engine::Sfdp,
    };
    (layout, engine)
}

/// The default title: the dataset's title, the projection, and what is
/// drawn and what is not (cooperation inside a node).
fn default_title(view: &NetworkView<'_>, drawn_edges: usize) -> String {
    let loops: Vec<&super::view::ViewEdge> = view.edges.iter().filter(|e| e.is_loop()).collect();
    let kind = view.projection().name();
    let mut t = format!(
        "{}: {} ({} nodes, {} between them",
        dataset_title(view.dataset()),
        kind,
        view.nodes.len(),
        count(drawn_edges, "link", "links")
    );
    if view.spec.between_only {
        t.push_str("; cooperation inside a node left out)");
    } else if loops.is_empty() {
        t.push(')');
    } else {
        let w: f64 = loops.iter().map(|e| e.weight).sum();
        let _ = write!(
            t,
            "; cooperation inside {} of weight {} not drawn, {} in all)",
            count(loops.len(), "node", "nodes"),
            fmt_num(w),
            count(view.edges.len(), "edge", "edges")
        );
    }
    t
}

/// Notes every map shares: links left out of the projection, synthetic data.
fn common_notes(view: &NetworkView<'_>) -> Vec<String> {
    let mut notes = Vec::new();
    if view.dropped_links > 0 {
        notes.push(if view.dropped_links == 1 {
            "1 cooperation link is not in this projection.".to_string()
        } else {
            format!(
                "{} cooperation links are not in this projection.",
                view.dropped_links
            )
        });
    }
    if let Some(p) = provenance_note(view.dataset()) {
        notes.push(p);
    }
    notes
}

/// Graph attributes of a map in `layout`.
fn graph_attributes(layout: Layout, engine: Engine, title: &str) -> Vec<Attribute> {
    let mut attrs = vec![
        text("layout", engine.program()),
        text("fontname", "Helvetica"),
        text("tooltip", title),
        plain("labelloc", "b"),
        plain("labeljust", "l"),
        plain("outputorder", "edgesfirst"),
        plain("pad", "0.3"),
    ];
    match layout {
        Layout::Geo => attrs.extend([
            plain("inputscale", "72"),
            plain("overlap", "true"),
            plain("splines", "false"),
        ]),
        Layout::Sfdp | Layout::Auto => {
            attrs.extend([plain("overlap", "prism"), plain("splines", "false")])
        }
        Layout::Dot => attrs.extend([
            plain("rankdir", "LR"),
            plain("newrank", "true"),
            plain("nodesep", "0.25"),
            plain("ranksep", "0.5"),
        ]),
    }
    attrs
}

/// Prints the head statements as a graph without its closing brace, then
/// the bulk statements, then the brace.
pub(crate) fn assemble(engine: Engine, head: Vec<Stmt>, bulk: &[String]) -> String {
    let head = Graph::Graph {
        id: Id::Plain("coopnet".into()),
        strict: false,
        stmts: head,
    };
    let head = head.print(&mut PrinterContext::default());
    let head = head.strip_suffix('}').unwrap_or(&head);
    let mut dot =
        String::with_capacity(head.len() + bulk.iter().map(String::len).sum::<usize>() + 128);
    dot.push_str("// coopnet cooperation map. Render with: ");
    dot.push_str(&engine.command_line("svg", "map.dot", "map.svg"));
    dot.push('\n');
    dot.push_str(head);
    for b in bulk {
        dot.push_str(b);
    }
    dot.push_str("}\n");
    dot
}

/// The node drawing of [`map_dot`]: shape and label settings.
struct NodeStyle {
    shape: &'static str,
    label_nodes: bool,
    font: f64,
}

/// What a map tells its reader: warnings for the CLI to print, notes for
/// the legend.
#[derive(Default)]
struct Told {
    warnings: Vec<String>,
    notes: Vec<String>,
}

/// Everything the statements of [`map_dot`] are built from.
struct DotDraw<'a, 'v> {
    view: &'a NetworkView<'v>,
    coloring: Coloring,
    /// Colour of each sector on the edges.
    edge_color: Vec<&'static str>,
    /// The edges drawn (every one but the self-loops).
    drawn: Vec<usize>,
    /// Pinned positions (geographic layout).
    positions: Option<Vec<(f64, f64)>>,
    style: NodeStyle,
    /// Weights written on the edges.
    label_edges: bool,
    /// Figures of the regions, for the tooltips (region projection only).
    figures: Vec<RegionFigures>,
    /// Largest strength outside a node, for the node sizes.
    max_strength: f64,
    /// Where each node's label was placed (geographic layout).
    placed: Vec<Option<(f64, f64)>>,
    /// Alpha of the edges' colour: the more edges, the more transparent.
    edge_alpha: &'static str,
    /// Largest weight of an edge drawn, for the edge widths.
    max_weight: f64,
}

/// A map of nodes and edges (every layout but the suggestion diagram).
pub(crate) fn map_dot(
    view: &NetworkView<'_>,
    opts: &MapOptions,
    layout: Layout,
    engine: Engine,
) -> Result<DotMap> {
    let n = view.nodes.len();
    let mut told = Told::default();
    let coloring = node_coloring(view, opts.color_by)?;
    let (edge_color, edge_legend) = edge_colors(view, opts.color_by);
    let drawn: Vec<usize> = (0..view.edges.len())
        .filter(|&e| !view.edges[e].is_loop())
        .collect();
    let positions = pinned_positions(view, opts, layout, &mut told)?;
    let (label_nodes, label_edges) = label_limits(view, opts, layout, drawn.len(), &mut told);
    warn_multiple_groups(view, &mut told);
    let style = NodeStyle {
        shape: match (layout, label_nodes) {
            (Layout::Dot, _) => "box",
            (Layout::Sfdp | Layout::Auto, true) => "ellipse",
            _ => "circle",
        },
        label_nodes,
        font: if n > 40 { 8.0 } else { 10.0 },
    };
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| default_title(view, drawn.len()));
    let (mut stmts, group_legend) = head_statements(view, layout, engine, &title, &style);

    let mut d = DotDraw {
        view,
        coloring,
        edge_color,
        figures: if view.projection() == crate::graph::Projection::Regions {
            view.region_figures()
        } else {
            Vec::new()
        },
        max_strength: view
            .nodes
            .iter()
            .map(|v| v.strength - 2.0 * v.internal)
            .fold(0.0f64, f64::max),
        // Many edges: more transparent, so that dense areas stay readable.
        edge_alpha: match drawn.len() {
            0..=100 => "b0",
            101..=1000 => "80",
            _ => "50",
        },
        max_weight: drawn
            .iter()
            .map(|&e| view.edges[e].weight)
            .fold(0.0f64, f64::max),
        drawn,
        positions,
        style,
        label_edges,
        placed: Vec::new(),
    };
    d.placed = d.place_labels();
    let label_count = d.placed.iter().flatten().count();
    told.notes.extend(d.unplaced_note(label_count));
    told.notes.extend(common_notes(view));
    let sections = [
        (d.coloring.title.as_str(), d.coloring.legend.as_slice()),
        ("Edges: main sector (width: weight)", &edge_legend),
        ("Groups (outline)", &group_legend),
    ];
    stmts.push(legend_stmt(&title, &sections, &told.notes));
    // Nodes and edges, the bulk of a large map, are built and printed by
    // graphviz-rust in parallel chunks and go before the closing brace.
    let bulk = [
        print_chunked(n, |i| d.node_stmt(i)),
        print_chunked(label_count, |k| d.label_stmt(k)),
        print_chunked(d.drawn.len(), |k| d.edge_stmt(k)),
    ];
    Ok(DotMap {
        dot: assemble(engine, stmts, &bulk),
        layout,
        engine,
        nodes: n,
        edges: d.drawn.len(),
        label_nodes: label_count,
        warnings: told.warnings,
    })
}

/// The legend of a map, below it: `sections` of colours and the notes.
fn legend_stmt(title: &str, sections: &[(&str, &[Category])], notes: &[String]) -> Stmt {
    Stmt::Attribute(Attribute(
        Id::Plain("label".into()),
        Id::Html(legend(
            title,
            sections,
            notes,
            LEGEND_SIZE,
            MIN_LEGEND_WIDTH,
        )),
    ))
}

/// The colour of each sector on the edges and the edges' legend: with
/// nodes coloured by sector the two share one set of colours (and the
/// nodes' legend shows it).
fn edge_colors(view: &NetworkView<'_>, color_by: ColorBy) -> (Vec<&'static str>, Vec<Category>) {
    if color_by == ColorBy::Sector {
        let (on_nodes, on_edges) = sector_uses(view, true);
        let uses: Vec<usize> = on_nodes.iter().zip(&on_edges).map(|(a, b)| a + b).collect();
        (shown_sector_colors(view, &uses), Vec::new())
    } else {
        sector_legend(view, false)
    }
}

/// The nodes' pinned positions in the geographic layout (`None` in the
/// others), with a warning for the nodes without coordinates.
fn pinned_positions(
    view: &NetworkView<'_>,
    opts: &MapOptions,
    layout: Layout,
    told: &mut Told,
) -> Result<Option<Vec<(f64, f64)>>> {
    if layout != Layout::Geo {
        return Ok(None);
    }
    let geo = geo_layout(view, &opts.geo)?;
    if geo.unplaced > 0 {
        told.warnings.push(format!(
            "{} of {} nodes have no coordinates (their region has no lat/lon in \
             regions.csv) and are placed in a row under the map",
            geo.unplaced,
            view.nodes.len()
        ));
    }
    Ok(Some(geo.positions))
}

/// Whether nodes get labels and edges their weights, within the limits of
/// `opts`; what is left out is told. Edge weights are written only where
/// Graphviz places them (sfdp, dot); in the geographic layout the width
/// shows the weight.
fn label_limits(
    view: &NetworkView<'_>,
    opts: &MapOptions,
    layout: Layout,
    edges: usize,
    told: &mut Told,
) -> (bool, bool) {
    let n = view.nodes.len();
    let label_nodes = n <= opts.node_label_limit;
    if !label_nodes {
        told.warnings.push(format!(
            "node labels left out: {n} nodes is more than {} (names are in the tooltips)",
            opts.node_label_limit
        ));
        told.notes.push(format!(
            "Labels hidden ({n} nodes); hover a node for its name."
        ));
    }
    let label_edges = layout != Layout::Geo && edges <= opts.edge_label_limit;
    if layout != Layout::Geo && !label_edges {
        told.warnings.push(format!(
            "edge labels left out: {} edges is more than {} (weights are in the tooltips)",
            edges, opts.edge_label_limit
        ));
        told.notes.push(format!(
            "Edge weights hidden ({edges} edges); hover an edge for its weight."
        ));
    }
    (label_nodes, label_edges)
}

/// Warns when nodes belong to more than one group (each is boxed with its
/// first group only).
fn warn_multiple_groups(view: &NetworkView<'_>, told: &mut Told) {
    let multi = (0..view.nodes.len() as u32)
        .filter(|&i| view.groups_of(i).len() > 1)
        .count();
    if multi > 0 {
        let (nodes, belong) = if multi == 1 {
            ("node belongs", "it is")
        } else {
            ("nodes belong", "each is")
        };
        told.warnings.push(format!(
            "{multi} {nodes} to more than one group; {belong} boxed with the first group only"
        ));
    }
}

/// The statements before the nodes: graph, node and edge defaults and the
/// group boxes; with the groups' legend.
fn head_statements(
    view: &NetworkView<'_>,
    layout: Layout,
    engine: Engine,
    title: &str,
    style: &NodeStyle,
) -> (Vec<Stmt>, Vec<Category>) {
    let mut stmts: Vec<Stmt> = Vec::with_capacity(8 + view.groups().len());
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(graph_attributes(
        layout, engine, title,
    ))));
    stmts.push(Stmt::GAttribute(GraphAttributes::Node(node_defaults(
        style,
    ))));
    stmts.push(Stmt::GAttribute(GraphAttributes::Edge(vec![
        text("fontname", "Helvetica"),
        plain("fontsize", "8"),
        text("fontcolor", "#333333"),
    ])));
    let (group_stmts, group_legend) = group_boxes(view);
    stmts.extend(group_stmts);
    (stmts, group_legend)
}

impl DotDraw<'_, '_> {
    /// A node's radius in inches (circles): 0.12 to 0.45, growing with the
    /// square root of its strength outside itself.
    fn radius_of(&self, i: usize) -> f64 {
        let node = &self.view.nodes[i];
        let s = ((node.strength - 2.0 * node.internal) / self.max_strength.max(f64::MIN_POSITIVE))
            .max(0.0)
            .sqrt();
        0.12 + 0.33 * s
    }

    /// Places the labels of the geographic layout (none in the others, or
    /// when nodes go unlabelled).
    fn place_labels(&self) -> Vec<Option<(f64, f64)>> {
        let view = self.view;
        let n = view.nodes.len();
        match (&self.positions, self.style.label_nodes) {
            (Some(pos), true) => {
                let names: Vec<String> = view
                    .nodes
                    .iter()
                    .map(|v| shorten(&v.name, LABEL_CHARS))
                    .collect();
                let radii: Vec<f64> = (0..n).map(|i| self.radius_of(i) * 36.0).collect();
                let strength: Vec<f64> = view
                    .nodes
                    .iter()
                    .map(|v| v.strength - 2.0 * v.internal)
                    .collect();
                place_geo_labels(&names, pos, &radii, &strength, self.style.font)
            }
            _ => vec![None; n],
        }
    }

    /// The note on the labels of the geographic layout that found no free
    /// place, when some did not (`placed` of them did).
    fn unplaced_note(&self, placed: usize) -> Option<String> {
        let n = self.view.nodes.len();
        (self.positions.is_some() && self.style.label_nodes && placed < n).then(|| {
            format!(
                "Labels: {} of {} nodes named; the other {} found no free place (hover a node for its name).",
                placed,
                n,
                n - placed
            )
        })
    }

    /// Node `i`: its size or label, fill, tooltip, group outline, position.
    fn node_stmt(&self, i: usize) -> Stmt {
        let (view, style) = (self.view, &self.style);
        let node = &view.nodes[i];
        let mut attrs = Vec::with_capacity(8);
        let name = shorten(&node.name, LABEL_CHARS);
        if style.shape == "circle" {
            attrs.push(num("width", self.radius_of(i)));
        } else if style.label_nodes {
            attrs.push(text("label", &name));
        } else {
            attrs.push(text("label", ""));
        }
        attrs.push(text("fillcolor", self.coloring.of_node[i]));
        attrs.push(text(
            "tooltip",
            &node_tooltip(view, &self.figures, i as u32),
        ));
        if let Some(g) = view.groups_of(i as u32).first() {
            attrs.push(text("color", group_color(*g as usize)));
            attrs.push(plain("penwidth", "2.5"));
        }
        if let Some(pos) = &self.positions {
            let (x, y) = pos[i];
            attrs.push(text("pos", &format!("{},{}!", fmt_coord(x), fmt_coord(y))));
        }
        Stmt::Node(Node::new(node_id(i), attrs))
    }

    /// The `k`-th placed label, a pinned text node.
    fn label_stmt(&self, k: usize) -> Stmt {
        let (view, style) = (self.view, &self.style);
        let i = placed_index(&self.placed, k);
        let (x, y) = self.placed[i].unwrap_or_default();
        let name = shorten(&view.nodes[i].name, LABEL_CHARS);
        // sized like the box the label was placed in, so that the drawing's
        // bounding box holds it
        let w = labels::text_width(&name, style.font, Font::Helvetica) + 2.0;
        Stmt::Node(Node::new(
            NodeId(Id::Plain(format!("l{i}")), None),
            vec![
                text("shape", "plaintext"),
                text("style", ""),
                text("label", &name),
                num("width", w / 72.0),
                num("height", style.font * 1.2 / 72.0),
                plain("fixedsize", "true"),
                plain("margin", "0"),
                text("tooltip", &node_tooltip(view, &self.figures, i as u32)),
                text("pos", &format!("{},{}!", fmt_coord(x), fmt_coord(y))),
            ],
        ))
    }

    /// The `k`-th edge drawn: width by weight, colour by main sector.
    fn edge_stmt(&self, k: usize) -> Stmt {
        let e = self.drawn[k];
        let edge = &self.view.edges[e];
        let mut attrs = Vec::with_capacity(5);
        let w = (edge.weight / self.max_weight.max(f64::MIN_POSITIVE)).sqrt();
        attrs.push(num("penwidth", 0.6 + 4.4 * w));
        let color = edge
            .main_sector()
            .map(|s| self.edge_color[s as usize])
            .unwrap_or("#888888");
        attrs.push(text("color", &format!("{color}{}", self.edge_alpha)));
        attrs.push(text("tooltip", &edge_tooltip(self.view, e)));
        if self.label_edges {
            attrs.push(text("label", &fmt_num(edge.weight)));
        }
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(edge.source as usize)),
                Vertex::N(node_id(edge.target as usize)),
            ),
            attributes: attrs,
        })
    }
}

/// The index of the `k`-th placed label.
fn placed_index(placed: &[Option<(f64, f64)>], k: usize) -> usize {
    placed
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_some())
        .nth(k)
        .map_or(0, |(i, _)| i)
}

fn node_defaults(style: &NodeStyle) -> Vec<Attribute> {
    let mut d = vec![
        text("fontname", "Helvetica"),
        num("fontsize", style.font),
        text("shape", style.shape),
        text(
            "style",
            if style.shape == "box" {
                "rounded,filled"
            } else {
                "filled"
            },
        ),
        text("color", "#444444"),
        plain("penwidth", "0.6"),
    ];
    if style.shape == "circle" {
        d.push(plain("fixedsize", "true"));
        d.push(text("label", ""));
    }
    d
}

/// Groups outside a diagram: each member is boxed with its first group, and
/// the legend lists the groups.
fn group_boxes(view: &NetworkView<'_>) -> (Vec<Stmt>, Vec<Category>) {
    let mut legend = Vec::new();
    let mut boxed = vec![false; view.nodes.len()];
    let mut stmts = Vec::new();
    for (g, group) in view.groups().iter().enumerate() {
        let color = group_color(g);
        legend.push(Category {
            label: format!(
                "{} · {} · score {}: {} ({})",
                group.id,
                group.kind,
                fmt_num(group.score),
                shorten(&group.label, 64),
                group.members.len()
            ),
            color,
        });
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            text("label", &format!("{} · {}", group.id, group.kind)),
            text("tooltip", &group_tooltip(group)),
            text("style", "rounded,dashed"),
            plain("labelloc", "t"),
            text("color", color),
            plain("penwidth", "1.5"),
            text("fontname", "Helvetica"),
            plain("fontsize", "11"),
        ]))];
        for &m in &group.members {
            if !std::mem::replace(&mut boxed[m as usize], true) {
                body.push(Stmt::Node(Node::new(node_id(m as usize), vec![])));
            }
        }
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_{g}")),
            stmts: body,
        }));
    }
    (stmts, legend)
}

/// A group's tooltip: id, label, kind, score, members.
pub(crate) fn group_tooltip(group: &MapGroup) -> String {
    format!(
        "{}: {}\nKind: {}\nScore: {}\nMembers: {}",
        group.id,
        group.label,
        group.kind,
        fmt_num(group.score),
        group.members.len()
    )
}

/// Statements per chunk when nodes and edges are printed in parallel.
const PRINT_CHUNK: usize = 2048;

/// Builds statements `0..count` with `make` and prints them with graphviz-rust,
/// one per line, in parallel chunks concatenated in order (so the text does
/// not depend on the number of threads).
fn print_chunked(count: usize, make: impl Fn(usize) -> Stmt + Sync) -> String {
    let chunks: Vec<String> = (0..count.div_ceil(PRINT_CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut ctx = PrinterContext::default();
            let mut out = String::with_capacity(PRINT_CHUNK * 256);
            for i in c * PRINT_CHUNK..((c + 1) * PRINT_CHUNK).min(count) {
                out.push_str("  ");
                out.push_str(&make(i).print(&mut ctx));
                out.push('\n');
            }
            out
        })
        .collect();
    chunks.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(fmt_num(8.0), "8");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333");
        assert_eq!(fmt_coord(-0.001), "0");
        assert_eq!(fmt_coord(12.345), "12.35");
    }
}
