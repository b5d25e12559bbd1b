//! The Louvain algorithm (Blondel, Guillaume, Lambiotte and Lefebvre 2008).
//!
//! Level after level: local moving (see `moving.rs`) until no node moves, then
//! aggregation of the partition into a graph with one node per community, each starting
//! alone. Stops when a level moves nothing or after [`LouvainConfig::max_levels`].
//! Communities may be disconnected (the defect that Leiden's refinement repairs).

use std::borrow::Cow;

use super::aggregate::aggregate;
use super::clock::Stopwatch;
use super::gather::Gathers;
use super::leiden::{Run, compose, detect, detect_multiplex, level_order};
use super::moving::{LOUVAIN_ROUND_TOLERANCE, MoveState, move_nodes, round_tolerance};
use super::multiplex::Layer;
use super::objective::Objective;
use super::partition::{Groups, canonical};
use super::{Algorithm, Communities, Level, Parameters, Phase, Quality, Timings};
use crate::graph::CsrGraph;
use crate::{Error, Result};

/// Default cap on aggregation levels; runs end earlier when a level moves nothing.
pub const DEFAULT_MAX_LEVELS: u32 = 32;

/// Parameters of [`louvain`] and [`louvain_multiplex`].
#[derive(Debug, Clone, PartialEq)]
pub struct LouvainConfig {
    /// The quality function maximised. Default: modularity with resolution
    /// [`super::DEFAULT_RESOLUTION`].
    pub quality: Quality,
    /// At most this many levels. Default [`DEFAULT_MAX_LEVELS`].
    pub max_levels: u32,
    /// Seed of the random node order. Default [`DEFAULT_SEED`](super::DEFAULT_SEED).
    pub seed: u64,
    /// Whether to return the partition of every level in [`Communities::levels`].
    /// Default true.
    pub record_levels: bool,
}

impl Default for LouvainConfig {
    fn default() -> Self {
        LouvainConfig {
            quality: Quality::default(),
            max_levels: DEFAULT_MAX_LEVELS,
            seed: super::DEFAULT_SEED,
            record_levels: true,
        }
    }
}

impl LouvainConfig {
    fn validate(&self) -> Result<()> {
        self.quality.validate()?;
        if self.max_levels == 0 {
            return Err(Error::parameter("max_levels", "must be at least 1"));
        }
        Ok(())
    }

    fn parameters(&self, layer_weights: Vec<f64>) -> Parameters {
        Parameters {
            algorithm: Algorithm::Louvain,
            quality: self.quality,
            seed: self.seed,
            max_iterations: self.max_levels,
            tolerance: None,
            randomness: None,
            layer_weights,
        }
    }
}

/// Finds communities of `graph` with the Louvain algorithm (module docs).
///
/// Deterministic at any thread count, like [`super::leiden()`].
///
/// # Errors
///
/// [`Error::Parameter`] for a resolution that is negative or not finite,
/// `max_levels == 0`, or edge weights that are negative or not finite.
pub fn louvain(graph: &CsrGraph, config: &LouvainConfig) -> Result<Communities> {
    config.validate()?;
    detect(
        graph,
        config.quality,
        |g, obj| run(g, obj, config),
        || config.parameters(Vec::new()),
    )
}

/// Louvain on several layers over the same nodes (see [`super::multiplex`]).
///
/// # Errors
///
/// As [`louvain`], and as [`super::leiden_multiplex`] for the layers.
pub fn louvain_multiplex(layers: &[Layer<'_>], config: &LouvainConfig) -> Result<Communities> {
    config.validate()?;
    detect_multiplex(
        layers,
        config.quality,
        |g, obj| run(g, obj, config),
        |w| config.parameters(w),
    )
}

fn run(graph: &CsrGraph, obj: &Objective, config: &LouvainConfig) -> Run {
    let n = graph.node_count();
    let mut timings = Timings::default();
    let mut level_graph: Cow<'_, CsrGraph> = Cow::Borrowed(graph);
    let mut level_obj: Cow<'_, Objective> = Cow::Borrowed(obj);
    let mut map: Option<Vec<u32>> = None;
    let mut levels = Vec::new();
    let mut level = 0u32;
    let gathers = Gathers::new();
    loop {
        let nl = level_graph.node_count();
        let t = Stopwatch::start();
        let order = level_order(nl, config.seed, 0, level);
        let mut state = MoveState::new(&level_obj, (0..nl as u32).collect());
        let tolerance = round_tolerance(n, level, LOUVAIN_ROUND_TOLERANCE);
        let moves = move_nodes(
            &level_graph,
            &level_obj,
            &mut state,
            &order,
            &gathers,
            tolerance,
        )
        .moves;
        let (moved, k) = canonical(&state.membership);
        drop(state);
        timings.add(Phase::LocalMoving, t.elapsed());
        let flat = match &map {
            Some(m) => compose(m, &moved),
            None => moved.clone(),
        };
        if config.record_levels && (moves > 0 || level == 0) {
            levels.push(Level {
                membership: flat.clone(),
                count: k,
                nodes: nl,
            });
        }
        level += 1;
        if moves == 0 || k == nl || level >= config.max_levels {
            let quality = level_obj.quality(&level_graph, &moved, k);
            let (membership, count) = canonical(&flat);
            return Run {
                membership,
                count,
                quality,
                levels,
                iterations: 1,
                timings,
            };
        }
        let t = Stopwatch::start();
        let (agg, weights) = aggregate(
            &level_graph,
            &moved,
            &Groups::of(&moved, k),
            &level_obj.node_weights,
            level_obj.k,
            &gathers,
        );
        map = Some(flat);
        level_graph = Cow::Owned(agg);
        level_obj = Cow::Owned(level_obj.with_weights(weights));
        timings.add(Phase::Aggregation, t.elapsed());
    }
}
