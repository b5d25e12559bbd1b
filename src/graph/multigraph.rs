//! The cooperation multigraph: every region, cluster and organisation as a
//! petgraph node, every location, membership and cooperation link as an edge.
//!
//! Node indices are laid out by kind, so a record's node is found without a
//! lookup: regions first, then clusters, then participants. Parallel edges
//! (two organisations cooperating in two sectors) are kept as separate edges.
//!
//! ```
//! use coopnet::graph::{CooperationGraph, EdgeKind};
//! let ds = coopnet::load::load_dataset(std::path::Path::new("datasets/demo")).unwrap();
//! let g = CooperationGraph::new(&ds);
//! assert_eq!(g.graph().node_count(), ds.regions.len() + ds.clusters.len() + ds.participants.len());
//! assert_eq!(g.edges_of_kind(EdgeKind::Cooperation).count(), ds.links.len());
//! ```

use petgraph::graph::{DiGraph, EdgeIndex, EdgeReference, NodeIndex};
use serde::Serialize;

use crate::model::{ClusterId, Dataset, Endpoint, ParticipantId, RegionId, SectorId};

/// What a node of the multigraph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "lowercase")]
pub enum Node {
    /// A region.
    Region(RegionId),
    /// A cluster.
    Cluster(ClusterId),
    /// A participating organisation.
    Participant(ParticipantId),
}

/// The kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// A cluster or participant is located in a region (cluster or participant -> region).
    Location,
    /// A participant is a member of a cluster (participant -> cluster).
    Membership,
    /// A cooperation link from `links.csv` (source -> target).
    Cooperation,
}

/// An edge of the multigraph: its kind, sector and weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Edge {
    /// Location, membership or cooperation.
    pub kind: EdgeKind,
    /// The sector: the link's, or the located or member organisation's (the cluster's for clusters).
    pub sector: SectorId,
    /// The link's weight; 1 for location and membership.
    pub weight: f64,
    /// For cooperation edges, the index of the link in [`Dataset::links`].
    pub link: Option<u32>,
}

/// The multigraph of a dataset (see the module docs).
#[derive(Debug, Clone)]
pub struct CooperationGraph<'a> {
    dataset: &'a Dataset,
    graph: DiGraph<Node, Edge, u32>,
}

impl<'a> CooperationGraph<'a> {
    /// Builds the multigraph of `dataset`.
    pub fn new(dataset: &'a Dataset) -> Self {
        let ds = dataset;
        let memberships: usize = ds.participants.iter().map(|p| p.clusters.len()).sum();
        let locations: usize =
            ds.participants.len() + ds.clusters.iter().map(|c| c.regions.len()).sum::<usize>();
        let mut graph = DiGraph::with_capacity(
            ds.regions.len() + ds.clusters.len() + ds.participants.len(),
            locations + memberships + ds.links.len(),
        );
        for i in 0..ds.regions.len() {
            graph.add_node(Node::Region(RegionId(i as u32)));
        }
        for i in 0..ds.clusters.len() {
            graph.add_node(Node::Cluster(ClusterId(i as u32)));
        }
        for i in 0..ds.participants.len() {
            graph.add_node(Node::Participant(ParticipantId(i as u32)));
        }
        let mut g = CooperationGraph { dataset, graph };
        for (i, c) in ds.clusters.iter().enumerate() {
            let from = g.cluster_node(ClusterId(i as u32));
            for &r in &c.regions {
                let e = Edge {
                    kind: EdgeKind::Location,
                    sector: c.sector,
                    weight: 1.0,
                    link: None,
                };
                g.graph.add_edge(from, g.region_node(r), e);
            }
        }
        for (i, p) in ds.participants.iter().enumerate() {
            let from = g.participant_node(ParticipantId(i as u32));
            let e = Edge {
                kind: EdgeKind::Location,
                sector: p.sector,
                weight: 1.0,
                link: None,
            };
            g.graph.add_edge(from, g.region_node(p.region), e);
            for &c in &p.clusters {
                let e = Edge {
                    kind: EdgeKind::Membership,
                    sector: p.sector,
                    weight: 1.0,
                    link: None,
                };
                g.graph.add_edge(from, g.cluster_node(c), e);
            }
        }
        for (i, l) in ds.links.iter().enumerate() {
            let e = Edge {
                kind: EdgeKind::Cooperation,
                sector: l.sector,
                weight: l.weight,
                link: Some(i as u32),
            };
            g.graph
                .add_edge(g.endpoint_node(l.source), g.endpoint_node(l.target), e);
        }
        g
    }

    /// The dataset behind the graph.
    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The petgraph graph.
    pub fn graph(&self) -> &DiGraph<Node, Edge, u32> {
        &self.graph
    }

    /// The node of a region.
    pub fn region_node(&self, r: RegionId) -> NodeIndex {
        NodeIndex::new(r.index())
    }

    /// The node of a cluster.
    pub fn cluster_node(&self, c: ClusterId) -> NodeIndex {
        NodeIndex::new(self.dataset.regions.len() + c.index())
    }

    /// The node of a participant.
    pub fn participant_node(&self, p: ParticipantId) -> NodeIndex {
        NodeIndex::new(self.dataset.regions.len() + self.dataset.clusters.len() + p.index())
    }

    /// The node of a link endpoint.
    pub fn endpoint_node(&self, e: Endpoint) -> NodeIndex {
        match e {
            Endpoint::Participant(p) => self.participant_node(p),
            Endpoint::Cluster(c) => self.cluster_node(c),
        }
    }

    /// The user id of a node (`RU-KOS`, a cluster id, a participant id).
    pub fn node_id(&self, n: NodeIndex) -> &'a str {
        match self.graph[n] {
            Node::Region(r) => &self.dataset.region(r).id,
            Node::Cluster(c) => &self.dataset.cluster(c).id,
            Node::Participant(p) => &self.dataset.participant(p).id,
        }
    }

    /// All edges of one kind.
    pub fn edges_of_kind(
        &self,
        kind: EdgeKind,
    ) -> impl Iterator<Item = EdgeReference<'_, Edge, u32>> {
        self.graph
            .edge_references()
            .filter(move |e| e.weight().kind == kind)
    }

    /// The edge of link `i` of the dataset. Cooperation edges are added last, in link order.
    pub fn link_edge(&self, i: usize) -> EdgeIndex {
        EdgeIndex::new(self.graph.edge_count() - self.dataset.links.len() + i)
    }
}
