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
    let starts: Vec<usize> = (0..communities).step_by(ROWS_PER_TASK).collect();
    // Pass 1: the length of every row, so that the aggregate is allocated once at its
    // exact size (no per-task copies: aggregates of refined partitions can be nearly as
    // large as the graph).
    let lengths: Vec<Vec<u32>> = starts
        .par_iter()
        .map(|&first| {
            let last = (first + ROWS_PER_TASK).min(communities);
            accs.with(|acc| {
                (first..last)
                    .map(|c| {
                        for &v in &members[offsets[c]..offsets[c + 1]] {
                            for &u in graph.row(v).0 {
                                acc.add(membership[u as usize], 1.0);
                            }
                        }
                        let len = acc.touched.len() as u32;
                        acc.clear();
                        len
                    })
                    .collect()
            })
        })
        .collect();
    let mut row_offsets = Vec::with_capacity(communities + 1);
    row_offsets.push(0usize);
    for lens in &lengths {
        for &l in lens {
            let last = *row_offsets.last().unwrap_or(&0);
            row_offsets.push(last + l as usize);
        }
    }
    let arcs = row_offsets[communities];
    let mut targets = vec![0u32; arcs];
    let mut weights = vec![0.0f64; arcs];
    let mut new_weights = vec![0.0f64; communities * k];
    // Pass 2: fill each task's rows in its own slices.
    // (first community, targets, weights, node weights) of each task.
    type Task<'a> = (usize, &'a mut [u32], &'a mut [f64], &'a mut [f64]);
    let mut tasks: Vec<Task<'_>> = Vec::with_capacity(starts.len());
    {
        let mut t_rest: &mut [u32] = &mut targets;
        let mut w_rest: &mut [f64] = &mut weights;
        let mut n_rest: &mut [f64] = &mut new_weights;
        for &first in &starts {
            let last = (first + ROWS_PER_TASK).min(communities);
            let len = row_offsets[last] - row_offsets[first];
            let (t, tr) = t_rest.split_at_mut(len);
            let (w, wr) = w_rest.split_at_mut(len);
            let (nw, nr) = n_rest.split_at_mut((last - first) * k);
            tasks.push((first, t, w, nw));
            t_rest = tr;
            w_rest = wr;
            n_rest = nr;
        }
    }
    tasks
        .par_iter_mut()
        .for_each(|(first, t_out, w_out, nw_out)| {
            let first = *first;
            let last = (first + ROWS_PER_TASK).min(communities);
            let mut pos = 0;
            accs.with(|acc| {
                for c in first..last {
                    let mut loop_weight = 0.0;
                    let mut has_loop = false;
                    let nw = &mut nw_out[(c - first) * k..(c - first + 1) * k];
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
                        t_out[pos] = d;
                        w_out[pos] = if d as usize == c {
                            loop_weight
                        } else {
                            acc.weight[d as usize]
                        };
                        pos += 1;
                    }
                    acc.clear();
                }
            });
        });
    drop(tasks);
    let g = CsrGraph::from_raw_parts(row_offsets, targets, weights).unwrap_or_else(|| {
        // The rows are built consistent by construction; an empty graph is the only safe
        // fallback and is never reached.
        CsrGraph::from_edges(communities, &[])
    });
    (g, new_weights)
}
