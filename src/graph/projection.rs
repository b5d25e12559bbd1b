//! Projections of the multigraph onto one kind of node, as [`CsrGraph`]s.
//!
//! | projection | nodes | a cooperation link `a - b` of weight `w` adds |
//! |---|---|---|
//! | participants | organisations | `w` to `a - b` (cluster-to-cluster links are left out) |
//! | clusters | clusters | between organisations: `w / (|C(a)| |C(b)|)` to each pair of their clusters, where `C(x)` are `x`'s clusters (organisations in no cluster are left out); between clusters: `w` |
//! | regions | regions | `w / (|R(a)| |R(b)|)` to each pair of their regions, where `R(x)` is an organisation's region or a cluster's regions |
//!
//! A link within one node of the projection (two organisations of one region)
//! becomes a self-loop: cooperation inside a region counts towards its
//! strength, as modularity needs. Links are kept or dropped by sector with
//! [`ProjectionSpec::sectors`]; with [`ProjectionSpec::layers`] a separate
//! graph is built per sector (rolled up to a chosen level), over the same nodes.
//!
//! Worked example, from `datasets/demo`: the region projection has the five
//! regions, and the supply link `P05 (RU-SA) - P01 (RU-KOS)` of weight 4 becomes
//! part of the edge `RU-SA - RU-KOS`.

use rayon::prelude::*;
use serde::Serialize;

use super::csr::CsrGraph;
use super::multigraph::CooperationGraph;
use crate::error::{Error, Result};
use crate::model::{Dataset, Endpoint, Link, SectorLevel};

/// Which nodes a projection keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Projection {
    /// Organisations, linked by their cooperation.
    Participants,
    /// Clusters, linked by the cooperation of their members and between them.
    Clusters,
    /// Regions, linked by the cooperation that crosses between them.
    #[default]
    Regions,
}

impl Projection {
    /// All projections.
    pub const ALL: [Projection; 3] = [
        Projection::Participants,
        Projection::Clusters,
        Projection::Regions,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Projection::Participants => "participants",
            Projection::Clusters => "clusters",
            Projection::Regions => "regions",
        }
    }

    /// Parses a projection name.
    pub fn parse(s: &str) -> Option<Self> {
        Projection::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// What to project: which nodes, which sectors, merged or layered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionSpec {
    /// Which nodes.
    pub projection: Projection,
    /// Keep only links whose sector is one of these codes or beneath one (`32`
    /// keeps `32.12`); empty keeps every link.
    pub sectors: Vec<String>,
    /// Also build one graph per sector.
    pub layers: bool,
    /// The level sectors are rolled up to for layers (default: division).
    pub layer_level: SectorLevel,
    /// Leave out cooperation inside one node (links between organisations of
    /// the same region, or of the same cluster): the loops of the projection.
    /// Off by default; on, the graph shows how nodes cooperate with each
    /// other, which most-local cooperation would otherwise hide.
    pub between_only: bool,
}

impl Default for ProjectionSpec {
    fn default() -> Self {
        ProjectionSpec {
            projection: Projection::Regions,
            sectors: vec![],
            layers: false,
            layer_level: SectorLevel::Division,
            between_only: false,
        }
    }
}

impl ProjectionSpec {
    /// All sectors merged, for `projection`.
    pub fn merged(projection: Projection) -> Self {
        ProjectionSpec {
            projection,
            ..Self::default()
        }
    }
}

/// One sector's layer of a projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The sector code of the layer (at the spec's layer level).
    pub sector: String,
    /// The layer's graph, over the same nodes as the merged graph.
    pub graph: CsrGraph,
}

/// A projected graph with the user ids of its nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    /// What was projected.
    pub spec: ProjectionSpec,
    /// User id of each node, indexed by dense id.
    pub labels: Vec<String>,
    /// All kept links merged.
    pub graph: CsrGraph,
    /// One graph per sector when the spec asks for layers, sorted by sector code.
    pub layers: Vec<Layer>,
    /// Cooperation links left out (other projection's kind, no cluster, or sector filter).
    pub dropped_links: usize,
}

/// An undirected edge `(u, v, weight)` over dense ids.
type WeightedEdge = (u32, u32, f64);

/// Projects `graph` as `spec` says. The projection reads the dataset's links directly
/// (see [`project_dataset`]); the multigraph is not needed for it.
///
/// # Errors
///
/// [`Error::Parameter`] when a sector filter is not a sector code.
pub fn project(graph: &CooperationGraph<'_>, spec: &ProjectionSpec) -> Result<Projected> {
    project_dataset(graph.dataset(), spec)
}

/// Projects the links of `ds` as `spec` says, straight from the loaded records: the same
/// graph as [`project`] of the dataset's [`CooperationGraph`], without building the
/// multigraph (whose cooperation edges are the links, in order).
///
/// Projections onto few nodes (regions, and the clusters of small datasets) sum the links
/// into a dense triangular matrix per fixed block of links, in parallel, and add the
/// blocks in order; larger ones gather the projected edges and build the graph from them.
/// Either way every sum has a fixed order, so the result is the same at any thread count.
///
/// # Errors
///
/// [`Error::Parameter`] when a sector filter is not a sector code.
pub fn project_dataset(ds: &Dataset, spec: &ProjectionSpec) -> Result<Projected> {
    project_with(ds, spec, DENSE_CELLS)
}

/// [`project_dataset`], with the dense path for up to `dense_cells` cells.
fn project_with(ds: &Dataset, spec: &ProjectionSpec, dense_cells: usize) -> Result<Projected> {
    for s in &spec.sectors {
        if SectorLevel::of(s).is_none() {
            return Err(Error::parameter(
                "--sector",
                format!("{s:?} is not a sector code (such as C, 32 or 32.12)"),
            ));
        }
    }
    let n = match spec.projection {
        Projection::Participants => ds.participants.len(),
        Projection::Clusters => ds.clusters.len(),
        Projection::Regions => ds.regions.len(),
    };
    let labels: Vec<String> = match spec.projection {
        Projection::Participants => ds.participants.par_iter().map(|p| p.id.clone()).collect(),
        Projection::Clusters => ds.clusters.iter().map(|c| c.id.clone()).collect(),
        Projection::Regions => ds.regions.iter().map(|r| r.id.clone()).collect(),
    };
    // Whether each sector id passes the filter, decided once per sector.
    let keep_sector: Vec<bool> = ds
        .sectors
        .iter()
        .map(|(_, info)| {
            spec.sectors.is_empty()
                || spec
                    .sectors
                    .iter()
                    .any(|p| ds.sectors.is_under(&info.code, p))
        })
        .collect();
    // The layer of each sector: its code at the layer level, numbered in code order.
    let (layer_names, layer_of) = if spec.layers {
        let key: Vec<String> = ds
            .sectors
            .iter()
            .map(|(_, info)| {
                ds.sectors
                    .code_at(&info.code, spec.layer_level)
                    .unwrap_or_else(|| info.code.clone())
            })
            .collect();
        let names: Vec<String> = key
            .iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let of = key
            .iter()
            .map(|k| names.binary_search(k).unwrap_or(0) as u32)
            .collect();
        (names, of)
    } else {
        (Vec::new(), Vec::new())
    };
    // What every link endpoint stands for, in compact arrays: the passes below read
    // these instead of the records (far fewer cache misses).
    let table = TargetTable::new(ds, spec.projection);
    let ends = |l: &Link| -> Option<(&[u32], &[u32])> {
        if !keep_sector[l.sector.index()] {
            return None;
        }
        let (ta, tb) = (table.of(l.source), table.of(l.target));
        (!ta.is_empty() && !tb.is_empty()).then_some((ta, tb))
    };
    let sheets = 1 + layer_names.len();
    let (graph, layers, kept) = if n * (n + 1) / 2 * sheets <= dense_cells {
        let (sums, kept) = dense_sums(ds, n, sheets, spec, &layer_of, &ends);
        let graph = from_triangle(n, &sums[..n * (n + 1) / 2]);
        let t = n * (n + 1) / 2;
        // A layer exists where a kept link added to it.
        let layers = layer_names
            .into_iter()
            .enumerate()
            .map(|(i, sector)| (sector, &sums[(i + 1) * t..(i + 2) * t]))
            .filter(|(_, cells)| cells.iter().any(|w| !w.is_sign_negative()))
            .map(|(sector, cells)| Layer {
                sector,
                graph: from_triangle(n, cells),
            })
            .collect();
        (graph, layers, kept)
    } else {
        let kept = ds
            .links
            .par_iter()
            .with_min_len(1 << 14)
            .filter(|l| ends(l).is_some())
            .count();
        let (graph, layers) = edge_lists(ds, n, spec, &layer_names, &layer_of, &ends);
        (graph, layers, kept)
    };
    let dropped_links = ds.links.len() - kept;
    Ok(Projected {
        spec: spec.clone(),
        labels,
        graph,
        layers,
        dropped_links,
    })
}

/// Projections whose triangular matrices (the merged graph and every layer) have at most
/// this many cells take the dense path: 8 MB per block of links.
const DENSE_CELLS: usize = 1 << 20;

/// Links per block of the dense path.
const DENSE_BLOCK: usize = 1 << 20;

/// Index of the pair `(x, y)` in a triangular matrix.
#[inline]
fn tri(x: u32, y: u32) -> usize {
    let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
    hi as usize * (hi as usize + 1) / 2 + lo as usize
}

/// The summed shares of the kept links, per pair of projected nodes, merged (the first
/// triangle) and per layer (the next ones). Cells never added to keep the sign bit of
/// `-0.0`, the start value (`-0.0 + x` is `x` for any `x`, `+0.0` included), so that a
/// pair linked with weight 0 still counts as an edge.
fn dense_sums<'a>(
    ds: &'a Dataset,
    n: usize,
    sheets: usize,
    spec: &ProjectionSpec,
    layer_of: &[u32],
    ends: &(impl Fn(&'a Link) -> Option<(&'a [u32], &'a [u32])> + Sync),
) -> (Vec<f64>, usize) {
    let t = n * (n + 1) / 2;
    let blocks: Vec<(Vec<f64>, usize)> = ds
        .links
        .par_chunks(DENSE_BLOCK)
        .map(|block| {
            let mut sums = vec![-0.0f64; t * sheets];
            let mut kept = 0;
            for l in block {
                let Some((ta, tb)) = ends(l) else { continue };
                kept += 1;
                let layer = layer_of
                    .get(l.sector.index())
                    .map(|&i| (i as usize + 1) * t);
                if let ([x], [y]) = (ta, tb) {
                    // Most links: one node at each end.
                    if !(spec.between_only && x == y) {
                        let cell = tri(*x, *y);
                        sums[cell] += l.weight;
                        if let Some(base) = layer {
                            sums[base + cell] += l.weight;
                        }
                    }
                    continue;
                }
                let share = l.weight / (ta.len() * tb.len()) as f64;
                for &x in ta {
                    for &y in tb {
                        if spec.between_only && x == y {
                            continue;
                        }
                        let cell = tri(x, y);
                        sums[cell] += share;
                        if let Some(base) = layer {
                            sums[base + cell] += share;
                        }
                    }
                }
            }
            (sums, kept)
        })
        .collect();
    let mut total = vec![-0.0f64; t * sheets];
    let mut kept = 0;
    for (block, k) in blocks {
        total
            .par_iter_mut()
            .zip(block.par_iter())
            .with_min_len(1 << 14)
            .for_each(|(a, b)| *a += b);
        kept += k;
    }
    (total, kept)
}

/// The graph of a triangular matrix of sums (see [`dense_sums`]).
fn from_triangle(n: usize, sums: &[f64]) -> CsrGraph {
    let mut offsets = Vec::with_capacity(n + 1);
    let mut targets = Vec::new();
    let mut weights = Vec::new();
    offsets.push(0usize);
    for x in 0..n as u32 {
        for y in 0..n as u32 {
            let w = sums[tri(x, y)];
            if !w.is_sign_negative() {
                targets.push(y);
                weights.push(w);
            }
        }
        offsets.push(targets.len());
    }
    CsrGraph::from_raw_parts(offsets, targets, weights)
        .unwrap_or_else(|| CsrGraph::from_edges(n, &[]))
}

/// Larger projections: every projected edge in link order, then the graphs.
fn edge_lists<'a>(
    ds: &'a Dataset,
    n: usize,
    spec: &ProjectionSpec,
    layer_names: &[String],
    layer_of: &[u32],
    ends: &(impl Fn(&'a Link) -> Option<(&'a [u32], &'a [u32])> + Sync),
) -> (CsrGraph, Vec<Layer>) {
    // Every projected edge, in link order (rayon's collect keeps it), with no
    // allocation per link: most links add exactly one edge.
    let projected = |with_layer: bool| -> Vec<(WeightedEdge, u32)> {
        ds.links
            .par_iter()
            .with_min_len(1 << 14)
            .flat_map_iter(|l| {
                let pairs = ends(l);
                let share = pairs
                    .as_ref()
                    .map_or(0.0, |(ta, tb)| l.weight / (ta.len() * tb.len()) as f64);
                let layer = if with_layer {
                    layer_of[l.sector.index()]
                } else {
                    0
                };
                pairs.into_iter().flat_map(move |(ta, tb)| {
                    ta.iter().flat_map(move |&x| {
                        tb.iter()
                            .filter(move |&&y| !(spec.between_only && x == y))
                            .map(move |&y| ((x, y, share), layer))
                    })
                })
            })
            .collect()
    };
    let edges = projected(spec.layers);
    let layers = if spec.layers {
        let mut by_layer: Vec<Vec<WeightedEdge>> = vec![Vec::new(); layer_names.len()];
        for &(e, layer) in &edges {
            by_layer[layer as usize].push(e);
        }
        layer_names
            .iter()
            .zip(by_layer)
            .filter(|(_, edges)| !edges.is_empty())
            .map(|(sector, edges)| Layer {
                sector: sector.clone(),
                graph: CsrGraph::from_edges(n, &edges),
            })
            .collect()
    } else {
        Vec::new()
    };
    let merged: Vec<WeightedEdge> = edges.into_iter().map(|(e, _)| e).collect();
    (CsrGraph::from_edges(n, &merged), layers)
}

/// For every link endpoint, the nodes of a projection it stands for: an organisation's
/// one region, a cluster's regions, an organisation's clusters (none for an organisation
/// in no cluster). A link `a - b` of weight `w` adds `w / (|T(a)| |T(b)|)` between each
/// target of `a` and each of `b`.
struct TargetTable {
    participants: Targets,
    clusters: Targets,
}

/// The targets of one kind of endpoint.
enum Targets {
    /// None for every endpoint of this kind.
    Nothing,
    /// Exactly one each.
    One(Vec<u32>),
    /// Those of endpoint `i` are `values[offsets[i]..offsets[i + 1]]`.
    Lists { offsets: Vec<u32>, values: Vec<u32> },
}

impl Targets {
    /// The lists `of(item)` (of `len(item)` targets) of every item, gathered in parallel,
    /// in order.
    fn lists<'a, T: Sync, I: Iterator<Item = u32>>(
        items: &'a [T],
        len: impl Fn(&T) -> usize,
        of: impl Fn(&'a T) -> I + Sync + Send,
    ) -> Self {
        let mut offsets = Vec::with_capacity(items.len() + 1);
        offsets.push(0u32);
        let mut total = 0u32;
        for item in items {
            total += len(item) as u32;
            offsets.push(total);
        }
        let values = items
            .par_iter()
            .with_min_len(1 << 12)
            .flat_map_iter(of)
            .collect();
        Targets::Lists { offsets, values }
    }

    #[inline]
    fn of(&self, i: usize) -> &[u32] {
        match self {
            Targets::Nothing => &[],
            Targets::One(v) => std::slice::from_ref(&v[i]),
            Targets::Lists { offsets, values } => {
                &values[offsets[i] as usize..offsets[i + 1] as usize]
            }
        }
    }
}

impl TargetTable {
    fn new(ds: &Dataset, projection: Projection) -> Self {
        let count = |n: usize| Targets::One((0..n as u32).collect());
        match projection {
            Projection::Participants => TargetTable {
                participants: count(ds.participants.len()),
                clusters: Targets::Nothing,
            },
            Projection::Clusters => TargetTable {
                participants: Targets::lists(
                    &ds.participants,
                    |p| p.clusters.len(),
                    |p| p.clusters.iter().map(|c| c.0),
                ),
                clusters: count(ds.clusters.len()),
            },
            Projection::Regions => TargetTable {
                participants: Targets::One(
                    ds.participants
                        .par_iter()
                        .with_min_len(1 << 12)
                        .map(|p| p.region.0)
                        .collect(),
                ),
                clusters: Targets::lists(
                    &ds.clusters,
                    |c| c.regions.len(),
                    |c| c.regions.iter().map(|r| r.0),
                ),
            },
        }
    }

    #[inline]
    fn of(&self, e: Endpoint) -> &[u32] {
        match e {
            Endpoint::Participant(p) => self.participants.of(p.index()),
            Endpoint::Cluster(c) => self.clusters.of(c.index()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_dataset;
    use crate::model::Dataset;
    use std::path::Path;

    fn demo() -> Dataset {
        load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/demo"
        )))
        .expect("demo loads")
    }

    fn weight(p: &Projected, a: &str, b: &str) -> f64 {
        let ia = p.labels.iter().position(|l| l == a).expect("label") as u32;
        let ib = p.labels.iter().position(|l| l == b).expect("label") as u32;
        p.graph
            .neighbors(ia)
            .find(|&(v, _)| v == ib)
            .map(|(_, w)| w)
            .unwrap_or(0.0)
    }

    #[test]
    fn region_projection_matches_hand_computed_weights() {
        let ds = demo();
        let g = CooperationGraph::new(&ds);
        let p = project(&g, &ProjectionSpec::merged(Projection::Regions)).expect("projects");
        assert_eq!(p.graph.node_count(), 5);
        // SA-KOS: P05-P01 (4) + P05-P02 (2) + JEW-DIA cluster link (2) = 8
        assert_eq!(weight(&p, "RU-SA", "RU-KOS"), 8.0);
        assert_eq!(weight(&p, "RU-KOS", "RU-SA"), 8.0);
        // inside Kostroma: P01-P02 3, P01-P03 1, P01-P04 1, P02-P04 2 = 7, a self-loop
        assert_eq!(weight(&p, "RU-KOS", "RU-KOS"), 7.0);
        // MOW-KOS: P11-P01 = 1; MOW-SA: P11-P05 = 1
        assert_eq!(weight(&p, "RU-MOW", "RU-KOS"), 1.0);
        // KDA-MOS: P07-P08 = 2; KDA-MOW: P07-P09 = 3; MOS-MOW: P08-P10 = 1; MOW-MOW: P09-P10 = 2
        assert_eq!(weight(&p, "RU-KDA", "RU-MOS"), 2.0);
        assert_eq!(weight(&p, "RU-KDA", "RU-MOW"), 3.0);
        assert_eq!(weight(&p, "RU-MOS", "RU-MOW"), 1.0);
        assert_eq!(weight(&p, "RU-MOW", "RU-MOW"), 2.0);
        let total: f64 = ds.links.iter().map(|l| l.weight).sum();
        assert!((p.graph.total_weight() - total).abs() < 1e-12);
    }

    #[test]
    fn between_only_leaves_out_the_loops_and_nothing_else() {
        let ds = demo();
        let g = CooperationGraph::new(&ds);
        let all = project(&g, &ProjectionSpec::merged(Projection::Regions)).expect("projects");
        let spec = ProjectionSpec {
            between_only: true,
            layers: true,
            ..ProjectionSpec::merged(Projection::Regions)
        };
        let between = project(&g, &spec).expect("projects");
        assert_eq!(weight(&all, "RU-MOW", "RU-MOW"), 2.0);
        assert_eq!(weight(&between, "RU-MOW", "RU-MOW"), 0.0);
        assert_eq!(weight(&between, "RU-KDA", "RU-MOW"), 3.0);
        let loops: f64 = all.graph.edges().filter(|e| e.0 == e.1).map(|e| e.2).sum();
        assert!(loops > 0.0);
        assert!(between.graph.edges().all(|e| e.0 != e.1));
        assert!((between.graph.total_weight() - (all.graph.total_weight() - loops)).abs() < 1e-12);
        for layer in &between.layers {
            assert!(layer.graph.edges().all(|e| e.0 != e.1), "{}", layer.sector);
        }
        let layer_total: f64 = between.layers.iter().map(|l| l.graph.total_weight()).sum();
        assert!((layer_total - between.graph.total_weight()).abs() < 1e-12);
    }

    #[test]
    fn dense_and_edge_list_paths_give_the_same_graphs() {
        let russia = load_dataset(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/datasets/russia"
        )))
        .expect("russia loads");
        let mut compared = 0;
        for ds in [demo(), russia] {
            for projection in Projection::ALL {
                for (layers, between_only, sectors) in [
                    (false, false, vec![]),
                    (true, false, vec![]),
                    (true, true, vec![]),
                    (false, true, vec!["C".to_string()]),
                ] {
                    let spec = ProjectionSpec {
                        projection,
                        sectors,
                        layers,
                        between_only,
                        ..Default::default()
                    };
                    // Only where the dense matrices stay small (32 MB per block).
                    let n = match projection {
                        Projection::Participants => ds.participants.len(),
                        Projection::Clusters => ds.clusters.len(),
                        Projection::Regions => ds.regions.len(),
                    };
                    if n * (n + 1) / 2 * 100 > 1 << 22 {
                        continue;
                    }
                    let dense = project_with(&ds, &spec, 1 << 22).expect("projects");
                    let lists = project_with(&ds, &spec, 0).expect("projects");
                    let same = |a: &CsrGraph, b: &CsrGraph| {
                        let ea: Vec<_> = a.edges().collect();
                        let eb: Vec<_> = b.edges().collect();
                        ea.len() == eb.len()
                            && ea.iter().zip(&eb).all(|(x, y)| {
                                x.0 == y.0 && x.1 == y.1 && (x.2 - y.2).abs() <= 1e-9 * x.2.abs()
                            })
                    };
                    assert!(same(&dense.graph, &lists.graph), "{spec:?}");
                    assert_eq!(dense.layers.len(), lists.layers.len(), "{spec:?}");
                    for (a, b) in dense.layers.iter().zip(&lists.layers) {
                        assert_eq!(a.sector, b.sector);
                        assert!(same(&a.graph, &b.graph), "{spec:?} {}", a.sector);
                    }
                    assert_eq!(dense.dropped_links, lists.dropped_links);
                    compared += dense.graph.edge_count();
                }
            }
        }
        assert!(compared > 1000);
    }

    #[test]
    fn cluster_projection_splits_and_drops_unclustered() {
        let ds = demo();
        let g = CooperationGraph::new(&ds);
        let p = project(&g, &ProjectionSpec::merged(Projection::Clusters)).expect("projects");
        assert_eq!(p.graph.node_count(), 3);
        // JEW-DIA: P05-P01 4 + P05-P02 2 + cluster link 2 = 8
        assert_eq!(weight(&p, "JEW", "DIA"), 8.0);
        // P11 is in no cluster: its two links are dropped
        assert_eq!(p.dropped_links, 2);
        assert_eq!(weight(&p, "PHD", "PHD"), 2.0 + 3.0 + 2.0 + 1.0);
    }

    #[test]
    fn participant_projection_and_sector_layers() {
        let ds = demo();
        let g = CooperationGraph::new(&ds);
        let spec = ProjectionSpec {
            projection: Projection::Participants,
            layers: true,
            ..Default::default()
        };
        let p = project(&g, &spec).expect("projects");
        assert_eq!(p.graph.node_count(), 11);
        assert_eq!(p.dropped_links, 1); // the cluster-to-cluster link
        let sectors: Vec<&str> = p.layers.iter().map(|l| l.sector.as_str()).collect();
        assert_eq!(sectors, vec!["08", "21", "32", "72"]);
        let layer_total: f64 = p.layers.iter().map(|l| l.graph.total_weight()).sum();
        assert!((layer_total - p.graph.total_weight()).abs() < 1e-12);
        // only the mining layer, by a section filter
        let spec = ProjectionSpec {
            projection: Projection::Participants,
            sectors: vec!["B".into()],
            ..Default::default()
        };
        let p = project(&g, &spec).expect("projects");
        assert_eq!(p.graph.total_weight(), 4.0 + 2.0 + 1.0);
        assert!(
            project(
                &g,
                &ProjectionSpec {
                    sectors: vec!["x".into()],
                    ..Default::default()
                }
            )
            .is_err()
        );
    }
}
