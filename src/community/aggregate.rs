//! Aggregation: one node per community, edge weights summed, in one parallel pass.
//!
//! Community `c` becomes node `c` of the aggregate. Its row lists the communities its
//! members link to, with summed weights, in order of first appearance (members in node
//! order, each member's row in order); the edges inside `c` become one self-loop of their
//! total weight, so that strengths are preserved (the aggregate's strength of `c` is the
//! sum of its members'). Node weights of the objective are summed too.
//!
//! Each row is written once, into room reserved for it up front: the sum of its members'
//! row lengths. Tasks are ranges of communities with about the same room (so the same at
//! any thread count); afterwards the rows are closed up in place. Every sum has a fixed
//! order, whatever the number of threads.

use rayon::prelude::*;

use super::gather::{Gather, Gathers, for_arcs};
use super::partition::Groups;
use crate::graph::CsrGraph;
use crate::graph::csr::{ArcWeights, with_weights};

/// Arcs of the input per parallel task.
const TASK_ARCS: usize = 1 << 15;

/// What one task writes: rows of communities `first..`, into room reserved for them.
struct Task<'a> {
    first: usize,
    /// Row length of each community.
    lengths: &'a mut [usize],
    /// Summed node weights, `K` per community.
    node_weights: &'a mut [f64],
    /// Strength of each community.
    strength: &'a mut [f64],
    targets: &'a mut [u32],
    weights: &'a mut [f64],
}

/// The aggregate of `graph` by `membership`, whose communities (every id used) and their
/// members are `groups`, and the summed node weights (`K` per node).
pub(crate) fn aggregate(
    graph: &CsrGraph,
    membership: &[u32],
    groups: &Groups,
    node_weights: &[f64],
    k: usize,
    gathers: &Gathers,
) -> (CsrGraph, Vec<f64>) {
    let communities = groups.len();
    // Room for each row: the sum of its members' row lengths.
    let room: Vec<usize> = (0..communities)
        .into_par_iter()
        .with_min_len(1 << 10)
        .map(|c| groups.members(c).iter().map(|&v| graph.degree(v)).sum())
        .collect();
    // Tasks: consecutive communities with about TASK_ARCS arcs of room each.
    let mut starts = vec![0usize];
    let mut acc = 0usize;
    for (c, &r) in room.iter().enumerate() {
        acc += r;
        if acc >= TASK_ARCS && c + 1 < communities {
            starts.push(c + 1);
            acc = 0;
        }
    }
    starts.push(communities);
    let total_room: usize = room.iter().sum();
    let mut targets = vec![0u32; total_room];
    let mut weights = vec![0.0f64; total_room];
    let mut lengths = vec![0usize; communities];
    let mut new_weights = vec![0.0f64; communities * k];
    let mut strength = vec![0.0f64; communities];
    // Where each task's rows start in the room arrays.
    let mut task_room = Vec::with_capacity(starts.len());
    {
        let mut tasks: Vec<Task<'_>> = Vec::with_capacity(starts.len());
        let mut l_rest: &mut [usize] = &mut lengths;
        let mut n_rest: &mut [f64] = &mut new_weights;
        let mut s_rest: &mut [f64] = &mut strength;
        let mut t_rest: &mut [u32] = &mut targets;
        let mut w_rest: &mut [f64] = &mut weights;
        let mut at = 0usize;
        for pair in starts.windows(2) {
            let (first, last) = (pair[0], pair[1]);
            let reserve: usize = room[first..last].iter().sum();
            let (l, lr) = l_rest.split_at_mut(last - first);
            let (nw, nr) = n_rest.split_at_mut((last - first) * k);
            let (st, sr) = s_rest.split_at_mut(last - first);
            let (t, tr) = t_rest.split_at_mut(reserve);
            let (w, wr) = w_rest.split_at_mut(reserve);
            tasks.push(Task {
                first,
                lengths: l,
                node_weights: nw,
                strength: st,
                targets: t,
                weights: w,
            });
            task_room.push(at);
            at += reserve;
            l_rest = lr;
            n_rest = nr;
            s_rest = sr;
            t_rest = tr;
            w_rest = wr;
        }
        with_weights!(graph, |w| {
            tasks.par_iter_mut().for_each(|task| {
                let mut g = gathers.get();
                fill(graph, w, membership, groups, node_weights, k, task, &mut g);
            })
        });
    }
    // Close up the rows: each task's rows are contiguous from the start of its room, and
    // move left (never right) to their final place.
    let mut row_offsets = Vec::with_capacity(communities + 1);
    row_offsets.push(0usize);
    let mut write = 0usize;
    for (pair, &from) in starts.windows(2).zip(&task_room) {
        let block: usize = lengths[pair[0]..pair[1]].iter().sum();
        if from != write {
            targets.copy_within(from..from + block, write);
            weights.copy_within(from..from + block, write);
        }
        for &len in &lengths[pair[0]..pair[1]] {
            let last = *row_offsets.last().unwrap_or(&0);
            row_offsets.push(last + len);
        }
        write += block;
    }
    targets.truncate(write);
    weights.truncate(write);
    targets.shrink_to_fit();
    weights.shrink_to_fit();
    let g = CsrGraph::from_rows(
        row_offsets,
        targets,
        weights,
        strength,
        graph.total_weight(),
    );
    (g, new_weights)
}

/// Fills the rows of one task.
#[allow(clippy::too_many_arguments)]
fn fill<W: ArcWeights>(
    graph: &CsrGraph,
    weights: W,
    membership: &[u32],
    groups: &Groups,
    node_weights: &[f64],
    k: usize,
    task: &mut Task<'_>,
    g: &mut Gather,
) {
    let strengths = graph.strengths();
    let mut pos = 0;
    for (i, len) in task.lengths.iter_mut().enumerate() {
        let c = task.first + i;
        let nw = &mut task.node_weights[i * k..(i + 1) * k];
        let mine = groups.members(c);
        let row_len: usize = mine.iter().map(|&v| graph.degree(v)).sum();
        let mut strength = 0.0;
        g.begin(row_len, groups.len());
        for &v in mine {
            for t in 0..k {
                nw[t] += node_weights[v as usize * k + t];
            }
            strength += strengths[v as usize];
            for_arcs(graph, weights, v, membership, |u, x, d| {
                if d as usize == c && u != v {
                    // An edge inside c appears in both its endpoints' rows.
                    g.add(d, x / 2.0);
                } else {
                    g.add(d, x);
                }
            });
        }
        g.for_each(|d, x| {
            task.targets[pos] = d;
            task.weights[pos] = x;
            pos += 1;
        });
        task.strength[i] = strength;
        *len = g.len();
        g.end();
    }
}
