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
    /// The weight of every arc, or empty when every weight is 1 (see [`CsrGraph::weights`]).
    weights: Vec<f64>,
    strength: Vec<f64>,
    total_weight: f64,
}

/// Arcs per task of the parallel whole-graph passes (checks, strengths).
const ARCS_PER_TASK: usize = 1 << 16;

/// The weights of a graph's arcs as the algorithms read them: stored, or all 1 (an
/// unweighted graph: nothing to read, 8 bytes per arc less to hold and stream).
pub(crate) trait ArcWeights: Copy + Send + Sync {
    /// The weights of the arcs `range`, in order.
    fn slice(self, range: std::ops::Range<usize>) -> impl Iterator<Item = f64> + Clone;
}

/// Every arc weighs 1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit;

impl ArcWeights for Unit {
    #[inline(always)]
    fn slice(self, range: std::ops::Range<usize>) -> impl Iterator<Item = f64> + Clone {
        std::iter::repeat_n(1.0, range.len())
    }
}

impl ArcWeights for &[f64] {
    #[inline(always)]
    fn slice(self, range: std::ops::Range<usize>) -> impl Iterator<Item = f64> + Clone {
        self[range].iter().copied()
    }
}

/// Calls `$body` with `$w` bound to the arc weights of `$graph`, monomorphised for
/// unweighted graphs ([`Unit`]) and stored weights (`&[f64]`).
macro_rules! with_weights {
    ($graph:expr, |$w:ident| $body:expr) => {
        match $graph.stored_weights() {
            None => {
                let $w = $crate::graph::csr::Unit;
                $body
            }
            Some(stored) => {
                let $w: &[f64] = stored;
                $body
            }
        }
    };
}
pub(crate) use with_weights;

/// Rows at least this many times longer than the node count are merged with
/// a dense accumulator instead of a sort (projections onto few regions).
const DENSE_ROW_FACTOR: usize = 1;

/// Sorts one row by target and merges duplicate targets by summing their
/// weights in input order; returns the merged length (the row's prefix).
/// Long rows over few nodes are merged with the dense accumulator `dense`
/// instead, which sums in the same order and gives the same result.
fn merge_row(t: &mut [u32], w: &mut [f64], n: usize, dense: &mut Vec<(f64, bool)>) -> usize {
    if t.len() <= 1 {
        return t.len();
    }
    if t.len() >= DENSE_ROW_FACTOR * n {
        dense.clear();
        dense.resize(n, (0.0, false));
        for (&v, &x) in t.iter().zip(w.iter()) {
            let cell = &mut dense[v as usize];
            cell.0 = if cell.1 { cell.0 + x } else { x };
            cell.1 = true;
        }
        let mut len = 0;
        for (v, &(x, seen)) in dense.iter().enumerate() {
            if seen {
                t[len] = v as u32;
                w[len] = x;
                len += 1;
            }
        }
        return len;
    }
    if t.windows(2).any(|p| p[0] >= p[1]) {
        let mut pairs: Vec<(u32, f64)> = t.iter().copied().zip(w.iter().copied()).collect();
        pairs.sort_by_key(|&(v, _)| v); // stable: duplicates keep their input order
        for (i, (v, x)) in pairs.into_iter().enumerate() {
            t[i] = v;
            w[i] = x;
        }
    }
    let mut len = 0;
    for i in 0..t.len() {
        if len > 0 && t[len - 1] == t[i] {
            w[len - 1] += w[i];
        } else {
            t[len] = t[i];
            w[len] = w[i];
            len += 1;
        }
    }
    len
}

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
        // Bucket the arcs by source (a counting sort: both directions of
        // every non-loop edge, one arc for a loop), in input order.
        let mut start = vec![0usize; n + 1];
        for &(u, v, _) in edges {
            assert!(
                (u as usize) < n && (v as usize) < n,
                "edge ({u}, {v}) outside 0..{n}"
            );
            start[u as usize + 1] += 1;
            if u != v {
                start[v as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let arcs = start[n];
        let mut targets = vec![0u32; arcs];
        let mut weights = vec![0.0f64; arcs];
        let mut next = start.clone();
        for &(u, v, w) in edges {
            let i = next[u as usize];
            targets[i] = v;
            weights[i] = w;
            next[u as usize] += 1;
            if u != v {
                let j = next[v as usize];
                targets[j] = u;
                weights[j] = w;
                next[v as usize] += 1;
            }
        }
        drop(next);
        // Each row: sort by target and merge duplicates, in place, in parallel.
        let mut rows: Vec<(&mut [u32], &mut [f64])> = Vec::with_capacity(n);
        {
            let (mut t_rest, mut w_rest) = (&mut targets[..], &mut weights[..]);
            for u in 0..n {
                let len = start[u + 1] - start[u];
                let (t, tr) = t_rest.split_at_mut(len);
                let (w, wr) = w_rest.split_at_mut(len);
                rows.push((t, w));
                t_rest = tr;
                w_rest = wr;
            }
        }
        let lens: Vec<usize> = rows
            .into_par_iter()
            .with_min_len(256)
            .map_init(Vec::new, |dense, (t, w)| merge_row(t, w, n, dense))
            .collect();
        // Compact the rows.
        let mut offsets = vec![0usize; n + 1];
        let mut write = 0;
        for u in 0..n {
            let (from, len) = (start[u], lens[u]);
            targets.copy_within(from..from + len, write);
            weights.copy_within(from..from + len, write);
            write += len;
            offsets[u + 1] = write;
        }
        targets.truncate(write);
        weights.truncate(write);
        targets.shrink_to_fit();
        weights.shrink_to_fit();
        Self::from_checked_rows(offsets, targets, weights)
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
        let bad_offsets = offsets
            .par_windows(2)
            .with_min_len(ARCS_PER_TASK)
            .any(|w| w[0] > w[1]);
        let bad_target = targets
            .par_iter()
            .with_min_len(ARCS_PER_TASK)
            .any(|&t| t as usize >= n);
        if bad_offsets || bad_target {
            return None;
        }
        Some(Self::from_checked_rows(offsets, targets, weights))
    }

    /// [`CsrGraph::from_raw_parts`] for rows known to be consistent, in any order within a
    /// row (aggregation inside community detection writes each row in order of first
    /// appearance; nothing outside the crate sees such a graph unsorted).
    pub(crate) fn from_checked_rows(
        offsets: Vec<usize>,
        targets: Vec<u32>,
        weights: Vec<f64>,
    ) -> Self {
        // An unweighted graph keeps no weights: every algorithm reads 1 instead.
        let unit = weights
            .par_iter()
            .with_min_len(ARCS_PER_TASK)
            .all(|&w| w == 1.0);
        let weights = if unit { Vec::new() } else { weights };
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

    /// A graph from consistent rows (in any order within a row) with their strengths and
    /// total weight already known (aggregation sums them as it goes).
    pub(crate) fn from_rows(
        offsets: Vec<usize>,
        targets: Vec<u32>,
        weights: Vec<f64>,
        strength: Vec<f64>,
        total_weight: f64,
    ) -> Self {
        let unit = weights
            .par_iter()
            .with_min_len(ARCS_PER_TASK)
            .all(|&w| w == 1.0);
        CsrGraph {
            offsets,
            targets,
            weights: if unit { Vec::new() } else { weights },
            strength,
            total_weight,
        }
    }

    /// Sorts every row by target (rows built by [`CsrGraph::from_checked_rows`] may be in
    /// any order).
    pub(crate) fn sort_rows(&mut self) {
        let offsets = &self.offsets;
        let mut rows: Vec<(&mut [u32], &mut [f64])> = Vec::with_capacity(offsets.len());
        let unit = self.weights.is_empty();
        let mut no_weights: Vec<f64> = Vec::new();
        let (mut t_rest, mut w_rest) = if unit {
            no_weights.resize(self.targets.len(), 1.0);
            (&mut self.targets[..], &mut no_weights[..])
        } else {
            (&mut self.targets[..], &mut self.weights[..])
        };
        for pair in offsets.windows(2) {
            let (t, tr) = t_rest.split_at_mut(pair[1] - pair[0]);
            let (w, wr) = w_rest.split_at_mut(pair[1] - pair[0]);
            rows.push((t, w));
            t_rest = tr;
            w_rest = wr;
        }
        rows.into_par_iter().with_min_len(256).for_each(|(t, w)| {
            if t.windows(2).any(|p| p[0] > p[1]) {
                let mut pairs: Vec<(u32, f64)> = t.iter().copied().zip(w.iter().copied()).collect();
                pairs.sort_by_key(|&(v, _)| v);
                for (i, (v, x)) in pairs.into_iter().enumerate() {
                    t[i] = v;
                    w[i] = x;
                }
            }
        });
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
        // Fixed chunks summed in order: the total is identical at any thread count.
        let partial: Vec<f64> = strength
            .par_chunks(1 << 14)
            .map(|c| c.iter().sum::<f64>())
            .collect();
        let twice: f64 = partial.iter().sum();
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
            .into_par_iter()
            .with_min_len(4096)
            .filter(|&u| self.row_targets(u).contains(&u))
            .count();
        (self.targets.len() - loops) / 2 + loops
    }

    /// Number of stored arcs (twice the non-loop edges plus the loops).
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// The neighbours of `u` with edge weights, sorted by neighbour id.
    pub fn neighbors(&self, u: u32) -> impl ExactSizeIterator<Item = (u32, f64)> + '_ {
        let range = self.row_range(u);
        let unit = self.weights.is_empty();
        range.map(move |i| (self.targets[i], if unit { 1.0 } else { self.weights[i] }))
    }

    /// The arcs of row `u`: indices into [`CsrGraph::targets`] (and the weights).
    #[inline]
    pub fn row_range(&self, u: u32) -> std::ops::Range<usize> {
        self.offsets[u as usize]..self.offsets[u as usize + 1]
    }

    /// The neighbour ids of `u`, sorted.
    #[inline]
    pub fn row_targets(&self, u: u32) -> &[u32] {
        &self.targets[self.row_range(u)]
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

    /// All arc weights, row by row, or `None` when every weight is 1: an unweighted graph
    /// stores no weights (8 bytes per arc less; [`CsrGraph::neighbors`] yields 1).
    pub fn weights(&self) -> Option<&[f64]> {
        self.stored_weights()
    }

    /// See [`CsrGraph::weights`].
    #[inline]
    pub(crate) fn stored_weights(&self) -> Option<&[f64]> {
        (!self.weights.is_empty() || self.targets.is_empty()).then_some(&self.weights[..])
    }

    /// Whether every arc weighs 1 (no weights stored).
    pub fn is_unweighted(&self) -> bool {
        self.stored_weights().is_none()
    }

    /// Every undirected edge once, as `(u, v, w)` with `u <= v`.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        (0..self.node_count() as u32).flat_map(move |u| {
            self.neighbors(u)
                .filter(move |&(v, _)| u <= v)
                .map(move |(v, w)| (u, v, w))
        })
    }

    /// The same graph with its nodes renumbered: new node `i` is old node `old_of[i]`, and
    /// old node `v` is new node `new_of[v]` (two inverse permutations of `0..n`). Each row
    /// keeps its arcs in their order, targets renamed, so that every sum over a row is the
    /// same as before; rows need not be sorted afterwards (community detection reads them
    /// in any order). Community detection renumbers a large graph so that the members of a
    /// community are close in memory (see `community::leiden`).
    pub(crate) fn renumbered(&self, old_of: &[u32], new_of: &[u32]) -> CsrGraph {
        let n = self.node_count();
        debug_assert!(old_of.len() == n && new_of.len() == n);
        // Row offsets: degrees in the new order, prefix-summed by fixed chunks (parallel
        // sums, then a serial pass over the chunk totals).
        const CHUNK: usize = 1 << 14;
        let degrees: Vec<usize> = old_of
            .par_iter()
            .with_min_len(CHUNK)
            .map(|&v| self.degree(v))
            .collect();
        let mut offsets = vec![0usize; n + 1];
        let totals: Vec<usize> = offsets[1..]
            .par_chunks_mut(CHUNK)
            .zip(degrees.par_chunks(CHUNK))
            .map(|(out, d)| {
                let mut acc = 0;
                for (o, &x) in out.iter_mut().zip(d) {
                    acc += x;
                    *o = acc;
                }
                acc
            })
            .collect();
        drop(degrees);
        let mut base = Vec::with_capacity(totals.len());
        let mut acc = 0;
        for t in totals {
            base.push(acc);
            acc += t;
        }
        offsets[1..]
            .par_chunks_mut(CHUNK)
            .zip(base.par_iter())
            .for_each(|(out, &b)| out.iter_mut().for_each(|o| *o += b));
        // Rows in tasks of about ARCS_PER_TASK arcs, each writing its own slice.
        let unit = self.weights.is_empty();
        let mut targets = vec![0u32; self.targets.len()];
        let mut weights = vec![0.0f64; if unit { 0 } else { self.weights.len() }];
        let mut tasks = Vec::new();
        {
            let (mut t_rest, mut w_rest) = (&mut targets[..], &mut weights[..]);
            let mut first = 0usize;
            while first < n {
                let mut last = first + 1;
                while last < n && offsets[last] - offsets[first] < ARCS_PER_TASK {
                    last += 1;
                }
                let len = offsets[last] - offsets[first];
                let (t, tr) = t_rest.split_at_mut(len);
                let (w, wr) = w_rest.split_at_mut(if unit { 0 } else { len });
                tasks.push((first..last, t, w));
                t_rest = tr;
                w_rest = wr;
                first = last;
            }
        }
        tasks.into_par_iter().for_each(|(rows, t, w)| {
            let mut at = 0;
            for i in rows {
                let range = self.row_range(old_of[i]);
                let len = range.len();
                for (out, &u) in t[at..at + len].iter_mut().zip(&self.targets[range.clone()]) {
                    *out = new_of[u as usize];
                }
                if !unit {
                    w[at..at + len].copy_from_slice(&self.weights[range]);
                }
                at += len;
            }
        });
        let strength: Vec<f64> = old_of
            .par_iter()
            .with_min_len(CHUNK)
            .map(|&v| self.strength[v as usize])
            .collect();
        CsrGraph {
            offsets,
            targets,
            weights,
            strength,
            total_weight: self.total_weight,
        }
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
    fn renumbering_keeps_every_arc_and_its_order() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 2.5),
            (2, 3, 1.0),
            (3, 0, 4.0),
            (1, 3, 0.5),
            (2, 2, 1.5),
        ];
        let g = CsrGraph::from_edges(4, &edges);
        let old_of = [2u32, 0, 3, 1];
        let mut new_of = [0u32; 4];
        for (i, &v) in old_of.iter().enumerate() {
            new_of[v as usize] = i as u32;
        }
        let r = g.renumbered(&old_of, &new_of);
        assert_eq!(r.node_count(), 4);
        assert_eq!(r.total_weight(), g.total_weight());
        for (i, &v) in old_of.iter().enumerate() {
            let want: Vec<(u32, f64)> = g
                .neighbors(v)
                .map(|(u, w)| (new_of[u as usize], w))
                .collect();
            assert_eq!(r.neighbors(i as u32).collect::<Vec<_>>(), want, "row {i}");
            assert_eq!(r.strength(i as u32), g.strength(v));
        }
        // An unweighted graph stays unweighted, and many rows span several tasks.
        let n = 3 * ARCS_PER_TASK as u32;
        let ring: Vec<(u32, u32, f64)> = (0..n).map(|v| (v, (v + 1) % n, 1.0)).collect();
        let g = CsrGraph::from_edges(n as usize, &ring);
        let old_of: Vec<u32> = (0..n).rev().collect();
        let r = g.renumbered(&old_of, &old_of);
        assert!(r.is_unweighted());
        for i in 0..n {
            let want: Vec<u32> = g
                .row_targets(n - 1 - i)
                .iter()
                .map(|&u| n - 1 - u)
                .collect();
            assert_eq!(r.row_targets(i), &want[..]);
        }
    }

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
            g.weights().expect("weighted").to_vec(),
        );
        assert_eq!(h.as_ref(), Some(&g));
        assert!(CsrGraph::from_raw_parts(vec![0, 2, 1], vec![0, 0], vec![1.0, 1.0]).is_none());
        assert!(CsrGraph::from_raw_parts(vec![0, 1], vec![5], vec![1.0]).is_none());
    }

    #[test]
    fn large_build_matches_small_build_path() {
        // Rows are merged in parallel, some by sorting and some densely; the result must
        // not depend on the thread count.
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

    #[test]
    fn dense_and_sorted_rows_match_a_plain_merge() {
        // n = 7 with 5000 edges: every row takes the dense path; n = 5000 the sorting one.
        for n in [7u32, 5000] {
            let edges: Vec<(u32, u32, f64)> = (0..5000u32)
                .map(|i| {
                    (
                        i.wrapping_mul(2654435761) % n,
                        i.wrapping_mul(97) % n,
                        0.1 * (1 + i % 13) as f64,
                    )
                })
                .collect();
            let g = CsrGraph::from_edges(n as usize, &edges);
            let mut plain: std::collections::BTreeMap<(u32, u32), f64> =
                std::collections::BTreeMap::new();
            for &(u, v, w) in &edges {
                *plain.entry((u, v)).or_insert(0.0) += w;
                if u != v {
                    *plain.entry((v, u)).or_insert(0.0) += w;
                }
            }
            let got: Vec<((u32, u32), f64)> = (0..n)
                .flat_map(|u| g.neighbors(u).map(move |(v, w)| ((u, v), w)))
                .collect();
            let want: Vec<((u32, u32), f64)> = plain.into_iter().collect();
            assert_eq!(got.len(), want.len());
            for (a, b) in got.iter().zip(&want) {
                assert_eq!(a.0, b.0);
                assert!((a.1 - b.1).abs() < 1e-9);
            }
        }
    }
}
