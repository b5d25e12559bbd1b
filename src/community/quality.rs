//! Quality of any partition, computed directly from the definitions.
//!
//! These are straightforward implementations, independent of the optimisers (which track
//! qualities incrementally on aggregate graphs), and so serve to check them.
//!
//! - Modularity with resolution gamma (Newman and Girvan 2004; Reichardt and Bornholdt
//!   2006): `Q = sum_c [ e_c / m - gamma (K_c / 2m)^2 ]`, with `m` the total edge weight,
//!   `e_c` the weight of the edges inside `c` (a self-loop once) and `K_c` the sum of the
//!   strengths of its nodes (a self-loop counts twice). The same convention as igraph and
//!   NetworKit.
//! - Constant Potts model (Traag, Van Dooren and Nesterov 2011), as leidenalg's
//!   `CPMVertexPartition`: `H = sum_c [ e_c - gamma n_c (n_c - 1) / 2 ]`.
//!
//! ```
//! use coopnet::community::modularity;
//! use coopnet::graph::CsrGraph;
//! let g = CsrGraph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]);
//! assert!((modularity(&g, &[0, 0, 1, 1], 1.0).unwrap() - 0.5).abs() < 1e-12);
//! assert_eq!(modularity(&g, &[0, 0, 0, 0], 1.0).unwrap(), 0.0);
//! ```

use rayon::prelude::*;

use crate::graph::CsrGraph;
use crate::graph::csr::{ArcWeights, with_weights};
use crate::{Error, Result};

/// Nodes per chunk of the fixed-chunk parallel sums.
const CHUNK: usize = 1 << 14;

fn check(graph: &CsrGraph, membership: &[u32]) -> Result<usize> {
    if membership.len() != graph.node_count() {
        return Err(Error::parameter(
            "membership",
            format!(
                "has {} entries for a graph of {} nodes",
                membership.len(),
                graph.node_count()
            ),
        ));
    }
    Ok(membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1))
}

/// Weight inside communities, each edge and loop once; summed by fixed chunks of nodes,
/// in order, so the same at any thread count.
pub(crate) fn inside_weight(graph: &CsrGraph, membership: &[u32]) -> f64 {
    let n = graph.node_count();
    with_weights!(graph, |w| {
        let partial: Vec<f64> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let mut s = 0.0;
                for v in chunk * CHUNK..((chunk + 1) * CHUNK).min(n) {
                    let c = membership[v];
                    let range = graph.row_range(v as u32);
                    for (&u, x) in graph.targets()[range.clone()].iter().zip(w.slice(range)) {
                        if u as usize == v {
                            s += 2.0 * x;
                        } else if membership[u as usize] == c {
                            s += x;
                        }
                    }
                }
                s
            })
            .collect();
        partial.iter().sum::<f64>() / 2.0
    })
}

/// Modularity of `membership` on `graph` with resolution `gamma` (module docs).
///
/// Community ids may be any `u32`s (sparse ids use memory up to the largest id). A graph
/// without edges has modularity 0.
///
/// # Errors
///
/// [`Error::Parameter`] if `membership` does not have one entry per node.
pub fn modularity(graph: &CsrGraph, membership: &[u32], gamma: f64) -> Result<f64> {
    let (membership, count) = ids(graph, membership)?;
    let m = graph.total_weight();
    if m <= 0.0 {
        return Ok(0.0);
    }
    let mut volume = vec![0.0; count];
    for (v, &c) in membership.iter().enumerate() {
        volume[c as usize] += graph.strength(v as u32);
    }
    let e = inside_weight(graph, &membership);
    let penalty: f64 = volume
        .iter()
        .map(|k| (k / (2.0 * m)) * (k / (2.0 * m)))
        .sum();
    Ok(e / m - gamma * penalty)
}

/// Constant Potts model quality of `membership` on `graph` with resolution `gamma`
/// (module docs), each node counting as one.
///
/// # Errors
///
/// [`Error::Parameter`] if `membership` does not have one entry per node.
pub fn cpm(graph: &CsrGraph, membership: &[u32], gamma: f64) -> Result<f64> {
    let (membership, count) = ids(graph, membership)?;
    let mut size = vec![0.0f64; count];
    for &c in membership.iter() {
        size[c as usize] += 1.0;
    }
    let e = inside_weight(graph, &membership);
    Ok(e - gamma * size.iter().map(|n| n * (n - 1.0) / 2.0).sum::<f64>())
}

/// The membership with dense ids (canonical when the given ids are sparse).
fn ids<'a>(
    graph: &CsrGraph,
    membership: &'a [u32],
) -> Result<(std::borrow::Cow<'a, [u32]>, usize)> {
    let max = check(graph, membership)?;
    if max <= membership.len().saturating_mul(4).max(1024) {
        Ok((std::borrow::Cow::Borrowed(membership), max))
    } else {
        let (m, count) = super::partition::canonical(membership);
        Ok((std::borrow::Cow::Owned(m), count))
    }
}
