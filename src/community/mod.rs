//! Community detection: Leiden and Louvain, parallel and deterministic.
//!
//! # Methods
//!
//! - [`leiden()`] (Traag, Waltman and van Eck 2019, *From Louvain to Leiden: guaranteeing
//!   well-connected communities*, Scientific Reports 9, 5233): local moving of nodes,
//!   refinement of each community into well-connected sub-communities, aggregation of the
//!   *refined* partition, with the aggregate's initial partition taken from the
//!   non-refined one. Repeated until an iteration changes nothing (or
//!   [`LeidenConfig::max_iterations`]).
//! - [`louvain()`] (Blondel, Guillaume, Lambiotte and Lefebvre 2008, *Fast unfolding of
//!   communities in large networks*, J. Stat. Mech. P10008): local moving, then aggregation
//!   of the partition, level after level.
//! - [`leiden_multiplex`] and [`louvain_multiplex`]: one partition of the nodes that
//!   optimises the weighted sum of the qualities of several layers over the same nodes
//!   (the `optimise_partition_multiplex` of leidenalg, Traag; in the spirit of Mucha et al.
//!   2010, *Community structure in time-dependent, multiscale, and multiplex networks*,
//!   Science 328). See [`multiplex`].
//!
//! Both optimise one of two [`Quality`] functions: modularity with a resolution
//! parameter gamma (Reichardt and Bornholdt 2006, *Statistical mechanics of community
//! detection*, Phys. Rev. E 74, 016110), or the constant Potts model (Traag, Van Dooren and
//! Nesterov 2011). `docs/communities.md` gives the formulas.
//!
//! # Determinism at any thread count
//!
//! Local moving visits nodes in a seeded random order, in batches of a fixed size. For
//! each batch the best move of every node is computed in parallel against the state at
//! the start of the batch; the moves are then applied one by one in batch order, each
//! re-checked against the community weights as they are at that moment. Refinement works
//! on each community independently with its own random stream derived from
//! (seed, iteration, level, community). Aggregation builds each row of the aggregate in a
//! fixed order. Every floating-point sum has a fixed order. So the same graph, parameters
//! and seed give the same partition with 1, 2, 4 or any number of threads.
//!
//! The library never configures rayon's global pool: run inside `pool.install(..)` to
//! choose the number of threads.
//!
//! # Example
//!
//! ```
//! use coopnet::community::{leiden, modularity, LeidenConfig};
//! use coopnet::graph::CsrGraph;
//! // two triangles joined by one edge
//! let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 1.0), (4, 5, 1.0), (5, 3, 1.0), (2, 3, 1.0)];
//! let g = CsrGraph::from_edges(6, &edges);
//! let result = leiden(&g, &LeidenConfig::default()).unwrap();
//! assert_eq!(result.membership, vec![0, 0, 0, 1, 1, 1]);
//! assert_eq!(result.count, 2);
//! assert!((result.modularity - modularity(&g, &result.membership, 1.0).unwrap()).abs() < 1e-12);
//! ```

mod aggregate;
mod clock;
pub mod compare;
mod gather;
pub mod leiden;
pub mod louvain;
mod moving;
pub mod multiplex;
mod objective;
pub mod partition;
pub mod phases;
pub mod quality;
mod refine;

pub use compare::{adjusted_rand_index, nmi};
pub use leiden::{LeidenConfig, leiden, leiden_multiplex};
pub use louvain::{LouvainConfig, louvain, louvain_multiplex};
pub use multiplex::Layer;
pub use partition::{canonical, sizes};
pub use quality::{cpm, modularity};

use serde::Serialize;

/// The quality function that detection maximises.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "name", rename_all = "lowercase")]
pub enum Quality {
    /// Modularity with resolution gamma (Reichardt and Bornholdt 2006):
    /// `Q = 1/(2m) sum_ij (A_ij - gamma k_i k_j / (2m)) [c_i = c_j]`. Gamma 1 is Newman's
    /// modularity; larger values give more, smaller communities.
    Modularity {
        /// Gamma, finite and `>= 0`.
        resolution: f64,
    },
    /// Constant Potts model (Traag, Van Dooren and Nesterov 2011):
    /// `H = sum_c (e_c - gamma n_c (n_c - 1) / 2)`, with `e_c` the weight inside community
    /// `c` and `n_c` its number of nodes. Communities have internal density above gamma
    /// and are sparser than gamma between each other; there is no resolution limit.
    Cpm {
        /// Gamma, finite and `>= 0`, in units of edge weight.
        resolution: f64,
    },
}

/// Resolution used by [`Quality::default`] and the configs: 1, Newman's modularity.
pub const DEFAULT_RESOLUTION: f64 = 1.0;

/// Default seed of [`LeidenConfig`] and [`LouvainConfig`].
pub const DEFAULT_SEED: u64 = 42;

impl Default for Quality {
    fn default() -> Self {
        Quality::Modularity {
            resolution: DEFAULT_RESOLUTION,
        }
    }
}

impl Quality {
    /// The resolution gamma.
    pub fn resolution(&self) -> f64 {
        match *self {
            Quality::Modularity { resolution } | Quality::Cpm { resolution } => resolution,
        }
    }

    fn validate(&self) -> crate::Result<()> {
        let r = self.resolution();
        if !(r.is_finite() && r >= 0.0) {
            return Err(crate::Error::parameter(
                "resolution",
                format!("must be a finite number >= 0, got {r}"),
            ));
        }
        Ok(())
    }
}

/// Which algorithm produced a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// [`leiden()`] or [`leiden_multiplex`].
    Leiden,
    /// [`louvain()`] or [`louvain_multiplex`].
    Louvain,
}

/// Every parameter a result was computed with, so that outputs can record them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameters {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The quality function and its resolution.
    pub quality: Quality,
    /// The seed of every random choice.
    pub seed: u64,
    /// The most iterations (Leiden) or levels (Louvain) allowed.
    pub max_iterations: u32,
    /// Leiden's convergence tolerance; `None` for Louvain.
    pub tolerance: Option<f64>,
    /// Leiden's refinement randomness theta; `None` for Louvain.
    pub randomness: Option<f64>,
    /// Layer weights in multiplex mode; empty for a single graph.
    pub layer_weights: Vec<f64>,
}

/// Wall time spent in each phase, in seconds, summed over levels and iterations, and the
/// CPU time of the process in the same spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Local moving of nodes.
    pub local_moving: f64,
    /// Leiden's refinement (0 for Louvain).
    pub refinement: f64,
    /// Building aggregate graphs.
    pub aggregation: f64,
    /// The whole call, including preparation and the final quality computation.
    pub total: f64,
    /// CPU seconds of the whole process (all threads) in each phase.
    pub cpu: CpuTimings,
}

/// CPU seconds of the whole process (all threads) during each phase of [`Timings`]: on
/// Linux from the scheduler's per-thread statistics, elsewhere 0. CPU time over
/// (threads x wall time) tells how busy the threads were; it counts the short spinning
/// of idle rayon workers before they sleep, so it is an upper bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CpuTimings {
    /// Local moving of nodes.
    pub local_moving: f64,
    /// Leiden's refinement (0 for Louvain).
    pub refinement: f64,
    /// Building aggregate graphs.
    pub aggregation: f64,
    /// The whole call.
    pub total: f64,
}

impl Timings {
    /// Adds a phase's wall and CPU seconds.
    pub(crate) fn add(&mut self, phase: Phase, (wall, cpu): (f64, f64)) {
        let (w, c) = match phase {
            Phase::LocalMoving => (&mut self.local_moving, &mut self.cpu.local_moving),
            Phase::Refinement => (&mut self.refinement, &mut self.cpu.refinement),
            Phase::Aggregation => (&mut self.aggregation, &mut self.cpu.aggregation),
            Phase::Total => (&mut self.total, &mut self.cpu.total),
        };
        *w += wall;
        *c += cpu;
    }
}

/// A phase of [`Timings`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    LocalMoving,
    Refinement,
    Aggregation,
    Total,
}

/// One level of the hierarchy: the partition of the input's nodes after local moving on
/// one aggregation level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// Community of every input node at this level, numbered canonically (see [`canonical`]).
    pub membership: Vec<u32>,
    /// Number of communities at this level.
    pub count: usize,
    /// Number of nodes of the graph this level moved (input nodes or aggregates).
    pub nodes: usize,
}

/// The result of community detection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    /// Community of every node, numbered `0..count` in order of each community's first
    /// (smallest) node.
    pub membership: Vec<u32>,
    /// Number of communities.
    pub count: usize,
    /// Number of nodes in each community, indexed by community.
    pub sizes: Vec<usize>,
    /// The value of the optimised quality function (modularity with the configured
    /// resolution, or CPM; in multiplex mode the layer-weighted sum).
    pub quality: f64,
    /// Newman's modularity (resolution 1) of the partition, for comparison with other
    /// tools; in multiplex mode that of the union of the layers (weights summed).
    pub modularity: f64,
    /// Quality of each layer in multiplex mode, empty otherwise.
    pub layer_quality: Vec<f64>,
    /// The hierarchy: the partition after each level of the last iteration, finest first.
    /// Empty when the config's `record_levels` is false.
    pub levels: Vec<Level>,
    /// Number of iterations run (Leiden; 1 for Louvain).
    pub iterations: u32,
    /// Time per phase.
    pub timings: Timings,
    /// The parameters and seed used.
    pub parameters: Parameters,
}

/// Checks that every weight is finite and `>= 0`.
fn validate_weights(graph: &crate::graph::CsrGraph, what: &str) -> crate::Result<()> {
    use rayon::prelude::*;
    let Some(weights) = graph.weights() else {
        return Ok(()); // every weight is 1
    };
    let bad = weights
        .par_iter()
        .with_min_len(1 << 14)
        .find_first(|w| !(w.is_finite() && **w >= 0.0));
    if let Some(w) = bad {
        return Err(crate::Error::parameter(
            what,
            format!("edge weights must be finite and >= 0, found {w}"),
        ));
    }
    Ok(())
}
