//! Local moving of nodes, parallel and deterministic.
//!
//! Nodes are visited in a given order, in batches of [`BATCH`]. Within a batch the best
//! move of every active node is computed in parallel against the state at the start of
//! the batch (nothing is written during that phase). The proposed moves are then applied
//! sequentially in batch order, each re-checked with the community weights of the moment
//! (the neighbour weights are those of the snapshot). Finally the neighbours of the moved
//! nodes that are outside their new community are marked active. A round visits the
//! order once; rounds repeat until no node is active (Leiden's queue, as a set with a
//! fixed order) or until [`MAX_ROUNDS`].
//!
//! Nothing here depends on the number of threads: the batch boundaries, the order of
//! application and every floating-point sum are fixed.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::objective::Objective;
use crate::graph::CsrGraph;

/// Most nodes per batch of parallel move computations. The batch size of a round is the
/// number of active nodes at its start divided by [`BATCH_DIVISOR`], between 1 and this:
/// it depends only on the state, never on the number of threads. Small batches near the
/// end make the last moves exact (as sequential local moving), which ends oscillations
/// between stale decisions.
pub(crate) const BATCH: usize = 4096;

/// See [`BATCH`].
const BATCH_DIVISOR: usize = 32;

/// Nodes per parallel task within a batch.
const CHUNK: usize = 128;

/// Rounds over the node order before local moving stops even if nodes are still active.
pub(crate) const MAX_ROUNDS: usize = 64;

/// A move is applied only if it gains more than this fraction of the node's weight to
/// its neighbours: protects against loops on rounding noise.
const REL_EPS: f64 = 1e-12;

/// Sentinel target: a new, empty community.
const EMPTY: u32 = u32::MAX;

/// A sparse accumulator of edge weight per community, dense over community ids.
#[derive(Debug, Default)]
pub(crate) struct Accumulator {
    pub weight: Vec<f64>,
    pub touched: Vec<u32>,
}

impl Accumulator {
    fn with_size(n: usize) -> Self {
        Accumulator {
            weight: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    #[inline]
    pub fn add(&mut self, c: u32, w: f64) {
        let slot = &mut self.weight[c as usize];
        if *slot == 0.0 {
            self.touched.push(c);
        }
        *slot += w;
    }

    #[inline]
    pub fn clear(&mut self) {
        for &c in &self.touched {
            self.weight[c as usize] = 0.0;
        }
        self.touched.clear();
    }
}

/// One accumulator per thread of the current rayon pool.
pub(crate) struct Accumulators {
    slots: Vec<Mutex<Accumulator>>,
    size: usize,
}

impl Accumulators {
    /// Accumulators over `size` community ids, one per thread of the current pool.
    pub fn new(size: usize) -> Self {
        let threads = rayon::current_num_threads().max(1);
        Accumulators {
            slots: (0..threads)
                .map(|_| Mutex::new(Accumulator::default()))
                .collect(),
            size,
        }
    }

    /// Runs `f` with the calling thread's accumulator.
    pub fn with<R>(&self, f: impl FnOnce(&mut Accumulator) -> R) -> R {
        let i = rayon::current_thread_index().unwrap_or(0) % self.slots.len();
        let mut guard = self.slots[i].lock().unwrap_or_else(|e| e.into_inner());
        if guard.weight.len() < self.size {
            *guard = Accumulator::with_size(self.size);
        }
        f(&mut guard)
    }
}

/// The partition being improved, with the weights of each community.
pub(crate) struct MoveState {
    /// Community of each node.
    pub membership: Vec<u32>,
    /// `A_c[k]`, community-major, `n * K`.
    pub volume: Vec<f64>,
    /// Nodes per community.
    pub count: Vec<u32>,
    /// Empty community ids, used as a stack.
    empty: Vec<u32>,
}

impl MoveState {
    /// The state of `membership` (ids `< n`) on a graph of `n` nodes.
    pub fn new(obj: &Objective, membership: Vec<u32>) -> Self {
        let n = membership.len();
        let k = obj.k;
        let mut volume = vec![0.0; n * k];
        let mut count = vec![0u32; n];
        for (v, &c) in membership.iter().enumerate() {
            count[c as usize] += 1;
            for t in 0..k {
                volume[c as usize * k + t] += obj.node_weights[v * k + t];
            }
        }
        // Reverse order so that the smallest empty id is used first.
        let empty = (0..n as u32)
            .rev()
            .filter(|&c| count[c as usize] == 0)
            .collect();
        MoveState {
            membership,
            volume,
            count,
            empty,
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

/// Rows up to this long gather neighbour communities in a small local list (linear
/// search, cache-friendly); longer rows use the dense per-thread accumulator.
const SMALL: usize = 32;

/// The best move of `v` against the current state, if it gains. Candidates are the
/// communities of the neighbours in order of first appearance in the row (ties go to the
/// first), whichever way they are gathered.
#[inline]
fn propose(
    graph: &CsrGraph,
    obj: &Objective,
    state: &MoveState,
    v: u32,
    acc: &mut Accumulator,
) -> Option<Proposal> {
    let (targets, weights) = graph.row(v);
    let mut total = 0.0;
    if targets.len() <= SMALL {
        let mut comms = [0u32; SMALL];
        let mut ws = [0f64; SMALL];
        let mut k = 0;
        for (&u, &w) in targets.iter().zip(weights) {
            if u == v {
                continue;
            }
            total += w;
            let c = state.membership[u as usize];
            let mut i = 0;
            while i < k && comms[i] != c {
                i += 1;
            }
            if i == k {
                comms[k] = c;
                ws[k] = 0.0;
                k += 1;
            }
            ws[i] += w;
        }
        choose(obj, state, v, total, &comms[..k], |i| ws[i])
    } else {
        for (&u, &w) in targets.iter().zip(weights) {
            if u != v {
                acc.add(state.membership[u as usize], w);
                total += w;
            }
        }
        let weight = &acc.weight;
        let touched = &acc.touched;
        let p = choose(obj, state, v, total, touched, |i| {
            weight[touched[i] as usize]
        });
        acc.clear();
        p
    }
}

/// The best of the candidate communities `comms` (with edge weight `w(i)` from `v` to
/// `comms[i]`), if it gains over staying.
#[inline]
fn choose(
    obj: &Objective,
    state: &MoveState,
    v: u32,
    total: f64,
    comms: &[u32],
    w: impl Fn(usize) -> f64,
) -> Option<Proposal> {
    if comms.is_empty() {
        return None;
    }
    let k = obj.k;
    let vi = v as usize;
    let cur = state.membership[vi];
    let ci = cur as usize;
    let a_v = obj.weights_of(vi);
    // Score of staying: the current community without v.
    let p_cur = penalty_without(&obj.coefs, a_v, &state.volume[ci * k..(ci + 1) * k]);
    let w_current = comms.iter().position(|&c| c == cur).map_or(0.0, &w);
    let stay = w_current - p_cur;
    let mut best = cur;
    let mut best_score = stay;
    let mut w_best = w_current;
    for (i, &c) in comms.iter().enumerate() {
        if c == cur {
            continue;
        }
        let wc = w(i);
        let score = wc
            - penalty(
                &obj.coefs,
                a_v,
                &state.volume[c as usize * k..(c as usize + 1) * k],
            );
        if score > best_score {
            best = c;
            best_score = score;
            w_best = wc;
        }
    }
    // A new community of its own: score 0.
    if state.count[ci] > 1 && 0.0 > best_score {
        best = EMPTY;
        best_score = 0.0;
        w_best = 0.0;
    }
    if best != cur && best_score - stay > REL_EPS * total {
        Some(Proposal {
            node: v,
            target: best,
            w_target: w_best,
            w_current,
        })
    } else {
        None
    }
}

/// Applies `p` if it still gains with the community weights of now. Returns whether it
/// moved.
#[inline]
fn apply(obj: &Objective, state: &mut MoveState, p: &Proposal) -> bool {
    let k = obj.k;
    let v = p.node as usize;
    let cur = state.membership[v];
    let ci = cur as usize;
    let a_v = obj.weights_of(v);
    let p_cur = penalty_without(&obj.coefs, a_v, &state.volume[ci * k..(ci + 1) * k]);
    let stay = p.w_current - p_cur;
    let target = if p.target == EMPTY {
        if state.count[ci] <= 1 || 0.0 - stay <= 0.0 {
            return false;
        }
        match state.empty.pop() {
            Some(c) => c,
            None => return false,
        }
    } else {
        let c = p.target as usize;
        let score = p.w_target - penalty(&obj.coefs, a_v, &state.volume[c * k..(c + 1) * k]);
        if score - stay <= REL_EPS * p.w_target.abs().max(p.w_current.abs()) {
            return false;
        }
        // The target emptied since the snapshot (its nodes moved earlier in this batch, as
        // when two singletons propose to join each other): the proposal is stale.
        if state.count[c] == 0 {
            return false;
        }
        p.target
    };
    let ti = target as usize;
    for (t, &a) in a_v.iter().enumerate() {
        state.volume[ci * k + t] -= a;
        state.volume[ti * k + t] += a;
    }
    state.count[ci] -= 1;
    state.count[ti] += 1;
    if state.count[ci] == 0 {
        // Exact zero avoids drift in empty communities.
        for t in 0..k {
            state.volume[ci * k + t] = 0.0;
        }
        state.empty.push(cur);
    }
    state.membership[v] = target;
    true
}

/// Local moving of every node of `graph` from the partition in `state`, visiting nodes in
/// `order` (a permutation of the nodes). Returns the number of moves applied.
pub(crate) fn move_nodes(
    graph: &CsrGraph,
    obj: &Objective,
    state: &mut MoveState,
    order: &[u32],
    accs: &Accumulators,
) -> usize {
    let n = graph.node_count();
    let active: Vec<AtomicBool> = (0..n).map(|_| AtomicBool::new(true)).collect();
    let mut moves = 0usize;
    let mut batch_nodes: Vec<u32> = Vec::with_capacity(BATCH);
    let mut moved: Vec<u32> = Vec::with_capacity(BATCH);
    let mut active_count = n;
    for _round in 0..MAX_ROUNDS {
        let mut round_moves = 0usize;
        let mut visited = 0usize;
        let batch_size = (active_count / BATCH_DIVISOR).clamp(1, BATCH);
        for batch in order.chunks(batch_size) {
            batch_nodes.clear();
            for &v in batch {
                if active[v as usize].load(Ordering::Relaxed) {
                    active[v as usize].store(false, Ordering::Relaxed);
                    batch_nodes.push(v);
                }
            }
            if batch_nodes.is_empty() {
                continue;
            }
            visited += batch_nodes.len();
            let snapshot: &MoveState = state;
            let proposals: Vec<Proposal> = if batch_nodes.len() <= CHUNK {
                accs.with(|acc| {
                    batch_nodes
                        .iter()
                        .filter_map(|&v| propose(graph, obj, snapshot, v, acc))
                        .collect()
                })
            } else {
                batch_nodes
                    .par_chunks(CHUNK)
                    .flat_map_iter(|chunk| {
                        accs.with(|acc| {
                            chunk
                                .iter()
                                .filter_map(|&v| propose(graph, obj, snapshot, v, acc))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect()
            };
            moved.clear();
            for p in &proposals {
                if apply(obj, state, p) {
                    moved.push(p.node);
                }
            }
            round_moves += moved.len();
            // Wake the neighbours that are not in the node's new community.
            let membership = &state.membership;
            let wake = |v: u32| {
                let c = membership[v as usize];
                for &u in graph.row(v).0 {
                    if membership[u as usize] != c {
                        active[u as usize].store(true, Ordering::Relaxed);
                    }
                }
            };
            if moved.len() <= CHUNK {
                moved.iter().for_each(|&v| wake(v));
            } else {
                moved.par_iter().with_min_len(CHUNK).for_each(|&v| wake(v));
            }
        }
        moves += round_moves;
        if visited == 0 || round_moves == 0 {
            break;
        }
        active_count = active
            .par_iter()
            .with_min_len(1 << 14)
            .filter(|a| a.load(Ordering::Relaxed))
            .count();
    }
    moves
}
