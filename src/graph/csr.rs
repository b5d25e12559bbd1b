//! The compact view that every algorithm reads: compressed sparse rows over
//! dense `u32` node ids, undirected, with parallel edges merged.
//!
//! # Layout
//!
//! For `n` nodes, `offsets` has `n + 1` entries and the neighbours of node `u`
//! are `targets[offsets[u]..offsets[u + 1]]` with the matching `weights`,
//! sorted by target id. Every undirected edge `{u, v}` with `u != v` is stored
//! twice (once in each row); a self-loop `{u, u}` is stored once, in row `u`.
//!
//! `strength(u)` is the weighted degree: the sum of the row, with a self-loop
//! counted twice, so that the strengths sum to `2 * total_weight()`, the
//! convention of modularity (Newman 2004) and of NetworKit and igraph.
//!
//! ```
//! use coopnet::graph::CsrGraph;
//! // a triangle 0-1-2 with a heavier edge 0-1 given twice (merged) and a loop at 2
//! let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 0, 2.0), (1, 2, 1.0), (2, 0, 1.0), (2, 2, 0.5)]);
//! assert_eq!(g.node_count(), 3);
//! assert_eq!(g.edge_count(), 4); // {0,1} {0,2} {1,2} {2,2}
//! assert_eq!(g.neighbors(0).collect::<Vec<_>>(), vec![(1, 3.0), (2, 1.0)]);
//! assert_eq!(g.strength(2), 1.0 + 1.0 + 2.0 * 0.5);
//! assert_eq!(g.total_weight(), 3.0 + 1.0 + 1.0 + 0.5);
//! ```

use rayon::prelude::*;

/// An undirected weighted graph in compressed sparse row form (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct CsrGraph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    strength: Vec<f64>,
    total_weight: f64,
}

/// Below this many edges the builder sorts on the calling thread: spawning
/// rayon tasks costs more than it saves.
const PARALLEL_THRESHOLD: usize = 1 << 16;

impl CsrGraph {
    /// Builds the graph from undirected edges `(u, v, w)` over nodes `0..n`.
    ///
    /// Edges given more than once (in either direction) are merged by summing
    /// their weights. The result does not depend on the order of `edges` beyond
    /// floating-point summation order, which is fixed by a stable sort, so the
    /// same input gives the same graph at any thread count.
    ///
    /// # Panics
    ///
    /// Panics if an endpoint is `>= n`; callers map user ids to dense ids first
    /// (see [`crate::load::edgelist`]), so this is a programming error.
    pub fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Self {
        // Both directions of every non-loop edge, one entry for a loop.
        let mut arcs: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len() * 2);
        for &(u, v, w) in edges {
            assert!(
                (u as usize) < n && (v as usize) < n,
                "edge ({u}, {v}) outside 0..{n}"
            );
            arcs.push((u, v, w));
            if u != v {
                arcs.push((v, u, w));
            }
        }
        if arcs.len() >= PARALLEL_THRESHOLD {
            arcs.par_sort_by_key(|&(u, v, _)| (u, v));
        } else {
            arcs.sort_by_key(|&(u, v, _)| (u, v));
        }
        Self::from_sorted_arcs(n, arcs)
    }

    /// Builds the graph from arcs already sorted by `(source, target)` that
    /// contain both directions of each undirected edge (loops once). Adjacent
    /// duplicates are merged by summing.
    fn from_sorted_arcs(n: usize, arcs: Vec<(u32, u32, f64)>) -> Self {
        let mut offsets = vec![0usize; n + 1];
        let mut targets = Vec::with_capacity(arcs.len());
        let mut weights: Vec<f64> = Vec::with_capacity(arcs.len());
        let mut last: Option<(u32, u32)> = None;
        for (u, v, w) in arcs {
            if last == Some((u, v)) {
                if let Some(x) = weights.last_mut() {
                    *x += w;
                }
                continue;
            }
            last = Some((u, v));
            targets.push(v);
            weights.push(w);
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut g = CsrGraph {
            offsets,
            targets,
            weights,
            strength: Vec::new(),
            total_weight: 0.0,
        };
        g.finish();
        g
    }

    /// Builds the graph directly from rows: `offsets` (`n + 1` entries), and for
    /// each row targets sorted ascending with their weights, symmetric, loops
    /// once. Used by aggregation steps that already produce this layout.
    ///
    /// Returns `None` if the arrays are inconsistent (lengths, offsets not
    /// increasing, a target out of range).
    pub fn from_raw_parts(
        offsets: Vec<usize>,
        targets: Vec<u32>,
        weights: Vec<f64>,
    ) -> Option<Self> {
        let n = offsets.len().checked_sub(1)?;
        if targets.len() != weights.len() || offsets[0] != 0 || offsets[n] != targets.len() {
            return None;
        }
        if offsets.windows(2).any(|w| w[0] > w[1]) || targets.iter().any(|&t| t as usize >= n) {
            return None;
        }
        let mut g = CsrGraph {
            offsets,
            targets,
            weights,
            strength: Vec::new(),
            total_weight: 0.0,
        };
        g.finish();
        Some(g)
    }

    /// Computes strengths and the total weight from the rows.
    fn finish(&mut self) {
        let n = self.node_count();
        let strength: Vec<f64> = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .map(|u| {
                self.neighbors(u as u32)
                    .map(|(v, w)| if v as usize == u { 2.0 * w } else { w })
                    .sum()
            })
            .collect();
        // Sequential sum: a fixed order keeps the total identical at any thread count.
        let twice: f64 = strength.iter().sum();
        self.strength = strength;
        self.total_weight = twice / 2.0;
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of distinct undirected edges, self-loops included.
    pub fn edge_count(&self) -> usize {
        let loops = (0..self.node_count() as u32)
            .filter(|&u| self.neighbors(u).any(|(v, _)| v == u))
            .count();
        (self.targets.len() - loops) / 2 + loops
    }

    /// Number of stored arcs (twice the non-loop edges plus the loops).
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// The neighbours of `u` with edge weights, sorted by neighbour id.
    pub fn neighbors(&self, u: u32) -> impl ExactSizeIterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[u as usize]..self.offsets[u as usize + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }

    /// The neighbour ids and weights of `u` as slices.
    pub fn row(&self, u: u32) -> (&[u32], &[f64]) {
        let range = self.offsets[u as usize]..self.offsets[u as usize + 1];
        (&self.targets[range.clone()], &self.weights[range])
    }

    /// Number of stored neighbours of `u` (a loop counts once).
    pub fn degree(&self, u: u32) -> usize {
        self.offsets[u as usize + 1] - self.offsets[u as usize]
    }

    /// Weighted degree of `u`, a self-loop counted twice.
    pub fn strength(&self, u: u32) -> f64 {
        self.strength[u as usize]
    }

    /// All strengths, indexed by node.
    pub fn strengths(&self) -> &[f64] {
        &self.strength
    }

    /// Sum of edge weights, each undirected edge once (`m` in modularity).
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// The row offsets (`n + 1` entries).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// All arc targets, row by row.
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// All arc weights, row by row.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Every undirected edge once, as `(u, v, w)` with `u <= v`.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        (0..self.node_count() as u32).flat_map(move |u| {
            self.neighbors(u)
                .filter(move |&(v, _)| u <= v)
                .map(move |(v, w)| (u, v, w))
        })
    }

    /// Approximate heap memory held by the graph, in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.offsets.capacity() * std::mem::size_of::<usize>()
            + self.targets.capacity() * std::mem::size_of::<u32>()
            + self.weights.capacity() * std::mem::size_of::<f64>()
            + self.strength.capacity() * std::mem::size_of::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_graph() {
        let g = CsrGraph::from_edges(3, &[]);
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 0);
        assert_eq!(g.total_weight(), 0.0);
        assert_eq!(g.degree(1), 0);
    }

    #[test]
    fn strengths_sum_to_twice_total_weight() {
        let g = CsrGraph::from_edges(
            4,
            &[
                (0, 1, 1.5),
                (1, 2, 2.0),
                (2, 2, 0.25),
                (3, 0, 1.0),
                (0, 1, 0.5),
            ],
        );
        let sum: f64 = g.strengths().iter().sum();
        assert!((sum - 2.0 * g.total_weight()).abs() < 1e-12);
        assert_eq!(g.neighbors(1).collect::<Vec<_>>(), vec![(0, 2.0), (2, 2.0)]);
        assert_eq!(g.edges().count(), g.edge_count());
    }

    #[test]
    fn raw_parts_round_trip_and_reject_bad_rows() {
        let g = CsrGraph::from_edges(3, &[(0, 1, 1.0), (1, 2, 2.0)]);
        let h = CsrGraph::from_raw_parts(
            g.offsets().to_vec(),
            g.targets().to_vec(),
            g.weights().to_vec(),
        );
        assert_eq!(h.as_ref(), Some(&g));
        assert!(CsrGraph::from_raw_parts(vec![0, 2, 1], vec![0, 0], vec![1.0, 1.0]).is_none());
        assert!(CsrGraph::from_raw_parts(vec![0, 1], vec![5], vec![1.0]).is_none());
    }

    #[test]
    fn large_build_matches_small_build_path() {
        // Above PARALLEL_THRESHOLD the builder sorts in parallel; the result must equal a
        // graph built edge by edge in a fixed order.
        let n = 5000u32;
        let edges: Vec<(u32, u32, f64)> = (0..40_000u32)
            .map(|i| {
                (
                    i.wrapping_mul(2654435761) % n,
                    i.wrapping_mul(40503) % n,
                    1.0 + (i % 7) as f64,
                )
            })
            .collect();
        let a = CsrGraph::from_edges(n as usize, &edges);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let b = pool.install(|| CsrGraph::from_edges(n as usize, &edges));
        assert_eq!(a, b);
    }
}
