//! Local moving of nodes, parallel and deterministic.
//!
//! A round visits its *frontier*, the active nodes in the order given, in batches. Within a
//! batch the best move of every node is computed in parallel against the state at the
//! start of the batch (nothing is written during that phase). The proposed moves are then
//! applied in batch order, each re-checked with the community weights of the moment (the
//! neighbour weights are those of the snapshot). Finally the neighbours of the moved nodes
//! that are outside their new community are marked active: they form the next round's
//! frontier (Leiden's queue, as a set with a fixed order). Rounds repeat until no node
//! moves, until a round gains at most the tolerance, or until [`MAX_ROUNDS`].
//!
//! Nothing here depends on the number of threads: the frontier, the batch boundaries, the
//! order of application and every floating-point sum are fixed; only the split of a batch
//! into parallel tasks varies, and each proposal depends on the snapshot alone.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::gather::{Gather, Gathers, for_arcs};
use super::objective::Objective;
use crate::graph::CsrGraph;
use crate::graph::csr::{ArcWeights, with_weights};

/// Most nodes per batch. The batch size of a round is its frontier's length divided by
/// [`BATCH_DIVISOR`], between 1 and this: it depends only on the state, never on the number
/// of threads. Small batches near the end make the last moves exact (as sequential local
/// moving), which ends oscillations between stale decisions.
pub(crate) const BATCH: usize = 4096;

/// See [`BATCH`].
const BATCH_DIVISOR: usize = 32;

/// Arcs per parallel task when proposing moves or waking neighbours: tasks are sized by
/// work, so that batches of a few nodes with long rows (late aggregates) still split.
const TASK_ARCS: usize = 8192;

/// Rounds before local moving stops even if nodes are still active.
pub(crate) const MAX_ROUNDS: usize = 64;

/// Graphs with at least this many input nodes stop the local moving of a level once a
/// round gains at most a tolerance (in modularity units, tightened tenfold per level);
/// smaller graphs move until no node moves.
pub(crate) const TOLERANT_MIN: usize = 1 << 16;

/// Leiden's round tolerance at level 0 on large graphs, as a fraction of the total edge
/// weight `m` (for modularity: the gain in modularity of one round). The late rounds of
/// a level on a large graph move a few nodes each for gains near `1 / m`, serially (their
/// batches are too small to split); refinement, the next level and the next iteration
/// revisit those nodes anyway. Each level divides it by 10, as the threshold scaling of
/// GVE-Leiden (Sahu 2023, *Fast Leiden algorithm for community detection in shared
/// memory setting*), so that the small aggregates at the top are moved exactly. Measured
/// on LFR 1 M (2 threads, seed 1): 1e-3 took 8-10 % less CPU time than 1e-5 with the
/// same or a higher modularity.
pub(crate) const LEIDEN_ROUND_TOLERANCE: f64 = 1e-3;

/// Louvain's round tolerance at level 0 on large graphs (see [`LEIDEN_ROUND_TOLERANCE`]).
/// Louvain has no later iteration to make up for a level stopped early: on LFR 1 M, 1e-3
/// lowered its modularity by 6e-6, 1e-4 did not.
pub(crate) const LOUVAIN_ROUND_TOLERANCE: f64 = 1e-4;

/// The round tolerance of `level` for a graph of `input_nodes` nodes: `level0` divided by
/// 10 per level; 0 (move until no node moves) below [`TOLERANT_MIN`] nodes, so that small
/// graphs keep their exact local optimum.
pub(crate) fn round_tolerance(input_nodes: usize, level: u32, level0: f64) -> f64 {
    if input_nodes < TOLERANT_MIN {
        0.0
    } else {
        level0 / 10f64.powi(level.min(30) as i32)
    }
}

/// A move is applied only if it gains more than this fraction of the node's weight to
/// its neighbours: protects against loops on rounding noise.
const REL_EPS: f64 = 1e-12;

/// A community lost a node earlier in the batch.
const LOST: u8 = 1;

/// A community gained a node earlier in the batch.
const GAINED: u8 = 2;

/// Sentinel target: a new, empty community.
const EMPTY: u32 = u32::MAX;

/// The partition being improved, with the weights of each community.
pub(crate) struct MoveState {
    /// Community of each node.
    pub membership: Vec<u32>,
    /// `A_c[k]`, community-major, `n * K`.
    pub volume: Vec<f64>,
    /// Nodes per community.
    pub count: Vec<u32>,
    /// Empty community ids that moves may take, used as a stack.
    empty: Vec<u32>,
    /// Ids emptied in the current batch: free for the next batch only, so that no later
    /// (stale) proposal of this batch can find an unrelated node in its target.
    freed: Vec<u32>,
    /// What happened to each community in the current batch ([`LOST`], [`GAINED`]), and
    /// the communities flagged (to reset them).
    changed: Vec<u8>,
    changed_list: Vec<u32>,
}

impl MoveState {
    /// The state of `membership` (ids `< n`) on a graph of `n` nodes.
    pub fn new(obj: &Objective, membership: Vec<u32>) -> Self {
        let n = membership.len();
        let k = obj.k;
        let singletons = membership
            .par_iter()
            .enumerate()
            .with_min_len(1 << 14)
            .all(|(v, &c)| c as usize == v);
        let (volume, count) = if singletons {
            (obj.node_weights.clone(), vec![1u32; n])
        } else {
            let mut volume = vec![0.0; n * k];
            let mut count = vec![0u32; n];
            for (v, &c) in membership.iter().enumerate() {
                count[c as usize] += 1;
                for t in 0..k {
                    volume[c as usize * k + t] += obj.node_weights[v * k + t];
                }
            }
            (volume, count)
        };
        // Reverse order so that the smallest empty id is used first.
        let empty = if singletons {
            Vec::new()
        } else {
            (0..n as u32)
                .rev()
                .filter(|&c| count[c as usize] == 0)
                .collect()
        };
        MoveState {
            membership,
            volume,
            count,
            empty,
            freed: Vec::new(),
            changed: vec![0; n],
            changed_list: Vec::new(),
        }
    }

    /// Makes the ids emptied by the batch just applied available to the next one.
    fn end_batch(&mut self) {
        for &c in &self.changed_list {
            self.changed[c as usize] = 0;
        }
        self.changed_list.clear();
        // Pushed in reverse so that the smallest of them is popped first.
        while let Some(c) = self.freed.pop() {
            self.empty.push(c);
        }
    }
}

/// A proposed move of `node` from its community to `target`, with the weights from the
/// node to both as seen in the snapshot.
#[derive(Debug, Clone, Copy)]
struct Proposal {
    node: u32,
    target: u32,
    w_target: f64,
    w_current: f64,
}

/// The penalty `sum_k coef[k] a_v[k] A[k]`.
#[inline]
fn penalty(coefs: &[f64], a_v: &[f64], vol: &[f64]) -> f64 {
    let mut p = 0.0;
    for ((c, a), x) in coefs.iter().zip(a_v).zip(vol) {
        p += c * a * x;
    }
    p
}

/// The penalty against `v`'s own community without `v`: `sum_k coef[k] a_v[k] (A[k] - a_v[k])`.
#[inline]
fn penalty_without(coefs: &[f64], a_v: &[f64], vol: &[f64]) -> f64 {
    let mut p = 0.0;
    for ((c, a), x) in coefs.iter().zip(a_v).zip(vol) {
        p += c * a * (x - a);
    }
    p
}

/// The best move of `v` against the current state, if it gains. Candidates are the
/// communities of the neighbours in order of first appearance in the row (ties go to the
/// first).
#[inline]
fn propose<W: ArcWeights>(
    graph: &CsrGraph,
    weights: W,
    obj: &Objective,
    state: &MoveState,
    v: u32,
    g: &mut Gather,
) -> Option<Proposal> {
    let vi = v as usize;
    let cur = state.membership[vi];
    g.begin(graph.degree(v), state.membership.len());
    let mut total = 0.0;
    let mut w_current = 0.0;
    let mut neighbours = false;
    for_arcs(graph, weights, v, &state.membership, |u, w, c| {
        if u != v {
            neighbours = true;
            total += w;
            if c == cur {
                w_current += w;
            } else {
                g.add(c, w);
            }
        }
    });
    if !neighbours || (g.len() == 0 && state.count[cur as usize] <= 1) {
        // Nowhere to go.
        g.end();
        return None;
    }
    let k = obj.k;
    let ci = cur as usize;
    let a_v = obj.weights_of(vi);
    // Score of staying: the current community without v.
    let stay = w_current - penalty_without(&obj.coefs, a_v, &state.volume[ci * k..(ci + 1) * k]);
    let mut best = cur;
    let mut best_score = stay;
    let mut w_best = w_current;
    if k == 1 {
        let ka = obj.coefs[0] * a_v[0];
        g.for_each(|c, wc| {
            let score = wc - ka * state.volume[c as usize];
            if score > best_score {
                best = c;
                best_score = score;
                w_best = wc;
            }
        });
    } else {
        g.for_each(|c, wc| {
            let c_vol = &state.volume[c as usize * k..(c as usize + 1) * k];
            let score = wc - penalty(&obj.coefs, a_v, c_vol);
            if score > best_score {
                best = c;
                best_score = score;
                w_best = wc;
            }
        });
    }
    g.end();
    // A new community of its own: score 0.
    if state.count[ci] > 1 && 0.0 > best_score {
        best = EMPTY;
        best_score = 0.0;
        w_best = 0.0;
    }
    (best != cur && best_score - stay > REL_EPS * total).then_some(Proposal {
        node: v,
        target: best,
        w_target: w_best,
        w_current,
    })
}

/// The outcome of applying a proposal.
enum Applied {
    /// Moved, gaining at least this much in the objective.
    Moved(f64),
    /// No longer gains with the community weights of now.
    Stale,
    /// The communities the proposal counted on changed earlier in the batch: the node is
    /// proposed again in the next round.
    Retry,
}

/// Applies `p` if it still gains with the community weights of now.
///
/// The edge weights of the proposal are those of the snapshot; they can only be wrong
/// if a neighbour moved earlier in the batch. A proposal is therefore dropped (and the
/// node retried) when its target lost a node or its own community gained one earlier in
/// the batch: otherwise the weight towards the target can only have grown and the
/// weight towards its own community only shrunk, so the gain checked here is a lower
/// bound of the true gain. Every move applied raises the objective, so local moving
/// cannot cycle.
#[inline]
fn apply(obj: &Objective, state: &mut MoveState, p: &Proposal) -> Applied {
    let k = obj.k;
    let v = p.node as usize;
    let cur = state.membership[v];
    let ci = cur as usize;
    if state.changed[ci] & GAINED != 0 {
        return Applied::Retry;
    }
    let a_v = obj.weights_of(v);
    let p_cur = penalty_without(&obj.coefs, a_v, &state.volume[ci * k..(ci + 1) * k]);
    let stay = p.w_current - p_cur;
    let (target, gain) = if p.target == EMPTY {
        if state.count[ci] <= 1 || 0.0 - stay <= 0.0 {
            return Applied::Stale;
        }
        match state.empty.pop() {
            Some(c) => (c, -stay),
            None => return Applied::Stale,
        }
    } else {
        let c = p.target as usize;
        // The target emptied, or lost a node, since the snapshot (as when two singletons
        // propose to join each other). Ids emptied in this batch are not reused before it
        // ends, so a non-empty target that lost no node still holds every node the
        // proposal saw.
        if state.count[c] == 0 || state.changed[c] & LOST != 0 {
            return Applied::Retry;
        }
        let score = p.w_target - penalty(&obj.coefs, a_v, &state.volume[c * k..(c + 1) * k]);
        if score - stay <= REL_EPS * p.w_target.abs().max(p.w_current.abs()) {
            return Applied::Stale;
        }
        (p.target, score - stay)
    };
    let ti = target as usize;
    for (t, &a) in a_v.iter().enumerate() {
        state.volume[ci * k + t] -= a;
        state.volume[ti * k + t] += a;
    }
    state.count[ci] -= 1;
    state.count[ti] += 1;
    for (c, flag) in [(cur, LOST), (target, GAINED)] {
        let f = &mut state.changed[c as usize];
        if *f == 0 {
            state.changed_list.push(c);
        }
        *f |= flag;
    }
    if state.count[ci] == 0 {
        // Exact zero avoids drift in empty communities.
        for t in 0..k {
            state.volume[ci * k + t] = 0.0;
        }
        state.freed.push(cur);
    }
    state.membership[v] = target;
    Applied::Moved(gain)
}

/// What a call of [`move_nodes`] did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MoveStats {
    /// Moves applied.
    pub moves: usize,
    /// Rounds run.
    pub rounds: usize,
}

/// Local moving of every node of `graph` from the partition in `state`, visiting nodes in
/// `order` (a permutation of the nodes). Rounds stop once one gains at most
/// `tolerance * m` in the objective (`m` the graph's total weight; 0 runs until no node
/// moves).
pub(crate) fn move_nodes(
    graph: &CsrGraph,
    obj: &Objective,
    state: &mut MoveState,
    order: &[u32],
    gathers: &Gathers,
    tolerance: f64,
) -> MoveStats {
    with_weights!(graph, |w| move_nodes_with(
        graph, w, obj, state, order, gathers, tolerance
    ))
}

fn move_nodes_with<W: ArcWeights>(
    graph: &CsrGraph,
    weights: W,
    obj: &Objective,
    state: &mut MoveState,
    order: &[u32],
    gathers: &Gathers,
    tolerance: f64,
) -> MoveStats {
    let n = graph.node_count();
    let active: Vec<AtomicBool> = (0..n)
        .into_par_iter()
        .with_min_len(1 << 14)
        .map(|_| AtomicBool::new(false))
        .collect();
    // Nodes per parallel task, from the mean row length of this graph.
    let mean_row = graph.arc_count().div_ceil(n.max(1)).max(1);
    let task_nodes = (TASK_ARCS / mean_row).max(1);
    let mut stats = MoveStats::default();
    let mut frontier: Vec<u32> = order.to_vec();
    let mut proposals: Vec<Proposal> = Vec::with_capacity(BATCH);
    let mut moved: Vec<u32> = Vec::with_capacity(BATCH);
    let floor = tolerance * graph.total_weight();
    while stats.rounds < MAX_ROUNDS && !frontier.is_empty() {
        stats.rounds += 1;
        let mut round_moves = 0usize;
        let mut round_gain = 0.0;
        let batch_size = (frontier.len() / BATCH_DIVISOR).clamp(1, BATCH);
        for batch in frontier.chunks(batch_size) {
            let snapshot: &MoveState = state;
            let one = |g: &mut Gather, &v: &u32| {
                active[v as usize].store(false, Ordering::Relaxed);
                propose(graph, weights, obj, snapshot, v, g)
            };
            proposals.clear();
            if batch.len() <= task_nodes {
                let mut g = gathers.get();
                proposals.extend(batch.iter().filter_map(|v| one(&mut g, v)));
            } else {
                proposals.par_extend(
                    batch
                        .par_iter()
                        .with_min_len(task_nodes)
                        .map_init(|| gathers.get(), |g, v| one(g, v))
                        .flatten_iter(),
                );
            }
            moved.clear();
            for p in &proposals {
                match apply(obj, state, p) {
                    Applied::Moved(gain) => {
                        moved.push(p.node);
                        round_gain += gain;
                    }
                    Applied::Retry => active[p.node as usize].store(true, Ordering::Relaxed),
                    Applied::Stale => {}
                }
            }
            state.end_batch();
            round_moves += moved.len();
            // Wake the neighbours that are not in the node's new community.
            let membership = &state.membership;
            let wake = |&v: &u32| {
                let c = membership[v as usize];
                for &u in graph.row_targets(v) {
                    if membership[u as usize] != c {
                        active[u as usize].store(true, Ordering::Relaxed);
                    }
                }
            };
            if moved.len() <= task_nodes {
                moved.iter().for_each(wake);
            } else {
                moved.par_iter().with_min_len(task_nodes).for_each(wake);
            }
        }
        stats.moves += round_moves;
        if round_moves == 0 || round_gain <= floor {
            break;
        }
        frontier = order
            .par_chunks(1 << 14)
            .flat_map_iter(|chunk| {
                chunk
                    .iter()
                    .copied()
                    .filter(|&v| active[v as usize].load(Ordering::Relaxed))
            })
            .collect();
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node weighs 1; a community of `s` nodes costs `0.05 s^2` (CPM-like).
    fn objective(n: usize) -> Objective {
        Objective {
            k: 1,
            coefs: vec![0.1],
            node_weights: vec![1.0; n],
            scale: 1.0,
            offset: 0.0,
        }
    }

    fn proposal(node: u32, target: u32, w_target: f64, w_current: f64) -> Proposal {
        Proposal {
            node,
            target,
            w_target,
            w_current,
        }
    }

    #[test]
    fn an_id_emptied_in_a_batch_is_handed_out_only_in_the_next_batch() {
        // Communities 0 = {0}, 1 = {1, 2, 4}, 3 = {3}; ids 2 and 4 are empty.
        let obj = objective(5);
        let mut state = MoveState::new(&obj, vec![0, 1, 1, 3, 1]);
        // Node 0 joins node 3: community 0 empties.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(0, 3, 1.0, 0.0)),
            Applied::Moved(_)
        ));
        assert_eq!(state.count[0], 0);
        // Node 1 leaves for a new community: it must not get id 0, which a later stale
        // proposal of the same batch may still target, believing node 0 is there.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(1, EMPTY, 0.0, 0.0)),
            Applied::Moved(_)
        ));
        assert_ne!(state.membership[1], 0);
        assert_eq!(
            state.membership[1], 2,
            "the smallest id empty before the batch"
        );
        // Node 3's proposal towards community 0 (where it saw node 0) is stale.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(3, 0, 1.0, 0.0)),
            Applied::Retry
        ));
        assert_eq!(state.membership[3], 3);
        state.end_batch();
        // In the next batch id 0 is free again, and the smallest.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(2, EMPTY, 0.0, 0.0)),
            Applied::Moved(_)
        ));
        assert_eq!(state.membership[2], 0);
    }

    #[test]
    fn proposals_whose_communities_changed_in_the_batch_are_retried() {
        // 0 and 1 are alone; 2 and 3 together; 4 alone.
        let obj = objective(5);
        let mut state = MoveState::new(&obj, vec![0, 1, 2, 2, 4]);
        // 0 and 1 each propose to join the other: applying both would swap them.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(0, 1, 1.0, 0.0)),
            Applied::Moved(_)
        ));
        // Node 1's community gained node 0: staying may now beat leaving.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(1, 0, 1.0, 0.0)),
            Applied::Retry
        ));
        assert_eq!(state.membership[..2], [1, 1]);
        // Node 2 joins community 1, which lost no node.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(2, 1, 2.0, 0.0)),
            Applied::Moved(_)
        ));
        // Node 4 counted on node 2 in community 2, which has left: retried.
        assert!(matches!(
            apply(&obj, &mut state, &proposal(4, 2, 1.0, 0.0)),
            Applied::Retry
        ));
        assert_eq!(state.membership[4], 4);
        // Proposed again from the next batch's snapshot, it goes ahead.
        state.end_batch();
        assert!(matches!(
            apply(&obj, &mut state, &proposal(4, 2, 1.0, 0.0)),
            Applied::Moved(_)
        ));
    }
}
