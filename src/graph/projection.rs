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
use crate::model::{Dataset, SectorLevel};

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
}

impl Default for ProjectionSpec {
    fn default() -> Self {
        ProjectionSpec {
            projection: Projection::Regions,
            sectors: vec![],
            layers: false,
            layer_level: SectorLevel::Division,
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
    // Per cooperation link: its sector and the projected edges it adds.
    let per_link: Vec<(usize, Vec<WeightedEdge>)> = raw
        .par_iter()
        .with_min_len(1 << 14)
        .filter(|e| e.weight.kind == EdgeKind::Cooperation)
        .map(|e| {
            if !keep_sector[e.weight.sector.index()] {
                return (e.weight.sector.index(), Vec::new());
            }
            let (a, b) = (graph.graph()[e.source()], graph.graph()[e.target()]);
            (
                e.weight.sector.index(),
                spread(ds, spec.projection, a, b, e.weight.weight),
            )
        })
        .collect();
    let dropped_links = per_link.iter().filter(|(_, v)| v.is_empty()).count();
    let merged: Vec<(u32, u32, f64)> = per_link
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let layers = if spec.layers {
        let mut by_sector: BTreeMap<String, Vec<(u32, u32, f64)>> = BTreeMap::new();
        for (sector, edges) in &per_link {
            if edges.is_empty() {
                continue;
            }
            let code = ds.sectors.code(crate::model::SectorId(*sector as u32));
            let key = ds
                .sectors
                .code_at(code, spec.layer_level)
                .unwrap_or_else(|| code.to_string());
            by_sector
                .entry(key)
                .or_default()
                .extend(edges.iter().copied());
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
    Ok(Projected {
        spec: spec.clone(),
        labels,
        graph: CsrGraph::from_edges(n, &merged),
        layers,
        dropped_links,
    })
}

/// The projected edges one cooperation link `a - b` of weight `w` contributes.
fn spread(ds: &Dataset, projection: Projection, a: Node, b: Node, w: f64) -> Vec<(u32, u32, f64)> {
    let targets = |n: Node| -> Vec<u32> {
        match (projection, n) {
            (Projection::Participants, Node::Participant(p)) => vec![p.0],
            (Projection::Participants, _) => vec![],
            (Projection::Clusters, Node::Participant(p)) => {
                ds.participant(p).clusters.iter().map(|c| c.0).collect()
            }
            (Projection::Clusters, Node::Cluster(c)) => vec![c.0],
            (Projection::Regions, Node::Participant(p)) => vec![ds.participant(p).region.0],
            (Projection::Regions, Node::Cluster(c)) => {
                ds.cluster(c).regions.iter().map(|r| r.0).collect()
            }
            (_, Node::Region(r)) => vec![r.0],
        }
    };
    let (ta, tb) = (targets(a), targets(b));
    if ta.is_empty() || tb.is_empty() {
        return Vec::new();
    }
    let share = w / (ta.len() * tb.len()) as f64;
    ta.iter()
        .flat_map(|&x| tb.iter().map(move |&y| (x, y, share)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_dataset;
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
