//! The Leiden algorithm (Traag, Waltman and van Eck 2019).
//!
//! One iteration: starting from a partition of the input's nodes, repeat on ever smaller
//! graphs
//!
//! 1. **local moving** (see `moving.rs`): move nodes to the neighbouring community
//!    that gains most, until no node moves;
//! 2. stop if every community is a single node;
//! 3. **refinement** (see `refine.rs`): split each community into well-connected
//!    sub-communities by merging singletons, with randomness theta;
//! 4. **aggregation** (see `aggregate.rs`) of the *refined* partition, each aggregate node
//!    starting in the community (from step 1) that contains it.
//!
//! Iterations repeat, each from the previous result, until one changes nothing or
//! [`LeidenConfig::max_iterations`] is reached. Communities are guaranteed connected.

use std::borrow::Cow;

use rayon::prelude::*;

use super::aggregate::aggregate;
use super::clock::Stopwatch;
use super::gather::Gathers;
use super::moving::{LEIDEN_ROUND_TOLERANCE, MoveState, move_nodes, round_tolerance};
use super::multiplex::{self, Layer};
use super::objective::Objective;
use super::partition::{canonical, sizes};
use super::refine::refine;
use super::{Algorithm, Communities, Level, Parameters, Phase, Quality, Timings, validate_weights};
use crate::graph::CsrGraph;
use crate::random::Stream;
use crate::{Error, Result};

/// Default cap on iterations. Iterations usually stop earlier, by [`DEFAULT_TOLERANCE`].
pub const DEFAULT_MAX_ITERATIONS: u32 = 10;

/// Default convergence tolerance: iterations stop once one changes the partition by
/// nothing or improves the quality by less than this fraction of its value. Small graphs
/// run until stable (Zachary's karate club reaches its optimum); on large ones the second
/// iteration typically gains about `4e-5` and ends the run.
pub const DEFAULT_TOLERANCE: f64 = 1e-4;

/// Default randomness theta of the refinement, as in the reference implementation and
/// leidenalg: small values make refinement nearly greedy. It is relative to the mean
/// weight of the edges that weigh anything (so it is leidenalg's 0.01 on an unweighted
/// graph, and scaling every weight changes nothing).
pub const DEFAULT_RANDOMNESS: f64 = 0.01;

/// Parameters of [`leiden`] and [`leiden_multiplex`].
#[derive(Debug, Clone, PartialEq)]
pub struct LeidenConfig {
    /// The quality function maximised. Default: modularity with resolution
    /// [`super::DEFAULT_RESOLUTION`].
    pub quality: Quality,
    /// At most this many iterations. Default [`DEFAULT_MAX_ITERATIONS`]; 1 gives a single
    /// pass.
    pub max_iterations: u32,
    /// Iterations end when one leaves the partition unchanged or improves the quality by
    /// at most `tolerance * |quality|`. Default [`DEFAULT_TOLERANCE`]; 0 iterates until the
    /// partition is stable (or `max_iterations`).
    pub tolerance: f64,
    /// Seed of every random choice (node order, refinement). Default [`DEFAULT_SEED`](super::DEFAULT_SEED).
    pub seed: u64,
    /// Refinement randomness theta, `> 0`. Default [`DEFAULT_RANDOMNESS`].
    pub randomness: f64,
    /// Whether to return the partition of every level in [`Communities::levels`]
    /// (`n` entries per level). Default true.
    pub record_levels: bool,
}

impl Default for LeidenConfig {
    fn default() -> Self {
        LeidenConfig {
            quality: Quality::default(),
            max_iterations: DEFAULT_MAX_ITERATIONS,
            tolerance: DEFAULT_TOLERANCE,
            seed: super::DEFAULT_SEED,
            randomness: DEFAULT_RANDOMNESS,
            record_levels: true,
        }
    }
}

impl LeidenConfig {
    /// Leiden optimising modularity at `resolution` with `seed`, the other
    /// parameters at their defaults, without recording the hierarchy of
    /// levels: what the command line and the main job run.
    ///
    /// ```
    /// use coopnet::community::{LeidenConfig, Quality};
    /// let c = LeidenConfig::modularity(1.5, 7);
    /// assert_eq!(c.quality, Quality::Modularity { resolution: 1.5 });
    /// assert_eq!((c.seed, c.record_levels), (7, false));
    /// ```
    pub fn modularity(resolution: f64, seed: u64) -> Self {
        LeidenConfig {
            quality: Quality::Modularity { resolution },
            seed,
            record_levels: false,
            ..LeidenConfig::default()
        }
    }

    fn validate(&self) -> Result<()> {
        self.quality.validate()?;
        if !(self.randomness.is_finite() && self.randomness > 0.0) {
            return Err(Error::parameter(
                "randomness",
                format!("must be finite and > 0, got {}", self.randomness),
            ));
        }
        if !(self.tolerance.is_finite() && self.tolerance >= 0.0) {
            return Err(Error::parameter(
                "tolerance",
                format!("must be finite and >= 0, got {}", self.tolerance),
            ));
        }
        if self.max_iterations == 0 {
            return Err(Error::parameter("max_iterations", "must be at least 1"));
        }
        Ok(())
    }

    fn parameters(&self, layer_weights: Vec<f64>) -> Parameters {
        Parameters {
            algorithm: Algorithm::Leiden,
            quality: self.quality,
            seed: self.seed,
            max_iterations: self.max_iterations,
            tolerance: Some(self.tolerance),
            randomness: Some(self.randomness),
            layer_weights,
        }
    }
}

/// Finds communities of `graph` with the Leiden algorithm (module docs).
///
/// Deterministic: the same graph, config and seed give the same result with any number
/// of threads. Runs on the current rayon pool (use `pool.install` to choose threads).
///
/// # Errors
///
/// [`Error::Parameter`] for a resolution that is negative or not finite, a randomness
/// that is not positive, `max_iterations == 0`, or edge weights that are negative or not
/// finite.
///
/// # Complexity
///
/// Each iteration is close to linear in the number of edges in practice.
pub fn leiden(graph: &CsrGraph, config: &LeidenConfig) -> Result<Communities> {
    config.validate()?;
    detect(
        graph,
        config.quality,
        |g, obj| run(g, obj, config),
        || config.parameters(Vec::new()),
    )
}

/// Finds one partition for several layers over the same nodes, maximising the weighted
/// sum of the layers' qualities with the Leiden algorithm (see [`super::multiplex`]).
///
/// # Errors
///
/// As [`leiden`], and [`Error::Parameter`] when there is no layer, the layers have
/// different numbers of nodes, or a layer weight is negative or not finite.
pub fn leiden_multiplex(layers: &[Layer<'_>], config: &LeidenConfig) -> Result<Communities> {
    config.validate()?;
    detect_multiplex(
        layers,
        config.quality,
        |g, obj| run(g, obj, config),
        |w| config.parameters(w),
    )
}

/// The steps either algorithm takes on one graph around its `run`: weights
/// checked, the objective built, the modularity of the result and the total
/// time reported.
pub(crate) fn detect(
    graph: &CsrGraph,
    quality: Quality,
    run: impl FnOnce(&CsrGraph, &Objective) -> Run,
    parameters: impl FnOnce() -> Parameters,
) -> Result<Communities> {
    let start = Stopwatch::start();
    validate_weights(graph, "graph")?;
    let obj = Objective::single(graph, quality);
    let mut run = run(graph, &obj);
    let modularity = super::quality::modularity(graph, &run.membership, 1.0)?;
    run.timings.add(Phase::Total, start.elapsed());
    Ok(run.into_communities(modularity, Vec::new(), parameters()))
}

/// As [`detect`], for several layers over the same nodes (see [`super::multiplex`]).
pub(crate) fn detect_multiplex(
    layers: &[Layer<'_>],
    quality: Quality,
    run: impl FnOnce(&CsrGraph, &Objective) -> Run,
    parameters: impl FnOnce(Vec<f64>) -> Parameters,
) -> Result<Communities> {
    let start = Stopwatch::start();
    let (merged, obj) = multiplex::objective(layers, quality)?;
    let mut run = run(&merged, &obj);
    let (modularity, layer_quality) = multiplex::report(layers, &run.membership, quality)?;
    run.timings.add(Phase::Total, start.elapsed());
    let weights = layers.iter().map(|l| l.weight).collect();
    Ok(run.into_communities(modularity, layer_quality, parameters(weights)))
}

/// What a run of either algorithm produces before reporting.
pub(crate) struct Run {
    pub membership: Vec<u32>,
    pub count: usize,
    pub quality: f64,
    pub levels: Vec<Level>,
    pub iterations: u32,
    pub timings: Timings,
}

impl Run {
    pub fn into_communities(
        self,
        modularity: f64,
        layer_quality: Vec<f64>,
        parameters: Parameters,
    ) -> Communities {
        let sizes = sizes(&self.membership, self.count);
        Communities {
            membership: self.membership,
            count: self.count,
            sizes,
            quality: self.quality,
            modularity,
            layer_quality,
            levels: self.levels,
            iterations: self.iterations,
            timings: self.timings,
            parameters,
        }
    }
}

/// A seed for one (iteration, level, purpose) stream: splitmix64 of the parts.
pub(crate) fn stream_seed(seed: u64, iteration: u32, level: u32, purpose: u64) -> u64 {
    let mix = crate::random::splitmix64;
    mix(seed ^ mix(((iteration as u64) << 32 | level as u64) ^ mix(purpose)))
}

/// A random permutation of `0..n` from the (seed, iteration, level) stream.
pub(crate) fn node_order(n: usize, seed: u64, iteration: u32, level: u32) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    Stream::new(stream_seed(seed, iteration, level, 1), 0, 0).shuffle(&mut order);
    order
}

/// Nodes per block of [`block_order`].
pub(crate) const BLOCK: usize = 64;

/// Levels with fewer nodes than this are visited in a random order of single nodes: their
/// arrays fit in the caches, so blocks would buy nothing, and on a graph of a few blocks
/// the seed would hardly change the order.
pub(crate) const BLOCK_ORDER_MIN: usize = 1 << 14;

/// The order local moving visits the nodes of a level in: [`node_order`] for levels under
/// [`BLOCK_ORDER_MIN`] nodes, [`block_order`] above.
pub(crate) fn level_order(n: usize, seed: u64, iteration: u32, level: u32) -> Vec<u32> {
    if n < BLOCK_ORDER_MIN {
        node_order(n, seed, iteration, level)
    } else {
        block_order(n, seed, iteration, level)
    }
}

/// A random order of the blocks of [`BLOCK`] consecutive nodes, each block in order: it
/// reads each array in runs of consecutive entries instead of one cache miss per node and
/// array.
pub(crate) fn block_order(n: usize, seed: u64, iteration: u32, level: u32) -> Vec<u32> {
    let blocks = node_order(n.div_ceil(BLOCK), seed, iteration, level);
    blocks
        .par_iter()
        .with_min_len(1 << 10)
        .flat_map_iter(|&b| {
            let first = b as usize * BLOCK;
            first as u32..(first + BLOCK).min(n) as u32
        })
        .collect()
}

/// `flat[v] = part[map[v]]`, in parallel.
pub(crate) fn compose(map: &[u32], part: &[u32]) -> Vec<u32> {
    map.par_iter()
        .with_min_len(1 << 14)
        .map(|&x| part[x as usize])
        .collect()
}

/// The refinement randomness in units of edge weight: `theta` times the mean weight of
/// the edges that weigh anything, so that scaling every weight by the same factor (which
/// changes no quality's optimum) changes nothing, edges of weight 0 change nothing
/// either, and an unweighted graph uses `theta` itself.
pub(crate) fn absolute_theta(graph: &CsrGraph, theta: f64) -> f64 {
    let Some(weights) = graph.weights() else {
        return theta;
    };
    // Fixed chunks summed in order: the same at any thread count.
    let parts: Vec<(f64, usize)> = weights
        .par_chunks(1 << 16)
        .map(|c| {
            c.iter()
                .filter(|&&w| w > 0.0)
                .fold((0.0, 0), |(s, k), &w| (s + w, k + 1))
        })
        .collect();
    let (sum, count) = parts
        .iter()
        .fold((0.0, 0), |(s, k), &(a, b)| (s + a, k + b));
    let mean = sum / count.max(1) as f64;
    if mean > 0.0 && mean.is_finite() {
        theta * mean
    } else {
        theta
    }
}

/// Graphs with at least this many nodes are renumbered by community after their first
/// local moving (see [`Renumbering`]). Below it the arrays fit in the caches and the
/// renumbering would cost more than it saves (a copy of the graph); small graphs
/// (regions, sectors) keep the partitions they had before renumbering existed.
pub(crate) const RENUMBER_MIN: usize = 1 << 16;

/// The input graph renumbered so that the nodes of each community found by the first
/// local moving are consecutive (in increasing order of their old ids).
///
/// Every phase reads, for every arc, the community of the arc's target: on a graph whose
/// node ids say nothing of its communities (as on LFR benchmarks, or organisations
/// numbered as they were loaded) these loads miss the caches. After renumbering most
/// arcs point into their own community, a short range of ids, so refinement, aggregation
/// and every later iteration read the membership arrays almost in order. The renumbering
/// depends only on the partition, so it is the same at any thread count; the result is
/// mapped back to the input's ids.
struct Renumbering {
    graph: CsrGraph,
    obj: Objective,
    /// The new id of every input node.
    new_of: Vec<u32>,
    /// The input node of every new id.
    old_of: Vec<u32>,
}

impl Renumbering {
    /// Renumbers `graph` by the communities of `membership` (ids `0..k`).
    fn new(graph: &CsrGraph, obj: &Objective, membership: &[u32], k: usize) -> Self {
        let (groups, rank) = super::partition::Groups::with_ranks(membership, k);
        let offsets = &groups.offsets[..];
        let new_of: Vec<u32> = membership
            .par_iter()
            .zip(rank.par_iter())
            .with_min_len(1 << 14)
            .map(|(&c, &r)| (offsets[c as usize] + r as usize) as u32)
            .collect();
        drop(rank);
        let old_of = groups.members;
        Renumbering {
            graph: graph.renumbered(&old_of, &new_of),
            obj: obj.renumbered(&old_of),
            new_of,
            old_of,
        }
    }

    /// `membership` of the renumbered nodes as a membership of the input's nodes,
    /// numbered canonically.
    fn back(&self, membership: &[u32]) -> (Vec<u32>, usize) {
        canonical(&compose(&self.new_of, membership))
    }
}

fn run(graph: &CsrGraph, obj: &Objective, config: &LeidenConfig) -> Run {
    let n = graph.node_count();
    let mut timings = Timings::default();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut quality = obj.quality(graph, &membership, n);
    let theta = absolute_theta(graph, config.randomness);
    let gathers = Gathers::new();
    // Large graphs: the first local moving on the input, then the renumbering by its
    // communities; the first level of the first iteration goes on from that partition.
    let mut first_moves: Option<(Vec<u32>, usize)> = None;
    let mut renumbering: Option<Renumbering> = None;
    if n >= RENUMBER_MIN {
        let t = Stopwatch::start();
        let order = level_order(n, config.seed, 0, 0);
        let mut state = MoveState::new(obj, membership.clone());
        move_nodes(
            graph,
            obj,
            &mut state,
            &order,
            &gathers,
            round_tolerance(n, 0, LEIDEN_ROUND_TOLERANCE),
        );
        drop(order);
        let (moved, k) = canonical(&state.membership);
        drop(state);
        timings.add(Phase::LocalMoving, t.elapsed());
        if k < n {
            let t = Stopwatch::start();
            let r = Renumbering::new(graph, obj, &moved, k);
            // In the new numbering the communities are consecutive runs, in order: the
            // same canonical partition.
            let moved = compose(&r.old_of, &moved);
            membership = compose(&r.old_of, &membership);
            timings.add(Phase::Aggregation, t.elapsed());
            first_moves = Some((moved, k));
            renumbering = Some(r);
        } else {
            first_moves = Some((moved, k));
        }
    }
    let (input, input_obj): (&CsrGraph, &Objective) = match &renumbering {
        Some(r) => (&r.graph, &r.obj),
        None => (graph, obj),
    };
    let mut count = n;
    let mut levels = Vec::new();
    let mut iterations = 0;
    for iteration in 0..config.max_iterations {
        iterations = iteration + 1;
        let mut level_graph: Cow<'_, CsrGraph> = Cow::Borrowed(input);
        let mut level_obj: Cow<'_, Objective> = Cow::Borrowed(input_obj);
        let mut part = membership.clone();
        let mut map: Option<Vec<u32>> = None;
        let mut these_levels = Vec::new();
        let mut level = 0u32;
        let (flat, final_count, final_quality) = loop {
            let nl = level_graph.node_count();
            let t = Stopwatch::start();
            let (moved, k) = match first_moves.take() {
                Some(done) => done,
                None => {
                    let order = level_order(nl, config.seed, iteration, level);
                    let mut state = MoveState::new(&level_obj, part);
                    let tolerance = round_tolerance(n, level, LEIDEN_ROUND_TOLERANCE);
                    move_nodes(
                        &level_graph,
                        &level_obj,
                        &mut state,
                        &order,
                        &gathers,
                        tolerance,
                    );
                    canonical(&state.membership)
                }
            };
            timings.add(Phase::LocalMoving, t.elapsed());
            let flat_now = || match &map {
                Some(m) => compose(m, &moved),
                None => moved.clone(),
            };
            if config.record_levels {
                these_levels.push(Level {
                    membership: flat_now(),
                    count: k,
                    nodes: nl,
                });
            }
            if k == nl || nl <= 1 {
                let q = level_obj.quality(&level_graph, &moved, k);
                break (flat_now(), k, q);
            }
            let t = Stopwatch::start();
            let seed = stream_seed(config.seed, iteration, level, 2);
            let refined = refine(&level_graph, &level_obj, &moved, k, theta, seed);
            // Refinement that merged nothing: aggregate the partition itself, as leidenalg
            // does, so that the levels make progress.
            let (refined, groups, next) = if refined.count() == nl {
                (moved.clone(), refined.communities, (0..k as u32).collect())
            } else {
                (refined.membership, refined.groups, refined.parent)
            };
            timings.add(Phase::Refinement, t.elapsed());
            let t = Stopwatch::start();
            let (agg, weights) = aggregate(
                &level_graph,
                &refined,
                &groups,
                &level_obj.node_weights,
                level_obj.k,
                &gathers,
            );
            drop(groups);
            map = Some(match &map {
                Some(m) => compose(m, &refined),
                None => refined,
            });
            part = next;
            level_graph = Cow::Owned(agg);
            level_obj = Cow::Owned(level_obj.with_weights(weights));
            timings.add(Phase::Aggregation, t.elapsed());
            level += 1;
        };
        let (flat, _) = canonical(&flat);
        if final_quality < quality {
            // An iteration that lowers the quality (possible in principle: moves are
            // chosen on a snapshot of the neighbours' communities) does not replace the
            // better partition; later iterations would start from the same state.
            break;
        }
        let changed = flat != membership;
        let gain = final_quality - quality;
        membership = flat;
        count = final_count;
        levels = these_levels;
        quality = final_quality;
        if !changed || (iteration > 0 && gain <= config.tolerance * quality.abs()) {
            break;
        }
    }
    if let Some(r) = &renumbering {
        membership = r.back(&membership).0;
        for level in &mut levels {
            level.membership = r.back(&level.membership).0;
        }
    }
    Run {
        membership,
        count,
        quality,
        levels,
        iterations,
        timings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Planted communities of 50 nodes whose ids are scattered (node `v` is in community
    /// `v * 7919 % n / 50`), 6 arcs inside and 1 outside per node: large enough to be
    /// renumbered.
    fn scattered_planted(n: usize, seed: u64) -> CsrGraph {
        let mut rng = Stream::new(seed, 0, 0);
        let size = 50usize;
        let of = |v: usize| v * 7919 % n / size;
        let mut members = vec![Vec::new(); n / size];
        for v in 0..n {
            members[of(v)].push(v as u32);
        }
        let mut edges = Vec::new();
        for v in 0..n {
            let mine = &members[of(v)];
            for _ in 0..3 {
                edges.push((v as u32, mine[rng.index(mine.len())], 1.0));
            }
            if rng.chance(0.5) {
                edges.push((v as u32, rng.index(n) as u32, 1.0));
            }
        }
        CsrGraph::from_edges(n, &edges)
    }

    #[test]
    fn renumbered_graphs_give_the_same_partition_at_any_thread_count() {
        let n = 70_000;
        assert!(n >= RENUMBER_MIN);
        let g = scattered_planted(n, 3);
        let config = LeidenConfig {
            seed: 5,
            ..LeidenConfig::default()
        };
        let runs: Vec<Communities> = [1, 2, 4]
            .iter()
            .map(|&t| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(t)
                    .build()
                    .unwrap();
                pool.install(|| leiden(&g, &config).unwrap())
            })
            .collect();
        for r in &runs[1..] {
            assert_eq!(r.membership, runs[0].membership);
            assert_eq!(r.quality, runs[0].quality);
        }
        let r = &runs[0];
        // Mapped back to the input's ids, canonically numbered, and as good as the
        // planted partition.
        assert_eq!(canonical(&r.membership).0, r.membership);
        let planted: Vec<u32> = (0..n).map(|v| (v * 7919 % n / 50) as u32).collect();
        let q_planted = super::super::quality::modularity(&g, &planted, 1.0).unwrap();
        assert!(
            r.modularity >= q_planted - 1e-3,
            "{} < {q_planted}",
            r.modularity
        );
        assert!(
            (r.modularity - super::super::quality::modularity(&g, &r.membership, 1.0).unwrap())
                .abs()
                < 1e-9
        );
        // The levels are mapped back too: input ids, canonical numbering.
        assert!(!r.levels.is_empty());
        for level in &r.levels {
            assert_eq!(level.membership.len(), n);
            assert_eq!(
                canonical(&level.membership),
                (level.membership.clone(), level.count)
            );
        }
    }

    #[test]
    fn small_levels_are_visited_in_an_order_that_depends_on_the_seed() {
        // 85 nodes are two blocks of 64: a block order would be one of two orders.
        let orders: std::collections::BTreeSet<Vec<u32>> =
            (0..8).map(|seed| level_order(85, seed, 0, 0)).collect();
        assert_eq!(orders.len(), 8);
        for order in &orders {
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..85).collect::<Vec<u32>>());
        }
        // Large levels: blocks of consecutive nodes.
        let n = BLOCK_ORDER_MIN + 2 * BLOCK;
        let big = level_order(n, 1, 0, 0);
        assert_eq!(big.len(), n);
        assert!(
            big.chunks(BLOCK)
                .all(|b| b.windows(2).all(|w| w[1] == w[0] + 1))
        );
    }
}
