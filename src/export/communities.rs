//! Communities ([`crate::community`]) as `node,community` CSV and as one JSON
//! document, the same from `coopnet communities --format json` and from the
//! main job's `communities.json`.
//!
//! The JSON object has, in this order:
//!
//! | field | what |
//! |---|---|
//! | `input` | what was partitioned: a dataset folder with its projection, or an edge-list file |
//! | `projection` | `participants`, `clusters` or `regions`; absent for an edge list |
//! | `nodes`, `edges` | size of the graph |
//! | `modularity` | Newman's modularity (resolution 1) |
//! | `quality` | the optimised quality (modularity at the resolution, or CPM) |
//! | `communities` | how many |
//! | `sizes` | nodes per community, by community id |
//! | `seed`, `parameters`, `iterations` | how they were found |
//! | `layers` | per sector layer, its weight and quality (multiplex only) |
//! | `comparison` | agreement with a reference partition (only when one was given) |
//! | `levels` | the hierarchy, finest first: `count`, `graph_nodes`, `membership` |
//! | `membership` | `node` and `community` of every node |
//!
//! No timing is written, so the same input, options and seed give the same
//! bytes at any thread count.

use std::path::Path;

use serde::Serialize;

use super::escape::csv_field;
use crate::community::{Communities, Parameters};
use crate::error::Result;
use crate::graph::Projection;

/// `node,community` rows, with a header.
pub fn membership_csv(names: &[String], membership: &[u32]) -> String {
    let mut s = String::with_capacity(names.len() * 16 + 16);
    s.push_str("node,community\n");
    for (name, c) in names.iter().zip(membership) {
        s.push_str(&csv_field(name));
        s.push(',');
        s.push_str(&c.to_string());
        s.push('\n');
    }
    s
}

/// How a dataset's projection is described in `input`:
/// `datasets/demo (regions projection)`, with the year of the network when it
/// is that of one year (`tests/data/years (regions projection, network of 2019)`).
pub fn dataset_input(
    dataset: &Path,
    projection: Projection,
    between: bool,
    year: Option<i32>,
) -> String {
    format!(
        "{} ({} projection{}{})",
        dataset.display(),
        projection.name(),
        if between {
            ", links inside a node left out"
        } else {
            ""
        },
        year.map_or_else(String::new, |y| format!(", network of {y}"))
    )
}

/// What was partitioned.
#[derive(Debug, Clone, Copy)]
pub struct Partitioned<'a> {
    /// In words ([`dataset_input`], or an edge list's path).
    pub input: &'a str,
    /// The projection, for a dataset.
    pub projection: Option<Projection>,
    /// Every node's name, in graph order.
    pub names: &'a [String],
    /// Number of edges of the graph.
    pub edges: usize,
    /// The sector of each layer, in multiplex mode.
    pub layers: &'a [String],
}

/// Agreement with a reference partition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The reference partition's file.
    pub file: String,
    /// Normalised mutual information.
    pub nmi: f64,
    /// Adjusted Rand index.
    pub adjusted_rand_index: f64,
    /// Nodes in both partitions (the comparison covers only these).
    pub nodes: usize,
    /// Nodes of the result missing from the reference.
    pub missing: usize,
    /// Nodes of the reference that are not in the input.
    pub unknown: usize,
}

#[derive(Serialize)]
struct Member<'a> {
    node: &'a str,
    community: u32,
}

#[derive(Serialize)]
struct LevelOut<'a> {
    /// Communities at this level.
    count: usize,
    /// Nodes of the graph moved at this level (input nodes or aggregates).
    graph_nodes: usize,
    /// Community of each node, in the order of `membership`.
    membership: &'a [u32],
}

#[derive(Serialize)]
struct LayerOut<'a> {
    sector: &'a str,
    weight: f64,
    quality: f64,
}

#[derive(Serialize)]
struct Document<'a> {
    input: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    projection: Option<&'static str>,
    nodes: usize,
    edges: usize,
    modularity: f64,
    quality: f64,
    communities: usize,
    sizes: &'a [usize],
    seed: u64,
    parameters: &'a Parameters,
    iterations: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    layers: Vec<LayerOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<&'a Comparison>,
    levels: Vec<LevelOut<'a>>,
    membership: Vec<Member<'a>>,
}

/// The JSON document of `found` on `what` (see the module docs).
pub fn to_json(
    what: &Partitioned<'_>,
    found: &Communities,
    cmp: Option<&Comparison>,
) -> Result<String> {
    let doc = Document {
        input: what.input,
        projection: what.projection.map(Projection::name),
        nodes: what.names.len(),
        edges: what.edges,
        modularity: found.modularity,
        quality: found.quality,
        communities: found.count,
        sizes: &found.sizes,
        seed: found.parameters.seed,
        parameters: &found.parameters,
        iterations: found.iterations,
        layers: what
            .layers
            .iter()
            .zip(&found.layer_quality)
            .zip(
                found
                    .parameters
                    .layer_weights
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(1.0)),
            )
            .map(|((sector, &quality), weight)| LayerOut {
                sector,
                weight,
                quality,
            })
            .collect(),
        comparison: cmp,
        levels: found
            .levels
            .iter()
            .map(|l| LevelOut {
                count: l.count,
                graph_nodes: l.nodes,
                membership: &l.membership,
            })
            .collect(),
        membership: what
            .names
            .iter()
            .zip(&found.membership)
            .map(|(node, &community)| Member { node, community })
            .collect(),
    };
    super::json::pretty(&doc)
}
