//! The objective every phase optimises, in one form for all quality functions.
//!
//! On a graph with merged edge weights `w` (the sum of the layers in multiplex mode), each
//! node `v` carries `K` weights `a_v[k]` and each of the `K` terms a coefficient `coef[k]`.
//! The objective of a partition is
//!
//! ```text
//! H = sum_c ( E_c - sum_k coef[k] * A_c[k]^2 / 2 ),   A_c[k] = sum_{v in c} a_v[k]
//! ```
//!
//! with `E_c` the weight of the edges inside `c` (each edge and loop once). Moving a node
//! `v` (already taken out of its community) into community `c` changes `H` by
//! `w(v, c) - sum_k coef[k] a_v[k] A_c[k]` up to a term that does not depend on `c`.
//!
//! - modularity, gamma: `K = 1`, `a_v = strength`, `coef = gamma / 2m`; `H = m Q`.
//! - CPM, gamma: `K = 1`, `a_v = ` number of input nodes in `v`, `coef = gamma`;
//!   `H = sum_c (e_c - gamma n_c^2 / 2)`, which is leidenalg's CPM minus `gamma N / 2`.
//! - multiplex: layer `l` with weight `lambda_l` contributes its edges scaled by
//!   `s_l = lambda_l * mbar / m_l` and (for modularity) one term with `a = ` strength in the
//!   layer and `coef = s_l gamma / 2 m_l`, so that `H = mbar * sum_l lambda_l Q_l`.
//!
//! Gains are in units of edge weight, as in the reference implementation of Leiden, which
//! fixes the meaning of the refinement randomness theta.

use crate::graph::CsrGraph;

/// The objective's terms (the graph is passed alongside).
#[derive(Debug, Clone)]
pub(crate) struct Objective {
    /// Number of terms `K`.
    pub k: usize,
    /// `coef[k]`.
    pub coefs: Vec<f64>,
    /// Node weights, `n * K`, node-major.
    pub node_weights: Vec<f64>,
    /// Quality reported = `H / scale + offset`.
    pub scale: f64,
    /// See `scale`.
    pub offset: f64,
}

impl Objective {
    /// The objective of a partition of `graph` (any level): `H` as in the module docs,
    /// converted to the reported quality. Sums by fixed chunks of nodes, in order.
    pub fn quality(&self, graph: &CsrGraph, membership: &[u32], communities: usize) -> f64 {
        let k = self.k;
        let inside = super::quality::inside_weight(graph, membership);
        let mut vol = vec![0.0; communities * k];
        for (v, &c) in membership.iter().enumerate() {
            for t in 0..k {
                vol[c as usize * k + t] += self.node_weights[v * k + t];
            }
        }
        let mut penalty = 0.0;
        for c in 0..communities {
            for t in 0..k {
                let a = vol[c * k + t];
                penalty += self.coefs[t] * a * a / 2.0;
            }
        }
        let h = inside - penalty;
        if self.scale > 0.0 {
            h / self.scale + self.offset
        } else {
            self.offset
        }
    }

    /// The objective for one graph and a quality function.
    pub fn single(graph: &CsrGraph, quality: super::Quality) -> Self {
        match quality {
            super::Quality::Modularity { resolution } => {
                let m = graph.total_weight();
                let coef = if m > 0.0 { resolution / (2.0 * m) } else { 0.0 };
                Objective {
                    k: 1,
                    coefs: vec![coef],
                    node_weights: graph.strengths().to_vec(),
                    scale: m,
                    offset: 0.0,
                }
            }
            super::Quality::Cpm { resolution } => {
                let n = graph.node_count();
                Objective {
                    k: 1,
                    coefs: vec![resolution],
                    node_weights: vec![1.0; n],
                    scale: 1.0,
                    offset: resolution * n as f64 / 2.0,
                }
            }
        }
    }

    /// The same terms with other node weights (those of an aggregate).
    pub fn with_weights(&self, node_weights: Vec<f64>) -> Objective {
        Objective {
            k: self.k,
            coefs: self.coefs.clone(),
            node_weights,
            scale: self.scale,
            offset: self.offset,
        }
    }

    /// The weights of node `v`.
    /// The objective on the graph renumbered by `old_of` (new node `i` is old node
    /// `old_of[i]`, see `CsrGraph::renumbered`).
    pub fn renumbered(&self, old_of: &[u32]) -> Objective {
        use rayon::prelude::*;
        let k = self.k;
        let mut node_weights = vec![0.0; self.node_weights.len()];
        node_weights
            .par_chunks_mut(k.max(1))
            .zip(old_of.par_iter())
            .with_min_len(1 << 12)
            .for_each(|(out, &v)| out.copy_from_slice(self.weights_of(v as usize)));
        self.with_weights(node_weights)
    }

    #[inline]
    pub fn weights_of(&self, v: usize) -> &[f64] {
        &self.node_weights[v * self.k..(v + 1) * self.k]
    }
}
