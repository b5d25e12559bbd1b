//! Leiden's refinement phase (Traag, Waltman and van Eck 2019, Algorithm A.2
//! `RefinePartition` and `MergeNodesSubset`), one community at a time, communities in
//! parallel.
//!
//! Within each community `S` of the partition from local moving, every node starts alone.
//! Nodes are visited in a random order; a node that is still alone and well connected to
//! `S` (`w(v, S - v) >= sum_k coef[k] a_v[k] (A_S[k] - a_v[k])`) may join a well-connected
//! sub-community `C` of `S` whose gain is not negative, chosen at random with probability
//! proportional to `exp(gain / theta)`. Communities of the refined partition are therefore
//! subsets of those of `S`, and each is connected.
//!
//! Each community has its own random stream, derived from (seed, iteration, level,
//! community), so the result does not depend on which thread handles which community.
//! Communities are handed out largest first, so that one big community does not finish
//! alone at the end.

use std::sync::Mutex;

use crate::random::Stream;
use rayon::prelude::*;

use super::gather::for_arcs;
use super::objective::Objective;
use super::partition::Groups;
use crate::graph::CsrGraph;
use crate::graph::csr::{ArcWeights, with_weights};

/// Reusable per-thread buffers for one community at a time.
#[derive(Default)]
struct Scratch {
    /// Refined cluster (local index) of each local node.
    cluster: Vec<u32>,
    /// Cluster weights, `s * K`.
    volume: Vec<f64>,
    /// Weight from each cluster to the rest of `S`.
    external: Vec<f64>,
    /// Whether a cluster has more than one node (its nodes can no longer move).
    merged: Vec<bool>,
    /// Edge weight from the current node to each cluster.
    weight: Vec<f64>,
    /// Whether a cluster is in `touched` already (a zero-weight edge leaves `weight` at 0,
    /// so the weight cannot tell).
    listed: Vec<bool>,
    touched: Vec<u32>,
    order: Vec<u32>,
    cumulative: Vec<f64>,
    /// Clusters a node may join, with their gains.
    candidates: Vec<(u32, f64)>,
    relabel: Vec<u32>,
    /// The total weights of `S`, `K`.
    total: Vec<f64>,
    /// The arcs inside `S` as local rows: start of each node's row in `adj`.
    adj_start: Vec<u32>,
    /// Local index of the other end of each arc inside `S`.
    adj: Vec<u32>,
    /// The weight of each arc of `adj` (empty for an unweighted graph).
    adj_weight: Vec<f64>,
}

/// What refining any community reads.
struct Input<'a, W> {
    graph: &'a CsrGraph,
    weights: W,
    obj: &'a Objective,
    /// Community (high 32 bits) and index among the community's members (low 32 bits) of
    /// each node: one load gives both.
    slot: &'a [u64],
    /// The randomness, in units of edge weight.
    theta: f64,
}

/// One community to refine: its id, its members in node order, and where its local labels
/// go.
struct Task<'a> {
    community: u32,
    nodes: &'a [u32],
    out: &'a mut [u32],
}

/// A refined partition.
pub(crate) struct Refined {
    /// The refined community of every node, numbered by community of the partition
    /// refined and then by first member.
    pub membership: Vec<u32>,
    /// The community (of the partition refined) of each refined community.
    pub parent: Vec<u32>,
    /// The members of each refined community, in node order.
    pub groups: Groups,
    /// The members of each community of the partition refined, in node order.
    pub communities: Groups,
}

impl Refined {
    /// Number of refined communities.
    pub fn count(&self) -> usize {
        self.parent.len()
    }
}

/// The refined partition of `graph` (see [`Refined`]).
///
/// `membership` uses ids `< communities`; `theta` is in units of edge weight.
pub(crate) fn refine(
    graph: &CsrGraph,
    obj: &Objective,
    membership: &[u32],
    communities: usize,
    theta: f64,
    stream_seed: u64,
) -> Refined {
    let n = graph.node_count();
    let (groups, rank) = Groups::with_ranks(membership, communities);
    let offsets = &groups.offsets;
    // Community and index among its members of every node, in one word.
    let slot: Vec<u64> = membership
        .par_iter()
        .zip(rank.par_iter())
        .with_min_len(1 << 14)
        .map(|(&c, &i)| (c as u64) << 32 | i as u64)
        .collect();
    drop(rank);
    // Local refined labels, laid out like the members; one task per community.
    let mut labels = vec![0u32; n];
    let mut tasks: Vec<Task<'_>> = Vec::with_capacity(communities);
    {
        let mut rest: &mut [u32] = &mut labels;
        for c in 0..communities {
            let (head, tail) = rest.split_at_mut(offsets[c + 1] - offsets[c]);
            tasks.push(Task {
                community: c as u32,
                nodes: groups.members(c),
                out: head,
            });
            rest = tail;
        }
    }
    // Largest first (ties by id); results do not depend on the schedule.
    tasks.par_sort_unstable_by_key(|t| (std::cmp::Reverse(t.nodes.len()), t.community));
    let threads = rayon::current_num_threads().max(1);
    let scratch: Vec<Mutex<Scratch>> = (0..threads)
        .map(|_| Mutex::new(Scratch::default()))
        .collect();
    let done: Vec<(u32, u32)> = with_weights!(graph, |w| {
        let input = Input {
            graph,
            weights: w,
            obj,
            slot: &slot,
            theta,
        };
        tasks
            .par_iter_mut()
            .map(|task| {
                if task.nodes.len() <= 1 {
                    task.out.fill(0);
                    return (task.community, task.nodes.len() as u32);
                }
                let i = rayon::current_thread_index().unwrap_or(0) % scratch.len();
                let mut s = scratch[i].lock().unwrap_or_else(|e| e.into_inner());
                // One stream per community: the draws do not depend on the thread.
                let mut rng = Stream::new(stream_seed, task.community as u64, 0);
                (task.community, refine_one(&input, task, &mut rng, &mut s))
            })
            .collect()
    });
    drop(tasks);
    let mut counts = vec![0u32; communities];
    for (c, k) in done {
        counts[c as usize] = k;
    }
    // Refined community base[c] + l is sub-community l of c.
    let mut base = Vec::with_capacity(communities + 1);
    let mut total = 0usize;
    for &k in &counts {
        base.push(total);
        total += k as usize;
    }
    base.push(total);
    // Each community's members grouped by refined label (a counting sort within the
    // community, communities in parallel), with the refined groups' offsets and parents.
    let mut parent = vec![0u32; total];
    let mut refined_offsets = vec![0usize; total + 1];
    let mut refined_members = vec![0u32; n];
    {
        let mut pieces = Vec::with_capacity(communities);
        let (mut p_rest, mut o_rest, mut m_rest) = (
            &mut parent[..],
            &mut refined_offsets[1..],
            &mut refined_members[..],
        );
        for c in 0..communities {
            let k = base[c + 1] - base[c];
            let (p, pr) = p_rest.split_at_mut(k);
            let (o, or) = o_rest.split_at_mut(k);
            let (m, mr) = m_rest.split_at_mut(offsets[c + 1] - offsets[c]);
            pieces.push((c, p, o, m));
            p_rest = pr;
            o_rest = or;
            m_rest = mr;
        }
        pieces
            .into_par_iter()
            .with_min_len(64)
            .for_each(|(c, parent, ends, members)| {
                parent.fill(c as u32);
                let labels = &labels[offsets[c]..offsets[c + 1]];
                // ends[l] = number of members with label <= l, then absolute.
                for &l in labels {
                    ends[l as usize] += 1;
                }
                let mut sum = 0;
                for e in ends.iter_mut() {
                    sum += *e;
                    *e = sum;
                }
                let mut next: Vec<usize> = Vec::with_capacity(ends.len());
                next.push(0);
                next.extend_from_slice(&ends[..ends.len().saturating_sub(1)]);
                for (&v, &l) in groups.members(c).iter().zip(labels) {
                    members[next[l as usize]] = v;
                    next[l as usize] += 1;
                }
                for e in ends.iter_mut() {
                    *e += offsets[c];
                }
            });
    }
    let refined: Vec<u32> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|v| {
            let c = membership[v] as usize;
            (base[c] + labels[offsets[c] + (slot[v] & 0xFFFF_FFFF) as usize] as usize) as u32
        })
        .collect();
    Refined {
        membership: refined,
        parent,
        groups: Groups {
            offsets: refined_offsets,
            members: refined_members,
        },
        communities: groups,
    }
}

/// Refines one community; writes local refined labels `0..count` (by first member) into
/// the task's output and returns `count`.
fn refine_one<W: ArcWeights>(
    input: &Input<'_, W>,
    task: &mut Task<'_>,
    rng: &mut Stream,
    s: &mut Scratch,
) -> u32 {
    let Input {
        graph,
        weights,
        obj,
        slot,
        theta,
    } = *input;
    let (c, nodes) = (task.community, task.nodes);
    let k = obj.k;
    let len = nodes.len();
    s.cluster.clear();
    s.cluster.extend(0..len as u32);
    s.volume.clear();
    s.total.clear();
    s.total.resize(k, 0.0);
    for &v in nodes {
        let a = obj.weights_of(v as usize);
        s.volume.extend_from_slice(a);
        for (t, x) in s.total.iter_mut().zip(a) {
            *t += x;
        }
    }
    // The arcs inside S, as local rows, and each node's weight to the rest of S.
    s.external.clear();
    s.external.resize(len, 0.0);
    s.adj_start.clear();
    s.adj.clear();
    s.adj_weight.clear();
    let unit = graph.is_unweighted();
    for (i, &v) in nodes.iter().enumerate() {
        s.adj_start.push(s.adj.len() as u32);
        let mut e = 0.0;
        for_arcs(graph, weights, v, slot, |u, w, x| {
            if u != v && (x >> 32) as u32 == c {
                e += w;
                s.adj.push(x as u32);
                if !unit {
                    s.adj_weight.push(w);
                }
            }
        });
        s.external[i] = e;
    }
    s.adj_start.push(s.adj.len() as u32);
    s.merged.clear();
    s.merged.resize(len, false);
    s.weight.clear();
    s.weight.resize(len, 0.0);
    s.listed.clear();
    s.listed.resize(len, false);
    s.order.clear();
    s.order.extend(0..len as u32);
    rng.shuffle(&mut s.order);
    let total = std::mem::take(&mut s.total);

    let well_connected = |ext: f64, vol: &[f64]| {
        let mut need = 0.0;
        for t in 0..k {
            need += obj.coefs[t] * vol[t] * (total[t] - vol[t]);
        }
        ext >= need
    };

    for oi in 0..len {
        let j = s.order[oi] as usize;
        if s.merged[j] {
            continue;
        }
        let v = nodes[j];
        let a_j = obj.weights_of(v as usize);
        if !well_connected(s.external[j], a_j) {
            continue;
        }
        // Take j out of its singleton cluster (which becomes empty).
        for t in 0..k {
            s.volume[j * k + t] = 0.0;
        }
        let ext_j = s.external[j];
        s.external[j] = 0.0;
        // Weights from j to the clusters of its neighbours in S; j's own (now empty)
        // cluster is always a candidate, so that it may stay alone.
        s.touched.clear();
        s.touched.push(j as u32);
        s.listed[j] = true;
        for a in s.adj_start[j] as usize..s.adj_start[j + 1] as usize {
            let l = s.cluster[s.adj[a] as usize] as usize;
            if !s.listed[l] {
                s.listed[l] = true;
                s.touched.push(l as u32);
            }
            s.weight[l] += if unit { 1.0 } else { s.adj_weight[a] };
        }
        s.candidates.clear();
        s.cumulative.clear();
        let mut best = j as u32;
        let mut best_gain = 0.0;
        for &l in &s.touched {
            let li = l as usize;
            let vol = &s.volume[li * k..(li + 1) * k];
            if well_connected(s.external[li], vol) {
                let mut gain = s.weight[li];
                for t in 0..k {
                    gain -= obj.coefs[t] * a_j[t] * vol[t];
                }
                if gain > best_gain {
                    best = l;
                    best_gain = gain;
                }
                if gain >= 0.0 {
                    s.candidates.push((l, gain));
                }
            }
        }
        // exp(gain / theta) relative to the best, so that it never overflows.
        let chosen = if s.candidates.len() <= 1 {
            best
        } else {
            // In cluster order, so that the draw does not depend on the order of the arcs
            // in the rows.
            s.candidates.sort_unstable_by_key(|&(l, _)| l);
            let mut sum = 0.0;
            for &(_, g) in &s.candidates {
                sum += ((g - best_gain) / theta).exp();
                s.cumulative.push(sum);
            }
            let r = sum * rng.unit();
            let idx = s
                .cumulative
                .partition_point(|&x| x < r)
                .min(s.candidates.len() - 1);
            s.candidates[idx].0
        };
        let ci = chosen as usize;
        for (t, &a) in a_j.iter().enumerate() {
            s.volume[ci * k + t] += a;
        }
        // j's edges to the chosen cluster become internal; its other edges within S are
        // now external edges of the chosen cluster.
        s.external[ci] += ext_j - 2.0 * s.weight[ci];
        for &l in &s.touched {
            s.weight[l as usize] = 0.0;
            s.listed[l as usize] = false;
        }
        if ci != j {
            s.cluster[j] = chosen;
            s.merged[ci] = true;
        }
    }
    s.total = total;
    // Relabel by first member.
    s.relabel.clear();
    s.relabel.resize(len, u32::MAX);
    let mut count = 0u32;
    for (slot, &l) in task.out.iter_mut().zip(&s.cluster) {
        let l = l as usize;
        if s.relabel[l] == u32::MAX {
            s.relabel[l] = count;
            count += 1;
        }
        *slot = s.relabel[l];
    }
    count
}
