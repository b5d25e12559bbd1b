//! Aggregation: one node per community, edge weights summed, in one parallel pass.
//!
//! Community `c` becomes node `c` of the aggregate. Its row lists the communities its
//! members link to, with summed weights, in order of first appearance (members in node
//! order, each member's row in order); the edges inside `c` become one self-loop of their
//! total weight (so that strengths are preserved). Node weights of the objective are
//! summed too.
//!
//! Each row is written once, into room reserved for it up front: the sum of its members'
//! row lengths, known from prefix sums before anything is gathered. Tasks are ranges of
//! communities with about the same number of arcs; afterwards the rows are closed up in
//! place. Every sum has a fixed order, whatever the number of threads.

use rayon::prelude::*;

use super::gather::{Gather, Gathers, for_arcs};
use crate::graph::CsrGraph;
use crate::graph::csr::{ArcWeights, with_weights};

/// Arcs of the input per parallel task.
const TASK_ARCS: usize = 1 << 15;

/// The aggregate of `graph` by `membership` (ids `0..communities`, every id used), and
/// the summed node weights (`K` per node).
pub(crate) fn aggregate(
    graph: &CsrGraph,
    membership: &[u32],
    communities: usize,
    node_weights: &[f64],
    k: usize,
    gathers: &Gathers,
) -> (CsrGraph, Vec<f64>) {
    let n = graph.node_count();
    // Members of each community in node order (stable counting sort), and the room for
    // each row: the sum of its members' row lengths.
    let mut offsets = vec![0usize; communities + 1];
    let mut room = vec![0usize; communities + 1];
    for (v, &c) in membership.iter().enumerate() {
        offsets[c as usize + 1] += 1;
        room[c as usize + 1] += graph.degree(v as u32);
    }
    for c in 0..communities {
        offsets[c + 1] += offsets[c];
        room[c + 1] += room[c];
    }
    let mut members = vec![0u32; n];
    {
        let mut next = offsets.clone();
        for (v, &c) in membership.iter().enumerate() {
            members[next[c as usize]] = v as u32;
            next[c as usize] += 1;
        }
    }
    // Tasks: ranges of communities of about TASK_ARCS arcs each (by the prefix sums, so
    // the same at any thread count).
    let mut starts = vec![0usize];
    {
        let mut c = 0;
        while c < communities {
            let goal = room[c] + TASK_ARCS;
            let next = room
                .partition_point(|&r| r < goal)
                .clamp(c + 1, communities);
            starts.push(next);
            c = next;
        }
    }
    let arcs = room[communities];
    let mut targets = vec![0u32; arcs];
    let mut weights = vec![0.0f64; arcs];
    let mut new_weights = vec![0.0f64; communities * k];
    let mut lengths = vec![0usize; communities];
    // (first community, targets, weights, node weights, row lengths) of each task.
    type Task<'a> = (
        usize,
        &'a mut [u32],
        &'a mut [f64],
        &'a mut [f64],
        &'a mut [usize],
    );
    let mut tasks: Vec<Task<'_>> = Vec::with_capacity(starts.len());
    {
        let mut t_rest: &mut [u32] = &mut targets;
        let mut w_rest: &mut [f64] = &mut weights;
        let mut n_rest: &mut [f64] = &mut new_weights;
        let mut l_rest: &mut [usize] = &mut lengths;
        for pair in starts.windows(2) {
            let (first, last) = (pair[0], pair[1]);
            let (t, tr) = t_rest.split_at_mut(room[last] - room[first]);
            let (w, wr) = w_rest.split_at_mut(room[last] - room[first]);
            let (nw, nr) = n_rest.split_at_mut((last - first) * k);
            let (l, lr) = l_rest.split_at_mut(last - first);
            tasks.push((first, t, w, nw, l));
            t_rest = tr;
            w_rest = wr;
            n_rest = nr;
            l_rest = lr;
        }
    }
    with_weights!(graph, |w| {
        tasks.par_iter_mut().for_each(|task| {
            let mut g = gathers.get();
            fill(
                graph,
                w,
                membership,
                &offsets,
                &members,
                node_weights,
                k,
                task,
                &mut g,
            );
        })
    });
    drop(tasks);
    // Close up the rows: each task's rows are contiguous from the start of its room, and
    // move left (never right) to their final place.
    let mut row_offsets = Vec::with_capacity(communities + 1);
    row_offsets.push(0usize);
    let mut write = 0usize;
    for pair in starts.windows(2) {
        let from = room[pair[0]];
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
    (
        CsrGraph::from_checked_rows(row_offsets, targets, weights),
        new_weights,
    )
}

/// Fills the rows of one task: communities `first..` with their room in `t` and `w`.
#[allow(clippy::too_many_arguments)]
fn fill<W: ArcWeights>(
    graph: &CsrGraph,
    weights: W,
    membership: &[u32],
    offsets: &[usize],
    members: &[u32],
    node_weights: &[f64],
    k: usize,
    task: &mut (usize, &mut [u32], &mut [f64], &mut [f64], &mut [usize]),
    g: &mut Gather,
) {
    let (first, t_out, w_out, nw_out, len_out) = task;
    let first = *first;
    let mut pos = 0;
    for (i, len) in len_out.iter_mut().enumerate() {
        let c = first + i;
        let nw = &mut nw_out[i * k..(i + 1) * k];
        let mine = &members[offsets[c]..offsets[c + 1]];
        let row_len: usize = mine.iter().map(|&v| graph.degree(v)).sum();
        g.begin(row_len, offsets.len() - 1);
        for &v in mine {
            for t in 0..k {
                nw[t] += node_weights[v as usize * k + t];
            }
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
            t_out[pos] = d;
            w_out[pos] = x;
            pos += 1;
        });
        *len = g.len();
        g.end();
    }
}
