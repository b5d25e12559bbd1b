//! The phases of Leiden and Louvain one at a time, for benchmarks and experiments.
//!
//! [`super::leiden()`] and [`super::louvain()`] chain these on ever smaller graphs; here each
//! runs once on a given graph and partition, with the same determinism guarantees.
//!
//! ```
//! use coopnet::community::{phases, Quality};
//! use coopnet::graph::CsrGraph;
//! let g = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0), (1, 2, 0.1)]);
//! let (moved, k) = phases::move_nodes(&g, Quality::default(), (0..4).collect(), 1);
//! assert_eq!(k, 2);
//! let (refined, r) = phases::refine_partition(&g, Quality::default(), &moved, 0.01, 1);
//! assert_eq!((refined.len(), r), (4, 2));
//! let aggregate = phases::aggregate_graph(&g, &moved);
//! assert_eq!(aggregate.node_count(), 2);
//! assert!((aggregate.total_weight() - g.total_weight()).abs() < 1e-12);
//! ```

use super::Quality;
use super::aggregate::aggregate;
use super::gather::Gathers;
use super::leiden::{node_order, stream_seed};
use super::moving::{MoveState, move_nodes as move_all};
use super::objective::Objective;
use super::partition::{Groups, canonical};
use super::refine::refine;
use crate::graph::CsrGraph;

/// Local moving from `membership` (ids `< n`) until no node moves; returns the canonical
/// partition and its number of communities.
///
/// # Panics
///
/// Panics if `membership` does not have one id `< n` per node.
pub fn move_nodes(
    graph: &CsrGraph,
    quality: Quality,
    membership: Vec<u32>,
    seed: u64,
) -> (Vec<u32>, usize) {
    let obj = Objective::single(graph, quality);
    let n = graph.node_count();
    let order = node_order(n, seed, 0, 0);
    let mut state = MoveState::new(&obj, membership);
    move_all(graph, &obj, &mut state, &order, &Gathers::new(), 0.0);
    canonical(&state.membership)
}

/// Leiden's refinement of `membership`; returns the refined partition and its number of
/// communities.
///
/// # Panics
///
/// Panics if `membership` does not have one entry per node.
pub fn refine_partition(
    graph: &CsrGraph,
    quality: Quality,
    membership: &[u32],
    randomness: f64,
    seed: u64,
) -> (Vec<u32>, usize) {
    let obj = Objective::single(graph, quality);
    let (m, k) = canonical(membership);
    let theta = super::leiden::absolute_theta(graph, randomness);
    let refined = refine(graph, &obj, &m, k, theta, stream_seed(seed, 0, 0, 2));
    let count = refined.count();
    (refined.membership, count)
}

/// The aggregate graph of `membership`: one node per community (in canonical order),
/// edge weights summed, internal edges as self-loops.
///
/// # Panics
///
/// Panics if `membership` does not have one entry per node.
pub fn aggregate_graph(graph: &CsrGraph, membership: &[u32]) -> CsrGraph {
    let (m, k) = canonical(membership);
    let mut g = aggregate(
        graph,
        &m,
        &Groups::of(&m, k),
        &vec![0.0; graph.node_count()],
        1,
        &Gathers::new(),
    )
    .0;
    g.sort_rows();
    g
}
