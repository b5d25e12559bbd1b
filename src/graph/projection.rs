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

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::csr::CsrGraph;
use super::multigraph::{CooperationGraph, EdgeKind, Node};
use crate::error::{Error, Result};
use crate::model::SectorLevel;

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

/// Projects `graph` as `spec` says.
///
/// # Errors
///
/// [`Error::Parameter`] when a sector filter is not a sector code.
pub fn project(graph: &CooperationGraph<'_>, spec: &ProjectionSpec) -> Result<Projected> {
    let ds = graph.dataset();
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
        Projection::Participants => ds.participants.iter().map(|p| p.id.clone()).collect(),
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
    let raw = graph.graph().raw_edges();
    // What every node of the multigraph stands for, in compact arrays: the
    // passes below read these instead of the records (far fewer cache misses).
    let table = TargetTable::new(graph, spec.projection);
    let ends = |e: &petgraph::graph::Edge<super::Edge, u32>| -> Option<(&[u32], &[u32])> {
        if e.weight.kind != EdgeKind::Cooperation || !keep_sector[e.weight.sector.index()] {
            return None;
        }
        let (ta, tb) = (table.of(e.source().index()), table.of(e.target().index()));
        (!ta.is_empty() && !tb.is_empty()).then_some((ta, tb))
    };
    let cooperation = raw
        .par_iter()
        .filter(|e| e.weight.kind == EdgeKind::Cooperation)
        .count();
    let kept = raw
        .par_iter()
        .with_min_len(1 << 14)
        .filter(|e| ends(e).is_some())
        .count();
    let dropped_links = cooperation - kept;
    // Every projected edge, in link order (rayon's collect keeps it), with no
    // allocation per link: most links add exactly one edge.
    let merged: Vec<WeightedEdge> = raw
        .par_iter()
        .with_min_len(1 << 14)
        .flat_map_iter(|e| {
            let pairs = ends(e);
            let share = pairs.as_ref().map_or(0.0, |(ta, tb)| {
                e.weight.weight / (ta.len() * tb.len()) as f64
            });
            pairs.into_iter().flat_map(move |(ta, tb)| {
                ta.iter()
                    .flat_map(move |&x| tb.iter().map(move |&y| (x, y, share)))
            })
        })
        .collect();
    let layers = if spec.layers {
        // The sector of each projected edge, in the same order.
        let sectors: Vec<u32> = raw
            .par_iter()
            .with_min_len(1 << 14)
            .flat_map_iter(|e| {
                let count = ends(e).map_or(0, |(ta, tb)| ta.len() * tb.len());
                std::iter::repeat_n(e.weight.sector.0, count)
            })
            .collect();
        let mut by_sector: BTreeMap<String, Vec<WeightedEdge>> = BTreeMap::new();
        let mut key_of: Vec<Option<String>> = vec![None; ds.sectors.len()];
        for (edge, &sector) in merged.iter().zip(&sectors) {
            if spec.between_only && edge.0 == edge.1 {
                continue;
            }
            let key = key_of[sector as usize].get_or_insert_with(|| {
                let code = ds.sectors.code(crate::model::SectorId(sector));
                ds.sectors
                    .code_at(code, spec.layer_level)
                    .unwrap_or_else(|| code.to_string())
            });
            by_sector.entry(key.clone()).or_default().push(*edge);
        }
        by_sector
            .into_iter()
            .map(|(sector, edges)| Layer {
                sector,
                graph: CsrGraph::from_edges(n, &edges),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut merged = merged;
    if spec.between_only {
        merged.retain(|&(x, y, _)| x != y);
    }
    Ok(Projected {
        spec: spec.clone(),
        labels,
        graph: CsrGraph::from_edges(n, &merged),
        layers,
        dropped_links,
    })
}

/// For every node of the multigraph, the nodes of a projection it stands
/// for: an organisation's one region, a cluster's regions, an organisation's
/// clusters (none for an organisation in no cluster). A link `a - b` of weight
/// `w` adds `w / (|T(a)| |T(b)|)` between each target of `a` and each of `b`.
struct TargetTable {
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl TargetTable {
    fn new(graph: &CooperationGraph<'_>, projection: Projection) -> Self {
        let ds = graph.dataset();
        let g = graph.graph();
        let mut offsets = Vec::with_capacity(g.node_count() + 1);
        let mut values = Vec::with_capacity(g.node_count());
        offsets.push(0u32);
        for n in g.node_weights() {
            match (projection, *n) {
                (Projection::Participants, Node::Participant(p)) => values.push(p.0),
                (Projection::Participants, _) => {}
                (Projection::Clusters, Node::Participant(p)) => {
                    values.extend(ds.participant(p).clusters.iter().map(|c| c.0))
                }
                (Projection::Clusters, Node::Cluster(c)) => values.push(c.0),
                (Projection::Regions, Node::Participant(p)) => {
                    values.push(ds.participant(p).region.0)
                }
                (Projection::Regions, Node::Cluster(c)) => {
                    values.extend(ds.cluster(c).regions.iter().map(|r| r.0))
                }
                (_, Node::Region(r)) => values.push(r.0),
            }
            offsets.push(values.len() as u32);
        }
        TargetTable { offsets, values }
    }

    fn of(&self, node: usize) -> &[u32] {
        &self.values[self.offsets[node] as usize..self.offsets[node + 1] as usize]
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
