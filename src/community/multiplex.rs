//! Multiplex mode: one partition for several layers over the same nodes.
//!
//! A cooperation network with one layer per sector is a multiplex network: the same
//! organisations, different kinds of links. Summing the layers into one graph lets the
//! busiest sector decide the communities. Instead, the partition maximises the weighted
//! sum of the qualities of the layers,
//!
//! ```text
//! Q_multiplex = sum_l lambda_l Q_l(P)
//! ```
//!
//! with `Q_l` the quality of the partition in layer `l` alone (modularity of layer `l`,
//! with its own total weight and strengths, or CPM on layer `l`) and `lambda_l >= 0` the
//! layer's weight. This is the sum that leidenalg's `Optimiser.optimise_partition_multiplex`
//! (Traag) optimises, and the multislice modularity of Mucha, Richardson, Macon, Porter and
//! Onnela (2010) for slices that share one partition (infinite interslice coupling).
//!
//! Because each `Q_l` is normalised by its own layer's total weight, a small sector with
//! weight 1 counts as much as a big one; set `lambda_l` proportional to the layer's total
//! weight to get the unnormalised sum instead.
//!
//! Local moving and refinement work on the sum of the scaled layers plus one null-model
//! term per layer, so a move costs about the same as on a single graph (see
//! `objective.rs`).

use super::objective::Objective;
use super::Quality;
use crate::graph::CsrGraph;
use crate::{Error, Result};

/// One layer of a multiplex network, with its weight `lambda` in the sum of qualities.
#[derive(Debug, Clone, Copy)]
pub struct Layer<'a> {
    /// The layer's graph, over the same nodes as the other layers.
    pub graph: &'a CsrGraph,
    /// `lambda >= 0`, finite.
    pub weight: f64,
}

/// The merged graph and the objective of the multiplex quality.
pub(crate) fn objective(layers: &[Layer<'_>], quality: Quality) -> Result<(CsrGraph, Objective)> {
    let Some(first) = layers.first() else {
        return Err(Error::parameter("layers", "at least one layer is needed"));
    };
    let n = first.graph.node_count();
    for (i, l) in layers.iter().enumerate() {
        if l.graph.node_count() != n {
            return Err(Error::parameter(
                "layers",
                format!("layer {i} has {} nodes, layer 0 has {n}", l.graph.node_count()),
            ));
        }
        if !(l.weight.is_finite() && l.weight >= 0.0) {
            return Err(Error::parameter("layer weight", format!("layer {i}: must be finite and >= 0, got {}", l.weight)));
        }
        super::validate_weights(l.graph, "layers")?;
    }
    let k_layers = layers.len();
    match quality {
        Quality::Modularity { resolution } => {
            let used: Vec<f64> = layers.iter().map(|l| l.graph.total_weight()).filter(|&m| m > 0.0).collect();
            let mbar = if used.is_empty() { 1.0 } else { used.iter().sum::<f64>() / used.len() as f64 };
            let mut edges = Vec::new();
            let mut coefs = Vec::with_capacity(k_layers);
            for l in layers {
                let m = l.graph.total_weight();
                let s = if m > 0.0 { l.weight * mbar / m } else { 0.0 };
                coefs.push(if m > 0.0 { s * resolution / (2.0 * m) } else { 0.0 });
                if s > 0.0 {
                    edges.extend(l.graph.edges().map(|(u, v, w)| (u, v, w * s)));
                }
            }
            let mut node_weights = vec![0.0; n * k_layers];
            for (t, l) in layers.iter().enumerate() {
                for (v, &a) in l.graph.strengths().iter().enumerate() {
                    node_weights[v * k_layers + t] = a;
                }
            }
            let merged = CsrGraph::from_edges(n, &edges);
            Ok((merged, Objective { k: k_layers, coefs, node_weights, scale: mbar, offset: 0.0 }))
        }
        Quality::Cpm { resolution } => {
            let total: f64 = layers.iter().map(|l| l.weight).sum();
            let mut edges = Vec::new();
            for l in layers {
                if l.weight > 0.0 {
                    edges.extend(l.graph.edges().map(|(u, v, w)| (u, v, w * l.weight)));
                }
            }
            let merged = CsrGraph::from_edges(n, &edges);
            let obj = Objective {
                k: 1,
                coefs: vec![resolution * total],
                node_weights: vec![1.0; n],
                scale: 1.0,
                offset: resolution * total * n as f64 / 2.0,
            };
            Ok((merged, obj))
        }
    }
}

/// Modularity of the union of the layers (weights summed, unscaled) and each layer's
/// quality.
pub(crate) fn report(layers: &[Layer<'_>], membership: &[u32], quality: Quality) -> Result<(f64, Vec<f64>)> {
    let mut per_layer = Vec::with_capacity(layers.len());
    for l in layers {
        per_layer.push(match quality {
            Quality::Modularity { resolution } => super::quality::modularity(l.graph, membership, resolution)?,
            Quality::Cpm { resolution } => super::quality::cpm(l.graph, membership, resolution)?,
        });
    }
    let n = membership.len();
    let edges: Vec<(u32, u32, f64)> = layers.iter().flat_map(|l| l.graph.edges()).collect();
    let union = CsrGraph::from_edges(n, &edges);
    Ok((super::quality::modularity(&union, membership, 1.0)?, per_layer))
}
