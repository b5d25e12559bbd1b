//! Aggregation: one node per community, edge weights summed, in parallel.
//!
//! Community `c` becomes node `c` of the aggregate. Its row lists the communities its
//! members link to, with summed weights, sorted by id; the edges inside `c` become one
//! self-loop of their total weight (so that strengths are preserved). Node weights of the
//! objective are summed too. Rows are built by chunks of communities, each in member
//! order, so every sum has a fixed order whatever the number of threads.

use rayon::prelude::*;

use super::moving::Accumulators;
use crate::graph::CsrGraph;

/// Communities per parallel task.
const ROWS_PER_TASK: usize = 256;

/// The aggregate of `graph` by `membership` (ids `0..communities`, every id used), and
/// the summed node weights (`K` per node).
pub(crate) fn aggregate(
    graph: &CsrGraph,
    membership: &[u32],
    communities: usize,
    node_weights: &[f64],
    k: usize,
    accs: &Accumulators,
) -> (CsrGraph, Vec<f64>) {
    let n = graph.node_count();
    let mut offsets = vec![0usize; communities + 1];
    for &c in membership {
        offsets[c as usize + 1] += 1;
    }
    for c in 0..communities {
        offsets[c + 1] += offsets[c];
    }
    let mut members = vec![0u32; n];
    {
        let mut next = offsets.clone();
        for (v, &c) in membership.iter().enumerate() {
            members[next[c as usize]] = v as u32;
            next[c as usize] += 1;
        }
    }
    struct Part {
        lengths: Vec<usize>,
        targets: Vec<u32>,
        weights: Vec<f64>,
        node_weights: Vec<f64>,
    }
    let starts: Vec<usize> = (0..communities).step_by(ROWS_PER_TASK).collect();
    let parts: Vec<Part> = starts
        .par_iter()
        .map(|&first| {
            let last = (first + ROWS_PER_TASK).min(communities);
            let mut part = Part {
                lengths: Vec::with_capacity(last - first),
                targets: Vec::new(),
                weights: Vec::new(),
                node_weights: vec![0.0; (last - first) * k],
            };
            accs.with(|acc| {
                for c in first..last {
                    let mut loop_weight = 0.0;
                    let mut has_loop = false;
                    let nw = &mut part.node_weights[(c - first) * k..(c - first + 1) * k];
                    for &v in &members[offsets[c]..offsets[c + 1]] {
                        for t in 0..k {
                            nw[t] += node_weights[v as usize * k + t];
                        }
                        let (targets, weights) = graph.row(v);
                        for (&u, &w) in targets.iter().zip(weights) {
                            let d = membership[u as usize];
                            if d as usize == c {
                                has_loop = true;
                                loop_weight += if u == v { w } else { w / 2.0 };
                            } else {
                                acc.add(d, w);
                            }
                        }
                    }
                    if has_loop {
                        acc.touched.push(c as u32);
                    }
                    acc.touched.sort_unstable();
                    acc.touched.dedup();
                    for &d in &acc.touched {
                        part.targets.push(d);
                        part.weights.push(if d as usize == c { loop_weight } else { acc.weight[d as usize] });
                    }
                    part.lengths.push(acc.touched.len());
                    acc.clear();
                }
            });
            part
        })
        .collect();
    let arcs: usize = parts.iter().map(|p| p.targets.len()).sum();
    let mut row_offsets = Vec::with_capacity(communities + 1);
    row_offsets.push(0usize);
    let mut targets = Vec::with_capacity(arcs);
    let mut weights = Vec::with_capacity(arcs);
    let mut new_weights = Vec::with_capacity(communities * k);
    for p in parts {
        for len in p.lengths {
            let last = *row_offsets.last().unwrap_or(&0);
            row_offsets.push(last + len);
        }
        targets.extend_from_slice(&p.targets);
        weights.extend_from_slice(&p.weights);
        new_weights.extend_from_slice(&p.node_weights);
    }
    let g = CsrGraph::from_raw_parts(row_offsets, targets, weights).unwrap_or_else(|| {
        // The rows are built consistent by construction; an empty graph is the only safe
        // fallback and is never reached.
        CsrGraph::from_edges(communities, &[])
    });
    (g, new_weights)
}
