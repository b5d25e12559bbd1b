//! Cooperation maps as Graphviz DOT, built with graphviz-rust.
//!
//! [`to_dot`] turns a [`NetworkView`] into a DOT graph:
//!
//! - **node ids are internal** (`n0`, `n1`, ... in view order); every name,
//!   label, tooltip and title goes through [`dot_string`], and the
//!   legend's text through [`html_text`];
//! - **nodes** are filled by district, sector or community ([`ColorBy`]) and
//!   sized by strength (weighted degree); labels are shown only while the map
//!   has at most [`MapOptions::node_label_limit`] nodes, tooltips always
//!   (name and id, region, district, cluster, sector, figures, community, groups);
//! - **edges** are coloured by their main sector (the one carrying most of
//!   their weight) and their width grows with the square root of the weight,
//!   from 0.6 to 5 points; weights are written on them only while there are at
//!   most [`MapOptions::edge_label_limit`] edges; cooperation inside a node (a
//!   self-loop of the projection) is not drawn but shown in the node's tooltip;
//! - **groups** ([`MapGroup`], e.g. suggested national clusters) become
//!   `subgraph cluster_<k>` boxes labelled with their id, kind and score, and
//!   their members get an outline in the group's colour. With the `dot` layout
//!   (a *diagram*) each group's members are drawn inside its box, a copy per
//!   group for a node in several (ids `g<k>n<i>`), with the [`MapGroup::member_notes`]
//!   under their names and only the edges inside groups; the other layouts
//!   ignore boxes, so there a node is boxed with its first group and the
//!   outline shows membership;
//! - **the legend** is the graph's label: an HTML-like table under the map
//!   with the node colours, edge colours, groups and notes;
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

use super::escape::{dot_string, html_text, shorten};
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
    /// Hierarchical `dot`, which draws groups as boxes: small diagrams.
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
    /// A title for the legend; default: the dataset's name and the projection.
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
    label: String,
    color: &'static str,
}

/// Node colours: the colour of each node and the legend entries.
pub(crate) struct Coloring {
    pub(crate) title: String,
    pub(crate) of_node: Vec<&'static str>,
    legend: Vec<Category>,
}

/// Colours categories `keys` (one per node) in the order `order` ranks them.
fn rank_colors<K: Ord + Copy>(
    keys: &[K],
    order: impl Fn(&K, usize) -> (i64, K),
    label: impl Fn(K) -> String,
) -> (Vec<&'static str>, Vec<Category>) {
    let mut counts: std::collections::BTreeMap<K, usize> = std::collections::BTreeMap::new();
    for k in keys {
        *counts.entry(*k).or_default() += 1;
    }
    let mut ranked: Vec<(K, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|(k, c)| order(k, *c));
    let limit = palette::PALETTE.len();
    let mut color_of = std::collections::BTreeMap::new();
    let mut legend = Vec::new();
    let mut other = (0usize, 0usize);
    for (i, (k, count)) in ranked.iter().enumerate() {
        let color = palette::color(i, limit);
        color_of.insert(*k, color);
        if color == OTHER {
            other.0 += 1;
            other.1 += count;
        } else {
            legend.push(Category {
                label: format!("{} ({count})", label(*k)),
                color,
            });
        }
    }
    if other.0 > 0 {
        legend.push(Category {
            label: format!("{} others ({})", other.0, other.1),
            color: OTHER,
        });
    }
    let of_node = keys
        .iter()
        .map(|k| color_of.get(k).copied().unwrap_or(palette::NONE))
        .collect();
    (of_node, legend)
}

/// The colour of each sector of the view: sectors are ranked by weight, and
/// the rank is the palette slot.
pub(crate) fn sector_colors(view: &NetworkView<'_>) -> Vec<&'static str> {
    (0..view.sectors.len())
        .map(|s| palette::color(s, palette::PALETTE.len()))
        .collect()
}

/// The legend of sectors: those on drawn edges (and, with `nodes`, on nodes).
fn sector_legend(view: &NetworkView<'_>, nodes: bool) -> Vec<Category> {
    let colors = sector_colors(view);
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
    let counts = |n: usize, e: usize| match (nodes, n, e) {
        (false, _, e) => format!("{e}"),
        (true, n, 0) => format!("{n} nodes"),
        (true, 0, e) => format!("{e} edges"),
        (true, n, e) => format!("{n} nodes, {e} edges"),
    };
    let mut legend = Vec::new();
    let mut other = (0usize, 0usize, 0usize);
    for s in 0..view.sectors.len() {
        let (n, e) = (on_nodes[s], on_edges[s]);
        if n + e == 0 {
            continue;
        }
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
            label: format!("{} other sectors ({})", other.0, counts(other.1, other.2)),
            color: OTHER,
        });
    }
    legend
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
                |k| ds.districts[k as usize].name.clone(),
            );
            Ok(Coloring {
                title: "Nodes: district".into(),
                of_node,
                legend,
            })
        }
        ColorBy::Sector => {
            let colors = sector_colors(view);
            let of_node = view
                .nodes
                .iter()
                .map(|v| v.sector_index.map_or(palette::NONE, |s| colors[s as usize]))
                .collect();
            Ok(Coloring {
                title: "Nodes and edges: sector".into(),
                of_node,
                legend: sector_legend(view, true),
            })
        }
        ColorBy::Community => {
            let Some(c) = view.communities() else {
                return Err(Error::parameter(
                    "--color-by",
                    "community needs a community result; none was given",
                ));
            };
            let (of_node, legend) = rank_colors(
                &c.membership,
                |k, count| (-(count as i64), *k),
                |k| c.label(k),
            );
            Ok(Coloring {
                title: "Nodes: community".into(),
                of_node,
                legend,
            })
        }
    }
}

fn group_color(g: usize) -> &'static str {
    // Groups take the palette from the end, so they differ from the first node colours.
    palette::PALETTE[palette::PALETTE.len() - 1 - (g % palette::PALETTE.len())]
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

fn edge_tooltip(view: &NetworkView<'_>, e: usize) -> String {
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

fn group_label(g: &MapGroup) -> String {
    format!(
        "{} · {} · score {}\n{}",
        g.id,
        g.kind,
        fmt_num(g.score),
        shorten(&g.label, 48)
    )
}

/// The legend: a grid whose columns are the sections (node colours, edge
/// colours, groups), each a swatch and a text cell, with a title row above and
/// notes below. One table, so rows line up and do not stretch.
fn legend(
    title: &str,
    nodes: &Coloring,
    edges: &[Category],
    (groups_title, groups): (&str, &[Category]),
    notes: &[String],
) -> String {
    let mut sections: Vec<(&str, &[Category])> = vec![(nodes.title.as_str(), &nodes.legend)];
    if !edges.is_empty() {
        sections.push(("Edges: main sector (width: weight)", edges));
    }
    if !groups.is_empty() {
        sections.push((groups_title, groups));
    }
    let span = 2 * sections.len();
    let mut s =
        String::from("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">");
    let _ = write!(
        s,
        "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\"><B>{}</B></TD></TR><TR>",
        html_text(title)
    );
    for (t, _) in &sections {
        let _ = write!(
            s,
            "<TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>{}</I></TD>",
            html_text(t)
        );
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
                        "<TD BGCOLOR=\"{}\" WIDTH=\"14\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\"></TD>\
                         <TD ALIGN=\"LEFT\">{}</TD>",
                        c.color,
                        html_text(&shorten(&c.label, 96))
                    );
                }
                None => s.push_str("<TD></TD><TD></TD>"),
            }
        }
        s.push_str("</TR>");
    }
    for note in notes {
        let _ = write!(
            s,
            "<TR><TD COLSPAN=\"{span}\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>",
            html_text(note)
        );
    }
    s.push_str("</TABLE>>");
    s
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

/// Writes `view` as a DOT map (see the module docs).
///
/// # Errors
///
/// [`Error::Parameter`] for `--color-by community` without communities, and
/// for the geographic layout when no region has coordinates.
pub fn to_dot(view: &NetworkView<'_>, opts: &MapOptions) -> Result<DotMap> {
    let ds = view.dataset();
    let n = view.nodes.len();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let layout = match opts.layout {
        Layout::Auto if !view.groups().is_empty() && n <= opts.dot_layout_limit => Layout::Dot,
        Layout::Auto => Layout::Sfdp,
        other => other,
    };
    let engine = match layout {
        Layout::Geo => Engine::NeatoPinned,
        Layout::Dot => Engine::Dot,
        Layout::Sfdp | Layout::Auto => Engine::Sfdp,
    };
    let coloring = node_coloring(view, opts.color_by)?;
    let edge_color = sector_colors(view);
    let edge_legend = if opts.color_by == ColorBy::Sector {
        Vec::new()
    } else {
        sector_legend(view, false)
    };
    let drawn: Vec<usize> = (0..view.edges.len())
        .filter(|&e| !view.edges[e].is_loop())
        .collect();
    let positions = if layout == Layout::Geo {
        let geo = geo_layout(view, &opts.geo)?;
        if geo.unplaced > 0 {
            warnings.push(format!(
                "{} of {} nodes have no coordinates (their region has no lat/lon in \
                 regions.csv) and are placed in a row under the map",
                geo.unplaced, n
            ));
        }
        Some(geo.positions)
    } else {
        None
    };
    let label_nodes = n <= opts.node_label_limit;
    if !label_nodes {
        warnings.push(format!(
            "node labels left out: {n} nodes is more than {} (names are in the tooltips)",
            opts.node_label_limit
        ));
        notes.push(format!(
            "Labels hidden ({n} nodes); hover a node for its name."
        ));
    }
    let label_edges = drawn.len() <= opts.edge_label_limit;
    if !label_edges {
        warnings.push(format!(
            "edge labels left out: {} edges is more than {} (weights are in the tooltips)",
            drawn.len(),
            opts.edge_label_limit
        ));
        notes.push(format!(
            "Edge weights hidden ({} edges); hover an edge for its weight.",
            drawn.len()
        ));
    }
    // A small diagram with groups draws each group's members inside its box,
    // a copy per group for nodes in several; other layouts outline members.
    let diagram = layout == Layout::Dot && !view.groups().is_empty();
    let multi = (0..n as u32)
        .filter(|&i| view.groups_of(i).len() > 1)
        .count();
    if multi > 0 && !diagram {
        let (nodes, belong) = if multi == 1 {
            ("node belongs", "it is")
        } else {
            ("nodes belong", "each is")
        };
        warnings.push(format!(
            "{multi} {nodes} to more than one group; {belong} boxed with the first group only"
        ));
    }

    // Many edges: more transparent, so that dense areas stay readable.
    let edge_alpha = match drawn.len() {
        0..=100 => "b0",
        101..=1000 => "80",
        _ => "50",
    };
    let node_font = if n > 40 { "8" } else { "10" };
    let max_strength = view
        .nodes
        .iter()
        .map(|v| v.strength - 2.0 * v.internal)
        .fold(0.0f64, f64::max);
    let max_weight = drawn
        .iter()
        .map(|&e| view.edges[e].weight)
        .fold(0.0f64, f64::max);
    let title = opts.title.clone().unwrap_or_else(|| {
        format!(
            "{}: {} ({} nodes, {} edges)",
            ds.name,
            view.projection().name(),
            n,
            drawn.len()
        )
    });

    let mut stmts: Vec<Stmt> = Vec::with_capacity(n + drawn.len() + 8);
    let mut graph_attrs = vec![
        text("layout", engine.program()),
        text("fontname", "Helvetica"),
        text("tooltip", &title),
        plain("labelloc", "b"),
        plain("labeljust", "l"),
        plain("outputorder", "edgesfirst"),
        plain("pad", "0.3"),
    ];
    match layout {
        Layout::Geo => {
            graph_attrs.extend([
                plain("inputscale", "72"),
                plain("overlap", "true"),
                plain("splines", "false"),
            ]);
        }
        Layout::Sfdp | Layout::Auto => {
            graph_attrs.extend([plain("overlap", "prism"), plain("splines", "false")]);
        }
        Layout::Dot => {
            graph_attrs.extend([
                plain("rankdir", "LR"),
                plain("newrank", "true"),
                plain("nodesep", "0.25"),
                plain("ranksep", "0.5"),
            ]);
        }
    }
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)));
    let shape = match (layout, label_nodes) {
        (Layout::Dot, _) => "box",
        (Layout::Sfdp | Layout::Auto, true) => "ellipse",
        _ => "circle",
    };
    let mut node_defaults = vec![
        text("fontname", "Helvetica"),
        plain("fontsize", node_font),
        text("shape", shape),
        text(
            "style",
            if shape == "box" {
                "rounded,filled"
            } else {
                "filled"
            },
        ),
        text("color", "#444444"),
        plain("penwidth", "0.6"),
    ];
    if shape == "circle" {
        node_defaults.push(plain("fixedsize", "true"));
        node_defaults.push(text("label", ""));
    }
    stmts.push(Stmt::GAttribute(GraphAttributes::Node(node_defaults)));
    stmts.push(Stmt::GAttribute(GraphAttributes::Edge(vec![
        text("fontname", "Helvetica"),
        plain("fontsize", "8"),
        text("fontcolor", "#333333"),
    ])));

    let figures = if view.projection() == crate::graph::Projection::Regions {
        view.region_figures()
    } else {
        Vec::new()
    };
    // The nodes as drawn: (view index, DOT id, note under the label).
    let mut drawn_nodes: Vec<(u32, String, Option<&str>, Option<u32>)> = Vec::with_capacity(n);
    if diagram {
        for (g, group) in view.groups().iter().enumerate() {
            for (j, &m) in group.members.iter().enumerate() {
                let note = group.member_notes.get(j).map(String::as_str);
                drawn_nodes.push((m, format!("g{g}n{m}"), note, Some(g as u32)));
            }
        }
        drawn_nodes.extend(
            (0..n as u32)
                .filter(|&i| view.groups_of(i).is_empty())
                .map(|i| (i, format!("n{i}"), None, None)),
        );
    } else {
        drawn_nodes.extend(
            (0..n as u32).map(|i| (i, format!("n{i}"), None, view.groups_of(i).first().copied())),
        );
    }
    // The DOT id a node's edges attach to in a diagram: its copy in `group`,
    // or its first copy, or its own when it is in no group.
    let dot_id = |i: u32, group: Option<u32>| -> String {
        if !diagram {
            return format!("n{i}");
        }
        match group.or_else(|| view.groups_of(i).first().copied()) {
            Some(g) => format!("g{g}n{i}"),
            None => format!("n{i}"),
        }
    };
    let node_stmt = |k: usize| -> Stmt {
        let (i, id, note, group) = &drawn_nodes[k];
        let i = *i as usize;
        let node = &view.nodes[i];
        let mut attrs = Vec::with_capacity(8);
        let mut name = shorten(&node.name, LABEL_CHARS);
        if let Some(note) = note.filter(|t| !t.is_empty()) {
            name.push('\n');
            name.push_str(&shorten(note, LABEL_CHARS));
        }
        if shape == "circle" {
            let s = ((node.strength - 2.0 * node.internal) / max_strength.max(f64::MIN_POSITIVE))
                .max(0.0)
                .sqrt();
            attrs.push(num("width", 0.12 + 0.33 * s));
            if label_nodes {
                attrs.push(text("xlabel", &name));
            }
        } else if label_nodes {
            attrs.push(text("label", &name));
        } else {
            attrs.push(text("label", ""));
        }
        attrs.push(text("fillcolor", coloring.of_node[i]));
        attrs.push(text("tooltip", &node_tooltip(view, &figures, i as u32)));
        if let Some(g) = group {
            attrs.push(text("color", group_color(*g as usize)));
            attrs.push(plain("penwidth", "2.5"));
        }
        if let Some(pos) = &positions {
            let (x, y) = pos[i];
            attrs.push(text("pos", &format!("{},{}!", fmt_coord(x), fmt_coord(y))));
        }
        Stmt::Node(Node::new(NodeId(Id::Plain(id.clone()), None), attrs))
    };

    let mut group_legend = Vec::new();
    let mut boxed = vec![false; n];
    let mut group_stmts = Vec::new();
    for (g, group) in view.groups().iter().enumerate() {
        let color = group_color(g);
        group_legend.push(Category {
            label: format!(
                "{} · {} · score {}: {} ({})",
                group.id,
                group.kind,
                fmt_num(group.score),
                shorten(&group.label, 48),
                group.members.len()
            ),
            color,
        });
        let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            text("label", &group_label(group)),
            text(
                "tooltip",
                &format!(
                    "{}: {}\nKind: {}\nScore: {}\nMembers: {}",
                    group.id,
                    group.label,
                    group.kind,
                    fmt_num(group.score),
                    group.members.len()
                ),
            ),
            text("style", "rounded,dashed"),
            plain("labelloc", "t"),
            text("color", color),
            plain("penwidth", "1.5"),
            text("fontname", "Helvetica"),
            plain("fontsize", "11"),
        ]))];
        for &m in &group.members {
            if diagram {
                body.push(Stmt::Node(Node::new(
                    NodeId(Id::Plain(format!("g{g}n{m}")), None),
                    vec![],
                )));
            } else if !std::mem::replace(&mut boxed[m as usize], true) {
                body.push(Stmt::Node(Node::new(node_id(m as usize), vec![])));
            }
        }
        group_stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_{g}")),
            stmts: body,
        }));
    }
    // dot with rankdir=LR stacks the boxes of one rank from the bottom up, so
    // a diagram lists its groups last first to show the first (best) on top.
    if diagram {
        group_stmts.reverse();
    }
    stmts.extend(group_stmts);

    // The edges as drawn: (edge, DOT id of each end). In a diagram an edge is
    // drawn inside every group holding both ends; between different groups it
    // is left out.
    let mut drawn_edges: Vec<(usize, String, String)> = Vec::with_capacity(drawn.len());
    let mut between_groups = 0usize;
    for &e in &drawn {
        let edge = &view.edges[e];
        let (u, v) = (edge.source, edge.target);
        let (gu, gv) = (view.groups_of(u), view.groups_of(v));
        if !diagram || gu.is_empty() || gv.is_empty() {
            drawn_edges.push((e, dot_id(u, None), dot_id(v, None)));
            continue;
        }
        let mut shared = false;
        for &g in gu.iter().filter(|g| gv.contains(g)) {
            shared = true;
            drawn_edges.push((e, dot_id(u, Some(g)), dot_id(v, Some(g))));
        }
        if !shared {
            between_groups += 1;
        }
    }
    if between_groups > 0 {
        notes.push(if between_groups == 1 {
            "1 cooperation edge between different groups is not drawn.".to_string()
        } else {
            format!("{between_groups} cooperation edges between different groups are not drawn.")
        });
    }
    let edge_stmt = |k: usize| -> Stmt {
        let (e, a, b) = &drawn_edges[k];
        let e = *e;
        let edge = &view.edges[e];
        let mut attrs = Vec::with_capacity(5);
        let w = (edge.weight / max_weight.max(f64::MIN_POSITIVE)).sqrt();
        attrs.push(num("penwidth", 0.6 + 4.4 * w));
        let color = edge
            .main_sector()
            .map(|s| edge_color[s as usize])
            .unwrap_or("#888888");
        attrs.push(text("color", &format!("{color}{edge_alpha}")));
        attrs.push(text("tooltip", &edge_tooltip(view, e)));
        if label_edges {
            attrs.push(text("label", &fmt_num(edge.weight)));
        }
        Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Plain(a.clone()), None)),
                Vertex::N(NodeId(Id::Plain(b.clone()), None)),
            ),
            attributes: attrs,
        })
    };

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
    let groups_title = if diagram {
        "Groups (boxes)"
    } else {
        "Groups (outline)"
    };
    let legend_html = legend(
        &title,
        &coloring,
        &edge_legend,
        (groups_title, &group_legend),
        &notes,
    );
    stmts.push(Stmt::Attribute(Attribute(
        Id::Plain("label".into()),
        Id::Html(legend_html),
    )));

    // The head (graph attributes, defaults, group boxes, legend) is printed as
    // one graph; the nodes and edges, the bulk of a large map, are built and
    // printed by graphviz-rust in parallel chunks and go before its closing brace.
    let head = Graph::Graph {
        id: Id::Plain("coopnet".into()),
        strict: false,
        stmts,
    };
    let head = head.print(&mut PrinterContext::default());
    let head = head.strip_suffix('}').unwrap_or(&head);
    let nodes_text = print_chunked(drawn_nodes.len(), node_stmt);
    let edges_text = print_chunked(drawn_edges.len(), edge_stmt);
    let mut dot = String::with_capacity(head.len() + nodes_text.len() + edges_text.len() + 128);
    dot.push_str("// coopnet cooperation map. Render with: ");
    dot.push_str(&engine.command_line("svg", "map.dot", "map.svg"));
    dot.push('\n');
    dot.push_str(head);
    dot.push_str(&nodes_text);
    dot.push_str(&edges_text);
    dot.push_str("}\n");
    Ok(DotMap {
        dot,
        layout,
        engine,
        nodes: drawn_nodes.len(),
        edges: drawn_edges.len(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Projection, ProjectionSpec};
    use crate::load::load_dataset;
    use std::path::Path;

    fn demo() -> crate::model::Dataset {
        load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/demo"
        )))
        .expect("demo loads")
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(fmt_num(8.0), "8");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333");
        assert_eq!(fmt_coord(-0.001), "0");
        assert_eq!(fmt_coord(12.345), "12.35");
    }

    #[test]
    fn every_node_and_edge_is_written_and_parses() {
        let ds = demo();
        let v =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
        let map = to_dot(&v, &MapOptions::default()).expect("dot");
        assert_eq!(map.nodes, 11);
        assert_eq!(map.layout, Layout::Sfdp);
        let parsed = graphviz_rust::parse(&map.dot).expect("graphviz-rust parses its own output");
        let Graph::Graph { stmts, .. } = parsed else {
            panic!("undirected graph expected")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        let edges = stmts.iter().filter(|s| matches!(s, Stmt::Edge(_))).count();
        assert_eq!(nodes, 11);
        assert_eq!(edges, map.edges);
    }

    #[test]
    fn limits_drop_labels_and_say_so() {
        let ds = demo();
        let v =
            NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Participants)).expect("view");
        let opts = MapOptions {
            node_label_limit: 3,
            edge_label_limit: 3,
            ..Default::default()
        };
        let map = to_dot(&v, &opts).expect("dot");
        assert_eq!(map.warnings.len(), 2, "{:?}", map.warnings);
        assert!(!map.dot.contains("xlabel"));
        assert!(map.dot.contains("Edge weights hidden"));
    }

    #[test]
    fn community_colouring_needs_communities() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions)).expect("view");
        let opts = MapOptions {
            color_by: ColorBy::Community,
            ..Default::default()
        };
        assert!(to_dot(&v, &opts).is_err());
        let v = v
            .with_communities(super::super::view::Communities::new(&[0, 0, 1, 1, 2]))
            .expect("fits");
        let map = to_dot(&v, &opts).expect("dot");
        assert!(map.dot.contains("community 2"));
    }

    #[test]
    fn groups_become_clusters_and_auto_picks_dot() {
        let ds = demo();
        let v = NetworkView::new(&ds, &ProjectionSpec::merged(Projection::Regions))
            .expect("view")
            .with_groups(vec![MapGroup {
                id: "NC1".into(),
                label: "jewellery \"value chain\"".into(),
                kind: "intersectoral".into(),
                score: 12.25,
                members: vec![2, 4],
                member_notes: Vec::new(),
            }])
            .expect("groups");
        let map = to_dot(&v, &MapOptions::default()).expect("dot");
        assert_eq!(map.layout, Layout::Dot);
        assert!(map.dot.contains("subgraph cluster_0"));
        assert!(map.dot.contains("NC1 · intersectoral · score 12.25"));
        assert!(map.dot.contains(r#"jewellery \"value chain\""#));
    }
}
